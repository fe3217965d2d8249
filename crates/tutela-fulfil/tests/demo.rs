//! The engine on every demo operator's generated stores: the access package holds exactly the rows
//! hand-written queries find, and after erasure none of the subject's personal values remains
//! where the map says it goes, other subjects' rows are untouched and held rows are kept.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use serde_json::Value;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Row};
use tutela_datamap::erasure::{TableErasure, is_key_field};
use tutela_datamap::{DataMap, Lang, Masking, StoreKind};
use tutela_fulfil::{Engine, HashKey, Identity};

/// Per operator: the SQLite file, the query picking a subject's e-mail (the one with most related
/// rows), and for each table the hand-written query of the subject's rows' keys (`?1` is the
/// e-mail), or for a file table the predicate over the record and the subject's ids.
struct Case {
    slug: &'static str,
    database: &'static str,
    subject: &'static str,
    tables: &'static [(&'static str, &'static str)],
}

const KURSY: Case = Case {
    slug: "kursy",
    database: "kursy.sqlite3",
    subject: "SELECT email FROM students ORDER BY (SELECT count(*) FROM enrolments e WHERE e.student_id = students.id) DESC, id LIMIT 1",
    tables: &[
        ("students", "SELECT id FROM students WHERE lower(email) = ?1"),
        (
            "enrolments",
            "SELECT e.id FROM enrolments e JOIN students s ON s.id = e.student_id WHERE lower(s.email) = ?1",
        ),
        (
            "payments",
            "SELECT p.id FROM payments p JOIN enrolments e ON e.id = p.enrolment_id JOIN students s ON s.id = e.student_id WHERE lower(s.email) = ?1",
        ),
        ("consents", "SELECT c.id FROM consents c JOIN students s ON s.id = c.student_id WHERE lower(s.email) = ?1"),
        (
            "site_visits",
            "SELECT count(*) FROM site_visits v JOIN students s ON s.id = v.student_id WHERE lower(s.email) = ?1",
        ),
        ("contractors", "SELECT id FROM contractors WHERE lower(email) = ?1"),
        ("enquiries", "SELECT id FROM enquiries WHERE lower(email) = ?1"),
    ],
};

const LEXUE: Case = Case {
    slug: "lexue",
    database: "lexue.sqlite3",
    subject: "SELECT email FROM users WHERE email IS NOT NULL ORDER BY (SELECT count(*) FROM orders o WHERE o.user_id = users.id) DESC, id LIMIT 1",
    tables: &[
        ("users", "SELECT id FROM users WHERE lower(email) = ?1"),
        ("learners", "SELECT l.id FROM learners l JOIN users u ON u.id = l.guardian_user_id WHERE lower(u.email) = ?1"),
        (
            "guardian_consents",
            "SELECT g.id FROM guardian_consents g WHERE g.guardian_user_id IN (SELECT id FROM users WHERE lower(email) = ?1) OR g.learner_id IN (SELECT l.id FROM learners l JOIN users u ON u.id = l.guardian_user_id WHERE lower(u.email) = ?1)",
        ),
        ("addresses", "SELECT a.id FROM addresses a JOIN users u ON u.id = a.user_id WHERE lower(u.email) = ?1"),
        (
            "orders",
            "SELECT o.id FROM orders o WHERE o.user_id IN (SELECT id FROM users WHERE lower(email) = ?1) OR o.learner_id IN (SELECT l.id FROM learners l JOIN users u ON u.id = l.guardian_user_id WHERE lower(u.email) = ?1) OR o.address_id IN (SELECT a.id FROM addresses a JOIN users u ON u.id = a.user_id WHERE lower(u.email) = ?1)",
        ),
        (
            "payments",
            "SELECT p.id FROM payments p WHERE p.order_id IN (SELECT o.id FROM orders o WHERE o.user_id IN (SELECT id FROM users WHERE lower(email) = ?1) OR o.learner_id IN (SELECT l.id FROM learners l JOIN users u ON u.id = l.guardian_user_id WHERE lower(u.email) = ?1) OR o.address_id IN (SELECT a.id FROM addresses a JOIN users u ON u.id = a.user_id WHERE lower(u.email) = ?1))",
        ),
        (
            "learning_progress",
            "SELECT count(*) FROM learning_progress p JOIN learners l ON l.id = p.learner_id JOIN users u ON u.id = l.guardian_user_id WHERE lower(u.email) = ?1",
        ),
        ("reviews", "SELECT r.id FROM reviews r JOIN users u ON u.id = r.user_id WHERE lower(u.email) = ?1"),
        (
            "service_calls",
            "SELECT c.id FROM service_calls c JOIN users u ON u.id = c.user_id WHERE lower(u.email) = ?1",
        ),
    ],
};

const SOLARMAX: Case = Case {
    slug: "solarmax",
    database: "solarcloud.sqlite3",
    subject: "SELECT email FROM end_users ORDER BY (SELECT count(*) FROM plants p WHERE p.end_user_id = end_users.id) DESC, id LIMIT 1",
    tables: &[
        ("agents", "SELECT id FROM agents WHERE lower(email) = ?1"),
        ("installers", "SELECT id FROM installers WHERE lower(email) = ?1"),
        ("end_users", "SELECT id FROM end_users WHERE lower(email) = ?1"),
        ("plants", "SELECT p.id FROM plants p JOIN end_users u ON u.id = p.end_user_id WHERE lower(u.email) = ?1"),
        (
            "devices",
            "SELECT d.id FROM devices d JOIN plants p ON p.id = d.plant_id JOIN end_users u ON u.id = p.end_user_id WHERE lower(u.email) = ?1",
        ),
        (
            "energy_readings",
            "SELECT count(*) FROM energy_readings r JOIN devices d ON d.id = r.device_id JOIN plants p ON p.id = d.plant_id JOIN end_users u ON u.id = p.end_user_id WHERE lower(u.email) = ?1",
        ),
        (
            "sim_top_ups",
            "SELECT t.id FROM sim_top_ups t JOIN devices d ON d.id = t.device_id JOIN plants p ON p.id = d.plant_id JOIN end_users u ON u.id = p.end_user_id WHERE lower(u.email) = ?1",
        ),
        (
            "support_tickets",
            "SELECT t.id FROM support_tickets t WHERE lower(t.email) = ?1 OR t.end_user_id IN (SELECT id FROM end_users WHERE lower(email) = ?1)",
        ),
    ],
};

const TUNEWAVE: Case = Case {
    slug: "tunewave",
    database: "tunewave.sqlite3",
    subject: "SELECT email FROM accounts ORDER BY (SELECT count(*) FROM listening_history h WHERE h.account_id = accounts.id) DESC, id LIMIT 1",
    tables: &[
        ("accounts", "SELECT id FROM accounts WHERE lower(email) = ?1"),
        (
            "subscriptions",
            "SELECT s.id FROM subscriptions s JOIN accounts a ON a.id = s.account_id WHERE lower(a.email) = ?1",
        ),
        (
            "payments",
            "SELECT p.id FROM payments p JOIN subscriptions s ON s.id = p.subscription_id JOIN accounts a ON a.id = s.account_id WHERE lower(a.email) = ?1",
        ),
        ("playlists", "SELECT p.id FROM playlists p JOIN accounts a ON a.id = p.account_id WHERE lower(a.email) = ?1"),
        (
            "playlist_tracks",
            "SELECT count(*) FROM playlist_tracks t JOIN playlists p ON p.id = t.playlist_id JOIN accounts a ON a.id = p.account_id WHERE lower(a.email) = ?1",
        ),
        (
            "listening_history",
            "SELECT count(*) FROM listening_history h JOIN accounts a ON a.id = h.account_id WHERE lower(a.email) = ?1",
        ),
        ("follows", "SELECT count(*) FROM follows f JOIN accounts a ON a.id = f.follower_id WHERE lower(a.email) = ?1"),
        (
            "support_tickets",
            "SELECT t.id FROM support_tickets t WHERE lower(t.contact_email) = ?1 OR t.account_id IN (SELECT id FROM accounts WHERE lower(email) = ?1)",
        ),
    ],
};

const PUMPCARE: Case = Case {
    slug: "pumpcare",
    database: "pumpcare.sqlite3",
    subject: "SELECT contact_email FROM customers WHERE contact_email IS NOT NULL ORDER BY (SELECT count(*) FROM service_tickets t WHERE t.customer_id = customers.id) DESC, id LIMIT 1",
    tables: &[
        ("customers", "SELECT id FROM customers WHERE lower(contact_email) = ?1"),
        (
            "devices",
            "SELECT d.id FROM devices d JOIN customers c ON c.id = d.customer_id WHERE lower(c.contact_email) = ?1",
        ),
        (
            "service_tickets",
            "SELECT t.id FROM service_tickets t WHERE t.customer_id IN (SELECT id FROM customers WHERE lower(contact_email) = ?1) OR t.device_id IN (SELECT d.id FROM devices d JOIN customers c ON c.id = d.customer_id WHERE lower(c.contact_email) = ?1)",
        ),
        (
            "service_reports",
            "SELECT r.id FROM service_reports r JOIN service_tickets t ON t.id = r.ticket_id JOIN customers c ON c.id = t.customer_id WHERE lower(c.contact_email) = ?1",
        ),
        (
            "callbacks",
            "SELECT b.id FROM callbacks b JOIN service_tickets t ON t.id = b.ticket_id JOIN customers c ON c.id = t.customer_id WHERE lower(c.contact_email) = ?1",
        ),
        (
            "returns",
            "SELECT r.id FROM returns r JOIN devices d ON d.id = r.device_id JOIN customers c ON c.id = d.customer_id WHERE lower(c.contact_email) = ?1",
        ),
    ],
};

const KEY: &[u8] = b"a test hash key of enough bytes";

async fn sqlite(path: &Path) -> SqliteConnection {
    let options = SqliteConnectOptions::from_str("sqlite:").expect("options").filename(path);
    SqliteConnection::connect_with(&options).await.expect("open the demo database")
}

/// The hand-written answer for one table: its sorted keys, or `#n` for a count query.
async fn expected(conn: &mut SqliteConnection, sql: &str, email: &str) -> Vec<String> {
    let rows = sqlx::query(sql).bind(email).fetch_all(&mut *conn).await.expect(sql);
    if sql.starts_with("SELECT count(*)") {
        let n: i64 = rows[0].get(0);
        return if n == 0 { Vec::new() } else { vec![format!("#{n}")] };
    }
    let mut keys: Vec<String> = rows.iter().map(|row| row.get::<i64, _>(0).to_string()).collect();
    keys.sort();
    keys
}

/// Reads one entry of a zip.
fn entry(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} in the package")).read_to_string(&mut text).expect("utf-8");
    text
}

/// Every row of every table of every store, per `store:table`, as JSON objects of the map's fields.
async fn dump(map: &DataMap, dir: &Path) -> BTreeMap<String, Vec<BTreeMap<String, Value>>> {
    let mut out = BTreeMap::new();
    for store in &map.stores {
        let location = dir.join(store.location.as_ref().expect("location").as_str());
        for table in &store.tables {
            let fields: Vec<&str> = table.fields.iter().map(|f| f.name.as_str()).collect();
            let rows: Vec<BTreeMap<String, Value>> = match store.kind.value {
                StoreKind::Sqlite => {
                    let mut conn = sqlite(&location).await;
                    let list: Vec<String> = fields.iter().map(|f| format!("CAST(\"{f}\" AS TEXT)")).collect();
                    let sql = format!("SELECT {} FROM \"{}\"", list.join(", "), table.name.as_str());
                    sqlx::query(&sql)
                        .fetch_all(&mut conn)
                        .await
                        .expect("dump")
                        .iter()
                        .map(|row| {
                            fields
                                .iter()
                                .enumerate()
                                .map(|(i, f)| {
                                    (
                                        (*f).to_owned(),
                                        row.get::<Option<String>, _>(i).map_or(Value::Null, Value::String),
                                    )
                                })
                                .collect()
                        })
                        .collect()
                }
                StoreKind::Csv => {
                    let path = location.join(format!("{}.csv", table.name.as_str()));
                    let mut reader = csv::Reader::from_path(path).expect("csv");
                    let header = reader.headers().expect("header").clone();
                    reader
                        .records()
                        .map(|r| {
                            let r = r.expect("record");
                            header
                                .iter()
                                .zip(r.iter())
                                .filter(|(h, _)| fields.contains(h))
                                .map(|(h, v)| {
                                    (h.to_owned(), if v.is_empty() { Value::Null } else { Value::String(v.to_owned()) })
                                })
                                .collect()
                        })
                        .collect()
                }
                _ => {
                    let path = location.join(format!("{}.jsonl", table.name.as_str()));
                    std::fs::read_to_string(path)
                        .expect("jsonl")
                        .lines()
                        .map(|line| {
                            let Value::Object(object) = serde_json::from_str(line).expect("json") else {
                                panic!("object")
                            };
                            object.into_iter().map(|(k, v)| (k, text_value(v))).collect()
                        })
                        .collect()
                }
            };
            out.insert(format!("{}:{}", store.id.as_str(), table.name.as_str()), rows);
        }
    }
    out
}

/// Cells compared as text, the way the SQLite dump reads them.
fn text_value(value: Value) -> Value {
    match value {
        Value::Null | Value::String(_) => value,
        other => Value::String(other.to_string()),
    }
}

async fn run(case: &Case) {
    let dir = tempfile::tempdir().expect("temp dir");
    tutela_connect::demo::create_demo_stores(case.slug, dir.path()).await.expect("demo stores");
    let map_path = dir.path().join("datamap.yaml");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo").join(case.slug).join("datamap.yaml");
    std::fs::copy(&source, &map_path).expect("copy the map");
    let map = tutela_datamap::load(&map_path).expect("the demo map is valid");
    let engine = Engine::new(map.clone(), dir.path());

    let mut conn = sqlite(&dir.path().join(case.database)).await;
    let email: String = sqlx::query_scalar(case.subject).fetch_one(&mut conn).await.expect("a subject");
    let email = email.to_lowercase();
    let identities = vec![Identity::parse(&format!("email={email}")).expect("identity")];

    // Access: the package holds exactly what the hand-written queries find.
    let package = dir.path().join("package.zip");
    let report = engine.access(&identities, Lang::En, &package, false).await.expect("access");
    assert!(report.found && report.complete, "{report:?}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&package).expect("package")).expect("zip");
    let manifest: Value = serde_json::from_str(&entry(&mut zip, "manifest.json")).expect("manifest");
    let store = &map.stores[0];
    for (table, sql) in case.tables {
        let want = expected(&mut conn, sql, &email).await;
        let listed = manifest["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .find(|t| t["store"] == store.id.as_str() && t["table"] == *table);
        let got: Vec<String> = match listed {
            None => Vec::new(),
            Some(t) if sql.starts_with("SELECT count(*)") => vec![format!("#{}", t["rows"])],
            Some(t) => {
                let mut keys: Vec<String> = t["keys"]
                    .as_array()
                    .expect("keys")
                    .iter()
                    .map(|k| k[0].as_str().expect("key").to_owned())
                    .collect();
                keys.sort();
                keys
            }
        };
        assert_eq!(got, want, "{}: {table}", case.slug);
        if let Some(t) = listed {
            let rows: Vec<Value> =
                serde_json::from_str(&entry(&mut zip, &format!("data/{}/{table}.json", store.id.as_str())))
                    .expect("rows");
            assert_eq!(rows.len() as u64, t["rows"].as_u64().expect("count"), "{}: {table}", case.slug);
        }
    }
    assert!(entry(&mut zip, "summary.html").contains("<h2>purposes</h2>"));
    drop(conn);

    // Erasure.
    let mut conns = engine.open().await.expect("open");
    let found = engine.find(&mut conns, &identities).await.expect("find");
    drop(conns);
    let before = dump(&map, dir.path()).await;
    let key = HashKey::new(KEY).expect("key");
    let report = engine.erase(&identities, Some(&key), false).await.expect("erase");
    assert!(report.complete, "{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    let after = dump(&map, dir.path()).await;

    for found_table in &found.tables {
        let (store, table) = engine.graph().resolve(&map, found_table.node);
        let label = format!("{}:{}", store.id.as_str(), table.name.as_str());
        let erasure = TableErasure::of(table);
        let subject: Vec<BTreeMap<String, Value>> = found_table
            .rows
            .iter()
            .map(|row| {
                table
                    .fields
                    .iter()
                    .map(|f| {
                        let cell = row[found_table.column(f.name.as_str()).expect("column")].clone();
                        (f.name.as_str().to_owned(), text_value(cell))
                    })
                    .collect()
            })
            .collect();
        // Other subjects' rows are untouched: every row before that is not the subject's is still there.
        let mut remaining = after[&label].clone();
        let mut others = 0;
        for row in &before[&label] {
            if subject.contains(row) {
                continue;
            }
            others += 1;
            let at = remaining
                .iter()
                .position(|r| r == row)
                .unwrap_or_else(|| panic!("{label}: another subject's row changed: {row:?}"));
            remaining.swap_remove(at);
        }
        assert_eq!(after[&label].len(), others + remaining.len(), "{label}");
        // The subject's personal values are gone wherever the map says they go.
        for field in &table.fields {
            let name = field.name.as_str();
            let goes = match (&field.masking, erasure) {
                (_, TableErasure::DeleteRows) => {
                    !is_key_field(table, name) || field.masking.as_ref().is_some_and(|m| m.value == Masking::DeleteRow)
                }
                (Some(m), _) => m.value != Masking::DeleteRow,
                (None, _) => false,
            };
            if !goes || field.categories.is_empty() {
                continue;
            }
            for row in &subject {
                let value = &row[name];
                let fixed = field.masking.as_ref().and_then(|m| match &m.value {
                    Masking::Fixed(text) => Some(Value::String(text.as_str().to_owned())),
                    _ => None,
                });
                if value.is_null() || fixed.as_ref() == Some(value) {
                    continue;
                }
                let count = |rows: &[BTreeMap<String, Value>]| rows.iter().filter(|r| &r[name] == value).count();
                let owned = count(&subject);
                let was = count(&before[&label]);
                let stubs_keep_key = erasure == TableErasure::DeleteRows && is_key_field(table, name);
                if !stubs_keep_key {
                    assert_eq!(
                        count(&after[&label]),
                        was - owned,
                        "{label}.{name}: the subject's value {value} remains"
                    );
                }
            }
        }
        // Held rows are kept.
        if erasure == TableErasure::Hold {
            assert_eq!(remaining.len(), subject.len(), "{label}: held rows are kept");
        }
    }

    // A second erasure finds nothing left to do.
    let again = engine.erase(&identities, Some(&key), false).await.expect("erase again");
    assert!(!again.found, "{again:?}");
}

#[tokio::test]
async fn kursy() {
    run(&KURSY).await;
}

#[tokio::test]
async fn lexue() {
    run(&LEXUE).await;
}

#[tokio::test]
async fn solarmax() {
    run(&SOLARMAX).await;
}

#[tokio::test]
async fn tunewave() {
    run(&TUNEWAVE).await;
}

#[tokio::test]
async fn pumpcare() {
    run(&PUMPCARE).await;
}
