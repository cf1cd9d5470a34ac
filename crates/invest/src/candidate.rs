//! Investment candidates (招商对象): companies or projects the city might attract, and their CSV
//! form (`data/demo/candidates.csv` documents the columns).

use crate::error::CandidateError;
use liantu_model::bounds::{
    AMOUNT, Bound, Contract, EMPLOYEES, INTENSITY, LAND_MU, PATENTS, SHARE, check_name, check_text,
};
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
        let cell = self.idx[c].and_then(|i| self.record.get(i)).unwrap_or("");
        liantu_model::spreadsheet::unneutralise(cell)
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

    /// A number within `bound` (grouping commas, full-width digits accepted); `None` when
    /// empty or bad.
    fn number(&mut self, c: usize, bound: &Bound) -> Option<f64> {
        let s = self.get(c);
        if s.is_empty() {
            return None;
        }
        match liantu_model::numbers::parse_number_text(s, false) {
            Ok(Some(v)) if bound.contains(v) => Some(v),
            _ => {
                let reason = format!(
                    "应为 {} 的数：'{s}' / expected a number in {}: '{s}'",
                    bound.describe_zh(),
                    bound.describe_en()
                );
                self.err(CANDIDATE_COLUMNS[c], reason);
                None
            }
        }
    }

    /// A whole count within `bound` (rounded).
    fn count(&mut self, c: usize, bound: &Bound) -> Option<u32> {
        // Invariant: the bound is far below u32::MAX.
        self.number(c, bound).map(|v| v.round() as u32)
    }

    /// Text of column `c` that must be a name (something visible, no control characters).
    fn name(&mut self, c: usize) -> String {
        let name = self.get(c).to_string();
        if name.is_empty() {
            self.err(CANDIDATE_COLUMNS[c], "不能为空 / must not be empty".into());
        } else if let Err(e) = check_name(&name) {
            self.err(CANDIDATE_COLUMNS[c], e.to_string());
        }
        name
    }

    /// Optional text of column `c`, without control characters.
    fn text(&mut self, c: usize) -> Option<String> {
        let s = self.opt(c)?;
        if let Err(e) = check_text(&s) {
            self.err(CANDIDATE_COLUMNS[c], e.to_string());
        }
        Some(s)
    }

    /// The USCC, normalised; a code whose only fault is the check character is kept (real
    /// pilot-region codes fail it), any other fault is an error.
    fn uscc(&mut self) -> Option<String> {
        let raw = self.opt(2)?;
        match liantu_model::Uscc::parse(&liantu_model::numbers::half_width(&raw)) {
            Ok((code, _)) => Some(code.as_str().to_string()),
            Err(e) => {
                self.err("uscc", format!("'{raw}'：{e}"));
                Some(raw)
            }
        }
    }

    /// Every contract violation of the built candidate on a column not already refused on
    /// this line: whatever the column-by-column reading let through is still checked.
    fn enforce(&mut self, c: &Candidate) {
        for v in c.violations() {
            let line = self.line;
            if !self
                .errors
                .iter()
                .any(|e| e.line == line && e.column == v.field)
            {
                self.err(v.field, format!("{} / {}", v.reason_zh, v.reason_en));
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
        if let Err(e) = check_text(&id) {
            self.err("id", e.to_string());
        }
        let name = self.name(1);
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
        let investment = self.number(7, &AMOUNT);
        if investment.is_none() && self.get(7).is_empty() {
            self.err("investment", "不能为空 / must not be empty".into());
        }
        let land_mu = self.number(8, &LAND_MU);
        let expected_output = self.number(9, &AMOUNT);
        let expected_tax = self.number(10, &AMOUNT);
        let jobs = self.count(11, &EMPLOYEES);
        let rd_intensity = if self
            .get(12)
            .parse::<f64>()
            .is_ok_and(|v| v > 1.0 && v <= 100.0)
        {
            self.err(
                "rd_intensity",
                "研发强度为比例（0.05 = 5%）/ R&D intensity is a fraction (0.05 = 5 %)".into(),
            );
            None
        } else {
            self.number(12, &SHARE)
        };
        let uscc = self.uscc();
        let park = self.text(4);
        let candidate = Candidate {
            id,
            name,
            uscc,
            origin_region,
            park,
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
            patents: self.count(15, &PATENTS),
            energy_tce_per_wan: self.number(16, &INTENSITY),
            emissions_tco2_per_wan: self.number(17, &INTENSITY),
            chemical: self.flag(18),
            source: self.text(19).unwrap_or_else(|| "illustrative".to_string()),
            note: self.text(20).unwrap_or_default(),
        };
        self.enforce(&candidate);
        candidate
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
        let _ = w.write_record(candidate_fields(c).map(liantu_model::spreadsheet::neutralise));
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

    /// A candidate row outside the data contract is refused by column: USCC `abc`, land −2024
    /// or 1e308, an invisible name, a huge investment, jobs beyond any firm.
    #[test]
    fn values_outside_the_contract_are_refused() {
        let text = "id,name,uscc,investment,land_mu,jobs,expected_output,energy_tce_per_wan\n\
                    a,甲,abc,100,10,,,\n\
                    b,乙,,100,-2024,,,\n\
                    c,丙,,100,1e308,,,\n\
                    d,\u{202e}\u{200b},,100,10,,,\n\
                    e,戊,,1e308,10,,,\n\
                    f,己,,100,10,1e12,1e16,1e9\n\
                    g,庚\u{0},,100,10,,,\n";
        let errors = parse_candidates_csv(text).unwrap_err();
        let mut cols: Vec<(u64, &str)> =
            errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        cols.sort_unstable();
        assert_eq!(
            cols,
            [
                (2, "uscc"),
                (3, "land_mu"),
                (4, "land_mu"),
                (5, "name"),
                (6, "investment"),
                (7, "energy_tce_per_wan"),
                (7, "expected_output"),
                (7, "jobs"),
                (8, "name"),
            ],
            "{errors:#?}"
        );
        // A code whose only fault is its check character is kept, as for enterprises.
        let ok = parse_candidates_csv("id,name,uscc,investment\na,甲,914502046941651241,1\n");
        assert!(ok.is_ok(), "{ok:?}");
    }

    /// A name or note that Excel would run as a formula is written neutralised (OWASP) and
    /// read back as it was.
    #[test]
    fn formula_cells_are_neutralised_and_read_back() {
        let text = "id,name,investment,note\n\
                    a,\"=HYPERLINK(\"\"http://x\"\",\"\"x\"\")\",1000,@SUM(1)\n\
                    b,+SUM(1),1000,=cmd|' /C calc'!A0\n";
        let list = parse_candidates_csv(text).unwrap();
        let csv = write_candidates_csv(&list);
        for line in csv.lines().skip(1) {
            for field in line.split(',') {
                let start = field.trim_start_matches('"');
                assert!(
                    !start.starts_with(['=', '+', '-', '@']),
                    "{field} in {line}"
                );
            }
        }
        assert_eq!(parse_candidates_csv(&csv).unwrap(), list);
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
