//! Reading data map files: one YAML file, or a folder of them merged, within fixed limits.
//!
//! # Why serde-saphyr
//!
//! The YAML library is `serde-saphyr` (2.x). Semantic errors ("purpose `newsletter` has no legal
//! basis") must point at a line, and hostile input (a 50 MB file, deep nesting, an alias bomb) must
//! fail with a clear error in bounded memory and without a panic. Of the candidates:
//!
//! - `serde-saphyr` deserializes straight into typed structs (no intermediate value tree), gives
//!   every node's line and column through its `Spanned<T>` wrapper (our [`Located`]), reports parse
//!   and type errors with a location, honours `#[serde(deny_unknown_fields)]`, rejects duplicate
//!   keys by default, and has a `Budget` that bounds nesting depth, node, event, anchor and alias
//!   counts, plus alias-replay limits against "billion laughs". It forbids `unsafe`, is fuzzed and
//!   built to be panic-free, runs the YAML test suite, and is actively released (2.1.x here).
//! - `saphyr` / `yaml-rust2` give marked nodes, but build a full tree in which aliases are expanded by
//!   copying, with no alias or node budget; we would write the typed conversion and every limit
//!   ourselves.
//! - `serde_yaml` is unmaintained and `serde_yml` is a fork we avoid; `serde_norway` (another fork
//!   of `serde_yaml`) reports parse errors with a location, but deserialized values carry none, so
//!   semantic errors could not point at a line.
//!
//! Limits are enforced here, around the library. A file is at most [`MAX_FILE_BYTES`] (checked from
//! its metadata before reading and again while reading, so a 50 MB file is never read in); a folder
//! holds at most [`MAX_FILES`] files and [`MAX_TOTAL_BYTES`] in all. Before deserializing, a
//! streaming pass over the parser's events ([`scan_shape`], no tree built) checks the file's shape,
//! so the limits are reported with their line whatever the types expect there: nesting at most
//! [`MAX_DEPTH`]; at most [`MAX_ALIASES_PER_FILE`] aliases and [`MAX_ANCHORS_PER_FILE`] anchors;
//! at most [`MAX_NODES_PER_FILE`] entries *counting each alias as the entries it stands for*, which
//! stops a "billion laughs" at the alias that crosses the line; no alias inside the node it refers to
//! (a self-referencing map); one YAML document. The library's own budget and alias-replay limits
//! (same numbers) stay on as a second line. A parse error ends the reading of its file (serde stops
//! at the first), but every file of a folder is read, so each broken file is reported.

use std::borrow::Cow;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Error as YamlError, MessageFormatter, UserMessageFormatter};

use crate::diagnostic::Diagnostic;
use crate::model::{self, DataMapFile, FORMAT_VERSION, Located, Operator, SourceId};

/// The largest data map file read, in bytes (16 MiB).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// The most data map files read from one folder.
pub const MAX_FILES: usize = 256;
/// The most bytes read from one folder, all files together (64 MiB).
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// The deepest nesting of mappings and sequences (the format itself needs 8).
pub const MAX_DEPTH: usize = 32;
/// The most YAML nodes (mappings, sequences and scalars: the entries) in one file, counting each
/// alias as the nodes it stands for.
pub const MAX_NODES_PER_FILE: usize = 1_000_000;
/// The most aliases (`*name`) in one file.
pub const MAX_ALIASES_PER_FILE: usize = 1_000;
/// The most anchors (`&name`) in one file.
pub const MAX_ANCHORS_PER_FILE: usize = 1_000;
/// The most YAML events replayed from aliases in one file: what an alias bomb would multiply.
pub const MAX_ALIAS_REPLAYED_EVENTS: usize = 100_000;

/// The files of a data map as read, before validation: their sections concatenated in file order.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub sources: Vec<PathBuf>,
    pub operators: Vec<Located<Operator>>,
    pub file: DataMapFile,
}

/// Reads a file, or every `*.yaml` / `*.yml` file directly inside a folder (sorted by name), and
/// returns their names and text.
pub(crate) fn read_path(path: &Path) -> Result<Vec<(PathBuf, String)>, Vec<Diagnostic>> {
    let metadata =
        fs::metadata(path).map_err(|error| vec![Diagnostic::in_file(path, "io", format!("cannot read: {error}"))])?;
    if !metadata.is_dir() {
        return read_file(path, metadata.len()).map(|text| vec![(path.to_owned(), text)]).map_err(|d| vec![d]);
    }
    let entries = fs::read_dir(path)
        .map_err(|error| vec![Diagnostic::in_file(path, "io", format!("cannot list the folder: {error}"))])?;
    let mut files = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|error| vec![Diagnostic::in_file(path, "io", format!("cannot list the folder: {error}"))])?;
        let file = entry.path();
        let is_yaml = file.extension().is_some_and(|extension| extension == "yaml" || extension == "yml");
        if is_yaml && fs::metadata(&file).is_ok_and(|m| m.is_file()) {
            files.push(file);
            if files.len() > MAX_FILES {
                return Err(vec![
                    Diagnostic::in_file(
                        path,
                        "too-many-files",
                        format!("the folder holds more than {MAX_FILES} YAML files"),
                    )
                    .with_hint("a data map fits in far fewer files: merge some of them"),
                ]);
            }
        }
    }
    if files.is_empty() {
        return Err(vec![
            Diagnostic::in_file(path, "no-files", "the folder holds no *.yaml or *.yml file")
                .with_hint("put the data map in datamap.yaml, or name the file itself"),
        ]);
    }
    files.sort();
    let mut total_bytes: u64 = 0;
    let mut texts = Vec::with_capacity(files.len());
    let mut diagnostics = Vec::new();
    for file in files {
        let size_bytes = fs::metadata(&file).map_or(0, |m| m.len());
        total_bytes = total_bytes.saturating_add(size_bytes.min(MAX_FILE_BYTES + 1));
        if total_bytes > MAX_TOTAL_BYTES {
            diagnostics.push(
                Diagnostic::in_file(
                    path,
                    "too-large",
                    format!("the folder's YAML files hold more than {MAX_TOTAL_BYTES} bytes (64 MiB) in all"),
                )
                .with_hint("a data map declares stores and fields, not data: remove what is not part of it"),
            );
            break;
        }
        match read_file(&file, size_bytes) {
            Ok(text) => texts.push((file, text)),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    if diagnostics.is_empty() { Ok(texts) } else { Err(diagnostics) }
}

/// Reads one file of at most [`MAX_FILE_BYTES`] as UTF-8 text.
fn read_file(path: &Path, size_bytes: u64) -> Result<String, Diagnostic> {
    let too_large = |size: String| {
        Diagnostic::in_file(
            path,
            "too-large",
            format!("the file is {size} bytes; a data map file may be at most {MAX_FILE_BYTES} bytes (16 MiB)"),
        )
        .with_hint("split the data map into several files in a folder, or remove what is not part of it")
    };
    if size_bytes > MAX_FILE_BYTES {
        return Err(too_large(size_bytes.to_string()));
    }
    let file =
        fs::File::open(path).map_err(|error| Diagnostic::in_file(path, "io", format!("cannot read: {error}")))?;
    // The file may have grown since, or be a device: never read more than the limit.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| Diagnostic::in_file(path, "io", format!("cannot read: {error}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(format!("more than {MAX_FILE_BYTES}")));
    }
    String::from_utf8(bytes).map_err(|error| {
        Diagnostic::in_file(
            path,
            "not-utf8",
            format!("the file is not UTF-8 text (invalid byte at offset {})", error.utf8_error().valid_up_to()),
        )
        .with_hint("save it as UTF-8")
    })
}

/// The options every file is parsed with: the limits above, strict booleans, no snippets.
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES_PER_FILE,
            max_events: MAX_NODES_PER_FILE.saturating_mul(2),
            max_aliases: MAX_ALIASES_PER_FILE,
            max_anchors: MAX_ANCHORS_PER_FILE,
            max_documents: 1,
            max_reader_input_bytes: Some(MAX_FILE_BYTES as usize),
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_ALIAS_REPLAYED_EVENTS,
            max_replay_stack_depth: MAX_DEPTH,
        },
        strict_booleans: true,
        with_snippet: false,
    }
}

/// Parses every source (name, text), stamping positions with its index, and concatenates the
/// sections. Returns the draft and the parse problems (one at most per file).
pub(crate) fn parse_sources(sources: Vec<(PathBuf, String)>) -> (Draft, Vec<Diagnostic>) {
    let mut draft = Draft::default();
    let mut diagnostics = Vec::new();
    for (index, (name, text)) in sources.into_iter().enumerate() {
        let source = SourceId(u32::try_from(index).unwrap_or(u32::MAX));
        if text.len() as u64 > MAX_FILE_BYTES {
            diagnostics.push(
                Diagnostic::in_file(
                    &name,
                    "too-large",
                    format!(
                        "the file is {} bytes; a data map file may be at most {MAX_FILE_BYTES} bytes (16 MiB)",
                        text.len()
                    ),
                )
                .with_hint("split the data map into several files in a folder"),
            );
            draft.sources.push(name);
            continue;
        }
        if let Err(diagnostic) = scan_shape(&name, &text) {
            diagnostics.push(diagnostic);
            draft.sources.push(name);
            continue;
        }
        let parsed =
            model::with_source(source, || serde_saphyr::from_str_with_options::<DataMapFile>(&text, yaml_options()));
        match parsed {
            Ok(file) => {
                if let Some(version) = &file.version
                    && version.value != FORMAT_VERSION
                {
                    diagnostics.push(Diagnostic {
                        file: name.clone(),
                        line: Some(version.at.line),
                        column: Some(version.at.column),
                        code: "unsupported-version",
                        message: format!("data map format version {} is not supported", version.value),
                        hint: Some(format!("this Tutela reads version: {FORMAT_VERSION}")),
                    });
                }
                merge(&mut draft, file);
            }
            Err(error) => diagnostics.push(yaml_diagnostic(&name, &error)),
        }
        draft.sources.push(name);
    }
    (draft, diagnostics)
}

/// Walks the YAML events of `text` once, without building anything, and reports the first breach of
/// the shape limits (depth, anchors, aliases, entries after alias expansion, self-reference,
/// documents) or the first syntax error, at its line.
pub(crate) fn scan_shape(file: &Path, text: &str) -> Result<(), Diagnostic> {
    use serde_saphyr::granit_parser::{Event, Parser};

    let options = serde_saphyr::granit_parser::options! {
        block_nesting_limit: MAX_DEPTH * 4,
        flow_nesting_limit: MAX_DEPTH * 4,
    };
    let at = |span: &serde_saphyr::granit_parser::Span, code: &'static str, message: String, hint: &str| {
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Diagnostic {
            file: file.to_owned(),
            line: Some(to_u32(span.start.line())),
            column: Some(to_u32(span.start.col().saturating_add(1))),
            code,
            message,
            hint: Some(hint.to_owned()),
        }
    };
    // Entries each closed anchor stands for; open collections with their anchor and entries so far.
    let mut anchor_sizes: std::collections::HashMap<usize, u64> = std::collections::HashMap::new();
    let mut open: Vec<(usize, u64)> = Vec::new();
    let (mut total, mut aliases, mut anchors, mut documents) = (0u64, 0usize, 0usize, 0usize);
    let max_nodes = MAX_NODES_PER_FILE as u64;
    for item in Parser::new_from_str_with_options(text, options) {
        let (event, span) = item.map_err(|error| {
            let marker = error.marker();
            let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            let too_deep = matches!(error.kind(), serde_saphyr::granit_parser::ErrorKind::RecursionLimitExceeded);
            let (code, message, hint) = if too_deep {
                (
                    "limit",
                    format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
                    "a data map needs about 8 levels: check the indentation",
                )
            } else {
                (
                    "yaml",
                    format!("malformed YAML: {}", error.info()),
                    "check the indentation, quotes and brackets around this place",
                )
            };
            Diagnostic {
                file: file.to_owned(),
                line: Some(to_u32(marker.line())),
                column: Some(to_u32(marker.col().saturating_add(1))),
                code,
                message,
                hint: Some(hint.to_owned()),
            }
        })?;
        let (entries, anchor) = match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err(at(
                        &span,
                        "limit",
                        "the file holds more than one YAML document".to_owned(),
                        "remove the `---` separators, or put each document in its own file of the folder",
                    ));
                }
                continue;
            }
            Event::Scalar(_, _, anchor, _) => {
                if anchor != 0 {
                    anchor_sizes.insert(anchor, 1);
                }
                (1, anchor)
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if open.len() >= MAX_DEPTH {
                    return Err(at(
                        &span,
                        "limit",
                        format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
                        "a data map needs about 8 levels: check the indentation",
                    ));
                }
                open.push((anchor, 1));
                total += 1;
                if anchor != 0 {
                    anchors += 1;
                }
                if anchors > MAX_ANCHORS_PER_FILE {
                    return Err(at(
                        &span,
                        "limit",
                        format!("the file defines more than {MAX_ANCHORS_PER_FILE} anchors"),
                        "write the values out instead of anchoring them",
                    ));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                Some((anchor, entries)) => {
                    if anchor != 0 {
                        anchor_sizes.insert(anchor, entries);
                    }
                    if let Some(parent) = open.last_mut() {
                        parent.1 = parent.1.saturating_add(entries);
                    }
                    continue;
                }
                None => continue,
            },
            Event::Alias(anchor) => {
                aliases += 1;
                if aliases > MAX_ALIASES_PER_FILE {
                    return Err(at(
                        &span,
                        "limit",
                        format!("the file uses more than {MAX_ALIASES_PER_FILE} aliases"),
                        "write the values out instead of aliasing them",
                    ));
                }
                match anchor_sizes.get(&anchor) {
                    Some(&size) => (size, 0),
                    None => {
                        return Err(at(
                            &span,
                            "limit",
                            "this alias refers to a node that contains it (a self-referencing map)".to_owned(),
                            "write the value out: a data map cannot contain itself",
                        ));
                    }
                }
            }
            _ => continue,
        };
        if anchor != 0 {
            anchors += 1;
            if anchors > MAX_ANCHORS_PER_FILE {
                return Err(at(
                    &span,
                    "limit",
                    format!("the file defines more than {MAX_ANCHORS_PER_FILE} anchors"),
                    "write the values out instead of anchoring them",
                ));
            }
        }
        total = total.saturating_add(entries);
        if let Some(parent) = open.last_mut() {
            parent.1 = parent.1.saturating_add(entries);
        }
        if total > max_nodes {
            let message = if entries > 1 {
                format!("aliases expand the file to more than {MAX_NODES_PER_FILE} YAML entries (an alias bomb?)")
            } else {
                format!("the file has more than {MAX_NODES_PER_FILE} YAML entries")
            };
            return Err(at(
                &span,
                "limit",
                message,
                "write the values out, use fewer nested anchors and aliases, or split the data map into several files",
            ));
        }
    }
    Ok(())
}

fn merge(draft: &mut Draft, file: DataMapFile) {
    let DataMapFile {
        version: _,
        operator,
        data_categories,
        subject_categories,
        purposes,
        stores,
        recipients,
        transfers,
        processing_activities,
    } = file;
    draft.operators.extend(operator);
    let into = &mut draft.file;
    into.data_categories.extend(data_categories);
    into.subject_categories.extend(subject_categories);
    into.purposes.extend(purposes);
    into.stores.extend(stores);
    into.recipients.extend(recipients);
    into.transfers.extend(transfers);
    into.processing_activities.extend(processing_activities);
}

/// Turns a YAML library error into a diagnostic at its location, naming our limits in our words.
fn yaml_diagnostic(file: &Path, error: &YamlError) -> Diagnostic {
    let mut inner = error;
    while let YamlError::AliasError { error, .. } | YamlError::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let (code, message, hint): (&'static str, Cow<'_, str>, Option<String>) = match inner {
        YamlError::Budget { breach, .. } => budget_message(breach),
        YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. } => (
            "limit",
            Cow::Owned(format!("aliases expand to more than {MAX_ALIAS_REPLAYED_EVENTS} YAML events (an alias bomb?)")),
            Some("write the values out, or use fewer nested anchors and aliases".to_owned()),
        ),
        other => {
            let message = UserMessageFormatter.format_message(other);
            let (code, hint) = if message.starts_with("unknown field") {
                ("unknown-key", Some("fix the spelling or remove the key; the JSON Schema lists every key"))
            } else if message.starts_with("missing field") {
                ("yaml", Some("add it; the JSON Schema lists the required keys"))
            } else if message.contains("expected sequence start") {
                ("yaml", Some("this key takes a list: `- item` lines, or [a, b]"))
            } else if message.contains("expected mapping start") {
                ("yaml", Some("this key takes a mapping: `key: value` lines, or { key: value }"))
            } else {
                ("yaml", None)
            };
            let hint = hint.map(str::to_owned);
            (code, message, hint)
        }
    };
    located_diagnostic(file, error, code, &message, hint)
}

/// A diagnostic at `error`'s location (none when the library gives line 0), with control characters
/// in `message` shown escaped: they would garble a terminal.
pub(crate) fn located_diagnostic(
    file: &Path,
    error: &YamlError,
    code: &'static str,
    message: &str,
    hint: Option<String>,
) -> Diagnostic {
    let message: String = message
        .chars()
        .flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] })
        .collect();
    let location = error.location().filter(|location| location.line() > 0);
    let to_u32 = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Diagnostic {
        file: file.to_owned(),
        line: location.map(|location| to_u32(location.line())),
        column: location.map(|location| to_u32(location.column())),
        code,
        message,
        hint,
    }
}

fn budget_message(breach: &BudgetBreach) -> (&'static str, Cow<'static, str>, Option<String>) {
    let (message, hint) = match breach {
        BudgetBreach::Depth { .. } => (
            format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
            "a data map needs about 8 levels: check the indentation",
        ),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => (
            format!("the file has more than {MAX_NODES_PER_FILE} YAML entries"),
            "split the data map into several files in a folder",
        ),
        BudgetBreach::Aliases { .. } => (
            format!("the file uses more than {MAX_ALIASES_PER_FILE} aliases"),
            "write the values out instead of aliasing them",
        ),
        BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::RecordedAnchorEvents { .. }
        | BudgetBreach::RecordedAnchorBytes { .. } => (
            "the file's aliases expand to too much data (an alias bomb?)".to_owned(),
            "write the values out, or use fewer anchors and aliases",
        ),
        BudgetBreach::Anchors { .. } => (
            format!("the file defines more than {MAX_ANCHORS_PER_FILE} anchors"),
            "write the values out instead of anchoring them",
        ),
        BudgetBreach::Documents { .. } => (
            "the file holds more than one YAML document".to_owned(),
            "remove the `---` separators, or put each document in its own file of the folder",
        ),
        other => (
            format!("the YAML exceeds a parsing limit ({other:?})"),
            "simplify the file, or split it into several files in a folder",
        ),
    };
    ("limit", Cow::Owned(message), Some(hint.to_owned()))
}
