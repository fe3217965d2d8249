//! `pii-corpus gen`: writes a labelled multilingual corpus with planted values of every kind and
//! decoys whose check digits are wrong. `pii-corpus eval`: scores a scanner's findings against the
//! labels, per kind.
//!
//! Usage:
//!   pii-corpus gen --seed 42 --bytes 50000000 --out corpus.txt --labels labels.jsonl
//!   pii-corpus eval --labels labels.jsonl --findings findings.jsonl [--limit BYTES]
//!
//! Labels are JSON Lines `{"offset","length","kind","decoy"}` with byte offsets into the corpus.
//! Findings are JSON Lines with `kind`, `offset` (byte offset in the file) and either `length` or
//! `start`/`end`; a finding is a true positive when it has the label's kind and overlaps it.

mod checks;
mod rng;
mod text;
mod values;

use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, Write};

use rng::Rng;
use text::{LANGS, Lang};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let result = match args.get(1).map(String::as_str) {
        Some("gen") => gen_corpus(&args),
        Some("eval") => eval(&args),
        _ => Err("usage: pii-corpus gen|eval ... (see the source's header)".into()),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

struct Label {
    offset: usize,
    length: usize,
    kind: &'static str,
    decoy: bool,
}

fn fill_noise(template: &str, rng: &mut Rng) -> String {
    let mut s = template.to_owned();
    let subs: [(&str, fn(&mut Rng) -> String); 9] = [
        ("{date}", |r| format!("{}-{:02}-{:02}", 2015 + r.below(11), 1 + r.below(12), 1 + r.below(28))),
        ("{dmy}", |r| format!("{:02}.{:02}.{}", 1 + r.below(28), 1 + r.below(12), 2015 + r.below(11))),
        ("{time}", |r| format!("{:02}:{:02}", 8 + r.below(11), r.below(60))),
        ("{amount}", |r| format!("{},{:03}.{:02}", 1 + r.below(99), r.below(1000), r.below(100))),
        ("{short}", |r| format!("{}", 1000 + r.below(900_000))),
        ("{n}", |r| format!("{}", 1 + r.below(30))),
        ("{pct}", |r| format!("{}.{}", r.below(40), r.below(10))),
        ("{year}", |r| format!("{}", 2010 + r.below(16))),
        ("{ver}", |r| format!("{}.{}.{}", 1 + r.below(9), r.below(20), r.below(30))),
    ];
    for (key, f) in subs {
        while let Some(at) = s.find(key) {
            s.replace_range(at..at + key.len(), &f(rng));
        }
    }
    s
}

/// Appends a sentence carrying a value of `kind` and records its label.
fn plant(
    out: &mut String,
    base: usize,
    lang: Lang,
    kind: &'static str,
    decoy: bool,
    rng: &mut Rng,
    labels: &mut Vec<Label>,
) {
    let template = *rng.pick(text::templates(lang));
    // Passports are only reported next to a label, so they always get one.
    let label =
        if kind != "ru_passport" && rng.chance(0.3) { text::generic_label(lang) } else { text::label(kind, lang) };
    let value = if decoy { values::decoy(kind, rng) } else { values::valid(kind, rng) };
    let (before, after) = template.split_once("{V}").expect("template has {V}");
    out.push_str(&before.replace("{L}", label));
    labels.push(Label { offset: base + out.len(), length: value.len(), kind, decoy });
    out.push_str(&value);
    out.push_str(&after.replace("{L}", label));
}

fn gen_corpus(args: &[String]) -> Result<()> {
    let seed: u64 = arg(args, "--seed").unwrap_or_else(|| "42".into()).parse()?;
    let bytes: usize = arg(args, "--bytes").ok_or("--bytes is required")?.parse()?;
    let out_path = arg(args, "--out").ok_or("--out is required")?;
    let labels_path = arg(args, "--labels").ok_or("--labels is required")?;
    let mut rng = Rng::new(seed);
    let mut out = BufWriter::new(std::fs::File::create(&out_path)?);
    let mut labels = Vec::new();
    let mut written = 0;
    let mut paragraph = String::new();
    while written < bytes {
        paragraph.clear();
        let lang = *rng.pick(&LANGS);
        let sentences = 4 + rng.below(5);
        for i in 0..sentences {
            if i > 0 && lang != Lang::Zh {
                paragraph.push(' ');
            }
            let roll = rng.below(100);
            if roll < 30 {
                let kind = *rng.pick(&values::KINDS);
                let decoy = values::checksummed(kind) && rng.chance(0.2);
                plant(&mut paragraph, written, lang, kind, decoy, &mut rng, &mut labels);
            } else if roll < 45 {
                let template = *rng.pick(text::noise(lang));
                paragraph.push_str(&fill_noise(template, &mut rng));
            } else {
                paragraph.push_str(*rng.pick(text::fillers(lang)));
            }
        }
        paragraph.push('\n');
        out.write_all(paragraph.as_bytes())?;
        written += paragraph.len();
    }
    out.flush()?;
    let mut lf = BufWriter::new(std::fs::File::create(&labels_path)?);
    for l in &labels {
        writeln!(lf, r#"{{"offset":{},"length":{},"kind":"{}","decoy":{}}}"#, l.offset, l.length, l.kind, l.decoy)?;
    }
    lf.flush()?;
    eprintln!("wrote {written} bytes, {} labels ({} decoys)", labels.len(), labels.iter().filter(|l| l.decoy).count());
    Ok(())
}

fn read_jsonl(path: &str) -> Result<Vec<serde_json::Value>> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut rows = Vec::new();
    for line in file.lines() {
        let line = line?;
        if !line.trim().is_empty() {
            rows.push(serde_json::from_str(&line)?);
        }
    }
    Ok(rows)
}

#[derive(Default)]
struct Score {
    labels: usize,
    found: usize,
    true_pos: usize,
    false_pos: usize,
    decoys: usize,
    decoys_reported: usize,
}

fn eval(args: &[String]) -> Result<()> {
    let labels = read_jsonl(&arg(args, "--labels").ok_or("--labels is required")?)?;
    let findings = read_jsonl(&arg(args, "--findings").ok_or("--findings is required")?)?;
    let limit: u64 = arg(args, "--limit").map(|s| s.parse()).transpose()?.unwrap_or(u64::MAX);
    let span = |v: &serde_json::Value| -> (u64, u64, String) {
        let offset = v["offset"].as_u64().unwrap_or(0);
        let length =
            v["length"].as_u64().unwrap_or_else(|| v["end"].as_u64().unwrap_or(0) - v["start"].as_u64().unwrap_or(0));
        (offset, offset + length, v["kind"].as_str().unwrap_or("").to_owned())
    };
    // Labels sorted by offset; a finding is matched by binary search for overlapping labels.
    let mut spans: Vec<(u64, u64, String, bool, bool)> = labels
        .iter()
        .map(|l| {
            let (s, e, k) = span(l);
            (s, e, k, l["decoy"].as_bool().unwrap_or(false), false)
        })
        .filter(|l| l.1 <= limit)
        .collect();
    spans.sort_by_key(|l| l.0);
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    for l in &spans {
        let s = scores.entry(l.2.clone()).or_default();
        if l.3 { s.decoys += 1 } else { s.labels += 1 }
    }
    for f in &findings {
        let (start, end, kind) = span(f);
        if end > limit {
            continue;
        }
        let first = spans.partition_point(|l| l.1 <= start);
        let mut hit = false;
        let mut decoy_hit = false;
        for l in spans[first..].iter_mut().take_while(|l| l.0 < end) {
            if l.2 == kind && !l.3 {
                hit = true;
                l.4 = true;
            } else if l.2 == kind && l.3 {
                decoy_hit = true;
            }
        }
        let s = scores.entry(kind).or_default();
        s.found += 1;
        if hit {
            s.true_pos += 1
        } else {
            s.false_pos += 1
        }
        if decoy_hit {
            s.decoys_reported += 1;
        }
    }
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    for l in spans.iter().filter(|l| !l.3 && !l.4) {
        *missed.entry(l.2.clone()).or_default() += 1;
    }
    println!(
        "{:<16} {:>7} {:>7} {:>9} {:>7} {:>7} {:>7} {:>7}",
        "kind", "labels", "found", "precision", "recall", "decoys", "d.rep", "FP"
    );
    for (kind, s) in &scores {
        let recall = 1.0 - *missed.get(kind).unwrap_or(&0) as f64 / s.labels.max(1) as f64;
        let precision = if s.found == 0 { 1.0 } else { s.true_pos as f64 / s.found as f64 };
        println!(
            "{kind:<16} {:>7} {:>7} {precision:>9.4} {recall:>7.4} {:>7} {:>7} {:>7}",
            s.labels, s.found, s.decoys, s.decoys_reported, s.false_pos
        );
    }
    Ok(())
}
