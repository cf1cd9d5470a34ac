//! The investment what-if (假设引进): add candidate projects to the region virtually and see node
//! statuses, chain completeness, the estimated local supporting rate and the park symbiosis
//! exchanges change; save the choice as a scenario, list scenarios and compare them.

use crate::api_params::{self, ApiQuery};
use crate::auth::Acting;
use crate::error::{ApiError, Failure, PageError};
use crate::format::{money, percent};
use crate::lang::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use liantu_app::ScenarioRow;
use liantu_app::{ScenarioComparison, WhatIfReport, WhatIfRequest};
use serde::Deserialize;
use utoipa::IntoParams;

/// Candidate ids (`c`, repeatable or comma-separated) and the substitution share.
struct Choice {
    candidates: Vec<String>,
    substitution: f64,
}

fn choice(raw: &[(String, String)]) -> Result<Choice, Failure> {
    let mut candidates: Vec<String> = Vec::new();
    let mut substitution = 1.0;
    for (k, v) in raw {
        match k.as_str() {
            "c" | "candidates" => {
                for id in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    if !candidates.iter().any(|c| c == id) {
                        candidates.push(id.to_string());
                    }
                }
            }
            "substitution" if !v.trim().is_empty() => {
                substitution = v
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|s| (0.0..=1.0).contains(s))
                    .ok_or_else(|| {
                        Failure::BadRequest(format!(
                            "参数 substitution 的值 '{v}' 无效：应在 0 到 1 之间 / invalid substitution '{v}': expected 0..=1"
                        ))
                    })?;
            }
            _ => {}
        }
    }
    Ok(Choice {
        candidates,
        substitution,
    })
}

async fn run(state: &AppState, choice: &Choice) -> Result<WhatIfReport, Failure> {
    let mut request = WhatIfRequest::new(state.home_region, choice.candidates.clone());
    request.substitution = choice.substitution;
    Ok(state.app.what_if(&request).await?)
}

struct Pick {
    id: String,
    name: String,
    park: String,
    checked: bool,
}

struct NodeChange {
    chain: String,
    node: String,
    name: String,
    status_before: String,
    status_after: String,
    status_key: &'static str,
    firms: String,
    local_supply: String,
    reason: String,
}

struct ChainBlock {
    id: String,
    name: String,
    completeness: String,
    weighted: String,
    local_supply: String,
    substituted: String,
    changes: Vec<NodeChange>,
}

struct ExchangeLine {
    from: String,
    to: String,
    class: String,
    quantity: String,
    value: String,
    co2: String,
    reason: String,
}

struct ParkBlock {
    id: String,
    name: String,
    illustrative: bool,
    exchanges: String,
    net_benefit: String,
    co2: String,
    new: Vec<ExchangeLine>,
    displaced: Vec<String>,
    unmet: Vec<String>,
}

#[derive(Template)]
#[template(path = "whatif.html")]
struct WhatIfPage {
    lang: Lang,
    back: String,
    region_name: String,
    picks: Vec<Pick>,
    substitution: String,
    chosen: Vec<String>,
    chains: Vec<ChainBlock>,
    parks: Vec<ParkBlock>,
    note: String,
    ran: bool,
    illustrative: bool,
    api_query: String,
    pager: crate::params::Pager,
}

/// The first non-blank value of query parameter `key`.
fn param(raw: &[(String, String)], key: &str) -> Option<String> {
    raw.iter()
        .find(|(k, v)| k == key && !v.trim().is_empty())
        .map(|(_, v)| v.clone())
}

fn arrow(before: String, after: String) -> String {
    if before == after {
        before
    } else {
        format!("{before} → {after}")
    }
}

pub async fn page(
    Acting(state): Acting,
    Query(raw): Query<Vec<(String, String)>>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let mut choice = choice(&raw)?;
    // `scenario=ID` opens a saved scenario.
    if let Some((_, id)) = raw.iter().find(|(k, _)| k == "scenario") {
        let s = scenarios(&state)
            .await?
            .into_iter()
            .find(|s| &s.id == id)
            .ok_or_else(|| {
                PageError::from(Failure::NotFound(format!(
                    "没有方案 '{id}' / no scenario '{id}'"
                )))
            })?;
        choice = Choice {
            candidates: s.candidates,
            substitution: s.substitution,
        };
    }
    // The chosen candidates, then a page of the others by id: a city's 10,000 candidates do not
    // all go into one form.
    let paging = crate::params::paging(
        &param(&raw, "page"),
        &param(&raw, "page_size"),
        crate::params::LIST_PAGE_ROWS,
        crate::params::LIST_MAX_ROWS,
    )?;
    let (total, page_rows) = state.app.candidate_page(paging.window()).await?;
    let mut shown = Vec::new();
    for id in &choice.candidates {
        if let Some(c) = state.app.candidate(id).await? {
            shown.push(c);
        }
    }
    shown.extend(
        page_rows
            .into_iter()
            .filter(|c| !choice.candidates.contains(&c.id)),
    );
    let kept: Vec<String> = raw
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "page" | "page_size"))
        .map(|(k, v)| {
            format!(
                "{k}={}",
                percent_encoding::utf8_percent_encode(v, crate::invest::QUERY_VALUE)
            )
        })
        .collect();
    let base = if kept.is_empty() {
        "/whatif".to_string()
    } else {
        format!("/whatif?{}", kept.join("&"))
    };
    let pager = crate::params::Pager::new(&paging, total, &base);
    let parks = crate::candidates::park_names(&state, lang).await?;
    let picks = shown
        .iter()
        .map(|c| Pick {
            id: c.id.clone(),
            name: c.name.clone(),
            park: c
                .park
                .as_ref()
                .map(|p| parks.get(p).cloned().unwrap_or_else(|| p.clone()))
                .unwrap_or_default(),
            checked: choice.candidates.contains(&c.id),
        })
        .collect();
    let report = if choice.candidates.is_empty() {
        None
    } else {
        Some(run(&state, &choice).await?)
    };
    let region_name = match &report {
        Some(r) => lang.t(&r.region.name_zh, &r.region.name_en).to_string(),
        None => state.home_region.to_string(),
    };
    let (chains, park_blocks, note) = match &report {
        None => (Vec::new(), Vec::new(), String::new()),
        Some(r) => (
            r.chains.iter().map(|c| chain_block(c, lang)).collect(),
            r.symbiosis
                .iter()
                .map(|s| park_block(s, &parks, lang))
                .collect(),
            lang.t(&r.note_zh, &r.note_en).to_string(),
        ),
    };
    let page = WhatIfPage {
        lang,
        back: crate::render::back_link(&uri),
        region_name,
        picks,
        substitution: choice.substitution.to_string(),
        illustrative: report
            .as_ref()
            .is_some_and(|r| r.candidates.iter().any(|c| c.source == "illustrative")),
        ran: report.is_some(),
        api_query: format!(
            "candidates={}&substitution={}",
            choice.candidates.join(","),
            choice.substitution
        ),
        chosen: choice.candidates,
        chains,
        parks: park_blocks,
        note,
        pager,
    };
    crate::render::page(&page)
}

/// One chain's before → after block.
fn chain_block(c: &liantu_app::whatif::ChainWhatIf, lang: Lang) -> ChainBlock {
    ChainBlock {
        id: c.chain.id.clone(),
        name: lang.t(&c.chain.name_zh, &c.chain.name_en).to_string(),
        completeness: format!(
            "{}/{} → {}/{}",
            c.completeness_before.covered_nodes,
            c.completeness_before.total_nodes,
            c.completeness_after.covered_nodes,
            c.completeness_after.total_nodes
        ),
        weighted: arrow(
            percent(c.completeness_before.weighted_ratio),
            percent(c.completeness_after.weighted_ratio),
        ),
        local_supply: arrow(
            percent(c.local_supply_before.rate),
            percent(c.local_supply_after.rate),
        ),
        substituted: money(c.substituted_value),
        changes: c
            .changes
            .iter()
            .map(|n| NodeChange {
                chain: c.chain.id.clone(),
                node: n.id.clone(),
                name: lang.t(&n.name_zh, &n.name_en).to_string(),
                status_before: lang
                    .t(n.status_before_zh, n.status_before.key())
                    .to_string(),
                status_after: lang.t(n.status_after_zh, n.status_after.key()).to_string(),
                status_key: n.status_after.key(),
                firms: arrow(n.firms_before.to_string(), n.firms_after.to_string()),
                local_supply: arrow(
                    percent(n.local_supply_before),
                    percent(n.local_supply_after),
                ),
                reason: lang.t(&n.reason_after_zh, &n.reason_after_en).to_string(),
            })
            .collect(),
    }
}

/// One park's symbiosis before → after block.
fn park_block(
    s: &liantu_app::whatif::SymbiosisWhatIf,
    parks: &std::collections::BTreeMap<String, String>,
    lang: Lang,
) -> ParkBlock {
    ParkBlock {
        id: s.park.clone(),
        name: parks
            .get(&s.park)
            .cloned()
            .unwrap_or_else(|| s.park_name.clone()),
        illustrative: s.illustrative,
        exchanges: format!("{} → {}", s.exchanges_before, s.exchanges_after),
        net_benefit: format!(
            "{} → {}",
            money(s.net_benefit_before / 1e4),
            money(s.net_benefit_after / 1e4)
        ),
        co2: format!(
            "{} → {}",
            money(s.co2_avoided_before_t),
            money(s.co2_avoided_after_t)
        ),
        new: s
            .new_exchanges
            .iter()
            .map(|x| ExchangeLine {
                from: x.from_name.clone(),
                to: x.to_name.clone(),
                class: crate::park::class_name(lang, &x.class),
                quantity: format!("{} {}", money(x.quantity), x.unit),
                value: money(x.net_value / 1e4),
                co2: money(x.co2_avoided_t),
                reason: lang.t(&x.reason_zh, &x.reason_en).to_string(),
            })
            .collect(),
        displaced: s
            .displaced
            .iter()
            .map(|x| {
                format!(
                    "{} → {} · {} {} → {} {}",
                    x.from_name,
                    x.to_name,
                    crate::park::class_name(lang, &x.class),
                    money(x.quantity_before),
                    money(x.quantity_after),
                    x.unit
                )
            })
            .collect(),
        unmet: s
            .unmet
            .iter()
            .map(|u| {
                format!(
                    "{} · {}{}{} {}",
                    u.enterprise_name,
                    crate::park::class_name(lang, &u.class),
                    lang.t("：", ": "),
                    money(u.quantity),
                    u.unit
                )
            })
            .collect(),
    }
}

async fn scenarios(state: &AppState) -> Result<Vec<ScenarioRow>, Failure> {
    Ok(state.app.scenarios().await?)
}

/// Saves the what-if choice as a scenario.
pub async fn save(
    Acting(state): Acting,
    _lang: Lang,
    Form(raw): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let choice = choice(&raw)?;
    let field = |name: &str| {
        raw.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let name = field("name");
    let id = match field("id") {
        // People name a scenario in Chinese; its id (for links and the API) is made for them.
        id if id.is_empty() => free_scenario_id(&state).await?,
        id => id,
    };
    let row = ScenarioRow {
        name: if name.is_empty() { id.clone() } else { name },
        id,
        region: state.home_region,
        candidates: choice.candidates,
        substitution: choice.substitution,
        note: field("note"),
        created: state.app.now(),
    };
    state.app.save_scenario(&row).await?;
    Ok(Redirect::to(&format!("/scenarios?saved={}", row.id)).into_response())
}

/// `fa-YYYYMMDD-N` (方案 = fa).
async fn free_scenario_id(state: &AppState) -> Result<String, PageError> {
    let taken: std::collections::HashSet<String> =
        scenarios(state).await?.into_iter().map(|s| s.id).collect();
    Ok(crate::ids::free_id("fa", &state.app.now(), &taken))
}

pub async fn delete(
    Acting(state): Acting,
    Path(id): Path<String>,
    _lang: Lang,
) -> Result<Response, PageError> {
    state.app.delete_scenario(&id).await?;
    Ok(Redirect::to("/scenarios").into_response())
}

struct ScenarioLine {
    id: String,
    name: String,
    candidates: String,
    substitution: String,
    note: String,
    created: String,
}

struct OutcomeCell {
    /// The scenario's name (its id until the page looks the name up).
    name: String,
    covered: String,
    weighted: String,
    local_supply: String,
    changes: String,
}

struct ComparisonBlock {
    name: String,
    covered_before: String,
    weighted_before: String,
    local_supply_before: String,
    outcomes: Vec<(String, OutcomeCell)>,
}

#[derive(Template)]
#[template(path = "scenarios.html")]
struct ScenariosPage {
    lang: Lang,
    back: String,
    saved: String,
    scenarios: Vec<ScenarioLine>,
    compared: Vec<String>,
    comparison: Vec<ComparisonBlock>,
}

fn comparison_blocks(c: &ScenarioComparison, lang: Lang) -> Vec<ComparisonBlock> {
    c.chains
        .iter()
        .map(|chain| ComparisonBlock {
            name: lang
                .t(&chain.chain.name_zh, &chain.chain.name_en)
                .to_string(),
            covered_before: format!("{}/{}", chain.covered_before, chain.total_nodes),
            weighted_before: percent(chain.weighted_completeness_before),
            local_supply_before: percent(chain.local_supply_before),
            outcomes: chain
                .outcomes
                .iter()
                .map(|o| {
                    (
                        o.scenario.clone(),
                        OutcomeCell {
                            name: o.scenario.clone(),
                            covered: format!("{}/{}", o.covered_after, chain.total_nodes),
                            weighted: percent(o.weighted_completeness_after),
                            local_supply: percent(o.local_supply_after),
                            changes: o.status_changes.join("；"),
                        },
                    )
                })
                .collect(),
        })
        .collect()
}

/// Saved scenarios; with `s=ID` twice or more, their outcomes side by side.
pub async fn list(
    Acting(state): Acting,
    Query(raw): Query<Vec<(String, String)>>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let compared: Vec<String> = raw
        .iter()
        .filter(|(k, _)| k == "s")
        .map(|(_, v)| v.clone())
        .collect();
    let saved_scenarios = scenarios(&state).await?;
    // Scenarios and candidates by name; the id only where a scenario has no name.
    let scenario_names: std::collections::HashMap<String, String> = saved_scenarios
        .iter()
        .map(|s| {
            let name = if s.name.trim().is_empty() {
                &s.id
            } else {
                &s.name
            };
            (s.id.clone(), name.clone())
        })
        .collect();
    let candidate_names: std::collections::HashMap<String, String> = state
        .app
        .candidates()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let comparison = if compared.is_empty() {
        Vec::new()
    } else {
        let c = state.app.compare_scenarios(&compared).await?;
        let mut blocks = comparison_blocks(&c, lang);
        for (id, o) in blocks.iter_mut().flat_map(|b| b.outcomes.iter_mut()) {
            if let Some(name) = scenario_names.get(id) {
                o.name = name.clone();
            }
        }
        blocks
    };
    let page = ScenariosPage {
        lang,
        back: crate::render::back_link(&uri),
        saved: raw
            .iter()
            .find(|(k, _)| k == "saved")
            .map(|(_, v)| scenario_names.get(v).unwrap_or(v).clone())
            .unwrap_or_default(),
        scenarios: saved_scenarios
            .into_iter()
            .map(|s| ScenarioLine {
                candidates: s
                    .candidates
                    .iter()
                    .map(|c| candidate_names.get(c).unwrap_or(c).as_str())
                    .collect::<Vec<_>>()
                    .join(lang.t("、", ", ")),
                substitution: format!("{}%", s.substitution * 100.0),
                name: scenario_names.get(&s.id).cloned().unwrap_or_default(),
                id: s.id,
                note: s.note,
                created: liantu_app::clock::shown(&s.created, lang.model()),
            })
            .collect(),
        compared,
        comparison,
    };
    crate::render::page(&page)
}

/// The candidates to add virtually.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WhatIfQuery {
    /// Candidate ids, comma-separated.
    #[param(
        required = true,
        pattern = "^[^,]+(,[^,]+)*$",
        example = "cathode-xinxing,li2co3-luzhai"
    )]
    candidates: Option<String>,
    /// Share (0–1) of a candidate's output that may replace purchases from outside; default 1.
    #[param(value_type = Option<f64>, minimum = 0, maximum = 1)]
    substitution: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/whatif", tag = "invest",
    params(WhatIfQuery),
    responses(
        (status = 200, description = "Node statuses, completeness, local supply and park symbiosis before and after", body = WhatIfReport),
        (status = 400, description = "No candidates, or a bad substitution", body = crate::error::ErrorBody),
        (status = 404, description = "Unknown candidates, or the city's region is not in the database", body = crate::error::ErrorBody)))]
pub async fn api(
    Acting(state): Acting,
    ApiQuery(query): ApiQuery<WhatIfQuery>,
) -> Result<Response, ApiError> {
    let listed = api_params::required("candidates", &query.candidates)?;
    let mut candidates: Vec<String> = Vec::new();
    for id in api_params::id_list("candidates", listed)? {
        if !candidates.iter().any(|c| c == id) {
            candidates.push(id.to_string());
        }
    }
    let substitution = match &query.substitution {
        None => 1.0,
        Some(s) => api_params::number_in("substitution", s, 0.0..=1.0)?,
    };
    let choice = Choice {
        candidates,
        substitution,
    };
    Ok(Json(run(&state, &choice).await?).into_response())
}

/// A saved what-if scenario.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ScenarioItem {
    id: String,
    name: String,
    region: String,
    candidates: Vec<String>,
    substitution: f64,
    note: String,
    created: String,
}

#[utoipa::path(get, path = "/api/v1/scenarios", tag = "invest",
    responses((status = 200, description = "Saved what-if scenarios", body = Vec<ScenarioItem>)))]
pub async fn scenarios_api(Acting(state): Acting) -> Result<Response, ApiError> {
    let list: Vec<ScenarioItem> = scenarios(&state)
        .await?
        .into_iter()
        .map(|s| ScenarioItem {
            region: s.region.to_string(),
            id: s.id,
            name: s.name,
            candidates: s.candidates,
            substitution: s.substitution,
            note: s.note,
            created: s.created,
        })
        .collect();
    Ok(Json(list).into_response())
}

#[utoipa::path(get, path = "/api/v1/candidates", tag = "invest",
    params(crate::params::ListQuery),
    responses(
        (status = 200, description = "Investment candidates by id: one page (500 by default); the header `X-Total-Count` gives how many there are in all",
            body = Vec<liantu_app::invest::Candidate>,
            headers(("X-Total-Count" = u64, description = "Candidates stored, on every page"))),
        (status = 400, description = "A page or page size out of range", body = crate::error::ErrorBody)))]
pub async fn candidates_api(
    Acting(state): Acting,
    crate::api_params::ApiQuery(q): crate::api_params::ApiQuery<crate::params::ListQuery>,
) -> Result<Response, ApiError> {
    let paging = q.paging(crate::params::LIST_API_ROWS)?;
    let (total, rows) = state.app.candidate_page(paging.window()).await?;
    Ok(([("x-total-count", total.to_string())], Json(rows)).into_response())
}
