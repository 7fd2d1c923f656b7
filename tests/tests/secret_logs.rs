//! No secret key, security token or IAM token appears in a log event.
//!
//! This is the only test of its binary: `tracing` caches per call site
//! whether any subscriber wants its events, and a test without a subscriber
//! running in parallel could make that cache skip the capturing one.

use dws_client::{Credentials, DwsClient, DwsClientBuilder};
use dws_tests::gateway::{Accounts, Gateway};
use dws_tests::logs::CapturedLogs;
use dws_tests::server::{CannedResponse, LoopbackServer};

const PROJECT_ID: &str = "0536cdee2200d5912f7cc00b877980f1";
const ACCESS_KEY: &str = "HPUAEXAMPLEACCESSKEY";
const SECRET_KEY: &str = "sk-9f8e7d6c5b4a-SECRET-KEY";
const SECURITY_TOKEN: &str = "st-1a2b3c4d5e6f-SECURITY-TOKEN";
const IAM_TOKEN: &str = "iam-0f1e2d3c4b5a-IAM-TOKEN";
const SECRETS: [&str; 3] = [SECRET_KEY, SECURITY_TOKEN, IAM_TOKEN];

fn all_credentials() -> [Credentials; 3] {
    [
        Credentials::permanent(ACCESS_KEY, SECRET_KEY).expect("valid credentials"),
        Credentials::temporary(ACCESS_KEY, SECRET_KEY, SECURITY_TOKEN).expect("valid credentials"),
        Credentials::iam_token(IAM_TOKEN).expect("valid token"),
    ]
}

fn builder(credentials: Credentials) -> DwsClientBuilder {
    DwsClient::builder()
        .region("cn-north-4")
        .credentials(credentials)
        .project_id(PROJECT_ID)
}

#[test]
fn log_events_hide_secrets() {
    let captured = CapturedLogs::new();

    tracing::subscriber::with_default(captured.subscriber(), || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime builds");
        runtime.block_on(call_with_every_kind());
    });

    let logs = captured.text();
    assert!(
        logs.contains("created DWS client"),
        "client creation is logged: {logs}"
    );
    assert!(logs.contains("signed request"), "signing is logged: {logs}");
    for secret in SECRETS {
        assert!(
            !logs.contains(secret),
            "a log event shows {secret:?}: {logs}"
        );
    }
}

/// Calls a gateway that accepts every kind of credentials once with each.
async fn call_with_every_kind() {
    let accounts = Accounts::default()
        .with_key(ACCESS_KEY, SECRET_KEY)
        .with_token(IAM_TOKEN);
    let gateway = Gateway::new(accounts);
    let server = LoopbackServer::start(gateway.handler(|_| CannedResponse::json(200, "{}"))).await;

    for credentials in all_credentials() {
        builder(credentials)
            .endpoint(server.base_url())
            .build()
            .expect("the client builds")
            .list_disaster_recoveries()
            .send()
            .await
            .expect("the gateway accepts the call");
    }
}
