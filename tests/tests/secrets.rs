//! No secret key, security token or IAM token appears in `Debug` or
//! `Display` output or in an error message. `secret_logs.rs` and
//! `transport_logs.rs` check log events.

use std::fmt::{Debug, Display};

use dws_client::auth::Authenticator;
use dws_client::signing::{self, CanonicalRequest, SdkDate};
use dws_client::{Credentials, DwsClient, DwsClientBuilder, Error, ProjectId};
use dws_tests::clients::{ACCESS_KEY, PROJECT_ID, builder, list_with};
use dws_tests::gateway::{Accounts, Gateway};
use dws_tests::secrets::{
    IAM_TOKEN, SECRET_KEY, SECURITY_TOKEN, assert_no_secret, every_kind_of_credentials,
};
use dws_tests::server::{CannedResponse, LoopbackServer};

fn project_id() -> ProjectId {
    ProjectId::new(PROJECT_ID).expect("valid project ID")
}

fn assert_debug_hides(label: &str, value: &impl Debug) {
    assert_no_secret(&format!("{label} Debug"), &format!("{value:?}"));
    assert_no_secret(&format!("{label} pretty Debug"), &format!("{value:#?}"));
}

fn assert_display_hides(label: &str, value: &impl Display) {
    assert_no_secret(&format!("{label} Display"), &value.to_string());
}

/// Returns a builder for a region's endpoint, which no test here calls.
fn region_builder(credentials: Credentials) -> DwsClientBuilder {
    DwsClient::builder()
        .region("cn-north-4")
        .credentials(credentials)
        .project_id(PROJECT_ID)
}

#[test]
fn credentials_hide_secrets() {
    for credentials in every_kind_of_credentials() {
        let label = format!("{} credentials", credentials.kind());

        assert_debug_hides(&label, &credentials);
        assert_display_hides(&label, &credentials);
    }
}

#[test]
fn credentials_debug_marks_redaction() {
    for credentials in every_kind_of_credentials() {
        let debug = format!("{credentials:?}");

        assert!(debug.contains("<redacted>"), "{debug}");
    }
}

#[test]
fn authenticator_hides_secrets() {
    for credentials in every_kind_of_credentials() {
        let authenticator = Authenticator::new(credentials, project_id());

        assert_debug_hides("Authenticator", &authenticator);
    }
}

#[test]
fn builder_hides_secrets() {
    for credentials in every_kind_of_credentials() {
        assert_debug_hides("DwsClientBuilder", &region_builder(credentials));
    }
}

#[test]
fn clients_hide_secrets() {
    for credentials in every_kind_of_credentials() {
        let client = region_builder(credentials)
            .build()
            .expect("the client builds");

        assert_debug_hides("DwsClient", &client);
        assert_debug_hides("generated Client", client.client());
        assert_debug_hides("DwsClient::credentials", client.credentials());
    }
}

#[test]
fn authenticated_request_hides_tokens() {
    for credentials in every_kind_of_credentials() {
        let authenticator = Authenticator::new(credentials, project_id());
        let mut request = reqwest::Client::new()
            .get("https://dws.cn-north-4.myhuaweicloud.com/v2/p/disaster-recoveries")
            .build()
            .expect("request builds");

        authenticator
            .authenticate(&mut request)
            .expect("request authenticates");

        assert_debug_hides("authenticated reqwest::Request", &request);
        assert_debug_hides("authenticated headers", request.headers());
    }
}

#[test]
fn canonical_request_debug_hides_token() {
    let canonical_request = CanonicalRequest::new(
        "GET",
        "/v2/p/disaster-recoveries",
        "",
        &[
            ("host", "dws.cn-north-4.myhuaweicloud.com"),
            ("x-security-token", SECURITY_TOKEN),
        ],
        b"",
    );
    let date = SdkDate::parse("20221028T023416Z").expect("date parses");

    assert_debug_hides("CanonicalRequest", &canonical_request);
    let signature = signing::sign(ACCESS_KEY, SECRET_KEY, canonical_request, date);
    assert_debug_hides("Signature", &signature);
    assert_display_hides("StringToSign", &signature.string_to_sign);
}

#[test]
fn credential_errors_hide_secrets() {
    let errors = [
        Credentials::temporary(
            ACCESS_KEY,
            SECRET_KEY,
            format!("{SECURITY_TOKEN} with space"),
        )
        .expect_err("a space is rejected"),
        Credentials::iam_token(format!("{IAM_TOKEN}\n")).expect_err("a line break is rejected"),
        Credentials::permanent("", SECRET_KEY).expect_err("an empty AK is rejected"),
        Credentials::temporary(ACCESS_KEY, "", SECURITY_TOKEN)
            .expect_err("an empty SK is rejected"),
    ];

    for error in errors {
        assert_debug_hides("ConfigError", &error);
        assert_display_hides("ConfigError", &error);
    }
}

#[tokio::test]
async fn rejected_call_error_hides_secrets() {
    let gateway = Gateway::new(Accounts::default());
    let server = LoopbackServer::start(gateway.handler(|_| CannedResponse::json(200, "{}"))).await;

    for credentials in every_kind_of_credentials() {
        let error = list_with(builder(server.base_url(), credentials))
            .await
            .expect_err("the gateway knows no account");

        assert!(
            matches!(error, Error::Api(_)),
            "the gateway knows no account: {error:?}"
        );
        assert_debug_hides("rejected call Error", &error);
        assert_display_hides("rejected call Error", &error);
    }
}

#[tokio::test]
async fn refused_connection_error_hides_secrets() {
    let server = LoopbackServer::start(|_| CannedResponse::json(200, "{}")).await;
    let endpoint = server.base_url();
    drop(server);
    // Give the aborted accept loop a moment to close the listening socket.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;

    for credentials in every_kind_of_credentials() {
        let error = list_with(builder(&endpoint, credentials))
            .await
            .expect_err("nothing listens on the port");

        assert_debug_hides("connection Error", &error);
        assert_display_hides("connection Error", &error);
    }
}
