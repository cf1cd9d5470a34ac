//! Backups that restore: a consistent copy taken while the server serves and writes, with a
//! manifest (version, schema, counts, SHA-256); a restore that refuses a copy that does not match
//! its manifest, fails SQLite's integrity check or comes from a newer liantu, and replaces the
//! database in one rename, keeping the one it replaces.

use crate::{App, AppError, Result, WriteTarget};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What a backup holds, written beside it as `FILE.manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The liantu version that took it.
    pub liantu: String,
    /// Its schema version (last migration applied).
    pub schema: i64,
    /// When (UTC).
    pub taken: String,
    pub bytes: u64,
    pub sha256: String,
    /// Rows per table.
    pub counts: BTreeMap<String, i64>,
}

/// Where a backup's manifest is kept.
pub fn manifest_path(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

/// What was being done to a file when it failed, in both languages.
const READ: (&str, &str) = ("读取", "read");
const WRITE: (&str, &str) = ("写入", "write");
const MOVE: (&str, &str) = ("移动", "move");

fn io_error((zh, en): (&str, &str), path: &Path, e: std::io::Error) -> AppError {
    AppError::invalid(format!(
        "无法{zh} {0} / cannot {en} {0}: {e}",
        path.display()
    ))
}

/// SHA-256 of a file, read in pieces, and its size.
fn digest(path: &Path) -> Result<(String, u64)> {
    let mut file = std::fs::File::open(path).map_err(|e| io_error(READ, path, e))?;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| io_error(READ, path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok((format!("{:x}", hasher.finalize()), bytes))
}

/// Opens a database file, checks it whole and counts its rows.
async fn inspect(path: &Path) -> Result<(i64, BTreeMap<String, i64>)> {
    let store = liantu_store::Store::open(path, false).await?;
    let integrity = store.integrity_check().await?;
    if integrity != "ok" {
        store.close().await;
        return Err(AppError::invalid(format!(
            "数据库完整性检查未通过 / the integrity check failed: {integrity}"
        )));
    }
    let schema = store.schema_version().await?;
    let counts = store.table_counts().await?.into_iter().collect();
    store.close().await;
    Ok((schema, counts))
}

impl App {
    /// Copies the database to `out` (which must not exist) while it keeps serving, checks the
    /// copy and writes its manifest. Administrators only: a backup holds the accounts too.
    pub async fn backup(&self, out: &Path) -> Result<Manifest> {
        self.require_write(WriteTarget::Accounts).await?;
        if out.exists() {
            return Err(AppError::conflict(format!(
                "{0} 已存在，不会覆盖 / {0} exists and is not overwritten",
                out.display()
            )));
        }
        self.store.backup_into(out).await?;
        let (schema, counts) = inspect(out).await?;
        let (sha256, bytes) = digest(out)?;
        let manifest = Manifest {
            liantu: env!("CARGO_PKG_VERSION").to_string(),
            schema,
            taken: self.now(),
            bytes,
            sha256,
            counts,
        };
        let text = serde_json::to_string_pretty(&manifest)
            .map_err(|e| AppError::internal(e.to_string()))?;
        let path = manifest_path(out);
        std::fs::write(&path, text).map_err(|e| io_error(WRITE, &path, e))?;
        self.store
            .record(
                "backup",
                "database",
                &out.display().to_string(),
                &serde_json::json!({"sha256": manifest.sha256, "bytes": manifest.bytes}),
            )
            .await?;
        Ok(manifest)
    }
}

/// Restores `backup` as the database at `target` (the server stopped): the file must match its
/// manifest and pass the integrity check; the database it replaces is kept as
/// `TARGET.before-restore`. Returns the manifest.
pub async fn restore(backup: &Path, target: &Path) -> Result<Manifest> {
    let mpath = manifest_path(backup);
    let text = std::fs::read_to_string(&mpath).map_err(|e| io_error(READ, &mpath, e))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
        AppError::invalid(format!(
            "备份清单无法读取 / unreadable manifest {}: {e}",
            mpath.display()
        ))
    })?;
    let (sha256, bytes) = digest(backup)?;
    if sha256 != manifest.sha256 || bytes != manifest.bytes {
        return Err(AppError::invalid(format!(
            "备份文件与清单不符（已损坏或被改动），未恢复 / {} does not match its manifest \
             (damaged or changed): nothing restored",
            backup.display()
        )));
    }
    // Checked on a copy beside the target, which then replaces it in one rename.
    let mut staged = target.as_os_str().to_owned();
    staged.push(".restoring");
    let staged = PathBuf::from(staged);
    std::fs::copy(backup, &staged).map_err(|e| io_error(WRITE, &staged, e))?;
    let checked = inspect(&staged).await;
    let (_, counts) = match checked {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&staged);
            return Err(e);
        }
    };
    if counts != manifest.counts {
        let _ = std::fs::remove_file(&staged);
        return Err(AppError::invalid(
            "备份中的行数与清单不符，未恢复 / the backup's row counts differ from its manifest: \
             nothing restored",
        ));
    }
    let with = |path: &Path, suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    // The check's own journal files go; the replaced database keeps its journal beside it.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with(&staged, suffix));
    }
    if target.exists() {
        let kept = with(target, ".before-restore");
        for suffix in ["", "-wal", "-shm"] {
            let from = with(target, suffix);
            if from.exists() {
                std::fs::rename(&from, with(&kept, suffix))
                    .map_err(|e| io_error(MOVE, &from, e))?;
            }
        }
    }
    std::fs::rename(&staged, target).map_err(|e| io_error(MOVE, &staged, e))?;
    Ok(manifest)
}

/// What `liantu status` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub liantu: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The SQLite file's size (with its journal), bytes.
    pub bytes: Option<u64>,
    pub schema: i64,
    pub expected_schema: i64,
    pub revision: i64,
    pub counts: BTreeMap<String, i64>,
    /// The latest import and backup: when (UTC) and what.
    pub last_import: Option<(String, String)>,
    pub last_backup: Option<(String, String)>,
}

impl App {
    /// Version, database, schema, row counts, the latest import and backup.
    pub async fn status(&self, sqlite_file: Option<&Path>) -> Result<Status> {
        self.require_read(crate::ReadArea::Investment)?;
        let bytes = sqlite_file.map(|path| {
            ["", "-wal"]
                .iter()
                .filter_map(|suffix| {
                    let mut name = path.as_os_str().to_owned();
                    name.push(suffix);
                    std::fs::metadata(PathBuf::from(name)).ok().map(|m| m.len())
                })
                .sum()
        });
        let event = |e: Option<(String, String, String)>| {
            e.map(|(at, entity, id)| (at, format!("{entity} {id}")))
        };
        Ok(Status {
            liantu: env!("CARGO_PKG_VERSION").to_string(),
            backend: match self.store.backend() {
                liantu_store::Backend::Sqlite => "sqlite",
                liantu_store::Backend::Postgres => "postgres",
            }
            .to_string(),
            bytes,
            schema: self.store.schema_version().await?,
            expected_schema: self.store.expected_schema_version(),
            revision: self.store.revision().await?,
            counts: self.store.table_counts().await?.into_iter().collect(),
            last_import: event(self.store.last_event("import").await?),
            last_backup: event(self.store.last_event("backup").await?),
        })
    }
}
