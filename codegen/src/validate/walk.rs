//! Finding operations, parameters, responses, media types and schemas in the
//! JSON form of a spec.

use serde_json::{Map, Value};

use crate::validate::document::{child, follow};

/// HTTP methods a path item can hold, in the order OpenAPI lists them.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of the spec.
pub(crate) struct Operation<'a> {
    /// Path template, such as `/v2/{project_id}/disaster-recoveries`.
    pub path: &'a str,
    /// HTTP method in lower case.
    pub method: &'static str,
    /// Pointer of the operation object.
    pub pointer: String,
    /// The operation object.
    pub node: &'a Map<String, Value>,
    /// Pointer of the path item holding the operation.
    pub path_item_pointer: String,
    /// The path item holding the operation.
    pub path_item: &'a Map<String, Value>,
}

impl Operation<'_> {
    /// Returns the `operationId`, or `METHOD path` when it has none.
    pub fn label(&self) -> String {
        match self.node.get("operationId").and_then(Value::as_str) {
            Some(id) => format!("`{id}`"),
            None => format!("{} {}", self.method.to_uppercase(), self.path),
        }
    }
}

/// Lists the operations under `paths`, in document order. Path items given
/// by `$ref` are skipped, because progenitor does not follow them either.
pub(crate) fn operations(root: &Value) -> Vec<Operation<'_>> {
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (path, item) in paths {
        let Some(path_item) = item.as_object() else {
            continue;
        };
        if !path.starts_with('/') || path_item.contains_key("$ref") {
            continue;
        }
        let path_item_pointer = child("/paths", path);
        for method in METHODS {
            if let Some(node) = path_item.get(method).and_then(Value::as_object) {
                found.push(Operation {
                    path,
                    method,
                    pointer: child(&path_item_pointer, method),
                    node,
                    path_item_pointer: path_item_pointer.clone(),
                    path_item,
                });
            }
        }
    }
    found
}

/// An object of the spec with the pointer it sits at.
pub(crate) struct Located<'a> {
    /// Pointer of the object.
    pub pointer: String,
    /// The object.
    pub node: &'a Map<String, Value>,
}

/// Lists every parameter object: in `components/parameters`, on path items
/// and on operations. References are resolved to their target.
pub(crate) fn parameter_lists(root: &Value) -> Vec<Located<'_>> {
    let mut found = Vec::new();
    if let Some(parameters) = root
        .pointer("/components/parameters")
        .and_then(Value::as_object)
    {
        for (name, parameter) in parameters {
            if let Some(node) = parameter.as_object() {
                found.push(Located {
                    pointer: child("/components/parameters", name),
                    node,
                });
            }
        }
    }
    let mut seen_items = std::collections::BTreeSet::new();
    for operation in operations(root) {
        if seen_items.insert(operation.path_item_pointer.clone()) {
            push_inline_parameters(
                &mut found,
                operation.path_item,
                &operation.path_item_pointer,
            );
        }
        push_inline_parameters(&mut found, operation.node, &operation.pointer);
    }
    found
}

fn push_inline_parameters<'a>(
    found: &mut Vec<Located<'a>>,
    owner: &'a Map<String, Value>,
    pointer: &str,
) {
    let Some(list) = owner.get("parameters").and_then(Value::as_array) else {
        return;
    };
    let list_pointer = child(pointer, "parameters");
    for (index, parameter) in list.iter().enumerate() {
        if let Some(node) = parameter.as_object()
            && !node.contains_key("$ref")
        {
            found.push(Located {
                pointer: format!("{list_pointer}/{index}"),
                node,
            });
        }
    }
}

/// Returns the parameters that apply to `operation`: those of its path item,
/// overridden by its own with the same `name` and `in`. References are
/// followed; a parameter whose reference does not resolve is left out.
pub(crate) fn effective_parameters<'a>(
    root: &'a Value,
    operation: &Operation<'a>,
) -> Vec<Located<'a>> {
    let mut merged: Vec<Located<'a>> = Vec::new();
    for (owner, pointer) in [
        (operation.path_item, &operation.path_item_pointer),
        (operation.node, &operation.pointer),
    ] {
        let Some(list) = owner.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for (index, parameter) in list.iter().enumerate() {
            let item_pointer = format!("{}/{index}", child(pointer, "parameters"));
            let Some((target_pointer, target)) = follow(root, parameter, &item_pointer) else {
                continue;
            };
            let Some(node) = target.as_object() else {
                continue;
            };
            let key = (node.get("name"), node.get("in"));
            merged.retain(|existing| (existing.node.get("name"), existing.node.get("in")) != key);
            merged.push(Located {
                pointer: target_pointer,
                node,
            });
        }
    }
    merged
}

/// Lists every response object: in `components/responses` and under each
/// operation's `responses` (references skipped, since their targets are in
/// `components/responses`).
pub(crate) fn responses(root: &Value) -> Vec<Located<'_>> {
    let mut found = Vec::new();
    if let Some(map) = root
        .pointer("/components/responses")
        .and_then(Value::as_object)
    {
        push_objects(&mut found, map, "/components/responses");
    }
    for operation in operations(root) {
        if let Some(map) = operation.node.get("responses").and_then(Value::as_object) {
            push_objects(&mut found, map, &child(&operation.pointer, "responses"));
        }
    }
    found
}

/// Lists every request body object, in `components/requestBodies` and on
/// operations.
fn request_bodies(root: &Value) -> Vec<Located<'_>> {
    let mut found = Vec::new();
    if let Some(map) = root
        .pointer("/components/requestBodies")
        .and_then(Value::as_object)
    {
        push_objects(&mut found, map, "/components/requestBodies");
    }
    for operation in operations(root) {
        if let Some(node) = operation.node.get("requestBody").and_then(Value::as_object)
            && !node.contains_key("$ref")
        {
            found.push(Located {
                pointer: child(&operation.pointer, "requestBody"),
                node,
            });
        }
    }
    found
}

fn push_objects<'a>(found: &mut Vec<Located<'a>>, map: &'a Map<String, Value>, pointer: &str) {
    for (name, value) in map {
        if let Some(node) = value.as_object()
            && !node.contains_key("$ref")
        {
            found.push(Located {
                pointer: child(pointer, name),
                node,
            });
        }
    }
}

/// Part of the API a media type object belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaOwner {
    /// In a response.
    Response,
    /// In a request body or a parameter.
    Request,
}

/// A media type object (`content/<type>`) with where it sits.
pub(crate) struct MediaType<'a> {
    /// Pointer of the media type object.
    pub pointer: String,
    /// The media type object.
    pub node: &'a Map<String, Value>,
    /// Whether it describes a response or a request.
    pub owner: MediaOwner,
}

/// Lists every media type object of responses, request bodies and parameters.
pub(crate) fn media_types(root: &Value) -> Vec<MediaType<'_>> {
    let mut found = Vec::new();
    let owners = [
        (responses(root), MediaOwner::Response),
        (request_bodies(root), MediaOwner::Request),
        (parameter_lists(root), MediaOwner::Request),
    ];
    for (objects, owner) in owners {
        for object in objects {
            let Some(content) = object.node.get("content").and_then(Value::as_object) else {
                continue;
            };
            let content_pointer = child(&object.pointer, "content");
            for (media, value) in content {
                if let Some(node) = value.as_object() {
                    found.push(MediaType {
                        pointer: child(&content_pointer, media),
                        node,
                        owner,
                    });
                }
            }
        }
    }
    found
}

/// Keywords whose value is one subschema.
const SINGLE_SUBSCHEMA: [&str; 3] = ["items", "additionalProperties", "not"];

/// Keywords whose value is a list of subschemas.
const SUBSCHEMA_LISTS: [&str; 3] = ["allOf", "anyOf", "oneOf"];

/// Lists every schema object of the spec, inline or in components, with the
/// schemas nested in them. Reference objects are listed but not followed.
pub(crate) fn schemas(root: &Value) -> Vec<Located<'_>> {
    let mut roots: Vec<(String, &Value)> = Vec::new();
    if let Some(map) = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in map {
            roots.push((child("/components/schemas", name), schema));
        }
    }
    for parameter in parameter_lists(root) {
        if let Some(schema) = parameter.node.get("schema") {
            roots.push((child(&parameter.pointer, "schema"), schema));
        }
    }
    for media in media_types(root) {
        if let Some(schema) = media.node.get("schema") {
            roots.push((child(&media.pointer, "schema"), schema));
        }
    }
    for header in headers(root) {
        if let Some(schema) = header.node.get("schema") {
            roots.push((child(&header.pointer, "schema"), schema));
        }
    }

    let mut found = Vec::new();
    for (pointer, schema) in roots {
        collect_schema(&mut found, pointer, schema, 0);
    }
    found
}

/// Most levels of nested inline schemas walked, far above any real spec.
const MAX_SCHEMA_DEPTH: usize = 256;

fn collect_schema<'a>(
    found: &mut Vec<Located<'a>>,
    pointer: String,
    schema: &'a Value,
    depth: usize,
) {
    let Some(node) = schema.as_object() else {
        return;
    };
    if depth > MAX_SCHEMA_DEPTH {
        return;
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        let properties_pointer = child(&pointer, "properties");
        for (name, property) in properties {
            collect_schema(found, child(&properties_pointer, name), property, depth + 1);
        }
    }
    for keyword in SINGLE_SUBSCHEMA {
        if let Some(subschema) = node.get(keyword) {
            collect_schema(found, child(&pointer, keyword), subschema, depth + 1);
        }
    }
    for keyword in SUBSCHEMA_LISTS {
        if let Some(list) = node.get(keyword).and_then(Value::as_array) {
            for (index, subschema) in list.iter().enumerate() {
                collect_schema(
                    found,
                    format!("{}/{index}", child(&pointer, keyword)),
                    subschema,
                    depth + 1,
                );
            }
        }
    }
    found.push(Located { pointer, node });
}

/// Lists every header object: in `components/headers` and in responses.
fn headers(root: &Value) -> Vec<Located<'_>> {
    let mut found = Vec::new();
    if let Some(map) = root
        .pointer("/components/headers")
        .and_then(Value::as_object)
    {
        push_objects(&mut found, map, "/components/headers");
    }
    for response in responses(root) {
        if let Some(map) = response.node.get("headers").and_then(Value::as_object) {
            push_objects(&mut found, map, &child(&response.pointer, "headers"));
        }
    }
    found
}
