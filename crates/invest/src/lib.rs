//! 精准招商 precision investment, pure: plain structs in, plain structs out, no I/O.
//!
//! - [`score`]: rank investment candidates on seven criteria (补链价值, 产业契合, 科技含量,
//!   投资强度, 亩均税收, 环保, 带动作用) with hard gates (chemical projects only in recognised
//!   chemical parks; the park's investment-intensity floor). Weights, thresholds and gates come
//!   from a versioned per-region [`Profile`] (TOML), per park. Each criterion's points are
//!   `round2(weight × score)`, the total is their sum, and every criterion and the rank carry a
//!   sentence in Chinese and English.
//! - [`io`]: input-output tables, the Leontief inverse, output multipliers and linkages, and
//!   the chain-node → IO-sector mapping.
//! - [`grade()`]: 亩均论英雄 grading of enterprises (A/B/C/D by rank, not-graded classes).
//! - [`whatif`]: add candidates to the region virtually and diff the chain diagnosis.

mod candidate;
mod context;
mod criterion;
mod error;
mod grade;
pub mod io;
mod profile;
mod score;
mod text;
pub mod whatif;

pub use candidate::{
    CANDIDATE_COLUMNS, Candidate, NodeKey, candidate_fields, candidate_from_fields,
    parse_candidates_csv, write_candidates_csv,
};
pub use context::{IoLink, node_contexts};
pub use criterion::Criterion;
pub use error::{CandidateError, IoError, ProfileError};
pub use grade::{
    BenchmarkUsed, EnterpriseGrade, Grade, GradeInput, Grading, IndicatorScore, NotGraded,
    SetAsideFigure, grade,
};
pub use profile::{
    Cutoffs, EnvBenchmark, EnvironmentRule, GapRule, Gates, GradingRule, Indicator, IndicatorRule,
    LinkageRule, PROFILE_FORMAT, ParkRule, ParkThresholds, Profile, RelatednessRule, ResolvedPark,
    ScoringRule, TechnologyRule, Weights, WeightsOverride,
};
pub use score::{
    CandidateScore, CouplingDemand, CriterionScore, Gate, GateFailure, NodeContext, ParkInfo,
    Ranking, ScoreOptions, ScoringContext, score, score_with,
};

#[cfg(test)]
mod tests;
