//! `liantu project` and `liantu problem` driven as a 投促局 clerk would: the board, a stage
//! reached, a monthly report, a problem from 交办 to 销号, and bad input refused naming the field.

mod common;

use common::{liantu, stderr as err, stdout as out};

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = liantu(dir.path(), &["init", "--demo"]);
    assert!(o.status.success(), "{}", err(&o));
    dir
}

fn json(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let o = liantu(dir, args);
    assert!(o.status.success(), "{args:?}: {}", err(&o));
    serde_json::from_str(&out(&o)).unwrap()
}

#[test]
fn a_project_moves_up_the_ladder_and_reports_while_bad_input_writes_nothing() {
    let dir = demo();
    let d = dir.path();
    let board = json(d, &["project", "list", "--format", "json"]);
    let rows = board["rows"].as_array().unwrap();
    assert!(rows.len() >= 30);
    let stage_of = |board: &serde_json::Value, id: &str| {
        board["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["project"]["id"] == id)
            .map(|r| r["stage"]["id"].clone())
            .unwrap()
    };
    assert_eq!(stage_of(&board, "cathode-xinxing"), "signed");

    // Skipping 供地 is refused with the field named, exit 2, nothing written.
    let o = liantu(
        d,
        &[
            "project",
            "advance",
            "cathode-xinxing",
            "--stage",
            "开工",
            "--date",
            "2026-12-01",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("stages.land.actual"), "{}", err(&o));
    let o = liantu(
        d,
        &[
            "project",
            "advance",
            "cathode-xinxing",
            "--stage",
            "供地",
            "--date",
            "2026-12-01",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let board = json(d, &["project", "list", "--format", "json"]);
    assert_eq!(stage_of(&board, "cathode-xinxing"), "land");

    // The red filter keeps red rows only; CSV carries the 调度表 columns.
    let red = json(d, &["project", "list", "--level", "红", "--format", "json"]);
    assert!(
        red["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["assessment"]["level"] == "red")
    );
    let o = liantu(d, &["project", "list", "--format", "csv"]);
    let header = out(&o).lines().next().unwrap().to_string();
    assert!(
        header.contains("invested_total") && header.contains("behind_pct"),
        "{header}"
    );

    // A report whose cumulative investment falls is refused.
    let o = liantu(
        d,
        &[
            "project",
            "report",
            "slag-luzhai",
            "--month",
            "2026-11",
            "--invested-month",
            "0",
            "--invested-total",
            "100",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("invested_total"), "{}", err(&o));
}

#[test]
fn a_problem_is_raised_handled_and_closed_and_its_history_kept() {
    let dir = demo();
    let d = dir.path();
    let o = liantu(
        d,
        &[
            "problem",
            "add",
            "--project",
            "rubber-hexi",
            "--title",
            "厂区道路接入",
            "--category",
            "水电气配套",
            "--dept",
            "市住房城乡建设局",
            "--due",
            "2099-01-31",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let id: String = out(&o).chars().filter(char::is_ascii_digit).collect();
    for step in [
        vec!["problem", "start", &id],
        vec!["problem", "resolve", &id, "--resolution", "接口已施工"],
        vec!["problem", "close", &id],
    ] {
        let o = liantu(d, &step);
        assert!(o.status.success(), "{step:?}: {}", err(&o));
    }
    let shown = json(d, &["problem", "show", &id, "--format", "json"]);
    assert_eq!(shown["row"]["problem"]["status"], "closed");
    assert_eq!(shown["events"].as_array().unwrap().len(), 4);
    // The to-do list of a department holds its open problems, overdue first.
    let todo = json(
        d,
        &[
            "problem",
            "list",
            "--dept",
            "市发展改革委",
            "--open",
            "--format",
            "json",
        ],
    );
    let rows = todo["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["problem"]["department"] == "市发展改革委")
    );
    // A due date before the day raised and an unknown department: both named, nothing written.
    let before = json(d, &["problem", "list", "--format", "json"])["rows"]
        .as_array()
        .unwrap()
        .len();
    let o = liantu(
        d,
        &[
            "problem",
            "add",
            "--project",
            "rubber-hexi",
            "--title",
            "x",
            "--category",
            "其他",
            "--dept",
            "不存在局",
            "--due",
            "2020-01-01",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("department") && err(&o).contains("due"),
        "{}",
        err(&o)
    );
    let after = json(d, &["problem", "list", "--format", "json"])["rows"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after);
}
