//! Keeping liantu: `liantu status` and `liantu backup` as an IT department runs them.

mod common;

use common::{demo, json, liantu, stderr as err};

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
