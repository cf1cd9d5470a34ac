//! Economic complexity of a user's long CSV table (time, location, product, value), written as
//! CSV files (`liantu complexity`): RCA, density and COG per cell; diversity, ECI and COI per
//! location; ubiquity and PCI per product; and, when asked, proximity per product pair (all of
//! them, those above a minimum, or each product's closest). Every row is read and checked
//! before any output file is created.

mod output;

use crate::{AppError, Result, files};
pub use liantu_complexity::Convention;
use liantu_complexity::{Options, Panel, periods};
pub use output::{PROXIMITY_FILE, TABLE_FILES};
use std::path::PathBuf;

/// Column names tried when a column is not named explicitly.
const TIME_NAMES: &[&str] = &["time", "year"];
const LOC_NAMES: &[&str] = &["loc", "location", "country", "region"];
const PROD_NAMES: &[&str] = &["prod", "product", "industry"];
const VAL_NAMES: &[&str] = &["val", "value", "export_value", "employment", "output"];

/// Bad rows reported before giving up.
const MAX_PROBLEMS: usize = 100;

#[derive(Debug, Clone)]
pub struct ComplexityRequest {
    pub input: PathBuf,
    /// Directory for the output files (created when missing).
    pub output: PathBuf,
    /// Column names; `None` tries the usual names (time is optional: none = one period).
    pub time: Option<String>,
    pub loc: Option<String>,
    pub prod: Option<String>,
    pub val: Option<String>,
    /// RCA threshold for presence.
    pub threshold: f64,
    pub convention: Convention,
    /// Whether and how much of the product proximity to write (`proximity.csv`). A 5,000-product
    /// panel has 12.5 M pairs, hundreds of MB that few readers want whole.
    pub proximity: Option<ProximityRequest>,
}

/// Which product pairs `proximity.csv` holds; the default is every pair with a proximity above 0
/// (the upper triangle, diagonal included).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ProximityRequest {
    /// Only pairs at or above this proximity.
    pub min: Option<f64>,
    /// Instead of the triangle, each product's `top` closest other products, closest first
    /// (both directions of a pair can appear).
    pub top: Option<usize>,
}

/// What was computed and written.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplexityOutcome {
    pub periods: Vec<PeriodSummary>,
    /// The files written into the output directory, in order.
    pub files: Vec<&'static str>,
}

/// One period as computed.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodSummary {
    /// Empty for a table without a time column.
    pub time: String,
    pub locations: usize,
    pub products: usize,
    /// The eigenvalue behind ECI and PCI.
    pub lambda2: f64,
}

/// Reads `request.input`, computes every period and writes the files into `request.output`.
/// Nothing is written when a row or a period is bad, or the proximity request makes no sense.
pub fn complexity_files(request: &ComplexityRequest) -> Result<ComplexityOutcome> {
    check_proximity(request.proximity)?;
    let panel = read_panel(request)?;
    let options = Options {
        threshold: request.threshold,
        convention: request.convention,
        parallel: true,
    };
    // Every period is computed before the first file is created.
    let results = periods(&panel, &options)?.collect::<std::result::Result<Vec<_>, _>>()?;
    std::fs::create_dir_all(&request.output)
        .map_err(|e| files::cannot_write(&request.output, e))?;
    let mut out = output::Outputs::create(&request.output, request.proximity)?;
    for p in &results {
        out.period(p)?;
    }
    let files = out.finish()?;
    let periods = results
        .iter()
        .map(|p| PeriodSummary {
            time: p.time.clone(),
            locations: p.locations.len(),
            products: p.products.len(),
            lambda2: p.spectrum.second,
        })
        .collect();
    Ok(ComplexityOutcome { periods, files })
}

fn check_proximity(request: Option<ProximityRequest>) -> Result<()> {
    let Some(request) = request else {
        return Ok(());
    };
    if let Some(min) = request.min
        && !(min.is_finite() && (0.0..=1.0).contains(&min))
    {
        return Err(AppError::invalid(format!(
            "邻近度下限须在 0 到 1 之间，收到 {min} / the proximity minimum must be between 0 and 1, got {min}"
        )));
    }
    if request.top == Some(0) {
        return Err(AppError::invalid(
            "每个产品的近邻数须至少为 1 / the number of neighbours per product must be at least 1",
        ));
    }
    Ok(())
}

/// The column named `given`, or the first of `names` the table has; `None` when an unnamed
/// column is absent (an explicitly named one must exist).
fn column(
    headers: &csv::StringRecord,
    given: &Option<String>,
    names: &[&str],
    what: &str,
) -> Result<Option<usize>> {
    let wanted: Vec<&str> = match given {
        Some(name) => vec![name.as_str()],
        None => names.to_vec(),
    };
    let found = headers
        .iter()
        .position(|h| wanted.iter().any(|w| h.trim().eq_ignore_ascii_case(w)));
    if found.is_none() && given.is_some() {
        return Err(AppError::invalid(format!(
            "输入文件没有 {what} 列 '{0}'（已有列：{1}）/ the input has no {what} column '{0}' (columns: {1})",
            wanted[0],
            headers.iter().collect::<Vec<_>>().join(", ")
        )));
    }
    Ok(found)
}

fn required(index: Option<usize>, names: &[&str], what: &str, flag: &str) -> Result<usize> {
    index.ok_or_else(|| {
        AppError::invalid(format!(
            "找不到 {what} 列（试过 {0}），请用 {flag} 指定 / no {what} column found (tried {0}); name it with {flag}",
            names.join(", ")
        ))
    })
}

/// Reads the table; every bad row (up to [`MAX_PROBLEMS`]) is reported with its line and column.
fn read_panel(request: &ComplexityRequest) -> Result<Panel> {
    let input = request.input.display();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(&request.input)
        .map_err(|e| AppError::invalid(format!("无法读取 / cannot read {input}: {e}")))?;
    let headers = reader
        .headers()
        .map_err(|e| AppError::invalid(format!("{input}: {e}")))?
        .clone();
    let time = column(&headers, &request.time, TIME_NAMES, "time")?;
    let loc = column(&headers, &request.loc, LOC_NAMES, "location")?;
    let loc = required(loc, LOC_NAMES, "location", "--loc")?;
    let prod = column(&headers, &request.prod, PROD_NAMES, "product")?;
    let prod = required(prod, PROD_NAMES, "product", "--prod")?;
    let val = column(&headers, &request.val, VAL_NAMES, "value")?;
    let val = required(val, VAL_NAMES, "value", "--val")?;
    let mut panel = Panel::new();
    let mut problems = Vec::new();
    // One record reused for every row: a 5,000-product panel has hundreds of thousands.
    let mut record = csv::StringRecord::new();
    for line in 2_u64.. {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                problems.push(format!("第 {line} 行 / line {line}: {e}"));
                if problems.len() > MAX_PROBLEMS {
                    break;
                }
                continue;
            }
        }
        let raw = record.get(val).unwrap_or("").trim();
        match non_negative(raw) {
            Some(value) => {
                let t = time.and_then(|t| record.get(t)).unwrap_or("").trim();
                let cell = |c: usize| record.get(c).unwrap_or("").trim();
                panel.push(t, cell(loc), cell(prod), value);
            }
            None => problems.push(format!(
                "第 {line} 行 {0} 列：'{raw}' 不是非负数 / line {line}, column {0}: '{raw}' is not a non-negative number",
                &headers[val]
            )),
        }
        if problems.len() > MAX_PROBLEMS {
            break;
        }
    }
    if !problems.is_empty() {
        return Err(AppError::invalid(format!(
            "{input}：{0} 处错误，未写出任何文件 / {0} problem(s), nothing written:\n{1}",
            problems.len(),
            problems.join("\n")
        )));
    }
    Ok(panel)
}

/// A finite number ≥ 0, thousands separators allowed.
pub(crate) fn non_negative(raw: &str) -> Option<f64> {
    let parsed = if raw.contains(',') {
        raw.replace(',', "").parse::<f64>()
    } else {
        raw.parse::<f64>()
    };
    parsed.ok().filter(|v| v.is_finite() && *v >= 0.0)
}
