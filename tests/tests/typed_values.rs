//! Enum and timestamp fields decode whatever string the service sends, and
//! encode back exactly the text received.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use dws_client::types::{
    DisasterRecovery, DrClusterRole, DrClusterStatus, DrStatus, DrType, ListDisasterRecoverResponse,
};
use dws_client::{Credentials, DwsClient, ParsedTimestamp, Timestamp};
use dws_tests::read_fixture;
use dws_tests::server::{CannedResponse, LoopbackServer};
use serde_json::Value;

const PROJECT_ID: &str = "0536cdee2200d5912f7cc00b877980f1";

fn decode(fixture: &str) -> ListDisasterRecoverResponse {
    serde_json::from_str(&read_fixture(fixture))
        .unwrap_or_else(|error| panic!("{fixture} does not decode: {error}"))
}

fn only_record(fixture: &str) -> DisasterRecovery {
    let mut records = decode(fixture).disaster_recovery.unwrap_or_default();
    assert_eq!(records.len(), 1, "{fixture} holds one record");
    records.remove(0)
}

fn fixture_json(fixture: &str) -> Value {
    serde_json::from_str(&read_fixture(fixture)).expect("fixture is JSON")
}

fn naive(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").expect("test date is valid")
}

fn with_offset(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f %:z").expect("test date is valid")
}

#[test]
fn unknown_enum_values_round_trip() {
    let decoded = decode("unknown_enum_values.json");
    let encoded = serde_json::to_value(&decoded).expect("response encodes");

    assert_eq!(encoded, fixture_json("unknown_enum_values.json"));
}

#[test]
fn unknown_values_keep_exact_text() {
    let record = only_record("unknown_enum_values.json");

    assert_eq!(record.status, Some(DrStatus::Unknown("migrating".into())));
    assert_eq!(record.dr_type, Some(DrType::Unknown("cross_cloud".into())));
    assert_eq!(
        record.primary_cluster_role,
        Some(DrClusterRole::Unknown("witness".into()))
    );
    assert_eq!(
        record.primary_cluster_status,
        Some(DrClusterStatus::Unknown("rebuilding".into()))
    );
    assert_eq!(
        record.standby_cluster_status,
        Some(DrClusterStatus::Unknown(String::new()))
    );
}

#[test]
fn enum_text_is_case_sensitive() {
    let record = only_record("unknown_enum_values.json");
    let role = record.standby_cluster_role.expect("the role is present");

    assert!(role.is_unknown());
    assert_eq!(role.as_str(), "Standby");
    assert_ne!(role, DrClusterRole::Standby);
}

/// Checks that each documented value decodes to a named variant and
/// encodes back to the same string.
fn check_documented<T>(documented: &[&str], is_unknown: fn(&T) -> bool)
where
    T: serde::de::DeserializeOwned + serde::Serialize + AsRef<str>,
{
    for wire in documented {
        let json = Value::String((*wire).to_owned());
        let value: T = serde_json::from_value(json.clone()).expect("a string decodes");

        assert!(!is_unknown(&value), "`{wire}` decoded as Unknown");
        assert_eq!(value.as_ref(), *wire);
        assert_eq!(serde_json::to_value(&value).expect("value encodes"), json);
    }
}

#[test]
fn documented_values_decode_to_variants() {
    check_documented(DrStatus::DOCUMENTED_VALUES, DrStatus::is_unknown);
    check_documented(DrType::DOCUMENTED_VALUES, DrType::is_unknown);
    check_documented(
        DrClusterStatus::DOCUMENTED_VALUES,
        DrClusterStatus::is_unknown,
    );
    check_documented(DrClusterRole::DOCUMENTED_VALUES, DrClusterRole::is_unknown);
}

#[test]
fn documented_lists_match_fixture() {
    let expected = fixture_json("documented_enum_values.json");
    let generated = [
        ("DrStatus", DrStatus::DOCUMENTED_VALUES),
        ("DrType", DrType::DOCUMENTED_VALUES),
        ("DrClusterStatus", DrClusterStatus::DOCUMENTED_VALUES),
        ("DrClusterRole", DrClusterRole::DOCUMENTED_VALUES),
    ];

    for (name, values) in generated {
        let documented: Vec<&str> = expected[name]
            .as_array()
            .map(|values| values.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            values, documented,
            "{name} in spec/dws.yaml differs from tests/fixtures/documented_enum_values.json; \
             when the API documents a new value, add it to both"
        );
    }
}

#[test]
fn enum_conversions_agree() {
    let parsed: DrStatus = "stop_failed".parse().expect("FromStr is infallible");
    let from_string = DrStatus::from(String::from("stop_failed"));
    let unknown: DrStatus = "paused".parse().expect("FromStr is infallible");

    assert_eq!(parsed, DrStatus::StopFailed);
    assert_eq!(from_string, DrStatus::StopFailed);
    assert_eq!(DrStatus::StopFailed.to_string(), "stop_failed");
    assert_eq!(unknown, DrStatus::Unknown("paused".into()));
    assert_eq!(unknown.to_string(), "paused");
}

#[test]
fn enum_number_is_rejected() {
    let error = serde_json::from_str::<DisasterRecovery>(r#"{"status": 3}"#)
        .expect_err("a number is not a status");

    assert!(error.to_string().contains("a DrStatus string"), "{error}");
}

#[test]
fn timestamp_variants_parse() {
    let cases = [
        (
            "2022-10-26T12:04:10",
            ParsedTimestamp::Naive(naive("2022-10-26 12:04:10")),
        ),
        (
            "2022-10-26 12:04:10",
            ParsedTimestamp::Naive(naive("2022-10-26 12:04:10")),
        ),
        (
            "2022-10-26T12:04:10.5",
            ParsedTimestamp::Naive(naive("2022-10-26 12:04:10.500")),
        ),
        (
            "2022-10-26T12:04:10.123456789",
            ParsedTimestamp::Naive(naive("2022-10-26 12:04:10.123456789")),
        ),
        (
            "2022-10-26T12:04:10Z",
            ParsedTimestamp::Offset(with_offset("2022-10-26 12:04:10 +00:00")),
        ),
        (
            "2022-10-26T12:04:10+08:00",
            ParsedTimestamp::Offset(with_offset("2022-10-26 12:04:10 +08:00")),
        ),
        (
            "2022-10-26 12:04:10.250-03:30",
            ParsedTimestamp::Offset(with_offset("2022-10-26 12:04:10.250 -03:30")),
        ),
        (
            "2024-02-29T23:59:59",
            ParsedTimestamp::Naive(naive("2024-02-29 23:59:59")),
        ),
    ];

    for (text, expected) in cases {
        let parsed = Timestamp::new(text).date_time();

        assert_eq!(parsed, Ok(expected), "for `{text}`");
    }
}

#[test]
fn timestamp_offset_keeps_wall_clock() {
    let parsed = Timestamp::new("2022-10-26T12:04:10+08:00").date_time();
    let Ok(ParsedTimestamp::Offset(value)) = parsed else {
        panic!("an offset timestamp gives Offset, not {parsed:?}");
    };

    assert_eq!(
        value.naive_local(),
        NaiveDate::from_ymd_opt(2022, 10, 26)
            .and_then(|date| date.and_hms_opt(12, 4, 10))
            .expect("valid date")
    );
    assert_eq!(value.offset().local_minus_utc(), 8 * 3600);
}

#[test]
fn timestamp_garbage_is_rejected() {
    let cases = [
        "",
        "not a time",
        "2022-10-26",
        "2022-10-26T12:04",
        "2022/10/26T12:04:10",
        "2022-10-26t12:04:10",
        "2022-10-26_12:04:10",
        " 2022-10-26T12:04:10",
        "2022-10-26T12:04:10 ",
        "2022-10-26T12:04:10.",
        "2022-10-26T12:04:10.1234567890",
        "2022-10-26T12:04:10z",
        "2022-10-26T12:04:10+0800",
        "2022-10-26T12:04:10+08",
        "2022-10-26T12:04:10+24:00",
        "2022-10-26T12:04:10+08:60",
        "2022-10-26T12:04:10Z+08:00",
        "2022-02-30T12:04:10",
        "2022-13-01T12:04:10",
        "2022-10-26T24:00:00",
        "2022-10-26T12:60:00",
        "2022-10-26T12:04:60",
        "1666785850",
        "２０２２-10-26T12:04:10",
        "2022-10-26T12:04:1é",
        "2022-10-26T12:04:10.5é",
    ];

    for text in cases {
        let error = Timestamp::new(text)
            .date_time()
            .expect_err(&format!("`{text}` is not a timestamp"));

        assert_eq!(error.text(), text);
    }
}

#[test]
fn timestamp_error_names_text() {
    let error = Timestamp::new("2022-02-30T12:04:10")
        .date_time()
        .expect_err("February 30 does not exist");

    assert_eq!(
        error.to_string(),
        "invalid timestamp `2022-02-30T12:04:10`: the date does not exist. Expected \
         yyyy-MM-ddTHH:mm:ss, with a space allowed for the T, an optional fraction of a \
         second and an optional Z or offset such as +08:00"
    );
}

#[test]
fn timestamp_error_shortens_huge_text() {
    let huge = "x".repeat(100_000);
    let error = Timestamp::new(huge.as_str())
        .date_time()
        .expect_err("garbage is not a timestamp");

    assert!(error.to_string().len() < 400, "{error}");
    assert_eq!(error.text(), huge);
}

#[test]
fn odd_timestamps_round_trip() {
    let decoded = decode("odd_timestamps.json");
    let encoded = serde_json::to_value(&decoded).expect("response encodes");

    assert_eq!(encoded, fixture_json("odd_timestamps.json"));
}

#[test]
fn odd_timestamps_keep_text() {
    let record = only_record("odd_timestamps.json");
    let garbage = record.last_disaster_time.expect("the field is present");

    assert_eq!(garbage.as_str(), "not a time");
    assert!(garbage.date_time().is_err());
    assert_eq!(
        record.create_time.map(|time| time.date_time()),
        Some(Ok(ParsedTimestamp::Naive(naive(
            "2022-10-26 12:04:10.123456"
        ))))
    );
    assert_eq!(
        record.start_time.map(|time| time.date_time()),
        Some(Ok(ParsedTimestamp::Offset(with_offset(
            "2022-10-26 12:04:10 +08:00"
        ))))
    );
}

#[test]
fn timestamp_conversions_keep_text() {
    let parsed: Timestamp = "whenever".parse().expect("FromStr is infallible");

    assert_eq!(parsed.to_string(), "whenever");
    assert_eq!(Timestamp::from(String::from("whenever")), parsed);
    assert_eq!(parsed.into_string(), "whenever");
}

#[test]
fn extra_unknown_fields_are_ignored() {
    let record = only_record("extra_fields.json");

    assert_eq!(
        record.id.as_deref(),
        Some("9956ee8a-2f5b-4d76-8c18-4115e2393433")
    );
    assert_eq!(record.status, Some(DrStatus::Running));
    assert_eq!(
        record.create_time.as_ref().map(Timestamp::as_str),
        Some("2022-10-26T12:04:10")
    );
}

#[test]
fn every_field_null_decodes() {
    let fixture = fixture_json("all_fields_null.json");
    let mut fields: Vec<&str> = fixture["disaster_recovery"][0]
        .as_object()
        .map(|record| record.keys().map(String::as_str).collect())
        .unwrap_or_default();
    fields.sort_unstable();
    let documented = read_fixture("documented_fields.txt");
    let mut documented: Vec<&str> = documented
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    documented.sort_unstable();

    assert_eq!(
        fields, documented,
        "tests/fixtures/all_fields_null.json must set every field of \
         tests/fixtures/documented_fields.txt to null; add a new field to both"
    );
    assert_eq!(
        only_record("all_fields_null.json"),
        DisasterRecovery::default()
    );
}

#[test]
fn every_field_missing_decodes() {
    assert_eq!(
        only_record("all_fields_missing.json"),
        DisasterRecovery::default()
    );
}

#[test]
fn empty_list_decodes() {
    let decoded = decode("empty_list.json");

    assert_eq!(decoded.disaster_recovery, Some(Vec::new()));
}

#[tokio::test]
async fn client_decodes_unknown_values() {
    let body = read_fixture("unknown_enum_values.json");
    let server = LoopbackServer::start(move |_| CannedResponse::json(200, body.clone())).await;
    let client = DwsClient::builder()
        .endpoint(server.base_url())
        .credentials(
            Credentials::permanent("HPUAEXAMPLEACCESSKEY", "example-secret")
                .expect("valid credentials"),
        )
        .project_id(PROJECT_ID)
        .build()
        .expect("valid configuration");

    let response = client
        .list_disaster_recoveries()
        .send()
        .await
        .expect("new enum values do not fail the call");

    assert_eq!(response.into_inner(), decode("unknown_enum_values.json"));
}
