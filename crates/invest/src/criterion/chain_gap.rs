//! 补链价值: status factor × demand factor of the best chain node the candidate serves (see
//! [`crate::GapRule`]).

use super::{Input, Verdict};
use crate::score::NodeContext;
use crate::text::{grouped, num};
use liantu_model::NodeStatus;

pub(super) fn score(input: &Input) -> Verdict {
    let g = &input.rule.chain_gap;
    let mut best: Option<(f64, f64, f64, &NodeContext)> = None;
    for n in input.nodes {
        let factor = match n.status {
            NodeStatus::Missing => g.missing,
            NodeStatus::Weak => g.weak,
            NodeStatus::Potential => g.potential,
            NodeStatus::Strong => g.strong,
        };
        let d = n.local_demand.max(0.0);
        let demand = g.demand_floor + (1.0 - g.demand_floor) * d / (d + g.demand_half);
        let s = factor * demand;
        if best.is_none_or(|(b, ..)| s > b) {
            best = Some((s, factor, demand, n));
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
    let Some((s, factor, demand, n)) = best else {
        return Verdict::new(input, 0.0, || {
            (
                format!("未对应本市产业链环节{}", unknown_zh()),
                format!("serves no chain node of the region{}", unknown_en()),
            )
        });
    };
    Verdict::new(input, s, || {
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
    })
}
