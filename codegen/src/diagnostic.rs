//! Problems found in a spec, each pointing at a line, a column and a JSON
//! pointer, with a hint on how to fix it.

use std::fmt;
use std::path::PathBuf;

/// Severity of a problem: whether it stops generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation goes on and the problem is printed.
    Warning,
    /// Generation stops and nothing is written.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The check that found a problem; its name is printed in brackets so a
/// reader can search for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// The `openapi` field is missing or not `3.0.x`.
    OpenapiVersion,
    /// The document does not match the OpenAPI 3.0 object model.
    DocumentShape,
    /// An operation has no `operationId`, or shares it with another.
    OperationId,
    /// A path parameter is optional, or does not match the path template.
    PathParameter,
    /// Responses of one group (success or error) have different bodies.
    ResponseBodies,
    /// A `$ref` has sibling keywords, which OpenAPI 3.0 ignores.
    RefSiblings,
    /// A `$ref` does not resolve, or points at the wrong kind of component.
    RefTarget,
    /// A property is both required and nullable.
    RequiredNullable,
    /// A closed `enum` where the convention is `x-extensible-enum`.
    ClosedEnum,
    /// A `format: date-time` field whose documented example has no time zone.
    DateTimeZone,
    /// A documented example that does not validate against its schema.
    Example,
    /// An invalid or misplaced `x-extensible-enum` list.
    ExtensibleEnum,
}

impl Check {
    /// Returns the short name printed in messages, such as `ref-siblings`.
    pub fn name(self) -> &'static str {
        match self {
            Check::OpenapiVersion => "openapi-version",
            Check::DocumentShape => "document-shape",
            Check::OperationId => "operation-id",
            Check::PathParameter => "path-parameter",
            Check::ResponseBodies => "response-bodies",
            Check::RefSiblings => "ref-siblings",
            Check::RefTarget => "ref-target",
            Check::RequiredNullable => "required-nullable",
            Check::ClosedEnum => "closed-enum",
            Check::DateTimeZone => "date-time-zone",
            Check::Example => "example",
            Check::ExtensibleEnum => "extensible-enum",
        }
    }
}

/// Line and column of a node in the spec source, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether the problem stops generation.
    pub severity: Severity,
    /// The check that found it.
    pub check: Check,
    /// Path of the spec file, as given on the command line.
    pub file: PathBuf,
    /// Position of the node in the file, when the YAML parser reported one.
    pub location: Option<Location>,
    /// RFC 6901 JSON pointer of the node, such as `/paths/~1v2~1x/get`.
    pub pointer: String,
    /// Description of the problem.
    pub message: String,
    /// Suggested fix.
    pub hint: String,
}

impl fmt::Display for Diagnostic {
    /// Writes three lines: the severity, check and message; the file, line,
    /// column and pointer; and the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}[{}]: {}",
            self.severity,
            self.check.name(),
            self.message
        )?;
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        match self.location {
            Some(Location { line, column }) => writeln!(
                f,
                "  --> {}:{line}:{column} at {pointer}",
                self.file.display()
            )?,
            None => writeln!(f, "  --> {} at {pointer}", self.file.display())?,
        }
        write!(f, "  help: {}", self.hint)
    }
}

/// Writes `diagnostics` separated by blank lines.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Counts `diagnostics` as "2 errors and 1 warning".
pub fn count_summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let plural = |count: usize, noun: &str| {
        if count == 1 {
            format!("1 {noun}")
        } else {
            format!("{count} {noun}s")
        }
    };
    match (errors, warnings) {
        (_, 0) => plural(errors, "error"),
        (0, _) => plural(warnings, "warning"),
        _ => format!(
            "{} and {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}
