//! Investment candidates (招商对象): companies or projects the city might attract, and their CSV
//! form (`data/demo/candidates.csv` documents the columns).

use crate::error::CandidateError;
use std::collections::BTreeSet;

pub use liantu_model::candidate::{Candidate, NodeKey};

/// CSV header of candidate files, in order.
pub const CANDIDATE_COLUMNS: [&str; 21] = [
    "id",
    "name",
    "uscc",
    "origin_region",
    "park",
    "nodes",
    "industry_code",
    "investment",
    "land_mu",
    "expected_output",
    "expected_tax",
    "jobs",
    "rd_intensity",
    "high_tech",
    "specialized",
    "patents",
    "energy_tce_per_wan",
    "emissions_tco2_per_wan",
    "chemical",
    "source",
    "note",
];

/// Parses a candidates CSV (UTF-8, header row with [`CANDIDATE_COLUMNS`]; column order free,
/// `uscc` … `note` optional). Reports every bad row, not just the first.
pub fn parse_candidates_csv(text: &str) -> Result<Vec<Candidate>, Vec<CandidateError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![CandidateError {
                line: 1,
                column: String::new(),
                reason: e.to_string(),
            }]);
        }
    };
    let mut errors = header_errors(&headers);
    if !errors.is_empty() {
        return Err(errors);
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let idx: Vec<Option<usize>> = CANDIDATE_COLUMNS.iter().map(|c| col(c)).collect();
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for (n, record) in reader.records().enumerate() {
        let line = n as u64 + 2;
        match record {
            Ok(record) => {
                let mut row = Row {
                    record: &record,
                    idx: &idx,
                    line,
                    errors: &mut errors,
                };
                out.push(row.candidate(&mut ids));
            }
            Err(e) => errors.push(CandidateError {
                line,
                column: String::new(),
                reason: e.to_string(),
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Unknown columns, then missing required ones.
fn header_errors(headers: &csv::StringRecord) -> Vec<CandidateError> {
    let mut errors = Vec::new();
    for h in headers {
        if !CANDIDATE_COLUMNS.contains(&h) {
            errors.push(CandidateError {
                line: 1,
                column: h.to_string(),
                reason: format!(
                    "未知列，可用列：{0} / unknown column, known: {0}",
                    CANDIDATE_COLUMNS.join(", ")
                ),
            });
        }
    }
    for required in ["id", "name", "investment"] {
        if !headers.iter().any(|h| h == required) {
            errors.push(CandidateError {
                line: 1,
                column: required.to_string(),
                reason: "缺少必填列 / required column missing".into(),
            });
        }
    }
    errors
}

/// One data row of a candidates CSV, read by column number in [`CANDIDATE_COLUMNS`]; every
/// problem goes to `errors`.
struct Row<'a> {
    record: &'a csv::StringRecord,
    /// Position in the record of each of [`CANDIDATE_COLUMNS`], when present.
    idx: &'a [Option<usize>],
    line: u64,
    errors: &'a mut Vec<CandidateError>,
}

impl Row<'_> {
    fn get(&self, c: usize) -> &str {
        self.idx[c].and_then(|i| self.record.get(i)).unwrap_or("")
    }

    /// The text of column `c`, `None` when empty.
    fn opt(&self, c: usize) -> Option<String> {
        let s = self.get(c);
        (!s.is_empty()).then(|| s.to_string())
    }

    fn err(&mut self, column: &str, reason: String) {
        self.errors.push(CandidateError {
            line: self.line,
            column: column.to_string(),
            reason,
        });
    }

    /// A number ≥ 0 (grouping commas, full-width digits accepted); `None` when empty or bad.
    fn number(&mut self, c: usize) -> Option<f64> {
        let s = self.get(c);
        if s.is_empty() {
            return None;
        }
        match liantu_model::numbers::parse_number_text(s, false) {
            Ok(Some(v)) if v >= 0.0 => Some(v),
            _ => {
                let reason = format!("应为不小于 0 的数：'{s}' / expected a number ≥ 0: '{s}'");
                self.err(CANDIDATE_COLUMNS[c], reason);
                None
            }
        }
    }

    /// A 1/0 flag (also true/false, 是/否); empty is 0.
    fn flag(&mut self, c: usize) -> bool {
        match self.get(c) {
            "" | "0" | "false" | "否" => false,
            "1" | "true" | "是" => true,
            other => {
                let reason = format!("应为 1 或 0：'{other}' / expected 1 or 0: '{other}'");
                self.err(CANDIDATE_COLUMNS[c], reason);
                false
            }
        }
    }

    /// The `chain:node` keys of the `nodes` column (separated by `|`, `;` or spaces).
    fn nodes(&mut self) -> Vec<NodeKey> {
        let text = self.get(5).to_string();
        let mut nodes = Vec::new();
        for part in text.split(['|', ' ', ';']).filter(|p| !p.trim().is_empty()) {
            match NodeKey::parse(part) {
                Some(k) => nodes.push(k),
                None => self.err(
                    "nodes",
                    format!(
                        "应写作 产业链:环节，如 nev-battery:cathode：'{part}' / expected chain:node, e.g. nev-battery:cathode: '{part}'"
                    ),
                ),
            }
        }
        nodes
    }

    /// The candidate on this row; `ids` are those of the rows before (an id must be unique).
    fn candidate(&mut self, ids: &mut BTreeSet<String>) -> Candidate {
        let id = self.get(0).to_string();
        if id.is_empty() {
            self.err("id", "不能为空 / must not be empty".into());
        } else if !ids.insert(id.clone()) {
            self.err("id", format!("重复的 id '{id}' / duplicate id '{id}'"));
        }
        let name = self.get(1).to_string();
        if name.is_empty() {
            self.err("name", "不能为空 / must not be empty".into());
        }
        let origin_region = self.opt(3);
        if let Some(r) = &origin_region
            && let Err(e) = liantu_model::RegionCode::parse(r)
        {
            self.err("origin_region", e.to_string());
        }
        let nodes = self.nodes();
        let industry_code = self.opt(6);
        if let Some(code) = &industry_code
            && let Err(e) = liantu_model::IndustryCode::parse(code)
        {
            self.err("industry_code", e.to_string());
        }
        let investment = self.number(7);
        if investment.is_none() && self.get(7).is_empty() {
            self.err("investment", "不能为空 / must not be empty".into());
        }
        let land_mu = self.number(8);
        if land_mu == Some(0.0) {
            self.err("land_mu", "用地应大于 0 / land must be > 0".into());
        }
        let expected_output = self.number(9);
        let expected_tax = self.number(10);
        let jobs = self.number(11).map(|v| v.round() as u32);
        let rd_intensity = self.number(12);
        if rd_intensity.is_some_and(|v| v > 1.0) {
            self.err(
                "rd_intensity",
                "研发强度为比例（0.05 = 5%）/ R&D intensity is a fraction (0.05 = 5 %)".into(),
            );
        }
        Candidate {
            id,
            name,
            uscc: self.opt(2),
            origin_region,
            park: self.opt(4),
            nodes,
            industry_code,
            investment: investment.unwrap_or(0.0),
            land_mu,
            expected_output,
            expected_tax,
            jobs,
            rd_intensity,
            high_tech: self.flag(13),
            specialized: self.flag(14),
            patents: self.number(15).map(|v| v.round() as u32),
            energy_tce_per_wan: self.number(16),
            emissions_tco2_per_wan: self.number(17),
            chemical: self.flag(18),
            source: self.opt(19).unwrap_or_else(|| "illustrative".to_string()),
            note: self.get(20).to_string(),
        }
    }
}

/// One candidate from named text fields (a web form), checked by the same rules as a CSV row:
/// fields are looked up by [`CANDIDATE_COLUMNS`] name, `nodes` may repeat, a missing flag is 0.
pub fn candidate_from_fields(
    fields: &[(String, String)],
) -> Result<Candidate, Vec<CandidateError>> {
    let value = |name: &str| -> String {
        let values: Vec<&str> = fields
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
            .collect();
        match name {
            "nodes" => values.join("|"),
            "high_tech" | "specialized" | "chemical" if values.is_empty() => "0".into(),
            _ => values.last().map_or_else(String::new, |v| v.to_string()),
        }
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let row: Vec<String> = CANDIDATE_COLUMNS.iter().map(|c| value(c)).collect();
    let written = w
        .write_record(CANDIDATE_COLUMNS)
        .and_then(|()| w.write_record(&row))
        .map_err(|e| e.to_string())
        .and_then(|()| w.into_inner().map_err(|e| e.to_string()));
    let text = written
        .map_err(|reason| {
            vec![CandidateError {
                line: 2,
                column: String::new(),
                reason,
            }]
        })
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())?;
    let mut list = parse_candidates_csv(&text)?;
    Ok(list.remove(0))
}

/// A candidate's values as text, in [`CANDIDATE_COLUMNS`] order (flags as `1`/`0`).
pub fn candidate_fields(c: &Candidate) -> [String; 21] {
    let o = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let b = |v: bool| if v { "1" } else { "0" }.to_string();
    let nodes: Vec<String> = c.nodes.iter().map(ToString::to_string).collect();
    [
        c.id.clone(),
        c.name.clone(),
        c.uscc.clone().unwrap_or_default(),
        c.origin_region.clone().unwrap_or_default(),
        c.park.clone().unwrap_or_default(),
        nodes.join("|"),
        c.industry_code.clone().unwrap_or_default(),
        c.investment.to_string(),
        o(c.land_mu),
        o(c.expected_output),
        o(c.expected_tax),
        c.jobs.map(|v| v.to_string()).unwrap_or_default(),
        o(c.rd_intensity),
        b(c.high_tech),
        b(c.specialized),
        c.patents.map(|v| v.to_string()).unwrap_or_default(),
        o(c.energy_tce_per_wan),
        o(c.emissions_tco2_per_wan),
        b(c.chemical),
        c.source.clone(),
        c.note.clone(),
    ]
}

/// Writes candidates as CSV with every column of [`CANDIDATE_COLUMNS`]; parses back unchanged.
pub fn write_candidates_csv(candidates: &[Candidate]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CANDIDATE_COLUMNS);
    for c in candidates {
        let _ = w.write_record(candidate_fields(c));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_follow_the_csv_rules() {
        let f = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let c = candidate_from_fields(&f(&[
            ("id", "pps"),
            ("name", "PPS 项目"),
            ("investment", "1,200"),
            ("nodes", "chemical:high-performance-polymers"),
            ("nodes", "nev-battery:separator"),
            ("high_tech", "1"),
            ("land_mu", ""),
        ]))
        .unwrap();
        assert_eq!(c.investment, 1200.0);
        assert_eq!(c.nodes.len(), 2);
        assert!(c.high_tech && !c.specialized);
        assert_eq!(c.land_mu, None);
        let errors =
            candidate_from_fields(&f(&[("id", "x"), ("name", ""), ("investment", "lots")]))
                .unwrap_err();
        let columns: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
        assert!(
            columns.contains(&"name") && columns.contains(&"investment"),
            "{columns:?}"
        );
    }

    #[test]
    fn round_trip_and_errors() {
        let text = "id,name,investment,land_mu,nodes,rd_intensity,high_tech\n\
                    a,甲,1000,2,nev-battery:cathode|nev-battery:anode,0.04,1\n";
        let list = parse_candidates_csv(text).unwrap();
        assert_eq!(list[0].nodes.len(), 2);
        assert_eq!(list[0].investment_intensity(), Some(500.0));
        assert!(list[0].high_tech);
        let back = parse_candidates_csv(&write_candidates_csv(&list)).unwrap();
        assert_eq!(back, list);

        let bad = "id,name,investment,land_mu,nodes,rd_intensity\n\
                   a,甲,-1,0,cathode,5\n\
                   a,,x,1,,\n";
        let errors = parse_candidates_csv(bad).unwrap_err();
        let cols: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert!(cols.contains(&(2, "investment")), "{cols:?}");
        assert!(cols.contains(&(2, "land_mu")));
        assert!(cols.contains(&(2, "nodes")));
        assert!(cols.contains(&(2, "rd_intensity")));
        assert!(cols.contains(&(3, "id")));
        assert!(cols.contains(&(3, "name")));
        assert!(cols.contains(&(3, "investment")));

        let unknown = parse_candidates_csv("id,name,investment,colour\n").unwrap_err();
        assert_eq!(unknown[0].column, "colour");
    }
}
