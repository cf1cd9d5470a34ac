//! A bounded mutation fuzz of symbiosis instance files (`Instance::from_json` + `validate`, then
//! matching and the solve of an accepted instance): every input is a model or every problem in
//! words, never a panic or a hang; an accepted instance written back as JSON reads back equal.
//! About 20 s; `LIANTU_FUZZ_SECONDS` and `LIANTU_FUZZ_SEED` as in `liantu_testdata::fuzz`.

use liantu_symbiosis::{Catalog, Instance, synthetic};
use liantu_testdata::fuzz::Fuzz;

const EXAMPLE: &str = include_str!("../../../data/symbiosis/example-instance.json");

fn check(bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    let instance = Instance::from_json(&text).map_err(|e| e.to_string())?;
    let model = instance
        .clone()
        .validate(Catalog::builtin())
        .map_err(|e| e.to_string())?;
    let written = serde_json::to_string(&instance).expect("an instance serialises");
    let again = Instance::from_json(&written)
        .unwrap_or_else(|e| panic!("the written instance does not read back: {e}\n{written}"));
    assert_eq!(again, instance, "the instance changed in a round trip");
    // What a valid instance is for: matching with reasons, and the optimisation.
    let pairs = model.explain_all();
    assert_eq!(pairs.len(), model.offers.len() * model.needs.len());
    if let Err(e) = model.solve(None) {
        assert!(
            !e.to_string().trim().is_empty(),
            "a solve error without words"
        );
    }
    Ok(())
}

#[test]
fn instance_files_survive_mutation_and_round_trip() {
    let small = serde_json::to_string_pretty(&synthetic::instance(7, 6, 6, 5)).unwrap();
    let fixtures = vec![EXAMPLE.as_bytes().to_vec(), small.into_bytes()];
    for f in &fixtures {
        check(f).unwrap();
    }
    let tally = Fuzz::new("symbiosis json", 0x5B10)
        .seconds(20.0)
        .tokens(&[
            "null",
            "true",
            "false",
            "[]",
            "{}",
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            "\"",
            "\\u0000",
            "\\ud800",
            "-1",
            "1e400",
            "\"quantity\": ",
            "\"unit\": \"t\"",
            "\"park\": \"",
            "\"enterprise\": \"",
            "\"licences\": [\"HW34\"]",
            "\"mip\": true",
            "\"fixed_cost\": ",
            "\"min_exchange\": ",
            "\"distances\": [",
        ])
        .run_fixtures(fixtures, check);
    assert!(tally.accepted > 0 && tally.rejected > 0);
}

/// Found by the fuzz run: a coordinate with more digits than a double holds was read to a
/// neighbouring double (serde_json's fast path), so a saved instance moved by an ulp when read
/// back. The workspace reads JSON numbers correctly rounded (`float_roundtrip`).
#[test]
fn long_coordinates_survive_a_save() {
    let long = "24.630901423761076105";
    let text = EXAMPLE.replacen(
        "\"name\": \"氯碱厂",
        &format!("\"lat\": {long}, \"name\": \"氯碱厂"),
        1,
    );
    assert_ne!(text, EXAMPLE);
    let instance = Instance::from_json(&text).unwrap();
    assert_eq!(
        instance.enterprises[0].lat,
        Some(long.parse::<f64>().unwrap())
    );
    let again = Instance::from_json(&serde_json::to_string(&instance).unwrap()).unwrap();
    assert_eq!(again, instance);
}
