//! Secrets that the tests search for in `Debug` and `Display` output, error
//! messages and log events, and the credentials made of them.

use dws_client::Credentials;

use crate::clients::ACCESS_KEY;

/// Secret key of [`every_kind_of_credentials`].
pub const SECRET_KEY: &str = "sk-9f8e7d6c5b4a-SECRET-KEY";

/// Security token of [`every_kind_of_credentials`].
pub const SECURITY_TOKEN: &str = "st-1a2b3c4d5e6f-SECURITY-TOKEN";

/// IAM token of [`every_kind_of_credentials`].
pub const IAM_TOKEN: &str = "iam-0f1e2d3c4b5a-IAM-TOKEN";

/// Every secret above. Each is long and distinctive, so finding one in some
/// output is never a coincidence.
pub const SECRETS: [&str; 3] = [SECRET_KEY, SECURITY_TOKEN, IAM_TOKEN];

/// Returns permanent, temporary and IAM token credentials made of
/// [`SECRETS`].
///
/// # Panics
///
/// Panics when the client rejects them, which no test expects.
pub fn every_kind_of_credentials() -> [Credentials; 3] {
    [
        Credentials::permanent(ACCESS_KEY, SECRET_KEY).expect("valid credentials"),
        Credentials::temporary(ACCESS_KEY, SECRET_KEY, SECURITY_TOKEN).expect("valid credentials"),
        Credentials::iam_token(IAM_TOKEN).expect("valid token"),
    ]
}

/// Asserts that `text` shows none of [`SECRETS`]; `label` names where the
/// text came from.
///
/// # Panics
///
/// Panics with the secret and the text when one shows.
pub fn assert_no_secret(label: &str, text: &str) {
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{label} shows the secret {secret:?}: {text}"
        );
    }
}
