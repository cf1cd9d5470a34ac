//! Industrial symbiosis of a park: its offers and needs as a solver instance, what-if changes,
//! and the optimal exchanges.

use crate::{App, AppError, Result, blocking};
use liantu_demo::symbiosis::ResourceStream;
use liantu_model::bounds::{DISPOSAL_COST, PRICE};
use liantu_symbiosis::instance::{Distance, Enterprise, Need, Offer, Park};
pub use liantu_symbiosis::{Catalog, Instance, PairReport, Report};

mod file;
mod tables;

pub use file::{SolveOptions, Solved, read_instance_file, solve_instance, write_instance_file};
pub use tables::{
    circularity_table, classes_table, exchanges_table, needs_table, offers_table, pairs_table,
    parks_table,
};

/// The built-in resource catalogue: classes, conversions and emission factors.
pub fn catalogue() -> &'static Catalog {
    Catalog::builtin()
}

/// The symbiosis instance of a park's network from the built-in demo: firms as sites (inside
/// the park or at their stated road distance from it), offers and needs from
/// `data/demo/resource_streams.csv`.
pub fn park_instance(park: &str) -> Result<Instance> {
    park_instance_with(park, &[])
}

/// Site id of a candidate project in a symbiosis instance.
pub fn candidate_site(candidate: &str) -> String {
    format!("candidate:{candidate}")
}

/// [`park_instance`] with candidate projects `(id, name)` added inside the park, bringing their
/// streams from `data/demo/candidate_streams.csv` (a candidate without streams adds nothing).
pub(crate) fn park_instance_with(park: &str, candidates: &[(String, String)]) -> Result<Instance> {
    let data = liantu_demo::dataset()?;
    let streams = liantu_demo::symbiosis::resource_streams()?;
    let Some(p) = data.parks.iter().find(|p| p.id == park) else {
        let with: std::collections::BTreeSet<&str> =
            streams.iter().map(|s| s.network.as_str()).collect();
        return Err(AppError::not_found(format!(
            "未知园区或无资源流数据 / unknown park or no resource streams: {park}（有数据 / with data: {}）",
            with.into_iter().collect::<Vec<_>>().join(", ")
        )));
    };
    let streams: Vec<_> = streams.into_iter().filter(|s| s.network == park).collect();
    if streams.is_empty() {
        return Err(AppError::not_found(format!(
            "园区 {park} 没有资源流数据 / park {park} has no resource streams"
        )));
    }
    let mut inst = Instance {
        format: Some(liantu_symbiosis::instance::FORMAT.into()),
        name: format!("{} {}", p.name_zh, p.name_en),
        illustrative: streams.iter().any(|s| s.source == "illustrative"),
        parks: vec![Park {
            id: p.id.clone(),
            name: p.name_zh.clone(),
            internal_distance_km: Some(2.0),
        }],
        ..Instance::default()
    };
    // sites: (uscc, km to the park; 0 inside)
    let mut sites: Vec<(String, f64)> = Vec::new();
    for s in &streams {
        let Some(e) = data.enterprises.iter().find(|e| e.uscc.as_str() == s.uscc) else {
            continue;
        };
        let inside = e.park.as_deref() == Some(park);
        if let Some(site) = inst.enterprises.iter_mut().find(|x| x.id == s.uscc) {
            for l in &s.licences {
                if !site.licences.contains(l) {
                    site.licences.push(l.clone());
                }
            }
        } else {
            inst.enterprises.push(Enterprise {
                id: s.uscc.clone(),
                name: e.name.clone(),
                park: inside.then(|| park.to_string()),
                lat: None,
                lon: None,
                licences: s.licences.clone(),
            });
            sites.push((
                s.uscc.clone(),
                if inside {
                    0.0
                } else {
                    s.distance_km.unwrap_or(0.0)
                },
            ));
        }
        push_stream(&mut inst, s, &s.uscc);
    }
    let candidate_streams = liantu_demo::symbiosis::candidate_streams()?;
    for (id, name) in candidates {
        let streams: Vec<_> = candidate_streams
            .iter()
            .filter(|s| s.network == park && s.candidate.as_deref() == Some(id.as_str()))
            .collect();
        if streams.is_empty() {
            continue;
        }
        let site = candidate_site(id);
        inst.enterprises.push(Enterprise {
            id: site.clone(),
            name: name.clone(),
            park: Some(park.to_string()),
            lat: None,
            lon: None,
            licences: streams.iter().flat_map(|s| s.licences.clone()).collect(),
        });
        sites.push((site.clone(), 0.0));
        for s in streams {
            push_stream(&mut inst, s, &site);
        }
    }
    // Firms outside the park reach the others through it: road km to the park plus 2 km inside.
    for (i, (a, da)) in sites.iter().enumerate() {
        for (b, db) in &sites[i + 1..] {
            if *da > 0.0 || *db > 0.0 {
                inst.distances.push(Distance {
                    from: a.clone(),
                    to: b.clone(),
                    km: da + db + 2.0,
                });
            }
        }
    }
    Ok(inst)
}

/// Adds one stream of the site `site` as an offer or a need.
fn push_stream(inst: &mut Instance, s: &ResourceStream, site: &str) {
    let properties = s.properties.iter().cloned().collect();
    if s.offer {
        inst.offers.push(Offer {
            id: s.id.clone(),
            enterprise: site.to_string(),
            class: s.class.clone(),
            quantity: Some(s.quantity),
            unit: s.unit.clone(),
            properties,
            disposal_cost: s.price,
            hw: s.hw.clone(),
            ..Offer::default()
        });
    } else {
        inst.needs.push(Need {
            id: s.id.clone(),
            enterprise: site.to_string(),
            class: s.class.clone(),
            quantity: Some(s.quantity),
            unit: s.unit.clone(),
            requires: properties,
            virgin_price: s.price,
            min_intake: s.min_intake,
            ..Need::default()
        });
    }
}

/// Changes a user tries on a park's network before re-solving.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WhatIf {
    /// Offer or need ids taken out.
    pub without: Vec<String>,
    /// New prices: for an offer its disposal cost, for a need its virgin-input price (元 per unit).
    pub prices: Vec<(String, f64)>,
}

impl App {
    /// Solves a park's network after applying `what_if` (on the blocking pool: an LP or MIP).
    /// Returns the instance solved and the result.
    pub async fn park_symbiosis(
        &self,
        park: &str,
        what_if: &WhatIf,
        mip: bool,
    ) -> Result<(Instance, Report)> {
        self.require_read(crate::ReadArea::FirmFigures)?;
        let (park, what_if) = (park.to_string(), what_if.clone());
        blocking(move || park_symbiosis(&park, &what_if, mip)).await
    }

    /// A park's network as a solver instance (the `--write-instance` file).
    pub fn park_instance(&self, park: &str) -> Result<Instance> {
        park_instance(park)
    }
}

/// Solves a park's network, after applying `what_if`. Returns the instance solved and the result.
pub(crate) fn park_symbiosis(
    park: &str,
    what_if: &WhatIf,
    mip: bool,
) -> Result<(Instance, Report)> {
    let mut inst = park_instance(park)?;
    for id in &what_if.without {
        let before = inst.offers.len() + inst.needs.len();
        inst.offers.retain(|o| &o.id != id);
        inst.needs.retain(|n| &n.id != id);
        if inst.offers.len() + inst.needs.len() == before {
            return Err(AppError::not_found(format!(
                "园区 {park} 没有供给或需求 '{id}' / park {park} has no offer or need '{id}'"
            )));
        }
    }
    // The same ranges as an instance file (data contract): a disposal cost may be negative
    // (the offerer could sell the stream), a virgin-input price may not.
    for (id, price) in &what_if.prices {
        let (field, bound) = if inst.offers.iter().any(|o| &o.id == id) {
            ("disposal_cost", DISPOSAL_COST)
        } else if inst.needs.iter().any(|n| &n.id == id) {
            ("virgin_price", PRICE)
        } else {
            return Err(AppError::not_found(format!(
                "园区 {park} 没有供给或需求 '{id}' / park {park} has no offer or need '{id}'"
            )));
        };
        if !bound.contains(*price) {
            return Err(AppError::invalid(format!(
                "{id} 的 {field} = {price} 不在 {} 内 / {id}: {field} = {price} is outside {}",
                bound.describe_zh(),
                bound.describe_en()
            )));
        }
        if let Some(o) = inst.offers.iter_mut().find(|o| &o.id == id) {
            o.disposal_cost = *price;
        } else if let Some(n) = inst.needs.iter_mut().find(|n| &n.id == id) {
            n.virgin_price = *price;
        }
    }
    let report = solve(&inst, mip)?;
    Ok((inst, report))
}

/// Validates and solves an instance (LP, or MIP with fixed costs and minimum sizes).
pub(crate) fn solve(inst: &Instance, mip: bool) -> Result<Report> {
    let model = inst
        .clone()
        .validate(Catalog::builtin())
        .map_err(liantu_symbiosis::Error::from)?;
    Ok(crate::metrics::timed_solve(|| model.solve(Some(mip)))
        .map_err(liantu_symbiosis::Error::from)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What-if prices have the ranges of an instance file: a negative disposal cost is allowed
    /// (the offerer could sell the stream), a negative virgin-input price is not.
    #[test]
    fn what_if_prices_follow_the_instance_ranges() {
        let park = "luzhai-chem";
        let inst = park_instance(park).unwrap();
        let (offer, need) = (inst.offers[0].id.clone(), inst.needs[0].id.clone());
        let with = |id: &str, price: f64| WhatIf {
            prices: vec![(id.to_string(), price)],
            ..WhatIf::default()
        };
        let (changed, _) = park_symbiosis(park, &with(&offer, -20.0), false).unwrap();
        assert_eq!(changed.offers[0].disposal_cost, -20.0);
        for (id, price) in [
            (need.as_str(), -20.0),
            (offer.as_str(), 1e300),
            (need.as_str(), f64::NAN),
        ] {
            let e = park_symbiosis(park, &with(id, price), false).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Invalid, "{id} {price}: {e}");
        }
    }
}
