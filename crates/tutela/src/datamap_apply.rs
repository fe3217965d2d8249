//! `tutela datamap apply`: store a data map as the operator's next version, as `PUT /api/v1/datamap`
//! does, but from a checkout and without the API's body limit.
//!
//! An invalid map is listed problem by problem like `tutela datamap check` and changes nothing (exit
//! 1); applying the current version again stores nothing and says so.

use std::process::ExitCode;

use tutela_core::journal::Actor;
use tutela_server::datamaps::{self, ApplyError};

use crate::cli::DatamapApplyArgs;
use crate::{db, failure};

/// Runs `tutela datamap apply`.
pub async fn apply(args: DatamapApplyArgs) -> anyhow::Result<ExitCode> {
    let sources = match tutela_datamap::read_sources(&args.path) {
        Ok(sources) => sources,
        Err(error) => return Ok(report_invalid(&args, &error.diagnostics)),
    };
    let store = db::open_existing(&args.db).await?;
    let operator = db::operator(&store, &args.operator).await?;
    let outcome = datamaps::apply(&store, &operator.id, sources, &Actor::system("cli")).await;
    store.close().await;
    match outcome {
        Ok(applied) if applied.stored => {
            let changes = &applied.version.changes;
            let count = |key: &str| changes[key].as_array().map_or(0, Vec::len);
            println!(
                "applied data map version {} to {} (sha256 {}): {} added, {} removed, {} changed",
                applied.version.version,
                operator.slug,
                applied.version.content_hash,
                count("added"),
                count("removed"),
                count("changed"),
            );
            Ok(ExitCode::SUCCESS)
        }
        Ok(applied) => {
            println!("unchanged: version {} of {} already has this content", applied.version.version, operator.slug);
            Ok(ExitCode::SUCCESS)
        }
        Err(ApplyError::Invalid(diagnostics)) => Ok(report_invalid(&args, &diagnostics)),
        Err(ApplyError::Store(error)) => Err(error.into()),
    }
}

fn report_invalid(args: &DatamapApplyArgs, diagnostics: &[tutela_datamap::Diagnostic]) -> ExitCode {
    for diagnostic in diagnostics {
        println!("{diagnostic}");
    }
    eprintln!("error: {} problem(s) in the data map {}; nothing was applied", diagnostics.len(), args.path.display());
    failure::check_failed()
}
