//! What a location string names: a PostgreSQL database, an SQLite file, or CSV / JSON Lines files.
//!
//! URLs are recognised by their scheme; anything else is a path, and what is at the path decides:
//! an SQLite file by its header (`SQLite format 3\0`), whatever its extension; a `.csv` or `.jsonl`
//! (`.ndjson`) file by its extension; a folder by the files in it. A PostgreSQL URL is only ever
//! shown with its password removed ([`redact_url`]).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::{ConnectError, StoreKind};

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A store location, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreLocation {
    /// An SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (may hold a password: show it with [`redact_url`] only).
    Postgres(String),
    /// One CSV or JSON Lines file, or a folder of them.
    Files {
        /// [`StoreKind::Csv`] or [`StoreKind::Jsonl`].
        kind: StoreKind,
        /// The file or folder.
        path: PathBuf,
    },
}

impl StoreLocation {
    /// Resolves `text`: a URL by its scheme, a path by what is there.
    pub fn parse(text: &str) -> Result<Self, ConnectError> {
        let invalid =
            |reason: &str| ConnectError::InvalidLocation { location: text.to_owned(), reason: reason.to_owned() };
        if text.trim().is_empty() {
            return Err(invalid("it is empty: give a file, a folder, or a postgres:// or sqlite:// URL"));
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return match url::Url::parse(text) {
                Ok(_) => Ok(Self::Postgres(text.to_owned())),
                Err(error) => Err(ConnectError::InvalidLocation {
                    location: redact_url(text),
                    reason: format!("not a valid URL ({error})"),
                }),
            };
        }
        if let Some(rest) = text.strip_prefix("sqlite://").or_else(|| text.strip_prefix("sqlite:")) {
            let path = rest.split_once('?').map_or(rest, |(path, _)| path);
            return sqlite_file(Path::new(path));
        }
        if let Some((scheme, _)) = text.split_once("://") {
            return Err(ConnectError::InvalidLocation {
                location: redact_url(text),
                reason: format!("{scheme}:// is not supported: use postgres://, sqlite://, or a path"),
            });
        }
        from_path(Path::new(text))
    }

    /// The location fit to show: the path, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            Self::Sqlite(path) | Self::Files { path, .. } => path.display().to_string(),
            Self::Postgres(url) => redact_url(url),
        }
    }
}

pub use tutela_core::redact::redact_url;

fn metadata(path: &Path) -> Result<std::fs::Metadata, ConnectError> {
    std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ConnectError::NotFound { path: path.to_owned() },
        _ => ConnectError::Io { path: path.to_owned(), source },
    })
}

fn sqlite_file(path: &Path) -> Result<StoreLocation, ConnectError> {
    if metadata(path)?.is_dir() {
        return Err(ConnectError::InvalidLocation {
            location: path.display().to_string(),
            reason: "an sqlite:// URL names a database file, and this is a folder".to_owned(),
        });
    }
    Ok(StoreLocation::Sqlite(path.to_owned()))
}

fn from_path(path: &Path) -> Result<StoreLocation, ConnectError> {
    if metadata(path)?.is_dir() {
        return Ok(StoreLocation::Files { kind: folder_kind(path)?, path: path.to_owned() });
    }
    if let Some(kind) = file_kind(path) {
        return Ok(StoreLocation::Files { kind, path: path.to_owned() });
    }
    let mut header = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|file| file.take(16).read(&mut header))
        .map_err(|source| ConnectError::Io { path: path.to_owned(), source })?;
    if read == header.len() && &header == SQLITE_HEADER {
        return Ok(StoreLocation::Sqlite(path.to_owned()));
    }
    Err(ConnectError::InvalidLocation {
        location: path.display().to_string(),
        reason: "it is not an SQLite database (no SQLite header), nor a .csv or .jsonl file".to_owned(),
    })
}

/// The kind of a data file, by its extension (case-insensitive).
pub(crate) fn file_kind(path: &Path) -> Option<StoreKind> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "csv" => Some(StoreKind::Csv),
        "jsonl" | "ndjson" => Some(StoreKind::Jsonl),
        _ => None,
    }
}

/// The kind of the data files in a folder: all CSV or all JSON Lines.
fn folder_kind(path: &Path) -> Result<StoreKind, ConnectError> {
    let io = |source| ConnectError::Io { path: path.to_owned(), source };
    let mut kinds = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let entry = entry.map_err(io)?;
        if let Some(kind) = file_kind(&entry.path())
            && !kinds.contains(&kind)
        {
            kinds.push(kind);
        }
    }
    match kinds.as_slice() {
        [kind] => Ok(*kind),
        [] => Err(ConnectError::InvalidLocation {
            location: path.display().to_string(),
            reason: "the folder holds no .csv or .jsonl files".to_owned(),
        }),
        _ => Err(ConnectError::InvalidLocation {
            location: path.display().to_string(),
            reason: "the folder holds both .csv and .jsonl files: a store is one kind; introspect each file".to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_never_shown() {
        assert_eq!(redact_url("postgres://app:s3cret@db.example:5432/shop"), "postgres://app:***@db.example:5432/shop");
        assert_eq!(redact_url("postgres://app:s3cret@[bad"), "postgres://...");
        let error = StoreLocation::parse("postgres://app:s3cret@[bad/x").expect_err("malformed");
        assert!(!error.to_string().contains("s3cret"), "{error}");
    }

    #[test]
    fn schemes_and_paths() {
        assert!(matches!(StoreLocation::parse("postgresql://h/db"), Ok(StoreLocation::Postgres(_))));
        let error = StoreLocation::parse("mysql://h/db").expect_err("unsupported");
        assert!(error.to_string().contains("mysql:// is not supported"), "{error}");
        let error = StoreLocation::parse("/no/such/place.db").expect_err("missing");
        assert!(matches!(error, ConnectError::NotFound { .. }), "{error}");
        let error = StoreLocation::parse("").expect_err("empty");
        assert!(error.to_string().contains("empty"), "{error}");
    }

    #[test]
    fn files_by_header_and_extension() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello").expect("write");
        let error = StoreLocation::parse(text.to_str().expect("utf-8")).expect_err("not a store");
        assert!(error.to_string().contains("not an SQLite database"), "{error}");
        let db = dir.path().join("shop.data");
        std::fs::write(&db, b"SQLite format 3\0rest").expect("write");
        assert!(matches!(StoreLocation::parse(db.to_str().expect("utf-8")), Ok(StoreLocation::Sqlite(_))));
        std::fs::write(dir.path().join("a.csv"), "x\n1\n").expect("write");
        std::fs::write(dir.path().join("b.jsonl"), "{}\n").expect("write");
        let error = StoreLocation::parse(dir.path().to_str().expect("utf-8")).expect_err("mixed");
        assert!(error.to_string().contains("both .csv and .jsonl"), "{error}");
    }
}
