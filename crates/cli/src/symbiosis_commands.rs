//! `liantu symbiosis …`: industrial symbiosis on a standalone instance file
//! (`docs/symbiosis-instance.md`): match, optimise with HiGHS, print exchanges and savings.

use crate::table::{Align, Table};
use crate::{Format, InvalidInput};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use liantu_symbiosis::{Catalog, Instance, Report, SolveError};
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
    let Some(command) = args.command else {
        let Some(park) = args.park else {
            return Err(InvalidInput(
                "请给出 --park ID 或子命令 solve / classes / give --park ID or a subcommand (solve, classes)".into(),
            )
            .into());
        };
        return park_solve(&park, args.mip, args.write_instance.as_deref(), args.format);
    };
    match command {
        SymbiosisCommand::Solve {
            instance,
            write_lp,
            mip,
            explain,
            format,
        } => solve(&instance, write_lp.as_deref(), mip, explain, format),
        SymbiosisCommand::Classes { format } => classes(format),
    }
}

fn solve(
    path: &Path,
    write_lp: Option<&Path>,
    mip: bool,
    explain: bool,
    format: Format,
) -> Result<()> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        InvalidInput(format!(
            "无法读取实例文件 / cannot read instance file {}: {e}",
            path.display()
        ))
    })?;
    let instance = Instance::from_json(&text).map_err(|e| invalid(path, &e.to_string()))?;
    solve_instance(instance, path, write_lp, mip, explain, format)
}

fn park_solve(park: &str, mip: bool, write_instance: Option<&Path>, format: Format) -> Result<()> {
    let inst = liantu_app::symbiosis::park_instance(park)?;
    if let Some(path) = write_instance {
        std::fs::write(path, serde_json::to_string_pretty(&inst)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("已写出实例 / wrote instance: {}", path.display());
    }
    solve_instance(inst, Path::new(park), None, mip, false, format)
}

fn solve_instance(
    instance: Instance,
    path: &Path,
    write_lp: Option<&Path>,
    mip: bool,
    explain: bool,
    format: Format,
) -> Result<()> {
    let model = instance
        .validate(Catalog::builtin())
        .map_err(|e| invalid(path, &e.to_string()))?;
    let mip = mip || model.instance.options.mip;
    let built = model.build(mip);
    if let Some(lp_path) = write_lp {
        std::fs::write(lp_path, built.write_lp(&model))
            .with_context(|| format!("cannot write {}", lp_path.display()))?;
        eprintln!("已写出 LP 文件 / wrote LP file: {}", lp_path.display());
    }
    let report = built.solve(&model).map_err(|e| match e {
        SolveError::Infeasible(_) | SolveError::Lp(_) => InvalidInput(format!(
            "无最优解 / no optimal solution ({}):\n{e}",
            path.display()
        )),
    })?;
    let pairs = explain.then(|| model.explain_all());
    match format {
        Format::Json => match pairs {
            // serde_json's map is sorted; print the report itself to keep its documented order.
            None => println!("{}", serde_json::to_string_pretty(&report)?),
            Some(p) => {
                let mut v = serde_json::to_value(&report)?;
                v["pairs"] = serde_json::to_value(p)?;
                println!("{}", serde_json::to_string_pretty(&v)?);
            }
        },
        Format::Csv => print!("{}", exchanges_csv(&report)?),
        Format::Table => {
            print!("{}", render(&report));
            if let Some(p) = pairs {
                let mut t = Table::new(&[
                    ("供给 offer", Align::Left),
                    ("需求 need", Align::Left),
                    ("相容 ok", Align::Left),
                    ("原因 reason", Align::Left),
                ]);
                for r in p {
                    t.row(vec![
                        r.offer,
                        r.need,
                        if r.compatible { "是 yes" } else { "否 no" }.into(),
                        format!("{} / {}", r.reason_zh, r.reason_en),
                    ]);
                }
                println!("\n每对供需 / every pair");
                print!("{}", t.render());
            }
        }
    }
    Ok(())
}

fn invalid(path: &Path, msg: &str) -> anyhow::Error {
    InvalidInput(format!(
        "实例无效，未求解 / invalid instance, nothing solved ({}):\n{msg}",
        path.display()
    ))
    .into()
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

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "—".into(), f)
}

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
    let mut e = Table::new(&[
        ("供给 offer", Align::Left),
        ("→ 需求 need", Align::Left),
        ("资源 class", Align::Left),
        ("数量 qty", Align::Right),
        ("单位", Align::Left),
        ("方式 mode", Align::Left),
        ("km", Align::Right),
        ("净值 万元", Align::Right),
        ("CO2 t", Align::Right),
        ("说明 note", Align::Left),
    ]);
    for x in &r.exchanges {
        let mut note = Vec::new();
        if let Some(c) = &x.conversion {
            note.push(c.clone());
        }
        if let Some(hw) = &x.hazardous {
            note.push(format!("危废 {hw}"));
        }
        e.row(vec![
            format!("{} ({})", x.offer, x.from),
            format!("{} ({})", x.need, x.to),
            if x.class == x.need_class {
                x.class.clone()
            } else {
                format!("{}→{}", x.class, x.need_class)
            },
            q(x.quantity),
            x.unit.clone(),
            x.mode.clone(),
            format!("{:.1}", x.distance_km),
            money(x.net_value),
            q(x.co2_avoided_t),
            note.join("; "),
        ]);
    }
    out.push_str("\n交换 exchanges\n");
    out.push_str(&e.render());

    let mut o = Table::new(&[
        ("供给 offer", Align::Left),
        ("资源 class", Align::Left),
        ("数量 qty", Align::Right),
        ("已用 used", Align::Right),
        ("剩余 left", Align::Right),
        ("单位", Align::Left),
        ("影子价格 元/单位 shadow price", Align::Right),
        ("", Align::Left),
    ]);
    for x in &r.offers {
        o.row(vec![
            x.id.clone(),
            x.class.clone(),
            q(x.quantity),
            q(x.used),
            q(x.left),
            x.unit.clone(),
            opt(x.shadow_price, |v| format!("{v:.2}")),
            if x.scarce {
                "稀缺 scarce".into()
            } else if x.candidate_pairs == 0 {
                "无可行交换（见 --explain）/ no feasible pair (see --explain)".into()
            } else {
                String::new()
            },
        ]);
    }
    out.push_str("\n供给 offers\n");
    out.push_str(&o.render());

    let mut n = Table::new(&[
        ("需求 need", Align::Left),
        ("资源 class", Align::Left),
        ("数量 qty", Align::Right),
        ("满足 met", Align::Right),
        ("未满足 unmet", Align::Right),
        ("单位", Align::Left),
        ("影子价格 shadow price", Align::Right),
        ("补足价值 元/单位 value if supplied", Align::Right),
    ]);
    for x in &r.needs {
        n.row(vec![
            x.id.clone(),
            x.class.clone(),
            q(x.quantity),
            q(x.met),
            q(x.unmet),
            x.unit.clone(),
            opt(x.shadow_price, |v| format!("{v:.2}")),
            opt(x.value_if_supplied, |v| format!("{v:.2}")),
        ]);
    }
    out.push_str("\n需求 needs\n");
    out.push_str(&n.render());

    let mut p = Table::new(&[
        ("园区 park", Align::Left),
        ("交换 exchanges", Align::Right),
        ("净收益 万元", Align::Right),
        ("CO2 t", Align::Right),
        ("避免处置 t", Align::Right),
        ("替代原料 t", Align::Right),
    ]);
    for x in &r.parks {
        p.row(vec![
            x.park
                .clone()
                .unwrap_or_else(|| "园区外 outside parks".into()),
            x.exchanges.to_string(),
            money(x.net_benefit),
            q(x.co2_avoided_t),
            q(x.avoided_disposal_t),
            q(x.avoided_virgin_t),
        ]);
    }
    out.push_str("\n园区 parks (by offering site)\n");
    out.push_str(&p.render());

    let pct = |v: Option<f64>| opt(v, |v| format!("{:.1}%", 100.0 * v));
    let mut c = Table::new(&[
        ("企业 enterprise", Align::Left),
        ("余热回收率 waste-heat recovery", Align::Right),
        ("水回用率 water reuse", Align::Right),
        ("固废利用率 solid-waste utilisation", Align::Right),
    ]);
    for x in &r.enterprises {
        if x.waste_heat_recovery.is_none()
            && x.water_reuse_rate.is_none()
            && x.solid_waste_utilisation.is_none()
        {
            continue;
        }
        c.row(vec![
            if x.name.is_empty() {
                x.id.clone()
            } else {
                format!("{} {}", x.id, x.name)
            },
            pct(x.waste_heat_recovery),
            pct(x.water_reuse_rate),
            pct(x.solid_waste_utilisation),
        ]);
    }
    out.push_str("\n循环指标 circularity\n");
    out.push_str(&c.render());

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
    out.push_str(&format!(
        "\n{} 对相容供需，LP {} 列 × {} 行；匹配 {:.3} s，建模 {:.3} s，HiGHS {:.3} s / {} compatible pairs, LP {} columns × {} rows\n",
        r.stats.candidate_pairs,
        r.stats.lp_columns,
        r.stats.lp_rows,
        r.stats.seconds_matching,
        r.stats.seconds_build,
        r.stats.seconds_solver,
        r.stats.candidate_pairs,
        r.stats.lp_columns,
        r.stats.lp_rows
    ));
    out
}

fn exchanges_csv(r: &Report) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "offer",
        "need",
        "from",
        "to",
        "class",
        "need_class",
        "conversion",
        "quantity",
        "unit",
        "delivered",
        "delivered_unit",
        "mode",
        "distance_km",
        "net_value_yuan",
        "co2_avoided_t",
        "hazardous",
    ])?;
    for x in &r.exchanges {
        w.write_record([
            x.offer.clone(),
            x.need.clone(),
            x.from.clone(),
            x.to.clone(),
            x.class.clone(),
            x.need_class.clone(),
            x.conversion.clone().unwrap_or_default(),
            x.quantity.to_string(),
            x.unit.clone(),
            x.delivered.to_string(),
            x.delivered_unit.clone(),
            x.mode.clone(),
            x.distance_km.to_string(),
            x.net_value.to_string(),
            x.co2_avoided_t.to_string(),
            x.hazardous.clone().unwrap_or_default(),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn classes(format: Format) -> Result<()> {
    let cat = Catalog::builtin();
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "classes": cat.classes,
                "conversions": cat.conversions,
                "emission_factors": cat.factors,
            }))?
        );
        return Ok(());
    }
    let mut t = Table::new(&[
        ("id", Align::Left),
        ("名称 name", Align::Left),
        ("单位 unit", Align::Left),
        ("属性 properties", Align::Left),
        ("法定代码 legal codes", Align::Left),
        ("运输 modes", Align::Left),
    ]);
    for c in &cat.classes {
        let mut legal = Vec::new();
        if let Some(hw) = &c.hw {
            legal.push(format!("危废 {hw}"));
        }
        if let Some(s) = &c.s_code {
            legal.push(s.clone());
        }
        if let Some(e) = &c.ewc {
            legal.push(format!("EWC {e}"));
        }
        t.row(vec![
            c.id.clone(),
            format!("{} {}", c.name_zh, c.name_en),
            c.base_unit.to_string(),
            c.property
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            legal.join(", "),
            c.modes
                .iter()
                .map(|m| m.mode.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    print!("{}", t.render());
    println!("\n转换 conversions");
    for c in &cat.conversions {
        println!(
            "  {} → {} ×{}: {} / {}",
            c.from, c.to, c.yield_, c.name_zh, c.name_en
        );
    }
    Ok(())
}
