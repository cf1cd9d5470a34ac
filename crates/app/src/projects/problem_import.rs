//! The 问题清单 from Excel: each row a problem raised on a project (matched by 项目编号, else by
//! its exact 项目名称) and 交办 to its department, checked by the project service's rules; a row
//! already on the list (same project, description and day raised) is refused, so a file uploaded
//! twice adds nothing. Every bad cell reported with its row and column; nothing written unless
//! every row is good.

use super::import::{Bad, BadCell, Lookup, rejected};
use super::writes::NewProblem;
use crate::{App, AppError, Result, WriteTarget};
use liantu_ingest::progress::{problem_columns, read_problem_rows};
use liantu_model::Day;
use liantu_model::project::ProblemCategory;
use std::collections::HashSet;
use std::path::Path;

/// Column positions in [`problem_columns`] order.
const ID: usize = 0;
const NAME: usize = 1;
const TITLE: usize = 2;
const CATEGORY: usize = 3;
const DEPARTMENT: usize = 4;
const DUE: usize = 5;
const RAISED: usize = 6;

fn date(at: usize, text: &str) -> std::result::Result<Day, BadCell> {
    Day::parse(text).map_err(|e| (at, format!("日期无效：{e}"), format!("bad date: {e}")))
}

/// One row as a new problem, or every bad cell of it — the project service's rules (known
/// department, due after raised, a description) checked even when a cell did not read.
fn read_row(
    lookup: &Lookup,
    cells: &[String],
    today: Day,
    config: &liantu_projects::ProjectConfig,
) -> std::result::Result<NewProblem, Vec<BadCell>> {
    let project = lookup.project((ID, &cells[ID]), (NAME, &cells[NAME]));
    let category = ProblemCategory::parse(&cells[CATEGORY]).ok_or_else(|| {
        let names: Vec<&str> = ProblemCategory::ALL.iter().map(|c| c.label_zh()).collect();
        (
            CATEGORY,
            format!(
                "问题类别须为 {} 之一：「{}」",
                names.join("、"),
                cells[CATEGORY]
            ),
            format!("unknown category '{}'", cells[CATEGORY]),
        )
    });
    let due = date(DUE, &cells[DUE]);
    let raised = if cells[RAISED].is_empty() {
        Ok(today)
    } else {
        date(RAISED, &cells[RAISED])
    };
    let mut bad: Vec<BadCell> = [
        &project.as_ref().err(),
        &category.as_ref().err(),
        &due.as_ref().err(),
        &raised.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    .map(|b| (*b).clone())
    .collect();
    let new = NewProblem {
        project: project.clone().unwrap_or_default(),
        title: cells[TITLE].clone(),
        category: category.unwrap_or(ProblemCategory::Other),
        department: cells[DEPARTMENT].clone(),
        due: due.clone().unwrap_or(today),
        raised: Some(raised.clone().unwrap_or(today)),
    };
    let unread: HashSet<usize> = bad.iter().map(|b| b.0).collect();
    for e in liantu_projects::check_problem(&new.problem(today), config) {
        let at = column_of(&e.field);
        // A date that did not read is not also "before the other".
        if !(at == DUE && (unread.contains(&DUE) || unread.contains(&RAISED))) {
            bad.push((at, e.zh, e.en));
        }
    }
    if bad.is_empty() { Ok(new) } else { Err(bad) }
}

/// The column a rule's field is read from.
fn column_of(field: &str) -> usize {
    match field {
        "title" => TITLE,
        "department" => DEPARTMENT,
        "due" => DUE,
        "raised" => RAISED,
        _ => NAME,
    }
}

impl App {
    /// Imports a 问题清单 (XLSX, XLS or CSV in UTF-8/GBK/GB18030): every row a new problem
    /// 交办 to its department. Returns the numbers given to them.
    pub async fn import_problems_file(
        &self,
        path: &Path,
        encoding: Option<&str>,
    ) -> Result<Vec<i64>> {
        let file =
            read_problem_rows(path, encoding).map_err(|e| AppError::invalid(e.to_string()))?;
        let headers: Vec<&str> = problem_columns().iter().map(|c| c.zh).collect();
        let config = self.project_config().await?;
        let projects = self.store.projects().await?;
        let lookup = Lookup::of(&projects);
        let by_id: std::collections::HashMap<&str, &liantu_model::project::Project> =
            projects.iter().map(|p| (p.id.as_str(), p)).collect();
        let today = self.beijing_today();
        // What is on the list already: (project, description, day raised).
        let stored = self
            .store
            .problem_page(&liantu_store::ProblemFilter::default(), today, None)
            .await?;
        let mut seen: HashSet<(String, String, Day)> = stored
            .rows
            .into_iter()
            .map(|(p, _)| (p.project, p.title, p.raised))
            .collect();
        let mut bad = Vec::new();
        let mut list = Vec::new();
        let mut push = |row: u64, (at, zh, en): BadCell| {
            bad.push(Bad {
                row,
                header: headers[at].to_string(),
                zh,
                en,
            })
        };
        for (row, cells) in &file.rows {
            let new = match read_row(&lookup, cells, today, &config) {
                Ok(new) => new,
                Err(cells) => {
                    cells.into_iter().for_each(|c| push(*row, c));
                    continue;
                }
            };
            let Some(project) = by_id.get(new.project.as_str()) else {
                continue;
            };
            if let Err(e) = self.require_write(WriteTarget::Project(project)).await {
                // The message holds both languages ("中文 / English").
                let text = e.to_string();
                let (zh, en) = text.split_once(" / ").unwrap_or((&text, &text));
                push(*row, (NAME, zh.to_string(), en.to_string()));
                continue;
            }
            let problem = new.problem(today);
            let key = (
                problem.project.clone(),
                problem.title.clone(),
                problem.raised,
            );
            if !seen.insert(key) {
                push(
                    *row,
                    (
                        TITLE,
                        format!("问题清单中已有此问题（{} 提出）", problem.raised),
                        format!("already on the list (raised {})", problem.raised),
                    ),
                );
            }
            list.push(new);
        }
        if !bad.is_empty() {
            return Err(rejected(bad));
        }
        self.add_problems_batch(&list).await
    }
}
