//! Drafts a chain from the shared knowledge graph and prints it:
//! `cargo run -p liantu-kg --example kg_draft -- ROOT DEPTH [fold]`.
use liantu_kg::{DraftOptions, Graph, draft, read_dir};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/industry-chain-kg");
    let start = Instant::now();
    let data = match read_dir(&dir) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let parsed = start.elapsed();
    let g = Graph::new(data);
    eprintln!("parse {parsed:?}, graph {:?}", start.elapsed() - parsed);
    let options = DraftOptions {
        root: args.get(1).cloned().unwrap_or_else(|| "轮胎".into()),
        depth: args.get(2).and_then(|d| d.parse().ok()).unwrap_or(2),
        max_nodes: 40,
        fold_subtypes: args.get(3).is_some_and(|f| f == "fold"),
        min_companies: 0,
        chain_id: None,
    };
    match draft(&g, &options) {
        Ok(d) => print!("{}", d.to_toml(&g, "kg_draft example")),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
