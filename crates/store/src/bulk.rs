//! Many rows read in bulk from SQLite: a scan in rowid order, a chunk of [`CHUNK`] rows at a
//! time, or the rows of a long list of keys, a chunk of the list at a time; each chunk comes
//! over as one JSON text. Row by row, sqlx hands every row over from SQLite's worker thread on
//! its own (≈15 µs a row through `Any`, and an `AnyRow` is large); as JSON a row costs ≈1 µs
//! and memory is bounded by the chunk. For reads of a whole table or a large share of it (a
//! chain's data, the tagger's input); PostgreSQL reads row by row.

use crate::{Result, Store, corrupt};
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;

/// Rows a chunk: a JSON value of a few tens of MB (three in the tests, so they cross chunks).
#[cfg(not(test))]
const CHUNK: i64 = 100_000;
#[cfg(test)]
const CHUNK: i64 = 3;

/// A value bound to a filter's placeholder.
pub(crate) enum Bind<'a> {
    Text(&'a str),
    Int(i64),
    MaybeInt(Option<i64>),
}

/// `'[' || group_concat(row, ',') || ']'` over a subquery's `row`s: its rows as one JSON text
/// (`json_group_array` would parse every row again, its JSON type being lost in the subquery).
pub(crate) const JSON_ROWS: &str = "COALESCE('[' || group_concat(row, ',') || ']', '[]')";

fn bind_all<'q, O>(
    mut q: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind<'q>],
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Text(t) => q.bind(*t),
            Bind::Int(i) => q.bind(*i),
            Bind::MaybeInt(i) => q.bind(*i),
        };
    }
    q
}

/// Parses a chunk's JSON text on a blocking thread (while the caller reads the next).
async fn parse<T: DeserializeOwned + Send + 'static>(json: String) -> Result<Vec<T>> {
    tokio::task::spawn_blocking(move || serde_json::from_str::<Vec<T>>(&json))
        .await
        .map_err(corrupt)?
        .map_err(corrupt)
}

impl Store {
    /// Every row of `from` passing `filter` (text or numbers bound as `$2`, `$3`, …): the
    /// `columns`, read in the rowid order of the driving table, which `from` names `t`, a chunk
    /// at a time. A join must give at most one row per row of `t`, or a chunk's end could split
    /// them.
    pub(crate) async fn sqlite_scan<T: DeserializeOwned + Send + 'static>(
        &self,
        from: &str,
        columns: &str,
        filter: &str,
        binds: &[Bind<'_>],
    ) -> Result<Vec<T>> {
        let mut scan = self.sqlite_chunks(from, columns, filter, binds);
        let mut rows: Vec<T> = Vec::new();
        while let Some(chunk) = scan.next().await? {
            rows.extend(chunk);
        }
        Ok(rows)
    }

    /// [`Store::sqlite_scan`] a chunk at a time ([`Chunks::next`]), so a caller can work on
    /// one chunk while the next is read, holding a chunk at a time.
    pub(crate) fn sqlite_chunks<'a, T: DeserializeOwned + Send + 'static>(
        &'a self,
        from: &str,
        columns: &str,
        filter: &str,
        binds: &'a [Bind<'a>],
    ) -> Chunks<'a, T> {
        Chunks {
            store: self,
            sql: format!(
                "SELECT {JSON_ROWS}, MAX(rid), COUNT(*)
                 FROM (SELECT json_array({columns}) AS row, t.rowid AS rid FROM {from}
                       WHERE t.rowid > $1 AND {filter} ORDER BY t.rowid LIMIT {CHUNK})"
            ),
            binds,
            next: Next::After(i64::MIN),
            _rows: std::marker::PhantomData,
        }
    }

    /// The rows of `sql` for the keys `list`, read `chunk` keys at a time: `sql` takes the
    /// chunk as a JSON list in `$1` (and `binds` as `$2`, …) and selects its rows as one JSON
    /// text ([`JSON_ROWS`]). A chunk is parsed while the next is read.
    pub(crate) async fn sqlite_by_list<T: DeserializeOwned + Send + 'static>(
        &self,
        sql: &str,
        list: &[&str],
        chunk: usize,
        binds: &[Bind<'_>],
    ) -> Result<Vec<T>> {
        let read = async |keys: Option<&[&str]>| -> Result<Option<String>> {
            let Some(keys) = keys else { return Ok(None) };
            let keys = serde_json::to_string(keys).map_err(corrupt)?;
            let q = sqlx::query_as::<_, (String,)>(sql).bind(keys);
            Ok(Some(bind_all(q, binds).fetch_one(&self.pool).await?.0))
        };
        let mut chunks = list.chunks(chunk.max(1));
        let mut rows = Vec::new();
        let mut pending = read(chunks.next()).await?;
        while let Some(json) = pending {
            let (parsed, next) = tokio::join!(parse::<T>(json), read(chunks.next()));
            rows.extend(parsed?);
            pending = next?;
        }
        Ok(rows)
    }
}

/// Where a scan stands: the chunk after a rowid is still to read, or it has been read ahead.
enum Next {
    After(i64),
    Read(RawChunk),
    Done,
}

/// A chunk as SQLite sent it: the rows as one JSON text, and the rowid to read on after when
/// the chunk was full (a short chunk is the last).
struct RawChunk {
    json: String,
    more_after: Option<i64>,
}

/// A scan in rowid order, a chunk at a time ([`Store::sqlite_chunks`]). While a chunk's JSON is
/// parsed (on a blocking thread), the next chunk is read: SQLite's work and ours overlap.
pub(crate) struct Chunks<'a, T> {
    store: &'a Store,
    sql: String,
    binds: &'a [Bind<'a>],
    next: Next,
    _rows: std::marker::PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned + Send + 'static> Chunks<'_, T> {
    /// The next chunk of rows; `None` at the end.
    pub(crate) async fn next(&mut self) -> Result<Option<Vec<T>>> {
        let raw = match std::mem::replace(&mut self.next, Next::Done) {
            Next::Done => return Ok(None),
            Next::Read(raw) => raw,
            Next::After(after) => self.read(after).await?,
        };
        let (rows, ahead) = match raw.more_after {
            Some(after) => {
                let (rows, ahead) = tokio::join!(parse(raw.json), self.read(after));
                (rows?, Next::Read(ahead?))
            }
            None => (parse(raw.json).await?, Next::Done),
        };
        self.next = ahead;
        Ok((!rows.is_empty()).then_some(rows))
    }

    async fn read(&self, after: i64) -> Result<RawChunk> {
        let q = sqlx::query_as::<_, (String, Option<i64>, i64)>(&self.sql).bind(after);
        let (json, last, rows) = bind_all(q, self.binds).fetch_one(&self.store.pool).await?;
        Ok(RawChunk {
            json,
            more_after: last.filter(|_| rows == CHUNK),
        })
    }
}

/// A read a chunk at a time on either backend ([`Chunked::next`]): on SQLite the scans in turn,
/// each row as `from_scan` makes it; on PostgreSQL the query `sql` at once (its rows come one by
/// one anyway), each row as `from_row` makes it.
pub struct Chunked<'a, R, T> {
    store: &'a Store,
    /// SQLite's scans, in turn (empty on PostgreSQL).
    scans: Vec<Chunks<'a, R>>,
    from_scan: fn(R) -> T,
    sql: &'static str,
    from_row: fn(&AnyRow) -> Result<T>,
    /// PostgreSQL's query has been read.
    done: bool,
}

impl<'a, R: DeserializeOwned + Send + 'static, T> Chunked<'a, R, T> {
    /// Reads `scans` on SQLite (each `(table, filter)` as `t`, [`Store::sqlite_chunks`] of
    /// `columns`), `sql` on PostgreSQL.
    pub(crate) fn new(
        store: &'a Store,
        scans: &[(&str, &str)],
        columns: &str,
        from_scan: fn(R) -> T,
        sql: &'static str,
        from_row: fn(&AnyRow) -> Result<T>,
    ) -> Self {
        let sqlite = store.backend == crate::Backend::Sqlite;
        Chunked {
            store,
            scans: scans
                .iter()
                .filter(|_| sqlite)
                .map(|(from, filter)| store.sqlite_chunks(from, columns, filter, &[]))
                .collect(),
            from_scan,
            sql,
            from_row,
            done: false,
        }
    }

    /// The next chunk; `None` at the end.
    pub async fn next(&mut self) -> Result<Option<Vec<T>>> {
        if self.store.backend == crate::Backend::Sqlite {
            while let Some(scan) = self.scans.first_mut() {
                if let Some(rows) = scan.next().await? {
                    return Ok(Some(rows.into_iter().map(self.from_scan).collect()));
                }
                self.scans.remove(0);
            }
            return Ok(None);
        }
        if std::mem::replace(&mut self.done, true) {
            return Ok(None);
        }
        let rows = sqlx::query(self.sql).fetch_all(&self.store.pool).await?;
        rows.iter()
            .map(self.from_row)
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }
}
