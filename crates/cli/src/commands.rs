//! The command dispatch, and the commands of the database itself (init, demo, serve), of chain
//! definitions and of the diagnosis.

use crate::print::{percent, print_csv, print_json, print_text, text};
use crate::{ChainCommand, Cli, Command, Format};
use anyhow::{Context, Result};
use liantu_app::{App, AppError, ChainSource, DiagnosisReport, DiagnosisRequest};
use liantu_model::RegionCode;
use std::path::{Path, PathBuf};

/// The account `--as` names, set once at start-up: every command opens the database through
/// [`open`], which makes the app act for it.
static ACTING_AS: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

pub fn act_as(account: Option<String>) {
    let _ = ACTING_AS.set(account);
}

/// Opens the database, acting for the `--as` account when one was named (its role and scope
/// are checked by `app`, and its name goes into the audit trail), else as the server's operator.
pub async fn open(db: &Path, create: bool) -> Result<App> {
    let app = match postgres_url(db) {
        Some(url) => App::open_url(url).await?,
        None => App::open(db, create).await?,
    };
    match ACTING_AS.get().and_then(Option::as_deref) {
        Some(name) => {
            let user = app.enabled_user(name).await?;
            Ok(app.acting(liantu_app::Actor::User(user), "cli"))
        }
        None => Ok(app),
    }
}

/// The PostgreSQL URL `--db` names (`postgres://user:password@host/db`), when it names one
/// rather than a SQLite file.
pub fn postgres_url(db: &Path) -> Option<&str> {
    let text = db.to_str()?;
    (text.starts_with("postgres://") || text.starts_with("postgresql://")).then_some(text)
}

/// Whether `--db` names a database that is there: a SQLite file that exists, or any PostgreSQL
/// URL (connecting says whether it is reachable).
pub fn database_exists(db: &Path) -> bool {
    postgres_url(db).is_some() || db.exists()
}

/// `--db` as printed: a URL keeps its user and host but not its password.
pub fn shown(db: &Path) -> String {
    let text = db.display().to_string();
    let Some(url) = postgres_url(db) else {
        return text;
    };
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    match rest.split_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        None => text,
    }
}

/// The city the demo data describes (柳州市).
const DEMO_REGION: &str = "450200";

pub async fn run(cli: Cli) -> Result<()> {
    let db = cli.db.as_path();
    match cli.command {
        Command::Init { demo, scale, force } => init(db, demo.then_some(scale), force).await,
        Command::Demo { bind, no_serve } => {
            let path = demo(db).await?;
            if no_serve {
                return Ok(());
            }
            let listen = Listen {
                bind,
                metrics: crate::MetricsBind::Off,
            };
            serve(&path, listen, DEMO_REGION, crate::WebArgs::default()).await
        }
        Command::Serve {
            bind,
            metrics_bind,
            region,
            web,
        } => {
            let listen = Listen {
                bind,
                metrics: metrics_bind,
            };
            serve(db, listen, &region, web).await
        }
        Command::User { command } => crate::account_commands::user(db, command).await,
        Command::Token { command } => crate::account_commands::token(db, command).await,
        Command::Audit(args) => crate::account_commands::audit(db, args).await,
        Command::Panel { command } => crate::growth_cmd::panel(db, command).await,
        Command::Growth(args) => crate::growth_cmd::growth(db, args).await,
        Command::Complexity(args) => crate::complexity_cmd::run(args),
        Command::Import(args) => crate::data_commands::import(db, args).await,
        Command::Template(args) => crate::data_commands::template(args),
        Command::Export(args) => crate::data_commands::export(db, args).await,
        Command::Reference { command } => crate::data_commands::reference(db, command).await,
        Command::Occupation { command } => crate::occupation_commands::run(db, command).await,
        Command::Chain { command } => chain(db, command).await,
        Command::Diagnose {
            chain,
            region,
            year,
            rule,
            format,
        } => diagnose(db, &chain, &region, year, rule.as_deref(), format).await,
        Command::Map(args) => crate::map_cmd::run(db, args).await,
        Command::Coupling(args) => crate::coupling_cmd::run(db, args).await,
        Command::Skills(args) => crate::skills_cmd::run(db, args).await,
        Command::Innovation(args) => crate::innovation_cmd::run(db, args).await,
        Command::Economy(args) => crate::economy_cmd::run(db, args).await,
        Command::Report(args) => crate::report_cmd::run(db, args).await,
        Command::Symbiosis(args) => crate::symbiosis_commands::run(args),
        Command::Score(args) => crate::invest_commands::score(db, args).await,
        Command::Grade(args) => crate::invest_commands::grade(db, args).await,
        Command::Candidate { command } => crate::invest_commands::candidate(db, command).await,
        Command::Io { command } => crate::invest_commands::io(db, command).await,
        Command::Kg { command } => crate::kg_commands::run(db, command).await,
        Command::Scenario { command } => crate::invest_commands::scenario(db, command).await,
        Command::Tag { command } => crate::tag_commands::run(db, command).await,
        Command::Project { command } => crate::project_commands::project(db, command).await,
        Command::Status { format } => {
            let app = open(db, false).await?;
            let file = postgres_url(db).is_none().then_some(db);
            let s = app.status(file).await?;
            if matches!(format, Format::Json) {
                return crate::print::print_json(&s);
            }
            let ok = if s.schema == s.expected_schema {
                ""
            } else {
                "（与本程序不一致 / differs from this build）"
            };
            println!("liantu {}", s.liantu);
            // A PostgreSQL URL may hold a password: only a SQLite file is named.
            println!(
                "数据库 / database: {} {}{}",
                s.backend,
                file.map_or(String::new(), |f| f.display().to_string()),
                s.bytes
                    .map_or(String::new(), |b| format!("，{:.1} MB", b as f64 / 1e6))
            );
            println!(
                "结构版本 / schema: {}{ok}；修订号 / revision: {}",
                s.schema, s.revision
            );
            for (table, n) in &s.counts {
                println!("  {table}: {n}");
            }
            let event = |e: &Option<(String, String)>| {
                e.as_ref()
                    .map_or("—".to_string(), |(at, what)| format!("{at} {what}"))
            };
            println!("最近导入 / last import: {}", event(&s.last_import));
            println!("最近备份 / last backup: {}", event(&s.last_backup));
            Ok(())
        }
        Command::Backup { out } => {
            let app = open(db, false).await?;
            let m = app.backup(&out).await?;
            println!(
                "已备份 / backed up: {}（{} 字节 bytes，结构版本 schema {}，SHA-256 {}）；清单 / manifest: {}",
                out.display(),
                m.bytes,
                m.schema,
                m.sha256,
                liantu_app::backup::manifest_path(&out).display()
            );
            Ok(())
        }
        Command::Restore { file } => {
            let m = match postgres_url(db) {
                Some(url) => liantu_app::backup::restore_postgres(&file, url).await?,
                None => liantu_app::backup::restore(&file, db).await?,
            };
            println!(
                "已恢复 / restored: {}（{} 备份，结构版本 schema {}）",
                db.display(),
                m.taken,
                m.schema
            );
            Ok(())
        }
        Command::Plan { command } => crate::plan_commands::plan(db, command).await,
        Command::Problem { command } => crate::project_commands::problem(db, command).await,
    }
}

async fn chain(db: &Path, command: ChainCommand) -> Result<()> {
    match command {
        ChainCommand::List { format } => chain_list(db, format).await,
        ChainCommand::Show { id, format } => chain_show(db, &id, format).await,
        ChainCommand::Check { file } => chain_check(db, &file).await,
        ChainCommand::Install { file } => chain_install(db, &file).await,
        ChainCommand::FromKg(args) => crate::kg_commands::from_kg(db, args).await,
    }
}

/// A region code given as an argument.
/// `--region CODE [--year Y]`, as the area commands take them.
#[derive(clap::Args)]
pub struct AreaArgs {
    /// 区域（GB/T 2260 代码），默认柳州市 450200 / region code, default Liuzhou 450200
    #[arg(long, env = "LIANTU_REGION", default_value = "450200")]
    pub region: String,
    /// 数据年份，默认最新 / data year, default the latest
    #[arg(long)]
    pub year: Option<i32>,
}

pub fn region(code: &str) -> Result<RegionCode> {
    RegionCode::parse(code).map_err(|e| AppError::invalid(e.to_string()).into())
}

/// What `init` loads beside the chains: nothing, the Liuzhou demo (`Some(None)`), or the demo
/// and that many made-up firms (`Some(Some(n))`).
type DemoLoad = Option<Option<u64>>;

/// Creates the database, installs the built-in chains and, with `demo`, loads the Liuzhou demo —
/// all or nothing: on failure the new file is removed again.
async fn init(db: &Path, demo: DemoLoad, force: bool) -> Result<()> {
    if postgres_url(db).is_some() {
        return init_postgres(db, demo, force).await;
    }
    if db.exists() {
        if !force {
            return Err(AppError::invalid(format!(
                "数据库已存在：{0}（换一个 --db 路径，或加 --force 删除重建）/ database already exists: {0} (choose another --db or add --force)",
                db.display()
            ))
            .into());
        }
        remove_database(db)?;
    }
    let result = create(db, demo).await;
    if result.is_err() {
        // Never leave a half-initialised database behind.
        let _ = remove_database(db);
    }
    let summary = result?;
    println!("已创建数据库 / created database: {}", db.display());
    println!("{summary}");
    Ok(())
}

/// `init` on PostgreSQL: the database is made by its administrator (`createdb`), and liantu
/// fills it only while it holds no chains. It is never dropped from here.
async fn init_postgres(db: &Path, demo: DemoLoad, force: bool) -> Result<()> {
    let app = open(db, false).await?;
    let in_use = !app.chains().await?.is_empty();
    app.close().await;
    if force || in_use {
        return Err(AppError::invalid(format!(
            "PostgreSQL 数据库 {0} {1}：liantu 不会删除它；请由数据库管理员用 dropdb/createdb 重建一个空库 / the PostgreSQL database {0} {2}: liantu does not drop it; have its administrator recreate an empty one (dropdb/createdb)",
            shown(db),
            if in_use { "已有数据" } else { "不能用 --force 重建" },
            if in_use { "already holds data" } else { "cannot be rebuilt with --force" },
        ))
        .into());
    }
    let summary = create(db, demo).await?;
    println!("已初始化数据库 / initialised database: {}", shown(db));
    println!("{summary}");
    Ok(())
}

async fn create(db: &Path, demo: DemoLoad) -> Result<String> {
    let app = crate::commands::open(db, true).await?;
    let chains = app.install_builtin_chains().await?;
    let mut summary = format!("内置产业链 / built-in chains: {chains}");
    if let Some(scale) = demo {
        let loaded = app.load_demo().await?;
        summary.push_str(&format!(
            "\n柳州示例数据 / Liuzhou demo: {} 家企业 enterprises, {} 条年度数据 yearly rows, {} 条链上归属 memberships, {} 条供应关系 supply links（示例数据，数值为虚构 / illustrative figures）",
            loaded.enterprises, loaded.years, loaded.memberships, loaded.links
        ));
        if let Some(firms) = scale {
            let started = std::time::Instant::now();
            let dir = std::env::temp_dir().join(format!("liantu-scale-{}", std::process::id()));
            let added = app.load_scale_demo(firms, &dir).await?;
            summary.push_str(&format!(
                "\n性能测试数据 / scale data: {} 个区划 regions, {} 家企业 enterprises, {} 条年度数据 yearly rows, {} 条链上归属 memberships, {} 条供应关系 supply links, {} 个候选项目 candidates, {} 个项目 projects（{} 条月度调度 monthly reports）, {} 条待确认的归属建议 pending tag suggestions，{:.1} 秒 s（虚构，仅用于性能测试 / made up, for benchmarks）",
                added.regions,
                added.enterprises,
                added.years,
                added.memberships,
                added.links,
                added.candidates,
                added.projects,
                added.reports,
                added.suggestions,
                started.elapsed().as_secs_f64()
            ));
        }
    }
    // After the demo, whose own regions (with English names) stay as they are.
    let divisions = app.install_builtin_divisions().await?;
    summary.push_str(&format!(
        "\n内置行政区划 / built-in divisions: {} 个区划代码 codes（国家统计局 2023 / NBS 2023）",
        divisions.divisions
    ));
    if let Some(o) = app.install_builtin_occupations(false).await? {
        summary.push_str(&format!(
            "\n内置职业分类 / built-in occupation classification: {} 个职业 occupations（职业分类大典 2022 / CSCO 2022）",
            o.per_level[3]
        ));
    }
    app.close().await;
    Ok(summary)
}

fn remove_database(db: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let path = Path::new(&name);
        if path.exists() {
            std::fs::remove_file(path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

/// Loads the demo into a fresh database and prints an overview of every chain. The default
/// database name is replaced; any other existing file is refused.
async fn demo(db: &Path) -> Result<PathBuf> {
    let path = if db == Path::new("liantu.db") {
        Path::new("liantu-demo.db")
    } else {
        db
    };
    let force = path == Path::new("liantu-demo.db") && postgres_url(path).is_none();
    init(path, Some(None), force).await?;
    let app = crate::commands::open(path, false).await?;
    let overview = app.chain_overview(region(DEMO_REGION)?).await?;
    let accounts = app.add_demo_users().await?;
    app.close().await;
    println!();
    println!("柳州市 450200 产业链概览 / Liuzhou chain overview（示例数据 / illustrative data）");
    print_text(&liantu_app::overview_table(&overview), &[]);
    println!();
    println!(
        "命令行 / command line: liantu --db {} diagnose --chain nev-battery",
        shown(path)
    );
    println!();
    println!(
        "示例账号（密码只显示这一次，数据库中只存其哈希）/ demo accounts (passwords are shown this once; only their hashes are stored):"
    );
    for (user, password) in &accounts {
        println!(
            "  {:<16} {:<24} {}（{}）",
            user.name,
            password,
            user.role.name_zh(),
            user.role.id()
        );
    }
    Ok(path.to_path_buf())
}

/// Serves the web app until Ctrl-C, then lets requests in flight finish.
/// Where the server listens: the site, and Prometheus' `/metrics`.
struct Listen {
    bind: std::net::SocketAddr,
    metrics: crate::MetricsBind,
}

/// Completes at Ctrl-C or SIGTERM (how systemd stops a service).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

async fn serve(db: &Path, listen: Listen, code: &str, web: crate::WebArgs) -> Result<()> {
    let region = region(code)?;
    let app = crate::commands::open(db, false).await?;
    // Nobody could sign in: say how to make the first administrator instead of serving a
    // login page no one can pass.
    if !app.has_accounts().await? {
        app.close().await;
        return Err(AppError::invalid(format!(
            "数据库中还没有账号，网页无人能登录。请先创建管理员：\n  liantu --db {0} user add admin --role admin --password-stdin\n/ the database has no accounts yet, so nobody could sign in. Create the first administrator:\n  liantu --db {0} user add admin --role admin --password-stdin",
            shown(db)
        ))
        .into());
    }
    // A restore refuses to replace the file while this is held.
    let _serving = match postgres_url(db) {
        None => Some(liantu_app::backup::ServingLock::take(db)?),
        Some(_) => None,
    };
    let listener = liantu_web::bind(listen.bind).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let until_stopped = move || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        }
    };
    let metrics = match listen.metrics {
        crate::MetricsBind::At(at) => {
            let listener = liantu_web::bind(at).await?;
            println!(
                "Prometheus 指标 / metrics at http://{}/metrics",
                listener.local_addr()?
            );
            Some(tokio::spawn(liantu_web::metrics::serve_metrics(
                listener,
                until_stopped(),
            )))
        }
        crate::MetricsBind::Off => None,
    };
    println!("链图 liantu 已启动 / serving at http://{addr}/  （Ctrl-C 停止 / to stop）");
    tokio::spawn(async move {
        stop_signal().await;
        println!("正在停止 / shutting down…");
        let _ = stop.send(true);
    });
    let mut config = liantu_web::WebConfig::new(region);
    config.allowed_hosts = liantu_web::AllowedHosts::new(web.allowed_hosts);
    config.deployment = liantu_web::auth::Deployment {
        secure_cookies: web.secure_cookies,
        trusted_proxy: web.trusted_proxy,
    };
    liantu_web::serve_with(app.clone(), config, listener, until_stopped()).await?;
    if let Some(metrics) = metrics {
        // Stopped with the site; an error of its listener is not worth failing the exit.
        let _ = metrics.await;
    }
    app.close().await;
    Ok(())
}

async fn chain_list(db: &Path, format: Format) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    let chains = app.chains().await?;
    match format {
        Format::Json => {
            let json: Vec<_> = chains
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.id, "name_zh": c.name_zh, "name_en": c.name_en,
                        "version": c.version, "nodes": c.nodes, "edges": c.edges,
                        "builtin": c.builtin,
                    })
                })
                .collect();
            print_json(&json)?;
        }
        Format::Csv => print_csv(&liantu_app::chain_list_table(&chains))?,
        Format::Table => print_text(&liantu_app::chain_list_table(&chains), &[]),
    }
    Ok(())
}

async fn chain_show(db: &Path, id: &str, format: Format) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    let chain = app.chain(id).await?;
    let (nodes, edges) = liantu_app::chain_tables(&chain);
    match format {
        Format::Json => print_json(&chain)?,
        Format::Csv => print_csv(&nodes)?,
        Format::Table => {
            println!(
                "{} {} (v{}) — {}",
                chain.name_zh, chain.name_en, chain.version, chain.id
            );
            print_text(&nodes, &["keywords"]);
            println!();
            print_text(&edges, &[]);
        }
    }
    Ok(())
}

/// Checks a chain file: its form always, its industry codes against the GB/T 4754-2017 table
/// when the database exists and has it.
async fn chain_check(db: &Path, file: &Path) -> Result<()> {
    let source = ChainSource::read(file)?;
    let check = liantu_app::check_form(&source)?;
    let chain = &check.chain;
    println!(
        "{}：通过 / OK — {} {}，{} 个环节 nodes，{} 条连接 edges，{} 条跨链连接 cross-chain edges",
        source.name,
        chain.id,
        chain.name_zh,
        chain.nodes.len(),
        chain.edges.len(),
        chain.cross_edges.len()
    );
    if !check.uncoded.is_empty() {
        let n = check.uncoded.len();
        let more = if n > 10 { ", …" } else { "" };
        println!(
            "提示：{n} 个环节没有 GB/T 4754 行业代码（增长机会无法关联到它们）/ note: {n} node(s) have no GB/T 4754 industry code (growth opportunities cannot be tied to them): {}{more}",
            check.uncoded[..n.min(10)].join(", ")
        );
    }
    if !database_exists(db) {
        return Ok(());
    }
    let app = crate::commands::open(db, false).await?;
    let check = app.check_chain(&source).await?;
    app.close().await;
    // Both kinds of unknown code in one report: one round of fixes, not two.
    let errors: Vec<String> = [
        check.unknown_codes_error(&source),
        check.unknown_occupations_error(&source),
    ]
    .into_iter()
    .flatten()
    .map(|e| e.to_string())
    .collect();
    if !errors.is_empty() {
        return Err(liantu_app::AppError::invalid(errors.join("\n")).into());
    }
    if check.unknown_codes.is_some() {
        println!(
            "行业代码均在 GB/T 4754-2017 代码表中 / every industry code is in the GB/T 4754-2017 table ({})",
            check.code_count
        );
    } else {
        println!(
            "（数据库中没有 GB/T 4754-2017 代码表，行业代码只检查了格式；可运行 liantu reference import gbt4754 FILE）/ (no GB/T 4754-2017 table in the database: industry codes were checked for form only)"
        );
    }
    if check.occupation_count > 0 {
        if check.unknown_occupations.is_some() {
            println!(
                "职业编码均在职业分类中 / every occupation code is in the occupation classification ({})",
                check.occupation_count
            );
        } else {
            println!(
                "（数据库中没有职业分类，职业编码只检查了格式；可运行 liantu reference import occupations --builtin）/ (no occupation classification in the database: occupation codes were checked for form only; liantu reference import occupations --builtin installs it)"
            );
        }
    }
    Ok(())
}

async fn chain_install(db: &Path, file: &Path) -> Result<()> {
    // Validate before opening the database: a bad file changes nothing.
    let source = ChainSource::read(file)?;
    liantu_app::parse_chain_source(&source)?;
    let app = crate::commands::open(db, false).await?;
    let chain = app.install_chain(&source).await?;
    println!("已安装 / installed: {} {}", chain.id, chain.name_zh);
    Ok(())
}

async fn diagnose(
    db: &Path,
    chain: &str,
    code: &str,
    year: Option<i32>,
    rule: Option<&Path>,
    format: Format,
) -> Result<()> {
    let mut request = DiagnosisRequest::new(chain, region(code)?);
    request.year = year;
    if let Some(path) = rule {
        request.rule = liantu_app::read_rule_file(path)?;
    }
    let app = crate::commands::open(db, false).await?;
    app.chain(chain).await?;
    let report = app.chain_diagnosis(&request).await?;
    match format {
        Format::Json => print_json(&*report)?,
        Format::Csv => print_csv(&liantu_app::diagnosis_table(&report))?,
        Format::Table => print!("{}", diagnosis_text(&report)),
    }
    Ok(())
}

/// The diagnosis for a terminal: a summary, the table (node ids and the single-supplier
/// column left to CSV and JSON), 链主 candidates, single-supplier risks and the rule.
fn diagnosis_text(r: &DiagnosisReport) -> String {
    let year = r.year.map_or_else(|| "—".into(), |y| y.to_string());
    let supply = &r.local_supply;
    let mut out = format!(
        "{} {} · {} {} · {year} 年数据 / data year {year}\n",
        r.chain.name_zh, r.chain.id, r.region.name_zh, r.region.code,
    );
    out.push_str(&format!(
        "完整度 completeness: {}/{} 个环节有本地企业，按阶段加权 {} · 全链本地配套率 local supply rate: {}（{} 条供应关系中 {} 条为本地 / {} of {} links local）· 全链产值 chain output: {} 万元\n\n",
        r.completeness.covered_nodes,
        r.completeness.total_nodes,
        percent(r.completeness.weighted_ratio),
        percent(supply.rate),
        supply.link_count,
        supply.local_link_count,
        supply.local_link_count,
        supply.link_count,
        liantu_app::table::money(r.total_output),
    ));
    out.push_str(&text(
        &liantu_app::diagnosis_table(r),
        &["node", "single_supplier_risk"],
    ));
    if !r.leaders.is_empty() {
        out.push_str("\n链主候选 chain-leader candidates\n");
        out.push_str(&text(&liantu_app::leaders_table(r), &[]));
    }
    let risks: Vec<String> = r
        .nodes
        .iter()
        .filter_map(|n| {
            let c = n.single_supplier_risk.as_ref()?;
            Some(format!("{}：{} {:.0}%", n.name_zh, c.name, c.share * 100.0))
        })
        .collect();
    if !risks.is_empty() {
        out.push_str(&format!(
            "\n单一企业依赖风险 single-supplier risk (≥ {:.0}%): {}\n",
            r.rule.single_supplier_threshold * 100.0,
            risks.join("；")
        ));
    }
    out.push_str(&format!("\n判定规则 rule:\n{}\n", r.rule_zh.trim_end()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_is_told_from_a_file_and_printed_without_its_password() {
        let url = Path::new("postgres://city:s3cret@db.example:5432/liantu");
        assert_eq!(postgres_url(url), url.to_str());
        assert_eq!(shown(url), "postgres://city:***@db.example:5432/liantu");
        let bare = Path::new("postgresql://db.example/liantu");
        assert_eq!(shown(bare), "postgresql://db.example/liantu");
        for file in ["liantu.db", "./postgres://x", "/data/柳州.db"] {
            assert_eq!(postgres_url(Path::new(file)), None);
            assert_eq!(shown(Path::new(file)), file);
        }
    }
}
