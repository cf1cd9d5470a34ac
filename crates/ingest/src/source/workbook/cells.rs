//! The non-empty cells of a sheet in row order, from each format's reader: `.xlsx` and `.xlsb`
//! streamed, `.xls` and `.ods` from the grid calamine reads them into.

use super::Book;
use crate::error::FileError;
use crate::text::{Cell, Date};
use calamine::{Data, DataRef, Dimensions, Reader, Sheets};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::BufReader;

/// The next non-empty cell of a sheet, in row order: (row, column, value), 0-based.
pub(super) type NextCell<'a> = Box<dyn FnMut() -> Result<Option<(u32, u32, Cell)>, FileError> + 'a>;

pub(super) fn data_cell(d: &Data) -> Cell {
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

pub(super) fn uncached_formula() -> Cell {
    Cell::Error(
        "公式没有计算结果（请在 Excel/WPS 中打开并保存）/ formula without a computed result (open and save the file in Excel or WPS)"
            .into(),
    )
}

/// A read error inside a sheet; [`read_book`] adds the path.
pub(super) fn read_error(e: impl std::fmt::Display) -> FileError {
    FileError::Workbook {
        path: String::new(),
        message: e.to_string(),
    }
}

pub(super) fn xlsx_cell(
    reader: &mut calamine::XlsxCellReader<'_, BufReader<File>>,
) -> Result<Option<(u32, u32, Cell)>, FileError> {
    loop {
        let Some(c) = reader
            .next_cell_with_formula_metadata()
            .map_err(read_error)?
        else {
            return Ok(None);
        };
        let (row, col) = c.pos;
        return Ok(Some(match c.value {
            // Styled but empty.
            DataRef::Empty if c.formula.is_none() => continue,
            DataRef::Empty => (row, col, uncached_formula()),
            value => (row, col, data_cell(&Data::from(value))),
        }));
    }
}

/// Merged regions with the value of their top-left cell, read in a pass of their own.
pub(super) fn xlsx_top_left(
    book: &mut calamine::Xlsx<BufReader<File>>,
    name: &str,
    regions: Vec<Dimensions>,
) -> Result<Vec<(Dimensions, Cell)>, FileError> {
    if regions.is_empty() {
        return Ok(Vec::new());
    }
    let corners: HashSet<(u32, u32)> = regions.iter().map(|m| m.start).collect();
    let mut values = HashMap::new();
    let mut reader = book.worksheet_cells_reader(name).map_err(read_error)?;
    while let Some(c) = reader.next_cell().map_err(read_error)? {
        if corners.contains(&c.get_position()) {
            let value = data_cell(&Data::from(c.get_value().clone()));
            values.insert(c.get_position(), value);
        }
    }
    Ok(regions
        .into_iter()
        .map(|m| {
            let value = values.get(&m.start).cloned().unwrap_or(Cell::Empty);
            (m, value)
        })
        .collect())
}

/// Cells with a formula, to tell a formula without a computed result from an empty cell.
pub(super) fn xlsb_formulas(
    book: &mut calamine::Xlsb<BufReader<File>>,
    name: &str,
) -> Result<HashSet<(u32, u32)>, calamine::XlsbError> {
    let mut reader = book.worksheet_cells_reader(name)?;
    let mut formulas = HashSet::new();
    while let Some(c) = reader.next_formula()? {
        if !c.get_value().is_empty() {
            formulas.insert(c.get_position());
        }
    }
    Ok(formulas)
}

/// `.xls` and `.ods`, which calamine reads whole, as a grid: the non-empty cells in row order
/// and the merged regions with their values.
#[allow(clippy::type_complexity)]
pub(super) fn dense_cells(
    book: &mut Book,
    name: &str,
) -> Result<(Vec<(u32, u32, Cell)>, Vec<(Dimensions, Cell)>), calamine::Error> {
    let range = book.worksheet_range(name)?;
    let formulas = book.worksheet_formula(name).unwrap_or_default();
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut cells: Vec<(u32, u32, Cell)> = range
        .used_cells()
        .map(|(r, c, d)| (row0 + r as u32, col0 + c as u32, data_cell(d)))
        .collect();
    if let Some((fr, fc)) = formulas.start() {
        for (r, c, f) in formulas.used_cells() {
            let abs = (fr + r as u32, fc + c as u32);
            if !f.is_empty() && matches!(range.get_value(abs), None | Some(Data::Empty)) {
                cells.push((abs.0, abs.1, uncached_formula()));
            }
        }
    }
    cells.sort_by_key(|&(r, c, _)| (r, c));
    let regions = match book {
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let regions = regions
        .into_iter()
        .map(|m| {
            let value = range
                .get_value(m.start)
                .map(data_cell)
                .unwrap_or(Cell::Empty);
            (m, value)
        })
        .collect();
    Ok((cells, regions))
}
