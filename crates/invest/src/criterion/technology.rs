//! 科技含量: R&D intensity, 高新技术企业, 专精特新 and patents, each a share of the criterion
//! (see [`crate::TechnologyRule`]).

use super::{Input, Verdict, finite};
use crate::text::{num, pct};

pub(super) fn score(input: &Input) -> Verdict {
    let t = &input.rule.technology;
    let c = input.candidate;
    let rd = finite(c.rd_intensity);
    let rd_part = t.rd * rd.map_or(0.0, |v| (v / t.rd_target).min(1.0));
    let ht = if c.high_tech { t.high_tech } else { 0.0 };
    let sp = if c.specialized { t.specialized } else { 0.0 };
    let patents = c.patents.unwrap_or(0);
    let pat = t.patents * (f64::from(patents) / t.patents_target).min(1.0);
    let s = rd_part + ht + sp + pat;
    Verdict::new(input, s, || {
        let rd_zh = rd.map_or("未报".to_string(), |v| pct(v).to_string());
        let rd_en = rd.map_or("not given".to_string(), |v| pct(v).to_string());
        (
            format!(
                "研发强度 {}（目标 {}）{} + 高新技术企业 {} + 专精特新 {} + 专利 {} 件（目标 {}）{} = {}",
                rd_zh,
                pct(t.rd_target),
                num(rd_part, 3),
                num(ht, 3),
                num(sp, 3),
                patents,
                num(t.patents_target, 0),
                num(pat, 3),
                num(s, 3)
            ),
            format!(
                "R&D intensity {} (target {}) {} + high-tech {} + specialised {} + {} patents (target {}) {} = {}",
                rd_en,
                pct(t.rd_target),
                num(rd_part, 3),
                num(ht, 3),
                num(sp, 3),
                patents,
                num(t.patents_target, 0),
                num(pat, 3),
                num(s, 3)
            ),
        )
    })
}
