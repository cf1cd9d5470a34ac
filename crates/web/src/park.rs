//! The park symbiosis page and API: a park's offers and needs, the optimal exchanges (HiGHS),
//! savings and CO2, and what-if changes (take a stream out, change a price) that re-solve.

use crate::api_params::{self, ApiPath, ApiQuery};
use crate::auth::Acting;
use crate::error::{ApiError, Failure, PageError};
use crate::format::money;
use crate::lang::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::{OriginalUri, Path, Query};
use axum::response::{IntoResponse, Response};
use liantu_app::WhatIf;
use liantu_app::symbiosis::{Catalog, Instance, Report};
use serde::Deserialize;
use utoipa::IntoParams;

/// `without=ID` (repeatable or comma-separated), `price.ID=元`, `mip=1`.
fn what_if(raw: &[(String, String)]) -> Result<(WhatIf, bool), Failure> {
    let mut w = WhatIf::default();
    let mut mip = false;
    for (key, value) in raw {
        let value = value.trim();
        if key == "without" {
            w.without.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            );
        } else if key == "mip" {
            mip = matches!(value, "1" | "true");
        } else if let Some(id) = key.strip_prefix("price.") {
            if value.is_empty() {
                continue;
            }
            let price = value.parse::<f64>().map_err(|_| {
                Failure::BadRequest(format!(
                    "价格 {id} 的值 '{value}' 不是数字 / price {id}: '{value}' is not a number"
                ))
            })?;
            w.prices.push((id.to_string(), price));
        }
    }
    Ok((w, mip))
}

async fn solve(
    state: &AppState,
    park: &str,
    raw: &[(String, String)],
) -> Result<(Instance, Report, WhatIf, bool), Failure> {
    let (what_if, mip) = what_if(raw)?;
    let (inst, report) = state.app.park_symbiosis(park, &what_if, mip).await?;
    Ok((inst, report, what_if, mip))
}

/// A resource class as people read it (蒸汽 / steam), from the catalogue that defines the ids.
pub(crate) fn class_name(lang: Lang, id: &str) -> String {
    Catalog::builtin()
        .class_def(id)
        .map_or(id, |c| lang.t(&c.name_zh, &c.name_en))
        .to_string()
}

/// An exchange's resource: the class, or the cascade from one class into another.
fn exchange_class(lang: Lang, class: &str, need_class: &str, conversion: Option<&str>) -> String {
    let Some(conversion) = conversion else {
        return class_name(lang, class);
    };
    let how = Catalog::builtin()
        .conversion(class, need_class)
        .map_or(conversion, |c| lang.t(&c.name_zh, &c.name_en));
    format!(
        "{} → {}{}",
        class_name(lang, class),
        class_name(lang, need_class),
        lang.t(&format!("（{how}）"), &format!(" ({how})"))
    )
}

/// A firm's name; its id when the instance does not know it.
fn name_of(inst: &Instance, id: &str) -> String {
    inst.enterprises
        .iter()
        .find(|e| e.id == id)
        .map_or(id.to_string(), |e| e.name.clone())
}

struct ExchangeRow {
    from: String,
    to: String,
    class: String,
    quantity: String,
    value: String,
    co2: String,
    reason: String,
}

struct StreamRow {
    id: String,
    enterprise: String,
    kind: &'static str,
    class: String,
    quantity: String,
    used: String,
    shadow: String,
    price: String,
    removed: bool,
}

#[derive(Template)]
#[template(path = "park.html")]
struct ParkPage {
    lang: Lang,
    back: String,
    park: String,
    park_name: String,
    illustrative: bool,
    exchanges_count: usize,
    net_benefit: String,
    co2: String,
    disposal_t: String,
    virgin_t: String,
    model: String,
    status: String,
    changes: String,
    query: String,
    svg: String,
    exchanges: Vec<ExchangeRow>,
    streams: Vec<StreamRow>,
}

pub async fn page(
    Acting(state): Acting,
    Path(park): Path<String>,
    Query(raw): Query<Vec<(String, String)>>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let (inst, report, what_if, _) = solve(&state, &park, &raw).await?;
    // The full network, so streams taken out can be put back.
    let full = state.app.park_instance(&park)?;
    let name_of = |id: &str| name_of(&full, id);
    // A stream as people name it: the firm and the resource (某公司 · 蒸汽).
    let stream_name = |id: &str| {
        let offer = full
            .offers
            .iter()
            .find(|o| o.id == id)
            .map(|o| (&o.enterprise, &o.class));
        let need = full
            .needs
            .iter()
            .find(|n| n.id == id)
            .map(|n| (&n.enterprise, &n.class));
        offer.or(need).map_or(id.to_string(), |(firm, class)| {
            format!("{} · {}", name_of(firm), class_name(lang, class))
        })
    };
    let wan = |yuan: f64| money(yuan / 10_000.0);
    let mut streams = Vec::new();
    for o in &full.offers {
        let result = report.offers.iter().find(|r| r.id == o.id);
        let price = what_if
            .prices
            .iter()
            .find(|(id, _)| *id == o.id)
            .map_or(o.disposal_cost, |p| p.1);
        streams.push(StreamRow {
            id: o.id.clone(),
            enterprise: name_of(&o.enterprise),
            kind: lang.t("供给（副产品）", "offer (by-product)"),
            class: class_name(lang, &o.class),
            // The solver's figures are in the class's base unit (t, GJ …): the declared quantity
            // is shown in it too, so 数量 and 已用 compare.
            quantity: result.map_or_else(
                || format!("{} {}", money(o.quantity.unwrap_or(0.0)), o.unit),
                |r| format!("{} {}", money(r.quantity), r.unit),
            ),
            used: result.map_or("—".into(), |r| format!("{} {}", money(r.used), r.unit)),
            shadow: result
                .and_then(|r| r.shadow_price)
                .map_or("—".into(), |p| format!("{p:.1}")),
            price: format!("{price}"),
            removed: what_if.without.contains(&o.id),
        });
    }
    for n in &full.needs {
        let result = report.needs.iter().find(|r| r.id == n.id);
        let price = what_if
            .prices
            .iter()
            .find(|(id, _)| *id == n.id)
            .map_or(n.virgin_price, |p| p.1);
        streams.push(StreamRow {
            id: n.id.clone(),
            enterprise: name_of(&n.enterprise),
            kind: lang.t("需求", "need"),
            class: class_name(lang, &n.class),
            quantity: result.map_or_else(
                || format!("{} {}", money(n.quantity.unwrap_or(0.0)), n.unit),
                |r| format!("{} {}", money(r.quantity), r.unit),
            ),
            used: result.map_or("—".into(), |r| format!("{} {}", money(r.met), r.unit)),
            shadow: result
                .and_then(|r| r.shadow_price)
                .map_or("—".into(), |p| format!("{p:.1}")),
            price: format!("{price}"),
            removed: what_if.without.contains(&n.id),
        });
    }
    let mut changes = Vec::new();
    if !what_if.without.is_empty() {
        changes.push(format!(
            "{} {}",
            lang.t("去掉", "without"),
            what_if
                .without
                .iter()
                .map(|id| stream_name(id))
                .collect::<Vec<_>>()
                .join(lang.t("、", ", "))
        ));
    }
    for (id, p) in &what_if.prices {
        let original = full
            .offers
            .iter()
            .find(|o| &o.id == id)
            .map(|o| o.disposal_cost)
            .or_else(|| {
                full.needs
                    .iter()
                    .find(|n| &n.id == id)
                    .map(|n| n.virgin_price)
            });
        if original != Some(*p) {
            changes.push(format!(
                "{} {} {p}",
                stream_name(id),
                lang.t("价格", "price")
            ));
        }
    }
    let t = &report.totals;
    let query = uri.0.query().unwrap_or("").to_string();
    let page = ParkPage {
        lang,
        back: crate::render::back_link(&uri),
        park: park.clone(),
        // The park register's name in the reader's language (the instance's name is bilingual).
        park_name: crate::candidates::park_names(&state, lang)
            .await?
            .remove(&park)
            .unwrap_or_else(|| inst.name.clone()),
        illustrative: inst.illustrative,
        exchanges_count: t.exchanges,
        net_benefit: wan(t.net_benefit),
        co2: money(t.co2_avoided_t),
        disposal_t: money(t.avoided_disposal_t),
        virgin_t: money(t.avoided_virgin_t),
        model: match report.model {
            "mip" => lang.t("混合整数规划", "MIP"),
            _ => lang.t("线性规划", "LP"),
        }
        .to_string(),
        status: {
            let (zh, en) = report.status_text();
            lang.t(zh, en).to_string()
        },
        changes: changes.join("；"),
        query,
        svg: crate::park_flow::exchange_flows(&inst, &report, lang),
        exchanges: report
            .exchanges
            .iter()
            .map(|e| ExchangeRow {
                from: name_of(&e.from),
                to: name_of(&e.to),
                class: exchange_class(lang, &e.class, &e.need_class, e.conversion.as_deref()),
                quantity: format!("{} {}", money(e.quantity), e.unit),
                value: wan(e.net_value),
                co2: money(e.co2_avoided_t),
                reason: lang.t(&e.reason_zh, &e.reason_en).to_string(),
            })
            .collect(),
        streams,
    };
    crate::render::page(&page)
}

/// A path naming one park.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ParkPath {
    /// Park id, as in the parks data.
    #[param(example = "luzhai-chem")]
    id: String,
}

/// A what-if on the park's network. `price.ID=元` (per unit) also changes an offer's disposal
/// cost or a need's virgin price.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SymbiosisQuery {
    /// Offer or need ids to take out, comma-separated.
    #[param(pattern = "^[^,]+(,[^,]+)*$", example = "lz-h2-kaihua")]
    without: Option<String>,
    /// `1` = the mixed-integer model with fixed costs and minimum sizes; default `0`, the LP.
    #[param(value_type = Option<crate::api_params::Flag>, inline)]
    mip: Option<String>,
}

impl SymbiosisQuery {
    /// The documented parameters as documented (the page also takes blanks and `mip=true`).
    fn check(&self) -> Result<(), Failure> {
        if let Some(w) = &self.without {
            api_params::id_list("without", w)?;
        }
        if let Some(m) = &self.mip {
            api_params::flag("mip", m)?;
        }
        Ok(())
    }
}

#[utoipa::path(get, path = "/api/v1/parks/{id}/symbiosis", tag = "symbiosis",
    params(ParkPath, SymbiosisQuery),
    responses(
        (status = 200, description = "Optimal exchanges, savings, CO2, shadow prices", body = liantu_app::symbiosis::Report),
        (status = 400, description = "Bad what-if (malformed list, bad price) or no feasible plan", body = crate::error::ErrorBody),
        (status = 404, description = "Unknown park, or an offer or need the park does not have", body = crate::error::ErrorBody)))]
pub async fn api(
    Acting(state): Acting,
    ApiPath(path): ApiPath<ParkPath>,
    ApiQuery(query): ApiQuery<SymbiosisQuery>,
    Query(raw): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    query.check()?;
    let (_, report, _, _) = solve(&state, &path.id, &raw).await?;
    Ok(Json(report).into_response())
}
