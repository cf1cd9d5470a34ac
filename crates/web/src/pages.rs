//! HTML pages: one handler per route, each building a template struct of pre-formatted strings so
//! templates stay free of logic.

use crate::error::{Failure, PageError};
use crate::format::{money, percent, rate_with_links, source_line};
use crate::lang::Lang;
use crate::params::{DiagnosisQuery, EnterpriseQuery};
use crate::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use liantu_app::{DiagnosisReport, NodeView};
use liantu_model::{EdgeKind, NodeStatus, Ownership, RegionCode};

type PageResult = Result<Response, PageError>;

/// Renders a template into a response, or a 500 page.
pub(crate) fn page(template: &impl Template, lang: Lang) -> PageResult {
    page_with_status(template, axum::http::StatusCode::OK, lang)
}

/// [`page`] with another status (e.g. 400 for a form shown again with its errors).
pub(crate) fn page_with_status(
    template: &impl Template,
    status: axum::http::StatusCode,
    lang: Lang,
) -> PageResult {
    template
        .render()
        .map(|html| (status, Html(html)).into_response())
        .map_err(|e| {
            eprintln!("liantu: template error: {e}");
            PageError(Failure::Internal, lang)
        })
}

/// Rejects a form posted from another site (the app has no login yet, so this is the guard
/// against cross-site form posts): the `Origin` header, when sent, must name this host.
pub(crate) fn same_origin(headers: &HeaderMap) -> Result<(), Failure> {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or(origin);
    if origin != "null" && origin_host == host {
        Ok(())
    } else {
        Err(Failure::BadRequest(
            "拒绝来自其他网站的表单提交 / form posted from another site refused".into(),
        ))
    }
}

/// Percent-encodes the current path and query for the language switch's `back` link.
pub(crate) fn back_link(uri: &OriginalUri) -> String {
    let path = uri.0.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn status_label(lang: Lang, status: NodeStatus) -> &'static str {
    lang.t(status.label_zh(), status.label_en())
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub lang: Lang,
    /// Where the language switch returns to.
    pub back: String,
    pub status: u16,
    pub message: String,
}

pub async fn not_found(headers: HeaderMap) -> Response {
    PageError(
        Failure::NotFound("页面不存在 / page not found".into()),
        Lang::from_headers(&headers),
    )
    .into_response()
}

// ---------------------------------------------------------------- home

struct ChainRow {
    id: String,
    name: String,
    nodes: u32,
    covered: u32,
    completeness: String,
    local_supply: String,
    missing: usize,
    weak: usize,
    output: String,
    source: String,
}

struct FactRow {
    indicator: String,
    value: String,
    unit: String,
    year: i32,
    source: String,
    as_of: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    lang: Lang,
    back: String,
    region_name: String,
    illustrative: bool,
    chains: Vec<ChainRow>,
    /// Chemical parks, whose symbiosis pages exist: (id, name).
    parks: Vec<(String, String)>,
    facts: Vec<FactRow>,
}

pub async fn home(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: OriginalUri,
) -> PageResult {
    let lang = Lang::from_headers(&headers);
    let fail = |f: Failure| PageError(f, lang);
    let summaries = state.app.chains().await.map_err(|e| fail(e.into()))?;
    let mut chains = Vec::new();
    let mut illustrative = false;
    let mut region_name = state.home_region.to_string();
    for c in &summaries {
        let r = state
            .diagnosis(&c.id, state.home_region, None)
            .await
            .map_err(fail)?;
        illustrative |= r.illustrative;
        region_name = lang.t(&r.region.name_zh, &r.region.name_en).to_string();
        let count = |s: NodeStatus| r.nodes.iter().filter(|n| n.status == s).count();
        chains.push(ChainRow {
            id: c.id.clone(),
            name: lang.t(&c.name_zh, &c.name_en).to_string(),
            nodes: r.completeness.total_nodes,
            covered: r.completeness.covered_nodes,
            completeness: percent(r.completeness.weighted_ratio),
            local_supply: rate_with_links(lang, &r.local_supply),
            missing: count(NodeStatus::Missing),
            weak: count(NodeStatus::Weak),
            output: money(r.total_output),
            source: source_line(lang, &r),
        });
    }
    let sources = state.app.sources().await.map_err(|e| fail(e.into()))?;
    let facts = state
        .app
        .facts()
        .await
        .map_err(|e| fail(e.into()))?
        .into_iter()
        .map(|f| FactRow {
            indicator: lang.t(&f.indicator_zh, &f.indicator_en).to_string(),
            value: money(f.value),
            unit: f.unit.clone(),
            year: f.year,
            source: sources
                .iter()
                .find(|s| s.id == f.source)
                .map(|s| {
                    let title = lang.t(&s.title_zh, &s.title_en);
                    if s.publisher.is_empty() {
                        title.to_string()
                    } else {
                        format!("{title}（{}）", s.publisher)
                    }
                })
                .unwrap_or(f.source),
            as_of: f.as_of,
        })
        .collect();
    let parks = state
        .app
        .parks()
        .await
        .map_err(|e| fail(e.into()))?
        .into_iter()
        .filter(|p| p.kind == "chemical")
        .map(|p| (p.id, lang.t(&p.name_zh, &p.name_en).to_string()))
        .collect();
    page(
        &HomePage {
            lang,
            back: back_link(&uri),
            region_name,
            illustrative,
            chains,
            parks,
            facts,
        },
        lang,
    )
}

// ---------------------------------------------------------------- chain map and diagnosis

/// The chain, region and year every chain page shows in its heading and links.
struct ChainHeader {
    chain_id: String,
    chain_name: String,
    region_code: String,
    region_name: String,
    year: String,
}

fn chain_header(
    lang: Lang,
    chain: &liantu_app::ChainRef,
    region: &liantu_app::RegionRef,
    year: Option<i32>,
) -> ChainHeader {
    ChainHeader {
        chain_id: chain.id.clone(),
        chain_name: lang.t(&chain.name_zh, &chain.name_en).to_string(),
        region_code: region.code.to_string(),
        region_name: lang.t(&region.name_zh, &region.name_en).to_string(),
        year: year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
    }
}

/// Region, year and diagnosis named by a chain page's path and query.
async fn page_diagnosis(
    state: &AppState,
    id: &str,
    query: &DiagnosisQuery,
    lang: Lang,
) -> Result<(RegionCode, Option<i32>, std::sync::Arc<DiagnosisReport>), PageError> {
    let fail = |f: Failure| PageError(f, lang);
    let region = query.region(state.home_region).map_err(fail)?;
    let year = query.year().map_err(fail)?;
    let report = state.diagnosis(id, region, year).await.map_err(fail)?;
    Ok((region, year, report))
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file download.
pub(crate) fn attachment(
    body: impl IntoResponse,
    content_type: &'static str,
    filename: &str,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

struct NodeRow {
    id: String,
    name: String,
    stage: &'static str,
    status: &'static str,
    status_key: &'static str,
    firms: u32,
    output: String,
    share: String,
    local_supply: String,
    reason: String,
}

fn node_rows(lang: Lang, report: &DiagnosisReport) -> Vec<NodeRow> {
    report
        .nodes
        .iter()
        .map(|n| NodeRow {
            id: n.id.clone(),
            name: lang.t(&n.name_zh, &n.name_en).to_string(),
            stage: lang.t(n.stage.label_zh(), n.stage.label_en()),
            status: status_label(lang, n.status),
            status_key: n.status.key(),
            firms: n.enterprise_count,
            output: money(n.output),
            share: percent(n.output_share),
            local_supply: rate_with_links(lang, &n.local_supply),
            reason: lang.t(&n.reason_zh, &n.reason_en).to_string(),
        })
        .collect()
}

struct RegionOption {
    code: String,
    name: String,
    selected: bool,
}

async fn region_options(
    state: &AppState,
    lang: Lang,
    selected: RegionCode,
) -> Result<Vec<RegionOption>, Failure> {
    let home = state.home_region;
    Ok(state
        .app
        .regions()
        .await?
        .into_iter()
        .filter(|r| home.contains(&r.code))
        .map(|r| RegionOption {
            code: r.code.to_string(),
            name: format!("{} {}", lang.t(&r.name_zh, &r.name_en), r.code),
            selected: r.code == selected,
        })
        .collect())
}

#[derive(Template)]
#[template(path = "chain.html")]
struct ChainPage {
    lang: Lang,
    back: String,
    head: ChainHeader,
    regions: Vec<RegionOption>,
    completeness: String,
    covered: u32,
    nodes: u32,
    local_supply: String,
    output: String,
    source: String,
    svg: String,
    rows: Vec<NodeRow>,
}

pub async fn chain_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
    headers: HeaderMap,
    uri: OriginalUri,
) -> PageResult {
    let lang = Lang::from_headers(&headers);
    let fail = |f: Failure| PageError(f, lang);
    let (region, year, report) = page_diagnosis(&state, &id, &query, lang).await?;
    let svg = state
        .chain_map(&id, region, year, lang, false)
        .await
        .map_err(fail)?;
    page(
        &ChainPage {
            lang,
            back: back_link(&uri),
            head: chain_header(lang, &report.chain, &report.region, report.year),
            regions: region_options(&state, lang, region).await.map_err(fail)?,
            completeness: percent(report.completeness.weighted_ratio),
            covered: report.completeness.covered_nodes,
            nodes: report.completeness.total_nodes,
            local_supply: rate_with_links(lang, &report.local_supply),
            output: money(report.total_output),
            source: source_line(lang, &report),
            svg: svg.to_string(),
            rows: node_rows(lang, &report),
        },
        lang,
    )
}

pub async fn chain_svg(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
    headers: HeaderMap,
) -> PageResult {
    let lang = Lang::from_headers(&headers);
    let (region, year, _) = page_diagnosis(&state, &id, &query, lang).await?;
    let svg = state
        .chain_map(&id, region, year, lang, true)
        .await
        .map_err(|f| PageError(f, lang))?;
    Ok(attachment(
        svg.to_string(),
        "image/svg+xml; charset=utf-8",
        &format!("{id}-{region}.svg"),
    ))
}

struct LeaderRow {
    uscc: String,
    name: String,
    score: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "diagnosis.html")]
struct DiagnosisPage {
    lang: Lang,
    back: String,
    head: ChainHeader,
    completeness: String,
    covered: u32,
    nodes: u32,
    local_supply: String,
    source: String,
    rows: Vec<NodeRow>,
    leaders: Vec<LeaderRow>,
    risks: Vec<String>,
    rule: String,
}

pub async fn diagnosis_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
    headers: HeaderMap,
    uri: OriginalUri,
) -> PageResult {
    let lang = Lang::from_headers(&headers);
    let (_, _, r) = page_diagnosis(&state, &id, &query, lang).await?;
    page(
        &DiagnosisPage {
            lang,
            back: back_link(&uri),
            head: chain_header(lang, &r.chain, &r.region, r.year),
            completeness: percent(r.completeness.weighted_ratio),
            covered: r.completeness.covered_nodes,
            nodes: r.completeness.total_nodes,
            local_supply: rate_with_links(lang, &r.local_supply),
            source: source_line(lang, &r),
            rows: node_rows(lang, &r),
            leaders: r
                .leaders
                .iter()
                .map(|l| LeaderRow {
                    uscc: l.uscc.clone(),
                    name: l.name.clone(),
                    score: format!("{:.2}", l.score),
                    reason: lang.t(&l.reason_zh, &l.reason_en).to_string(),
                })
                .collect(),
            risks: r
                .nodes
                .iter()
                .filter_map(|n| {
                    n.single_supplier_risk.as_ref().map(|c| {
                        format!(
                            "{}：{} {}",
                            lang.t(&n.name_zh, &n.name_en),
                            c.name,
                            percent(Some(c.share))
                        )
                    })
                })
                .collect(),
            rule: lang.t(&r.rule_zh, &r.rule_en).to_string(),
        },
        lang,
    )
}

pub async fn diagnosis_csv(
    state: State<AppState>,
    Path(id): Path<String>,
    query: Query<DiagnosisQuery>,
    headers: HeaderMap,
) -> PageResult {
    diagnosis_download(state, id, false, query, headers).await
}

pub async fn diagnosis_xlsx(
    state: State<AppState>,
    Path(id): Path<String>,
    query: Query<DiagnosisQuery>,
    headers: HeaderMap,
) -> PageResult {
    diagnosis_download(state, id, true, query, headers).await
}

async fn diagnosis_download(
    State(state): State<AppState>,
    id: String,
    xlsx: bool,
    Query(query): Query<DiagnosisQuery>,
    headers: HeaderMap,
) -> PageResult {
    let lang = Lang::from_headers(&headers);
    let fail = |f: Failure| PageError(f, lang);
    let (region, _, report) = page_diagnosis(&state, &id, &query, lang).await?;
    Ok(if xlsx {
        attachment(
            crate::export::diagnosis_xlsx(&report).map_err(fail)?,
            XLSX,
            &format!("{id}-{region}-diagnosis.xlsx"),
        )
    } else {
        attachment(
            crate::export::diagnosis_csv(&report).map_err(fail)?,
            "text/csv; charset=utf-8",
            &format!("{id}-{region}-diagnosis.csv"),
        )
    })
}

// ---------------------------------------------------------------- node

struct EnterpriseFigureRow {
    uscc: String,
    name: String,
    output: String,
    share: String,
}

struct PartyRow {
    uscc: String,
    name: String,
    region: String,
    local: bool,
    value: String,
    links: u32,
}

struct NeighbourRow {
    id: String,
    name: String,
    status: &'static str,
    status_key: &'static str,
    by_product: bool,
}

#[derive(Template)]
#[template(path = "node.html")]
struct NodePage {
    lang: Lang,
    back: String,
    head: ChainHeader,
    node_name: String,
    stage: &'static str,
    status: &'static str,
    status_key: &'static str,
    reason: String,
    codes: String,
    firms: u32,
    output: String,
    share: String,
    local_supply: String,
    risk: String,
    source: String,
    enterprises: Vec<EnterpriseFigureRow>,
    suppliers: Vec<PartyRow>,
    buyers: Vec<PartyRow>,
    inputs: Vec<NeighbourRow>,
    outputs: Vec<NeighbourRow>,
    rule: String,
}

pub async fn node_page(
    State(state): State<AppState>,
    Path((id, node_id)): Path<(String, String)>,
    Query(query): Query<DiagnosisQuery>,
    headers: HeaderMap,
    uri: OriginalUri,
) -> PageResult {
    let lang = Lang::from_headers(&headers);
    let fail = |f: Failure| PageError(f, lang);
    let (region, year, report) = page_diagnosis(&state, &id, &query, lang).await?;
    let detail = state
        .node_detail(&id, region, year, &node_id)
        .await
        .map_err(fail)?;
    let n: &NodeView = &detail.node;
    let party = |p: &liantu_app::Counterparty| PartyRow {
        uscc: p.uscc.clone().unwrap_or_default(),
        name: p.name.clone(),
        region: p.region.to_string(),
        local: p.local,
        value: money(p.value),
        links: p.links,
    };
    let neighbour = |x: &liantu_app::Neighbour| NeighbourRow {
        id: x.id.clone(),
        name: lang.t(&x.name_zh, &x.name_en).to_string(),
        status: status_label(lang, x.status),
        status_key: x.status.key(),
        by_product: x.kind == EdgeKind::ByProduct,
    };
    page(
        &NodePage {
            lang,
            back: back_link(&uri),
            head: chain_header(lang, &detail.chain, &detail.region, detail.year),
            node_name: lang.t(&n.name_zh, &n.name_en).to_string(),
            stage: lang.t(n.stage.label_zh(), n.stage.label_en()),
            status: status_label(lang, n.status),
            status_key: n.status.key(),
            reason: lang.t(&n.reason_zh, &n.reason_en).to_string(),
            codes: n
                .industry_codes
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            firms: n.enterprise_count,
            output: money(n.output),
            share: percent(n.output_share),
            local_supply: rate_with_links(lang, &n.local_supply),
            risk: n
                .single_supplier_risk
                .as_ref()
                .map(|r| format!("{} {}", r.name, percent(Some(r.share))))
                .unwrap_or_default(),
            source: source_line(lang, &report),
            enterprises: n
                .enterprises
                .iter()
                .map(|e| EnterpriseFigureRow {
                    uscc: e.uscc.clone(),
                    name: e.name.clone(),
                    output: e.output.map(money).unwrap_or_else(|| "—".into()),
                    share: percent(e.share_of_node),
                })
                .collect(),
            suppliers: detail.suppliers.iter().map(party).collect(),
            buyers: detail.buyers.iter().map(party).collect(),
            inputs: detail.inputs.iter().map(neighbour).collect(),
            outputs: detail.outputs.iter().map(neighbour).collect(),
            rule: lang.t(&report.rule_zh, &report.rule_en).to_string(),
        },
        lang,
    )
}

// ---------------------------------------------------------------- enterprises

struct SelectOption {
    value: String,
    label: String,
    selected: bool,
}

struct EnterpriseRow {
    uscc: String,
    name: String,
    region: String,
    ownership: String,
    above_scale: bool,
    industry: String,
    output: String,
}

#[derive(Template)]
#[template(path = "enterprises.html")]
struct EnterprisesPage {
    lang: Lang,
    back: String,
    q: String,
    regions: Vec<SelectOption>,
    parks: Vec<SelectOption>,
    chains: Vec<SelectOption>,
    nodes: Vec<SelectOption>,
    ownerships: Vec<SelectOption>,
    scales: Vec<SelectOption>,
    total: i64,
    page: u32,
    pages: i64,
    items: Vec<EnterpriseRow>,
    prev: Option<String>,
    next: Option<String>,
}

fn ownership_label(lang: Lang, key: &str) -> String {
    key.parse::<Ownership>()
        .map(|o| lang.t(o.label_zh(), o.label_en()).to_string())
        .unwrap_or_else(|_| key.to_string())
}

/// The list URL for another page, keeping the filters.
fn page_url(query: &EnterpriseQuery, page: u32) -> String {
    let mut parts = Vec::new();
    let mut push = |k: &str, v: &Option<String>| {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            let encoded: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            parts.push(format!("{k}={encoded}"));
        }
    };
    push("q", &query.q);
    push("region", &query.region);
    push("park", &query.park);
    push("chain", &query.chain);
    push("node", &query.node);
    push("ownership", &query.ownership);
    push("above_scale", &query.above_scale);
    push("page_size", &query.page_size);
    parts.push(format!("page={page}"));
    format!("/enterprises?{}", parts.join("&"))
}

pub async fn enterprises_page(
    State(state): State<AppState>,
    Query(query): Query<EnterpriseQuery>,
    headers: HeaderMap,
    uri: OriginalUri,
) -> PageResult {
    let lang = Lang::from_headers(&headers);
    let fail = |f: Failure| PageError(f, lang);
    let paging = query.paging().map_err(fail)?;
    let filter = query.filter().map_err(fail)?;
    let result = state
        .app
        .enterprises(&filter, paging.offset(), i64::from(paging.page_size))
        .await
        .map_err(|e| fail(e.into()))?;
    let regions = state.app.regions().await.map_err(|e| fail(e.into()))?;
    let selected = |v: &str, current: &Option<String>| current.as_deref() == Some(v);
    let region_options = regions
        .iter()
        .filter(|r| state.home_region.contains(&r.code))
        .map(|r| SelectOption {
            value: r.code.to_string(),
            label: lang.t(&r.name_zh, &r.name_en).to_string(),
            selected: selected(r.code.as_str(), &query.region),
        })
        .collect();
    let parks = state
        .app
        .parks()
        .await
        .map_err(|e| fail(e.into()))?
        .into_iter()
        .map(|p| SelectOption {
            selected: selected(&p.id, &query.park),
            label: lang.t(&p.name_zh, &p.name_en).to_string(),
            value: p.id,
        })
        .collect();
    let chain_summaries = state.app.chains().await.map_err(|e| fail(e.into()))?;
    let chains = chain_summaries
        .iter()
        .map(|c| SelectOption {
            value: c.id.clone(),
            label: lang.t(&c.name_zh, &c.name_en).to_string(),
            selected: selected(&c.id, &query.chain),
        })
        .collect();
    let nodes = match filter.chain.as_deref() {
        Some(chain) => match state.chain(chain).await {
            Ok(c) => c
                .nodes
                .iter()
                .map(|n| SelectOption {
                    value: n.id.clone(),
                    label: lang.t(&n.name_zh, &n.name_en).to_string(),
                    selected: selected(&n.id, &query.node),
                })
                .collect(),
            Err(_) => Vec::new(),
        },
        None => Vec::new(),
    };
    let ownerships = Ownership::ALL
        .iter()
        .map(|o| SelectOption {
            value: o.key().to_string(),
            label: lang.t(o.label_zh(), o.label_en()).to_string(),
            selected: selected(o.key(), &query.ownership),
        })
        .collect();
    let scales = [("1", "规上", "Above scale"), ("0", "规下", "Below scale")]
        .iter()
        .map(|(v, zh, en)| SelectOption {
            value: v.to_string(),
            label: lang.t(zh, en).to_string(),
            selected: selected(v, &query.above_scale),
        })
        .collect();
    let size = i64::from(paging.page_size);
    let pages = ((result.total + size - 1) / size).max(1);
    let items = result
        .items
        .into_iter()
        .map(|e| EnterpriseRow {
            region: e.region_name.unwrap_or(e.region),
            ownership: ownership_label(lang, &e.ownership),
            above_scale: e.above_scale,
            industry: e.industry_code.unwrap_or_default(),
            output: match (e.latest_output, e.latest_year) {
                (Some(v), Some(y)) => format!("{}（{y}）", money(v)),
                _ => "—".into(),
            },
            uscc: e.uscc,
            name: e.name,
        })
        .collect();
    page(
        &EnterprisesPage {
            lang,
            back: back_link(&uri),
            q: query.q.clone().unwrap_or_default(),
            regions: region_options,
            parks,
            chains,
            nodes,
            ownerships,
            scales,
            total: result.total,
            page: paging.page,
            pages,
            items,
            prev: (paging.page > 1).then(|| page_url(&query, paging.page - 1)),
            next: (i64::from(paging.page) < pages).then(|| page_url(&query, paging.page + 1)),
        },
        lang,
    )
}

struct YearRow {
    year: i32,
    output: String,
    value_added: String,
    revenue: String,
    tax: String,
    employees: String,
    rd: String,
    exports: String,
    source: String,
}

struct MembershipRow {
    chain: String,
    chain_name: String,
    node: String,
    node_name: String,
    share: String,
}

#[derive(Template)]
#[template(path = "enterprise.html")]
struct EnterprisePage {
    lang: Lang,
    back: String,
    name: String,
    uscc: String,
    uscc_illustrative: bool,
    region: String,
    park: String,
    ownership: String,
    industry: String,
    products: String,
    business_scope: String,
    flags: String,
    land: String,
    founded: String,
    years: Vec<YearRow>,
    memberships: Vec<MembershipRow>,
}

pub async fn enterprise_page(
    State(state): State<AppState>,
    Path(uscc): Path<String>,
    headers: HeaderMap,
    uri: OriginalUri,
) -> PageResult {
    let lang = Lang::from_headers(&headers);
    let fail = |f: Failure| PageError(f, lang);
    let detail = state
        .app
        .enterprise(&uscc)
        .await
        .map_err(|e| fail(e.into()))?;
    let sources = state.app.sources().await.map_err(|e| fail(e.into()))?;
    let source_title = |id: &str| {
        sources
            .iter()
            .find(|s| s.id == id)
            .map(|s| lang.t(&s.title_zh, &s.title_en).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let e = &detail.enterprise;
    let opt = |v: Option<f64>| v.map(money).unwrap_or_else(|| "—".into());
    let mut flags = Vec::new();
    if e.above_scale {
        flags.push(lang.t("规上", "above scale"));
    }
    if e.high_tech {
        flags.push(lang.t("高新技术企业", "high-tech"));
    }
    if e.specialized {
        flags.push(lang.t("专精特新", "specialised & innovative"));
    }
    if e.listed {
        flags.push(lang.t("上市", "listed"));
    }
    page(
        &EnterprisePage {
            lang,
            back: back_link(&uri),
            name: e.name.clone(),
            uscc: e.uscc.to_string(),
            uscc_illustrative: e.uscc_illustrative,
            region: format!(
                "{} {}",
                detail.region_name.clone().unwrap_or_default(),
                e.region
            ),
            park: detail.park_name.clone().unwrap_or_else(|| "—".into()),
            ownership: lang
                .t(e.ownership.label_zh(), e.ownership.label_en())
                .to_string(),
            industry: e
                .industry_code
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_else(|| "—".into()),
            products: e.main_products.clone(),
            business_scope: e.business_scope.clone().unwrap_or_else(|| "—".into()),
            flags: if flags.is_empty() {
                "—".into()
            } else {
                flags.join("、")
            },
            land: opt(e.land_mu),
            founded: e
                .founded
                .map(|y| y.to_string())
                .unwrap_or_else(|| "—".into()),
            years: detail
                .years
                .iter()
                .map(|y| YearRow {
                    year: y.year,
                    output: opt(y.output),
                    value_added: opt(y.value_added),
                    revenue: opt(y.revenue),
                    tax: opt(y.tax),
                    employees: y
                        .employees
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "—".into()),
                    rd: opt(y.rd_expense),
                    exports: opt(y.exports),
                    source: format!("{} · {}", source_title(&y.source), y.as_of),
                })
                .collect(),
            memberships: detail
                .memberships
                .iter()
                .map(|m| MembershipRow {
                    chain: m.chain.clone(),
                    chain_name: lang.t(&m.chain_name_zh, &m.chain_name_en).to_string(),
                    node: m.node.clone(),
                    node_name: match lang {
                        Lang::Zh => m.node_name_zh.clone(),
                        Lang::En => m.node_name_en.clone(),
                    }
                    .unwrap_or_else(|| m.node.clone()),
                    share: m.share.map(|s| percent(Some(s))).unwrap_or_default(),
                })
                .collect(),
        },
        lang,
    )
}

// ---------------------------------------------------------------- language, static files

#[derive(serde::Deserialize)]
pub struct BackQuery {
    back: Option<String>,
}

/// Sets the language cookie (one year) and returns to the page the user was on.
pub async fn set_lang(Path(code): Path<String>, Query(q): Query<BackQuery>) -> Response {
    let value = match code.as_str() {
        "en" => "en",
        _ => "zh",
    };
    // Only same-site paths: never redirect to another host.
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let mut response = Redirect::to(&back).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "lang={value}; Path=/; Max-Age=31536000; SameSite=Lax"
    )) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// Our stylesheet followed by the chain map's, so inline maps are styled by classes.
static STYLESHEET: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{}\n/* chain map */\n{}",
        include_str!("../static/style.css"),
        liantu_chainmap::STYLE
    )
});

pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLESHEET.as_str(),
    )
        .into_response()
}

pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../static/app.js"),
    )
        .into_response()
}
