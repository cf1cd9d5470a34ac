//! Makes a hostile file, or reads one the way an import does (header found, every row read)
//! and prints how it ended and how long it took; run the reading under `/usr/bin/time -v` for
//! its peak memory:
//!
//! ```sh
//! cargo build --release -p liantu-ingest --example hostile
//! for case in far-cell string-count merge merge-to-last-row zip-bomb long-line valid-100k; do
//!     target/release/examples/hostile make $case /tmp/$case
//!     /usr/bin/time -f "peak %M KiB" target/release/examples/hostile read /tmp/$case
//! done
//! /usr/bin/time -f "peak %M KiB" target/release/examples/hostile read /dev/zero
//! ```

#[path = "../tests/common/hostile.rs"]
mod hostile;

use liantu_ingest::Kind;
use liantu_ingest::source::open;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

fn uscc(i: u64) -> String {
    let body = format!("91450204{i:09}");
    let check = liantu_model::uscc::check_char(&body).expect("check character");
    format!("{body}{check}")
}

fn make(case: &str, path: &Path) -> std::io::Result<()> {
    let book = || hostile::enterprise_workbook(2, uscc);
    let bytes = match case {
        "far-cell" => hostile::far_cell(&book()),
        "string-count" => hostile::huge_string_count(&book()),
        "merge" => hostile::huge_merge(&book()),
        "merge-to-last-row" => hostile::huge_merge_to_the_last_row(&book()),
        "zip-bomb" => hostile::inflating(&book(), 1 << 30),
        "valid-100k" => hostile::enterprise_workbook(100_000, uscc),
        "valid-1m" => hostile::enterprise_workbook(1_048_575, uscc),
        "long-line" => {
            // 100 MB in one line, written in pieces.
            let mut out = BufWriter::new(File::create(path)?);
            write!(out, "uscc,name,region,ownership\n{},", uscc(1))?;
            for _ in 0..100 {
                out.write_all(&[b'x'; 1 << 20])?;
            }
            return writeln!(out, ",450204,民营");
        }
        other => panic!("unknown case {other}"),
    };
    std::fs::write(path, bytes)
}

fn read(path: &Path) {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    let outcome = open(path, Kind::Enterprises.columns(), None).and_then(|mut opened| {
        let mut rows = 0u64;
        while opened.rows.next_row()?.is_some() {
            rows += 1;
        }
        Ok(rows)
    });
    let seconds = start.elapsed().as_secs_f64();
    let name = path.display();
    match outcome {
        Ok(rows) => println!("{name} ({size} bytes): {rows} rows read in {seconds:.3} s"),
        Err(e) => println!("{name} ({size} bytes): refused in {seconds:.3} s: {e}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1..).unwrap_or_default() {
        [verb, case, path] if verb == "make" => make(case, Path::new(path)).expect("write"),
        [verb, path] if verb == "read" => read(Path::new(path)),
        _ => eprintln!("usage: hostile make CASE FILE | hostile read FILE"),
    }
}
