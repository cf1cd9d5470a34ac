//! Times the engine on a CSV panel, one period at a time, and prints a checksum.
//!
//! ```text
//! cargo run --release -p liantu-complexity --example bench_panel -- FILE.csv [--repeat N]
//!     [--parallel] [--stata] [--threshold T] [--dump OUT.bin]
//! ```
//!
//! Columns: `year` (optional; "2000" when absent), `region` or `country`, `product`, `value`.
//! Make the synthetic panel of shared/data/complexity/reference/SYNTHETIC.md with
//! `benches/py_ecomplexity_timing.py --synthetic 250x5000x1 --write-csv FILE.csv`, so that
//! py-ecomplexity and this example read the identical panel. Run under `/usr/bin/time -v`
//! for the peak resident set size ("Maximum resident set size"). Loading is not timed.
//! `--dump` writes every cell's density and COG and every product's PCI (f64, little endian)
//! so two builds can be compared.

use std::io::Write;
use std::time::Instant;

use liantu_complexity::{Convention, Options, Panel, periods};

/// CPU time of the calling thread in seconds (Linux `schedstat`), `None` elsewhere. The
/// machine may be shared: wall time then overstates the engine's cost, CPU time does not.
fn thread_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns * 1e-9)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut repeat = 5;
    let mut parallel = false;
    let mut dump = None;
    let mut options = Options {
        parallel: false,
        ..Options::default()
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|x| x.parse().ok())
                    .expect("--repeat N")
            }
            "--parallel" => parallel = true,
            "--stata" => options.convention = Convention::Stata,
            "--threshold" => {
                options.threshold = args
                    .next()
                    .and_then(|x| x.parse().ok())
                    .expect("--threshold T")
            }
            "--dump" => dump = args.next(),
            _ => path = Some(a),
        }
    }
    let path = path.expect("usage: bench_panel FILE.csv [--repeat N] [--parallel] [--stata] [--threshold T] [--dump OUT]");

    let mut reader = csv::Reader::from_path(&path).expect("open csv");
    let headers = reader.headers().expect("headers").clone();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h));
    let year = col(&["year"]);
    let loc = col(&["region", "country"]).expect("region or country column");
    let prod = col(&["product"]).expect("product column");
    let val = col(&["value"]).expect("value column");
    let mut panel = Panel::new();
    for record in reader.records() {
        let r = record.expect("csv row");
        let value: f64 = r[val].parse().expect("numeric value");
        panel.push(year.map_or("2000", |y| &r[y]), &r[loc], &r[prod], value);
    }
    options.parallel = parallel;
    eprintln!("{path}: {} rows, {options:?}", panel.len());

    let mut per_run = Vec::new();
    let mut cpu_per_run = Vec::new();
    for run in 0..repeat {
        let mut period_times = Vec::new();
        let mut cpu = 0.0;
        let mut sum_eci = 0.0;
        let mut sum_density = 0.0;
        let mut sum_cog = 0.0;
        let mut out = dump
            .as_ref()
            .filter(|_| run == 0)
            .map(|f| std::io::BufWriter::new(std::fs::File::create(f).expect("create dump file")));
        let mut start = Instant::now();
        let mut cpu_start = thread_cpu();
        for period in periods(&panel, &options).expect("valid panel") {
            let period = period.expect("period computes");
            period_times.push(start.elapsed().as_secs_f64());
            cpu += thread_cpu().zip(cpu_start).map_or(f64::NAN, |(b, a)| b - a);
            sum_eci += period
                .locations
                .iter()
                .filter_map(|l| l.eci)
                .map(f64::abs)
                .sum::<f64>();
            for (_, _, cell) in period.cells() {
                sum_density += cell.density.unwrap_or(0.0);
                sum_cog += cell.cog.abs();
                if let Some(out) = out.as_mut() {
                    out.write_all(&cell.density.unwrap_or(f64::NAN).to_le_bytes())
                        .unwrap();
                    out.write_all(&cell.cog.to_le_bytes()).unwrap();
                }
            }
            if let Some(out) = out.as_mut() {
                for p in &period.products {
                    out.write_all(&p.pci.unwrap_or(f64::NAN).to_le_bytes())
                        .unwrap();
                }
            }
            drop(period);
            start = Instant::now();
            cpu_start = thread_cpu();
        }
        let total: f64 = period_times.iter().sum();
        let per_period = total / period_times.len() as f64;
        let cpu_per_period = cpu / period_times.len() as f64;
        eprintln!(
            "run {run}: {total:.4} s for {} period(s), {per_period:.4} s per period \
             ({cpu_per_period:.4} s CPU); sum |eci| = {sum_eci:.14}, \
             sum density = {sum_density:.10e}, sum |cog| = {sum_cog:.10e}",
            period_times.len(),
        );
        per_run.push(per_period);
        cpu_per_run.push(cpu_per_period);
    }
    per_run.sort_by(f64::total_cmp);
    cpu_per_run.sort_by(f64::total_cmp);
    let mid = per_run.len() / 2;
    println!(
        "per period: wall min {:.4} s, median {:.4} s; thread CPU min {:.4} s, median {:.4} s \
         ({} runs)",
        per_run[0],
        per_run[mid],
        cpu_per_run[0],
        cpu_per_run[mid],
        per_run.len()
    );
}
