//! What-if: add candidates to the region as virtual enterprises and compare the chain diagnosis
//! before and after (node statuses, completeness, estimated 本地配套率). Reuses
//! [`liantu_analysis::diagnose`] on an extended input.
//!
//! A virtual firm is registered in the region with its expected output, split evenly over the
//! nodes it serves. Its output on a node may replace purchases that local buyers now make from
//! suppliers outside the region: up to `substitution × output on the node`, taken from those
//! links in input order, are re-pointed to the virtual firm (a link is split when only part of
//! it is replaced). The resulting 本地配套率 is an estimate.

use liantu_analysis::{
    Completeness, Diagnosis, DiagnosisError, DiagnosisInput, DiagnosisRule, EnterpriseRef,
    Membership, SupplyLink, SupplyRate, diagnose,
};
use liantu_model::{NodeStatus, RegionCode};
use serde::{Deserialize, Serialize};

/// A candidate as a firm in the region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VirtualFirm {
    /// Where it would be registered (inside the diagnosed region).
    pub region: RegionCode,
    /// Expected output, 万元 per year.
    pub output: Option<f64>,
    /// Nodes it would serve: indices into [`DiagnosisInput::nodes`].
    pub nodes: Vec<u32>,
}

/// Options of the what-if.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WhatIfOptions {
    /// Share (0..=1) of a virtual firm's output on a node that can replace purchases from
    /// outside the region. Default 1.
    pub substitution: f64,
}

impl Default for WhatIfOptions {
    fn default() -> Self {
        WhatIfOptions { substitution: 1.0 }
    }
}

/// One node before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeChange {
    pub node: u32,
    pub id: String,
    pub status_before: NodeStatus,
    pub status_after: NodeStatus,
    pub firms_before: u32,
    pub firms_after: u32,
    pub output_before: f64,
    pub output_after: f64,
    pub local_supply_before: Option<f64>,
    pub local_supply_after: Option<f64>,
    pub reason_after_zh: String,
    pub reason_after_en: String,
    /// Anything differs.
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    pub completeness_before: Completeness,
    pub completeness_after: Completeness,
    pub local_supply_before: SupplyRate,
    /// Estimated.
    pub local_supply_after: SupplyRate,
    /// 万元 of outside purchases re-pointed to the virtual firms.
    pub substituted_value: f64,
    /// Every node, in chain order.
    pub nodes: Vec<NodeChange>,
    /// Index of the first virtual firm in the extended input (virtual firm k is `first + k`).
    pub first_virtual: u32,
}

/// `input` with the virtual firms added (see the module docs). Returns the extended input and
/// the value substituted.
pub fn extend(
    input: &DiagnosisInput,
    region: &RegionCode,
    firms: &[VirtualFirm],
    options: &WhatIfOptions,
) -> (DiagnosisInput, f64) {
    let mut out = input.clone();
    let mut substituted = 0.0;
    let node_count = input.nodes.len() as u32;
    let is_outside = |link: &SupplyLink, enterprises: &[EnterpriseRef]| {
        let supplier_region = link
            .supplier
            .and_then(|s| enterprises.get(s as usize))
            .map_or(link.supplier_region, |e| e.region);
        !region.contains(&supplier_region)
    };
    let share = options.substitution.clamp(0.0, 1.0);
    for firm in firms {
        let index = out.enterprises.len() as u32;
        out.enterprises.push(EnterpriseRef {
            region: firm.region,
            output: firm.output.filter(|o| o.is_finite() && *o >= 0.0),
        });
        let nodes: Vec<u32> = {
            let mut v: Vec<u32> = firm
                .nodes
                .iter()
                .copied()
                .filter(|n| *n < node_count)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for &node in &nodes {
            out.memberships.push(Membership {
                enterprise: index,
                node,
                share: None,
            });
        }
        let Some(output) = firm.output.filter(|o| o.is_finite() && *o > 0.0) else {
            continue;
        };
        if !region.contains(&firm.region) || nodes.is_empty() {
            continue;
        }
        let per_node = output / nodes.len() as f64 * share;
        for &node in &nodes {
            let mut capacity = per_node;
            let mut added = Vec::new();
            for li in 0..out.links.len() {
                if capacity <= 0.0 {
                    break;
                }
                let link = out.links[li];
                let buyer_local = out
                    .enterprises
                    .get(link.buyer as usize)
                    .is_some_and(|b| region.contains(&b.region));
                if link.node != node
                    || !buyer_local
                    || !is_outside(&link, &out.enterprises)
                    || link.value <= 0.0
                {
                    continue;
                }
                let take = link.value.min(capacity);
                capacity -= take;
                substituted += take;
                if take >= link.value {
                    out.links[li].supplier = Some(index);
                    out.links[li].supplier_region = firm.region;
                } else {
                    out.links[li].value -= take;
                    added.push(SupplyLink {
                        buyer: link.buyer,
                        supplier: Some(index),
                        supplier_region: firm.region,
                        node,
                        value: take,
                    });
                }
            }
            out.links.extend(added);
        }
    }
    (out, substituted)
}

/// Diagnoses `input` as it is and with `firms` added, and reports the differences.
pub fn what_if(
    input: &DiagnosisInput,
    region: &RegionCode,
    rule: &DiagnosisRule,
    firms: &[VirtualFirm],
    options: &WhatIfOptions,
) -> Result<(WhatIf, Diagnosis, Diagnosis), DiagnosisError> {
    let before = diagnose(input, region, rule)?;
    let (extended, substituted) = extend(input, region, firms, options);
    let after = diagnose(&extended, region, rule)?;
    let nodes = before
        .nodes
        .iter()
        .zip(&after.nodes)
        .map(|(b, a)| {
            let changed = b.status != a.status
                || b.enterprise_count != a.enterprise_count
                || b.output != a.output
                || b.local_supply.rate != a.local_supply.rate;
            NodeChange {
                node: b.node,
                id: b.id.clone(),
                status_before: b.status,
                status_after: a.status,
                firms_before: b.enterprise_count,
                firms_after: a.enterprise_count,
                output_before: b.output,
                output_after: a.output,
                local_supply_before: b.local_supply.rate,
                local_supply_after: a.local_supply.rate,
                reason_after_zh: a.reason_zh.clone(),
                reason_after_en: a.reason_en.clone(),
                changed,
            }
        })
        .collect();
    let result = WhatIf {
        completeness_before: before.completeness,
        completeness_after: after.completeness,
        local_supply_before: before.local_supply,
        local_supply_after: after.local_supply,
        substituted_value: substituted,
        nodes,
        first_virtual: input.enterprises.len() as u32,
    };
    Ok((result, before, after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use liantu_analysis::NodeRef;
    use liantu_model::Stage;

    fn rc(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    /// Nodes: 0 = cathode (no local firm), 1 = cell (two local firms). A local cell maker
    /// buys 100 of cathode from outside (Fujian) and 20 from... nobody local.
    fn input() -> DiagnosisInput {
        DiagnosisInput {
            nodes: vec![
                NodeRef {
                    id: "cathode".into(),
                    stage: Stage::Midstream,
                },
                NodeRef {
                    id: "cell".into(),
                    stage: Stage::Midstream,
                },
            ],
            enterprises: vec![
                EnterpriseRef {
                    region: rc("450203"),
                    output: Some(500.0),
                },
                EnterpriseRef {
                    region: rc("450204"),
                    output: Some(300.0),
                },
            ],
            memberships: vec![
                Membership {
                    enterprise: 0,
                    node: 1,
                    share: None,
                },
                Membership {
                    enterprise: 1,
                    node: 1,
                    share: None,
                },
            ],
            links: vec![
                SupplyLink {
                    buyer: 0,
                    supplier: None,
                    supplier_region: rc("350900"),
                    node: 0,
                    value: 100.0,
                },
                SupplyLink {
                    buyer: 1,
                    supplier: None,
                    supplier_region: rc("350900"),
                    node: 0,
                    value: 50.0,
                },
            ],
        }
    }

    #[test]
    fn a_virtual_cathode_plant_fills_the_gap_and_raises_local_supply() {
        let region = rc("450200");
        let firm = VirtualFirm {
            region: rc("450223"),
            output: Some(120.0),
            nodes: vec![0, 0, 7],
        };
        let (w, _, after) = what_if(
            &input(),
            &region,
            &DiagnosisRule::default(),
            &[firm],
            &WhatIfOptions::default(),
        )
        .unwrap();
        assert_eq!(w.nodes[0].status_before, NodeStatus::Missing);
        // One local firm: weak by the single-firm rule.
        assert_eq!(w.nodes[0].status_after, NodeStatus::Weak);
        assert!(w.nodes[0].changed);
        assert_eq!(w.completeness_before.covered_nodes, 1);
        assert_eq!(w.completeness_after.covered_nodes, 2);
        // 120 of the 150 bought from outside is now local: 100 whole, 20 of the 50-link.
        assert_eq!(w.substituted_value, 120.0);
        assert_eq!(w.local_supply_before.rate, Some(0.0));
        assert_eq!(w.local_supply_after.rate, Some(0.8));
        assert_eq!(after.local_supply.total_value, 150.0);
        assert_eq!(w.first_virtual, 2);
    }

    #[test]
    fn no_substitution_when_switched_off() {
        let region = rc("450200");
        let firm = VirtualFirm {
            region: rc("450223"),
            output: Some(120.0),
            nodes: vec![0],
        };
        let (w, ..) = what_if(
            &input(),
            &region,
            &DiagnosisRule::default(),
            &[firm],
            &WhatIfOptions { substitution: 0.0 },
        )
        .unwrap();
        assert_eq!(w.substituted_value, 0.0);
        assert_eq!(w.local_supply_after.rate, Some(0.0));
        assert_eq!(w.nodes[0].firms_after, 1);
    }
}
