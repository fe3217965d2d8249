//! Every validation rule, each shown with the exact diagnostic it prints.
//!
//! Each test writes a small data map after a common operator header (lines 1-8) and compares the
//! full `file:line:column: message — hint` text.

use std::path::PathBuf;

/// Lines 1-8 of every data map here: an operator under 152-FZ and GDPR that pins data to Russia.
const HEADER: &str = "\
version: 1
operator:
  legal_name: Test Operator LLC
  country: RU
  address: Moscow
  contact: { email: dpo@test.example }
  jurisdictions: [ru_152fz, eu_gdpr]
  data_residency: [RU]
";

/// A valid purpose, for maps that need one: test bodies write `NEWSLETTER` on a line of its own
/// where it goes.
const NEWSLETTER: &str = r#"  - id: newsletter
    description: News by e-mail
    legal_basis:
      kind: consent
      articles: { ru_152fz: "art. 6(1)(1)", eu_gdpr: "art. 6(1)(a)" }
    retention: [until_consent_withdrawn, until_purpose_reached]
    actions: [collect, store, use, transfer]
"#;

/// A processing activity for the newsletter that uses `categories` in `store`: appended after a
/// test's stores, it gives their fields a purpose without moving the lines above.
fn activity(store: &str, categories: &[&str]) -> String {
    format!(
        "processing_activities:\n  - {{ id: subscribers, subject_categories: [customer], data_categories: [{}], \
         purposes: [newsletter], stores: [{store}] }}\n",
        categories.join(", ")
    )
}

/// The problems in `text` read as `datamap.yaml`, one line each.
fn problems_in(text: &str) -> Vec<String> {
    match tutela_datamap::load_sources(vec![(PathBuf::from("datamap.yaml"), text.to_owned())]) {
        Ok(_) => Vec::new(),
        Err(error) => error.diagnostics.iter().map(ToString::to_string).collect(),
    }
}

/// The problems in the header followed by `body`.
fn problems(body: &str) -> Vec<String> {
    problems_in(&format!("{HEADER}{body}"))
}

#[test]
fn the_header_and_newsletter_are_valid() {
    assert_eq!(problems(&format!("purposes:\n{NEWSLETTER}")), Vec::<String>::new());
}

#[test]
fn missing_legal_basis() {
    let body = r#"purposes:
  - id: newsletter
    description: News by e-mail
    retention: until_consent_withdrawn
    actions: [collect, store, use]
"#;
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:10:9: purpose \"newsletter\" has no legal basis — add legal_basis with its kind (consent, contract, legal_obligation, vital_interest, public_task or legitimate_interest) and its article under each jurisdiction, e.g. legal_basis: { kind: consent, articles: { ru_152fz: \"art. 6(1)(1)\", eu_gdpr: \"art. 6(1)(a)\" } }",
        ]
    );
}

#[test]
fn missing_retention() {
    let body = r#"purposes:
  - id: newsletter
    description: News by e-mail
    legal_basis:
      kind: consent
      articles: { ru_152fz: "art. 6(1)(1)", eu_gdpr: "art. 6(1)(a)" }
    actions: [collect, store, use]
"#;
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:10:9: purpose \"newsletter\" has no retention — add retention: a period (\"3 years\"), an event (until_purpose_reached, until_consent_withdrawn, until_account_closed, until_contract_ended), or a list of them of which the first reached ends storage, e.g. retention: [until_consent_withdrawn, until_purpose_reached]",
        ]
    );
}

#[test]
fn missing_article() {
    let body = r#"purposes:
  - id: tax
    description: Tax records
    legal_basis:
      kind: legal_obligation
      articles: { ru_152fz: "art. 6(1)(2)" }
    retention: 5 years
    actions: [collect, store]
"#;
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:13:7: purpose \"tax\" names no article of eu_gdpr for its legal basis legal_obligation — add eu_gdpr: \"art. 6(1)(c)\" (or the article that applies) under legal_basis.articles",
        ]
    );
}

#[test]
fn missing_actions() {
    let body = r#"purposes:
  - id: newsletter
    description: News by e-mail
    legal_basis:
      kind: consent
      articles: { ru_152fz: "art. 6(1)(1)", eu_gdpr: "art. 6(1)(a)" }
    retention: until_consent_withdrawn
"#;
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:10:9: purpose \"newsletter\" lists no processing actions — add actions: the ones performed among collect, record, systematise, accumulate, store, update, extract, use, transfer, depersonalise, block, delete, destroy",
        ]
    );
}

#[test]
fn given_by_without_consent() {
    let body = r#"purposes:
  - id: courses
    description: Courses
    legal_basis:
      kind: contract
      given_by: parent_or_guardian
      articles: { ru_152fz: "art. 6(1)(5)", eu_gdpr: "art. 6(1)(b)" }
    retention: until_purpose_reached
    actions: [collect, store, use]
"#;
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:14:17: purpose \"courses\" says who gives consent, but its legal basis is contract, not consent — remove given_by, or change the kind to consent",
        ]
    );
}

#[test]
fn unknown_category_and_field_without_category() {
    let body = r#"stores:
  - id: db
    kind: sqlite
    location: db.sqlite3
    region: RU
    tables:
      - name: customers
        identifies_subject_by: [email]
        fields:
          - { name: email, categories: [contact.emial], masking: set_null }
          - { name: nickname, categories: [fun.nicknames], masking: set_null }
          - { name: created_at }
          - { name: price, personal: false, categories: [financial.transactions] }
"#;
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:18:41: unknown data category \"contact.emial\" in field \"customers.email\" — did you mean \"contact.email\"? Otherwise declare it under data_categories: with an id, a label and whether it is special",
            "datamap.yaml:19:44: unknown data category \"fun.nicknames\" in field \"customers.nickname\" — declare it under data_categories: with an id, a label and whether it is special",
            "datamap.yaml:20:21: field \"customers.created_at\" has no data category — add categories: [...] with what it holds (e.g. contact.email), or personal: false if it holds no personal data",
            "datamap.yaml:21:58: field \"customers.price\" is marked personal: false but names data categories — remove personal: false, or remove the categories",
        ]
    );
}

#[test]
fn unknown_refs_in_activity() {
    let body = r#"purposes:
NEWSLETTER
processing_activities:
  - id: subscribers
    subject_categories: [custmer]
    data_categories: [contact.email]
    purposes: [newsleter]
    stores: [crm]
    recipients: [mailer]
"#;
    let body = body.replace("NEWSLETTER\n", NEWSLETTER);
    assert_eq!(
        problems(&body),
        [
            "datamap.yaml:19:26: unknown subject category \"custmer\" in processing activity \"subscribers\" — did you mean \"customer\"? Otherwise declare it under subject_categories: with an id, a label and whether they are minors",
            "datamap.yaml:21:16: unknown purpose \"newsleter\" in processing activity \"subscribers\" — did you mean \"newsletter\"? Otherwise declare it under purposes: with its legal basis, retention and actions",
            "datamap.yaml:22:14: unknown store \"crm\" in processing activity \"subscribers\" — declare it under stores:",
            "datamap.yaml:23:18: unknown recipient \"mailer\" in processing activity \"subscribers\" — declare it under recipients:",
        ]
    );
}

#[test]
fn special() {
    let body = r#"purposes:
NEWSLETTER
stores:
  - id: clinic
    kind: sqlite
    location: clinic.sqlite3
    region: RU
    tables:
      - name: patients
        identifies_subject_by: [email]
        fields:
          - { name: email, categories: [contact.email], masking: set_null }
          - { name: diagnosis, categories: [special.health], masking: set_null }
          - { name: face_template, categories: [special.biometric], masking: set_null }
processing_activities:
  - id: patients
    subject_categories: [customer]
    data_categories: [contact.email, special.health]
    purposes: [newsletter]
    stores: [clinic]
"#;
    let body = body.replace("NEWSLETTER\n", NEWSLETTER);
    assert_eq!(
        problems(&body),
        [
            "datamap.yaml:28:49: field \"patients.face_template\" holds biometric category \"special.biometric\", but no processing activity declares it — list special.biometric in the data_categories of the processing activity that uses store \"clinic\", and declare the condition on its purposes' special_categories",
            "datamap.yaml:32:38: processing activity \"patients\" uses special category \"special.health\" for purpose \"newsletter\", which declares no condition for it — add to purpose \"newsletter\": special_categories: { condition: explicit_consent, article: \"GDPR art. 9(2)(a); 152-FZ art. 10(2)(1)\", categories: [special.health] } with the condition that applies",
        ]
    );
}

#[test]
fn minors() {
    let body = r#"subject_categories:
  - { id: pupil, label: Pupil under 14, minor: true }
purposes:
NEWSLETTER
processing_activities:
  - id: pupils
    subject_categories: [customer, pupil]
    data_categories: [contact.email]
    purposes: [newsletter]
"#;
    let body = body.replace("NEWSLETTER\n", NEWSLETTER);
    assert_eq!(
        problems(&body),
        [
            "datamap.yaml:21:36: processing activity \"pupils\" covers minors (\"pupil\") but none of its purposes rests on a parent's or guardian's consent — add to its purposes one whose legal_basis is { kind: consent, given_by: parent_or_guardian, articles: {...} }",
        ]
    );
}

#[test]
fn residency() {
    let body = r#"purposes:
NEWSLETTER
stores:
  - id: analytics
    kind: postgres
    connection_env: ANALYTICS_URL
    region: DE
    tables: []
recipients:
  - id: mailer
    name: Mailer Inc.
    kind: processor
    country: US
    data_categories: [contact.email]
    purposes: [newsletter]
transfers:
  - { recipient: mailer, to_country: US, mechanism: standard_contractual_clauses }
"#;
    let body = body.replace("NEWSLETTER\n", NEWSLETTER);
    assert_eq!(
        problems(&body),
        [
            "datamap.yaml:21:13: store \"analytics\" is in DE, outside the regions the operator pins data to (RU) — keep the store in RU, or change operator.data_residency if that promise has changed",
            "datamap.yaml:27:14: recipient \"mailer\" receives data in US, outside the regions the operator pins data to (RU) — choose a recipient that keeps the data in RU, or change operator.data_residency if that promise has changed",
            "datamap.yaml:31:38: transfer to \"mailer\" goes to US, outside the regions the operator pins data to (RU) — remove the transfer, or change operator.data_residency if that promise has changed",
        ]
    );
}

#[test]
fn references() {
    let body = r#"stores:
  - id: shop
    kind: sqlite
    location: shop.sqlite3
    region: RU
    tables:
      - name: customers
        identifies_subject_by: [mail]
        fields:
          - { name: id, categories: [account.identifier] }
          - { name: email, categories: [contact.email], masking: set_null }
      - name: orders
        fields:
          - { name: id, categories: [commerce.orders] }
          - { name: customer_id, categories: [account.identifier] }
        references:
          - { field: customer, to: customers.id }
          - { field: customer_id, to: customer.id }
          - { field: customer_id, to: customers.uid }
          - { field: customer_id, to: "crm:customers.id" }
"#;
    let used = activity("shop", &["account.identifier", "contact.email", "commerce.orders"]);
    let body = format!("{body}purposes:\n{NEWSLETTER}{used}");
    assert_eq!(
        problems(&body),
        [
            "datamap.yaml:16:33: table \"customers\" identifies the subject by \"mail\", which is not one of its fields — did you mean \"email\"? Otherwise name one of the table's fields",
            "datamap.yaml:25:22: reference from \"orders.customer\": table \"orders\" has no field \"customer\" — name one of the table's fields",
            "datamap.yaml:26:39: reference from \"orders.customer_id\" points at table \"customer\", which store \"shop\" does not have — did you mean \"customers\"? Otherwise declare the table in that store, or fix the name",
            "datamap.yaml:27:39: reference from \"orders.customer_id\" points at field \"uid\", which table \"customers\" does not have — did you mean \"id\"? Otherwise declare the field in that table, or fix the name",
            "datamap.yaml:28:39: reference from \"orders.customer_id\" points at store \"crm\", which is not declared — declare it under stores:",
        ]
    );
}

#[test]
fn cycle_and_unlinked() {
    let body = r#"stores:
  - id: shop
    kind: sqlite
    location: shop.sqlite3
    region: RU
    tables:
      - name: customers
        identifies_subject_by: [email]
        fields:
          - { name: id, categories: [account.identifier] }
          - { name: email, categories: [contact.email], masking: set_null }
      - name: parcels
        fields:
          - { name: id, categories: [commerce.orders] }
          - { name: label_id, categories: [location.delivery_address] }
        references:
          - { field: label_id, to: labels.id }
      - name: labels
        fields:
          - { name: id, categories: [location.delivery_address] }
          - { name: parcel_id, categories: [commerce.orders] }
        references:
          - { field: parcel_id, to: parcels.id }
      - name: call_log
        fields:
          - { name: phone, categories: [contact.phone], masking: set_null }
      - name: referrals
        identifies_subject_by: [email]
        fields:
          - { name: email, categories: [contact.email], masking: set_null }
          - { name: referred_by, categories: [contact.email] }
        references:
          - { field: referred_by, to: referrals.email }
"#;
    let categories =
        ["account.identifier", "contact.email", "contact.phone", "commerce.orders", "location.delivery_address"];
    let body = format!("{body}purposes:\n{NEWSLETTER}{}", activity("shop", &categories));
    assert_eq!(
        problems(&body),
        [
            "datamap.yaml:20:15: tables \"parcels\" -> \"labels\" -> \"parcels\" reference one another in a cycle that reaches no table identifying the subject — add identifies_subject_by to one of them, or a reference from one of them to a table that identifies the subject",
            "datamap.yaml:32:15: table \"call_log\" in store \"shop\" holds personal data but no subject can be found in it: it has no identifies_subject_by and references no table that has — add identifies_subject_by: [the field holding the e-mail, phone or customer id], or a reference to a table that identifies the subject",
        ]
    );
}

#[test]
fn duplicates() {
    let body = r#"data_categories:
  - { id: contact.email, label: E-mail }
  - { id: education.grades, label: Grades }
  - { id: education.grades, label: Marks }
purposes:
NEWSLETTER
NEWSLETTER
stores:
  - id: db
    kind: sqlite
    location: db.sqlite3
    region: RU
    tables:
      - name: t
        identifies_subject_by: [email]
        fields:
          - { name: email, categories: [contact.email], masking: set_null }
          - { name: email, categories: [contact.email], masking: set_null }
      - name: t
        fields: []
"#;
    let body = body.replace("NEWSLETTER\n", NEWSLETTER) + &activity("db", &["contact.email"]);
    assert_eq!(
        problems(&body),
        [
            "datamap.yaml:10:11: data category \"contact.email\" is built in and cannot be declared again — use the built-in category, or give yours another id such as \"contact.email_own\"",
            "datamap.yaml:12:11: data category \"education.grades\" is declared twice: first at datamap.yaml:11:11 — rename one of them, or merge them into one",
            "datamap.yaml:21:9: purpose \"newsletter\" is declared twice: first at datamap.yaml:14:9 — rename one of them, or merge them into one",
            "datamap.yaml:38:21: in table \"t\", field \"email\" is declared twice: first at datamap.yaml:37:21 — rename one of them, or merge them into one",
            "datamap.yaml:39:15: in store \"db\", table \"t\" is declared twice: first at datamap.yaml:34:15 — rename one of them, or merge them into one",
        ]
    );
}

#[test]
fn store_connection() {
    let body = r#"stores:
  - id: crm
    kind: postgres
    region: RU
    tables: []
  - id: exports
    kind: csv
    region: RU
    tables: []
"#;
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:10:9: store \"crm\" (postgres) has no connection_env — add connection_env: CRM_DATABASE_URL, the environment variable that holds its URL (a password never goes in the data map)",
            "datamap.yaml:14:9: store \"exports\" (csv) has no location — add location: the folder of its files, relative to this data map file",
        ]
    );
}

#[test]
fn missing_transfer_action() {
    let body = r#"purposes:
  - id: courses
    description: Courses
    legal_basis:
      kind: contract
      articles: { ru_152fz: "art. 6(1)(5)", eu_gdpr: "art. 6(1)(b)" }
    retention: until_purpose_reached
    actions: [collect, store, use]
recipients:
  - id: bank
    name: Bank
    kind: third_party
    country: RU
    data_categories: [financial.transactions]
    purposes: [courses]
"#;
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:23:16: recipient \"bank\" receives data for purpose \"courses\", which does not list the transfer action — add transfer to the actions of purpose \"courses\"",
        ]
    );
}

#[test]
fn missing_transfer() {
    // An operator in Germany may send data anywhere in the EEA; the US needs a mechanism.
    let text = r#"operator:
  legal_name: Beispiel GmbH
  country: DE
  address: Berlin
  contact: { email: dpo@beispiel.example }
  jurisdictions: [eu_gdpr]
purposes:
  - id: support
    description: Customer support
    legal_basis: { kind: contract, articles: { eu_gdpr: "art. 6(1)(b)" } }
    retention: until_purpose_reached
    actions: [collect, store, use, transfer]
recipients:
  - id: helpdesk
    name: Helpdesk Inc.
    kind: processor
    country: US
    data_categories: [contact.email]
    purposes: [support]
  - id: hosting
    name: Hosting SAS
    kind: processor
    country: FR
    data_categories: [contact.email]
    purposes: [support]
"#;
    assert_eq!(
        problems_in(text),
        [
            "datamap.yaml:17:14: recipient \"helpdesk\" is in US, outside EEA, and no transfer declares its legal mechanism — add to transfers: { recipient: helpdesk, to_country: US, mechanism: standard_contractual_clauses, article: \"...\" } with the mechanism that applies",
        ]
    );
    let with_transfer = format!(
        "{text}transfers:\n  - {{ recipient: helpdesk, to_country: US, mechanism: standard_contractual_clauses, article: \"GDPR art. 46(2)(c)\" }}\n"
    );
    assert_eq!(problems_in(&with_transfer), Vec::<String>::new());
}

#[test]
fn every_problem_is_reported_in_line_order() {
    let body = r#"purposes:
  - id: newsletter
    description: News by e-mail
processing_activities:
  - id: subscribers
    subject_categories: [site_user]
    data_categories: [contact.mail]
    purposes: [newsletter, promo]
"#;
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:10:9: purpose \"newsletter\" has no legal basis — add legal_basis with its kind (consent, contract, legal_obligation, vital_interest, public_task or legitimate_interest) and its article under each jurisdiction, e.g. legal_basis: { kind: consent, articles: { ru_152fz: \"art. 6(1)(1)\", eu_gdpr: \"art. 6(1)(a)\" } }",
            "datamap.yaml:10:9: purpose \"newsletter\" has no retention — add retention: a period (\"3 years\"), an event (until_purpose_reached, until_consent_withdrawn, until_account_closed, until_contract_ended), or a list of them of which the first reached ends storage, e.g. retention: until_purpose_reached",
            "datamap.yaml:10:9: purpose \"newsletter\" lists no processing actions — add actions: the ones performed among collect, record, systematise, accumulate, store, update, extract, use, transfer, depersonalise, block, delete, destroy",
            "datamap.yaml:15:23: unknown data category \"contact.mail\" in processing activity \"subscribers\" — did you mean \"contact.email\"? Otherwise declare it under data_categories: with an id, a label and whether it is special",
            "datamap.yaml:16:28: unknown purpose \"promo\" in processing activity \"subscribers\" — declare it under purposes: with its legal basis, retention and actions",
        ]
    );
}

#[test]
fn declared_special_categories_and_parental_consent_pass() {
    let body = r#"subject_categories:
  - { id: pupil, label: Pupil under 14, minor: true }
data_categories:
  - { id: health.allergies, label: Allergies, special: true }
purposes:
  - id: school_meals
    description: Meals that respect each pupil's allergies
    legal_basis:
      kind: consent
      given_by: parent_or_guardian
      articles: { ru_152fz: "art. 6(1)(1), art. 9", eu_gdpr: "art. 6(1)(a), art. 8" }
    retention: [until_consent_withdrawn, 1 year]
    actions: [collect, store, use, destroy]
    special_categories:
      condition: explicit_consent
      article: "GDPR art. 9(2)(a); 152-FZ art. 10(2)(1)"
      categories: [health.allergies, special.health]
stores:
  - id: school
    kind: jsonl
    location: data/
    region: RU
    tables:
      - name: pupils
        identifies_subject_by: [parent_email]
        fields:
          - { name: parent_email, categories: [contact.email], masking: hash }
          - { name: allergies, categories: [health.allergies], masking: delete_row }
          - { name: notes, categories: [special.health], masking: { fixed: "erased" } }
processing_activities:
  - id: meals
    subject_categories: [pupil]
    data_categories: [contact.email, health.allergies, special.health]
    purposes: [school_meals]
    stores: [school]
"#;
    assert_eq!(problems(body), Vec::<String>::new());
}

/// An operator that publishes in Russian (the default) and English, as line 1-9 of the map.
const BILINGUAL_HEADER: &str = "\
version: 1
operator:
  legal_name: { ru: ООО «Тест», en: Test LLC }
  languages: [ru, en]
  country: RU
  address: Москва
  contact: { email: dpo@test.example }
  jurisdictions: [ru_152fz]
  data_residency: [RU]
";

#[test]
fn translated_texts_in_every_language_pass() {
    let body = r#"purposes:
  - id: newsletter
    description:
      ru: Новости по электронной почте
      en: News by e-mail
    legal_basis: { kind: consent, articles: { ru_152fz: { ru: "п. 1 ч. 1 ст. 6", en: "art. 6(1)(1)" } } }
    retention: until_consent_withdrawn
    actions: [collect, store, use]
"#;
    assert_eq!(problems_in(&format!("{BILINGUAL_HEADER}{body}")), Vec::<String>::new());
}

#[test]
fn a_translation_missing_a_published_language() {
    let body = r#"purposes:
  - id: newsletter
    description: { ru: Новости по электронной почте }
    legal_basis: { kind: consent, articles: { ru_152fz: "п. 1 ч. 1 ст. 6" } }
    retention: until_consent_withdrawn
    actions: [collect, store, use]
"#;
    assert_eq!(
        problems_in(&format!("{BILINGUAL_HEADER}{body}")),
        [
            "datamap.yaml:12:18: the description of purpose \"newsletter\" has no en text, though en is one of operator.languages — add en: \"...\" to it, or write it as one plain string to show the default language's text in every language",
        ]
    );
}

#[test]
fn a_text_in_a_language_the_operator_does_not_publish_in() {
    let body = r#"purposes:
  - id: newsletter
    description: { ru: Новости, en: News, bg: Новини }
    legal_basis: { kind: consent, articles: { ru_152fz: "п. 1 ч. 1 ст. 6" } }
    retention: until_consent_withdrawn
    actions: [collect, store, use]
"#;
    assert_eq!(
        problems_in(&format!("{BILINGUAL_HEADER}{body}")),
        [
            "datamap.yaml:12:43: the description of purpose \"newsletter\" is given in bg, which operator.languages does not list — add bg to operator.languages, or remove the bg text",
        ]
    );
    // Without operator.languages the operator publishes in English only.
    let body = "purposes:\n  - id: newsletter\n    description: { en: News, ru: Новости }\n    legal_basis: { kind: consent, articles: { ru_152fz: \"art. 6(1)(1)\", eu_gdpr: \"art. 6(1)(a)\" } }\n    retention: until_consent_withdrawn\n    actions: [collect, store, use]\n";
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:11:30: the description of purpose \"newsletter\" is given in ru, which operator.languages does not list — add ru to operator.languages (without it the operator publishes in en only), or remove the ru text",
        ]
    );
}

#[test]
fn an_unknown_language_tag_is_located() {
    let body = "purposes:\n  - id: newsletter\n    description: { ru: Новости, en: News, fr: Nouvelles }\n";
    assert_eq!(
        problems_in(&format!("{BILINGUAL_HEADER}{body}")),
        ["datamap.yaml:12:43: unknown language \"fr\": expected one of en, zh-CN, ru, bg, hi"]
    );
    let header = BILINGUAL_HEADER.replace("languages: [ru, en]", "languages: [ru, english]");
    assert_eq!(
        problems_in(&header),
        ["datamap.yaml:4:19: unknown language \"english\": expected one of en, zh-CN, ru, bg, hi"]
    );
}

#[test]
fn operator_languages_empty_or_repeated() {
    let header = BILINGUAL_HEADER
        .replace("languages: [ru, en]", "languages: []")
        .replace("{ ru: ООО «Тест», en: Test LLC }", "Test LLC");
    assert_eq!(
        problems_in(&header),
        [
            "datamap.yaml:4:14: operator.languages is empty — list the languages the operator publishes in, the default first, e.g. languages: [ru, en]",
        ]
    );
    let header = BILINGUAL_HEADER.replace("languages: [ru, en]", "languages: [ru, en, ru]");
    assert_eq!(
        problems_in(&header),
        ["datamap.yaml:4:23: operator.languages lists ru twice — list each language once"]
    );
}

/// Personal data no purpose uses: a category no activity lists for the field's store (the address's
/// location, the archive's e-mail), or lists only in an activity without a purpose (the phone). An
/// activity naming no stores covers every store (the name); an unlisted special category is
/// reported once, as undeclared; a non-personal field needs nothing.
#[test]
fn fields_without_purpose() {
    let body = r#"purposes:
NEWSLETTER
stores:
  - id: shop
    kind: sqlite
    location: shop.sqlite3
    region: RU
    tables:
      - name: customers
        identifies_subject_by: [email]
        fields:
          - { name: email, categories: [contact.email], masking: set_null }
          - { name: address, categories: [contact.postal_address, location.approximate, identity.name], masking: set_null }
          - { name: phone, categories: [contact.phone], masking: set_null }
          - { name: diagnosis, categories: [special.health], masking: set_null }
          - { name: created_at, personal: false }
  - id: archive
    kind: sqlite
    location: archive.sqlite3
    region: RU
    tables:
      - name: old_customers
        identifies_subject_by: [email]
        fields:
          - { name: email, categories: [contact.email], masking: set_null }
processing_activities:
  - id: subscribers
    subject_categories: [customer]
    data_categories: [contact.email, contact.postal_address]
    purposes: [newsletter]
    stores: [shop]
  - id: drafts
    subject_categories: [customer]
    data_categories: [contact.phone]
    purposes: []
  - id: everywhere
    subject_categories: [customer]
    data_categories: [identity.name]
    purposes: [newsletter]
"#;
    let body = body.replace("NEWSLETTER\n", NEWSLETTER);
    assert_eq!(
        problems(&body),
        [
            "datamap.yaml:27:21: field \"customers.address\" of store \"shop\" holds location.approximate, which no purpose uses: no processing activity with a purpose lists it for this store — add location.approximate to the data_categories of processing activity \"subscribers\", which uses store \"shop\"; or declare another purpose and a processing activity that use the field; or remove the field if the data is not needed: personal data kept for no purpose breaks purpose limitation (GDPR art. 5(1)(b), 152-FZ art. 5(2))",
            "datamap.yaml:28:21: field \"customers.phone\" of store \"shop\" holds contact.phone, which no purpose uses: no processing activity with a purpose lists it for this store — add contact.phone to the data_categories of processing activity \"subscribers\", which uses store \"shop\"; or declare another purpose and a processing activity that use the field; or remove the field if the data is not needed: personal data kept for no purpose breaks purpose limitation (GDPR art. 5(1)(b), 152-FZ art. 5(2))",
            "datamap.yaml:29:45: field \"customers.diagnosis\" holds special category \"special.health\", but no processing activity declares it — list special.health in the data_categories of the processing activity that uses store \"shop\", and declare the condition on its purposes' special_categories",
            "datamap.yaml:39:21: field \"old_customers.email\" of store \"archive\" holds contact.email, which no purpose uses: no processing activity with a purpose lists it for this store — declare a purpose and a processing activity that uses the field (processing_activities: - { id: ..., subject_categories: [...], data_categories: [contact.email], purposes: [...], stores: [archive] }), or remove the field if the data is not needed: personal data kept for no purpose breaks purpose limitation (GDPR art. 5(1)(b), 152-FZ art. 5(2))",
            "datamap.yaml:46:9: processing activity \"drafts\" names no purpose — list the purposes it serves under purposes: [...]: personal data kept for no purpose breaks purpose limitation (GDPR art. 5(1)(b), 152-FZ art. 5(2))",
        ]
    );
}

/// A processing activity says for what and whose data.
#[test]
fn activities_name_purposes_and_subjects() {
    let body = r#"processing_activities:
  - id: nothing
    subject_categories: []
    data_categories: [contact.email]
    purposes: []
"#;
    assert_eq!(
        problems(body),
        [
            "datamap.yaml:10:9: processing activity \"nothing\" names no purpose — list the purposes it serves under purposes: [...]: personal data kept for no purpose breaks purpose limitation (GDPR art. 5(1)(b), 152-FZ art. 5(2))",
            "datamap.yaml:10:9: processing activity \"nothing\" names no subject categories — list whose data it processes under subject_categories: [customer, site_user ...]: the record of processing activities names them (GDPR art. 30(1)(c))",
        ]
    );
}

/// What an import leaves to fill in, as `tutela datamap import-fides` writes it: TODO texts (in any
/// language of a translation), the region ZZ (a recipient there needs no transfer yet), an empty
/// contact. Words that only begin like TODO (Todoist, TODOS) are text.
#[test]
fn placeholders_and_an_operator_nobody_can_reach() {
    let text = r#"version: 1
operator:
  legal_name: "TODO: the operator's legal name"
  trading_name: { en: Todoist, ru: "TODO" }
  country: RU
  address: "TODO: the registered address"  # TODO
  contact: {}  # TODO: an e-mail address or page
  jurisdictions: [ru_152fz]
  languages: [en, ru]
purposes:
  - id: mailing
    description: "TODO"
    legal_basis: { kind: consent, articles: { ru_152fz: "art. 6(1)(1)" } }
    retention: until_consent_withdrawn
    actions: [collect, store, use, transfer]
stores:
  - id: shop
    kind: sqlite
    location: shop.sqlite3
    region: ZZ  # TODO: the country where the data is
    tables:
      - name: people
        identifies_subject_by: [email]
        fields:
          - { name: email, categories: [contact.email], masking: set_null }
recipients:
  - id: mailer
    name: TODOS Mail
    kind: processor
    country: ZZ  # TODO: where the recipient receives the data
    data_categories: [contact.email]
    purposes: [mailing]
processing_activities:
  - id: subscribers
    subject_categories: [customer]
    data_categories: [contact.email]
    purposes: [mailing]
    stores: [shop]
    recipients: [mailer]
"#;
    assert_eq!(
        problems_in(text),
        [
            "datamap.yaml:3:15: operator.legal_name is still a placeholder: \"TODO: the operator's legal name\" — write the real text in its place: a valid data map is published as it is written, so no TODO may remain (tutela datamap import-fides and introspect write TODO where their source does not say)",
            "datamap.yaml:4:32: operator.trading_name (ru) is still a placeholder: \"TODO\" — write the real text in its place: a valid data map is published as it is written, so no TODO may remain (tutela datamap import-fides and introspect write TODO where their source does not say)",
            "datamap.yaml:6:12: operator.address is still a placeholder: \"TODO: the registered address\" — write the real text in its place: a valid data map is published as it is written, so no TODO may remain (tutela datamap import-fides and introspect write TODO where their source does not say)",
            "datamap.yaml:7:12: operator.contact gives no way to reach the operator — add email, phone, postal_address or url: subjects use it for requests about their data, and the privacy notice and the record of processing publish it (GDPR art. 13(1)(a))",
            "datamap.yaml:12:18: the description of purpose \"mailing\" is still a placeholder: \"TODO\" — write the real text in its place: a valid data map is published as it is written, so no TODO may remain (tutela datamap import-fides and introspect write TODO where their source does not say)",
            "datamap.yaml:20:13: the region of store \"shop\" is ZZ, the placeholder for a country not yet known — write the country where the store's data is as an ISO 3166-1 alpha-2 code (e.g. DE, RU, CN)",
            "datamap.yaml:30:14: the country of recipient \"mailer\" is ZZ, the placeholder for a country not yet known — write the country where the recipient receives the data as an ISO 3166-1 alpha-2 code (e.g. DE, RU, CN)",
        ]
    );
}

#[test]
fn erasure_that_cannot_be_complete_or_consistent() {
    let body = r#"stores:
  - id: shop
    kind: sqlite
    location: shop.sqlite3
    region: RU
    tables:
      - name: customers
        identifies_subject_by: [email]
        primary_key: [uid]
        fields:
          - { name: id, categories: [account.identifier] }
          - { name: email, categories: [contact.email], masking: hash }
          - { name: phone, categories: [contact.phone], match: phone }
      - name: orders
        hold: newsletter
        fields:
          - { name: id, categories: [commerce.orders], masking: delete_row }
          - { name: customer_id, categories: [account.identifier], masking: set_null }
        references:
          - { field: customer_id, to: customers.id }
      - name: notes
        fields:
          - { name: id, categories: [commerce.orders], masking: delete_row }
          - { name: next_id, categories: [commerce.orders] }
          - { name: customer_id, categories: [account.identifier] }
        references:
          - { field: customer_id, to: customers.id }
          - { field: next_id, to: notes.id }
      - name: reminders
        fields:
          - { name: id, categories: [commerce.orders] }
          - { name: note_id, categories: [commerce.orders] }
        references:
          - { field: note_id, to: notes.id }
purposes:
NEWSLETTER"#;
    let categories = ["account.identifier", "contact.email", "contact.phone", "commerce.orders"];
    let body = format!("{}{}", body.replace("NEWSLETTER", NEWSLETTER), activity("shop", &categories));
    assert_eq!(
        problems(&body),
        [
            "datamap.yaml:17:23: the primary key of table \"customers\" names \"uid\", which is not one of its fields — did you mean \"id\"? Otherwise name the fields of the table's primary key",
            "datamap.yaml:19:21: personal field \"customers.id\" has no masking, and erasure keeps the rows of \"customers\" — say what erasure does: masking: set_null, hash, { fixed: \"...\" } or delete_row; or hold the table for a legal obligation (hold: <purpose>)",
            "datamap.yaml:21:21: personal field \"customers.phone\" has no masking, and erasure keeps the rows of \"customers\" — say what erasure does: masking: set_null, hash, { fixed: \"...\" } or delete_row; or hold the table for a legal obligation (hold: <purpose>)",
            "datamap.yaml:21:64: field \"customers.phone\" says how to match an identity, but \"customers\" is not identified by it — add phone to identifies_subject_by, or remove match",
            "datamap.yaml:23:15: table \"orders\" is held for purpose \"newsletter\", whose legal basis is not a legal obligation — hold a table for a purpose with legal_basis kind legal_obligation and the article that requires keeping it (accounting, tax), or remove the hold",
            "datamap.yaml:25:65: table \"orders\" is held, but field \"orders.id\" deletes its rows — a held table keeps its rows until the hold ends: remove delete_row, or the hold",
            "datamap.yaml:26:77: field \"orders.customer_id\" is a key (primary key or reference) and cannot be masked — keep the key and mask the fields that identify the subject, or delete the row (delete_row)",
            "datamap.yaml:29:15: tables shop:notes delete rows and reference one another, so no deletion order exists — mask one of them instead of deleting its rows, so the others can be deleted first",
            "datamap.yaml:42:35: erasure deletes rows of shop:notes, but reminders.note_id still points at them (erasure keeps its rows) — add stub_when_referenced: true to table \"notes\" to keep referenced rows as masked stubs, or delete the referencing rows too",
        ]
    );
}

#[test]
fn restriction_flags() {
    let body = r#"stores:
  - id: shop
    kind: sqlite
    location: shop.sqlite3
    region: RU
    tables:
      - name: customers
        identifies_subject_by: [email]
        restriction_flag: blocked
        fields:
          - { name: id, categories: [account.identifier] }
          - { name: email, categories: [contact.email], masking: set_null }
          - { name: is_blocked, personal: false }
  - id: exports
    kind: csv
    location: exports/
    region: RU
    tables:
      - name: subscribers
        identifies_subject_by: [email]
        restriction_flag: blocked
        fields:
          - { name: email, categories: [contact.email], masking: delete_row }
          - { name: blocked, personal: false }
"#;
    let used = "processing_activities:\n  - { id: subscribers, subject_categories: [customer], data_categories: \
                [account.identifier, contact.email], purposes: [newsletter], stores: [shop, exports] }\n";
    let body = format!("{body}purposes:\n{NEWSLETTER}{used}");
    assert_eq!(
        problems(&body),
        [
            "datamap.yaml:17:27: the restriction flag of table \"customers\" is \"blocked\", which is not one of its fields — name the boolean or integer field the operator's systems check before using a row",
            "datamap.yaml:29:27: table \"subscribers\" is a file of store \"exports\": it has no column to mark restricted rows — remove restriction_flag: the subject's rows in files are listed as not marked, and the block is kept in the request log",
        ]
    );
}
