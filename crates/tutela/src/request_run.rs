//! `tutela request run`: the fulfilment engine on the stores a data map describes, without the
//! server. Operators rehearse their map on a copy of their database: `--dry-run` shows the rows
//! found per table and what erasure would do; access writes the package; erasure (and restriction)
//! prints a JSON report of rows deleted, masked, stubbed and held (or marked) per table and exits 0
//! only if every store confirmed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use tutela_datamap::Lang;
use tutela_fulfil::{Engine, HashKey, identity};

use crate::cli::{RequestRunArgs, RunType};
use crate::datamap::report_problems;

/// Runs `tutela request run`.
pub async fn run(args: &RequestRunArgs) -> anyhow::Result<ExitCode> {
    let identities = identity::parse_all(args.identities.iter().map(String::as_str))?;
    let lang: Option<Lang> = args.lang.as_deref().map(str::parse).transpose()?;
    let key = args.hash_key.as_deref().map(|secret| HashKey::new(secret.as_bytes())).transpose()?;
    let map = match tutela_datamap::load(&args.datamap) {
        Ok(map) => map,
        Err(error) => return Ok(report_problems(&args.datamap, &error.diagnostics, "; nothing was done")),
    };
    let map_dir = if args.datamap.is_dir() {
        args.datamap.clone()
    } else {
        args.datamap.parent().map(PathBuf::from).unwrap_or_default()
    };
    let lang = lang.unwrap_or_else(|| map.operator.default_language());
    let mut engine = Engine::new(map, &map_dir);
    engine.timeout_ms = args.timeout_ms;
    let report = match args.request_type {
        RunType::Access | RunType::Portability => {
            let out = args.out.clone().unwrap_or_else(|| PathBuf::from("access-package.zip"));
            engine.access(&identities, lang, &out, args.dry_run).await?
        }
        RunType::Erasure => engine.erase(&identities, key.as_ref(), args.dry_run).await?,
        RunType::Restriction => engine.restrict(&identities, args.dry_run).await?,
    };
    println!("{}", serde_json::to_string_pretty(&report).context("cannot write the report")?);
    if !report.found {
        eprintln!("note: the subject was found in no store");
    }
    let writes = matches!(args.request_type, RunType::Erasure | RunType::Restriction);
    let failed = writes && !args.dry_run && !report.complete;
    Ok(if failed { crate::failure::check_failed() } else { ExitCode::SUCCESS })
}
