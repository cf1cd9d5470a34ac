//! Data exchange commands: `import`, `template`, `export`, `reference import`.

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use liantu_app::data::{
    DataFormat as FileFormat, DataKind as Kind, ImportMode as Mode, ImportOptions, ReferenceKind,
    ReferenceOutcome,
};
use liantu_app::{App, AppError, DiagnosisRequest};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataKind {
    Enterprises,
    Years,
    Memberships,
    Links,
    /// 企业用工（按职业、技能等级）/ workforce by occupation and skill level
    Workforce,
    /// 院校专业（毕业生、本地留用率、对应职业）/ college programmes (graduates, retention, occupations)
    Programmes,
    /// 技能等级认定结果（按地区、年份、职业、等级）/ skill certifications by area, year, occupation, level
    Certifications,
    /// 创新平台（类型、级别、依托单位、服务环节）/ innovation platforms
    Platforms,
    /// 企业技术需求（环节、经费、状态）/ enterprises' technology needs
    TechNeeds,
    /// 科技成果（所有方、成熟度、专利、适用环节）/ technology achievements
    Achievements,
}

impl From<DataKind> for Kind {
    fn from(k: DataKind) -> Kind {
        match k {
            DataKind::Enterprises => Kind::Enterprises,
            DataKind::Years => Kind::Years,
            DataKind::Memberships => Kind::Memberships,
            DataKind::Links => Kind::Links,
            DataKind::Workforce => Kind::Workforce,
            DataKind::Programmes => Kind::Programmes,
            DataKind::Certifications => Kind::Certifications,
            DataKind::Platforms => Kind::Platforms,
            DataKind::TechNeeds => Kind::TechNeeds,
            DataKind::Achievements => Kind::Achievements,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    Enterprises,
    Years,
    Memberships,
    Links,
    Workforce,
    Programmes,
    Certifications,
    Platforms,
    TechNeeds,
    Achievements,
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
        #[arg(required_unless_present = "builtin")]
        file: Option<PathBuf>,
        /// 使用内置的表（区划代码、职业分类），已有数据库也可用 / the built-in table (divisions, occupations), for a database made before it was built in
        #[arg(long, conflicts_with = "file")]
        builtin: bool,
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
    /// 职业分类大典（2022）/ occupation classification (CSCO 2022)
    Occupations,
}

pub async fn import(db: &Path, args: ImportArgs) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    let options = ImportOptions {
        encoding: args.encoding.clone(),
        mode: match args.mode {
            ModeArg::Insert => Mode::Insert,
            ModeArg::Upsert => Mode::Upsert,
        },
        source: args.source.clone(),
        // Set by the app from the `--as` account.
        scope: None,
    };
    let kind = Kind::from(args.kind);
    let summary = app
        .import_file_explained(kind, &args.file, &options, args.errors.as_deref())
        .await?;
    app.close().await;
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
            "  …… 另有 {0} 条警告 / {0} more warnings",
            summary.warning_count - 50,
        );
    }
    Ok(())
}

pub fn template(args: TemplateArgs) -> Result<()> {
    let kind = Kind::from(args.kind);
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from(format!("template-{kind}.{}", args.format.ext())));
    liantu_app::data::write_template(kind, args.format.into(), &out)?;
    println!("已写入模板 / template written: {}", out.display());
    Ok(())
}

pub async fn export(db: &Path, args: ExportArgs) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    let (name, kind) = match args.kind {
        ExportKind::Enterprises => ("enterprises", Some(Kind::Enterprises)),
        ExportKind::Years => ("years", Some(Kind::Years)),
        ExportKind::Memberships => ("memberships", Some(Kind::Memberships)),
        ExportKind::Links => ("links", Some(Kind::Links)),
        ExportKind::Workforce => ("workforce", Some(Kind::Workforce)),
        ExportKind::Programmes => ("programmes", Some(Kind::Programmes)),
        ExportKind::Certifications => ("certifications", Some(Kind::Certifications)),
        ExportKind::Platforms => ("platforms", Some(Kind::Platforms)),
        ExportKind::TechNeeds => ("tech-needs", Some(Kind::TechNeeds)),
        ExportKind::Achievements => ("achievements", Some(Kind::Achievements)),
        ExportKind::Diagnosis => ("diagnosis", None),
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{name}.{}", args.format.ext())));
    let rows = match kind {
        Some(kind) => app.export_data(kind, args.format.into(), &out).await?,
        None => export_diagnosis(&app, &args, &out).await?,
    };
    app.close().await;
    println!("已导出 / exported {rows} 行 rows → {}", out.display());
    Ok(())
}

/// The diagnosis table, the same as `liantu diagnose --format csv` shows, as a file.
async fn export_diagnosis(app: &App, args: &ExportArgs, out: &Path) -> Result<u32> {
    let Some(chain) = &args.chain else {
        return Err(AppError::invalid(
            "导出诊断需要 --chain ID / exporting a diagnosis needs --chain ID",
        )
        .into());
    };
    let mut request = DiagnosisRequest::new(chain, crate::commands::region(&args.region)?);
    request.year = args.year;
    Ok(app
        .export_diagnosis(&request, args.format.into(), out)
        .await?)
}

pub async fn reference(db: &Path, command: ReferenceCommand) -> Result<()> {
    let ReferenceCommand::Import {
        table,
        file,
        builtin,
        encoding,
    } = command;
    let app = crate::commands::open(db, false).await?;
    let Some(file) = file.filter(|_| !builtin) else {
        let outcome = match table {
            ReferenceTable::Gbt4754 => {
                return Err(AppError::invalid(
                    "GB/T 4754-2017 代码表没有内置，请导入文件 / the GB/T 4754-2017 table is not built in: import a file",
                )
                .into());
            }
            ReferenceTable::Divisions => {
                ReferenceOutcome::Divisions(app.install_builtin_divisions().await?)
            }
            ReferenceTable::Occupations => ReferenceOutcome::Occupations(
                app.install_builtin_occupations(true)
                    .await?
                    .ok_or_else(|| {
                        AppError::internal("the built-in classification was not installed")
                    })?,
            ),
        };
        app.close().await;
        return report_reference(outcome);
    };
    let kind = match table {
        ReferenceTable::Gbt4754 => ReferenceKind::Gbt4754,
        ReferenceTable::Divisions => ReferenceKind::Divisions,
        ReferenceTable::Occupations => ReferenceKind::Occupations,
    };
    let outcome = app
        .import_reference_explained(kind, &file, encoding.as_deref())
        .await?;
    app.close().await;
    report_reference(outcome)
}

fn report_reference(outcome: ReferenceOutcome) -> Result<()> {
    match outcome {
        ReferenceOutcome::IndustryCodes(n) => println!(
            "已导入 GB/T 4754-2017 代码表 / imported the GB/T 4754-2017 table: {n} 个代码 codes"
        ),
        ReferenceOutcome::Divisions(s) => println!(
            "已导入区划代码 / imported division codes: {} 个 codes，新增区域 regions added: {}",
            s.divisions, s.regions_added
        ),
        ReferenceOutcome::Occupations(s) => {
            let [major, middle, small, jobs] = s.per_level;
            println!(
                "已导入职业分类 / imported the occupation classification: {major} 大类 major, {middle} 中类 middle, {small} 小类 small groups, {jobs} 细类 occupations（数字职业 digital {}，绿色职业 green {}，两者 both {}）",
                s.digital, s.green, s.both
            );
            if s.merged_duplicates > 0 {
                println!(
                    "  合并了 {0} 行与前面完全相同的重复行 / merged {0} rows repeating an earlier row exactly",
                    s.merged_duplicates
                );
            }
        }
    }
    Ok(())
}
