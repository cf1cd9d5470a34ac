//! `liantu skills`: what a chain's firms in an area employ and seek, by occupation.

use crate::Format;
use crate::commands::{open, region};
use crate::print::{print_csv, print_json, print_text};
use anyhow::Result;
use clap::Args;
use liantu_app::skills::{skills_demand_table, suggestions_table};
use std::path::Path;

#[derive(Args)]
pub struct SkillsArgs {
    /// 产业链 ID，如 nev-battery / chain id, e.g. nev-battery
    #[arg(long)]
    chain: String,
    #[command(flatten)]
    area: crate::commands::AreaArgs,
    /// 按县区汇总（区域下属各县区）/ totals per county of the region
    #[arg(long)]
    by_county: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub async fn run(db: &Path, args: SkillsArgs) -> Result<()> {
    let app = open(db, false).await?;
    if args.by_county {
        let counties = app
            .skills_by_county(&args.chain, region(&args.area.region)?, args.area.year)
            .await?;
        app.close().await;
        let table = liantu_app::skills::county_table(&counties);
        match args.format {
            Format::Json => print_json(&counties)?,
            Format::Csv => print_csv(&table)?,
            Format::Table => print_text(&table, &[]),
        }
        return Ok(());
    }
    let view = app
        .skills_demand(&args.chain, region(&args.area.region)?, args.area.year)
        .await?;
    app.close().await;
    match args.format {
        Format::Json => print_json(&view)?,
        Format::Csv => print_csv(&skills_demand_table(&view))?,
        Format::Table => {
            let year = match view.year {
                Some(year) if view.totals.rows > 0 => year,
                year => {
                    let year = year.map_or_else(String::new, |y| format!(" {y}"));
                    println!(
                        "{}{year} {} 还没有企业用工数据：liantu import workforce 文件 / no workforce rows for the chain's firms in {}{year}: liantu import workforce FILE",
                        view.region.name_zh, view.chain_name_zh, view.region.name_en
                    );
                    return Ok(());
                }
            };
            let t = &view.totals;
            let pct = crate::print::percent;
            println!(
                "{} · {} · {year}{}",
                view.chain_name_zh,
                view.region.name_zh,
                if view.illustrative {
                    " · 示例数据 / illustrative"
                } else {
                    ""
                }
            );
            println!(
                "企业 firms {} · 在岗 employed {} · 空缺 vacancies {}（空缺率 vacancy rate {}）· 高技能人才占比 high-skill share {} · 数字职业 digital {} · 绿色职业 green {} · 待复核 to review {}/{} · 本地新增供给 local supply {:.0}（院校专业 programmes {}，技能认定 certified {}）",
                t.firms,
                t.employed,
                t.vacancies,
                pct(t.vacancy_rate),
                pct(t.high_skill_share),
                pct(t.digital_share),
                pct(t.green_share),
                t.to_review,
                t.rows,
                t.supply,
                t.programmes,
                t.certified
            );
            println!(
                "高技能人才占比目标 high-skill target 1/3（{}）{}",
                t.high_skill_target_source,
                t.high_skill_shortfall.map_or_else(String::new, |n| format!(
                    " · 距目标还需晋升 workers to upskill {n}"
                ))
            );
            print_text(&skills_demand_table(&view), &[]);
            if !view.suggestions.is_empty() {
                println!();
                print_text(&suggestions_table(&view), &[]);
            }
            println!("来源 / sources: {}", view.source_line(liantu_app::Lang::Zh));
        }
    }
    Ok(())
}
