//! `liantu panel import|list` and `liantu growth`: region × industry panels and the growth
//! opportunities computed from them.

use crate::table::{Align, Table};
use crate::{Format, InvalidInput};
use anyhow::Result;
use liantu_app::{AppError, GrowthRequest};
use liantu_model::records::{Source, SourceKind};
use liantu_store::{PanelData, PanelRow};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

pub struct ImportArgs<'a> {
    pub file: &'a Path,
    pub id: &'a str,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub measure: &'a str,
    pub source_title: &'a str,
    pub publisher: &'a str,
    pub published: &'a str,
    pub illustrative: bool,
}

fn find(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
}

/// Reads a long CSV (time, region, industry, value; optional region_name, industry_name) and
/// stores it as one panel, all or nothing.
pub async fn import(db: &Path, args: &ImportArgs<'_>) -> Result<()> {
    if !liantu_chain::is_valid_id(args.id) {
        return Err(InvalidInput(format!(
            "面板 id '{}' 只能用小写字母、数字和 '-' / panel id '{}': use lowercase letters, digits and '-'",
            args.id, args.id
        ))
        .into());
    }
    let mut reader = csv::Reader::from_path(args.file).map_err(|e| {
        InvalidInput(format!(
            "无法读取 / cannot read {}: {e}",
            args.file.display()
        ))
    })?;
    let headers = reader
        .headers()
        .map_err(|e| InvalidInput(format!("{}: {e}", args.file.display())))?
        .clone();
    let need = |names: &[&str], what: &str| {
        find(&headers, names).ok_or_else(|| {
            InvalidInput(format!(
                "{} 缺少 {what} 列（可用列名：{}）/ {} has no {what} column (accepted names: {})",
                args.file.display(),
                names.join(", "),
                args.file.display(),
                names.join(", ")
            ))
        })
    };
    let time = need(&["time", "year", "年份"], "time")?;
    let region = need(&["region", "loc", "location", "地区", "区域"], "region")?;
    let industry = need(&["industry", "prod", "product", "行业"], "industry")?;
    let value = need(
        &[
            "value",
            "val",
            "employment",
            "output",
            "数值",
            "从业人员",
            "产值",
        ],
        "value",
    )?;
    let region_name = find(&headers, &["region_name", "地区名称"]);
    let industry_name = find(&headers, &["industry_name", "行业名称"]);
    let mut rows = Vec::new();
    let mut region_names = BTreeMap::new();
    let mut industry_names = BTreeMap::new();
    let mut seen = HashSet::new();
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
        let cell = |c: usize| record.get(c).unwrap_or("").trim().to_string();
        let raw = cell(value);
        let v = match raw.replace(',', "").parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => v,
            _ => {
                problems.push(format!(
                    "第 {line} 行 {0} 列：'{raw}' 不是非负数 / line {line}, column {0}: '{raw}' is not a non-negative number",
                    &headers[value]
                ));
                continue;
            }
        };
        let row = PanelRow {
            time: cell(time),
            region: cell(region),
            industry: cell(industry),
            value: v,
        };
        if row.region.is_empty() || row.industry.is_empty() {
            problems.push(format!(
                "第 {line} 行：区域或行业为空 / line {line}: empty region or industry"
            ));
            continue;
        }
        if !seen.insert((row.time.clone(), row.region.clone(), row.industry.clone())) {
            problems.push(format!(
                "第 {line} 行：重复的 ({}, {}, {}) / line {line}: duplicate ({}, {}, {})",
                row.time, row.region, row.industry, row.time, row.region, row.industry
            ));
            continue;
        }
        if let Some(c) = region_name {
            region_names.insert(row.region.clone(), cell(c));
        }
        if let Some(c) = industry_name {
            industry_names.insert(row.industry.clone(), cell(c));
        }
        rows.push(row);
    }
    if !problems.is_empty() {
        let shown: Vec<&String> = problems.iter().take(50).collect();
        return Err(InvalidInput(format!(
            "{}：{} 处错误，未导入任何数据 / {} problem(s), nothing imported:\n{}",
            args.file.display(),
            problems.len(),
            problems.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        ))
        .into());
    }
    if rows.is_empty() {
        return Err(InvalidInput(format!(
            "{}：没有数据行 / no data rows",
            args.file.display()
        ))
        .into());
    }
    let store = liantu_app::App::open(db, false).await?;
    let source_id = format!("panel-{}", args.id);
    let n = rows.len();
    store
        .save_panel(&PanelData {
            id: args.id.to_string(),
            name_zh: args.name_zh.to_string(),
            name_en: args.name_en.to_string(),
            measure: args.measure.to_string(),
            source: source_id.clone(),
            source_record: Some(Source {
                id: source_id,
                kind: if args.illustrative {
                    SourceKind::Illustrative
                } else {
                    SourceKind::Public
                },
                title_zh: args.source_title.to_string(),
                title_en: args.source_title.to_string(),
                publisher: args.publisher.to_string(),
                published: args.published.to_string(),
                url: None,
            }),
            rows,
            region_names: region_names.into_iter().collect(),
            industry_names: industry_names.into_iter().collect(),
        })
        .await?;
    println!("已导入面板 / imported panel {}: {n} 行 rows", args.id);
    Ok(())
}

pub async fn list(db: &Path) -> Result<()> {
    let store = liantu_app::App::open(db, false).await?;
    let mut t = Table::new(&[
        ("id", Align::Left),
        ("名称 name", Align::Left),
        ("指标 measure", Align::Left),
        ("行数 rows", Align::Right),
        ("时期 periods", Align::Left),
    ]);
    for p in store.panels().await? {
        t.row(vec![
            p.id,
            p.name_zh,
            p.measure,
            p.rows.to_string(),
            p.times.join(" "),
        ]);
    }
    print!("{}", t.render());
    Ok(())
}

pub struct GrowthArgs<'a> {
    pub panel: &'a str,
    pub region: &'a str,
    pub time: Option<&'a str>,
    pub peers: Option<&'a str>,
    pub threshold: f64,
    pub sort: &'a str,
    pub limit: usize,
    pub format: Format,
}

pub async fn growth(db: &Path, args: &GrowthArgs<'_>) -> Result<()> {
    let store = liantu_app::App::open(db, false).await?;
    let mut request = GrowthRequest::new(args.panel, args.region);
    request.time = args.time.map(str::to_string);
    request.threshold = args.threshold;
    request.sort = args
        .sort
        .parse()
        .map_err(|e: AppError| InvalidInput(e.to_string()))?;
    request.peers = args.peers.map(|p| {
        p.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    let report = store.growth_opportunities(&request).await?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record([
                "industry",
                "name",
                "present",
                "rca",
                "density",
                "pci",
                "cog",
                "chain_nodes",
            ])?;
            for o in report.opportunities.iter().chain(&report.strengths) {
                let nodes: Vec<String> = o
                    .chain_nodes
                    .iter()
                    .map(|n| format!("{}/{}", n.chain, n.node))
                    .collect();
                w.write_record([
                    o.industry.clone(),
                    o.name.clone(),
                    u8::from(o.present).to_string(),
                    o.rca.to_string(),
                    o.density.map(|d| d.to_string()).unwrap_or_default(),
                    o.pci.map(|d| d.to_string()).unwrap_or_default(),
                    o.cog.to_string(),
                    nodes.join(" "),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            println!(
                "{} {} · {} · {} · ECI {}{}",
                report.region_name,
                report.region,
                report.panel_name_zh,
                report.time,
                report
                    .eci
                    .map(|e| format!("{e:.2}"))
                    .unwrap_or_else(|| "—".into()),
                if report.illustrative {
                    "（示例数据 / illustrative）"
                } else {
                    ""
                }
            );
            let mut t = Table::new(&[
                ("行业 industry", Align::Left),
                ("名称", Align::Left),
                ("关联密度 density", Align::Right),
                ("PCI", Align::Right),
                ("COG", Align::Right),
                ("产业链环节 chain nodes", Align::Left),
            ]);
            for o in report.opportunities.iter().take(args.limit) {
                let nodes: Vec<String> = o
                    .chain_nodes
                    .iter()
                    .map(|n| format!("{}/{}", n.chain_name_zh, n.node_name_zh))
                    .collect();
                t.row(vec![
                    o.industry.clone(),
                    o.name.clone(),
                    o.density.map(|d| format!("{d:.3}")).unwrap_or_default(),
                    o.pci.map(|d| format!("{d:.2}")).unwrap_or_default(),
                    format!("{:.2}", o.cog),
                    nodes.join("；"),
                ]);
            }
            println!("尚未形成优势、按可行性排序 / missing industries by feasibility:");
            print!("{}", t.render());
        }
    }
    Ok(())
}
