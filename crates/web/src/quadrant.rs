//! The growth-opportunity quadrant (Metroverse-style): a region's missing industries with
//! feasibility (density) on x and complexity (PCI) on y, split at the medians, circle area by
//! opportunity gain (COG).
//!
//! Why the axes are not simply min..max: PCI has long tails (one industry at −6 beside forty
//! between −2.5 and 1.5 squeezed the whole cloud into a strip). Each axis covers the values
//! within 1.5 interquartile ranges of the middle half (Tukey's fences, a box plot's whiskers);
//! the few beyond
//! are drawn on the frame's edge with a dashed ring and keep their true values in the tooltip
//! and the table. Ticks fall on round numbers (1, 2 or 5 × 10ⁿ).

use crate::charts::{TEXT, legend_rows, text_width};
use crate::lang::Lang;
use crate::render::esc;
use liantu_app::GrowthReport;
use std::fmt::Write;

const W: f64 = 860.0;
const H: f64 = 560.0;
/// Plot box: left, right, top (the legend sits above it), bottom (ticks and the x title).
const L: f64 = 70.0;
const R: f64 = 20.0;
const T: f64 = 56.0;
const B: f64 = 60.0;
/// How many of the most feasible-and-complex industries are named on the chart.
const NAMED: usize = 12;

struct Point<'a> {
    density: f64,
    pci: f64,
    cog: f64,
    code: &'a str,
    name: &'a str,
}

/// One axis: its range, its ticks and the decimals they need.
#[derive(Debug)]
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    decimals: usize,
}

impl Axis {
    /// An axis over `values`, far-out values left beyond its ends (see the module doc).
    fn over(values: &[f64]) -> Axis {
        let mut sorted: Vec<f64> = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
        let (mut lo, mut hi) = (min, max);
        // Quartiles mean little below eight values; then every value is in range.
        if sorted.len() >= 8 {
            let (q1, q3) = (quantile(&sorted, 0.25), quantile(&sorted, 0.75));
            let fence = 1.5 * (q3 - q1);
            lo = lo.max(q1 - fence);
            hi = hi.min(q3 + fence);
        }
        let span = hi - lo;
        let pad = if span > 1e-12 {
            span * 0.04
        } else {
            (lo.abs() * 0.1).max(0.01)
        };
        let step = round_step((span + 2.0 * pad) / 4.0);
        let lo = ((lo - pad) / step).floor() * step;
        let hi = ((hi + pad) / step).ceil() * step;
        let count = ((hi - lo) / step).round() as usize;
        let ticks = (0..=count).map(|k| lo + k as f64 * step).collect();
        let decimals = (-step.log10().floor()).clamp(0.0, 6.0) as usize;
        Axis {
            lo,
            hi,
            ticks,
            decimals,
        }
    }

    /// The value kept inside the axis, and whether it had to be.
    fn clamp(&self, v: f64) -> (f64, bool) {
        (v.clamp(self.lo, self.hi), v < self.lo || v > self.hi)
    }

    fn label(&self, v: f64) -> String {
        let text = format!("{v:.*}", self.decimals);
        // A tick a rounding error below zero would read "-0.0".
        if text
            .trim_start_matches('-')
            .chars()
            .all(|c| c == '0' || c == '.')
        {
            text.trim_start_matches('-').to_string()
        } else {
            text
        }
    }
}

/// Linear-interpolated quantile of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let at = q * (sorted.len() - 1) as f64;
    let (i, frac) = (at.floor() as usize, at.fract());
    match sorted.get(i + 1) {
        Some(next) => sorted[i] + (next - sorted[i]) * frac,
        None => sorted[i],
    }
}

/// The round step (1, 2 or 5 × 10ⁿ) nearest above `raw`.
fn round_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    let f = raw / magnitude;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

struct Plot {
    x: Axis,
    y: Axis,
}

impl Plot {
    fn sx(&self, v: f64) -> f64 {
        L + (v - self.x.lo) / (self.x.hi - self.x.lo) * (W - L - R)
    }

    fn sy(&self, v: f64) -> f64 {
        H - B - (v - self.y.lo) / (self.y.hi - self.y.lo) * (H - T - B)
    }
}

pub fn growth_quadrant(report: &GrowthReport, lang: Lang) -> String {
    let points: Vec<Point> = report
        .opportunities
        .iter()
        .filter_map(|o| {
            let (density, pci) = (o.density?, o.pci?);
            (density.is_finite() && pci.is_finite()).then_some(Point {
                density,
                pci,
                cog: o.cog,
                code: o.industry.as_str(),
                name: o.name.as_str(),
            })
        })
        .collect();
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="quadrant" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}">"#,
        esc(lang.t("增长机会象限图", "Growth-opportunity quadrant chart"))
    );
    if points.is_empty() {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text></svg>"#,
            W / 2.0,
            H / 2.0,
            esc(lang.t("没有可绘制的行业", "No industries to plot"))
        );
        return svg;
    }
    let densities: Vec<f64> = points.iter().map(|p| p.density).collect();
    let pcis: Vec<f64> = points.iter().map(|p| p.pci).collect();
    let plot = Plot {
        x: Axis::over(&densities),
        y: Axis::over(&pcis),
    };
    quadrants(&mut svg, &plot, report, lang);
    axes(&mut svg, &plot, lang);
    let beyond = points_and_labels(&mut svg, &plot, &points, lang);
    legend(&mut svg, beyond, lang);
    svg.push_str("</svg>");
    svg
}

/// The frame, the quadrant split at the medians and the quadrants' names.
fn quadrants(svg: &mut String, plot: &Plot, report: &GrowthReport, lang: Lang) {
    let mid_x = report
        .median_density
        .map_or((plot.x.lo + plot.x.hi) / 2.0, |m| plot.x.clamp(m).0);
    let mid_y = report
        .median_pci
        .map_or((plot.y.lo + plot.y.hi) / 2.0, |m| plot.y.clamp(m).0);
    let (mx, my) = (plot.sx(mid_x), plot.sy(mid_y));
    let _ = write!(
        *svg,
        r##"<rect x="{mx:.1}" y="{T}" width="{:.1}" height="{:.1}" fill="#e8f3ec"/>"##,
        W - R - mx,
        my - T
    );
    let _ = write!(
        *svg,
        r##"<rect x="{L}" y="{T}" width="{:.1}" height="{:.1}" fill="none" stroke="#9aa5b1"/>"##,
        W - L - R,
        H - T - B
    );
    let _ = write!(
        *svg,
        r##"<line x1="{mx:.1}" y1="{T}" x2="{mx:.1}" y2="{:.1}" stroke="#9aa5b1" stroke-dasharray="4 3"/><line x1="{L}" y1="{my:.1}" x2="{:.1}" y2="{my:.1}" stroke="#9aa5b1" stroke-dasharray="4 3"/>"##,
        H - B,
        W - R
    );
    let corners = [
        (
            W - R - 6.0,
            T + 16.0,
            "end",
            lang.t("近且复杂：优先培育", "near and complex: priority"),
        ),
        (
            L + 6.0,
            T + 16.0,
            "start",
            lang.t("远但复杂：长期布局", "far but complex: long term"),
        ),
        (
            W - R - 6.0,
            H - B - 8.0,
            "end",
            lang.t("近但简单：易补齐", "near but simple: easy wins"),
        ),
        (
            L + 6.0,
            H - B - 8.0,
            "start",
            lang.t("远且简单", "far and simple"),
        ),
    ];
    for (x, y, anchor, text) in corners {
        let _ = write!(
            *svg,
            r##"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="{TEXT}" fill="#5d6b7a">{}</text>"##,
            esc(text)
        );
    }
}

/// Round-number ticks with light grid lines, and the axis titles.
fn axes(svg: &mut String, plot: &Plot, lang: Lang) {
    for &v in &plot.x.ticks {
        let x = plot.sx(v);
        let _ = write!(
            *svg,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#9aa5b1"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="{TEXT}">{}</text>"##,
            H - B,
            H - B + 4.0,
            H - B + 18.0,
            plot.x.label(v)
        );
    }
    for &v in &plot.y.ticks {
        let y = plot.sy(v);
        let _ = write!(
            *svg,
            r##"<line x1="{:.1}" y1="{y:.1}" x2="{L}" y2="{y:.1}" stroke="#9aa5b1"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="{TEXT}">{}</text>"##,
            L - 4.0,
            L - 7.0,
            y + 4.0,
            plot.y.label(v)
        );
    }
    let _ = write!(
        *svg,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="13">{}</text>"##,
        (L + W - R) / 2.0,
        H - 16.0,
        esc(lang.t(
            "可行性：关联密度（已有相关产业的比重）→",
            "Feasibility: density (share of related industries present) →"
        ))
    );
    let _ = write!(
        *svg,
        r##"<text transform="translate(18 {:.1}) rotate(-90)" text-anchor="middle" font-size="13">{}</text>"##,
        (T + H - B) / 2.0,
        esc(lang.t(
            "价值：产品复杂度 PCI →",
            "Value: product complexity (PCI) →"
        ))
    );
}

/// The industries as circles (area by COG), the most feasible-and-complex ones named where a
/// name fits. Returns how many lie beyond the axes (drawn on the edge).
fn points_and_labels(svg: &mut String, plot: &Plot, points: &[Point], lang: Lang) -> usize {
    let max_cog = points
        .iter()
        .map(|p| p.cog.abs())
        .fold(0.0, f64::max)
        .max(1e-9);
    let position = |p: &Point| {
        let (x, out_x) = plot.x.clamp(p.density);
        let (y, out_y) = plot.y.clamp(p.pci);
        (plot.sx(x), plot.sy(y), out_x || out_y)
    };
    // Named: the highest sum of both coordinates' places within the axes.
    let mut ranked: Vec<usize> = (0..points.len()).collect();
    let score = |i: usize| {
        let (x, y, _) = position(&points[i]);
        (x - L) / (W - L - R) + (H - B - y) / (H - T - B)
    };
    ranked.sort_by(|&a, &b| score(b).total_cmp(&score(a)));
    let named: Vec<usize> = ranked.into_iter().take(NAMED).collect();
    let circles: Vec<(f64, f64, f64, bool)> = points
        .iter()
        .map(|p| {
            let (cx, cy, outside) = position(p);
            (
                cx,
                cy,
                3.5 + 6.0 * (p.cog.max(0.0) / max_cog).sqrt(),
                outside,
            )
        })
        .collect();
    // Names keep clear of every circle and of each other.
    let mut placed: Vec<(f64, f64, f64, f64)> = circles
        .iter()
        .map(|&(cx, cy, r, _)| (cx - r, cy - r, 2.0 * r, 2.0 * r))
        .collect();
    let mut labels = String::new();
    for (i, (p, &(cx, cy, r, outside))) in points.iter().zip(&circles).enumerate() {
        let top = named.contains(&i);
        let ring = if outside {
            r##" stroke-dasharray="2 2" stroke-width="1.2""##
        } else {
            r##" stroke-width="0.6""##
        };
        let _ = write!(
            *svg,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="{}" fill-opacity="0.75" stroke="#1d2733"{ring} data-industry="{}"><title>{} {} · {} {:.3} · PCI {:.2} · COG {:.2}</title></circle>"##,
            if top { "#2e8b57" } else { "#2f6fba" },
            esc(p.code),
            esc(p.code),
            esc(p.name),
            lang.t("关联密度", "density"),
            p.density,
            p.pci,
            p.cog
        );
        if !top {
            continue;
        }
        // Greedy placement: the first of right / left / above / below that collides with
        // nothing placed and stays inside the plot; otherwise the name is left out (the point
        // keeps its tooltip and the table lists it).
        let text = if p.name.is_empty() { p.code } else { p.name };
        let (width, height) = (text_width(text), TEXT + 2.0);
        let candidates = [
            (cx + r + 3.0, cy - height / 2.0),
            (cx - r - 3.0 - width, cy - height / 2.0),
            (cx - width / 2.0, cy - r - 2.0 - height),
            (cx - width / 2.0, cy + r + 2.0),
        ];
        let inside = |x: f64, y: f64| x >= L && x + width <= W - R && y >= T && y + height <= H - B;
        let free = |x: f64, y: f64| {
            placed.iter().all(|&(px, py, pw, ph)| {
                x + width <= px || px + pw <= x || y + height <= py || py + ph <= y
            })
        };
        if let Some(&(x, y)) = candidates
            .iter()
            .find(|&&(x, y)| inside(x, y) && free(x, y))
        {
            placed.push((x, y, width, height));
            let _ = write!(
                labels,
                r##"<text x="{x:.1}" y="{:.1}" font-size="{TEXT}">{}</text>"##,
                y + height - 3.0,
                esc(text)
            );
        }
    }
    let beyond = circles.iter().filter(|c| c.3).count();
    svg.push_str(&labels);
    beyond
}

/// What colour, size and a dashed ring mean, in a row above the plot (two rows if it must).
fn legend(svg: &mut String, beyond: usize, lang: Lang) {
    let named = lang.t(
        "可行且复杂的前 12 个（标名称）",
        "top 12 by feasibility and complexity (named)",
    );
    let mut items: Vec<(String, String)> = vec![
        (
            r##"<circle cx="6" cy="-4" r="6" fill="#2e8b57" fill-opacity="0.75" stroke="#1d2733" stroke-width="0.6"/>"##.into(),
            named.into(),
        ),
        (
            r##"<circle cx="6" cy="-4" r="6" fill="#2f6fba" fill-opacity="0.75" stroke="#1d2733" stroke-width="0.6"/>"##.into(),
            lang.t("其他缺失行业", "other missing industries").into(),
        ),
        (
            r##"<circle cx="4" cy="-4" r="3.5" fill="none" stroke="#1d2733"/><circle cx="19" cy="-4" r="8" fill="none" stroke="#1d2733"/>"##.into(),
            lang.t("圆越大，机会收益（COG）越高", "larger: higher opportunity gain (COG)").into(),
        ),
    ];
    if beyond > 0 {
        items.push((
            r##"<circle cx="6" cy="-4" r="6" fill="#2f6fba" fill-opacity="0.75" stroke="#1d2733" stroke-dasharray="2 2" stroke-width="1.2"/>"##.into(),
            format!(
                "{} {beyond} {}",
                lang.t("另有", "another"),
                lang.t(
                    "个行业超出坐标范围，画在边缘",
                    "beyond the axes, drawn on the edge"
                )
            ),
        ));
    }
    svg.push_str(&legend_rows(&items, (L, W - R), 18.0, 34.0, 18.0).0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fall_on_round_numbers_and_cover_the_values() {
        let axis = Axis::over(&[0.043, 0.11, 0.17, 0.2, 0.21, 0.25, 0.26, 0.31, 0.325]);
        let labels: Vec<String> = axis.ticks.iter().map(|&t| axis.label(t)).collect();
        assert_eq!(labels, ["0.0", "0.1", "0.2", "0.3", "0.4"], "{axis:?}");
        assert!(axis.lo <= 0.043 && axis.hi >= 0.325);
    }

    #[test]
    fn one_far_value_does_not_set_the_range() {
        // Forty values between −2.5 and 1.5 and one at −6.1, as in the demo's PCI.
        let mut values: Vec<f64> = (0..40).map(|i| -2.5 + f64::from(i) * 0.1).collect();
        values.push(-6.1);
        let axis = Axis::over(&values);
        assert!(axis.lo > -6.1, "{axis:?}");
        assert_eq!(axis.clamp(-6.1), (axis.lo, true));
        assert_eq!(axis.clamp(1.4), (1.4, false));
        // A near value stays inside.
        values.push(-4.0);
        assert!(Axis::over(&values).clamp(-4.0).1.not());
    }

    #[test]
    fn a_single_value_still_gets_an_axis() {
        let axis = Axis::over(&[0.5]);
        assert!(
            axis.lo < 0.5 && axis.hi > 0.5 && axis.ticks.len() >= 2,
            "{axis:?}"
        );
        let zero = Axis::over(&[-0.0001, 0.0001]);
        let labels: Vec<String> = zero.ticks.iter().map(|&t| zero.label(t)).collect();
        let zero_like = |l: &String| {
            l.trim_start_matches('-')
                .trim_matches(['0', '.'])
                .is_empty()
        };
        assert_eq!(
            labels.iter().filter(|l| zero_like(l)).collect::<Vec<_>>(),
            ["0.0000"]
        );
    }

    use std::ops::Not;
}
