//! Opening the database named by `--data-dir` / `--database` / `TUTELA_DATABASE_URL`.
//!
//! The environment variable is a default for `--database`, read only when neither flag is given, so
//! a deployment can set it once while `--data-dir` on the command line still wins.

use std::path::PathBuf;

use anyhow::{Context, bail};
use tutela_db::{Db, DbError, Location, Operator, SQLITE_FILE};

use crate::cli::{DATABASE_URL_ENV, DEFAULT_DATA_DIR, DbArgs};

/// The location the arguments (or the environment) name.
pub fn location(args: &DbArgs) -> Location {
    location_with_env(args, std::env::var(DATABASE_URL_ENV).ok())
}

/// [`location`] with the environment variable's value passed in (for tests).
fn location_with_env(args: &DbArgs, env_url: Option<String>) -> Location {
    match (&args.data_dir, &args.database) {
        (Some(dir), _) => Location::DataDir(dir.clone()),
        (None, Some(url)) => Location::Url(url.clone()),
        (None, None) => match env_url.filter(|url| !url.trim().is_empty()) {
            Some(url) => Location::Url(url),
            None => Location::DataDir(PathBuf::from(DEFAULT_DATA_DIR)),
        },
    }
}

/// Opens (and migrates) the database at `location`. The error names the location, never a password,
/// and says what to check when the server did not answer at all.
pub async fn open(location: &Location) -> anyhow::Result<Db> {
    match Db::open(location).await {
        Ok(db) => Ok(db),
        Err(error @ DbError::Open { source: sqlx::Error::PoolTimedOut, .. }) => {
            bail!(
                "{error} (no connection could be made: is the database server running and reachable at that address?)"
            )
        }
        Err(error) => Err(error).with_context(|| format!("cannot open database {}", location.display())),
    }
}

/// Opens the database the arguments name, creating it if needed (`serve`, `operator create`).
pub async fn open_args(args: &DbArgs) -> anyhow::Result<Db> {
    open(&location(args)).await
}

/// Opens the database the arguments name, refusing a SQLite database that does not exist yet, so a
/// mistyped `--data-dir` is reported instead of silently creating an empty database (which would
/// then, say, "verify" without finding anything to check).
pub async fn open_existing(args: &DbArgs) -> anyhow::Result<Db> {
    let location = location(args);
    if let Some(file) = sqlite_file(&location).filter(|file| !file.exists()) {
        bail!(
            "no Tutela database at {}: check --data-dir / --database, or create one with `tutela operator create`",
            file.display()
        );
    }
    open(&location).await
}

/// The SQLite file a location names, if it names one.
fn sqlite_file(location: &Location) -> Option<PathBuf> {
    match location {
        Location::DataDir(dir) => Some(dir.join(SQLITE_FILE)),
        Location::Url(url) => url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .map(|path| PathBuf::from(path.split('?').next().unwrap_or(path))),
    }
}

/// The operator with this slug, or an error naming the slug.
pub async fn operator(db: &Db, slug: &str) -> anyhow::Result<Operator> {
    db.operator_by_slug(slug)
        .await
        .with_context(|| format!("cannot look up operator {slug:?}"))?
        .with_context(|| format!("unknown operator {slug:?}: create it with `tutela operator create`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(data_dir: Option<&str>, database: Option<&str>) -> DbArgs {
        DbArgs { data_dir: data_dir.map(PathBuf::from), database: database.map(str::to_owned) }
    }

    #[test]
    fn flags_win_over_the_environment() {
        let env = || Some("postgres://env/db".to_owned());
        assert_eq!(location_with_env(&args(Some("d"), None), env()), Location::DataDir("d".into()));
        assert_eq!(location_with_env(&args(None, Some("sqlite://x")), env()), Location::Url("sqlite://x".into()));
        assert_eq!(location_with_env(&args(None, None), env()), Location::Url("postgres://env/db".into()));
        assert_eq!(location_with_env(&args(None, None), None), Location::DataDir(DEFAULT_DATA_DIR.into()));
    }

    #[test]
    fn sqlite_files_are_found_in_dirs_and_urls() {
        assert_eq!(sqlite_file(&Location::DataDir("d".into())), Some(PathBuf::from("d").join(SQLITE_FILE)));
        assert_eq!(sqlite_file(&Location::Url("sqlite:///x/t.db?mode=rwc".into())), Some(PathBuf::from("/x/t.db")));
        assert_eq!(sqlite_file(&Location::Url("postgres://h/db".into())), None);
    }
}
