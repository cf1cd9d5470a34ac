//! Printing what the app returns: tables as aligned text (Chinese headers, terminal cell
//! widths) or as CSV for programs, and JSON.

use anyhow::Result;
use liantu_app::table::csv::{Headers, header_row, record};
use liantu_app::{Lang, Table};

/// The table as aligned text, without the columns named in `hide` (too wide for a terminal,
/// or printed another way).
pub fn text(table: &Table, hide: &[&str]) -> String {
    liantu_app::table::text::render(&without(table, hide), Lang::Zh)
}

pub fn print_text(table: &Table, hide: &[&str]) {
    print!("{}", text(table, hide));
}

/// The table as CSV for programs: column keys as headers (texts that differ by language as
/// `key_zh`, `key_en`; enumerations as their keys), plain numbers, no byte-order mark and no
/// footer line, so that it pipes into other tools.
pub fn print_csv(table: &Table) -> Result<()> {
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    w.write_record(header_row(&table.columns, Headers::Keys))?;
    for row in &table.rows {
        w.write_record(record(&table.columns, row, Headers::Keys))?;
    }
    w.flush()?;
    Ok(())
}

pub fn print_json(value: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn without(table: &Table, hide: &[&str]) -> Table {
    if hide.is_empty() {
        return table.clone();
    }
    let keep: Vec<usize> = (0..table.columns.len())
        .filter(|&i| !hide.contains(&table.columns[i].key.as_str()))
        .collect();
    Table {
        title: table.title.clone(),
        columns: keep.iter().map(|&i| table.columns[i].clone()).collect(),
        rows: table
            .rows
            .iter()
            .map(|row| keep.iter().map(|&i| row[i].clone()).collect())
            .collect(),
        footer: table.footer.clone(),
    }
}

/// A fraction as a percentage with one decimal; `—` when unknown.
pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), liantu_app::table::percent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use liantu_app::{Cell, Column, ColumnKind, Text};

    #[test]
    fn hidden_columns_leave_the_rest_aligned() {
        let mut t = Table::new(
            Text::new("t", "t"),
            vec![
                Column::new("node", "环节", "Node", ColumnKind::Text),
                Column::new("why", "依据", "Why", ColumnKind::Text),
                Column::new("firms", "企业数", "Firms", ColumnKind::Count),
            ],
        );
        t.push(vec![
            Cell::text("电池级碳酸锂"),
            Cell::text("很长的理由"),
            Cell::Count(0),
        ]);
        t.push(vec![Cell::text("BMS"), Cell::Empty, Cell::Count(1234)]);
        let out = text(&t, &["why"]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "环节          企业数");
        assert_eq!(lines[2], "电池级碳酸锂       0");
        assert_eq!(lines[3], "BMS            1,234");
        assert!(!out.contains("理由"));
    }
}
