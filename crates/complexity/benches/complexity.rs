//! Benchmarks, single-threaded unless labelled `parallel`: the real world-trade table
//! (226 x 785 x 1, skipped when the shared data is absent) and synthetic panels.
//!
//! The synthetic panel of shared/data/complexity/reference/SYNTHETIC.md is defined by numpy's
//! `default_rng` stream, which this file does not reproduce. For the identical panel, write
//! it once with `benches/py_ecomplexity_timing.py --synthetic 250x5000x1 --write-csv FILE` and
//! set `LIANTU_SYNTHETIC_CSV=FILE` (comma-separated for several files). Without it, a
//! stand-in generator with the same model and sizes (SplitMix64, Box-Muller) is used.
//!
//! Run: `CARGO_TARGET_DIR=/work/target-cx cargo bench -p liantu-complexity`. See
//! `benches/README.md` for the measured figures and `examples/bench_panel.rs` for the
//! per-period timer with CPU time and peak memory.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_complexity::{Options, Panel, compute, periods};

/// A panel CSV with columns year, region, product, value (as written by `--write-csv`).
fn read_csv(path: &str) -> Panel {
    let mut reader = csv::Reader::from_path(path).expect("open LIANTU_SYNTHETIC_CSV file");
    let mut panel = Panel::new();
    for record in reader.records() {
        let r = record.expect("csv row");
        let value: f64 = r[3].parse().expect("numeric value");
        panel.push(&r[0], &r[1], &r[2], value);
    }
    panel
}

fn world_trade() -> Option<Panel> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/complexity/world_trade_avg_1998_to_2000.csv");
    let Ok(mut reader) = csv::Reader::from_path(&path) else {
        eprintln!(
            "skipping world-trade benchmark: ../shared/data not found ({})",
            path.display()
        );
        return None;
    };
    let mut panel = Panel::new();
    for record in reader.records() {
        let record = record.ok()?;
        let value: f64 = record.get(2)?.parse().ok()?;
        panel.push("2000", record.get(0)?, record.get(1)?, value);
    }
    Some(panel)
}

/// SplitMix64 with Box-Muller normals.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        (-2.0 * self.unit().ln()).sqrt() * (std::f64::consts::TAU * self.unit()).cos()
    }
}

/// Stand-in for the SYNTHETIC.md panel (same model, different random stream): logistic presence in (capability - complexity) with temperature
/// 0.1 and a per-location drift, lognormal values, one extra unit per row and column.
fn synthetic(regions: usize, products: usize, years: usize) -> Panel {
    let mut rng = Rng(20_240_601);
    let a: Vec<f64> = (0..regions).map(|_| rng.unit()).collect();
    let b: Vec<f64> = (0..products).map(|_| rng.unit()).collect();
    let size_r: Vec<f64> = (0..regions).map(|_| rng.normal().exp()).collect();
    let size_p: Vec<f64> = (0..products).map(|_| rng.normal().exp()).collect();
    let drift: Vec<f64> = (0..regions).map(|_| 0.02 * rng.normal()).collect();
    let mut panel = Panel::with_capacity(regions * products * years / 2);
    let products_code: Vec<String> = (0..products).map(|p| format!("{p:04}")).collect();
    for t in 0..years {
        let mut val = vec![0.0; regions * products];
        for r in 0..regions {
            let at = a[r] + drift[r] * t as f64;
            for p in 0..products {
                let prob = 1.0 / (1.0 + (-(at - b[p]) / 0.1).exp());
                let v = size_r[r] * size_p[p] * rng.normal().exp() * 1e6;
                if rng.unit() < prob {
                    val[r * products + p] = v.round();
                }
            }
        }
        for r in 0..regions {
            val[r * products + (rng.next() % products as u64) as usize] += 1.0;
        }
        for p in 0..products {
            val[(rng.next() % regions as u64) as usize * products + p] += 1.0;
        }
        let year = format!("{}", 2000 + t);
        for r in 0..regions {
            let region = format!("r{r:03}");
            for p in 0..products {
                let v = val[r * products + p];
                if v > 0.0 {
                    panel.push(&year, &region, &products_code[p], v);
                }
            }
        }
    }
    panel
}

fn bench(c: &mut Criterion) {
    if let Some(panel) = world_trade() {
        compute(&panel, &Options::default()).expect("world trade computes");
        let mut group = c.benchmark_group("world_trade_226x785");
        group.sample_size(50);
        group.bench_function("parallel", |b| {
            b.iter(|| compute(black_box(&panel), &Options::default()))
        });
        let seq = Options {
            parallel: false,
            ..Options::default()
        };
        group.bench_function("sequential", |b| {
            b.iter(|| compute(black_box(&panel), &seq))
        });
        group.finish();
    }

    let seq = Options {
        parallel: false,
        ..Options::default()
    };
    let panels: Vec<(String, Panel)> = match std::env::var("LIANTU_SYNTHETIC_CSV") {
        Ok(files) => files
            .split(',')
            .map(|f| {
                let name = std::path::Path::new(f)
                    .file_stem()
                    .map_or(f.into(), |s| s.to_string_lossy().into_owned());
                (name, read_csv(f))
            })
            .collect(),
        Err(_) => [(250, 1200, 20), (250, 5000, 1)]
            .into_iter()
            .map(|(r, p, t)| (format!("standin_{r}x{p}x{t}"), synthetic(r, p, t)))
            .collect(),
    };
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for (name, panel) in &panels {
        eprintln!("synthetic {name}: {} rows", panel.len());
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                // One period at a time, as a CLI would write and drop them.
                for period in periods(black_box(panel), &seq).expect("valid") {
                    black_box(period.expect("period computes").spectrum.second);
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
