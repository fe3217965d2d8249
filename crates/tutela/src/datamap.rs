//! `tutela datamap check`: validate an operator's data map before it is applied.
//!
//! Prints every problem as `file:line:column: message — hint` on stdout, so an editor or CI job can
//! jump to each one, and exits 1 when there is any; a valid map prints one summary line and exits 0.

use std::process::ExitCode;

use crate::cli::DatamapCheckArgs;
use crate::failure;

/// Runs `tutela datamap check`.
pub fn check(args: &DatamapCheckArgs) -> ExitCode {
    let diagnostics = tutela_datamap::check(&args.path);
    if diagnostics.is_empty() {
        println!("ok  {}  the data map is valid", args.path.display());
        return ExitCode::SUCCESS;
    }
    for diagnostic in &diagnostics {
        println!("{diagnostic}");
    }
    eprintln!("error: {} problem(s) in the data map {}", diagnostics.len(), args.path.display());
    failure::check_failed()
}
