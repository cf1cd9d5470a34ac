//! The chain-group map (产业链群图): each chain a vertical band headed by its local output and
//! firms, holding the nodes its cross-chain edges join (ordered by stage), and every cross-chain
//! edge a curve from the supplying node to the buying one — teal for what the buyer's local
//! firms bought from the supplier chain's local firms, red for a coupling gap (bought from
//! outside while the supplying node has local firms), grey dashed where the supplying node has
//! no local firm yet; widths grow with the square root of the value. A standalone SVG with its
//! legend, sources and as-of inside, like the chain and county maps.

use crate::coupling::{CouplingEdge, CouplingView, EdgeEnd};
use liantu_chainmap::svg_text::{escaped as esc, text_px};
use liantu_model::{Lang, NodeStatus, Stage};
use std::fmt::Write as _;

const WIDTH: f64 = 980.0;
const PAD: f64 = 16.0;
const TOP: f64 = 56.0;
const HEADER_H: f64 = 46.0;
const BOX_H: f64 = 36.0;
const BOX_GAP: f64 = 12.0;
const MAX_BOX_W: f64 = 200.0;
/// Room between bands for the curves.
const LANE: f64 = 70.0;
const LOCAL: &str = "#0f766e";
const GAP: &str = "#dc2626";
const NO_MAKER: &str = "#94a3b8";
const NONE: &str = "#cbd5e1";

/// A node's box on the page.
struct Placed<'a> {
    end: &'a EdgeEnd,
    column: usize,
    x: f64,
    y: f64,
    w: f64,
}

/// The map as a standalone SVG in `lang`; empty when no two chains of the area are linked.
pub fn coupling_map_svg(view: &CouplingView, lang: Lang) -> String {
    if view.edges.is_empty() {
        return String::new();
    }
    let t = |zh: &str, en: &str| lang.t(zh, en).to_string();
    let columns = column_order(view);
    let col_w = (WIDTH - 2.0 * PAD) / columns.len() as f64;
    let box_w = (col_w - LANE).min(MAX_BOX_W);
    let mut boxes: Vec<Placed> = Vec::new();
    for (c, chain) in columns.iter().enumerate() {
        let mut ends: Vec<&EdgeEnd> = Vec::new();
        for e in &view.edges {
            for end in [&e.supplier, &e.buyer] {
                if end.chain.id == *chain && !ends.iter().any(|x| x.node == end.node) {
                    ends.push(end);
                }
            }
        }
        ends.sort_by_key(|e| Stage::ALL.iter().position(|s| *s == e.stage));
        let x = PAD + col_w * c as f64 + (col_w - box_w) / 2.0;
        for (i, end) in ends.into_iter().enumerate() {
            boxes.push(Placed {
                end,
                column: c,
                x,
                y: TOP + HEADER_H + 14.0 + i as f64 * (BOX_H + BOX_GAP),
                w: box_w,
            });
        }
    }
    let rows = boxes.iter().map(|b| b.y).fold(TOP + HEADER_H, f64::max) + BOX_H + 14.0;
    let vmax = view.edges.iter().map(|e| e.bought).fold(0.0_f64, f64::max);
    let mut out = String::new();
    let legend_y = rows + 24.0;
    let mut legend_svg = String::new();
    let legend_h = legend(&mut legend_svg, legend_y, view, lang);
    let source = source_line(view, lang);
    let source_lines = wrap(&source, 11.0, WIDTH - 2.0 * PAD);
    let height = legend_y + legend_h + 10.0 + source_lines.len() as f64 * 15.0;
    let title = format!(
        "{} · {}",
        lang.t(&view.region.name_zh, &view.region.name_en),
        t("产业链群耦合图", "chain-group coupling map")
    );
    let _ = write!(
        out,
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" class="lt-coupling-map" viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" height="{height:.0}" font-family="'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif" role="img">
<title>{}</title>
<rect width="100%" height="100%" fill="#fff"/>
"##,
        esc(&title)
    );
    text(&mut out, PAD, 26.0, 17.0, "start", "bold", &title);
    let year = match (view.year, view.link_year) {
        (Some(y), Some(l)) => format!(
            "{} {y} · {} {l}",
            t("企业数据", "firm data"),
            t("供应关系", "supply links")
        ),
        _ => String::new(),
    };
    text(&mut out, PAD, 45.0, 12.0, "start", "normal", &year);
    if view.illustrative {
        text(
            &mut out,
            WIDTH - PAD,
            26.0,
            12.0,
            "end",
            "bold",
            &t("示例数据", "Illustrative data"),
        );
    }
    // Bands with their headers.
    for (c, id) in columns.iter().enumerate() {
        let x = PAD + col_w * c as f64 + 6.0;
        let w = col_w - 12.0;
        let _ = writeln!(
            out,
            "<rect class=\"band\" x=\"{x:.1}\" y=\"{TOP:.1}\" width=\"{w:.1}\" height=\"{:.1}\" rx=\"8\" fill=\"#f3f6f9\" stroke=\"#dde3ea\"/>",
            rows - TOP
        );
        let Some(band) = view.bands.iter().find(|b| b.chain.id == *id) else {
            continue;
        };
        let cx = x + w / 2.0;
        let name = lang.t(&band.chain.name_zh, &band.chain.name_en);
        text(&mut out, cx, TOP + 20.0, 14.0, "middle", "bold", name);
        let figures = format!(
            "{} {} · {} {}",
            liantu_table::money(band.output),
            t("万元", "10k yuan"),
            band.firms,
            t("家", "firms")
        );
        text(&mut out, cx, TOP + 37.0, 11.0, "middle", "normal", &figures);
    }
    // Curves under the boxes: the outside part first, the local part on top.
    out.push_str("<g fill=\"none\" stroke-linecap=\"round\">\n");
    for e in &view.edges {
        curve(&mut out, e, &boxes, vmax, lang);
    }
    out.push_str("</g>\n");
    for b in &boxes {
        node_box(&mut out, b, lang);
    }
    out.push_str(&legend_svg);
    let mut y = legend_y + legend_h + 10.0;
    for line in &source_lines {
        text(&mut out, PAD, y, 11.0, "start", "normal", line);
        y += 15.0;
    }
    out.push_str("</svg>\n");
    out
}

/// Chains that take part in an edge, the most linked in the middle so fewer curves cross a
/// band; ties in the chains' order.
fn column_order(view: &CouplingView) -> Vec<String> {
    let mut degree: Vec<(String, usize)> = Vec::new();
    for b in &view.bands {
        let d = view
            .edges
            .iter()
            .filter(|e| e.supplier.chain.id == b.chain.id || e.buyer.chain.id == b.chain.id)
            .count();
        if d > 0 {
            degree.push((b.chain.id.clone(), d));
        }
    }
    degree.sort_by_key(|d| std::cmp::Reverse(d.1));
    // Most linked first into the middle, then alternately right and left of it.
    let mut order: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    for (i, (id, _)) in degree.into_iter().enumerate() {
        if i % 2 == 1 {
            order.push_back(id);
        } else {
            order.push_front(id);
        }
    }
    order.into_iter().collect()
}

fn width(v: f64, vmax: f64) -> f64 {
    if vmax <= 0.0 || v <= 0.0 {
        1.0
    } else {
        1.5 + 10.0 * (v / vmax).sqrt()
    }
}

/// One edge: from the side of the supplying box facing the buyer to the facing side of the
/// buying one.
fn curve(out: &mut String, e: &CouplingEdge, boxes: &[Placed], vmax: f64, lang: Lang) {
    let find = |end: &EdgeEnd| {
        boxes
            .iter()
            .find(|b| b.end.chain.id == end.chain.id && b.end.node == end.node)
    };
    let (Some(from), Some(to)) = (find(&e.supplier), find(&e.buyer)) else {
        return;
    };
    let rightward = to.column > from.column;
    let (x1, x2) = if rightward {
        (from.x + from.w, to.x)
    } else {
        (from.x, to.x + to.w)
    };
    let (y1, y2) = (from.y + BOX_H / 2.0, to.y + BOX_H / 2.0);
    let bend = (x2 - x1) * 0.45;
    let d = format!(
        "M{x1:.1} {y1:.1}C{:.1} {y1:.1} {:.1} {y2:.1} {x2:.1} {y2:.1}",
        x1 + bend,
        x2 - bend
    );
    let tip = if rightward { -1.0 } else { 1.0 };
    let tooltip = edge_sentence(e, lang);
    let mut strokes: Vec<(&str, f64, &str)> = Vec::new();
    if e.bought <= 0.0 {
        strokes.push((NONE, 1.0, " stroke-dasharray=\"2 3\""));
    } else if e.supplier.firms == 0 {
        strokes.push((NO_MAKER, width(e.bought, vmax), " stroke-dasharray=\"6 4\""));
    } else {
        if e.outside_value > 0.0 {
            strokes.push((GAP, width(e.outside_value, vmax), ""));
        }
        if e.local_from_supplier > 0.0 {
            strokes.push((LOCAL, width(e.local_from_supplier, vmax), ""));
        }
        if strokes.is_empty() {
            // Bought locally, but from firms of other chains.
            strokes.push((NONE, width(e.bought, vmax), ""));
        }
    }
    for (colour, w, dash) in &strokes {
        let _ = writeln!(
            out,
            "<path class=\"flow\" d=\"{d}\" stroke=\"{colour}\" stroke-width=\"{w:.1}\" stroke-opacity=\"0.85\"{dash}><title>{}</title></path>",
            esc(&tooltip)
        );
    }
    // The arrowhead at the buyer, in the colour of the last stroke.
    let colour = strokes.last().map_or(NONE, |s| s.0);
    let _ = writeln!(
        out,
        "<path d=\"M{x2:.1} {y2:.1}l{:.1} -4.5v9z\" fill=\"{colour}\" stroke=\"none\"/>",
        tip * 8.0
    );
}

fn edge_sentence(e: &CouplingEdge, lang: Lang) -> String {
    let money = liantu_table::money;
    match lang {
        Lang::Zh => format!(
            "{}·{} → {}·{}：本地企业采购 {} 万元，其中向本地{}企业 {} 万元，从外地 {} 万元",
            e.supplier.chain.name_zh,
            e.supplier.name_zh,
            e.buyer.chain.name_zh,
            e.buyer.name_zh,
            money(e.bought),
            e.supplier.chain.name_zh,
            money(e.local_from_supplier),
            money(e.outside_value)
        ),
        Lang::En => format!(
            "{} · {} → {} · {}: local firms bought {} (10k yuan), {} from local {} firms, {} from outside",
            e.supplier.chain.name_en,
            e.supplier.name_en,
            e.buyer.chain.name_en,
            e.buyer.name_en,
            money(e.bought),
            money(e.local_from_supplier),
            e.supplier.chain.name_en,
            money(e.outside_value)
        ),
    }
}

/// (fill, stroke, dash) of a node's status, as the chain map draws them.
fn status_style(status: NodeStatus) -> (&'static str, &'static str, &'static str) {
    match status {
        NodeStatus::Strong => ("#a5d6a7", "#1b5e20", ""),
        NodeStatus::Potential => ("#e3f2fd", "#1565c0", ""),
        NodeStatus::Weak => ("#ffe0b2", "#e65100", " stroke-dasharray=\"2 2\""),
        NodeStatus::Missing => ("#fafafa", "#8d99a6", " stroke-dasharray=\"6 3\""),
    }
}

fn node_box(out: &mut String, b: &Placed, lang: Lang) {
    let (fill, stroke, dash) = status_style(b.end.status);
    let name = lang.t(&b.end.name_zh, &b.end.name_en);
    let _ = writeln!(
        out,
        "<g class=\"node\"><title>{}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{BOX_H}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>",
        esc(name),
        b.x,
        b.y,
        b.w
    );
    let cx = b.x + b.w / 2.0;
    text(
        out,
        cx,
        b.y + 15.0,
        12.0,
        "middle",
        "bold",
        &fit(name, 12.0, b.w - 8.0),
    );
    let detail = format!(
        "{} · {} · {} {}",
        lang.t(b.end.stage.label_zh(), b.end.stage.label_en()),
        lang.t(b.end.status.label_zh(), b.end.status.label_en()),
        b.end.firms,
        lang.t("家", "firms")
    );
    text(out, cx, b.y + 30.0, 10.0, "middle", "normal", &detail);
    out.push_str("</g>\n");
}

/// The legend under the bands; returns its height.
fn legend(out: &mut String, y: f64, view: &CouplingView, lang: Lang) -> f64 {
    let t = |zh: &'static str, en: &'static str| lang.t(zh, en);
    let lines = [
        (
            LOCAL,
            "",
            t(
                "本地已配套：向本地供应方产业链企业的采购（线宽随金额）",
                "Supplied locally by the supplying chain's firms (width by value)",
            ),
        ),
        (
            GAP,
            "",
            t(
                "耦合缺口：本地有供应方企业，仍从外地采购",
                "Coupling gap: bought from outside though local firms make it",
            ),
        ),
        (
            NO_MAKER,
            " stroke-dasharray=\"6 4\"",
            t(
                "供应环节本地尚无企业（可招商）",
                "No local maker on the supplying node yet",
            ),
        ),
        (
            NONE,
            " stroke-dasharray=\"2 3\"",
            t("尚无采购记录", "No purchases recorded"),
        ),
    ];
    let mut row = y;
    for (i, (colour, dash, label)) in lines.iter().enumerate() {
        let x = PAD + (i % 2) as f64 * (WIDTH / 2.0);
        if i > 0 && i % 2 == 0 {
            row += 20.0;
        }
        let _ = writeln!(
            out,
            "<path d=\"M{x:.1} {:.1}h30\" stroke=\"{colour}\" stroke-width=\"4\"{dash}/>",
            row - 4.0
        );
        text(out, x + 38.0, row, 11.0, "start", "normal", label);
    }
    row += 22.0;
    let mut x = PAD;
    for status in NodeStatus::ALL {
        let (fill, stroke, dash) = status_style(*status);
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"14\" height=\"14\" fill=\"{fill}\" stroke=\"{stroke}\"{dash}/>",
            row - 11.0
        );
        let label = lang.t(status.label_zh(), status.label_en());
        text(out, x + 18.0, row, 11.0, "start", "normal", label);
        x += 30.0 + text_px(label, 11.0);
    }
    let alone: Vec<&str> = view
        .bands
        .iter()
        .filter(|b| {
            !view
                .edges
                .iter()
                .any(|e| e.supplier.chain.id == b.chain.id || e.buyer.chain.id == b.chain.id)
        })
        .map(|b| lang.t(&b.chain.name_zh, &b.chain.name_en))
        .collect();
    if !alone.is_empty() {
        let note = format!(
            "{}{}",
            t("无跨链环节：", "No cross-chain edges: "),
            alone.join(lang.t("、", ", "))
        );
        text(out, x + 12.0, row, 11.0, "start", "normal", &note);
    }
    row + 8.0 - y
}

fn source_line(view: &CouplingView, lang: Lang) -> String {
    let mut s = lang
        .t(
            "来源：产业链文件中的跨链环节（to = \"链:环节\"）、本地企业供应关系与各链诊断",
            "Source: the chain files' cross-chain edges (to = \"chain:node\"), local firms' supply links and each chain's diagnosis",
        )
        .to_string();
    if view.illustrative {
        s.push_str(lang.t(
            " · 示例数据（虚构，仅用于演示）",
            " · illustrative data (made up for the demo)",
        ));
    }
    s
}

/// `s` cut to fit `width` px at `font` px, with an ellipsis when cut.
fn fit(s: &str, font: f64, width: f64) -> String {
    if text_px(s, font) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let next = format!("{out}{c}…");
        if text_px(&next, font) > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Splits `s` into lines no wider than `width` px at `font` px.
fn wrap(s: &str, font: f64, width: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    for c in s.chars() {
        let last = lines.last_mut().expect("lines starts non-empty");
        if text_px(last, font) + text_px(c.encode_utf8(&mut [0; 4]), font) > width {
            lines.push(c.to_string());
        } else {
            last.push(c);
        }
    }
    lines
}

fn text(out: &mut String, x: f64, y: f64, size: f64, anchor: &str, weight: &str, s: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" font-weight=\"{weight}\" fill=\"#1f2933\">{}</text>",
        esc(s)
    );
}
