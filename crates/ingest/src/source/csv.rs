//! CSV files, streamed in any supported encoding.

use super::{FileInfo, Opened, Row, Rows, find_header};
use crate::decode::{Utf8Reader, detect, read_sample};
use crate::error::FileError;
use crate::schema::Column;
use crate::text::Cell;
use encoding_rs::{Encoding, UTF_8};
use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

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

pub(super) fn open_csv(
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
