//! Property tests on seeded random panels (no external crate: a SplitMix64 generator).
//!
//! Identities that must hold for any input (with M the presence matrix, m/sd the ECI scale):
//! * ECI_c = mean of PCI_p over the products present in c (both conventions);
//! * mean of ECI_c over the locations where p is present = l2 PCI_p + (l2 - 1) m / sd;
//! * py convention: ECI has mean 0 and population sd 1;
//! * an independent power iteration on the non-symmetric Mpp gives the same ECI (this covers
//!   both the location-side and the product-side symmetric solves);
//! * results do not depend on row order.

use liantu_complexity::{ComplexityError, Convention, Options, Panel, PeriodResult, compute};

struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

type Row = (String, String, String, f64);

/// A random panel: 1-3 periods, 3-14 locations and products, skewed values, some explicit
/// zero rows and occasionally a location or product with a zero total.
fn random_rows(rng: &mut SplitMix) -> Vec<Row> {
    let mut rows = Vec::new();
    for t in 0..1 + rng.below(3) {
        let n = 3 + rng.below(12);
        let p = 3 + rng.below(12);
        let zero_loc = (rng.unit() < 0.2).then(|| rng.below(n));
        for l in 0..n {
            let size = (rng.unit() * 4.0).exp();
            for q in 0..p {
                let r = rng.unit();
                let value = if zero_loc == Some(l) || r < 0.25 {
                    0.0
                } else {
                    (size * (rng.unit() * 6.0).exp() * 100.0).round()
                };
                if value > 0.0 || r < 0.35 {
                    rows.push((
                        format!("{}", 2000 + t),
                        format!("L{l:02}"),
                        format!("{q:03}"),
                        value,
                    ));
                }
            }
        }
    }
    rows
}

fn panel(rows: &[Row]) -> Panel {
    let mut panel = Panel::new();
    for (t, l, p, v) in rows {
        panel.push(t, l, p, *v);
    }
    panel
}

fn acceptable(e: &ComplexityError) -> bool {
    matches!(
        e,
        ComplexityError::Degenerate { .. }
            | ComplexityError::TooFewLocations { .. }
            | ComplexityError::TooFewProducts { .. }
    )
}

/// Runs `check` on every random case that the engine accepts; returns how many ran.
fn for_cases(options: &Options, mut check: impl FnMut(&[Row], &[PeriodResult])) -> usize {
    let mut rng = SplitMix(0x5eed_0001);
    let mut ran = 0;
    for _ in 0..150 {
        let rows = random_rows(&mut rng);
        match compute(&panel(&rows), options) {
            Ok(periods) => {
                check(&rows, &periods);
                ran += 1;
            }
            Err(e) => assert!(acceptable(&e), "unexpected error {e}"),
        }
    }
    assert!(ran >= 100, "only {ran} of 150 random cases were accepted");
    ran
}

fn kept_matrix(out: &PeriodResult) -> (Vec<usize>, Vec<usize>, Vec<Vec<f64>>) {
    let locs: Vec<usize> = (0..out.locations.len())
        .filter(|&l| out.locations[l].diversity.is_some())
        .collect();
    let prods: Vec<usize> = (0..out.products.len())
        .filter(|&p| out.products[p].ubiquity.is_some())
        .collect();
    let m = locs
        .iter()
        .map(|&l| {
            prods
                .iter()
                .map(|&p| f64::from(u8::from(out.cell(l, p).expect("cell").mcp)))
                .collect()
        })
        .collect();
    (locs, prods, m)
}

#[test]
fn eci_is_mean_pci_of_present_products() {
    for convention in [Convention::PyEcomplexity, Convention::Stata] {
        let options = Options {
            convention,
            ..Options::default()
        };
        for_cases(&options, |_, periods| {
            for out in periods {
                let (locs, prods, m) = kept_matrix(out);
                for (i, &l) in locs.iter().enumerate() {
                    let Some(eci) = out.locations[l].eci else {
                        continue;
                    };
                    let present: Vec<f64> = prods
                        .iter()
                        .enumerate()
                        .filter(|&(j, _)| m[i][j] == 1.0)
                        .map(|(_, &p)| out.products[p].pci.expect("pci of present product"))
                        .collect();
                    let mean = present.iter().sum::<f64>() / present.len() as f64;
                    assert!((eci - mean).abs() < 1e-9, "{convention:?}: {eci} vs {mean}");
                }
            }
        });
    }
}

#[test]
fn mean_eci_of_exporters_is_affine_in_pci() {
    for_cases(&Options::default(), |_, periods| {
        for out in periods {
            let (locs, prods, m) = kept_matrix(out);
            let lambda = out.spectrum.second;
            let (mean, sd) = out.eci_scale;
            for (j, &p) in prods.iter().enumerate() {
                let Some(pci) = out.products[p].pci else {
                    continue;
                };
                let ecis: Vec<f64> = locs
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| m[i][j] == 1.0)
                    .map(|(_, &l)| out.locations[l].eci.expect("eci"))
                    .collect();
                let got = ecis.iter().sum::<f64>() / ecis.len() as f64;
                let want = lambda * pci + (lambda - 1.0) * mean / sd;
                assert!((got - want).abs() < 1e-8, "{got} vs {want}");
            }
        }
    });
}

#[test]
fn py_eci_is_standardised() {
    for_cases(&Options::default(), |_, periods| {
        for out in periods {
            let eci: Vec<f64> = out.locations.iter().filter_map(|l| l.eci).collect();
            let n = eci.len() as f64;
            let mean = eci.iter().sum::<f64>() / n;
            let sd = (eci.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
            assert!(mean.abs() < 1e-12 && (sd - 1.0).abs() < 1e-12);
        }
    });
}

/// Second eigenvector of the non-symmetric Mpp by deflated power iteration: Mpp 1 = 1 and
/// u^T Mpp = u^T, so removing the u-weighted mean keeps the iterate off the top eigenvector.
fn power_iteration_eci(m: &[Vec<f64>]) -> Option<Vec<f64>> {
    let (n, p) = (m.len(), m[0].len());
    let d: Vec<f64> = m.iter().map(|r| r.iter().sum()).collect();
    let u: Vec<f64> = (0..p).map(|j| m.iter().map(|r| r[j]).sum()).collect();
    if d.contains(&0.0) || u.contains(&0.0) {
        return None;
    }
    let usum: f64 = u.iter().sum();
    let mut x: Vec<f64> = (0..p)
        .map(|j| ((j * 7919 % 13) as f64) - 6.0 + 0.1 * j as f64)
        .collect();
    for _ in 0..20_000 {
        let kc: Vec<f64> = (0..n)
            .map(|i| (0..p).map(|j| m[i][j] * x[j]).sum::<f64>() / d[i])
            .collect();
        let mut y: Vec<f64> = (0..p)
            .map(|j| (0..n).map(|i| m[i][j] * kc[i]).sum::<f64>() / u[j])
            .collect();
        let w = y.iter().zip(&u).map(|(a, b)| a * b).sum::<f64>() / usum;
        y.iter_mut().for_each(|v| *v -= w);
        let norm = y.iter().map(|v| v * v).sum::<f64>().sqrt();
        y.iter_mut().for_each(|v| *v /= norm);
        let change: f64 = x.iter().zip(&y).map(|(a, b)| (a - b).abs()).sum();
        x = y;
        if change < 1e-15 {
            break;
        }
    }
    let kc: Vec<f64> = (0..n)
        .map(|i| (0..p).map(|j| m[i][j] * x[j]).sum::<f64>() / d[i])
        .collect();
    let dm = d.iter().sum::<f64>() / n as f64;
    let km = kc.iter().sum::<f64>() / n as f64;
    let cov: f64 = d.iter().zip(&kc).map(|(a, b)| (a - dm) * (b - km)).sum();
    let sd = (kc.iter().map(|v| (v - km).powi(2)).sum::<f64>() / n as f64).sqrt();
    Some(kc.iter().map(|v| cov.signum() * (v - km) / sd).collect())
}

#[test]
fn symmetric_solver_matches_power_iteration_on_both_sides() {
    let (mut country_side, mut product_side) = (0, 0);
    for_cases(&Options::default(), |_, periods| {
        for out in periods {
            let Some(third) = out.spectrum.third else {
                continue;
            };
            // Power iteration converges like (l3 / l2)^k: skip nearly repeated eigenvalues.
            if third > 0.9 * out.spectrum.second {
                continue;
            }
            let (locs, _, m) = kept_matrix(out);
            let Some(want) = power_iteration_eci(&m) else {
                continue;
            };
            for (i, &l) in locs.iter().enumerate() {
                let got = out.locations[l].eci.expect("eci");
                assert!((got - want[i]).abs() < 1e-8, "{got} vs {}", want[i]);
            }
            if m.len() <= m[0].len() {
                country_side += 1;
            } else {
                product_side += 1;
            }
        }
    });
    assert!(
        country_side >= 20 && product_side >= 20,
        "{country_side} / {product_side}"
    );
}

#[test]
fn results_do_not_depend_on_row_order() {
    let mut rng = SplitMix(0xfeed);
    for_cases(&Options::default(), |rows, periods| {
        let mut shuffled = rows.to_vec();
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.below(i + 1));
        }
        let again = compute(&panel(&shuffled), &Options::default()).expect("same input");
        assert_eq!(periods.len(), again.len());
        for (a, b) in periods.iter().zip(&again) {
            assert_eq!(a.time, b.time);
            assert_eq!(a.locations.len(), b.locations.len());
            assert_eq!(a.products.len(), b.products.len());
            let same = |x: Option<f64>, y: Option<f64>| match (x, y) {
                (Some(x), Some(y)) => (x - y).abs() < 1e-12,
                (None, None) => true,
                _ => false,
            };
            for (x, y) in a.locations.iter().zip(&b.locations) {
                assert_eq!(
                    (&x.code, x.total, x.diversity),
                    (&y.code, y.total, y.diversity)
                );
                assert!(same(x.eci, y.eci) && same(x.coi, y.coi));
            }
            for (x, y) in a.products.iter().zip(&b.products) {
                assert_eq!((&x.code, x.ubiquity), (&y.code, y.ubiquity));
                assert!(same(x.pci, y.pci));
            }
            for ((_, _, x), (_, _, y)) in a.cells().zip(b.cells()) {
                assert_eq!((x.value, x.rca, x.mcp), (y.value, y.rca, y.mcp));
                assert!(same(x.density, y.density) && same(Some(x.cog), Some(y.cog)));
            }
            for p in 0..a.products.len() {
                for q in 0..a.products.len() {
                    assert_eq!(a.proximity(p, q), b.proximity(p, q));
                }
            }
        }
    });
}
