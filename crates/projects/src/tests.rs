use super::*;
use liantu_model::project::{
    Problem, ProblemCategory, ProblemStatus, ProgressReport, Project, StageDates,
};
use liantu_model::{Day, RegionCode, YearMonth};

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

fn stage(id: &str, planned: Option<&str>, actual: Option<&str>) -> StageDates {
    StageDates {
        stage: id.into(),
        planned: planned.map(day),
        actual: actual.map(day),
    }
}

/// A 12,000 万元 project planned to start on 2026-01-01 and operate on 2026-12-31, started on
/// time, now building.
fn project() -> Project {
    Project {
        id: "p1".into(),
        name: "电池级碳酸锂项目".into(),
        candidate: None,
        uscc: None,
        nodes: vec![],
        park: None,
        region: RegionCode::parse("450223").unwrap(),
        investment: 12_000.0,
        land_mu: Some(150.0),
        annual_plan: Some(8_000.0),
        department: "市投促局".into(),
        leader: "".into(),
        contact: "".into(),
        stages: vec![
            stage("planning", None, Some("2025-03-01")),
            stage("negotiating", None, Some("2025-05-01")),
            stage("signed", Some("2025-08-01"), Some("2025-08-10")),
            stage("land", Some("2025-11-01"), Some("2025-11-20")),
            stage("started", Some("2026-01-01"), Some("2026-01-05")),
            stage("building", Some("2026-02-01"), Some("2026-02-01")),
            stage("operating", Some("2026-12-31"), None),
        ],
        source: "illustrative".into(),
        note: "".into(),
    }
}

fn report(month: &str, total: f64) -> ProgressReport {
    ProgressReport {
        project: "p1".into(),
        month: YearMonth::parse(month).unwrap(),
        invested_month: 0.0,
        invested_total: total,
        progress_pct: None,
        progress_text: "".into(),
        output: None,
        issues: "".into(),
        source: "illustrative".into(),
    }
}

fn problem(due: &str, status: ProblemStatus) -> Problem {
    Problem {
        id: 1,
        project: "p1".into(),
        title: "用地指标未落实".into(),
        category: ProblemCategory::Land,
        department: "市自然资源局".into(),
        raised: day("2026-03-01"),
        due: day(due),
        status,
        resolution: "".into(),
        closed_by: None,
        closed: None,
    }
}

#[test]
fn a_project_on_its_path_with_its_reports_is_green() {
    let c = ProjectConfig::builtin();
    let p = project();
    assert!(check_project(&p, &c).is_empty());
    // Path 2026-01-01 → 2026-12-31 (364 days); end of June is day 180: 12,000 × 180/364.
    let expected = 12_000.0 * 180.0 / 364.0;
    let reports: Vec<_> = ["2026-04", "2026-05", "2026-06"]
        .iter()
        .enumerate()
        .map(|(i, m)| report(m, expected * (0.8 + 0.1 * i as f64)))
        .collect();
    let a = assess(&p, &reports, &[], day("2026-07-10"), &c);
    assert_eq!(a.stage, c.stage_index("building"));
    assert_eq!(a.next_stage, c.stage_index("投产"));
    let s = a.schedule.unwrap();
    assert!((s.expected - expected).abs() < 1e-9, "{s:?}");
    assert!((s.behind_pct - 0.0).abs() < 1e-9, "{s:?}");
    assert_eq!(a.level, Level::Green, "{:?}", a.warnings);
}

#[test]
fn each_rule_fires_at_its_threshold_and_says_its_numbers() {
    let c = ProjectConfig::builtin();
    let p = project();
    let expected = 12_000.0 * 180.0 / 364.0;
    let level_of = |reports: &[ProgressReport], problems: &[Problem], today: &str, rule: Rule| {
        assess(&p, reports, problems, day(today), &c)
            .warnings
            .into_iter()
            .find(|w| w.rule == rule)
            .map(|w| (w.level, w.zh))
    };
    let june = |share: f64| vec![report("2026-06", expected * share)];
    // 10 % behind is still green; just over is yellow; over 20 % red.
    assert_eq!(
        level_of(&june(0.90), &[], "2026-07-10", Rule::InvestmentBehind),
        None
    );
    let (l, zh) = level_of(&june(0.89), &[], "2026-07-10", Rule::InvestmentBehind).unwrap();
    assert_eq!(l, Level::Yellow);
    assert!(zh.contains("落后 11.0%"), "{zh}");
    let (l, _) = level_of(&june(0.79), &[], "2026-07-10", Rule::InvestmentBehind).unwrap();
    assert_eq!(l, Level::Red);
    // 投产 planned 2026-12-31: on the day green, a day late yellow, 31 days late red.
    let r = june(1.0);
    assert_eq!(level_of(&r, &[], "2026-12-31", Rule::StageOverdue), None);
    let (l, zh) = level_of(&r, &[], "2027-01-01", Rule::StageOverdue).unwrap();
    assert_eq!(
        (l, zh.contains("已逾期 1 天")),
        (Level::Yellow, true),
        "{zh}"
    );
    assert_eq!(
        level_of(&r, &[], "2027-01-30", Rule::StageOverdue)
            .unwrap()
            .0,
        Level::Yellow
    );
    assert_eq!(
        level_of(&r, &[], "2027-01-31", Rule::StageOverdue)
            .unwrap()
            .0,
        Level::Red
    );
    // A problem open after its due date is red; closed, or not yet due, it is not a warning.
    let open = problem("2026-06-30", ProblemStatus::InProgress);
    let (l, zh) = level_of(
        &r,
        std::slice::from_ref(&open),
        "2026-07-10",
        Rule::ProblemOverdue,
    )
    .unwrap();
    assert_eq!(l, Level::Red);
    assert!(
        zh.contains("用地指标未落实") && zh.contains("2026-06-30"),
        "{zh}"
    );
    assert_eq!(
        level_of(&r, &[open], "2026-06-30", Rule::ProblemOverdue),
        None
    );
    let closed = problem("2026-06-30", ProblemStatus::Closed);
    assert_eq!(
        level_of(&r, &[closed], "2026-07-10", Rule::ProblemOverdue),
        None
    );
    // June's report is due by 2026-06-25; on the 26th without it the project is yellow, on the
    // 25th it still owes only May's (which it has).
    let may = vec![report("2026-05", expected * 0.9)];
    assert_eq!(level_of(&may, &[], "2026-06-25", Rule::ReportMissing), None);
    let (l, zh) = level_of(&may, &[], "2026-06-26", Rule::ReportMissing).unwrap();
    assert_eq!((l, zh.contains("2026年6月")), (Level::Yellow, true), "{zh}");
}

#[test]
fn the_overall_level_is_the_worst_warning() {
    let c = ProjectConfig::builtin();
    let a = assess(
        &project(),
        &[],
        &[problem("2026-06-30", ProblemStatus::Assigned)],
        day("2026-07-10"),
        &c,
    );
    // No June report (yellow) and an overdue problem (red).
    assert_eq!(a.warnings.len(), 2, "{:?}", a.warnings);
    assert_eq!(a.level, Level::Red);
}

#[test]
fn dates_out_of_order_or_a_skipped_stage_name_the_field() {
    let c = ProjectConfig::builtin();
    let mut p = project();
    // 签约 after 开工.
    p.stages[2].actual = Some(day("2026-02-01"));
    let e = check_project(&p, &c);
    assert!(e.iter().any(|e| e.field == "stages.land.actual"), "{e:?}");
    // 供地 skipped: 开工 reached without it.
    let mut p = project();
    p.stages[3].actual = None;
    let e = check_project(&p, &c);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "stages.land.actual");
    assert!(e[0].zh.contains("不能跳过"), "{}", e[0]);
    // An unknown stage and department.
    let mut p = project();
    p.stages.push(stage("验收", None, None));
    p.department = "市外星局".into();
    let fields: Vec<String> = check_project(&p, &c).into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["department", "stage"]);
}

#[test]
fn cumulative_investment_cannot_go_down() {
    let stored = vec![report("2026-04", 3_000.0), report("2026-06", 5_000.0)];
    let today = day("2026-07-10");
    assert!(check_report(&report("2026-05", 4_000.0), &stored, today).is_empty());
    let e = check_report(&report("2026-05", 2_000.0), &stored, today);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "invested_total");
    assert_eq!(
        check_report(&report("2026-05", 6_000.0), &stored, today).len(),
        1
    );
    // Replacing a month compares with the other months only.
    assert!(check_report(&report("2026-06", 4_500.0), &stored, today).is_empty());
    assert_eq!(
        check_report(&report("2026-08", 6_000.0), &stored, today)[0].field,
        "month"
    );
}

#[test]
fn a_problem_goes_through_its_steps_and_no_other() {
    let c = ProjectConfig::builtin();
    let today = day("2026-07-10");
    let p = problem("2026-06-30", ProblemStatus::Assigned);
    assert!(check_problem(&p, &c).is_empty());
    let mut early = p.clone();
    early.due = day("2026-02-01");
    assert_eq!(check_problem(&early, &c)[0].field, "due");

    let started = apply(&p, &ProblemAction::Start, None, today, &c).unwrap();
    assert_eq!(started.status, ProblemStatus::InProgress);
    let none = ProblemAction::Resolve {
        resolution: " ".into(),
    };
    assert_eq!(
        apply(&started, &none, None, today, &c).unwrap_err().field,
        "resolution"
    );
    let resolved = apply(
        &started,
        &ProblemAction::Resolve {
            resolution: "已调剂用地指标 120 亩".into(),
        },
        None,
        today,
        &c,
    )
    .unwrap();
    let closed = apply(
        &resolved,
        &ProblemAction::Close {
            resolution: String::new(),
        },
        Some("ana"),
        today,
        &c,
    )
    .unwrap();
    assert_eq!(closed.status, ProblemStatus::Closed);
    assert_eq!(closed.resolution, "已调剂用地指标 120 亩");
    assert_eq!(
        (closed.closed_by.as_deref(), closed.closed),
        (Some("ana"), Some(today))
    );
    // A closed problem takes no step; a returned one is handed on again.
    assert!(apply(&closed, &ProblemAction::Start, None, today, &c).is_err());
    let back = apply(
        &p,
        &ProblemAction::Return {
            reason: "非本部门职责".into(),
        },
        None,
        today,
        &c,
    )
    .unwrap();
    assert!(apply(&back, &ProblemAction::Start, None, today, &c).is_err());
    let again = ProblemAction::Assign {
        department: "市发展改革委".into(),
        due: day("2026-08-31"),
    };
    let reassigned = apply(&back, &again, None, today, &c).unwrap();
    assert_eq!(reassigned.status, ProblemStatus::Assigned);
    assert_eq!(reassigned.department, "市发展改革委");
    let unknown = ProblemAction::Assign {
        department: "无此单位".into(),
        due: day("2026-08-31"),
    };
    assert_eq!(
        apply(&back, &unknown, None, today, &c).unwrap_err().field,
        "department"
    );
}
