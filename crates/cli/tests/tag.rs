//! `liantu tag suggest | list | confirm | reject` on the demo database, driven as a user would.

mod common;

use common::demo_db;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn liantu(dir: &Path, db: &Path, args: &[&str]) -> Output {
    let db = db.to_str().expect("UTF-8 temp path");
    let mut all = vec!["--db", db];
    all.extend_from_slice(args);
    common::liantu(dir, &all)
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: Output) -> Value {
    serde_json::from_str(&ok(o)).expect("JSON output")
}

fn invalid(o: Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// 融安示例安源锯材有限公司 makes sawn fir (主营产品 mentions 杉木) and is a member of the
/// sawn-timber and wood-residues nodes, not of fir-plantation.
const SAWMILL: &str = "91450224827635071M";

fn node_count(dir: &Path, db: &Path, chain: &str, node: &str) -> (u64, Vec<String>) {
    let report = json(liantu(
        dir,
        db,
        &["diagnose", "--chain", chain, "--format", "json"],
    ));
    let n = report["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == node)
        .unwrap()
        .clone();
    let firms = n["enterprises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uscc"].as_str().unwrap().to_string())
        .collect();
    (n["enterprise_count"].as_u64().unwrap(), firms)
}

fn pending(dir: &Path, db: &Path) -> Vec<Value> {
    json(liantu(dir, db, &["tag", "list", "--format", "json"]))
        .as_array()
        .unwrap()
        .clone()
}

fn find<'a>(list: &'a [Value], uscc: &str, node: &str) -> Option<&'a Value> {
    list.iter().find(|s| s["uscc"] == uscc && s["node"] == node)
}

#[test]
fn suggest_confirm_and_diagnose_counts_the_new_member() {
    let (dir, db) = demo_db();
    let (dir, db) = (dir.path(), db.as_path());

    // A dry run writes nothing.
    let text = ok(liantu(
        dir,
        db,
        &["tag", "suggest", "--dry-run", "--limit", "0"],
    ));
    assert!(
        text.contains("试运行") && text.contains("主营产品含“杉木”"),
        "{text}"
    );
    assert!(pending(dir, db).is_empty());

    let summary = json(liantu(dir, db, &["tag", "suggest", "--format", "json"]));
    assert_eq!(summary["run_id"], 1);
    assert_eq!(summary["enterprises"], 172);
    assert!(summary["suggestions"].as_u64().unwrap() > 10, "{summary}");
    assert_eq!(summary["chains"].as_array().unwrap().len(), 4);

    let list = pending(dir, db);
    assert_eq!(list.len() as u64, summary["suggestions"].as_u64().unwrap());
    // No suggestion repeats a membership the demo already has.
    assert!(find(&list, SAWMILL, "sawn-timber").is_none());
    let fir = find(&list, SAWMILL, "fir-plantation").expect("the sawmill is suggested for fir");
    assert_eq!(fir["chain"], "forestry");
    assert_eq!(fir["confidence"], 0.3);
    assert_eq!(fir["evidence"][0]["kind"], "keyword_main_products");
    assert_eq!(fir["evidence_zh"], "主营产品含“杉木”");
    let id = fir["id"].as_i64().unwrap().to_string();

    let (before, firms) = node_count(dir, db, "forestry", "fir-plantation");
    assert!(!firms.contains(&SAWMILL.to_string()));
    let out = ok(liantu(dir, db, &["tag", "confirm", &id, "--by", "张三"]));
    assert!(out.contains("已确认 1 条建议，新增环节归属 1 条"), "{out}");
    let (after, firms) = node_count(dir, db, "forestry", "fir-plantation");
    assert_eq!(after, before + 1, "diagnose counts the confirmed member");
    assert!(firms.contains(&SAWMILL.to_string()));

    // The confirmation is recorded with who and when, and the membership cites a tagging source.
    let confirmed = json(liantu(
        dir,
        db,
        &["tag", "list", "--status", "confirmed", "--format", "json"],
    ));
    assert_eq!(confirmed[0]["decided_by"], "张三");
    assert!(confirmed[0]["decided"].as_str().unwrap().ends_with('Z'));
    let report = json(liantu(
        dir,
        db,
        &["diagnose", "--chain", "forestry", "--format", "json"],
    ));
    assert!(
        report["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"].as_str().unwrap().starts_with("tagging:张三:")),
        "{}",
        report["sources"]
    );

    // Reject another; a new run brings back neither the confirmed nor the rejected pair, and
    // keeps the ids of what it suggests again.
    let other = list
        .iter()
        .find(|s| s["id"].as_i64().unwrap().to_string() != id)
        .unwrap();
    let other_key = (
        other["uscc"].as_str().unwrap().to_string(),
        other["node"].as_str().unwrap().to_string(),
    );
    let out = ok(liantu(
        dir,
        db,
        &["tag", "reject", &other["id"].as_i64().unwrap().to_string()],
    ));
    assert!(out.contains("已拒绝 1 条建议"), "{out}");
    let summary = json(liantu(dir, db, &["tag", "suggest", "--format", "json"]));
    assert_eq!(summary["run_id"], 2);
    // The data did not change: the pending suggestions are found again as they were.
    let count = |key: &str| summary[key].as_u64().unwrap();
    let kept = list.len() as u64 - 2;
    assert_eq!(
        [
            count("added"),
            count("updated"),
            count("kept"),
            count("removed")
        ],
        [0, 0, kept, 0],
        "{summary}"
    );
    let again = pending(dir, db);
    assert_eq!(again.len(), list.len() - 2);
    assert!(find(&again, SAWMILL, "fir-plantation").is_none());
    assert!(find(&again, &other_key.0, &other_key.1).is_none());
    // Each keeps the id a reviewer saw.
    for s in &again {
        let before = find(
            &list,
            s["uscc"].as_str().unwrap(),
            s["node"].as_str().unwrap(),
        );
        assert_eq!(before.unwrap()["id"], s["id"], "{s}");
    }
    let all = json(liantu(
        dir,
        db,
        &["tag", "list", "--status", "all", "--format", "json"],
    ));
    assert_eq!(all.as_array().unwrap().len(), again.len() + 2);

    // Confirm by threshold.
    let strong = again
        .iter()
        .filter(|s| s["confidence"].as_f64().unwrap() >= 0.5)
        .count();
    assert!(strong > 0);
    let out = ok(liantu(
        dir,
        db,
        &["tag", "confirm", "--all-above", "0.5", "--by", "李四"],
    ));
    assert!(out.contains(&format!("已确认 {strong} 条建议")), "{out}");
    assert_eq!(pending(dir, db).len(), again.len() - strong);
}

#[test]
fn unknown_ids_bad_arguments_and_conflicts_exit_2_and_change_nothing() {
    let (dir, db) = demo_db();
    let (dir, db) = (dir.path(), db.as_path());
    ok(liantu(dir, db, &["tag", "suggest"]));
    let list = pending(dir, db);
    let first = list[0]["id"].as_i64().unwrap().to_string();

    let err = invalid(liantu(dir, db, &["tag", "confirm", &first, "999999"]));
    assert!(
        err.contains("没有这些编号的标注建议：999999")
            && err.contains("no tag suggestion with id 999999"),
        "{err}"
    );
    assert_eq!(
        pending(dir, db).len(),
        list.len(),
        "the known id was not confirmed either"
    );
    let err = invalid(liantu(dir, db, &["tag", "reject", "999999"]));
    assert!(err.contains("999999"), "{err}");
    invalid(liantu(dir, db, &["tag", "confirm", "abc"]));
    let err = invalid(liantu(dir, db, &["tag", "confirm"]));
    assert!(err.contains("--all-above"), "{err}");
    let err = invalid(liantu(
        dir,
        db,
        &["tag", "suggest", "--min-confidence", "1.5"],
    ));
    assert!(err.contains("0 到 1"), "{err}");
    let err = invalid(liantu(dir, db, &["tag", "suggest", "--chain", "nope"]));
    assert!(err.contains("未知的产业链 'nope'"), "{err}");
    let err = invalid(liantu(dir, db, &["tag", "list", "--chain", "nope"]));
    assert!(err.contains("unknown chain 'nope'"), "{err}");
    let err = invalid(liantu(dir, db, &["tag", "list", "--status", "maybe"]));
    assert!(err.contains("unknown status 'maybe'"), "{err}");

    // A confirmed suggestion cannot be rejected.
    ok(liantu(dir, db, &["tag", "confirm", &first]));
    let err = invalid(liantu(dir, db, &["tag", "reject", &first]));
    assert!(
        err.contains("已确认") && err.contains("cannot be rejected"),
        "{err}"
    );
    let confirmed = json(liantu(
        dir,
        db,
        &["tag", "list", "--status", "confirmed", "--format", "json"],
    ));
    assert_eq!(confirmed.as_array().unwrap().len(), 1);
}

#[test]
fn business_scope_from_an_import_is_evidence_and_negations_are_not() {
    let (dir, db) = demo_db();
    let (dir, db) = (dir.path(), db.as_path());
    // 柳州示例华丰电子商务有限公司 (螺蛳粉电商) gets a business scope by upsert.
    let file = dir.join("scope.csv");
    std::fs::write(
        &file,
        "统一社会信用代码,企业名称,行政区划代码,所有制,经营范围\n\
         9145020248330477X8,柳州示例华丰电子商务有限公司,450202,民营,\"冷库租赁；冷藏运输；预包装食品销售（不含食品检测）\"\n",
    )
    .unwrap();
    ok(liantu(
        dir,
        db,
        &[
            "import",
            "enterprises",
            file.to_str().unwrap(),
            "--mode",
            "upsert",
        ],
    ));
    ok(liantu(dir, db, &["tag", "suggest", "--chain", "luosifen"]));
    let list = pending(dir, db);
    let cold = find(&list, "9145020248330477X8", "cold-chain").expect("cold chain from the scope");
    assert_eq!(cold["confidence"], 0.3);
    let kinds: Vec<&str> = cold["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["keyword_business_scope", "keyword_business_scope"]);
    assert_eq!(
        cold["evidence_zh"],
        "经营范围含“冷库”；经营范围含“冷藏运输”"
    );
    assert!(
        find(&list, "9145020248330477X8", "testing-inspection").is_none(),
        "negated"
    );
    // “螺蛳粉” in 螺蛳粉电商 is the chain's name, not the snail-farming keyword “螺蛳”.
    assert!(find(&list, "9145020248330477X8", "snail-farming").is_none());
    // Only luosifen was tagged.
    assert!(list.iter().all(|s| s["chain"] == "luosifen"));

    // Table and CSV read well.
    let table = ok(liantu(dir, db, &["tag", "list"]));
    assert!(
        table.contains("依据 evidence") && table.contains("经营范围含“冷库”"),
        "{table}"
    );
    let csv = ok(liantu(dir, db, &["tag", "list", "--format", "csv"]));
    assert!(
        csv.starts_with("id,uscc,enterprise,chain,node,node_name,confidence,status,evidence_zh")
    );
    assert!(csv.contains("冷链物流"), "{csv}");
}
