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
    sparkline_with(points, title, crate::format::money)
}

/// [`sparkline`] with the end values written by `label` (a percentage, a count).
pub fn sparkline_with(points: &[(i32, f64)], title: &str, label: impl Fn(f64) -> String) -> String {
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
        v0 = label(points[0].1),
        v1 = label(points[points.len() - 1].1),
        xr = w - pad,
    )
}

/// One row of a paired bar chart: its label and two values.
pub struct PairedRow {
    pub label: String,
    pub first: f64,
    pub second: f64,
}

/// Horizontal bars in pairs — two figures of the same unit per row (vacancies against supply),
/// each drawn to one scale with its value at the bar's end — a legend naming the two, and the
/// source line at the foot. Empty without rows.
pub fn paired_bars(rows: &[PairedRow], names: (&str, &str), title: &str, source: &str) -> String {
    if rows.is_empty() {
        return String::new();
    }
    const WIDTH: f64 = 760.0;
    const ROW: f64 = 34.0;
    const BAR: f64 = 12.0;
    let (first_colour, second_colour) = ("#c2410c", "#1d4ed8");
    let label_width = rows
        .iter()
        .map(|r| text_width(&r.label))
        .fold(0.0, f64::max)
        .min(220.0)
        + 12.0;
    let plot = WIDTH - label_width - 70.0;
    let max = rows
        .iter()
        .flat_map(|r| [r.first, r.second])
        .fold(0.0, f64::max)
        .max(1.0);
    let top = 30.0;
    let mut svg = String::new();
    for (i, r) in rows.iter().enumerate() {
        let y = top + i as f64 * ROW;
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="{TEXT}" fill="#1d2733">{}</text>"##,
            label_width - 8.0,
            y + BAR + 2.0,
            esc(&r.label)
        );
        for (k, (value, colour)) in [(r.first, first_colour), (r.second, second_colour)]
            .into_iter()
            .enumerate()
        {
            let by = y + k as f64 * (BAR + 2.0);
            let w = plot * value.max(0.0) / max;
            let _ = write!(
                svg,
                r##"<rect x="{label_width:.1}" y="{by:.1}" width="{w:.1}" height="{BAR}" fill="{colour}"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#334155">{:.0}</text>"##,
                label_width + w + 4.0,
                by + BAR - 2.0,
                value
            );
        }
    }
    let legend_y = top + rows.len() as f64 * ROW + 14.0;
    let items = [
        (
            format!(r#"<rect x="0" y="-10" width="12" height="12" fill="{first_colour}"/>"#),
            names.0.to_string(),
        ),
        (
            format!(r#"<rect x="0" y="-10" width="12" height="12" fill="{second_colour}"/>"#),
            names.1.to_string(),
        ),
    ];
    let (legend, last) = legend_rows(&items, (label_width, WIDTH), legend_y, 18.0, 24.0);
    let height = last + 26.0;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="paired-bars" viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" role="img" aria-label="{t}"><title>{t}</title><text x="0" y="16" font-size="13" font-weight="bold" fill="#1d2733">{t}</text>{svg}{legend}<text x="0" y="{:.1}" font-size="11" fill="#64748b">{}</text></svg>"##,
        last + 20.0,
        esc(source),
        t = esc(title),
    )
}
