//! Benchmark of the fulfilment engine on a generated shop (see BENCHMARKS.md, "Fulfilment engine"):
//! six related tables, about 11 rows per customer, on SQLite and optionally PostgreSQL.
//!
//! ```text
//! cargo run --release -p tutela-fulfil --example shop_bench -- DIR CUSTOMERS [POSTGRES_URL]
//! ```
//!
//! For each backend it measures, over the same random subjects: the hand-written SQL that reads a
//! customer's rows (six indexed queries), the engine's store work for the same rows (`find`), an
//! access request end to end (stores opened, rows found, the zip written), an erasure end to end,
//! and 1,000 erasures: one request after another, and as one batch on stores opened once.

use std::path::Path;
use std::time::{Duration, Instant};

use sqlx::{Connection, Executor};
use tutela_datamap::Lang;
use tutela_fulfil::{Engine, HashKey, Identity};

const MAP: &str = r#"version: 1
operator:
  legal_name: Bench Shop GmbH
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
    description: Keeping payment records.
    legal_basis: { kind: legal_obligation, articles: { eu_gdpr: "art. 6(1)(c); HGB § 257" } }
    retention: 10 years after contract_ended
    actions: [store]
stores:
  - id: shop
    kind: KIND
    LOCATION
    region: DE
    tables:
      - name: customers
        identifies_subject_by: [email]
        fields:
          - { name: id, categories: [account.identifier] }
          - { name: email, categories: [contact.email], masking: hash }
          - { name: phone, categories: [contact.phone], masking: set_null }
          - { name: full_name, categories: [identity.name], masking: { fixed: "(erased)" } }
      - name: addresses
        fields:
          - { name: id, categories: [location.delivery_address], masking: delete_row }
          - { name: customer_id, categories: [account.identifier] }
          - { name: street, categories: [location.delivery_address] }
        references:
          - { field: customer_id, to: customers.id }
      - name: orders
        stub_when_referenced: true
        fields:
          - { name: id, categories: [commerce.orders], masking: delete_row }
          - { name: customer_id, categories: [account.identifier] }
          - { name: placed_at, categories: [commerce.orders] }
        references:
          - { field: customer_id, to: customers.id }
      - name: order_items
        fields:
          - { name: id, categories: [commerce.orders], masking: delete_row }
          - { name: order_id, categories: [commerce.orders] }
          - { name: product, categories: [commerce.orders] }
        references:
          - { field: order_id, to: orders.id }
      - name: payments
        hold: bookkeeping
        fields:
          - { name: id, categories: [financial.transactions] }
          - { name: order_id, categories: [commerce.orders] }
          - { name: amount_cents, categories: [financial.transactions] }
        references:
          - { field: order_id, to: orders.id }
      - name: tickets
        fields:
          - { name: id, categories: [communications.support_requests], masking: delete_row }
          - { name: customer_id, categories: [account.identifier] }
          - { name: message, categories: [communications.support_requests] }
        references:
          - { field: customer_id, to: customers.id }
processing_activities:
  - id: customers
    subject_categories: [customer]
    data_categories: [account.identifier, contact.email, contact.phone, identity.name, location.delivery_address,
                      commerce.orders, financial.transactions, communications.support_requests]
    purposes: [orders, bookkeeping]
"#;

/// The shop's schema and rows for `n` customers: per customer 1 address, 2 orders, 4 order items,
/// 1 payment (every other order), 1 ticket — 11 rows with the customer, about 11·n in all.
fn generate(n: u64, postgres: bool) -> Vec<String> {
    let seq = |count: &str| {
        if postgres {
            format!("generate_series(1, {count}) AS s(n)")
        } else {
            format!(
                "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count}) SELECT n FROM s) AS s"
            )
        }
    };
    let int = if postgres { "bigint" } else { "INTEGER" };
    vec![
        format!(
            "CREATE TABLE customers (id {int} PRIMARY KEY, email TEXT NOT NULL UNIQUE, phone TEXT, full_name TEXT NOT NULL)"
        ),
        format!(
            "CREATE TABLE addresses (id {int} PRIMARY KEY, customer_id {int} NOT NULL REFERENCES customers(id), street TEXT NOT NULL)"
        ),
        format!(
            "CREATE TABLE orders (id {int} PRIMARY KEY, customer_id {int} NOT NULL REFERENCES customers(id), placed_at TEXT)"
        ),
        format!(
            "CREATE TABLE order_items (id {int} PRIMARY KEY, order_id {int} NOT NULL REFERENCES orders(id), product TEXT NOT NULL)"
        ),
        format!(
            "CREATE TABLE payments (id {int} PRIMARY KEY, order_id {int} NOT NULL REFERENCES orders(id), amount_cents {int} NOT NULL)"
        ),
        format!(
            "CREATE TABLE tickets (id {int} PRIMARY KEY, customer_id {int} NOT NULL REFERENCES customers(id), message TEXT NOT NULL)"
        ),
        format!(
            "INSERT INTO customers SELECT n, 'Customer' || n || '@Shop.example', '+49 151 ' || (1000000 + n), 'Customer ' || n FROM {}",
            seq(&n.to_string())
        ),
        format!("INSERT INTO addresses SELECT n, n, 'Street ' || n FROM {}", seq(&n.to_string())),
        format!("INSERT INTO orders SELECT n, (n + 1) / 2, '2026-01-01' FROM {}", seq(&(2 * n).to_string())),
        format!(
            "INSERT INTO order_items SELECT n, (n + 1) / 2, 'product ' || (n % 97) FROM {}",
            seq(&(4 * n).to_string())
        ),
        format!("INSERT INTO payments SELECT n, 2 * n - 1, 1000 + n % 5000 FROM {}", seq(&n.to_string())),
        format!("INSERT INTO tickets SELECT n, n, 'Where is my order ' || n FROM {}", seq(&n.to_string())),
        "CREATE INDEX customers_email_lower ON customers (lower(email))".to_owned(),
        "CREATE INDEX addresses_customer ON addresses (customer_id)".to_owned(),
        "CREATE INDEX orders_customer ON orders (customer_id)".to_owned(),
        "CREATE INDEX order_items_order ON order_items (order_id)".to_owned(),
        "CREATE INDEX payments_order ON payments (order_id)".to_owned(),
        "CREATE INDEX tickets_customer ON tickets (customer_id)".to_owned(),
        "ANALYZE".to_owned(),
    ]
}

/// The hand-written reads of one customer's rows: what the engine's store work is compared with.
const HAND: [&str; 6] = [
    "SELECT id, email, phone, full_name FROM customers WHERE lower(email) = $1",
    "SELECT id, customer_id, street FROM addresses WHERE customer_id = $1",
    "SELECT id, customer_id, placed_at FROM orders WHERE customer_id = $1",
    "SELECT i.id, i.order_id, i.product FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.customer_id = $1",
    "SELECT p.id, p.order_id, p.amount_cents FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.customer_id = $1",
    "SELECT id, customer_id, message FROM tickets WHERE customer_id = $1",
];

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// A fixed spread of customer ids (no RNG dependency): `count` ids across 1..=n.
fn subjects(n: u64, count: u64, offset: u64) -> Vec<u64> {
    (0..count).map(|i| 1 + (i * 7919 + offset * 104_729) % n).collect()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).map_or("bench-shop", String::as_str)).to_owned();
    let n: u64 = args.get(2).map_or(Ok(100_000), |s| s.parse())?;
    let postgres_url = args.get(3).cloned();
    std::fs::create_dir_all(&dir)?;
    println!("shop: {n} customers, about {} rows in 6 tables", 11 * n);

    // SQLite
    let file = dir.join("shop.sqlite3");
    let _ = std::fs::remove_file(&file);
    let started = Instant::now();
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await?;
    conn.execute("PRAGMA journal_mode = WAL").await?;
    for statement in generate(n, false) {
        conn.execute(statement.as_str()).await?;
    }
    println!("sqlite: generated in {:.1} s", started.elapsed().as_secs_f64());
    let map_text = MAP.replace("KIND", "sqlite").replace("LOCATION", "location: shop.sqlite3");
    run("sqlite", &dir, &map_text, None, &mut Hand::Sqlite(conn), n).await?;

    if let Some(url) = postgres_url {
        let mut conn = sqlx::PgConnection::connect(&url).await?;
        for table in ["tickets", "payments", "order_items", "orders", "addresses", "customers"] {
            conn.execute(format!("DROP TABLE IF EXISTS {table}").as_str()).await?;
        }
        let started = Instant::now();
        for statement in generate(n, true) {
            conn.execute(statement.as_str()).await?;
        }
        println!("postgres: generated in {:.1} s", started.elapsed().as_secs_f64());
        let map_text = MAP.replace("KIND", "postgres").replace("LOCATION", "connection_env: BENCH_SHOP_URL");
        run("postgres", &dir, &map_text, Some(url), &mut Hand::Postgres(conn), n).await?;
    }
    Ok(())
}

enum Hand {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Hand {
    /// Runs the six hand-written reads for one customer; returns the rows read.
    async fn read(&mut self, email: &str, id: u64) -> anyhow::Result<usize> {
        let mut rows = 0;
        for (i, sql) in HAND.iter().enumerate() {
            rows += match self {
                Hand::Sqlite(conn) => {
                    let sql = sql.replace("$1", "?");
                    let query = sqlx::query(&sql);
                    let query = if i == 0 { query.bind(email.to_owned()) } else { query.bind(id as i64) };
                    query.fetch_all(&mut *conn).await?.len()
                }
                Hand::Postgres(conn) => {
                    let query = sqlx::query(sql);
                    let query = if i == 0 { query.bind(email.to_owned()) } else { query.bind(id as i64) };
                    query.fetch_all(&mut *conn).await?.len()
                }
            };
        }
        Ok(rows)
    }
}

async fn run(
    backend: &str,
    dir: &Path,
    map_text: &str,
    location: Option<String>,
    hand: &mut Hand,
    n: u64,
) -> anyhow::Result<()> {
    let map = tutela_datamap::load_sources(vec![(dir.join("datamap.yaml"), map_text.to_owned())])
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut engine = Engine::new(map, dir);
    if let Some(url) = location {
        engine.locations.insert("shop".to_owned(), url);
    }
    let identity = |id: u64| Identity::parse(&format!("email=customer{id}@shop.example"));
    let sample = subjects(n, 200, 1);

    // Store work: hand-written SQL and the engine's find, alternating, on the same subjects.
    let mut conns = engine.open().await?;
    let (mut hand_times, mut find_times) = (Vec::new(), Vec::new());
    for &id in &sample {
        let email = format!("customer{id}@shop.example");
        let started = Instant::now();
        let hand_rows = hand.read(&email, id).await?;
        hand_times.push(started.elapsed());
        let started = Instant::now();
        let found = engine.find(&mut conns, &[identity(id)?]).await?;
        find_times.push(started.elapsed());
        anyhow::ensure!(
            found.row_count() == hand_rows,
            "subject {id}: engine {} rows, hand {hand_rows}",
            found.row_count()
        );
    }
    drop(conns);
    let (hand_median, find_median) = (median(hand_times), median(find_times));
    println!(
        "{backend}: store work per subject, median of 200: hand-written SQL {}, engine find {} ({:.2}x)",
        ms(hand_median),
        ms(find_median),
        find_median.as_secs_f64() / hand_median.as_secs_f64()
    );

    // Access end to end.
    let mut times = Vec::new();
    for &id in sample.iter().take(100) {
        let started = Instant::now();
        let report = engine.access(&[identity(id)?], Lang::En, &dir.join("package.zip"), false).await?;
        times.push(started.elapsed());
        anyhow::ensure!(report.found, "subject {id} not found");
    }
    println!(
        "{backend}: access end to end (stores opened, rows found, zip written), median of 100: {}",
        ms(median(times))
    );

    // Erasure end to end, then 1,000 erasures in a row, each of a different subject.
    let key = HashKey::new(b"benchmark hash key, 32 bytes...")?;
    let mut times = Vec::new();
    for id in subjects(n, 100, 2) {
        let started = Instant::now();
        let report = engine.erase(&[identity(id)?], Some(&key), false).await?;
        times.push(started.elapsed());
        anyhow::ensure!(report.complete || !report.found, "subject {id}: {report:?}");
    }
    println!("{backend}: erasure end to end, median of 100: {}", ms(median(times)));
    let queue = subjects(n, 1000, 3);
    let started = Instant::now();
    for &id in &queue {
        let report = engine.erase(&[identity(id)?], Some(&key), false).await?;
        anyhow::ensure!(report.complete || !report.found, "subject {id}: {report:?}");
    }
    println!(
        "{backend}: 1,000 erasures one after another, stores opened for each: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let queue = subjects(n, 1000, 4);
    let started = Instant::now();
    let mut conns = engine.open().await?;
    for &id in &queue {
        let report = engine.erase_with(&mut conns, &[identity(id)?], Some(&key), false).await?;
        anyhow::ensure!(report.complete || !report.found, "subject {id}: {report:?}");
    }
    println!("{backend}: 1,000 erasures as one batch on stores opened once: {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}
