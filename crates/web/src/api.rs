//! JSON API under `/api/v1`, described by an OpenAPI 3 document generated from these handlers.

use crate::api_params::{self, ApiPath, ApiQuery, ChainPath};
use crate::auth::Acting;
use crate::error::{ApiError, ErrorBody, Failure};
use crate::params::{DiagnosisQuery, EnterpriseQuery};
use axum::Json;
use axum::response::{IntoResponse, Response};
use liantu_model::Ownership;
use liantu_model::records::{Enterprise, EnterpriseYear};
use serde::{Deserialize, Serialize};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder, header::HeaderBuilder};
use utoipa::{IntoParams, Modify, OpenApi, PartialSchema, ToSchema};

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
        get_chain_occupations,
        crate::skills::skills_api,
        crate::innovation::fusion_api,
        crate::innovation::innovation_api,
        crate::economy::economy_api,
        crate::coupling::coupling_api,
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
        crate::kg::search_api,
        crate::projects::board_api,
        crate::projects::project_api,
        crate::projects::problems_api,
        crate::plans::plans_api,
        crate::plans::plan_api
    ),
    components(schemas(ErrorBody)),
    modifiers(&ServerErrors)
)]
pub struct ApiDoc;

/// Every route needs an API token (`Authorization: Bearer …`, from `liantu token create`) or a
/// signed-in browser session: without one it answers 401, outside the account's role 403. Any
/// route can fail inside (500) or find the database busy (503, with `Retry-After`). All of these
/// answer with [`ErrorBody`], documented once here rather than on every route.
struct ServerErrors;

impl Modify for ServerErrors {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let error = |description: &str| {
            ResponseBuilder::new().description(description).content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
        };
        let retry_after = HeaderBuilder::new()
            .schema(Some(u32::schema()))
            .description(Some("Seconds to wait before retrying"))
            .build();
        use utoipa::openapi::security::{
            HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        };
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some("liantu token create --user NAME"))
                        .build(),
                ),
            );
        doc.security = Some(vec![SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
        for item in doc.paths.paths.values_mut() {
            let Some(op) = item.get.as_mut() else {
                continue;
            };
            let responses = &mut op.responses.responses;
            responses.insert(
                "401".into(),
                error("No valid API token or session: sign in first")
                    .build()
                    .into(),
            );
            responses.insert(
                "403".into(),
                error("The account's role or scope does not allow this")
                    .build()
                    .into(),
            );
            responses.insert(
                "500".into(),
                error("Internal error (details in the server log)")
                    .build()
                    .into(),
            );
            responses.insert(
                "503".into(),
                error("The database is busy (e.g. an import is running); retry shortly")
                    .header("Retry-After", retry_after.clone())
                    .build()
                    .into(),
            );
        }
    }
}

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
pub async fn list_chains(Acting(state): Acting) -> Result<Json<Vec<ChainItem>>, ApiError> {
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
    params(ChainPath),
    responses(
        (status = 200, description = "The chain definition: nodes (id, names, stage, GB/T 4754-2017 codes, keywords) and edges (from, to, kind, coefficient)", body = liantu_app::Chain),
        (status = 400, description = "Malformed chain id", body = ErrorBody),
        (status = 404, description = "Unknown chain", body = ErrorBody)))]
pub async fn get_chain(
    Acting(state): Acting,
    ApiPath(path): ApiPath<ChainPath>,
) -> Result<Response, ApiError> {
    let chain = state.chain(path.id()?).await?;
    Ok(Json(chain.as_ref()).into_response())
}

/// Whether to add the classifier's suggestions to the chain file's occupations.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChainOccupationsQuery {
    /// `1` (default) = add up to three suggestions per node; `0` = the chain file's only.
    #[param(value_type = Option<crate::api_params::Flag>, inline)]
    pub suggest: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/chains/{id}/occupations", tag = "chains",
    params(ChainPath, ChainOccupationsQuery),
    responses(
        (status = 200, description = "Each node with the occupations (2022 classification) the chain file names for it, then the classifier's suggestions from the node's name and keywords (origin `suggested`, with the text and score)", body = Vec<liantu_app::chain_occupations::NodeOccupations>),
        (status = 400, description = "Malformed chain id or flag", body = ErrorBody),
        (status = 404, description = "Unknown chain, or no occupation classification imported", body = ErrorBody)))]
pub async fn get_chain_occupations(
    Acting(state): Acting,
    ApiPath(path): ApiPath<ChainPath>,
    ApiQuery(query): ApiQuery<ChainOccupationsQuery>,
) -> Result<Response, ApiError> {
    let id = path.id()?;
    let suggest = match &query.suggest {
        Some(v) => api_params::flag("suggest", v)?,
        None => true,
    };
    let nodes = state.app.chain_occupations(id, suggest).await?;
    Ok(Json(&*nodes).into_response())
}

#[utoipa::path(get, path = "/api/v1/chains/{id}/diagnosis", tag = "chains",
    params(ChainPath, DiagnosisQuery),
    responses(
        (status = 200, description = "Chain diagnosis for a region: nodes with status and rule, completeness, local supply rate, leaders, sources", body = liantu_app::DiagnosisReport),
        (status = 400, description = "Malformed chain id, region or year", body = ErrorBody),
        (status = 404, description = "Unknown chain, or a region the database does not have", body = ErrorBody)))]
pub async fn get_diagnosis(
    Acting(state): Acting,
    ApiPath(path): ApiPath<ChainPath>,
    ApiQuery(query): ApiQuery<DiagnosisQuery>,
) -> Result<Response, ApiError> {
    let id = path.id()?;
    let (region, year) = area(&query, state.home_region)?;
    let report = state.diagnosis(id, region, year).await?;
    Ok(Json(report.as_ref()).into_response())
}

/// The region (default `home`) and year of a chain API's query, read strictly as documented:
/// an empty value is refused, not taken as the default.
pub(crate) fn area(
    query: &DiagnosisQuery,
    home: liantu_model::RegionCode,
) -> Result<(liantu_model::RegionCode, Option<i32>), Failure> {
    let region = match &query.region {
        None => home,
        Some(r) => api_params::region("region", r)?,
    };
    let year = match &query.year {
        None => None,
        Some(y) => Some(api_params::integer_in("year", y, 1949..=2100)? as i32),
    };
    Ok((region, year))
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
    Acting(state): Acting,
    ApiQuery(query): ApiQuery<EnterpriseQuery>,
) -> Result<Json<EnterprisePageBody>, ApiError> {
    check_enterprise_query(&query)?;
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

/// The typed parameters as documented; the free-text ones (`q`, `park`, `chain`, `node`) take
/// anything.
fn check_enterprise_query(q: &EnterpriseQuery) -> Result<(), Failure> {
    if let Some(r) = &q.region {
        api_params::region("region", r)?;
    }
    if let Some(o) = &q.ownership {
        let keys: Vec<&str> = Ownership::ALL.iter().map(|o| o.key()).collect();
        api_params::one_of("ownership", o, &keys)?;
    }
    if let Some(a) = &q.above_scale {
        api_params::flag("above_scale", a)?;
    }
    if let Some(p) = &q.page {
        api_params::integer_in("page", p, 1..=1_000_000)?;
    }
    if let Some(s) = &q.page_size {
        let max = i64::from(crate::params::MAX_PAGE_SIZE);
        api_params::integer_in("page_size", s, 1..=max)?;
    }
    Ok(())
}

/// One enterprise with its yearly figures (each with source and as-of date) and chain memberships.
#[derive(Serialize, ToSchema)]
pub struct EnterpriseBody {
    enterprise: Enterprise,
    region_name: Option<String>,
    park_name: Option<String>,
    years: Vec<EnterpriseYear>,
    memberships: Vec<MembershipItem>,
}

/// A chain node the enterprise works on; `share` is the fraction of its output there.
#[derive(Serialize, ToSchema)]
pub struct MembershipItem {
    chain: String,
    chain_name_zh: String,
    chain_name_en: String,
    node: String,
    node_name_zh: Option<String>,
    node_name_en: Option<String>,
    share: Option<f64>,
    source: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UsccPath {
    /// 统一社会信用代码: 18 characters, either case (the check character is not judged).
    #[param(
        pattern = "^[1-9ANYany][0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y][0-9]{6}[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{9}[0-9A-Za-z]$",
        example = "91450226MA5FRBRK2L"
    )]
    uscc: String,
}

#[utoipa::path(get, path = "/api/v1/enterprises/{uscc}", tag = "enterprises",
    params(UsccPath),
    responses(
        (status = 200, description = "The enterprise", body = EnterpriseBody),
        (status = 400, description = "Malformed USCC", body = ErrorBody),
        (status = 404, description = "No such enterprise", body = ErrorBody)))]
pub async fn get_enterprise(
    Acting(state): Acting,
    ApiPath(path): ApiPath<UsccPath>,
) -> Result<Json<EnterpriseBody>, ApiError> {
    let uscc = api_params::uscc("uscc", &path.uscc)?;
    let detail = state.app.enterprise(uscc.as_str()).await?;
    let memberships = detail
        .memberships
        .into_iter()
        .map(|m| MembershipItem {
            chain: m.chain,
            chain_name_zh: m.chain_name_zh,
            chain_name_en: m.chain_name_en,
            node: m.node,
            node_name_zh: m.node_name_zh,
            node_name_en: m.node_name_en,
            share: m.share,
            source: m.source,
        })
        .collect();
    Ok(Json(EnterpriseBody {
        enterprise: detail.enterprise,
        region_name: detail.region_name,
        park_name: detail.park_name,
        years: detail.years,
        memberships,
    }))
}

/// Unknown API paths get the JSON error shape too.
pub async fn not_found() -> ApiError {
    ApiError(Failure::NotFound(
        "没有这个 API 路径 / no such API path".into(),
    ))
}
