#![allow(dead_code)]

pub mod hostile;

use liantu_store::Store;
use std::path::{Path, PathBuf};

/// A database with the built-in chains and the demo's sources, regions and parks, but no
/// enterprise data.
pub async fn base_store(dir: &Path) -> Store {
    let store = Store::open(&dir.join("t.db"), true).await.unwrap();
    let app = liantu_app::App::new(store.clone());
    app.install_builtin_chains().await.unwrap();
    // As `liantu init` does: workforce rows are checked against it.
    app.install_builtin_occupations(false).await.unwrap();
    let mut d = liantu_demo::dataset().unwrap();
    d.enterprises.clear();
    d.years.clear();
    d.memberships.clear();
    d.links.clear();
    d.facts.clear();
    store.load_dataset(&d).await.unwrap();
    store
}

/// A database with the whole demo.
pub async fn demo_store(dir: &Path, name: &str) -> Store {
    let store = Store::open(&dir.join(name), true).await.unwrap();
    let app = liantu_app::App::new(store.clone());
    app.install_builtin_chains().await.unwrap();
    app.load_demo().await.unwrap();
    store
}

/// A valid USCC (correct check character) numbered `i`, registered in 柳南区.
pub fn uscc(i: u64) -> String {
    let body = format!("91450204{:09}", i);
    let check = liantu_model::uscc::check_char(&body).unwrap();
    format!("{body}{check}")
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `../shared/data/<rel>` beside the repository, if present.
pub fn shared(rel: &str) -> Option<PathBuf> {
    liantu_testdata::shared(rel)
}

pub async fn count(store: &Store) -> usize {
    store.enterprise_usccs().await.unwrap().len()
}
