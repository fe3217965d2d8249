//! The languages Tutela publishes in: English, Simplified Chinese, Russian, Bulgarian and Hindi,
//! named by their BCP 47 tags (`en`, `zh-CN`, `ru`, `bg`, `hi`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A language Tutela publishes in. Parsed from its BCP 47 tag, case-insensitively (`zh-cn` is
/// `zh-CN`); printed in the canonical spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English (`en`).
    En,
    /// Chinese in simplified characters, as used in mainland China (`zh-CN`).
    ZhCn,
    /// Russian (`ru`).
    Ru,
    /// Bulgarian (`bg`).
    Bg,
    /// Hindi (`hi`).
    Hi,
}

impl Lang {
    /// Every language, in the order Tutela lists them.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::ZhCn, Lang::Ru, Lang::Bg, Lang::Hi];

    /// The canonical BCP 47 tag, e.g. `zh-CN`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
            Lang::Ru => "ru",
            Lang::Bg => "bg",
            Lang::Hi => "hi",
        }
    }

    /// The language's name in itself, for a language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
            Lang::Ru => "Русский",
            Lang::Bg => "Български",
            Lang::Hi => "हिन्दी",
        }
    }

    /// The tags of every language, comma-separated, for messages.
    fn list() -> String {
        Lang::ALL.map(Lang::as_str).join(", ")
    }
}

/// A language tag that is not one of Tutela's languages.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {tag:?}: expected one of {}", Lang::list())]
pub struct UnknownLang {
    /// The tag as given (cut to 32 characters).
    pub tag: String,
}

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(tag: &str) -> Result<Self, UnknownLang> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.as_str().eq_ignore_ascii_case(tag))
            .ok_or_else(|| UnknownLang { tag: tag.chars().take(32).collect() })
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        tag.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for Lang {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Lang".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let tags: Vec<&str> = Lang::ALL.map(Lang::as_str).to_vec();
        schemars::json_schema!({
            "type": "string",
            "enum": tags,
            "description": "A language tag: en, zh-CN, ru, bg or hi.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_tags_parse_and_print() {
        for lang in Lang::ALL {
            assert_eq!(lang.as_str().parse::<Lang>(), Ok(lang));
            assert_eq!(lang.to_string(), lang.as_str());
        }
        assert_eq!("zh-cn".parse::<Lang>(), Ok(Lang::ZhCn));
        assert_eq!("RU".parse::<Lang>(), Ok(Lang::Ru));
    }

    #[test]
    fn other_tags_are_refused_with_the_list() {
        for tag in ["fr", "zh", "zh_CN", "en-US", "", "russian"] {
            assert!(tag.parse::<Lang>().is_err(), "{tag}");
        }
        let error = "fr".parse::<Lang>().expect_err("fr");
        assert_eq!(error.to_string(), "unknown language \"fr\": expected one of en, zh-CN, ru, bg, hi");
    }
}
