//! The data map's types: what an operator declares it processes, why, on what basis, for how long
//! and where.
//!
//! These types *parse*: every identifier, region code, retention rule and masking is checked for its
//! syntax when it is read, so a value of these types is always well formed. They do not *validate*:
//! whether a purpose named in a processing activity exists, or a table reference points at a real
//! field, is decided by validation (see [`crate::check`]) over the whole map, which reports every
//! problem at once. For that reason a purpose's `legal_basis` and `retention` are `Option`s here: their absence is a
//! validation error with a precise message, not a parse error. [`crate::load`] only returns a
//! [`DataMap`] that passed validation, so there they are always present.
//!
//! The same types describe one file ([`DataMapFile`]) and generate the published JSON Schema (the doc
//! comments below become its descriptions). A [`Located`] value remembers the file, line and column it
//! was read from, so validation can point at it.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tutela_core::deadline::{DurationSpec, DurationUnit};
use tutela_core::journal::Action;
pub use tutela_i18n::Lang;

/// The data map format version this crate reads.
pub const FORMAT_VERSION: u32 = 1;
/// Longest identifier (purpose, store, category ... id), in bytes.
pub const MAX_ID_BYTES: usize = 64;
/// Longest table or field name, in bytes.
pub const MAX_NAME_BYTES: usize = 128;
/// Longest free text (a name, a description, an address), in bytes.
pub const MAX_TEXT_BYTES: usize = 4096;
/// The largest count in a retention period (1000 years is more than any law asks).
pub const MAX_RETENTION_COUNT: u32 = 12_000;

// ---------------------------------------------------------------------------------------------------
// Positions

/// Which loaded file a position is in: an index into [`DataMap::sources`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub u32);

/// Where a value was read: file, 1-based line and column (0 when unknown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// The file.
    pub source: SourceId,
    /// 1-based line, 0 when unknown.
    pub line: u32,
    /// 1-based column in characters, 0 when unknown.
    pub column: u32,
}

thread_local! {
    /// The file being parsed on this thread; set by the parser around each file, read by
    /// [`Located`]'s deserializer. serde gives a deserializer no way to carry it otherwise.
    static CURRENT_SOURCE: Cell<SourceId> = const { Cell::new(SourceId(0)) };
}

/// Runs `parse` with `source` as the file that [`Located`] values are stamped with.
pub(crate) fn with_source<R>(source: SourceId, parse: impl FnOnce() -> R) -> R {
    let previous = CURRENT_SOURCE.with(|current| current.replace(source));
    let result = parse();
    CURRENT_SOURCE.with(|current| current.set(previous));
    result
}

/// A value and the position it was read from.
///
/// Deserializes only from the YAML parser this crate uses (it asks it for the node's span);
/// serializes as the bare value; its JSON Schema is the value's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written (for a YAML alias, where the alias is).
    pub at: Position,
}

impl<T> Located<T> {
    /// A value at a position.
    pub fn new(value: T, at: Position) -> Self {
        Self { value, at }
    }
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let to_u32 = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let at = Position {
            source: CURRENT_SOURCE.with(Cell::get),
            line: to_u32(spanned.referenced.line()),
            column: to_u32(spanned.referenced.column()),
        };
        Ok(Located { value: spanned.value, at })
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

// ---------------------------------------------------------------------------------------------------
// Text-like newtypes

/// Declares a string newtype that is checked by `$check` when parsed, with serde, Display, FromStr
/// and a JSON Schema of `$schema`.
macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, check = $check:path, schema = $schema:expr $(,)?) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, String> {
                $check(text).map(|()| $name(text.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = Cow::<'de, str>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

/// The syntax of snake-case ids: a lower-case letter, then lower-case letters, digits and `_`.
const SNAKE_PATTERN: &str = "^[a-z][a-z0-9_]*$";
/// The syntax of data category ids: snake-case segments joined by dots.
const CATEGORY_PATTERN: &str = "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$";

fn is_snake(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn check_snake(what: &str, example: &str, text: &str) -> Result<(), String> {
    if text.len() > MAX_ID_BYTES {
        return Err(format!("{what} id is {} bytes long: at most {MAX_ID_BYTES} are allowed", text.len()));
    }
    if !is_snake(text) {
        return Err(format!(
            "invalid {what} id {text:?}: use lower-case letters, digits and _, starting with a letter \
             (e.g. {example:?})"
        ));
    }
    Ok(())
}

fn snake_schema(description: &str) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": SNAKE_PATTERN,
        "maxLength": MAX_ID_BYTES,
        "description": description,
    })
}

fn check_purpose_id(text: &str) -> Result<(), String> {
    check_snake("purpose", "newsletter", text)
}
fn check_store_id(text: &str) -> Result<(), String> {
    check_snake("store", "main_db", text)
}
fn check_recipient_id(text: &str) -> Result<(), String> {
    check_snake("recipient", "mailing_service", text)
}
fn check_activity_id(text: &str) -> Result<(), String> {
    check_snake("processing activity", "course_students", text)
}
fn check_subject_id(text: &str) -> Result<(), String> {
    check_snake("subject category", "customer", text)
}

fn check_category_id(text: &str) -> Result<(), String> {
    if text.len() > MAX_ID_BYTES {
        return Err(format!("data category id is {} bytes long: at most {MAX_ID_BYTES} are allowed", text.len()));
    }
    if !text.split('.').all(is_snake) {
        return Err(format!(
            "invalid data category id {text:?}: use dot-separated lower-case words of letters, digits \
             and _ (e.g. \"contact.email\")"
        ));
    }
    Ok(())
}

text_type! {
    /// A data category's id: built in (see [`crate::taxonomy`]) or declared under `data_categories`,
    /// e.g. `contact.email`.
    CategoryId, check = check_category_id,
    schema = json_schema!({
        "type": "string", "pattern": CATEGORY_PATTERN, "maxLength": MAX_ID_BYTES,
        "description": "A data category id: built in (e.g. contact.email) or declared under data_categories.",
    }),
}
text_type! {
    /// A subject category's id: built in (see [`crate::taxonomy`]) or declared under
    /// `subject_categories`, e.g. `customer`.
    SubjectCategoryId, check = check_subject_id,
    schema = snake_schema("A subject category id: built in (e.g. customer) or declared under subject_categories."),
}
text_type! {
    /// A purpose's id, e.g. `newsletter`.
    PurposeId, check = check_purpose_id,
    schema = snake_schema("A purpose id, e.g. newsletter."),
}
text_type! {
    /// A store's id, e.g. `main_db`.
    StoreId, check = check_store_id,
    schema = snake_schema("A store id, e.g. main_db."),
}
text_type! {
    /// A recipient's id, e.g. `mailing_service`.
    RecipientId, check = check_recipient_id,
    schema = snake_schema("A recipient id, e.g. mailing_service."),
}
text_type! {
    /// A processing activity's id, e.g. `course_students`.
    ActivityId, check = check_activity_id,
    schema = snake_schema("A processing activity id, e.g. course_students."),
}

fn check_name(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err("empty name: a table or field needs a name".to_owned());
    }
    if text.len() > MAX_NAME_BYTES {
        return Err(format!("name is {} bytes long: at most {MAX_NAME_BYTES} are allowed", text.len()));
    }
    if text.trim() != text {
        return Err(format!("name {text:?} starts or ends with white space"));
    }
    if let Some(bad) = text.chars().find(|&c| c.is_control() || c == '.' || c == ':') {
        return Err(format!(
            "name {text:?} contains {bad:?}: table and field names may not contain '.', ':' or control \
             characters"
        ));
    }
    Ok(())
}

text_type! {
    /// A table (or CSV/JSONL file) or field (column, key) name as the store spells it: any text of up to
    /// 128 bytes without `.`, `:` or control characters.
    Name, check = check_name,
    schema = json_schema!({
        "type": "string", "minLength": 1, "maxLength": MAX_NAME_BYTES, "pattern": "^[^.:\\p{Cc}]+$",
        "description": "A table or field name as the store spells it (no '.', ':' or control characters).",
    }),
}

fn check_text(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("empty text: write something or leave the key out".to_owned());
    }
    if text.len() > MAX_TEXT_BYTES {
        return Err(format!("text is {} bytes long: at most {MAX_TEXT_BYTES} are allowed", text.len()));
    }
    if let Some(bad) = text.chars().find(|&c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
        return Err(format!("text contains the control character {bad:?}"));
    }
    Ok(())
}

text_type! {
    /// Free text: a name, a description, an address. Not empty, at most 4096 bytes.
    Text, check = check_text,
    schema = json_schema!({ "type": "string", "minLength": 1, "maxLength": MAX_TEXT_BYTES }),
}

// ---------------------------------------------------------------------------------------------------
// Localized text

/// The most languages one text is given in: one per language Tutela publishes in.
pub const MAX_TEXT_LANGUAGES: usize = Lang::ALL.len();

/// One of the operator's own texts (a purpose's description, a category's label, its legal name ...)
/// as the data map gives it: one plain string, in the map's default language (the first of
/// `operator.languages`), or a mapping of language tag to text:
///
/// ```yaml
/// description: Sending news about new courses by e-mail.
/// description: { ru: "Рассылка новостей о новых курсах", en: "Sending news about new courses by e-mail" }
/// ```
///
/// A plain string is shown as it is in every language (right for names, addresses and brands). A
/// mapping is a translation: validation requires it to give every language the operator publishes in
/// and no other. Rendering in a language the text lacks falls back to the default language
/// ([`LocalizedText::resolve`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalizedText {
    /// Where the text (the string, or the mapping) was written.
    pub at: Position,
    /// The text itself.
    pub form: LocalizedForm,
}

/// How a [`LocalizedText`] was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalizedForm {
    /// One string, in the map's default language.
    Plain(Text),
    /// A text per language, in the order written; each language at most once.
    PerLanguage(Vec<(Located<Lang>, Text)>),
}

/// A [`LocalizedText`] in one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved<'a> {
    /// The text.
    pub text: &'a str,
    /// The language it is in.
    pub lang: Lang,
    /// Whether that is not the language asked for (the text falls back to the default language).
    pub is_fallback: bool,
}

impl LocalizedText {
    /// A plain text at an unknown position.
    pub fn plain(text: Text) -> Self {
        Self { at: Position::default(), form: LocalizedForm::Plain(text) }
    }

    /// The text in `lang` if the map gives one (a plain text counts as `default`'s).
    pub fn get(&self, lang: Lang, default: Lang) -> Option<&str> {
        match &self.form {
            LocalizedForm::Plain(text) => (lang == default).then_some(text.as_str()),
            LocalizedForm::PerLanguage(texts) => {
                texts.iter().find(|(tag, _)| tag.value == lang).map(|(_, text)| text.as_str())
            }
        }
    }

    /// The text to show in `lang`: its own, else the default language's, else the first given.
    pub fn resolve(&self, lang: Lang, default: Lang) -> Resolved<'_> {
        let found = |wanted: Lang| self.get(wanted, default).map(|text| (text, wanted));
        let (text, text_lang) = match &self.form {
            LocalizedForm::Plain(text) => (text.as_str(), default),
            LocalizedForm::PerLanguage(texts) => found(lang).or_else(|| found(default)).unwrap_or_else(|| {
                // Validation requires the default language, so this is not reached; stay total.
                texts.first().map_or(("", default), |(tag, text)| (text.as_str(), tag.value))
            }),
        };
        Resolved { text, lang: text_lang, is_fallback: text_lang != lang }
    }

    /// The languages the text is given in (a plain text: `default`'s).
    pub fn languages(&self, default: Lang) -> Vec<Lang> {
        match &self.form {
            LocalizedForm::Plain(_) => vec![default],
            LocalizedForm::PerLanguage(texts) => texts.iter().map(|(tag, _)| tag.value).collect(),
        }
    }
}

impl<'de> Deserialize<'de> for LocalizedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let located = Located::<LocalizedForm>::deserialize(deserializer)?;
        Ok(LocalizedText { at: located.at, form: located.value })
    }
}

impl<'de> Deserialize<'de> for LocalizedForm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FormVisitor;
        impl<'de> serde::de::Visitor<'de> for FormVisitor {
            type Value = LocalizedForm;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or a mapping of language tag (en, zh-CN, ru, bg, hi) to text")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<LocalizedForm, E> {
                text.parse().map(LocalizedForm::Plain).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<LocalizedForm, A::Error> {
                let mut texts: Vec<(Located<Lang>, Text)> = Vec::new();
                while let Some(tag) = map.next_key::<Located<Lang>>()? {
                    if texts.iter().any(|(seen, _)| seen.value == tag.value) {
                        return Err(serde::de::Error::custom(format!("the text gives {} twice", tag.value)));
                    }
                    let text: Text = map.next_value()?;
                    texts.push((tag, text));
                }
                if texts.is_empty() {
                    return Err(serde::de::Error::custom(
                        "empty text mapping: give the text in at least the default language",
                    ));
                }
                Ok(LocalizedForm::PerLanguage(texts))
            }
        }
        deserializer.deserialize_any(FormVisitor)
    }
}

impl Serialize for LocalizedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match &self.form {
            LocalizedForm::Plain(text) => text.serialize(serializer),
            LocalizedForm::PerLanguage(texts) => {
                let mut map = serializer.serialize_map(Some(texts.len()))?;
                for (tag, text) in texts {
                    map.serialize_entry(tag.value.as_str(), text)?;
                }
                map.end()
            }
        }
    }
}

impl JsonSchema for LocalizedText {
    fn schema_name() -> Cow<'static, str> {
        "LocalizedText".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let text = generator.subschema_for::<Text>();
        let properties: serde_json::Map<String, serde_json::Value> =
            Lang::ALL.iter().map(|lang| (lang.as_str().to_owned(), text.clone().to_value())).collect();
        json_schema!({
            "description": "A text in the map's default language, or a mapping of language tag (en, zh-CN, ru, bg, hi) to text.",
            "oneOf": [
                text,
                {
                    "type": "object",
                    "properties": properties,
                    "additionalProperties": false,
                    "minProperties": 1,
                    "maxProperties": MAX_TEXT_LANGUAGES,
                },
            ],
        })
    }
}

fn check_env_name(text: &str) -> Result<(), String> {
    let mut chars = text.chars();
    let valid = text.len() <= MAX_NAME_BYTES
        && chars.next().is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "invalid environment variable name {text:?}: use upper-case letters, digits and _ \
             (e.g. \"CRM_DATABASE_URL\")"
        ))
    }
}

text_type! {
    /// The name of the environment variable that holds a store's connection string, so that no
    /// password is ever written in the data map.
    EnvVarName, check = check_env_name,
    schema = json_schema!({ "type": "string", "pattern": "^[A-Z_][A-Z0-9_]*$", "maxLength": MAX_NAME_BYTES }),
}

// ---------------------------------------------------------------------------------------------------
// Regions

/// The member states of the European Union (ISO 3166-1 alpha-2; Greece is `GR`).
pub const EU_COUNTRIES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
    "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];
/// The countries of the European Economic Area beyond the EU.
pub const EEA_EXTRA_COUNTRIES: [&str; 3] = ["IS", "LI", "NO"];

fn check_region(text: &str) -> Result<(), String> {
    if text.len() == 2 && text.chars().all(|c| c.is_ascii_uppercase()) || text == "EEA" {
        Ok(())
    } else {
        Err(format!(
            "invalid region {text:?}: use an ISO 3166-1 alpha-2 country code in capitals (e.g. \"RU\", \
             \"DE\") or the group \"EU\" or \"EEA\""
        ))
    }
}

text_type! {
    /// A country (ISO 3166-1 alpha-2, upper case: `RU`, `DE`, `CN`) or a group of countries: `EU`,
    /// `EEA`.
    RegionCode, check = check_region,
    schema = json_schema!({
        "type": "string", "pattern": "^([A-Z]{2}|EEA)$",
        "description": "An ISO 3166-1 alpha-2 country code, or the group EU or EEA.",
    }),
}

impl RegionCode {
    /// The countries this region stands for: itself, or the members of a group.
    fn countries(&self) -> Vec<&str> {
        match self.as_str() {
            "EU" => EU_COUNTRIES.to_vec(),
            "EEA" => EU_COUNTRIES.iter().chain(&EEA_EXTRA_COUNTRIES).copied().collect(),
            country => vec![country],
        }
    }

    /// Whether every country of this region is in `other` (`DE` is within `EU`, `EU` within `EEA`).
    pub fn is_within(&self, other: &RegionCode) -> bool {
        let outer = other.countries();
        self.countries().iter().all(|country| outer.contains(country))
    }
}

// ---------------------------------------------------------------------------------------------------
// The file

/// One data map file. A data map is one such file, or a folder of them whose sections are merged.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Tutela data map")]
pub struct DataMapFile {
    /// The format version: 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Located<u32>>,
    /// Who processes the data. Exactly one file of a data map declares it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<Located<Operator>>,
    /// The operator's own data categories, beyond the built-in taxonomy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_categories: Vec<DataCategoryDecl>,
    /// The operator's own subject categories, beyond the built-in ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_categories: Vec<SubjectCategoryDecl>,
    /// Why data is processed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Purpose>,
    /// The operator's own databases and file sets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stores: Vec<Store>,
    /// Processors, third parties and SDKs that receive data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<Recipient>,
    /// Cross-border transfers to recipients, with their legal mechanism.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Transfer>,
    /// Which data of which subjects is processed for which purposes in which stores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub processing_activities: Vec<ProcessingActivity>,
}

/// A loaded and validated data map: the sections of all its files merged.
#[derive(Clone, Debug, Serialize)]
pub struct DataMap {
    /// The files it was read from; a [`Position`]'s `source` indexes this list.
    #[serde(skip)]
    pub sources: Vec<PathBuf>,
    /// Who processes the data.
    pub operator: Located<Operator>,
    /// The operator's own data categories.
    pub data_categories: Vec<DataCategoryDecl>,
    /// The operator's own subject categories.
    pub subject_categories: Vec<SubjectCategoryDecl>,
    /// Why data is processed.
    pub purposes: Vec<Purpose>,
    /// The operator's stores.
    pub stores: Vec<Store>,
    /// Who receives data.
    pub recipients: Vec<Recipient>,
    /// Cross-border transfers.
    pub transfers: Vec<Transfer>,
    /// The processing activities.
    pub processing_activities: Vec<ProcessingActivity>,
}

// ---------------------------------------------------------------------------------------------------
// Operator

/// The organisation that processes the data (the controller, "Оператор").
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// The full legal name, as registered.
    pub legal_name: LocalizedText,
    /// The name the public knows it by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trading_name: Option<LocalizedText>,
    /// The country where it is established; recipients elsewhere need a transfer.
    pub country: Located<RegionCode>,
    /// Registration numbers: OGRN/OGRNIP, INN, company number, VAT id ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registration_numbers: Vec<RegistrationNumber>,
    /// The registered address.
    pub address: LocalizedText,
    /// Where subjects reach it about their data: at least one of e-mail, phone, postal address and
    /// web page.
    pub contact: Located<Contact>,
    /// The person responsible for organising the processing (152-FZ art. 22.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_person: Option<Person>,
    /// The data protection officer (GDPR art. 37), when one is appointed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Person>,
    /// The laws it answers to. Every purpose names its legal basis's article under each.
    pub jurisdictions: Vec<Located<Jurisdiction>>,
    /// Regions the personal data must stay in (e.g. `[RU]` under 152-FZ art. 18(5)): stores,
    /// recipients and transfers outside them are errors. Empty: no such promise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_residency: Vec<Located<RegionCode>>,
    /// The languages it publishes in (en, zh-CN, ru, bg, hi); the first is the default, the language
    /// of texts written as one plain string. Absent: `[en]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Located<Vec<Located<Lang>>>>,
}

impl Operator {
    /// The languages it publishes in, the default first (`[en]` when not declared).
    pub fn languages(&self) -> Vec<Lang> {
        match &self.languages {
            Some(languages) if !languages.is_empty() => languages.iter().map(|lang| lang.value).collect(),
            _ => vec![Lang::En],
        }
    }

    /// The default language: the language of plain texts, and the one rendering falls back to.
    pub fn default_language(&self) -> Lang {
        self.languages.as_ref().and_then(|languages| languages.first()).map_or(Lang::En, |lang| lang.value)
    }
}

/// A registration number under a named scheme.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationNumber {
    /// The register: `OGRNIP`, `INN`, `Companies House`, `USCC` ...
    pub scheme: LocalizedText,
    /// The number, as text (quote it in YAML).
    pub value: Text,
}

/// Ways to reach the operator; validation requires at least one.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("minProperties" = 1))]
pub struct Contact {
    /// E-mail address for requests about personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Text>,
    /// Telephone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Text>,
    /// Postal address for written requests, when it differs from the registered one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_address: Option<LocalizedText>,
    /// Web page (e.g. the privacy policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Text>,
}

/// A named person with optional contact details.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: LocalizedText,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Text>,
    /// Telephone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Text>,
}

/// A data-protection law an operator answers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    /// Russia: Federal Law No. 152-FZ "On Personal Data".
    #[serde(rename = "ru_152fz")]
    Ru152Fz,
    /// European Union: Regulation (EU) 2016/679 (GDPR).
    EuGdpr,
    /// United Kingdom: UK GDPR and the Data Protection Act 2018.
    UkGdpr,
    /// China: Personal Information Protection Law (PIPL).
    CnPipl,
    /// India: Digital Personal Data Protection Act 2023.
    InDpdp,
    /// California: CCPA as amended by the CPRA.
    UsCaCcpa,
}

impl Jurisdiction {
    /// The id as written in a data map.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ru152Fz => "ru_152fz",
            Self::EuGdpr => "eu_gdpr",
            Self::UkGdpr => "uk_gdpr",
            Self::CnPipl => "cn_pipl",
            Self::InDpdp => "in_dpdp",
            Self::UsCaCcpa => "us_ca_ccpa",
        }
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------------------------------
// Categories

/// A data category the operator adds to the built-in taxonomy.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataCategoryDecl {
    /// Its id, e.g. `education.progress`; must not be a built-in id.
    pub id: Located<CategoryId>,
    /// A short label.
    pub label: LocalizedText,
    /// What it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// A special category (GDPR art. 9, 152-FZ art. 10): purposes using it need a condition.
    #[serde(default)]
    pub special: bool,
    /// Biometric data (152-FZ art. 11, GDPR art. 9): purposes using it need a condition.
    #[serde(default)]
    pub biometric: bool,
}

/// A subject category the operator adds to the built-in ones.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectCategoryDecl {
    /// Its id, e.g. `pupil`; must not be a built-in id.
    pub id: Located<SubjectCategoryId>,
    /// A short label.
    pub label: LocalizedText,
    /// Who they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Whether these subjects are minors: their data needs a parental-consent purpose.
    #[serde(default)]
    pub minor: bool,
}

// ---------------------------------------------------------------------------------------------------
// Purposes

/// Why data is processed, on what legal basis, for how long and with which actions.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    /// Its id, e.g. `newsletter`.
    pub id: Located<PurposeId>,
    /// What the purpose is, as the privacy policy states it.
    pub description: LocalizedText,
    /// The legal basis (required; checked by validation so its absence is reported precisely).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<Located<LegalBasis>>,
    /// How long data is kept for this purpose (required; checked by validation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Located<Retention>>,
    /// The processing actions performed (152-FZ art. 3(3)'s closed list).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Located<ProcessingAction>>,
    /// The condition under which this purpose may use special or biometric categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_categories: Option<Located<SpecialCondition>>,
    /// Whether the purpose sells personal data, shares it for cross-context behavioural advertising or
    /// targets advertising (CCPA §§ 1798.120, 1798.121): what a Global Privacy Control signal or a
    /// usnat/uspv1 opt-out stops. When absent, a purpose on consent or legitimate interest whose data
    /// goes to a third-party recipient is taken to do so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_or_sharing: Option<bool>,
    /// Whether the purpose is direct marketing (promotional e-mails, notifications, calls): what the
    /// operator's suppression list stops once a subject cancelled their subscription or closed their
    /// account (152-FZ art. 15(2); GDPR art. 21(2)-(3)). Absent means no.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub direct_marketing: bool,
}

impl Purpose {
    /// Whether the purpose sells or shares data or targets advertising: its `sale_or_sharing` when
    /// given, else whether it rests on consent or legitimate interest and a third-party recipient
    /// receives its data.
    pub fn sells_or_shares(&self, recipients: &[Recipient]) -> bool {
        if let Some(declared) = self.sale_or_sharing {
            return declared;
        }
        let optional = self
            .legal_basis
            .as_ref()
            .is_some_and(|b| matches!(b.kind.value, LegalBasisKind::Consent | LegalBasisKind::LegitimateInterest));
        optional
            && recipients.iter().any(|recipient| {
                recipient.kind == RecipientKind::ThirdParty
                    && recipient.purposes.iter().any(|p| p.as_str() == self.id.as_str())
            })
    }
}

/// The legal basis of a purpose, with the article that grants it under each jurisdiction.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// The kind of basis.
    pub kind: Located<LegalBasisKind>,
    /// For consent: who gives it. `parent_or_guardian` for minors' data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_by: Option<Located<ConsentGiver>>,
    /// The article under each of the operator's jurisdictions, e.g.
    /// `{ eu_gdpr: "art. 6(1)(a)", ru_152fz: "art. 6(1)(1)" }`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub articles: BTreeMap<Jurisdiction, LocalizedText>,
}

/// The six lawful bases (GDPR art. 6(1); 152-FZ art. 6(1) has matching points).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasisKind {
    /// The subject's consent.
    Consent,
    /// Performing or entering a contract with the subject.
    Contract,
    /// A legal obligation of the operator.
    LegalObligation,
    /// Protecting someone's life or health.
    VitalInterest,
    /// A task in the public interest or official authority.
    PublicTask,
    /// The operator's or a third party's legitimate interests.
    LegitimateInterest,
}

impl LegalBasisKind {
    /// The id as written in a data map.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consent => "consent",
            Self::Contract => "contract",
            Self::LegalObligation => "legal_obligation",
            Self::VitalInterest => "vital_interest",
            Self::PublicTask => "public_task",
            Self::LegitimateInterest => "legitimate_interest",
        }
    }

    /// The usual article for this basis under `jurisdiction`, for hints.
    pub fn usual_article(self, jurisdiction: Jurisdiction) -> &'static str {
        use Jurisdiction as J;
        use LegalBasisKind as K;
        match (jurisdiction, self) {
            (J::EuGdpr | J::UkGdpr, K::Consent) => "art. 6(1)(a)",
            (J::EuGdpr | J::UkGdpr, K::Contract) => "art. 6(1)(b)",
            (J::EuGdpr | J::UkGdpr, K::LegalObligation) => "art. 6(1)(c)",
            (J::EuGdpr | J::UkGdpr, K::VitalInterest) => "art. 6(1)(d)",
            (J::EuGdpr | J::UkGdpr, K::PublicTask) => "art. 6(1)(e)",
            (J::EuGdpr | J::UkGdpr, K::LegitimateInterest) => "art. 6(1)(f)",
            (J::Ru152Fz, K::Consent) => "art. 6(1)(1)",
            (J::Ru152Fz, K::Contract) => "art. 6(1)(5)",
            (J::Ru152Fz, K::LegalObligation) => "art. 6(1)(2)",
            (J::Ru152Fz, K::VitalInterest) => "art. 6(1)(6)",
            (J::Ru152Fz, K::PublicTask) => "art. 6(1)(4)",
            (J::Ru152Fz, K::LegitimateInterest) => "art. 6(1)(7)",
            (J::CnPipl, K::Consent) => "art. 13(1)",
            (J::CnPipl, K::Contract) => "art. 13(2)",
            (J::CnPipl, K::LegalObligation | K::PublicTask) => "art. 13(3)",
            (J::CnPipl, K::VitalInterest) => "art. 13(4)",
            (J::CnPipl, K::LegitimateInterest) => "art. 13(7)",
            (J::InDpdp, K::Consent) => "s. 6",
            (J::InDpdp, _) => "s. 7",
            (J::UsCaCcpa, _) => "Cal. Civ. Code 1798.100",
        }
    }
}

impl fmt::Display for LegalBasisKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who gives a consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentGiver {
    /// The subject themself (the default).
    Subject,
    /// A parent or legal guardian, for a minor.
    ParentOrGuardian,
}

/// The condition that lifts the ban on special categories (GDPR art. 9(2); 152-FZ art. 10(2),
/// art. 11 for biometrics), and the categories it covers.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecialCondition {
    /// The condition.
    pub condition: SpecialConditionKind,
    /// The article(s) granting it, e.g. `GDPR art. 9(2)(a); 152-FZ art. 10(2)(1)`.
    pub article: LocalizedText,
    /// The special and biometric categories the purpose may use under it.
    pub categories: Vec<Located<CategoryId>>,
}

/// GDPR art. 9(2)'s conditions for special categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpecialConditionKind {
    /// Explicit (for biometrics under 152-FZ: written) consent — art. 9(2)(a).
    ExplicitConsent,
    /// Employment, social security and social protection law — art. 9(2)(b).
    EmploymentLaw,
    /// Vital interests when consent cannot be given — art. 9(2)(c).
    VitalInterest,
    /// A not-for-profit body's members — art. 9(2)(d).
    NotForProfitMembers,
    /// Data the subject made public — art. 9(2)(e).
    MadePublicBySubject,
    /// Legal claims and courts — art. 9(2)(f).
    LegalClaims,
    /// Substantial public interest under law — art. 9(2)(g).
    SubstantialPublicInterest,
    /// Health or social care — art. 9(2)(h).
    HealthCare,
    /// Public health — art. 9(2)(i).
    PublicHealth,
    /// Archiving, research and statistics — art. 9(2)(j).
    ArchivingOrResearch,
}

/// A processing action: one of the thirteen of 152-FZ art. 3(3) (collect, record, systematise,
/// accumulate, store, update, extract, use, transfer, depersonalise, block, delete, destroy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProcessingAction(Action);

/// The thirteen processing actions, in the law's order.
pub const PROCESSING_ACTIONS: [Action; 13] = [
    Action::Collect,
    Action::Record,
    Action::Systematise,
    Action::Accumulate,
    Action::Store,
    Action::Update,
    Action::Extract,
    Action::Use,
    Action::Transfer,
    Action::Depersonalise,
    Action::Block,
    Action::Delete,
    Action::Destroy,
];

impl ProcessingAction {
    /// The journal action.
    pub fn action(self) -> Action {
        self.0
    }
}

impl FromStr for ProcessingAction {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match PROCESSING_ACTIONS.iter().find(|action| action.as_str() == text) {
            Some(&action) => Ok(Self(action)),
            None => {
                let names: Vec<_> = PROCESSING_ACTIONS.iter().map(|a| a.as_str()).collect();
                Err(format!("unknown processing action {text:?}: expected one of {}", names.join(", ")))
            }
        }
    }
}

impl fmt::Display for ProcessingAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl Serialize for ProcessingAction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.as_str())
    }
}

impl<'de> Deserialize<'de> for ProcessingAction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Cow::<'de, str>::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for ProcessingAction {
    fn schema_name() -> Cow<'static, str> {
        "ProcessingAction".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<_> = PROCESSING_ACTIONS.iter().map(|a| a.as_str()).collect();
        json_schema!({
            "type": "string",
            "enum": names,
            "description": "A processing action of 152-FZ art. 3(3).",
        })
    }
}

// ---------------------------------------------------------------------------------------------------
// Retention

/// How long data is kept: one limit, or several of which the first reached ends storage
/// ("whichever comes first"). Written as one string or a list of strings:
///
/// ```yaml
/// retention: 3 years
/// retention: [until_consent_withdrawn, until_purpose_reached, 3 years]
/// retention: 5 years after contract_ended
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retention {
    /// The limits; storage ends at the earliest. Never empty.
    pub limits: Vec<RetentionLimit>,
}

/// One limit on storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetentionLimit {
    /// Until an event (`until_purpose_reached`, `until_consent_withdrawn`, `until_account_closed`,
    /// `until_contract_ended`).
    Until(RetentionEvent),
    /// A period from collection, or from an event (`5 years after contract_ended`).
    Period {
        /// How long.
        period: RetentionPeriod,
        /// Counted from this event; from collection when absent.
        after: Option<RetentionEvent>,
    },
}

/// An event that ends (or starts counting) a retention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetentionEvent {
    /// The purpose has been reached (or is no longer needed).
    PurposeReached,
    /// The subject withdrew the consent the purpose rests on.
    ConsentWithdrawn,
    /// The subject's account was closed.
    AccountClosed,
    /// The contract with the subject ended.
    ContractEnded,
}

impl RetentionEvent {
    /// Every event, in the order messages list them.
    pub const ALL: [RetentionEvent; 4] =
        [Self::PurposeReached, Self::ConsentWithdrawn, Self::AccountClosed, Self::ContractEnded];

    /// The event's name (`purpose_reached`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PurposeReached => "purpose_reached",
            Self::ConsentWithdrawn => "consent_withdrawn",
            Self::AccountClosed => "account_closed",
            Self::ContractEnded => "contract_ended",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == name)
    }
}

/// The unit of a retention period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetentionUnit {
    /// Calendar days.
    Days,
    /// Weeks of seven days.
    Weeks,
    /// Calendar months.
    Months,
    /// Calendar years (twelve months).
    Years,
}

/// A retention period such as `3 years`: a count (at most [`MAX_RETENTION_COUNT`]) and a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RetentionPeriod {
    /// How many units.
    pub count: u32,
    /// Which unit.
    pub unit: RetentionUnit,
}

impl RetentionPeriod {
    /// The same period as a deadline duration (`days` or `months`), for clocks: weeks become days,
    /// years become months.
    pub fn as_duration_spec(self) -> Option<DurationSpec> {
        let (count, unit) = match self.unit {
            RetentionUnit::Days => (Some(self.count), DurationUnit::Days),
            RetentionUnit::Weeks => (self.count.checked_mul(7), DurationUnit::Days),
            RetentionUnit::Months => (Some(self.count), DurationUnit::Months),
            RetentionUnit::Years => (self.count.checked_mul(12), DurationUnit::Months),
        };
        DurationSpec::new(count?, unit).ok()
    }
}

impl fmt::Display for RetentionPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (one, many) = match self.unit {
            RetentionUnit::Days => ("day", "days"),
            RetentionUnit::Weeks => ("week", "weeks"),
            RetentionUnit::Months => ("month", "months"),
            RetentionUnit::Years => ("year", "years"),
        };
        write!(f, "{} {}", self.count, if self.count == 1 { one } else { many })
    }
}

const RETENTION_SYNTAX: &str = "expected \"until_purpose_reached\", \"until_consent_withdrawn\", \
     \"until_account_closed\", \"until_contract_ended\", or a period such as \"3 years\" or \
     \"5 years after contract_ended\" (units: days, weeks, months, years)";

impl FromStr for RetentionLimit {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("invalid retention {text:?}: {RETENTION_SYNTAX}");
        if text.len() > MAX_TEXT_BYTES {
            return Err(bad());
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            [single] => {
                let event = single.strip_prefix("until_").and_then(RetentionEvent::from_name);
                event.map(RetentionLimit::Until).ok_or_else(bad)
            }
            [count, unit, rest @ ..] => {
                let count: u32 = count.parse().map_err(|_| bad())?;
                if count > MAX_RETENTION_COUNT {
                    return Err(format!("invalid retention {text:?}: the count may be at most {MAX_RETENTION_COUNT}"));
                }
                let unit = match *unit {
                    "day" | "days" => RetentionUnit::Days,
                    "week" | "weeks" => RetentionUnit::Weeks,
                    "month" | "months" => RetentionUnit::Months,
                    "year" | "years" => RetentionUnit::Years,
                    _ => return Err(bad()),
                };
                let after = match rest {
                    [] => None,
                    ["after", event] => Some(RetentionEvent::from_name(event).ok_or_else(bad)?),
                    _ => return Err(bad()),
                };
                Ok(RetentionLimit::Period { period: RetentionPeriod { count, unit }, after })
            }
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for RetentionLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Until(event) => write!(f, "until_{}", event.as_str()),
            Self::Period { period, after: None } => write!(f, "{period}"),
            Self::Period { period, after: Some(event) } => {
                write!(f, "{period} after {}", event.as_str())
            }
        }
    }
}

impl<'de> Deserialize<'de> for RetentionLimit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Cow::<'de, str>::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Retention {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RetentionVisitor;
        impl<'de> serde::de::Visitor<'de> for RetentionVisitor {
            type Value = Retention;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a retention rule or a list of them (whichever comes first)")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Retention, E> {
                let limit = text.parse().map_err(E::custom)?;
                Ok(Retention { limits: vec![limit] })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Retention, A::Error> {
                let mut limits = Vec::new();
                while let Some(limit) = seq.next_element::<RetentionLimit>()? {
                    if limits.len() >= RetentionEvent::ALL.len() + 8 {
                        return Err(serde::de::Error::custom("too many retention limits: at most 12"));
                    }
                    limits.push(limit);
                }
                if limits.is_empty() {
                    return Err(serde::de::Error::custom("empty retention list: give at least one limit"));
                }
                Ok(Retention { limits })
            }
        }
        deserializer.deserialize_any(RetentionVisitor)
    }
}

impl Serialize for Retention {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let texts: Vec<String> = self.limits.iter().map(ToString::to_string).collect();
        match texts.as_slice() {
            [single] => serializer.serialize_str(single),
            _ => texts.serialize(serializer),
        }
    }
}

impl JsonSchema for Retention {
    fn schema_name() -> Cow<'static, str> {
        "Retention".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let limit = json_schema!({
            "type": "string",
            "pattern": "^(until_(purpose_reached|consent_withdrawn|account_closed|contract_ended)|[0-9]+ (days?|weeks?|months?|years?)( after (purpose_reached|consent_withdrawn|account_closed|contract_ended))?)$",
        });
        json_schema!({
            "description": "How long data is kept: one limit, or a list of which the first reached ends storage.",
            "oneOf": [limit, { "type": "array", "items": limit, "minItems": 1, "maxItems": 12 }],
        })
    }
}

// ---------------------------------------------------------------------------------------------------
// Stores

/// One of the operator's databases or file sets.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Store {
    /// Its id, e.g. `main_db`.
    pub id: Located<StoreId>,
    /// What it is.
    pub kind: Located<StoreKind>,
    /// What it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// For `sqlite`: the database file; for `csv` and `jsonl`: the folder of files. Relative paths
    /// are relative to the data map file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Located<Text>>,
    /// For `postgres`: the environment variable holding the connection URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_env: Option<Located<EnvVarName>>,
    /// The country (or group) where the data physically is.
    pub region: Located<RegionCode>,
    /// Its tables (for `csv` and `jsonl`: its files).
    pub tables: Vec<Table>,
}

/// The kind of a store, and so the connector that reaches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StoreKind {
    /// An SQLite database file.
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
    /// A folder of CSV files with a header row.
    Csv,
    /// A folder of JSON Lines files.
    Jsonl,
}

impl StoreKind {
    /// The id as written in a data map.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
        }
    }
}

/// A table (or a CSV/JSONL file) and its fields.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The table name (for `csv`/`jsonl`: the file name without extension).
    pub name: Located<Name>,
    /// The fields that hold an identity of the subject the row is about (e-mail, phone, customer
    /// id ...): a request finds the subject's rows here first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifies_subject_by: Vec<Located<Name>>,
    /// The fields (columns, keys).
    pub fields: Vec<Field>,
    /// Fields of this table that point at a field of another table: a request follows them from
    /// the rows it found to the rows that belong to the same subject.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// The fields whose values together name one row (the table's primary key). Without it a field
    /// named `id` is the key when there is one; a table with neither is found and erased through its
    /// references and identities, and its rows are listed in packages without keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub primary_key: Vec<Located<Name>>,
    /// A purpose with a legal obligation (accounting, tax) for which the subject's rows of this table
    /// are kept when their data is erased: the purpose gives the article and how long. Erasure keeps
    /// held rows and the fields without `masking` (what the law needs), still masks the fields that
    /// have one, and the rows are destroyed when the purpose's retention ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<Located<PurposeId>>,
    /// For a table whose erasure deletes rows (`masking: delete_row`): keep a row whose key a kept
    /// row still refers to (a held payment's enrolment) as a stub, its personal fields masked (a
    /// `delete_row` field set to NULL) and its keys kept, instead of refusing the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stub_when_referenced: Option<Located<bool>>,
    /// Why this table is left out of access and portability packages (e.g. another person's data,
    /// or a trade secret), when it is; the ground is written in the package's manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_from_access: Option<Located<Text>>,
    /// A field of this table that the operator's systems check before using a row: a restriction
    /// request (GDPR art. 18, 152-FZ's blocking, art. 21(1)) sets it to true (1) on the subject's
    /// rows. A boolean or integer column of a database table. Without it the subject's rows of the
    /// table are listed as not marked, and the block is kept in the request log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restriction_flag: Option<Located<Name>>,
}

impl Table {
    /// The primary key: the declared one, else a field named `id`, else none.
    pub fn key_fields(&self) -> Vec<&str> {
        if !self.primary_key.is_empty() {
            return self.primary_key.iter().map(|field| field.as_str()).collect();
        }
        self.fields
            .iter()
            .find(|field| field.name.as_str() == "id")
            .map(|field| vec![field.name.as_str()])
            .unwrap_or_default()
    }

    /// Whether erasing a subject deletes their rows of this table (some field says `delete_row`).
    pub fn deletes_rows(&self) -> bool {
        self.fields.iter().any(|field| field.masking.as_ref().is_some_and(|m| m.value == Masking::DeleteRow))
    }

    /// A field by name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.name.as_str() == name)
    }
}

/// A field (column, key) and the data categories it holds.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The field name.
    pub name: Located<Name>,
    /// The data categories it holds. Required unless `personal: false`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Located<CategoryId>>,
    /// `false` for a field that holds no personal data (a price, a course title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<Located<bool>>,
    /// What to do with the field when the subject's data is erased.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masking: Option<Located<Masking>>,
    /// How a subject's identity is compared with this field when it is one of the table's
    /// `identifies_subject_by`. Without it: `case_insensitive` for a `contact.email` field, `phone` for
    /// a `contact.phone` field, `exact` otherwise.
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub matching: Option<Located<IdentityMatch>>,
    /// Why this field is left out of access and portability packages, when it is (a password hash:
    /// "a credential, not information about the subject").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_from_access: Option<Located<Text>>,
}

/// How a given identity is compared with a stored value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentityMatch {
    /// Equal as written (customer ids, serial numbers).
    Exact,
    /// Equal ignoring letter case (e-mail addresses): found through `lower(field)`.
    CaseInsensitive,
    /// Equal as telephone numbers: both sides reduced to digits with a leading `+`, a national
    /// number given with the store region's country code.
    Phone,
}

impl IdentityMatch {
    /// The id as written in a data map.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::CaseInsensitive => "case_insensitive",
            Self::Phone => "phone",
        }
    }
}

impl Field {
    /// Whether the field is declared to hold no personal data.
    pub fn is_non_personal(&self) -> bool {
        self.personal.as_ref().is_some_and(|personal| !personal.value)
    }

    /// How an identity is matched with this field: the declared `match`, else by its categories.
    pub fn identity_match(&self) -> IdentityMatch {
        if let Some(matching) = &self.matching {
            return matching.value;
        }
        let holds = |category: &str| self.categories.iter().any(|c| c.as_str() == category);
        if holds("contact.email") {
            IdentityMatch::CaseInsensitive
        } else if holds("contact.phone") {
            IdentityMatch::Phone
        } else {
            IdentityMatch::Exact
        }
    }
}

/// What erasure does to a field.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Masking {
    /// Set the field to NULL (written `set_null`: a bare YAML `null` means "nothing").
    #[serde(rename = "set_null")]
    Null,
    /// Replace the value by its keyed hash, keeping equal values equal.
    Hash,
    /// Replace the value by a fixed text: `{ fixed: "deleted" }`.
    Fixed(Text),
    /// Delete the whole row.
    DeleteRow,
}

/// A field of this table that points at a field of another (or the same) table.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The field of this table, e.g. `student_id`.
    pub field: Located<Name>,
    /// The field it points at: `table.field`, or `store:table.field` in another store.
    pub to: Located<FieldPath>,
    /// Whether the rows of this table that point at a subject's row belong to that subject
    /// (`owns`: the orders of a customer) or only look it up (`lookup`: an installer's agent, a
    /// follower's followee). Without it: `lookup` when the target table holds no personal data,
    /// `owns` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Located<ReferenceKind>>,
}

/// What a reference says about the rows that make it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// The referencing rows belong to the subject of the referenced row.
    Owns,
    /// The referencing rows only name the referenced row; they belong to someone else.
    Lookup,
}

/// A field in a store: `table.field` (in the same store) or `store:table.field`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldPath {
    /// The store, when not the referencing table's own.
    pub store: Option<StoreId>,
    /// The table.
    pub table: Name,
    /// The field.
    pub field: Name,
}

impl FromStr for FieldPath {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = |why: String| {
            format!("invalid reference {text:?}: {why}; expected \"table.field\" or \"store:table.field\"")
        };
        let (store, rest) = match text.split_once(':') {
            Some((store, rest)) => (Some(store.parse::<StoreId>().map_err(bad)?), rest),
            None => (None, text),
        };
        let (table, field) = rest.split_once('.').ok_or_else(|| bad("no '.' between table and field".to_owned()))?;
        Ok(FieldPath { store, table: table.parse().map_err(bad)?, field: field.parse().map_err(bad)? })
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(store) = &self.store {
            write!(f, "{store}:")?;
        }
        write!(f, "{}.{}", self.table, self.field)
    }
}

impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Cow::<'de, str>::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for FieldPath {
    fn schema_name() -> Cow<'static, str> {
        "FieldPath".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^([a-z][a-z0-9_]*:)?[^.:\\p{Cc}]+\\.[^.:\\p{Cc}]+$",
            "description": "table.field, or store:table.field in another store.",
        })
    }
}

// ---------------------------------------------------------------------------------------------------
// Recipients and transfers

/// A party that receives personal data from the operator.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Its id, e.g. `mailing_service`.
    pub id: Located<RecipientId>,
    /// The name subjects know it by.
    pub name: LocalizedText,
    /// Its role.
    pub kind: RecipientKind,
    /// The legal entity that receives the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_entity: Option<LocalizedText>,
    /// The country (or group) where it receives the data.
    pub country: Located<RegionCode>,
    /// The data categories it receives.
    pub data_categories: Vec<Located<CategoryId>>,
    /// The purposes it receives them for.
    pub purposes: Vec<Located<PurposeId>>,
    /// How the data reaches it (API upload, SDK in the app, file export ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<LocalizedText>,
    /// Its privacy policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_url: Option<Text>,
}

/// A recipient's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// Processes data on the operator's instructions (GDPR art. 28; 152-FZ art. 6(3)).
    Processor,
    /// Decides its own purposes for the data it receives.
    ThirdParty,
    /// A software development kit embedded in the operator's app or site.
    Sdk,
    /// Decides purposes together with the operator (GDPR art. 26).
    JointController,
}

/// A transfer of data to a recipient in another country, and its legal mechanism.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The recipient.
    pub recipient: Located<RecipientId>,
    /// The country the data goes to.
    pub to_country: Located<RegionCode>,
    /// The legal mechanism that allows it.
    pub mechanism: TransferMechanism,
    /// The article(s) granting it, e.g. `GDPR art. 46(2)(c)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<LocalizedText>,
}

/// What makes a cross-border transfer lawful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferMechanism {
    /// The destination offers adequate protection (GDPR art. 45; 152-FZ art. 12 list).
    AdequacyDecision,
    /// Standard contractual clauses (GDPR art. 46(2)(c)).
    StandardContractualClauses,
    /// Binding corporate rules (GDPR art. 47).
    BindingCorporateRules,
    /// An approved code of conduct or certification (GDPR art. 46(2)(e)-(f)).
    CodeOrCertification,
    /// The subject's explicit (152-FZ: written) consent to the transfer.
    ExplicitConsent,
    /// Necessary for a contract with the subject (GDPR art. 49(1)(b)).
    ContractNecessity,
    /// PIPL art. 38: the CAC standard contract.
    CnStandardContract,
    /// PIPL art. 38: a CAC security assessment.
    CnSecurityAssessment,
    /// PIPL art. 38: personal information protection certification.
    CnCertification,
}

// ---------------------------------------------------------------------------------------------------
// Processing activities

/// A row of the 152-FZ table: these subjects' data of these categories is processed for these
/// purposes in these stores (and given to these recipients).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessingActivity {
    /// Its id, e.g. `course_students`.
    pub id: Located<ActivityId>,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Whose data.
    pub subject_categories: Vec<Located<SubjectCategoryId>>,
    /// Which data.
    pub data_categories: Vec<Located<CategoryId>>,
    /// For what.
    pub purposes: Vec<Located<PurposeId>>,
    /// Where it is kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stores: Vec<Located<StoreId>>,
    /// Who receives it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<Located<RecipientId>>,
    /// How and where the data is collected (a sign-up form, cookies on the site, an SDK in the app):
    /// the "collection method and scenario" of China's list of personal information collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<LocalizedText>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processing_actions_are_the_first_thirteen_journal_actions() {
        assert_eq!(&PROCESSING_ACTIONS[..], &Action::ALL[..13]);
    }

    #[test]
    fn retention_limits_parse_and_print() {
        for text in ["until_purpose_reached", "3 years", "1 day", "5 years after contract_ended"] {
            let limit: RetentionLimit = text.parse().expect(text);
            assert_eq!(limit.to_string(), text);
        }
        for text in ["forever", "3 decades", "-1 days", "3 years before x", "until_never", ""] {
            assert!(text.parse::<RetentionLimit>().is_err(), "{text}");
        }
        let period = RetentionPeriod { count: 3, unit: RetentionUnit::Years };
        assert_eq!(period.as_duration_spec().map(|d| d.to_string()), Some("36 months".to_owned()));
    }

    #[test]
    fn regions_nest() {
        let region = |text: &str| text.parse::<RegionCode>().expect(text);
        assert!(region("DE").is_within(&region("EU")));
        assert!(region("EU").is_within(&region("EEA")));
        assert!(!region("EEA").is_within(&region("EU")));
        assert!(!region("RU").is_within(&region("EU")));
        assert!(region("RU").is_within(&region("RU")));
        assert!("ru".parse::<RegionCode>().is_err());
    }

    #[test]
    fn field_paths_parse() {
        let path: FieldPath = "crm:customers.id".parse().expect("path");
        assert_eq!(path.store.as_ref().map(StoreId::as_str), Some("crm"));
        assert_eq!(path.to_string(), "crm:customers.id");
        assert!("customers".parse::<FieldPath>().is_err());
        assert!("a.b.c".parse::<FieldPath>().is_err());
    }
}
