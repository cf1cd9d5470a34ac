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
//! - **专精特新企业**: O firms flagged 专精特新 with figures for Y;
//! - **战略性新兴产业增加值占比**: Σ value added of above-scale 战新 O firms ÷ of all above-scale O
//!   firms, Y;
//! - **数字化投入增速**: Σ digital investment of O firms in Y ÷ in Y−1 − 1;
//! - **进出口总额增速**: Σ (exports + imports) of O firms reporting either, Y ÷ Y−1 − 1;
//! - **高新技术产品出口占比**: Σ high-tech exports ÷ Σ exports of O firms reporting both, Y;
//! - **境外设厂企业** and **随行本地供应商**: O firms with production bases abroad (figures for Y),
//!   and the distinct local firms that supplied them in Y (supply links).
//!
//! Every indicator is also computed for each year with figures (its trend). With a chain, only
//! the chain's member firms count. Growth sums each year's reporters (not the same firms both
//! years; coverage is this year's). A published figure sits beside a computed one only when both
//! measure the same thing the same way; the others (a quarter's growth or share, a contribution
//! to growth, trade's high-tech share where the data hold exports' only) are listed on their own,
//! and only the region's own (never beside a chain's figures).
//!
//! Two rankings name the firms behind the figures: the O firms among each chain's 链主
//! candidates (the diagnosis's leader score), and the largest 专精特新 O firms by output.

use crate::diagnosis::{ChainRef, RegionRef};
use crate::{App, Result};
use liantu_model::{Ownership, RegionCode};
use liantu_store::{EconomyFirm, EconomyGroup, EconomyScope};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The value in every year with figures, oldest first (the trend).
    pub series: Vec<(i32, f64)>,
}

/// A firm of the rankings, with its figures of the view's year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EconomyFirmView {
    pub uscc: String,
    pub name: String,
    pub region: String,
    pub specialized: bool,
    pub high_tech: bool,
    pub strategic_emerging: bool,
    pub overseas_bases: Option<i64>,
    pub output: Option<f64>,
    /// R&D expense ÷ revenue, when both are reported.
    pub rd_intensity: Option<f64>,
    pub exports: Option<f64>,
}

/// A 链主 candidate of the view's ownership on one chain.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EconomyLeader {
    pub chain: ChainRef,
    pub uscc: String,
    pub name: String,
    /// The diagnosis's leader score (0–1) and the firm's rank among the chain's candidates.
    pub score: f64,
    pub rank: usize,
    pub output: f64,
    pub local_links: u32,
    pub specialized: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EconomyView {
    pub region: RegionRef,
    pub ownership: Ownership,
    /// Only this chain's member firms count, when given.
    pub chain: Option<ChainRef>,
    pub year: Option<i32>,
    pub indicators: Vec<EconomyIndicator>,
    /// The ownership's firms among each chain's 链主 candidates, best score first.
    pub leaders: Vec<EconomyLeader>,
    /// The ownership's largest 专精特新 firms by output (at most [`RANKED`]).
    pub specialized: Vec<EconomyFirmView>,
    /// The two rankings are left empty: the account may not see other firms' figures.
    pub rankings_hidden: bool,
    /// Published figures with no computed counterpart (the data lacks their fields).
    pub published_only: Vec<crate::Fact>,
    /// The database holds made-up figures (a source of kind illustrative).
    pub illustrative: bool,
}

/// Firms in the 专精特新 ranking.
pub const RANKED: i64 = 20;
/// 链主 candidates looked at per chain (the diagnosis's best by leader score).
const LEADERS_PER_CHAIN: usize = 5;

/// Indicator → the fact measuring the same thing the same way (the seed's private-economy
/// article: annual figures of 2024).
const PUBLISHED: [(&str, &str); 4] = [
    ("hightech_share", "private-hightech-share-2024"),
    ("rd_intensity", "private-rd-intensity-2024"),
    ("digital_growth", "private-digital-growth-2024"),
    ("trade_growth", "private-trade-growth-2024"),
];
/// Published figures listed on their own, measured another way: a quarter's growth or share, a
/// contribution to growth, and trade's high-tech share (the data hold high-tech exports only).
const NOT_COMPUTED: [&str; 4] = [
    "private-va-growth-2025q1",
    "private-va-contribution-2025q1",
    "private-sei-share-2025q1",
    "private-trade-hightech-share-2024",
];

impl App {
    /// The ownership's indicators in `region`, of one chain's firms when `chain` is given (see
    /// the module docs).
    pub async fn economy(
        &self,
        region: RegionCode,
        ownership: Ownership,
        year: Option<i32>,
        chain: Option<&str>,
    ) -> Result<EconomyView> {
        let region_ref = self.region_ref(&region).await?;
        let chain_ref = match chain {
            Some(id) => Some(self.chain(id).await.map(|c| chain_ref(&c))?),
            None => None,
        };
        let scope = EconomyScope {
            area: &region,
            chain,
        };
        let groups = self.economy_groups(scope).await?;
        // The leaders come from the diagnoses of the year asked for: the latest, unless given,
        // shared with the home page's (cached under the same key).
        let asked = year;
        let year = year.or_else(|| groups.iter().map(|g| g.year).max());
        // Published figures of this region only, and never beside one chain's.
        let facts: Vec<crate::Fact> = self
            .facts()
            .await?
            .into_iter()
            .filter(|f| f.scope == region.as_str() && chain.is_none())
            .collect();
        // Rankings name firms with their figures: for accounts that may see every firm's.
        let rankings_hidden = self.require_read(crate::ReadArea::FirmFigures).is_err();
        let mut indicators = Vec::new();
        let mut leaders = Vec::new();
        let mut specialized = Vec::new();
        if let Some(y) = year {
            let own = ownership.key();
            let overseas_suppliers = self.store.overseas_suppliers(scope, own, y).await?;
            indicators = compute(&groups, own, y, overseas_suppliers);
            let mut years: Vec<i32> = groups.iter().map(|g| g.year).collect();
            years.dedup();
            for year in years.into_iter().filter(|&t| t <= y) {
                let past = compute(&groups, own, year, 0);
                for (i, p) in indicators.iter_mut().zip(past) {
                    if let Some(v) = p.value.filter(|_| i.key != "overseas_suppliers") {
                        i.series.push((year, v));
                    }
                }
            }
            if !rankings_hidden {
                specialized = self
                    .store
                    .economy_firms(scope, own, y, true, RANKED)
                    .await?
                    .iter()
                    .map(firm_view)
                    .collect();
                leaders = self
                    .economy_leaders(&region, ownership, asked, chain)
                    .await?;
            }
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
            chain: chain_ref,
            year,
            indicators,
            leaders,
            specialized,
            rankings_hidden,
            published_only,
        })
    }

    /// The group sums of the firms in `scope` (see [`EconomyGroup`]): sums only, no firm
    /// named, so cached for every reader; the warm-up builds the home region's.
    pub(crate) async fn economy_groups(
        &self,
        scope: EconomyScope<'_>,
    ) -> Result<std::sync::Arc<Vec<EconomyGroup>>> {
        self.cached_view(
            &self.caches.economy_groups,
            (*scope.area, scope.chain.map(str::to_string)),
            async || Ok(self.store.economy_groups(scope).await?),
        )
        .await
    }

    /// The firms of `ownership` among the 链主 candidates of every chain (or of `chain`), from
    /// the cached diagnoses.
    async fn economy_leaders(
        &self,
        region: &RegionCode,
        ownership: Ownership,
        year: Option<i32>,
        chain: Option<&str>,
    ) -> Result<Vec<EconomyLeader>> {
        let ids: Vec<String> = match chain {
            Some(c) => vec![c.to_string()],
            None => self.chains().await?.into_iter().map(|c| c.id).collect(),
        };
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let reports = self.chain_diagnoses(&ids, *region, year).await?;
        let usccs: Vec<String> = reports
            .iter()
            .flat_map(|r| r.leaders.iter().take(LEADERS_PER_CHAIN))
            .map(|l| l.uscc.clone())
            .collect();
        let owners: std::collections::HashMap<String, (String, bool)> = self
            .store
            .firm_owners(&usccs)
            .await?
            .into_iter()
            .map(|(u, o, s)| (u, (o, s)))
            .collect();
        let mut leaders = Vec::new();
        for r in &reports {
            for (rank, l) in (1..).zip(r.leaders.iter().take(LEADERS_PER_CHAIN)) {
                let Some((own, specialized)) = owners.get(&l.uscc) else {
                    continue;
                };
                if own == ownership.key() {
                    leaders.push(EconomyLeader {
                        chain: r.chain.clone(),
                        uscc: l.uscc.clone(),
                        name: l.name.clone(),
                        score: l.score,
                        rank,
                        output: l.output,
                        local_links: l.links_as_buyer + l.links_as_supplier,
                        specialized: *specialized,
                    });
                }
            }
        }
        leaders.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.uscc.cmp(&b.uscc)));
        Ok(leaders)
    }
}

fn chain_ref(c: &liantu_chain::Chain) -> ChainRef {
    ChainRef {
        id: c.id.clone(),
        name_zh: c.name_zh.clone(),
        name_en: c.name_en.clone(),
        version: c.version,
    }
}

fn firm_view(f: &EconomyFirm) -> EconomyFirmView {
    EconomyFirmView {
        uscc: f.uscc.clone(),
        name: f.name.clone(),
        region: f.region.clone(),
        specialized: f.specialized,
        high_tech: f.high_tech,
        strategic_emerging: f.strategic_emerging,
        overseas_bases: f.overseas_bases,
        output: f.output,
        rd_intensity: f
            .rd_expense
            .zip(f.revenue)
            .and_then(|(rd, rev)| (rev > 0.0).then(|| rd / rev)),
        exports: f.exports,
    }
}

/// Sums over the area's groups of one year that `keep` keeps, of `value`.
fn group_sum(
    groups: &[EconomyGroup],
    year: i32,
    keep: &dyn Fn(&EconomyGroup) -> bool,
    value: &dyn Fn(&EconomyGroup) -> f64,
) -> f64 {
    groups
        .iter()
        .filter(|g| g.year == year && keep(g))
        .fold(0.0, |s, g| s + value(g))
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b)
}

fn compute(
    groups: &[EconomyGroup],
    ownership: &str,
    y: i32,
    overseas_suppliers: i64,
) -> Vec<EconomyIndicator> {
    let mut all = established(groups, ownership, y);
    all.extend(article_fields(groups, ownership, y, overseas_suppliers));
    all
}

/// The indicators of the fields liantu always had: growth and share of value added, high-tech
/// share, R&D intensity, export growth, 专精特新.
fn established(groups: &[EconomyGroup], ownership: &str, y: i32) -> Vec<EconomyIndicator> {
    let sum = |year: i32, f: &dyn Fn(&EconomyGroup) -> bool, v: &dyn Fn(&EconomyGroup) -> f64| {
        group_sum(groups, year, f, v)
    };
    let mine = |g: &EconomyGroup| g.ownership == ownership;
    let mine_above = |g: &EconomyGroup| g.ownership == ownership && g.above_scale;
    let above = |g: &EconomyGroup| g.above_scale;
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
            series: Vec::new(),
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
            series: Vec::new(),
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
            series: Vec::new(),
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
            series: Vec::new(),
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
            series: Vec::new(),
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
            series: Vec::new(),
        },
    ]
}

/// The indicators of the fields the private-economy article added (战新, digital investment,
/// imports, high-tech exports, bases abroad).
fn article_fields(
    groups: &[EconomyGroup],
    ownership: &str,
    y: i32,
    overseas_suppliers: i64,
) -> Vec<EconomyIndicator> {
    let sum = |year: i32, f: &dyn Fn(&EconomyGroup) -> bool, v: &dyn Fn(&EconomyGroup) -> f64| {
        group_sum(groups, year, f, v)
    };
    let mine = |g: &EconomyGroup| g.ownership == ownership;
    let mine_above = |g: &EconomyGroup| g.ownership == ownership && g.above_scale;
    let va = |g: &EconomyGroup| g.value_added;
    let va_n = |g: &EconomyGroup| g.va_firms as f64;
    let va_now = sum(y, &mine_above, &va);
    let count = |f: f64| f as i64;
    vec![
        EconomyIndicator {
            key: "sei_share",
            name_zh: "战略性新兴产业增加值占比",
            name_en: "Strategic emerging industries' share of value added",
            value: ratio(
                sum(y, &|g| mine_above(g) && g.strategic_emerging, &va),
                va_now,
            ),
            is_count: false,
            formula_zh: "战新规上企业增加值之和 ÷ 规上企业增加值之和",
            formula_en: "Σ value added of above-scale 战新 firms ÷ of all these above-scale firms",
            coverage: count(sum(y, &mine_above, &va_n)),
            published: None,
            series: Vec::new(),
        },
        EconomyIndicator {
            key: "digital_growth",
            name_zh: "数字化投入增速",
            name_en: "Growth of digital investment",
            value: ratio(
                sum(y, &mine, &|g| g.digital_investment),
                sum(y - 1, &mine, &|g| g.digital_investment),
            )
            .map(|r| r - 1.0),
            is_count: false,
            formula_zh: "本年数字化投入之和 ÷ 上年之和 − 1",
            formula_en: "Σ digital investment this year ÷ last year − 1",
            coverage: count(sum(y, &mine, &|g| g.digital_firms as f64)),
            published: None,
            series: Vec::new(),
        },
        EconomyIndicator {
            key: "trade_growth",
            name_zh: "进出口总额增速",
            name_en: "Growth of imports and exports",
            value: ratio(sum(y, &mine, &|g| g.trade), sum(y - 1, &mine, &|g| g.trade))
                .map(|r| r - 1.0),
            is_count: false,
            formula_zh: "本年（出口额 + 进口额）之和 ÷ 上年之和 − 1",
            formula_en: "Σ (exports + imports) this year ÷ last year − 1",
            coverage: count(sum(y, &mine, &|g| g.trade_firms as f64)),
            published: None,
            series: Vec::new(),
        },
        EconomyIndicator {
            key: "hightech_export_share",
            name_zh: "高新技术产品出口占比",
            name_en: "High-tech products' share of exports",
            value: ratio(
                sum(y, &mine, &|g| g.hightech_exports),
                sum(y, &mine, &|g| g.hightech_of_exports),
            ),
            is_count: false,
            formula_zh: "高新技术产品出口额之和 ÷ 出口额之和（两项都报送的企业）",
            formula_en: "Σ high-tech exports ÷ Σ exports (firms reporting both)",
            coverage: count(sum(y, &mine, &|g| g.hightech_firms as f64)),
            published: None,
            series: Vec::new(),
        },
        EconomyIndicator {
            key: "overseas_firms",
            name_zh: "境外设厂企业（家）",
            name_en: "Firms with production bases abroad",
            value: Some(sum(y, &mine, &|g| g.overseas_firms as f64)),
            is_count: true,
            formula_zh: "有境外生产基地、当年有数据的企业数",
            formula_en: "firms with production bases abroad and figures for the year",
            coverage: count(sum(y, &mine, &|g| g.firms as f64)),
            published: None,
            series: Vec::new(),
        },
        EconomyIndicator {
            key: "overseas_suppliers",
            name_zh: "随行本地供应商（家）",
            name_en: "Local suppliers of firms abroad",
            value: Some(overseas_suppliers as f64),
            is_count: true,
            formula_zh: "当年向境外设厂企业供货的本地企业数（按供应关系，去重）",
            formula_en: "distinct local firms supplying the firms with bases abroad this year (supply links)",
            coverage: count(sum(y, &mine, &|g| g.overseas_firms as f64)),
            published: None,
            series: Vec::new(),
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
                "口径不同（季度、贡献率或含进口的高新技术产品占比），只列公开数据",
                "measured another way (a quarter, a contribution, or trade's high-tech share): published figure only",
            ),
        ]);
    }
    t
}

/// The ownership's 链主 candidates, best leader score first.
pub fn economy_leaders_table(view: &EconomyView) -> Table {
    let mut t = Table::new(
        Text::new("链主候选企业", "Chain-leader candidates"),
        vec![
            Column::new("chain", "产业链", "Chain", ColumnKind::Local),
            Column::new("enterprise", "企业", "Enterprise", ColumnKind::Text),
            Column::new("rank", "链内排名", "Rank on chain", ColumnKind::Count),
            Column::new("score", "链主得分", "Leader score", ColumnKind::Number),
            Column::new(
                "output",
                "链上产值（万元）",
                "Output on chain (10k yuan)",
                ColumnKind::Money,
            ),
            Column::new(
                "links",
                "本地供需联系（条）",
                "Local links",
                ColumnKind::Count,
            ),
            Column::new("specialized", "专精特新", "Specialised", ColumnKind::Local),
        ],
    );
    for l in &view.leaders {
        t.push(vec![
            Cell::local(&l.chain.name_zh, &l.chain.name_en).link(format!("/chains/{}", l.chain.id)),
            Cell::text(&l.name).link(format!("/enterprises/{}", l.uscc)),
            Cell::Count(l.rank as i64),
            Cell::Number {
                value: l.score,
                decimals: 2,
            },
            Cell::Money(l.output),
            Cell::Count(i64::from(l.local_links)),
            yes_no(l.specialized),
        ]);
    }
    t
}

/// The ownership's largest 专精特新 firms by output.
pub fn economy_specialized_table(view: &EconomyView) -> Table {
    let mut t = Table::new(
        Text::new("专精特新企业（按产值）", "Specialised SMEs by output"),
        vec![
            Column::new("rank", "#", "#", ColumnKind::Count),
            Column::new("enterprise", "企业", "Enterprise", ColumnKind::Text),
            Column::new("region", "区划", "Division", ColumnKind::Text),
            Column::new(
                "output",
                "产值（万元）",
                "Output (10k yuan)",
                ColumnKind::Money,
            ),
            Column::new("rd", "研发投入强度", "R&D intensity", ColumnKind::Percent),
            Column::new(
                "exports",
                "出口额（万元）",
                "Exports (10k yuan)",
                ColumnKind::Money,
            ),
            Column::new("high_tech", "高新技术企业", "High-tech", ColumnKind::Local),
            Column::new("sei", "战新企业", "Strategic emerging", ColumnKind::Local),
            Column::new(
                "overseas",
                "境外生产基地（个）",
                "Bases abroad",
                ColumnKind::Count,
            ),
        ],
    );
    for (rank, f) in (1i64..).zip(&view.specialized) {
        t.push(vec![
            Cell::Count(rank),
            Cell::text(&f.name).link(format!("/enterprises/{}", f.uscc)),
            Cell::text(&f.region),
            f.output.map_or(Cell::Empty, Cell::Money),
            f.rd_intensity.map_or(Cell::Empty, Cell::Percent),
            f.exports.map_or(Cell::Empty, Cell::Money),
            yes_no(f.high_tech),
            yes_no(f.strategic_emerging),
            f.overseas_bases.map_or(Cell::Empty, Cell::Count),
        ]);
    }
    t
}

fn yes_no(b: bool) -> Cell {
    if b {
        Cell::local("是", "yes")
    } else {
        Cell::local("否", "no")
    }
}
