//! The scoring criteria. Each is one function from an [`Input`] (one candidate and the region) to
//! a [`Verdict`] (a score in 0..=1 and why), in its own module; [`Criterion::spec`] is the
//! registry. Adding a criterion: a module with its function, a variant here with its [`Spec`]
//! arm, and its weight in [`crate::Weights`] (plus a rule in [`crate::ScoringRule`] if it has
//! parameters).

mod chain_gap;
mod environment;
mod investment_intensity;
mod linkage;
mod relatedness;
mod tax_per_mu;
mod technology;

use crate::candidate::Candidate;
use crate::profile::{ParkThresholds, ScoringRule};
use crate::score::{NodeContext, ScoringContext};
use serde::{Deserialize, Serialize};

/// The seven criteria, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    ChainGap,
    Relatedness,
    Technology,
    InvestmentIntensity,
    TaxPerMu,
    Environment,
    Linkage,
}

/// What a criterion is called and how it scores.
pub(crate) struct Spec {
    /// Profile key (`scoring.weights.<key>`), as serialized.
    pub key: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub score: fn(&Input) -> Verdict,
}

impl Criterion {
    pub const ALL: [Criterion; 7] = [
        Criterion::ChainGap,
        Criterion::Relatedness,
        Criterion::Technology,
        Criterion::InvestmentIntensity,
        Criterion::TaxPerMu,
        Criterion::Environment,
        Criterion::Linkage,
    ];

    pub(crate) fn spec(self) -> Spec {
        let (key, label_zh, label_en, score): (_, _, _, fn(&Input) -> Verdict) = match self {
            Criterion::ChainGap => (
                "chain_gap",
                "补链价值",
                "chain gap filled",
                chain_gap::score,
            ),
            Criterion::Relatedness => (
                "relatedness",
                "产业契合",
                "industrial fit",
                relatedness::score,
            ),
            Criterion::Technology => ("technology", "科技含量", "technology", technology::score),
            Criterion::InvestmentIntensity => (
                "investment_intensity",
                "投资强度",
                "investment intensity",
                investment_intensity::score,
            ),
            Criterion::TaxPerMu => ("tax_per_mu", "亩均税收", "tax per mu", tax_per_mu::score),
            Criterion::Environment => {
                ("environment", "环保水平", "environment", environment::score)
            }
            Criterion::Linkage => ("linkage", "带动作用", "local linkage", linkage::score),
        };
        Spec {
            key,
            label_zh,
            label_en,
            score,
        }
    }

    pub fn key(self) -> &'static str {
        self.spec().key
    }

    pub fn label_zh(self) -> &'static str {
        self.spec().label_zh
    }

    pub fn label_en(self) -> &'static str {
        self.spec().label_en
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// What every criterion reads: one candidate, the region, the profile's rules and the park's
/// thresholds.
pub(crate) struct Input<'a> {
    pub candidate: &'a Candidate,
    /// The installed chain nodes the candidate serves.
    pub nodes: &'a [&'a NodeContext],
    /// The nodes it names that no installed chain has (`chain:node`).
    pub unknown_nodes: &'a [String],
    pub context: &'a ScoringContext,
    pub rule: &'a ScoringRule,
    pub thresholds: &'a ParkThresholds,
    /// 万元 of fixed investment per 亩, when the land area is known (finite).
    pub investment_intensity: Option<f64>,
    /// Expected tax 万元 per 亩, when known (finite).
    pub tax_per_mu: Option<f64>,
    /// Write the reason sentences (formatting costs far more than scoring).
    pub text: bool,
}

/// One criterion's result for one candidate.
pub(crate) struct Verdict {
    /// The raw score; clamped to 0..=1 when weighted.
    pub score: f64,
    /// Empty unless the input asked for text.
    pub reason_zh: String,
    pub reason_en: String,
}

impl Verdict {
    /// `score`, with the sentences from `reasons` (zh, en) only when `input` asks for text.
    pub fn new(input: &Input, score: f64, reasons: impl FnOnce() -> (String, String)) -> Verdict {
        let (reason_zh, reason_en) = if input.text {
            reasons()
        } else {
            (String::new(), String::new())
        };
        Verdict {
            score,
            reason_zh,
            reason_en,
        }
    }
}

/// `x` clamped to 0..=1, NaN as 0.
pub(crate) fn clamp01(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

/// A reported figure that can be used: finite and ≥ 0.
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite() && *x >= 0.0)
}
