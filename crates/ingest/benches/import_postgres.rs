//! Import throughput on PostgreSQL: the enterprise CSV of `import.rs` (1,000,000 rows, valid
//! USCCs in random order; `LIANTU_BENCH_ROWS` to change) imported by liantu into PostgreSQL and
//! into SQLite, beside `psql`'s `\copy` of the same file into a table with the same keys, and
//! into one whose region is also a foreign key (liantu's tables check theirs; in PostgreSQL each
//! check is a lookup and a row lock per row: one foreign key nearly doubles the copy). The
//! server is the tests' throwaway one (`liantu_store::testing`: a cluster of its own, or
//! `LIANTU_TEST_POSTGRES_URL`); without one the benchmark says so and does nothing.

#[path = "common/mod.rs"]
mod common;

use common::PsqlTable;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::time::Duration;

fn on_postgres(rt: &tokio::runtime::Runtime, file: &Path) -> Option<Duration> {
    let url = rt.block_on(liantu_store::testing::new_database())?;
    let store = rt.block_on(common::fresh_postgres_store(&url));
    Some(common::timed_import(rt, store, file).0)
}

fn on_sqlite(rt: &tokio::runtime::Runtime, db: &Path, file: &Path) -> Duration {
    let store = rt.block_on(common::fresh_store(db));
    common::timed_import(rt, store, file).0
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let Some(copy_db) = rt.block_on(liantu_store::testing::new_database()) else {
        eprintln!("no PostgreSQL server: nothing measured");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let n = common::bench_rows();
    let csv = dir.path().join("enterprises.csv");
    common::write_csv(&csv, n).expect("csv");
    let db = dir.path().join("bench.db");

    // One run of each, back to back, for the side-by-side figures printed at the end.
    let postgres = on_postgres(&rt, &csv).expect("a server");
    let sqlite = on_sqlite(&rt, &db, &csv);
    let copy = common::psql_copy(&csv, &copy_db, PsqlTable::SameKeys);
    let copy_fk = common::psql_copy(&csv, &copy_db, PsqlTable::SameKeysAndForeignKey);

    let mut group = c.benchmark_group("import_postgres");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.bench_function(format!("liantu csv {n} enterprises into PostgreSQL"), |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| on_postgres(&rt, &csv).unwrap_or_default())
                .sum()
        })
    });
    for table in [PsqlTable::SameKeys, PsqlTable::SameKeysAndForeignKey] {
        if copy.is_none() {
            break;
        }
        group.bench_function(format!("{} csv {n} rows", table.label()), |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| common::psql_copy(&csv, &copy_db, table).unwrap_or_default())
                    .sum()
            })
        });
    }
    group.finish();

    println!("\n{n} rows, USCCs in random order, one run each:");
    let line = |label: &str, t: Duration| {
        println!(
            "{label:<40} {:>6.2} s  {:>9.0} rows/s",
            t.as_secs_f64(),
            n as f64 / t.as_secs_f64()
        )
    };
    line("liantu import into PostgreSQL", postgres);
    line("liantu import into SQLite", sqlite);
    match (copy, copy_fk) {
        (Some(t), Some(t_fk)) => {
            line(PsqlTable::SameKeys.label(), t);
            line(PsqlTable::SameKeysAndForeignKey.label(), t_fk);
            println!(
                "{:<40} liantu on PostgreSQL takes {:.2}× as long as the first, {:.2}× the second",
                "",
                postgres.as_secs_f64() / t.as_secs_f64(),
                postgres.as_secs_f64() / t_fk.as_secs_f64()
            );
        }
        _ => {
            println!("psql not installed (apt-get install -y postgresql-client): no comparison")
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
