//! A bounded mutation fuzz of the knowledge-graph reader over the fixture: one of its six JSON
//! Lines files is mutated per case, and the directory must read as a graph or as located bad
//! lines, never a panic or a hang. An accepted graph is built, searched and drafted from, and a
//! draft's chain TOML must pass the chain parser. About 20 s; `LIANTU_FUZZ_SECONDS` and
//! `LIANTU_FUZZ_SEED` as in `liantu_testdata::fuzz`.

use crate::fixture;
use crate::{DraftOptions, Graph, draft, read_dir};
use liantu_testdata::fuzz::{Case, Fuzz, Mutator};
use std::path::Path;

const FILES: [(&str, &str); 6] = [
    ("product.json", fixture::PRODUCTS),
    ("product_product.json", fixture::RELATIONS),
    ("company.json", fixture::COMPANIES),
    ("industry.json", fixture::INDUSTRIES),
    ("company_industry.json", fixture::COMPANY_INDUSTRIES),
    ("company_product.json", fixture::OFFERINGS),
];

/// One fixture file replaced by a mutation.
struct KgCase {
    file: &'static str,
    bytes: Vec<u8>,
}

impl Case for KgCase {
    fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    fn file_name(&self) -> String {
        self.file.to_string()
    }
}

/// Reads `dir` (the fixture with `case` in place) and uses an accepted graph.
fn check(dir: &Path, case: &KgCase) -> Result<(), String> {
    let path = dir.join(case.file);
    std::fs::write(&path, &case.bytes).unwrap();
    let outcome = read_dir(dir).map_err(|e| e.to_string());
    let original = FILES.iter().find(|(f, _)| *f == case.file).unwrap().1;
    std::fs::write(&path, original).unwrap();
    let graph = Graph::new(outcome?);
    let _ = graph.search("轮胎", 10);
    let _ = graph.search("\u{202e}", 10);
    for root in (0..graph.product_count().min(3)).map(|i| graph.name(i as u32).to_string()) {
        let options = DraftOptions {
            root,
            depth: 2,
            max_nodes: 12,
            fold_subtypes: true,
            min_companies: 0,
            chain_id: None,
        };
        let Ok(d) = draft(&graph, &options) else {
            continue;
        };
        let toml = d.to_toml(&graph, "liantu kg draft");
        if let Err(problems) = liantu_chain::parse_chain(&toml) {
            panic!("a draft the chain parser refuses: {problems:?}\n{toml}");
        }
    }
    Ok(())
}

#[test]
fn kg_files_survive_mutation() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write(dir.path());
    read_dir(dir.path()).unwrap();
    let fixtures: Vec<(&'static str, Vec<u8>)> = FILES
        .iter()
        .map(|(f, text)| (*f, text.as_bytes().to_vec()))
        .collect();
    let words: Vec<Vec<u8>> = fixtures.iter().map(|(_, b)| b.clone()).collect();
    let fuzz = Fuzz::new("kg json lines", 0x4B6);
    let mutator = Mutator::new(fuzz.seed())
        .with_tokens(&[
            "{",
            "}",
            "[",
            "]",
            "null",
            "\"",
            ":",
            ",",
            "\\u0000",
            "\\ud800",
            "\"rel\": \"上游材料\"",
            "\"rel\": \"下游产品\"",
            "\"rel\": \"产品小类\"",
            "\"rel_weight\": ",
            "\"code\": \"",
        ])
        .learn(&words);
    let tally = fuzz.seconds(20.0).run(
        mutator,
        |m| {
            let (file, bytes) = m.pick(&fixtures);
            KgCase {
                file,
                bytes: m.mutate(bytes),
            }
        },
        move |case| check(dir.path(), case),
    );
    assert!(tally.accepted > 0 && tally.rejected > 0);
}
