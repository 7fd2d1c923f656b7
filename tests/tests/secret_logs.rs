//! No secret key, security token or IAM token appears in a log event.
//!
//! This is the only test of its binary: `tracing` caches per call site
//! whether any subscriber wants its events, and a test without a subscriber
//! running in parallel could make that cache skip the capturing one.

use std::fmt::{Debug, Write as _};
use std::sync::{Arc, Mutex};

use dws_client::{Credentials, DwsClient, DwsClientBuilder};
use dws_tests::gateway::{Accounts, Gateway};
use dws_tests::server::{CannedResponse, LoopbackServer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

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
    let captured = Arc::new(Mutex::new(String::new()));
    let subscriber = CapturingSubscriber {
        text: Arc::clone(&captured),
    };

    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime builds");
        runtime.block_on(call_with_every_kind());
    });

    let logs = captured
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
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

/// Writes every span field and event field, at every level, to `text`.
struct CapturingSubscriber {
    text: Arc<Mutex<String>>,
}

impl CapturingSubscriber {
    fn append(&self, record: impl FnOnce(&mut FieldWriter<'_>)) {
        let mut text = self
            .text
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        record(&mut FieldWriter { text: &mut text });
        text.push('\n');
    }
}

struct FieldWriter<'a> {
    text: &'a mut String,
}

impl Visit for FieldWriter<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        let _ = write!(self.text, "{}={value:?} ", field.name());
    }
}

impl Subscriber for CapturingSubscriber {
    fn enabled(&self, _metadata: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.append(|writer| span.record(writer));
        Id::from_u64(1)
    }

    fn record(&self, _span: &Id, values: &Record<'_>) {
        self.append(|writer| values.record(writer));
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        self.append(|writer| event.record(writer));
    }

    fn enter(&self, _span: &Id) {}

    fn exit(&self, _span: &Id) {}
}
