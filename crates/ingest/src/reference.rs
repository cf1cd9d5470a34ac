//! Reference tables the user supplies: the GB/T 4754-2017 classification (columns `code, level,
//! name, parent_code, section`, as in `../shared/data/gbt4754-2017/gbt4754_2017.csv`) and the
//! statistical division codes (`code, name, …`, as in `../shared/data/admin-divisions/*.csv`; a
//! directory imports every CSV in it). Same reading and reporting as the data imports; all or
//! nothing.

use crate::error::{FileError, Problem, Report};
use crate::import::ImportError;
use crate::schema::Column;
use crate::source::open;
use crate::text::{Cell, half_width, text};
use liantu_store::{DivisionSummary, RefDivision, RefIndustryCode, Store};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

const GBT4754: &[Column] = &[
    Column::text("code", "代码", &["行业代码", "id"], true),
    Column::text("level", "层级", &["级别"], false),
    Column::text("name", "名称", &["类别名称", "行业名称"], true),
    Column::text("parent_code", "上级代码", &["parent", "parent_id"], false),
    Column::text("section", "门类", &[], false),
];

const DIVISIONS: &[Column] = &[
    Column::text("code", "代码", &["区划代码", "统计用区划代码"], true),
    Column::text("name", "名称", &["区划名称"], true),
];

fn cell(cells: &[Cell], mapping: &[Option<usize>], key: usize) -> Option<String> {
    let col = mapping.iter().position(|m| *m == Some(key))?;
    cells
        .get(col)
        .and_then(text)
        .map(|s| half_width(&s).trim().to_string())
}

fn problem(row: u64, col: Option<usize>, header: &str, value: &str, zh: &str, en: &str) -> Problem {
    Problem::new(
        row,
        col,
        header,
        value.to_string(),
        zh.to_string(),
        en.to_string(),
    )
}

/// Reads and checks a GB/T 4754-2017 table; nothing is written.
pub fn read_gbt4754(
    path: &Path,
    encoding: Option<&str>,
) -> Result<Vec<RefIndustryCode>, ImportError> {
    let mut opened = open(path, GBT4754, encoding)?;
    let info = opened.info.clone();
    let col_of = |key: usize| info.mapping.iter().position(|m| *m == Some(key));
    let header = |key: usize| GBT4754[key].key;
    let mut report = Report::new(info.header_row, info.headers.clone());
    let mut out: Vec<RefIndustryCode> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    while let Some(row) = opened.rows.next_row()? {
        if row.cells.iter().all(Cell::is_empty) {
            continue;
        }
        report.rows += 1;
        let errors_before = report.error_count;
        let code = cell(&row.cells, &info.mapping, 0).unwrap_or_default();
        let name = cell(&row.cells, &info.mapping, 2).unwrap_or_default();
        let parent = cell(&row.cells, &info.mapping, 3);
        let section = cell(&row.cells, &info.mapping, 4);
        let level_text = cell(&row.cells, &info.mapping, 1);
        let level = match code.len() {
            1 if code.bytes().all(|b| (b'A'..=b'T').contains(&b)) => Some(1),
            2..=4 if code.bytes().all(|b| b.is_ascii_digit()) => Some(code.len() as i64),
            _ => None,
        };
        let err = |report: &mut Report, key: usize, value: &str, zh: &str, en: &str| {
            report.error(problem(row.number, col_of(key), header(key), value, zh, en));
        };
        match level {
            None => err(
                &mut report,
                0,
                &code,
                "代码应为门类字母 A–T 或 2–4 位数字",
                "a code is a section letter A–T or 2–4 digits",
            ),
            Some(l) => {
                if let Some(t) = &level_text
                    && t.parse::<i64>().ok() != Some(l)
                {
                    err(
                        &mut report,
                        1,
                        t,
                        "层级与代码长度不符",
                        "level does not match the code's length",
                    );
                }
                if let Some(p) = &parent
                    && l >= 3
                    && !code.starts_with(p.as_str())
                {
                    err(
                        &mut report,
                        3,
                        p,
                        "上级代码不是本代码的前缀",
                        "parent code is not a prefix of the code",
                    );
                }
            }
        }
        if name.is_empty() {
            err(&mut report, 2, "", "名称为空", "name is empty");
        }
        if let Some(first) = seen.get(&code) {
            let first = *first;
            err(
                &mut report,
                0,
                &code,
                &format!("与第 {first} 行重复"),
                &format!("duplicate of row {first}"),
            );
        } else {
            seen.insert(code.clone(), row.number);
        }
        if report.error_count > errors_before {
            report.bad_rows += 1;
            report.bad_row(row.number, row.cells.iter().map(Cell::display).collect());
            continue;
        }
        out.push(RefIndustryCode {
            level: level.unwrap_or(0),
            parent: parent.filter(|p| !p.is_empty()),
            section: section.unwrap_or_default(),
            code,
            name,
        });
    }
    if report.rows == 0 {
        return Err(FileError::NoData.into());
    }
    if report.error_count > 0 {
        return Err(ImportError::Rows(Box::new(report)));
    }
    // Sections where the file has none: the letter itself, or the 2-digit division's parent.
    let parents: HashMap<String, Option<String>> = out
        .iter()
        .map(|c| (c.code.clone(), c.parent.clone()))
        .collect();
    for c in &mut out {
        if c.section.is_empty() {
            c.section = match c.level {
                1 => c.code.clone(),
                _ => parents
                    .get(&c.code[..2.min(c.code.len())])
                    .cloned()
                    .flatten()
                    .unwrap_or_default(),
            };
        }
    }
    Ok(out)
}

/// Reads and checks a division-code file, or every `.csv` of a directory; nothing is written.
pub fn read_divisions(
    path: &Path,
    encoding: Option<&str>,
) -> Result<Vec<RefDivision>, ImportError> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| FileError::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
            .collect();
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for file in &files {
        let mut opened = open(file, DIVISIONS, encoding)?;
        let info = opened.info.clone();
        let col_of = |key: usize| info.mapping.iter().position(|m| *m == Some(key));
        let mut report = Report::new(info.header_row, info.headers.clone());
        while let Some(row) = opened.rows.next_row()? {
            if row.cells.iter().all(Cell::is_empty) {
                continue;
            }
            report.rows += 1;
            let code = cell(&row.cells, &info.mapping, 0).unwrap_or_default();
            let name = cell(&row.cells, &info.mapping, 1).unwrap_or_default();
            let mut bad = false;
            if !matches!(code.len(), 2 | 4 | 6 | 9 | 12)
                || !code.bytes().all(|b| b.is_ascii_digit())
            {
                report.error(problem(
                    row.number,
                    col_of(0),
                    "code",
                    &code,
                    "区划代码应为 2、4、6、9 或 12 位数字",
                    "a division code has 2, 4, 6, 9 or 12 digits",
                ));
                bad = true;
            } else if !seen.insert(code.clone()) {
                report.error(problem(
                    row.number,
                    col_of(0),
                    "code",
                    &code,
                    "代码重复",
                    "duplicate code",
                ));
                bad = true;
            }
            if name.is_empty() {
                report.error(problem(
                    row.number,
                    col_of(1),
                    "name",
                    "",
                    "名称为空",
                    "name is empty",
                ));
                bad = true;
            }
            if bad {
                report.bad_rows += 1;
                report.bad_row(row.number, row.cells.iter().map(Cell::display).collect());
                continue;
            }
            let parent = parent_of(&code);
            out.push(RefDivision { code, name, parent });
        }
        if report.rows == 0 {
            return Err(FileError::NoData.into());
        }
        if report.error_count > 0 {
            return Err(ImportError::Rows(Box::new(report)));
        }
    }
    Ok(out)
}

/// The code a division's code sits under: the code without its last level.
fn parent_of(code: &str) -> Option<String> {
    let cut = match code.len() {
        4 => 2,
        6 => 4,
        9 => 6,
        12 => 9,
        _ => return None,
    };
    Some(code[..cut].to_string())
}

/// The built-in division codes: China's provinces, cities and county-level divisions (NBS
/// 2023, `data/divisions/china/`, see its NOTICE), so a database made by `liantu init` takes
/// firms from anywhere in China. Townships come from a city's own file.
const BUILTIN_DIVISIONS: [&str; 3] = [
    include_str!("../../../data/divisions/china/provinces.csv"),
    include_str!("../../../data/divisions/china/cities.csv"),
    include_str!("../../../data/divisions/china/areas.csv"),
];

/// [`BUILTIN_DIVISIONS`] read: the first two columns (`code`, `name`) of each file. The files
/// are checked by this crate's tests.
pub fn builtin_divisions() -> Vec<RefDivision> {
    BUILTIN_DIVISIONS
        .iter()
        .flat_map(|text| {
            csv::Reader::from_reader(text.as_bytes())
                .into_records()
                .flatten()
                .filter_map(|r| Some((r.get(0)?.to_string(), r.get(1)?.to_string())))
                .collect::<Vec<_>>()
        })
        .map(|(code, name)| RefDivision {
            parent: parent_of(&code),
            code,
            name,
        })
        .collect()
}

/// Replaces the GB/T 4754-2017 table with the file's; returns the number of codes.
pub async fn import_gbt4754(
    store: &Store,
    path: &Path,
    encoding: Option<&str>,
) -> Result<usize, ImportError> {
    let codes = read_gbt4754(path, encoding)?;
    Ok(store.replace_industry_codes(&codes).await?)
}

/// Adds the file's division codes (and their province/city/county rows to the regions).
pub async fn import_divisions(
    store: &Store,
    path: &Path,
    encoding: Option<&str>,
) -> Result<DivisionSummary, ImportError> {
    let divisions = read_divisions(path, encoding)?;
    Ok(store.import_divisions(&divisions).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_divisions_are_every_row_of_the_shipped_files() {
        let divisions = builtin_divisions();
        // 31 provinces, 342 cities, 2,978 county-level divisions (NBS 2023; NOTICE.md).
        assert_eq!(divisions.len(), 31 + 342 + 2978);
        let rows: usize = BUILTIN_DIVISIONS
            .iter()
            .map(|t| t.lines().count() - 1)
            .sum();
        assert_eq!(
            divisions.len(),
            rows,
            "a row of the shipped files was not read"
        );
        let codes: HashSet<&str> = divisions.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes.len(), divisions.len(), "duplicate code");
        for d in &divisions {
            assert!(
                matches!(d.code.len(), 2 | 4 | 6) && d.code.bytes().all(|b| b.is_ascii_digit()),
                "{d:?}"
            );
            assert!(!d.name.is_empty() && !d.name.contains('"'), "{d:?}");
            if let Some(parent) = &d.parent {
                assert!(codes.contains(parent.as_str()), "{d:?} has no parent row");
            }
        }
        let liuzhou: Vec<&str> = divisions
            .iter()
            .filter(|d| d.parent.as_deref() == Some("4502"))
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(liuzhou.len(), 10, "{liuzhou:?}");
        assert!(liuzhou.contains(&"融安县") && liuzhou.contains(&"三江侗族自治县"));
    }
}
