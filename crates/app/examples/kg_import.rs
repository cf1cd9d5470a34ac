//! What `liantu kg import DIR` and then `liantu kg search` do, timed step by step, for peak-memory
//! measurement without building the whole CLI in release:
//! `cargo build --release -p liantu-store --example kg_import &&
//!  /usr/bin/time -v target/release/examples/kg_import ../shared/data/industry-chain-kg /tmp/kg.db`

use liantu_kg::{Graph, read_dir};
use liantu_store::Store;
use std::path::PathBuf;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(db)) = (args.next(), args.next()) else {
        eprintln!("usage: kg_import DIR DB (DB is created, must not exist)");
        std::process::exit(2);
    };
    let db = PathBuf::from(db);
    if db.exists() {
        eprintln!("{} exists", db.display());
        std::process::exit(2);
    }
    let store = Store::open(&db, true).await.expect("open");
    let start = Instant::now();
    let data = match read_dir(std::path::Path::new(&dir)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let parsed = start.elapsed();
    store.replace_kg(&data).await.expect("write");
    let imported = start.elapsed();
    drop(data);
    let load_start = Instant::now();
    let data = store.kg().await.expect("load").expect("imported");
    let fetched = load_start.elapsed();
    let graph = Graph::new(data);
    let loaded = load_start.elapsed();
    let search_start = Instant::now();
    let hits = graph.search("轮胎", 20);
    let searched = search_start.elapsed();
    println!(
        "parse {:.3} s, import total {:.3} s; load: fetch {:.3} s, graph {:.3} s; search 轮胎 {:.1} ms ({} hits shown)",
        parsed.as_secs_f64(),
        imported.as_secs_f64(),
        fetched.as_secs_f64(),
        (loaded - fetched).as_secs_f64(),
        searched.as_secs_f64() * 1000.0,
        hits.len()
    );
    store.close().await;
}
