//! The growth-opportunity page, its downloads and its API.

use crate::api_params::{self, ApiQuery};
use crate::auth::Acting;
use crate::error::{ApiError, Failure, PageError};
use crate::lang::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::{OriginalUri, Query};
use axum::response::{IntoResponse, Response};
use liantu_app::{GrowthReport, GrowthRequest, IndustryView};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GrowthQuery {
    /// Panel id; default the demo panel, else the first.
    #[param(
        pattern = "^[a-z]([a-z0-9-]{0,62}[a-z0-9])?$",
        example = "demo-city-industry"
    )]
    pub panel: Option<String>,
    /// Region code as used in the panel; default the city's code (blank = default).
    pub region: Option<String>,
    /// Period as used in the panel; default the latest (blank = default).
    pub time: Option<String>,
    /// Peer group: region codes to compare with (RCA within the group), separated by commas or
    /// spaces; blank = every region in the panel. With `region`, the group needs two regions
    /// with data.
    #[param(example = "450100,440300,360500")]
    pub peers: Option<String>,
    /// Rank missing industries by `density` (default), `pci` or `cog`.
    #[param(value_type = Option<liantu_app::GrowthSort>, inline)]
    pub sort: Option<String>,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl GrowthQuery {
    async fn request(&self, state: &AppState) -> Result<GrowthRequest, Failure> {
        let panel = match present(&self.panel) {
            Some(p) => p.to_string(),
            None => {
                let panels = state.app.panels().await?;
                panels
                    .iter()
                    .find(|p| p.id == liantu_app::DEMO_PANEL)
                    .or(panels.first())
                    .map(|p| p.id.clone())
                    .ok_or_else(|| {
                        Failure::NotFound(
                            "还没有导入区域×行业数据面板（liantu panel import）/ no region × industry panel imported yet (liantu panel import)".into(),
                        )
                    })?
            }
        };
        let mut request = GrowthRequest::new(
            &panel,
            present(&self.region).unwrap_or(state.home_region.as_str()),
        );
        request.time = present(&self.time).map(str::to_string);
        request.sort = present(&self.sort)
            .unwrap_or("density")
            .parse()
            .map_err(Failure::from)?;
        // A list with no code in it (",") names no peer group, like a blank one.
        request.peers = present(&self.peers)
            .map(|p| {
                p.split([',', '，', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|peers| !peers.is_empty());
        Ok(request)
    }

    /// The same query, for download links.
    fn encoded(&self, request: &GrowthRequest) -> String {
        let enc = |s: &str| -> String {
            s.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect()
        };
        let mut q = format!(
            "panel={}&region={}&time={}",
            enc(&request.panel),
            enc(&request.region),
            enc(request.time.as_deref().unwrap_or(""))
        );
        if let Some(p) = present(&self.peers) {
            q.push_str(&format!("&peers={}", enc(p)));
        }
        if let Some(s) = present(&self.sort) {
            q.push_str(&format!("&sort={}", enc(s)));
        }
        q
    }
}

async fn report(state: &AppState, request: &GrowthRequest) -> Result<GrowthReport, Failure> {
    state
        .app
        .growth_opportunities(request)
        .await
        .map_err(Failure::from)
}

struct Opt {
    value: String,
    label: String,
    selected: bool,
}

struct NodeLink {
    chain: String,
    node: String,
    label: String,
}

struct Row {
    code: String,
    name: String,
    density: String,
    pci: String,
    cog: String,
    rca: String,
    nodes: Vec<NodeLink>,
}

fn row(lang: Lang, o: &IndustryView) -> Row {
    let f = |v: Option<f64>, d: usize| v.map(|v| format!("{v:.d$}")).unwrap_or_else(|| "—".into());
    Row {
        code: o.industry.clone(),
        name: o.name.clone(),
        density: f(o.density, 3),
        pci: f(o.pci, 2),
        cog: f(Some(o.cog), 2),
        rca: f(Some(o.rca), 2),
        nodes: o
            .chain_nodes
            .iter()
            .map(|n| NodeLink {
                chain: n.chain.clone(),
                node: n.node.clone(),
                label: format!(
                    "{} › {}",
                    lang.t(&n.chain_name_zh, &n.chain_name_en),
                    lang.t(&n.node_name_zh, &n.node_name_en)
                ),
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "growth.html")]
struct GrowthPage {
    lang: Lang,
    back: String,
    panel: String,
    panel_name: String,
    region_name: String,
    regions: Vec<Opt>,
    times: Vec<Opt>,
    sorts: Vec<Opt>,
    sort_label: String,
    peers: String,
    illustrative: bool,
    time: String,
    locations: usize,
    products: usize,
    eci: String,
    strengths_count: usize,
    source: String,
    query: String,
    chart: String,
    opportunities: Vec<Row>,
    strengths: Vec<Row>,
}

pub async fn page(
    Acting(state): Acting,
    Query(query): Query<GrowthQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let request = query.request(&state).await?;
    let r = report(&state, &request).await?;
    let data = state.app.panel_period(&r.panel, &r.time).await?;
    let mut regions: Vec<Opt> = data
        .region_names
        .iter()
        .map(|(code, name)| Opt {
            value: code.clone(),
            label: format!("{name} {code}"),
            selected: *code == r.region,
        })
        .collect();
    regions.sort_by(|a, b| a.value.cmp(&b.value));
    let page = GrowthPage {
        lang,
        back: crate::render::back_link(&uri),
        panel: r.panel.clone(),
        panel_name: lang.t(&r.panel_name_zh, &r.panel_name_en).to_string(),
        region_name: if r.region_name.is_empty() {
            r.region.clone()
        } else {
            format!("{} {}", r.region_name, r.region)
        },
        regions,
        times: r
            .times
            .iter()
            .map(|t| Opt {
                value: t.clone(),
                label: t.clone(),
                selected: *t == r.time,
            })
            .collect(),
        sorts: [
            (
                "density",
                "按可行性（关联密度）",
                "by feasibility (density)",
            ),
            ("pci", "按复杂度（PCI）", "by complexity (PCI)"),
            ("cog", "按机会增益（COG）", "by outlook gain (COG)"),
        ]
        .iter()
        .map(|(v, zh, en)| Opt {
            value: v.to_string(),
            label: lang.t(zh, en).to_string(),
            selected: *v == sort_key(r.sort),
        })
        .collect(),
        sort_label: match r.sort {
            liantu_app::GrowthSort::Density => lang.t("按可行性排序", "by feasibility"),
            liantu_app::GrowthSort::Pci => lang.t("按复杂度排序", "by complexity"),
            liantu_app::GrowthSort::Cog => lang.t("按机会增益排序", "by outlook gain"),
        }
        .to_string(),
        peers: query.peers.clone().unwrap_or_default(),
        illustrative: r.illustrative,
        time: r.time.clone(),
        locations: r.locations,
        products: r.products,
        eci: r
            .eci
            .map(|e| format!("{e:.2}"))
            .unwrap_or_else(|| "—".into()),
        strengths_count: r.strengths.len(),
        source: r
            .source
            .as_ref()
            .map(|s| lang.t(&s.title_zh, &s.title_en).to_string())
            .unwrap_or_default(),
        query: query.encoded(&request),
        chart: crate::quadrant::growth_quadrant(&r, lang),
        opportunities: r.opportunities.iter().map(|o| row(lang, o)).collect(),
        strengths: r.strengths.iter().map(|o| row(lang, o)).collect(),
    };
    crate::render::page(&page)
}

fn sort_key(sort: liantu_app::GrowthSort) -> &'static str {
    match sort {
        liantu_app::GrowthSort::Density => "density",
        liantu_app::GrowthSort::Pci => "pci",
        liantu_app::GrowthSort::Cog => "cog",
    }
}

fn table_rows(r: &GrowthReport) -> impl Iterator<Item = &IndustryView> {
    r.opportunities.iter().chain(r.strengths.iter())
}

async fn download(
    state: AppState,
    query: GrowthQuery,
    lang: Lang,
    xlsx: bool,
) -> Result<Response, PageError> {
    let request = query.request(&state).await?;
    let r = report(&state, &request).await?;
    let name = format!("growth-{}-{}", r.region, r.time);
    let table = liantu_app::growth_table(&r, table_rows(&r));
    if xlsx {
        crate::render::xlsx_download(&table, lang, &format!("{name}.xlsx"))
    } else {
        Ok(crate::render::csv_download(
            &table,
            lang,
            &format!("{name}.csv"),
        ))
    }
}

pub async fn csv_download(
    Acting(state): Acting,
    Query(query): Query<GrowthQuery>,
    lang: Lang,
) -> Result<Response, PageError> {
    download(state, query, lang, false).await
}

pub async fn xlsx_download(
    Acting(state): Acting,
    Query(query): Query<GrowthQuery>,
    lang: Lang,
) -> Result<Response, PageError> {
    download(state, query, lang, true).await
}

#[utoipa::path(get, path = "/api/v1/growth", tag = "growth",
    params(GrowthQuery),
    responses(
        (status = 200, description = "Growth opportunities", body = liantu_app::GrowthReport),
        (status = 400, description = "Malformed panel id or sort, or a peer group with fewer than two regions with data", body = crate::error::ErrorBody),
        (status = 404, description = "Unknown panel (or none imported), or a region or period the panel does not have", body = crate::error::ErrorBody)))]
pub async fn api(
    Acting(state): Acting,
    ApiQuery(query): ApiQuery<GrowthQuery>,
) -> Result<Response, ApiError> {
    if let Some(panel) = &query.panel {
        api_params::chain_id("panel", panel)?;
    }
    if let Some(sort) = &query.sort {
        api_params::one_of("sort", sort, &["density", "pci", "cog"])?;
    }
    let request = query.request(&state).await?;
    let r = report(&state, &request).await?;
    Ok(Json(r).into_response())
}

/// One imported panel.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PanelItem {
    id: String,
    name_zh: String,
    name_en: String,
    measure: String,
    source: String,
    rows: i64,
    times: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/panels", tag = "growth",
    responses((status = 200, description = "Imported region × industry panels", body = Vec<PanelItem>)))]
pub async fn panels(Acting(state): Acting) -> Result<Json<Vec<PanelItem>>, ApiError> {
    Ok(Json(
        state
            .app
            .panels()
            .await?
            .into_iter()
            .map(|p| PanelItem {
                id: p.id,
                name_zh: p.name_zh,
                name_en: p.name_en,
                measure: p.measure,
                source: p.source,
                rows: p.rows,
                times: p.times,
            })
            .collect(),
    ))
}
