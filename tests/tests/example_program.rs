//! The `list_disaster_recoveries` example, run by `cargo run` with only
//! environment variables and flags, against a signature-checking gateway
//! on 127.0.0.1.

use std::process::{Command, Output};

use dws_client::env;
use dws_client::types::{DisasterRecovery, ListDisasterRecoverResponse};
use dws_tests::clients::{ACCESS_KEY, PROJECT_ID, SECRET_KEY, example_response, start_gateway};
use dws_tests::gateway::{Accounts, Gateway, REJECTED_CODE, REQUEST_ID};
use dws_tests::read_fixture;
use dws_tests::server::{CannedResponse, LoopbackServer};

const SECURITY_TOKEN: &str = "example-security-token";

/// Example program that contains the usage snippet of the workspace README.
const QUICK_START: &str = "quick_start";

/// Access key and secret key that the README's usage snippet passes.
const README_ACCESS_KEY: &str = "HPUAEXAMPLEACCESSKEY";
const README_SECRET_KEY: &str = "secret-key";

/// Variable that the snippet's region, cn-north-4, reads its endpoint from.
const CN_NORTH_4_ENDPOINT: &str = "HUAWEICLOUD_SDK_REGION_DWS_CN_NORTH_4";

/// Maximum size in bytes of an error report on stderr: a message line,
/// whose server texts the error type cuts to 300 characters each, and five
/// short fields.
const MAX_REPORT_BYTES: usize = 2048;

/// Prefix of every variable the official SDKs read; the example runs
/// without any inherited from the test's environment.
const SDK_VARIABLE_PREFIX: &str = "HUAWEICLOUD_SDK_";

/// Starts a gateway that checks signatures in front of a backend that
/// returns the documented example list.
async fn gateway_server() -> (Gateway, LoopbackServer) {
    let accounts = Accounts::default().with_key(ACCESS_KEY, SECRET_KEY);
    start_gateway(accounts, vec![example_response()]).await
}

fn credentials_env(secret_key: &str) -> Vec<(&'static str, String)> {
    vec![
        (env::ACCESS_KEY, ACCESS_KEY.to_owned()),
        (env::SECRET_KEY, secret_key.to_owned()),
        (env::PROJECT_ID, PROJECT_ID.to_owned()),
    ]
}

/// Runs the `list_disaster_recoveries` example with `arguments` and
/// exactly the SDK variables in `variables`.
async fn run_example(arguments: &[&str], variables: Vec<(&'static str, String)>) -> Output {
    run_program("list_disaster_recoveries", arguments, variables).await
}

/// Runs the `list_disaster_recoveries` example against `server` with valid
/// credentials.
async fn run_against(server: &LoopbackServer) -> Output {
    run_example(
        &["--endpoint", &server.base_url()],
        credentials_env(SECRET_KEY),
    )
    .await
}

/// Runs the example program `name` with `arguments` and exactly the SDK
/// variables in `variables`, off the async runtime's worker threads.
async fn run_program(
    name: &'static str,
    arguments: &[&str],
    variables: Vec<(&'static str, String)>,
) -> Output {
    let arguments: Vec<String> = arguments
        .iter()
        .map(|&argument| argument.to_owned())
        .collect();
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(env!("CARGO"));
        command
            .current_dir(dws_codegen::workspace_root())
            .args(["run", "--quiet", "--locked", "-p", "dws-client"])
            .args(["--example", name, "--"])
            .args(&arguments);
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with(SDK_VARIABLE_PREFIX) {
                command.env_remove(name);
            }
        }
        command.envs(variables);
        command.output().expect("cargo runs the example")
    })
    .await
    .expect("the example's thread finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Returns the stdout of a run, after checking that it succeeded.
fn success_stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "the example fails: {}",
        stderr(output)
    );
    stdout(output)
}

/// Returns the stderr of a run, after checking that it exited with `code`.
fn failure_stderr(output: &Output, code: i32) -> String {
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit code of the example, which printed: {}",
        stderr(output)
    );
    stderr(output)
}

/// Starts a server without a gateway that sends `response` with
/// `X-Request-Id` to every request.
async fn server_sending(response: CannedResponse) -> LoopbackServer {
    let response = response.with_header("X-Request-Id", REQUEST_ID);
    LoopbackServer::start(move |_| response.clone()).await
}

/// Checks that an error report is one message line and five field lines,
/// within [`MAX_REPORT_BYTES`].
fn assert_report_is_short(report: &str) {
    assert_eq!(
        report.lines().count(),
        6,
        "one message line and five fields: {report}"
    );
    assert!(
        report.len() <= MAX_REPORT_BYTES,
        "{} bytes: {report}",
        report.len()
    );
}

/// Returns the first `rust,no_run` code block of the README's "Using the
/// client" section, with its final line break.
fn readme_usage_snippet() -> String {
    let path = dws_codegen::workspace_root().join("README.md");
    let readme = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let section = readme
        .split_once("## Using the client")
        .map(|(_, section)| section)
        .expect("the README has a \"Using the client\" section");
    let (_, block) = section
        .split_once("```rust,no_run\n")
        .expect("the section has a rust,no_run code block");
    let (code, _) = block.split_once("\n```").expect("the code block ends");
    format!("{code}\n")
}

fn documented_list() -> Vec<DisasterRecovery> {
    let response: ListDisasterRecoverResponse =
        serde_json::from_str(&read_fixture("example_response.json")).expect("example decodes");
    response.disaster_recovery.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn example_prints_table() {
    let (gateway, server) = gateway_server().await;

    let output = run_against(&server).await;

    assert_eq!(success_stdout(&output), read_fixture("example_table.txt"));
    assert_eq!(gateway.rejections(), Vec::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn example_prints_json() {
    let (_gateway, server) = gateway_server().await;

    let output = run_example(
        &["--json", "--endpoint", &server.base_url()],
        credentials_env(SECRET_KEY),
    )
    .await;

    let printed: Vec<DisasterRecovery> =
        serde_json::from_str(&success_stdout(&output)).expect("stdout is a JSON list");
    assert_eq!(printed, documented_list());
}

#[tokio::test(flavor = "multi_thread")]
async fn example_uses_temporary_credentials() {
    let (gateway, server) = gateway_server().await;
    let mut variables = credentials_env(SECRET_KEY);
    variables.push((env::SECURITY_TOKEN, SECURITY_TOKEN.to_owned()));

    let output = run_example(&["--endpoint", &server.base_url()], variables).await;

    success_stdout(&output);
    assert_eq!(gateway.rejections(), Vec::new());
    assert_eq!(
        server.requests()[0].header("x-security-token"),
        Some(SECURITY_TOKEN)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_sends_filters() {
    let (_gateway, server) = gateway_server().await;

    let output = run_example(
        &[
            "--endpoint",
            &server.base_url(),
            "--primary-cluster-id",
            "p-1",
            "--standby-cluster-id",
            "s-2",
            "--id",
            "d-3",
        ],
        credentials_env(SECRET_KEY),
    )
    .await;

    success_stdout(&output);
    let request = &server.requests()[0];
    let mut pairs: Vec<&str> = request.query().split('&').collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        ["id=d-3", "primary_cluster_id=p-1", "standby_cluster_id=s-2"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_reports_api_error() {
    let (_gateway, server) = gateway_server().await;

    let output = run_example(
        &["--endpoint", &server.base_url()],
        credentials_env("wrong-secret-key"),
    )
    .await;

    let report = failure_stderr(&output, 1);
    assert_eq!(stdout(&output), "");
    assert!(report.contains("status:       401"), "{report}");
    assert!(
        report.contains(&format!("error_code:   {REJECTED_CODE}")),
        "{report}"
    );
    assert!(
        report.contains(
            "error_msg:    Incorrect IAM authentication information: verify aksk signature fail"
        ),
        "{report}"
    );
    assert!(
        report.contains(&format!("X-Request-Id: {REQUEST_ID}")),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_names_missing_variables() {
    let output = run_example(&["--region", "cn-north-4"], Vec::new()).await;

    assert_eq!(
        failure_stderr(&output, 1),
        "error: missing or empty environment variables: HUAWEICLOUD_SDK_AK (the access key ID (AK)), HUAWEICLOUD_SDK_SK (the secret access key (SK)), HUAWEICLOUD_SDK_PROJECT_ID (the project ID in the target region). Set them in the environment and run again\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_names_empty_variable() {
    let mut variables = credentials_env(SECRET_KEY);
    variables.push((env::ACCESS_KEY, String::new()));

    let output = run_example(&["--region", "cn-north-4"], variables).await;

    assert_eq!(
        failure_stderr(&output, 1),
        "error: missing or empty environment variable: HUAWEICLOUD_SDK_AK (the access key ID (AK)). Set it in the environment and run again\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_rejects_unknown_region() {
    let output = run_example(&["--region", "xx-middle-9"], credentials_env(SECRET_KEY)).await;

    let report = failure_stderr(&output, 1);
    assert!(
        report.starts_with(
            "error: unknown DWS region \"xx-middle-9\"; known regions are cn-north-9, "
        ),
        "{report}"
    );
    assert!(
        report.ends_with(
            ". For another region, pass its endpoint with --endpoint https://dws.xx-middle-9.myhuaweicloud.com, or set the environment variable HUAWEICLOUD_SDK_REGION_DWS_XX_MIDDLE_9 to it\n"
        ),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_rejects_region_beside_endpoint() {
    let arguments = [
        "--region",
        "cn-nort-4",
        "--endpoint",
        "https://dws.cn-north-4.myhuaweicloud.com",
    ];
    let output = run_example(&arguments, credentials_env(SECRET_KEY)).await;

    let report = failure_stderr(&output, 1);
    assert!(
        report
            .starts_with("error: unknown DWS region \"cn-nort-4\"; known regions are cn-north-9, "),
        "{report}"
    );
    assert!(
        report.ends_with(
            ". The program calls the URL given with --endpoint, so correct --region or leave it out\n"
        ),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_names_endpoint_flag() {
    let output = run_example(
        &["--endpoint", "dws.cn-north-4.myhuaweicloud.com"],
        credentials_env(SECRET_KEY),
    )
    .await;

    assert_eq!(
        failure_stderr(&output, 1),
        "error: invalid endpoint \"dws.cn-north-4.myhuaweicloud.com\" from --endpoint: relative URL without a base; expected an http or https URL such as https://dws.cn-north-4.myhuaweicloud.com\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_shortens_large_html() {
    let padding = "<p>The upstream server did not respond in time.</p>\n".repeat(4096);
    let html = format!("{}{padding}", read_fixture("errors/gateway_error.html"));
    let response = CannedResponse::json(502, html).with_header("Content-Type", "text/html");
    let server = server_sending(response).await;

    let output = run_against(&server).await;

    let report = failure_stderr(&output, 1);
    assert_report_is_short(&report);
    assert!(report.contains("status:       502"), "{report}");
    assert!(
        report.contains(&format!("X-Request-Id: {REQUEST_ID}")),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_reports_empty_not_found() {
    let server = server_sending(CannedResponse::json(404, "")).await;

    let output = run_against(&server).await;

    let report = failure_stderr(&output, 1);
    assert!(report.contains("status:       404"), "{report}");
    assert!(
        report.contains(&format!("X-Request-Id: {REQUEST_ID}")),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_reports_code_and_message() {
    let body = read_fixture("errors/code_message_error.json");
    let server = server_sending(CannedResponse::json(500, body)).await;

    let output = run_against(&server).await;

    let report = failure_stderr(&output, 1);
    assert!(report.contains("status:       500"), "{report}");
    assert!(report.contains("error_code:   APIG.0201"), "{report}");
    assert!(
        report.contains("error_msg:    Request entity too large"),
        "{report}"
    );
    assert!(
        report.contains(&format!("X-Request-Id: {REQUEST_ID}")),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_shortens_long_message() {
    let message = "The backend failed.\nRetry later.\n".repeat(256);
    let body = serde_json::json!({"code": "APIG.0202", "message": message}).to_string();
    let server = server_sending(CannedResponse::json(500, body)).await;

    let output = run_against(&server).await;

    let report = failure_stderr(&output, 1);
    assert_report_is_short(&report);
    assert!(
        report.contains("error_msg:    The backend failed. Retry later. The backend failed."),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_rejects_unknown_flag() {
    let output = run_example(&["--region", "cn-north-4", "--colour"], Vec::new()).await;

    let report = failure_stderr(&output, 2);
    assert!(
        report.contains("unexpected argument '--colour'"),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn example_requires_region_or_endpoint() {
    let output = run_example(&[], credentials_env(SECRET_KEY)).await;

    let report = failure_stderr(&output, 2);
    assert!(report.contains("--region <REGION>"), "{report}");
}

#[test]
fn readme_snippet_is_quick_start() {
    let path = dws_codegen::workspace_root()
        .join("generated/examples")
        .join(format!("{QUICK_START}.rs"));
    let program = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));

    assert!(
        program.ends_with(&readme_usage_snippet()),
        "the README's usage snippet and {} differ: copy the snippet below the file's doc comment",
        path.display()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn quick_start_lists_relationships() {
    let accounts = Accounts::default().with_key(README_ACCESS_KEY, README_SECRET_KEY);
    let (gateway, server) = start_gateway(accounts, vec![example_response()]).await;

    let output = run_program(
        QUICK_START,
        &[],
        vec![(CN_NORTH_4_ENDPOINT, server.base_url())],
    )
    .await;

    let printed = success_stdout(&output);
    assert_eq!(
        printed.lines().count(),
        documented_list().len(),
        "{printed}"
    );
    assert!(
        printed.starts_with("Some(\"9956ee8a-2f5b-4d76-8c18-4115e2393433\")"),
        "{printed}"
    );
    assert_eq!(gateway.rejections(), Vec::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn quick_start_prints_error_line() {
    let variables = vec![(CN_NORTH_4_ENDPOINT, "not a url".to_owned())];

    let output = run_program(QUICK_START, &[], variables).await;

    assert_eq!(
        failure_stderr(&output, 1),
        "error: invalid endpoint \"not a url\" from environment variable HUAWEICLOUD_SDK_REGION_DWS_CN_NORTH_4: relative URL without a base; expected an http or https URL such as https://dws.cn-north-4.myhuaweicloud.com\n"
    );
}
