//! Measures the scanner on one file: in memory on one thread (the engine alone), or with
//! `--threads N` through `scan_sources` (chunked reading and the thread pool, as `tutela scan`
//! runs it). Prints wall-clock and CPU throughput; with `--findings FILE` also writes the findings
//! as JSON Lines (`kind`, `offset`, `length`, `confidence`) for `pii-corpus eval`, and so that two
//! builds of the engine can be compared finding for finding. `--repeat N` scans the file N times in
//! memory (the rate is per pass), so that the CPU clock's 10 ms ticks matter less.
//!
//! `cargo run --release -p tutela-pii --example scan_file -- corpus.txt [--threads N [--chunk-bytes N]] [--repeat N] [--findings out.jsonl]`

use std::io::Write;
use std::time::Instant;

use tutela_pii::{Event, Input, ScanOptions, Scanner, SourceOptions, scan_sources};

/// CPU time of this process (all threads) in seconds, from /proc (Linux): other load on the
/// machine does not inflate it the way it inflates wall-clock time.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path =
        args.get(1).ok_or("usage: scan_file FILE [--threads N [--chunk-bytes N]] [--repeat N] [--findings OUT]")?;
    let scanner = Scanner::new(ScanOptions::default())?;
    let mut findings = Vec::new();
    let (bytes, started, cpu_started);
    match arg(&args, "--threads") {
        None => {
            let data = std::fs::read(path)?;
            let repeat: usize = arg(&args, "--repeat").map_or(Ok(1), |n| n.parse())?;
            bytes = (data.len() * repeat.max(1)) as f64;
            let mut state = scanner.state();
            (started, cpu_started) = (Instant::now(), process_cpu_seconds());
            scanner.scan(&mut state, &data, &mut |f| {
                findings.push((f.kind, f.start as u64, f.end - f.start, f.confidence));
            });
            for _ in 1..repeat {
                scanner.scan(&mut state, &data, &mut |_| {});
            }
        }
        Some(threads) => {
            let mut options = SourceOptions { threads: threads.parse()?, ..SourceOptions::default() };
            if let Some(chunk_bytes) = arg(&args, "--chunk-bytes") {
                options.chunk_bytes = chunk_bytes.parse()?;
            }
            (started, cpu_started) = (Instant::now(), process_cpu_seconds());
            let summary = scan_sources(&scanner, &[Input::Path(path.into())], &options, &mut |event| {
                if let Event::Finding(r) = event {
                    findings.push((r.kind, r.offset, r.value.len(), r.confidence));
                }
            })?;
            bytes = summary.bytes as f64;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_started.zip(process_cpu_seconds()).map(|(a, b)| b - a);
    let mb = bytes / 1e6;
    print!("{bytes} bytes, {} findings, wall {seconds:.3} s ({:.1} MB/s)", findings.len(), mb / seconds);
    match cpu {
        Some(cpu) if cpu > 0.0 => println!(", CPU {cpu:.2} s ({:.1} MB/s per CPU-second)", mb / cpu),
        _ => println!(),
    }
    if let Some(out) = arg(&args, "--findings") {
        let mut out = std::io::BufWriter::new(std::fs::File::create(out)?);
        for (kind, offset, length, confidence) in &findings {
            writeln!(out, r#"{{"kind":"{kind}","offset":{offset},"length":{length},"confidence":{confidence}}}"#)?;
        }
    }
    Ok(())
}
