//! A stand-in for the Huawei Cloud API gateway: it verifies the
//! SDK-HMAC-SHA256 signature of the request that arrived on the socket, or
//! its IAM token, before passing it on to the test's handler.
//!
//! The verifier is written from the published algorithm and shares no code
//! with the client's signer, so one bug in the signer cannot be mirrored by
//! the same bug here.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::server::{CannedResponse, RecordedRequest};

/// Error code the gateway sends for a rejected signature or token.
pub const REJECTED_CODE: &str = "APIGW.0301";

/// Request id that the gateway sends in `X-Request-Id` and in error bodies.
pub const REQUEST_ID: &str = "b2fa2e5c0f6d4e52a6e1c8f0d7a9b3e4";

/// Largest difference between `X-Sdk-Date` and the gateway's clock.
const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// Why the gateway rejected a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Neither `Authorization` nor `X-Auth-Token` was sent.
    Unauthenticated,
    /// The `Authorization` header does not have the documented form.
    MalformedAuthorization(String),
    /// The access key is not one the gateway accepts.
    UnknownAccessKey(String),
    /// A header listed in `SignedHeaders` was not sent.
    MissingSignedHeader(String),
    /// `X-Sdk-Date` is missing or not `YYYYMMDDTHHMMSSZ`.
    InvalidDate(String),
    /// `X-Sdk-Date` is more than 15 minutes off the gateway's clock.
    Expired(String),
    /// The signature differs from the one the gateway computed.
    SignatureMismatch {
        /// The canonical request the gateway computed.
        canonical_request: String,
    },
    /// The IAM token is not one the gateway accepts.
    UnknownToken,
}

/// Keys and tokens the gateway accepts.
#[derive(Debug, Clone, Default)]
pub struct Accounts {
    secret_keys: HashMap<String, String>,
    tokens: Vec<String>,
}

impl Accounts {
    /// Accepts signatures by `access_key` made with `secret_key`.
    pub fn with_key(mut self, access_key: &str, secret_key: &str) -> Self {
        self.secret_keys
            .insert(access_key.to_owned(), secret_key.to_owned());
        self
    }

    /// Accepts `X-Auth-Token: token`.
    pub fn with_token(mut self, token: &str) -> Self {
        self.tokens.push(token.to_owned());
        self
    }
}

/// The gateway's handler state: who it accepts and what it rejected.
#[derive(Clone)]
pub struct Gateway {
    accounts: Accounts,
    rejections: Arc<Mutex<Vec<Rejection>>>,
}

impl Gateway {
    /// Creates a gateway that accepts `accounts`.
    pub fn new(accounts: Accounts) -> Self {
        Self {
            accounts,
            rejections: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Returns the rejections so far, in arrival order.
    pub fn rejections(&self) -> Vec<Rejection> {
        self.rejections
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Returns a server handler that responds to a rejected request with 401 and
    /// an `APIGW.0301` body, and passes an accepted one to `backend`. Every
    /// response carries `X-Request-Id`.
    pub fn handler(
        &self,
        backend: impl Fn(&RecordedRequest) -> CannedResponse + Send + Sync + 'static,
    ) -> impl Fn(&RecordedRequest) -> CannedResponse + Send + Sync + 'static {
        let gateway = self.clone();
        move |request| {
            let response = match gateway.check(request, SystemTime::now()) {
                Ok(()) => backend(request),
                Err(rejection) => {
                    gateway
                        .rejections
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push(rejection);
                    rejected_response()
                }
            };
            response.with_header("X-Request-Id", REQUEST_ID)
        }
    }

    /// Checks the request's IAM token or signature as of `now`.
    pub fn check(&self, request: &RecordedRequest, now: SystemTime) -> Result<(), Rejection> {
        if let Some(token) = request.header("x-auth-token") {
            return if self.accounts.tokens.iter().any(|known| known == token) {
                Ok(())
            } else {
                Err(Rejection::UnknownToken)
            };
        }
        let Some(authorization) = request.header("authorization") else {
            return Err(Rejection::Unauthenticated);
        };
        let claimed = parse_authorization(authorization)?;
        let Some(secret_key) = self.accounts.secret_keys.get(&claimed.access_key) else {
            return Err(Rejection::UnknownAccessKey(claimed.access_key));
        };

        let date = request.header("x-sdk-date").unwrap_or_default();
        check_date(date, now)?;

        let canonical_request = canonical_request(request, &claimed.signed_headers)?;
        let string_to_sign = format!(
            "SDK-HMAC-SHA256\n{date}\n{}",
            hex(&Sha256::digest(canonical_request.as_bytes()))
        );
        let expected = hmac_hex(secret_key.as_bytes(), string_to_sign.as_bytes());
        if expected == claimed.signature {
            Ok(())
        } else {
            Err(Rejection::SignatureMismatch { canonical_request })
        }
    }
}

/// Returns the body the gateway sends with 401, in the documented form.
pub fn rejected_body() -> String {
    format!(
        r#"{{"error_code":"{REJECTED_CODE}","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"{REQUEST_ID}"}}"#
    )
}

fn rejected_response() -> CannedResponse {
    CannedResponse::json(401, rejected_body())
}

struct ClaimedSignature {
    access_key: String,
    signed_headers: Vec<String>,
    signature: String,
}

/// Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`.
fn parse_authorization(value: &str) -> Result<ClaimedSignature, Rejection> {
    let malformed = || Rejection::MalformedAuthorization(value.to_owned());
    let rest = value
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or_else(malformed)?;

    let mut parts = HashMap::new();
    for part in rest.split(", ") {
        let (key, part_value) = part.split_once('=').ok_or_else(malformed)?;
        parts.insert(key, part_value);
    }
    let field = |name: &str| parts.get(name).map(|text| (*text).to_owned());

    Ok(ClaimedSignature {
        access_key: field("Access").ok_or_else(malformed)?,
        signed_headers: field("SignedHeaders")
            .ok_or_else(malformed)?
            .split(';')
            .map(str::to_owned)
            .collect(),
        signature: field("Signature").ok_or_else(malformed)?,
    })
}

fn check_date(date: &str, now: SystemTime) -> Result<(), Rejection> {
    let signed_at = parse_sdk_date(date).ok_or_else(|| Rejection::InvalidDate(date.to_owned()))?;
    let skew = match now.duration_since(signed_at) {
        Ok(behind) => behind,
        Err(ahead) => ahead.duration(),
    };
    if skew > MAX_CLOCK_SKEW {
        return Err(Rejection::Expired(date.to_owned()));
    }
    Ok(())
}

/// Parses `YYYYMMDDTHHMMSSZ` as a UTC time.
pub fn parse_sdk_date(text: &str) -> Option<SystemTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = text.get(range)?;
        if !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }

    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    let seconds = u64::try_from(seconds).ok()?;
    Some(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Rebuilds the canonical request from what arrived on the wire.
fn canonical_request(
    request: &RecordedRequest,
    signed_headers: &[String],
) -> Result<String, Rejection> {
    let mut text = String::new();
    let _ = writeln!(text, "{}", request.method.to_ascii_uppercase());
    let _ = writeln!(text, "{}", wire_canonical_uri(request.path()));
    let _ = writeln!(text, "{}", wire_canonical_query(request.query()));

    let mut names: Vec<String> = signed_headers
        .iter()
        .map(|name| name.to_ascii_lowercase())
        .collect();
    names.sort();
    for name in &names {
        let value = request
            .header(name)
            .ok_or_else(|| Rejection::MissingSignedHeader(name.clone()))?;
        let _ = writeln!(text, "{name}:{}", value.trim());
    }
    let _ = writeln!(text);
    let _ = writeln!(text, "{}", names.join(";"));
    text.push_str(&hex(&Sha256::digest(&request.body)));
    Ok(text)
}

/// Decodes each path segment and encodes it again; appends `/`.
pub fn wire_canonical_uri(path: &str) -> String {
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| encode(&percent_decode(segment.as_bytes())))
        .collect();
    let mut uri = segments.join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Decodes a form-encoded query, then sorts and encodes the pairs.
pub fn wire_canonical_query(query: &str) -> String {
    // The gateway sorts the decoded bytes, and encodes after sorting.
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(key), form_decode(value))
        })
        .collect();
    pairs.sort();
    let joined: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
        .collect();
    joined.join("&")
}

fn form_decode(text: &str) -> Vec<u8> {
    percent_decode(text.replace('+', " ").as_bytes())
}

fn percent_decode(bytes: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = bytes
            .get(index + 1..index + 3)
            .filter(|_| bytes[index] == b'%')
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| u8::from_str_radix(digits, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    decoded
}

/// Encodes every byte but `A-Z a-z 0-9 - _ . ~` as `%XX`, upper case.
fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for &byte in bytes {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            text.push(char::from(byte));
        } else {
            let _ = write!(text, "%{byte:02X}");
        }
    }
    text
}

fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message);
    hex(&mac.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}
