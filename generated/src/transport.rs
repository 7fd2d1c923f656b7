//! Sending one request: each attempt, its bounded body read, its log
//! events, and the retries of the [`RetryPolicy`].
//!
//! The `exec` hook of the generated client calls [`execute`]. It reads the
//! whole body of each response itself, stopping at the size limit, so that a
//! retry decision can see the outcome and so that the call's record (see
//! [`crate::call`]) keeps the status and body of any response. Progenitor
//! then receives the response rebuilt around the bytes already read.

use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use progenitor_client::OperationInfo;
use reqwest::header::HeaderMap;
use reqwest::{Method, ResponseBuilderExt as _, StatusCode, Url, Version};

use crate::auth::Authenticator;
use crate::call::{RecordedBody, RecordedResponse, update_record};
use crate::headers::X_REQUEST_ID;
use crate::response::header_text;
use crate::retry::{RetryPolicy, is_retryable_status};

/// Most bytes reserved up front for a body, whatever its `Content-Length`
/// claims: 64 KiB. The buffer grows as bytes arrive.
const MAX_INITIAL_BODY_CAPACITY: usize = 64 * 1024;

/// Body of a response over the size limit, as the rebuilt response's body
/// stream reports it to callers of the generated client.
#[derive(Debug, thiserror::Error)]
#[error("the response body is over the limit of {limit} bytes")]
struct BodyLimitExceeded {
    limit: usize,
}

/// Result of one attempt.
enum Outcome {
    /// No response arrived.
    Failed(reqwest::Error),
    /// A response head arrived, and its body was read as far as it went.
    Received { head: Box<Head>, body: BodyRead },
}

/// Everything of a response but its body.
struct Head {
    status: StatusCode,
    version: Version,
    headers: HeaderMap,
    /// URL of the response, after any redirect.
    url: Url,
}

/// How reading one body ended.
enum BodyRead {
    Complete(Bytes),
    TooLarge {
        limit: usize,
    },
    Failed {
        partial: Bytes,
        error: reqwest::Error,
    },
}

/// Method and path of the request, for log events.
struct Target {
    method: Method,
    path: String,
}

/// Sends `request`, already authenticated, with the retries of the
/// authenticator's [`RetryPolicy`], and returns the last attempt's result.
///
/// Each retry is a fresh `try_clone` of the request, authenticated again just
/// before it is sent, so it carries its own `X-Sdk-Date` and signature. A
/// request whose body cannot be cloned is sent once.
///
/// # Errors
///
/// The `reqwest` error of the last attempt, when it got no response or its
/// body could not be read to the end.
pub(crate) async fn execute(
    client: &reqwest::Client,
    authenticator: &Authenticator,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let policy = authenticator.retry_policy();
    let max_attempts = policy.max_attempts().max(1);
    let limit = authenticator.max_body_size();
    let target = Target {
        method: request.method().clone(),
        path: request.url().path().to_owned(),
    };

    let mut request = request;
    let mut attempt = 1;
    loop {
        let retry_request = if attempt < max_attempts {
            request.try_clone()
        } else {
            None
        };

        let started = Instant::now();
        let outcome = send_once(client, request, limit).await;
        log_attempt(&target, info, attempt, started.elapsed(), &outcome);
        update_record(|record| record.response = outcome.recorded());

        let Some(mut next) = retry_request.filter(|_| outcome.is_retryable()) else {
            if outcome.is_failure() {
                log_failure(&target, info, attempt, &outcome);
                update_record(|record| record.failure_logged = true);
            }
            return outcome.into_result();
        };

        let delay = policy.delay_after(attempt, outcome.headers());
        log_retry(&target, info, attempt, &policy, delay, &outcome);
        tokio::time::sleep(delay).await;

        if let Err(error) = authenticator.authenticate(&mut next) {
            tracing::warn!(
                operation = info.operation_id,
                attempt,
                %error,
                "cannot sign the retry of a DWS request; returning the last response"
            );
            return outcome.into_result();
        }
        request = next;
        attempt += 1;
    }
}

/// Sends one attempt and reads its body, at most `limit` bytes.
async fn send_once(client: &reqwest::Client, request: reqwest::Request, limit: usize) -> Outcome {
    let mut response = match client.execute(request).await {
        Ok(response) => response,
        Err(error) => return Outcome::Failed(error),
    };
    let head = Box::new(Head {
        status: response.status(),
        version: response.version(),
        headers: response.headers().clone(),
        url: response.url().clone(),
    });
    let body = read_body(&mut response, limit).await;
    Outcome::Received { head, body }
}

/// Reads the body chunk by chunk and stops as soon as it would pass `limit`
/// bytes, or at once when `Content-Length` says it will.
async fn read_body(response: &mut reqwest::Response, limit: usize) -> BodyRead {
    let declared = response.content_length();
    if declared.is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX)) {
        return BodyRead::TooLarge { limit };
    }

    let capacity = declared
        .and_then(|length| usize::try_from(length).ok())
        .unwrap_or(0)
        .min(MAX_INITIAL_BODY_CAPACITY);
    let mut body = BytesMut::with_capacity(capacity);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if chunk.len() > limit - body.len() => {
                return BodyRead::TooLarge { limit };
            }
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => return BodyRead::Complete(body.freeze()),
            Err(error) => {
                return BodyRead::Failed {
                    partial: body.freeze(),
                    error,
                };
            }
        }
    }
}

impl Outcome {
    /// Returns whether a later attempt may succeed. This matches
    /// [`crate::Error::is_retryable`] of the error the outcome becomes.
    ///
    /// A body read that failed, which the caller sees as a timeout or a
    /// truncated response, is retried whatever the status: the list
    /// operation is an idempotent `GET`, and a connection that ends early
    /// says nothing about the next one.
    fn is_retryable(&self) -> bool {
        match self {
            // `is_request` covers connect failures and a pooled connection
            // that the server closed before answering.
            Self::Failed(error) => error.is_timeout() || error.is_request(),
            Self::Received {
                body: BodyRead::TooLarge { .. },
                ..
            } => false,
            Self::Received {
                body: BodyRead::Failed { .. },
                ..
            } => true,
            Self::Received { head, .. } => is_retryable_status(head.status),
        }
    }

    /// Returns whether the outcome is a failure that the transport can see:
    /// no response, an error status, or a body that was not read whole.
    fn is_failure(&self) -> bool {
        match self {
            Self::Failed(_) => true,
            Self::Received { head, body } => {
                head.status.as_u16() >= 400 || !matches!(body, BodyRead::Complete(_))
            }
        }
    }

    fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Failed(_) => None,
            Self::Received { head, .. } => Some(&head.headers),
        }
    }

    fn request_id(&self) -> Option<String> {
        self.headers()
            .and_then(|headers| header_text(headers, X_REQUEST_ID))
    }

    fn status(&self) -> Option<u16> {
        match self {
            Self::Failed(_) => None,
            Self::Received { head, .. } => Some(head.status.as_u16()),
        }
    }

    /// Returns a short description for log events, such as
    /// `503 Service Unavailable` or the transport error.
    fn describe(&self) -> String {
        match self {
            Self::Failed(error)
            | Self::Received {
                body: BodyRead::Failed { error, .. },
                ..
            } => crate::error::root_cause(error),
            Self::Received {
                head,
                body: BodyRead::TooLarge { limit },
            } => format!("{} with a body over {limit} bytes", head.status),
            Self::Received { head, .. } => head.status.to_string(),
        }
    }

    /// Returns what the call's record keeps of this outcome.
    fn recorded(&self) -> Option<RecordedResponse> {
        let Self::Received { head, body } = self else {
            return None;
        };
        let body = match body {
            BodyRead::Complete(bytes) => RecordedBody::Complete(bytes.clone()),
            BodyRead::TooLarge { limit } => RecordedBody::TooLarge { limit: *limit },
            BodyRead::Failed { partial, .. } => RecordedBody::Incomplete {
                partial: partial.clone(),
            },
        };
        Some(RecordedResponse {
            status: head.status,
            headers: head.headers.clone(),
            body,
        })
    }

    /// Returns what the generated code receives from the `exec` hook.
    fn into_result(self) -> reqwest::Result<reqwest::Response> {
        match self {
            Self::Failed(error)
            | Self::Received {
                body: BodyRead::Failed { error, .. },
                ..
            } => Err(error),
            Self::Received {
                head,
                body: BodyRead::Complete(bytes),
            } => Ok(rebuild(*head, reqwest::Body::from(bytes))),
            Self::Received {
                head,
                body: BodyRead::TooLarge { limit },
            } => {
                let failing =
                    futures::stream::once(
                        async move { Err::<Bytes, _>(BodyLimitExceeded { limit }) },
                    );
                Ok(rebuild(*head, reqwest::Body::wrap_stream(failing)))
            }
        }
    }
}

/// Builds a `reqwest::Response` from a head and a body already in hand.
fn rebuild(head: Head, body: reqwest::Body) -> reqwest::Response {
    let mut response = http::Response::new(body);
    *response.status_mut() = head.status;
    *response.version_mut() = head.version;
    *response.headers_mut() = head.headers;
    // `reqwest` reads the response URL from an extension that only its
    // builder extension can set. A builder with no other settings cannot
    // fail, and without the URL the response would report a placeholder.
    if let Ok(with_url) = http::Response::builder().url(head.url).body(()) {
        *response.extensions_mut() = with_url.into_parts().0.extensions;
    }
    reqwest::Response::from(response)
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn log_attempt(
    target: &Target,
    info: &OperationInfo,
    attempt: u32,
    elapsed: Duration,
    outcome: &Outcome,
) {
    match outcome {
        Outcome::Failed(error) => tracing::debug!(
            operation = info.operation_id,
            method = %target.method,
            path = target.path,
            attempt,
            elapsed_ms = millis(elapsed),
            error = %crate::error::root_cause(error),
            "DWS request attempt got no response"
        ),
        Outcome::Received { head, .. } => tracing::debug!(
            operation = info.operation_id,
            method = %target.method,
            path = target.path,
            attempt,
            status = head.status.as_u16(),
            elapsed_ms = millis(elapsed),
            request_id = outcome.request_id(),
            "DWS request attempt finished"
        ),
    }
}

fn log_retry(
    target: &Target,
    info: &OperationInfo,
    attempt: u32,
    policy: &RetryPolicy,
    delay: Duration,
    outcome: &Outcome,
) {
    tracing::warn!(
        operation = info.operation_id,
        method = %target.method,
        path = target.path,
        attempt,
        max_attempts = policy.max_attempts(),
        status = outcome.status(),
        request_id = outcome.request_id(),
        delay_ms = millis(delay),
        reason = outcome.describe(),
        "retrying DWS request"
    );
}

fn log_failure(target: &Target, info: &OperationInfo, attempt: u32, outcome: &Outcome) {
    tracing::warn!(
        operation = info.operation_id,
        method = %target.method,
        path = target.path,
        attempts = attempt,
        status = outcome.status(),
        request_id = outcome.request_id(),
        reason = outcome.describe(),
        "DWS request failed"
    );
}
