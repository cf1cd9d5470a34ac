//! What-if: candidates added to the region virtually — node statuses, completeness, estimated
//! 本地配套率 and each affected park's symbiosis re-solved — and saved scenarios compared.

use crate::invest::Candidate;
use crate::{App, AppError, ChainRef, RegionRef, Result};
use liantu_analysis::{Completeness, DiagnosisRule, SupplyRate};
use liantu_invest::whatif::{VirtualFirm, WhatIfOptions};
use liantu_model::{NodeStatus, RegionCode};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use liantu_store::ScenarioRow;

mod tables;

pub use tables::{
    comparison_table, scenarios_table, whatif_chain_table, whatif_exchanges_table, whatif_table,
};

#[derive(Debug, Clone)]
pub struct WhatIfRequest {
    pub region: RegionCode,
    pub candidates: Vec<String>,
    /// Share of a candidate's output that may replace purchases from outside (0..=1).
    pub substitution: f64,
    pub year: Option<i32>,
    pub rule: DiagnosisRule,
}

impl WhatIfRequest {
    pub fn new(region: RegionCode, candidates: Vec<String>) -> Self {
        WhatIfRequest {
            region,
            candidates,
            substitution: 1.0,
            year: None,
            rule: DiagnosisRule::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeChangeView {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub status_before: NodeStatus,
    pub status_after: NodeStatus,
    pub status_before_zh: &'static str,
    pub status_after_zh: &'static str,
    pub firms_before: u32,
    pub firms_after: u32,
    pub local_supply_before: Option<f64>,
    pub local_supply_after: Option<f64>,
    pub reason_after_zh: String,
    pub reason_after_en: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainWhatIf {
    pub chain: ChainRef,
    pub completeness_before: Completeness,
    pub completeness_after: Completeness,
    pub local_supply_before: SupplyRate,
    /// Estimated: outside purchases re-pointed to the candidates.
    pub local_supply_after: SupplyRate,
    pub substituted_value: f64,
    /// Nodes whose status, firm count or local supply changed.
    pub changes: Vec<NodeChangeView>,
}

/// One exchange of a candidate's stream, with the site names.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewExchange {
    pub offer: String,
    pub need: String,
    pub from: String,
    pub from_name: String,
    pub to: String,
    pub to_name: String,
    pub class: String,
    pub quantity: f64,
    pub unit: String,
    /// 元 per year
    pub net_value: f64,
    pub co2_avoided_t: f64,
    pub reason_zh: String,
    pub reason_en: String,
}

/// An existing exchange that shrinks or goes when the candidates arrive.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisplacedExchange {
    pub offer: String,
    pub need: String,
    pub from_name: String,
    pub to_name: String,
    pub class: String,
    pub quantity_before: f64,
    pub quantity_after: f64,
    pub unit: String,
}

/// What the candidates' by-products and input needs change in one park's symbiosis network.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SymbiosisWhatIf {
    pub park: String,
    pub park_name: String,
    /// Candidates that bring streams to this park.
    pub candidates: Vec<String>,
    pub illustrative: bool,
    pub exchanges_before: usize,
    pub exchanges_after: usize,
    /// Net benefit of the optimal exchanges, 元 per year.
    pub net_benefit_before: f64,
    pub net_benefit_after: f64,
    pub co2_avoided_before_t: f64,
    pub co2_avoided_after_t: f64,
    /// Exchanges of the new optimum that take or feed a candidate's stream.
    pub new_exchanges: Vec<NewExchange>,
    /// Existing exchanges the candidates crowd out (their quantity falls), with the quantity
    /// before and after.
    pub displaced: Vec<DisplacedExchange>,
    /// Candidate needs (id, unmet quantity, unit) the park cannot supply.
    pub unmet_needs: Vec<(String, f64, String)>,
    /// The same needs as people read them: whose, and of which resource.
    pub unmet: Vec<UnmetNeed>,
}

/// A candidate's need the park cannot supply.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnmetNeed {
    pub need: String,
    pub enterprise_name: String,
    /// Resource class id (the symbiosis catalogue names it).
    pub class: String,
    pub quantity: f64,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhatIfReport {
    pub region: RegionRef,
    pub candidates: Vec<Candidate>,
    pub substitution: f64,
    /// Chains a candidate touches, in store order.
    pub chains: Vec<ChainWhatIf>,
    /// Parks where a candidate brings resource streams.
    pub symbiosis: Vec<SymbiosisWhatIf>,
    pub note_zh: String,
    pub note_en: String,
}

impl App {
    /// Adds the candidates to the region virtually and reports what changes
    /// (`liantu scenario run`, the what-if page and API).
    pub async fn what_if(&self, request: &WhatIfRequest) -> Result<WhatIfReport> {
        self.require_read(crate::ReadArea::Investment)?;
        let store = &self.store;
        let region = self.region_ref(&request.region).await?;
        if !(0.0..=1.0).contains(&request.substitution) {
            return Err(AppError::invalid(format!(
                "替代比例应在 0 到 1 之间：{0} / substitution must lie in 0..=1: {0}",
                request.substitution
            )));
        }
        let all = store.candidates().await?;
        let mut chosen = Vec::new();
        let mut unknown = Vec::new();
        for id in &request.candidates {
            match all.iter().find(|c| &c.id == id) {
                Some(c) => chosen.push(c.clone()),
                None => unknown.push(id.clone()),
            }
        }
        if !unknown.is_empty() {
            return Err(AppError::not_found(format!(
                "未知的候选项目 / unknown candidates: {}",
                unknown.join(", ")
            )));
        }
        let parks: HashMap<String, RegionCode> = store
            .parks()
            .await?
            .into_iter()
            .map(|p| (p.id, p.region))
            .collect();
        let states = self
            .chain_states(&request.region, request.year, &request.rule, true)
            .await?;
        let mut chains = Vec::new();
        for s in states.iter() {
            let firms: Vec<VirtualFirm> = chosen
                .iter()
                .filter_map(|c| {
                    let nodes: Vec<u32> = c
                        .nodes
                        .iter()
                        .filter(|k| k.chain == s.chain.id)
                        .filter_map(|k| s.chain.node_index(&k.node).map(|i| i as u32))
                        .collect();
                    (!nodes.is_empty()).then(|| VirtualFirm {
                        region: c
                            .park
                            .as_ref()
                            .and_then(|p| parks.get(p).copied())
                            .unwrap_or(request.region),
                        output: c.expected_output,
                        nodes,
                    })
                })
                .collect();
            if firms.is_empty() {
                continue;
            }
            let (w, _, _) = liantu_invest::whatif::what_if(
                &s.input,
                &request.region,
                &request.rule,
                &firms,
                &WhatIfOptions {
                    substitution: request.substitution,
                },
            )?;
            let changes = w
                .nodes
                .iter()
                .filter(|n| n.changed)
                .map(|n| {
                    let node = &s.chain.nodes[n.node as usize];
                    NodeChangeView {
                        id: n.id.clone(),
                        name_zh: node.name_zh.clone(),
                        name_en: node.name_en.clone(),
                        status_before: n.status_before,
                        status_after: n.status_after,
                        status_before_zh: n.status_before.label_zh(),
                        status_after_zh: n.status_after.label_zh(),
                        firms_before: n.firms_before,
                        firms_after: n.firms_after,
                        local_supply_before: n.local_supply_before,
                        local_supply_after: n.local_supply_after,
                        reason_after_zh: n.reason_after_zh.clone(),
                        reason_after_en: n.reason_after_en.clone(),
                    }
                })
                .collect();
            chains.push(ChainWhatIf {
                chain: ChainRef {
                    id: s.chain.id.clone(),
                    name_zh: s.chain.name_zh.clone(),
                    name_en: s.chain.name_en.clone(),
                    version: s.chain.version,
                },
                completeness_before: w.completeness_before,
                completeness_after: w.completeness_after,
                local_supply_before: w.local_supply_before,
                local_supply_after: w.local_supply_after,
                substituted_value: w.substituted_value,
                changes,
            });
        }
        let symbiosis = symbiosis_what_if(&chosen)?;
        Ok(WhatIfReport {
            region,
            candidates: chosen,
            substitution: request.substitution,
            chains,
            symbiosis,
            note_zh: format!(
                "候选项目按预期产值作为虚拟本地企业加入；其在各环节产值的 {}% 可替代本地企业从区外的采购，替代后的本地配套率为估算值。",
                request.substitution * 100.0
            ),
            note_en: format!(
                "Candidates join as virtual local firms with their expected output; up to {}% of their output on a node replaces local buyers' purchases from outside the region, so the local supporting rate after is an estimate.",
                request.substitution * 100.0
            ),
        })
    }
}

/// Solves each park's symbiosis network without and with the candidates placed in it. Parks
/// without resource-stream data and candidates without streams are left out.
fn symbiosis_what_if(chosen: &[Candidate]) -> Result<Vec<SymbiosisWhatIf>> {
    let mut by_park: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for c in chosen {
        if let Some(p) = &c.park {
            by_park
                .entry(p)
                .or_default()
                .push((c.id.clone(), c.name.clone()));
        }
    }
    let mut out = Vec::new();
    for (park, list) in by_park {
        let Ok(before) = crate::symbiosis::park_instance(park) else {
            continue; // no stream data for this park
        };
        let after = crate::symbiosis::park_instance_with(park, &list)?;
        let sites: BTreeSet<String> = list
            .iter()
            .map(|(id, _)| crate::symbiosis::candidate_site(id))
            .filter(|s| after.enterprises.iter().any(|e| &e.id == s))
            .collect();
        if sites.is_empty() {
            continue;
        }
        let rb = crate::symbiosis::solve(&before, false)?;
        let ra = crate::symbiosis::solve(&after, false)?;
        let name = |id: &str| {
            after
                .enterprises
                .iter()
                .find(|e| e.id == id)
                .map_or_else(|| id.to_string(), |e| e.name.clone())
        };
        let displaced = rb
            .exchanges
            .iter()
            .filter_map(|x| {
                let now: f64 = ra
                    .exchanges
                    .iter()
                    .filter(|y| y.offer == x.offer && y.need == x.need)
                    .map(|y| y.quantity)
                    .sum();
                (now < x.quantity * (1.0 - 1e-9)).then(|| DisplacedExchange {
                    offer: x.offer.clone(),
                    need: x.need.clone(),
                    from_name: name(&x.from),
                    to_name: name(&x.to),
                    class: x.class.clone(),
                    quantity_before: x.quantity,
                    quantity_after: if now.abs() < 1e-9 { 0.0 } else { now },
                    unit: x.unit.clone(),
                })
            })
            .collect();
        out.push(SymbiosisWhatIf {
            park: park.to_string(),
            park_name: after.name.clone(),
            candidates: list
                .iter()
                .filter(|(id, _)| sites.contains(&crate::symbiosis::candidate_site(id)))
                .map(|(id, _)| id.clone())
                .collect(),
            illustrative: after.illustrative,
            exchanges_before: rb.totals.exchanges,
            exchanges_after: ra.totals.exchanges,
            net_benefit_before: rb.totals.net_benefit,
            net_benefit_after: ra.totals.net_benefit,
            co2_avoided_before_t: rb.totals.co2_avoided_t,
            co2_avoided_after_t: ra.totals.co2_avoided_t,
            new_exchanges: ra
                .exchanges
                .iter()
                .filter(|x| sites.contains(&x.from) || sites.contains(&x.to))
                .map(|x| NewExchange {
                    offer: x.offer.clone(),
                    need: x.need.clone(),
                    from_name: name(&x.from),
                    to_name: name(&x.to),
                    from: x.from.clone(),
                    to: x.to.clone(),
                    class: x.class.clone(),
                    quantity: x.quantity,
                    unit: x.unit.clone(),
                    net_value: x.net_value,
                    co2_avoided_t: x.co2_avoided_t,
                    reason_zh: x.reason_zh.clone(),
                    reason_en: x.reason_en.clone(),
                })
                .collect(),
            displaced,
            unmet_needs: ra
                .needs
                .iter()
                .filter(|n| sites.contains(&n.enterprise) && n.unmet > 1e-9)
                .map(|n| (n.id.clone(), n.unmet, n.unit.clone()))
                .collect(),
            unmet: ra
                .needs
                .iter()
                .filter(|n| sites.contains(&n.enterprise) && n.unmet > 1e-9)
                .map(|n| UnmetNeed {
                    need: n.id.clone(),
                    enterprise_name: name(&n.enterprise),
                    class: n.class.clone(),
                    quantity: n.unmet,
                    unit: n.unit.clone(),
                })
                .collect(),
        });
    }
    Ok(out)
}

impl App {
    /// Saves a scenario (candidates checked to exist); replaces one with the same id.
    pub async fn save_scenario(&self, scenario: &ScenarioRow) -> Result<()> {
        self.require_write(crate::WriteTarget::City).await?;
        self.writing(async {
        let store = &self.store;
        if scenario.id.is_empty()
            || !scenario
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AppError::invalid(format!(
                "方案 id 只能含字母、数字、- 和 _：'{0}' / a scenario id may contain letters, digits, - and _ only: '{0}'",
                scenario.id
            )));
        }
        if scenario.candidates.is_empty() {
            return Err(AppError::invalid(
                "方案至少需要一个候选项目 / a scenario needs at least one candidate",
            ));
        }
        // The data contract: a name shows something, a note holds no control characters.
        let name = if scenario.name.is_empty() {
            Ok(())
        } else {
            liantu_model::bounds::check_name(&scenario.name)
        };
        for (field, check) in [
            ("name", name),
            ("note", liantu_model::bounds::check_text(&scenario.note)),
        ] {
            if let Err(e) = check {
                return Err(AppError::invalid(format!(
                    "方案的 {field}：{} / the scenario's {field}: {}",
                    e.reason_zh(),
                    e.reason_en()
                )));
            }
        }
        let known: BTreeSet<String> = store
            .candidates()
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let unknown: Vec<&str> = scenario
            .candidates
            .iter()
            .filter(|c| !known.contains(*c))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Err(AppError::not_found(format!(
                "未知的候选项目 / unknown candidates: {}",
                unknown.join(", ")
            )));
        }
        self.region_ref(&scenario.region).await?;
        Ok(store.save_scenario(scenario).await?)
            })
        .await
    }
}

impl App {
    /// Runs a saved scenario.
    pub async fn run_scenario(&self, id: &str) -> Result<(ScenarioRow, WhatIfReport)> {
        self.require_read(crate::ReadArea::Investment)?;
        let store = &self.store;
        let s = store
            .scenarios()
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| AppError::not_found(format!("没有方案 '{id}' / no scenario '{id}'")))?;
        let mut request = WhatIfRequest::new(s.region, s.candidates.clone());
        request.substitution = s.substitution;
        let report = self.what_if(&request).await?;
        Ok((s, report))
    }
}

/// One scenario's outcome on one chain, for side-by-side comparison.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioOutcome {
    pub scenario: String,
    pub covered_after: u32,
    pub weighted_completeness_after: Option<f64>,
    pub local_supply_after: Option<f64>,
    /// Nodes whose status changed, `node: before → after`.
    pub status_changes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChainComparison {
    pub chain: ChainRef,
    pub covered_before: u32,
    pub total_nodes: u32,
    pub weighted_completeness_before: Option<f64>,
    pub local_supply_before: Option<f64>,
    pub outcomes: Vec<ScenarioOutcome>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioComparison {
    pub scenarios: Vec<String>,
    pub chains: Vec<ChainComparison>,
}

impl App {
    /// Runs several saved scenarios and lines their outcomes up per chain.
    pub async fn compare_scenarios(&self, ids: &[String]) -> Result<ScenarioComparison> {
        self.require_read(crate::ReadArea::Investment)?;
        let mut chains: Vec<ChainComparison> = Vec::new();
        for id in ids {
            let (_, report) = self.run_scenario(id).await?;
            for c in report.chains {
                let idx = match chains.iter().position(|x| x.chain.id == c.chain.id) {
                    Some(i) => i,
                    None => {
                        chains.push(ChainComparison {
                            chain: c.chain.clone(),
                            covered_before: c.completeness_before.covered_nodes,
                            total_nodes: c.completeness_before.total_nodes,
                            weighted_completeness_before: c.completeness_before.weighted_ratio,
                            local_supply_before: c.local_supply_before.rate,
                            outcomes: Vec::new(),
                        });
                        chains.len() - 1
                    }
                };
                chains[idx].outcomes.push(ScenarioOutcome {
                    scenario: id.clone(),
                    covered_after: c.completeness_after.covered_nodes,
                    weighted_completeness_after: c.completeness_after.weighted_ratio,
                    local_supply_after: c.local_supply_after.rate,
                    status_changes: c
                        .changes
                        .iter()
                        .filter(|n| n.status_before != n.status_after)
                        .map(|n| {
                            format!(
                                "{}: {} → {}",
                                n.name_zh, n.status_before_zh, n.status_after_zh
                            )
                        })
                        .collect(),
                });
            }
        }
        Ok(ScenarioComparison {
            scenarios: ids.to_vec(),
            chains,
        })
    }
}

impl App {
    /// The saved scenarios.
    pub async fn scenarios(&self) -> Result<Vec<ScenarioRow>> {
        self.require_read(crate::ReadArea::Investment)?;
        Ok(self.store.scenarios().await?)
    }

    /// Deletes a saved scenario; `NotFound` when there is none with this id.
    pub async fn delete_scenario(&self, id: &str) -> Result<()> {
        self.require_write(crate::WriteTarget::City).await?;
        self.writing(async {
            if self.store.delete_scenario(id).await? {
                Ok(())
            } else {
                Err(AppError::not_found(format!(
                    "没有方案 '{id}' / no scenario '{id}'"
                )))
            }
        })
        .await
    }
}
