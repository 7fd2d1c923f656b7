//! Generator for the `dws-client` crate.
//!
//! The pipeline has five steps. [`validate::validate_file`] reads
//! `spec/dws.yaml` and checks it, reporting every problem with its line and
//! column. [`progenitor_run::generate_tokens`] runs progenitor on it.
//! [`render::render`] formats the tokens and adds the header.
//! [`output::write_atomic`] or [`output::check`] writes or compares the
//! file, and [`semantic_diff`] summarizes what a change means for the API.
//! [`generate`] runs the first three steps.

pub mod diagnostic;
mod error;
pub mod output;
pub mod progenitor_run;
pub mod render;
pub mod semantic_diff;
pub mod source_map;
pub mod spec;
pub mod synthetic;
pub mod validate;

use std::path::{Path, PathBuf};

pub use diagnostic::Diagnostic;
pub use error::Error;
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
/// Any [`Error`] from loading or validating the spec, running progenitor or
/// formatting; [`Error::Invalid`] lists every validation problem.
pub fn generate(spec_path: &Path) -> Result<GeneratedCode, Error> {
    // NOTE: when progenitor fails after validation passed, the validation
    // warnings are dropped with the result.
    let spec = validate::validate_file(spec_path)?;
    let tokens = progenitor_run::generate_tokens(spec_path, &spec.document)?;
    let header = Header {
        spec_label: spec_label(spec_path),
        spec_sha256: spec.sha256,
    };
    let source = render::render(&header, tokens)?;
    Ok(GeneratedCode {
        header,
        source,
        warnings: spec.warnings,
    })
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
