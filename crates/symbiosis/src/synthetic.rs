//! Deterministic synthetic instances for tests and benchmarks (not real data): sites scattered
//! around a few parks near Liuzhou, offers and needs of common classes with random properties,
//! quantities and prices.

use crate::instance::{Enterprise, Instance, Need, Offer, Options, Park};
use std::collections::BTreeMap;

/// splitmix64: small, fast, reproducible.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// uniform in [0, 1)
    pub fn f(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// (class, unit, property with (low, high) for offers; needs draw thresholds from the same range)
const CLASSES: &[(&str, &str, &str, f64, f64)] = &[
    ("hydrogen", "t", "purity_pct", 95.0, 99.99),
    ("steam", "GJ", "temperature_c", 120.0, 250.0),
    ("hot_water", "GJ", "temperature_c", 50.0, 95.0),
    ("waste_heat", "GJ", "temperature_c", 150.0, 400.0),
    ("slag", "t", "moisture_pct", 2.0, 15.0),
    ("desulf_gypsum", "t", "purity_pct", 80.0, 98.0),
    ("carbide_slag", "t", "moisture_pct", 5.0, 40.0),
    ("fly_ash", "t", "loss_on_ignition_pct", 2.0, 10.0),
    ("wood_residue", "t", "moisture_pct", 10.0, 50.0),
    ("sawdust", "t", "moisture_pct", 10.0, 50.0),
    ("waste_acid", "t", "concentration_pct", 5.0, 30.0),
    ("treated_wastewater", "m3", "quality_class", 1.0, 5.0),
    ("co2", "t", "purity_pct", 90.0, 99.9),
];

/// An instance with `offers` offers and `needs` needs over `sites` enterprises.
pub fn instance(seed: u64, offers: usize, needs: usize, sites: usize) -> Instance {
    let mut rng = Rng::new(seed);
    let parks: Vec<(String, f64, f64)> = (0..4)
        .map(|p| {
            (
                format!("park{p}"),
                24.3 + rng.range(-0.4, 0.4),
                109.4 + rng.range(-0.4, 0.4),
            )
        })
        .collect();
    let mut inst = Instance {
        name: format!("synthetic seed {seed}: {offers} offers × {needs} needs"),
        illustrative: true,
        parks: parks
            .iter()
            .map(|(id, _, _)| Park {
                id: id.clone(),
                name: id.clone(),
                internal_distance_km: None,
            })
            .collect(),
        options: Options::default(),
        ..Instance::default()
    };
    for s in 0..sites.max(1) {
        let (park, lat, lon) = if rng.f() < 0.6 {
            let (id, lat, lon) = &parks[rng.below(parks.len())];
            (
                Some(id.clone()),
                lat + rng.range(-0.02, 0.02),
                lon + rng.range(-0.02, 0.02),
            )
        } else {
            (
                None,
                24.3 + rng.range(-0.5, 0.5),
                109.4 + rng.range(-0.5, 0.5),
            )
        };
        let licences = if rng.f() < 0.3 {
            vec!["HW34".to_string()]
        } else {
            Vec::new()
        };
        inst.enterprises.push(Enterprise {
            id: format!("E{s}"),
            name: format!("企业{s}"),
            park,
            lat: Some(lat),
            lon: Some(lon),
            licences,
        });
    }
    let n_sites = inst.enterprises.len();
    for i in 0..offers {
        let (class, unit, prop, lo, hi) = CLASSES[rng.below(CLASSES.len())];
        let mut properties = BTreeMap::new();
        properties.insert(
            prop.to_string(),
            (rng.range(lo, hi) * 100.0).round() / 100.0,
        );
        inst.offers.push(Offer {
            id: format!("O{i}"),
            enterprise: format!("E{}", rng.below(n_sites)),
            class: class.into(),
            quantity: Some((rng.range(10.0, 1000.0) * 10.0).round() / 10.0),
            unit: unit.into(),
            properties,
            disposal_cost: (rng.range(0.0, 200.0) * 10.0).round() / 10.0,
            ..Offer::default()
        });
    }
    for j in 0..needs {
        let (class, unit, prop, lo, hi) = CLASSES[rng.below(CLASSES.len())];
        let mut requires = BTreeMap::new();
        if rng.f() < 0.95 {
            requires.insert(
                prop.to_string(),
                (rng.range(lo, hi) * 100.0).round() / 100.0,
            );
        }
        inst.needs.push(Need {
            id: format!("N{j}"),
            enterprise: format!("E{}", rng.below(n_sites)),
            class: class.into(),
            quantity: Some((rng.range(10.0, 1000.0) * 10.0).round() / 10.0),
            unit: unit.into(),
            requires,
            virgin_price: (rng.range(20.0, 500.0) * 10.0).round() / 10.0,
            ..Need::default()
        });
    }
    inst
}
