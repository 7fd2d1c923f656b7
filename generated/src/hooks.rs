//! The `ClientHooks` implementation that the generated client requires: it
//! authenticates every request before it is sent.

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};

use crate::Client;
use crate::auth::Authenticator;

impl ClientHooks<Authenticator> for Client {
    /// Signs `request`, or adds its `X-Auth-Token`, with the client's
    /// credentials and a fresh `X-Sdk-Date`.
    ///
    /// `exec` keeps its default, one attempt per request. A hook that
    /// retries must call [`Authenticator::authenticate`] again before each
    /// attempt, so every attempt carries its own signing time.
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        self.inner().authenticate(request).map_err(|error| {
            tracing::warn!(operation = info.operation_id, %error, "cannot authenticate request");
            Error::Custom(error.to_string())
        })
    }
}
