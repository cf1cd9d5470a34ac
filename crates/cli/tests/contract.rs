//! The data contract from the command line (issue 12, item 4): the row that used to be
//! accepted and then broke every diagnosis is refused, and junk panel periods too.

mod common;

use common::*;

#[test]
fn a_negative_or_huge_output_is_refused_and_diagnose_and_score_still_run() {
    let (dir, db) = demo_db();
    let db = db.to_str().unwrap();
    for output in ["-1", "1e308"] {
        std::fs::write(
            dir.path().join("y.csv"),
            format!("uscc,year,output\n91450204537718063L,2024,{output}\n"),
        )
        .unwrap();
        let out = liantu(
            dir.path(),
            &["import", "years", "y.csv", "--mode", "upsert", "--db", db],
        );
        assert_eq!(out.status.code(), Some(2), "{output}: {}", text(&out));
        assert!(text(&out).contains("0..=1e15"), "{}", text(&out));
    }
    for args in [
        &["diagnose", "--chain", "nev-battery", "--db", db][..],
        &["score", "--db", db][..],
    ] {
        let out = liantu(dir.path(), args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
    }
}

#[test]
fn junk_panel_periods_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    assert!(liantu(dir.path(), &["init", "--db", db]).status.success());
    for time in ["abc", "NaN", "20231", "1e3"] {
        std::fs::write(
            dir.path().join("p.csv"),
            format!("year,region,industry,value\n2023,a,x,10\n{time},b,x,5\n2023,b,y,5\n"),
        )
        .unwrap();
        let out = liantu(
            dir.path(),
            &[
                "panel",
                "import",
                "p.csv",
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
        );
        assert_eq!(out.status.code(), Some(2), "{time}: {}", text(&out));
        assert!(text(&out).contains(time), "{time}: {}", text(&out));
        let list = stdout(&liantu(dir.path(), &["panel", "list", "--db", db]));
        assert!(!list.contains("toy"), "{list}");
    }
}
