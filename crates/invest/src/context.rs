//! Building the scoring context of one chain from its definition and its diagnosis (pure).

use crate::candidate::NodeKey;
use crate::io::{IoAnalysis, IoTable, NodeSectorMap};
use crate::score::NodeContext;
use liantu_analysis::Diagnosis;
use liantu_chain::Chain;
use liantu_model::EdgeKind;
use std::collections::BTreeSet;

/// An imported IO table with its Leontief model and the node mapping that fits it.
#[derive(Debug, Clone, Copy)]
pub struct IoLink<'a> {
    pub table: &'a IoTable,
    pub analysis: &'a IoAnalysis,
    pub map: &'a NodeSectorMap,
}

impl IoLink<'_> {
    fn sector(&self, chain: &str, node: &str) -> Option<usize> {
        self.map
            .sector(chain, node)
            .and_then(|code| self.table.sector_index(code))
    }
}

/// One [`NodeContext`] per node of `chain`, from `diagnosis` (which must be of that chain).
///
/// - local demand = value local buyers spent on the node's product (its supply links); when the
///   node has no links, an estimate Σ over edges node → m of coefficient × local output of m,
///   with the edge's coefficient or, without one, the IO direct requirement a(sector of node,
///   sector of m);
/// - local suppliers / buyers = distinct local firms on the nodes with an edge into / out of it;
/// - neighbours = distinct adjacent nodes, covered = those with a local firm;
/// - output multiplier = column sum of the Leontief inverse for the node's sector.
pub fn node_contexts(
    chain: &Chain,
    diagnosis: &Diagnosis,
    io: Option<IoLink<'_>>,
) -> Vec<NodeContext> {
    let index = |id: &str| chain.node_index(id);
    chain
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let d = diagnosis.nodes.get(i);
            let mut suppliers = BTreeSet::new();
            let mut buyers = BTreeSet::new();
            let mut neighbours = BTreeSet::new();
            let mut estimate = 0.0;
            let my_sector = io.and_then(|l| l.sector(&chain.id, &node.id));
            for e in &chain.edges {
                let (other, outgoing) = if e.from == node.id {
                    (index(&e.to), true)
                } else if e.to == node.id {
                    (index(&e.from), false)
                } else {
                    continue;
                };
                let Some(j) = other else { continue };
                neighbours.insert(j);
                let Some(dj) = diagnosis.nodes.get(j) else {
                    continue;
                };
                let set = if outgoing {
                    &mut buyers
                } else {
                    &mut suppliers
                };
                set.extend(dj.members.iter().map(|m| m.enterprise));
                if outgoing && e.kind == EdgeKind::Supplies {
                    let coefficient = e.coefficient.or_else(|| {
                        let l = io?;
                        let to = l.sector(&chain.id, &e.to)?;
                        Some(l.analysis.a(my_sector?, to))
                    });
                    if let Some(c) = coefficient {
                        estimate += c * dj.output;
                    }
                }
            }
            let covered = neighbours
                .iter()
                .filter(|&&j| {
                    diagnosis
                        .nodes
                        .get(j)
                        .is_some_and(|n| n.enterprise_count > 0)
                })
                .count();
            let (local_demand, estimated) = match d {
                Some(d) if d.local_supply.link_count > 0 => (d.local_supply.total_value, false),
                _ => (estimate, true),
            };
            let (multiplier, sector) = match (io, my_sector) {
                (Some(l), Some(s)) => (
                    l.analysis.output_multipliers.get(s).copied(),
                    Some(format!(
                        "{} {}",
                        l.table.sectors[s].code, l.table.sectors[s].name_zh
                    )),
                ),
                _ => (None, None),
            };
            NodeContext {
                key: NodeKey::new(&chain.id, &node.id),
                name_zh: node.name_zh.clone(),
                name_en: node.name_en.clone(),
                status: d.map_or(liantu_model::NodeStatus::Missing, |d| d.status),
                local_demand,
                demand_estimated: estimated,
                local_suppliers: suppliers.len() as u32,
                local_buyers: buyers.len() as u32,
                neighbours: neighbours.len() as u32,
                covered_neighbours: covered as u32,
                output_multiplier: multiplier,
                io_sector: sector,
                couplings: Vec::new(),
            }
        })
        .collect()
}
