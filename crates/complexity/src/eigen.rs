//! The ECI/PCI eigenproblem, solved in its symmetric form on the smaller side.
//!
//! py-ecomplexity diagonalises the non-symmetric `Mpp = D_u^-1 M^T D_d^-1 M`. With
//! `A = D_d^-1/2 M D_u^-1/2`, `Mpp` is similar to `A^T A` and the country matrix
//! `Mcc = D_d^-1 M D_u^-1 M^T` to `A A^T`: both symmetric, same non-zero eigenvalues. We
//! diagonalise whichever is smaller and map back: `kp = D_u^-1/2 v` (product side) or
//! `kc0 = D_d^-1/2 w`, `kp = D_u^-1 M^T kc0` (country side). Every output is invariant to
//! the eigenvector's scale and the sign is fixed afterwards, so both routes agree.

use faer::diag::Diag;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::evd::{self, ComputeEigenvectors};
use faer::linalg::matmul::triangular::{self, BlockStructure};
use faer::{Accum, Mat, Par};

pub(crate) struct SecondEigen {
    /// Raw (unsigned, unnormalised) product eigenvector; 0 where ubiquity is 0.
    pub(crate) kp: Vec<f64>,
    pub(crate) second: f64,
    /// Only when the chosen side has at least three rows with non-zero degree.
    pub(crate) third: Option<f64>,
}

/// `d` and `u` are the row and column sums of `mcp`; rows or columns with zero degree are
/// carried as zero rows of `A` (they only add zero eigenvalues below the ones we use).
pub(crate) fn second_eigenvector(
    mcp: &Mat<f64>,
    d: &[f64],
    u: &[f64],
    par: Par,
) -> Result<SecondEigen, evd::EvdError> {
    let (n, p) = mcp.shape();
    let inv_sqrt = |x: f64| if x > 0.0 { 1.0 / x.sqrt() } else { 0.0 };
    let sd: Vec<f64> = d.iter().map(|&x| inv_sqrt(x)).collect();
    let su: Vec<f64> = u.iter().map(|&x| inv_sqrt(x)).collect();
    let mut a = Mat::<f64>::zeros(n, p);
    for (j, &s_u) in su.iter().enumerate() {
        let col = a.col_as_slice_mut(j);
        for ((x, &m), &s_d) in col.iter_mut().zip(mcp.col_as_slice(j)).zip(&sd) {
            *x = m * s_d * s_u;
        }
    }
    let valid_d = d.iter().filter(|&&x| x > 0.0).count();
    let valid_u = u.iter().filter(|&&x| x > 0.0).count();
    let country_side = valid_d <= valid_u;

    let dim = if country_side { n } else { p };
    let mut s = Mat::<f64>::zeros(dim, dim);
    // The eigensolver reads the lower triangle only.
    let (lhs, rhs) = if country_side {
        (a.as_ref(), a.transpose())
    } else {
        (a.transpose(), a.as_ref())
    };
    triangular::matmul(
        s.as_mut(),
        BlockStructure::TriangularLower,
        Accum::Replace,
        lhs,
        BlockStructure::Rectangular,
        rhs,
        BlockStructure::Rectangular,
        1.0,
        par,
    );
    drop(a);

    let mut values = Diag::<f64>::zeros(dim);
    let mut vectors = Mat::<f64>::zeros(dim, dim);
    let scratch = evd::self_adjoint_evd_scratch::<f64>(
        dim,
        ComputeEigenvectors::Yes,
        par,
        Default::default(),
    );
    evd::self_adjoint_evd(
        s.as_ref(),
        values.as_mut(),
        Some(vectors.as_mut()),
        par,
        MemStack::new(&mut MemBuffer::new(scratch)),
        Default::default(),
    )?;
    // Eigenvalues come in nondecreasing order: the largest (1) is last, ours is next.
    let values = values.column_vector();
    let second = values[dim - 2];
    let valid = if country_side { valid_d } else { valid_u };
    let third = (valid >= 3).then(|| values[dim - 3]);
    let v = vectors.col(dim - 2);

    let kp = if country_side {
        let kc0: Vec<f64> = (0..n).map(|i| v[i] * sd[i]).collect();
        (0..p)
            .map(|j| {
                if u[j] > 0.0 {
                    let col = mcp.col_as_slice(j);
                    col.iter().zip(&kc0).map(|(m, k)| m * k).sum::<f64>() / u[j]
                } else {
                    0.0
                }
            })
            .collect()
    } else {
        (0..p).map(|j| v[j] * su[j]).collect()
    };
    Ok(SecondEigen { kp, second, third })
}

/// `kc = D_d^-1 M kp` (0 where diversity is 0), as py-ecomplexity computes it.
pub(crate) fn country_vector(mcp: &Mat<f64>, d: &[f64], kp: &[f64]) -> Vec<f64> {
    let mut kc = vec![0.0; mcp.nrows()];
    for (j, &k) in kp.iter().enumerate() {
        for (x, &m) in kc.iter_mut().zip(mcp.col_as_slice(j)) {
            *x += m * k;
        }
    }
    for (x, &di) in kc.iter_mut().zip(d) {
        *x = if di > 0.0 { *x / di } else { 0.0 };
    }
    kc
}
