//! Authenticating a `reqwest::Request`: an SDK-HMAC-SHA256 signature for
//! AK/SK credentials, or an `X-Auth-Token` header for an IAM token.

use reqwest::header::{AUTHORIZATION, HOST, HeaderName, HeaderValue};

use crate::config::ProjectId;
use crate::credentials::{Credentials, Inner, Secret};
use crate::headers::{X_AUTH_TOKEN, X_PROJECT_ID, X_SDK_DATE, X_SECURITY_TOKEN};
use crate::signing::{self, CanonicalRequest, SdkDate, SigningError};

/// Credentials and project ID that authenticate every request of a client.
///
/// The generated [`crate::Client`] carries one as its inner value, and its
/// `pre` hook calls [`Authenticator::authenticate`] on every request.
/// `Debug` output hides every secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticator {
    credentials: Credentials,
    project_id: ProjectId,
}

impl Authenticator {
    /// Creates an authenticator for requests to `project_id`.
    pub fn new(credentials: Credentials, project_id: ProjectId) -> Self {
        Self {
            credentials,
            project_id,
        }
    }

    /// Returns the credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Returns the project ID.
    pub fn project_id(&self) -> &ProjectId {
        &self.project_id
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
        set_header(request, X_PROJECT_ID, self.project_id.as_str(), false)?;

        match self.credentials.inner() {
            Inner::AccessKey {
                access_key,
                secret_key,
                security_token,
            } => sign_request(
                request,
                access_key,
                secret_key,
                security_token.as_ref(),
                date,
            ),
            Inner::IamToken(token) => {
                request.headers_mut().remove(AUTHORIZATION);
                request.headers_mut().remove(X_SDK_DATE);
                request.headers_mut().remove(X_SECURITY_TOKEN);
                set_header(request, X_AUTH_TOKEN, token.expose(), true)
            }
        }
    }
}

fn sign_request(
    request: &mut reqwest::Request,
    access_key: &str,
    secret_key: &Secret,
    security_token: Option<&Secret>,
    date: SdkDate,
) -> Result<(), SigningError> {
    request.headers_mut().remove(AUTHORIZATION);
    request.headers_mut().remove(X_AUTH_TOKEN);
    set_header(request, X_SDK_DATE, &date.to_string(), false)?;
    match security_token {
        Some(token) => set_header(request, X_SECURITY_TOKEN, token.expose(), true)?,
        None => {
            request.headers_mut().remove(X_SECURITY_TOKEN);
        }
    }

    let host = signed_host(request)?;
    let project_id = header_text(request, X_PROJECT_ID);
    let sdk_date = header_text(request, X_SDK_DATE);
    let mut signed: Vec<(&str, &str)> = vec![
        (HOST.as_str(), host.as_str()),
        (X_PROJECT_ID, project_id.as_str()),
        (X_SDK_DATE, sdk_date.as_str()),
    ];
    if let Some(token) = security_token {
        signed.push((X_SECURITY_TOKEN, token.expose()));
    }

    let body = body_bytes(request)?;
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
        x_sdk_date = %date,
        "signed request"
    );

    set_header(
        request,
        AUTHORIZATION.as_str(),
        &signature.authorization,
        true,
    )
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

/// Returns a header value that this module set, so it is visible ASCII.
fn header_text(request: &reqwest::Request, name: &str) -> String {
    request
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Replaces every value of the header `name` with `value`; a sensitive value
/// is hidden from `Debug` output of the request and its headers.
fn set_header(
    request: &mut reqwest::Request,
    name: &'static str,
    value: &str,
    sensitive: bool,
) -> Result<(), SigningError> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| SigningError::InvalidHeaderValue { header: name })?;
    value.set_sensitive(sensitive);
    request
        .headers_mut()
        .insert(HeaderName::from_static(name), value);
    Ok(())
}
