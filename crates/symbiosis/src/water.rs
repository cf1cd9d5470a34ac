//! Water reuse between operations (single contaminant, fixed-outlet-concentration LP): minimum
//! freshwater when an operation's outlet may feed another's inlet within its inlet limit.

use crate::lp::{Direction, LpError, LpModel};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// contaminant picked up, kg/h
    pub mass_load_kg_per_h: f64,
    pub c_in_max_ppm: f64,
    pub c_out_max_ppm: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WaterTargets {
    pub min_freshwater_t_per_h: f64,
    pub freshwater_without_reuse_t_per_h: f64,
    pub freshwater_t_per_h: Vec<f64>,
    /// reuse[i][j]: t/h from operation i's outlet to operation j's inlet
    pub reuse_t_per_h: Vec<Vec<f64>>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WaterError {
    #[error(
        "操作 {0}：须 0 ≤ 入口上限 < 出口上限，负荷 > 0 / operation {0}: need 0 ≤ c_in_max < c_out_max and a positive load"
    )]
    Operation(usize),
    #[error(transparent)]
    Lp(#[from] LpError),
}

/// Minimum freshwater with reuse (t/h), outlets at their maximum concentration.
pub fn min_freshwater(ops: &[Operation]) -> Result<WaterTargets, WaterError> {
    for (i, o) in ops.iter().enumerate() {
        let ok = o.mass_load_kg_per_h.is_finite()
            && o.mass_load_kg_per_h > 0.0
            && o.c_in_max_ppm >= 0.0
            && o.c_out_max_ppm.is_finite()
            && o.c_in_max_ppm < o.c_out_max_ppm;
        if !ok {
            return Err(WaterError::Operation(i + 1));
        }
    }
    let n = ops.len();
    // t/h × ppm × 1e-3 = kg/h
    let without: f64 = ops
        .iter()
        .map(|o| 1000.0 * o.mass_load_kg_per_h / o.c_out_max_ppm)
        .sum();
    let mut lp = LpModel::new(Direction::Minimise);
    let balance: Vec<usize> = (0..n).map(|_| lp.add_row(0.0, 0.0)).collect();
    let load: Vec<usize> = ops
        .iter()
        .map(|o| lp.add_row(1000.0 * o.mass_load_kg_per_h, 1000.0 * o.mass_load_kg_per_h))
        .collect();
    let inlet: Vec<usize> = (0..n).map(|_| lp.add_row(f64::NEG_INFINITY, 0.0)).collect();
    // freshwater to j: enters j's balance (+1), load (+c_out_j), inlet (−c_in_j)
    let fw: Vec<usize> = (0..n)
        .map(|j| {
            lp.add_col(
                1.0,
                0.0,
                f64::INFINITY,
                false,
                &[
                    (balance[j], 1.0),
                    (load[j], ops[j].c_out_max_ppm),
                    (inlet[j], -ops[j].c_in_max_ppm),
                ],
            )
        })
        .collect();
    let mut reuse_cols = vec![vec![None; n]; n];
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let ci = ops[i].c_out_max_ppm;
            let col = lp.add_col(
                0.0,
                0.0,
                f64::INFINITY,
                false,
                &[
                    (balance[j], 1.0),
                    (balance[i], -1.0),
                    (load[j], ops[j].c_out_max_ppm - ci),
                    (inlet[j], ci - ops[j].c_in_max_ppm),
                ],
            );
            reuse_cols[i][j] = Some(col);
        }
    }
    // wastewater from i
    for &b in &balance {
        lp.add_col(0.0, 0.0, f64::INFINITY, false, &[(b, -1.0)]);
    }
    let sol = lp.solve(30.0)?;
    Ok(WaterTargets {
        min_freshwater_t_per_h: sol.objective,
        freshwater_without_reuse_t_per_h: without,
        freshwater_t_per_h: fw.iter().map(|&c| sol.columns[c]).collect(),
        reuse_t_per_h: reuse_cols
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.map_or(0.0, |c| sol.columns[c]))
                    .collect()
            })
            .collect(),
    })
}
