//! Bulk imports: one transaction that an importer feeds batch by batch, all-or-nothing.
//!
//! On SQLite the rows go in as multi-row INSERTs through the store's `Any` pool. On PostgreSQL
//! they go in with `COPY … FROM STDIN` (text format, [`crate::copy_text`]) inside the import's
//! transaction — a third of the time of INSERTs — which takes a native PostgreSQL connection:
//! sqlx's `Any` connection has no COPY. The few other statements of an import (its source, id
//! counters, audit row, revision) are written once and run on whichever connection it holds
//! ([`on_tx!`]).

use crate::copy_text::CopyRows;
use crate::exchange::{
    ENTERPRISE_COLUMNS, LINK_COLUMNS, LinkKey, MEMBERSHIP_COLUMNS, YEAR_COLUMNS, bind_enterprise,
    bind_link, bind_membership, bind_year, insert_sql, link_from_row, link_key, upsert_suffix,
};
use crate::innovation::{
    ACHIEVEMENT_COLUMNS, NEED_COLUMNS, PLATFORM_COLUMNS, bind_achievement, bind_need, bind_platform,
};
use crate::workforce::{
    CERTIFICATION_COLUMNS, PROGRAMME_COLUMNS, WORKFORCE_COLUMNS, bind_certification,
    bind_programme, bind_staffing,
};
use crate::{Result, Store, StoreError};
use liantu_model::innovation::{Achievement, Platform, TechNeed};
use liantu_model::records::{Enterprise, EnterpriseYear, Membership, Source, SupplyLink};
use liantu_model::workforce::{Certification, Programme, Staffing};
use sqlx::{Any, Postgres, Transaction};
use std::collections::HashMap;

/// Rows per multi-row INSERT on SQLite. 256 rows × 20 columns stays far below SQLite's 32,766
/// parameters.
const BATCH: usize = 256;

/// The import's transaction: through the store's `Any` pool (SQLite), or a native PostgreSQL
/// connection (for COPY).
enum Tx {
    Any(Transaction<'static, Any>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$conn` bound to the import's connection, whichever backend: the statement
/// is written once and compiled for both.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match &mut $tx {
            Tx::Any(tx) => {
                let $conn = &mut **tx;
                $body
            }
            Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

/// An open import: one transaction that the importer feeds batch by batch. Nothing is visible to
/// other connections until [`ImportTx::commit`]; dropping it (an error, a panic, a kill) rolls
/// everything back.
pub struct ImportTx {
    tx: Tx,
    /// The store it was begun on: its actor authors the audit row written at commit.
    store: Store,
    /// What the audit row says was imported (entity, id, change), set by the importer.
    described: Option<(String, String, serde_json::Value)>,
    /// Upsert: the columns a row with an existing key overwrites. `None` = plain INSERT.
    update: Option<Vec<String>>,
    /// SQL text per (table, rows in the statement), built once.
    sql: HashMap<(&'static str, usize), String>,
    /// PostgreSQL upserts: the staging tables created in this transaction.
    staged: Vec<&'static str>,
    /// SQLite: the connection's page cache setting before the import, restored when it ends.
    cache_before: Option<i64>,
}

/// Page cache of an import's connection, in KiB. With SQLite's default 2 MiB, nearly every
/// insert of a random-order key into a large index (a million USCCs) misses the cache; 256 MiB
/// holds the keys of a few million firms. It is given back when the import ends, so a pooled
/// connection does not keep it.
const IMPORT_CACHE_KIB: i64 = 256 * 1024;

/// PostgreSQL advisory lock key that serialises imports (any constant unique to liantu: "liantu"
/// in ASCII).
const IMPORT_LOCK: i64 = 0x6c69_616e_7475;

impl Store {
    /// Starts an import transaction. With `update`, a row whose key exists overwrites those columns
    /// of the stored row (columns the file did not have keep their values); without, rows are
    /// plainly inserted and an existing key is a constraint error.
    pub async fn begin_import(&self, update: Option<&[&str]>) -> Result<ImportTx> {
        let (tx, cache_before) = match &self.copy_pool {
            None => {
                let mut tx = self.pool.begin().await?;
                let before: i64 = sqlx::query_scalar("PRAGMA cache_size")
                    .fetch_one(&mut *tx)
                    .await?;
                set_cache_size(&mut tx, -IMPORT_CACHE_KIB).await?;
                (Tx::Any(tx), Some(before))
            }
            // Imports one at a time: the keys an import reads stay what it writes over. (On
            // SQLite the database's single write lock does the same.)
            Some(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(IMPORT_LOCK)
                    .execute(&mut *tx)
                    .await?;
                (Tx::Postgres(tx), None)
            }
        };
        Ok(ImportTx {
            tx,
            store: self.clone(),
            described: None,
            update: update.map(|cols| cols.iter().map(|c| c.to_string()).collect()),
            sql: HashMap::new(),
            staged: Vec::new(),
            cache_before,
        })
    }
}

impl ImportTx {
    /// `ON CONFLICT …` for an upsert of `columns` keyed by `key` (only the update columns the
    /// table has, never the key), or nothing for a plain insert.
    fn conflict_suffix(&self, columns: &[&str], key: &[&str]) -> String {
        match &self.update {
            Some(cols) => {
                // A new name brings its search bigrams (`search`) and sort key (`name_order`)
                // along.
                let named = |c: &str| cols.iter().any(|u| u == c);
                let derived = |c: &str| matches!(c, "name_grams" | "name_sort");
                let cols: Vec<&str> = columns
                    .iter()
                    .copied()
                    .filter(|c| named(c) || (derived(c) && named("name")))
                    .collect();
                upsert_suffix(key, &cols)
            }
            None => String::new(),
        }
    }

    fn sql(&mut self, table: &'static str, columns: &[&str], key: &[&str], rows: usize) -> String {
        if let Some(sql) = self.sql.get(&(table, rows)) {
            return sql.clone();
        }
        let sql = insert_sql(
            self.store.backend,
            table,
            columns,
            rows,
            &self.conflict_suffix(columns, key),
        );
        self.sql.insert((table, rows), sql.clone());
        sql
    }

    /// PostgreSQL: writes `rows` (COPY text) into `table`. A plain import copies straight into
    /// the table; an upsert copies into a staging table dropped at commit and merges it with
    /// `INSERT … SELECT … ON CONFLICT`, which COPY itself cannot do.
    async fn copy(
        &mut self,
        table: &'static str,
        columns: &[&str],
        key: &[&str],
        rows: CopyRows,
    ) -> Result<()> {
        let upsert = self.update.is_some();
        let suffix = self.conflict_suffix(columns, key);
        let stage = format!("import_{table}");
        let fresh = upsert && !self.staged.contains(&table);
        let Tx::Postgres(tx) = &mut self.tx else {
            return Err(StoreError::Corrupt("COPY on a SQLite import".into()));
        };
        let list = columns.join(", ");
        if fresh {
            sqlx::query(&format!(
                "CREATE TEMPORARY TABLE {stage} (LIKE {table}) ON COMMIT DROP"
            ))
            .execute(&mut **tx)
            .await?;
        }
        let target = if upsert { stage.as_str() } else { table };
        let mut copy = tx
            .copy_in_raw(&format!("COPY {target} ({list}) FROM STDIN"))
            .await?;
        copy.send(rows.into_bytes()).await?;
        copy.finish().await?;
        if upsert {
            sqlx::query(&format!(
                "INSERT INTO {table} ({list}) SELECT {list} FROM {stage} {suffix}"
            ))
            .execute(&mut **tx)
            .await?;
            sqlx::query(&format!("TRUNCATE {stage}"))
                .execute(&mut **tx)
                .await?;
        }
        if fresh {
            self.staged.push(table);
        }
        Ok(())
    }

    /// Adds a source row unless one with that id exists.
    pub async fn ensure_source(&mut self, s: &Source) -> Result<()> {
        on_tx!(self.tx, conn => {
            sqlx::query(
                "INSERT INTO sources (id, kind, title_zh, title_en, publisher, published, url)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
            )
            .bind(&s.id)
            .bind(s.kind.key())
            .bind(&s.title_zh)
            .bind(&s.title_en)
            .bind(&s.publisher)
            .bind(&s.published)
            .bind(&s.url)
            .execute(conn)
            .await?;
        });
        Ok(())
    }

    /// Writes enterprises (upsert keyed by USCC). Takes the rows by value: sqlx keeps owned
    /// strings as they are but copies borrowed ones (twice) before they reach SQLite.
    ///
    /// The rows are written in USCC order: real lists come in no key order, and sorted keys
    /// land next to each other in the primary-key index instead of on a random page each.
    pub async fn put_enterprises(&mut self, mut rows: Vec<Enterprise>) -> Result<()> {
        rows.sort_by(|a, b| a.uscc.as_str().cmp(b.uscc.as_str()));
        if matches!(self.tx, Tx::Postgres(_)) {
            let mut copy = CopyRows::new();
            rows.iter().for_each(|e| copy.enterprise(e));
            return self
                .copy("enterprises", &ENTERPRISE_COLUMNS, &["uscc"], copy)
                .await;
        }
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Enterprise> = rows.by_ref().take(BATCH).collect();
            let sql = self.sql("enterprises", &ENTERPRISE_COLUMNS, &["uscc"], chunk.len());
            let mut q = sqlx::query(&sql);
            for e in chunk {
                q = bind_enterprise(q, e);
            }
            self.execute_any(q).await?;
        }
        Ok(())
    }

    /// Runs a statement built for the `Any` pool (SQLite imports).
    async fn execute_any(&mut self, q: crate::exchange::Bound<'_>) -> Result<()> {
        let Tx::Any(tx) = &mut self.tx else {
            return Err(StoreError::Corrupt("INSERT batch on a COPY import".into()));
        };
        q.execute(&mut **tx).await?;
        Ok(())
    }

    /// Writes yearly figures (upsert keyed by USCC and year).
    pub async fn put_years(&mut self, rows: &[EnterpriseYear]) -> Result<()> {
        let key = ["uscc", "year"];
        self.put_rows(
            "enterprise_years",
            &YEAR_COLUMNS,
            &key,
            rows,
            CopyRows::year,
            bind_year,
        )
        .await
    }

    /// Writes memberships (upsert keyed by USCC, chain and node).
    pub async fn put_memberships(&mut self, rows: &[Membership]) -> Result<()> {
        let key = ["uscc", "chain_id", "node_id"];
        self.put_rows(
            "memberships",
            &MEMBERSHIP_COLUMNS,
            &key,
            rows,
            CopyRows::membership,
            bind_membership,
        )
        .await
    }

    /// Writes workforce rows (upsert keyed by USCC, year, job and skill level).
    pub async fn put_workforce(&mut self, rows: &[Staffing]) -> Result<()> {
        let key = ["uscc", "year", "job", "skill"];
        self.put_rows(
            "workforce",
            &WORKFORCE_COLUMNS,
            &key,
            rows,
            CopyRows::staffing,
            bind_staffing,
        )
        .await
    }

    /// Writes programmes (upsert keyed by institution, programme name and year).
    pub async fn put_programmes(&mut self, rows: &[Programme]) -> Result<()> {
        let key = ["institution", "name", "year"];
        self.put_rows(
            "programmes",
            &PROGRAMME_COLUMNS,
            &key,
            rows,
            CopyRows::programme,
            bind_programme,
        )
        .await
    }

    /// Writes certification counts (upsert keyed by division, year, occupation and level).
    pub async fn put_certifications(&mut self, rows: &[Certification]) -> Result<()> {
        self.put_rows(
            "certifications",
            &CERTIFICATION_COLUMNS,
            &["region", "year", "occupation", "level"],
            rows,
            CopyRows::certification,
            bind_certification,
        )
        .await
    }

    /// Writes innovation platforms (upsert keyed by name).
    pub async fn put_platforms(&mut self, rows: &[Platform]) -> Result<()> {
        self.put_rows(
            "platforms",
            &PLATFORM_COLUMNS,
            &["name"],
            rows,
            CopyRows::platform,
            bind_platform,
        )
        .await
    }

    /// Writes technology needs (upsert keyed by number).
    pub async fn put_tech_needs(&mut self, rows: &[TechNeed]) -> Result<()> {
        self.put_rows(
            "tech_needs",
            &NEED_COLUMNS,
            &["id"],
            rows,
            CopyRows::need,
            bind_need,
        )
        .await
    }

    /// Writes achievements (upsert keyed by number).
    pub async fn put_achievements(&mut self, rows: &[Achievement]) -> Result<()> {
        self.put_rows(
            "achievements",
            &ACHIEVEMENT_COLUMNS,
            &["id"],
            rows,
            CopyRows::achievement,
            bind_achievement,
        )
        .await
    }

    /// Writes `rows` into `table` (upsert on `key` when the import updates): COPY on PostgreSQL,
    /// multi-row INSERTs of [`BATCH`] rows on SQLite. `copy_row` and `bind` give a row's values
    /// in `columns` order.
    async fn put_rows<T>(
        &mut self,
        table: &'static str,
        columns: &[&str],
        key: &[&str],
        rows: &[T],
        copy_row: fn(&mut CopyRows, &T),
        bind: for<'q> fn(crate::exchange::Bound<'q>, &'q T) -> crate::exchange::Bound<'q>,
    ) -> Result<()> {
        if matches!(self.tx, Tx::Postgres(_)) {
            let mut copy = CopyRows::new();
            rows.iter().for_each(|r| copy_row(&mut copy, r));
            return self.copy(table, columns, key, copy).await;
        }
        for chunk in rows.chunks(BATCH) {
            let sql = self.sql(table, columns, key, chunk.len());
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = bind(q, r);
            }
            self.execute_any(q).await?;
        }
        Ok(())
    }

    /// Every stored supply link's key and id, read inside the import's transaction, so an upsert
    /// decides "new or replaced" on what it writes over.
    pub async fn link_keys(&mut self) -> Result<HashMap<LinkKey, i64>> {
        let mut keys = HashMap::new();
        on_tx!(self.tx, conn => {
            for r in sqlx::query("SELECT * FROM supply_links").fetch_all(conn).await? {
                let (id, link) = link_from_row(&r)?;
                keys.insert(link_key(&link), id);
            }
        });
        Ok(keys)
    }

    /// Writes new supply links under ids taken from the database's counter in this transaction.
    pub async fn put_new_links(&mut self, rows: &[SupplyLink]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let n = i64::try_from(rows.len()).map_err(crate::corrupt)?;
        let next: i64 = on_tx!(self.tx, conn => sqlx::query_scalar(crate::write::TAKE_IDS)
            .bind(n)
            .bind(crate::write::LINK_IDS)
            .fetch_one(conn)
            .await?);
        let rows: Vec<(i64, SupplyLink)> = (next - n..).zip(rows.iter().cloned()).collect();
        self.write_links(&rows).await
    }

    /// Writes supply links under the given ids; an id that exists is replaced (upsert). The id
    /// counter is moved past the largest, so a later new link never takes one of them.
    pub async fn put_links(&mut self, rows: &[(i64, SupplyLink)]) -> Result<()> {
        if let Some(max) = rows.iter().map(|(id, _)| *id).max() {
            on_tx!(self.tx, conn => {
                sqlx::query(crate::write::SKIP_IDS_TO)
                    .bind(max + 1)
                    .bind(crate::write::LINK_IDS)
                    .execute(conn)
                    .await?;
            });
        }
        self.write_links(rows).await
    }

    async fn write_links(&mut self, rows: &[(i64, SupplyLink)]) -> Result<()> {
        if matches!(self.tx, Tx::Postgres(_)) {
            let mut copy = CopyRows::new();
            rows.iter().for_each(|(id, l)| copy.link(*id, l));
            return self
                .copy("supply_links", &LINK_COLUMNS, &["id"], copy)
                .await;
        }
        for chunk in rows.chunks(BATCH) {
            let sql = self.sql("supply_links", &LINK_COLUMNS, &["id"], chunk.len());
            let mut q = sqlx::query(&sql);
            for (id, l) in chunk {
                q = bind_link(q, *id, l);
            }
            self.execute_any(q).await?;
        }
        Ok(())
    }

    /// Says what this import is, for its row in the audit trail: `entity` (the kind of data),
    /// `entity_id` (the file) and `change` (row counts, the file's digest).
    pub fn describe(&mut self, entity: &str, entity_id: &str, change: serde_json::Value) {
        self.described = Some((entity.to_string(), entity_id.to_string(), change));
    }

    /// Records the import in the audit trail, bumps the revision and commits: everything
    /// written becomes visible at once.
    pub async fn commit(mut self) -> Result<()> {
        let (entity, id, change) = self
            .described
            .take()
            .unwrap_or_else(|| ("data".to_string(), String::new(), serde_json::json!({})));
        let actor = &self.store.actor;
        on_tx!(self.tx, conn => {
            sqlx::query(crate::accounts::AUDIT_INSERT)
                .bind((actor.now)())
                .bind(&actor.user)
                .bind(&actor.origin)
                .bind("import")
                .bind(&entity)
                .bind(&id)
                .bind(change.to_string())
                .execute(conn)
                .await?;
        });
        on_tx!(self.tx, conn => {
            sqlx::query(crate::write::BUMP_REVISION).execute(conn).await?;
        });
        match self.tx {
            Tx::Any(mut tx) => {
                // Set before the commit, applied after it: dirty pages stay until written,
                // then the cache shrinks back.
                if let Some(size) = self.cache_before {
                    set_cache_size(&mut tx, size).await?;
                }
                tx.commit().await?;
            }
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    /// Discards everything written (dropping the import does the same, but leaves the
    /// connection's import-sized page cache until the pool closes it).
    pub async fn rollback(self) -> Result<()> {
        match self.tx {
            Tx::Any(mut tx) => {
                if let Some(size) = self.cache_before {
                    set_cache_size(&mut tx, size).await?;
                }
                tx.rollback().await?;
            }
            Tx::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }
}

/// `PRAGMA cache_size = pages` (negative: KiB). A pragma takes no bound parameters; the value
/// is a number we computed.
async fn set_cache_size(tx: &mut Transaction<'static, Any>, size: i64) -> Result<()> {
    sqlx::query(&format!("PRAGMA cache_size = {size}"))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An import enlarges its connection's page cache and gives it back, committed or not: a
    /// pooled connection must not keep 256 MiB. Sequential imports reuse the one idle
    /// connection, so a cache left enlarged would show as the next import's `cache_before`.
    #[tokio::test]
    async fn an_import_gives_its_page_cache_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.db"), true).await.unwrap();
        let mut default = None;
        for commit in [true, false, true, false] {
            let mut tx = store.begin_import(None).await.unwrap();
            let Tx::Any(conn) = &mut tx.tx else {
                panic!("a SQLite import runs on the Any pool");
            };
            let during: i64 = sqlx::query_scalar("PRAGMA cache_size")
                .fetch_one(&mut **conn)
                .await
                .unwrap();
            assert_eq!(during, -IMPORT_CACHE_KIB);
            let before = tx
                .cache_before
                .expect("a SQLite import notes its page cache");
            assert_ne!(before, -IMPORT_CACHE_KIB, "commit {commit}");
            assert_eq!(*default.get_or_insert(before), before);
            if commit {
                tx.commit().await.unwrap();
            } else {
                tx.rollback().await.unwrap();
            }
        }
    }
}
