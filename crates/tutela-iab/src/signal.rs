//! [`ConsentSignal`]: what a decoded consent string says, flattened for the consent ledger.
//!
//! The ledger records consent per subject and purpose; it does not want to know about segments,
//! bitfields or which GPP section carried an opt-out. A signal answers the questions it asks: which
//! TCF purposes and vendors have consent (TCF v2.3 rules: a vendor not disclosed has none), and
//! whether the subject opted out of sale, sharing or targeted advertising or sent Global Privacy
//! Control, merged across the GPP sections present.

use jiff::Timestamp;
use serde::Serialize;

use crate::ConsentString;
use crate::gpp::{UsNat, UspV1};
use crate::tcf::TcString;

/// The ledger's view of a consent string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentSignal {
    /// The TCF part, from a TC string or a GPP `tcfeuv2` section.
    pub tcf: Option<TcfSignal>,
    /// The usnat GPC subsection's bit; `None` when no usnat GPC subsection was sent.
    pub gpc: Option<bool>,
    /// Opted out of sale (usnat, else uspv1); `None` when not stated or not applicable.
    pub sale_opt_out: Option<bool>,
    /// Opted out of sharing (usnat); `None` when not stated.
    pub sharing_opt_out: Option<bool>,
    /// Opted out of targeted advertising (usnat); `None` when not stated.
    pub targeted_advertising_opt_out: Option<bool>,
}

/// The TCF choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TcfSignal {
    /// The CMP that recorded them.
    pub cmp_id: u16,
    /// When consent was first given.
    pub created: Timestamp,
    /// When it last changed.
    pub last_updated: Timestamp,
    /// Purposes consented to.
    pub purposes_consented: Vec<u8>,
    /// Purposes under legitimate interest, not objected to.
    pub purposes_legitimate_interest: Vec<u8>,
    /// Special features opted in to.
    pub special_features_opted_in: Vec<u8>,
    /// Vendors with consent, disclosed ones only when the string lists disclosed vendors.
    pub vendors_consented: Vec<u16>,
    /// Whether the string carries the disclosed vendors segment TCF v2.3 requires.
    pub has_disclosed_vendors: bool,
}

impl TcfSignal {
    fn from_tc(tc: &TcString) -> Self {
        Self {
            cmp_id: tc.cmp_id,
            created: tc.created,
            last_updated: tc.last_updated,
            purposes_consented: tc.purpose_consents.to_vec(),
            purposes_legitimate_interest: tc.purpose_legitimate_interests.to_vec(),
            special_features_opted_in: tc.special_feature_optins.to_vec(),
            vendors_consented: tc.consented_vendors(),
            has_disclosed_vendors: tc.disclosed_vendors.is_some(),
        }
    }
}

impl ConsentSignal {
    /// The signal of a decoded string.
    pub fn from_string(string: &ConsentString) -> Self {
        match string {
            ConsentString::Tcf(tc) => Self {
                tcf: Some(TcfSignal::from_tc(tc)),
                gpc: None,
                sale_opt_out: None,
                sharing_opt_out: None,
                targeted_advertising_opt_out: None,
            },
            ConsentString::Gpp(gpp) => {
                let usnat = gpp.usnat();
                Self {
                    tcf: gpp.tcf().map(TcfSignal::from_tc),
                    gpc: usnat.and_then(|u| u.gpc),
                    sale_opt_out: usnat
                        .and_then(UsNat::sale_opted_out)
                        .or_else(|| gpp.uspv1().and_then(UspV1::sale_opted_out)),
                    sharing_opt_out: usnat.and_then(UsNat::sharing_opted_out),
                    targeted_advertising_opt_out: usnat.and_then(UsNat::targeted_advertising_opted_out),
                }
            }
        }
    }

    /// Whether the subject asked not to have data sold, shared or used for targeted advertising by
    /// any means the string carries (GPC or an explicit opt-out) — what `Sec-GPC: 1` means too.
    pub fn opts_out_of_sale_or_sharing(&self) -> bool {
        [self.gpc, self.sale_opt_out, self.sharing_opt_out, self.targeted_advertising_opt_out].contains(&Some(true))
    }

    /// Whether the TCF part grants consent for `purpose`.
    pub fn tcf_purpose_consented(&self, purpose: u8) -> bool {
        self.tcf.as_ref().is_some_and(|t| t.purposes_consented.contains(&purpose))
    }

    /// Whether the TCF part grants `vendor` consent.
    pub fn tcf_vendor_consented(&self, vendor: u16) -> bool {
        self.tcf.as_ref().is_some_and(|t| t.vendors_consented.binary_search(&vendor).is_ok())
    }
}
