//! Plan pages (年度计划): the list, and one plan evaluated — targets against 序时 and the data
//! with 红黄绿, its versions with their reasons, and its chain's change over the last two years
//! of figures; the JSON API of both.

use crate::api_params::{ApiPath, ApiQuery};
use crate::auth::Acting;
use crate::error::{ApiError, Failure, PageError};
use crate::lang::Lang;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query};
use axum::response::{IntoResponse, Json, Response};
use liantu_app::plans::{ChainChange, PlanEvaluation, PlanSummary, plan_table};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Template)]
#[template(path = "plans.html")]
struct PlansPage {
    lang: Lang,
    back: String,
    plans: Vec<PlanSummary>,
}

pub async fn plans_page(
    Acting(state): Acting,
    uri: OriginalUri,
    lang: Lang,
) -> Result<Response, PageError> {
    let plans = state.app.plans().await?;
    crate::render::page(&PlansPage {
        lang,
        back: crate::render::back_link(&uri),
        plans,
    })
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// A version of the plan (default: the latest).
    #[param(minimum = 1, value_type = Option<i64>)]
    version: Option<String>,
}

impl PlanQuery {
    fn version(&self) -> Result<Option<i64>, Failure> {
        match self.version.as_deref() {
            None => Ok(None),
            Some(v) => match v.trim().parse::<i64>() {
                Ok(n) if n >= 1 => Ok(Some(n)),
                _ => Err(Failure::BadRequest(format!(
                    "版本须为正整数：'{v}' / version must be a positive whole number: '{v}'"
                ))),
            },
        }
    }
}

/// A plan id in a path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PlanPath {
    /// Plan id: letters, digits, `-` and `_`.
    #[param(pattern = "^[A-Za-z0-9_-]{1,64}$", example = "forestry-2025")]
    id: String,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    lang: Lang,
    back: String,
    e: PlanEvaluation,
    table: String,
    change: Option<ChainChange>,
}

pub async fn plan_page(
    Acting(state): Acting,
    Path(id): Path<String>,
    Query(q): Query<PlanQuery>,
    uri: OriginalUri,
    lang: Lang,
) -> Result<Response, PageError> {
    let e = state.app.plan_evaluation(&id, q.version()?).await?;
    let table = crate::render::html_table(&plan_table(&e), lang, "targets", None);
    // The chain's change over its last two years of figures up to the plan's year.
    let data_year = e.targets.iter().filter_map(|t| t.data_year).max();
    let change = match (&e.plan.chain, data_year) {
        (Some(chain), Some(year)) => {
            let region = liantu_app::model::RegionCode::parse(&e.plan.region)
                .map_err(|err| Failure::BadRequest(err.to_string()))?;
            state
                .app
                .chain_change(chain, region, year - 1, year)
                .await
                .ok()
        }
        _ => None,
    };
    crate::render::page(&PlanPage {
        lang,
        back: crate::render::back_link(&uri),
        e,
        table,
        change,
    })
}

#[utoipa::path(get, path = "/api/v1/plans", tag = "plans",
    responses((status = 200, description = "Every plan's latest version", body = [PlanSummary])))]
pub async fn plans_api(Acting(state): Acting) -> Result<Response, ApiError> {
    Ok(Json(state.app.plans().await?).into_response())
}

#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "plans",
    params(PlanPath, PlanQuery),
    responses(
        (status = 200, description = "A plan evaluated: each target against its planned path and the data", body = PlanEvaluation),
        (status = 400, description = "Malformed plan id or version", body = crate::error::ErrorBody),
        (status = 404, description = "No such plan or version", body = crate::error::ErrorBody)))]
pub async fn plan_api(
    Acting(state): Acting,
    ApiPath(p): ApiPath<PlanPath>,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> Result<Response, ApiError> {
    if !liantu_app::projects::is_project_id(&p.id) {
        return Err(ApiError(Failure::BadRequest(format!(
            "计划编号只能含字母、数字、- 和 _ / a plan id holds letters, digits, - and _ only: '{}'",
            p.id
        ))));
    }
    let version = q.version()?;
    Ok(Json(state.app.plan_evaluation(&p.id, version).await?).into_response())
}
