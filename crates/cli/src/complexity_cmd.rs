//! `liantu complexity`: economic complexity of a long CSV table, written as four CSV files.

use crate::InvalidInput;
use anyhow::{Context, Result};
use liantu_complexity::{Convention, Options, Panel, periods};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Column names tried when a column is not named explicitly.
const TIME_NAMES: &[&str] = &["time", "year"];
const LOC_NAMES: &[&str] = &["loc", "location", "country", "region"];
const PROD_NAMES: &[&str] = &["prod", "product", "industry"];
const VAL_NAMES: &[&str] = &["val", "value", "export_value", "employment", "output"];

pub struct Args {
    pub input: PathBuf,
    pub output: PathBuf,
    pub time: Option<String>,
    pub loc: Option<String>,
    pub prod: Option<String>,
    pub val: Option<String>,
    pub threshold: f64,
    pub convention: Convention,
}

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
        return Err(InvalidInput(format!(
            "输入文件没有 {what} 列 '{0}'（已有列：{1}）/ the input has no {what} column '{0}' (columns: {1})",
            wanted[0],
            headers.iter().collect::<Vec<_>>().join(", ")
        ))
        .into());
    }
    Ok(found)
}

fn required(index: Option<usize>, names: &[&str], what: &str, flag: &str) -> Result<usize> {
    index.ok_or_else(|| {
        InvalidInput(format!(
            "找不到 {what} 列（试过 {0}），请用 {flag} 指定 / no {what} column found (tried {0}); name it with {flag}",
            names.join(", ")
        ))
        .into()
    })
}

/// Reads the panel; any bad row is reported with its line and column, and nothing is written.
fn read_panel(args: &Args) -> Result<Panel> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(&args.input)
        .map_err(|e| {
            InvalidInput(format!(
                "无法读取 / cannot read {}: {e}",
                args.input.display()
            ))
        })?;
    let headers = reader
        .headers()
        .map_err(|e| InvalidInput(format!("{}: {e}", args.input.display())))?
        .clone();
    let time = column(&headers, &args.time, TIME_NAMES, "time")?;
    let loc = required(
        column(&headers, &args.loc, LOC_NAMES, "location")?,
        LOC_NAMES,
        "location",
        "--loc",
    )?;
    let prod = required(
        column(&headers, &args.prod, PROD_NAMES, "product")?,
        PROD_NAMES,
        "product",
        "--prod",
    )?;
    let val = required(
        column(&headers, &args.val, VAL_NAMES, "value")?,
        VAL_NAMES,
        "value",
        "--val",
    )?;
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
        let value = match raw.replace(',', "").parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => v,
            _ => {
                problems.push(format!(
                    "第 {line} 行 {0} 列：'{raw}' 不是非负数 / line {line}, column {0}: '{raw}' is not a non-negative number",
                    &headers[val]
                ));
                continue;
            }
        };
        let t = time.and_then(|t| record.get(t)).unwrap_or("").trim();
        panel.push(
            t,
            record.get(loc).unwrap_or("").trim(),
            record.get(prod).unwrap_or("").trim(),
            value,
        );
        if problems.len() > 100 {
            break;
        }
    }
    if !problems.is_empty() {
        return Err(InvalidInput(format!(
            "{}：{} 处错误，未写出任何文件 / {} problem(s), nothing written:\n{}",
            args.input.display(),
            problems.len(),
            problems.len(),
            problems.join("\n")
        ))
        .into());
    }
    Ok(panel)
}

fn num(v: f64) -> String {
    // Shortest representation that reads back to the same f64.
    format!("{v}")
}

fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

fn writer(dir: &Path, name: &str) -> Result<csv::Writer<BufWriter<File>>> {
    let path = dir.join(name);
    let file = File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(csv::Writer::from_writer(BufWriter::new(file)))
}

pub fn run(args: &Args) -> Result<()> {
    let panel = read_panel(args)?;
    let options = Options {
        threshold: args.threshold,
        convention: args.convention,
        parallel: true,
    };
    // Validate everything before creating any output file.
    let results = periods(&panel, &options).map_err(|e| InvalidInput(e.to_string()))?;
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    let mut cp = writer(&args.output, "cp.csv")?;
    let mut locations = writer(&args.output, "locations.csv")?;
    let mut products = writer(&args.output, "products.csv")?;
    let mut proximity = writer(&args.output, "proximity.csv")?;
    cp.write_record([
        "time", "loc", "prod", "value", "rca", "mcp", "density", "cog",
    ])?;
    locations.write_record(["time", "loc", "diversity", "eci", "coi"])?;
    products.write_record(["time", "prod", "ubiquity", "pci"])?;
    proximity.write_record(["time", "prod_1", "prod_2", "proximity"])?;
    let mut summary = Vec::new();
    for period in results {
        let p = period.map_err(|e| InvalidInput(e.to_string()))?;
        for (l, q, c) in p.cells() {
            cp.write_record([
                p.time.as_str(),
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
            locations.write_record([
                p.time.as_str(),
                &l.code,
                &l.diversity.map(|d| d.to_string()).unwrap_or_default(),
                &opt(l.eci),
                &opt(l.coi),
            ])?;
        }
        for q in &p.products {
            products.write_record([
                p.time.as_str(),
                &q.code,
                &q.ubiquity.map(|u| u.to_string()).unwrap_or_default(),
                &opt(q.pci),
            ])?;
        }
        for a in 0..p.products.len() {
            for b in a..p.products.len() {
                if let Some(phi) = p.proximity(a, b).filter(|v| *v != 0.0) {
                    proximity.write_record([
                        p.time.as_str(),
                        &p.products[a].code,
                        &p.products[b].code,
                        &num(phi),
                    ])?;
                }
            }
        }
        summary.push(format!(
            "{}: {} locations × {} products, λ2 = {:.6}",
            if p.time.is_empty() { "—" } else { &p.time },
            p.locations.len(),
            p.products.len(),
            p.spectrum.second
        ));
    }
    for w in [&mut cp, &mut locations, &mut products, &mut proximity] {
        w.flush()?;
    }
    println!(
        "已写出 / wrote cp.csv, locations.csv, products.csv, proximity.csv → {}",
        args.output.display()
    );
    for line in summary {
        println!("  {line}");
    }
    Ok(())
}
