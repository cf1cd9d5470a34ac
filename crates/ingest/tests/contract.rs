//! The data contract at the import door: a value the engines could not use (negative or huge
//! amounts, impossible land, invisible names, control characters) is a row error, never stored.

mod common;

use common::*;
use liantu_ingest::{ImportError, ImportOptions, Kind, Mode, import_file};

fn upsert() -> ImportOptions {
    ImportOptions {
        mode: Mode::Upsert,
        ..ImportOptions::default()
    }
}

/// The file's rows are all refused: the problems as (row, header, reason in English).
async fn refused(
    store: &liantu_store::Store,
    kind: Kind,
    dir: &std::path::Path,
    text: &str,
) -> Vec<(u64, String, String)> {
    let path = write(dir, "contract.csv", text);
    let before = store.revision().await.unwrap();
    match import_file(store, kind, &path, &upsert()).await {
        Err(ImportError::Rows(report)) => {
            assert_eq!(store.revision().await.unwrap(), before, "nothing written");
            report
                .errors
                .iter()
                .map(|p| (p.row, p.header.clone(), p.reason_en.clone()))
                .collect()
        }
        other => panic!("{kind}: expected row errors for {text:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn yearly_figures_outside_the_contract_are_row_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path(), "demo.db").await;
    let firm = "91450204537718063L";
    let before = store.enterprise(firm).await.unwrap().unwrap().years;
    for output in ["-1", "1e308", "1e16"] {
        let errors = refused(
            &store,
            Kind::Years,
            dir.path(),
            &format!("uscc,year,output\n{firm},2024,{output}\n"),
        )
        .await;
        assert_eq!(errors.len(), 1, "{output}: {errors:?}");
        let (row, header, reason) = &errors[0];
        assert_eq!((*row, header.as_str()), (2, "output"), "{output}");
        assert!(reason.contains("0..=1e15"), "{output}: {reason}");
    }
    let errors = refused(
        &store,
        Kind::Years,
        dir.path(),
        &format!("uscc,year,employees,energy_tce,tax\n{firm},2024,100000000,-3,1e300\n"),
    )
    .await;
    let mut headers: Vec<&str> = errors.iter().map(|e| e.1.as_str()).collect();
    headers.sort_unstable();
    assert_eq!(headers, ["employees", "energy_tce", "tax"], "{errors:?}");
    assert_eq!(store.enterprise(firm).await.unwrap().unwrap().years, before);
}

#[tokio::test]
async fn enterprise_land_and_names_outside_the_contract_are_row_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let head = "统一社会信用代码,企业名称,行政区划代码,所有制,用地面积（亩）,主要产品\n";
    let rows = [
        (
            format!("{},甲,450204,民营,-2024,\n", uscc(1)),
            "用地面积（亩）",
        ),
        (
            format!("{},乙,450204,民营,1e308,\n", uscc(2)),
            "用地面积（亩）",
        ),
        (format!("{},丙,450204,民营,0,\n", uscc(3)), "用地面积（亩）"),
        (
            format!("{},\u{202E}\u{200B},450204,民营,1,\n", uscc(4)),
            "企业名称",
        ),
        (
            format!("{},\u{200B}\u{FEFF},450204,民营,1,\n", uscc(5)),
            "企业名称",
        ),
        (format!("{},戊\u{0},450204,民营,1,\n", uscc(6)), "企业名称"),
        (
            format!("{},己,450204,民营,1,电芯\u{0}\n", uscc(7)),
            "主要产品",
        ),
    ];
    for (row, header) in &rows {
        let errors = refused(
            &store,
            Kind::Enterprises,
            dir.path(),
            &format!("{head}{row}"),
        )
        .await;
        assert_eq!(errors.len(), 1, "{row:?}: {errors:?}");
        assert_eq!(errors[0].1, *header, "{row:?}: {errors:?}");
    }
    assert_eq!(count(&store).await, 0);
}

#[tokio::test]
async fn link_values_outside_the_contract_are_row_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path(), "demo.db").await;
    let buyer = "91450204537718063L";
    let links = store.links_after(0, 1_000_000).await.unwrap().len();
    for (value, name) in [
        ("1e308", "某公司"),
        ("1e16", "某公司"),
        ("5", "\u{2066}\u{2069}"),
    ] {
        let errors = refused(
            &store,
            Kind::Links,
            dir.path(),
            &format!(
                "buyer_uscc,supplier_name,supplier_region,chain,node,year,value\n\
                 {buyer},{name},350900,nev-battery,battery-cell,2024,{value}\n"
            ),
        )
        .await;
        assert_eq!(errors.len(), 1, "{value} {name:?}: {errors:?}");
    }
    assert_eq!(store.links_after(0, 1_000_000).await.unwrap().len(), links);
}
