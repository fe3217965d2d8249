//! `tutela datamap check` and `tutela datamap render`: validate an operator's data map before it is
//! applied, and render its published artefacts.
//!
//! `check` prints every problem as `file:line:column: message — hint` on stdout, so an editor or CI
//! job can jump to each one, and exits 1 when there is any; a valid map prints one summary line and
//! exits 0. Valid means publishable: every problem is an error, there are no warnings and so no
//! `--strict`. A placeholder left to fill in (`TODO` texts, the region `ZZ`, an empty contact) and
//! personal data no purpose uses are problems like any other, so that `apply` and the API, which
//! validate the same way, never publish a draft.
//!
//! `render` writes one artefact (record of processing activities, China's lists of personal
//! information collected and shared, the privacy notice's data section) in one language and format
//! to stdout or `--out FILE`. A map that is not applied has no version, so the artefact says it is a
//! draft and shows the content hash of the files. Bad input (an unknown artefact, language or
//! format, an invalid map, an unwritable file) exits 2 with one line.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use tutela_datamap::render::{Artifact, Edition, Format};
use tutela_datamap::{Diagnostic, Lang};

use crate::cli::{DatamapCheckArgs, DatamapRenderArgs};
use crate::failure;

/// How many problems of an invalid map `render` quotes in its one-line error.
const MAX_PROBLEMS_QUOTED: usize = 3;

/// Runs `tutela datamap check`.
pub fn check(args: &DatamapCheckArgs) -> ExitCode {
    let diagnostics = tutela_datamap::check(&args.path);
    if diagnostics.is_empty() {
        println!("ok  {}  the data map is valid", args.path.display());
        return ExitCode::SUCCESS;
    }
    report_problems(&args.path, &diagnostics, "")
}

/// Prints every problem of the map at `path` on stdout, one `file:line:column: message — hint` per
/// line, and a count on stderr followed by `consequence` (e.g. "; nothing was applied"); returns the
/// exit code of a failed check.
pub fn report_problems(path: &Path, diagnostics: &[Diagnostic], consequence: &str) -> ExitCode {
    for diagnostic in diagnostics {
        println!("{diagnostic}");
    }
    eprintln!("error: {} problem(s) in the data map {}{consequence}", diagnostics.len(), path.display());
    failure::check_failed()
}

/// Runs `tutela datamap render`.
pub fn render(args: &DatamapRenderArgs) -> anyhow::Result<ExitCode> {
    // Parse every option before reading the map, so a typo is reported first.
    let artifact: Artifact = args.artifact.parse()?;
    let format: Format = args.format.parse()?;
    let lang: Option<Lang> = args.lang.as_deref().map(str::parse).transpose()?;

    let sources = tutela_datamap::read_sources(&args.path).map_err(|error| invalid(&args.path, &error.diagnostics))?;
    let edition = Edition { version: None, content_hash: tutela_datamap::content_hash(&sources) };
    // The sources are named by file name (as a stored version is, so the hash matches the server's);
    // for the error, check again so each problem names the file as the user wrote its path.
    let map =
        tutela_datamap::load_sources(sources).map_err(|_| invalid(&args.path, &tutela_datamap::check(&args.path)))?;
    let lang = lang.unwrap_or_else(|| map.operator.default_language());

    let rendered = tutela_datamap::render::render(&map, artifact, lang, format, &edition)
        .with_context(|| format!("cannot render {artifact} in {lang} as {format}"))?;
    match &args.out {
        Some(out) => {
            std::fs::write(out, rendered.body.as_bytes()).with_context(|| format!("cannot write {}", out.display()))?;
        }
        None => print!("{}", rendered.body),
    }
    Ok(ExitCode::SUCCESS)
}

/// The error for a map that does not load: how many problems, the first few, and what to run.
fn invalid(path: &Path, diagnostics: &[Diagnostic]) -> anyhow::Error {
    if let [unreadable] = diagnostics
        && unreadable.code == "io"
    {
        return anyhow!("cannot read the data map: {unreadable}");
    }
    // Without their hints: the line stays short, and `tutela datamap check` prints them in full.
    let first: Vec<String> = diagnostics
        .iter()
        .take(MAX_PROBLEMS_QUOTED)
        .map(|diagnostic| Diagnostic { hint: None, ..diagnostic.clone() }.to_string())
        .collect();
    let more = diagnostics.len().saturating_sub(MAX_PROBLEMS_QUOTED);
    let more = if more > 0 { format!("; and {more} more") } else { String::new() };
    anyhow!(
        "the data map is invalid: run tutela datamap check {} ({} problem(s): {}{more})",
        path.display(),
        diagnostics.len(),
        first.join("; ")
    )
}
