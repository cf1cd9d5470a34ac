//! The monthly 调度表 from Excel: each row matched to a project (by 项目编号, else by its exact
//! 项目名称), read as a month's progress report, checked by the project service's rules against
//! the stored months and the file's other rows; every bad cell reported with its row and column
//! in Chinese and English, nothing written unless every row is good.

use crate::{App, AppError, Result};
use liantu_ingest::progress::{progress_columns, read_progress_rows};
use liantu_model::YearMonth;
use liantu_model::project::ProgressReport;
use std::collections::HashMap;
use std::path::Path;

/// One bad cell: the row in the file, the column's header, why.
pub(super) struct Bad {
    pub(super) row: u64,
    pub(super) header: String,
    pub(super) zh: String,
    pub(super) en: String,
}

/// `1,234.5` or `1234.5` (万元 as typed in Excel); empty is `None`.
fn amount(text: &str) -> std::result::Result<Option<f64>, ()> {
    let t: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>().map(Some).map_err(|_| ())
}

/// 形象进度 as written: a share (`80%`, `80`, `0.8` is not guessed) at its end is the percent.
fn progress(text: &str) -> (Option<f64>, String) {
    let t = text.trim();
    let digits: String = t
        .trim_end_matches(['%', '％'])
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let pct = (t.ends_with(['%', '％']) || digits.len() == t.len())
        .then(|| digits.parse::<f64>().ok())
        .flatten();
    let words = if digits.len() == t.trim_end_matches(['%', '％']).len() {
        String::new()
    } else {
        t.to_string()
    };
    (pct, words)
}

/// Where each column liantu reads sits in a row (`progress_columns` order) and its header.
struct Columns {
    headers: Vec<&'static str>,
    keys: Vec<&'static str>,
}

impl Columns {
    fn new() -> Columns {
        let columns = progress_columns();
        Columns {
            headers: columns.iter().map(|c| c.zh).collect(),
            keys: columns.iter().map(|c| c.key).collect(),
        }
    }

    fn at(&self, key: &str) -> usize {
        self.keys.iter().position(|k| *k == key).unwrap_or(0)
    }

    /// The column a report field is read from (a field of the rules, such as `invested_total`).
    fn of_field(&self, field: &str) -> usize {
        match field {
            "progress_pct" => self.at("progress"),
            "project" => self.at("name"),
            other if self.keys.contains(&other) => self.at(other),
            _ => self.at("name"),
        }
    }
}

/// Projects by id and by name, to match rows.
pub(super) struct Lookup<'a> {
    ids: std::collections::HashSet<&'a str>,
    names: HashMap<&'a str, Vec<&'a str>>,
}

/// A bad cell: its column index, why in Chinese and in English.
pub(super) type BadCell = (usize, String, String);

impl<'a> Lookup<'a> {
    pub(super) fn of(projects: &'a [liantu_model::project::Project]) -> Lookup<'a> {
        let mut names: HashMap<&str, Vec<&str>> = HashMap::new();
        for p in projects {
            names.entry(p.name.trim()).or_default().push(p.id.as_str());
        }
        Lookup {
            ids: projects.iter().map(|p| p.id.as_str()).collect(),
            names,
        }
    }

    /// The project a row names: by its 项目编号 when given, else by its exact 项目名称.
    pub(super) fn project(
        &self,
        (id_at, id): (usize, &str),
        (name_at, name): (usize, &str),
    ) -> std::result::Result<String, BadCell> {
        if !id.is_empty() {
            return self
                .ids
                .contains(id)
                .then(|| id.to_string())
                .ok_or_else(|| {
                    (
                        id_at,
                        format!("没有编号为「{id}」的项目"),
                        format!("no project with id '{id}'"),
                    )
                });
        }
        match self.names.get(name.trim()).map(Vec::as_slice) {
            Some([one]) => Ok((*one).to_string()),
            Some(_) => Err((
                name_at,
                format!("有多个项目名为「{name}」，请填写项目编号"),
                format!("several projects are named '{name}': give the project id"),
            )),
            None => Err((
                name_at,
                format!("没有名为「{name}」的项目（先用 liantu project add 登记）"),
                format!("no project named '{name}' (add it first)"),
            )),
        }
    }
}

/// One row as a report, or its bad cells (column index, zh, en).
fn read_row(
    c: &Columns,
    projects: &Lookup,
    cells: &[String],
    month: Option<YearMonth>,
    source: &str,
) -> std::result::Result<ProgressReport, Vec<(usize, String, String)>> {
    let mut bad = Vec::new();
    let (id, name) = (c.at("id"), c.at("name"));
    let project = projects.project((id, &cells[id]), (name, &cells[name]));
    let m = c.at("month");
    let month = if cells[m].is_empty() {
        month.ok_or((
            m,
            "未给出调度月份（文件中没有「调度月份」列时用 --month 指定）".to_string(),
            "no month (give --month when the file has no month column)".to_string(),
        ))
    } else {
        YearMonth::parse(&cells[m])
            .map_err(|e| (m, format!("月份无效：{e}"), format!("bad month: {e}")))
    };
    let mut number = |key: &str, required: bool| {
        let i = c.at(key);
        match amount(&cells[i]) {
            Ok(Some(v)) => Some(v),
            Ok(None) if !required => None,
            Ok(None) => {
                bad.push((i, "必填".to_string(), "required".to_string()));
                None
            }
            Err(()) => {
                bad.push((
                    i,
                    format!("不是数字：「{}」", cells[i]),
                    format!("not a number: '{}'", cells[i]),
                ));
                None
            }
        }
    };
    let invested_month = number("invested_month", true);
    let invested_total = number("invested_total", true);
    let output = number("output", false);
    bad.extend(
        [project.as_ref().err(), month.as_ref().err()]
            .into_iter()
            .flatten()
            .cloned(),
    );
    match (project, month, invested_month, invested_total) {
        (Ok(project), Ok(month), Some(invested_month), Some(invested_total)) if bad.is_empty() => {
            let (progress_pct, progress_text) = progress(&cells[c.at("progress")]);
            Ok(ProgressReport {
                project,
                month,
                invested_month,
                invested_total,
                progress_pct,
                progress_text,
                output,
                issues: cells[c.at("issues")].clone(),
                source: source.to_string(),
            })
        }
        _ => Err(bad),
    }
}

pub(super) fn rejected(mut bad: Vec<Bad>) -> AppError {
    bad.sort_by_key(|b| b.row);
    let lines: Vec<String> = bad
        .iter()
        .take(200)
        .map(|b| {
            format!(
                "第 {} 行「{}」列：{} / row {}, column '{}': {}",
                b.row, b.header, b.zh, b.row, b.header, b.en
            )
        })
        .collect();
    AppError::invalid(format!(
        "文件有 {} 处错误，未写入任何数据 / {} errors in the file, nothing written:\n{}",
        bad.len(),
        bad.len(),
        lines.join("\n")
    ))
}

impl App {
    /// Imports a 调度表 (XLSX, XLS or CSV in UTF-8/GBK/GB18030). `month` is the month reported
    /// when the file has no 调度月份 column (offices put it in the title). Returns how many
    /// reports were written.
    pub async fn import_progress_file(
        &self,
        path: &Path,
        encoding: Option<&str>,
        month: Option<YearMonth>,
    ) -> Result<usize> {
        let file =
            read_progress_rows(path, encoding).map_err(|e| AppError::invalid(e.to_string()))?;
        let columns = Columns::new();
        let projects = self.store.projects().await?;
        let lookup = Lookup::of(&projects);
        let source = format!(
            "import:{}",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        );
        let mut bad = Vec::new();
        let mut reports = Vec::new();
        let mut rows_of = Vec::new();
        for (row, cells) in &file.rows {
            match read_row(&columns, &lookup, cells, month, &source) {
                Ok(r) => {
                    rows_of.push(*row);
                    reports.push(r);
                }
                Err(cells) => bad.extend(cells.into_iter().map(|(c, zh, en)| Bad {
                    row: *row,
                    header: columns.headers[c].to_string(),
                    zh,
                    en,
                })),
            }
        }
        // The rows that read well are checked against the project's months too, so one pass
        // reports everything.
        for (i, e) in self.report_errors(&reports).await? {
            bad.push(Bad {
                row: rows_of[i],
                header: columns.headers[columns.of_field(&e.field)].to_string(),
                zh: e.zh,
                en: e.en,
            });
        }
        if !bad.is_empty() {
            return Err(rejected(bad));
        }
        self.writing(async { Ok(self.store.save_reports(&reports).await?) })
            .await?;
        Ok(reports.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_a_trailing_share_and_keeps_words() {
        assert_eq!(progress("80%"), (Some(80.0), String::new()));
        assert_eq!(progress("65"), (Some(65.0), String::new()));
        assert_eq!(
            progress("主体结构完工，约60%"),
            (Some(60.0), "主体结构完工，约60%".to_string())
        );
        assert_eq!(progress("设备安装"), (None, "设备安装".to_string()));
        assert_eq!(amount("1,234.5"), Ok(Some(1234.5)));
        assert_eq!(amount(""), Ok(None));
        assert_eq!(amount("约100"), Err(()));
    }
}
