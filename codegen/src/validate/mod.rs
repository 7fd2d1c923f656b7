//! Checking a spec before progenitor reads it.
//!
//! [`validate_file`] reads the spec, converts it to canonical JSON, runs
//! every check in [`CHECKS`] and reads the result into openapiv3's types.
//! All problems of one run are collected; any error stops generation, and
//! warnings travel with the result so the caller can print them.

mod document;
mod examples;
mod instance;
mod operations;
mod refs;
mod responses;
mod schemas;
mod shape;
mod version;
mod walk;

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostic::{Check, Diagnostic, Location, Severity};
use crate::source_map::SourceMap;
use crate::{Error, spec};

/// Property-level extension that turns the required-and-nullable error into
/// a warning, for a key the API documents as always present.
pub const ALLOW_REQUIRED_NULLABLE: &str = "x-dws-allow-required-nullable";

/// Schema extension listing the known values of an open string enum; the
/// project writes it in place of a closed `enum`.
pub const EXTENSIBLE_ENUM: &str = "x-extensible-enum";

/// One family of checks: a name for readers and the function that runs it.
pub struct CheckFamily {
    /// Short description of the rule the family enforces.
    pub name: &'static str,
    run: fn(&Value, &mut Sink<'_>),
}

/// Every check run on a spec, in order. Each reports through the sink, so
/// one run lists every problem.
pub const CHECKS: &[CheckFamily] = &[
    CheckFamily {
        name: "openapi is 3.0.x",
        run: version::check,
    },
    CheckFamily {
        name: "every operation has a unique operationId",
        run: operations::check_ids,
    },
    CheckFamily {
        name: "path parameters are required and match the path template",
        run: operations::check_path_parameters,
    },
    CheckFamily {
        name: "success responses share one body, and error responses share one body",
        run: responses::check,
    },
    CheckFamily {
        name: "references resolve and have no ignored siblings",
        run: refs::check,
    },
    CheckFamily {
        name: "no property is both required and nullable unless allowed",
        run: schemas::check_required_nullable,
    },
    CheckFamily {
        name: "string enums are x-extensible-enum",
        run: schemas::check_closed_enums,
    },
    CheckFamily {
        name: "documented examples match their schemas, and date-times carry a zone",
        run: examples::check,
    },
];

/// A spec that passed validation, ready for progenitor.
#[derive(Debug, Clone)]
pub struct ValidatedSpec {
    /// The document, built from the canonical JSON so that key order and
    /// formatting do not change the generated code.
    pub document: OpenAPI,
    /// Lower-case hex SHA-256 of the canonical JSON text.
    pub sha256: String,
    /// Problems that did not stop generation, sorted by position.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and validates the spec at `path`.
///
/// # Errors
///
/// [`Error::ReadSpec`], [`Error::EmptySpec`], [`Error::Syntax`] and
/// [`Error::Schema`] when the file cannot be read or is not a YAML mapping,
/// and [`Error::Invalid`] with every diagnostic (warnings included) when any
/// check reports an error.
pub fn validate_file(path: &Path) -> Result<ValidatedSpec, Error> {
    let text = spec::read_text(path)?;
    validate_text(path, &text)
}

/// Validates spec `text`; `path` names the file in diagnostics.
///
/// # Errors
///
/// The same as [`validate_file`], except for [`Error::ReadSpec`].
pub fn validate_text(path: &Path, text: &str) -> Result<ValidatedSpec, Error> {
    let mut yaml = spec::parse_yaml(path, text)?;
    let source_map = SourceMap::build(text);
    let mut sink = Sink {
        file: path,
        source_map: &source_map,
        diagnostics: Vec::new(),
    };

    // YAML merge keys (`<<: *anchor`) are part of the YAML the spec is
    // written in, so they are resolved before anything reads the document.
    if let Err(error) = yaml.apply_merge() {
        sink.push(
            Severity::Error,
            Check::DocumentShape,
            "",
            format!("a YAML merge key (`<<`) cannot be applied: {error}"),
            "merge only mappings, or a list of mappings, into a mapping",
        );
    }

    let canonical = document::canonical_json(&yaml, &mut sink);
    for family in CHECKS {
        (family.run)(&canonical, &mut sink);
    }
    let openapi = shape::deserialize(&canonical, &mut sink);

    let diagnostics = sink.finish();
    let has_errors = diagnostics
        .iter()
        .any(|diagnostic| diagnostic.severity == Severity::Error);
    match openapi {
        Some(document) if !has_errors => Ok(ValidatedSpec {
            document,
            sha256: spec::sha256_hex(canonical.to_string().as_bytes()),
            warnings: diagnostics,
        }),
        _ => Err(Error::Invalid {
            path: path.to_owned(),
            diagnostics,
        }),
    }
}

/// Collects diagnostics, placing each at the line and column of its pointer.
pub(crate) struct Sink<'a> {
    file: &'a Path,
    source_map: &'a SourceMap,
    diagnostics: Vec<Diagnostic>,
}

impl Sink<'_> {
    /// Records one problem at the node `pointer`.
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        check: Check,
        pointer: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            severity,
            check,
            file: PathBuf::from(self.file),
            location: self.source_map.locate(pointer),
            pointer: pointer.to_owned(),
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// Returns the line of the node at `pointer`, for messages that name a
    /// second place.
    pub(crate) fn line_of(&self, pointer: &str) -> Option<usize> {
        self.source_map
            .locate(pointer)
            .map(|location| location.line)
    }

    /// Returns the position of the node at `pointer`, for checks that order
    /// nodes as the file does (the canonical JSON sorts keys).
    pub(crate) fn location_of(&self, pointer: &str) -> Option<Location> {
        self.source_map.locate(pointer)
    }

    /// Returns the diagnostics sorted by position, without duplicates.
    fn finish(mut self) -> Vec<Diagnostic> {
        self.diagnostics.sort_by(|left, right| {
            (left.location, &left.pointer, left.check, &left.message).cmp(&(
                right.location,
                &right.pointer,
                right.check,
                &right.message,
            ))
        });
        self.diagnostics.dedup();
        self.diagnostics
    }
}
