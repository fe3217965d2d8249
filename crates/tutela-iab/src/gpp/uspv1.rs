//! GPP section 6, `uspv1`: the IAB CCPA "US Privacy" string, four characters such as `1YNN`.
//!
//! Character 1 is the version (1); then whether notice was given, whether the user opted out of
//! sale, and whether the publisher is covered by the LSPA, each `Y`, `N` or `-` (not applicable).

use serde::{Deserialize, Serialize};

use crate::error::{DecodeError, EncodeError};

/// A decoded US Privacy string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UspV1 {
    /// Always 1.
    pub version: u8,
    /// Explicit notice / opportunity to opt out given.
    pub notice: UspFlag,
    /// The user opted out of the sale of personal information.
    pub opt_out_sale: UspFlag,
    /// The publisher is a signatory of the IAB Limited Service Provider Agreement.
    pub lspa_covered: UspFlag,
}

/// One US Privacy flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UspFlag {
    /// `Y`.
    #[serde(rename = "Y")]
    Yes,
    /// `N`.
    #[serde(rename = "N")]
    No,
    /// `-`: not applicable.
    #[serde(rename = "-")]
    NotApplicable,
}

impl UspFlag {
    fn parse(c: char, field: &'static str) -> Result<Self, DecodeError> {
        match c {
            'Y' | 'y' => Ok(Self::Yes),
            'N' | 'n' => Ok(Self::No),
            '-' => Ok(Self::NotApplicable),
            _ => Err(DecodeError::InvalidValue { field, value: c.to_string(), allowed: "Y, N or -" }),
        }
    }

    fn as_char(self) -> char {
        match self {
            Self::Yes => 'Y',
            Self::No => 'N',
            Self::NotApplicable => '-',
        }
    }
}

impl UspV1 {
    /// Decodes the four characters.
    pub fn decode(text: &str) -> Result<Self, DecodeError> {
        let chars: Vec<char> = text.chars().take(5).collect();
        let [version, notice, opt_out_sale, lspa_covered] = chars[..] else {
            return Err(DecodeError::InvalidValue {
                field: "uspv1",
                value: text.chars().take(16).collect(),
                allowed: "4 characters: version 1, then Y, N or - three times",
            });
        };
        if version != '1' {
            let version = version.to_digit(10).map_or(u64::MAX, u64::from);
            return Err(DecodeError::UnsupportedVersion { what: "uspv1 section", version, expected: "1" });
        }
        Ok(Self {
            version: 1,
            notice: UspFlag::parse(notice, "uspv1.notice")?,
            opt_out_sale: UspFlag::parse(opt_out_sale, "uspv1.opt_out_sale")?,
            lspa_covered: UspFlag::parse(lspa_covered, "uspv1.lspa_covered")?,
        })
    }

    /// Encodes the four characters.
    pub fn encode(&self) -> Result<String, EncodeError> {
        if self.version != 1 {
            let value = self.version.to_string();
            return Err(EncodeError::InvalidValue { field: "uspv1.version", value, allowed: "1" });
        }
        Ok(['1', self.notice.as_char(), self.opt_out_sale.as_char(), self.lspa_covered.as_char()].iter().collect())
    }

    /// Whether the user opted out of sale: `Some(true)` for `Y`, `Some(false)` for `N`, `None` for `-`.
    pub fn sale_opted_out(&self) -> Option<bool> {
        match self.opt_out_sale {
            UspFlag::Yes => Some(true),
            UspFlag::No => Some(false),
            UspFlag::NotApplicable => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_encodes_the_four_characters() {
        let usp = UspV1::decode("1YN-").unwrap();
        assert_eq!(usp.notice, UspFlag::Yes);
        assert_eq!(usp.opt_out_sale, UspFlag::No);
        assert_eq!(usp.lspa_covered, UspFlag::NotApplicable);
        assert_eq!(usp.sale_opted_out(), Some(false));
        assert_eq!(usp.encode().unwrap(), "1YN-");
    }

    #[test]
    fn names_what_is_wrong() {
        assert!(matches!(UspV1::decode("1YN"), Err(DecodeError::InvalidValue { field: "uspv1", .. })));
        assert!(matches!(UspV1::decode("2YNN"), Err(DecodeError::UnsupportedVersion { version: 2, .. })));
        assert!(matches!(UspV1::decode("1YXN"), Err(DecodeError::InvalidValue { field: "uspv1.opt_out_sale", .. })));
    }
}
