//! Every consent record the API acknowledged survives `kill -9` of the server in the middle of a
//! concurrent recording load, although records are committed in groups.
//!
//! The test binary runs itself a second time as the server (on SQLite), records consents from many
//! concurrent clients, kills the server with SIGKILL while they are still sending, then reopens the
//! database: every record acknowledged with 201 is there, and the journal verifies.

mod child;

use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;
use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_core::staff::Roles;
use tutela_db::{Db, Location, NewToken};

const CHILD_ENV: &str = "TUTELA_CONSENT_DURABILITY_CHILD_DIR";
/// Concurrent clients, so that commits carry several records each.
const CLIENTS: usize = 16;
/// Acknowledgements to wait for before killing, so the kill lands under full load.
const ACKS_BEFORE_KILL: usize = 300;

const DATAMAP: &str = r#"
version: 1
operator:
  legal_name: Shop Test LLC
  country: RU
  address: 190000, St Petersburg, Test Street 1
  contact: { email: privacy@shop.example }
  jurisdictions: [ru_152fz]
purposes:
  - id: newsletter
    description: News by e-mail
    legal_basis: { kind: consent, articles: { ru_152fz: "art. 6(1)(1)" } }
    retention: [until_consent_withdrawn]
    actions: [collect, store, use]
"#;

/// In the child: serve the data directory on a random port and print the address.
#[tokio::test]
async fn consent_durability_child_server() {
    child::serve_if_child(CHILD_ENV).await;
}

async fn prepare(location: &Location) -> String {
    let store = Db::open(location).await.unwrap();
    let actor = Actor::parse("system:test").unwrap();
    let op = store
        .create_operator(&OperatorSlug::parse("shop").unwrap(), &OperatorName::parse("Shop").unwrap(), &actor)
        .await
        .unwrap();
    let sources = vec![(PathBuf::from("datamap.yaml"), DATAMAP.to_owned())];
    tutela_server::datamaps::apply(&store, &op.id, sources, &actor).await.expect("the data map applies");
    let new =
        NewToken { name: "load".into(), roles: Roles::parse_list("agent").unwrap(), staff_id: None, expires_at: None };
    let secret = store.issue_token(&op.id, &new, &actor).await.unwrap().1;
    store.close().await;
    secret
}

/// One client: records consents until the server stops answering; returns the acknowledged ids.
async fn client(index: usize, address: String, token: String, acked: tokio::sync::mpsc::UnboundedSender<String>) {
    let http = reqwest::Client::new();
    for n in 0.. {
        let body = json!({
            "subject": format!("cust-{index}-{n}"),
            "choices": [{ "purpose": "newsletter", "state": "given" }],
            "method": { "kind": "form_button", "form": "signup", "button": "Подписаться" },
            "channel": "web",
            "notice_text": "Я согласен получать новости.",
        });
        let sent = http
            .post(format!("http://{address}/api/v1/consents"))
            .bearer_auth(&token)
            .json(&body)
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        let Ok(response) = sent else { return };
        if response.status() != 201 {
            return;
        }
        let Ok(body) = response.json::<serde_json::Value>().await else { return };
        if let Some(id) = body["records"][0]["id"].as_str() {
            let _ = acked.send(id.to_owned());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_consents_survive_kill_9() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let location = Location::DataDir(dir.path().to_owned());
    let token = prepare(&location).await;
    let (mut child, address) = child::spawn("consent_durability_child_server", CHILD_ENV, dir.path());

    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let clients: Vec<_> =
        (0..CLIENTS).map(|i| tokio::spawn(client(i, address.clone(), token.clone(), sender.clone()))).collect();
    drop(sender);
    let mut acknowledged = Vec::new();
    while acknowledged.len() < ACKS_BEFORE_KILL {
        let id = tokio::time::timeout(Duration::from_secs(30), receiver.recv())
            .await
            .expect("the server acknowledges records under load")
            .expect("the clients keep recording until the kill");
        acknowledged.push(id);
    }
    child::kill_9(&mut child);
    for client in clients {
        client.await.unwrap();
    }
    while let Some(id) = receiver.recv().await {
        acknowledged.push(id);
    }

    let store = Db::open(&location).await.unwrap();
    let op = store.operator("shop").await.unwrap();
    for id in &acknowledged {
        store
            .ledger_record(&op.id, id)
            .await
            .unwrap_or_else(|e| panic!("acknowledged consent record {id} lost after kill -9: {e}"));
    }
    let entries = store.verify_journal(&op).await.expect("the journal verifies after kill -9");
    assert!(entries as usize > acknowledged.len(), "{entries} entries for {} acknowledged records", acknowledged.len());
}
