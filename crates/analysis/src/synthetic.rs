//! Test and benchmark support: a deterministic generator of large synthetic diagnosis inputs,
//! and the small PRNG it uses. Not for production data.

use crate::types::{DiagnosisInput, EnterpriseRef, Membership, NodeRef, SupplyLink};
use liantu_model::{RegionCode, Stage};

/// SplitMix64: tiny, fast, deterministic; good enough for synthetic data and shuffles.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`0` when `n` is 0); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Log-uniform in [lo, hi).
    pub fn log_uniform(&mut self, lo: f64, hi: f64) -> f64 {
        (lo.ln() + self.unit() * (hi.ln() - lo.ln())).exp()
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// Size and shape of a synthetic input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyntheticSpec {
    pub nodes: u32,
    pub enterprises: u32,
    /// Fraction of enterprises with a second membership (on another node).
    pub second_membership: f64,
    pub links: u32,
    /// Fraction of enterprises registered in Liuzhou (4502xx).
    pub local_fraction: f64,
    pub seed: u64,
}

impl SyntheticSpec {
    /// The scale target: 500 nodes, 1,000,000 enterprises (60 % in 4502xx), ≈1.3M memberships,
    /// 5,000,000 supply links.
    pub fn large() -> Self {
        SyntheticSpec {
            nodes: 500,
            enterprises: 1_000_000,
            second_membership: 0.3,
            links: 5_000_000,
            local_fraction: 0.6,
            seed: 450_200,
        }
    }
}

/// Liuzhou's districts and counties.
const LOCAL: [&str; 10] = [
    "450202", "450203", "450204", "450205", "450206", "450222", "450223", "450224", "450225",
    "450226",
];
/// Elsewhere in China.
const OTHER: [&str; 10] = [
    "450102", "450305", "450902", "440305", "440106", "310115", "320505", "110105", "500112",
    "420106",
];

fn codes(list: &[&str]) -> Vec<RegionCode> {
    list.iter()
        // Invariant: the constants above are six ASCII digits.
        .map(|s| RegionCode::parse(s).expect("valid constant region code"))
        .collect()
}

/// Builds a deterministic input of the given shape.
///
/// Local firms sit on nodes `0..nodes - 10` with a skew towards low indices, plus a handful on
/// the next five nodes; the last five nodes only have firms from elsewhere, so every status
/// occurs. 5 % of outputs are unknown, 30 % of memberships carry a share. 60 % of links name the
/// supplier enterprise; the rest give only a region (30 % Liuzhou, 10 % abroad).
pub fn generate(spec: &SyntheticSpec) -> DiagnosisInput {
    let mut rng = SplitMix64::new(spec.seed);
    let local = codes(&LOCAL);
    let other = codes(&OTHER);
    let n_nodes = spec.nodes.max(1);

    let stages = [
        Stage::Upstream,
        Stage::Midstream,
        Stage::Downstream,
        Stage::Supporting,
    ];
    let nodes = (0..n_nodes)
        .map(|i| NodeRef {
            id: format!("n{i:04}"),
            stage: stages[(i as usize * stages.len()) / n_nodes as usize],
        })
        .collect();

    let mut enterprises = Vec::with_capacity(spec.enterprises as usize);
    let mut memberships = Vec::with_capacity(
        (f64::from(spec.enterprises) * (1.0 + spec.second_membership)) as usize + 16,
    );
    let common = n_nodes.saturating_sub(10).max(1);
    for e in 0..spec.enterprises {
        let is_local = rng.unit() < spec.local_fraction;
        let region = if is_local {
            local[rng.below(local.len() as u64) as usize]
        } else {
            other[rng.below(other.len() as u64) as usize]
        };
        let output = if rng.unit() < 0.05 {
            None
        } else {
            Some(rng.log_uniform(10.0, 1e6))
        };
        enterprises.push(EnterpriseRef { region, output });

        let pick = |rng: &mut SplitMix64| -> u32 {
            if is_local {
                if rng.below(200_000) == 0 {
                    // A rare firm on the thin nodes.
                    (common + rng.below(5) as u32).min(n_nodes - 1)
                } else {
                    // Skewed towards low node indices.
                    let u = rng.unit();
                    ((u * u * u * f64::from(common)) as u32).min(common - 1)
                }
            } else {
                rng.below(u64::from(n_nodes)) as u32
            }
        };
        let first = pick(&mut rng);
        let share = |rng: &mut SplitMix64| (rng.unit() < 0.3).then(|| 0.1 + 0.8 * rng.unit());
        let s = share(&mut rng);
        memberships.push(Membership {
            enterprise: e,
            node: first,
            share: s,
        });
        if rng.unit() < spec.second_membership && n_nodes > 1 {
            let mut second = pick(&mut rng);
            if second == first {
                second = (first + 1) % n_nodes;
            }
            let s = share(&mut rng);
            memberships.push(Membership {
                enterprise: e,
                node: second,
                share: s,
            });
        }
    }

    let mut links = Vec::with_capacity(spec.links as usize);
    let n_ent = u64::from(spec.enterprises);
    if n_ent > 0 {
        for _ in 0..spec.links {
            let buyer = rng.below(n_ent) as u32;
            let (supplier, supplier_region) = if rng.unit() < 0.6 {
                let s = rng.below(n_ent) as u32;
                (Some(s), enterprises[s as usize].region)
            } else {
                let u = rng.unit();
                let region = if u < 0.3 {
                    local[rng.below(local.len() as u64) as usize]
                } else if u < 0.4 {
                    RegionCode::ABROAD
                } else {
                    other[rng.below(other.len() as u64) as usize]
                };
                (None, region)
            };
            links.push(SupplyLink {
                buyer,
                supplier,
                supplier_region,
                node: rng.below(u64::from(n_nodes)) as u32,
                value: rng.log_uniform(1.0, 1e4),
            });
        }
    }

    DiagnosisInput {
        nodes,
        enterprises,
        memberships,
        links,
    }
}
