//! liantu's use cases, shared by the CLI and the web app so both show the same figures: read from
//! the [`Store`], run the pure engines, and return report views that carry names, sources and
//! as-of dates next to every figure.

mod diagnosis;
mod growth;
pub mod invest;
mod symbiosis;
pub mod tag;

pub use diagnosis::{
    ChainRef, Counterparty, DiagnosisReport, DiagnosisRequest, EnterpriseFigure, LeaderView,
    Neighbour, NodeDetail, NodeView, RegionRef, RiskView, SourceRef, chain_diagnosis, node_detail,
};

pub use growth::{
    ChainNodeRef, DEMO_PANEL, GrowthReport, GrowthRequest, GrowthSort, IndustryView,
    growth_opportunities, install_demo_panel,
};

pub use symbiosis::{WhatIf, park_instance, park_symbiosis};

use liantu_store::{LoadSummary, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("未知的产业链 '{0}' / unknown chain '{0}'")]
    UnknownChain(String),
    #[error("数据库中没有区域 {0} / region {0} is not in the database")]
    UnknownRegion(String),
    #[error(
        "内置示例数据有误（这是 liantu 的缺陷）/ the built-in demo data is invalid (a liantu bug): {0}"
    )]
    Demo(#[from] liantu_demo::DemoError),
    #[error("诊断失败 / diagnosis failed: {0}")]
    Diagnosis(#[from] liantu_analysis::DiagnosisError),
    #[error("{0}")]
    UnknownPark(String),
    #[error("未知的数据面板 '{0}' / unknown panel '{0}'")]
    UnknownPanel(String),
    /// A request the data cannot answer (unknown period, region not in a panel, degenerate data).
    #[error("{0}")]
    BadInput(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Installs (or refreshes) the built-in chain templates; returns how many.
pub async fn install_builtin_chains(store: &Store) -> Result<usize> {
    let parsed: Vec<(liantu_chain::Chain, &str)> = liantu_chain::builtin_sources()
        .iter()
        .filter_map(|(_, text)| liantu_chain::parse_chain(text).ok().map(|c| (c, *text)))
        .collect();
    let refs: Vec<(&liantu_chain::Chain, &str)> = parsed.iter().map(|(c, t)| (c, *t)).collect();
    store.install_chains(&refs, true).await?;
    Ok(refs.len())
}

/// Loads the Liuzhou demo data set in one transaction. The built-in chains must be installed.
pub async fn load_demo(store: &Store) -> Result<LoadSummary> {
    let data = liantu_demo::dataset()?;
    let summary = store.load_dataset(&data).await?;
    install_demo_panel(store).await?;
    invest::load_demo_candidates(store).await?;
    Ok(summary)
}

#[cfg(test)]
mod tests;
