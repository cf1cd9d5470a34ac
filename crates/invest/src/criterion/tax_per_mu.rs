//! 亩均税收: expected tax per 亩 as a share of the park's target.

use super::{Input, Verdict, clamp01};
use crate::text::num;

pub(super) fn score(input: &Input) -> Verdict {
    let th = input.thresholds;
    let Some(t) = input.tax_per_mu else {
        return Verdict::new(input, 0.0, || {
            (
                "未提供预期税收或用地面积".into(),
                "no expected tax or land area given".into(),
            )
        });
    };
    let s = clamp01(t / th.target_tax_per_mu);
    Verdict::new(input, s, || {
        (
            format!(
                "预期亩均税收 {} 万元/亩（满分线 {}）→ {}",
                num(t, 2),
                num(th.target_tax_per_mu, 2),
                num(s, 3)
            ),
            format!(
                "expected tax {} 万元 per mu (full points at {}) → {}",
                num(t, 2),
                num(th.target_tax_per_mu, 2),
                num(s, 3)
            ),
        )
    })
}
