//! `liantu kg …` (the product knowledge graph) and `liantu chain from-kg`.

use crate::Format;
use crate::print::{print_csv, print_json, print_text};
use anyhow::Result;
use clap::{Args, Subcommand};
use liantu_app::kg::{DraftOptions, ImportStats, hits_table, makers_table};
use liantu_app::{App, AppError};
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

/// The database, which must exist: the graph is imported into one made by `liantu init`.
async fn open(db: &Path) -> Result<App> {
    if !crate::commands::database_exists(db) {
        return Err(AppError::invalid(format!(
            "数据库不存在：{0}（先运行 liantu init，再运行 liantu kg import DIR）/ database not found: {0} (run liantu init, then liantu kg import DIR)",
            db.display()
        ))
        .into());
    }
    crate::commands::open(db, false).await
}

async fn import(
    db: &Path,
    dir: &Path,
    source: Option<String>,
    as_of: Option<String>,
) -> Result<()> {
    let app = open(db).await?;
    let start = Instant::now();
    let outcome = app.import_kg(dir, source, as_of).await?;
    app.close().await;
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

fn fixes_line(s: &ImportStats) -> String {
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
    let app = open(db).await?;
    let import = app.kg_status().await?;
    app.close().await;
    let Some(i) = import else {
        return Err(AppError::not_found(
            "尚未导入产业链知识图谱，请先运行 liantu kg import DIR / no knowledge graph imported yet: run liantu kg import DIR",
        )
        .into());
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

async fn search(db: &Path, text: &str, limit: usize, format: Format) -> Result<()> {
    let app = open(db).await?;
    let found = app.kg_search(text, limit).await?;
    match format {
        Format::Json => print_json(&serde_json::json!({
            "query": found.query,
            "total": found.total,
            "source": found.source,
            "as_of": found.as_of,
            "hits": found.hits,
        }))?,
        Format::Csv => print_csv(&hits_table(&found.hits))?,
        Format::Table => {
            println!(
                "“{text}”：{0} 个产品，显示前 {1} 个 / {0} products, first {1} shown（{2}，as of {3}）",
                found.total,
                found.hits.len(),
                found.source,
                found.as_of
            );
            print_text(&hits_table(&found.hits), &["supertypes", "listed"]);
        }
    }
    Ok(())
}

async fn show(db: &Path, product: &str, limit: usize, format: Format) -> Result<()> {
    if format == Format::Csv {
        return Err(AppError::invalid(
            "kg show 没有 CSV 输出，请用 table 或 json / kg show has no CSV output: use table or json",
        )
        .into());
    }
    let app = open(db).await?;
    let p = app.kg_product(product, limit).await?;
    if format == Format::Json {
        return print_json(&p.json());
    }
    let s = &p.summary;
    println!(
        "{} — 上游 suppliers {} · 下游 buyers {} · 产品小类 sub-types {} · 上级 parents {} · 企业 companies {}{}",
        s.name,
        s.suppliers,
        s.buyers,
        s.subtypes,
        s.supertypes,
        s.companies,
        if s.listed {
            ""
        } else {
            "（不在 product.json 中 / not in product.json）"
        }
    );
    println!(
        "（{}，as of {}；关系为第三方抽取，含噪声 / third-party relations, noisy）",
        p.source, p.as_of
    );
    for l in p.lists.iter().filter(|l| l.total > 0) {
        let more = if l.total > l.names.len() {
            format!(" …（共 {0} / {0} in all）", l.total)
        } else {
            String::new()
        };
        println!(
            "\n{} {} ({}): {}{more}",
            l.label.zh,
            l.label.en,
            l.total,
            l.names.join("、")
        );
    }
    if !p.makers.is_empty() {
        println!("\n企业 companies ({}):", s.companies);
        print_text(&makers_table(&p), &[]);
    }
    Ok(())
}

/// `liantu chain from-kg`.
pub async fn from_kg(db: &Path, args: FromKgArgs) -> Result<()> {
    let options = DraftOptions {
        root: args.root.clone(),
        depth: args.depth,
        max_nodes: args.max_nodes,
        fold_subtypes: args.fold_subtypes,
        min_companies: args.min_companies,
        chain_id: args.id.clone(),
    };
    // The command that made the draft, written into its header.
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
    let app = open(db).await?;
    let written = app
        .write_kg_draft(options, &command, &args.out, args.force)
        .await?;
    let draft = &written.draft;
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
            "候选 {0} 个，因 --max-nodes {1} 略去 {2} 个 / {0} candidates, {2} left out by --max-nodes {1}",
            draft.considered,
            args.max_nodes,
            draft.left_out(),
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
