//! Schema-level conventions: required nullable properties and closed enums.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::diagnostic::{Check, Severity};
use crate::validate::document::{child, follow, is_true, ref_of, resolve};
use crate::validate::walk::{self, MediaOwner};
use crate::validate::{ALLOW_REQUIRED_NULLABLE, EXTENSIBLE_ENUM, Sink};

/// Reports properties listed in `required` whose schema is nullable. The
/// generated struct then needs the key in every body, which the DWS API does
/// not promise; a missing key fails the whole response. With
/// `x-dws-allow-required-nullable: true` on the property it is a warning.
pub(crate) fn check_required_nullable(root: &Value, sink: &mut Sink<'_>) {
    for schema in walk::schemas(root) {
        let Some(required) = schema.node.get("required").and_then(Value::as_array) else {
            continue;
        };
        let Some(properties) = schema.node.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let properties_pointer = child(&schema.pointer, "properties");
        for name in required.iter().filter_map(Value::as_str) {
            let Some(property) = properties.get(name) else {
                continue;
            };
            let pointer = child(&properties_pointer, name);
            if !is_nullable(root, property, &pointer) {
                continue;
            }
            let allowed = property
                .as_object()
                .is_some_and(|node| is_true(node, ALLOW_REQUIRED_NULLABLE));
            if allowed {
                sink.push(
                    Severity::Warning,
                    Check::RequiredNullable,
                    &pointer,
                    format!(
                        "the property `{name}` is required and nullable (allowed by `{ALLOW_REQUIRED_NULLABLE}`): a body without the key fails to decode"
                    ),
                    "keep the extension only if the API documents that the key is always sent",
                );
            } else {
                sink.push(
                    Severity::Error,
                    Check::RequiredNullable,
                    &pointer,
                    format!(
                        "the property `{name}` is required and nullable: the generated code rejects a body without the key, and the API does not promise it"
                    ),
                    format!(
                        "remove `{name}` from `required` so a missing key and null both decode to None; if the API does document the key as always present, set `{ALLOW_REQUIRED_NULLABLE}: true` on the property"
                    ),
                );
            }
        }
    }
}

/// Returns whether `schema` accepts null: it has `nullable: true`, or it
/// is a reference to (or an `allOf` of one schema that is) a nullable schema.
fn is_nullable(root: &Value, schema: &Value, pointer: &str) -> bool {
    let Some((_, target)) = follow(root, schema, pointer) else {
        return false;
    };
    let Some(node) = target.as_object() else {
        return false;
    };
    if is_true(node, "nullable") {
        return true;
    }
    match node
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([single]) => is_nullable(root, single, pointer),
        _ => false,
    }
}

/// Reports string schemas with a closed `enum`. Progenitor turns them into
/// Rust enums that fail the whole response on a value added later, so the
/// project writes the known values as `x-extensible-enum` instead. An error
/// for schemas that responses use, a warning elsewhere (a request enum only
/// limits what the caller can send).
pub(crate) fn check_closed_enums(root: &Value, sink: &mut Sink<'_>) {
    let in_responses = response_schemas(root);
    for schema in walk::schemas(root) {
        let Some(values) = schema.node.get("enum").and_then(Value::as_array) else {
            continue;
        };
        if schema.node.contains_key(EXTENSIBLE_ENUM) || !is_string_enum(schema.node, values) {
            continue;
        }
        let in_response = in_responses.contains(&schema.pointer);
        let (severity, effect) = if in_response {
            (
                Severity::Error,
                "a response with any other value fails to decode",
            )
        } else {
            (Severity::Warning, "callers cannot send a value added later")
        };
        let listed: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        sink.push(
            severity,
            Check::ClosedEnum,
            &child(&schema.pointer, "enum"),
            format!("closed `enum` [{}]: {effect}", listed.join(", ")),
            format!("rename `enum` to `{EXTENSIBLE_ENUM}`, the project's convention for string values the API may extend"),
        );
    }
}

fn is_string_enum(node: &Map<String, Value>, values: &[Value]) -> bool {
    match node.get("type").and_then(Value::as_str) {
        Some(kind) => kind == "string",
        None => values
            .iter()
            .all(|value| value.is_string() || value.is_null()),
    }
}

/// Returns the pointers of every schema a response body can reach, through
/// nested schemas and references.
fn response_schemas(root: &Value) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    let mut pending: Vec<(String, &Value)> = Vec::new();
    for media in walk::media_types(root) {
        if media.owner == MediaOwner::Response
            && let Some(schema) = media.node.get("schema")
        {
            pending.push((child(&media.pointer, "schema"), schema));
        }
    }

    while let Some((pointer, schema)) = pending.pop() {
        if !reached.insert(pointer.clone()) {
            continue;
        }
        let Some(node) = schema.as_object() else {
            continue;
        };
        if let Some(reference) = ref_of(schema) {
            if let Ok((target_pointer, target)) = resolve(root, reference) {
                pending.push((target_pointer, target));
            }
            continue;
        }
        push_subschemas(node, &pointer, &mut pending);
    }
    reached
}

fn push_subschemas<'a>(
    node: &'a Map<String, Value>,
    pointer: &str,
    pending: &mut Vec<(String, &'a Value)>,
) {
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        let properties_pointer = child(pointer, "properties");
        for (name, property) in properties {
            pending.push((child(&properties_pointer, name), property));
        }
    }
    for keyword in ["items", "additionalProperties", "not"] {
        if let Some(subschema) = node.get(keyword) {
            pending.push((child(pointer, keyword), subschema));
        }
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = node.get(keyword).and_then(Value::as_array) {
            for (index, subschema) in list.iter().enumerate() {
                pending.push((format!("{}/{index}", child(pointer, keyword)), subschema));
            }
        }
    }
}
