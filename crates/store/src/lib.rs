//! Persistence for liantu. All SQL lives in this crate, behind [`Store`]: callers see domain
//! records, never rows. The schema is built by versioned migrations (`migrations/`), and every
//! write runs inside one transaction, so a failed write leaves the database as it was.
//!
//! # Two backends, one set of queries
//!
//! A [`Store`] is SQLite (the embedded default, [`Store::open`]) or PostgreSQL
//! ([`Store::open_url`] with `postgres://…`), with the same methods. The queries are written once,
//! in portable SQL (`$n` placeholders, `TEXT`/`BIGINT`/`DOUBLE PRECISION`, `ON CONFLICT`,
//! `RETURNING`, no backend-specific functions), and run through sqlx's `Any` driver: one pool
//! type, one transaction type, one row type. The alternative, an enum of native pools, would
//! compile every query twice and make each helper generic over the database, for nothing the
//! schema needs: `Any` carries exactly the value types the schema uses (integers, doubles, text,
//! NULL). Its cost is that rows are copied into backend-neutral values, and that a column must
//! decode as what it holds (an integer where an `f64` is read fails), so sums and averages are
//! written with `CAST(… AS DOUBLE PRECISION)`.
//!
//! What does differ lives in few places: the DDL (`migrations/sqlite` with `INTEGER PRIMARY
//! KEY` and SQLite triggers, `migrations/postgres` with identity columns and PL/pgSQL triggers,
//! versioned alike), the per-connection settings (SQLite's WAL, busy timeout and an import's
//! page cache), and how "another writer holds the database" is recognised ([`Backend`]).
//! Ids come from the database (identity columns, or counters in `store_meta` taken inside the
//! writing transaction), never from `MAX(id) + 1`.

mod accounts;
mod backup;
mod bulk;
mod busy;
mod chain_read;
mod commission;
mod copy_text;
mod coupling;
mod economy;
mod enterprises;
mod exchange;
mod import;
mod innovation;
mod invest;
mod kg;
mod name_order;
mod occupation_reviews;
mod occupations;
mod panels;
mod plans;
mod projects;
mod read;
mod search;
mod shapes;
mod tags;
mod workforce;
mod write;

pub use accounts::{Actor, AuditFilter, AuditRow, SessionRow, TokenRow, UserChange};
pub use backup::{COUNTED_TABLES, Snapshot};
pub use bulk::Chunked;
pub use commission::{Commissioned, Commissioning};
pub use coupling::CouplingFlow;
pub use economy::{EconomyFirm, EconomyGroup, EconomyScope};
pub use enterprises::{
    EnterpriseDetail, EnterpriseFilter, EnterprisePage, EnterpriseSummary, MembershipDetail,
    TradingPartner,
};
pub use exchange::{DivisionSummary, LinkKey, RefDivision, RefIndustryCode, link_key};
pub use import::ImportTx;
pub use invest::{GradingRow, IoTableSummary, ScenarioRow};
pub use kg::KgImport;
pub use occupation_reviews::OccupationReview;
pub use panels::{PanelData, PanelRow, PanelSummary};
pub use plans::{NewPlanVersion, PlanVersion};
pub use projects::{OpenProblems, ProblemFilter, ProblemPage};
pub use read::{ChainData, ChainSummary, EnterpriseRow, LinkRow, MembershipRow};
pub use shapes::RegionShape;
pub use tags::{
    NewTagRun, NewTagSuggestion, TagDecision, TagExclusionChunks, TagFilter, TagInput,
    TagInputChunks, TagRunWritten, TagSelection, TagStatus, TagSuggestionRow,
};
pub use workforce::{CertificationKey, ProgrammeKey, StaffingKey};
pub use write::LoadSummary;

use sqlx::AnyPool;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Executor};
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
    #[error(
        "数据库由更新版本的 liantu 写入（结构版本 {found}，本程序支持到 {supported}），请使用新版本，未做任何修改 / the database was written by a newer liantu (schema {found}, this build knows up to {supported}): use the newer version; nothing was changed"
    )]
    Newer { found: i64, supported: i64 },
    #[error("数据库错误 / database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("数据库中的数据无效 / invalid data in the database: {0}")]
    Corrupt(String),
    #[error(
        "不支持的数据库地址类型 {0}（只支持 sqlite:// 与 postgres://）/ unsupported database URL scheme {0} (sqlite:// and postgres:// only)"
    )]
    Unsupported(String),
}

/// A stored value that does not read back as what was written (a bad code, unparsable JSON).
pub(crate) fn corrupt(e: impl ToString) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl StoreError {
    /// Another connection holds the write lock (SQLite `BUSY`/`LOCKED`, PostgreSQL
    /// `lock_not_available`): worth retrying.
    pub fn is_busy(&self) -> bool {
        let StoreError::Db(e) = self else {
            return false;
        };
        let Some(code) = e.as_database_error().and_then(|d| d.code()) else {
            return false;
        };
        // PostgreSQL's SQLSTATE 55P03 (lock_not_available: lock_timeout ran out).
        code == "55P03"
            || code
                .parse::<i32>()
                .ok()
                // SQLite's extended result codes keep the primary code in the low byte.
                .is_some_and(|code| matches!(code & 0xff, 5 | 6))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How long a write waits for another writer: long enough for a million-row import to finish.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(60);

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A nullable `DOUBLE PRECISION` parameter: bind every `Option<f64>` through it. sqlx 0.8.6's
/// `Any` driver sends a NULL `f64` to PostgreSQL typed as `real` (its two NULL float kinds are
/// swapped, sqlx issue 4284), so a statement first run with a NULL and cached fails on the next
/// run with a value ("incorrect binary data format"). This sends NULL in the kind that arrives
/// as `double precision`; SQLite sees a plain NULL either way.
pub(crate) struct Double(pub Option<f64>);

impl sqlx::Type<sqlx::Any> for Double {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <f64 as sqlx::Type<sqlx::Any>>::type_info()
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Any> for Double {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> std::result::Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        match self.0 {
            Some(v) => <f64 as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&v, buf),
            // A NULL `f32` is what 0.8.6 turns into a NULL `double precision`.
            None => <Option<f32> as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&None, buf),
        }
    }
}

/// The database behind a [`Store`]: the few statements that cannot be portable ask it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn migrator(self) -> &'static sqlx::migrate::Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        }
    }

    /// The newest migration this build carries for the backend.
    pub fn latest_migration(self) -> i64 {
        self.migrator().iter().map(|m| m.version).max().unwrap_or(0)
    }
}

/// Applies every pending migration of `migrator` in one transaction, so an upgrade lands whole or
/// not at all (sqlx's own `Migrator::run` commits each migration on its own: a failure in the
/// third of five would leave the database between two versions of liantu). Applied migrations
/// must keep their checksums; PostgreSQL servers starting together take turns (sqlx's advisory
/// lock).
async fn migrate(pool: &AnyPool, migrator: &sqlx::migrate::Migrator) -> Result<()> {
    use sqlx::migrate::Migrate;
    let mut conn = pool.acquire().await?;
    conn.lock().await?;
    let applied = apply_pending(&mut conn, migrator).await;
    conn.unlock().await?;
    applied
}

async fn apply_pending(
    conn: &mut sqlx::AnyConnection,
    migrator: &sqlx::migrate::Migrator,
) -> Result<()> {
    use sqlx::Connection;
    use sqlx::migrate::{Migrate, MigrateError};
    conn.ensure_migrations_table().await?;
    if let Some(version) = conn.dirty_version().await? {
        return Err(MigrateError::Dirty(version).into());
    }
    let applied: std::collections::HashMap<i64, Vec<u8>> = conn
        .list_applied_migrations()
        .await?
        .into_iter()
        .map(|m| (m.version, m.checksum.into_owned()))
        .collect();
    let mut tx = conn.begin().await?;
    for migration in migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
    {
        match applied.get(&migration.version) {
            Some(checksum) if *checksum != *migration.checksum => {
                return Err(MigrateError::VersionMismatch(migration.version).into());
            }
            Some(_) => {}
            None => {
                let start = std::time::Instant::now();
                tx.execute(&*migration.sql)
                    .await
                    .map_err(|e| MigrateError::ExecuteMigration(e, migration.version))?;
                sqlx::query(
                    "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
                     VALUES ($1, $2, TRUE, $3, $4)",
                )
                .bind(migration.version)
                .bind(&*migration.description)
                .bind(migration.checksum.to_vec())
                .bind(i64::try_from(start.elapsed().as_nanos()).unwrap_or(i64::MAX))
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The last migration applied to the database (`None` before the first).
async fn applied_migration(pool: &sqlx::AnyPool) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(pool)
            .await?,
    )
}

/// A handle on one liantu database. Cheap to clone (a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// PostgreSQL: native connections for imports, which write with COPY (not in `Any`).
    copy_pool: Option<sqlx::PgPool>,
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
        // The Any driver takes SQLite options as a URL (file name percent-encoded).
        let url = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(create)
            .to_url_lossy();
        Store::connect(url.as_str(), busy_timeout, Some(path))
            .await
            .map_err(|e| match e {
                StoreError::Db(source) => StoreError::Open {
                    path: path.to_path_buf(),
                    source,
                },
                other => other,
            })
    }

    /// Opens the database at `url`: `postgres://user:password@host/db` (or `postgresql://`), or
    /// `sqlite://path` (`?mode=rwc` creates the file). The schema is brought up to date.
    pub async fn open_url(url: &str) -> Result<Store> {
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or(url.strip_prefix("sqlite:"))
        {
            let (path, query) = path.split_once('?').unwrap_or((path, ""));
            let create = query.split('&').any(|kv| kv == "mode=rwc");
            return Store::open(Path::new(path), create).await;
        }
        Store::connect(url, DEFAULT_BUSY_TIMEOUT, None).await
    }

    /// Connects and migrates. `file` is the SQLite file: before an older schema is upgraded, a
    /// copy of it is kept beside it (`FILE.schema-N.bak`).
    async fn connect(url: &str, busy_timeout: Duration, file: Option<&Path>) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let options = AnyConnectOptions::from_str(url)?;
        let backend = match options.database_url.scheme() {
            "sqlite" => Backend::Sqlite,
            "postgres" | "postgresql" => Backend::Postgres,
            other => {
                return Err(StoreError::Unsupported(other.to_string()));
            }
        };
        let settings = match backend {
            // Per connection: foreign keys (sqlx's default, said again), WAL so readers never
            // wait for a writer, and how long a writer waits for another. No memory map: a 1 GiB
            // one was no faster (the project board 130 vs 136 ms, a province's diagnosis 2.0 s
            // either way) and put up to 1 GiB of mapped pages per connection in the RSS.
            Backend::Sqlite => format!(
                "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA busy_timeout = {};",
                busy_timeout.as_millis()
            ),
            // A writer waits as long for a row or table lock, then fails as "busy".
            Backend::Postgres => format!(
                "SET lock_timeout = {}; SET client_min_messages = warning;",
                busy_timeout.as_millis()
            ),
        };
        let settings: Arc<str> = settings.into();
        let copy_pool = match backend {
            Backend::Sqlite => None,
            // Connected when the first import begins. Imports are serialised (one holds the lock, one
            // more may wait for it).
            Backend::Postgres => {
                let settings = Arc::clone(&settings);
                Some(
                    sqlx::postgres::PgPoolOptions::new()
                        .max_connections(2)
                        .acquire_timeout(busy_timeout)
                        .after_connect(move |conn, _| {
                            let settings = Arc::clone(&settings);
                            Box::pin(async move {
                                conn.execute(&*settings).await?;
                                Ok(())
                            })
                        })
                        .connect_lazy_with(sqlx::postgres::PgConnectOptions::from_str(url)?),
                )
            }
        };
        let pool = AnyPoolOptions::new()
            .max_connections(4)
            .after_connect(move |conn, _| {
                let settings = Arc::clone(&settings);
                Box::pin(async move {
                    conn.execute(&*settings).await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let migrator = backend.migrator();
        // An older build on a newer database stops before touching it. (A new database has no
        // migration table yet: nothing applied.)
        let supported = backend.latest_migration();
        let found = applied_migration(&pool).await.unwrap_or(None);
        if let Some(found) = found.filter(|f| *f > supported) {
            pool.close().await;
            return Err(StoreError::Newer { found, supported });
        }
        if let (Some(found), Some(file)) = (found.filter(|f| *f < supported), file) {
            let mut copy = file.as_os_str().to_owned();
            copy.push(format!(".schema-{found}.bak"));
            let copy = PathBuf::from(copy);
            if !copy.exists() {
                sqlx::query("VACUUM INTO $1")
                    .bind(copy.to_string_lossy().into_owned())
                    .execute(&pool)
                    .await?;
            }
        }
        migrate(&pool, migrator).await?;
        // Only an upgrade across the migrations that added them has firms without their name
        // bigrams or sort key: every write since fills them (an older binary refuses a newer
        // database).
        if found.is_some_and(|f| f < search::NAME_KEYS_MIGRATION) {
            search::fill_name_keys(&pool).await?;
        }
        Ok(Store {
            pool,
            backend,
            copy_pool,
            actor: Arc::default(),
        })
    }

    /// Which database this store is on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The newest migration this build carries: a database at a lower schema version is
    /// upgraded when opened; one at a higher version was written by a newer liantu.
    pub fn expected_schema_version(&self) -> i64 {
        self.backend.latest_migration()
    }

    /// The schema version (number of the last applied migration).
    pub async fn schema_version(&self) -> Result<i64> {
        Ok(applied_migration(&self.pool).await?.unwrap_or(0))
    }

    pub async fn close(self) {
        if let Some(pool) = &self.copy_pool {
            pool.close().await;
        }
        self.pool.close().await;
    }
}

#[cfg(test)]
mod testdb;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(test)]
mod tests;
