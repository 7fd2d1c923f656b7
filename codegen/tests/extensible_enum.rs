//! Validation and emission of `x-extensible-enum` schemas.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dws_codegen::extensible_enum::{self, DocumentedValue, ExtensibleEnum};
use dws_codegen::{Error, ExtensibleEnumProblem};
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

fn probe_spec() -> OpenAPI {
    let path = fixture_path("extensible_enum_spec.yaml");
    dws_codegen::spec::load(&path)
        .expect("the probe spec loads")
        .document
}

fn invalid_schema(case: &str) -> Schema {
    let text = std::fs::read_to_string(fixture_path("invalid_extensible_enums.yaml"))
        .expect("the fixture is readable");
    let mut cases: BTreeMap<String, Schema> =
        yaml_serde::from_str(&text).expect("the fixture holds schemas");
    cases
        .remove(case)
        .unwrap_or_else(|| panic!("no case `{case}` in the fixture"))
}

fn components(document: &mut OpenAPI) -> &mut openapiv3::Components {
    document
        .components
        .as_mut()
        .expect("the probe spec has components")
}

fn collect(document: &OpenAPI) -> Result<Vec<ExtensibleEnum>, Error> {
    extensible_enum::collect(Path::new("probe.yaml"), document)
}

/// Returns the pointer and problem of an [`Error::ExtensibleEnum`].
fn problem_of(result: Result<Vec<ExtensibleEnum>, Error>) -> (String, ExtensibleEnumProblem) {
    match result {
        Err(Error::ExtensibleEnum {
            pointer, problem, ..
        }) => (pointer, problem),
        other => panic!("expected an x-extensible-enum error, got {other:?}"),
    }
}

fn with_probe(schema: Schema, name: &str) -> OpenAPI {
    let mut document = probe_spec();
    components(&mut document)
        .schemas
        .insert(name.to_owned(), ReferenceOr::Item(schema));
    document
}

fn property_schema<'a>(document: &'a mut OpenAPI, schema: &str, property: &str) -> &'a mut Schema {
    let Some(ReferenceOr::Item(object)) = components(document).schemas.get_mut(schema) else {
        panic!("`{schema}` is not an inline schema");
    };
    let SchemaKind::Type(Type::Object(object)) = &mut object.schema_kind else {
        panic!("`{schema}` is not an object schema");
    };
    match object.properties.get_mut(property) {
        Some(ReferenceOr::Item(schema)) => schema,
        _ => panic!("`{schema}.{property}` is not an inline schema"),
    }
}

fn add_extension(schema: &mut Schema) {
    schema.schema_data.extensions.insert(
        extensible_enum::EXTENSION.to_owned(),
        serde_json::json!(["running"]),
    );
}

#[test]
fn valid_enum_keeps_spec_order() {
    let enums = collect(&probe_spec()).expect("the probe spec is valid");

    assert_eq!(
        enums,
        [ExtensibleEnum {
            name: "JobState".to_owned(),
            description: Some("State of a job.".to_owned()),
            values: vec![
                DocumentedValue {
                    wire: "running".to_owned(),
                    variant: "Running".to_owned(),
                },
                DocumentedValue {
                    wire: "stop_failed".to_owned(),
                    variant: "StopFailed".to_owned(),
                },
                DocumentedValue {
                    wire: "drDeleted".to_owned(),
                    variant: "DrDeleted".to_owned(),
                },
            ],
        }]
    );
}

#[test]
fn real_spec_enums_are_valid() {
    let path = dws_codegen::default_spec_path();
    let spec = dws_codegen::spec::load(&path).expect("the spec loads");
    let enums = extensible_enum::collect(&path, &spec.document).expect("the spec is valid");
    let names: Vec<&str> = enums.iter().map(|e| e.name.as_str()).collect();

    assert_eq!(
        names,
        ["DrStatus", "DrType", "DrClusterStatus", "DrClusterRole"]
    );
}

#[test]
fn invalid_extensions_name_problem() {
    let cases = [
        (
            "not_a_list",
            ExtensibleEnumProblem::NotAList { found: "a string" },
        ),
        ("empty_list", ExtensibleEnumProblem::Empty),
        (
            "number_value",
            ExtensibleEnumProblem::ValueNotAString {
                index: 1,
                found: "a number",
            },
        ),
        (
            "boolean_value",
            ExtensibleEnumProblem::ValueNotAString {
                index: 1,
                found: "a boolean",
            },
        ),
        (
            "empty_value",
            ExtensibleEnumProblem::EmptyValue { index: 1 },
        ),
        (
            "duplicate_value",
            ExtensibleEnumProblem::Duplicate {
                value: "running".to_owned(),
            },
        ),
        (
            "colliding_variants",
            ExtensibleEnumProblem::VariantCollision {
                first: "stop_failed".to_owned(),
                second: "stopFailed".to_owned(),
                variant: "StopFailed".to_owned(),
            },
        ),
        (
            "reserved_unknown",
            ExtensibleEnumProblem::ReservedVariant {
                value: "unknown".to_owned(),
                variant: "Unknown",
            },
        ),
        (
            "digit_first_value",
            ExtensibleEnumProblem::InvalidVariant {
                value: "2fa".to_owned(),
                variant: "2fa".to_owned(),
            },
        ),
        (
            "keyword_value",
            ExtensibleEnumProblem::InvalidVariant {
                value: "self".to_owned(),
                variant: "Self".to_owned(),
            },
        ),
        (
            "symbol_value",
            ExtensibleEnumProblem::InvalidVariant {
                value: "+++".to_owned(),
                variant: String::new(),
            },
        ),
        (
            "integer_schema",
            ExtensibleEnumProblem::NotAString {
                found: "`type: integer`".to_owned(),
            },
        ),
        ("closed_enum", ExtensibleEnumProblem::ClosedEnum),
        ("nullable_schema", ExtensibleEnumProblem::Nullable),
    ];

    for (case, expected) in cases {
        let document = with_probe(invalid_schema(case), "Probe");

        let (pointer, problem) = problem_of(collect(&document));

        assert_eq!(problem, expected, "case `{case}`");
        assert_eq!(pointer, "/components/schemas/Probe", "case `{case}`");
    }
}

#[test]
fn schema_name_must_be_upper_camel() {
    let mut document = probe_spec();
    let state = components(&mut document)
        .schemas
        .shift_remove("JobState")
        .expect("JobState exists");
    components(&mut document)
        .schemas
        .insert("job_state".to_owned(), state);

    let (pointer, problem) = problem_of(collect(&document));

    assert_eq!(pointer, "/components/schemas/job_state");
    assert_eq!(
        problem,
        ExtensibleEnumProblem::TypeName {
            name: "job_state".to_owned(),
            suggestion: "JobState".to_owned(),
        }
    );
}

#[test]
fn inline_property_extension_is_rejected() {
    let mut document = probe_spec();
    add_extension(property_schema(&mut document, "Job", "example"));

    let (pointer, problem) = problem_of(collect(&document));

    assert_eq!(pointer, "/components/schemas/Job/properties/example");
    assert_eq!(problem, ExtensibleEnumProblem::NotAComponent);
}

#[test]
fn parameter_extension_is_rejected() {
    let mut document = probe_spec();
    let Some(ReferenceOr::Item(item)) = document.paths.paths.get_mut("/v1/jobs") else {
        panic!("the probe spec has an inline /v1/jobs");
    };
    let operation = item.get.as_mut().expect("the probe spec has GET /v1/jobs");
    let Some(ReferenceOr::Item(openapiv3::Parameter::Query { parameter_data, .. })) =
        operation.parameters.first_mut()
    else {
        panic!("the probe operation has an inline query parameter");
    };
    let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
        &mut parameter_data.format
    else {
        panic!("the parameter has an inline schema");
    };
    add_extension(schema);

    let (pointer, problem) = problem_of(collect(&document));

    assert_eq!(pointer, "/paths/~1v1~1jobs/get/parameters/0/schema");
    assert_eq!(problem, ExtensibleEnumProblem::NotAComponent);
}

#[test]
fn example_data_is_not_checked() {
    let document = probe_spec();

    let enums = collect(&document).expect("example values may hold any key");

    assert_eq!(enums.len(), 1);
}

#[test]
fn error_names_schema_and_fix() {
    let document = with_probe(invalid_schema("colliding_variants"), "Probe");

    let error = collect(&document).expect_err("the collision is rejected");

    assert_eq!(
        error.to_string(),
        "probe.yaml: invalid `x-extensible-enum` at `/components/schemas/Probe`: \
         `stop_failed` and `stopFailed` both give the Rust variant `StopFailed`. \
         Remove one of them"
    );
}

#[test]
fn emitted_enum_is_valid_rust() {
    let enums = collect(&probe_spec()).expect("the probe spec is valid");

    let file: syn::File = syn::parse2(enums[0].tokens()).expect("the tokens parse");

    let variants: Vec<String> = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(item) => Some(item),
            _ => None,
        })
        .expect("the tokens hold an enum")
        .variants
        .iter()
        .map(|variant| variant.ident.to_string())
        .collect();
    assert_eq!(variants, ["Running", "StopFailed", "DrDeleted", "Unknown"]);
}

#[test]
fn enums_go_before_builder_module() {
    let enums = collect(&probe_spec()).expect("the probe spec is valid");
    let mut file: syn::File =
        syn::parse_str("pub mod types { pub struct Job; pub mod builder {} }")
            .expect("the sample parses");

    extensible_enum::insert_into_types(&mut file, &enums).expect("the enums are inserted");

    let syn::Item::Mod(types) = &file.items[0] else {
        panic!("the first item is the types module");
    };
    let names: Vec<String> = types
        .content
        .as_ref()
        .map(|(_, items)| items.iter().map(item_name).collect())
        .unwrap_or_default();
    assert_eq!(names.first().map(String::as_str), Some("Job"));
    assert_eq!(names.get(1).map(String::as_str), Some("JobState"));
    assert_eq!(names.last().map(String::as_str), Some("builder"));
}

#[test]
fn missing_types_module_is_an_error() {
    let enums = collect(&probe_spec()).expect("the probe spec is valid");
    let mut file: syn::File = syn::parse_str("pub struct Job;").expect("the sample parses");

    let result = extensible_enum::insert_into_types(&mut file, &enums);

    assert!(matches!(result, Err(Error::NoTypesModule)), "{result:?}");
}

fn item_name(item: &syn::Item) -> String {
    match item {
        syn::Item::Struct(item) => item.ident.to_string(),
        syn::Item::Enum(item) => item.ident.to_string(),
        syn::Item::Mod(item) => item.ident.to_string(),
        syn::Item::Impl(_) => "impl".to_owned(),
        _ => "other".to_owned(),
    }
}
