//! Project service records: projects with their stage dates, monthly progress reports, problems
//! with their history, and the versions of the project settings. Each write is one transaction
//! with its audit row.

use crate::write::{bump_revision, take_ids};
use crate::{Double, Result, Store, StoreError, corrupt};
use liantu_model::candidate::NodeKey;
use liantu_model::project::{
    Prediction, Problem, ProblemCategory, ProblemEvent, ProblemStatus, ProgressReport, Project,
    StageDates,
};
use liantu_model::{Day, RegionCode, YearMonth};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;

fn day(text: Option<String>) -> Result<Option<Day>> {
    text.map(|t| Day::parse(&t).map_err(corrupt)).transpose()
}

/// A project's columns as stored, before they are checked into a [`Project`]. In column order
/// (`PROJECT_COLUMNS`), so SQLite can hand the whole table over as one JSON array of these.
#[derive(serde::Deserialize)]
struct ProjectColumns(
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    String,
    f64,
    Option<f64>,
    Option<f64>,
    String,
    String,
    String,
    String,
    String,
    String,
);

const PROJECT_COLUMNS: &str = "id, name, candidate, uscc, nodes, park, region, investment, \
    land_mu, annual_plan, department, leader, contact, source, note, stages";

impl ProjectColumns {
    fn from_row(r: &AnyRow) -> Result<ProjectColumns> {
        Ok(ProjectColumns(
            r.try_get("id")?,
            r.try_get("name")?,
            r.try_get("candidate")?,
            r.try_get("uscc")?,
            r.try_get("nodes")?,
            r.try_get("park")?,
            r.try_get("region")?,
            r.try_get("investment")?,
            r.try_get("land_mu")?,
            r.try_get("annual_plan")?,
            r.try_get("department")?,
            r.try_get("leader")?,
            r.try_get("contact")?,
            r.try_get("source")?,
            r.try_get("note")?,
            r.try_get("stages")?,
        ))
    }

    fn into_project(self) -> Result<Project> {
        let ProjectColumns(
            id,
            name,
            candidate,
            uscc,
            nodes,
            park,
            region,
            investment,
            land_mu,
            annual_plan,
            department,
            leader,
            contact,
            source,
            note,
            stages,
        ) = self;
        let nodes = nodes
            .split('|')
            .filter(|s| !s.is_empty())
            .map(|s| NodeKey::parse(s).ok_or_else(|| corrupt(format!("project node '{s}'"))))
            .collect::<Result<Vec<_>>>()?;
        Ok(Project {
            id,
            name,
            candidate,
            uscc,
            nodes,
            park,
            region: RegionCode::parse(&region).map_err(corrupt)?,
            investment,
            land_mu,
            annual_plan,
            department,
            leader,
            contact,
            stages: decode_stages(&stages)?,
            source,
            note,
        })
    }
}

fn project_from_row(r: &AnyRow) -> Result<Project> {
    ProjectColumns::from_row(r)?.into_project()
}

/// A report's columns as stored (see [`ProjectColumns`]).
#[derive(serde::Deserialize)]
struct ReportColumns(
    String,
    String,
    f64,
    f64,
    Option<f64>,
    String,
    Option<f64>,
    String,
    String,
);

const REPORT_COLUMNS: &str = "project_id, month, invested_month, invested_total, progress_pct, \
    progress_text, output, issues, source";

impl ReportColumns {
    fn into_report(self) -> Result<ProgressReport> {
        let ReportColumns(
            project,
            month,
            invested_month,
            invested_total,
            pct,
            text,
            output,
            issues,
            source,
        ) = self;
        Ok(ProgressReport {
            project,
            month: YearMonth::parse(&month).map_err(corrupt)?,
            invested_month,
            invested_total,
            progress_pct: pct,
            progress_text: text,
            output,
            issues,
            source,
        })
    }
}

fn report_from_row(r: &AnyRow) -> Result<ProgressReport> {
    ReportColumns(
        r.try_get("project_id")?,
        r.try_get("month")?,
        r.try_get("invested_month")?,
        r.try_get("invested_total")?,
        r.try_get("progress_pct")?,
        r.try_get("progress_text")?,
        r.try_get("output")?,
        r.try_get("issues")?,
        r.try_get("source")?,
    )
    .into_report()
}

/// A problem's columns as stored (see [`ProjectColumns`]).
#[derive(serde::Deserialize)]
struct ProblemColumns(
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
);

const PROBLEM_COLUMNS: &str = "id, project_id, title, category, department, raised, due, status, \
    resolution, closed_by, closed";

impl ProblemColumns {
    fn into_problem(self) -> Result<Problem> {
        let ProblemColumns(
            id,
            project,
            title,
            category,
            department,
            raised,
            due,
            status,
            resolution,
            closed_by,
            closed,
        ) = self;
        Ok(Problem {
            id,
            project,
            title,
            category: ProblemCategory::parse(&category)
                .ok_or_else(|| corrupt(format!("problem category '{category}'")))?,
            department,
            raised: day(raised)?.ok_or_else(|| corrupt("problem without a date"))?,
            due: day(due)?.ok_or_else(|| corrupt("problem without a due date"))?,
            status: ProblemStatus::parse(&status)
                .ok_or_else(|| corrupt(format!("problem status '{status}'")))?,
            resolution,
            closed_by,
            closed: day(closed)?,
        })
    }
}

fn problem_from_row(r: &AnyRow) -> Result<Problem> {
    ProblemColumns(
        r.try_get("id")?,
        r.try_get("project_id")?,
        r.try_get("title")?,
        r.try_get("category")?,
        r.try_get("department")?,
        r.try_get("raised")?,
        r.try_get("due")?,
        r.try_get("status")?,
        r.try_get("resolution")?,
        r.try_get("closed_by")?,
        r.try_get("closed")?,
    )
    .into_problem()
}

/// A project's open problems as the board reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenProblems {
    pub project: String,
    pub open: usize,
    pub overdue: usize,
    /// The overdue problem due first (the lowest number among those due the same day).
    pub oldest_overdue: Option<Problem>,
}

/// Which problems to list.
#[derive(Debug, Clone, Default)]
pub struct ProblemFilter {
    pub project: Option<String>,
    pub department: Option<String>,
    /// Only those still waiting for a department.
    pub open_only: bool,
    /// Only those still open past their due date (on the day given to [`Store::problem_page`]).
    pub overdue_only: bool,
}

/// One page of the problem list and the counts of the whole list.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemPage {
    /// Each problem with its project's name.
    pub rows: Vec<(Problem, String)>,
    pub total: usize,
    pub open: usize,
    pub overdue: usize,
}

const OPEN: &str = "('assigned', 'in_progress', 'resolved')";

impl Store {
    /// SQLite: the rows of `SELECT {columns} FROM ({query})` (`$1` bound to `param`, if given)
    /// as one JSON array of arrays, each deserialized as `T`. sqlx hands over each row of a
    /// result from SQLite's worker thread on its own — ≈15 µs a row through the `Any` driver,
    /// more than everything else the board does with 10,000 projects; parsed as one JSON value
    /// a row costs ≈1 µs. Row order is not kept. For tables of a city's size (a JSON value is
    /// held whole in memory), not for a province's million firms.
    async fn sqlite_json_rows<T: serde::de::DeserializeOwned>(
        &self,
        columns: &str,
        query: &str,
        param: Option<&str>,
    ) -> Result<Vec<T>> {
        let sql = format!("SELECT json_group_array(json_array({columns})) FROM ({query}) q");
        let mut q = sqlx::query_scalar::<_, String>(&sql);
        if let Some(p) = param {
            q = q.bind(p);
        }
        let json = q.fetch_one(&self.pool).await?;
        serde_json::from_str(&json).map_err(corrupt)
    }

    /// The latest installed project settings: version and TOML text.
    pub async fn project_settings(&self) -> Result<Option<(i64, String)>> {
        let row = sqlx::query(
            "SELECT version, definition FROM project_settings ORDER BY version DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((r.try_get("version")?, r.try_get("definition")?)))
            .transpose()
    }

    /// Installs a settings version; every earlier one stays on record. A version already
    /// installed is refused (false).
    pub async fn install_project_settings(
        &self,
        version: i64,
        definition: &str,
        installed: &str,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT version FROM project_settings WHERE version = $1")
                .bind(version)
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_some() {
            return Ok(false);
        }
        self.audit(
            &mut tx,
            "install",
            "project_settings",
            &version.to_string(),
            &serde_json::json!({"definition": definition}),
        )
        .await?;
        sqlx::query(
            "INSERT INTO project_settings (version, definition, installed) VALUES ($1, $2, $3)",
        )
        .bind(version)
        .bind(definition)
        .bind(installed)
        .execute(&mut *tx)
        .await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Every project with its stage dates, by id.
    /// (On SQLite as one JSON value: see `sqlite_json_rows`.)
    pub async fn projects(&self) -> Result<Vec<Project>> {
        if self.backend == crate::Backend::Sqlite {
            let rows: Vec<ProjectColumns> = self
                .sqlite_json_rows(PROJECT_COLUMNS, "SELECT * FROM projects", None)
                .await?;
            let mut out = rows
                .into_iter()
                .map(ProjectColumns::into_project)
                .collect::<Result<Vec<_>>>()?;
            out.sort_by(|a, b| a.id.cmp(&b.id));
            return Ok(out);
        }
        let rows = sqlx::query("SELECT * FROM projects ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(project_from_row).collect()
    }

    /// One project with its stage dates.
    pub async fn project(&self, id: &str) -> Result<Option<Project>> {
        let Some(row) = sqlx::query("SELECT * FROM projects WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(project_from_row(&row)?))
    }

    /// Writes projects in one transaction, each replacing the stored one with its id (its
    /// reports and problems stay).
    pub async fn save_projects(&self, list: &[Project]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for p in list {
            let before = self.project_in(&mut tx, &p.id).await?;
            self.audit(
                &mut tx,
                "save",
                "project",
                &p.id,
                &serde_json::json!({"before": before, "after": p}),
            )
            .await?;
            write_project(&mut tx, p, before.is_some()).await?;
        }
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn project_in(&self, tx: &mut Transaction<'_, Any>, id: &str) -> Result<Option<Project>> {
        let Some(row) = sqlx::query("SELECT * FROM projects WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(project_from_row(&row)?))
    }

    /// Records a project taken up from a candidate with the what-if's prediction, in one
    /// transaction; an existing id is refused (false).
    pub async fn add_project_with_prediction(
        &self,
        project: &Project,
        prediction: &Prediction,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        if self.project_in(&mut tx, &project.id).await?.is_some() {
            return Ok(false);
        }
        self.audit(
            &mut tx,
            "add",
            "project",
            &project.id,
            &serde_json::json!({"after": project, "prediction": prediction}),
        )
        .await?;
        write_project(&mut tx, project, false).await?;
        sqlx::query("INSERT INTO project_predictions (project_id, made, body) VALUES ($1, $2, $3)")
            .bind(&project.id)
            .bind(&prediction.made)
            .bind(serde_json::to_string(prediction).map_err(corrupt)?)
            .execute(&mut *tx)
            .await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores (or replaces) the prediction of a project taken up from a candidate.
    pub async fn save_prediction(&self, prediction: &Prediction) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        self.audit(
            &mut tx,
            "save",
            "project_prediction",
            &prediction.project,
            &serde_json::json!({"after": prediction}),
        )
        .await?;
        sqlx::query(
            "INSERT INTO project_predictions (project_id, made, body) VALUES ($1, $2, $3)
             ON CONFLICT (project_id) DO UPDATE SET made = excluded.made, body = excluded.body",
        )
        .bind(&prediction.project)
        .bind(&prediction.made)
        .bind(serde_json::to_string(prediction).map_err(corrupt)?)
        .execute(&mut *tx)
        .await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The prediction stored with a project, if it came from a candidate.
    pub async fn prediction(&self, project: &str) -> Result<Option<Prediction>> {
        let body: Option<String> =
            sqlx::query_scalar("SELECT body FROM project_predictions WHERE project_id = $1")
                .bind(project)
                .fetch_optional(&self.pool)
                .await?;
        body.map(|b| serde_json::from_str(&b).map_err(corrupt))
            .transpose()
    }

    /// Monthly reports of one project, by month.
    pub async fn project_reports(&self, project: &str) -> Result<Vec<ProgressReport>> {
        let rows =
            sqlx::query("SELECT * FROM project_reports WHERE project_id = $1 ORDER BY month")
                .bind(project)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(report_from_row).collect()
    }

    /// Each project's latest report, and every report of `month` (what the board's warnings
    /// read: the path at the latest report, and whether the month due is reported). The latest
    /// is found by key from the month kept on the project row (`latest_report`), not by
    /// grouping every report.
    pub async fn reports_for_board(&self, month: YearMonth) -> Result<Vec<ProgressReport>> {
        // SQLite without table statistics may drive the join from the million reports; its
        // CROSS JOIN keeps the written order (projects, then each one's report by key).
        // PostgreSQL plans by its statistics and has no CROSS JOIN … ON.
        let join = match self.backend {
            crate::Backend::Sqlite => "CROSS JOIN",
            crate::Backend::Postgres => "JOIN",
        };
        let sql = format!(
            "SELECT r.* FROM projects p
             {join} project_reports r ON r.project_id = p.id AND r.month = p.latest_report
             UNION ALL
             SELECT r.* FROM project_reports r JOIN projects p ON p.id = r.project_id
             WHERE r.month = $1 AND p.latest_report <> $1"
        );
        let month = month.to_string();
        if self.backend == crate::Backend::Sqlite {
            let rows: Vec<ReportColumns> = self
                .sqlite_json_rows(REPORT_COLUMNS, &sql, Some(&month))
                .await?;
            return rows.into_iter().map(ReportColumns::into_report).collect();
        }
        let rows = sqlx::query(&sql).bind(month).fetch_all(&self.pool).await?;
        rows.iter().map(report_from_row).collect()
    }

    /// Every report of every project, by project and month (the 调度表 export).
    pub async fn all_reports(&self) -> Result<Vec<ProgressReport>> {
        let rows = sqlx::query("SELECT * FROM project_reports ORDER BY project_id, month")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(report_from_row).collect()
    }

    /// Writes progress reports in one transaction, each replacing the project's report for its
    /// month; one audit row per project holds its reports.
    pub async fn save_reports(&self, list: &[ProgressReport]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let mut by_project: Vec<(&str, Vec<&ProgressReport>)> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for r in list {
            let i = *at.entry(r.project.as_str()).or_insert_with(|| {
                by_project.push((r.project.as_str(), Vec::new()));
                by_project.len() - 1
            });
            by_project[i].1.push(r);
        }
        for (project, reports) in &by_project {
            self.audit(
                &mut tx,
                "save",
                "project_report",
                project,
                &serde_json::json!({"after": reports}),
            )
            .await?;
        }
        // Several rows a statement: a 1.2-million-row 调度 history loads in seconds, not hours.
        const ROWS: usize = 100;
        for chunk in list.chunks(ROWS) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let b = i * 9;
                    format!(
                        "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5,
                        b + 6,
                        b + 7,
                        b + 8,
                        b + 9
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO project_reports (project_id, month, invested_month, invested_total,
                    progress_pct, progress_text, output, issues, source)
                 VALUES {}
                 ON CONFLICT (project_id, month) DO UPDATE SET
                    invested_month = excluded.invested_month,
                    invested_total = excluded.invested_total,
                    progress_pct = excluded.progress_pct,
                    progress_text = excluded.progress_text,
                    output = excluded.output,
                    issues = excluded.issues,
                    source = excluded.source",
                values.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(&r.project)
                    .bind(r.month.to_string())
                    .bind(r.invested_month)
                    .bind(r.invested_total)
                    .bind(Double(r.progress_pct))
                    .bind(&r.progress_text)
                    .bind(Double(r.output))
                    .bind(&r.issues)
                    .bind(&r.source);
            }
            q.execute(&mut *tx).await?;
        }
        for (project, reports) in &by_project {
            let latest = reports.iter().map(|r| r.month).max().map(|m| m.to_string());
            sqlx::query(
                "UPDATE projects SET latest_report = $2
                 WHERE id = $1 AND (latest_report IS NULL OR latest_report < $2)",
            )
            .bind(*project)
            .bind(latest)
            .execute(&mut *tx)
            .await?;
        }
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Per project with problems still open: how many, how many past their due date on
    /// `today`, and the overdue one due first (what the board's warnings read, without reading
    /// every problem).
    pub async fn open_problem_summaries(&self, today: Day) -> Result<Vec<OpenProblems>> {
        let today = today.to_string();
        let counts_sql = format!(
            "SELECT project_id, CAST(COUNT(*) AS BIGINT) AS open,
                    CAST(SUM(CASE WHEN due < $1 THEN 1 ELSE 0 END) AS BIGINT) AS overdue
             FROM problems WHERE status IN {OPEN}
             GROUP BY project_id"
        );
        // One row per project: its overdue problem due first (a window, not a join on the
        // minimum, which SQLite plans as a scan per group; one window computing the counts too
        // was twice as slow as these two queries).
        let oldest_sql = format!(
            "SELECT * FROM (
                SELECT p.*, ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY due, id) AS rank
                FROM problems p
                WHERE status IN {OPEN} AND due < $1) o
             WHERE rank = 1"
        );
        let (counts, oldest): (Vec<(String, i64, i64)>, Vec<Problem>) =
            if self.backend == crate::Backend::Sqlite {
                let counts = self
                    .sqlite_json_rows("project_id, open, overdue", &counts_sql, Some(&today))
                    .await?;
                let oldest: Vec<ProblemColumns> = self
                    .sqlite_json_rows(PROBLEM_COLUMNS, &oldest_sql, Some(&today))
                    .await?;
                let oldest = oldest
                    .into_iter()
                    .map(ProblemColumns::into_problem)
                    .collect::<Result<_>>()?;
                (counts, oldest)
            } else {
                let counts = sqlx::query(&counts_sql)
                    .bind(&today)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| {
                        Ok((
                            r.try_get("project_id")?,
                            r.try_get("open")?,
                            r.try_get("overdue")?,
                        ))
                    })
                    .collect::<Result<_>>()?;
                let oldest = sqlx::query(&oldest_sql)
                    .bind(&today)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(problem_from_row)
                    .collect::<Result<_>>()?;
                (counts, oldest)
            };
        let mut first: HashMap<String, Problem> = HashMap::new();
        for p in oldest {
            first.entry(p.project.clone()).or_insert(p);
        }
        Ok(counts
            .into_iter()
            .map(|(project, open, overdue)| OpenProblems {
                oldest_overdue: first.remove(&project),
                project,
                open: usize::try_from(open).unwrap_or(0),
                overdue: usize::try_from(overdue).unwrap_or(0),
            })
            .collect())
    }

    /// The problem list in the order people work it — open past their due date first (the
    /// longest overdue first), then open by due date, then the rest — one window of it, with the
    /// counts of the whole list. `today` decides what is overdue.
    pub async fn problem_page(
        &self,
        filter: &ProblemFilter,
        today: Day,
        window: Option<(usize, usize)>,
    ) -> Result<ProblemPage> {
        let mut conditions = String::new();
        let mut binds: Vec<String> = vec![today.to_string()];
        if let Some(project) = &filter.project {
            binds.push(project.clone());
            conditions += &format!(" AND pr.project_id = ${}", binds.len());
        }
        if let Some(department) = &filter.department {
            binds.push(department.clone());
            conditions += &format!(" AND pr.department = ${}", binds.len());
        }
        if filter.open_only || filter.overdue_only {
            conditions += &format!(" AND pr.status IN {OPEN}");
        }
        if filter.overdue_only {
            conditions += " AND pr.due < $1";
        }
        let count_sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS total,
                    CAST(COALESCE(SUM(CASE WHEN pr.status IN {OPEN} THEN 1 ELSE 0 END), 0) AS BIGINT) AS open,
                    CAST(COALESCE(SUM(CASE WHEN pr.status IN {OPEN} AND pr.due < $1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue
             FROM problems pr WHERE 1 = 1{conditions}"
        );
        let mut q = sqlx::query(&count_sql);
        for b in &binds {
            q = q.bind(b);
        }
        let counts = q.fetch_one(&self.pool).await?;
        let count = |name: &str| -> Result<usize> {
            Ok(usize::try_from(counts.try_get::<i64, _>(name)?).unwrap_or(0))
        };
        let limit = match window {
            Some((offset, limit)) => format!(" LIMIT {limit} OFFSET {offset}"),
            None => String::new(),
        };
        let sql = format!(
            "SELECT pr.*, p.name AS project_name FROM problems pr
             JOIN projects p ON p.id = pr.project_id
             WHERE 1 = 1{conditions}
             ORDER BY CASE WHEN pr.status IN {OPEN} AND pr.due < $1 THEN 0
                           WHEN pr.status IN {OPEN} THEN 1 ELSE 2 END,
                      pr.due, pr.id{limit}"
        );
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = q.bind(b);
        }
        let rows = q
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    problem_from_row(r)?,
                    r.try_get::<String, _>("project_name")?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ProblemPage {
            rows,
            total: count("total")?,
            open: count("open")?,
            overdue: count("overdue")?,
        })
    }

    pub async fn problem(&self, id: i64) -> Result<Option<Problem>> {
        sqlx::query("SELECT * FROM problems WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(problem_from_row)
            .transpose()
    }

    /// A problem's history, oldest first.
    pub async fn problem_events(&self, id: i64) -> Result<Vec<ProblemEvent>> {
        let rows = sqlx::query("SELECT * FROM problem_events WHERE problem_id = $1 ORDER BY seq")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let status: String = r.try_get("status")?;
                Ok(ProblemEvent {
                    problem: r.try_get("problem_id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    status: ProblemStatus::parse(&status)
                        .ok_or_else(|| corrupt(format!("problem status '{status}'")))?,
                    department: r.try_get("department")?,
                    due: day(r.try_get("due")?)?.ok_or_else(|| corrupt("event without a date"))?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    /// Records new problems (their ids are taken here and returned) with their first history
    /// step, in one transaction; one audit row per hundred problems holds them.
    pub async fn add_problems(&self, list: &[Problem]) -> Result<Vec<i64>> {
        const ROWS: usize = 100;
        let mut tx = self.pool.begin().await?;
        let first = take_ids(&mut tx, "problem_next_id", list.len()).await?;
        let list: Vec<Problem> = list
            .iter()
            .enumerate()
            .map(|(i, p)| Problem {
                id: first + i as i64,
                ..p.clone()
            })
            .collect();
        let now = (self.actor.now)();
        for chunk in list.chunks(ROWS) {
            let ids = match chunk {
                [one] => one.id.to_string(),
                [a, .., b] => format!("{}-{}", a.id, b.id),
                [] => continue,
            };
            self.audit(
                &mut tx,
                "add",
                "problem",
                &ids,
                &serde_json::json!({"after": chunk}),
            )
            .await?;
            let values = |width: usize| -> String {
                (0..chunk.len())
                    .map(|i| {
                        let cols: Vec<String> =
                            (1..=width).map(|c| format!("${}", i * width + c)).collect();
                        format!("({})", cols.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let sql = format!(
                "INSERT INTO problems (id, project_id, title, category, department, raised, due,
                    status, resolution, closed_by, closed) VALUES {}",
                values(11)
            );
            let mut q = sqlx::query(&sql);
            for p in chunk {
                q = q
                    .bind(p.id)
                    .bind(&p.project)
                    .bind(&p.title)
                    .bind(p.category.key())
                    .bind(&p.department)
                    .bind(p.raised.to_string())
                    .bind(p.due.to_string())
                    .bind(p.status.key())
                    .bind(&p.resolution)
                    .bind(&p.closed_by)
                    .bind(p.closed.map(|d| d.to_string()));
            }
            q.execute(&mut *tx).await?;
            let sql = format!(
                "INSERT INTO problem_events (problem_id, seq, at, actor, status, department, due,
                    note) VALUES {}",
                values(8)
            );
            let mut q = sqlx::query(&sql);
            for p in chunk {
                q = q
                    .bind(p.id)
                    .bind(1_i64)
                    .bind(&now)
                    .bind(&self.actor.user)
                    .bind(p.status.key())
                    .bind(&p.department)
                    .bind(p.due.to_string())
                    .bind("");
            }
            q.execute(&mut *tx).await?;
        }
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(list.iter().map(|p| p.id).collect())
    }

    /// Writes a problem's new state and the step that led to it.
    pub async fn update_problem(&self, p: &Problem, note: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE problems SET title = $2, category = $3, department = $4, due = $5, status = $6,
                resolution = $7, closed_by = $8, closed = $9
             WHERE id = $1",
        )
        .bind(p.id)
        .bind(&p.title)
        .bind(p.category.key())
        .bind(&p.department)
        .bind(p.due.to_string())
        .bind(p.status.key())
        .bind(&p.resolution)
        .bind(&p.closed_by)
        .bind(p.closed.map(|d| d.to_string()))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Err(StoreError::Corrupt(format!("problem {} is gone", p.id)));
        }
        self.audit(
            &mut tx,
            "update",
            "problem",
            &p.id.to_string(),
            &serde_json::json!({"after": p, "note": note}),
        )
        .await?;
        self.problem_event(&mut tx, p, note).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn problem_event(
        &self,
        tx: &mut Transaction<'_, Any>,
        p: &Problem,
        note: &str,
    ) -> Result<()> {
        let seq: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(seq), 0) + 1 AS BIGINT) FROM problem_events WHERE problem_id = $1",
        )
        .bind(p.id)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO problem_events (problem_id, seq, at, actor, status, department, due, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(p.id)
        .bind(seq)
        .bind((self.actor.now)())
        .bind(&self.actor.user)
        .bind(p.status.key())
        .bind(&p.department)
        .bind(p.due.to_string())
        .bind(note)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

/// Stage dates as one column: `stage:planned:actual` per stage, `|`-separated, a date left
/// empty when not set (`signed:2026-03-01:2026-03-05|land:2026-05-01:`). A project's few stages
/// travel with its row, so the board reads one row per project.
fn encode_stages(stages: &[StageDates]) -> String {
    let day = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
    stages
        .iter()
        .map(|s| format!("{}:{}:{}", s.stage, day(s.planned), day(s.actual)))
        .collect::<Vec<_>>()
        .join("|")
}

fn decode_stages(text: &str) -> Result<Vec<StageDates>> {
    let date = |t: &str| {
        if t.is_empty() {
            Ok(None)
        } else {
            Day::parse(t).map(Some).map_err(corrupt)
        }
    };
    text.split('|')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut parts = s.split(':');
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(stage), Some(planned), Some(actual), None) => Ok(StageDates {
                    stage: stage.to_string(),
                    planned: date(planned)?,
                    actual: date(actual)?,
                }),
                _ => Err(corrupt(format!("project stages '{s}'"))),
            }
        })
        .collect()
}

pub(crate) async fn write_project(
    tx: &mut Transaction<'_, Any>,
    p: &Project,
    exists: bool,
) -> Result<()> {
    // An existing project is updated in place: deleting it would cascade to its reports and
    // problems.
    let sql = if exists {
        "UPDATE projects SET name = $2, candidate = $3, uscc = $4, nodes = $5, park = $6,
            region = $7, investment = $8, land_mu = $9, annual_plan = $10, department = $11,
            leader = $12, contact = $13, source = $14, note = $15, stages = $16
         WHERE id = $1"
    } else {
        "INSERT INTO projects (id, name, candidate, uscc, nodes, park, region, investment, land_mu,
            annual_plan, department, leader, contact, source, note, stages)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    };
    let nodes: Vec<String> = p.nodes.iter().map(ToString::to_string).collect();
    sqlx::query(sql)
        .bind(&p.id)
        .bind(&p.name)
        .bind(&p.candidate)
        .bind(&p.uscc)
        .bind(nodes.join("|"))
        .bind(&p.park)
        .bind(p.region.as_str())
        .bind(p.investment)
        .bind(Double(p.land_mu))
        .bind(Double(p.annual_plan))
        .bind(&p.department)
        .bind(&p.leader)
        .bind(&p.contact)
        .bind(&p.source)
        .bind(&p.note)
        .bind(encode_stages(&p.stages))
        .execute(&mut **tx)
        .await?;
    Ok(())
}
