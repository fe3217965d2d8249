//! A data map's source files as text: reading them from disk, and the content hash that names one
//! version of a map.
//!
//! Applying a map stores its files as they were, under short names (the file name, or its name inside
//! the map's folder), so the stored version does not depend on where the operator keeps its checkout.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{LoadError, parse};

/// Reads a data map's files (a YAML file, or the `*.yaml`/`*.yml` files of a folder) within the
/// parser's limits, named by their file name. Nothing is parsed yet.
pub fn read_sources(path: &Path) -> Result<Vec<(PathBuf, String)>, LoadError> {
    let files = parse::read_path(path).map_err(|diagnostics| LoadError { diagnostics })?;
    Ok(files
        .into_iter()
        .map(|(file, text)| {
            let name = file.file_name().map_or_else(|| file.clone(), PathBuf::from);
            (name, text)
        })
        .collect())
}

/// The content hash of a data map: hex SHA-256 over its files sorted by name, each given as its
/// name's length and bytes then its text's length and bytes (lengths as 8-byte big-endian), so no two
/// different sets of files hash alike. The order the files are given in does not matter.
pub fn content_hash(sources: &[(PathBuf, String)]) -> String {
    let mut sorted: Vec<(String, &str)> =
        sources.iter().map(|(name, text)| (name.to_string_lossy().into_owned(), text.as_str())).collect();
    sorted.sort();
    let mut hasher = Sha256::new();
    for (name, text) in sorted {
        for part in [name.as_bytes(), text.as_bytes()] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part);
        }
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
        pairs.iter().map(|(name, text)| (PathBuf::from(name), (*text).to_owned())).collect()
    }

    #[test]
    fn the_order_of_files_does_not_matter() {
        let a = files(&[("a.yaml", "x: 1"), ("b.yaml", "y: 2")]);
        let b = files(&[("b.yaml", "y: 2"), ("a.yaml", "x: 1")]);
        assert_eq!(content_hash(&a), content_hash(&b));
    }

    #[test]
    fn moving_text_between_files_or_names_changes_the_hash() {
        let base = content_hash(&files(&[("a.yaml", "x: 1"), ("b.yaml", "y: 2")]));
        assert_ne!(base, content_hash(&files(&[("a.yaml", "x: 1y: 2"), ("b.yaml", "")])));
        assert_ne!(base, content_hash(&files(&[("a.yml", "x: 1"), ("b.yaml", "y: 2")])));
        assert_ne!(base, content_hash(&files(&[("a.yaml", "x: 2"), ("b.yaml", "y: 2")])));
    }

    #[test]
    fn the_hash_is_sha256_hex_of_the_documented_encoding() {
        // One file "m" with text "t": len 1, "m", len 1, "t".
        let mut expected = Sha256::new();
        expected.update([0, 0, 0, 0, 0, 0, 0, 1, b'm', 0, 0, 0, 0, 0, 0, 0, 1, b't']);
        assert_eq!(content_hash(&files(&[("m", "t")])), hex::encode(expected.finalize()));
    }

    #[test]
    fn a_folder_is_read_with_short_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.yaml"), "purposes: []").unwrap();
        std::fs::write(dir.path().join("a.yml"), "version: 1").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let read = read_sources(dir.path()).unwrap();
        let names: Vec<_> = read.iter().map(|(name, _)| name.to_string_lossy().into_owned()).collect();
        assert_eq!(names, vec!["a.yml", "b.yaml"]);
    }
}
