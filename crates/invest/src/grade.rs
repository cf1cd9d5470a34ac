//! 亩均论英雄: grading enterprises by land and resource productivity.
//!
//! Per firm and indicator, points = weight × min(value ÷ benchmark, cap), at least 0 (a missing
//! value earns 0 and says so); the score is the sum of the indicator points, each rounded to
//! 0.01. Graded firms are ranked by score (ties share the better rank); a firm at rank r of n
//! gets A when r ≤ a·n, B when r ≤ b·n, C when r ≤ c·n, D otherwise (defaults a = 20 %,
//! b = 60 %, c = 95 %). Not graded: firms younger than `min_age_years`, excluded industries
//! (utilities by default), firms without land, and — when set — firms below designated size.
//! An indicator without a benchmark in the profile uses the median over the graded firms
//! reporting it. A figure outside the data contract (`liantu_model::bounds`), as an older
//! database may hold, counts as not reported and is listed on the firm (`set_aside`); land
//! outside it leaves the firm not graded, saying why.

use crate::profile::{GradingRule, Indicator};
use crate::text::{num, round2};
use liantu_model::bounds::{AMOUNT, Bound, EMISSIONS_TCO2, EMPLOYEES, ENERGY_TCE, LAND_MU};
use serde::{Deserialize, Serialize};

/// One enterprise's figures for the graded year (万元, 亩, persons, tce, tCO2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GradeInput {
    pub industry_code: Option<String>,
    pub founded: Option<i32>,
    pub above_scale: bool,
    pub land_mu: Option<f64>,
    pub tax: Option<f64>,
    pub value_added: Option<f64>,
    pub revenue: Option<f64>,
    pub employees: Option<i64>,
    pub energy_tce: Option<f64>,
    pub emissions_tco2: Option<f64>,
    pub rd_expense: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

    pub fn key(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Grade::A => "A 类（优先支持）",
            Grade::B => "B 类（鼓励提升）",
            Grade::C => "C 类（帮扶转型）",
            Grade::D => "D 类（倒逼整治）",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Grade::A => "A (priority support)",
            Grade::B => "B (encouraged to improve)",
            Grade::C => "C (assisted transformation)",
            Grade::D => "D (compelled rectification)",
        }
    }
}

/// Why a firm is not graded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum NotGraded {
    /// Founded fewer than `min_age_years` before the graded year.
    TooYoung { founded: i32, min_age_years: i32 },
    /// Its industry is excluded (e.g. utilities).
    ExcludedIndustry { industry: String, prefix: String },
    /// No land area.
    NoLand,
    /// A stored land area outside the data contract (≤ 0, huge, not a number).
    LandOutOfRange { value: f64 },
    /// Below designated size while the rule grades above-scale firms only.
    NotAboveScale,
}

impl NotGraded {
    pub fn reason_zh(&self) -> String {
        match self {
            NotGraded::TooYoung {
                founded,
                min_age_years,
            } => format!("{founded} 年成立，不满 {min_age_years} 年，暂不评价"),
            NotGraded::ExcludedIndustry { industry, prefix } => {
                format!("行业 {industry} 属不参评行业（{prefix}，如公用事业）")
            }
            NotGraded::NoLand => "无用地面积数据，无法计算亩均指标".into(),
            NotGraded::LandOutOfRange { value } => format!(
                "用地面积 {value} 亩不在 {} 内，无法计算亩均指标",
                LAND_MU.describe_zh()
            ),
            NotGraded::NotAboveScale => "非规模以上企业，不在本次评价范围".into(),
        }
    }

    pub fn reason_en(&self) -> String {
        match self {
            NotGraded::TooYoung {
                founded,
                min_age_years,
            } => format!("founded {founded}, less than {min_age_years} years: not graded yet"),
            NotGraded::ExcludedIndustry { industry, prefix } => {
                format!("industry {industry} is not graded (prefix {prefix}, e.g. utilities)")
            }
            NotGraded::NoLand => "no land area: per-mu indicators cannot be computed".into(),
            NotGraded::LandOutOfRange { value } => format!(
                "land area {value} mu is outside {}: per-mu indicators cannot be computed",
                LAND_MU.describe_en()
            ),
            NotGraded::NotAboveScale => "below designated size: outside this grading".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorScore {
    pub indicator: Indicator,
    /// The firm's value; `None` when not reported (or its denominator is 0).
    pub value: Option<f64>,
    /// Benchmark used; `None` when no firm reports the indicator and the profile sets none.
    pub benchmark: Option<f64>,
    pub weight: f64,
    /// min(value ÷ benchmark, cap), ≥ 0.
    pub ratio: f64,
    /// round2(weight × ratio).
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseGrade {
    /// Index into the inputs.
    pub index: usize,
    pub grade: Option<Grade>,
    /// 1-based rank among graded firms (ties share the better rank).
    pub rank: Option<u32>,
    /// Σ indicator points; `None` when not graded.
    pub score: Option<f64>,
    pub indicators: Vec<IndicatorScore>,
    pub not_graded: Option<NotGraded>,
    /// Figures outside the data contract, counted as not reported.
    pub set_aside: Vec<SetAsideFigure>,
}

/// A stored figure outside the data contract, which grading counted as not reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetAsideFigure {
    /// The field: `tax`, `value_added`, `revenue`, `employees`, `energy_tce`, `emissions_tco2`,
    /// `rd_expense`.
    pub field: String,
    pub value: f64,
}

impl SetAsideFigure {
    pub fn note_zh(&self) -> String {
        format!("{} = {} 超出有效范围，按未报送计", self.field, self.value)
    }

    pub fn note_en(&self) -> String {
        format!(
            "{} = {} is outside the accepted range: counted as not reported",
            self.field, self.value
        )
    }
}

/// A firm's figures with those outside the data contract taken out, and what was taken out.
fn usable(e: &GradeInput) -> (GradeInput, Vec<SetAsideFigure>) {
    let mut set_aside = Vec::new();
    let mut keep = |field: &str, v: Option<f64>, bound: &Bound| match v {
        Some(x) if !bound.contains(x) => {
            set_aside.push(SetAsideFigure {
                field: field.to_string(),
                value: x,
            });
            None
        }
        other => other,
    };
    let clean = GradeInput {
        industry_code: e.industry_code.clone(),
        founded: e.founded,
        above_scale: e.above_scale,
        // Land is checked by `exclusion`, which says why a firm is not graded.
        land_mu: e.land_mu,
        tax: keep("tax", e.tax, &AMOUNT),
        value_added: keep("value_added", e.value_added, &AMOUNT),
        revenue: keep("revenue", e.revenue, &AMOUNT),
        employees: keep("employees", e.employees.map(|n| n as f64), &EMPLOYEES).map(|n| n as i64),
        energy_tce: keep("energy_tce", e.energy_tce, &ENERGY_TCE),
        emissions_tco2: keep("emissions_tco2", e.emissions_tco2, &EMISSIONS_TCO2),
        rd_expense: keep("rd_expense", e.rd_expense, &AMOUNT),
    };
    (clean, set_aside)
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenchmarkUsed {
    pub indicator: Indicator,
    pub benchmark: Option<f64>,
    /// True when it is the median of the graded firms (the profile set none).
    pub from_median: bool,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grading {
    pub year: i32,
    /// One per input, in input order.
    pub results: Vec<EnterpriseGrade>,
    pub benchmarks: Vec<BenchmarkUsed>,
    /// Firms per grade, A to D.
    pub counts: [u32; 4],
    pub graded: u32,
    pub not_graded: u32,
    /// Highest possible score (Σ weight × cap).
    pub max_score: f64,
}

fn value_of(e: &GradeInput, i: Indicator) -> Option<f64> {
    let div = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 && a.is_finite() && b.is_finite() => Some(a / b),
        _ => None,
    };
    let land = e.land_mu;
    match i {
        Indicator::TaxPerMu => div(e.tax, land),
        Indicator::ValueAddedPerMu => div(e.value_added, land),
        Indicator::LabourProductivity => div(e.value_added, e.employees.map(|v| v as f64)),
        Indicator::ValueAddedPerEnergy => div(e.value_added, e.energy_tce),
        Indicator::ValueAddedPerEmission => div(e.value_added, e.emissions_tco2),
        Indicator::RdIntensity => div(e.rd_expense, e.revenue),
    }
}

fn exclusion(e: &GradeInput, year: i32, rule: &GradingRule) -> Option<NotGraded> {
    if let Some(founded) = e.founded
        && year - founded < rule.min_age_years
    {
        return Some(NotGraded::TooYoung {
            founded,
            min_age_years: rule.min_age_years,
        });
    }
    if let Some(code) = &e.industry_code
        && let Some(prefix) = rule
            .excluded_industry_prefixes
            .iter()
            .find(|p| code.starts_with(p.as_str()))
    {
        return Some(NotGraded::ExcludedIndustry {
            industry: code.clone(),
            prefix: prefix.clone(),
        });
    }
    if rule.above_scale_only && !e.above_scale {
        return Some(NotGraded::NotAboveScale);
    }
    match e.land_mu {
        None => Some(NotGraded::NoLand),
        Some(value) if !LAND_MU.contains(value) => Some(NotGraded::LandOutOfRange { value }),
        Some(_) => None,
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let n = values.len();
    let mid = n / 2;
    let (_, m, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    let upper = *m;
    if n % 2 == 1 {
        return Some(upper);
    }
    let lower = values[..mid]
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    Some((lower + upper) / 2.0)
}

/// Grades `firms` for `year` with `rule`.
pub fn grade(firms: &[GradeInput], year: i32, rule: &GradingRule) -> Grading {
    let (firms, mut set_aside): (Vec<GradeInput>, Vec<Vec<SetAsideFigure>>) =
        firms.iter().map(usable).unzip();
    let firms = &firms[..];
    let exclusions: Vec<Option<NotGraded>> =
        firms.iter().map(|e| exclusion(e, year, rule)).collect();
    let benchmarks: Vec<BenchmarkUsed> = rule
        .indicators
        .iter()
        .map(|r| match r.benchmark {
            Some(b) => BenchmarkUsed {
                indicator: r.indicator,
                benchmark: Some(b),
                from_median: false,
                weight: r.weight,
            },
            None => {
                let values: Vec<f64> = firms
                    .iter()
                    .zip(&exclusions)
                    .filter(|(_, x)| x.is_none())
                    .filter_map(|(e, _)| value_of(e, r.indicator))
                    .collect();
                BenchmarkUsed {
                    indicator: r.indicator,
                    benchmark: median(values).filter(|m| *m > 0.0),
                    from_median: true,
                    weight: r.weight,
                }
            }
        })
        .collect();
    let mut results: Vec<EnterpriseGrade> = firms
        .iter()
        .zip(exclusions)
        .enumerate()
        .map(|(index, (e, excluded))| {
            let indicators: Vec<IndicatorScore> = benchmarks
                .iter()
                .map(|b| {
                    let value = value_of(e, b.indicator);
                    let ratio = match (value, b.benchmark) {
                        (Some(v), Some(bm)) => (v / bm).clamp(0.0, rule.cap),
                        _ => 0.0,
                    };
                    IndicatorScore {
                        indicator: b.indicator,
                        value,
                        benchmark: b.benchmark,
                        weight: b.weight,
                        ratio,
                        points: round2(b.weight * ratio),
                    }
                })
                .collect();
            let score = excluded
                .is_none()
                .then(|| round2(indicators.iter().map(|i| i.points).sum()));
            EnterpriseGrade {
                index,
                grade: None,
                rank: None,
                score,
                indicators,
                not_graded: excluded,
                set_aside: std::mem::take(&mut set_aside[index]),
            }
        })
        .collect();
    let mut order: Vec<(f64, usize)> = results
        .iter()
        .filter_map(|r| r.score.map(|s| (s, r.index)))
        .collect();
    order.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let n = order.len();
    let c = rule.cutoffs;
    let mut counts = [0u32; 4];
    let mut rank = 0usize;
    for (pos, &(s, idx)) in order.iter().enumerate() {
        if pos == 0 || s < order[pos - 1].0 {
            rank = pos + 1;
        }
        let share = rank as f64 / n as f64;
        let eps = 1e-12;
        let grade = if share <= c.a + eps {
            Grade::A
        } else if share <= c.b + eps {
            Grade::B
        } else if share <= c.c + eps {
            Grade::C
        } else {
            Grade::D
        };
        counts[grade as usize] += 1;
        results[idx].grade = Some(grade);
        results[idx].rank = Some(rank as u32);
    }
    Grading {
        year,
        results,
        benchmarks,
        counts,
        graded: n as u32,
        not_graded: (firms.len() - n) as u32,
        max_score: round2(rule.total_weight() * rule.cap),
    }
}

impl EnterpriseGrade {
    /// One line per indicator for tables: `亩均税收 25.3 万元/亩（基准 20）→ 37.95 分`.
    pub fn breakdown_zh(&self) -> Vec<String> {
        self.indicators
            .iter()
            .map(|i| {
                let v = i.value.map_or("未报送".to_string(), |v| {
                    format!("{} {}", num(v, 3), i.indicator.unit())
                });
                let b = i
                    .benchmark
                    .map_or("无基准".to_string(), |b| format!("基准 {}", num(b, 3)));
                format!("{} {v}（{b}）→ {:.2} 分", i.indicator.label_zh(), i.points)
            })
            .collect()
    }
}
