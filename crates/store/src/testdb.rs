//! Fresh stores on both backends for this crate's tests: a SQLite file in a temporary
//! directory, and a new database on the PostgreSQL test server (see [`crate::testing`]).

use crate::Store;

/// A store for one test; the directory holds the SQLite file.
pub(crate) struct TestStore {
    pub store: Store,
    pub _dir: tempfile::TempDir,
}

/// A fresh store on each available backend: SQLite first, then PostgreSQL.
pub(crate) async fn stores() -> Vec<TestStore> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open(&dir.path().join("t.db"), true).await.unwrap();
    let mut out = vec![TestStore {
        store: sqlite,
        _dir: dir,
    }];
    if let Some(url) = crate::testing::new_database().await {
        out.push(TestStore {
            store: Store::open_url(&url).await.unwrap(),
            _dir: tempfile::tempdir().unwrap(),
        });
    }
    out
}

/// SQLite's plan of `query` (an `EXPLAIN QUERY PLAN …` with its values bound), one step a line:
/// for the tests that a page's query is served by the index meant for it.
pub(crate) async fn sqlite_plan(store: &Store, query: crate::exchange::Bound<'_>) -> Vec<String> {
    use sqlx::Row;
    assert_eq!(store.backend(), crate::Backend::Sqlite);
    query
        .fetch_all(&store.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String, _>("detail").unwrap())
        .collect()
}
