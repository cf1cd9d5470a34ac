//! `liantu kg import | search | show | status` and `liantu chain from-kg` driven as a user would:
//! a small hand-written graph in the shared format, and the real one in
//! `../shared/data/industry-chain-kg` when present (never copied into the repository).

mod common;

use common::{liantu, text};
use std::path::{Path, PathBuf};
use std::process::Output;

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
}

/// 天然橡胶/丁苯橡胶 → 轮胎 → 汽车 → 汽车租赁, 合成橡胶 → 丁苯橡胶, a reversed relation
/// 轮胎 → 天然橡胶 (a cycle), a sub-type 工程轮胎 with its own supplier 炭黑.
fn write_graph(dir: &Path) {
    let files = [
        (
            "product.json",
            "{\"name\": \"轮胎\"}\n{\"name\": \"天然橡胶\"}\n{\"name\": \"丁苯橡胶\"}\n{\"name\": \"汽车\"}\n{\"name\": \"工程轮胎\"}\n{\"name\": \"炭黑\"}\n{\"name\": \"合成橡胶\"}\n",
        ),
        (
            "product_product.json",
            concat!(
                "{\"from_entity\": \"轮胎\", \"rel\": \"上游材料\", \"to_entity\": \"天然橡胶\"}\n",
                "{\"from_entity\": \"丁苯橡胶\", \"rel\": \"下游产品\", \"to_entity\": \"轮胎\"}\n",
                "{\"from_entity\": \"汽车\", \"rel\": \"上游材料\", \"to_entity\": \"轮胎\"}\n",
                "{\"from_entity\": \"天然橡胶\", \"rel\": \"上游材料\", \"to_entity\": \"轮胎\"}\n",
                "{\"from_entity\": \"丁苯橡胶\", \"rel\": \"上游材料\", \"to_entity\": \"合成橡胶\"}\n",
                "{\"from_entity\": \"汽车\", \"rel\": \"下游产品\", \"to_entity\": \"汽车租赁\"}\n",
                "{\"from_entity\": \"轮胎\", \"rel\": \"产品小类\", \"to_entity\": \"工程轮胎\"}\n",
                "{\"from_entity\": \"工程轮胎\", \"rel\": \"上游材料\", \"to_entity\": \"炭黑\"}\n",
            ),
        ),
        (
            "company.json",
            "{\"name\": \"玲珑轮胎\", \"fullname\": \"山东玲珑轮胎股份有限公司\", \"code\": \"601966.SH\", \"location\": \"上海证券交易所\", \"time\": \"2016-07-06\"}\n{\"name\": \"海南橡胶\", \"fullname\": \"海南天然橡胶产业集团股份有限公司\", \"code\": \"601118.SH\", \"location\": \"上海证券交易所\", \"time\": \"2011-01-07\"}\n",
        ),
        (
            "industry.json",
            "{\"code\": \"280204\", \"name\": \"轮胎轮毂\"}\n{\"code\": \"110000\", \"name\": \"农林牧渔\"}\n",
        ),
        (
            "company_industry.json",
            "{\"company_code\": \"601966.SH\", \"industry_code\": \"280204\", \"industry_name\": \"轮胎轮毂\", \"company_name\": \"玲珑轮胎\", \"rel\": \"所属行业\"}\n",
        ),
        (
            "company_product.json",
            concat!(
                "{\"company_code\": \"601966.SH\", \"company_name\": \"玲珑轮胎\", \"product_name\": \"轮胎\", \"rel\": \"主营产品\", \"rel_weight\": 1.4}\n",
                "{\"company_code\": \"601118.SH\", \"company_name\": \"海南橡胶\", \"product_name\": \"天然\\n橡胶\", \"rel\": \"主营产品\", \"rel_weight\": -3.0}\n",
            ),
        ),
    ];
    for (name, body) in files {
        std::fs::write(dir.join(name), body).unwrap();
    }
}

/// A fresh database; with `demo`, the Liuzhou demo too (regions, so drafts can be diagnosed).
fn init(dir: &Path, demo: bool) -> String {
    let db = dir.join("kg.db").display().to_string();
    let mut args = vec!["init", "--db", &db];
    if demo {
        args.push("--demo");
    }
    let out = liantu(dir, &args);
    assert!(out.status.success(), "{}", text(&out));
    db
}

#[test]
fn import_search_show_and_a_draft_that_chain_check_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = init(dir, true);

    // Before any import: exit 2 and what to do.
    let out = liantu(dir, &["kg", "search", "轮胎", "--db", &db]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("liantu kg import"), "{}", text(&out));

    let graph = dir.join("graph");
    std::fs::create_dir(&graph).unwrap();
    write_graph(&graph);
    let out = liantu(dir, &["kg", "import", graph.to_str().unwrap(), "--db", &db]);
    assert!(out.status.success(), "{}", text(&out));
    let report = text(&out);
    // 7 listed products + 汽车租赁; 7 supply relations (one of them reversed noise) and one
    // sub-type; one weight clamped high, one low; one name with a line break.
    for expected in [
        "products: 8",
        "supplies 7",
        "sub-types 1",
        "clamped to 0: 1",
        "clamped to 1: 1",
        "names cleaned 1",
        "as of: 2016-07-06",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }

    let out = liantu(
        dir,
        &["kg", "search", "轮胎", "--db", &db, "--format", "json"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let found = json(&out);
    assert_eq!(found["total"], 2);
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits[0]["name"], "轮胎");
    assert_eq!(hits[0]["match"], "exact");
    // Suppliers 天然橡胶, 丁苯橡胶; buyers 汽车 and (reversed relation) 天然橡胶.
    assert_eq!(
        (hits[0]["suppliers"].as_u64(), hits[0]["buyers"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(hits[0]["companies"], 1);
    assert_eq!(hits[1]["name"], "工程轮胎");

    let out = liantu(dir, &["kg", "search", "轮胎", "--db", &db]);
    assert!(out.status.success());
    assert!(text(&out).contains("完全一致"), "{}", text(&out));

    let out = liantu(
        dir,
        &["kg", "show", "天然橡胶", "--db", &db, "--format", "json"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let shown = json(&out);
    assert_eq!(shown["buyers_list"], serde_json::json!(["轮胎"]));
    assert_eq!(shown["companies_list"][0]["name"], "海南橡胶");
    assert_eq!(shown["companies_list"][0]["share"], 0.0);

    let out = liantu(dir, &["kg", "show", "子午线轮胎", "--db", &db]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("是否要找：轮胎"), "{}", text(&out));

    let out = liantu(dir, &["kg", "status", "--db", &db]);
    assert!(out.status.success());
    assert!(text(&out).contains("products: 8"), "{}", text(&out));

    // A draft, checked and installed like any chain file.
    let toml = dir.join("tyre.toml");
    let args = |extra: &[&'static str]| {
        let mut v: Vec<String> = [
            "chain", "from-kg", "--root", "轮胎", "--depth", "2", "--db", &db, "--out",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.push(toml.display().to_string());
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let run = |extra: &[&'static str]| {
        let a = args(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        liantu(dir, &a)
    };
    let out = run(&["--id", "tyre-draft"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("6 个环节 nodes"), "{}", text(&out));
    let body = std::fs::read_to_string(&toml).unwrap();
    assert!(body.starts_with("# 机器起草"));
    assert!(body.contains("name_zh = \"合成橡胶\"") && body.contains("name_zh = \"汽车租赁\""));
    assert!(!body.contains("name_zh = \"炭黑\""));
    // An existing file is not overwritten without --force.
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = run(&["--force", "--fold-subtypes", "--id", "tyre-draft"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        std::fs::read_to_string(&toml)
            .unwrap()
            .contains("name_zh = \"炭黑\"")
    );

    let out = liantu(
        dir,
        &["chain", "check", toml.to_str().unwrap(), "--db", &db],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("没有 GB/T 4754 行业代码"),
        "{}",
        text(&out)
    );
    let out = liantu(
        dir,
        &["chain", "install", toml.to_str().unwrap(), "--db", &db],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = liantu(
        dir,
        &[
            "chain",
            "show",
            "tyre-draft",
            "--db",
            &db,
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(json(&out)["nodes"].as_array().unwrap().len(), 7);
    // A chain without industry codes is diagnosed like any other.
    let out = liantu(
        dir,
        &[
            "diagnose",
            "--chain",
            "tyre-draft",
            "--db",
            &db,
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));

    // Bad options and an unknown root: exit 2, with suggestions.
    let out = liantu(
        dir,
        &[
            "chain",
            "from-kg",
            "--root",
            "子午线轮胎",
            "--db",
            &db,
            "--out",
            "x.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("did you mean: 轮胎"), "{}", text(&out));
    let out = liantu(
        dir,
        &[
            "chain", "from-kg", "--root", "轮胎", "--depth", "0", "--db", &db, "--out", "x.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("x.toml").exists());
}

#[test]
fn a_bad_line_imports_nothing_and_keeps_the_previous_graph() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = init(dir, false);
    let graph = dir.join("graph");
    std::fs::create_dir(&graph).unwrap();
    write_graph(&graph);
    let out = liantu(dir, &["kg", "import", graph.to_str().unwrap(), "--db", &db]);
    assert!(out.status.success(), "{}", text(&out));

    // Line 2 of product.json broken, line 3 of product_product.json an unknown relation.
    let products = std::fs::read_to_string(graph.join("product.json")).unwrap();
    std::fs::write(
        graph.join("product.json"),
        products.replacen("{\"name\": \"天然橡胶\"}", "{\"name\": \"天然橡胶\"", 1)
            + "{\"name\": \"新产品\"}\n",
    )
    .unwrap();
    let relations = std::fs::read_to_string(graph.join("product_product.json")).unwrap();
    std::fs::write(
        graph.join("product_product.json"),
        relations.replacen(
            "\"汽车\", \"rel\": \"上游材料\"",
            "\"汽车\", \"rel\": \"原料\"",
            1,
        ),
    )
    .unwrap();
    let out = liantu(dir, &["kg", "import", graph.to_str().unwrap(), "--db", &db]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let report = text(&out);
    assert!(report.contains("product.json:2:"), "{report}");
    assert!(
        report.contains("product_product.json:3:") && report.contains("原料"),
        "{report}"
    );
    assert!(report.contains("2 bad line(s)"), "{report}");

    let out = liantu(
        dir,
        &["kg", "search", "新产品", "--db", &db, "--format", "json"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(json(&out)["total"], 0, "the failed import wrote nothing");
    let out = liantu(dir, &["kg", "status", "--db", &db]);
    assert!(text(&out).contains("products: 8"), "{}", text(&out));

    // A directory without the files.
    let out = liantu(dir, &["kg", "import", dir.to_str().unwrap(), "--db", &db]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("product.json"), "{}", text(&out));
}

fn shared() -> Option<PathBuf> {
    common::testdata::shared("industry-chain-kg/product.json")?;
    common::testdata::shared("industry-chain-kg")
}

#[test]
fn the_shared_graph_imports_and_drafts_a_battery_chain_that_passes_chain_check() {
    let Some(graph) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = init(dir, false);
    let out = liantu(dir, &["kg", "import", graph.to_str().unwrap(), "--db", &db]);
    assert!(out.status.success(), "{}", text(&out));
    // PROVENANCE.md: 上游材料 56,826 rows (56,529 kept after merging and self-loops).
    assert!(text(&out).contains("上游材料 56529"), "{}", text(&out));

    let out = liantu(
        dir,
        &["kg", "show", "轮胎", "--db", &db, "--format", "json"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let suppliers = json(&out)["suppliers_list"].clone();
    for material in ["天然橡胶", "丁苯橡胶(SBR)", "聚丁二烯橡胶(BR)"] {
        assert!(
            suppliers.as_array().unwrap().iter().any(|s| s == material),
            "{suppliers}"
        );
    }

    for (root, extra) in [("锂电池", Some("--fold-subtypes")), ("动力电池", None)] {
        let file = dir.join(format!("{root}.toml"));
        let mut args = vec![
            "chain",
            "from-kg",
            "--root",
            root,
            "--depth",
            "2",
            "--db",
            &db,
            "--out",
            file.to_str().unwrap(),
        ];
        args.extend(extra);
        let out = liantu(dir, &args);
        assert!(out.status.success(), "{}", text(&out));
        let out = liantu(
            dir,
            &["chain", "check", file.to_str().unwrap(), "--db", &db],
        );
        assert!(out.status.success(), "{root}: {}", text(&out));
        assert!(text(&out).contains("通过 / OK"));
    }
}
