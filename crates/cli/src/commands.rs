//! One function per subcommand.

use crate::table::{Align, Table};
use crate::{ChainCommand, Cli, Command, Format, InvalidInput};
use anyhow::{Context, Result};
use liantu_analysis::DiagnosisRule;
use liantu_app::{DiagnosisReport, DiagnosisRequest};
use liantu_chain::parse_chain;
use liantu_model::RegionCode;
use std::path::Path;

pub async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Init { demo, force } => init(&cli.db, demo, force).await,
        Command::Demo { bind, no_serve } => {
            let path = demo(&cli.db).await?;
            if no_serve {
                return Ok(());
            }
            serve(&path, bind, "450200").await
        }
        Command::Serve { bind, region } => serve(&cli.db, bind, &region).await,
        Command::Panel { command } => match command {
            crate::PanelCommand::Import {
                file,
                id,
                name_zh,
                name_en,
                measure,
                source_title,
                publisher,
                published,
                illustrative,
            } => {
                crate::growth_cmd::import(
                    &cli.db,
                    &crate::growth_cmd::ImportArgs {
                        file: &file,
                        id: &id,
                        name_zh: &name_zh,
                        name_en: &name_en,
                        measure: &measure,
                        source_title: &source_title,
                        publisher: &publisher,
                        published: &published,
                        illustrative,
                    },
                )
                .await
            }
            crate::PanelCommand::List => crate::growth_cmd::list(&cli.db).await,
        },
        Command::Growth {
            panel,
            region,
            time,
            peers,
            threshold,
            sort,
            limit,
            format,
        } => {
            crate::growth_cmd::growth(
                &cli.db,
                &crate::growth_cmd::GrowthArgs {
                    panel: &panel,
                    region: &region,
                    time: time.as_deref(),
                    peers: peers.as_deref(),
                    threshold,
                    sort: &sort,
                    limit,
                    format,
                },
            )
            .await
        }
        Command::Complexity {
            input,
            output,
            time,
            loc,
            prod,
            val,
            threshold,
            convention,
        } => crate::complexity_cmd::run(&crate::complexity_cmd::Args {
            input,
            output,
            time,
            loc,
            prod,
            val,
            threshold,
            convention: match convention {
                crate::ConventionArg::Py => liantu_complexity::Convention::PyEcomplexity,
                crate::ConventionArg::Stata => liantu_complexity::Convention::Stata,
            },
        }),
        Command::Import(args) => crate::data_commands::import(&cli.db, args).await,
        Command::Template(args) => crate::data_commands::template(args),
        Command::Export(args) => crate::data_commands::export(&cli.db, args).await,
        Command::Reference { command } => crate::data_commands::reference(&cli.db, command).await,
        Command::Chain { command } => match command {
            ChainCommand::List { format } => chain_list(&cli.db, format).await,
            ChainCommand::Show { id, format } => chain_show(&cli.db, &id, format).await,
            ChainCommand::Check { file } => {
                chain_check(&file)?;
                crate::data_commands::check_chain_codes(&cli.db, &file).await
            }
            ChainCommand::Install { file } => chain_install(&cli.db, &file).await,
            ChainCommand::FromKg(args) => crate::kg_commands::from_kg(&cli.db, args).await,
        },
        Command::Diagnose {
            chain,
            region,
            year,
            rule,
            format,
        } => {
            let rule = match rule {
                Some(path) => read_rule(&path)?,
                None => DiagnosisRule::default(),
            };
            diagnose(&cli.db, &chain, &region, year, rule, format).await
        }
        Command::Symbiosis(args) => crate::symbiosis_commands::run(args),
        Command::Score(args) => crate::invest_commands::score(&cli.db, args).await,
        Command::Grade(args) => crate::invest_commands::grade(&cli.db, args).await,
        Command::Candidate { command } => crate::invest_commands::candidate(&cli.db, command).await,
        Command::Io { command } => crate::invest_commands::io(&cli.db, command).await,
        Command::Kg { command } => crate::kg_commands::run(&cli.db, command).await,
        Command::Scenario { command } => crate::invest_commands::scenario(&cli.db, command).await,
        Command::Tag { command } => crate::tag_commands::run(&cli.db, command).await,
    }
}

/// Creates the database, installs the built-in chains and, with `demo`, loads the Liuzhou demo —
/// all or nothing: on failure the new file is removed again.
async fn init(db: &Path, demo: bool, force: bool) -> Result<()> {
    if db.exists() {
        if !force {
            return Err(InvalidInput(format!(
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

async fn create(db: &Path, demo: bool) -> Result<String> {
    let store = liantu_app::App::open(db, true).await?;
    let chains = store.install_builtin_chains().await?;
    let mut summary = format!("内置产业链 / built-in chains: {chains}");
    if demo {
        let loaded = store.load_demo().await?;
        summary.push_str(&format!(
            "\n柳州示例数据 / Liuzhou demo: {} 家企业 enterprises, {} 条年度数据 yearly rows, {} 条链上归属 memberships, {} 条供应关系 supply links（示例数据，数值为虚构 / illustrative figures）",
            loaded.enterprises, loaded.years, loaded.memberships, loaded.links
        ));
    }
    store.close().await;
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
async fn demo(db: &Path) -> Result<std::path::PathBuf> {
    let default = Path::new("liantu.db");
    let path = if db == default {
        Path::new("liantu-demo.db")
    } else {
        db
    };
    let force = path == Path::new("liantu-demo.db");
    init(path, true, force).await?;
    let store = liantu_app::App::open(path, false).await?;
    let region = RegionCode::parse("450200").context("region")?;
    println!();
    let mut table = Table::new(&[
        ("产业链 chain", Align::Left),
        ("环节 nodes", Align::Right),
        ("已覆盖 covered", Align::Right),
        ("完整度 completeness", Align::Right),
        ("本地配套率 local supply", Align::Right),
        ("空白环节 missing", Align::Left),
    ]);
    for chain in store.chains().await? {
        let report = store
            .chain_diagnosis(&DiagnosisRequest::new(&chain.id, region))
            .await?;
        let missing: Vec<&str> = report
            .nodes
            .iter()
            .filter(|n| n.status == liantu_model::NodeStatus::Missing)
            .map(|n| n.name_zh.as_str())
            .collect();
        let missing = match missing.len() {
            0 => "—".to_string(),
            n if n > 5 => format!("{} 等 {n} 个", missing[..5].join("、")),
            _ => missing.join("、"),
        };
        table.row(vec![
            format!("{} {}", chain.name_zh, chain.id),
            report.completeness.total_nodes.to_string(),
            report.completeness.covered_nodes.to_string(),
            percent(report.completeness.weighted_ratio),
            format!(
                "{} ({} 条 links)",
                percent(report.local_supply.rate),
                report.local_supply.link_count
            ),
            missing,
        ]);
    }
    println!("柳州市 450200 产业链概览 / Liuzhou chain overview（示例数据 / illustrative data）");
    print!("{}", table.render());
    println!();
    println!(
        "命令行 / command line: liantu --db {} diagnose --chain nev-battery",
        path.display()
    );
    Ok(path.to_path_buf())
}

/// Serves the web app until Ctrl-C, then lets requests in flight finish.
async fn serve(db: &Path, bind: std::net::SocketAddr, region: &str) -> Result<()> {
    let region = RegionCode::parse(region).map_err(|e| InvalidInput(e.to_string()))?;
    let store = liantu_app::App::open(db, false).await?;
    let listener = liantu_web::bind(bind).await?;
    let addr = listener.local_addr()?;
    println!("链图 liantu 已启动 / serving at http://{addr}/  （Ctrl-C 停止 / to stop）");
    liantu_web::serve(store.clone(), region, listener, async {
        let _ = tokio::signal::ctrl_c().await;
        println!("正在停止 / shutting down…");
    })
    .await?;
    store.close().await;
    Ok(())
}

async fn chain_list(db: &Path, format: Format) -> Result<()> {
    let store = liantu_app::App::open(db, false).await?;
    let chains = store.chains().await?;
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
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record(["id", "name_zh", "name_en", "version", "nodes", "edges"])?;
            for c in &chains {
                w.write_record([
                    &c.id,
                    &c.name_zh,
                    &c.name_en,
                    &c.version.to_string(),
                    &c.nodes.to_string(),
                    &c.edges.to_string(),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            let mut t = Table::new(&[
                ("id", Align::Left),
                ("名称", Align::Left),
                ("name", Align::Left),
                ("版本 version", Align::Right),
                ("环节 nodes", Align::Right),
                ("连接 edges", Align::Right),
            ]);
            for c in &chains {
                t.row(vec![
                    c.id.clone(),
                    c.name_zh.clone(),
                    c.name_en.clone(),
                    c.version.to_string(),
                    c.nodes.to_string(),
                    c.edges.to_string(),
                ]);
            }
            print!("{}", t.render());
        }
    }
    Ok(())
}

async fn chain_show(db: &Path, id: &str, format: Format) -> Result<()> {
    let store = liantu_app::App::open(db, false).await?;
    let chain = store.chain(id).await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&chain)?),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record([
                "node",
                "name_zh",
                "name_en",
                "stage",
                "industry_codes",
                "keywords",
            ])?;
            for n in &chain.nodes {
                let codes: Vec<&str> = n.industry_codes.iter().map(|c| c.as_str()).collect();
                w.write_record([
                    n.id.as_str(),
                    &n.name_zh,
                    &n.name_en,
                    n.stage.key(),
                    &codes.join(" "),
                    &n.keywords.join("|"),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            println!(
                "{} {} (v{}) — {}",
                chain.name_zh, chain.name_en, chain.version, chain.id
            );
            let mut t = Table::new(&[
                ("环节 node", Align::Left),
                ("名称", Align::Left),
                ("阶段 stage", Align::Left),
                ("行业代码 GB/T 4754", Align::Left),
            ]);
            for n in &chain.nodes {
                let codes: Vec<&str> = n.industry_codes.iter().map(|c| c.as_str()).collect();
                t.row(vec![
                    n.id.clone(),
                    n.name_zh.clone(),
                    n.stage.label_zh().to_string(),
                    codes.join(" "),
                ]);
            }
            print!("{}", t.render());
            println!();
            let mut t = Table::new(&[
                ("从 from", Align::Left),
                ("到 to", Align::Left),
                ("类型 kind", Align::Left),
                ("系数 coefficient", Align::Right),
            ]);
            for e in &chain.edges {
                t.row(vec![
                    e.from.clone(),
                    e.to.clone(),
                    e.kind.label_zh().to_string(),
                    e.coefficient.map(|c| c.to_string()).unwrap_or_default(),
                ]);
            }
            print!("{}", t.render());
        }
    }
    Ok(())
}

fn read_chain_file(file: &Path) -> Result<(liantu_chain::Chain, String)> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        InvalidInput(format!(
            "无法读取 {0} / cannot read {0}: {e}",
            file.display()
        ))
    })?;
    match parse_chain(&text) {
        Ok(chain) => Ok((chain, text)),
        Err(problems) => {
            let mut msg = format!(
                "{}：发现 {} 个错误 / {} error(s) found",
                file.display(),
                problems.len(),
                problems.len()
            );
            for p in &problems {
                msg.push_str(&format!("\n{}:{p}", file.display()));
            }
            Err(InvalidInput(msg).into())
        }
    }
}

fn chain_check(file: &Path) -> Result<()> {
    let (chain, _) = read_chain_file(file)?;
    println!(
        "{}：通过 / OK — {} {}，{} 个环节 nodes，{} 条连接 edges",
        file.display(),
        chain.id,
        chain.name_zh,
        chain.nodes.len(),
        chain.edges.len()
    );
    let uncoded: Vec<&str> = chain
        .nodes
        .iter()
        .filter(|n| n.industry_codes.is_empty())
        .map(|n| n.id.as_str())
        .collect();
    if !uncoded.is_empty() {
        let more = if uncoded.len() > 10 { ", …" } else { "" };
        println!(
            "提示：{} 个环节没有 GB/T 4754 行业代码（增长机会无法关联到它们）/ note: {} node(s) have no GB/T 4754 industry code (growth opportunities cannot be tied to them): {}{more}",
            uncoded.len(),
            uncoded.len(),
            uncoded[..uncoded.len().min(10)].join(", ")
        );
    }
    Ok(())
}

async fn chain_install(db: &Path, file: &Path) -> Result<()> {
    // Validate before opening the database: a bad file changes nothing.
    let (chain, text) = read_chain_file(file)?;
    let store = liantu_app::App::open(db, false).await?;
    store
        .install_chain(&liantu_app::ChainSource {
            name: file.display().to_string(),
            text,
        })
        .await?;
    println!("已安装 / installed: {} {}", chain.id, chain.name_zh);
    Ok(())
}

fn read_rule(path: &Path) -> Result<DiagnosisRule> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        InvalidInput(format!(
            "无法读取 {0} / cannot read {0}: {e}",
            path.display()
        ))
    })?;
    let rule: DiagnosisRule = toml::from_str(&text).map_err(|e| {
        InvalidInput(format!(
            "判定规则文件有误 / invalid rule file {}: {e}",
            path.display()
        ))
    })?;
    rule.validate()
        .map_err(|e| InvalidInput(format!("{}: {e}", path.display())))?;
    Ok(rule)
}

async fn diagnose(
    db: &Path,
    chain: &str,
    region: &str,
    year: Option<i32>,
    rule: DiagnosisRule,
    format: Format,
) -> Result<()> {
    let region = RegionCode::parse(region).map_err(|e| InvalidInput(e.to_string()))?;
    let store = liantu_app::App::open(db, false).await?;
    store.chain(chain).await?;
    let mut request = DiagnosisRequest::new(chain, region);
    request.year = year;
    request.rule = rule;
    let report = store.chain_diagnosis(&request).await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Csv => crate::commands::write_csv(&report)?,
        Format::Table => print!("{}", render_table(&report)),
    }
    Ok(())
}

fn percent(v: Option<f64>) -> String {
    v.map(|v| format!("{:.1}%", v * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn wan(v: f64) -> String {
    format!("{v:.0}")
}

fn write_csv(report: &DiagnosisReport) -> Result<()> {
    let mut w = csv::Writer::from_writer(std::io::stdout());
    w.write_record([
        "node",
        "name_zh",
        "name_en",
        "stage",
        "status",
        "status_zh",
        "reason_zh",
        "reason_en",
        "enterprises",
        "output_wan_yuan",
        "output_share",
        "local_supply_rate",
        "local_supply_links",
        "supply_links",
        "single_supplier_risk",
    ])?;
    for n in &report.nodes {
        w.write_record([
            n.id.as_str(),
            &n.name_zh,
            &n.name_en,
            n.stage.key(),
            n.status.key(),
            n.status.label_zh(),
            &n.reason_zh,
            &n.reason_en,
            &n.enterprise_count.to_string(),
            &n.output.to_string(),
            &n.output_share.map(|s| s.to_string()).unwrap_or_default(),
            &n.local_supply
                .rate
                .map(|s| s.to_string())
                .unwrap_or_default(),
            &n.local_supply.local_link_count.to_string(),
            &n.local_supply.link_count.to_string(),
            &n.single_supplier_risk
                .as_ref()
                .map(|r| format!("{} {:.0}%", r.name, r.share * 100.0))
                .unwrap_or_default(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn render_table(r: &DiagnosisReport) -> String {
    let mut out = format!(
        "{} {} · {} {} · {} 年数据 / data year {}\n",
        r.chain.name_zh,
        r.chain.id,
        r.region.name_zh,
        r.region.code,
        r.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
        r.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
    );
    out.push_str(&format!(
        "完整度 completeness: {}/{} 个环节有本地企业，按阶段加权 {} · 全链本地配套率 local supply rate: {}（{} 条供应关系中 {} 条为本地 / {} of {} links local）· 全链产值 chain output: {} 万元\n",
        r.completeness.covered_nodes,
        r.completeness.total_nodes,
        percent(r.completeness.weighted_ratio),
        percent(r.local_supply.rate),
        r.local_supply.link_count,
        r.local_supply.local_link_count,
        r.local_supply.local_link_count,
        r.local_supply.link_count,
        wan(r.total_output),
    ));
    out.push_str(&format!("数据来源 sources: {}\n\n", r.sources_note));
    let mut t = Table::new(&[
        ("环节", Align::Left),
        ("阶段", Align::Left),
        ("状态", Align::Left),
        ("企业数", Align::Right),
        ("产值(万元)", Align::Right),
        ("占全链", Align::Right),
        ("本地配套率", Align::Right),
        ("依据 rule", Align::Left),
    ]);
    for n in &r.nodes {
        t.row(vec![
            n.name_zh.clone(),
            n.stage.label_zh().to_string(),
            n.status.label_zh().to_string(),
            n.enterprise_count.to_string(),
            wan(n.output),
            percent(n.output_share),
            format!(
                "{} ({}/{})",
                percent(n.local_supply.rate),
                n.local_supply.local_link_count,
                n.local_supply.link_count
            ),
            n.reason_zh.clone(),
        ]);
    }
    out.push_str(&t.render());
    if !r.leaders.is_empty() {
        out.push_str("\n链主候选 chain-leader candidates\n");
        let mut t = Table::new(&[
            ("#", Align::Right),
            ("企业", Align::Left),
            ("得分", Align::Right),
            ("理由", Align::Left),
        ]);
        for (i, l) in r.leaders.iter().enumerate() {
            t.row(vec![
                (i + 1).to_string(),
                l.name.clone(),
                format!("{:.2}", l.score),
                l.reason_zh.clone(),
            ]);
        }
        out.push_str(&t.render());
    }
    let risks: Vec<String> = r
        .nodes
        .iter()
        .filter_map(|n| {
            n.single_supplier_risk
                .as_ref()
                .map(|c| format!("{}：{} {:.0}%", n.name_zh, c.name, c.share * 100.0))
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
