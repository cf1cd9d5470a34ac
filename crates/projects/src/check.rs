//! Checks of what people enter: a project's stage dates, a progress report against the ones
//! before it, a problem's dates and department. Every problem names the field; nothing is
//! written unless the list is empty.

use crate::ProjectConfig;
use liantu_model::project::{Problem, ProgressReport, Project};

/// One thing wrong with an input, naming its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub zh: String,
    pub en: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}：{} / {}: {}",
            self.field, self.zh, self.field, self.en
        )
    }
}

fn err(field: &str, zh: String, en: String) -> FieldError {
    FieldError {
        field: field.to_string(),
        zh,
        en,
    }
}

/// A project id: 1–64 letters, digits, `-` and `_` (what URLs and files carry unescaped).
pub fn is_project_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A project's own fields and its stage dates against the ladder: every stage known and named
/// once, actual dates in ladder order, no stage reached while an earlier one has no date, the
/// department known, money and land positive.
pub fn check_project(p: &Project, config: &ProjectConfig) -> Vec<FieldError> {
    let mut out = Vec::new();
    if !is_project_id(&p.id) {
        out.push(err(
            "id",
            format!("项目编号只能含字母、数字、- 和 _（至多 64 个）：'{}'", p.id),
            format!(
                "a project id holds letters, digits, - and _ only (at most 64): '{}'",
                p.id
            ),
        ));
    }
    if p.name.trim().is_empty() {
        out.push(err(
            "name",
            "项目名称不能为空".into(),
            "the name is empty".into(),
        ));
    }
    if !(p.investment.is_finite() && p.investment > 0.0) {
        out.push(err(
            "investment",
            format!("总投资须为正数（万元）：{}", p.investment),
            format!(
                "total investment must be positive (10k yuan): {}",
                p.investment
            ),
        ));
    }
    for (field, v) in [("land_mu", p.land_mu), ("annual_plan", p.annual_plan)] {
        if v.is_some_and(|v| !(v.is_finite() && v >= 0.0)) {
            out.push(err(
                field,
                format!("须为非负数：{}", v.unwrap_or_default()),
                format!("must be a non-negative number: {}", v.unwrap_or_default()),
            ));
        }
    }
    if !config.knows_department(&p.department) {
        out.push(unknown_department("department", &p.department));
    }
    check_stages(p, config, &mut out);
    out
}

pub(crate) fn unknown_department(field: &str, name: &str) -> FieldError {
    err(
        field,
        format!("未知的责任单位「{name}」（见项目设置中的 departments）"),
        format!("unknown department '{name}' (see departments in the project settings)"),
    )
}

fn check_stages(p: &Project, config: &ProjectConfig, out: &mut Vec<FieldError>) {
    let mut seen = vec![false; config.stages.len()];
    let mut actual: Vec<Option<liantu_model::Day>> = vec![None; config.stages.len()];
    for s in &p.stages {
        let Some(i) = config.stage_index(&s.stage) else {
            out.push(err(
                "stage",
                format!("未知阶段「{}」", s.stage),
                format!("unknown stage '{}'", s.stage),
            ));
            continue;
        };
        if std::mem::replace(&mut seen[i], true) {
            out.push(err(
                "stage",
                format!("阶段「{}」出现两次", config.stages[i].name_zh),
                format!("stage '{}' is given twice", config.stages[i].id),
            ));
        }
        actual[i] = s.actual;
    }
    // Actual dates: no gaps below the highest stage reached, and in ladder order.
    let Some(reached) = actual.iter().rposition(Option::is_some) else {
        return;
    };
    let mut last: Option<(usize, liantu_model::Day)> = None;
    for (i, (name, day)) in config
        .stages
        .iter()
        .zip(&actual)
        .enumerate()
        .take(reached + 1)
    {
        match *day {
            None => out.push(err(
                &format!("stages.{}.actual", name.id),
                format!(
                    "已到「{}」阶段，但「{}」没有实际日期（阶段不能跳过）",
                    config.stages[reached].name_zh, name.name_zh
                ),
                format!(
                    "'{}' is reached but '{}' has no actual date (stages cannot be skipped)",
                    config.stages[reached].id, name.id
                ),
            )),
            Some(d) => {
                if let Some((j, before)) = last
                    && d < before
                {
                    out.push(err(
                        &format!("stages.{}.actual", name.id),
                        format!(
                            "「{}」实际日期 {} 早于「{}」的 {}",
                            name.name_zh, d, config.stages[j].name_zh, before
                        ),
                        format!(
                            "'{}' actual date {d} is before '{}' on {before}",
                            name.id, config.stages[j].id
                        ),
                    ));
                }
                last = Some((i, d));
            }
        }
    }
}

/// A new report against the project's stored ones: the month not in the future, figures
/// non-negative, progress 0–100 %, and cumulative investment not below an earlier month's nor
/// above a later one's.
pub fn check_report(
    report: &ProgressReport,
    stored: &[ProgressReport],
    today: liantu_model::Day,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    if report.month > today.month() {
        out.push(err(
            "month",
            format!("月份 {} 尚未到来", report.month),
            format!("month {} is in the future", report.month),
        ));
    }
    for (field, v) in [
        ("invested_month", Some(report.invested_month)),
        ("invested_total", Some(report.invested_total)),
        ("output", report.output),
    ] {
        if v.is_some_and(|v| !(v.is_finite() && v >= 0.0)) {
            out.push(err(
                field,
                format!("须为非负数（万元）：{}", v.unwrap_or_default()),
                format!(
                    "must be a non-negative amount (10k yuan): {}",
                    v.unwrap_or_default()
                ),
            ));
        }
    }
    if report
        .progress_pct
        .is_some_and(|p| !(p.is_finite() && (0.0..=100.0).contains(&p)))
    {
        out.push(err(
            "progress_pct",
            "形象进度须在 0–100% 之间".into(),
            "physical progress must be 0–100 %".into(),
        ));
    }
    for s in stored.iter().filter(|s| s.month != report.month) {
        let decreasing = (s.month < report.month && report.invested_total < s.invested_total)
            || (s.month > report.month && report.invested_total > s.invested_total);
        if decreasing {
            out.push(err(
                "invested_total",
                format!(
                    "累计完成投资不能减少：{} 为 {}，{} 为 {} 万元",
                    s.month, s.invested_total, report.month, report.invested_total
                ),
                format!(
                    "cumulative investment cannot decrease: {} at {}, {} at {} (10k yuan)",
                    s.invested_total, s.month, report.invested_total, report.month
                ),
            ));
        }
    }
    out
}

/// A problem as raised or handed on: a title, a known department, a due date not before the day
/// it was raised.
pub fn check_problem(p: &Problem, config: &ProjectConfig) -> Vec<FieldError> {
    let mut out = Vec::new();
    if p.title.trim().is_empty() {
        out.push(err(
            "title",
            "问题不能为空".into(),
            "the title is empty".into(),
        ));
    }
    if !config.knows_department(&p.department) {
        out.push(unknown_department("department", &p.department));
    }
    if p.due < p.raised {
        out.push(err(
            "due",
            format!("办结时限 {} 早于提出日期 {}", p.due, p.raised),
            format!("due date {} is before the day raised, {}", p.due, p.raised),
        ));
    }
    out
}
