//! `liantu symbiosis …`: industrial symbiosis of a demo park or of a standalone instance file
//! (`docs/symbiosis-instance.md`): match, optimise with HiGHS, print exchanges and savings.

use crate::Format;
use crate::print::{print_csv, print_json, text};
use anyhow::Result;
use clap::{Args, Subcommand};
use liantu_app::AppError;
use liantu_app::symbiosis::{
    Instance, Report, SolveOptions, Solved, catalogue, circularity_table, classes_table,
    exchanges_table, needs_table, offers_table, pairs_table, park_instance, parks_table,
    read_instance_file, solve_instance, write_instance_file,
};
use std::path::{Path, PathBuf};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SymbiosisArgs {
    #[command(subcommand)]
    pub command: Option<SymbiosisCommand>,
    /// 园区 id（内置柳州示例的资源流，如 luzhai-chem、liucheng-liutang-chem）/ park id (the built-in Liuzhou demo's resource streams)
    #[arg(long)]
    pub park: Option<String>,
    /// 混合整数模型 / mixed-integer model
    #[arg(long)]
    pub mip: bool,
    /// 另存该园区的实例文件（JSON）/ also write the park's instance file (JSON)
    #[arg(long)]
    pub write_instance: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Subcommand)]
pub enum SymbiosisCommand {
    /// 求解独立的共生实例文件（JSON）/ solve a standalone instance file (JSON)
    Solve {
        /// 实例文件 / instance file (docs/symbiosis-instance.md)
        instance: PathBuf,
        /// 另存模型为 LP 文件（CPLEX LP 格式）/ also write the model as an LP file (CPLEX LP format)
        #[arg(long)]
        write_lp: Option<PathBuf>,
        /// 混合整数模型（每项交换固定成本、最小规模）/ mixed-integer model (fixed cost, minimum size per exchange)
        #[arg(long)]
        mip: bool,
        /// 列出每一对供需的相容性及原因 / list every offer–need pair with the reason it is or is not compatible
        #[arg(long)]
        explain: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 列出资源类别、转换与排放因子 / list resource classes, conversions and emission factors
    Classes {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub fn run(args: SymbiosisArgs) -> Result<()> {
    match args.command {
        None => {
            let Some(park) = args.park else {
                return Err(AppError::invalid(
                    "请给出 --park ID 或子命令 solve / classes / give --park ID or a subcommand (solve, classes)",
                )
                .into());
            };
            park_solve(&park, args.mip, args.write_instance.as_deref(), args.format)
        }
        Some(SymbiosisCommand::Solve {
            instance,
            write_lp,
            mip,
            explain,
            format,
        }) => {
            let options = SolveOptions {
                mip,
                explain,
                lp_file: write_lp,
            };
            let name = instance.display().to_string();
            solve(read_instance_file(&instance)?, &name, &options, format)
        }
        Some(SymbiosisCommand::Classes { format }) => classes(format),
    }
}

fn park_solve(park: &str, mip: bool, write_instance: Option<&Path>, format: Format) -> Result<()> {
    let instance = park_instance(park)?;
    if let Some(path) = write_instance {
        write_instance_file(path, &instance)?;
        eprintln!("已写出实例 / wrote instance: {}", path.display());
    }
    let options = SolveOptions {
        mip,
        ..SolveOptions::default()
    };
    solve(instance, park, &options, format)
}

fn solve(instance: Instance, name: &str, options: &SolveOptions, format: Format) -> Result<()> {
    let Solved { report, pairs } = solve_instance(instance, name, options)?;
    if let Some(path) = &options.lp_file {
        eprintln!("已写出 LP 文件 / wrote LP file: {}", path.display());
    }
    match format {
        // serde_json's map is sorted; print the report itself to keep its documented order.
        Format::Json => match pairs {
            None => print_json(&report)?,
            Some(p) => {
                let mut v = serde_json::to_value(&report)?;
                v["pairs"] = serde_json::to_value(p)?;
                print_json(&v)?;
            }
        },
        Format::Csv => print_csv(&exchanges_table(&report))?,
        Format::Table => {
            print!("{}", render(&report));
            if let Some(p) = pairs {
                println!("\n每对供需 / every pair");
                print!("{}", text(&pairs_table(&p), &[]));
            }
        }
    }
    Ok(())
}

fn money(v: f64) -> String {
    format!("{:.2}", v / 10_000.0)
}

fn q(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

/// A result for a terminal: the totals, the tables, emission factors and solver figures.
pub fn render(r: &Report) -> String {
    let t = &r.totals;
    let mut out = format!(
        "{}{}\n模型 model: {} | 净收益 net benefit: {} 万元/年 (10k yuan/yr) | 交换 exchanges: {}\n\
         避免处置 avoided disposal: {} 万元, {} t | 替代原料 avoided virgin input: {} 万元, {} t | 运输 transport: {} 万元{}\n\
         减排 CO2 avoided: {} t/年 | 余热利用 heat exchanged: {} GJ | 中水回用 water reused: {} m3\n",
        r.name,
        if r.illustrative {
            "（示例数据 / illustrative）"
        } else {
            ""
        },
        r.model,
        money(r.objective),
        t.exchanges,
        money(t.avoided_disposal_cost),
        q(t.avoided_disposal_t),
        money(t.avoided_virgin_cost),
        q(t.avoided_virgin_t),
        money(t.transport_cost),
        if t.fixed_cost > 0.0 {
            format!(" | 固定成本 fixed: {} 万元", money(t.fixed_cost))
        } else {
            String::new()
        },
        q(t.co2_avoided_t),
        q(t.heat_exchanged_gj),
        q(t.water_reused_m3),
    );
    let sections = [
        (
            "交换 exchanges",
            exchanges_table(r),
            &["from", "to", "need_class", "delivered", "delivered_unit"][..],
        ),
        ("供给 offers", offers_table(r), &[]),
        ("需求 needs", needs_table(r), &[]),
        ("园区 parks (by offering site)", parks_table(r), &[]),
        ("循环指标 circularity", circularity_table(r), &[]),
    ];
    for (title, table, hide) in sections {
        out.push_str(&format!("\n{title}\n"));
        out.push_str(&text(&table, hide));
    }
    out.push_str("\n排放因子 emission factors\n");
    for f in &r.emission_factors {
        out.push_str(&format!(
            "  {} = {} {}/{} — {}{}\n",
            f.id,
            f.value,
            f.unit,
            f.per,
            f.source,
            if f.url.is_empty() {
                String::new()
            } else {
                format!(" <{}>", f.url)
            }
        ));
    }
    let s = &r.stats;
    out.push_str(&format!(
        "\n{0} 对相容供需，LP {1} 列 × {2} 行；匹配 {3:.3} s，建模 {4:.3} s，HiGHS {5:.3} s / {0} compatible pairs, LP {1} columns × {2} rows\n",
        s.candidate_pairs,
        s.lp_columns,
        s.lp_rows,
        s.seconds_matching,
        s.seconds_build,
        s.seconds_solver,
    ));
    out
}

fn classes(format: Format) -> Result<()> {
    let cat = catalogue();
    match format {
        Format::Json => {
            return print_json(&serde_json::json!({
                "classes": cat.classes,
                "conversions": cat.conversions,
                "emission_factors": cat.factors,
            }));
        }
        Format::Csv => return print_csv(&classes_table(cat)),
        Format::Table => print!("{}", text(&classes_table(cat), &[])),
    }
    println!("\n转换 conversions");
    for c in &cat.conversions {
        println!(
            "  {} → {} ×{}: {} / {}",
            c.from, c.to, c.yield_, c.name_zh, c.name_en
        );
    }
    Ok(())
}
