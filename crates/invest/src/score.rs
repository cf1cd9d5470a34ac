//! Candidate scoring: seven criteria, each a score in 0..=1 times the park's weight, rounded to
//! 0.01 points; the total is the sum of the points, so every breakdown adds up. Hard gates put a
//! candidate after every eligible one, with the reason. Each criterion is a function in
//! `crate::criterion` (its formula in [`crate::profile::ScoringRule`]); the gates are in
//! `gates`, the ranking sentence in `explain`.

mod explain;
mod gates;

use crate::candidate::{Candidate, NodeKey};
use crate::criterion::{Criterion, Input, clamp01};
use crate::profile::Profile;
use crate::text::round2;
use explain::explain;
use liantu_model::NodeStatus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

/// What the region looks like at one chain node, as the scoring needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeContext {
    pub key: NodeKey,
    pub name_zh: String,
    pub name_en: String,
    pub status: NodeStatus,
    /// 万元 per year that local buyers spend on the node's product (from supply links), or an
    /// estimate from the output of the nodes it feeds (`demand_estimated`).
    pub local_demand: f64,
    pub demand_estimated: bool,
    /// Distinct local firms on the chain nodes feeding this node.
    pub local_suppliers: u32,
    /// Distinct local firms on the chain nodes this node feeds.
    pub local_buyers: u32,
    /// Chain nodes adjacent to this one, and how many of them have a local firm.
    pub neighbours: u32,
    pub covered_neighbours: u32,
    /// Input-output output multiplier of the node's sector (column sum of the Leontief inverse).
    pub output_multiplier: Option<f64>,
    /// The IO sector behind the multiplier, e.g. `12 化学产品`.
    pub io_sector: Option<String>,
    /// Other chains' nodes this node's product goes into (the chain file's `to = "chain:node"`)
    /// whose local firms buy from outside the area: the coupling gaps a new maker here could
    /// fill (耦合发展).
    #[serde(default)]
    pub couplings: Vec<CouplingDemand>,
}

/// A node of another chain that a node supplies, as 补链 sees it: its status and what its local
/// firms buy from outside the area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouplingDemand {
    pub key: NodeKey,
    pub chain_zh: String,
    pub chain_en: String,
    pub name_zh: String,
    pub name_en: String,
    pub status: NodeStatus,
    /// 万元 per year the node's local firms buy from suppliers outside the area.
    pub outside_value: f64,
}

/// A park as the gates see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParkInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Recognised chemical park (认定化工园区) according to the park data; a profile's
    /// `chemical_park` for the park overrides it.
    pub recognised_chemical: bool,
}

/// Everything scoring reads besides the candidates and the profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoringContext {
    pub nodes: Vec<NodeContext>,
    pub parks: Vec<ParkInfo>,
    /// Relatedness density (0..1) of industries for the region, keyed by GB/T 4754 code (4
    /// digits or a prefix), from the complexity engine; `None` when no panel is loaded.
    pub densities: Option<HashMap<String, f64>>,
}

/// One criterion of one candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionScore {
    pub criterion: Criterion,
    pub label_zh: Cow<'static, str>,
    pub label_en: Cow<'static, str>,
    /// Points available (the park's weight).
    pub weight: f64,
    /// 0..=1.
    pub score: f64,
    /// `round2(weight × score)`.
    pub points: f64,
    pub reason_zh: String,
    pub reason_en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    ChemicalPark,
    InvestmentIntensityFloor,
}

/// A hard gate the candidate failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GateFailure {
    pub gate: Gate,
    pub reason_zh: String,
    pub reason_en: String,
}

/// A scored candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateScore {
    /// Index into the candidates given to [`score`]; not serialised, as it means nothing outside
    /// that call (and reports that flatten a score beside the candidate itself name it `candidate`).
    #[serde(skip)]
    pub candidate: usize,
    pub id: String,
    pub name: String,
    /// 1-based position in the ranking (eligible candidates first).
    pub rank: u32,
    /// Passed every gate.
    pub eligible: bool,
    /// Σ `criteria[].points`.
    pub total: f64,
    /// Points available (Σ weights).
    pub max_total: f64,
    /// One per criterion, in [`Criterion::ALL`] order.
    pub criteria: Vec<CriterionScore>,
    pub gate_failures: Vec<GateFailure>,
    /// The park whose thresholds applied (`None`: the profile's default park).
    pub park_rule: Option<String>,
    pub investment_intensity: Option<f64>,
    pub tax_per_mu: Option<f64>,
    /// Why it ranks where it does.
    pub why_zh: String,
    pub why_en: String,
    /// The sentences (`why_*`, `criteria[].reason_*`) were written (see [`ScoreOptions`]).
    pub explained: bool,
}

/// The ranked list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub profile_id: String,
    pub profile_version: u32,
    /// Best first.
    pub results: Vec<CandidateScore>,
    pub eligible: usize,
    /// Results with sentences (the ranks [`ScoreOptions`] asked for).
    pub explained: usize,
    /// Whether relatedness came from complexity densities (else from chain neighbours).
    pub densities_used: bool,
}

/// How much text to produce.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreOptions {
    /// Write the reason sentences for `n` ranks only (`None`: for every candidate).
    /// Numbers are always complete; sentences cost far more than the scoring itself.
    pub explain_top: Option<usize>,
    /// Ranks before the first explained one: with `explain_top`, the sentences of a page further
    /// down the list (ranks `explain_skip + 1 ..= explain_skip + n`).
    #[serde(default)]
    pub explain_skip: usize,
}

/// Scores and ranks `candidates` against the region described by `context`, with `profile`'s
/// weights, thresholds and gates; every result carries its sentences.
pub fn score(candidates: &[Candidate], context: &ScoringContext, profile: &Profile) -> Ranking {
    score_with(candidates, context, profile, &ScoreOptions::default())
}

/// [`score`] with options (e.g. sentences for the top of a long list only).
pub fn score_with(
    candidates: &[Candidate],
    context: &ScoringContext,
    profile: &Profile,
    options: &ScoreOptions,
) -> Ranking {
    let node_index: HashMap<(&str, &str), usize> = context
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| ((n.key.chain.as_str(), n.key.node.as_str()), i))
        .collect();
    let all_text = options.explain_top.is_none() && options.explain_skip == 0;
    let score =
        |(i, c): (usize, &Candidate)| score_one(i, c, context, &node_index, profile, all_text);
    // Writing every reason is text-heavy and gains from both cores; bare scores are cheaper on
    // one (measured: 175 ms serial vs 238 ms parallel for 100,000 without text).
    let results: Vec<CandidateScore> = if all_text {
        candidates.par_iter().enumerate().map(score).collect()
    } else {
        candidates.iter().enumerate().map(score).collect()
    };
    // Sort indices, not the (large) results.
    let mut order: Vec<usize> = (0..results.len()).collect();
    let gap = Criterion::ChainGap.index();
    order.sort_unstable_by(|&i, &j| {
        let (a, b) = (&results[i], &results[j]);
        b.eligible
            .cmp(&a.eligible)
            .then(b.total.total_cmp(&a.total))
            .then(b.criteria[gap].points.total_cmp(&a.criteria[gap].points))
            .then_with(|| a.id.cmp(&b.id))
            .then(i.cmp(&j))
    });
    let mut slots: Vec<Option<CandidateScore>> = results.into_iter().map(Some).collect();
    let mut results: Vec<CandidateScore> = order.iter().filter_map(|&i| slots[i].take()).collect();
    let n = results.len();
    let from = options.explain_skip.min(n);
    let to = options
        .explain_top
        .map_or(n, |k| from.saturating_add(k).min(n));
    let eligible = results.iter().filter(|r| r.eligible).count();
    for (i, r) in results.iter_mut().enumerate() {
        r.rank = i as u32 + 1;
    }
    if !all_text {
        // Reasons for the explained ranks only, written now that the ranks are known.
        results[from..to].par_iter_mut().for_each(|r| {
            let c = r.candidate;
            r.criteria = score_one(c, &candidates[c], context, &node_index, profile, true).criteria;
        });
    }
    // A sentence reads its neighbours in the ranking, so all are written before any is stored.
    let sentences: Vec<(String, String)> = (from..to)
        .into_par_iter()
        .map(|i| explain(&results, i, eligible))
        .collect();
    for (r, (why_zh, why_en)) in results[from..to].iter_mut().zip(sentences) {
        r.why_zh = why_zh;
        r.why_en = why_en;
        r.explained = true;
    }
    Ranking {
        profile_id: profile.id.clone(),
        profile_version: profile.version,
        results,
        eligible,
        explained: to - from,
        densities_used: context.densities.is_some(),
    }
}

/// Scores candidate `index` on every criterion and checks the gates; the reason sentences only
/// when `text`.
fn score_one(
    index: usize,
    c: &Candidate,
    ctx: &ScoringContext,
    node_index: &HashMap<(&str, &str), usize>,
    profile: &Profile,
    text: bool,
) -> CandidateScore {
    let park = profile.park(c.park.as_deref());
    let weights = park.weights;
    let nodes: Vec<&NodeContext> = c
        .nodes
        .iter()
        .filter_map(|k| node_index.get(&(k.chain.as_str(), k.node.as_str())))
        .map(|&i| &ctx.nodes[i])
        .collect();
    let unknown_nodes: Vec<String> = c
        .nodes
        .iter()
        .filter(|k| !node_index.contains_key(&(k.chain.as_str(), k.node.as_str())))
        .map(ToString::to_string)
        .collect();
    let investment_intensity = c.investment_intensity().filter(|v| v.is_finite());
    let tax_per_mu = c.tax_per_mu().filter(|v| v.is_finite());
    let input = Input {
        candidate: c,
        nodes: &nodes,
        unknown_nodes: &unknown_nodes,
        context: ctx,
        rule: &profile.scoring,
        thresholds: &park.thresholds,
        investment_intensity,
        tax_per_mu,
        text,
    };
    let criteria: Vec<CriterionScore> = Criterion::ALL
        .iter()
        .map(|&criterion| weigh(criterion, weights.get(criterion), &input))
        .collect();
    let gate_failures = gates::failures(c, ctx, profile, &park.thresholds, investment_intensity);
    let total = round2(criteria.iter().map(|c| c.points).sum());
    CandidateScore {
        candidate: index,
        id: c.id.clone(),
        name: c.name.clone(),
        rank: 0,
        eligible: gate_failures.is_empty(),
        total,
        max_total: weights.total(),
        criteria,
        gate_failures,
        park_rule: park.park.map(str::to_string),
        investment_intensity,
        tax_per_mu,
        why_zh: String::new(),
        why_en: String::new(),
        explained: false,
    }
}

/// One criterion's score for `input`, weighted: points = `round2(weight × score)`.
fn weigh(criterion: Criterion, weight: f64, input: &Input) -> CriterionScore {
    let spec = criterion.spec();
    let verdict = (spec.score)(input);
    let score = clamp01(verdict.score);
    CriterionScore {
        criterion,
        label_zh: Cow::Borrowed(spec.label_zh),
        label_en: Cow::Borrowed(spec.label_en),
        weight,
        score,
        points: round2(weight * score),
        reason_zh: verdict.reason_zh,
        reason_en: verdict.reason_en,
    }
}
