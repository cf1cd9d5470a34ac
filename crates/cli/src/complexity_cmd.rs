//! `liantu complexity`: economic complexity of a long CSV table, written as four CSV files.

use anyhow::Result;
use clap::{Args, ValueEnum};
use liantu_app::complexity::{ComplexityRequest, Convention, OUTPUT_FILES, complexity_files};
use std::path::PathBuf;

#[derive(Args)]
pub struct ComplexityArgs {
    /// 输入 CSV（时间、地区、产品、数值长表）/ input CSV, long format
    #[arg(long)]
    input: PathBuf,
    /// 输出目录：cp.csv、locations.csv、products.csv、proximity.csv / output directory
    #[arg(long)]
    output: PathBuf,
    /// 时间列（默认 time/year，没有则视为单期）/ time column (default time or year; none = one period)
    #[arg(long)]
    time: Option<String>,
    /// 地区列（默认 loc/location/country/region）/ location column
    #[arg(long)]
    loc: Option<String>,
    /// 产品列（默认 prod/product/industry）/ product column
    #[arg(long)]
    prod: Option<String>,
    /// 数值列（默认 val/value/export_value/employment/output）/ value column
    #[arg(long)]
    val: Option<String>,
    /// RCA 阈值 / RCA threshold
    #[arg(long, default_value_t = 1.0)]
    threshold: f64,
    #[arg(long, value_enum, default_value_t = ConventionArg::Py)]
    convention: ConventionArg,
}

/// Which reference implementation's conventions to follow.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConventionArg {
    /// py-ecomplexity 0.5.3: RCA ≥ threshold, proximity diagonal 1
    Py,
    /// Stata ecomplexity: RCA > threshold, proximity diagonal 0
    Stata,
}

pub fn run(args: ComplexityArgs) -> Result<()> {
    let request = ComplexityRequest {
        input: args.input,
        output: args.output,
        time: args.time,
        loc: args.loc,
        prod: args.prod,
        val: args.val,
        threshold: args.threshold,
        convention: match args.convention {
            ConventionArg::Py => Convention::PyEcomplexity,
            ConventionArg::Stata => Convention::Stata,
        },
    };
    let periods = complexity_files(&request)?;
    println!(
        "已写出 / wrote {} → {}",
        OUTPUT_FILES.join(", "),
        request.output.display()
    );
    for p in periods {
        println!(
            "  {}: {} locations × {} products, λ2 = {:.6}",
            if p.time.is_empty() { "—" } else { &p.time },
            p.locations,
            p.products,
            p.lambda2
        );
    }
    Ok(())
}
