//! The committed generated code must be what the spec produces now.

use dws_codegen::{CheckOutcome, default_output_path, default_spec_path, generate, output};

#[test]
fn committed_code_matches_spec() {
    let code = generate(&default_spec_path()).expect("the committed spec generates");

    match output::check(&code, &default_output_path()).expect("the generated file is readable") {
        CheckOutcome::UpToDate => {}
        CheckOutcome::Missing => {
            panic!("generated/src/generated.rs is missing; run `cargo run -p dws-codegen`")
        }
        CheckOutcome::Stale { cause, diff } => {
            panic!(
                "generated/src/generated.rs is stale: {cause}.\nRun `cargo run -p dws-codegen`.\n{diff}"
            )
        }
    }
}

#[test]
fn generation_is_deterministic() {
    let first = generate(&default_spec_path()).expect("the committed spec generates");
    let second = generate(&default_spec_path()).expect("the committed spec generates");

    assert_eq!(first.source, second.source);
}
