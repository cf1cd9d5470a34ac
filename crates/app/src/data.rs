//! Data exchange: importing the Excel and CSV files city offices keep (all rows or nothing, every
//! bad cell reported), exporting stored data and tables in the same shape, blank templates, the
//! errors workbook of a failed import, and the reference tables (GB/T 4754-2017, GB/T 2260).

use crate::{App, AppError, DiagnosisRequest, Result, blocking};
pub use liantu_ingest::export::FileFormat as DataFormat;
pub use liantu_ingest::text::column_letter;
pub use liantu_ingest::{
    ImportError, ImportOptions, ImportScope, ImportSummary, Kind as DataKind, Mode as ImportMode,
    Problem, Report as ImportReport,
};
use liantu_model::Lang;
pub use liantu_store::DivisionSummary;
use std::path::Path;

/// Bad rows listed in a failed import's message; `errors_workbook` gets them all.
const ROWS_SHOWN: usize = 1000;

/// Which reference table a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// GB/T 4754-2017 industry classification.
    Gbt4754,
    /// GB/T 2260 administrative division codes.
    Divisions,
    /// The occupation classification (职业分类大典 2022).
    Occupations,
}

/// What a reference import wrote.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferenceOutcome {
    IndustryCodes(usize),
    Divisions(DivisionSummary),
    Occupations(crate::occupations::OccupationSummary),
}

impl App {
    /// Imports `path` as `kind`: every row validated, written in one transaction, all or
    /// nothing. A county, park or enterprise account imports rows of its own firms only (see
    /// `App::import_scope`); a row about another firm is a bad row. The whole import runs on a thread of its own, so a million-row file never holds
    /// an async worker.
    pub async fn import_file(
        &self,
        kind: DataKind,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<ImportSummary> {
        let mut options = options.clone();
        options.scope = self.import_scope()?;
        let store = self.store.clone();
        let path = path.to_path_buf();
        let handle = tokio::runtime::Handle::current();
        let import = blocking(move || {
            Ok(handle.block_on(liantu_ingest::import_file(&store, kind, &path, &options))?)
        });
        let summary = self.importing(kind.label_zh(), import).await?;
        crate::metrics::imported(kind.key(), summary.rows);
        Ok(summary)
    }

    /// [`App::import_file`] with its failure told for people: a bad file or bad rows (up to
    /// [`ROWS_SHOWN`] listed) are invalid input, and with `errors_workbook` every bad row is
    /// also written there, bad cells highlighted.
    pub async fn import_file_explained(
        &self,
        kind: DataKind,
        path: &Path,
        options: &ImportOptions,
        errors_workbook: Option<&Path>,
    ) -> Result<ImportSummary> {
        self.import_file(kind, path, options)
            .await
            .map_err(|e| explain_import_failure(e, errors_workbook))
    }

    /// [`App::import_reference`] with its failure told as [`App::import_file_explained`] does.
    pub async fn import_reference_explained(
        &self,
        kind: ReferenceKind,
        path: &Path,
        encoding: Option<&str>,
    ) -> Result<ReferenceOutcome> {
        self.import_reference(kind, path, encoding)
            .await
            .map_err(|e| explain_import_failure(e, None))
    }

    /// Exports every stored row of `kind` to `path`; returns the number of rows written.
    pub async fn export_data(
        &self,
        kind: DataKind,
        format: DataFormat,
        path: &Path,
    ) -> Result<u32> {
        self.require_read(crate::ReadArea::FirmFigures)?;
        Ok(liantu_ingest::export(&self.store, kind, format, path).await?)
    }

    /// Writes the diagnosis table of `request` to `path` (written under a temporary name and
    /// moved into place when complete); returns the number of rows.
    pub async fn export_diagnosis(
        &self,
        request: &DiagnosisRequest,
        format: DataFormat,
        path: &Path,
    ) -> Result<u32> {
        let report = self.chain_diagnosis(request).await?;
        let table = crate::diagnosis_table(&report);
        let path = path.to_path_buf();
        blocking(move || write_table(&table, format, &path)).await
    }

    /// Adds the built-in division codes (China's provinces, cities and counties, NBS 2023) to the
    /// reference table and the regions; regions already there are kept as they are.
    pub async fn install_builtin_divisions(&self) -> Result<liantu_store::DivisionSummary> {
        self.require_write(crate::WriteTarget::City).await?;
        Ok(self
            .store
            .import_divisions(&liantu_ingest::builtin_divisions())
            .await?)
    }

    /// Loads a reference table from the user's file (formats of `../shared/data/gbt4754-2017`
    /// and `../shared/data/admin-divisions`).
    pub async fn import_reference(
        &self,
        kind: ReferenceKind,
        path: &Path,
        encoding: Option<&str>,
    ) -> Result<ReferenceOutcome> {
        self.require_write(crate::WriteTarget::City).await?;
        Ok(match kind {
            ReferenceKind::Gbt4754 => ReferenceOutcome::IndustryCodes(
                liantu_ingest::import_gbt4754(&self.store, path, encoding).await?,
            ),
            ReferenceKind::Divisions => ReferenceOutcome::Divisions(
                liantu_ingest::import_divisions(&self.store, path, encoding).await?,
            ),
            ReferenceKind::Occupations => {
                ReferenceOutcome::Occupations(self.import_occupations(path, encoding).await?)
            }
        })
    }
}

/// Writes a whole table as CSV (UTF-8 with BOM) or XLSX, Chinese headers, under a temporary
/// name moved into place when complete.
pub fn write_table(table: &liantu_table::Table, format: DataFormat, path: &Path) -> Result<u32> {
    let fail = |e: liantu_table::WriterError| AppError::invalid(e.to_string());
    let mut w = liantu_table::Writer::create(
        path,
        format,
        &table.title.zh,
        table.columns.clone(),
        Lang::Zh,
    )
    .map_err(fail)?;
    for row in &table.rows {
        w.row(row).map_err(fail)?;
    }
    w.finish(table.footer.as_ref().map(|f| f.zh.as_str()))
        .map_err(fail)
}

/// [`write_template`] in memory.
pub fn template_bytes(kind: DataKind, format: DataFormat) -> Result<Vec<u8>> {
    Ok(liantu_ingest::template_bytes(kind, format)?)
}

/// [`write_errors_workbook`] in memory.
pub fn errors_workbook_bytes(report: &ImportReport) -> Result<Vec<u8>> {
    Ok(liantu_ingest::errors_workbook_bytes(report)?)
}

/// An empty import file of `kind` with the expected headers (and a notes sheet in XLSX).
pub fn write_template(kind: DataKind, format: DataFormat, path: &Path) -> Result<()> {
    Ok(liantu_ingest::template(kind, format, path)?)
}

/// The bad rows of a failed import as a workbook, bad cells highlighted.
pub fn write_errors_workbook(report: &ImportReport, path: &Path) -> Result<()> {
    Ok(liantu_ingest::errors_workbook(report, path)?)
}

/// A failed import as people should read it; other failures (the database) pass unchanged.
fn explain_import_failure(e: AppError, errors_workbook: Option<&Path>) -> AppError {
    match e {
        AppError::Import(ImportError::File(f)) => AppError::invalid(format!(
            "导入失败，未写入任何数据 / import failed, nothing was written: {f}"
        )),
        AppError::Import(ImportError::Rows(report)) => {
            let mut message = report.render(ROWS_SHOWN);
            if let Some(path) = errors_workbook {
                match write_errors_workbook(&report, path) {
                    Ok(()) => message.push_str(&format!(
                        "全部错误已写入 / every error written to: {}\n",
                        path.display()
                    )),
                    Err(e) => message.push_str(&format!("{e}\n")),
                }
            }
            AppError::invalid(message.trim_end())
        }
        other => other,
    }
}
