//! No response can make the client panic, and every error status reaches
//! the caller with that status: property tests over arbitrary statuses,
//! headers and bodies, first through the decoder alone and then over real
//! HTTP on 127.0.0.1.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use dws_client::response::{BODY_PREFIX_LIMIT, decode_list_response};
use dws_client::{Credentials, DwsClient, Error, RetryPolicy};
use dws_tests::server::{CannedResponse, LoopbackServer};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Map, Number, Value};

const PROJECT_ID: &str = "0536cdee2200d5912f7cc00b877980f1";

/// Cases per run of the decoder property.
const DECODER_CASES: u32 = 20_000;

/// Cases per run of the HTTP property, each one a real request.
const HTTP_CASES: u32 = 1_000;

/// Field names that the decoder looks at, mixed into generated objects so
/// that they hit the interesting paths often.
const KNOWN_FIELDS: [&str; 12] = [
    "error_code",
    "error_msg",
    "code",
    "message",
    "request_id",
    "disaster_recovery",
    "id",
    "status",
    "dr_type",
    "create_time",
    "primary_cluster_role",
    "standby_cluster_status",
];

/// Header names that the client reads, and a few it ignores.
const HEADER_NAMES: [&str; 7] = [
    "x-request-id",
    "content-type",
    "retry-after",
    "content-length",
    "x-sdk-date",
    "server",
    "x-extra",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|number| Value::Number(number.into())),
        any::<f64>().prop_filter_map("finite", |number| Number::from_f64(number)
            .map(Value::Number)),
        ".{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((field_name(), inner), 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(KNOWN_FIELDS.to_vec()).prop_map(str::to_owned),
        1 => "[a-z_]{1,12}",
    ]
}

/// Bodies: raw bytes, arbitrary JSON, error-like objects, list-like
/// objects, and JSON cut short.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let error_like = (
        prop::option::of(json_value()),
        prop::option::of(json_value()),
        prop::option::of(json_value()),
        prop::bool::ANY,
    )
        .prop_map(|(code, message, request_id, fallback_names)| {
            let (code_field, message_field) = if fallback_names {
                ("code", "message")
            } else {
                ("error_code", "error_msg")
            };
            let mut object = Map::new();
            for (name, value) in [
                (code_field, code),
                (message_field, message),
                ("request_id", request_id),
            ] {
                if let Some(value) = value {
                    object.insert(name.to_owned(), value);
                }
            }
            Value::Object(object)
        });
    let list_like = prop::collection::vec(json_value(), 0..4)
        .prop_map(|records| serde_json::json!({ "disaster_recovery": records }));
    let json = prop_oneof![json_value(), error_like, list_like]
        .prop_map(|value| serde_json::to_vec(&value).expect("a Value encodes"));
    let truncated = (json.clone(), any::<prop::sample::Index>()).prop_map(|(bytes, index)| {
        let cut = index.index(bytes.len().max(1));
        bytes[..cut.min(bytes.len())].to_vec()
    });

    prop_oneof![
        2 => json,
        1 => truncated,
        1 => prop::collection::vec(any::<u8>(), 0..2048),
        1 => Just(Vec::new()),
    ]
}

/// Header values: any bytes that HTTP allows in a value, which includes
/// bytes that are not UTF-8.
fn header_value() -> impl Strategy<Value = HeaderValue> {
    prop::collection::vec(prop_oneof![Just(b'\t'), 0x20u8..0x7F, 0x80u8..=0xFF], 0..40)
        .prop_filter_map("a valid header value", |bytes| {
            HeaderValue::from_bytes(&bytes).ok()
        })
}

fn headers() -> impl Strategy<Value = HeaderMap> {
    prop::collection::vec(
        (prop::sample::select(HEADER_NAMES.to_vec()), header_value()),
        0..8,
    )
    .prop_map(|pairs| {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(HeaderName::from_static(name), value);
        }
        headers
    })
}

fn status() -> impl Strategy<Value = StatusCode> {
    prop_oneof![
        3 => prop::sample::select(vec![200u16, 400, 401, 403, 404, 429, 500, 502, 503, 504]),
        1 => 100u16..=999,
    ]
    .prop_map(|code| StatusCode::from_u16(code).expect("100 to 999 are valid statuses"))
}

/// Checks what must hold for any response, whatever its content.
fn check_result(status: StatusCode, result: &Result<(), Error>) -> Result<(), TestCaseError> {
    let Err(error) = result else {
        prop_assert_eq!(status, StatusCode::OK, "only 200 decodes");
        return Ok(());
    };
    prop_assert_eq!(error.status(), Some(status), "{:?}", error);

    let message = error.to_string();
    prop_assert!(
        !message.contains(['\n', '\r']),
        "Display is one line: {:?}",
        message
    );
    let retryable = matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
        && !matches!(error, Error::BodyTooLarge { .. });
    prop_assert_eq!(error.is_retryable(), retryable, "{:?}", error);
    if let Error::InvalidResponse(invalid) = error {
        prop_assert!(invalid.body_prefix.chars().count() <= BODY_PREFIX_LIMIT);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: DECODER_CASES,
        ..ProptestConfig::default()
    })]

    #[test]
    fn decoder_never_panics(status in status(), headers in headers(), body in body()) {
        let result = decode_list_response(status, &headers, Bytes::from(body)).map(drop);

        check_result(status, &result)?;
    }
}

/// Builds the bytes of an HTTP/1.1 response with `Content-Length`.
fn raw_response(status: u16, headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} Status\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Headers for the HTTP property: values that any HTTP/1.1 parser accepts,
/// and no header that changes how the body is framed.
fn wire_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let names = prop::sample::select(vec![
        "X-Request-Id",
        "Content-Type",
        "Retry-After",
        "Server",
    ]);
    prop::collection::vec(
        (names.prop_map(str::to_owned), "[!-~]([ -~]{0,30}[!-~])?"),
        0..5,
    )
}

/// Statuses that a server can send as a final response. The 1xx statuses
/// are interim responses that HTTP clients wait past, and 204 and 304
/// cannot carry a body.
fn wire_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => prop::sample::select(vec![200u16, 400, 401, 403, 404, 429, 500, 502, 503, 504]),
        1 => (200u16..=999).prop_filter("a status that may carry a body", |code| {
            !matches!(code, 204 | 304)
        }),
    ]
}

#[test]
fn http_responses_never_panic() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime builds");
    let next_response = Arc::new(Mutex::new(Vec::new()));
    let served = Arc::clone(&next_response);
    let server = runtime.block_on(LoopbackServer::start(move |_| {
        let bytes = served
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        CannedResponse::raw(bytes)
    }));
    let client = DwsClient::builder()
        .endpoint(server.base_url())
        .credentials(
            Credentials::permanent("HPUAEXAMPLEACCESSKEY", "example-secret").expect("valid"),
        )
        .project_id(PROJECT_ID)
        .retry_policy(RetryPolicy::disabled())
        .max_body_size(1024 * 1024)
        .build()
        .expect("the client builds");

    let mut runner = TestRunner::new(Config {
        cases: HTTP_CASES,
        ..Config::default()
    });
    let strategy = (wire_status(), wire_headers(), body());
    let outcome = runner.run(&strategy, |(code, headers, body)| {
        *next_response
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = raw_response(code, &headers, &body);

        let result = runtime
            .block_on(client.list_disaster_recoveries().send())
            .map(drop);

        let status = StatusCode::from_u16(code).expect("a valid status");
        check_result(status, &result)
    });

    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
