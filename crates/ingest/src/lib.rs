//! Data exchange for liantu: importing the Excel and CSV files city offices keep (enterprise
//! lists, yearly figures, chain memberships, supply links), exporting stored data in the same
//! shape, templates, and the user-supplied reference tables.
//!
//! Imports are all or nothing: one streaming pass validates every row (reporting each bad one with
//! row, column, value and a reason in Chinese and English) while writing batches into a single
//! transaction that is only committed when no row failed. Formats: `.xlsx`/`.xls`/`.xlsb`/`.ods`
//! and `.csv` in UTF-8 (with or without BOM), GBK/GB18030, Big5 or UTF-16. Headers may be Chinese
//! or English; see [`schema`] and docs/import-format.md.

pub mod candidates;
pub mod decode;
pub mod error;
pub mod export;
pub mod import;
mod kinds;
pub mod limits;
pub mod occupations;
pub mod progress;
pub mod reference;
pub mod schema;
pub mod source;
pub mod text;

pub use error::{FileError, Problem, Report};
pub use export::{
    ExportError, FileFormat, errors_workbook, errors_workbook_bytes, export, template,
    template_bytes,
};
pub use import::{
    DEFAULT_SOURCE, ImportError, ImportOptions, ImportScope, ImportSummary, Mode, import_file,
};
pub use reference::{builtin_divisions, import_divisions, import_gbt4754};
pub use schema::Kind;
