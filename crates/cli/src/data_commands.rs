//! Data exchange commands: `import`, `template`, `export`, `reference import`, and the
//! industry-code check `chain check` runs against the reference table.

use crate::InvalidInput;
use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use liantu_app::DiagnosisRequest;
use liantu_ingest::{FileFormat, ImportError, ImportOptions, Kind, Mode, Report};
use liantu_model::RegionCode;
use std::path::{Path, PathBuf};

/// Errors printed on the terminal before pointing to `--errors`.
const TERMINAL_ERRORS: usize = 1000;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataKind {
    Enterprises,
    Years,
    Memberships,
    Links,
}

impl From<DataKind> for Kind {
    fn from(k: DataKind) -> Kind {
        match k {
            DataKind::Enterprises => Kind::Enterprises,
            DataKind::Years => Kind::Years,
            DataKind::Memberships => Kind::Memberships,
            DataKind::Links => Kind::Links,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    Enterprises,
    Years,
    Memberships,
    Links,
    Diagnosis,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// 只新增，已有记录报错 / new rows only; a stored key is an error
    Insert,
    /// 新增或更新（企业按信用代码）/ add or update (enterprises keyed by USCC)
    Upsert,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Xlsx,
    Csv,
}

impl From<FormatArg> for FileFormat {
    fn from(f: FormatArg) -> FileFormat {
        match f {
            FormatArg::Xlsx => FileFormat::Xlsx,
            FormatArg::Csv => FileFormat::Csv,
        }
    }
}

impl FormatArg {
    fn ext(self) -> &'static str {
        match self {
            FormatArg::Xlsx => "xlsx",
            FormatArg::Csv => "csv",
        }
    }
}

#[derive(Args)]
pub struct ImportArgs {
    /// 数据类型 / kind of data
    #[arg(value_enum)]
    kind: DataKind,
    /// .xlsx / .xls / .csv 文件 / the file
    file: PathBuf,
    /// 强制 CSV 编码（utf-8、gbk、gb18030）/ force the CSV encoding
    #[arg(long)]
    encoding: Option<String>,
    #[arg(long, value_enum, default_value_t = ModeArg::Insert)]
    mode: ModeArg,
    /// 出错时把全部错误写入此 Excel 文件（错误单元格标红）/ on failure, write every error to this workbook, bad cells highlighted
    #[arg(long, value_name = "FILE.xlsx")]
    errors: Option<PathBuf>,
    /// 没有“数据来源”列时使用的来源编号（不存在则创建）/ source id for rows without one (created when missing)
    #[arg(long)]
    source: Option<String>,
}

#[derive(Args)]
pub struct TemplateArgs {
    #[arg(value_enum)]
    kind: DataKind,
    #[arg(long, value_enum, default_value_t = FormatArg::Xlsx)]
    format: FormatArg,
    /// 输出文件，默认 template-KIND.xlsx|csv / output file
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(value_enum)]
    kind: ExportKind,
    #[arg(long, value_enum, default_value_t = FormatArg::Xlsx)]
    format: FormatArg,
    /// 输出文件，默认 KIND.xlsx|csv / output file
    #[arg(long)]
    out: Option<PathBuf>,
    /// 诊断：产业链 id / diagnosis: chain id
    #[arg(long)]
    chain: Option<String>,
    /// 诊断：区域代码 / diagnosis: region code
    #[arg(long, env = "LIANTU_REGION", default_value = "450200")]
    region: String,
    /// 诊断：年份 / diagnosis: year
    #[arg(long)]
    year: Option<i32>,
}

#[derive(Subcommand)]
pub enum ReferenceCommand {
    /// 导入参考表 / import a reference table
    Import {
        #[arg(value_enum)]
        table: ReferenceTable,
        /// CSV 文件（区划代码也可以是目录）/ CSV file (divisions: or a directory of them)
        file: PathBuf,
        #[arg(long)]
        encoding: Option<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReferenceTable {
    /// GB/T 4754-2017 国民经济行业分类
    Gbt4754,
    /// 统计用区划代码 / division codes
    Divisions,
}

fn rows_failed(report: &Report, errors: Option<&Path>) -> anyhow::Error {
    let mut msg = report.render(TERMINAL_ERRORS);
    if let Some(path) = errors {
        match liantu_ingest::errors_workbook(report, path) {
            Ok(()) => msg.push_str(&format!(
                "全部错误已写入 / every error written to: {}\n",
                path.display()
            )),
            Err(e) => msg.push_str(&format!("{e}\n")),
        }
    }
    InvalidInput(msg.trim_end().to_string()).into()
}

fn reference_failed(e: liantu_app::AppError) -> anyhow::Error {
    match e {
        liantu_app::AppError::Import(e) => import_failed(e, None),
        other => other.into(),
    }
}

fn import_failed(e: ImportError, errors: Option<&Path>) -> anyhow::Error {
    match e {
        ImportError::File(f) => InvalidInput(format!(
            "导入失败，未写入任何数据 / import failed, nothing was written: {f}"
        ))
        .into(),
        ImportError::Rows(report) => rows_failed(&report, errors),
        ImportError::Store(s) => anyhow::Error::new(s)
            .context("导入失败，未写入任何数据 / import failed, nothing was written"),
        other @ ImportError::Internal(_) => anyhow::Error::new(other)
            .context("导入失败，未写入任何数据 / import failed, nothing was written"),
    }
}

pub async fn import(db: &Path, args: ImportArgs) -> Result<()> {
    let store = liantu_app::App::open(db, false).await?;
    let opts = ImportOptions {
        encoding: args.encoding.clone(),
        mode: match args.mode {
            ModeArg::Insert => Mode::Insert,
            ModeArg::Upsert => Mode::Upsert,
        },
        source: args.source.clone(),
    };
    let kind = Kind::from(args.kind);
    let summary = store
        .import_file(kind, &args.file, &opts)
        .await
        .map_err(|e| match e {
            liantu_app::AppError::Import(e) => import_failed(e, args.errors.as_deref()),
            other => other.into(),
        })?;
    store.close().await;
    let mut how = summary.info.format.clone();
    if let Some(e) = &summary.info.encoding {
        how.push_str(&format!(", {e}"));
    }
    if let Some(s) = &summary.info.sheet {
        how.push_str(&format!(", 工作表 sheet {s}"));
    }
    println!(
        "已导入{} / imported {} from {} ({how}): {} 行 rows — 新增 added {}，更新 updated {}，警告 warnings {}",
        kind.label_zh(),
        kind,
        args.file.display(),
        summary.rows,
        summary.added,
        summary.updated,
        summary.warning_count
    );
    for w in summary.warnings.iter().take(50) {
        println!("  警告 warning: {w}");
    }
    if summary.warning_count > 50 {
        println!(
            "  …… 另有 {} 条警告 / {} more warnings",
            summary.warning_count - 50,
            summary.warning_count - 50
        );
    }
    Ok(())
}

pub fn template(args: TemplateArgs) -> Result<()> {
    let kind = Kind::from(args.kind);
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from(format!("template-{kind}.{}", args.format.ext())));
    liantu_ingest::template(kind, args.format.into(), &out)?;
    println!("已写入模板 / template written: {}", out.display());
    Ok(())
}

pub async fn export(db: &Path, args: ExportArgs) -> Result<()> {
    let store = liantu_app::App::open(db, false).await?;
    let name = match args.kind {
        ExportKind::Enterprises => "enterprises",
        ExportKind::Years => "years",
        ExportKind::Memberships => "memberships",
        ExportKind::Links => "links",
        ExportKind::Diagnosis => "diagnosis",
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{name}.{}", args.format.ext())));
    let kind = match args.kind {
        ExportKind::Enterprises => Some(Kind::Enterprises),
        ExportKind::Years => Some(Kind::Years),
        ExportKind::Memberships => Some(Kind::Memberships),
        ExportKind::Links => Some(Kind::Links),
        ExportKind::Diagnosis => None,
    };
    let rows = match kind {
        Some(kind) => store.export_data(kind, args.format.into(), &out).await?,
        None => export_diagnosis(&store, &args, &out).await?,
    };
    store.close().await;
    println!("已导出 / exported {rows} 行 rows → {}", out.display());
    Ok(())
}

async fn export_diagnosis(store: &liantu_app::App, args: &ExportArgs, out: &Path) -> Result<u32> {
    let Some(chain) = &args.chain else {
        return Err(InvalidInput(
            "导出诊断需要 --chain ID / exporting a diagnosis needs --chain ID".into(),
        )
        .into());
    };
    let region = RegionCode::parse(&args.region).map_err(|e| InvalidInput(e.to_string()))?;
    let mut request = DiagnosisRequest::new(chain, region);
    request.year = args.year;
    Ok(store
        .export_diagnosis(&request, args.format.into(), out)
        .await?)
}

pub async fn reference(db: &Path, command: ReferenceCommand) -> Result<()> {
    match command {
        ReferenceCommand::Import {
            table,
            file,
            encoding,
        } => {
            let store = liantu_app::App::open(db, false).await?;
            match table {
                ReferenceTable::Gbt4754 => {
                    let liantu_app::data::ReferenceOutcome::IndustryCodes(n) = store
                        .import_reference(
                            liantu_app::data::ReferenceKind::Gbt4754,
                            &file,
                            encoding.as_deref(),
                        )
                        .await
                        .map_err(reference_failed)?
                    else {
                        unreachable!("a GB/T 4754 import reports industry codes")
                    };
                    println!(
                        "已导入 GB/T 4754-2017 代码表 / imported the GB/T 4754-2017 table: {n} 个代码 codes"
                    );
                }
                ReferenceTable::Divisions => {
                    let liantu_app::data::ReferenceOutcome::Divisions(s) = store
                        .import_reference(
                            liantu_app::data::ReferenceKind::Divisions,
                            &file,
                            encoding.as_deref(),
                        )
                        .await
                        .map_err(reference_failed)?
                    else {
                        unreachable!("a division import reports divisions")
                    };
                    println!(
                        "已导入区划代码 / imported division codes: {} 个 codes，新增区域 regions added: {}",
                        s.divisions, s.regions_added
                    );
                }
            }
            store.close().await;
            Ok(())
        }
    }
}

/// After `chain check` has accepted a file's form: when the database has the GB/T 4754-2017
/// reference table, every industry code of the chain must be in it (exit 2 otherwise).
pub async fn check_chain_codes(db: &Path, file: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let Ok(chain) = liantu_chain::parse_chain(&text) else {
        return Ok(());
    };
    if !db.exists() {
        return Ok(());
    }
    let store = liantu_app::App::open(db, false).await?;
    let codes: Vec<&str> = chain
        .nodes
        .iter()
        .flat_map(|n| n.industry_codes.iter().map(|c| c.as_str()))
        .collect();
    let check = store
        .check_chain(&liantu_app::ChainSource {
            name: file.display().to_string(),
            text: text.clone(),
        })
        .await?;
    let unknown: Option<Vec<String>> = check
        .unknown_codes
        .map(|u| u.into_iter().map(|(code, _)| code).collect());
    store.close().await;
    match unknown {
        None => {
            println!(
                "（数据库中没有 GB/T 4754-2017 代码表，行业代码只检查了格式；可运行 liantu reference import gbt4754 FILE）/ (no GB/T 4754-2017 table in the database: industry codes were checked for form only)"
            );
            Ok(())
        }
        Some(unknown) if unknown.is_empty() => {
            println!(
                "行业代码均在 GB/T 4754-2017 代码表中 / every industry code is in the GB/T 4754-2017 table ({})",
                codes.len()
            );
            Ok(())
        }
        Some(unknown) => {
            let mut msg = format!(
                "{}：{} 个行业代码不在 GB/T 4754-2017 代码表中 / {} industry code(s) not in the GB/T 4754-2017 table",
                file.display(),
                unknown.len(),
                unknown.len()
            );
            for code in &unknown {
                let line = text
                    .lines()
                    .position(|l| l.contains(&format!("\"{code}\"")))
                    .map_or(0, |i| i + 1);
                let nodes: Vec<&str> = chain
                    .nodes
                    .iter()
                    .filter(|n| n.industry_codes.iter().any(|c| c.as_str() == code))
                    .map(|n| n.id.as_str())
                    .collect();
                msg.push_str(&format!(
                    "\n{}:{line}: 行业代码 {code}（环节 {}）不存在 / industry code {code} (node {}) does not exist",
                    file.display(),
                    nodes.join(", "),
                    nodes.join(", ")
                ));
            }
            Err(InvalidInput(msg).into())
        }
    }
}
