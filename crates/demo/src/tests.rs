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

/// The seed's names and figures as the city's documents give them (../shared/SEED-FACTS.md).
#[test]
fn named_firms_parks_and_figures_follow_the_seed() {
    let d = demo();
    let firm = |part: &str| {
        d.enterprises
            .iter()
            .find(|e| e.name.contains(part))
            .unwrap_or_else(|| panic!("no firm named {part}"))
    };
    let nodes_of = |e: &Enterprise| -> Vec<&str> {
        d.memberships
            .iter()
            .filter(|m| m.uscc == e.uscc)
            .map(|m| m.node.as_str())
            .collect()
    };
    // 瑞普赛克 makes lithium batteries; 晶联光电 is cited as a private firm; 一家美 and 大自然
    // lead the 桉木 path in 鹿寨.
    assert!(nodes_of(firm("瑞普赛克")).contains(&"battery-cell"));
    assert_eq!(firm("晶联光电").ownership, Ownership::Private);
    for leader in ["一家美", "大自然"] {
        let e = firm(leader);
        assert_eq!(e.region.as_str(), "450223", "{leader}");
        assert!(!nodes_of(e).is_empty(), "{leader} on no node");
    }
    // Two D-grade chemical parks recognised by the region; a national model forestry park.
    for park in ["鹿寨县经开区化工园区", "柳城县六塘化工园区"] {
        let p = d.parks.iter().find(|p| p.name_zh == park).unwrap();
        assert!(p.grade.contains("D级"), "{park}: {}", p.grade);
    }
    let forestry_park = d
        .parks
        .iter()
        .find(|p| p.name_zh.contains("桂中现代林业科技产业园"))
        .unwrap();
    assert!(
        forestry_park.grade.contains("国家级"),
        "{}",
        forestry_park.grade
    );
    // The private-economy and workforce figures, each from a public source of the seed.
    let public: HashSet<&str> = d
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Public && s.publisher == "中共柳州市委党校")
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(public.len(), 4, "the four articles");
    for (id, value) in [
        ("chem-output-2024", 575_000.0),
        ("private-va-growth-2025q1", 16.0),
        ("private-va-contribution-2025q1", 52.3),
        ("private-sei-share-2025q1", 35.0),
        ("private-hightech-share-2024", 91.8),
        ("private-rd-intensity-2024", 2.3),
        ("private-digital-growth-2024", 67.0),
        ("private-trade-growth-2024", 264.2),
        ("private-trade-hightech-share-2024", 63.0),
        ("luosifen-chain-output", 3_000_000.0),
        ("industrial-workers", 600_000.0),
    ] {
        let f = d
            .facts
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("{id}"));
        assert_eq!(f.value, value, "{id}");
        assert!(public.contains(f.source.as_str()), "{id} from {}", f.source);
        assert!(!f.as_of.is_empty(), "{id} has no as-of");
    }
}
