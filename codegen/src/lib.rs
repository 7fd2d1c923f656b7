//! Generator for the `dws-client` crate.
//!
//! The pipeline has five steps. [`validate::validate_file`] reads
//! `spec/dws.yaml` and checks it, reporting every problem with its line and
//! column. [`progenitor_run::generate_tokens_with`] runs progenitor on it,
//! with the types of [`replacements`] in place of `String`.
//! [`extensible_enum`] adds the open enums to the generated `types` module,
//! and [`render::render_file`] formats the result and adds the header.
//! [`output::write_atomic`] or [`output::check`] writes or compares the
//! file, and [`semantic_diff`] summarizes what a change means for the API.
//! [`generate`] runs every step but the last.

pub mod diagnostic;
mod error;
pub mod extensible_enum;
pub mod output;
pub mod progenitor_run;
pub mod render;
pub mod replacements;
pub mod semantic_diff;
pub mod source_map;
pub mod spec;
pub mod synthetic;
pub mod validate;

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

pub use diagnostic::Diagnostic;
pub use error::{Error, ExtensibleEnumProblem};
pub use output::{CheckOutcome, StaleCause};
pub use render::Header;

/// Generated client source, ready to be written or compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedCode {
    /// The header written at the top of `source`.
    pub header: Header,
    /// The whole file: header, then the formatted code.
    pub source: String,
    /// Validation warnings about the spec, for the caller to print.
    pub warnings: Vec<Diagnostic>,
}

/// Returns the workspace root: the folder above this crate's manifest.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// Returns the default spec path, `spec/dws.yaml` under the workspace root.
pub fn default_spec_path() -> PathBuf {
    workspace_root().join("spec").join("dws.yaml")
}

/// Returns the default output path, `generated/src/generated.rs` under the
/// workspace root.
pub fn default_output_path() -> PathBuf {
    workspace_root()
        .join("generated")
        .join("src")
        .join("generated.rs")
}

/// Generates the client source from the OpenAPI document at `spec_path`.
///
/// The same spec gives the same bytes on every run and machine: the header
/// names the spec by its path relative to the workspace root and its hash,
/// never by an absolute path or a time.
///
/// The spec is validated first ([`validate::validate_file`]). Progenitor
/// then runs on its canonical form, so reordered keys, reformatted YAML and
/// JSON give the same bytes, header hash included.
///
/// # Errors
///
/// Any [`Error`] from loading or validating the spec, checking its
/// `x-extensible-enum` extensions, running progenitor or formatting;
/// [`Error::Invalid`] lists every validation problem.
pub fn generate(spec_path: &Path) -> Result<GeneratedCode, Error> {
    // NOTE: when progenitor fails after validation passed, the validation
    // warnings are dropped with the result.
    let spec = validate::validate_file(spec_path)?;
    let file = generate_file(spec_path, &spec.document)
        .map_err(|error| extensible_enum_diagnostic(error, spec.warnings.clone()))?;
    let header = Header {
        spec_label: spec_label(spec_path),
        spec_sha256: spec.sha256,
    };
    let source = render::render_file(&header, &file);
    Ok(GeneratedCode {
        header,
        source,
        warnings: spec.warnings,
    })
}

/// Reports an `x-extensible-enum` problem like the validation checks: with
/// line, column and JSON pointer, after the warnings of the same run.
/// Other errors pass through unchanged.
fn extensible_enum_diagnostic(error: Error, mut diagnostics: Vec<Diagnostic>) -> Error {
    let Error::ExtensibleEnum {
        path,
        pointer,
        problem,
    } = error
    else {
        return error;
    };
    let location = spec::read_text(&path)
        .ok()
        .and_then(|text| source_map::SourceMap::build(&text).locate(&pointer));
    diagnostics.push(Diagnostic {
        severity: diagnostic::Severity::Error,
        check: diagnostic::Check::ExtensibleEnum,
        file: path.clone(),
        location,
        pointer,
        message: format!("invalid `x-extensible-enum`: {problem}"),
        hint: "variant names are the values in UpperCamelCase, so each value must give a distinct Rust name".to_owned(),
    });
    Error::Invalid { path, diagnostics }
}

/// Runs progenitor with the replacement types registered, then adds the
/// emitted extensible enums to the generated `types` module.
fn generate_file(spec_path: &Path, document: &OpenAPI) -> Result<syn::File, Error> {
    let enums = extensible_enum::collect(spec_path, document)?;
    let settings = replacements::settings(&enums);
    let tokens = progenitor_run::generate_tokens_with(spec_path, document, &settings)?;
    let mut file = render::parse_tokens(tokens)?;
    extensible_enum::insert_into_types(&mut file, &enums)?;
    Ok(file)
}

/// Names `path` relative to the workspace root, with `/` separators, or by
/// its file name when it lies outside the workspace.
fn spec_label(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let root = std::fs::canonicalize(workspace_root()).unwrap_or_else(|_| workspace_root());
    let relative = match absolute.strip_prefix(&root) {
        Ok(relative) => relative.to_owned(),
        Err(_) => PathBuf::from(absolute.file_name().unwrap_or(absolute.as_os_str())),
    };
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
