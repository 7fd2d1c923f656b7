//! The usage snippet of the workspace README, kept here so that
//! `cargo test` compiles it and the tests run it. Edit both together.

use std::process::ExitCode;

use dws_client::{Credentials, DwsClient, Error};

#[tokio::main]
async fn main() -> ExitCode {
    match list().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `Display` is one line with the status, code, message and request ID.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn list() -> Result<(), Error> {
    let credentials = Credentials::permanent("HPUAEXAMPLEACCESSKEY", "secret-key")?;
    let client = DwsClient::builder()
        .region("cn-north-4")
        .credentials(credentials)
        .project_id("0536cdee2200d5912f7cc00b877980f1")
        .build()?;
    let response = client
        .list_disaster_recoveries()
        .primary_cluster_id("f6dc1f82-8d66-4750-a5d2-569d3f72cf61") // optional filter
        .send()
        .await?;
    for dr in response.into_inner().disaster_recovery.unwrap_or_default() {
        println!("{:?} {:?} {:?}", dr.id, dr.name, dr.status);
    }
    Ok(())
}
