//! The choropleth SVG: areas shaded by value, labels placed without overlap, legend and frame.

use crate::geojson::Area;
use crate::projection::Albers;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthChar;

/// One county's figure and label.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyValue {
    pub code: String,
    /// The shaded figure; `None`: no data (grey).
    pub value: Option<f64>,
    /// Lines under the county's name (e.g. its figure, its leading node).
    pub lines: Vec<String>,
    /// Marked as needing attention (e.g. planned and actual leading nodes disagree).
    pub flag: bool,
}

/// Everything written around the map, in the reader's language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapFrame {
    pub title: String,
    /// What the shading shows, with its unit (链上产值（万元）).
    pub legend_title: String,
    pub no_data: String,
    /// Legend text of the flag mark, shown when any county is flagged.
    pub flag_label: String,
    /// Sources and as-of date, as one line.
    pub source: String,
    /// Shown in the corner when figures are made up (示例数据).
    pub illustrative: Option<String>,
    /// Places marked on the map (parks), numbered in this order and named in the legend.
    pub points: Vec<MapPoint>,
}

/// A place marked on the map by its number, named in the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    /// WGS 84 degrees.
    pub lon: f64,
    pub lat: f64,
    /// The legend's text (the park's name and what it holds).
    pub name: String,
    /// Drawn solid (e.g. the park holds the chain's firms), else as a ring.
    pub solid: bool,
}

const WIDTH: f64 = 760.0;
const PAD: f64 = 16.0;
const MAP_HEIGHT_MAX: f64 = 620.0;
const TITLE_H: f64 = 40.0;
const NAME_FONT: f64 = 13.0;
const LINE_FONT: f64 = 11.0;
/// Sequential blues, light to dark (ColorBrewer "Blues", 5 classes).
const CLASSES: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
const NO_DATA: &str = "#e0e0e0";
/// Park markers: a colour apart from the blues.
const POINT: &str = "#b45309";
const POINT_R: f64 = 7.0;

/// A rectangle on the page: x, y (top left), width, height.
type Rect = [f64; 4];

/// The map as a standalone SVG document. Areas without a value in `values` are drawn grey.
pub fn render(areas: &[Area], values: &[CountyValue], frame: &MapFrame) -> String {
    let place = Placement::fit(page_bounds(areas));
    let legend_y = TITLE_H + place.height + 12.0;
    let max = values
        .iter()
        .filter_map(|v| v.value)
        .fold(0.0_f64, f64::max);
    let mut legend_svg = String::new();
    let legend_h = legend(&mut legend_svg, legend_y, max, values, frame);
    let source_lines = wrap(&frame.source, 11.0, WIDTH - 2.0 * PAD);
    let height = legend_y + legend_h + 8.0 + source_lines.len() as f64 * 15.0 + 6.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" height="{height:.0}" font-family="'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif" role="img">
<title>"#
    );
    push_escaped(&mut out, &frame.title);
    out.push_str("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
    text(&mut out, PAD, 26.0, 17.0, "start", "bold", &frame.title);
    if let Some(tag) = &frame.illustrative {
        text(&mut out, WIDTH - PAD, 26.0, 12.0, "end", "bold", tag);
    }
    // Areas.
    out.push_str("<g stroke=\"#fff\" stroke-width=\"1.2\" stroke-linejoin=\"round\">\n");
    for area in areas {
        let v = values.iter().find(|v| v.code == area.code);
        let fill = match v.and_then(|v| v.value) {
            Some(x) => CLASSES[class_of(x, max)],
            None => NO_DATA,
        };
        // Even-odd: a hole (a district a county surrounds) stays a hole whichever way its ring
        // winds.
        let _ = write!(out, "<path fill=\"{fill}\" fill-rule=\"evenodd\" d=\"");
        for polygon in &area.polygons {
            for ring in polygon {
                place.path(&mut out, ring);
            }
        }
        out.push_str("\"><title>");
        push_escaped(&mut out, &area.name);
        out.push_str("</title></path>\n");
    }
    out.push_str("</g>\n");
    let marks = points(&mut out, &frame.points, &place);
    labels(&mut out, areas, values, &place, marks);
    out.push_str(&legend_svg);
    let mut y = legend_y + legend_h + 8.0;
    for line in &source_lines {
        y += 15.0;
        text(&mut out, PAD, y - 4.0, 11.0, "start", "normal", line);
    }
    out.push_str("</svg>\n");
    out
}

/// Class 0–4 of five equal steps from 0 to `max`.
fn class_of(v: f64, max: f64) -> usize {
    if max <= 0.0 || v <= 0.0 {
        return 0;
    }
    (((v / max) * 5.0).ceil() as usize).clamp(1, 5) - 1
}

/// Projected bounds of every point: (min x, min y, max x, max y) and the projection used.
fn page_bounds(areas: &[Area]) -> (Albers, [f64; 4]) {
    let points = || areas.iter().flat_map(|a| &a.polygons).flatten().flatten();
    let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
    for p in points() {
        for i in 0..2 {
            lo[i] = lo[i].min(p[i]);
            hi[i] = hi[i].max(p[i]);
        }
    }
    let albers = Albers::new((lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0);
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for p in points() {
        let [x, y] = albers.xy(*p);
        b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
    (albers, b)
}

/// Projection plus the scale and offset that fit the map in the page.
struct Placement {
    albers: Albers,
    scale: f64,
    min: [f64; 2],
    max_y: f64,
    x0: f64,
    height: f64,
}

impl Placement {
    fn fit((albers, b): (Albers, [f64; 4])) -> Placement {
        let (w, h) = ((b[2] - b[0]).max(1e-9), (b[3] - b[1]).max(1e-9));
        let scale = ((WIDTH - 2.0 * PAD) / w).min(MAP_HEIGHT_MAX / h);
        Placement {
            albers,
            scale,
            min: [b[0], b[1]],
            max_y: b[3],
            x0: (WIDTH - w * scale) / 2.0,
            height: h * scale,
        }
    }

    /// Page coordinates of [lon, lat]: north up.
    fn page(&self, p: [f64; 2]) -> [f64; 2] {
        let [x, y] = self.albers.xy(p);
        [
            self.x0 + (x - self.min[0]) * self.scale,
            TITLE_H + (self.max_y - y) * self.scale,
        ]
    }

    /// One closed ring as path data, dropping points within half a pixel of the last kept one
    /// (the source's 100 m steps are far finer than the page).
    fn path(&self, out: &mut String, ring: &[[f64; 2]]) {
        let mut last: Option<[f64; 2]> = None;
        for (i, p) in ring.iter().enumerate() {
            let q = self.page(*p);
            if let Some(l) = last
                && (q[0] - l[0]).abs() < 0.5
                && (q[1] - l[1]).abs() < 0.5
                && i + 1 < ring.len()
            {
                continue;
            }
            let _ = write!(
                out,
                "{}{:.1} {:.1}",
                if last.is_none() { "M" } else { "L" },
                q[0],
                q[1]
            );
            last = Some(q);
        }
        out.push('Z');
    }
}

/// Where an area's label goes: its label point, else the middle of its largest ring's extent.
fn anchor(area: &Area) -> Option<[f64; 2]> {
    if let Some(p) = area.label_point {
        return Some(p);
    }
    let ring = area
        .polygons
        .iter()
        .filter_map(|p| p.first())
        .max_by_key(|r| r.len())?;
    let (lo, hi) = ring
        .iter()
        .fold(([f64::MAX; 2], [f64::MIN; 2]), |(lo, hi), p| {
            (
                [lo[0].min(p[0]), lo[1].min(p[1])],
                [hi[0].max(p[0]), hi[1].max(p[1])],
            )
        });
    Some([(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0])
}

/// Labels: the name, then the caller's lines, centred on the anchor; a label that would overlap
/// one already placed tries positions ever further above, below, right and left of it (larger
/// areas first, so small ones move), keeps the first free one inside the map, and draws a line
/// from the county to a label that moved.
fn labels(
    out: &mut String,
    areas: &[Area],
    values: &[CountyValue],
    place: &Placement,
    marks: Vec<Rect>,
) {
    let mut order: Vec<&Area> = areas.iter().collect();
    order.sort_by_key(|a| {
        std::cmp::Reverse(a.polygons.iter().flatten().map(Vec::len).sum::<usize>())
    });
    // Labels keep clear of the point markers too.
    let mut placed: Vec<Rect> = marks;
    // A moved label points back to its county with a thin line (drawn under the labels).
    let mut leaders = String::new();
    let mut texts = String::new();
    texts.push_str("<g paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" fill=\"#1a1a1a\">\n");
    for area in order {
        let Some(at) = anchor(area) else { continue };
        let [cx, cy] = place.page(at);
        let v = values.iter().find(|v| v.code == area.code);
        let lines: &[String] = v.map_or(&[], |v| &v.lines);
        let w = lines
            .iter()
            .map(|l| text_px(l, LINE_FONT))
            .fold(text_px(&area.name, NAME_FONT), f64::max)
            + 4.0;
        let h = NAME_FONT + 3.0 + lines.len() as f64 * (LINE_FONT + 3.0);
        let centred = [cx - w / 2.0, cy - h / 2.0, w, h];
        // Centred, then steps outwards: above, below, right, left, each further each round.
        let tries = std::iter::once([0.0, 0.0]).chain((1..=6).flat_map(|k| {
            let k = f64::from(k);
            [
                [0.0, -h * 0.8 * k],
                [0.0, h * 0.8 * k],
                [w * 0.6 * k, 0.0],
                [-w * 0.6 * k, 0.0],
            ]
        }));
        let rect = tries
            .map(|d| [centred[0] + d[0], centred[1] + d[1], w, h])
            .find(|r| inside_page(r, place) && !placed.iter().any(|p| overlap(p, r)))
            .unwrap_or(centred);
        placed.push(rect);
        if rect != centred {
            let ex = cx.clamp(rect[0], rect[0] + w);
            let ey = cy.clamp(rect[1], rect[1] + h);
            let _ = writeln!(
                leaders,
                "<line x1=\"{cx:.1}\" y1=\"{cy:.1}\" x2=\"{ex:.1}\" y2=\"{ey:.1}\"/><circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"2\"/>"
            );
        }
        let x = rect[0] + w / 2.0;
        let mut y = rect[1] + NAME_FONT;
        text(&mut texts, x, y, NAME_FONT, "middle", "bold", &area.name);
        for line in lines {
            y += LINE_FONT + 3.0;
            text(&mut texts, x, y, LINE_FONT, "middle", "normal", line);
        }
        if v.is_some_and(|v| v.flag) {
            flag_mark(&mut texts, rect[0] + w + 2.0, rect[1] + 2.0);
        }
    }
    texts.push_str("</g>\n");
    if !leaders.is_empty() {
        out.push_str("<g stroke=\"#444\" stroke-width=\"0.8\" fill=\"#444\">\n");
        out.push_str(&leaders);
        out.push_str("</g>\n");
    }
    out.push_str(&texts);
}

/// The numbered point markers inside the map; returns the rectangles they cover (labels keep
/// clear of them). A point outside the map's frame is left out (the legend still names it).
fn points(out: &mut String, points: &[MapPoint], place: &Placement) -> Vec<Rect> {
    let mut covered = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let [x, y] = place.page([p.lon, p.lat]);
        let rect = [x - POINT_R, y - POINT_R, 2.0 * POINT_R, 2.0 * POINT_R];
        if !p.lon.is_finite() || !p.lat.is_finite() || !inside_page(&rect, place) {
            continue;
        }
        marker(out, x, y, i + 1, p.solid);
        covered.push(rect);
    }
    covered
}

/// A numbered circle: solid, or a ring.
fn marker(out: &mut String, x: f64, y: f64, n: usize, solid: bool) {
    let (fill, ink) = if solid {
        (POINT, "#fff")
    } else {
        ("#fff", POINT)
    };
    let _ = writeln!(
        out,
        "<g class=\"point\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{POINT_R}\" fill=\"{fill}\" stroke=\"{POINT}\" stroke-width=\"1.5\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"9\" font-weight=\"bold\" fill=\"{ink}\" text-anchor=\"middle\">{n}</text></g>",
        y + 3.2
    );
}

fn inside_page(r: &Rect, place: &Placement) -> bool {
    r[0] >= 2.0
        && r[0] + r[2] <= WIDTH - 2.0
        && r[1] >= TITLE_H - 4.0
        && r[1] + r[3] <= TITLE_H + place.height + 8.0
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
}

/// A small red triangle with "!" (needs attention).
fn flag_mark(out: &mut String, x: f64, y: f64) {
    let _ = writeln!(
        out,
        "<g stroke=\"none\"><path d=\"M{:.1} {:.1}l6 11h-12z\" fill=\"#c0392b\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" font-weight=\"bold\" fill=\"#fff\" text-anchor=\"middle\">!</text></g>",
        x + 6.0,
        y,
        x + 6.0,
        y + 10.0
    );
}

/// The legend under the map, its items wrapping onto a new row at the page's edge; returns its
/// height.
fn legend(out: &mut String, y: f64, max: f64, values: &[CountyValue], frame: &MapFrame) -> f64 {
    text(
        out,
        PAD,
        y + 12.0,
        12.0,
        "start",
        "bold",
        &frame.legend_title,
    );
    let mut items: Vec<(Swatch, String)> = CLASSES
        .iter()
        .enumerate()
        .map(|(i, colour)| {
            let (lo, hi) = (max * i as f64 / 5.0, max * (i + 1) as f64 / 5.0);
            (
                Swatch::Colour(colour),
                format!("{}–{}", number(lo), number(hi)),
            )
        })
        .collect();
    items.push((Swatch::Colour(NO_DATA), frame.no_data.clone()));
    if values.iter().any(|v| v.flag) {
        items.push((Swatch::Flag, frame.flag_label.clone()));
    }
    for (i, p) in frame.points.iter().enumerate() {
        items.push((Swatch::Point(i + 1, p.solid), p.name.clone()));
    }
    let (mut x, mut sy) = (PAD, y + 20.0);
    for (swatch, label) in items {
        let w = 24.0 + text_px(&label, 11.0);
        // The points' names start a row of their own.
        let first_point = matches!(swatch, Swatch::Point(1, _));
        if (x + w > WIDTH - PAD || first_point) && x > PAD {
            x = PAD;
            sy += 20.0;
        }
        match swatch {
            Swatch::Colour(colour) => {
                let _ = writeln!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{sy:.1}\" width=\"14\" height=\"14\" fill=\"{colour}\" stroke=\"#999\" stroke-width=\"0.5\"/>"
                );
            }
            Swatch::Flag => flag_mark(out, x + 1.0, sy + 1.0),
            Swatch::Point(n, solid) => marker(out, x + 7.0, sy + 7.0, n, solid),
        }
        text(out, x + 18.0, sy + 11.5, 11.0, "start", "normal", &label);
        x += w + 6.0;
    }
    sy + 16.0 - y
}

/// What a legend entry shows before its text.
enum Swatch {
    Colour(&'static str),
    Flag,
    /// A point marker: its number, solid or a ring.
    Point(usize, bool),
}

/// Splits `s` into lines no wider than `width` px at `font` px (at any character: the source
/// line is a list, not prose).
fn wrap(s: &str, font: f64, width: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0.0;
    for c in s.chars() {
        let w = text_px(c.encode_utf8(&mut [0; 4]), font);
        if used + w > width && !lines.last().is_some_and(String::is_empty) {
            lines.push(String::new());
            used = 0.0;
        }
        if let Some(line) = lines.last_mut() {
            line.push(c);
        }
        used += w;
    }
    lines
}

/// Thousands separators, no decimals (one under 10).
fn number(v: f64) -> String {
    if v.abs() < 10.0 && v.fract() != 0.0 {
        return format!("{v:.1}");
    }
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 && digits != "0" {
        out.insert(0, '-');
    }
    out
}

fn text(out: &mut String, x: f64, y: f64, size: f64, anchor: &str, weight: &str, s: &str) {
    let _ = write!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" font-weight=\"{weight}\">"
    );
    push_escaped(out, s);
    out.push_str("</text>\n");
}

/// Estimated width in px: a wide (CJK) glyph one em, a narrow one 0.6 em.
fn text_px(s: &str, font: f64) -> f64 {
    s.chars()
        .map(|c| match c.width().unwrap_or(0) {
            0 => 0.0,
            1 => 0.6 * font,
            _ => font,
        })
        .sum()
}

fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() && !matches!(c, '\t' | '\n') => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(code: &str, name: &str, lon: f64, lat: f64) -> Area {
        let ring = vec![
            [lon, lat],
            [lon + 0.5, lat],
            [lon + 0.5, lat + 0.5],
            [lon, lat + 0.5],
            [lon, lat],
        ];
        Area {
            code: code.into(),
            name: name.into(),
            polygons: vec![vec![ring]],
            label_point: None,
        }
    }

    fn frame() -> MapFrame {
        MapFrame {
            title: "林木加工 · 柳州市 · 2024".into(),
            legend_title: "链上产值（万元）".into(),
            no_data: "无数据".into(),
            flag_label: "规划与实际不一致".into(),
            source: "来源：示例数据 · 截至 2025-03-31".into(),
            illustrative: Some("示例数据".into()),
            points: Vec::new(),
        }
    }

    #[test]
    fn shades_by_value_labels_every_county_and_frames_the_map() {
        let areas = [
            square("450202", "城中区", 109.0, 24.0),
            square("450224", "融安县<北>", 109.5, 24.0),
            square("450226", "三江侗族自治县", 110.0, 24.0),
        ];
        let values = [
            CountyValue {
                code: "450202".into(),
                value: Some(100.0),
                lines: vec!["100 万元".into()],
                flag: false,
            },
            CountyValue {
                code: "450224".into(),
                value: Some(1000.0),
                lines: vec!["1,000 万元".into(), "杉木单板".into()],
                flag: true,
            },
        ];
        let svg = render(&areas, &values, &frame());
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
        for s in [
            "城中区",
            "融安县&lt;北&gt;",
            "三江侗族自治县",
            "杉木单板",
            "示例数据",
            "截至 2025-03-31",
            "链上产值（万元）",
            "规划与实际不一致",
            "800–1,000",
        ] {
            assert!(svg.contains(s), "{s} missing");
        }
        // The largest value in the darkest class, the smallest positive in the lightest
        // non-zero one, no value grey.
        assert!(svg.contains(&format!("fill=\"{}\"", CLASSES[4])));
        assert!(svg.contains(&format!("fill=\"{}\"", CLASSES[0])));
        assert!(svg.contains(&format!("fill=\"{NO_DATA}\"")));
    }

    #[test]
    fn points_are_numbered_on_the_map_and_named_in_the_legend() {
        let areas = [
            square("450202", "城中区", 109.0, 24.0),
            square("450224", "融安县", 109.5, 24.0),
        ];
        let mut frame = frame();
        frame.points = vec![
            MapPoint {
                lon: 109.25,
                lat: 24.25,
                name: "甲园区（3 家链上企业）".into(),
                solid: true,
            },
            MapPoint {
                lon: 120.0,
                lat: 30.0,
                name: "乙园区".into(),
                solid: false,
            },
        ];
        let svg = render(&areas, &[], &frame);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        // On the map: the first point only (the second lies outside it); in the legend: both.
        let markers: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("point"))
            .collect();
        assert_eq!(markers.len(), 3, "one on the map, two in the legend");
        assert!(svg.contains("甲园区（3 家链上企业）") && svg.contains("乙园区"));
        // The county label centred on 城中区 moved off the marker at its centre.
        let label = doc
            .descendants()
            .find(|n| n.has_tag_name("text") && n.text() == Some("城中区"))
            .unwrap();
        let marker = markers[0].first_element_child().unwrap();
        let (mx, my): (f64, f64) = (
            marker.attribute("cx").unwrap().parse().unwrap(),
            marker.attribute("cy").unwrap().parse().unwrap(),
        );
        let ly: f64 = label.attribute("y").unwrap().parse().unwrap();
        let lx: f64 = label.attribute("x").unwrap().parse().unwrap();
        assert!(
            (ly - my).abs() > POINT_R || (lx - mx).abs() > 20.0,
            "label at {lx},{ly} over the marker at {mx},{my}"
        );
    }

    #[test]
    fn classes_split_zero_to_max_in_five() {
        assert_eq!(class_of(0.0, 100.0), 0);
        assert_eq!(class_of(20.0, 100.0), 0);
        assert_eq!(class_of(20.1, 100.0), 1);
        assert_eq!(class_of(100.0, 100.0), 4);
        assert_eq!(class_of(5.0, 0.0), 0);
    }

    /// Ten labels on one crowded spot: none overlaps another when there is room to move.
    #[test]
    fn labels_move_aside_instead_of_overlapping() {
        let mut areas: Vec<Area> = (0..4)
            .map(|i| {
                square(
                    &format!("45020{i}"),
                    "很长的县区名称",
                    109.0 + f64::from(i) * 0.05,
                    24.0,
                )
            })
            .collect();
        areas.push(square("450299", "远处", 111.0, 26.0));
        let place = Placement::fit(page_bounds(&areas));
        let mut out = String::new();
        labels(&mut out, &areas, &[], &place, Vec::new());
        let boxes: Vec<[f64; 2]> = out
            .lines()
            .filter(|l| l.starts_with("<text"))
            .map(|l| {
                let num = |key: &str| -> f64 {
                    let start = l.find(key).unwrap() + key.len();
                    l[start..].split('"').next().unwrap().parse().unwrap()
                };
                [num("x=\""), num("y=\"")]
            })
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart =
                    (a[0] - b[0]).abs() >= 7.0 * NAME_FONT || (a[1] - b[1]).abs() >= NAME_FONT;
                assert!(apart, "labels at {a:?} and {b:?} overlap");
            }
        }
    }

    #[test]
    fn long_source_lines_wrap_within_the_page() {
        let long = "来源：".to_string() + &"示例数据（虚构，仅用于演示）；".repeat(12);
        let lines = wrap(&long, 11.0, WIDTH - 2.0 * PAD);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        assert!(lines.iter().all(|l| text_px(l, 11.0) <= WIDTH - 2.0 * PAD));
    }

    #[test]
    fn numbers_read_like_figures() {
        assert_eq!(number(1_234_567.4), "1,234,567");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(0.0), "0");
    }
}
