//! [`DwsClient`], the entry point that most programs use.

use crate::config::{DwsClientBuilder, ProjectId};
use crate::credentials::Credentials;
use crate::error::Error;
use crate::types::ListDisasterRecoverResponse;
use crate::{Client, ClientInfo, ResponseValue, builder};

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
    /// It authenticates its requests the same way.
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

    /// Sends the request and decodes the list.
    ///
    /// # Errors
    ///
    /// [`Error::Request`] when the request cannot be sent or authenticated,
    /// when the service returns an error status (the documented error
    /// body is in `ClientError::ErrorResponse`), or when the body is not
    /// the documented JSON.
    pub async fn send(self) -> Result<ResponseValue<ListDisasterRecoverResponse>, Error> {
        Ok(self.inner.send().await?)
    }
}
