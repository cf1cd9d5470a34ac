//! The occupation classification (职业分类大典 2022) in the layout of
//! `../shared/data/occupations/csco2022.csv`: `level, code, name, definition, tasks, alias`
//! (other columns ignored), one row per class at every level. All or nothing, every bad cell
//! reported; rows that repeat an earlier row exactly (the published file has three) are merged
//! and counted.

use crate::error::{FileError, Problem, Report};
use crate::import::ImportError;
use crate::schema::Column;
use crate::source::{open, open_builtin_csv};
use crate::text::{Cell, half_width, text};
use liantu_model::occupation::{Occupation, OccupationCode, split_marks};
use std::collections::HashMap;
use std::path::Path;

const COLUMNS: &[Column] = &[
    Column::text("level", "层级", &["级别"], true),
    Column::text("code", "职业编码", &["编码", "代码"], true),
    Column::text("name", "职业名称", &["名称"], true),
    Column::text("definition", "职业定义", &["定义"], false),
    Column::text("tasks", "主要工作任务", &["工作任务", "任务"], false),
    Column::text("alias", "别名", &["aliases", "其他名称"], false),
];

/// The classes read, and how many rows repeated an earlier one exactly.
#[derive(Debug, Clone)]
pub struct OccupationFile {
    pub classes: Vec<Occupation>,
    pub merged_duplicates: usize,
}

/// The 2022 classification as built in (`data/occupations/csco2022.csv`, MIT, see the
/// `NOTICE.md` beside it).
pub const BUILTIN_OCCUPATIONS: &[u8] = include_bytes!("../../../data/occupations/csco2022.csv");

/// Reads and checks an occupation classification file; nothing is written.
pub fn read_occupations(
    path: &Path,
    encoding: Option<&str>,
) -> Result<OccupationFile, ImportError> {
    check_occupations(open(path, COLUMNS, encoding)?)
}

/// [`BUILTIN_OCCUPATIONS`] read and checked as a user's file would be.
pub fn builtin_occupations() -> Result<OccupationFile, ImportError> {
    check_occupations(open_builtin_csv(
        "data/occupations/csco2022.csv",
        BUILTIN_OCCUPATIONS,
        COLUMNS,
    )?)
}

fn check_occupations(mut opened: crate::source::Opened) -> Result<OccupationFile, ImportError> {
    let info = opened.info.clone();
    let col_of = |key: usize| info.mapping.iter().position(|m| *m == Some(key));
    // Text as written: the official names and definitions keep their full-width punctuation.
    let cell = |cells: &[Cell], key: usize| -> String {
        col_of(key)
            .and_then(|c| cells.get(c))
            .and_then(text)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    // Numbers and codes typed in full-width digits are read as ASCII.
    let code_cell = |cells: &[Cell], key: usize| half_width(&cell(cells, key)).to_string();
    let mut report = Report::new(info.header_row, info.headers.clone());
    let mut classes: Vec<Occupation> = Vec::new();
    // (level, code) → (row number, index in `classes`)
    let mut seen: HashMap<(u8, OccupationCode), (u64, usize)> = HashMap::new();
    let mut rows_of: Vec<u64> = Vec::new();
    let mut merged = 0;
    while let Some(row) = opened.rows.next_row()? {
        if row.cells.iter().all(Cell::is_empty) {
            continue;
        }
        report.rows += 1;
        let errors_before = report.error_count;
        let mut err = |key: usize, value: &str, zh: &str, en: &str| {
            report.error(Problem::new(
                row.number,
                col_of(key),
                COLUMNS[key].key,
                value.to_string(),
                zh.to_string(),
                en.to_string(),
            ));
        };
        let level_text = code_cell(&row.cells, 0);
        let level = match level_text.parse::<u8>() {
            Ok(l @ 1..=4) => Some(l),
            _ => {
                err(
                    0,
                    &level_text,
                    "层级应为 1–4（大类、中类、小类、细类）",
                    "level is 1–4 (major, middle, small class, occupation)",
                );
                None
            }
        };
        let code_text = code_cell(&row.cells, 1);
        let code = match OccupationCode::parse(&code_text) {
            Ok(code) => Some(code),
            Err(message) => {
                let (zh, en) = message.split_once(" / ").unwrap_or((&message, &message));
                err(1, &code_text, zh, en);
                None
            }
        };
        if let (Some(level), Some(code)) = (level, &code)
            && !code.fits_level(level)
        {
            err(
                1,
                &code_text,
                &format!("编码与层级 {level} 不符"),
                &format!("the code does not fit level {level}"),
            );
        }
        let printed = cell(&row.cells, 2);
        let (name, digital, green) = split_marks(&printed);
        if name.is_empty() {
            err(2, &printed, "名称为空", "name is empty");
        }
        if report.error_count > errors_before {
            report.bad_rows += 1;
            report.bad_row(row.number, row.cells.iter().map(Cell::display).collect());
            continue;
        }
        let (Some(level), Some(code)) = (level, code) else {
            continue;
        };
        let class = Occupation {
            code,
            level,
            name: name.to_string(),
            digital,
            green,
            definition: cell(&row.cells, 3),
            tasks: cell(&row.cells, 4),
            aliases: aliases(&cell(&row.cells, 5), &[name, printed.as_str()]),
            parent: None,
        };
        match seen.get(&(level, class.code.clone())) {
            Some((_, index)) if classes[*index] == class => merged += 1,
            Some((first, _)) => {
                report.error(Problem::new(
                    row.number,
                    col_of(1),
                    "code",
                    class.code.to_string(),
                    format!("与第 {first} 行编码和层级相同而内容不同"),
                    format!("same code and level as row {first} with other content"),
                ));
                report.bad_rows += 1;
                report.bad_row(row.number, row.cells.iter().map(Cell::display).collect());
            }
            None => {
                seen.insert((level, class.code.clone()), (row.number, classes.len()));
                rows_of.push(row.number);
                classes.push(class);
            }
        }
    }
    if report.rows == 0 {
        return Err(FileError::NoData.into());
    }
    // Every class below a 大类 is filed under one the file has.
    for (class, row) in classes.iter_mut().zip(&rows_of) {
        let candidates = class.code.parent_candidates(class.level);
        class.parent = candidates
            .iter()
            .find(|(level, code)| seen.contains_key(&(*level, code.clone())))
            .map(|(_, code)| code.clone());
        if class.parent.is_none() && !candidates.is_empty() {
            let wanted: Vec<&str> = candidates.iter().map(|(_, c)| c.as_str()).collect();
            report.error(Problem::new(
                *row,
                col_of(1),
                "code",
                class.code.to_string(),
                format!("文件中没有它的上级类别（{}）", wanted.join(" 或 ")),
                format!(
                    "the file has no class it belongs to ({})",
                    wanted.join(" or ")
                ),
            ));
            report.bad_rows += 1;
        }
    }
    if report.error_count > 0 {
        return Err(ImportError::Rows(Box::new(report)));
    }
    Ok(OccupationFile {
        classes,
        merged_duplicates: merged,
    })
}

/// The alias cell's titles (comma, 、 or ； separated), without the name itself (as printed or
/// without its marks) and repeats.
fn aliases(cell: &str, names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for alias in cell.split([',', '、', ';', '；']).map(str::trim) {
        if !alias.is_empty() && !names.contains(&alias) && !out.iter().any(|a| a == alias) {
            out.push(alias.to_string());
        }
    }
    out
}

/// A file of job titles (postings, HR reports) read row by row: every column kept as text,
/// and which one holds the titles. A million-row file never sits in memory.
pub struct TitleReader {
    pub headers: Vec<String>,
    pub title_column: usize,
    rows: Box<dyn crate::source::Rows>,
}

impl TitleReader {
    /// The next row that is not wholly empty, as many cells as the header has (longer rows
    /// cut, shorter ones padded), shown as text.
    pub fn next_row(&mut self) -> Result<Option<Vec<String>>, ImportError> {
        while let Some(row) = self.rows.next_row()? {
            if row.cells.iter().all(Cell::is_empty) {
                continue;
            }
            let mut cells: Vec<String> = row.cells.iter().map(Cell::display).collect();
            cells.resize(self.headers.len(), String::new());
            return Ok(Some(cells));
        }
        Ok(None)
    }
}

/// The title column's header unless the user names another.
pub const TITLE_HEADERS: &[&str] = &[
    "职位名称",
    "岗位名称",
    "职位",
    "岗位",
    "工种",
    "job title",
    "title",
];

/// Opens a CSV/XLSX of job titles: the column headed `column` (else the first of
/// [`TITLE_HEADERS`]) holds them; the other columns are kept to be written back beside the codes.
pub fn read_titles(
    path: &Path,
    column: Option<&str>,
    encoding: Option<&str>,
) -> Result<TitleReader, ImportError> {
    // The schema's one column, named as the user names it (leaked: one per run of the command).
    let (zh, aliases): (&'static str, &'static [&'static str]) = match column {
        Some(name) => (Box::leak(name.to_string().into_boxed_str()), &[]),
        None => (TITLE_HEADERS[0], &TITLE_HEADERS[1..]),
    };
    let schema: &'static [Column] = Box::leak(Box::new([Column::text("title", zh, aliases, true)]));
    let opened = open(path, schema, encoding)?;
    let title_column = opened
        .info
        .mapping
        .iter()
        .position(|m| *m == Some(0))
        .ok_or(FileError::NoData)?;
    Ok(TitleReader {
        headers: opened.info.headers,
        title_column,
        rows: opened.rows,
    })
}
