//! Decoding a complete response of the list operation into the list or an
//! [`Error`], without any I/O.
//!
//! [`decode_list_response`] is the one place that turns a status, headers
//! and body into a result, so every response takes the same path and a
//! test can feed it any input without a socket.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap};
use serde_json::{Map, Value};

use crate::error::{ApiError, Error, InvalidResponse, ResponseProblem};
use crate::headers::X_REQUEST_ID;
use crate::types::ListDisasterRecoverResponse;

/// Most body bytes that an [`InvalidResponse`] keeps in its `body_prefix`:
/// 1 KiB, enough to recognize an HTML error page or a proxy's message.
pub const BODY_PREFIX_LIMIT: usize = 1024;

/// Field names of the error code in an error body, in order of preference.
const CODE_FIELDS: [&str; 2] = ["error_code", "code"];

/// Field names of the message in an error body, in order of preference.
const MESSAGE_FIELDS: [&str; 2] = ["error_msg", "message"];

/// Field name of the request ID that gateway error bodies carry.
const REQUEST_ID_FIELD: &str = "request_id";

/// Decodes a complete response of `GET /v2/{project_id}/disaster-recoveries`.
///
/// 200 decodes the documented list. An error status (400 or above) gives
/// [`Error::Api`] when the body is a JSON object with `error_code` or
/// `error_msg` (or `code` or `message`), and [`Error::InvalidResponse`]
/// otherwise. Any other status gives [`Error::InvalidResponse`] with
/// [`ResponseProblem::UnexpectedStatus`].
///
/// # Errors
///
/// Every error carries `status` and the `X-Request-Id` of `headers`. The
/// function never panics, whatever the input.
pub fn decode_list_response(
    status: StatusCode,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<ListDisasterRecoverResponse, Error> {
    if status == StatusCode::OK {
        return serde_json::from_slice(&body)
            .map_err(|error| invalid(status, headers, &body, json_problem(&body, &error)));
    }
    if status.as_u16() < 400 {
        return Err(invalid(
            status,
            headers,
            &body,
            ResponseProblem::UnexpectedStatus,
        ));
    }
    Err(decode_error_body(status, headers, body))
}

/// Reads the error body of an error status.
fn decode_error_body(status: StatusCode, headers: &HeaderMap, body: Bytes) -> Error {
    let object = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            let detail = format!("expected a JSON object, found {}", json_kind(&other));
            return invalid(
                status,
                headers,
                &body,
                ResponseProblem::WrongShape { detail },
            );
        }
        Err(error) => {
            return invalid(status, headers, &body, json_problem(&body, &error));
        }
    };

    let error_code = first_text(&object, &CODE_FIELDS);
    let error_msg = first_text(&object, &MESSAGE_FIELDS);
    if error_code.is_none() && error_msg.is_none() {
        let detail =
            "the object has none of the fields error_code, error_msg, code and message".to_owned();
        return invalid(
            status,
            headers,
            &body,
            ResponseProblem::WrongShape { detail },
        );
    }

    Error::Api(Box::new(ApiError {
        status,
        error_code: error_code.unwrap_or_default(),
        error_msg: error_msg.unwrap_or_default(),
        gateway_request_id: first_text(&object, &[REQUEST_ID_FIELD]),
        request_id: header_text(headers, X_REQUEST_ID),
        body,
    }))
}

/// Returns the first of `fields` that holds a string or a number, as text.
fn first_text(object: &Map<String, Value>, fields: &[&str]) -> Option<String> {
    fields.iter().find_map(|field| match object.get(*field)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Classifies a JSON decoding failure of `body`.
fn json_problem(body: &[u8], error: &serde_json::Error) -> ResponseProblem {
    if body.iter().all(u8::is_ascii_whitespace) {
        return ResponseProblem::Empty;
    }
    let detail = error.to_string();
    match error.classify() {
        serde_json::error::Category::Data => ResponseProblem::WrongShape { detail },
        _ => ResponseProblem::NotJson { detail },
    }
}

/// Builds [`Error::InvalidResponse`] from the status, headers and the body
/// bytes that arrived.
pub(crate) fn invalid(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    problem: ResponseProblem,
) -> Error {
    Error::InvalidResponse(Box::new(InvalidResponse {
        status,
        request_id: header_text(headers, X_REQUEST_ID),
        content_type: header_text(headers, CONTENT_TYPE.as_str()),
        problem,
        body_len: body.len(),
        body_prefix: body_prefix(body),
    }))
}

/// Returns the first value of header `name` as text, with bytes that are
/// not UTF-8 replaced by U+FFFD.
pub(crate) fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?;
    Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// Returns the `Content-Length` of `headers`, when it is a number.
pub(crate) fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Returns at most [`BODY_PREFIX_LIMIT`] bytes of the start of `body` as
/// text: the cut moves back to the start of a UTF-8 sequence it would
/// split, and invalid UTF-8 becomes U+FFFD.
pub fn body_prefix(body: &[u8]) -> String {
    let mut end = body.len().min(BODY_PREFIX_LIMIT);
    // A UTF-8 sequence is at most 4 bytes, so at most 3 continuation bytes
    // (0b10xx_xxxx) follow its first byte.
    let mut stepped_back = 0;
    while end < body.len() && end > 0 && stepped_back < 3 && body[end] & 0xC0 == 0x80 {
        end -= 1;
        stepped_back += 1;
    }
    String::from_utf8_lossy(&body[..end]).into_owned()
}
