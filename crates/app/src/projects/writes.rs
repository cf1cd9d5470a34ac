//! The writes of the project service: a project added or edited, a stage reached or planned, a
//! monthly report, a problem raised and each step it takes, a new version of the settings. Each
//! is checked whole (every field error listed) before anything is written, and only within the
//! actor's scope.

use super::unknown_stage;
use crate::{App, AppError, Result, WriteTarget};
use liantu_model::Day;
use liantu_model::project::{
    Problem, ProblemCategory, ProblemStatus, ProgressReport, Project, StageDates,
};
use liantu_projects::{FieldError, ProblemAction, ProjectConfig};
use std::collections::HashSet;

pub(super) fn rejected(errors: &[FieldError]) -> AppError {
    AppError::invalid(
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The parks, candidates and chain nodes a project may name.
pub(super) struct References {
    parks: HashSet<String>,
    candidates: HashSet<String>,
    nodes: HashSet<String>,
}

impl References {
    /// Its park, candidate and chain nodes exist.
    pub(super) fn check(&self, p: &Project) -> Vec<FieldError> {
        let field = |field: &str, zh: String, en: String| FieldError {
            field: field.into(),
            zh,
            en,
        };
        let mut out = Vec::new();
        if let Some(park) = p.park.as_ref().filter(|x| !self.parks.contains(*x)) {
            out.push(field(
                "park",
                format!("未知园区「{park}」"),
                format!("unknown park '{park}'"),
            ));
        }
        if let Some(c) = p
            .candidate
            .as_ref()
            .filter(|x| !self.candidates.contains(*x))
        {
            out.push(field(
                "candidate",
                format!("未知候选项目「{c}」"),
                format!("unknown candidate '{c}'"),
            ));
        }
        for k in p
            .nodes
            .iter()
            .filter(|k| !self.nodes.contains(&k.to_string()))
        {
            out.push(field(
                "nodes",
                format!("环节「{k}」不在已安装的产业链中"),
                format!("node '{k}' is not in an installed chain"),
            ));
        }
        out
    }
}

/// A new problem as people raise it; it starts 交办 to `department`.
#[derive(Debug, Clone)]
pub struct NewProblem {
    pub project: String,
    pub title: String,
    pub category: ProblemCategory,
    pub department: String,
    pub due: Day,
    /// The day raised; today when not given.
    pub raised: Option<Day>,
}

impl NewProblem {
    /// The problem as recorded: 交办 to its department, raised on `today` unless given.
    pub(super) fn problem(&self, today: Day) -> Problem {
        Problem {
            id: 0,
            project: self.project.clone(),
            title: self.title.trim().to_string(),
            category: self.category,
            department: self.department.trim().to_string(),
            raised: self.raised.unwrap_or(today),
            due: self.due,
            status: ProblemStatus::Assigned,
            resolution: String::new(),
            closed_by: None,
            closed: None,
        }
    }
}

/// Stages given by name (签约) kept by id, in ladder order.
fn normalize(project: &mut Project, config: &ProjectConfig) {
    for s in &mut project.stages {
        if let Some(def) = config.stage(&s.stage) {
            s.stage = def.id.clone();
        }
    }
    super::in_ladder_order(project, config);
}

/// A stage's dates to set: `actual` reaches it (推进), `planned` plans it.
#[derive(Debug, Clone)]
pub struct StageChange {
    /// Stage id or name (Chinese or English).
    pub stage: String,
    pub planned: Option<Day>,
    pub actual: Option<Day>,
}

impl App {
    /// Installs a new version of the stage ladder and rules; its version must be above the one in
    /// force. Returns the version.
    pub async fn install_project_config(&self, text: &str) -> Result<u32> {
        self.require_write(WriteTarget::City).await?;
        let config = ProjectConfig::parse(text).map_err(|e| AppError::invalid(e.to_string()))?;
        let current = self.project_config().await?;
        if self.store.project_settings().await?.is_some() && config.version <= current.version {
            return Err(AppError::conflict(format!(
                "版本须高于现行的第 {0} 版 / the version must be above {0}, the one in force",
                current.version
            )));
        }
        let now = crate::clock::stored(self.clock.now());
        self.writing(async {
            Ok(self
                .store
                .install_project_settings(i64::from(config.version), text, &now)
                .await?)
        })
        .await?;
        Ok(config.version)
    }

    /// Saves a project from a form or a file. A new one must not reuse an id; an edit keeps its
    /// reports and problems. Both the stored and the new project must be in the actor's scope.
    pub async fn save_project(&self, project: &Project, is_new: bool) -> Result<()> {
        let config = self.project_config().await?;
        let mut project = project.clone();
        normalize(&mut project, &config);
        let before = self.store.project(&project.id).await?;
        if let Some(before) = &before {
            self.require_write(WriteTarget::Project(before)).await?;
        }
        self.require_write(WriteTarget::Project(&project)).await?;
        match (is_new, before.is_some()) {
            (true, true) => {
                return Err(AppError::conflict(format!(
                    "已有编号为 '{0}' 的项目 / a project with id '{0}' exists",
                    project.id
                )));
            }
            (false, false) => {
                return Err(AppError::not_found(format!(
                    "没有项目 '{0}' / no project '{0}'",
                    project.id
                )));
            }
            _ => {}
        }
        let mut errors = liantu_projects::check_project(&project, &config);
        errors.extend(self.references().await?.check(&project));
        if !errors.is_empty() {
            return Err(rejected(&errors));
        }
        self.writing(async {
            Ok(self
                .store
                .save_projects(std::slice::from_ref(&project))
                .await?)
        })
        .await
    }

    /// What a project may name: parks, candidates and chain nodes, read once for a batch.
    pub(super) async fn references(&self) -> Result<References> {
        let mut nodes = HashSet::new();
        for chain in self.all_chains().await? {
            for n in &chain.nodes {
                nodes.insert(format!("{}:{}", chain.id, n.id));
            }
        }
        Ok(References {
            parks: self
                .store
                .parks()
                .await?
                .into_iter()
                .map(|p| p.id)
                .collect(),
            candidates: self
                .store
                .candidates()
                .await?
                .into_iter()
                .map(|c| c.id)
                .collect(),
            nodes,
        })
    }

    /// Sets a stage's dates (推进 with an actual date, 计划 with a planned one) and saves the
    /// project if the ladder still holds.
    pub async fn change_stage(&self, id: &str, change: &StageChange) -> Result<Project> {
        let config = self.project_config().await?;
        let mut p = self.stored_project(id).await?;
        let i = config
            .stage_index(&change.stage)
            .ok_or_else(|| unknown_stage(&change.stage, &config))?;
        let stage = config.stages[i].id.clone();
        if change.planned.is_none() && change.actual.is_none() {
            return Err(AppError::invalid(
                "须给出计划日期或实际日期 / give a planned or an actual date",
            ));
        }
        if let Some(actual) = change.actual
            && actual > self.beijing_today()
        {
            return Err(AppError::invalid(format!(
                "实际日期 {actual} 尚未到来 / the actual date {actual} is in the future"
            )));
        }
        match p
            .stages
            .iter_mut()
            .find(|s| config.stage_index(&s.stage) == Some(i))
        {
            Some(s) => {
                s.stage = stage;
                s.planned = change.planned.or(s.planned);
                s.actual = change.actual.or(s.actual);
            }
            None => p.stages.push(StageDates {
                stage,
                planned: change.planned,
                actual: change.actual,
            }),
        }
        super::in_ladder_order(&mut p, &config);
        self.save_project(&p, false).await?;
        Ok(p)
    }

    /// Records a month's progress report (replacing one for the same month).
    pub async fn save_report(&self, report: &ProgressReport) -> Result<()> {
        let project = self.stored_project(&report.project).await?;
        self.require_write(WriteTarget::Project(&project)).await?;
        let stored: Vec<ProgressReport> = self
            .store
            .project_reports(&report.project)
            .await?
            .into_iter()
            .filter(|r| r.month != report.month)
            .collect();
        let errors = liantu_projects::check_report(report, &stored, self.beijing_today());
        if !errors.is_empty() {
            return Err(rejected(&errors));
        }
        self.writing(async {
            Ok(self
                .store
                .save_reports(std::slice::from_ref(report))
                .await?)
        })
        .await
    }

    /// Raises a problem on a project, 交办 to a department. Returns its number.
    pub async fn add_problem(&self, new: &NewProblem) -> Result<i64> {
        let config = self.project_config().await?;
        let project = self.stored_project(&new.project).await?;
        self.require_write(WriteTarget::Project(&project)).await?;
        let problem = new.problem(self.beijing_today());
        let errors = liantu_projects::check_problem(&problem, &config);
        if !errors.is_empty() {
            return Err(rejected(&errors));
        }
        let ids = self
            .writing(async {
                Ok(self
                    .store
                    .add_problems(std::slice::from_ref(&problem))
                    .await?)
            })
            .await?;
        ids.first()
            .copied()
            .ok_or_else(|| AppError::internal("no problem id was taken"))
    }

    /// Takes one step on a problem (交办, 办理, 办结, 销号, 退回); the step is kept in its
    /// history.
    pub async fn problem_step(&self, id: i64, action: &ProblemAction) -> Result<Problem> {
        let config = self.project_config().await?;
        let problem = self.stored_problem(id).await?;
        let project = self.stored_project(&problem.project).await?;
        self.require_write(WriteTarget::Project(&project)).await?;
        let who = self.user().map(|u| u.name.clone());
        let next = liantu_projects::apply(
            &problem,
            action,
            who.as_deref(),
            self.beijing_today(),
            &config,
        )
        .map_err(|e| rejected(&[e]))?;
        let note = format!("{}：{}", action.label_zh(), action.note());
        let note = note.trim_end_matches('：').to_string();
        self.writing(async { Ok(self.store.update_problem(&next, &note).await?) })
            .await?;
        Ok(next)
    }
}

/// Errors of a batch, each prefixed with the record it is about; at most `MAX_LISTED` listed.
fn batch_rejected(errors: Vec<(String, FieldError)>) -> AppError {
    const MAX_LISTED: usize = 200;
    let total = errors.len();
    let mut lines: Vec<String> = errors
        .iter()
        .take(MAX_LISTED)
        .map(|(what, e)| format!("{what}: {e}"))
        .collect();
    if total > MAX_LISTED {
        lines.push(format!("……共 {total} 处错误 / {total} errors in all"));
    }
    AppError::invalid(lines.join("\n"))
}

impl App {
    /// Records many monthly reports at once (a 调度表 file, a migration): each is checked against
    /// the project's stored reports and the others of the batch, every error is listed, and
    /// nothing is written unless all are good.
    pub async fn save_reports_batch(&self, reports: &[ProgressReport]) -> Result<usize> {
        let errors = self.report_errors(reports).await?;
        if !errors.is_empty() {
            return Err(batch_rejected(
                errors
                    .into_iter()
                    .map(|(i, e)| (format!("{} {}", reports[i].project, reports[i].month), e))
                    .collect(),
            ));
        }
        self.writing(async { Ok(self.store.save_reports(reports).await?) })
            .await?;
        Ok(reports.len())
    }

    /// What is wrong with each report of a batch (by its index), against the stored reports and
    /// the batch's others; `Forbidden` for a project outside the actor's scope.
    pub(crate) async fn report_errors(
        &self,
        reports: &[ProgressReport],
    ) -> Result<Vec<(usize, FieldError)>> {
        use std::collections::HashMap;
        let projects: HashMap<String, Project> = self
            .store
            .projects()
            .await?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
        let mut by_project: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in reports.iter().enumerate() {
            by_project.entry(r.project.as_str()).or_default().push(i);
        }
        let today = self.beijing_today();
        let mut errors = Vec::new();
        for (id, mine) in &by_project {
            let Some(project) = projects.get(*id) else {
                errors.extend(mine.iter().map(|&i| {
                    (
                        i,
                        FieldError {
                            field: "project".into(),
                            zh: format!("没有项目「{id}」"),
                            en: format!("no project '{id}'"),
                        },
                    )
                }));
                continue;
            };
            self.require_write(WriteTarget::Project(project)).await?;
            let mut seen = HashMap::new();
            for &i in mine {
                if let Some(first) = seen.insert(reports[i].month, i) {
                    errors.push((
                        i,
                        FieldError {
                            field: "month".into(),
                            zh: format!("{} 的调度在本批中出现两次", reports[i].month.zh()),
                            en: format!(
                                "{} is reported twice (also #{})",
                                reports[i].month,
                                first + 1
                            ),
                        },
                    ));
                }
            }
            // The project's months in order, the batch's replacing stored ones: a cumulative
            // figure between its neighbours' is between all of them.
            let mut all: Vec<(Option<usize>, ProgressReport)> = self
                .store
                .project_reports(id)
                .await?
                .into_iter()
                .filter(|s| !seen.contains_key(&s.month))
                .map(|s| (None, s))
                .collect();
            all.extend(seen.values().map(|&i| (Some(i), reports[i].clone())));
            all.sort_by_key(|(_, r)| r.month);
            for (k, (index, r)) in all.iter().enumerate() {
                let Some(i) = index else { continue };
                let neighbours: Vec<ProgressReport> = [k.checked_sub(1), Some(k + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| all.get(j).map(|(_, o)| o.clone()))
                    .collect();
                for e in liantu_projects::check_report(r, &neighbours, today) {
                    errors.push((*i, e));
                }
            }
        }
        errors.sort_by_key(|(i, _)| *i);
        Ok(errors)
    }

    /// Adds or replaces many projects at once, each checked as [`App::save_project`] checks one;
    /// all errors listed, nothing written unless all are good.
    pub async fn save_projects_batch(&self, list: &[Project]) -> Result<usize> {
        let config = self.project_config().await?;
        let references = self.references().await?;
        let mut errors = Vec::new();
        let mut out = Vec::with_capacity(list.len());
        for p in list {
            let mut p = p.clone();
            normalize(&mut p, &config);
            self.require_write(WriteTarget::Project(&p)).await?;
            errors.extend(
                liantu_projects::check_project(&p, &config)
                    .into_iter()
                    .chain(references.check(&p))
                    .map(|e| (p.id.clone(), e)),
            );
            out.push(p);
        }
        if !errors.is_empty() {
            return Err(batch_rejected(errors));
        }
        self.writing(async { Ok(self.store.save_projects(&out).await?) })
            .await?;
        Ok(out.len())
    }

    /// Raises many problems at once; all checked first, nothing written unless all are good.
    pub async fn add_problems_batch(&self, list: &[NewProblem]) -> Result<Vec<i64>> {
        use std::collections::HashMap;
        let config = self.project_config().await?;
        let projects: HashMap<String, Project> = self
            .store
            .projects()
            .await?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
        let today = self.beijing_today();
        let mut errors = Vec::new();
        let mut out = Vec::with_capacity(list.len());
        for (i, new) in list.iter().enumerate() {
            let Some(project) = projects.get(&new.project) else {
                errors.push((
                    format!("#{}", i + 1),
                    FieldError {
                        field: "project".into(),
                        zh: format!("没有项目「{}」", new.project),
                        en: format!("no project '{}'", new.project),
                    },
                ));
                continue;
            };
            self.require_write(WriteTarget::Project(project)).await?;
            let problem = new.problem(today);
            errors.extend(
                liantu_projects::check_problem(&problem, &config)
                    .into_iter()
                    .map(|e| (format!("#{}", i + 1), e)),
            );
            out.push(problem);
        }
        if !errors.is_empty() {
            return Err(batch_rejected(errors));
        }
        self.writing(async { Ok(self.store.add_problems(&out).await?) })
            .await
    }
}
