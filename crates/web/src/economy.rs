//! `/economy`: 民营经济 indicators computed from the data beside the published figures.

use crate::auth::Acting;
use crate::error::Failure;
use crate::lang::Lang;
use crate::render::{PageResult, back_link, html_table, page};
use askama::Template;
use axum::extract::{OriginalUri, Query};
use liantu_app::economy::economy_table;
use liantu_app::model::Ownership;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct EconomyQuery {
    /// private (default), state, foreign, hmt.
    ownership: Option<String>,
}

#[derive(Template)]
#[template(path = "economy.html")]
struct EconomyPage {
    lang: Lang,
    back: String,
    region_name: String,
    ownership: String,
    year: String,
    illustrative: bool,
    table: String,
}

pub async fn economy_page(
    Acting(state): Acting,
    Query(query): Query<EconomyQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let ownership: Ownership = match query.ownership.as_deref().filter(|s| !s.is_empty()) {
        None => Ownership::Private,
        Some(s) => s.parse().map_err(|e: liantu_app::model::UnknownVariant| {
            Failure::from(liantu_app::AppError::invalid(e.to_string()))
        })?,
    };
    let view = state
        .app
        .economy(state.home_region, ownership, None)
        .await?;
    page(&EconomyPage {
        lang,
        back: back_link(&uri),
        region_name: lang
            .t(&view.region.name_zh, &view.region.name_en)
            .to_string(),
        ownership: lang
            .t(ownership.label_zh(), ownership.label_en())
            .to_string(),
        year: view.year.map_or_else(|| "—".into(), |y| y.to_string()),
        illustrative: view.illustrative,
        table: html_table(&economy_table(&view), lang, "economy", None),
    })
}
