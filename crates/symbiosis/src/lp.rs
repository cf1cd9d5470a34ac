//! A small column-wise LP/MIP model, solved by HiGHS (the `highs` crate) and written in CPLEX LP
//! format. Every optimisation in this crate — allocation, heat cascade, water reuse — goes
//! through here, so solver statuses are explained in words in one place.

use highs::{ColProblem, HighsModelStatus, Sense};
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Maximise,
    Minimise,
}

/// Column-wise sparse LP: add rows first, then columns with their row coefficients.
#[derive(Clone, Debug)]
pub struct LpModel {
    pub direction: Direction,
    pub cost: Vec<f64>,
    pub col_lower: Vec<f64>,
    pub col_upper: Vec<f64>,
    pub integer: Vec<bool>,
    pub row_lower: Vec<f64>,
    pub row_upper: Vec<f64>,
    /// CSC: entries of column k are `start[k]..start[k+1]`
    pub start: Vec<usize>,
    pub index: Vec<usize>,
    pub value: Vec<f64>,
}

/// The solver's answer for an optimal (or, for a MIP, best found) solution.
#[derive(Clone, Debug, Default)]
pub struct LpSolution {
    pub objective: f64,
    pub columns: Vec<f64>,
    pub rows: Vec<f64>,
    /// d objective / d row bound (shadow price), in the model's own direction; zero for a MIP
    pub row_duals: Vec<f64>,
    /// seconds spent inside HiGHS (pass model + run)
    pub solver_seconds: f64,
}

/// Why there is no optimal solution, in words.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LpError {
    #[error(
        "模型不可行：约束不能同时满足（例如需求的最低接收量超过了可得供给）/ the model is infeasible: its constraints cannot all hold (e.g. needs' minimum intake exceeds the supply they can get)"
    )]
    Infeasible,
    #[error(
        "模型无界：目标可以无限增大，某个变量缺少上限（例如供给或需求数量缺失）/ the model is unbounded: the objective can grow without limit because some variable has no upper bound (e.g. a missing supply or demand quantity)"
    )]
    Unbounded,
    #[error(
        "模型不可行或无界（求解器无法区分）/ the model is infeasible or unbounded (the solver could not tell which)"
    )]
    InfeasibleOrUnbounded,
    #[error("求解超时（{0} 秒）仍未得到最优解 / no optimal solution within the time limit ({0} s)")]
    TimeLimit(f64),
    #[error("求解器错误 / solver error: {0}")]
    Solver(String),
}

impl LpModel {
    pub fn new(direction: Direction) -> Self {
        LpModel {
            direction,
            cost: Vec::new(),
            col_lower: Vec::new(),
            col_upper: Vec::new(),
            integer: Vec::new(),
            row_lower: Vec::new(),
            row_upper: Vec::new(),
            start: vec![0],
            index: Vec::new(),
            value: Vec::new(),
        }
    }

    pub fn num_cols(&self) -> usize {
        self.cost.len()
    }

    pub fn num_rows(&self) -> usize {
        self.row_lower.len()
    }

    pub fn add_row(&mut self, lower: f64, upper: f64) -> usize {
        self.row_lower.push(lower);
        self.row_upper.push(upper);
        self.row_lower.len() - 1
    }

    pub fn add_col(
        &mut self,
        cost: f64,
        lower: f64,
        upper: f64,
        integer: bool,
        entries: &[(usize, f64)],
    ) -> usize {
        self.cost.push(cost);
        self.col_lower.push(lower);
        self.col_upper.push(upper);
        self.integer.push(integer);
        for &(r, v) in entries {
            self.index.push(r);
            self.value.push(v);
        }
        self.start.push(self.index.len());
        self.cost.len() - 1
    }

    pub fn is_mip(&self) -> bool {
        self.integer.iter().any(|&b| b)
    }

    /// Solves with HiGHS (quiet, one thread, time limit in seconds).
    pub fn solve(&self, time_limit_s: f64) -> Result<LpSolution, LpError> {
        if self.num_cols() == 0 {
            // Nothing to decide: feasible iff every row admits 0.
            if self
                .row_lower
                .iter()
                .zip(&self.row_upper)
                .any(|(&l, &u)| l > 1e-9 || u < -1e-9)
            {
                return Err(LpError::Infeasible);
            }
            return Ok(LpSolution {
                rows: vec![0.0; self.num_rows()],
                row_duals: vec![0.0; self.num_rows()],
                ..LpSolution::default()
            });
        }
        let started = std::time::Instant::now();
        let mut p = ColProblem::default();
        let rows: Vec<highs::Row> = self
            .row_lower
            .iter()
            .zip(&self.row_upper)
            .map(|(&l, &u)| p.add_row(l..=u))
            .collect();
        let mut entries: Vec<(highs::Row, f64)> = Vec::new();
        for k in 0..self.num_cols() {
            entries.clear();
            entries.extend(
                (self.start[k]..self.start[k + 1]).map(|e| (rows[self.index[e]], self.value[e])),
            );
            let bounds = self.col_lower[k]..=self.col_upper[k];
            p.add_column_with_integrality(self.cost[k], bounds, &entries, self.integer[k]);
        }
        let sense = match self.direction {
            Direction::Maximise => Sense::Maximise,
            Direction::Minimise => Sense::Minimise,
        };
        let mut model = p
            .try_optimise(sense)
            .map_err(|s| LpError::Solver(format!("{s:?}")))?;
        model.make_quiet();
        if self.is_mip() {
            model
                .try_set_option("mip_rel_gap", 1e-9)
                .map_err(|_| LpError::Solver("cannot set HiGHS options".into()))?;
        }
        model
            .try_set_option("threads", 1)
            .and_then(|()| model.try_set_option("time_limit", time_limit_s))
            .map_err(|_| LpError::Solver("cannot set HiGHS options".into()))?;
        let solved = model
            .try_solve()
            .map_err(|s| LpError::Solver(format!("{s:?}")))?;
        let status = solved.status();
        let mip = self.is_mip();
        match status {
            HighsModelStatus::Optimal => {}
            HighsModelStatus::Infeasible => return Err(LpError::Infeasible),
            HighsModelStatus::Unbounded => return Err(LpError::Unbounded),
            HighsModelStatus::UnboundedOrInfeasible => return Err(LpError::InfeasibleOrUnbounded),
            HighsModelStatus::ReachedTimeLimit => return Err(LpError::TimeLimit(time_limit_s)),
            other => return Err(LpError::Solver(format!("{other:?}"))),
        }
        let sol = solved.get_solution();
        let row_duals = if mip {
            vec![0.0; self.num_rows()]
        } else {
            // HiGHS reports duals of the minimisation it solves internally.
            sol.dual_rows().to_vec()
        };
        Ok(LpSolution {
            objective: solved.objective_value(),
            columns: sol.columns().to_vec(),
            rows: sol.rows().to_vec(),
            row_duals,
            solver_seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// Writes the model in CPLEX LP format; `col_name`/`row_name` must give LP-legal names.
    pub fn write_lp(
        &self,
        title: &str,
        col_name: &dyn Fn(usize) -> String,
        row_name: &dyn Fn(usize) -> String,
    ) -> String {
        let mut out = String::with_capacity(64 * (self.num_cols() + self.num_rows()) + 256);
        for line in title.lines() {
            let _ = writeln!(out, "\\ {line}");
        }
        out.push_str(match self.direction {
            Direction::Maximise => "Maximize\n obj:",
            Direction::Minimise => "Minimize\n obj:",
        });
        let names: Vec<String> = (0..self.num_cols()).map(col_name).collect();
        let mut terms = 0;
        for (k, &c) in self.cost.iter().enumerate() {
            if c != 0.0 {
                push_term(&mut out, c, &names[k], &mut terms);
            }
        }
        if terms == 0 && !names.is_empty() {
            push_term(&mut out, 0.0, &names[0], &mut terms);
        }
        out.push_str("\nSubject To\n");
        // Row-wise view of the column-wise matrix.
        let mut row_entries: Vec<Vec<(usize, f64)>> = vec![Vec::new(); self.num_rows()];
        for k in 0..self.num_cols() {
            for e in self.start[k]..self.start[k + 1] {
                row_entries[self.index[e]].push((k, self.value[e]));
            }
        }
        for (r, entries) in row_entries.iter().enumerate() {
            let (lo, hi) = (self.row_lower[r], self.row_upper[r]);
            let name = row_name(r);
            let mut emit = |suffix: &str, op: &str, rhs: f64| {
                let _ = write!(out, " {name}{suffix}:");
                let mut t = 0;
                for &(k, v) in entries {
                    push_term(&mut out, v, &names[k], &mut t);
                }
                if t == 0 {
                    // An empty row still constrains 0; keep it valid LP syntax.
                    let _ = write!(out, " 0 {}", names.first().map_or("x", |s| s.as_str()));
                }
                let _ = writeln!(out, " {op} {}", num(rhs));
            };
            if lo == hi {
                emit("", "=", lo);
            } else {
                if lo.is_finite() {
                    emit(if hi.is_finite() { "_lo" } else { "" }, ">=", lo);
                }
                if hi.is_finite() {
                    emit(if lo.is_finite() { "_hi" } else { "" }, "<=", hi);
                }
            }
        }
        out.push_str("Bounds\n");
        for (k, n) in names.iter().enumerate() {
            let (lo, hi) = (self.col_lower[k], self.col_upper[k]);
            match (lo.is_finite(), hi.is_finite()) {
                (true, true) => {
                    let _ = writeln!(out, " {} <= {n} <= {}", num(lo), num(hi));
                }
                (true, false) if lo == 0.0 => {}
                (true, false) => {
                    let _ = writeln!(out, " {n} >= {}", num(lo));
                }
                (false, true) => {
                    let _ = writeln!(out, " -inf <= {n} <= {}", num(hi));
                }
                (false, false) => {
                    let _ = writeln!(out, " {n} free");
                }
            }
        }
        if self.is_mip() {
            out.push_str("General\n");
            for (n, _) in names.iter().zip(&self.integer).filter(|(_, i)| **i) {
                let _ = writeln!(out, " {n}");
            }
        }
        out.push_str("End\n");
        out
    }
}

fn num(v: f64) -> String {
    // Shortest representation that reads back to the same f64.
    format!("{v:?}")
}

fn push_term(out: &mut String, coef: f64, name: &str, terms: &mut usize) {
    if *terms > 0 && (*terms).is_multiple_of(8) {
        out.push_str("\n   ");
    }
    let sign = if coef < 0.0 { '-' } else { '+' };
    let _ = write!(out, " {sign} {} {name}", num(coef.abs()));
    *terms += 1;
}

/// Keeps `[A-Za-z0-9_]` so any id becomes part of an LP-legal name.
pub fn lp_safe(s: &str, max: usize) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(max)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duals_are_shadow_prices_in_both_directions() {
        // max 3x + 2y, x + y <= 4, x <= 3  → x=3, y=1, obj 11; duals 2 and 1.
        let mut m = LpModel::new(Direction::Maximise);
        let r0 = m.add_row(f64::NEG_INFINITY, 4.0);
        let r1 = m.add_row(f64::NEG_INFINITY, 3.0);
        m.add_col(3.0, 0.0, f64::INFINITY, false, &[(r0, 1.0), (r1, 1.0)]);
        m.add_col(2.0, 0.0, f64::INFINITY, false, &[(r0, 1.0)]);
        let s = m.solve(10.0).unwrap();
        assert!((s.objective - 11.0).abs() < 1e-9);
        assert!((s.row_duals[0] - 2.0).abs() < 1e-9, "{:?}", s.row_duals);
        assert!((s.row_duals[1] - 1.0).abs() < 1e-9, "{:?}", s.row_duals);
        // min x + y, x + y >= 2 → dual 1 (objective rises 1 per unit of the bound)
        let mut m = LpModel::new(Direction::Minimise);
        let r = m.add_row(2.0, f64::INFINITY);
        m.add_col(1.0, 0.0, f64::INFINITY, false, &[(r, 1.0)]);
        m.add_col(1.0, 0.0, f64::INFINITY, false, &[(r, 1.0)]);
        let s = m.solve(10.0).unwrap();
        assert!((s.objective - 2.0).abs() < 1e-9);
        assert!((s.row_duals[0] - 1.0).abs() < 1e-9, "{:?}", s.row_duals);
    }

    #[test]
    fn statuses_are_explained() {
        let mut m = LpModel::new(Direction::Maximise);
        m.add_col(1.0, 0.0, f64::INFINITY, false, &[]);
        let e = m.solve(10.0).unwrap_err();
        assert!(matches!(
            e,
            LpError::Unbounded | LpError::InfeasibleOrUnbounded
        ));
        assert!(e.to_string().contains("unbounded"));
        let mut m = LpModel::new(Direction::Maximise);
        let r = m.add_row(5.0, f64::INFINITY);
        m.add_col(1.0, 0.0, 2.0, false, &[(r, 1.0)]);
        let e = m.solve(10.0).unwrap_err();
        assert_eq!(e, LpError::Infeasible);
        assert!(e.to_string().contains("infeasible"));
    }
}
