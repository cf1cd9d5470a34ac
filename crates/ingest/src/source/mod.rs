//! Rows out of a file, whatever its format: CSV (streamed, any supported encoding) or a workbook
//! (`.xlsx`, `.xls`, `.xlsb`, `.ods` through calamine; merged cells filled from their top-left
//! cell, formulas read as their cached results). Reading is bounded by [`Limits`].

mod csv;
mod workbook;
mod zip_guard;

use crate::decode::encoding_for_label;
use crate::error::{FileError, Problem};
pub use crate::limits::Limits;
use crate::schema::{Column, match_header};
use crate::text::{Cell, column_letter};
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// How many rows from the top are searched for the header row (titles above it are skipped).
const HEADER_SEARCH: usize = 20;

/// One row: its 1-based number as the user sees it (spreadsheet row, or CSV line) and its cells,
/// column A first.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: u64,
    pub cells: Vec<Cell>,
}

/// Where rows come from.
pub trait Rows: Send {
    fn next_row(&mut self) -> Result<Option<Row>, FileError>;
}

/// What was found out about the file while opening it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileInfo {
    /// `csv`, `xlsx`, `xls`, …
    pub format: String,
    /// Encoding of a CSV file (`UTF-8`, `gb18030`, …).
    pub encoding: Option<String>,
    /// Worksheet read from a workbook.
    pub sheet: Option<String>,
    /// The header row and its number.
    pub headers: Vec<String>,
    pub header_row: u64,
    /// For each column of the file, the schema column it fills.
    pub mapping: Vec<Option<usize>>,
}

/// An opened file positioned after its header row.
pub struct Opened {
    pub rows: Box<dyn Rows>,
    pub info: FileInfo,
    /// Things worth telling the user that do not stop the import (ignored columns, merged cells).
    pub warnings: Vec<Problem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Workbook,
}

fn format_of(path: &Path) -> Result<Format, FileError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => Ok(Format::Csv),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Ok(Format::Workbook),
        _ => {
            // Sniff: zip (xlsx/ods) or OLE (xls) signatures, otherwise text.
            let mut magic = [0u8; 4];
            let n = File::open(path)
                .and_then(|mut f| f.read(&mut magic))
                .map_err(|e| FileError::io(path, e))?;
            if n == 4 && (magic == *b"PK\x03\x04" || magic == [0xD0, 0xCF, 0x11, 0xE0]) {
                Ok(Format::Workbook)
            } else {
                Ok(Format::Csv)
            }
        }
    }
}

/// Opens `path`, finds its header row and maps the headers onto `columns`.
pub fn open(path: &Path, columns: &[Column], encoding: Option<&str>) -> Result<Opened, FileError> {
    open_with(path, columns, encoding, Limits::DEFAULT)
}

/// [`open`] within other limits.
pub fn open_with(
    path: &Path,
    columns: &[Column],
    encoding: Option<&str>,
    limits: Limits,
) -> Result<Opened, FileError> {
    let forced = match encoding {
        Some(label) => Some(
            encoding_for_label(label)
                .ok_or_else(|| FileError::UnknownEncoding(label.to_string()))?,
        ),
        None => None,
    };
    match format_of(path)? {
        Format::Csv => csv::open_csv(path, columns, forced, limits),
        Format::Workbook => workbook::open_workbook(path, columns, limits),
    }
}

/// A CSV compiled into the program (a built-in reference table), read like a user's file;
/// `name` stands for its path in errors.
pub fn open_builtin_csv(
    name: &str,
    bytes: &'static [u8],
    columns: &[Column],
) -> Result<Opened, FileError> {
    csv::open_csv_reader(
        Path::new(name),
        std::io::Cursor::new(bytes),
        columns,
        None,
        Limits::DEFAULT,
    )
}

/// Reads rows until the header row: the first row of the first few in which at least two cells
/// (one for a file of one column) name a known column.
fn find_header(
    next_row: &mut dyn FnMut() -> Result<Option<Row>, FileError>,
    columns: &[Column],
    info: &mut FileInfo,
    warnings: &mut Vec<Problem>,
) -> Result<(), FileError> {
    let mut first_non_empty: Option<Row> = None;
    for _ in 0..HEADER_SEARCH {
        let Some(row) = next_row()? else {
            break;
        };
        if row.cells.iter().all(Cell::is_empty) {
            continue;
        }
        let mapping: Vec<Option<usize>> = row
            .cells
            .iter()
            .map(|c| match c {
                Cell::Text(t) => match_header(columns, t),
                _ => None,
            })
            .collect();
        let hits = mapping.iter().flatten().count();
        if hits >= 2.min(columns.len()) {
            return finish_header(row, mapping, columns, info, warnings);
        }
        if first_non_empty.is_none() {
            first_non_empty = Some(row);
        }
    }
    match first_non_empty {
        None => Err(FileError::Empty),
        Some(row) => Err(FileError::NoHeader {
            found: row.cells.iter().map(Cell::display).collect(),
            expected: columns
                .iter()
                .map(|c| format!("{} / {}", c.zh, c.key))
                .collect(),
        }),
    }
}

fn finish_header(
    row: Row,
    mapping: Vec<Option<usize>>,
    columns: &[Column],
    info: &mut FileInfo,
    warnings: &mut Vec<Problem>,
) -> Result<(), FileError> {
    let headers: Vec<String> = row.cells.iter().map(Cell::display).collect();
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for (i, m) in mapping.iter().enumerate() {
        match m {
            Some(c) => {
                if let Some(first) = seen.insert(*c, i) {
                    return Err(FileError::DuplicateColumn {
                        column: columns[*c].zh.to_string(),
                        first: column_letter(first),
                        second: column_letter(i),
                    });
                }
            }
            None if !headers[i].trim().is_empty() => warnings.push(Problem::new(
                row.number,
                Some(i),
                &headers[i],
                headers[i].clone(),
                "无法识别的列，已忽略".to_string(),
                "unknown column, ignored".to_string(),
            )),
            None => {}
        }
    }
    let missing: Vec<String> = columns
        .iter()
        .enumerate()
        .filter(|(i, c)| c.required && !seen.contains_key(i))
        .map(|(_, c)| format!("{} / {}", c.zh, c.key))
        .collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns {
            missing,
            found: headers,
        });
    }
    info.headers = headers;
    info.header_row = row.number;
    info.mapping = mapping;
    Ok(())
}

/// A data row's number in the file and its cells as text.
pub type TextRow = (u64, Vec<String>);

/// Every data row of a file as text in `columns` order (a column the file lacks stays empty,
/// blank rows are skipped), with its row number: for the readers whose rules live elsewhere
/// (investment candidates, the 调度表). `text` turns a cell into the text the rules read.
pub fn read_text_rows(
    path: &Path,
    columns: &[Column],
    encoding: Option<&str>,
    text: impl Fn(&Cell) -> String,
) -> Result<(FileInfo, Vec<TextRow>), FileError> {
    let mut opened = open(path, columns, encoding)?;
    let mut rows = Vec::new();
    while let Some(row) = opened.rows.next_row()? {
        if row.cells.iter().all(Cell::is_empty) {
            continue;
        }
        let mut cells = vec![String::new(); columns.len()];
        for (file_col, m) in opened.info.mapping.iter().enumerate() {
            if let (Some(c), Some(cell)) = (m, row.cells.get(file_col)) {
                cells[*c] = text(cell);
            }
        }
        rows.push((row.number, cells));
    }
    if rows.is_empty() {
        return Err(FileError::NoData);
    }
    Ok((opened.info, rows))
}
