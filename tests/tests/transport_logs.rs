//! Each attempt is logged at debug with method, path, status, attempt,
//! elapsed time and request ID, retries and failures at warn, and no log
//! event shows a credential.
//!
//! This is the only test of its binary: `tracing` caches per call site
//! whether any subscriber wants its events, and a test without a subscriber
//! running in parallel could make that cache skip the capturing one.

use std::time::Duration;

use dws_client::{Credentials, RetryPolicy};
use dws_tests::clients::{ACCESS_KEY, PROJECT_ID, builder, example_response, start_gateway};
use dws_tests::gateway::{Accounts, REQUEST_ID};
use dws_tests::logs::CapturedLogs;
use dws_tests::read_fixture;
use dws_tests::secrets::{IAM_TOKEN, SECRET_KEY, assert_no_secret, every_kind_of_credentials};
use dws_tests::server::CannedResponse;

#[test]
fn attempts_retries_and_failures_are_logged() {
    let captured = CapturedLogs::new();

    captured.run(retry_then_fail());

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

    captured.run(truncated_then_ok());

    let truncated_retry_lines = captured.lines_with(&[
        "WARN ",
        "retrying DWS request",
        "attempt=1",
        "status=200",
        "reason=\"error decoding response body",
    ]);
    assert_eq!(truncated_retry_lines.len(), 1, "{}", captured.text());

    assert_no_secret("a log event", &captured.text());
}

/// Calls a backend that sends 503 then 200, then 404, with each kind of
/// credentials. The gateway adds `X-Request-Id` to every response.
async fn retry_then_fail() {
    let accounts = Accounts::default()
        .with_key(ACCESS_KEY, SECRET_KEY)
        .with_token(IAM_TOKEN);
    let unavailable = CannedResponse::json(503, read_fixture("errors/dws_error.json"));
    let not_found = CannedResponse::json(404, read_fixture("errors/dws_error.json"));

    for credentials in every_kind_of_credentials() {
        let responses = vec![unavailable.clone(), example_response(), not_found.clone()];
        let (_gateway, server) = start_gateway(accounts.clone(), responses).await;
        let client = builder(server.base_url(), credentials)
            .retry_policy(RetryPolicy::default().with_base_delay(Duration::ZERO))
            .build()
            .expect("the client builds");

        client
            .list_disaster_recoveries()
            .send()
            .await
            .expect("the retry succeeds");
        client
            .list_disaster_recoveries()
            .send()
            .await
            .expect_err("404 is an error");
    }
}

/// Calls a backend whose first response ends after 21 of its 100 body
/// bytes and whose second is the documented list.
async fn truncated_then_ok() {
    let truncated = CannedResponse::raw(
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"disaster_recovery\":",
    );
    let (_gateway, server) = start_gateway(
        Accounts::default().with_key(ACCESS_KEY, SECRET_KEY),
        vec![truncated, example_response()],
    )
    .await;

    let credentials = Credentials::permanent(ACCESS_KEY, SECRET_KEY).expect("valid credentials");
    builder(server.base_url(), credentials)
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::ZERO))
        .build()
        .expect("the client builds")
        .list_disaster_recoveries()
        .send()
        .await
        .expect("the retry succeeds");
}
