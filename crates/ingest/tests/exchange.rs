//! Export → import → export round trips, openpyxl reading our XLSX, and the reference tables.

mod common;

use common::*;
use liantu_ingest::{FileFormat, ImportError, ImportOptions, Kind, export, import_file, template};
use std::process::Command;

#[tokio::test]
async fn export_import_export_gives_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo_store(dir.path(), "demo.db").await;
    let empty = {
        let d = dir.path().join("empty");
        std::fs::create_dir(&d).unwrap();
        base_store(&d).await
    };
    for format in [FileFormat::Csv, FileFormat::Xlsx] {
        let ext = match format {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        };
        // Enterprises first: the others refer to them.
        for kind in [
            Kind::Enterprises,
            Kind::Years,
            Kind::Memberships,
            Kind::Links,
            Kind::Workforce,
            Kind::Programmes,
            Kind::Certifications,
            Kind::Platforms,
            Kind::TechNeeds,
            Kind::Achievements,
        ] {
            let first = dir.path().join(format!("{kind}-1.{ext}"));
            let n = export(&demo, kind, format, &first).await.unwrap();
            assert!(n > 0, "{kind}");
            let target = if format == FileFormat::Csv {
                &empty
            } else {
                &demo
            };
            // CSV round trip into an empty database; XLSX back into the demo by upsert.
            let opts = ImportOptions {
                mode: if format == FileFormat::Csv {
                    liantu_ingest::Mode::Insert
                } else {
                    liantu_ingest::Mode::Upsert
                },
                ..ImportOptions::default()
            };
            let s = import_file(target, kind, &first, &opts)
                .await
                .unwrap_or_else(|e| panic!("{kind} {ext}: {e}"));
            assert_eq!(s.rows, u64::from(n), "{kind} {ext}");
            let second = dir.path().join(format!("{kind}-2.{ext}"));
            export(target, kind, format, &second).await.unwrap();
            assert!(
                std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(),
                "{kind} {ext}: export → import → export differs"
            );
        }
    }
}

#[tokio::test]
async fn exported_xlsx_opens_in_openpyxl() {
    let Some(python) = liantu_testdata::python_with("openpyxl") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let demo = demo_store(dir.path(), "demo.db").await;
    let years = dir.path().join("years.xlsx");
    let n = export(&demo, Kind::Years, FileFormat::Xlsx, &years)
        .await
        .unwrap();
    let tpl = dir.path().join("template.xlsx");
    template(Kind::Enterprises, FileFormat::Xlsx, &tpl).unwrap();
    let script = r##"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
assert ws.title == "企业年度数据", ws.title
assert ws["A1"].value == "统一社会信用代码", ws["A1"].value
assert ws["C1"].value == "工业总产值（万元）", ws["C1"].value
assert ws.freeze_panes == "A2", ws.freeze_panes
assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.auto_filter.ref
assert ws.max_row == int(sys.argv[2]) + 1, (ws.max_row, sys.argv[2])
assert isinstance(ws["C2"].value, float) or isinstance(ws["C2"].value, int), ws["C2"].value
assert ws["C2"].number_format == "#,##0.00", ws["C2"].number_format
assert len(ws["A2"].value) == 18
t = openpyxl.load_workbook(sys.argv[3])
assert t.sheetnames == ["企业名录", "说明 notes"], t.sheetnames
assert t.worksheets[0]["A1"].value == "统一社会信用代码"
print("ok")
"##;
    let out = Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(&years)
        .arg(n.to_string())
        .arg(&tpl)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openpyxl check failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn reference_tables_from_the_shared_files() {
    let (Some(gbt), Some(areas)) = (
        shared("gbt4754-2017/gbt4754_2017.csv"),
        shared("admin-divisions"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = liantu_store::Store::open(&dir.path().join("r.db"), true)
        .await
        .unwrap();
    liantu_app::App::new(store.clone())
        .install_builtin_chains()
        .await
        .unwrap();
    let n = liantu_ingest::import_gbt4754(&store, &gbt, None)
        .await
        .unwrap();
    assert_eq!(n, 1971);
    assert_eq!(
        store.industry_code_name("3612").await.unwrap().as_deref(),
        Some("新能源车整车制造")
    );
    assert_eq!(
        store
            .unknown_industry_codes(&["3612", "3699", "2613"])
            .await
            .unwrap(),
        Some(vec!["3699".to_string()])
    );
    // The built-in chains only use codes that exist.
    for chain in store.chains().await.unwrap() {
        let chain = liantu_app::App::new(store.clone())
            .chain(&chain.id)
            .await
            .unwrap();
        let codes: Vec<&str> = chain
            .nodes
            .iter()
            .flat_map(|n| n.industry_codes.iter().map(|c| c.as_str()))
            .collect();
        assert_eq!(
            store.unknown_industry_codes(&codes).await.unwrap(),
            Some(vec![]),
            "{}",
            chain.id
        );
    }
    let s = liantu_ingest::import_divisions(&store, &areas, None)
        .await
        .unwrap();
    assert!(s.divisions > 40_000, "{s:?}");
    // 31 provinces + 342 cities + 2,978 counties, less a few city codes that, padded to six
    // digits, coincide with another row.
    assert!((3300..=31 + 342 + 2978).contains(&s.regions_added), "{s:?}");
    let regions = store.region_codes().await.unwrap();
    for code in ["450000", "450200", "450226", "110101"] {
        assert!(regions.contains(code), "{code}");
    }
    // Importing again adds nothing new.
    let again = liantu_ingest::import_divisions(&store, &areas, None)
        .await
        .unwrap();
    assert_eq!(again.regions_added, 0);

    // Enterprises can now be anywhere known; industry codes must exist.
    let path = write(
        dir.path(),
        "e.csv",
        format!(
            "uscc,name,region,ownership,industry_code\n{},甲,450226,民营,3612\n{},乙,110101,国有,3699\n",
            uscc(1),
            uscc(2)
        ),
    );
    match import_file(&store, Kind::Enterprises, &path, &ImportOptions::default()).await {
        Err(ImportError::Rows(r)) => {
            assert_eq!(r.error_count, 1);
            assert_eq!(r.errors[0].value, "3699");
            assert!(r.errors[0].reason_en.contains("reference table"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn bad_reference_files_are_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = liantu_store::Store::open(&dir.path().join("r.db"), true)
        .await
        .unwrap();
    let path = write(
        dir.path(),
        "g.csv",
        "code,level,name,parent_code,section\nC,1,制造业,,C\n36,2,汽车制造业,C,C\n361,3,汽车整车制造,36,C\n3612,4,,361,C\n37X,3,坏代码,37,C\n3611,3,层级错,361,C\n",
    );
    match liantu_ingest::import_gbt4754(&store, &path, None).await {
        Err(ImportError::Rows(r)) => {
            let rows: Vec<u64> = r.errors.iter().map(|p| p.row).collect();
            assert_eq!(rows, [5, 6, 7], "{:#?}", r.errors);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.industry_code_count().await.unwrap(), 0);
    let path = write(
        dir.path(),
        "d.csv",
        "code,name\n45,广西\n4502,柳州市\n45022,坏\n",
    );
    assert!(matches!(
        liantu_ingest::import_divisions(&store, &path, None).await,
        Err(ImportError::Rows(_))
    ));
    assert!(store.region_codes().await.unwrap().is_empty());
}
