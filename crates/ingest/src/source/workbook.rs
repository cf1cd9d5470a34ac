//! Workbooks through calamine, read on a thread of their own that streams rows to the import:
//! cells are read one at a time (`.xlsx`, `.xlsb`) and rows handed on as they are complete, so
//! memory follows the cells a file really has, never the dimensions it declares. Merged regions
//! are kept as rectangles and filled row by row.

use super::{FileInfo, Opened, Row, Rows, find_header, zip_guard};
use crate::error::{FileError, Problem};
use crate::limits::Limits;
use crate::schema::Column;
use crate::text::{Cell, Date, column_letter};
use calamine::{Data, DataRef, Dimensions, Reader, Sheets, XlsxError};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::BufReader;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Rows read ahead of the import.
const ROWS_IN_FLIGHT: usize = 256;
/// The largest sheet Excel makes: 1,048,576 rows × 16,384 columns (A–XFD).
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;

type Book = Sheets<BufReader<File>>;

/// What the reading thread sends: the header once, then rows, then how it ended.
enum Msg {
    Header(FileInfo, Vec<Problem>),
    Row(Row),
    End,
    Failed(FileError),
}

/// The import's side of the reading thread.
struct Streamed {
    recv: Receiver<Msg>,
    path: String,
    done: bool,
}

impl Rows for Streamed {
    fn next_row(&mut self) -> Result<Option<Row>, FileError> {
        if self.done {
            return Ok(None);
        }
        match self.recv.recv() {
            Ok(Msg::Row(row)) => Ok(Some(row)),
            Ok(Msg::End) => {
                self.done = true;
                Ok(None)
            }
            Ok(Msg::Failed(e)) => {
                self.done = true;
                Err(e)
            }
            Ok(Msg::Header(..)) | Err(_) => {
                self.done = true;
                Err(FileError::Workbook {
                    path: self.path.clone(),
                    message: "the reader stopped".into(),
                })
            }
        }
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
    limits: Limits,
) -> Result<Opened, FileError> {
    zip_guard::check(path, limits)?;
    let (send, recv) = sync_channel(ROWS_IN_FLIGHT);
    let (owned_path, columns) = (path.to_path_buf(), columns.to_vec());
    std::thread::Builder::new()
        .name("liantu-workbook".into())
        .spawn(move || produce(&owned_path, &columns, limits, &send))
        .map_err(|e| FileError::io(path, e))?;
    match recv.recv() {
        Ok(Msg::Header(info, warnings)) => Ok(Opened {
            rows: Box::new(Streamed {
                recv,
                path: path.display().to_string(),
                done: false,
            }),
            info,
            warnings,
        }),
        Ok(Msg::Failed(e)) => Err(e),
        Ok(Msg::Row(_) | Msg::End) | Err(_) => Err(workbook_error(path, "the reader stopped")),
    }
}

/// The reading thread: the workbook's rows, or why they cannot be read. A panic in the
/// workbook library (on a malformed file) is reported as an unreadable workbook.
fn produce(path: &Path, columns: &[Column], limits: Limits, send: &SyncSender<Msg>) {
    let outcome = catch_unwind(AssertUnwindSafe(|| read_book(path, columns, limits, send)));
    let last = match outcome {
        Ok(Ok(())) => Msg::End,
        Ok(Err(e)) => Msg::Failed(e),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Msg::Failed(workbook_error(
                path,
                format!("the reader panicked: {message}"),
            ))
        }
    };
    // Nobody listens any more when the import was abandoned.
    let _ = send.send(last);
}

/// How the search for a header row in one sheet ended.
enum Sheet {
    /// Found and every row sent (or the import stopped listening).
    Read,
    /// The sheet has no cells.
    Blank,
    NoHeader(FileError),
}

fn read_book(
    path: &Path,
    columns: &[Column],
    limits: Limits,
    send: &SyncSender<Msg>,
) -> Result<(), FileError> {
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
        let mut info = FileInfo {
            format: format.into(),
            sheet: Some(name.clone()),
            ..FileInfo::default()
        };
        let sheet =
            read_sheet(&mut book, name, columns, limits, &mut info, send).map_err(|e| match e {
                FileError::Workbook { path: p, message } if p.is_empty() => {
                    workbook_error(path, message)
                }
                other => other,
            })?;
        match sheet {
            Sheet::Read => return Ok(()),
            Sheet::Blank => {}
            Sheet::NoHeader(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or(FileError::Empty))
}

/// Reads one sheet with the cell reader of its format.
fn read_sheet(
    book: &mut Book,
    name: &str,
    columns: &[Column],
    limits: Limits,
    info: &mut FileInfo,
    send: &SyncSender<Msg>,
) -> Result<Sheet, FileError> {
    match book {
        Sheets::Xlsx(x) => {
            let regions = x.merge_cells_by_sheet_name(name).unwrap_or_default();
            let merges = Merges::new(xlsx_top_left(x, name, regions)?, limits.merged_cells);
            let mut reader = match x.worksheet_cells_reader(name) {
                Ok(reader) => reader,
                Err(XlsxError::NotAWorksheet(_)) => return Ok(Sheet::Blank),
                Err(e) => return Err(read_error(e)),
            };
            let cells = move || xlsx_cell(&mut reader);
            send_sheet(SheetRows::new(Box::new(cells), merges), columns, info, send)
        }
        Sheets::Xlsb(x) => {
            let formulas = xlsb_formulas(x, name).map_err(read_error)?;
            let mut reader = x.worksheet_cells_reader(name).map_err(read_error)?;
            let cells = move || loop {
                let Some(c) = reader.next_cell().map_err(read_error)? else {
                    return Ok(None);
                };
                let (row, col) = c.get_position();
                return Ok(Some(match c.get_value() {
                    DataRef::Empty if formulas.contains(&(row, col)) => {
                        (row, col, uncached_formula())
                    }
                    DataRef::Empty => continue,
                    value => (row, col, data_cell(&Data::from(value.clone()))),
                }));
            };
            let merges = Merges::new(Vec::new(), limits.merged_cells);
            send_sheet(SheetRows::new(Box::new(cells), merges), columns, info, send)
        }
        other => {
            let (cells, regions) = dense_cells(other, name).map_err(read_error)?;
            let mut cells = cells.into_iter();
            let merges = Merges::new(regions, limits.merged_cells);
            let next = move || Ok(cells.next());
            send_sheet(SheetRows::new(Box::new(next), merges), columns, info, send)
        }
    }
}

/// Whether the problem is with the sheet's header (so the next sheet is tried), not with
/// reading the file.
fn is_header_problem(e: &FileError) -> bool {
    matches!(
        e,
        FileError::Empty
            | FileError::NoHeader { .. }
            | FileError::MissingColumns { .. }
            | FileError::DuplicateColumn { .. }
    )
}

/// Finds the header row of a sheet and, when there is one, sends it and every row after it.
fn send_sheet(
    mut rows: SheetRows,
    columns: &[Column],
    info: &mut FileInfo,
    send: &SyncSender<Msg>,
) -> Result<Sheet, FileError> {
    let mut warnings = rows.merges.warnings();
    match find_header(&mut || rows.next_row(), columns, info, &mut warnings) {
        Ok(()) => {}
        Err(e) if is_header_problem(&e) => {
            return Ok(if rows.saw_cells {
                Sheet::NoHeader(e)
            } else {
                Sheet::Blank
            });
        }
        Err(e) => return Err(e),
    }
    // Columns right of the header are no part of the table.
    rows.width = info.headers.len();
    if send.send(Msg::Header(info.clone(), warnings)).is_err() {
        return Ok(Sheet::Read);
    }
    while let Some(row) = rows.next_row()? {
        if send.send(Msg::Row(row)).is_err() {
            break;
        }
    }
    Ok(Sheet::Read)
}

// ---------------------------------------------------------------------------------------------
// Cells

/// The next non-empty cell of a sheet, in row order: (row, column, value), 0-based.
type NextCell<'a> = Box<dyn FnMut() -> Result<Option<(u32, u32, Cell)>, FileError> + 'a>;

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

fn uncached_formula() -> Cell {
    Cell::Error(
        "公式没有计算结果（请在 Excel/WPS 中打开并保存）/ formula without a computed result (open and save the file in Excel or WPS)"
            .into(),
    )
}

/// A read error inside a sheet; [`read_book`] adds the path.
fn read_error(e: impl std::fmt::Display) -> FileError {
    FileError::Workbook {
        path: String::new(),
        message: e.to_string(),
    }
}

fn xlsx_cell(
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
fn xlsx_top_left(
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
fn xlsb_formulas(
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
fn dense_cells(
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

// ---------------------------------------------------------------------------------------------
// Rows

/// Assembles the cells of a sheet into rows, from the first row with a cell to the last: empty
/// rows between are handed on too (the header search counts them), merged regions filled.
struct SheetRows<'a> {
    cells: NextCell<'a>,
    /// The next cell, read ahead.
    ahead: Option<(u32, u32, Cell)>,
    /// The row to hand on next; `None` before the first cell.
    next: Option<u32>,
    merges: Merges,
    /// Columns kept: the sheet's width, then the header's once it is found.
    width: usize,
    saw_cells: bool,
    done: bool,
}

impl<'a> SheetRows<'a> {
    fn new(cells: NextCell<'a>, merges: Merges) -> SheetRows<'a> {
        SheetRows {
            cells,
            ahead: None,
            next: None,
            merges,
            width: MAX_COLUMNS as usize,
            saw_cells: false,
            done: false,
        }
    }

    /// Reads the next cell into `ahead`, checking it is inside the sheet and in row order.
    fn read_ahead(&mut self) -> Result<(), FileError> {
        if self.ahead.is_some() || self.done {
            return Ok(());
        }
        match (self.cells)()? {
            None => self.done = true,
            Some((row, col, cell)) => {
                if row >= MAX_ROWS || col >= MAX_COLUMNS {
                    return Err(FileError::limit(
                        format!(
                            "单元格 {}{} 超出了工作表的范围（最多 1048576 行、XFD 列）",
                            column_letter(col as usize),
                            u64::from(row) + 1
                        ),
                        format!(
                            "cell {}{} is outside a worksheet (at most 1048576 rows and columns up to XFD)",
                            column_letter(col as usize),
                            u64::from(row) + 1
                        ),
                    ));
                }
                // `next` is one past the row being assembled.
                if self.next.is_some_and(|next| row + 1 < next) {
                    return Err(FileError::limit(
                        format!(
                            "第 {} 行的单元格出现在后面的行之后，文件已损坏",
                            u64::from(row) + 1
                        ),
                        format!(
                            "the cells of row {} come after later rows: the file is damaged",
                            u64::from(row) + 1
                        ),
                    ));
                }
                self.saw_cells = true;
                self.ahead = Some((row, col, cell));
            }
        }
        Ok(())
    }

    fn next_row(&mut self) -> Result<Option<Row>, FileError> {
        self.read_ahead()?;
        let Some(&(first, _, _)) = self.ahead.as_ref() else {
            return Ok(None);
        };
        let row = self.next.unwrap_or(first);
        self.next = Some(row + 1);
        let mut cells = Vec::new();
        while let Some((r, col, cell)) = self.ahead.take_if(|(r, ..)| *r == row) {
            debug_assert_eq!(r, row);
            let col = col as usize;
            if col < self.width {
                if cells.len() <= col {
                    cells.resize(col + 1, Cell::Empty);
                }
                cells[col] = cell;
            }
            self.read_ahead()?;
        }
        self.merges.fill(row, &mut cells, self.width)?;
        while matches!(cells.last(), Some(Cell::Empty)) {
            cells.pop();
        }
        Ok(Some(Row {
            number: u64::from(row) + 1,
            cells,
        }))
    }
}

/// Merged regions, filled from their top-left cell as rows go by.
struct Merges {
    /// Regions with their top-left value, not begun yet (the one starting last first) and
    /// begun.
    pending: Vec<(Dimensions, Cell)>,
    active: Vec<(Dimensions, Cell)>,
    /// One per region over several rows: its value is copied into each.
    warnings: Vec<Problem>,
    /// Cells that may still be looked at to fill them.
    budget: u64,
    limit: u64,
}

impl Merges {
    fn new(mut regions: Vec<(Dimensions, Cell)>, limit: u64) -> Merges {
        let warnings = regions
            .iter()
            .filter(|(m, _)| m.end.0 > m.start.0)
            .map(|(m, value)| merge_warning(m, value))
            .collect();
        regions.sort_by_key(|(m, _)| std::cmp::Reverse(m.start.0));
        Merges {
            pending: regions,
            active: Vec::new(),
            warnings,
            budget: limit,
            limit,
        }
    }

    fn warnings(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.warnings)
    }

    /// Fills the empty cells of `row` that lie in a merged region with its top-left value.
    fn fill(&mut self, row: u32, cells: &mut Vec<Cell>, width: usize) -> Result<(), FileError> {
        while self.pending.last().is_some_and(|(m, _)| m.start.0 <= row) {
            self.active.extend(self.pending.pop());
        }
        self.active.retain(|(m, _)| m.end.0 >= row);
        for (m, value) in &self.active {
            if matches!(value, Cell::Empty) {
                continue;
            }
            let first = m.start.1 as usize;
            let last = (m.end.1 as usize).min(width.saturating_sub(1));
            if first > last {
                continue;
            }
            let looked = (last - first + 1) as u64;
            if looked > self.budget {
                return Err(FileError::limit(
                    format!(
                        "合并单元格覆盖的单元格超过 {} 个，文件可能已损坏",
                        self.limit
                    ),
                    format!(
                        "merged regions cover more than {} cells: the file may be damaged",
                        self.limit
                    ),
                ));
            }
            self.budget -= looked;
            if cells.len() <= last {
                cells.resize(last + 1, Cell::Empty);
            }
            for (c, cell) in cells.iter_mut().enumerate().take(last + 1).skip(first) {
                if (row, c as u32) != m.start && matches!(cell, Cell::Empty) {
                    *cell = value.clone();
                }
            }
        }
        Ok(())
    }
}

fn merge_warning(m: &Dimensions, value: &Cell) -> Problem {
    Problem::new(
        u64::from(m.start.0) + 1,
        Some(m.start.1 as usize),
        "",
        value.display(),
        format!(
            "合并单元格 {}{}:{}{}：值已填入每一行",
            column_letter(m.start.1 as usize),
            u64::from(m.start.0) + 1,
            column_letter(m.end.1 as usize),
            u64::from(m.end.0) + 1
        ),
        "merged cells: the value was copied to every row of the merge".into(),
    )
}
