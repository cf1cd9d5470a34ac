//! Persistence for liantu. All SQL lives in this crate, behind [`Store`]: callers see domain
//! records, never rows. The schema is built by versioned migrations (`migrations/`), and every
//! write runs inside one transaction, so a failed write leaves the database as it was.
//!
//! The SQL is kept portable (`$n` placeholders, `TEXT`/`BIGINT`/`DOUBLE PRECISION`, no
//! backend-specific functions) so a PostgreSQL pool can be added beside SQLite without rewriting
//! queries.

mod accounts;
mod busy;
mod enterprises;
mod exchange;
mod invest;
mod kg;
mod panels;
mod read;
mod tags;
mod write;

pub use accounts::{Actor, AuditFilter, AuditRow, SessionRow, TokenRow, UserChange};
pub use enterprises::{
    EnterpriseDetail, EnterpriseFilter, EnterprisePage, EnterpriseSummary, MembershipDetail,
    TradingPartner,
};
pub use exchange::{DivisionSummary, ImportTx, LinkKey, RefDivision, RefIndustryCode, link_key};
pub use invest::{GradingRow, IoTableSummary, ScenarioRow};
pub use kg::KgImport;
pub use panels::{PanelData, PanelRow, PanelSummary};
pub use read::{ChainData, ChainSummary, EnterpriseRow, LinkRow, MembershipRow};
pub use tags::{
    NewTagRun, NewTagSuggestion, TagDecision, TagFilter, TagInput, TagRunWritten, TagSelection,
    TagStatus, TagSuggestionRow,
};
pub use write::LoadSummary;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "数据库文件不存在：{0}（先运行 `liantu init`）/ database file not found: {0} (run `liantu init` first)"
    )]
    Missing(PathBuf),
    #[error("无法打开数据库 {path} / cannot open database {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("数据库结构升级失败 / schema migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("数据库错误 / database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("数据库中的数据无效 / invalid data in the database: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Another connection holds the write lock (SQLite `BUSY`/`LOCKED`): worth retrying.
    pub fn is_busy(&self) -> bool {
        let StoreError::Db(e) = self else {
            return false;
        };
        e.as_database_error()
            .and_then(|d| d.code())
            .and_then(|code| code.parse::<i32>().ok())
            // Extended result codes keep the primary code in the low byte.
            .is_some_and(|code| matches!(code & 0xff, 5 | 6))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How long a write waits for another writer: long enough for a million-row import to finish.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(60);

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A handle on one liantu database. Cheap to clone (a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    /// Who the writes through this handle are by (the audit trail's author).
    actor: Arc<Actor>,
}

impl Store {
    /// Opens the SQLite database at `path`, creating the file when `create` is set, and brings
    /// its schema up to date. A write waits up to [`DEFAULT_BUSY_TIMEOUT`] for another writer
    /// (an import) to finish.
    pub async fn open(path: &Path, create: bool) -> Result<Store> {
        Store::open_with(path, create, DEFAULT_BUSY_TIMEOUT).await
    }

    /// [`Store::open`] with another wait for the write lock.
    pub async fn open_with(path: &Path, create: bool, busy_timeout: Duration) -> Result<Store> {
        if !create && !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(open_err)?
            .filename(path)
            .create_if_missing(create)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(busy_timeout);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(open_err)?;
        MIGRATOR.run(&pool).await?;
        Ok(Store {
            pool,
            actor: Arc::default(),
        })
    }

    /// The schema version (number of the last applied migration).
    pub async fn schema_version(&self) -> Result<i64> {
        let version: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await?;
        Ok(version.unwrap_or(0))
    }

    pub async fn close(self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests;
