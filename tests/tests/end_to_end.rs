//! The generated client against a real HTTP server on 127.0.0.1.

use dws_client::auth::Authenticator;
use dws_client::types::{ErrorBody, ListDisasterRecoverResponse};
use dws_client::{Client, ClientError, Credentials, ProjectId};
use dws_tests::read_fixture;
use dws_tests::server::{CannedResponse, LoopbackServer};

const PROJECT_ID: &str = "0536cdee2200d5912f7cc00b877980f1";

/// Creates the generated client with permanent credentials; this server
/// does not check them.
fn generated_client(server: &LoopbackServer) -> Client {
    client_for(&server.base_url())
}

fn client_for(base_url: &str) -> Client {
    let credentials = Credentials::permanent("HPUAEXAMPLEACCESSKEY", "example-secret")
        .expect("valid credentials");
    let project_id = ProjectId::new(PROJECT_ID).expect("valid project ID");
    Client::new(base_url, Authenticator::new(credentials, project_id))
}

async fn example_server() -> LoopbackServer {
    let body = read_fixture("example_response.json");
    LoopbackServer::start(move |_| CannedResponse::json(200, body.clone())).await
}

#[tokio::test]
async fn list_sends_documented_request() {
    let server = example_server().await;
    let client = generated_client(&server);

    client
        .list_disaster_recover()
        .project_id(PROJECT_ID)
        .send()
        .await
        .expect("the call succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].path(),
        format!("/v2/{PROJECT_ID}/disaster-recoveries")
    );
    assert_eq!(requests[0].query(), "");
    assert_eq!(requests[0].header("accept"), Some("application/json"));
}

#[tokio::test]
async fn list_decodes_documented_example() {
    let server = example_server().await;
    let client = generated_client(&server);

    let response = client
        .list_disaster_recover()
        .project_id(PROJECT_ID)
        .send()
        .await
        .expect("the call succeeds");
    let expected: ListDisasterRecoverResponse =
        serde_json::from_str(&read_fixture("example_response.json")).expect("example decodes");

    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner(), expected);
}

#[tokio::test]
async fn list_sends_query_filters() {
    let server = example_server().await;
    let client = generated_client(&server);

    client
        .list_disaster_recover()
        .project_id(PROJECT_ID)
        .primary_cluster_id("f6dc1f82-8d66-4750-a5d2-569d3f72cf61")
        .standby_cluster_id("fb34f3f3 f86a/446b")
        .id("9956ee8a-2f5b-4d76-8c18-4115e2393433")
        .send()
        .await
        .expect("the call succeeds");

    let requests = server.requests();
    let mut pairs: Vec<&str> = requests[0].query().split('&').collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        [
            "id=9956ee8a-2f5b-4d76-8c18-4115e2393433",
            "primary_cluster_id=f6dc1f82-8d66-4750-a5d2-569d3f72cf61",
            "standby_cluster_id=fb34f3f3+f86a%2F446b",
        ]
    );
}

/// Progenitor percent-encodes the path parameter, and the project check
/// compares the decoded value, so the message shows the ID as given.
#[tokio::test]
async fn encoded_project_id_is_checked_decoded() {
    let server = example_server().await;
    let client = generated_client(&server);

    let error = client
        .list_disaster_recover()
        .project_id("a/b c")
        .send()
        .await
        .expect_err("the path names another project");

    let ClientError::Custom(message) = &error else {
        panic!("expected the pre hook's error, got {error:?}");
    };
    assert!(
        message
            .starts_with("cannot send a request for project \"a/b c\" with a client for project"),
        "{message}"
    );
    assert_eq!(server.requests(), Vec::new(), "nothing is sent");
}

/// A base URL ending in `/` gives `//v2/...`, which still names a project.
#[tokio::test]
async fn double_slash_path_is_checked() {
    let server = example_server().await;
    let client = client_for(&format!("{}/", server.base_url()));

    let error = client
        .list_disaster_recover()
        .project_id("other")
        .send()
        .await
        .expect_err("the path names another project");

    assert!(matches!(error, ClientError::Custom(_)), "{error:?}");
    assert_eq!(server.requests(), Vec::new(), "nothing is sent");
}

#[tokio::test]
async fn documented_error_status_decodes_body() {
    let body = r#"{"error_code": "DWS.0001", "error_msg": "No resources found."}"#;
    let server = LoopbackServer::start(move |_| CannedResponse::json(404, body)).await;
    let client = generated_client(&server);

    let error = client
        .list_disaster_recover()
        .project_id(PROJECT_ID)
        .send()
        .await
        .expect_err("404 is an error");

    let ClientError::ErrorResponse(response) = error else {
        panic!("expected an ErrorResponse, got {error:?}");
    };
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.into_inner(),
        ErrorBody {
            error_code: "DWS.0001".to_owned(),
            error_msg: "No resources found.".to_owned(),
            request_id: None,
        }
    );
}
