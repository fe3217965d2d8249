//! The `tutela` binary: parses the command line, sets up logging and the runtime, runs the command
//! and turns its outcome into an exit code (see `tutela::failure`).
//!
//! Logs go to standard error, filtered by `TUTELA_LOG` (default `info`), so standard output carries
//! only what a command prints for its user or for a script.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use tutela::cli::Cli;
use tutela::failure::{EXIT_ERROR, one_line};

/// Environment variable holding the log filter, e.g. `debug` or `tutela=debug,sqlx=warn`.
const LOG_ENV: &str = "TUTELA_LOG";

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let outcome = tokio::runtime::Runtime::new()
        .map_err(anyhow::Error::from)
        .and_then(|runtime| runtime.block_on(tutela::run(cli)));
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", one_line(&error));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Logs to standard error with the `TUTELA_LOG` filter, coloured only on a terminal; a malformed
/// filter falls back to `info` with a warning rather than stopping the command.
fn init_logging() {
    let (filter, bad_filter) = match std::env::var(LOG_ENV) {
        Ok(text) => match EnvFilter::try_new(&text) {
            Ok(filter) => (filter, None),
            Err(error) => (EnvFilter::new("info"), Some((text, error))),
        },
        Err(_) => (EnvFilter::new("info"), None),
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    if let Some((text, error)) = bad_filter {
        tracing::warn!(filter = %text, %error, "ignoring malformed {LOG_ENV}; logging at info");
    }
}
