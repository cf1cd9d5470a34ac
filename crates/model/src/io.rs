//! A national input-output table (投入产出表) as a plain record: sectors, domestic intermediate
//! flows, final demand and output. The `invest` crate parses the NBS CSV layout into it and
//! computes the Leontief model; the store keeps it as rows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IoSector {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// An input-output table reduced to what the Leontief model needs. Values in 万元.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IoTable {
    pub sectors: Vec<IoSector>,
    /// Domestic intermediate flows, row-major n × n: `flows[i * n + j]` = from sector i to j.
    pub flows: Vec<f64>,
    /// Domestic final demand per sector.
    pub final_demand: Vec<f64>,
    /// Total output per sector (`GO`).
    pub total_output: Vec<f64>,
    /// Value added per sector (`TVA` row) when the table has it.
    pub value_added: Option<Vec<f64>>,
    /// Imports are in separate rows (non-competitive table).
    pub non_competitive: bool,
}

impl IoTable {
    pub fn len(&self) -> usize {
        self.sectors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sectors.is_empty()
    }

    pub fn sector_index(&self, code: &str) -> Option<usize> {
        self.sectors.iter().position(|s| s.code == code)
    }

    /// Largest |Σ_j z_ij + f_i − x_i| ÷ x_i over sectors with output: how well the table
    /// balances as read.
    pub fn balance_residual(&self) -> f64 {
        let n = self.len();
        (0..n)
            .filter(|&i| self.total_output[i].abs() > 0.0)
            .map(|i| {
                let used: f64 = self.flows[i * n..(i + 1) * n].iter().sum();
                ((used + self.final_demand[i] - self.total_output[i]) / self.total_output[i]).abs()
            })
            .fold(0.0, f64::max)
    }
}
