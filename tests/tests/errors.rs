//! Every failure of a list call reaches the caller as a `dws_client::Error`
//! with its status and request ID, against a real HTTP server on 127.0.0.1.
//!
//! Retries are off here, so each call sends one request. The retries have
//! tests of their own.

use std::time::Duration;

use dws_client::response::{BODY_PREFIX_LIMIT, decode_list_response};
use dws_client::{ApiError, ClientError, DwsClientBuilder, Error, ResponseProblem, RetryPolicy};
use dws_tests::clients::{PROJECT_ID, builder, list_with, permanent};
use dws_tests::read_fixture;
use dws_tests::server::{CannedResponse, LoopbackServer};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};

/// `X-Request-Id` that the test servers send.
const REQUEST_ID: &str = "7d0c3b6e2f5a4c1e9b8a7f6e5d4c3b2a";

/// `request_id` of `errors/apigw_error.json`.
const GATEWAY_REQUEST_ID: &str = "d5b1c2e0a9f84e6b8c7d3a2f1e0b9c8d";

/// Error statuses that the API documents.
const DOCUMENTED_ERROR_STATUSES: [u16; 6] = [400, 401, 403, 404, 500, 503];

/// Returns a builder for `endpoint` that sends each request once.
fn single_attempt(endpoint: impl Into<String>) -> DwsClientBuilder {
    builder(endpoint, permanent()).retry_policy(RetryPolicy::disabled())
}

/// Sends one list call to a server that responds with `response` and
/// returns the error.
async fn error_for(response: CannedResponse) -> Error {
    let server = LoopbackServer::start(move |_| response.clone()).await;
    call(single_attempt(server.base_url())).await
}

async fn call(builder: DwsClientBuilder) -> Error {
    list_with(builder).await.expect_err("the call fails")
}

/// Returns a response with `body` and only the headers the server adds.
fn plain(status: u16, body: impl Into<Vec<u8>>) -> CannedResponse {
    CannedResponse {
        headers: Vec::new(),
        ..CannedResponse::json(status, body)
    }
}

fn with_request_id(response: CannedResponse) -> CannedResponse {
    response.with_header("X-Request-Id", REQUEST_ID)
}

fn status(error: &Error) -> Option<u16> {
    error.status().map(|status| status.as_u16())
}

fn api_error(error: &Error) -> &ApiError {
    match error {
        Error::Api(api) => api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn problem(error: &Error) -> &ResponseProblem {
    match error {
        Error::InvalidResponse(invalid) => &invalid.problem,
        other => panic!("expected an invalid response, got {other:?}"),
    }
}

#[tokio::test]
async fn dws_error_bodies_become_api_errors() {
    let body = read_fixture("errors/dws_error.json");

    for code in DOCUMENTED_ERROR_STATUSES {
        let error = error_for(with_request_id(CannedResponse::json(code, body.clone()))).await;

        let api = api_error(&error);
        assert_eq!(api.status.as_u16(), code);
        assert_eq!(api.error_code, "DWS.0001", "{code}");
        assert_eq!(
            api.error_msg, "The cluster does not exist or has been deleted.",
            "{code}"
        );
        assert_eq!(api.request_id.as_deref(), Some(REQUEST_ID), "{code}");
        assert_eq!(api.gateway_request_id, None, "{code}");
        assert_eq!(api.body, body.as_bytes(), "{code}");
    }
}

#[tokio::test]
async fn gateway_error_bodies_keep_both_ids() {
    let body = read_fixture("errors/apigw_error.json");

    for code in DOCUMENTED_ERROR_STATUSES {
        let error = error_for(with_request_id(CannedResponse::json(code, body.clone()))).await;

        let api = api_error(&error);
        assert_eq!(api.status.as_u16(), code);
        assert_eq!(api.error_code, "APIGW.0301", "{code}");
        assert_eq!(
            api.error_msg, "Incorrect IAM authentication information: verify aksk signature fail",
            "{code}"
        );
        assert_eq!(
            api.gateway_request_id.as_deref(),
            Some(GATEWAY_REQUEST_ID),
            "{code}"
        );
        assert_eq!(api.request_id.as_deref(), Some(REQUEST_ID), "{code}");
        assert_eq!(error.request_id(), Some(REQUEST_ID), "{code}");
    }
}

#[tokio::test]
async fn body_request_id_fills_missing_header() {
    let body = read_fixture("errors/apigw_error.json");

    let error = error_for(CannedResponse::json(401, body)).await;

    assert_eq!(error.request_id(), Some(GATEWAY_REQUEST_ID));
}

#[tokio::test]
async fn code_and_message_are_fallbacks() {
    let body = read_fixture("errors/code_message_error.json");

    let error = error_for(with_request_id(CannedResponse::json(413, body))).await;

    assert_eq!(status(&error), Some(413));
    assert_eq!(error.error_code(), Some("APIG.0201"));
    assert_eq!(error.error_msg(), Some("Request entity too large"));
    assert_eq!(error.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn message_without_code_has_no_code() {
    let body = read_fixture("errors/message_only_error.json");

    let error = error_for(CannedResponse::json(503, body)).await;

    assert_eq!(api_error(&error).error_code, "");
    assert_eq!(error.error_code(), None);
    assert_eq!(
        error.error_msg(),
        Some("The service is busy. Try again later.")
    );
}

#[tokio::test]
async fn code_without_message_has_no_message() {
    let body = read_fixture("errors/code_only_error.json");

    let error = error_for(CannedResponse::json(404, body)).await;

    assert_eq!(api_error(&error).error_msg, "");
    assert_eq!(error.error_msg(), None);
    assert_eq!(error.error_code(), Some("DWS.0001"));
}

#[tokio::test]
async fn html_bodies_keep_status() {
    let html = read_fixture("errors/gateway_error.html");

    for code in [200, 400, 401, 403, 404, 500, 502, 503] {
        let response =
            with_request_id(plain(code, html.clone())).with_header("Content-Type", "text/html");
        let error = error_for(response).await;

        assert_eq!(status(&error), Some(code));
        assert_eq!(error.request_id(), Some(REQUEST_ID), "{code}");
        assert!(
            matches!(problem(&error), ResponseProblem::NotJson { .. }),
            "{code}: {error:?}"
        );
        let Error::InvalidResponse(invalid) = &error else {
            unreachable!("problem() checked the variant");
        };
        assert_eq!(invalid.content_type.as_deref(), Some("text/html"), "{code}");
        assert_eq!(invalid.body_len, html.len(), "{code}");
        assert_eq!(invalid.body_prefix, html, "{code}");
    }
}

#[tokio::test]
async fn empty_bodies_keep_status() {
    for code in [200, 400, 401, 403, 404, 500, 503] {
        let error = error_for(with_request_id(plain(code, ""))).await;

        assert_eq!(status(&error), Some(code));
        assert_eq!(error.request_id(), Some(REQUEST_ID), "{code}");
        assert_eq!(problem(&error), &ResponseProblem::Empty, "{code}");
    }
}

#[tokio::test]
async fn truncated_body_keeps_status() {
    // `{}` alone would decode, so a truncated body must fail before decoding.
    for partial in [r#"{"disaster_recovery": ["#, "{}"] {
        let raw = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: {REQUEST_ID}\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{partial}"
        );

        let error = error_for(CannedResponse::raw(raw)).await;

        assert_eq!(status(&error), Some(200), "{partial}");
        assert_eq!(error.request_id(), Some(REQUEST_ID), "{partial}");
        assert!(
            matches!(
                problem(&error),
                ResponseProblem::Truncated {
                    expected_len: Some(100),
                    ..
                }
            ),
            "{partial}: {error:?}"
        );
        let Error::InvalidResponse(invalid) = &error else {
            unreachable!("problem() checked the variant");
        };
        assert_eq!(invalid.body_prefix, partial);
    }
}

#[tokio::test]
async fn truncated_error_body_keeps_status() {
    let raw = format!(
        "HTTP/1.1 503 Service Unavailable\r\nX-Request-Id: {REQUEST_ID}\r\nContent-Length: 64\r\nConnection: close\r\n\r\n{{\"error_code\""
    );

    let error = error_for(CannedResponse::raw(raw)).await;

    assert_eq!(status(&error), Some(503));
    assert!(
        matches!(problem(&error), ResponseProblem::Truncated { .. }),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn huge_body_is_rejected() {
    let body = format!(
        r#"{{"disaster_recovery": [], "padding": "{}"}}"#,
        "x".repeat(4096)
    );
    let server =
        LoopbackServer::start(move |_| with_request_id(CannedResponse::json(200, body.clone())))
            .await;

    let error = call(single_attempt(server.base_url()).max_body_size(1024)).await;

    let Error::BodyTooLarge {
        status,
        request_id,
        limit,
    } = &error
    else {
        panic!("expected a body over the limit, got {error:?}");
    };
    assert_eq!(*status, StatusCode::OK);
    assert_eq!(request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(*limit, 1024);
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn huge_body_without_length_is_rejected() {
    // No Content-Length: the body ends when the server closes, so the client
    // can only stop by counting the bytes as they arrive.
    let mut raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"disaster_recovery\": [], \"padding\": \"".to_vec();
    raw.extend(std::iter::repeat_n(b'x', 256 * 1024));
    raw.extend_from_slice(b"\"}");

    let server = LoopbackServer::start(move |_| CannedResponse::raw(raw.clone())).await;
    let error = call(single_attempt(server.base_url()).max_body_size(64 * 1024)).await;

    assert!(
        matches!(error, Error::BodyTooLarge { limit: 65_536, .. }),
        "{error:?}"
    );
    assert_eq!(status(&error), Some(200));
}

#[tokio::test]
async fn body_at_limit_is_accepted() {
    let body = r#"{"disaster_recovery": []}"#;
    let server = LoopbackServer::start(move |_| CannedResponse::json(200, body)).await;

    let response = list_with(single_attempt(server.base_url()).max_body_size(body.len()))
        .await
        .expect("a body of exactly the limit is accepted");

    assert_eq!(response.into_inner().disaster_recovery, Some(Vec::new()));
}

#[tokio::test]
async fn generated_client_bounds_body() {
    let body = format!(r#"{{"padding": "{}"}}"#, "x".repeat(4096));
    let server = LoopbackServer::start(move |_| CannedResponse::json(200, body.clone())).await;
    let client = single_attempt(server.base_url())
        .max_body_size(1024)
        .build()
        .expect("the client builds");

    let error = client
        .client()
        .list_disaster_recover()
        .project_id(PROJECT_ID)
        .send()
        .await
        .expect_err("the body is over the limit");

    let ClientError::ResponseBodyError(source) = &error else {
        panic!("expected a body error, got {error:?}");
    };
    assert_eq!(
        source.url().map(|url| url.path()),
        Some(format!("/v2/{PROJECT_ID}/disaster-recoveries").as_str())
    );
    assert_eq!(
        root_cause(source),
        "the response body is over the limit of 1024 bytes"
    );
}

/// Returns the message of the innermost cause of `error`.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut innermost = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    innermost.to_string()
}

#[tokio::test]
async fn wrong_shape_keeps_status() {
    let cases = [
        (200, r#"{"disaster_recovery": 5}"#),
        (200, "[]"),
        (404, "[]"),
        (404, r#"{"detail": "not found"}"#),
        (500, "null"),
    ];

    for (code, body) in cases {
        let error = error_for(with_request_id(CannedResponse::json(code, body))).await;

        assert_eq!(status(&error), Some(code), "{body}");
        assert_eq!(error.request_id(), Some(REQUEST_ID), "{body}");
        assert!(
            matches!(problem(&error), ResponseProblem::WrongShape { .. }),
            "{code} {body}: {error:?}"
        );
    }
}

#[tokio::test]
async fn undocumented_success_status_is_error() {
    for code in [201, 204] {
        let error = error_for(with_request_id(CannedResponse::json(code, "{}"))).await;

        assert_eq!(status(&error), Some(code));
        assert_eq!(
            problem(&error),
            &ResponseProblem::UnexpectedStatus,
            "{code}"
        );
    }
}

#[tokio::test]
async fn undocumented_error_status_is_api_error() {
    let body = read_fixture("errors/dws_error.json");

    for code in [409, 429, 502, 504] {
        let error = error_for(with_request_id(CannedResponse::json(code, body.clone()))).await;

        assert_eq!(status(&error), Some(code));
        assert_eq!(error.error_code(), Some("DWS.0001"), "{code}");
    }
}

#[tokio::test]
async fn slow_server_times_out() {
    let server = LoopbackServer::start(|_| {
        CannedResponse::json(200, "{}").with_delay(Duration::from_secs(5))
    })
    .await;

    let error = call(single_attempt(server.base_url()).timeout(Duration::from_millis(200))).await;

    assert!(
        matches!(error, Error::Timeout { status: None, .. }),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn slow_body_times_out_with_status() {
    // The head arrives at once, the rest of the body never does.
    let raw =
        format!("HTTP/1.1 200 OK\r\nX-Request-Id: {REQUEST_ID}\r\nContent-Length: 100\r\n\r\n{{");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds 127.0.0.1");
    let address = listener.local_addr().expect("bound address");
    let server = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut stream, _) = listener.accept().await.expect("accepts");
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request).await;
        stream.write_all(raw.as_bytes()).await.expect("writes");
        tokio::time::sleep(Duration::from_secs(5)).await;
    });

    let error =
        list_with(single_attempt(format!("http://{address}")).timeout(Duration::from_millis(200)))
            .await
            .expect_err("the body never ends");
    server.abort();

    assert!(
        matches!(
            error,
            Error::Timeout {
                status: Some(StatusCode::OK),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.request_id(), Some(REQUEST_ID));
}

#[tokio::test(flavor = "multi_thread")]
async fn call_runs_on_spawned_task() {
    let body = read_fixture("errors/dws_error.json");
    let server = LoopbackServer::start(move |_| CannedResponse::json(404, body.clone())).await;
    let client = single_attempt(server.base_url())
        .build()
        .expect("the client builds");

    // `tokio::spawn` accepts only futures that are `Send`, with an output
    // that is `Send` too.
    let error = tokio::spawn(async move { client.list_disaster_recoveries().send().await })
        .await
        .expect("the task finishes")
        .expect_err("404 is an error");

    assert_eq!(status(&error), Some(404));
}

#[tokio::test]
async fn closed_port_is_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds 127.0.0.1");
    let address = listener.local_addr().expect("bound address");
    drop(listener);

    let error = list_with(single_attempt(format!("http://{address}")))
        .await
        .expect_err("nothing listens on the port");

    assert!(matches!(error, Error::Connect { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    let message = error.to_string();
    assert!(message.starts_with("cannot connect to DWS: "), "{message}");
    assert!(message.contains(&address.to_string()), "{message}");
}

fn decode_error(code: u16, headers: &HeaderMap, body: &str) -> Error {
    let status = StatusCode::from_u16(code).expect("valid status");
    decode_list_response(status, headers, body.to_owned().into()).expect_err("an error")
}

#[test]
fn retryable_statuses_are_listed() {
    let body = read_fixture("errors/dws_error.json");
    let retryable = [429, 500, 502, 503, 504];

    for code in [
        400, 401, 403, 404, 409, 413, 429, 500, 501, 502, 503, 504, 505,
    ] {
        let error = decode_error(code, &HeaderMap::new(), &body);

        assert_eq!(
            error.is_retryable(),
            retryable.contains(&code),
            "is_retryable of {code}"
        );
    }
}

#[test]
fn body_prefix_is_bounded() {
    let body = format!("<html>{}</html>", "é".repeat(2000));

    let error = decode_error(502, &HeaderMap::new(), &body);

    let Error::InvalidResponse(invalid) = &error else {
        panic!("expected an invalid response, got {error:?}");
    };
    assert_eq!(invalid.body_len, body.len());
    assert!(invalid.body_prefix.len() <= BODY_PREFIX_LIMIT);
    assert!(body.starts_with(&invalid.body_prefix));
    assert!(
        !invalid.body_prefix.contains('\u{FFFD}'),
        "cut on a char boundary"
    );
}

#[test]
fn display_is_one_line() {
    let body = r#"{"error_code": "DWS.0002", "error_msg": "first line\nsecond line\r\n\tthird"}"#;
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", HeaderValue::from_static(REQUEST_ID));

    let message = decode_error(400, &headers, body).to_string();

    assert_eq!(
        message,
        format!(
            "DWS returned 400 Bad Request, error DWS.0002: first line second line third (request ID {REQUEST_ID})"
        )
    );
}

#[tokio::test]
async fn error_display_snapshot() {
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", HeaderValue::from_static(REQUEST_ID));
    let html = read_fixture("errors/gateway_error.html");
    let mut html_headers = headers.clone();
    html_headers.insert("content-type", HeaderValue::from_static("text/html"));

    let decoded = [
        decode_error(404, &headers, &read_fixture("errors/dws_error.json")),
        decode_error(401, &headers, &read_fixture("errors/apigw_error.json")),
        decode_error(
            401,
            &HeaderMap::new(),
            &read_fixture("errors/apigw_error.json"),
        ),
        decode_error(
            413,
            &headers,
            &read_fixture("errors/code_message_error.json"),
        ),
        decode_error(502, &html_headers, &html),
        decode_error(503, &headers, ""),
        decode_error(200, &headers, r#"{"disaster_recovery": 5}"#),
        decode_error(404, &headers, r#"{"detail": "not found"}"#),
        decode_error(204, &headers, ""),
    ];
    let mut lines: Vec<String> = decoded.iter().map(ToString::to_string).collect();

    let truncated = format!(
        "HTTP/1.1 200 OK\r\nX-Request-Id: {REQUEST_ID}\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{\"disaster"
    );
    lines.push(error_for(CannedResponse::raw(truncated)).await.to_string());
    let huge = with_request_id(CannedResponse::json(200, "x".repeat(2048)));
    let server = LoopbackServer::start(move |_| huge.clone()).await;
    lines.push(
        call(single_attempt(server.base_url()).max_body_size(1024))
            .await
            .to_string(),
    );
    let slow = LoopbackServer::start(|_| {
        CannedResponse::json(200, "{}").with_delay(Duration::from_secs(5))
    })
    .await;
    lines.push(
        call(single_attempt(slow.base_url()).timeout(Duration::from_millis(200)))
            .await
            .to_string(),
    );

    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn long_content_type_is_shortened() {
    let mut headers = HeaderMap::new();
    let content_type = format!("text/html; {}", "x".repeat(5000));
    headers.insert(
        "content-type",
        HeaderValue::from_str(&content_type).expect("valid header"),
    );

    let message = decode_error(502, &headers, "<html>bad gateway</html>").to_string();

    assert!(
        message.len() < 1000,
        "{} characters: {message}",
        message.len()
    );
    assert!(message.contains("text/html; xxx"), "{message}");
}

#[tokio::test]
async fn redirect_is_not_followed() {
    let other =
        LoopbackServer::start(|_| CannedResponse::json(200, read_fixture("example_response.json")))
            .await;
    let location = format!("{}/elsewhere", other.base_url());
    let first = LoopbackServer::start(move |_| {
        CannedResponse::json(302, "").with_header("Location", &location)
    })
    .await;
    let credentials =
        dws_client::Credentials::iam_token("redirect-test-token").expect("valid token");

    let error =
        list_with(builder(first.base_url(), credentials).retry_policy(RetryPolicy::disabled()))
            .await
            .expect_err("a redirect is an error");

    assert_eq!(error.status(), Some(StatusCode::FOUND), "{error}");
    assert!(
        other.requests().is_empty(),
        "the token went to {:?}",
        other.requests()
    );
}

#[test]
fn endpoint_password_is_redacted() {
    let error = builder("https://user:hunter2-password@dws.example.com", permanent())
        .build()
        .expect_err("an endpoint with a password is rejected");

    let display = error.to_string();
    let debug = format!("{error:?}");
    assert!(!display.contains("hunter2"), "{display}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(
        display.contains("https://<redacted>@dws.example.com"),
        "{display}"
    );
}
