//! HTTP header names that Huawei Cloud defines, in lower case as HTTP/2
//! and `reqwest::header::HeaderName` expect them.
//!
//! Header names are case-insensitive on the wire, and the signer writes them
//! in lower case in the canonical request as well.

/// Signing time of an AK/SK-signed request, as `20060102T150405Z` in UTC.
pub const X_SDK_DATE: &str = "x-sdk-date";

/// Project the request acts on, signed with every AK/SK request.
pub const X_PROJECT_ID: &str = "x-project-id";

/// Security token of temporary AK/SK credentials, signed when present.
pub const X_SECURITY_TOKEN: &str = "x-security-token";

/// IAM token that authenticates a request instead of an AK/SK signature.
pub const X_AUTH_TOKEN: &str = "x-auth-token";

/// Request ID that the API gateway assigns to every response, which support
/// asks for.
pub const X_REQUEST_ID: &str = "x-request-id";

/// Header that progenitor adds to every request from the spec's
/// `info.version`. The DWS API defines no such header, so the client
/// removes it before signing.
pub const API_VERSION: &str = "api-version";
