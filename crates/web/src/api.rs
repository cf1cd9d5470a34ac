//! JSON API under `/api/v1`, described by an OpenAPI 3 document generated from these handlers.

use crate::error::{ApiError, ErrorBody, Failure};
use crate::params::{DiagnosisQuery, EnterpriseQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "liantu 链图 API",
        description = "产业链图谱、诊断与企业数据 / industrial-chain maps, diagnosis and enterprise data. Money in 万元; shares and rates are fractions.",
        version = "1"
    ),
    paths(
        list_chains,
        get_chain,
        get_diagnosis,
        list_enterprises,
        get_enterprise,
        crate::growth::panels,
        crate::growth::api,
        crate::park::api,
        crate::invest::ranking_api,
        crate::invest::grading_api,
        crate::whatif::candidates_api,
        crate::whatif::api,
        crate::whatif::scenarios_api,
        crate::tags::api,
        crate::kg::search_api
    ),
    components(schemas(
        ErrorBody,
        ChainItem,
        DiagnosisBody,
        EnterprisePageBody,
        EnterpriseItem,
        EnterpriseBody,
        crate::growth::GrowthBody,
        crate::growth::PanelItem,
        crate::park::SymbiosisBody,
        crate::invest::RankingBody,
        crate::invest::GradingBody,
        crate::whatif::WhatIfBody,
        crate::whatif::ScenarioItem,
        crate::whatif::CandidateBody,
        crate::tags::TagBody
    ))
)]
pub struct ApiDoc;

pub async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// One installed chain.
#[derive(Serialize, ToSchema)]
pub struct ChainItem {
    id: String,
    name_zh: String,
    name_en: String,
    version: i64,
    nodes: i64,
    edges: i64,
    builtin: bool,
}

#[utoipa::path(get, path = "/api/v1/chains", tag = "chains",
    responses((status = 200, description = "Installed chains", body = Vec<ChainItem>)))]
pub async fn list_chains(State(state): State<AppState>) -> Result<Json<Vec<ChainItem>>, ApiError> {
    let chains = state.app.chains().await?;
    Ok(Json(
        chains
            .into_iter()
            .map(|c| ChainItem {
                id: c.id,
                name_zh: c.name_zh,
                name_en: c.name_en,
                version: c.version,
                nodes: c.nodes,
                edges: c.edges,
                builtin: c.builtin,
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/chains/{id}", tag = "chains",
    params(("id" = String, Path, description = "Chain id, e.g. nev-battery")),
    responses(
        (status = 200, description = "The chain definition: nodes (id, names, stage, GB/T 4754-2017 codes, keywords) and edges (from, to, kind, coefficient)", body = Object),
        (status = 404, description = "Unknown chain", body = ErrorBody)))]
pub async fn get_chain(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let chain = state.chain(&id).await?;
    Ok(Json(chain.as_ref()).into_response())
}

/// Chain diagnosis for a region; the full shape is documented in the README
/// ("JSON shape"): nodes with status and rule, completeness, local supply rate, leaders, sources.
#[derive(ToSchema)]
#[allow(dead_code)] // documentation only: the handler serialises `liantu_app::DiagnosisReport`
pub struct DiagnosisBody {
    #[schema(value_type = Object)]
    chain: (),
    #[schema(value_type = Object)]
    region: (),
    year: Option<i32>,
    total_output: f64,
    #[schema(value_type = Object)]
    completeness: (),
    #[schema(value_type = Object)]
    local_supply: (),
    #[schema(value_type = Vec<Object>)]
    nodes: (),
    #[schema(value_type = Vec<Object>)]
    leaders: (),
    #[schema(value_type = Vec<Object>)]
    sources: (),
    as_of: Option<String>,
    illustrative: bool,
}

#[utoipa::path(get, path = "/api/v1/chains/{id}/diagnosis", tag = "chains",
    params(("id" = String, Path, description = "Chain id"), DiagnosisQuery),
    responses(
        (status = 200, description = "Diagnosis", body = DiagnosisBody),
        (status = 400, description = "Bad region or year", body = ErrorBody),
        (status = 404, description = "Unknown chain", body = ErrorBody)))]
pub async fn get_diagnosis(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
) -> Result<Response, ApiError> {
    let region = query.region(state.home_region)?;
    let year = query.year()?;
    let report = state.diagnosis(&id, region, year).await?;
    Ok(Json(report.as_ref()).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct EnterpriseItem {
    uscc: String,
    name: String,
    region: String,
    region_name: Option<String>,
    park: Option<String>,
    ownership: String,
    above_scale: bool,
    industry_code: Option<String>,
    /// 万元, in `latest_year`.
    latest_output: Option<f64>,
    latest_year: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct EnterprisePageBody {
    total: i64,
    page: u32,
    page_size: u32,
    items: Vec<EnterpriseItem>,
}

#[utoipa::path(get, path = "/api/v1/enterprises", tag = "enterprises",
    params(EnterpriseQuery),
    responses(
        (status = 200, description = "A page of enterprises", body = EnterprisePageBody),
        (status = 400, description = "Bad filter or paging", body = ErrorBody)))]
pub async fn list_enterprises(
    State(state): State<AppState>,
    Query(query): Query<EnterpriseQuery>,
) -> Result<Json<EnterprisePageBody>, ApiError> {
    let paging = query.paging()?;
    let filter = query.filter()?;
    let page = state
        .app
        .enterprises(&filter, paging.offset(), i64::from(paging.page_size))
        .await?;
    Ok(Json(EnterprisePageBody {
        total: page.total,
        page: paging.page,
        page_size: paging.page_size,
        items: page
            .items
            .into_iter()
            .map(|e| EnterpriseItem {
                uscc: e.uscc,
                name: e.name,
                region: e.region,
                region_name: e.region_name,
                park: e.park,
                ownership: e.ownership,
                above_scale: e.above_scale,
                industry_code: e.industry_code,
                latest_output: e.latest_output,
                latest_year: e.latest_year,
            })
            .collect(),
    }))
}

/// One enterprise with its yearly figures (each with source and as-of date) and chain memberships.
#[derive(ToSchema)]
#[allow(dead_code)] // documentation only
pub struct EnterpriseBody {
    #[schema(value_type = Object)]
    enterprise: (),
    region_name: Option<String>,
    park_name: Option<String>,
    #[schema(value_type = Vec<Object>)]
    years: (),
    #[schema(value_type = Vec<Object>)]
    memberships: (),
}

#[derive(Serialize)]
struct MembershipJson<'a> {
    chain: &'a str,
    chain_name_zh: &'a str,
    chain_name_en: &'a str,
    node: &'a str,
    node_name_zh: Option<&'a str>,
    node_name_en: Option<&'a str>,
    share: Option<f64>,
    source: &'a str,
}

#[utoipa::path(get, path = "/api/v1/enterprises/{uscc}", tag = "enterprises",
    params(("uscc" = String, Path, description = "统一社会信用代码 (18 characters)")),
    responses(
        (status = 200, description = "The enterprise", body = EnterpriseBody),
        (status = 400, description = "Malformed USCC", body = ErrorBody),
        (status = 404, description = "No such enterprise", body = ErrorBody)))]
pub async fn get_enterprise(
    State(state): State<AppState>,
    Path(uscc): Path<String>,
) -> Result<Response, ApiError> {
    let detail = state.app.enterprise(&uscc).await?;
    let memberships: Vec<MembershipJson> = detail
        .memberships
        .iter()
        .map(|m| MembershipJson {
            chain: &m.chain,
            chain_name_zh: &m.chain_name_zh,
            chain_name_en: &m.chain_name_en,
            node: &m.node,
            node_name_zh: m.node_name_zh.as_deref(),
            node_name_en: m.node_name_en.as_deref(),
            share: m.share,
            source: &m.source,
        })
        .collect();
    Ok(Json(serde_json::json!({
        "enterprise": detail.enterprise,
        "region_name": detail.region_name,
        "park_name": detail.park_name,
        "years": detail.years,
        "memberships": memberships,
    }))
    .into_response())
}

/// Unknown API paths get the JSON error shape too.
pub async fn not_found() -> ApiError {
    ApiError(Failure::NotFound(
        "没有这个 API 路径 / no such API path".into(),
    ))
}
