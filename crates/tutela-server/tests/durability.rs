//! An acknowledged write survives `kill -9` of the server.
//!
//! The test binary runs itself a second time as the server (on SQLite, the backend whose durability
//! is Tutela's own job), creates clocks through the API while another task keeps writing, kills the
//! server with SIGKILL in the middle of that load, then reopens the database: every clock the API
//! acknowledged with 201 is there, and the journal verifies.

mod child;

use std::time::Duration;

use serde_json::json;
use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_core::staff::Roles;
use tutela_db::{Db, Location, NewToken};

const CHILD_ENV: &str = "TUTELA_DURABILITY_CHILD_DIR";
const ACKS_BEFORE_KILL: usize = 60;

/// In the child: serve the data directory on a random port and print the address.
#[tokio::test]
async fn durability_child_server() {
    child::serve_if_child(CHILD_ENV).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_clocks_survive_kill_9() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let location = Location::DataDir(dir.path().to_owned());
    let token = {
        let store = Db::open(&location).await.unwrap();
        let actor = Actor::parse("system:test").unwrap();
        let op = store
            .create_operator(&OperatorSlug::parse("alpha").unwrap(), &OperatorName::parse("Alpha").unwrap(), &actor)
            .await
            .unwrap();
        let new = NewToken {
            name: "load".into(),
            roles: Roles::parse_list("agent").unwrap(),
            staff_id: None,
            expires_at: None,
        };
        let secret = store.issue_token(&op.id, &new, &actor).await.unwrap().1;
        store.close().await;
        secret
    };

    let (mut child, address) = child::spawn("durability_child_server", CHILD_ENV, dir.path());

    let client = reqwest::Client::new();
    let post = |index: usize| {
        client
            .post(format!("http://{address}/api/v1/clocks"))
            .bearer_auth(&token)
            .json(
                &json!({"kind": "load", "label": format!("clock {index}"), "calendar": "24x7", "duration": "8 hours"}),
            )
            .timeout(Duration::from_secs(5))
            .send()
    };
    let mut acknowledged = Vec::new();
    let mut index = 0;
    while acknowledged.len() < ACKS_BEFORE_KILL {
        let response = post(index).await.expect("the server answers before the kill");
        assert_eq!(response.status(), 201);
        let body: serde_json::Value = response.json().await.unwrap();
        acknowledged.push(body["id"].as_str().unwrap().to_owned());
        index += 1;
    }
    // Keep writing from a second task while the server is killed, so the kill lands mid-load.
    let in_flight = tokio::spawn({
        let (client, address, token) = (client.clone(), address.clone(), token.clone());
        async move {
            let mut acked = Vec::new();
            for index in 10_000..10_500 {
                let sent = client
                    .post(format!("http://{address}/api/v1/clocks"))
                    .bearer_auth(&token)
                    .json(&json!({"kind": "load", "label": format!("clock {index}"), "calendar": "24x7", "duration": "8 hours"}))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status() == 201 => {
                        if let Ok(body) = response.json::<serde_json::Value>().await {
                            acked.push(body["id"].as_str().unwrap_or_default().to_owned());
                        }
                    }
                    _ => break,
                }
            }
            acked
        }
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    child::kill_9(&mut child);
    acknowledged.extend(in_flight.await.unwrap().into_iter().filter(|id| !id.is_empty()));

    let store = Db::open(&location).await.unwrap();
    let op = store.operator("alpha").await.unwrap();
    for id in &acknowledged {
        store.clock(&op.id, id).await.unwrap_or_else(|e| panic!("acknowledged clock {id} lost after kill -9: {e}"));
    }
    let entries = store.verify_journal(&op).await.expect("the journal verifies after kill -9");
    assert!(
        entries as usize >= 2 + acknowledged.len(),
        "{entries} entries for {} acknowledged clocks",
        acknowledged.len()
    );
}
