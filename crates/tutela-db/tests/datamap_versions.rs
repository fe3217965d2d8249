//! Applied data maps: versions number from 1, an unchanged map is not stored again, a map prepared
//! against a version since replaced is refused, every apply is journaled, and one operator never sees
//! another's versions. On both backends.

use serde_json::json;
use tutela_core::journal::Actor;
use tutela_db::DbError;
use tutela_db::datamap::{DataMapSource, NewDataMapVersion};
use tutela_db::test_support;

fn new_version(hash: &str, text: &str, based_on: Option<u64>) -> NewDataMapVersion {
    NewDataMapVersion {
        content_hash: hash.to_owned(),
        based_on,
        sources: vec![DataMapSource { name: "datamap.yaml".to_owned(), text: text.to_owned() }],
        changes: json!({ "added": [format!("purpose:{text}")] }),
    }
}

#[tokio::test]
async fn versions_count_up_and_an_unchanged_map_is_not_stored_again() {
    for db in test_support::all().await {
        let store = db.open().await;
        let op = test_support::create_operator(&store, "alpha").await;
        let dpo = Actor::parse("staff:dpo@alpha.example").unwrap();
        assert_eq!(store.current_datamap(&op.id).await.unwrap(), None, "{}", db.backend);

        let (first, stored) = store.apply_datamap(&op.id, &new_version("aa", "one", None), &dpo).await.unwrap();
        assert_eq!((first.version, stored), (1, true), "{}", db.backend);
        let (second, stored) = store.apply_datamap(&op.id, &new_version("bb", "two", Some(1)), &dpo).await.unwrap();
        assert_eq!((second.version, stored), (2, true), "{}", db.backend);
        let stale = store.apply_datamap(&op.id, &new_version("cc", "three", Some(1)), &dpo).await;
        assert!(
            matches!(stale, Err(DbError::Stale { expected: 1, current: 2, .. })),
            "changes computed against version 1 are refused once version 2 is applied: {stale:?} ({})",
            db.backend
        );
        let (again, stored) = store.apply_datamap(&op.id, &new_version("bb", "two", Some(1)), &dpo).await.unwrap();
        assert_eq!((again.version, stored), (2, false), "{}", db.backend);

        let current = store.current_datamap(&op.id).await.unwrap().unwrap();
        assert_eq!(current.version, second);
        assert_eq!(current.sources[0].text, "two");
        assert_eq!(store.datamap_version(&op.id, 1).await.unwrap().unwrap().sources[0].text, "one");
        assert_eq!(store.datamap_version(&op.id, 3).await.unwrap(), None);
        assert_eq!(store.datamap_head(&op.id).await.unwrap(), Some(2));
        let listed: Vec<u64> =
            store.list_datamap_versions(&op.id, None, 10).await.unwrap().iter().map(|v| v.version).collect();
        assert_eq!(listed, vec![2, 1], "{}", db.backend);
        assert_eq!(second.applied_by, "staff:dpo@alpha.example");
    }
}

#[tokio::test]
async fn every_apply_is_journaled_with_version_hash_and_changes() {
    for db in test_support::all().await {
        let store = db.open().await;
        let op = test_support::create_operator(&store, "alpha").await;
        let dpo = Actor::parse("staff:dpo@alpha.example").unwrap();
        store.apply_datamap(&op.id, &new_version("aa", "one", None), &dpo).await.unwrap();
        store.apply_datamap(&op.id, &new_version("aa", "one", None), &dpo).await.unwrap();
        let entries = store.journal_page(&op.id, 0, 100).await.unwrap();
        let applies: Vec<_> = entries.iter().filter(|e| e.action.as_str() == "apply_datamap").collect();
        assert_eq!(applies.len(), 1, "an unchanged map is not journaled again ({})", db.backend);
        assert_eq!(applies[0].object.id, "1");
        assert_eq!(applies[0].details["content_hash"], "aa");
        assert_eq!(applies[0].details["changes"]["added"][0], "purpose:one");
        assert_eq!(store.verify_journal(&op).await.unwrap(), entries.len() as u64);
    }
}

#[tokio::test]
async fn operators_do_not_see_each_others_versions() {
    for db in test_support::all().await {
        let store = db.open().await;
        let alpha = test_support::create_operator(&store, "alpha").await;
        let beta = test_support::create_operator(&store, "beta").await;
        let actor = Actor::parse("system:test").unwrap();
        store.apply_datamap(&alpha.id, &new_version("aa", "one", None), &actor).await.unwrap();
        assert_eq!(store.current_datamap(&beta.id).await.unwrap(), None, "{}", db.backend);
        assert_eq!(store.datamap_version(&beta.id, 1).await.unwrap(), None);
        assert_eq!(store.datamap_head(&beta.id).await.unwrap(), None);
        let (beta_first, _) = store.apply_datamap(&beta.id, &new_version("aa", "one", None), &actor).await.unwrap();
        assert_eq!(beta_first.version, 1, "versions are numbered per operator");
    }
}
