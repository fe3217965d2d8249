//! Tutela's translations: the languages Tutela publishes in ([`Lang`]) and, per language, the
//! Fluent message files under `locales/<tag>/` that every published text is formatted from.
//!
//! One crate for all of them so the data map's artefacts, the API and the web console say the same
//! thing in the same words, and a test can check that every language has every message.

mod lang;

pub use lang::{Lang, UnknownLang};
