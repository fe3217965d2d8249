//! What an IAB consent string says about a data map purpose.
//!
//! A data map purpose is mapped to the TCF purposes (1 to 11 in TCF v2) it needs. The string
//! consents to the data map purpose only when it consents to every one of them (a purpose needing
//! storage and personalised ads is not given by a consent to storage alone); otherwise the subject's
//! choice is recorded as refused.

use super::*;

/// The TCF purposes of TCF v2.
pub const TCF_PURPOSES: std::ops::RangeInclusive<u8> = 1..=11;

/// The state to record for a data map purpose that needs `tcf_purposes`, given which TCF purposes
/// the string consents to. Fails when the list is empty or names a purpose outside 1 to 11.
pub fn state_from_tcf(
    purpose: &PurposeId,
    tcf_purposes: &[u8],
    consented: impl Fn(u8) -> bool,
) -> Result<ConsentState, InvalidConsent> {
    if tcf_purposes.is_empty() || tcf_purposes.iter().any(|p| !TCF_PURPOSES.contains(p)) {
        return Err(InvalidConsent::TcfPurposes(purpose.to_string()));
    }
    Ok(if tcf_purposes.iter().all(|&p| consented(p)) { ConsentState::Given } else { ConsentState::Refused })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_only_when_every_needed_purpose_is() {
        let purpose = PurposeId::parse("ads").unwrap();
        let only_1_and_3 = |p: u8| p == 1 || p == 3;
        assert_eq!(state_from_tcf(&purpose, &[1, 3], only_1_and_3), Ok(ConsentState::Given));
        assert_eq!(state_from_tcf(&purpose, &[1, 4], only_1_and_3), Ok(ConsentState::Refused));
        for bad in [&[][..], &[0], &[12], &[1, 12]] {
            let error = state_from_tcf(&purpose, bad, only_1_and_3).unwrap_err();
            assert_eq!(error.to_string(), "purposes.ads: list TCF purposes between 1 and 11");
        }
    }
}
