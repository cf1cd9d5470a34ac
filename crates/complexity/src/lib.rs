//! Economic-complexity engine: RCA, presence, diversity, ubiquity, ECI, PCI, product
//! proximity, density, COI and COG, per period, from a long (time, location, product, value)
//! table. Pure: plain structs in, plain structs out, no I/O.
//!
//! Validated against py-ecomplexity 0.5.3 (Harvard Growth Lab), whose conventions are the
//! default, and against the R package economiccomplexity 2.0.0 (see `tests/reference.rs`).
//!
//! ```
//! use liantu_complexity::{Options, Panel, compute};
//!
//! let mut panel = Panel::new();
//! for (loc, prod, v) in [
//!     ("a", "p1", 10.0),
//!     ("b", "p1", 6.0), ("b", "p2", 4.0),
//!     ("c", "p2", 5.0), ("c", "p3", 5.0),
//!     ("d", "p1", 1.0), ("d", "p2", 4.0), ("d", "p3", 5.0),
//! ] {
//!     panel.push("2000", loc, prod, v);
//! }
//! let periods = compute(&panel, &Options::default())?;
//! let year = &periods[0];
//! let a = year.location_index("a").unwrap();
//! let c = year.location_index("c").unwrap();
//! // "a" exports only p1, which b also exports: it is the least complex location.
//! assert!(year.locations[a].eci < year.locations[c].eci);
//! let cell = year.cell(a, year.product_index("p1").unwrap()).unwrap();
//! assert!(cell.mcp && cell.rca > 1.0);
//! # Ok::<(), liantu_complexity::ComplexityError>(())
//! ```
//!
//! # Definitions (py-ecomplexity 0.5.3 convention, the default)
//!
//! Per period, over the locations and products with a positive total:
//!
//! * `rca_cp = (X_cp / X_c.) / (X_.p / X_..)`; `M_cp = 1` if `rca_cp >= threshold`.
//! * diversity `k_c = sum_p M_cp`, ubiquity `k_p = sum_c M_cp`.
//! * `kp` = eigenvector of the second-largest eigenvalue of `D_u^-1 M^T D_d^-1 M`, computed
//!   from the symmetric form on the smaller side; `kc = D_d^-1 M kp`; both flipped so that
//!   `corr(k_c, kc) > 0`. With `m = mean(kc)`, `sd = std(kc)` (ddof 0):
//!   `eci = (kc - m) / sd`, `pci = (kp - m) / sd` (PCI uses ECI's mean and sd, so that ECI is
//!   the mean PCI of the location's present products).
//! * proximity `phi_pq = |{c: M_cp = M_cq = 1}| / max(k_p, k_q)`, diagonal 1.
//! * density `omega_cp = sum_k M_ck phi_kp / sum_k phi_kp`.
//! * COI: z-score (ddof 0) over locations of `sum_p omega_cp (1 - M_cp) kp_p` (raw `kp`).
//! * COG: `(1 - M_cp) sum_k (1 - M_ck) phi_pk kp_k / (sum_j phi_kj)`, divided by `sd`.
//!
//! # [`Convention::Stata`] (the Harvard `ecomplexity` Stata command)
//!
//! Differs only where the Stata code does: presence is `rca > threshold` (strict); the
//! proximity diagonal is 0, which also removes the product itself from density and COG;
//! and means/sds come from Stata's `summarize` over the rectangular location x product rows:
//! same means, sample sd over `n * P` rows (`sd_stata = sd_ddof0 * sqrt(nP / (nP - 1))`),
//! used for ECI/PCI/COG and for COI.
//!
//! # Rules for awkward input (each is tested)
//!
//! * Negative, NaN or infinite values, duplicate (time, location, product) keys, an empty
//!   panel, a negative/NaN threshold: [`ComplexityError`] before anything is computed.
//! * Periods are processed in byte order of `time`; locations and products in byte order of
//!   their codes. Results do not depend on row order.
//! * A location or product whose total in the period is 0 (all its rows are 0) is left out of
//!   every computation and reported with `None` fields (py-ecomplexity drops them the same way).
//! * A kept location with diversity 0 or product with ubiquity 0 (possible when the threshold
//!   is above 1, or with the strict Stata test) keeps RCA, presence, density and COG but gets
//!   `eci`/`pci` = `None`, and is left out of ECI's mean and sd; such a product contributes
//!   nothing to COI/COG. (py-ecomplexity returns NaN for the whole period here.)
//! * Fewer than two locations or products with a positive total and a present entry:
//!   [`ComplexityError::TooFewLocations`] / [`ComplexityError::TooFewProducts`]; a period
//!   whose values are all 0: [`ComplexityError::AllZero`].
//! * Second eigenvalue ≈ 0 (e.g. every location has every product), or an eigenvector with
//!   zero correlation with diversity (ECI sign undefined, e.g. equal diversities):
//!   [`ComplexityError::Degenerate`]. py-ecomplexity returns NaN or an arbitrary sign there.
//! * The second eigenvalue may be (nearly) repeated, e.g. a network split into three or more
//!   disconnected blocks; ECI is then not unique. [`PeriodResult::spectrum`] reports the
//!   second and third eigenvalues so callers can check the gap.
//! * COI constant over locations (z-score undefined): `coi = None` for the period.
//! * Stata only: a product whose proximities to all others are 0 has `density = None`.
//!
//! # Cost
//!
//! Per period with `n` locations, `P` products, `s = min(n, P)` and `nnz` present cells:
//!
//! * RCA and presence: `O(n P)`.
//! * Proximity: co-occurrence counts `M^T M` by bitset popcounts (`P^2 / 2` pairs of
//!   `n / 64` words), kept as 16-bit counts (32-bit above 65,535 locations) in a packed
//!   triangle; `phi` is one division per lookup, bit for bit the value a float product gives.
//! * ECI/PCI: one `s x s` Gram matrix (`s^2 max(n, P) / 2` multiply-adds) and one `s x s`
//!   symmetric eigendecomposition.
//! * Density and COG: running sums over the products sorted by ubiquity, `O(n nnz)`
//!   (see `proximity.rs`); when `8 nnz > P^2` (many locations per product) the dense
//!   `2n x P x P` product is cheaper and is used instead.
//!
//! Peak memory is about `8 (6 n P + 3 s^2) + P^2` bytes (plus `8 P^2` on the dense
//! route), of which `8 (5 n P) + P^2` stay in the [`PeriodResult`]. Use [`periods`] to
//! handle one period at a time. Measured single-threaded (`benches/README.md`): 250 x 5,000
//! in 0.13–0.17 s of CPU per period (7x less than the dense route; py-ecomplexity needs
//! over a minute) with a peak under 160 MiB for the whole process; the real 226 x 785 table
//! in about 15 ms.

mod eigen;
mod error;
mod panel;
mod period;
mod proximity;
mod rca;
mod result;

pub use error::ComplexityError;
pub use panel::{Observation, Panel};
pub use result::{Cell, LocationResult, PeriodResult, ProductResult, Spectrum};

/// Which reference implementation's conventions to follow (see the crate docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Convention {
    /// py-ecomplexity 0.5.3: `rca >= threshold`, proximity diagonal 1, ddof-0 scaling.
    #[default]
    PyEcomplexity,
    /// Stata `ecomplexity`: `rca > threshold`, proximity diagonal 0, Stata `summarize` scaling.
    Stata,
}

impl Convention {
    fn proximity_diagonal(self) -> f64 {
        match self {
            Self::PyEcomplexity => 1.0,
            Self::Stata => 0.0,
        }
    }
}

/// Computation options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// RCA threshold for presence (default 1).
    pub threshold: f64,
    pub convention: Convention,
    /// Use all rayon threads for the matrix products and the eigensolver (default true). The
    /// density/COG running sums and the co-occurrence counts are single-threaded either way.
    pub parallel: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            threshold: 1.0,
            convention: Convention::PyEcomplexity,
            parallel: true,
        }
    }
}

impl Options {
    /// Default options with the Stata convention.
    pub fn stata() -> Self {
        Self {
            convention: Convention::Stata,
            ..Self::default()
        }
    }
}

/// Computes every period and collects the results (periods in byte order of `time`).
pub fn compute(panel: &Panel, options: &Options) -> Result<Vec<PeriodResult>, ComplexityError> {
    periods(panel, options)?.collect()
}

/// Validates the whole panel, then yields one period at a time, so that a caller can write
/// and drop each period's matrices before the next is computed.
pub fn periods<'a>(panel: &'a Panel, options: &Options) -> Result<Periods<'a>, ComplexityError> {
    if !(options.threshold.is_finite() && options.threshold >= 0.0) {
        return Err(ComplexityError::InvalidThreshold(options.threshold));
    }
    Ok(Periods {
        panel,
        options: *options,
        layouts: panel::layout(panel)?.into_iter(),
    })
}

/// Iterator over computed periods; see [`periods`].
pub struct Periods<'a> {
    panel: &'a Panel,
    options: Options,
    layouts: std::vec::IntoIter<panel::PeriodLayout>,
}

impl Iterator for Periods<'_> {
    type Item = Result<PeriodResult, ComplexityError>;

    fn next(&mut self) -> Option<Self::Item> {
        let layout = self.layouts.next()?;
        Some(period::compute_period(self.panel, &layout, &self.options))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.layouts.size_hint()
    }
}

impl ExactSizeIterator for Periods<'_> {}
