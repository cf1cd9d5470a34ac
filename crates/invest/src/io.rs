//! Input-output linkage: national input-output tables (投入产出表) in the CSV layout of the NBS
//! tables repackaged by ChinAPIs/ionet (see `../shared/data/input-output/PROVENANCE.md`), the
//! direct-requirement matrix A, the Leontief inverse L = (I − A)⁻¹ (faer LU with partial
//! pivoting), output multipliers and backward/forward linkages, and the mapping from chain
//! nodes to IO sectors.
//!
//! Definitions (x = total output, Z = domestic intermediate flows, f = domestic final demand):
//! - `a_ij = z_ij / x_j` (0 when `x_j` = 0); `L = (I − A)⁻¹`, so `x = L f`;
//! - output multiplier of sector j = Σ_i l_ij (output in the whole economy per unit of final
//!   demand for j);
//! - backward linkage (影响力系数) of j = Σ_i l_ij ÷ mean over j of Σ_i l_ij;
//! - forward linkage (感应度系数) of i = Σ_j l_ij ÷ mean over i of Σ_j l_ij (Rasmussen);
//!   above 1 means stronger than the average sector.
//!
//! In non-competitive-import tables (`Origin` column) only the `Domestic` rows are used, and f is
//! their `TFU`; in competitive-import tables f = `TFU − IM (+ ERR)`.

use crate::error::IoError;
use faer::Mat;
use faer::linalg::solvers::DenseSolveCore;
use liantu_model::bounds::{AMOUNT, Bound, SIGNED_AMOUNT};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use liantu_model::io::{IoSector, IoTable};

/// Parses a table in the shared CSV layout: `Code, Description, DescriptionInChinese,
/// [Origin,] <sector codes…>, …, TFU, [IM,] [ERR,] GO`.
pub fn parse_io_csv(text: &str) -> Result<IoTable, IoError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| IoError::Format(e.to_string()))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let need = |name: &str| {
        col(name)
            .ok_or_else(|| IoError::Format(format!("缺少列 `{name}` / missing column `{name}`")))
    };
    let code_col = need("Code")?;
    let en_col = col("Description");
    let zh_col = col("DescriptionInChinese");
    let origin_col = col("Origin");
    let tfu_col = need("TFU")?;
    let go_col = need("GO")?;
    let im_col = col("IM");
    let err_col = col("ERR");
    let is_code = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let sector_cols: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| is_code(h.trim()))
        .map(|(i, h)| (i, h.trim().to_string()))
        .collect();
    let n = sector_cols.len();
    if n < 2 {
        return Err(IoError::Format(
            "表头中的部门列少于 2 个 / fewer than 2 sector columns in the header".into(),
        ));
    }
    let mut sectors = Vec::with_capacity(n);
    let mut flows = Vec::with_capacity(n * n);
    let mut final_demand = Vec::with_capacity(n);
    let mut total_output = Vec::with_capacity(n);
    let mut value_added: Option<Vec<f64>> = None;
    for (line0, record) in reader.records().enumerate() {
        let line = line0 as u64 + 2;
        let record = record.map_err(|e| IoError::Row {
            line,
            reason: e.to_string(),
        })?;
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        // Flows and output are amounts of the data contract; final demand and value added may
        // be negative (inventory changes, net exports) within the same magnitude.
        let number = |i: usize, bound: &Bound| -> Result<f64, IoError> {
            let s = cell(i);
            if s.is_empty() {
                return Ok(0.0);
            }
            let Some(v) = s.parse::<f64>().ok().filter(|v| v.is_finite()) else {
                return Err(IoError::Row {
                    line,
                    reason: format!(
                        "列 `{}` 不是数：'{s}' / column `{}` is not a number: '{s}'",
                        &headers[i], &headers[i]
                    ),
                });
            };
            bound.check(v).map_err(|e| IoError::Row {
                line,
                reason: format!(
                    "列 `{}` 的值 '{s}' {} / column `{}`: '{s}' is out of range, {}",
                    &headers[i],
                    e.reason_zh(),
                    &headers[i],
                    e.reason_en()
                ),
            })
        };
        let code = cell(code_col);
        if is_code(code) {
            if let Some(o) = origin_col
                && cell(o) != "Domestic"
            {
                continue;
            }
            let expected = sector_cols.get(sectors.len()).map(|(_, c)| c.as_str());
            if expected != Some(code) {
                return Err(IoError::Row {
                    line,
                    reason: format!(
                        "部门行 {code} 与表头部门列顺序不一致（应为 {}）/ sector row {code} does not match the header's sector columns (expected {})",
                        expected.unwrap_or("—"),
                        expected.unwrap_or("—")
                    ),
                });
            }
            for (i, _) in &sector_cols {
                flows.push(number(*i, &AMOUNT)?);
            }
            let mut f = number(tfu_col, &SIGNED_AMOUNT)?;
            if let Some(im) = im_col {
                f -= number(im, &SIGNED_AMOUNT)?;
            }
            if let Some(err) = err_col {
                f += number(err, &SIGNED_AMOUNT)?;
            }
            final_demand.push(f);
            total_output.push(number(go_col, &AMOUNT)?);
            sectors.push(IoSector {
                code: code.to_string(),
                name_zh: zh_col.map(|c| cell(c).to_string()).unwrap_or_default(),
                name_en: en_col.map(|c| cell(c).to_string()).unwrap_or_default(),
            });
        } else if code == "TVA" {
            value_added = Some(
                sector_cols
                    .iter()
                    .map(|(i, _)| number(*i, &SIGNED_AMOUNT))
                    .collect::<Result<_, _>>()?,
            );
        }
    }
    if sectors.len() != n {
        return Err(IoError::Format(format!(
            "表头有 {n} 个部门列，但只有 {} 个部门行 / {n} sector columns but {} sector rows",
            sectors.len(),
            sectors.len()
        )));
    }
    Ok(IoTable {
        sectors,
        flows,
        final_demand,
        total_output,
        value_added,
        non_competitive: origin_col.is_some(),
    })
}

/// The Leontief model of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IoAnalysis {
    pub n: usize,
    /// Direct requirements, row-major.
    pub a: Vec<f64>,
    /// Leontief inverse (I − A)⁻¹, row-major.
    pub l: Vec<f64>,
    /// Column sums of L.
    pub output_multipliers: Vec<f64>,
    /// 影响力系数.
    pub backward_linkage: Vec<f64>,
    /// 感应度系数.
    pub forward_linkage: Vec<f64>,
    /// max |(L (I − A) − I)_ij|.
    pub identity_residual: f64,
}

impl IoAnalysis {
    pub fn a(&self, i: usize, j: usize) -> f64 {
        self.a[i * self.n + j]
    }

    pub fn l(&self, i: usize, j: usize) -> f64 {
        self.l[i * self.n + j]
    }

    /// x = L f.
    pub fn output_for(&self, final_demand: &[f64]) -> Vec<f64> {
        (0..self.n)
            .map(|i| {
                self.l[i * self.n..(i + 1) * self.n]
                    .iter()
                    .zip(final_demand)
                    .map(|(l, f)| l * f)
                    .sum()
            })
            .collect()
    }
}

/// Builds A and L for `table`. Fails when I − A is singular (or the inverse is not finite, or
/// does not reproduce the identity to 1e-6).
pub fn leontief(table: &IoTable) -> Result<IoAnalysis, IoError> {
    let n = table.len();
    if n == 0 || table.flows.len() != n * n {
        return Err(IoError::Format(
            "矩阵维度不一致 / inconsistent matrix size".into(),
        ));
    }
    let a = Mat::<f64>::from_fn(n, n, |i, j| {
        let x = table.total_output[j];
        if x.abs() > 0.0 {
            table.flows[i * n + j] / x
        } else {
            0.0
        }
    });
    let i_minus_a = Mat::<f64>::from_fn(n, n, |i, j| {
        let id = if i == j { 1.0 } else { 0.0 };
        id - a[(i, j)]
    });
    let l = i_minus_a.partial_piv_lu().inverse();
    if (0..n).any(|i| (0..n).any(|j| !l[(i, j)].is_finite())) {
        return Err(IoError::Singular(
            "逆矩阵含非有限值 / the inverse has non-finite entries".into(),
        ));
    }
    let product = &l * &i_minus_a;
    let mut residual: f64 = 0.0;
    for i in 0..n {
        for j in 0..n {
            let id = if i == j { 1.0 } else { 0.0 };
            residual = residual.max((product[(i, j)] - id).abs());
        }
    }
    if residual > 1e-6 {
        return Err(IoError::Singular(format!(
            "L(I − A) 与单位阵偏差 {residual:e} / L(I − A) deviates from I by {residual:e}"
        )));
    }
    let col_sums: Vec<f64> = (0..n).map(|j| (0..n).map(|i| l[(i, j)]).sum()).collect();
    let row_sums: Vec<f64> = (0..n).map(|i| (0..n).map(|j| l[(i, j)]).sum()).collect();
    let mean_col = col_sums.iter().sum::<f64>() / n as f64;
    let mean_row = row_sums.iter().sum::<f64>() / n as f64;
    Ok(IoAnalysis {
        n,
        a: (0..n * n).map(|k| a[(k / n, k % n)]).collect(),
        l: (0..n * n).map(|k| l[(k / n, k % n)]).collect(),
        backward_linkage: col_sums.iter().map(|c| c / mean_col).collect(),
        forward_linkage: row_sums.iter().map(|r| r / mean_row).collect(),
        output_multipliers: col_sums,
        identity_residual: residual,
    })
}

/// Which IO sector each chain node belongs to (`data/io/nodes-nbs42.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSectorMap {
    pub format: u32,
    /// Sector classification the codes belong to, e.g. `nbs-42` (the 42-sector NBS tables).
    pub classification: String,
    /// Number of sectors of that classification (checked against the table used).
    pub sectors: usize,
    #[serde(default)]
    pub note: String,
    /// chain id → node id → sector code.
    pub chains: BTreeMap<String, BTreeMap<String, String>>,
}

impl NodeSectorMap {
    pub fn from_toml(text: &str) -> Result<NodeSectorMap, IoError> {
        let map: NodeSectorMap =
            toml::from_str(text).map_err(|e| IoError::Mapping(e.to_string()))?;
        if map.format != 1 {
            return Err(IoError::Mapping(format!(
                "不支持的格式版本 {0} / unsupported format {0}",
                map.format
            )));
        }
        Ok(map)
    }

    pub fn sector(&self, chain: &str, node: &str) -> Option<&str> {
        self.chains.get(chain)?.get(node).map(String::as_str)
    }

    /// Sector codes the map names that `table` lacks (empty = usable with the table).
    pub fn missing_in(&self, table: &IoTable) -> Vec<String> {
        let mut missing: Vec<String> = self
            .chains
            .values()
            .flat_map(|nodes| nodes.values())
            .filter(|code| table.sector_index(code).is_none())
            .cloned()
            .collect();
        missing.sort();
        missing.dedup();
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two sectors, hand-computed:
    /// Z = [[20, 30], [40, 10]], x = [100, 100], f = x − row sums = [50, 50].
    /// A = [[0.2, 0.3], [0.4, 0.1]], I − A = [[0.8, −0.3], [−0.4, 0.9]], det = 0.6,
    /// L = [[1.5, 0.5], [2/3, 4/3]]; multipliers = [13/6, 11/6].
    const SMALL: &str = "Code,Description,DescriptionInChinese,01,02,TIU,TFU,GO\n\
        01,Farm,农业,20,30,50,50,100\n\
        02,Mill,工业,40,10,50,50,100\n\
        TVA,Value added,增加值,40,60,,,\n";

    #[test]
    fn hand_computed_two_sector_model() {
        let t = parse_io_csv(SMALL).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.sectors[1].name_zh, "工业");
        assert_eq!(t.value_added, Some(vec![40.0, 60.0]));
        assert!(t.balance_residual() < 1e-15);
        let m = leontief(&t).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(m.a(0, 1), 0.3) && close(m.a(1, 0), 0.4));
        assert!(close(m.l(0, 0), 1.5) && close(m.l(0, 1), 0.5));
        assert!(close(m.l(1, 0), 2.0 / 3.0) && close(m.l(1, 1), 4.0 / 3.0));
        assert!(close(m.output_multipliers[0], 13.0 / 6.0));
        assert!(close(m.output_multipliers[1], 11.0 / 6.0));
        // Mean multiplier 2: backward linkages 13/12 and 11/12; row sums 2 and 2 → forward 1, 1.
        assert!(close(m.backward_linkage[0], 13.0 / 12.0));
        assert!(close(m.forward_linkage[1], 1.0));
        let x = m.output_for(&t.final_demand);
        assert!(close(x[0], 100.0) && close(x[1], 100.0));
    }

    #[test]
    fn competitive_tables_subtract_imports_and_skip_import_rows() {
        let text = "Code,Description,DescriptionInChinese,Origin,01,02,TFU,IM,GO\n\
            01,a,甲,Domestic,20,30,60,10,100\n\
            02,b,乙,Domestic,40,10,50,0,100\n\
            01,a,甲,Imports,1,1,0,0,2\n";
        let t = parse_io_csv(text).unwrap();
        assert!(t.non_competitive);
        assert_eq!(t.final_demand, vec![50.0, 50.0]);
        assert_eq!(t.flows.len(), 4);
    }

    /// Flows and total output are amounts of the data contract (0..=1e15 万元); final demand
    /// and value added may be negative (inventories, net exports) but are bounded too.
    #[test]
    fn values_outside_the_contract_are_refused_by_line_and_column() {
        for (from, to, line, column) in [
            ("20,30,50,50,100", "-20,30,50,50,100", 2, "01"),
            ("40,10,50,50,100", "40,1e308,50,50,100", 3, "02"),
            ("20,30,50,50,100", "20,30,50,50,-100", 2, "GO"),
            ("40,10,50,50,100", "40,10,50,1e16,100", 3, "TFU"),
            ("40,60,,,", "40,-1e300,,,", 4, "02"),
        ] {
            let text = SMALL.replace(from, to);
            match parse_io_csv(&text) {
                Err(IoError::Row { line: l, reason }) => {
                    assert_eq!(l, line, "{to}: {reason}");
                    assert!(reason.contains(&format!("`{column}`")), "{to}: {reason}");
                }
                other => panic!("{to}: {other:?}"),
            }
        }
        let negative_demand = SMALL.replace("40,10,50,50,100", "40,10,50,-5,100");
        assert!(parse_io_csv(&negative_demand).is_ok());
    }

    #[test]
    fn bad_tables_are_reported_not_panicked() {
        assert!(matches!(
            parse_io_csv("a,b\n1,2\n"),
            Err(IoError::Format(_))
        ));
        let bad_number = SMALL.replace("20,30", "x,30");
        assert!(matches!(
            parse_io_csv(&bad_number),
            Err(IoError::Row { line: 2, .. })
        ));
        let swapped = "Code,Description,DescriptionInChinese,01,02,TFU,GO\n\
            02,b,乙,1,1,1,3\n01,a,甲,1,1,1,3\n";
        assert!(matches!(
            parse_io_csv(swapped),
            Err(IoError::Row { line: 2, .. })
        ));
        // A = [[1, 0], [0, 0]]: I − A singular.
        let singular = "Code,Description,DescriptionInChinese,01,02,TFU,GO\n\
            01,a,甲,10,0,0,10\n02,b,乙,0,0,5,5\n";
        let t = parse_io_csv(singular).unwrap();
        assert!(matches!(leontief(&t), Err(IoError::Singular(_))));
    }
}
