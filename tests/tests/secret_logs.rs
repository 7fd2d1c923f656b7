//! No secret key, security token or IAM token appears in a log event.
//!
//! This is the only test of its binary: `tracing` caches per call site
//! whether any subscriber wants its events, and a test without a subscriber
//! running in parallel could make that cache skip the capturing one.

use dws_tests::clients::{ACCESS_KEY, builder, start_gateway};
use dws_tests::gateway::Accounts;
use dws_tests::logs::CapturedLogs;
use dws_tests::secrets::{IAM_TOKEN, SECRET_KEY, assert_no_secret, every_kind_of_credentials};
use dws_tests::server::CannedResponse;

#[test]
fn log_events_hide_secrets() {
    let captured = CapturedLogs::new();

    captured.run(call_with_every_kind());

    let logs = captured.text();
    assert!(
        logs.contains("created DWS client"),
        "client creation is logged: {logs}"
    );
    assert!(logs.contains("signed request"), "signing is logged: {logs}");
    assert_no_secret("a log event", &logs);
}

/// Calls a gateway that accepts every kind of credentials once with each.
async fn call_with_every_kind() {
    let accounts = Accounts::default()
        .with_key(ACCESS_KEY, SECRET_KEY)
        .with_token(IAM_TOKEN);
    let (_gateway, server) = start_gateway(accounts, vec![CannedResponse::json(200, "{}")]).await;

    for credentials in every_kind_of_credentials() {
        builder(server.base_url(), credentials)
            .build()
            .expect("the client builds")
            .list_disaster_recoveries()
            .send()
            .await
            .expect("the gateway accepts the call");
    }
}
