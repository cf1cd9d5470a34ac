//! A bounded mutation fuzz of the chain TOML parser over the built-in chain files: every input is
//! a chain or a list of located problems, never a panic or a hang, and an accepted chain written
//! back as TOML parses to the same chain. About 20 s; `LIANTU_FUZZ_SECONDS` and
//! `LIANTU_FUZZ_SEED` as in `liantu_testdata::fuzz`.

use liantu_chain::{builtin_sources, parse_chain};
use liantu_testdata::fuzz::Fuzz;

/// A chain, or its problems; every problem must point inside the file.
fn parse(bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    let problems = match parse_chain(&text) {
        Ok(chain) => {
            let file = liantu_model::chain::ChainFile::from(chain.clone());
            let written = toml::to_string(&file).expect("a parsed chain serialises");
            let again = parse_chain(&written).unwrap_or_else(|p| {
                panic!("the re-serialised chain does not parse: {p:?}\n{written}")
            });
            assert_eq!(
                again, chain,
                "the chain changed in a round trip:\n{written}"
            );
            return Ok(());
        }
        Err(problems) => problems,
    };
    let lines = text.split('\n').count();
    for p in &problems {
        assert!(
            (1..=lines).contains(&p.line) && p.column >= 1,
            "{p} is outside the file ({lines} lines)"
        );
    }
    Err(problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n"))
}

#[test]
fn chain_files_survive_mutation_and_round_trip() {
    let fixtures: Vec<Vec<u8>> = builtin_sources()
        .iter()
        .map(|(_, text)| text.as_bytes().to_vec())
        .collect();
    for f in &fixtures {
        parse(f).unwrap();
    }
    let tally = Fuzz::new("chain toml", 0xC4A1)
        .seconds(20.0)
        .tokens(&[
            "[[nodes]]\n",
            "[[edges]]\n",
            "[nodes]\n",
            " = ",
            "\"",
            "'''",
            "\"\"\"",
            "\\u0000",
            "\\uD800",
            "[]",
            "{}",
            "[",
            "]",
            "{",
            "}",
            "nan",
            "inf",
            "true",
            "1979-05-27T07:32:00Z",
            "coefficient = ",
            "kind = \"material\"\n",
            "stage = \"upstream\"\n",
            "industry_codes = [\"3841\"]\n",
            "from = \"",
            "to = \"",
            "id = \"",
            "\u{202e}\u{200b}",
        ])
        .run_fixtures(fixtures, parse);
    assert!(tally.accepted > 0 && tally.rejected > 0);
}
