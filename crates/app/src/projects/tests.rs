//! The project service over the demo: the board's warnings on a fixed day, a stage reached and a
//! stage skipped, reports that may not go backwards, a problem's way to 销号, and who may write.

use super::*;
use crate::{Actor, ErrorKind, FixedClock};
use liantu_model::account::{Role, Scope};
use liantu_model::project::{ProblemCategory, ProblemStatus};
use std::sync::Arc;

/// The demo, judged on 2026-12-10 (Beijing), after the demo's November reports were due.
async fn demo_on(day: time::OffsetDateTime) -> (tempfile::TempDir, App) {
    let (dir, app) = crate::tests::demo_app().await;
    (dir, app.with_clock(Arc::new(FixedClock(day))))
}

fn day(t: &str) -> Day {
    Day::parse(t).unwrap()
}

#[tokio::test]
async fn the_demo_board_shows_every_stage_and_each_warning_names_its_rule_and_numbers() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let board = app.project_board(&BoardFilter::default()).await.unwrap();
    assert_eq!(board.as_of, day("2026-12-10"));
    assert!(board.total >= 30);
    assert_eq!(board.rows.len(), board.total);
    assert!(board.stages.iter().skip(1).all(|s| s.projects > 0));
    assert_eq!(board.green + board.yellow + board.red, board.total);
    let table = board_table(&board);
    assert_eq!(table.rows.len(), board.rows.len());
    assert!(table.rows.iter().all(|r| r.len() == table.columns.len()));
    // The slowest spender (pace 0.6 of the path) is red for investment behind, with its numbers.
    let slag = board
        .rows
        .iter()
        .find(|r| r.project.id == "slag-luzhai")
        .unwrap();
    let behind = slag
        .assessment
        .warnings
        .iter()
        .find(|w| w.rule == Rule::InvestmentBehind)
        .unwrap();
    let s = slag.assessment.schedule.as_ref().unwrap();
    assert!(s.behind_pct > 20.0, "{s:?}");
    assert_eq!(behind.level, Level::Red);
    assert!(behind.zh.contains("序时"), "{}", behind.zh);
    // It skipped November's report: yellow for the report, and its overdue problem is red.
    assert!(
        slag.assessment
            .warnings
            .iter()
            .any(|w| w.rule == Rule::ReportMissing)
    );
    assert!(slag.overdue_problems > 0);
    // The filter keeps only red rows, furthest stage first.
    let red = app
        .project_board(&BoardFilter {
            level: Some(Level::Red),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(red.rows.iter().all(|r| r.assessment.level == Level::Red));
    assert_eq!(red.rows.len(), board.red);
    assert_eq!(red.rows_total, board.red);
    // A page of them: that slice of the kept rows, numbered on from the rows before it, with
    // the counts of all kept rows.
    let page = app
        .project_board(&BoardFilter {
            level: Some(Level::Red),
            window: Some((2, 3)),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (page.rows_total, page.red, page.offset),
        (board.red, board.red, 2)
    );
    let ids = |rows: &[std::sync::Arc<ProjectRow>]| -> Vec<String> {
        rows.iter().map(|r| r.project.id.clone()).collect()
    };
    assert!(board.red > 2, "{} red", board.red);
    let want: Vec<String> = ids(&red.rows).into_iter().skip(2).take(3).collect();
    assert_eq!(ids(&page.rows), want);
    assert_eq!(board_table(&page).rows[0][0], liantu_table::Cell::Count(3));
    let stages: Vec<Option<usize>> = red.rows.iter().map(|r| r.assessment.stage).collect();
    assert!(stages.windows(2).all(|w| w[0] >= w[1]), "{stages:?}");
    // The same board a month earlier, before those problems were due, has fewer red projects.
    let earlier = app.clone().with_clock(Arc::new(FixedClock(
        time::macros::datetime!(2026-06-01 02:00 UTC),
    )));
    let before = earlier
        .project_board(&BoardFilter::default())
        .await
        .unwrap();
    assert!(before.red < board.red, "{} vs {}", before.red, board.red);
}

#[tokio::test]
async fn a_stage_is_reached_in_order_and_a_skipped_stage_is_refused_naming_the_field() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    // cathode-xinxing has reached 签约; 开工 before 供地 skips a stage.
    let skip = app
        .change_stage(
            "cathode-xinxing",
            &StageChange {
                stage: "开工".into(),
                planned: None,
                actual: Some(day("2026-12-01")),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(skip.kind(), ErrorKind::Invalid);
    assert!(skip.to_string().contains("stages.land.actual"), "{skip}");
    let before = app.project_detail("cathode-xinxing").await.unwrap();
    assert_eq!(before.row.stage.as_ref().unwrap().id, "signed");
    // 供地 before 签约's date is out of order.
    let signed = before.ladder[2].actual.unwrap();
    let early = app
        .change_stage(
            "cathode-xinxing",
            &StageChange {
                stage: "land".into(),
                planned: None,
                actual: Some(day("2025-01-01")),
            },
        )
        .await
        .unwrap_err();
    assert!(
        early.to_string().contains("早于"),
        "{early} (signed {signed})"
    );
    let p = app
        .change_stage(
            "cathode-xinxing",
            &StageChange {
                stage: "供地".into(),
                planned: None,
                actual: Some(day("2026-12-01")),
            },
        )
        .await
        .unwrap();
    assert_eq!(p.stages.iter().filter(|s| s.actual.is_some()).count(), 4);
    let after = app.project_detail("cathode-xinxing").await.unwrap();
    assert_eq!(after.row.stage.as_ref().unwrap().name_zh, "供地");
    assert_eq!(after.row.next_stage.as_ref().unwrap().id, "started");
}

#[tokio::test]
async fn reports_cannot_go_backwards_and_the_s_curve_reads_them() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let detail = app.project_detail("slag-luzhai").await.unwrap();
    let last = detail.reports.last().unwrap().clone();
    let point = detail.path.iter().find(|p| p.month == last.month).unwrap();
    assert_eq!(point.actual, Some(last.invested_total));
    assert!(point.expected > last.invested_total);
    // November: cumulative below October's is refused, nothing written.
    let mut nov = last.clone();
    nov.month = YearMonth::parse("2026-11").unwrap();
    nov.invested_total = last.invested_total - 1.0;
    let err = app.save_report(&nov).await.unwrap_err();
    assert!(err.to_string().contains("invested_total"), "{err}");
    assert_eq!(
        app.project_detail("slag-luzhai")
            .await
            .unwrap()
            .reports
            .len(),
        detail.reports.len()
    );
    nov.invested_total = last.invested_total + 500.0;
    nov.invested_month = 500.0;
    app.save_report(&nov).await.unwrap();
    let board = app.project_board(&BoardFilter::default()).await.unwrap();
    let slag = board
        .rows
        .iter()
        .find(|r| r.project.id == "slag-luzhai")
        .unwrap();
    assert!(
        !slag
            .assessment
            .warnings
            .iter()
            .any(|w| w.rule == Rule::ReportMissing)
    );
    assert_eq!(slag.latest_report.as_ref().unwrap().month, nov.month);
}

#[tokio::test]
async fn a_problem_goes_to_closed_with_its_history_and_overdue_ones_come_first() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let bad = NewProblem {
        project: "rubber-hexi".into(),
        title: "厂区道路接入".into(),
        category: ProblemCategory::Utilities,
        department: "市交通局（不存在）".into(),
        due: day("2026-11-01"),
        raised: None,
    };
    let err = app.add_problem(&bad).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("department") && text.contains("due"),
        "{text}"
    );
    let id = app
        .add_problem(&NewProblem {
            department: "市住房城乡建设局".into(),
            due: day("2027-01-31"),
            ..bad
        })
        .await
        .unwrap();
    let steps = [
        ProblemAction::Start,
        ProblemAction::Resolve {
            resolution: "道路接口已施工".into(),
        },
        ProblemAction::Close {
            resolution: String::new(),
        },
    ];
    for step in &steps {
        app.problem_step(id, step).await.unwrap();
    }
    let again = app
        .problem_step(id, &ProblemAction::Start)
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Invalid);
    let detail = app.problem_detail(id).await.unwrap();
    assert_eq!(detail.row.problem.status, ProblemStatus::Closed);
    assert_eq!(detail.row.problem.closed, Some(day("2026-12-10")));
    assert_eq!(detail.events.len(), 4);
    let list = app.problem_list(&ProblemQuery::default()).await.unwrap();
    let table = problems_table(&list);
    assert!(table.rows.iter().all(|r| r.len() == table.columns.len()));
    assert!(list.overdue > 0);
    let first_not_overdue = list
        .rows
        .iter()
        .position(|r| r.overdue_days.is_none())
        .unwrap();
    assert_eq!(first_not_overdue, list.overdue);
    let days: Vec<i64> = list.rows[..list.overdue]
        .iter()
        .filter_map(|r| r.overdue_days)
        .collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    // A window of the list is that slice of it, with the whole list's counts.
    let all: Vec<i64> = list.rows.iter().map(|r| r.problem.id).collect();
    assert_eq!(list.total, all.len());
    let second = app
        .problem_list(&ProblemQuery {
            window: Some((5, 5)),
            ..Default::default()
        })
        .await
        .unwrap();
    let ids: Vec<i64> = second.rows.iter().map(|r| r.problem.id).collect();
    assert_eq!(ids, all[5..10]);
    assert_eq!(
        (second.total, second.open, second.overdue),
        (list.total, list.open, list.overdue)
    );
    let overdue = app
        .problem_list(&ProblemQuery {
            overdue_only: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(overdue.rows.len(), list.overdue);
    assert!(overdue.rows.iter().all(|r| r.overdue_days.is_some()));
    let todo = app
        .problem_list(&ProblemQuery {
            department: Some("市发展改革委".into()),
            open_only: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!todo.rows.is_empty());
    assert!(
        todo.rows
            .iter()
            .all(|r| r.problem.department == "市发展改革委" && r.problem.status.is_open())
    );
}

#[tokio::test]
async fn a_county_changes_only_its_own_projects_and_an_enterprise_does_not_see_the_board() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let add = |name: &str, role, scope| {
        let app = app.clone();
        let name = name.to_string();
        async move {
            let user = app
                .add_user(&name, role, scope, "a long test password")
                .await
                .unwrap();
            app.acting(Actor::User(user), "test")
        }
    };
    let luzhai = add(
        "lz",
        Role::County,
        Scope {
            region: Some(RegionCode::parse("450223").unwrap()),
            ..Scope::default()
        },
    )
    .await;
    let step = StageChange {
        stage: "planning".into(),
        planned: Some(day("2027-01-01")),
        actual: None,
    };
    // pulp-luzhai is in 鹿寨县 (450223); custom-furniture in 融安县.
    luzhai.change_stage("pulp-luzhai", &step).await.unwrap();
    let theirs = luzhai
        .change_stage("custom-furniture", &step)
        .await
        .unwrap_err();
    assert_eq!(theirs.kind(), ErrorKind::Forbidden);
    let firm = add(
        "firm",
        Role::Enterprise,
        Scope {
            uscc: Some("914502046941651240".into()),
            ..Scope::default()
        },
    )
    .await;
    let err = firm
        .project_board(&BoardFilter::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    let viewer = add("v", Role::Viewer, Scope::default()).await;
    viewer.project_board(&BoardFilter::default()).await.unwrap();
    let err = viewer
        .add_problem(&NewProblem {
            project: "pulp-luzhai".into(),
            title: "x".into(),
            category: ProblemCategory::Other,
            department: "市工信局".into(),
            due: day("2027-01-01"),
            raised: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
}

#[tokio::test]
async fn a_candidate_taken_up_keeps_its_prediction_beside_the_diagnosis_now() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let city = RegionCode::parse("450200").unwrap();
    let req = FromCandidate {
        candidate: "cathode-xinxing".into(),
        id: Some("cathode-xinxing-2".into()),
        region: None,
        department: "柳江区人民政府".into(),
        city,
    };
    let p = app.project_from_candidate(&req).await.unwrap();
    // Its park's county, the candidate's figures, 谋划 reached today.
    assert_eq!(p.region, RegionCode::parse("450206").unwrap());
    assert_eq!(p.candidate.as_deref(), Some("cathode-xinxing"));
    assert_eq!(p.stages[0].actual, Some(day("2026-12-10")));
    let again = app.project_from_candidate(&req).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Conflict);

    let detail = app.project_detail("cathode-xinxing-2").await.unwrap();
    let view = detail.prediction.expect("a prediction");
    let nev = view
        .chains
        .iter()
        .find(|c| c.chain == "nev-battery")
        .unwrap();
    // The cathode gap is predicted filled; nothing is built yet, so now is as before.
    assert!(
        nev.completeness_predicted > nev.completeness_before,
        "{nev:?}"
    );
    assert_eq!(nev.completeness_now, nev.completeness_before);
    let cathode = nev.nodes.iter().find(|n| n.node == "cathode").unwrap();
    assert_ne!(cathode.predicted, cathode.before);
    assert_eq!(cathode.now, Some(cathode.before));
    // The prediction is what the what-if said at that moment.
    let what_if = app
        .what_if(&crate::whatif::WhatIfRequest::new(
            city,
            vec!["cathode-xinxing".into()],
        ))
        .await
        .unwrap();
    let w = what_if
        .chains
        .iter()
        .find(|c| c.chain.id == "nev-battery")
        .unwrap();
    assert_eq!(nev.completeness_predicted, w.completeness_after.ratio);
}

#[tokio::test]
async fn a_project_in_production_enters_the_enterprise_data_and_the_diagnosis_now_counts_it() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let first17 = "91450223MA5L0PP0X";
    let check = liantu_model::uscc::check_char(first17).unwrap();
    let code = format!("{first17}{check}");
    let wrong = if check == '0' { '1' } else { '0' };
    let req = Commission {
        project: "polymer-luzhai".into(),
        uscc: code.clone(),
        name: Some("柳州某高性能材料有限公司（示例）".into()),
        ..Commission::default()
    };
    // Refused, with nothing written: before 投产, a bad code, a new firm without a name.
    let early = Commission {
        project: "pulp-luzhai".into(),
        ..req.clone()
    };
    let err = app.commission_project(&early).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.to_string().contains("投产"), "{err}");
    let bad = Commission {
        uscc: format!("{first17}{wrong}"),
        ..req.clone()
    };
    let err = app.commission_project(&bad).await.unwrap_err();
    assert!(err.to_string().contains("校验码"), "{err}");
    let nameless = Commission {
        name: None,
        ..req.clone()
    };
    let err = app.commission_project(&nameless).await.unwrap_err();
    assert!(err.to_string().contains("企业名称"), "{err}");
    assert!(app.enterprise(&code).await.is_err());
    let before = app.project_detail("polymer-luzhai").await.unwrap();
    let view = before.prediction.expect("a prediction");
    let chem = view.chains.iter().find(|c| c.chain == "chemical").unwrap();
    let node = chem
        .nodes
        .iter()
        .find(|n| n.node == "high-performance-polymers")
        .unwrap();
    assert_eq!(node.now, Some(node.before));
    let status_before = node.now;
    let completeness_before = chem.completeness_now;

    let done = app.commission_project(&req).await.unwrap();
    assert!(done.enterprise_created);
    assert_eq!(done.memberships_added, 1);
    // Its output is the reports' since 投产 (2025-08), summed per year.
    let reports = app.store.project_reports("polymer-luzhai").await.unwrap();
    let output_2026: f64 = reports
        .iter()
        .filter(|r| r.month.year() == 2026)
        .filter_map(|r| r.output)
        .sum();
    assert!(output_2026 > 0.0);
    assert!(done.output_years.contains(&2026), "{done:?}");
    let firm = app.enterprise(&code).await.unwrap();
    let year = firm.years.iter().find(|y| y.year == 2026).unwrap();
    assert_eq!(year.output, Some(output_2026));
    assert_eq!(firm.enterprise.region, RegionCode::parse("450223").unwrap());
    assert_eq!(firm.enterprise.park.as_deref(), Some("luzhai-chem"));

    // The diagnosis now counts it: the gap is no longer missing.
    let after = app.project_detail("polymer-luzhai").await.unwrap();
    assert_eq!(after.row.project.uscc.as_deref(), Some(code.as_str()));
    let view = after.prediction.unwrap();
    let chem = view.chains.iter().find(|c| c.chain == "chemical").unwrap();
    let node = chem
        .nodes
        .iter()
        .find(|n| n.node == "high-performance-polymers")
        .unwrap();
    // (The demo's node was 潜力; the what-if predicted 优势 from the candidate's output.)
    assert_ne!(node.now, status_before, "{node:?}");
    assert_eq!(node.now, Some(node.predicted), "{node:?}");
    assert!(chem.completeness_now >= completeness_before, "{chem:?}");

    // Again: nothing new; another firm: refused.
    let again = app.commission_project(&req).await.unwrap();
    assert!(!again.enterprise_created);
    assert_eq!(again.memberships_added, 0);
    let other = Commission {
        uscc: "914502046941651240".into(),
        ..req
    };
    let err = app.commission_project(&other).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
}

#[tokio::test]
async fn a_problem_list_from_excel_comes_in_whole_or_names_every_bad_cell() {
    let (dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let file = dir.path().join("问题清单.csv");
    let write = |text: &str| {
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        std::fs::write(&file, gbk).unwrap();
    };
    // As a county office keeps it: a title row, GBK from Excel, its own column names.
    write(
        "鹿寨县重点项目问题清单（2026年12月）\n\
         序号,项目名称,存在问题,类别,牵头单位,完成时限,交办日期\n\
         1,某高性能工程塑料（PPS）项目（示例）,二期用地指标未落实,用地,市自然资源局,2027-01-31,2026-12-05\n\
         2,某高性能工程塑料（PPS）项目（示例）,污水管网接入,水电气配套,市住房城乡建设局,2099/3/1,\n\
         3,没有这个项目,x,用地,市工信局,2027-01-31,\n\
         4,某高性能工程塑料（PPS）项目（示例）,y,天气,不存在的局,2026-11-01,2026-12-01\n",
    );
    let total = |app: App| async move {
        app.store
            .problem_page(
                &liantu_store::ProblemFilter::default(),
                day("2026-12-10"),
                None,
            )
            .await
            .unwrap()
            .total
    };
    let before = total(app.clone()).await;
    let err = app.import_problems_file(&file, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    let msg = err.to_string();
    // Row numbers as in the file (the title is row 1, the header row 2).
    assert!(
        msg.contains("第 5 行「项目名称」") && msg.contains("没有这个项目"),
        "{msg}"
    );
    assert!(
        msg.contains("第 6 行「问题类别」") && msg.contains("天气"),
        "{msg}"
    );
    assert!(msg.contains("第 6 行「责任单位」"), "{msg}");
    assert!(msg.contains("第 6 行「办结时限」"), "{msg}");
    assert_eq!(total(app.clone()).await, before, "nothing written");
    // The good rows alone come in, 交办 to their departments; the same file again adds nothing.
    write(
        "序号,项目名称,存在问题,类别,牵头单位,完成时限,交办日期\n\
         1,某高性能工程塑料（PPS）项目（示例）,二期用地指标未落实,用地,市自然资源局,2027-01-31,2026-12-05\n\
         2,某高性能工程塑料（PPS）项目（示例）,污水管网接入,水电气配套,市住房城乡建设局,2099/3/1,\n",
    );
    let ids = app.import_problems_file(&file, None).await.unwrap();
    assert_eq!(ids.len(), 2);
    let p = app.problem_detail(ids[1]).await.unwrap();
    assert_eq!(p.row.problem.status, ProblemStatus::Assigned);
    assert_eq!(p.row.problem.category, ProblemCategory::Utilities);
    assert_eq!(p.row.problem.raised, day("2026-12-10"));
    assert_eq!(p.row.problem.due, day("2099-03-01"));
    let again = app.import_problems_file(&file, None).await.unwrap_err();
    assert!(again.to_string().contains("已有此问题"), "{again}");
    assert_eq!(total(app.clone()).await, before + 2);
}
