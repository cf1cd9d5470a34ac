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
