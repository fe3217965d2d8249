//! The committed OpenAPI document (`docs/openapi.json`) is the one the server serves.
//! After changing the API, regenerate it with `TUTELA_UPDATE_OPENAPI=1 cargo test -p tutela-server --test openapi`.

use std::path::PathBuf;

#[test]
fn committed_openapi_document_matches_the_routes() {
    let generated = tutela_server::api::openapi();
    let generated = serde_json::to_string_pretty(&generated).expect("serialise the OpenAPI document") + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    if std::env::var_os("TUTELA_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write docs/openapi.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is out of date with the routes; regenerate it with \
         TUTELA_UPDATE_OPENAPI=1 cargo test -p tutela-server --test openapi"
    );
}
