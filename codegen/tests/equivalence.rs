//! Equivalent specs give identical code: reordered keys or paths,
//! reformatted YAML and JSON all produce the same bytes. The header hash is
//! taken over the canonical JSON form, so it is equal too. Only the spec
//! file name in the first header line can differ.

use std::path::Path;

use dws_codegen::{GeneratedCode, generate};

fn generate_text(folder: &Path, name: &str, text: &str) -> GeneratedCode {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("spec is written");
    generate(&path).unwrap_or_else(|error| panic!("{name} does not generate: {error}"))
}

/// Returns the mapping with its keys in reverse order, at every level.
fn reversed(value: &yaml_serde::Value) -> yaml_serde::Value {
    match value {
        yaml_serde::Value::Mapping(mapping) => {
            let mut entries: Vec<_> = mapping.iter().collect();
            entries.reverse();
            let mut out = yaml_serde::Mapping::new();
            for (key, item) in entries {
                out.insert(key.clone(), reversed(item));
            }
            yaml_serde::Value::Mapping(out)
        }
        yaml_serde::Value::Sequence(items) => {
            yaml_serde::Value::Sequence(items.iter().map(reversed).collect())
        }
        other => other.clone(),
    }
}

fn parse(text: &str) -> yaml_serde::Value {
    yaml_serde::from_str(text).expect("spec is YAML")
}

fn real_spec_text() -> String {
    std::fs::read_to_string(dws_codegen::default_spec_path()).expect("spec is readable")
}

/// Returns other forms of one spec: keys reversed, re-emitted YAML, pretty
/// JSON and one-line JSON.
fn variants(text: &str) -> Vec<(&'static str, String)> {
    let value = parse(text);
    let json: serde_json::Value = serde_json::to_value(&value).expect("spec converts to JSON");
    vec![
        (
            "keys reversed",
            yaml_serde::to_string(&reversed(&value)).expect("YAML"),
        ),
        (
            "re-emitted YAML",
            yaml_serde::to_string(&value).expect("YAML"),
        ),
        (
            "pretty JSON",
            serde_json::to_string_pretty(&json).expect("JSON"),
        ),
        ("one-line JSON", serde_json::to_string(&json).expect("JSON")),
    ]
}

fn assert_equivalent(text: &str) {
    let original_folder = tempfile::tempdir().expect("temporary folder");
    let original = generate_text(original_folder.path(), "spec.yaml", text);

    for (label, variant) in variants(text) {
        assert_ne!(
            variant, text,
            "{label}: the variant equals the original text"
        );
        let folder = tempfile::tempdir().expect("temporary folder");
        let generated = generate_text(folder.path(), "spec.yaml", &variant);

        assert_eq!(
            generated.header.spec_sha256, original.header.spec_sha256,
            "{label}: the spec hash differs"
        );
        assert!(
            generated.source == original.source,
            "{label}: the generated code differs"
        );
    }
}

#[test]
fn real_spec_forms_equivalent() {
    assert_equivalent(&real_spec_text());
}

#[test]
fn reordered_paths_equivalent() {
    assert_equivalent(&dws_codegen::synthetic::spec_with_operations(5));
}

#[test]
fn comments_do_not_change_code() {
    let text = real_spec_text();
    let commented = format!(
        "# A comment at the top.\n{}",
        text.replace("paths:\n", "paths: # every operation\n")
    );
    let folder = tempfile::tempdir().expect("temporary folder");

    let original = generate_text(folder.path(), "a.yaml", &text);
    let with_comments = generate_text(folder.path(), "b.yaml", &commented);

    assert_eq!(
        original.header.spec_sha256,
        with_comments.header.spec_sha256
    );
    let body = |code: &GeneratedCode| {
        code.source
            .split_once('\n')
            .map(|(_, rest)| rest.to_owned())
    };
    assert_eq!(body(&original), body(&with_comments));
}

#[test]
fn json_file_name_only_changes_label() {
    let text = real_spec_text();
    let json = serde_json::to_string_pretty(&serde_json::to_value(parse(&text)).expect("JSON"))
        .expect("JSON");
    let folder = tempfile::tempdir().expect("temporary folder");

    let from_yaml = generate_text(folder.path(), "dws.yaml", &text);
    let from_json = generate_text(folder.path(), "dws.json", &json);

    let (yaml_label, yaml_rest) = from_yaml.source.split_once('\n').expect("header line");
    let (json_label, json_rest) = from_json.source.split_once('\n').expect("header line");
    assert!(yaml_label.ends_with("from dws.yaml."), "{yaml_label}");
    assert!(json_label.ends_with("from dws.json."), "{json_label}");
    assert!(
        yaml_rest == json_rest,
        "the code after the first header line differs"
    );
}

#[test]
fn changed_spec_changes_hash() {
    let text = real_spec_text();
    let folder = tempfile::tempdir().expect("temporary folder");

    let original = generate_text(folder.path(), "a.yaml", &text);
    let edited = generate_text(
        folder.path(),
        "b.yaml",
        &text.replace("version: \"2.0\"", "version: \"2.1\""),
    );

    assert_ne!(original.header.spec_sha256, edited.header.spec_sha256);
}

#[test]
fn merge_keys_expand_like_copies() {
    let text = real_spec_text();
    let forbidden = "    Forbidden:\n      description: The caller lacks the required permissions.\n      content:\n        application/json:\n          schema:\n            $ref: \"#/components/schemas/ErrorBody\"\n";
    let merged = "    Forbidden:\n      <<: *error_response\n      description: The caller lacks the required permissions.\n";
    let with_merge = text
        .replacen("    BadRequest:\n", "    BadRequest: &error_response\n", 1)
        .replacen(forbidden, merged, 1);
    assert!(
        with_merge.contains("&error_response"),
        "the anchor was not written"
    );
    assert!(
        with_merge.contains("<<: *error_response"),
        "the merge key was not written"
    );
    let folder = tempfile::tempdir().expect("temporary folder");

    let original = generate_text(folder.path(), "a.yaml", &text);
    let merged = generate_text(folder.path(), "b.yaml", &with_merge);

    assert_eq!(original.header.spec_sha256, merged.header.spec_sha256);
    let body = |code: &GeneratedCode| {
        code.source
            .split_once('\n')
            .map(|(_, rest)| rest.to_owned())
    };
    assert!(
        body(&original) == body(&merged),
        "the merged spec generates other code"
    );
}
