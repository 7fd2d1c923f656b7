//! The account and the client builder that the end-to-end tests share, and
//! a gateway stand-in in front of canned responses.

use dws_client::types::ListDisasterRecoverResponse;
use dws_client::{Credentials, DwsClient, DwsClientBuilder, Error, ResponseValue};

use crate::gateway::{Accounts, Gateway};
use crate::read_fixture;
use crate::server::{CannedResponse, LoopbackServer, in_order};

/// Project ID of every test client, the one the API page shows.
pub const PROJECT_ID: &str = "0536cdee2200d5912f7cc00b877980f1";

/// Access key ID of every test account.
pub const ACCESS_KEY: &str = "HPUAEXAMPLEACCESSKEY";

/// Secret key of [`permanent`] credentials.
pub const SECRET_KEY: &str = "example-secret-key";

/// Returns permanent credentials of [`ACCESS_KEY`] and [`SECRET_KEY`].
///
/// # Panics
///
/// Panics when the client rejects them, which no test expects.
pub fn permanent() -> Credentials {
    Credentials::permanent(ACCESS_KEY, SECRET_KEY).expect("valid credentials")
}

/// Returns a builder that calls `endpoint` for [`PROJECT_ID`] with
/// `credentials` and otherwise the defaults.
pub fn builder(endpoint: impl Into<String>, credentials: Credentials) -> DwsClientBuilder {
    DwsClient::builder()
        .endpoint(endpoint)
        .credentials(credentials)
        .project_id(PROJECT_ID)
}

/// Creates a client with `builder` and lists the relationships once.
///
/// # Panics
///
/// Panics when the builder rejects its configuration.
pub async fn list_with(
    builder: DwsClientBuilder,
) -> Result<ResponseValue<ListDisasterRecoverResponse>, Error> {
    builder
        .build()
        .expect("the client builds")
        .list_disaster_recoveries()
        .send()
        .await
}

/// Returns a 200 response with the documented example list.
pub fn example_response() -> CannedResponse {
    CannedResponse::json(200, read_fixture("example_response.json"))
}

/// Starts a gateway that accepts `accounts` in front of a backend that sends
/// `responses` in order and repeats the last one.
pub async fn start_gateway(
    accounts: Accounts,
    responses: Vec<CannedResponse>,
) -> (Gateway, LoopbackServer) {
    let gateway = Gateway::new(accounts);
    let server = LoopbackServer::start(gateway.handler(in_order(responses))).await;
    (gateway, server)
}
