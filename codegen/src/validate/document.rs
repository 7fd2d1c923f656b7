//! The spec as a canonical JSON value, and lookups in it by JSON pointer.

use serde_json::{Map, Value};

use crate::diagnostic::{Check, Severity};
use crate::source_map::escape_token;
use crate::validate::Sink;

/// Most `$ref` hops followed in a row before giving up on a reference cycle.
pub(crate) const MAX_REF_HOPS: usize = 32;

/// Converts a YAML value into JSON with every mapping's keys sorted, so that
/// key order, YAML style and the choice of YAML or JSON do not change it.
///
/// Scalar keys such as the unquoted status code `200` become strings. A key
/// that is a mapping or a sequence, and a number JSON cannot carry (NaN or an
/// infinity), are reported to `sink` and dropped or replaced by `null`.
pub(crate) fn canonical_json(value: &yaml_serde::Value, sink: &mut Sink<'_>) -> Value {
    convert(value, "", sink)
}

fn convert(value: &yaml_serde::Value, pointer: &str, sink: &mut Sink<'_>) -> Value {
    match value {
        yaml_serde::Value::Null => Value::Null,
        yaml_serde::Value::Bool(flag) => Value::Bool(*flag),
        yaml_serde::Value::Number(number) => convert_number(number, pointer, sink),
        yaml_serde::Value::String(text) => Value::String(text.clone()),
        yaml_serde::Value::Sequence(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| convert(item, &format!("{pointer}/{index}"), sink))
                .collect(),
        ),
        yaml_serde::Value::Mapping(mapping) => {
            let mut entries = Vec::with_capacity(mapping.len());
            for (key, item) in mapping {
                let Some(key) = scalar_key(key) else {
                    sink.push(
                        Severity::Error,
                        Check::DocumentShape,
                        pointer,
                        "a mapping key is itself a mapping or a sequence",
                        "use a plain string as the key",
                    );
                    continue;
                };
                let child = format!("{pointer}/{}", escape_token(&key));
                entries.push((key, convert(item, &child, sink)));
            }
            entries.sort_by(|(left, _), (right, _)| left.cmp(right));
            Value::Object(entries.into_iter().collect::<Map<_, _>>())
        }
        yaml_serde::Value::Tagged(tagged) => convert(&tagged.value, pointer, sink),
    }
}

fn convert_number(number: &yaml_serde::Number, pointer: &str, sink: &mut Sink<'_>) -> Value {
    if let Some(integer) = number.as_i64() {
        return Value::from(integer);
    }
    if let Some(integer) = number.as_u64() {
        return Value::from(integer);
    }
    let float = number.as_f64().unwrap_or(f64::NAN);
    match serde_json::Number::from_f64(float) {
        Some(json) => Value::Number(json),
        None => {
            sink.push(
                Severity::Error,
                Check::DocumentShape,
                pointer,
                format!("the number `{number}` cannot be represented in JSON"),
                "write a finite number, or quote the value to make it a string",
            );
            Value::Null
        }
    }
}

fn scalar_key(key: &yaml_serde::Value) -> Option<String> {
    match key {
        yaml_serde::Value::String(text) => Some(text.clone()),
        yaml_serde::Value::Number(number) => Some(number.to_string()),
        yaml_serde::Value::Bool(flag) => Some(flag.to_string()),
        yaml_serde::Value::Null => Some("null".to_owned()),
        yaml_serde::Value::Tagged(tagged) => scalar_key(&tagged.value),
        yaml_serde::Value::Sequence(_) | yaml_serde::Value::Mapping(_) => None,
    }
}

/// Reason a `$ref` could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RefProblem {
    /// The reference names another file or a URL.
    External,
    /// The reference is local but no node sits at its pointer.
    Unresolved,
}

/// Resolves a local reference such as `#/components/schemas/A` to the JSON
/// pointer it names (percent-decoded) and the node there.
pub(crate) fn resolve<'a>(
    root: &'a Value,
    reference: &str,
) -> Result<(String, &'a Value), RefProblem> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(RefProblem::External);
    };
    let pointer = percent_decode(fragment);
    match root.pointer(&pointer) {
        Some(target) => Ok((pointer, target)),
        None => Err(RefProblem::Unresolved),
    }
}

/// Follows `$ref` chains from `node` to the first node that is not a
/// reference. Returns the node and its pointer (`pointer` itself when `node`
/// is not a reference), or `None` for a dangling or cyclic chain.
pub(crate) fn follow<'a>(
    root: &'a Value,
    node: &'a Value,
    pointer: &str,
) -> Option<(String, &'a Value)> {
    let mut current = (pointer.to_owned(), node);
    for _ in 0..MAX_REF_HOPS {
        let Some(reference) = ref_of(current.1) else {
            return Some(current);
        };
        current = resolve(root, reference).ok()?;
    }
    None
}

/// Returns the `$ref` string of `node`, when it is a reference object.
pub(crate) fn ref_of(node: &Value) -> Option<&str> {
    node.as_object()?.get("$ref")?.as_str()
}

/// Returns whether `node` has `key: true`.
pub(crate) fn is_true(node: &Map<String, Value>, key: &str) -> bool {
    node.get(key).and_then(Value::as_bool) == Some(true)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escape = (bytes[index] == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escape {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Appends one escaped reference token to `pointer`.
pub(crate) fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("/paths/~1v2~1%7Bid%7D"), "/paths/~1v2~1{id}");
    }

    #[test]
    fn cyclic_refs_stop() {
        let root = serde_json::json!({
            "a": {"$ref": "#/b"},
            "b": {"$ref": "#/a"},
        });

        assert_eq!(follow(&root, &root["a"], "/a"), None);
    }
}
