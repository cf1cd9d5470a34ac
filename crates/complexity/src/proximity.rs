//! Product proximity, density, complexity outlook gain (COG) and index (COI).
//!
//! Proximity is `phi_pq = C_pq / max(k_p, k_q)` with the co-occurrence counts `C = M^T M`.
//! The counts are taken with bitsets and popcounts and kept as small integers (packed upper
//! triangle); `phi` is never materialised on the usual path.
//!
//! Density and COG need sums `sum_k Y_ck phi_kq` over all cells `(c, q)`, for a weight
//! matrix `Y` (`Y = M` for density, `Y = (1 - M) diag(g)` for COG). A dense product costs
//! `n P^2`. With the products ordered by ubiquity, `max(k_k, k_q)` is the ubiquity of
//! whichever of `k`, `q` comes later, so, writing `C_kq = sum_c' M_c'k M_c'q`,
//!
//! ```text
//! sum_{k != q} Y_ck phi_kq = (1 / k_q) sum_{c' in q} G_q[c, c'] + sum_{c' in q} H_q[c, c']
//! G_q[c, c'] = sum_{k before q} Y_ck M_c'k,   H_q[c, c'] = sum_{k after q} Y_ck M_c'k / k_k
//! ```
//!
//! where `c' in q` runs over the locations with `M_c'q = 1`. `G` and `H` are `n x n` running
//! sums updated once per product, so the whole matrix costs `O(n * nnz(M))` instead of
//! `O(n P^2)` ([`OrderedSums`]). When locations outnumber products enough for the dense
//! product to be cheaper, [`outlook`] falls back to it.

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, Par};

/// Co-occurrence counts of a period and the ubiquities, giving the proximity of any pair.
#[derive(Debug, Clone)]
pub(crate) struct Proximity {
    /// `C_ab` for `a <= b`, row `a` holding `b = a..p`, at `a (2p + 1 - a) / 2 + (b - a)`.
    counts: Counts,
    ubiquity: Vec<f64>,
    diagonal: f64,
}

#[derive(Debug, Clone)]
enum Counts {
    /// Counts fit in 16 bits when there are fewer than 65,536 locations.
    Small(Vec<u16>),
    Large(Vec<u32>),
}

impl Proximity {
    /// `phi_ab` (0 when both ubiquities are 0; the diagonal is the convention's constant).
    pub(crate) fn get(&self, a: usize, b: usize) -> f64 {
        if a == b {
            return self.diagonal;
        }
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let p = self.ubiquity.len();
        let at = a * (2 * p + 1 - a) / 2 + (b - a);
        let count = match &self.counts {
            Counts::Small(c) => f64::from(c[at]),
            Counts::Large(c) => f64::from(c[at]),
        };
        let m = self.ubiquity[a].max(self.ubiquity[b]);
        if m > 0.0 { count / m } else { 0.0 }
    }

    /// The dense `P x P` matrix (used only by the dense fallback of [`outlook`]).
    fn dense(&self) -> Mat<f64> {
        let p = self.ubiquity.len();
        Mat::from_fn(p, p, |i, j| self.get(i, j))
    }
}

/// Locations present in each product: a compressed sparse column view of `mcp`.
pub(crate) struct Columns {
    start: Vec<usize>,
    rows: Vec<u32>,
}

impl Columns {
    pub(crate) fn new(mcp: &Mat<f64>) -> Self {
        let mut start = Vec::with_capacity(mcp.ncols() + 1);
        let mut rows = Vec::new();
        start.push(0);
        for j in 0..mcp.ncols() {
            rows.extend(
                mcp.col_as_slice(j)
                    .iter()
                    .enumerate()
                    .filter(|&(_, &m)| m > 0.5)
                    .map(|(i, _)| i as u32),
            );
            start.push(rows.len());
        }
        Self { start, rows }
    }

    fn col(&self, j: usize) -> &[u32] {
        &self.rows[self.start[j]..self.start[j + 1]]
    }

    fn nnz(&self) -> usize {
        self.rows.len()
    }
}

/// `phi_pq = |{c: M_cp = M_cq = 1}| / max(k_p, k_q)` (0 when both ubiquities are 0), with the
/// diagonal set to `diagonal` (1 in py-ecomplexity, 0 in Stata). Counts are exact integers,
/// so `phi` is bit for bit the quotient of two exact doubles, as before.
pub(crate) fn proximity(columns: &Columns, n: usize, ubiquity: &[f64], diagonal: f64) -> Proximity {
    let p = ubiquity.len();
    let words = n.div_ceil(64).max(1);
    let mut bits = vec![0u64; p * words];
    for j in 0..p {
        let b = &mut bits[j * words..(j + 1) * words];
        for &i in columns.col(j) {
            b[i as usize / 64] |= 1 << (i % 64);
        }
    }
    let len = p * (p + 1) / 2;
    let counts = if n <= usize::from(u16::MAX) {
        let mut c = vec![0u16; len];
        co_occurrence(&bits, words, p, &mut c, |x| x as u16);
        Counts::Small(c)
    } else {
        let mut c = vec![0u32; len];
        co_occurrence(&bits, words, p, &mut c, |x| x);
        Counts::Large(c)
    };
    Proximity {
        counts,
        ubiquity: ubiquity.to_vec(),
        diagonal,
    }
}

/// [`co_occurrence_generic`] with AVX-512 VPOPCNTDQ or the `popcnt` instruction when available.
fn co_occurrence<T, F: Fn(u32) -> T + Copy>(
    bits: &[u64],
    words: usize,
    p: usize,
    out: &mut [T],
    cast: F,
) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512vpopcntdq") {
            // SAFETY: the CPU supports AVX-512F and VPOPCNTDQ (checked just above).
            return unsafe { co_occurrence_avx512(bits, words, p, out, cast) };
        }
        if std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the CPU supports POPCNT (checked just above).
            return unsafe { co_occurrence_popcnt(bits, words, p, out, cast) };
        }
    }
    co_occurrence_generic(bits, words, p, out, cast);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vpopcntdq,popcnt")]
fn co_occurrence_avx512<T, F: Fn(u32) -> T + Copy>(
    bits: &[u64],
    words: usize,
    p: usize,
    out: &mut [T],
    cast: F,
) {
    co_occurrence_generic(bits, words, p, out, cast);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn co_occurrence_popcnt<T, F: Fn(u32) -> T + Copy>(
    bits: &[u64],
    words: usize,
    p: usize,
    out: &mut [T],
    cast: F,
) {
    co_occurrence_generic(bits, words, p, out, cast);
}

/// Upper triangle (with diagonal) of `B^T B` for the column bitsets `bits`, row by row.
#[inline(always)]
fn co_occurrence_generic<T, F: Fn(u32) -> T + Copy>(
    bits: &[u64],
    words: usize,
    p: usize,
    out: &mut [T],
    cast: F,
) {
    let mut at = 0;
    for a in 0..p {
        let row = &bits[a * words..(a + 1) * words];
        let rest = &bits[a * words..];
        let dst = &mut out[at..at + (p - a)];
        at += p - a;
        if words == 4 {
            // The common case (65..256 locations), unrolled.
            let r = [row[0], row[1], row[2], row[3]];
            for (d, c) in dst.iter_mut().zip(rest.chunks_exact(4)) {
                *d = cast(
                    (r[0] & c[0]).count_ones()
                        + (r[1] & c[1]).count_ones()
                        + (r[2] & c[2]).count_ones()
                        + (r[3] & c[3]).count_ones(),
                );
            }
        } else {
            for (d, c) in dst.iter_mut().zip(rest.chunks_exact(words)) {
                *d = cast(row.iter().zip(c).map(|(x, y)| (x & y).count_ones()).sum());
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

/// `density_cp = sum_k M_ck phi_kp / sum_k phi_kp` and
/// `cog_cp = (1 - M_cp) sum_k (1 - M_ck) phi_kp g_k` with `g_k = kp_k / sum_j phi_kj`
/// (phi is symmetric). A product whose proximity row sums to 0 (possible only with a zero
/// diagonal) has no density and contributes nothing to COG.
pub(crate) fn outlook(
    mcp: &Mat<f64>,
    columns: &Columns,
    phi: &Proximity,
    kp: &[f64],
    par: Par,
) -> Outlook {
    let p = mcp.ncols();
    // Running sums cost about 8 n nnz(M) additions, the dense product 2 n P^2 multiply-adds
    // at about twice the speed per operation; measured break-even near 8 nnz = P^2.
    let sparse = 8 * columns.nnz() as u128 <= (p as u128) * (p as u128);
    if sparse {
        outlook_ordered(mcp, columns, phi, kp)
    } else {
        outlook_dense(mcp, &phi.dense(), kp, par)
    }
}

fn outlook_ordered(mcp: &Mat<f64>, columns: &Columns, phi: &Proximity, kp: &[f64]) -> Outlook {
    let (n, p) = mcp.shape();
    let u = &phi.ubiquity;
    let diag = phi.diagonal;
    let mut order: Vec<usize> = (0..p).collect();
    order.sort_by(|&a, &b| u[a].total_cmp(&u[b]));
    let inv: Vec<f64> = u
        .iter()
        .map(|&x| if x > 0.0 { 1.0 / x } else { 0.0 })
        .collect();
    let sums = OrderedSums {
        columns,
        n,
        inv: &inv,
        order: &order,
    };
    let mut out = Mat::<f64>::zeros(2 * n, p);

    // Density numerators with Y = [M; 1]: the extra row of ones gives the row sums of phi.
    let mut row_sum = vec![0.0; p];
    sums.run(
        n + 1,
        |q, start, dst| {
            let m = mcp.col_as_slice(q);
            let end = n.min(start + dst.len());
            let (top, ones) = dst.split_at_mut(end - start);
            top.copy_from_slice(&m[start..end]);
            ones.fill(1.0);
        },
        |q, start, src| {
            let end = n.min(start + src.len());
            let (top, sum) = src.split_at(end - start);
            out.col_as_slice_mut(q)[start..end].copy_from_slice(top);
            if let Some(&s) = sum.first() {
                row_sum[q] = s;
            }
        },
    );
    for (q, rs) in row_sum.iter_mut().enumerate() {
        *rs += diag;
        let (density, _) = out.col_as_slice_mut(q).split_at_mut(n);
        for (d, &m) in density.iter_mut().zip(mcp.col_as_slice(q)) {
            *d = if *rs > 0.0 {
                (*d + diag * m) / *rs
            } else {
                0.0
            };
        }
    }

    // COG with Y = (1 - M) diag(g), g_k = kp_k / sum_j phi_kj.
    let g: Vec<f64> = row_sum
        .iter()
        .zip(kp)
        .map(|(&rs, &k)| if rs > 0.0 { k / rs } else { 0.0 })
        .collect();
    sums.run(
        n,
        |q, start, dst| {
            let col = &mcp.col_as_slice(q)[start..start + dst.len()];
            for (d, &m) in dst.iter_mut().zip(col) {
                *d = (1.0 - m) * g[q];
            }
        },
        |q, start, src| {
            out.col_as_slice_mut(q)[n + start..n + start + src.len()].copy_from_slice(src);
        },
    );
    for (q, &gq) in g.iter().enumerate() {
        let (_, cog) = out.col_as_slice_mut(q).split_at_mut(n);
        for (c, &m) in cog.iter_mut().zip(mcp.col_as_slice(q)) {
            *c = (1.0 - m) * (*c + diag * ((1.0 - m) * gq));
        }
    }
    Outlook {
        matrix: out,
        density_defined: row_sum.iter().map(|&s| s > 0.0).collect(),
    }
}

/// Rows of `Y` handled together by [`block_sums`]: one AVX-512 vector; the running sums of
/// a block (`n` x 8 doubles) stay in the L1 cache for a few hundred locations.
const LANES: usize = 8;
type Block = [f64; LANES];

/// `z[r, q] = sum_{k != q} Y[r, k] C_kq / max(u_k, u_q)` for every row `r` of a weight matrix
/// `Y` and every product `q`, with `C = M^T M` given by `columns` (`n` locations), `inv` the
/// reciprocal ubiquities (0 for 0) and `order` the products sorted by ubiquity. See the
/// module docs.
struct OrderedSums<'a> {
    columns: &'a Columns,
    n: usize,
    inv: &'a [f64],
    order: &'a [usize],
}

impl OrderedSums<'_> {
    /// `Y` has `rows` rows; `fill(q, start, dst)` writes `Y[start.., q]` into `dst` (up to 8
    /// rows) and `emit(q, start, src)` receives `z[start.., q]`, block by block.
    fn run(
        &self,
        rows: usize,
        mut fill: impl FnMut(usize, usize, &mut [f64]),
        mut emit: impl FnMut(usize, usize, &[f64]),
    ) {
        let p = self.inv.len();
        let mut y_block = vec![[0.0; LANES]; p];
        let mut z_block = vec![[0.0; LANES]; p];
        let mut run = vec![[0.0; LANES]; self.n];
        for start in (0..rows).step_by(LANES) {
            let w = LANES.min(rows - start);
            for (q, yb) in y_block.iter_mut().enumerate() {
                fill(q, start, &mut yb[..w]);
            }
            block_sums(
                &y_block,
                self.columns,
                self.inv,
                self.order,
                &mut run,
                &mut z_block,
            );
            for (q, zb) in z_block.iter().enumerate() {
                emit(q, start, &zb[..w]);
            }
        }
    }
}

/// [`block_sums_generic`] compiled for the widest vector unit available. The arithmetic is
/// the same lane by lane (no fused multiply-add), so every version gives identical results.
fn block_sums(
    y: &[Block],
    columns: &Columns,
    inv: &[f64],
    order: &[usize],
    run: &mut [Block],
    z: &mut [Block],
) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU supports AVX-512F (checked just above).
            return unsafe { block_sums_avx512(y, columns, inv, order, run, z) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            return unsafe { block_sums_avx2(y, columns, inv, order, run, z) };
        }
    }
    block_sums_generic(y, columns, inv, order, run, z);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn block_sums_avx512(
    y: &[Block],
    columns: &Columns,
    inv: &[f64],
    order: &[usize],
    run: &mut [Block],
    z: &mut [Block],
) {
    block_sums_generic(y, columns, inv, order, run, z);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn block_sums_avx2(
    y: &[Block],
    columns: &Columns,
    inv: &[f64],
    order: &[usize],
    run: &mut [Block],
    z: &mut [Block],
) {
    block_sums_generic(y, columns, inv, order, run, z);
}

/// One block of 8 rows: forward pass over the products in `order` (earlier products, divided
/// by this product's ubiquity), then backward (later products, each divided by its own).
#[inline(always)]
fn block_sums_generic(
    y: &[Block],
    columns: &Columns,
    inv: &[f64],
    order: &[usize],
    run: &mut [Block],
    z: &mut [Block],
) {
    run.fill([0.0; LANES]);
    for &q in order {
        let acc = gather_add(run, columns.col(q), &y[q]);
        let s = inv[q];
        for l in 0..LANES {
            z[q][l] = acc[l] * s;
        }
    }
    run.fill([0.0; LANES]);
    for &q in order.iter().rev() {
        let s = inv[q];
        let mut yq = y[q];
        for v in &mut yq {
            *v *= s;
        }
        let acc = gather_add(run, columns.col(q), &yq);
        for l in 0..LANES {
            z[q][l] += acc[l];
        }
    }
}

/// Returns `sum_{c in present} run[c]` (before the update) and adds `y` to each `run[c]`.
/// Four independent accumulators hide the latency of the additions.
#[inline(always)]
fn gather_add(run: &mut [Block], present: &[u32], y: &Block) -> Block {
    let mut acc = [[0.0; LANES]; 4];
    let mut chunks = present.chunks_exact(4);
    for chunk in &mut chunks {
        for (a, &c) in acc.iter_mut().zip(chunk) {
            let r = &mut run[c as usize];
            for l in 0..LANES {
                a[l] += r[l];
                r[l] += y[l];
            }
        }
    }
    for &c in chunks.remainder() {
        let r = &mut run[c as usize];
        for l in 0..LANES {
            acc[0][l] += r[l];
            r[l] += y[l];
        }
    }
    let mut out = [0.0; LANES];
    for l in 0..LANES {
        out[l] = (acc[0][l] + acc[1][l]) + (acc[2][l] + acc[3][l]);
    }
    out
}

/// One product `[M ; (1 - M) diag(g)] * phi`: cheaper than [`outlook_ordered`] when there
/// are many locations per product.
fn outlook_dense(mcp: &Mat<f64>, phi: &Mat<f64>, kp: &[f64], par: Par) -> Outlook {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64.
    struct Rng(u64);

    impl Rng {
        fn unit(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// The running-sum path against the dense product and against the definitions, on
    /// random presence matrices with empty rows and columns, ties in ubiquity, sizes that
    /// are not multiples of the 8-row block, and both proximity diagonals.
    #[test]
    fn ordered_sums_match_dense_product() {
        let mut rng = Rng(7);
        for case in 0..60 {
            let n = 2 + case % 23;
            let p = 2 + (case * 7) % 41;
            let share = 0.05 + 0.9 * rng.unit();
            let mut mcp = Mat::<f64>::from_fn(n, p, |_, _| f64::from(u8::from(rng.unit() < share)));
            // An empty product column and an empty location row in some cases.
            if case % 3 == 0 {
                mcp.col_mut(p / 2).fill(0.0);
            }
            if case % 4 == 0 {
                mcp.row_mut(n / 2).fill(0.0);
            }
            let u: Vec<f64> = (0..p).map(|j| mcp.col(j).sum()).collect();
            let kp: Vec<f64> = (0..p).map(|_| rng.unit() - 0.5).collect();
            let columns = Columns::new(&mcp);
            for diagonal in [1.0, 0.0] {
                let phi = proximity(&columns, n, &u, diagonal);
                let dense = phi.dense();
                for i in 0..p {
                    for j in 0..p {
                        let count: f64 = (0..n).map(|c| mcp[(c, i)] * mcp[(c, j)]).sum();
                        let m = u[i].max(u[j]);
                        let want = if i == j {
                            diagonal
                        } else if m > 0.0 {
                            count / m
                        } else {
                            0.0
                        };
                        assert_eq!(dense[(i, j)], want, "phi {i} {j}");
                    }
                }
                let a = outlook_ordered(&mcp, &columns, &phi, &kp);
                let b = outlook_dense(&mcp, &dense, &kp, Par::Seq);
                assert_eq!(a.density_defined, b.density_defined);
                for j in 0..p {
                    for i in 0..2 * n {
                        let (x, y) = (a.matrix[(i, j)], b.matrix[(i, j)]);
                        assert!((x - y).abs() <= 1e-13, "case {case} ({i}, {j}): {x} vs {y}");
                    }
                }
            }
        }
    }

    /// The vectorised versions picked at run time agree bit for bit with the portable code.
    #[test]
    fn dispatched_kernels_match_portable_code() {
        let mut rng = Rng(11);
        for words in 1..6 {
            let p = 37;
            let bits: Vec<u64> = (0..p * words)
                .map(|_| (rng.unit() * u64::MAX as f64) as u64)
                .collect();
            let len = p * (p + 1) / 2;
            let (mut a, mut b) = (vec![0u32; len], vec![0u32; len]);
            co_occurrence(&bits, words, p, &mut a, |x| x);
            co_occurrence_generic(&bits, words, p, &mut b, |x| x);
            assert_eq!(a, b);
        }
        let (n, p) = (19, 29);
        let mcp = Mat::<f64>::from_fn(n, p, |_, _| f64::from(u8::from(rng.unit() < 0.4)));
        let columns = Columns::new(&mcp);
        let inv: Vec<f64> = (0..p).map(|_| rng.unit()).collect();
        let order: Vec<usize> = (0..p).rev().collect();
        let y: Vec<Block> = (0..p)
            .map(|_| [0; LANES].map(|_| rng.unit() - 0.5))
            .collect();
        let (mut run, mut za, mut zb) = (
            vec![[0.0; LANES]; n],
            vec![[0.0; LANES]; p],
            vec![[0.0; LANES]; p],
        );
        block_sums(&y, &columns, &inv, &order, &mut run, &mut za);
        block_sums_generic(&y, &columns, &inv, &order, &mut run, &mut zb);
        assert_eq!(za, zb);
    }

    #[test]
    fn co_occurrence_counts_beyond_one_word() {
        // 130 locations: three 64-bit words per product, the general (not unrolled) loop.
        let n = 130;
        let mcp = Mat::<f64>::from_fn(n, 3, |i, j| f64::from(u8::from((i + j) % (j + 2) == 0)));
        let u: Vec<f64> = (0..3).map(|j| mcp.col(j).sum()).collect();
        let phi = proximity(&Columns::new(&mcp), n, &u, 1.0);
        for a in 0..3 {
            for b in 0..3 {
                let count: f64 = (0..n).map(|c| mcp[(c, a)] * mcp[(c, b)]).sum();
                let want = if a == b { 1.0 } else { count / u[a].max(u[b]) };
                assert_eq!(phi.get(a, b), want);
            }
        }
    }
}
