//! Chain diagnosis as a report: the engine's result joined with names, codes, sources and dates.
//! Its JSON form is the documented output of `liantu diagnose --format json` (see README).

use crate::{AppError, Result};
use liantu_analysis::{
    Completeness, DiagnosisInput, DiagnosisRule, EnterpriseRef, Membership, NodeRef, StageSummary,
    SupplyLink, SupplyRate, diagnose,
};
use liantu_model::records::SourceKind;
use liantu_model::{IndustryCode, NodeStatus, RegionCode, Stage};
use liantu_store::Store;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// What to diagnose.
#[derive(Debug, Clone)]
pub struct DiagnosisRequest {
    pub chain: String,
    pub region: RegionCode,
    /// Year of enterprise figures; `None` = the latest year with data.
    pub year: Option<i32>,
    pub rule: DiagnosisRule,
}

impl DiagnosisRequest {
    pub fn new(chain: &str, region: RegionCode) -> Self {
        DiagnosisRequest {
            chain: chain.to_string(),
            region,
            year: None,
            rule: DiagnosisRule::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ChainRef {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionRef {
    pub code: RegionCode,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub id: String,
    pub kind: SourceKind,
    pub title_zh: String,
    pub title_en: String,
    pub publisher: String,
    pub published: String,
}

impl From<liantu_model::records::Source> for SourceRef {
    fn from(s: liantu_model::records::Source) -> Self {
        SourceRef {
            id: s.id,
            kind: s.kind,
            title_zh: s.title_zh,
            title_en: s.title_en,
            publisher: s.publisher,
            published: s.published,
        }
    }
}

/// An enterprise's figure on a node.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseFigure {
    pub uscc: String,
    pub name: String,
    /// Output attributed to this node, 万元; `None` when the firm's output is unknown.
    pub output: Option<f64>,
    pub share_of_node: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskView {
    pub uscc: String,
    pub name: String,
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeView {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub stage: Stage,
    pub industry_codes: Vec<IndustryCode>,
    pub status: NodeStatus,
    pub status_zh: &'static str,
    pub reason_zh: String,
    pub reason_en: String,
    pub enterprise_count: u32,
    pub unknown_output_count: u32,
    /// 万元.
    pub output: f64,
    pub output_share: Option<f64>,
    pub local_supply: SupplyRate,
    pub single_supplier_risk: Option<RiskView>,
    pub enterprises: Vec<EnterpriseFigure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeaderView {
    pub uscc: String,
    pub name: String,
    pub output: f64,
    pub output_share: Option<f64>,
    pub node_count: u32,
    pub links_as_buyer: u32,
    pub links_as_supplier: u32,
    pub score: f64,
    pub reason_zh: String,
    pub reason_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiagnosisReport {
    pub chain: ChainRef,
    pub region: RegionRef,
    /// Year of the enterprise figures.
    pub year: Option<i32>,
    /// Year of the supply links.
    pub link_year: Option<i32>,
    pub rule: DiagnosisRule,
    pub rule_zh: String,
    pub rule_en: String,
    /// Local output of the chain, 万元.
    pub total_output: f64,
    pub local_enterprises: u32,
    pub completeness: Completeness,
    pub local_supply: SupplyRate,
    pub by_stage: Vec<StageSummary>,
    pub nodes: Vec<NodeView>,
    pub leaders: Vec<LeaderView>,
    /// Memberships or links naming a node the chain no longer has (left out, counted here).
    pub ignored_rows: usize,
    /// Every source behind the figures, and the latest as-of date among them.
    pub sources: Vec<SourceRef>,
    pub as_of: Option<String>,
    /// True when any figure comes from an illustrative (made-up) source.
    pub illustrative: bool,
    /// One line naming the sources, for tables and footers.
    pub sources_note: String,
}

pub async fn chain_diagnosis(store: &Store, request: &DiagnosisRequest) -> Result<DiagnosisReport> {
    Ok(build(store, request).await?.0)
}

/// A firm on one side of a node's supply links, with the value it accounts for.
#[derive(Debug, Clone, Serialize)]
pub struct Counterparty {
    /// `None` for a supplier outside the data set.
    pub uscc: Option<String>,
    pub name: String,
    pub region: RegionCode,
    pub local: bool,
    /// 万元 per year.
    pub value: f64,
    pub links: u32,
}

/// A neighbouring node along a chain edge.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: liantu_model::EdgeKind,
    pub status: NodeStatus,
}

/// Everything the node page shows.
#[derive(Debug, Clone, Serialize)]
pub struct NodeDetail {
    pub chain: ChainRef,
    pub region: RegionRef,
    pub year: Option<i32>,
    pub link_year: Option<i32>,
    pub node: NodeView,
    /// Who supplies this node's product to local buyers (local first, then by value).
    pub suppliers: Vec<Counterparty>,
    /// Local buyers of this node's product.
    pub buyers: Vec<Counterparty>,
    /// Nodes feeding this one, and nodes it feeds.
    pub inputs: Vec<Neighbour>,
    pub outputs: Vec<Neighbour>,
    pub sources: Vec<SourceRef>,
    pub as_of: Option<String>,
    pub illustrative: bool,
}

/// The node page: `None` when the chain has no such node.
pub async fn node_detail(
    store: &Store,
    request: &DiagnosisRequest,
    node_id: &str,
) -> Result<Option<NodeDetail>> {
    let (report, data, chain) = build(store, request).await?;
    let Some(node) = report.nodes.iter().find(|n| n.id == node_id).cloned() else {
        return Ok(None);
    };
    let names: HashMap<&str, &liantu_store::EnterpriseRow> = data
        .enterprises
        .iter()
        .map(|e| (e.uscc.as_str(), e))
        .collect();
    let mut suppliers: Vec<Counterparty> = Vec::new();
    let mut buyers: Vec<Counterparty> = Vec::new();
    let add = |list: &mut Vec<Counterparty>,
               uscc: Option<&str>,
               name: &str,
               region: RegionCode,
               value: f64| {
        let local = request.region.contains(&region);
        match list
            .iter_mut()
            .find(|c| c.uscc.as_deref() == uscc && c.name == name)
        {
            Some(c) => {
                c.value += value;
                c.links += 1;
            }
            None => list.push(Counterparty {
                uscc: uscc.map(str::to_string),
                name: name.to_string(),
                region,
                local,
                value,
                links: 1,
            }),
        }
    };
    for link in data.links.iter().filter(|l| l.node == node_id) {
        let Some(buyer) = names.get(link.buyer.as_str()) else {
            continue;
        };
        if !request.region.contains(&buyer.region) {
            continue;
        }
        let supplier = link.supplier.as_deref().and_then(|s| names.get(s));
        let (supplier_name, supplier_region) = match supplier {
            Some(s) => (s.name.as_str(), s.region),
            None => (link.supplier_name.as_str(), link.supplier_region),
        };
        add(
            &mut suppliers,
            link.supplier.as_deref(),
            supplier_name,
            supplier_region,
            link.value,
        );
        add(
            &mut buyers,
            Some(&buyer.uscc),
            &buyer.name,
            buyer.region,
            link.value,
        );
    }
    let by_value = |a: &Counterparty, b: &Counterparty| {
        b.local
            .cmp(&a.local)
            .then(b.value.total_cmp(&a.value))
            .then(a.name.cmp(&b.name))
    };
    suppliers.sort_by(by_value);
    buyers.sort_by(by_value);
    let status_of = |id: &str| {
        report
            .nodes
            .iter()
            .find(|n| n.id == id)
            .map_or(NodeStatus::Missing, |n| n.status)
    };
    let neighbour = |id: &str, kind| {
        chain.node(id).map(|n| Neighbour {
            id: n.id.clone(),
            name_zh: n.name_zh.clone(),
            name_en: n.name_en.clone(),
            kind,
            status: status_of(id),
        })
    };
    let inputs = chain
        .edges_to(node_id)
        .filter_map(|e| neighbour(&e.from, e.kind))
        .collect();
    let outputs = chain
        .edges_from(node_id)
        .filter_map(|e| neighbour(&e.to, e.kind))
        .collect();
    Ok(Some(NodeDetail {
        chain: report.chain,
        region: report.region,
        year: report.year,
        link_year: report.link_year,
        node,
        suppliers,
        buyers,
        inputs,
        outputs,
        sources: report.sources,
        as_of: report.as_of,
        illustrative: report.illustrative,
    }))
}

async fn build(
    store: &Store,
    request: &DiagnosisRequest,
) -> Result<(
    DiagnosisReport,
    liantu_store::ChainData,
    liantu_chain::Chain,
)> {
    let chain = store
        .chain(&request.chain)
        .await?
        .ok_or_else(|| AppError::UnknownChain(request.chain.clone()))?;
    let region = store
        .regions()
        .await?
        .into_iter()
        .find(|r| r.code == request.region)
        .ok_or_else(|| AppError::UnknownRegion(request.region.to_string()))?;
    let data = store.chain_data(&chain.id, request.year).await?;

    let input = diagnosis_input(&chain, &data);
    // Rows naming a node the chain no longer has (or an unknown firm) are left out and counted.
    let ignored_rows =
        (data.memberships.len() - input.memberships.len()) + (data.links.len() - input.links.len());
    let mut used_sources: BTreeSet<String> = data
        .memberships
        .iter()
        .map(|m| m.source.clone())
        .chain(data.links.iter().map(|l| l.source.clone()))
        .collect();
    let result = diagnose(&input, &request.region, &request.rule)?;

    let firm = |i: u32| &data.enterprises[i as usize];
    let mut as_of: Option<String> = None;
    for e in &data.enterprises {
        if let Some(source) = &e.output_source {
            used_sources.insert(source.clone());
        }
        if let Some(date) = &e.output_as_of
            && as_of.as_ref().is_none_or(|d| d < date)
        {
            as_of = Some(date.clone());
        }
    }
    let sources: Vec<SourceRef> = store
        .sources()
        .await?
        .into_iter()
        .filter(|s| used_sources.contains(&s.id))
        .map(SourceRef::from)
        .collect();
    let illustrative = sources.iter().any(|s| s.kind == SourceKind::Illustrative);
    let sources_note = sources
        .iter()
        .map(|s| match s.publisher.trim() {
            "" => s.title_zh.clone(),
            publisher => format!("{}（{publisher}）", s.title_zh),
        })
        .collect::<Vec<_>>()
        .join("；")
        + &as_of
            .as_ref()
            .map(|d| format!("；截至 as of {d}"))
            .unwrap_or_default();

    let nodes = result
        .nodes
        .iter()
        .zip(&chain.nodes)
        .map(|(d, n)| NodeView {
            id: n.id.clone(),
            name_zh: n.name_zh.clone(),
            name_en: n.name_en.clone(),
            stage: n.stage,
            industry_codes: n.industry_codes.clone(),
            status: d.status,
            status_zh: d.status.label_zh(),
            reason_zh: d.reason_zh.clone(),
            reason_en: d.reason_en.clone(),
            enterprise_count: d.enterprise_count,
            unknown_output_count: d.unknown_output_count,
            output: d.output,
            output_share: d.output_share,
            local_supply: d.local_supply,
            single_supplier_risk: d.single_supplier_risk.as_ref().map(|c| RiskView {
                uscc: firm(c.enterprise).uscc.clone(),
                name: firm(c.enterprise).name.clone(),
                share: c.share,
            }),
            enterprises: d
                .members
                .iter()
                .map(|m| EnterpriseFigure {
                    uscc: firm(m.enterprise).uscc.clone(),
                    name: firm(m.enterprise).name.clone(),
                    output: m.output,
                    share_of_node: m.share_of_node,
                })
                .collect(),
        })
        .collect();
    let leaders = result
        .leaders
        .iter()
        .map(|l| LeaderView {
            uscc: firm(l.enterprise).uscc.clone(),
            name: firm(l.enterprise).name.clone(),
            output: l.output,
            output_share: l.output_share,
            node_count: l.node_count,
            links_as_buyer: l.links_as_buyer,
            links_as_supplier: l.links_as_supplier,
            score: l.score,
            reason_zh: l.reason_zh.clone(),
            reason_en: l.reason_en.clone(),
        })
        .collect();

    let report = DiagnosisReport {
        chain: ChainRef {
            id: chain.id.clone(),
            name_zh: chain.name_zh.clone(),
            name_en: chain.name_en.clone(),
            version: chain.version,
        },
        region: RegionRef {
            code: region.code,
            name_zh: region.name_zh,
            name_en: region.name_en,
        },
        year: data.year,
        link_year: data.link_year,
        rule_zh: request.rule.describe_zh(),
        rule_en: request.rule.describe_en(),
        rule: request.rule,
        total_output: result.total_output,
        local_enterprises: result.local_enterprises,
        completeness: result.completeness,
        local_supply: result.local_supply,
        by_stage: result.by_stage,
        nodes,
        leaders,
        ignored_rows,
        sources,
        as_of,
        illustrative,
        sources_note,
    };
    Ok((report, data, chain))
}

/// The engine input of one chain: its stored enterprises, memberships and links.
pub(crate) fn diagnosis_input(
    chain: &liantu_chain::Chain,
    data: &liantu_store::ChainData,
) -> DiagnosisInput {
    let node_index: HashMap<&str, u32> = chain
        .nodes
        .iter()
        .zip(0u32..)
        .map(|(n, i)| (n.id.as_str(), i))
        .collect();
    let firm_index: HashMap<&str, u32> = data
        .enterprises
        .iter()
        .zip(0u32..)
        .map(|(e, i)| (e.uscc.as_str(), i))
        .collect();
    DiagnosisInput {
        nodes: chain
            .nodes
            .iter()
            .map(|n| NodeRef {
                id: n.id.clone(),
                stage: n.stage,
            })
            .collect(),
        enterprises: data
            .enterprises
            .iter()
            .map(|e| EnterpriseRef {
                region: e.region,
                output: e.output,
            })
            .collect(),
        memberships: data
            .memberships
            .iter()
            .filter_map(|m| {
                Some(Membership {
                    enterprise: *firm_index.get(m.uscc.as_str())?,
                    node: *node_index.get(m.node.as_str())?,
                    share: m.share,
                })
            })
            .collect(),
        links: data
            .links
            .iter()
            .filter_map(|l| {
                Some(SupplyLink {
                    buyer: *firm_index.get(l.buyer.as_str())?,
                    supplier: l
                        .supplier
                        .as_deref()
                        .and_then(|s| firm_index.get(s).copied()),
                    supplier_region: l.supplier_region,
                    node: *node_index.get(l.node.as_str())?,
                    value: l.value,
                })
            })
            .collect(),
    }
}
