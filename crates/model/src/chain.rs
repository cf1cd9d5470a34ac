//! Chain definitions as plain records: a chain is a set of nodes (products or trades, each with
//! its GB/T 4754-2017 codes) and edges (what flows from a supplying node to a buying node). The
//! `chain` crate parses and validates them from TOML; everything else reads these types.

use crate::occupation::OccupationCode;
use crate::{EdgeKind, IndustryCode, Stage};
use serde::{Deserialize, Serialize};

/// A validated chain. Invariants: at least one node; node ids unique; every edge names two
/// existing, distinct nodes; no (from, to, kind) appears twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Chain {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub version: i64,
    pub description_zh: Option<String>,
    pub description_en: Option<String>,
    pub sources: Vec<String>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// What flows from this chain's nodes into other chains' (耦合): `to = "chain:node"` in the
    /// file. The other chain need not be installed; analyses skip edges to one that is not.
    #[serde(default)]
    pub cross_edges: Vec<CrossEdge>,
}

/// [`Chain`] as written in its file: cross-chain edges among the edges, `to` being
/// `chain:node`, so a chain written out (`toml::to_string(&ChainFile::from(chain))`) parses back
/// to itself.
#[derive(Serialize)]
pub struct ChainFile {
    id: String,
    name_zh: String,
    name_en: String,
    version: i64,
    description_zh: Option<String>,
    description_en: Option<String>,
    sources: Vec<String>,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

impl From<Chain> for ChainFile {
    fn from(c: Chain) -> ChainFile {
        let mut edges = c.edges;
        edges.extend(c.cross_edges.into_iter().map(|x| Edge {
            from: x.from,
            to: format!("{}:{}", x.to_chain, x.to_node),
            kind: x.kind,
            coefficient: x.coefficient,
        }));
        ChainFile {
            id: c.id,
            name_zh: c.name_zh,
            name_en: c.name_en,
            version: c.version,
            description_zh: c.description_zh,
            description_en: c.description_en,
            sources: c.sources,
            nodes: c.nodes,
            edges,
        }
    }
}

/// An edge from a node of this chain to a node of another chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrossEdge {
    pub from: String,
    pub to_chain: String,
    pub to_node: String,
    pub kind: EdgeKind,
    pub coefficient: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Node {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub stage: Stage,
    pub industry_codes: Vec<IndustryCode>,
    pub keywords: Vec<String>,
    /// The occupations (2022 classification) whose workers the node's firms chiefly employ —
    /// what skills planning for the node counts. Curated in the chain file; may be empty.
    #[serde(default)]
    pub occupations: Vec<OccupationCode>,
}

/// Material, service or by-product flowing from the supplying node `from` to the buying node `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// Value of `from` needed per unit value of `to`, when known.
    pub coefficient: Option<f64>,
}

impl Chain {
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// Edges leaving `id` (what it supplies) and entering it (what it buys).
    pub fn edges_from<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        self.edges.iter().filter(move |e| e.from == id)
    }

    pub fn edges_to<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        self.edges.iter().filter(move |e| e.to == id)
    }
}

/// Chain and node ids: lowercase ASCII letters, digits and '-', starting with a letter.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-'))
        && !id.ends_with('-')
        && id.len() <= 64
}
