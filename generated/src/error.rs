//! [`Error`], the one error type of the calls that [`crate::DwsClient`]
//! makes, and the details it carries.
//!
//! Every error that comes from a response keeps its status and request ID,
//! and its `Display` output is one line with the status, the error code,
//! the message and the request ID, which Huawei Cloud support asks for.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;

use crate::config::ConfigError;
use crate::retry::is_retryable_status;
use crate::signing::SigningError;

/// Most characters of a server-sent text, such as `error_msg`, that
/// `Display` output shows.
const MAX_SHOWN_MESSAGE_CHARS: usize = 300;

/// Most characters of a body excerpt that `Display` output shows.
const MAX_SHOWN_EXCERPT_CHARS: usize = 80;

/// Error of a [`crate::DwsClient`] call.
///
/// Match on the variant for the cause, or use the accessors, which work
/// across variants: [`Error::status`], [`Error::request_id`],
/// [`Error::error_code`], [`Error::error_msg`] and
/// [`Error::is_retryable`].
///
/// ```no_run
/// # async fn run(client: dws_client::DwsClient) {
/// match client.list_disaster_recoveries().send().await {
///     Ok(list) => println!("{:?}", list.into_inner()),
///     Err(dws_client::Error::Api(error)) if error.error_code == "DWS.0015" => {
///         eprintln!("no such cluster, request ID {:?}", error.request_id)
///     }
///     Err(error) => eprintln!("error: {error}"),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error status and a JSON error body.
    #[error(transparent)]
    Api(Box<ApiError>),

    /// The service answered with a body that is not the documented JSON
    /// (HTML from a proxy, an empty or truncated body, JSON of another
    /// shape) or with a status the operation does not document.
    #[error(transparent)]
    InvalidResponse(Box<InvalidResponse>),

    /// The response body was longer than the configured limit, so the client
    /// stopped reading it.
    #[error(
        "DWS returned {status} with a body over the limit of {limit} bytes; raise it with DwsClientBuilder::max_body_size{request_id}",
        status = describe_status(*status),
        request_id = describe_request_id(request_id.as_deref(), None),
    )]
    BodyTooLarge {
        /// HTTP status of the response.
        status: StatusCode,
        /// Value of the `X-Request-Id` response header.
        request_id: Option<String>,
        /// Limit that the body exceeded, in bytes.
        limit: usize,
    },

    /// The last attempt took longer than the configured timeout.
    #[error(
        "the request to DWS timed out{after}; raise DwsClientBuilder::timeout or try again later{request_id}",
        after = match status {
            Some(status) => format!(" while reading the body of a {} response", describe_status(*status)),
            None => String::new(),
        },
        request_id = describe_request_id(request_id.as_deref(), None),
    )]
    Timeout {
        /// HTTP status, when the response head arrived before the timeout.
        status: Option<StatusCode>,
        /// Value of the `X-Request-Id` response header, when the response
        /// head arrived.
        request_id: Option<String>,
        /// The `reqwest` error.
        #[source]
        source: reqwest::Error,
    },

    /// The last attempt could not open a connection to the endpoint.
    #[error(
        "cannot connect to DWS: {cause}; check the endpoint, the proxy settings and the network",
        cause = root_cause(source),
    )]
    Connect {
        /// The `reqwest` error.
        #[source]
        source: reqwest::Error,
    },

    /// Invalid or missing configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),

    /// The request could not be signed.
    #[error(transparent)]
    Signing(#[from] SigningError),

    /// Any other failure to send the request or to read the response.
    #[error("the request to DWS failed: {message}")]
    Request {
        /// What failed, with its causes.
        message: String,
        /// The `reqwest` error, when there is one.
        #[source]
        source: Option<reqwest::Error>,
    },
}

impl Error {
    /// Returns the HTTP status, when the error comes from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(error) => Some(error.status),
            Self::InvalidResponse(error) => Some(error.status),
            Self::BodyTooLarge { status, .. } => Some(*status),
            Self::Timeout { status, .. } => *status,
            _ => None,
        }
    }

    /// Returns the request ID that support asks for: the `X-Request-Id`
    /// response header, or else the `request_id` of a gateway error body.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error
                .request_id
                .as_deref()
                .or(error.gateway_request_id.as_deref()),
            Self::InvalidResponse(error) => error.request_id.as_deref(),
            Self::BodyTooLarge { request_id, .. } | Self::Timeout { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// Returns the `error_code` (or `code`) of an API error, such as
    /// `DWS.0001` or `APIGW.0301`, or `None` when the error is not an API
    /// error or its code is empty or missing.
    pub fn error_code(&self) -> Option<&str> {
        match self {
            Self::Api(error) => non_empty(&error.error_code),
            _ => None,
        }
    }

    /// Returns the `error_msg` (or `message`) of an API error, or `None`
    /// when the error is not an API error or its message is empty or
    /// missing.
    pub fn error_msg(&self) -> Option<&str> {
        match self {
            Self::Api(error) => non_empty(&error.error_msg),
            _ => None,
        }
    }

    /// Returns whether sending the request again may succeed: true for the
    /// statuses 429, 500, 502, 503 and 504, for timeouts, for connection
    /// failures and for truncated bodies ([`ResponseProblem::Truncated`],
    /// whatever the status). The client has already retried these as its
    /// [`crate::RetryPolicy`] allows.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(error) => is_retryable_status(error.status),
            Self::InvalidResponse(error) => {
                matches!(error.problem, ResponseProblem::Truncated { .. })
                    || is_retryable_status(error.status)
            }
            Self::Timeout { .. } | Self::Connect { .. } => true,
            Self::Request {
                source: Some(source),
                ..
            } => source.is_request(),
            _ => false,
        }
    }
}

/// Error status with a JSON error body, from DWS or from the API gateway in
/// front of it.
///
/// DWS sends `{"error_code": "DWS.0001", "error_msg": "..."}`, and the
/// gateway adds `request_id` to codes starting with `APIG.` or `APIGW.`.
/// A body with `code` and `message` instead is read the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// `error_code` (or `code`) of the body, such as `APIGW.0301`, or an
    /// empty string when the body has only a message.
    pub error_code: String,
    /// `error_msg` (or `message`) of the body, or an empty string when the
    /// body has only a code.
    pub error_msg: String,
    /// `request_id` of the body, which gateway errors carry.
    pub gateway_request_id: Option<String>,
    /// Value of the `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// The whole response body, as received.
    pub body: Bytes,
}

impl fmt::Display for ApiError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "DWS returned {}", describe_status(self.status))?;
        let code = one_line(&self.error_code, MAX_SHOWN_MESSAGE_CHARS);
        let message = one_line(&self.error_msg, MAX_SHOWN_MESSAGE_CHARS);
        match (code.is_empty(), message.is_empty()) {
            (false, false) => write!(formatter, ", error {code}: {message}")?,
            (false, true) => write!(formatter, ", error {code}")?,
            (true, false) => write!(formatter, ": {message}")?,
            (true, true) => {}
        }
        let gateway = self
            .gateway_request_id
            .as_deref()
            .filter(|gateway| Some(*gateway) != self.request_id.as_deref());
        formatter.write_str(&describe_request_id(self.request_id.as_deref(), gateway))
    }
}

impl std::error::Error for ApiError {}

/// Response that is not what the operation documents, with enough of it
/// kept to report the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidResponse {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// Value of the `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// Value of the `Content-Type` response header.
    pub content_type: Option<String>,
    /// What is wrong with the response.
    pub problem: ResponseProblem,
    /// Number of body bytes received.
    pub body_len: usize,
    /// Start of the body: at most [`crate::response::BODY_PREFIX_LIMIT`]
    /// bytes, cut on a character boundary, with invalid UTF-8 replaced by
    /// U+FFFD.
    pub body_prefix: String,
}

impl fmt::Display for InvalidResponse {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = describe_status(self.status);
        let excerpt = one_line(&self.body_prefix, MAX_SHOWN_EXCERPT_CHARS);
        match &self.problem {
            ResponseProblem::Empty => {
                write!(formatter, "DWS returned {status} with an empty body")?;
            }
            ResponseProblem::NotJson { detail } => write!(
                formatter,
                "DWS returned {status} with a body that is not JSON ({}, {} bytes): {detail}; the body starts with {excerpt:?}",
                self.content_type.as_deref().map_or_else(
                    || "no Content-Type".to_owned(),
                    |value| one_line(value, MAX_SHOWN_EXCERPT_CHARS)
                ),
                self.body_len,
            )?,
            ResponseProblem::WrongShape { detail } if self.status.is_success() => write!(
                formatter,
                "DWS returned {status} with JSON that is not the documented list response: {detail}; the body starts with {excerpt:?}"
            )?,
            ResponseProblem::WrongShape { detail } => write!(
                formatter,
                "DWS returned {status} with JSON that is not an error body: {detail}; the body starts with {excerpt:?}"
            )?,
            ResponseProblem::Truncated {
                expected_len: Some(expected),
                ..
            } => write!(
                formatter,
                "DWS returned {status} but the connection ended after {} of {expected} body bytes",
                self.body_len
            )?,
            ResponseProblem::Truncated {
                expected_len: None,
                detail,
            } => write!(
                formatter,
                "DWS returned {status} but reading the body failed after {} bytes: {detail}",
                self.body_len
            )?,
            ResponseProblem::UnexpectedStatus => write!(
                formatter,
                "DWS returned {status}, a status this operation does not document (expected 200 OK or an error status)"
            )?,
        }
        formatter.write_str(&describe_request_id(self.request_id.as_deref(), None))
    }
}

impl std::error::Error for InvalidResponse {}

/// What is wrong with an [`InvalidResponse`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseProblem {
    /// The body is empty or only white space.
    Empty,
    /// The body is not JSON, such as an HTML page from a gateway.
    NotJson {
        /// The JSON parser's message, with line and column.
        detail: String,
    },
    /// The body is JSON of another shape: for 200 not the documented list,
    /// for an error status an object with neither `error_code`/`error_msg`
    /// nor `code`/`message`.
    WrongShape {
        /// What does not match, with line and column where known.
        detail: String,
    },
    /// The connection ended, or reading failed, before the whole body
    /// arrived.
    Truncated {
        /// `Content-Length` of the response, when it had one.
        expected_len: Option<u64>,
        /// The transport's message.
        detail: String,
    },
    /// A status that is neither 200 nor an error status (400 or above),
    /// such as 204.
    UnexpectedStatus,
}

fn non_empty(text: &str) -> Option<&str> {
    Some(text).filter(|text| !text.is_empty())
}

/// Returns `401 Unauthorized`, or only the number for a status without a
/// standard reason phrase.
fn describe_status(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// Returns ` (request ID a)`, ` (request ID a, gateway request ID b)` or
/// nothing, for appending to a message.
fn describe_request_id(request_id: Option<&str>, gateway: Option<&str>) -> String {
    let shown = |id: &str| one_line(id, MAX_SHOWN_MESSAGE_CHARS);
    match (request_id, gateway) {
        (Some(id), Some(gateway)) => format!(
            " (request ID {}, gateway request ID {})",
            shown(id),
            shown(gateway)
        ),
        (Some(id), None) | (None, Some(id)) => format!(" (request ID {})", shown(id)),
        (None, None) => String::new(),
    }
}

/// Returns `text` on one line: each run of white space or control
/// characters becomes one space, and text over `max_chars` characters is
/// cut and ends in `…`.
fn one_line(text: &str, max_chars: usize) -> String {
    let mut line = String::new();
    let mut pending_space = false;
    for (count, character) in text.trim().chars().enumerate() {
        if count == max_chars {
            line.push('…');
            break;
        }
        if character.is_whitespace() || character.is_control() {
            pending_space = true;
            continue;
        }
        if pending_space && !line.is_empty() {
            line.push(' ');
        }
        pending_space = false;
        line.push(character);
    }
    line
}

/// Returns the message of the innermost cause of `error`, such as
/// `Connection refused (os error 111)`, which `reqwest` keeps out of its own
/// message.
pub(crate) fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut innermost = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    if std::ptr::addr_eq(innermost, error) {
        error.to_string()
    } else {
        format!("{error}: {innermost}")
    }
}
