//! The product knowledge graph (产业链知识图谱) in its normalised, storable form: products,
//! supplier → buyer and sub-type relations, listed companies and their main products. The `kg`
//! crate reads the source files into it and builds the searchable graph; the store keeps it.

use serde::{Deserialize, Serialize};

/// How two products are related, after normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Relation {
    /// `from` supplies `to` (material or part flows from → to).
    Supplies,
    /// `to` is a sub-type (产品小类) of `from`.
    Subtype,
}

impl Relation {
    pub fn key(self) -> &'static str {
        match self {
            Relation::Supplies => "supplies",
            Relation::Subtype => "subtype",
        }
    }

    pub fn from_key(key: &str) -> Option<Relation> {
        match key {
            "supplies" => Some(Relation::Supplies),
            "subtype" => Some(Relation::Subtype),
            _ => None,
        }
    }
}

/// The relation as the source stated it (`rel`), kept for provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stated {
    /// `上游材料`: `to_entity` is an upstream material of `from_entity`.
    Upstream,
    /// `下游产品`: `to_entity` is a downstream product of `from_entity`.
    Downstream,
    /// `产品小类`: `to_entity` is a sub-type of `from_entity`.
    Subtype,
}

impl Stated {
    pub fn key(self) -> &'static str {
        match self {
            Stated::Upstream => "upstream",
            Stated::Downstream => "downstream",
            Stated::Subtype => "subtype",
        }
    }

    pub fn from_key(key: &str) -> Option<Stated> {
        match key {
            "upstream" => Some(Stated::Upstream),
            "downstream" => Some(Stated::Downstream),
            "subtype" => Some(Stated::Subtype),
            _ => None,
        }
    }

    /// The source's own label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Stated::Upstream => "上游材料",
            Stated::Downstream => "下游产品",
            Stated::Subtype => "产品小类",
        }
    }

    pub fn from_label(label: &str) -> Option<Stated> {
        match label {
            "上游材料" => Some(Stated::Upstream),
            "下游产品" => Some(Stated::Downstream),
            "产品小类" => Some(Stated::Subtype),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub name: String,
    /// False for a name that only occurs as a relation endpoint or company product, not in
    /// `product.json`.
    pub listed: bool,
}

/// A normalised product relation between two product indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KgEdge {
    pub from: u32,
    pub to: u32,
    pub relation: Relation,
    pub stated: Stated,
}

/// A 申万 (Shenwan 2021) industry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Industry {
    pub code: String,
    pub name: String,
}

/// A listed company. `code` is the stock code as the source gives it (`600373.SH`, or the bare six
/// digits for newer listings); companies are matched across files by the six digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    pub code: String,
    pub name: String,
    pub fullname: String,
    pub exchange: String,
    pub listed_on: String,
    /// 申万 industry code, when `company_industry.json` names one.
    pub industry: Option<String>,
}

/// A company's main product (主营产品) with its share of the company's main-business revenue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Offering {
    pub company: u32,
    pub product: u32,
    /// Share in [0, 1] (clamped).
    pub weight: f64,
    /// The value as stated by the source (may lie outside [0, 1]).
    pub stated_weight: f64,
}

/// Where the graph came from and what the import changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KgMeta {
    /// Human-readable source (title of the provenance note, or given by the user).
    pub source: String,
    /// As-of date of the data (default: the latest listing date in `company.json`).
    pub as_of: String,
    /// Directory the files were read from.
    pub imported_from: String,
    pub stats: ImportStats,
}

/// Rows read and every value the import dropped, merged, added or clamped.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportStats {
    pub product_rows: usize,
    pub relation_rows: usize,
    pub company_rows: usize,
    pub industry_rows: usize,
    pub company_industry_rows: usize,
    pub offering_rows: usize,
    /// Relations kept, by the label the source gave them.
    pub stated_upstream: usize,
    pub stated_downstream: usize,
    pub stated_subtype: usize,
    pub duplicate_products: usize,
    /// Names that changed when control characters and surrounding spaces were removed.
    pub names_cleaned: usize,
    pub self_loops_dropped: usize,
    /// Relations equal to one already read (also 上游材料 A→B beside 下游产品 B→A).
    pub duplicate_relations: usize,
    /// Relation endpoints and company products not in `product.json`, added as unlisted products.
    pub unlisted_products: usize,
    pub weights_clamped_low: usize,
    pub weights_clamped_high: usize,
    pub duplicate_offerings: usize,
    /// `company.json` rows whose stock code was already read (first row kept).
    pub duplicate_companies: usize,
    /// Companies named only by `company_product.json` or `company_industry.json`.
    pub companies_added: usize,
    /// Industry codes named by `company_industry.json` but missing from `industry.json`.
    pub industries_added: usize,
    pub duplicate_company_industries: usize,
}

/// The whole graph in its normalised, storable form. Product, company and industry references
/// are indices into the vectors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KgData {
    pub meta: KgMeta,
    pub products: Vec<Product>,
    pub edges: Vec<KgEdge>,
    pub industries: Vec<Industry>,
    pub companies: Vec<Company>,
    pub offerings: Vec<Offering>,
}

impl KgData {
    /// Kept relations by normalised kind: (supplies, subtype).
    pub fn edge_counts(&self) -> (usize, usize) {
        let supplies = self
            .edges
            .iter()
            .filter(|e| e.relation == Relation::Supplies)
            .count();
        (supplies, self.edges.len() - supplies)
    }
}
