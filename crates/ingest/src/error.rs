//! What can go wrong, in Chinese and English: a file that cannot be read at all ([`FileError`]),
//! or rows with bad values ([`Problem`]s, collected into a [`Report`]).

use crate::text::column_letter;
use std::fmt;
use std::path::Path;

/// At most this many problems (errors and, separately, warnings) are kept with their details;
/// the rest are counted.
pub const MAX_KEPT: usize = 100_000;

/// At most this many bytes of errors, of bad rows' cells and of warnings are kept, each: a file of
/// long bad rows is reported in bounded memory.
const KEPT_BYTES: [usize; 3] = [32 << 20, 32 << 20, 16 << 20];
const ERRORS: usize = 0;
const BAD_ROWS: usize = 1;
const WARNINGS: usize = 2;

/// One bad (or suspicious) value: row as the user sees it, column, value and reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub row: u64,
    /// 0-based column index in the file, when the problem is about one cell.
    pub column: Option<usize>,
    /// The column's header in the file.
    pub header: String,
    pub value: String,
    pub reason_zh: String,
    pub reason_en: String,
}

impl Problem {
    pub fn new(
        row: u64,
        column: Option<usize>,
        header: &str,
        value: String,
        reason_zh: String,
        reason_en: String,
    ) -> Problem {
        Problem {
            row,
            column,
            header: header.to_string(),
            value,
            reason_zh,
            reason_en,
        }
    }

    /// `B` for column index 1; empty for a whole-row problem.
    pub fn column_letter(&self) -> String {
        self.column.map(column_letter).unwrap_or_default()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行 row {}", self.row, self.row)?;
        if let Some(c) = self.column {
            write!(f, "，{} 列 column {}", column_letter(c), column_letter(c))?;
            if !self.header.is_empty() {
                write!(f, "（{}）", self.header)?;
            }
        }
        if !self.value.is_empty() {
            write!(f, "，值 value '{}'", self.value)?;
        }
        write!(f, "：{} / {}", self.reason_zh, self.reason_en)
    }
}

/// The file as a whole cannot be imported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FileError {
    #[error("无法读取文件 {path} / cannot read {path}: {message}")]
    Io { path: String, message: String },
    #[error(
        "无法读取工作簿 {path}（文件损坏、被截断或不是 Excel 文件）/ cannot read workbook {path} (corrupt, truncated or not an Excel file): {message}"
    )]
    Workbook { path: String, message: String },
    #[error("CSV 第 {line} 行格式错误 / malformed CSV at line {line}: {message}")]
    Csv { line: u64, message: String },
    #[error(
        "未知的编码 '{0}'（可用 utf-8、gbk、gb18030、big5）/ unknown encoding '{0}' (use utf-8, gbk, gb18030 or big5)"
    )]
    UnknownEncoding(String),
    #[error("文件是空的 / the file is empty")]
    Empty,
    #[error("文件只有表头，没有数据行 / the file has a header row but no data rows")]
    NoData,
    #[error(
        "找不到表头行：前 20 行中没有可识别的列名。第一行是：{} / no header row found: no known column names in the first 20 rows. The first row is: {}\n应有的列 / expected columns: {}",
        found.join(" | "), found.join(" | "), expected.join("，")
    )]
    NoHeader {
        found: Vec<String>,
        expected: Vec<String>,
    },
    #[error(
        "缺少必填列 / missing required columns: {}\n文件中的列 / columns in the file: {}",
        missing.join("，"), found.join(" | ")
    )]
    MissingColumns {
        missing: Vec<String>,
        found: Vec<String>,
    },
    #[error(
        "列“{column}”出现了两次（{first} 列和 {second} 列）/ column '{column}' appears twice (columns {first} and {second})"
    )]
    DuplicateColumn {
        column: String,
        first: String,
        second: String,
    },
    /// The file goes beyond what liantu reads (see [`crate::limits`]): damaged, or made to
    /// exhaust memory.
    #[error("{zh} / {en}")]
    Limit { zh: String, en: String },
}

impl FileError {
    pub fn io(path: &Path, e: std::io::Error) -> FileError {
        FileError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }
}

/// Every bad row of a file that was not imported.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Kept errors, in file order (at most [`MAX_KEPT`]).
    pub errors: Vec<Problem>,
    /// All errors, kept or not.
    pub error_count: u64,
    pub warnings: Vec<Problem>,
    pub warning_count: u64,
    /// Rows with at least one error.
    pub bad_rows: u64,
    /// Data rows read.
    pub rows: u64,
    /// Header row of the file and the cells of the bad rows (for the errors workbook).
    pub header_row: u64,
    pub headers: Vec<String>,
    pub bad_row_cells: Vec<(u64, Vec<String>)>,
    /// Bytes kept in `errors`, `bad_row_cells` and `warnings`.
    kept: [usize; 3],
}

impl Problem {
    /// Roughly the memory it holds.
    fn size(&self) -> usize {
        std::mem::size_of::<Problem>()
            + self.header.len()
            + self.value.len()
            + self.reason_zh.len()
            + self.reason_en.len()
    }
}

impl Report {
    /// An empty report about a file whose header row is `headers`, at `header_row`.
    pub fn new(header_row: u64, headers: Vec<String>) -> Report {
        Report {
            header_row,
            headers,
            ..Report::default()
        }
    }

    /// Whether `bytes` more fit in the budget of `what`; counts them if so.
    fn keep(&mut self, what: usize, bytes: usize) -> bool {
        let fits = self.kept[what] + bytes <= KEPT_BYTES[what];
        if fits {
            self.kept[what] += bytes;
        }
        fits
    }

    pub fn error(&mut self, p: Problem) {
        self.error_count += 1;
        if self.errors.len() < MAX_KEPT && self.keep(ERRORS, p.size()) {
            self.errors.push(p);
        }
    }

    pub fn warning(&mut self, p: Problem) {
        self.warning_count += 1;
        if self.warnings.len() < MAX_KEPT && self.keep(WARNINGS, p.size()) {
            self.warnings.push(p);
        }
    }

    /// Keeps the cells of a bad row for the errors workbook, while there is room.
    pub fn bad_row(&mut self, row: u64, cells: Vec<String>) {
        let size = cells
            .iter()
            .map(|c| std::mem::size_of::<String>() + c.len())
            .sum();
        if self.bad_row_cells.len() < MAX_KEPT && self.keep(BAD_ROWS, size) {
            self.bad_row_cells.push((row, cells));
        }
    }

    /// Terminal text: a summary line, then up to `limit` errors.
    pub fn render(&self, limit: usize) -> String {
        let mut out = format!(
            "导入失败，未写入任何数据：{} 行中有 {} 行有误，共 {} 处错误 / import failed, nothing was written: {} of {} rows have errors, {} errors in all\n",
            self.rows, self.bad_rows, self.error_count, self.bad_rows, self.rows, self.error_count
        );
        for p in self.errors.iter().take(limit) {
            out.push_str(&format!("  {p}\n"));
        }
        let shown = self.errors.len().min(limit) as u64;
        if self.error_count > shown {
            out.push_str(&format!(
                "  …… 另有 {} 处错误（用 --errors FILE.xlsx 导出全部）/ … {} more errors (write them all with --errors FILE.xlsx)\n",
                self.error_count - shown,
                self.error_count - shown
            ));
        }
        out
    }
}
