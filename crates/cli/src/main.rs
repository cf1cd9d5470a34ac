//! `liantu`: the command-line face of liantu. Thin: parse arguments, open the [`App`], call it,
//! print. Exit codes come from the error's kind, in one place ([`exit_code`]): 0 success,
//! 2 the user's input is wrong (a bad file or argument, something that does not exist, a
//! conflict), 1 any other failure.
//!
//! [`App`]: liantu_app::App

mod account_commands;
mod commands;
mod complexity_cmd;
mod config;
mod coupling_cmd;
mod data_commands;
mod economy_cmd;
mod growth_cmd;
mod innovation_cmd;
mod invest_commands;
mod kg_commands;
mod logs;
mod map_cmd;
mod occupation_commands;
mod plan_commands;
mod print;
mod project_commands;
mod report_cmd;
mod skills_cmd;
mod symbiosis_commands;
mod tag_commands;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "liantu",
    version,
    about = "链图 liantu — 产业链智能分析 / industrial-chain intelligence for city governments"
)]
struct Cli {
    /// 数据库：SQLite 文件，或 postgres://用户:密码@主机/库名 / database: a SQLite file, or
    /// postgres://user:password@host/dbname
    #[arg(long, global = true, env = "LIANTU_DB", default_value = "liantu.db")]
    db: PathBuf,
    /// 相对路径的数据库文件所在目录 / the directory a relative database path is in
    #[arg(long, global = true, env = "LIANTU_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// 配置文件（默认 /etc/liantu/liantu.toml，若存在）；命令行 > LIANTU_* 环境变量 > 配置文件 > 默认值 / config file (default /etc/liantu/liantu.toml when present); flag > LIANTU_* variable > file > default
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 日志级别（网页服务默认 info，其余命令默认 warn）/ log level (info for the server, warn for other commands)
    #[arg(long, global = true, env = "LIANTU_LOG_LEVEL", value_enum)]
    log_level: Option<logs::Level>,
    /// 日志格式：每行文本或 JSON（写到标准错误，systemd 下进 journal）/ log lines as text or JSON (to stderr: the journal under systemd)
    #[arg(long, global = true, env = "LIANTU_LOG_FORMAT", value_enum, default_value_t = logs::LogFormat::Text)]
    log_format: logs::LogFormat,
    /// 以该账号的角色和范围执行（写入记在该账号名下）/ act with this account's role and scope (writes are recorded under it)
    #[arg(long = "as", global = true, value_name = "ACCOUNT")]
    acting_as: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 创建数据库并安装内置产业链（--demo 同时载入柳州示例数据）/ create the database with the built-in chains
    Init {
        /// 载入柳州示例数据 / also load the Liuzhou demo data
        #[arg(long)]
        demo: bool,
        /// 另加 N 家虚构企业（分布在广西各县，每家 5 年数据、链上归属、5 条供应关系），用于性能测试 / also add N made-up firms over Guangxi's counties (5 years of figures, memberships and 5 supply links each): the province-size data set for benchmarks
        #[arg(long, value_name = "N", requires = "demo")]
        scale: Option<u64>,
        /// 已存在时先删除该数据库文件 / delete an existing database file first
        #[arg(long)]
        force: bool,
    },
    /// 将柳州示例数据载入一个新数据库，给出诊断概览并启动网页 / load the Liuzhou demo into a fresh database, print an overview and serve the web app
    Demo {
        /// 监听地址 / address to listen on
        #[arg(long, env = "LIANTU_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// 只载入并打印概览，不启动网页 / load and print the overview only
        #[arg(long)]
        no_serve: bool,
    },
    /// 启动网页和 JSON API（须先用 liantu user add 创建管理员）/ serve the web app and JSON API (create an admin with `liantu user add` first)
    Serve {
        /// 监听地址（默认仅本机）/ address to listen on (default: this machine only)
        #[arg(long, env = "LIANTU_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Prometheus 指标 /metrics 的监听地址（默认仅本机；off 关闭）/ where Prometheus metrics (/metrics) are served (default: this machine only; `off` for none)
        #[arg(long, env = "LIANTU_METRICS_BIND", default_value = "127.0.0.1:9464")]
        metrics_bind: MetricsBind,
        /// 本市行政区划代码 / the city's division code
        #[arg(long, env = "LIANTU_REGION", default_value = "450200")]
        region: String,
        #[command(flatten)]
        web: WebArgs,
    },
    /// 账号：新建、列出、改密码、停用、改角色 / accounts: add, list, passwd, disable, role
    User {
        #[command(subcommand)]
        command: account_commands::UserCommand,
    },
    /// API 令牌：创建、列出、吊销 / API tokens: create, list, revoke
    Token {
        #[command(subcommand)]
        command: account_commands::TokenCommand,
    },
    /// 审计记录：谁在何时从何处改了什么 / the audit trail: who changed what, when, from where
    Audit(account_commands::AuditArgs),
    /// 产业链定义 / chain definitions
    Chain {
        #[command(subcommand)]
        command: ChainCommand,
    },
    /// 导入 Excel/CSV（全部通过才写入）/ import an Excel or CSV file, all rows or nothing
    Import(data_commands::ImportArgs),
    /// 写出空白导入模板 / write an empty import template
    Template(data_commands::TemplateArgs),
    /// 导出数据为 Excel/CSV / export data as Excel or CSV
    Export(data_commands::ExportArgs),
    /// 参考表（GB/T 4754-2017、区划代码、职业分类）/ reference tables
    Reference {
        #[command(subcommand)]
        command: data_commands::ReferenceCommand,
    },
    /// 职业分类大典（2022）：列出、查看 / the occupation classification: list, show
    Occupation {
        #[command(subcommand)]
        command: occupation_commands::OccupationCommand,
    },
    /// 产业链诊断：强链、弱链、断链，链主，本地配套率 / chain diagnosis
    Diagnose {
        /// 产业链 id，例如 nev-battery / chain id, e.g. nev-battery
        #[arg(long)]
        chain: String,
        /// 区域（GB/T 2260 代码），默认柳州市 450200 / region code, default Liuzhou 450200
        #[arg(long, env = "LIANTU_REGION", default_value = "450200")]
        region: String,
        /// 数据年份，默认最新 / data year, default the latest
        #[arg(long)]
        year: Option<i32>,
        /// 判定规则文件（TOML，只需写要改的阈值）/ rule file (TOML; set only what you change)
        #[arg(long)]
        rule: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 县区布局图：各县区链上产值、主导环节与规划对照（SVG）；map import 导入县区边界 / county layout map (SVG) and boundary import
    Map(map_cmd::MapArgs),
    /// 产业链耦合：链间供应、跨链本地配套率、耦合缺口 / coupling between chains
    Coupling(coupling_cmd::CouplingArgs),
    /// 技能需求：产业链企业按职业的在岗、空缺、工资和高技能人才占比 / skills demand: employed, vacancies, wages and high-skill share by occupation
    Skills(skills_cmd::SkillsArgs),
    /// 创新链：创新平台、技术需求与成果对接、四链融合 / innovation platforms, needs ↔ achievements, four chains
    Innovation(innovation_cmd::InnovationArgs),
    /// 民营经济指标：增加值增速与比重、高新技术企业占比、研发强度、出口，与公开数据对照 / private-economy indicators
    Economy(economy_cmd::EconomyArgs),
    /// 产业链专报（Word .docx）：总体情况、强链弱链断链、本地配套与县区布局、招商建议、工作建议 / the chain's Word brief
    Report(report_cmd::ReportArgs),
    /// 区域×行业数据面板 / region × industry panels
    Panel {
        #[command(subcommand)]
        command: growth_cmd::PanelCommand,
    },
    /// 增长机会：本地尚未形成优势、但关联密度高的行业 / growth opportunities from a panel
    Growth(growth_cmd::GrowthArgs),
    /// 经济复杂度：RCA、ECI/PCI、邻近度、密度、COI/COG（默认 py-ecomplexity 0.5.3 约定）/ economic complexity of a long CSV table
    Complexity(complexity_cmd::ComplexityArgs),
    /// 工业共生：供需匹配、最优交换（HiGHS）、节约与减排 / industrial symbiosis: matching, optimal exchanges, savings and CO2
    Symbiosis(symbiosis_commands::SymbiosisArgs),
    /// 精准招商：候选项目评分排名（七项指标、硬性门槛、逐项得分与理由）/ rank investment candidates
    Score(invest_commands::ScoreArgs),
    /// 亩均论英雄：企业亩均效益评价 A/B/C/D / grade enterprises by per-mu performance
    Grade(invest_commands::GradeArgs),
    /// 招商候选项目：导入、导出、删除 / investment candidates: import, export, delete
    Candidate {
        #[command(subcommand)]
        command: invest_commands::CandidateCommand,
    },
    /// 投入产出表：导入、产出乘数与关联系数 / input-output tables: import, multipliers, linkages
    Io {
        #[command(subcommand)]
        command: invest_commands::IoCommand,
    },
    /// 产业链知识图谱（第三方产品关系）：导入、搜索、查看 / the product knowledge graph (third-party): import, search, show
    Kg {
        #[command(subcommand)]
        command: kg_commands::KgCommand,
    },
    /// “假如引进”方案：试算、保存、列出、比较 / what-if scenarios: try, save, list, compare
    Scenario {
        #[command(subcommand)]
        command: invest_commands::ScenarioCommand,
    },
    /// 重点项目全过程服务：调度表、阶段推进、月度调度 / projects under service: board, stages, monthly reports
    Project {
        #[command(subcommand)]
        command: project_commands::ProjectCommand,
    },
    /// 运行状况：版本、数据库、结构版本、各表行数、最近导入与备份 / status: version, database,
    /// schema, row counts, the latest import and backup
    Status {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 备份数据库（服务运行中亦可，附校验清单）/ back the database up, while it serves, with a
    /// checked manifest
    Backup {
        /// 备份文件（不得已存在）/ the backup file (must not exist)
        #[arg(long)]
        out: PathBuf,
    },
    /// 由备份恢复数据库（先停止服务；原数据库另存为 .before-restore）/ restore a backup as the
    /// database (stop the service first; the one replaced is kept as .before-restore)
    Restore { file: PathBuf },
    /// 年度计划：导入、修订、执行评估、年度对比 / annual plans: import, revise, evaluate
    Plan {
        #[command(subcommand)]
        command: plan_commands::PlanCommand,
    },
    /// 问题清单：交办、办理、销号 / the problem list: assign, resolve, close
    Problem {
        #[command(subcommand)]
        command: project_commands::ProblemCommand,
    },
    /// 自动标注：按行业代码和产品关键词建议企业的链上环节，人工确认后写入 / auto-tagging: suggest enterprises' chain nodes, written once confirmed
    Tag {
        #[command(subcommand)]
        command: tag_commands::TagCommand,
    },
}

/// How the web server is reached.
#[derive(clap::Args, Clone, Default)]
pub struct WebArgs {
    /// 除 IP 和 localhost 外允许的主机名 / host names to answer besides IP addresses and localhost
    #[arg(
        long = "allowed-host",
        env = "LIANTU_ALLOWED_HOSTS",
        value_delimiter = ','
    )]
    pub allowed_hosts: Vec<String>,
    /// 信任该反向代理（如 nginx）转发的客户端地址和 https / believe X-Forwarded-For and X-Forwarded-Proto from this proxy address
    #[arg(long, env = "LIANTU_TRUSTED_PROXY")]
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// 会话 Cookie 加 Secure（经 HTTPS 访问时）/ mark the session cookie Secure (when served over HTTPS)
    #[arg(long, env = "LIANTU_SECURE_COOKIES")]
    pub secure_cookies: bool,
}

/// Where `/metrics` is served: an address, or `off`.
#[derive(Clone, Copy, Debug)]
pub enum MetricsBind {
    Off,
    At(SocketAddr),
}

impl std::str::FromStr for MetricsBind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s.eq_ignore_ascii_case("off") {
            return Ok(MetricsBind::Off);
        }
        s.parse()
            .map(MetricsBind::At)
            .map_err(|_| format!("须为 主机:端口 或 off / must be host:port or `off`, not `{s}`"))
    }
}

#[derive(Subcommand)]
enum ChainCommand {
    /// 列出已安装的产业链 / list installed chains
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 显示一条产业链的环节和连接 / show a chain's nodes and edges
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 检查产业链定义文件（TOML），列出全部错误及行列号 / check a chain file and list every error
    Check { file: PathBuf },
    /// 安装或更新产业链定义 / install or replace a chain definition
    Install { file: PathBuf },
    /// 从产业链知识图谱起草产业链模板（TOML，须人工整理）/ draft a chain template from the knowledge graph (needs curation)
    FromKg(kg_commands::FromKgArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// mimalloc rather than glibc's malloc: a served request allocates and frees across the async
/// workers and the database threads, and glibc's arena locks and consolidation were a quarter
/// of a cached page's cost (perf, `cargo bench -p liantu-web --bench serve`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut command = Cli::command();
    if let Some(path) = config::config_path(&args) {
        command = match config::apply(command, &path) {
            Ok(command) => command,
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        };
    }
    let matches = command.get_matches_from(args);
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let Some(dir) = &cli.data_dir
        && commands::postgres_url(&cli.db).is_none()
        && cli.db.is_relative()
    {
        cli.db = dir.join(&cli.db);
    }
    let serving = matches!(cli.command, Command::Serve { .. } | Command::Demo { .. });
    if !serving {
        quiet_on_closed_pipe();
    }
    logs::init(cli.log_level, serving, cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("错误 / error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    commands::act_as(cli.acting_as.clone());
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let (code, message) = exit_code(&err);
            eprintln!("{message}");
            code
        }
    }
}

/// The exit code and message of a failure. The user's input (a file, an argument, a name) is
/// wrong: exit 2 with the message alone; anything else: exit 1, marked as an error.
fn exit_code(err: &anyhow::Error) -> (ExitCode, String) {
    use liantu_app::{AppError, ErrorKind};
    let Some(e) = err.downcast_ref::<AppError>() else {
        return (ExitCode::FAILURE, format!("错误 / error: {err:#}"));
    };
    match e.kind() {
        ErrorKind::Invalid
        | ErrorKind::NotFound
        | ErrorKind::Conflict
        | ErrorKind::Unauthenticated
        | ErrorKind::Forbidden
        | ErrorKind::RateLimited => (ExitCode::from(2), e.to_string()),
        ErrorKind::Unavailable | ErrorKind::Internal => {
            (ExitCode::FAILURE, format!("错误 / error: {e}"))
        }
    }
}

/// A command whose output is cut short (`liantu skills … | head`) ends quietly, as Unix tools
/// do, instead of panicking in `println!`: Rust ignores SIGPIPE, so a write to a closed pipe
/// fails; with the default action the process ends on it. The server keeps Rust's default — a
/// client closing its connection must not end it.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring a signal's default action before any thread is started; nothing else
    // in the process installs a SIGPIPE handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
