//! What scoring reads from the store: node contexts from every chain's diagnosis, parks, the
//! Leontief model of an imported IO table, relatedness densities from a panel.

use super::*;
use crate::GrowthRequest;
use liantu_analysis::{Diagnosis, DiagnosisInput, DiagnosisRule, diagnose};
use liantu_invest::io::{IoAnalysis, leontief};
use liantu_invest::{IoLink, NodeContext, ParkInfo, ScoringContext, node_contexts};
use liantu_model::chain::Chain;
use std::sync::Arc;

// ------------------------------------------------------------------------------ context

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
    pub(crate) async fn chain_states(
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
    /// Everything the scoring of a region reads, from the store.
    pub async fn scoring_context(
        &self,
        region: &RegionCode,
        year: Option<i32>,
    ) -> Result<(ScoringContext, Option<String>, Option<String>)> {
        let store = &self.store;
        let states = self
            .chain_states(region, year, &DiagnosisRule::default())
            .await?;
        let io = self.io_model().await?;
        let link = io.as_ref().map(|m| IoLink {
            table: &m.table,
            analysis: &m.analysis,
            map: &m.map,
        });
        let mut nodes: Vec<NodeContext> = Vec::new();
        for s in &states {
            nodes.extend(node_contexts(&s.chain, &s.diagnosis, link));
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
