//! Exit codes and the one-line error message.
//!
//! The codes follow `diff` and `grep`: 0 when all went well, 1 when a check ran and found a problem
//! (a broken journal), 2 when the command could not do its work (bad input, an unknown operator, an
//! unreachable database; clap's usage errors exit 2 as well). Scripts can tell "the journal was
//! tampered with" from "the command was used wrongly".

use std::process::ExitCode;

/// Exit code of a check that found a problem.
pub const EXIT_CHECK_FAILED: u8 = 1;
/// Exit code of an error: bad input, or the command could not be carried out.
pub const EXIT_ERROR: u8 = 2;

/// The exit code of a check that found a problem.
pub fn check_failed() -> ExitCode {
    ExitCode::from(EXIT_CHECK_FAILED)
}

/// The error and its causes on one line, `outer: inner: ...`. Text is never repeated: a cause its
/// wrapper already quotes (errors that embed their source in their own message) is skipped, and a
/// cause that repeats everything said so far replaces it. Line breaks inside a message become
/// spaces, so the whole report is always exactly one line.
pub fn one_line(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if message.is_empty() || text.contains(&message) {
            message = text;
        } else {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_are_joined_once_on_one_line() {
        let inner = anyhow::anyhow!("connection refused");
        let wrapped = inner.context("cannot open database x: connection refused");
        let outer = wrapped.context("opening the store\nfailed");
        assert_eq!(one_line(&outer), "opening the store failed: cannot open database x: connection refused");
        let repeated = anyhow::anyhow!("cannot open x: refused").context("cannot open x");
        assert_eq!(one_line(&repeated), "cannot open x: refused");
    }
}
