//! 民营经济 and new productive forces: indicators of one ownership (private by default) computed
//! from the firms' yearly figures, each with its formula and coverage, beside the published
//! figures stored as facts.
//!
//! For ownership O, year Y (latest with figures) and Y−1, over the area's firms:
//! - **增加值增速**: Σ value added of above-scale O firms in Y ÷ the same in Y−1 − 1 (each year's
//!   reporters);
//! - **占规上工业增加值比重**: Σ value added of above-scale O firms ÷ of all above-scale firms, Y;
//! - **占高新技术企业比重**: high-tech O firms ÷ all high-tech firms with figures for Y;
//! - **研发投入强度**: Σ R&D expense ÷ Σ revenue of O firms reporting both, Y;
//! - **出口增速**: Σ exports of O firms in Y ÷ in Y−1 − 1;
//! - **专精特新企业**: O firms flagged 专精特新 with figures for Y.
//!
//! Growth sums each year's reporters (not the same firms both years; coverage is this year's).
//! A published figure sits beside a computed one only when both measure the same thing the same
//! way; the others (a quarter's growth, a contribution to growth, digital investment, imports,
//! 战新 — fields the data model lacks) are listed on their own, and only the region's own.

use crate::diagnosis::RegionRef;
use crate::{App, Result};
use liantu_model::{Ownership, RegionCode};
use liantu_store::EconomyGroup;
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct EconomyIndicator {
    pub key: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// A fraction (0.16 = 16 %) or, for counts, the count.
    pub value: Option<f64>,
    pub is_count: bool,
    pub formula_zh: &'static str,
    pub formula_en: &'static str,
    /// Firms the figure rests on.
    pub coverage: i64,
    /// The published figure for the same indicator: value as published, its year, its fact id,
    /// its unit.
    pub published: Option<(f64, i32, String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EconomyView {
    pub region: RegionRef,
    pub ownership: Ownership,
    pub year: Option<i32>,
    pub indicators: Vec<EconomyIndicator>,
    /// Published figures with no computed counterpart (the data lacks their fields).
    pub published_only: Vec<crate::Fact>,
    /// The database holds made-up figures (a source of kind illustrative).
    pub illustrative: bool,
}

/// Indicator → the fact measuring the same thing the same way (the seed's private-economy
/// article: annual figures of 2024).
const PUBLISHED: [(&str, &str); 2] = [
    ("hightech_share", "private-hightech-share-2024"),
    ("rd_intensity", "private-rd-intensity-2024"),
];
/// Published figures listed on their own: measured another way (a quarter's growth, a
/// contribution to growth) or on fields the data model lacks (数字化投入, imports, 战新).
const NOT_COMPUTED: [&str; 6] = [
    "private-va-growth-2025q1",
    "private-va-contribution-2025q1",
    "private-sei-share-2025q1",
    "private-digital-growth-2024",
    "private-trade-growth-2024",
    "private-trade-hightech-share-2024",
];

impl App {
    /// The ownership's indicators in `region` (see the module docs).
    pub async fn economy(
        &self,
        region: RegionCode,
        ownership: Ownership,
        year: Option<i32>,
    ) -> Result<EconomyView> {
        let region_ref = self.region_ref(&region).await?;
        let groups = self.store.economy_groups(&region).await?;
        let year = year.or_else(|| groups.iter().map(|g| g.year).max());
        // Published figures of this region only.
        let facts: Vec<crate::Fact> = self
            .facts()
            .await?
            .into_iter()
            .filter(|f| f.scope == region.as_str())
            .collect();
        let mut indicators = Vec::new();
        if let Some(y) = year {
            indicators = compute(&groups, ownership.key(), y);
            if ownership == Ownership::Private {
                for i in &mut indicators {
                    i.published = PUBLISHED
                        .iter()
                        .find(|(k, _)| *k == i.key)
                        .and_then(|(_, id)| facts.iter().find(|f| f.id == *id))
                        .map(|f| (f.value, f.year, f.id.clone(), f.unit.clone()));
                }
            }
        }
        let published_only = if ownership == Ownership::Private {
            facts
                .into_iter()
                .filter(|f| NOT_COMPUTED.contains(&f.id.as_str()))
                .collect()
        } else {
            Vec::new()
        };
        let illustrative = self
            .sources()
            .await?
            .iter()
            .any(|s| s.kind == liantu_model::records::SourceKind::Illustrative);
        Ok(EconomyView {
            illustrative,
            region: region_ref,
            ownership,
            year,
            indicators,
            published_only,
        })
    }
}

fn compute(groups: &[EconomyGroup], ownership: &str, y: i32) -> Vec<EconomyIndicator> {
    let sum = |year: i32, f: &dyn Fn(&EconomyGroup) -> bool, v: &dyn Fn(&EconomyGroup) -> f64| {
        groups
            .iter()
            .filter(|g| g.year == year && f(g))
            .fold(0.0, |s, g| s + v(g))
    };
    let mine = |g: &EconomyGroup| g.ownership == ownership;
    let mine_above = |g: &EconomyGroup| g.ownership == ownership && g.above_scale;
    let above = |g: &EconomyGroup| g.above_scale;
    let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
    let va = |g: &EconomyGroup| g.value_added;
    let va_n = |g: &EconomyGroup| g.va_firms as f64;
    let va_now = sum(y, &mine_above, &va);
    let va_before = sum(y - 1, &mine_above, &va);
    let hightech_mine = sum(y, &|g| mine(g) && g.high_tech, &|g| g.firms as f64);
    let hightech_all = sum(y, &|g| g.high_tech, &|g| g.firms as f64);
    let rd = sum(y, &mine, &|g| g.rd_expense);
    let revenue = sum(y, &mine, &|g| g.rd_revenue);
    let exports_now = sum(y, &mine, &|g| g.exports);
    let exports_before = sum(y - 1, &mine, &|g| g.exports);
    let count = |f: f64| f as i64;
    vec![
        EconomyIndicator {
            key: "va_growth",
            name_zh: "规上企业工业增加值增速",
            name_en: "Growth of above-scale firms' value added",
            value: ratio(va_now, va_before).map(|r| r - 1.0),
            is_count: false,
            formula_zh: "本年规上企业增加值之和 ÷ 上年之和 − 1",
            formula_en: "Σ value added of above-scale firms this year ÷ last year − 1",
            coverage: count(sum(y, &mine_above, &va_n)),
            published: None,
        },
        EconomyIndicator {
            key: "va_share",
            name_zh: "占规上工业增加值比重",
            name_en: "Share of above-scale value added",
            value: ratio(va_now, sum(y, &above, &va)),
            is_count: false,
            formula_zh: "规上企业增加值之和 ÷ 全部规上企业增加值之和",
            formula_en: "Σ value added of these above-scale firms ÷ of all above-scale firms",
            coverage: count(sum(y, &above, &va_n)),
            published: None,
        },
        EconomyIndicator {
            key: "hightech_share",
            name_zh: "占高新技术企业比重",
            name_en: "Share of high-tech enterprises",
            value: ratio(hightech_mine, hightech_all),
            is_count: false,
            formula_zh: "高新技术企业数 ÷ 全部高新技术企业数（当年有数据的企业）",
            formula_en: "high-tech firms ÷ all high-tech firms (with figures for the year)",
            coverage: count(hightech_all),
            published: None,
        },
        EconomyIndicator {
            key: "rd_intensity",
            name_zh: "研发投入强度",
            name_en: "R&D intensity",
            value: ratio(rd, revenue),
            is_count: false,
            formula_zh: "研发费用之和 ÷ 营业收入之和（两项都报送的企业）",
            formula_en: "Σ R&D expense ÷ Σ revenue (firms reporting both)",
            coverage: count(sum(y, &mine, &|g| g.rd_firms as f64)),
            published: None,
        },
        EconomyIndicator {
            key: "export_growth",
            name_zh: "出口额增速",
            name_en: "Growth of exports",
            value: ratio(exports_now, exports_before).map(|r| r - 1.0),
            is_count: false,
            formula_zh: "本年出口额之和 ÷ 上年之和 − 1",
            formula_en: "Σ exports this year ÷ last year − 1",
            coverage: count(sum(y, &mine, &|g| g.export_firms as f64)),
            published: None,
        },
        EconomyIndicator {
            key: "specialized",
            name_zh: "专精特新企业（家）",
            name_en: "Specialised SMEs (专精特新)",
            value: Some(sum(y, &|g| mine(g) && g.specialized, &|g| g.firms as f64)),
            is_count: true,
            formula_zh: "标记为专精特新、当年有数据的企业数",
            formula_en: "firms flagged 专精特新 with figures for the year",
            coverage: count(sum(y, &mine, &|g| g.firms as f64)),
            published: None,
        },
    ]
}

/// The indicators beside the published figures.
pub fn economy_table(view: &EconomyView) -> Table {
    let mut t = Table::new(
        Text::new("民营经济指标", "Private-economy indicators"),
        vec![
            Column::new("indicator", "指标", "Indicator", ColumnKind::Local),
            Column::new("value", "本库计算", "Computed", ColumnKind::Text),
            Column::new(
                "coverage",
                "依据企业（家）",
                "Firms reporting",
                ColumnKind::Count,
            ),
            Column::new("published", "公开数据", "Published", ColumnKind::Text),
            Column::new("formula", "计算方法", "Formula", ColumnKind::Local),
        ],
    );
    for i in &view.indicators {
        let value = match (i.value, i.is_count) {
            (Some(v), true) => format!("{v:.0}"),
            (Some(v), false) => liantu_table::percent(v),
            (None, _) => "—".into(),
        };
        t.push(vec![
            Cell::local(i.name_zh, i.name_en),
            Cell::text(value),
            Cell::Count(i.coverage),
            Cell::text(
                i.published
                    .as_ref()
                    .map_or("—".into(), |(v, year, _, unit)| {
                        format!("{v}{unit}（{year}）")
                    }),
            ),
            Cell::local(i.formula_zh, i.formula_en),
        ]);
    }
    for f in &view.published_only {
        t.push(vec![
            Cell::local(f.indicator_zh.clone(), f.indicator_en.clone()),
            Cell::text("—"),
            Cell::Empty,
            Cell::text(format!("{}{}（{}）", f.value, f.unit, f.year)),
            Cell::local(
                "本库尚无该字段，只列公开数据",
                "not in the data model yet: published figure only",
            ),
        ]);
    }
    t
}
