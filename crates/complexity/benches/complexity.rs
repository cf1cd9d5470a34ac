//! Benchmarks: the real world-trade table (226 x 785 x 1, skipped when the shared data is
//! absent) and synthetic panels shaped like shared/data/complexity/reference/SYNTHETIC.md
//! (same model and sizes; our own seeded generator, so not the identical numbers).
//!
//! Run: `CARGO_TARGET_DIR=/work/target-cx CARGO_BUILD_JOBS=1 cargo bench -p liantu-complexity`.
//! Compare with `benches/py_ecomplexity_timing.py`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_complexity::{Options, Panel, compute, periods};

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

/// The SYNTHETIC.md model: logistic presence in (capability - complexity) with temperature
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

    let mut group = c.benchmark_group("synthetic");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    for (r, p, t) in [(250, 1200, 20), (250, 5000, 1)] {
        let panel = synthetic(r, p, t);
        eprintln!("synthetic {r}x{p}x{t}: {} rows", panel.len());
        group.bench_function(format!("{r}x{p}x{t}"), |b| {
            b.iter(|| {
                // One period at a time, as a CLI would write and drop them.
                for period in periods(black_box(&panel), &Options::default()).expect("valid") {
                    black_box(period.expect("period computes").spectrum.second);
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
