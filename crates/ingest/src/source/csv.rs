//! CSV files: streamed in any supported encoding, each record numbered by the line an editor
//! shows it on, whatever ends the lines, and bounded in length.

use super::{FileInfo, Opened, Row, Rows, find_header};
use crate::decode::{Utf8Reader, detect, read_sample};
use crate::error::FileError;
use crate::limits::Limits;
use crate::schema::Column;
use crate::text::Cell;
use encoding_rs::{Encoding, UTF_8};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::Path;

/// The CSV reader's buffer: how far it reads ahead of the record it parses.
const BUFFER: usize = 256 * 1024;

/// Passes the (UTF-8) text to the CSV parser, noting where each line with content starts, so a
/// record is reported at the line an editor shows (`\n`, `\r\n` and `\r` each end one line; a
/// record with line breaks inside quotes is reported at its first line); and stops a record, or
/// the file, that grows beyond its limit before it is held in memory.
struct LineTracker<R> {
    inner: R,
    /// Bytes passed through.
    offset: u64,
    /// The line being read, from 1.
    line: u64,
    /// The last byte was `\r`: a `\n` now ends no other line.
    after_cr: bool,
    /// The next byte starts a line.
    at_line_start: bool,
    /// (offset, line) of the lines that start with content, from the record being read on.
    starts: VecDeque<(u64, u64)>,
    /// Where the record being read starts, as the parser counts (just after the previous one).
    record_from: u64,
    limits: Limits,
    /// Why reading stopped, when a limit was reached.
    failure: Option<FileError>,
}

impl<R: Read> LineTracker<R> {
    fn new(inner: R, limits: Limits) -> LineTracker<R> {
        LineTracker {
            inner,
            offset: 0,
            line: 1,
            after_cr: false,
            at_line_start: true,
            starts: VecDeque::new(),
            record_from: 0,
            limits,
            failure: None,
        }
    }

    fn note_lines(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\r' => {
                    self.line += 1;
                    self.after_cr = true;
                    self.at_line_start = true;
                }
                b'\n' => {
                    if !self.after_cr {
                        self.line += 1;
                    }
                    self.after_cr = false;
                    self.at_line_start = true;
                }
                _ => {
                    if self.at_line_start {
                        self.starts.push_back((self.offset + i as u64, self.line));
                        self.at_line_start = false;
                    }
                    self.after_cr = false;
                }
            }
        }
        self.offset += bytes.len() as u64;
    }

    /// The first line with content at or after `from`: (its offset, its number). A record starts
    /// there, as the parser skips the line ends and empty lines before it.
    fn first_line_from(&mut self, from: u64) -> (u64, u64) {
        while self.starts.front().is_some_and(|&(at, _)| at < from) {
            self.starts.pop_front();
        }
        self.starts
            .front()
            .copied()
            .unwrap_or((self.offset, self.line))
    }

    /// Stops when the record being read cannot fit its limit any more (the parser reads at most
    /// one buffer ahead of it), or the file is too large.
    fn check_limits(&mut self) -> Option<FileError> {
        if self.offset > self.limits.csv_bytes {
            return Some(FileError::file_too_large(self.limits.csv_bytes));
        }
        let (start, line) = self.first_line_from(self.record_from);
        if self.offset.saturating_sub(start) > self.limits.record_bytes + BUFFER as u64 {
            return Some(FileError::record_too_long(line, self.limits.record_bytes));
        }
        None
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failure.is_some() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "limit reached"));
        }
        let n = self.inner.read(buf)?;
        self.note_lines(&buf[..n]);
        if let Some(failure) = self.check_limits() {
            self.failure = Some(failure);
            return Err(io::Error::new(io::ErrorKind::InvalidData, "limit reached"));
        }
        Ok(n)
    }
}

struct CsvRows {
    reader: csv::Reader<LineTracker<Box<dyn Read + Send>>>,
    record: csv::ByteRecord,
    utf8: bool,
    encoding: &'static Encoding,
    record_bytes: u64,
}

impl Rows for CsvRows {
    fn next_row(&mut self) -> Result<Option<Row>, FileError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let from = self.record.position().map_or(0, |p| p.byte());
                let end = self.reader.position().byte();
                let lines = self.reader.get_mut();
                let (start, number) = lines.first_line_from(from);
                lines.record_from = end;
                if end.saturating_sub(start) > self.record_bytes {
                    return Err(FileError::record_too_long(number, self.record_bytes));
                }
                let cells = self
                    .record
                    .iter()
                    .map(|field| csv_cell(field, self.utf8, self.encoding))
                    .collect();
                Ok(Some(Row { number, cells }))
            }
            Err(e) => {
                let lines = self.reader.get_mut();
                if let Some(failure) = lines.failure.take() {
                    return Err(failure);
                }
                let (_, line) = lines.first_line_from(lines.record_from);
                Err(FileError::Csv {
                    line,
                    message: e.to_string(),
                })
            }
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

pub(super) fn open_csv(
    path: &Path,
    columns: &[Column],
    forced: Option<&'static Encoding>,
    limits: Limits,
) -> Result<Opened, FileError> {
    let file = BufReader::with_capacity(
        BUFFER,
        File::open(path).map_err(|e| FileError::io(path, e))?,
    );
    open_csv_reader(path, file, columns, forced, limits)
}

/// [`open_csv`] of bytes read from `file`; `path` names it in errors.
pub(super) fn open_csv_reader(
    path: &Path,
    mut file: impl Read + Send + 'static,
    columns: &[Column],
    forced: Option<&'static Encoding>,
    limits: Limits,
) -> Result<Opened, FileError> {
    let sample = read_sample(&mut file).map_err(|e| FileError::io(path, e))?;
    if sample.is_empty() {
        return Err(FileError::Empty);
    }
    let (detected, bom) = detect(&sample);
    let encoding = forced.unwrap_or(detected);
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
        .buffer_capacity(BUFFER)
        .from_reader(LineTracker::new(input, limits));
    let mut rows = CsvRows {
        reader,
        record: csv::ByteRecord::new(),
        utf8,
        encoding,
        record_bytes: limits.record_bytes,
    };
    let mut info = FileInfo {
        format: "csv".into(),
        encoding: Some(encoding.name().to_string()),
        ..FileInfo::default()
    };
    let mut warnings = Vec::new();
    find_header(&mut || rows.next_row(), columns, &mut info, &mut warnings)?;
    Ok(Opened {
        rows: Box::new(rows),
        info,
        warnings,
    })
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

    /// The line each record starts on, read through the tracker with small limits.
    fn lines_of(text: &str, limits: Limits) -> Result<Vec<(u64, String)>, FileError> {
        let input: Box<dyn Read + Send> = Box::new(Cursor::new(text.as_bytes().to_vec()));
        let mut rows = CsvRows {
            reader: csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .buffer_capacity(BUFFER)
                .from_reader(LineTracker::new(input, limits)),
            record: csv::ByteRecord::new(),
            utf8: true,
            encoding: UTF_8,
            record_bytes: limits.record_bytes,
        };
        let mut out = Vec::new();
        while let Some(row) = rows.next_row()? {
            out.push((row.number, row.cells[0].display()));
        }
        Ok(out)
    }

    #[test]
    fn records_are_numbered_by_the_line_an_editor_shows() {
        let want = |v: &[(u64, &str)]| -> Vec<(u64, String)> {
            v.iter().map(|(n, s)| (*n, s.to_string())).collect()
        };
        for end in ["\n", "\r\n", "\r"] {
            let text = format!("a{end}b{end}{end}\"c{end}d\"{end}e{end}");
            assert_eq!(
                lines_of(&text, Limits::DEFAULT).unwrap(),
                want(&[(1, "a"), (2, "b"), (4, &format!("c{end}d")), (6, "e")]),
                "{end:?}"
            );
        }
        // Mixed, and `\r\r\n` (two lines, as editors show it).
        assert_eq!(
            lines_of("a\r\nb\nc\rd\r\r\ne", Limits::DEFAULT).unwrap(),
            want(&[(1, "a"), (2, "b"), (3, "c"), (4, "d"), (6, "e")])
        );
    }

    #[test]
    fn a_record_or_a_file_beyond_its_limit_is_refused() {
        let limits = Limits {
            record_bytes: 1000,
            csv_bytes: 3_000_000,
            ..Limits::DEFAULT
        };
        let long = format!("a\nb\n{}\nc\n", "x".repeat(1001));
        let e = lines_of(&long, limits).unwrap_err();
        assert!(e.to_string().contains("第 3 行"), "{e}");
        // Never ends: an unclosed quote, or no line breaks at all.
        let open_quote = format!("a\n\"{}", "x,\n".repeat(1_000_000));
        let e = lines_of(&open_quote, limits).unwrap_err();
        assert!(e.to_string().contains("row 2 is longer than"), "{e}");
        let e = lines_of(&"y\n".repeat(2_000_000), limits).unwrap_err();
        assert!(e.to_string().contains("larger than 2.9 MiB"), "{e}");
        let fits = format!("a\n{}\n", "x".repeat(999));
        assert_eq!(lines_of(&fits, limits).unwrap().len(), 2);
    }
}
