//! `liantu coupling`: supply between an area's chains, cross-chain 本地配套率 and coupling gaps.

use crate::Format;
use crate::commands::{open, region};
use crate::print::{print_csv, print_json, print_text};
use anyhow::Result;
use clap::Args;
use liantu_app::coupling::{
    coupling_flow_table, coupling_gap_table, coupling_matrix_table, cross_supply_table,
};
use liantu_app::coupling_map::coupling_map_svg;
use std::path::Path;

#[derive(Args)]
pub struct CouplingArgs {
    #[command(flatten)]
    area: crate::commands::AreaArgs,
    /// table：三张表；csv：耦合缺口表；json：全部 / table: three tables; csv: the gaps; json: everything
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// 另将产业链群耦合图写入 SVG 文件 / also write the chain-group coupling map to this SVG file
    #[arg(long, value_name = "FILE.svg")]
    out: Option<std::path::PathBuf>,
}

pub async fn run(db: &Path, args: CouplingArgs) -> Result<()> {
    let app = open(db, false).await?;
    let view = app
        .coupling(region(&args.area.region)?, args.area.year)
        .await?;
    app.close().await;
    if let Some(out) = &args.out {
        let svg = coupling_map_svg(&view, liantu_app::Lang::Zh);
        if svg.is_empty() {
            return Err(liantu_app::AppError::not_found(
                "本区域的产业链之间没有跨链环节，未写入 / no cross-chain edges between the area's chains; nothing written",
            )
            .into());
        }
        liantu_app::write_whole(out, svg.as_bytes())?;
        eprintln!("已写入 / written: {}", out.display());
    }
    match args.format {
        Format::Json => print_json(&view)?,
        Format::Csv => print_csv(&coupling_gap_table(&view))?,
        Format::Table => {
            let link_year = view.link_year.map_or_else(|| "—".into(), |y| y.to_string());
            println!(
                "{} {} · 供应关系年份 / link year {link_year}{}",
                view.region.name_zh,
                view.region.code,
                if view.illustrative {
                    " · 示例数据 / illustrative"
                } else {
                    ""
                }
            );
            for table in [
                coupling_matrix_table(&view),
                coupling_flow_table(&view),
                cross_supply_table(&view),
                coupling_gap_table(&view),
            ] {
                println!(
                    "\n{} / {}",
                    table.title.get(liantu_app::Lang::Zh),
                    table.title.get(liantu_app::Lang::En)
                );
                print_text(&table, &[]);
            }
        }
    }
    Ok(())
}
