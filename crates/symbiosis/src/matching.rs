//! Matching: which offer can serve which need, and why (or the first rule the pair fails).
//!
//! Rules, in order: (1) class — the same class, or a declared conversion such as steam → hot
//! water (梯级利用 cascade use); (2) properties — every threshold the need states is met by the
//! offer's value (≥ threshold + margin where higher is better, ≤ threshold − margin where lower
//! is); (3) licence — a hazardous waste needs the receiver's licence for its HW category;
//! (4) transport — the cheapest mode allowed: a pipeline only between sites in the same park;
//! (5) distance — same site 0, else a declared distance, else coordinates × road factor, else the
//! park's internal distance; (6) value — avoided disposal + avoided virgin input − transport must
//! be positive for the pair to enter the optimisation.

use crate::catalog::Better;
use crate::instance::{Model, haversine_km};
use serde::Serialize;

/// A pair that may exchange, with its economics per unit of the offer (base unit).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Candidate {
    pub offer: u32,
    pub need: u32,
    /// index into `catalog.conversions` when the pair goes through a conversion
    pub conversion: Option<u32>,
    /// need base units delivered per offer base unit
    pub yield_: f64,
    /// index into the offer class's `modes`
    pub mode: u8,
    pub distance_km: f64,
    /// 元 per offer base unit
    pub transport_per_unit: f64,
    /// 元 per offer base unit: disposal avoided + yield × virgin price − transport
    pub value_per_unit: f64,
}

/// The first rule a pair fails.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rejection {
    Class,
    MissingProperty {
        property: String,
    },
    Property {
        property: String,
        offer: f64,
        required: f64,
        margin: f64,
        higher_is_better: bool,
    },
    Licence {
        hw: String,
    },
    PipelineOnly,
    NoDistance,
    Unprofitable {
        value_per_unit: f64,
    },
}

impl<'c> Model<'c> {
    /// Checks one pair; `Ok` also for unprofitable pairs' economics is not — they are rejected
    /// with [`Rejection::Unprofitable`] so the reason can be shown.
    pub fn check_pair(&self, offer: u32, need: u32) -> Result<Candidate, Rejection> {
        let cat = self.catalog;
        let o = &self.offers[offer as usize];
        let n = &self.needs[need as usize];
        // (1) class
        let Some(conversion) = cat.link(o.class as usize, n.class as usize) else {
            return Err(Rejection::Class);
        };
        let ocls = &cat.classes[o.class as usize];
        let ncls = &cat.classes[n.class as usize];
        let yield_ = conversion.map_or(1.0, |c| cat.conversions[c].yield_);
        // (2) properties, named by the need's class, looked up on the offer by name
        for (k, def) in ncls.property.iter().enumerate() {
            let required = n.props[k];
            if required.is_nan() {
                continue;
            }
            let offered = if conversion.is_none() {
                o.props[k]
            } else {
                ocls.property_index(&def.name)
                    .map_or(f64::NAN, |i| o.props[i])
            };
            if offered.is_nan() {
                return Err(Rejection::MissingProperty {
                    property: def.name.clone(),
                });
            }
            let ok = match def.better {
                Better::Higher => offered >= required + def.margin,
                Better::Lower => offered <= required - def.margin,
            };
            if !ok {
                return Err(Rejection::Property {
                    property: def.name.clone(),
                    offer: offered,
                    required,
                    margin: def.margin,
                    higher_is_better: def.better == Better::Higher,
                });
            }
        }
        // (3) licence
        let from = &self.sites[o.enterprise as usize];
        let to = &self.sites[n.enterprise as usize];
        if let Some(hw) = &o.hw
            && o.enterprise != n.enterprise
            && !to.licences.iter().any(|l| l == hw)
        {
            return Err(Rejection::Licence { hw: hw.clone() });
        }
        // (4) transport mode
        let same_site = o.enterprise == n.enterprise;
        let same_park = same_site || (from.park.is_some() && from.park == to.park);
        let Some(mode) = ocls
            .modes
            .iter()
            .position(|m| same_park || !m.is_pipeline())
        else {
            return Err(Rejection::PipelineOnly);
        };
        // (5) distance
        let distance_km = if same_site {
            0.0
        } else {
            let (a, b) = (
                o.enterprise.min(n.enterprise),
                o.enterprise.max(n.enterprise),
            );
            if let Some(&km) = self.distances.get(&(a, b)) {
                km
            } else if let (Some(p), Some(q)) = (from.coord, to.coord) {
                haversine_km(p, q) * self.instance.options.road_factor
            } else if same_park {
                self.park_internal_km[from.park.unwrap_or(0) as usize]
            } else {
                return Err(Rejection::NoDistance);
            }
        };
        // (6) value
        let transport_per_unit = distance_km * ocls.modes[mode].cost_per_unit_km;
        let value_per_unit = o.price + yield_ * n.price - transport_per_unit;
        // A need with a contracted minimum intake may have to take unprofitable supply.
        if value_per_unit <= 0.0 && n.min_intake <= 0.0 {
            return Err(Rejection::Unprofitable { value_per_unit });
        }
        Ok(Candidate {
            offer,
            need,
            conversion: conversion.map(|c| c as u32),
            yield_,
            mode: mode as u8,
            distance_km,
            transport_per_unit,
            value_per_unit,
        })
    }

    /// All profitable compatible pairs, ordered by need then offer. Only class-compatible groups
    /// are visited, so this is fast when most pairs differ in class.
    pub fn candidates(&self) -> Vec<Candidate> {
        let n_classes = self.catalog.classes.len();
        let mut offers_by_class: Vec<Vec<u32>> = vec![Vec::new(); n_classes];
        for (i, o) in self.offers.iter().enumerate() {
            offers_by_class[o.class as usize].push(i as u32);
        }
        let sources: Vec<Vec<usize>> = (0..n_classes)
            .map(|to| {
                (0..n_classes)
                    .filter(|&from| self.catalog.link(from, to).is_some())
                    .collect()
            })
            .collect();
        let mut out = Vec::new();
        for (j, n) in self.needs.iter().enumerate() {
            for &from in &sources[n.class as usize] {
                for &i in &offers_by_class[from] {
                    if let Ok(c) = self.check_pair(i, j as u32) {
                        out.push(c);
                    }
                }
            }
        }
        out
    }

    /// Every pair with its verdict — for explanations on small instances.
    pub fn explain_all(&self) -> Vec<PairReport> {
        let mut out = Vec::with_capacity(self.offers.len() * self.needs.len());
        for j in 0..self.needs.len() as u32 {
            for i in 0..self.offers.len() as u32 {
                let verdict = self.check_pair(i, j);
                let (reason_zh, reason_en) = self.reason(i, j, &verdict);
                out.push(PairReport {
                    offer: self.instance.offers[i as usize].id.clone(),
                    need: self.instance.needs[j as usize].id.clone(),
                    compatible: verdict.is_ok(),
                    rejection: verdict.err(),
                    reason_zh,
                    reason_en,
                });
            }
        }
        out
    }

    /// The reason a pair is compatible, or the first rule it fails, in Chinese and English.
    pub fn reason(
        &self,
        offer: u32,
        need: u32,
        verdict: &Result<Candidate, Rejection>,
    ) -> (String, String) {
        let cat = self.catalog;
        let o = &self.offers[offer as usize];
        let n = &self.needs[need as usize];
        let oc = &cat.classes[o.class as usize];
        let nc = &cat.classes[n.class as usize];
        match verdict {
            Ok(c) => {
                let (mut zh, mut en) = match c.conversion {
                    None => (
                        format!("同类资源 {}", oc.name_zh),
                        format!("same class {}", oc.id),
                    ),
                    Some(k) => {
                        let conv = &cat.conversions[k as usize];
                        (
                            format!("{}（得率 {}）", conv.name_zh, conv.yield_),
                            format!("{} (yield {})", conv.name_en, conv.yield_),
                        )
                    }
                };
                for (k, def) in nc.property.iter().enumerate() {
                    let req = n.props[k];
                    if req.is_nan() {
                        continue;
                    }
                    let op = if def.better == Better::Higher {
                        "≥"
                    } else {
                        "≤"
                    };
                    zh.push_str(&format!(
                        "；{} 要求 {op} {req}{}",
                        def.name_zh,
                        def.unit_zh()
                    ));
                    en.push_str(&format!("; {} {op} {req}{} required", def.name, def.unit));
                }
                if let Some(hw) = &o.hw {
                    zh.push_str(&format!("；危废 {hw}，接收方持有许可"));
                    en.push_str(&format!("; hazardous {hw}, receiver licensed"));
                }
                let mode = &oc.modes[c.mode as usize].mode;
                let mode_zh = cat.mode(mode).map_or(mode.as_str(), |m| m.name_zh.as_str());
                zh.push_str(&format!(
                    "；{mode_zh} {:.1} km，运费 {:.2} 元/{}，净值 {:.2} 元/{}",
                    c.distance_km,
                    c.transport_per_unit,
                    oc.base_unit,
                    c.value_per_unit,
                    oc.base_unit
                ));
                en.push_str(&format!(
                    "; {mode} {:.1} km, transport {:.2} yuan/{}, net value {:.2} yuan/{}",
                    c.distance_km,
                    c.transport_per_unit,
                    oc.base_unit,
                    c.value_per_unit,
                    oc.base_unit
                ));
                (zh, en)
            }
            Err(Rejection::Class) => (
                format!(
                    "类别不符：需要 {}，提供的是 {}，且无声明的转换",
                    nc.name_zh, oc.name_zh
                ),
                format!(
                    "class mismatch: need wants {}, offer is {}, and no conversion is declared",
                    nc.id, oc.id
                ),
            ),
            Err(Rejection::MissingProperty { property }) => (
                format!("供给未说明属性 {property}，而需求对其有要求"),
                format!("offer does not state {property}, which the need requires"),
            ),
            Err(Rejection::Property {
                property,
                offer,
                required,
                margin,
                higher_is_better,
            }) => {
                let (op, bound) = if *higher_is_better {
                    ("≥", required + margin)
                } else {
                    ("≤", required - margin)
                };
                (
                    format!("属性不满足：{property} 为 {offer}，需要 {op} {bound}"),
                    format!("property fails: {property} is {offer}, need {op} {bound}"),
                )
            }
            Err(Rejection::Licence { hw }) => (
                format!("危险废物 {hw}：接收方无该类别的危险废物经营许可证"),
                format!("hazardous waste {hw}: the receiver holds no licence for {hw}"),
            ),
            Err(Rejection::PipelineOnly) => (
                format!("{} 只能管道输送，管道只在同一园区内", oc.name_zh),
                format!(
                    "{} moves by pipeline only, and pipelines run only inside a park",
                    oc.id
                ),
            ),
            Err(Rejection::NoDistance) => (
                "距离未知：两企业无坐标、不在同一园区，也未给出距离".into(),
                "no distance known: no coordinates, not in the same park, no declared distance"
                    .into(),
            ),
            Err(Rejection::Unprofitable { value_per_unit }) => (
                format!(
                    "技术上可行，但运费超过节约：净值 {value_per_unit:.2} 元/{}",
                    oc.base_unit
                ),
                format!(
                    "technically compatible, but transport exceeds the saving: net {value_per_unit:.2} yuan/{}",
                    oc.base_unit
                ),
            ),
        }
    }
}

/// One pair's verdict with its reason.
#[derive(Clone, Debug, Serialize)]
pub struct PairReport {
    pub offer: String,
    pub need: String,
    pub compatible: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejection: Option<Rejection>,
    pub reason_zh: String,
    pub reason_en: String,
}
