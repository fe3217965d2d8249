//! The compiled-in Fluent message files and formatting a message in one language.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::Lang;

/// The message files of each language, in `Lang::ALL` order: (file name, text).
const SOURCES: [(Lang, [(&str, &str); 9]); 5] = [
    (Lang::En, files!("en")),
    (Lang::ZhCn, files!("zh-CN")),
    (Lang::Ru, files!("ru")),
    (Lang::Bg, files!("bg")),
    (Lang::Hi, files!("hi")),
];

/// The message files of a language folder, compiled in.
macro_rules! files {
    ($tag:literal) => {
        [
            ("taxonomy.ftl", include_str!(concat!("../locales/", $tag, "/taxonomy.ftl"))),
            ("datamap.ftl", include_str!(concat!("../locales/", $tag, "/datamap.ftl"))),
            ("artifacts.ftl", include_str!(concat!("../locales/", $tag, "/artifacts.ftl"))),
            ("web.ftl", include_str!(concat!("../locales/", $tag, "/web.ftl"))),
            ("act.ftl", include_str!(concat!("../locales/", $tag, "/act.ftl"))),
            ("answer.ftl", include_str!(concat!("../locales/", $tag, "/answer.ftl"))),
            ("incident.ftl", include_str!(concat!("../locales/", $tag, "/incident.ftl"))),
            ("subscription.ftl", include_str!(concat!("../locales/", $tag, "/subscription.ftl"))),
            ("service.ftl", include_str!(concat!("../locales/", $tag, "/service.ftl"))),
        ]
    };
}
use files;

/// The most arguments one message is formatted with.
pub const MAX_ARGS: usize = 48;

type Bundle = FluentBundle<FluentResource>;

/// Every language's bundle, and the problems met while loading the files.
struct Catalog {
    bundles: Vec<(Lang, Bundle)>,
    errors: Vec<String>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(load)
}

fn load() -> Catalog {
    let mut errors = Vec::new();
    let mut bundles = Vec::new();
    for (lang, files) in SOURCES {
        let identifier: unic_langid::LanguageIdentifier = match lang.as_str().parse() {
            Ok(identifier) => identifier,
            Err(error) => {
                errors.push(format!("{lang}: {error}"));
                unic_langid::LanguageIdentifier::default()
            }
        };
        let mut bundle = Bundle::new_concurrent(vec![identifier]);
        bundle.set_use_isolating(false);
        for (name, text) in files {
            let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(resource, parse_errors)| {
                errors.extend(parse_errors.iter().map(|e| format!("{lang}/{name}: {e:?}")));
                resource
            });
            if let Err(add_errors) = bundle.add_resource(resource) {
                errors.extend(add_errors.iter().map(|e| format!("{lang}/{name}: {e}")));
            }
        }
        bundles.push((lang, bundle));
    }
    Catalog { bundles, errors }
}

/// Problems in the compiled-in message files (syntax errors, an id given twice); empty when they are
/// sound, which the tests check.
pub fn load_errors() -> Vec<String> {
    catalog().errors.clone()
}

/// An argument of a message.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Arg<'a> {
    /// A text, inserted as it is.
    Text(&'a str),
    /// A whole number: also selects plural forms (`{ $count -> [one] ... }`).
    Number(i64),
}

/// A message that could not be formatted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    /// No message has this id in this language.
    #[error("no message {id:?} in {lang}")]
    Unknown {
        /// The language asked for.
        lang: Lang,
        /// The message id.
        id: String,
    },
    /// The message has attributes only, no value to show.
    #[error("message {id:?} in {lang} has no value")]
    NoValue {
        /// The language asked for.
        lang: Lang,
        /// The message id.
        id: String,
    },
    /// Formatting met errors (an argument missing, a reference to an unknown message ...).
    #[error("message {id:?} in {lang} could not be formatted: {detail}")]
    Format {
        /// The language asked for.
        lang: Lang,
        /// The message id.
        id: String,
        /// What went wrong.
        detail: String,
    },
    /// More than [`MAX_ARGS`] arguments were given.
    #[error("message {id:?} was given {count} arguments: at most {MAX_ARGS} are allowed")]
    TooManyArgs {
        /// The message id.
        id: String,
        /// How many were given.
        count: usize,
    },
}

/// The messages of one language.
#[derive(Clone, Copy)]
pub struct Messages {
    lang: Lang,
    bundle: &'static Bundle,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages").field("lang", &self.lang).finish_non_exhaustive()
    }
}

impl Messages {
    /// The messages of `lang`.
    pub fn new(lang: Lang) -> Messages {
        let catalog = catalog();
        // Every language is loaded (a broken file loses messages, not the bundle), so the find
        // succeeds; fall back to the first bundle to stay total.
        let bundle = catalog.bundles.iter().find(|(l, _)| *l == lang).unwrap_or(&catalog.bundles[0]);
        Messages { lang, bundle: &bundle.1 }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether a message with this id exists.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// A message without arguments.
    pub fn get(&self, id: &str) -> Result<String, MessageError> {
        self.format(id, &[])
    }

    /// A message formatted with named arguments.
    pub fn format(&self, id: &str, args: &[(&str, Arg<'_>)]) -> Result<String, MessageError> {
        if args.len() > MAX_ARGS {
            return Err(MessageError::TooManyArgs { id: id.to_owned(), count: args.len() });
        }
        let lang = self.lang;
        let message = self.bundle.get_message(id).ok_or_else(|| MessageError::Unknown { lang, id: id.to_owned() })?;
        let pattern = message.value().ok_or_else(|| MessageError::NoValue { lang, id: id.to_owned() })?;
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, arg) in args {
            let value = match *arg {
                Arg::Text(text) => FluentValue::from(text),
                Arg::Number(number) => FluentValue::from(number),
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            let details: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Err(MessageError::Format { lang, id: id.to_owned(), detail: details.join("; ") });
        }
        Ok(text.into_owned())
    }

    /// Every message id of this language, sorted.
    pub fn ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for (lang, files) in SOURCES {
            if lang != self.lang {
                continue;
            }
            for (_, text) in files {
                let resource = match FluentResource::try_new(text.to_owned()) {
                    Ok(resource) | Err((resource, _)) => resource,
                };
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Message(message) = entry {
                        ids.push(message.id.name.to_owned());
                    }
                }
            }
        }
        ids.sort();
        ids
    }
}
