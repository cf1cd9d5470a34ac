//! SVG drawing of a [`Layout`].

use crate::layout::{BADGE_H, LINE_H, Layout, NodeBox, PAD_Y, Route, layout, node_label};
use crate::style::STYLE;
use crate::text::{LABEL_FONT, push_escaped, push_num, text_px};
use crate::{Lang, MapFrame, MapOptions, NodeDecoration};
use liantu_chain::Chain;
use liantu_model::{EdgeKind, NodeStatus, Stage};
use std::fmt::Write as _;

const TITLE_H: f64 = 36.0;
const LEGEND_H: f64 = 40.0;
/// The frame's source line under the legend.
const NOTE_H: f64 = 26.0;
/// The output bar along a box's foot.
const OUTPUT_BAR_H: f64 = 3.0;
const LEGEND_FONT: f64 = 12.0;
const BADGE_FONT: f64 = 11.0;

/// Lays out `chain` and draws it. `decorations` is in the order of `chain.nodes`; nodes past its
/// end are drawn undecorated.
pub fn render_svg(chain: &Chain, decorations: &[NodeDecoration], options: &MapOptions) -> String {
    let layout = layout(chain, options.lang);
    render_layout(chain, &layout, decorations, options)
}

/// Draws an already computed layout of `chain` (from [`layout`](crate::layout) or
/// [`layout_with`](crate::layout_with) on the same chain).
pub fn render_layout(
    chain: &Chain,
    layout: &Layout,
    decorations: &[NodeDecoration],
    options: &MapOptions,
) -> String {
    let lang = options.lang;
    let mut out = String::with_capacity(4096 + layout.nodes.len() * 700 + layout.edges.len() * 300);
    let prefix = id_prefix(&chain.id);
    let frame = options.frame.as_ref();
    let titled = options.standalone || frame.is_some();
    let title_h = if titled { TITLE_H } else { 0.0 };
    let max_output = decorations
        .iter()
        .filter_map(|d| d.output)
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let legend = if options.legend {
        Some(legend_items(lang, max_output > 0.0))
    } else {
        None
    };
    let legend_w = legend.as_ref().map_or(0.0, |items| legend_width(items));
    let width = layout.width.max((legend_w + 80.0).ceil());
    let legend_h = if options.legend { LEGEND_H } else { 0.0 };
    let note_h = if frame.is_some() { NOTE_H } else { 0.0 };
    let height = title_h + layout.height + legend_h + note_h;
    let chain_name = match lang {
        Lang::Zh => first_non_empty(&[&chain.name_zh, &chain.name_en, &chain.id]),
        Lang::En => first_non_empty(&[&chain.name_en, &chain.name_zh, &chain.id]),
    };
    let mut map_label = match lang {
        Lang::Zh => format!("{chain_name} 产业链图"),
        Lang::En => format!("{chain_name}: industrial chain map"),
    };
    if let Some(frame) = frame {
        map_label.push_str(&frame_title(frame, lang));
    }

    if options.standalone {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lt-chainmap\" viewBox=\"0 0 ");
    push_num(&mut out, width);
    out.push(' ');
    push_num(&mut out, height);
    out.push_str("\" width=\"");
    push_num(&mut out, width);
    out.push_str("\" height=\"");
    push_num(&mut out, height);
    out.push_str("\" role=\"img\" aria-label=\"");
    push_escaped(&mut out, &map_label);
    out.push_str("\" data-chain=\"");
    push_escaped(&mut out, &chain.id);
    out.push_str("\">\n<title>");
    push_escaped(&mut out, &map_label);
    out.push_str("</title>\n");
    if options.standalone {
        out.push_str("<style>");
        out.push_str(STYLE);
        out.push_str("</style>\n");
    }
    // Arrowheads, one per edge kind.
    out.push_str("<defs>");
    for kind in EdgeKind::ALL {
        let _ = write!(
            out,
            "<marker id=\"{prefix}-arrow-{key}\" class=\"arrow {key}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,1L10,5L0,9z\"/></marker>",
            key = kind.key()
        );
    }
    out.push_str("</defs>\n<rect class=\"canvas\" x=\"0\" y=\"0\" width=\"");
    push_num(&mut out, width);
    out.push_str("\" height=\"");
    push_num(&mut out, height);
    out.push_str("\"/>\n");
    if titled {
        out.push_str("<text class=\"map-title\" x=\"28\" y=\"26\">");
        push_escaped(&mut out, &map_label);
        out.push_str("</text>\n");
        out.push_str("<g transform=\"translate(0,");
        push_num(&mut out, title_h);
        out.push_str(")\">\n");
    } else {
        out.push_str("<g>\n");
    }

    draw_stages(&mut out, layout, lang);

    // Edges under the nodes.
    out.push_str("<g class=\"edges\">\n");
    for edge in &layout.edges {
        let (Some(from), Some(to)) = (chain.nodes.get(edge.from), chain.nodes.get(edge.to)) else {
            continue;
        };
        let key = edge.kind.key();
        let _ = write!(out, "<path class=\"edge {key}");
        match edge.route {
            Route::Back => out.push_str(" back"),
            Route::Support => out.push_str(" support"),
            Route::Forward => {}
        }
        out.push_str("\" d=\"");
        out.push_str(&edge.path);
        let _ = write!(
            out,
            "\" marker-end=\"url(#{prefix}-arrow-{key})\" data-from=\""
        );
        push_escaped(&mut out, &from.id);
        out.push_str("\" data-to=\"");
        push_escaped(&mut out, &to.id);
        out.push_str("\"><title>");
        push_escaped(&mut out, node_label(from, lang));
        out.push_str(" → ");
        push_escaped(&mut out, node_label(to, lang));
        out.push_str(match lang {
            Lang::Zh => "（",
            Lang::En => " (",
        });
        push_escaped(&mut out, kind_label(edge.kind, lang));
        out.push_str(match lang {
            Lang::Zh => "）",
            Lang::En => ")",
        });
        out.push_str("</title></path>\n");
    }
    out.push_str("</g>\n");

    // Nodes.
    out.push_str("<g class=\"nodes\">\n");
    let none = NodeDecoration::default();
    for (i, (node, b)) in chain.nodes.iter().zip(&layout.nodes).enumerate() {
        let deco = decorations.get(i).unwrap_or(&none);
        draw_node(&mut out, node, b, deco, max_output, lang);
    }
    out.push_str("</g>\n</g>\n");

    if let Some(items) = legend {
        draw_legend(&mut out, &items, &prefix, title_h + layout.height + 6.0);
    }
    if let Some(frame) = frame {
        out.push_str("<text class=\"map-note\" x=\"40\" y=\"");
        push_num(&mut out, title_h + layout.height + legend_h + 16.0);
        out.push_str("\">");
        push_escaped(&mut out, &frame_note(frame, lang));
        out.push_str("</text>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// ` x="…" y="…" width="…" height="…"` of a rectangle.
fn push_area(out: &mut String, x: f64, y: f64, w: f64, h: f64) {
    for (name, v) in [("x", x), ("y", y), ("width", w), ("height", h)] {
        let _ = write!(out, " {name}=\"");
        push_num(out, v);
        out.push('"');
    }
}

/// Stage backgrounds and headings.
fn draw_stages(out: &mut String, layout: &Layout, lang: Lang) {
    out.push_str("<g class=\"stages\">\n");
    for band in &layout.bands {
        let key = band.stage.key();
        let _ = write!(out, "<rect class=\"stage-band {key}\"");
        push_area(out, band.x, band.y, band.w, band.h);
        out.push_str(" rx=\"10\"/>");
        let _ = write!(out, "<text class=\"stage-heading {key}\" x=\"");
        if band.stage == Stage::Supporting {
            push_num(out, band.x + 14.0);
        } else {
            push_num(out, band.x + band.w / 2.0);
        }
        out.push_str("\" y=\"");
        push_num(out, band.y + 23.0);
        out.push_str("\">");
        push_escaped(out, stage_label(band.stage, lang));
        out.push_str("</text>\n");
    }
    out.push_str("</g>\n");
}

/// " · 柳州市 · 2024年" after the map's name.
fn frame_title(frame: &MapFrame, lang: Lang) -> String {
    let mut title = String::new();
    if !frame.region.trim().is_empty() {
        title.push_str(" · ");
        title.push_str(frame.region.trim());
    }
    if let Some(year) = frame.year {
        let _ = match lang {
            Lang::Zh => write!(title, " · {year}年"),
            Lang::En => write!(title, " · {year}"),
        };
    }
    title
}

/// "来源：… · 示例数据（虚构，仅用于演示）" under the legend.
fn frame_note(frame: &MapFrame, lang: Lang) -> String {
    let mut note = String::from(match lang {
        Lang::Zh => "来源：",
        Lang::En => "Source: ",
    });
    note.push_str(if frame.source.trim().is_empty() {
        match lang {
            Lang::Zh => "未注明",
            Lang::En => "not stated",
        }
    } else {
        frame.source.trim()
    });
    if frame.illustrative {
        note.push_str(match lang {
            Lang::Zh => " · 示例数据：企业数值为虚构，仅用于演示",
            Lang::En => " · illustrative: enterprise figures are made up for the demo",
        });
    }
    note
}

/// A figure with thousands separators and no decimals (12,345).
fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    liantu_model::numbers::group_thousands(&digits, v < 0.0 && digits != "0")
}

fn first_non_empty<'a>(candidates: &[&'a String]) -> &'a str {
    candidates
        .iter()
        .find(|s| !s.trim().is_empty())
        .map_or("", |s| s.as_str())
}

/// Marker ids must be unique in a page that inlines several maps: derive them from the chain
/// id, keeping only characters that are safe in an id and a `url(#…)`.
fn id_prefix(chain_id: &str) -> String {
    let mut p = String::from("lt-");
    p.extend(
        chain_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(64),
    );
    p
}

fn stage_label(stage: Stage, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => stage.label_zh(),
        Lang::En => match stage {
            Stage::Upstream => "Upstream",
            Stage::Midstream => "Midstream",
            Stage::Downstream => "Downstream",
            Stage::Supporting => "Supporting",
        },
    }
}

fn status_label(status: NodeStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => status.label_zh(),
        Lang::En => match status {
            NodeStatus::Strong => "Strong",
            NodeStatus::Potential => "Potential",
            NodeStatus::Weak => "Weak",
            NodeStatus::Missing => "Missing",
        },
    }
}

fn kind_label(kind: EdgeKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => kind.label_zh(),
        Lang::En => match kind {
            EdgeKind::Supplies => "Supplies",
            EdgeKind::ByProduct => "By-product",
        },
    }
}

fn count_label(count: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{count}家"),
        Lang::En if count == 1 => "1 firm".to_string(),
        Lang::En => format!("{count} firms"),
    }
}

/// Links only to http(s), relative or fragment URLs: a `javascript:`/`data:` href is dropped.
fn safe_href(href: &str) -> Option<&str> {
    let h = href.trim();
    if h.is_empty() {
        return None;
    }
    let scheme_end = h.find(':');
    let path_start = h.find(['/', '?', '#']).unwrap_or(h.len());
    match scheme_end {
        Some(colon) if colon < path_start => {
            let scheme = h[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https").then_some(h)
        }
        _ => Some(h),
    }
}

fn draw_node(
    out: &mut String,
    node: &liantu_chain::Node,
    b: &NodeBox,
    deco: &NodeDecoration,
    max_output: f64,
    lang: Lang,
) {
    let status_key = deco.status.map_or("none", NodeStatus::key);
    let href = deco.href.as_deref().and_then(safe_href);
    let tag = if href.is_some() { "a" } else { "g" };
    let _ = write!(
        out,
        "<{tag} class=\"node status-{status_key}\" data-node=\""
    );
    push_escaped(out, &node.id);
    out.push('"');
    if let Some(href) = href {
        out.push_str(" href=\"");
        push_escaped(out, href);
        out.push('"');
    }
    out.push_str("><title>");
    let name = node_label(node, lang);
    push_escaped(out, name);
    let other = match lang {
        Lang::Zh => &node.name_en,
        Lang::En => &node.name_zh,
    };
    if !other.trim().is_empty() && other != name {
        out.push('\n');
        push_escaped(out, other);
    }
    if let Some(status) = deco.status {
        out.push('\n');
        out.push_str(match lang {
            Lang::Zh => "状态：",
            Lang::En => "Status: ",
        });
        push_escaped(out, status_label(status, lang));
    }
    if let Some(count) = deco.enterprise_count {
        out.push('\n');
        let _ = match lang {
            Lang::Zh => write!(out, "本地企业：{count}家"),
            Lang::En => write!(out, "Local firms: {count}"),
        };
    }
    let output = deco.output.filter(|v| v.is_finite() && *v >= 0.0);
    if let Some(v) = output {
        out.push('\n');
        let _ = match lang {
            Lang::Zh => write!(out, "本地产值：{} 万元", thousands(v)),
            Lang::En => write!(out, "Local output: {} 10k yuan", thousands(v)),
        };
    }
    if let Some(tip) = deco.tooltip.as_deref().filter(|t| !t.trim().is_empty()) {
        out.push('\n');
        push_escaped(out, tip);
    }
    out.push_str("</title><rect class=\"box\"");
    push_area(out, b.x, b.y, b.w, b.h);
    out.push_str(" rx=\"6\"/>");

    let has_row = deco.status.is_some() || deco.enterprise_count.is_some();
    let avail = if has_row {
        b.h - BADGE_H - PAD_Y / 2.0
    } else {
        b.h
    };
    let block = b.lines.len() as f64 * LINE_H;
    let block_top = b.y + (avail - block) / 2.0;
    let cx = b.x + b.w / 2.0;
    out.push_str("<text class=\"label\" x=\"");
    push_num(out, cx);
    out.push_str("\" y=\"");
    push_num(out, block_top + LINE_H / 2.0 + LABEL_FONT * 0.35);
    out.push_str("\">");
    for (k, line) in b.lines.iter().enumerate() {
        out.push_str("<tspan x=\"");
        push_num(out, cx);
        out.push_str("\" y=\"");
        push_num(
            out,
            block_top + (k as f64 + 0.5) * LINE_H + LABEL_FONT * 0.35,
        );
        out.push_str("\">");
        push_escaped(out, line);
        out.push_str("</tspan>");
    }
    out.push_str("</text>");

    let row_cy = b.y + b.h - PAD_Y - BADGE_H / 2.0 + 3.0;
    if let Some(status) = deco.status {
        out.push_str("<text class=\"status-word\" x=\"");
        push_num(out, b.x + 8.0);
        out.push_str("\" y=\"");
        push_num(out, row_cy + BADGE_FONT * 0.35);
        out.push_str("\">");
        push_escaped(out, status_label(status, lang));
        out.push_str("</text>");
    }
    if let Some(count) = deco.enterprise_count {
        let label = count_label(count, lang);
        // No local firm is the status's news already: a pale badge.
        let class = if count == 0 { "badge zero" } else { "badge" };
        draw_badge(out, b.x + b.w - 6.0, row_cy, &label, true, class);
    }
    if let Some(v) = output.filter(|v| *v > 0.0 && max_output > 0.0) {
        out.push_str("<rect class=\"output-bar\" x=\"");
        push_num(out, b.x + 6.0);
        out.push_str("\" y=\"");
        push_num(out, b.y + b.h - OUTPUT_BAR_H - 2.0);
        out.push_str("\" width=\"");
        push_num(out, ((b.w - 12.0) * v / max_output).max(1.0));
        out.push_str("\" height=\"");
        push_num(out, OUTPUT_BAR_H);
        out.push_str("\"/>");
    }
    let _ = writeln!(out, "</{tag}>");
}

/// A pill with `label`, its right end at `x` (`right_aligned`) or its left end at `x`.
fn draw_badge(out: &mut String, x: f64, cy: f64, label: &str, right_aligned: bool, class: &str) {
    let w = (text_px(label, BADGE_FONT) + 12.0).round();
    let left = if right_aligned { x - w } else { x };
    let _ = write!(out, "<g class=\"{class}\"><rect x=\"");
    push_num(out, left);
    out.push_str("\" y=\"");
    push_num(out, cy - 8.0);
    out.push_str("\" width=\"");
    push_num(out, w);
    out.push_str("\" height=\"16\" rx=\"8\"/><text x=\"");
    push_num(out, left + w / 2.0);
    out.push_str("\" y=\"");
    push_num(out, cy + BADGE_FONT * 0.35);
    out.push_str("\">");
    push_escaped(out, label);
    out.push_str("</text></g>");
}

enum LegendItem {
    Status(NodeStatus, &'static str),
    Edge(EdgeKind, &'static str),
    Badge(String, &'static str),
    Output(&'static str),
}

fn legend_items(lang: Lang, output: bool) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = NodeStatus::ALL
        .iter()
        .map(|&s| LegendItem::Status(s, status_label(s, lang)))
        .collect();
    items.extend(
        EdgeKind::ALL
            .iter()
            .map(|&k| LegendItem::Edge(k, kind_label(k, lang))),
    );
    items.push(LegendItem::Badge(
        count_label(12, lang),
        match lang {
            Lang::Zh => "本地企业数",
            Lang::En => "local enterprises",
        },
    ));
    if output {
        items.push(LegendItem::Output(match lang {
            Lang::Zh => "本地产值（与最大节点相比）",
            Lang::En => "local output (against the largest node)",
        }));
    }
    items
}

fn item_width(item: &LegendItem) -> f64 {
    let (sample, label) = match item {
        LegendItem::Status(_, l) => (26.0, *l),
        LegendItem::Edge(_, l) => (40.0, *l),
        LegendItem::Badge(b, l) => (text_px(b, BADGE_FONT) + 12.0, *l),
        LegendItem::Output(l) => (26.0, *l),
    };
    sample + 6.0 + text_px(label, LEGEND_FONT) + 22.0
}

fn legend_width(items: &[LegendItem]) -> f64 {
    items.iter().map(item_width).sum()
}

fn draw_legend(out: &mut String, items: &[LegendItem], prefix: &str, y: f64) {
    out.push_str("<g class=\"legend\" transform=\"translate(40,");
    push_num(out, y);
    out.push_str(")\">");
    let cy = 16.0;
    let mut x = 0.0;
    for item in items {
        match item {
            LegendItem::Status(status, label) => {
                let _ = write!(
                    out,
                    "<g class=\"legend-swatch status-{}\"><rect class=\"box\" x=\"",
                    status.key()
                );
                push_num(out, x);
                out.push_str("\" y=\"");
                push_num(out, cy - 8.0);
                out.push_str("\" width=\"26\" height=\"16\" rx=\"4\"/></g>");
                legend_text(out, x + 32.0, cy, label);
                x += 26.0;
            }
            LegendItem::Edge(kind, label) => {
                let key = kind.key();
                let _ = write!(out, "<path class=\"edge {key}\" d=\"M");
                push_num(out, x);
                out.push(',');
                push_num(out, cy);
                out.push('H');
                push_num(out, x + 40.0);
                let _ = write!(out, "\" marker-end=\"url(#{prefix}-arrow-{key})\"/>");
                legend_text(out, x + 46.0, cy, label);
                x += 40.0;
            }
            LegendItem::Badge(badge, label) => {
                draw_badge(out, x, cy, badge, false, "badge");
                let w = text_px(badge, BADGE_FONT) + 12.0;
                legend_text(out, x + w + 6.0, cy, label);
                x += w;
            }
            LegendItem::Output(label) => {
                out.push_str("<rect class=\"output-bar\" x=\"");
                push_num(out, x);
                out.push_str("\" y=\"");
                push_num(out, cy - OUTPUT_BAR_H / 2.0);
                out.push_str("\" width=\"26\" height=\"");
                push_num(out, OUTPUT_BAR_H);
                out.push_str("\"/>");
                legend_text(out, x + 32.0, cy, label);
                x += 26.0;
            }
        }
        let label = match item {
            LegendItem::Status(_, l)
            | LegendItem::Edge(_, l)
            | LegendItem::Badge(_, l)
            | LegendItem::Output(l) => *l,
        };
        x += 6.0 + text_px(label, LEGEND_FONT) + 22.0;
    }
    out.push_str("</g>\n");
}

fn legend_text(out: &mut String, x: f64, cy: f64, label: &str) {
    out.push_str("<text x=\"");
    push_num(out, x);
    out.push_str("\" y=\"");
    push_num(out, cy + LEGEND_FONT * 0.35);
    out.push_str("\">");
    push_escaped(out, label);
    out.push_str("</text>");
}
