//! ARCHITECTURE.md's code map names every module of every crate, in that crate's section, so the map
//! cannot fall behind the tree: a new module fails this test until it is described.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The module paths of a crate's `src` (`consent::names`), and the names of files that are
/// included rather than declared as modules (`queries_clocks.rs`).
fn modules(src: &Path, prefix: &str, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(src).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            modules(&path, &format!("{prefix}{name}::"), out);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            match stem {
                "lib" | "main" | "mod" => {}
                _ if stem.starts_with("queries") => out.push(name.clone()),
                _ => out.push(format!("{prefix}{stem}")),
            }
        }
    }
}

fn section<'a>(architecture: &'a str, krate: &str) -> &'a str {
    let heading = format!("### `crates/{krate}`");
    let start = architecture.find(&heading).unwrap_or_else(|| panic!("ARCHITECTURE.md has no section {heading}"));
    let rest = &architecture[start + heading.len()..];
    let end = rest.find("\n### ").or_else(|| rest.find("\n## ")).unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn the_code_map_names_every_module() {
    let root = workspace();
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let mut missing = Vec::new();
    let mut crates: Vec<PathBuf> = std::fs::read_dir(root.join("crates")).unwrap().map(|e| e.unwrap().path()).collect();
    crates.sort();
    let mut counted = 0;
    for dir in crates {
        let krate = dir.file_name().unwrap().to_string_lossy().into_owned();
        let text = section(&architecture, &krate);
        let mut found = Vec::new();
        modules(&dir.join("src"), "", &mut found);
        for module in found {
            counted += 1;
            let named = if module.starts_with("queries") {
                text.contains(&format!("`{module}`"))
                    || (module != "queries.rs" && text.contains("queries_<concern>.rs"))
            } else {
                text.contains(&format!("`{module}`")) || text.contains(&format!("`{module}::"))
            };
            if !named {
                missing.push(format!("{krate}: {module}"));
            }
        }
    }
    assert!(counted > 100, "only {counted} modules found");
    assert!(missing.is_empty(), "ARCHITECTURE.md's code map does not name: {missing:#?}");
}
