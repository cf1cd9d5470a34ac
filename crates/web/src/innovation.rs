//! `/innovation`: platforms, technology needs with their matches, and achievements;
//! `/chains/{id}/fusion`: a chain's 四链融合 view; and their JSON under `/api/v1`.

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
use liantu_app::innovation::{
    FusionView, InnovationView, achievements_table, fusion_table, matches_table, needs_table,
    platforms_table,
};

/// Which chain's platforms, needs and achievements; all when absent.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InnovationQuery {
    /// Chain id: only what serves its nodes. Lowercase letters, digits and '-', starting with
    /// a letter.
    #[param(pattern = "^[a-z]([a-z0-9-]{0,62}[a-z0-9])?$", example = "nev-battery")]
    chain: Option<String>,
}

#[derive(Template)]
#[template(path = "innovation.html")]
struct InnovationPage {
    lang: Lang,
    back: String,
    chains: Vec<(String, String, bool)>,
    illustrative: bool,
    pipeline: String,
    platforms: String,
    needs: String,
    matches: String,
    achievements: String,
    has_matches: bool,
    /// Need numbers and titles for the status form (city accounts).
    need_choices: Vec<(String, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    source: String,
}

pub async fn innovation_page(
    Acting(state): Acting,
    Query(query): Query<InnovationQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let chain = query.chain.as_deref().filter(|c| !c.is_empty());
    let view: InnovationView = state.app.innovation(chain).await?;
    let chains = state
        .app
        .all_chains()
        .await?
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                lang.t(&c.name_zh, &c.name_en).to_string(),
                Some(c.id.as_str()) == chain,
            )
        })
        .collect();
    let pipeline: Vec<String> = view
        .pipeline
        .iter()
        .map(|s| format!("{} {}", lang.t(s.status_zh, s.status_en), s.needs))
        .collect();
    page(&InnovationPage {
        lang,
        back: back_link(&uri),
        chains,
        illustrative: view.illustrative,
        pipeline: pipeline.join(" → "),
        platforms: html_table(&platforms_table(&view), lang, "platforms", None),
        needs: html_table(&needs_table(&view), lang, "tech-needs", None),
        matches: html_table(&matches_table(&view), lang, "matches", None),
        achievements: html_table(&achievements_table(&view), lang, "achievements", None),
        has_matches: view.needs.iter().any(|n| !n.matches.is_empty()),
        need_choices: if crate::auth::sees_city_work() {
            view.needs
                .iter()
                .map(|n| {
                    (
                        n.id.clone(),
                        format!(
                            "{} {}（{}）",
                            n.id,
                            n.title,
                            lang.t(n.status_zh, n.status_en)
                        ),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        statuses: liantu_app::model::innovation::NeedStatus::ALL
            .iter()
            .map(|s| (s.key(), lang.t(s.label_zh(), s.label_en())))
            .collect(),
        source: view.source_line(lang.model()),
    })
}

#[derive(Template)]
#[template(path = "fusion.html")]
struct FusionPage {
    lang: Lang,
    back: String,
    chain_id: String,
    chain_name: String,
    region_code: String,
    region_name: String,
    year: String,
    illustrative: bool,
    table: String,
    source: String,
}

pub async fn fusion_page(
    Acting(state): Acting,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let view: FusionView = state
        .app
        .fusion(&id, query.region(state.home_region)?, query.year()?)
        .await?;
    page(&FusionPage {
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
        table: html_table(&fusion_table(&view), lang, "fusion", None),
        source: view.source_line(lang.model()),
    })
}

#[utoipa::path(get, path = "/api/v1/innovation", tag = "innovation",
    params(InnovationQuery),
    responses(
        (status = 200, description = "Innovation platforms, enterprises' technology needs (each open one with up to three matched achievements, their score, its parts and the reasons), achievements, the needs per status; sources and as-of", body = InnovationView),
        (status = 400, description = "Malformed chain id", body = ErrorBody),
        (status = 404, description = "Unknown chain", body = ErrorBody)))]
pub async fn innovation_api(
    Acting(state): Acting,
    ApiQuery(query): ApiQuery<InnovationQuery>,
) -> Result<Response, ApiError> {
    let chain = query
        .chain
        .as_deref()
        .map(|c| crate::api_params::chain_id("chain", c))
        .transpose()?;
    Ok(Json(state.app.innovation(chain).await?).into_response())
}

#[utoipa::path(get, path = "/api/v1/chains/{id}/fusion", tag = "chains",
    params(ChainPath, DiagnosisQuery),
    responses(
        (status = 200, description = "The chain's four chains by node: diagnosis status and local firms; employed, vacancies, local supply and gap in the node's occupations; the programmes training for them; platforms, needs, achievements, patents and matches", body = FusionView),
        (status = 400, description = "Malformed chain id, region or year", body = ErrorBody),
        (status = 404, description = "Unknown chain or region", body = ErrorBody)))]
pub async fn fusion_api(
    Acting(state): Acting,
    ApiPath(path): ApiPath<ChainPath>,
    ApiQuery(query): ApiQuery<DiagnosisQuery>,
) -> Result<Response, ApiError> {
    let id = path.id()?;
    let (region, year) = crate::api::area(&query, state.home_region)?;
    Ok(Json(state.app.fusion(id, region, year).await?).into_response())
}

/// Moves a technology need to a status (`need`, `status` key, optional `partner`); back to the
/// innovation page.
pub async fn need_status(
    Acting(state): Acting,
    axum::Form(form): axum::Form<std::collections::HashMap<String, String>>,
) -> Result<Response, crate::error::PageError> {
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let status: liantu_app::model::innovation::NeedStatus =
        field("status")
            .parse()
            .map_err(|e: liantu_app::model::UnknownVariant| {
                crate::error::Failure::BadRequest(e.to_string())
            })?;
    let partner = Some(field("partner")).filter(|p| !p.trim().is_empty());
    state
        .app
        .set_need_status(field("need"), status, partner)
        .await?;
    Ok(axum::response::Redirect::to("/innovation#tech-needs").into_response())
}
