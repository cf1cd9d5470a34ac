//! Writing files: exports of stored data (readable back by the importer), empty templates with a
//! notes sheet, generic tables (e.g. a diagnosis), and the errors workbook of a failed import.
//!
//! XLSX: Chinese headers, frozen header row, autofilter, 万元 columns with a thousands format;
//! written in constant-memory mode so a million rows stay small. CSV: UTF-8 with BOM (Excel
//! opens Chinese correctly), plain numbers. Files are deterministic (fixed workbook creation
//! date), so exporting the same data twice gives identical bytes.

use crate::error::{Problem, Report};
use crate::schema::{Column, Kind, Type};
use crate::text::{Date, format_number};
use liantu_model::records::{Enterprise, EnterpriseYear, Membership, SupplyLink};
use liantu_store::{Store, StoreError};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Rows fetched from the store per page while exporting.
const PAGE: i64 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Xlsx,
    Csv,
}

impl std::str::FromStr for FileFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<FileFormat, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Ok(FileFormat::Xlsx),
            "csv" => Ok(FileFormat::Csv),
            other => Err(format!(
                "未知的格式 '{other}'，可选 xlsx、csv / unknown format '{other}', expected xlsx or csv"
            )),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("无法写入 {path} / cannot write {path}: {message}")]
    Write { path: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A typed cell of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    /// A number; `wan` columns get the 万元 format in XLSX.
    Number(f64),
    /// A fraction shown as a percentage in XLSX.
    Percent(f64),
    Date(Date),
}

impl Value {
    fn csv(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Number(n) | Value::Percent(n) => format_number(*n),
            Value::Date(d) => d.to_string(),
        }
    }
}

/// One column of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableColumn {
    pub header: String,
    pub wan: bool,
    pub width: f64,
}

/// Writes a table row by row as XLSX or CSV.
pub struct TableWriter {
    path: String,
    inner: Inner,
    columns: Vec<TableColumn>,
    rows: u32,
}

enum Inner {
    Csv(csv::Writer<BufWriter<File>>),
    Xlsx {
        book: Box<Workbook>,
        wan: Format,
        pct: Format,
        date: Format,
    },
}

fn write_err(path: &str, e: impl std::fmt::Display) -> ExportError {
    ExportError::Write {
        path: path.to_string(),
        message: e.to_string(),
    }
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color("#F3F6F9")
        .set_border_bottom(FormatBorder::Thin)
}

/// A workbook with a fixed creation date, so identical data gives identical files.
fn new_workbook() -> Workbook {
    let mut book = Workbook::new();
    if let Ok(date) = ExcelDateTime::from_ymd(2000, 1, 1) {
        book.set_properties(&DocProperties::new().set_creation_datetime(&date));
    }
    book
}

impl TableWriter {
    pub fn create(
        path: &Path,
        format: FileFormat,
        sheet: &str,
        columns: Vec<TableColumn>,
    ) -> Result<TableWriter, ExportError> {
        let p = path.display().to_string();
        let inner = match format {
            FileFormat::Csv => {
                let mut file = BufWriter::new(File::create(path).map_err(|e| write_err(&p, e))?);
                file.write_all(b"\xEF\xBB\xBF")
                    .map_err(|e| write_err(&p, e))?;
                let mut w = csv::Writer::from_writer(file);
                w.write_record(columns.iter().map(|c| c.header.as_str()))
                    .map_err(|e| write_err(&p, e))?;
                Inner::Csv(w)
            }
            FileFormat::Xlsx => {
                let mut book = Box::new(new_workbook());
                let bold = header_format();
                let ws = book
                    .add_worksheet_with_constant_memory()
                    .map_err(|e| write_err(&p, e))?;
                ws.set_name(sheet).map_err(|e| write_err(&p, e))?;
                for (i, c) in (0u16..).zip(&columns) {
                    ws.write_with_format(0, i, &c.header, &bold)
                        .map_err(|e| write_err(&p, e))?;
                    ws.set_column_width(i, c.width)
                        .map_err(|e| write_err(&p, e))?;
                }
                ws.set_freeze_panes(1, 0).map_err(|e| write_err(&p, e))?;
                Inner::Xlsx {
                    book,
                    wan: Format::new().set_num_format("#,##0.00"),
                    pct: Format::new().set_num_format("0.0%"),
                    date: Format::new().set_num_format("yyyy-mm-dd"),
                }
            }
        };
        Ok(TableWriter {
            path: p,
            inner,
            columns,
            rows: 0,
        })
    }

    pub fn row(&mut self, values: &[Value]) -> Result<(), ExportError> {
        self.rows += 1;
        let path = &self.path;
        match &mut self.inner {
            Inner::Csv(w) => w
                .write_record(values.iter().map(Value::csv))
                .map_err(|e| write_err(path, e)),
            Inner::Xlsx {
                book,
                wan,
                pct,
                date,
            } => {
                let row = self.rows;
                let ws = book
                    .worksheet_from_index(0)
                    .map_err(|e| write_err(path, e))?;
                for (col, v) in (0u16..).zip(values) {
                    let wan_col = self.columns.get(col as usize).is_some_and(|c| c.wan);
                    let r = match v {
                        Value::Empty => continue,
                        Value::Text(s) => ws.write_string(row, col, s).map(|_| ()),
                        Value::Number(n) if wan_col => {
                            ws.write_number_with_format(row, col, *n, wan).map(|_| ())
                        }
                        Value::Number(n) => ws.write_number(row, col, *n).map(|_| ()),
                        Value::Percent(n) => {
                            ws.write_number_with_format(row, col, *n, pct).map(|_| ())
                        }
                        Value::Date(d) => {
                            ExcelDateTime::from_ymd(d.year as u16, d.month as u8, d.day as u8)
                                .and_then(|x| {
                                    ws.write_datetime_with_format(row, col, &x, date)
                                        .map(|_| ())
                                })
                        }
                    };
                    r.map_err(|e| write_err(path, e))?;
                }
                Ok(())
            }
        }
    }

    /// A last line under the table (e.g. the sources), outside the autofilter.
    pub fn finish(self, footer: Option<&str>) -> Result<u32, ExportError> {
        let path = self.path;
        match self.inner {
            Inner::Csv(mut w) => {
                if let Some(f) = footer {
                    w.write_record([f]).map_err(|e| write_err(&path, e))?;
                }
                w.flush().map_err(|e| write_err(&path, e))?;
            }
            Inner::Xlsx { mut book, .. } => {
                let last = self.columns.len().saturating_sub(1) as u16;
                let ws = book
                    .worksheet_from_index(0)
                    .map_err(|e| write_err(&path, e))?;
                ws.autofilter(0, 0, self.rows.max(1), last)
                    .map_err(|e| write_err(&path, e))?;
                if let Some(f) = footer {
                    ws.write_string(self.rows + 2, 0, f)
                        .map_err(|e| write_err(&path, e))?;
                }
                book.save(Path::new(&path))
                    .map_err(|e| write_err(&path, e))?;
            }
        }
        Ok(self.rows)
    }
}

fn width(c: &Column) -> f64 {
    match c.ty {
        Type::Uscc => 22.0,
        Type::Text if c.key == "name" || c.key == "supplier_name" => 32.0,
        Type::Text if c.key == "main_products" => 36.0,
        Type::Text if c.key == "business_scope" => 48.0,
        _ => (c.zh.chars().count() as f64 * 2.2).max(10.0),
    }
}

fn table_columns(kind: Kind) -> Vec<TableColumn> {
    kind.columns()
        .iter()
        .map(|c| TableColumn {
            header: c.zh.to_string(),
            wan: c.wan,
            width: width(c),
        })
        .collect()
}

fn text(s: &str) -> Value {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s.to_string())
    }
}

fn num(v: Option<f64>) -> Value {
    v.map_or(Value::Empty, Value::Number)
}

fn yes_no(b: bool) -> Value {
    Value::Text(if b { "是" } else { "否" }.into())
}

fn date_value(s: &str) -> Value {
    match crate::text::parse_date(&crate::text::Cell::Text(s.to_string())) {
        Ok(Some(d)) => Value::Date(d),
        _ => text(s),
    }
}

fn enterprise_row(e: &Enterprise) -> Vec<Value> {
    vec![
        text(e.uscc.as_str()),
        text(&e.name),
        text(e.region.as_str()),
        text(e.park.as_deref().unwrap_or("")),
        Value::Text(e.ownership.label_zh().into()),
        yes_no(e.above_scale),
        text(e.industry_code.as_ref().map_or("", |c| c.as_str())),
        text(&e.main_products),
        text(e.business_scope.as_deref().unwrap_or("")),
        yes_no(e.high_tech),
        yes_no(e.specialized),
        yes_no(e.listed),
        num(e.land_mu),
        num(e.founded.map(f64::from)),
        text(&e.source),
        yes_no(e.uscc_illustrative),
    ]
}

fn year_row(y: &EnterpriseYear) -> Vec<Value> {
    vec![
        text(y.uscc.as_str()),
        Value::Number(f64::from(y.year)),
        num(y.output),
        num(y.value_added),
        num(y.revenue),
        num(y.tax),
        num(y.employees.map(|e| e as f64)),
        num(y.rd_expense),
        num(y.exports),
        num(y.energy_tce),
        num(y.emissions_tco2),
        text(&y.source),
        date_value(&y.as_of),
    ]
}

fn membership_row(m: &Membership) -> Vec<Value> {
    vec![
        text(m.uscc.as_str()),
        text(&m.chain),
        text(&m.node),
        num(m.share),
        text(&m.source),
    ]
}

fn link_row(l: &SupplyLink) -> Vec<Value> {
    vec![
        text(l.buyer.as_str()),
        text(l.supplier.as_ref().map_or("", |s| s.as_str())),
        text(&l.supplier_name),
        text(l.supplier_region.as_str()),
        text(&l.chain),
        text(&l.node),
        text(&l.product),
        Value::Number(f64::from(l.year)),
        Value::Number(l.value),
        text(&l.source),
    ]
}

/// Exports every stored row of `kind`; returns the number of rows written.
pub async fn export(
    store: &Store,
    kind: Kind,
    format: FileFormat,
    out: &Path,
) -> Result<u32, ExportError> {
    let mut w = TableWriter::create(out, format, kind.label_zh(), table_columns(kind))?;
    match kind {
        Kind::Enterprises => {
            let mut after: Option<String> = None;
            loop {
                let page = store.enterprises_after(after.as_deref(), PAGE).await?;
                for e in &page {
                    w.row(&enterprise_row(e))?;
                }
                match page.last() {
                    Some(e) => after = Some(e.uscc.as_str().to_string()),
                    None => break,
                }
            }
        }
        Kind::Years => {
            let mut after: Option<(String, i32)> = None;
            loop {
                let page = store
                    .years_after(after.as_ref().map(|(u, y)| (u.as_str(), *y)), PAGE)
                    .await?;
                for y in &page {
                    w.row(&year_row(y))?;
                }
                match page.last() {
                    Some(y) => after = Some((y.uscc.as_str().to_string(), y.year)),
                    None => break,
                }
            }
        }
        Kind::Memberships => {
            for m in store.all_memberships().await? {
                w.row(&membership_row(&m))?;
            }
        }
        Kind::Links => {
            let mut after = 0;
            loop {
                let page = store.links_after(after, PAGE).await?;
                for (_, l) in &page {
                    w.row(&link_row(l))?;
                }
                match page.last() {
                    Some((id, _)) => after = *id,
                    None => break,
                }
            }
        }
    }
    w.finish(None)
}

fn xlsx(path: &Path, r: Result<impl Sized, XlsxError>) -> Result<(), ExportError> {
    r.map(|_| ())
        .map_err(|e| write_err(&path.display().to_string(), e))
}

fn type_note(ty: Type) -> (&'static str, &'static str) {
    match ty {
        Type::Text => ("文本", "text"),
        Type::Uscc => ("统一社会信用代码（文本）", "USCC (text)"),
        Type::Region => ("行政区划代码（文本）", "division code (text)"),
        Type::Industry => (
            "行业代码（文本，保留开头的 0）",
            "industry code (text, keep leading zeros)",
        ),
        Type::Ownership => (
            "国有 / 民营 / 外资 / 港澳台",
            "state / private / foreign / hmt",
        ),
        Type::Bool => ("是 / 否", "yes / no"),
        Type::Decimal => ("数字，可带千分位", "number, thousands separators allowed"),
        Type::Integer => ("整数", "whole number"),
        Type::Year => ("年份或日期", "year or date"),
        Type::Date => ("日期", "date"),
        Type::Share => ("0–1 或百分数", "0–1 or a percentage"),
    }
}

/// Writes an empty template for `kind`: the header row (required columns in red) and, in XLSX, a
/// notes sheet describing every column.
pub fn template(kind: Kind, format: FileFormat, out: &Path) -> Result<(), ExportError> {
    let columns = kind.columns();
    if format == FileFormat::Csv {
        return TableWriter::create(out, format, kind.label_zh(), table_columns(kind))?
            .finish(None)
            .map(|_| ());
    }
    let mut book = new_workbook();
    let bold = header_format();
    let required = header_format().set_font_color("#C00000");
    let text_fmt = Format::new().set_num_format("@");
    let ws = book.add_worksheet();
    xlsx(out, ws.set_name(kind.label_zh()))?;
    for (i, c) in (0u16..).zip(columns) {
        let f = if c.required { &required } else { &bold };
        xlsx(out, ws.write_with_format(0, i, c.zh, f))?;
        // Codes as text, so Excel keeps leading zeros and all 18 characters.
        let fmt = matches!(c.ty, Type::Uscc | Type::Region | Type::Industry).then_some(&text_fmt);
        match fmt {
            Some(f) => xlsx(
                out,
                ws.set_column_width(i, width(c))
                    .and_then(|w| w.set_column_format(i, f)),
            )?,
            None => xlsx(out, ws.set_column_width(i, width(c)))?,
        }
    }
    xlsx(out, ws.set_freeze_panes(1, 0))?;
    let notes = book.add_worksheet();
    xlsx(out, notes.set_name("说明 notes"))?;
    let heads = [
        "列名",
        "header (English)",
        "必填 required",
        "格式",
        "format",
        "说明",
        "notes",
        "示例 example",
    ];
    for (i, h) in (0u16..).zip(heads) {
        xlsx(out, notes.write_with_format(0, i, h, &bold))?;
    }
    for (r, c) in (1u32..).zip(columns) {
        let (fz, fe) = type_note(c.ty);
        let cells = [
            c.zh,
            c.key,
            if c.required { "是 yes" } else { "" },
            fz,
            fe,
            c.note_zh,
            c.note_en,
            c.example,
        ];
        for (i, v) in (0u16..).zip(cells) {
            xlsx(out, notes.write_string(r, i, v))?;
        }
    }
    let foot = columns.len() as u32 + 2;
    xlsx(out, notes.write_string(foot, 0, "第一张表的第一行是表头；列的顺序不限，也可用英文列名或“说明”里列出的其他列名。红色列名为必填。"))?;
    xlsx(out, notes.write_string(foot + 1, 0, "The first row of the first sheet is the header; columns may come in any order and may use the English header or the other names listed in docs/import-format.md. Red headers are required."))?;
    for (i, w) in [
        (0u16, 22.0),
        (1, 18.0),
        (3, 24.0),
        (4, 24.0),
        (5, 36.0),
        (6, 40.0),
        (7, 22.0),
    ] {
        xlsx(out, notes.set_column_width(i, w))?;
    }
    xlsx(out, book.save(out))
}

/// Writes the errors workbook of a failed import: the list of problems, and the bad rows with
/// every bad cell highlighted (with a note giving the reason).
pub fn errors_workbook(report: &Report, out: &Path) -> Result<(), ExportError> {
    let mut book = new_workbook();
    let bold = header_format();
    let bad = Format::new()
        .set_background_color("#FFC7CE")
        .set_font_color("#9C0006");
    {
        let ws = book.add_worksheet();
        xlsx(out, ws.set_name("错误 errors"))?;
        let heads = [
            "行 row",
            "列 column",
            "列名 header",
            "值 value",
            "原因",
            "reason",
        ];
        for (i, h) in (0u16..).zip(heads) {
            xlsx(out, ws.write_with_format(0, i, h, &bold))?;
        }
        write_problems(ws, out, &report.errors)?;
        let n = report.errors.len() as u32;
        xlsx(out, ws.set_freeze_panes(1, 0))?;
        xlsx(out, ws.autofilter(0, 0, n.max(1), 5))?;
        if report.error_count > u64::from(n) {
            xlsx(
                out,
                ws.write_string(
                    n + 2,
                    0,
                    format!(
                        "另有 {} 处错误未列出 / {} more errors not listed",
                        report.error_count - u64::from(n),
                        report.error_count - u64::from(n)
                    ),
                ),
            )?;
        }
        for (i, w) in [
            (0u16, 8.0),
            (1, 8.0),
            (2, 20.0),
            (3, 24.0),
            (4, 50.0),
            (5, 60.0),
        ] {
            xlsx(out, ws.set_column_width(i, w))?;
        }
    }
    {
        let ws = book.add_worksheet();
        xlsx(out, ws.set_name("有误的行 bad rows"))?;
        xlsx(out, ws.write_with_format(0, 0, "原行号 row", &bold))?;
        for (i, h) in (1u16..).zip(&report.headers) {
            xlsx(out, ws.write_with_format(0, i, h, &bold))?;
        }
        // Problems by row for highlighting (errors are in file order).
        let mut problems = report.errors.iter().peekable();
        let with_notes = report.errors.len() <= 5_000;
        for (r, (row, cells)) in (1u32..).zip(&report.bad_row_cells) {
            xlsx(out, ws.write_number(r, 0, *row as f64))?;
            for (c, v) in (1u16..).zip(cells) {
                if !v.is_empty() {
                    xlsx(out, ws.write_string(r, c, v))?;
                }
            }
            while let Some(p) = problems.peek() {
                if p.row < *row {
                    problems.next();
                    continue;
                }
                if p.row > *row {
                    break;
                }
                if let Some(col) = p.column {
                    let c = col as u16 + 1;
                    xlsx(out, ws.write_string_with_format(r, c, &p.value, &bad))?;
                    if with_notes {
                        let note = Note::new(format!("{}\n{}", p.reason_zh, p.reason_en))
                            .add_author_prefix(false);
                        xlsx(out, ws.insert_note(r, c, &note))?;
                    }
                }
                problems.next();
            }
        }
        xlsx(out, ws.set_freeze_panes(1, 1))?;
    }
    if !report.warnings.is_empty() {
        let ws = book.add_worksheet();
        xlsx(out, ws.set_name("警告 warnings"))?;
        let heads = [
            "行 row",
            "列 column",
            "列名 header",
            "值 value",
            "原因",
            "reason",
        ];
        for (i, h) in (0u16..).zip(heads) {
            xlsx(out, ws.write_with_format(0, i, h, &bold))?;
        }
        write_problems(ws, out, &report.warnings)?;
        xlsx(out, ws.set_freeze_panes(1, 0))?;
    }
    xlsx(out, book.save(out))
}

fn write_problems(ws: &mut Worksheet, out: &Path, problems: &[Problem]) -> Result<(), ExportError> {
    for (r, p) in (1u32..).zip(problems) {
        xlsx(out, ws.write_number(r, 0, p.row as f64))?;
        xlsx(out, ws.write_string(r, 1, p.column_letter()))?;
        xlsx(out, ws.write_string(r, 2, &p.header))?;
        xlsx(out, ws.write_string(r, 3, &p.value))?;
        xlsx(out, ws.write_string(r, 4, &p.reason_zh))?;
        xlsx(out, ws.write_string(r, 5, &p.reason_en))?;
    }
    Ok(())
}
