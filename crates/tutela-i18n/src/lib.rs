//! Tutela's translations: the languages Tutela publishes in ([`Lang`]) and, per language, the
//! Fluent message files under `locales/<tag>/` that every published text is formatted from.
//!
//! One crate for all of them so the data map's artefacts, the API and the web console say the same
//! thing in the same words, and a test can check that every language has every message.
//!
//! ```
//! use tutela_i18n::{Arg, Lang, Messages};
//!
//! let ru = Messages::new(Lang::Ru);
//! assert_eq!(ru.format("duration-days", &[("count", Arg::Number(22))]).unwrap(), "22 дня");
//! ```
//!
//! # Message files
//!
//! Each language has the same files (`taxonomy.ftl`, `datamap.ftl`, `artifacts.ftl`) with the same
//! message ids; the tests refuse a language with a missing or an extra message. The files are
//! compiled into the binary, so there is nothing to install and nothing to find at run time.
//! Messages are formatted without Unicode bidi isolation marks around arguments: all five languages
//! are written left to right, and the marks would end up inside HTML, CSV cells and JSON strings.

mod lang;
mod messages;

pub use lang::{Lang, UnknownLang};
pub use messages::{Arg, MessageError, Messages, load_errors};
