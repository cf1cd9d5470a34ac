//! The demo must be internally consistent and must tell the public story the issue describes.

use super::*;
use std::collections::{HashMap, HashSet};

fn demo() -> Dataset {
    dataset().unwrap_or_else(|e| panic!("demo data invalid: {e}"))
}

#[test]
fn every_reference_resolves() {
    let d = demo();
    let sources: HashSet<&str> = d.sources.iter().map(|s| s.id.as_str()).collect();
    let regions: HashSet<RegionCode> = d.regions.iter().map(|r| r.code).collect();
    let parks: HashSet<&str> = d.parks.iter().map(|p| p.id.as_str()).collect();
    let firms: HashSet<&Uscc> = d.enterprises.iter().map(|e| &e.uscc).collect();
    assert_eq!(firms.len(), d.enterprises.len(), "duplicate USCC");
    let chains = liantu_chain::builtin();
    let node_ok = |chain: &str, node: &str| {
        chains
            .iter()
            .any(|c| c.id == chain && c.node(node).is_some())
    };
    for p in &d.parks {
        assert!(regions.contains(&p.region) && sources.contains(p.source.as_str()));
    }
    for e in &d.enterprises {
        assert!(regions.contains(&e.region), "{} region", e.name);
        assert!(sources.contains(e.source.as_str()));
        if let Some(p) = &e.park {
            assert!(parks.contains(p.as_str()), "{} park {p}", e.name);
        }
    }
    for y in &d.years {
        assert!(firms.contains(&y.uscc) && sources.contains(y.source.as_str()));
    }
    for m in &d.memberships {
        assert!(firms.contains(&m.uscc));
        assert!(node_ok(&m.chain, &m.node), "{}/{}", m.chain, m.node);
    }
    for l in &d.links {
        assert!(firms.contains(&l.buyer));
        if let Some(s) = &l.supplier {
            assert!(firms.contains(s));
        }
        assert!(node_ok(&l.chain, &l.node), "{}/{}", l.chain, l.node);
        assert!(l.value > 0.0);
        assert!(sources.contains(l.source.as_str()));
    }
    for f in &d.facts {
        let kind = d.sources.iter().find(|s| s.id == f.source).map(|s| s.kind);
        assert_eq!(
            kind,
            Some(SourceKind::Public),
            "fact {} needs a public source",
            f.id
        );
    }
}

#[test]
fn the_demo_is_big_enough_and_covers_liuzhou() {
    let d = demo();
    assert!(d.enterprises.len() >= 120);
    assert!(d.links.len() >= 400);
    let counties: HashSet<&str> = d
        .regions
        .iter()
        .map(|r| r.code.as_str())
        .filter(|c| c.starts_with("4502") && *c != "450200")
        .collect();
    let expected = [
        "450202", "450203", "450204", "450205", "450206", "450222", "450223", "450224", "450225",
        "450226",
    ];
    assert_eq!(counties, expected.into_iter().collect());
    for park in ["鹿寨县经开区化工园区", "柳城县六塘化工园区"] {
        assert!(d.parks.iter().any(|p| p.name_zh == park), "{park}");
    }
    for firm in [
        "上汽通用五菱",
        "东风柳州汽车",
        "螺霸王",
        "壮象木业",
        "鑫恒晶木业",
    ] {
        assert!(
            d.enterprises.iter().any(|e| e.name.contains(firm)),
            "{firm}"
        );
    }
    // Several years of figures for every enterprise.
    let mut years: HashMap<&Uscc, usize> = HashMap::new();
    for y in &d.years {
        *years.entry(&y.uscc).or_default() += 1;
    }
    assert!(
        d.enterprises
            .iter()
            .all(|e| years.get(&e.uscc).copied().unwrap_or(0) >= 3)
    );
}

#[test]
fn the_public_picture_holds() {
    let d = demo();
    // Battery-grade lithium carbonate, electrolyte and cathode materials are missing locally.
    for node in ["lithium-carbonate", "electrolyte", "cathode"] {
        let local = d
            .memberships
            .iter()
            .filter(|m| m.chain == "nev-battery" && m.node == node)
            .count();
        assert_eq!(local, 0, "{node} should have no local enterprise");
        assert!(
            d.links
                .iter()
                .any(|l| l.node == node && !l.supplier_region.as_str().starts_with("4502")),
            "local buyers of {node} should buy from outside"
        );
    }
    // 融安 is the 香杉 board centre.
    let rongan_boards = d
        .enterprises
        .iter()
        .filter(|e| e.region.as_str() == "450224")
        .filter(|e| {
            d.memberships
                .iter()
                .any(|m| m.uscc == e.uscc && m.chain == "forestry")
        })
        .count();
    assert!(
        rongan_boards >= 5,
        "only {rongan_boards} forestry firms in 融安"
    );
    assert!(
        d.parks
            .iter()
            .any(|p| p.name_zh.contains("桂中现代林业科技产业园") && p.region.as_str() == "450223")
    );
    // The 2024 chemical-industry output is a public fact, in 万元.
    let chem = d
        .facts
        .iter()
        .find(|f| f.id == "chem-output-2024")
        .expect("chem fact");
    assert_eq!(
        (chem.year, chem.value, chem.unit.as_str()),
        (2024, 575000.0, "万元")
    );
    // Illustrative figures are labelled so.
    assert!(d.sources.iter().any(|s| s.kind == SourceKind::Illustrative));
}
