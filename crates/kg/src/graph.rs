//! The in-memory product graph: adjacency in both directions for supply and sub-type relations,
//! the companies making each product, and search over product names.

use crate::{KgData, Relation, clean_name};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::HashMap;

/// Compressed adjacency: the neighbours of node `i` are `targets[offsets[i]..offsets[i + 1]]`,
/// sorted, so results never depend on the order rows were read or stored in.
#[derive(Debug, Clone, Default)]
struct Adjacency {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Adjacency {
    fn build(nodes: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Adjacency {
        let mut offsets = vec![0u32; nodes + 1];
        for (a, _) in pairs.clone() {
            offsets[a as usize + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; offsets[nodes] as usize];
        for (a, b) in pairs {
            targets[fill[a as usize] as usize] = b;
            fill[a as usize] += 1;
        }
        for i in 0..nodes {
            targets[offsets[i] as usize..offsets[i + 1] as usize].sort_unstable();
        }
        Adjacency { offsets, targets }
    }

    fn of(&self, node: u32) -> &[u32] {
        let i = node as usize;
        &self.targets[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// A product graph ready for search and drafting.
#[derive(Debug, Clone)]
pub struct Graph {
    data: KgData,
    index: HashMap<String, u32>,
    /// Lower-cased names, for case-insensitive matching of Latin letters.
    folded: Vec<String>,
    suppliers: Adjacency,
    buyers: Adjacency,
    subtypes: Adjacency,
    supertypes: Adjacency,
    /// Product → offering indices (companies making it).
    makers: Adjacency,
}

/// How a search hit matched the query; better matches sort first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    Exact,
    Prefix,
    Contains,
    /// The product's name lies inside the query (only offered as a suggestion).
    Within,
}

/// A product with its neighbourhood sizes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductSummary {
    pub id: u32,
    pub name: String,
    pub listed: bool,
    /// Products supplying it (上游).
    pub suppliers: usize,
    /// Products it supplies (下游).
    pub buyers: usize,
    pub subtypes: usize,
    pub supertypes: usize,
    pub companies: usize,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hit {
    #[serde(flatten)]
    pub product: ProductSummary,
    #[serde(rename = "match")]
    pub kind: MatchKind,
}

impl Graph {
    pub fn new(data: KgData) -> Graph {
        let n = data.products.len();
        let index: HashMap<String, u32> = data
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i as u32))
            .collect();
        let folded = data
            .products
            .iter()
            .map(|p| p.name.to_lowercase())
            .collect();
        let supplies = data
            .edges
            .iter()
            .filter(|e| e.relation == Relation::Supplies);
        let subtype = data
            .edges
            .iter()
            .filter(|e| e.relation == Relation::Subtype);
        let suppliers = Adjacency::build(n, supplies.clone().map(|e| (e.to, e.from)));
        let buyers = Adjacency::build(n, supplies.map(|e| (e.from, e.to)));
        let subtypes = Adjacency::build(n, subtype.clone().map(|e| (e.from, e.to)));
        let supertypes = Adjacency::build(n, subtype.map(|e| (e.to, e.from)));
        let makers = Adjacency::build(
            n,
            data.offerings
                .iter()
                .enumerate()
                .map(|(i, o)| (o.product, i as u32)),
        );
        Graph {
            data,
            index,
            folded,
            suppliers,
            buyers,
            subtypes,
            supertypes,
            makers,
        }
    }

    pub fn data(&self) -> &KgData {
        &self.data
    }

    pub fn product_count(&self) -> usize {
        self.data.products.len()
    }

    /// The product named `name` (after the same cleaning as the import).
    pub fn find(&self, name: &str) -> Option<u32> {
        self.index.get(clean_name(name).as_ref()).copied()
    }

    pub fn name(&self, id: u32) -> &str {
        &self.data.products[id as usize].name
    }

    /// Products supplying `id`.
    pub fn suppliers(&self, id: u32) -> &[u32] {
        self.suppliers.of(id)
    }

    /// Products `id` supplies.
    pub fn buyers(&self, id: u32) -> &[u32] {
        self.buyers.of(id)
    }

    pub fn subtypes(&self, id: u32) -> &[u32] {
        self.subtypes.of(id)
    }

    pub fn supertypes(&self, id: u32) -> &[u32] {
        self.supertypes.of(id)
    }

    /// (company index, revenue share) of every company making `id`.
    pub fn makers(&self, id: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.makers.of(id).iter().map(|&o| {
            let o = &self.data.offerings[o as usize];
            (o.company, o.weight)
        })
    }

    pub fn company_count(&self, id: u32) -> usize {
        self.makers.of(id).len()
    }

    /// Supply relations in both directions.
    pub fn supply_degree(&self, id: u32) -> usize {
        self.suppliers(id).len() + self.buyers(id).len()
    }

    pub fn degree(&self, id: u32) -> usize {
        self.supply_degree(id) + self.subtypes(id).len() + self.supertypes(id).len()
    }

    /// `ids` best-supported first: more companies, then more supply relations, then by name.
    pub fn ranked(&self, ids: &[u32]) -> Vec<u32> {
        let mut v = ids.to_vec();
        v.sort_by_cached_key(|&p| {
            (
                std::cmp::Reverse(self.company_count(p)),
                std::cmp::Reverse(self.supply_degree(p)),
                self.name(p).to_string(),
            )
        });
        v
    }

    pub fn summary(&self, id: u32) -> ProductSummary {
        ProductSummary {
            id,
            name: self.name(id).to_string(),
            listed: self.data.products[id as usize].listed,
            suppliers: self.suppliers(id).len(),
            buyers: self.buyers(id).len(),
            subtypes: self.subtypes(id).len(),
            supertypes: self.supertypes(id).len(),
            companies: self.company_count(id),
        }
    }

    /// Products whose name contains `query` (case-insensitive for Latin letters), best first:
    /// exact match, then names starting with it, then the rest; within each, shorter names first,
    /// then more relations, more companies, and by name. A linear scan (≈100,000 names take a
    /// few milliseconds).
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = clean_name(query).to_lowercase();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut found: Vec<(MatchKind, usize, u32)> = Vec::new();
        for (i, name) in self.folded.iter().enumerate() {
            if !name.contains(&query) {
                continue;
            }
            let kind = if name.len() == query.len() {
                MatchKind::Exact
            } else if name.starts_with(&query) {
                MatchKind::Prefix
            } else {
                MatchKind::Contains
            };
            found.push((kind, name.chars().count(), i as u32));
        }
        self.rank(found, limit)
    }

    /// Search results, or when there are none, products whose name (two characters or more)
    /// lies inside `query` — for "did you mean" after an unknown product name.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<Hit> {
        let hits = self.search(query, limit);
        if !hits.is_empty() {
            return hits;
        }
        let query = clean_name(query).to_lowercase();
        let found = self
            .folded
            .iter()
            .enumerate()
            .filter(|(_, name)| name.chars().nth(1).is_some() && query.contains(name.as_str()))
            // Longest inner names first: they say most about the query.
            .map(|(i, name)| {
                (
                    MatchKind::Within,
                    usize::MAX - name.chars().count(),
                    i as u32,
                )
            })
            .collect();
        self.rank(found, limit)
    }

    fn rank(&self, mut found: Vec<(MatchKind, usize, u32)>, limit: usize) -> Vec<Hit> {
        found.sort_by_cached_key(|&(kind, len, id)| {
            (
                kind,
                len,
                Reverse(self.degree(id)),
                Reverse(self.company_count(id)),
                self.name(id).to_string(),
            )
        });
        found
            .into_iter()
            .take(limit)
            .map(|(kind, _, id)| Hit {
                product: self.summary(id),
                kind,
            })
            .collect()
    }

    /// The 申万 industries of the companies making `id`, most frequent first:
    /// (code, name, companies).
    pub fn industries_of(&self, id: u32) -> Vec<(String, String, usize)> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (c, _) in self.makers(id) {
            if let Some(code) = &self.data.companies[c as usize].industry {
                *counts.entry(code.as_str()).or_default() += 1;
            }
        }
        let names: HashMap<&str, &str> = self
            .data
            .industries
            .iter()
            .map(|i| (i.code.as_str(), i.name.as_str()))
            .collect();
        let mut out: Vec<(String, String, usize)> = counts
            .into_iter()
            .map(|(code, n)| {
                (
                    code.to_string(),
                    names.get(code).copied().unwrap_or("").to_string(),
                    n,
                )
            })
            .collect();
        out.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    fn names(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|h| h.product.name.as_str()).collect()
    }

    #[test]
    fn exact_then_prefix_then_contains_shorter_first_then_more_relations() {
        let g = fixture::graph();
        let hits = g.search("轮胎", 10);
        // 工程轮胎 and 实心轮胎 are equally long; 工程轮胎 has a supplier besides its parent, so
        // it ranks first although 实 sorts before 工 by code point.
        assert_eq!(names(&hits), ["轮胎", "轮胎帘子布", "工程轮胎", "实心轮胎"]);
        assert_eq!(
            hits.iter().map(|h| h.kind).collect::<Vec<_>>(),
            [
                MatchKind::Exact,
                MatchKind::Prefix,
                MatchKind::Contains,
                MatchKind::Contains
            ]
        );
        let tyre = &hits[0].product;
        assert_eq!(
            (tyre.suppliers, tyre.buyers, tyre.subtypes, tyre.companies),
            (3, 2, 2, 2)
        );
        assert_eq!(g.search("轮胎", 2).len(), 2);
        assert!(g.search("  ", 10).is_empty());
        assert!(g.search("钢铁", 10).is_empty());
    }

    #[test]
    fn latin_letters_match_in_any_case() {
        let g = fixture::graph();
        assert_eq!(names(&g.search("sbr", 5)), ["丁苯橡胶(SBR)"]);
    }

    #[test]
    fn suggestions_fall_back_to_names_inside_the_query() {
        let g = fixture::graph();
        let hits = g.suggest("子午线轮胎厂", 5);
        assert_eq!(names(&hits), ["轮胎"]);
        assert_eq!(hits[0].kind, MatchKind::Within);
        // Longest inner name first.
        assert_eq!(names(&g.suggest("工程轮胎配件", 5)), ["工程轮胎", "轮胎"]);
        // With substring hits, those come first and alone.
        assert_eq!(names(&g.suggest("帘子", 5)), ["轮胎帘子布"]);
    }
}
