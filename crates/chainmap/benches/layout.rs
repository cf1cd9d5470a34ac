//! Layout and rendering speed: the built-in NEV chain (34 nodes) and a 500-node synthetic chain.

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_chainmap::{Lang, MapOptions, NodeDecoration, layout, render_svg, synthetic};
use liantu_model::NodeStatus;
use std::hint::black_box;

fn decorations(n: usize) -> Vec<NodeDecoration> {
    (0..n)
        .map(|i| NodeDecoration {
            status: Some(NodeStatus::ALL[i % NodeStatus::ALL.len()]),
            enterprise_count: Some((i * 7 % 40) as u32),
            href: Some(format!("/nodes/{i}")),
            tooltip: Some("tooltip".to_string()),
            output: None,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let chains = liantu_chain::builtin();
    let Some(nev) = chains.into_iter().find(|c| c.id == "nev-battery") else {
        eprintln!("nev-battery chain missing");
        return;
    };
    let big = synthetic::random_chain(500, 7);
    let options = MapOptions {
        lang: Lang::Zh,
        legend: true,
        standalone: true,
        frame: None,
    };
    let nev_deco = decorations(nev.nodes.len());
    let big_deco = decorations(big.nodes.len());

    let mut group = c.benchmark_group("chainmap");
    group.bench_function("layout_nev", |b| {
        b.iter(|| layout(black_box(&nev), Lang::Zh))
    });
    group.bench_function("render_nev", |b| {
        b.iter(|| render_svg(black_box(&nev), black_box(&nev_deco), &options))
    });
    group.sample_size(20);
    group.bench_function("layout_synthetic_500", |b| {
        b.iter(|| layout(black_box(&big), Lang::Zh))
    });
    group.bench_function("render_synthetic_500", |b| {
        b.iter(|| render_svg(black_box(&big), black_box(&big_deco), &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
