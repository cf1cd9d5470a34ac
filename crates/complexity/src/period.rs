//! One period end to end: dense matrix, presence, eigenvector, normalisation, outlook.

use faer::{Mat, Par};

use crate::eigen::{country_vector, second_eigenvector};
use crate::panel::{Panel, PeriodLayout};
use crate::proximity::{Columns, coi, outlook, proximity};
use crate::rca::{Presence, presence};
use crate::result::{LocationResult, PeriodResult, ProductResult, Spectrum};
use crate::{ComplexityError, Convention, Options};

/// Below this the second eigenvalue is treated as 0 (no ECI): eigenvalues of the
/// symmetric problem lie in [0, 1] and are accurate to about 1e-15 there.
const MIN_SECOND_EIGENVALUE: f64 = 1e-10;
/// Below this |corr(diversity, kc)| the ECI sign is treated as undefined.
const MIN_SIGN_CORRELATION: f64 = 1e-10;

pub(crate) fn compute_period(
    panel: &Panel,
    layout: &PeriodLayout,
    options: &Options,
) -> Result<PeriodResult, ComplexityError> {
    let time = panel.times.name(layout.time).to_owned();
    let par = if options.parallel {
        Par::rayon(0)
    } else {
        Par::Seq
    };

    let dense = Dense::build(panel, layout);
    let (n, p) = dense.value.shape();
    if n == 0 {
        return Err(ComplexityError::AllZero { time });
    }
    let pres = presence(
        dense.value,
        options.threshold,
        options.convention == Convention::Stata,
    );
    check_presence(&pres, &time)?;
    let d = &pres.diversity;
    let u = &pres.ubiquity;

    let eig = second_eigenvector(&pres.mcp, d, u, par)
        .map_err(|_| ComplexityError::NoConvergence { time: time.clone() })?;
    if eig.second.is_nan() || eig.second <= MIN_SECOND_EIGENVALUE {
        return Err(ComplexityError::Degenerate {
            time,
            reason: "the second eigenvalue is 0: presence carries no structure beyond the totals (e.g. every location has every product)",
        });
    }
    let mut kp = eig.kp;
    let mut kc = country_vector(&pres.mcp, d, &kp);
    let kc_valid = orient(d, &mut kp, &mut kc, &time)?;
    let (mean, sd) = scale(&kc_valid, options.convention, p);
    if !(sd > 0.0 && sd.is_finite()) {
        return Err(ComplexityError::Degenerate {
            time,
            reason: "the country eigenvector is constant",
        });
    }

    let columns = Columns::new(&pres.mcp);
    let phi = proximity(&columns, n, u, options.convention.proximity_diagonal());
    let mut out = outlook(&pres.mcp, &columns, &phi, &kp, par);
    drop(columns);
    let coi_raw = coi(&pres.mcp, &out, &kp);
    let (coi_mean, coi_sd) = scale(&coi_raw, options.convention, p);
    let coi_defined = coi_sd > 0.0 && coi_sd.is_finite();
    for j in 0..p {
        let mut col = out.matrix.col_mut(j);
        for i in n..2 * n {
            col[i] /= sd;
        }
    }
    let scaled = Scaled {
        eci_scale: (mean, sd),
        coi: coi_defined.then_some((coi_raw.as_slice(), coi_mean, coi_sd)),
        kc: &kc,
        kp: &kp,
    };
    let locations = scaled.locations(panel, layout, &dense.location_slot, &pres);
    let products = scaled.products(panel, layout, &dense.product_slot, &pres);

    Ok(PeriodResult {
        time,
        locations,
        products,
        spectrum: Spectrum {
            second: eig.second,
            third: eig.third,
        },
        eci_scale: (mean, sd),
        location_slot: dense.location_slot,
        product_slot: dense.product_slot,
        value: pres.value,
        rca: pres.rca,
        mcp: pres.mcp,
        outlook: out.matrix,
        density_defined: out.density_defined,
        proximity: phi,
    })
}

/// The period's values as a dense matrix over the locations and products with a positive
/// total (the others are left out).
struct Dense {
    value: Mat<f64>,
    /// Row of each of the period's locations (`layout.locations` order), `None` if left out.
    location_slot: Vec<Option<usize>>,
    /// Column of each of the period's products, `None` if left out.
    product_slot: Vec<Option<usize>>,
}

impl Dense {
    fn build(panel: &Panel, layout: &PeriodLayout) -> Dense {
        // Local index of every global id in the period; then keep the codes with a positive
        // total.
        let mut loc_local = vec![usize::MAX; panel.locations.names.len()];
        for (k, &id) in layout.locations.iter().enumerate() {
            loc_local[id as usize] = k;
        }
        let mut prod_local = vec![usize::MAX; panel.products.names.len()];
        for (k, &id) in layout.products.iter().enumerate() {
            prod_local[id as usize] = k;
        }
        let mut loc_positive = vec![false; layout.locations.len()];
        let mut prod_positive = vec![false; layout.products.len()];
        for &r in &layout.rows {
            let row = &panel.rows[r as usize];
            if row.value > 0.0 {
                loc_positive[loc_local[row.location as usize]] = true;
                prod_positive[prod_local[row.product as usize]] = true;
            }
        }
        let location_slot = slots(&loc_positive);
        let product_slot = slots(&prod_positive);
        let n = loc_positive.iter().filter(|&&b| b).count();
        let p = prod_positive.iter().filter(|&&b| b).count();
        let mut value = Mat::<f64>::zeros(n, p);
        for &r in &layout.rows {
            let row = &panel.rows[r as usize];
            let slots = (
                location_slot[loc_local[row.location as usize]],
                product_slot[prod_local[row.product as usize]],
            );
            if let (Some(i), Some(j)) = slots {
                value[(i, j)] = row.value;
            }
        }
        Dense {
            value,
            location_slot,
            product_slot,
        }
    }
}

/// RCA must be finite, and at least two locations and two products must have a presence.
fn check_presence(pres: &Presence, time: &str) -> Result<(), ComplexityError> {
    if !pres.rca.col_iter().all(|c| c.iter().all(|x| x.is_finite())) {
        return Err(ComplexityError::Overflow {
            time: time.to_owned(),
        });
    }
    let valid_locations = pres.diversity.iter().filter(|&&x| x > 0.0).count();
    let valid_products = pres.ubiquity.iter().filter(|&&x| x > 0.0).count();
    if valid_locations < 2 {
        return Err(ComplexityError::TooFewLocations {
            time: time.to_owned(),
            count: valid_locations,
        });
    }
    if valid_products < 2 {
        return Err(ComplexityError::TooFewProducts {
            time: time.to_owned(),
            count: valid_products,
        });
    }
    Ok(())
}

/// Gives the eigenvectors their sign: ECI must correlate positively with diversity
/// (py-ecomplexity and Stata). Flips `kp` and `kc` if needed; returns `kc` over the locations
/// with a positive diversity, oriented.
fn orient(
    d: &[f64],
    kp: &mut [f64],
    kc: &mut [f64],
    time: &str,
) -> Result<Vec<f64>, ComplexityError> {
    let valid_kc: Vec<(f64, f64)> = d
        .iter()
        .zip(kc.iter())
        .filter(|&(&di, _)| di > 0.0)
        .map(|(&di, &k)| (di, k))
        .collect();
    let mean_d = valid_kc.iter().map(|x| x.0).sum::<f64>() / valid_kc.len() as f64;
    let mean_k = valid_kc.iter().map(|x| x.1).sum::<f64>() / valid_kc.len() as f64;
    let (mut cov, mut ss_d, mut ss_k) = (0.0, 0.0, 0.0);
    for &(di, k) in &valid_kc {
        cov += (di - mean_d) * (k - mean_k);
        ss_d += (di - mean_d) * (di - mean_d);
        ss_k += (k - mean_k) * (k - mean_k);
    }
    let corr = cov / (ss_d * ss_k).sqrt();
    // Round-off leaves ~1e-16 of correlation where it is exactly 0 in theory.
    if corr.is_nan() || corr.abs() <= MIN_SIGN_CORRELATION {
        return Err(ComplexityError::Degenerate {
            time: time.to_owned(),
            reason: "the eigenvector does not correlate with diversity (e.g. every location has the same diversity), so the ECI sign is undefined",
        });
    }
    if cov < 0.0 {
        kp.iter_mut().for_each(|x| *x = -*x);
        kc.iter_mut().for_each(|x| *x = -*x);
    }
    Ok(valid_kc
        .iter()
        .map(|&(_, k)| if cov < 0.0 { -k } else { k })
        .collect())
}

/// The oriented eigenvectors and how they are scaled into ECI, PCI and COI.
struct Scaled<'a> {
    /// Mean and sd of the country vector: `eci = (kc - mean) / sd`, likewise PCI.
    eci_scale: (f64, f64),
    /// Raw COI with its mean and sd, when it is not constant.
    coi: Option<(&'a [f64], f64, f64)>,
    kc: &'a [f64],
    kp: &'a [f64],
}

impl Scaled<'_> {
    /// One result per location of the period, left-out ones with `None`s.
    fn locations(
        &self,
        panel: &Panel,
        layout: &PeriodLayout,
        location_slot: &[Option<usize>],
        pres: &Presence,
    ) -> Vec<LocationResult> {
        let (mean, sd) = self.eci_scale;
        let d = &pres.diversity;
        layout
            .locations
            .iter()
            .zip(location_slot)
            .map(|(&id, slot)| {
                let code = panel.locations.name(id).to_owned();
                match *slot {
                    Some(i) => LocationResult {
                        code,
                        total: pres.location_total[i],
                        diversity: Some(d[i] as u32),
                        eci: (d[i] > 0.0).then(|| (self.kc[i] - mean) / sd),
                        coi: self
                            .coi
                            .map(|(coi_raw, coi_mean, coi_sd)| (coi_raw[i] - coi_mean) / coi_sd),
                    },
                    None => LocationResult {
                        code,
                        total: 0.0,
                        diversity: None,
                        eci: None,
                        coi: None,
                    },
                }
            })
            .collect()
    }

    /// One result per product of the period, left-out ones with `None`s.
    fn products(
        &self,
        panel: &Panel,
        layout: &PeriodLayout,
        product_slot: &[Option<usize>],
        pres: &Presence,
    ) -> Vec<ProductResult> {
        let (mean, sd) = self.eci_scale;
        let u = &pres.ubiquity;
        layout
            .products
            .iter()
            .zip(product_slot)
            .map(|(&id, slot)| {
                let code = panel.products.name(id).to_owned();
                match *slot {
                    Some(j) => ProductResult {
                        code,
                        total: pres.product_total[j],
                        ubiquity: Some(u[j] as u32),
                        pci: (u[j] > 0.0).then(|| (self.kp[j] - mean) / sd),
                    },
                    None => ProductResult {
                        code,
                        total: 0.0,
                        ubiquity: None,
                        pci: None,
                    },
                }
            })
            .collect()
    }
}

/// Dense index of each kept entry, `None` for the others.
fn slots(kept: &[bool]) -> Vec<Option<usize>> {
    let mut next = 0;
    kept.iter()
        .map(|&k| {
            k.then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// Mean and standard deviation used to normalise a per-location vector.
///
/// py-ecomplexity: numpy `mean` and `std` (ddof 0) over locations. Stata: `summarize` over
/// the rectangular location x product rows, i.e. the same mean and the sample sd over
/// `n * products` rows, which is the ddof-0 sd times `sqrt(n P / (n P - 1))`.
fn scale(x: &[f64], convention: Convention, products: usize) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let ss: f64 = x.iter().map(|&v| (v - mean) * (v - mean)).sum();
    let sd = match convention {
        Convention::PyEcomplexity => (ss / n).sqrt(),
        Convention::Stata => {
            let rows = n * products as f64;
            (ss * products as f64 / (rows - 1.0)).sqrt()
        }
    };
    (mean, sd)
}
