//! The three ways to authenticate: permanent AK/SK, temporary AK/SK with a
//! security token, and an IAM token.
//!
//! Secret keys, security tokens and IAM tokens never appear in `Debug` or
//! `Display` output, nor in any error message.

use std::fmt;

use crate::config::ConfigError;
use crate::env::{self, EnvLookup};

/// What an access key accepts, as error messages state it.
const ACCESS_KEY_EXPECTED: &str =
    "the access key ID (AK) of an IAM user: visible ASCII characters other than `,`";

/// What a secret key accepts, as error messages state it.
const SECRET_KEY_EXPECTED: &str = "the secret access key (SK) that belongs to the access key ID";

/// What a security token accepts, as error messages state it.
const SECURITY_TOKEN_EXPECTED: &str =
    "the security token issued with temporary credentials, in visible ASCII characters";

/// What an IAM token accepts, as error messages state it.
const IAM_TOKEN_EXPECTED: &str = "a project-scoped IAM token (the X-Subject-Token that IAM returns), in visible ASCII characters";

/// Text that replaces a secret in formatted output.
const REDACTED: &str = "<redacted>";

/// A secret string whose `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(REDACTED)
    }
}

/// Which of the three kinds a [`Credentials`] value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialKind {
    /// Permanent access key and secret key, which sign every request.
    Permanent,
    /// Temporary access key, secret key and security token, which sign every
    /// request and add `X-Security-Token` to it.
    Temporary,
    /// IAM token sent as `X-Auth-Token` instead of a signature.
    IamToken,
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            CredentialKind::Permanent => "permanent AK/SK",
            CredentialKind::Temporary => "temporary AK/SK with security token",
            CredentialKind::IamToken => "IAM token",
        })
    }
}

/// Credentials that authenticate every request of a client.
///
/// The access key ID is shown by `Debug` and `Display`, because every
/// signed request sends it in clear. The secret key, the security token and
/// the IAM token are always shown as `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    inner: Inner,
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Inner {
    AccessKey {
        access_key: String,
        secret_key: Secret,
        security_token: Option<Secret>,
    },
    IamToken(Secret),
}

impl Credentials {
    /// Creates permanent AK/SK credentials.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidValue`] when the access key is empty or contains a
    /// space, a `,` or a character outside visible ASCII, and
    /// [`ConfigError::InvalidSecret`] when the secret key is empty.
    pub fn permanent(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Result<Self, ConfigError> {
        Ok(Self {
            inner: Inner::AccessKey {
                access_key: check_access_key(access_key.into())?,
                secret_key: check_secret_key(secret_key.into())?,
                security_token: None,
            },
        })
    }

    /// Creates temporary AK/SK credentials, whose requests also carry
    /// `X-Security-Token`.
    ///
    /// # Errors
    ///
    /// The errors of [`Credentials::permanent`], and
    /// [`ConfigError::InvalidSecret`] when the security token is empty or
    /// contains a character outside visible ASCII.
    pub fn temporary(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Result<Self, ConfigError> {
        let token = check_header_secret(
            security_token.into(),
            "security token",
            SECURITY_TOKEN_EXPECTED,
        )?;
        Ok(Self {
            inner: Inner::AccessKey {
                access_key: check_access_key(access_key.into())?,
                secret_key: check_secret_key(secret_key.into())?,
                security_token: Some(token),
            },
        })
    }

    /// Creates credentials that send an IAM token as `X-Auth-Token` instead
    /// of signing. A project-scoped token is valid for 24 hours.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidSecret`] when the token is empty or contains a
    /// character outside visible ASCII.
    pub fn iam_token(token: impl Into<String>) -> Result<Self, ConfigError> {
        let token = check_header_secret(token.into(), "IAM token", IAM_TOKEN_EXPECTED)?;
        Ok(Self {
            inner: Inner::IamToken(token),
        })
    }

    /// Reads AK/SK credentials from `HUAWEICLOUD_SDK_AK` and
    /// `HUAWEICLOUD_SDK_SK`, and also `HUAWEICLOUD_SDK_SECURITY_TOKEN` when
    /// it is set, which makes them temporary.
    ///
    /// # Errors
    ///
    /// [`ConfigError::MissingEnv`] naming every required variable that is
    /// unset or empty, and the errors of [`Credentials::temporary`] for a
    /// value that is set but invalid.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with(&env::process_env())
    }

    /// Reads credentials like [`Credentials::from_env`], from `lookup`
    /// instead of the process environment.
    ///
    /// # Errors
    ///
    /// The errors of [`Credentials::from_env`].
    pub fn from_env_with(lookup: &EnvLookup) -> Result<Self, ConfigError> {
        match read_env(lookup.as_ref()) {
            Ok(credentials) => credentials,
            Err(missing) => Err(ConfigError::MissingEnv { names: missing }),
        }
    }

    /// Returns which kind of credentials these are.
    pub fn kind(&self) -> CredentialKind {
        match &self.inner {
            Inner::AccessKey {
                security_token: None,
                ..
            } => CredentialKind::Permanent,
            Inner::AccessKey {
                security_token: Some(_),
                ..
            } => CredentialKind::Temporary,
            Inner::IamToken(_) => CredentialKind::IamToken,
        }
    }

    /// Returns the access key ID, or `None` for an IAM token.
    pub fn access_key(&self) -> Option<&str> {
        match &self.inner {
            Inner::AccessKey { access_key, .. } => Some(access_key),
            Inner::IamToken(_) => None,
        }
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::AccessKey {
                access_key,
                secret_key,
                security_token,
            } => formatter
                .debug_struct("Credentials")
                .field("kind", &self.kind())
                .field("access_key", access_key)
                .field("secret_key", secret_key)
                .field("security_token", security_token)
                .finish(),
            Inner::IamToken(token) => formatter
                .debug_struct("Credentials")
                .field("kind", &self.kind())
                .field("token", token)
                .finish(),
        }
    }
}

impl fmt::Display for Credentials {
    /// Writes the kind and the access key ID, such as
    /// `permanent AK/SK credentials, access key HPUA...`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.access_key() {
            Some(access_key) => write!(
                formatter,
                "{} credentials, access key {access_key}",
                self.kind()
            ),
            None => write!(formatter, "{} credentials", self.kind()),
        }
    }
}

/// Reads AK, SK and the optional security token through `lookup`.
///
/// Returns `Err` with the names of the required variables that are unset or
/// empty, and `Ok` with the result of validating the values otherwise.
pub(crate) fn read_env(
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Result<Credentials, ConfigError>, Vec<&'static str>> {
    let access_key = env::non_empty(lookup, env::ACCESS_KEY);
    let secret_key = env::non_empty(lookup, env::SECRET_KEY);
    let security_token = env::non_empty(lookup, env::SECURITY_TOKEN);

    match (access_key, secret_key) {
        (Some(access_key), Some(secret_key)) => Ok(match security_token {
            Some(token) => Credentials::temporary(access_key, secret_key, token),
            None => Credentials::permanent(access_key, secret_key),
        }),
        (access_key, secret_key) => {
            let mut missing = Vec::new();
            if access_key.is_none() {
                missing.push(env::ACCESS_KEY);
            }
            if secret_key.is_none() {
                missing.push(env::SECRET_KEY);
            }
            Err(missing)
        }
    }
}

fn check_access_key(access_key: String) -> Result<String, ConfigError> {
    let problem = if access_key.is_empty() {
        Some("it is empty")
    } else if access_key.contains(',') {
        Some("it contains `,`")
    } else if !access_key.bytes().all(is_visible_ascii) {
        Some("it contains a space, a control character or a non-ASCII character")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(ConfigError::InvalidValue {
            what: "access key",
            value: access_key,
            problem,
            expected: ACCESS_KEY_EXPECTED,
        }),
        None => Ok(access_key),
    }
}

fn check_secret_key(secret_key: String) -> Result<Secret, ConfigError> {
    if secret_key.is_empty() {
        return Err(ConfigError::InvalidSecret {
            what: "secret key",
            problem: "it is empty",
            expected: SECRET_KEY_EXPECTED,
        });
    }
    Ok(Secret(secret_key))
}

/// Checks a secret that is sent as a header value.
fn check_header_secret(
    value: String,
    what: &'static str,
    expected: &'static str,
) -> Result<Secret, ConfigError> {
    let problem = if value.is_empty() {
        Some("it is empty")
    } else if !value.bytes().all(is_visible_ascii) {
        Some("it contains a space, a control character or a non-ASCII character")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(ConfigError::InvalidSecret {
            what,
            problem,
            expected,
        }),
        None => Ok(Secret(value)),
    }
}

pub(crate) fn is_visible_ascii(byte: u8) -> bool {
    byte.is_ascii_graphic()
}
