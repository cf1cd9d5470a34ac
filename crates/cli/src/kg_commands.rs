//! `liantu kg …` (the product knowledge graph) and `liantu chain from-kg`.

use crate::table::{Align, Table};
use crate::{Format, InvalidInput};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use liantu_kg::{DraftError, DraftOptions, Graph, Hit, MatchKind};
use liantu_model::Stage;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Subcommand)]
pub enum KgCommand {
    /// 导入产业链知识图谱目录（JSON Lines，全部通过才写入），替换之前导入的图谱 / import a knowledge-graph directory (all or nothing), replacing the previous one
    Import {
        /// 目录，格式同 ../shared/data/industry-chain-kg / directory in the format of ../shared/data/industry-chain-kg
        dir: PathBuf,
        /// 数据来源说明（默认取 PROVENANCE.md 的标题）/ source description (default: the title of PROVENANCE.md)
        #[arg(long)]
        source: Option<String>,
        /// 数据截至日期（默认 company.json 中最晚的上市日期）/ as-of date (default: the latest listing date in company.json)
        #[arg(long)]
        as_of: Option<String>,
    },
    /// 按名称搜索产品（完全一致、开头、包含；短名称优先）/ search products by name (exact, prefix, contains; shorter first)
    Search {
        /// 要查找的文字 / text to look for
        text: String,
        /// 最多显示的结果数 / results shown at most
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 显示一个产品的上游、下游、产品小类和企业 / show a product's suppliers, buyers, sub-types and companies
    Show {
        /// 产品名称（与图谱中一致）/ product name, as in the graph
        product: String,
        /// 每类最多列出的数目 / items listed per kind at most
        #[arg(long, default_value_t = 30)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 已导入图谱的来源、规模和导入时的处理 / source, size and import fixes of the stored graph
    Status,
}

/// `liantu chain from-kg`: draft a chain template from the knowledge graph.
#[derive(Args)]
pub struct FromKgArgs {
    /// 核心产品（名称须与图谱一致，可先用 liantu kg search 查找）/ root product, named as in the graph (see liantu kg search)
    #[arg(long)]
    root: String,
    /// 上下游各追溯几层（1–10）/ relations followed on each side (1–10)
    #[arg(long, default_value_t = 2)]
    depth: usize,
    /// 环节数上限（含核心产品；优先保留距离近、企业多、关系多的产品）/ node cap, root included (closer, then better-supported products first)
    #[arg(long, default_value_t = 40)]
    max_nodes: usize,
    /// 把产品小类的上下游也算作该产品的 / count the suppliers and buyers of a product's sub-types as its own
    #[arg(long)]
    fold_subtypes: bool,
    /// 只保留至少有这么多家上市企业主营的产品（0 = 全部；去掉抽取噪声）/ keep only products at least this many listed companies make (0 = all; drops extraction noise)
    #[arg(long, default_value_t = 0)]
    min_companies: usize,
    /// 产业链 id（默认 kg- 加核心产品名称的哈希）/ chain id (default: kg- and a hash of the root's name)
    #[arg(long)]
    id: Option<String>,
    /// 输出的 TOML 文件 / TOML file to write
    #[arg(long)]
    out: PathBuf,
    /// 覆盖已存在的输出文件 / overwrite an existing output file
    #[arg(long)]
    force: bool,
}

pub async fn run(db: &Path, command: KgCommand) -> Result<()> {
    match command {
        KgCommand::Import { dir, source, as_of } => import(db, &dir, source, as_of).await,
        KgCommand::Search {
            text,
            limit,
            format,
        } => search(db, &text, limit, format).await,
        KgCommand::Show {
            product,
            limit,
            format,
        } => show(db, &product, limit, format).await,
        KgCommand::Status => status(db).await,
    }
}

fn no_database(db: &Path) -> anyhow::Error {
    InvalidInput(format!(
        "数据库不存在：{0}（先运行 liantu init，再运行 liantu kg import DIR）/ database not found: {0} (run liantu init, then liantu kg import DIR)",
        db.display()
    ))
    .into()
}

async fn open(db: &Path) -> Result<liantu_app::App> {
    if !db.exists() {
        return Err(no_database(db));
    }
    Ok(liantu_app::App::open(db, false).await?)
}

/// The stored graph, or exit 2 telling the user to import one.
async fn load(db: &Path) -> Result<std::sync::Arc<Graph>> {
    let store = open(db).await?;
    let graph = store.kg_graph().await?;
    store.close().await;
    match graph {
        Some(graph) => Ok(graph),
        None => Err(InvalidInput(format!(
            "{} 中尚未导入产业链知识图谱，请先运行 liantu kg import DIR / no knowledge graph in {} yet: run liantu kg import DIR",
            db.display(),
            db.display()
        ))
        .into()),
    }
}

async fn import(
    db: &Path,
    dir: &Path,
    source: Option<String>,
    as_of: Option<String>,
) -> Result<()> {
    let store = open(db).await?;
    let start = Instant::now();
    let outcome = store.import_kg(dir, source, as_of).await?;
    store.close().await;
    let (data, parsed, written) = (outcome.data, outcome.parse_time, outcome.write_time);

    let s = &data.meta.stats;
    let (supplies, subtypes) = data.edge_counts();
    let unlisted = data.products.iter().filter(|p| !p.listed).count();
    println!(
        "已导入产业链知识图谱 / imported the knowledge graph: {}",
        data.meta.imported_from
    );
    println!(
        "来源 source: {} · 数据截至 as of: {}",
        data.meta.source, data.meta.as_of
    );
    println!(
        "产品 products: {}（{unlisted} 个不在 product.json 中，来自关系或主营产品 / {unlisted} not in product.json, named by relations or company products）",
        data.products.len()
    );
    println!(
        "关系 relations: 供应 supplies {supplies}（上游材料 {} + 下游产品 {}）· 产品小类 sub-types {subtypes}",
        s.stated_upstream, s.stated_downstream
    );
    println!(
        "企业 companies: {} · 主营产品 company products: {} · 申万行业 Shenwan industries: {}",
        data.companies.len(),
        data.offerings.len(),
        data.industries.len()
    );
    println!("{}", fixes_line(s));
    println!(
        "用时 time: 解析 parse {:.2} s · 写入 write {:.2} s · 合计 total {:.2} s",
        parsed.as_secs_f64(),
        written.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn fixes_line(s: &liantu_kg::ImportStats) -> String {
    format!(
        "处理 fixes: 删除自环 self-loops dropped {} · 合并重复关系 duplicate relations merged {} · 清理名称 names cleaned {} · 营收占比 <0 截为 0 clamped to 0: {}，>1 截为 1 clamped to 1: {} · 合并重复主营产品 duplicate company products {} · 重复企业行 duplicate company rows {} · 补充企业 companies added {} · 补充行业 industries added {} · 重复产品行 duplicate product rows {}",
        s.self_loops_dropped,
        s.duplicate_relations,
        s.names_cleaned,
        s.weights_clamped_low,
        s.weights_clamped_high,
        s.duplicate_offerings,
        s.duplicate_companies,
        s.companies_added,
        s.industries_added,
        s.duplicate_products,
    )
}

async fn status(db: &Path) -> Result<()> {
    let store = open(db).await?;
    let import = store.kg_status().await?;
    store.close().await;
    let Some(i) = import else {
        bail!(InvalidInput(format!(
            "{} 中尚未导入产业链知识图谱，请先运行 liantu kg import DIR / no knowledge graph in {} yet: run liantu kg import DIR",
            db.display(),
            db.display()
        )));
    };
    println!("来源 source: {}", i.meta.source);
    println!("数据截至 as of: {}", i.meta.as_of);
    println!(
        "导入自 imported from: {}（{} UTC）",
        i.meta.imported_from, i.imported_at
    );
    println!(
        "产品 products: {} · 供应关系 supplies: {} · 产品小类 sub-types: {} · 企业 companies: {} · 主营产品 company products: {}",
        i.products, i.supplies, i.subtypes, i.companies, i.offerings
    );
    println!("{}", fixes_line(&i.meta.stats));
    Ok(())
}

fn match_label(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Exact => "完全一致 exact",
        MatchKind::Prefix => "开头 prefix",
        MatchKind::Contains => "包含 contains",
        MatchKind::Within => "被包含 within",
    }
}

async fn search(db: &Path, text: &str, limit: usize, format: Format) -> Result<()> {
    if liantu_kg::clean_name(text).is_empty() {
        bail!(InvalidInput(
            "搜索文字为空 / the search text is empty".into()
        ));
    }
    let graph = load(db).await?;
    let mut hits = graph.search(text, usize::MAX);
    let total = hits.len();
    hits.truncate(limit);
    let meta = &graph.data().meta;
    match format {
        Format::Json => {
            let json = serde_json::json!({
                "query": text,
                "total": total,
                "source": meta.source,
                "as_of": meta.as_of,
                "hits": hits,
            });
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record([
                "name",
                "match",
                "suppliers",
                "buyers",
                "subtypes",
                "supertypes",
                "companies",
                "listed",
            ])?;
            for h in &hits {
                let p = &h.product;
                w.write_record([
                    p.name.clone(),
                    serde_json::to_value(h.kind)?
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    p.suppliers.to_string(),
                    p.buyers.to_string(),
                    p.subtypes.to_string(),
                    p.supertypes.to_string(),
                    p.companies.to_string(),
                    p.listed.to_string(),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            println!(
                "“{text}”：{total} 个产品，显示前 {} 个 / {total} products, first {} shown（{}，as of {}）",
                hits.len(),
                hits.len(),
                meta.source,
                meta.as_of
            );
            print!("{}", hits_table(&hits).render());
        }
    }
    Ok(())
}

fn hits_table(hits: &[Hit]) -> Table {
    let mut t = Table::new(&[
        ("#", Align::Right),
        ("产品 product", Align::Left),
        ("匹配 match", Align::Left),
        ("上游 suppliers", Align::Right),
        ("下游 buyers", Align::Right),
        ("小类 sub-types", Align::Right),
        ("企业 companies", Align::Right),
    ]);
    for (i, h) in hits.iter().enumerate() {
        let p = &h.product;
        t.row(vec![
            (i + 1).to_string(),
            p.name.clone(),
            match_label(h.kind).to_string(),
            p.suppliers.to_string(),
            p.buyers.to_string(),
            p.subtypes.to_string(),
            p.companies.to_string(),
        ]);
    }
    t
}

/// Exit 2 for an unknown product, with near matches.
fn unknown_product(graph: &Graph, name: &str) -> anyhow::Error {
    let suggestions: Vec<String> = graph
        .suggest(name, 5)
        .into_iter()
        .map(|h| h.product.name)
        .collect();
    InvalidInput(
        DraftError::UnknownRoot {
            root: name.to_string(),
            suggestions,
        }
        .to_string(),
    )
    .into()
}

async fn show(db: &Path, product: &str, limit: usize, format: Format) -> Result<()> {
    if format == Format::Csv {
        bail!(InvalidInput(
            "kg show 没有 CSV 输出，请用 table 或 json / kg show has no CSV output: use table or json"
                .into()
        ));
    }
    let graph = load(db).await?;
    let Some(id) = graph.find(product) else {
        return Err(unknown_product(&graph, product));
    };
    let summary = graph.summary(id);
    let lists = [
        ("上游 suppliers", "suppliers", graph.suppliers(id)),
        ("下游 buyers", "buyers", graph.buyers(id)),
        ("产品小类 sub-types", "subtypes", graph.subtypes(id)),
        ("上级产品 parents", "supertypes", graph.supertypes(id)),
    ];
    let mut makers: Vec<(u32, f64)> = graph.makers(id).collect();
    makers.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let data = graph.data();
    let industry_name = |code: &Option<String>| {
        code.as_ref()
            .and_then(|c| data.industries.iter().find(|i| &i.code == c))
            .map(|i| format!("{} {}", i.name, i.code))
            .unwrap_or_default()
    };
    match format {
        Format::Json => {
            let mut json = serde_json::to_value(&summary)?;
            for (_, key, ids) in &lists {
                let names: Vec<&str> = graph
                    .ranked(ids)
                    .into_iter()
                    .take(limit)
                    .map(|p| graph.name(p))
                    .collect();
                json[format!("{key}_list")] = serde_json::json!(names);
            }
            json["companies_list"] = serde_json::json!(
                makers
                    .iter()
                    .take(limit)
                    .map(|(c, w)| {
                        let c = &data.companies[*c as usize];
                        serde_json::json!({
                            "code": c.code, "name": c.name, "share": w,
                            "industry_code": c.industry,
                        })
                    })
                    .collect::<Vec<_>>()
            );
            json["source"] = serde_json::json!(data.meta.source);
            json["as_of"] = serde_json::json!(data.meta.as_of);
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        Format::Table | Format::Csv => {
            println!(
                "{} — 上游 suppliers {} · 下游 buyers {} · 产品小类 sub-types {} · 上级 parents {} · 企业 companies {}{}",
                summary.name,
                summary.suppliers,
                summary.buyers,
                summary.subtypes,
                summary.supertypes,
                summary.companies,
                if summary.listed {
                    ""
                } else {
                    "（不在 product.json 中 / not in product.json）"
                }
            );
            println!(
                "（{}，as of {}；关系为第三方抽取，含噪声 / third-party relations, noisy）",
                data.meta.source, data.meta.as_of
            );
            for (label, _, ids) in &lists {
                if ids.is_empty() {
                    continue;
                }
                let names: Vec<&str> = graph
                    .ranked(ids)
                    .into_iter()
                    .take(limit)
                    .map(|p| graph.name(p))
                    .collect();
                let more = if ids.len() > limit {
                    format!(" …（共 {} / {} in all）", ids.len(), ids.len())
                } else {
                    String::new()
                };
                println!("\n{label} ({}): {}{more}", ids.len(), names.join("、"));
            }
            if !makers.is_empty() {
                println!("\n企业 companies ({}):", makers.len());
                let mut t = Table::new(&[
                    ("代码 code", Align::Left),
                    ("企业 company", Align::Left),
                    ("营收占比 share", Align::Right),
                    ("申万行业 Shenwan industry", Align::Left),
                ]);
                for (c, w) in makers.iter().take(limit) {
                    let c = &data.companies[*c as usize];
                    t.row(vec![
                        c.code.clone(),
                        c.name.clone(),
                        format!("{:.1}%", w * 100.0),
                        industry_name(&c.industry),
                    ]);
                }
                print!("{}", t.render());
            }
        }
    }
    Ok(())
}

/// `liantu chain from-kg`.
pub async fn from_kg(db: &Path, args: FromKgArgs) -> Result<()> {
    if args.out.exists() && !args.force {
        bail!(InvalidInput(format!(
            "{0} 已存在（加 --force 覆盖）/ {0} already exists (add --force to overwrite)",
            args.out.display()
        )));
    }
    let graph = load(db).await?;
    let options = DraftOptions {
        root: args.root.clone(),
        depth: args.depth,
        max_nodes: args.max_nodes,
        fold_subtypes: args.fold_subtypes,
        min_companies: args.min_companies,
        chain_id: args.id.clone(),
    };
    let draft = liantu_kg::draft(&graph, &options).map_err(|e| InvalidInput(e.to_string()))?;
    let mut command = format!(
        "liantu chain from-kg --root {} --depth {} --max-nodes {}",
        args.root, args.depth, args.max_nodes
    );
    if args.fold_subtypes {
        command.push_str(" --fold-subtypes");
    }
    if args.min_companies > 0 {
        command.push_str(&format!(" --min-companies {}", args.min_companies));
    }
    if let Some(id) = &args.id {
        command.push_str(&format!(" --id {id}"));
    }
    let text = draft.to_toml(&graph, &command);
    // The draft must pass `liantu chain check`; anything else is a bug here, not bad input.
    if let Err(problems) = liantu_chain::parse_chain(&text) {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        bail!(
            "internal error: the drafted chain does not parse:\n{}",
            list.join("\n")
        );
    }
    std::fs::write(&args.out, &text)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let count = |stage| draft.nodes.iter().filter(|n| n.stage == stage).count();
    println!(
        "已写出产业链草稿 / chain draft written: {} — id {}，{} 个环节 nodes（上游 upstream {}、核心 root 1、下游 downstream {}），{} 条连接 edges",
        args.out.display(),
        draft.chain_id,
        draft.nodes.len(),
        count(Stage::Upstream),
        count(Stage::Downstream),
        draft.edges.len()
    );
    if draft.left_out() > 0 {
        println!(
            "候选 {} 个，因 --max-nodes {} 略去 {} 个 / {} candidates, {} left out by --max-nodes {}",
            draft.considered,
            args.max_nodes,
            draft.left_out(),
            draft.considered,
            draft.left_out(),
            args.max_nodes
        );
    }
    if draft.nodes.len() <= 3 && !args.fold_subtypes {
        println!(
            "提示：该产品自身的供应关系很少，可加 --fold-subtypes 纳入其产品小类的上下游 / hint: few supply relations of its own; --fold-subtypes adds those of its sub-types"
        );
    }
    println!(
        "这是未经核对的机器草稿（第三方数据，含噪声）。下一步 / next: liantu chain check {}",
        args.out.display()
    );
    Ok(())
}
