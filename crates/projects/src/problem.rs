//! A problem's way through the departments (问题清单): 交办 → 办理中 → 已办结待确认 → 销号, or
//! 退回 and 交办 again. Each step is checked here; the store keeps every step as history.

use crate::ProjectConfig;
use crate::check::{FieldError, unknown_department};
use liantu_model::Day;
use liantu_model::project::{Problem, ProblemStatus};

/// One step a person takes on a problem.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemAction {
    /// 交办 (again): to a department with a due date; also 转办 while it is open.
    Assign { department: String, due: Day },
    /// 办理中: the department has taken it up.
    Start,
    /// 办结: the department reports it solved.
    Resolve { resolution: String },
    /// 销号: confirmed solved; `resolution` may add to or give the department's.
    Close { resolution: String },
    /// 退回: not the department's, or the solution not accepted.
    Return { reason: String },
}

impl ProblemAction {
    pub fn label_zh(&self) -> &'static str {
        match self {
            ProblemAction::Assign { .. } => "交办",
            ProblemAction::Start => "开始办理",
            ProblemAction::Resolve { .. } => "办结",
            ProblemAction::Close { .. } => "销号",
            ProblemAction::Return { .. } => "退回",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            ProblemAction::Assign { .. } => "assign",
            ProblemAction::Start => "start",
            ProblemAction::Resolve { .. } => "resolve",
            ProblemAction::Close { .. } => "close",
            ProblemAction::Return { .. } => "return",
        }
    }

    /// The text the step records in the history.
    pub fn note(&self) -> &str {
        match self {
            ProblemAction::Resolve { resolution } | ProblemAction::Close { resolution } => {
                resolution
            }
            ProblemAction::Return { reason } => reason,
            ProblemAction::Assign { .. } | ProblemAction::Start => "",
        }
    }
}

/// The problem after `action` taken by `who` on `today`, or why the step is not possible.
pub fn apply(
    problem: &Problem,
    action: &ProblemAction,
    who: Option<&str>,
    today: Day,
    config: &ProjectConfig,
) -> Result<Problem, FieldError> {
    use ProblemStatus::*;
    let from = problem.status;
    let allowed = match action {
        ProblemAction::Assign { .. } => matches!(from, Assigned | InProgress | Returned),
        ProblemAction::Start => from == Assigned,
        ProblemAction::Resolve { .. } => matches!(from, Assigned | InProgress),
        ProblemAction::Close { .. } => from.is_open(),
        ProblemAction::Return { .. } => from.is_open(),
    };
    if !allowed {
        return Err(FieldError {
            field: "status".into(),
            zh: format!("「{}」状态的问题不能{}", from.label_zh(), action.label_zh()),
            en: format!(
                "a problem that is {} cannot take the step '{}'",
                from.label_en(),
                action.label_en()
            ),
        });
    }
    let mut next = problem.clone();
    match action {
        ProblemAction::Assign { department, due } => {
            if !config.knows_department(department) {
                return Err(unknown_department("department", department));
            }
            if *due < problem.raised {
                return Err(FieldError {
                    field: "due".into(),
                    zh: format!("办结时限 {due} 早于提出日期 {}", problem.raised),
                    en: format!(
                        "due date {due} is before the day raised, {}",
                        problem.raised
                    ),
                });
            }
            next.department = department.trim().to_string();
            next.due = *due;
            next.status = Assigned;
        }
        ProblemAction::Start => next.status = InProgress,
        ProblemAction::Resolve { resolution } => {
            require_text("resolution", resolution, "办结情况", "the resolution")?;
            next.resolution = resolution.trim().to_string();
            next.status = Resolved;
        }
        ProblemAction::Close { resolution } => {
            if !resolution.trim().is_empty() {
                next.resolution = resolution.trim().to_string();
            }
            require_text("resolution", &next.resolution, "办结情况", "the resolution")?;
            next.status = Closed;
            next.closed_by = Some(who.unwrap_or("命令行 / command line").to_string());
            next.closed = Some(today);
        }
        ProblemAction::Return { reason } => {
            require_text("reason", reason, "退回理由", "the reason")?;
            next.resolution = reason.trim().to_string();
            next.status = Returned;
        }
    }
    Ok(next)
}

fn require_text(field: &str, text: &str, zh: &str, en: &str) -> Result<(), FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError {
            field: field.into(),
            zh: format!("须写明{zh}"),
            en: format!("{en} is required"),
        });
    }
    Ok(())
}
