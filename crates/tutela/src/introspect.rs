//! `tutela datamap introspect`: read the structure of one of the operator's stores (an SQLite file,
//! a PostgreSQL schema, a folder of CSV or JSON Lines files) and write a draft `stores:` entry of
//! the data map for the operator to tag.
//!
//! The draft goes to standard output (or `--out`), a one-line summary to standard error, so the
//! draft can be redirected into a file. A PostgreSQL URL with a password is better given through
//! `--location-env VAR` than on the command line, where other users of the machine can see it.

use std::process::ExitCode;

use anyhow::Context;
use tutela_connect::{DraftOptions, IntrospectOptions, default_store_id, draft_store_with, introspect_with};
use tutela_datamap::{RegionCode, StoreId};

use crate::cli::DatamapIntrospectArgs;

/// Runs `tutela datamap introspect`.
pub async fn run(args: &DatamapIntrospectArgs) -> anyhow::Result<ExitCode> {
    let location = match (&args.location, &args.location_env) {
        (Some(location), None) => location.clone(),
        (None, Some(var)) => {
            std::env::var(var).with_context(|| format!("--location-env {var}: the variable is not set"))?
        }
        _ => anyhow::bail!("give the store's LOCATION, or --location-env VAR naming a variable that holds it"),
    };
    let store_id = match &args.store_id {
        Some(text) => Some(text.parse::<StoreId>().map_err(|why| anyhow::anyhow!("--store-id: {why}"))?),
        None => None,
    };
    let region = match &args.region {
        Some(text) => Some(text.parse::<RegionCode>().map_err(|why| anyhow::anyhow!("--region: {why}"))?),
        None => None,
    };
    let options = IntrospectOptions { postgres_schema: args.schema.clone(), ..IntrospectOptions::default() };
    let store = introspect_with(&location, &options).await?;
    let store_id = store_id.unwrap_or_else(|| default_store_id(&store));
    let draft = draft_store_with(&store, &DraftOptions { store_id: store_id.clone(), region });
    match &args.out {
        Some(path) => std::fs::write(path, &draft).with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{draft}"),
    }
    let fields: usize = store.tables.iter().map(|table| table.columns.len()).sum();
    let to_tag = draft.matches("# TODO: tag").count();
    eprintln!(
        "drafted store {store_id} from {}: {} tables, {fields} fields, {to_tag} to tag",
        store.location,
        store.tables.len()
    );
    Ok(ExitCode::SUCCESS)
}
