//! The shared knowledge graph (`../shared/data/industry-chain-kg`): parse + normalise, graph
//! build, search, draft. Skips with a message when the data is absent.
//! `cargo bench -p liantu-kg --bench kg`

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_kg::{DraftOptions, Graph, draft, read_dir};
use std::hint::black_box;
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/industry-chain-kg");
    if dir.join("product.json").is_file() {
        Some(dir)
    } else {
        eprintln!("skipping: no shared knowledge graph at {}", dir.display());
        None
    }
}

fn bench(c: &mut Criterion) {
    let Some(dir) = shared() else { return };
    let mut group = c.benchmark_group("kg");
    group.sample_size(10);
    group.bench_function("parse shared graph", |b| {
        b.iter(|| black_box(read_dir(&dir).expect("parse")))
    });
    let data = read_dir(&dir).expect("parse");
    group.bench_function("build graph", |b| {
        b.iter(|| black_box(Graph::new(data.clone())))
    });
    let graph = Graph::new(data);
    group.bench_function("search 轮胎", |b| {
        b.iter(|| black_box(graph.search("轮胎", 20)))
    });
    group.bench_function("search 电 (many hits)", |b| {
        b.iter(|| black_box(graph.search("电", 20)))
    });
    let options = DraftOptions {
        root: "锂电池".into(),
        depth: 2,
        max_nodes: 40,
        fold_subtypes: true,
        min_companies: 0,
        chain_id: None,
    };
    group.bench_function("draft 锂电池 depth 2", |b| {
        b.iter(|| {
            black_box(
                draft(&graph, &options)
                    .expect("draft")
                    .to_toml(&graph, "bench"),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
