//! Searching the product knowledge graph and one product's neighbourhood, with their tables.

use super::{Graph, Hit, MatchKind, ProductSummary};
use crate::{App, AppError, Result};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

/// Products matching a text, best first.
#[derive(Debug, Clone)]
pub struct KgSearch {
    pub query: String,
    /// Matches in all; `hits` holds the first `limit`.
    pub total: usize,
    pub hits: Vec<Hit>,
    pub source: String,
    pub as_of: String,
}

/// Related products of one kind (suppliers, buyers, sub-types, parents), best supported first.
#[derive(Debug, Clone)]
pub struct KgList {
    /// `suppliers`, `buyers`, `subtypes` or `supertypes`.
    pub key: &'static str,
    pub label: Text,
    /// How many in all; `names` holds the first `limit`.
    pub total: usize,
    pub names: Vec<String>,
}

/// A listed company making the product.
#[derive(Debug, Clone)]
pub struct KgMaker {
    pub code: String,
    pub name: String,
    /// Share of the company's main-business revenue (0–1).
    pub share: f64,
    /// 申万 industry code, and `name code` when the graph names it.
    pub industry_code: Option<String>,
    pub industry: Option<String>,
}

/// One product: its neighbourhood sizes, its related products and its makers.
#[derive(Debug, Clone)]
pub struct KgProduct {
    pub summary: ProductSummary,
    pub lists: Vec<KgList>,
    /// By revenue share, the first `limit`; `summary.companies` counts them all.
    pub makers: Vec<KgMaker>,
    pub source: String,
    pub as_of: String,
}

impl App {
    /// Products whose names match `text` (exact, prefix, contains; shorter first), the first
    /// `limit` of them.
    pub async fn kg_search(&self, text: &str, limit: usize) -> Result<KgSearch> {
        if liantu_kg::clean_name(text).is_empty() {
            return Err(AppError::invalid("搜索文字为空 / the search text is empty"));
        }
        let graph = self.require_kg().await?;
        let mut hits = graph.search(text, usize::MAX);
        let total = hits.len();
        hits.truncate(limit);
        let meta = &graph.data().meta;
        Ok(KgSearch {
            query: text.to_string(),
            total,
            hits,
            source: meta.source.clone(),
            as_of: meta.as_of.clone(),
        })
    }

    /// One product by its name; bad input, with near matches, when the graph has none such.
    pub async fn kg_product(&self, name: &str, limit: usize) -> Result<KgProduct> {
        let graph = self.require_kg().await?;
        let Some(id) = graph.find(name) else {
            let suggestions = graph
                .suggest(name, 5)
                .into_iter()
                .map(|h| h.product.name)
                .collect();
            return Err(AppError::Draft(liantu_kg::DraftError::UnknownRoot {
                root: name.to_string(),
                suggestions,
            }));
        };
        Ok(product(&graph, id, limit))
    }
}

fn product(graph: &Graph, id: u32, limit: usize) -> KgProduct {
    let list = |key, zh, en, ids: &[u32]| KgList {
        key,
        label: Text::new(zh, en),
        total: ids.len(),
        names: graph
            .ranked(ids)
            .into_iter()
            .take(limit)
            .map(|p| graph.name(p).to_string())
            .collect(),
    };
    let lists = vec![
        list("suppliers", "上游", "suppliers", graph.suppliers(id)),
        list("buyers", "下游", "buyers", graph.buyers(id)),
        list("subtypes", "产品小类", "sub-types", graph.subtypes(id)),
        list("supertypes", "上级产品", "parents", graph.supertypes(id)),
    ];
    let data = graph.data();
    let mut makers: Vec<(u32, f64)> = graph.makers(id).collect();
    makers.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let makers = makers
        .into_iter()
        .take(limit)
        .map(|(c, share)| {
            let c = &data.companies[c as usize];
            KgMaker {
                code: c.code.clone(),
                name: c.name.clone(),
                share,
                industry_code: c.industry.clone(),
                industry: c.industry.as_ref().and_then(|code| {
                    data.industries
                        .iter()
                        .find(|i| &i.code == code)
                        .map(|i| format!("{} {}", i.name, i.code))
                }),
            }
        })
        .collect();
    KgProduct {
        summary: graph.summary(id),
        lists,
        makers,
        source: data.meta.source.clone(),
        as_of: data.meta.as_of.clone(),
    }
}

impl KgProduct {
    /// The JSON of `liantu kg show --format json`: the summary, then `{kind}_list` names,
    /// `companies_list`, `source` and `as_of`.
    pub fn json(&self) -> Value {
        let mut json = serde_json::to_value(&self.summary).unwrap_or(Value::Null);
        for l in &self.lists {
            json[format!("{}_list", l.key)] = json!(l.names);
        }
        json["companies_list"] = json!(
            self.makers
                .iter()
                .map(|m| json!({
                    "code": m.code, "name": m.name, "share": m.share,
                    "industry_code": m.industry_code,
                }))
                .collect::<Vec<_>>()
        );
        json["source"] = json!(self.source);
        json["as_of"] = json!(self.as_of);
        json
    }
}

/// Where the web app shows a product.
pub fn product_href(name: &str) -> String {
    format!(
        "/kg?product={}",
        utf8_percent_encode(name, NON_ALPHANUMERIC)
    )
}

fn match_label(kind: MatchKind) -> Cell {
    let (key, zh, en) = match kind {
        MatchKind::Exact => ("exact", "完全一致", "exact"),
        MatchKind::Prefix => ("prefix", "开头", "prefix"),
        MatchKind::Contains => ("contains", "包含", "contains"),
        MatchKind::Within => ("within", "被包含", "within"),
    };
    Cell::label(key, zh, en)
}

/// Search hits (`liantu kg search`).
pub fn hits_table(hits: &[Hit]) -> Table {
    let count = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Count);
    let label = ColumnKind::Label { badge: false };
    let mut t = Table::new(
        Text::new("产品", "Products"),
        vec![
            Column::new("name", "产品 product", "Product", ColumnKind::Text),
            Column::new("match", "匹配 match", "Match", label),
            count("suppliers", "上游 suppliers", "Suppliers"),
            count("buyers", "下游 buyers", "Buyers"),
            count("subtypes", "小类 sub-types", "Sub-types"),
            count("supertypes", "上级 parents", "Parents"),
            count("companies", "企业 companies", "Companies"),
            Column::new("listed", "在产品表中 listed", "Listed", label),
        ],
    );
    for h in hits {
        let p = &h.product;
        t.push(vec![
            Cell::text(&p.name).link(product_href(&p.name)),
            match_label(h.kind),
            Cell::Count(p.suppliers as i64),
            Cell::Count(p.buyers as i64),
            Cell::Count(p.subtypes as i64),
            Cell::Count(p.supertypes as i64),
            Cell::Count(p.companies as i64),
            if p.listed {
                Cell::label("true", "是", "yes")
            } else {
                Cell::label("false", "否", "no")
            },
        ]);
    }
    t
}

/// The companies making a product, by revenue share.
pub fn makers_table(product: &KgProduct) -> Table {
    let mut t = Table::new(
        Text::new("企业", "Companies"),
        vec![
            Column::new("code", "代码 code", "Code", ColumnKind::Text),
            Column::new("company", "企业 company", "Company", ColumnKind::Text),
            Column::new(
                "share",
                "营收占比 share",
                "Revenue share",
                ColumnKind::Percent,
            ),
            Column::new(
                "industry",
                "申万行业 Shenwan industry",
                "Shenwan industry",
                ColumnKind::Text,
            ),
        ],
    );
    for m in &product.makers {
        t.push(vec![
            Cell::text(&m.code),
            Cell::text(&m.name),
            Cell::Percent(m.share),
            Cell::optional(m.industry.as_deref(), Cell::text),
        ]);
    }
    t
}
