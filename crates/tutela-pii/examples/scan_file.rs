//! Scans one file in memory on one thread and prints the throughput; with `--findings FILE`, also
//! writes the findings as JSON Lines (`kind`, `offset`, `length`) for `pii-corpus eval`.
//!
//! `cargo run --release -p tutela-pii --example scan_file -- corpus.txt [--findings out.jsonl]`

use std::io::Write;
use std::time::Instant;

use tutela_pii::{ScanOptions, Scanner};

/// Nanoseconds this thread has run on a CPU (Linux), which other load on the machine does not
/// inflate the way it inflates wall-clock time.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: scan_file FILE [--findings OUT]")?;
    let data = std::fs::read(path)?;
    let scanner = Scanner::new(ScanOptions::default())?;
    let mut state = scanner.state();
    let mut findings = Vec::new();
    let started = Instant::now();
    let cpu_started = thread_cpu_ns();
    scanner.scan(&mut state, &data, &mut |f| findings.push(f));
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_started.zip(thread_cpu_ns()).map(|(a, b)| (b - a) as f64 / 1e9);
    let mb = data.len() as f64 / 1e6;
    print!("{} bytes, {} findings, wall {seconds:.3} s ({:.1} MB/s)", data.len(), findings.len(), mb / seconds);
    match cpu {
        Some(cpu) => println!(", on-CPU {cpu:.3} s ({:.1} MB/s)", mb / cpu),
        None => println!(),
    }
    if let Some(out) = args.iter().position(|a| a == "--findings").and_then(|i| args.get(i + 1)) {
        let mut out = std::io::BufWriter::new(std::fs::File::create(out)?);
        for f in &findings {
            writeln!(out, r#"{{"kind":"{}","offset":{},"length":{}}}"#, f.kind, f.start, f.end - f.start)?;
        }
    }
    Ok(())
}
