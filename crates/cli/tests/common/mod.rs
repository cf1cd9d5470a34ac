//! What every CLI test file needs: run the `liantu` binary as a user would (no environment
//! leaking in from the machine running the tests) and read what it printed.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};

/// `shared(rel)`: the public reference data, or a skip (a failure under LIANTU_REQUIRE_SHARED);
/// the test-support source is included rather than depended on, so the CLI depends on app, model
/// and web alone.
#[path = "../../../testdata/src/lib.rs"]
pub mod testdata;
use std::process::{Command, Output};

/// Runs `liantu ARGS` in `dir`.
pub fn liantu(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liantu"))
        .current_dir(dir)
        .env_remove("LIANTU_DB")
        .env_remove("LIANTU_REGION")
        .env_remove("LIANTU_USER")
        .args(args)
        .output()
        .expect("run liantu")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output and standard error together, for messages that may go to either.
pub fn text(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// A temporary directory with `x.db` holding the Liuzhou demo.
pub fn demo_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let out = liantu(
        dir.path(),
        &["init", "--demo", "--db", db.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    (dir, db)
}

/// A temporary directory whose `liantu.db` holds the Liuzhou demo.
pub fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = liantu(dir.path(), &["init", "--demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

/// `liantu ARGS` in `dir`, which must succeed, its output read as JSON.
pub fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let o = liantu(dir, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}
