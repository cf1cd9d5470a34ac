//! One plan version's targets against the data, on the clock's day.

use super::{Indicator, Plan, PlanVersion, Target};
use crate::projects::NodeOutcome;
use crate::{App, AppError, DiagnosisRequest, ReadArea, Result};
use liantu_model::project::{ProgressReport, Project};
use liantu_model::{Day, RegionCode};
use liantu_projects::plan::{judge, path_fraction};
use liantu_projects::{Level, ProjectConfig};
use serde::Serialize;

/// One target: what was set, what the path expects by now, what the data shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetResult {
    pub name_zh: String,
    pub name_en: String,
    pub indicator: Indicator,
    pub chain: Option<String>,
    pub chain_zh: Option<String>,
    pub chain_en: Option<String>,
    pub target: f64,
    /// The target in the version before this one, when it was different.
    pub previous_target: Option<f64>,
    /// 序时: what the path expects by the end of the months counted (cumulative indicators).
    pub expected: Option<f64>,
    /// What the data shows; `None` when it cannot say (no figures).
    pub actual: Option<f64>,
    /// The year of the enterprise figures a level indicator was read from.
    pub data_year: Option<i32>,
    /// `(expected or target − actual) ÷ (expected or target) × 100`.
    pub behind_pct: Option<f64>,
    pub level: Option<Level>,
    /// The rule and the numbers, in both languages.
    pub note_zh: String,
    pub note_en: String,
    /// The projects counted (cumulative project indicators and investment).
    pub projects: Vec<String>,
}

/// A project in the plan's scope taken up from a candidate: what the what-if predicted for its
/// nodes when it was taken up, beside the diagnosis now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanPrediction {
    pub project: String,
    pub name: String,
    /// The nodes whose status the what-if predicted to change (of the plan's chain, when it
    /// has one).
    pub nodes: Vec<NodeOutcome>,
    /// Of those, how many stand now where the prediction put them.
    pub realised: usize,
}

/// A plan version evaluated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanEvaluation {
    pub plan: Plan,
    pub version: i64,
    /// This version as its TOML text (what a revision starts from).
    pub definition: String,
    pub reason: String,
    pub made: String,
    pub made_by: String,
    /// Every version: (version, reason, made).
    pub versions: Vec<(i64, String, String)>,
    pub region_zh: String,
    pub region_en: String,
    pub as_of: Day,
    /// Months of the plan's year counted (0–12): complete months up to the day.
    pub months: u8,
    pub targets: Vec<TargetResult>,
    /// Predicted against realised, for the plan's projects taken up from candidates.
    pub predictions: Vec<PlanPrediction>,
    /// A chain plan's chain over its last two years of figures up to the plan's year.
    pub change: Option<super::ChainChange>,
    pub illustrative: bool,
}

/// What every target of one evaluation reads.
struct Context {
    plan: Plan,
    region: RegionCode,
    months: u8,
    config: ProjectConfig,
    projects: Vec<Project>,
    reports: Vec<ProgressReport>,
}

impl Context {
    /// The plan's projects: in its region (a city's counties included) and, for a chain
    /// target, serving that chain.
    fn projects_in_scope<'a>(
        &'a self,
        chain: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Project> {
        self.projects.iter().filter(move |p| {
            self.region.contains(&p.region)
                && chain.is_none_or(|c| p.nodes.iter().any(|k| k.chain == c))
        })
    }

    /// Whether a month of the plan's year is counted.
    fn counted(&self, month: liantu_model::YearMonth) -> bool {
        month.year() == self.plan.year && month.month() <= self.months
    }
}

impl App {
    /// A plan's version (the latest when `version` is `None`) evaluated today.
    pub async fn plan_evaluation(&self, id: &str, version: Option<i64>) -> Result<PlanEvaluation> {
        self.require_read(ReadArea::Investment)?;
        let versions = self.plan_versions(id).await?;
        let i = match version {
            None => versions.len() - 1,
            Some(v) => versions
                .iter()
                .position(|x| x.version == v)
                .ok_or_else(|| {
                    AppError::not_found(format!(
                        "计划 '{id}' 没有第 {v} 版 / plan '{id}' has no version {v}"
                    ))
                })?,
        };
        let stored = &versions[i];
        let plan = parse_stored(stored)?;
        let previous = i
            .checked_sub(1)
            .map(|j| parse_stored(&versions[j]))
            .transpose()?;
        let region =
            RegionCode::parse(&plan.region).map_err(|e| AppError::invalid(e.to_string()))?;
        let region_ref = self.region_ref(&region).await?;
        let as_of = self.beijing_today();
        let months = match plan.year.cmp(&as_of.month().year()) {
            std::cmp::Ordering::Less => 12,
            std::cmp::Ordering::Equal => as_of.month().month() - 1,
            std::cmp::Ordering::Greater => 0,
        };
        let ctx = Context {
            region,
            months,
            config: self.project_config().await?,
            projects: self.store.projects().await?,
            // Every report is read only for an investment target.
            reports: if plan
                .targets
                .iter()
                .any(|t| t.indicator == Indicator::InvestmentCompleted)
            {
                self.store.all_reports().await?
            } else {
                Vec::new()
            },
            plan,
        };
        let mut targets = Vec::new();
        for (k, t) in ctx.plan.targets.iter().enumerate() {
            let mut r = self.evaluate_target(&ctx, t).await?;
            r.previous_target = previous
                .as_ref()
                .and_then(|p| p.targets.get(k))
                .filter(|p| p.indicator == t.indicator && p.target != t.target)
                .map(|p| p.target);
            targets.push(r);
        }
        let predictions = self.plan_predictions(&ctx).await?;
        let data_year = targets.iter().filter_map(|t| t.data_year).max();
        let change = match (&ctx.plan.chain, data_year) {
            (Some(chain), Some(year)) => {
                Some(self.chain_change(chain, ctx.region, year - 1, year).await?)
            }
            _ => None,
        };
        Ok(PlanEvaluation {
            predictions,
            change,
            illustrative: ctx.plan.source == "illustrative",
            version: stored.version,
            definition: stored.definition.clone(),
            reason: stored.reason.clone(),
            made: stored.made.clone(),
            made_by: stored.made_by.clone(),
            versions: versions
                .iter()
                .map(|v| (v.version, v.reason.clone(), v.made.clone()))
                .collect(),
            region_zh: region_ref.name_zh,
            region_en: region_ref.name_en,
            as_of,
            months,
            targets,
            plan: ctx.plan,
        })
    }

    /// The what-if's predictions for the plan's projects beside the diagnosis now.
    async fn plan_predictions(&self, ctx: &Context) -> Result<Vec<PlanPrediction>> {
        let chain = ctx.plan.chain.as_deref();
        let mut out = Vec::new();
        for p in ctx
            .projects_in_scope(chain)
            .filter(|p| p.candidate.is_some())
        {
            let Some(view) = self.prediction_view(&p.id).await? else {
                continue;
            };
            let nodes: Vec<NodeOutcome> = view
                .chains
                .into_iter()
                .filter(|c| chain.is_none_or(|id| c.chain == id))
                .flat_map(|c| c.nodes)
                .filter(|n| n.predicted != n.before)
                .collect();
            if nodes.is_empty() {
                continue;
            }
            out.push(PlanPrediction {
                project: p.id.clone(),
                name: p.name.clone(),
                realised: nodes.iter().filter(|n| n.now == Some(n.predicted)).count(),
                nodes,
            });
        }
        Ok(out)
    }

    async fn evaluate_target(&self, ctx: &Context, t: &Target) -> Result<TargetResult> {
        let chain_id = t.chain_of(&ctx.plan).map(str::to_string);
        let chain = match &chain_id {
            Some(c) => Some(self.chain(c).await?),
            None => None,
        };
        let mut r = TargetResult {
            name_zh: t
                .name_zh
                .clone()
                .unwrap_or_else(|| t.indicator.label_zh().into()),
            name_en: t
                .name_en
                .clone()
                .unwrap_or_else(|| t.indicator.label_en().into()),
            indicator: t.indicator,
            chain: chain_id.clone(),
            chain_zh: chain.as_ref().map(|c| c.name_zh.clone()),
            chain_en: chain.as_ref().map(|c| c.name_en.clone()),
            target: t.target,
            previous_target: None,
            expected: None,
            actual: None,
            data_year: None,
            behind_pct: None,
            level: None,
            note_zh: String::new(),
            note_en: String::new(),
            projects: Vec::new(),
        };
        if t.indicator.cumulative() {
            cumulative(ctx, t, chain_id.as_deref(), &mut r);
        } else if let Some(chain_id) = chain_id {
            self.level_indicator(ctx, t, &chain_id, &mut r).await?;
        }
        if let Some(actual) = r.actual {
            let expected = r.expected.unwrap_or(t.target);
            let (behind, level) = judge(actual, expected, &ctx.config.warnings);
            r.behind_pct = Some(behind);
            r.level = Some(level);
        }
        Ok(r)
    }

    /// A level indicator from the diagnosis of the plan's year, or of the latest year before
    /// it while the plan's year has no figures.
    async fn level_indicator(
        &self,
        ctx: &Context,
        t: &Target,
        chain: &str,
        r: &mut TargetResult,
    ) -> Result<()> {
        let latest = self
            .chain_diagnosis(&DiagnosisRequest::new(chain, ctx.region))
            .await?
            .year;
        let Some(year) = latest.map(|l| l.min(ctx.plan.year)) else {
            r.note_zh = "尚无企业数据".into();
            r.note_en = "no enterprise figures yet".into();
            return Ok(());
        };
        let request = DiagnosisRequest {
            year: Some(year),
            ..DiagnosisRequest::new(chain, ctx.region)
        };
        // The diagnosis cached per revision (several targets and the year-on-year change read
        // the same one); the firms' 规上 flags only where a target counts them.
        let d = self.chain_diagnosis(&request).await?;
        r.data_year = Some(year);
        r.actual = match t.indicator {
            Indicator::ChainOutput => Some(d.total_output),
            Indicator::Completeness => Some(d.completeness.ratio),
            Indicator::LocalSupply => d.local_supply.rate,
            Indicator::AboveScaleFirms => {
                let members: std::collections::HashSet<&str> = d
                    .nodes
                    .iter()
                    .flat_map(|n| n.enterprises.iter().map(|e| e.uscc.as_str()))
                    .collect();
                let data = self
                    .store
                    .chain_data(chain, &ctx.region, Some(year))
                    .await?;
                let n = data
                    .enterprises
                    .iter()
                    .filter(|e| e.above_scale && members.contains(e.uscc.as_str()))
                    .count();
                Some(n as f64)
            }
            Indicator::OutputShare if d.total_output > 0.0 => {
                let chosen: f64 = d
                    .nodes
                    .iter()
                    .filter(|n| t.nodes.contains(&n.id))
                    .map(|n| n.output)
                    .sum();
                Some(chosen / d.total_output)
            }
            _ => None,
        };
        let (zh, en) = if year < ctx.plan.year {
            (
                format!("{} 年数据未到，按 {year} 年数据比较目标", ctx.plan.year),
                format!(
                    "no {} figures yet: {year}'s compared with the target",
                    ctx.plan.year
                ),
            )
        } else {
            (
                format!("按 {year} 年数据与目标比较"),
                format!("{year}'s figures against the target"),
            )
        };
        r.note_zh = zh;
        r.note_en = en;
        Ok(())
    }
}

/// A cumulative indicator: counted over the months of the plan's year so far, against its
/// 序时 path.
fn cumulative(ctx: &Context, t: &Target, chain: Option<&str>, r: &mut TargetResult) {
    let fraction = path_fraction(t.path.as_deref(), ctx.months);
    r.expected = Some(t.target * fraction);
    let mut projects = Vec::new();
    let actual = if let Some(stage) = t.indicator.stage() {
        let Some(i) = ctx.config.stage_index(stage) else {
            r.note_zh = format!("项目设置中没有阶段 '{stage}'");
            r.note_en = format!("the project settings have no stage '{stage}'");
            return;
        };
        for p in ctx.projects_in_scope(chain) {
            let reached = p.stages.iter().any(|s| {
                ctx.config.stage_index(&s.stage) == Some(i)
                    && s.actual.is_some_and(|d| ctx.counted(d.month()))
            });
            if reached {
                projects.push(p.id.clone());
            }
        }
        projects.len() as f64
    } else {
        let ids: std::collections::HashSet<&str> = ctx
            .projects_in_scope(chain)
            .map(|p| p.id.as_str())
            .collect();
        let mut sum = 0.0;
        let mut reporting = std::collections::BTreeSet::new();
        for rep in ctx.reports.iter().filter(|x| ctx.counted(x.month)) {
            if ids.contains(rep.project.as_str()) {
                sum += rep.invested_month;
                reporting.insert(rep.project.clone());
            }
        }
        projects.extend(reporting);
        sum
    };
    projects.sort();
    r.actual = Some(actual);
    r.projects = projects;
    r.note_zh = format!(
        "{} 年 1–{} 月累计，序时进度 {:.0}%",
        ctx.plan.year,
        ctx.months,
        fraction * 100.0
    );
    r.note_en = format!(
        "January–month {} of {}, planned path {:.0}%",
        ctx.months,
        ctx.plan.year,
        fraction * 100.0
    );
    if ctx.months == 0 {
        r.note_zh = format!("{} 年尚未开始", ctx.plan.year);
        r.note_en = format!("{} has not begun", ctx.plan.year);
    }
}

fn parse_stored(v: &PlanVersion) -> Result<Plan> {
    Plan::parse(&v.definition)
        .map_err(|e| AppError::internal(format!("stored plan {} v{}: {e}", v.id, v.version)))
}
