//! The park's optimal exchanges drawn as a flow diagram (Sankey-style): firms that give on the
//! left, firms that take on the right, one band per exchange, as thick as its net value per year
//! and coloured by resource, with a legend naming the resources.
//!
//! Why not a network of circles: with arrows between firms on a ring, labels of crossing
//! exchanges sat on each other and the arrowheads outweighed the flows. Two columns need no
//! label on a band: each firm is named once beside its bar, each resource once in the legend,
//! and a band's figures are in its tooltip and in the table below. A firm that both gives and
//! takes appears in both columns.

use crate::charts::{TEXT, legend_rows};
use crate::format::money;
use crate::lang::Lang;
use crate::park::class_name;
use crate::render::esc;
use liantu_app::symbiosis::{Instance, Report};
use std::collections::BTreeMap;
use std::fmt::Write;

const W: f64 = 900.0;
/// The two columns' bars: left bar's right edge, right bar's left edge, bar width.
const LEFT_BAR: f64 = 230.0;
const RIGHT_BAR: f64 = 670.0;
const BAR: f64 = 12.0;
const TOP: f64 = 16.0;
/// Height a firm's bar gets at least (its name is 12 px), and the gap between bars.
const MIN_BAR: f64 = 18.0;
const GAP: f64 = 14.0;
/// Height the widest column's flows share, before the minimums and gaps.
const FLOW_HEIGHT: f64 = 320.0;
/// Resource colours, in order of first appearance (colour-blind-safe Tableau 10).
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// One firm's bar in a column: where it starts, how tall, and where its next band attaches.
struct Bar {
    y: f64,
    height: f64,
    next: f64,
}

/// A firm's display name: the legal form dropped, at most 12 characters.
fn short_name(name: &str) -> String {
    let short = name
        .trim_end_matches("有限责任公司")
        .trim_end_matches("股份有限公司")
        .trim_end_matches("有限公司");
    let mut out: String = short.chars().take(12).collect();
    if short.chars().count() > 12 {
        out.push('…');
    }
    out
}

/// The givers (or the takers), largest first, each with the sum of its bands' values.
fn column(report: &Report, givers: bool) -> Vec<(&str, f64)> {
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for e in &report.exchanges {
        let firm = if givers { &e.from } else { &e.to };
        *totals.entry(firm.as_str()).or_default() += e.net_value.max(0.0);
    }
    let mut firms: Vec<(&str, f64)> = totals.into_iter().collect();
    firms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    firms
}

/// Bars stacked top to bottom: `scale` pixels per yuan, each at least [`MIN_BAR`].
fn stack(firms: &[(&str, f64)], scale: f64) -> BTreeMap<String, Bar> {
    let mut y = TOP;
    let mut bars = BTreeMap::new();
    for (id, value) in firms {
        let height = (value * scale).max(MIN_BAR);
        // Bands are centred in a bar stretched to its minimum.
        let flows = value * scale;
        bars.insert(
            (*id).to_string(),
            Bar {
                y,
                height,
                next: y + (height - flows) / 2.0,
            },
        );
        y += height + GAP;
    }
    bars
}

pub fn exchange_flows(inst: &Instance, report: &Report, lang: Lang) -> String {
    let name_of = |id: &str| {
        inst.enterprises
            .iter()
            .find(|e| e.id == id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    };
    let in_park = |id: &str| {
        inst.enterprises
            .iter()
            .any(|e| e.id == id && e.park.is_some())
    };
    let givers = column(report, true);
    let mut takers = column(report, false);
    let total: f64 = givers.iter().map(|g| g.1).sum::<f64>().max(1e-9);
    let scale = FLOW_HEIGHT / total;
    let mut left = stack(&givers, scale);
    // The right column follows the left one (each taker at the mean place of its givers), so
    // bands cross as little as they can.
    let rank: BTreeMap<&str, usize> = givers.iter().enumerate().map(|(i, g)| (g.0, i)).collect();
    let place = |to: &str| {
        let from: Vec<usize> = report
            .exchanges
            .iter()
            .filter(|e| e.to == to)
            .filter_map(|e| rank.get(e.from.as_str()).copied())
            .collect();
        from.iter().sum::<usize>() as f64 / from.len().max(1) as f64
    };
    takers.sort_by(|a, b| place(a.0).total_cmp(&place(b.0)).then(a.0.cmp(b.0)));
    let mut right = stack(&takers, scale);
    let column_height =
        |bars: &BTreeMap<String, Bar>| bars.values().map(|b| b.y + b.height).fold(TOP, f64::max);
    let plot_bottom = column_height(&left).max(column_height(&right));

    // Colours by resource, in the order the bands are drawn.
    let mut exchanges: Vec<_> = report.exchanges.iter().collect();
    exchanges.sort_by_key(|e| {
        (
            rank.get(e.from.as_str()).copied().unwrap_or(usize::MAX),
            takers.iter().position(|t| t.0 == e.to),
        )
    });
    let mut colours: Vec<(String, &str)> = Vec::new();
    let mut bands = String::new();
    for e in &exchanges {
        let resource = class_name(lang, &e.class);
        let colour = match colours.iter().find(|c| c.0 == resource) {
            Some(c) => c.1,
            None => {
                let c = PALETTE[colours.len() % PALETTE.len()];
                colours.push((resource.clone(), c));
                c
            }
        };
        let thickness = (e.net_value.max(0.0) * scale).max(1.5);
        let (Some(from), Some(to)) = (left.get_mut(&e.from), right.get_mut(&e.to)) else {
            continue;
        };
        let (y0, y1) = (from.next, to.next);
        from.next += thickness;
        to.next += thickness;
        let (x0, x1) = (LEFT_BAR, RIGHT_BAR);
        let mid = (x0 + x1) / 2.0;
        let _ = write!(
            bands,
            r##"<path d="M{x0},{y0:.1} C{mid},{y0:.1} {mid},{y1:.1} {x1},{y1:.1} L{x1},{:.1} C{mid},{:.1} {mid},{:.1} {x0},{:.1} Z" fill="{colour}" fill-opacity="0.55" stroke="{colour}" stroke-width="0.5" data-exchange="{}"><title>{} → {} · {} {} {} · {} {} {}</title></path>"##,
            y1 + thickness,
            y1 + thickness,
            y0 + thickness,
            y0 + thickness,
            esc(&format!("{}>{}", e.offer, e.need)),
            esc(&name_of(&e.from)),
            esc(&name_of(&e.to)),
            esc(&resource),
            money(e.quantity),
            esc(&e.unit),
            lang.t("年净收益", "net value a year"),
            money(e.net_value / 10_000.0),
            lang.t("万元", "10k yuan"),
        );
        // A band thick enough carries its resource's name at its middle (where a band between
        // Bézier ends is exactly halfway between its two heights).
        if thickness >= TEXT + 4.0 {
            let _ = write!(
                bands,
                r##"<text x="{mid}" y="{:.1}" font-size="{TEXT}" text-anchor="middle" dominant-baseline="central" fill="#1d2733">{}</text>"##,
                (y0 + y1 + thickness) / 2.0,
                esc(&resource)
            );
        }
    }

    let legend_top = plot_bottom + 14.0;
    let (legend, legend_bottom) = legend(&colours, legend_top, lang);
    let height = legend_bottom + 26.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="network flows" viewBox="0 0 {W} {height:.0}" width="{W}" height="{height:.0}" role="img" aria-label="{}">"##,
        esc(lang.t("园区资源交换流向图", "Park exchange flows"))
    );
    if report.exchanges.is_empty() {
        let _ = write!(
            svg,
            r##"<text x="{}" y="40" text-anchor="middle" font-size="14">{}</text></svg>"##,
            W / 2.0,
            esc(lang.t(
                "当前条件下没有可行的交换",
                "No exchange is feasible as things stand"
            ))
        );
        return svg;
    }
    svg.push_str(&bands);
    for (bars, x, anchor, label_x) in [
        (&left, LEFT_BAR - BAR, "end", LEFT_BAR - BAR - 6.0),
        (&right, RIGHT_BAR, "start", RIGHT_BAR + BAR + 6.0),
    ] {
        for (id, bar) in bars {
            let fill = if in_park(id) { "#1f4e79" } else { "#a6743b" };
            let _ = write!(
                svg,
                r##"<rect x="{x}" y="{:.1}" width="{BAR}" height="{:.1}" fill="{fill}"><title>{}</title></rect><text x="{label_x}" y="{:.1}" font-size="{TEXT}" text-anchor="{anchor}" dominant-baseline="central">{}</text>"##,
                bar.y,
                bar.height,
                esc(&name_of(id)),
                bar.y + bar.height / 2.0,
                esc(&short_name(&name_of(id)))
            );
        }
    }
    let _ = write!(
        svg,
        r##"<text x="{}" y="{TEXT}" font-size="{TEXT}" fill="#5d6b7a" text-anchor="end">{}</text><text x="{}" y="{TEXT}" font-size="{TEXT}" fill="#5d6b7a">{}</text>"##,
        LEFT_BAR,
        esc(lang.t("供给方（副产品）", "giving (by-products)")),
        RIGHT_BAR,
        esc(lang.t("需求方", "taking")),
    );
    svg.push_str(&legend);
    svg.push_str("</svg>");
    svg
}

/// The resources' colours, then what bar colour and band width mean; returns the SVG and the
/// bottom of its last line.
fn legend(colours: &[(String, &str)], top: f64, lang: Lang) -> (String, f64) {
    let mut items: Vec<(String, String)> = colours
        .iter()
        .map(|(name, colour)| {
            (
                format!(r##"<rect x="0" y="-10" width="14" height="10" fill="{colour}" fill-opacity="0.55" stroke="{colour}"/>"##),
                name.clone(),
            )
        })
        .collect();
    items.push((
        r##"<rect x="0" y="-11" width="6" height="12" fill="#1f4e79"/>"##.into(),
        lang.t("园区内企业", "firm in the park").into(),
    ));
    items.push((
        r##"<rect x="0" y="-11" width="6" height="12" fill="#a6743b"/>"##.into(),
        lang.t("园区外企业", "firm outside the park").into(),
    ));
    let (mut svg, mut y) = legend_rows(&items, (12.0, W - 12.0), top + TEXT, 20.0, 16.0);
    y += 20.0;
    let _ = write!(
        svg,
        r##"<text x="12" y="{y:.1}" font-size="{TEXT}" fill="#5d6b7a">{}</text>"##,
        esc(lang.t(
            "条带宽度 = 交换的年净收益；数量与金额见悬停提示和下表",
            "band width = the exchange's net value a year; quantities and amounts in the tooltips and the table below"
        ))
    );
    (svg, y)
}
