//! GPP section 7, `usnat`: the US national privacy section, a core segment and an optional GPC
//! subsection joined by `.`.
//!
//! Every field but the version is 2 bits: 0 not applicable, 1 yes (notice given / opted out /
//! consent withheld per the field), 2 no; 3 is undefined and refused. Version 1 has 12 sensitive
//! data categories and 2 known-child categories; version 2 has 16 and 3. The GPC subsection is a
//! 2-bit subsection type (1) and the Global Privacy Control bit.

use serde::{Deserialize, Serialize};

use crate::bits::{BitReader, BitWriter, Padding};
use crate::error::{DecodeError, EncodeError};

/// A decoded usnat section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsNat {
    /// 1 or 2.
    pub version: u8,
    /// Notice of sharing personal data given.
    pub sharing_notice: u8,
    /// Notice of the right to opt out of sale given.
    pub sale_opt_out_notice: u8,
    /// Notice of the right to opt out of sharing given.
    pub sharing_opt_out_notice: u8,
    /// Notice of the right to opt out of targeted advertising given.
    pub targeted_advertising_opt_out_notice: u8,
    /// Notice of the right to opt out of sensitive data processing given.
    pub sensitive_data_processing_opt_out_notice: u8,
    /// Notice of the right to limit the use of sensitive data given.
    pub sensitive_data_limit_use_notice: u8,
    /// Opted out of sale (1 = opted out, 2 = did not).
    pub sale_opt_out: u8,
    /// Opted out of sharing (1 = opted out, 2 = did not).
    pub sharing_opt_out: u8,
    /// Opted out of targeted advertising (1 = opted out, 2 = did not).
    pub targeted_advertising_opt_out: u8,
    /// Per sensitive data category: 12 values in version 1, 16 in version 2.
    pub sensitive_data_processing: Vec<u8>,
    /// Per known-child category: 2 values in version 1, 3 in version 2.
    pub known_child_sensitive_data_consents: Vec<u8>,
    /// Consent to the processing of personal data (2 = no consent).
    pub personal_data_consents: u8,
    /// The transaction is covered by the MSPA (1 = yes, 2 = no).
    pub mspa_covered_transaction: u8,
    /// MSPA opt-out option mode.
    pub mspa_opt_out_option_mode: u8,
    /// MSPA service provider mode.
    pub mspa_service_provider_mode: u8,
    /// The GPC subsection's bit; `None` when the subsection is absent.
    pub gpc: Option<bool>,
}

/// The lengths of the two lists per version.
fn list_lengths(version: u8) -> Option<(usize, usize)> {
    match version {
        1 => Some((12, 2)),
        2 => Some((16, 3)),
        _ => None,
    }
}

const ALLOWED: &str = "0 not applicable, 1 yes, 2 no";

fn read_tri(r: &mut BitReader, field: &'static str) -> Result<u8, DecodeError> {
    let value = r.read_u8(2, field)?;
    if value == 3 {
        return Err(DecodeError::InvalidValue { field, value: "3".into(), allowed: ALLOWED });
    }
    Ok(value)
}

fn read_list(r: &mut BitReader, len: usize, field: &'static str) -> Result<Vec<u8>, DecodeError> {
    (0..len).map(|_| read_tri(r, field)).collect()
}

fn write_tri(w: &mut BitWriter, value: u8, field: &'static str) -> Result<(), EncodeError> {
    if value > 2 {
        return Err(EncodeError::InvalidValue { field, value: value.to_string(), allowed: ALLOWED });
    }
    w.write(value.into(), 2, field)
}

impl UsNat {
    /// Decodes the section text (core segment, optionally `.` and the GPC subsection).
    pub fn decode(text: &str) -> Result<Self, DecodeError> {
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() > 2 {
            return Err(DecodeError::TooManyParts { what: "usnat section", count: parts.len(), max: 2 });
        }
        let mut r = BitReader::from_base64url(parts[0], "GPP usnat core segment".to_owned())?;
        let mut usnat = Self::read_core(&mut r)?;
        if let Some(gpc_text) = parts.get(1) {
            usnat.gpc = Some(read_gpc(gpc_text)?);
        }
        Ok(usnat)
    }

    fn read_core(r: &mut BitReader) -> Result<Self, DecodeError> {
        let version = r.read_u8(6, "usnat.version")?;
        let (sensitive_len, child_len) = list_lengths(version).ok_or(DecodeError::UnsupportedVersion {
            what: "usnat section",
            version: version.into(),
            expected: "1 or 2",
        })?;
        Ok(Self {
            version,
            sharing_notice: read_tri(r, "usnat.sharing_notice")?,
            sale_opt_out_notice: read_tri(r, "usnat.sale_opt_out_notice")?,
            sharing_opt_out_notice: read_tri(r, "usnat.sharing_opt_out_notice")?,
            targeted_advertising_opt_out_notice: read_tri(r, "usnat.targeted_advertising_opt_out_notice")?,
            sensitive_data_processing_opt_out_notice: read_tri(r, "usnat.sensitive_data_processing_opt_out_notice")?,
            sensitive_data_limit_use_notice: read_tri(r, "usnat.sensitive_data_limit_use_notice")?,
            sale_opt_out: read_tri(r, "usnat.sale_opt_out")?,
            sharing_opt_out: read_tri(r, "usnat.sharing_opt_out")?,
            targeted_advertising_opt_out: read_tri(r, "usnat.targeted_advertising_opt_out")?,
            sensitive_data_processing: read_list(r, sensitive_len, "usnat.sensitive_data_processing")?,
            known_child_sensitive_data_consents: read_list(r, child_len, "usnat.known_child_sensitive_data_consents")?,
            personal_data_consents: read_tri(r, "usnat.personal_data_consents")?,
            mspa_covered_transaction: read_tri(r, "usnat.mspa_covered_transaction")?,
            mspa_opt_out_option_mode: read_tri(r, "usnat.mspa_opt_out_option_mode")?,
            mspa_service_provider_mode: read_tri(r, "usnat.mspa_service_provider_mode")?,
            gpc: None,
        })
    }

    /// Encodes the section text.
    pub fn encode(&self) -> Result<String, EncodeError> {
        let lengths = list_lengths(self.version);
        let Some((sensitive_len, child_len)) = lengths else {
            let value = self.version.to_string();
            return Err(EncodeError::InvalidValue { field: "usnat.version", value, allowed: "1 or 2" });
        };
        let mut w = BitWriter::new();
        w.write(self.version.into(), 6, "usnat.version")?;
        for (field, value) in self.leading_fields() {
            write_tri(&mut w, value, field)?;
        }
        write_list(&mut w, &self.sensitive_data_processing, sensitive_len, "usnat.sensitive_data_processing")?;
        let child = &self.known_child_sensitive_data_consents;
        write_list(&mut w, child, child_len, "usnat.known_child_sensitive_data_consents")?;
        for (field, value) in self.trailing_fields() {
            write_tri(&mut w, value, field)?;
        }
        let mut text = w.to_base64url(Padding::ByteThenSextet);
        if let Some(gpc) = self.gpc {
            let mut w = BitWriter::new();
            w.write(1, 2, "usnat.gpc_segment_type")?;
            w.write_bool(gpc);
            text.push('.');
            text.push_str(&w.to_base64url(Padding::ByteThenSextet));
        }
        Ok(text)
    }

    fn leading_fields(&self) -> [(&'static str, u8); 9] {
        [
            ("usnat.sharing_notice", self.sharing_notice),
            ("usnat.sale_opt_out_notice", self.sale_opt_out_notice),
            ("usnat.sharing_opt_out_notice", self.sharing_opt_out_notice),
            ("usnat.targeted_advertising_opt_out_notice", self.targeted_advertising_opt_out_notice),
            ("usnat.sensitive_data_processing_opt_out_notice", self.sensitive_data_processing_opt_out_notice),
            ("usnat.sensitive_data_limit_use_notice", self.sensitive_data_limit_use_notice),
            ("usnat.sale_opt_out", self.sale_opt_out),
            ("usnat.sharing_opt_out", self.sharing_opt_out),
            ("usnat.targeted_advertising_opt_out", self.targeted_advertising_opt_out),
        ]
    }

    fn trailing_fields(&self) -> [(&'static str, u8); 4] {
        [
            ("usnat.personal_data_consents", self.personal_data_consents),
            ("usnat.mspa_covered_transaction", self.mspa_covered_transaction),
            ("usnat.mspa_opt_out_option_mode", self.mspa_opt_out_option_mode),
            ("usnat.mspa_service_provider_mode", self.mspa_service_provider_mode),
        ]
    }

    /// Whether the user opted out of sale (`None` when not applicable).
    pub fn sale_opted_out(&self) -> Option<bool> {
        opted_out(self.sale_opt_out)
    }

    /// Whether the user opted out of sharing (`None` when not applicable).
    pub fn sharing_opted_out(&self) -> Option<bool> {
        opted_out(self.sharing_opt_out)
    }

    /// Whether the user opted out of targeted advertising (`None` when not applicable).
    pub fn targeted_advertising_opted_out(&self) -> Option<bool> {
        opted_out(self.targeted_advertising_opt_out)
    }
}

fn opted_out(value: u8) -> Option<bool> {
    match value {
        1 => Some(true),
        2 => Some(false),
        _ => None,
    }
}

fn write_list(w: &mut BitWriter, values: &[u8], len: usize, field: &'static str) -> Result<(), EncodeError> {
    if values.len() != len {
        let value = format!("{} values", values.len());
        return Err(EncodeError::InvalidValue {
            field,
            value,
            allowed: "12 values (version 1) or 16 (version 2) for sensitive data, 2 or 3 for known children",
        });
    }
    values.iter().try_for_each(|&v| write_tri(w, v, field))
}

fn read_gpc(text: &str) -> Result<bool, DecodeError> {
    let mut r = BitReader::from_base64url(text, "GPP usnat GPC subsection".to_owned())?;
    let subsection_type = r.read_u8(2, "usnat.gpc_segment_type")?;
    if subsection_type != 1 {
        let value = subsection_type.to_string();
        return Err(DecodeError::InvalidValue { field: "usnat.gpc_segment_type", value, allowed: "1 (GPC)" });
    }
    r.read_bool("usnat.gpc")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_reference_example_with_gpc() {
        // Made by @iabgpp/cmpapi 3.2.0 with SaleOptOut = 1 and Gpc = true, everything else default.
        let usnat = UsNat::decode("CAAQAAAAAABA.YA").unwrap();
        assert_eq!(usnat.version, 2);
        assert_eq!(usnat.sale_opted_out(), Some(true));
        assert_eq!(usnat.mspa_covered_transaction, 1);
        assert_eq!(usnat.sensitive_data_processing, vec![0; 16]);
        assert_eq!(usnat.gpc, Some(true));
        assert_eq!(usnat.encode().unwrap(), "CAAQAAAAAABA.YA");
    }

    #[test]
    fn refuses_undefined_values_and_versions() {
        let mut usnat = UsNat::decode("CAAQAAAAAABA").unwrap();
        assert_eq!(usnat.gpc, None);
        usnat.sale_opt_out = 3;
        assert!(matches!(usnat.encode(), Err(EncodeError::InvalidValue { field: "usnat.sale_opt_out", .. })));
        // Version 3 (000011).
        assert!(matches!(UsNat::decode("DAAA"), Err(DecodeError::UnsupportedVersion { version: 3, .. })));
    }
}
