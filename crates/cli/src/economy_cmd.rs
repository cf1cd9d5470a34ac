//! `liantu economy`: 民营经济 indicators computed from the data beside the published figures.

use crate::Format;
use crate::commands::{open, region};
use crate::print::{print_csv, print_json, print_text};
use anyhow::Result;
use clap::Args;
use liantu_app::AppError;
use liantu_app::economy::{economy_leaders_table, economy_specialized_table, economy_table};
use liantu_app::model::Ownership;
use std::path::Path;

#[derive(Args)]
pub struct EconomyArgs {
    /// 所有制：private（民营）、state、foreign、hmt / ownership
    #[arg(long, default_value = "private")]
    ownership: String,
    /// 只计该产业链的成员企业 / only this chain's member firms
    #[arg(long)]
    chain: Option<String>,
    #[command(flatten)]
    area: crate::commands::AreaArgs,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub async fn run(db: &Path, args: EconomyArgs) -> Result<()> {
    let ownership: Ownership = args
        .ownership
        .parse()
        .map_err(|e: liantu_app::model::UnknownVariant| AppError::invalid(e.to_string()))?;
    let app = open(db, false).await?;
    let view = app
        .economy(
            region(&args.area.region)?,
            ownership,
            args.area.year,
            args.chain.as_deref(),
        )
        .await?;
    app.close().await;
    match args.format {
        Format::Json => print_json(&view)?,
        Format::Csv => print_csv(&economy_table(&view))?,
        Format::Table => {
            let year = view.year.map_or_else(|| "—".into(), |y| y.to_string());
            println!(
                "{} {} · {} · {year} 年数据 / data year {year}",
                view.region.name_zh,
                view.region.code,
                ownership.label_zh()
            );
            print_text(&economy_table(&view), &[]);
            for table in [
                economy_leaders_table(&view),
                economy_specialized_table(&view),
            ] {
                println!("\n{} / {}", table.title.zh, table.title.en);
                print_text(&table, &[]);
            }
        }
    }
    Ok(())
}
