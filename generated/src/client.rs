//! [`DwsClient`], the entry point that most programs use.

use crate::call;
use crate::config::{DwsClientBuilder, ProjectId};
use crate::credentials::Credentials;
use crate::error::Error;
use crate::types::ListDisasterRecoverResponse;
use crate::{Client, ClientInfo, ResponseValue, builder};

/// Operation ID of the list call in the spec, as log events name it.
const OPERATION_ID: &str = "list_disaster_recover";

/// Client of the GaussDB(DWS) API for one project in one region.
///
/// It wraps the generated [`Client`], fills the project ID of every call
/// and authenticates every request. Create one with [`DwsClient::builder`]
/// or [`DwsClientBuilder::from_env`]. Cloning is cheap and shares the
/// connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), dws_client::Error> {
/// let client = dws_client::DwsClientBuilder::from_env()
///     .region("cn-north-4")
///     .build()?;
/// let response = client.list_disaster_recoveries().send().await?;
/// for dr in response.into_inner().disaster_recovery.unwrap_or_default() {
///     println!("{:?} {:?}", dr.name, dr.status);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct DwsClient {
    client: Client,
    project_id: ProjectId,
}

impl DwsClient {
    /// Creates an empty builder.
    pub fn builder() -> DwsClientBuilder {
        DwsClientBuilder::new()
    }

    pub(crate) fn from_parts(client: Client, project_id: ProjectId) -> Self {
        Self { client, project_id }
    }

    /// Returns the generated client, for operations this type does not wrap.
    /// It authenticates its requests the same way, for this client's project
    /// only: a call whose path names another project ID fails before it is
    /// sent with [`crate::ClientError::Custom`] naming both IDs.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Returns the credentials that authenticate every call.
    pub fn credentials(&self) -> &Credentials {
        self.client.inner().credentials()
    }

    /// Returns the project ID that every call uses.
    pub fn project_id(&self) -> &ProjectId {
        &self.project_id
    }

    /// Returns the endpoint URL, without a trailing `/`.
    pub fn endpoint(&self) -> &str {
        self.client.baseurl()
    }

    /// Lists the disaster recovery relationships of the project
    /// (`GET /v2/{project_id}/disaster-recoveries`). The filters are
    /// optional; call [`ListDisasterRecoveries::send`] to send the request.
    pub fn list_disaster_recoveries(&self) -> ListDisasterRecoveries<'_> {
        ListDisasterRecoveries {
            inner: self
                .client
                .list_disaster_recover()
                .project_id(self.project_id.as_str()),
        }
    }
}

/// Request builder of [`DwsClient::list_disaster_recoveries`].
#[derive(Debug, Clone)]
#[must_use = "the request is sent only by `send`"]
pub struct ListDisasterRecoveries<'a> {
    inner: builder::ListDisasterRecover<'a>,
}

impl ListDisasterRecoveries<'_> {
    /// Returns only the relationships whose primary cluster has this ID.
    pub fn primary_cluster_id(self, id: impl Into<String>) -> Self {
        Self {
            inner: self.inner.primary_cluster_id(id.into()),
        }
    }

    /// Returns only the relationships whose standby cluster has this ID.
    pub fn standby_cluster_id(self, id: impl Into<String>) -> Self {
        Self {
            inner: self.inner.standby_cluster_id(id.into()),
        }
    }

    /// Returns only the relationship with this ID.
    pub fn id(self, id: impl Into<String>) -> Self {
        Self {
            inner: self.inner.id(id.into()),
        }
    }

    /// Sends the request and decodes the list, retrying as the client's
    /// [`crate::RetryPolicy`] allows.
    ///
    /// # Errors
    ///
    /// Every failure is an [`Error`]: [`Error::Api`] for an error status
    /// with a JSON error body, [`Error::InvalidResponse`] for a body that is
    /// not the documented JSON or an undocumented status,
    /// [`Error::BodyTooLarge`], [`Error::Timeout`], [`Error::Connect`],
    /// [`Error::Signing`], and [`Error::Request`] for any other failure to
    /// send the request. Errors from a response carry its status and
    /// `X-Request-Id`.
    pub async fn send(self) -> Result<ResponseValue<ListDisasterRecoverResponse>, Error> {
        let (result, record) = call::record_call(self.inner.send()).await;
        let error = match result {
            Ok(response) => return Ok(response),
            Err(error) => error,
        };

        let failure_logged = record.failure_logged;
        let result = call::finish_call(error, record);
        if let Err(error) = &result
            && !failure_logged
        {
            tracing::warn!(
                operation = OPERATION_ID,
                status = error.status().map(|status| status.as_u16()),
                request_id = error.request_id(),
                %error,
                "DWS request failed"
            );
        }
        result
    }
}
