//! `liantu tag suggest | list | confirm | reject`: auto-tagging of enterprises onto chain nodes.
//! Suggestions stay suggestions until a person confirms them.

use crate::Format;
use crate::print::{print_csv, print_json, print_text, text};
use anyhow::Result;
use clap::Subcommand;
use liantu_app::AppError;
use liantu_app::tag::{
    DEFAULT_MIN_CONFIDENCE, ListRequest, SuggestRequest, SuggestSummary, TagSelection, TagStatus,
    TagView, suggest_table, tags_table,
};
use std::path::Path;

#[derive(Subcommand)]
pub enum TagCommand {
    /// 按行业代码和主营产品/经营范围中的关键词生成环节归属建议，更新此前待确认的建议（再次找到的保留编号）/ suggest chain-node memberships from industry codes and product keywords (brings the pending suggestions up to date; one found again keeps its id)
    Suggest {
        /// 只按这条产业链标注 / tag against this chain only
        #[arg(long)]
        chain: Option<String>,
        /// 置信度下限（0–1）/ minimum confidence (0–1)
        #[arg(long, default_value_t = DEFAULT_MIN_CONFIDENCE)]
        min_confidence: f64,
        /// 只计算并显示，不写入数据库 / compute and show, write nothing
        #[arg(long)]
        dry_run: bool,
        /// 试运行时表格中显示的建议条数 / suggestions shown in the table on a dry run
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 列出标注建议及依据 / list tag suggestions with their evidence
    List {
        /// 只列这条产业链 / this chain only
        #[arg(long)]
        chain: Option<String>,
        /// 状态：suggested（待确认，默认）、confirmed、rejected、all / status
        #[arg(long, default_value = "suggested")]
        status: String,
        /// 置信度下限 / minimum confidence
        #[arg(long)]
        min_confidence: Option<f64>,
        /// 表格中显示的行数（0 = 全部）/ rows shown in the table (0 = all)
        #[arg(long, default_value_t = 0)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 确认建议：写入企业的环节归属（来源记录确认人和日期）/ confirm suggestions: write the memberships (the source records who and when)
    Confirm {
        /// 建议编号（见 `liantu tag list`）/ suggestion ids (see `liantu tag list`)
        ids: Vec<i64>,
        /// 确认全部置信度不低于 X 的待确认建议 / confirm every pending suggestion with confidence ≥ X
        #[arg(long, conflicts_with = "ids")]
        all_above: Option<f64>,
        /// 与 --all-above 同用：只确认这条产业链 / with --all-above: this chain only
        #[arg(long, requires = "all_above")]
        chain: Option<String>,
        /// 确认人（默认 $LIANTU_USER，否则 $USER）/ who confirms (default $LIANTU_USER, else $USER)
        #[arg(long, env = "LIANTU_USER")]
        by: Option<String>,
    },
    /// 拒绝建议（会被记住，以后不再建议）/ reject suggestions (remembered: never suggested again)
    Reject {
        /// 建议编号 / suggestion ids
        #[arg(required = true)]
        ids: Vec<i64>,
        /// 决定人（默认 $LIANTU_USER，否则 $USER）/ who decides
        #[arg(long, env = "LIANTU_USER")]
        by: Option<String>,
    },
    /// 撤销确认：删除确认时写入的环节归属，建议恢复为待定 / take confirmations back: remove the memberships they wrote, the suggestions are pending again
    Undo {
        /// 建议编号 / suggestion ids
        #[arg(required = true)]
        ids: Vec<i64>,
    },
}

fn who(by: Option<String>) -> String {
    by.or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".into())
}

pub async fn run(db: &Path, command: TagCommand) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    match command {
        TagCommand::Suggest {
            chain,
            min_confidence,
            dry_run,
            limit,
            format,
        } => {
            let summary = app
                .suggest_tags(&SuggestRequest {
                    chain: chain.as_deref(),
                    min_confidence,
                    dry_run,
                })
                .await?;
            match format {
                Format::Json => print_json(&summary)?,
                Format::Csv => print_csv(&tags_table(&summary.preview))?,
                Format::Table => print_summary(&summary, limit),
            }
        }
        TagCommand::List {
            chain,
            status,
            min_confidence,
            limit,
            format,
        } => {
            let status = match status.trim() {
                "all" | "全部" => None,
                s => Some(TagStatus::parse(s).ok_or_else(|| {
                    AppError::invalid(format!(
                        "未知的状态 '{s}'，可选 suggested confirmed rejected all / unknown status '{s}', expected one of: suggested confirmed rejected all"
                    ))
                })?),
            };
            let views = app
                .list_tags(&ListRequest {
                    chain: chain.as_deref(),
                    status,
                    min_confidence,
                    window: None,
                })
                .await?;
            match format {
                Format::Json => print_json(&views)?,
                Format::Csv => print_csv(&tags_table(&views))?,
                Format::Table => {
                    if views.is_empty() {
                        println!(
                            "没有符合条件的标注建议（先运行 `liantu tag suggest`）/ no tag suggestions match (run `liantu tag suggest` first)"
                        );
                    } else {
                        print!("{}", table(&views, status.is_none(), limit));
                    }
                }
            }
        }
        TagCommand::Confirm {
            ids,
            all_above,
            chain,
            by,
        } => {
            let selection = match all_above {
                Some(min) => TagSelection::Above { min, chain },
                None if ids.is_empty() => {
                    return Err(AppError::invalid(
                        "请给出建议编号或 --all-above X / give suggestion ids or --all-above X",
                    )
                    .into());
                }
                None => TagSelection::Ids(ids),
            };
            let d = app.confirm_tags(&selection, &who(by)).await?;
            println!(
                "已确认 {} 条建议，新增环节归属 {} 条 / confirmed {} suggestion(s), {} membership(s) added",
                d.changed.len(),
                d.memberships_added,
                d.changed.len(),
                d.memberships_added
            );
            if !d.unchanged.is_empty() {
                println!(
                    "原已确认，未改动 / already confirmed, left as they were: {}",
                    join(&d.unchanged)
                );
            }
        }
        TagCommand::Reject { ids, by } => {
            let d = app.reject_tags(&ids, &who(by)).await?;
            println!(
                "已拒绝 {} 条建议（以后不再建议）/ rejected {} suggestion(s) (never suggested again)",
                d.changed.len(),
                d.changed.len()
            );
            if !d.unchanged.is_empty() {
                println!("原已拒绝 / already rejected: {}", join(&d.unchanged));
            }
        }
        TagCommand::Undo { ids } => {
            let d = app.undo_tags(&ids).await?;
            println!(
                "已撤销 {} 条确认，删除环节归属 {} 条 / {} confirmation(s) taken back, {} membership(s) removed",
                d.changed.len(),
                d.memberships_removed,
                d.changed.len(),
                d.memberships_removed
            );
        }
    }
    Ok(())
}

fn join(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")
}

fn print_summary(s: &SuggestSummary, limit: usize) {
    println!(
        "已扫描企业 / enterprises scanned: {}{}",
        s.enterprises,
        if s.dry_run {
            "（试运行，未写入 / dry run, nothing written）"
        } else {
            ""
        }
    );
    print_text(&suggest_table(s), &[]);
    println!(
        "合计 / total: {0}（置信度 ≥ {1:.2}；已有归属或已确认/拒绝的 {2} 对不再建议 / confidence ≥ {1:.2}; {2} pairs already members or decided were left out）",
        s.suggestions, s.min_confidence, s.excluded_pairs
    );
    if let Some(run) = s.run_id {
        println!(
            "运行编号 / run: {run}；新增 added {}，更新 updated {}，未变 unchanged {}，移除此前待确认的 removed {}",
            s.added, s.updated, s.kept, s.removed
        );
    }
    println!(
        "用时 / time: 匹配 matching {:.3} s，合计 total {:.3} s",
        s.tagging_seconds, s.total_seconds
    );
    if s.dry_run && !s.preview.is_empty() {
        println!();
        print!("{}", table(&s.preview, false, limit));
    } else if !s.dry_run && s.suggestions > 0 {
        println!("查看 / review: liantu tag list；确认 / confirm: liantu tag confirm ID…");
    }
}

/// Suggestions for a terminal: the first `limit` (0 = all), with their status when the list
/// mixes statuses.
fn table(views: &[TagView], with_status: bool, limit: usize) -> String {
    let shown = if limit == 0 {
        views.len()
    } else {
        limit.min(views.len())
    };
    let mut hide = vec!["node", "decided", "decided_by"];
    if !with_status {
        hide.push("status");
    }
    let mut out = text(&tags_table(&views[..shown]), &hide);
    if shown < views.len() {
        out.push_str(&format!(
            "……另有 {0} 条未显示（--limit 0 显示全部）/ {0} more not shown (--limit 0 shows all)\n",
            views.len() - shown,
        ));
    }
    out
}
