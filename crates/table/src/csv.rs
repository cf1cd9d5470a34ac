//! CSV: UTF-8 with a byte-order mark (Excel and WPS then read Chinese correctly), numbers plain
//! (no separators, full precision), and no cell a spreadsheet would run as a formula.

use crate::{Cell, Column, ColumnKind, Lang, Table, plain_number};
use std::io::Write;

/// Whose headers: people's (in a language) or programs' (column keys, language-dependent
/// columns split into `key_zh` and `key_en`, enumerations as their keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Headers {
    People(Lang),
    Keys,
}

/// The header row for `columns`.
pub fn header_row(columns: &[Column], headers: Headers) -> Vec<String> {
    match headers {
        Headers::People(lang) => columns
            .iter()
            .map(|c| c.header.get(lang).to_string())
            .collect(),
        Headers::Keys => columns
            .iter()
            .flat_map(|c| match c.kind {
                ColumnKind::Local => vec![format!("{}_zh", c.key), format!("{}_en", c.key)],
                _ => vec![c.key.clone()],
            })
            .collect(),
    }
}

/// The fields of one row.
pub fn record(columns: &[Column], row: &[Cell], headers: Headers) -> Vec<String> {
    let mut out = Vec::with_capacity(row.len() + 2);
    for (column, cell) in columns.iter().zip(row) {
        let cell = cell.inner();
        match headers {
            Headers::People(lang) => out.push(people(cell, lang)),
            Headers::Keys if column.kind == ColumnKind::Local => {
                out.push(people(cell, Lang::Zh));
                out.push(people(cell, Lang::En));
            }
            Headers::Keys => out.push(program(cell)),
        }
    }
    out
}

fn people(cell: &Cell, lang: Lang) -> String {
    match cell {
        // A figure that is not finite is left empty rather than written as text.
        Cell::Money(v) | Cell::Percent(v) | Cell::Number { value: v, .. } if !v.is_finite() => {
            String::new()
        }
        Cell::Money(v) | Cell::Percent(v) | Cell::Number { value: v, .. } => plain_number(*v),
        Cell::Count(n) => n.to_string(),
        other => neutralise(other.display(lang)),
    }
}

fn program(cell: &Cell) -> String {
    match cell {
        Cell::Label { key, .. } => neutralise(key.clone()),
        other => people(other, Lang::Zh),
    }
}

/// A text a spreadsheet would take for a formula gets a leading apostrophe (numbers are written
/// as numbers and never pass through here).
pub use liantu_model::spreadsheet::neutralise;

/// Writes `table` with a BOM, its header row, its rows and the footer as a last one-field line.
pub fn write(table: &Table, headers: Headers, mut out: impl Write) -> std::io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = ::csv::WriterBuilder::new().flexible(true).from_writer(out);
    w.write_record(header_row(&table.columns, headers))?;
    for row in &table.rows {
        w.write_record(record(&table.columns, row, headers))?;
    }
    if let Some(footer) = &table.footer {
        let lang = match headers {
            Headers::People(lang) => lang,
            Headers::Keys => Lang::Zh,
        };
        w.write_record([neutralise(footer.get(lang).to_string())])?;
    }
    w.flush()
}

/// [`write`] into memory.
pub fn to_bytes(table: &Table, headers: Headers) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(table, headers, &mut out);
    out
}
