//! 2,000 offers × 2,000 needs with about 100,000 compatible pairs: matching + model build +
//! HiGHS solve (target ≤ 3 s, overhead outside the solver ≤ 20 %), and scipy's linprog on the
//! same LP file in the same run (skipped with a message when no Python with scipy is found).
//!
//! `cargo bench -p liantu-symbiosis`

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_symbiosis::{Catalog, synthetic};
use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const OFFERS: usize = 2000;
const NEEDS: usize = 2000;
const SITES: usize = 600;
const SEED: u64 = 42;

fn python() -> Option<PathBuf> {
    let mut c = Vec::new();
    if let Some(p) = std::env::var_os("LIANTU_PYTHON") {
        c.push(PathBuf::from(p));
    }
    if let Some(h) = std::env::var_os("HOME") {
        c.push(PathBuf::from(h).join(".cache/liantu/py/bin/python"));
    }
    c.push(PathBuf::from("python3"));
    c.into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import scipy"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn bench(c: &mut Criterion) {
    let inst = synthetic::instance(SEED, OFFERS, NEEDS, SITES);
    let catalog = Catalog::builtin();

    // One detailed run: where the time goes.
    let t = Instant::now();
    let model = inst.clone().validate(catalog).unwrap();
    let validate = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let report = model.solve(Some(false)).unwrap();
    let total = t.elapsed().as_secs_f64();
    let s = &report.stats;
    let overhead = total - s.seconds_solver;
    println!(
        "\nsymbiosis: {} offers × {} needs, {} compatible profitable pairs → LP {} columns × {} rows, {} exchanges",
        s.offers,
        s.needs,
        s.candidate_pairs,
        s.lp_columns,
        s.lp_rows,
        report.exchanges.len()
    );
    println!(
        "  validate {validate:.3} s (not counted) | matching {:.3} s + build {:.3} s + HiGHS {:.3} s + accounting {:.3} s = {total:.3} s; overhead outside the solver {:.1} %",
        s.seconds_matching,
        s.seconds_build,
        s.seconds_solver,
        s.seconds_report,
        100.0 * overhead / total
    );

    // scipy on the same LP.
    match python() {
        Some(py) => {
            let dir = tempfile::tempdir().unwrap();
            let lp = dir.path().join("bench.lp");
            let built = model.build(false);
            std::fs::write(&lp, built.write_lp(&model)).unwrap();
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/lp_scipy.py");
            let out = Command::new(py).arg(script).arg(&lp).output().unwrap();
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
            let obj = v["objective"].as_f64().unwrap_or(f64::NAN);
            println!(
                "  scipy.optimize.linprog(method=\"highs\") on the same LP file: parse {:.3} s, solve {:.3} s; objective {obj:.6} vs liantu {:.6} (rel. diff {:.1e})",
                v["parse_s"].as_f64().unwrap_or(f64::NAN),
                v["solve_s"].as_f64().unwrap_or(f64::NAN),
                report.objective,
                (obj - report.objective).abs() / report.objective.abs()
            );
        }
        None => println!("  scipy: skipped (no Python with scipy; set LIANTU_PYTHON)"),
    }

    if std::env::var_os("LIANTU_BENCH_ONCE").is_some() {
        return;
    }
    let mut g = c.benchmark_group("symbiosis");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("match_build_solve_2000x2000", |b| {
        b.iter(|| black_box(model.solve(Some(false)).unwrap().objective))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
