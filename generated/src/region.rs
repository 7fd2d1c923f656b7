//! The regions where DWS has an endpoint, and how a region id becomes an
//! endpoint URL.

use std::fmt;
use std::str::FromStr;

use crate::config::{self, ConfigError};
use crate::env;

/// Domain of most regions.
const DOMAIN_COM: &str = "myhuaweicloud.com";
/// Domain of the regions operated from the `.cn` site.
const DOMAIN_CN: &str = "myhuaweicloud.cn";
/// Domain of the European regions.
const DOMAIN_EU: &str = "myhuaweicloud.eu";

/// A region where DWS has an endpoint, `https://dws.{id}.{domain}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region {
    id: &'static str,
    domain: &'static str,
}

impl Region {
    const fn new(id: &'static str, domain: &'static str) -> Self {
        Self { id, domain }
    }

    /// Looks up a region by its id, such as `cn-north-4`.
    ///
    /// This reads no environment variable, unlike [`resolve_endpoint`],
    /// which also applies the endpoint override.
    ///
    /// # Errors
    ///
    /// [`ConfigError::UnknownRegion`] when `id` is not one of [`REGIONS`].
    pub fn from_id(id: &str) -> Result<Self, ConfigError> {
        REGIONS
            .iter()
            .copied()
            .find(|region| region.id == id)
            .ok_or_else(|| ConfigError::UnknownRegion {
                region: id.to_owned(),
                variable: env::region_endpoint_variable(id),
                endpoint_given: false,
            })
    }

    /// Returns the region id, such as `cn-north-4`.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// Returns the domain of the region's endpoint, such as
    /// `myhuaweicloud.com`.
    pub fn domain(&self) -> &'static str {
        self.domain
    }

    /// Returns the default DWS endpoint of the region, such as
    /// `https://dws.cn-north-4.myhuaweicloud.com`, without a trailing `/`.
    pub fn endpoint(&self) -> String {
        format!("https://dws.{}.{}", self.id, self.domain)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.id)
    }
}

impl FromStr for Region {
    type Err = ConfigError;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Self::from_id(id)
    }
}

/// Every region where DWS has an endpoint, with the domain of that endpoint.
pub const REGIONS: [Region; 31] = [
    Region::new("cn-north-9", DOMAIN_COM),
    Region::new("cn-east-3", DOMAIN_COM),
    Region::new("cn-east-2", DOMAIN_COM),
    Region::new("cn-north-1", DOMAIN_COM),
    Region::new("cn-north-4", DOMAIN_COM),
    Region::new("cn-southwest-2", DOMAIN_COM),
    Region::new("cn-north-2", DOMAIN_COM),
    Region::new("cn-south-1", DOMAIN_COM),
    Region::new("ap-southeast-1", DOMAIN_COM),
    Region::new("ap-southeast-2", DOMAIN_COM),
    Region::new("ap-southeast-3", DOMAIN_COM),
    Region::new("af-south-1", DOMAIN_COM),
    Region::new("la-south-2", DOMAIN_COM),
    Region::new("sa-brazil-1", DOMAIN_COM),
    Region::new("na-mexico-1", DOMAIN_COM),
    Region::new("la-north-2", DOMAIN_COM),
    Region::new("cn-east-5", DOMAIN_COM),
    Region::new("af-north-1", DOMAIN_COM),
    Region::new("ru-moscow-1", DOMAIN_COM),
    Region::new("ae-ad-1", DOMAIN_COM),
    Region::new("my-kualalumpur-1", DOMAIN_COM),
    Region::new("cn-north-11", DOMAIN_COM),
    Region::new("cn-southwest-3", DOMAIN_COM),
    Region::new("ap-southeast-5", DOMAIN_COM),
    Region::new("me-east-1", DOMAIN_COM),
    Region::new("cn-south-4", DOMAIN_CN),
    Region::new("cn-north-12", DOMAIN_CN),
    Region::new("cn-east-4", DOMAIN_CN),
    Region::new("tr-west-1", DOMAIN_CN),
    Region::new("ap-southeast-4", DOMAIN_CN),
    Region::new("eu-west-101", DOMAIN_EU),
];

/// Returns the DWS endpoint of `region`, without a trailing `/`.
///
/// The variable `HUAWEICLOUD_SDK_REGION_DWS_<REGION>` (region id in upper
/// case, `-` replaced by `_`) overrides the endpoint when `lookup` finds it
/// set, also for a region that is not in [`REGIONS`], as the official SDKs
/// do. Otherwise the region must be one of [`REGIONS`].
///
/// # Errors
///
/// [`ConfigError::InvalidValue`] when `region` is not a region id
/// (lower case letters, digits and `-`), [`ConfigError::InvalidEndpoint`]
/// when the override is not an http(s) URL, and
/// [`ConfigError::UnknownRegion`] when there is no override and the region is
/// not known.
pub fn resolve_endpoint(
    region: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ConfigError> {
    check_region_id(region)?;

    let variable = env::region_endpoint_variable(region);
    if let Some(endpoint) = env::non_empty(lookup, &variable) {
        tracing::debug!(
            region,
            variable,
            "DWS endpoint overridden by the environment"
        );
        return config::normalize_endpoint(&endpoint, &format!("environment variable {variable}"));
    }

    Region::from_id(region).map(|known| known.endpoint())
}

fn check_region_id(region: &str) -> Result<(), ConfigError> {
    let well_formed = !region.is_empty()
        && region
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
    if well_formed {
        return Ok(());
    }
    Err(ConfigError::InvalidValue {
        what: "region",
        value: region.to_owned(),
        problem: "it is not a region id",
        expected: "a region id in lower case letters, digits and `-`, such as cn-north-4",
    })
}

/// Returns the known region ids joined by `, `, as error messages list them.
pub(crate) fn known_ids() -> String {
    let ids: Vec<&str> = REGIONS.iter().map(Region::id).collect();
    ids.join(", ")
}
