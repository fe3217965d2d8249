//! Validation: every rule a well-formed data map must also satisfy, checked over all its files at
//! once, reporting every problem (not only the first) with its position and a fix.
//!
//! The rules, each with its diagnostic `code`:
//!
//! - **one operator** (`missing-operator`, `duplicate`): exactly one file declares `operator`.
//! - **unique ids** (`duplicate`, `redefines-builtin`): purposes, stores, recipients, processing
//!   activities and declared categories have ids unique across all files; tables are unique in their
//!   store and fields in their table; a declared category may not reuse a built-in id.
//! - **known references** (`unknown-data-category`, `unknown-subject-category`, `unknown-purpose`,
//!   `unknown-store`, `unknown-recipient`, `unknown-table`, `unknown-field`): every id or name used
//!   is declared (or built in), with the closest known spelling as a hint.
//! - **purposes** (`missing-legal-basis`, `missing-retention`, `missing-article`, `missing-actions`,
//!   `given-by-without-consent`): each has a legal basis with its article under every jurisdiction
//!   the operator answers to, a retention, and at least one processing action; `given_by` is for
//!   consent only.
//! - **fields** (`field-without-category`, `non-personal-with-categories`): each field names its
//!   data categories, or says `personal: false`, not both.
//! - **stores** (`store-connection`): `sqlite`, `csv`, `jsonl` stores give a `location`; `postgres`
//!   stores a `connection_env`.
//! - **special categories and biometrics** (`undeclared-special-category`, `undeclared-biometric`):
//!   a processing activity that uses a special (or biometric) category may only do so for purposes
//!   whose `special_categories` condition lists it; a store field that holds one must be covered by
//!   some processing activity listing that category.
//! - **minors** (`minors-without-parental-consent`): a processing activity whose subject categories
//!   include minors has at least one purpose based on consent given by a parent or guardian.
//! - **residency and transfers** (`residency`, `missing-transfer`): when the operator pins data to
//!   regions (`data_residency`), every store, recipient and transfer lies within them; a recipient
//!   outside the operator's country (or, for an operator in the EEA, outside the EEA) has a transfer
//!   naming its legal mechanism.
//! - **languages** (`languages`, `duplicate`, `unlisted-language`, `missing-translation`):
//!   `operator.languages` (default `[en]`; the first is the default language) is a non-empty list
//!   without repeats. An operator's text is either one plain string, in the default language and
//!   shown as it is in every language (names, addresses), or a translation: a mapping of language to
//!   text, which must give every language the operator publishes in and no other. Missing languages
//!   are errors rather than silent fallbacks because a mapping says "this text is translated", so a
//!   gap is a forgotten translation that would publish the wrong language. An unknown tag (`fr`) is
//!   refused when the file is parsed. Rendering in a language outside `operator.languages` falls back
//!   to the default language and marks the text with its language.
//! - **purpose limitation** (`field-without-purpose`, `activity-without-purpose`,
//!   `activity-without-subjects`): personal data is kept only for a purpose (GDPR art. 5(1)(b), 152-FZ
//!   art. 5(2)). Every data category a store field holds is *used*: some processing activity that
//!   names a purpose lists the category and keeps its data in that store (an activity that names no
//!   stores counts for every store). A field holding a category nothing uses is an error at the
//!   field, naming the categories; the fix is a purpose and an activity that use it, or removing the
//!   field. A special category no activity lists at all is left to `undeclared-special-category`. A
//!   processing activity names at least one purpose and one subject category (GDPR art. 30(1)(c)).
//! - **publishable** (`placeholder`, `missing-contact`): "valid" means the map can be published as it
//!   is, so what tools leave to fill in is an error, not a warning: a text that is `TODO` or starts
//!   with `TODO` (`"TODO: the registered address"`, as `tutela datamap import-fides` writes), the
//!   region `ZZ` (ISO 3166-1's "unknown", which `import-fides` and `introspect` write for a country
//!   they do not know), and an `operator.contact` with no e-mail, phone, postal address or web page
//!   (GDPR art. 13(1)(a)). There are no warnings: every diagnostic makes a map invalid.
//! - **subject links** (`unlinked-table`, `unresolvable-cycle`): a request must be able to find a
//!   subject's rows in every table that holds personal data. A table is *linked* when it identifies
//!   the subject itself (`identifies_subject_by`), or has a reference to a linked table (so rows are
//!   followed from customers to orders to deliveries). A personal-data table that is not linked is an
//!   error. When such tables reference one another in a cycle (a strongly connected group of the
//!   reference graph, or a table referencing itself) and no member of the cycle identifies the
//!   subject or references a linked table, the cycle "cannot be resolved": there is no row to start
//!   from. It is reported once, naming the cycle, instead of once per table. A cycle with a way in
//!   (`employees.manager_id -> employees.id` in a table that identifies the subject) is fine: a
//!   request follows it with a visited set.
//! - **erasure** (`hold-without-obligation`, `held-table-deletes`, `field-without-erasure`,
//!   `masked-key`, `deleted-but-referenced`, `erasure-cycle`, `match-not-identity`): erasure of a
//!   subject can be carried out completely and consistently; each rule is explained in the `erasure`
//!   submodule.

mod erasure;

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::model::{
    CategoryId, ConsentGiver, DataMapFile, LegalBasisKind, LocalizedForm, LocalizedText, Located, Operator, Position,
    Purpose, RegionCode, StoreKind,
};
use crate::parse::Draft;
use crate::taxonomy;

/// The most diagnostics reported; past this, one more says how many were left out.
pub const MAX_DIAGNOSTICS: usize = 500;
/// The most known ids compared with an unknown one to suggest a spelling.
const MAX_SUGGESTION_CANDIDATES: usize = 500;

/// Collects diagnostics with positions resolved to file names.
struct Report<'a> {
    sources: &'a [PathBuf],
    diagnostics: Vec<Diagnostic>,
}

impl Report<'_> {
    fn file(&self, at: Position) -> PathBuf {
        self.sources.get(at.source.0 as usize).cloned().unwrap_or_else(|| PathBuf::from("datamap.yaml"))
    }

    /// `file:line:column`, for messages that name a second place.
    fn place(&self, at: Position) -> String {
        format!("{}:{}:{}", self.file(at).display(), at.line, at.column)
    }

    fn push(&mut self, at: Position, code: &'static str, message: String, hint: String) {
        self.diagnostics.push(Diagnostic {
            file: self.file(at),
            line: Some(at.line),
            column: Some(at.column),
            code,
            message,
            hint: Some(hint),
        });
    }

    /// Whether hints are still worth computing (suggestions cost time; past the cap nothing is shown).
    fn wants_more(&self) -> bool {
        self.diagnostics.len() < MAX_DIAGNOSTICS
    }
}

/// What a data category is, built in or declared.
#[derive(Clone, Copy)]
struct CategoryInfo {
    special: bool,
    biometric: bool,
}

/// Checks a draft and returns every problem found.
pub(crate) fn validate(draft: &Draft) -> Vec<Diagnostic> {
    let mut report = Report { sources: &draft.sources, diagnostics: Vec::new() };
    let file = &draft.file;
    let operator = check_operator(&mut report, &draft.operators);

    let categories = category_registry(&mut report, file);
    let subjects = subject_registry(&mut report, file);
    let purposes = unique(&mut report, "purpose", file.purposes.iter().map(|p| (p.id.as_str(), p.id.at)));
    let stores = unique(&mut report, "store", file.stores.iter().map(|s| (s.id.as_str(), s.id.at)));
    let recipients = unique(&mut report, "recipient", file.recipients.iter().map(|r| (r.id.as_str(), r.id.at)));
    unique(&mut report, "processing activity", file.processing_activities.iter().map(|a| (a.id.as_str(), a.id.at)));
    let known = Known {
        categories: &categories,
        subjects: &subjects,
        purposes: &purposes,
        stores: &stores,
        recipients: &recipients,
    };

    for purpose in &file.purposes {
        check_purpose(&mut report, &known, operator, purpose);
    }
    check_stores(&mut report, &known, operator, file);
    check_recipients(&mut report, &known, operator, file);
    check_activities(&mut report, &known, file);
    check_special_fields(&mut report, &known, file);
    check_purposeless_fields(&mut report, &known, file);
    check_links(&mut report, file);
    erasure::check_erasure(&mut report, &known, file);
    check_languages(&mut report, operator, file);
    check_placeholders(&mut report, operator, file);

    // Stable: problems at one place keep the order the rules above found them in.
    let mut diagnostics = report.diagnostics;
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diagnostics.dedup();
    diagnostics
}

/// Every id that can be referred to.
struct Known<'a> {
    categories: &'a HashMap<String, CategoryInfo>,
    subjects: &'a HashMap<String, bool>,
    purposes: &'a HashMap<String, Position>,
    stores: &'a HashMap<String, Position>,
    recipients: &'a HashMap<String, Position>,
}

impl Known<'_> {
    fn purpose<'p>(&self, file: &'p DataMapFile, id: &str) -> Option<&'p Purpose> {
        self.purposes.contains_key(id).then(|| file.purposes.iter().find(|p| p.id.as_str() == id)).flatten()
    }
}

fn check_operator<'a>(report: &mut Report<'_>, operators: &'a [Located<Operator>]) -> Option<&'a Operator> {
    let Some(first) = operators.first() else {
        let file = report.sources.first().cloned().unwrap_or_else(|| PathBuf::from("datamap.yaml"));
        report.diagnostics.push(
            Diagnostic::in_file(file, "missing-operator", "the data map declares no operator")
                .with_hint("add an operator: section with legal_name, country, address, contact and jurisdictions"),
        );
        return None;
    };
    for other in &operators[1..] {
        let first_place = report.place(first.at);
        report.push(
            other.at,
            "duplicate",
            format!("the operator is declared twice: first at {first_place}"),
            "keep one operator: section".to_owned(),
        );
    }
    Some(&first.value)
}

/// Registers ids of one kind, reporting each repeat with the place of the first.
fn unique<'i>(
    report: &mut Report<'_>,
    what: &str,
    items: impl Iterator<Item = (&'i str, Position)>,
) -> HashMap<String, Position> {
    let mut seen: HashMap<String, Position> = HashMap::new();
    for (id, at) in items {
        if let Some(&first) = seen.get(id) {
            let first_place = report.place(first);
            report.push(
                at,
                "duplicate",
                format!("{what} {id:?} is declared twice: first at {first_place}"),
                "rename one of them, or merge them into one".to_owned(),
            );
        } else {
            seen.insert(id.to_owned(), at);
        }
    }
    seen
}

fn category_registry(report: &mut Report<'_>, file: &DataMapFile) -> HashMap<String, CategoryInfo> {
    let mut categories: HashMap<String, CategoryInfo> = taxonomy::DATA_CATEGORIES
        .iter()
        .map(|c| (c.id.to_owned(), CategoryInfo { special: c.special, biometric: c.biometric }))
        .collect();
    let declared = file.data_categories.iter().filter(|decl| {
        let builtin = taxonomy::data_category(decl.id.as_str()).is_some();
        if builtin {
            report.push(
                decl.id.at,
                "redefines-builtin",
                format!("data category {:?} is built in and cannot be declared again", decl.id.as_str()),
                format!("use the built-in category, or give yours another id such as \"{}_own\"", decl.id.as_str()),
            );
        }
        !builtin
    });
    let declared: Vec<_> = declared.collect();
    unique(report, "data category", declared.iter().map(|d| (d.id.as_str(), d.id.at)));
    for decl in declared {
        categories
            .entry(decl.id.as_str().to_owned())
            .or_insert(CategoryInfo { special: decl.special || decl.biometric, biometric: decl.biometric });
    }
    categories
}

fn subject_registry(report: &mut Report<'_>, file: &DataMapFile) -> HashMap<String, bool> {
    let mut subjects: HashMap<String, bool> =
        taxonomy::SUBJECT_CATEGORIES.iter().map(|s| (s.id.to_owned(), s.minor)).collect();
    let declared: Vec<_> = file
        .subject_categories
        .iter()
        .filter(|decl| {
            let builtin = taxonomy::subject_category(decl.id.as_str()).is_some();
            if builtin {
                report.push(
                    decl.id.at,
                    "redefines-builtin",
                    format!("subject category {:?} is built in and cannot be declared again", decl.id.as_str()),
                    format!("use the built-in category, or give yours another id such as \"{}_own\"", decl.id.as_str()),
                );
            }
            !builtin
        })
        .collect();
    unique(report, "subject category", declared.iter().map(|d| (d.id.as_str(), d.id.at)));
    for decl in declared {
        subjects.entry(decl.id.as_str().to_owned()).or_insert(decl.minor);
    }
    subjects
}

// ---------------------------------------------------------------------------------------------------
// References

/// The Levenshtein distance between two short strings, or `None` when it exceeds `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= limit).then_some(distance)
}

/// The known spelling closest to `unknown`, if one is close enough to be a typo.
fn closest<'k>(unknown: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    let limit = (unknown.chars().count() / 3).clamp(1, 3);
    let mut candidates: Vec<&str> = known.take(MAX_SUGGESTION_CANDIDATES).collect();
    candidates.sort_unstable();
    candidates
        .into_iter()
        .filter_map(|candidate| edit_distance(unknown, candidate, limit).map(|d| (d, candidate)))
        .min()
        .map(|(_, candidate)| candidate)
}

/// The hint for an unknown id: the closest spelling, then how to declare one.
fn unknown_hint<'k>(report: &Report<'_>, unknown: &str, known: impl Iterator<Item = &'k str>, declare: &str) -> String {
    if !report.wants_more() {
        return declare.to_owned();
    }
    match closest(unknown, known) {
        Some(candidate) => format!("did you mean {candidate:?}? Otherwise {declare}"),
        None => declare.to_owned(),
    }
}

/// Reports a reference to an id that is not declared: `message` at `at`, hinting the closest of the
/// `known` ids (or, when nothing is close, how to `declare` one).
fn report_unknown<V>(
    report: &mut Report<'_>,
    at: Position,
    code: &'static str,
    message: String,
    (unknown, known): (&str, &HashMap<String, V>),
    declare: &str,
) {
    let hint = unknown_hint(report, unknown, known.keys().map(String::as_str), declare);
    report.push(at, code, message, hint);
}

fn check_category(report: &mut Report<'_>, known: &Known<'_>, category: &Located<CategoryId>, context: &str) {
    if known.categories.contains_key(category.as_str()) {
        return;
    }
    report_unknown(
        report,
        category.at,
        "unknown-data-category",
        format!("unknown data category {:?} in {context}", category.as_str()),
        (category.as_str(), known.categories),
        "declare it under data_categories: with an id, a label and whether it is special",
    );
}

fn check_purpose_ref(
    report: &mut Report<'_>,
    known: &Known<'_>,
    id: &Located<crate::model::PurposeId>,
    context: &str,
) -> bool {
    if known.purposes.contains_key(id.as_str()) {
        return true;
    }
    report_unknown(
        report,
        id.at,
        "unknown-purpose",
        format!("unknown purpose {:?} in {context}", id.as_str()),
        (id.as_str(), known.purposes),
        "declare it under purposes: with its legal basis, retention and actions",
    );
    false
}

// ---------------------------------------------------------------------------------------------------
// Purposes

fn check_purpose(report: &mut Report<'_>, known: &Known<'_>, operator: Option<&Operator>, purpose: &Purpose) {
    let id = purpose.id.as_str();
    let jurisdictions: Vec<_> =
        operator.map(|operator| operator.jurisdictions.iter().map(|j| j.value).collect()).unwrap_or_default();
    match &purpose.legal_basis {
        None => {
            let articles: Vec<String> = jurisdictions
                .iter()
                .map(|j| format!("{j}: \"{}\"", LegalBasisKind::Consent.usual_article(*j)))
                .collect();
            report.push(
                purpose.id.at,
                "missing-legal-basis",
                format!("purpose {id:?} has no legal basis"),
                format!(
                    "add legal_basis with its kind (consent, contract, legal_obligation, vital_interest, \
                     public_task or legitimate_interest) and its article under each jurisdiction, e.g. \
                     legal_basis: {{ kind: consent, articles: {{ {} }} }}",
                    articles.join(", ")
                ),
            );
        }
        Some(basis) => {
            let kind = basis.kind.value;
            for jurisdiction in &jurisdictions {
                if !basis.articles.contains_key(jurisdiction) {
                    report.push(
                        basis.at,
                        "missing-article",
                        format!("purpose {id:?} names no article of {jurisdiction} for its legal basis {kind}"),
                        format!(
                            "add {jurisdiction}: \"{}\" (or the article that applies) under legal_basis.articles",
                            kind.usual_article(*jurisdiction)
                        ),
                    );
                }
            }
            if let Some(given_by) = &basis.given_by
                && kind != LegalBasisKind::Consent
            {
                report.push(
                    given_by.at,
                    "given-by-without-consent",
                    format!("purpose {id:?} says who gives consent, but its legal basis is {kind}, not consent"),
                    "remove given_by, or change the kind to consent".to_owned(),
                );
            }
        }
    }
    if purpose.retention.is_none() {
        let example = match purpose.legal_basis.as_ref().map(|basis| basis.kind.value) {
            Some(LegalBasisKind::Consent) => "[until_consent_withdrawn, until_purpose_reached]",
            Some(LegalBasisKind::Contract) => "[until_purpose_reached, 3 years after contract_ended]",
            _ => "until_purpose_reached",
        };
        report.push(
            purpose.id.at,
            "missing-retention",
            format!("purpose {id:?} has no retention"),
            format!(
                "add retention: a period (\"3 years\"), an event (until_purpose_reached, \
                 until_consent_withdrawn, until_account_closed, until_contract_ended), or a list of them \
                 of which the first reached ends storage, e.g. retention: {example}"
            ),
        );
    }
    if purpose.actions.is_empty() {
        report.push(
            purpose.id.at,
            "missing-actions",
            format!("purpose {id:?} lists no processing actions"),
            "add actions: the ones performed among collect, record, systematise, accumulate, store, \
             update, extract, use, transfer, depersonalise, block, delete, destroy"
                .to_owned(),
        );
    }
    if let Some(special) = &purpose.special_categories {
        for category in &special.categories {
            check_category(report, known, category, &format!("the special_categories of purpose {id:?}"));
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Stores and fields

fn residency_text(pins: &[Located<RegionCode>]) -> String {
    let names: Vec<&str> = pins.iter().map(|pin| pin.as_str()).collect();
    names.join(", ")
}

/// Whether `region` breaks the operator's residency pins (none pinned: never; the placeholder `ZZ`,
/// reported as such, neither).
fn outside_residency(operator: Option<&Operator>, region: &RegionCode) -> Option<String> {
    let pins = &operator?.data_residency;
    if pins.is_empty() || region.as_str() == UNKNOWN_REGION || pins.iter().any(|pin| region.is_within(pin)) {
        None
    } else {
        Some(residency_text(pins))
    }
}

fn check_stores(report: &mut Report<'_>, known: &Known<'_>, operator: Option<&Operator>, file: &DataMapFile) {
    for store in &file.stores {
        let id = store.id.as_str();
        let kind = store.kind.value;
        match kind {
            StoreKind::Postgres if store.connection_env.is_none() => report.push(
                store.id.at,
                "store-connection",
                format!("store {id:?} (postgres) has no connection_env"),
                format!(
                    "add connection_env: {}_DATABASE_URL, the environment variable that holds its URL \
                     (a password never goes in the data map)",
                    id.to_ascii_uppercase()
                ),
            ),
            StoreKind::Sqlite | StoreKind::Csv | StoreKind::Jsonl if store.location.is_none() => {
                let what = if kind == StoreKind::Sqlite { "the database file" } else { "the folder of its files" };
                report.push(
                    store.id.at,
                    "store-connection",
                    format!("store {id:?} ({}) has no location", kind.as_str()),
                    format!("add location: {what}, relative to this data map file"),
                );
            }
            _ => {}
        }
        if let Some(pins) = outside_residency(operator, &store.region) {
            report.push(
                store.region.at,
                "residency",
                format!(
                    "store {id:?} is in {}, outside the regions the operator pins data to ({pins})",
                    store.region.as_str()
                ),
                format!("keep the store in {pins}, or change operator.data_residency if that promise has changed"),
            );
        }
        let tables = unique(
            report,
            &format!("in store {id:?}, table"),
            store.tables.iter().map(|t| (t.name.as_str(), t.name.at)),
        );
        for table in &store.tables {
            let table_name = table.name.as_str();
            let fields = unique(
                report,
                &format!("in table {table_name:?}, field"),
                table.fields.iter().map(|f| (f.name.as_str(), f.name.at)),
            );
            for field in &table.fields {
                let qualified = format!("{table_name}.{}", field.name.as_str());
                if field.is_non_personal() {
                    if let Some(first) = field.categories.first() {
                        report.push(
                            first.at,
                            "non-personal-with-categories",
                            format!("field {qualified:?} is marked personal: false but names data categories"),
                            "remove personal: false, or remove the categories".to_owned(),
                        );
                    }
                } else if field.categories.is_empty() {
                    report.push(
                        field.name.at,
                        "field-without-category",
                        format!("field {qualified:?} has no data category"),
                        "add categories: [...] with what it holds (e.g. contact.email), or personal: false if \
                         it holds no personal data"
                            .to_owned(),
                    );
                }
                for category in &field.categories {
                    check_category(report, known, category, &format!("field {qualified:?}"));
                }
            }
            for identity in &table.identifies_subject_by {
                if !fields.contains_key(identity.as_str()) {
                    report_unknown(
                        report,
                        identity.at,
                        "unknown-field",
                        format!(
                            "table {table_name:?} identifies the subject by {:?}, which is not one of its fields",
                            identity.as_str()
                        ),
                        (identity.as_str(), &fields),
                        "name one of the table's fields",
                    );
                }
            }
            for reference in &table.references {
                let from = format!("{table_name}.{}", reference.field.as_str());
                if !fields.contains_key(reference.field.as_str()) {
                    report_unknown(
                        report,
                        reference.field.at,
                        "unknown-field",
                        format!(
                            "reference from {from:?}: table {table_name:?} has no field {:?}",
                            reference.field.as_str()
                        ),
                        (reference.field.as_str(), &fields),
                        "name one of the table's fields",
                    );
                }
                check_reference_target(report, known, file, store, &tables, reference, &from);
            }
        }
    }
}

fn check_reference_target(
    report: &mut Report<'_>,
    known: &Known<'_>,
    file: &DataMapFile,
    own_store: &crate::model::Store,
    own_tables: &HashMap<String, Position>,
    reference: &crate::model::Reference,
    from: &str,
) {
    let to = &reference.to;
    let target_store = match &to.store {
        None => own_store,
        Some(store_id) => {
            if !known.stores.contains_key(store_id.as_str()) {
                report_unknown(
                    report,
                    to.at,
                    "unknown-store",
                    format!("reference from {from:?} points at store {:?}, which is not declared", store_id.as_str()),
                    (store_id.as_str(), known.stores),
                    "declare it under stores:",
                );
                return;
            }
            match file.stores.iter().find(|s| s.id.as_str() == store_id.as_str()) {
                Some(store) => store,
                None => return,
            }
        }
    };
    let store_id = target_store.id.as_str();
    let Some(table) = target_store.tables.iter().find(|t| t.name.as_str() == to.table.as_str()) else {
        let names: Vec<&str> = if to.store.is_none() {
            own_tables.keys().map(String::as_str).collect()
        } else {
            target_store.tables.iter().map(|t| t.name.as_str()).collect()
        };
        let hint = unknown_hint(
            report,
            to.table.as_str(),
            names.into_iter(),
            "declare the table in that store, or fix the name",
        );
        report.push(
            to.at,
            "unknown-table",
            format!(
                "reference from {from:?} points at table {:?}, which store {store_id:?} does not have",
                to.table.as_str()
            ),
            hint,
        );
        return;
    };
    if !table.fields.iter().any(|f| f.name.as_str() == to.field.as_str()) {
        let hint = unknown_hint(
            report,
            to.field.as_str(),
            table.fields.iter().map(|f| f.name.as_str()),
            "declare the field in that table, or fix the name",
        );
        report.push(
            to.at,
            "unknown-field",
            format!(
                "reference from {from:?} points at field {:?}, which table {:?} does not have",
                to.field.as_str(),
                to.table.as_str()
            ),
            hint,
        );
    }
}

/// Store fields holding special or biometric categories must be covered by a processing activity.
fn check_special_fields(report: &mut Report<'_>, known: &Known<'_>, file: &DataMapFile) {
    let declared: BTreeSet<&str> = file
        .processing_activities
        .iter()
        .flat_map(|activity| activity.data_categories.iter().map(|c| c.as_str()))
        .collect();
    for store in &file.stores {
        for table in &store.tables {
            for field in &table.fields {
                for category in &field.categories {
                    let Some(info) = known.categories.get(category.as_str()) else { continue };
                    if !info.special || declared.contains(category.as_str()) {
                        continue;
                    }
                    let (code, what) = special_words(*info);
                    report.push(
                        category.at,
                        code,
                        format!(
                            "field \"{}.{}\" holds {what} {:?}, but no processing activity declares it",
                            table.name.as_str(),
                            field.name.as_str(),
                            category.as_str()
                        ),
                        format!(
                            "list {} in the data_categories of the processing activity that uses store {:?}, \
                             and declare the condition on its purposes' special_categories",
                            category.as_str(),
                            store.id.as_str()
                        ),
                    );
                }
            }
        }
    }
}

fn special_words(info: CategoryInfo) -> (&'static str, &'static str) {
    if info.biometric {
        ("undeclared-biometric", "biometric category")
    } else {
        ("undeclared-special-category", "special category")
    }
}

// ---------------------------------------------------------------------------------------------------
// Recipients and transfers

fn check_recipients(report: &mut Report<'_>, known: &Known<'_>, operator: Option<&Operator>, file: &DataMapFile) {
    let mut transferred: HashMap<&str, Vec<&RegionCode>> = HashMap::new();
    for transfer in &file.transfers {
        let recipient = transfer.recipient.as_str();
        if known.recipients.contains_key(recipient) {
            transferred.entry(recipient).or_default().push(&transfer.to_country.value);
        } else {
            report_unknown(
                report,
                transfer.recipient.at,
                "unknown-recipient",
                format!("transfer to unknown recipient {recipient:?}"),
                (recipient, known.recipients),
                "declare it under recipients:",
            );
        }
        if let Some(pins) = outside_residency(operator, &transfer.to_country) {
            report.push(
                transfer.to_country.at,
                "residency",
                format!(
                    "transfer to {recipient:?} goes to {}, outside the regions the operator pins data to ({pins})",
                    transfer.to_country.as_str()
                ),
                "remove the transfer, or change operator.data_residency if that promise has changed".to_owned(),
            );
        }
    }
    for recipient in &file.recipients {
        let id = recipient.id.as_str();
        for category in &recipient.data_categories {
            check_category(report, known, category, &format!("recipient {id:?}"));
        }
        for purpose_id in &recipient.purposes {
            if !check_purpose_ref(report, known, purpose_id, &format!("recipient {id:?}")) {
                continue;
            }
            let Some(purpose) = known.purpose(file, purpose_id.as_str()) else { continue };
            let transfers =
                purpose.actions.iter().any(|action| action.action() == tutela_core::journal::Action::Transfer);
            if !transfers && !purpose.actions.is_empty() {
                report.push(
                    purpose_id.at,
                    "missing-transfer-action",
                    format!(
                        "recipient {id:?} receives data for purpose {:?}, which does not list the transfer action",
                        purpose_id.as_str()
                    ),
                    format!("add transfer to the actions of purpose {:?}", purpose_id.as_str()),
                );
            }
        }
        let country = &recipient.country;
        if country.as_str() == UNKNOWN_REGION {
            // Reported as a placeholder; where the data goes is not known yet.
            continue;
        }
        if let Some(pins) = outside_residency(operator, country) {
            report.push(
                country.at,
                "residency",
                format!(
                    "recipient {id:?} receives data in {}, outside the regions the operator pins data to ({pins})",
                    country.as_str()
                ),
                format!("choose a recipient that keeps the data in {pins}, or change operator.data_residency if that promise has changed"),
            );
            continue;
        }
        let Some(operator) = operator else { continue };
        let home = home_area(&operator.country);
        let covered = transferred.get(id).is_some_and(|to| to.iter().any(|to| country.is_within(to)));
        if !country.is_within(&home) && !covered {
            report.push(
                country.at,
                "missing-transfer",
                format!(
                    "recipient {id:?} is in {}, outside {}, and no transfer declares its legal mechanism",
                    country.as_str(),
                    home.as_str()
                ),
                format!(
                    "add to transfers: {{ recipient: {id}, to_country: {}, mechanism: standard_contractual_clauses, \
                     article: \"...\" }} with the mechanism that applies",
                    country.as_str()
                ),
            );
        }
    }
}

/// Where data moves freely from the operator's country: the EEA for an operator in it, else the
/// country itself.
pub(crate) fn home_area(country: &RegionCode) -> RegionCode {
    let eea: RegionCode = match "EEA".parse() {
        Ok(eea) => eea,
        Err(_) => return country.clone(),
    };
    if country.is_within(&eea) { eea } else { country.clone() }
}

// ---------------------------------------------------------------------------------------------------
// Processing activities

fn check_activities(report: &mut Report<'_>, known: &Known<'_>, file: &DataMapFile) {
    for activity in &file.processing_activities {
        let id = activity.id.as_str();
        let context = format!("processing activity {id:?}");
        if activity.purposes.is_empty() {
            report.push(
                activity.id.at,
                "activity-without-purpose",
                format!("{context} names no purpose"),
                format!("list the purposes it serves under purposes: [...]: {PURPOSE_LIMITATION}"),
            );
        }
        if activity.subject_categories.is_empty() {
            report.push(
                activity.id.at,
                "activity-without-subjects",
                format!("{context} names no subject categories"),
                "list whose data it processes under subject_categories: [customer, site_user ...]: the \
                 record of processing activities names them (GDPR art. 30(1)(c))"
                    .to_owned(),
            );
        }
        let mut minors = Vec::new();
        for subject in &activity.subject_categories {
            match known.subjects.get(subject.as_str()) {
                Some(true) => minors.push(subject),
                Some(false) => {}
                None => {
                    report_unknown(
                        report,
                        subject.at,
                        "unknown-subject-category",
                        format!("unknown subject category {:?} in {context}", subject.as_str()),
                        (subject.as_str(), known.subjects),
                        "declare it under subject_categories: with an id, a label and whether they are minors",
                    );
                }
            }
        }
        for category in &activity.data_categories {
            check_category(report, known, category, &context);
        }
        let mut purposes = Vec::new();
        for purpose_id in &activity.purposes {
            if check_purpose_ref(report, known, purpose_id, &context)
                && let Some(purpose) = known.purpose(file, purpose_id.as_str())
            {
                purposes.push(purpose);
            }
        }
        for store in &activity.stores {
            if !known.stores.contains_key(store.as_str()) {
                report_unknown(
                    report,
                    store.at,
                    "unknown-store",
                    format!("unknown store {:?} in {context}", store.as_str()),
                    (store.as_str(), known.stores),
                    "declare it under stores:",
                );
            }
        }
        for recipient in &activity.recipients {
            if !known.recipients.contains_key(recipient.as_str()) {
                report_unknown(
                    report,
                    recipient.at,
                    "unknown-recipient",
                    format!("unknown recipient {:?} in {context}", recipient.as_str()),
                    (recipient.as_str(), known.recipients),
                    "declare it under recipients:",
                );
            }
        }
        // Special categories: each purpose must declare a condition covering each one.
        for category in &activity.data_categories {
            let Some(&info) = known.categories.get(category.as_str()) else { continue };
            if !info.special {
                continue;
            }
            let (code, what) = special_words(info);
            for purpose in &purposes {
                let covered = purpose
                    .special_categories
                    .as_ref()
                    .is_some_and(|special| special.categories.iter().any(|c| c.as_str() == category.as_str()));
                if !covered {
                    let article = if info.biometric {
                        "152-FZ art. 11(1); GDPR art. 9(2)(a)"
                    } else {
                        "GDPR art. 9(2)(a); 152-FZ art. 10(2)(1)"
                    };
                    report.push(
                        category.at,
                        code,
                        format!(
                            "{context} uses {what} {:?} for purpose {:?}, which declares no condition for it",
                            category.as_str(),
                            purpose.id.as_str()
                        ),
                        format!(
                            "add to purpose {:?}: special_categories: {{ condition: explicit_consent, article: \
                             \"{article}\", categories: [{}] }} with the condition that applies",
                            purpose.id.as_str(),
                            category.as_str()
                        ),
                    );
                }
            }
        }
        // Minors: some purpose must rest on a parent's or guardian's consent.
        let parental = purposes.iter().any(|purpose| {
            purpose.legal_basis.as_ref().is_some_and(|basis| {
                basis.kind.value == LegalBasisKind::Consent
                    && basis.given_by.as_ref().is_some_and(|g| g.value == ConsentGiver::ParentOrGuardian)
            })
        });
        if !parental && let Some(minor) = minors.first() {
            report.push(
                minor.at,
                "minors-without-parental-consent",
                format!(
                    "{context} covers minors ({:?}) but none of its purposes rests on a parent's or guardian's consent",
                    minor.as_str()
                ),
                "add to its purposes one whose legal_basis is { kind: consent, given_by: parent_or_guardian, \
                 articles: {...} }"
                    .to_owned(),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Languages

/// Every operator-written text of the map, with the words that name it in a message.
fn localized_texts<'m>(operator: Option<&'m Operator>, file: &'m DataMapFile) -> Vec<(String, &'m LocalizedText)> {
    let mut texts: Vec<(String, &LocalizedText)> = Vec::new();
    if let Some(operator) = operator {
        texts.push(("operator.legal_name".to_owned(), &operator.legal_name));
        texts.extend(operator.trading_name.iter().map(|t| ("operator.trading_name".to_owned(), t)));
        texts.push(("operator.address".to_owned(), &operator.address));
        let schemes = operator.registration_numbers.iter();
        texts.extend(schemes.map(|n| (format!("the scheme of registration number {:?}", n.value.as_str()), &n.scheme)));
        let postal = operator.contact.postal_address.iter();
        texts.extend(postal.map(|t| ("operator.contact.postal_address".to_owned(), t)));
        let responsible = operator.responsible_person.iter();
        texts.extend(responsible.map(|p| ("operator.responsible_person.name".to_owned(), &p.name)));
        texts.extend(operator.dpo.iter().map(|p| ("operator.dpo.name".to_owned(), &p.name)));
    }
    let mut of =
        |what: &str, owner: String, text: &'m LocalizedText| texts.push((format!("the {what} of {owner}"), text));
    for category in &file.data_categories {
        let owner = format!("data category {:?}", category.id.as_str());
        of("label", owner.clone(), &category.label);
        category.description.iter().for_each(|t| of("description", owner.clone(), t));
    }
    for subject in &file.subject_categories {
        let owner = format!("subject category {:?}", subject.id.as_str());
        of("label", owner.clone(), &subject.label);
        subject.description.iter().for_each(|t| of("description", owner.clone(), t));
    }
    for purpose in &file.purposes {
        let owner = format!("purpose {:?}", purpose.id.as_str());
        of("description", owner.clone(), &purpose.description);
        for (jurisdiction, article) in purpose.legal_basis.iter().flat_map(|basis| &basis.articles) {
            of(&format!("{jurisdiction} article"), owner.clone(), article);
        }
        purpose.special_categories.iter().for_each(|s| of("special_categories article", owner.clone(), &s.article));
    }
    for store in &file.stores {
        store.description.iter().for_each(|t| of("description", format!("store {:?}", store.id.as_str()), t));
    }
    for recipient in &file.recipients {
        let owner = format!("recipient {:?}", recipient.id.as_str());
        of("name", owner.clone(), &recipient.name);
        recipient.legal_entity.iter().for_each(|t| of("legal_entity", owner.clone(), t));
        recipient.method.iter().for_each(|t| of("method", owner.clone(), t));
    }
    for transfer in &file.transfers {
        let owner = format!("the transfer to recipient {:?}", transfer.recipient.as_str());
        transfer.article.iter().for_each(|t| of("article", owner.clone(), t));
    }
    for activity in &file.processing_activities {
        let owner = format!("processing activity {:?}", activity.id.as_str());
        activity.description.iter().for_each(|t| of("description", owner.clone(), t));
        activity.collection.iter().for_each(|t| of("collection", owner.clone(), t));
    }
    texts
}

/// `operator.languages` is a non-empty list without repeats; every translated text (a mapping of
/// language to text) gives every language the operator publishes in, and no other. A plain text is
/// the default language's and is shown as it is in every language, so it needs nothing more.
fn check_languages(report: &mut Report<'_>, operator: Option<&Operator>, file: &DataMapFile) {
    let Some(operator) = operator else { return };
    if let Some(declared) = &operator.languages {
        if declared.is_empty() {
            report.push(
                declared.at,
                "languages",
                "operator.languages is empty".to_owned(),
                "list the languages the operator publishes in, the default first, e.g. languages: [ru, en]".to_owned(),
            );
        }
        for (index, lang) in declared.iter().enumerate() {
            if declared[..index].iter().any(|earlier| earlier.value == lang.value) {
                report.push(
                    lang.at,
                    "duplicate",
                    format!("operator.languages lists {} twice", lang.value),
                    "list each language once".to_owned(),
                );
            }
        }
    }
    let published = operator.languages();
    let unlisted_note =
        if operator.languages.is_none() { " (without it the operator publishes in en only)" } else { "" };
    for (name, text) in localized_texts(Some(operator), file) {
        let LocalizedForm::PerLanguage(texts) = &text.form else { continue };
        for (lang, _) in texts {
            if !published.contains(&lang.value) {
                report.push(
                    lang.at,
                    "unlisted-language",
                    format!("{name} is given in {}, which operator.languages does not list", lang.value),
                    format!(
                        "add {} to operator.languages{unlisted_note}, or remove the {} text",
                        lang.value, lang.value
                    ),
                );
            }
        }
        for lang in &published {
            if !texts.iter().any(|(given, _)| given.value == *lang) {
                report.push(
                    text.at,
                    "missing-translation",
                    format!("{name} has no {lang} text, though {lang} is one of operator.languages"),
                    format!(
                        "add {lang}: \"...\" to it, or write it as one plain string to show the default \
                         language's text in every language"
                    ),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Subject links

/// A table in the reference graph: (store index, table index).
type Node = (usize, usize);

fn check_links(report: &mut Report<'_>, file: &DataMapFile) {
    // Index the tables; the first of duplicate names wins (duplicates are reported elsewhere).
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut nodes: Vec<Node> = Vec::new();
    for (s, store) in file.stores.iter().enumerate() {
        for (t, table) in store.tables.iter().enumerate() {
            index.entry((store.id.as_str(), table.name.as_str())).or_insert_with(|| {
                nodes.push((s, t));
                nodes.len() - 1
            });
        }
    }
    let table = |node: usize| {
        let (s, t) = nodes[node];
        (&file.stores[s], &file.stores[s].tables[t])
    };
    // Edges: referencing table -> referenced table.
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (from, &(s, t)) in nodes.iter().enumerate() {
        let store = &file.stores[s];
        for reference in &store.tables[t].references {
            let store_id = reference.to.store.as_ref().map_or(store.id.as_str(), |s| s.as_str());
            if let Some(&to) = index.get(&(store_id, reference.to.table.as_str())) {
                edges[from].push(to);
                reverse[to].push(from);
            }
        }
    }
    // Linked: identifying tables, and every table with a path of references to one.
    let mut linked = vec![false; nodes.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for (node, flag) in linked.iter_mut().enumerate() {
        if !table(node).1.identifies_subject_by.is_empty() {
            *flag = true;
            queue.push_back(node);
        }
    }
    while let Some(node) = queue.pop_front() {
        for &from in &reverse[node] {
            if !linked[from] {
                linked[from] = true;
                queue.push_back(from);
            }
        }
    }
    let personal = |node: usize| table(node).1.fields.iter().any(|f| !f.categories.is_empty());
    let components = strongly_connected(&edges);
    let mut reported = vec![false; nodes.len()];
    for component in &components {
        let cyclic = component.len() > 1 || edges[component[0]].contains(&component[0]);
        if !cyclic || component.iter().any(|&n| linked[n]) || !component.iter().any(|&n| personal(n)) {
            continue;
        }
        let cycle = find_cycle(&edges, component);
        let spans_stores = component.iter().any(|&n| nodes[n].0 != nodes[component[0]].0);
        let name = |node: usize| {
            let (store, tbl) = table(node);
            if spans_stores {
                format!("{}:{}", store.id.as_str(), tbl.name.as_str())
            } else {
                tbl.name.as_str().to_owned()
            }
        };
        let path: Vec<String> = cycle.iter().map(|&n| format!("{:?}", name(n))).collect();
        let first = cycle.first().copied().unwrap_or(component[0]);
        report.push(
            table(first).1.name.at,
            "unresolvable-cycle",
            format!(
                "tables {} reference one another in a cycle that reaches no table identifying the subject",
                path.join(" -> ")
            ),
            "add identifies_subject_by to one of them, or a reference from one of them to a table that \
             identifies the subject"
                .to_owned(),
        );
        for &node in component {
            reported[node] = true;
        }
    }
    for node in 0..nodes.len() {
        if linked[node] || reported[node] || !personal(node) {
            continue;
        }
        let (store, tbl) = table(node);
        report.push(
            tbl.name.at,
            "unlinked-table",
            format!(
                "table {:?} in store {:?} holds personal data but no subject can be found in it: it has no \
                 identifies_subject_by and references no table that has",
                tbl.name.as_str(),
                store.id.as_str()
            ),
            "add identifies_subject_by: [the field holding the e-mail, phone or customer id], or a \
             reference to a table that identifies the subject"
                .to_owned(),
        );
    }
}

/// Tarjan's strongly connected components, iteratively (no recursion on deep graphs). Each
/// component lists its nodes in ascending order; components come in reverse topological order.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNVISITED: usize = usize::MAX;
    let count = edges.len();
    let mut order = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack: Vec<usize> = Vec::new();
    let mut components = Vec::new();
    let mut next_order = 0;
    for root in 0..count {
        if order[root] != UNVISITED {
            continue;
        }
        // (node, index of the next edge to look at)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNVISITED {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// A cycle through the component's first node, as the list of nodes ending where it started.
fn find_cycle(edges: &[Vec<usize>], component: &[usize]) -> Vec<usize> {
    let start = component[0];
    let inside: BTreeSet<usize> = component.iter().copied().collect();
    let mut previous: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in &edges[node] {
            if next == start {
                let mut path = vec![node];
                let mut at = node;
                while at != start {
                    at = previous[&at];
                    path.push(at);
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if inside.contains(&next) && !previous.contains_key(&next) && next != start {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    component.to_vec()
}

// ---------------------------------------------------------------------------------------------------
// Purpose limitation

/// Why a purpose is needed, for hints.
const PURPOSE_LIMITATION: &str =
    "personal data kept for no purpose breaks purpose limitation (GDPR art. 5(1)(b), 152-FZ art. 5(2))";

/// Every data category a personal store field holds must be used: listed by a processing activity
/// that names a purpose and keeps its data in the field's store (or names no stores).
fn check_purposeless_fields(report: &mut Report<'_>, known: &Known<'_>, file: &DataMapFile) {
    // Listed by any activity (a special category listed nowhere is undeclared-special-category's).
    let mut listed: HashSet<&str> = HashSet::new();
    // Used by an activity with a purpose: in one store, or (an activity naming no stores) in all.
    let mut used_in: HashSet<(&str, &str)> = HashSet::new();
    let mut used_everywhere: HashSet<&str> = HashSet::new();
    for activity in &file.processing_activities {
        listed.extend(activity.data_categories.iter().map(|c| c.as_str()));
        if activity.purposes.is_empty() {
            continue;
        }
        for category in &activity.data_categories {
            if activity.stores.is_empty() {
                used_everywhere.insert(category.as_str());
            }
            for store in &activity.stores {
                used_in.insert((store.as_str(), category.as_str()));
            }
        }
    }
    for store in &file.stores {
        let store_id = store.id.as_str();
        // The activity the hint suggests extending: the first with a purpose that uses this store.
        let user = file
            .processing_activities
            .iter()
            .find(|a| !a.purposes.is_empty() && a.stores.iter().any(|s| s.as_str() == store_id));
        for table in &store.tables {
            for field in &table.fields {
                if field.is_non_personal() {
                    continue;
                }
                let mut unused: Vec<&str> = Vec::new();
                for category in &field.categories {
                    let id = category.as_str();
                    // Unknown categories are reported where they are named.
                    let Some(info) = known.categories.get(id) else { continue };
                    let used = used_everywhere.contains(id) || used_in.contains(&(store_id, id));
                    if used || (info.special && !listed.contains(id)) || unused.contains(&id) {
                        continue;
                    }
                    unused.push(id);
                }
                if unused.is_empty() {
                    continue;
                }
                let list = unused.join(", ");
                let it = if unused.len() == 1 { "it" } else { "them" };
                let hint = match user {
                    Some(activity) => format!(
                        "add {list} to the data_categories of processing activity {:?}, which uses store \
                         {store_id:?}; or declare another purpose and a processing activity that use the field; or \
                         remove the field if the data is not needed: {PURPOSE_LIMITATION}",
                        activity.id.as_str()
                    ),
                    None => format!(
                        "declare a purpose and a processing activity that uses the field (processing_activities: \
                         - {{ id: ..., subject_categories: [...], data_categories: [{list}], purposes: [...], \
                         stores: [{store_id}] }}), or remove the field if the data is not needed: {PURPOSE_LIMITATION}"
                    ),
                };
                report.push(
                    field.name.at,
                    "field-without-purpose",
                    format!(
                        "field \"{}.{}\" of store {store_id:?} holds {list}, which no purpose uses: no processing \
                         activity with a purpose lists {it} for this store",
                        table.name.as_str(),
                        field.name.as_str()
                    ),
                    hint,
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Placeholders

/// The region written for a country not yet known: ISO 3166-1 reserves `ZZ` for "unknown", and
/// `tutela datamap import-fides` and `introspect` write it when their source does not say.
pub(crate) const UNKNOWN_REGION: &str = "ZZ";

/// The most characters of a placeholder quoted in its diagnostic.
const MAX_QUOTED_CHARS: usize = 60;

/// Whether a text is a placeholder left to fill in: `TODO` on its own or followed by anything but a
/// letter, digit or `_` (`TODO: the registered address`; not `Todoist`, not `TODOS`).
pub(crate) fn is_placeholder(text: &str) -> bool {
    text.trim_start()
        .strip_prefix("TODO")
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// A text for a message: at most [`MAX_QUOTED_CHARS`] characters, quoted.
fn quoted(text: &str) -> String {
    let mut short: String = text.chars().take(MAX_QUOTED_CHARS).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("{short:?}")
}

/// What tools leave to fill in must be filled in before the map is valid, because a valid map is
/// published as it is: `TODO` texts, the region `ZZ`, an operator nobody can contact.
fn check_placeholders(report: &mut Report<'_>, operator: Option<&Operator>, file: &DataMapFile) {
    const TEXT_HINT: &str = "write the real text in its place: a valid data map is published as it is written, so \
                             no TODO may remain (tutela datamap import-fides and introspect write TODO where their \
                             source does not say)";
    for (name, text) in localized_texts(operator, file) {
        match &text.form {
            LocalizedForm::Plain(plain) if is_placeholder(plain.as_str()) => report.push(
                text.at,
                "placeholder",
                format!("{name} is still a placeholder: {}", quoted(plain.as_str())),
                TEXT_HINT.to_owned(),
            ),
            LocalizedForm::Plain(_) => {}
            LocalizedForm::PerLanguage(texts) => {
                for (lang, translated) in texts.iter().filter(|(_, t)| is_placeholder(t.as_str())) {
                    report.push(
                        lang.at,
                        "placeholder",
                        format!("{name} ({}) is still a placeholder: {}", lang.value, quoted(translated.as_str())),
                        TEXT_HINT.to_owned(),
                    );
                }
            }
        }
    }
    let mut plain_texts: Vec<(String, Position, &crate::model::Text)> = Vec::new();
    if let Some(operator) = operator {
        let contact = &operator.contact;
        let ways = [("email", &contact.email), ("phone", &contact.phone), ("url", &contact.url)];
        for (key, value) in ways {
            plain_texts.extend(value.iter().map(|v| (format!("operator.contact.{key}"), contact.at, v)));
        }
        for number in &operator.registration_numbers {
            plain_texts.push(("the value of a registration number".to_owned(), number.scheme.at, &number.value));
        }
        let people = [("responsible_person", &operator.responsible_person), ("dpo", &operator.dpo)];
        for (key, person) in people {
            let Some(person) = person else { continue };
            for (detail, value) in [("email", &person.email), ("phone", &person.phone)] {
                plain_texts.extend(value.iter().map(|v| (format!("operator.{key}.{detail}"), person.name.at, v)));
            }
        }
        if contact.email.is_none()
            && contact.phone.is_none()
            && contact.postal_address.is_none()
            && contact.url.is_none()
        {
            report.push(
                contact.at,
                "missing-contact",
                "operator.contact gives no way to reach the operator".to_owned(),
                "add email, phone, postal_address or url: subjects use it for requests about their data, and the \
                 privacy notice and the record of processing publish it (GDPR art. 13(1)(a))"
                    .to_owned(),
            );
        }
    }
    for store in &file.stores {
        if let Some(location) = &store.location {
            plain_texts.push((format!("the location of store {:?}", store.id.as_str()), location.at, location));
        }
    }
    for recipient in &file.recipients {
        if let Some(url) = &recipient.policy_url {
            plain_texts.push((
                format!("the policy_url of recipient {:?}", recipient.id.as_str()),
                recipient.name.at,
                url,
            ));
        }
    }
    for (name, at, text) in plain_texts {
        if is_placeholder(text.as_str()) {
            report.push(
                at,
                "placeholder",
                format!("{name} is still a placeholder: {}", quoted(text.as_str())),
                TEXT_HINT.to_owned(),
            );
        }
    }

    let mut regions: Vec<(String, &Located<RegionCode>, &str)> = Vec::new();
    if let Some(operator) = operator {
        regions.push((
            "operator.country".to_owned(),
            &operator.country,
            "the country where the operator is established",
        ));
        for pin in &operator.data_residency {
            regions.push(("a region of operator.data_residency".to_owned(), pin, "the country the data must stay in"));
        }
    }
    for store in &file.stores {
        regions.push((
            format!("the region of store {:?}", store.id.as_str()),
            &store.region,
            "the country where the store's data is",
        ));
    }
    for recipient in &file.recipients {
        regions.push((
            format!("the country of recipient {:?}", recipient.id.as_str()),
            &recipient.country,
            "the country where the recipient receives the data",
        ));
    }
    for transfer in &file.transfers {
        regions.push((
            format!("the to_country of the transfer to recipient {:?}", transfer.recipient.as_str()),
            &transfer.to_country,
            "the country the data goes to",
        ));
    }
    for (name, region, what) in regions {
        if region.as_str() == UNKNOWN_REGION {
            report.push(
                region.at,
                "placeholder",
                format!("{name} is {UNKNOWN_REGION}, the placeholder for a country not yet known"),
                format!("write {what} as an ISO 3166-1 alpha-2 code (e.g. DE, RU, CN)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_todo_as_a_word_at_the_start() {
        for text in ["TODO", "TODO: the registered address", "  TODO - fill in", "TODO(dpo)"] {
            assert!(is_placeholder(text), "{text}");
        }
        for text in ["Todoist Ltd", "TODOS Mail", "todo: lower case is text", "Plans: TODO", "TODO_LIST GmbH"] {
            assert!(!is_placeholder(text), "{text}");
        }
    }

    #[test]
    fn long_placeholders_are_quoted_short() {
        assert_eq!(quoted("TODO"), "\"TODO\"");
        let long = format!("TODO: {}", "x".repeat(100));
        assert_eq!(quoted(&long).chars().count(), MAX_QUOTED_CHARS + 3);
    }
}
