//! 精准招商 commands: `liantu score`, `grade`, `candidate`, `io`, `scenario`.

use crate::table::{Align, Table};
use crate::{Format, InvalidInput};
use anyhow::Result;
use clap::{Args, Subcommand};
use liantu_app::invest::{GradingReport, GradingRequest, RankingReport, RankingRequest};
use liantu_app::{AppError, WhatIfReport, WhatIfRequest, invest};
use liantu_invest::{Criterion, Profile};
use liantu_model::RegionCode;
use liantu_store::ScenarioRow;
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

/// User errors from the app layer become exit code 2.
fn app(e: AppError) -> anyhow::Error {
    e.into()
}

fn region(code: &str) -> Result<RegionCode> {
    RegionCode::parse(code).map_err(|e| InvalidInput(e.to_string()).into())
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        InvalidInput(format!(
            "无法读取 {0} / cannot read {0}: {e}",
            path.display()
        ))
        .into()
    })
}

fn profile(path: Option<&Path>) -> Result<Profile> {
    match path {
        None => invest::default_profile().map_err(app),
        Some(p) => invest::parse_profile(&read_text(p)?)
            .map_err(|e| InvalidInput(format!("{}: {e}", p.display())).into()),
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{:.1}%", v * 100.0))
}

pub async fn score(db: &Path, a: ScoreArgs) -> Result<()> {
    let request = RankingRequest {
        region: region(&a.region)?,
        profile: profile(a.profile.as_deref())?,
        year: a.year,
        explain_top: a.top,
    };
    let store = liantu_app::App::open(db, false).await?;
    let report = store.candidate_ranking(&request).await.map_err(app)?;
    match a.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Csv => ranking_csv(&report)?,
        Format::Table => print!("{}", ranking_table(&report)),
    }
    Ok(())
}

fn ranking_csv(r: &RankingReport) -> Result<()> {
    let mut w = csv::Writer::from_writer(std::io::stdout());
    let mut header: Vec<String> = [
        "rank",
        "id",
        "name",
        "park",
        "eligible",
        "total",
        "max_total",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(Criterion::ALL.iter().map(|c| format!("{}_points", c.key())));
    header.extend(
        ["gate_failures", "why_zh", "why_en"]
            .iter()
            .map(|s| s.to_string()),
    );
    w.write_record(&header)?;
    for x in &r.results {
        let mut row = vec![
            x.score.rank.to_string(),
            x.score.id.clone(),
            x.score.name.clone(),
            x.candidate.park.clone().unwrap_or_default(),
            x.score.eligible.to_string(),
            format!("{:.2}", x.score.total),
            format!("{}", x.score.max_total),
        ];
        row.extend(x.score.criteria.iter().map(|c| format!("{:.2}", c.points)));
        row.push(
            x.score
                .gate_failures
                .iter()
                .map(|g| g.reason_zh.as_str())
                .collect::<Vec<_>>()
                .join("；"),
        );
        row.push(x.score.why_zh.clone());
        row.push(x.score.why_en.clone());
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

fn ranking_table(r: &RankingReport) -> String {
    let mut out = format!(
        "{} {} · 配置 profile {} v{}（{}）\n",
        r.region.name_zh, r.region.code, r.profile.id, r.profile.version, r.profile.name_zh
    );
    out.push_str(&format!(
        "投入产出表 IO table: {} · 产业契合 relatedness: {}\n\n",
        r.io_table
            .as_deref()
            .unwrap_or("未导入，不计产出乘数 / none imported"),
        r.density_panel
            .as_deref()
            .map(|p| format!("面板 {p} 的关联密度 / densities of panel {p}"))
            .unwrap_or_else(|| "按产业链相邻环节 / by chain neighbours".into())
    ));
    let mut headers: Vec<(String, Align)> = vec![
        ("#".into(), Align::Right),
        ("项目 candidate".into(), Align::Left),
        ("园区 park".into(), Align::Left),
        ("总分".into(), Align::Right),
    ];
    for c in &r.criteria {
        headers.push((c.label_zh.to_string(), Align::Right));
    }
    headers.push(("门槛 gates".into(), Align::Left));
    let refs: Vec<(&str, Align)> = headers.iter().map(|(h, a)| (h.as_str(), *a)).collect();
    let mut t = Table::new(&refs);
    for x in &r.results {
        let mut row = vec![
            x.score.rank.to_string(),
            x.score.name.clone(),
            x.park_name_zh
                .clone()
                .or_else(|| x.candidate.park.clone())
                .unwrap_or_else(|| "—".into()),
            format!("{:.2}", x.score.total),
        ];
        row.extend(
            x.score
                .criteria
                .iter()
                .map(|c| format!("{:.2}/{}", c.points, c.weight)),
        );
        row.push(if x.score.eligible {
            "通过".into()
        } else {
            "未通过 failed".into()
        });
        t.row(row);
    }
    out.push_str(&t.render());
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
    };
    let store = liantu_app::App::open(db, false).await?;
    let report = store.enterprise_grading(&request).await.map_err(app)?;
    match a.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Csv => grading_csv(&report)?,
        Format::Table => print!("{}", grading_table(&report)),
    }
    Ok(())
}

fn grading_csv(r: &GradingReport) -> Result<()> {
    let mut w = csv::Writer::from_writer(std::io::stdout());
    let mut header: Vec<String> = ["rank", "uscc", "name", "industry_code", "grade", "score"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for b in &r.benchmarks {
        header.push(format!("{}_value", b.indicator.key()));
        header.push(format!("{}_points", b.indicator.key()));
    }
    header.push("not_graded".into());
    w.write_record(&header)?;
    for e in &r.enterprises {
        let mut row = vec![
            e.rank.map(|v| v.to_string()).unwrap_or_default(),
            e.uscc.clone(),
            e.name.clone(),
            e.industry_code.clone().unwrap_or_default(),
            e.grade.map(|g| g.key().to_string()).unwrap_or_default(),
            e.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
        ];
        for i in &e.indicators {
            row.push(i.score.value.map(|v| v.to_string()).unwrap_or_default());
            row.push(format!("{:.2}", i.score.points));
        }
        row.push(e.not_graded_zh.clone().unwrap_or_default());
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

fn grading_table(r: &GradingReport) -> String {
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
    let bench: Vec<String> = r
        .benchmarks
        .iter()
        .map(|b| {
            format!(
                "{} 权重 {} 基准 {}{}",
                b.indicator.label_zh(),
                b.weight,
                b.benchmark
                    .map(|v| format!("{v}"))
                    .unwrap_or_else(|| "—".into()),
                if b.from_median { "（中位数）" } else { "" }
            )
        })
        .collect();
    out.push_str(&format!("指标 indicators: {}\n\n", bench.join("；")));
    let mut headers: Vec<(String, Align)> = vec![
        ("#".into(), Align::Right),
        ("企业 enterprise".into(), Align::Left),
        ("等级".into(), Align::Left),
        ("得分".into(), Align::Right),
    ];
    for b in &r.benchmarks {
        headers.push((b.indicator.label_zh().to_string(), Align::Right));
    }
    let refs: Vec<(&str, Align)> = headers.iter().map(|(h, a)| (h.as_str(), *a)).collect();
    let mut t = Table::new(&refs);
    let mut not_graded = Vec::new();
    for e in &r.enterprises {
        let Some(rank) = e.rank else {
            not_graded.push(format!(
                "{}：{}",
                e.name,
                e.not_graded_zh.clone().unwrap_or_default()
            ));
            continue;
        };
        let mut row = vec![
            rank.to_string(),
            e.name.clone(),
            e.grade.map(|g| g.key().to_string()).unwrap_or_default(),
            e.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
        ];
        row.extend(e.indicators.iter().map(|i| {
            format!(
                "{} ({:.1})",
                i.score
                    .value
                    .map(|v| format!("{v:.2}"))
                    .unwrap_or_else(|| "—".into()),
                i.score.points
            )
        }));
        t.row(row);
    }
    out.push_str(&t.render());
    out.push_str("（指标值，括号内为得分 / value (points)）\n");
    if !not_graded.is_empty() {
        out.push_str("\n不参评 not graded\n");
        for line in not_graded {
            out.push_str(&format!("- {line}\n"));
        }
    }
    if r.illustrative {
        out.push_str("\n企业数据为示例（虚构）/ enterprise figures are illustrative\n");
    }
    out
}

pub async fn candidate(db: &Path, command: CandidateCommand) -> Result<()> {
    match command {
        CandidateCommand::Import {
            file,
            replace,
            encoding,
        } => {
            let store = liantu_app::App::open(db, false).await?;
            let n = store
                .import_candidates_file(&file, encoding.as_deref(), replace)
                .await
                .map_err(|e| match e.kind() {
                    liantu_app::ErrorKind::Invalid => {
                        InvalidInput(format!("{}:\n{e}", file.display())).into()
                    }
                    _ => app(e),
                })?;
            println!("已导入 / imported: {n} 个候选项目 candidates");
        }
        CandidateCommand::Export { format, out } => {
            let store = liantu_app::App::open(db, false).await?;
            match out {
                None => print!(
                    "{}",
                    liantu_invest::write_candidates_csv(&store.candidates().await?)
                ),
                Some(out) => {
                    let n = store
                        .export_candidates_file(&out, format.into())
                        .await
                        .map_err(app)?;
                    println!(
                        "已导出 / exported: {n} 个候选项目 candidates → {}",
                        out.display()
                    );
                }
            }
        }
        CandidateCommand::Delete { id } => {
            let store = liantu_app::App::open(db, false).await?;
            store.delete_candidate(&id).await?;
            println!("已删除 / deleted: {id}");
        }
    }
    Ok(())
}

pub async fn io(db: &Path, command: IoCommand) -> Result<()> {
    match command {
        IoCommand::Import { file, id, title } => {
            let text = read_text(&file)?;
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| "io".into());
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
            let store = liantu_app::App::open(db, false).await?;
            let s = store
                .import_io_table(&id, &title, &file.display().to_string(), &text)
                .await
                .map_err(app)?;
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
        }
        IoCommand::Show { id, format } => {
            let store = liantu_app::App::open(db, false).await?;
            let r = store.io_report(id.as_deref()).await.map_err(app)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&r)?),
                Format::Csv => {
                    let mut w = csv::Writer::from_writer(std::io::stdout());
                    w.write_record([
                        "code",
                        "name_zh",
                        "name_en",
                        "total_output",
                        "output_multiplier",
                        "backward_linkage",
                        "forward_linkage",
                        "chain_nodes",
                    ])?;
                    for s in &r.sectors {
                        w.write_record([
                            s.code.clone(),
                            s.name_zh.clone(),
                            s.name_en.clone(),
                            s.total_output.to_string(),
                            s.output_multiplier.to_string(),
                            s.backward_linkage.to_string(),
                            s.forward_linkage.to_string(),
                            s.nodes.join("|"),
                        ])?;
                    }
                    w.flush()?;
                }
                Format::Table => {
                    println!(
                        "{} {}（{}）max|L(I−A)−I| = {:.1e}",
                        r.id, r.title, r.imported_from, r.identity_residual
                    );
                    let mut t = Table::new(&[
                        ("部门", Align::Left),
                        ("名称", Align::Left),
                        ("产出乘数", Align::Right),
                        ("影响力系数", Align::Right),
                        ("感应度系数", Align::Right),
                        ("环节 nodes", Align::Right),
                    ]);
                    for s in &r.sectors {
                        t.row(vec![
                            s.code.clone(),
                            s.name_zh.clone(),
                            format!("{:.3}", s.output_multiplier),
                            format!("{:.3}", s.backward_linkage),
                            format!("{:.3}", s.forward_linkage),
                            s.nodes.len().to_string(),
                        ]);
                    }
                    print!("{}", t.render());
                }
            }
        }
    }
    Ok(())
}

fn whatif_table(r: &WhatIfReport) -> String {
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
            pct(c.completeness_before.weighted_ratio),
            pct(c.completeness_after.weighted_ratio),
            pct(c.local_supply_before.rate),
            pct(c.local_supply_after.rate),
            c.substituted_value
        ));
        let mut t = Table::new(&[
            ("环节", Align::Left),
            ("状态", Align::Left),
            ("企业数", Align::Right),
            ("本地配套率", Align::Right),
            ("依据 rule", Align::Left),
        ]);
        for n in &c.changes {
            t.row(vec![
                n.name_zh.clone(),
                format!("{} → {}", n.status_before_zh, n.status_after_zh),
                format!("{} → {}", n.firms_before, n.firms_after),
                format!(
                    "{} → {}",
                    pct(n.local_supply_before),
                    pct(n.local_supply_after)
                ),
                n.reason_after_zh.clone(),
            ]);
        }
        out.push_str(&t.render());
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
        let mut t = Table::new(&[
            ("供给方 from", Align::Left),
            ("需求方 to", Align::Left),
            ("资源 class", Align::Left),
            ("数量 quantity", Align::Right),
            ("净收益 万元/年", Align::Right),
        ]);
        for x in &s.new_exchanges {
            t.row(vec![
                x.from_name.clone(),
                x.to_name.clone(),
                x.class.clone(),
                format!("{:.0} {}", x.quantity, x.unit),
                format!("{:.1}", x.net_value / 1e4),
            ]);
        }
        out.push_str(&t.render());
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
        Format::Json => println!("{}", serde_json::to_string_pretty(r)?),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record([
                "chain",
                "node",
                "status_before",
                "status_after",
                "firms_before",
                "firms_after",
                "local_supply_before",
                "local_supply_after",
            ])?;
            for c in &r.chains {
                for n in &c.changes {
                    w.write_record([
                        c.chain.id.clone(),
                        n.id.clone(),
                        n.status_before.key().to_string(),
                        n.status_after.key().to_string(),
                        n.firms_before.to_string(),
                        n.firms_after.to_string(),
                        n.local_supply_before
                            .map(|v| v.to_string())
                            .unwrap_or_default(),
                        n.local_supply_after
                            .map(|v| v.to_string())
                            .unwrap_or_default(),
                    ])?;
                }
            }
            w.flush()?;
        }
        Format::Table => print!("{}", whatif_table(r)),
    }
    Ok(())
}

pub async fn scenario(db: &Path, command: ScenarioCommand) -> Result<()> {
    let store = liantu_app::App::open(db, false).await?;
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
                return Err(InvalidInput(format!(
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
                created: store.now(),
            };
            store.save_scenario(&row).await.map_err(app)?;
            println!("已保存方案 / saved scenario: {}", row.id);
        }
        ScenarioCommand::List { format } => {
            let list = store.scenarios().await?;
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
                    println!("{}", serde_json::to_string_pretty(&v)?);
                }
                _ => {
                    let mut t = Table::new(&[
                        ("id", Align::Left),
                        ("名称 name", Align::Left),
                        ("区域", Align::Left),
                        ("候选项目 candidates", Align::Left),
                        ("创建 created", Align::Left),
                    ]);
                    for s in &list {
                        t.row(vec![
                            s.id.clone(),
                            s.name.clone(),
                            s.region.to_string(),
                            s.candidates.join(","),
                            s.created.clone(),
                        ]);
                    }
                    print!("{}", t.render());
                }
            }
        }
        ScenarioCommand::Run { id, format } => {
            let (_, report) = store.run_scenario(&id).await.map_err(app)?;
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
            let report = store.what_if(&request).await.map_err(app)?;
            print_whatif(&report, format)?;
        }
        ScenarioCommand::Compare { ids, format } => {
            let c = store.compare_scenarios(&ids).await.map_err(app)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&c)?),
                _ => {
                    for chain in &c.chains {
                        println!(
                            "{} {}：现状 now {}/{} 个环节有本地企业，加权完整度 {}，本地配套率 {}",
                            chain.chain.name_zh,
                            chain.chain.id,
                            chain.covered_before,
                            chain.total_nodes,
                            pct(chain.weighted_completeness_before),
                            pct(chain.local_supply_before)
                        );
                        let mut t = Table::new(&[
                            ("方案 scenario", Align::Left),
                            ("覆盖环节", Align::Right),
                            ("加权完整度", Align::Right),
                            ("本地配套率(估)", Align::Right),
                            ("状态变化 status changes", Align::Left),
                        ]);
                        for o in &chain.outcomes {
                            t.row(vec![
                                o.scenario.clone(),
                                format!("{}/{}", o.covered_after, chain.total_nodes),
                                pct(o.weighted_completeness_after),
                                pct(o.local_supply_after),
                                o.status_changes.join("；"),
                            ]);
                        }
                        print!("{}", t.render());
                        println!();
                    }
                }
            }
        }
        ScenarioCommand::Delete { id } => {
            store.delete_scenario(&id).await?;
            println!("已删除 / deleted: {id}");
        }
    }
    Ok(())
}
