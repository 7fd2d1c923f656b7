//! Errors returned by the generator library.

use std::path::PathBuf;

use crate::diagnostic::{self, Diagnostic};

/// Failures of loading a spec, generating code from it, or writing the result.
///
/// Every variant names the file it concerns and states what to change.
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
    #[error("{}:{line}:{column}: invalid {}: {message}. Fix the syntax at that position", path.display(), syntax_name(path))]
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

    /// An `x-extensible-enum` extension cannot become a Rust enum.
    #[error("{}: invalid `x-extensible-enum` at `{pointer}`: {problem}", path.display())]
    ExtensibleEnum {
        /// Path of the spec file.
        path: PathBuf,
        /// JSON pointer of the schema that carries the extension, as
        /// `/components/schemas/DrStatus`.
        pointer: String,
        /// Problem found, with its fix.
        problem: ExtensibleEnumProblem,
    },

    /// The generated code has no `types` module to hold the emitted enums.
    #[error(
        "the code progenitor generated has no `types` module, so the extensible enums have no place. This is a bug in dws-codegen or progenitor"
    )]
    NoTypesModule,

    /// The generated tokens are not valid Rust source.
    #[error(
        "the generated code does not parse as Rust: {message}. This is a bug in dws-codegen or progenitor"
    )]
    InvalidOutput {
        /// Parser message.
        message: String,
    },

    /// The output file could not be written.
    #[error("cannot write {}: {source}. Nothing was changed; {}", path.display(), write_hint(source))]
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

/// Reason an `x-extensible-enum` extension cannot become a Rust enum. Each
/// message ends with the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtensibleEnumProblem {
    /// The extension sits on a schema that is not a named component schema.
    #[error(
        "the extension only works on a schema under components.schemas. Move the schema there and reference it with `nullable: true` and `allOf: [$ref: ...]`"
    )]
    NotAComponent,

    /// The schema is not `type: string`.
    #[error("the schema is {found}, not `type: string`. Declare it as `type: string`")]
    NotAString {
        /// Actual type of the schema, such as `type: integer`.
        found: String,
    },

    /// The schema also has a closed `enum` list.
    #[error(
        "the schema also has a closed `enum` list. Remove `enum`: x-extensible-enum lists the documented values and accepts others"
    )]
    ClosedEnum,

    /// The schema itself is nullable, which the replacement type would lose.
    #[error(
        "the schema has `nullable: true`, which the generated enum cannot express. Remove it and write `nullable: true` beside `allOf: [$ref: ...]` on each property instead"
    )]
    Nullable,

    /// The schema name is not an UpperCamelCase Rust type name.
    #[error(
        "the schema name `{name}` is not an UpperCamelCase Rust type name. Rename the schema, for example to `{suggestion}`"
    )]
    TypeName {
        /// The schema name.
        name: String,
        /// An UpperCamelCase form of the name.
        suggestion: String,
    },

    /// The extension is not a list.
    #[error(
        "the extension is {found}, not a list. Write it as a list of strings, such as `x-extensible-enum: [running, stopped]`"
    )]
    NotAList {
        /// JSON kind of the extension value, such as `a string`.
        found: &'static str,
    },

    /// The list is empty.
    #[error(
        "the list is empty. List the documented values, or remove the extension to keep a plain string"
    )]
    Empty,

    /// An item of the list is not a string.
    #[error("item {index} is {found}, not a string. Quote the value so YAML reads it as a string")]
    ValueNotAString {
        /// 0-based position in the list.
        index: usize,
        /// JSON kind of the item, such as `a number`.
        found: &'static str,
    },

    /// An item of the list is the empty string.
    #[error("item {index} is an empty string. Remove it")]
    EmptyValue {
        /// 0-based position in the list.
        index: usize,
    },

    /// A value is listed twice.
    #[error("`{value}` is listed twice. Remove one of the entries")]
    Duplicate {
        /// The repeated value.
        value: String,
    },

    /// A value gives no valid Rust variant name.
    #[error(
        "`{value}` gives `{variant}`, which is not a valid Rust variant name. Leave the value out of the list; it still decodes, as `{unknown}(\"{value}\")`",
        unknown = crate::extensible_enum::UNKNOWN_VARIANT
    )]
    InvalidVariant {
        /// The value.
        value: String,
        /// The UpperCamelCase form that failed, possibly empty.
        variant: String,
    },

    /// Two values give the same Rust variant name.
    #[error("`{first}` and `{second}` both give the Rust variant `{variant}`. Remove one of them")]
    VariantCollision {
        /// The value listed first.
        first: String,
        /// The value listed later.
        second: String,
        /// The shared variant name.
        variant: String,
    },

    /// A value gives the name of the variant reserved for undocumented values.
    #[error(
        "`{value}` gives the Rust variant `{variant}`, which is reserved for undocumented values. Remove the value; it still decodes, as `{variant}(\"{value}\")`"
    )]
    ReservedVariant {
        /// The value.
        value: String,
        /// The reserved variant name.
        variant: &'static str,
    },
}

/// Returns what to do about a failed write, by the kind of I/O error.
fn write_hint(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;

    match error.kind() {
        ErrorKind::NotFound => "create the folder first, or pass another --output",
        ErrorKind::IsADirectory => "--output must name a file, not a folder",
        ErrorKind::PermissionDenied => {
            "make the file and its folder writable (the file is replaced by a rename), or pass another --output"
        }
        _ => "check that the folder exists and that the file and folder are writable",
    }
}

/// Names the syntax of the spec by its file extension, for parse errors.
fn syntax_name(path: &std::path::Path) -> &'static str {
    let is_json = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
    if is_json { "JSON" } else { "YAML" }
}
