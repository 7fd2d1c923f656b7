//! Error of the calls that [`crate::DwsClient`] makes.

use crate::ClientError;
use crate::config::ConfigError;
use crate::types::ErrorBody;

/// Error of a [`crate::DwsClient`] call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Invalid or missing configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),

    /// The request failed, or the service answered with an error status.
    #[error(transparent)]
    Request(#[from] ClientError<ErrorBody>),
}
