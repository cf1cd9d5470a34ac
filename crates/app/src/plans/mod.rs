//! Annual plans (年度计划) and their dynamic evaluation (动态评估修订): a plan's targets set against
//! what liantu's data shows — cumulative indicators against their 序时 path, level indicators
//! against the diagnosis of the plan's year — each 红黄绿 with its numbers; every revision kept
//! with its reason; and a chain's change from one year to the next with the projects behind it.
//! The figures are defined in `liantu_projects::plan`.

mod change;
mod demo;
mod evaluate;
mod tables;

pub use change::{ChainChange, NodeStatusChange, ProjectRef};
pub use evaluate::{PlanEvaluation, PlanPrediction, TargetResult};
pub use liantu_projects::{Indicator, Plan, Target};
pub use liantu_store::PlanVersion;
pub use tables::{change_table, plan_table, plans_table};

use crate::{App, AppError, ReadArea, Result, WriteTarget};
use liantu_model::RegionCode;
use serde::Serialize;

/// A plan on the list: its latest version.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSummary {
    pub id: String,
    pub title: String,
    pub year: i32,
    pub region: String,
    pub region_zh: String,
    pub region_en: String,
    pub version: i64,
    /// The latest revision's reason (empty for a first version).
    pub reason: String,
    pub made: String,
}

impl App {
    /// Adds a plan (version 1), or with `reason` revises one: a new version, the old ones kept.
    /// The plan is checked whole, against the installed chains and regions too; returns the
    /// version written. A county account writes its own county's plans.
    pub async fn save_plan(&self, text: &str, reason: Option<&str>) -> Result<i64> {
        let plan = Plan::parse(text).map_err(|e| AppError::invalid(e.to_string()))?;
        let region =
            RegionCode::parse(&plan.region).map_err(|e| AppError::invalid(e.to_string()))?;
        self.require_write(WriteTarget::Plan(region)).await?;
        self.check_plan_references(&plan).await?;
        let latest = self
            .store
            .plan_versions(&plan.id)
            .await?
            .last()
            .map_or(0, |v| v.version);
        let reason = reason.map(str::trim).unwrap_or_default();
        match (latest, reason.is_empty()) {
            (0, false) => {
                return Err(AppError::not_found(format!(
                    "没有计划 '{0}'，无从修订；新计划请用导入 / no plan '{0}' to revise: import it",
                    plan.id
                )));
            }
            (n, true) if n > 0 => {
                return Err(AppError::conflict(format!(
                    "计划 '{0}' 已有第 {n} 版；修订须说明理由 / plan '{0}' exists (version {n}): \
                     revising it needs a reason",
                    plan.id
                )));
            }
            _ => {}
        }
        let version = latest + 1;
        let draft = liantu_store::NewPlanVersion {
            id: plan.id.clone(),
            version,
            year: plan.year,
            region: plan.region.clone(),
            title: plan.title_zh.clone(),
            definition: text.to_string(),
            reason: reason.to_string(),
        };
        let written = self
            .writing(async { Ok(self.store.add_plan_version(&draft).await?) })
            .await?;
        written.map_err(|now| {
            AppError::conflict(format!(
                "计划 '{0}' 刚被修订为第 {now} 版，请基于新版重试 / plan '{0}' was just revised \
                 (version {now}); try again on it",
                plan.id
            ))
        })?;
        Ok(version)
    }

    /// The chains, nodes and region a plan names exist.
    async fn check_plan_references(&self, plan: &Plan) -> Result<()> {
        let mut problems = Vec::new();
        match RegionCode::parse(&plan.region) {
            Ok(code) if self.region_ref(&code).await.is_ok() => {}
            _ => problems.push(format!(
                "未知行政区划 '{0}' / unknown region '{0}'",
                plan.region
            )),
        }
        for (i, t) in plan.targets.iter().enumerate() {
            let Some(chain_id) = t.chain_of(plan) else {
                continue;
            };
            match self.chain(chain_id).await {
                Ok(chain) => {
                    for n in t.nodes.iter().filter(|n| !chain.nodes.iter().any(|x| &x.id == *n)) {
                        problems.push(format!(
                            "第 {0} 个指标：产业链 {chain_id} 中没有环节 '{n}' / target {0}: chain \
                             {chain_id} has no node '{n}'",
                            i + 1
                        ));
                    }
                }
                Err(_) => problems.push(format!(
                    "第 {0} 个指标：未知产业链 '{chain_id}' / target {0}: unknown chain '{chain_id}'",
                    i + 1
                )),
            }
        }
        if let Some(chain_id) = &plan.chain
            && let Ok(chain) = self.chain(chain_id).await
        {
            for (i, l) in plan.layout.iter().enumerate() {
                for n in l
                    .nodes
                    .iter()
                    .filter(|n| !chain.nodes.iter().any(|x| &x.id == *n))
                {
                    problems.push(format!(
                        "第 {0} 个布局：产业链 {chain_id} 中没有环节 '{n}' / layout {0}: chain \
                         {chain_id} has no node '{n}'",
                        i + 1
                    ));
                }
                let known = match RegionCode::parse(&l.region) {
                    Ok(code) => self.region_ref(&code).await.is_ok(),
                    Err(_) => false,
                };
                if !known {
                    problems.push(format!(
                        "第 {0} 个布局：未知行政区划 '{1}' / layout {0}: unknown region '{1}'",
                        i + 1,
                        l.region
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(AppError::invalid(problems.join("\n")))
        }
    }

    /// Every plan's latest version, latest year first.
    pub async fn plans(&self) -> Result<Vec<PlanSummary>> {
        self.require_read(ReadArea::Investment)?;
        let mut out = Vec::new();
        for v in self.store.latest_plans().await? {
            let (region_zh, region_en) = match RegionCode::parse(&v.region) {
                Ok(code) => match self.region_ref(&code).await {
                    Ok(r) => (r.name_zh, r.name_en),
                    Err(_) => (v.region.clone(), v.region.clone()),
                },
                Err(_) => (v.region.clone(), v.region.clone()),
            };
            out.push(PlanSummary {
                id: v.id,
                title: v.title,
                year: v.year,
                region: v.region,
                region_zh,
                region_en,
                version: v.version,
                reason: v.reason,
                made: v.made,
            });
        }
        Ok(out)
    }

    /// Every version of a plan, oldest first; `NotFound` without one.
    pub async fn plan_versions(&self, id: &str) -> Result<Vec<PlanVersion>> {
        self.require_read(ReadArea::Investment)?;
        let versions = self.store.plan_versions(id).await?;
        if versions.is_empty() {
            return Err(AppError::not_found(format!(
                "没有计划 '{id}' / no plan '{id}'"
            )));
        }
        Ok(versions)
    }
}

#[cfg(test)]
mod tests;
