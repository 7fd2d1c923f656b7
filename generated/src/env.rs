//! Environment variables that the official Huawei Cloud SDKs read, and the
//! lookup function that reads them.
//!
//! Every reader takes the lookup as a parameter, so tests and programs that
//! keep settings elsewhere can pass a map instead of the process environment.

use std::sync::Arc;

/// Access key ID (AK) of an IAM user.
pub const ACCESS_KEY: &str = "HUAWEICLOUD_SDK_AK";

/// Secret access key (SK) that belongs to the access key ID.
pub const SECRET_KEY: &str = "HUAWEICLOUD_SDK_SK";

/// Security token of temporary credentials, unset for permanent ones.
pub const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";

/// Project ID in the target region.
pub const PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";

/// Prefix of the variable that overrides the DWS endpoint of one region.
/// The region id follows in upper case with `-` replaced by `_`, as in
/// `HUAWEICLOUD_SDK_REGION_DWS_CN_NORTH_4`.
pub const REGION_ENDPOINT_PREFIX: &str = "HUAWEICLOUD_SDK_REGION_DWS_";

/// Function that returns the value of an environment variable, or `None`
/// when it is not set.
pub type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Returns a lookup that reads the process environment.
///
/// A variable that is not valid Unicode counts as not set.
pub fn process_env() -> EnvLookup {
    Arc::new(|name| std::env::var(name).ok())
}

/// Returns a lookup that reads `pairs` instead of the process environment.
pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> EnvLookup
where
    K: Into<String>,
    V: Into<String>,
{
    let map: std::collections::HashMap<String, String> = pairs
        .into_iter()
        .map(|(name, value)| (name.into(), value.into()))
        .collect();
    Arc::new(move |name| map.get(name).cloned())
}

/// Returns the value of `name`, or `None` when it is unset or empty.
///
/// An empty value counts as unset, as `HUAWEICLOUD_SDK_SK=` in a shell
/// script usually means "not configured".
pub(crate) fn non_empty(lookup: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    lookup(name).filter(|value| !value.is_empty())
}

/// Returns the name of the variable that overrides the endpoint of
/// `region`, such as `HUAWEICLOUD_SDK_REGION_DWS_CN_NORTH_4`.
pub fn region_endpoint_variable(region: &str) -> String {
    format!(
        "{REGION_ENDPOINT_PREFIX}{}",
        region.to_ascii_uppercase().replace('-', "_")
    )
}

/// Returns what the variable `name` holds, as error messages describe it:
/// `the access key ID (AK)` for [`ACCESS_KEY`], and `a setting` for a name
/// that this module does not define.
pub fn describe(name: &str) -> &'static str {
    match name {
        ACCESS_KEY => "the access key ID (AK)",
        SECRET_KEY => "the secret access key (SK)",
        SECURITY_TOKEN => "the security token of temporary credentials",
        PROJECT_ID => "the project ID in the target region",
        _ => "a setting",
    }
}
