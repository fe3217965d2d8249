//! The destruction act: the signed record that a subject's data was destroyed ("акт об уничтожении
//! персональных данных"), rendered once from an erasure run and kept unchanged, its SHA-256 in the
//! journal.
//!
//! It holds what a destruction must be confirmed with (Roskomnadzor Order No. 179 of 28 October
//! 2022; seed 004 §§ 9.6, 11): the operator's name and address; the subject; who carried it out and
//! lines for the commission's signatures; the information systems (stores, with their kind and
//! region) and, per table or file, the categories of personal data and how many records were found,
//! deleted, made anonymous, kept as stubs or kept under a legal obligation; the method; the basis
//! (the request and the article); date and time. Data kept for a law is named with its purpose,
//! article and period, so the act never claims more than was destroyed. An erasure that some store
//! did not confirm says so at the top.
//!
//! The page is self-contained (inline CSS, no scripts) and printable; every word comes from the
//! Fluent messages of `tutela-i18n` (`act.ftl`), every value is escaped by askama.

use askama::Template;
use tutela_datamap::{DataMap, Lang, StoreKind};
use tutela_i18n::{Arg, Messages};

use crate::Report;

/// The facts of the act that are not in the run's report.
#[derive(Clone, Debug)]
pub struct ActFacts<'a> {
    /// The act's number (the request's reference and the run's sequence: `KUR-2026-000002/1`).
    pub number: &'a str,
    /// The request's reference.
    pub reference: &'a str,
    /// When the request was received, as people read it.
    pub received: &'a str,
    /// The article that sets the duty (the rule table's), e.g. `152-FZ art. 21(4)`.
    pub article: &'a str,
    /// The subject as identified (the identities the request gave).
    pub subject: &'a str,
    /// Who carried it out (name and e-mail of the staff member).
    pub performed_by: &'a str,
    /// When the destruction finished, as people read it.
    pub destroyed_at: &'a str,
    /// The run's id.
    pub run: &'a str,
}

#[derive(Template)]
#[template(path = "act.html")]
struct ActPage {
    lang: &'static str,
    title: String,
    labels: Labels,
    operator: String,
    address: String,
    when: String,
    basis: String,
    subject: String,
    failed: String,
    rows: Vec<ActRow>,
    method: String,
    holds: Vec<String>,
    performed_by: String,
    footer: String,
}

struct Labels {
    operator: String,
    address: String,
    when: String,
    basis: String,
    subject: String,
    destroyed: String,
    system: String,
    table: String,
    categories: String,
    found: String,
    deleted: String,
    masked: String,
    stubs: String,
    held: String,
    method: String,
    kept: String,
    signatures: String,
    performed_by: String,
}

struct ActRow {
    system: String,
    table: String,
    categories: String,
    found: u64,
    deleted: u64,
    masked: u64,
    stubs: u64,
    held: u64,
}

/// Words in one language; a message missing from the catalogue shows its id (the catalogue test
/// keeps every id present in every language).
struct Words(Messages);

impl Words {
    fn m(&self, id: &str) -> String {
        self.0.get(id).unwrap_or_else(|_| id.to_owned())
    }

    fn with(&self, id: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, Arg<'_>)> = args.iter().map(|&(name, value)| (name, Arg::Text(value))).collect();
        self.0.format(id, &args).unwrap_or_else(|_| id.to_owned())
    }
}

/// The act of an erasure run as a self-contained HTML page in `lang`.
pub fn destruction_act_html(
    map: &DataMap,
    report: &Report,
    facts: &ActFacts<'_>,
    lang: Lang,
) -> Result<String, askama::Error> {
    let words = Words(Messages::new(lang));
    let default = map.operator.default_language();
    let failed: Vec<&str> =
        report.stores.iter().filter(|store| !store.confirmed).map(|store| store.store.as_str()).collect();
    let page = ActPage {
        lang: lang.as_str(),
        title: words.with("act-title", &[("number", facts.number)]),
        labels: labels(&words),
        operator: map.operator.legal_name.resolve(lang, default).text.to_owned(),
        address: map.operator.address.resolve(lang, default).text.to_owned(),
        when: facts.destroyed_at.to_owned(),
        basis: words.with(
            "act-basis-request",
            &[("reference", facts.reference), ("received", facts.received), ("article", facts.article)],
        ),
        subject: facts.subject.to_owned(),
        failed: if failed.is_empty() {
            String::new()
        } else {
            words.with("act-failed", &[("stores", &failed.join(", "))])
        },
        rows: rows(map, report, &words, lang),
        method: words.m("act-method-text"),
        holds: holds(map, report, &words, lang),
        performed_by: facts.performed_by.to_owned(),
        footer: words.with("act-footer", &[("run", facts.run)]),
    };
    page.render()
}

fn labels(words: &Words) -> Labels {
    Labels {
        operator: words.m("act-operator"),
        address: words.m("act-address"),
        when: words.m("act-when"),
        basis: words.m("act-basis"),
        subject: words.m("act-subject"),
        destroyed: words.m("act-destroyed"),
        system: words.m("act-col-system"),
        table: words.m("act-col-table"),
        categories: words.m("act-col-categories"),
        found: words.m("act-col-found"),
        deleted: words.m("act-col-deleted"),
        masked: words.m("act-col-masked"),
        stubs: words.m("act-col-stubs"),
        held: words.m("act-col-held"),
        method: words.m("act-method"),
        kept: words.m("act-kept"),
        signatures: words.m("act-signatures"),
        performed_by: words.m("act-performed-by"),
    }
}

/// One row per table the store confirmed, with the categories of its personal fields.
fn rows(map: &DataMap, report: &Report, words: &Words, lang: Lang) -> Vec<ActRow> {
    let default = map.operator.default_language();
    let mut rows = Vec::new();
    for outcome in &report.stores {
        let Some(store) = map.stores.iter().find(|s| s.id.as_str() == outcome.store) else { continue };
        let kind = match store.kind.value {
            StoreKind::Sqlite => "act-kind-sqlite",
            StoreKind::Postgres => "act-kind-postgres",
            StoreKind::Csv => "act-kind-csv",
            StoreKind::Jsonl => "act-kind-jsonl",
        };
        let described = store.description.as_ref().map(|d| format!(" — {}", d.resolve(lang, default).text));
        let system = format!(
            "{}{} ({}, {})",
            store.id.as_str(),
            described.unwrap_or_default(),
            words.m(kind),
            store.region.as_str()
        );
        for table_outcome in &outcome.tables {
            let table = store.tables.iter().find(|t| t.name.as_str() == table_outcome.table);
            let mut categories: Vec<String> = table
                .map(|t| {
                    t.fields.iter().flat_map(|f| &f.categories).map(|c| category_label(map, c.as_str(), words, lang))
                })
                .into_iter()
                .flatten()
                .collect();
            categories.sort();
            categories.dedup();
            rows.push(ActRow {
                system: system.clone(),
                table: table_outcome.table.clone(),
                categories: categories.join("; "),
                found: table_outcome.found,
                deleted: table_outcome.deleted,
                masked: table_outcome.masked,
                stubs: table_outcome.stubs,
                held: table_outcome.held,
            });
        }
    }
    rows
}

/// What was kept under a legal obligation: the table, the purpose, its basis and period.
fn holds(map: &DataMap, report: &Report, words: &Words, lang: Lang) -> Vec<String> {
    let default = map.operator.default_language();
    let mut holds = Vec::new();
    for table in report.stores.iter().flat_map(|s| &s.tables).filter(|t| t.held > 0) {
        let Some(purpose_id) = &table.hold else { continue };
        let Some(purpose) = map.purposes.iter().find(|p| p.id.as_str() == purpose_id) else { continue };
        let basis: Vec<&str> = purpose
            .legal_basis
            .as_ref()
            .map(|b| b.articles.values().map(|text| text.resolve(lang, default).text).collect())
            .unwrap_or_default();
        let retention: Vec<String> = purpose
            .retention
            .as_ref()
            .map(|r| r.value.limits.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        holds.push(words.with(
            "act-kept-item",
            &[
                ("table", &table.table),
                ("count", &table.held.to_string()),
                ("purpose", purpose.description.resolve(lang, default).text),
                ("basis", &basis.join("; ")),
                ("retention", &retention.join(", ")),
            ],
        ));
    }
    holds
}

/// A data category's label in `lang`: Tutela's own, the operator's declared one, or its id.
fn category_label(map: &DataMap, id: &str, words: &Words, lang: Lang) -> String {
    let message = format!("data-category-{}", id.replace('.', "-"));
    if words.0.has(&message) {
        return words.m(&message);
    }
    let default = map.operator.default_language();
    match map.data_categories.iter().find(|decl| decl.id.as_str() == id) {
        Some(decl) => decl.label.resolve(lang, default).text.to_owned(),
        None => id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erase::{StoreOutcome, TableOutcome};

    const MAP: &str = r#"version: 1
operator:
  legal_name: Shop GmbH
  country: DE
  address: Musterstraße 1, Berlin
  contact: { email: privacy@shop.example }
  jurisdictions: [eu_gdpr]
  languages: [en, ru]
purposes:
  - id: orders
    description: Selling.
    legal_basis: { kind: contract, articles: { eu_gdpr: "art. 6(1)(b)" } }
    retention: until_contract_ended
    actions: [store, delete]
  - id: bookkeeping
    description: Books.
    legal_basis: { kind: legal_obligation, articles: { eu_gdpr: "art. 6(1)(c); HGB § 257" } }
    retention: 10 years after contract_ended
    actions: [store]
stores:
  - id: shop
    kind: sqlite
    location: shop.sqlite3
    region: DE
    tables:
      - name: customers
        identifies_subject_by: [email]
        fields:
          - { name: id, categories: [account.identifier] }
          - { name: email, categories: [contact.email], masking: hash }
      - name: payments
        hold: bookkeeping
        fields:
          - { name: id, categories: [financial.transactions] }
          - { name: customer_id, categories: [account.identifier] }
        references:
          - { field: customer_id, to: customers.id }
processing_activities:
  - id: customers
    subject_categories: [customer]
    data_categories: [account.identifier, contact.email, financial.transactions]
    purposes: [orders, bookkeeping]
"#;

    fn table(name: &str, masked: u64, held: u64, hold: Option<&str>) -> TableOutcome {
        TableOutcome {
            table: name.to_owned(),
            found: masked + held,
            deleted: 0,
            masked,
            stubs: 0,
            held,
            hold: hold.map(str::to_owned),
            blocked: 0,
        }
    }

    fn report(confirmed: bool) -> Report {
        Report {
            request: "erasure",
            dry_run: false,
            identities: Vec::new(),
            found: true,
            plan: Vec::new(),
            stores: vec![StoreOutcome {
                store: "shop".to_owned(),
                confirmed,
                error: (!confirmed).then(|| "disk full".to_owned()),
                tables: vec![table("customers", 1, 0, None), table("payments", 0, 2, Some("bookkeeping"))],
            }],
            package: Vec::new(),
            unmarked: Vec::new(),
            complete: confirmed,
        }
    }

    fn facts() -> ActFacts<'static> {
        ActFacts {
            number: "SHO-2026-000001/1",
            reference: "SHO-2026-000001",
            received: "2026-12-01 09:00 UTC",
            article: "GDPR art. 17(1)",
            subject: "email: <b>anna@example.com</b>",
            performed_by: "Anna Admin <admin@shop.example>",
            destroyed_at: "2026-12-05 10:00:00 UTC",
            run: "run-1",
        }
    }

    fn map() -> DataMap {
        tutela_datamap::load_sources(vec![("map.yaml".into(), MAP.to_owned())]).expect("the map loads")
    }

    #[test]
    fn the_act_names_what_was_destroyed_what_was_kept_and_why() {
        let html = destruction_act_html(&map(), &report(true), &facts(), Lang::En).expect("renders");
        assert!(html.contains("<h1>Act No. SHO-2026-000001/1 on the destruction of personal data</h1>"), "{html}");
        assert!(html.contains("Shop GmbH") && html.contains("Musterstraße 1, Berlin"));
        assert!(html.contains("Erasure request SHO-2026-000001 received 2026-12-01 09:00 UTC (GDPR art. 17(1))"));
        assert!(html.contains("<td>customers</td>") && html.contains("E-mail address"), "categories by name: {html}");
        assert!(
            html.contains("payments: 2 records kept for &#34;Books.&#34; (art. 6(1)(c); HGB § 257), 10 years after"),
            "{html}"
        );
        assert!(!html.contains("Not every information system"), "a complete erasure has no warning");
        assert!(
            html.contains("&#60;b&#62;anna@example.com&#60;/b&#62;") && !html.contains("<b>"),
            "values are escaped: {html}"
        );
    }

    #[test]
    fn an_unconfirmed_erasure_says_so_and_the_act_speaks_the_operators_language() {
        let html = destruction_act_html(&map(), &report(false), &facts(), Lang::Ru).expect("renders");
        assert!(html.contains("<html lang=\"ru\">") && html.contains("Акт № SHO-2026-000001/1"), "{html}");
        assert!(html.contains("Не все информационные системы подтвердили уничтожение (shop)"), "{html}");
    }
}
