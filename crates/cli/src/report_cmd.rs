//! `liantu report`: a chain's Word 专报, or the monthly 招商 brief of the project board.

use crate::commands::{open, region};
use anyhow::Result;
use clap::Args;
use liantu_app::DiagnosisRequest;
use liantu_app::model::YearMonth;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ReportArgs {
    /// 产业链 id：写该链的专报 / chain id: write the chain's brief
    #[arg(long, required_unless_present = "monthly", conflicts_with = "monthly")]
    chain: Option<String>,
    /// 写招商项目推进月报（项目库、月报与问题）/ write the monthly 招商 brief (projects, reports, problems)
    #[arg(long)]
    monthly: bool,
    /// 月报的月份（YYYY-MM），默认当前应报月份 / the brief's month (YYYY-MM); default the month whose reports are due
    #[arg(long, conflicts_with = "chain", value_parser = parse_month)]
    month: Option<YearMonth>,
    #[command(flatten)]
    area: crate::commands::AreaArgs,
    /// 写入的 Word 文件（.docx）/ the Word file to write (.docx)
    #[arg(long)]
    out: PathBuf,
}

fn parse_month(s: &str) -> Result<YearMonth, String> {
    YearMonth::parse(s).map_err(|e| e.to_string())
}

pub async fn run(db: &Path, args: ReportArgs) -> Result<()> {
    let app = open(db, false).await?;
    match &args.chain {
        Some(chain) => {
            let mut request = DiagnosisRequest::new(chain, region(&args.area.region)?);
            request.year = args.area.year;
            app.write_chain_brief(&request, &args.out).await?;
            println!("已写入专报 / brief written: {}", args.out.display());
        }
        None => {
            let bytes = app.monthly_brief_docx(args.month).await?;
            liantu_app::write_whole(&args.out, &bytes)?;
            println!(
                "已写入招商月报 / monthly brief written: {}",
                args.out.display()
            );
        }
    }
    app.close().await;
    Ok(())
}
