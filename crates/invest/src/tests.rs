//! Hand-computed cases for every criterion and gate, the points-add-up invariant, weight changes,
//! the shipped profiles, and 亩均 grading.

use crate::*;
use liantu_model::NodeStatus;
use std::collections::HashMap;

const HEADER: &str = "format = 1\nid = \"t\"\nversion = 7\nregion = \"450200\"\nname_zh = \"测试\"\nname_en = \"test\"\n";

fn profile() -> Profile {
    let mut p = Profile::from_toml(HEADER).unwrap();
    p.scoring.environment.benchmarks.push(EnvBenchmark {
        industry: "3985".into(),
        energy_tce_per_wan: 0.15,
        emissions_tco2_per_wan: 0.4,
        name: String::new(),
    });
    p.parks.push(ParkRule {
        id: "chem".into(),
        name_zh: String::new(),
        min_investment_intensity: Some(300.0),
        target_investment_intensity: None,
        target_tax_per_mu: None,
        chemical_park: Some(true),
        weights: WeightsOverride {
            environment: Some(15.0),
            ..Default::default()
        },
    });
    p
}

fn node(key: &str, status: NodeStatus, demand: f64) -> NodeContext {
    let k = NodeKey::parse(key).unwrap();
    NodeContext {
        name_zh: k.node.clone(),
        name_en: k.node.clone(),
        key: k,
        status,
        local_demand: demand,
        demand_estimated: false,
        local_suppliers: 0,
        local_buyers: 0,
        neighbours: 0,
        covered_neighbours: 0,
        output_multiplier: None,
        io_sector: None,
        couplings: Vec::new(),
    }
}

fn context() -> ScoringContext {
    let mut cathode = node("nev-battery:cathode", NodeStatus::Missing, 50_000.0);
    cathode.local_suppliers = 3;
    cathode.local_buyers = 2;
    cathode.neighbours = 5;
    cathode.covered_neighbours = 3;
    cathode.output_multiplier = Some(2.75);
    cathode.io_sector = Some("12 化学产品".into());
    ScoringContext {
        nodes: vec![
            cathode,
            node("nev-battery:vehicle", NodeStatus::Strong, 0.0),
            node("nev-battery:anode", NodeStatus::Weak, 150_000.0),
        ],
        parks: vec![
            ParkInfo {
                id: "chem".into(),
                name_zh: "化工园".into(),
                name_en: "Chem park".into(),
                recognised_chemical: false,
            },
            ParkInfo {
                id: "data-chem".into(),
                name_zh: "数据认定化工园".into(),
                name_en: "Data chem park".into(),
                recognised_chemical: true,
            },
            ParkInfo {
                id: "plain".into(),
                name_zh: "普通园区".into(),
                name_en: "Plain park".into(),
                recognised_chemical: false,
            },
        ],
        densities: None,
    }
}

/// The reference candidate; every criterion is worked out by hand in `reference_candidate`.
fn reference() -> Candidate {
    let mut c = Candidate::new("ref", "参照项目", 40_000.0);
    c.nodes = vec![NodeKey::new("nev-battery", "cathode")];
    c.industry_code = Some("3985".into());
    c.land_mu = Some(100.0);
    c.expected_tax = Some(1_500.0);
    c.rd_intensity = Some(0.04);
    c.high_tech = true;
    c.patents = Some(20);
    c.energy_tce_per_wan = Some(0.075);
    c.emissions_tco2_per_wan = Some(0.6);
    c
}

fn points(r: &CandidateScore, c: Criterion) -> f64 {
    r.criteria[c.index()].points
}

fn one(c: Candidate, ctx: &ScoringContext, p: &Profile) -> CandidateScore {
    score(&[c], ctx, p).results.remove(0)
}

#[test]
fn reference_candidate() {
    let r = one(reference(), &context(), &profile());
    // 补链: missing (1.0) × (0.5 + 0.5 × 50000 / (50000 + 50000)) = 0.75 → 25 × 0.75.
    assert_eq!(points(&r, Criterion::ChainGap), 18.75);
    // 产业契合 without densities: 3 of 5 neighbours covered = 0.6 → 10 × 0.6.
    assert_eq!(points(&r, Criterion::Relatedness), 6.0);
    // 科技: 0.5 × 0.04/0.05 + 0.2 + 0 + 0.15 × 20/20 = 0.75 → 15 × 0.75.
    assert_eq!(points(&r, Criterion::Technology), 11.25);
    // 投资强度: 40000 / 100 = 400; (400 − 250) / (500 − 250) = 0.6 → 15 × 0.6.
    assert_eq!(points(&r, Criterion::InvestmentIntensity), 9.0);
    assert_eq!(r.investment_intensity, Some(400.0));
    // 亩均税收: 1500 / 100 = 15; 15 / 25 = 0.6 → 15 × 0.6.
    assert_eq!(points(&r, Criterion::TaxPerMu), 9.0);
    // 环保: energy 0.075 / 0.15 = 0.5 → 1; CO2 0.6 / 0.4 = 1.5 → 0; mean 0.5 → 10 × 0.5.
    assert_eq!(points(&r, Criterion::Environment), 5.0);
    // 带动: p = 5, 5 / 15 = 1/3; multiplier (2.75 − 2) / 1.5 = 0.5; 0.6/3 + 0.4 × 0.5 = 0.4.
    assert_eq!(points(&r, Criterion::Linkage), 4.0);
    assert_eq!(r.total, 63.0);
    assert_eq!(r.max_total, 100.0);
    assert!(r.eligible);
    assert!(
        r.criteria[0].reason_zh.contains("填补空白环节"),
        "{}",
        r.criteria[0].reason_zh
    );
    assert!(
        r.criteria[0].reason_en.contains("1 × 0.75 = 0.75"),
        "{}",
        r.criteria[0].reason_en
    );
    assert!(
        r.why_zh.starts_with("第 1 名（共 1 个），总分 63.00/100"),
        "{}",
        r.why_zh
    );
    assert!(
        r.why_en.contains("Strongest: chain gap filled 18.75/25"),
        "{}",
        r.why_en
    );
}

#[test]
fn chain_gap_uses_the_best_node_and_status_factors() {
    let ctx = context();
    let p = profile();
    let mut c = reference();
    // Weak node with 150000 demand: 0.7 × (0.5 + 0.5 × 0.75) = 0.6125 → 15.3125 → 15.31.
    c.nodes = vec![NodeKey::new("nev-battery", "anode")];
    assert_eq!(
        points(&one(c.clone(), &ctx, &p), Criterion::ChainGap),
        15.31
    );
    // Strong node: 0. With both, the best (weak) counts.
    c.nodes = vec![
        NodeKey::new("nev-battery", "vehicle"),
        NodeKey::new("nev-battery", "anode"),
    ];
    assert_eq!(
        points(&one(c.clone(), &ctx, &p), Criterion::ChainGap),
        15.31
    );
    c.nodes = vec![NodeKey::new("nev-battery", "vehicle")];
    assert_eq!(points(&one(c.clone(), &ctx, &p), Criterion::ChainGap), 0.0);
    // Unknown node: no points, named in the reason.
    c.nodes = vec![NodeKey::new("nev-battery", "warp-drive")];
    let r = one(c, &ctx, &p);
    assert_eq!(points(&r, Criterion::ChainGap), 0.0);
    assert!(r.criteria[0].reason_zh.contains("nev-battery:warp-drive"));
}

#[test]
fn relatedness_from_densities_by_longest_prefix() {
    let mut ctx = context();
    let p = profile();
    ctx.densities = Some(HashMap::from([
        ("39".to_string(), 0.1),
        ("3985".to_string(), 0.2),
    ]));
    // 0.2 in 0..0.5 → 0.4 → 4 points.
    let r = one(reference(), &ctx, &p);
    assert_eq!(points(&r, Criterion::Relatedness), 4.0);
    let mut c = reference();
    c.industry_code = Some("3982".into());
    // Falls back to the 2-digit prefix: 0.1 → 0.2 → 2 points.
    assert_eq!(
        points(&one(c.clone(), &ctx, &p), Criterion::Relatedness),
        2.0
    );
    // No density for the industry: chain neighbours (0.6).
    c.industry_code = Some("2613".into());
    let r = one(c, &ctx, &p);
    assert_eq!(points(&r, Criterion::Relatedness), 6.0);
    assert!(r.criteria[1].reason_zh.contains("该行业无关联密度数据"));
}

#[test]
fn technology_parts() {
    let ctx = context();
    let p = profile();
    let mut c = reference();
    c.rd_intensity = Some(0.10); // capped at 1 → 0.5
    c.high_tech = false;
    c.specialized = true; // 0.15
    c.patents = Some(4); // 0.15 × 0.2 = 0.03
    // 0.5 + 0.15 + 0.03 = 0.68 → 10.2
    assert_eq!(
        points(&one(c.clone(), &ctx, &p), Criterion::Technology),
        10.2
    );
    c.rd_intensity = None;
    c.specialized = false;
    c.patents = None;
    let r = one(c, &ctx, &p);
    assert_eq!(points(&r, Criterion::Technology), 0.0);
    assert!(r.criteria[2].reason_zh.contains("研发强度 未报"));
}

#[test]
fn investment_intensity_and_tax_per_mu_use_the_park_thresholds() {
    let ctx = context();
    let p = profile();
    let mut c = reference();
    // Park "chem": floor 300, target 500 (default): (400 − 300) / 200 = 0.5 → 7.5.
    c.park = Some("chem".into());
    c.industry_code = Some("2613".into());
    let r = one(c.clone(), &ctx, &p);
    assert_eq!(points(&r, Criterion::InvestmentIntensity), 7.5);
    assert_eq!(r.park_rule.as_deref(), Some("chem"));
    // Above target: capped at full points.
    c.investment = 80_000.0;
    assert_eq!(
        points(&one(c.clone(), &ctx, &p), Criterion::InvestmentIntensity),
        15.0
    );
    // Tax per mu above target: capped.
    c.expected_tax = Some(5_000.0);
    assert_eq!(points(&one(c.clone(), &ctx, &p), Criterion::TaxPerMu), 15.0);
    // No land: both 0, no intensity gate.
    c.land_mu = None;
    let r = one(c, &ctx, &p);
    assert_eq!(points(&r, Criterion::InvestmentIntensity), 0.0);
    assert_eq!(points(&r, Criterion::TaxPerMu), 0.0);
    assert!(r.eligible);
}

#[test]
fn environment_against_the_industry_benchmark() {
    let ctx = context();
    let p = profile();
    let mut c = reference();
    // Default benchmark (0.2 tce, 0.5 t) for an unlisted industry:
    // energy 0.2 → r = 1 → (1.5 − 1) / 1 = 0.5; CO2 0.25 → r = 0.5 → 1; mean 0.75 → 7.5.
    c.industry_code = Some("3670".into());
    c.energy_tce_per_wan = Some(0.2);
    c.emissions_tco2_per_wan = Some(0.25);
    assert_eq!(
        points(&one(c.clone(), &ctx, &p), Criterion::Environment),
        7.5
    );
    // Missing emissions score `missing_score` (0): (0.5 + 0) / 2 → 2.5.
    c.emissions_tco2_per_wan = None;
    assert_eq!(points(&one(c, &ctx, &p), Criterion::Environment), 2.5);
}

#[test]
fn linkage_without_a_multiplier_uses_partners_only() {
    let mut ctx = context();
    ctx.nodes[0].output_multiplier = None;
    let r = one(reference(), &ctx, &profile());
    // 5 / 15 = 0.3333 → 3.33.
    assert_eq!(points(&r, Criterion::Linkage), 3.33);
    assert!(r.criteria[6].reason_zh.contains("无投入产出乘数"));
}

#[test]
fn chemical_gate() {
    let ctx = context();
    let p = profile();
    let mut c = reference();
    c.industry_code = Some("2613".into());
    // No park.
    let r = one(c.clone(), &ctx, &p);
    assert!(!r.eligible);
    assert_eq!(r.gate_failures[0].gate, Gate::ChemicalPark);
    assert!(r.gate_failures[0].reason_zh.contains("尚未确定园区"));
    // A plain park.
    c.park = Some("plain".into());
    let r = one(c.clone(), &ctx, &p);
    assert!(!r.eligible);
    assert!(
        r.gate_failures[0]
            .reason_zh
            .contains("“普通园区”不是认定化工园区")
    );
    // The profile says "chem" is a chemical park (the data says not: profile wins).
    c.park = Some("chem".into());
    assert!(one(c.clone(), &ctx, &p).eligible);
    // A park the data recognises and the profile does not mention.
    c.park = Some("data-chem".into());
    assert!(one(c.clone(), &ctx, &p).eligible);
    // Flagged chemical despite a non-chemical industry code.
    let mut d = reference();
    d.chemical = true;
    d.park = Some("plain".into());
    assert!(!one(d, &ctx, &p).eligible);
    // Gate switched off.
    let mut q = p.clone();
    q.gates.chemical_park_only = false;
    c.park = Some("plain".into());
    assert!(one(c, &ctx, &q).eligible);
}

#[test]
fn intensity_floor_gate_ranks_after_every_eligible_candidate() {
    let ctx = context();
    let p = profile();
    let mut low = reference();
    low.id = "low".into();
    low.investment = 20_000.0; // 200 万元/亩 < 250
    low.expected_tax = Some(10_000.0); // high tax, still gated
    let mut weak = Candidate::new("weak", "弱项目", 30_000.0);
    weak.land_mu = Some(100.0); // 300 万元/亩: eligible, few points
    let ranking = score(&[low, weak], &ctx, &p);
    assert_eq!(ranking.results[0].id, "weak");
    assert!(ranking.results[1].total > ranking.results[0].total);
    assert_eq!(ranking.eligible, 1);
    let gated = &ranking.results[1];
    assert_eq!(gated.gate_failures[0].gate, Gate::InvestmentIntensityFloor);
    assert!(
        gated.gate_failures[0]
            .reason_zh
            .contains("200 万元/亩低于默认园区门槛 250")
    );
    assert!(
        gated.why_zh.contains("排在全部 1 个合格项目之后"),
        "{}",
        gated.why_zh
    );
    // Intensity exactly at the floor passes and earns 0 intensity points.
    let mut at = reference();
    at.investment = 25_000.0;
    let r = one(at, &ctx, &p);
    assert!(r.eligible);
    assert_eq!(points(&r, Criterion::InvestmentIntensity), 0.0);
}

#[test]
fn park_weights_override_the_profile() {
    let ctx = context();
    let p = profile();
    let mut c = reference();
    c.park = Some("chem".into());
    let r = one(c, &ctx, &p);
    assert_eq!(r.criteria[Criterion::Environment.index()].weight, 15.0);
    // 0.5 × 15.
    assert_eq!(points(&r, Criterion::Environment), 7.5);
    assert_eq!(r.max_total, 105.0);
}

fn varied_candidates(n: usize) -> Vec<Candidate> {
    let ctx = context();
    (0..n)
        .map(|i| {
            let f = i as f64;
            let mut c = Candidate::new(&format!("c{i}"), &format!("项目{i}"), 10_000.0 + 997.0 * f);
            c.land_mu = Some(20.0 + (i % 17) as f64 * 3.0);
            c.expected_tax = Some(100.0 + (i % 13) as f64 * 77.7);
            c.rd_intensity = Some((i % 7) as f64 * 0.011);
            c.high_tech = i % 3 == 0;
            c.specialized = i % 5 == 0;
            c.patents = Some((i % 23) as u32);
            c.energy_tce_per_wan = (i % 4 != 0).then_some((i % 9) as f64 * 0.037);
            c.emissions_tco2_per_wan = Some((i % 11) as f64 * 0.09);
            c.industry_code = Some(["3985", "2613", "3670", "2661"][i % 4].into());
            c.park = [None, Some("chem"), Some("plain")][i % 3].map(str::to_string);
            c.nodes = vec![ctx.nodes[i % 3].key.clone()];
            c
        })
        .collect()
}

#[test]
fn points_add_up_to_the_total_for_every_candidate() {
    let ranking = score(&varied_candidates(500), &context(), &profile());
    assert_eq!(ranking.results.len(), 500);
    for r in &ranking.results {
        let sum: f64 = r.criteria.iter().map(|c| c.points).sum();
        assert!(
            (sum - r.total).abs() < 1e-9,
            "{}: {sum} vs {}",
            r.id,
            r.total
        );
        // As printed, too.
        let printed: f64 = r
            .criteria
            .iter()
            .map(|c| format!("{:.2}", c.points).parse::<f64>().unwrap())
            .sum();
        assert_eq!(format!("{printed:.2}"), format!("{:.2}", r.total));
        for c in &r.criteria {
            assert!(c.points >= 0.0 && c.points <= c.weight + 1e-9);
        }
    }
    // Ranks are 1..n, eligible first, totals non-increasing within each group.
    for (i, w) in ranking.results.windows(2).enumerate() {
        assert_eq!(w[0].rank as usize, i + 1);
        assert!(w[0].eligible >= w[1].eligible);
        if w[0].eligible == w[1].eligible {
            assert!(w[0].total >= w[1].total);
        }
    }
}

#[test]
fn sentences_for_the_top_only_keep_the_numbers() {
    let list = varied_candidates(60);
    let full = score(&list, &context(), &profile());
    let top = score_with(
        &list,
        &context(),
        &profile(),
        &ScoreOptions {
            explain_top: Some(5),
            explain_skip: 0,
        },
    );
    assert_eq!(top.explained, 5);
    // A page further down: ranks 21–30 with their sentences, the same as in the full list.
    let page = score_with(
        &list,
        &context(),
        &profile(),
        &ScoreOptions {
            explain_top: Some(10),
            explain_skip: 20,
        },
    );
    assert_eq!(page.explained, 10);
    for (written, explained) in [(&top, 1..=5), (&page, 21..=30)] {
        for (a, b) in full.results.iter().zip(&written.results) {
            assert_eq!(a.id, b.id);
            assert_eq!(a.total, b.total);
            if explained.contains(&b.rank) {
                assert_eq!(a, b);
            } else {
                assert!(!b.explained && b.why_zh.is_empty() && b.criteria[0].reason_zh.is_empty());
            }
        }
    }
}

#[test]
fn a_node_feeding_another_chains_gap_scores_that_gap() {
    // 氟化工 is strong locally (factor 0); its product goes into the battery chain's electrolyte,
    // missing, whose local firms buy 100,000 万元 from outside.
    let mut fluoro = node("chemical:fluorochemicals", NodeStatus::Strong, 80_000.0);
    fluoro.couplings = vec![electrolyte_coupling()];
    let mut ctx = context();
    ctx.nodes.push(fluoro);
    let mut c = Candidate::new("fluoro", "氟化工项目", 25_000.0);
    c.nodes = vec![NodeKey::new("chemical", "fluorochemicals")];
    let r = one(c.clone(), &ctx, &profile());
    // missing (1.0) × (0.5 + 0.5 × 100000 / (100000 + 50000)) = 0.8333… → 25 × 0.8333 = 20.83.
    assert_eq!(points(&r, Criterion::ChainGap), 20.83);
    let why = &r.criteria[Criterion::ChainGap.index()].reason_zh;
    assert!(
        why.contains("跨链补链") && why.contains("电解液") && why.contains("100,000"),
        "{why}"
    );
    // Without the coupling the strong node is worth nothing.
    ctx.nodes.last_mut().unwrap().couplings.clear();
    assert_eq!(points(&one(c, &ctx, &profile()), Criterion::ChainGap), 0.0);
}

fn electrolyte_coupling() -> crate::CouplingDemand {
    crate::CouplingDemand {
        key: NodeKey::new("nev-battery", "electrolyte"),
        chain_zh: "新能源汽车及锂电池".into(),
        chain_en: "NEV and battery".into(),
        name_zh: "电解液".into(),
        name_en: "Electrolyte".into(),
        status: NodeStatus::Missing,
        outside_value: 100_000.0,
    }
}

#[test]
fn changing_a_weight_changes_the_ranking_as_expected() {
    let ctx = context();
    // gap: fills the missing cathode node, nothing else.
    let mut gap = Candidate::new("gap", "补链项目", 25_000.0);
    gap.land_mu = Some(100.0);
    gap.nodes = vec![NodeKey::new("nev-battery", "cathode")];
    // tech: no chain node, strong on technology.
    let mut tech = Candidate::new("tech", "科技项目", 25_000.0);
    tech.land_mu = Some(100.0);
    tech.rd_intensity = Some(0.05);
    tech.high_tech = true;
    tech.specialized = true;
    tech.patents = Some(20);
    let mut p = profile();
    // gap: 18.75 + 6 + 4 (linkage) = 28.75; tech: 15.
    let r = score(&[tech.clone(), gap.clone()], &ctx, &p);
    assert_eq!(r.results[0].id, "gap");
    assert_eq!(r.results[0].total, 28.75);
    assert_eq!(r.results[1].total, 15.0);
    assert!(
        r.results[1].why_zh.contains("主要差在补链价值"),
        "{}",
        r.results[1].why_zh
    );
    // Technology worth 40 points: tech 40 > gap 28.75.
    p.scoring.weights.technology = 40.0;
    let r = score(&[tech.clone(), gap.clone()], &ctx, &p);
    assert_eq!(r.results[0].id, "tech");
    assert_eq!(r.results[0].total, 40.0);
    // Back to 15, but chain gap worth 0: gap keeps 10 (relatedness 6 + linkage 4) < tech 15.
    p.scoring.weights.technology = 15.0;
    p.scoring.weights.chain_gap = 0.0;
    let r = score(&[gap, tech], &ctx, &p);
    assert_eq!(r.results[0].id, "tech");
    assert_eq!(r.results[1].total, 10.0);
}

#[test]
fn ties_are_explained() {
    let ctx = context();
    let mut a = Candidate::new("a", "甲", 25_000.0);
    a.land_mu = Some(100.0);
    let mut b = a.clone();
    b.id = "b".into();
    b.name = "乙".into();
    let r = score(&[b, a], &ctx, &profile());
    assert_eq!(r.results[0].id, "a");
    assert!(
        r.results[1].why_zh.contains("同分"),
        "{}",
        r.results[1].why_zh
    );
}

#[test]
fn shipped_profiles_parse_and_validate() {
    for name in ["liuzhou.toml", "liuzhou-chain-first.toml"] {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/profiles/").to_string() + name;
        let text = std::fs::read_to_string(&path).unwrap();
        let p = Profile::from_toml(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(p.region, "450200");
        assert_eq!(p.scoring.weights.total(), 100.0, "{name}");
        assert!(p.park(Some("luzhai-chem")).thresholds.chemical_park);
        assert!(!p.park(Some("hexi-industrial")).thresholds.chemical_park);
        assert_eq!(p.grading.indicators.len(), 6);
    }
}

#[test]
fn bad_profiles_are_refused_with_the_field() {
    let e = Profile::from_toml(&HEADER.replace("format = 1", "format = 2")).unwrap_err();
    assert_eq!(e, ProfileError::Format(2));
    let e =
        Profile::from_toml(&format!("{HEADER}[scoring.weights]\nchain_gap = -1\n")).unwrap_err();
    assert!(e.to_string().contains("scoring.weights.chain_gap"), "{e}");
    let e = Profile::from_toml(&format!(
        "{HEADER}[default_park]\ntarget_investment_intensity = 100\n"
    ))
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("default_park.target_investment_intensity"),
        "{e}"
    );
    let e = Profile::from_toml(&format!("{HEADER}colour = 1\n")).unwrap_err();
    assert!(matches!(e, ProfileError::Parse(_)));
    let e = Profile::from_toml(&format!(
        "{HEADER}[grading]\ncutoffs = {{ a = 0.7, b = 0.6, c = 0.9 }}\n"
    ))
    .unwrap_err();
    assert!(e.to_string().contains("grading.cutoffs"), "{e}");
}

/// Every number of a profile is held to the data contract: `inf`, `nan` (TOML allows both) and
/// absurd magnitudes are refused naming the field, whichever table they are in.
#[test]
fn infinite_and_absurd_profile_numbers_are_refused() {
    for (toml, field) in [
        (
            "[default_park]\ntarget_investment_intensity = inf\n",
            "default_park.target_investment_intensity",
        ),
        (
            "[default_park]\ntarget_tax_per_mu = 1e300\n",
            "default_park.target_tax_per_mu",
        ),
        (
            "[scoring.weights]\nlinkage = inf\n",
            "scoring.weights.linkage",
        ),
        (
            "[scoring.weights]\nlinkage = 1e300\n",
            "scoring.weights.linkage",
        ),
        (
            "[scoring.chain_gap]\ndemand_half = inf\n",
            "scoring.chain_gap.demand_half",
        ),
        (
            "[scoring.relatedness]\ndensity_high = inf\n",
            "scoring.relatedness.density_high",
        ),
        (
            "[scoring.relatedness]\ndensity_low = -inf\n",
            "scoring.relatedness.density_low",
        ),
        (
            "[scoring.technology]\nrd_target = inf\n",
            "scoring.technology.rd_target",
        ),
        (
            "[scoring.technology]\npatents_target = nan\n",
            "scoring.technology.patents_target",
        ),
        (
            "[scoring.environment]\nworst_ratio = 1e300\n",
            "scoring.environment.worst_ratio",
        ),
        (
            "[[scoring.environment.benchmarks]]\nindustry = \"26\"\nenergy_tce_per_wan = inf\nemissions_tco2_per_wan = 1\n",
            "scoring.environment.benchmarks[26].energy_tce_per_wan",
        ),
        (
            "[scoring.linkage]\npartners_half = inf\n",
            "scoring.linkage.partners_half",
        ),
        (
            "[scoring.linkage]\nmultiplier_high = inf\n",
            "scoring.linkage.multiplier_high",
        ),
        (
            "[scoring.linkage]\nmultiplier_low = -inf\n",
            "scoring.linkage.multiplier_low",
        ),
        (
            "[[parks]]\nid = \"p\"\ntarget_investment_intensity = inf\n",
            "parks[p].target_investment_intensity",
        ),
        ("[grading]\ncap = 1e300\n", "grading.cap"),
        (
            "[grading]\nindicators = [{ indicator = \"tax_per_mu\", weight = 1, benchmark = 1e300 }]\n",
            "grading.indicators[tax_per_mu].benchmark",
        ),
    ] {
        let e =
            Profile::from_toml(&format!("{HEADER}{toml}")).expect_err(&format!("{field} accepted"));
        assert!(e.to_string().contains(field), "{field}: {e}");
    }
}

// ------------------------------------------------------------------------- 亩均 grading

fn firm(tax: f64, land: f64) -> GradeInput {
    GradeInput {
        industry_code: Some("3670".into()),
        founded: Some(2010),
        above_scale: true,
        land_mu: Some(land),
        tax: Some(tax),
        value_added: Some(100.0),
        revenue: Some(1_000.0),
        employees: Some(10),
        energy_tce: Some(50.0),
        emissions_tco2: Some(100.0),
        rd_expense: Some(30.0),
    }
}

fn grading_rule() -> GradingRule {
    GradingRule {
        indicators: vec![
            IndicatorRule {
                indicator: Indicator::TaxPerMu,
                weight: 50.0,
                benchmark: Some(10.0),
            },
            IndicatorRule {
                indicator: Indicator::ValueAddedPerMu,
                weight: 20.0,
                benchmark: None,
            },
            IndicatorRule {
                indicator: Indicator::LabourProductivity,
                weight: 10.0,
                benchmark: Some(5.0),
            },
            IndicatorRule {
                indicator: Indicator::ValueAddedPerEnergy,
                weight: 10.0,
                benchmark: Some(4.0),
            },
            IndicatorRule {
                indicator: Indicator::ValueAddedPerEmission,
                weight: 5.0,
                benchmark: Some(1.0),
            },
            IndicatorRule {
                indicator: Indicator::RdIntensity,
                weight: 5.0,
                benchmark: Some(0.02),
            },
        ],
        ..GradingRule::default()
    }
}

#[test]
fn grading_hand_computed() {
    // Land 10 亩 for all; tax 50, 100, 150, 200, 250 → tax per mu 5 … 25.
    let firms: Vec<GradeInput> = [50.0, 100.0, 150.0, 200.0, 250.0]
        .iter()
        .map(|t| firm(*t, 10.0))
        .collect();
    let g = grade(&firms, 2024, &grading_rule());
    // Shared parts: VA/mu 10 = median 10 → ratio 1 → 20; productivity 10/5 = 2 → 20;
    // VA/energy 2/4 = 0.5 → 5; VA/CO2 1/1 → 5; R&D 0.03/0.02 = 1.5 → 7.5. Sum 57.5.
    // Tax: 5/10 → 25, 10/10 → 50, 15/10 → 75, 20/10 → 100, 25/10 = 2.5 capped 2 → 100.
    let scores: Vec<f64> = g.results.iter().map(|r| r.score.unwrap()).collect();
    assert_eq!(scores, vec![82.5, 107.5, 132.5, 157.5, 157.5]);
    let b = &g.benchmarks[1];
    assert!(b.from_median && b.benchmark == Some(10.0));
    // Ranks: the two 157.5 share rank 1 (1/5 = 20 % → A); 132.5 rank 3 (60 % → B);
    // 107.5 rank 4 (80 % → C); 82.5 rank 5 (100 % > 95 % → D).
    let grades: Vec<Grade> = g.results.iter().map(|r| r.grade.unwrap()).collect();
    assert_eq!(
        grades,
        vec![Grade::D, Grade::C, Grade::B, Grade::A, Grade::A]
    );
    assert_eq!(g.results[4].rank, Some(1));
    assert_eq!(g.counts, [2, 1, 1, 1]);
    assert_eq!(g.max_score, 200.0);
    // Breakdown adds up.
    for r in &g.results {
        let sum: f64 = r.indicators.iter().map(|i| i.points).sum();
        assert!((sum - r.score.unwrap()).abs() < 1e-9);
    }
    assert!(g.results[0].breakdown_zh()[0].contains("亩均税收 5 万元/亩（基准 10）→ 25.00 分"));
}

#[test]
fn cutoffs_on_a_hundred_firms() {
    let firms: Vec<GradeInput> = (0..100).map(|i| firm(f64::from(i) + 1.0, 10.0)).collect();
    let g = grade(&firms, 2024, &grading_rule());
    assert_eq!(g.counts, [20, 40, 35, 5]);
}

/// Figures an older database may hold outside the data contract: land out of range leaves the
/// firm not graded (saying so), any other odd figure counts as not reported and is listed.
#[test]
fn figures_outside_the_contract_are_not_graded_on() {
    let mut huge_land = firm(100.0, 10.0);
    huge_land.land_mu = Some(1e308);
    let mut negative_land = firm(100.0, 10.0);
    negative_land.land_mu = Some(-2024.0);
    let mut odd_tax = firm(100.0, 10.0);
    odd_tax.tax = Some(-5.0);
    odd_tax.energy_tce = Some(f64::INFINITY);
    let firms = vec![huge_land, negative_land, odd_tax, firm(50.0, 10.0)];
    let g = grade(&firms, 2024, &grading_rule());
    for r in &g.results[..2] {
        assert!(r.grade.is_none());
        assert!(matches!(
            r.not_graded,
            Some(NotGraded::LandOutOfRange { .. })
        ));
        let why = r.not_graded.as_ref().unwrap().reason_en();
        assert!(
            why.contains("land area") && why.contains("> 0 and ≤ 1e8"),
            "{why}"
        );
    }
    let odd = &g.results[2];
    assert!(odd.grade.is_some(), "the firm is still graded");
    let fields: Vec<&str> = odd.set_aside.iter().map(|s| s.field.as_str()).collect();
    assert_eq!(fields, ["tax", "energy_tce"]);
    let tax = odd
        .indicators
        .iter()
        .find(|i| i.indicator == Indicator::TaxPerMu)
        .unwrap();
    assert_eq!((tax.value, tax.points), (None, 0.0));
    assert!(g.results[3].set_aside.is_empty());
}

#[test]
fn not_graded_classes() {
    let mut young = firm(100.0, 10.0);
    young.founded = Some(2023);
    let mut utility = firm(100.0, 10.0);
    utility.industry_code = Some("4411".into());
    let mut no_land = firm(100.0, 10.0);
    no_land.land_mu = None;
    let mut small = firm(100.0, 10.0);
    small.above_scale = false;
    let mut missing = firm(100.0, 10.0);
    missing.energy_tce = None;
    missing.employees = Some(0);
    let firms = vec![young, utility, no_land, small.clone(), missing];
    let g = grade(&firms, 2024, &grading_rule());
    assert!(matches!(
        g.results[0].not_graded,
        Some(NotGraded::TooYoung {
            founded: 2023,
            min_age_years: 2
        })
    ));
    assert!(matches!(
        g.results[1].not_graded,
        Some(NotGraded::ExcludedIndustry { .. })
    ));
    assert_eq!(g.results[2].not_graded, Some(NotGraded::NoLand));
    assert!(
        g.results[3].grade.is_some(),
        "small firms graded by default"
    );
    // Unreported energy and zero employees: those indicators earn 0 and say so.
    let m = &g.results[4];
    assert_eq!(m.indicators[2].value, None);
    assert_eq!(m.indicators[2].points, 0.0);
    assert!(m.breakdown_zh()[3].contains("未报送"));
    assert_eq!((g.graded, g.not_graded), (2, 3));
    // Founded exactly two years before: graded.
    let mut two = firm(100.0, 10.0);
    two.founded = Some(2022);
    assert!(
        grade(&[two], 2024, &grading_rule()).results[0]
            .grade
            .is_some()
    );
    let rule = GradingRule {
        above_scale_only: true,
        ..grading_rule()
    };
    assert_eq!(
        grade(&[small], 2024, &rule).results[0].not_graded,
        Some(NotGraded::NotAboveScale)
    );
}

#[test]
fn empty_inputs_do_not_panic() {
    let g = grade(&[], 2024, &grading_rule());
    assert_eq!(g.graded, 0);
    let r = score(&[], &ScoringContext::default(), &profile());
    assert!(r.results.is_empty());
    let mut c = Candidate::new("x", "x", f64::NAN);
    c.land_mu = Some(1.0);
    c.rd_intensity = Some(f64::INFINITY);
    let r = one(c, &ScoringContext::default(), &profile());
    assert!(r.total.is_finite());
}
