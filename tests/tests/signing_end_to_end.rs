//! Signed requests against a gateway on 127.0.0.1 that recomputes the
//! signature from the bytes it received.

use std::time::Duration;

use dws_client::auth::Authenticator;
use dws_client::signing::{SdkDate, SigningError};
use dws_client::types::ListDisasterRecoverResponse;
use dws_client::{
    ClientError, Credentials, DwsClient, DwsClientBuilder, Error, ProjectId, RetryPolicy,
};
use dws_tests::clients::{
    ACCESS_KEY, PROJECT_ID, builder, example_response, list_with, start_gateway,
};
use dws_tests::gateway::{Accounts, Gateway, REJECTED_CODE, REQUEST_ID, Rejection};
use dws_tests::read_fixture;
use dws_tests::server::{CannedResponse, LoopbackServer, RecordedRequest};

/// Secret key with `/` and `+`, which the signature must not encode.
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SECURITY_TOKEN: &str = "gQpjbi1ub3J0aC00EXAMPLETOKEN";
const IAM_TOKEN: &str = "MIIEXAMPLEIAMTOKEN-project-scoped";

fn permanent() -> Credentials {
    Credentials::permanent(ACCESS_KEY, SECRET_KEY).expect("valid credentials")
}

fn temporary() -> Credentials {
    Credentials::temporary(ACCESS_KEY, SECRET_KEY, SECURITY_TOKEN).expect("valid credentials")
}

/// A gateway that checks every signature and token, in front of a backend
/// that returns the documented example list.
struct Setup {
    gateway: Gateway,
    server: LoopbackServer,
}

impl Setup {
    async fn start() -> Self {
        let accounts = Accounts::default()
            .with_key(ACCESS_KEY, SECRET_KEY)
            .with_token(IAM_TOKEN);
        let (gateway, server) = start_gateway(accounts, vec![example_response()]).await;
        Self { gateway, server }
    }

    /// Returns a builder for this gateway's endpoint with `credentials`.
    fn builder(&self, credentials: Credentials) -> DwsClientBuilder {
        builder(self.server.base_url(), credentials)
    }

    /// Returns a client for this gateway with [`permanent`] credentials.
    fn client(&self) -> DwsClient {
        self.builder(permanent())
            .build()
            .expect("the client builds")
    }

    /// Returns the only request that arrived, after checking that the
    /// gateway accepted it.
    fn accepted_request(&self) -> RecordedRequest {
        assert_eq!(
            self.gateway.rejections(),
            Vec::new(),
            "the gateway accepts every request"
        );
        let requests = self.server.requests();
        assert_eq!(requests.len(), 1, "exactly one request arrives");
        requests.into_iter().next().expect("one request")
    }
}

/// Lists once through the gateway's URL followed by `suffix`, and returns
/// the path of the request that the gateway accepted.
async fn accepted_path(suffix: &str) -> String {
    let setup = Setup::start().await;
    let endpoint = format!("{}{suffix}", setup.server.base_url());

    list_with(builder(endpoint, permanent()))
        .await
        .expect("the gateway accepts the signature");

    setup.accepted_request().path().to_owned()
}

fn signed_headers(request: &RecordedRequest) -> String {
    let authorization = request.header("authorization").unwrap_or_default();
    authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("SignedHeaders="))
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn permanent_credentials_are_accepted() {
    let setup = Setup::start().await;

    let response = list_with(setup.builder(permanent()))
        .await
        .expect("the gateway accepts the signature");

    assert_eq!(response.status(), 200);
    let request = setup.accepted_request();
    assert_eq!(signed_headers(&request), "host;x-project-id;x-sdk-date");
    assert_eq!(request.header("x-project-id"), Some(PROJECT_ID));
    assert_eq!(request.header("x-security-token"), None);
}

#[tokio::test]
async fn temporary_credentials_are_accepted() {
    let setup = Setup::start().await;

    list_with(setup.builder(temporary()))
        .await
        .expect("the gateway accepts the signature");

    let request = setup.accepted_request();
    assert_eq!(
        signed_headers(&request),
        "host;x-project-id;x-sdk-date;x-security-token"
    );
    assert_eq!(request.header("x-security-token"), Some(SECURITY_TOKEN));
}

#[tokio::test]
async fn wrong_secret_key_is_rejected() {
    let setup = Setup::start().await;
    let credentials = Credentials::permanent(ACCESS_KEY, "not-the-secret-key").expect("valid");

    let error = list_with(setup.builder(credentials))
        .await
        .expect_err("the gateway rejects the signature");

    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status, 401);
    assert_eq!(api.request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(api.error_code, REJECTED_CODE);
    assert_eq!(api.gateway_request_id.as_deref(), Some(REQUEST_ID));
    assert!(
        matches!(
            setup.gateway.rejections().as_slice(),
            [Rejection::SignatureMismatch { .. }]
        ),
        "the gateway saw a signature mismatch: {:?}",
        setup.gateway.rejections()
    );
}

#[tokio::test]
async fn iam_token_is_sent_unsigned() {
    let setup = Setup::start().await;
    let credentials = Credentials::iam_token(IAM_TOKEN).expect("valid token");

    list_with(setup.builder(credentials))
        .await
        .expect("the gateway accepts the token");

    let request = setup.accepted_request();
    assert_eq!(request.header("x-auth-token"), Some(IAM_TOKEN));
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.header("x-sdk-date"), None);
}

#[tokio::test]
async fn unknown_iam_token_is_rejected() {
    let setup = Setup::start().await;
    let credentials = Credentials::iam_token("expired-token").expect("valid token");

    let error = list_with(setup.builder(credentials))
        .await
        .expect_err("the gateway rejects the token");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(setup.gateway.rejections(), vec![Rejection::UnknownToken]);
}

#[tokio::test]
async fn filters_are_signed() {
    let setup = Setup::start().await;
    let client = setup.client();

    client
        .list_disaster_recoveries()
        .primary_cluster_id("f6dc1f82-8d66-4750-a5d2-569d3f72cf61")
        .standby_cluster_id("fb34f3f3 f86a/446b+x")
        .id("9956ee8a-2f5b-4d76-8c18-4115e2393433")
        .send()
        .await
        .expect("the gateway accepts the signature");

    let request = setup.accepted_request();
    assert!(
        request
            .query()
            .contains("standby_cluster_id=fb34f3f3+f86a%2F446b%2Bx"),
        "the filter is on the request line: {}",
        request.query()
    );
}

#[tokio::test]
async fn host_with_port_is_signed() {
    let setup = Setup::start().await;

    list_with(setup.builder(permanent()))
        .await
        .expect("the call succeeds");

    let authority = setup.server.base_url().replace("http://", "");
    assert_eq!(
        setup.accepted_request().header("host"),
        Some(authority.as_str())
    );
}

#[tokio::test]
async fn project_id_fills_path() {
    let setup = Setup::start().await;

    list_with(setup.builder(permanent()))
        .await
        .expect("the call succeeds");

    assert_eq!(
        setup.accepted_request().path(),
        format!("/v2/{PROJECT_ID}/disaster-recoveries")
    );
}

#[tokio::test]
async fn documented_example_decodes() {
    let setup = Setup::start().await;

    let response = list_with(setup.builder(permanent()))
        .await
        .expect("the call succeeds");

    let expected: ListDisasterRecoverResponse =
        serde_json::from_str(&read_fixture("example_response.json")).expect("example decodes");
    assert_eq!(response.into_inner(), expected);
}

#[tokio::test]
async fn endpoint_trailing_slash_is_dropped() {
    assert_eq!(
        accepted_path("/").await,
        format!("/v2/{PROJECT_ID}/disaster-recoveries")
    );
}

#[tokio::test]
async fn endpoint_path_stem_is_signed() {
    assert_eq!(
        accepted_path("/gateway/dws/").await,
        format!("/gateway/dws/v2/{PROJECT_ID}/disaster-recoveries")
    );
}

#[tokio::test]
async fn generated_client_is_signed() {
    let setup = Setup::start().await;
    let dws = setup.client();

    dws.client()
        .list_disaster_recover()
        .project_id(PROJECT_ID)
        .send()
        .await
        .expect("the gateway accepts the signature");

    setup.accepted_request();
}

#[tokio::test]
async fn generated_client_rejects_other_project() {
    let setup = Setup::start().await;
    let dws = setup.client();

    let error = dws
        .client()
        .list_disaster_recover()
        .project_id("other")
        .send()
        .await
        .expect_err("the path names another project");

    let ClientError::Custom(message) = &error else {
        panic!("expected the pre hook's error, got {error:?}");
    };
    assert_eq!(
        message,
        &format!(
            "cannot send a request for project \"other\" with a client for project \"{PROJECT_ID}\": the client signs that project's ID as X-Project-Id, and the gateway rejects a path that names another one. Build a client for that project with DwsClientBuilder::project_id(\"other\")"
        )
    );
    assert_eq!(setup.server.requests(), Vec::new(), "nothing is sent");
}

/// The stem's `/v1/proxy` looks like a version and a project ID, but only
/// the path after the endpoint's own path is checked.
#[tokio::test]
async fn path_stem_is_not_project_id() {
    assert_eq!(
        accepted_path("/v1/proxy").await,
        format!("/v1/proxy/v2/{PROJECT_ID}/disaster-recoveries")
    );
}

#[tokio::test]
async fn api_version_header_is_not_sent() {
    let setup = Setup::start().await;
    let dws = setup.client();

    dws.list_disaster_recoveries()
        .send()
        .await
        .expect("the wrapped call succeeds");
    dws.client()
        .list_disaster_recover()
        .project_id(PROJECT_ID)
        .send()
        .await
        .expect("the generated call succeeds");

    let requests = setup.server.requests();
    assert_eq!(requests.len(), 2);
    for request in requests {
        assert_eq!(request.header("api-version"), None, "{}", request.target);
    }
}

#[tokio::test]
async fn user_agent_names_crate() {
    let setup = Setup::start().await;

    list_with(setup.builder(permanent()))
        .await
        .expect("the call succeeds");

    let expected = format!("dws-client/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        setup.accepted_request().header("user-agent"),
        Some(expected.as_str())
    );
}

#[tokio::test]
async fn caller_http_client_is_used() {
    let setup = Setup::start().await;
    let http_client = reqwest::Client::builder()
        .user_agent("caller-agent/1.0")
        .build()
        .expect("reqwest client builds");

    list_with(setup.builder(permanent()).http_client(http_client))
        .await
        .expect("the gateway accepts the signature");

    assert_eq!(
        setup.accepted_request().header("user-agent"),
        Some("caller-agent/1.0")
    );
}

#[tokio::test]
async fn total_timeout_ends_slow_call() {
    let server = LoopbackServer::start(|_| {
        CannedResponse::json(200, "{}").with_delay(Duration::from_secs(5))
    })
    .await;
    let builder = builder(server.base_url(), permanent())
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::disabled());

    let error = list_with(builder).await.expect_err("the call times out");

    assert!(
        matches!(error, Error::Timeout { status: None, .. }),
        "expected a timeout before the response head, got {error:?}"
    );
}

/// Re-signs one request as a retry would: the stale signature is rejected,
/// the fresh one accepted, and each header keeps a single value.
#[tokio::test]
async fn each_attempt_is_signed_afresh() {
    let Setup { gateway, server } = Setup::start().await;
    let authenticator = authenticator(temporary());
    let http = reqwest::Client::new();
    let mut request = http
        .get(format!(
            "{}/v2/{PROJECT_ID}/disaster-recoveries",
            server.base_url()
        ))
        .build()
        .expect("request builds");
    let stale = SdkDate::parse("20060102T150405Z").expect("date parses");

    authenticator
        .authenticate_at(&mut request, stale)
        .expect("first attempt signs");
    let first = http
        .execute(
            request
                .try_clone()
                .expect("request without a stream body clones"),
        )
        .await
        .expect("first attempt gets a response");
    authenticator
        .authenticate(&mut request)
        .expect("second attempt signs");
    let second = http
        .execute(request)
        .await
        .expect("second attempt gets a response");

    assert_eq!(first.status(), 401);
    assert_eq!(second.status(), 200);
    assert!(
        matches!(gateway.rejections().as_slice(), [Rejection::Expired(_)]),
        "only the stale attempt is rejected: {:?}",
        gateway.rejections()
    );
    let retried = &server.requests()[1];
    for name in [
        "authorization",
        "x-sdk-date",
        "x-project-id",
        "x-security-token",
    ] {
        let count = retried
            .headers
            .iter()
            .filter(|(header, _)| header == name)
            .count();
        assert_eq!(count, 1, "{name} is sent once");
    }
}

fn authenticator(credentials: Credentials) -> Authenticator {
    Authenticator::new(credentials, ProjectId::new(PROJECT_ID).expect("valid ID"))
}

#[tokio::test]
async fn request_body_is_signed() {
    let Setup { gateway, server } = Setup::start().await;
    let http = reqwest::Client::new();
    let mut request = http
        .post(format!("{}/v2/{PROJECT_ID}/resources", server.base_url()))
        .body(r#"{"name":"test","id":1}"#)
        .build()
        .expect("request builds");

    authenticator(permanent())
        .authenticate(&mut request)
        .expect("request signs");
    let response = http.execute(request).await.expect("the gateway responds");

    assert_eq!(response.status(), 200);
    assert_eq!(gateway.rejections(), Vec::new());
}

#[test]
fn streaming_body_is_rejected() {
    let chunks = futures::stream::iter([Ok::<_, std::io::Error>("chunk")]);
    let mut request = reqwest::Client::new()
        .post("https://dws.cn-north-4.myhuaweicloud.com/v2/p/resources")
        .body(reqwest::Body::wrap_stream(chunks))
        .build()
        .expect("request builds");

    let error = authenticator(permanent())
        .authenticate(&mut request)
        .expect_err("a stream cannot be hashed in advance");

    assert!(
        matches!(error, SigningError::StreamingBody { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "cannot sign a POST request to `https://dws.cn-north-4.myhuaweicloud.com/v2/p/resources` with a streaming body: SDK-HMAC-SHA256 hashes the whole body, so pass the body as bytes"
    );
    assert!(
        request.headers().is_empty(),
        "a failed signature leaves the headers alone: {:?}",
        request.headers()
    );
}
