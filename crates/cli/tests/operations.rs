//! Keeping liantu: `liantu status` and `liantu backup` as an IT department runs them.

mod common;

use common::{liantu, stderr as err, stdout as out};

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = liantu(dir.path(), &["init", "--demo"]);
    assert!(o.status.success(), "{}", err(&o));
    dir
}

fn json(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let o = liantu(dir, args);
    assert!(o.status.success(), "{args:?}: {}", err(&o));
    serde_json::from_str(&out(&o)).unwrap()
}

#[test]
fn status_names_the_schema_counts_and_the_latest_backup() {
    let dir = demo();
    let d = dir.path();
    let before = json(d, &["status", "--format", "json"]);
    assert_eq!(before["schema"], before["expected_schema"]);
    assert!(before["counts"]["projects"].as_i64().unwrap() >= 30);
    assert!(before["last_backup"].is_null());
    let out = d.join("nightly.db");
    let o = liantu(d, &["backup", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let after = json(d, &["status", "--format", "json"]);
    assert!(
        after["last_backup"][1]
            .as_str()
            .unwrap()
            .contains("nightly.db"),
        "{after}"
    );
}
