//! The Liuzhou demo ranking (demo data set, built-in chains, `data/demo/candidates.csv`,
//! `data/profiles/liuzhou.toml`), built without a database the way the app builds it.

mod common;

use liantu_invest::{
    Criterion, ParkInfo, Profile, Ranking, ScoringContext, parse_candidates_csv, score,
};
use liantu_model::NodeStatus;

fn demo_context() -> ScoringContext {
    let data = liantu_demo::dataset().expect("demo");
    let nodes = common::demo::demo_nodes();
    let parks = data
        .parks
        .iter()
        .map(|p| ParkInfo {
            id: p.id.clone(),
            name_zh: p.name_zh.clone(),
            name_en: p.name_en.clone(),
            recognised_chemical: p.kind == "chemical" && p.grade.contains("认定"),
        })
        .collect();
    ScoringContext {
        nodes,
        parks,
        densities: None,
    }
}

fn ranking(profile_text: &str) -> Ranking {
    let profile = Profile::from_toml(profile_text).unwrap();
    let candidates =
        parse_candidates_csv(include_str!("../../../data/demo/candidates.csv")).unwrap();
    score(&candidates, &demo_context(), &profile)
}

fn position(r: &Ranking, id: &str) -> usize {
    r.results.iter().position(|x| x.id == id).unwrap()
}

#[test]
fn battery_material_gaps_rank_above_their_otherwise_equal_twins() {
    let ctx = demo_context();
    for node in ["lithium-carbonate", "electrolyte", "cathode"] {
        let n = ctx
            .nodes
            .iter()
            .find(|n| n.key.chain == "nev-battery" && n.key.node == node)
            .unwrap();
        assert_eq!(
            n.status,
            NodeStatus::Missing,
            "{node} is missing in the demo"
        );
    }
    for profile in [
        include_str!("../../../data/profiles/liuzhou.toml"),
        include_str!("../../../data/profiles/liuzhou-chain-first.toml"),
    ] {
        let r = ranking(profile);
        for (gap, twin) in [
            ("li2co3-luzhai", "li2co3-twin"),
            ("electrolyte-liutang", "electrolyte-twin"),
            ("cathode-xinxing", "cathode-twin"),
        ] {
            let (g, t) = (
                &r.results[position(&r, gap)],
                &r.results[position(&r, twin)],
            );
            assert!(g.eligible && t.eligible);
            assert!(g.rank < t.rank, "{gap} #{} vs {twin} #{}", g.rank, t.rank);
            // The difference is the chain gap, and the sentences say so.
            let cg = Criterion::ChainGap.index();
            assert!(g.criteria[cg].points > 0.0);
            assert_eq!(t.criteria[cg].points, 0.0);
            assert!(
                g.criteria[cg].reason_zh.starts_with("填补空白环节"),
                "{}",
                g.criteria[cg].reason_zh
            );
            assert!(g.why_zh.contains("补链价值"), "{}", g.why_zh);
            assert!(g.why_en.contains("chain gap filled"), "{}", g.why_en);
            // Same figures: the non-node criteria are equal.
            for c in [
                Criterion::Technology,
                Criterion::InvestmentIntensity,
                Criterion::TaxPerMu,
                Criterion::Environment,
            ] {
                assert_eq!(
                    g.criteria[c.index()].points,
                    t.criteria[c.index()].points,
                    "{gap} {c:?}"
                );
            }
        }
    }
}

#[test]
fn demo_gates_and_breakdowns() {
    let r = ranking(include_str!("../../../data/profiles/liuzhou.toml"));
    assert_eq!(r.results.len(), 14);
    let rubber = &r.results[position(&r, "rubber-hexi")];
    assert!(!rubber.eligible);
    assert!(rubber.gate_failures[0].reason_zh.contains("柳州河西工业园"));
    let logistics = &r.results[position(&r, "logistics-liudong")];
    assert!(!logistics.eligible);
    assert!(
        logistics.gate_failures[0]
            .reason_zh
            .contains("150 万元/亩低于“柳东新区汽车产业园”园区门槛 350"),
        "{}",
        logistics.gate_failures[0].reason_zh
    );
    assert_eq!(r.eligible, 12);
    for x in &r.results {
        let sum: f64 = x.criteria.iter().map(|c| c.points).sum();
        assert!((sum - x.total).abs() < 1e-9);
        assert!(!x.why_zh.is_empty() && !x.why_en.is_empty());
    }
    // Chemical parks weigh environment 15 (profile park override).
    let li = &r.results[position(&r, "li2co3-luzhai")];
    assert_eq!(li.criteria[Criterion::Environment.index()].weight, 15.0);
    for x in &r.results {
        eprintln!("{:>2} {:>6.2} {} {}", x.rank, x.total, x.id, x.why_zh);
    }
}
