//! `liantu innovation`: the innovation chain — platforms, technology needs and their matches,
//! achievements, and a chain's 四链融合 view.

use crate::Format;
use crate::commands::{open, region};
use crate::print::{print_csv, print_json, print_text};
use anyhow::Result;
use clap::{Args, Subcommand};
use liantu_app::innovation::{
    InnovationView, achievements_table, fusion_table, matches_table, needs_table, platforms_table,
};
use std::path::Path;

#[derive(Args)]
pub struct InnovationArgs {
    #[command(subcommand)]
    command: InnovationCommand,
}

#[derive(Args)]
struct ChainFilter {
    /// 只看这条产业链 / only this chain
    #[arg(long)]
    chain: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Subcommand)]
enum InnovationCommand {
    /// 创新平台：类型、级别、依托单位、服务环节 / innovation platforms
    Platforms(ChainFilter),
    /// 技术需求及状态（发布→对接→签约→转化）/ technology needs and where they stand
    Needs(ChainFilter),
    /// 科技成果：所有方、成熟度、专利、适用环节 / technology achievements
    Achievements(ChainFilter),
    /// 需求—成果对接：每项在谈需求的推荐成果及理由 / matches for each open need, with reasons
    Match(ChainFilter),
    /// 更新技术需求状态（发布、对接、签约、转化）/ move a technology need to a status
    Status {
        /// 需求编号 / need number
        need: String,
        /// 新状态：发布、对接、签约、转化 / the new status
        #[arg(long)]
        to: String,
        /// 签约或转化的成果编号 / the achievement it was signed or transferred with
        #[arg(long)]
        partner: Option<String>,
    },
    /// 四链融合：各环节的产业、人才、教育、创新 / a chain's four chains by node
    Fusion {
        /// 产业链 ID / chain id
        #[arg(long)]
        chain: String,
        #[command(flatten)]
        area: crate::commands::AreaArgs,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

fn header(view: &InnovationView) {
    let scope = view.chain.as_deref().unwrap_or("全部产业链 / all chains");
    let pipeline: Vec<String> = view
        .pipeline
        .iter()
        .map(|s| format!("{} {}", s.status_zh, s.needs))
        .collect();
    println!(
        "{scope} · 平台 platforms {} · 需求 needs {}（{}）· 成果 achievements {}{}",
        view.platforms.len(),
        view.needs.len(),
        pipeline.join(" → "),
        view.achievements.len(),
        if view.illustrative {
            " · 示例数据 / illustrative"
        } else {
            ""
        }
    );
}

pub async fn run(db: &Path, args: InnovationArgs) -> Result<()> {
    let app = open(db, false).await?;
    let (filter, table): (ChainFilter, fn(&InnovationView) -> liantu_app::Table) =
        match args.command {
            InnovationCommand::Fusion {
                chain,
                area,
                format,
            } => {
                let view = app.fusion(&chain, region(&area.region)?, area.year).await?;
                app.close().await;
                match format {
                    Format::Json => print_json(&view)?,
                    Format::Csv => print_csv(&fusion_table(&view))?,
                    Format::Table => {
                        println!(
                            "{} · {} · 四链融合 / four chains{}",
                            view.chain_name_zh,
                            view.region.name_zh,
                            if view.illustrative {
                                " · 示例数据 / illustrative"
                            } else {
                                ""
                            }
                        );
                        print_text(&fusion_table(&view), &[]);
                        println!("来源 / sources: {}", view.source_line(liantu_app::Lang::Zh));
                    }
                }
                return Ok(());
            }
            InnovationCommand::Status { need, to, partner } => {
                let status: liantu_app::model::innovation::NeedStatus =
                    to.parse().map_err(|e: liantu_app::model::UnknownVariant| {
                        liantu_app::AppError::invalid(e.to_string())
                    })?;
                app.set_need_status(&need, status, partner.as_deref())
                    .await?;
                app.close().await;
                println!("{need} → {} / {}", status.label_zh(), status.label_en());
                return Ok(());
            }
            InnovationCommand::Platforms(f) => (f, platforms_table),
            InnovationCommand::Needs(f) => (f, needs_table),
            InnovationCommand::Match(f) => (f, matches_table),
            InnovationCommand::Achievements(f) => (f, achievements_table),
        };
    let view = app.innovation(filter.chain.as_deref()).await?;
    app.close().await;
    match filter.format {
        Format::Json => print_json(&view)?,
        Format::Csv => print_csv(&table(&view))?,
        Format::Table => {
            header(&view);
            print_text(&table(&view), &[]);
            println!("来源 / sources: {}", view.source_line(liantu_app::Lang::Zh));
        }
    }
    Ok(())
}
