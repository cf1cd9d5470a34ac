//! XLSX: headers in the reader's language (bold, frozen, autofiltered), numbers typed — 万元 with
//! thousands separators, fractions as percentages, dates as dates — so the sheet calculates.
//! Text is always stored as text, so a cell starting with `=` never becomes a formula.
//! Workbooks carry a fixed creation date: the same data gives the same bytes.

use crate::{Cell, Column, ColumnKind, Lang, Table};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::io::{Seek, Write};

/// Sheet names: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if cleaned.trim().is_empty() {
        "Sheet1".into()
    } else {
        cleaned
    }
}

/// A workbook with a fixed creation date, so identical data gives identical files.
pub fn new_workbook() -> Workbook {
    let mut book = Workbook::new();
    if let Ok(date) = ExcelDateTime::from_ymd(2000, 1, 1) {
        book.set_properties(&DocProperties::new().set_creation_datetime(&date));
    }
    book
}

pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color("#F3F6F9")
        .set_border_bottom(FormatBorder::Thin)
}

/// Number formats by column kind.
pub(crate) struct Formats {
    money: Format,
    percent: Format,
    date: Format,
    decimals: Vec<Format>,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            money: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0.0%"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            decimals: (0..=6)
                .map(|d| {
                    let pattern = if d == 0 {
                        "#,##0".to_string()
                    } else {
                        format!("#,##0.{}", "0".repeat(d))
                    };
                    Format::new().set_num_format(pattern)
                })
                .collect(),
        }
    }
}

/// Writes the header row, widths and frozen pane of a sheet.
pub(crate) fn write_header(
    sheet: &mut Worksheet,
    columns: &[Column],
    lang: Lang,
) -> Result<(), XlsxError> {
    let bold = header_format();
    for (i, c) in (0u16..).zip(columns) {
        sheet.write_with_format(0, i, c.header.get(lang), &bold)?;
        if c.width > 0.0 {
            sheet.set_column_width(i, c.width)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Writes one data row (1-based under the header).
pub(crate) fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    columns: &[Column],
    cells: &[Cell],
    lang: Lang,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, (column, cell)) in (0u16..).zip(columns.iter().zip(cells)) {
        // The column decides the number format, so every cell of a 万元 column reads alike.
        let number_format = match (column.kind, cell.inner()) {
            (ColumnKind::Money, _) => Some(&formats.money),
            (ColumnKind::Percent, _) => Some(&formats.percent),
            (ColumnKind::Number, Cell::Number { decimals, .. }) => {
                Some(&formats.decimals[usize::from(*decimals).min(6)])
            }
            _ => None,
        };
        match cell.inner() {
            Cell::Empty => {}
            Cell::Money(v) | Cell::Percent(v) | Cell::Number { value: v, .. } if v.is_finite() => {
                match number_format {
                    Some(f) => sheet.write_number_with_format(row, col, *v, f)?,
                    None => sheet.write_number(row, col, *v)?,
                };
            }
            Cell::Count(n) => {
                match number_format {
                    Some(f) => sheet.write_number_with_format(row, col, *n as f64, f)?,
                    None => sheet.write_number(row, col, *n as f64)?,
                };
            }
            Cell::Date { year, month, day } => {
                match u16::try_from(*year)
                    .ok()
                    .zip(u8::try_from(*month).ok())
                    .zip(u8::try_from(*day).ok())
                    .and_then(|((y, m), d)| ExcelDateTime::from_ymd(y, m, d).ok())
                {
                    Some(date) => {
                        sheet.write_datetime_with_format(row, col, &date, &formats.date)?;
                    }
                    None => {
                        sheet.write_string(row, col, cell.display(lang))?;
                    }
                }
            }
            // Text, labels, and numbers that are not finite (shown as "—").
            other => {
                sheet.write_string(row, col, other.display(lang))?;
            }
        }
    }
    Ok(())
}

/// Writes `table` as a one-sheet workbook to `out`.
pub fn write<W: Write + Seek + Send>(table: &Table, lang: Lang, out: W) -> Result<(), XlsxError> {
    let mut book = new_workbook();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(table.title.get(lang)))?;
    write_header(sheet, &table.columns, lang)?;
    let formats = Formats::new();
    for (row, cells) in (1u32..).zip(&table.rows) {
        write_row(sheet, row, &table.columns, cells, lang, &formats)?;
    }
    let rows = table.rows.len() as u32;
    let last = table.columns.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, rows.max(1), last)?;
    if let Some(footer) = &table.footer {
        sheet.write_string(rows + 2, 0, footer.get(lang))?;
    }
    book.save_to_writer(out)
}

/// [`write`] into memory.
pub fn to_bytes(table: &Table, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut out = std::io::Cursor::new(Vec::new());
    write(table, lang, &mut out)?;
    Ok(out.into_inner())
}
