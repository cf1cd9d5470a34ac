//! Economic complexity of a user's long CSV table (time, location, product, value), written as
//! four CSV files (`liantu complexity`): RCA, density and COG per cell; diversity, ECI and COI
//! per location; ubiquity and PCI per product; proximity per product pair. Every row is read and
//! checked before any output file is created.

use crate::{AppError, Result, files};
pub use liantu_complexity::Convention;
use liantu_complexity::{Options, Panel, PeriodResult, periods};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Column names tried when a column is not named explicitly.
const TIME_NAMES: &[&str] = &["time", "year"];
const LOC_NAMES: &[&str] = &["loc", "location", "country", "region"];
const PROD_NAMES: &[&str] = &["prod", "product", "industry"];
const VAL_NAMES: &[&str] = &["val", "value", "export_value", "employment", "output"];

/// Bad rows reported before giving up.
const MAX_PROBLEMS: usize = 100;

/// The output files, in the order they are written.
pub const OUTPUT_FILES: [&str; 4] = ["cp.csv", "locations.csv", "products.csv", "proximity.csv"];

#[derive(Debug, Clone)]
pub struct ComplexityRequest {
    pub input: PathBuf,
    /// Directory for the four output files (created when missing).
    pub output: PathBuf,
    /// Column names; `None` tries the usual names (time is optional: none = one period).
    pub time: Option<String>,
    pub loc: Option<String>,
    pub prod: Option<String>,
    pub val: Option<String>,
    /// RCA threshold for presence.
    pub threshold: f64,
    pub convention: Convention,
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

/// Reads `request.input`, computes every period and writes the four files into
/// `request.output`. Nothing is written when a row or a period is bad.
pub fn complexity_files(request: &ComplexityRequest) -> Result<Vec<PeriodSummary>> {
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
    let mut out = Outputs::create(&request.output)?;
    for p in &results {
        out.period(p)
            .map_err(|e| files::cannot_write(&request.output, e))?;
    }
    out.finish()
        .map_err(|e| files::cannot_write(&request.output, e))?;
    Ok(results
        .iter()
        .map(|p| PeriodSummary {
            time: p.time.clone(),
            locations: p.locations.len(),
            products: p.products.len(),
            lambda2: p.spectrum.second,
        })
        .collect())
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
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("第 {line} 行 / line {line}: {e}"));
                continue;
            }
        };
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
    raw.replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// Shortest representation that reads back to the same `f64`.
fn num(v: f64) -> String {
    format!("{v}")
}

fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

type CsvOut = csv::Writer<BufWriter<File>>;

/// The four output files, headers written.
struct Outputs {
    cp: CsvOut,
    locations: CsvOut,
    products: CsvOut,
    proximity: CsvOut,
}

impl Outputs {
    fn create(dir: &Path) -> Result<Outputs> {
        let open = |name: &str, header: &[&str]| -> Result<CsvOut> {
            let path = dir.join(name);
            let file = File::create(&path).map_err(|e| files::cannot_write(&path, e))?;
            let mut w = csv::Writer::from_writer(BufWriter::new(file));
            w.write_record(header)
                .map_err(|e| files::cannot_write(&path, e))?;
            Ok(w)
        };
        let [cp, locations, products, proximity] = OUTPUT_FILES;
        Ok(Outputs {
            cp: open(
                cp,
                &[
                    "time", "loc", "prod", "value", "rca", "mcp", "density", "cog",
                ],
            )?,
            locations: open(locations, &["time", "loc", "diversity", "eci", "coi"])?,
            products: open(products, &["time", "prod", "ubiquity", "pci"])?,
            proximity: open(proximity, &["time", "prod_1", "prod_2", "proximity"])?,
        })
    }

    fn period(&mut self, p: &PeriodResult) -> csv::Result<()> {
        let time = p.time.as_str();
        for (l, q, c) in p.cells() {
            self.cp.write_record([
                time,
                &p.locations[l].code,
                &p.products[q].code,
                &num(c.value),
                &num(c.rca),
                if c.mcp { "1" } else { "0" },
                &opt(c.density),
                &num(c.cog),
            ])?;
        }
        for l in &p.locations {
            let diversity = l.diversity.map(|d| d.to_string()).unwrap_or_default();
            self.locations
                .write_record([time, &l.code, &diversity, &opt(l.eci), &opt(l.coi)])?;
        }
        for q in &p.products {
            let ubiquity = q.ubiquity.map(|u| u.to_string()).unwrap_or_default();
            self.products
                .write_record([time, &q.code, &ubiquity, &opt(q.pci)])?;
        }
        // The upper triangle, zeros left out.
        for a in 0..p.products.len() {
            for b in a..p.products.len() {
                if let Some(phi) = p.proximity(a, b).filter(|v| *v != 0.0) {
                    self.proximity.write_record([
                        time,
                        &p.products[a].code,
                        &p.products[b].code,
                        &num(phi),
                    ])?;
                }
            }
        }
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        for w in [
            &mut self.cp,
            &mut self.locations,
            &mut self.products,
            &mut self.proximity,
        ] {
            w.flush()?;
        }
        Ok(())
    }
}
