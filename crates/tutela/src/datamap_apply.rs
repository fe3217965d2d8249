//! `tutela datamap apply`: store a data map as the operator's next version, as `PUT /api/v1/datamap`
//! does, but from a checkout and without the API's body limit.
//!
//! An invalid map is listed problem by problem like `tutela datamap check` and changes nothing (exit
//! 1); applying the current version again stores nothing and says so.

use std::process::ExitCode;

use tutela_core::journal::Actor;
use tutela_server::datamaps::{self, ApplyError};

use crate::cli::DatamapApplyArgs;
use crate::datamap::report_problems;
use crate::db;

/// What an invalid map's summary line adds.
const NOTHING_APPLIED: &str = "; nothing was applied";

/// Runs `tutela datamap apply`.
pub async fn apply(args: DatamapApplyArgs) -> anyhow::Result<ExitCode> {
    let sources = match tutela_datamap::read_sources(&args.path) {
        Ok(sources) => sources,
        Err(error) => return Ok(report_problems(&args.path, &error.diagnostics, NOTHING_APPLIED)),
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
        // The applied files are named by file name (as stored); check again so each problem names
        // the file as the user wrote its path.
        Err(ApplyError::Invalid(_)) => {
            Ok(report_problems(&args.path, &tutela_datamap::check(&args.path), NOTHING_APPLIED))
        }
        Err(ApplyError::Db(error)) => Err(error.into()),
    }
}
