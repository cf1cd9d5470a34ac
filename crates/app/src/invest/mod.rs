//! Precision investment (精准招商) use cases: candidate ranking, 亩均 grading, input-output
//! import and report, what-if scenarios. Each reads the store, runs `liantu-invest` (and the
//! diagnosis engine) and returns a serialisable report for the CLI, the web pages and the API.

mod candidates;
mod context;
mod grading;
mod io;
mod ranking;
mod tables;

pub(crate) use context::{ChainState, Scoring};
pub(crate) use grading::Graded;
pub use grading::{
    FigureNote, FirmGrade, GradeCount, GradedEnterprise, GradingReport, GradingRequest,
    IndicatorView,
};
pub use io::{IoImportSummary, IoReport, IoSectorView};
pub use liantu_invest::{
    BenchmarkUsed, CANDIDATE_COLUMNS, Candidate, CandidateScore, Criterion, CriterionScore, Gate,
    GateFailure, Grade, GradingRule, Indicator, NodeKey, Profile, candidate_fields,
    candidate_from_fields,
};
pub use ranking::{
    CriterionColumn, ProfileRef, RankedCandidate, RankingReport, RankingRequest, ServedNode,
};
pub use tables::{grading_table, io_table, ranking_table};

use crate::{App, AppError, RegionRef, Result, SourceRef};
use liantu_invest::io::{IoTable, NodeSectorMap};
use liantu_model::RegionCode;
use liantu_model::records::SourceKind;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The demo candidates (`data/demo/candidates.csv`, illustrative).
pub const DEMO_CANDIDATES: &str = include_str!("../../../../data/demo/candidates.csv");
/// The shipped Liuzhou profiles (`data/profiles/`), by file name.
pub const BUILTIN_PROFILES: &[(&str, &str)] = &[
    (
        "liuzhou.toml",
        include_str!("../../../../data/profiles/liuzhou.toml"),
    ),
    (
        "liuzhou-chain-first.toml",
        include_str!("../../../../data/profiles/liuzhou-chain-first.toml"),
    ),
];
/// Chain node → NBS 42-sector mapping (`data/io/nodes-nbs42.toml`).
pub const NODE_SECTORS_NBS42: &str = include_str!("../../../../data/io/nodes-nbs42.toml");
/// China's 2020 input-output table, 42 sectors (NBS; file MIT, see `data/io/NOTICE.md`): the
/// demo imports it so 带动作用 rests on real multipliers.
pub const NBS_2020_42: &str = include_str!("../../../../data/io/china_io_2020_42.csv");
/// The shipped chain node → NBS 153-sector map (2018/2020 tables).
pub const NODE_SECTORS_NBS153: &str = include_str!("../../../../data/io/nodes-nbs153.toml");

/// The shipped node → sector maps.
fn node_maps() -> Result<Vec<NodeSectorMap>> {
    [NODE_SECTORS_NBS42, NODE_SECTORS_NBS153]
        .into_iter()
        .map(|text| NodeSectorMap::from_toml(text).map_err(|e| AppError::internal(e.to_string())))
        .collect()
}

/// The shipped node → sector map that fits `table` (same sector count, every code present).
fn node_map_for(table: &IoTable) -> Result<Option<NodeSectorMap>> {
    Ok(node_maps()?
        .into_iter()
        .find(|map| map.sectors == table.len() && map.missing_in(table).is_empty()))
}

/// The default profile (Liuzhou).
pub fn default_profile() -> Result<Profile> {
    Ok(Profile::from_toml(BUILTIN_PROFILES[0].1)?)
}

/// A profile from TOML text (a user's file), validated.
pub fn parse_profile(text: &str) -> Result<Profile> {
    Ok(Profile::from_toml(text)?)
}

/// A profile file, validated; messages name the file.
pub fn read_profile_file(path: &std::path::Path) -> Result<Profile> {
    let text = crate::files::read_text(path)?;
    Profile::from_toml(&text).map_err(|e| AppError::invalid(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests;
