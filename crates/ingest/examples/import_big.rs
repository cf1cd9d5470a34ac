//! Imports a synthetic enterprise CSV (default 1,000,000 rows, valid USCCs in random order) into
//! a fresh SQLite database and prints rows/s beside the sqlite3 shell's `.import` of the same
//! file into a table with the same keys and into a bare table; run under `/usr/bin/time -v` for
//! the peak RSS (the sqlite3 runs are child processes, not counted):
//!
//! ```sh
//! cargo build --release -p liantu-ingest --example import_big
//! /usr/bin/time -v target/release/examples/import_big 1000000
//! ```

#[path = "../benches/common/mod.rs"]
mod common;

use common::Sqlite3Table;
use liantu_ingest::{ImportOptions, Kind, import_file};
use std::time::Instant;

#[tokio::main]
async fn main() {
    let rows: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("enterprises.csv");
    common::write_csv(&csv, rows).expect("csv");
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    let store = common::fresh_store(&dir.path().join("big.db")).await;
    let start = Instant::now();
    let s = import_file(&store, Kind::Enterprises, &csv, &ImportOptions::default())
        .await
        .expect("import");
    let t = start.elapsed().as_secs_f64();
    store.close().await;
    assert_eq!(s.added, rows);
    println!(
        "{rows} rows, {:.0} MB CSV, USCCs in random order",
        size as f64 / 1e6
    );
    println!(
        "{:<30} {t:>6.2} s  {:>9.0} rows/s",
        "liantu import (validated)",
        rows as f64 / t
    );
    for table in [Sqlite3Table::SameKeys, Sqlite3Table::Bare] {
        match common::sqlite3_import(&csv, &dir.path().join("sqlite3.db"), table) {
            Some(t3) => println!(
                "{:<30} {:>6.2} s  {:>9.0} rows/s  liantu/sqlite3 time {:.2}",
                table.label(),
                t3.as_secs_f64(),
                rows as f64 / t3.as_secs_f64(),
                t / t3.as_secs_f64()
            ),
            None => println!("sqlite3 not installed (apt-get install -y sqlite3): no comparison"),
        }
    }
}
