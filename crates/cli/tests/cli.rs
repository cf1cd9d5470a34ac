//! The `liantu` binary driven as a user would: real files, real database, exit codes.

mod common;

use common::{demo_db, liantu, stderr, stdout};
use std::path::Path;
use std::process::Output;

#[test]
fn diagnose_json_shows_missing_battery_materials_with_rule_and_link_count() {
    let (dir, db) = demo_db();
    let out = liantu(
        dir.path(),
        &[
            "diagnose",
            "--db",
            db.to_str().unwrap(),
            "--chain",
            "nev-battery",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    for id in ["lithium-carbonate", "electrolyte", "cathode"] {
        let node = nodes.iter().find(|n| n["id"] == id).unwrap();
        let status = node["status"].as_str().unwrap();
        assert!(status == "missing" || status == "weak", "{id}: {status}");
        assert!(!node["reason_zh"].as_str().unwrap().is_empty());
        assert!(node["local_supply"]["link_count"].is_u64());
    }
    let supply = &json["local_supply"];
    assert!(supply["link_count"].as_u64().unwrap() > 0);
    assert!(supply["rate"].as_f64().unwrap() > 0.0);
    assert_eq!(json["region"]["code"], "450200");
    assert_eq!(json["illustrative"], true);
    assert!(json["rule_zh"].as_str().unwrap().contains("空白"));
}

#[test]
fn diagnose_table_and_csv() {
    let (dir, db) = demo_db();
    let db = db.to_str().unwrap();
    let out = liantu(dir.path(), &["diagnose", "--db", db, "--chain", "forestry"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("本地配套率") && text.contains("链主"),
        "{text}"
    );
    let out = liantu(
        dir.path(),
        &[
            "diagnose", "--db", db, "--chain", "luosifen", "--region", "450204", "--format", "csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(&reader.headers().unwrap()[0], "node");
    assert!(reader.records().count() >= 15);
}

#[test]
fn a_rule_file_changes_the_verdict() {
    let (dir, db) = demo_db();
    let rule = dir.path().join("rule.toml");
    // Nothing is strong when strong needs 1000 firms.
    std::fs::write(&rule, "strong_min_firms = 1000\n").unwrap();
    let args = |rule: Option<&Path>| {
        let mut a = vec![
            "diagnose",
            "--db",
            db.to_str().unwrap(),
            "--chain",
            "nev-battery",
            "--format",
            "json",
        ];
        if let Some(r) = rule {
            a.extend(["--rule", r.to_str().unwrap()]);
        }
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let strong = |out: &Output| {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["status"] == "strong")
            .count()
    };
    let default_args = args(None);
    let refs: Vec<&str> = default_args.iter().map(String::as_str).collect();
    assert!(strong(&liantu(dir.path(), &refs)) > 0);
    let strict_args = args(Some(&rule));
    let refs: Vec<&str> = strict_args.iter().map(String::as_str).collect();
    assert_eq!(strong(&liantu(dir.path(), &refs)), 0);
    std::fs::write(&rule, "strong_min_firm = 3\n").unwrap();
    let out = liantu(dir.path(), &refs);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

const BAD_CHAIN: &str = r#"id = "bad"
name_zh = "坏链"
name_en = "Bad"

[[nodes]]
id = "a"
name_zh = "甲"
name_en = "A"
stage = "upstrem"
industry_codes = ["26X1"]

[[nodes]]
id = "a"
name_zh = "乙"
name_en = "B"
stage = "midstream"
industry_codes = ["2613"]

[[edges]]
from = "a"
to = "ghost"
kind = "supplies"
"#;

#[test]
fn chain_check_lists_every_error_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, BAD_CHAIN).unwrap();
    let out = liantu(dir.path(), &["chain", "check", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for located in [
        "bad.toml:9:9:",
        "bad.toml:10:19:",
        "bad.toml:13:6:",
        "bad.toml:21:6:",
    ] {
        assert!(err.contains(located), "missing {located} in\n{err}");
    }
    assert!(err.contains("4 error(s)"), "{err}");
    // The same file cannot be installed, and the database is unchanged.
    let (dir, db) = demo_db();
    std::fs::write(dir.path().join("bad.toml"), BAD_CHAIN).unwrap();
    let db = db.to_str().unwrap();
    let before = stdout(&liantu(
        dir.path(),
        &["chain", "list", "--db", db, "--format", "json"],
    ));
    let out = liantu(dir.path(), &["chain", "install", "bad.toml", "--db", db]);
    assert_eq!(out.status.code(), Some(2));
    let after = stdout(&liantu(
        dir.path(),
        &["chain", "list", "--db", db, "--format", "json"],
    ));
    assert_eq!(before, after);
}

#[test]
fn builtin_templates_pass_chain_check() {
    let dir = tempfile::tempdir().unwrap();
    let chains = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/chains");
    for entry in std::fs::read_dir(chains).unwrap() {
        let path = entry.unwrap().path();
        let out = liantu(dir.path(), &["chain", "check", path.to_str().unwrap()]);
        assert!(out.status.success(), "{}: {}", path.display(), stderr(&out));
    }
}

#[test]
fn user_errors_exit_2_with_a_message() {
    let (dir, db) = demo_db();
    let db = db.to_str().unwrap();
    let cases: &[&[&str]] = &[
        &["diagnose", "--db", db, "--chain", "steel"],
        &[
            "diagnose",
            "--db",
            db,
            "--chain",
            "nev-battery",
            "--region",
            "45020",
        ],
        &[
            "diagnose",
            "--db",
            db,
            "--chain",
            "nev-battery",
            "--region",
            "659999",
        ],
        &["init", "--db", db],
        &["chain", "show", "nope", "--db", db],
        &["chain", "check", "does-not-exist.toml"],
    ];
    for args in cases {
        let out = liantu(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty());
        assert!(!stderr(&out).contains("panicked"));
    }
    // A missing database is a clear failure, and is not created by reading commands.
    let out = liantu(dir.path(), &["chain", "list", "--db", "none.db"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("liantu init"));
    assert!(!dir.path().join("none.db").exists());
}

#[test]
fn demo_builds_a_fresh_database_each_time() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let out = liantu(dir.path(), &["demo", "--no-serve"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).contains("nev-battery"));
    }
    assert!(dir.path().join("liantu-demo.db").exists());
}

#[test]
fn complexity_writes_four_files_matching_py_ecomplexity() {
    let Some(input) = common::testdata::shared("complexity/world_trade_avg_1998_to_2000.csv")
    else {
        return;
    };
    let data = input.parent().unwrap().to_path_buf();
    let dir = tempfile::tempdir().unwrap();
    let out = liantu(
        dir.path(),
        &[
            "complexity",
            "--input",
            input.to_str().unwrap(),
            "--output",
            "out",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let read = |name: &str| {
        let mut rows = std::collections::HashMap::new();
        let mut r = csv::Reader::from_path(dir.path().join("out").join(name)).unwrap();
        let headers = r.headers().unwrap().clone();
        for rec in r.records() {
            let rec = rec.unwrap();
            rows.insert(
                (rec[1].to_string(), rec[2].to_string()),
                (headers.clone(), rec),
            );
        }
        rows
    };
    let cp = read("cp.csv");
    let mut reference =
        csv::Reader::from_path(data.join("reference/py_ecomplexity_0.5.3_cp.csv")).unwrap();
    let mut checked = 0;
    for rec in reference.records().step_by(997) {
        let rec = rec.unwrap();
        let (_, mine) = &cp[&(rec[0].to_string(), rec[1].to_string())];
        for (ref_col, my_col) in [(3, 4), (9, 6), (11, 7)] {
            let a: f64 = rec[ref_col].parse().unwrap();
            let b: f64 = mine[my_col].parse().unwrap();
            assert!(
                (a - b).abs() <= 1e-9,
                "{rec:?} column {ref_col}: {a} vs {b}"
            );
        }
        assert_eq!(&rec[4], &mine[5], "mcp");
        checked += 1;
    }
    assert!(checked > 100);
    let locations = std::fs::read_to_string(dir.path().join("out/locations.csv")).unwrap();
    assert!(locations.starts_with("time,loc,diversity,eci,coi"));
    let proximity = std::fs::read_to_string(dir.path().join("out/proximity.csv")).unwrap();
    assert!(proximity.lines().nth(1).unwrap().ends_with(",0011,0011,1"));
}

#[test]
fn complexity_rejects_bad_rows_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.csv"),
        "region,industry,employment\n450200,361,100\n450100,361,-5\n450300,2613,abc\n",
    )
    .unwrap();
    let out = liantu(
        dir.path(),
        &["complexity", "--input", "bad.csv", "--output", "out"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("line 3") && err.contains("line 4"), "{err}");
    assert!(!dir.path().join("out").exists());
    let out = liantu(
        dir.path(),
        &[
            "complexity",
            "--input",
            "bad.csv",
            "--output",
            "out",
            "--loc",
            "city",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("city"));
}

#[test]
fn growth_from_the_demo_panel_and_an_imported_one() {
    let (dir, db) = demo_db();
    let db = db.to_str().unwrap();
    let out = liantu(dir.path(), &["growth", "--db", db, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["region"], "450200");
    assert!(
        json["opportunities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["industry"] == "2613")
    );
    let table = liantu(
        dir.path(),
        &["growth", "--db", db, "--region", "450100", "--limit", "5"],
    );
    assert!(table.status.success());
    assert!(stdout(&table).contains("关联密度"));

    // A user panel: imported all or nothing.
    std::fs::write(
        dir.path().join("p.csv"),
        "year,region,industry,value\n2023,a,x,10\n2023,b,x,5\n2023,b,y,5\n2023,c,x,3\n2023,c,y,3\n2023,c,z,4\n2023,d,x,2\n2023,d,y,2\n2023,d,z,2\n2023,d,w,4\n2023,e,w,10\n2023,e,z,1\n",
    )
    .unwrap();
    let import = |file: &str| {
        liantu(
            dir.path(),
            &[
                "panel",
                "import",
                file,
                "--db",
                db,
                "--id",
                "toy",
                "--name-zh",
                "玩具",
                "--name-en",
                "Toy",
                "--source-title",
                "test",
            ],
        )
    };
    let out = import("p.csv");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = liantu(
        dir.path(),
        &[
            "growth", "--db", db, "--panel", "toy", "--region", "a", "--format", "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Region a has only x; y, z and w are its opportunities.
    assert_eq!(json["opportunities"].as_array().unwrap().len(), 3);
    assert!((json["eci"].as_f64().unwrap() + 1.5507765717407915).abs() < 1e-12);
    std::fs::write(
        dir.path().join("bad.csv"),
        "year,region,industry,value\n2023,a,x,ten\n2023,a,x,1\n2023,a,x,2\n",
    )
    .unwrap();
    let out = liantu(
        dir.path(),
        &[
            "panel",
            "import",
            "bad.csv",
            "--db",
            db,
            "--id",
            "bad",
            "--name-zh",
            "坏",
            "--name-en",
            "Bad",
            "--source-title",
            "t",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("line 2") && err.contains("line 4") && err.contains("duplicate"),
        "{err}"
    );
    let list = stdout(&liantu(dir.path(), &["panel", "list", "--db", db]));
    assert!(list.contains("toy") && !list.contains("bad"), "{list}");
    let out = liantu(dir.path(), &["growth", "--db", db, "--panel", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}
