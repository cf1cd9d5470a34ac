//! The real knowledge graph in `../shared/data/industry-chain-kg` (never copied into the
//! repository). Expected counts come from its PROVENANCE.md and from an independent Python pass
//! over the files (same cleaning: control characters removed, names trimmed; same merging).
//! Skips with a message when the data is absent.

use liantu_chain::parse_chain;
use liantu_kg::{DraftOptions, Graph, MatchKind, draft, read_dir};
use liantu_model::Stage;
use std::path::PathBuf;
use std::time::Instant;

fn shared() -> Option<PathBuf> {
    liantu_testdata::shared("industry-chain-kg/product.json")?;
    liantu_testdata::shared("industry-chain-kg")
}

#[test]
fn the_shared_graph_parses_with_the_documented_counts() {
    let Some(dir) = shared() else { return };
    let start = Instant::now();
    let data = read_dir(&dir).unwrap();
    eprintln!("parsed in {:?}", start.elapsed());
    let s = &data.meta.stats;
    // PROVENANCE.md row counts.
    assert_eq!(s.product_rows, 95_559);
    assert_eq!(s.relation_rows, 110_153);
    assert_eq!(s.offering_rows, 53_785);
    assert_eq!(s.company_rows, 4_654);
    assert_eq!(s.industry_rows, 511);
    assert_eq!(s.company_industry_rows, 4_430);
    // Independent pass.
    assert_eq!(s.self_loops_dropped, 108);
    assert_eq!(s.duplicate_relations, 374);
    assert_eq!(
        (s.stated_upstream, s.stated_downstream, s.stated_subtype),
        (56_529, 206, 52_936)
    );
    assert_eq!(data.edge_counts(), (56_735, 52_936));
    assert_eq!(s.unlisted_products, 11);
    assert_eq!(s.duplicate_offerings, 583);
    assert_eq!(data.offerings.len(), 53_202);
    assert_eq!((s.weights_clamped_low, s.weights_clamped_high), (757, 46));
    assert_eq!(
        s.duplicate_companies, 68,
        "4,654 rows, 4,586 distinct codes"
    );
    assert_eq!(
        data.meta.as_of, "2021-10-22",
        "latest listing date in company.json"
    );
    assert!(data.meta.source.contains("产业链知识图谱"));
}

#[test]
fn tyre_search_and_a_battery_draft_on_the_shared_graph() {
    let Some(dir) = shared() else { return };
    let g = Graph::new(read_dir(&dir).unwrap());
    let start = Instant::now();
    let hits = g.search("轮胎", 20);
    eprintln!("search in {:?}", start.elapsed());
    assert_eq!(hits[0].product.name, "轮胎");
    assert_eq!(hits[0].kind, MatchKind::Exact);
    assert!(hits.iter().skip(1).all(|h| h.kind != MatchKind::Exact));
    let tyre = g.find("轮胎").unwrap();
    let upstream: Vec<&str> = g.suppliers(tyre).iter().map(|&p| g.name(p)).collect();
    for material in ["天然橡胶", "丁苯橡胶(SBR)", "聚丁二烯橡胶(BR)"] {
        assert!(upstream.contains(&material), "{upstream:?}");
    }

    // 锂电池 has one (reversed) supply relation of its own; its sub-types (电解液, 正极材料, …)
    // carry the rest, so it is drafted with sub-types folded in. 动力电池 is thin either way.
    for (root, fold, at_least) in [
        ("锂电池", true, 10),
        ("动力电池", false, 2),
        ("轮胎", false, 10),
    ] {
        let d = draft(
            &g,
            &DraftOptions {
                root: root.into(),
                depth: 2,
                max_nodes: 40,
                fold_subtypes: fold,
                min_companies: 0,
                chain_id: None,
            },
        )
        .unwrap();
        let n = d.nodes.len();
        assert!(n >= at_least && n <= 40, "{root}: {n} nodes");
        let text = d.to_toml(&g, "test");
        let chain = parse_chain(&text).unwrap_or_else(|p| panic!("{p:#?}"));
        assert_eq!(chain.nodes[0].name_zh, root);
        assert_eq!(chain.nodes.len(), n);
    }
    let lithium = draft(
        &g,
        &DraftOptions {
            root: "锂电池".into(),
            depth: 2,
            max_nodes: 40,
            fold_subtypes: true,
            min_companies: 0,
            chain_id: None,
        },
    )
    .unwrap();
    let upstream: Vec<&str> = lithium
        .nodes
        .iter()
        .filter(|n| n.stage == Stage::Upstream)
        .map(|n| n.name.as_str())
        .collect();
    // Stated in the graph: 锂电池 产品小类 锂电池电解液 / 锂电池正极材料, and
    // 锂电池电解液 上游材料 锂盐, 锂电池正极材料 上游材料 电解液 / 隔离材料.
    for material in ["锂盐", "电解液", "隔离材料"] {
        assert!(upstream.contains(&material), "{upstream:?}");
    }
}
