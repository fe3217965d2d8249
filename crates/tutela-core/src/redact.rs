//! Showing a connection URL without its password: the one way every crate prints a database, SMTP
//! or store URL in a message or a log.

/// The URL with its password replaced by `***` (`postgres://app:***@db:5432/shop`). A text that does
/// not parse as a URL is shown only up to its scheme (`postgres://...`), so that no part of a
/// malformed URL's password can leak; a text with no scheme is returned as it is.
pub fn redact_url(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(mut url) => {
            if url.password().is_some() {
                // Cannot fail: only a URL with a host has a password.
                let _ = url.set_password(Some("***"));
            }
            url.to_string()
        }
        Err(_) => match text.split_once("://") {
            Some((scheme, _)) => format!("{scheme}://..."),
            None => text.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        assert_eq!(redact_url("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("smtps://user:p%40ss@smtp.example"), "smtps://user:***@smtp.example");
        assert_eq!(redact_url("sqlite:///x"), "sqlite:///x");
        assert_eq!(redact_url("postgres://app:s3cret@[bad"), "postgres://...");
        assert_eq!(redact_url("/var/lib/tutela"), "/var/lib/tutela");
    }

    #[test]
    fn a_password_containing_at_signs_is_hidden_whole() {
        for url in ["postgres://u:p@ss@h/db", "smtps://user:a@b@c@smtp.example:465"] {
            let shown = redact_url(url);
            for part in ["p@ss", "ss@", "a@b", "b@c"] {
                assert!(!shown.contains(part), "{url} shown as {shown}");
            }
        }
    }
}
