//! `diagnose` at the scale target: 500 nodes, 1,000,000 enterprises, ≈1.3M memberships,
//! 5,000,000 supply links, region 450200 (柳州市).

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_analysis::synthetic::{SyntheticSpec, generate};
use liantu_analysis::{DiagnosisRule, diagnose};
use liantu_model::RegionCode;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn bench(c: &mut Criterion) {
    let started = Instant::now();
    let input = generate(&SyntheticSpec::large());
    eprintln!(
        "built input in {:.2?}: {} nodes, {} enterprises, {} memberships, {} links",
        started.elapsed(),
        input.nodes.len(),
        input.enterprises.len(),
        input.memberships.len(),
        input.links.len()
    );
    // Invariant: a constant, valid code.
    let region = RegionCode::parse("450200").expect("valid region code");
    let rule = DiagnosisRule::default();

    let mut group = c.benchmark_group("diagnosis");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("large_450200", |b| {
        b.iter(|| diagnose(black_box(&input), black_box(&region), black_box(&rule)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
