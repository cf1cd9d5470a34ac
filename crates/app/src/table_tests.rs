//! The tables front ends print, over the real demo: keys for programs, texts for people, one
//! cell per column, links where the web app has a page.

use crate::table::csv::{Headers, header_row, record};
use crate::tests::demo_app;
use crate::*;
use liantu_model::RegionCode;

fn liuzhou() -> RegionCode {
    RegionCode::parse("450200").unwrap()
}

/// Each row's fields as a program reads them, by header.
fn keyed(t: &Table) -> Vec<std::collections::BTreeMap<String, String>> {
    let headers = header_row(&t.columns, Headers::Keys);
    t.rows
        .iter()
        .map(|row| {
            assert_eq!(row.len(), t.columns.len(), "one cell per column");
            headers
                .iter()
                .cloned()
                .zip(record(&t.columns, row, Headers::Keys))
                .collect()
        })
        .collect()
}

fn text_of(t: &Table, row: usize, key: &str) -> String {
    t.rows[row][t.column(key).unwrap()].display(Lang::Zh)
}

#[tokio::test]
async fn overview_names_the_missing_nodes_and_links_each_chain() {
    let (_dir, app) = demo_app().await;
    let reports = app.chain_overview(liuzhou()).await.unwrap();
    let t = overview_table(&reports);
    assert_eq!(t.rows.len(), 4);
    let battery = reports
        .iter()
        .position(|r| r.chain.id == "nev-battery")
        .unwrap();
    assert!(text_of(&t, battery, "missing").ends_with("等 13 个"));
    assert_eq!(keyed(&t)[battery]["chain"], "nev-battery");
    assert!(
        matches!(&t.rows[battery][0], Cell::Link { href, .. } if href == "/chains/nev-battery")
    );
}

#[tokio::test]
async fn growth_rows_carry_node_ids_for_programs_and_names_for_people() {
    let (_dir, app) = demo_app().await;
    let report = app
        .growth_opportunities(&GrowthRequest::new(DEMO_PANEL, "450200"))
        .await
        .unwrap();
    let t = growth_table(
        &report,
        report.opportunities.iter().chain(&report.strengths),
    );
    assert_eq!(
        t.rows.len(),
        report.opportunities.len() + report.strengths.len()
    );
    let i = report
        .opportunities
        .iter()
        .position(|o| o.industry == "3251")
        .unwrap();
    assert_eq!(
        keyed(&t)[i]["chain_nodes"],
        "nev-battery/copper-aluminium-foil"
    );
    assert_eq!(keyed(&t)[i]["present"], "0");
    assert!(text_of(&t, i, "chain_nodes").starts_with("新能源汽车及锂电池/"));
}

#[tokio::test]
async fn a_what_if_change_reads_before_to_after_with_the_new_status_as_key() {
    let (_dir, app) = demo_app().await;
    app.load_demo_candidates().await.unwrap();
    let report = app
        .what_if(&WhatIfRequest::new(
            liuzhou(),
            vec!["cathode-xinxing".into()],
        ))
        .await
        .unwrap();
    let t = whatif::whatif_table(&report);
    let rows = keyed(&t);
    let cathode = rows.iter().position(|r| r["node"] == "cathode").unwrap();
    assert_eq!(rows[cathode]["status_before"], "missing");
    assert_eq!(rows[cathode]["status_after"], "weak");
    assert_eq!(text_of(&t, cathode, "status_after"), "空白 → 薄弱");
    assert_eq!(text_of(&t, cathode, "node"), "正极材料");
}

#[tokio::test]
async fn ranking_points_add_up_to_the_total_and_gates_are_labelled() {
    let (_dir, app) = demo_app().await;
    app.load_demo_candidates().await.unwrap();
    let report = app
        .candidate_ranking(&invest::RankingRequest {
            region: liuzhou(),
            profile: invest::default_profile().unwrap(),
            year: None,
            explain_top: None,
            window: None,
        })
        .await
        .unwrap();
    let t = invest::ranking_table(&report);
    for (row, x) in keyed(&t).iter().zip(&report.results) {
        let points: f64 = report
            .criteria
            .iter()
            .map(|c| row[&format!("{}_points", c.key)].parse::<f64>().unwrap())
            .sum();
        assert!((points - x.score.total).abs() < 1e-9, "{row:?}");
        assert_eq!(row["eligible"], x.score.eligible.to_string());
    }
    let failed = report
        .results
        .iter()
        .position(|x| !x.score.eligible)
        .unwrap();
    assert_eq!(text_of(&t, failed, "eligible"), "未通过");
}

#[tokio::test]
async fn grading_has_a_value_and_points_per_indicator_and_not_graded_rows_say_why() {
    let (_dir, app) = demo_app().await;
    let report = app
        .enterprise_grading(&invest::GradingRequest {
            region: liuzhou(),
            year: None,
            profile: invest::default_profile().unwrap(),
            park: None,
            chain: None,
            window: None,
        })
        .await
        .unwrap();
    let t = invest::grading_table(&report);
    assert_eq!(t.columns.len(), 7 + 2 * report.benchmarks.len());
    let rows = keyed(&t);
    let not_graded = report
        .enterprises
        .iter()
        .position(|e| e.rank.is_none())
        .unwrap();
    assert_eq!(rows[not_graded]["rank"], "");
    assert!(!rows[not_graded]["not_graded_zh"].is_empty());
    assert_eq!(rows[0]["rank"], "1");
    assert!(matches!(&t.rows[0][1], Cell::Link { href, .. } if href.starts_with("/enterprises/")));
}

#[test]
fn symbiosis_exchanges_keep_yuan_and_products_link_percent_encoded() {
    let solved = symbiosis::solve_instance(
        symbiosis::park_instance("luzhai-chem").unwrap(),
        "luzhai-chem",
        &symbiosis::SolveOptions::default(),
    )
    .unwrap();
    let t = symbiosis::exchanges_table(&solved.report);
    let rows = keyed(&t);
    assert_eq!(rows.len(), solved.report.exchanges.len());
    let first = &solved.report.exchanges[0];
    let net: f64 = rows[0]["net_value_yuan"].parse().unwrap();
    assert!((net - first.net_value).abs() < 1e-6 * first.net_value.abs().max(1.0));
    assert_eq!(kg::product_href("轮胎"), "/kg?product=%E8%BD%AE%E8%83%8E");
}
