//! The sentence saying why a result ranks where it does.

use super::{CandidateScore, CriterionScore};
use crate::text::{num, pts, round2};

/// The sentence saying why result `i` ranks where it does: its strongest criteria, its biggest
/// shortfall, and what separates it from the neighbour above (or below, for the first).
pub(super) fn explain(results: &[CandidateScore], i: usize, eligible: usize) -> (String, String) {
    let r = &results[i];
    let n = results.len();
    let mut by_points: Vec<&CriterionScore> =
        r.criteria.iter().filter(|c| c.points > 0.0).collect();
    by_points.sort_by(|a, b| b.points.total_cmp(&a.points));
    let strengths_zh: Vec<String> = by_points
        .iter()
        .take(2)
        .map(|c| format!("{} {}/{}", c.label_zh, pts(c.points), num(c.weight, 2)))
        .collect();
    let strengths_en: Vec<String> = by_points
        .iter()
        .take(2)
        .map(|c| format!("{} {}/{}", c.label_en, pts(c.points), num(c.weight, 2)))
        .collect();
    let weakest = r
        .criteria
        .iter()
        .filter(|c| c.weight - c.points > 0.005)
        .max_by(|a, b| (a.weight - a.points).total_cmp(&(b.weight - b.points)));
    let mut zh = format!(
        "第 {} 名（共 {n} 个），总分 {}/{}。",
        r.rank,
        pts(r.total),
        num(r.max_total, 2)
    );
    let mut en = format!(
        "Rank {} of {n}, {} of {} points. ",
        r.rank,
        pts(r.total),
        num(r.max_total, 2)
    );
    if !r.eligible {
        let reasons_zh: Vec<&str> = r
            .gate_failures
            .iter()
            .map(|g| g.reason_zh.as_str())
            .collect();
        let reasons_en: Vec<&str> = r
            .gate_failures
            .iter()
            .map(|g| g.reason_en.as_str())
            .collect();
        zh.push_str(&format!(
            "未通过硬性门槛：{}，故排在全部 {eligible} 个合格项目之后。",
            reasons_zh.join("；")
        ));
        en.push_str(&format!(
            "Fails a hard gate: {}; so it ranks after all {eligible} eligible candidates. ",
            reasons_en.join("; ")
        ));
    }
    if strengths_zh.is_empty() {
        zh.push_str("各项均未得分");
        en.push_str("It earns no points");
    } else {
        zh.push_str(&format!("得分最多：{}", strengths_zh.join("、")));
        en.push_str(&format!("Strongest: {}", strengths_en.join(", ")));
    }
    if let Some(w) = weakest {
        zh.push_str(&format!(
            "；失分最多：{} {}/{}（{}）",
            w.label_zh,
            pts(w.points),
            num(w.weight, 2),
            w.reason_zh
        ));
        en.push_str(&format!(
            "; weakest: {} {}/{} ({})",
            w.label_en,
            pts(w.points),
            num(w.weight, 2),
            w.reason_en
        ));
    }
    zh.push('。');
    en.push('.');
    compare_with_neighbour(results, i, &mut zh, &mut en);
    (zh, en)
}

/// Appends what separates result `i` from its neighbour in the same group (eligible or not):
/// the one above, or below for the first of the group.
fn compare_with_neighbour(results: &[CandidateScore], i: usize, zh: &mut String, en: &mut String) {
    let r = &results[i];
    let n = results.len();
    let neighbour = if i > 0 && results[i - 1].eligible == r.eligible {
        Some((&results[i - 1], true))
    } else if i + 1 < n && results[i + 1].eligible == r.eligible {
        Some((&results[i + 1], false))
    } else {
        None
    };
    if let Some((other, above)) = neighbour {
        let gap = round2((other.total - r.total).abs());
        // Criterion with the largest difference in the direction of the gap.
        let diff = r
            .criteria
            .iter()
            .zip(&other.criteria)
            .map(|(a, b)| (a, round2(a.points - b.points)))
            .max_by(|x, y| {
                let (dx, dy) = if above { (-x.1, -y.1) } else { (x.1, y.1) };
                dx.total_cmp(&dy)
            });
        if let Some((c, d)) = diff {
            if gap < 0.005 {
                zh.push_str(&format!(
                    "与第 {} 名“{}”同分，按补链价值、再按编号排序。",
                    other.rank, other.name
                ));
                en.push_str(&format!(
                    " Tied with #{} '{}'; ordered by chain-gap points, then id.",
                    other.rank, other.name
                ));
            } else if above {
                if d < 0.0 {
                    zh.push_str(&format!(
                        "比第 {} 名“{}”少 {} 分，主要差在{}（{}）。",
                        other.rank,
                        other.name,
                        pts(gap),
                        c.label_zh,
                        pts(d)
                    ));
                    en.push_str(&format!(
                        " {} points behind #{} '{}', mostly on {} ({}).",
                        pts(gap),
                        other.rank,
                        other.name,
                        c.label_en,
                        pts(d)
                    ));
                }
            } else if d > 0.0 {
                zh.push_str(&format!(
                    "领先第 {} 名“{}” {} 分，主要胜在{}（+{}）。",
                    other.rank,
                    other.name,
                    pts(gap),
                    c.label_zh,
                    pts(d)
                ));
                en.push_str(&format!(
                    " {} points ahead of #{} '{}', mostly on {} (+{}).",
                    pts(gap),
                    other.rank,
                    other.name,
                    c.label_en,
                    pts(d)
                ));
            }
        }
    }
}
