//! Hand-computed cases. Region codes: 450200 柳州市 (the region diagnosed unless stated),
//! 450206 柳江区 and 450222 柳城县 inside it, 450102 (南宁) outside, 000000 abroad.

use crate::synthetic::{SplitMix64, SyntheticSpec, generate};
use crate::*;
use liantu_model::{NodeStatus, RegionCode, Stage};

fn r(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn liuzhou() -> RegionCode {
    r("450200")
}

const IN_A: &str = "450206";
const IN_B: &str = "450222";
const OUT: &str = "450102";

fn node(id: &str, stage: Stage) -> NodeRef {
    NodeRef {
        id: id.to_string(),
        stage,
    }
}

fn ent(region: &str, output: Option<f64>) -> EnterpriseRef {
    EnterpriseRef {
        region: r(region),
        output,
    }
}

fn mem(enterprise: u32, node: u32, share: Option<f64>) -> Membership {
    Membership {
        enterprise,
        node,
        share,
    }
}

fn link(buyer: u32, supplier: Option<u32>, region: &str, node: u32, value: f64) -> SupplyLink {
    SupplyLink {
        buyer,
        supplier,
        supplier_region: r(region),
        node,
        value,
    }
}

fn run(input: &DiagnosisInput) -> Diagnosis {
    diagnose(input, &liuzhou(), &DiagnosisRule::default()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
}

/// Four nodes, one per status: steel (3 firms, 60 %), parts (2 firms, 20 %), assembly (1 firm,
/// 20 %), logistics (only a firm outside the region).
fn four_statuses() -> DiagnosisInput {
    DiagnosisInput {
        nodes: vec![
            node("steel", Stage::Upstream),
            node("parts", Stage::Midstream),
            node("assembly", Stage::Downstream),
            node("logistics", Stage::Supporting),
        ],
        enterprises: vec![
            ent(IN_A, Some(100.0)),
            ent(IN_A, Some(200.0)),
            ent(IN_B, Some(300.0)),
            ent(IN_A, Some(150.0)),
            ent(IN_B, Some(50.0)),
            ent(IN_A, Some(200.0)),
            ent(OUT, Some(5000.0)),
        ],
        memberships: vec![
            mem(0, 0, None),
            mem(1, 0, None),
            mem(2, 0, None),
            mem(3, 1, None),
            mem(4, 1, None),
            mem(5, 2, None),
            mem(6, 3, None),
        ],
        links: vec![],
    }
}

#[test]
fn strong_node_reason_has_the_numbers() {
    let d = run(&four_statuses());
    assert_eq!(d.total_output, 1000.0);
    let n = &d.nodes[0];
    assert_eq!(n.status, NodeStatus::Strong);
    assert_eq!(n.enterprise_count, 3);
    assert_eq!(n.output, 600.0);
    assert_eq!(n.output_share, Some(0.6));
    assert_eq!(
        n.reason_zh,
        "优势：本地企业 3 家 ≥ 3，产值占全链 60.0% ≥ 5%"
    );
    assert_eq!(
        n.reason_en,
        "strong: 3 local firms ≥ 3, 60.0% of chain output ≥ 5%"
    );
    // Members largest first, with their share of the node.
    let order: Vec<u32> = n.members.iter().map(|m| m.enterprise).collect();
    assert_eq!(order, [2, 1, 0]);
    assert_eq!(n.members[0].share_of_node, Some(0.5));
}

#[test]
fn potential_node_says_which_strong_condition_failed() {
    let d = run(&four_statuses());
    let n = &d.nodes[1];
    assert_eq!(n.status, NodeStatus::Potential);
    assert_eq!(
        n.reason_zh,
        "潜力：本地企业 2 家 < 3，产值占全链 20.0% ≥ 5%"
    );
    assert_eq!(
        n.reason_en,
        "potential: 2 local firms < 3, 20.0% of chain output ≥ 5%"
    );
}

#[test]
fn single_firm_node_is_weak() {
    let d = run(&four_statuses());
    let n = &d.nodes[2];
    assert_eq!(n.status, NodeStatus::Weak);
    assert_eq!(n.reason_zh, "薄弱：本地企业 1 家 < 2");
    assert_eq!(n.reason_en, "weak: 1 local firm < 2");
}

#[test]
fn node_without_local_firm_is_missing() {
    let d = run(&four_statuses());
    let n = &d.nodes[3];
    assert_eq!(n.status, NodeStatus::Missing);
    assert_eq!(n.enterprise_count, 0);
    assert_eq!(n.output, 0.0);
    assert_eq!(n.output_share, Some(0.0));
    assert!(n.members.is_empty());
    assert_eq!(n.reason_zh, "空白：本地无企业");
    assert_eq!(n.reason_en, "missing: no local firms");
    assert_eq!(d.local_enterprises, 6);
}

#[test]
fn small_share_makes_a_node_weak() {
    // Node 0: three firms of 3 → 9 of 1009 = 0.89 %.
    let mut input = DiagnosisInput {
        nodes: vec![node("a", Stage::Upstream), node("b", Stage::Midstream)],
        enterprises: vec![
            ent(IN_A, Some(3.0)),
            ent(IN_A, Some(3.0)),
            ent(IN_A, Some(3.0)),
            ent(IN_A, Some(500.0)),
            ent(IN_A, Some(500.0)),
        ],
        memberships: vec![
            mem(0, 0, None),
            mem(1, 0, None),
            mem(2, 0, None),
            mem(3, 1, None),
            mem(4, 1, None),
        ],
        links: vec![],
    };
    let d = run(&input);
    assert_eq!(d.nodes[0].status, NodeStatus::Weak);
    assert_eq!(d.nodes[0].reason_zh, "薄弱：产值占全链 0.9% < 1%");
    assert_eq!(d.nodes[0].reason_en, "weak: 0.9% of chain output < 1%");

    // 4.96 % against the 5 % strong threshold: potential, printed with enough digits.
    input.enterprises[0].output = Some(10.0);
    input.enterprises[1].output = Some(10.0);
    input.enterprises[2].output = Some(29.6); // 49.6 of 1000 + 49.6
    input.enterprises[3].output = Some(475.2);
    input.enterprises[4].output = Some(475.2);
    let d = run(&input);
    assert_eq!(d.nodes[0].status, NodeStatus::Potential);
    assert_eq!(
        d.nodes[0].reason_zh,
        "潜力：本地企业 3 家 ≥ 3，产值占全链 4.96% < 5%"
    );
}

#[test]
fn low_local_supply_makes_a_node_weak_only_with_enough_links() {
    let mut input = four_statuses();
    // Buyer 0 (local) buys steel: 10 from a Liuzhou supplier, 50 from outside → 16.7 %.
    input.links = vec![
        link(0, None, IN_B, 0, 10.0),
        link(0, None, OUT, 0, 20.0),
        link(0, None, OUT, 0, 20.0),
        link(0, None, "000000", 0, 10.0),
    ];
    let d = run(&input);
    let n = &d.nodes[0];
    assert_eq!(n.status, NodeStatus::Weak);
    assert_eq!(n.reason_zh, "薄弱：本地配套率 16.7% < 20%（4 条供应联系）");
    assert_eq!(
        n.reason_en,
        "weak: local supply rate 16.7% < 20% over 4 links"
    );

    // Two links only (< 3): the rate is reported but does not decide.
    input.links.truncate(2);
    let d = run(&input);
    assert_eq!(d.nodes[0].status, NodeStatus::Strong);
    assert_eq!(d.nodes[0].local_supply.link_count, 2);
    assert!(close(d.nodes[0].local_supply.rate.unwrap(), 1.0 / 3.0));
}

#[test]
fn several_weak_conditions_are_all_reported() {
    let mut input = four_statuses();
    input.enterprises[5].output = Some(5.0); // assembly: 1 firm, 5 of 805
    let d = run(&input);
    assert_eq!(d.nodes[2].status, NodeStatus::Weak);
    assert_eq!(
        d.nodes[2].reason_zh,
        "薄弱：本地企业 1 家 < 2；产值占全链 0.6% < 1%"
    );
    assert_eq!(
        d.nodes[2].reason_en,
        "weak: 1 local firm < 2; 0.6% of chain output < 1%"
    );
}

#[test]
fn rule_thresholds_are_configurable() {
    let rule = DiagnosisRule {
        strong_min_firms: 2,
        weak_max_firms_exclusive: 1,
        ..DiagnosisRule::default()
    };
    let d = diagnose(&four_statuses(), &liuzhou(), &rule).unwrap();
    assert_eq!(d.nodes[1].status, NodeStatus::Strong);
    assert_eq!(d.nodes[2].status, NodeStatus::Potential);
    assert_eq!(
        d.nodes[2].reason_zh,
        "潜力：本地企业 1 家 < 2，产值占全链 20.0% ≥ 5%"
    );
    assert_eq!(d.rule, rule);
}

#[test]
fn zero_chain_output_gives_no_share_and_no_strong_node() {
    let mut input = four_statuses();
    for e in &mut input.enterprises {
        e.output = None;
    }
    let d = run(&input);
    assert_eq!(d.total_output, 0.0);
    let n = &d.nodes[0];
    assert_eq!(n.output_share, None);
    assert_eq!(n.status, NodeStatus::Potential);
    assert_eq!(
        n.reason_zh,
        "潜力：本地企业 3 家 ≥ 3，全链本地产值为 0，无法计算占比（其中 3 家产值未知，按 0 计）"
    );
    assert!(d.leaders.iter().all(|l| l.output_share.is_none()));
}

#[test]
fn shares_split_the_firm_output() {
    let input = DiagnosisInput {
        nodes: vec![
            node("a", Stage::Upstream),
            node("b", Stage::Midstream),
            node("c", Stage::Downstream),
        ],
        enterprises: vec![
            ent(IN_A, Some(100.0)),
            ent(IN_A, Some(100.0)),
            ent(IN_A, Some(40.0)),
        ],
        memberships: vec![
            // Firm 0: half on a, the rest split over b and c.
            mem(0, 0, Some(0.5)),
            mem(0, 1, None),
            mem(0, 2, None),
            // Firm 1: given shares sum to 1.3, so its share-less node gets nothing.
            mem(1, 0, Some(0.7)),
            mem(1, 1, Some(0.6)),
            mem(1, 2, None),
            // Firm 2: a single membership without a share takes the whole output.
            mem(2, 2, None),
        ],
        links: vec![],
    };
    let d = run(&input);
    assert_eq!(d.nodes[0].output, 50.0 + 70.0);
    assert_eq!(d.nodes[1].output, 25.0 + 60.0);
    assert_eq!(d.nodes[2].output, 25.0 + 0.0 + 40.0);
    assert_eq!(d.total_output, 270.0);
    let c: Vec<(u32, Option<f64>)> = d.nodes[2]
        .members
        .iter()
        .map(|m| (m.enterprise, m.output))
        .collect();
    assert_eq!(c, [(2, Some(40.0)), (0, Some(25.0)), (1, Some(0.0))]);
    let firm1 = d.leaders.iter().find(|l| l.enterprise == 1).unwrap();
    assert_eq!(firm1.output, 130.0);
    assert_eq!(firm1.node_count, 3);
}

#[test]
fn unknown_output_is_counted_but_adds_nothing() {
    let mut input = four_statuses();
    input.enterprises.push(ent(IN_A, None));
    input.memberships.push(mem(7, 1, None));
    let d = run(&input);
    let n = &d.nodes[1];
    assert_eq!(n.enterprise_count, 3);
    assert_eq!(n.unknown_output_count, 1);
    assert_eq!(n.output, 200.0);
    assert_eq!(d.total_output, 1000.0);
    assert_eq!(
        n.members.last().unwrap(),
        &NodeMember {
            enterprise: 7,
            output: None,
            share_of_node: None
        }
    );
    assert_eq!(n.status, NodeStatus::Strong);
    assert_eq!(
        n.reason_zh,
        "优势：本地企业 3 家 ≥ 3，产值占全链 20.0% ≥ 5%（其中 1 家产值未知，按 0 计）"
    );
    assert_eq!(
        n.reason_en,
        "strong: 3 local firms ≥ 3, 20.0% of chain output ≥ 5% (1 with unknown output, counted as 0)"
    );
    assert_eq!(d.unknown_output_enterprises, 1);
    let leader = d.leaders.iter().find(|l| l.enterprise == 7).unwrap();
    assert!(!leader.output_known);
    assert!(leader.reason_zh.contains("链上产值未知（按 0 计）"));
}

/// Node 0 (steel, upstream) and node 1 (parts, midstream) bought by local firm 0.
fn supply_input() -> DiagnosisInput {
    DiagnosisInput {
        nodes: vec![
            node("steel", Stage::Upstream),
            node("parts", Stage::Midstream),
            node("paint", Stage::Supporting),
        ],
        enterprises: vec![
            ent(IN_A, Some(100.0)), // 0 local buyer
            ent(IN_B, Some(100.0)), // 1 local supplier
            ent(OUT, Some(100.0)),  // 2 outside firm
        ],
        memberships: vec![mem(0, 1, None), mem(1, 0, None), mem(2, 0, None)],
        links: vec![
            link(0, None, IN_B, 0, 10.0),      // local by region
            link(0, None, OUT, 0, 20.0),       // outside
            link(0, None, "000000", 0, 30.0),  // abroad
            link(0, Some(1), OUT, 1, 40.0),    // supplier firm is local: overrides the region
            link(0, Some(2), IN_A, 1, 50.0),   // supplier firm is outside: overrides the region
            link(2, Some(1), IN_B, 0, 1000.0), // buyer outside: not counted
        ],
    }
}

#[test]
fn local_supply_rate_per_node_stage_and_chain() {
    let d = run(&supply_input());
    let steel = d.nodes[0].local_supply;
    assert_eq!(
        steel,
        SupplyRate {
            local_value: 10.0,
            total_value: 60.0,
            rate: Some(10.0 / 60.0),
            link_count: 3,
            local_link_count: 1,
        }
    );
    let parts = d.nodes[1].local_supply;
    assert_eq!(parts.local_value, 40.0);
    assert_eq!(parts.total_value, 90.0);
    assert_eq!(parts.link_count, 2);
    assert_eq!(parts.local_link_count, 1);
    let chain = d.local_supply;
    assert_eq!(chain.local_value, 50.0);
    assert_eq!(chain.total_value, 150.0);
    assert_eq!(chain.rate, Some(50.0 / 150.0));
    assert_eq!(chain.link_count, 5);
    assert_eq!(chain.local_link_count, 2);

    let stages: Vec<Stage> = d.by_stage.iter().map(|s| s.stage).collect();
    assert_eq!(
        stages,
        [Stage::Upstream, Stage::Midstream, Stage::Supporting]
    );
    assert_eq!(d.by_stage[0].local_supply, steel);
    assert_eq!(d.by_stage[1].local_supply, parts);
    assert_eq!(d.by_stage[0].output, 100.0);
    assert_eq!(d.by_stage[0].covered, 1);
}

#[test]
fn no_links_gives_no_rate() {
    let d = run(&supply_input());
    let paint = d.nodes[2].local_supply;
    assert_eq!(paint, SupplyRate::default());
    assert_eq!(paint.rate, None);

    let mut input = supply_input();
    input.links.clear();
    let d = run(&input);
    assert_eq!(d.local_supply.rate, None);
    assert_eq!(d.local_supply.link_count, 0);

    // Links of value 0 are counted but leave the rate undefined, not NaN.
    input.links.push(link(0, None, IN_B, 0, 0.0));
    let d = run(&input);
    assert_eq!(d.local_supply.link_count, 1);
    assert_eq!(d.local_supply.local_link_count, 1);
    assert_eq!(d.local_supply.rate, None);
}

#[test]
fn completeness_weights_the_supporting_stage() {
    // Upstream, midstream, supporting covered; downstream missing: (1 + 1 + 0.5) / 3.5.
    let mut input = four_statuses();
    input.enterprises[5].region = r(OUT);
    input.enterprises[6].region = r(IN_A);
    let d = run(&input);
    assert_eq!(d.completeness.covered_nodes, 3);
    assert_eq!(d.completeness.total_nodes, 4);
    assert_eq!(d.completeness.ratio, 0.75);
    assert!(close(d.completeness.weighted_ratio.unwrap(), 2.5 / 3.5));

    // Only the supporting node missing: 3 / 3.5.
    let d = run(&four_statuses());
    assert_eq!(d.completeness.ratio, 0.75);
    assert!(close(d.completeness.weighted_ratio.unwrap(), 3.0 / 3.5));

    // All weights 0: no weighted ratio.
    let rule = DiagnosisRule {
        stage_weights: StageWeights {
            upstream: 0.0,
            midstream: 0.0,
            downstream: 0.0,
            supporting: 0.0,
        },
        ..DiagnosisRule::default()
    };
    let d = diagnose(&four_statuses(), &liuzhou(), &rule).unwrap();
    assert_eq!(d.completeness.weighted_ratio, None);
}

fn two_firm_node(a: f64, b: f64) -> DiagnosisInput {
    DiagnosisInput {
        nodes: vec![node("a", Stage::Upstream)],
        enterprises: vec![ent(IN_A, Some(b)), ent(IN_A, Some(a))],
        memberships: vec![mem(0, 0, None), mem(1, 0, None)],
        links: vec![],
    }
}

#[test]
fn single_supplier_risk_at_exactly_the_threshold() {
    let d = run(&two_firm_node(8.0, 2.0));
    assert_eq!(
        d.nodes[0].single_supplier_risk,
        Some(Concentration {
            enterprise: 1,
            share: 0.8
        })
    );
    let d = run(&two_firm_node(7.99, 2.01));
    assert_eq!(d.nodes[0].single_supplier_risk, None);
    // A single firm holds everything.
    let d = run(&four_statuses());
    assert_eq!(
        d.nodes[2].single_supplier_risk,
        Some(Concentration {
            enterprise: 5,
            share: 1.0
        })
    );
    assert_eq!(d.nodes[0].single_supplier_risk, None);
    // No known output: no risk figure.
    let mut input = two_firm_node(8.0, 2.0);
    input.enterprises[0].output = None;
    input.enterprises[1].output = None;
    assert_eq!(run(&input).nodes[0].single_supplier_risk, None);
}

/// A (1000, no local links), B (500, 2 purchases from Liuzhou + 2 sales to C), C (100, 2
/// purchases from B), D (unknown output, 1 local purchase), E outside (huge output, buys from A).
fn leader_input() -> DiagnosisInput {
    DiagnosisInput {
        nodes: vec![node("a", Stage::Upstream), node("b", Stage::Midstream)],
        enterprises: vec![
            ent(IN_A, Some(1000.0)), // A
            ent(IN_B, Some(500.0)),  // B
            ent(IN_A, Some(100.0)),  // C
            ent(IN_A, None),         // D
            ent(OUT, Some(9000.0)),  // E
            ent(IN_A, Some(1e6)),    // F: local, but on no node of the chain
        ],
        memberships: vec![
            mem(0, 0, None),
            mem(1, 1, None),
            mem(2, 1, None),
            mem(3, 1, None),
            mem(4, 0, None),
        ],
        links: vec![
            link(1, None, IN_A, 0, 1.0),
            link(1, None, IN_B, 0, 1.0),
            link(2, Some(1), OUT, 1, 1.0),
            link(2, Some(1), OUT, 1, 1.0),
            link(3, None, IN_A, 0, 1.0),
            link(4, Some(0), IN_A, 0, 1.0),
            link(4, Some(0), IN_A, 0, 1.0),
            link(0, None, "000000", 1, 1.0),
            link(0, Some(4), IN_A, 1, 1.0),
            link(5, Some(0), IN_A, 0, 1.0),
        ],
    }
}

#[test]
fn leaders_ranked_by_output_and_local_links() {
    let mut input = leader_input();
    // F buys from A, so A gets one link as supplier; F itself is no candidate.
    input.links.pop();
    let d = run(&input);
    let order: Vec<u32> = d.leaders.iter().map(|l| l.enterprise).collect();
    // Scores: B 0.6×0.5 + 0.4×4/4 = 0.7; A 0.6; C 0.06 + 0.2 = 0.26; D 0.4×1/4 = 0.1.
    assert_eq!(order, [1, 0, 2, 3]);
    let b = &d.leaders[0];
    assert!(close(b.score, 0.7));
    assert_eq!((b.links_as_buyer, b.links_as_supplier), (2, 2));
    assert_eq!((b.output_rank, b.links_rank), (2, 1));
    assert_eq!(b.output, 500.0);
    assert_eq!(b.output_share, Some(500.0 / 1600.0));
    assert_eq!(
        b.reason_zh,
        "得分 0.700 = 0.6 × 链上产值 500 万元 ÷ 最大 1,000 万元 + 0.4 × 本地供需联系 4 条\
         （向本地采购 2 条、向本地供货 2 条）÷ 最多 4 条；产值第 2 位、联系第 1 位，占全链本地产值 31.2%"
    );
    assert_eq!(
        b.reason_en,
        "score 0.700 = 0.6 × chain output 500 (万元) ÷ largest 1,000 + 0.4 × 4 local links \
         (2 buying from local suppliers, 2 supplying local buyers) ÷ most 4; \
         #2 by output, #1 by links, 31.2% of the chain's local output"
    );
    let a = &d.leaders[1];
    assert!(close(a.score, 0.6));
    assert_eq!((a.links_as_buyer, a.links_as_supplier), (0, 0));
    assert!(close(d.leaders[2].score, 0.26));
    assert!(close(d.leaders[3].score, 0.1));

    // With F's purchase A has 1 local link: 0.6 + 0.1 = 0.7 ties B; the larger output wins.
    let d = run(&leader_input());
    let order: Vec<u32> = d.leaders.iter().map(|l| l.enterprise).collect();
    assert_eq!(order, [0, 1, 2, 3]);
    assert!(close(d.leaders[0].score, d.leaders[1].score));

    // leader_count cuts the list.
    let rule = DiagnosisRule {
        leader_count: 2,
        ..DiagnosisRule::default()
    };
    let d = diagnose(&leader_input(), &liuzhou(), &rule).unwrap();
    assert_eq!(d.leaders.len(), 2);
    let rule = DiagnosisRule {
        leader_count: 0,
        ..DiagnosisRule::default()
    };
    assert!(
        diagnose(&leader_input(), &liuzhou(), &rule)
            .unwrap()
            .leaders
            .is_empty()
    );
}

#[test]
fn leader_ties_fall_back_to_output_then_index() {
    let d = run(&two_firm_node(5.0, 5.0));
    let order: Vec<u32> = d.leaders.iter().map(|l| l.enterprise).collect();
    assert_eq!(order, [0, 1]);
    assert_eq!(d.leaders[1].output_rank, 1);

    // Equal scores (0.6 × 0.5 + 0.4 × 4/4 = 0.6 × 1 + 0.4 × 1/4): the larger output first, even
    // at a higher index.
    let mut input = two_firm_node(1000.0, 500.0);
    for _ in 0..4 {
        input.links.push(link(0, None, IN_B, 0, 1.0));
    }
    input.links.push(link(1, None, IN_B, 0, 1.0));
    let d = run(&input);
    let order: Vec<u32> = d.leaders.iter().map(|l| l.enterprise).collect();
    assert_eq!(order, [1, 0]);
    assert_eq!(d.leaders[0].score, d.leaders[1].score);
}

#[test]
fn many_leaders_rank_the_same_way() {
    // More than 64 candidates takes the sorted-ranks path; compare with brute force.
    let input = generate(&SyntheticSpec {
        nodes: 20,
        enterprises: 400,
        second_membership: 0.3,
        links: 3000,
        local_fraction: 0.6,
        seed: 7,
    });
    let rule = DiagnosisRule {
        leader_count: 1000,
        ..DiagnosisRule::default()
    };
    let d = diagnose(&input, &liuzhou(), &rule).unwrap();
    assert_eq!(d.leaders.len() as u32, d.local_enterprises);
    for l in &d.leaders {
        let links = |c: &LeaderCandidate| c.links_as_buyer + c.links_as_supplier;
        let out_rank = 1 + d.leaders.iter().filter(|c| c.output > l.output).count() as u32;
        let link_rank = 1 + d.leaders.iter().filter(|c| links(c) > links(l)).count() as u32;
        assert_eq!((l.output_rank, l.links_rank), (out_rank, link_rank));
    }
    for w in d.leaders.windows(2) {
        assert!(w[0].score >= w[1].score);
    }
    // The top 10 of the default rule are the first 10 here.
    let top = run(&input);
    assert_eq!(top.leaders[..], d.leaders[..10]);
}

#[test]
fn county_and_prefecture_see_different_chains() {
    let input = four_statuses();
    let county = diagnose(&input, &r(IN_A), &DiagnosisRule::default()).unwrap();
    let city = run(&input);
    // In 450206 only firms 0, 1, 3, 5 are local.
    assert_eq!(county.nodes[0].enterprise_count, 2);
    assert_eq!(city.nodes[0].enterprise_count, 3);
    assert_eq!(county.nodes[1].enterprise_count, 1);
    assert_eq!(county.total_output, 650.0);
    assert_eq!(county.nodes[0].status, NodeStatus::Potential);
    assert_eq!(county.nodes[1].status, NodeStatus::Weak);
    assert_eq!(county.region, r(IN_A));
    // The province contains Nanning too.
    let province = diagnose(&input, &r("450000"), &DiagnosisRule::default()).unwrap();
    assert_eq!(province.nodes[3].enterprise_count, 1);
    assert_eq!(province.completeness.covered_nodes, 4);

    // Supply: a purchase from 450222 is local to the city, not to the county.
    let mut input = supply_input();
    input.links.truncate(1);
    let county = diagnose(&input, &r(IN_A), &DiagnosisRule::default()).unwrap();
    assert_eq!(county.local_supply.rate, Some(0.0));
    assert_eq!(run(&input).local_supply.rate, Some(1.0));
}

/// Synthetic input with integer link values, so every sum is exact whatever the order.
fn shuffle_input() -> DiagnosisInput {
    let mut input = generate(&SyntheticSpec {
        nodes: 40,
        enterprises: 3000,
        second_membership: 0.3,
        links: 20_000,
        local_fraction: 0.6,
        seed: 11,
    });
    for l in &mut input.links {
        l.value = l.value.round();
    }
    input
}

#[test]
fn result_does_not_depend_on_membership_or_link_order() {
    let input = shuffle_input();
    let base = run(&input);
    // The fixture exercises every status.
    for status in NodeStatus::ALL {
        assert!(
            base.nodes.iter().any(|n| n.status == *status),
            "no {status} node"
        );
    }
    let mut rng = SplitMix64::new(99);
    for _ in 0..3 {
        let mut shuffled = input.clone();
        rng.shuffle(&mut shuffled.memberships);
        rng.shuffle(&mut shuffled.links);
        assert_eq!(run(&shuffled), base);
    }
}

#[test]
fn round_trips_through_json() {
    let d = run(&supply_input());
    let json = serde_json::to_string(&d).unwrap();
    assert!(json.contains("\"status\":\"strong\"") || json.contains("\"status\":\"weak\""));
    let back: Diagnosis = serde_json::from_str(&json).unwrap();
    assert_eq!(back, d);
    let input: DiagnosisInput =
        serde_json::from_str(&serde_json::to_string(&supply_input()).unwrap()).unwrap();
    assert_eq!(input, supply_input());
}

#[test]
fn rule_loads_from_partial_toml_and_describes_itself() {
    let rule: DiagnosisRule =
        toml::from_str("strong_min_share = 0.1\n[stage_weights]\nsupporting = 0.25\n").unwrap();
    assert_eq!(rule.strong_min_share, 0.1);
    assert_eq!(rule.stage_weights.supporting, 0.25);
    assert_eq!(rule.stage_weights.upstream, 1.0);
    assert_eq!(rule.leader_count, 10);
    assert!(toml::from_str::<DiagnosisRule>("strong_min_sahre = 0.1").is_err());

    let zh = DiagnosisRule::default().describe_zh();
    assert!(zh.contains("本地企业少于 2 家"), "{zh}");
    assert!(zh.contains("低于 1%"), "{zh}");
    assert!(zh.contains("不少于 3 条且本地配套率低于 20%"), "{zh}");
    assert!(zh.contains("不低于 5%"), "{zh}");
    assert!(zh.contains("配套 0.5"), "{zh}");
    assert!(zh.contains("不低于 80%"), "{zh}");
    assert!(zh.contains("0.6 × 链上产值"), "{zh}");
    assert!(zh.contains("前 10 名"), "{zh}");
    let en = rule.describe_en();
    assert!(
        en.contains("at least 10% of the chain's local output"),
        "{en}"
    );
    assert!(en.contains("supporting 0.25"), "{en}");
}

fn err(input: &DiagnosisInput) -> DiagnosisError {
    diagnose(input, &liuzhou(), &DiagnosisRule::default()).unwrap_err()
}

/// An output, share or link value outside the data contract (as an older database may hold) is
/// set aside — the firm's output counts as unknown, the link is left out — and the diagnosis of
/// every other figure goes on.
#[test]
fn a_figure_outside_the_contract_is_set_aside_not_an_error() {
    let rule = DiagnosisRule::default();
    let odd_shares = [1.5, f64::NAN, f64::INFINITY, -0.1, 1e308];
    for (bad, bad_share) in [-1.0, f64::NAN, f64::INFINITY, 2e15, 1e308]
        .into_iter()
        .zip(odd_shares)
    {
        // Firm 4 (parts, 50 万元) with an odd output: as if its output were unknown.
        let mut odd = four_statuses();
        odd.enterprises[4].output = Some(bad);
        let mut unknown = four_statuses();
        unknown.enterprises[4].output = None;
        let d = diagnose(&odd, &liuzhou(), &rule).expect("no error for one odd output");
        let u = run(&unknown);
        assert_eq!(d.total_output, u.total_output, "{bad}");
        assert_eq!(d.nodes[1].output, 150.0, "{bad}");
        assert_eq!(d.nodes[1].unknown_output_count, 1, "{bad}");
        assert_eq!(d.nodes[0].status, u.nodes[0].status, "{bad}");
        let odd_output = SetAside::Output {
            enterprise: 4,
            value: bad,
        };
        if !bad.is_nan() {
            assert_eq!(d.nodes[1].set_aside, [odd_output]);
            assert_eq!(d.set_aside, [odd_output]);
        }
        assert!(d.nodes[0].set_aside.is_empty());
        assert!(
            d.nodes[1]
                .reason_en
                .ends_with("(1 figure outside the accepted range set aside)"),
            "{}",
            d.nodes[1].reason_en
        );
        // The reason is the one for an unknown output, and the note.
        assert_eq!(
            d.nodes[1]
                .reason_zh
                .strip_suffix("（另有 1 项数据超出有效范围，未计入）"),
            Some(u.nodes[1].reason_zh.as_str())
        );

        // Firm 1's share on steel: its output there counts as unknown.
        let mut odd = four_statuses();
        odd.memberships[1].share = Some(bad_share);
        let d = diagnose(&odd, &liuzhou(), &rule).expect("no error for one odd share");
        assert_eq!(d.nodes[0].output, 400.0, "{bad}");
        assert_eq!(d.nodes[0].enterprise_count, 3, "{bad}");
        assert_eq!(d.nodes[0].unknown_output_count, 1, "{bad}");
        assert!(matches!(
            d.nodes[0].set_aside[..],
            [SetAside::Share {
                enterprise: 1,
                membership: 1,
                ..
            }]
        ));

        // A link with an odd value is left out of the supply rate.
        let mut odd = four_statuses();
        odd.links.push(link(0, None, IN_A, 0, 10.0));
        odd.links.push(link(1, None, OUT, 0, bad));
        let d = diagnose(&odd, &liuzhou(), &rule).expect("no error for one odd link");
        assert_eq!(d.nodes[0].local_supply.link_count, 1, "{bad}");
        assert_eq!(d.nodes[0].local_supply.rate, Some(1.0), "{bad}");
        assert!(matches!(
            d.set_aside[..],
            [SetAside::LinkValue {
                link: 1,
                buyer: 1,
                ..
            }]
        ));
        // A link bought by a firm outside the region counts for nothing, odd or not.
        let mut odd = four_statuses();
        odd.links.push(link(6, None, IN_A, 0, bad));
        assert!(run(&odd).set_aside.is_empty());
    }
}

#[test]
fn malformed_input_is_a_typed_error() {
    use DiagnosisError as E;
    let base = four_statuses();

    let mut i = base.clone();
    i.nodes.clear();
    i.memberships.clear();
    assert_eq!(err(&i), E::NoNodes);

    let mut i = base.clone();
    i.nodes[2].id = "steel".into();
    assert_eq!(
        err(&i),
        E::DuplicateNodeId {
            index: 2,
            first: 0,
            id: "steel".into()
        }
    );

    let mut i = base.clone();
    i.memberships[3].enterprise = 7;
    assert_eq!(
        err(&i),
        E::MembershipEnterpriseOutOfRange {
            membership: 3,
            enterprise: 7,
            len: 7
        }
    );

    let mut i = base.clone();
    i.memberships[5].node = 4;
    assert_eq!(
        err(&i),
        E::MembershipNodeOutOfRange {
            membership: 5,
            node: 4,
            len: 4
        }
    );

    // A duplicate is an error even for a firm outside the region.
    let mut i = base.clone();
    i.memberships.push(mem(6, 3, Some(0.5)));
    assert_eq!(
        err(&i),
        E::DuplicateMembership {
            enterprise: 6,
            node: 3,
            first: 6,
            duplicate: 7
        }
    );

    // Not adjacent in the input either.
    let mut i = base.clone();
    i.memberships.insert(1, mem(0, 2, None));
    i.memberships.push(mem(0, 0, Some(0.5)));
    assert_eq!(
        err(&i),
        E::DuplicateMembership {
            enterprise: 0,
            node: 0,
            first: 0,
            duplicate: 8
        }
    );

    let mut i = base.clone();
    i.links.push(link(0, None, IN_A, 0, 1.0));
    i.links.push(link(9, None, IN_A, 0, 1.0));
    assert_eq!(
        err(&i),
        E::LinkBuyerOutOfRange {
            link: 1,
            buyer: 9,
            len: 7
        }
    );

    // Checked even when the buyer is outside the region.
    let mut i = base.clone();
    i.links.push(link(6, Some(70), IN_A, 0, 1.0));
    assert_eq!(
        err(&i),
        E::LinkSupplierOutOfRange {
            link: 0,
            supplier: 70,
            len: 7
        }
    );

    let mut i = base.clone();
    i.links.push(link(6, None, IN_A, 4, 1.0));
    assert_eq!(
        err(&i),
        E::LinkNodeOutOfRange {
            link: 0,
            node: 4,
            len: 4
        }
    );

    for (rule, field) in [
        (
            DiagnosisRule {
                weak_below_share: 1.5,
                ..DiagnosisRule::default()
            },
            "weak_below_share",
        ),
        (
            DiagnosisRule {
                single_supplier_threshold: f64::NAN,
                ..DiagnosisRule::default()
            },
            "single_supplier_threshold",
        ),
        (
            DiagnosisRule {
                stage_weights: StageWeights {
                    supporting: -1.0,
                    ..StageWeights::default()
                },
                ..DiagnosisRule::default()
            },
            "stage_weights.supporting",
        ),
        (
            DiagnosisRule {
                leader_links_weight: f64::INFINITY,
                ..DiagnosisRule::default()
            },
            "leader_links_weight",
        ),
    ] {
        match diagnose(&base, &liuzhou(), &rule) {
            Err(E::InvalidRule { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{other:?}"),
        }
    }

    assert_eq!(
        crate::engine::check_count("links", u32::MAX as usize + 1),
        Err(E::TooMany {
            what: "links",
            count: u32::MAX as usize + 1,
            max: u32::MAX as usize
        })
    );
    assert_eq!(
        crate::engine::check_count("links", u32::MAX as usize),
        Ok(())
    );
}

#[test]
fn error_messages_name_the_item_in_both_languages() {
    let e = DiagnosisError::LinkSupplierOutOfRange {
        link: 12,
        supplier: 70,
        len: 7,
    };
    let text = e.to_string();
    assert!(text.contains("供应联系 #12"), "{text}");
    assert!(text.contains("supply link #12 has supplier #70"), "{text}");
}

#[test]
fn synthetic_input_is_deterministic_and_valid() {
    let spec = SyntheticSpec {
        nodes: 15,
        enterprises: 500,
        second_membership: 0.3,
        links: 2000,
        local_fraction: 0.6,
        seed: 3,
    };
    let a = generate(&spec);
    assert_eq!(a, generate(&spec));
    assert_eq!(a.links.len(), 2000);
    assert!(a.memberships.len() > 500);
    assert_ne!(a, generate(&SyntheticSpec { seed: 4, ..spec }));
    assert!(run(&a).local_enterprises > 0);
}
