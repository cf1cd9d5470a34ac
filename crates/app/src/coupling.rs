//! Cross-chain coupling (产业链群、耦合发展) of an area: how much each chain's firms sell to the
//! firms of another, how much of a chain's inputs from another chain it buys locally, and where
//! a local chain could supply another but does not yet.
//!
//! - **Flow A → B**: supply links bought by the area's firms on chain B from firms that belong to
//!   chain A (A ≠ B), in the year of B's links its diagnosis uses: count and 万元, and the part
//!   whose supplier is in the area. A supplier on several chains counts for each, and one on B
//!   as well as A counts for A.
//! - **Cross-chain 本地配套率 of B from A**: over B's nodes that chain A's file links into
//!   (`to = "B:X"`: X's product is what A's node makes or could make), the value B's local firms
//!   bought on them from local firms of A ÷ all the value they bought on them (any supplier,
//!   anywhere).
//! - **Coupling gap**: a link A:Y → B:X where Y has local firms while B's local firms buy X from
//!   outside the area: the local makers of Y could supply it. Besides the links chain files
//!   declare, a pair whose nodes share a GB/T 4754 小类 (four-digit industry code) is a gap too,
//!   marked with that 小类: the same trade, by the classification. (The 中类 was tried: it paired
//!   every basic chemical with battery-grade lithium carbonate.) Ordered by the value bought
//!   outside. The ranking's 补链价值 weighs the same gaps for a candidate on Y (whether or not Y
//!   has local firms yet): `liantu_invest::CouplingDemand`, filled in `invest::context`.

use crate::diagnosis::{ChainRef, DiagnosisReport, NodeView, RegionRef};
use crate::{App, Result};
use liantu_model::{NodeStatus, RegionCode};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainFlow {
    pub supplier: ChainRef,
    pub buyer: ChainRef,
    pub links: i64,
    /// 万元.
    pub value: f64,
    pub local_links: i64,
    pub local_value: f64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrossSupply {
    pub supplier: ChainRef,
    pub buyer: ChainRef,
    /// The buyer's nodes the supplier chain links into.
    pub nodes: Vec<String>,
    /// Bought on those nodes from anyone, 万元.
    pub bought: f64,
    /// Of that, from the area's firms of the supplier chain.
    pub local_from_supplier: f64,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouplingGap {
    pub supplier: ChainRef,
    pub supplier_node: String,
    pub supplier_node_zh: String,
    pub supplier_node_en: String,
    pub supplier_firms: u32,
    pub supplier_output: f64,
    pub buyer: ChainRef,
    pub buyer_node: String,
    pub buyer_node_zh: String,
    pub buyer_node_en: String,
    pub buyer_status: NodeStatus,
    pub outside_links: u64,
    /// Bought by the buyer node's local firms from outside the area, 万元.
    pub outside_value: f64,
    /// Why the supplier could make it: a chain file's cross-chain edge (`None`), or the
    /// GB/T 4754 小类 the two nodes' industry codes share (`Some("2613")`).
    pub same_industry: Option<String>,
}

/// One side of a cross-chain edge: a node and what the map shows of it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EdgeEnd {
    pub chain: ChainRef,
    pub node: String,
    pub name_zh: String,
    pub name_en: String,
    pub stage: liantu_model::Stage,
    pub status: NodeStatus,
    pub firms: u32,
}

/// A cross-chain edge of a chain file (`to = "chain:node"`) with what the buyer node's local
/// firms bought on it: in all, from the area's firms of the supplier chain, and from outside.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouplingEdge {
    pub supplier: EdgeEnd,
    pub buyer: EdgeEnd,
    /// 万元.
    pub bought: f64,
    pub local_from_supplier: f64,
    pub outside_value: f64,
}

/// A chain of the group: its local output and firms (a band of the map).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainBand {
    pub chain: ChainRef,
    pub output: f64,
    pub firms: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouplingView {
    pub region: RegionRef,
    pub year: Option<i32>,
    pub link_year: Option<i32>,
    pub chains: Vec<ChainRef>,
    pub flows: Vec<ChainFlow>,
    pub cross_supply: Vec<CrossSupply>,
    pub gaps: Vec<CouplingGap>,
    /// Every cross-chain edge between the area's chains, in chain-file order.
    pub edges: Vec<CouplingEdge>,
    pub bands: Vec<ChainBand>,
    pub illustrative: bool,
}

impl App {
    /// The area's coupling between its chains (see the module docs), cached per revision.
    pub async fn coupling(&self, region: RegionCode, year: Option<i32>) -> Result<CouplingView> {
        let view = self
            .cached_view(&self.caches.couplings, (region, year), async || {
                self.build_coupling(region, year).await
            })
            .await?;
        Ok(view.as_ref().clone())
    }

    async fn build_coupling(&self, region: RegionCode, year: Option<i32>) -> Result<CouplingView> {
        let summaries = self.chains().await?;
        let ids: Vec<&str> = summaries.iter().map(|c| c.id.as_str()).collect();
        let reports: Vec<Arc<DiagnosisReport>> = self.chain_diagnoses(&ids, region, year).await?;
        let mut chains = Vec::new();
        for c in &summaries {
            chains.push(self.chain(&c.id).await?);
        }
        // Each buying chain's links of the year its diagnosis used, so a rate's numerator and
        // denominator cover the same links.
        let mut flows = Vec::new();
        for r in &reports {
            if let Some(y) = r.link_year {
                flows.extend(self.store.coupling_flows(&region, &r.chain.id, y).await?);
            }
        }
        let link_year = reports.iter().filter_map(|r| r.link_year).max();
        let report_of = |id: &str| reports.iter().find(|r| r.chain.id == id);
        let chain_ref = |id: &str| report_of(id).map(|r| r.chain.clone());
        let mut pairs: Vec<ChainFlow> = Vec::new();
        for f in &flows {
            let (Some(supplier), Some(buyer)) =
                (chain_ref(&f.supplier_chain), chain_ref(&f.buyer_chain))
            else {
                continue;
            };
            match pairs
                .iter_mut()
                .find(|p| p.supplier.id == supplier.id && p.buyer.id == buyer.id)
            {
                Some(p) => {
                    p.links += f.links;
                    p.value += f.value;
                    p.local_links += f.local_links;
                    p.local_value += f.local_value;
                }
                None => pairs.push(ChainFlow {
                    supplier,
                    buyer,
                    links: f.links,
                    value: f.value,
                    local_links: f.local_links,
                    local_value: f.local_value,
                }),
            }
        }
        let mut cross_supply = Vec::new();
        let mut gaps = Vec::new();
        let mut edges = Vec::new();
        for chain in &chains {
            let Some(from) = report_of(&chain.id) else {
                continue;
            };
            let mut targets: Vec<(&str, Vec<&str>)> = Vec::new();
            for e in &chain.cross_edges {
                let Some(to) = report_of(&e.to_chain) else {
                    continue;
                };
                let (Some(y), Some(x)) = (node(from, &e.from), node(to, &e.to_node)) else {
                    continue;
                };
                match targets.iter_mut().find(|(c, _)| *c == e.to_chain) {
                    Some((_, nodes)) if !nodes.contains(&e.to_node.as_str()) => {
                        nodes.push(&e.to_node);
                    }
                    Some(_) => {}
                    None => targets.push((&e.to_chain, vec![&e.to_node])),
                }
                let outside_value = x.local_supply.total_value - x.local_supply.local_value;
                let end = |r: &DiagnosisReport, n: &NodeView| EdgeEnd {
                    chain: r.chain.clone(),
                    node: n.id.clone(),
                    name_zh: n.name_zh.clone(),
                    name_en: n.name_en.clone(),
                    stage: n.stage,
                    status: n.status,
                    firms: n.enterprise_count,
                };
                edges.push(CouplingEdge {
                    supplier: end(from, y),
                    buyer: end(to, x),
                    bought: x.local_supply.total_value,
                    local_from_supplier: flows
                        .iter()
                        .filter(|f| {
                            f.supplier_chain == chain.id
                                && f.buyer_chain == e.to_chain
                                && f.node == e.to_node
                        })
                        .fold(0.0, |sum, f| sum + f.local_value),
                    outside_value,
                });
                if y.enterprise_count > 0 && outside_value > 0.0 {
                    gaps.push(gap(from, y, to, x, None));
                }
            }
            for (buyer_id, nodes) in targets {
                let Some(to) = report_of(buyer_id) else {
                    continue;
                };
                // Folded from +0.0: an empty f64 sum is -0.0, shown as "-0.0%".
                let bought = nodes
                    .iter()
                    .filter_map(|n| node(to, n))
                    .fold(0.0, |sum, x| sum + x.local_supply.total_value);
                let local_from_supplier = flows
                    .iter()
                    .filter(|f| {
                        f.supplier_chain == chain.id
                            && f.buyer_chain == buyer_id
                            && nodes.contains(&f.node.as_str())
                    })
                    .fold(0.0, |sum, f| sum + f.local_value);
                cross_supply.push(CrossSupply {
                    supplier: from.chain.clone(),
                    buyer: to.chain.clone(),
                    nodes: nodes.iter().map(|n| n.to_string()).collect(),
                    bought,
                    local_from_supplier,
                    rate: (bought > 0.0).then(|| local_from_supplier / bought),
                });
            }
        }
        gaps.extend(industry_gaps(&reports, &chains, &gaps));
        gaps.sort_by(|a, b| b.outside_value.total_cmp(&a.outside_value));
        let first = reports.first();
        Ok(CouplingView {
            region: match first {
                Some(r) => r.region.clone(),
                None => self.region_ref(&region).await?,
            },
            year: first.and_then(|r| r.year),
            link_year,
            chains: reports.iter().map(|r| r.chain.clone()).collect(),
            flows: pairs,
            cross_supply,
            gaps,
            edges,
            bands: reports
                .iter()
                .map(|r| ChainBand {
                    chain: r.chain.clone(),
                    output: r.total_output,
                    firms: r.local_enterprises,
                })
                .collect(),
            illustrative: reports.iter().any(|r| r.illustrative),
        })
    }
}

/// Gaps no chain file declares: a node of one chain with local firms, and a node of another
/// whose local firms buy from outside, sharing a GB/T 4754 小类 (four-digit code) — the local
/// makers' trade is the product's. Pairs a file links are left to it.
fn industry_gaps(
    reports: &[Arc<DiagnosisReport>],
    chains: &[Arc<liantu_model::chain::Chain>],
    declared: &[CouplingGap],
) -> Vec<CouplingGap> {
    let linked = |a: &str, y: &str, b: &str, x: &str| {
        chains.iter().any(|c| {
            c.id == a
                && c.cross_edges
                    .iter()
                    .any(|e| e.from == y && e.to_chain == b && e.to_node == x)
        }) || declared.iter().any(|g| {
            g.supplier.id == a && g.supplier_node == y && g.buyer.id == b && g.buyer_node == x
        })
    };
    let group = |code: &liantu_model::IndustryCode| code.as_str().get(..4).map(str::to_string);
    let mut gaps = Vec::new();
    for from in reports {
        for to in reports.iter().filter(|r| r.chain.id != from.chain.id) {
            for y in from.nodes.iter().filter(|y| y.enterprise_count > 0) {
                for x in &to.nodes {
                    let outside_value = x.local_supply.total_value - x.local_supply.local_value;
                    if outside_value <= 0.0 || linked(&from.chain.id, &y.id, &to.chain.id, &x.id) {
                        continue;
                    }
                    let shared = y
                        .industry_codes
                        .iter()
                        .filter_map(group)
                        .find(|g| x.industry_codes.iter().filter_map(group).any(|h| &h == g));
                    let Some(shared) = shared else { continue };
                    gaps.push(gap(from, y, to, x, Some(shared)));
                }
            }
        }
    }
    gaps
}

/// The gap of supplying node `y` of `from` to buying node `x` of `to`.
fn gap(
    from: &DiagnosisReport,
    y: &NodeView,
    to: &DiagnosisReport,
    x: &NodeView,
    same_industry: Option<String>,
) -> CouplingGap {
    CouplingGap {
        supplier: from.chain.clone(),
        supplier_node: y.id.clone(),
        supplier_node_zh: y.name_zh.clone(),
        supplier_node_en: y.name_en.clone(),
        supplier_firms: y.enterprise_count,
        supplier_output: y.output,
        buyer: to.chain.clone(),
        buyer_node: x.id.clone(),
        buyer_node_zh: x.name_zh.clone(),
        buyer_node_en: x.name_en.clone(),
        buyer_status: x.status,
        outside_links: x.local_supply.link_count - x.local_supply.local_link_count,
        outside_value: x.local_supply.total_value - x.local_supply.local_value,
        same_industry,
    }
}

fn node<'a>(report: &'a DiagnosisReport, id: &str) -> Option<&'a NodeView> {
    report.nodes.iter().find(|n| n.id == id)
}

/// Flows between chains, one row per (supplier chain, buyer chain).
pub fn coupling_flow_table(view: &CouplingView) -> Table {
    let mut t = Table::new(
        Text::new(
            "产业链之间的供应（耦合矩阵）",
            "Supply between chains (coupling matrix)",
        ),
        vec![
            Column::new(
                "supplier",
                "供应方产业链",
                "Supplying chain",
                ColumnKind::Local,
            ),
            Column::new("buyer", "采购方产业链", "Buying chain", ColumnKind::Local),
            Column::new("links", "供应关系（条）", "Links", ColumnKind::Count),
            Column::new(
                "value",
                "金额（万元）",
                "Value (10k yuan)",
                ColumnKind::Money,
            ),
            Column::new(
                "local_links",
                "其中本地（条）",
                "Local links",
                ColumnKind::Count,
            ),
            Column::new(
                "local_value",
                "本地金额（万元）",
                "Local value (10k yuan)",
                ColumnKind::Money,
            ),
            Column::new(
                "local_share",
                "本地占比",
                "Local share",
                ColumnKind::Percent,
            ),
        ],
    );
    for f in &view.flows {
        t.push(vec![
            Cell::local(f.supplier.name_zh.clone(), f.supplier.name_en.clone()),
            Cell::local(f.buyer.name_zh.clone(), f.buyer.name_en.clone()),
            Cell::Count(f.links),
            Cell::Money(f.value),
            Cell::Count(f.local_links),
            Cell::Money(f.local_value),
            Cell::optional(
                (f.value > 0.0).then(|| f.local_value / f.value),
                Cell::Percent,
            ),
        ]);
    }
    t
}

/// Cross-chain 本地配套率, one row per chain that links into another.
pub fn cross_supply_table(view: &CouplingView) -> Table {
    let mut t = Table::new(
        Text::new("跨链本地配套率", "Cross-chain local supply"),
        vec![
            Column::new("buyer", "采购方产业链", "Buying chain", ColumnKind::Local),
            Column::new("supplier", "来自产业链", "From chain", ColumnKind::Local),
            Column::new("nodes", "涉及环节（个）", "Nodes", ColumnKind::Count),
            Column::new(
                "bought",
                "这些环节的采购额（万元）",
                "Bought on them (10k yuan)",
                ColumnKind::Money,
            ),
            Column::new(
                "local",
                "向本地该链企业采购（万元）",
                "From local firms of that chain",
                ColumnKind::Money,
            ),
            Column::new(
                "rate",
                "跨链本地配套率",
                "Cross-chain local supply rate",
                ColumnKind::Percent,
            ),
        ],
    );
    for c in &view.cross_supply {
        t.push(vec![
            Cell::local(c.buyer.name_zh.clone(), c.buyer.name_en.clone()),
            Cell::local(c.supplier.name_zh.clone(), c.supplier.name_en.clone()),
            Cell::Count(c.nodes.len() as i64),
            Cell::Money(c.bought),
            Cell::Money(c.local_from_supplier),
            Cell::optional(c.rate, Cell::Percent),
        ]);
    }
    t
}

/// Coupling gaps, largest outside purchase first.
pub fn coupling_gap_table(view: &CouplingView) -> Table {
    let mut t = Table::new(
        Text::new(
            "耦合缺口：本地能做、却从外地买",
            "Coupling gaps: made locally, bought elsewhere",
        ),
        vec![
            Column::new(
                "supplier",
                "供应方（本地）",
                "Supplier (local)",
                ColumnKind::Local,
            ),
            Column::new(
                "supplier_firms",
                "本地企业（家）",
                "Local firms",
                ColumnKind::Count,
            ),
            Column::new(
                "supplier_output",
                "产值（万元）",
                "Output (10k yuan)",
                ColumnKind::Money,
            ),
            Column::new("buyer", "采购方环节", "Buying node", ColumnKind::Local),
            Column::new(
                "buyer_status",
                "采购方环节状态",
                "Its status",
                ColumnKind::Label { badge: true },
            ),
            Column::new(
                "outside_links",
                "外地采购（条）",
                "Bought outside (links)",
                ColumnKind::Count,
            ),
            Column::new(
                "outside_value",
                "外地采购（万元）",
                "Bought outside (10k yuan)",
                ColumnKind::Money,
            ),
            Column::new("basis", "依据", "Basis", ColumnKind::Local),
        ],
    );
    for g in &view.gaps {
        t.push(vec![
            Cell::local(
                format!("{}（{}）", g.supplier_node_zh, g.supplier.name_zh),
                format!("{} · {}", g.supplier.name_en, g.supplier_node_en),
            ),
            Cell::Count(i64::from(g.supplier_firms)),
            Cell::Money(g.supplier_output),
            Cell::local(
                format!("{}（{}）", g.buyer_node_zh, g.buyer.name_zh),
                format!("{} · {}", g.buyer.name_en, g.buyer_node_en),
            ),
            Cell::label(
                g.buyer_status.key(),
                g.buyer_status.label_zh(),
                g.buyer_status.label_en(),
            ),
            Cell::Count(g.outside_links as i64),
            Cell::Money(g.outside_value),
            match &g.same_industry {
                None => Cell::local("产业链文件的跨链环节", "a chain file's cross-chain edge"),
                Some(code) => Cell::local(
                    format!("同属行业小类 {code}"),
                    format!("same industry class {code}"),
                ),
            },
        ]);
    }
    t
}

/// The coupling matrix: a row per supplying chain, a column per buying chain, each cell the value
/// bought and its local share ("—" where nothing was bought).
pub fn coupling_matrix_table(view: &CouplingView) -> Table {
    let mut columns = vec![Column::new(
        "supplier",
        "供应方 \\ 采购方",
        "Supplier \\ buyer",
        ColumnKind::Local,
    )];
    for b in &view.bands {
        columns.push(Column::new(
            &format!("to-{}", b.chain.id),
            &b.chain.name_zh,
            &b.chain.name_en,
            ColumnKind::Local,
        ));
    }
    let mut t = Table::new(
        Text::new(
            "耦合矩阵（万元，括号内为本地供应方占比）",
            "Coupling matrix (10k yuan; local suppliers' share in brackets)",
        ),
        columns,
    );
    for s in &view.bands {
        let mut row = vec![Cell::local(
            s.chain.name_zh.clone(),
            s.chain.name_en.clone(),
        )];
        for b in &view.bands {
            let flow = view
                .flows
                .iter()
                .find(|f| f.supplier.id == s.chain.id && f.buyer.id == b.chain.id);
            row.push(match flow {
                Some(f) if f.value > 0.0 => {
                    let share = liantu_table::percent(f.local_value / f.value);
                    let money = liantu_table::money(f.value);
                    Cell::local(
                        format!("{money}（本地 {share}）"),
                        format!("{money} (local {share})"),
                    )
                }
                _ if s.chain.id == b.chain.id => Cell::Empty,
                _ => Cell::local("—", "—"),
            });
        }
        t.push(row);
    }
    t
}
