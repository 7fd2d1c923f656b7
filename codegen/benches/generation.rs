//! Times validation and whole generation (validation, progenitor and
//! formatting) for the real spec and for synthetic specs of 10, 100 and 500
//! operations, and prints one table row per spec.
//!
//! Run with `cargo bench -p dws-codegen --bench generation --locked`.
//! Each spec is generated once to warm up, then repeatedly until
//! `BUDGET` has passed (at least `MIN_RUNS`, at most `MAX_RUNS` times).

use std::path::Path;
use std::time::{Duration, Instant};

use dws_codegen::{default_spec_path, generate, synthetic, validate};

/// Time spent measuring one step of one spec.
const BUDGET: Duration = Duration::from_secs(5);

/// Fewest timed runs per step.
const MIN_RUNS: usize = 3;

/// Most timed runs per step.
const MAX_RUNS: usize = 50;

/// Operation counts of the synthetic specs.
const SYNTHETIC_SIZES: [usize; 3] = [10, 100, 500];

fn main() {
    let folder = tempfile::tempdir().expect("a temporary folder for the synthetic specs");
    let mut cases = vec![("spec/dws.yaml".to_owned(), default_spec_path())];
    for operations in SYNTHETIC_SIZES {
        let path = folder.path().join(format!("synthetic-{operations}.yaml"));
        std::fs::write(&path, synthetic::spec_with_operations(operations))
            .expect("the synthetic spec is written");
        cases.push((format!("synthetic, {operations} operations"), path));
    }

    println!(
        "{:<28} {:>10} {:>9} {:>22} {:>22} {:>10} {:>5}",
        "spec", "operations", "size KiB", "validate ms", "generate ms", "ms per op", "runs"
    );
    for (label, path) in cases {
        let operations = operation_count(&path);
        let size = std::fs::metadata(&path).expect("the spec exists").len() as f64 / 1024.0;
        let validation = measure(|| {
            validate::validate_file(&path).expect("the spec validates");
        });
        let generation = measure(|| {
            generate(&path).expect("the spec generates");
        });
        println!(
            "{:<28} {:>10} {:>9.1} {:>22} {:>22} {:>10.2} {:>5}",
            label,
            operations,
            size,
            validation.to_string(),
            generation.to_string(),
            generation.median_ms / operations.max(1) as f64,
            generation.runs,
        );
    }
}

fn operation_count(path: &Path) -> usize {
    let spec = validate::validate_file(path).expect("the spec validates");
    spec.document
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .map(|item| item.iter().count())
        .sum()
}

/// Median and minimum of the timed runs, in milliseconds.
struct Timing {
    median_ms: f64,
    min_ms: f64,
    runs: usize,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1} (min {:.1})", self.median_ms, self.min_ms)
    }
}

fn measure(mut step: impl FnMut()) -> Timing {
    step();
    let mut samples = Vec::new();
    let started = Instant::now();
    while samples.len() < MIN_RUNS || (started.elapsed() < BUDGET && samples.len() < MAX_RUNS) {
        let run = Instant::now();
        step();
        samples.push(run.elapsed().as_secs_f64() * 1000.0);
    }
    samples.sort_by(f64::total_cmp);
    Timing {
        median_ms: samples[samples.len() / 2],
        min_ms: samples[0],
        runs: samples.len(),
    }
}
