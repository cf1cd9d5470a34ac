//! Plan pages (年度计划): the list, and one plan evaluated — targets against 序时 and the data
//! with 红黄绿, its versions with their reasons, and its chain's change over the last two years
//! of figures; the JSON API of both.

use crate::api_params::{ApiPath, ApiQuery};
use crate::auth::Acting;
use crate::error::{ApiError, Failure, PageError};
use crate::lang::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{OriginalUri, Path, Query};
use axum::response::{IntoResponse, Json, Redirect, Response};
use liantu_app::plans::{PlanEvaluation, PlanSummary, plan_table};
use serde::Deserialize;
use utoipa::IntoParams;

/// What the new-plan form starts with: a plan to fill in, each key explained.
const STARTER: &str = r#"# 计划编号（字母、数字、- 和 _）、名称、年度、地区代码（GB/T 2260）、产业链（可选）
id = "forestry-2026"
title_zh = "柳州市林业全产业链 2026 年工作计划"
year = 2026
region = "450200"
chain = "forestry"

# 每个指标一段。indicator 可为：chain_output（产业链产值，万元）、completeness（完整度）、
# local_supply（本地配套率）、above_scale_firms（链上规上企业数）、output_share（所选环节
# 产值占比，须列出 nodes）、projects_signed / projects_started / projects_operating
# （签约、开工、投产项目数）、investment_completed（完成投资，万元）。比例写作小数（25% 写 0.25）。
# path 可选：4 个季度或 12 个月的累计比例，最后为 1。
[[target]]
indicator = "chain_output"
target = 450000

[[target]]
indicator = "investment_completed"
target = 150000
path = [0.15, 0.4, 0.7, 1.0]
"#;

#[derive(Template)]
#[template(path = "plans.html")]
struct PlansPage {
    lang: Lang,
    back: String,
    plans: Vec<PlanSummary>,
    errors: Vec<String>,
    draft: String,
}

async fn plans_page_with(
    state: &AppState,
    uri: &OriginalUri,
    lang: Lang,
    errors: Vec<String>,
    draft: String,
) -> Result<PlansPage, PageError> {
    Ok(PlansPage {
        lang,
        back: crate::render::back_link(uri),
        plans: state.app.plans().await?,
        errors,
        draft,
    })
}

pub async fn plans_page(
    Acting(state): Acting,
    uri: OriginalUri,
    lang: Lang,
) -> Result<Response, PageError> {
    let page = plans_page_with(&state, &uri, lang, Vec::new(), STARTER.to_string()).await?;
    crate::render::page(&page)
}

#[derive(Deserialize)]
pub struct PlanForm {
    definition: String,
    #[serde(default)]
    reason: String,
}

/// A new plan from the form: to its page, or the list again with what was wrong and the text
/// kept.
pub async fn plans_post(
    Acting(state): Acting,
    uri: OriginalUri,
    lang: Lang,
    Form(f): Form<PlanForm>,
) -> Result<Response, PageError> {
    match state.app.save_plan(&f.definition, None).await {
        Ok(_) => {
            let id = liantu_app::plans::Plan::parse(&f.definition)
                .map(|p| p.id)
                .unwrap_or_default();
            Ok(Redirect::to(&format!("/plans/{id}")).into_response())
        }
        Err(e) => {
            let e = Failure::from(e);
            if !matches!(
                e,
                Failure::BadRequest(_) | Failure::Conflict(_) | Failure::NotFound(_)
            ) {
                return Err(e.into());
            }
            let errors = crate::render::lines_in_language(lang, &e.message());
            let page = plans_page_with(&state, &uri, lang, errors, f.definition).await?;
            crate::render::page_with_status(&page, e.status())
        }
    }
}

/// A revision from the plan's page: a new version with its reason.
pub async fn plan_revise_post(
    Acting(state): Acting,
    Path(id): Path<String>,
    uri: OriginalUri,
    lang: Lang,
    Form(f): Form<PlanForm>,
) -> Result<Response, PageError> {
    let same_id = liantu_app::plans::Plan::parse(&f.definition)
        .map(|p| p.id == id)
        .unwrap_or(true);
    let result = if !same_id {
        Err(Failure::BadRequest(format!(
            "修订不能改变计划编号（应为 {id}）/ a revision keeps the plan's id ({id})"
        )))
    } else if f.reason.trim().is_empty() {
        Err(Failure::BadRequest(
            "修订须说明理由 / a revision needs a reason".into(),
        ))
    } else {
        state
            .app
            .save_plan(&f.definition, Some(&f.reason))
            .await
            .map(|_| ())
            .map_err(Failure::from)
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/plans/{id}#versions")).into_response()),
        Err(e @ (Failure::BadRequest(_) | Failure::Conflict(_))) => {
            let errors = crate::render::lines_in_language(lang, &e.message());
            let mut page = plan_page_with(&state, &id, None, &uri, lang).await?;
            page.errors = errors;
            page.draft = f.definition;
            page.reason = f.reason;
            crate::render::page_with_status(&page, e.status())
        }
        Err(e) => Err(e.into()),
    }
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
    /// The revision form: what was posted (or this version's text), why, and what was wrong.
    errors: Vec<String>,
    draft: String,
    reason: String,
}

pub async fn plan_page(
    Acting(state): Acting,
    Path(id): Path<String>,
    Query(q): Query<PlanQuery>,
    uri: OriginalUri,
    lang: Lang,
) -> Result<Response, PageError> {
    let page = plan_page_with(&state, &id, q.version()?, &uri, lang).await?;
    crate::render::page(&page)
}

async fn plan_page_with(
    state: &AppState,
    id: &str,
    version: Option<i64>,
    uri: &OriginalUri,
    lang: Lang,
) -> Result<PlanPage, PageError> {
    let e = state.app.plan_evaluation(id, version).await?;
    let draft = e.definition.clone();
    let table = crate::render::html_table(&plan_table(&e), lang, "targets", None);
    Ok(PlanPage {
        lang,
        back: crate::render::back_link(uri),
        e,
        table,
        errors: Vec::new(),
        draft,
        reason: String::new(),
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
