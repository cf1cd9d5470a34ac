//! 补链价值: status factor × demand factor of the best chain node the candidate serves (see
//! [`crate::GapRule`]) — or of the best node of another chain that a served node supplies
//! (`to = "chain:node"` in its chain file) when that node's local firms buy from outside the
//! area: a local maker would fill the coupling gap (耦合发展), its demand being those outside
//! purchases.

use super::{Input, Verdict};
use crate::GapRule;
use crate::score::{CouplingDemand, NodeContext};
use crate::text::{grouped, num};
use liantu_model::NodeStatus;

/// Where the best score comes from: a served node, or a node of another chain it supplies.
enum Best<'a> {
    Node(&'a NodeContext),
    Coupling(&'a NodeContext, &'a CouplingDemand),
}

fn status_factor(g: &GapRule, status: NodeStatus) -> f64 {
    match status {
        NodeStatus::Missing => g.missing,
        NodeStatus::Weak => g.weak,
        NodeStatus::Potential => g.potential,
        NodeStatus::Strong => g.strong,
    }
}

fn demand_factor(g: &GapRule, demand: f64) -> f64 {
    let d = demand.max(0.0);
    g.demand_floor + (1.0 - g.demand_floor) * d / (d + g.demand_half)
}

pub(super) fn score(input: &Input) -> Verdict {
    let g = &input.rule.chain_gap;
    // The served nodes first, then the couplings they feed: a tie keeps the first.
    let options = input
        .nodes
        .iter()
        .map(|n| (n.status, n.local_demand, Best::Node(n)))
        .chain(input.nodes.iter().flat_map(|n| {
            n.couplings
                .iter()
                .map(move |c| (c.status, c.outside_value, Best::Coupling(n, c)))
        }));
    let mut best: Option<(f64, f64, f64, Best)> = None;
    for (status, d, from) in options {
        let (factor, demand) = (status_factor(g, status), demand_factor(g, d));
        let s = factor * demand;
        if best.as_ref().is_none_or(|(b, ..)| s > *b) {
            best = Some((s, factor, demand, from));
        }
    }
    let unknown = input.unknown_nodes;
    let unknown_zh = || {
        if unknown.is_empty() {
            String::new()
        } else {
            format!("（{} 不在已安装的产业链中）", unknown.join("、"))
        }
    };
    let unknown_en = || {
        if unknown.is_empty() {
            String::new()
        } else {
            format!(" ({} not in an installed chain)", unknown.join(", "))
        }
    };
    let Some((s, factor, demand, from)) = best else {
        return Verdict::new(input, 0.0, || {
            (
                format!("未对应本市产业链环节{}", unknown_zh()),
                format!("serves no chain node of the region{}", unknown_en()),
            )
        });
    };
    Verdict::new(input, s, || match from {
        Best::Node(n) => {
            let fills = matches!(n.status, NodeStatus::Missing | NodeStatus::Weak);
            let est_zh = if n.demand_estimated { "，估算" } else { "" };
            let est_en = if n.demand_estimated { ", estimate" } else { "" };
            (
                format!(
                    "{}{}环节“{}”（系数 {}），本地需求 {} 万元{est_zh}（需求系数 {}）：{} × {} = {}{}",
                    if fills { "填补" } else { "进入" },
                    n.status.label_zh(),
                    n.name_zh,
                    num(factor, 2),
                    grouped(n.local_demand),
                    num(demand, 3),
                    num(factor, 2),
                    num(demand, 3),
                    num(s, 3),
                    unknown_zh()
                ),
                format!(
                    "{} {} node '{}' (factor {}), local demand {} 万元{est_en} (demand factor {}): {} × {} = {}{}",
                    if fills { "fills" } else { "joins" },
                    n.status.label_en(),
                    n.name_en,
                    num(factor, 2),
                    grouped(n.local_demand),
                    num(demand, 3),
                    num(factor, 2),
                    num(demand, 3),
                    num(s, 3),
                    unknown_en()
                ),
            )
        }
        Best::Coupling(n, c) => (
            format!(
                "跨链补链：“{}”的产品供{}链{}环节“{}”（系数 {}），该环节本地企业从外地采购 {} 万元（需求系数 {}）：{} × {} = {}{}",
                n.name_zh,
                c.chain_zh,
                c.status.label_zh(),
                c.name_zh,
                num(factor, 2),
                grouped(c.outside_value),
                num(demand, 3),
                num(factor, 2),
                num(demand, 3),
                num(s, 3),
                unknown_zh()
            ),
            format!(
                "cross-chain gap: '{}' supplies the {} node '{}' of {} (factor {}), whose local firms buy {} 万元 from outside (demand factor {}): {} × {} = {}{}",
                n.name_en,
                c.status.label_en(),
                c.name_en,
                c.chain_en,
                num(factor, 2),
                grouped(c.outside_value),
                num(demand, 3),
                num(factor, 2),
                num(demand, 3),
                num(s, 3),
                unknown_en()
            ),
        ),
    })
}
