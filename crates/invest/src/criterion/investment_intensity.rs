//! 投资强度: fixed investment per 亩, from 0 at the park's floor to 1 at its target.

use super::{Input, Verdict, clamp01};
use crate::text::num;

pub(super) fn score(input: &Input) -> Verdict {
    let th = input.thresholds;
    let Some(i) = input.investment_intensity else {
        return Verdict::new(input, 0.0, || {
            (
                "未提供用地面积，无法计算投资强度".into(),
                "no land area given: investment intensity unknown".into(),
            )
        });
    };
    let s = clamp01(
        (i - th.min_investment_intensity)
            / (th.target_investment_intensity - th.min_investment_intensity),
    );
    Verdict::new(input, s, || {
        (
            format!(
                "投资强度 {} 万元/亩（门槛 {}，满分线 {}）→ {}",
                num(i, 1),
                num(th.min_investment_intensity, 1),
                num(th.target_investment_intensity, 1),
                num(s, 3)
            ),
            format!(
                "investment intensity {} 万元/亩 (floor {}, full points at {}) → {}",
                num(i, 1),
                num(th.min_investment_intensity, 1),
                num(th.target_investment_intensity, 1),
                num(s, 3)
            ),
        )
    })
}
