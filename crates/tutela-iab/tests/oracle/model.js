// Converts the IAB reference libraries' decoded models into Tutela's JSON model (snake_case fields,
// sorted id lists, RFC 3339 instants), so the Rust oracle test can compare them field for field.
'use strict';

const { TCString } = require('@iabtechlabtcf/core');
const { GppModel } = require('@iabgpp/cmpapi');

const RESTRICTION_TYPES = ['not_allowed', 'require_consent', 'require_legitimate_interest'];
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function ids(vector) {
  return Array.from(vector.values()).sort((a, b) => a - b);
}

/** The segment types present after the core segment of a TC string. */
function segmentTypes(tcString) {
  return tcString.split('.').slice(1).map((segment) => BASE64URL.indexOf(segment[0]) >> 3);
}

/** Decodes a TC string with @iabtechlabtcf/core and returns Tutela's JSON model of it. */
function tcfModel(tcString) {
  const m = TCString.decode(tcString);
  const types = segmentTypes(tcString);
  const restrictions = m.publisherRestrictions
    .getRestrictions()
    .map((r) => ({
      purpose_id: r.purposeId,
      restriction_type: RESTRICTION_TYPES[r.restrictionType],
      vendors: m.publisherRestrictions.getVendors(r),
    }))
    .sort((a, b) => a.purpose_id - b.purpose_id || RESTRICTION_TYPES.indexOf(a.restriction_type) - RESTRICTION_TYPES.indexOf(b.restriction_type));
  return {
    version: m.version,
    created: m.created.toISOString(),
    last_updated: m.lastUpdated.toISOString(),
    cmp_id: m.cmpId,
    cmp_version: m.cmpVersion,
    consent_screen: m.consentScreen,
    consent_language: m.consentLanguage,
    vendor_list_version: m.vendorListVersion,
    policy_version: m.policyVersion,
    is_service_specific: m.isServiceSpecific,
    use_non_standard_texts: m.useNonStandardTexts,
    special_feature_optins: ids(m.specialFeatureOptins),
    purpose_consents: ids(m.purposeConsents),
    purpose_legitimate_interests: ids(m.purposeLegitimateInterests),
    purpose_one_treatment: m.purposeOneTreatment,
    publisher_cc: m.publisherCountryCode,
    vendor_consents: ids(m.vendorConsents),
    vendor_legitimate_interests: ids(m.vendorLegitimateInterests),
    publisher_restrictions: restrictions,
    disclosed_vendors: types.includes(1) ? ids(m.vendorsDisclosed) : null,
    allowed_vendors: types.includes(2) ? ids(m.vendorsAllowed) : null,
    publisher_tc: types.includes(3)
      ? {
          publisher_consents: ids(m.publisherConsents),
          publisher_legitimate_interests: ids(m.publisherLegitimateInterests),
          num_custom_purposes: m.numCustomPurposes,
          publisher_custom_consents: ids(m.publisherCustomConsents),
          publisher_custom_legitimate_interests: ids(m.publisherCustomLegitimateInterests),
        }
      : null,
  };
}

const USNAT_FIELDS = [
  ['version', 'Version'],
  ['sharing_notice', 'SharingNotice'],
  ['sale_opt_out_notice', 'SaleOptOutNotice'],
  ['sharing_opt_out_notice', 'SharingOptOutNotice'],
  ['targeted_advertising_opt_out_notice', 'TargetedAdvertisingOptOutNotice'],
  ['sensitive_data_processing_opt_out_notice', 'SensitiveDataProcessingOptOutNotice'],
  ['sensitive_data_limit_use_notice', 'SensitiveDataLimitUseNotice'],
  ['sale_opt_out', 'SaleOptOut'],
  ['sharing_opt_out', 'SharingOptOut'],
  ['targeted_advertising_opt_out', 'TargetedAdvertisingOptOut'],
  ['sensitive_data_processing', 'SensitiveDataProcessing'],
  ['known_child_sensitive_data_consents', 'KnownChildSensitiveDataConsents'],
  ['personal_data_consents', 'PersonalDataConsents'],
  ['mspa_covered_transaction', 'MspaCoveredTransaction'],
  ['mspa_opt_out_option_mode', 'MspaOptOutOptionMode'],
  ['mspa_service_provider_mode', 'MspaServiceProviderMode'],
];

/** Decodes a GPP string with @iabgpp/cmpapi and returns Tutela's JSON model of it. */
function gppModel(gppString) {
  const gpp = new GppModel(gppString);
  const sectionIds = gpp.getSectionIds();
  const texts = gppString.split('~').slice(1);
  const sections = sectionIds.map((id, index) => {
    if (id === 2) {
      return { section: 'tcfeuv2', ...tcfModel(texts[index]) };
    }
    if (id === 6) {
      const f = (name) => gpp.getFieldValue('uspv1', name);
      return {
        section: 'uspv1',
        version: f('Version'),
        notice: f('Notice'),
        opt_out_sale: f('OptOutSale'),
        lspa_covered: f('LspaCovered'),
      };
    }
    if (id === 7) {
      const section = { section: 'usnat' };
      for (const [ours, theirs] of USNAT_FIELDS) {
        section[ours] = gpp.getFieldValue('usnat', theirs);
      }
      section.gpc = gpp.getFieldValue('usnat', 'GpcSegmentIncluded') ? gpp.getFieldValue('usnat', 'Gpc') : null;
      return section;
    }
    throw new Error(`unexpected section id ${id}`);
  });
  return { gpp_version: 1, section_ids: sectionIds, sections };
}

module.exports = { tcfModel, gppModel, USNAT_FIELDS };
