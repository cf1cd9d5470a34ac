//! Plain-text tables whose columns line up in a terminal even with Chinese text: widths are
//! measured in terminal cells (a CJK character takes two), not in bytes or chars. Numbers are
//! right-aligned and formatted for reading.

use crate::{Lang, Table};
use unicode_width::UnicodeWidthStr;

/// Renders the header, a rule and the rows; the footer, if any, follows after a blank line.
pub fn render(table: &Table, lang: Lang) -> String {
    let headers: Vec<String> = table
        .columns
        .iter()
        .map(|c| c.header.get(lang).to_string())
        .collect();
    let right: Vec<bool> = table.columns.iter().map(|c| c.kind.is_numeric()).collect();
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| one_line(c.display(lang))).collect())
        .collect();
    let mut out = aligned(&headers, &right, &rows);
    if let Some(footer) = &table.footer {
        out.push('\n');
        out.push_str(footer.get(lang));
        out.push('\n');
    }
    out
}

/// Line breaks inside a cell would break the alignment.
fn one_line(s: String) -> String {
    if s.contains(['\n', '\r']) {
        s.replace("\r\n", " ").replace(['\n', '\r'], " ")
    } else {
        s
    }
}

/// Columns padded to a common width, two spaces apart, trailing spaces trimmed.
pub fn aligned(headers: &[String], right: &[bool], rows: &[Vec<String>]) -> String {
    let columns = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut parts = Vec::with_capacity(columns);
        for (i, width) in widths.iter().enumerate() {
            let cell = cells.get(i).map(String::as_str).unwrap_or("");
            let pad = " ".repeat(width.saturating_sub(cell.width()));
            parts.push(if right.get(i).copied().unwrap_or(false) {
                format!("{pad}{cell}")
            } else {
                format!("{cell}{pad}")
            });
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(headers);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule);
    for row in rows {
        line(row);
    }
    out
}
