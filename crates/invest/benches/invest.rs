//! Scoring 100,000 candidates against the Liuzhou demo region, and 亩均 grading of 100,000
//! enterprises. Targets: each ≤ 1 s.

use criterion::{Criterion, criterion_group, criterion_main};
#[path = "../tests/common/demo.rs"]
mod demo;

use liantu_invest::{
    Candidate, GradeInput, Profile, ScoreOptions, ScoringContext, grade, score, score_with,
};
use std::hint::black_box;

/// The demo region's scoring context (node contexts as the app builds them; no parks).
fn demo_context() -> ScoringContext {
    let nodes = demo::demo_nodes();
    ScoringContext {
        nodes,
        parks: Vec::new(),
        densities: None,
    }
}

fn candidates(ctx: &ScoringContext, n: usize) -> Vec<Candidate> {
    let parks = [
        None,
        Some("luzhai-chem"),
        Some("liudong-auto"),
        Some("hexi-industrial"),
    ];
    (0..n)
        .map(|i| {
            let f = i as f64;
            let mut c = Candidate::new(
                &format!("c{i:06}"),
                &format!("候选项目{i}"),
                20_000.0 + (i % 997) as f64 * 173.0,
            );
            c.land_mu = Some(40.0 + (i % 61) as f64);
            c.expected_output = Some(30_000.0 + f % 50_000.0);
            c.expected_tax = Some(500.0 + (i % 89) as f64 * 31.0);
            c.rd_intensity = Some((i % 9) as f64 * 0.008);
            c.high_tech = i % 3 == 0;
            c.specialized = i % 7 == 0;
            c.patents = Some((i % 31) as u32);
            c.energy_tce_per_wan = Some((i % 13) as f64 * 0.03);
            c.emissions_tco2_per_wan = Some((i % 17) as f64 * 0.07);
            c.industry_code = Some(["2613", "3985", "3670", "2661", "2651", "2021"][i % 6].into());
            c.park = parks[i % 4].map(str::to_string);
            let k = ctx.nodes.len();
            c.nodes = vec![
                ctx.nodes[i % k].key.clone(),
                ctx.nodes[(i * 7 + 3) % k].key.clone(),
            ];
            c
        })
        .collect()
}

fn firms(n: usize) -> Vec<GradeInput> {
    (0..n)
        .map(|i| GradeInput {
            industry_code: Some(["3670", "2613", "4411", "2021"][i % 4].into()),
            founded: Some(1990 + (i % 35) as i32),
            above_scale: i % 5 != 0,
            land_mu: (i % 50 != 0).then_some(10.0 + (i % 300) as f64),
            tax: Some(50.0 + (i % 1000) as f64 * 3.1),
            value_added: Some(500.0 + (i % 777) as f64 * 11.0),
            revenue: Some(3_000.0 + (i % 555) as f64 * 40.0),
            employees: Some(20 + (i % 400) as i64),
            energy_tce: Some(100.0 + (i % 900) as f64),
            emissions_tco2: Some(200.0 + (i % 1300) as f64),
            rd_expense: Some((i % 90) as f64 * 2.0),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let profile = Profile::from_toml(include_str!("../../../data/profiles/liuzhou.toml")).unwrap();
    let ctx = demo_context();
    let list = candidates(&ctx, 100_000);
    let mut group = c.benchmark_group("invest");
    group.sample_size(10);
    let top = ScoreOptions {
        explain_top: Some(100),
        explain_skip: 0,
    };
    group.bench_function("score 100k candidates, sentences for the top 100", |b| {
        b.iter(|| black_box(score_with(black_box(&list), &ctx, &profile, &top)).explained)
    });
    group.bench_function("score 100k candidates, all sentences", |b| {
        b.iter(|| black_box(score(black_box(&list), &ctx, &profile)).explained)
    });
    let all = firms(100_000);
    group.bench_function("grade 100k enterprises", |b| {
        b.iter(|| black_box(grade(black_box(&all), 2024, &profile.grading)).graded)
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
