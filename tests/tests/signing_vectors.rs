//! The signer against the published SDK-HMAC-SHA256 vectors and the
//! published canonical query string example.

use dws_client::auth::Authenticator;
use dws_client::signing::{
    self, CanonicalRequest, SdkDate, StringToSign, canonical_query, canonical_query_from_raw,
    canonical_uri,
};
use dws_client::{Credentials, ProjectId};
use dws_tests::read_fixture;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Vectors {
    vectors: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
struct Vector {
    name: String,
    access_key: String,
    secret_key: String,
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: String,
    sdk_date: String,
    signed_headers: String,
    canonical_request: String,
    string_to_sign: String,
    signature: String,
    authorization: String,
}

#[derive(Debug, Deserialize)]
struct QueryExample {
    pairs: Vec<(String, String)>,
    expected: String,
}

fn vector(name: &str) -> Vector {
    let vectors: Vectors =
        serde_json::from_str(&read_fixture("signing_vectors.json")).expect("vectors are JSON");
    vectors
        .vectors
        .into_iter()
        .find(|vector| vector.name == name)
        .unwrap_or_else(|| panic!("no vector named {name}"))
}

fn query_example() -> QueryExample {
    serde_json::from_str(&read_fixture("canonical_query_example.json")).expect("example is JSON")
}

fn canonical(vector: &Vector) -> CanonicalRequest {
    let headers: Vec<(&str, &str)> = vector
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    CanonicalRequest::new(
        &vector.method,
        &vector.path,
        &vector.query,
        &headers,
        vector.body.as_bytes(),
    )
}

/// Checks every intermediate value of one published vector.
fn check_vector(name: &str) {
    let vector = vector(name);
    let date = SdkDate::parse(&vector.sdk_date).expect("vector date parses");
    let canonical_request = canonical(&vector);

    assert_eq!(
        canonical_request.to_string(),
        vector.canonical_request,
        "{name}: canonical request"
    );
    assert_eq!(
        canonical_request.signed_headers(),
        vector.signed_headers,
        "{name}: signed headers"
    );
    assert_eq!(
        StringToSign::new(&canonical_request, date).to_string(),
        vector.string_to_sign,
        "{name}: string to sign"
    );

    let signature = signing::sign(
        &vector.access_key,
        &vector.secret_key,
        canonical_request,
        date,
    );
    assert_eq!(signature.hex, vector.signature, "{name}: signature");
    assert_eq!(
        signature.authorization, vector.authorization,
        "{name}: Authorization header"
    );
}

#[test]
fn vector_get_without_host() {
    check_vector("get_without_host");
}

#[test]
fn vector_get_with_host() {
    check_vector("get_with_host");
}

#[test]
fn vector_post_with_body() {
    check_vector("post_with_body");
}

#[test]
fn vector_get_with_project_path() {
    check_vector("get_with_project_path");
}

#[test]
fn query_example_from_pairs() {
    let example = query_example();

    let pairs = example.pairs.iter().map(|(key, value)| (key, value));

    assert_eq!(canonical_query(pairs), example.expected);
}

#[test]
fn query_example_from_form_encoding() {
    let example = query_example();
    let url = reqwest::Url::parse_with_params("https://dws.example/v2", &example.pairs)
        .expect("URL with query parses");
    let raw = url.query().expect("URL has a query");

    assert!(raw.contains('+'), "reqwest sends a space as `+`: {raw}");
    assert_eq!(canonical_query_from_raw(raw), example.expected);
}

#[test]
fn query_example_from_percent_encoding() {
    let example = query_example();
    let raw = "test=%e4%b8%80%20(%26%3D%3F!%23%25.*)&path=/tmp/123&multi=2&enable=true&multi=1&limit=1&multi=3";

    assert_eq!(canonical_query_from_raw(raw), example.expected);
}

#[test]
fn empty_query_is_empty_line() {
    assert_eq!(canonical_query_from_raw(""), "");
}

#[test]
fn uri_gets_trailing_slash() {
    assert_eq!(
        canonical_uri("/v2/abc/disaster-recoveries"),
        "/v2/abc/disaster-recoveries/"
    );
}

#[test]
fn uri_keeps_existing_slash() {
    assert_eq!(canonical_uri("/v2/abc/"), "/v2/abc/");
}

#[test]
fn uri_of_root_is_slash() {
    assert_eq!(canonical_uri("/"), "/");
}

#[test]
fn uri_segments_are_reencoded() {
    assert_eq!(canonical_uri("/v2/a%2fb%20c/x~y*"), "/v2/a%2Fb%20c/x~y%2A/");
}

#[test]
fn sdk_date_round_trips() {
    let date = SdkDate::parse("20060102T150405Z").expect("date parses");

    assert_eq!(date.to_string(), "20060102T150405Z");
}

#[test]
fn sdk_date_rejects_other_forms() {
    let error = SdkDate::parse("2006-01-02T15:04:05Z").expect_err("ISO 8601 is not the SDK form");

    assert_eq!(
        error.to_string(),
        "invalid X-Sdk-Date `2006-01-02T15:04:05Z`: expected UTC time as YYYYMMDDTHHMMSSZ, such as 20060102T150405Z"
    );
}

#[test]
fn dws_request_signature_snapshot() {
    let credentials = Credentials::permanent("HPUAEXAMPLEACCESSKEY", "example-secret")
        .expect("valid credentials");
    let project_id = ProjectId::new("0536cdee2200d5912f7cc00b877980f1").expect("valid project ID");
    let authenticator = Authenticator::new(credentials, project_id);
    let mut request = reqwest::Client::new()
        .get("https://dws.cn-north-4.myhuaweicloud.com/v2/0536cdee2200d5912f7cc00b877980f1/disaster-recoveries")
        .query(&[
            ("standby_cluster_id", "fb34f3f3 f86a/446b"),
            ("primary_cluster_id", "f6dc1f82-8d66-4750-a5d2-569d3f72cf61"),
        ])
        .build()
        .expect("request builds");
    let date = SdkDate::parse("20221028T023416Z").expect("date parses");

    authenticator
        .authenticate_at(&mut request, date)
        .expect("request signs");

    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("<missing>")
            .to_owned()
    };
    let canonical_request = CanonicalRequest::new(
        "GET",
        request.url().path(),
        request.url().query().unwrap_or(""),
        &[
            ("host", "dws.cn-north-4.myhuaweicloud.com"),
            ("x-project-id", &header("x-project-id")),
            ("x-sdk-date", &header("x-sdk-date")),
        ],
        b"",
    );
    insta::assert_snapshot!(format!(
        "{canonical_request}\n---\nAuthorization: {}",
        header("authorization")
    ));
}

#[test]
fn query_sorts_before_encoding() {
    let keys = canonical_query([("a:", "2"), ("a0", "1")]);
    let values = canonical_query([("k", "é"), ("k", "~"), ("k", "z")]);

    assert_eq!(keys, "a0=1&a%3A=2");
    assert_eq!(values, "k=z&k=~&k=%C3%A9");
}
