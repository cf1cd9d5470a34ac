//! Rows out of a file, whatever its format: CSV (streamed, any supported encoding) or a workbook
//! (`.xlsx`, `.xls`, `.xlsb`, `.ods` through calamine; merged cells filled from their top-left
//! cell, formulas read as their cached results).

use crate::decode::{Utf8Reader, detect, encoding_for_label, read_sample};
use crate::error::{FileError, Problem};
use crate::schema::{Column, match_header};
use crate::text::{Cell, Date, column_letter};
use calamine::{Data, Dimensions, Range, Reader, Sheets};
use encoding_rs::{Encoding, UTF_8};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Cursor, Read};
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
    let forced = match encoding {
        Some(label) => Some(
            encoding_for_label(label)
                .ok_or_else(|| FileError::UnknownEncoding(label.to_string()))?,
        ),
        None => None,
    };
    match format_of(path)? {
        Format::Csv => open_csv(path, columns, forced),
        Format::Workbook => open_workbook(path, columns),
    }
}

/// Reads rows until the header row: the first row of the first few in which at least two cells
/// (one for a file of one column) name a known column.
fn find_header(
    rows: &mut dyn Rows,
    columns: &[Column],
    info: &mut FileInfo,
    warnings: &mut Vec<Problem>,
) -> Result<(), FileError> {
    let mut first_non_empty: Option<Row> = None;
    for _ in 0..HEADER_SEARCH {
        let Some(row) = rows.next_row()? else {
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

// ---------------------------------------------------------------------------------------------
// CSV

struct CsvRows {
    reader: csv::Reader<Box<dyn Read + Send>>,
    record: csv::ByteRecord,
    utf8: bool,
    encoding: &'static Encoding,
}

impl Rows for CsvRows {
    fn next_row(&mut self) -> Result<Option<Row>, FileError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let number = self.record.position().map_or(0, |p| p.line());
                let cells = self
                    .record
                    .iter()
                    .map(|field| csv_cell(field, self.utf8, self.encoding))
                    .collect();
                Ok(Some(Row { number, cells }))
            }
            Err(e) => Err(FileError::Csv {
                line: e.position().map_or(0, |p| p.line()),
                message: e.to_string(),
            }),
        }
    }
}

fn csv_cell(field: &[u8], utf8: bool, encoding: &'static Encoding) -> Cell {
    if field.iter().all(|b| b.is_ascii_whitespace()) {
        return Cell::Empty;
    }
    if utf8 {
        match std::str::from_utf8(field) {
            Ok(s) => Cell::Text(s.to_string()),
            Err(_) => Cell::Error(format!(
                "{}：不是有效的 UTF-8 文本（试试 --encoding gbk）/ not valid UTF-8 (try --encoding gbk)",
                String::from_utf8_lossy(field)
            )),
        }
    } else {
        // Already transcoded to UTF-8 by Utf8Reader; U+FFFD marks bytes that did not decode.
        let s = String::from_utf8_lossy(field).into_owned();
        if s.contains('\u{FFFD}') {
            Cell::Error(format!(
                "{s}：含有无法按 {0} 解码的字节（用 --encoding 指定编码）/ contains bytes that are not valid {0} (use --encoding)",
                encoding.name()
            ))
        } else {
            Cell::Text(s)
        }
    }
}

/// The delimiter of the first line: the most frequent of `,`, tab and `;` outside quotes.
fn sniff_delimiter(sample: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in sample {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], i == 0)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b'\t', b';'][best]
    }
}

fn open_csv(
    path: &Path,
    columns: &[Column],
    forced: Option<&'static Encoding>,
) -> Result<Opened, FileError> {
    let mut file = BufReader::with_capacity(
        256 * 1024,
        File::open(path).map_err(|e| FileError::io(path, e))?,
    );
    let sample = read_sample(&mut file).map_err(|e| FileError::io(path, e))?;
    if sample.is_empty() {
        return Err(FileError::Empty);
    }
    let (detected, bom) = detect(&sample);
    let encoding = match forced {
        Some(e) => e,
        None => detected,
    };
    // Keep the BOM out of the data when it belongs to the encoding read.
    let skip = if forced.is_none() || Encoding::for_bom(&sample).map(|(e, _)| e) == Some(encoding) {
        bom
    } else {
        0
    };
    let utf8 = encoding == UTF_8;
    let head: Box<dyn Read + Send> = Box::new(Cursor::new(sample[skip..].to_vec()).chain(file));
    let delimiter = if utf8 {
        sniff_delimiter(&sample[skip..])
    } else {
        let (text, _) = encoding.decode_without_bom_handling(&sample[skip..]);
        sniff_delimiter(text.as_bytes())
    };
    let input: Box<dyn Read + Send> = if utf8 {
        head
    } else {
        Box::new(Utf8Reader::new(head, encoding))
    };
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(256 * 1024)
        .from_reader(input);
    let mut rows = CsvRows {
        reader,
        record: csv::ByteRecord::new(),
        utf8,
        encoding,
    };
    let mut info = FileInfo {
        format: "csv".into(),
        encoding: Some(encoding.name().to_string()),
        ..FileInfo::default()
    };
    let mut warnings = Vec::new();
    find_header(&mut rows, columns, &mut info, &mut warnings)?;
    Ok(Opened {
        rows: Box::new(rows),
        info,
        warnings,
    })
}

// ---------------------------------------------------------------------------------------------
// Workbooks

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

fn open_workbook(path: &Path, columns: &[Column]) -> Result<Opened, FileError> {
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
        match find_header(&mut rows, columns, &mut info, &mut warnings) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1\t2"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter(b"abc\n"), b',');
    }
}
