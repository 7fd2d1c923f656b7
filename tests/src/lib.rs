//! Helpers shared by the snapshot and end-to-end tests: tables extracted
//! from the generated source, fixtures, a loopback HTTP server, an API
//! gateway stand-in that verifies signatures, the test account and client
//! builder, distinctive secrets, and a log capture.

pub mod clients;
pub mod gateway;
pub mod logs;
pub mod secrets;
pub mod server;
pub mod source_tables;

use std::path::PathBuf;

/// Returns the path of a file under `tests/fixtures/`.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Reads a file under `tests/fixtures/` as text.
///
/// # Panics
///
/// Panics with the path when the fixture cannot be read, because a test
/// cannot run without its fixture.
pub fn read_fixture(name: &str) -> String {
    let path = fixture_path(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read fixture {}: {error}", path.display()))
}

/// Returns the committed generated client source, `generated/src/generated.rs`.
///
/// # Panics
///
/// Panics with the path when the file cannot be read.
pub fn committed_generated_source() -> String {
    let path = dws_codegen::default_output_path();
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}
