//! Workbooks through calamine, read on a thread of their own that streams rows to the import:
//! cells are read one at a time (`.xlsx`, `.xlsb`) and rows handed on as they are complete, so
//! memory follows the cells a file really has, never the dimensions it declares. Merged regions
//! are kept as rectangles and filled row by row.

mod cells;
mod rows;

use super::{FileInfo, Opened, Row, Rows, find_header, zip_guard};
use crate::error::{FileError, Problem};
use crate::limits::Limits;
use crate::schema::Column;
use calamine::{Data, DataRef, Reader, Sheets, XlsxError};
use cells::{
    data_cell, dense_cells, read_error, uncached_formula, xlsb_formulas, xlsx_cell, xlsx_top_left,
};
use rows::{Merges, SheetRows, check_merge_count};
use std::fs::File;
use std::io::BufReader;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Rows read ahead of the import.
const ROWS_IN_FLIGHT: usize = 256;

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
            check_merge_count(regions.len(), limits.merged_regions)?;
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
            check_merge_count(regions.len(), limits.merged_regions)?;
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
    let mut warnings = rows.merge_warnings();
    match find_header(&mut || rows.next_row(), columns, info, &mut warnings) {
        Ok(()) => {}
        Err(e) if is_header_problem(&e) => {
            return Ok(if rows.saw_cells() {
                Sheet::NoHeader(e)
            } else {
                Sheet::Blank
            });
        }
        Err(e) => return Err(e),
    }
    // Columns right of the header are no part of the table.
    rows.keep_columns(info.headers.len());
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
