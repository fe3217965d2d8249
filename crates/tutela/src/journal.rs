//! `tutela journal verify` and `tutela journal export`: the journal, checked or handed over.
//!
//! Verification recomputes each operator's hash chain through [`Db::verify_journal`] and reports
//! every operator, so one tampered journal does not hide the state of the others. Export pages
//! through the journal [`EXPORT_PAGE_ENTRIES`] entries at a time, so memory stays bounded however
//! long the journal is, and writes JSON Lines: one serde-serialized [`Entry`] per line.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use tutela_core::journal::Entry;
use tutela_core::operator::OperatorId;
use tutela_db::{Db, DbError, MAX_JOURNAL_PAGE, Operator};

use crate::cli::{ExportArgs, VerifyArgs};
use crate::db;
use crate::failure;

/// Entries read per query when exporting.
pub const EXPORT_PAGE_ENTRIES: u32 = MAX_JOURNAL_PAGE;

/// Runs `tutela journal verify`: exit 0 when every journal verified, 1 when any is broken.
pub async fn verify(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let db = db::open_existing(&args.db).await?;
    let operators = match &args.operator {
        Some(slug) => vec![db::operator(&db, slug).await?],
        None => db.list_operators().await.context("cannot list operators")?,
    };
    if operators.is_empty() {
        eprintln!("no operators yet: nothing to verify");
    }
    let mut broken = 0;
    for operator in &operators {
        if !verify_one(&db, operator).await? {
            broken += 1;
        }
    }
    db.close().await;
    if broken > 0 {
        eprintln!("error: {broken} of {} journals failed verification", operators.len());
        return Ok(failure::check_failed());
    }
    Ok(ExitCode::SUCCESS)
}

/// Verifies one journal and prints its line; `Ok(false)` when it is broken. Errors that say nothing
/// about the journal's integrity (the database went away) are returned.
async fn verify_one(db: &Db, operator: &Operator) -> anyhow::Result<bool> {
    let slug = &operator.slug;
    match db.verify_journal(operator).await {
        Ok(count) => {
            println!("ok  {slug}  {}", entries(count));
            Ok(true)
        }
        Err(DbError::Chain { source, .. }) => {
            println!("BROKEN  {slug}  {source}");
            eprintln!("error: journal of operator {slug} is broken: {source}");
            Ok(false)
        }
        Err(DbError::Corrupt { what, detail }) => {
            let place = unreadable_entry(db, operator).await;
            println!("BROKEN  {slug}  {place} cannot be read: corrupt {what}: {detail}");
            eprintln!("error: journal of operator {slug} is broken: {place} cannot be read: corrupt {what}: {detail}");
            Ok(false)
        }
        Err(error) => Err(error).with_context(|| format!("cannot verify the journal of operator {slug}")),
    }
}

/// Names the first journal row that cannot be read back into an entry ("entry 7"), for the report of
/// a journal whose rows were edited into something invalid. Pages normally, then one row at a time
/// from the failing page on; only runs once a journal is already known to be broken.
async fn unreadable_entry(db: &Db, operator: &Operator) -> String {
    let Err(failing_page_after) = readable_until(db, &operator.id, 0, EXPORT_PAGE_ENTRIES).await else {
        return "an entry".to_owned();
    };
    match readable_until(db, &operator.id, failing_page_after, 1).await {
        Ok(_) => "an entry".to_owned(),
        Err(after) => format!("entry {}", after + 1),
    }
}

/// Reads the journal after `after` in pages of `page_entries`: `Ok(last seq)` when every page was
/// read, `Err(seq)` when the page after entry `seq` could not be.
async fn readable_until(db: &Db, operator_id: &OperatorId, mut after: u64, page_entries: u32) -> Result<u64, u64> {
    loop {
        let Ok(page) = db.journal_page(operator_id, after, page_entries).await else {
            return Err(after);
        };
        let Some(last) = page.last() else {
            return Ok(after);
        };
        after = last.seq;
    }
}

/// Runs `tutela journal export`.
pub async fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let db = db::open_existing(&args.db).await?;
    let operator = db::operator(&db, &args.operator).await?;
    let written = match &args.out {
        Some(path) => export_to_file(&db, &operator, path).await?,
        None => write_entries(&db, &operator, &mut BufWriter::new(std::io::stdout())).await?,
    };
    db.close().await;
    let target = args.out.as_ref().map_or_else(|| "standard output".to_owned(), |path| path.display().to_string());
    eprintln!("exported {} of operator {} to {target}", entries(written), operator.slug);
    Ok(ExitCode::SUCCESS)
}

/// Writes the export next to `path` and renames it into place once complete, so a failed export
/// never leaves a truncated file under the requested name.
async fn export_to_file(db: &Db, operator: &Operator, path: &Path) -> anyhow::Result<u64> {
    let partial = partial_path(path);
    let file = File::create(&partial).with_context(|| format!("cannot create {}", partial.display()))?;
    let mut writer = BufWriter::new(file);
    let result = write_entries(db, operator, &mut writer).await.and_then(|written| {
        let file = writer.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()?;
        Ok(written)
    });
    let written = match result {
        Ok(written) => written,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error.context(format!("cannot write {}", path.display())));
        }
    };
    std::fs::rename(&partial, path)
        .with_context(|| format!("cannot move the export into place at {}", path.display()))?;
    Ok(written)
}

/// `FILE.partial`, in the same directory so the final rename is atomic.
fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_else(|| "journal".into());
    name.push(".partial");
    path.with_file_name(name)
}

/// Writes the operator's journal up to its head as read at the start, one JSON object per line, and
/// returns the number of entries written. Entries appended meanwhile are left for the next export,
/// so the file always ends at an entry the head once named.
async fn write_entries(db: &Db, operator: &Operator, out: &mut impl Write) -> anyhow::Result<u64> {
    let head_seq = db.journal_head(&operator.id).await?.map_or(0, |(seq, _)| seq);
    let (mut after, mut written) = (0, 0);
    while after < head_seq {
        let page = db.journal_page(&operator.id, after, EXPORT_PAGE_ENTRIES).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for entry in page.iter().filter(|entry| entry.seq <= head_seq) {
            write_line(out, entry)?;
            written += 1;
        }
    }
    out.flush()?;
    Ok(written)
}

/// "1 entry", "2 entries".
fn entries(count: u64) -> String {
    format!("{count} {}", if count == 1 { "entry" } else { "entries" })
}

fn write_line(out: &mut impl Write, entry: &Entry) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, entry)?;
    out.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_files_sit_next_to_the_target() {
        assert_eq!(partial_path(Path::new("/x/j.jsonl")), PathBuf::from("/x/j.jsonl.partial"));
        assert_eq!(partial_path(Path::new("j.jsonl")), PathBuf::from("j.jsonl.partial"));
    }
}
