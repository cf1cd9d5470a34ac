//! `/coupling`: the chain-group map, the coupling matrix, supply between the city's chains,
//! cross-chain 本地配套率 and coupling gaps; `/coupling/map.svg` the map alone.

use crate::auth::Acting;
use crate::error::Failure;
use crate::lang::Lang;
use crate::params::DiagnosisQuery;
use crate::render::{PageResult, attachment, back_link, html_table, page};
use crate::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Query};
use liantu_app::coupling::{
    CouplingView, coupling_flow_table, coupling_gap_table, coupling_matrix_table,
    cross_supply_table,
};
use liantu_app::coupling_map::coupling_map_svg;

#[derive(Template)]
#[template(path = "coupling.html")]
struct CouplingPage {
    lang: Lang,
    back: String,
    region_name: String,
    region_code: String,
    year: String,
    link_year: String,
    illustrative: bool,
    map: String,
    matrix: String,
    flows: String,
    cross: String,
    gaps: String,
}

async fn view(state: &AppState, query: &DiagnosisQuery) -> Result<CouplingView, Failure> {
    Ok(state
        .app
        .coupling(query.region(state.home_region)?, query.year()?)
        .await?)
}

pub async fn coupling_page(
    Acting(state): Acting,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let view = view(&state, &query).await?;
    page(&CouplingPage {
        lang,
        back: back_link(&uri),
        region_name: lang
            .t(&view.region.name_zh, &view.region.name_en)
            .to_string(),
        region_code: view.region.code.to_string(),
        year: view.year.map_or_else(|| "—".into(), |y| y.to_string()),
        link_year: view.link_year.map_or_else(|| "—".into(), |y| y.to_string()),
        illustrative: view.illustrative,
        map: crate::render::inline_svg(coupling_map_svg(&view, lang.model())),
        matrix: html_table(&coupling_matrix_table(&view), lang, "coupling-matrix", None),
        flows: html_table(&coupling_flow_table(&view), lang, "coupling-flows", None),
        cross: html_table(&cross_supply_table(&view), lang, "cross-supply", None),
        gaps: html_table(&coupling_gap_table(&view), lang, "coupling-gaps", None),
    })
}

#[utoipa::path(get, path = "/api/v1/coupling", tag = "chains",
    params(DiagnosisQuery),
    responses(
        (status = 200, description = "Coupling between the area's chains: flows between chains (links, value, local part), cross-chain 本地配套率, coupling gaps (a node with local firms whose product another chain's local firms buy from outside), every cross-chain edge with what was bought on it, each chain's output and firms", body = CouplingView),
        (status = 400, description = "Malformed region or year", body = crate::error::ErrorBody),
        (status = 404, description = "Unknown region", body = crate::error::ErrorBody)))]
pub async fn coupling_api(
    Acting(state): Acting,
    crate::api_params::ApiQuery(query): crate::api_params::ApiQuery<DiagnosisQuery>,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    let (region, year) = crate::api::area(&query, state.home_region)?;
    Ok(axum::Json(state.app.coupling(region, year).await?).into_response())
}

/// The chain-group map as a file; 404 when no two chains of the area are linked.
pub async fn coupling_svg(
    Acting(state): Acting,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
) -> PageResult {
    let view = view(&state, &query).await?;
    let svg = coupling_map_svg(&view, lang.model());
    if svg.is_empty() {
        return Err(liantu_app::AppError::not_found(
            "本区域的产业链之间没有跨链环节 / no cross-chain edges between the area's chains",
        )
        .into());
    }
    Ok(attachment(
        svg,
        "image/svg+xml; charset=utf-8",
        &format!("coupling-{}.svg", view.region.code),
    ))
}
