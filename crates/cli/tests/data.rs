//! `liantu import | template | export | reference` driven as a user would.

mod common;

use common::{demo_db, liantu, text};

fn uscc(i: u64) -> String {
    let body = format!("91450204{:09}", i);
    let check = liantu_model::uscc::check_char(&body).unwrap();
    format!("{body}{check}")
}

#[test]
fn bad_import_exits_2_reports_every_row_and_writes_the_errors_workbook() {
    let (dir, db) = demo_db();
    let db = db.to_str().unwrap();
    let csv = dir.path().join("e.csv");
    std::fs::write(
        &csv,
        format!(
            "统一社会信用代码,企业名称,行政区划代码,所有制\n{},甲,450204,民营\n123,乙,450204,民营\n{},丙,450204,未知\n",
            uscc(1),
            uscc(2)
        ),
    )
    .unwrap();
    let before = liantu(
        dir.path(),
        &[
            "export",
            "enterprises",
            "--db",
            db,
            "--format",
            "csv",
            "--out",
            "before.csv",
        ],
    );
    assert!(before.status.success(), "{}", text(&before));
    let out = liantu(
        dir.path(),
        &[
            "import",
            "enterprises",
            csv.to_str().unwrap(),
            "--db",
            db,
            "--errors",
            "errors.xlsx",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("第 3 行 row 3，A 列 column A"), "{t}");
    assert!(t.contains("第 4 行 row 4，D 列 column D"), "{t}");
    assert!(t.contains("nothing was written"), "{t}");
    assert!(dir.path().join("errors.xlsx").exists());
    let after = liantu(
        dir.path(),
        &[
            "export",
            "enterprises",
            "--db",
            db,
            "--format",
            "csv",
            "--out",
            "after.csv",
        ],
    );
    assert!(after.status.success());
    assert_eq!(
        std::fs::read(dir.path().join("before.csv")).unwrap(),
        std::fs::read(dir.path().join("after.csv")).unwrap()
    );
}

#[test]
fn template_import_export_and_diagnosis() {
    let (dir, db) = demo_db();
    let db = db.to_str().unwrap();
    let out = liantu(dir.path(), &["template", "enterprises", "--format", "xlsx"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(dir.path().join("template-enterprises.xlsx").exists());
    let out = liantu(
        dir.path(),
        &["template", "years", "--format", "csv", "--out", "y.csv"],
    );
    assert!(out.status.success());
    let header = std::fs::read_to_string(dir.path().join("y.csv")).unwrap();
    assert!(
        header.starts_with("\u{FEFF}统一社会信用代码,年份,工业总产值（万元）"),
        "{header}"
    );

    let csv = dir.path().join("new.csv");
    std::fs::write(
        &csv,
        format!(
            "uscc,name,region,ownership\n{},新企业,450204,民营\n",
            uscc(7)
        ),
    )
    .unwrap();
    let out = liantu(
        dir.path(),
        &["import", "enterprises", csv.to_str().unwrap(), "--db", db],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("新增 added 1，更新 updated 0"),
        "{}",
        text(&out)
    );
    let out = liantu(
        dir.path(),
        &[
            "import",
            "enterprises",
            csv.to_str().unwrap(),
            "--db",
            db,
            "--mode",
            "upsert",
        ],
    );
    assert!(
        text(&out).contains("新增 added 0，更新 updated 1"),
        "{}",
        text(&out)
    );

    let out = liantu(
        dir.path(),
        &[
            "export",
            "diagnosis",
            "--db",
            db,
            "--chain",
            "nev-battery",
            "--format",
            "xlsx",
            "--out",
            "d.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    // CSV too (it failed on the sources footer before), with one line per node and the footer.
    let out = liantu(
        dir.path(),
        &[
            "export",
            "diagnosis",
            "--db",
            db,
            "--chain",
            "nev-battery",
            "--format",
            "csv",
            "--out",
            "d.csv",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let csv = std::fs::read_to_string(dir.path().join("d.csv")).unwrap();
    assert!(csv.starts_with("\u{FEFF}环节代码,环节,阶段,状态"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("lithium-carbonate,")));
    assert!(csv.trim_end().lines().last().unwrap().starts_with("来源："));
    // A failed export leaves nothing behind, not even a partial file.
    let out = liantu(
        dir.path(),
        &[
            "export",
            "diagnosis",
            "--db",
            db,
            "--chain",
            "nope",
            "--format",
            "csv",
            "--out",
            "bad.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("bad.csv"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let out = liantu(dir.path(), &["export", "diagnosis", "--db", db]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn chain_check_uses_the_reference_table_when_loaded() {
    let Some(gbt) = common::testdata::shared("gbt4754-2017/gbt4754_2017.csv") else {
        return;
    };
    let (dir, db) = demo_db();
    let db = db.to_str().unwrap();
    let out = liantu(
        dir.path(),
        &[
            "reference",
            "import",
            "gbt4754",
            gbt.to_str().unwrap(),
            "--db",
            db,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("1971"), "{}", text(&out));
    let chain = dir.path().join("c.toml");
    std::fs::write(
        &chain,
        r#"id = "tiny"
name_zh = "小链"
name_en = "Tiny"
[[nodes]]
id = "a"
name_zh = "甲"
name_en = "A"
stage = "upstream"
industry_codes = ["3699"]
[[nodes]]
id = "b"
name_zh = "乙"
name_en = "B"
stage = "downstream"
industry_codes = ["3612"]
[[edges]]
from = "a"
to = "b"
kind = "supplies"
"#,
    )
    .unwrap();
    let out = liantu(
        dir.path(),
        &["chain", "check", chain.to_str().unwrap(), "--db", db],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("c.toml:9: 行业代码 3699"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_killed_import_leaves_the_database_unchanged() {
    let (dir, db) = demo_db();
    let db = db.to_str().unwrap();
    let csv = dir.path().join("big.csv");
    let mut data = String::from("uscc,name,region,ownership\n");
    for i in 1..=300_000u64 {
        data.push_str(&format!("{},企业{i},450204,民营\n", uscc(i)));
    }
    std::fs::write(&csv, data).unwrap();
    let before = liantu(
        dir.path(),
        &[
            "export",
            "enterprises",
            "--db",
            db,
            "--format",
            "csv",
            "--out",
            "before.csv",
        ],
    );
    assert!(before.status.success());
    let wal = std::path::PathBuf::from(format!("{db}-wal"));
    let wal_len = || std::fs::metadata(&wal).map_or(0, |m| m.len());
    let start_len = wal_len();
    let mut child = common::command(dir.path())
        .args(["import", "enterprises", csv.to_str().unwrap(), "--db", db])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until batches have reached the write-ahead log, then kill it (SIGKILL: no chance to
    // clean up), so the kill always lands in the middle of writing.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed; use a bigger file"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "the import wrote nothing in 60 s"
        );
        if wal_len() > start_len + 512 * 1024 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let after = liantu(
        dir.path(),
        &[
            "export",
            "enterprises",
            "--db",
            db,
            "--format",
            "csv",
            "--out",
            "after.csv",
        ],
    );
    assert!(after.status.success(), "{}", text(&after));
    assert_eq!(
        std::fs::read(dir.path().join("before.csv")).unwrap(),
        std::fs::read(dir.path().join("after.csv")).unwrap(),
        "a killed import changed the database"
    );
}
