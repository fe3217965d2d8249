//! What a request must contain under its law before it can be answered, and what follows when an
//! item is missing: a request for completion to the requester, and the clock paused until the
//! items arrive, where the law makes the request incomplete without them.
//!
//! Only 152-FZ lists required contents: the request must carry the number, date of issue and
//! issuer of the main identity document of the subject or their representative; information
//! confirming the subject's relationship with the operator (a contract's number and date, or
//! other proof); and the signature of the subject or their representative (art. 14(3); the
//! fact sheet marks the wording *check*, so the rule is shipped as a configurable default).
//! Pausing the clock while they are missing is Tutela's reading of a request that is not yet
//! complete, also a configurable default. Other laws name no required contents; identity is
//! verified instead (`status`).

use crate::request::Jurisdiction;

/// One item a request must contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequiredItem {
    /// Its id: `id_document`, `relationship`, `signature`.
    pub id: &'static str,
    /// What it is, in English (the letter to the requester uses the Fluent messages).
    pub text: &'static str,
}

/// What a law requires a request to contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContentsRule {
    /// The law.
    pub jurisdiction: Jurisdiction,
    /// The article.
    pub article: &'static str,
    /// The items.
    pub items: &'static [RequiredItem],
    /// Whether the request's clock is paused while an item is missing.
    pub pauses_clock: bool,
    /// Whether this is Tutela's configurable default rather than settled wording.
    pub configurable_default: bool,
}

/// The rules, one per law that has one.
pub const CONTENTS_RULES: [ContentsRule; 1] = [ContentsRule {
    jurisdiction: Jurisdiction::Ru152fz,
    article: "152-FZ art. 14(3)",
    items: &[
        RequiredItem {
            id: "id_document",
            text: "the number, date of issue and issuer of the identity document of the subject or their representative",
        },
        RequiredItem {
            id: "relationship",
            text: "information confirming the subject's relationship with the operator (e.g. a contract's number and date)",
        },
        RequiredItem { id: "signature", text: "the signature of the subject or their representative" },
    ],
    pauses_clock: true,
    configurable_default: true,
}];

/// The rule of a law, if it has one.
pub fn contents_rule(jurisdiction: Jurisdiction) -> Option<&'static ContentsRule> {
    CONTENTS_RULES.iter().find(|rule| rule.jurisdiction == jurisdiction)
}

/// An item id that the law does not list.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{given}\" is not an item {article} requires ({known})")]
pub struct UnknownItem {
    /// What was given.
    pub given: String,
    /// The rule's article.
    pub article: &'static str,
    /// The item ids it knows.
    pub known: String,
}

/// The items of `rule` not in `present`; an id the rule does not list is an error.
pub fn missing(rule: &ContentsRule, present: &[String]) -> Result<Vec<RequiredItem>, UnknownItem> {
    if let Some(given) = present.iter().find(|id| !rule.items.iter().any(|item| item.id == id.as_str())) {
        let known: Vec<&str> = rule.items.iter().map(|item| item.id).collect();
        return Err(UnknownItem { given: given.clone(), article: rule.article, known: known.join(", ") });
    }
    Ok(rule.items.iter().filter(|item| !present.iter().any(|id| id == item.id)).copied().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_russian_request_needs_its_three_items_and_other_laws_none() {
        let rule = contents_rule(Jurisdiction::Ru152fz).expect("152-FZ has one");
        let all = missing(rule, &[]).unwrap();
        assert_eq!(all.iter().map(|i| i.id).collect::<Vec<_>>(), ["id_document", "relationship", "signature"]);
        let one = missing(rule, &["id_document".into(), "signature".into()]).unwrap();
        assert_eq!(one.iter().map(|i| i.id).collect::<Vec<_>>(), ["relationship"]);
        let error = missing(rule, &["selfie".into()]).unwrap_err();
        assert!(error.to_string().contains("\"selfie\"") && error.to_string().contains("152-FZ art. 14(3)"));
        for other in [Jurisdiction::EuGdpr, Jurisdiction::CnPipl, Jurisdiction::UsCaCcpa, Jurisdiction::InDpdp] {
            assert!(contents_rule(other).is_none(), "{other}");
        }
    }
}
