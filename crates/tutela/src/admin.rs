//! First-install administration: `operator create`, `staff add` and `token issue`.
//!
//! These let an installation get its first operator and administrator without the demo or the API.
//! They act as `system:cli` in the journal. Secrets never travel through argv, where other local
//! users could read them in the process list: a password comes from standard input (or is generated
//! and printed once), and a token's secret is printed once and never stored.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, bail};
use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_core::staff::{Password, Roles, StaffEmail};
use tutela_db::{NewStaff, NewToken, secrets};

use crate::cli::{AddStaffArgs, CreateOperatorArgs, IssueTokenArgs};
use crate::db;

/// The actor the journal records for these commands.
fn cli_actor() -> Actor {
    Actor::system("cli")
}

/// Runs `tutela operator create`.
pub async fn create_operator(args: CreateOperatorArgs) -> anyhow::Result<ExitCode> {
    let slug = OperatorSlug::parse(args.slug.trim())?;
    let name = OperatorName::parse(&args.name)?;
    let store = db::open_args(&args.db).await?;
    let operator = store
        .create_operator(&slug, &name, &cli_actor())
        .await
        .with_context(|| format!("cannot create operator {slug}"))?;
    store.close().await;
    println!("created operator {} ({}), id {}", operator.slug, operator.name.as_str(), operator.id);
    Ok(ExitCode::SUCCESS)
}

/// Runs `tutela staff add`.
pub async fn add_staff(args: AddStaffArgs) -> anyhow::Result<ExitCode> {
    let email = StaffEmail::parse(&args.email)?;
    let roles = Roles::parse_list(&args.roles)?;
    let display_name = display_name(args.display_name.as_deref(), &email)?;
    let (password, generated) = if args.password_stdin {
        (read_password(std::io::stdin().lock())?, false)
    } else {
        (generated_password()?, true)
    };
    let store = db::open_existing(&args.db).await?;
    let operator = db::operator(&store, &args.operator).await?;
    let new = NewStaff { email, display_name, roles };
    let member = store
        .create_staff(&operator.id, &new, &password, &cli_actor())
        .await
        .with_context(|| format!("cannot add {} to operator {}", new.email, operator.slug))?;
    store.close().await;
    println!(
        "added {} to operator {} with roles {}, id {}",
        member.email,
        operator.slug,
        member.roles.to_list(),
        member.id
    );
    if generated {
        println!("password (shown once): {}", password.expose());
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `tutela token issue`: the secret alone on standard output, so `$(tutela token issue ...)`
/// captures exactly it, and a description on standard error.
pub async fn issue_token(args: IssueTokenArgs) -> anyhow::Result<ExitCode> {
    let roles = Roles::parse_list(&args.roles)?;
    let name = args.name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        bail!("invalid token name {:?}: expected printable text saying what the token is for", args.name);
    }
    let store = db::open_existing(&args.db).await?;
    let operator = db::operator(&store, &args.operator).await?;
    let new = NewToken { name: name.to_owned(), roles, staff_id: None, expires_at: None };
    let (token, secret) = store
        .issue_token(&operator.id, &new, &cli_actor())
        .await
        .with_context(|| format!("cannot issue a token for operator {}", operator.slug))?;
    store.close().await;
    eprintln!(
        "issued token {:?} (id {}) for operator {} with roles {}; its secret follows and is not shown again",
        token.name,
        token.id,
        operator.slug,
        token.roles.to_list()
    );
    println!("{secret}");
    Ok(ExitCode::SUCCESS)
}

/// The display name given, or the e-mail's local part.
fn display_name(given: Option<&str>, email: &StaffEmail) -> anyhow::Result<String> {
    let name = given.map(str::trim).unwrap_or_else(|| email.as_str().split('@').next().unwrap_or_default());
    if name.is_empty() || name.chars().any(char::is_control) {
        bail!("invalid display name {:?}: expected printable text", given.unwrap_or_default());
    }
    Ok(name.to_owned())
}

/// The first line of `input`, without its line ending, as a password.
pub fn read_password(mut input: impl BufRead) -> anyhow::Result<Password> {
    let mut line = String::new();
    input.read_line(&mut line).context("cannot read the password from standard input")?;
    let password = line.strip_suffix('\n').map(|rest| rest.strip_suffix('\r').unwrap_or(rest)).unwrap_or(&line);
    if password.is_empty() {
        bail!(
            "no password on standard input: pipe one in, e.g. `printf '%s\\n' \"$PASSWORD\" | tutela staff add ... --password-stdin`"
        );
    }
    Ok(Password::parse(password)?)
}

/// A random password of 43 URL-safe characters (256 bits), for when none was piped in.
fn generated_password() -> anyhow::Result<Password> {
    let token = secrets::new_token();
    let random = token.strip_prefix(secrets::TOKEN_PREFIX).unwrap_or(&token);
    Ok(Password::parse(random)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_come_from_the_first_line() {
        assert_eq!(read_password(&b"correct horse\r\nnext"[..]).unwrap().expose(), "correct horse");
        assert_eq!(read_password(&b" spaced out "[..]).unwrap().expose(), " spaced out ");
        assert!(read_password(&b"\n"[..]).is_err());
        assert!(read_password(&b"short\n"[..]).unwrap_err().to_string().contains("too short"));
    }

    #[test]
    fn display_names_default_to_the_local_part() {
        let email = StaffEmail::parse("olga@kursy.example").unwrap();
        assert_eq!(display_name(None, &email).unwrap(), "olga");
        assert_eq!(display_name(Some(" Olga S. "), &email).unwrap(), "Olga S.");
        assert!(display_name(Some(" "), &email).is_err());
    }
}
