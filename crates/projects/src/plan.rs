//! Annual plans (年度计划) per chain or county: targets for indicators liantu computes from its
//! own data, each judged against the data with 红黄绿.
//!
//! # The figures
//!
//! - **Cumulative indicators** (projects signed / started / in production in the year,
//!   investment completed in the year) are counted month by month. Their **序时 (planned path)**
//!   at the end of month `m` is `target × f(m)`, where `f` is linear (`m / 12`) or follows the
//!   plan's `path`: 4 quarterly or 12 monthly cumulative shares of the year's target (months
//!   inside a quarter interpolated linearly).
//! - **Level indicators** (chain output, completeness, 本地配套率, 规上 firms on the chain, a
//!   share of chosen nodes' output in the chain's) are read from the diagnosis of the plan's
//!   year — or, before that year's enterprise figures exist, of the latest year before it,
//!   named beside the figure — and compared with the target itself.
//! - **Level (红黄绿)**: `behind % = (expected − actual) ÷ expected × 100`, where expected is
//!   the 序时 figure or the target; yellow above the project rules' `behind_yellow_pct`, red above
//!   `behind_red_pct`, green otherwise (also when expected is 0).

use crate::{ConfigError, Level, WarningRules};
use serde::{Deserialize, Serialize};

/// What a target measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PlanIndicator))]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    ChainOutput,
    Completeness,
    LocalSupply,
    AboveScaleFirms,
    OutputShare,
    ProjectsSigned,
    ProjectsStarted,
    ProjectsOperating,
    InvestmentCompleted,
}

impl Indicator {
    pub fn label_zh(self) -> &'static str {
        match self {
            Indicator::ChainOutput => "产业链产值",
            Indicator::Completeness => "产业链完整度",
            Indicator::LocalSupply => "本地配套率",
            Indicator::AboveScaleFirms => "链上规上企业数",
            Indicator::OutputShare => "所选环节产值占比",
            Indicator::ProjectsSigned => "签约项目数",
            Indicator::ProjectsStarted => "开工项目数",
            Indicator::ProjectsOperating => "投产项目数",
            Indicator::InvestmentCompleted => "完成投资",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Indicator::ChainOutput => "chain output",
            Indicator::Completeness => "chain completeness",
            Indicator::LocalSupply => "local supply rate",
            Indicator::AboveScaleFirms => "above-scale firms on the chain",
            Indicator::OutputShare => "share of chosen nodes' output",
            Indicator::ProjectsSigned => "projects signed",
            Indicator::ProjectsStarted => "projects started",
            Indicator::ProjectsOperating => "projects in production",
            Indicator::InvestmentCompleted => "investment completed",
        }
    }

    /// Counted through the year (with a 序时 path), not read as a level.
    pub fn cumulative(self) -> bool {
        self.stage().is_some() || self == Indicator::InvestmentCompleted
    }

    /// A ratio (0–1), shown as a percentage.
    pub fn ratio(self) -> bool {
        matches!(
            self,
            Indicator::Completeness | Indicator::LocalSupply | Indicator::OutputShare
        )
    }

    /// In 万元.
    pub fn money(self) -> bool {
        matches!(
            self,
            Indicator::ChainOutput | Indicator::InvestmentCompleted
        )
    }

    /// Needs a chain.
    pub fn on_chain(self) -> bool {
        matches!(
            self,
            Indicator::ChainOutput
                | Indicator::Completeness
                | Indicator::LocalSupply
                | Indicator::AboveScaleFirms
                | Indicator::OutputShare
        )
    }

    /// The stage whose actual date in the year counts a project.
    pub fn stage(self) -> Option<&'static str> {
        match self {
            Indicator::ProjectsSigned => Some("signed"),
            Indicator::ProjectsStarted => Some("started"),
            Indicator::ProjectsOperating => Some("operating"),
            _ => None,
        }
    }

    /// 万元, 个 or none (ratios).
    pub fn unit_zh(self) -> &'static str {
        match self {
            _ if self.money() => "万元",
            Indicator::AboveScaleFirms => "家",
            Indicator::ProjectsSigned
            | Indicator::ProjectsStarted
            | Indicator::ProjectsOperating => "个",
            _ => "",
        }
    }

    pub fn unit_en(self) -> &'static str {
        match self {
            _ if self.money() => "10k yuan",
            Indicator::AboveScaleFirms => "firms",
            Indicator::ProjectsSigned
            | Indicator::ProjectsStarted
            | Indicator::ProjectsOperating => "projects",
            _ => "",
        }
    }
}

/// One target of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub indicator: Indicator,
    /// The chain it is on; the plan's when not given.
    #[serde(default)]
    pub chain: Option<String>,
    /// For `output_share`: the chosen nodes of the chain.
    #[serde(default)]
    pub nodes: Vec<String>,
    /// The year's target: 万元, a count, or a ratio 0–1.
    pub target: f64,
    /// Cumulative shares of the target by quarter (4) or month (12); linear when absent.
    #[serde(default)]
    pub path: Option<Vec<f64>>,
    /// The target's own name (高端绿色家居产值占比 …), else the indicator's.
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub name_en: Option<String>,
}

/// An annual plan for a chain or a county.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Stable id: letters, digits, `-` and `_`.
    pub id: String,
    pub title_zh: String,
    #[serde(default)]
    pub title_en: String,
    pub year: i32,
    /// GB/T 2260 code of the city or county it is for.
    pub region: String,
    /// The chain it is about (a chain plan); targets may name their own.
    #[serde(default)]
    pub chain: Option<String>,
    /// Source id (`illustrative` for the demo).
    #[serde(default = "user_source")]
    pub source: String,
    #[serde(rename = "target")]
    pub targets: Vec<Target>,
    /// The planned county layout (产业布局) of the plan's chain: which nodes each county should
    /// lead in. The county map sets each county's actual leading node beside it.
    #[serde(default, rename = "layout")]
    pub layout: Vec<CountyLayout>,
}

/// One county's part in a planned layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CountyLayout {
    /// GB/T 2260 code of a county inside the plan's region.
    pub region: String,
    /// The chain's nodes the county should lead in.
    pub nodes: Vec<String>,
    /// The plan's own words for the county's role (杉木加工 …).
    #[serde(default)]
    pub role_zh: String,
    #[serde(default)]
    pub role_en: String,
}

fn user_source() -> String {
    "user".into()
}

impl Target {
    /// The chain the target is on.
    pub fn chain_of<'a>(&'a self, plan: &'a Plan) -> Option<&'a str> {
        self.chain.as_deref().or(plan.chain.as_deref())
    }
}

impl Plan {
    /// Parses and checks a plan file: every problem, the TOML's own with line and column.
    pub fn parse(text: &str) -> Result<Plan, ConfigError> {
        let plan: Plan = toml::from_str(text).map_err(|e| crate::config::toml_error(text, &e))?;
        let messages = plan.problems();
        if messages.is_empty() {
            Ok(plan)
        } else {
            Err(ConfigError { messages })
        }
    }

    /// What is wrong with the plan on its own (the chains, nodes and region it names are
    /// checked against the data by the caller).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !crate::is_project_id(&self.id) {
            out.push(format!(
                "计划编号只能含字母、数字、- 和 _：'{0}' / a plan id may hold letters, digits, - and _ only: '{0}'",
                self.id
            ));
        }
        if self.title_zh.trim().is_empty() {
            out.push("title_zh 不能为空 / title_zh is empty".into());
        }
        if !(2000..=2100).contains(&self.year) {
            out.push(format!(
                "year 须在 2000–2100 之间：{0} / year must be 2000–2100: {0}",
                self.year
            ));
        }
        if self.region.len() != 6 || !self.region.bytes().all(|b| b.is_ascii_digit()) {
            out.push(format!(
                "region 须为 6 位行政区划代码：'{0}' / region must be a 6-digit division code: '{0}'",
                self.region
            ));
        }
        if self.targets.is_empty() {
            out.push("计划没有指标（[[target]]）/ the plan has no [[target]]".into());
        }
        for (i, t) in self.targets.iter().enumerate() {
            let at =
                |zh: &str, en: &str| format!("第 {} 个指标：{zh} / target {}: {en}", i + 1, i + 1);
            if !(t.target.is_finite() && t.target >= 0.0) {
                out.push(at(
                    "target 须为非负数",
                    "target must be a non-negative number",
                ));
            }
            if t.indicator.ratio() && t.target > 1.0 {
                out.push(at(
                    &format!("比例指标以小数表示（25% 写作 0.25），实际 {}", t.target),
                    &format!(
                        "a ratio is written as a fraction (25% as 0.25), got {}",
                        t.target
                    ),
                ));
            }
            if t.indicator.on_chain() && t.chain_of(self).is_none() {
                out.push(at(
                    "该指标须指明产业链（chain）",
                    "this indicator needs a chain",
                ));
            }
            if (t.indicator == Indicator::OutputShare) == t.nodes.is_empty() {
                out.push(at(
                    "nodes 只用于且必须用于 output_share",
                    "nodes are for output_share, which needs them",
                ));
            }
            if let Some(path) = &t.path
                && let Some(problem) = path_problem(path)
            {
                out.push(at(problem.0, problem.1));
            }
        }
        if !self.layout.is_empty() && self.chain.is_none() {
            out.push("布局（[[layout]]）须用于某一产业链的计划（chain）/ a [[layout]] needs the plan's chain".into());
        }
        let mut counties = std::collections::HashSet::new();
        for (i, l) in self.layout.iter().enumerate() {
            let at =
                |zh: &str, en: &str| format!("第 {} 个布局：{zh} / layout {}: {en}", i + 1, i + 1);
            let inside = match (
                liantu_model::RegionCode::parse(&self.region),
                liantu_model::RegionCode::parse(&l.region),
            ) {
                (Ok(plan), Ok(county)) => {
                    county.level() == liantu_model::RegionLevel::County
                        && county != plan
                        && plan.contains(&county)
                }
                _ => false,
            };
            if !inside {
                out.push(at(
                    &format!("region 须为计划所在区域内的县区代码：'{}'", l.region),
                    &format!(
                        "region must be a county inside the plan's region: '{}'",
                        l.region
                    ),
                ));
            }
            if !counties.insert(&l.region) {
                out.push(at("县区重复", "the county is listed twice"));
            }
            if l.nodes.is_empty() {
                out.push(at("nodes 不能为空", "nodes is empty"));
            }
        }
        out
    }
}

fn path_problem(path: &[f64]) -> Option<(&'static str, &'static str)> {
    if !matches!(path.len(), 4 | 12) {
        return Some((
            "path 须为 4 个季度或 12 个月的累计比例",
            "path holds 4 quarterly or 12 monthly cumulative shares",
        ));
    }
    let in_range = path
        .iter()
        .all(|x| x.is_finite() && (0.0..=1.0).contains(x));
    let rising = path.windows(2).all(|w| w[0] <= w[1]);
    if !in_range || !rising || path.last() != Some(&1.0) {
        return Some((
            "path 须在 0–1 之间、逐期不减、以 1 结束",
            "path must stay within 0–1, never fall and end at 1",
        ));
    }
    None
}

/// The share of a year's target due by the end of month `m` (0 = before January, 12 = year
/// end) along `path` (see the module docs).
pub fn path_fraction(path: Option<&[f64]>, m: u8) -> f64 {
    let m = f64::from(m.min(12));
    match path {
        Some(p) if p.len() == 12 => {
            if m == 0.0 {
                0.0
            } else {
                p[m as usize - 1]
            }
        }
        Some(p) if p.len() == 4 => {
            let q = (m / 3.0).floor() as usize;
            let before = if q == 0 { 0.0 } else { p[q - 1] };
            if q >= 4 {
                return 1.0;
            }
            before + (p[q] - before) * (m - 3.0 * q as f64) / 3.0
        }
        _ => m / 12.0,
    }
}

/// How far behind `expected` `actual` is, in percent (negative when ahead), and its level.
pub fn judge(actual: f64, expected: f64, rules: &WarningRules) -> (f64, Level) {
    if expected <= 0.0 {
        return (0.0, Level::Green);
    }
    let behind = (expected - actual) / expected * 100.0;
    let level = if behind > rules.behind_red_pct {
        Level::Red
    } else if behind > rules.behind_yellow_pct {
        Level::Yellow
    } else {
        Level::Green
    };
    (behind, level)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProjectConfig;

    const PLAN: &str = r#"
id = "forestry-2025"
title_zh = "林业全产业链 2025 年计划"
year = 2025
region = "450200"
chain = "forestry"

[[target]]
indicator = "chain_output"
target = 1000

[[target]]
indicator = "output_share"
nodes = ["custom-furniture", "flooring"]
target = 0.3
name_zh = "高端绿色家居产值占比"

[[target]]
indicator = "projects_started"
target = 8
path = [0.1, 0.4, 0.7, 1.0]
"#;

    #[test]
    fn a_plan_parses_and_its_path_runs_from_zero_to_the_target() {
        let plan = Plan::parse(PLAN).unwrap();
        assert_eq!(plan.targets.len(), 3);
        assert_eq!(plan.targets[1].chain_of(&plan), Some("forestry"));
        let quarterly = plan.targets[2].path.as_deref();
        assert_eq!(path_fraction(quarterly, 0), 0.0);
        assert!((path_fraction(quarterly, 3) - 0.1).abs() < 1e-12);
        assert!((path_fraction(quarterly, 5) - 0.3).abs() < 1e-12);
        assert_eq!(path_fraction(quarterly, 12), 1.0);
        assert!((path_fraction(None, 6) - 0.5).abs() < 1e-12);
        let monthly: Vec<f64> = (1..=12).map(|m| f64::from(m) / 12.0).collect();
        assert_eq!(path_fraction(Some(&monthly), 12), 1.0);
    }

    #[test]
    fn every_problem_of_a_bad_plan_is_named() {
        let bad = PLAN
            .replace("target = 0.3", "target = 30")
            .replace("path = [0.1, 0.4, 0.7, 1.0]", "path = [0.5, 0.4, 0.7]")
            .replace("year = 2025", "year = 1999");
        let e = Plan::parse(&bad).unwrap_err();
        assert_eq!(e.messages.len(), 3, "{e}");
        assert!(e.messages.iter().any(|m| m.contains("0.25")), "{e}");
        let typo = PLAN.replace("indicator = \"chain_output\"", "indicator = \"output\"");
        let e = Plan::parse(&typo).unwrap_err().to_string();
        assert!(e.contains("line 9"), "{e}");
    }

    #[test]
    fn the_level_follows_the_project_rules_thresholds() {
        let rules = ProjectConfig::builtin().warnings;
        assert_eq!(judge(95.0, 100.0, &rules).1, Level::Green);
        assert_eq!(judge(85.0, 100.0, &rules).1, Level::Yellow);
        assert_eq!(judge(70.0, 100.0, &rules), (30.0, Level::Red));
        assert_eq!(judge(0.0, 0.0, &rules).1, Level::Green);
    }
}
