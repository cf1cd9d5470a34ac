//! The demand side of a chain's skills (技能需求): the people the chain's member firms in an
//! area employ and seek, by occupation, from the workforce rows imported for them.
//!
//! Per occupation (code of the 2022 classification), over the rows of the year:
//! - **在岗 employed**, **空缺 vacancies**: sums over the firms' rows;
//! - **空缺率 vacancy rate** = vacancies ÷ (employed + vacancies); none when both are 0;
//! - **月均工资 wage**: the mean of the rows' monthly wages weighted by their employed (rows
//!   without a wage or with nobody employed left out); none when no row has one;
//! - **工资溢价 wage premium** = the occupation's wage ÷ the chain's wage (the same mean over all
//!   rows) − 1: how much more (or less) the chain's firms pay for it than for their average job;
//! - **高技能人才占比 high-skill share** = employed at 高级工, 技师 or 高级技师 ÷ employed at any
//!   worker level (初级工 … 高级技师); professionals and rows without a level are outside both;
//! - **链上环节 nodes**: the chain's nodes whose file names the occupation or for which a person
//!   confirmed it;
//! - **待复核 to review**: rows whose occupation was classified from a title with low confidence;
//! - **在岗增长 growth** = employed ÷ employed the year before − 1, over the same chain's firms
//!   in the area; none when the year before has no rows for the occupation;
//! - **紧缺指数 shortage index** = (the occupation's vacancy rate ÷ the chain's) × (1 + the wage
//!   premium when positive): vacancies and pay are the two signals shortage studies lean on —
//!   above 1, firms find the occupation harder to fill than their average job, and more so when
//!   they already pay more for it. None without a vacancy rate.
//!
//! The totals apply the same formulas to all rows; the 数字/绿色 shares are the employed in
//! occupations the classification marks S / L ÷ all employed.
//!
//! Supply, from the programmes (院校专业) of institutions in the area and the skill
//! certifications (技能等级认定) in the area, both for the same year:
//! - **本地新增供给 supply** = Σ over programmes listing the occupation of graduates × 本地留用率
//!   ÷ the number of occupations the programme lists (a programme's graduates are spread evenly
//!   over its crosswalk; programmes without a retention rate are not counted) + the workers
//!   certified in the occupation (**技能认定 certified**, any level);
//! - **缺口 gap** = vacancies − supply (positive: more openings than local graduates who stay);
//! - **供需比 demand/supply** = vacancies ÷ supply; none when supply is 0.
//!
//! An occupation the chain's nodes name appears with its supply even when no firm reported it.
//!
//! **高技能人才占比 against the target.** The target is [`HIGH_SKILL_TARGET`] = 1/3, the national
//! goal for the end of the 14th five-year plan ([`HIGH_SKILL_TARGET_SOURCE`]). An occupation's
//! **缺高技能 shortfall** = ⌈target × leveled workers − high-skill workers⌉ when positive: the
//! workers who would have to reach 高级工 or above for the occupation to meet the target.
//!
//! **Suggestions** ([`Suggestion`]), each with the numbers behind it:
//! - **扩大招生 expand**: an occupation with a gap (vacancies > supply) that local programmes
//!   already train — expand those programmes or raise their retention; the [`SUGGESTIONS`]
//!   largest gaps;
//! - **新开专业 open**: an occupation with a gap that no local programme trains;
//! - **资助培训 fund training**: an occupation whose high-skill share is below the target, with
//!   at least [`MIN_LEVELED`] leveled workers; the [`SUGGESTIONS`] largest shortfalls.

use crate::diagnosis::{RegionRef, SourceRef};
use crate::{App, Result};
use liantu_model::RegionCode;
use liantu_model::occupation::OccupationCode;
use liantu_model::records::SourceKind;
use liantu_model::workforce::Staffing;
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The national target share of high-skill workers among skilled workers (1/3).
pub const HIGH_SKILL_TARGET: f64 = 1.0 / 3.0;
/// Where [`HIGH_SKILL_TARGET`] comes from.
pub const HIGH_SKILL_TARGET_SOURCE: &str = "《关于加强新时代高技能人才队伍建设的意见》（中共中央办公厅、国务院办公厅，2022）：到“十四五”时期末，高技能人才占技能人才的比例达到 1/3";
/// Suggestions of each kind at most.
pub const SUGGESTIONS: usize = 5;
/// Fewer leveled workers than this make a share too noisy to act on.
pub const MIN_LEVELED: i64 = 20;

/// What a suggestion proposes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuggestionKind {
    /// 扩大招生: local programmes train the occupation, not enough.
    Expand,
    /// 新开专业或培训项目: no local programme trains it.
    Open,
    /// 资助高技能培训: too few of its workers are 高级工 or above.
    FundTraining,
}

/// One suggestion, with the numbers behind it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    pub kind_zh: &'static str,
    pub kind_en: &'static str,
    pub code: OccupationCode,
    pub name: String,
    /// People per year (expand, open) or workers to upskill (fund training).
    pub people: i64,
    pub reason_zh: String,
    pub reason_en: String,
}

/// One occupation's demand among the chain's firms.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OccupationDemand {
    pub code: OccupationCode,
    /// Empty when the classification lacks the code.
    pub name: String,
    pub digital: bool,
    pub green: bool,
    /// The chain's nodes that name this occupation, by their Chinese and English names.
    pub nodes: Vec<String>,
    pub nodes_en: Vec<String>,
    pub firms: usize,
    pub employed: i64,
    pub vacancies: i64,
    pub vacancy_rate: Option<f64>,
    /// Employed the year before, and the growth since.
    pub employed_before: Option<i64>,
    pub growth: Option<f64>,
    pub shortage_index: Option<f64>,
    /// 元 per month.
    pub wage: Option<f64>,
    pub wage_premium: Option<f64>,
    pub high_skill_share: Option<f64>,
    pub to_review: usize,
    /// Local graduates who stay plus the workers certified, per year.
    pub supply: f64,
    /// Of which: workers certified in the area (技能等级认定).
    pub certified: i64,
    /// Workers with a skill level (初级工 … 高级技师).
    pub leveled_workers: i64,
    /// Workers who would have to reach 高级工 or above to meet [`HIGH_SKILL_TARGET`].
    pub high_skill_shortfall: Option<i64>,
    pub gap: f64,
    pub demand_supply_ratio: Option<f64>,
    /// The programmes counted, as 院校·专业.
    pub programmes: Vec<String>,
}

/// The figures over all rows.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DemandTotals {
    pub firms: usize,
    pub employed: i64,
    pub vacancies: i64,
    pub vacancy_rate: Option<f64>,
    /// Employed-weighted monthly wage over all rows, 元.
    pub wage: Option<f64>,
    pub high_skill_share: Option<f64>,
    pub digital_share: Option<f64>,
    pub green_share: Option<f64>,
    pub rows: usize,
    pub to_review: usize,
    /// Supply to the occupations listed, and the programmes of the year in the area.
    pub supply: f64,
    pub programmes: usize,
    /// Workers certified in the occupations listed.
    pub certified: i64,
    pub high_skill_target: f64,
    pub high_skill_target_source: &'static str,
    /// Over all leveled workers: ⌈target × leveled − high-skill⌉ when positive.
    pub high_skill_shortfall: Option<i64>,
}

/// A chain's skills demand in an area and year.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, serde::Serialize)]
pub struct SkillsDemand {
    pub chain_id: String,
    pub chain_name_zh: String,
    pub chain_name_en: String,
    pub region: RegionRef,
    /// `None`: no workforce rows for the chain's firms in the area.
    pub year: Option<i32>,
    /// Most vacancies first, then most employed, then by code.
    pub occupations: Vec<OccupationDemand>,
    pub totals: DemandTotals,
    /// Expand, open and fund-training suggestions, largest first within each kind.
    pub suggestions: Vec<Suggestion>,
    pub sources: Vec<SourceRef>,
    /// The latest as-of date of the rows.
    pub as_of: Option<String>,
    pub illustrative: bool,
}

/// Sums of one group of rows.
#[derive(Default)]
struct Sums {
    firms: HashSet<String>,
    employed: i64,
    vacancies: i64,
    wage_weighted: f64,
    wage_weight: f64,
    high_skill: i64,
    leveled_workers: i64,
    to_review: usize,
}

impl Sums {
    fn add(&mut self, row: &Staffing) {
        self.firms.insert(row.uscc.as_str().to_string());
        self.employed += row.employed;
        self.vacancies += row.vacancies;
        if let Some(wage) = row.wage
            && row.employed > 0
        {
            self.wage_weighted += wage * row.employed as f64;
            self.wage_weight += row.employed as f64;
        }
        if let Some(level) = row.skill
            && level != liantu_model::workforce::SkillLevel::Professional
        {
            self.leveled_workers += row.employed;
            if level.is_high_skill() {
                self.high_skill += row.employed;
            }
        }
        self.to_review += usize::from(row.review);
    }

    fn vacancy_rate(&self) -> Option<f64> {
        ratio(self.vacancies, self.employed + self.vacancies)
    }

    fn wage(&self) -> Option<f64> {
        (self.wage_weight > 0.0).then(|| self.wage_weighted / self.wage_weight)
    }

    fn high_skill_share(&self) -> Option<f64> {
        ratio(self.high_skill, self.leveled_workers)
    }

    fn high_skill_shortfall(&self) -> Option<i64> {
        let needed =
            (HIGH_SKILL_TARGET * self.leveled_workers as f64 - self.high_skill as f64).ceil();
        (self.leveled_workers > 0 && needed > 0.0).then_some(needed as i64)
    }
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl App {
    /// The skills demand of `chain_id`'s member firms in `region` for `year` (default: the
    /// latest year with rows).
    pub async fn skills_demand(
        &self,
        chain_id: &str,
        region: RegionCode,
        year: Option<i32>,
    ) -> Result<SkillsDemand> {
        Ok(self.skills_and_rows(chain_id, region, year).await?.0)
    }

    /// [`App::skills_demand`] and the workforce rows it summed (the 四链 view sums them again
    /// per node).
    pub(crate) async fn skills_and_rows(
        &self,
        chain_id: &str,
        region: RegionCode,
        year: Option<i32>,
    ) -> Result<(SkillsDemand, Vec<Staffing>)> {
        let chain = self.chain(chain_id).await?;
        let region_ref = self.region_ref(&region).await?;
        let year = match year {
            Some(y) => Some(y),
            None => self.store.latest_workforce_year(chain_id, &region).await?,
        };
        let rows = match year {
            Some(y) => self.store.chain_workforce(chain_id, &region, y).await?,
            None => Vec::new(),
        };
        let before = match year {
            Some(y) => {
                employed_by_occupation(self.store.chain_workforce(chain_id, &region, y - 1).await?)
            }
            None => HashMap::new(),
        };
        let classes: HashMap<OccupationCode, liantu_model::occupation::Occupation> = self
            .store
            .occupations()
            .await?
            .into_iter()
            .filter(|o| o.level == 4)
            .map(|o| (o.code.clone(), o))
            .collect();
        let node_codes = self.node_occupation_codes(&chain).await?;
        let mut nodes_of: HashMap<&OccupationCode, (Vec<String>, Vec<String>)> = HashMap::new();
        for node in &chain.nodes {
            for code in node_codes.get(&node.id).into_iter().flatten() {
                let names = nodes_of.entry(code).or_default();
                names.0.push(node.name_zh.clone());
                names.1.push(node.name_en.clone());
            }
        }
        let programmes = match year {
            Some(y) => self.store.area_programmes(&region, y).await?,
            None => Vec::new(),
        };
        let certifications = match year {
            Some(y) => self.store.area_certifications(&region, y).await?,
            None => Vec::new(),
        };
        let certified = certified_by_occupation(&certifications);
        let supply = graduate_supply(&programmes);
        let mut by_code: BTreeMap<&OccupationCode, Sums> = BTreeMap::new();
        // The chain's own occupations with supply, even without demand rows.
        for code in nodes_of.keys() {
            if supply.contains_key(code) || certified.contains_key(code) {
                by_code.entry(code).or_default();
            }
        }
        let mut all = Sums::default();
        let (mut digital, mut green) = (0i64, 0i64);
        for row in &rows {
            by_code.entry(&row.occupation).or_default().add(row);
            all.add(row);
            let class = classes.get(&row.occupation);
            digital += if class.is_some_and(|c| c.digital) {
                row.employed
            } else {
                0
            };
            green += if class.is_some_and(|c| c.green) {
                row.employed
            } else {
                0
            };
        }
        let context = Context {
            classes: &classes,
            supply: &supply,
            certified: &certified,
            before: &before,
            nodes_of: &nodes_of,
            all: &all,
        };
        let mut occupations: Vec<OccupationDemand> = by_code
            .into_iter()
            .map(|(code, sums)| context.demand(code, &sums))
            .collect();
        occupations.sort_by(|a, b| {
            b.vacancies
                .cmp(&a.vacancies)
                .then(b.employed.cmp(&a.employed))
                .then_with(|| a.code.cmp(&b.code))
        });
        let supply_total: f64 = occupations.iter().map(|o| o.supply).sum();
        let certified_total: i64 = occupations.iter().map(|o| o.certified).sum();
        let suggestions = suggestions(&occupations);
        let source_ids: BTreeSet<String> = rows
            .iter()
            .map(|r| r.source.clone())
            .chain(programmes.iter().map(|p| p.source.clone()))
            .chain(certifications.iter().map(|c| c.source.clone()))
            .collect();
        let sources = self.source_refs(&source_ids).await?;
        let view = SkillsDemand {
            chain_id: chain.id.clone(),
            chain_name_zh: chain.name_zh.clone(),
            chain_name_en: chain.name_en.clone(),
            region: region_ref,
            year,
            totals: DemandTotals {
                firms: all.firms.len(),
                employed: all.employed,
                vacancies: all.vacancies,
                vacancy_rate: all.vacancy_rate(),
                wage: all.wage(),
                high_skill_share: all.high_skill_share(),
                digital_share: ratio(digital, all.employed),
                green_share: ratio(green, all.employed),
                rows: rows.len(),
                to_review: all.to_review,
                supply: supply_total,
                programmes: programmes.len(),
                certified: certified_total,
                high_skill_target: HIGH_SKILL_TARGET,
                high_skill_target_source: HIGH_SKILL_TARGET_SOURCE,
                high_skill_shortfall: all.high_skill_shortfall(),
            },
            suggestions,
            occupations,
            illustrative: sources.iter().any(|s| s.kind == SourceKind::Illustrative),
            sources,
            as_of: rows
                .iter()
                .map(|r| r.as_of.clone())
                .chain(programmes.iter().map(|p| p.as_of.clone()))
                .chain(certifications.iter().map(|c| c.as_of.clone()))
                .max(),
        };
        Ok((view, rows))
    }
}

/// What each occupation's figures are read from.
struct Context<'a> {
    classes: &'a HashMap<OccupationCode, liantu_model::occupation::Occupation>,
    supply: &'a HashMap<&'a OccupationCode, (f64, Vec<String>)>,
    certified: &'a HashMap<&'a OccupationCode, i64>,
    before: &'a HashMap<OccupationCode, i64>,
    nodes_of: &'a HashMap<&'a OccupationCode, (Vec<String>, Vec<String>)>,
    /// The sums over all rows.
    all: &'a Sums,
}

impl Context<'_> {
    /// One occupation's figures (the module docs define each).
    fn demand(&self, code: &OccupationCode, sums: &Sums) -> OccupationDemand {
        let class = self.classes.get(code);
        let (graduates, feeding) = self.supply.get(code).cloned().unwrap_or_default();
        let certified = self.certified.get(code).copied().unwrap_or(0);
        let supplied = graduates + certified as f64;
        let employed_before = self.before.get(code).copied();
        let wage_premium = sums
            .wage()
            .zip(self.all.wage())
            .map(|(own, chain)| own / chain - 1.0);
        OccupationDemand {
            employed_before,
            growth: employed_before
                .filter(|b| *b > 0)
                .map(|b| sums.employed as f64 / b as f64 - 1.0),
            shortage_index: sums
                .vacancy_rate()
                .zip(self.all.vacancy_rate().filter(|r| *r > 0.0))
                .map(|(own, chain)| own / chain * (1.0 + wage_premium.unwrap_or(0.0).max(0.0))),
            supply: supplied,
            certified,
            high_skill_shortfall: sums.high_skill_shortfall(),
            leveled_workers: sums.leveled_workers,
            gap: sums.vacancies as f64 - supplied,
            demand_supply_ratio: (supplied > 0.0).then(|| sums.vacancies as f64 / supplied),
            programmes: feeding,
            code: code.clone(),
            name: class.map(|c| c.name.clone()).unwrap_or_default(),
            digital: class.is_some_and(|c| c.digital),
            green: class.is_some_and(|c| c.green),
            nodes: self
                .nodes_of
                .get(code)
                .map(|n| n.0.clone())
                .unwrap_or_default(),
            nodes_en: self
                .nodes_of
                .get(code)
                .map(|n| n.1.clone())
                .unwrap_or_default(),
            firms: sums.firms.len(),
            employed: sums.employed,
            vacancies: sums.vacancies,
            vacancy_rate: sums.vacancy_rate(),
            wage: sums.wage(),
            wage_premium,
            high_skill_share: sums.high_skill_share(),
            to_review: sums.to_review,
        }
    }
}

/// People employed per occupation.
fn employed_by_occupation(rows: Vec<Staffing>) -> HashMap<OccupationCode, i64> {
    let mut employed: HashMap<OccupationCode, i64> = HashMap::new();
    for r in rows {
        *employed.entry(r.occupation).or_default() += r.employed;
    }
    employed
}

/// Workers certified per occupation.
fn certified_by_occupation(
    certifications: &[liantu_model::workforce::Certification],
) -> HashMap<&OccupationCode, i64> {
    let mut certified: HashMap<&OccupationCode, i64> = HashMap::new();
    for c in certifications {
        *certified.entry(&c.occupation).or_default() += c.certified;
    }
    certified
}

/// Graduates who stay per occupation (each programme's spread evenly over its crosswalk), and
/// the programmes behind each figure as 院校·专业.
fn graduate_supply(
    programmes: &[liantu_model::workforce::Programme],
) -> HashMap<&OccupationCode, (f64, Vec<String>)> {
    let mut supply: HashMap<&OccupationCode, (f64, Vec<String>)> = HashMap::new();
    for p in programmes {
        let Some(retention) = p.retention else {
            continue;
        };
        let share = p.graduates as f64 * retention / p.occupations.len().max(1) as f64;
        for code in &p.occupations {
            let entry = supply.entry(code).or_default();
            entry.0 += share;
            entry.1.push(format!("{}·{}", p.institution, p.name));
        }
    }
    supply
}

/// The suggestions of the module docs, from the occupations' figures.
fn suggestions(occupations: &[OccupationDemand]) -> Vec<Suggestion> {
    let mut short: Vec<&OccupationDemand> = occupations.iter().filter(|o| o.gap >= 1.0).collect();
    short.sort_by(|a, b| b.gap.total_cmp(&a.gap).then_with(|| a.code.cmp(&b.code)));
    let mut out = Vec::new();
    for (kind, trained) in [
        (SuggestionKind::Expand, true),
        (SuggestionKind::Open, false),
    ] {
        for o in short
            .iter()
            .filter(|o| o.programmes.is_empty() != trained)
            .take(SUGGESTIONS)
        {
            let gap = o.gap.round() as i64;
            let (reason_zh, reason_en) = if trained {
                (
                    format!(
                        "空缺 {} 人，本地新增供给 {:.0} 人（其中技能认定 {} 人），缺口 {gap} 人/年；现有培养专业：{}",
                        o.vacancies,
                        o.supply,
                        o.certified,
                        o.programmes.join("、")
                    ),
                    format!(
                        "{} vacancies, local supply {:.0} ({} certified): {gap} short a year; trained by {}",
                        o.vacancies,
                        o.supply,
                        o.certified,
                        o.programmes.join(", ")
                    ),
                )
            } else {
                (
                    format!(
                        "空缺 {} 人，本地没有培养该职业的院校专业（技能认定 {} 人），缺口 {gap} 人/年",
                        o.vacancies, o.certified
                    ),
                    format!(
                        "{} vacancies and no local programme trains it ({} certified): {gap} short a year",
                        o.vacancies, o.certified
                    ),
                )
            };
            out.push(suggestion(kind, o, gap, reason_zh, reason_en));
        }
    }
    let mut low: Vec<&OccupationDemand> = occupations
        .iter()
        .filter(|o| o.leveled_workers >= MIN_LEVELED && o.high_skill_shortfall.is_some())
        .collect();
    low.sort_by(|a, b| {
        b.high_skill_shortfall
            .cmp(&a.high_skill_shortfall)
            .then_with(|| a.code.cmp(&b.code))
    });
    for o in low.into_iter().take(SUGGESTIONS) {
        let people = o.high_skill_shortfall.unwrap_or(0);
        let share = o
            .high_skill_share
            .map_or_else(|| "—".into(), crate::table::percent);
        out.push(suggestion(
            SuggestionKind::FundTraining,
            o,
            people,
            format!(
                "高技能人才占比 {share}（{} 名标明等级的工人），低于 1/3 的目标：需 {people} 人晋升高级工及以上",
                o.leveled_workers
            ),
            format!(
                "high-skill share {share} of {} leveled workers, below the 1/3 target: {people} need to reach senior worker or above",
                o.leveled_workers
            ),
        ));
    }
    out
}

fn suggestion(
    kind: SuggestionKind,
    o: &OccupationDemand,
    people: i64,
    reason_zh: String,
    reason_en: String,
) -> Suggestion {
    let (kind_zh, kind_en) = match kind {
        SuggestionKind::Expand => ("扩大招生", "Expand programmes"),
        SuggestionKind::Open => ("新开专业或培训", "Open a programme"),
        SuggestionKind::FundTraining => ("资助高技能培训", "Fund high-skill training"),
    };
    Suggestion {
        kind,
        kind_zh,
        kind_en,
        code: o.code.clone(),
        name: o.name.clone(),
        people,
        reason_zh,
        reason_en,
    }
}

/// One row per suggestion.
pub fn suggestions_table(view: &SkillsDemand) -> Table {
    let mut table = Table::new(
        Text::new("建议", "Suggestions"),
        vec![
            Column::new("kind", "建议", "Suggestion", ColumnKind::Local),
            Column::new("code", "职业编码", "Code", ColumnKind::Text),
            Column::new("name", "职业名称", "Occupation", ColumnKind::Text),
            Column::new("people", "人数", "People", ColumnKind::Count),
            Column::new("reason", "依据", "Why", ColumnKind::Local),
        ],
    );
    for s in &view.suggestions {
        table.push(vec![
            Cell::local(s.kind_zh, s.kind_en),
            Cell::text(s.code.as_str()),
            Cell::text(&s.name),
            Cell::Count(s.people),
            Cell::local(&s.reason_zh, &s.reason_en),
        ]);
    }
    table
}

/// One county's totals of a chain's skills demand.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CountyDemand {
    pub region: RegionCode,
    pub name_zh: String,
    pub name_en: String,
    pub totals: DemandTotals,
    /// Vacancies − supply over the occupations listed.
    pub gap: f64,
}

impl App {
    /// The chain's skills totals in each county of `region` (its child divisions) for the
    /// year of the region's own view, counties without rows or programmes left out.
    pub async fn skills_by_county(
        &self,
        chain_id: &str,
        region: RegionCode,
        year: Option<i32>,
    ) -> Result<Vec<CountyDemand>> {
        let year = match year {
            Some(y) => Some(y),
            None => self.store.latest_workforce_year(chain_id, &region).await?,
        };
        let counties: Vec<_> = self
            .store
            .regions()
            .await?
            .into_iter()
            .filter(|r| r.parent == Some(region))
            .collect();
        let mut out = Vec::new();
        for county in counties {
            let view = self.skills_demand(chain_id, county.code, year).await?;
            if view.totals.rows == 0 && view.totals.supply == 0.0 {
                continue;
            }
            out.push(CountyDemand {
                region: county.code,
                name_zh: county.name_zh,
                name_en: county.name_en,
                gap: view.occupations.iter().map(|o| o.gap).sum(),
                totals: view.totals,
            });
        }
        Ok(out)
    }
}

/// One row per county.
pub fn county_table(counties: &[CountyDemand]) -> Table {
    let mut table = Table::new(
        Text::new("按县区", "By county"),
        vec![
            Column::new("county", "县区", "County", ColumnKind::Local),
            Column::new("firms", "企业数", "Firms", ColumnKind::Count),
            Column::new("employed", "在岗人数", "Employed", ColumnKind::Count),
            Column::new("vacancies", "空缺人数", "Vacancies", ColumnKind::Count),
            Column::new(
                "vacancy_rate",
                "空缺率",
                "Vacancy rate",
                ColumnKind::Percent,
            ),
            Column::new(
                "high_skill",
                "高技能人才占比",
                "High-skill share",
                ColumnKind::Percent,
            ),
            Column::new("supply", "本地新增供给", "Local supply", ColumnKind::Number),
            Column::new("gap", "缺口", "Gap", ColumnKind::Number),
        ],
    );
    for c in counties {
        let t = &c.totals;
        table.push(vec![
            Cell::local(&c.name_zh, &c.name_en),
            Cell::Count(t.firms as i64),
            Cell::Count(t.employed),
            Cell::Count(t.vacancies),
            Cell::optional(t.vacancy_rate, Cell::Percent),
            Cell::optional(t.high_skill_share, Cell::Percent),
            Cell::Number {
                value: t.supply,
                decimals: 0,
            },
            Cell::Number {
                value: c.gap,
                decimals: 0,
            },
        ]);
    }
    table
}

impl SkillsDemand {
    /// The sources' titles and the latest as-of date as one line.
    pub fn source_line(&self, lang: liantu_model::Lang) -> String {
        crate::diagnosis::source_line(&self.sources, self.as_of.as_deref(), lang)
    }
}

/// One row per occupation.
pub fn skills_demand_table(view: &SkillsDemand) -> Table {
    let mut table = Table::new(
        Text::new("岗位需求（按职业）", "Demand by occupation"),
        vec![
            Column::new("code", "职业编码", "Code", ColumnKind::Text),
            Column::new("name", "职业名称", "Occupation", ColumnKind::Text),
            Column::new("marks", "数字/绿色", "Digital/green", ColumnKind::Local),
            Column::new("nodes", "链上环节", "Nodes", ColumnKind::Local),
            Column::new("firms", "企业数", "Firms", ColumnKind::Count),
            Column::new("employed", "在岗人数", "Employed", ColumnKind::Count),
            Column::new("vacancies", "空缺人数", "Vacancies", ColumnKind::Count),
            Column::new(
                "vacancy_rate",
                "空缺率",
                "Vacancy rate",
                ColumnKind::Percent,
            ),
            Column::new("growth", "在岗增长", "Growth", ColumnKind::Percent),
            Column::new("shortage", "紧缺指数", "Shortage index", ColumnKind::Number),
            Column::new(
                "wage",
                "月均工资（元）",
                "Wage (yuan/month)",
                ColumnKind::Count,
            ),
            Column::new(
                "wage_premium",
                "工资溢价",
                "Wage premium",
                ColumnKind::Percent,
            ),
            Column::new(
                "high_skill",
                "高技能人才占比",
                "High-skill share",
                ColumnKind::Percent,
            ),
            Column::new(
                "high_skill_shortfall",
                "距 1/3 目标缺高技能",
                "High-skill shortfall",
                ColumnKind::Count,
            ),
            Column::new("supply", "本地新增供给", "Local supply", ColumnKind::Number),
            Column::new(
                "certified",
                "其中技能认定",
                "Of which certified",
                ColumnKind::Count,
            ),
            Column::new("gap", "缺口", "Gap", ColumnKind::Number),
            Column::new("ratio", "供需比", "Demand/supply", ColumnKind::Number),
            Column::new("review", "待复核行", "Rows to review", ColumnKind::Count),
        ],
    );
    for o in &view.occupations {
        let marks = crate::occupations::marks_cell(o.digital, o.green);
        table.push(vec![
            Cell::text(o.code.as_str()),
            Cell::text(&o.name),
            marks,
            Cell::local(o.nodes.join("、"), o.nodes_en.join(", ")),
            Cell::Count(o.firms as i64),
            Cell::Count(o.employed),
            Cell::Count(o.vacancies),
            Cell::optional(o.vacancy_rate, Cell::Percent),
            Cell::optional(o.growth, Cell::Percent),
            Cell::optional(o.shortage_index, |v| Cell::Number {
                value: v,
                decimals: 2,
            }),
            Cell::optional(o.wage, |w| Cell::Count(w.round() as i64)),
            Cell::optional(o.wage_premium, Cell::Percent),
            Cell::optional(o.high_skill_share, Cell::Percent),
            Cell::optional(o.high_skill_shortfall, Cell::Count),
            Cell::Number {
                value: o.supply,
                decimals: 0,
            },
            Cell::Count(o.certified),
            Cell::Number {
                value: o.gap,
                decimals: 0,
            },
            Cell::optional(o.demand_supply_ratio, |r| Cell::Number {
                value: r,
                decimals: 2,
            }),
            Cell::Count(o.to_review as i64),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortfall_is_the_workers_to_upskill_to_a_third() {
        let sums = Sums {
            leveled_workers: 100,
            high_skill: 20,
            ..Sums::default()
        };
        // ⌈100 / 3 − 20⌉ = ⌈13.3⌉.
        assert_eq!(sums.high_skill_shortfall(), Some(14));
        let met = Sums {
            leveled_workers: 90,
            high_skill: 30,
            ..Sums::default()
        };
        assert_eq!(met.high_skill_shortfall(), None);
        assert_eq!(Sums::default().high_skill_shortfall(), None);
    }
}
