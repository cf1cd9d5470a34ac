//! Whole tables read in bulk from SQLite: a scan in rowid order, a chunk of [`CHUNK`] rows at a
//! time, each chunk coming over as one JSON value. Row by row, sqlx hands every row over from
//! SQLite's worker thread on its own (≈15 µs a row through `Any`, and an `AnyRow` is large);
//! as JSON a row costs ≈1 µs and memory is bounded by the chunk. For reads of a whole table or a
//! large share of it (a chain's data, the tagger's input); PostgreSQL reads row by row.

use crate::{Result, Store, corrupt};
use serde::de::DeserializeOwned;

/// Rows a chunk: a JSON value of a few tens of MB (three in the tests, so they cross chunks).
#[cfg(not(test))]
const CHUNK: i64 = 100_000;
#[cfg(test)]
const CHUNK: i64 = 3;

/// A value bound to a filter's placeholder.
pub(crate) enum Bind<'a> {
    Text(&'a str),
    Int(i64),
}

impl Store {
    /// Every row of `from` passing `filter` (text or numbers bound as `$2`, `$3`, …): the
    /// `columns` and then the rowid of the driving table, which `from` names `t` (`rowid` reads
    /// it back), read in that rowid order a chunk at a time. A join must give at most one row
    /// per row of `t`, or a chunk's end could split them.
    pub(crate) async fn sqlite_scan<T: DeserializeOwned>(
        &self,
        from: &str,
        columns: &str,
        filter: &str,
        binds: &[Bind<'_>],
        rowid: fn(&T) -> i64,
    ) -> Result<Vec<T>> {
        let mut scan = self.sqlite_chunks(from, columns, filter, binds, rowid);
        let mut rows: Vec<T> = Vec::new();
        while let Some(chunk) = scan.next().await? {
            rows.extend(chunk);
        }
        Ok(rows)
    }

    /// [`Store::sqlite_scan`] a chunk at a time ([`Chunks::next`]), so a caller can work on
    /// one chunk while the next is read, holding a chunk at a time.
    pub(crate) fn sqlite_chunks<'a, T: DeserializeOwned>(
        &'a self,
        from: &str,
        columns: &str,
        filter: &str,
        binds: &'a [Bind<'a>],
        rowid: fn(&T) -> i64,
    ) -> Chunks<'a, T> {
        Chunks {
            store: self,
            sql: format!(
                "SELECT json_group_array(json(row)) FROM
                   (SELECT json_array({columns}, t.rowid) AS row FROM {from}
                    WHERE t.rowid > $1 AND {filter} ORDER BY t.rowid LIMIT {CHUNK})"
            ),
            binds,
            rowid,
            after: Some(i64::MIN),
        }
    }
}

/// A scan in rowid order, a chunk at a time ([`Store::sqlite_chunks`]).
pub(crate) struct Chunks<'a, T> {
    store: &'a Store,
    sql: String,
    binds: &'a [Bind<'a>],
    rowid: fn(&T) -> i64,
    /// The last rowid read; `None` once the scan is over.
    after: Option<i64>,
}

impl<T: DeserializeOwned> Chunks<'_, T> {
    /// The next chunk of rows; `None` at the end.
    pub(crate) async fn next(&mut self) -> Result<Option<Vec<T>>> {
        let Some(after) = self.after else {
            return Ok(None);
        };
        let mut q = sqlx::query_scalar::<_, String>(&self.sql).bind(after);
        for b in self.binds {
            q = match b {
                Bind::Text(t) => q.bind(*t),
                Bind::Int(i) => q.bind(*i),
            };
        }
        let json = q.fetch_one(&self.store.pool).await?;
        let chunk: Vec<T> = serde_json::from_str(&json).map_err(corrupt)?;
        // A short chunk is the last.
        self.after = chunk
            .iter()
            .map(self.rowid)
            .max()
            .filter(|_| chunk.len() as i64 == CHUNK);
        Ok((!chunk.is_empty()).then_some(chunk))
    }
}
