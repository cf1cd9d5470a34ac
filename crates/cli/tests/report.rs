//! `liantu report`: the Word 专报 and the monthly 招商 brief read back by python-docx, their
//! figures checked against the diagnosis and board JSON of the same database.

mod common;

use common::{demo, json, liantu, stderr as err};
use std::process::Command;

/// What both checks start with: the modules and liantu's way of writing 万元.
const PRELUDE: &str = r#"
import json, sys, docx

def money(v):
    if abs(v) < 100 and v % 1 != 0:
        return f"{v:.1f}"
    return f"{v:,.0f}"
"#;

const CHECK: &str = r#"
def percent(v):
    return "—" if v is None else f"{v * 100:.1f}%"

doc = docx.Document(sys.argv[1])
diag = json.load(open(sys.argv[2]))
text = "\n".join(p.text for p in doc.paragraphs)
assert doc.sections[0].header.paragraphs[0].text.startswith("示例数据"), "illustrative header"
assert diag["region"]["name_zh"] + diag["chain"]["name_zh"] in doc.paragraphs[0].text
for heading in ["一、总体情况", "二、强链弱链断链", "三、本地配套与县区布局", "四、招商方向与重点项目建议", "五、工作建议"]:
    assert heading in text, heading
c = diag["completeness"]
assert f"共梳理 {c['total_nodes']} 个环节，其中 {c['covered_nodes']} 个环节有本地企业" in text
assert f"链上产值 {money(diag['total_output'])} 万元" in text
s = diag["local_supply"]
assert f"全链本地配套率 {percent(s['rate'])}（按采购金额计，{s['link_count']} 条供应关系中 {s['local_link_count']} 条在本地）" in text
# Table 1: one row per node, in the diagnosis's order, with its status, firms, output and share.
rows = doc.tables[0].rows[1:]
assert len(rows) == len(diag["nodes"]), (len(rows), len(diag["nodes"]))
for row, node in zip(rows, diag["nodes"]):
    cells = [c.text for c in row.cells]
    assert cells[0] == node["name_zh"], (cells, node["name_zh"])
    assert cells[1] == node["status_zh"], cells
    assert cells[2] == str(node["enterprise_count"]), cells
    assert cells[3] == money(node["output"]), (cells, node["output"])
    assert cells[4] == ("—" if node["output_share"] is None else percent(node["output_share"])), cells
# Both maps are in it.
images = [r for r in doc.part.rels.values() if "image" in r.reltype]
assert len(images) == 2, len(images)
print("ok")
"#;

#[test]
fn the_brief_says_what_the_diagnosis_says() {
    let Some(python) = common::testdata::python_with("docx") else {
        return;
    };
    let dir = demo();
    let o = liantu(
        dir.path(),
        &["report", "--chain", "forestry", "--out", "brief.docx"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(!dir.path().join("brief.docx.partial").exists());
    let diagnosis = json(
        dir.path(),
        &["diagnose", "--chain", "forestry", "--format", "json"],
    );
    std::fs::write(dir.path().join("d.json"), diagnosis.to_string()).unwrap();
    let o = Command::new(&python)
        .args(["-c", &format!("{PRELUDE}{CHECK}"), "brief.docx", "d.json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_brief_of_an_unknown_chain_writes_nothing() {
    let dir = demo();
    let o = liantu(
        dir.path(),
        &["report", "--chain", "steel", "--out", "x.docx"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(!dir.path().join("x.docx").exists());
}

const MONTHLY: &str = r#"
doc = docx.Document(sys.argv[1])
board = json.load(open(sys.argv[2]))
month = sys.argv[3]
text = "\n".join(p.text for p in doc.paragraphs)
y, m = month.split("-")
assert f"{int(y)}年{int(m)}月招商引资项目推进月报" in doc.paragraphs[0].text, doc.paragraphs[0].text
assert doc.sections[0].header.paragraphs[0].text.startswith("示例数据"), "illustrative header"
for heading in ["一、总体情况", "二、本月进展", "三、问题协调", "四、预警项目", "五、下月工作建议"]:
    assert heading in text, heading
investment = sum(s["investment"] for s in board["stages"])
assert f"项目库共有招商项目 {board['total']} 个，计划总投资 {money(investment)} 万元" in text, text
assert f"正常 {board['green']} 个、预警 {board['yellow']} 个、滞后 {board['red']} 个" in text
# Table 1: the board's stages, their projects adding up to the total.
rows = doc.tables[0].rows[1:]
assert sum(int(r.cells[1].text) for r in rows) == board["total"]
# The month's reports: the projects whose latest report is this month (none is later).
reports = [r["latest_report"] for r in board["rows"] if r.get("latest_report") and r["latest_report"]["month"] == month]
assert reports, "the demo reports this month"
invested = sum(r["invested_month"] for r in reports)
assert f"共有 {len(reports)} 个项目报送月报，当月完成投资 {money(invested)} 万元" in text, text
print("ok")
"#;

#[test]
fn the_monthly_brief_says_what_the_board_says() {
    let Some(python) = common::testdata::python_with("docx") else {
        return;
    };
    let dir = demo();
    let board = json(dir.path(), &["project", "list", "--format", "json"]);
    let month = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["latest_report"]["month"].as_str())
        .max()
        .expect("the demo's projects report")
        .to_string();
    let o = liantu(
        dir.path(),
        &["report", "--monthly", "--month", &month, "--out", "m.docx"],
    );
    assert!(o.status.success(), "{}", err(&o));
    std::fs::write(dir.path().join("b.json"), board.to_string()).unwrap();
    let o = Command::new(&python)
        .args([
            "-c",
            &format!("{PRELUDE}{MONTHLY}"),
            "m.docx",
            "b.json",
            &month,
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    // A month that is not one, and a chain brief asked with a month, are refused.
    let o = liantu(
        dir.path(),
        &[
            "report",
            "--monthly",
            "--month",
            "2025-13",
            "--out",
            "x.docx",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let o = liantu(
        dir.path(),
        &[
            "report", "--chain", "forestry", "--month", "2025-06", "--out", "x.docx",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(!dir.path().join("x.docx").exists());
}
