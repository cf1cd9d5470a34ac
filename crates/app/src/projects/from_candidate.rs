//! The loop from recommendation to result: a candidate taken up as a project keeps the what-if's
//! prediction made at that moment (node statuses, completeness, 本地配套率 of the chains it
//! serves), and the project page sets it beside what the diagnosis shows now.

use crate::whatif::WhatIfRequest;
use crate::{App, AppError, DiagnosisRequest, Result, WriteTarget};
use liantu_model::project::{ChainPrediction, NodePrediction, Prediction, Project, StageDates};
use liantu_model::{NodeStatus, RegionCode};
use serde::Serialize;

/// A candidate to take up as a project.
#[derive(Debug, Clone)]
pub struct FromCandidate {
    pub candidate: String,
    /// The project's id; the candidate's when not given.
    pub id: Option<String>,
    /// Where it is built; its park's county when not given.
    pub region: Option<RegionCode>,
    /// 责任单位.
    pub department: String,
    /// The city the what-if runs for.
    pub city: RegionCode,
}

/// One node of a chain: before, as predicted, and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeOutcome {
    pub node: String,
    pub name_zh: String,
    pub name_en: String,
    pub before: NodeStatus,
    pub predicted: NodeStatus,
    pub now: Option<NodeStatus>,
}

/// One chain: completeness and 本地配套率 before, as predicted, and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainOutcome {
    pub chain: String,
    pub name_zh: String,
    pub name_en: String,
    pub completeness_before: f64,
    pub completeness_predicted: f64,
    pub completeness_now: f64,
    pub local_supply_before: Option<f64>,
    pub local_supply_predicted: Option<f64>,
    pub local_supply_now: Option<f64>,
    pub nodes: Vec<NodeOutcome>,
}

/// Predicted against realised, for a project taken up from a candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PredictionView {
    pub prediction: Prediction,
    pub chains: Vec<ChainOutcome>,
}

impl App {
    /// Takes a candidate up as a project at 谋划 (today), with the what-if's prediction for the
    /// city stored beside it in the same transaction.
    pub async fn project_from_candidate(&self, req: &FromCandidate) -> Result<Project> {
        let candidate = self.store.candidate(&req.candidate).await?.ok_or_else(|| {
            AppError::not_found(format!(
                "没有候选项目 '{0}' / no candidate '{0}'",
                req.candidate
            ))
        })?;
        let park_region = match &candidate.park {
            Some(park) => self
                .store
                .parks()
                .await?
                .into_iter()
                .find(|p| &p.id == park)
                .map(|p| p.region),
            None => None,
        };
        let region = req.region.or(park_region).ok_or_else(|| {
            AppError::invalid(
                "region：候选项目没有园区，请给出所在县区 / region: the candidate has no park; give the county",
            )
        })?;
        let config = self.project_config().await?;
        let first = config
            .stages
            .first()
            .map(|s| s.id.clone())
            .ok_or_else(|| AppError::internal("the stage ladder is empty"))?;
        let project = Project {
            id: req.id.clone().unwrap_or_else(|| candidate.id.clone()),
            name: candidate.name.clone(),
            candidate: Some(candidate.id.clone()),
            uscc: candidate.uscc.clone(),
            nodes: candidate.nodes.clone(),
            park: candidate.park.clone(),
            region,
            investment: candidate.investment,
            land_mu: candidate.land_mu,
            annual_plan: None,
            department: req.department.trim().to_string(),
            leader: String::new(),
            contact: String::new(),
            stages: vec![StageDates {
                stage: first,
                planned: None,
                actual: Some(self.beijing_today()),
            }],
            source: format!("candidate:{}", candidate.id),
            note: String::new(),
        };
        self.require_write(WriteTarget::Project(&project)).await?;
        let mut errors = liantu_projects::check_project(&project, &config);
        errors.extend(self.references().await?.check(&project));
        if !errors.is_empty() {
            return Err(super::writes::rejected(&errors));
        }
        let prediction = self
            .prediction(&project.id, &candidate.id, req.city)
            .await?;
        let added = self
            .writing(async {
                Ok(self
                    .store
                    .add_project_with_prediction(&project, &prediction)
                    .await?)
            })
            .await?;
        if !added {
            return Err(AppError::conflict(format!(
                "已有编号为 '{0}' 的项目 / a project with id '{0}' exists",
                project.id
            )));
        }
        Ok(project)
    }

    /// What the what-if says now of adding `candidate` to `city`, as a project's prediction.
    pub(super) async fn prediction(
        &self,
        project: &str,
        candidate: &str,
        city: RegionCode,
    ) -> Result<Prediction> {
        let what_if = self
            .what_if(&WhatIfRequest::new(city, vec![candidate.to_string()]))
            .await?;
        Ok(Prediction {
            project: project.to_string(),
            candidate: candidate.to_string(),
            made: self.now(),
            region: city,
            chains: what_if
                .chains
                .iter()
                .map(|c| ChainPrediction {
                    chain: c.chain.id.clone(),
                    completeness_before: c.completeness_before.ratio,
                    completeness_after: c.completeness_after.ratio,
                    local_supply_before: c.local_supply_before.rate,
                    local_supply_after: c.local_supply_after.rate,
                    nodes: c
                        .changes
                        .iter()
                        .map(|n| NodePrediction {
                            node: n.id.clone(),
                            status_before: n.status_before,
                            status_after: n.status_after,
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// The stored prediction beside the diagnosis now, for a project's page.
    pub(crate) async fn prediction_view(&self, project: &str) -> Result<Option<PredictionView>> {
        let Some(prediction) = self.store.prediction(project).await? else {
            return Ok(None);
        };
        let mut chains = Vec::new();
        for c in &prediction.chains {
            let now = self
                .chain_diagnosis(&DiagnosisRequest::new(&c.chain, prediction.region))
                .await?;
            let nodes = c
                .nodes
                .iter()
                .map(|n| {
                    let view = now.nodes.iter().find(|v| v.id == n.node);
                    NodeOutcome {
                        node: n.node.clone(),
                        name_zh: view.map_or_else(|| n.node.clone(), |v| v.name_zh.clone()),
                        name_en: view.map_or_else(|| n.node.clone(), |v| v.name_en.clone()),
                        before: n.status_before,
                        predicted: n.status_after,
                        now: view.map(|v| v.status),
                    }
                })
                .collect();
            chains.push(ChainOutcome {
                chain: c.chain.clone(),
                name_zh: now.chain.name_zh.clone(),
                name_en: now.chain.name_en.clone(),
                completeness_before: c.completeness_before,
                completeness_predicted: c.completeness_after,
                completeness_now: now.completeness.ratio,
                local_supply_before: c.local_supply_before,
                local_supply_predicted: c.local_supply_after,
                local_supply_now: now.local_supply.rate,
                nodes,
            });
        }
        Ok(Some(PredictionView { prediction, chains }))
    }
}
