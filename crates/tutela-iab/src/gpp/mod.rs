//! IAB Global Privacy Platform (GPP) strings: [`GppString`], [`decode`] and [`encode`].
//!
//! A GPP string is a header and the sections it lists, joined by `~`. The header is base64url: type
//! (6 bits, always 3), version (6 bits, 1) and the section ids as Fibonacci-coded ranges. Sections
//! follow in the header's order. Tutela decodes `tcfeuv2` (id 2, a TC string, through
//! [`crate::tcf`]), `uspv1` (id 6) and `usnat` (id 7); any other id is refused with its name, so a
//! caller never mistakes a section it could not read for an absent one.

mod fibonacci;
mod usnat;
mod uspv1;

use serde::{Deserialize, Serialize};

pub use usnat::UsNat;
pub use uspv1::{UspFlag, UspV1};

use crate::MAX_GPP_SECTIONS;
use crate::bits::{BitReader, BitWriter, Padding};
use crate::error::{DecodeError, EncodeError};
use crate::tcf::{self, TcString};

/// The GPP header's type field.
const HEADER_TYPE: u64 = 3;
/// The header version this crate reads and writes.
pub const GPP_VERSION: u8 = 1;
/// The largest section id the header may name.
const MAX_SECTION_ID: u64 = 1024;

/// Section ids and names registered by the GPP spec, for naming sections Tutela does not decode.
const SECTION_NAMES: &[(u64, &str)] = &[
    (2, "tcfeuv2"),
    (5, "tcfcav1"),
    (6, "uspv1"),
    (7, "usnat"),
    (8, "usca"),
    (9, "usva"),
    (10, "usco"),
    (11, "usut"),
    (12, "usct"),
    (13, "usfl"),
    (14, "usmt"),
    (15, "usor"),
    (16, "ustx"),
    (17, "usde"),
    (18, "usia"),
    (19, "usne"),
    (20, "usnh"),
    (21, "usnj"),
    (22, "ustn"),
    (23, "usmn"),
    (24, "usmd"),
    (25, "usin"),
    (26, "usky"),
    (27, "usri"),
];

/// A decoded GPP string: its sections in header order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GppString {
    /// The header version, 1.
    pub gpp_version: u8,
    /// The section ids, as the header lists them (always those of `sections`, in order).
    pub section_ids: Vec<u16>,
    /// The sections.
    pub sections: Vec<GppSection>,
}

/// One decoded GPP section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "section", rename_all = "lowercase")]
pub enum GppSection {
    /// Id 2: the EU TCF v2 TC string.
    TcfEuV2(TcString),
    /// Id 6: the US Privacy string.
    UspV1(UspV1),
    /// Id 7: the US national section.
    UsNat(UsNat),
}

impl GppSection {
    /// The section's id.
    pub fn id(&self) -> u16 {
        match self {
            Self::TcfEuV2(_) => 2,
            Self::UspV1(_) => 6,
            Self::UsNat(_) => 7,
        }
    }
}

impl GppString {
    /// The TCF section, if present.
    pub fn tcf(&self) -> Option<&TcString> {
        self.sections.iter().find_map(|s| match s {
            GppSection::TcfEuV2(tc) => Some(tc),
            _ => None,
        })
    }

    /// The US Privacy section, if present.
    pub fn uspv1(&self) -> Option<&UspV1> {
        self.sections.iter().find_map(|s| match s {
            GppSection::UspV1(usp) => Some(usp),
            _ => None,
        })
    }

    /// The usnat section, if present.
    pub fn usnat(&self) -> Option<&UsNat> {
        self.sections.iter().find_map(|s| match s {
            GppSection::UsNat(usnat) => Some(usnat),
            _ => None,
        })
    }
}

/// Whether `input` starts like a GPP header (type 3, version 1 gives `DB`).
pub fn looks_like_gpp(input: &str) -> bool {
    input.starts_with("DB")
}

/// Decodes a GPP string.
pub fn decode(input: &str) -> Result<GppString, DecodeError> {
    tcf::check_size(input)?;
    let parts: Vec<&str> = input.split('~').collect();
    if parts.len() > MAX_GPP_SECTIONS + 1 {
        let (count, max) = (parts.len() - 1, MAX_GPP_SECTIONS);
        return Err(DecodeError::TooManyParts { what: "GPP string", count, max });
    }
    let ids = read_header(parts[0])?;
    for &id in &ids {
        if !matches!(id, 2 | 6 | 7) {
            let name = SECTION_NAMES.iter().find(|(known, _)| *known == id).map(|(_, name)| *name);
            return Err(DecodeError::UnsupportedSection { id, name });
        }
    }
    if ids.len() != parts.len() - 1 {
        return Err(DecodeError::SectionCountMismatch { listed: ids.len(), found: parts.len() - 1 });
    }
    let sections = ids.iter().zip(&parts[1..]).map(|(&id, text)| decode_section(id, text)).collect::<Result<_, _>>()?;
    let section_ids = ids.iter().map(|&id| id as u16).collect();
    Ok(GppString { gpp_version: GPP_VERSION, section_ids, sections })
}

fn read_header(text: &str) -> Result<Vec<u64>, DecodeError> {
    let mut r = BitReader::from_base64url(text, "GPP header".to_owned())?;
    let header_type = r.read(6, "type")?;
    if header_type != HEADER_TYPE {
        return Err(DecodeError::NotGppHeader { found: header_type });
    }
    let version = r.read(6, "version")?;
    if version != u64::from(GPP_VERSION) {
        return Err(DecodeError::UnsupportedVersion { what: "GPP header", version, expected: "1" });
    }
    fibonacci::read_id_ranges(&mut r, MAX_GPP_SECTIONS, MAX_SECTION_ID)
}

fn decode_section(id: u64, text: &str) -> Result<GppSection, DecodeError> {
    if text.is_empty() {
        let segment = format!("GPP section {id}");
        return Err(DecodeError::EmptySegment { segment });
    }
    Ok(match id {
        2 => GppSection::TcfEuV2(tcf::decode(text)?),
        6 => GppSection::UspV1(UspV1::decode(text)?),
        _ => GppSection::UsNat(UsNat::decode(text)?),
    })
}

/// Encodes a GPP string: the header, then each section in order. Sections must be in ascending id
/// order without repeats; `section_ids` is ignored and recomputed from them.
pub fn encode(gpp: &GppString) -> Result<String, EncodeError> {
    let ids: Vec<u16> = gpp.sections.iter().map(GppSection::id).collect();
    if let Some(pair) = ids.windows(2).find(|pair| pair[1] <= pair[0]) {
        return Err(EncodeError::SectionsOutOfOrder { id: pair[1], previous: pair[0] });
    }
    let mut w = BitWriter::new();
    w.write(HEADER_TYPE, 6, "type")?;
    w.write(GPP_VERSION.into(), 6, "version")?;
    fibonacci::write_id_ranges(&mut w, &ids)?;
    let mut parts = vec![w.to_base64url(Padding::ByteThenSextet)];
    for section in &gpp.sections {
        parts.push(match section {
            GppSection::TcfEuV2(tc) => tcf::encode(tc)?,
            GppSection::UspV1(usp) => usp.encode()?,
            GppSection::UsNat(usnat) => usnat.encode()?,
        });
    }
    Ok(parts.join("~"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_reference_example() {
        // Made by @iabgpp/cmpapi 3.2.0: uspv1 notice Y, usnat sale opt-out and GPC.
        let gpp = decode("DBABzw~1Y--~CAAQAAAAAABA.YA").unwrap();
        assert_eq!(gpp.section_ids, vec![6, 7]);
        assert_eq!(gpp.uspv1().unwrap().notice, UspFlag::Yes);
        assert_eq!(gpp.usnat().unwrap().gpc, Some(true));
        assert_eq!(encode(&gpp).unwrap(), "DBABzw~1Y--~CAAQAAAAAABA.YA");
    }

    #[test]
    fn an_unsupported_section_is_named() {
        // Header listing only section 8 (usca): 000011 000001 000000000001 0 00011 → "DBABBg".
        let mut w = BitWriter::new();
        w.write(3, 6, "t").unwrap();
        w.write(1, 6, "v").unwrap();
        fibonacci::write_id_ranges(&mut w, &[8]).unwrap();
        let header = w.to_base64url(Padding::ByteThenSextet);
        let err = decode(&format!("{header}~xyz")).unwrap_err();
        assert_eq!(err, DecodeError::UnsupportedSection { id: 8, name: Some("usca") });
        assert_eq!(
            err.to_string(),
            "GPP section id 8 (usca) is not supported (supported: 2 tcfeuv2, 6 uspv1, 7 usnat)"
        );
    }

    #[test]
    fn header_and_sections_must_agree() {
        let err = decode("DBABzw~1Y--").unwrap_err();
        assert_eq!(err, DecodeError::SectionCountMismatch { listed: 2, found: 1 });
        assert!(matches!(decode("CBABzw~1Y--"), Err(DecodeError::NotGppHeader { found: 2 })));
    }
}
