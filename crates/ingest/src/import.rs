//! The import: one streaming pass over the file that validates every row and, while no row has
//! failed, writes batches into one open transaction. Any bad row stops the writing (validation
//! goes on, so every bad row is reported) and the transaction is rolled back: all or nothing.
//! What differs between kinds of file lives in [`crate::kinds`].

mod fields;
mod writer;

pub(crate) use fields::{Chains, Fields, load_chains, not_imported, split_list};

use crate::error::{FileError, Problem, Report};
use crate::kinds::{Change, ImportKind};
use crate::schema::Kind;
use crate::source::{FileInfo, Row, open};
use crate::text::Cell;
use fields::Shared;
use liantu_model::records::{Source, SourceKind};
use liantu_store::{ImportTx, Store, StoreError};
use std::collections::HashSet;
use std::path::Path;
use writer::Writer;

/// Rows handed to the store per call: large enough that the store's key-ordered writes land
/// mostly on neighbouring index pages (65,536 of a million random USCCs are ≈15 keys apart), small
/// enough to stay a few tens of MB.
const WRITE_BATCH: usize = 65_536;

/// The source id used when neither the file nor `--source` names one; created on first use.
pub const DEFAULT_SOURCE: &str = "import";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// New rows only: a key that is already stored is an error.
    #[default]
    Insert,
    /// New rows are added, rows whose key is stored replace it (enterprises keyed by USCC, yearly
    /// figures by USCC and year, memberships by USCC, chain and node, links by buyer, supplier,
    /// chain, node, product and year).
    Upsert,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Force the encoding of a CSV file (`gbk`, `utf-8`, …).
    pub encoding: Option<String>,
    pub mode: Mode,
    /// Source id for rows without one (default [`DEFAULT_SOURCE`]).
    pub source: Option<String>,
    /// The firms the rows may touch (a county, park or enterprise account's import); `None`:
    /// any firm (city-wide accounts).
    pub scope: Option<ImportScope>,
}

/// The firms a scoped import may touch. A row about a firm outside it is a bad row like any
/// other: reported with its row and column, and nothing is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportScope {
    /// Firms in this division (a county account; a prefecture code takes its counties too).
    Region(liantu_model::RegionCode),
    /// Firms of this park.
    Park(String),
    /// This firm alone (an enterprise account).
    Enterprise(liantu_model::Uscc),
}

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportSummary {
    pub kind: Kind,
    pub info: FileInfo,
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    pub warnings: Vec<Problem>,
    pub warning_count: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] FileError),
    /// Bad rows: nothing was written.
    #[error("{}", .0.render(20))]
    Rows(Box<Report>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("导入内部错误 / internal import error: {0}")]
    Internal(String),
}

/// Imports `path` as `kind`: every row validated, written in one transaction, all or nothing.
pub async fn import_file(
    store: &Store,
    kind: Kind,
    path: &Path,
    opts: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    crate::kinds::import(kind, store, path, opts).await
}

/// [`import_file`] for the kind `K`.
pub(crate) async fn run<K: ImportKind>(
    kind: Kind,
    store: &Store,
    path: &Path,
    opts: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    let columns = K::COLUMNS;
    let mut opened = open(path, columns, opts.encoding.as_deref())?;
    let default_source = opts
        .source
        .clone()
        .unwrap_or_else(|| DEFAULT_SOURCE.to_string());
    let mut shared = Shared::load(store, default_source, opts.scope.clone()).await?;
    let info = opened.info.clone();
    // Schema column → file column.
    let mut at = vec![None; columns.len()];
    for (file_col, m) in info.mapping.iter().enumerate() {
        if let Some(c) = m {
            at[*c] = Some(file_col);
        }
    }
    let mut report = Report::new(info.header_row, info.headers.clone());
    for w in opened.warnings.drain(..) {
        report.warning(w);
    }
    let present: HashSet<&'static str> = info
        .mapping
        .iter()
        .flatten()
        .map(|&c| columns[c].key)
        .collect();
    let update = K::update_columns(&present);
    let upsert = opts.mode == Mode::Upsert;
    let mut tx = store
        .begin_import(upsert.then_some(update.as_slice()))
        .await?;
    let mut pass = K::load(store, &mut tx).await?;
    let mut writer = Writer::<K>::spawn(ensure_default_source(tx, &mut shared).await?);
    let (mut added, mut updated) = (0u64, 0u64);
    let mut batch = Vec::new();
    while let Some(row) = opened.rows.next_row()? {
        if row.cells.iter().all(Cell::is_empty) {
            continue;
        }
        report.rows += 1;
        let mut f = Fields::new(&row, columns, &at, &info.headers, &shared);
        let valid = pass.row(&mut f, upsert);
        let ok = f.errors.is_empty();
        record_problems(&mut report, &row, f);
        if let (true, Some((record, change))) = (ok, valid) {
            match change {
                Change::Added => added += 1,
                Change::Updated => updated += 1,
            }
            // Once a row has failed nothing more is written; the rest is only validated.
            if report.error_count == 0 {
                batch.push(record);
            }
        }
        if report.error_count > 0 {
            batch.clear();
        } else if batch.len() >= WRITE_BATCH {
            writer.write(std::mem::take(&mut batch)).await?;
        }
    }
    if report.rows == 0 {
        return Err(FileError::NoData.into());
    }
    if report.error_count > 0 {
        writer.finish().await?.rollback().await?;
        return Err(ImportError::Rows(Box::new(report)));
    }
    writer.write(batch).await?;
    let mut tx = writer.finish().await?;
    tx.describe(
        kind.key(),
        &path.file_name().unwrap_or_default().to_string_lossy(),
        serde_json::json!({
            "rows": report.rows,
            "added": added,
            "updated": updated,
            "mode": if upsert { "upsert" } else { "insert" },
            "sha256": file_digest(path)?,
        }),
    );
    tx.commit().await?;
    Ok(ImportSummary {
        kind,
        info,
        rows: report.rows,
        added,
        updated,
        warnings: report.warnings,
        warning_count: report.warning_count,
    })
}

/// Creates the default source inside the import's transaction when it is not stored yet: gone
/// again if the import fails.
async fn ensure_default_source(
    mut tx: ImportTx,
    shared: &mut Shared,
) -> Result<ImportTx, StoreError> {
    if !shared.sources.contains(&shared.default_source) {
        tx.ensure_source(&Source {
            id: shared.default_source.clone(),
            kind: SourceKind::Public,
            title_zh: "用户导入的数据".into(),
            title_en: "Data imported by the user".into(),
            publisher: String::new(),
            published: String::new(),
            url: None,
        })
        .await?;
        shared.sources.insert(shared.default_source.clone());
    }
    Ok(tx)
}

/// Adds one row's problems to the report (and its cells, when it has errors).
fn record_problems(report: &mut Report, row: &Row, f: Fields) {
    for w in f.warnings {
        report.warning(w);
    }
    if f.errors.is_empty() {
        return;
    }
    report.bad_rows += 1;
    report.bad_row(row.number, row.cells.iter().map(Cell::display).collect());
    for e in f.errors {
        report.error(e);
    }
}

/// The SHA-256 of the imported file, hex: the audit trail names exactly which file was loaded.
fn file_digest(path: &Path) -> Result<String, ImportError> {
    use sha2::Digest;
    let io = |e: std::io::Error| FileError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = sha2::Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(io)?;
    Ok(format!("{:x}", hasher.finalize()))
}
