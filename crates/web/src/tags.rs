//! Review of auto-tagging suggestions (自动标注): the suggested chain-node memberships with their
//! evidence, confirmed or rejected in bulk by a named person; a new tagging run on demand.

use crate::api_params::{self, ApiQuery};
use crate::auth::Acting;
use crate::error::{ApiError, Failure, PageError};
use crate::lang::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Query};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use liantu_app::tag::{ListRequest, SuggestRequest, TagView};
use liantu_app::tag::{TagSelection, TagStatus};
use serde::Deserialize;
use utoipa::IntoParams;

/// `chain`, `status` (`suggested` default, `confirmed`, `rejected`, `all`), `min` confidence,
/// and which `page` of `page_size` rows.
struct Filter {
    chain: Option<String>,
    status: Option<TagStatus>,
    status_key: String,
    min: Option<f64>,
    paging: crate::params::Paging,
}

/// Suggestions a page shows, the API gives by default, and at most.
const PAGE_ROWS: u32 = 100;
const API_ROWS: u32 = 500;
const MAX_ROWS: u32 = 1000;

fn filter(raw: &[(String, String)], rows: u32) -> Result<Filter, Failure> {
    let get = |k: &str| {
        raw.iter()
            .find(|(key, v)| key == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let status_key = get("status").unwrap_or_else(|| "suggested".into());
    let status = match status_key.as_str() {
        "all" => None,
        s => Some(TagStatus::parse(s).ok_or_else(|| {
            Failure::BadRequest(format!(
                "参数 status 的值 '{s}' 无效：应为 suggested、confirmed、rejected 或 all / invalid status '{s}'"
            ))
        })?),
    };
    let min = get("min")
        .map(|m| {
            m.parse::<f64>().ok().filter(|v| (0.0..=1.0).contains(v)).ok_or_else(|| {
                Failure::BadRequest(format!(
                    "参数 min 的值 '{m}' 无效：应在 0 到 1 之间 / invalid min '{m}': expected 0..=1"
                ))
            })
        })
        .transpose()?;
    let paging = crate::params::paging(&get("page"), &get("page_size"), rows, MAX_ROWS)?;
    Ok(Filter {
        chain: get("chain"),
        status,
        status_key,
        min,
        paging,
    })
}

fn request(f: &Filter) -> ListRequest<'_> {
    ListRequest {
        chain: f.chain.as_deref(),
        status: f.status,
        min_confidence: f.min,
        window: Some(f.paging.window()),
    }
}

/// The page's rows and how many pass the filters in all.
async fn list(state: &AppState, f: &Filter) -> Result<(Vec<TagView>, u64), Failure> {
    Ok(state.app.tag_page(&request(f)).await?)
}

/// The list page `page` with the same filters.
fn page_link(f: &Filter, page: u32) -> String {
    let encode =
        |v: &str| percent_encoding::utf8_percent_encode(v, crate::invest::QUERY_VALUE).to_string();
    let mut link = format!("/tags?status={}", encode(&f.status_key));
    if let Some(chain) = &f.chain {
        link += &format!("&chain={}", encode(chain));
    }
    if let Some(min) = f.min {
        link += &format!("&min={min}");
    }
    link += &format!("&page={page}");
    if f.paging.size_chosen {
        link += &format!("&page_size={}", f.paging.page_size);
    }
    link
}

struct Line {
    id: String,
    pending: bool,
    confirmed: bool,
    uscc: String,
    enterprise: String,
    chain: String,
    chain_name: String,
    node: String,
    node_name: String,
    confidence: String,
    status: String,
    evidence: String,
    decided: String,
}

#[derive(Template)]
#[template(path = "tags.html")]
struct TagsPage {
    lang: Lang,
    back: String,
    lines: Vec<Line>,
    /// Suggestions passing the filters, this page and the number of pages.
    total: u64,
    page: u32,
    pages: u64,
    prev: Option<String>,
    next: Option<String>,
    chains: Vec<(String, String)>,
    chain: String,
    status: String,
    min: String,
    done: String,
    /// The status filter's choices: (value, label).
    statuses: Vec<(&'static str, &'static str)>,
}

/// What the last action did, from the redirect's `done=ACTION:COUNT`, in words.
fn done_message(lang: Lang, done: &str) -> String {
    let (action, count) = done.split_once(':').unwrap_or((done, ""));
    let count: String = count.chars().filter(char::is_ascii_digit).collect();
    let (zh, en) = match action {
        "suggest" => ("生成建议", "suggestions made"),
        "confirm" => ("确认", "confirmed"),
        "reject" => ("拒绝", "rejected"),
        "undo" => ("撤销确认", "confirmations taken back"),
        _ => ("处理", "done"),
    };
    match lang {
        Lang::Zh => format!("已{zh} {count} 条"),
        Lang::En => format!("{count} {en}"),
    }
}

pub async fn page(
    Acting(state): Acting,
    Query(raw): Query<Vec<(String, String)>>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let f = filter(&raw, PAGE_ROWS)?;
    let (views, total) = list(&state, &f).await?;
    let pages = total.div_ceil(u64::from(f.paging.page_size)).max(1);
    let page = f.paging.page;
    let chains: Vec<(String, String)> = state
        .app
        .chains()
        .await?
        .into_iter()
        .map(|c| {
            let name = lang.t(&c.name_zh, &c.name_en).to_string();
            (c.id, name)
        })
        .collect();
    let lines = views
        .into_iter()
        .map(|v| Line {
            chain_name: chains
                .iter()
                .find(|c| c.0 == v.chain)
                .map_or(v.chain.clone(), |c| c.1.clone()),
            id: v.id.map(|i| i.to_string()).unwrap_or_default(),
            pending: v.status == "suggested",
            confirmed: v.status == "confirmed",
            uscc: v.uscc,
            enterprise: v.enterprise_name,
            chain: v.chain,
            node: v.node,
            node_name: v.node_name_zh,
            confidence: format!("{:.2}", v.confidence),
            status: lang.t(v.status_zh, v.status).to_string(),
            evidence: lang.t(&v.evidence_zh, &v.evidence_en).to_string(),
            decided: match (v.decided, v.decided_by) {
                (Some(d), Some(by)) => {
                    format!("{by} · {}", liantu_app::clock::shown(&d, lang.model()))
                }
                _ => String::new(),
            },
        })
        .collect();
    let page = TagsPage {
        lang,
        back: crate::render::back_link(&uri),
        lines,
        total,
        page,
        pages,
        prev: (page > 1).then(|| page_link(&f, page - 1)),
        next: (u64::from(page) < pages).then(|| page_link(&f, page + 1)),
        chains,
        chain: f.chain.unwrap_or_default(),
        status: f.status_key,
        min: f.min.map(|m| m.to_string()).unwrap_or_default(),
        done: raw
            .iter()
            .find(|(k, _)| k == "done")
            .map(|(_, v)| done_message(lang, v))
            .unwrap_or_default(),
        statuses: [
            TagStatus::Suggested,
            TagStatus::Confirmed,
            TagStatus::Rejected,
        ]
        .into_iter()
        .map(|s| (s.key(), lang.t(s.label_zh(), s.key())))
        .chain([("all", lang.t("全部", "all"))])
        .collect(),
    };
    crate::render::page(&page)
}

fn ids(raw: &[(String, String)]) -> Result<Vec<i64>, Failure> {
    raw.iter()
        .filter(|(k, _)| k == "id")
        .map(|(_, v)| {
            v.trim().parse::<i64>().map_err(|_| {
                Failure::BadRequest(format!("'{v}' 不是建议编号 / '{v}' is not a suggestion id"))
            })
        })
        .collect()
}

/// Confirms, rejects or takes back the ticked suggestions (`action` = `confirm` | `reject` |
/// `undo`), all or nothing, in the name of `by`.
pub async fn decide(
    Acting(state): Acting,
    _lang: Lang,
    Form(raw): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let ids = ids(&raw)?;
    if ids.is_empty() {
        return Err(PageError::from(Failure::BadRequest(
            "没有勾选任何建议 / no suggestion ticked".into(),
        )));
    }
    let by = raw
        .iter()
        .find(|(k, _)| k == "by")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let action = raw
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let decision = match action {
        "confirm" => state.app.confirm_tags(&TagSelection::Ids(ids), by).await,
        "reject" => state.app.reject_tags(&ids, by).await,
        "undo" => state.app.undo_tags(&ids).await,
        other => {
            return Err(PageError::from(Failure::BadRequest(format!(
                "未知操作 '{other}' / unknown action '{other}'"
            ))));
        }
    }?;
    Ok(Redirect::to(&format!("/tags?done={action}:{}", decision.changed.len())).into_response())
}

/// Runs the tagger again (pending suggestions brought up to date; decided pairs stay decided).
pub async fn run(Acting(state): Acting, _lang: Lang) -> Result<Response, PageError> {
    let summary = state
        .app
        .suggest_tags(&SuggestRequest {
            chain: None,
            min_confidence: liantu_app::tag::DEFAULT_MIN_CONFIDENCE,
            dry_run: false,
        })
        .await?;
    Ok(Redirect::to(&format!("/tags?done=suggest:{}", summary.suggestions)).into_response())
}

/// Which suggestions to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TagsQuery {
    /// Chain id; blank = every chain.
    #[allow(dead_code)] // any text is taken; `filter` reads it with the page's rules
    chain: Option<String>,
    /// Review status; default `suggested`.
    #[param(value_type = Option<StatusFilter>, inline)]
    status: Option<String>,
    /// Minimum confidence, 0–1.
    #[param(value_type = Option<f64>, minimum = 0, maximum = 1)]
    min: Option<String>,
    /// Page of suggestions, from 1, best first.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    /// Suggestions per page, 1–1000 (default 500).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    page_size: Option<String>,
}

/// A review status, or `all`.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // documentation only: `filter` reads the value
pub enum StatusFilter {
    Suggested,
    Confirmed,
    Rejected,
    All,
}

impl TagsQuery {
    /// The typed parameters as documented (the page also takes blanks and Chinese labels).
    fn check(&self) -> Result<(), Failure> {
        if let Some(s) = &self.status {
            api_params::one_of("status", s, &["suggested", "confirmed", "rejected", "all"])?;
        }
        if let Some(m) = &self.min {
            api_params::number_in("min", m, 0.0..=1.0)?;
        }
        crate::params::paging(&self.page, &self.page_size, API_ROWS, MAX_ROWS)?;
        Ok(())
    }
}

#[utoipa::path(get, path = "/api/v1/tags", tag = "tagging",
    params(TagsQuery),
    responses(
        (status = 200, description = "A page of auto-tagging suggestions with their evidence, best first; the header X-Total-Count says how many pass the filters", body = Vec<TagView>),
        (status = 400, description = "Bad status or threshold", body = crate::error::ErrorBody),
        (status = 404, description = "Unknown chain", body = crate::error::ErrorBody)))]
pub async fn api(
    Acting(state): Acting,
    ApiQuery(query): ApiQuery<TagsQuery>,
    Query(raw): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    query.check()?;
    let f = filter(&raw, API_ROWS)?;
    let (views, total) = list(&state, &f).await?;
    Ok(([("x-total-count", total.to_string())], Json(views)).into_response())
}
