//! What is wrong with a data map, and where: one [`Diagnostic`] per problem, printed as
//! `file:line:column: message — hint` like a compiler's, so an editor can jump to it.

use std::fmt;
use std::path::PathBuf;

/// One problem in a data map.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file (as it was named when loading: the path given, or that path joined with the file
    /// name inside a folder).
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column in characters, when known.
    pub column: Option<u32>,
    /// A stable name for the kind of problem (`unknown-purpose`, `yaml` ...), for tools and tests.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What would fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no position inside the file.
    pub fn in_file(file: impl Into<PathBuf>, code: &'static str, message: impl Into<String>) -> Self {
        Self { file: file.into(), line: None, column: None, code, message: message.into(), hint: None }
    }

    /// Sets the hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line.filter(|&line| line > 0) {
            write!(f, ":{line}")?;
            if let Some(column) = self.column.filter(|&column| column > 0) {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " — {hint}")?;
        }
        Ok(())
    }
}

/// A data map that could not be loaded: every problem found, in file and line order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.diagnostics))]
pub struct LoadError {
    /// The problems; never empty.
    pub diagnostics: Vec<Diagnostic>,
}

fn render(diagnostics: &[Diagnostic]) -> String {
    let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_a_compiler() {
        let mut diagnostic =
            Diagnostic::in_file("datamap.yaml", "missing-legal-basis", "purpose \"x\" has no legal basis")
                .with_hint("add legal_basis");
        assert_eq!(diagnostic.to_string(), "datamap.yaml: purpose \"x\" has no legal basis — add legal_basis");
        diagnostic.line = Some(42);
        diagnostic.column = Some(7);
        assert_eq!(diagnostic.to_string(), "datamap.yaml:42:7: purpose \"x\" has no legal basis — add legal_basis");
    }
}
