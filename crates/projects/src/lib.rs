//! Project service (全过程服务): the city's stage ladder and warning rules ([`ProjectConfig`],
//! a versioned TOML), the checks of what people enter ([`check`]), a problem's steps through the
//! departments ([`problem`]) and a project's standing on a day ([`assess`]). Pure: records in,
//! plain results out; no I/O.
//!
//! # The figures
//!
//! - **Stage** — the last rung of the ladder with an actual date. Stages are reached in order:
//!   a project in 开工 has actual dates for every stage before it, in ladder order.
//! - **序时进度 (planned path)** — cumulative investment should grow linearly from the planned
//!   date of `[schedule] from` (default 开工) to the planned date of `to` (default 投产), from 0
//!   to the planned total: `expected(d) = total × clamp((d − from) / (to − from), 0, 1)`.
//!   It is read at the end of the month of the latest progress report, and
//!   `behind % = (expected − reported cumulative) / expected × 100` (negative when ahead).
//! - **Warnings** (thresholds in `[warnings]`; a project's level is its worst warning's, green
//!   without one):
//!   - *stage overdue* — the next stage's planned date is `late` days past:
//!     yellow when `late > stage_yellow_days` (0), red when `late > stage_red_days` (30);
//!   - *investment behind* — yellow when `behind % > behind_yellow_pct` (10), red above
//!     `behind_red_pct` (20);
//!   - *problem overdue* — any problem still open (交办, 办理中, 待确认) after its due date: red;
//!   - *report missing* — after day `report_due_day` (25) of a month, a project that has started
//!     construction and not reached the last stage has no report for that month (before that
//!     day: for the month before): yellow.
//!
//! Every warning carries the rule and the numbers in Chinese and English.

pub mod assess;
pub mod check;
mod config;
pub mod plan;
pub mod problem;

pub use assess::{
    Assessment, Level, OverdueProblems, Rule, ScheduleFigure, Warning, assess, assess_with,
    expected_at, schedule_path,
};
pub use check::{FieldError, check_problem, check_project, check_report, is_project_id};
pub use config::{BUILTIN, ConfigError, ProjectConfig, Schedule, StageDef, WarningRules};
pub use plan::{Indicator, Plan, Target};
pub use problem::{ProblemAction, apply};

#[cfg(test)]
mod tests;
