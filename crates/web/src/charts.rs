//! Small SVG charts drawn by hand (no chart library, nothing fetched), and what the larger
//! charts (`quadrant`, `park_flow`) share: text widths and legends.

use crate::render::esc;
use std::fmt::Write;

/// Size of chart text (labels, ticks, legends): 12 px stays legible printed at A4 width.
pub(crate) const TEXT: f64 = 12.0;

/// Width of `text` at [`TEXT`] px: CJK characters are square, Latin about 0.58 em.
pub(crate) fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { TEXT * 0.58 } else { TEXT })
        .sum()
}

/// Legend entries — an SVG mark drawn at the entry's origin, then its text `text_x` to the
/// right — in rows from `left` to `right`, the first baseline at `y`: an entry that would cross
/// `right` starts a new row 20 px lower. `gap` separates entries. Returns the SVG and the last
/// row's baseline.
pub(crate) fn legend_rows(
    items: &[(String, String)],
    (left, right): (f64, f64),
    mut y: f64,
    text_x: f64,
    gap: f64,
) -> (String, f64) {
    let mut svg = String::new();
    let mut x = left;
    for (mark, text) in items {
        let width = text_x + text_width(text);
        if x + width > right && x > left {
            x = left;
            y += 20.0;
        }
        let _ = write!(
            svg,
            r##"<g class="legend" transform="translate({x:.1} {y:.1})">{mark}<text x="{text_x}" y="0" font-size="{TEXT}" fill="#1d2733">{}</text></g>"##,
            esc(text)
        );
        x += width + gap;
    }
    (svg, y)
}

/// A small line chart of one figure over the years, with its first and last value labelled: the
/// trend beside a table of yearly figures. Empty below two points.
pub fn sparkline(points: &[(i32, f64)], title: &str) -> String {
    if points.len() < 2 {
        return String::new();
    }
    let (w, h, pad) = (240.0, 64.0, 6.0);
    let (first, last) = (points[0].0, points[points.len() - 1].0);
    let max = points.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    let min = points.iter().map(|p| p.1).fold(f64::MAX, f64::min);
    let span_y = if max > min { max - min } else { 1.0 };
    let span_x = f64::from((last - first).max(1));
    let at = |(year, v): (i32, f64)| {
        (
            pad + (w - 2.0 * pad) * f64::from(year - first) / span_x,
            h - 18.0 - (h - 26.0) * (v - min) / span_y,
        )
    };
    let line: Vec<String> = points
        .iter()
        .map(|&p| {
            let (x, y) = at(p);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let (x0, y0) = at(points[0]);
    let (x1, y1) = at(points[points.len() - 1]);
    format!(
        "<svg class=\"sparkline\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>\
<polyline points=\"{pts}\" fill=\"none\" stroke=\"#1d4ed8\" stroke-width=\"2\"/>\
<circle cx=\"{x0:.1}\" cy=\"{y0:.1}\" r=\"2.5\" fill=\"#1d4ed8\"/><circle cx=\"{x1:.1}\" cy=\"{y1:.1}\" r=\"2.5\" fill=\"#1d4ed8\"/>\
<text x=\"{pad}\" y=\"{h}\" font-size=\"12\" fill=\"#475569\">{first} · {v0}</text>\
<text x=\"{xr}\" y=\"{h}\" font-size=\"12\" fill=\"#475569\" text-anchor=\"end\">{last} · {v1}</text></svg>",
        t = crate::render::esc(title),
        pts = line.join(" "),
        v0 = crate::format::money(points[0].1),
        v1 = crate::format::money(points[points.len() - 1].1),
        xr = w - pad,
    )
}
