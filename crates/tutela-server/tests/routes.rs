//! The route table, checked as a whole: every route is documented, every schema name means one
//! thing, and every route that needs a permission refuses callers without a token and every role
//! that lacks it. Generated from `api::routes()`, so a new route is covered without a new test.

mod common;

use std::collections::BTreeMap;

use common::{TestApp, read};
use reqwest::Method;
use tutela_core::staff::Role;
use tutela_db::test_support;
use tutela_server::api::route::{Access, RouteInfo};

fn table() -> Vec<RouteInfo> {
    tutela_server::api::routes().iter().flat_map(tutela_server::api::route::ApiRoute::info).collect()
}

#[test]
fn every_route_is_in_the_api_document_and_nothing_else_is() {
    let document = serde_json::to_value(tutela_server::api::openapi()).unwrap();
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys().filter(|key| *key != "parameters") {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    documented.sort();
    let mut routed: Vec<(String, String)> = table().into_iter().map(|r| (r.method.to_string(), r.path)).collect();
    routed.sort();
    assert_eq!(routed, documented);
    for path in ["/healthz", "/metrics", "/.well-known/gpc.json", "/public/{operator}/datamap/{artifact}"] {
        assert!(routed.iter().any(|(_, p)| p == path), "{path} is documented");
    }
}

#[test]
fn no_two_schemas_share_a_name() {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for route in tutela_server::api::routes() {
        for (name, schema) in &route.handlers.0 {
            let text = serde_json::to_string(schema).unwrap();
            if let Some(previous) = seen.insert(name.clone(), text.clone()) {
                assert_eq!(previous, text, "two different schemas are both named {name}");
            }
        }
    }
    assert!(seen.contains_key("EntryView") && seen.contains_key("ProofEntryView"), "{:?}", seen.keys());
}

/// A path with every `{parameter}` filled with a value that names nothing.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') { "no-such-thing" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_staff_route_checks_its_permission_before_anything_else() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (operator, _) = app.operator("alpha").await;
        let mut tokens = Vec::new();
        for role in Role::ALL {
            tokens.push((role, app.token(&operator, role.as_str()).await));
        }
        let mut checked = 0;
        for route in table() {
            let Access::Staff(permission) = route.access else { continue };
            let path = concrete(&route.path);
            let method = Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
            let (status, _) = read(app.request(method.clone(), &path, None).send().await.unwrap()).await;
            assert_eq!(status, 401, "{} {path} without a token", route.method);
            for (role, token) in &tokens {
                let request = app.request(method.clone(), &path, Some(token));
                let request = if method == Method::GET { request } else { request.json(&serde_json::json!({})) };
                let (status, body) = read(request.send().await.unwrap()).await;
                if role.allows(permission) {
                    assert!(status != 401 && status != 403, "{role} may {} {path}: {status} {body}", route.method);
                } else {
                    assert_eq!(status, 403, "{role} lacks {permission} for {} {path}: {body}", route.method);
                    let detail = body["detail"].as_str().unwrap();
                    assert!(detail.contains(&permission.describe()), "{detail}");
                }
            }
            checked += 1;
        }
        assert!(checked > 40, "only {checked} staff routes were checked");
    }
}
