//! Where a project stands on `today`: its stage, its 序时进度 and its warnings, each with the
//! rule and the numbers that fired it. See the crate docs for the definitions.

use crate::ProjectConfig;
use liantu_model::Day;
use liantu_model::project::{Problem, ProgressReport, Project};
use serde::Serialize;

/// 红/黄/绿, ordered so the worst is the largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Green,
    Yellow,
    Red,
}

impl Level {
    pub fn key(self) -> &'static str {
        match self {
            Level::Green => "green",
            Level::Yellow => "yellow",
            Level::Red => "red",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Level::Green => "绿",
            Level::Yellow => "黄",
            Level::Red => "红",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Level::Green => "green",
            Level::Yellow => "yellow",
            Level::Red => "red",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        [Level::Green, Level::Yellow, Level::Red]
            .into_iter()
            .find(|l| text == l.key() || text == l.label_zh())
    }
}

/// Which rule fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The next stage's planned date has passed without an actual date.
    StageOverdue,
    /// Cumulative investment behind the planned path (序时进度).
    InvestmentBehind,
    /// A problem open past its due date.
    ProblemOverdue,
    /// No progress report for a month that is due.
    ReportMissing,
}

/// One warning: its level, the rule, and the numbers in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Warning {
    pub level: Level,
    pub rule: Rule,
    pub zh: String,
    pub en: String,
}

/// 序时进度 at the latest report: where the path says cumulative investment should be at the
/// end of that month, and where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleFigure {
    pub month: liantu_model::YearMonth,
    /// Planned cumulative investment at the month's end, 万元.
    pub expected: f64,
    /// Reported cumulative investment, 万元.
    pub actual: f64,
    /// (expected − actual) / expected × 100; negative when ahead.
    pub behind_pct: f64,
}

/// A project's standing on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    /// The last stage with an actual date (index into the ladder).
    pub stage: Option<usize>,
    /// The next stage and its planned date.
    pub next_stage: Option<usize>,
    pub next_planned: Option<Day>,
    pub schedule: Option<ScheduleFigure>,
    pub warnings: Vec<Warning>,
    /// The worst warning's level; green without any.
    pub level: Level,
}

/// The planned path: the planned dates of the schedule's two stages, when both are set and in
/// order.
pub fn schedule_path(project: &Project, config: &ProjectConfig) -> Option<(Day, Day)> {
    let planned = |id: &str| {
        let i = config.stage_index(id)?;
        project
            .stages
            .iter()
            .find(|s| config.stage_index(&s.stage) == Some(i))?
            .planned
    };
    let (a, b) = (
        planned(&config.schedule.from)?,
        planned(&config.schedule.to)?,
    );
    (a < b).then_some((a, b))
}

/// Planned cumulative investment at the end of `day` on the path (万元).
pub fn expected_at(project: &Project, path: (Day, Day), day: Day) -> f64 {
    let (a, b) = path;
    let share = (day.days_since(a) as f64 / b.days_since(a) as f64).clamp(0.0, 1.0);
    project.investment * share
}

/// What the warnings read of a project's problems: how many are open past their due date, and
/// the one due first. A board of many projects reads this from the database per project rather
/// than every problem.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OverdueProblems {
    pub count: usize,
    pub oldest: Option<Problem>,
}

impl OverdueProblems {
    /// The overdue problems of `project` among `problems` on `today`.
    pub fn of(project: &str, problems: &[Problem], today: Day) -> OverdueProblems {
        let overdue: Vec<&Problem> = problems
            .iter()
            .filter(|p| p.project == project && p.is_overdue(today))
            .collect();
        OverdueProblems {
            count: overdue.len(),
            oldest: overdue
                .iter()
                .min_by_key(|p| (p.due, p.id))
                .map(|p| (*p).clone()),
        }
    }
}

/// Assesses `project` on `today` from its reports (any order) and problems.
pub fn assess(
    project: &Project,
    reports: &[ProgressReport],
    problems: &[Problem],
    today: Day,
    config: &ProjectConfig,
) -> Assessment {
    let overdue = OverdueProblems::of(&project.id, problems, today);
    assess_with(project, reports, &overdue, today, config)
}

/// [`assess`] with the overdue problems already counted.
pub fn assess_with(
    project: &Project,
    reports: &[ProgressReport],
    overdue: &OverdueProblems,
    today: Day,
    config: &ProjectConfig,
) -> Assessment {
    let rules = &config.warnings;
    // Each stage's dates by its rung, looked up once (the board assesses thousands).
    let n = config.stages.len();
    let (mut actual, mut planned_at, mut seen) = (vec![None; n], vec![None; n], vec![false; n]);
    for s in &project.stages {
        if let Some(i) = config.stage_index(&s.stage)
            && !seen[i]
        {
            seen[i] = true;
            actual[i] = s.actual;
            planned_at[i] = s.planned;
        }
    }
    let planned = |i: usize| planned_at[i];
    let stage = actual.iter().rposition(Option::is_some);
    let next_stage = stage.map_or(Some(0), |i| (i + 1 < config.stages.len()).then_some(i + 1));
    let next_planned = next_stage.and_then(planned);
    let mut warnings = Vec::new();

    if let (Some(n), Some(due)) = (next_stage, next_planned) {
        let late = today.days_since(due);
        if late > rules.stage_yellow_days {
            let s = &config.stages[n];
            warnings.push(Warning {
                level: if late > rules.stage_red_days {
                    Level::Red
                } else {
                    Level::Yellow
                },
                rule: Rule::StageOverdue,
                zh: format!(
                    "「{}」计划 {due}，已逾期 {late} 天（黄：>{} 天，红：>{} 天）",
                    s.name_zh, rules.stage_yellow_days, rules.stage_red_days
                ),
                en: format!(
                    "'{}' planned for {due}, {late} days overdue (yellow > {}, red > {} days)",
                    s.name_en, rules.stage_yellow_days, rules.stage_red_days
                ),
            });
        }
    }

    let latest = reports.iter().max_by_key(|r| r.month);
    let schedule = schedule_path(project, config).and_then(|path| {
        let r = latest?;
        let expected = expected_at(project, path, r.month.last_day());
        (expected > 0.0).then(|| ScheduleFigure {
            month: r.month,
            expected,
            actual: r.invested_total,
            behind_pct: (expected - r.invested_total) / expected * 100.0,
        })
    });
    if let Some(s) = &schedule
        && s.behind_pct > rules.behind_yellow_pct
    {
        warnings.push(Warning {
            level: if s.behind_pct > rules.behind_red_pct {
                Level::Red
            } else {
                Level::Yellow
            },
            rule: Rule::InvestmentBehind,
            zh: format!(
                "截至 {} 累计完成投资 {} 万元，序时应完成 {} 万元，落后 {:.1}%（黄：>{}%，红：>{}%）",
                s.month.zh(),
                grouped(s.actual),
                grouped(s.expected),
                s.behind_pct,
                rules.behind_yellow_pct,
                rules.behind_red_pct
            ),
            en: format!(
                "by {} {} (10k yuan) invested against {} on the planned path, {:.1} % behind (yellow > {} %, red > {} %)",
                s.month, grouped(s.actual), grouped(s.expected), s.behind_pct, rules.behind_yellow_pct, rules.behind_red_pct
            ),
        });
    }

    if let Some(worst) = &overdue.oldest {
        warnings.push(Warning {
            level: Level::Red,
            rule: Rule::ProblemOverdue,
            zh: format!(
                "{} 个问题逾期未办结，最早「{}」时限 {}（{}）",
                overdue.count, worst.title, worst.due, worst.department
            ),
            en: format!(
                "{} problem(s) open past their due date, the oldest '{}' due {} ({})",
                overdue.count, worst.title, worst.due, worst.department
            ),
        });
    }

    // A report is due for the current month after its due day, else for the month before; only
    // once construction has started and until full production.
    let due_month = if today.date().day() > rules.report_due_day {
        today.month()
    } else {
        today.month().previous()
    };
    let started = config
        .stage_index(&config.schedule.from)
        .and_then(|i| actual[i]);
    let finished = actual.last().copied().flatten().is_some();
    if let Some(started) = started
        && !finished
        && started <= due_month.last_day()
        && !reports.iter().any(|r| r.month == due_month)
    {
        warnings.push(Warning {
            level: Level::Yellow,
            rule: Rule::ReportMissing,
            zh: format!(
                "{} 调度未报（每月 {} 日前报送）",
                due_month.zh(),
                rules.report_due_day
            ),
            en: format!(
                "no progress report for {due_month} (due by day {} of the month)",
                rules.report_due_day
            ),
        });
    }
    let level = warnings
        .iter()
        .map(|w| w.level)
        .max()
        .unwrap_or(Level::Green);
    Assessment {
        stage,
        next_stage,
        next_planned,
        schedule,
        warnings,
        level,
    }
}

/// A whole amount with thousands separators, as people read 万元 (`143,530`).
fn grouped(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < -0.5 { format!("-{out}") } else { out }
}
