//! The `dws-codegen` binary on good and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn codegen(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dws-codegen"))
        .args(arguments)
        .output()
        .expect("dws-codegen starts")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn real_spec() -> PathBuf {
    dws_codegen::default_spec_path()
}

fn write(folder: &Path, name: &str, text: &str) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("temporary file is writable");
    path
}

fn run_on(spec: &Path, output: &Path, check: bool) -> Output {
    let spec = spec.to_str().expect("UTF-8 path");
    let output = output.to_str().expect("UTF-8 path");
    let mut arguments = vec!["--spec", spec, "--output", output];
    if check {
        arguments.push("--check");
    }
    codegen(&arguments)
}

#[test]
fn help_explains_check() {
    let output = codegen(&["--help"]);

    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("--check"), "{help}");
    assert!(help.contains("--spec"), "{help}");
}

#[test]
fn writes_then_checks_clean() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("generated.rs");

    let written = run_on(&real_spec(), &target, false);
    assert!(written.status.success(), "{}", stderr(&written));
    let checked = run_on(&real_spec(), &target, true);
    assert!(checked.status.success(), "{}", stderr(&checked));
}

#[test]
fn check_reports_spec_change() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("generated.rs");
    assert!(run_on(&real_spec(), &target, false).status.success());
    let spec_text = std::fs::read_to_string(real_spec()).expect("spec is readable");
    let changed = spec_text.replace(
        "        create_time:\n",
        "        cluster_version:\n          type: string\n          nullable: true\n          description: Version of the cluster.\n        create_time:\n",
    );
    assert_ne!(changed, spec_text, "the spec edit did not apply");
    let changed_spec = write(folder.path(), "dws.yaml", &changed);

    let checked = run_on(&changed_spec, &target, true);

    assert_eq!(checked.status.code(), Some(1));
    assert!(
        stderr(&checked).contains("the spec changed"),
        "{}",
        stderr(&checked)
    );
    let diff = String::from_utf8_lossy(&checked.stdout);
    assert!(diff.contains("+        pub cluster_version:"), "{diff}");
}

#[test]
fn check_reports_hand_edit() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("generated.rs");
    assert!(run_on(&real_spec(), &target, false).status.success());
    let edited =
        std::fs::read_to_string(&target).expect("output is readable") + "\n// a local tweak\n";
    std::fs::write(&target, edited).expect("output is writable");

    let checked = run_on(&real_spec(), &target, true);

    assert_eq!(checked.status.code(), Some(1));
    assert!(
        stderr(&checked).contains("edited by hand"),
        "{}",
        stderr(&checked)
    );
    assert!(String::from_utf8_lossy(&checked.stdout).contains("-// a local tweak"));
}

#[test]
fn check_reports_missing_output() {
    let folder = tempfile::tempdir().expect("temporary folder");

    let checked = run_on(&real_spec(), &folder.path().join("absent.rs"), true);

    assert_eq!(checked.status.code(), Some(1));
    assert!(
        stderr(&checked).contains("does not exist"),
        "{}",
        stderr(&checked)
    );
}

#[test]
fn check_ignores_crlf_line_endings() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("generated.rs");
    assert!(run_on(&real_spec(), &target, false).status.success());
    let crlf = std::fs::read_to_string(&target)
        .expect("output is readable")
        .replace('\n', "\r\n");
    std::fs::write(&target, crlf).expect("output is writable");

    assert!(run_on(&real_spec(), &target, true).status.success());
}

/// Runs the generator on a bad spec and returns its stderr, after checking
/// that it failed with exit code 1 and left the existing output untouched.
fn rejects(spec_text: &str) -> String {
    let folder = tempfile::tempdir().expect("temporary folder");
    let spec = write(folder.path(), "bad.yaml", spec_text);
    let target = write(folder.path(), "generated.rs", "// previous contents\n");

    let output = run_on(&spec, &target, false);

    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&target).expect("output is readable"),
        "// previous contents\n"
    );
    assert!(
        !stderr(&output).contains("thread '"),
        "the generator panicked: {}",
        stderr(&output)
    );
    let leftovers: Vec<_> = std::fs::read_dir(folder.path())
        .expect("folder is readable")
        .collect();
    assert_eq!(leftovers.len(), 2, "a temporary file was left behind");
    stderr(&output)
}

#[test]
fn missing_spec_is_named() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let absent = folder.path().join("absent.yaml");

    let output = run_on(&absent, &folder.path().join("out.rs"), false);

    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("absent.yaml"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("cannot read the spec"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn yaml_syntax_error_has_position() {
    let message = rejects("openapi: 3.0.3\ninfo:\n  title: [unclosed\n");

    assert!(message.contains("bad.yaml:"), "{message}");
    assert!(message.contains("invalid YAML"), "{message}");
    assert!(
        message.contains(":3:") || message.contains(":4:"),
        "{message}"
    );
}

#[test]
fn empty_spec_is_rejected() {
    let message = rejects("# nothing here\n");

    assert!(message.contains("is empty"), "{message}");
}

#[test]
fn non_openapi_document_names_node() {
    let message = rejects(
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 7\n",
    );

    assert!(message.contains("invalid OpenAPI document"), "{message}");
    assert!(message.contains("/paths/~1a/get/responses"), "{message}");
    assert!(message.contains("bad.yaml:8:7"), "{message}");
}

#[test]
fn openapi_31_is_rejected() {
    let message = rejects("openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths: {}\n");

    assert!(message.contains("3.1.0"), "{message}");
}

#[test]
fn progenitor_panic_names_operation() {
    // A request body with two media types passes validation but makes
    // progenitor 0.15 panic.
    let spec = "openapi: 3.0.3
info:
  title: t
  version: '1'
paths:
  /things:
    post:
      operationId: CreateThing
      requestBody:
        content:
          application/json:
            schema:
              type: object
          text/plain:
            schema:
              type: string
      responses:
        '204':
          description: ok
";
    let message = rejects(spec);

    assert!(message.contains("progenitor panicked"), "{message}");
    assert!(message.contains("CreateThing"), "{message}");
}

#[test]
fn json_spec_generates_same_code() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let text = std::fs::read_to_string(real_spec()).expect("spec is readable");
    let value: serde_json::Value = yaml_serde::from_str(&text).expect("spec is YAML");
    let json_spec = write(
        folder.path(),
        "dws.json",
        &serde_json::to_string_pretty(&value).expect("JSON"),
    );

    let from_yaml = dws_codegen::generate(&real_spec()).expect("YAML spec generates");
    let from_json = dws_codegen::generate(&json_spec).expect("JSON spec generates");

    let body = |source: &str| {
        source
            .split_once("#![cfg_attr")
            .map(|(_, body)| body.to_owned())
    };
    assert_eq!(body(&from_yaml.source), body(&from_json.source));
}
