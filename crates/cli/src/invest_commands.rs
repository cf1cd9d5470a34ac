//! 精准招商 commands: `liantu score`, `grade`, `candidate`, `io`, `scenario`.

use crate::Format;
use crate::commands::region;
use crate::print::{percent, print_csv, print_json, print_text, text};
use anyhow::Result;
use clap::{Args, Subcommand};
use liantu_app::invest::{
    GradingReport, GradingRequest, Profile, RankingReport, RankingRequest, grading_table, io_table,
    ranking_table,
};
use liantu_app::whatif::{
    comparison_table, scenarios_table, whatif_chain_table, whatif_exchanges_table, whatif_table,
};
use liantu_app::{App, AppError, ScenarioRow, WhatIfReport, WhatIfRequest, invest};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ScoreArgs {
    /// 区域（GB/T 2260 代码）/ region code
    #[arg(long, env = "LIANTU_REGION", default_value = "450200")]
    region: String,
    /// 评分配置文件（TOML，默认内置柳州配置）/ profile file (TOML; default: the built-in Liuzhou profile)
    #[arg(long)]
    profile: Option<PathBuf>,
    /// 判定环节状态所用的数据年份，默认最新 / data year for node statuses, default the latest
    #[arg(long)]
    year: Option<i32>,
    /// 只为前 N 名写说明（其余只有分数）/ write the sentences for the top N only
    #[arg(long)]
    top: Option<usize>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args)]
pub struct GradeArgs {
    #[arg(long, env = "LIANTU_REGION", default_value = "450200")]
    region: String,
    /// 亩均评价配置（TOML 配置文件中的 [grading]）/ profile file with the [grading] rule
    #[arg(long)]
    profile: Option<PathBuf>,
    /// 评价年份，默认最新 / year graded, default the latest
    #[arg(long)]
    year: Option<i32>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Subcommand)]
pub enum CandidateCommand {
    /// 导入候选项目 Excel/CSV（全部通过才写入；同 id 覆盖，--replace 先清空）/ import candidates from Excel or CSV, all rows or nothing
    Import {
        file: PathBuf,
        #[arg(long)]
        replace: bool,
        /// 强制 CSV 编码（utf-8、gbk、gb18030）/ force the CSV encoding
        #[arg(long)]
        encoding: Option<String>,
    },
    /// 导出全部候选项目（中文表头）；不给 --out 时以 CSV 写到标准输出 / export every candidate; CSV to standard output without --out
    Export {
        #[arg(long, value_enum, default_value_t = crate::data_commands::FormatArg::Xlsx)]
        format: crate::data_commands::FormatArg,
        /// 输出文件 / output file
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 删除一个候选项目 / delete a candidate
    Delete { id: String },
}

#[derive(Subcommand)]
pub enum IoCommand {
    /// 导入国家投入产出表（../shared/data/input-output 的 CSV 格式）/ import a national input-output table
    Import {
        file: PathBuf,
        /// 表 id，默认取文件名 / table id, default the file name
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        title: Option<String>,
    },
    /// 显示产出乘数与影响力、感应度系数 / show output multipliers and linkages
    Show {
        #[arg(long)]
        id: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
pub enum ScenarioCommand {
    /// 保存一个“假如引进”方案 / save a what-if scenario
    Save {
        id: String,
        /// 候选项目 id，逗号分隔 / candidate ids, comma-separated
        #[arg(long, value_delimiter = ',', required = true)]
        candidates: Vec<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, env = "LIANTU_REGION", default_value = "450200")]
        region: String,
        /// 候选项目产值可替代区外采购的比例 / share of output that replaces outside purchases
        #[arg(long, default_value_t = 1.0)]
        substitution: f64,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 列出已保存的方案 / list saved scenarios
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 运行方案：节点状态、完整度、本地配套率的变化 / run a scenario and show what changes
    Run {
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 不保存，直接试算 / try candidates without saving
    Try {
        #[arg(long, value_delimiter = ',', required = true)]
        candidates: Vec<String>,
        #[arg(long, env = "LIANTU_REGION", default_value = "450200")]
        region: String,
        #[arg(long, default_value_t = 1.0)]
        substitution: f64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 并列比较多个方案 / compare scenarios side by side
    Compare {
        #[arg(required = true, num_args = 2..)]
        ids: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 删除方案 / delete a scenario
    Delete { id: String },
}

fn profile(path: Option<&Path>) -> Result<Profile> {
    Ok(match path {
        None => invest::default_profile()?,
        Some(p) => invest::read_profile_file(p)?,
    })
}

pub async fn score(db: &Path, a: ScoreArgs) -> Result<()> {
    let request = RankingRequest {
        region: region(&a.region)?,
        profile: profile(a.profile.as_deref())?,
        year: a.year,
        explain_top: a.top,
        window: None,
    };
    let app = crate::commands::open(db, false).await?;
    let report = app.candidate_ranking(&request).await?;
    match a.format {
        Format::Json => print_json(&report)?,
        Format::Csv => print_csv(&ranking_table(&report))?,
        Format::Table => print!("{}", ranking_text(&report)),
    }
    Ok(())
}

/// The ranking for a terminal: the table with points per criterion, then the sentences.
fn ranking_text(r: &RankingReport) -> String {
    let mut out = format!(
        "{} {} · 配置 profile {} v{}（{}）\n",
        r.region.name_zh, r.region.code, r.profile.id, r.profile.version, r.profile.name_zh
    );
    out.push_str(&format!(
        "投入产出表 IO table: {} · 产业契合 relatedness: {}\n",
        r.io_table
            .as_deref()
            .unwrap_or("未导入，不计产出乘数 / none imported"),
        r.density_panel.as_deref().map_or_else(
            || "按产业链相邻环节 / by chain neighbours".into(),
            |p| format!("面板 {p} 的关联密度 / densities of panel {p}")
        )
    ));
    let weights: Vec<String> = r
        .criteria
        .iter()
        .map(|c| format!("{} {}", c.label_zh, c.weight))
        .collect();
    out.push_str(&format!("权重 weights: {}\n\n", weights.join(" · ")));
    out.push_str(&text(
        &ranking_table(r),
        &["id", "max_total", "gate_failures", "why"],
    ));
    out.push_str("\n说明 why\n");
    for x in &r.results {
        if x.score.explained {
            out.push_str(&format!("{}. {}\n", x.score.rank, x.score.why_zh));
        }
    }
    if r.illustrative {
        out.push_str("\n候选项目与企业数据为示例（虚构）/ candidates and enterprise figures are illustrative\n");
    }
    out
}

pub async fn grade(db: &Path, a: GradeArgs) -> Result<()> {
    let request = GradingRequest {
        region: region(&a.region)?,
        year: a.year,
        profile: profile(a.profile.as_deref())?,
        park: None,
        chain: None,
        window: None,
    };
    let app = crate::commands::open(db, false).await?;
    let report = app.enterprise_grading(&request).await?;
    match a.format {
        Format::Json => print_json(&report)?,
        Format::Csv => print_csv(&grading_table(&report))?,
        Format::Table => print!("{}", grading_text(&report)),
    }
    Ok(())
}

/// The grading for a terminal: distribution and benchmarks, the graded firms, then those not
/// graded with the reason.
fn grading_text(r: &GradingReport) -> String {
    let mut out = format!(
        "{} {} · {} 年亩均评价 / 亩均 grading · 配置 profile {} v{}\n",
        r.region.name_zh, r.region.code, r.year, r.profile.id, r.profile.version
    );
    let dist: Vec<String> = r
        .distribution
        .iter()
        .map(|d| format!("{} {} 家", d.grade.key(), d.count))
        .collect();
    out.push_str(&format!(
        "参评 graded {} 家，不参评 not graded {} 家；分布 distribution: {}（满分 max {}）\n",
        r.graded,
        r.not_graded,
        dist.join("、"),
        r.max_score
    ));
    if r.without_figures > 0 {
        out.push_str(&format!(
            "另有 {n} 家企业无 {y} 年数据，不参评 / {n} more enterprises have no figures for {y}: not graded\n",
            n = r.without_figures,
            y = r.year
        ));
    }
    let bench: Vec<String> = r
        .benchmarks
        .iter()
        .map(|b| {
            format!(
                "{} 权重 {} 基准 {}{}",
                b.indicator.label_zh(),
                b.weight,
                b.benchmark.map_or_else(|| "—".into(), |v| format!("{v}")),
                if b.from_median { "（中位数）" } else { "" }
            )
        })
        .collect();
    out.push_str(&format!("指标 indicators: {}\n\n", bench.join("；")));
    let mut table = grading_table(r);
    let graded = r.enterprises.iter().filter(|e| e.rank.is_some()).count();
    table.rows.truncate(graded);
    out.push_str(&text(&table, &["uscc", "industry_code", "not_graded"]));
    let not_graded: Vec<String> = r
        .enterprises
        .iter()
        .filter(|e| e.rank.is_none())
        .map(|e| {
            format!(
                "- {}：{}\n",
                e.name,
                e.not_graded_zh.as_deref().unwrap_or("")
            )
        })
        .collect();
    if !not_graded.is_empty() {
        out.push_str("\n不参评 not graded\n");
        out.push_str(&not_graded.concat());
    }
    if r.illustrative {
        out.push_str("\n企业数据为示例（虚构）/ enterprise figures are illustrative\n");
    }
    out
}

pub async fn candidate(db: &Path, command: CandidateCommand) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    match command {
        CandidateCommand::Import {
            file,
            replace,
            encoding,
        } => {
            let n = app
                .import_candidates_file(&file, encoding.as_deref(), replace)
                .await?;
            println!("已导入 / imported: {n} 个候选项目 candidates");
        }
        CandidateCommand::Export { out: None, .. } => print!("{}", app.candidates_csv().await?),
        CandidateCommand::Export {
            format,
            out: Some(out),
        } => {
            let n = app.export_candidates_file(&out, format.into()).await?;
            println!(
                "已导出 / exported: {n} 个候选项目 candidates → {}",
                out.display()
            );
        }
        CandidateCommand::Delete { id } => {
            app.delete_candidate(&id).await?;
            println!("已删除 / deleted: {id}");
        }
    }
    Ok(())
}

pub async fn io(db: &Path, command: IoCommand) -> Result<()> {
    match command {
        IoCommand::Import { file, id, title } => io_import(db, &file, id, title).await,
        IoCommand::Show { id, format } => {
            let app = crate::commands::open(db, false).await?;
            let r = app.io_report(id.as_deref()).await?;
            match format {
                Format::Json => print_json(&r)?,
                Format::Csv => print_csv(&io_table(&r))?,
                Format::Table => {
                    println!(
                        "{} {}（{}）max|L(I−A)−I| = {:.1e}",
                        r.id, r.title, r.imported_from, r.identity_residual
                    );
                    print_text(&io_table(&r), &[]);
                }
            }
            Ok(())
        }
    }
}

async fn io_import(
    db: &Path,
    file: &Path,
    id: Option<String>,
    title: Option<String>,
) -> Result<()> {
    let stem = file
        .file_stem()
        .map_or_else(|| "io".into(), |s| s.to_string_lossy().to_string());
    // The default id is the file name with anything but letters, digits and '-' replaced.
    let id = id.unwrap_or_else(|| {
        stem.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    });
    let title = title.unwrap_or_else(|| stem.clone());
    let app = crate::commands::open(db, false).await?;
    let s = app.import_io_table_file(&id, &title, file).await?;
    println!(
        "已导入投入产出表 / imported input-output table {}: {} 个部门 sectors（{}），平衡误差 balance residual {:.1e}，max|L(I−A)−I| = {:.1e}",
        s.id,
        s.sectors,
        if s.non_competitive {
            "非竞争型 non-competitive imports"
        } else {
            "竞争型 competitive imports"
        },
        s.balance_residual,
        s.identity_residual
    );
    if s.node_mapping_fits {
        println!(
            "产业链环节—部门对照适用于此表，评分的带动作用将使用产出乘数 / the node mapping fits: scoring uses its output multipliers"
        );
    } else {
        println!(
            "内置环节对照为 42 部门表，此表不适用，评分不使用其乘数 / the built-in node mapping is for 42-sector tables: not used in scoring"
        );
    }
    println!("数据来源请注明国家统计局 / attribute the National Bureau of Statistics");
    Ok(())
}

/// A what-if for a terminal: per chain the nodes that change, per park the new exchanges.
fn whatif_text(r: &WhatIfReport) -> String {
    let names: Vec<&str> = r.candidates.iter().map(|c| c.name.as_str()).collect();
    let mut out = format!(
        "{} {} · 假如引进 what if: {}\n",
        r.region.name_zh,
        r.region.code,
        names.join("、")
    );
    for c in &r.chains {
        out.push_str(&format!(
            "\n{} {}：完整度 completeness {}/{} → {}/{}（加权 {} → {}）；本地配套率 local supply {} → {}（估算，替代区外采购 {:.0} 万元）\n",
            c.chain.name_zh,
            c.chain.id,
            c.completeness_before.covered_nodes,
            c.completeness_before.total_nodes,
            c.completeness_after.covered_nodes,
            c.completeness_after.total_nodes,
            percent(c.completeness_before.weighted_ratio),
            percent(c.completeness_after.weighted_ratio),
            percent(c.local_supply_before.rate),
            percent(c.local_supply_after.rate),
            c.substituted_value
        ));
        out.push_str(&text(&whatif_chain_table(c), &["chain", "status_before"]));
    }
    for s in &r.symbiosis {
        out.push_str(&format!(
            "\n{}：产业共生 symbiosis 交换 {} → {} 项，净收益 {:.0} → {:.0} 万元/年，减排 CO2 {:.0} → {:.0} 吨/年{}\n",
            s.park_name,
            s.exchanges_before,
            s.exchanges_after,
            s.net_benefit_before / 1e4,
            s.net_benefit_after / 1e4,
            s.co2_avoided_before_t,
            s.co2_avoided_after_t,
            if s.illustrative { "（示例数据 illustrative）" } else { "" }
        ));
        out.push_str(&text(&whatif_exchanges_table(s), &[]));
        for x in &s.displaced {
            out.push_str(&format!(
                "被挤占 crowded out: {} → {} {} {:.0} → {:.0} {}\n",
                x.from_name, x.to_name, x.class, x.quantity_before, x.quantity_after, x.unit
            ));
        }
        for (need, unmet, unit) in &s.unmet_needs {
            out.push_str(&format!(
                "园区内无法满足 unmet in the park: {need} {unmet:.0} {unit}\n"
            ));
        }
    }
    out.push_str(&format!("\n{}\n", r.note_zh));
    out
}

fn print_whatif(r: &WhatIfReport, format: Format) -> Result<()> {
    match format {
        Format::Json => print_json(r)?,
        Format::Csv => print_csv(&whatif_table(r))?,
        Format::Table => print!("{}", whatif_text(r)),
    }
    Ok(())
}

pub async fn scenario(db: &Path, command: ScenarioCommand) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    match command {
        ScenarioCommand::Save {
            id,
            candidates,
            name,
            region: code,
            substitution,
            note,
        } => {
            if !(0.0..=1.0).contains(&substitution) {
                return Err(AppError::invalid(format!(
                    "--substitution 应在 0 到 1 之间 / must lie in 0..=1: {substitution}"
                ))
                .into());
            }
            let row = ScenarioRow {
                name: name.unwrap_or_else(|| id.clone()),
                id,
                region: region(&code)?,
                candidates,
                substitution,
                note,
                created: app.now(),
            };
            app.save_scenario(&row).await?;
            println!("已保存方案 / saved scenario: {}", row.id);
        }
        ScenarioCommand::List { format } => scenario_list(&app, format).await?,
        ScenarioCommand::Run { id, format } => {
            let (_, report) = app.run_scenario(&id).await?;
            print_whatif(&report, format)?;
        }
        ScenarioCommand::Try {
            candidates,
            region: code,
            substitution,
            format,
        } => {
            let mut request = WhatIfRequest::new(region(&code)?, candidates);
            request.substitution = substitution;
            let report = app.what_if(&request).await?;
            print_whatif(&report, format)?;
        }
        ScenarioCommand::Compare { ids, format } => scenario_compare(&app, &ids, format).await?,
        ScenarioCommand::Delete { id } => {
            app.delete_scenario(&id).await?;
            println!("已删除 / deleted: {id}");
        }
    }
    Ok(())
}

async fn scenario_list(app: &App, format: Format) -> Result<()> {
    let list = app.scenarios().await?;
    match format {
        Format::Json => {
            let v: Vec<_> = list
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "id": s.id, "name": s.name, "region": s.region.as_str(),
                        "candidates": s.candidates, "substitution": s.substitution,
                        "note": s.note, "created": s.created,
                    })
                })
                .collect();
            print_json(&v)?;
        }
        Format::Csv => print_csv(&scenarios_table(&list))?,
        Format::Table => print_text(&scenarios_table(&list), &["substitution", "note"]),
    }
    Ok(())
}

async fn scenario_compare(app: &App, ids: &[String], format: Format) -> Result<()> {
    let c = app.compare_scenarios(ids).await?;
    match format {
        Format::Json => print_json(&c)?,
        Format::Csv => {
            let mut tables = c.chains.iter().map(comparison_table);
            if let Some(mut all) = tables.next() {
                all.rows.extend(tables.flat_map(|t| t.rows));
                print_csv(&all)?;
            }
        }
        Format::Table => {
            for chain in &c.chains {
                println!(
                    "{} {}：现状 now {}/{} 个环节有本地企业，加权完整度 {}，本地配套率 {}",
                    chain.chain.name_zh,
                    chain.chain.id,
                    chain.covered_before,
                    chain.total_nodes,
                    percent(chain.weighted_completeness_before),
                    percent(chain.local_supply_before)
                );
                print_text(&comparison_table(chain), &["chain"]);
                println!();
            }
        }
    }
    Ok(())
}
