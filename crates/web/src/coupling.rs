//! `/coupling`: supply between the city's chains, cross-chain 本地配套率 and coupling gaps.

use crate::auth::Acting;
use crate::lang::Lang;
use crate::params::DiagnosisQuery;
use crate::render::{PageResult, back_link, html_table, page};
use askama::Template;
use axum::extract::{OriginalUri, Query};
use liantu_app::coupling::{coupling_flow_table, coupling_gap_table, cross_supply_table};

#[derive(Template)]
#[template(path = "coupling.html")]
struct CouplingPage {
    lang: Lang,
    back: String,
    region_name: String,
    year: String,
    link_year: String,
    illustrative: bool,
    flows: String,
    cross: String,
    gaps: String,
}

pub async fn coupling_page(
    Acting(state): Acting,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let view = state
        .app
        .coupling(query.region(state.home_region)?, query.year()?)
        .await?;
    page(&CouplingPage {
        lang,
        back: back_link(&uri),
        region_name: lang
            .t(&view.region.name_zh, &view.region.name_en)
            .to_string(),
        year: view.year.map_or_else(|| "—".into(), |y| y.to_string()),
        link_year: view.link_year.map_or_else(|| "—".into(), |y| y.to_string()),
        illustrative: view.illustrative,
        flows: html_table(&coupling_flow_table(&view), lang, "coupling-flows", None),
        cross: html_table(&cross_supply_table(&view), lang, "cross-supply", None),
        gaps: html_table(&coupling_gap_table(&view), lang, "coupling-gaps", None),
    })
}
