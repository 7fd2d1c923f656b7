//! Each attempt is logged at debug with method, path, status, attempt,
//! elapsed time and request ID, retries and failures at warn, and no log
//! event shows a credential.
//!
//! This is the only test of its binary: `tracing` caches per call site
//! whether any subscriber wants its events, and a test without a subscriber
//! running in parallel could make that cache skip the capturing one.

use std::time::Duration;

use dws_client::{Credentials, DwsClient, RetryPolicy};
use dws_tests::gateway::{Accounts, Gateway, REQUEST_ID};
use dws_tests::logs::CapturedLogs;
use dws_tests::read_fixture;
use dws_tests::server::{CannedResponse, LoopbackServer, in_order};

const PROJECT_ID: &str = "0536cdee2200d5912f7cc00b877980f1";
const ACCESS_KEY: &str = "HPUAEXAMPLEACCESSKEY";
const SECRET_KEY: &str = "sk-4c3b2a1f0e9d-SECRET-KEY";
const SECURITY_TOKEN: &str = "st-8d7c6b5a4f3e-SECURITY-TOKEN";
const IAM_TOKEN: &str = "iam-2b1a0f9e8d7c-IAM-TOKEN";
const SECRETS: [&str; 3] = [SECRET_KEY, SECURITY_TOKEN, IAM_TOKEN];

fn all_credentials() -> [Credentials; 3] {
    [
        Credentials::permanent(ACCESS_KEY, SECRET_KEY).expect("valid credentials"),
        Credentials::temporary(ACCESS_KEY, SECRET_KEY, SECURITY_TOKEN).expect("valid credentials"),
        Credentials::iam_token(IAM_TOKEN).expect("valid token"),
    ]
}

fn client(server: &LoopbackServer, credentials: Credentials) -> DwsClient {
    DwsClient::builder()
        .endpoint(server.base_url())
        .credentials(credentials)
        .project_id(PROJECT_ID)
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::ZERO))
        .build()
        .expect("the client builds")
}

#[test]
fn attempts_retries_and_failures_are_logged() {
    let captured = CapturedLogs::new();

    tracing::subscriber::with_default(captured.subscriber(), || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime builds");
        runtime.block_on(retry_then_fail());
    });

    let path = format!("path=\"/v2/{PROJECT_ID}/disaster-recoveries\"");
    let attempt_lines = captured.lines_with(&[
        "DEBUG ",
        "DWS request attempt finished",
        "method=GET",
        &path,
        "status=503",
        "attempt=1",
        "elapsed_ms=",
        REQUEST_ID,
    ]);
    assert_eq!(
        attempt_lines.len(),
        3,
        "one 503 attempt per credential kind: {}",
        captured.text()
    );
    let retry_lines = captured.lines_with(&[
        "WARN ",
        "retrying DWS request",
        "attempt=1",
        "status=503",
        REQUEST_ID,
    ]);
    assert_eq!(retry_lines.len(), 3, "{}", captured.text());
    let failure_lines =
        captured.lines_with(&["WARN ", "DWS request failed", "status=404", "attempts=1"]);
    assert_eq!(failure_lines.len(), 3, "{}", captured.text());

    let logs = captured.text();
    for secret in SECRETS {
        assert!(
            !logs.contains(secret),
            "a log event shows {secret:?}: {logs}"
        );
    }
}

/// Calls a backend that sends 503 then 200, then 404, with each kind of
/// credentials. The gateway adds `X-Request-Id` to every response.
async fn retry_then_fail() {
    let accounts = Accounts::default()
        .with_key(ACCESS_KEY, SECRET_KEY)
        .with_token(IAM_TOKEN);
    let example = CannedResponse::json(200, read_fixture("example_response.json"));
    let unavailable = CannedResponse::json(503, read_fixture("errors/dws_error.json"));
    let not_found = CannedResponse::json(404, read_fixture("errors/dws_error.json"));

    for credentials in all_credentials() {
        let gateway = Gateway::new(accounts.clone());
        let responses = vec![unavailable.clone(), example.clone(), not_found.clone()];
        let server = LoopbackServer::start(gateway.handler(in_order(responses))).await;
        let client = client(&server, credentials);

        client
            .list_disaster_recoveries()
            .send()
            .await
            .expect("the retry succeeds");
        client
            .list_disaster_recoveries()
            .send()
            .await
            .expect_err("404 fails");
    }
}
