//! Lists the disaster recovery relationships of the project that the
//! environment's credentials belong to.
//!
//! ```sh
//! export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... HUAWEICLOUD_SDK_PROJECT_ID=...
//! cargo run -p dws-client --example list_disaster_recoveries -- --region cn-north-4
//! ```
//!
//! Prints a table by default and the list as JSON with `--json`. On an
//! error it prints one line to stderr, naming this program's flags and
//! environment variables where the library would name builder methods, and
//! for an error response also the status, `error_code`, `error_msg` and
//! `X-Request-Id`, each on one line and cut to a bounded length. Then it
//! exits with 1.

use std::process::ExitCode;

use clap::Parser;
use dws_client::config::normalize_endpoint;
use dws_client::region::{REGIONS, Region};
use dws_client::types::DisasterRecovery;
use dws_client::{ConfigError, DwsClientBuilder, Error, env};

/// Flag that sets the endpoint, as messages name it.
const ENDPOINT_FLAG: &str = "--endpoint";

/// Flag that sets the region, as messages name it.
const REGION_FLAG: &str = "--region";

/// Maximum number of characters of the error message line.
const MAX_MESSAGE_CHARS: usize = 1000;

/// Maximum number of characters of a field that the server sent, such as
/// `error_msg`.
const MAX_FIELD_CHARS: usize = 300;

/// Lists the GaussDB(DWS) disaster recovery relationships of a project.
///
/// Credentials and project ID come from HUAWEICLOUD_SDK_AK,
/// HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID and, for temporary
/// credentials, HUAWEICLOUD_SDK_SECURITY_TOKEN.
#[derive(Debug, Parser)]
#[command(name = "list_disaster_recoveries")]
struct Args {
    /// Region whose DWS endpoint to call, such as cn-north-4.
    #[arg(long, required_unless_present = "endpoint")]
    region: Option<String>,

    /// Endpoint URL to call instead of the region's, such as
    /// https://dws.cn-north-4.myhuaweicloud.com. The variable
    /// HUAWEICLOUD_SDK_REGION_DWS_<REGION> sets one for a region.
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,

    /// Print the list as JSON on stdout instead of a table.
    #[arg(long)]
    json: bool,

    /// Only list relationships whose primary cluster has this ID.
    #[arg(long, value_name = "ID")]
    primary_cluster_id: Option<String>,

    /// Only list relationships whose standby cluster has this ID.
    #[arg(long, value_name = "ID")]
    standby_cluster_id: Option<String>,

    /// Only list the relationship with this ID.
    #[arg(long, value_name = "ID")]
    id: Option<String>,
}

/// Reads the field of one table column from a relationship.
type Field = fn(&DisasterRecovery) -> Option<&str>;

/// Columns of the table: heading and the field each row shows.
const COLUMNS: [(&str, Field); 7] = [
    ("ID", |dr| dr.id.as_deref()),
    ("NAME", |dr| dr.name.as_deref()),
    ("STATUS", |dr| {
        dr.status.as_ref().map(|status| status.as_str())
    }),
    ("TYPE", |dr| {
        dr.dr_type.as_ref().map(|dr_type| dr_type.as_str())
    }),
    ("PRIMARY CLUSTER", |dr| dr.primary_cluster_name.as_deref()),
    ("STANDBY CLUSTER", |dr| dr.standby_cluster_name.as_deref()),
    ("LAST SYNC", |dr| {
        dr.last_disaster_time.as_ref().map(|time| time.as_str())
    }),
];

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args) -> Result<(), Error> {
    let mut builder = DwsClientBuilder::from_env();
    if let Some(region) = &args.region {
        builder = builder.region(region);
    }
    if let Some(endpoint) = &args.endpoint {
        // Checked here so that an error names the flag, not the builder.
        builder = builder.endpoint(normalize_endpoint(endpoint, ENDPOINT_FLAG)?);
    }
    let client = builder.build()?;

    let mut request = client.list_disaster_recoveries();
    if let Some(id) = &args.primary_cluster_id {
        request = request.primary_cluster_id(id);
    }
    if let Some(id) = &args.standby_cluster_id {
        request = request.standby_cluster_id(id);
    }
    if let Some(id) = &args.id {
        request = request.id(id);
    }
    let list = request
        .send()
        .await?
        .into_inner()
        .disaster_recovery
        .unwrap_or_default();

    if args.json {
        match serde_json::to_string_pretty(&list) {
            Ok(json) => println!("{json}"),
            Err(error) => eprintln!("error: cannot encode the list as JSON: {error}"),
        }
    } else {
        print!("{}", table(&list));
    }
    Ok(())
}

/// Renders `list` as a table with one heading line, with `-` in place of a
/// field that is absent or null.
fn table(list: &[DisasterRecovery]) -> String {
    let rows: Vec<Vec<&str>> = list
        .iter()
        .map(|dr| {
            COLUMNS
                .iter()
                .map(|(_, field)| field(dr).unwrap_or("-"))
                .collect()
        })
        .collect();
    let headings: Vec<&str> = COLUMNS.iter().map(|(heading, _)| *heading).collect();

    let widths: Vec<usize> = (0..COLUMNS.len())
        .map(|column| {
            std::iter::once(&headings)
                .chain(&rows)
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();

    let mut text = String::new();
    for row in std::iter::once(&headings).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}

/// Prints `error` to stderr: one line, then for an error that comes from a
/// response its status, error code, message and request ID (which support
/// asks for), and whether trying again later may help. Every line is cut to
/// a bounded length, because the server chooses the texts.
fn report(error: &Error) {
    eprintln!("error: {}", one_line(&message(error), MAX_MESSAGE_CHARS));
    let Some(status) = error.status() else {
        return;
    };
    eprintln!("  status:       {}", status.as_u16());
    eprintln!("  error_code:   {}", field(error.error_code()));
    eprintln!("  error_msg:    {}", field(error.error_msg()));
    eprintln!("  X-Request-Id: {}", field(error.request_id()));
    eprintln!("  retryable:    {}", error.is_retryable());
}

/// Returns the message of `error`. Where the library's message tells a
/// library user which builder method to call, this one names the program's
/// flag or environment variable instead.
fn message(error: &Error) -> String {
    match error {
        Error::Config(ConfigError::MissingEnv { names }) => missing_env_message(names),
        Error::Config(ConfigError::UnknownRegion {
            region,
            variable,
            endpoint_given,
        }) => unknown_region_message(region, variable, *endpoint_given),
        other => other.to_string(),
    }
}

fn missing_env_message(names: &[&str]) -> String {
    let described: Vec<String> = names
        .iter()
        .map(|name| format!("{name} ({})", env::describe(name)))
        .collect();
    let (plural, them) = if names.len() == 1 {
        ("", "it")
    } else {
        ("s", "them")
    };
    format!(
        "missing or empty environment variable{plural}: {}. Set {them} in the environment and run again",
        described.join(", ")
    )
}

fn unknown_region_message(region: &str, variable: &str, endpoint_given: bool) -> String {
    let known: Vec<&str> = REGIONS.iter().map(Region::id).collect();
    let fix = if endpoint_given {
        format!(
            "The program calls the URL given with {ENDPOINT_FLAG}, so correct {REGION_FLAG} or leave it out"
        )
    } else {
        format!(
            "For another region, pass its endpoint with {ENDPOINT_FLAG} https://dws.{region}.myhuaweicloud.com, or set the environment variable {variable} to it"
        )
    };
    format!(
        "unknown DWS region {region:?}; known regions are {}. {fix}",
        known.join(", ")
    )
}

/// Returns a field for the report: `-` when absent, else on one line and
/// at most [`MAX_FIELD_CHARS`] characters.
fn field(value: Option<&str>) -> String {
    value.map_or_else(|| "-".to_owned(), |text| one_line(text, MAX_FIELD_CHARS))
}

/// Returns `text` with each run of white space or control characters
/// replaced by one space, cut after `max_chars` characters with `…`.
fn one_line(text: &str, max_chars: usize) -> String {
    let words: Vec<&str> = text
        .split(|character: char| character.is_whitespace() || character.is_control())
        .filter(|word| !word.is_empty())
        .collect();
    let line = words.join(" ");
    match line.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}
