//! Project service pages (全过程服务): the board by stage with warnings (重点项目调度), one
//! project (timeline, S-curve, reports, problems, the forms that move it on), the problem list
//! with a department's to-do, one problem's history and steps; the 调度表 and 问题清单 as
//! Excel; the JSON API of all three.

use crate::api_params::{ApiPath, ApiQuery};
use crate::auth::Acting;
use crate::error::{ApiError, Failure, PageError};
use crate::lang::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{OriginalUri, Path, Query};
use axum::response::{IntoResponse, Json, Redirect, Response};
use liantu_app::model::project::{ProblemCategory, ProgressReport};
use liantu_app::model::{Day, YearMonth};
use liantu_app::projects::{
    BoardFilter, Level, NewProblem, ProblemAction, ProblemDetail, ProblemList, ProblemQuery,
    ProjectBoard, ProjectDetail, StageChange, board_table, is_project_id, problems_table,
    reports_table,
};
use serde::Deserialize;
use utoipa::IntoParams;

/// A form's query or field: blank means not given.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The board's filters, from the page's form or the API.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// Stage id or name (e.g. `started`, `开工`); blank = every stage.
    stage: Option<String>,
    /// Warning level.
    #[param(value_type = Option<LevelParam>, inline)]
    level: Option<String>,
    /// County or district (GB/T 2260).
    #[param(pattern = "^[0-9]{6}$")]
    region: Option<String>,
    /// Responsible department (责任单位), exactly as configured.
    department: Option<String>,
    /// Page of the kept projects, from 1.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    /// Projects per page, 1–1000 (default 500 in the API, 100 on the page).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    page_size: Option<String>,
}

/// A warning level.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // documentation only: `filter` reads the value
pub enum LevelParam {
    Green,
    Yellow,
    Red,
}

impl BoardQuery {
    fn filter(&self) -> Result<BoardFilter, Failure> {
        let level = match given(&self.level) {
            Some(l) => Some(Level::parse(l).ok_or_else(|| {
                Failure::BadRequest(format!(
                    "参数 level 的值 '{l}' 无效：可选 green, yellow, red / invalid level '{l}': expected green, yellow or red"
                ))
            })?),
            None => None,
        };
        let region = match given(&self.region) {
            Some(r) => Some(crate::api_params::region("region", r)?),
            None => None,
        };
        Ok(BoardFilter {
            stage: given(&self.stage).map(str::to_string),
            level,
            region,
            department: given(&self.department).map(str::to_string),
            window: None,
        })
    }

    /// The page asked for, `default` projects a page unless `page_size` says otherwise.
    fn paging(&self, default: u32) -> Result<crate::params::Paging, Failure> {
        crate::params::paging(
            &self.page,
            &self.page_size,
            default,
            crate::params::LIST_MAX_ROWS,
        )
    }

    /// The filter and the page's window.
    fn page_filter(&self, default: u32) -> Result<(BoardFilter, crate::params::Paging), Failure> {
        let paging = self.paging(default)?;
        let filter = BoardFilter {
            window: Some(paging.window()),
            ..self.filter()?
        };
        Ok((filter, paging))
    }

    /// The typed parameters exactly as documented (the page also takes blanks and Chinese
    /// level names).
    fn check_api(&self) -> Result<(), Failure> {
        if let Some(l) = &self.level {
            crate::api_params::one_of("level", l, &["green", "yellow", "red"])?;
        }
        if let Some(r) = &self.region {
            crate::api_params::region("region", r)?;
        }
        Ok(())
    }

    fn query_string(&self) -> String {
        let pairs: Vec<String> = [
            ("stage", &self.stage),
            ("level", &self.level),
            ("region", &self.region),
            ("department", &self.department),
        ]
        .iter()
        .filter_map(|(k, v)| given(v).map(|v| format!("{k}={}", urlencoding(v))))
        .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

fn urlencoding(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, crate::invest::QUERY_VALUE).to_string()
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn choices(options: Vec<(String, String)>, current: Option<&str>) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: current == Some(value.as_str()),
            value,
            label,
        })
        .collect()
}

fn department_choices(departments: &[String], current: Option<&str>) -> Vec<Choice> {
    choices(
        departments.iter().map(|d| (d.clone(), d.clone())).collect(),
        current,
    )
}

struct StageTile {
    name: String,
    projects: usize,
    investment: String,
    href: String,
}

#[derive(Template)]
#[template(path = "projects.html")]
struct BoardPage {
    lang: Lang,
    back: String,
    board: ProjectBoard,
    tiles: Vec<StageTile>,
    table: String,
    stages: Vec<Choice>,
    levels: Vec<Choice>,
    regions: Vec<Choice>,
    departments: Vec<Choice>,
    download: String,
    illustrative: bool,
    pager: crate::params::Pager,
}

pub async fn board_page(
    Acting(state): Acting,
    Query(q): Query<BoardQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let (filter, paging) = q.page_filter(crate::params::LIST_PAGE_ROWS)?;
    let board = state.app.project_board(&filter).await?;
    let pager = crate::params::Pager::new(
        &paging,
        board.rows_total,
        &format!("/projects{}", q.query_string()),
    );
    let config = state.app.project_config().await?;
    let tiles = board
        .stages
        .iter()
        .filter(|s| s.stage.is_some() || s.projects > 0)
        .map(|s| StageTile {
            name: s.stage.as_ref().map_or_else(
                || lang.t("未启动", "not started").to_string(),
                |st| lang.t(&st.name_zh, &st.name_en).to_string(),
            ),
            projects: s.projects,
            investment: liantu_app::table::money(s.investment),
            href: s
                .stage
                .as_ref()
                .map_or_else(String::new, |st| format!("/projects?stage={}", st.id)),
        })
        .collect();
    let table = crate::render::html_table(
        &board_table(&board),
        lang,
        "projects",
        Some(&[
            "no",
            "name",
            "region",
            "investment",
            "invested_total",
            "expected",
            "behind_pct",
            "stage",
            "next_stage",
            "next_planned",
            "level",
            "warnings",
            "open_problems",
            "department",
        ]),
    );
    let regions = state
        .app
        .regions_within(&state.home_region)
        .await?
        .into_iter()
        .filter(|r| r.code != state.home_region)
        .map(|r| {
            let label = lang.t(&r.name_zh, &r.name_en).to_string();
            (r.code.to_string(), label)
        })
        .collect();
    let page = BoardPage {
        lang,
        back: crate::render::back_link(&uri),
        stages: choices(
            config
                .stages
                .iter()
                .map(|s| (s.id.clone(), lang.t(&s.name_zh, &s.name_en).to_string()))
                .collect(),
            given(&q.stage),
        ),
        levels: choices(
            [Level::Red, Level::Yellow, Level::Green]
                .iter()
                .map(|l| {
                    (
                        l.key().to_string(),
                        lang.t(l.label_zh(), l.label_en()).to_string(),
                    )
                })
                .collect(),
            given(&q.level),
        ),
        regions: choices(regions, given(&q.region)),
        departments: department_choices(&config.departments, given(&q.department)),
        download: format!("/projects.xlsx{}", q.query_string()),
        illustrative: board.sources.iter().any(|s| s == "illustrative"),
        tiles,
        table,
        board,
        pager,
    };
    crate::render::page(&page)
}

/// 重点项目调度表 as Excel: the board's rows with every column.
pub async fn board_download(
    Acting(state): Acting,
    Query(q): Query<BoardQuery>,
    lang: Lang,
) -> Result<Response, PageError> {
    let board = state.app.project_board(&q.filter()?).await?;
    crate::render::xlsx_download(&board_table(&board), lang, "projects.xlsx")
}

/// Which month the 招商 brief covers.
#[derive(Debug, Default, Deserialize)]
pub struct BriefQuery {
    /// YYYY-MM; blank = the month whose reports are due.
    month: Option<String>,
}

/// The monthly 招商 brief (Word).
pub async fn monthly_brief(
    Acting(state): Acting,
    Query(q): Query<BriefQuery>,
) -> Result<Response, PageError> {
    let month = match q.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => None,
        Some(m) => Some(YearMonth::parse(m).map_err(|e| Failure::BadRequest(e.to_string()))?),
    };
    let bytes = state.app.monthly_brief_docx(month).await?;
    let name = month.map_or_else(
        || "projects-brief.docx".to_string(),
        |m| format!("projects-brief-{m}.docx"),
    );
    Ok(crate::render::attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &name,
    )
    .into_response())
}

#[utoipa::path(get, path = "/api/v1/projects", tag = "projects",
    params(BoardQuery),
    responses(
        (status = 200, description = "Every project by stage with its warnings (重点项目调度): counts of all, one page of `rows` (500 by default)", body = ProjectBoard),
        (status = 400, description = "Bad level, region, page or page size", body = crate::error::ErrorBody),
        (status = 404, description = "No such stage in the city's ladder", body = crate::error::ErrorBody)))]
pub async fn board_api(
    Acting(state): Acting,
    ApiQuery(q): ApiQuery<BoardQuery>,
) -> Result<Response, ApiError> {
    q.check_api()?;
    let (filter, _) = q.page_filter(crate::params::LIST_API_ROWS)?;
    Ok(Json(state.app.project_board(&filter).await?).into_response())
}

/// A path naming one project.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ProjectPath {
    /// Project id: letters, digits, `-` and `_`.
    #[param(pattern = "^[A-Za-z0-9_-]{1,64}$", example = "li2co3-luzhai")]
    id: String,
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage {
    lang: Lang,
    back: String,
    /// Predicted vs now: (row label, before, predicted, now, a chain's heading row).
    prediction: Vec<(String, String, String, String, bool)>,
    prediction_made: String,
    d: ProjectDetail,
    timeline: String,
    s_curve: String,
    reports: String,
    problems: String,
    stages: Vec<Choice>,
    categories: Vec<Choice>,
    departments: Vec<Choice>,
    errors: Vec<String>,
    today: String,
    month: String,
    illustrative: bool,
    /// The stage that ends the planned path (投产) in the reader's language, when the project
    /// has reached it and no firm is registered yet: the page offers 投产登记.
    commission_stage: Option<String>,
}

async fn project_page_with(
    state: &AppState,
    id: &str,
    lang: Lang,
    errors: Vec<String>,
) -> Result<ProjectPage, Failure> {
    let d = state.app.project_detail(id).await?;
    let config = state.app.project_config().await?;
    let name = &d.row.project.name;
    let timeline = crate::project_charts::timeline(
        &d.ladder,
        d.as_of,
        &format!(
            "{} · {}",
            name,
            lang.t("阶段计划与实际", "stages planned and reached")
        ),
        lang,
    );
    let s_curve = crate::project_charts::s_curve(
        &d.path,
        &format!(
            "{} · {}",
            name,
            lang.t("累计投资与序时进度", "investment against the planned path")
        ),
        lang,
    );
    let list = d.problem_list();
    let next = d.row.next_stage.as_ref().map(|s| s.id.clone());
    let (prediction, prediction_made) = prediction_rows(&d, lang);
    // Stages are reached in ladder order: at or past the end of the planned path (投产) and
    // without a firm, the page offers 投产登记 (the app checks the same when it is sent).
    let operating = config.stage_index(&config.schedule.to);
    let commission_stage = operating
        .filter(|op| d.row.project.uscc.is_none() && d.row.assessment.stage >= Some(*op))
        .map(|op| {
            let s = &config.stages[op];
            lang.t(&s.name_zh, &s.name_en).to_string()
        });
    Ok(ProjectPage {
        commission_stage,
        lang,
        prediction,
        prediction_made,
        back: format!("/projects/{}", urlencoding(id)),
        timeline,
        s_curve,
        reports: crate::render::html_table(&reports_table(&d.reports), lang, "reports", None),
        problems: crate::render::html_table(
            &problems_table(&list),
            lang,
            "problems",
            Some(&[
                "id",
                "title",
                "category",
                "department",
                "due",
                "status",
                "overdue_days",
                "resolution",
            ]),
        ),
        stages: choices(
            config
                .stages
                .iter()
                .map(|s| (s.id.clone(), lang.t(&s.name_zh, &s.name_en).to_string()))
                .collect(),
            next.as_deref(),
        ),
        categories: choices(
            ProblemCategory::ALL
                .iter()
                .map(|c| {
                    (
                        c.key().to_string(),
                        lang.t(c.label_zh(), c.label_en()).to_string(),
                    )
                })
                .collect(),
            None,
        ),
        departments: department_choices(
            &config.departments,
            Some(d.row.project.department.as_str()),
        ),
        errors,
        today: d.as_of.to_string(),
        month: d.as_of.month().previous().to_string(),
        illustrative: d.row.project.source == "illustrative",
        d,
    })
}

/// The prediction beside the diagnosis now, as table rows in the reader's language.
#[allow(clippy::type_complexity)]
fn prediction_rows(
    d: &ProjectDetail,
    lang: Lang,
) -> (Vec<(String, String, String, String, bool)>, String) {
    let Some(v) = &d.prediction else {
        return (Vec::new(), String::new());
    };
    let pct = |x: Option<f64>| x.map_or_else(|| "—".to_string(), liantu_app::table::percent);
    let mut rows = Vec::new();
    for c in &v.chains {
        let chain = lang.t(&c.name_zh, &c.name_en);
        rows.push((
            format!("{chain} · {}", lang.t("完整度", "completeness")),
            pct(Some(c.completeness_before)),
            pct(Some(c.completeness_predicted)),
            pct(Some(c.completeness_now)),
            true,
        ));
        rows.push((
            format!("{chain} · {}", lang.t("本地配套率", "local supply rate")),
            pct(c.local_supply_before),
            pct(c.local_supply_predicted),
            pct(c.local_supply_now),
            true,
        ));
        for n in &c.nodes {
            let label =
                |s: liantu_app::model::NodeStatus| lang.t(s.label_zh(), s.label_en()).to_string();
            rows.push((
                lang.t(&n.name_zh, &n.name_en).to_string(),
                label(n.before),
                label(n.predicted),
                n.now.map_or_else(|| "—".to_string(), label),
                false,
            ));
        }
    }
    let made =
        liantu_app::clock::beijing(&v.prediction.made).unwrap_or_else(|| v.prediction.made.clone());
    (rows, made)
}

pub async fn project_page(
    Acting(state): Acting,
    Path(id): Path<String>,
    lang: Lang,
) -> Result<Response, PageError> {
    let page = project_page_with(&state, &id, lang, Vec::new()).await?;
    crate::render::page(&page)
}

#[utoipa::path(get, path = "/api/v1/projects/{id}", tag = "projects",
    params(ProjectPath),
    responses(
        (status = 200, description = "One project: ladder, warnings, reports, S-curve and problems", body = ProjectDetail),
        (status = 400, description = "Malformed project id", body = crate::error::ErrorBody),
        (status = 404, description = "No such project", body = crate::error::ErrorBody)))]
pub async fn project_api(
    Acting(state): Acting,
    ApiPath(p): ApiPath<ProjectPath>,
) -> Result<Response, ApiError> {
    if !is_project_id(&p.id) {
        return Err(ApiError(Failure::BadRequest(format!(
            "项目编号只能含字母、数字、- 和 _ / a project id holds letters, digits, - and _ only: '{}'",
            p.id
        ))));
    }
    Ok(Json(state.app.project_detail(&p.id).await?).into_response())
}

/// A form's failure shown on the project page with what was wrong; other failures stay errors.
async fn or_show_errors(
    state: &AppState,
    id: &str,
    lang: Lang,
    result: Result<(), Failure>,
    anchor: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/projects/{id}#{anchor}")).into_response()),
        Err(e @ (Failure::BadRequest(_) | Failure::Conflict(_))) => {
            let page = project_page_with(
                state,
                id,
                lang,
                crate::render::lines_in_language(lang, &e.message()),
            )
            .await?;
            crate::render::page_with_status(&page, e.status())
        }
        Err(e) => Err(e.into()),
    }
}

fn day_field(name: &str, v: &str) -> Result<Day, Failure> {
    Day::parse(v.trim()).map_err(|e| Failure::BadRequest(format!("{name}：{e} / {name}: {e}")))
}

fn number_field(name: &str, zh: &str, v: &str) -> Result<Option<f64>, Failure> {
    let t = v.trim().replace([',', '，'], "");
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>().map(Some).map_err(|_| {
        Failure::BadRequest(format!(
            "{name}：{zh}须为数字：'{v}' / {name}: not a number: '{v}'"
        ))
    })
}

#[derive(Deserialize)]
pub struct StageForm {
    stage: String,
    date: String,
    /// `actual` (reached) or `planned`.
    kind: String,
}

pub async fn stage_post(
    Acting(state): Acting,
    Path(id): Path<String>,
    lang: Lang,
    Form(f): Form<StageForm>,
) -> Result<Response, PageError> {
    let result = async {
        let date = day_field("date", &f.date)?;
        let (planned, actual) = if f.kind == "planned" {
            (Some(date), None)
        } else {
            (None, Some(date))
        };
        let change = StageChange {
            stage: f.stage.clone(),
            planned,
            actual,
        };
        state.app.change_stage(&id, &change).await?;
        Ok(())
    }
    .await;
    or_show_errors(&state, &id, lang, result, "stages").await
}

#[derive(Deserialize)]
pub struct CommissionForm {
    uscc: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    industry: String,
    #[serde(default)]
    output: String,
    #[serde(default)]
    year: String,
}

/// 投产登记: the project's firm created or linked, its nodes and output counted.
pub async fn commission_post(
    Acting(state): Acting,
    Path(id): Path<String>,
    lang: Lang,
    Form(f): Form<CommissionForm>,
) -> Result<Response, PageError> {
    let result = async {
        let output = number_field("output", "产值", &f.output)?;
        let year = match f.year.trim() {
            "" => None,
            y => Some(y.parse::<i32>().map_err(|_| {
                Failure::BadRequest(format!(
                    "year：年份须为数字：'{y}' / year: not a year: '{y}'"
                ))
            })?),
        };
        let output = match (output, year) {
            (Some(o), Some(y)) => Some((y, o)),
            (None, None) => None,
            _ => {
                return Err(Failure::BadRequest(
                    "产值与年份须同时填写 / give the output and its year together".into(),
                ));
            }
        };
        let given = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        let req = liantu_app::projects::Commission {
            project: id.clone(),
            uscc: f.uscc.clone(),
            name: given(&f.name),
            industry_code: given(&f.industry),
            ownership: None,
            output,
        };
        state.app.commission_project(&req).await?;
        Ok(())
    }
    .await;
    or_show_errors(&state, &id, lang, result, "enterprise").await
}

#[derive(Deserialize)]
pub struct ReportForm {
    month: String,
    invested_month: String,
    invested_total: String,
    #[serde(default)]
    progress_pct: String,
    #[serde(default)]
    progress_text: String,
    #[serde(default)]
    output: String,
    #[serde(default)]
    issues: String,
}

pub async fn report_post(
    Acting(state): Acting,
    Path(id): Path<String>,
    lang: Lang,
    Form(f): Form<ReportForm>,
) -> Result<Response, PageError> {
    let result = async {
        let month = YearMonth::parse(f.month.trim())
            .map_err(|e| Failure::BadRequest(format!("month：{e} / month: {e}")))?;
        let required = |name: &str, zh: &str, v: &str| {
            number_field(name, zh, v)?.ok_or_else(|| {
                Failure::BadRequest(format!("{name}：请填写{zh} / {name}: required"))
            })
        };
        let report = ProgressReport {
            project: id.clone(),
            month,
            invested_month: required("invested_month", "本月完成投资", &f.invested_month)?,
            invested_total: required("invested_total", "累计完成投资", &f.invested_total)?,
            progress_pct: number_field("progress_pct", "形象进度", &f.progress_pct)?,
            progress_text: f.progress_text.trim().to_string(),
            output: number_field("output", "产值", &f.output)?,
            issues: f.issues.trim().to_string(),
            source: "form".into(),
        };
        state.app.save_report(&report).await?;
        Ok(())
    }
    .await;
    or_show_errors(&state, &id, lang, result, "reports").await
}

#[derive(Deserialize)]
pub struct ProblemForm {
    title: String,
    category: String,
    department: String,
    due: String,
}

pub async fn problem_post(
    Acting(state): Acting,
    Path(id): Path<String>,
    lang: Lang,
    Form(f): Form<ProblemForm>,
) -> Result<Response, PageError> {
    let result = async {
        let category = ProblemCategory::parse(&f.category).ok_or_else(|| {
            Failure::BadRequest(format!(
                "category：未知问题类别「{0}」 / category: unknown category '{0}'",
                f.category
            ))
        })?;
        let new = NewProblem {
            project: id.clone(),
            title: f.title.clone(),
            category,
            department: f.department.clone(),
            due: day_field("due", &f.due)?,
            raised: None,
        };
        state.app.add_problem(&new).await?;
        Ok(())
    }
    .await;
    or_show_errors(&state, &id, lang, result, "problems").await
}

/// The problem list's filters.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ProblemsQuery {
    /// Only this project's problems.
    #[param(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    project: Option<String>,
    /// A department's list (待办).
    department: Option<String>,
    /// `1`: only problems not yet closed.
    #[param(value_type = Option<crate::api_params::Flag>, inline)]
    open: Option<String>,
    /// `1`: only problems past their due date.
    #[param(value_type = Option<crate::api_params::Flag>, inline)]
    overdue: Option<String>,
    /// Page number, from 1.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    /// Rows a page (API: default 500, at most 1000; the page shows 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    page_size: Option<String>,
}

impl ProblemsQuery {
    /// Page number and size (`default_size` when not given).
    fn paging(&self, default_size: usize) -> Result<(usize, usize), Failure> {
        let page = match given(&self.page) {
            Some(p) => crate::api_params::integer_in("page", p, 1..=1_000_000)? as usize,
            None => 1,
        };
        let size = match given(&self.page_size) {
            Some(s) => crate::api_params::integer_in("page_size", s, 1..=1000)? as usize,
            None => default_size,
        };
        Ok((page, size))
    }

    fn query(&self) -> Result<ProblemQuery, Failure> {
        let flag = |name: &str, v: &Option<String>| match given(v) {
            Some(v) => crate::api_params::flag(name, v),
            None => Ok(false),
        };
        Ok(ProblemQuery {
            project: given(&self.project).map(str::to_string),
            department: given(&self.department).map(str::to_string),
            open_only: flag("open", &self.open)?,
            overdue_only: flag("overdue", &self.overdue)?,
            window: None,
        })
    }
}

#[derive(Template)]
#[template(path = "problems.html")]
struct ProblemsPage {
    lang: Lang,
    back: String,
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
    list: ProblemList,
    table: String,
    departments: Vec<Choice>,
    open: bool,
    overdue: bool,
    download: String,
}

pub async fn problems_page(
    Acting(state): Acting,
    Query(q): Query<ProblemsQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let (page, size) = q.paging(PAGE_ROWS)?;
    let query = ProblemQuery {
        window: Some(((page - 1) * size, size)),
        ..q.query()?
    };
    let list = state.app.problem_list(&query).await?;
    let table = crate::render::html_table(&problems_table(&list), lang, "problems", None);
    let mut pairs = Vec::new();
    if let Some(d) = &query.department {
        pairs.push(format!("department={}", urlencoding(d)));
    }
    if query.open_only {
        pairs.push("open=1".into());
    }
    if query.overdue_only {
        pairs.push("overdue=1".into());
    }
    let here = |n: usize| {
        let mut all = pairs.clone();
        all.push(format!("page={n}"));
        format!("/problems?{}", all.join("&"))
    };
    let pages = list.total.div_ceil(size).max(1);
    let page = ProblemsPage {
        lang,
        back: crate::render::back_link(&uri),
        page,
        pages,
        prev: (page > 1).then(|| here(page - 1)),
        next: (page < pages).then(|| here(page + 1)),
        departments: department_choices(&list.departments, query.department.as_deref()),
        open: query.open_only,
        overdue: query.overdue_only,
        download: if pairs.is_empty() {
            "/problems.xlsx".into()
        } else {
            format!("/problems.xlsx?{}", pairs.join("&"))
        },
        table,
        list,
    };
    crate::render::page(&page)
}

/// Rows a page of the problem list shows.
const PAGE_ROWS: usize = 100;

/// 问题清单 as Excel.
pub async fn problems_download(
    Acting(state): Acting,
    Query(q): Query<ProblemsQuery>,
    lang: Lang,
) -> Result<Response, PageError> {
    let list = state.app.problem_list(&q.query()?).await?;
    crate::render::xlsx_download(&problems_table(&list), lang, "problems.xlsx")
}

#[utoipa::path(get, path = "/api/v1/problems", tag = "projects",
    params(ProblemsQuery),
    responses(
        (status = 200, description = "The problem list (问题清单), overdue first, one page of it with the counts of the whole list", body = ProblemList),
        (status = 400, description = "Bad flag, project id or paging", body = crate::error::ErrorBody)))]
pub async fn problems_api(
    Acting(state): Acting,
    ApiQuery(q): ApiQuery<ProblemsQuery>,
) -> Result<Response, ApiError> {
    // As documented: values given are well formed (the page also takes blanks).
    if let Some(p) = &q.project
        && !is_project_id(p)
    {
        return Err(ApiError(Failure::BadRequest(format!(
            "参数 project 的值 '{p}' 无效 / invalid value '{p}' for project"
        ))));
    }
    for (name, v) in [("open", &q.open), ("overdue", &q.overdue)] {
        if let Some(v) = v {
            crate::api_params::flag(name, v)?;
        }
    }
    for (name, v, max) in [
        ("page", &q.page, 1_000_000),
        ("page_size", &q.page_size, 1000),
    ] {
        if let Some(v) = v {
            crate::api_params::integer_in(name, v, 1..=max)?;
        }
    }
    let (page, size) = q.paging(500)?;
    let query = ProblemQuery {
        window: Some(((page - 1) * size, size)),
        ..q.query()?
    };
    Ok(Json(state.app.problem_list(&query).await?).into_response())
}

#[derive(Template)]
#[template(path = "problem.html")]
struct ProblemPage {
    lang: Lang,
    back: String,
    d: ProblemDetail,
    events: Vec<(String, String, String, String, String)>,
    departments: Vec<Choice>,
    errors: Vec<String>,
}

async fn problem_page_with(
    state: &AppState,
    id: i64,
    lang: Lang,
    errors: Vec<String>,
) -> Result<ProblemPage, Failure> {
    let d = state.app.problem_detail(id).await?;
    let config = state.app.project_config().await?;
    let events = d
        .events
        .iter()
        .map(|e| {
            (
                liantu_app::clock::beijing(&e.at).unwrap_or_else(|| e.at.clone()),
                e.actor
                    .clone()
                    .unwrap_or_else(|| lang.t("系统操作员", "operator").to_string()),
                lang.t(e.status.label_zh(), e.status.label_en()).to_string(),
                format!("{} · {}", e.department, e.due),
                e.note.clone(),
            )
        })
        .collect();
    Ok(ProblemPage {
        lang,
        back: format!("/problems/{id}"),
        departments: department_choices(
            &config.departments,
            Some(d.row.problem.department.as_str()),
        ),
        events,
        errors,
        d,
    })
}

pub async fn problem_page(
    Acting(state): Acting,
    Path(id): Path<i64>,
    lang: Lang,
) -> Result<Response, PageError> {
    crate::render::page(&problem_page_with(&state, id, lang, Vec::new()).await?)
}

#[derive(Deserialize)]
pub struct StepForm {
    /// `assign`, `start`, `resolve`, `close` or `return`.
    step: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    due: String,
}

pub async fn problem_step_post(
    Acting(state): Acting,
    Path(id): Path<i64>,
    lang: Lang,
    Form(f): Form<StepForm>,
) -> Result<Response, PageError> {
    let result = async {
        let action = match f.step.as_str() {
            "assign" => ProblemAction::Assign {
                department: f.department.clone(),
                due: day_field("due", &f.due)?,
            },
            "start" => ProblemAction::Start,
            "resolve" => ProblemAction::Resolve {
                resolution: f.text.clone(),
            },
            "close" => ProblemAction::Close {
                resolution: f.text.clone(),
            },
            "return" => ProblemAction::Return {
                reason: f.text.clone(),
            },
            other => {
                return Err(Failure::BadRequest(format!(
                    "未知操作 '{other}' / unknown step '{other}'"
                )));
            }
        };
        state.app.problem_step(id, &action).await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/problems/{id}")).into_response()),
        Err(e @ (Failure::BadRequest(_) | Failure::Conflict(_))) => {
            let page = problem_page_with(
                &state,
                id,
                lang,
                crate::render::lines_in_language(lang, &e.message()),
            )
            .await?;
            crate::render::page_with_status(&page, e.status())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct FromCandidateForm {
    candidate: String,
    department: String,
}

/// Takes a candidate up as a project (立项) from the candidate list, keeping the what-if's
/// prediction; on to the new project's page.
pub async fn from_candidate_post(
    Acting(state): Acting,
    Form(f): Form<FromCandidateForm>,
) -> Result<Response, PageError> {
    let req = liantu_app::projects::FromCandidate {
        candidate: f.candidate.clone(),
        id: None,
        region: None,
        department: f.department.clone(),
        city: state.home_region,
    };
    let p = state.app.project_from_candidate(&req).await?;
    Ok(Redirect::to(&format!("/projects/{}", urlencoding(&p.id))).into_response())
}
