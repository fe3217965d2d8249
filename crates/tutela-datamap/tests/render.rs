//! The published artefacts of the Kursy demo map, compared with reviewed snapshots: all four
//! artefacts in all five languages as HTML, and the CSV and JSON of each in English and Russian.
//! Plus: every message the renderer can ask for exists in every language, hostile operator text is
//! escaped, and untranslated text is marked with its language.
//!
//! After a deliberate change, review the new snapshots with `cargo insta review` (or run with
//! `INSTA_UPDATE=always` and read the diff) before committing them.

use std::path::{Path, PathBuf};

use tutela_datamap::render::{Artifact, Edition, Format, render, vocabulary_ids};
use tutela_datamap::{DataMap, Lang};
use tutela_i18n::Messages;

fn kursy() -> (DataMap, Edition) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/kursy/datamap.yaml");
    let sources = tutela_datamap::read_sources(&path).expect("read");
    let map = tutela_datamap::load_sources(sources).expect("valid");
    // A fixed hash: the snapshots change when the rendered content does, not with every byte of the
    // file (the CLI tests check that the real hash is shown).
    (map, Edition { version: Some(3), content_hash: "5e1f".repeat(16) })
}

fn rendered(map: &DataMap, edition: &Edition, artifact: Artifact, lang: Lang, format: Format) -> String {
    render(map, artifact, lang, format, edition)
        .unwrap_or_else(|error| panic!("{artifact} {lang} {format}: {error}"))
        .body
}

fn snapshot_name(artifact: Artifact, lang: Lang, format: Format) -> String {
    format!("kursy-{artifact}-{lang}.{format}")
}

#[test]
fn kursy_html_in_every_language() {
    let (map, edition) = kursy();
    for artifact in Artifact::ALL {
        for lang in Lang::ALL {
            let body = rendered(&map, &edition, artifact, lang, Format::Html);
            insta::assert_snapshot!(snapshot_name(artifact, lang, Format::Html), body);
        }
    }
}

#[test]
fn kursy_csv_and_json() {
    let (map, edition) = kursy();
    for artifact in Artifact::ALL {
        for lang in [Lang::En, Lang::Ru, Lang::ZhCn] {
            for format in [Format::Csv, Format::Json] {
                let body = rendered(&map, &edition, artifact, lang, format);
                insta::assert_snapshot!(snapshot_name(artifact, lang, format), body);
            }
        }
    }
}

#[test]
fn every_message_the_renderer_uses_exists_in_every_language() {
    let ids = vocabulary_ids();
    assert!(ids.len() >= 150, "{}", ids.len());
    for lang in Lang::ALL {
        let messages = Messages::new(lang);
        let missing: Vec<&String> = ids.iter().filter(|id| !messages.has(id)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
    }
}

/// An operator in Germany with hostile text everywhere, an SDK in the United States, a special
/// category, and English and Chinese as its languages with some texts left untranslated.
const HOSTILE: &str = r#"version: 1
operator:
  languages: [en, zh-CN]
  legal_name: 'Evil <script>alert("x")</script> & Co, "Ltd"'
  country: DE
  address: |-
    Hauptstraße 1,
    10115 Berlin
  contact: { email: "dpo@evil.example" }
  jurisdictions: [eu_gdpr]
purposes:
  - id: health_check
    description:
      en: "Checks, \"quoted\", with commas, and\na new line </td></tr><td>"
      zh-CN: 健康检查 <b>粗体</b>
    legal_basis: { kind: consent, articles: { eu_gdpr: "art. 6(1)(a)" } }
    retention: [until_consent_withdrawn, 2 years]
    actions: [collect, store, use, transfer]
    special_categories:
      condition: explicit_consent
      article: "art. 9(2)(a)"
      categories: [special.health]
stores:
  - id: db
    kind: sqlite
    location: db.sqlite3
    region: DE
    tables:
      - name: people
        identifies_subject_by: [email]
        fields:
          - { name: email, categories: [contact.email], masking: set_null }
          - { name: health, categories: [special.health], masking: set_null }
recipients:
  - id: tracker
    name: "Tracker <img src=x onerror=alert(1)>"
    kind: sdk
    country: US
    data_categories: [contact.email, special.health]
    purposes: [health_check]
    method: "SDK, \"embedded\""
    policy_url: "https://tracker.example/privacy?a=1&b=2"
transfers:
  - { recipient: tracker, to_country: US, mechanism: standard_contractual_clauses, article: "art. 46(2)(c)" }
processing_activities:
  - id: checks
    subject_categories: [customer]
    data_categories: [contact.email, special.health]
    purposes: [health_check]
    stores: [db]
    recipients: [tracker]
"#;

fn hostile() -> DataMap {
    let sources = vec![(PathBuf::from("datamap.yaml"), HOSTILE.to_owned())];
    tutela_datamap::load_sources(sources).unwrap_or_else(|error| panic!("{error}"))
}

fn draft() -> Edition {
    Edition { version: None, content_hash: "ab".repeat(32) }
}

#[test]
fn hostile_text_is_escaped_in_html() {
    let map = hostile();
    for artifact in Artifact::ALL {
        for lang in [Lang::En, Lang::ZhCn] {
            let html = rendered(&map, &draft(), artifact, lang, Format::Html);
            for raw in ["<script>", "<img", "</td></tr><td>", "<b>", "&b=2", "\"x\")", "\"Ltd\""] {
                assert!(!html.contains(raw), "{artifact} {lang}: {raw} is not escaped");
            }
            assert_eq!(html.matches("<script").count(), 0);
            assert!(html.contains("<html lang=\"") && !html.contains("<script"), "{artifact} {lang}");
        }
    }
    let html = rendered(&map, &draft(), Artifact::Ropa, Lang::En, Format::Html);
    assert!(
        html.contains("Evil &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; Co, &#34;Ltd&#34;"),
        "{html}"
    );
    assert!(html.contains("Draft: this data map has not been applied"));
    assert!(html.contains(&"ab".repeat(32)));
}

#[test]
fn hostile_text_survives_csv_and_json_intact() {
    let map = hostile();
    let csv = rendered(&map, &draft(), Artifact::PiCollected, Lang::En, Format::Csv);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers: Vec<String> = reader.headers().expect("header row").iter().map(str::to_owned).collect();
    assert_eq!(headers[1], "Purpose");
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("valid CSV");
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "Checks, \"quoted\", with commas, and\na new line </td></tr><td>");
    assert_eq!(&rows[0][2], "E-mail address\nHealth (special category)");

    let json = rendered(&map, &draft(), Artifact::PiShared, Lang::En, Format::Json);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["edition"]["version"], serde_json::Value::Null);
    let sdk = &value["sections"][1]["rows"][0];
    assert_eq!(sdk["recipient"], "Tracker <img src=x onerror=alert(1)>");
    assert_eq!(sdk["method"], "SDK, \"embedded\"");
    assert_eq!(
        sdk["transfer_abroad"],
        serde_json::json!(["Yes, to US", "Standard contractual clauses (art. 46(2)(c))"])
    );
    assert_eq!(value["sections"][0]["rows"], serde_json::json!([]));
}

#[test]
fn untranslated_text_falls_back_to_the_default_language_and_is_marked() {
    let map = hostile();
    let html = rendered(&map, &draft(), Artifact::Notice, Lang::ZhCn, Format::Html);
    // Translated: shown in Chinese, unmarked. Plain (default-language) texts: marked lang="en".
    assert!(html.contains("<td>健康检查 &#60;b&#62;粗体&#60;/b&#62;</td>"), "{html}");
    assert!(html.contains("<span lang=\"en\">Tracker &#60;img src=x onerror=alert(1)&#62;</span>"), "{html}");
    assert!(html.contains("个人信息处理者未翻译的内容以原文显示。"));
    assert!(html.contains("医疗健康信息（敏感个人信息）"));
    // A language the operator does not publish in falls back too.
    let html = rendered(&map, &draft(), Artifact::Notice, Lang::Ru, Format::Html);
    assert!(html.contains("<span lang=\"en\">Checks,"), "{html}");
    // In the default language nothing is marked and no note is added.
    let html = rendered(&map, &draft(), Artifact::Notice, Lang::En, Format::Html);
    assert!(!html.contains("<span lang="));
    assert!(!html.contains("original language"));
    assert!(html.contains("Some of this data belongs to special categories"));
    assert!(html.contains("Until consent is withdrawn; 2 years from collection, whichever comes first"));
}

#[test]
fn artifact_and_format_names_parse() {
    for artifact in Artifact::ALL {
        assert_eq!(artifact.as_str().parse::<Artifact>(), Ok(artifact));
    }
    for format in Format::ALL {
        assert_eq!(format.as_str().parse::<Format>(), Ok(format));
    }
    let error = "gdpr".parse::<Artifact>().expect_err("unknown");
    assert_eq!(error.to_string(), "unknown artifact \"gdpr\": expected one of ropa, pi-collected, pi-shared, notice");
    let error = "pdf".parse::<Format>().expect_err("unknown");
    assert_eq!(error.to_string(), "unknown format \"pdf\": expected one of html, csv, json");
}
