//! The `ClientHooks` implementation that the generated client requires: it
//! authenticates every request, then sends it with retries and a bounded
//! body read.

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};

use crate::Client;
use crate::auth::Authenticator;
use crate::call::update_record;
use crate::headers::API_VERSION;
use crate::transport;

impl ClientHooks<Authenticator> for Client {
    /// Removes the `api-version` header, checks that the path names the
    /// client's project, and authenticates `request` with the client's
    /// credentials: an AK/SK signature with a fresh `X-Sdk-Date`, or the IAM
    /// token as `X-Auth-Token`.
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        // DWS defines no `api-version` header and the official SDKs send none.
        request.headers_mut().remove(API_VERSION);

        let authenticator = self.inner();
        let authenticated = authenticator
            .check_path_project(request.url(), self.baseurl())
            .and_then(|()| authenticator.authenticate(request));
        authenticated.map_err(|error| {
            tracing::warn!(operation = info.operation_id, %error, "cannot sign DWS request");
            let message = error.to_string();
            update_record(|record| {
                record.signing_error = Some(error);
                record.failure_logged = true;
            });
            Error::Custom(message)
        })
    }

    /// Sends `request` with the retries of the authenticator's
    /// [`crate::RetryPolicy`], authenticating each retry afresh, and reads
    /// each body up to the authenticator's size limit.
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        transport::execute(self.client(), self.inner(), request, info).await
    }
}
