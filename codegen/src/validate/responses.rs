//! Response bodies of one operation: progenitor builds one success type and
//! one error type per operation, and panics when a group disagrees.

use serde_json::{Map, Value};

use crate::diagnostic::{Check, Severity};
use crate::validate::Sink;
use crate::validate::document::{child, follow, ref_of};
use crate::validate::walk::{self, Operation};

/// The body a response declares, in the categories progenitor distinguishes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Body {
    /// An `application/json` body with this schema: the `$ref` target, or the
    /// inline schema as canonical JSON.
    Json(String),
    /// A body of another media type, handed over as a byte stream.
    Raw,
    /// No `content` at all.
    None,
}

impl Body {
    fn describe(&self) -> String {
        match self {
            Body::Json(schema) if schema.starts_with('#') => format!("the schema `{schema}`"),
            Body::Json(_) => "an inline schema".to_owned(),
            Body::Raw => "a non-JSON body".to_owned(),
            Body::None => "no body".to_owned(),
        }
    }
}

/// One response of an operation.
struct Response {
    status: String,
    pointer: String,
    body: Body,
}

/// Reports operations whose success responses, or whose error responses,
/// declare different bodies, and JSON bodies without a schema.
pub(crate) fn check(root: &Value, sink: &mut Sink<'_>) {
    for operation in walk::operations(root) {
        let responses = collect(root, &operation, sink);
        let has_2xx_range = responses
            .iter()
            .any(|response| response.status.eq_ignore_ascii_case("2XX"));

        let success: Vec<&Response> = responses
            .iter()
            .filter(|response| is_success(&response.status))
            // A `default` never matches when a 2XX range is present, so
            // progenitor drops it from the success group.
            .filter(|response| !(has_2xx_range && response.status == "default"))
            .collect();
        let errors: Vec<&Response> = responses
            .iter()
            .filter(|response| is_error(&response.status))
            .collect();

        compare(&operation, "success", &success, sink);
        compare(&operation, "error", &errors, sink);
    }
}

fn collect(root: &Value, operation: &Operation<'_>, sink: &mut Sink<'_>) -> Vec<Response> {
    let Some(map) = operation.node.get("responses").and_then(Value::as_object) else {
        return Vec::new();
    };
    let responses_pointer = child(&operation.pointer, "responses");
    let mut found = Vec::new();
    for (status, response) in map {
        let pointer = child(&responses_pointer, status);
        // A dangling reference is reported by the reference check.
        let Some((target_pointer, target)) = follow(root, response, &pointer) else {
            continue;
        };
        let Some(target) = target.as_object() else {
            continue;
        };
        let body = body_of(target, &target_pointer, operation, sink);
        found.push(Response {
            status: status.clone(),
            pointer,
            body,
        });
    }
    found
}

fn body_of(
    response: &Map<String, Value>,
    pointer: &str,
    operation: &Operation<'_>,
    sink: &mut Sink<'_>,
) -> Body {
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return Body::None;
    };
    let json = content
        .iter()
        .find(|(media, _)| *media == "application/json" || media.starts_with("application/json;"));
    let Some((media, media_type)) = json else {
        return if content.is_empty() {
            Body::None
        } else {
            Body::Raw
        };
    };
    match media_type.get("schema") {
        Some(schema) => match ref_of(schema) {
            Some(reference) => Body::Json(reference.to_owned()),
            None => Body::Json(schema.to_string()),
        },
        None => {
            sink.push(
                Severity::Error,
                Check::ResponseBodies,
                &child(&child(pointer, "content"), media),
                format!(
                    "the `{media}` body of a response of {} has no schema",
                    operation.label()
                ),
                "add a `schema`; progenitor panics on a JSON body without one",
            );
            Body::None
        }
    }
}

fn is_success(status: &str) -> bool {
    status == "default"
        || status.eq_ignore_ascii_case("2XX")
        || status == "101"
        || status
            .parse::<u16>()
            .is_ok_and(|code| (200..=299).contains(&code))
}

fn is_error(status: &str) -> bool {
    status == "default"
        || status.eq_ignore_ascii_case("4XX")
        || status.eq_ignore_ascii_case("5XX")
        || status
            .parse::<u16>()
            .is_ok_and(|code| (400..=599).contains(&code))
}

fn compare(operation: &Operation<'_>, group: &str, responses: &[&Response], sink: &mut Sink<'_>) {
    // Group the statuses by body, keeping the order of first appearance.
    let mut by_body: Vec<(&Body, Vec<&str>)> = Vec::new();
    for response in responses {
        match by_body.iter_mut().find(|(body, _)| *body == &response.body) {
            Some((_, statuses)) => statuses.push(&response.status),
            None => by_body.push((&response.body, vec![&response.status])),
        }
    }
    if by_body.len() <= 1 {
        return;
    }

    // Point at the first response whose body differs from the first one.
    let first = &responses[0].body;
    let Some(odd) = responses.iter().find(|response| &response.body != first) else {
        return;
    };
    let groups: Vec<String> = by_body
        .iter()
        .map(|(body, statuses)| format!("{} {}", list(statuses), body.describe()))
        .collect();
    sink.push(
        Severity::Error,
        Check::ResponseBodies,
        &odd.pointer,
        format!(
            "the {group} responses of {} declare different bodies: {}",
            operation.label(),
            groups.join("; ")
        ),
        format!(
            "give every {group} response of the operation the same body, such as one shared \
             `$ref` schema; progenitor generates one {group} type per operation and panics otherwise"
        ),
    );
}

fn list(statuses: &[&str]) -> String {
    let quoted: Vec<String> = statuses.iter().map(|status| status.to_string()).collect();
    match quoted.as_slice() {
        [single] => format!("{single} has"),
        _ => format!("{} have", quoted.join(", ")),
    }
}
