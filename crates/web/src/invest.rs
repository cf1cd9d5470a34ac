//! Precision investment (精准招商) ranking and 亩均论英雄 grading: pages, XLSX, API.

use crate::auth::Acting;
use crate::error::{ApiError, Failure, PageError};
use crate::lang::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::{OriginalUri, Query};
use axum::response::{IntoResponse, Response};
use liantu_app::invest::{GradingReport, GradingRequest, Indicator, RankingReport, RankingRequest};
use liantu_app::model::RegionCode;
use std::fmt::Write;

/// One colour per criterion, in `RankingReport::criteria` order.
const COLOURS: [&str; 8] = [
    "#2e8b57", "#2f6fba", "#8e44ad", "#e08a1e", "#16a085", "#7f8c8d", "#c0392b", "#34495e",
];

/// The city's ranking, rows `window` of it (`None`: all, for a download).
async fn ranking(
    state: &AppState,
    window: Option<(usize, usize)>,
) -> Result<RankingReport, Failure> {
    let profile = liantu_app::invest::default_profile()?;
    Ok(state
        .app
        .candidate_ranking(&RankingRequest {
            region: state.home_region,
            profile,
            year: None,
            explain_top: None,
            window,
        })
        .await?)
}

/// The grading page's filters: a county (graded and ranked among its own firms), a park or a
/// chain (the city's grading, those firms' rows).
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GradingQuery {
    /// A county or district of the city (GB/T 2260): graded and ranked among its own firms;
    /// default the whole city.
    #[param(pattern = "^[0-9]{6}$", example = "450224")]
    region: Option<String>,
    /// Park id: those firms' rows of the region's grading.
    park: Option<String>,
    /// Chain id: its member firms' rows of the region's grading.
    chain: Option<String>,
    /// Page of rows, from 1 (graded by rank, then the firms not graded).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    /// Rows per page, 1–1000 (default 500 in the API, 100 on the page).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    page_size: Option<String>,
}

/// Rows of the grading per page on the page, in the API by default, and at most.
const PAGE_ROWS: u32 = 100;
const API_ROWS: u32 = 500;
const MAX_ROWS: u32 = 1000;

/// What a query value keeps unescaped: ids such as `luzhai-chem` stay readable.
pub(crate) const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.');

impl GradingQuery {
    fn given(v: &Option<String>) -> Option<String> {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(String::from)
    }

    /// The rows asked for: `page` of `default` (or `page_size`) rows.
    fn window(&self, default: u32) -> Result<(crate::params::Paging, (usize, usize)), Failure> {
        let paging = crate::params::paging(&self.page, &self.page_size, default, MAX_ROWS)?;
        let window = paging.window();
        Ok((paging, window))
    }

    /// The query again (filters only), for the download link.
    fn query_string(&self) -> String {
        let pairs: Vec<String> = [
            ("region", &self.region),
            ("park", &self.park),
            ("chain", &self.chain),
        ]
        .into_iter()
        .filter_map(|(k, v)| {
            Self::given(v).map(|v| {
                format!(
                    "{k}={}",
                    percent_encoding::utf8_percent_encode(&v, QUERY_VALUE)
                )
            })
        })
        .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

/// The grading `query` asks for, rows `window` of it (`None`: all, for a download).
async fn grading(
    state: &AppState,
    query: &GradingQuery,
    window: Option<(usize, usize)>,
) -> Result<GradingReport, Failure> {
    let profile = liantu_app::invest::default_profile()?;
    let region = match GradingQuery::given(&query.region) {
        Some(code) => {
            let code = RegionCode::parse(&code).map_err(|e| Failure::BadRequest(e.to_string()))?;
            // Not the city's: nothing of it is served here, like a region the city lacks (404);
            // the code itself was well formed.
            if !state.home_region.contains(&code) {
                return Err(Failure::NotFound(format!(
                    "区域 {code} 不在本市 / region {code} is outside the city"
                )));
            }
            code
        }
        None => state.home_region,
    };
    Ok(state
        .app
        .enterprise_grading(&GradingRequest {
            region,
            year: None,
            profile,
            park: GradingQuery::given(&query.park),
            chain: GradingQuery::given(&query.chain),
            window,
        })
        .await?)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A stacked horizontal bar of a candidate's points by criterion, scaled to the maximum total.
fn points_bar(points: &[(String, f64)], max_total: f64) -> String {
    const W: f64 = 240.0;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="points-bar" viewBox="0 0 {W} 16" width="{W}" height="16" role="img"><rect width="{W}" height="16" fill="#f3f6f9"/>"##
    );
    let mut x = 0.0;
    for (i, (label, p)) in points.iter().enumerate() {
        let w = if max_total > 0.0 {
            W * p.max(0.0) / max_total
        } else {
            0.0
        };
        if w > 0.0 {
            let _ = write!(
                svg,
                r##"<rect x="{x:.1}" width="{w:.1}" height="16" fill="{}"><title>{} {p:.2}</title></rect>"##,
                COLOURS[i % COLOURS.len()],
                esc(label)
            );
        }
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

struct NodeCell {
    chain: String,
    node: String,
    name: String,
    status: &'static str,
    status_key: &'static str,
}

struct RankRow {
    rank: String,
    name: String,
    park: String,
    eligible: bool,
    nodes: Vec<NodeCell>,
    total: String,
    bar: String,
    why: String,
    gates: Vec<String>,
    criteria: Vec<String>,
}

#[derive(Template)]
#[template(path = "ranking.html")]
struct RankingPage {
    lang: Lang,
    back: String,
    region_name: String,
    illustrative: bool,
    profile: String,
    eligible: usize,
    total: usize,
    io_table: String,
    sources: String,
    legend: String,
    rows: Vec<RankRow>,
    pager: crate::params::Pager,
}

pub async fn ranking_page(
    Acting(state): Acting,
    Query(q): Query<crate::params::ListQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let paging = q.paging(crate::params::LIST_PAGE_ROWS)?;
    let r = ranking(&state, Some(paging.window())).await?;
    let pager = crate::params::Pager::new(&paging, r.total, "/invest");
    let legend = r
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                r#"<svg class="swatch" viewBox="0 0 1 1" aria-hidden="true"><rect width="1" height="1" fill="{}"/></svg>{}（{}）"#,
                COLOURS[i % COLOURS.len()],
                esc(lang.t(c.label_zh, c.label_en)),
                c.weight
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let rows = r
        .results
        .iter()
        .map(|c| {
            let s = &c.score;
            let points: Vec<(String, f64)> = s
                .criteria
                .iter()
                .map(|k| (lang.t(&k.label_zh, &k.label_en).to_string(), k.points))
                .collect();
            RankRow {
                rank: if s.eligible {
                    s.rank.to_string()
                } else {
                    "—".into()
                },
                name: s.name.clone(),
                park: match lang {
                    Lang::Zh => c.park_name_zh.clone(),
                    Lang::En => c.park_name_en.clone(),
                }
                .unwrap_or_default(),
                eligible: s.eligible,
                nodes: c
                    .nodes
                    .iter()
                    .map(|n| NodeCell {
                        chain: n.chain.clone(),
                        node: n.node.clone(),
                        name: lang.t(&n.name_zh, &n.name_en).to_string(),
                        status: n
                            .status
                            .map_or("—", |st| lang.t(st.label_zh(), st.label_en())),
                        status_key: n.status.map_or("none", |st| st.key()),
                    })
                    .collect(),
                total: format!("{:.2} / {:.0}", s.total, s.max_total),
                bar: points_bar(&points, s.max_total),
                why: lang.t(&s.why_zh, &s.why_en).to_string(),
                gates: s
                    .gate_failures
                    .iter()
                    .map(|g| lang.t(&g.reason_zh, &g.reason_en).to_string())
                    .collect(),
                criteria: s
                    .criteria
                    .iter()
                    .map(|k| {
                        format!(
                            "{} {:.2}：{}",
                            lang.t(&k.label_zh, &k.label_en),
                            k.points,
                            lang.t(&k.reason_zh, &k.reason_en)
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    crate::render::page(&RankingPage {
        lang,
        back: crate::render::back_link(&uri),
        region_name: lang.t(&r.region.name_zh, &r.region.name_en).to_string(),
        illustrative: r.illustrative,
        profile: format!(
            "{} v{}（{}）",
            lang.t(&r.profile.name_zh, &r.profile.name_en),
            r.profile.version,
            r.profile.valid_from
        ),
        eligible: r.eligible,
        total: r.total,
        io_table: r.io_table.clone().unwrap_or_else(|| "—".into()),
        sources: liantu_app::source_line(&r.sources, None, lang.model()),
        legend,
        rows,
        pager,
    })
}

pub async fn ranking_download(Acting(state): Acting, lang: Lang) -> Result<Response, PageError> {
    let r = ranking(&state, None).await?;
    crate::render::xlsx_download(&liantu_app::invest::ranking_table(&r), lang, "ranking.xlsx")
}

#[utoipa::path(get, path = "/api/v1/ranking", tag = "invest",
    params(crate::params::ListQuery),
    responses(
        (status = 200, description = "Candidates ranked by the region's profile: one page of `results` (500 by default), `total` of all", body = RankingReport),
        (status = 400, description = "A page or page size out of range", body = crate::error::ErrorBody),
        (status = 404, description = "The city's region is not in the database (nothing imported yet)", body = crate::error::ErrorBody)))]
pub async fn ranking_api(
    Acting(state): Acting,
    crate::api_params::ApiQuery(q): crate::api_params::ApiQuery<crate::params::ListQuery>,
) -> Result<Response, ApiError> {
    let paging = q.paging(crate::params::LIST_API_ROWS)?;
    Ok(Json(ranking(&state, Some(paging.window())).await?).into_response())
}

struct GradeRow {
    rank: String,
    uscc: String,
    name: String,
    grade: String,
    score: String,
    values: Vec<String>,
    note: String,
}

#[derive(Template)]
#[template(path = "grading.html")]
struct GradingPage {
    lang: Lang,
    back: String,
    region_name: String,
    year: i32,
    illustrative: bool,
    profile: String,
    graded: u32,
    not_graded: u32,
    sources: String,
    chart: String,
    indicator_heads: Vec<String>,
    rows: Vec<GradeRow>,
    filters: GradingFilters,
    /// The Excel download of what is shown.
    download: String,
    /// The most points a firm can score.
    max_score: String,
    /// Rows in the view, and which page of them this is.
    rows_total: u32,
    /// Firms of the view without figures for the year (not graded, not listed).
    without_figures: u32,
    pager: crate::params::Pager,
}

/// Bars of the grade distribution, each labelled with its count above and its grade below: the
/// grade's letter on one line and its meaning (（优先支持）…) on the next, so neighbouring labels
/// never run into each other.
fn distribution_svg(r: &GradingReport, lang: Lang) -> String {
    const W: f64 = 480.0;
    const H: f64 = 220.0;
    const STEP: f64 = 115.0;
    const BAR: f64 = 64.0;
    let max = r
        .distribution
        .iter()
        .map(|d| d.count)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="distribution" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}">"##,
        esc(lang.t("等级分布", "Grade distribution"))
    );
    let colours = ["#2e8b57", "#2f6fba", "#e08a1e", "#c0392b"];
    for (i, d) in r.distribution.iter().enumerate() {
        let h = (H - 70.0) * f64::from(d.count) / max;
        let x = 20.0 + i as f64 * STEP;
        let mid = x + BAR / 2.0;
        let label = lang.t(d.label_zh, d.label_en);
        let (head, tail) = match label.find(['（', '(']) {
            Some(at) => label.split_at(at),
            None => (label, ""),
        };
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{:.1}" width="{BAR}" height="{h:.1}" fill="{}"/><text x="{mid:.1}" y="{:.1}" text-anchor="middle" font-size="13">{}</text><text x="{mid:.1}" y="{:.1}" text-anchor="middle" font-size="13">{}</text><text x="{mid:.1}" y="{:.1}" text-anchor="middle" font-size="12" fill="#475569">{}</text>"##,
            H - 45.0 - h,
            colours[i % colours.len()],
            H - 50.0 - h,
            d.count,
            H - 27.0,
            esc(head.trim()),
            H - 9.0,
            esc(tail.trim()),
        );
    }
    svg.push_str("</svg>");
    svg
}

pub async fn grading_page(
    Acting(state): Acting,
    Query(query): Query<GradingQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let (paging, window) = query.window(PAGE_ROWS)?;
    let r = grading(&state, &query, Some(window)).await?;
    let filters = grading_filters(&state, &query, lang).await?;
    let pager = crate::params::Pager::new(
        &paging,
        r.rows_total as usize,
        &format!("/grading{}", query.query_string()),
    );
    let indicator_heads = r
        .enterprises
        .iter()
        .find(|e| !e.indicators.is_empty())
        .map(|e| {
            e.indicators
                .iter()
                .map(|i| {
                    let label = lang.t(i.label_zh, i.label_en);
                    if i.score.indicator == Indicator::RdIntensity {
                        label.to_string()
                    } else {
                        format!("{label}（{}）", i.unit)
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let rows = r
        .enterprises
        .iter()
        .map(|e| GradeRow {
            rank: e.rank.map_or("—".into(), |r| r.to_string()),
            uscc: e.uscc.clone(),
            name: e.name.clone(),
            grade: e.grade.map_or("—".into(), |g| {
                lang.t(g.label_zh(), g.label_en()).to_string()
            }),
            score: e
                .score
                .map_or("—".into(), |s| liantu_app::table::fixed(s, 1)),
            values: e
                .indicators
                .iter()
                .map(|i| {
                    i.score.value.map_or("—".into(), |v| {
                        // R&D intensity is a fraction of revenue: a percentage to people.
                        if i.score.indicator == Indicator::RdIntensity {
                            liantu_app::table::percent(v)
                        } else {
                            liantu_app::table::fixed(v, 2)
                        }
                    })
                })
                .collect(),
            note: match lang {
                Lang::Zh => e.not_graded_zh.clone(),
                Lang::En => e.not_graded_en.clone(),
            }
            .unwrap_or_default(),
        })
        .collect();
    crate::render::page(&GradingPage {
        lang,
        back: crate::render::back_link(&uri),
        region_name: lang.t(&r.region.name_zh, &r.region.name_en).to_string(),
        year: r.year,
        illustrative: r.illustrative,
        profile: format!(
            "{} v{}",
            lang.t(&r.profile.name_zh, &r.profile.name_en),
            r.profile.version
        ),
        graded: r.graded,
        not_graded: r.not_graded,
        sources: liantu_app::source_line(&r.sources, None, lang.model()),
        chart: distribution_svg(&r, lang),
        indicator_heads,
        rows,
        filters,
        download: format!("/grading.xlsx{}", query.query_string()),
        max_score: liantu_app::table::fixed(r.max_score, 0),
        rows_total: r.rows_total,
        without_figures: r.without_figures,
        pager,
    })
}

/// The filter form's choices: the city's counties, its parks, the chains.
async fn grading_filters(
    state: &AppState,
    query: &GradingQuery,
    lang: Lang,
) -> Result<GradingFilters, Failure> {
    use crate::enterprises::SelectOption;
    let picked = |v: &str, current: &Option<String>| current.as_deref() == Some(v);
    Ok(GradingFilters {
        regions: state
            .app
            .regions()
            .await?
            .iter()
            .filter(|r| state.home_region.contains(&r.code) && r.code != state.home_region)
            .map(|r| SelectOption {
                value: r.code.to_string(),
                label: lang.t(&r.name_zh, &r.name_en).to_string(),
                selected: picked(r.code.as_str(), &query.region),
            })
            .collect(),
        parks: crate::enterprises::park_options(state, lang, &query.park).await?,
        chains: crate::enterprises::chain_options(state, lang, &query.chain).await?,
    })
}

struct GradingFilters {
    regions: Vec<crate::enterprises::SelectOption>,
    parks: Vec<crate::enterprises::SelectOption>,
    chains: Vec<crate::enterprises::SelectOption>,
}

pub async fn grading_download(
    Acting(state): Acting,
    Query(query): Query<GradingQuery>,
    lang: Lang,
) -> Result<Response, PageError> {
    let r = grading(&state, &query, None).await?;
    crate::render::xlsx_download(&liantu_app::invest::grading_table(&r), lang, "grading.xlsx")
}

#[utoipa::path(get, path = "/api/v1/grading", tag = "invest",
    params(GradingQuery),
    responses(
        (status = 200, description = "亩均论英雄 grading of the region's enterprises", body = GradingReport),
        (status = 400, description = "Bad region code, year, sort or paging", body = crate::error::ErrorBody),
        (status = 404, description = "A region outside the city, or the city's region or any yearly enterprise figures are not in the database", body = crate::error::ErrorBody)))]
pub async fn grading_api(
    Acting(state): Acting,
    crate::api_params::ApiQuery(query): crate::api_params::ApiQuery<GradingQuery>,
) -> Result<Response, ApiError> {
    // As documented: a region given must be six digits (the page also takes a blank).
    if let Some(r) = &query.region {
        crate::api_params::region("region", r)?;
    }
    for (name, v, max) in [
        ("page", &query.page, 1_000_000),
        ("page_size", &query.page_size, i64::from(MAX_ROWS)),
    ] {
        if let Some(v) = v {
            crate::api_params::integer_in(name, v, 1..=max)?;
        }
    }
    let (_, window) = query.window(API_ROWS)?;
    Ok(Json(grading(&state, &query, Some(window)).await?).into_response())
}
