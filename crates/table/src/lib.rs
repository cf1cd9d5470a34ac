//! One neutral table model for every table liantu shows: a use case builds a [`Table`] once —
//! columns with Chinese and English headers, typed cells (text, 万元, percent, count, date, a
//! code with its name, a link) — and each front end renders it its own way:
//!
//! - [`csv`]: UTF-8 with BOM so Excel opens Chinese correctly; headers for people (in a language)
//!   or for programs (column keys); cells that a spreadsheet would run as a formula are
//!   neutralised the way OWASP recommends;
//! - [`xlsx`]: Chinese headers, typed numbers with 万元 and percent formats, frozen header row,
//!   autofilter, written to any `Write + Seek` (no temporary files);
//! - [`text`]: aligned columns for a terminal, widths measured in cells (a CJK character is two);
//! - [`json`]: one object per row keyed by column key;
//! - HTML: in the web crate, which owns markup.
//!
//! Large exports stream rows through [`Writer`] instead of building a `Table` in memory.

pub mod csv;
pub mod json;
pub mod text;
mod writer;
pub mod xlsx;

pub use liantu_model::Lang;
pub use writer::{Format, Writer, WriterError};

/// A text in both interface languages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages (a name, a code).
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text {
            zh: s.clone(),
            en: s,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.t(&self.zh, &self.en)
    }
}

/// What a column holds, which decides alignment and number formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// The same in every language (names, codes).
    Text,
    /// Language-dependent text; program-facing files carry both languages (`key_zh`, `key_en`).
    Local,
    /// An enumeration shown as a word (stage, status); `badge` columns are drawn as badges.
    Label {
        badge: bool,
    },
    /// 万元.
    Money,
    /// A fraction shown as a percentage.
    Percent,
    Count,
    Number,
    Date,
}

impl ColumnKind {
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ColumnKind::Money | ColumnKind::Percent | ColumnKind::Count | ColumnKind::Number
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Machine name: JSON key and header of program-facing CSV.
    pub key: String,
    /// Header for people, with the unit where there is one (`产值（万元）`).
    pub header: Text,
    pub kind: ColumnKind,
    /// XLSX column width in characters; 0 leaves the default.
    pub width: f64,
    /// Shown on web pages. An internal id (a node id) is for files and programs; a page links
    /// the row through its name instead.
    pub on_page: bool,
}

impl Column {
    pub fn new(key: &str, zh: &str, en: &str, kind: ColumnKind) -> Column {
        Column {
            key: key.to_string(),
            header: Text::new(zh, en),
            kind,
            width: 0.0,
            on_page: true,
        }
    }

    pub fn width(mut self, width: f64) -> Column {
        self.width = width;
        self
    }

    /// Kept in files (CSV, Excel, JSON, terminal) and left off web pages.
    pub fn files_only(mut self) -> Column {
        self.on_page = false;
        self
    }
}

/// One cell. Numbers keep full precision; renderers format them.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// The same in every language: a firm's name, a code.
    Text(String),
    /// Language-dependent text: a node name, a reason.
    Local(Text),
    /// An enumeration value: `key` for programs (and CSS classes), `text` for people.
    Label {
        key: String,
        text: Text,
    },
    /// 万元.
    Money(f64),
    /// A fraction (0.42 = 42 %).
    Percent(f64),
    Count(i64),
    /// A plain number shown with `decimals` places.
    Number {
        value: f64,
        decimals: u8,
    },
    Date {
        year: i32,
        month: u32,
        day: u32,
    },
    /// A cell that links somewhere in the web app; other renderers show the inner cell.
    Link {
        cell: Box<Cell>,
        href: String,
    },
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn local(zh: impl Into<String>, en: impl Into<String>) -> Cell {
        Cell::Local(Text::new(zh, en))
    }

    pub fn label(key: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Cell {
        Cell::Label {
            key: key.into(),
            text: Text::new(zh, en),
        }
    }

    pub fn link(self, href: impl Into<String>) -> Cell {
        Cell::Link {
            cell: Box::new(self),
            href: href.into(),
        }
    }

    pub fn optional<T>(v: Option<T>, f: impl FnOnce(T) -> Cell) -> Cell {
        v.map_or(Cell::Empty, f)
    }

    /// The cell without its link.
    pub fn inner(&self) -> &Cell {
        match self {
            Cell::Link { cell, .. } => cell.inner(),
            other => other,
        }
    }

    /// The text people read in `lang`, numbers formatted for reading (thousands separators,
    /// percentages); empty for [`Cell::Empty`].
    pub fn display(&self, lang: Lang) -> String {
        match self.inner() {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Local(t) | Cell::Label { text: t, .. } => t.get(lang).to_string(),
            Cell::Money(v) => money(*v),
            Cell::Percent(v) => percent(*v),
            Cell::Count(n) => grouped(&n.unsigned_abs().to_string(), *n < 0),
            Cell::Number { value, decimals } => fixed(*value, *decimals),
            Cell::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            Cell::Link { .. } => unreachable!("inner() strips links"),
        }
    }
}

/// A titled table with an optional footer line (e.g. the sources behind its figures).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name and heading.
    pub title: Text,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub footer: Option<Text>,
}

impl Table {
    pub fn new(title: Text, columns: Vec<Column>) -> Table {
        Table {
            title,
            columns,
            rows: Vec::new(),
            footer: None,
        }
    }

    /// Appends a row; it must have one cell per column.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "one cell per column");
        self.rows.push(row);
    }

    pub fn with_footer(mut self, footer: Text) -> Table {
        self.footer = Some(footer);
        self
    }

    /// The index of the column with `key`.
    pub fn column(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }
}

/// 万元 for reading: thousands separators, no decimals (one decimal under 100); `—` when not finite.
pub fn money(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if v.abs() < 100.0 && v.fract() != 0.0 {
        return format!("{v:.1}");
    }
    let rounded = format!("{:.0}", v.abs());
    grouped(&rounded, v < 0.0 && rounded != "0")
}

/// A fraction as a percentage with one decimal; `—` when not finite.
pub fn percent(v: f64) -> String {
    if v.is_finite() {
        format!("{:.1}%", v * 100.0)
    } else {
        "—".into()
    }
}

/// `v` with `decimals` places and thousands separators in the integer part.
pub fn fixed(v: f64, decimals: u8) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let s = format!("{:.*}", usize::from(decimals), v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let negative = v < 0.0 && s.bytes().any(|b| matches!(b, b'1'..=b'9'));
    let mut out = grouped(int, negative);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

use liantu_model::numbers::group_thousands as grouped;

/// A number as a program reads it: integers without a decimal point, others in the shortest
/// form that reads back to the same `f64`.
pub fn plain_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let mut buf = ryu::Buffer::new();
        buf.format(n).to_string()
    }
}

#[cfg(test)]
mod tests;
