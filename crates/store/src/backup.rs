//! Consistent copies of a SQLite database while it serves and writes (`VACUUM INTO`: one read
//! transaction, so the copy holds exactly the writes committed before it began), and the counts
//! a backup's manifest records.

use crate::{Backend, Result, Store, StoreError};
use std::path::Path;

/// The tables a manifest counts, so a restore can be checked against it.
pub const COUNTED_TABLES: &[&str] = &[
    "enterprises",
    "enterprise_years",
    "memberships",
    "supply_links",
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
