//! The product knowledge graph (产业链知识图谱) in the browser: search products, see a product's
//! suppliers, buyers, sub-types and listed companies, and download a chain draft built around it.
//! Third-party data: every page names its source and as-of date and says it is noisy.

use crate::api_params::{self, ApiQuery};
use crate::auth::Acting;
use crate::error::{ApiError, Failure, PageError};
use crate::lang::Lang;
use askama::Template;
use axum::Json;
use axum::extract::{OriginalUri, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use liantu_app::kg::{DraftOptions, Graph, Hit, MatchKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::IntoParams;

const LIST_LIMIT: usize = 40;

struct HitRow {
    name: String,
    kind: String,
    suppliers: usize,
    buyers: usize,
    subtypes: usize,
    companies: usize,
}

struct CompanyRow {
    code: String,
    name: String,
    share: String,
    industry: String,
}

struct ProductView {
    name: String,
    suppliers: usize,
    buyers: usize,
    subtypes: usize,
    companies: usize,
    lists: Vec<(String, Vec<String>, usize)>,
    makers: Vec<CompanyRow>,
}

#[derive(Template)]
#[template(path = "kg.html")]
struct KgPage {
    lang: Lang,
    back: String,
    imported: bool,
    source: String,
    as_of: String,
    products: usize,
    query: String,
    hits: Vec<HitRow>,
    suggestions: Vec<String>,
    product: Option<ProductView>,
}

fn param<'a>(q: &'a BTreeMap<String, String>, key: &str) -> Option<&'a str> {
    q.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn product_view(graph: &Graph, id: u32, lang: Lang) -> ProductView {
    let s = graph.summary(id);
    let data = graph.data();
    let list = |label_zh: &str, label_en: &str, ids: &[u32]| {
        let ranked = graph.ranked(ids);
        (
            lang.t(label_zh, label_en).to_string(),
            ranked
                .iter()
                .take(LIST_LIMIT)
                .map(|&p| graph.name(p).to_string())
                .collect(),
            ranked.len(),
        )
    };
    let mut makers: Vec<(u32, f64)> = graph.makers(id).collect();
    makers.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ProductView {
        name: s.name.clone(),
        suppliers: s.suppliers,
        buyers: s.buyers,
        subtypes: s.subtypes,
        companies: s.companies,
        lists: vec![
            list(
                "上游（原料、部件）",
                "Suppliers (inputs)",
                graph.suppliers(id),
            ),
            list("下游（用途、产品）", "Buyers (uses)", graph.buyers(id)),
            list("产品小类", "Sub-types", graph.subtypes(id)),
            list("上级产品", "Parent products", graph.supertypes(id)),
        ],
        makers: makers
            .iter()
            .take(LIST_LIMIT)
            .map(|(c, w)| {
                let c = &data.companies[*c as usize];
                CompanyRow {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    share: format!("{:.1}%", w * 100.0),
                    industry: c
                        .industry
                        .as_ref()
                        .and_then(|code| data.industries.iter().find(|i| &i.code == code))
                        .map(|i| format!("{} {}", i.name, i.code))
                        .unwrap_or_default(),
                }
            })
            .collect(),
    }
}

fn hit_rows(graph: &Graph, hits: Vec<Hit>, lang: Lang) -> Vec<HitRow> {
    hits.into_iter()
        .map(|h| HitRow {
            kind: match h.kind {
                MatchKind::Exact => lang.t("完全一致", "exact"),
                MatchKind::Prefix => lang.t("开头", "prefix"),
                _ => lang.t("包含", "contains"),
            }
            .to_string(),
            name: graph.name(h.product.id).to_string(),
            suppliers: h.product.suppliers,
            buyers: h.product.buyers,
            subtypes: h.product.subtypes,
            companies: h.product.companies,
        })
        .collect()
}

/// `/kg?q=TEXT` searches, `/kg?product=NAME` shows one product.
pub async fn page(
    Acting(state): Acting,
    Query(q): Query<BTreeMap<String, String>>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let graph = state.kg().await?;
    let query = param(&q, "q").unwrap_or_default().to_string();
    let mut page = KgPage {
        lang,
        back: crate::render::back_link(&uri),
        imported: graph.is_some(),
        source: String::new(),
        as_of: String::new(),
        products: 0,
        query: query.clone(),
        hits: Vec::new(),
        suggestions: Vec::new(),
        product: None,
    };
    if let Some(graph) = &graph {
        page.source = graph.data().meta.source.clone();
        page.as_of = graph.data().meta.as_of.clone();
        page.products = graph.product_count();
        if let Some(name) = param(&q, "product") {
            match graph.find(name) {
                Some(id) => page.product = Some(product_view(graph, id, lang)),
                None => {
                    page.suggestions = graph
                        .suggest(name, 10)
                        .into_iter()
                        .map(|h| graph.name(h.product.id).to_string())
                        .collect();
                    page.query = name.to_string();
                    page.hits = hit_rows(graph, graph.search(name, 50), lang);
                }
            }
        } else if !query.is_empty() {
            page.hits = hit_rows(graph, graph.search(&query, 50), lang);
        }
    }
    let status = if page.product.is_none() && param(&q, "product").is_some() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    crate::render::page_with_status(&page, status)
}

/// `root`, `depth` (default 2), `max` nodes (default 40), `fold=1`: the chain draft as TOML,
/// the same file `liantu chain from-kg` writes.
pub async fn draft(
    Acting(state): Acting,
    Query(q): Query<BTreeMap<String, String>>,
    _lang: Lang,
) -> Result<Response, PageError> {
    let number = |key: &str, default: usize| -> Result<usize, Failure> {
        param(&q, key).map_or(Ok(default), |v| {
            v.parse().map_err(|_| {
                Failure::BadRequest(format!(
                    "参数 {key} 的值 '{v}' 不是整数 / {key}: '{v}' is not a whole number"
                ))
            })
        })
    };
    let root = param(&q, "root")
        .ok_or_else(|| PageError::from(Failure::BadRequest("缺少 root / root missing".into())))?
        .to_string();
    let options = DraftOptions {
        root: root.clone(),
        depth: number("depth", 2)?,
        max_nodes: number("max", 40)?,
        fold_subtypes: param(&q, "fold") == Some("1"),
        min_companies: number("min_companies", 0)?,
        chain_id: None,
    };
    let command = format!(
        "liantu chain from-kg --root {root} --depth {} --max-nodes {}{} --min-companies {}",
        options.depth,
        options.max_nodes,
        if options.fold_subtypes {
            " --fold-subtypes"
        } else {
            ""
        },
        options.min_companies
    );
    let draft = state.app.kg_draft(options, &command).await?;
    let (text, d) = (draft.toml, draft.draft);
    Ok(crate::render::attachment(
        text,
        "application/toml; charset=utf-8",
        &format!("{}.toml", d.chain_id),
    ))
}

/// A product search.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Part of a product name.
    #[param(required = true, min_length = 1, example = "锂")]
    q: Option<String>,
    /// Hits at most; default 20.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    limit: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/kg/search", tag = "knowledge graph",
    params(SearchQuery),
    responses(
        (status = 200, description = "Products ranked exact, prefix, contains; with neighbourhood sizes", body = Vec<liantu_app::kg::Hit>),
        (status = 400, description = "No query, or a bad limit", body = crate::error::ErrorBody),
        (status = 404, description = "No knowledge graph imported yet", body = crate::error::ErrorBody)))]
pub async fn search_api(
    Acting(state): Acting,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Response, ApiError> {
    let text = api_params::required("q", &query.q)?;
    if text.is_empty() {
        return Err(Failure::BadRequest("参数 q 为空 / q is empty".into()).into());
    }
    let limit = match &query.limit {
        None => 20,
        Some(v) => api_params::integer_in("limit", v, 1..=200)? as usize,
    };
    let graph = state.kg().await?.ok_or_else(|| {
        Failure::NotFound(
            "尚未导入产业链知识图谱（liantu kg import DIR）/ no knowledge graph imported yet (liantu kg import DIR)"
                .into(),
        )
    })?;
    Ok(Json(graph.search(text, limit)).into_response())
}
