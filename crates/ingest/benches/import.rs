//! Import throughput: 1,000,000 enterprise rows from CSV into SQLite (`LIANTU_BENCH_ROWS` to
//! change), measured beside the sqlite3 shell's `.import` of the same file, and a 100,000-row
//! XLSX. Peak memory: `examples/import_big.rs` under `/usr/bin/time -v`.

#[path = "common/mod.rs"]
mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_ingest::{ImportOptions, Kind, import_file};
use std::time::{Duration, Instant};

fn rows() -> u64 {
    std::env::var("LIANTU_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let n = rows();
    let csv = dir.path().join("enterprises.csv");
    common::write_csv(&csv, n).expect("csv");
    let xlsx = dir.path().join("enterprises.xlsx");
    common::write_xlsx(&xlsx, 100_000).expect("xlsx");
    let db = dir.path().join("bench.db");
    let sqlite_db = dir.path().join("sqlite3.db");

    // One timed run of each, for the ratio printed below the criterion output.
    let store = rt.block_on(common::fresh_store(&db));
    let start = Instant::now();
    let s = rt
        .block_on(import_file(
            &store,
            Kind::Enterprises,
            &csv,
            &ImportOptions::default(),
        ))
        .expect("import");
    let ours = start.elapsed();
    rt.block_on(store.close());
    assert_eq!(s.added, n);
    let theirs = common::sqlite3_import(&csv, &sqlite_db);

    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function(format!("liantu csv {n} enterprises"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let store = rt.block_on(common::fresh_store(&db));
                let start = Instant::now();
                rt.block_on(import_file(
                    &store,
                    Kind::Enterprises,
                    &csv,
                    &ImportOptions::default(),
                ))
                .expect("import");
                total += start.elapsed();
                rt.block_on(store.close());
            }
            total
        })
    });
    if theirs.is_some() {
        group.bench_function(format!("sqlite3 .import csv {n} rows"), |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| common::sqlite3_import(&csv, &sqlite_db).unwrap_or_default())
                    .sum()
            })
        });
    }
    group.bench_function("liantu xlsx 100000 enterprises", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let store = rt.block_on(common::fresh_store(&db));
                let start = Instant::now();
                rt.block_on(import_file(
                    &store,
                    Kind::Enterprises,
                    &xlsx,
                    &ImportOptions::default(),
                ))
                .expect("import");
                total += start.elapsed();
                rt.block_on(store.close());
            }
            total
        })
    });
    group.finish();

    println!(
        "\nliantu: {n} rows in {:.2} s = {:.0} rows/s",
        ours.as_secs_f64(),
        n as f64 / ours.as_secs_f64()
    );
    match theirs {
        Some(t) => println!(
            "sqlite3 .import: {n} rows in {:.2} s = {:.0} rows/s; liantu takes {:.2}× as long (validation included)",
            t.as_secs_f64(),
            n as f64 / t.as_secs_f64(),
            ours.as_secs_f64() / t.as_secs_f64()
        ),
        None => println!("sqlite3 not installed (apt-get install -y sqlite3): no comparison"),
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
