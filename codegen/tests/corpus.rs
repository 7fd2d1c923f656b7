//! The generator on a corpus of broken specs, one file per mistake under
//! `tests/fixtures/specs/`: each gives its message (a snapshot) and writes
//! no output file. The binary runs inside the fixture folder, so messages
//! name files by their plain names.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs the generator in `folder` on the spec `name`, writing to a file in
/// a temporary folder; returns the process output and the output path.
fn run_in(folder: &Path, name: &str) -> (Output, tempfile::TempDir, PathBuf) {
    let out_folder = tempfile::tempdir().expect("temporary folder");
    let target = out_folder.path().join("generated.rs");
    let output = Command::new(env!("CARGO_BIN_EXE_dws-codegen"))
        .current_dir(folder)
        .args(["--spec", name, "--output"])
        .arg(&target)
        .output()
        .expect("dws-codegen starts");
    (output, out_folder, target)
}

/// Runs the generator on a fixture that must be rejected; checks exit code
/// 1, no output file and no panic, and returns stderr.
fn rejected_in(folder: &Path, name: &str) -> String {
    let (output, _out_folder, target) = run_in(folder, name);

    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!target.exists(), "an output file was written for {name}");
    assert!(
        !stderr(&output).contains("thread '"),
        "the generator panicked: {}",
        stderr(&output)
    );
    stderr(&output)
}

fn rejected(name: &str) -> String {
    rejected_in(&fixtures(), name)
}

/// Runs the generator on a fixture that must generate; returns stderr
/// without the line reporting the written file and its timing.
fn accepted(name: &str) -> String {
    let (output, _out_folder, target) = run_in(&fixtures(), name);

    assert!(output.status.success(), "{}", stderr(&output));
    assert!(target.exists(), "no output file was written for {name}");
    stderr(&output)
        .lines()
        .filter(|line| !line.starts_with("wrote "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn openapi_version_rejected() {
    insta::assert_snapshot!(rejected("openapi_version.yaml"));
}

#[test]
fn spec_without_operations_rejected() {
    insta::assert_snapshot!(rejected("no_operations.yaml"));
}

#[test]
fn non_utf8_spec_rejected() {
    insta::assert_snapshot!(rejected("not_utf8.yaml"));
}

#[test]
fn missing_operation_id_rejected() {
    insta::assert_snapshot!(rejected("operation_id_missing.yaml"));
}

#[test]
fn duplicated_operation_id_rejected() {
    insta::assert_snapshot!(rejected("operation_id_duplicated.yaml"));
}

#[test]
fn differing_error_bodies_rejected() {
    insta::assert_snapshot!(rejected("error_responses_differ.yaml"));
}

#[test]
fn differing_success_bodies_rejected() {
    insta::assert_snapshot!(rejected("success_responses_differ.yaml"));
}

#[test]
fn ref_sibling_nullable_rejected() {
    insta::assert_snapshot!(rejected("ref_sibling_nullable.yaml"));
}

#[test]
fn unresolved_ref_rejected() {
    insta::assert_snapshot!(rejected("ref_unresolved.yaml"));
}

#[test]
fn required_nullable_rejected() {
    insta::assert_snapshot!(rejected("required_nullable.yaml"));
}

#[test]
fn allowed_required_nullable_warns() {
    insta::assert_snapshot!(accepted("required_nullable_allowed.yaml"));
}

#[test]
fn date_time_without_zone_rejected() {
    insta::assert_snapshot!(rejected("date_time_without_zone.yaml"));
}

#[test]
fn closed_enum_rejected() {
    insta::assert_snapshot!(rejected("closed_enum.yaml"));
}

#[test]
fn extensible_enum_accepted() {
    let messages = accepted("extensible_enum.yaml");

    assert_eq!(messages, "", "an x-extensible-enum spec got diagnostics");
}

#[test]
fn optional_path_parameter_rejected() {
    insta::assert_snapshot!(rejected("path_parameter_optional.yaml"));
}

#[test]
fn invalid_example_rejected() {
    insta::assert_snapshot!(rejected("example_invalid.yaml"));
}

#[test]
fn yaml_syntax_error_rejected() {
    insta::assert_snapshot!(rejected("yaml_syntax_error.yaml"));
}

#[test]
fn empty_spec_rejected() {
    insta::assert_snapshot!(rejected("empty.yaml"));
}

#[test]
fn document_shape_rejected() {
    insta::assert_snapshot!(rejected("document_shape.yaml"));
}

#[test]
fn json_spec_problem_located() {
    insta::assert_snapshot!(rejected("json_invalid.json"));
}

#[test]
fn all_problems_reported_together() {
    insta::assert_snapshot!(rejected("many_problems.yaml"));
}

#[test]
fn progenitor_panic_reported() {
    insta::assert_snapshot!(rejected("progenitor_panic.yaml"));
}

/// Operation count of the huge synthetic spec.
const HUGE_OPERATIONS: usize = 500;

/// The operation of the huge spec that gets a mistake.
const BROKEN_OPERATION: usize = 437;

#[test]
fn huge_spec_problem_located() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let spec = dws_codegen::synthetic::spec_with_operations(HUGE_OPERATIONS);
    let id = format!("operationId: ListResources{BROKEN_OPERATION}\n");
    let broken = spec.replacen(&id, "operationId: ListResources12\n", 1);
    assert_ne!(broken, spec, "the mistake was not injected");
    let duplicate_line = broken
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim() == "operationId: ListResources12")
        .map(|(index, _)| index + 1)
        .nth(1)
        .expect("the duplicate is in the text");
    std::fs::write(folder.path().join("huge.yaml"), broken).expect("spec is written");

    let message = rejected_in(folder.path(), "huge.yaml");

    assert!(
        message.contains(&format!("huge.yaml:{duplicate_line}:7")),
        "{message}"
    );
    insta::assert_snapshot!(message);
}

#[test]
fn huge_spec_validates() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("huge.yaml");
    std::fs::write(
        &path,
        dws_codegen::synthetic::spec_with_operations(HUGE_OPERATIONS),
    )
    .expect("spec is written");

    let spec = dws_codegen::validate::validate_file(&path).expect("the huge spec validates");

    assert_eq!(spec.document.paths.paths.len(), HUGE_OPERATIONS);
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
}
