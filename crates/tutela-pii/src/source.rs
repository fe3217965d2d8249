//! Sources: files, directories, CSV, JSON Lines and standard input, scanned on worker threads.
//!
//! Text is read in large blocks and cut into chunks at safe points ([`crate::chunk`]), so a file of
//! any size, or a single line of a gigabyte, is scanned in bounded memory, and the chunks of one
//! file are scanned in parallel like separate files. The calling thread reads chunks and hands
//! them to the scanning threads through a bounded queue, and reports what comes back in input
//! order (line numbers counted per chunk and added up), so that reading, scanning and writing the
//! findings overlap and an idle thread sleeps instead of spinning. Chunk buffers are reused, and
//! each scanning thread keeps its scratch space (the shape automaton's cache) for the whole scan.
//! CSV (`.csv`, `.tsv`) and JSON Lines (`.jsonl`, `.ndjson`) files are read into batches of values
//! (the private `structured` module), each cell or string value scanned with its column name or
//! JSON path as context, on the scanning threads like chunks.
//!
//! Nothing stops the scan but a bad option: a file that cannot be read, a binary file (a NUL byte
//! in its first 8 KiB) or an over-long record is reported as skipped, and the rest goes on.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc;

use crate::chunk::{LOOKAHEAD_BYTES, LOOKBEHIND_BYTES, SPLIT_SEARCH_BYTES, split_point};
use crate::engine::{Finding, ScanState, Scanner};
use crate::kind::Kind;
use crate::structured::{CsvParser, JsonLinesParser, ValueBatch, ValueFindings, ValueReader, parse_records};

/// The chunk size asked for is kept between these bounds (bytes).
const MIN_CHUNK_BYTES: usize = 64 << 10;
const MAX_CHUNK_BYTES: usize = 64 << 20;

/// Up to two chunks per scanning thread, and two more, are read ahead of the reporting, for at most
/// this many threads: with the default 1 MiB chunks, at most 66 MiB are held however many threads
/// are asked for.
const MAX_QUEUE_THREADS: usize = 32;

/// How many bytes at the start of a file are checked for a NUL byte.
pub const BINARY_CHECK_BYTES: usize = 8 * 1024;

/// What to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory (walked recursively, honouring `.gitignore` and `.ignore` files).
    Path(PathBuf),
    /// Standard input, scanned as text.
    Stdin,
}

/// How to scan.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    /// Scanning threads (at least 1).
    pub threads: usize,
    /// Nominal chunk size in bytes (kept between 64 KiB and 64 MiB). Chunks of about 1 MiB keep what
    /// was just read in the cache for the scan and the pipeline fine-grained.
    pub chunk_bytes: usize,
    /// Gitignore-style patterns of paths to leave out, e.g. `*.log` or `vendor/`.
    pub excludes: Vec<String>,
    /// Longest JSON Lines record or CSV field scanned whole; longer ones are skipped (JSON) or
    /// scanned in pieces of this size (CSV).
    pub max_record_bytes: usize,
}

impl Default for SourceOptions {
    fn default() -> SourceOptions {
        SourceOptions {
            threads: std::thread::available_parallelism().map_or(1, usize::from),
            chunk_bytes: 1 << 20,
            excludes: Vec::new(),
            max_record_bytes: 16 << 20,
        }
    }
}

/// Why a scan could not start.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// An exclude pattern is not a valid glob.
    #[error("bad exclude pattern {pattern:?}: {reason}")]
    Exclude {
        /// The pattern as given.
        pattern: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A scanning thread could not be started.
    #[error("cannot start {threads} scanning threads: {reason}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// The system's answer.
        reason: String,
    },
    /// Every scanning thread stopped before the scan ended (each ends only when there is no more
    /// work, so this is a bug, not bad input).
    #[error("the {threads} scanning threads stopped before the scan ended")]
    WorkersStopped {
        /// Threads started.
        threads: usize,
    },
}

/// One finding, located in its source.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The file's path as given or found by the walk; `-` for standard input.
    pub path: &'a str,
    /// Line number, from 1.
    pub line: u64,
    /// Byte offset of the value's first byte within its line.
    pub start: u64,
    /// Byte offset just after the value within its line.
    pub end: u64,
    /// Byte offset of the value's first byte within the file.
    pub offset: u64,
    /// What the value is.
    pub kind: Kind,
    /// How sure the detector is.
    pub confidence: f32,
    /// The value's bytes (mask them before showing them: [`crate::mask::mask`]).
    pub value: &'a [u8],
    /// The CSV column the value is in.
    pub column: Option<&'a str>,
    /// The JSON path of the value in its JSON Lines record, like `$.customer.phones[0]`.
    pub json_path: Option<&'a str>,
}

/// What a scan tells its caller, in order.
#[derive(Debug)]
pub enum Event<'a> {
    /// A finding.
    Finding(Report<'a>),
    /// A file, or part of one, was not scanned.
    Skipped {
        /// The file.
        path: &'a str,
        /// Why, in a few words.
        reason: &'a str,
    },
    /// Bytes scanned so far, after each file or chunk of one is reported.
    Progress {
        /// Total bytes scanned.
        bytes: u64,
    },
}

/// Totals of a finished scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files (and standard input) scanned, wholly or partly.
    pub files: u64,
    /// Bytes scanned.
    pub bytes: u64,
    /// Findings reported.
    pub findings: u64,
    /// Files or parts of files skipped.
    pub skipped: u64,
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Csv(u8),
    JsonLines,
}

fn format_of(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("csv") => Format::Csv(b','),
        Some("tsv") => Format::Csv(b'\t'),
        Some("jsonl" | "ndjson") => Format::JsonLines,
        _ => Format::Text,
    }
}

/// A piece of a text source with its context bytes around it.
struct Chunk {
    file: usize,
    data: Vec<u8>,
    region: Range<usize>,
    /// File offset of `data[0]`.
    offset: u64,
}

/// A unit of work, in input order.
enum Work {
    Chunk(Chunk),
    /// Values parsed from a CSV or JSON Lines file.
    Values(ValueBatch),
    Skip {
        file: usize,
        reason: String,
    },
}

impl Work {
    /// The index of the file this work is from.
    fn file(&self) -> usize {
        match self {
            Work::Chunk(Chunk { file, .. }) | Work::Values(ValueBatch { file, .. }) | Work::Skip { file, .. } => *file,
        }
    }
}

/// A finding of a chunk with what is needed to number its line.
struct Located {
    finding: Finding,
    /// Newlines in the chunk's region before the finding.
    newlines_before: u64,
    /// Index in `data` where the finding's line starts, if that is inside the region.
    line_start: Option<usize>,
}

struct ChunkResult {
    found: Vec<Located>,
    newlines: u64,
    last_line_start: Option<usize>,
}

/// What a scanning thread made of a unit of work.
enum Scanned {
    Chunk(ChunkResult),
    Values(ValueFindings),
}

/// The reader of the file being read, by format.
enum Reader {
    Text(ChunkReader),
    // Boxed: csv_core's parser tables make it far larger than the others.
    Csv(Box<ValueReader<CsvParser>>),
    JsonLines(ValueReader<JsonLinesParser>),
}

/// Reads a text source into chunks.
struct ChunkReader {
    file: usize,
    reader: Box<dyn Read + Send>,
    /// Lookbehind bytes, then bytes not yet handed out.
    buf: Vec<u8>,
    /// Where the next region starts in `buf`.
    from: usize,
    /// File offset of `buf[0]`.
    offset: u64,
    /// Bytes the source is expected to hold from `buf[0]` on (a file's size), if known: buffers
    /// are sized for it rather than grown while reading.
    expected_bytes: Option<u64>,
    eof: bool,
    first: bool,
    chunk_bytes: usize,
}

impl ChunkReader {
    fn new(file: usize, reader: Box<dyn Read + Send>, chunk_bytes: usize, expected_bytes: Option<u64>) -> ChunkReader {
        ChunkReader {
            file,
            reader,
            buf: Vec::new(),
            from: 0,
            offset: 0,
            expected_bytes,
            eof: false,
            first: true,
            chunk_bytes,
        }
    }

    /// The next chunk, `Ok(None)` at the end, or an error message (read error, binary file). The
    /// buffer of the chunk after it is taken from `spare` when there is one.
    fn next_chunk(&mut self, spare: &mut SpareBuffers) -> Result<Option<Chunk>, String> {
        let want = self.from + self.chunk_bytes + SPLIT_SEARCH_BYTES + LOOKAHEAD_BYTES;
        let expected = self.expected_bytes.map_or(want, |n| usize::try_from(n).unwrap_or(want).min(want));
        // One allocation of the right size instead of doubling while reading (plus one byte, so that
        // the read that sees the end of a file of the expected size does not grow the buffer).
        self.buf.reserve((expected + 1).saturating_sub(self.buf.len()));
        while !self.eof && self.buf.len() < want {
            let missing = (want - self.buf.len()) as u64;
            let got = (&mut self.reader)
                .take(missing)
                .read_to_end(&mut self.buf)
                .map_err(|e| format!("read error after {} bytes: {e}", self.offset + self.buf.len() as u64))?;
            self.eof = got == 0;
        }
        if self.first {
            self.first = false;
            if memchr::memchr(0, &self.buf[..self.buf.len().min(BINARY_CHECK_BYTES)]).is_some() {
                return Err("binary file (a NUL byte in its first 8 KiB)".into());
            }
        }
        if self.from >= self.buf.len() {
            return Ok(None);
        }
        let nominal = self.from + self.chunk_bytes;
        let to = if nominal >= self.buf.len() { self.buf.len() } else { split_point(&self.buf, nominal) };
        let keep_from = to.saturating_sub(LOOKBEHIND_BYTES);
        let mut rest = spare.take();
        rest.extend_from_slice(&self.buf[keep_from..]);
        let mut data = std::mem::replace(&mut self.buf, rest);
        data.truncate(data.len().min(to + LOOKAHEAD_BYTES));
        let chunk = Chunk { file: self.file, data, region: self.from..to, offset: self.offset };
        self.offset += keep_from as u64;
        self.expected_bytes = self.expected_bytes.map(|n| n.saturating_sub(keep_from as u64));
        self.from = to - keep_from;
        Ok(Some(chunk))
    }
}

/// Chunk buffers whose findings have been reported, kept for the chunks still to be read: reading
/// into memory that is already mapped saves the page faults of a fresh allocation per chunk.
pub(crate) struct SpareBuffers {
    buffers: Vec<Vec<u8>>,
    /// How many are kept at most; the rest are freed.
    max_buffers: usize,
}

impl SpareBuffers {
    /// No buffers yet; at most `max_buffers` kept.
    pub(crate) fn new(max_buffers: usize) -> SpareBuffers {
        SpareBuffers { buffers: Vec::new(), max_buffers }
    }

    /// An empty buffer, with capacity if a spare one is left.
    pub(crate) fn take(&mut self) -> Vec<u8> {
        let mut buffer = self.buffers.pop().unwrap_or_default();
        buffer.clear();
        buffer
    }

    /// Keeps the buffer of reported work for reuse, if fewer than allowed are kept.
    fn put_back(&mut self, work: Work) {
        let buffer = match work {
            Work::Chunk(chunk) => chunk.data,
            Work::Values(values) => values.text,
            Work::Skip { .. } => return,
        };
        if self.buffers.len() < self.max_buffers {
            self.buffers.push(buffer);
        }
    }
}

/// Produces work in input order: walks the inputs, opens files, cuts them into chunks.
struct Producer {
    pending: std::vec::IntoIter<Input>,
    walk: Option<ignore::Walk>,
    reader: Option<Reader>,
    paths: Vec<String>,
    excludes: Vec<String>,
    chunk_bytes: usize,
    max_record_bytes: usize,
    /// Whether JSON Lines records are parsed here rather than by the scanning threads: with one
    /// scanning thread, the reading thread parsing beside it is faster; with more, parsing
    /// scales with them.
    parse_records: bool,
    spare: SpareBuffers,
}

impl Producer {
    fn add_path(&mut self, path: String) -> usize {
        self.paths.push(path);
        self.paths.len() - 1
    }

    fn open(&mut self, path: PathBuf) -> Work {
        let file = self.add_path(path.display().to_string());
        let f = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => return Work::Skip { file, reason: format!("cannot open: {e}") },
        };
        let records = |f| Box::new(BufReader::with_capacity(1 << 20, f));
        self.reader = Some(match format_of(&path) {
            Format::Text => {
                let size = f.metadata().ok().filter(std::fs::Metadata::is_file).map(|m| m.len());
                Reader::Text(ChunkReader::new(file, Box::new(f), self.chunk_bytes, size))
            }
            Format::Csv(delimiter) => Reader::Csv(Box::new(ValueReader::new(
                file,
                CsvParser::new(records(f), delimiter, self.max_record_bytes),
            ))),
            Format::JsonLines => {
                Reader::JsonLines(ValueReader::new(file, JsonLinesParser::new(records(f), self.max_record_bytes)))
            }
        });
        self.next_from_reader().unwrap_or(Work::Skip { file, reason: String::new() })
    }

    fn next_from_reader(&mut self) -> Option<Work> {
        let (file, next) = match self.reader.as_mut()? {
            Reader::Text(r) => (r.file, r.next_chunk(&mut self.spare).map(|c| c.map(Work::Chunk))),
            Reader::Csv(r) => (r.file(), r.next_batch(self.chunk_bytes, &mut self.spare).map(|b| b.map(Work::Values))),
            Reader::JsonLines(r) => {
                let mut next = r.next_batch(self.chunk_bytes, &mut self.spare);
                if self.parse_records
                    && let Ok(Some(batch)) = &mut next
                {
                    parse_records(batch);
                }
                (r.file(), next.map(|b| b.map(Work::Values)))
            }
        };
        match next {
            Ok(Some(work)) => Some(work),
            Ok(None) => {
                self.reader = None;
                None
            }
            Err(reason) => {
                self.reader = None;
                Some(Work::Skip { file, reason })
            }
        }
    }

    fn walker(&self, root: &Path) -> Result<ignore::Walk, SourceError> {
        let overrides = exclusions(root, &self.excludes)?;
        Ok(ignore::WalkBuilder::new(root)
            .hidden(false)
            .overrides(overrides)
            .filter_entry(|e| e.file_name() != ".git")
            .sort_by_file_name(std::cmp::Ord::cmp)
            .build())
    }

    /// The next unit of work, or `None` when every input is done.
    fn next(&mut self) -> Result<Option<Work>, SourceError> {
        loop {
            if let Some(work) = self.next_from_reader() {
                // An empty file yields no chunk and no work; skip-with-empty-reason marks that.
                if matches!(&work, Work::Skip { reason, .. } if reason.is_empty()) {
                    continue;
                }
                return Ok(Some(work));
            }
            if let Some(walk) = self.walk.as_mut() {
                match walk.next() {
                    Some(Ok(entry)) if entry.file_type().is_some_and(|t| t.is_file()) => {
                        let work = self.open(entry.into_path());
                        if matches!(&work, Work::Skip { reason, .. } if reason.is_empty()) {
                            continue;
                        }
                        return Ok(Some(work));
                    }
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => {
                        let file = self.add_path(walk_error_path(&e));
                        return Ok(Some(Work::Skip { file, reason: format!("cannot read: {e}") }));
                    }
                    None => self.walk = None,
                }
                continue;
            }
            match self.pending.next() {
                None => return Ok(None),
                Some(Input::Stdin) => {
                    let file = self.add_path("-".into());
                    self.reader =
                        Some(Reader::Text(ChunkReader::new(file, Box::new(std::io::stdin()), self.chunk_bytes, None)));
                }
                Some(Input::Path(path)) => match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => self.walk = Some(self.walker(&path)?),
                    Ok(_) => {
                        let work = self.open(path);
                        if matches!(&work, Work::Skip { reason, .. } if reason.is_empty()) {
                            continue;
                        }
                        return Ok(Some(work));
                    }
                    Err(e) => {
                        let file = self.add_path(path.display().to_string());
                        return Ok(Some(Work::Skip { file, reason: format!("cannot read: {e}") }));
                    }
                },
            }
        }
    }
}

/// The exclude patterns as the walk of `root` applies them, or the first that is not a valid glob.
fn exclusions(root: &Path, excludes: &[String]) -> Result<ignore::overrides::Override, SourceError> {
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    for pattern in excludes {
        overrides
            .add(&format!("!{pattern}"))
            .map_err(|e| SourceError::Exclude { pattern: pattern.clone(), reason: e.to_string() })?;
    }
    overrides.build().map_err(|e| SourceError::Exclude { pattern: excludes.join(" "), reason: e.to_string() })
}

fn walk_error_path(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { path, .. } => path.display().to_string(),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => walk_error_path(err),
        _ => "?".into(),
    }
}

/// Scans a chunk's region, then numbers the findings' lines in one pass over its newlines.
fn scan_chunk(scanner: &Scanner, state: &mut ScanState, chunk: &Chunk) -> ChunkResult {
    let mut found = Vec::new();
    scanner.scan_region(state, &chunk.data, chunk.region.clone(), &mut |finding| {
        found.push(Located { finding, newlines_before: 0, line_start: None });
    });
    let region = &chunk.data[chunk.region.clone()];
    let mut newlines = 0u64;
    let mut line_start = None;
    let mut unnumbered = found.iter_mut().peekable();
    for newline in memchr::memchr_iter(b'\n', region).map(|n| chunk.region.start + n) {
        while let Some(located) = unnumbered.next_if(|l| l.finding.start <= newline) {
            (located.newlines_before, located.line_start) = (newlines, line_start);
        }
        newlines += 1;
        line_start = Some(newline + 1);
    }
    for located in unnumbered {
        (located.newlines_before, located.line_start) = (newlines, line_start);
    }
    ChunkResult { found, newlines, last_line_start: line_start }
}

/// Scans one unit of work (a skip needs no scanning).
fn scan_work(scanner: &Scanner, state: &mut ScanState, work: &mut Work) -> Option<Scanned> {
    match work {
        Work::Chunk(chunk) => Some(Scanned::Chunk(scan_chunk(scanner, state, chunk))),
        Work::Values(values) => Some(Scanned::Values(crate::structured::scan_values(scanner, state, values))),
        Work::Skip { .. } => None,
    }
}

/// A unit of work with its place in input order.
type Numbered = (u64, Work);
/// A unit of work back from a scanning thread, with what the scan made of it.
type Done = (u64, Work, Result<Option<Scanned>, String>);

/// A scanning thread: takes work from the queue until it is closed, scans it with its own scratch
/// space, and sends it back. A panic while scanning (a bug) costs that unit of work, reported as
/// skipped, not the scan.
fn scan_worker(scanner: &Scanner, queue: &Mutex<mpsc::Receiver<Numbered>>, done: &mpsc::Sender<Done>) {
    let mut state = scanner.state();
    loop {
        // The lock is held only while waiting for the next unit, never while scanning.
        let next = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).recv();
        let Ok((seq, mut work)) = next else { return };
        let scanned =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| scan_work(scanner, &mut state, &mut work)));
        let result = scanned.map_err(|panic| {
            state = scanner.state();
            let what = panic.downcast_ref::<&str>().copied().or(panic.downcast_ref::<String>().map(String::as_str));
            format!("internal error while scanning: {}", what.unwrap_or("panic"))
        });
        if done.send((seq, work, result)).is_err() {
            return;
        }
    }
}

/// Line bookkeeping of the file being reported.
#[derive(Debug, Default)]
struct FileLines {
    file: usize,
    lines: u64,
    line_start: u64,
}

/// Scans `inputs` and reports findings, skips and progress through `on_event`, in input order.
///
/// `options.threads` threads scan; the calling thread reads ahead of them and reports behind them,
/// so that neither reading nor writing the findings stops the scan.
pub fn scan_sources(
    scanner: &Scanner,
    inputs: &[Input],
    options: &SourceOptions,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, SourceError> {
    // A bad pattern is an error before anything is scanned, not when the first directory is reached.
    exclusions(Path::new("."), &options.excludes)?;
    let threads = options.threads.max(1);
    let chunk_bytes = options.chunk_bytes.clamp(MIN_CHUNK_BYTES, MAX_CHUNK_BYTES);
    // Units read but not yet reported: enough to keep every thread busy while one is reported.
    let max_ahead = 2 * threads.min(MAX_QUEUE_THREADS) + 2;
    let mut producer = Producer {
        pending: Vec::from(inputs).into_iter(),
        walk: None,
        reader: None,
        paths: Vec::new(),
        excludes: options.excludes.clone(),
        chunk_bytes,
        max_record_bytes: options.max_record_bytes,
        parse_records: threads == 1,
        spare: SpareBuffers::new(max_ahead),
    };
    let (queue_tx, queue_rx) = mpsc::sync_channel::<Numbered>(max_ahead);
    let queue_rx = Mutex::new(queue_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    std::thread::scope(|scope| {
        // Moved in, so that leaving this closure, by an error too, closes the queue: the workers
        // end, and the scope's join does not wait for them forever.
        let queue_tx = queue_tx;
        for i in 0..threads {
            let (queue_rx, done_tx) = (&queue_rx, done_tx.clone());
            std::thread::Builder::new()
                .name(format!("pii-scan-{i}"))
                .spawn_scoped(scope, move || scan_worker(scanner, queue_rx, &done_tx))
                .map_err(|e| SourceError::Threads { threads, reason: e.to_string() })?;
        }
        drop(done_tx);
        let mut reporter =
            Reporter { lines: FileLines { file: usize::MAX, ..FileLines::default() }, summary: Summary::default() };
        let mut ahead = Ahead { max_units: max_ahead as u64, threads, ..Ahead::default() };
        loop {
            ahead.fill(&mut producer, &queue_tx)?;
            let Some((work, result)) = ahead.next(&done_rx)? else { return Ok(reporter.summary) };
            reporter.report(&producer.paths, &work, result, on_event);
            on_event(Event::Progress { bytes: reporter.summary.bytes });
            producer.spare.put_back(work);
        }
    })
}

/// A unit of work back in input order, with what the scan made of it.
type Returned = (Work, Result<Option<Scanned>, String>);

/// The calling thread's side of the scan: units of work read and not yet reported.
#[derive(Default)]
struct Ahead {
    /// At most this many units are out at once.
    max_units: u64,
    /// Scanning threads, for the error when they are gone.
    threads: usize,
    /// Units read so far: the number the next one gets.
    read: u64,
    /// Units reported so far: the number of the next to report.
    reported: u64,
    /// Units back from the workers, and skips (which need no scan), waiting for their turn.
    arrived: BTreeMap<u64, Returned>,
    input_done: bool,
}

impl Ahead {
    /// Reads work and queues it for the workers until enough is out or the input ends.
    fn fill(&mut self, producer: &mut Producer, queue: &mpsc::SyncSender<Numbered>) -> Result<(), SourceError> {
        while !self.input_done && self.read - self.reported < self.max_units {
            match producer.next()? {
                None => {
                    self.input_done = true;
                    return Ok(());
                }
                Some(work @ Work::Skip { .. }) => drop(self.arrived.insert(self.read, (work, Ok(None)))),
                Some(work) => queue.send((self.read, work)).map_err(|_| workers_gone(self.threads))?,
            }
            self.read += 1;
        }
        Ok(())
    }

    /// The next unit in input order, waiting for the worker that has it; `None` when every unit
    /// read has been reported.
    fn next(&mut self, done: &mpsc::Receiver<Done>) -> Result<Option<Returned>, SourceError> {
        if self.reported == self.read {
            return Ok(None);
        }
        loop {
            if let Some(next) = self.arrived.remove(&self.reported) {
                self.reported += 1;
                return Ok(Some(next));
            }
            let (seq, work, result) = done.recv().map_err(|_| workers_gone(self.threads))?;
            self.arrived.insert(seq, (work, result));
        }
    }
}

/// The error when every scanning thread is gone (each ends only when the queue closes, or by a
/// panic outside the scan itself).
fn workers_gone(threads: usize) -> SourceError {
    SourceError::WorkersStopped { threads }
}

/// Reports work in input order and keeps the count.
struct Reporter {
    lines: FileLines,
    summary: Summary,
}

impl Reporter {
    fn report(
        &mut self,
        paths: &[String],
        work: &Work,
        result: Result<Option<Scanned>, String>,
        on_event: &mut dyn FnMut(Event<'_>),
    ) {
        match result {
            Ok(scanned) => report(paths, work, scanned, &mut self.lines, &mut self.summary, on_event),
            Err(reason) => {
                self.summary.skipped += 1;
                on_event(Event::Skipped { path: &paths[work.file()], reason: &reason });
            }
        }
    }
}

/// Reports one unit of work's findings (or why it was skipped) and counts it.
fn report(
    paths: &[String],
    work: &Work,
    result: Option<Scanned>,
    lines: &mut FileLines,
    summary: &mut Summary,
    on_event: &mut dyn FnMut(Event<'_>),
) {
    let file = work.file();
    if let Work::Skip { reason, .. } = work {
        summary.skipped += 1;
        on_event(Event::Skipped { path: &paths[file], reason });
        return;
    }
    if lines.file != file {
        *lines = FileLines { file, lines: 0, line_start: 0 };
        summary.files += 1;
    }
    match (work, result) {
        (Work::Chunk(chunk), Some(Scanned::Chunk(result))) => {
            report_chunk(&paths[file], chunk, &result, lines, summary, on_event);
        }
        (Work::Values(batch), Some(Scanned::Values(found))) => {
            crate::structured::report_values(batch, &found, &paths[file], summary, on_event);
        }
        _ => {}
    }
}

/// Reports the findings of a chunk of text, numbering their lines from where the last chunk ended.
fn report_chunk(
    path: &str,
    chunk: &Chunk,
    result: &ChunkResult,
    lines: &mut FileLines,
    summary: &mut Summary,
    on_event: &mut dyn FnMut(Event<'_>),
) {
    for located in &result.found {
        let f = located.finding;
        let line_start = located.line_start.map_or(lines.line_start, |p| chunk.offset + p as u64);
        let offset = chunk.offset + f.start as u64;
        let start = offset.saturating_sub(line_start);
        on_event(Event::Finding(Report {
            path,
            line: lines.lines + located.newlines_before + 1,
            start,
            end: start + (f.end - f.start) as u64,
            offset,
            kind: f.kind,
            confidence: f.confidence,
            value: &chunk.data[f.start..f.end],
            column: None,
            json_path: None,
        }));
        summary.findings += 1;
    }
    lines.lines += result.newlines;
    if let Some(p) = result.last_line_start {
        lines.line_start = chunk.offset + p as u64;
    }
    summary.bytes += chunk.region.len() as u64;
}

/// Reads one line of at most `max_bytes` (without its newline) into `line`. Returns the bytes
/// consumed (0 at the end) and whether the line was longer than the limit (then its rest was
/// read past and not kept).
pub(crate) fn read_line_bounded(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    max_bytes: usize,
) -> std::io::Result<(u64, bool)> {
    line.clear();
    let mut consumed = 0u64;
    let mut too_long = false;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok((consumed, too_long));
        }
        let (take, done) = match memchr::memchr(b'\n', buf) {
            Some(nl) => (nl + 1, true),
            None => (buf.len(), false),
        };
        let content = &buf[..if done { take - 1 } else { take }];
        if line.len() + content.len() > max_bytes {
            too_long = true;
        } else if !too_long {
            line.extend_from_slice(content);
        }
        reader.consume(take);
        consumed += take as u64;
        if done {
            return Ok((consumed, too_long));
        }
    }
}
