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

/// What kind of copy a backup is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupFormat {
    /// A SQLite database file.
    #[default]
    Sqlite,
    /// `pg_dump --format=custom` of a PostgreSQL database.
    PgDump,
}

/// What a backup holds, written beside it as `FILE.manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Manifests written before PostgreSQL backups existed are SQLite's.
    #[serde(default)]
    pub format: BackupFormat,
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
    with_suffix(backup, ".manifest.json")
}

/// `path` with `suffix` added to its file name (`liantu.db` → `liantu.db-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
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
        let (format, (schema, counts)) = match &self.postgres_url {
            None => {
                self.store.backup_into(out).await?;
                (BackupFormat::Sqlite, inspect(out).await?)
            }
            Some(url) => (BackupFormat::PgDump, pg_dump(&self.store, url, out).await?),
        };
        let (sha256, bytes) = digest(out)?;
        let manifest = Manifest {
            format,
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

/// The lock file beside a SQLite database that says a server is serving it.
fn serving_lock_path(db: &Path) -> PathBuf {
    with_suffix(db, ".serving")
}

/// Held by `liantu serve` while it serves the SQLite database `db` (a shared lock: several
/// servers may share a file), so a restore can tell that the database is in use. The operating
/// system releases it when the process ends, however it ends.
pub struct ServingLock(#[allow(dead_code)] std::fs::File);

impl ServingLock {
    pub fn take(db: &Path) -> Result<ServingLock> {
        let path = serving_lock_path(db);
        let file = std::fs::File::create(&path).map_err(|e| io_error(WRITE, &path, e))?;
        file.lock_shared().map_err(|e| io_error(WRITE, &path, e))?;
        Ok(ServingLock(file))
    }
}

/// Restores `backup` as the database at `target` (the server stopped): the file must match its
/// manifest and pass the integrity check; the database it replaces is kept as
/// `TARGET.before-restore`. Returns the manifest.
pub async fn restore(backup: &Path, target: &Path) -> Result<Manifest> {
    let manifest = checked_manifest(backup, BackupFormat::Sqlite)?;
    // Held until the restore ends, so no server starts on the database meanwhile.
    let lock = serving_lock_path(target);
    let lock = std::fs::File::create(&lock).map_err(|e| io_error(WRITE, &lock, e))?;
    if let Err(std::fs::TryLockError::WouldBlock) = lock.try_lock() {
        return Err(AppError::conflict(format!(
            "liantu 服务正在使用 {0}，请先停止（systemctl stop liantu），未恢复 / a liantu server is \
             serving {0}: stop it first (systemctl stop liantu); nothing restored",
            target.display()
        )));
    }
    // Checked on a copy beside the target, which then replaces it in one rename.
    let staged = with_suffix(target, ".restoring");
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
    // The check's own journal files go; the replaced database keeps its journal beside it.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(&staged, suffix));
    }
    if target.exists() {
        let kept = with_suffix(target, ".before-restore");
        for suffix in ["", "-wal", "-shm"] {
            let from = with_suffix(target, suffix);
            if from.exists() {
                std::fs::rename(&from, with_suffix(&kept, suffix))
                    .map_err(|e| io_error(MOVE, &from, e))?;
            }
        }
    }
    std::fs::rename(&staged, target).map_err(|e| io_error(MOVE, &staged, e))?;
    Ok(manifest)
}

/// The manifest of `backup`, once the file matches it (size and SHA-256) and is of `format`.
fn checked_manifest(backup: &Path, format: BackupFormat) -> Result<Manifest> {
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
    if manifest.format != format {
        let (zh, en) = match manifest.format {
            BackupFormat::Sqlite => ("SQLite 数据库文件", "a SQLite database file"),
            BackupFormat::PgDump => ("PostgreSQL 的 pg_dump", "a PostgreSQL pg_dump"),
        };
        return Err(AppError::invalid(format!(
            "{0} 是{zh}的备份，不能恢复到这种数据库 / {0} is a backup of {en}: it cannot be \
             restored into this kind of database",
            backup.display()
        )));
    }
    Ok(manifest)
}

/// The PostgreSQL URL for libpq's programs without its password, and the password (decoded), so
/// the password reaches `pg_dump`/`pg_restore` through `PGPASSWORD` rather than their command
/// line, which every user of the machine can read. sqlx's own parameters (spelt with a hyphen,
/// `statement-cache-capacity`; libpq's use underscores) are left out: libpq refuses them.
fn without_password(url: &str) -> (String, Option<String>) {
    let (url, query) = url.split_once('?').unwrap_or((url, ""));
    let libpq: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.split('=').next().unwrap_or("").contains('-'))
        .collect();
    let (url, password) = split_password(url);
    if libpq.is_empty() {
        (url, password)
    } else {
        (format!("{url}?{}", libpq.join("&")), password)
    }
}

fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), None);
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return (url.to_string(), None);
    };
    match credentials.split_once(':') {
        Some((user, password)) => {
            let password = percent_encoding::percent_decode_str(password)
                .decode_utf8_lossy()
                .into_owned();
            (format!("{scheme}://{user}@{host}"), Some(password))
        }
        None => (url.to_string(), None),
    }
}

/// Runs a PostgreSQL client program (`pg_dump`, `pg_restore`) on `url`; its error output
/// becomes the message of a failure.
async fn pg_client(program: &str, url: &str, args: &[&std::ffi::OsStr]) -> Result<()> {
    let (url, password) = without_password(url);
    let mut command = tokio::process::Command::new(program);
    command.args(args).arg("--dbname").arg(url);
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let output = command.output().await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            AppError::Unavailable(format!(
                "找不到 {program}：请安装 postgresql-client（版本不低于数据库的）/ {program} not \
                 found: install postgresql-client (at least the server's version)"
            ))
        } else {
            AppError::internal(format!("{program}: {e}"))
        }
    })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(AppError::internal(format!(
            "{program} 失败 / failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

/// `pg_dump` of the PostgreSQL database into `out` (custom format), from a snapshot the schema
/// level and counts were read in, so the manifest describes exactly what the dump holds.
async fn pg_dump(
    store: &liantu_store::Store,
    url: &str,
    out: &Path,
) -> Result<(i64, BTreeMap<String, i64>)> {
    let snapshot = store.export_snapshot().await?;
    let args = [
        "--format=custom".as_ref(),
        "--no-owner".as_ref(),
        "--no-privileges".as_ref(),
        "--snapshot".as_ref(),
        snapshot.id.as_ref(),
        "--file".as_ref(),
        out.as_os_str(),
    ];
    if let Err(e) = pg_client("pg_dump", url, &args).await {
        let _ = std::fs::remove_file(out);
        return Err(e);
    }
    Ok((snapshot.schema, snapshot.counts.into_iter().collect()))
}

/// Restores a `pg_dump` backup into the PostgreSQL database at `url` (the server stopped): the
/// file must match its manifest and have this build's schema (`pg_restore --clean` replaces the
/// tables the dump has, so a dump of another schema would leave tables of this one behind:
/// restore with the liantu that took it, then upgrade); `pg_restore` replaces the tables in one
/// transaction (a failure leaves the database as it was), and the restored rows are counted
/// against the manifest. The replaced tables are not kept: take a backup first.
pub async fn restore_postgres(backup: &Path, url: &str) -> Result<Manifest> {
    let manifest = checked_manifest(backup, BackupFormat::PgDump)?;
    let schema = liantu_store::Backend::Postgres.latest_migration();
    if manifest.schema != schema {
        return Err(AppError::invalid(format!(
            "备份的结构版本是 {0}，本程序是 {schema}：请用备份时的 liantu 版本恢复，再升级；未恢复 / \
             the backup has schema {0} and this build {schema}: restore it with the liantu that \
             took it, then upgrade; nothing restored",
            manifest.schema
        )));
    }
    let args = [
        "--clean".as_ref(),
        "--if-exists".as_ref(),
        "--no-owner".as_ref(),
        "--no-privileges".as_ref(),
        "--single-transaction".as_ref(),
        "--exit-on-error".as_ref(),
        backup.as_os_str(),
    ];
    pg_client("pg_restore", url, &args).await?;
    let store = liantu_store::Store::open_url(url).await?;
    let counts: BTreeMap<String, i64> = store.table_counts().await?.into_iter().collect();
    store.close().await;
    if counts != manifest.counts {
        return Err(AppError::internal(
            "恢复后的行数与清单不符 / the restored row counts differ from the manifest",
        ));
    }
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
                    std::fs::metadata(with_suffix(path, suffix))
                        .ok()
                        .map(|m| m.len())
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

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn libpq_gets_the_url_without_password_or_sqlx_parameters() {
        assert_eq!(
            without_password(
                "postgres://ana:p%40ss@db:5432/liantu?sslmode=require&statement-cache-capacity=100"
            ),
            (
                "postgres://ana@db:5432/liantu?sslmode=require".to_string(),
                Some("p@ss".to_string())
            )
        );
        assert_eq!(
            without_password("postgres://ana@db/liantu"),
            ("postgres://ana@db/liantu".to_string(), None)
        );
    }
}
