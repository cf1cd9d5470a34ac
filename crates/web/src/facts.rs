//! Published figures (facts) as pages show them: value in the fact's own unit, year, source with
//! its publisher, and as-of date.

use crate::format::{figure, money};
use crate::lang::Lang;
use crate::state::AppState;
use liantu_app::AppError;

pub struct FactRow {
    pub indicator: String,
    pub value: String,
    pub unit: String,
    pub year: i32,
    pub source: String,
    pub as_of: String,
}

/// The facts whose scope is `scope` (a region code or a chain id), or every fact.
pub async fn fact_rows(
    state: &AppState,
    lang: Lang,
    scope: Option<&str>,
) -> Result<Vec<FactRow>, AppError> {
    let sources = state.app.sources().await?;
    let facts = state.app.facts().await?;
    Ok(facts
        .into_iter()
        .filter(|f| scope.is_none_or(|s| f.scope == s))
        .map(|f| FactRow {
            indicator: lang.t(&f.indicator_zh, &f.indicator_en).to_string(),
            // 万元 as money elsewhere; a percentage or a count keeps its decimals (264.2 %).
            value: if f.unit == "万元" {
                money(f.value)
            } else {
                figure(f.value)
            },
            unit: match f.unit.as_str() {
                "万元" => lang.t("万元", "10k yuan").to_string(),
                "人" => lang.t("人", "persons").to_string(),
                other => other.to_string(),
            },
            year: f.year,
            source: sources
                .iter()
                .find(|s| s.id == f.source)
                .map(|s| {
                    let title = lang.t(&s.title_zh, &s.title_en);
                    if s.publisher.is_empty() {
                        title.to_string()
                    } else {
                        format!("{title}（{}）", s.publisher)
                    }
                })
                .unwrap_or(f.source),
            as_of: f.as_of,
        })
        .collect())
}
