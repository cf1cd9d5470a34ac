//! Bounded mutation fuzzing of the invest crate's file parsers: profiles (TOML), input-output
//! tables (CSV, then the Leontief model of an accepted table) and candidate files (CSV). Every
//! input is accepted or rejected with a message, never a panic or a hang; an accepted profile
//! or candidate list written back reads back equal. About 20 s in all; `LIANTU_FUZZ_SECONDS`
//! (per target) and `LIANTU_FUZZ_SEED` as in `liantu_testdata::fuzz`.

use liantu_invest::io::{leontief, parse_io_csv};
use liantu_invest::{Profile, parse_candidates_csv, write_candidates_csv};
use liantu_testdata::fuzz::Fuzz;

const SECONDS: f64 = 7.0;

fn repo_file(rel: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn profile(bytes: &[u8]) -> Result<(), String> {
    let profile = Profile::from_toml(&String::from_utf8_lossy(bytes)).map_err(|e| e.to_string())?;
    let written = toml::to_string(&profile).expect("a profile serialises");
    let again = Profile::from_toml(&written)
        .unwrap_or_else(|e| panic!("the written profile does not read back: {e}\n{written}"));
    assert_eq!(
        again, profile,
        "the profile changed in a round trip:\n{written}"
    );
    for park in profile
        .parks
        .iter()
        .map(|p| Some(p.id.as_str()))
        .chain([None])
    {
        let resolved = profile.park(park);
        assert!(resolved.weights.total().is_finite());
    }
    Ok(())
}

#[test]
fn profiles_survive_mutation_and_round_trip() {
    let fixtures = vec![
        repo_file("data/profiles/liuzhou.toml"),
        repo_file("data/profiles/liuzhou-chain-first.toml"),
    ];
    for f in &fixtures {
        profile(f).unwrap();
    }
    let tally = Fuzz::new("invest profile toml", 0x9F0)
        .seconds(SECONDS)
        .tokens(&[
            "[[parks]]\n",
            "[scoring.weights]\n",
            "[grading]\n",
            " = ",
            "\"",
            "'''",
            "[",
            "]",
            "{",
            "}",
            "nan",
            "inf",
            "-inf",
            "true",
            "format = 1\n",
            "1979-05-27",
        ])
        .run_fixtures(fixtures, profile);
    assert!(tally.accepted > 0 && tally.rejected > 0);
}

/// A small competitive-import table and a non-competitive one.
const SMALL_TABLES: [&str; 2] = [
    "Code,Description,DescriptionInChinese,01,02,03,TIU,TFU,IM,ERR,GO\n\
     01,Agriculture,农业,10,20,5,35,70,5,0,100\n\
     02,Mining,采矿,15,30,10,55,150,5,0,200\n\
     03,\"Manufacturing, all\",制造业,20,40,60,120,190,10,0,300\n\
     TII,Total,合计,45,90,75,,,,,\n\
     TVA,Value added,增加值,55,110,225,,,,,\n",
    "\u{feff}Code,Description,DescriptionInChinese,Origin,01,02,TFU,GO\r\n\
     01,Goods,货物,Domestic,1.5,2,6.5,10\r\n\
     01,Goods,货物,Imported,0.5,1,0,\r\n\
     02,Services,服务,Domestic,3,4,13,20\r\n\
     02,Services,服务,Imported,1,1,0,\r\n\
     TVA,Value added,增加值,,5,13,,\r\n",
];

fn io_table(bytes: &[u8]) -> Result<(), String> {
    let table = parse_io_csv(&String::from_utf8_lossy(bytes)).map_err(|e| e.to_string())?;
    let n = table.sectors.len();
    assert_eq!(table.flows.len(), n * n);
    assert_eq!(table.final_demand.len(), n);
    assert_eq!(table.total_output.len(), n);
    // An accepted table can be analysed, or says why not.
    if let Err(e) = leontief(&table) {
        assert!(!e.to_string().trim().is_empty());
    }
    Ok(())
}

#[test]
fn io_tables_survive_mutation() {
    let mut fixtures: Vec<Vec<u8>> = SMALL_TABLES.iter().map(|t| t.as_bytes().to_vec()).collect();
    if let Some(real) = liantu_testdata::shared("input-output/china_io_2020_42.csv") {
        fixtures.push(std::fs::read(real).unwrap());
    }
    for f in &fixtures {
        io_table(f).unwrap();
    }
    let tally = Fuzz::new("invest io csv", 0x10C5)
        .seconds(SECONDS)
        .tokens(&[
            "Code", "TFU", "GO", "IM", "ERR", "TVA", "Origin", "Domestic", "\"", ",,,",
        ])
        .run_fixtures(fixtures, io_table);
    assert!(tally.accepted > 0 && tally.rejected > 0);
}

fn candidates(bytes: &[u8]) -> Result<(), String> {
    let list = parse_candidates_csv(&String::from_utf8_lossy(bytes)).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let written = write_candidates_csv(&list);
    let again = parse_candidates_csv(&written)
        .unwrap_or_else(|e| panic!("the written candidates do not read back: {e:?}\n{written}"));
    assert_eq!(
        again, list,
        "the candidates changed in a round trip:\n{written}"
    );
    Ok(())
}

#[test]
fn candidate_files_survive_mutation_and_round_trip() {
    let fixtures = vec![
        repo_file("data/demo/candidates.csv"),
        "id,name,investment,land_mu,nodes,rd_intensity,high_tech\n\
         a,甲,\"1,000\",2,nev-battery:cathode|nev-battery:anode,0.04,1\n\
         b,\"乙 \"\"项目\"\"\",0,,,,0\n"
            .as_bytes()
            .to_vec(),
    ];
    for f in &fixtures {
        candidates(f).unwrap();
    }
    let tally = Fuzz::new("invest candidates csv", 0xCA4D)
        .seconds(SECONDS)
        .tokens(&[
            "\"",
            ",",
            "|",
            ":",
            "=HYPERLINK(\"x\")",
            "\u{202e}\u{200b}",
            "是",
            "否",
        ])
        .run_fixtures(fixtures, candidates);
    assert!(tally.accepted > 0 && tally.rejected > 0);
}
