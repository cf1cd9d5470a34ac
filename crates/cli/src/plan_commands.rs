//! `liantu plan …`: annual plans — import, revise with a reason, list, show evaluated against
//! the data, and a chain's change between two years (动态评估修订).

use crate::Format;
use crate::print::{percent, print_csv, print_json, print_text};
use anyhow::{Result, anyhow};
use clap::Subcommand;
use liantu_app::model::RegionCode;
use liantu_app::plans::{change_table, plan_table, plans_table};
use std::path::{Path, PathBuf};

fn region(text: &str) -> Result<RegionCode, String> {
    RegionCode::parse(text).map_err(|e| e.to_string())
}

#[derive(Subcommand)]
pub enum PlanCommand {
    /// 导入年度计划（TOML，第 1 版）/ import an annual plan (TOML, version 1)
    Import { file: PathBuf },
    /// 修订计划：生成新版本，旧版本保留 / revise a plan: a new version, the old ones kept
    Revise {
        file: PathBuf,
        /// 修订理由 / why
        #[arg(long)]
        reason: String,
    },
    /// 列出计划（各自最新版）/ list plans (latest versions)
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 计划执行评估：目标、序时、实际、红黄绿 / a plan against the data
    Show {
        id: String,
        /// 版本（默认最新）/ version (default: the latest)
        #[arg(long)]
        version: Option<i64>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 年度对比：环节状态变化、完整度与本地配套率走势、带来变化的项目 / a chain, one year
    /// against another
    Evaluate {
        #[arg(long)]
        chain: String,
        #[arg(long)]
        from: i32,
        #[arg(long)]
        to: i32,
        #[arg(long, env = "LIANTU_REGION", default_value = "450200", value_parser = region)]
        region: RegionCode,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

fn read(file: &Path) -> Result<String> {
    std::fs::read_to_string(file)
        .map_err(|e| anyhow!("无法读取 / cannot read {}: {e}", file.display()))
}

pub async fn plan(db: &Path, command: PlanCommand) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    match command {
        PlanCommand::Import { file } => {
            let v = app.save_plan(&read(&file)?, None).await?;
            println!("已导入计划第 {v} 版 / plan imported, version {v}");
        }
        PlanCommand::Revise { file, reason } => {
            if reason.trim().is_empty() {
                return Err(anyhow!("修订须说明理由 / a revision needs a reason"));
            }
            let v = app.save_plan(&read(&file)?, Some(&reason)).await?;
            println!("已修订为第 {v} 版 / revised: version {v}");
        }
        PlanCommand::List { format } => {
            let plans = app.plans().await?;
            match format {
                Format::Json => print_json(&plans)?,
                Format::Csv => print_csv(&plans_table(&plans))?,
                Format::Table => print_text(&plans_table(&plans), &[]),
            }
        }
        PlanCommand::Show {
            id,
            version,
            format,
        } => {
            let e = app.plan_evaluation(&id, version).await?;
            match format {
                Format::Json => print_json(&e)?,
                Format::Csv => print_csv(&plan_table(&e))?,
                Format::Table => {
                    println!(
                        "{}（{}，第 {} 版，{} 年 1–{} 月）",
                        e.plan.title_zh, e.region_zh, e.version, e.plan.year, e.months
                    );
                    if !e.reason.is_empty() {
                        println!("修订理由：{}", e.reason);
                    }
                    print_text(&plan_table(&e), &[]);
                    if !e.predictions.is_empty() {
                        let nodes: usize = e.predictions.iter().map(|p| p.nodes.len()).sum();
                        let realised: usize = e.predictions.iter().map(|p| p.realised).sum();
                        println!(
                            "引进预测兑现：{} 个项目预测改变 {nodes} 个环节的状态，已兑现 {realised} 个",
                            e.predictions.len()
                        );
                    }
                }
            }
        }
        PlanCommand::Evaluate {
            chain,
            from,
            to,
            region,
            format,
        } => {
            let c = app.chain_change(&chain, region, from, to).await?;
            match format {
                Format::Json => print_json(&c)?,
                Format::Csv => print_csv(&change_table(&c))?,
                Format::Table => {
                    println!(
                        "{}：{from} → {to} 年\n完整度 {} → {}；本地配套率 {} → {}；产值 {:.0} → {:.0} 万元",
                        c.name_zh,
                        percent(Some(c.completeness_from)),
                        percent(Some(c.completeness_to)),
                        percent(c.local_supply_from),
                        percent(c.local_supply_to),
                        c.output_from,
                        c.output_to
                    );
                    print_text(&change_table(&c), &[]);
                }
            }
        }
    }
    Ok(())
}
