//! What the hooks saw during one [`crate::DwsClient`] call, and how the call
//! ends as a list or an [`Error`].
//!
//! Progenitor's generated `send()` drops what users need from some failures:
//! a body that does not decode becomes `InvalidResponsePayload` without the
//! status, and a failed body read loses the headers. So the hooks record the
//! last response in a slot that belongs to the call: a `tokio` task-local
//! value that [`record_call`] scopes around the generated `send()`. The
//! `exec` hook reads each body itself, bounded by the size limit, stores the
//! status, headers and body bytes there, and hands progenitor a rebuilt
//! response. When progenitor returns an error, [`finish_call`] ignores
//! progenitor's error value for every failure that has a recorded response,
//! and decodes that response again with
//! [`crate::response::decode_list_response`], so all of them take the same
//! path and keep their status.
//!
//! Calls through the generated [`crate::Client`] run outside any scope: the
//! hooks still sign, retry and bound the body, and record nothing.

use std::cell::RefCell;
use std::future::Future;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::{Error, ResponseProblem, root_cause};
use crate::headers::X_REQUEST_ID;
use crate::response::{content_length, decode_list_response, header_text, invalid};
use crate::signing::SigningError;
use crate::types::{ErrorBody, ListDisasterRecoverResponse};
use crate::{ClientError, ResponseValue};

tokio::task_local! {
    static CALL: RefCell<CallRecord>;
}

/// What the hooks recorded during one call.
#[derive(Debug, Default)]
pub(crate) struct CallRecord {
    /// Response of the last attempt, or `None` when it got no response.
    pub(crate) response: Option<RecordedResponse>,
    /// Failure of the `pre` hook to sign the request.
    pub(crate) signing_error: Option<SigningError>,
    /// Whether the `exec` hook already logged the call's failure at warn.
    pub(crate) failure_logged: bool,
}

/// Status, headers and body of one response.
#[derive(Debug)]
pub(crate) struct RecordedResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: RecordedBody,
}

/// How far reading a response body got.
#[derive(Debug)]
pub(crate) enum RecordedBody {
    /// The whole body.
    Complete(Bytes),
    /// The body was longer than `limit` bytes, so reading stopped.
    TooLarge { limit: usize },
    /// Reading failed after these bytes, with the error that progenitor
    /// receives as `CommunicationError`.
    Incomplete { partial: Bytes },
}

/// Runs `future`, a generated `send()`, with a fresh record that the hooks
/// fill, and returns its output with the record.
pub(crate) async fn record_call<F: Future>(future: F) -> (F::Output, CallRecord) {
    CALL.scope(RefCell::new(CallRecord::default()), async move {
        let output = future.await;
        let record = CALL.try_with(|record| record.take()).unwrap_or_default();
        (output, record)
    })
    .await
}

/// Changes the record of the current call. Outside [`record_call`], such
/// as in a call through the generated client, it does nothing.
pub(crate) fn update_record(change: impl FnOnce(&mut CallRecord)) {
    let _outside_any_call = CALL.try_with(|record| {
        if let Ok(mut record) = record.try_borrow_mut() {
            change(&mut record);
        }
    });
}

/// Ends a call whose generated `send()` returned `error`: decodes the
/// recorded response when there is one, and otherwise maps `error`.
///
/// The result is `Ok` only if the recorded response decodes, which cannot
/// happen when progenitor failed to decode the same bytes, but the decoder
/// decides rather than this function.
pub(crate) fn finish_call(
    error: ClientError<ErrorBody>,
    record: CallRecord,
) -> Result<ResponseValue<ListDisasterRecoverResponse>, Error> {
    if let Some(signing) = record.signing_error {
        return Err(Error::Signing(signing));
    }
    let Some(RecordedResponse {
        status,
        headers,
        body,
    }) = record.response
    else {
        return Err(from_client_error(error));
    };

    match body {
        RecordedBody::Complete(bytes) => {
            let list = decode_list_response(status, &headers, bytes)?;
            Ok(ResponseValue::new(list, status, headers))
        }
        RecordedBody::TooLarge { limit } => Err(Error::BodyTooLarge {
            status,
            request_id: header_text(&headers, X_REQUEST_ID),
            limit,
        }),
        RecordedBody::Incomplete { partial } => {
            Err(incomplete_body(status, &headers, &partial, error))
        }
    }
}

/// Maps a failed body read: a timeout stays a timeout, anything else is a
/// truncated response.
fn incomplete_body(
    status: StatusCode,
    headers: &HeaderMap,
    partial: &[u8],
    error: ClientError<ErrorBody>,
) -> Error {
    let source = match error {
        ClientError::CommunicationError(source) | ClientError::ResponseBodyError(source) => {
            Some(source)
        }
        _ => None,
    };
    let detail = match source {
        Some(source) if source.is_timeout() => {
            return Error::Timeout {
                status: Some(status),
                request_id: header_text(headers, X_REQUEST_ID),
                source,
            };
        }
        Some(source) => root_cause(&source),
        None => String::new(),
    };
    let problem = ResponseProblem::Truncated {
        expected_len: content_length(headers),
        detail,
    };
    invalid(status, headers, partial, problem)
}

/// Maps a progenitor error of a call that got no response.
fn from_client_error(error: ClientError<ErrorBody>) -> Error {
    match error {
        ClientError::CommunicationError(source)
        | ClientError::ResponseBodyError(source)
        | ClientError::InvalidUpgrade(source) => from_reqwest(source),
        // The remaining variants come from a response, which the `exec`
        // hook always records inside `record_call`, so `finish_call` never
        // gets here with one. They are mapped anyway rather than dropped.
        other => Error::Request {
            message: other.to_string(),
            source: None,
        },
    }
}

/// Maps a `reqwest` error that came without a response.
pub(crate) fn from_reqwest(source: reqwest::Error) -> Error {
    if source.is_timeout() {
        Error::Timeout {
            status: None,
            request_id: None,
            source,
        }
    } else if source.is_connect() {
        Error::Connect { source }
    } else {
        Error::Request {
            message: root_cause(&source),
            source: Some(source),
        }
    }
}
