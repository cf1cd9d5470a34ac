//! `liantu project …` and `liantu problem …`: the project service (全过程服务) from the
//! command line — the board, one project, stages, monthly reports, the problem list and each
//! step a problem takes.

use crate::Format;
use crate::print::{print_csv, print_json, print_text};
use anyhow::{Result, anyhow};
use clap::Subcommand;
use liantu_app::model::candidate::NodeKey;
use liantu_app::model::project::{ProblemCategory, ProgressReport, Project, StageDates};
use liantu_app::model::{Day, RegionCode, YearMonth};
use liantu_app::projects::{
    BoardFilter, Level, NewProblem, ProblemAction, ProblemQuery, StageChange, board_table,
    problems_table, reports_table,
};
use std::path::{Path, PathBuf};

fn day(text: &str) -> Result<Day, String> {
    Day::parse(text).map_err(|e| e.to_string())
}

fn month(text: &str) -> Result<YearMonth, String> {
    YearMonth::parse(text).map_err(|e| e.to_string())
}

fn level(text: &str) -> Result<Level, String> {
    Level::parse(text).ok_or_else(|| format!("预警须为 红/黄/绿 或 red/yellow/green：'{text}'"))
}

fn category(text: &str) -> Result<ProblemCategory, String> {
    ProblemCategory::parse(text).ok_or_else(|| {
        let all: Vec<&str> = ProblemCategory::ALL.iter().map(|c| c.label_zh()).collect();
        format!(
            "未知问题类别「{text}」，可用：{} / unknown category",
            all.join("、")
        )
    })
}

fn region(text: &str) -> Result<RegionCode, String> {
    RegionCode::parse(text).map_err(|e| e.to_string())
}

fn node(text: &str) -> Result<NodeKey, String> {
    NodeKey::parse(text)
        .ok_or_else(|| format!("环节写作 产业链:环节，如 nev-battery:cathode：'{text}'"))
}

/// `STAGE=DATE`, e.g. `签约=2026-03-01`.
fn planned(text: &str) -> Result<(String, Day), String> {
    let (stage, date) = text
        .split_once('=')
        .ok_or_else(|| format!("写作 阶段=日期，如 签约=2026-03-01：'{text}'"))?;
    Ok((stage.trim().to_string(), day(date)?))
}

#[derive(clap::Args)]
pub struct CommissionArgs {
    id: String,
    /// 企业统一社会信用代码 / the firm's USCC
    #[arg(long)]
    uscc: String,
    /// 企业名称（企业尚不在数据中时必填，据此新建）/ the firm's name (needed to create it)
    #[arg(long)]
    name: Option<String>,
    /// 新建企业的国民经济行业代码（GB/T 4754-2017）/ industry code of a new firm
    #[arg(long)]
    industry: Option<String>,
    /// 某年产值（万元；默认按月度调度的产值逐年汇总）/ a year's output, 万元 (default: the
    /// monthly reports' output summed per year)
    #[arg(long, requires = "year")]
    output: Option<f64>,
    #[arg(long, requires = "output")]
    year: Option<i32>,
}

#[derive(Subcommand)]
pub enum ProjectCommand {
    /// 项目调度表：按阶段列出全部项目及红黄绿预警 / the board: every project by stage with its warning
    List {
        /// 只列此阶段（如 开工 或 started）/ only this stage
        #[arg(long)]
        stage: Option<String>,
        /// 只列此预警（红/黄/绿）/ only this warning level
        #[arg(long, value_parser = level)]
        level: Option<Level>,
        /// 只列此区域（GB/T 2260）/ only this region
        #[arg(long, value_parser = region)]
        region: Option<RegionCode>,
        /// 只列此责任单位 / only this responsible department
        #[arg(long)]
        dept: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 一个项目：阶段计划与实际、序时进度、月度调度、问题 / one project
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 新建项目 / add a project
    Add(AddArgs),
    /// 推进到某阶段（实际日期）/ reach a stage on a date
    Advance {
        id: String,
        /// 阶段（名称或 id，如 签约、signed）/ stage name or id
        #[arg(long)]
        stage: String,
        #[arg(long, value_parser = day)]
        date: Day,
    },
    /// 设定某阶段的计划日期 / plan a stage for a date
    Plan {
        id: String,
        #[arg(long)]
        stage: String,
        #[arg(long, value_parser = day)]
        date: Day,
    },
    /// 列出本市的阶段设置 / the stage ladder in force
    Stages {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 安装新版项目设置（阶段、责任单位、预警规则，TOML）/ install a new version of the settings
    Config { file: PathBuf },
    /// 填报月度调度 / record a monthly progress report
    Report(ReportArgs),
    /// 由招商候选项目立项（保存此刻的引进预测）/ take up a candidate as a project, keeping the what-if's prediction
    FromCandidate {
        candidate: String,
        /// 责任单位 / responsible department
        #[arg(long)]
        dept: String,
        /// 项目编号（默认同候选项目）/ project id (default: the candidate's)
        #[arg(long)]
        id: Option<String>,
        /// 所在县区（默认为园区所在县区）/ county (default: its park's)
        #[arg(long, value_parser = region)]
        region: Option<RegionCode>,
        /// 本市行政区划代码 / the city's division code
        #[arg(long, env = "LIANTU_REGION", default_value = "450200", value_parser = region)]
        city: RegionCode,
    },
    /// 投产登记：新建或关联企业，挂到项目的产业链环节，产值计入诊断 / register a project in
    /// production as a firm: memberships on its chain nodes, its output counted by the diagnosis
    Commission(CommissionArgs),
    /// 导入月度调度表（Excel/CSV，全部通过才写入）/ import a monthly 调度表, all rows or nothing
    Import {
        file: PathBuf,
        /// 调度月份（文件中无「调度月份」列时）/ the month reported, when the file has no month column
        #[arg(long, value_parser = month)]
        month: Option<YearMonth>,
        /// CSV 编码（默认自动识别 UTF-8/GBK/GB18030）/ CSV encoding (detected by default)
        #[arg(long)]
        encoding: Option<String>,
    },
}

#[derive(clap::Args)]
pub struct AddArgs {
    /// 项目编号（字母、数字、- 和 _）/ project id
    #[arg(long)]
    id: String,
    /// 项目名称 / name
    #[arg(long)]
    name: String,
    /// 所在县区（GB/T 2260）/ region code
    #[arg(long, value_parser = region)]
    region: RegionCode,
    /// 总投资（万元）/ planned total investment, 10k yuan
    #[arg(long)]
    investment: f64,
    /// 责任单位 / responsible department
    #[arg(long)]
    dept: String,
    /// 包联领导 / leader in charge
    #[arg(long, default_value = "")]
    leader: String,
    /// 联系人 / contact
    #[arg(long, default_value = "")]
    contact: String,
    /// 园区 id / park id
    #[arg(long)]
    park: Option<String>,
    /// 用地（亩）/ land, mu
    #[arg(long)]
    land: Option<f64>,
    /// 年度计划投资（万元）/ investment planned this year
    #[arg(long)]
    annual: Option<f64>,
    /// 来自的候选项目 id / the candidate it came from
    #[arg(long)]
    candidate: Option<String>,
    /// 服务的环节，可多次（产业链:环节）/ chain node served, repeatable
    #[arg(long = "node", value_parser = node)]
    nodes: Vec<NodeKey>,
    /// 阶段计划日期，可多次（阶段=日期）/ planned stage dates, repeatable (STAGE=DATE)
    #[arg(long = "planned", value_parser = planned)]
    planned: Vec<(String, Day)>,
    /// 数据来源 / source
    #[arg(long, default_value = "manual")]
    source: String,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    id: String,
    /// 月份（2026-11）/ month
    #[arg(long, value_parser = month)]
    month: YearMonth,
    /// 本月完成投资（万元）/ invested in the month
    #[arg(long)]
    invested_month: f64,
    /// 累计完成投资（万元）/ invested to date
    #[arg(long)]
    invested_total: f64,
    /// 形象进度（%）/ physical progress, percent
    #[arg(long)]
    progress: Option<f64>,
    /// 形象进度说明 / progress in words
    #[arg(long, default_value = "")]
    text: String,
    /// 本月产值（万元，投产后）/ output in the month
    #[arg(long)]
    output: Option<f64>,
    /// 存在问题 / issues
    #[arg(long, default_value = "")]
    issues: String,
    #[arg(long, default_value = "manual")]
    source: String,
}

#[derive(Subcommand)]
pub enum ProblemCommand {
    /// 导入问题清单（Excel/CSV，每行交办一个问题，全部通过才写入）/ import a 问题清单, every
    /// row a problem handed to its department, all rows or nothing
    Import {
        file: PathBuf,
        /// CSV 编码（默认自动识别 UTF-8/GBK/GB18030）/ CSV encoding (detected by default)
        #[arg(long)]
        encoding: Option<String>,
    },
    /// 提出问题并交办 / raise a problem and hand it to a department
    Add {
        #[arg(long)]
        project: String,
        #[arg(long)]
        title: String,
        /// 用地、审批/环评、能耗指标、融资、用工、水电气配套、其他
        #[arg(long, value_parser = category)]
        category: ProblemCategory,
        /// 责任单位 / department
        #[arg(long)]
        dept: String,
        /// 办结时限 / due date
        #[arg(long, value_parser = day)]
        due: Day,
    },
    /// 交办或转办 / (re)assign
    Assign {
        id: i64,
        #[arg(long)]
        dept: String,
        #[arg(long, value_parser = day)]
        due: Day,
    },
    /// 开始办理 / the department takes it up
    Start { id: i64 },
    /// 办结（待确认）/ report it solved
    Resolve {
        id: i64,
        #[arg(long)]
        resolution: String,
    },
    /// 销号 / close it
    Close {
        id: i64,
        #[arg(long, default_value = "")]
        resolution: String,
    },
    /// 退回 / send it back
    Return {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// 问题清单（逾期在前）/ the problem list, overdue first
    List {
        #[arg(long)]
        project: Option<String>,
        /// 责任单位的待办 / a department's to-do list
        #[arg(long)]
        dept: Option<String>,
        /// 只列未销号 / open ones only
        #[arg(long)]
        open: bool,
        /// 只列逾期 / overdue ones only
        #[arg(long)]
        overdue: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 一个问题及其办理经过 / one problem with its history
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub async fn project(db: &Path, command: ProjectCommand) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    match command {
        ProjectCommand::List {
            stage,
            level,
            region,
            dept,
            format,
        } => {
            let filter = BoardFilter {
                stage,
                level,
                region,
                department: dept,
                window: None,
            };
            list(&app, &filter, format).await?;
        }
        ProjectCommand::Show { id, format } => show(&app, &id, format).await?,
        ProjectCommand::Add(a) => {
            let project = Project {
                id: a.id.clone(),
                name: a.name,
                candidate: a.candidate,
                uscc: None,
                nodes: a.nodes,
                park: a.park,
                region: a.region,
                investment: a.investment,
                land_mu: a.land,
                annual_plan: a.annual,
                department: a.dept,
                leader: a.leader,
                contact: a.contact,
                stages: a
                    .planned
                    .into_iter()
                    .map(|(stage, d)| StageDates {
                        stage,
                        planned: Some(d),
                        actual: None,
                    })
                    .collect(),
                source: a.source,
                note: String::new(),
            };
            app.save_project(&project, true).await?;
            println!("已新建项目 / added: {}", a.id);
        }
        ProjectCommand::Advance { id, stage, date } => {
            let change = StageChange {
                stage,
                planned: None,
                actual: Some(date),
            };
            let p = app.change_stage(&id, &change).await?;
            println!("已推进 / advanced: {} → {} {date}", p.id, change.stage);
        }
        ProjectCommand::Plan { id, stage, date } => {
            let change = StageChange {
                stage,
                planned: Some(date),
                actual: None,
            };
            app.change_stage(&id, &change).await?;
            println!("已设定计划 / planned: {id} {} {date}", change.stage);
        }
        ProjectCommand::Stages { format } => {
            let config = app.project_config().await?;
            match format {
                Format::Json => print_json(&config)?,
                Format::Csv | Format::Table => {
                    println!(
                        "项目设置第 {} 版 / settings version {}",
                        config.version, config.version
                    );
                    for (i, s) in config.stages.iter().enumerate() {
                        let m = if s.milestone { "（节点）" } else { "" };
                        println!("{}. {}{m} {} / {}", i + 1, s.name_zh, s.id, s.name_en);
                    }
                }
            }
        }
        ProjectCommand::Config { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow!("无法读取 / cannot read {}: {e}", file.display()))?;
            let v = app.install_project_config(&text).await?;
            println!("已安装项目设置第 {v} 版 / installed settings version {v}");
        }
        ProjectCommand::FromCandidate {
            candidate,
            dept,
            id,
            region,
            city,
        } => {
            let req = liantu_app::projects::FromCandidate {
                candidate,
                id,
                region,
                department: dept,
                city,
            };
            let p = app.project_from_candidate(&req).await?;
            println!("已立项 / project added: {}（{}）", p.name, p.id);
        }
        ProjectCommand::Commission(a) => commission(&app, a).await?,
        ProjectCommand::Import {
            file,
            month,
            encoding,
        } => {
            let n = app
                .import_progress_file(&file, encoding.as_deref(), month)
                .await?;
            println!("已导入调度 / imported: {n} 条月度调度 monthly reports");
        }
        ProjectCommand::Report(a) => {
            let report = ProgressReport {
                project: a.id.clone(),
                month: a.month,
                invested_month: a.invested_month,
                invested_total: a.invested_total,
                progress_pct: a.progress,
                progress_text: a.text,
                output: a.output,
                issues: a.issues,
                source: a.source,
            };
            app.save_report(&report).await?;
            println!("已填报 / recorded: {} {}", a.id, a.month);
        }
    }
    Ok(())
}

/// The board as a table with a line of counts, or as JSON or CSV.
async fn commission(app: &liantu_app::App, a: CommissionArgs) -> Result<()> {
    let req = liantu_app::projects::Commission {
        project: a.id,
        uscc: a.uscc,
        name: a.name,
        industry_code: a.industry,
        ownership: None,
        output: a.year.zip(a.output),
    };
    let done = app.commission_project(&req).await?;
    let created = if done.enterprise_created {
        "新建企业 / firm created"
    } else {
        "关联已有企业 / linked to a stored firm"
    };
    let years: Vec<String> = done.output_years.iter().map(ToString::to_string).collect();
    let years = if years.is_empty() {
        "—".to_string()
    } else {
        years.join("、")
    };
    println!(
        "已投产登记 / registered: {created}；新增环节 / memberships added: {}；写入产值年份 / \
         output written for: {years}",
        done.memberships_added
    );
    Ok(())
}

async fn list(app: &liantu_app::App, filter: &BoardFilter, format: Format) -> Result<()> {
    let board = app.project_board(filter).await?;
    match format {
        Format::Json => print_json(&board)?,
        Format::Csv => print_csv(&board_table(&board))?,
        Format::Table => {
            let counts: Vec<String> = board
                .stages
                .iter()
                .map(|s| {
                    let name = s.stage.as_ref().map_or("未启动", |s| s.name_zh.as_str());
                    format!("{name} {}", s.projects)
                })
                .collect();
            println!(
                "项目 {} 个：{}；所列 {} 个，红 {} 黄 {} 绿 {}",
                board.total,
                counts.join(" · "),
                board.rows.len(),
                board.red,
                board.yellow,
                board.green
            );
            print_text(
                &board_table(&board),
                &[
                    "park",
                    "annual_plan",
                    "month",
                    "invested_month",
                    "progress",
                    "next_planned",
                    "warnings",
                    "leader",
                    "region",
                ],
            );
        }
    }
    Ok(())
}

/// The prediction made when the project was taken up, beside the diagnosis now.
fn print_prediction(v: &liantu_app::projects::PredictionView) {
    let pct = |x: Option<f64>| crate::print::percent(x);
    println!(
        "引进预测（{} 立项时）与现状 / predicted when taken up vs now",
        liantu_app::clock::beijing(&v.prediction.made).unwrap_or_else(|| v.prediction.made.clone())
    );
    for c in &v.chains {
        println!(
            "  {}：完整度 {} → 预测 {} · 现状 {}；本地配套率 {} → 预测 {} · 现状 {}",
            c.name_zh,
            pct(Some(c.completeness_before)),
            pct(Some(c.completeness_predicted)),
            pct(Some(c.completeness_now)),
            pct(c.local_supply_before),
            pct(c.local_supply_predicted),
            pct(c.local_supply_now)
        );
        for n in &c.nodes {
            println!(
                "    {}：{} → 预测 {} · 现状 {}",
                n.name_zh,
                n.before.label_zh(),
                n.predicted.label_zh(),
                n.now.map_or("—", |s| s.label_zh())
            );
        }
    }
}

async fn show(app: &liantu_app::App, id: &str, format: Format) -> Result<()> {
    let d = app.project_detail(id).await?;
    match format {
        Format::Json => print_json(&d)?,
        Format::Csv => print_csv(&reports_table(&d.reports))?,
        Format::Table => {
            let p = &d.row.project;
            let a = &d.row.assessment;
            println!("{}（{}）", p.name, p.id);
            println!(
                "{} · {} · 总投资 {} 万元 · 责任单位 {} · 包联领导 {}",
                d.row.region_zh,
                d.row.park_zh.as_deref().unwrap_or("园区外"),
                liantu_app::table::money(p.investment),
                p.department,
                p.leader
            );
            println!("预警 {}（截至 {}）", a.level.label_zh(), d.as_of.zh());
            for w in &a.warnings {
                println!("  · {}", w.zh);
            }
            println!("阶段        计划          实际          偏差（天）");
            for s in &d.ladder {
                let show = |d: Option<Day>| d.map_or_else(|| "—".to_string(), |d| d.to_string());
                println!(
                    "{:<10}  {:<12}  {:<12}  {}",
                    s.stage.name_zh,
                    show(s.planned),
                    show(s.actual),
                    s.late_days.map_or_else(String::new, |n| n.to_string())
                );
            }
            if let Some(v) = &d.prediction {
                println!();
                print_prediction(v);
            }
            if !d.reports.is_empty() {
                println!();
                print_text(&reports_table(&d.reports), &["issues"]);
            }
            if !d.problems.is_empty() {
                println!();
                let list = d.problem_list();
                print_text(&problems_table(&list), &["project", "resolution"]);
            }
        }
    }
    Ok(())
}

pub async fn problem(db: &Path, command: ProblemCommand) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    let step = |id, action| {
        let app = app.clone();
        async move {
            let p = app.problem_step(id, &action).await?;
            println!(
                "问题 {id}：{} / problem {id}: {}",
                p.status.label_zh(),
                p.status.label_en()
            );
            anyhow::Ok(())
        }
    };
    match command {
        ProblemCommand::Add {
            project,
            title,
            category,
            dept,
            due,
        } => {
            let id = app
                .add_problem(&NewProblem {
                    project,
                    title,
                    category,
                    department: dept,
                    due,
                    raised: None,
                })
                .await?;
            println!("已交办问题 / problem raised: {id}");
        }
        ProblemCommand::Assign { id, dept, due } => {
            step(
                id,
                ProblemAction::Assign {
                    department: dept,
                    due,
                },
            )
            .await?;
        }
        ProblemCommand::Start { id } => step(id, ProblemAction::Start).await?,
        ProblemCommand::Resolve { id, resolution } => {
            step(id, ProblemAction::Resolve { resolution }).await?;
        }
        ProblemCommand::Close { id, resolution } => {
            step(id, ProblemAction::Close { resolution }).await?;
        }
        ProblemCommand::Return { id, reason } => {
            step(id, ProblemAction::Return { reason }).await?;
        }
        ProblemCommand::Import { file, encoding } => {
            let ids = app.import_problems_file(&file, encoding.as_deref()).await?;
            println!("已导入问题 / problems imported: {} 个", ids.len());
        }
        ProblemCommand::List {
            project,
            dept,
            open,
            overdue,
            format,
        } => {
            let list = app
                .problem_list(&ProblemQuery {
                    project,
                    department: dept,
                    open_only: open,
                    overdue_only: overdue,
                    window: None,
                })
                .await?;
            match format {
                Format::Json => print_json(&list)?,
                Format::Csv => print_csv(&problems_table(&list))?,
                Format::Table => print_text(&problems_table(&list), &["resolution"]),
            }
        }
        ProblemCommand::Show { id, format } => {
            let d = app.problem_detail(id).await?;
            match format {
                Format::Json => print_json(&d)?,
                Format::Csv | Format::Table => {
                    let p = &d.row.problem;
                    println!("问题 {}：{}（{}）", p.id, p.title, d.row.project_name);
                    println!(
                        "{} · 责任单位 {} · 提出 {} · 时限 {} · {}",
                        p.category.label_zh(),
                        p.department,
                        p.raised,
                        p.due,
                        p.status.label_zh()
                    );
                    for e in &d.events {
                        println!(
                            "  {} {} {} {} {}",
                            liantu_app::clock::beijing(&e.at).unwrap_or_else(|| e.at.clone()),
                            e.actor.as_deref().unwrap_or("命令行"),
                            e.status.label_zh(),
                            e.department,
                            e.note
                        );
                    }
                }
            }
        }
    }
    Ok(())
}
