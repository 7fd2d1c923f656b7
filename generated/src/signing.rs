//! SDK-HMAC-SHA256, the AK/SK request signature that Huawei Cloud API
//! gateways verify.
//!
//! Each step is a value of its own: [`CanonicalRequest`] and
//! [`StringToSign`] display as the exact text that gets hashed, so a test can
//! compare them as strings, and [`sign`] returns every intermediate value.
//! [`crate::auth::Authenticator`] applies these steps to a `reqwest::Request`.

use std::fmt;
use std::time::SystemTime;

use chrono::{DateTime, NaiveDateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};
use sha2::{Digest, Sha256};

use crate::headers::X_SECURITY_TOKEN;

/// Algorithm name that starts the string to sign and the `Authorization`
/// header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// `strftime` pattern of the `X-Sdk-Date` header: `20060102T150405Z`, in UTC.
pub const SDK_DATE_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// Bytes left as they are when encoding a path segment, a query key or a
/// query value: `A-Z a-z 0-9 - _ . ~`. Every other byte becomes `%XX` with
/// upper case hex.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Error raised while signing a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// An `X-Sdk-Date` value that is not in the `20060102T150405Z` form.
    #[error(
        "invalid X-Sdk-Date `{value}`: expected UTC time as YYYYMMDDTHHMMSSZ, such as 20060102T150405Z"
    )]
    InvalidDate {
        /// The rejected text.
        value: String,
    },

    /// A request whose URL has no host, so no `host` header can be signed.
    #[error("cannot sign a request to `{url}`: the URL has no host")]
    MissingHost {
        /// The request URL.
        url: String,
    },

    /// A request whose body is a stream, which cannot be hashed before it
    /// is sent.
    #[error(
        "cannot sign a {method} request to `{url}` with a streaming body: SDK-HMAC-SHA256 hashes the whole body, so pass the body as bytes"
    )]
    StreamingBody {
        /// The request method.
        method: String,
        /// The request URL.
        url: String,
    },

    /// A request whose path names another project than the one the client
    /// signs for, which the gateway would reject as unauthenticated.
    #[error(
        "cannot send a request for project {path_project_id:?} with a client for project {configured_project_id:?}: the client signs that project's ID as X-Project-Id, and the gateway rejects a path that names another one. Build a client for that project with DwsClientBuilder::project_id({path_project_id:?})"
    )]
    ProjectMismatch {
        /// Project ID in the request path, percent-decoded.
        path_project_id: String,
        /// Project ID of the client.
        configured_project_id: String,
    },

    /// A header value that HTTP does not allow, such as one with a line break.
    #[error("cannot set header {header}: the value is not a valid HTTP header value")]
    InvalidHeaderValue {
        /// The header name.
        header: &'static str,
    },
}

/// Signing time, sent as `X-Sdk-Date` and written into the string to sign.
///
/// The gateway rejects a signature more than 15 minutes off its clock, so
/// take a fresh [`SdkDate::now`] for every attempt of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SdkDate(DateTime<Utc>);

impl SdkDate {
    /// Returns the current time of the system clock.
    pub fn now() -> Self {
        Self(DateTime::<Utc>::from(SystemTime::now()))
    }

    /// Parses an `X-Sdk-Date` value such as `20060102T150405Z`.
    ///
    /// # Errors
    ///
    /// [`SigningError::InvalidDate`] when `text` is not in that form.
    pub fn parse(text: &str) -> Result<Self, SigningError> {
        NaiveDateTime::parse_from_str(text, SDK_DATE_FORMAT)
            .map(|time| Self(time.and_utc()))
            .map_err(|_| SigningError::InvalidDate {
                value: text.to_owned(),
            })
    }

    /// Returns the time as a `chrono` value in UTC.
    pub fn to_datetime(self) -> DateTime<Utc> {
        self.0
    }
}

impl From<DateTime<Utc>> for SdkDate {
    fn from(time: DateTime<Utc>) -> Self {
        Self(time)
    }
}

impl fmt::Display for SdkDate {
    /// Writes the date as the `X-Sdk-Date` header sends it.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}", self.0.format(SDK_DATE_FORMAT))
    }
}

/// Percent-encodes `text` for a canonical request: unreserved characters
/// stay, every other UTF-8 byte becomes `%XX` (so a space is `%20` and `/`
/// is `%2F`).
pub fn encode(text: &str) -> String {
    percent_encode(text.as_bytes(), UNRESERVED).to_string()
}

/// Builds the canonical URI from a path as sent on the request line.
///
/// Each `/`-separated segment is percent-decoded and encoded again with
/// [`encode`], so `%2f`, `%2F` and an unencoded character in the request
/// line all give the same result. A `/` is appended when the path does not
/// end in one. The request line itself keeps its path unchanged.
pub fn canonical_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len() + 1);
    for (index, segment) in path.split('/').enumerate() {
        if index > 0 {
            uri.push('/');
        }
        let decoded: Vec<u8> = percent_decode_str(segment).collect();
        uri.extend(percent_encode(&decoded, UNRESERVED));
    }
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Builds the canonical query string from decoded keys and values.
///
/// The pairs are sorted by decoded key and then by decoded value, comparing
/// UTF-8 bytes, as Huawei's API gateway signer does. Then keys and values
/// are encoded with [`encode`] and joined as `key=value` with `&`. No pairs
/// give the empty string.
pub fn canonical_query<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> String
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut decoded: Vec<(K, V)> = pairs.into_iter().collect();
    // Sorting before encoding matters where an encoded character meets an
    // unencoded one: `a0` sorts before `a:`, although `a%3A` sorts before `a0`.
    decoded.sort_by(|(key, value), (other_key, other_value)| {
        (key.as_ref(), value.as_ref()).cmp(&(other_key.as_ref(), other_value.as_ref()))
    });

    let joined: Vec<String> = decoded
        .iter()
        .map(|(key, value)| format!("{}={}", encode(key.as_ref()), encode(value.as_ref())))
        .collect();
    joined.join("&")
}

/// Builds the canonical query string from a query as sent on the request
/// line, without the leading `?`.
///
/// The query is decoded as `application/x-www-form-urlencoded`, the way
/// `reqwest` encodes it (`+` and `%20` are both a space), and then passed to
/// [`canonical_query`], so neither the order nor the encoding on the request
/// line changes the result.
pub fn canonical_query_from_raw(query: &str) -> String {
    canonical_query(url::form_urlencoded::parse(query.as_bytes()))
}

/// Returns the lower case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The first step of SDK-HMAC-SHA256: method, canonical URI, canonical query
/// string, canonical headers, signed header names and body hash.
///
/// `Display` writes the exact text that gets hashed. That text contains the
/// value of every signed header, including `X-Security-Token` for temporary
/// credentials, so never log it. `Debug` hides that value.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    method: String,
    uri: String,
    query: String,
    headers: Vec<(String, String)>,
    payload_sha256: String,
}

impl CanonicalRequest {
    /// Builds the canonical request of one HTTP request.
    ///
    /// `path` and `query` are as sent on the request line (`query` without
    /// `?`, empty when there is none). `headers` are the headers to sign,
    /// with their values as sent. Names are matched case-insensitively, and
    /// a name given twice keeps both values joined by `,`. `body` is the exact
    /// body, empty for none.
    pub fn new(
        method: &str,
        path: &str,
        query: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            uri: canonical_uri(path),
            query: canonical_query_from_raw(query),
            headers: canonical_headers(headers),
            payload_sha256: sha256_hex(body),
        }
    }

    /// Returns the method in upper case.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// Returns the canonical URI, which always ends in `/`.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// Returns the canonical query string.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Returns the signed header names in lower case, sorted, joined by `;`,
    /// as the `SignedHeaders` part of the `Authorization` header lists them.
    pub fn signed_headers(&self) -> String {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        names.join(";")
    }

    /// Returns the lower case hex SHA-256 of the body.
    pub fn payload_sha256(&self) -> &str {
        &self.payload_sha256
    }

    /// Returns the lower case hex SHA-256 of the canonical request text.
    pub fn sha256_hex(&self) -> String {
        sha256_hex(self.to_string().as_bytes())
    }
}

impl fmt::Display for CanonicalRequest {
    /// Writes the six parts joined by `\n`. The header block ends with its
    /// own `\n`, so a blank line follows it.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(formatter, "{}", self.method)?;
        writeln!(formatter, "{}", self.uri)?;
        writeln!(formatter, "{}", self.query)?;
        for (name, value) in &self.headers {
            writeln!(formatter, "{name}:{value}")?;
        }
        writeln!(formatter)?;
        writeln!(formatter, "{}", self.signed_headers())?;
        write!(formatter, "{}", self.payload_sha256)
    }
}

impl fmt::Debug for CanonicalRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if name == X_SECURITY_TOKEN {
                    "<redacted>"
                } else {
                    value.as_str()
                };
                (name.as_str(), shown)
            })
            .collect();
        formatter
            .debug_struct("CanonicalRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("payload_sha256", &self.payload_sha256)
            .finish()
    }
}

/// Lower-cases the names, trims the values, merges repeated names and sorts
/// by name.
fn canonical_headers(headers: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut merged: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        let value = value.trim();
        match merged.iter_mut().find(|(existing, _)| *existing == name) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(value);
            }
            None => merged.push((name, value.to_owned())),
        }
    }
    merged.sort_by(|left, right| left.0.cmp(&right.0));
    merged
}

/// The second step of SDK-HMAC-SHA256: the algorithm, the signing time and
/// the hash of the canonical request, one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringToSign {
    date: SdkDate,
    canonical_request_sha256: String,
}

impl StringToSign {
    /// Builds the string to sign of `canonical_request` signed at `date`.
    pub fn new(canonical_request: &CanonicalRequest, date: SdkDate) -> Self {
        Self {
            date,
            canonical_request_sha256: canonical_request.sha256_hex(),
        }
    }

    /// Returns the signing time.
    pub fn date(&self) -> SdkDate {
        self.date
    }
}

impl fmt::Display for StringToSign {
    /// Writes the exact text that the secret key signs.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{ALGORITHM}\n{}\n{}",
            self.date, self.canonical_request_sha256
        )
    }
}

/// Every value that signing one request produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Canonical request that was hashed.
    pub canonical_request: CanonicalRequest,
    /// String to sign built from that hash.
    pub string_to_sign: StringToSign,
    /// Lower case hex HMAC-SHA256 of the string to sign.
    pub hex: String,
    /// Value of the `Authorization` header.
    pub authorization: String,
}

/// Signs `canonical_request` at `date` with an access key and its secret key.
///
/// The signature is the HMAC-SHA256 of the string to sign, keyed with the
/// UTF-8 bytes of `secret_key` without any key derivation.
pub fn sign(
    access_key: &str,
    secret_key: &str,
    canonical_request: CanonicalRequest,
    date: SdkDate,
) -> Signature {
    let string_to_sign = StringToSign::new(&canonical_request, date);
    let hex = hmac_sha256_hex(secret_key.as_bytes(), string_to_sign.to_string().as_bytes());
    let authorization = authorization(access_key, &canonical_request.signed_headers(), &hex);
    Signature {
        canonical_request,
        string_to_sign,
        hex,
        authorization,
    }
}

/// Formats the `Authorization` header value:
/// `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>`.
pub fn authorization(access_key: &str, signed_headers: &str, signature_hex: &str) -> String {
    format!(
        "{ALGORITHM} Access={access_key}, SignedHeaders={signed_headers}, Signature={signature_hex}"
    )
}

fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message);
    hex(&mac.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}
