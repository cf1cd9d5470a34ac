//! The illustrative city × industry employment panel (`data/demo/industry_panel.csv`, written by
//! `generate_panel.py`) behind the growth-opportunity demo. Made up: labelled illustrative.

use crate::DemoError;
use serde::Deserialize;

const FILE: &str = "industry_panel.csv";
const TEXT: &str = include_str!("../../../data/demo/industry_panel.csv");

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PanelRecord {
    pub year: String,
    pub region: String,
    pub region_name: String,
    pub industry: String,
    pub industry_name: String,
    pub employment: f64,
}

pub fn industry_panel() -> Result<Vec<PanelRecord>, DemoError> {
    let mut reader = csv::Reader::from_reader(TEXT.as_bytes());
    let mut out = Vec::new();
    for (i, row) in reader.deserialize::<PanelRecord>().enumerate() {
        let row = row.map_err(|e| DemoError {
            file: FILE,
            row: i + 2,
            column: "*",
            reason: e.to_string(),
        })?;
        if !(row.employment.is_finite() && row.employment >= 0.0) {
            return Err(DemoError {
                file: FILE,
                row: i + 2,
                column: "employment",
                reason: format!("not a non-negative number: {}", row.employment),
            });
        }
        out.push(row);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panel_tells_the_public_story() {
        let rows = industry_panel().unwrap();
        assert!(rows.len() > 2000);
        let liuzhou: Vec<&PanelRecord> = rows
            .iter()
            .filter(|r| r.region == "450200" && r.year == "2023")
            .collect();
        assert!(liuzhou.iter().any(|r| r.industry == "3612"), "NEV assembly");
        for missing in ["2613", "2662", "3985"] {
            assert!(liuzhou.iter().all(|r| r.industry != missing), "{missing}");
        }
    }
}
