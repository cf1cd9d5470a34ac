//! Plain input and output structs of the diagnosis. Everything is index-based: enterprises and
//! nodes are referred to by their position in [`DiagnosisInput`], so that the caller keeps the
//! names and the engine never hashes strings in its loops.

use crate::rule::DiagnosisRule;
use liantu_model::{NodeStatus, RegionCode, Stage};
use serde::{Deserialize, Serialize};

/// One node of the chain being diagnosed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeRef {
    /// The node's id in the chain definition (reported back, checked for duplicates).
    pub id: String,
    pub stage: Stage,
}

/// One enterprise, anywhere (local or not).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseRef {
    /// Where the enterprise is registered.
    pub region: RegionCode,
    /// Gross output (产值) in 万元 of the year analysed; `None` when unknown.
    pub output: Option<f64>,
}

/// An enterprise working on a node of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// Index into [`DiagnosisInput::enterprises`].
    pub enterprise: u32,
    /// Index into [`DiagnosisInput::nodes`].
    pub node: u32,
    /// Fraction (0..=1) of the firm's output made on this node. When a firm has memberships
    /// without a share, those split what the given shares leave (1 − Σ given, floored at 0)
    /// evenly.
    pub share: Option<f64>,
}

/// A purchase: `buyer` buys the product of `node` from a supplier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SupplyLink {
    /// Index into [`DiagnosisInput::enterprises`].
    pub buyer: u32,
    /// Index into [`DiagnosisInput::enterprises`] when the supplier is a known enterprise; its
    /// region then decides whether the link is local, overriding `supplier_region`.
    pub supplier: Option<u32>,
    /// Where the supplier is; `000000` for abroad. Used when `supplier` is `None`.
    pub supplier_region: RegionCode,
    /// Index into [`DiagnosisInput::nodes`]: the node of the product supplied.
    pub node: u32,
    /// Value bought per year, 万元.
    pub value: f64,
}

/// Everything the engine reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DiagnosisInput {
    pub nodes: Vec<NodeRef>,
    pub enterprises: Vec<EnterpriseRef>,
    pub memberships: Vec<Membership>,
    pub links: Vec<SupplyLink>,
}

/// 本地配套率: value bought from suppliers inside the region ÷ all value bought, over the links
/// whose buyer is inside the region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplyRate {
    /// 万元 bought from suppliers inside the region.
    pub local_value: f64,
    /// 万元 bought from all suppliers.
    pub total_value: f64,
    /// `local_value / total_value`; `None` when `total_value` is 0 (never NaN).
    pub rate: Option<f64>,
    /// Links the figure rests on (local buyer, any supplier).
    pub link_count: u64,
    /// Of those, links with a supplier inside the region.
    pub local_link_count: u64,
}

/// The firm holding the largest part of a node's local output, when that part reaches the
/// rule's `single_supplier_threshold`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Concentration {
    pub enterprise: u32,
    /// The firm's share of the node's local output (0..=1).
    pub share: f64,
}

/// A local enterprise on a node.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NodeMember {
    pub enterprise: u32,
    /// Output (万元) attributed to this node; `None` when the firm's output is unknown.
    pub output: Option<f64>,
    /// `output` ÷ node output; `None` when either is unknown or the node output is 0.
    pub share_of_node: Option<f64>,
}

/// A figure outside the data contract (`liantu_model::bounds`: an output or link value outside
/// 0..=1e15 万元, a share outside 0..=1, NaN, ±∞), as an older database may hold. It is left out
/// of every figure and reported beside the nodes it concerns; the rest of the diagnosis stands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SetAside {
    /// A local firm's output: the firm counts as a firm with unknown output.
    Output { enterprise: u32, value: f64 },
    /// A local firm's share of its output on a node: its output there counts as unknown.
    Share {
        enterprise: u32,
        membership: u32,
        value: f64,
    },
    /// The value of a link bought by a local firm: the link is left out of the 本地配套率.
    LinkValue { link: u32, buyer: u32, value: f64 },
}

/// Diagnosis of one node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeDiagnosis {
    /// Index into [`DiagnosisInput::nodes`].
    pub node: u32,
    pub id: String,
    pub stage: Stage,
    /// Local enterprises with a membership on the node.
    pub enterprise_count: u32,
    /// Of those, how many have unknown output (counted, contributing 0).
    pub unknown_output_count: u32,
    /// Local output attributed to the node, 万元.
    pub output: f64,
    /// `output` ÷ the chain's local output; `None` when the chain's local output is 0.
    pub output_share: Option<f64>,
    /// Local members, largest output first (unknown output last), ties by enterprise index.
    pub members: Vec<NodeMember>,
    pub status: NodeStatus,
    /// The rule that fired, with the actual numbers.
    pub reason_zh: String,
    pub reason_en: String,
    pub single_supplier_risk: Option<Concentration>,
    /// 本地配套率 of the node's product (links whose `node` is this node).
    pub local_supply: SupplyRate,
    /// Figures of this node's firms and links that were set aside; the reason says how many.
    pub set_aside: Vec<SetAside>,
}

/// How many nodes have at least one local firm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completeness {
    pub covered_nodes: u32,
    pub total_nodes: u32,
    /// `covered_nodes / total_nodes`.
    pub ratio: f64,
    /// Σ stage weight of covered nodes ÷ Σ stage weight of all nodes; `None` when all weights
    /// are 0.
    pub weighted_ratio: Option<f64>,
}

/// Figures for the nodes of one stage. Only stages that have nodes are listed, in the order
/// upstream, midstream, downstream, supporting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageSummary {
    pub stage: Stage,
    pub nodes: u32,
    pub covered: u32,
    /// Local output on the stage's nodes, 万元.
    pub output: f64,
    pub local_supply: SupplyRate,
}

/// A 链主 (chain-leader) candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaderCandidate {
    pub enterprise: u32,
    /// The firm's output attributed to the chain's nodes, 万元 (0 when unknown).
    pub output: f64,
    /// False when the firm's output is unknown.
    pub output_known: bool,
    /// `output` ÷ the chain's local output; `None` when that is 0.
    pub output_share: Option<f64>,
    /// Chain nodes the firm is on.
    pub node_count: u32,
    /// Links on the chain where the firm buys from a local supplier.
    pub links_as_buyer: u32,
    /// Links on the chain where the firm supplies a local buyer.
    pub links_as_supplier: u32,
    /// 1 + number of candidates with strictly larger output.
    pub output_rank: u32,
    /// 1 + number of candidates with strictly more local links.
    pub links_rank: u32,
    /// `leader_output_weight × output / max output + leader_links_weight × links / max links`.
    pub score: f64,
    pub reason_zh: String,
    pub reason_en: String,
}

/// The full result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub region: RegionCode,
    /// The rule applied, so the result explains itself.
    pub rule: DiagnosisRule,
    /// Local output on the chain (Σ node outputs), 万元.
    pub total_output: f64,
    /// Distinct local enterprises with at least one membership on the chain.
    pub local_enterprises: u32,
    /// Of those, how many have unknown output.
    pub unknown_output_enterprises: u32,
    /// One per input node, same order.
    pub nodes: Vec<NodeDiagnosis>,
    pub completeness: Completeness,
    pub by_stage: Vec<StageSummary>,
    /// 本地配套率 of the whole chain.
    pub local_supply: SupplyRate,
    /// Best candidates first.
    pub leaders: Vec<LeaderCandidate>,
    /// Every figure set aside, once each (a firm's output once, whatever its nodes).
    pub set_aside: Vec<SetAside>,
}
