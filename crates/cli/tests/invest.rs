//! `liantu score`, `grade`, `candidate`, `scenario` and `io` driven as a user would.

mod common;

use common::{demo, liantu, stderr as err, stdout as out};

#[test]
fn score_ranks_battery_material_gaps_above_their_twins_and_explains_why() {
    let dir = demo();
    let o = liantu(dir.path(), &["score", "--format", "json"]);
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let results = v["results"].as_array().unwrap();
    let rank = |id: &str| {
        results
            .iter()
            .find(|r| r["id"] == id)
            .and_then(|r| r["rank"].as_u64())
            .unwrap()
    };
    assert!(rank("cathode-xinxing") < rank("cathode-twin"));
    assert!(rank("electrolyte-liutang") < rank("electrolyte-twin"));
    assert!(rank("li2co3-luzhai") < rank("li2co3-twin"));
    for r in results {
        let sum: f64 = r["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["points"].as_f64().unwrap())
            .sum();
        assert!((sum - r["total"].as_f64().unwrap()).abs() < 1e-9);
        assert!(!r["why_zh"].as_str().unwrap().is_empty());
    }
    assert_eq!(v["profile"]["id"], "liuzhou");

    let o = liantu(dir.path(), &["score"]);
    let table = out(&o);
    assert!(
        table.contains("补链价值") && table.contains("未通过"),
        "{table}"
    );
    let o = liantu(dir.path(), &["score", "--format", "csv"]);
    assert!(out(&o).starts_with("rank,id,name,park,eligible,total,max_total,chain_gap_points"));

    // The chain-first profile shipped in data/profiles.
    let profile = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/profiles/liuzhou-chain-first.toml"
    );
    let o = liantu(
        dir.path(),
        &["score", "--profile", profile, "--format", "json"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["profile"]["id"], "liuzhou-chain-first");
}

#[test]
fn grade_and_candidates_and_scenarios() {
    let dir = demo();
    let o = liantu(dir.path(), &["grade", "--format", "csv"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).starts_with("rank,uscc,name,industry_code,grade,score,tax_per_mu_value"));
    let o = liantu(dir.path(), &["grade"]);
    assert!(out(&o).contains("不参评 not graded"), "{}", out(&o));

    let o = liantu(dir.path(), &["candidate", "export"]);
    let csv = out(&o);
    assert_eq!(csv.lines().count(), 15);
    std::fs::write(dir.path().join("c.csv"), &csv).unwrap();
    let o = liantu(dir.path(), &["candidate", "import", "c.csv", "--replace"]);
    assert!(o.status.success(), "{}", err(&o));
    std::fs::write(
        dir.path().join("bad.csv"),
        "id,name,investment,nodes\nx,甲,-5,nev-battery:warp\n",
    )
    .unwrap();
    let o = liantu(dir.path(), &["candidate", "import", "bad.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("investment"), "{}", err(&o));

    let o = liantu(
        dir.path(),
        &[
            "scenario",
            "save",
            "m",
            "--candidates",
            "cathode-xinxing,electrolyte-liutang",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = liantu(
        dir.path(),
        &["scenario", "save", "c", "--candidates", "cathode-xinxing"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = liantu(dir.path(), &["scenario", "run", "m"]);
    assert!(
        out(&o).contains("正极材料") && out(&o).contains("空白 → 薄弱"),
        "{}",
        out(&o)
    );
    let o = liantu(
        dir.path(),
        &["scenario", "compare", "m", "c", "--format", "json"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = liantu(dir.path(), &["scenario", "run", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    let o = liantu(
        dir.path(),
        &["scenario", "save", "x", "--candidates", "nope"],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn bad_profile_and_io_files_exit_2() {
    let dir = demo();
    std::fs::write(dir.path().join("p.toml"), "format = 1\n").unwrap();
    let o = liantu(dir.path(), &["score", "--profile", "p.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("missing field"), "{}", err(&o));
    std::fs::write(dir.path().join("io.csv"), "a,b\n1,2\n").unwrap();
    let o = liantu(dir.path(), &["io", "import", "io.csv"]);
    assert_eq!(o.status.code(), Some(2));
    // The demo holds the built-in 2020 national table (42 sectors): the bad file changed nothing.
    let o = liantu(dir.path(), &["io", "show", "--format", "csv"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o).lines().count(), 43);
    // A database without the demo has no table until one is imported.
    let bare = tempfile::tempdir().unwrap();
    assert!(liantu(bare.path(), &["init"]).status.success());
    let o = liantu(bare.path(), &["io", "show"]);
    assert_eq!(o.status.code(), Some(2));
    let Some(real) = common::testdata::shared("input-output/china_io_2020_42.csv") else {
        return;
    };
    // The shipped table is the reference file, unchanged (data/io/NOTICE.md).
    assert_eq!(
        std::fs::read(&real).unwrap(),
        include_bytes!("../../../data/io/china_io_2020_42.csv")
    );
    let real = real.to_str().unwrap();
    let o = liantu(bare.path(), &["io", "import", real]);
    assert!(o.status.success(), "{}", err(&o));
    let o = liantu(bare.path(), &["io", "show", "--format", "csv"]);
    assert_eq!(out(&o).lines().count(), 43);
}

#[test]
fn candidates_go_through_excel_and_gbk_csv_like_enterprises() {
    let dir = demo();
    let csv_before = out(&liantu(dir.path(), &["candidate", "export"]));
    // XLSX with Chinese headers and typed cells, read back unchanged.
    let o = liantu(
        dir.path(),
        &["candidate", "export", "--format", "xlsx", "--out", "c.xlsx"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        std::fs::read(dir.path().join("c.xlsx"))
            .unwrap()
            .starts_with(b"PK")
    );
    let o = liantu(dir.path(), &["candidate", "import", "c.xlsx", "--replace"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        out(&liantu(dir.path(), &["candidate", "export"])),
        csv_before
    );

    // A GBK CSV as Chinese Excel saves it, Chinese headers, 是/否 flags, 1,200-style numbers.
    let text = "项目编号,项目名称,拟落户园区,服务环节,计划投资（万元）,用地（亩）,高新技术企业,化工项目\r\n\
                gbk-1,某氟橡胶项目,luzhai-chem,chemical:special-rubber,\"12,000\",40,是,是\r\n";
    let (gbk, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy);
    std::fs::write(dir.path().join("gbk.csv"), &gbk).unwrap();
    let o = liantu(dir.path(), &["candidate", "import", "gbk.csv"]);
    assert!(o.status.success(), "{}", err(&o));
    let all = out(&liantu(dir.path(), &["candidate", "export"]));
    let row = all
        .lines()
        .find(|l| l.starts_with("gbk-1,"))
        .expect("imported");
    assert!(
        row.contains("某氟橡胶项目") && row.contains(",12000,40,") && row.contains(",1,"),
        "{row}"
    );

    // A bad cell is reported by file row, column letter and the header the user wrote;
    // nothing of the file is written.
    let text = "项目编号,项目名称,计划投资（万元）\ngood-1,甲,100\nbad-1,乙,很多\n";
    std::fs::write(dir.path().join("bad.csv"), text).unwrap();
    let o = liantu(dir.path(), &["candidate", "import", "bad.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).contains("第 3 行 C 列（计划投资（万元））"),
        "{}",
        err(&o)
    );
    assert!(!out(&liantu(dir.path(), &["candidate", "export"])).contains("good-1"));
}
