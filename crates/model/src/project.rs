//! Investment projects under service (全过程服务) as plain records: the project with its stage
//! dates, its monthly progress reports (调度) and the problems raised on it (问题清单). The stage
//! ladder, the checks and the warnings live in the `projects` crate. Money in 万元, land in 亩.

use crate::candidate::NodeKey;
use crate::{Day, RegionCode, YearMonth};
use serde::{Deserialize, Serialize};

/// The planned and the actual date of one stage of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageDates {
    /// The stage's id in the city's ladder (`signed`, `started` …).
    pub stage: String,
    pub planned: Option<Day>,
    pub actual: Option<Day>,
}

/// A project the city serves from negotiation to full production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    /// Stable id: letters, digits, `-` and `_`.
    pub id: String,
    pub name: String,
    /// The investment candidate it came from, if any.
    pub candidate: Option<String>,
    /// The enterprise's unified social credit code, once registered.
    pub uscc: Option<String>,
    /// Chain nodes it serves.
    pub nodes: Vec<NodeKey>,
    pub park: Option<String>,
    /// Where it is built (GB/T 2260).
    pub region: RegionCode,
    /// Planned total investment, 万元.
    pub investment: f64,
    /// Land, 亩.
    pub land_mu: Option<f64>,
    /// Investment planned for the current year, 万元.
    pub annual_plan: Option<f64>,
    /// 责任单位: the department answering for it.
    pub department: String,
    /// 包联领导: the leader in charge.
    pub leader: String,
    pub contact: String,
    /// Dates per stage, in ladder order; stages without any date may be absent.
    pub stages: Vec<StageDates>,
    /// Source id (`illustrative` for the demo).
    pub source: String,
    pub note: String,
}

/// One monthly progress report (调度) of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressReport {
    pub project: String,
    pub month: YearMonth,
    /// Investment completed in the month, 万元.
    pub invested_month: f64,
    /// Investment completed since the start, 万元.
    pub invested_total: f64,
    /// 形象进度: physical progress, percent (0–100).
    pub progress_pct: Option<f64>,
    /// 形象进度 in words.
    pub progress_text: String,
    /// Output in the month after 投产, 万元.
    pub output: Option<f64>,
    /// 存在问题 as written in the report.
    pub issues: String,
    pub source: String,
}

/// What a problem is about (问题类别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCategory {
    Land,
    Approval,
    Energy,
    Finance,
    Labour,
    Utilities,
    Other,
}

impl ProblemCategory {
    pub const ALL: [ProblemCategory; 7] = [
        ProblemCategory::Land,
        ProblemCategory::Approval,
        ProblemCategory::Energy,
        ProblemCategory::Finance,
        ProblemCategory::Labour,
        ProblemCategory::Utilities,
        ProblemCategory::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProblemCategory::Land => "land",
            ProblemCategory::Approval => "approval",
            ProblemCategory::Energy => "energy",
            ProblemCategory::Finance => "finance",
            ProblemCategory::Labour => "labour",
            ProblemCategory::Utilities => "utilities",
            ProblemCategory::Other => "other",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ProblemCategory::Land => "用地",
            ProblemCategory::Approval => "审批/环评",
            ProblemCategory::Energy => "能耗指标",
            ProblemCategory::Finance => "融资",
            ProblemCategory::Labour => "用工",
            ProblemCategory::Utilities => "水电气配套",
            ProblemCategory::Other => "其他",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ProblemCategory::Land => "land",
            ProblemCategory::Approval => "approvals / EIA",
            ProblemCategory::Energy => "energy quota",
            ProblemCategory::Finance => "financing",
            ProblemCategory::Labour => "labour",
            ProblemCategory::Utilities => "water, power, gas",
            ProblemCategory::Other => "other",
        }
    }

    /// By key or by either label (`审批`, `环评` and `审批/环评` are one category).
    pub fn parse(text: &str) -> Option<ProblemCategory> {
        let t = text.trim();
        if t == "审批" || t == "环评" {
            return Some(ProblemCategory::Approval);
        }
        ProblemCategory::ALL
            .into_iter()
            .find(|c| t == c.key() || t == c.label_zh() || t.eq_ignore_ascii_case(c.label_en()))
    }
}

/// Where a problem stands (问题状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemStatus {
    /// 已交办: handed to a department with a due date.
    Assigned,
    /// 办理中: the department is working on it.
    InProgress,
    /// 已办结待确认: the department says it is solved; the raiser confirms.
    Resolved,
    /// 已销号: confirmed solved and closed.
    Closed,
    /// 已退回: sent back (not the department's, or the solution not accepted); to be assigned again.
    Returned,
}

impl ProblemStatus {
    pub const ALL: [ProblemStatus; 5] = [
        ProblemStatus::Assigned,
        ProblemStatus::InProgress,
        ProblemStatus::Resolved,
        ProblemStatus::Closed,
        ProblemStatus::Returned,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProblemStatus::Assigned => "assigned",
            ProblemStatus::InProgress => "in_progress",
            ProblemStatus::Resolved => "resolved",
            ProblemStatus::Closed => "closed",
            ProblemStatus::Returned => "returned",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ProblemStatus::Assigned => "已交办",
            ProblemStatus::InProgress => "办理中",
            ProblemStatus::Resolved => "已办结待确认",
            ProblemStatus::Closed => "已销号",
            ProblemStatus::Returned => "已退回",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ProblemStatus::Assigned => "assigned",
            ProblemStatus::InProgress => "in progress",
            ProblemStatus::Resolved => "resolved, to confirm",
            ProblemStatus::Closed => "closed",
            ProblemStatus::Returned => "returned",
        }
    }

    pub fn parse(text: &str) -> Option<ProblemStatus> {
        let t = text.trim();
        ProblemStatus::ALL
            .into_iter()
            .find(|s| t == s.key() || t == s.label_zh() || t.eq_ignore_ascii_case(s.label_en()))
    }

    /// Still waiting for a department (not closed, not sent back).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ProblemStatus::Assigned | ProblemStatus::InProgress | ProblemStatus::Resolved
        )
    }
}

/// A problem raised on a project (问题清单 row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    pub id: i64,
    pub project: String,
    pub title: String,
    pub category: ProblemCategory,
    /// The department it is handed to (责任单位).
    pub department: String,
    pub raised: Day,
    pub due: Day,
    pub status: ProblemStatus,
    /// How it was solved (办结情况), or why it was sent back.
    pub resolution: String,
    /// Who closed it (销号人) and when.
    pub closed_by: Option<String>,
    pub closed: Option<Day>,
}

impl Problem {
    /// Open and past its due date on `today`.
    pub fn is_overdue(&self, today: Day) -> bool {
        self.status.is_open() && self.due < today
    }
}

/// One step in a problem's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemEvent {
    pub problem: i64,
    /// When it happened (UTC, RFC 3339).
    pub at: String,
    /// The account that did it (`None` from the command line).
    pub actor: Option<String>,
    pub status: ProblemStatus,
    pub department: String,
    pub due: Day,
    pub note: String,
}

/// What the what-if predicted when a project was taken up from an investment candidate: per
/// chain it serves, completeness and 本地配套率 before and after, and the nodes it changes. Kept
/// as made, to be set beside what the diagnosis shows once the project is built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Prediction {
    pub project: String,
    pub candidate: String,
    /// When it was made (UTC, stored form).
    pub made: String,
    /// The region the what-if ran for (the city).
    pub region: RegionCode,
    pub chains: Vec<ChainPrediction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainPrediction {
    pub chain: String,
    /// Covered nodes ÷ all nodes, before and as predicted.
    pub completeness_before: f64,
    pub completeness_after: f64,
    /// 本地配套率 before and as estimated (none without purchase data).
    pub local_supply_before: Option<f64>,
    pub local_supply_after: Option<f64>,
    pub nodes: Vec<NodePrediction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodePrediction {
    pub node: String,
    pub status_before: crate::NodeStatus,
    pub status_after: crate::NodeStatus,
}
