//! Project service (全过程服务): the board of projects by stage with their warnings, one
//! project's page (stage ladder, 序时进度 path, reports, problems), the problem list with the
//! overdue first, and the writes people make on them. The rules are `liantu_projects`'; this
//! module reads the store, applies them on the clock's day (Beijing time) and checks who may
//! write.

mod commission;
mod demo;
mod from_candidate;
mod import;
mod problem_import;
mod tables;
mod writes;

pub use commission::Commission;
pub use from_candidate::{ChainOutcome, FromCandidate, NodeOutcome, PredictionView};
pub use tables::{board_table, problems_table, reports_table};
pub use writes::{NewProblem, StageChange};

use crate::{App, AppError, ReadArea, Result};
use liantu_model::project::{Problem, ProgressReport, Project};
use liantu_model::{Day, RegionCode, YearMonth};
pub use liantu_projects::{
    Assessment, Level, ProblemAction, ProjectConfig, Rule, ScheduleFigure, Warning, is_project_id,
};
use serde::Serialize;
use std::collections::HashMap;

/// A rung of the city's stage ladder as views show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageRef {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub milestone: bool,
}

/// One project on the board: where it stands, its warnings and its latest figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectRow {
    pub project: Project,
    /// The stage reached (last actual date); none before the first.
    pub stage: Option<StageRef>,
    pub next_stage: Option<StageRef>,
    pub region_zh: String,
    pub region_en: String,
    pub park_zh: Option<String>,
    pub park_en: Option<String>,
    pub assessment: Assessment,
    /// The latest monthly report.
    pub latest_report: Option<ProgressReport>,
    /// Problems not yet closed, and of them those past their due date.
    pub open_problems: usize,
    pub overdue_problems: usize,
}

/// How many projects (and how much planned investment) stand at one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageCount {
    /// None: no stage reached yet.
    pub stage: Option<StageRef>,
    pub projects: usize,
    /// Planned total investment, 万元.
    pub investment: f64,
}

/// Which projects the board shows.
#[derive(Debug, Clone, Default)]
pub struct BoardFilter {
    /// A stage id or name.
    pub stage: Option<String>,
    pub level: Option<Level>,
    pub region: Option<RegionCode>,
    pub department: Option<String>,
    /// The rows `(offset, count)` of those kept to return (a page); `None` = all.
    pub window: Option<(usize, usize)>,
}

/// The board (重点项目调度): every project by stage, with counts per stage and per level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectBoard {
    /// The day the warnings are judged on (Beijing time).
    pub as_of: Day,
    /// The version of the stage ladder and rules in force.
    pub settings_version: u32,
    pub ladder: Vec<StageRef>,
    /// Of every project, before the filter.
    pub stages: Vec<StageCount>,
    pub total: usize,
    /// Projects the filter keeps, on every page.
    pub rows_total: usize,
    /// Rows of them before the first of `rows` (the window's offset).
    pub offset: usize,
    /// Projects the filter keeps, per level: green, yellow, red.
    pub green: usize,
    pub yellow: usize,
    pub red: usize,
    /// The projects the filter keeps (the window's rows of them), by stage (furthest first),
    /// then worst level, then id. Shared with the cached board: a copy costs a pointer a row.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<ProjectRow>))]
    pub rows: Vec<std::sync::Arc<ProjectRow>>,
    /// Where the figures come from: the reports' and projects' sources.
    pub sources: Vec<String>,
}

/// One stage of one project: planned and actual dates and how late.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageLine {
    pub stage: StageRef,
    pub planned: Option<Day>,
    pub actual: Option<Day>,
    /// Days after the planned date it was reached (negative: early), or — not reached yet —
    /// days the planned date is past (positive only).
    pub late_days: Option<i64>,
}

/// One month on the investment S-curve: the planned path and the reported cumulative figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathPoint {
    pub month: YearMonth,
    /// 序时进度 at the month's end, 万元.
    pub expected: f64,
    pub actual: Option<f64>,
}

/// A chain node a project serves, with its names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectNode {
    pub chain: String,
    pub node: String,
    pub chain_zh: String,
    pub name_zh: String,
    pub name_en: String,
}

/// A problem with what the list shows beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemRow {
    pub problem: Problem,
    pub project_name: String,
    /// Days past the due date while still open.
    pub overdue_days: Option<i64>,
}

/// One project's page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectDetail {
    pub as_of: Day,
    pub row: ProjectRow,
    /// The name of the candidate it came from.
    pub candidate_name: Option<String>,
    /// What was predicted when it was taken up from the candidate, beside the diagnosis now.
    pub prediction: Option<PredictionView>,
    pub nodes: Vec<ProjectNode>,
    pub ladder: Vec<StageLine>,
    pub reports: Vec<ProgressReport>,
    /// The S-curve from the path's first month to the later of its last month and the latest
    /// report; empty without a path (no planned 开工/投产 dates).
    pub path: Vec<PathPoint>,
    pub problems: Vec<ProblemRow>,
}

/// Which problems to list.
#[derive(Debug, Clone, Default)]
pub struct ProblemQuery {
    pub project: Option<String>,
    pub department: Option<String>,
    pub open_only: bool,
    pub overdue_only: bool,
    /// Rows `(offset, limit)` of the list; all when `None`.
    pub window: Option<(usize, usize)>,
}

/// The problem list (问题清单): overdue first (longest first), then open by due date, then
/// closed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemList {
    pub as_of: Day,
    pub departments: Vec<String>,
    /// The window asked for (all rows without one).
    pub rows: Vec<ProblemRow>,
    /// Of the whole list: its rows, those open, those overdue.
    pub total: usize,
    pub open: usize,
    pub overdue: usize,
}

/// A problem with its history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemDetail {
    pub row: ProblemRow,
    pub events: Vec<liantu_model::project::ProblemEvent>,
}

impl ProjectDetail {
    /// The project's problems as a problem list (its counts of these problems alone).
    pub fn problem_list(&self) -> ProblemList {
        ProblemList {
            as_of: self.as_of,
            departments: Vec::new(),
            total: self.problems.len(),
            open: self
                .problems
                .iter()
                .filter(|r| r.problem.status.is_open())
                .count(),
            overdue: self
                .problems
                .iter()
                .filter(|r| r.overdue_days.is_some())
                .count(),
            rows: self.problems.clone(),
        }
    }
}

fn stage_ref(config: &ProjectConfig, i: usize) -> StageRef {
    let s = &config.stages[i];
    StageRef {
        id: s.id.clone(),
        name_zh: s.name_zh.clone(),
        name_en: s.name_en.clone(),
        milestone: s.milestone,
    }
}

/// Stage dates in ladder order (the store keeps them unordered).
fn in_ladder_order(project: &mut Project, config: &ProjectConfig) {
    project
        .stages
        .sort_by_cached_key(|s| config.stage_index(&s.stage).unwrap_or(usize::MAX));
}

fn overdue_days(p: &Problem, today: Day) -> Option<i64> {
    p.is_overdue(today).then(|| today.days_since(p.due))
}

impl App {
    /// Today in Beijing, the day warnings and due dates are judged on.
    pub fn beijing_today(&self) -> Day {
        let now = self.clock.now().to_offset(time::macros::offset!(+8));
        Day::from_date(now.date())
    }

    /// The stage ladder and rules in force: the latest installed version, or the built-in one.
    pub async fn project_config(&self) -> Result<ProjectConfig> {
        match self.store.project_settings().await? {
            None => Ok(ProjectConfig::builtin()),
            Some((version, text)) => ProjectConfig::parse(&text).map_err(|e| {
                AppError::internal(format!(
                    "已安装的项目设置第 {version} 版无法读取 / installed project settings version {version} do not parse: {e}"
                ))
            }),
        }
    }

    /// The board: every project assessed on today, counts per stage, the filter's rows. The
    /// whole board is computed once per store revision and day; a filter keeps a copy's rows.
    pub async fn project_board(&self, filter: &BoardFilter) -> Result<ProjectBoard> {
        self.require_read(ReadArea::Investment)?;
        let config = self.project_config().await?;
        let stage_filter = match &filter.stage {
            Some(s) => Some(
                config
                    .stage_index(s)
                    .ok_or_else(|| unknown_stage(s, &config))?,
            ),
            None => None,
        };
        let today = self.beijing_today();
        let whole = self
            .cached(&self.caches.project_boards, today.to_string(), async || {
                self.whole_board(today, &config).await
            })
            .await?;
        let mut board = ProjectBoard::clone(&whole);
        board.rows.retain(|row| {
            stage_filter.is_none_or(|s| row.assessment.stage == Some(s))
                && filter.level.is_none_or(|l| row.assessment.level == l)
                && filter
                    .region
                    .is_none_or(|r| r.contains(&row.project.region))
                && filter
                    .department
                    .as_deref()
                    .is_none_or(|d| row.project.department == d.trim())
        });
        let level_count = |l: Level| {
            board
                .rows
                .iter()
                .filter(|r| r.assessment.level == l)
                .count()
        };
        (board.green, board.yellow, board.red) = (
            level_count(Level::Green),
            level_count(Level::Yellow),
            level_count(Level::Red),
        );
        board.rows_total = board.rows.len();
        if let Some((skip, take)) = filter.window {
            board.offset = skip.min(board.rows_total);
            board.rows = board.rows.into_iter().skip(skip).take(take).collect();
        }
        Ok(board)
    }

    /// Every project assessed on `today`, furthest stage first, then worst level, then id.
    async fn whole_board(&self, today: Day, config: &ProjectConfig) -> Result<ProjectBoard> {
        let due_month = report_month_due(today, config);
        // The three reads run at once, each on a connection (and a core) of its own.
        let store = self.store.clone();
        let latest = tokio::spawn(async move { store.reports_for_board(due_month).await });
        let store = self.store.clone();
        let open = tokio::spawn(async move { store.open_problem_summaries(today).await });
        let store = self.store.clone();
        let projects = tokio::spawn(async move { store.projects().await });
        let joined = |e: tokio::task::JoinError| AppError::internal(format!("board read: {e}"));
        let mut reports: HashMap<String, Vec<ProgressReport>> = HashMap::new();
        for r in latest.await.map_err(joined)?? {
            reports.entry(r.project.clone()).or_default().push(r);
        }
        let mut problems: HashMap<String, liantu_store::OpenProblems> = open
            .await
            .map_err(joined)??
            .into_iter()
            .map(|p| (p.project.clone(), p))
            .collect();
        let names = self.place_names().await?;
        let mut counts: Vec<StageCount> = std::iter::once(None)
            .chain((0..config.stages.len()).map(Some))
            .map(|i| StageCount {
                stage: i.map(|i| stage_ref(config, i)),
                projects: 0,
                investment: 0.0,
            })
            .collect();
        let mut sources = std::collections::BTreeSet::new();
        let mut rows = Vec::new();
        let projects = projects.await.map_err(joined)??;
        let total = projects.len();
        for mut p in projects {
            in_ladder_order(&mut p, config);
            let reports = reports.remove(&p.id).unwrap_or_default();
            let open = problems.remove(&p.id);
            let row = project_row(p, &reports, open.as_ref(), today, config, &names);
            let at = row.assessment.stage.map_or(0, |i| i + 1);
            counts[at].projects += 1;
            counts[at].investment += row.project.investment;
            sources.insert(row.project.source.clone());
            sources.extend(reports.iter().map(|r| r.source.clone()));
            rows.push(std::sync::Arc::new(row));
        }
        rows.sort_by(|a, b| {
            b.assessment
                .stage
                .cmp(&a.assessment.stage)
                .then(b.assessment.level.cmp(&a.assessment.level))
                .then(a.project.id.cmp(&b.project.id))
        });
        let level_count = |l: Level| rows.iter().filter(|r| r.assessment.level == l).count();
        Ok(ProjectBoard {
            as_of: today,
            settings_version: config.version,
            ladder: (0..config.stages.len())
                .map(|i| stage_ref(config, i))
                .collect(),
            stages: counts,
            total,
            rows_total: rows.len(),
            offset: 0,
            green: level_count(Level::Green),
            yellow: level_count(Level::Yellow),
            red: level_count(Level::Red),
            rows,
            sources: sources.into_iter().collect(),
        })
    }

    /// One project with its ladder, reports, S-curve and problems.
    pub async fn project_detail(&self, id: &str) -> Result<ProjectDetail> {
        self.require_read(ReadArea::Investment)?;
        let config = self.project_config().await?;
        let today = self.beijing_today();
        let mut p = self.stored_project(id).await?;
        in_ladder_order(&mut p, &config);
        let reports = self.store.project_reports(id).await?;
        let filter = liantu_store::ProblemFilter {
            project: Some(id.to_string()),
            ..Default::default()
        };
        // In the list's order (overdue first), which the store's query defines.
        let problems: Vec<Problem> = self
            .store
            .problem_page(&filter, today, None)
            .await?
            .rows
            .into_iter()
            .map(|(q, _)| q)
            .collect();
        let names = self.place_names().await?;
        let nodes = self.project_nodes(&p).await?;
        let ladder = ladder(&p, today, &config);
        let path = s_curve(&p, &reports, &config);
        let problem_rows: Vec<ProblemRow> = problems
            .iter()
            .map(|q| ProblemRow {
                problem: q.clone(),
                project_name: p.name.clone(),
                overdue_days: overdue_days(q, today),
            })
            .collect();
        let overdue = liantu_projects::OverdueProblems::of(&p.id, &problems, today);
        let open = liantu_store::OpenProblems {
            project: p.id.clone(),
            open: problems.iter().filter(|q| q.status.is_open()).count(),
            overdue: overdue.count,
            oldest_overdue: overdue.oldest,
        };
        let candidate_name = match &p.candidate {
            Some(c) => self.store.candidate(c).await?.map(|x| x.name),
            None => None,
        };
        let row = project_row(p, &reports, Some(&open), today, &config, &names);
        Ok(ProjectDetail {
            as_of: today,
            row,
            candidate_name,
            prediction: self.prediction_view(id).await?,
            nodes,
            ladder,
            reports,
            path,
            problems: problem_rows,
        })
    }

    /// The problem list for `query`, overdue first; `query.window` rows of it, with the counts
    /// of the whole list.
    pub async fn problem_list(&self, query: &ProblemQuery) -> Result<ProblemList> {
        self.require_read(ReadArea::Investment)?;
        let config = self.project_config().await?;
        let today = self.beijing_today();
        let filter = liantu_store::ProblemFilter {
            project: query.project.clone(),
            department: query.department.as_ref().map(|d| d.trim().to_string()),
            open_only: query.open_only,
            overdue_only: query.overdue_only,
        };
        let page = self
            .store
            .problem_page(&filter, today, query.window)
            .await?;
        Ok(ProblemList {
            as_of: today,
            departments: config.departments.clone(),
            total: page.total,
            open: page.open,
            overdue: page.overdue,
            rows: page
                .rows
                .into_iter()
                .map(|(p, project_name)| ProblemRow {
                    overdue_days: overdue_days(&p, today),
                    project_name,
                    problem: p,
                })
                .collect(),
        })
    }

    /// One problem with its history.
    pub async fn problem_detail(&self, id: i64) -> Result<ProblemDetail> {
        self.require_read(ReadArea::Investment)?;
        let p = self.stored_problem(id).await?;
        let project = self.stored_project(&p.project).await?;
        Ok(ProblemDetail {
            events: self.store.problem_events(id).await?,
            row: ProblemRow {
                project_name: project.name,
                overdue_days: overdue_days(&p, self.beijing_today()),
                problem: p,
            },
        })
    }

    async fn stored_project(&self, id: &str) -> Result<Project> {
        self.store
            .project(id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("没有项目 '{id}' / no project '{id}'")))
    }

    async fn stored_problem(&self, id: i64) -> Result<Problem> {
        self.store
            .problem(id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("没有问题 {id} / no problem {id}")))
    }

    /// Region and park names by code and id.
    async fn place_names(&self) -> Result<PlaceNames> {
        Ok(PlaceNames {
            regions: self
                .store
                .regions()
                .await?
                .into_iter()
                .map(|r| (r.code, (r.name_zh, r.name_en)))
                .collect(),
            parks: self
                .store
                .parks()
                .await?
                .into_iter()
                .map(|p| (p.id, (p.name_zh, p.name_en)))
                .collect(),
        })
    }

    async fn project_nodes(&self, p: &Project) -> Result<Vec<ProjectNode>> {
        let chains = self.all_chains().await?;
        Ok(p.nodes
            .iter()
            .map(|k| {
                let chain = chains.iter().find(|c| c.id == k.chain);
                let node = chain.and_then(|c| c.nodes.iter().find(|n| n.id == k.node));
                ProjectNode {
                    chain: k.chain.clone(),
                    node: k.node.clone(),
                    chain_zh: chain.map_or_else(|| k.chain.clone(), |c| c.name_zh.clone()),
                    name_zh: node.map_or_else(|| k.node.clone(), |n| n.name_zh.clone()),
                    name_en: node.map_or_else(|| k.node.clone(), |n| n.name_en.clone()),
                }
            })
            .collect())
    }
}

struct PlaceNames {
    regions: HashMap<RegionCode, (String, String)>,
    parks: HashMap<String, (String, String)>,
}

/// The month whose report is due on `today`: this month after the due day, else the last.
pub(crate) fn report_month_due(today: Day, config: &ProjectConfig) -> YearMonth {
    let day = i64::from(today.date().day());
    if day > i64::from(config.warnings.report_due_day) {
        today.month()
    } else {
        today.month().previous()
    }
}

/// A stage the ladder does not have: well-formed text naming nothing (404 on the web).
fn unknown_stage(text: &str, config: &ProjectConfig) -> AppError {
    let names: Vec<&str> = config.stages.iter().map(|s| s.name_zh.as_str()).collect();
    AppError::not_found(format!(
        "未知阶段「{text}」，可用：{} / unknown stage '{text}'",
        names.join("、")
    ))
}

fn project_row(
    project: Project,
    reports: &[ProgressReport],
    problems: Option<&liantu_store::OpenProblems>,
    today: Day,
    config: &ProjectConfig,
    names: &PlaceNames,
) -> ProjectRow {
    let overdue = liantu_projects::OverdueProblems {
        count: problems.map_or(0, |p| p.overdue),
        oldest: problems.and_then(|p| p.oldest_overdue.clone()),
    };
    let assessment = liantu_projects::assess_with(&project, reports, &overdue, today, config);
    let latest = reports.iter().max_by_key(|r| r.month);
    let (region_zh, region_en) = names
        .regions
        .get(&project.region)
        .cloned()
        .unwrap_or_else(|| (project.region.to_string(), project.region.to_string()));
    let park = project.park.as_ref().map(|id| {
        names
            .parks
            .get(id)
            .cloned()
            .unwrap_or_else(|| (id.clone(), id.clone()))
    });
    ProjectRow {
        stage: assessment.stage.map(|i| stage_ref(config, i)),
        next_stage: assessment.next_stage.map(|i| stage_ref(config, i)),
        region_zh,
        region_en,
        park_zh: park.as_ref().map(|p| p.0.clone()),
        park_en: park.map(|p| p.1),
        latest_report: latest.cloned(),
        open_problems: problems.map_or(0, |p| p.open),
        overdue_problems: overdue.count,
        assessment,
        project,
    }
}

fn ladder(p: &Project, today: Day, config: &ProjectConfig) -> Vec<StageLine> {
    (0..config.stages.len())
        .map(|i| {
            let dates = p
                .stages
                .iter()
                .find(|s| config.stage_index(&s.stage) == Some(i));
            let planned = dates.and_then(|d| d.planned);
            let actual = dates.and_then(|d| d.actual);
            let late_days = match (planned, actual) {
                (Some(plan), Some(done)) => Some(done.days_since(plan)),
                (Some(plan), None) if today > plan => Some(today.days_since(plan)),
                _ => None,
            };
            StageLine {
                stage: stage_ref(config, i),
                planned,
                actual,
                late_days,
            }
        })
        .collect()
}

fn s_curve(p: &Project, reports: &[ProgressReport], config: &ProjectConfig) -> Vec<PathPoint> {
    let Some(path) = liantu_projects::schedule_path(p, config) else {
        return Vec::new();
    };
    let actual: HashMap<YearMonth, f64> = reports
        .iter()
        .map(|r| (r.month, r.invested_total))
        .collect();
    let last = reports
        .iter()
        .map(|r| r.month)
        .max()
        .map_or(path.1.month(), |m| m.max(path.1.month()));
    let mut month = path.0.month().min(
        reports
            .iter()
            .map(|r| r.month)
            .min()
            .unwrap_or(path.0.month()),
    );
    let mut out = Vec::new();
    while month <= last {
        out.push(PathPoint {
            month,
            expected: liantu_projects::expected_at(p, path, month.last_day()),
            actual: actual.get(&month).copied(),
        });
        month = month.next();
    }
    out
}

#[cfg(test)]
mod tests;
