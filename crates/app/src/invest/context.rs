//! What scoring reads from the store: node contexts from every chain's diagnosis, parks, the
//! Leontief model of an imported IO table, relatedness densities from a panel.

use super::*;
use crate::GrowthRequest;
use liantu_analysis::{Diagnosis, DiagnosisInput, DiagnosisRule, diagnose};
use liantu_invest::io::{IoAnalysis, leontief};
use liantu_invest::{
    CouplingDemand, IoLink, NodeContext, NodeKey, ParkInfo, ScoringContext, node_contexts,
};
use liantu_model::chain::Chain;
use std::sync::Arc;

// ------------------------------------------------------------------------------ context

/// What scoring reads ([`App::scoring_context`]): the context, the IO table's title and the
/// density panel's id, when used.
pub(crate) type Scoring = (ScoringContext, Option<String>, Option<String>);

/// The Leontief model of the latest imported IO table that the shipped node mapping fits.
struct IoModel {
    id: String,
    title: String,
    table: IoTable,
    analysis: IoAnalysis,
    map: NodeSectorMap,
}

impl App {
    async fn io_model(&self) -> Result<Option<IoModel>> {
        let store = &self.store;
        let sizes: Vec<usize> = node_maps()?.iter().map(|m| m.sectors).collect();
        for summary in store.io_tables().await? {
            // Only tables a shipped map could fit are worth loading.
            if !sizes.contains(&(summary.sectors as usize)) {
                continue;
            }
            let Some(table) = store.io_table(&summary.id).await? else {
                continue;
            };
            let Some(map) = node_map_for(&table)? else {
                continue;
            };
            let Ok(analysis) = leontief(&table) else {
                continue;
            };
            return Ok(Some(IoModel {
                id: summary.id,
                title: summary.title,
                table,
                analysis,
                map,
            }));
        }
        Ok(None)
    }
}

pub(crate) struct ChainState {
    pub(crate) chain: Arc<Chain>,
    pub(crate) input: DiagnosisInput,
    pub(crate) diagnosis: Diagnosis,
}

impl App {
    /// Every chain's engine input and diagnosis for the area. Under the default rule they are
    /// cached per revision (the server's warm-up builds the home region's): the what-if adds
    /// its candidates to them, which at a province's size would otherwise read every chain's
    /// data again (7 s at 1,000,000 firms). `gated`: built behind the view gate, for callers
    /// not already holding it.
    pub(crate) async fn chain_states(
        &self,
        region: &RegionCode,
        year: Option<i32>,
        rule: &DiagnosisRule,
        gated: bool,
    ) -> Result<Arc<Vec<ChainState>>> {
        let read = async || self.read_chain_states(region, year, rule).await;
        if *rule != DiagnosisRule::default() {
            Ok(Arc::new(read().await?))
        } else if gated {
            self.cached_view(&self.caches.chain_states, (*region, year), read)
                .await
        } else {
            self.cached(&self.caches.chain_states, (*region, year), read)
                .await
        }
    }

    async fn read_chain_states(
        &self,
        region: &RegionCode,
        year: Option<i32>,
        rule: &DiagnosisRule,
    ) -> Result<Vec<ChainState>> {
        // Every chain's data in one read: on SQLite each table is scanned once, not per chain.
        let chains = self.all_chains().await?;
        let ids: Vec<&str> = chains.iter().map(|c| c.id.as_str()).collect();
        let rows = self.store.chains_data(&ids, region, year).await?;
        let data: Vec<_> = chains.into_iter().zip(rows).collect();
        let (region, rule) = (*region, *rule);
        crate::blocking(move || {
            data.into_iter()
                .map(|(chain, rows)| {
                    let input = crate::diagnosis::diagnosis_input(&chain, &rows);
                    let diagnosis = diagnose(&input, &region, &rule)?;
                    Ok(ChainState {
                        chain,
                        input,
                        diagnosis,
                    })
                })
                .collect()
        })
        .await
    }
}

impl App {
    /// Relatedness densities of the region's industries from the first stored panel that has the
    /// region (the complexity engine); `None` when there is none.
    async fn densities(&self, region: &RegionCode) -> Option<(String, HashMap<String, f64>)> {
        let store = &self.store;
        let panels = store.panels().await.ok()?;
        for p in panels {
            let Ok(report) = self
                .growth_opportunities(&GrowthRequest::new(&p.id, region.as_str()))
                .await
            else {
                continue;
            };
            let map: HashMap<String, f64> = report
                .opportunities
                .iter()
                .chain(&report.strengths)
                .filter_map(|i| i.density.map(|d| (i.industry.clone(), d)))
                .collect();
            if !map.is_empty() {
                return Some((p.id, map));
            }
        }
        None
    }
}

impl App {
    /// Everything the scoring of a region reads, from the store, with the IO table and the
    /// density panel used: cached per revision (it is the same for every reader and profile,
    /// and reads every chain's data), built by the server's warm-up for the home region.
    pub async fn scoring_context(
        &self,
        region: &RegionCode,
        year: Option<i32>,
    ) -> Result<Arc<Scoring>> {
        self.cached_view(&self.caches.scoring, (*region, year), async || {
            self.build_scoring_context(region, year).await
        })
        .await
    }

    pub(crate) async fn build_scoring_context(
        &self,
        region: &RegionCode,
        year: Option<i32>,
    ) -> Result<Scoring> {
        // Under the view gate already (the scoring context is a view).
        let states = self
            .chain_states(region, year, &DiagnosisRule::default(), false)
            .await?;
        self.scoring_from(region, &states).await
    }

    /// What the ranking reads, from every chain's state under the default rule.
    pub(crate) async fn scoring_from(
        &self,
        region: &RegionCode,
        states: &[ChainState],
    ) -> Result<Scoring> {
        let store = &self.store;
        let io = self.io_model().await?;
        let link = io.as_ref().map(|m| IoLink {
            table: &m.table,
            analysis: &m.analysis,
            map: &m.map,
        });
        let mut nodes: Vec<NodeContext> = Vec::new();
        for s in states {
            let mut contexts = node_contexts(&s.chain, &s.diagnosis, link);
            for c in &mut contexts {
                c.couplings = couplings(&s.chain, &c.key.node, states);
            }
            nodes.extend(contexts);
        }
        let parks = store
            .parks()
            .await?
            .into_iter()
            .map(|p| ParkInfo {
                recognised_chemical: p.kind == "chemical" && p.grade.contains("认定"),
                id: p.id,
                name_zh: p.name_zh,
                name_en: p.name_en,
            })
            .collect();
        let density = self.densities(region).await;
        let panel = density.as_ref().map(|(id, _)| id.clone());
        Ok((
            ScoringContext {
                nodes,
                parks,
                densities: density.map(|(_, m)| m),
            },
            // By its title, which people gave it; the id only when it has none.
            io.map(|m| if m.title.is_empty() { m.id } else { m.title }),
            panel,
        ))
    }
}

/// The other chains' nodes that `node` of `chain` supplies (its cross-chain edges) whose local
/// firms buy from outside the area, with what they buy there: the coupling gaps 补链 weighs
/// (see `app::coupling`).
fn couplings(chain: &Chain, node: &str, states: &[ChainState]) -> Vec<CouplingDemand> {
    chain
        .cross_edges
        .iter()
        .filter(|e| e.from == node)
        .filter_map(|e| {
            let buyer = states.iter().find(|s| s.chain.id == e.to_chain)?;
            let at = buyer.chain.nodes.iter().position(|n| n.id == e.to_node)?;
            let (spec, found) = (&buyer.chain.nodes[at], buyer.diagnosis.nodes.get(at)?);
            let outside = found.local_supply.total_value - found.local_supply.local_value;
            (outside > 0.0).then(|| CouplingDemand {
                key: NodeKey::new(&e.to_chain, &e.to_node),
                chain_zh: buyer.chain.name_zh.clone(),
                chain_en: buyer.chain.name_en.clone(),
                name_zh: spec.name_zh.clone(),
                name_en: spec.name_en.clone(),
                status: found.status,
                outside_value: outside,
            })
        })
        .collect()
}
