//! The project page's two charts as SVG: the stage timeline (planned against actual dates per
//! stage) and the investment S-curve (reported cumulative investment against 序时进度). Both
//! carry a title, the project and the day they were drawn, readable at print size.

use crate::lang::Lang;
use crate::render::esc;
use liantu_app::model::Day;
use liantu_app::projects::{PathPoint, StageLine};
use std::fmt::Write;

const WIDTH: f64 = 760.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 24.0;

fn julian(d: Day) -> f64 {
    f64::from(d.date().to_julian_day())
}

/// Planned (hollow) and actual (filled) dates on one time axis, a row per stage, with today.
pub fn timeline(ladder: &[StageLine], today: Day, title: &str, lang: Lang) -> String {
    let days: Vec<Day> = ladder
        .iter()
        .flat_map(|s| [s.planned, s.actual])
        .flatten()
        .chain([today])
        .collect();
    let first = days.iter().copied().min().unwrap_or(today);
    let last = days.iter().copied().max().unwrap_or(today);
    let (lo, hi) = (julian(first), julian(last));
    let (lo, hi) = (lo - 30.0, hi + 30.0);
    let row = 26.0;
    let top = 44.0;
    let height = top + row * ladder.len() as f64 + 36.0;
    let x = |d: f64| LEFT + (d - lo) / (hi - lo) * (WIDTH - LEFT - RIGHT);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" class=\"timeline\" font-size=\"13\"><title>{}</title>",
        esc(title)
    );
    let _ = write!(
        out,
        "<text x=\"0\" y=\"18\" font-weight=\"bold\">{}</text>",
        esc(title)
    );
    // Year ticks.
    for year in first.date().year() + 1..=last.date().year() {
        if let Ok(d) = Day::parse(&format!("{year}-01-01")) {
            let px = x(julian(d));
            let _ = write!(
                out,
                "<line x1=\"{px:.1}\" y1=\"{top}\" x2=\"{px:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/><text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{year}</text>",
                height - 30.0,
                height - 14.0
            );
        }
    }
    for (i, s) in ladder.iter().enumerate() {
        let y = top + row * i as f64 + row / 2.0;
        let name = lang.t(&s.stage.name_zh, &s.stage.name_en);
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.1}\">{}</text>",
            y + 4.0,
            esc(name)
        );
        if let (Some(p), Some(a)) = (s.planned, s.actual) {
            let colour = if a > p { "#c0392b" } else { "#2e7d32" };
            let _ = write!(
                out,
                "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>",
                x(julian(p)),
                x(julian(a))
            );
        }
        if let Some(p) = s.planned {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"#fff\" stroke=\"#1f5fa8\" stroke-width=\"2\"><title>{} {p}</title></circle>",
                x(julian(p)),
                lang.t("计划", "planned")
            );
        }
        if let Some(a) = s.actual {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"#1f5fa8\"><title>{} {a}</title></circle>",
                x(julian(a)),
                lang.t("实际", "actual")
            );
        }
    }
    let t = x(julian(today));
    let _ = write!(
        out,
        "<line x1=\"{t:.1}\" y1=\"{:.1}\" x2=\"{t:.1}\" y2=\"{:.1}\" stroke=\"#e67e22\" stroke-dasharray=\"4 3\"/><text x=\"{t:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#e67e22\">{}</text>",
        top - 6.0,
        height - 30.0,
        top - 10.0,
        lang.t("今天", "today")
    );
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"18\" text-anchor=\"end\" fill=\"#555\">○ {} ● {}</text></svg>",
        WIDTH - RIGHT,
        lang.t("计划", "planned"),
        lang.t("实际", "actual")
    );
    out
}

/// 序时进度 (dashed) and reported cumulative investment (solid) by month, 万元.
pub fn s_curve(path: &[PathPoint], title: &str, lang: Lang) -> String {
    if path.is_empty() {
        return String::new();
    }
    let height = 260.0;
    let (top, bottom) = (40.0, height - 34.0);
    let max = path
        .iter()
        .flat_map(|p| [Some(p.expected), p.actual])
        .flatten()
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let step = (WIDTH - LEFT - RIGHT) / (path.len().max(2) - 1) as f64;
    let x = |i: usize| LEFT + step * i as f64;
    let y = |v: f64| bottom - v / max * (bottom - top);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" class=\"s-curve\" font-size=\"13\"><title>{}</title><text x=\"0\" y=\"18\" font-weight=\"bold\">{}</text>",
        esc(title),
        esc(title)
    );
    for k in 0..=4 {
        let v = max * f64::from(k) / 4.0;
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"#eee\"/><text x=\"{2:.1}\" y=\"{3:.1}\" text-anchor=\"end\" fill=\"#555\">{4}</text>",
            y(v),
            WIDTH - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            liantu_app::table::money(v)
        );
    }
    let label_every = path.len().div_ceil(8).max(1);
    for (i, p) in path.iter().enumerate() {
        if i % label_every == 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
                x(i),
                bottom + 18.0,
                p.month
            );
        }
    }
    let expected: Vec<String> = path
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.expected)))
        .collect();
    let _ = write!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#888\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
        expected.join(" ")
    );
    let actual: Vec<String> = path
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.actual.map(|v| format!("{:.1},{:.1}", x(i), y(v))))
        .collect();
    if !actual.is_empty() {
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2.5\"/>",
            actual.join(" ")
        );
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"18\" text-anchor=\"end\" fill=\"#555\">— {}　- - {}　（{}）</text></svg>",
        WIDTH - RIGHT,
        lang.t("累计完成投资", "invested to date"),
        lang.t("序时进度", "planned path"),
        lang.t("万元", "10k yuan")
    );
    out
}
