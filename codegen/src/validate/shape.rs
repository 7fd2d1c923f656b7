//! Reading the canonical JSON into openapiv3's types, the form progenitor
//! takes.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostic::{Check, Severity};
use crate::validate::Sink;
use crate::validate::document::child;

/// Deserializes `value` into an [`OpenAPI`] document. On failure, reports
/// the first node that does not match the OpenAPI 3.0 object model and
/// returns `None`.
pub(crate) fn deserialize(value: &Value, sink: &mut Sink<'_>) -> Option<OpenAPI> {
    let error = match serde_path_to_error::deserialize::<_, OpenAPI>(value) {
        Ok(document) => return Some(document),
        Err(error) => error,
    };
    let mut pointer = to_pointer(error.path());
    let mut message = error.into_inner().to_string();

    // openapiv3 reads the path map through a flattened field, so an error
    // inside a path item is reported at `paths`. Deserializing each path
    // item on its own finds the node.
    if pointer == "/paths"
        && let Some((deeper, deeper_message)) = path_item_error(value)
    {
        pointer = deeper;
        message = deeper_message;
    }

    sink.push(
        Severity::Error,
        Check::DocumentShape,
        &pointer,
        format!("invalid OpenAPI document: {message}"),
        "make this node match the OpenAPI 3.0 object model (https://spec.openapis.org/oas/v3.0.3)",
    );
    None
}

fn path_item_error(document: &Value) -> Option<(String, String)> {
    let paths = document.get("paths")?.as_object()?;
    for (path, item) in paths {
        if !path.starts_with('/') {
            continue;
        }
        let result = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item);
        if let Err(error) = result {
            let inner = to_pointer(error.path());
            return Some((
                format!("{}{inner}", child("/paths", path)),
                error.into_inner().to_string(),
            ));
        }
    }
    None
}

/// Converts a serde path into a JSON pointer.
fn to_pointer(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            serde_path_to_error::Segment::Map { key } => pointer = child(&pointer, key),
            serde_path_to_error::Segment::Enum { variant } => pointer = child(&pointer, variant),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}
