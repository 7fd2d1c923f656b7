//! Builder, credentials, environment and region configuration: what is
//! accepted, and the message of each rejection.

use std::time::Duration;

use dws_client::env::{self, EnvLookup};
use dws_client::region::{self, REGIONS};
use dws_client::{
    ConfigError, CredentialKind, Credentials, DwsClient, DwsClientBuilder, ProjectId, Region,
};

const PROJECT_ID: &str = "0536cdee2200d5912f7cc00b877980f1";
const ACCESS_KEY: &str = "HPUAEXAMPLEACCESSKEY";
const SECRET_KEY: &str = "example-secret";

fn permanent() -> Credentials {
    Credentials::permanent(ACCESS_KEY, SECRET_KEY).expect("valid credentials")
}

/// Returns a builder with every required value and an empty environment.
fn complete_builder() -> DwsClientBuilder {
    DwsClient::builder()
        .env_lookup(no_env())
        .region("cn-north-4")
        .credentials(permanent())
        .project_id(PROJECT_ID)
}

fn no_env() -> EnvLookup {
    env::from_pairs(Vec::<(String, String)>::new())
}

fn build_error(builder: DwsClientBuilder) -> String {
    builder
        .build()
        .expect_err("the builder rejects the configuration")
        .to_string()
}

fn env_builder(pairs: &[(&str, &str)]) -> DwsClientBuilder {
    DwsClientBuilder::from_env()
        .env_lookup(env::from_pairs(pairs.iter().copied()))
        .region("cn-north-4")
}

/// Returns a builder that reads a complete environment in which `name`
/// is set to `value`.
fn env_builder_with(name: &str, value: &str) -> DwsClientBuilder {
    let mut pairs = vec![
        (env::ACCESS_KEY, ACCESS_KEY),
        (env::SECRET_KEY, SECRET_KEY),
        (env::PROJECT_ID, PROJECT_ID),
    ];
    pairs.retain(|(variable, _)| *variable != name);
    pairs.push((name, value));
    env_builder(&pairs)
}

#[test]
fn complete_builder_builds() {
    let client = complete_builder().build().expect("the client builds");

    assert_eq!(
        client.endpoint(),
        "https://dws.cn-north-4.myhuaweicloud.com"
    );
    assert_eq!(client.project_id().as_str(), PROJECT_ID);
}

#[test]
fn endpoint_overrides_region() {
    let client = complete_builder()
        .endpoint("http://127.0.0.1:8080/")
        .build()
        .expect("the client builds");

    assert_eq!(client.endpoint(), "http://127.0.0.1:8080");
}

#[test]
fn endpoint_keeps_region_checked() {
    let with_endpoint = complete_builder()
        .region("CN-NORTH-4")
        .endpoint("http://127.0.0.1:8080");

    assert_eq!(
        build_error(with_endpoint),
        build_error(complete_builder().region("CN-NORTH-4"))
    );
}

#[test]
fn unknown_region_with_endpoint_is_rejected() {
    let with_endpoint = complete_builder()
        .region("cn-nort-4")
        .endpoint("http://127.0.0.1:8080");

    let message = build_error(with_endpoint);

    assert!(
        message.starts_with("unknown DWS region \"cn-nort-4\"; known regions are cn-north-9, "),
        "{message}"
    );
    assert!(
        message.ends_with(
            ". The client calls the endpoint given with .endpoint(..), so correct the region or remove the .region(..) call"
        ),
        "{message}"
    );
    assert!(!message.contains("pass its endpoint"), "{message}");
}

#[test]
fn endpoint_beats_region_override() {
    let lookup = env::from_pairs([(
        "HUAWEICLOUD_SDK_REGION_DWS_XX_NEW_1",
        "https://dws.xx-new-1.example.com",
    )]);

    let client = complete_builder()
        .env_lookup(lookup)
        .region("xx-new-1")
        .endpoint("http://127.0.0.1:8080")
        .build()
        .expect("the override makes the region valid");

    assert_eq!(client.endpoint(), "http://127.0.0.1:8080");
}

#[test]
fn missing_endpoint_is_rejected() {
    let builder = DwsClient::builder()
        .credentials(permanent())
        .project_id(PROJECT_ID);

    assert_eq!(
        build_error(builder),
        "no region or endpoint: call .region(\"cn-north-4\") or .endpoint(\"https://dws.cn-north-4.myhuaweicloud.com\")"
    );
}

#[test]
fn unknown_region_is_rejected() {
    let message = build_error(complete_builder().region("xx-middle-9"));

    assert!(
        message.starts_with("unknown DWS region \"xx-middle-9\"; known regions are cn-north-9, "),
        "{message}"
    );
    assert!(
        message.ends_with(
            "For another region, pass its endpoint with .endpoint(\"https://dws.xx-middle-9.myhuaweicloud.com\") or set the environment variable HUAWEICLOUD_SDK_REGION_DWS_XX_MIDDLE_9 to it"
        ),
        "{message}"
    );
}

#[test]
fn malformed_region_is_rejected() {
    assert_eq!(
        build_error(complete_builder().region("CN North 4")),
        "invalid region \"CN North 4\": it is not a region id; expected a region id in lower case letters, digits and `-`, such as cn-north-4"
    );
}

#[test]
fn endpoint_without_scheme_is_rejected() {
    assert_eq!(
        build_error(complete_builder().endpoint("dws.cn-north-4.myhuaweicloud.com")),
        "invalid endpoint \"dws.cn-north-4.myhuaweicloud.com\" from .endpoint(..): relative URL without a base; expected an http or https URL such as https://dws.cn-north-4.myhuaweicloud.com"
    );
}

#[test]
fn endpoint_with_other_scheme_is_rejected() {
    assert_eq!(
        build_error(complete_builder().endpoint("ftp://dws.example")),
        "invalid endpoint \"ftp://dws.example\" from .endpoint(..): the scheme is `ftp`, not http or https; expected an http or https URL such as https://dws.cn-north-4.myhuaweicloud.com"
    );
}

#[test]
fn endpoint_with_query_is_rejected() {
    assert_eq!(
        build_error(complete_builder().endpoint("https://dws.example/?region=x")),
        "invalid endpoint \"https://dws.example/?region=x\" from .endpoint(..): it has a query or fragment; expected an http or https URL such as https://dws.cn-north-4.myhuaweicloud.com"
    );
}

#[test]
fn endpoint_with_user_info_is_rejected() {
    assert_eq!(
        build_error(complete_builder().endpoint("https://user:pass@dws.example")),
        "invalid endpoint \"https://<redacted>@dws.example\" from .endpoint(..): it contains a user name or password; expected an http or https URL such as https://dws.cn-north-4.myhuaweicloud.com"
    );
}

#[test]
fn missing_credentials_are_rejected() {
    let builder = DwsClient::builder()
        .region("cn-north-4")
        .project_id(PROJECT_ID);

    assert_eq!(
        build_error(builder),
        "no credentials: call .credentials(Credentials::permanent(ak, sk)), or start from DwsClientBuilder::from_env() to read HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK"
    );
}

#[test]
fn missing_project_id_is_rejected() {
    let builder = DwsClient::builder()
        .region("cn-north-4")
        .credentials(permanent());

    assert_eq!(
        build_error(builder),
        "no project ID: call .project_id(..), or start from DwsClientBuilder::from_env() to read HUAWEICLOUD_SDK_PROJECT_ID"
    );
}

#[test]
fn empty_project_id_is_rejected() {
    assert_eq!(
        build_error(complete_builder().project_id("")),
        "invalid project ID \"\": it is empty; expected ASCII letters, digits, `-` and `_`, such as 0536cdee2200d5912f7cc00b877980f1"
    );
}

#[test]
fn project_id_with_slash_is_rejected() {
    assert_eq!(
        build_error(complete_builder().project_id("abc/def")),
        "invalid project ID \"abc/def\": it contains `/`; expected ASCII letters, digits, `-` and `_`, such as 0536cdee2200d5912f7cc00b877980f1"
    );
}

#[test]
fn project_id_with_dots_is_rejected() {
    assert_eq!(
        ProjectId::new("..")
            .expect_err("`..` is rejected")
            .to_string(),
        "invalid project ID \"..\": it contains a character other than ASCII letters, digits, `-` and `_`; expected ASCII letters, digits, `-` and `_`, such as 0536cdee2200d5912f7cc00b877980f1"
    );
}

#[test]
fn zero_connect_timeout_is_rejected() {
    assert_eq!(
        build_error(complete_builder().connect_timeout(Duration::ZERO)),
        "invalid connect timeout of 0 seconds: expected a duration greater than zero"
    );
}

#[test]
fn zero_timeout_is_rejected() {
    assert_eq!(
        build_error(complete_builder().timeout(Duration::ZERO)),
        "invalid timeout of 0 seconds: expected a duration greater than zero"
    );
}

#[test]
fn timeout_with_http_client_is_rejected() {
    let builder = complete_builder()
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_secs(5));

    assert_eq!(
        build_error(builder),
        "the timeout cannot be applied to a caller's reqwest::Client: set it on that client's builder, or leave out .http_client(..)"
    );
}

#[test]
fn empty_access_key_is_rejected() {
    let error = Credentials::permanent("", SECRET_KEY).expect_err("empty AK is rejected");

    assert_eq!(
        error.to_string(),
        "invalid access key \"\": it is empty; expected the access key ID (AK) of an IAM user: visible ASCII characters other than `,`"
    );
}

#[test]
fn access_key_with_comma_is_rejected() {
    let error = Credentials::permanent("AK,1", SECRET_KEY).expect_err("a comma is rejected");

    assert_eq!(
        error.to_string(),
        "invalid access key \"AK,1\": it contains `,`; expected the access key ID (AK) of an IAM user: visible ASCII characters other than `,`"
    );
}

#[test]
fn access_key_with_space_is_rejected() {
    let error = Credentials::permanent("AK 1", SECRET_KEY).expect_err("a space is rejected");

    assert_eq!(
        error.to_string(),
        "invalid access key \"AK 1\": it contains a space, a control character or a non-ASCII character; expected the access key ID (AK) of an IAM user: visible ASCII characters other than `,`"
    );
}

#[test]
fn empty_secret_key_is_rejected() {
    let error = Credentials::permanent(ACCESS_KEY, "").expect_err("empty SK is rejected");

    assert_eq!(
        error.to_string(),
        "invalid secret key: it is empty; expected the secret access key (SK) that belongs to the access key ID"
    );
}

#[test]
fn empty_security_token_is_rejected() {
    let error =
        Credentials::temporary(ACCESS_KEY, SECRET_KEY, "").expect_err("empty token is rejected");

    assert_eq!(
        error.to_string(),
        "invalid security token: it is empty; expected the security token issued with temporary credentials, in visible ASCII characters"
    );
}

#[test]
fn security_token_with_newline_is_rejected() {
    let error = Credentials::temporary(ACCESS_KEY, SECRET_KEY, "token\nX-Injected: 1")
        .expect_err("a line break is rejected");

    assert_eq!(
        error.to_string(),
        "invalid security token: it contains a space, a control character or a non-ASCII character; expected the security token issued with temporary credentials, in visible ASCII characters"
    );
}

#[test]
fn empty_iam_token_is_rejected() {
    let error = Credentials::iam_token("").expect_err("empty token is rejected");

    assert_eq!(
        error.to_string(),
        "invalid IAM token: it is empty; expected a project-scoped IAM token (the X-Subject-Token that IAM returns), in visible ASCII characters"
    );
}

#[test]
fn credential_kinds_are_reported() {
    let temporary = Credentials::temporary(ACCESS_KEY, SECRET_KEY, "token").expect("valid");
    let token = Credentials::iam_token("token").expect("valid");

    assert_eq!(permanent().kind(), CredentialKind::Permanent);
    assert_eq!(temporary.kind(), CredentialKind::Temporary);
    assert_eq!(token.kind(), CredentialKind::IamToken);
}

#[test]
fn env_without_variables_names_each() {
    assert_eq!(
        build_error(env_builder(&[])),
        "missing or empty environment variables: HUAWEICLOUD_SDK_AK (the access key ID (AK)), HUAWEICLOUD_SDK_SK (the secret access key (SK)), HUAWEICLOUD_SDK_PROJECT_ID (the project ID in the target region). Set them, or pass the values to the builder"
    );
}

#[test]
fn env_names_only_missing_variable() {
    let builder = env_builder(&[(env::ACCESS_KEY, ACCESS_KEY), (env::PROJECT_ID, PROJECT_ID)]);

    assert_eq!(
        build_error(builder),
        "missing or empty environment variable: HUAWEICLOUD_SDK_SK (the secret access key (SK)). Set it, or pass the values to the builder"
    );
}

#[test]
fn env_empty_value_counts_as_missing() {
    assert_eq!(
        build_error(env_builder_with(env::PROJECT_ID, "")),
        "missing or empty environment variable: HUAWEICLOUD_SDK_PROJECT_ID (the project ID in the target region). Set it, or pass the values to the builder"
    );
}

#[test]
fn env_empty_access_key_is_named() {
    assert_eq!(
        build_error(env_builder_with(env::ACCESS_KEY, "")),
        "missing or empty environment variable: HUAWEICLOUD_SDK_AK (the access key ID (AK)). Set it, or pass the values to the builder"
    );
}

#[test]
fn env_invalid_project_id_is_rejected() {
    assert_eq!(
        build_error(env_builder_with(env::PROJECT_ID, "a/b")),
        "invalid project ID \"a/b\": it contains `/`; expected ASCII letters, digits, `-` and `_`, such as 0536cdee2200d5912f7cc00b877980f1"
    );
}

#[test]
fn env_gives_permanent_credentials() {
    let client = env_builder(&[
        (env::ACCESS_KEY, ACCESS_KEY),
        (env::SECRET_KEY, SECRET_KEY),
        (env::PROJECT_ID, PROJECT_ID),
    ])
    .build()
    .expect("the client builds");

    let credentials = client.credentials();
    assert_eq!(credentials.kind(), CredentialKind::Permanent);
    assert_eq!(credentials.access_key(), Some(ACCESS_KEY));
    assert_eq!(client.project_id().as_str(), PROJECT_ID);
}

#[test]
fn env_security_token_makes_temporary() {
    let lookup = env::from_pairs([
        (env::ACCESS_KEY, ACCESS_KEY),
        (env::SECRET_KEY, SECRET_KEY),
        (env::SECURITY_TOKEN, "token"),
    ]);

    let credentials = Credentials::from_env_with(&lookup).expect("credentials are read");

    assert_eq!(credentials.kind(), CredentialKind::Temporary);
}

#[test]
fn env_credentials_name_missing_keys() {
    let error = Credentials::from_env_with(&no_env()).expect_err("nothing is set");

    assert_eq!(
        error.to_string(),
        "missing or empty environment variables: HUAWEICLOUD_SDK_AK (the access key ID (AK)), HUAWEICLOUD_SDK_SK (the secret access key (SK)). Set them, or pass the values to the builder"
    );
}

#[test]
fn explicit_values_beat_env() {
    let client = env_builder(&[])
        .credentials(permanent())
        .project_id(PROJECT_ID)
        .build()
        .expect("explicit values need no environment");

    assert_eq!(client.project_id().as_str(), PROJECT_ID);
}

#[test]
fn region_table_has_31_regions() {
    let mut ids: Vec<&str> = REGIONS.iter().map(Region::id).collect();
    ids.sort_unstable();
    ids.dedup();

    assert_eq!(ids.len(), 31);
}

#[test]
fn region_domains_are_documented() {
    let count = |domain: &str| {
        REGIONS
            .iter()
            .filter(|region| region.domain() == domain)
            .count()
    };

    assert_eq!(count("myhuaweicloud.com"), 25);
    assert_eq!(count("myhuaweicloud.cn"), 5);
    assert_eq!(count("myhuaweicloud.eu"), 1);
}

#[test]
fn region_endpoints_use_their_domain() {
    let endpoint = |id: &str| Region::from_id(id).expect("known region").endpoint();

    assert_eq!(
        endpoint("cn-north-4"),
        "https://dws.cn-north-4.myhuaweicloud.com"
    );
    assert_eq!(
        endpoint("ap-southeast-4"),
        "https://dws.ap-southeast-4.myhuaweicloud.cn"
    );
    assert_eq!(
        endpoint("tr-west-1"),
        "https://dws.tr-west-1.myhuaweicloud.cn"
    );
    assert_eq!(
        endpoint("eu-west-101"),
        "https://dws.eu-west-101.myhuaweicloud.eu"
    );
}

#[test]
fn region_variable_name_is_upper_case() {
    assert_eq!(
        env::region_endpoint_variable("cn-north-4"),
        "HUAWEICLOUD_SDK_REGION_DWS_CN_NORTH_4"
    );
}

#[test]
fn region_override_replaces_endpoint() {
    let lookup = env::from_pairs([(
        "HUAWEICLOUD_SDK_REGION_DWS_CN_NORTH_4",
        "https://dws-proxy.internal.example/",
    )]);

    let endpoint =
        region::resolve_endpoint("cn-north-4", lookup.as_ref()).expect("override is valid");

    assert_eq!(endpoint, "https://dws-proxy.internal.example");
}

#[test]
fn region_override_serves_unknown_region() {
    let lookup = env::from_pairs([(
        "HUAWEICLOUD_SDK_REGION_DWS_XX_NEW_1",
        "https://dws.xx-new-1.example.com",
    )]);

    let client = complete_builder()
        .env_lookup(lookup)
        .region("xx-new-1")
        .build()
        .expect("the override makes the region usable");

    assert_eq!(client.endpoint(), "https://dws.xx-new-1.example.com");
}

#[test]
fn invalid_region_override_names_variable() {
    let lookup = env::from_pairs([("HUAWEICLOUD_SDK_REGION_DWS_CN_NORTH_4", "not a url")]);

    let error = region::resolve_endpoint("cn-north-4", lookup.as_ref())
        .expect_err("the override is not a URL");

    assert!(
        matches!(error, ConfigError::InvalidEndpoint { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "invalid endpoint \"not a url\" from environment variable HUAWEICLOUD_SDK_REGION_DWS_CN_NORTH_4: relative URL without a base; expected an http or https URL such as https://dws.cn-north-4.myhuaweicloud.com"
    );
}

#[test]
fn region_parses_from_str() {
    let region: Region = "eu-west-101".parse().expect("known region");

    assert_eq!(region.to_string(), "eu-west-101");
}
