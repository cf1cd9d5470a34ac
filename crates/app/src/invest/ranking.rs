//! The ranked candidate list (精准招商).

use super::*;
use liantu_invest::{NodeContext, ParkInfo, Ranking, ScoreOptions, score_with};
use liantu_model::NodeStatus;

// ------------------------------------------------------------------------------ ranking

#[derive(Debug, Clone)]
pub struct RankingRequest {
    pub region: RegionCode,
    pub profile: Profile,
    /// Year of the enterprise figures behind node statuses; `None` = latest.
    pub year: Option<i32>,
    /// Sentences for the first `n` ranks only; `None` = all.
    pub explain_top: Option<usize>,
    /// The rows `(offset, count)` of the ranked list to return (a page); `None` = all.
    pub window: Option<(usize, usize)>,
}

/// The profile a result was computed with.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileRef {
    pub id: String,
    pub version: u32,
    pub name_zh: String,
    pub name_en: String,
    pub region: String,
    pub valid_from: String,
    pub basis: String,
}

impl From<&Profile> for ProfileRef {
    fn from(p: &Profile) -> Self {
        ProfileRef {
            id: p.id.clone(),
            version: p.version,
            name_zh: p.name_zh.clone(),
            name_en: p.name_en.clone(),
            region: p.region.clone(),
            valid_from: p.valid_from.clone(),
            basis: p.basis.clone(),
        }
    }
}

/// A chain node a candidate serves, with its status in the region.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServedNode {
    pub chain: String,
    pub node: String,
    pub name_zh: String,
    pub name_en: String,
    /// `None` when the node is not in an installed chain.
    pub status: Option<NodeStatus>,
    pub local_demand: Option<f64>,
    pub demand_estimated: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedCandidate {
    #[serde(flatten)]
    pub score: CandidateScore,
    pub candidate: Candidate,
    pub park_name_zh: Option<String>,
    pub park_name_en: Option<String>,
    pub nodes: Vec<ServedNode>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankingReport {
    pub profile: ProfileRef,
    pub region: RegionRef,
    /// Criterion keys and labels in column order, with the profile's default weights.
    pub criteria: Vec<CriterionColumn>,
    /// The ranked list, or the rows of the window asked for.
    pub results: Vec<RankedCandidate>,
    /// Candidates ranked: the whole list's length, whatever the window.
    pub total: usize,
    /// Candidates passing every gate, of the whole list.
    pub eligible: usize,
    /// IO table used for output multipliers (`None`: none imported).
    pub io_table: Option<String>,
    /// Panel whose densities gave 产业契合 (`None`: chain neighbours were used).
    pub density_panel: Option<String>,
    pub sources: Vec<SourceRef>,
    pub illustrative: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionColumn {
    pub key: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub weight: f64,
}

/// Sentences for the ranks the request returns (its window) that its `explain_top` keeps: a
/// page of 100 of 10,000 candidates writes 100 explanations, not 10,000.
fn explained_ranks(request: &RankingRequest) -> ScoreOptions {
    let top = request.explain_top;
    match request.window {
        None => ScoreOptions {
            explain_top: top,
            explain_skip: 0,
        },
        Some((skip, take)) => {
            let end = top.map_or(skip.saturating_add(take), |t| {
                skip.saturating_add(take).min(t)
            });
            ScoreOptions {
                explain_top: Some(end.saturating_sub(skip)),
                explain_skip: skip,
            }
        }
    }
}

impl App {
    /// The ranked candidate list for a region (`liantu score`, the ranking page and API).
    pub async fn candidate_ranking(&self, request: &RankingRequest) -> Result<RankingReport> {
        self.require_read(crate::ReadArea::Investment)?;
        let store = &self.store;
        let region = self.region_ref(&request.region).await?;
        let candidates = store.candidates().await?;
        let scoring = self.scoring_context(&request.region, request.year).await?;
        let (context, io_table, density_panel) = (&scoring.0, &scoring.1, &scoring.2);
        let ranking: Ranking = score_with(
            &candidates,
            context,
            &request.profile,
            &explained_ranks(request),
        );
        let node_ctx: HashMap<(&str, &str), &NodeContext> = context
            .nodes
            .iter()
            .map(|n| ((n.key.chain.as_str(), n.key.node.as_str()), n))
            .collect();
        let parks: HashMap<&str, &ParkInfo> =
            context.parks.iter().map(|p| (p.id.as_str(), p)).collect();
        let mut source_ids: BTreeSet<String> =
            candidates.iter().map(|c| c.source.clone()).collect();
        if !context.nodes.is_empty() {
            source_ids.insert("illustrative".into());
        }
        let total = ranking.results.len();
        let (skip, take) = request.window.unwrap_or((0, total));
        let results: Vec<RankedCandidate> = ranking
            .results
            .into_iter()
            .skip(skip)
            .take(take)
            .map(|score| {
                let candidate = candidates[score.candidate].clone();
                let park = candidate.park.as_deref().and_then(|p| parks.get(p));
                let nodes = candidate
                    .nodes
                    .iter()
                    .map(|k| {
                        let n = node_ctx.get(&(k.chain.as_str(), k.node.as_str()));
                        ServedNode {
                            chain: k.chain.clone(),
                            node: k.node.clone(),
                            name_zh: n.map_or(k.node.clone(), |n| n.name_zh.clone()),
                            name_en: n.map_or(k.node.clone(), |n| n.name_en.clone()),
                            status: n.map(|n| n.status),
                            local_demand: n.map(|n| n.local_demand),
                            demand_estimated: n.is_some_and(|n| n.demand_estimated),
                        }
                    })
                    .collect();
                RankedCandidate {
                    park_name_zh: park.map(|p| p.name_zh.clone()),
                    park_name_en: park.map(|p| p.name_en.clone()),
                    score,
                    candidate,
                    nodes,
                }
            })
            .collect();
        let sources = self.source_refs(&source_ids).await?;
        let w = request.profile.scoring.weights;
        Ok(RankingReport {
            profile: ProfileRef::from(&request.profile),
            region,
            criteria: liantu_invest::Criterion::ALL
                .iter()
                .map(|c| CriterionColumn {
                    key: c.key(),
                    label_zh: c.label_zh(),
                    label_en: c.label_en(),
                    weight: w.get(*c),
                })
                .collect(),
            eligible: ranking.eligible,
            total,
            results,
            io_table: io_table.clone(),
            density_panel: density_panel.clone(),
            illustrative: sources.iter().any(|s| s.kind == SourceKind::Illustrative),
            sources,
        })
    }
}
