//! Small SVG charts drawn by hand (no chart library, nothing fetched).

use crate::lang::Lang;
use liantu_app::GrowthReport;
use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const W: f64 = 860.0;
const H: f64 = 520.0;
const L: f64 = 70.0; // plot left
const R: f64 = 20.0;
const T: f64 = 30.0;
const B: f64 = 60.0;

/// A plotted industry: density, PCI, COG, code, name.
type Point<'a> = (f64, f64, f64, &'a str, &'a str);

/// The data range of the plot (padded by 5 %) and the scales into the SVG box.
struct Plot {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Plot {
    fn new(points: &[Point]) -> Plot {
        let (mut x0, mut x1) = (f64::MAX, f64::MIN);
        let (mut y0, mut y1) = (f64::MAX, f64::MIN);
        for (d, p, ..) in points {
            x0 = x0.min(*d);
            x1 = x1.max(*d);
            y0 = y0.min(*p);
            y1 = y1.max(*p);
        }
        let pad = |lo: f64, hi: f64| {
            let span = (hi - lo).max(1e-9);
            (lo - span * 0.05, hi + span * 0.05)
        };
        let (x0, x1) = pad(x0, x1);
        let (y0, y1) = pad(y0, y1);
        Plot { x0, x1, y0, y1 }
    }

    fn sx(&self, v: f64) -> f64 {
        L + (v - self.x0) / (self.x1 - self.x0) * (W - L - R)
    }

    fn sy(&self, v: f64) -> f64 {
        H - B - (v - self.y0) / (self.y1 - self.y0) * (H - T - B)
    }
}

/// Metroverse-style quadrant chart of a region's missing industries: feasibility (density) on x,
/// complexity (PCI) on y, split at the medians; point area grows with COG.
pub fn growth_quadrant(report: &GrowthReport, lang: Lang) -> String {
    let points: Vec<Point> = report
        .opportunities
        .iter()
        .filter_map(|o| {
            let (d, p) = (o.density?, o.pci?);
            (d.is_finite() && p.is_finite()).then_some((
                d,
                p,
                o.cog,
                o.industry.as_str(),
                o.name.as_str(),
            ))
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
    let plot = Plot::new(&points);
    quadrants(&mut svg, &plot, report, lang);
    axes(&mut svg, &plot, lang);
    points_and_labels(&mut svg, &plot, &points);
    svg.push_str("</svg>");
    svg
}

/// The frame, the quadrant split at the medians and the quadrants' names.
fn quadrants(svg: &mut String, plot: &Plot, report: &GrowthReport, lang: Lang) {
    let mx = plot.sx(report.median_density.unwrap_or((plot.x0 + plot.x1) / 2.0));
    let my = plot.sy(report.median_pci.unwrap_or((plot.y0 + plot.y1) / 2.0));
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
    let corner = |x: f64, y: f64, anchor: &str, text: &str| {
        format!(
            r##"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="12" fill="#5d6b7a">{}</text>"##,
            esc(text)
        )
    };
    svg.push_str(&corner(
        W - R - 6.0,
        T + 16.0,
        "end",
        lang.t("近且复杂：优先培育", "near and complex: priority"),
    ));
    svg.push_str(&corner(
        L + 6.0,
        T + 16.0,
        "start",
        lang.t("远但复杂：长期布局", "far but complex: long term"),
    ));
    svg.push_str(&corner(
        W - R - 6.0,
        H - B - 8.0,
        "end",
        lang.t("近但简单：易补齐", "near but simple: easy wins"),
    ));
    svg.push_str(&corner(
        L + 6.0,
        H - B - 8.0,
        "start",
        lang.t("远且简单", "far and simple"),
    ));
}

/// Ticks and axis titles.
fn axes(svg: &mut String, plot: &Plot, lang: Lang) {
    // Axes.
    for i in 0..=4 {
        let v = plot.x0 + (plot.x1 - plot.x0) * f64::from(i) / 4.0;
        let _ = write!(
            *svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11">{v:.2}</text>"##,
            plot.sx(v),
            H - B + 16.0
        );
        let w = plot.y0 + (plot.y1 - plot.y0) * f64::from(i) / 4.0;
        let _ = write!(
            *svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{w:.1}</text>"##,
            L - 6.0,
            plot.sy(w) + 4.0
        );
    }
    let _ = write!(
        *svg,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="13">{}</text>"##,
        (L + W - R) / 2.0,
        H - 18.0,
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

/// The industries as circles (area by COG); the most feasible-and-complex ones labelled where a
/// label fits.
fn points_and_labels(svg: &mut String, plot: &Plot, points: &[Point]) {
    let max_cog = points
        .iter()
        .map(|p| p.2.abs())
        .fold(0.0, f64::max)
        .max(1e-9);
    // Points; label the most feasible-and-complex ones.
    let mut ranked: Vec<usize> = (0..points.len()).collect();
    ranked.sort_by(|&a, &b| {
        let score = |i: usize| {
            let (d, p, ..) = points[i];
            (d - plot.x0) / (plot.x1 - plot.x0) + (p - plot.y0) / (plot.y1 - plot.y0)
        };
        score(b).total_cmp(&score(a))
    });
    let labelled: Vec<usize> = ranked.into_iter().take(12).collect();
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut labels = String::new();
    for (i, (d, p, cog, code, name)) in points.iter().enumerate() {
        let r = 3.5 + 6.0 * (cog.max(0.0) / max_cog).sqrt();
        let top = labelled.contains(&i);
        let (cx, cy) = (plot.sx(*d), plot.sy(*p));
        let _ = write!(
            *svg,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="{}" fill-opacity="0.75" stroke="#1d2733" stroke-width="0.6" data-industry="{}"><title>{} {} · density {d:.3} · PCI {p:.2} · COG {cog:.2}</title></circle>"##,
            if top { "#2e8b57" } else { "#2f6fba" },
            esc(code),
            esc(code),
            esc(name)
        );
        if !top {
            continue;
        }
        // Greedy placement: the first of right / left / above / below that collides with no
        // label already placed and stays inside the plot; otherwise the label is left out (the
        // point keeps its tooltip and the table lists it).
        let text = if name.is_empty() { *code } else { *name };
        let width: f64 = text
            .chars()
            .map(|c| if c.is_ascii() { 6.5 } else { 11.5 })
            .sum();
        let height = 13.0;
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
                r##"<text x="{x:.1}" y="{:.1}" font-size="11">{}</text>"##,
                y + height - 2.5,
                esc(text)
            );
        }
    }
    svg.push_str(&labels);
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
