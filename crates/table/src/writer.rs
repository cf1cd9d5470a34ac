//! Row-by-row writing of CSV or XLSX for exports too large to hold as a [`Table`](crate::Table):
//! a million enterprises stream through in constant memory (XLSX in rust_xlsxwriter's
//! constant-memory mode). A file is written under a temporary name beside its destination and
//! renamed when complete, so a failed export never leaves a partial file behind.

use crate::csv::{Headers, header_row, neutralise, record};
use crate::xlsx::{Formats, new_workbook, sheet_name, write_header, write_row};
use crate::{Cell, Column, Lang};
use rust_xlsxwriter::Workbook;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Ok(Format::Xlsx),
            "csv" => Ok(Format::Csv),
            other => Err(format!(
                "未知的格式 '{other}'，可选 xlsx、csv / unknown format '{other}', expected xlsx or csv"
            )),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("无法写入 {path} / cannot write {path}: {message}")]
pub struct WriterError {
    pub path: String,
    pub message: String,
}

enum Sink {
    Csv(Box<::csv::Writer<BufWriter<File>>>),
    Xlsx {
        book: Box<Workbook>,
        formats: Box<Formats>,
    },
}

/// Writes a table to a file row by row.
pub struct Writer {
    destination: PathBuf,
    partial: PathBuf,
    /// `None` once finished.
    sink: Option<Sink>,
    columns: Vec<Column>,
    lang: Lang,
    headers: Headers,
    rows: u32,
}

impl Writer {
    /// Starts `path` (written as `path.partial` until [`Writer::finish`]); `lang` chooses the
    /// headers and label texts.
    pub fn create(
        path: &Path,
        format: Format,
        sheet: &str,
        columns: Vec<Column>,
        lang: Lang,
    ) -> Result<Writer, WriterError> {
        let partial = partial_name(path);
        let fail = |e: &dyn std::fmt::Display| WriterError {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let headers = Headers::People(lang);
        let sink = match format {
            Format::Csv => {
                let mut file = BufWriter::new(File::create(&partial).map_err(|e| fail(&e))?);
                file.write_all(b"\xEF\xBB\xBF").map_err(|e| fail(&e))?;
                let mut w = ::csv::WriterBuilder::new().flexible(true).from_writer(file);
                w.write_record(header_row(&columns, headers))
                    .map_err(|e| fail(&e))?;
                Sink::Csv(Box::new(w))
            }
            Format::Xlsx => {
                let mut book = Box::new(new_workbook());
                let ws = book
                    .add_worksheet_with_constant_memory()
                    .map_err(|e| fail(&e))?;
                ws.set_name(sheet_name(sheet)).map_err(|e| fail(&e))?;
                write_header(ws, &columns, lang).map_err(|e| fail(&e))?;
                Sink::Xlsx {
                    book,
                    formats: Box::new(Formats::new()),
                }
            }
        };
        Ok(Writer {
            destination: path.to_path_buf(),
            partial,
            sink: Some(sink),
            columns,
            lang,
            headers,
            rows: 0,
        })
    }

    fn fail(&self, e: impl std::fmt::Display) -> WriterError {
        WriterError {
            path: self.destination.display().to_string(),
            message: e.to_string(),
        }
    }

    pub fn row(&mut self, cells: &[Cell]) -> Result<(), WriterError> {
        self.rows += 1;
        let result = match &mut self.sink {
            None => Err("already finished".to_string()),
            Some(Sink::Csv(w)) => w
                .write_record(record(&self.columns, cells, self.headers))
                .map_err(|e| e.to_string()),
            Some(Sink::Xlsx { book, formats }) => book
                .worksheet_from_index(0)
                .and_then(|ws| write_row(ws, self.rows, &self.columns, cells, self.lang, formats))
                .map_err(|e| e.to_string()),
        };
        result.map_err(|e| self.fail(e))
    }

    /// Writes `footer` as a last line outside the table, completes the file and moves it into
    /// place; returns the number of data rows.
    pub fn finish(mut self, footer: Option<&str>) -> Result<u32, WriterError> {
        let rows = self.rows;
        let last = self.columns.len().saturating_sub(1) as u16;
        let result = match self.sink.take() {
            None => Err("already finished".to_string()),
            // Dropping the CSV writer closes the file before the rename.
            Some(Sink::Csv(mut w)) => (|| {
                if let Some(f) = footer {
                    w.write_record([neutralise(f.to_string())])?;
                }
                w.flush()
            })()
            .map_err(|e| e.to_string()),
            Some(Sink::Xlsx { mut book, .. }) => (|| {
                let ws = book.worksheet_from_index(0)?;
                ws.autofilter(0, 0, rows.max(1), last)?;
                if let Some(f) = footer {
                    ws.write_string(rows + 2, 0, f)?;
                }
                book.save(&self.partial)
            })()
            .map_err(|e| e.to_string()),
        };
        result.map_err(|e| self.fail(e))?;
        std::fs::rename(&self.partial, &self.destination).map_err(|e| self.fail(e))?;
        Ok(rows)
    }
}

impl Drop for Writer {
    /// An unfinished export leaves nothing behind.
    fn drop(&mut self) {
        if self.partial.exists() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

/// `dir/name.ext` → `dir/.name.ext.partial`: hidden, beside the destination so the rename stays
/// on one file system.
fn partial_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    path.with_file_name(format!(".{name}.partial"))
}
