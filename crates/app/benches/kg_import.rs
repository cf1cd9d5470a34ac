//! `liantu kg import` of the shared knowledge graph (`../shared/data/industry-chain-kg`, ≈95,000
//! products, ≈110,000 relations): parse + normalise + write into a fresh SQLite database (target
//! ≤ 10 s), the write alone, and loading it back into the in-memory graph (what `kg search` and
//! `chain from-kg` do first). Skips with a message when the data is absent.
//! `cargo bench -p liantu-store --bench kg_import`

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_kg::{Graph, read_dir};
use liantu_store::Store;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

async fn fresh(path: &Path) -> Store {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(&name);
    }
    Store::open(path, true).await.expect("open")
}

fn bench(c: &mut Criterion) {
    let Some(dir) = shared() else { return };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("kg.db");

    let mut group = c.benchmark_group("kg_import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("parse + write (kg import)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let store = rt.block_on(fresh(&db));
                let start = Instant::now();
                let data = read_dir(&dir).expect("parse");
                rt.block_on(store.replace_kg(&data)).expect("write");
                total += start.elapsed();
                rt.block_on(store.close());
            }
            total
        })
    });
    let data = read_dir(&dir).expect("parse");
    group.bench_function("write only", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let store = rt.block_on(fresh(&db));
                let start = Instant::now();
                rt.block_on(store.replace_kg(&data)).expect("write");
                total += start.elapsed();
                rt.block_on(store.close());
            }
            total
        })
    });
    // Replacing an existing import (deletes first).
    let store = rt.block_on(fresh(&db));
    rt.block_on(store.replace_kg(&data)).expect("write");
    group.bench_function("replace existing", |b| {
        b.iter(|| rt.block_on(store.replace_kg(&data)).expect("write"))
    });
    group.bench_function("load into graph", |b| {
        b.iter(|| {
            let data = rt.block_on(store.kg()).expect("load").expect("imported");
            Graph::new(data)
        })
    });
    group.finish();
    rt.block_on(store.close());
}

criterion_group!(benches, bench);
criterion_main!(benches);
