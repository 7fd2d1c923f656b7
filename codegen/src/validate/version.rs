//! The `openapi` version field.

use serde_json::Value;

use crate::diagnostic::{Check, Severity};
use crate::validate::Sink;

/// Reports an `openapi` field that is missing or not `3.0.x`, the only
/// versions progenitor 0.15 reads.
pub(crate) fn check(root: &Value, sink: &mut Sink<'_>) {
    let hint_30 = "set `openapi: 3.0.3`; progenitor 0.15 reads only OpenAPI 3.0.x documents";
    match root.get("openapi") {
        None => {
            let message = if root.get("swagger").is_some() {
                "the document is Swagger 2.0 (it has `swagger`), not OpenAPI 3.0"
            } else {
                "the `openapi` field is missing"
            };
            sink.push(Severity::Error, Check::OpenapiVersion, "", message, hint_30);
        }
        Some(Value::String(version)) if is_30(version) => {}
        Some(Value::String(version)) => {
            let hint = if version.starts_with("3.1") {
                "convert the document to 3.0: write `nullable: true` instead of a `null` \
                 entry in `type`, and `example` instead of `examples` in schemas; then set \
                 `openapi: 3.0.3`"
            } else {
                hint_30
            };
            sink.push(
                Severity::Error,
                Check::OpenapiVersion,
                "/openapi",
                format!("OpenAPI version `{version}` is not supported"),
                hint,
            );
        }
        Some(other) => sink.push(
            Severity::Error,
            Check::OpenapiVersion,
            "/openapi",
            format!("the `openapi` field is {other}, not a string"),
            "quote the version, as in `openapi: \"3.0.3\"`; unquoted, YAML reads 3.0 as a number",
        ),
    }
}

fn is_30(version: &str) -> bool {
    version
        .strip_prefix("3.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|byte| byte.is_ascii_digit()))
}
