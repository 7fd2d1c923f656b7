//! The `ClientHooks` implementation that the generated client requires: it
//! authenticates every request before it is sent.

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};

use crate::Client;
use crate::auth::Authenticator;

impl ClientHooks<Authenticator> for Client {
    /// Authenticates `request` with the client's credentials: an AK/SK
    /// signature with a fresh `X-Sdk-Date`, or the IAM token as
    /// `X-Auth-Token`.
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
            tracing::debug!(operation = info.operation_id, %error, "request authentication failed");
            Error::Custom(error.to_string())
        })
    }
}
