//! Bounded mutation fuzzing of the files the app reads itself: region × industry panels (CSV,
//! then the complexity of an accepted panel, as growth computes it) and diagnosis rules (TOML).
//! Every input is accepted or rejected with a message, never a panic or a hang; an accepted
//! panel or rule written back reads back equal. About 20 s in all; `LIANTU_FUZZ_SECONDS` (per
//! target) and `LIANTU_FUZZ_SEED` as in `liantu_testdata::fuzz`.

use liantu_app::{PanelMeta, parse_rule, read_panel_file};
use liantu_testdata::fuzz::Fuzz;
use std::collections::BTreeMap;
use std::path::Path;

const SECONDS: f64 = 10.0;

fn meta() -> PanelMeta {
    PanelMeta {
        id: "fuzz".into(),
        name_zh: "模糊测试".into(),
        name_en: "Fuzz".into(),
        measure: "employment".into(),
        source_title: "fuzz".into(),
        ..PanelMeta::default()
    }
}

/// The rows (with their names) as a panel file, written with the csv crate.
fn write_panel(path: &Path, panel: &liantu_store::PanelData) {
    let names = |pairs: &[(String, String)]| pairs.iter().cloned().collect::<BTreeMap<_, _>>();
    let (regions, industries) = (names(&panel.region_names), names(&panel.industry_names));
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record([
        "year",
        "region",
        "region_name",
        "industry",
        "industry_name",
        "value",
    ])
    .unwrap();
    for r in &panel.rows {
        let region_name = regions.get(&r.region).map_or("", String::as_str);
        let industry_name = industries.get(&r.industry).map_or("", String::as_str);
        w.write_record([
            r.time.as_str(),
            &r.region,
            region_name,
            &r.industry,
            industry_name,
            &r.value.to_string(),
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

/// Reads `bytes` as a panel file in `dir`; an accepted panel is written back and reread, and its
/// complexity computed (or refused with a message).
fn panel(dir: &Path, bytes: &[u8]) -> Result<(), String> {
    let path = dir.join("panel.csv");
    std::fs::write(&path, bytes).unwrap();
    let panel = read_panel_file(&path, &meta()).map_err(|e| e.to_string())?;
    let back = dir.join("back.csv");
    write_panel(&back, &panel);
    let again = read_panel_file(&back, &meta())
        .unwrap_or_else(|e| panic!("the written panel does not read back: {e}"));
    assert_eq!(again.rows, panel.rows);
    let mut cx = liantu_complexity::Panel::new();
    for r in &panel.rows {
        cx.push(&r.time, &r.region, &r.industry, r.value);
    }
    match liantu_complexity::compute(&cx, &liantu_complexity::Options::default()) {
        Ok(periods) => assert!(!periods.is_empty()),
        Err(e) => assert!(!e.to_string().trim().is_empty()),
    }
    Ok(())
}

/// The demo panel's rows for a few industries (all regions and years), and a small file with
/// quotes, CRLF, a BOM and Chinese column names.
fn panel_fixtures() -> Vec<Vec<u8>> {
    let demo = include_str!("../../../data/demo/industry_panel.csv");
    let mut lines = demo.lines();
    let header = lines.next().unwrap();
    let industries = ["1431", "2613", "3670", "3612"];
    let some: Vec<&str> = lines
        .filter(|l| industries.iter().any(|i| l.contains(&format!(",{i},"))))
        .collect();
    assert!(some.len() > 20);
    vec![
        format!("{header}\n{}\n", some.join("\n")).into_bytes(),
        "\u{feff}年份,地区,地区名称,行业,行业名称,从业人员\r\n\
         2023,450200,柳州市,3670,\"汽车零部件及配件制造\",\"12,000\"\r\n\
         2023,450200,柳州市,2613,\"无机盐, 制造\",800\r\n\
         2023,450100,南宁市,3670,,1500.5\r\n\
         2023,450100,南宁市,1431,米、面制品制造,0\r\n"
            .as_bytes()
            .to_vec(),
    ]
}

#[test]
fn panel_files_survive_mutation_and_round_trip() {
    let fixtures = panel_fixtures();
    let dir = tempfile::tempdir().unwrap();
    for f in &fixtures {
        panel(dir.path(), f).unwrap();
    }
    let tally = Fuzz::new("app panel csv", 0x9A4E)
        .seconds(SECONDS)
        .tokens(&[
            "\"", ",", "year", "region", "industry", "value", "NaN", "abc", "\u{202e}",
        ])
        .run_fixtures(fixtures, move |bytes| panel(dir.path(), bytes));
    assert!(tally.accepted > 0 && tally.rejected > 0);
}

fn rule(bytes: &[u8]) -> Result<(), String> {
    let rule =
        parse_rule(&String::from_utf8_lossy(bytes), "fuzz.toml").map_err(|e| e.to_string())?;
    let written = toml::to_string(&rule).expect("a rule serialises");
    let again = parse_rule(&written, "written.toml")
        .unwrap_or_else(|e| panic!("the written rule does not read back: {e}\n{written}"));
    assert_eq!(again, rule, "the rule changed in a round trip:\n{written}");
    Ok(())
}

#[test]
fn rule_files_survive_mutation_and_round_trip() {
    let full = toml::to_string(&liantu_analysis::DiagnosisRule::default()).unwrap();
    let fixtures = vec![
        full.into_bytes(),
        b"# stricter\nstrong_min_firms = 5\nweak_below_share = 0.02\n\n[stage_weights]\nupstream = 1.5\n"
            .to_vec(),
    ];
    for f in &fixtures {
        rule(f).unwrap();
    }
    let tally = Fuzz::new("app rule toml", 0x2B1E)
        .seconds(SECONDS)
        .tokens(&[
            " = ",
            "[stage_weights]\n",
            "nan",
            "inf",
            "-inf",
            "-1",
            "true",
            "\"",
            "[",
            "]",
        ])
        .run_fixtures(fixtures, rule);
    assert!(tally.accepted > 0 && tally.rejected > 0);
}
