//! Operation ids and path parameters.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::{Check, Severity};
use crate::validate::Sink;
use crate::validate::document::child;
use crate::validate::walk::{self, Operation};

/// Reports a spec without operations, operations without an `operationId`,
/// and ids used twice, also after conversion to the snake_case method name
/// progenitor generates.
pub(crate) fn check_ids(root: &Value, sink: &mut Sink<'_>) {
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    // Visit operations in file order, so "the first use" is the one above.
    let mut operations = walk::operations(root);
    if operations.is_empty() {
        sink.push(
            Severity::Error,
            Check::OperationId,
            "/paths",
            "the spec defines no operations, so the generated client would have no methods",
            "add the operations under `paths`; the hand-written code in dws-client calls `ListDisasterRecover`",
        );
        return;
    }
    operations.sort_by_key(|operation| sink.location_of(&operation.pointer));
    for operation in operations {
        let id = match operation.node.get("operationId") {
            Some(Value::String(id)) if !id.trim().is_empty() => id,
            Some(Value::String(_)) | None => {
                sink.push(
                    Severity::Error,
                    Check::OperationId,
                    &operation.pointer,
                    format!(
                        "the operation {} {} has no `operationId`",
                        operation.method.to_uppercase(),
                        operation.path
                    ),
                    format!(
                        "add a unique `operationId`, such as `{}`; progenitor names the client method after it",
                        suggested_id(&operation)
                    ),
                );
                continue;
            }
            Some(other) => {
                sink.push(
                    Severity::Error,
                    Check::OperationId,
                    &child(&operation.pointer, "operationId"),
                    format!("the `operationId` is {other}, not a string"),
                    "write the id as a string, such as `ListThings`",
                );
                continue;
            }
        };

        let method_name = snake_case(id);
        let pointer = child(&operation.pointer, "operationId");
        match seen.get(&method_name) {
            Some((first_id, first_pointer)) => {
                let message = if first_id == id {
                    format!("the `operationId` `{id}` is used twice")
                } else {
                    format!(
                        "the `operationId` `{id}` and `{first_id}` both become the method `{method_name}`"
                    )
                };
                let first_line = sink
                    .line_of(first_pointer)
                    .map(|line| format!(" on line {line}"))
                    .unwrap_or_default();
                sink.push(
                    Severity::Error,
                    Check::OperationId,
                    &pointer,
                    message,
                    format!("rename one of them; the first use is at {first_pointer}{first_line}"),
                );
            }
            None => {
                seen.insert(method_name, (id.clone(), pointer));
            }
        }
    }
}

/// Suggests an id from the method and the last literal path segment, such as
/// `GetDisasterRecoveries` for `GET /v2/{project_id}/disaster-recoveries`.
fn suggested_id(operation: &Operation<'_>) -> String {
    let noun = operation
        .path
        .split('/')
        .rev()
        .find(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .unwrap_or("Root");
    let mut id = pascal(operation.method);
    for word in noun.split(|c: char| !c.is_ascii_alphanumeric()) {
        id.push_str(&pascal(word));
    }
    id
}

fn pascal(word: &str) -> String {
    let mut characters = word.chars();
    match characters.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + characters.as_str(),
        None => String::new(),
    }
}

/// Converts an operation id to snake_case the way method names are formed:
/// a word break before each upper-case letter that follows a lower-case
/// letter or digit, and at every character that is not alphanumeric.
fn snake_case(id: &str) -> String {
    let mut name = String::with_capacity(id.len() + 4);
    let mut previous_lower = false;
    for character in id.chars() {
        if !character.is_alphanumeric() {
            if !name.ends_with('_') && !name.is_empty() {
                name.push('_');
            }
            previous_lower = false;
            continue;
        }
        if character.is_uppercase() && previous_lower && !name.ends_with('_') {
            name.push('_');
        }
        previous_lower = character.is_lowercase() || character.is_ascii_digit();
        name.extend(character.to_lowercase());
    }
    name.trim_end_matches('_').to_owned()
}

/// Reports path parameters that are not `required: true`, that do not
/// appear in the path template, and template names without a parameter.
/// Progenitor asserts the first and panics on the second.
pub(crate) fn check_path_parameters(root: &Value, sink: &mut Sink<'_>) {
    for parameter in walk::parameter_lists(root) {
        if parameter.node.get("in").and_then(Value::as_str) != Some("path") {
            continue;
        }
        if parameter.node.get("required").and_then(Value::as_bool) != Some(true) {
            let name = parameter
                .node
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?");
            let pointer = if parameter.node.contains_key("required") {
                child(&parameter.pointer, "required")
            } else {
                parameter.pointer.clone()
            };
            sink.push(
                Severity::Error,
                Check::PathParameter,
                &pointer,
                format!("the path parameter `{name}` is not required"),
                "set `required: true`; OpenAPI requires it for every path parameter, because the URL cannot be built without it",
            );
        }
    }

    for operation in walk::operations(root) {
        let template: Vec<&str> = template_names(operation.path);
        let parameters = walk::effective_parameters(root, &operation);
        let declared: Vec<(&str, &str)> = parameters
            .iter()
            .filter(|parameter| parameter.node.get("in").and_then(Value::as_str) == Some("path"))
            .filter_map(|parameter| {
                let name = parameter.node.get("name")?.as_str()?;
                Some((name, parameter.pointer.as_str()))
            })
            .collect();

        for (name, pointer) in &declared {
            if !template.contains(name) {
                sink.push(
                    Severity::Error,
                    Check::PathParameter,
                    pointer,
                    format!(
                        "the path parameter `{name}` of {} does not appear in the path `{}`",
                        operation.label(),
                        operation.path
                    ),
                    format!(
                        "add `{{{name}}}` to the path, or change `in: path` to where the value goes"
                    ),
                );
            }
        }
        for name in template {
            if !declared.iter().any(|(declared, _)| *declared == name) {
                sink.push(
                    Severity::Error,
                    Check::PathParameter,
                    &operation.pointer,
                    format!(
                        "the path `{}` has `{{{name}}}`, but {} declares no path parameter `{name}`",
                        operation.path,
                        operation.label()
                    ),
                    format!(
                        "add a parameter with `name: {name}`, `in: path`, `required: true` and a schema"
                    ),
                );
            }
        }
    }
}

fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_matches_method_names() {
        assert_eq!(snake_case("ListDisasterRecover"), "list_disaster_recover");
        assert_eq!(snake_case("list-disaster_recover"), "list_disaster_recover");
        assert_eq!(snake_case("getV2Items"), "get_v2_items");
    }

    #[test]
    fn template_names_are_found() {
        assert_eq!(
            template_names("/v2/{project_id}/x/{id}"),
            ["project_id", "id"]
        );
    }
}
