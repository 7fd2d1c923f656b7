//! Retries of the list call: only retryable outcomes, at most the policy's
//! attempts, `Retry-After` honoured, and each attempt signed afresh, against
//! a signature-checking gateway on 127.0.0.1.
//!
//! Every test checks which requests arrived and in what order, never how
//! long the client waited.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use dws_client::retry::retry_after;
use dws_client::{DwsClient, DwsClientBuilder, Error, ResponseProblem, RetryPolicy};
use dws_tests::clients::{
    ACCESS_KEY, SECRET_KEY, builder, example_response, list_with, permanent, start_gateway,
};
use dws_tests::gateway::{Accounts, Gateway, parse_sdk_date};
use dws_tests::read_fixture;
use dws_tests::server::{CannedResponse, LoopbackServer, RecordedRequest};
use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Returns a policy that retries at once, so tests do not wait for backoff.
fn quick_policy() -> RetryPolicy {
    RetryPolicy::default()
        .with_base_delay(Duration::ZERO)
        .with_max_delay(Duration::ZERO)
}

/// Starts a gateway that checks every signature in front of a backend
/// that sends `responses` in order.
async fn gateway_server(responses: Vec<CannedResponse>) -> (Gateway, LoopbackServer) {
    start_gateway(
        Accounts::default().with_key(ACCESS_KEY, SECRET_KEY),
        responses,
    )
    .await
}

/// Returns a builder for `server` that retries at once.
fn quick_builder(server: &LoopbackServer) -> DwsClientBuilder {
    builder(server.base_url(), permanent()).retry_policy(quick_policy())
}

fn client(server: &LoopbackServer) -> DwsClient {
    quick_builder(server).build().expect("the client builds")
}

fn dws_error(status: u16) -> CannedResponse {
    CannedResponse::json(status, read_fixture("errors/dws_error.json"))
}

/// Returns a 200 response whose connection ends after 21 of the 100 body
/// bytes that its `Content-Length` announces, with `extra_headers` (each
/// ending in CRLF) in its head.
fn truncated_response(extra_headers: &str) -> CannedResponse {
    CannedResponse::raw(format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{extra_headers}Content-Length: 100\r\nConnection: close\r\n\r\n{{\"disaster_recovery\":"
    ))
}

/// Returns a 200 response with a chunked body whose second chunk size is
/// not hexadecimal, so reading the body fails after its first 5 bytes.
fn broken_chunked_response() -> CannedResponse {
    CannedResponse::raw(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{\"dis\r\nzz\r\n",
    )
}

fn problem(error: &Error) -> &ResponseProblem {
    match error {
        Error::InvalidResponse(invalid) => &invalid.problem,
        other => panic!("expected an invalid response, got {other:?}"),
    }
}

fn sdk_date(request: &RecordedRequest) -> SystemTime {
    let text = request.header("x-sdk-date").expect("X-Sdk-Date is sent");
    parse_sdk_date(text).expect("X-Sdk-Date parses")
}

/// Checks that a call made two requests, both accepted by the gateway, and
/// that the retry was signed at least one second (its `Retry-After`) later
/// with a new signature.
fn assert_retry_signed_afresh(gateway: &Gateway, requests: &[RecordedRequest]) {
    assert_eq!(requests.len(), 2);
    assert_eq!(gateway.rejections(), Vec::new(), "both signatures verify");
    assert!(
        sdk_date(&requests[1]) >= sdk_date(&requests[0]) + Duration::from_secs(1),
        "the retry is signed at least Retry-After later: {:?} then {:?}",
        requests[0].header("x-sdk-date"),
        requests[1].header("x-sdk-date")
    );
    assert_ne!(
        requests[0].header("authorization"),
        requests[1].header("authorization"),
        "the retry carries a new signature"
    );
}

#[tokio::test]
async fn unavailable_then_ok_succeeds() {
    let (gateway, server) = gateway_server(vec![dws_error(503), example_response()]).await;

    let response = client(&server)
        .list_disaster_recoveries()
        .send()
        .await
        .expect("the second attempt succeeds");

    assert_eq!(response.status(), 200);
    assert_eq!(server.requests().len(), 2);
    assert_eq!(gateway.rejections(), Vec::new());
}

#[tokio::test]
async fn retry_is_signed_afresh() {
    // Retry-After of one second moves the retry into the next second of
    // X-Sdk-Date, so a re-signed retry differs from the first attempt.
    let unavailable = dws_error(503).with_header("Retry-After", "1");
    let (gateway, server) = gateway_server(vec![unavailable, example_response()]).await;

    client(&server)
        .list_disaster_recoveries()
        .send()
        .await
        .expect("the second attempt succeeds");

    assert_retry_signed_afresh(&gateway, &server.requests());
}

#[tokio::test]
async fn bad_request_is_not_retried() {
    let (_gateway, server) = gateway_server(vec![dws_error(400), example_response()]).await;

    let error = list_with(quick_builder(&server))
        .await
        .expect_err("400 is final");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [401, 403, 404] {
        let (_gateway, server) = gateway_server(vec![dws_error(status), example_response()]).await;

        let error = list_with(quick_builder(&server))
            .await
            .expect_err("the status is final");

        assert!(!error.is_retryable(), "{status}");
        assert_eq!(server.requests().len(), 1, "{status}");
    }
}

#[tokio::test]
async fn retryable_statuses_are_retried() {
    for status in [429, 500, 502, 503, 504] {
        let (_gateway, server) = gateway_server(vec![dws_error(status), example_response()]).await;

        client(&server)
            .list_disaster_recoveries()
            .send()
            .await
            .unwrap_or_else(|error| panic!("{status} then 200 succeeds: {error}"));

        assert_eq!(server.requests().len(), 2, "{status}");
    }
}

#[tokio::test]
async fn html_unavailable_is_retried() {
    let html = CannedResponse {
        headers: vec![("Content-Type".to_owned(), "text/html".to_owned())],
        ..CannedResponse::json(503, read_fixture("errors/gateway_error.html"))
    };
    let (_gateway, server) = gateway_server(vec![html, example_response()]).await;

    client(&server)
        .list_disaster_recoveries()
        .send()
        .await
        .expect("the second attempt succeeds");

    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn disabled_retries_send_once() {
    let (_gateway, server) = gateway_server(vec![dws_error(503), example_response()]).await;

    let error = list_with(quick_builder(&server).retry_policy(RetryPolicy::disabled()))
        .await
        .expect_err("the only attempt fails");

    assert!(error.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn three_attempts_at_most() {
    let (_gateway, server) = gateway_server(vec![dws_error(503)]).await;

    let error = list_with(quick_builder(&server))
        .await
        .expect_err("every attempt fails");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(error.error_code(), Some("DWS.0001"));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn max_attempts_is_configurable() {
    let (_gateway, server) = gateway_server(vec![dws_error(500)]).await;

    list_with(quick_builder(&server).retry_policy(quick_policy().with_max_attempts(5)))
        .await
        .expect_err("every attempt fails");

    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn timeouts_are_retried() {
    let server = LoopbackServer::start(|_| {
        CannedResponse::json(200, "{}").with_delay(Duration::from_secs(5))
    })
    .await;

    let error = list_with(quick_builder(&server).timeout(Duration::from_millis(100)))
        .await
        .expect_err("every attempt times out");

    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn truncated_then_ok_succeeds() {
    let cases = [
        ("Content-Length", truncated_response("")),
        ("chunked", broken_chunked_response()),
    ];
    for (framing, cut_off) in cases {
        let (gateway, server) = gateway_server(vec![cut_off, example_response()]).await;

        let response = client(&server)
            .list_disaster_recoveries()
            .send()
            .await
            .unwrap_or_else(|error| panic!("{framing}: the second attempt succeeds: {error}"));

        assert_eq!(response.status(), 200, "{framing}");
        assert_eq!(server.requests().len(), 2, "{framing}");
        assert_eq!(gateway.rejections(), Vec::new(), "{framing}");
    }
}

#[tokio::test]
async fn truncated_retry_is_signed_afresh() {
    // As for a 503, Retry-After moves the retry into a later second of
    // X-Sdk-Date, so a re-signed retry differs from the first attempt.
    let cut_off = truncated_response("Retry-After: 1\r\n");
    let (gateway, server) = gateway_server(vec![cut_off, example_response()]).await;

    client(&server)
        .list_disaster_recoveries()
        .send()
        .await
        .expect("the second attempt succeeds");

    assert_retry_signed_afresh(&gateway, &server.requests());
}

#[tokio::test]
async fn always_truncated_uses_every_attempt() {
    let (_gateway, server) = gateway_server(vec![truncated_response("")]).await;

    let error = list_with(quick_builder(&server).retry_policy(quick_policy().with_max_attempts(4)))
        .await
        .expect_err("every attempt is truncated");

    assert!(
        matches!(
            problem(&error),
            ResponseProblem::Truncated {
                expected_len: Some(100),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    assert!(error.is_retryable());
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn disabled_retries_send_truncated_once() {
    let cases = [
        ("Content-Length", truncated_response(""), Some(100)),
        ("chunked", broken_chunked_response(), None),
    ];
    for (framing, cut_off, expected_len) in cases {
        let (_gateway, server) = gateway_server(vec![cut_off, example_response()]).await;

        let error = list_with(quick_builder(&server).retry_policy(RetryPolicy::disabled()))
            .await
            .expect_err("the only attempt is truncated");

        let ResponseProblem::Truncated {
            expected_len: found_len,
            ..
        } = problem(&error)
        else {
            panic!("{framing}: expected a truncated body, got {error:?}");
        };
        assert_eq!(*found_len, expected_len, "{framing}");
        assert!(error.is_retryable(), "{framing}");
        assert_eq!(server.requests().len(), 1, "{framing}");
    }
}

#[tokio::test]
async fn oversized_body_is_not_retried() {
    let huge = CannedResponse::json(503, "x".repeat(4096));
    let (_gateway, server) = gateway_server(vec![huge, example_response()]).await;

    let error = list_with(quick_builder(&server).max_body_size(1024))
        .await
        .expect_err("the body is over the limit");

    assert!(matches!(error, Error::BodyTooLarge { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn zero_attempts_is_rejected() {
    let error = builder("http://127.0.0.1:9", permanent())
        .retry_policy(RetryPolicy::default().with_max_attempts(0))
        .build()
        .expect_err("0 attempts is invalid");

    assert_eq!(
        error.to_string(),
        "invalid retry policy max_attempts \"0\": a request needs at least one attempt; expected 1 or more; RetryPolicy::disabled() sends each request once"
    );
}

#[tokio::test]
async fn zero_body_limit_is_rejected() {
    let error = builder("http://127.0.0.1:9", permanent())
        .max_body_size(0)
        .build()
        .expect_err("a zero limit is invalid");

    assert!(
        error.to_string().starts_with("invalid max body size \"0\""),
        "{error}"
    );
}

fn retry_after_headers(value: &'static str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
    headers
}

#[test]
fn retry_after_reads_seconds() {
    let headers = retry_after_headers("120");

    assert_eq!(
        retry_after(&headers, SystemTime::now()),
        Some(Duration::from_secs(120))
    );
}

#[test]
fn retry_after_reads_http_date() {
    let headers = retry_after_headers("Wed, 21 Oct 2015 07:28:00 GMT");
    // 2015-10-21T07:27:30Z, thirty seconds before the header's date.
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_450);

    assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(30)));
}

#[test]
fn retry_after_past_date_is_zero() {
    let headers = retry_after_headers("Wed, 21 Oct 2015 07:28:00 GMT");

    assert_eq!(
        retry_after(&headers, SystemTime::now()),
        Some(Duration::ZERO)
    );
}

#[test]
fn retry_after_ignores_garbage() {
    for value in ["soon", "-5", "1.5", ""] {
        assert_eq!(
            retry_after(&retry_after_headers(value), SystemTime::now()),
            None,
            "{value:?}"
        );
    }
    assert_eq!(retry_after(&HeaderMap::new(), SystemTime::now()), None);
}

#[test]
fn retry_after_is_capped() {
    let policy = RetryPolicy::default().with_max_retry_after(Duration::from_secs(5));

    assert_eq!(
        policy.delay_after(1, Some(&retry_after_headers("3600"))),
        Duration::from_secs(5)
    );
    assert_eq!(
        policy.delay_after(1, Some(&retry_after_headers("2"))),
        Duration::from_secs(2)
    );
}

#[test]
fn backoff_ceiling_doubles_to_max() {
    let policy = RetryPolicy::default()
        .with_base_delay(Duration::from_millis(100))
        .with_max_delay(Duration::from_secs(1));

    let ceilings: Vec<u128> = (1..=6)
        .map(|attempt| policy.backoff_ceiling(attempt).as_millis())
        .collect();

    assert_eq!(ceilings, [100, 200, 400, 800, 1000, 1000]);
    assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_secs(1));
}

#[test]
fn backoff_stays_under_ceiling() {
    let policy = RetryPolicy::default()
        .with_base_delay(Duration::from_millis(100))
        .with_max_delay(Duration::from_secs(1));

    for attempt in 1..=4 {
        for _ in 0..200 {
            let delay = policy.delay_after(attempt, None);
            assert!(
                delay <= policy.backoff_ceiling(attempt),
                "attempt {attempt}: {delay:?}"
            );
        }
    }
}

#[test]
fn backoff_is_jittered() {
    let policy = RetryPolicy::default();

    let delays: std::collections::HashSet<Duration> =
        (0..50).map(|_| policy.delay_after(1, None)).collect();

    assert!(delays.len() > 1, "50 delays are not all equal: {delays:?}");
}

#[test]
fn default_policy_is_documented() {
    let policy = RetryPolicy::default();

    assert_eq!(policy.max_attempts(), 3);
    assert_eq!(policy.base_delay(), Duration::from_millis(200));
    assert_eq!(policy.max_delay(), Duration::from_secs(5));
    assert_eq!(policy.max_retry_after(), Duration::from_secs(30));
    assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
}

/// Starts a raw HTTP server whose first connection sends a keep-alive 503
/// with `Retry-After: 0`, waits for the retry on that same connection and
/// closes it unanswered. Later connections get the documented example.
async fn closing_keep_alive_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&connections);
    let example = read_fixture("example_response.json");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let number = counter.fetch_add(1, Ordering::SeqCst);
            let mut head = [0u8; 8192];
            let _ = stream.read(&mut head).await;
            if number == 0 {
                let busy = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 2\r\n\r\n{}";
                let _ = stream.write_all(busy.as_bytes()).await;
                // Wait for the retry on this connection, then drop it unanswered.
                let _ = stream.read(&mut head).await;
                continue;
            }
            let ok = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{example}",
                example.len()
            );
            let _ = stream.write_all(ok.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    (format!("http://{address}"), connections)
}

#[tokio::test]
async fn closed_keep_alive_connection_is_retried() {
    for _ in 0..10 {
        let (endpoint, connections) = closing_keep_alive_server().await;
        let policy = RetryPolicy::default()
            .with_base_delay(Duration::ZERO)
            .with_max_delay(Duration::ZERO);

        let result = list_with(builder(&endpoint, permanent()).retry_policy(policy)).await;

        assert!(result.is_ok(), "{:?}", result.err());
        assert!(connections.load(Ordering::SeqCst) >= 2);
    }
}
