//! 环保: energy and CO2 intensity against the industry benchmark, the mean of the two (see
//! [`crate::EnvironmentRule`]).

use super::{Input, Verdict, clamp01, finite};
use crate::profile::EnvironmentRule;
use crate::text::num;

pub(super) fn score(input: &Input) -> Verdict {
    let e = &input.rule.environment;
    let c = input.candidate;
    let (be, bc, matched) = e.benchmark_for(c.industry_code.as_deref());
    let (se, re) = part(e, c.energy_tce_per_wan, be);
    let (sc, rc) = part(e, c.emissions_tco2_per_wan, bc);
    let s = (se + sc) / 2.0;
    Verdict::new(input, s, || {
        let bench_zh = if matched.is_empty() {
            "默认基准".to_string()
        } else {
            format!("行业 {matched} 基准")
        };
        let bench_en = if matched.is_empty() {
            "default benchmark".to_string()
        } else {
            format!("industry {matched} benchmark")
        };
        let describe_zh = |name: &str, x: Option<f64>, r: Option<f64>, b: f64, s: f64| match r {
            Some(r) => format!(
                "{name} {}（{} {} 的 {} 倍）→ {}",
                num(x.unwrap_or(0.0), 3),
                bench_zh,
                num(b, 3),
                num(r, 2),
                num(s, 3)
            ),
            None => format!("{name} 未报 → {}", num(s, 3)),
        };
        let describe_en = |name: &str, x: Option<f64>, r: Option<f64>, b: f64, s: f64| match r {
            Some(r) => format!(
                "{name} {} ({} × the {} {}) → {}",
                num(x.unwrap_or(0.0), 3),
                num(r, 2),
                bench_en,
                num(b, 3),
                num(s, 3)
            ),
            None => format!("{name} not given → {}", num(s, 3)),
        };
        (
            format!(
                "{}；{}；平均 {}（≤ {} 倍满分，≥ {} 倍 0 分）",
                describe_zh("能耗 tce/万元", c.energy_tce_per_wan, re, be, se),
                describe_zh("碳排放 tCO2/万元", c.emissions_tco2_per_wan, rc, bc, sc),
                num(s, 3),
                num(e.best_ratio, 2),
                num(e.worst_ratio, 2)
            ),
            format!(
                "{}; {}; mean {} (full at ≤ {} ×, zero at ≥ {} × the benchmark)",
                describe_en("energy tce/万元", c.energy_tce_per_wan, re, be, se),
                describe_en("CO2 t/万元", c.emissions_tco2_per_wan, rc, bc, sc),
                num(s, 3),
                num(e.best_ratio, 2),
                num(e.worst_ratio, 2)
            ),
        )
    })
}

/// One indicator: its score and its ratio to the benchmark (`None`: not reported).
fn part(e: &EnvironmentRule, x: Option<f64>, bench: f64) -> (f64, Option<f64>) {
    match finite(x) {
        Some(v) => {
            let r = v / bench;
            (
                clamp01((e.worst_ratio - r) / (e.worst_ratio - e.best_ratio)),
                Some(r),
            )
        }
        None => (e.missing_score, None),
    }
}
