//! The committed JSON Schema of the report (`schema/report.schema.json`) is the one the report
//! types generate (feature `schema`); refresh it with `UPDATE_SCHEMA=1 cargo test --features
//! schema --test schema`. Reports of every fixture have exactly the top-level and evidence
//! fields the schema names.
#![cfg(feature = "schema")]

mod support;

use std::path::Path;

fn committed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json")
}

#[test]
fn the_committed_schema_is_current() {
    let now = serde_json::to_string_pretty(&pmo_advert::report_schema()).unwrap() + "\n";
    let path = committed();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &now).unwrap();
    }
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        old == now,
        "{} is stale: run UPDATE_SCHEMA=1 cargo test --features schema --test schema",
        path.display()
    );
}

#[test]
fn reports_use_only_the_fields_the_schema_names() {
    let schema = pmo_advert::report_schema();
    let top = schema["properties"].as_object().unwrap();
    let evidence_ref = schema["properties"]["evidence"]["items"]["$ref"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let evidence = schema["$defs"][&evidence_ref]["properties"]
        .as_object()
        .unwrap();
    let analyser = pmo_advert::Analyser::builtin();
    for (name, text) in support::fixtures("txt") {
        let report = serde_json::to_value(analyser.analyse_text(&text)).unwrap();
        for key in report.as_object().unwrap().keys() {
            assert!(top.contains_key(key), "{name}: {key} not in the schema");
        }
        for e in report["evidence"].as_array().unwrap() {
            for key in e.as_object().unwrap().keys() {
                assert!(
                    evidence.contains_key(key),
                    "evidence.{key} not in the schema"
                );
            }
        }
    }
}
