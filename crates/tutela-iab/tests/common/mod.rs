//! Proptest strategies for random TCF and GPP models, shared by the round-trip properties and the
//! oracle tests (which draw from them with a fixed seed).

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use proptest::prelude::*;
use tutela_iab::{
    GppSection, GppString, IdSet, Letters, PublisherRestriction, PublisherTc, RestrictionType, TcString, UsNat,
    UspFlag, UspV1, VendorSet,
};

/// Vendor ids drawn here stay below this (the GVL's ids are below 1,500).
pub const MAX_TEST_VENDOR: u16 = 2000;

pub fn id_set(max: u8) -> impl Strategy<Value = IdSet> {
    proptest::collection::btree_set(1..=max, 0..=usize::from(max))
        .prop_map(|ids| IdSet::from_ids(ids).expect("ids within 1..=64"))
}

/// Vendor sets in several shapes, so both the bitfield and the range encoding are drawn.
pub fn vendor_set() -> impl Strategy<Value = VendorSet> {
    let sparse = proptest::collection::btree_set(1..=MAX_TEST_VENDOR, 0..10).boxed();
    let small = proptest::collection::btree_set(1..=45u16, 0..45).boxed();
    let dense = (1..=700u16)
        .prop_flat_map(|max| proptest::collection::vec(any::<bool>(), usize::from(max)))
        .prop_map(|bits| bits.iter().enumerate().filter(|(_, b)| **b).map(|(i, _)| i as u16 + 1).collect())
        .boxed();
    let runs = proptest::collection::vec((1..=MAX_TEST_VENDOR, 0..60u16), 1..5)
        .prop_map(|runs| runs.into_iter().flat_map(|(s, len)| s..=(s + len).min(MAX_TEST_VENDOR)).collect())
        .boxed();
    prop_oneof![Just(BTreeSet::new()), sparse, small, dense, runs]
        .prop_map(|ids: BTreeSet<u16>| VendorSet::from_ids(ids).expect("ids within the limit"))
}

pub fn nonempty_vendor_set() -> impl Strategy<Value = VendorSet> {
    (vendor_set(), 1..=MAX_TEST_VENDOR).prop_map(|(mut set, id)| {
        if set.is_empty() {
            set.insert(id).expect("id within the limit");
        }
        set
    })
}

/// Instants between 2017 and 2030 at decisecond precision, as TC strings carry them.
pub fn instant() -> impl Strategy<Value = Timestamp> {
    (15_000_000_000i64..19_000_000_000).prop_map(|ds| Timestamp::from_millisecond(ds * 100).expect("in range"))
}

pub fn letters() -> impl Strategy<Value = Letters> {
    (b'A'..=b'Z', b'A'..=b'Z')
        .prop_map(|(a, b)| Letters::parse(&String::from_utf8(vec![a, b]).expect("ascii")).expect("two letters"))
}

fn restriction_type() -> impl Strategy<Value = RestrictionType> {
    prop_oneof![
        Just(RestrictionType::NotAllowed),
        Just(RestrictionType::RequireConsent),
        Just(RestrictionType::RequireLegitimateInterest)
    ]
}

pub fn restrictions() -> impl Strategy<Value = Vec<PublisherRestriction>> {
    proptest::collection::btree_map((1..=24u8, restriction_type()), nonempty_vendor_set(), 0..5).prop_map(
        |map: BTreeMap<(u8, RestrictionType), VendorSet>| {
            map.into_iter()
                .map(|((purpose_id, restriction_type), vendors)| PublisherRestriction {
                    purpose_id,
                    restriction_type,
                    vendors,
                })
                .collect()
        },
    )
}

pub fn publisher_tc() -> impl Strategy<Value = PublisherTc> {
    (id_set(24), id_set(24), 0..=20u8)
        .prop_flat_map(|(consents, lis, num)| {
            let custom = if num == 0 { Just(IdSet::new()).boxed() } else { id_set(num).boxed() };
            (Just(consents), Just(lis), Just(num), custom.clone(), custom)
        })
        .prop_map(|(publisher_consents, publisher_legitimate_interests, num_custom_purposes, cc, cli)| PublisherTc {
            publisher_consents,
            publisher_legitimate_interests,
            num_custom_purposes,
            publisher_custom_consents: cc,
            publisher_custom_legitimate_interests: cli,
        })
}

/// A TC string model Tutela can encode (it always has disclosed vendors, as TCF v2.3 requires).
pub fn tc_string() -> impl Strategy<Value = TcString> {
    // The reference refuses CMP ids 0 and 1.
    let header = (instant(), instant(), 2..4096u16, 0..4096u16, 0..64u8, letters(), 0..4096u16, 0..64u8);
    let flags = (any::<bool>(), any::<bool>(), id_set(12), id_set(24), id_set(24), any::<bool>(), letters());
    let vendors = (
        vendor_set(),
        vendor_set(),
        restrictions(),
        vendor_set(),
        proptest::option::weighted(0.2, vendor_set()),
        proptest::option::of(publisher_tc()),
    );
    (header, flags, vendors).prop_map(|(h, f, v)| TcString {
        version: 2,
        created: h.0,
        last_updated: h.1,
        cmp_id: h.2,
        cmp_version: h.3,
        consent_screen: h.4,
        consent_language: h.5,
        vendor_list_version: h.6,
        policy_version: h.7,
        is_service_specific: f.0,
        use_non_standard_texts: f.1,
        special_feature_optins: f.2,
        purpose_consents: f.3,
        purpose_legitimate_interests: f.4,
        purpose_one_treatment: f.5,
        publisher_cc: f.6,
        vendor_consents: v.0,
        vendor_legitimate_interests: v.1,
        publisher_restrictions: v.2,
        disclosed_vendors: Some(v.3),
        allowed_vendors: v.4,
        publisher_tc: v.5,
    })
}

fn usp_flag() -> impl Strategy<Value = UspFlag> {
    prop_oneof![Just(UspFlag::Yes), Just(UspFlag::No), Just(UspFlag::NotApplicable)]
}

pub fn uspv1() -> impl Strategy<Value = UspV1> {
    (usp_flag(), usp_flag(), usp_flag()).prop_map(|(notice, opt_out_sale, lspa_covered)| UspV1 {
        version: 1,
        notice,
        opt_out_sale,
        lspa_covered,
    })
}

pub fn usnat() -> impl Strategy<Value = UsNat> {
    let tri = || 0..=2u8;
    (1..=2u8)
        .prop_flat_map(move |version| {
            let (sensitive, child) = if version == 1 { (12, 2) } else { (16, 3) };
            (
                Just(version),
                proptest::collection::vec(tri(), 9),
                proptest::collection::vec(tri(), sensitive),
                proptest::collection::vec(tri(), child),
                (tri(), 1..=2u8, tri(), tri()),
                proptest::option::of(any::<bool>()),
            )
        })
        .prop_map(|(version, lead, sensitive, child, trail, gpc)| UsNat {
            version,
            sharing_notice: lead[0],
            sale_opt_out_notice: lead[1],
            sharing_opt_out_notice: lead[2],
            targeted_advertising_opt_out_notice: lead[3],
            sensitive_data_processing_opt_out_notice: lead[4],
            sensitive_data_limit_use_notice: lead[5],
            sale_opt_out: lead[6],
            sharing_opt_out: lead[7],
            targeted_advertising_opt_out: lead[8],
            sensitive_data_processing: sensitive,
            known_child_sensitive_data_consents: child,
            personal_data_consents: trail.0,
            mspa_covered_transaction: trail.1,
            mspa_opt_out_option_mode: trail.2,
            mspa_service_provider_mode: trail.3,
            gpc,
        })
}

/// A GPP model with a non-empty subset of the three supported sections, in id order.
pub fn gpp_string() -> impl Strategy<Value = GppString> {
    (
        proptest::option::of(tc_string().prop_map(GppSection::TcfEuV2)),
        proptest::option::of(uspv1().prop_map(GppSection::UspV1)),
        proptest::option::of(usnat().prop_map(GppSection::UsNat)),
    )
        .prop_filter("at least one section", |(a, b, c)| a.is_some() || b.is_some() || c.is_some())
        .prop_map(|(a, b, c)| {
            let sections: Vec<GppSection> = [a, b, c].into_iter().flatten().collect();
            let section_ids = sections.iter().map(GppSection::id).collect();
            GppString { gpp_version: 1, section_ids, sections }
        })
}
