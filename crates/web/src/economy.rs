//! `/economy` and `GET /api/v1/economy`: 民营经济 indicators computed from the data beside the
//! published figures, their trends, and the firms behind them.

use crate::api_params::ApiQuery;
use crate::auth::Acting;
use crate::chains::{RegionOption, region_options};
use crate::error::{ApiError, ErrorBody, Failure};
use crate::lang::Lang;
use crate::params::DiagnosisQuery;
use crate::render::{PageResult, back_link, html_table, page};
use askama::Template;
use axum::Json;
use axum::extract::{OriginalUri, Query};
use axum::response::{IntoResponse, Response};
use liantu_app::economy::{
    EconomyView, economy_leaders_table, economy_specialized_table, economy_table,
};
use liantu_app::model::Ownership;
use serde::Deserialize;

/// Whose indicators: an ownership, optionally one chain's firms, a region and a year.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EconomyQuery {
    /// Ownership: private (default), state, foreign, hmt.
    #[param(pattern = "^(private|state|foreign|hmt)$", example = "private")]
    ownership: Option<String>,
    /// Chain id: only its member firms count. Lowercase letters, digits and '-', starting with a
    /// letter.
    #[param(pattern = "^[a-z]([a-z0-9-]{0,62}[a-z0-9])?$", example = "nev-battery")]
    chain: Option<String>,
    /// Region (GB/T 2260 code); default the city's code.
    #[param(pattern = "^[0-9]{6}$", example = "450200")]
    region: Option<String>,
    /// Year of the figures; default the latest.
    #[param(value_type = Option<i32>, minimum = 1949, maximum = 2100)]
    year: Option<String>,
}

impl EconomyQuery {
    fn ownership(&self) -> Result<Ownership, Failure> {
        match self.ownership.as_deref().filter(|s| !s.is_empty()) {
            None => Ok(Ownership::Private),
            Some(s) => s.parse().map_err(|e: liantu_app::model::UnknownVariant| {
                Failure::from(liantu_app::AppError::invalid(e.to_string()))
            }),
        }
    }

    fn chain(&self) -> Result<Option<&str>, Failure> {
        self.chain
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| crate::api_params::chain_id("chain", c))
            .transpose()
    }

    /// The API takes no empty value (a form's "all" choice sends `chain=`; the API leaves it
    /// out).
    fn no_empty(&self) -> Result<(), Failure> {
        for (name, value) in [("ownership", &self.ownership), ("chain", &self.chain)] {
            if value.as_deref() == Some("") {
                return Err(Failure::BadRequest(format!(
                    "参数 {name} 不能为空 / {name} must not be empty"
                )));
            }
        }
        Ok(())
    }

    fn area(&self) -> DiagnosisQuery {
        DiagnosisQuery {
            region: self.region.clone(),
            year: self.year.clone(),
        }
    }
}

/// The view `query` asks for; the API (`strict`) takes no empty region or year.
async fn view(
    state: &crate::state::AppState,
    query: &EconomyQuery,
    strict: bool,
) -> Result<EconomyView, Failure> {
    let area = query.area();
    let (region, year) = if strict {
        crate::api::area(&area, state.home_region)?
    } else {
        (area.region(state.home_region)?, area.year()?)
    };
    Ok(state
        .app
        .economy(region, query.ownership()?, year, query.chain()?)
        .await?)
}

struct Choice {
    value: String,
    name: String,
    selected: bool,
}

/// One indicator's trend: its name and a small line chart.
struct Trend {
    name: String,
    svg: String,
}

#[derive(Template)]
#[template(path = "economy.html")]
struct EconomyPage {
    lang: Lang,
    back: String,
    region_name: String,
    ownership: String,
    chain_name: Option<String>,
    year: String,
    illustrative: bool,
    regions: Vec<RegionOption>,
    ownerships: Vec<Choice>,
    chains: Vec<Choice>,
    table: String,
    trends: Vec<Trend>,
    leaders: String,
    specialized: String,
    rankings_hidden: bool,
}

pub async fn economy_page(
    Acting(state): Acting,
    Query(query): Query<EconomyQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let view = view(&state, &query, false).await?;
    let ownerships = [
        Ownership::Private,
        Ownership::State,
        Ownership::Foreign,
        Ownership::Hmt,
    ]
    .into_iter()
    .map(|o| Choice {
        value: o.key().to_string(),
        name: lang.t(o.label_zh(), o.label_en()).to_string(),
        selected: o == view.ownership,
    })
    .collect();
    let chosen = view.chain.as_ref().map(|c| c.id.as_str());
    let mut chains = vec![Choice {
        value: String::new(),
        name: lang.t("全部企业", "All firms").to_string(),
        selected: chosen.is_none(),
    }];
    chains.extend(state.app.chains().await?.into_iter().map(|c| Choice {
        selected: chosen == Some(c.id.as_str()),
        name: lang.t(&c.name_zh, &c.name_en).to_string(),
        value: c.id,
    }));
    let trends = view
        .indicators
        .iter()
        .filter(|i| i.series.len() >= 2)
        .map(|i| {
            let name = lang.t(i.name_zh, i.name_en).to_string();
            let svg = if i.is_count {
                crate::charts::sparkline_with(&i.series, &name, |v| format!("{v:.0}"))
            } else {
                crate::charts::sparkline_with(&i.series, &name, |v| crate::format::percent(Some(v)))
            };
            Trend { name, svg }
        })
        .collect();
    page(&EconomyPage {
        lang,
        back: back_link(&uri),
        region_name: lang
            .t(&view.region.name_zh, &view.region.name_en)
            .to_string(),
        ownership: lang
            .t(view.ownership.label_zh(), view.ownership.label_en())
            .to_string(),
        chain_name: view
            .chain
            .as_ref()
            .map(|c| lang.t(&c.name_zh, &c.name_en).to_string()),
        year: view.year.map_or_else(|| "—".into(), |y| y.to_string()),
        illustrative: view.illustrative,
        regions: region_options(&state, lang, view.region.code).await?,
        ownerships,
        chains,
        table: html_table(&economy_table(&view), lang, "economy", None),
        trends,
        rankings_hidden: view.rankings_hidden,
        leaders: html_table(&economy_leaders_table(&view), lang, "economy-leaders", None),
        specialized: html_table(
            &economy_specialized_table(&view),
            lang,
            "economy-specialized",
            None,
        ),
    })
}

#[utoipa::path(get, path = "/api/v1/economy", tag = "economy",
    params(EconomyQuery),
    responses(
        (status = 200, description = "The ownership's indicators (value, formula, firms reporting, the published figure measuring the same thing, the trend by year), the published figures measured another way, its firms among the chains' 链主 candidates and its largest 专精特新 firms", body = EconomyView),
        (status = 400, description = "Unknown ownership; malformed chain id, region or year", body = ErrorBody),
        (status = 404, description = "Unknown chain or region", body = ErrorBody)))]
pub async fn economy_api(
    Acting(state): Acting,
    ApiQuery(query): ApiQuery<EconomyQuery>,
) -> Result<Response, ApiError> {
    query.no_empty()?;
    Ok(Json(view(&state, &query, true).await?).into_response())
}
