//! Fixed vectors: strings published in the IAB specs and docs, with the values the IAB reference
//! libraries decode from them, and bad strings with the error each must give.

use tutela_iab::{ConsentString, DecodeError, IdSet, UspFlag, gpp, tcf};

/// The example TC string of the IAB "Transparency and Consent String and Global Vendor List Format"
/// spec (a core segment and a publisher TC segment).
const SPEC_TC_STRING: &str =
    "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA.argAC0gAAAAAAAAAAAA";

#[test]
fn the_spec_example_tc_string() {
    let tc = tcf::decode(SPEC_TC_STRING).unwrap();
    assert_eq!(tc.created.to_string(), "2008-12-07T10:04:17.7Z");
    assert_eq!(tc.last_updated.to_string(), "2012-01-10T17:10:13.4Z");
    assert_eq!((tc.cmp_id, tc.cmp_version, tc.consent_screen), (21, 7, 2));
    assert_eq!(tc.consent_language.as_str(), "EN");
    assert_eq!((tc.vendor_list_version, tc.policy_version), (23, 2));
    assert!(tc.is_service_specific && !tc.use_non_standard_texts && !tc.purpose_one_treatment);
    assert_eq!(tc.special_feature_optins.to_vec(), vec![2]);
    assert_eq!(tc.purpose_consents.to_vec(), vec![1, 3, 9, 10]);
    assert_eq!(tc.purpose_legitimate_interests.to_vec(), vec![3, 4, 5, 8, 9, 10]);
    assert_eq!(tc.publisher_cc.as_str(), "KM");
    let consents = [
        2, 3, 6, 7, 8, 10, 12, 13, 14, 15, 16, 21, 25, 27, 30, 31, 34, 35, 37, 38, 39, 42, 43, 49, 52, 54, 55, 56, 57,
        59, 60, 63, 64, 65, 66, 67, 68, 69, 73, 74, 76, 78, 83, 86, 87, 89, 90, 92, 96, 99, 100, 106, 109, 110, 114,
        115,
    ];
    assert_eq!(tc.vendor_consents.to_vec(), consents.to_vec());
    assert_eq!(tc.vendor_legitimate_interests.to_vec(), vec![1, 9, 26, 27, 30, 36, 37, 43, 86, 97, 110, 113]);
    assert!(tc.publisher_restrictions.is_empty());
    assert_eq!(tc.disclosed_vendors, None);
    let publisher = tc.publisher_tc.as_ref().unwrap();
    assert_eq!(publisher.publisher_consents, IdSet::from_ids([2, 4, 6, 8, 9, 10]).unwrap());
    assert_eq!(publisher.publisher_legitimate_interests.to_vec(), vec![2, 4, 5, 7, 10]);
    assert_eq!(publisher.num_custom_purposes, 0);
    // Made before TCF v2.3: no disclosed vendors segment.
    assert_eq!(tcf::decode_v2_3(SPEC_TC_STRING), Err(DecodeError::MissingDisclosedVendors));
}

#[test]
fn the_spec_example_json_field_names() {
    let json = serde_json::to_value(tcf::decode(SPEC_TC_STRING).unwrap()).unwrap();
    for field in [
        "cmp_id",
        "cmp_version",
        "consent_screen",
        "consent_language",
        "vendor_list_version",
        "policy_version",
        "publisher_cc",
        "purpose_one_treatment",
        "use_non_standard_texts",
        "special_feature_optins",
        "purpose_consents",
        "purpose_legitimate_interests",
        "vendor_consents",
        "vendor_legitimate_interests",
        "created",
        "last_updated",
    ] {
        assert!(json.get(field).is_some(), "missing {field}");
    }
    assert_eq!(json["purpose_consents"], serde_json::json!([1, 3, 9, 10]));
    assert_eq!(json["created"], "2008-12-07T10:04:17.7Z");
}

/// The GPP spec's examples: a TCF EU section alone, and with a US Privacy section.
#[test]
fn the_gpp_spec_examples() {
    let tcf_only = gpp::decode("DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA").unwrap();
    assert_eq!(tcf_only.section_ids, vec![2]);
    let tc = tcf_only.tcf().unwrap();
    assert_eq!((tc.cmp_id, tc.cmp_version, tc.vendor_list_version), (31, 640, 126));
    assert_eq!(tc.created.to_string(), "2022-04-20T22:00:00Z");
    assert_eq!(tc.publisher_cc.as_str(), "DE");

    let both = gpp::decode("DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN").unwrap();
    assert_eq!(both.section_ids, vec![2, 6]);
    let usp = both.uspv1().unwrap();
    assert_eq!((usp.notice, usp.opt_out_sale, usp.lspa_covered), (UspFlag::Yes, UspFlag::No, UspFlag::No));
    let signal = ConsentString::decode("DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN").unwrap().signal();
    assert_eq!(signal.sale_opt_out, Some(false));
    assert!(signal.tcf.is_some());
}

fn error(input: &str) -> String {
    ConsentString::decode(input).unwrap_err().to_string()
}

#[test]
fn bad_strings_are_refused_with_a_named_problem() {
    // Truncated: the spec example cut inside the vendor consents.
    assert_eq!(
        error(&SPEC_TC_STRING[..40]),
        "TC string core segment is truncated at bit 230 reading field vendor_consents.bitfield (105 more bits needed)"
    );
    // Not base64url.
    assert_eq!(error("CLcVDxRMWfGm+VAVAHCE"), "TC string core segment is not base64url: '+' at character 12");
    assert_eq!(error("CLcVDxRM=="), "TC string core segment is not base64url: '=' at character 8");
    // Impossible length: 4n + 1 characters.
    assert_eq!(error("CLcVD"), "TC string core segment has an impossible length of 5 base64url characters");
    // Bogus segment type 7 ("_" is 111111).
    let bogus = format!("{}.{}", SPEC_TC_STRING.split('.').next().unwrap(), "____");
    assert_eq!(error(&bogus), "TC string segment 2 has unknown segment type 7");
    // Version 1 strings ("B...") are not TCF v2.
    assert_eq!(error("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA"), "TC string version 1 is not supported (expected 2)");
    // A published example whose allowed-vendors segment claims a bitfield of 24,980 vendors in 19
    // characters (the reference refuses it too, as a length mismatch).
    assert_eq!(
        error("COsbk4AOSbk4AnWAAAENAwCgAAAAAAAAAAYgACPAAAAA.TDKO4AAqAKAGQAyqAAA.YAAAAAAAAAA"),
        "field allowed_vendors names vendor 24980; vendor ids above the limit of 10000 are refused"
    );
    assert_eq!(error(""), "the consent string is empty");
    assert!(error(&"C".repeat(40_000)).starts_with("the consent string is 40000 bytes long"));
}

#[test]
fn bad_gpp_strings_are_refused_with_a_named_problem() {
    // Header listing section 8 (usca) only.
    assert_eq!(
        error("DBABBg~xyz"),
        "GPP section id 8 (usca) is not supported (supported: 2 tcfeuv2, 6 uspv1, 7 usnat)"
    );
    assert_eq!(
        error("DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"),
        "GPP header lists 2 sections but the string carries 1"
    );
    assert_eq!(error("DBABzw~1Y--~CAAQAAAAAABA.YA.AA"), "usnat section has 3 parts; at most 2 are accepted");
    assert_eq!(error("DBABzw~1Y--~"), "GPP section 7 is empty");
}
