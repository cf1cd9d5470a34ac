//! `liantu project` and `liantu problem` driven as a 投促局 clerk would: the board, a stage
//! reached, a monthly report, a problem from 交办 to 销号, and bad input refused naming the field.

mod common;

use common::{demo, json, liantu, stderr as err, stdout as out};

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

#[test]
fn a_gbk_schedule_from_excel_imports_whole_or_reports_every_bad_cell() {
    let dir = demo();
    let d = dir.path();
    let before = json(d, &["project", "show", "slag-luzhai", "--format", "json"]);
    let last = before["reports"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let total = last["invested_total"].as_f64().unwrap();
    // As an office saves it from Excel: a title row, Chinese headers with units, GBK, projects
    // by name, thousands separators; the month comes from the command line.
    let write = |name: &str, rows: &str| {
        let text = format!(
            "2026年11月重点项目调度表,,,,,\r\n序号,项目名称,总投资（万元）,本月完成投资（万元）,累计完成投资（万元）,形象进度,存在问题\r\n{rows}"
        );
        let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
        assert!(!lossy);
        std::fs::write(d.join(name), &gbk).unwrap();
        d.join(name).to_string_lossy().into_owned()
    };
    let bad = write(
        "bad.csv",
        &format!(
            "1,某工业固废制新型建材项目（示例）,22000,100,{},主体结构施工 30%,\r\n2,不存在的项目,100,1,1,,\r\n3,某酸笋标准化加工项目（示例）,7000,约100,\"4,100\",,\r\n",
            total - 50.0
        ),
    );
    let o = liantu(d, &["project", "import", &bad, "--month", "2026-11"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let e = err(&o);
    assert!(e.contains("第 3 行「累计完成投资（万元）」列"), "{e}");
    assert!(
        e.contains("第 4 行「项目名称」列") && e.contains("不存在的项目"),
        "{e}"
    );
    assert!(
        e.contains("第 5 行「本月完成投资（万元）」列") && e.contains("约100"),
        "{e}"
    );
    assert!(e.contains("row 5, column '本月完成投资（万元）'"), "{e}");
    let unchanged = json(d, &["project", "show", "slag-luzhai", "--format", "json"]);
    assert_eq!(unchanged["reports"], before["reports"]);

    let good = write(
        "good.csv",
        &format!(
            "1,某工业固废制新型建材项目（示例）,22000,\"1,200\",\"{}\",主体结构施工 35%,原料协议未签\r\n",
            total + 1200.0
        ),
    );
    let o = liantu(d, &["project", "import", &good, "--month", "2026-11"]);
    assert!(o.status.success(), "{}", err(&o));
    let after = json(d, &["project", "show", "slag-luzhai", "--format", "json"]);
    let nov = after["reports"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(nov["month"], "2026-11");
    assert_eq!(nov["invested_month"], 1200.0);
    assert_eq!(nov["progress_pct"], 35.0);
    assert_eq!(nov["issues"], "原料协议未签");
    assert!(
        !after["row"]["assessment"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["rule"] == "report_missing")
    );
}

#[test]
fn a_candidate_taken_up_prints_its_prediction_beside_now() {
    let dir = demo();
    let d = dir.path();
    let o = liantu(
        d,
        &[
            "project",
            "from-candidate",
            "cathode-twin",
            "--dept",
            "市投促局",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = liantu(d, &["project", "show", "cathode-twin"]);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(
        text.contains("引进预测") && text.contains("完整度"),
        "{text}"
    );
    // The demo's projects from candidates carry theirs too.
    let v = json(d, &["project", "show", "li2co3-luzhai", "--format", "json"]);
    let chains = v["prediction"]["chains"].as_array().unwrap();
    let nev = chains.iter().find(|c| c["chain"] == "nev-battery").unwrap();
    assert!(
        nev["completeness_predicted"].as_f64().unwrap()
            > nev["completeness_before"].as_f64().unwrap()
    );
    // Taking up the same candidate again under its id is a conflict.
    let o = liantu(
        d,
        &[
            "project",
            "from-candidate",
            "cathode-twin",
            "--dept",
            "市投促局",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_project_in_production_is_registered_as_a_firm_and_the_diagnosis_counts_it() {
    let dir = demo();
    let d = dir.path();
    let node_now = |d: &std::path::Path| {
        let v = json(
            d,
            &["project", "show", "polymer-luzhai", "--format", "json"],
        );
        let chains = v["prediction"]["chains"].as_array().unwrap().clone();
        let chem = chains.iter().find(|c| c["chain"] == "chemical").unwrap();
        let nodes = chem["nodes"].as_array().unwrap();
        let n = nodes
            .iter()
            .find(|n| n["node"] == "high-performance-polymers")
            .unwrap();
        (n["now"].clone(), n["predicted"].clone())
    };
    let (before, predicted) = node_now(d);
    assert_ne!(before, predicted);
    // A new firm needs its name; a project not yet in production is refused; nothing written.
    let args = [
        "project",
        "commission",
        "polymer-luzhai",
        "--uscc",
        "91450223MA5L0PP0X0",
    ];
    let o = liantu(d, &args);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("企业名称"), "{}", err(&o));
    let o = liantu(
        d,
        &[
            "project",
            "commission",
            "pulp-luzhai",
            "--uscc",
            "91450223MA5L0PP0X0",
            "--name",
            "某纸业",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert_eq!(node_now(d).0, before);

    let mut with_name = args.to_vec();
    with_name.extend([
        "--name",
        "柳州某高性能材料有限公司（示例）",
        "--output",
        "52000",
        "--year",
        "2026",
    ]);
    let o = liantu(d, &with_name);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("新建企业"), "{}", out(&o));
    assert_eq!(node_now(d).0, predicted);
    let v = json(
        d,
        &["project", "show", "polymer-luzhai", "--format", "json"],
    );
    assert_eq!(v["row"]["project"]["uscc"], "91450223MA5L0PP0X0");
}

#[test]
fn a_plan_is_imported_revised_with_a_reason_and_shown_against_the_data() {
    let dir = demo();
    let d = dir.path();
    let file = d.join("plan.toml");
    let plan = "id = \"luzhai-2026\"\ntitle_zh = \"鹿寨县 2026 年计划\"\nyear = 2026\nregion = \"450223\"\n\n[[target]]\nindicator = \"projects_started\"\ntarget = 4\n";
    std::fs::write(&file, plan).unwrap();
    let path = file.to_str().unwrap();
    let o = liantu(d, &["plan", "import", path]);
    assert!(o.status.success(), "{}", err(&o));
    // Imported again: it exists; a revision needs its reason.
    assert_eq!(liantu(d, &["plan", "import", path]).status.code(), Some(2));
    std::fs::write(&file, plan.replace("target = 4", "target = 3")).unwrap();
    let o = liantu(d, &["plan", "revise", path, "--reason", "两个项目推迟"]);
    assert!(o.status.success(), "{}", err(&o));
    let v = json(d, &["plan", "show", "luzhai-2026", "--format", "json"]);
    assert_eq!(v["version"], 2);
    assert_eq!(v["targets"][0]["target"], 3.0);
    assert_eq!(v["targets"][0]["previous_target"], 4.0);
    let first = json(
        d,
        &[
            "plan",
            "show",
            "luzhai-2026",
            "--version",
            "1",
            "--format",
            "json",
        ],
    );
    assert_eq!(first["targets"][0]["target"], 4.0);
    let csv = liantu(d, &["plan", "show", "luzhai-2026", "--format", "csv"]);
    assert!(out(&csv).lines().count() >= 2, "{}", out(&csv));
    // A bad plan names its problem and writes nothing.
    std::fs::write(
        &file,
        plan.replace("luzhai-2026", "x-2026")
            .replace("450223", "999999"),
    )
    .unwrap();
    let o = liantu(d, &["plan", "import", path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("999999"), "{}", err(&o));
    assert_eq!(
        liantu(d, &["plan", "show", "x-2026"]).status.code(),
        Some(2)
    );
}
