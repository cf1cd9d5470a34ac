//! Heat cascade (pinch) targets for a set of hot and cold process streams: the problem-table
//! algorithm and the same cascade as an LP solved by HiGHS (minimum hot utility subject to
//! non-negative heat flow down the temperature intervals). Used to check how much heat a site
//! or a park could recover before any exchange is proposed.

use crate::lp::{Direction, LpError, LpModel};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamType {
    Hot,
    Cold,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatStream {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: StreamType,
    pub t_supply_c: f64,
    pub t_target_c: f64,
    /// heat-capacity flow rate, kW/K
    pub cp_kw_per_k: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeatTargets {
    pub q_hot_min_kw: f64,
    pub q_cold_min_kw: f64,
    /// pinch in shifted temperature; None when no pinch (a threshold problem)
    pub pinch_shifted_c: Option<f64>,
    pub pinch_hot_c: Option<f64>,
    pub pinch_cold_c: Option<f64>,
    /// the same minimum hot utility from the LP cascade
    pub q_hot_min_lp_kw: f64,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HeatError {
    #[error(
        "热流 {0}：温度或热容流率无效（热流须降温、冷流须升温，CP > 0）/ stream {0}: invalid temperatures or CP (hot streams cool, cold streams heat up, CP > 0)"
    )]
    Stream(String),
    #[error("ΔTmin 必须为非负数 / dt_min must be non-negative")]
    DtMin,
    #[error(transparent)]
    Lp(#[from] LpError),
}

/// Minimum utilities and pinch for `streams` at minimum approach `dt_min` (K).
pub fn targets(streams: &[HeatStream], dt_min: f64) -> Result<HeatTargets, HeatError> {
    if !(dt_min.is_finite() && dt_min >= 0.0) {
        return Err(HeatError::DtMin);
    }
    // Shifted supply/target temperatures and signed CP (hot +, cold −).
    let mut shifted = Vec::with_capacity(streams.len());
    for s in streams {
        let ok = s.cp_kw_per_k.is_finite()
            && s.cp_kw_per_k > 0.0
            && s.t_supply_c.is_finite()
            && s.t_target_c.is_finite()
            && match s.kind {
                StreamType::Hot => s.t_supply_c > s.t_target_c,
                StreamType::Cold => s.t_supply_c < s.t_target_c,
            };
        if !ok {
            return Err(HeatError::Stream(s.name.clone()));
        }
        let (shift, sign) = match s.kind {
            StreamType::Hot => (-dt_min / 2.0, 1.0),
            StreamType::Cold => (dt_min / 2.0, -1.0),
        };
        let a = s.t_supply_c + shift;
        let b = s.t_target_c + shift;
        shifted.push((a.max(b), a.min(b), sign * s.cp_kw_per_k));
    }
    let mut bounds: Vec<f64> = shifted.iter().flat_map(|&(hi, lo, _)| [hi, lo]).collect();
    bounds.sort_by(|a, b| b.total_cmp(a));
    bounds.dedup();
    // Surplus of each interval (top down).
    let surplus: Vec<f64> = bounds
        .windows(2)
        .map(|w| {
            let (top, bottom) = (w[0], w[1]);
            let cp: f64 = shifted
                .iter()
                .filter(|&&(hi, lo, _)| hi >= top && lo <= bottom)
                .map(|&(_, _, cp)| cp)
                .sum();
            cp * (top - bottom)
        })
        .collect();
    // Problem table.
    let mut r = 0.0;
    let mut min_r: f64 = 0.0;
    let mut cum = Vec::with_capacity(surplus.len());
    for s in &surplus {
        r += s;
        cum.push(r);
        min_r = min_r.min(r);
    }
    let q_hot = -min_r;
    let q_cold = q_hot + surplus.iter().sum::<f64>();
    let tol = 1e-9 * (1.0 + q_hot.abs() + q_cold.abs());
    let pinch = if q_hot > tol && q_cold > tol {
        cum.iter()
            .position(|c| (c + q_hot).abs() <= tol)
            .map(|k| bounds[k + 1])
    } else {
        None
    };
    // LP cascade: min Qh, R_k = R_{k−1} + surplus_k, R_0 = Qh, R_k ≥ 0.
    let mut lp = LpModel::new(Direction::Minimise);
    let rows: Vec<usize> = surplus.iter().map(|&s| lp.add_row(s, s)).collect();
    // Qh enters row 0 with −1 (R_1 − Qh = s_1); R_k enters row k−1 with +1 and row k with −1.
    lp.add_col(1.0, 0.0, f64::INFINITY, false, &[(rows[0], -1.0)]);
    for k in 0..rows.len() {
        let mut e = vec![(rows[k], 1.0)];
        if k + 1 < rows.len() {
            e.push((rows[k + 1], -1.0));
        }
        lp.add_col(0.0, 0.0, f64::INFINITY, false, &e);
    }
    let q_hot_lp = if rows.is_empty() {
        0.0
    } else {
        lp.solve(30.0)?.objective
    };
    Ok(HeatTargets {
        q_hot_min_kw: q_hot,
        q_cold_min_kw: q_cold,
        pinch_shifted_c: pinch,
        pinch_hot_c: pinch.map(|t| t + dt_min / 2.0),
        pinch_cold_c: pinch.map(|t| t - dt_min / 2.0),
        q_hot_min_lp_kw: q_hot_lp,
    })
}

/// First law check of stated targets: Q_hot − Q_cold must equal total cold duty − total hot duty.
pub fn energy_balance_holds(streams: &[HeatStream], q_hot: f64, q_cold: f64) -> bool {
    let duty = |k: StreamType| -> f64 {
        streams
            .iter()
            .filter(|s| s.kind == k)
            .map(|s| s.cp_kw_per_k * (s.t_supply_c - s.t_target_c).abs())
            .sum()
    };
    let lhs = q_hot - q_cold;
    let rhs = duty(StreamType::Cold) - duty(StreamType::Hot);
    (lhs - rhs).abs() <= 1e-6 * (1.0 + rhs.abs())
}
