//! 带动作用: local supplier and buyer firms around the served nodes, blended with the
//! input-output output multiplier of the node's sector when there is one (see
//! [`crate::LinkageRule`]).

use super::{Input, Verdict, clamp01};
use crate::profile::LinkageRule;
use crate::score::NodeContext;
use crate::text::num;

/// The multiplier term: multiplier, its node, its score, and the blended criterion score.
type WithMultiplier<'a> = (f64, &'a NodeContext, f64, f64);

pub(super) fn score(input: &Input) -> Verdict {
    let l = &input.rule.linkage;
    let nodes = input.nodes;
    let partners = nodes
        .iter()
        .map(|n| (n.local_suppliers + n.local_buyers, *n))
        .max_by_key(|(p, _)| *p);
    let multiplier = nodes
        .iter()
        .filter_map(|n| n.output_multiplier.map(|m| (m, *n)))
        .fold(None::<(f64, &NodeContext)>, |acc, x| match acc {
            Some(a) if a.0 >= x.0 => Some(a),
            _ => Some(x),
        });
    let (p, pn) = partners.map_or((0, None), |(p, n)| (p, Some(n)));
    let sp = f64::from(p) / (f64::from(p) + l.partners_half);
    let with_multiplier: Option<WithMultiplier> = multiplier
        .filter(|_| l.partners + l.multiplier > 0.0)
        .map(|(m, n)| {
            let sm = clamp01((m - l.multiplier_low) / (l.multiplier_high - l.multiplier_low));
            let s = (l.partners * sp + l.multiplier * sm) / (l.partners + l.multiplier);
            (m, n, sm, s)
        });
    let s = with_multiplier.map_or(sp, |(.., s)| s);
    Verdict::new(input, s, || {
        let (sup, buy) = pn.map_or((0, 0), |n| (n.local_suppliers, n.local_buyers));
        (
            format!(
                "{}本地上游供应企业 {sup} 家、下游客户企业 {buy} 家 → {p} ÷ ({p} + {}) = {}{}",
                pn.map_or(String::new(), |n| format!("“{}”", n.name_zh)),
                num(l.partners_half, 1),
                num(sp, 3),
                multiplier_tail(l, sp, with_multiplier, true)
            ),
            format!(
                "{sup} local supplier firms and {buy} local buyer firms{} → {p} ÷ ({p} + {}) = {}{}",
                pn.map_or(String::new(), |n| format!(" around '{}'", n.name_en)),
                num(l.partners_half, 1),
                num(sp, 3),
                multiplier_tail(l, sp, with_multiplier, false)
            ),
        )
    })
}

/// The end of the sentence: how the multiplier entered the score, or that there was none.
fn multiplier_tail(
    l: &LinkageRule,
    sp: f64,
    with_multiplier: Option<WithMultiplier>,
    zh: bool,
) -> String {
    match with_multiplier {
        Some((m, n, sm, s)) => {
            let sector = n.io_sector.as_deref().unwrap_or("");
            if zh {
                format!(
                    "；投入产出产出乘数 {}（部门 {sector}，计分区间 {}–{}）→ {}；加权 {} × {} + {} × {} = {}",
                    num(m, 3),
                    num(l.multiplier_low, 2),
                    num(l.multiplier_high, 2),
                    num(sm, 3),
                    num(l.partners, 2),
                    num(sp, 3),
                    num(l.multiplier, 2),
                    num(sm, 3),
                    num(s, 3)
                )
            } else {
                format!(
                    "; input-output output multiplier {} (sector {sector}, scored between {} and {}) → {}; weighted {} × {} + {} × {} = {}",
                    num(m, 3),
                    num(l.multiplier_low, 2),
                    num(l.multiplier_high, 2),
                    num(sm, 3),
                    num(l.partners, 2),
                    num(sp, 3),
                    num(l.multiplier, 2),
                    num(sm, 3),
                    num(s, 3)
                )
            }
        }
        None if zh => "；无投入产出乘数（未导入投入产出表），仅按本地上下游企业".to_string(),
        None => "; no input-output multiplier (no table imported), local partners only".to_string(),
    }
}
