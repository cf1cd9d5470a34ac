//! Chain definitions as plain records: a chain is a set of nodes (products or trades, each with
//! its GB/T 4754-2017 codes) and edges (what flows from a supplying node to a buying node). The
//! `chain` crate parses and validates them from TOML; everything else reads these types.

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
