//! Documented examples, which the generated code must decode.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::diagnostic::{Check, Severity};
use crate::validate::Sink;
use crate::validate::document::{child, follow};
use crate::validate::instance::{self, Problem};
use crate::validate::walk;

/// An example and the schema it documents.
struct Documented<'a> {
    /// Pointer of the example value.
    example_pointer: String,
    example: &'a Value,
    /// Pointer of the schema.
    schema_pointer: String,
    schema: &'a Value,
}

/// Validates every documented example against its schema: `example` and
/// `examples` of media types and parameters, and `example` of schemas.
/// Reports mismatches as example errors, and date-times without a zone
/// under a `format: date-time` schema as date-time errors.
pub(crate) fn check(root: &Value, sink: &mut Sink<'_>) {
    let mut reported_formats = BTreeSet::new();
    for documented in documented_examples(root) {
        let issues = instance::validate(
            root,
            documented.schema,
            &documented.schema_pointer,
            documented.example,
        );
        for issue in issues {
            let value_pointer = format!("{}{}", documented.example_pointer, issue.instance);
            match issue.problem {
                Problem::Invalid(message) => sink.push(
                    Severity::Error,
                    Check::Example,
                    &value_pointer,
                    format!("the documented example does not match its schema: {message}"),
                    format!(
                        "fix the example or the schema at {}; the generated code fails on a body like this example",
                        issue.schema
                    ),
                ),
                Problem::DateTimeWithoutZone(text) => {
                    let format_pointer = child(&issue.schema, "format");
                    if !reported_formats.insert(format_pointer.clone()) {
                        continue;
                    }
                    let example_line = sink
                        .line_of(&value_pointer)
                        .map(|line| format!(" on line {line}"))
                        .unwrap_or_default();
                    sink.push(
                        Severity::Error,
                        Check::DateTimeZone,
                        &format_pointer,
                        format!(
                            "`format: date-time` generates chrono::DateTime<Utc>, which needs a time zone, but the documented example \"{text}\"{example_line} has none, so such a response fails to decode"
                        ),
                        "remove `format: date-time` and keep the field a string (say the format in `description`), unless the API really sends a zone such as `Z` or `+08:00`; then fix the example",
                    );
                }
            }
        }
    }
}

fn documented_examples(root: &Value) -> Vec<Documented<'_>> {
    let mut found = Vec::new();
    for media in walk::media_types(root) {
        push_examples(root, &mut found, media.node, &media.pointer);
    }
    for parameter in walk::parameter_lists(root) {
        push_examples(root, &mut found, parameter.node, &parameter.pointer);
    }
    for schema in walk::schemas(root) {
        if schema.node.contains_key("$ref") {
            continue;
        }
        if let Some(example) = schema.node.get("example") {
            found.push(Documented {
                example_pointer: child(&schema.pointer, "example"),
                example,
                schema_pointer: schema.pointer.clone(),
                schema: schema_value(root, &schema.pointer),
            });
        }
    }
    found
}

/// Adds the `example` and each entry of `examples` of a media type or
/// parameter object, paired with its `schema`.
fn push_examples<'a>(
    root: &'a Value,
    found: &mut Vec<Documented<'a>>,
    owner: &'a Map<String, Value>,
    pointer: &str,
) {
    let Some(schema) = owner.get("schema") else {
        return;
    };
    let schema_pointer = child(pointer, "schema");
    if let Some(example) = owner.get("example") {
        found.push(Documented {
            example_pointer: child(pointer, "example"),
            example,
            schema_pointer: schema_pointer.clone(),
            schema,
        });
    }
    let Some(examples) = owner.get("examples").and_then(Value::as_object) else {
        return;
    };
    let examples_pointer = child(pointer, "examples");
    for (name, entry) in examples {
        let Some((entry_pointer, entry)) = follow(root, entry, &child(&examples_pointer, name))
        else {
            continue;
        };
        if let Some(example) = entry.get("value") {
            found.push(Documented {
                example_pointer: child(&entry_pointer, "value"),
                example,
                schema_pointer: schema_pointer.clone(),
                schema,
            });
        }
    }
}

/// Returns the node at `pointer`, which [`walk::schemas`] found there.
fn schema_value<'a>(root: &'a Value, pointer: &str) -> &'a Value {
    root.pointer(pointer).unwrap_or(&Value::Null)
}
