//! `liantu occupation list|show`: the occupation classification (职业分类大典 2022) once imported
//! with `liantu reference import occupations FILE`.

use crate::Format;
use crate::print::{print_csv, print_json, print_text};
use anyhow::Result;
use clap::Subcommand;
use liantu_app::chain_occupations::chain_occupation_table;
use liantu_app::occupations::{OccupationFilter, occupation_table};
use std::path::Path;

#[derive(Subcommand)]
pub enum OccupationCommand {
    /// 列出职业分类（按层级、关键词、数字/绿色职业筛选）/ list classes (by level, words, digital/green)
    List {
        /// 层级 1 大类、2 中类、3 小类、4 细类（职业）/ level: 1 major … 4 occupation
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
        level: Option<u8>,
        /// 名称、别名、定义或任务中的词，或编码开头 / words of the name, an alias, the definition or tasks; or the start of the code
        #[arg(long = "q")]
        query: Option<String>,
        /// 只列数字职业（S）/ digital occupations only
        #[arg(long)]
        digital: bool,
        /// 只列绿色职业（L）/ green occupations only
        #[arg(long)]
        green: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 为职位名称（招聘岗位、人事报表）标注职业编码：每行加上编码、名称、置信度、另两个候选和复核标记 / add occupation codes to job titles: code, name, confidence, two more candidates and a review mark per row
    Classify {
        /// CSV（UTF-8/GBK）或 XLSX / CSV (UTF-8/GBK) or XLSX
        file: std::path::PathBuf,
        /// 职位名称所在列的表头（默认：职位名称、岗位名称、职位、岗位、工种）/ the title column's header
        #[arg(long)]
        column: Option<String>,
        /// 输出文件（.xlsx 或 .csv）/ output file (.xlsx or .csv)
        #[arg(long)]
        out: std::path::PathBuf,
        #[arg(long)]
        encoding: Option<String>,
    },
    /// 产业链各环节的职业：链定义中列出的、人工确认的，以及按环节名称和关键词给出的建议（occupation confirm / reject 处理）/ the occupations of a chain's nodes: the chain file's, the confirmed ones, and suggestions from the node's name and keywords (to confirm or reject)
    Chain {
        /// 产业链 ID，如 chemical / chain id, e.g. chemical
        chain: String,
        /// 不给建议，只列链定义中的职业 / the chain file's occupations only, no suggestions
        #[arg(long)]
        no_suggestions: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 确认环节的职业（计入技能需求和四链融合）/ confirm occupations of a node (counted in the skills and four-chain views)
    Confirm(ReviewArgs),
    /// 拒绝建议的职业（不再建议）/ reject suggested occupations (not suggested again)
    Reject(ReviewArgs),
    /// 撤销确认或拒绝 / take a confirmation or rejection back
    Undo(ReviewArgs),
    /// 专业—职业对照建议：按专业名称给出对照表尚未列出的职业，复制到院校专业文件后再导入 / crosswalk suggestions: occupations a programme's name suggests beyond its crosswalk, to copy into the programmes file
    Crosswalk {
        /// 只看这一年的专业 / only this year's programmes
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 一个职业类别：定义、主要任务、下属类别 / one class: definition, tasks, the classes under it
    Show {
        code: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(clap::Args)]
pub struct ReviewArgs {
    /// 产业链 ID / chain id
    #[arg(long)]
    chain: String,
    /// 环节 ID / node id
    #[arg(long)]
    node: String,
    /// 职业编码（细类）/ occupation codes
    #[arg(required = true)]
    codes: Vec<String>,
    /// 处理人，默认当前系统用户 / who decides, default the system user
    #[arg(long)]
    by: Option<String>,
}

async fn review(
    app: &liantu_app::App,
    args: ReviewArgs,
    review: liantu_app::chain_occupations::Review,
) -> Result<()> {
    let by = args
        .by
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".into());
    let changed = app
        .review_node_occupations(&args.chain, &args.node, &args.codes, review, &by)
        .await?;
    println!("已更新 / updated: {changed}");
    Ok(())
}

pub async fn run(db: &Path, command: OccupationCommand) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    match command {
        OccupationCommand::List {
            level,
            query,
            digital,
            green,
            format,
        } => {
            let filter = OccupationFilter {
                level,
                query,
                digital,
                green,
            };
            let classes = app.occupations(&filter).await?;
            match format {
                Format::Json => print_json(&classes)?,
                Format::Csv => print_csv(&occupation_table(&classes))?,
                Format::Table => print_text(&occupation_table(&classes), &[]),
            }
        }
        OccupationCommand::Classify {
            file,
            column,
            out,
            encoding,
        } => {
            let format = match out.extension().and_then(|e| e.to_str()) {
                Some(e) if e.eq_ignore_ascii_case("xlsx") => liantu_app::data::DataFormat::Xlsx,
                _ => liantu_app::data::DataFormat::Csv,
            };
            let s = app
                .classify_titles(&file, column.as_deref(), encoding.as_deref(), &out, format)
                .await?;
            println!(
                "已标注 / classified {} 行 rows → {}；未匹配 unmatched {}，须复核 to review {}（置信度低于 confidence under {:.0}%）",
                s.rows,
                out.display(),
                s.unmatched,
                s.review,
                liantu_app::occupations::REVIEW_BELOW * 100.0
            );
        }
        OccupationCommand::Chain {
            chain,
            no_suggestions,
            format,
        } => {
            let nodes = app.chain_occupations(&chain, !no_suggestions).await?;
            let table = chain_occupation_table(&nodes);
            match format {
                Format::Json => print_json(&*nodes)?,
                Format::Csv => print_csv(&table)?,
                Format::Table => print_text(&table, &[]),
            }
        }
        OccupationCommand::Crosswalk { year, format } => {
            let rows = app.crosswalk_suggestions(year).await?;
            let table = liantu_app::crosswalk::crosswalk_table(&rows);
            match format {
                Format::Json => print_json(&rows)?,
                Format::Csv => print_csv(&table)?,
                Format::Table => print_text(&table, &[]),
            }
        }
        OccupationCommand::Confirm(args) => {
            review(&app, args, liantu_app::chain_occupations::Review::Confirm).await?;
        }
        OccupationCommand::Reject(args) => {
            review(&app, args, liantu_app::chain_occupations::Review::Reject).await?;
        }
        OccupationCommand::Undo(args) => {
            review(&app, args, liantu_app::chain_occupations::Review::Undo).await?;
        }
        OccupationCommand::Show { code, format } => {
            let (classes, children) = app.occupation(&code).await?;
            match format {
                Format::Json => print_json(&serde_json::json!({
                    "classes": classes, "children": children,
                }))?,
                Format::Csv => print_csv(&occupation_table(&classes))?,
                Format::Table => {
                    for o in &classes {
                        println!("{} {}", o.code, o.name);
                        if let Some(parent) = &o.parent {
                            println!("  上级 / parent: {parent}");
                        }
                        if !o.definition.is_empty() {
                            println!("  定义 / definition: {}", o.definition);
                        }
                        if !o.tasks.is_empty() {
                            println!("  主要工作任务 / tasks: {}", o.tasks);
                        }
                        if !o.aliases.is_empty() {
                            println!(
                                "  别名（非官方）/ aliases (not official): {}",
                                o.aliases.join("，")
                            );
                        }
                    }
                    if !children.is_empty() {
                        println!("下属类别 / classes under it:");
                        print_text(&occupation_table(&children), &[]);
                    }
                }
            }
        }
    }
    app.close().await;
    Ok(())
}
