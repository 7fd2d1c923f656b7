//! Command-line entry point of the generator.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use dws_codegen::{CheckOutcome, StaleCause, output, semantic_diff};

/// Generates the dws-client crate's code from the DWS OpenAPI document.
///
/// Without flags, reads spec/dws.yaml and writes generated/src/generated.rs
/// (atomically, and only when the bytes change). With --check, writes nothing
/// and exits with 1 when the committed file differs from what the spec
/// produces, printing the reason, a semantic summary and a unified diff.
#[derive(Debug, Parser)]
#[command(name = "dws-codegen", version)]
struct Args {
    /// Compare the committed file with freshly generated code instead of
    /// writing it; exit with 1 and a diff when they differ.
    #[arg(long)]
    check: bool,

    /// OpenAPI 3.0 document to read (YAML or JSON).
    #[arg(long, value_name = "PATH", default_value_os_t = dws_codegen::default_spec_path())]
    spec: PathBuf,

    /// Rust file to write or check.
    #[arg(long, value_name = "PATH", default_value_os_t = dws_codegen::default_output_path())]
    output: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, dws_codegen::Error> {
    let started = Instant::now();
    let code = dws_codegen::generate(&args.spec)?;
    let elapsed = started.elapsed();
    let target = args.output.display();
    for warning in &code.warnings {
        eprintln!("{warning}\n");
    }

    if !args.check {
        let changed = output::write_atomic(&code, &args.output)?;
        let verb = if changed { "wrote" } else { "unchanged:" };
        eprintln!("{verb} {target} (generated in {} ms)", elapsed.as_millis());
        return Ok(ExitCode::SUCCESS);
    }

    match output::check(&code, &args.output)? {
        CheckOutcome::UpToDate => {
            eprintln!(
                "{target} is up to date (generated in {} ms)",
                elapsed.as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        CheckOutcome::Missing => {
            eprintln!(
                "error: {target} does not exist. Run `{}` to create it",
                regenerate_command(args)
            );
            Ok(ExitCode::FAILURE)
        }
        CheckOutcome::Stale { cause, diff } => {
            println!("{}\n", semantic_summary(&args.output, &code.source));
            println!("{diff}");
            eprintln!(
                "error: {target} is stale: {cause}.\n{}",
                next_step(args, &cause)
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Returns what to do about a stale file: regenerate, and review the
/// snapshot changes only when the spec changed.
fn next_step(args: &Args, cause: &StaleCause) -> String {
    let command = regenerate_command(args);
    match cause {
        StaleCause::SpecChanged { .. } | StaleCause::NoHeader => format!(
            "Run `{command}`, then run the tests and review the snapshot changes with \
             `cargo insta review` (or `INSTA_UPDATE=always cargo test --workspace` and `git diff`)"
        ),
        StaleCause::EditedOrGeneratorChanged => format!(
            "Run `{command}` to restore it; put hand-written code in another file of the crate"
        ),
    }
}

/// Returns the command that writes `args.output` from `args.spec`, naming
/// the paths only when they are not the defaults.
fn regenerate_command(args: &Args) -> String {
    let mut command = String::from("cargo run -p dws-codegen");
    let custom_spec = args.spec != dws_codegen::default_spec_path();
    let custom_output = args.output != dws_codegen::default_output_path();
    if custom_spec || custom_output {
        command.push_str(" --");
    }
    if custom_spec {
        command.push_str(&format!(" --spec {}", args.spec.display()));
    }
    if custom_output {
        command.push_str(&format!(" --output {}", args.output.display()));
    }
    command
}

/// Summarizes the API changes from the committed file to `generated`, or
/// returns the reason no summary can be made.
fn semantic_summary(committed_path: &std::path::Path, generated: &str) -> String {
    let committed = match std::fs::read_to_string(committed_path) {
        Ok(text) => text,
        Err(error) => {
            return format!(
                "Semantic summary unavailable: cannot read {}: {error}",
                committed_path.display()
            );
        }
    };
    match semantic_diff::compare(&committed, generated) {
        Ok(summary) => summary.to_string(),
        Err(error) => format!("Semantic summary unavailable: {error}"),
    }
}
