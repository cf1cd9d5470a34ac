//! A chain's change from one year to another: completeness, 本地配套率 and output then and now,
//! the nodes whose status changed, and the projects that reached production on them between
//! the two years — the plan's "what moved and why".

use crate::{App, DiagnosisRequest, ReadArea, Result};
use liantu_model::{NodeStatus, RegionCode};
use serde::Serialize;

/// A project named in a change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectRef {
    pub id: String,
    pub name: String,
}

/// A node whose status changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeStatusChange {
    pub node: String,
    pub name_zh: String,
    pub name_en: String,
    pub from: NodeStatus,
    pub to: NodeStatus,
    pub output_from: f64,
    pub output_to: f64,
    /// Projects on the node that reached production after `from`'s year, up to `to`'s.
    pub projects: Vec<ProjectRef>,
}

/// A chain in a region, one year against another.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainChange {
    pub chain: String,
    pub name_zh: String,
    pub name_en: String,
    pub region: RegionCode,
    pub from_year: i32,
    pub to_year: i32,
    pub completeness_from: f64,
    pub completeness_to: f64,
    pub local_supply_from: Option<f64>,
    pub local_supply_to: Option<f64>,
    pub output_from: f64,
    pub output_to: f64,
    pub nodes: Vec<NodeStatusChange>,
    pub sources_note: String,
}

impl App {
    /// The chain's diagnosis of `from` against that of `to` (both years' enterprise figures).
    pub async fn chain_change(
        &self,
        chain: &str,
        region: RegionCode,
        from: i32,
        to: i32,
    ) -> Result<ChainChange> {
        self.require_read(ReadArea::Investment)?;
        let at = |year| DiagnosisRequest {
            year: Some(year),
            ..DiagnosisRequest::new(chain, region)
        };
        let a = self.chain_diagnosis(&at(from)).await?;
        let b = self.chain_diagnosis(&at(to)).await?;
        let config = self.project_config().await?;
        let operating = config.stage_index(&config.schedule.to);
        let projects = self.store.projects().await?;
        let mut nodes = Vec::new();
        for (x, y) in a.nodes.iter().zip(&b.nodes) {
            if x.status == y.status {
                continue;
            }
            let mut ids: Vec<ProjectRef> = projects
                .iter()
                .filter(|p| p.nodes.iter().any(|k| k.chain == chain && k.node == y.id))
                .filter(|p| {
                    p.stages.iter().any(|s| {
                        config.stage_index(&s.stage) == operating
                            && s.actual.is_some_and(|d| {
                                let year = d.month().year();
                                year > from && year <= to
                            })
                    })
                })
                .map(|p| ProjectRef {
                    id: p.id.clone(),
                    name: p.name.clone(),
                })
                .collect();
            ids.sort_by(|a, b| a.id.cmp(&b.id));
            nodes.push(NodeStatusChange {
                node: y.id.clone(),
                name_zh: y.name_zh.clone(),
                name_en: y.name_en.clone(),
                from: x.status,
                to: y.status,
                output_from: x.output,
                output_to: y.output,
                projects: ids,
            });
        }
        Ok(ChainChange {
            chain: chain.to_string(),
            name_zh: b.chain.name_zh.clone(),
            name_en: b.chain.name_en.clone(),
            region,
            from_year: from,
            to_year: to,
            completeness_from: a.completeness.ratio,
            completeness_to: b.completeness.ratio,
            local_supply_from: a.local_supply.rate,
            local_supply_to: b.local_supply.rate,
            output_from: a.total_output,
            output_to: b.total_output,
            nodes,
            sources_note: b.sources_note.clone(),
        })
    }
}
