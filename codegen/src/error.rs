//! Errors returned by the generator library.

use std::path::PathBuf;

use crate::diagnostic::{self, Diagnostic};

/// Failures of loading a spec, generating code from it, or writing the result.
///
/// Every variant names the file it concerns and says what to change.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read.
    #[error("cannot read the spec {}: {source}. Check the path, or pass another one with --spec", path.display())]
    ReadSpec {
        /// Path of the spec file.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },

    /// The spec file is empty or holds only comments.
    #[error("the spec {} is empty. Write an OpenAPI 3.0 document into it", path.display())]
    EmptySpec {
        /// Path of the spec file.
        path: PathBuf,
    },

    /// The spec file is not valid YAML (or JSON, which is a subset of YAML).
    #[error("{}:{line}:{column}: invalid YAML: {message}. Fix the syntax at that position", path.display())]
    Syntax {
        /// Path of the spec file.
        path: PathBuf,
        /// 1-based line of the error, 0 when the parser gave none.
        line: usize,
        /// 1-based column of the error, 0 when the parser gave none.
        column: usize,
        /// Parser message.
        message: String,
    },

    /// The document is valid YAML but does not match the OpenAPI 3.0 schema.
    #[error("{}: invalid OpenAPI document at `{pointer}`{}: {message}. Make the node at that path match the OpenAPI 3.0 schema", path.display(), location.map(|(line, column)| format!(" (line {line}, column {column})")).unwrap_or_default())]
    Schema {
        /// Path of the spec file.
        path: PathBuf,
        /// Path of the offending node, as `paths./v2/....get.responses`.
        pointer: String,
        /// 1-based line and column in the file, when the parser gave them.
        location: Option<(usize, usize)>,
        /// Deserializer message.
        message: String,
    },

    /// Progenitor returned an error for the document.
    #[error("{}: progenitor cannot generate the client{}: {message}", path.display(), operation_suffix(operation.as_deref()))]
    Progenitor {
        /// Path of the spec file.
        path: PathBuf,
        /// The operation that failed, when it could be isolated.
        operation: Option<String>,
        /// Progenitor's message.
        message: String,
    },

    /// Progenitor panicked while generating the client.
    #[error("{}: progenitor panicked while generating the client{}: {message}. This usually means the spec uses a construct progenitor does not support", path.display(), operation_suffix(operation.as_deref()))]
    ProgenitorPanic {
        /// Path of the spec file.
        path: PathBuf,
        /// The operation that panicked, when it could be isolated.
        operation: Option<String>,
        /// The panic message.
        message: String,
    },

    /// The generated tokens are not valid Rust source.
    #[error(
        "the generated code does not parse as Rust: {message}. This is a bug in dws-codegen or progenitor"
    )]
    InvalidOutput {
        /// Parser message.
        message: String,
    },

    /// The output file could not be written.
    #[error("cannot write {}: {source}. Nothing was changed; check that the folder exists and is writable", path.display())]
    Write {
        /// Path of the output file.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },

    /// The spec failed validation; nothing was generated.
    #[error("{}: {}, so nothing was generated:\n\n{}", path.display(), diagnostic::count_summary(diagnostics), diagnostic::render_all(diagnostics))]
    Invalid {
        /// Path of the spec file.
        path: PathBuf,
        /// Every problem found, errors and warnings, sorted by position.
        diagnostics: Vec<Diagnostic>,
    },

    /// The committed output file could not be read for `--check`.
    #[error("cannot read the generated file {}: {source}", path.display())]
    ReadOutput {
        /// Path of the output file.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },
}

fn operation_suffix(operation: Option<&str>) -> String {
    match operation {
        Some(operation) => format!(" for operation `{operation}`"),
        None => String::new(),
    }
}
