//! Loading the OpenAPI document from disk.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use sha2::{Digest, Sha256};

use crate::Error;

/// An OpenAPI document read from a file, with what the file header needs.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// Path the document was read from.
    pub path: PathBuf,
    /// Source text with line endings normalized to `\n`.
    pub text: String,
    /// Lower-case hex SHA-256 of `text`.
    pub sha256: String,
    /// The parsed document.
    pub document: OpenAPI,
}

/// Reads and parses the OpenAPI document at `path`.
///
/// The file may be YAML or JSON. Line endings are normalized before hashing,
/// so a checkout with CRLF line endings gives the same hash as one with LF.
///
/// # Errors
///
/// [`Error::ReadSpec`] when the file cannot be read, [`Error::EmptySpec`] when
/// it has no content, [`Error::Syntax`] with line and column for invalid YAML,
/// and [`Error::Schema`] with the path of the bad node when the YAML is not
/// an OpenAPI 3.0 document.
pub fn load(path: &Path) -> Result<LoadedSpec, Error> {
    let text = read_text(path)?;
    let document = parse(path, &text)?;

    Ok(LoadedSpec {
        path: path.to_owned(),
        sha256: sha256_hex(text.as_bytes()),
        text,
        document,
    })
}

/// Parses `text` as an OpenAPI document; `path` is used in error messages.
///
/// # Errors
///
/// The same as [`load`], except for [`Error::ReadSpec`].
/// Reads the spec at `path` as UTF-8 text with line endings normalized to `\n`.
///
/// # Errors
///
/// [`Error::ReadSpec`] when the file cannot be read, and [`Error::Syntax`]
/// when it is not UTF-8.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::ReadSpec {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|byte| **byte == b'\n').count() + 1;
        let line_start = valid
            .iter()
            .rposition(|byte| *byte == b'\n')
            .map_or(0, |index| index + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        Error::Syntax {
            path: path.to_owned(),
            line,
            column,
            message: "the file is not UTF-8; save it as UTF-8".to_owned(),
        }
    })?;
    Ok(text.replace("\r\n", "\n"))
}

/// Parses `text` as a YAML (or JSON) mapping; `path` is used in error messages.
///
/// # Errors
///
/// [`Error::EmptySpec`] when `text` has no content, [`Error::Syntax`] with
/// line and column for invalid YAML, and [`Error::Schema`] when the root is
/// not a mapping.
pub fn parse_yaml(path: &Path, text: &str) -> Result<yaml_serde::Value, Error> {
    if is_blank(text) {
        return Err(Error::EmptySpec {
            path: path.to_owned(),
        });
    }

    // Parse into a generic value first, so syntax errors are distinguished from
    // schema errors and carry their own line and column.
    let value: yaml_serde::Value = yaml_serde::from_str(text).map_err(|error| {
        let (line, column) = location(&error).unwrap_or((0, 0));
        Error::Syntax {
            path: path.to_owned(),
            line,
            column,
            message: strip_location(&error.to_string()),
        }
    })?;
    if !value.is_mapping() {
        return Err(Error::Schema {
            path: path.to_owned(),
            pointer: ".".to_owned(),
            location: Some((1, 1)),
            message: "the document root must be a mapping with `openapi`, `info` and `paths`"
                .to_owned(),
        });
    }
    Ok(value)
}

pub fn parse(path: &Path, text: &str) -> Result<OpenAPI, Error> {
    let value = parse_yaml(path, text)?;

    let deserializer = yaml_serde::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let pointer = error.path().to_string();
        let inner = error.into_inner();
        let (pointer, message) = match pointer.as_str() {
            "paths" => deeper_path_error(&value).unwrap_or_else(|| (pointer, inner.to_string())),
            _ => (pointer, inner.to_string()),
        };
        Error::Schema {
            path: path.to_owned(),
            pointer,
            location: location(&inner),
            message: strip_location(&message),
        }
    })
}

/// Finds the bad node inside `paths`, which the document-level error cannot
/// name because openapiv3 deserializes the path map through a flattened
/// field. Each path item is deserialized on its own to get the full path.
fn deeper_path_error(document: &yaml_serde::Value) -> Option<(String, String)> {
    let paths = document.get("paths")?.as_mapping()?;
    for (key, item) in paths {
        let Some(key) = key.as_str() else { continue };
        if !key.starts_with('/') {
            continue;
        }
        let result: Result<openapiv3::PathItem, _> = serde_path_to_error::deserialize(item.clone());
        if let Err(error) = result {
            let inner_path = error.path().to_string();
            let pointer = match inner_path.as_str() {
                "." | "" => format!("paths.{key}"),
                inner => format!("paths.{key}.{inner}"),
            };
            return Some((pointer, error.into_inner().to_string()));
        }
    }
    None
}

/// Returns the lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#') || line == "---")
}

fn location(error: &yaml_serde::Error) -> Option<(usize, usize)> {
    error
        .location()
        .map(|location| (location.line(), location.column()))
}

/// Removes the " at line L column C" suffix that the YAML parser appends,
/// because the error message prints the position itself.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}
