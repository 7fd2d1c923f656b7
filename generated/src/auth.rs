//! Authenticating a `reqwest::Request`: an SDK-HMAC-SHA256 signature for
//! AK/SK credentials, or an `X-Auth-Token` header for an IAM token.

use percent_encoding::percent_decode_str;
use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HOST, HeaderName, HeaderValue};

use crate::config::{DEFAULT_MAX_BODY_SIZE, ProjectId};
use crate::credentials::{Credentials, Inner, Secret};
use crate::headers::{X_AUTH_TOKEN, X_PROJECT_ID, X_SDK_DATE, X_SECURITY_TOKEN};
use crate::retry::RetryPolicy;
use crate::signing::{self, CanonicalRequest, SdkDate, SigningError};

/// Credentials and project ID that authenticate every request of a client,
/// with the retry policy and body size limit that its hooks apply.
///
/// The generated [`crate::Client`] carries one as its inner value, the only
/// per-client value its hooks receive, which is why the transport settings
/// live here too. Its `pre` hook calls [`Authenticator::authenticate`] on
/// every request, and its `exec` hook authenticates each retry again.
/// `Debug` output hides every secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticator {
    credentials: Credentials,
    project_id: ProjectId,
    retry_policy: RetryPolicy,
    max_body_size: usize,
}

impl Authenticator {
    /// Creates an authenticator for requests to `project_id`, with the
    /// default [`RetryPolicy`] and a body limit of [`DEFAULT_MAX_BODY_SIZE`].
    pub fn new(credentials: Credentials, project_id: ProjectId) -> Self {
        Self {
            credentials,
            project_id,
            retry_policy: RetryPolicy::default(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
        }
    }

    /// Replaces the retry policy. A policy of 0 attempts sends once.
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Replaces the largest response body accepted, in bytes.
    pub fn with_max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Returns the retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry_policy
    }

    /// Returns the largest response body accepted, in bytes.
    pub fn max_body_size(&self) -> usize {
        self.max_body_size
    }

    /// Returns the credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Returns the project ID.
    pub fn project_id(&self) -> &ProjectId {
        &self.project_id
    }

    /// Checks that `url`, the URL of a request to `base_url`, names this
    /// authenticator's project where DWS paths carry one: the segment after
    /// the version in `{base_url}/v{N}/{project_id}/...`.
    ///
    /// # Errors
    ///
    /// [`SigningError::ProjectMismatch`] when that segment, percent-decoded,
    /// is another project ID. A path of another form passes.
    pub(crate) fn check_path_project(&self, url: &Url, base_url: &str) -> Result<(), SigningError> {
        let Some(segment) = path_project_id(url.path(), base_url) else {
            return Ok(());
        };
        let path_project_id = percent_decode_str(segment).decode_utf8_lossy();
        if path_project_id == self.project_id.as_str() {
            return Ok(());
        }
        Err(SigningError::ProjectMismatch {
            path_project_id: path_project_id.into_owned(),
            configured_project_id: self.project_id.as_str().to_owned(),
        })
    }

    /// Authenticates `request` as of now.
    ///
    /// Call it once per attempt: each call replaces the headers that an
    /// earlier call set, with a fresh `X-Sdk-Date`, because the gateway
    /// rejects a signature more than 15 minutes old.
    ///
    /// # Errors
    ///
    /// The errors of [`Authenticator::authenticate_at`].
    pub fn authenticate(&self, request: &mut reqwest::Request) -> Result<(), SigningError> {
        self.authenticate_at(request, SdkDate::now())
    }

    /// Authenticates `request` as of `date`.
    ///
    /// Sets `X-Project-Id`. With AK/SK credentials it also sets `X-Sdk-Date`,
    /// `X-Security-Token` for temporary credentials, and `Authorization`
    /// with a signature over `host;x-project-id;x-sdk-date` (plus
    /// `x-security-token`). The host is the `Host` header when the request
    /// has one, and otherwise the URL's host and non-default port, which is
    /// what `reqwest` sends later. With an IAM token it sets `X-Auth-Token`
    /// and signs nothing.
    ///
    /// # Errors
    ///
    /// [`SigningError::MissingHost`] for a URL without a host,
    /// [`SigningError::StreamingBody`] for a body that is not in memory,
    /// and [`SigningError::InvalidHeaderValue`] for a value that HTTP does
    /// not allow.
    pub fn authenticate_at(
        &self,
        request: &mut reqwest::Request,
        date: SdkDate,
    ) -> Result<(), SigningError> {
        let project_id = self.project_id.as_str();
        let headers = match self.credentials.inner() {
            Inner::AccessKey {
                access_key,
                secret_key,
                security_token,
            } => signature_headers(
                request,
                access_key,
                secret_key,
                security_token.as_ref(),
                project_id,
                date,
            )?,
            Inner::IamToken(token) => vec![
                header(X_PROJECT_ID, project_id, false)?,
                header(X_AUTH_TOKEN, token.expose(), true)?,
            ],
        };

        // Every value is ready before the request changes, so an error above
        // leaves the request as it was. Removing first drops the headers of
        // an earlier attempt that this one does not set.
        let replaced = [
            AUTHORIZATION.as_str(),
            X_SDK_DATE,
            X_SECURITY_TOKEN,
            X_AUTH_TOKEN,
            X_PROJECT_ID,
        ];
        for name in replaced {
            request.headers_mut().remove(name);
        }
        for (name, value) in headers {
            request.headers_mut().insert(name, value);
        }
        Ok(())
    }
}

/// Returns the raw project ID segment of `path`, the `{project_id}` of
/// `/v{N}/{project_id}/...` after the path of `base_url`, or `None` for a
/// path of another form.
fn path_project_id<'a>(path: &'a str, base_url: &str) -> Option<&'a str> {
    let base_path = Url::parse(base_url)
        .map(|base| base.path().trim_end_matches('/').to_owned())
        .unwrap_or_default();
    let relative = match path.strip_prefix(base_path.as_str()) {
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    };

    // Empty segments are skipped, as a base URL ending in `/` gives `//v2/...`.
    let mut segments = relative.split('/').filter(|segment| !segment.is_empty());
    let version = segments.next()?.strip_prefix('v')?;
    if version.is_empty() || !version.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    segments.next()
}

/// Signs `request` and returns the headers that carry the signature.
fn signature_headers(
    request: &reqwest::Request,
    access_key: &str,
    secret_key: &Secret,
    security_token: Option<&Secret>,
    project_id: &str,
    date: SdkDate,
) -> Result<Vec<(HeaderName, HeaderValue)>, SigningError> {
    let host = signed_host(request)?;
    let body = body_bytes(request)?;
    let sdk_date = date.to_string();

    let mut signed: Vec<(&str, &str)> = vec![
        (HOST.as_str(), host.as_str()),
        (X_PROJECT_ID, project_id),
        (X_SDK_DATE, sdk_date.as_str()),
    ];
    if let Some(token) = security_token {
        signed.push((X_SECURITY_TOKEN, token.expose()));
    }

    let url = request.url();
    let canonical = CanonicalRequest::new(
        request.method().as_str(),
        url.path(),
        url.query().unwrap_or(""),
        &signed,
        body,
    );
    let signature = signing::sign(access_key, secret_key.expose(), canonical, date);
    tracing::trace!(
        method = %request.method(),
        path = url.path(),
        signed_headers = signature.canonical_request.signed_headers(),
        x_sdk_date = sdk_date,
        "signed request"
    );

    let mut headers = vec![
        header(X_PROJECT_ID, project_id, false)?,
        header(X_SDK_DATE, &sdk_date, false)?,
        header(AUTHORIZATION.as_str(), &signature.authorization, true)?,
    ];
    if let Some(token) = security_token {
        headers.push(header(X_SECURITY_TOKEN, token.expose(), true)?);
    }
    Ok(headers)
}

/// Returns the host that the server will see in the `Host` header.
fn signed_host(request: &reqwest::Request) -> Result<String, SigningError> {
    if let Some(host) = request
        .headers()
        .get(HOST)
        .and_then(|value| value.to_str().ok())
    {
        return Ok(host.to_owned());
    }

    let url = request.url();
    let Some(host) = url.host_str() else {
        return Err(SigningError::MissingHost {
            url: url.to_string(),
        });
    };
    // `Url::port` is `None` for the scheme's default port, which `reqwest`
    // leaves out of the `Host` header as well.
    Ok(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

fn body_bytes(request: &reqwest::Request) -> Result<&[u8], SigningError> {
    match request.body() {
        None => Ok(&[]),
        Some(body) => body.as_bytes().ok_or_else(|| SigningError::StreamingBody {
            method: request.method().to_string(),
            url: request.url().to_string(),
        }),
    }
}

/// Builds the header `name`, one of the lower-case constants of
/// [`crate::headers`] or `authorization`, with `value`. A sensitive value is
/// hidden from `Debug` output of the request and its headers.
fn header(
    name: &'static str,
    value: &str,
    sensitive: bool,
) -> Result<(HeaderName, HeaderValue), SigningError> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| SigningError::InvalidHeaderValue { header: name })?;
    value.set_sensitive(sensitive);
    Ok((HeaderName::from_static(name), value))
}
