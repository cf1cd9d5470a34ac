//! The home page: every chain with completeness, 本地配套率 and output, and the published
//! indicators with their sources.

use crate::auth::Acting;
use crate::facts::{FactRow, fact_rows};
use crate::format::{money, percent, rate_with_links};
use crate::lang::Lang;
use crate::render::{PageResult, back_link, page};
use askama::Template;
use axum::extract::OriginalUri;
use liantu_model::NodeStatus;

// ---------------------------------------------------------------- home

struct ChainRow {
    id: String,
    name: String,
    nodes: u32,
    covered: u32,
    completeness: String,
    local_supply: String,
    missing: usize,
    weak: usize,
    output: String,
    source: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    lang: Lang,
    back: String,
    region_name: String,
    illustrative: bool,
    chains: Vec<ChainRow>,
    /// Chemical parks, whose symbiosis pages exist: (id, name).
    parks: Vec<(String, String)>,
    facts: Vec<FactRow>,
}

pub async fn home(Acting(state): Acting, lang: Lang, uri: OriginalUri) -> PageResult {
    let summaries = state.app.chains().await?;
    let mut chains = Vec::new();
    let mut illustrative = false;
    let mut region_name = state.home_region.to_string();
    // Every chain's diagnosis from one read of their data (cached per revision after).
    let ids: Vec<&str> = summaries.iter().map(|c| c.id.as_str()).collect();
    let reports = state
        .app
        .chain_diagnoses(&ids, state.home_region, None)
        .await?;
    for (c, r) in summaries.iter().zip(reports) {
        illustrative |= r.illustrative;
        region_name = lang.t(&r.region.name_zh, &r.region.name_en).to_string();
        let count = |s: NodeStatus| r.nodes.iter().filter(|n| n.status == s).count();
        chains.push(ChainRow {
            id: c.id.clone(),
            name: lang.t(&c.name_zh, &c.name_en).to_string(),
            nodes: r.completeness.total_nodes,
            covered: r.completeness.covered_nodes,
            completeness: percent(r.completeness.weighted_ratio),
            local_supply: rate_with_links(lang, &r.local_supply),
            missing: count(NodeStatus::Missing),
            weak: count(NodeStatus::Weak),
            output: money(r.total_output),
            source: r.source_line(lang.model()),
        });
    }
    let facts = fact_rows(&state, lang, None).await?;
    let parks = state
        .app
        .parks()
        .await?
        .into_iter()
        .filter(|p| p.kind == "chemical")
        .map(|p| (p.id, lang.t(&p.name_zh, &p.name_en).to_string()))
        .collect();
    page(&HomePage {
        lang,
        back: back_link(&uri),
        region_name,
        illustrative,
        chains,
        parks,
        facts,
    })
}

#[derive(Template)]
#[template(path = "glossary.html")]
struct GlossaryPage {
    lang: Lang,
    back: String,
    terms: &'static [liantu_app::glossary::Term],
}

/// 术语说明: every technical term in plain words, with its formula.
pub async fn glossary(lang: Lang, uri: OriginalUri) -> PageResult {
    page(&GlossaryPage {
        lang,
        back: back_link(&uri),
        terms: liantu_app::glossary::TERMS,
    })
}
