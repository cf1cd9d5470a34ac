//! Small SVG charts drawn by hand (no chart library, nothing fetched).

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
