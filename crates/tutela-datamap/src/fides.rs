//! Import from Fides: fideslang dataset and system YAML into a Tutela data map, so that an
//! organisation that has described its processing in Fides moves over in one command
//! (`tutela datamap import-fides`).
//!
//! What is read (other keys of a Fides file are ignored, since Fides files carry much that Tutela
//! keeps elsewhere or not at all):
//!
//! - `dataset:` entries (`fides_key`, `name`, `description`, `data_categories`) become stores; their
//!   `collections` become tables and their `fields` fields. A nested field (`fields:` under a field)
//!   is folded into its top-level field, with the categories of all its sub-fields, because a data
//!   map names columns and top-level keys only. `fides_meta.identity` makes a field one that
//!   identifies the subject; `fides_meta.references` become references (`direction: from`, the
//!   default, makes a reference from this field; `to`, one from the other field to this one).
//! - `system:` entries become processing activities, one per privacy declaration: its
//!   `data_categories` (with, as fideslang reads them, the categories the datasets use under them:
//!   `user.contact.address` covers a field of `user.contact.address.city`), `data_subjects` and
//!   `data_use` (which becomes a purpose), the datasets the
//!   system or declaration references (stores), and the parties data flows to (`egress` to a key that
//!   is neither an imported system nor dataset, and `third_parties`), which become recipients.
//! - `data_category:` entries (an organisation's own extensions of the taxonomy) name and describe
//!   the custom categories used, and place them under a parent.
//!
//! fideslang's taxonomy is mapped onto Tutela's built-in one by [`fides_category`], most specific
//! key first and then walking up the hierarchy (`user.contact.address.street` is a postal address).
//! `system.*` data is not personal. A category with no Tutela equivalent (including one fideslang
//! does not define) becomes an operator-declared category `fides.<key>` whose description says so;
//! data subjects likewise ([`fides_subject`]). Legal bases come from `legal_basis_for_processing`,
//! or are guessed from the data use and marked `# TODO`; retention from `retention_period` (a number
//! of days, or a Tutela retention such as `3 years`), else `until_purpose_reached` with a TODO.
//!
//! The output is YAML text with comments naming the Fides keys each value came from. The operator
//! section comes from [`FidesImportOptions`] (or the systems' `legal_name` / `legal_address`); what
//! is not known is written so that `tutela datamap check` stops at it (`country: TODO`, `address:
//! "TODO: ..."`, `contact: {}`, `region: ZZ`). The output always parses as a data map: an empty
//! section is an empty list (`purposes: []` for a dataset alone), Fides text is escaped and kept to
//! one line in comments. Every problem `check` then finds is one the import announced: it is on a
//! line marked `# TODO` (a field no declaration uses: `# TODO: no purpose uses contact.email`; a
//! collection no subject can be found in; a declaration without data subjects), and a note says
//! what to do.
//!
//! Input is read with the same YAML limits as a data map (size, depth, aliases); every problem is a
//! [`Diagnostic`] at its file, line and column.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::{MessageFormatter, UserMessageFormatter};

use crate::model::{
    Jurisdiction, LegalBasisKind, Located, Name, Position, RegionCode, SourceId, SubjectCategoryId, with_source,
};
use crate::{Diagnostic, LoadError, MAX_DEPTH, MAX_FILE_BYTES, MAX_FILES, MAX_NODES_PER_FILE, MAX_TOTAL_BYTES};

/// The most nested levels of Fides fields folded into one field.
pub const MAX_FIELD_NESTING: usize = 8;

/// What the Fides files do not say about the operator.
#[derive(Clone, Debug, Default)]
pub struct FidesImportOptions {
    /// The operator's legal name; else the first system's `legal_name`, else a placeholder.
    pub operator_name: Option<String>,
    /// The operator's country; its jurisdictions follow from it. Absent: `country: TODO`, which
    /// `tutela datamap check` reports until it is filled in.
    pub country: Option<RegionCode>,
}

/// A data map made from Fides files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FidesImport {
    /// The data map, as YAML text.
    pub yaml: String,
    /// What the import could not carry over exactly (unmapped categories, guessed legal bases ...)
    /// and what `tutela datamap check` reports until it is filled in (placeholders, fields no purpose
    /// uses ...), one line each, for the person running it.
    pub notes: Vec<String>,
}

// ---------------------------------------------------------------------------------------------------
// The taxonomy mapping

/// Where a fideslang data category lands in Tutela.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CategoryMapping {
    /// A built-in category.
    Builtin(&'static str),
    /// Not personal data (`system.*`).
    NotPersonal,
    /// No equivalent: the operator declares it.
    Unmapped,
}

/// fideslang data category → Tutela category, for keys with an equivalent. Keys not listed map as
/// their nearest listed parent does.
const CATEGORY_MAP: &[(&str, &str)] = &[
    ("user.account", "account.identifier"),
    ("user.account.settings", "account.settings"),
    ("user.settings", "account.settings"),
    ("user.account.username", "account.username"),
    ("user.authorization", "account.credentials"),
    ("user.authorization.biometric", "special.biometric"),
    ("user.authorization.biometrics", "special.biometric"),
    ("user.behavior", "usage.logs"),
    ("user.behavior.browsing_history", "usage.pages_visited"),
    ("user.behavior.purchase_history", "commerce.orders"),
    ("user.behavior.search_history", "usage.search_queries"),
    ("user.biometric", "special.biometric"),
    ("user.biometrics", "special.biometric"),
    ("user.contact.address", "contact.postal_address"),
    ("user.contact.address.city", "location.approximate"),
    ("user.contact.address.state", "location.approximate"),
    ("user.contact.address.country", "location.approximate"),
    ("user.contact.email", "contact.email"),
    ("user.contact.phone_number", "contact.phone"),
    ("user.contact.fax_number", "contact.phone"),
    ("user.contact.url", "contact.social_profile"),
    ("user.contact.social_url", "contact.social_profile"),
    ("user.contact.organization", "employment.position"),
    ("user.content", "communications.messages"),
    ("user.content.public", "communications.reviews"),
    ("user.content.self_image", "media.images"),
    ("user.criminal_history", "special.criminal_records"),
    ("user.demographic.date_of_birth", "identity.date_of_birth"),
    ("user.demographic.gender", "identity.gender"),
    ("user.demographic.language", "preferences.language"),
    ("user.demographic.profile", "preferences.interests"),
    ("user.demographic.race_ethnicity", "special.racial_or_ethnic_origin"),
    ("user.demographic.religious_belief", "special.religious_or_philosophical_beliefs"),
    ("user.demographic.philosophical_belief", "special.religious_or_philosophical_beliefs"),
    ("user.demographic.political_opinion", "special.political_opinions"),
    ("user.demographic.sexual_orientation", "special.sex_life_or_orientation"),
    ("user.demographic.union_membership", "special.trade_union_membership"),
    ("user.demographic.citizenship_or_immigration_status", "identity.citizenship"),
    ("user.device", "device.model"),
    ("user.device.cookie", "online.cookie_id"),
    ("user.device.cookie_id", "online.cookie_id"),
    ("user.device.ip_address", "online.ip_address"),
    ("user.device.telemetry", "device.telemetry"),
    ("user.device.sensor", "device.telemetry"),
    ("user.telemetry", "device.telemetry"),
    ("user.sensor", "device.telemetry"),
    ("user.user_sensor", "device.telemetry"),
    ("user.financial", "financial.transactions"),
    ("user.financial.bank_account", "financial.bank_account"),
    ("user.financial.credit_card", "financial.payment_card"),
    ("user.payment", "financial.transactions"),
    ("user.government_id.national_identification_number", "identity.resident_id"),
    ("user.government_id.passport_number", "identity.passport"),
    ("user.government_id.drivers_license_number", "identity.driving_licence"),
    ("user.health", "special.health"),
    ("user.health_and_medical", "special.health"),
    ("user.health.genetic", "special.genetic"),
    ("user.health_and_medical.genetic", "special.genetic"),
    ("user.location", "location.approximate"),
    ("user.location.precise", "location.precise"),
    ("user.name", "identity.name"),
    ("user.privacy_preferences", "account.settings"),
    ("user.job_title", "employment.position"),
    ("user.workplace", "employment.position"),
    ("user.professional_information", "employment.position"),
    ("user.social", "usage.logs"),
    ("user.social_activity", "usage.logs"),
    ("user.unique_id", "account.identifier"),
];

/// fideslang data categories with no Tutela equivalent, and their fideslang names.
const UNMAPPED_NAMES: &[(&str, &str)] = &[
    ("user", "User data"),
    ("user.contact", "Contact data"),
    ("user.children", "Children's data"),
    ("user.childrens", "Children's data"),
    ("user.demographic", "Demographic data"),
    ("user.demographic.age_range", "Age range"),
    ("user.demographic.marital_status", "Marital status"),
    ("user.demographic.protected_classifications", "Protected classifications"),
    ("user.device.device_id", "Device ID"),
    ("user.government_id", "Government ID"),
    ("user.government_id.birth_certificate", "Birth certificate"),
    ("user.government_id.immigration", "Immigration ID"),
    ("user.government_id.vehicle_registration", "Vehicle registration"),
    ("user.location.imprecise", "Imprecise location"),
    ("user.location.coarse", "Coarse location"),
];

/// Every fideslang data category this importer knows (mapped or not), for telling a fideslang
/// key Tutela has no equivalent for from a key fideslang does not define.
fn is_fideslang_category(key: &str) -> bool {
    const OTHER_KNOWN: &[&str] = &[
        "system",
        "system.authentication",
        "system.operations",
        "user.authorization.credentials",
        "user.authorization.password",
        "user.behavior.media_consumption",
        "user.biometric.fingerprint",
        "user.biometric.retinal",
        "user.biometric.voice",
        "user.biometric.health",
        "user.biometrics.fingerprint",
        "user.biometrics.retinal",
        "user.biometrics.voice",
        "user.children.children_under_thirteen",
        "user.children.thirteen_to_sixteen",
        "user.contact.address.postal_code",
        "user.contact.address.street",
        "user.contact.address.mailing_address",
        "user.content.private",
        "user.name.first",
        "user.name.last",
        "user.unique_id.pseudonymous",
        "user.unique_id.deterministic",
        "user.unique_id.probablistic",
        "user.professional_information.job_title",
        "user.professional_information.workplace",
        "user.health_and_medical.insurance_beneficiary_id",
        "user.health_and_medical.record_id",
        "user.health.insurance_beneficiary_id",
        "user.health.record_id",
        "user.health.condition",
        "user.health.medical_diagnosis",
        "user.health.medications",
        "user.health.prescriptions",
        "user.health.reproductive_or_sexual",
        "user.health.social_psychological_behavioral",
        "user.health.symptons",
        "user.health.treatment",
        "user.health.baby_formula",
        "user.health.maternity_clothing",
    ];
    CATEGORY_MAP.iter().any(|(fides, _)| *fides == key)
        || UNMAPPED_NAMES.iter().any(|(fides, _)| *fides == key)
        || OTHER_KNOWN.contains(&key)
}

/// Where a fideslang data category lands: its own mapping, else its nearest parent's (by key
/// prefix). Keys under `system` are not personal data; keys with no mapped ancestor are unmapped.
/// Keys that name an unmapped category exactly stay unmapped even under a mapped parent
/// (`user.device.device_id` is not a device model).
pub fn fides_category(key: &str) -> CategoryMapping {
    if key == "system" || key.starts_with("system.") {
        return CategoryMapping::NotPersonal;
    }
    let mut current = key;
    loop {
        if UNMAPPED_NAMES.iter().any(|(fides, _)| *fides == current) {
            return CategoryMapping::Unmapped;
        }
        if let Some((_, tutela)) = CATEGORY_MAP.iter().find(|(fides, _)| *fides == current) {
            return CategoryMapping::Builtin(tutela);
        }
        match current.rsplit_once('.') {
            Some((parent, _)) => current = parent,
            None => return CategoryMapping::Unmapped,
        }
    }
}

/// fideslang data subject → Tutela subject category, when there is one.
pub fn fides_subject(key: &str) -> Option<&'static str> {
    Some(match key {
        "customer" => "customer",
        "employee" | "trainee" => "employee",
        "prospect" => "prospect",
        "job_applicant" => "job_applicant",
        "visitor" | "anonymous_user" => "site_user",
        "consultant" | "supplier_vendor" => "contractor",
        _ => return None,
    })
}

const KNOWN_SUBJECTS: &[&str] = &[
    "anonymous_user",
    "citizen_voter",
    "commuter",
    "consultant",
    "customer",
    "employee",
    "job_applicant",
    "next_of_kin",
    "passenger",
    "patient",
    "prospect",
    "shareholder",
    "supplier_vendor",
    "trainee",
    "visitor",
];

/// The legal basis a data use usually rests on, when the declaration does not say.
fn guessed_basis(data_use: &str) -> LegalBasisKind {
    let top = data_use.split('.').next().unwrap_or(data_use);
    match data_use {
        "essential.legal_obligation" | "third_party_sharing.legal_obligation" => LegalBasisKind::LegalObligation,
        "essential.fraud_detection" | "essential.service.security" => LegalBasisKind::LegitimateInterest,
        _ => match top {
            "finance" => LegalBasisKind::LegalObligation,
            "essential" | "functional" | "operations" | "employment" => LegalBasisKind::Contract,
            _ => LegalBasisKind::Consent,
        },
    }
}

/// fideslang's `legal_basis_for_processing` values.
fn parse_basis(text: &str) -> Option<LegalBasisKind> {
    Some(match text.trim().to_ascii_lowercase().as_str() {
        "consent" => LegalBasisKind::Consent,
        "contract" => LegalBasisKind::Contract,
        "legal obligation" | "legal obligations" => LegalBasisKind::LegalObligation,
        "vital interest" | "vital interests" => LegalBasisKind::VitalInterest,
        "public interest" | "public task" => LegalBasisKind::PublicTask,
        "legitimate interest" | "legitimate interests" => LegalBasisKind::LegitimateInterest,
        _ => return None,
    })
}

/// fideslang's `special_category_legal_basis` → the data map condition and its GDPR article.
fn parse_special_basis(text: &str) -> Option<(&'static str, &'static str)> {
    Some(match text.trim().to_ascii_lowercase().as_str() {
        "consent" | "explicit consent" => ("explicit_consent", "GDPR art. 9(2)(a)"),
        "employment" => ("employment_law", "GDPR art. 9(2)(b)"),
        "vital interests" => ("vital_interest", "GDPR art. 9(2)(c)"),
        "non-profit organisations" | "non-profit organizations" => ("not_for_profit_members", "GDPR art. 9(2)(d)"),
        "public by data subject" => ("made_public_by_subject", "GDPR art. 9(2)(e)"),
        "legal claims" => ("legal_claims", "GDPR art. 9(2)(f)"),
        "substantial public interest" => ("substantial_public_interest", "GDPR art. 9(2)(g)"),
        "medical" => ("health_care", "GDPR art. 9(2)(h)"),
        "public health interest" => ("public_health", "GDPR art. 9(2)(i)"),
        _ => return None,
    })
}

/// The jurisdictions an operator in `country` answers to, as far as Tutela knows them.
fn jurisdictions_for(country: &RegionCode) -> Vec<Jurisdiction> {
    let eea: Option<RegionCode> = "EEA".parse().ok();
    match country.as_str() {
        "RU" => vec![Jurisdiction::Ru152Fz],
        "CN" => vec![Jurisdiction::CnPipl],
        "IN" => vec![Jurisdiction::InDpdp],
        "GB" => vec![Jurisdiction::UkGdpr],
        "US" => vec![Jurisdiction::UsCaCcpa],
        _ if eea.as_ref().is_some_and(|eea| country.is_within(eea)) => vec![Jurisdiction::EuGdpr],
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------------
// The Fides files

/// One Fides YAML file: the sections read.
#[derive(Debug, Default, Deserialize)]
struct FidesFile {
    #[serde(default)]
    dataset: Vec<Dataset>,
    #[serde(default)]
    system: Vec<System>,
    #[serde(default)]
    data_category: Vec<TaxonomyEntry>,
}

#[derive(Debug, Deserialize)]
struct TaxonomyEntry {
    fides_key: Located<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parent_key: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Dataset {
    fides_key: Located<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    data_categories: Vec<Located<String>>,
    #[serde(default)]
    collections: Vec<Collection>,
}

#[derive(Debug, Deserialize)]
struct Collection {
    name: Located<String>,
    #[serde(default)]
    data_categories: Vec<Located<String>>,
    #[serde(default)]
    fields: Vec<FidesField>,
}

#[derive(Debug, Deserialize)]
struct FidesField {
    name: Located<String>,
    #[serde(default)]
    data_categories: Vec<Located<String>>,
    #[serde(default)]
    fides_meta: Option<FieldMeta>,
    #[serde(default)]
    fields: Vec<FidesField>,
}

#[derive(Debug, Default, Deserialize)]
struct FieldMeta {
    #[serde(default)]
    identity: Option<String>,
    #[serde(default)]
    primary_key: Option<bool>,
    #[serde(default)]
    references: Vec<FidesReference>,
}

#[derive(Debug, Deserialize)]
struct FidesReference {
    #[serde(default)]
    dataset: Option<String>,
    field: Located<String>,
    #[serde(default)]
    direction: Option<Located<String>>,
}

#[derive(Debug, Deserialize)]
struct System {
    fides_key: Located<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    legal_name: Option<String>,
    #[serde(default)]
    legal_address: Option<String>,
    #[serde(default)]
    privacy_policy: Option<String>,
    #[serde(default)]
    dataset_references: Vec<String>,
    #[serde(default)]
    egress: Vec<Flow>,
    #[serde(default)]
    ingress: Vec<Flow>,
    #[serde(default)]
    privacy_declarations: Vec<Declaration>,
}

#[derive(Debug, Deserialize)]
struct Flow {
    fides_key: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    data_categories: Vec<Located<String>>,
}

#[derive(Debug, Deserialize)]
struct Declaration {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    data_categories: Vec<Located<String>>,
    data_use: Located<String>,
    #[serde(default)]
    data_subjects: Vec<Located<String>>,
    #[serde(default)]
    dataset_references: Vec<String>,
    #[serde(default)]
    egress: Vec<String>,
    #[serde(default)]
    third_parties: Option<String>,
    #[serde(default)]
    legal_basis_for_processing: Option<Located<String>>,
    #[serde(default)]
    retention_period: Option<String>,
    #[serde(default)]
    special_category_legal_basis: Option<Located<String>>,
}

fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES_PER_FILE,
            max_events: MAX_NODES_PER_FILE.saturating_mul(2),
            max_documents: 1,
            max_reader_input_bytes: Some(MAX_FILE_BYTES as usize),
        },
        strict_booleans: true,
        with_snippet: false,
    }
}

fn yaml_error(file: &Path, error: &serde_saphyr::Error) -> Diagnostic {
    let message = format!("not a Fides dataset or system file: {}", UserMessageFormatter.format_message(error));
    let hint = Some("a Fides file has a `dataset:` and/or `system:` list, as `fides` exports them".to_owned());
    crate::parse::located_diagnostic(file, error, "fides-yaml", &message, hint)
}

/// Reads Fides YAML files (a file, or the `*.yml` / `*.yaml` files of a folder, for each path)
/// within the data map's size limits.
pub fn read_fides_paths(paths: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, LoadError> {
    let mut files = Vec::new();
    let fail = |path: &Path, message: String| LoadError { diagnostics: vec![Diagnostic::in_file(path, "io", message)] };
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| fail(path, format!("cannot read the folder: {e}")))?
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml") && p.is_file())
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    if files.is_empty() {
        let path = paths.first().cloned().unwrap_or_default();
        return Err(fail(&path, "no Fides YAML files (*.yml, *.yaml) to import".to_owned()));
    }
    if files.len() > MAX_FILES {
        return Err(fail(&files[0], format!("{} files: at most {MAX_FILES} are imported at once", files.len())));
    }
    let mut total = 0u64;
    let mut sources = Vec::with_capacity(files.len());
    for file in files {
        let size = std::fs::metadata(&file).map_err(|e| fail(&file, format!("cannot read it: {e}")))?.len();
        total = total.saturating_add(size);
        if size > MAX_FILE_BYTES || total > MAX_TOTAL_BYTES {
            return Err(fail(
                &file,
                format!("too large: at most {MAX_FILE_BYTES} bytes a file, {MAX_TOTAL_BYTES} in all"),
            ));
        }
        let text =
            std::fs::read_to_string(&file).map_err(|e| fail(&file, format!("cannot read it as UTF-8 text: {e}")))?;
        sources.push((file, text));
    }
    Ok(sources)
}

/// Imports Fides files given as (name, text) pairs into a data map.
pub fn import_fides(sources: Vec<(PathBuf, String)>, options: &FidesImportOptions) -> Result<FidesImport, LoadError> {
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    let names: Vec<PathBuf> = sources.iter().map(|(name, _)| name.clone()).collect();
    for (index, (name, text)) in sources.into_iter().enumerate() {
        if text.len() as u64 > MAX_FILE_BYTES {
            diagnostics.push(Diagnostic::in_file(&name, "too-large", format!("at most {MAX_FILE_BYTES} bytes a file")));
            continue;
        }
        let source = SourceId(u32::try_from(index).unwrap_or(u32::MAX));
        let result =
            with_source(source, || serde_saphyr::from_str_with_options::<Option<FidesFile>>(&text, yaml_options()));
        match result {
            Ok(Some(file)) if !file.dataset.is_empty() || !file.system.is_empty() => parsed.push(file),
            Ok(_) => diagnostics.push(
                Diagnostic::in_file(&name, "fides-empty", "the file has no `dataset:` or `system:` entries")
                    .with_hint("give the Fides dataset and system files fides exports"),
            ),
            Err(error) => diagnostics.push(yaml_error(&name, &error)),
        }
    }
    if !diagnostics.is_empty() {
        return Err(LoadError { diagnostics });
    }
    let mut importer = Importer::new(&names, options);
    importer.collect(&parsed);
    if !importer.diagnostics.is_empty() {
        importer.diagnostics.sort();
        return Err(LoadError { diagnostics: importer.diagnostics });
    }
    let yaml = importer.write(&parsed);
    Ok(FidesImport { yaml, notes: importer.notes })
}

// ---------------------------------------------------------------------------------------------------
// The import

/// A custom category from the Fides files' `data_category:` section: name, description, parent.
type CustomCategory = (Option<String>, Option<String>, Option<String>);

/// A data category as the output names it.
#[derive(Clone, Debug)]
struct Declared {
    id: String,
    label: String,
    description: String,
}

/// A purpose made from a data use.
#[derive(Clone, Debug)]
struct PurposeOut {
    id: String,
    data_use: String,
    names: Vec<String>,
    basis: LegalBasisKind,
    basis_guessed: bool,
    retention: String,
    retention_note: Option<String>,
    transfers: bool,
    special: BTreeSet<String>,
    special_basis: Option<(&'static str, &'static str)>,
}

/// A recipient made from an egress or third parties.
#[derive(Clone, Debug)]
struct RecipientOut {
    id: String,
    name: String,
    categories: BTreeSet<String>,
    purposes: BTreeSet<String>,
}

struct Importer<'a> {
    names: &'a [PathBuf],
    options: &'a FidesImportOptions,
    diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
    custom: BTreeMap<String, CustomCategory>,
    declared: BTreeMap<String, Declared>,
    declared_subjects: BTreeMap<String, String>,
    purposes: BTreeMap<String, PurposeOut>,
    recipients: BTreeMap<String, RecipientOut>,
    datasets: BTreeSet<String>,
    systems: BTreeSet<String>,
    /// Every well-formed category key the datasets use, for the declarations that cover them.
    dataset_keys: BTreeSet<String>,
}

/// Lower-case snake case for an id: letters, digits and `_`, starting with a letter.
fn snake(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('_') && !id.is_empty() {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_');
    let id = if id.starts_with(|c: char| c.is_ascii_lowercase()) { id.to_owned() } else { format!("x_{id}") };
    let mut id = id.trim_end_matches('_').to_owned();
    id.truncate(crate::model::MAX_ID_BYTES);
    id.trim_end_matches('_').to_owned()
}

/// `text` as a YAML scalar: plain when it is a simple word or path, else double-quoted, with every
/// character YAML does not allow in a stream (and the line separators) escaped.
fn q(text: &str) -> String {
    const RESERVED: &[&str] = &["true", "false", "yes", "no", "on", "off", "null", "y", "n", "todo"];
    let mut chars = text.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !RESERVED.contains(&text.to_ascii_lowercase().as_str());
    if plain {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if yaml_printable(c) => out.push(c),
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// Whether YAML takes `c` as it is inside a line: its printable set, less the byte order mark and
/// the characters YAML 1.1 readers end a line at (next line, line and paragraph separators).
fn yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

/// The most characters of Fides text copied into a comment.
const MAX_COMMENT_CHARS: usize = 200;

/// Fides text for a `#` comment: on one line, printable, at most [`MAX_COMMENT_CHARS`] characters.
fn comment(text: &str) -> String {
    let mut line: String = text.chars().map(|c| if yaml_printable(c) { c } else { ' ' }).collect();
    if line.chars().count() > MAX_COMMENT_CHARS {
        line = line.chars().take(MAX_COMMENT_CHARS).collect();
        line.push('…');
    }
    line.trim().to_owned()
}

/// Fides text for a data map text (a name, a description, an address): trimmed, without control
/// characters other than line breaks and tabs, cut to [`crate::model::MAX_TEXT_BYTES`]; `None`
/// when nothing is left, so that a placeholder is written instead of an empty text.
fn text(fides: &str) -> Option<String> {
    let cleaned: String =
        fides.chars().map(|c| if c.is_control() && !matches!(c, '\n' | '\t') { ' ' } else { c }).collect();
    let mut cleaned = cleaned.trim().to_owned();
    if cleaned.len() > crate::model::MAX_TEXT_BYTES {
        let mut end = crate::model::MAX_TEXT_BYTES - '…'.len_utf8();
        while !cleaned.is_char_boundary(end) {
            end -= 1;
        }
        cleaned.truncate(end);
        cleaned.push('…');
    }
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Whether `key` is written as fideslang keys are: letters, digits, `_`, `-`, `.`, `<`, `>`.
fn well_formed_key(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with('.')
        && !key.ends_with('.')
        && !key.contains("..")
        && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '<' | '>'))
}

impl<'a> Importer<'a> {
    fn new(names: &'a [PathBuf], options: &'a FidesImportOptions) -> Self {
        Self {
            names,
            options,
            diagnostics: Vec::new(),
            notes: Vec::new(),
            custom: BTreeMap::new(),
            declared: BTreeMap::new(),
            declared_subjects: BTreeMap::new(),
            purposes: BTreeMap::new(),
            recipients: BTreeMap::new(),
            datasets: BTreeSet::new(),
            systems: BTreeSet::new(),
            dataset_keys: BTreeSet::new(),
        }
    }

    fn error(&mut self, at: Position, code: &'static str, message: String, hint: &str) {
        let file = self.names.get(at.source.0 as usize).cloned().unwrap_or_default();
        self.diagnostics.push(Diagnostic {
            file,
            line: Some(at.line),
            column: Some(at.column),
            code,
            message,
            hint: Some(hint.to_owned()),
        });
    }

    fn note(&mut self, note: String) {
        // One line each, whatever Fides text it quotes.
        let note: String = note.chars().map(|c| if yaml_printable(c) { c } else { ' ' }).collect();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// First pass: keys, the custom taxonomy, every category's mapping, purposes and recipients.
    fn collect(&mut self, files: &[FidesFile]) {
        let mut store_ids: BTreeMap<String, String> = BTreeMap::new();
        for file in files {
            for entry in &file.data_category {
                if well_formed_key(&entry.fides_key) {
                    let value = (entry.name.clone(), entry.description.clone(), entry.parent_key.clone());
                    self.custom.insert(entry.fides_key.value.clone(), value);
                }
            }
            for dataset in &file.dataset {
                self.check_key(&dataset.fides_key, "dataset");
                if !self.datasets.insert(dataset.fides_key.value.clone()) {
                    let message = format!("dataset {:?} is given twice", dataset.fides_key.value);
                    self.error(dataset.fides_key.at, "fides-duplicate", message, "keep one of them");
                    continue;
                }
                let id = snake(&dataset.fides_key);
                match store_ids.get(&id) {
                    Some(other) => {
                        let message = format!(
                            "datasets {other:?} and {:?} would both become store {id:?}",
                            dataset.fides_key.value
                        );
                        self.error(dataset.fides_key.at, "fides-duplicate", message, "rename one of them");
                    }
                    None => {
                        store_ids.insert(id, dataset.fides_key.value.clone());
                    }
                }
            }
            for system in &file.system {
                self.check_key(&system.fides_key, "system");
                self.systems.insert(system.fides_key.value.clone());
            }
        }
        for file in files {
            for dataset in &file.dataset {
                self.collect_dataset(dataset);
            }
        }
        for file in files {
            for system in &file.system {
                self.collect_system(system);
            }
        }
    }

    fn check_key(&mut self, key: &Located<String>, what: &str) -> bool {
        if well_formed_key(key) {
            return true;
        }
        let message = format!("malformed Fides {what} key {:?}", key.value);
        self.error(
            key.at,
            "fides-key",
            message,
            "Fides keys are letters, digits, '_', '-' and '.', e.g. user.contact.email",
        );
        false
    }

    fn collect_dataset(&mut self, dataset: &Dataset) {
        for category in &dataset.data_categories {
            self.dataset_category(category);
        }
        let mut tables: BTreeSet<&str> = BTreeSet::new();
        for collection in &dataset.collections {
            if !tables.insert(collection.name.as_str()) {
                let message = format!(
                    "dataset {:?} has two collections named {:?}",
                    dataset.fides_key.value, collection.name.value
                );
                self.error(collection.name.at, "fides-duplicate", message, "keep one of them, or rename one");
            }
            let mut fields: BTreeSet<&str> = BTreeSet::new();
            for field in &collection.fields {
                if !fields.insert(field.name.as_str()) {
                    let message =
                        format!("collection {:?} has two fields named {:?}", collection.name.value, field.name.value);
                    self.error(field.name.at, "fides-duplicate", message, "keep one of them, or rename one");
                }
            }
            if collection.name.parse::<Name>().is_err() {
                let message = format!("collection name {:?} cannot be a data map table name", collection.name.value);
                self.error(
                    collection.name.at,
                    "fides-name",
                    message,
                    "table names may not contain '.', ':' or control characters",
                );
            }
            for category in &collection.data_categories {
                self.dataset_category(category);
            }
            for field in &collection.fields {
                self.collect_field(field, 1);
            }
        }
    }

    fn collect_field(&mut self, field: &FidesField, depth: usize) {
        if depth == 1 && field.name.parse::<Name>().is_err() {
            let message = format!("field name {:?} cannot be a data map field name", field.name.value);
            self.error(
                field.name.at,
                "fides-name",
                message,
                "field names may not contain '.', ':' or control characters",
            );
        }
        if depth > MAX_FIELD_NESTING {
            let message = format!("field {:?} is nested more than {MAX_FIELD_NESTING} levels deep", field.name.value);
            self.error(field.name.at, "fides-nesting", message, "flatten the dataset's nested fields");
            return;
        }
        for category in &field.data_categories {
            self.dataset_category(category);
        }
        for inner in &field.fields {
            self.collect_field(inner, depth + 1);
        }
        for reference in field.fides_meta.iter().flat_map(|meta| &meta.references) {
            if let Some(direction) = &reference.direction
                && direction.value != "from"
                && direction.value != "to"
            {
                let message = format!("reference direction {:?} is neither \"from\" nor \"to\"", direction.value);
                self.error(direction.at, "fides-reference", message, "write direction: from (or to)");
            }
            if reference.field.split('.').count() < 2 {
                let message = format!("reference to {:?} names no collection", reference.field.value);
                self.error(reference.field.at, "fides-reference", message, "write field: collection.field");
            }
        }
    }

    /// Maps one category key (registering an operator category when it has no equivalent) and
    /// returns the Tutela id, or `None` for non-personal or malformed keys.
    fn category(&mut self, key: &Located<String>) -> Option<String> {
        if !self.check_key(key, "data category") {
            return None;
        }
        self.mapped(&key.value)
    }

    /// Maps a well-formed category key (see [`Importer::category`]).
    fn mapped(&mut self, key: &str) -> Option<String> {
        let resolved = self.resolve_custom(key);
        match fides_category(&resolved) {
            CategoryMapping::Builtin(id) => Some(id.to_owned()),
            CategoryMapping::NotPersonal => None,
            CategoryMapping::Unmapped => Some(self.declare(key)),
        }
    }

    /// Maps a category a dataset uses, and remembers its key for the declarations that cover it.
    fn dataset_category(&mut self, key: &Located<String>) {
        self.category(key);
        if well_formed_key(key) {
            self.dataset_keys.insert(key.value.clone());
        }
    }

    /// Whether category `key` is `ancestor` or lies under it, by its key (`user.contact.address.city`
    /// under `user.contact.address`) or by a custom category's `parent_key`: fideslang reads a
    /// declaration of a category as covering the categories under it.
    fn falls_under(&self, key: &str, ancestor: &str) -> bool {
        let mut current = key;
        for _ in 0..=MAX_FIELD_NESTING {
            if current.strip_prefix(ancestor).is_some_and(|rest| rest.is_empty() || rest.starts_with('.')) {
                return true;
            }
            match self.custom.get(current).and_then(|(_, _, parent)| parent.as_deref()) {
                Some(parent) => current = parent,
                None => return false,
            }
        }
        false
    }

    /// The Tutela categories a privacy declaration covers: its own, and those of the categories the
    /// datasets use under them (a declaration of `user.contact.address` covers a field holding
    /// `user.contact.address.city`, which Tutela calls `location.approximate`).
    fn declaration_categories(&mut self, declaration: &Declaration) -> BTreeSet<String> {
        let mut categories: BTreeSet<String> =
            declaration.data_categories.iter().filter_map(|key| self.category(key)).collect();
        let under: Vec<String> = self
            .dataset_keys
            .iter()
            .filter(|key| declaration.data_categories.iter().any(|declared| self.falls_under(key, declared)))
            .cloned()
            .collect();
        for key in under {
            categories.extend(self.mapped(&key));
        }
        categories
    }

    /// A custom category stands for its nearest ancestor in the fideslang taxonomy, following
    /// `parent_key` where the key itself does not say (at most a few steps, so cycles end).
    fn resolve_custom(&self, key: &str) -> String {
        let mut current = key.to_owned();
        for _ in 0..MAX_FIELD_NESTING {
            if is_fideslang_category(&current) {
                return current;
            }
            match self.custom.get(&current).and_then(|(_, _, parent)| parent.clone()) {
                Some(parent) => current = parent,
                None => break,
            }
        }
        if is_fideslang_category(&current) { current } else { key.to_owned() }
    }

    fn declare(&mut self, key: &str) -> String {
        if let Some(declared) = self.declared.get(key) {
            return declared.id.clone();
        }
        let trimmed = key.strip_prefix("user.").unwrap_or(key);
        let segments: Vec<String> = trimmed.split('.').map(snake).collect();
        let mut base = format!("fides.{}", segments.join("."));
        // Room for a suffix that tells apart keys which spell the same id (user.a-b, user.a_b).
        base.truncate(crate::model::MAX_ID_BYTES - 4);
        let base = base.trim_end_matches(['.', '_']).to_owned();
        let mut id = base.clone();
        let mut n = 2;
        while self.declared.values().any(|declared| declared.id == id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        let known = UNMAPPED_NAMES.iter().find(|(fides, _)| *fides == key).map(|(_, name)| (*name).to_owned());
        let (custom_name, custom_description, _) = self.custom.get(key).cloned().unwrap_or_default();
        let label = custom_name.or(known.clone()).unwrap_or_else(|| key.to_owned());
        let description = match (&custom_description, known.is_some() || is_fideslang_category(key)) {
            (Some(text), _) => format!("{text} (Fides category {key}, which has no Tutela equivalent)"),
            (None, true) => {
                format!("Fides category {key}, which has no Tutela equivalent: check whether a built-in category fits.")
            }
            (None, false) => format!(
                "Fides category {key}, which fideslang does not define: check whether a built-in category fits."
            ),
        };
        self.note(format!("Fides category {key} has no Tutela equivalent: declared as data category {id}"));
        self.declared.insert(key.to_owned(), Declared { id: id.clone(), label, description });
        id
    }

    fn subject(&mut self, key: &Located<String>) -> Option<String> {
        if !self.check_key(key, "data subject") {
            return None;
        }
        if let Some(id) = fides_subject(&key.value) {
            return Some(id.to_owned());
        }
        let id = format!("fides_{}", snake(&key.value));
        if id.parse::<SubjectCategoryId>().is_err() {
            return None;
        }
        if !self.declared_subjects.contains_key(&id) {
            let known = KNOWN_SUBJECTS.contains(&key.value.as_str());
            let why = if known { "has no Tutela equivalent" } else { "is not a fideslang data subject" };
            self.note(format!("Fides data subject {} {why}: declared as subject category {id}", key.value));
            self.declared_subjects.insert(id.clone(), key.value.clone());
        }
        Some(id)
    }

    fn collect_system(&mut self, system: &System) {
        for declaration in &system.privacy_declarations {
            let purpose = self.purpose(system, declaration);
            let categories: Vec<String> = self.declaration_categories(declaration).into_iter().collect();
            for key in &declaration.data_subjects {
                self.subject(key);
            }
            self.mark_special(&purpose, &categories, declaration);
            for recipient in self.recipient_keys(system, declaration) {
                let (name, flow_categories) = recipient;
                let mut received: BTreeSet<String> =
                    flow_categories.iter().filter_map(|key| self.category(key)).collect();
                if received.is_empty() {
                    received = categories.iter().cloned().collect();
                }
                let id = snake(&name);
                let entry = self.recipients.entry(id.clone()).or_insert_with(|| RecipientOut {
                    id,
                    name: name.clone(),
                    categories: BTreeSet::new(),
                    purposes: BTreeSet::new(),
                });
                entry.categories.extend(received);
                entry.purposes.insert(purpose.clone());
                if let Some(purpose) = self.purposes.get_mut(&purpose) {
                    purpose.transfers = true;
                }
            }
        }
    }

    /// The parties a declaration's data flows to outside the imported systems and datasets.
    fn recipient_keys(&self, system: &System, declaration: &Declaration) -> Vec<(String, Vec<Located<String>>)> {
        let internal = |key: &str| self.systems.contains(key) || self.datasets.contains(key);
        let mut keys: Vec<(String, Vec<Located<String>>)> = Vec::new();
        // A declaration's own `egress` says where its data goes. When no declaration of the system
        // says, a system-level flow goes with every declaration sharing a category with it.
        let any_declares = system.privacy_declarations.iter().any(|d| !d.egress.is_empty());
        let shares = |flow: &Flow| {
            flow.data_categories.is_empty()
                || flow.data_categories.iter().any(|c| declaration.data_categories.iter().any(|d| d.value == c.value))
        };
        let flows: Vec<&Flow> = system
            .egress
            .iter()
            .filter(|flow| flow.kind.as_deref() != Some("dataset"))
            .filter(|flow| if any_declares { declaration.egress.contains(&flow.fides_key) } else { shares(flow) })
            .collect();
        for flow in flows {
            if !internal(&flow.fides_key) {
                keys.push((flow.fides_key.clone(), flow.data_categories.clone()));
            }
        }
        for key in &declaration.egress {
            if !internal(key) && !keys.iter().any(|(seen, _)| seen == key) {
                keys.push((key.clone(), Vec::new()));
            }
        }
        if let Some(parties) = declaration.third_parties.as_deref().filter(|text| !text.trim().is_empty()) {
            keys.push((parties.trim().to_owned(), Vec::new()));
        }
        keys
    }

    fn purpose(&mut self, system: &System, declaration: &Declaration) -> String {
        let data_use = declaration.data_use.value.clone();
        let basis = match &declaration.legal_basis_for_processing {
            Some(text) => match parse_basis(text) {
                Some(basis) => Some(basis),
                None => {
                    let message = format!("unknown legal basis {:?}", text.value);
                    let hint = "use one of fideslang's: Consent, Contract, Legal obligations, Vital interests, \
                                Public interest, Legitimate interests";
                    self.error(text.at, "fides-legal-basis", message, hint);
                    None
                }
            },
            None => None,
        };
        let guessed = basis.is_none();
        let basis = basis.unwrap_or_else(|| guessed_basis(&data_use));
        if guessed {
            self.note(format!(
                "system {}: data use {data_use} gives no legal basis; {} is guessed (marked TODO)",
                system.fides_key.value,
                basis.as_str()
            ));
        }
        let (retention, retention_note) = retention(declaration.retention_period.as_deref());
        let key = format!("{data_use}\u{0}{}", basis.as_str());
        let mut id = snake(&data_use.replace('.', "_"));
        if !self.purposes.contains_key(&key) && self.purposes.values().any(|p| p.id == id) {
            id = snake(&format!("{id}_{}", basis.as_str()));
        }
        let name = declaration.name.clone().unwrap_or_else(|| data_use.clone());
        let entry = self.purposes.entry(key.clone()).or_insert_with(|| PurposeOut {
            id: id.clone(),
            data_use: data_use.clone(),
            names: Vec::new(),
            basis,
            basis_guessed: guessed,
            retention,
            retention_note,
            transfers: false,
            special: BTreeSet::new(),
            special_basis: None,
        });
        if !entry.names.contains(&name) {
            entry.names.push(name);
        }
        key
    }

    fn mark_special(&mut self, purpose: &str, categories: &[String], declaration: &Declaration) {
        let special: Vec<String> = categories
            .iter()
            .filter(|id| crate::taxonomy::data_category(id).is_some_and(|c| c.special))
            .cloned()
            .collect();
        if special.is_empty() {
            return;
        }
        let condition = match &declaration.special_category_legal_basis {
            Some(text) => match parse_special_basis(text) {
                Some(condition) => Some(condition),
                None => {
                    let message = format!("unknown special category legal basis {:?}", text.value);
                    self.error(
                        text.at,
                        "fides-legal-basis",
                        message,
                        "use one of fideslang's, e.g. Consent, Employment, Medical",
                    );
                    None
                }
            },
            None => None,
        };
        if let Some(out) = self.purposes.get_mut(purpose) {
            out.special.extend(special);
            if out.special_basis.is_none() {
                out.special_basis = condition;
            }
        }
    }
}

/// A retention from fideslang's free-text `retention_period`: a number of days, or a Tutela
/// retention; anything else becomes `until_purpose_reached` with the original text as a TODO.
fn retention(period: Option<&str>) -> (String, Option<String>) {
    let Some(text) = period.map(str::trim).filter(|text| !text.is_empty()) else {
        return ("until_purpose_reached".to_owned(), Some("Fides gives no retention_period".to_owned()));
    };
    if let Ok(days) = text.parse::<u32>()
        && (1..=crate::model::MAX_RETENTION_COUNT).contains(&days)
    {
        return (format!("{days} days"), None);
    }
    if text.parse::<crate::model::RetentionLimit>().is_ok() {
        return (text.to_owned(), None);
    }
    ("until_purpose_reached".to_owned(), Some(format!("Fides says {text:?}")))
}

// ---------------------------------------------------------------------------------------------------
// Writing the data map

/// What a processing activity made from a privacy declaration uses: its stores (none: every store)
/// and its data categories.
struct Use {
    stores: BTreeSet<String>,
    categories: BTreeSet<String>,
}

impl Use {
    fn covers(&self, store: &str, category: &str) -> bool {
        (self.stores.is_empty() || self.stores.contains(store)) && self.categories.contains(category)
    }
}

/// A field as the map writes it: its Tutela categories, and whether Fides tagged it at all.
struct FieldOut {
    categories: BTreeSet<String>,
    tagged: bool,
}

/// A reference between top-level fields: (dataset key, collection, field).
type FieldKey = (String, String, String);

/// What the import leaves open in the stores, counted for one note each.
#[derive(Default)]
struct Open {
    untagged: usize,
    purposeless: usize,
    unlinked: Vec<String>,
}

impl Importer<'_> {
    fn write(&mut self, files: &[FidesFile]) -> String {
        let mut out = String::new();
        let sources: Vec<String> = self.names.iter().map(|name| name.display().to_string()).collect();
        let _ = writeln!(
            out,
            "# Imported from Fides by `tutela datamap import-fides` from {}.",
            comment(&sources.join(", "))
        );
        out.push_str(
            "# Comments name the Fides keys each value came from; `# TODO` marks what Fides did not say.\n\
             # `tutela datamap check` reports what is still to fill in until it is.\nversion: 1\n\n",
        );
        self.write_operator(&mut out, files);
        self.write_declared(&mut out);
        self.write_purposes(&mut out);
        self.write_stores(&mut out, files);
        self.write_recipients(&mut out);
        self.write_activities(&mut out, files);
        out
    }

    fn jurisdictions(&self) -> Vec<Jurisdiction> {
        self.options.country.as_ref().map(jurisdictions_for).unwrap_or_default()
    }

    fn write_operator(&mut self, out: &mut String, files: &[FidesFile]) {
        let systems = || files.iter().flat_map(|file| &file.system);
        let legal_name = self
            .options
            .operator_name
            .as_deref()
            .and_then(text)
            .or_else(|| systems().find_map(|s| s.legal_name.as_deref().and_then(text)));
        let address = systems().find_map(|s| s.legal_address.as_deref().and_then(text));
        let policy = systems().find_map(|s| s.privacy_policy.as_deref().and_then(text));
        out.push_str("operator:\n");
        match legal_name {
            Some(name) => {
                let _ = writeln!(out, "  legal_name: {}", q(&name));
            }
            None => {
                out.push_str("  legal_name: \"TODO: the operator's legal name\"  # TODO\n");
                self.note(
                    "the operator's legal name is not known (give --operator-name, or a system's legal_name): \
                     `legal_name: \"TODO: ...\"` must be filled in"
                        .to_owned(),
                );
            }
        }
        match &self.options.country {
            Some(country) => {
                let _ = writeln!(out, "  country: {country}");
            }
            None => {
                out.push_str("  country: TODO  # TODO: the country where the operator is established (e.g. DE)\n");
                self.note("the operator's country is not known: `country: TODO` must be filled in".to_owned());
            }
        }
        match address {
            Some(address) => {
                let _ = writeln!(out, "  address: {}", q(&address));
            }
            None => {
                out.push_str("  address: \"TODO: the registered address\"  # TODO\n");
                self.note(
                    "the operator's address is not known (no system gives a legal_address): `address: \"TODO: ...\"` \
                     must be filled in"
                        .to_owned(),
                );
            }
        }
        match policy {
            Some(url) => {
                let _ = writeln!(out, "  contact:\n    url: {}", q(&url));
            }
            None => {
                out.push_str("  contact: {}  # TODO: an e-mail address or page for requests about personal data\n");
                self.note(
                    "no way to contact the operator is known (no system gives a privacy_policy): `contact: {}` \
                     needs an email, phone, postal_address or url"
                        .to_owned(),
                );
            }
        }
        let jurisdictions: Vec<&str> = self.jurisdictions().iter().map(|j| j.as_str()).collect();
        if jurisdictions.is_empty() {
            out.push_str(
                "  jurisdictions: []  # TODO: the laws the operator answers to (eu_gdpr, ru_152fz, cn_pipl ...)\n",
            );
        } else {
            let _ = writeln!(out, "  jurisdictions: [{}]", jurisdictions.join(", "));
        }
        out.push('\n');
    }

    fn write_declared(&self, out: &mut String) {
        if !self.declared.is_empty() {
            out.push_str("data_categories:\n");
            for (key, declared) in &self.declared {
                let _ = writeln!(out, "  - id: {}  # fides: {key}", declared.id);
                let label = text(&declared.label).unwrap_or_else(|| key.clone());
                let _ = writeln!(out, "    label: {}", q(&label));
                let description = text(&declared.description).unwrap_or_else(|| format!("Fides category {key}"));
                let _ = writeln!(out, "    description: {}", q(&description));
            }
            out.push('\n');
        }
        if !self.declared_subjects.is_empty() {
            out.push_str("subject_categories:\n");
            for (id, key) in &self.declared_subjects {
                let _ = writeln!(out, "  - id: {id}  # fides: {key}");
                let _ = writeln!(out, "    label: {}", q(&format!("Fides data subject {key}")));
            }
            out.push('\n');
        }
    }

    fn write_purposes(&mut self, out: &mut String) {
        if self.purposes.is_empty() {
            // An empty list, not an empty key: `purposes:` alone is null, which is no list.
            out.push_str("purposes: []  # TODO: Fides systems' privacy declarations say why data is processed\n\n");
            self.note(
                "the Fides files declare no data uses (privacy declarations of systems), so the map has no \
                 purposes: declare them, and processing activities that use the stores' fields"
                    .to_owned(),
            );
            return;
        }
        out.push_str("purposes:\n");
        let jurisdictions = self.jurisdictions();
        for purpose in self.purposes.values() {
            let _ = writeln!(out, "  - id: {}  # fides data use: {}", purpose.id, comment(&purpose.data_use));
            let description = format!("{} (Fides data use {}).", purpose.names.join("; "), purpose.data_use);
            let description = text(&description).unwrap_or_else(|| format!("Fides data use {}", purpose.id));
            let _ = writeln!(out, "    description: {}", q(&description));
            out.push_str("    legal_basis:\n");
            let todo = if purpose.basis_guessed { "  # TODO: guessed from the data use; check it" } else { "" };
            let _ = writeln!(out, "      kind: {}{todo}", purpose.basis.as_str());
            if !jurisdictions.is_empty() {
                let articles: Vec<String> =
                    jurisdictions.iter().map(|j| format!("{j}: {}", q(purpose.basis.usual_article(*j)))).collect();
                let _ = writeln!(out, "      articles: {{ {} }}", articles.join(", "));
            }
            match &purpose.retention_note {
                Some(note) => {
                    let _ = writeln!(out, "    retention: {}  # TODO: {}", purpose.retention, comment(note));
                }
                None => {
                    let _ = writeln!(out, "    retention: {}", q(&purpose.retention));
                }
            }
            let mut actions = vec!["collect", "record", "systematise", "store", "extract", "use"];
            if purpose.transfers {
                actions.push("transfer");
            }
            actions.extend(["delete", "destroy"]);
            let _ = writeln!(out, "    actions: [{}]", actions.join(", "));
            if !purpose.special.is_empty() {
                let (condition, article, todo) = match purpose.special_basis {
                    Some((condition, article)) => (condition, article, ""),
                    None => {
                        ("explicit_consent", "GDPR art. 9(2)(a)", "  # TODO: Fides gives no special category basis")
                    }
                };
                let categories: Vec<&str> = purpose.special.iter().map(String::as_str).collect();
                let _ = writeln!(out, "    special_categories:{todo}");
                let _ = writeln!(out, "      condition: {condition}");
                let _ = writeln!(out, "      article: {}", q(article));
                let _ = writeln!(out, "      categories: [{}]", categories.join(", "));
            }
        }
        out.push('\n');
    }

    /// The Tutela categories of a field and its nested fields, and whether any was personal.
    fn field_categories(&mut self, field: &FidesField, depth: usize, into: &mut BTreeSet<String>) -> usize {
        let mut seen = field.data_categories.len();
        for key in &field.data_categories {
            into.extend(self.category(key));
        }
        if depth < MAX_FIELD_NESTING {
            for inner in &field.fields {
                seen += self.field_categories(inner, depth + 1, into);
            }
        }
        seen
    }

    /// A field's categories: its own and its nested fields', else its collection's, else its
    /// dataset's.
    fn field_out(&mut self, dataset: &Dataset, collection: &Collection, field: &FidesField) -> FieldOut {
        let mut categories = BTreeSet::new();
        let mut seen = self.field_categories(field, 1, &mut categories);
        if seen == 0 {
            for key in collection.data_categories.iter().chain(&dataset.data_categories) {
                seen += 1;
                categories.extend(self.category(key));
            }
        }
        FieldOut { categories, tagged: seen > 0 }
    }

    /// What each privacy declaration's processing activity uses.
    fn uses(&mut self, files: &[FidesFile]) -> Vec<Use> {
        let mut uses = Vec::new();
        for system in files.iter().flat_map(|file| &file.system) {
            for declaration in &system.privacy_declarations {
                let stores = self.declaration_stores(system, declaration);
                let categories = self.declaration_categories(declaration);
                uses.push(Use { stores, categories });
            }
        }
        uses
    }

    /// The imported datasets a declaration's data is kept in, as store ids.
    fn declaration_stores(&self, system: &System, declaration: &Declaration) -> BTreeSet<String> {
        declaration
            .dataset_references
            .iter()
            .chain(&system.dataset_references)
            .chain(
                system
                    .ingress
                    .iter()
                    .chain(&system.egress)
                    .filter(|f| f.kind.as_deref() == Some("dataset"))
                    .map(|f| &f.fides_key),
            )
            .filter(|key| self.datasets.contains(*key))
            .map(|key| snake(key))
            .collect()
    }

    /// The tables a request can find a subject in: those with an identity, and those with a path of
    /// references to one (as `tutela datamap check` follows them).
    fn linked_tables(
        datasets: &[&Dataset],
        references: &BTreeMap<(String, String), Vec<(String, FieldKey)>>,
    ) -> BTreeSet<(String, String)> {
        let mut linked: BTreeSet<(String, String)> = BTreeSet::new();
        for dataset in datasets {
            for collection in &dataset.collections {
                let identifies =
                    collection.fields.iter().any(|f| f.fides_meta.as_ref().is_some_and(|m| m.identity.is_some()));
                if identifies {
                    linked.insert((dataset.fides_key.value.clone(), collection.name.value.clone()));
                }
            }
        }
        loop {
            let before = linked.len();
            for (from, targets) in references {
                if targets
                    .iter()
                    .any(|(_, (dataset, collection, _))| linked.contains(&(dataset.clone(), collection.clone())))
                {
                    linked.insert(from.clone());
                }
            }
            if linked.len() == before {
                return linked;
            }
        }
    }

    fn write_stores(&mut self, out: &mut String, files: &[FidesFile]) {
        let datasets: Vec<&Dataset> = files.iter().flat_map(|file| &file.dataset).collect();
        if datasets.is_empty() {
            return;
        }
        let references = self.references(&datasets);
        let linked = Self::linked_tables(&datasets, &references);
        let uses = self.uses(files);
        let mut open = Open::default();
        out.push_str("stores:\n");
        let region = self.options.country.as_ref().map(std::string::ToString::to_string);
        for dataset in &datasets {
            let id = snake(&dataset.fides_key);
            let _ = writeln!(out, "  - id: {id}  # fides dataset: {}", dataset.fides_key.value);
            out.push_str("    kind: postgres  # TODO: Fides does not say; sqlite, postgres, csv or jsonl\n");
            let description = dataset.description.as_deref().and_then(text).or(dataset.name.as_deref().and_then(text));
            if let Some(description) = description {
                let _ = writeln!(out, "    description: {}", q(&description));
            }
            let _ = writeln!(out, "    connection_env: {}_DATABASE_URL", id.to_ascii_uppercase());
            match &region {
                Some(region) => {
                    let _ = writeln!(out, "    region: {region}  # TODO: where the data is");
                }
                None => out.push_str("    region: ZZ  # TODO: the country where the data is\n"),
            }
            if dataset.collections.is_empty() {
                out.push_str("    tables: []  # TODO: Fides lists no collections\n");
                continue;
            }
            out.push_str("    tables:\n");
            for collection in &dataset.collections {
                let place = Place { dataset, collection, store: &id };
                self.write_table(out, &place, &references, &linked, &uses, &mut open);
            }
        }
        out.push('\n');
        if region.is_none() {
            self.note("the stores' country is not known: `region: ZZ` must be filled in".to_owned());
        }
        if open.untagged > 0 {
            self.note(format!(
                "{} field(s) have no Fides data category (`categories: []  # TODO: tag`): name what they hold, \
                 or write personal: false",
                open.untagged
            ));
        }
        if open.purposeless > 0 {
            self.note(format!(
                "{} field(s) hold personal data no imported privacy declaration uses (`# TODO: no purpose uses`): \
                 declare a purpose and a processing activity that uses them, or remove them",
                open.purposeless
            ));
        }
        if !open.unlinked.is_empty() {
            self.note(format!(
                "no subject can be found in {} (no fides_meta.identity, and no reference to a collection that has \
                 one): add identifies_subject_by or a reference",
                open.unlinked.join(", ")
            ));
        }
    }

    fn write_table(
        &mut self,
        out: &mut String,
        place: &Place<'_>,
        references: &BTreeMap<(String, String), Vec<(String, FieldKey)>>,
        linked: &BTreeSet<(String, String)>,
        uses: &[Use],
        open: &mut Open,
    ) {
        let Place { dataset, collection, store } = *place;
        let fields: Vec<FieldOut> =
            collection.fields.iter().map(|field| self.field_out(dataset, collection, field)).collect();
        let key = (dataset.fides_key.value.clone(), collection.name.value.clone());
        let personal = fields.iter().any(|field| !field.categories.is_empty());
        if personal && !linked.contains(&key) {
            let _ = writeln!(
                out,
                "      - name: {}  # TODO: no identity, and no reference to a table with one",
                q(&collection.name)
            );
            open.unlinked.push(format!("{}.{}", dataset.fides_key.value, collection.name.value));
        } else {
            let _ = writeln!(out, "      - name: {}", q(&collection.name));
        }
        let identities: Vec<String> = collection
            .fields
            .iter()
            .filter(|field| field.fides_meta.as_ref().is_some_and(|meta| meta.identity.is_some()))
            .map(|field| q(&field.name))
            .collect();
        if !identities.is_empty() {
            let _ = writeln!(out, "        identifies_subject_by: [{}]  # fides_meta.identity", identities.join(", "));
        }
        if collection.fields.is_empty() {
            out.push_str("        fields: []  # TODO: Fides lists no fields\n");
        } else {
            out.push_str("        fields:\n");
        }
        for (field, mapped) in collection.fields.iter().zip(&fields) {
            let mut keys: Vec<&str> = field.data_categories.iter().map(|k| k.value.as_str()).collect();
            let nested: Vec<&str> = field.fields.iter().map(|f| f.name.value.as_str()).collect();
            let mut notes: Vec<String> = Vec::new();
            if !keys.is_empty() {
                keys.dedup();
                notes.push(format!("fides: {}", keys.join(", ")));
            }
            if !nested.is_empty() {
                notes.push(format!("nested: {}", nested.join(", ")));
            }
            let primary_key = field.fides_meta.as_ref().and_then(|meta| meta.primary_key).unwrap_or(false);
            if primary_key {
                notes.push("primary key".to_owned());
            }
            // Keys stay (masking them would break the references to them); every other personal
            // field gets set_null, what Fides' default erasure rule does (null_rewrite).
            let is_key = primary_key
                || field.name.value == "id"
                || references.get(&key).is_some_and(|list| list.iter().any(|(name, _)| *name == field.name.value));
            let unused: Vec<&str> = mapped
                .categories
                .iter()
                .filter(|category| !uses.iter().any(|used| used.covers(store, category)))
                .map(String::as_str)
                .collect();
            if !unused.is_empty() {
                notes.insert(0, format!("TODO: no purpose uses {}", unused.join(", ")));
                open.purposeless += 1;
            }
            let name = q(&field.name);
            let list: Vec<&str> = mapped.categories.iter().map(String::as_str).collect();
            let (value, notes) = if mapped.categories.is_empty() && mapped.tagged {
                (format!("{{ name: {name}, personal: false }}"), notes)
            } else if mapped.categories.is_empty() {
                open.untagged += 1;
                (format!("{{ name: {name}, categories: [] }}"), vec!["TODO: tag; Fides gives no category".to_owned()])
            } else if is_key {
                (format!("{{ name: {name}, categories: [{}] }}", list.join(", ")), notes)
            } else {
                (format!("{{ name: {name}, categories: [{}], masking: set_null }}", list.join(", ")), notes)
            };
            if notes.is_empty() {
                let _ = writeln!(out, "          - {value}");
            } else {
                let _ = writeln!(out, "          - {value}  # {}", comment(&notes.join("; ")));
            }
        }
        if let Some(list) = references.get(&key) {
            out.push_str("        references:\n");
            for (field, (other_dataset, other_collection, other_field)) in list {
                let to = if *other_dataset == dataset.fides_key.value {
                    format!("{other_collection}.{other_field}")
                } else {
                    format!("{}:{other_collection}.{other_field}", snake(other_dataset))
                };
                let _ = writeln!(out, "          - {{ field: {}, to: {} }}  # fides_meta.references", q(field), q(&to));
            }
        }
    }

    /// Every reference whose both ends are imported top-level fields, keyed by (dataset, collection)
    /// of the referencing field: (field, referenced field). The others are left out with a note.
    fn references(&mut self, datasets: &[&Dataset]) -> BTreeMap<(String, String), Vec<(String, FieldKey)>> {
        let exists = |(dataset, collection, field): &FieldKey| {
            datasets.iter().filter(|d| d.fides_key.value == *dataset).any(|d| {
                d.collections
                    .iter()
                    .filter(|c| c.name.value == *collection)
                    .any(|c| c.fields.iter().any(|f| f.name.value == *field))
            })
        };
        let mut references: BTreeMap<(String, String), Vec<(String, FieldKey)>> = BTreeMap::new();
        for dataset in datasets {
            for collection in &dataset.collections {
                for field in &collection.fields {
                    for reference in field.fides_meta.iter().flat_map(|meta| &meta.references) {
                        let other_dataset =
                            reference.dataset.clone().unwrap_or_else(|| dataset.fides_key.value.clone());
                        let place = comment(&format!(
                            "{}.{}.{}",
                            dataset.fides_key.value, collection.name.value, field.name.value
                        ));
                        if !self.datasets.contains(&other_dataset) {
                            self.note(format!(
                                "reference from {place} to dataset {}, which is not imported, is left out",
                                comment(&other_dataset)
                            ));
                            continue;
                        }
                        // A nested field (collection.field.sub) is part of its top-level field.
                        let mut parts = reference.field.split('.');
                        let (Some(other_collection), Some(other_field)) = (parts.next(), parts.next()) else {
                            continue;
                        };
                        let this: FieldKey =
                            (dataset.fides_key.value.clone(), collection.name.value.clone(), field.name.value.clone());
                        let other: FieldKey = (other_dataset, other_collection.to_owned(), other_field.to_owned());
                        if !exists(&other) {
                            self.note(format!(
                                "reference from {place} to {}, which the dataset does not have, is left out",
                                comment(&reference.field)
                            ));
                            continue;
                        }
                        let to_direction = reference.direction.as_ref().is_some_and(|d| d.value == "to");
                        let (from, to) = if to_direction { (other, this) } else { (this, other) };
                        let list = references.entry((from.0, from.1)).or_default();
                        if !list.iter().any(|(field, target)| *field == from.2 && *target == to) {
                            list.push((from.2, to));
                        }
                    }
                }
            }
        }
        references
    }

    fn write_recipients(&mut self, out: &mut String) {
        if self.recipients.is_empty() {
            return;
        }
        let country = self.options.country.as_ref().map_or_else(|| "ZZ".to_owned(), std::string::ToString::to_string);
        out.push_str("recipients:\n");
        let recipients: Vec<RecipientOut> = self.recipients.values().cloned().collect();
        for recipient in recipients {
            let _ =
                writeln!(out, "  - id: {}  # fides egress / third_parties: {}", recipient.id, comment(&recipient.name));
            let name = text(&recipient.name).unwrap_or_else(|| recipient.id.clone());
            let _ = writeln!(out, "    name: {}", q(&name));
            out.push_str("    kind: third_party  # TODO: processor, third_party, sdk or joint_controller\n");
            let _ = writeln!(out, "    country: {country}  # TODO: where the recipient receives the data");
            let categories: Vec<&str> = recipient.categories.iter().map(String::as_str).collect();
            let _ = writeln!(out, "    data_categories: [{}]", categories.join(", "));
            let purposes: Vec<String> =
                recipient.purposes.iter().filter_map(|key| self.purposes.get(key)).map(|p| p.id.clone()).collect();
            let _ = writeln!(out, "    purposes: [{}]", purposes.join(", "));
            self.note(format!("recipient {} is placed in {country}: check its kind and country", recipient.id));
        }
        out.push('\n');
    }

    fn write_activities(&mut self, out: &mut String, files: &[FidesFile]) {
        let systems: Vec<&System> = files.iter().flat_map(|file| &file.system).collect();
        if systems.iter().all(|system| system.privacy_declarations.is_empty()) {
            return;
        }
        out.push_str("processing_activities:\n");
        let mut used = BTreeSet::new();
        for system in systems {
            for declaration in &system.privacy_declarations {
                self.write_activity(out, system, declaration, &mut used);
            }
        }
    }

    fn write_activity(
        &mut self,
        out: &mut String,
        system: &System,
        declaration: &Declaration,
        used: &mut BTreeSet<String>,
    ) {
        let base = snake(&format!("{}_{}", system.fides_key.value, declaration.data_use.value));
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{}_{n}", &base[..base.len().min(60)]);
            n += 1;
        }
        let subjects: BTreeSet<String> = declaration.data_subjects.iter().filter_map(|key| self.subject(key)).collect();
        let categories = self.declaration_categories(declaration);
        let basis = parse_basis(declaration.legal_basis_for_processing.as_ref().map_or("", |b| b.value.as_str()))
            .unwrap_or_else(|| guessed_basis(&declaration.data_use));
        let purpose_key = format!("{}\u{0}{}", declaration.data_use.value, basis.as_str());
        let purpose = self.purposes.get(&purpose_key).map_or_else(|| snake(&declaration.data_use), |p| p.id.clone());
        let stores = self.declaration_stores(system, declaration);
        let recipients: BTreeSet<String> = self
            .recipients
            .values()
            .filter(|r| r.purposes.contains(&purpose_key))
            .filter(|r| self.recipient_keys(system, declaration).iter().any(|(name, _)| snake(name) == r.id))
            .map(|r| r.id.clone())
            .collect();
        let name = declaration.name.clone().unwrap_or_else(|| declaration.data_use.value.clone());
        let system_name = system.name.clone().unwrap_or_else(|| system.fides_key.value.clone());
        let join = |set: &BTreeSet<String>| set.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
        if subjects.is_empty() {
            // `tutela datamap check` reports an activity without subjects at its id.
            let _ = writeln!(
                out,
                "  - id: {id}  # TODO: Fides names no data subjects; fides system: {}",
                system.fides_key.value
            );
            self.note(format!(
                "system {}: the declaration {} names no data subjects: fill in subject_categories of processing \
                 activity {id}",
                system.fides_key.value,
                comment(&name)
            ));
        } else {
            let _ = writeln!(out, "  - id: {id}  # fides system: {}", system.fides_key.value);
        }
        let description = text(&format!("{system_name}: {name}")).unwrap_or_else(|| id.clone());
        let _ = writeln!(out, "    description: {}", q(&description));
        if subjects.is_empty() {
            out.push_str("    subject_categories: []  # TODO: Fides names no data subjects\n");
        } else {
            let _ = writeln!(out, "    subject_categories: [{}]", join(&subjects));
        }
        let _ = writeln!(out, "    data_categories: [{}]", join(&categories));
        let _ = writeln!(out, "    purposes: [{purpose}]");
        if !stores.is_empty() {
            let _ = writeln!(out, "    stores: [{}]", join(&stores));
        }
        if !recipients.is_empty() {
            let _ = writeln!(out, "    recipients: [{}]", join(&recipients));
        }
        if let Some(description) = &system.description {
            let _ = writeln!(out, "    # system: {}", comment(description));
        }
    }
}

/// A collection being written: its dataset and the store id the dataset became.
#[derive(Clone, Copy)]
struct Place<'a> {
    dataset: &'a Dataset,
    collection: &'a Collection,
    store: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CategoryId;

    #[test]
    fn the_map_covers_the_documented_examples() {
        let builtin = |key: &str| match fides_category(key) {
            CategoryMapping::Builtin(id) => Some(id),
            _ => None,
        };
        assert_eq!(builtin("user.contact.email"), Some("contact.email"));
        assert_eq!(builtin("user.contact.phone_number"), Some("contact.phone"));
        assert_eq!(builtin("user.financial.bank_account"), Some("financial.bank_account"));
        assert_eq!(builtin("user.government_id.passport_number"), Some("identity.passport"));
        assert_eq!(builtin("user.device.ip_address"), Some("online.ip_address"));
        assert_eq!(builtin("user.behavior"), Some("usage.logs"));
        assert_eq!(builtin("user.location.precise"), Some("location.precise"));
        assert_eq!(builtin("user.contact.address.street"), Some("contact.postal_address"), "via its parent");
        assert_eq!(builtin("user.biometrics.voice"), Some("special.biometric"));
        assert_eq!(fides_category("system.operations"), CategoryMapping::NotPersonal);
        assert_eq!(fides_category("user.device.device_id"), CategoryMapping::Unmapped);
        assert_eq!(fides_category("user.demographic.age_range"), CategoryMapping::Unmapped);
        assert_eq!(fides_category("user.shoe_size"), CategoryMapping::Unmapped);
    }

    #[test]
    fn every_target_is_built_in() {
        for (_, tutela) in CATEGORY_MAP {
            assert!(crate::taxonomy::data_category(tutela).is_some(), "{tutela}");
        }
        for subject in KNOWN_SUBJECTS {
            if let Some(id) = fides_subject(subject) {
                assert!(crate::taxonomy::subject_category(id).is_some(), "{id}");
            }
        }
    }

    #[test]
    fn data_uses_guess_their_basis() {
        assert_eq!(guessed_basis("essential.service.payment_processing"), LegalBasisKind::Contract);
        assert_eq!(guessed_basis("marketing.advertising"), LegalBasisKind::Consent);
        assert_eq!(guessed_basis("analytics.reporting"), LegalBasisKind::Consent);
        assert_eq!(guessed_basis("essential.legal_obligation"), LegalBasisKind::LegalObligation);
        assert_eq!(parse_basis("Legitimate interests"), Some(LegalBasisKind::LegitimateInterest));
    }

    #[test]
    fn retention_periods() {
        assert_eq!(retention(Some("30")), ("30 days".to_owned(), None));
        assert_eq!(retention(Some("3 years")), ("3 years".to_owned(), None));
        assert_eq!(retention(Some("as long as needed")).0, "until_purpose_reached");
        assert!(retention(None).1.is_some());
    }

    #[test]
    fn scalars_comments_and_texts_stay_on_their_line() {
        assert_eq!(q("line\nbreak \"quoted\" \\"), "\"line\\nbreak \\\"quoted\\\" \\\\\"");
        assert_eq!(q("a\u{2028}b\u{7F}c\u{FEFF}"), "\"a\\u2028b\\u007Fc\\uFEFF\"");
        assert_eq!(q("Ünïcödé 名前"), "\"Ünïcödé 名前\"");
        assert_eq!(comment("two\nlines\r\u{2028}and\u{85}more"), "two lines  and more");
        assert_eq!(comment(&"x".repeat(300)).chars().count(), MAX_COMMENT_CHARS + 1);
        assert_eq!(text("  Acme\u{0}Ltd\n  "), Some("Acme Ltd".to_owned()));
        assert_eq!(text(" \t "), None);
        let long = text(&"é".repeat(5000)).expect("text");
        assert!(long.len() <= crate::model::MAX_TEXT_BYTES && long.ends_with('…'), "{}", long.len());
    }

    /// Fides files with empty lists and free text that could break a line: the import parses.
    #[test]
    fn awkward_fides_files_import_into_yaml_that_parses() {
        let file = "dataset:\n  - fides_key: empty\n    description: \"\"\n  - fides_key: bare\n    collections:\n\
                    \x20     - name: nothing\n      - name: \"odd #name \\\"x\\\"\"\n        fields:\n\
                    \x20         - name: \"x \\\"y\\\"\"\n            fields:\n\
                    \x20             - { name: \"a\\nb: c\", data_categories: [user.contact.email] }\n\
                    system:\n  - fides_key: quiet\n    legal_name: \"  \"\n  - fides_key: chatty\n\
                    \x20   description: \"one\\ntwo: three\\u2028four\"\n    privacy_declarations:\n\
                    \x20     - data_use: \"custom.use\\n#x\"\n        third_parties: \"A\\nB: c\"\n\
                    \x20       data_categories: [user.contact.email]\n        retention_period: \"a\\nb\"\n";
        let sources = vec![(PathBuf::from("awkward.yml"), file.to_owned())];
        let import = import_fides(sources.clone(), &FidesImportOptions::default()).expect("import");
        let map = crate::load_sources(vec![(PathBuf::from("map.yaml"), import.yaml.clone())]);
        let diagnostics = map.err().map(|error| error.diagnostics).unwrap_or_default();
        // The only problem is `country: TODO`, which the YAML parses but the region refuses.
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}\n{}", import.yaml);
        assert!(diagnostics[0].message.contains("invalid region \"TODO\""), "{diagnostics:?}");
        let options = FidesImportOptions { operator_name: Some("\u{0}".to_owned()), country: "DE".parse().ok() };
        let import = import_fides(sources, &options).expect("import");
        assert!(import.yaml.contains("legal_name: \"TODO: the operator's legal name\""), "{}", import.yaml);
        assert!(import.yaml.contains("    tables: []  # TODO"), "{}", import.yaml);
        assert!(import.yaml.contains("        fields: []  # TODO"), "{}", import.yaml);
        let error = crate::load_sources(vec![(PathBuf::from("map.yaml"), import.yaml.clone())]).expect_err("TODOs");
        for diagnostic in &error.diagnostics {
            let line = import.yaml.lines().nth(diagnostic.line.unwrap_or(0) as usize - 1).unwrap_or("");
            assert!(line.contains("# TODO"), "{diagnostic}\n{line}\n{}", import.yaml);
        }
    }

    #[test]
    fn keys_that_spell_the_same_id_are_told_apart_or_refused() {
        let import =
            |file: &str| import_fides(vec![(PathBuf::from("d.yml"), file.to_owned())], &FidesImportOptions::default());
        let error = import("dataset:\n  - fides_key: shop-db\n  - fides_key: shop_db\n").expect_err("one store id");
        let expected = "d.yml:3:16: datasets \"shop-db\" and \"shop_db\" would both become store \"shop_db\"";
        assert!(error.to_string().contains(expected), "{error}");
        let fields = "        fields:\n          - { name: a, data_categories: [user.shoe-size] }\n\
                      \x20         - { name: b, data_categories: [user.shoe_size] }\n";
        let file = format!("dataset:\n  - fides_key: d\n    collections:\n      - name: t\n{fields}");
        let yaml = import(&file).expect("import").yaml;
        assert!(yaml.contains("- id: fides.shoe_size  # fides: user.shoe-size"), "{yaml}");
        assert!(yaml.contains("- id: fides.shoe_size_2  # fides: user.shoe_size"), "{yaml}");
        let error = import(&format!("{file}      - name: t\n")).expect_err("two collections named t");
        assert!(error.to_string().contains("d.yml:8:15: dataset \"d\" has two collections named \"t\""), "{error}");
        let error = import(&file.replace("name: b", "name: a")).expect_err("two fields named a");
        assert!(error.to_string().contains("d.yml:7:21: collection \"t\" has two fields named \"a\""), "{error}");
    }

    #[test]
    fn ids_and_scalars() {
        assert_eq!(snake("Payment Gateway (EU)"), "payment_gateway_eu");
        assert_eq!(snake("3rd-party"), "x_3rd_party");
        assert_eq!(q("customers"), "customers");
        assert_eq!(q("true"), "\"true\"");
        assert_eq!(q("a: b"), "\"a: b\"");
        assert!("fides.demographic.age_range".parse::<CategoryId>().is_ok());
    }
}
