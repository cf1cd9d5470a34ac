//! Imports a synthetic enterprise CSV (default 1,000,000 rows) into a fresh SQLite database and
//! prints rows/s; run under `/usr/bin/time -v` for the peak RSS:
//!
//! ```sh
//! cargo build --release -p liantu-ingest --example import_big
//! /usr/bin/time -v target/release/examples/import_big 1000000
//! ```

#[path = "../benches/common/mod.rs"]
mod common;

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
    println!(
        "liantu import: {} rows ({:.0} MB CSV) in {t:.2} s = {:.0} rows/s",
        s.added,
        size as f64 / 1e6,
        s.added as f64 / t
    );
    if let Some(t3) = common::sqlite3_import(&csv, &dir.path().join("sqlite3.db")) {
        println!(
            "sqlite3 .import: {rows} rows in {:.2} s = {:.0} rows/s; ratio liantu/sqlite3 time = {:.2}",
            t3.as_secs_f64(),
            rows as f64 / t3.as_secs_f64(),
            t / t3.as_secs_f64()
        );
    }
}
