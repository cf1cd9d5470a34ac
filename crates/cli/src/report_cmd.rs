//! `liantu report`: a chain's Word 专报.

use crate::commands::{open, region};
use anyhow::Result;
use clap::Args;
use liantu_app::DiagnosisRequest;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ReportArgs {
    /// 产业链 id / chain id
    #[arg(long)]
    chain: String,
    #[command(flatten)]
    area: crate::commands::AreaArgs,
    /// 写入的 Word 文件（.docx）/ the Word file to write (.docx)
    #[arg(long)]
    out: PathBuf,
}

pub async fn run(db: &Path, args: ReportArgs) -> Result<()> {
    let mut request = DiagnosisRequest::new(&args.chain, region(&args.area.region)?);
    request.year = args.area.year;
    let app = open(db, false).await?;
    app.write_chain_brief(&request, &args.out).await?;
    app.close().await;
    println!("已写入专报 / brief written: {}", args.out.display());
    Ok(())
}
