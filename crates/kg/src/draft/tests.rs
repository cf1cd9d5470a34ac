use super::*;
use crate::fixture;
use liantu_chain::parse_chain;

fn options(root: &str, depth: usize, max_nodes: usize, fold: bool) -> DraftOptions {
    DraftOptions {
        root: root.into(),
        depth,
        max_nodes,
        fold_subtypes: fold,
        min_companies: 0,
        chain_id: None,
    }
}

fn placed(d: &Draft) -> Vec<(String, i32, Stage)> {
    let mut v: Vec<_> = d
        .nodes
        .iter()
        .map(|n| (n.name.clone(), n.distance, n.stage))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn named_edges(d: &Draft) -> Vec<(String, String)> {
    let mut v: Vec<_> = d
        .edges
        .iter()
        .map(|&(a, b)| (d.nodes[a].name.clone(), d.nodes[b].name.clone()))
        .collect();
    v.sort();
    v
}

fn s(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn depth_one_takes_direct_suppliers_and_buyers_and_keeps_the_cycle() {
    let g = fixture::graph();
    let d = draft(&g, &options("轮胎", 1, 40, false)).unwrap();
    use Stage::*;
    assert_eq!(
        placed(&d),
        [
            ("丁苯橡胶(SBR)".to_string(), -1, Upstream),
            ("天然橡胶".to_string(), -1, Upstream), // also a buyer (the reversed relation)
            ("橡胶".to_string(), -1, Upstream),
            ("汽车".to_string(), 1, Downstream),
            ("轮胎".to_string(), 0, Midstream),
        ]
    );
    assert_eq!(d.root().name, "轮胎");
    assert_eq!(
        named_edges(&d),
        [
            s("丁苯橡胶(SBR)", "轮胎"),
            s("天然橡胶", "轮胎"),
            s("橡胶", "轮胎"),
            s("轮胎", "天然橡胶"),
            s("轮胎", "汽车"),
        ]
    );
    assert_eq!(d.considered, 5);
    assert_eq!(d.left_out(), 0);
}

#[test]
fn depth_two_goes_one_more_step_on_each_side_only_outwards() {
    let g = fixture::graph();
    let d = draft(&g, &options("轮胎", 2, 40, false)).unwrap();
    let p = placed(&d);
    assert!(p.contains(&("合成橡胶".into(), -2, Stage::Upstream)));
    assert!(p.contains(&("汽车租赁".into(), 2, Stage::Downstream)));
    // 气囊 supplies 汽车, a downstream product: not followed (only buyers of buyers).
    assert!(!p.iter().any(|(n, _, _)| n.starts_with("气囊")));
    // Sub-types are not nodes, and without folding their suppliers are not either.
    assert!(!p.iter().any(|(n, _, _)| n == "炭黑" || n == "工程轮胎"));
    assert_eq!(d.nodes.len(), 7);
}

#[test]
fn folding_sub_types_brings_in_their_suppliers() {
    let g = fixture::graph();
    let d = draft(&g, &options("轮胎", 1, 40, true)).unwrap();
    assert!(placed(&d).contains(&("炭黑".into(), -1, Stage::Upstream)));
    assert!(named_edges(&d).contains(&s("炭黑", "轮胎")));
    assert!(d.to_toml(&g, "test").contains("含产品小类"));
}

#[test]
fn the_cap_keeps_closer_then_better_supported_products() {
    let g = fixture::graph();
    let d = draft(&g, &options("轮胎", 2, 3, false)).unwrap();
    // Level 1 has 天然橡胶 (1 company), 汽车 (1 company), 橡胶 and 丁苯橡胶 (none);
    // 天然橡胶 and 汽车 tie on companies and relations and go by name.
    let names: Vec<&str> = d.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["轮胎", "天然橡胶", "汽车"]);
    assert_eq!(d.considered, 5);
    assert_eq!(d.left_out(), 2);
    // Every kept node is connected to the root.
    for i in 1..d.nodes.len() {
        assert!(
            d.edges
                .iter()
                .any(|&(a, b)| (a == i && b == 0) || (a == 0 && b == i))
        );
    }
}

#[test]
fn the_toml_passes_the_chain_parser_and_says_what_it_is() {
    let g = fixture::graph();
    for (root, depth, fold) in [("轮胎", 2, true), ("汽车", 1, false), ("汽车租赁", 3, true)]
    {
        let d = draft(&g, &options(root, depth, 40, fold)).unwrap();
        let text = d.to_toml(&g, "liantu chain from-kg --root x");
        let chain = parse_chain(&text).unwrap_or_else(|p| panic!("{p:#?}\n{text}"));
        assert_eq!(chain.nodes.len(), d.nodes.len());
        assert_eq!(chain.edges.len(), d.edges.len());
        assert!(chain.nodes.iter().all(|n| n.industry_codes.is_empty()));
        assert_eq!(chain.nodes[0].name_zh, root);
        assert!(text.starts_with("# 机器起草"));
        assert!(text.contains("MACHINE-DRAFTED") && text.contains("as of 2016-07-06"));
    }
    // Names with quotes and backslashes survive.
    let d = draft(&g, &options("汽车", 1, 40, false)).unwrap();
    let chain = parse_chain(&d.to_toml(&g, "x")).unwrap();
    assert!(chain.nodes.iter().any(|n| n.name_zh == "气囊\"A\\B"));
    let tyre = draft(&g, &options("轮胎", 1, 40, false)).unwrap();
    let chain = parse_chain(&tyre.to_toml(&g, "x")).unwrap();
    assert_eq!(chain.nodes[0].keywords, ["轮胎", "工程轮胎", "实心轮胎"]);
    assert_eq!(chain.id, slug("轮胎"));
}

#[test]
fn drafts_are_deterministic_with_stable_ids() {
    let g = fixture::graph();
    let a = draft(&g, &options("轮胎", 2, 40, true)).unwrap();
    let b = draft(&g, &options("轮胎", 2, 40, true)).unwrap();
    assert_eq!(a.to_toml(&g, "x"), b.to_toml(&g, "x"));
    let ids: std::collections::HashSet<&str> = a.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), a.nodes.len());
    assert!(a.nodes.iter().all(|n| is_valid_id(&n.id)));
    // FNV-1a 32 of "a" (a published test vector).
    assert_eq!(slug("a"), "kg-e40c292c");
}

#[test]
fn bad_options_and_unknown_roots() {
    let g = fixture::graph();
    assert_eq!(
        draft(&g, &options("轮胎", 0, 40, false)),
        Err(DraftError::Depth(0))
    );
    assert_eq!(
        draft(&g, &options("轮胎", 1, 1, false)),
        Err(DraftError::MaxNodes(1))
    );
    let mut bad_id = options("轮胎", 1, 40, false);
    bad_id.chain_id = Some("Tyres".into());
    assert_eq!(draft(&g, &bad_id), Err(DraftError::ChainId("Tyres".into())));
    let err = draft(&g, &options("子午线轮胎", 1, 40, false)).unwrap_err();
    assert_eq!(
        err,
        DraftError::UnknownRoot {
            root: "子午线轮胎".into(),
            suggestions: vec!["轮胎".into()]
        }
    );
    assert!(err.to_string().contains("是否要找：轮胎"));
}

#[test]
fn min_companies_leaves_out_products_nobody_listed_makes() {
    let g = fixture::graph();
    let all = draft(&g, &options("轮胎", 2, 40, false)).unwrap();
    let mut opts = options("轮胎", 2, 40, false);
    opts.min_companies = 1;
    let thin = draft(&g, &opts).unwrap();
    assert!(
        thin.nodes.len() < all.nodes.len(),
        "the fixture has products without makers"
    );
    assert_eq!(
        thin.nodes[0].name, "轮胎",
        "the root stays whatever its makers"
    );
    for n in &thin.nodes[1..] {
        let id = g.find(&n.name).unwrap();
        assert!(g.company_count(id) >= 1, "{} has no listed maker", n.name);
    }
    assert!(parse_chain(&thin.to_toml(&g, "test")).is_ok());
}
