//! `tutela serve` and `tutela demo`: open the database, bind, and run the server until a signal.
//!
//! Both stop gracefully on Ctrl-C (SIGINT) or SIGTERM, the signal service managers and container
//! runtimes send: the server drains its requests and the scheduler finishes its pass before the
//! process exits 0. The URL goes to the log for `serve` and to standard output for `demo`, whose
//! banner is meant for the person who started it.

use std::process::ExitCode;

use anyhow::Context;
use tokio::net::TcpListener;
use tutela_db::{Db, Location};
use tutela_fulfil::HashKey;
use tutela_server::ServerConfig;
use tutela_server::api::requests::fulfil::FulfilmentConfig;
use tutela_server::email::SmtpConfig;
use tutela_server::scheduler::SchedulerConfig;

use crate::cli::{DemoArgs, ServeArgs, SmtpArgs};
use crate::db;
use crate::demo::{self, DemoSummary};

/// Runs `tutela serve`.
pub async fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let smtp = smtp_config(&args.smtp)?;
    let location = db::location(&args.db);
    let db = db::open(&location).await?.with_decision_cache(args.decision_cache_subjects);
    let shutdown = shutdown_signal().context("cannot install the shutdown signal handlers")?;
    let listener = bind(&args.host, args.port).await?;
    let url = base_url(&listener)?;
    tracing::info!(%url, database = %location.display(), backend = db.backend_name(), "tutela is listening");
    let mut config = server_config(!args.no_scheduler, smtp);
    config.fulfilment = FulfilmentConfig { stores_dir: args.stores_dir.clone(), hash_key: hash_key(&args.hash_key)? };
    config.public_url = public_url(args.public_url.as_deref())?;
    run_server(db, listener, config, shutdown).await
}

/// `--public-url`: an absolute `http(s)://` address, kept without a trailing slash.
fn public_url(given: Option<&str>) -> anyhow::Result<Option<String>> {
    let Some(text) = given else { return Ok(None) };
    let url = url::Url::parse(text).with_context(|| format!("--public-url {text:?} is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        anyhow::bail!("--public-url {text:?}: give an http:// or https:// address, e.g. https://privacy.example.com");
    }
    Ok(Some(text.trim_end_matches('/').to_owned()))
}

/// Runs `tutela demo`: seed (once), then serve, printing where and how to sign in.
pub async fn demo(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let smtp = smtp_config(&args.smtp)?;
    let sends_mail = smtp.is_some();
    let location = match &args.database {
        Some(url) => Location::Url(url.clone()),
        None => Location::DataDir(args.data_dir.clone()),
    };
    let db = db::open(&location).await?;
    let summary = demo::seed_demo(&db).await.context("cannot seed the demo data")?;
    demo::create_demo_stores(&args.data_dir).await?;
    let db = db.with_decision_cache(crate::cli::DEFAULT_DECISION_CACHE_SUBJECTS);
    let shutdown = shutdown_signal().context("cannot install the shutdown signal handlers")?;
    let listener = bind(&args.host, args.port).await?;
    let url = base_url(&listener)?;
    print_demo_banner(&url, &args, &summary);
    tracing::info!(%url, "tutela demo is listening");
    let mut config = server_config(true, smtp);
    config.fulfilment = FulfilmentConfig {
        stores_dir: Some(args.data_dir.join(demo::DEMO_STORES_DIR)),
        hash_key: Some(demo_hash_key(&args.data_dir)?),
    };
    config.outbox_shows_codes = !sends_mail;
    run_server(db, listener, config, shutdown).await
}

/// The `hash` masking's key from `--hash-key` / `TUTELA_HASH_KEY`, if given.
fn hash_key(secret: &Option<String>) -> anyhow::Result<Option<HashKey>> {
    secret.as_deref().map(|secret| HashKey::new(secret.as_bytes())).transpose().context("cannot use --hash-key")
}

/// The demo's hash key: made once at random and kept in the data directory, so that the demo
/// operators' erasures hash e-mail addresses the same way after a restart.
fn demo_hash_key(data_dir: &std::path::Path) -> anyhow::Result<HashKey> {
    let path = data_dir.join("hash-key");
    let secret = match std::fs::read_to_string(&path) {
        Ok(secret) => secret,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let secret = tutela_db::secrets::new_token();
            std::fs::write(&path, &secret).with_context(|| format!("cannot write {}", path.display()))?;
            secret
        }
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", path.display())),
    };
    Ok(HashKey::new(secret.trim().as_bytes())?)
}

/// The SMTP relay of `--smtp-url` and `--smtp-from`, if a URL is given; a malformed URL or sender
/// is an input error naming the flag and the value (never the password).
fn smtp_config(args: &SmtpArgs) -> anyhow::Result<Option<SmtpConfig>> {
    let from = SmtpConfig::parse_sender(&args.smtp_from).context("cannot use --smtp-from")?;
    let Some(url) = &args.smtp_url else {
        tracing::info!("e-mail notifications are off: no --smtp-url");
        return Ok(None);
    };
    Ok(Some(SmtpConfig::new(url, from).context("cannot use --smtp-url")?))
}

fn server_config(run_scheduler: bool, smtp: Option<SmtpConfig>) -> ServerConfig {
    let scheduler = SchedulerConfig { smtp, ..SchedulerConfig::default() };
    ServerConfig { run_scheduler, scheduler, ..ServerConfig::default() }
}

/// Binds `host:port`; the error names the address.
async fn bind(host: &str, port: u16) -> anyhow::Result<TcpListener> {
    TcpListener::bind((host, port)).await.with_context(|| format!("cannot listen on {host}:{port}"))
}

/// `http://host:port/` of the bound listener (with the real port when 0 was asked for).
fn base_url(listener: &TcpListener) -> anyhow::Result<String> {
    let address = listener.local_addr().context("cannot read the listening address")?;
    Ok(format!("http://{address}"))
}

/// Serves until `shutdown` resolves, then closes the database.
async fn run_server(
    db: Db,
    listener: TcpListener,
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<ExitCode> {
    let result = tutela_server::serve_with(db.clone(), listener, config, Some(tutela_web::pages), shutdown).await;
    db.close().await;
    result.context("the server stopped with an error")?;
    tracing::info!("tutela stopped");
    Ok(ExitCode::SUCCESS)
}

/// A future that resolves on SIGINT (Ctrl-C) or SIGTERM. The handlers are registered at once, before
/// the URL is printed, so a signal sent as soon as it appears stops the server gracefully instead of
/// killing the process with the default action.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => tracing::info!("Ctrl-C received, shutting down"),
            _ = terminate.recv() => tracing::info!("SIGTERM received, shutting down"),
        }
    })
}

/// A future that resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    Ok(async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => tracing::info!("Ctrl-C received, shutting down"),
            Err(error) => {
                tracing::warn!(%error, "cannot watch for Ctrl-C");
                std::future::pending::<()>().await;
            }
        }
    })
}

/// What the demo prints on standard output: the URL first (tests read it), then who can sign in.
fn print_demo_banner(url: &str, args: &DemoArgs, summary: &DemoSummary) {
    println!("Tutela demo running at {url}");
    let seeded = if summary.newly_seeded.is_empty() { "reused" } else { "seeded" };
    println!("Data directory ({seeded}): {}", args.data_dir.display());
    println!("Demo operators; every account's password is {:?}:", summary.password);
    for operator in &summary.operators {
        println!("  {:<9} {:<26} {:<26} {}", operator.slug, operator.admin_email, operator.agent_email, operator.name);
    }
    println!(
        "Published data maps: {url}/public/<operator>/datamap; the operators' own stores: {}",
        args.data_dir.join(demo::DEMO_STORES_DIR).display()
    );
    println!(
        "Console: {url}/console (sign in with an operator's slug, e-mail and password above); API reference: {url}/api"
    );
    let subjects: Vec<String> = summary
        .operators
        .iter()
        .filter_map(|o| crate::demo_subjects::demo_subject_emails(&o.slug).first().map(|e| format!("{} {e}", o.slug)))
        .collect();
    println!(
        "Portal: {url}/portal/<operator>; subjects sign in with a code read from the console's outbox, e.g. {}",
        subjects.join(", ")
    );
    println!("Stop with Ctrl-C. Delete the data directory to start the demo afresh.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_must_be_an_absolute_http_address() {
        assert_eq!(
            public_url(Some("https://privacy.example.com/")).unwrap().as_deref(),
            Some("https://privacy.example.com")
        );
        assert_eq!(public_url(None).unwrap(), None);
        for bad in ["privacy.example.com", "ftp://privacy.example.com", "https://"] {
            let error = public_url(Some(bad)).unwrap_err().to_string();
            assert!(error.contains("--public-url"), "{bad}: {error}");
        }
    }
}
