//! 产业契合: the relatedness density of the candidate's industry for the region, or without one,
//! the share of the served nodes' chain neighbours that have a local firm (see
//! [`crate::RelatednessRule`]).

use super::{Input, Verdict, clamp01};
use crate::score::NodeContext;
use crate::text::num;

pub(super) fn score(input: &Input) -> Verdict {
    let r = &input.rule.relatedness;
    let densities = &input.context.densities;
    let density = match (densities, input.candidate.industry_code.as_deref()) {
        (Some(map), Some(code)) => (1..=code.len())
            .rev()
            .find_map(|len| map.get(&code[..len]).map(|d| (code[..len].to_string(), *d))),
        _ => None,
    };
    let Some((code, d)) = density else {
        return by_neighbours(input, densities.is_some());
    };
    let s = clamp01((d - r.density_low) / (r.density_high - r.density_low));
    Verdict::new(input, s, || {
        (
            format!(
                "行业 {code} 的关联密度 {}（计分区间 {}–{}）→ {}",
                num(d, 3),
                num(r.density_low, 3),
                num(r.density_high, 3),
                num(s, 3)
            ),
            format!(
                "relatedness density of industry {code} is {} (scored between {} and {}) → {}",
                num(d, 3),
                num(r.density_low, 3),
                num(r.density_high, 3),
                num(s, 3)
            ),
        )
    })
}

/// Without a density: the best share of covered chain neighbours among the served nodes.
fn by_neighbours(input: &Input, densities_loaded: bool) -> Verdict {
    let why_zh = if densities_loaded {
        "该行业无关联密度数据"
    } else {
        "未载入关联密度"
    };
    let why_en = if densities_loaded {
        "no density for this industry"
    } else {
        "no relatedness densities loaded"
    };
    let best = input
        .nodes
        .iter()
        .filter(|n| n.neighbours > 0)
        .map(|n| {
            (
                f64::from(n.covered_neighbours) / f64::from(n.neighbours),
                *n,
            )
        })
        .fold(None::<(f64, &NodeContext)>, |acc, x| match acc {
            Some(a) if a.0 >= x.0 => Some(a),
            _ => Some(x),
        });
    let Some((s, n)) = best else {
        return Verdict::new(input, 0.0, || {
            (
                format!("{why_zh}，且未对应产业链环节"),
                format!("{why_en}, and no chain node served"),
            )
        });
    };
    Verdict::new(input, s, || {
        (
            format!(
                "{why_zh}，按产业链相邻环节：“{}”的 {} 个相邻环节中 {} 个有本地企业 → {}",
                n.name_zh,
                n.neighbours,
                n.covered_neighbours,
                num(s, 3)
            ),
            format!(
                "{why_en}; by chain neighbours: {} of the {} nodes next to '{}' have a local firm → {}",
                n.covered_neighbours,
                n.neighbours,
                n.name_en,
                num(s, 3)
            ),
        )
    })
}
