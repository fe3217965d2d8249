//! The engine on a PostgreSQL store (`TUTELA_TEST_POSTGRES_URL`, a fresh database per test): typed
//! keys (bigint, uuid), case-insensitive e-mail and formatted phone numbers, a held table, a stub
//! kept because a held row refers to it, and a reference by a non-key value.

use std::path::Path;

use sqlx::{Connection, PgConnection, Row};
use tutela_datamap::Lang;
use tutela_fulfil::{Engine, FulfilError, HashKey, Identity};

const MAP: &str = r#"
version: 1
operator:
  legal_name: Shop GmbH
  country: DE
  address: Musterstraße 1, Berlin
  contact: { email: privacy@shop.example }
  jurisdictions: [eu_gdpr]
purposes:
  - id: orders
    description: Selling and delivering.
    legal_basis: { kind: contract, articles: { eu_gdpr: "art. 6(1)(b)" } }
    retention: until_contract_ended
    actions: [collect, store, use, delete]
  - id: bookkeeping
    description: Keeping invoices.
    legal_basis: { kind: legal_obligation, articles: { eu_gdpr: "art. 6(1)(c); HGB § 257" } }
    retention: 10 years after contract_ended
    actions: [store]
stores:
  - id: shop
    kind: postgres
    connection_env: SHOP_DATABASE_URL
    region: DE
    tables:
      - name: customers
        identifies_subject_by: [email, phone]
        restriction_flag: blocked
        fields:
          - { name: blocked, personal: false }
          - { name: id, categories: [account.identifier] }
          - { name: email, categories: [contact.email], masking: hash }
          - { name: phone, categories: [contact.phone], masking: set_null }
          - { name: full_name, categories: [identity.name], masking: { fixed: "(erased)" } }
      - name: orders
        stub_when_referenced: true
        fields:
          - { name: id, categories: [commerce.orders] }
          - { name: customer_id, categories: [account.identifier] }
          - { name: address, categories: [location.delivery_address], masking: delete_row }
        references:
          - { field: customer_id, to: customers.id }
      - name: invoices
        hold: bookkeeping
        primary_key: [number]
        fields:
          - { name: number, categories: [financial.invoices] }
          - { name: order_id, categories: [commerce.orders] }
          - { name: amount, categories: [financial.transactions] }
        references:
          - { field: order_id, to: orders.id }
      - name: newsletter
        fields:
          - { name: token, categories: [online.cookie_id], masking: delete_row }
          - { name: email, categories: [contact.email] }
        references:
          - { field: email, to: customers.email }
processing_activities:
  - id: customers
    subject_categories: [customer]
    data_categories: [account.identifier, contact.email, contact.phone, identity.name, commerce.orders,
                      location.delivery_address, financial.invoices, financial.transactions, online.cookie_id]
    purposes: [orders, bookkeeping]
"#;

const SCHEMA: &[&str] = &[
    "CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(200) NOT NULL UNIQUE, phone text, full_name text NOT NULL, \
     blocked boolean NOT NULL DEFAULT false)",
    "CREATE INDEX customers_email_lower ON customers (lower(email))",
    "CREATE TABLE orders (id uuid PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id), address text)",
    "CREATE TABLE invoices (number text PRIMARY KEY, order_id uuid NOT NULL REFERENCES orders(id), amount numeric(10,2) NOT NULL)",
    "CREATE TABLE newsletter (token text PRIMARY KEY, email text NOT NULL)",
    "INSERT INTO customers (id, email, phone, full_name) VALUES (1, 'Anna.Schmidt@Example.de', '+49 151 2345-6789', \
     'Anna Schmidt'), (2, 'bernd@example.de', '+49 151 9999999', 'Bernd Braun')",
    "INSERT INTO orders VALUES ('00000000-0000-0000-0000-00000000000a', 1, 'Hauptstraße 5'), \
     ('00000000-0000-0000-0000-00000000000b', 1, 'Hauptstraße 5'), ('00000000-0000-0000-0000-00000000000c', 2, 'Ring 9')",
    "INSERT INTO invoices VALUES ('R-1', '00000000-0000-0000-0000-00000000000a', 19.90), \
     ('R-2', '00000000-0000-0000-0000-00000000000c', 5.00)",
    "INSERT INTO newsletter VALUES ('t1', 'Anna.Schmidt@Example.de'), ('t2', 'bernd@example.de')",
];

async fn fresh_postgres() -> Option<String> {
    let admin_url = std::env::var("TUTELA_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "TUTELA_TEST_POSTGRES_URL is not set: run scripts/test, or set it to a PostgreSQL admin URL (or to 'skip')"
        )
    });
    if admin_url == "skip" {
        return None;
    }
    let name =
        format!("tutela_fulfil_test_{}", std::process::id()) + &format!("_{}", jiff::Timestamp::now().as_nanosecond());
    let mut admin = PgConnection::connect(&admin_url).await.expect("connect to TUTELA_TEST_POSTGRES_URL");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
    Some(format!("{base}/{name}"))
}

#[tokio::test]
async fn access_and_erasure_on_postgres() {
    let Some(url) = fresh_postgres().await else { return };
    let mut conn = PgConnection::connect(&url).await.expect("connect");
    for statement in SCHEMA {
        sqlx::query(statement).execute(&mut conn).await.expect(statement);
    }
    let map =
        tutela_datamap::load_sources(vec![(Path::new("map.yaml").to_owned(), MAP.to_owned())]).expect("valid map");
    let mut engine = Engine::new(map, Path::new("."));
    engine.locations.insert("shop".to_owned(), url.clone());
    let dir = tempfile::tempdir().expect("temp dir");

    // Found by a phone written differently, and by an e-mail in another case.
    for identity in ["phone=+4915123456789", "email=anna.schmidt@example.de"] {
        let identities = vec![Identity::parse(identity).expect("identity")];
        let report = engine.access(&identities, Lang::En, &dir.path().join("p.zip"), false).await.expect("access");
        let rows: Vec<(&str, u64)> = report.plan.iter().map(|t| (t.table.as_str(), t.rows)).collect();
        assert_eq!(rows, [("customers", 1), ("orders", 2), ("invoices", 1), ("newsletter", 1)], "{identity}");
    }

    // Restriction sets the boolean flag on the subject's row only; the tables without one are named.
    let identities = vec![Identity::parse("email=anna.schmidt@example.de").expect("identity")];
    let restricted = engine.restrict(&identities, false).await.expect("restrict");
    assert!(restricted.complete && restricted.unmarked.len() == 3, "{restricted:?}");
    let blocked: Vec<bool> =
        sqlx::query_scalar("SELECT blocked FROM customers ORDER BY id").fetch_all(&mut conn).await.expect("flags");
    assert_eq!(blocked, [true, false]);

    // Erasure without a key refuses before touching anything.
    let refused = engine.erase(&identities, None, false).await.expect_err("no hash key");
    assert!(matches!(refused, FulfilError::HashKey(_)), "{refused}");

    let key = HashKey::new(b"sixteen bytes at least").expect("key");
    let report = engine.erase(&identities, Some(&key), false).await.expect("erase");
    assert!(report.complete, "{report:?}");

    let customer = sqlx::query("SELECT email, phone, full_name FROM customers WHERE id = 1")
        .fetch_one(&mut conn)
        .await
        .expect("kept");
    assert_eq!(customer.get::<String, _>(0), key.hash("Anna.Schmidt@Example.de"));
    assert_eq!(customer.get::<Option<String>, _>(1), None);
    assert_eq!(customer.get::<String, _>(2), "(erased)");
    // Order a is kept as a stub (a held invoice refers to it); order b is deleted.
    let orders: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT id::text, address FROM orders WHERE customer_id = 1 ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .expect("orders");
    assert_eq!(orders, [("00000000-0000-0000-0000-00000000000a".to_owned(), None)]);
    let invoices: i64 =
        sqlx::query_scalar("SELECT count(*) FROM invoices").fetch_one(&mut conn).await.expect("invoices");
    assert_eq!(invoices, 2, "held invoices are kept");
    let newsletter: Vec<String> = sqlx::query_scalar("SELECT token FROM newsletter ORDER BY token")
        .fetch_all(&mut conn)
        .await
        .expect("newsletter");
    assert_eq!(newsletter, ["t2"]);
    let bernd: String =
        sqlx::query_scalar("SELECT full_name FROM customers WHERE id = 2").fetch_one(&mut conn).await.expect("other");
    assert_eq!(bernd, "Bernd Braun", "another subject is untouched");

    // Again: the e-mail is hashed, so nothing is found and nothing changes.
    let again = engine.erase(&identities, Some(&key), false).await.expect("again");
    assert!(!again.found);
}
