//! `tutela datamap import-fides`: turn Fides (fideslang) dataset and system YAML into a Tutela data
//! map, so that an organisation that keeps its processing in Fides moves over in one command.
//!
//! The data map goes to standard output (or `--out`); what could not be carried over exactly
//! (categories with no Tutela equivalent, guessed legal bases, placeholders) is listed on standard
//! error as `note:` lines, and stays marked `# TODO` in the map. `--operator-name` and `--country`
//! fill in the operator; without a country the map says `country: TODO`, which `tutela datamap
//! check` reports until it is filled in. The map always parses; what `check` then reports is what
//! the notes announced, on the lines marked `# TODO` (placeholders, fields no imported privacy
//! declaration uses, as with a dataset file alone). Malformed Fides files exit 2 listing every
//! problem.

use std::process::ExitCode;

use anyhow::Context;
use tutela_datamap::RegionCode;
use tutela_datamap::fides::{FidesImportOptions, import_fides, read_fides_paths};

use crate::cli::DatamapImportFidesArgs;

/// Runs `tutela datamap import-fides`.
pub fn run(args: &DatamapImportFidesArgs) -> anyhow::Result<ExitCode> {
    let country = match &args.country {
        Some(text) => Some(text.parse::<RegionCode>().map_err(|why| anyhow::anyhow!("--country: {why}"))?),
        None => None,
    };
    let options = FidesImportOptions { operator_name: args.operator_name.clone(), country };
    let imported = read_fides_paths(&args.paths).and_then(|sources| import_fides(sources, &options));
    let import = match imported {
        Ok(import) => import,
        Err(error) => {
            // Every problem on its own line (file:line:column: message — hint), then the summary.
            for diagnostic in &error.diagnostics {
                eprintln!("{diagnostic}");
            }
            anyhow::bail!("{} problem(s) in the Fides files: nothing was imported", error.diagnostics.len());
        }
    };
    match &args.out {
        Some(path) => std::fs::write(path, &import.yaml).with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{}", import.yaml),
    }
    for note in &import.notes {
        eprintln!("note: {note}");
    }
    Ok(ExitCode::SUCCESS)
}
