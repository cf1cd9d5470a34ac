//! Writing files: exports of stored data (readable back by the importer), empty templates with a
//! notes sheet, generic tables (e.g. a diagnosis), and the errors workbook of a failed import.
//!
//! XLSX: Chinese headers, frozen header row, autofilter, 万元 columns with a thousands format;
//! written in constant-memory mode so a million rows stay small. CSV: UTF-8 with BOM (Excel
//! opens Chinese correctly), plain numbers. Files are deterministic (fixed workbook creation
//! date), so exporting the same data twice gives identical bytes.

use crate::error::{Problem, Report};
use crate::schema::{Column, Kind, Type};
use liantu_model::Lang;
use liantu_model::records::{Enterprise, EnterpriseYear, Membership, SupplyLink};
use liantu_store::{Store, StoreError};
use liantu_table::xlsx::{header_format, new_workbook};
use liantu_table::{Cell, ColumnKind, Writer};
use rust_xlsxwriter::{Format, Note, Workbook, Worksheet, XlsxError};
use std::path::Path;

pub use liantu_table::Format as FileFormat;

/// Rows fetched from the store per page while exporting.
const PAGE: i64 = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("无法写入 {path} / cannot write {path}: {message}")]
    Write { path: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<liantu_table::WriterError> for ExportError {
    fn from(e: liantu_table::WriterError) -> Self {
        ExportError::Write {
            path: e.path,
            message: e.message,
        }
    }
}

fn write_err(path: &str, e: impl std::fmt::Display) -> ExportError {
    ExportError::Write {
        path: path.to_string(),
        message: e.to_string(),
    }
}

/// A file written row by row (CSV with BOM or constant-memory XLSX), Chinese headers, put in
/// place only when complete.
pub fn writer(
    out: &Path,
    format: FileFormat,
    sheet: &str,
    columns: Vec<liantu_table::Column>,
) -> Result<Writer, ExportError> {
    Ok(Writer::create(out, format, sheet, columns, Lang::Zh)?)
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

/// The table columns of an import kind: Chinese headers, 万元 columns as money, widths.
pub fn table_columns(columns: &[Column]) -> Vec<liantu_table::Column> {
    columns
        .iter()
        .map(|c| {
            let kind = match c.ty {
                _ if c.wan => ColumnKind::Money,
                Type::Decimal | Type::Share => ColumnKind::Number,
                Type::Integer | Type::Year => ColumnKind::Count,
                Type::Date => ColumnKind::Date,
                _ => ColumnKind::Text,
            };
            liantu_table::Column::new(c.key, c.zh, c.key, kind).width(width(c))
        })
        .collect()
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

/// A number exactly as stored (a 万元 column gets its format from the column kind).
fn num(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Money)
}

fn yes_no(b: bool) -> Cell {
    Cell::Text(if b { "是" } else { "否" }.into())
}

fn date_value(s: &str) -> Cell {
    match crate::text::parse_date(&crate::text::Cell::Text(s.to_string())) {
        Ok(Some(d)) => Cell::Date {
            year: d.year,
            month: d.month,
            day: d.day,
        },
        _ => text(s),
    }
}

fn enterprise_row(e: &Enterprise) -> Vec<Cell> {
    vec![
        text(e.uscc.as_str()),
        text(&e.name),
        text(e.region.as_str()),
        text(e.park.as_deref().unwrap_or("")),
        Cell::Text(e.ownership.label_zh().into()),
        yes_no(e.above_scale),
        text(e.industry_code.as_ref().map_or("", |c| c.as_str())),
        text(&e.main_products),
        text(e.business_scope.as_deref().unwrap_or("")),
        yes_no(e.high_tech),
        yes_no(e.specialized),
        yes_no(e.strategic_emerging),
        e.overseas_bases.map_or(Cell::Empty, Cell::Count),
        yes_no(e.listed),
        num(e.land_mu),
        num(e.founded.map(f64::from)),
        text(&e.source),
        yes_no(e.uscc_illustrative),
    ]
}

fn year_row(y: &EnterpriseYear) -> Vec<Cell> {
    vec![
        text(y.uscc.as_str()),
        Cell::Count(i64::from(y.year)),
        num(y.output),
        num(y.value_added),
        num(y.revenue),
        num(y.tax),
        num(y.employees.map(|e| e as f64)),
        num(y.rd_expense),
        num(y.exports),
        num(y.imports),
        num(y.hightech_exports),
        num(y.digital_investment),
        num(y.energy_tce),
        num(y.emissions_tco2),
        text(&y.source),
        date_value(&y.as_of),
    ]
}

fn membership_row(m: &Membership) -> Vec<Cell> {
    vec![
        text(m.uscc.as_str()),
        text(&m.chain),
        text(&m.node),
        num(m.share),
        text(&m.source),
    ]
}

/// In the import's column order: the job goes back as the title (or the code it was), the
/// occupation as its code, so the file imports again unchanged.
fn staffing_row(s: &liantu_model::workforce::Staffing) -> Vec<Cell> {
    vec![
        text(s.uscc.as_str()),
        Cell::Count(i64::from(s.year)),
        text(&s.job),
        text(s.occupation.as_str()),
        text(s.skill.map_or("", |l| l.label_zh())),
        Cell::Count(s.employed),
        Cell::Count(s.vacancies),
        num(s.wage),
        text(&s.source),
        text(&s.as_of),
    ]
}

/// In the import's column order, the crosswalk as codes separated by `；`.
fn programme_row(p: &liantu_model::workforce::Programme) -> Vec<Cell> {
    let codes: Vec<&str> = p.occupations.iter().map(|c| c.as_str()).collect();
    vec![
        text(&p.institution),
        text(p.kind.label_zh()),
        text(p.region.as_str()),
        text(p.code.as_deref().unwrap_or("")),
        text(&p.name),
        Cell::Count(i64::from(p.year)),
        p.enrolment.map_or(Cell::Empty, Cell::Count),
        Cell::Count(p.graduates),
        num(p.retention),
        text(&codes.join("；")),
        text(&p.source),
        text(&p.as_of),
    ]
}

fn certification_row(c: &liantu_model::workforce::Certification) -> Vec<Cell> {
    vec![
        text(c.region.as_str()),
        Cell::Count(i64::from(c.year)),
        text(c.occupation.as_str()),
        text(c.level.label_zh()),
        Cell::Count(c.certified),
        text(&c.source),
        text(&c.as_of),
    ]
}

/// Nodes as `chain:node` ids separated by `；`, as the import reads them.
fn nodes_cell(nodes: &[liantu_model::innovation::NodeRef]) -> Cell {
    let ids: Vec<String> = nodes.iter().map(|n| n.id()).collect();
    text(&ids.join("；"))
}

fn platform_row(p: &liantu_model::innovation::Platform) -> Vec<Cell> {
    vec![
        text(&p.name),
        text(p.kind.label_zh()),
        text(p.level.label_zh()),
        text(&p.host),
        text(p.host_uscc.as_ref().map_or("", |u| u.as_str())),
        text(p.region.as_str()),
        nodes_cell(&p.nodes),
        text(p.fields.as_deref().unwrap_or("")),
        p.year.map_or(Cell::Empty, |y| Cell::Count(i64::from(y))),
        text(&p.source),
        text(&p.as_of),
    ]
}

fn need_row(n: &liantu_model::innovation::TechNeed) -> Vec<Cell> {
    vec![
        text(&n.id),
        text(&n.title),
        text(n.description.as_deref().unwrap_or("")),
        text(n.uscc.as_str()),
        nodes_cell(&n.nodes),
        num(n.budget),
        text(n.deadline.as_deref().unwrap_or("")),
        text(n.status.label_zh()),
        text(n.partner.as_deref().unwrap_or("")),
        text(&n.source),
        text(&n.as_of),
    ]
}

fn achievement_row(a: &liantu_model::innovation::Achievement) -> Vec<Cell> {
    vec![
        text(&a.id),
        text(&a.title),
        text(a.description.as_deref().unwrap_or("")),
        text(&a.owner),
        text(a.region.as_str()),
        text(a.maturity.label_zh()),
        Cell::Count(a.patents),
        nodes_cell(&a.nodes),
        text(&a.source),
        text(&a.as_of),
    ]
}

fn link_row(l: &SupplyLink) -> Vec<Cell> {
    vec![
        text(l.buyer.as_str()),
        text(l.supplier.as_ref().map_or("", |s| s.as_str())),
        text(&l.supplier_name),
        text(l.supplier_region.as_str()),
        text(&l.chain),
        text(&l.node),
        text(&l.product),
        Cell::Count(i64::from(l.year)),
        num(Some(l.value)),
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
    let mut w = writer(out, format, kind.label_zh(), table_columns(kind.columns()))?;
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
        Kind::Workforce => {
            for s in store.all_workforce().await? {
                w.row(&staffing_row(&s))?;
            }
        }
        Kind::Programmes => {
            for p in store.all_programmes().await? {
                w.row(&programme_row(&p))?;
            }
        }
        Kind::Certifications => {
            for c in store.all_certifications().await? {
                w.row(&certification_row(&c))?;
            }
        }
        Kind::Platforms => {
            for p in store.all_platforms().await? {
                w.row(&platform_row(&p))?;
            }
        }
        Kind::TechNeeds => {
            for n in store.all_tech_needs().await? {
                w.row(&need_row(&n))?;
            }
        }
        Kind::Achievements => {
            for a in store.all_achievements().await? {
                w.row(&achievement_row(&a))?;
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
    Ok(w.finish(None)?)
}

fn xlsx(name: &str, r: Result<impl Sized, XlsxError>) -> Result<(), ExportError> {
    r.map(|_| ()).map_err(|e| write_err(name, e))
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
    let bytes = template_bytes(kind, format)?;
    save(out, &bytes)
}

/// [`template`] in memory (a web download needs no file).
pub fn template_bytes(kind: Kind, format: FileFormat) -> Result<Vec<u8>, ExportError> {
    let name = format!(
        "{}.{}",
        kind.key(),
        if format == FileFormat::Csv {
            "csv"
        } else {
            "xlsx"
        }
    );
    if format == FileFormat::Csv {
        let table = liantu_table::Table::new(
            liantu_table::Text::same(kind.label_zh()),
            table_columns(kind.columns()),
        );
        return Ok(liantu_table::csv::to_bytes(
            &table,
            liantu_table::csv::Headers::People(Lang::Zh),
        ));
    }
    let mut book = template_book(kind, &name)?;
    book.save_to_buffer().map_err(|e| write_err(&name, e))
}

/// Writes `bytes` to `out` under a temporary name beside it, moved into place when complete.
fn save(out: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let name = out.display().to_string();
    let partial = out.with_file_name(format!(
        ".{}.partial",
        out.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, out))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            write_err(&name, e)
        })
}

fn template_book(kind: Kind, out: &str) -> Result<Workbook, ExportError> {
    let columns = kind.columns();
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
    Ok(book)
}

/// Writes the errors workbook of a failed import: the list of problems, and the bad rows with
/// every bad cell highlighted (with a note giving the reason).
pub fn errors_workbook(report: &Report, out: &Path) -> Result<(), ExportError> {
    save(out, &errors_workbook_bytes(report)?)
}

/// [`errors_workbook`] in memory.
pub fn errors_workbook_bytes(report: &Report) -> Result<Vec<u8>, ExportError> {
    let out = "errors.xlsx";
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
    book.save_to_buffer().map_err(|e| write_err(out, e))
}

fn write_problems(ws: &mut Worksheet, out: &str, problems: &[Problem]) -> Result<(), ExportError> {
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
