//! `liantu map`: a chain's county layout map (SVG) and table; `liantu map import` loads county
//! boundaries from GeoJSON.

use crate::Format;
use crate::commands::{open, region};
use crate::print::{print_csv, print_json, print_text};
use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use liantu_app::county_map::{county_map_svg, county_table};
use liantu_app::{AppError, DiagnosisRequest, Lang};
use std::path::{Path, PathBuf};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MapArgs {
    #[command(subcommand)]
    command: Option<MapCommand>,
    /// 产业链 id / chain id
    #[arg(long)]
    chain: Option<String>,
    #[command(flatten)]
    area: crate::commands::AreaArgs,
    /// 把地图写入 SVG 文件 / write the map to this SVG file
    #[arg(long)]
    out: Option<PathBuf>,
    /// 地图文字的语言 / language of the map's text
    #[arg(long, value_enum, default_value_t = MapLang::Zh)]
    lang: MapLang,
    /// 县区表的格式 / format of the county table
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum MapLang {
    Zh,
    En,
}

#[derive(Subcommand)]
enum MapCommand {
    /// 导入县区边界（GeoJSON 要素集合，properties.code 或 adcode 为 GB/T 2260 代码）/ import county boundaries (GeoJSON)
    Import {
        file: PathBuf,
        /// 边界来源（出处、许可）/ where the boundaries come from (publisher, licence)
        #[arg(long, default_value = "")]
        source: String,
    },
}

pub async fn run(db: &Path, args: MapArgs) -> Result<()> {
    if let Some(MapCommand::Import { file, source }) = args.command {
        let app = open(db, false).await?;
        let n = app.import_region_shapes(&file, &source).await?;
        app.close().await;
        println!("已导入 {n} 个县区边界 / imported {n} county boundaries");
        return Ok(());
    }
    let Some(chain) = args.chain else {
        return Err(AppError::invalid(
            "请用 --chain 指定产业链，或用 liantu map import FILE 导入边界 / give --chain ID, or import boundaries with liantu map import FILE",
        )
        .into());
    };
    let mut request = DiagnosisRequest::new(&chain, region(&args.area.region)?);
    request.year = args.area.year;
    let app = open(db, false).await?;
    let view = app.county_map(&request).await?;
    app.close().await;
    if let Some(out) = &args.out {
        if view.areas.is_empty() {
            return Err(AppError::not_found(format!(
                "区域 {0} 没有县区边界（先运行 liantu map import FILE.geojson）/ no county boundaries for {0} (run liantu map import FILE.geojson first)",
                args.area.region
            ))
            .into());
        }
        let lang = match args.lang {
            MapLang::Zh => Lang::Zh,
            MapLang::En => Lang::En,
        };
        liantu_app::write_whole(out, county_map_svg(&view, lang).as_bytes())?;
        eprintln!("已写入 / written: {}", out.display());
    }
    match args.format {
        Format::Json => print_json(&view)?,
        Format::Csv => print_csv(&county_table(&view))?,
        Format::Table => print_text(&county_table(&view), &[]),
    }
    Ok(())
}
