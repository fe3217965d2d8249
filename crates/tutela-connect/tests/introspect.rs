//! Introspection of real stores: an SQLite file, a PostgreSQL database (from
//! `TUTELA_TEST_POSTGRES_URL`, a fresh database per test), and CSV / JSON Lines folders; and the
//! drafts made from them, which must parse as data map stores and point `tutela datamap check` at
//! every field still to tag.

use std::path::{Path, PathBuf};

use sqlx::Connection;
use tutela_connect::{
    ConnectError, IntrospectOptions, IntrospectedStore, Limits, StoreKind, draft_store, introspect, introspect_with,
};

const SHOP_SCHEMA: &[&str] = &[
    "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, phone TEXT, full_name TEXT, notes TEXT)",
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), \
     total_cents INTEGER NOT NULL, shipping_address TEXT)",
    "CREATE TABLE deliveries (order_id INTEGER NOT NULL, seq INTEGER NOT NULL, courier TEXT, \
     PRIMARY KEY (order_id, seq), FOREIGN KEY (order_id) REFERENCES orders)",
    "CREATE TABLE referrals (id INTEGER PRIMARY KEY, referrer_id INTEGER REFERENCES customers, \
     ip_address TEXT)",
];

fn summary(store: &IntrospectedStore) -> Vec<String> {
    let mut lines = Vec::new();
    for table in &store.tables {
        let columns: Vec<String> = table
            .columns
            .iter()
            .map(|c| format!("{}:{}{}", c.name, c.data_type.to_lowercase(), if c.nullable { "?" } else { "" }))
            .collect();
        lines.push(format!("{} [{}] pk({})", table.name, columns.join(" "), table.primary_key.join(",")));
        for key in &table.foreign_keys {
            lines.push(format!(
                "  {} -> {}.{}",
                key.columns.join(","),
                key.referenced_table,
                key.referenced_columns.join(",")
            ));
        }
    }
    lines
}

async fn sqlite_shop(dir: &Path) -> PathBuf {
    let path = dir.join("shop.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut connection = sqlx::SqliteConnection::connect(&url).await.expect("create sqlite");
    for statement in SHOP_SCHEMA {
        sqlx::query(statement).execute(&mut connection).await.expect(statement);
    }
    connection.close().await.expect("close");
    path
}

/// Parses a draft as a data map (with a minimal operator) and returns the diagnostics' codes.
fn check_draft(draft: &str) -> Vec<String> {
    let operator = "version: 1\noperator:\n  legal_name: Test Shop Ltd\n  country: DE\n  address: Somewhere 1\n  \
                    contact: { email: privacy@shop.example }\n  jurisdictions: [eu_gdpr]\n";
    let sources =
        vec![(PathBuf::from("operator.yaml"), operator.to_owned()), (PathBuf::from("draft.yaml"), draft.to_owned())];
    match tutela_datamap::load_sources(sources) {
        Ok(_) => Vec::new(),
        Err(error) => error.diagnostics.iter().map(|d| format!("{}:{}", d.code, d.line.unwrap_or(0))).collect(),
    }
}

#[tokio::test]
async fn sqlite_tables_columns_and_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sqlite_shop(dir.path()).await;
    let store = introspect(path.to_str().expect("utf-8")).await.expect("introspect");
    assert_eq!(store.kind, StoreKind::Sqlite);
    assert_eq!(
        summary(&store),
        [
            "customers [id:integer email:text phone:text? full_name:text? notes:text?] pk(id)".to_owned(),
            "deliveries [order_id:integer seq:integer courier:text?] pk(order_id,seq)".to_owned(),
            "  order_id -> orders.id".to_owned(),
            "orders [id:integer customer_id:integer total_cents:integer shipping_address:text?] pk(id)".to_owned(),
            "  customer_id -> customers.id".to_owned(),
            "referrals [id:integer referrer_id:integer? ip_address:text?] pk(id)".to_owned(),
            "  referrer_id -> customers.id".to_owned(),
        ]
    );
    // sqlite:// URLs name the same file, and introspection never writes to it.
    let before = std::fs::read(&path).expect("read");
    let again = introspect(&format!("sqlite://{}", path.display())).await.expect("introspect url");
    assert_eq!(again.tables, store.tables);
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[tokio::test]
async fn sqlite_draft_parses_and_check_points_at_untagged_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sqlite_shop(dir.path()).await;
    let store = introspect(path.to_str().expect("utf-8")).await.expect("introspect");
    let draft = draft_store(&store, &"shop".parse().expect("id"));
    assert!(draft.contains("identifies_subject_by: [id, email, phone]  # suggested"), "{draft}");
    assert!(draft.contains("- { field: referrer_id, to: customers.id }  # foreign key"), "{draft}");
    assert!(
        draft.contains("- { name: shipping_address, categories: [location.delivery_address], masking: set_null }"),
        "{draft}"
    );
    // A draft declares no purposes yet: check also reports each tagged field as data no purpose
    // uses (tested in tutela-datamap); here, what the draft itself leaves open.
    let codes: Vec<String> =
        check_draft(&draft).into_iter().filter(|code| !code.starts_with("field-without-purpose:")).collect();
    // Exactly the untagged fields, each at its own line: notes, orders.id, total_cents,
    // deliveries.seq, courier, referrals.id.
    let untagged: Vec<&String> = codes.iter().filter(|code| code.starts_with("field-without-category:")).collect();
    assert_eq!(untagged.len(), 6, "{codes:?}\n{draft}");
    for code in &untagged {
        let line: usize = code.rsplit(':').next().and_then(|n| n.parse().ok()).expect("line");
        let text = draft.lines().nth(line - 1).expect("line exists");
        assert!(text.contains("categories: [] }  # TODO: tag"), "{code} -> {text}");
    }
    // And the region it does not know, `ZZ`, which check reports as a placeholder.
    let placeholders: Vec<&String> = codes.iter().filter(|code| code.starts_with("placeholder:")).collect();
    assert_eq!(placeholders.len(), 1, "{codes:?}");
    let line: usize = placeholders[0].rsplit(':').next().and_then(|n| n.parse().ok()).expect("line");
    assert!(draft.lines().nth(line - 1).is_some_and(|text| text.contains("region: ZZ  # TODO")), "{draft}");
    // And the NOT NULL personal columns it could not suggest an erasure for, each marked.
    let unmasked: Vec<&String> = codes.iter().filter(|code| code.starts_with("field-without-erasure:")).collect();
    for code in &unmasked {
        let line: usize = code.rsplit(':').next().and_then(|n| n.parse().ok()).expect("line");
        let text = draft.lines().nth(line - 1).expect("line exists");
        assert!(text.contains("TODO: masking; ") && text.contains("NOT NULL"), "{code} -> {text}");
    }
    assert_eq!(codes.len(), untagged.len() + unmasked.len() + 1, "{codes:?}");
}

#[tokio::test]
async fn limits_are_errors_that_name_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sqlite_shop(dir.path()).await;
    let location = path.to_str().expect("utf-8");
    let options = |limits: Limits| IntrospectOptions { limits, ..IntrospectOptions::default() };
    let error =
        introspect_with(location, &options(Limits { max_tables: 3, ..Limits::default() })).await.expect_err("tables");
    assert!(matches!(error, ConnectError::TooManyTables { max_tables: 3, .. }), "{error}");
    assert!(error.to_string().ends_with("has more than 3 tables: introspect a smaller schema or folder"), "{error}");
    let error =
        introspect_with(location, &options(Limits { max_columns: 4, ..Limits::default() })).await.expect_err("columns");
    assert_eq!(error.to_string(), "table \"customers\" has more than 4 columns");
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fake.db");
    std::fs::write(&path, b"SQLite format 3\0 but then garbage").expect("write");
    let error = introspect(&format!("sqlite://{}", path.display())).await.expect_err("garbage");
    assert!(matches!(error, ConnectError::Database { .. }), "{error}");
    let error = introspect(&format!("sqlite://{}", dir.path().join("absent.db").display())).await.expect_err("absent");
    assert!(matches!(error, ConnectError::NotFound { .. }), "{error}");
    assert!(!dir.path().join("absent.db").exists(), "introspection must not create a database");
}

#[tokio::test]
async fn csv_and_jsonl_folders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("exports");
    std::fs::create_dir(&csv).expect("mkdir");
    std::fs::write(csv.join("customers.csv"), "id,email,phone\n1,a@x.example,+49 30 1234567\n2,b@x.example,\n")
        .expect("write");
    std::fs::write(csv.join("orders.csv"), "id,customer_id,total\n10,1,9.5\n").expect("write");
    std::fs::write(csv.join("README.txt"), "not a table").expect("write");
    let store = introspect(csv.to_str().expect("utf-8")).await.expect("csv");
    assert_eq!(store.kind, StoreKind::Csv);
    assert_eq!(
        summary(&store),
        [
            "customers [id:integer email:text phone:text?] pk()",
            "orders [id:integer customer_id:integer total:real] pk()"
        ]
    );
    let draft = draft_store(&store, &"exports".parse().expect("id"));
    assert!(draft.contains("kind: csv"), "{draft}");
    assert!(draft.contains("- { field: customer_id, to: customers.id }  # suggested from the name"), "{draft}");

    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).expect("mkdir");
    std::fs::write(
        logs.join("app_events.jsonl"),
        "{\"user_id\":7,\"ip\":\"203.0.113.9\",\"event\":\"login\"}\n{\"user_id\":8,\"event\":\"crash\",\"stack\":[1]}\n",
    )
    .expect("write");
    let store = introspect(logs.join("app_events.jsonl").to_str().expect("utf-8")).await.expect("jsonl file");
    assert_eq!(store.kind, StoreKind::Jsonl);
    assert_eq!(store.location, logs.display().to_string(), "a single file's store is its folder");
    assert_eq!(summary(&store), ["app_events [user_id:integer ip:text? event:text stack:array?] pk()"]);
}

#[tokio::test]
async fn a_malformed_jsonl_file_names_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("events.jsonl");
    std::fs::write(&path, "{\"a\":1}\n{\"a\":2}\nnot json\n").expect("write");
    let error = introspect(path.to_str().expect("utf-8")).await.expect_err("malformed");
    assert!(error.to_string().contains("events.jsonl:3: not a JSON object"), "{error}");
}

/// A fresh PostgreSQL database on the test server, or `None` when `TUTELA_TEST_POSTGRES_URL=skip`.
async fn fresh_postgres() -> Option<String> {
    let admin_url = std::env::var("TUTELA_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "TUTELA_TEST_POSTGRES_URL is not set: run scripts/test, or set it to a PostgreSQL admin URL (or to 'skip')"
        )
    });
    if admin_url == "skip" {
        return None;
    }
    let name = format!("tutela_connect_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("connect to TUTELA_TEST_POSTGRES_URL");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
    Some(format!("{base}/{name}"))
}

#[tokio::test]
async fn postgres_tables_columns_and_keys() {
    let Some(url) = fresh_postgres().await else { return };
    let mut connection = sqlx::PgConnection::connect(&url).await.expect("connect");
    for statement in [
        "CREATE TABLE customers (id bigserial PRIMARY KEY, email varchar(255) NOT NULL, phone text, inn char(12))",
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id), \
         placed_at timestamptz NOT NULL)",
        "CREATE TABLE order_lines (order_id bigint, line_no int, sku text, PRIMARY KEY (order_id, line_no), \
         FOREIGN KEY (order_id) REFERENCES orders(id))",
        "CREATE TABLE shipments (order_id bigint, line_no int, tracking text, \
         FOREIGN KEY (line_no, order_id) REFERENCES order_lines(line_no, order_id))",
        "CREATE VIEW big_orders AS SELECT * FROM orders",
        "CREATE SCHEMA crm",
        "CREATE TABLE crm.leads (id int PRIMARY KEY, customer_id bigint REFERENCES public.customers(id), e_mail text)",
    ] {
        sqlx::query(statement).execute(&mut connection).await.expect(statement);
    }
    connection.close().await.expect("close");

    let store = introspect(&url).await.expect("introspect");
    assert_eq!(store.kind, StoreKind::Postgres);
    assert_eq!(store.schema.as_deref(), Some("public"));
    assert_eq!(
        summary(&store),
        [
            "customers [id:bigint email:character varying(255) phone:text? inn:character(12)?] pk(id)",
            "order_lines [order_id:bigint line_no:integer sku:text?] pk(order_id,line_no)",
            "  order_id -> orders.id",
            "orders [id:bigint customer_id:bigint placed_at:timestamp with time zone] pk(id)",
            "  customer_id -> customers.id",
            "shipments [order_id:bigint? line_no:integer? tracking:text?] pk()",
            "  line_no,order_id -> order_lines.line_no,order_id",
        ],
        "views are not tables"
    );
    let draft = draft_store(&store, &"shop".parse().expect("id"));
    assert!(draft.contains("connection_env: SHOP_DATABASE_URL"), "{draft}");
    assert!(draft.contains("- { name: inn, categories: [identity.taxpayer_number], masking: set_null }"), "{draft}");
    assert!(draft.contains("- { field: line_no, to: order_lines.line_no }  # foreign key (part of a composite key)"));

    let options = IntrospectOptions { postgres_schema: "crm".to_owned(), ..IntrospectOptions::default() };
    let crm = introspect_with(&url, &options).await.expect("crm schema");
    assert_eq!(crm.tables.len(), 1);
    assert_eq!(crm.tables[0].foreign_keys[0].referenced_schema.as_deref(), Some("public"));
    let draft = draft_store(&crm, &"crm".parse().expect("id"));
    assert!(!draft.contains("to: customers.id"), "a key into another schema is not a reference in this store");
    assert!(draft.contains("# tables of schema crm"), "{draft}");

    let options = IntrospectOptions { postgres_schema: "nope".to_owned(), ..IntrospectOptions::default() };
    let error = introspect_with(&url, &options).await.expect_err("no schema");
    assert!(error.to_string().ends_with("there is no schema \"nope\""), "{error}");
}

#[tokio::test]
async fn postgres_errors_never_show_the_password() {
    let Some(url) = fresh_postgres().await else { return };
    let parsed = url::Url::parse(&url).expect("url");
    let mut wrong = parsed.clone();
    wrong.set_password(Some("wrong-secret-password")).expect("password");
    wrong.set_path("/no_such_database_here");
    let error = introspect(wrong.as_str()).await.expect_err("no database");
    assert!(!error.to_string().contains("wrong-secret-password"), "{error}");
    assert!(error.to_string().contains(parsed.host_str().unwrap_or("")), "{error}");
}
