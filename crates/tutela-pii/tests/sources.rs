//! Files, directories, CSV, JSON Lines and chunking, through `scan_sources`.

use std::path::Path;

use tutela_pii::{Event, Input, Kind, ScanOptions, Scanner, SourceOptions, scan_sources};

#[derive(Debug, Clone, PartialEq)]
struct Found {
    path: String,
    line: u64,
    start: u64,
    end: u64,
    offset: u64,
    kind: Kind,
    value: String,
    column: Option<String>,
    json_path: Option<String>,
}

fn scan(inputs: &[Input], options: &SourceOptions) -> (Vec<Found>, Vec<(String, String)>, tutela_pii::Summary) {
    let scanner = Scanner::new(ScanOptions::default()).unwrap();
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let summary = scan_sources(&scanner, inputs, options, &mut |event| match event {
        Event::Finding(r) => found.push(Found {
            path: r.path.to_owned(),
            line: r.line,
            start: r.start,
            end: r.end,
            offset: r.offset,
            kind: r.kind,
            value: String::from_utf8_lossy(r.value).into_owned(),
            column: r.column.map(str::to_owned),
            json_path: r.json_path.map(str::to_owned),
        }),
        Event::Skipped { path, reason } => skipped.push((path.to_owned(), reason.to_owned())),
        Event::Progress { .. } => {}
    })
    .unwrap();
    (found, skipped, summary)
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn lines_and_offsets_are_within_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "first line\nИНН 7707083893 и e-mail a.b@mail.ru\n").unwrap();
    let (found, skipped, summary) = scan(&[Input::Path(file)], &SourceOptions::default());
    assert!(skipped.is_empty());
    assert_eq!(found.len(), 2);
    assert_eq!((found[0].line, found[0].start, found[0].end, found[0].kind), (2, 7, 17, Kind::RuInn));
    assert_eq!((found[1].line, found[1].value.as_str()), (2, "a.b@mail.ru"));
    assert_eq!(found[1].offset, 11 + found[1].start);
    assert_eq!(summary.files, 1);
}

#[test]
fn directories_honour_ignore_files_excludes_and_skip_binaries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join(".ignore"), "ignored.txt\n").unwrap();
    std::fs::write(root.join("ignored.txt"), "ИНН 7707083893").unwrap();
    std::fs::write(root.join("kept.txt"), "ИНН 7707083893").unwrap();
    std::fs::write(root.join("app.log"), "ИНН 7707083893").unwrap();
    std::fs::write(root.join("blob.bin"), "\u{0}\u{1}ИНН 7707083893").unwrap();
    let options = SourceOptions { excludes: vec!["*.log".into()], ..SourceOptions::default() };
    let (found, skipped, summary) = scan(&[Input::Path(root.to_owned())], &options);
    let paths: Vec<String> = found.iter().map(|f| name(Path::new(&f.path))).collect();
    assert_eq!(paths, vec!["kept.txt"]);
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0].0.ends_with("blob.bin") && skipped[0].1.contains("binary"), "{skipped:?}");
    assert_eq!(summary.skipped, 1);
}

#[test]
fn a_missing_path_is_skipped_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "card 4111 1111 1111 1111").unwrap();
    let inputs = [Input::Path(dir.path().join("missing.txt")), Input::Path(good)];
    let (found, skipped, summary) = scan(&inputs, &SourceOptions::default());
    assert_eq!(found.len(), 1);
    assert!(skipped[0].0.ends_with("missing.txt") && skipped[0].1.starts_with("cannot read"));
    assert_eq!((summary.files, summary.skipped), (1, 1));
}

#[test]
fn csv_cells_carry_their_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("clients.csv");
    std::fs::write(&file, "name,passport_no,contact\nIvan,4510 123456,\"ivan@mail.ru\"\n").unwrap();
    let (found, _, _) = scan(&[Input::Path(file)], &SourceOptions::default());
    let got: Vec<_> = found.iter().map(|f| (f.kind, f.column.clone().unwrap(), f.line, f.start)).collect();
    assert_eq!(
        got,
        vec![(Kind::RuPassport, "passport_no".to_owned(), 2, 5), (Kind::Email, "contact".to_owned(), 2, 18)]
    );
}

#[test]
fn json_lines_values_carry_their_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.jsonl");
    let lines = "{\"user\":{\"phones\":[\"+7 495 123-45-67\"]}}\nnot json ИНН 7707083893\n{\"inn\":7707083893}\n";
    std::fs::write(&file, lines).unwrap();
    let (found, _, _) = scan(&[Input::Path(file)], &SourceOptions::default());
    let got: Vec<_> = found.iter().map(|f| (f.kind, f.json_path.clone(), f.line)).collect();
    assert_eq!(
        got,
        vec![
            (Kind::Phone, Some("$.user.phones[0]".to_owned()), 1),
            (Kind::RuInn, None, 2),
            (Kind::RuInn, Some("$.inn".to_owned()), 3),
        ]
    );
    assert_eq!(found[0].start, 20);
}

/// Text with many values on long lines and no newline at all in the middle, so that chunks are
/// cut inside lines.
fn big_text() -> String {
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(match i % 5 {
            0 => "Клиент указал ИНН 7707083893 в анкете. ",
            1 => "请核对身份证号码：11010519491231002X，谢谢。",
            2 => "Contact details, phone: +7 (495) 123-45-67. ",
            3 => "paid with 4111 1111 1111 1111 on Monday, ",
            _ => "write to ivan.petrov@mail.ru today. ",
        });
        if i % 1000 == 999 {
            text.push('\n');
        }
    }
    text
}

#[test]
fn chunks_find_every_value_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.txt");
    std::fs::write(&file, big_text()).unwrap();
    let whole = SourceOptions { threads: 1, chunk_bytes: 64 << 20, ..SourceOptions::default() };
    let chunked = SourceOptions { threads: 2, chunk_bytes: 64 << 10, ..SourceOptions::default() };
    let (a, _, sa) = scan(&[Input::Path(file.clone())], &whole);
    let (b, _, sb) = scan(&[Input::Path(file)], &chunked);
    let missing: Vec<&Found> = a.iter().filter(|f| !b.contains(f)).take(3).collect();
    let extra: Vec<&Found> = b.iter().filter(|f| !a.contains(f)).take(3).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing {missing:?}, extra {extra:?}");
    assert_eq!((a.len(), b.len()), (20_000, 20_000));
    assert_eq!(sa, sb);
}

#[test]
fn a_long_line_without_newlines_is_scanned_in_bounded_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one-line.txt");
    std::fs::write(&file, big_text().replace('\n', " ")).unwrap();
    let options = SourceOptions { chunk_bytes: 64 << 10, ..SourceOptions::default() };
    let (found, _, _) = scan(&[Input::Path(file)], &options);
    assert_eq!(found.len(), 20_000);
    assert!(found.iter().all(|f| f.line == 1 && f.offset == f.start));
}

/// The offsets of the newlines of `text`, to locate findings independently of the scanner.
fn newlines(text: &str) -> Vec<usize> {
    text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i).collect()
}

/// Where `offset` is, given the text's newlines: (line from 1, byte offset within the line).
fn line_and_column(newlines: &[usize], offset: usize) -> (u64, u64) {
    let before = newlines.partition_point(|&nl| nl < offset);
    let line_start = if before == 0 { 0 } else { newlines[before - 1] + 1 };
    (before as u64 + 1, (offset - line_start) as u64)
}

#[test]
fn many_files_of_many_sizes_are_located_exactly_with_reused_buffers() {
    let dir = tempfile::tempdir().unwrap();
    let text = big_text();
    // Sizes around the chunk size and far from it, so that buffers of big files are handed on to
    // small ones and the other way round; a leftover byte from an earlier file would shift offsets.
    let sizes = [text.len(), 300, 70_000, 1, 200_000, 65_536, 5_000, text.len() / 2];
    let mut files = Vec::new();
    for (i, size) in sizes.into_iter().enumerate() {
        let cut = (0..=size.min(text.len())).rev().find(|&n| text.is_char_boundary(n)).unwrap();
        let path = dir.path().join(format!("f{i}.txt"));
        std::fs::write(&path, &text[..cut]).unwrap();
        files.push((path.display().to_string(), text[..cut].to_owned(), newlines(&text[..cut])));
    }
    for threads in [1, 2] {
        let options = SourceOptions { threads, chunk_bytes: 64 << 10, ..SourceOptions::default() };
        let (found, skipped, summary) = scan(&[Input::Path(dir.path().to_owned())], &options);
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(summary.files, files.len() as u64 - 1, "the one-byte file is scanned too, the empty cut is not");
        for f in &found {
            let (_, content, newlines) = files.iter().find(|(p, ..)| *p == f.path).expect("a file of the scan");
            let offset = f.offset as usize;
            assert_eq!(&content[offset..offset + f.value.len()], f.value, "{f:?}");
            assert_eq!(line_and_column(newlines, offset), (f.line, f.start), "{f:?}");
        }
        let expected: usize = files.iter().map(|(_, content, _)| scan_text_count(content)).sum();
        assert_eq!(found.len(), expected, "{threads} thread(s)");
    }
}

/// Findings of the engine over `content` in memory, in one piece.
fn scan_text_count(content: &str) -> usize {
    let scanner = Scanner::new(ScanOptions::default()).unwrap();
    let mut state = scanner.state();
    let mut count = 0;
    scanner.scan(&mut state, content.as_bytes(), &mut |_| count += 1);
    count
}

#[test]
fn big_csv_and_json_lines_files_are_scanned_in_batches_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut csv, mut jsonl) = (String::from("id,passport_no,contact\n"), String::new());
    let rows = 20_000;
    for i in 0..rows {
        csv.push_str(&format!("{i},4510 123456,\"user{i}@mail.ru\"\n"));
        if i == rows / 2 {
            // Longer than the record limit: skipped, and reported where it is.
            jsonl.push_str(&format!("{{\"note\":\"{}\"}}\n", "x".repeat(2000)));
        } else {
            jsonl.push_str(&format!("{{\"id\":{i},\"user\":{{\"inn\":\"7707083893\"}}}}\n"));
        }
    }
    std::fs::write(dir.path().join("a.csv"), &csv).unwrap();
    std::fs::write(dir.path().join("b.jsonl"), &jsonl).unwrap();
    for threads in [1, 2] {
        let options = SourceOptions { threads, chunk_bytes: 64 << 10, max_record_bytes: 1024, ..Default::default() };
        let (found, skipped, summary) = scan(&[Input::Path(dir.path().to_owned())], &options);
        let (csv_found, json_found): (Vec<&Found>, Vec<&Found>) = found.iter().partition(|f| f.path.ends_with(".csv"));
        assert_eq!(csv_found.len(), 2 * rows, "{threads} thread(s)");
        for (i, pair) in csv_found.chunks(2).enumerate() {
            let line = i as u64 + 2;
            assert_eq!(
                (pair[0].kind, pair[0].column.as_deref(), pair[0].line),
                (Kind::RuPassport, Some("passport_no"), line)
            );
            assert_eq!((pair[1].kind, pair[1].value.as_str()), (Kind::Email, format!("user{i}@mail.ru").as_str()));
            assert_eq!(&csv[pair[1].offset as usize..][..pair[1].value.len()], pair[1].value);
        }
        assert_eq!(json_found.len(), rows - 1);
        let lines: Vec<u64> = json_found.iter().map(|f| f.line).collect();
        let expected: Vec<u64> = (1..=rows as u64).filter(|&l| l != rows as u64 / 2 + 1).collect();
        assert_eq!(lines, expected);
        assert!(json_found.iter().all(|f| f.kind == Kind::RuInn && f.json_path.as_deref() == Some("$.user.inn")));
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(skipped[0].1.contains(&format!("line {}", rows / 2 + 1)), "{skipped:?}");
        assert_eq!(summary.bytes, (csv.len() + jsonl.len()) as u64);
        assert_eq!((summary.files, summary.skipped), (2, 1));
    }
}

#[test]
fn a_bad_exclude_pattern_is_an_error_before_anything_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("first.txt");
    std::fs::write(&file, big_text()).unwrap();
    let options =
        SourceOptions { threads: 2, chunk_bytes: 64 << 10, excludes: vec!["a[".into()], ..Default::default() };
    let scanner = Scanner::new(ScanOptions::default()).unwrap();
    let mut findings = 0;
    let inputs = [Input::Path(file), Input::Path(dir.path().to_owned())];
    let outcome = scan_sources(&scanner, &inputs, &options, &mut |event| {
        findings += u32::from(matches!(event, Event::Finding(_)));
    });
    match outcome {
        Err(tutela_pii::SourceError::Exclude { pattern, .. }) => assert_eq!(pattern, "a["),
        other => panic!("expected the exclude error, got {other:?}"),
    }
    assert_eq!(findings, 0);
}
