//! Plans over the demo: targets against the data with 序时, a revision kept beside the first
//! version, bad plans refused naming the problem, and a chain's change between two years.

use super::*;
use crate::{ErrorKind, FixedClock};
use liantu_projects::Level;
use std::sync::Arc;

async fn demo_on(day: time::OffsetDateTime) -> (tempfile::TempDir, App) {
    let (dir, app) = crate::tests::demo_app().await;
    (dir, app.with_clock(Arc::new(FixedClock(day))))
}

#[tokio::test]
async fn a_county_plan_counts_its_projects_and_investment_against_the_path() {
    // Mid-2025: the first five months count.
    let (_dir, app) = demo_on(time::macros::datetime!(2025-06-10 02:00 UTC)).await;
    let e = app
        .plan_evaluation("county-450223-2025", None)
        .await
        .unwrap();
    assert_eq!(e.months, 5);
    assert_eq!(e.region_zh, "鹿寨县");
    let signed = &e.targets[0];
    assert_eq!(signed.indicator, Indicator::ProjectsSigned);
    // Recount from the projects themselves: 签约 dated January–May 2025, in 鹿寨县.
    let projects = app.store.projects().await.unwrap();
    let mut expected: Vec<String> = projects
        .iter()
        .filter(|p| p.region.as_str() == "450223")
        .filter(|p| {
            p.stages.iter().any(|s| {
                s.stage == "signed"
                    && s.actual.is_some_and(|d| {
                        let m = d.month();
                        m.year() == 2025 && m.month() <= 5
                    })
            })
        })
        .map(|p| p.id.clone())
        .collect();
    expected.sort();
    assert_eq!(signed.projects, expected);
    assert_eq!(signed.actual, Some(expected.len() as f64));
    // Linear path: 5/12 of the target is due.
    assert!((signed.expected.unwrap() - signed.target * 5.0 / 12.0).abs() < 1e-9);
    // Investment along its quarterly path (0.15, 0.4 …): by May 0.15 + (0.4 − 0.15) × 2/3.
    let inv = &e.targets[2];
    let due = inv.target * (0.15 + 0.25 * 2.0 / 3.0);
    assert!((inv.expected.unwrap() - due).abs() < 1e-6, "{inv:?}");
    let reports = app.store.all_reports().await.unwrap();
    let sum: f64 = reports
        .iter()
        .filter(|r| r.month.year() == 2025 && r.month.month() <= 5)
        .filter(|r| {
            projects
                .iter()
                .any(|p| p.id == r.project && p.region.as_str() == "450223")
        })
        .map(|r| r.invested_month)
        .sum();
    assert!((inv.actual.unwrap() - sum).abs() < 1e-6);
    let behind = (inv.expected.unwrap() - sum) / inv.expected.unwrap() * 100.0;
    assert!((inv.behind_pct.unwrap() - behind).abs() < 1e-9);
    let level = if behind > 20.0 {
        Level::Red
    } else if behind > 10.0 {
        Level::Yellow
    } else {
        Level::Green
    };
    assert_eq!(inv.level, Some(level));
}

#[tokio::test]
async fn a_chain_plan_reads_the_latest_figures_and_a_revision_keeps_the_first() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let e = app.plan_evaluation("forestry-2025", None).await.unwrap();
    assert_eq!(e.months, 12);
    assert_eq!(e.version, 2);
    assert!(e.reason.contains("年中评估"));
    assert_eq!(e.versions.len(), 2);
    // The demo's figures end in 2024: the level indicators say so and use them.
    let output = &e.targets[0];
    assert_eq!(output.data_year, Some(2024));
    assert!(
        output.note_zh.contains("2025 年数据未到"),
        "{}",
        output.note_zh
    );
    let d = app
        .chain_diagnosis(&crate::DiagnosisRequest {
            year: Some(2024),
            ..crate::DiagnosisRequest::new("forestry", RegionCode::parse("450200").unwrap())
        })
        .await
        .unwrap();
    assert_eq!(output.actual, Some(d.total_output));
    let share = &e.targets[1];
    assert_eq!(share.name_zh, "高端绿色家居产值占比");
    let chosen: f64 = d
        .nodes
        .iter()
        .filter(|n| {
            [
                "solid-wood-furniture",
                "panel-furniture",
                "custom-furniture",
                "flooring",
                "engineered-flooring",
                "wood-doors",
            ]
            .contains(&n.id.as_str())
        })
        .map(|n| n.output)
        .sum();
    assert!((share.actual.unwrap() - chosen / d.total_output).abs() < 1e-12);
    // The revision lowered the investment target; the first version is still there.
    let inv = e
        .targets
        .iter()
        .find(|t| t.indicator == Indicator::InvestmentCompleted)
        .unwrap();
    assert_eq!(inv.previous_target, Some(150000.0));
    assert_eq!(inv.target, 120000.0);
    let first = app.plan_evaluation("forestry-2025", Some(1)).await.unwrap();
    assert_eq!(first.targets[6].target, 150000.0);
    let err = app
        .plan_evaluation("forestry-2025", Some(9))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn a_bad_plan_or_revision_is_refused_with_every_problem_and_nothing_written() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let text = r#"
id = "test-2026"
title_zh = "测试计划"
year = 2026
region = "450299"
chain = "no-such-chain"

[[target]]
indicator = "completeness"
target = 0.9
"#;
    let err = app.save_plan(text, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    let msg = err.to_string();
    assert!(
        msg.contains("450299") && msg.contains("no-such-chain"),
        "{msg}"
    );
    assert!(app.plan_versions("test-2026").await.is_err());
    let good = text
        .replace("450299", "450200")
        .replace("no-such-chain", "forestry");
    assert_eq!(app.save_plan(&good, None).await.unwrap(), 1);
    // Again without a reason: a conflict; with one, version 2.
    let err = app.save_plan(&good, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(app.save_plan(&good, Some("年中调整")).await.unwrap(), 2);
    // Revising a plan that does not exist: not found.
    let other = good.replace("test-2026", "test-2027");
    let err = app.save_plan(&other, Some("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn a_chain_change_names_the_nodes_that_moved_and_the_projects_behind_them() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let city = RegionCode::parse("450200").unwrap();
    let c = app
        .chain_change("forestry", city, 2023, 2024)
        .await
        .unwrap();
    let at = |year| crate::DiagnosisRequest {
        year: Some(year),
        ..crate::DiagnosisRequest::new("forestry", city)
    };
    let a = app.chain_diagnosis(&at(2023)).await.unwrap();
    let b = app.chain_diagnosis(&at(2024)).await.unwrap();
    let moved: Vec<&str> = a
        .nodes
        .iter()
        .zip(&b.nodes)
        .filter(|(x, y)| x.status != y.status)
        .map(|(_, y)| y.id.as_str())
        .collect();
    assert!(
        !moved.is_empty(),
        "the demo's forestry chain changes between 2023 and 2024"
    );
    let named: Vec<&str> = c.nodes.iter().map(|n| n.node.as_str()).collect();
    assert_eq!(named, moved);
    assert_eq!(c.local_supply_to, b.local_supply.rate);
    // Projects reaching 投产 in 2024 on a moved node are named against it.
    for n in &c.nodes {
        for r in &n.projects {
            let p = app.store.project(&r.id).await.unwrap().unwrap();
            assert_eq!(p.name, r.name);
            assert!(p.nodes.iter().any(|k| k.node == n.node));
        }
    }
}

#[tokio::test]
async fn a_plan_sets_its_projects_predictions_beside_now_and_counts_what_came_true() {
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let realised = |e: &PlanEvaluation, id: &str| {
        e.predictions
            .iter()
            .find(|p| p.project == id)
            .map(|p| (p.realised, p.nodes.len()))
    };
    let before = app.plan_evaluation("chemical-2025", None).await.unwrap();
    // Only the plan's chain, only nodes predicted to change.
    assert!(!before.predictions.is_empty());
    for p in &before.predictions {
        assert!(p.nodes.iter().all(|n| n.predicted != n.before), "{p:?}");
    }
    let (done_before, nodes) = realised(&before, "polymer-luzhai").expect("polymer-luzhai");
    // The PPS plant in production registers its firm: its node reaches the predicted status.
    app.commission_project(&crate::projects::Commission {
        project: "polymer-luzhai".into(),
        uscc: "91450223MA5L0PP0X0".into(),
        name: Some("柳州某高性能材料有限公司（示例）".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let after = app.plan_evaluation("chemical-2025", None).await.unwrap();
    let (done_after, nodes_after) = realised(&after, "polymer-luzhai").unwrap();
    assert_eq!(nodes_after, nodes);
    assert!(done_after > done_before, "{done_before} → {done_after}");
}

#[tokio::test]
async fn a_county_writes_its_own_plans_only() {
    use crate::Actor;
    use liantu_model::account::{Role, Scope};
    let (_dir, app) = demo_on(time::macros::datetime!(2026-12-10 02:00 UTC)).await;
    let user = app
        .add_user(
            "lz",
            Role::County,
            Scope {
                region: Some(RegionCode::parse("450223").unwrap()),
                ..Scope::default()
            },
            "a long test password",
        )
        .await
        .unwrap();
    let luzhai = app.acting(Actor::User(user), "test");
    let mine = app.store.plan_versions("county-450223-2025").await.unwrap();
    let text = &mine.last().unwrap().definition;
    assert_eq!(luzhai.save_plan(text, Some("调整")).await.unwrap(), 2);
    let theirs = app.store.plan_versions("county-450224-2025").await.unwrap();
    let err = luzhai
        .save_plan(&theirs[0].definition, Some("调整"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    let city = app.store.plan_versions("forestry-2025").await.unwrap();
    let err = luzhai
        .save_plan(&city[0].definition, Some("调整"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
}
