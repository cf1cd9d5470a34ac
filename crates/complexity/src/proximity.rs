//! Product proximity, density, complexity outlook gain (COG) and index (COI).

use faer::linalg::matmul::matmul;
use faer::linalg::matmul::triangular::{self, BlockStructure};
use faer::{Accum, Mat, Par};

/// `phi_pq = |{c: M_cp = M_cq = 1}| / max(k_p, k_q)` (0 when both ubiquities are 0), with the
/// diagonal set to `diagonal` (1 in py-ecomplexity, 0 in Stata).
pub(crate) fn proximity(mcp: &Mat<f64>, ubiquity: &[f64], diagonal: f64, par: Par) -> Mat<f64> {
    let p = mcp.ncols();
    // Only the lower triangle of the symmetric M^T M is computed, then mirrored. Counts are
    // small integers, so the product is exact in any summation order.
    let mut phi = Mat::<f64>::zeros(p, p);
    triangular::matmul(
        phi.as_mut(),
        BlockStructure::TriangularLower,
        Accum::Replace,
        mcp.transpose(),
        BlockStructure::Rectangular,
        mcp.as_ref(),
        BlockStructure::Rectangular,
        1.0,
        par,
    );
    for j in 0..p {
        let uj = ubiquity[j];
        let col = &mut phi.col_as_slice_mut(j)[j..];
        col[0] = diagonal;
        for (x, &ui) in col[1..].iter_mut().zip(&ubiquity[j + 1..]) {
            let m = uj.max(ui);
            *x = if m > 0.0 { *x / m } else { 0.0 };
        }
    }
    mirror_lower(&mut phi);
    phi
}

/// Copies the strict lower triangle onto the upper one, in cache-sized tiles.
fn mirror_lower(a: &mut Mat<f64>) {
    const TILE: usize = 64;
    let p = a.nrows();
    for jb in (0..p).step_by(TILE) {
        for ib in (jb..p).step_by(TILE) {
            for j in jb..(jb + TILE).min(p) {
                for i in ib.max(j + 1)..(ib + TILE).min(p) {
                    a[(j, i)] = a[(i, j)];
                }
            }
        }
    }
}

/// Density and COG of every cell.
pub(crate) struct Outlook {
    /// Rows `0..n`: density; rows `n..2n`: COG before the division by the ECI sd.
    pub(crate) matrix: Mat<f64>,
    /// Per product: whether its proximity row sum is positive (density is defined).
    pub(crate) density_defined: Vec<bool>,
}

/// One product `[M ; (1 - M) diag(g)] * phi` with `g_k = kp_k / sum_j phi_kj` gives both
/// `density_cp = sum_k M_ck phi_kp / sum_k phi_kp` and
/// `cog_cp = (1 - M_cp) sum_k (1 - M_ck) phi_kp kp_k / sum_j phi_kj` (phi is symmetric).
/// A product whose proximity row sums to 0 (possible only with a zero diagonal) has no
/// density and contributes nothing to COG.
pub(crate) fn outlook(mcp: &Mat<f64>, phi: &Mat<f64>, kp: &[f64], par: Par) -> Outlook {
    let (n, p) = mcp.shape();
    let row_sum: Vec<f64> = (0..p).map(|k| phi.col_as_slice(k).iter().sum()).collect();
    let mut y = Mat::<f64>::zeros(2 * n, p);
    for k in 0..p {
        let g = if row_sum[k] > 0.0 {
            kp[k] / row_sum[k]
        } else {
            0.0
        };
        let (top, bottom) = y.col_as_slice_mut(k).split_at_mut(n);
        for ((t, b), &m) in top.iter_mut().zip(bottom).zip(mcp.col_as_slice(k)) {
            *t = m;
            *b = (1.0 - m) * g;
        }
    }
    let mut z = Mat::<f64>::zeros(2 * n, p);
    matmul(
        z.as_mut(),
        Accum::Replace,
        y.as_ref(),
        phi.as_ref(),
        1.0,
        par,
    );
    drop(y);
    for (j, &rs) in row_sum.iter().enumerate() {
        let (density, cog) = z.col_as_slice_mut(j).split_at_mut(n);
        for ((d, c), &m) in density.iter_mut().zip(cog).zip(mcp.col_as_slice(j)) {
            *d = if rs > 0.0 { *d / rs } else { 0.0 };
            *c *= 1.0 - m;
        }
    }
    Outlook {
        matrix: z,
        density_defined: row_sum.iter().map(|&s| s > 0.0).collect(),
    }
}

/// Raw COI: `sum_p density_cp (1 - M_cp) kp_p` over products with a defined density.
pub(crate) fn coi(mcp: &Mat<f64>, outlook: &Outlook, kp: &[f64]) -> Vec<f64> {
    let n = mcp.nrows();
    let mut coi = vec![0.0; n];
    for (j, &k) in kp.iter().enumerate() {
        if !outlook.density_defined[j] {
            continue;
        }
        let density = &outlook.matrix.col_as_slice(j)[..n];
        for ((c, &d), &m) in coi.iter_mut().zip(density).zip(mcp.col_as_slice(j)) {
            *c += d * (1.0 - m) * k;
        }
    }
    coi
}
