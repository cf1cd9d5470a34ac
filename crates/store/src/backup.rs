//! Consistent copies of a database while it serves and writes — SQLite: `VACUUM INTO` (one read
//! transaction, so the copy holds exactly the writes committed before it began); PostgreSQL: a
//! snapshot exported for `pg_dump` ([`Store::export_snapshot`]) — and the counts a backup's
//! manifest records.

use crate::{Backend, Result, Store, StoreError};
use sqlx::{Any, Transaction};
use std::path::Path;

/// A PostgreSQL snapshot held open: `pg_dump --snapshot ID` dumps exactly what it sees, and the
/// schema level and counts were read in it. Dropping it ends the snapshot.
pub struct Snapshot {
    pub id: String,
    pub schema: i64,
    pub counts: Vec<(String, i64)>,
    _tx: Transaction<'static, Any>,
}

/// The tables a manifest counts, so a restore can be checked against it.
pub const COUNTED_TABLES: &[&str] = &[
    "enterprises",
    "enterprise_years",
    "memberships",
    "supply_links",
    "workforce",
    "programmes",
    "certifications",
    "platforms",
    "tech_needs",
    "achievements",
    "candidates",
    "projects",
    "project_reports",
    "problems",
    "plans",
    "audit_log",
];

impl Store {
    /// Writes a consistent copy of the database to `out`, which must not exist. PostgreSQL is
    /// backed up with its own `pg_dump`.
    pub async fn backup_into(&self, out: &Path) -> Result<()> {
        if self.backend == Backend::Postgres {
            return Err(StoreError::Unsupported(
                "postgres（请用 pg_dump 备份 PostgreSQL / back PostgreSQL up with pg_dump)".into(),
            ));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(out.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Rows in each of [`COUNTED_TABLES`].
    pub async fn table_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut out = Vec::new();
        for table in COUNTED_TABLES {
            let n: i64 =
                sqlx::query_scalar(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"))
                    .fetch_one(&self.pool)
                    .await?;
            out.push((table.to_string(), n));
        }
        Ok(out)
    }

    /// Exports a PostgreSQL snapshot (a repeatable-read, read-only transaction kept open) and
    /// reads the schema level and the counts in it.
    pub async fn export_snapshot(&self) -> Result<Snapshot> {
        if self.backend != Backend::Postgres {
            return Err(StoreError::Unsupported(
                "sqlite（快照仅用于 PostgreSQL / snapshots are for PostgreSQL)".into(),
            ));
        }
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
        let id: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
            .fetch_one(&mut *tx)
            .await?;
        let schema: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&mut *tx)
                .await?;
        let mut counts = Vec::new();
        for table in COUNTED_TABLES {
            let n: i64 =
                sqlx::query_scalar(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"))
                    .fetch_one(&mut *tx)
                    .await?;
            counts.push((table.to_string(), n));
        }
        Ok(Snapshot {
            id,
            schema: schema.unwrap_or(0),
            counts,
            _tx: tx,
        })
    }

    /// SQLite's `PRAGMA integrity_check`: `ok`, or what is wrong.
    pub async fn integrity_check(&self) -> Result<String> {
        if self.backend == Backend::Postgres {
            return Ok("ok".into());
        }
        let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await?;
        Ok(lines.join("; "))
    }
}
