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

fn rejected(errors: &[FieldError]) -> AppError {
    AppError::invalid(
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    )
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
        // Stages may be given by name (签约); they are kept by id.
        for s in &mut project.stages {
            if let Some(def) = config.stage(&s.stage) {
                s.stage = def.id.clone();
            }
        }
        super::in_ladder_order(&mut project, &config);
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
        errors.extend(self.check_references(&project).await?);
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

    /// Its park, candidate and chain nodes exist.
    async fn check_references(&self, p: &Project) -> Result<Vec<FieldError>> {
        let mut out = Vec::new();
        let field = |field: &str, zh: String, en: String| FieldError {
            field: field.into(),
            zh,
            en,
        };
        if let Some(park) = &p.park
            && !self.store.parks().await?.iter().any(|x| &x.id == park)
        {
            out.push(field(
                "park",
                format!("未知园区「{park}」"),
                format!("unknown park '{park}'"),
            ));
        }
        if let Some(c) = &p.candidate
            && !self.store.candidates().await?.iter().any(|x| &x.id == c)
        {
            out.push(field(
                "candidate",
                format!("未知候选项目「{c}」"),
                format!("unknown candidate '{c}'"),
            ));
        }
        let chains = self.all_chains().await?;
        for k in &p.nodes {
            let known = chains
                .iter()
                .any(|c| c.id == k.chain && c.nodes.iter().any(|n| n.id == k.node));
            if !known {
                out.push(field(
                    "nodes",
                    format!("环节「{k}」不在已安装的产业链中"),
                    format!("node '{k}' is not in an installed chain"),
                ));
            }
        }
        Ok(out)
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
        let problem = Problem {
            id: 0,
            project: new.project.clone(),
            title: new.title.trim().to_string(),
            category: new.category,
            department: new.department.trim().to_string(),
            raised: new.raised.unwrap_or_else(|| self.beijing_today()),
            due: new.due,
            status: ProblemStatus::Assigned,
            resolution: String::new(),
            closed_by: None,
            closed: None,
        };
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
