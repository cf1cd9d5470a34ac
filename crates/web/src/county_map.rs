//! The county layout page of a chain (`/chains/{id}/counties`): the county map (SVG, also as a
//! download) and the county table beside it.

use crate::auth::Acting;
use crate::chains::{ChainHeader, chain_header};
use crate::lang::Lang;
use crate::params::DiagnosisQuery;
use crate::render::{PageResult, attachment, back_link, html_table, page};
use askama::Template;
use axum::extract::{OriginalUri, Path, Query};
use liantu_app::county_map::{CountyMapView, county_map_svg, county_table};

#[derive(Template)]
#[template(path = "county_map.html")]
struct CountyMapPage {
    lang: Lang,
    back: String,
    head: ChainHeader,
    /// The map inline (no XML declaration); empty when no boundaries are loaded.
    svg: String,
    table: String,
    plan: String,
    counties: usize,
    flagged: usize,
}

async fn view(
    state: &crate::state::AppState,
    id: &str,
    query: &DiagnosisQuery,
) -> Result<CountyMapView, crate::error::PageError> {
    let request = crate::state::request(id, query.region(state.home_region)?, query.year()?);
    Ok(state.app.county_map(&request).await?)
}

pub async fn county_page(
    Acting(state): Acting,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let v = view(&state, &id, &query).await?;
    let svg = if v.areas.is_empty() {
        String::new()
    } else {
        crate::render::inline_svg(county_map_svg(&v, lang.model()))
    };
    page(&CountyMapPage {
        lang,
        back: back_link(&uri),
        head: chain_header(lang, &v.chain, &v.region, v.year),
        svg,
        table: html_table(&county_table(&v), lang, "counties", None),
        plan: v
            .plan
            .as_ref()
            .map(|p| match lang {
                Lang::Zh => format!("{}（第 {} 版）", p.title, p.version),
                Lang::En => format!("{} (version {})", p.title, p.version),
            })
            .unwrap_or_default(),
        counties: v.counties.len(),
        flagged: v
            .counties
            .iter()
            .filter(|c| c.agrees == Some(false))
            .count(),
    })
}

pub async fn county_svg(
    Acting(state): Acting,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
) -> PageResult {
    let v = view(&state, &id, &query).await?;
    if v.areas.is_empty() {
        return Err(liantu_app::AppError::not_found(
            "没有县区边界（liantu map import FILE.geojson）/ no county boundaries (liantu map import FILE.geojson)",
        )
        .into());
    }
    Ok(attachment(
        county_map_svg(&v, lang.model()),
        "image/svg+xml; charset=utf-8",
        &format!("{id}-{}-counties.svg", v.region.code),
    ))
}
