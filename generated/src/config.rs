//! The builder of [`DwsClient`]: endpoint, credentials, project ID, timeouts
//! and HTTP client, each checked without panicking.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use crate::auth::Authenticator;
use crate::client::DwsClient;
use crate::credentials::{self, Credentials};
use crate::env::{self, EnvLookup};
use crate::region;
use crate::retry::RetryPolicy;

/// Time allowed to open a TCP and TLS connection when the builder creates
/// the HTTP client: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Time allowed for each attempt of a request, from connecting to reading
/// the last body byte, when the builder creates the HTTP client: 60 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Largest response body accepted by default: 32 MiB. The documented list
/// response is a few hundred bytes per relationship, so this leaves room
/// for tens of thousands of them.
pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

/// `User-Agent` of the HTTP client that the builder creates:
/// `dws-client/<crate version>`.
pub const USER_AGENT: &str = concat!("dws-client/", env!("CARGO_PKG_VERSION"));

/// What a project ID accepts, as error messages state it.
const PROJECT_ID_EXPECTED: &str =
    "ASCII letters, digits, `-` and `_`, such as 0536cdee2200d5912f7cc00b877980f1";

/// What an endpoint accepts, as error messages state it.
const ENDPOINT_EXPECTED: &str =
    "an http or https URL such as https://dws.cn-north-4.myhuaweicloud.com";

/// Invalid or missing configuration, found before any request is sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Required environment variables that are unset or empty.
    #[error(
        "missing or empty environment variable{plural}: {list}. Set {them}, or pass the values to the builder",
        plural = if names.len() == 1 { "" } else { "s" },
        list = describe_variables(names),
        them = if names.len() == 1 { "it" } else { "them" },
    )]
    MissingEnv {
        /// Names of the missing variables, in the order they are read.
        names: Vec<&'static str>,
    },

    /// Invalid value that is not a secret, shown in the message.
    #[error("invalid {what} {value:?}: {problem}; expected {expected}")]
    InvalidValue {
        /// What the value is, such as `access key`.
        what: &'static str,
        /// The rejected value.
        value: String,
        /// What is wrong with it.
        problem: &'static str,
        /// What is accepted.
        expected: &'static str,
    },

    /// Invalid secret, which the message never shows.
    #[error("invalid {what}: {problem}; expected {expected}")]
    InvalidSecret {
        /// What the secret is, such as `secret key`.
        what: &'static str,
        /// What is wrong with it.
        problem: &'static str,
        /// What is accepted.
        expected: &'static str,
    },

    /// A region that DWS has no known endpoint for.
    #[error(
        "unknown DWS region {region:?}; known regions are {known}. {fix}",
        known = region::known_ids(),
        fix = unknown_region_fix(region, variable, *endpoint_given),
    )]
    UnknownRegion {
        /// The region id as given.
        region: String,
        /// The environment variable that would override its endpoint.
        variable: String,
        /// Whether `.endpoint(..)` was called as well, so the client does
        /// not need the region's endpoint.
        endpoint_given: bool,
    },

    /// An endpoint that is not an http(s) URL.
    #[error("invalid endpoint {endpoint:?} from {origin}: {problem}; expected {ENDPOINT_EXPECTED}")]
    InvalidEndpoint {
        /// The endpoint as given, with any user name and password replaced
        /// by `<redacted>`.
        endpoint: String,
        /// Where it came from, such as `.endpoint(..)` or an environment
        /// variable.
        origin: String,
        /// What is wrong with it.
        problem: String,
    },

    /// Neither a region nor an endpoint was given.
    #[error(
        "no region or endpoint: call .region(\"cn-north-4\") or .endpoint(\"https://dws.cn-north-4.myhuaweicloud.com\")"
    )]
    MissingEndpoint,

    /// No credentials were given.
    #[error(
        "no credentials: call .credentials(Credentials::permanent(ak, sk)), or start from DwsClientBuilder::from_env() to read HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK"
    )]
    MissingCredentials,

    /// No project ID was given.
    #[error(
        "no project ID: call .project_id(..), or start from DwsClientBuilder::from_env() to read HUAWEICLOUD_SDK_PROJECT_ID"
    )]
    MissingProjectId,

    /// A timeout of zero, which would fail every request.
    #[error("invalid {what} of 0 seconds: expected a duration greater than zero")]
    ZeroTimeout {
        /// Which timeout, such as `connect timeout`.
        what: &'static str,
    },

    /// A timeout set together with a caller's own `reqwest::Client`, which
    /// keeps its own timeouts.
    #[error(
        "the {what} cannot be applied to a caller's reqwest::Client: set it on that client's builder, or leave out .http_client(..)"
    )]
    TimeoutWithHttpClient {
        /// Which timeout, such as `connect timeout`.
        what: &'static str,
    },

    /// `reqwest` could not create its HTTP client, for example because the
    /// system's TLS roots could not be loaded.
    #[error("cannot create the HTTP client: {source}")]
    HttpClient {
        /// The `reqwest` error.
        #[source]
        source: reqwest::Error,
    },
}

/// Returns the advice that ends the message of
/// [`ConfigError::UnknownRegion`]. The client uses a region only to find
/// its endpoint, so with an explicit endpoint the region is fixed or
/// dropped, and otherwise the endpoint has to come from somewhere else.
fn unknown_region_fix(region: &str, variable: &str, endpoint_given: bool) -> String {
    if endpoint_given {
        "The client calls the endpoint given with .endpoint(..), so correct the region or remove the .region(..) call".to_owned()
    } else {
        format!(
            "For another region, pass its endpoint with .endpoint(\"https://dws.{region}.myhuaweicloud.com\") or set the environment variable {variable} to it"
        )
    }
}

fn describe_variables(names: &[&'static str]) -> String {
    let described: Vec<String> = names
        .iter()
        .map(|name| format!("{name} ({})", env::describe(name)))
        .collect();
    described.join(", ")
}

/// Project ID of the caller's account in the target region, which fills the
/// `{project_id}` path parameter and the `X-Project-Id` header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProjectId(String);

impl ProjectId {
    /// Checks and wraps a project ID.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidValue`] when the ID is empty or contains anything
    /// but ASCII letters, digits, `-` and `_` (a `/` or `.` would change the
    /// request path).
    pub fn new(id: impl Into<String>) -> Result<Self, ConfigError> {
        let id = id.into();
        let problem = if id.is_empty() {
            Some("it is empty")
        } else if id.contains('/') {
            Some("it contains `/`")
        } else if !id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        {
            Some("it contains a character other than ASCII letters, digits, `-` and `_`")
        } else {
            None
        };
        match problem {
            Some(problem) => Err(ConfigError::InvalidValue {
                what: "project ID",
                value: id,
                problem,
                expected: PROJECT_ID_EXPECTED,
            }),
            None => Ok(Self(id)),
        }
    }

    /// Returns the ID.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProjectId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl FromStr for ProjectId {
    type Err = ConfigError;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Self::new(id)
    }
}

impl AsRef<str> for ProjectId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Checks an endpoint and returns it without trailing `/`.
///
/// A path stem such as `https://proxy.example/dws` is kept, so the client
/// calls `https://proxy.example/dws/v2/...`. `origin` names where the
/// endpoint came from in the error message.
///
/// # Errors
///
/// [`ConfigError::InvalidEndpoint`] when `endpoint` is not an absolute
/// http(s) URL, or has user info, a query or a fragment.
pub fn normalize_endpoint(endpoint: &str, origin: &str) -> Result<String, ConfigError> {
    let invalid = |problem: String| ConfigError::InvalidEndpoint {
        endpoint: without_user_info(endpoint),
        origin: origin.to_owned(),
        problem,
    };

    let url = reqwest::Url::parse(endpoint).map_err(|error| invalid(error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!(
            "the scheme is `{}`, not http or https",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host".to_owned()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it contains a user name or password".to_owned()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it has a query or fragment".to_owned()));
    }

    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Builds a [`DwsClient`] without panicking: every invalid or missing value
/// is a [`ConfigError`] from [`DwsClientBuilder::build`].
///
/// ```no_run
/// # fn run() -> Result<(), dws_client::ConfigError> {
/// use dws_client::{Credentials, DwsClient};
///
/// let client = DwsClient::builder()
///     .region("cn-north-4")
///     .credentials(Credentials::permanent("HPUAEXAMPLEACCESSKEY", "example-secret")?)
///     .project_id("0536cdee2200d5912f7cc00b877980f1")
///     .build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct DwsClientBuilder {
    region: Option<String>,
    endpoint: Option<String>,
    credentials: Option<Credentials>,
    project_id: Option<String>,
    read_env: bool,
    env: EnvLookup,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    http_client: Option<reqwest::Client>,
    retry_policy: RetryPolicy,
    max_body_size: usize,
}

impl Default for DwsClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl DwsClientBuilder {
    /// Creates an empty builder, as [`DwsClient::builder`] does.
    pub fn new() -> Self {
        Self {
            region: None,
            endpoint: None,
            credentials: None,
            project_id: None,
            read_env: false,
            env: env::process_env(),
            connect_timeout: None,
            timeout: None,
            http_client: None,
            retry_policy: RetryPolicy::default(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
        }
    }

    /// Creates a builder that takes the credentials and the project ID from
    /// the environment, as the official SDKs do: `HUAWEICLOUD_SDK_AK`,
    /// `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_PROJECT_ID` and, for
    /// temporary credentials, `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
    ///
    /// The variables are read by [`DwsClientBuilder::build`], which names
    /// every missing one in [`ConfigError::MissingEnv`]. A value passed to
    /// [`DwsClientBuilder::credentials`] or
    /// [`DwsClientBuilder::project_id`] takes precedence.
    pub fn from_env() -> Self {
        Self {
            read_env: true,
            ..Self::new()
        }
    }

    /// Replaces the process environment as the source of the variables that
    /// [`DwsClientBuilder::from_env`] and the region endpoint override read.
    pub fn env_lookup(mut self, lookup: EnvLookup) -> Self {
        self.env = lookup;
        self
    }

    /// Sets the region, such as `cn-north-4`, whose DWS endpoint the client
    /// calls.
    ///
    /// The endpoint is, in order of precedence: the explicit
    /// [`DwsClientBuilder::endpoint`], then the environment variable
    /// `HUAWEICLOUD_SDK_REGION_DWS_<REGION>` (region id in upper case, `-`
    /// replaced by `_`), then the region's entry in [`region::REGIONS`].
    /// The region is checked even when an explicit endpoint wins:
    /// [`DwsClientBuilder::build`] fails when the region is not a region
    /// id, is neither known nor overridden by that variable, or is
    /// overridden with a value that is not an http(s) URL. For an unknown
    /// region, the message then advises correcting the region or removing
    /// the `.region(..)` call.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets the endpoint URL, such as
    /// `https://dws.cn-north-4.myhuaweicloud.com`. A trailing `/` is
    /// ignored.
    ///
    /// It takes precedence over the endpoint of
    /// [`DwsClientBuilder::region`] and over the
    /// `HUAWEICLOUD_SDK_REGION_DWS_<REGION>` variable. A region given as
    /// well must still be valid.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Sets the credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sets the project ID, which fills the `{project_id}` path parameter of
    /// every call.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Sets the time allowed to connect, [`DEFAULT_CONNECT_TIMEOUT`]
    /// (10 seconds) by default.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets the time allowed for each attempt of a request, from connecting
    /// to reading the last body byte, [`DEFAULT_TIMEOUT`] (60 seconds) by
    /// default. A retried request can take up to this long per attempt, plus
    /// the waits between attempts.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets when and how long to wait before sending a request again,
    /// [`RetryPolicy::default`] (3 attempts) by default.
    /// [`RetryPolicy::disabled`] sends every request once.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Sets the largest response body accepted, in bytes,
    /// [`DEFAULT_MAX_BODY_SIZE`] (32 MiB) by default. A longer body is
    /// [`crate::Error::BodyTooLarge`]: the client stops reading it at the
    /// limit instead of holding it in memory.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Uses the caller's own `reqwest::Client`, with its own timeouts, user
    /// agent, proxy and TLS settings, instead of creating one.
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`: the
    /// client this builder creates follows no redirects, because reqwest
    /// forwards `X-Auth-Token` and `X-Security-Token` to the new origin.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks every setting and creates the client.
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] naming the first invalid or missing value: no
    /// region or endpoint, an unknown region, an endpoint that is not an
    /// http(s) URL, missing credentials or project ID (with every missing
    /// environment variable when reading the environment), an invalid
    /// project ID, a zero timeout, a timeout together with
    /// [`DwsClientBuilder::http_client`], a retry policy of 0 attempts, a
    /// body size limit of 0, or a failure to create the HTTP client.
    pub fn build(self) -> Result<DwsClient, ConfigError> {
        let endpoint = self.resolve_endpoint()?;
        let (credentials, project_id) = self.resolve_identity()?;
        self.check_transport()?;
        let http_client = self.resolve_http_client()?;

        let authenticator = Authenticator::new(credentials, project_id.clone())
            .with_retry_policy(self.retry_policy)
            .with_max_body_size(self.max_body_size);
        tracing::debug!(
            endpoint,
            project_id = project_id.as_str(),
            kind = %authenticator.credentials().kind(),
            "created DWS client"
        );
        Ok(DwsClient::from_parts(
            crate::Client::new_with_client(&endpoint, http_client, authenticator),
            project_id,
        ))
    }

    /// Returns the endpoint: the explicit one, else the region's. A region
    /// that is given is checked even when the explicit endpoint wins, so a
    /// typo in it is not silently ignored.
    fn resolve_endpoint(&self) -> Result<String, ConfigError> {
        let region_endpoint = match &self.region {
            Some(region) => Some(
                region::resolve_endpoint(region, self.env.as_ref())
                    .map_err(|error| self.note_explicit_endpoint(error))?,
            ),
            None => None,
        };
        match (&self.endpoint, region_endpoint) {
            (Some(endpoint), _) => normalize_endpoint(endpoint, ".endpoint(..)"),
            (None, Some(region_endpoint)) => Ok(region_endpoint),
            (None, None) => Err(ConfigError::MissingEndpoint),
        }
    }

    /// Marks an unknown region error when `.endpoint(..)` was called too,
    /// so its message advises fixing or removing the region rather than
    /// passing an endpoint.
    fn note_explicit_endpoint(&self, error: ConfigError) -> ConfigError {
        match error {
            ConfigError::UnknownRegion {
                region, variable, ..
            } => ConfigError::UnknownRegion {
                region,
                variable,
                endpoint_given: self.endpoint.is_some(),
            },
            other => other,
        }
    }

    /// Returns the credentials and project ID, reading the environment for
    /// whichever was not given when the builder came from `from_env`.
    fn resolve_identity(&self) -> Result<(Credentials, ProjectId), ConfigError> {
        let lookup = self.env.as_ref();
        let mut missing = Vec::new();

        let credentials = match (&self.credentials, self.read_env) {
            (Some(credentials), _) => Some(credentials.clone()),
            (None, false) => return Err(ConfigError::MissingCredentials),
            (None, true) => match credentials::read_env(lookup) {
                Ok(credentials) => Some(credentials?),
                Err(names) => {
                    missing.extend(names);
                    None
                }
            },
        };

        let project_id = match (&self.project_id, self.read_env) {
            (Some(project_id), _) => Some(project_id.clone()),
            (None, false) => return Err(ConfigError::MissingProjectId),
            (None, true) => {
                let value = env::non_empty(lookup, env::PROJECT_ID);
                if value.is_none() {
                    missing.push(env::PROJECT_ID);
                }
                value
            }
        };

        match (credentials, project_id) {
            (Some(credentials), Some(project_id)) => Ok((credentials, ProjectId::new(project_id)?)),
            _ => Err(ConfigError::MissingEnv { names: missing }),
        }
    }

    fn check_transport(&self) -> Result<(), ConfigError> {
        if self.retry_policy.max_attempts() == 0 {
            return Err(ConfigError::InvalidValue {
                what: "retry policy max_attempts",
                value: "0".to_owned(),
                problem: "a request needs at least one attempt",
                expected: "1 or more; RetryPolicy::disabled() sends each request once",
            });
        }
        if self.max_body_size == 0 {
            return Err(ConfigError::InvalidValue {
                what: "max body size",
                value: "0".to_owned(),
                problem: "it would reject every response with a body",
                expected: "a number of bytes greater than zero, such as 33554432 (32 MiB, the default)",
            });
        }
        Ok(())
    }

    fn resolve_http_client(&self) -> Result<reqwest::Client, ConfigError> {
        let timeouts = [
            ("connect timeout", self.connect_timeout),
            ("timeout", self.timeout),
        ];
        for (what, timeout) in timeouts {
            match timeout {
                Some(timeout) if timeout.is_zero() => {
                    return Err(ConfigError::ZeroTimeout { what });
                }
                Some(_) if self.http_client.is_some() => {
                    return Err(ConfigError::TimeoutWithHttpClient { what });
                }
                _ => {}
            }
        }

        if let Some(client) = &self.http_client {
            return Ok(client.clone());
        }
        reqwest::Client::builder()
            .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
            .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
            .user_agent(USER_AGENT)
            // A redirect would carry X-Auth-Token or X-Security-Token to
            // another origin, and DWS documents none, so 3xx is an error.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|source| ConfigError::HttpClient { source })
    }
}

impl fmt::Debug for DwsClientBuilder {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("DwsClientBuilder")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("project_id", &self.project_id)
            .field("read_env", &self.read_env)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("http_client", &self.http_client.is_some())
            .field("retry_policy", &self.retry_policy)
            .field("max_body_size", &self.max_body_size)
            .finish_non_exhaustive()
    }
}

/// Replaces the user information of a URL (`user:password@`) with
/// `<redacted>`, so an endpoint in an error message never shows a password.
fn without_user_info(endpoint: &str) -> String {
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return endpoint.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://<redacted>@{}", &rest[at + 1..]),
        None => endpoint.to_owned(),
    }
}
