use super::*;
use crate::whatif::*;
use liantu_invest::Criterion;
use liantu_model::{NodeStatus, RegionCode};

async fn demo_store() -> (tempfile::TempDir, App) {
    crate::tests::demo_app().await
}

fn liuzhou() -> RegionCode {
    RegionCode::parse("450200").unwrap()
}

fn ranking_request() -> RankingRequest {
    RankingRequest {
        region: liuzhou(),
        profile: default_profile().unwrap(),
        year: None,
        explain_top: None,
        window: None,
    }
}

#[tokio::test]
async fn a_window_of_the_ranking_is_that_slice_of_the_whole_list() {
    let (_dir, app) = demo_store().await;
    let whole = app.candidate_ranking(&ranking_request()).await.unwrap();
    let ids = |r: &RankingReport| -> Vec<(String, u32)> {
        r.results
            .iter()
            .map(|x| (x.score.id.clone(), x.score.rank))
            .collect()
    };
    assert_eq!(whole.total, whole.results.len());
    for (skip, take) in [(0, 5), (5, 5), (10, 5), (14, 3), (100, 5)] {
        let page = app
            .candidate_ranking(&RankingRequest {
                window: Some((skip, take)),
                ..ranking_request()
            })
            .await
            .unwrap();
        assert_eq!(page.total, whole.total);
        assert_eq!(page.eligible, whole.eligible);
        let want: Vec<(String, u32)> = ids(&whole).into_iter().skip(skip).take(take).collect();
        assert_eq!(ids(&page), want, "window ({skip}, {take})");
    }
}

#[tokio::test]
async fn candidates_are_read_a_page_at_a_time_by_id() {
    let (_dir, app) = demo_store().await;
    let all = app.candidates().await.unwrap();
    let mut paged = Vec::new();
    for page in 0.. {
        let (total, rows) = app.candidate_page((page * 4, 4)).await.unwrap();
        assert_eq!(total, all.len());
        if rows.is_empty() {
            break;
        }
        paged.extend(rows);
    }
    assert_eq!(paged, all);
    assert_eq!(
        app.candidate(&all[3].id).await.unwrap().as_ref(),
        Some(&all[3])
    );
    assert_eq!(app.candidate("no-such-candidate").await.unwrap(), None);
}

#[tokio::test]
async fn demo_ranking_puts_battery_material_gaps_above_their_twins() {
    let (_dir, store) = demo_store().await;
    let r = store.candidate_ranking(&ranking_request()).await.unwrap();
    assert_eq!(r.results.len(), 14);
    assert!(r.illustrative);
    // The demo panel gives densities for 产业契合.
    assert_eq!(r.density_panel.as_deref(), Some(crate::DEMO_PANEL));
    let rank = |id: &str| {
        r.results
            .iter()
            .find(|x| x.score.id == id)
            .map(|x| x.score.rank)
            .unwrap()
    };
    for (gap, twin) in [
        ("li2co3-luzhai", "li2co3-twin"),
        ("electrolyte-liutang", "electrolyte-twin"),
        ("cathode-xinxing", "cathode-twin"),
    ] {
        assert!(
            rank(gap) < rank(twin),
            "{gap} {} vs {twin} {}",
            rank(gap),
            rank(twin)
        );
    }
    let cathode = r
        .results
        .iter()
        .find(|x| x.score.id == "cathode-xinxing")
        .unwrap();
    assert_eq!(cathode.nodes[0].status, Some(NodeStatus::Missing));
    assert!(
        cathode.score.criteria[Criterion::ChainGap.index()]
            .reason_zh
            .contains("填补空白环节“正极材料”")
    );
    for x in &r.results {
        let sum: f64 = x.score.criteria.iter().map(|c| c.points).sum();
        assert!((sum - x.score.total).abs() < 1e-9);
    }
    assert_eq!(r.eligible, 12);
    // A heavier weight on technology changes the ranking.
    let mut request = ranking_request();
    request.profile.scoring.weights.chain_gap = 0.0;
    let flat = store.candidate_ranking(&request).await.unwrap();
    let flat_rank = |id: &str| {
        flat.results
            .iter()
            .find(|x| x.score.id == id)
            .unwrap()
            .score
            .rank
    };
    assert!(flat_rank("cathode-twin") < flat_rank("cathode-xinxing"));
}

#[tokio::test]
async fn demo_grading() {
    let (_dir, store) = demo_store().await;
    let request = GradingRequest {
        region: liuzhou(),
        year: None,
        profile: default_profile().unwrap(),
        park: None,
        chain: None,
        window: None,
    };
    let g = store.enterprise_grading(&request).await.unwrap();
    assert_eq!(g.year, 2024);
    let counts: u32 = g.distribution.iter().map(|d| d.count).sum();
    assert_eq!(counts, g.graded);
    assert!(g.graded > 100);
    // Utilities (44, 46) are not graded.
    for e in &g.enterprises {
        if e.industry_code
            .as_deref()
            .is_some_and(|c| c.starts_with("44") || c.starts_with("46"))
        {
            assert!(e.grade.is_none());
            assert!(e.not_graded_zh.as_deref().unwrap().contains("不参评行业"));
        }
        if let Some(score) = e.score {
            let sum: f64 = e.indicators.iter().map(|i| i.score.points).sum();
            assert!((sum - score).abs() < 1e-9);
        }
    }
    // Ranked first, A first.
    assert_eq!(g.enterprises[0].rank, Some(1));
    assert_eq!(g.enterprises[0].grade, Some(Grade::A));
    let a = g.distribution[0].count as f64;
    assert!(a <= 0.2 * g.graded as f64 + 1.0);
}

/// Firms nobody reported figures for in the graded year are counted, not graded: before, they
/// were ranked on a score of 0, apart only by the order of their codes (and a million of them
/// made the page 396 MB). The graded firms' grades and ranks stay as they were.
#[tokio::test]
async fn firms_without_figures_for_the_year_are_counted_not_graded() {
    let (dir, app) = demo_store().await;
    let request = GradingRequest {
        region: liuzhou(),
        year: None,
        profile: default_profile().unwrap(),
        park: None,
        chain: None,
        window: None,
    };
    let before = app.enterprise_grading(&request).await.unwrap();
    assert_eq!(
        before.without_figures, 0,
        "every demo firm reports for 2024"
    );
    let file = dir.path().join("new.csv");
    let rows: String = (1..=3)
        .map(|i| {
            let body = format!("9145022400000000{i}");
            let check = liantu_model::uscc::check_char(&body).unwrap();
            format!("{body}{check},融安示例新厂{i}有限公司,450224,民营,是,12.5\n")
        })
        .collect();
    std::fs::write(
        &file,
        format!("统一社会信用代码,企业名称,行政区划代码,所有制,规上企业,用地面积（亩）\n{rows}"),
    )
    .unwrap();
    app.import_file(
        crate::data::DataKind::Enterprises,
        &file,
        &crate::data::ImportOptions::default(),
    )
    .await
    .unwrap();
    let after = app.enterprise_grading(&request).await.unwrap();
    assert_eq!(after.without_figures, 3);
    assert_eq!(
        (after.graded, after.not_graded, after.rows_total),
        (before.graded, before.not_graded, before.rows_total)
    );
    let ranks = |g: &GradingReport| -> Vec<(String, Option<u32>, Option<Grade>)> {
        g.enterprises
            .iter()
            .map(|e| (e.uscc.clone(), e.rank, e.grade))
            .collect()
    };
    assert_eq!(ranks(&after), ranks(&before));
    // The county's view counts its own.
    let county = app
        .enterprise_grading(&GradingRequest {
            region: liantu_model::RegionCode::parse("450224").unwrap(),
            ..request.clone()
        })
        .await
        .unwrap();
    assert_eq!(county.without_figures, 3);
}

#[test]
fn candidate_file_columns_match_the_parser() {
    let keys: Vec<&str> = liantu_ingest::candidates::candidate_columns()
        .iter()
        .map(|c| c.key)
        .collect();
    assert_eq!(keys, liantu_invest::CANDIDATE_COLUMNS);
}

#[tokio::test]
async fn what_if_and_scenarios() {
    let (_dir, store) = demo_store().await;
    let ids: Vec<String> = ["li2co3-luzhai", "electrolyte-liutang", "cathode-xinxing"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let w = store
        .what_if(&WhatIfRequest::new(liuzhou(), ids.clone()))
        .await
        .unwrap();
    let nev = w
        .chains
        .iter()
        .find(|c| c.chain.id == "nev-battery")
        .unwrap();
    assert_eq!(
        nev.completeness_after.covered_nodes,
        nev.completeness_before.covered_nodes + 3
    );
    for node in ["lithium-carbonate", "electrolyte", "cathode"] {
        let n = nev.changes.iter().find(|n| n.id == node).unwrap();
        assert_eq!(n.status_before, NodeStatus::Missing);
        assert_ne!(n.status_after, NodeStatus::Missing);
        assert_eq!(n.firms_after, 1);
    }
    assert!(nev.substituted_value > 0.0);
    assert!(nev.local_supply_after.rate.unwrap() > nev.local_supply_before.rate.unwrap());

    // Symbiosis: the lithium-carbonate and electrolyte projects bring streams to the two
    // chemical parks; the cathode project's park has no stream data and is left out.
    let parks: Vec<&str> = w.symbiosis.iter().map(|s| s.park.as_str()).collect();
    assert_eq!(parks, ["liucheng-liutang-chem", "luzhai-chem"]);
    for s in &w.symbiosis {
        assert!(s.illustrative);
        assert!(!s.new_exchanges.is_empty(), "{}", s.park);
        // More options never lower the LP optimum (no candidate need has a minimum intake).
        assert!(s.net_benefit_after >= s.net_benefit_before - 1e-6);
        for x in &s.new_exchanges {
            assert!(x.from.starts_with("candidate:") || x.to.starts_with("candidate:"));
        }
    }
    let luzhai = &w.symbiosis[1];
    assert_eq!(luzhai.candidates, ["li2co3-luzhai"]);
    // The leach residue goes to the building-materials firm that takes slag.
    assert!(
        luzhai
            .new_exchanges
            .iter()
            .any(|x| x.offer == "c-li2co3-slag" && x.class == "slag")
    );

    let save = |id: &str, c: &[&str]| ScenarioRow {
        id: id.into(),
        name: id.into(),
        region: liuzhou(),
        candidates: c.iter().map(|s| s.to_string()).collect(),
        substitution: 1.0,
        note: String::new(),
        created: store.now(),
    };
    store
        .save_scenario(&save(
            "materials",
            &["li2co3-luzhai", "electrolyte-liutang", "cathode-xinxing"],
        ))
        .await
        .unwrap();
    store
        .save_scenario(&save("cathode-only", &["cathode-xinxing"]))
        .await
        .unwrap();
    assert!(store.save_scenario(&save("bad", &["nope"])).await.is_err());
    let mut invisible = save("invisible", &["cathode-xinxing"]);
    invisible.name = "\u{202E}\u{200B}".into();
    assert!(store.save_scenario(&invisible).await.is_err());
    let mut nul = save("nul", &["cathode-xinxing"]);
    nul.note = "a\0b".into();
    assert!(store.save_scenario(&nul).await.is_err());
    assert!(
        store
            .save_scenario(&save("bad id", &["cathode-xinxing"]))
            .await
            .is_err()
    );
    assert_eq!(store.scenarios().await.unwrap().len(), 2);
    let (_, again) = store.run_scenario("materials").await.unwrap();
    let nev2 = again
        .chains
        .iter()
        .find(|c| c.chain.id == "nev-battery")
        .unwrap();
    assert_eq!(nev2.completeness_after, nev.completeness_after);
    let cmp = store
        .compare_scenarios(&["materials".into(), "cathode-only".into()])
        .await
        .unwrap();
    let chain = cmp
        .chains
        .iter()
        .find(|c| c.chain.id == "nev-battery")
        .unwrap();
    assert_eq!(chain.outcomes.len(), 2);
    assert_eq!(
        chain.outcomes[0].covered_after,
        chain.outcomes[1].covered_after + 2
    );
    assert!(store.run_scenario("nope").await.is_err());
    assert!(store.now().ends_with('Z') && store.now().len() == 20);
}

#[tokio::test]
async fn io_import_feeds_the_linkage_criterion() {
    let Some(file) = liantu_testdata::shared("input-output/china_io_2020_42.csv") else {
        return;
    };
    let text = std::fs::read_to_string(&file).unwrap();
    let path = file.to_str().unwrap();
    let (_dir, store) = demo_store().await;
    let s = store
        .import_io_table("cn2020-42", "中国 2020 年 42 部门投入产出表", path, &text)
        .await
        .unwrap();
    assert!(s.node_mapping_fits && s.sectors == 42 && s.identity_residual < 1e-9);
    let report = store.io_report(None).await.unwrap();
    assert_eq!(report.sectors.len(), 42);
    assert!(
        report.sectors[17]
            .nodes
            .contains(&"nev-battery:vehicle".to_string())
    );
    let r = store.candidate_ranking(&ranking_request()).await.unwrap();
    assert!(
        r.io_table
            .as_deref()
            .is_some_and(|t| t == "中国 2020 年 42 部门投入产出表")
    );
    let cathode = r
        .results
        .iter()
        .find(|x| x.score.id == "cathode-xinxing")
        .unwrap();
    assert!(
        cathode.score.criteria[Criterion::Linkage.index()]
            .reason_zh
            .contains("产出乘数")
    );
    assert!(
        store
            .import_io_table("bad", "t", "x.csv", "a,b\n1,2\n")
            .await
            .is_err()
    );
    assert!(
        store
            .import_io_table("bad id", "t", "x.csv", &text)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_153_sector_table_gets_the_finer_node_map() {
    let Some(file) = liantu_testdata::shared("input-output/china_io_2020_153.csv") else {
        return;
    };
    let text = std::fs::read_to_string(&file).unwrap();
    let path = file.to_str().unwrap();
    let (_dir, store) = demo_store().await;
    let s = store
        .import_io_table("cn2020-153", "2020 年 153 部门表", path, &text)
        .await
        .unwrap();
    assert!(s.node_mapping_fits && s.sectors == 153, "{s:?}");
    let report = store.io_report(None).await.unwrap();
    let nodes_of = |code: &str| {
        report
            .sectors
            .iter()
            .find(|x| x.code == code)
            .map(|x| x.nodes.clone())
            .unwrap()
    };
    // Batteries and synthetic materials are sectors of their own in the 153 table.
    assert!(nodes_of("087").contains(&"nev-battery:battery-cell".to_string()));
    assert!(nodes_of("047").contains(&"chemical:special-rubber".to_string()));
    assert!(!nodes_of("043").contains(&"chemical:special-rubber".to_string()));
    let r = store.candidate_ranking(&ranking_request()).await.unwrap();
    assert!(
        r.io_table
            .as_deref()
            .is_some_and(|t| t == "2020 年 153 部门表")
    );
    let linkage = |id: &str| {
        r.results
            .iter()
            .find(|x| x.score.id == id)
            .unwrap()
            .score
            .criteria[Criterion::Linkage.index()]
        .reason_zh
        .clone()
    };
    assert!(linkage("rubber-hexi").contains("产出乘数"));
    // Rubber (047) and lithium carbonate (043) now get different multipliers.
    assert_ne!(linkage("rubber-hexi"), linkage("li2co3-luzhai"));
}

/// A candidate on a chemical node whose product goes into the battery chain is scored on the
/// coupling gap the coupling view shows: the special-rubber project on the tyre node's purchases
/// from outside, the same figure as the view's.
#[tokio::test]
async fn coupling_gaps_feed_the_chain_gap_criterion() {
    let (_dir, store) = demo_store().await;
    let view = store.coupling(liuzhou(), None).await.unwrap();
    let gap = view
        .gaps
        .iter()
        .find(|g| g.supplier_node == "special-rubber" && g.buyer_node == "tyres-rubber")
        .expect("the demo's rubber → tyre coupling gap");
    let r = store.candidate_ranking(&ranking_request()).await.unwrap();
    let rubber = r
        .results
        .iter()
        .find(|x| x.score.id == "rubber-hexi")
        .unwrap();
    let why = &rubber.score.criteria[Criterion::ChainGap.index()].reason_zh;
    // Written rounded to the 万元 with thousands separators, as the reasons write money.
    let digits = format!("{}", gap.outside_value.round() as i64);
    let outside = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(",");
    assert!(
        why.contains("跨链补链") && why.contains("轮胎及橡胶塑料件") && why.contains(&outside),
        "{why} (the view: {outside})"
    );
}
