//! The demo's illustrative projects (`data/demo/projects.toml`, written by
//! `generate_projects.py`): projects over every stage, their monthly reports and problems, each
//! checked by the same rules as a person's input before anything is written.

use crate::{App, AppError, Result, WriteTarget};
use liantu_model::candidate::NodeKey;
use liantu_model::project::{
    Problem, ProblemCategory, ProblemStatus, ProgressReport, Project, StageDates,
};
use liantu_model::{Day, RegionCode, YearMonth};
use liantu_projects::ProjectConfig;
use serde::Deserialize;

const DEMO_PROJECTS: &str = include_str!("../../../../data/demo/projects.toml");
const SOURCE: &str = "illustrative";
/// The city the demo describes (柳州市).
const DEMO_CITY: &str = "450200";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    project: Vec<DemoProject>,
    report: Vec<DemoReport>,
    problem: Vec<DemoProblem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoProject {
    id: String,
    name: String,
    candidate: Option<String>,
    nodes: Vec<String>,
    park: Option<String>,
    region: String,
    investment: f64,
    land_mu: Option<f64>,
    annual_plan: Option<f64>,
    department: String,
    leader: String,
    contact: String,
    stages: Vec<StageDates>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoReport {
    project: String,
    month: YearMonth,
    invested_month: f64,
    invested_total: f64,
    progress_pct: Option<f64>,
    progress_text: String,
    output: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoProblem {
    project: String,
    title: String,
    category: ProblemCategory,
    department: String,
    raised: Day,
    due: Day,
    status: ProblemStatus,
    #[serde(default)]
    resolution: String,
}

fn bug(what: impl std::fmt::Display) -> AppError {
    AppError::internal(format!(
        "内置示例项目有误（liantu 缺陷）/ the built-in demo projects are invalid (a liantu bug): {what}"
    ))
}

/// The demo's projects, reports and problems, checked against `config`.
fn demo_records(
    config: &ProjectConfig,
) -> Result<(Vec<Project>, Vec<ProgressReport>, Vec<Problem>)> {
    let file: DemoFile = toml::from_str(DEMO_PROJECTS).map_err(bug)?;
    let mut projects = Vec::new();
    for p in file.project {
        let nodes = p
            .nodes
            .iter()
            .map(|k| NodeKey::parse(k).ok_or_else(|| bug(format!("node {k}"))))
            .collect::<Result<Vec<_>>>()?;
        let project = Project {
            region: RegionCode::parse(&p.region).map_err(bug)?,
            id: p.id,
            name: p.name,
            candidate: p.candidate,
            uscc: None,
            nodes,
            park: p.park,
            investment: p.investment,
            land_mu: p.land_mu,
            annual_plan: p.annual_plan,
            department: p.department,
            leader: p.leader,
            contact: p.contact,
            stages: p.stages,
            source: SOURCE.into(),
            note: String::new(),
        };
        if let Some(e) = liantu_projects::check_project(&project, config).first() {
            return Err(bug(format!("{}: {e}", project.id)));
        }
        projects.push(project);
    }
    let reports: Vec<ProgressReport> = file
        .report
        .into_iter()
        .map(|r| ProgressReport {
            project: r.project,
            month: r.month,
            invested_month: r.invested_month,
            invested_total: r.invested_total,
            progress_pct: r.progress_pct,
            progress_text: r.progress_text,
            output: r.output,
            issues: String::new(),
            source: SOURCE.into(),
        })
        .collect();
    let problems: Vec<Problem> = file
        .problem
        .into_iter()
        .map(|p| {
            let closed = p.status == ProblemStatus::Closed;
            Problem {
                id: 0,
                project: p.project,
                title: p.title,
                category: p.category,
                department: p.department,
                raised: p.raised,
                due: p.due,
                status: p.status,
                resolution: p.resolution,
                closed_by: closed.then(|| "（示例）项目专班".to_string()),
                closed: closed.then_some(p.due),
            }
        })
        .collect();
    for p in &problems {
        if let Some(e) = liantu_projects::check_problem(p, config).first() {
            return Err(bug(format!("{}: {e}", p.title)));
        }
    }
    Ok((projects, reports, problems))
}

impl App {
    /// Loads the demo's illustrative projects, reports and problems unless projects are already
    /// recorded (returns how many projects were loaded).
    pub async fn load_demo_projects(&self) -> Result<usize> {
        self.require_write(WriteTarget::City).await?;
        if !self.store.projects().await?.is_empty() {
            return Ok(0);
        }
        let (projects, reports, problems) = demo_records(&self.project_config().await?)?;
        self.writing(async {
            self.store.save_projects(&projects).await?;
            self.store.save_reports(&reports).await?;
            self.store.add_problems(&problems).await?;
            Ok(())
        })
        .await?;
        // The demo's projects taken up from candidates carry the what-if's prediction, made now
        // for the demo city from its (illustrative) data.
        let city = RegionCode::parse(DEMO_CITY).map_err(bug)?;
        for p in &projects {
            if let Some(candidate) = &p.candidate {
                let prediction = self.prediction(&p.id, candidate, city).await?;
                self.writing(async { Ok(self.store.save_prediction(&prediction).await?) })
                    .await?;
            }
        }
        Ok(projects.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_spreads_over_every_stage_and_its_reports_pass_the_report_checks() {
        let config = ProjectConfig::builtin();
        let (projects, reports, problems) = demo_records(&config).unwrap();
        assert!(projects.len() >= 30, "{} projects", projects.len());
        for (i, stage) in config.stages.iter().enumerate() {
            let at = projects
                .iter()
                .filter(|p| {
                    let reached = p.stages.iter().filter(|s| s.actual.is_some()).count();
                    reached == i + 1
                })
                .count();
            assert!(at > 0, "no demo project at {}", stage.id);
        }
        for p in &projects {
            let mine: Vec<&ProgressReport> = reports.iter().filter(|r| r.project == p.id).collect();
            for (n, r) in mine.iter().enumerate() {
                let before: Vec<ProgressReport> = mine[..n].iter().map(|r| (*r).clone()).collect();
                let today = Day::parse("2026-12-04").unwrap();
                let errors = liantu_projects::check_report(r, &before, today);
                assert!(errors.is_empty(), "{} {}: {errors:?}", p.id, r.month);
            }
        }
        let known: std::collections::HashSet<&str> =
            projects.iter().map(|p| p.id.as_str()).collect();
        assert!(problems.iter().all(|p| known.contains(p.project.as_str())));
        assert!(reports.iter().all(|r| known.contains(r.project.as_str())));
    }
}
