//! Import throughput: 1,000,000 enterprise rows (valid USCCs in random order) from CSV into
//! SQLite (`LIANTU_BENCH_ROWS` to change), measured beside the sqlite3 shell's `.import` of the
//! same file into a table with the same keys as `enterprises` and into a bare table, and a
//! 100,000-row XLSX. Peak memory: `examples/import_big.rs` under `/usr/bin/time -v`.

#[path = "common/mod.rs"]
mod common;

use common::Sqlite3Table;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::time::Duration;

/// One import of `file` into a fresh database, timed without the set-up.
fn liantu_import(rt: &tokio::runtime::Runtime, db: &Path, file: &Path) -> (Duration, u64) {
    common::timed_import(rt, rt.block_on(common::fresh_store(db)), file)
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let n = common::bench_rows();
    let csv = dir.path().join("enterprises.csv");
    common::write_csv(&csv, n).expect("csv");
    let xlsx = dir.path().join("enterprises.xlsx");
    common::write_xlsx(&xlsx, 100_000).expect("xlsx");
    let db = dir.path().join("bench.db");
    let sqlite_db = dir.path().join("sqlite3.db");
    let tables = [Sqlite3Table::SameKeys, Sqlite3Table::Bare];

    // One timed run of each, back to back, for the side-by-side figures printed at the end.
    let (ours, added) = liantu_import(&rt, &db, &csv);
    assert_eq!(added, n);
    let theirs = tables.map(|t| (t, common::sqlite3_import(&csv, &sqlite_db, t)));

    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function(format!("liantu csv {n} enterprises"), |b| {
        b.iter_custom(|iters| (0..iters).map(|_| liantu_import(&rt, &db, &csv).0).sum())
    });
    for (table, first) in theirs {
        if first.is_some() {
            group.bench_function(format!("{} csv {n} rows", table.label()), |b| {
                b.iter_custom(|iters| {
                    (0..iters)
                        .map(|_| {
                            common::sqlite3_import(&csv, &sqlite_db, table).unwrap_or_default()
                        })
                        .sum()
                })
            });
        }
    }
    group.bench_function("liantu xlsx 100000 enterprises", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| liantu_import(&rt, &db, &xlsx).0).sum())
    });
    group.finish();

    println!("\n{n} rows, USCCs in random order, one run each:");
    let line = |label: &str, t: Duration| {
        println!(
            "{label:<30} {:>6.2} s  {:>9.0} rows/s",
            t.as_secs_f64(),
            n as f64 / t.as_secs_f64()
        )
    };
    line("liantu import (validated)", ours);
    for (table, t) in theirs {
        match t {
            Some(t) => {
                line(table.label(), t);
                println!(
                    "{:<30} liantu takes {:.2}× as long",
                    "",
                    ours.as_secs_f64() / t.as_secs_f64()
                );
            }
            None => println!("sqlite3 not installed (apt-get install -y sqlite3): no comparison"),
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
