//! Workbooks through calamine: merged cells filled from their top-left cell, formulas read as
//! their cached results.

use super::{FileInfo, Opened, Row, Rows, find_header};
use crate::error::{FileError, Problem};
use crate::limits::Limits;
use crate::schema::Column;
use crate::text::{Cell, Date, column_letter};
use calamine::{Data, Dimensions, Range, Reader, Sheets};
use std::collections::{HashMap, HashSet};
use std::path::Path;

struct SheetRows {
    range: Range<Data>,
    next: usize,
    /// Cells inside merged regions (other than the top-left one), with the top-left value.
    merged: HashMap<(u32, u32), Cell>,
    /// Formula cells without a cached result.
    uncached: HashSet<(u32, u32)>,
}

fn data_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match Date::new(i32::from(y), u32::from(m), u32::from(d)) {
                Some(date) => Cell::Date(date),
                None => Cell::Number(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("#{e:?}")),
    }
}

impl Rows for SheetRows {
    fn next_row(&mut self) -> Result<Option<Row>, FileError> {
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return Ok(None);
        }
        let (row0, col0) = self.range.start().unwrap_or((0, 0));
        let r = self.next;
        self.next += 1;
        let abs_row = row0 + r as u32;
        let mut cells = vec![Cell::Empty; col0 as usize];
        for c in 0..width {
            let abs = (abs_row, col0 + c as u32);
            let cell = match self.range.get((r, c)) {
                Some(Data::Empty) | None => {
                    if self.uncached.contains(&abs) {
                        Cell::Error(
                            "公式没有计算结果（请在 Excel/WPS 中打开并保存）/ formula without a computed result (open and save the file in Excel or WPS)"
                                .into(),
                        )
                    } else {
                        self.merged.get(&abs).cloned().unwrap_or(Cell::Empty)
                    }
                }
                Some(d) => data_cell(d),
            };
            cells.push(cell);
        }
        while matches!(cells.last(), Some(Cell::Empty)) {
            cells.pop();
        }
        Ok(Some(Row {
            number: u64::from(abs_row) + 1,
            cells,
        }))
    }
}

fn workbook_error(path: &Path, e: impl std::fmt::Display) -> FileError {
    FileError::Workbook {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

pub(super) fn open_workbook(
    path: &Path,
    columns: &[Column],
    _limits: Limits,
) -> Result<Opened, FileError> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(io) => FileError::io(path, io),
        other => workbook_error(path, other),
    })?;
    let format = match &book {
        Sheets::Xls(_) => "xls",
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
    };
    let names = book.sheet_names();
    if names.is_empty() {
        return Err(FileError::Empty);
    }
    let mut first_error = None;
    // The first worksheet whose header row is recognised (a template's notes sheet comes second).
    for name in &names {
        let range = book
            .worksheet_range(name)
            .map_err(|e| workbook_error(path, e))?;
        if range.is_empty() {
            continue;
        }
        let merges: Vec<Dimensions> = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let formulas = book.worksheet_formula(name).unwrap_or_default();
        let mut uncached = HashSet::new();
        if let Some((fr, fc)) = formulas.start() {
            for (r, c, f) in formulas.used_cells() {
                let abs = (fr + r as u32, fc + c as u32);
                if !f.is_empty() && matches!(range.get_value(abs), None | Some(Data::Empty)) {
                    uncached.insert(abs);
                }
            }
        }
        let mut warnings = Vec::new();
        let mut merged = HashMap::new();
        for m in &merges {
            let top_left = range
                .get_value(m.start)
                .map(data_cell)
                .unwrap_or(Cell::Empty);
            if m.end.0 > m.start.0 {
                warnings.push(Problem::new(
                    u64::from(m.start.0) + 1,
                    Some(m.start.1 as usize),
                    "",
                    top_left.display(),
                    format!(
                        "合并单元格 {}{}:{}{}：值已填入每一行",
                        column_letter(m.start.1 as usize),
                        m.start.0 + 1,
                        column_letter(m.end.1 as usize),
                        m.end.0 + 1
                    ),
                    "merged cells: the value was copied to every row of the merge".into(),
                ));
            }
            for r in m.start.0..=m.end.0 {
                for c in m.start.1..=m.end.1 {
                    if (r, c) != m.start {
                        merged.insert((r, c), top_left.clone());
                    }
                }
            }
        }
        let mut rows = SheetRows {
            range,
            next: 0,
            merged,
            uncached,
        };
        let mut info = FileInfo {
            format: format.into(),
            sheet: Some(name.clone()),
            ..FileInfo::default()
        };
        match find_header(&mut || rows.next_row(), columns, &mut info, &mut warnings) {
            Ok(()) => {
                return Ok(Opened {
                    rows: Box::new(rows),
                    info,
                    warnings,
                });
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or(FileError::Empty))
}
