//! The diagnosis itself: one pass over enterprises, one over memberships (grouped by enterprise
//! with a counting sort), one over links, all accumulating into plain `Vec`s indexed by node or
//! enterprise. No hashing in the loops.
//!
//! Determinism: node and firm outputs are summed enterprise by enterprise in index order, so
//! they do not depend on the order of `memberships`. Link values are summed in input order; a
//! different order can change a supply total only by floating-point rounding (a few ulps).

use crate::error::DiagnosisError;
use crate::rule::DiagnosisRule;
use crate::text::{pct, pct_threshold, pct_vs, wan};
use crate::types::*;
use liantu_model::bounds::{AMOUNT, SHARE};
use liantu_model::{NodeStatus, RegionCode, Stage};
use std::cmp::Ordering;
use std::collections::HashMap;

/// Diagnoses the chain described by `input` for `region` under `rule`.
///
/// An enterprise is local when `region.contains(&enterprise.region)`. See [`DiagnosisRule`] for
/// how statuses are decided and the crate documentation for every figure.
pub fn diagnose(
    input: &DiagnosisInput,
    region: &RegionCode,
    rule: &DiagnosisRule,
) -> Result<Diagnosis, DiagnosisError> {
    rule.validate()?;
    let n_nodes = input.nodes.len();
    let n_ent = input.enterprises.len();
    if n_nodes == 0 {
        return Err(DiagnosisError::NoNodes);
    }
    check_count("nodes", n_nodes)?;
    check_count("enterprises", n_ent)?;
    check_count("memberships", input.memberships.len())?;
    check_count("links", input.links.len())?;
    check_node_ids(&input.nodes)?;

    let is_local = locate_enterprises(input, region);
    let mut set_aside = SetAsides::new(n_nodes);
    let members = attribute_output(input, &is_local, &mut set_aside)?;
    let supply = tally_links(input, region, &is_local, &mut set_aside)?;

    let total_output: f64 = members.node_output.iter().sum();
    let share_of_chain = |x: f64| (total_output > 0.0).then(|| x / total_output);

    let mut nodes = Vec::with_capacity(n_nodes);
    let lists = members.lists.into_iter().zip(set_aside.nodes);
    for (i, (node_ref, (mut list, node_set_aside))) in input.nodes.iter().zip(lists).enumerate() {
        let output = members.node_output[i];
        list.sort_unstable_by(|a, b| {
            output_desc(a.output, b.output).then(a.enterprise.cmp(&b.enterprise))
        });
        if output > 0.0 {
            for m in &mut list {
                m.share_of_node = m.output.map(|o| o / output);
            }
        }
        let single_supplier_risk = match list.first() {
            Some(NodeMember {
                enterprise,
                output: Some(top),
                ..
            }) if output > 0.0 => {
                let share = top / output;
                (share >= rule.single_supplier_threshold).then_some(Concentration {
                    enterprise: *enterprise,
                    share,
                })
            }
            _ => None,
        };
        let facts = NodeFacts {
            firms: members.node_count[i],
            unknown: members.node_unknown[i],
            share: share_of_chain(output),
            supply: supply.nodes[i].rate(),
            set_aside: node_set_aside.len(),
        };
        let (status, reason_zh, reason_en) = classify(&facts, rule);
        nodes.push(NodeDiagnosis {
            // Invariant: n_nodes was checked to fit in u32.
            node: i as u32,
            id: node_ref.id.clone(),
            stage: node_ref.stage,
            enterprise_count: facts.firms,
            unknown_output_count: facts.unknown,
            output,
            output_share: facts.share,
            members: list,
            status,
            reason_zh,
            reason_en,
            single_supplier_risk,
            local_supply: facts.supply,
            set_aside: node_set_aside,
        });
    }

    let completeness = completeness(&nodes, rule);
    let by_stage = Stage::ALL
        .iter()
        .filter_map(|&stage| {
            let mut summary = StageSummary {
                stage,
                nodes: 0,
                covered: 0,
                output: 0.0,
                local_supply: SupplyRate::default(),
            };
            let mut acc = SupplyAcc::default();
            for n in nodes.iter().filter(|n| n.stage == stage) {
                summary.nodes += 1;
                summary.covered += u32::from(n.enterprise_count > 0);
                summary.output += n.output;
                acc.add(&supply.nodes[n.node as usize]);
            }
            summary.local_supply = acc.rate();
            (summary.nodes > 0).then_some(summary)
        })
        .collect();
    let mut chain_acc = SupplyAcc::default();
    for acc in &supply.nodes {
        chain_acc.add(acc);
    }

    let leaders = rank_leaders(&members.firms, &supply, total_output, rule);
    let local_enterprises = members.firms.len() as u32; // ≤ n_ent, which fits in u32
    let unknown_output_enterprises = members.firms.iter().filter(|f| !f.known).count() as u32;

    Ok(Diagnosis {
        region: *region,
        rule: *rule,
        total_output,
        local_enterprises,
        unknown_output_enterprises,
        nodes,
        completeness,
        by_stage,
        local_supply: chain_acc.rate(),
        leaders,
        set_aside: set_aside.all,
    })
}

pub(crate) fn check_count(what: &'static str, count: usize) -> Result<(), DiagnosisError> {
    let max = u32::MAX as usize;
    if count > max {
        return Err(DiagnosisError::TooMany { what, count, max });
    }
    Ok(())
}

fn check_node_ids(nodes: &[NodeRef]) -> Result<(), DiagnosisError> {
    let mut seen: HashMap<&str, u32> = HashMap::with_capacity(nodes.len());
    for (i, n) in nodes.iter().enumerate() {
        // Invariant: the node count was checked to fit in u32.
        let index = i as u32;
        if let Some(&first) = seen.get(n.id.as_str()) {
            return Err(DiagnosisError::DuplicateNodeId {
                index,
                first,
                id: n.id.clone(),
            });
        }
        seen.insert(&n.id, index);
    }
    Ok(())
}

/// One bit per enterprise: inside the region or not. A bitset (125 KB for a million firms)
/// stays in cache during the random lookups of the link pass.
pub(crate) struct LocalSet {
    bits: Vec<u64>,
}

impl LocalSet {
    fn with_capacity(n: usize) -> Self {
        LocalSet {
            bits: Vec::with_capacity(n.div_ceil(64)),
        }
    }

    fn push(&mut self, index: usize, local: bool) {
        if index.is_multiple_of(64) {
            self.bits.push(0);
        }
        if local && let Some(word) = self.bits.last_mut() {
            *word |= 1 << (index % 64);
        }
    }

    #[inline]
    fn get(&self, index: usize) -> bool {
        self.bits
            .get(index / 64)
            .is_some_and(|w| w >> (index % 64) & 1 == 1)
    }
}

/// Per enterprise, whether it lies inside `region`.
fn locate_enterprises(input: &DiagnosisInput, region: &RegionCode) -> LocalSet {
    let mut is_local = LocalSet::with_capacity(input.enterprises.len());
    for (i, e) in input.enterprises.iter().enumerate() {
        is_local.push(i, region.contains(&e.region));
    }
    is_local
}

/// Figures set aside, per node and once each for the whole diagnosis.
struct SetAsides {
    nodes: Vec<Vec<SetAside>>,
    all: Vec<SetAside>,
}

impl SetAsides {
    fn new(n_nodes: usize) -> Self {
        SetAsides {
            nodes: vec![Vec::new(); n_nodes],
            all: Vec::new(),
        }
    }
}

/// A membership's share when not given.
const NOT_GIVEN: f64 = f64::NAN;
/// A membership's share outside 0..=1 (set aside); a usable share is never infinite.
const UNUSABLE: f64 = f64::INFINITY;

/// A membership regrouped by enterprise. `share` is [`NOT_GIVEN`], [`UNUSABLE`] or in 0..=1.
#[derive(Clone, Copy)]
struct Slot {
    node: u32,
    membership: u32,
    share: f64,
}

/// A local firm with at least one membership on the chain.
struct Firm {
    enterprise: u32,
    output: f64,
    known: bool,
    nodes: u32,
}

struct Members {
    node_count: Vec<u32>,
    node_unknown: Vec<u32>,
    node_output: Vec<f64>,
    lists: Vec<Vec<NodeMember>>,
    firms: Vec<Firm>,
}

fn attribute_output(
    input: &DiagnosisInput,
    is_local: &LocalSet,
    set_aside: &mut SetAsides,
) -> Result<Members, DiagnosisError> {
    let n_ent = input.enterprises.len();
    let n_nodes = input.nodes.len();

    // Counting sort of memberships by enterprise: start[e]..start[e + 1] are e's slots.
    let mut start = vec![0u32; n_ent + 1];
    let mut local_per_node = vec![0usize; n_nodes];
    for (mi, m) in input.memberships.iter().enumerate() {
        if m.enterprise as usize >= n_ent {
            return Err(DiagnosisError::MembershipEnterpriseOutOfRange {
                membership: mi,
                enterprise: m.enterprise,
                len: n_ent,
            });
        }
        if m.node as usize >= n_nodes {
            return Err(DiagnosisError::MembershipNodeOutOfRange {
                membership: mi,
                node: m.node,
                len: n_nodes,
            });
        }
        start[m.enterprise as usize + 1] += 1;
        if is_local.get(m.enterprise as usize) {
            local_per_node[m.node as usize] += 1;
        }
    }
    for i in 1..=n_ent {
        start[i] += start[i - 1];
    }
    // Fill using start[e] as e's cursor; afterwards start[e] is where e + 1 begins, and
    // shifting right by one restores the starts.
    let empty = Slot {
        node: 0,
        membership: 0,
        share: NOT_GIVEN,
    };
    let mut slots = vec![empty; input.memberships.len()];
    for (mi, m) in input.memberships.iter().enumerate() {
        let pos = &mut start[m.enterprise as usize];
        slots[*pos as usize] = Slot {
            node: m.node,
            // Invariant: the membership count was checked to fit in u32.
            membership: mi as u32,
            share: match m.share {
                None => NOT_GIVEN,
                Some(share) if SHARE.contains(share) => share,
                Some(_) => UNUSABLE,
            },
        };
        *pos += 1;
    }
    start.copy_within(0..n_ent, 1);
    start[0] = 0;

    let mut out = Members {
        node_count: vec![0; n_nodes],
        node_unknown: vec![0; n_nodes],
        node_output: vec![0.0; n_nodes],
        lists: local_per_node
            .iter()
            .map(|&n| Vec::with_capacity(n))
            .collect(),
        firms: Vec::new(),
    };
    for e in 0..n_ent {
        let slots = &mut slots[start[e] as usize..start[e + 1] as usize];
        if slots.is_empty() {
            continue;
        }
        if slots.len() > 1 {
            slots.sort_unstable_by_key(|s| (s.node, s.membership));
            for w in slots.windows(2) {
                if w[0].node == w[1].node {
                    return Err(DiagnosisError::DuplicateMembership {
                        enterprise: e as u32,
                        node: w[0].node,
                        first: w[0].membership as usize,
                        duplicate: w[1].membership as usize,
                    });
                }
            }
        }
        if !is_local.get(e) {
            continue;
        }
        let stated = input.enterprises[e].output;
        let output = stated.filter(|v| AMOUNT.contains(*v));
        if let (Some(value), None) = (stated, output) {
            let odd = SetAside::Output {
                enterprise: e as u32,
                value,
            };
            set_aside.all.push(odd);
            for s in slots.iter() {
                set_aside.nodes[s.node as usize].push(odd);
            }
        }
        let mut given = 0.0;
        let mut unshared = 0u32;
        for s in slots.iter() {
            if s.share.is_nan() {
                unshared += 1;
            } else if s.share != UNUSABLE {
                given += s.share;
            }
        }
        let each = if unshared > 0 {
            (1.0 - given).max(0.0) / f64::from(unshared)
        } else {
            0.0
        };
        let mut firm_output = 0.0;
        for s in slots.iter() {
            let n = s.node as usize;
            let attributed = if s.share == UNUSABLE {
                let odd = SetAside::Share {
                    enterprise: e as u32,
                    membership: s.membership,
                    value: input.memberships[s.membership as usize]
                        .share
                        .unwrap_or(f64::NAN),
                };
                set_aside.all.push(odd);
                set_aside.nodes[n].push(odd);
                None
            } else {
                let fraction = if s.share.is_nan() { each } else { s.share };
                output.map(|o| o * fraction)
            };
            out.node_count[n] += 1;
            match attributed {
                Some(v) => {
                    out.node_output[n] += v;
                    firm_output += v;
                }
                None => out.node_unknown[n] += 1,
            }
            out.lists[n].push(NodeMember {
                enterprise: e as u32,
                output: attributed,
                share_of_node: None,
            });
        }
        out.firms.push(Firm {
            enterprise: e as u32,
            output: firm_output,
            known: output.is_some(),
            nodes: slots.len() as u32,
        });
    }
    Ok(out)
}

#[derive(Clone, Copy, Default)]
struct SupplyAcc {
    local_value: f64,
    total_value: f64,
    links: u64,
    local_links: u64,
}

impl SupplyAcc {
    fn add(&mut self, other: &SupplyAcc) {
        self.local_value += other.local_value;
        self.total_value += other.total_value;
        self.links += other.links;
        self.local_links += other.local_links;
    }

    fn rate(&self) -> SupplyRate {
        SupplyRate {
            local_value: self.local_value,
            total_value: self.total_value,
            rate: (self.total_value > 0.0).then(|| self.local_value / self.total_value),
            link_count: self.links,
            local_link_count: self.local_links,
        }
    }
}

struct Supply {
    nodes: Vec<SupplyAcc>,
    /// Per enterprise: links where it is the local buyer and the supplier is local.
    as_buyer: Vec<u32>,
    /// Per enterprise: links where it is the (local) supplier of a local buyer.
    as_supplier: Vec<u32>,
}

fn tally_links(
    input: &DiagnosisInput,
    region: &RegionCode,
    is_local: &LocalSet,
    set_aside: &mut SetAsides,
) -> Result<Supply, DiagnosisError> {
    let n_ent = input.enterprises.len();
    let n_nodes = input.nodes.len();
    let mut out = Supply {
        nodes: vec![SupplyAcc::default(); n_nodes],
        as_buyer: vec![0; n_ent],
        as_supplier: vec![0; n_ent],
    };
    for (li, l) in input.links.iter().enumerate() {
        let buyer = l.buyer as usize;
        if buyer >= n_ent {
            return Err(DiagnosisError::LinkBuyerOutOfRange {
                link: li,
                buyer: l.buyer,
                len: n_ent,
            });
        }
        let node = l.node as usize;
        if node >= n_nodes {
            return Err(DiagnosisError::LinkNodeOutOfRange {
                link: li,
                node: l.node,
                len: n_nodes,
            });
        }
        if let Some(s) = l.supplier
            && s as usize >= n_ent
        {
            return Err(DiagnosisError::LinkSupplierOutOfRange {
                link: li,
                supplier: s,
                len: n_ent,
            });
        }
        if !is_local.get(buyer) {
            continue;
        }
        if !AMOUNT.contains(l.value) {
            let odd = SetAside::LinkValue {
                // Invariant: the link count was checked to fit in u32.
                link: li as u32,
                buyer: l.buyer,
                value: l.value,
            };
            set_aside.all.push(odd);
            set_aside.nodes[node].push(odd);
            continue;
        }
        let supplier_local = match l.supplier {
            Some(s) => is_local.get(s as usize),
            None => region.contains(&l.supplier_region),
        };
        let acc = &mut out.nodes[node];
        acc.total_value += l.value;
        acc.links += 1;
        if supplier_local {
            acc.local_value += l.value;
            acc.local_links += 1;
            // At most one increment per link, and the link count fits in u32.
            out.as_buyer[buyer] += 1;
            if let Some(s) = l.supplier {
                out.as_supplier[s as usize] += 1;
            }
        }
    }
    Ok(out)
}

/// Larger known output first, unknown output last.
fn output_desc(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

struct NodeFacts {
    firms: u32,
    unknown: u32,
    share: Option<f64>,
    supply: SupplyRate,
    /// Figures of the node set aside (outside the data contract).
    set_aside: usize,
}

fn firms_en(n: u32) -> String {
    if n == 1 {
        "1 local firm".to_string()
    } else {
        format!("{n} local firms")
    }
}

/// Applies the rule; returns the status with the reason in Chinese and English, which also
/// says how many figures were set aside.
fn classify(f: &NodeFacts, rule: &DiagnosisRule) -> (NodeStatus, String, String) {
    let (status, mut zh, mut en) = apply_rule(f, rule);
    if f.set_aside > 0 {
        let n = f.set_aside;
        zh.push_str(&format!("（另有 {n} 项数据超出有效范围，未计入）"));
        en.push_str(&format!(
            " ({n} figure{} outside the accepted range set aside)",
            if n == 1 { "" } else { "s" }
        ));
    }
    (status, zh, en)
}

fn apply_rule(f: &NodeFacts, rule: &DiagnosisRule) -> (NodeStatus, String, String) {
    if f.firms == 0 {
        return (
            NodeStatus::Missing,
            "空白：本地无企业".to_string(),
            "missing: no local firms".to_string(),
        );
    }
    let mut weak_zh = Vec::new();
    let mut weak_en = Vec::new();
    if f.firms < rule.weak_max_firms_exclusive {
        let t = rule.weak_max_firms_exclusive;
        weak_zh.push(format!("本地企业 {} 家 < {t}", f.firms));
        weak_en.push(format!("{} < {t}", firms_en(f.firms)));
    }
    if let Some(share) = f.share
        && share < rule.weak_below_share
    {
        let (v, t) = (
            pct_vs(share, rule.weak_below_share),
            pct_threshold(rule.weak_below_share),
        );
        weak_zh.push(format!("产值占全链 {v} < {t}"));
        weak_en.push(format!("{v} of chain output < {t}"));
    }
    if f.supply.link_count >= rule.min_links_for_rate
        && let Some(rate) = f.supply.rate
        && rate < rule.weak_below_local_supply
    {
        let (v, t, n) = (
            pct_vs(rate, rule.weak_below_local_supply),
            pct_threshold(rule.weak_below_local_supply),
            f.supply.link_count,
        );
        weak_zh.push(format!("本地配套率 {v} < {t}（{n} 条供应联系）"));
        weak_en.push(format!("local supply rate {v} < {t} over {n} links"));
    }
    let unknown_zh = if f.unknown > 0 {
        format!("（其中 {} 家产值未知，按 0 计）", f.unknown)
    } else {
        String::new()
    };
    let unknown_en = if f.unknown > 0 {
        format!(" ({} with unknown output, counted as 0)", f.unknown)
    } else {
        String::new()
    };
    if !weak_zh.is_empty() {
        return (
            NodeStatus::Weak,
            format!("薄弱：{}{unknown_zh}", weak_zh.join("；")),
            format!("weak: {}{unknown_en}", weak_en.join("; ")),
        );
    }

    let sf = rule.strong_min_firms;
    let firms_ok = f.firms >= sf;
    let cmp = |ok: bool| if ok { "≥" } else { "<" };
    let firms_zh = format!("本地企业 {} 家 {} {sf}", f.firms, cmp(firms_ok));
    let firms_en = format!("{} {} {sf}", firms_en(f.firms), cmp(firms_ok));
    let (share_ok, share_zh, share_en) = match f.share {
        Some(share) => {
            let ok = share >= rule.strong_min_share;
            let (v, t) = (
                pct_vs(share, rule.strong_min_share),
                pct_threshold(rule.strong_min_share),
            );
            (
                ok,
                format!("产值占全链 {v} {} {t}", cmp(ok)),
                format!("{v} of chain output {} {t}", cmp(ok)),
            )
        }
        None => (
            false,
            "全链本地产值为 0，无法计算占比".to_string(),
            "the chain's local output is 0, so no share".to_string(),
        ),
    };
    let status = if firms_ok && share_ok {
        NodeStatus::Strong
    } else {
        NodeStatus::Potential
    };
    (
        status,
        format!("{}：{firms_zh}，{share_zh}{unknown_zh}", status.label_zh()),
        format!("{}: {firms_en}, {share_en}{unknown_en}", status.label_en()),
    )
}

fn completeness(nodes: &[NodeDiagnosis], rule: &DiagnosisRule) -> Completeness {
    let total = nodes.len();
    let covered = nodes.iter().filter(|n| n.enterprise_count > 0).count();
    let mut weight_all = 0.0;
    let mut weight_covered = 0.0;
    for n in nodes {
        let w = rule.stage_weights.get(n.stage);
        weight_all += w;
        if n.enterprise_count > 0 {
            weight_covered += w;
        }
    }
    Completeness {
        // Both ≤ the node count, which fits in u32.
        covered_nodes: covered as u32,
        total_nodes: total as u32,
        // total > 0: diagnose rejects a chain without nodes.
        ratio: covered as f64 / total as f64,
        weighted_ratio: (weight_all > 0.0).then(|| weight_covered / weight_all),
    }
}

struct Scored<'a> {
    firm: &'a Firm,
    links: u64,
    score: f64,
}

/// Best first: higher score, then higher output, then lower index.
fn leader_order(a: &Scored, b: &Scored) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then(b.firm.output.total_cmp(&a.firm.output))
        .then(a.firm.enterprise.cmp(&b.firm.enterprise))
}

fn rank_leaders(
    firms: &[Firm],
    supply: &Supply,
    total_output: f64,
    rule: &DiagnosisRule,
) -> Vec<LeaderCandidate> {
    let links_of = |f: &Firm| {
        let e = f.enterprise as usize;
        u64::from(supply.as_buyer[e]) + u64::from(supply.as_supplier[e])
    };
    let max_output = firms.iter().map(|f| f.output).fold(0.0, f64::max);
    let max_links = firms.iter().map(links_of).max().unwrap_or(0);
    let out_part = |x: f64| {
        if max_output > 0.0 {
            x / max_output
        } else {
            0.0
        }
    };
    let link_part = |x: u64| {
        if max_links > 0 {
            x as f64 / max_links as f64
        } else {
            0.0
        }
    };
    let mut scored: Vec<Scored> = firms
        .iter()
        .map(|f| {
            let links = links_of(f);
            let raw = rule.leader_output_weight * out_part(f.output)
                + rule.leader_links_weight * link_part(links);
            Scored {
                firm: f,
                links,
                // Rounded to 1e-12 so that scores equal up to rounding noise tie.
                score: (raw * 1e12).round() / 1e12,
            }
        })
        .collect();
    let k = (rule.leader_count as usize).min(scored.len());
    if k == 0 {
        return Vec::new();
    }
    if k < scored.len() {
        scored.select_nth_unstable_by(k - 1, leader_order);
        scored.truncate(k);
    }
    scored.sort_unstable_by(leader_order);

    // Ranks: 1 + candidates strictly ahead on each criterion.
    let ranks: Vec<(u32, u32)> = if k <= 64 {
        let mut ranks = vec![(1u32, 1u32); k];
        for f in firms {
            let links = links_of(f);
            for (r, s) in ranks.iter_mut().zip(&scored) {
                r.0 += u32::from(f.output > s.firm.output);
                r.1 += u32::from(links > s.links);
            }
        }
        ranks
    } else {
        let mut outputs: Vec<f64> = firms.iter().map(|f| f.output).collect();
        outputs.sort_unstable_by(|a, b| b.total_cmp(a));
        let mut links: Vec<u64> = firms.iter().map(links_of).collect();
        links.sort_unstable_by(|a, b| b.cmp(a));
        scored
            .iter()
            .map(|s| {
                let o = outputs.partition_point(|&x| x > s.firm.output);
                let l = links.partition_point(|&x| x > s.links);
                (o as u32 + 1, l as u32 + 1)
            })
            .collect()
    };

    scored
        .iter()
        .zip(ranks)
        .map(|(s, (output_rank, links_rank))| {
            let f = s.firm;
            let e = f.enterprise as usize;
            let (buy, sell) = (supply.as_buyer[e], supply.as_supplier[e]);
            let output_share = (total_output > 0.0).then(|| f.output / total_output);
            let (wo, wl) = (rule.leader_output_weight, rule.leader_links_weight);
            let share_zh = output_share
                .map(|x| format!("，占全链本地产值 {}", pct(x)))
                .unwrap_or_default();
            let share_en = output_share
                .map(|x| format!(", {} of the chain's local output", pct(x)))
                .unwrap_or_default();
            let output_zh = if f.known {
                format!("链上产值 {} 万元", wan(f.output))
            } else {
                "链上产值未知（按 0 计）".to_string()
            };
            let output_en = if f.known {
                format!("chain output {} (万元)", wan(f.output))
            } else {
                "chain output unknown (counted as 0)".to_string()
            };
            let reason_zh = format!(
                "得分 {score:.3} = {wo} × {output_zh} ÷ 最大 {max} 万元 + {wl} × 本地供需联系 {n} 条\
                 （向本地采购 {buy} 条、向本地供货 {sell} 条）÷ 最多 {max_links} 条；\
                 产值第 {output_rank} 位、联系第 {links_rank} 位{share_zh}",
                score = s.score,
                max = wan(max_output),
                n = s.links,
            );
            let reason_en = format!(
                "score {score:.3} = {wo} × {output_en} ÷ largest {max} + {wl} × {n} local links \
                 ({buy} buying from local suppliers, {sell} supplying local buyers) ÷ most {max_links}; \
                 #{output_rank} by output, #{links_rank} by links{share_en}",
                score = s.score,
                max = wan(max_output),
                n = s.links,
            );
            LeaderCandidate {
                enterprise: f.enterprise,
                output: f.output,
                output_known: f.known,
                output_share,
                node_count: f.nodes,
                links_as_buyer: buy,
                links_as_supplier: sell,
                output_rank,
                links_rank,
                score: s.score,
                reason_zh,
                reason_en,
            }
        })
        .collect()
}
