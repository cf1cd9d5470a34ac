//! `liantu panel import|list` and `liantu growth`: region × industry panels and the growth
//! opportunities computed from them.

use crate::Format;
use crate::print::{print_csv, print_json, print_text};
use anyhow::Result;
use clap::{Args, Subcommand};
use liantu_app::{GrowthRequest, PanelMeta, growth_table, panels_table};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum PanelCommand {
    /// 导入区域×行业面板（长表 CSV：时间、区域、行业、数值，可含 region_name、industry_name）/ import a region × industry panel
    Import {
        file: PathBuf,
        /// 面板 id / panel id
        #[arg(long)]
        id: String,
        #[arg(long)]
        name_zh: String,
        #[arg(long)]
        name_en: String,
        /// 数值含义，如 employment、output / what the values measure
        #[arg(long, default_value = "employment")]
        measure: String,
        /// 数据来源标题 / title of the data source
        #[arg(long)]
        source_title: String,
        #[arg(long, default_value = "")]
        publisher: String,
        /// 发布时间 / published (YYYY or YYYY-MM-DD)
        #[arg(long, default_value = "")]
        published: String,
        /// 数据为示例（虚构）/ the figures are illustrative
        #[arg(long)]
        illustrative: bool,
    },
    /// 列出已导入的面板 / list imported panels
    List,
}

#[derive(Args)]
pub struct GrowthArgs {
    /// 面板 id（默认示例面板）/ panel id (default: the demo panel)
    #[arg(long, default_value = liantu_app::DEMO_PANEL)]
    panel: String,
    /// 区域代码 / region code
    #[arg(long, env = "LIANTU_REGION", default_value = "450200")]
    region: String,
    /// 时期（默认最新）/ period (default the latest)
    #[arg(long)]
    time: Option<String>,
    /// 对比组区域代码，逗号分隔 / peer-group region codes, comma-separated
    #[arg(long)]
    peers: Option<String>,
    #[arg(long, default_value_t = 1.0)]
    threshold: f64,
    /// 排序：density（可行性）、pci、cog / rank by density, pci or cog
    #[arg(long, default_value = "density")]
    sort: String,
    /// 表格中显示的行数 / rows shown in the table
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub async fn panel(db: &Path, command: PanelCommand) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    match command {
        PanelCommand::Import {
            file,
            id,
            name_zh,
            name_en,
            measure,
            source_title,
            publisher,
            published,
            illustrative,
        } => {
            let meta = PanelMeta {
                id,
                name_zh,
                name_en,
                measure,
                source_title,
                publisher,
                published,
                illustrative,
            };
            let rows = app.import_panel(&file, &meta).await?;
            println!("已导入面板 / imported panel {}: {rows} 行 rows", meta.id);
        }
        PanelCommand::List => print_text(&panels_table(&app.panels().await?), &[]),
    }
    app.close().await;
    Ok(())
}

pub async fn growth(db: &Path, args: GrowthArgs) -> Result<()> {
    let mut request = GrowthRequest::new(&args.panel, &args.region);
    request.time = args.time;
    request.threshold = args.threshold;
    request.sort = args.sort.parse()?;
    request.peers = args.peers.map(|p| {
        p.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    let app = crate::commands::open(db, false).await?;
    let report = app.growth_opportunities(&request).await?;
    match args.format {
        Format::Json => print_json(&report)?,
        Format::Csv => print_csv(&growth_table(
            &report,
            report.opportunities.iter().chain(&report.strengths),
        ))?,
        Format::Table => {
            println!(
                "{} {} · {} · {} · ECI {}{}",
                report.region_name,
                report.region,
                report.panel_name_zh,
                report.time,
                report.eci.map_or_else(|| "—".into(), |e| format!("{e:.2}")),
                if report.illustrative {
                    "（示例数据 / illustrative）"
                } else {
                    ""
                }
            );
            let shown = &report.opportunities[..args.limit.min(report.opportunities.len())];
            println!("尚未形成优势、按可行性排序 / missing industries by feasibility:");
            print_text(&growth_table(&report, shown), &["present"]);
        }
    }
    Ok(())
}
