//! Drift between a data map and a store: what the PII scan found that the map does not declare,
//! and what the map declares that the scan did not find (`tutela scan --datamap MAP --database URL`).
//!
//! Each kind of value the detectors find may legitimately sit in fields of certain data categories
//! ([`KIND_CATEGORIES`], the built-in ids of `tutela_datamap::taxonomy`):
//!
//! | kind | categories that may hold it |
//! |---|---|
//! | `email` | `contact.email` |
//! | `phone` | `contact.phone`, `contact.messenger` (a messenger account is often a phone number) |
//! | `ipv4`, `ipv6` | `online.ip_address` |
//! | `credit_card` | `financial.payment_card` |
//! | `iban` | `financial.bank_account` |
//! | `cn_resident_id`, `bg_egn`, `in_aadhaar` | `identity.resident_id` |
//! | `ru_inn`, `in_pan`, `ru_ogrn` (OGRNIP names an individual entrepreneur) | `identity.taxpayer_number` |
//! | `ru_snils` | `identity.social_insurance_number` |
//! | `ru_passport` | `identity.passport` |
//! | `imei` | `device.imei`, `device.serial_number` |
//! | `iccid` | `device.iccid` |
//! | `geo_coordinates` | `location.precise`, `location.approximate` |
//!
//! The first category of each row is the one the kind *checks*: a field declared with it should
//! hold values of that kind. The data map has no link from an operator's own categories to the
//! built-in ones, so an operator category never holds a found kind and is never checked.
//!
//! The report has four parts:
//! - **undeclared**: a column where kind K was found although none of its declared categories may
//!   hold K — or it is declared `personal: false`, or the column or its whole table is not in the
//!   map — with the count and one masked example.
//! - **declared_not_found**: a field declared with a category that some detector checks, where no
//!   value of any kind checking it was found in the rows scanned. National identifiers are checked
//!   only in stores whose region is the kind's country (no detector knows German tax numbers, so a
//!   German store's `identity.taxpayer_number` is not checkable); IBANs only in the EEA, Great
//!   Britain and Switzerland; precise locations only in text columns, since a number column holds
//!   one coordinate, not the pair the detector recognises.
//! - **not_checkable**: declared personal fields none of whose categories a detector checks (names,
//!   addresses, free text), fields not read because of their type, fields of empty tables, and
//!   fields the map declares that the store does not have. Listed apart: not drift.
//! - **skipped**: tables that could not be read, so are in neither list.

use serde::Serialize;
use tutela_datamap::{Field, RegionCode, Store, Table};
use tutela_pii::Kind;

use crate::rows::TableSkip;
use crate::scan::{ColumnScan, StoreScan, TableScan};

/// The data categories that may hold each kind; the first is the one the kind checks.
pub const KIND_CATEGORIES: &[(Kind, &[&str])] = &[
    (Kind::Email, &["contact.email"]),
    (Kind::Phone, &["contact.phone", "contact.messenger"]),
    (Kind::Ipv4, &["online.ip_address"]),
    (Kind::Ipv6, &["online.ip_address"]),
    (Kind::CreditCard, &["financial.payment_card"]),
    (Kind::Iban, &["financial.bank_account"]),
    (Kind::CnResidentId, &["identity.resident_id"]),
    (Kind::BgEgn, &["identity.resident_id"]),
    (Kind::InAadhaar, &["identity.resident_id"]),
    (Kind::RuInn, &["identity.taxpayer_number"]),
    (Kind::InPan, &["identity.taxpayer_number"]),
    (Kind::RuOgrn, &["identity.taxpayer_number"]),
    (Kind::RuSnils, &["identity.social_insurance_number"]),
    (Kind::RuPassport, &["identity.passport"]),
    (Kind::Imei, &["device.imei", "device.serial_number"]),
    (Kind::Iccid, &["device.iccid"]),
    (Kind::GeoCoordinates, &["location.precise", "location.approximate"]),
];

/// Countries (besides the EEA's) where bank accounts are IBANs.
const IBAN_EXTRA_COUNTRIES: [&str; 2] = ["GB", "CH"];

/// The categories that may hold `kind`.
pub fn categories_holding(kind: Kind) -> &'static [&'static str] {
    KIND_CATEGORIES.iter().find(|(k, _)| *k == kind).map_or(&[], |(_, categories)| categories)
}

/// The country whose identifiers `kind` is, for national identifiers.
fn country_of(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::CnResidentId => Some("CN"),
        Kind::RuInn | Kind::RuSnils | Kind::RuOgrn | Kind::RuPassport => Some("RU"),
        Kind::BgEgn => Some("BG"),
        Kind::InAadhaar | Kind::InPan => Some("IN"),
        _ => None,
    }
}

/// Whether a detector of `kind` can be expected to find values in a store of `region`.
fn applies_in(kind: Kind, region: &RegionCode) -> bool {
    // The store's region must be the country itself: a store in the EU is not expected to hold
    // Bulgarian civil numbers in every resident-id field.
    let within = |country: &str| country.parse::<RegionCode>().is_ok_and(|country| region.is_within(&country));
    if kind == Kind::Iban {
        let eea = "EEA".parse::<RegionCode>().is_ok_and(|eea| region.is_within(&eea));
        return eea || IBAN_EXTRA_COUNTRIES.iter().any(|country| within(country));
    }
    country_of(kind).is_none_or(within)
}

/// The kinds that check `category` in a store of `region` (empty: not checkable there).
pub fn kinds_checking(category: &str, region: &RegionCode) -> Vec<Kind> {
    KIND_CATEGORIES
        .iter()
        .filter(|(kind, categories)| categories.first() == Some(&category) && applies_in(*kind, region))
        .map(|(kind, _)| *kind)
        .collect()
}

/// The drift report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DriftReport {
    /// The data map's store id.
    pub store: String,
    /// The store scanned, fit to show.
    pub location: String,
    /// Rows scanned in all tables.
    pub rows_scanned: u64,
    /// Personal data found where the map does not declare it.
    pub undeclared: Vec<Undeclared>,
    /// Declared personal data the scan did not find.
    pub declared_not_found: Vec<DeclaredNotFound>,
    /// Declared fields the scan cannot check.
    pub not_checkable: Vec<NotCheckable>,
    /// Tables that could not be read.
    pub skipped: Vec<Skipped>,
}

impl DriftReport {
    /// Whether there is any drift (undeclared or declared-but-not-found).
    pub fn has_drift(&self) -> bool {
        !self.undeclared.is_empty() || !self.declared_not_found.is_empty()
    }
}

/// A kind found in a column that the map does not declare for it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Undeclared {
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
    /// The kind found.
    pub kind: &'static str,
    /// Values of that kind found.
    pub count: u64,
    /// Rows scanned in the table.
    pub rows_scanned: u64,
    /// One value, masked.
    pub example: String,
    /// The categories the map declares for the field (empty when it is not in the map).
    pub declared: Vec<String>,
    /// The categories that would declare it.
    pub expected: Vec<&'static str>,
    /// Why it counts: `table not in the data map`, `field not in the data map`, `declared not
    /// personal`, or `no declared category holds <kind>`.
    pub reason: String,
}

/// A declared category no value of which was found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeclaredNotFound {
    /// The table.
    pub table: String,
    /// The field.
    pub column: String,
    /// The declared category.
    pub category: String,
    /// The kinds that were looked for.
    pub kinds: Vec<&'static str>,
    /// Rows scanned in the table.
    pub rows_scanned: u64,
    /// Cells of the column that were neither NULL nor empty.
    pub non_empty: u64,
}

/// A declared field the scan cannot check, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NotCheckable {
    /// The table.
    pub table: String,
    /// The field.
    pub column: String,
    /// Its declared categories.
    pub categories: Vec<String>,
    /// Why.
    pub reason: String,
}

/// A table that could not be read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Skipped {
    /// The table.
    pub table: String,
    /// Why.
    pub reason: String,
}

impl From<&TableSkip> for Skipped {
    fn from(skip: &TableSkip) -> Self {
        Self { table: skip.table.clone(), reason: skip.reason.clone() }
    }
}

/// Compares the scan of a store with the data map's declaration of that store.
pub fn drift(store: &Store, scan: &StoreScan) -> DriftReport {
    let mut report = DriftReport {
        store: store.id.value.as_str().to_owned(),
        location: scan.location.clone(),
        rows_scanned: scan.rows_scanned(),
        skipped: scan.skipped.iter().map(Skipped::from).collect(),
        ..DriftReport::default()
    };
    for table in &scan.tables {
        let declared = store.tables.iter().find(|t| t.name.value.as_str() == table.name);
        undeclared_in(table, declared, &mut report.undeclared);
        if let Some(declared) = declared {
            declared_in(table, declared, &store.region.value, &mut report);
        }
    }
    report
}

fn field<'t>(table: &'t Table, name: &str) -> Option<&'t Field> {
    table.fields.iter().find(|field| field.name.value.as_str() == name)
}

fn categories(field: &Field) -> Vec<String> {
    field.categories.iter().map(|category| category.value.as_str().to_owned()).collect()
}

fn undeclared_in(table: &TableScan, declared: Option<&Table>, out: &mut Vec<Undeclared>) {
    for column in &table.columns {
        let field = declared.and_then(|t| field(t, &column.name));
        for (kind, found) in &column.kinds {
            let expected = categories_holding(*kind);
            let reason = match (declared, field) {
                (None, _) => "table not in the data map".to_owned(),
                (Some(_), None) => "field not in the data map".to_owned(),
                (Some(_), Some(field)) if field.is_non_personal() => "declared not personal".to_owned(),
                (Some(_), Some(field)) => {
                    if field.categories.iter().any(|c| expected.contains(&c.value.as_str())) {
                        continue;
                    }
                    format!("no declared category holds {kind}")
                }
            };
            out.push(Undeclared {
                table: table.name.clone(),
                column: column.name.clone(),
                kind: kind.name(),
                count: found.count,
                rows_scanned: table.rows_scanned,
                example: found.example.clone(),
                declared: field.map(categories).unwrap_or_default(),
                expected: expected.to_vec(),
                reason,
            });
        }
    }
}

fn declared_in(table: &TableScan, declared: &Table, region: &RegionCode, report: &mut DriftReport) {
    for field in declared.fields.iter().filter(|field| !field.is_non_personal()) {
        let name = field.name.value.as_str();
        let not_checkable = |reason: String| NotCheckable {
            table: table.name.clone(),
            column: name.to_owned(),
            categories: categories(field),
            reason,
        };
        let checks: Vec<(String, Vec<Kind>)> = field
            .categories
            .iter()
            .map(|c| (c.value.as_str().to_owned(), kinds_checking(c.value.as_str(), region)))
            .filter(|(_, kinds)| !kinds.is_empty())
            .collect();
        let Some(column) = table.column(name) else {
            let why = match table.not_read.iter().find(|c| c.name == name) {
                Some(column) => format!("not read: its type {} cannot hold text", column.data_type),
                None => "the store has no such column".to_owned(),
            };
            report.not_checkable.push(not_checkable(why));
            continue;
        };
        if checks.is_empty() {
            report.not_checkable.push(not_checkable("no detector checks its categories here".to_owned()));
            continue;
        }
        if table.rows_scanned == 0 {
            report.not_checkable.push(not_checkable("the table has no rows".to_owned()));
            continue;
        }
        for (category, kinds) in checks {
            let kinds = usable_kinds(kinds, column);
            if kinds.is_empty() {
                report.not_checkable.push(not_checkable(format!("{category}: a number column cannot hold it")));
            } else if !kinds.iter().any(|kind| column.kinds.contains_key(kind)) {
                report.declared_not_found.push(DeclaredNotFound {
                    table: table.name.clone(),
                    column: name.to_owned(),
                    category,
                    kinds: kinds.iter().map(|kind| kind.name()).collect(),
                    rows_scanned: table.rows_scanned,
                    non_empty: column.non_empty,
                });
            }
        }
    }
}

/// The kinds that can be found in `column` at all: a coordinate pair never fits a number column.
fn usable_kinds(kinds: Vec<Kind>, column: &ColumnScan) -> Vec<Kind> {
    let numeric = is_numeric_type(&column.data_type);
    kinds.into_iter().filter(|kind| !(numeric && *kind == Kind::GeoCoordinates)).collect()
}

/// Number type names, as words of a declared type (`bigint`, `double precision`, `numeric(10,2)`).
const NUMBER_TYPE_WORDS: [&str; 16] = [
    "int",
    "integer",
    "bigint",
    "smallint",
    "tinyint",
    "mediumint",
    "int2",
    "int4",
    "int8",
    "numeric",
    "decimal",
    "real",
    "double",
    "float",
    "float4",
    "float8",
];

/// Whether a declared type is a number type (SQLite or PostgreSQL).
fn is_numeric_type(data_type: &str) -> bool {
    let lower = data_type.to_ascii_lowercase();
    lower.split(|c: char| !c.is_ascii_alphanumeric()).any(|word| NUMBER_TYPE_WORDS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(text: &str) -> RegionCode {
        text.parse().expect("region")
    }

    #[test]
    fn every_category_is_built_in() {
        for (_, categories) in KIND_CATEGORIES {
            for category in *categories {
                assert!(
                    tutela_datamap::taxonomy::DATA_CATEGORIES.iter().any(|c| c.id == *category),
                    "{category} is not a built-in category"
                );
            }
        }
        for kind in Kind::ALL {
            assert!(!categories_holding(kind).is_empty(), "{kind} has no category");
        }
    }

    #[test]
    fn national_identifiers_are_checked_in_their_country_only() {
        assert_eq!(kinds_checking("identity.taxpayer_number", &region("RU")), [Kind::RuInn, Kind::RuOgrn]);
        assert_eq!(kinds_checking("identity.taxpayer_number", &region("IN")), [Kind::InPan]);
        assert!(kinds_checking("identity.taxpayer_number", &region("DE")).is_empty());
        assert_eq!(kinds_checking("identity.resident_id", &region("EU")), Vec::<Kind>::new());
        assert_eq!(kinds_checking("identity.resident_id", &region("BG")), [Kind::BgEgn]);
        assert_eq!(kinds_checking("financial.bank_account", &region("DE")), [Kind::Iban]);
        assert_eq!(kinds_checking("financial.bank_account", &region("EU")), [Kind::Iban]);
        assert!(kinds_checking("financial.bank_account", &region("RU")).is_empty());
        assert_eq!(kinds_checking("contact.email", &region("CN")), [Kind::Email]);
        assert!(kinds_checking("contact.messenger", &region("CN")).is_empty(), "only the first category checks");
        assert!(kinds_checking("identity.name", &region("RU")).is_empty());
    }

    #[test]
    fn number_types() {
        for numeric in ["INTEGER", "REAL", "double precision", "numeric(10,2)", "bigint"] {
            assert!(is_numeric_type(numeric), "{numeric}");
        }
        for text in ["TEXT", "character varying(20)", "", "jsonb", "VARCHAR(255)", "point", "interval"] {
            assert!(!is_numeric_type(text), "{text}");
        }
    }
}
