//! Snapshot tests of the generated models against the documented API page.

use dws_client::types::ListDisasterRecoverResponse;
use dws_tests::source_tables::{
    builder_parameters, enum_code, enum_table, inherent_methods, model_table, operation_table,
    parse, struct_fields,
};
use dws_tests::{committed_generated_source, read_fixture};
use serde_json::Value;

fn documented_fields() -> Vec<String> {
    read_fixture("documented_fields.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn example_response() -> Value {
    serde_json::from_str(&read_fixture("example_response.json")).expect("example fixture is JSON")
}

/// Removes object keys whose value is `null`, recursively, because the spec
/// treats an absent key and `null` as the same "no value".
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(key, value)| (key, without_nulls(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[test]
fn generated_models_table() {
    let file = parse(&committed_generated_source());
    insta::assert_snapshot!(model_table(&file));
}

#[test]
fn generated_enums_table() {
    let file = parse(&committed_generated_source());
    insta::assert_snapshot!(enum_table(&file));
}

#[test]
fn generated_enum_code() {
    let file = parse(&committed_generated_source());
    insta::assert_snapshot!(enum_code(&file, "DrType"));
}

#[test]
fn spec_enums_are_generated() {
    let spec_path = dws_codegen::default_spec_path();
    let spec = dws_codegen::spec::load(&spec_path).expect("spec loads");
    let enums = dws_codegen::extensible_enum::collect(&spec_path, &spec.document)
        .expect("the spec's extensible enums are valid");
    let table = enum_table(&parse(&committed_generated_source()));

    assert_eq!(enums.len(), 4);
    for extensible in &enums {
        for value in &extensible.values {
            let row = format!(
                "| {} | {} | `{}` |",
                extensible.name, value.variant, value.wire
            );
            assert!(table.contains(&row), "no generated variant for {row}");
        }
    }
}

#[test]
fn client_operations_table() {
    let file = parse(&committed_generated_source());
    insta::assert_snapshot!(operation_table(&file));
}

#[test]
fn documented_fields_are_generated() {
    let file = parse(&committed_generated_source());
    let generated = struct_fields(&file, "DisasterRecovery");

    for field in documented_fields() {
        assert!(
            generated.contains(&field),
            "documented field `{field}` is missing from DisasterRecovery"
        );
    }
}

#[test]
fn undocumented_fields_are_not_generated() {
    let file = parse(&committed_generated_source());
    let documented = documented_fields();

    for field in struct_fields(&file, "DisasterRecovery") {
        assert!(
            documented.contains(&field),
            "DisasterRecovery has `{field}`, which tests/fixtures/documented_fields.txt \
             (the fields of the API page) does not list; add it there if the page documents it"
        );
    }
}

#[test]
fn spec_lists_fields_in_documented_order() {
    let spec = dws_codegen::spec::load(&dws_codegen::default_spec_path()).expect("spec loads");
    let schemas = &spec
        .document
        .components
        .expect("spec has components")
        .schemas;
    let schema = schemas["DisasterRecovery"]
        .as_item()
        .expect("DisasterRecovery is inline");
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
        panic!("DisasterRecovery is not an object schema");
    };
    let spec_order: Vec<String> = object.properties.keys().cloned().collect();

    assert_eq!(
        spec_order,
        documented_fields(),
        "DisasterRecovery properties in spec/dws.yaml must match \
         tests/fixtures/documented_fields.txt, in the API page's order"
    );
}

#[test]
fn spec_example_is_the_documented_example() {
    let spec = dws_codegen::spec::load(&dws_codegen::default_spec_path()).expect("spec loads");
    let operation = spec.document.paths.paths["/v2/{project_id}/disaster-recoveries"]
        .as_item()
        .and_then(|item| item.get.clone())
        .expect("the list operation exists");
    let openapiv3::ReferenceOr::Item(response) =
        &operation.responses.responses[&openapiv3::StatusCode::Code(200)]
    else {
        panic!("the 200 response is a reference");
    };
    let example = response.content["application/json"]
        .example
        .clone()
        .expect("the 200 response has an example");

    assert_eq!(example, example_response());
}

#[test]
fn example_response_decodes() {
    let decoded: ListDisasterRecoverResponse =
        serde_json::from_str(&read_fixture("example_response.json")).expect("example decodes");

    insta::assert_json_snapshot!(decoded);
}

#[test]
fn example_response_typed_values() {
    let decoded: ListDisasterRecoverResponse =
        serde_json::from_str(&read_fixture("example_response.json")).expect("example decodes");

    insta::assert_debug_snapshot!(decoded);
}

#[test]
fn example_response_round_trips() {
    let decoded: ListDisasterRecoverResponse =
        serde_json::from_value(example_response()).expect("example decodes");
    let encoded = serde_json::to_value(&decoded).expect("response encodes");

    assert_eq!(without_nulls(encoded), without_nulls(example_response()));
}

#[test]
fn empty_object_is_empty_list() {
    let decoded: ListDisasterRecoverResponse = serde_json::from_str("{}").expect("`{}` decodes");

    assert_eq!(decoded.disaster_recovery.unwrap_or_default(), Vec::new());
}

#[test]
fn null_list_decodes() {
    let decoded: ListDisasterRecoverResponse =
        serde_json::from_str(r#"{"disaster_recovery": null}"#).expect("a null list decodes");

    assert_eq!(decoded.disaster_recovery, None);
}

#[test]
fn wrapper_exposes_every_parameter() {
    let generated = parse(&committed_generated_source());
    let client_path = dws_codegen::workspace_root().join("generated/src/client.rs");
    let client_source = std::fs::read_to_string(&client_path).expect("client.rs is readable");
    let wrapper = parse(&client_source);
    let methods = inherent_methods(&wrapper, "ListDisasterRecoveries");

    // The wrapper fills project_id from the client's configuration.
    for parameter in builder_parameters(&generated, "ListDisasterRecover") {
        if parameter == "project_id" {
            continue;
        }
        assert!(
            methods.contains(&parameter),
            "the spec gives ListDisasterRecover the parameter `{parameter}`, but \
             ListDisasterRecoveries in generated/src/client.rs has no `{parameter}` method; add one"
        );
    }
}
