//! `/chains/{id}/skills`: what a chain's firms in an area employ and seek, by occupation; and
//! its JSON under `/api/v1`.

use crate::api_params::{ApiPath, ApiQuery, ChainPath};
use crate::auth::Acting;
use crate::error::{ApiError, ErrorBody};
use crate::lang::Lang;
use crate::params::DiagnosisQuery;
use crate::render::{PageResult, back_link, html_table, page};
use askama::Template;
use axum::Json;
use axum::extract::{OriginalUri, Path, Query};
use axum::response::{IntoResponse, Response};
use liantu_app::skills::{SkillsDemand, county_table, skills_demand_table, suggestions_table};

#[derive(Template)]
#[template(path = "skills.html")]
struct SkillsPage {
    lang: Lang,
    back: String,
    chain_id: String,
    chain_name: String,
    region_code: String,
    region_name: String,
    year: String,
    illustrative: bool,
    has_rows: bool,
    summary: String,
    table: String,
    chart: String,
    suggestions: String,
    has_suggestions: bool,
    counties: String,
    has_counties: bool,
    target: String,
    source: String,
}

/// Rows of the demand-and-supply chart: the occupations with the most vacancies.
const CHART_ROWS: usize = 12;

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), liantu_app::table::percent)
}

pub async fn skills_page(
    Acting(state): Acting,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let region = query.region(state.home_region)?;
    let view: SkillsDemand = state.app.skills_demand(&id, region, query.year()?).await?;
    let counties = state.app.skills_by_county(&id, region, view.year).await?;
    let t = &view.totals;
    let summary = format!(
        "{} {} · {} {} · {} {}{}{} {}{} · {} {} · {} {} · {} {} · {} {:.0}{}{} {}{}",
        lang.t("企业", "Firms"),
        t.firms,
        lang.t("在岗", "Employed"),
        t.employed,
        lang.t("空缺", "Vacancies"),
        t.vacancies,
        lang.t("（", " ("),
        lang.t("空缺率", "vacancy rate"),
        percent(t.vacancy_rate),
        lang.t("）", ")"),
        lang.t("高技能人才占比", "High-skill share"),
        percent(t.high_skill_share),
        lang.t("数字职业占比", "Digital occupations"),
        percent(t.digital_share),
        lang.t("绿色职业占比", "Green occupations"),
        percent(t.green_share),
        lang.t("本地新增供给", "Local supply"),
        t.supply,
        lang.t("（", " ("),
        lang.t("院校专业", "programmes"),
        t.programmes,
        lang.t("）", ")"),
    );
    page(&SkillsPage {
        lang,
        back: back_link(&uri),
        chain_id: view.chain_id.clone(),
        chain_name: lang.t(&view.chain_name_zh, &view.chain_name_en).to_string(),
        region_code: view.region.code.to_string(),
        region_name: lang
            .t(&view.region.name_zh, &view.region.name_en)
            .to_string(),
        year: view.year.map_or_else(|| "—".into(), |y| y.to_string()),
        illustrative: view.illustrative,
        has_rows: t.rows > 0,
        summary,
        table: html_table(&skills_demand_table(&view), lang, "skills-demand", None),
        chart: demand_supply_chart(&view, lang),
        suggestions: html_table(&suggestions_table(&view), lang, "skills-suggestions", None),
        has_suggestions: !view.suggestions.is_empty(),
        counties: html_table(&county_table(&counties), lang, "skills-counties", None),
        has_counties: !counties.is_empty(),
        target: format!(
            "{} {} · {} 1/3{} · {}",
            lang.t("高技能人才占比", "High-skill share"),
            percent(t.high_skill_share),
            lang.t("目标", "target"),
            t.high_skill_shortfall.map_or_else(String::new, |n| format!(
                " · {} {n}",
                lang.t("距目标还需晋升", "workers to upskill")
            )),
            lang.t(t.high_skill_target_source, "national goal for 2025 (2022 opinion of the CPC General Office and the State Council on high-skill workers)"),
        ),
        source: view.source_line(lang.model()),
    })
}

#[utoipa::path(get, path = "/api/v1/chains/{id}/skills", tag = "chains",
    params(ChainPath, DiagnosisQuery),
    responses(
        (status = 200, description = "The chain's member firms in the region by occupation: employed, vacancies, vacancy rate, employed-weighted monthly wage (元), high-skill share, the nodes naming the occupation; totals with the digital/green shares; sources and as-of", body = SkillsDemand),
        (status = 400, description = "Malformed chain id, region or year", body = ErrorBody),
        (status = 404, description = "Unknown chain or region", body = ErrorBody)))]
pub async fn skills_api(
    Acting(state): Acting,
    ApiPath(path): ApiPath<ChainPath>,
    ApiQuery(query): ApiQuery<DiagnosisQuery>,
) -> Result<Response, ApiError> {
    let id = path.id()?;
    let (region, year) = crate::api::area(&query, state.home_region)?;
    let view = state.app.skills_demand(id, region, year).await?;
    Ok(Json(view).into_response())
}

/// Vacancies against local supply for the occupations with the most vacancies.
fn demand_supply_chart(view: &SkillsDemand, lang: Lang) -> String {
    let rows: Vec<crate::charts::PairedRow> = view
        .occupations
        .iter()
        .filter(|o| o.vacancies > 0 || o.supply > 0.0)
        .take(CHART_ROWS)
        .map(|o| crate::charts::PairedRow {
            label: if o.name.is_empty() {
                o.code.as_str().to_string()
            } else {
                o.name.clone()
            },
            first: o.vacancies as f64,
            second: o.supply,
        })
        .collect();
    crate::charts::paired_bars(
        &rows,
        (
            lang.t("空缺人数", "Vacancies"),
            lang.t(
                "本地新增供给（毕业生留用 + 技能认定）",
                "Local supply (graduates who stay + certified)",
            ),
        ),
        lang.t(
            "需求与本地供给（空缺最多的职业，人）",
            "Demand and local supply (occupations with most vacancies, persons)",
        ),
        &view.source_line(lang.model()),
    )
}
