//! `$ref` objects: their targets and the sibling keywords OpenAPI 3.0 ignores.

use serde_json::{Map, Value};

use crate::diagnostic::{Check, Severity};
use crate::validate::Sink;
use crate::validate::document::{RefProblem, child, resolve};

/// Keywords whose value maps user-chosen names to OpenAPI objects, so their
/// keys are never keywords (a property may be called `example`).
const NAME_MAPS: [&str; 16] = [
    "paths",
    "properties",
    "responses",
    "content",
    "headers",
    "schemas",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "examples",
    "links",
    "callbacks",
    "encoding",
    "variables",
    "mapping",
    "patternProperties",
];

/// Keywords whose value is data, not OpenAPI objects, so a `$ref` key inside
/// is an ordinary key.
const DATA_KEYWORDS: [&str; 5] = ["example", "default", "enum", "value", "const"];

/// Sibling keywords that only document a node. Next to a `$ref` they are
/// ignored too, but losing them changes no generated type.
const ANNOTATION_SIBLINGS: [&str; 9] = [
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "deprecated",
    "externalDocs",
    "readOnly",
    "writeOnly",
];

/// Sibling keywords read by dws-codegen itself, which are fine next to `$ref`.
const OWN_SIBLINGS: [&str; 1] = [crate::validate::ALLOW_REQUIRED_NULLABLE];

/// Category of a node, as far as the walk needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An OpenAPI object whose keys are keywords; `component` is the
    /// `components` section a `$ref` here must point into, when known.
    Object { component: Option<&'static str> },
    /// A map from names to OpenAPI objects of one component kind.
    Names { component: Option<&'static str> },
}

/// Reports `$ref` objects with sibling keywords, and references that are
/// external, dangling or point into the wrong `components` section.
pub(crate) fn check(root: &Value, sink: &mut Sink<'_>) {
    walk(root, root, "", Kind::Object { component: None }, sink);
}

fn walk(root: &Value, value: &Value, pointer: &str, kind: Kind, sink: &mut Sink<'_>) {
    match value {
        Value::Object(map) => match kind {
            Kind::Names { component } => {
                for (name, item) in map {
                    if name.starts_with("x-") {
                        continue;
                    }
                    walk(
                        root,
                        item,
                        &child(pointer, name),
                        Kind::Object { component },
                        sink,
                    );
                }
            }
            Kind::Object { component } => {
                if map.contains_key("$ref") {
                    check_ref(root, map, pointer, component, sink);
                    return;
                }
                for (key, item) in map {
                    if key.starts_with("x-") || DATA_KEYWORDS.contains(&key.as_str()) {
                        continue;
                    }
                    walk(
                        root,
                        item,
                        &child(pointer, key),
                        child_kind(pointer, key, item),
                        sink,
                    );
                }
            }
        },
        Value::Array(items) => {
            // The items of a list share the list's kind: `parameters`
            // contains parameters, `allOf` contains schemas.
            let item_kind = match kind {
                Kind::Names { component } | Kind::Object { component } => {
                    Kind::Object { component }
                }
            };
            for (index, item) in items.iter().enumerate() {
                walk(root, item, &format!("{pointer}/{index}"), item_kind, sink);
            }
        }
        _ => {}
    }
}

/// Works out the kind of `map[key]` from the key and the parent's pointer.
fn child_kind(parent: &str, key: &str, value: &Value) -> Kind {
    let component = match key {
        "schema"
        | "items"
        | "additionalProperties"
        | "not"
        | "allOf"
        | "anyOf"
        | "oneOf"
        | "properties"
        | "schemas"
        | "patternProperties" => Some("schemas"),
        "parameters" => Some("parameters"),
        "responses" => Some("responses"),
        "requestBody" | "requestBodies" => Some("requestBodies"),
        "headers" => Some("headers"),
        "examples" => Some("examples"),
        "links" => Some("links"),
        "callbacks" => Some("callbacks"),
        "securitySchemes" => Some("securitySchemes"),
        _ => None,
    };
    // `components/<section>` and the top-level `paths` are name maps; under
    // `components` every section key names one.
    let is_names = (NAME_MAPS.contains(&key) && value.is_object()) || parent == "/components";
    if is_names {
        Kind::Names { component }
    } else {
        Kind::Object { component }
    }
}

fn check_ref(
    root: &Value,
    map: &Map<String, Value>,
    pointer: &str,
    component: Option<&'static str>,
    sink: &mut Sink<'_>,
) {
    check_siblings(map, pointer, sink);

    let ref_pointer = child(pointer, "$ref");
    let Some(reference) = map.get("$ref").and_then(Value::as_str) else {
        sink.push(
            Severity::Error,
            Check::RefTarget,
            &ref_pointer,
            "the `$ref` is not a string",
            "write the reference as a string, such as \"#/components/schemas/Name\"",
        );
        return;
    };
    match resolve(root, reference) {
        Err(RefProblem::External) => sink.push(
            Severity::Error,
            Check::RefTarget,
            &ref_pointer,
            format!("the `$ref` `{reference}` points outside this document"),
            "copy the definition into `components` and refer to it as `#/components/...`; progenitor reads one file",
        ),
        Err(RefProblem::Unresolved) => sink.push(
            Severity::Error,
            Check::RefTarget,
            &ref_pointer,
            format!("the `$ref` `{reference}` does not resolve: nothing is defined at that path"),
            resolve_hint(root, reference),
        ),
        Ok((target, _)) => {
            if let Some(section) = component {
                let prefix = format!("/components/{section}/");
                let direct = target
                    .strip_prefix(&prefix)
                    .is_some_and(|name| !name.is_empty() && !name.contains('/'));
                if !direct {
                    sink.push(
                        Severity::Error,
                        Check::RefTarget,
                        &ref_pointer,
                        format!("the `$ref` `{reference}` must point at an entry of `components/{section}` here"),
                        format!("refer to `#/components/{section}/<name>`; progenitor resolves only references of that form"),
                    );
                }
            }
        }
    }
}

fn check_siblings(map: &Map<String, Value>, pointer: &str, sink: &mut Sink<'_>) {
    let siblings: Vec<&str> = map
        .keys()
        .map(String::as_str)
        .filter(|key| *key != "$ref" && !OWN_SIBLINGS.contains(key))
        .collect();
    if siblings.is_empty() {
        return;
    }
    let (annotations, semantic): (Vec<&str>, Vec<&str>) = siblings
        .iter()
        .partition(|key| ANNOTATION_SIBLINGS.contains(key));

    if let Some(first) = semantic.first() {
        let hint = if semantic.contains(&"nullable") {
            "wrap the reference: `nullable: true` and `allOf: [{$ref: ...}]` in place of `$ref`, so the null is kept"
        } else {
            "move the keywords into the referenced schema, or combine them with the reference through `allOf: [{$ref: ...}]`"
        };
        sink.push(
            Severity::Error,
            Check::RefSiblings,
            &child(pointer, first),
            format!(
                "{} next to `$ref` {} ignored: OpenAPI 3.0 replaces a reference object by its target",
                quoted_list(&semantic),
                if semantic.len() == 1 { "is" } else { "are" }
            ),
            hint,
        );
    }
    if let Some(first) = annotations.first() {
        sink.push(
            Severity::Warning,
            Check::RefSiblings,
            &child(pointer, first),
            format!(
                "{} next to `$ref` {} ignored, so the generated code does not show {}",
                quoted_list(&annotations),
                if annotations.len() == 1 { "is" } else { "are" },
                if annotations.len() == 1 { "it" } else { "them" }
            ),
            "move the text into the referenced schema, or wrap the reference in `allOf: [{$ref: ...}]`",
        );
    }
}

fn quoted_list(keys: &[&str]) -> String {
    keys.iter()
        .map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Suggests a defined component whose name matches the missing one apart
/// from case, or lists the section's names.
fn resolve_hint(root: &Value, reference: &str) -> String {
    let Some((section_pointer, name)) = reference.trim_start_matches('#').rsplit_once('/') else {
        return "define the target, or correct the reference".to_owned();
    };
    let section = root.pointer(section_pointer).and_then(Value::as_object);
    let Some(section) = section else {
        return format!(
            "define `{}` in the document, or correct the reference",
            section_pointer.trim_start_matches('/')
        );
    };
    if let Some(close) = section
        .keys()
        .find(|candidate| candidate.eq_ignore_ascii_case(name))
    {
        return format!("did you mean `#{section_pointer}/{close}`? Names are case-sensitive");
    }
    let names: Vec<&str> = section.keys().map(String::as_str).take(8).collect();
    if names.is_empty() {
        format!(
            "define `{name}` under `{}`",
            section_pointer.trim_start_matches('/')
        )
    } else {
        format!(
            "define `{name}` under `{}`, or use one of: {}",
            section_pointer.trim_start_matches('/'),
            names.join(", ")
        )
    }
}
