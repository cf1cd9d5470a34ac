//! Balassa RCA, the presence matrix M, diversity and ubiquity.

use faer::Mat;

/// Dense per-period matrices over the kept locations (rows) and products (columns).
pub(crate) struct Presence {
    pub(crate) value: Mat<f64>,
    pub(crate) rca: Mat<f64>,
    /// 1.0 where present, 0.0 elsewhere (f64 so that it feeds matrix products directly).
    pub(crate) mcp: Mat<f64>,
    pub(crate) location_total: Vec<f64>,
    pub(crate) product_total: Vec<f64>,
    pub(crate) diversity: Vec<f64>,
    pub(crate) ubiquity: Vec<f64>,
}

/// `value` must have positive row and column sums (zero-total codes are removed before).
///
/// RCA is evaluated as `(x / row_total) / (column_total / grand_total)`, the same operation
/// order as py-ecomplexity, so that M agrees bit for bit at the threshold.
pub(crate) fn presence(value: Mat<f64>, threshold: f64, strict: bool) -> Presence {
    let (n, p) = value.shape();
    let mut location_total = vec![0.0; n];
    let mut product_total = vec![0.0; p];
    for (j, total) in product_total.iter_mut().enumerate() {
        for (lt, &x) in location_total.iter_mut().zip(value.col_as_slice(j)) {
            *lt += x;
            *total += x;
        }
    }
    let grand_total: f64 = product_total.iter().sum();
    let mut rca = Mat::<f64>::zeros(n, p);
    let mut mcp = Mat::<f64>::zeros(n, p);
    let mut diversity = vec![0.0; n];
    let mut ubiquity = vec![0.0; p];
    for j in 0..p {
        let share = product_total[j] / grand_total;
        let x = value.col_as_slice(j);
        let r = rca.col_as_slice_mut(j);
        for ((r, &x), &lt) in r.iter_mut().zip(x).zip(&location_total) {
            *r = (x / lt) / share;
        }
        let r = rca.col_as_slice(j);
        let m = mcp.col_as_slice_mut(j);
        let mut u = 0.0;
        for ((m, &r), d) in m.iter_mut().zip(r).zip(diversity.iter_mut()) {
            let present = if strict {
                r > threshold
            } else {
                r >= threshold
            };
            if present {
                *m = 1.0;
                *d += 1.0;
                u += 1.0;
            }
        }
        ubiquity[j] = u;
    }
    Presence {
        value,
        rca,
        mcp,
        location_total,
        product_total,
        diversity,
        ubiquity,
    }
}
