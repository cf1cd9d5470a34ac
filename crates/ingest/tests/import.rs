//! Imports of good and bad files: every bad row reported, nothing written on failure.

mod common;

use common::*;
use liantu_ingest::{
    FileError, ImportError, ImportOptions, Kind, Mode, errors_workbook, import_file,
};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::fmt::Write as _;

const HEAD: &str =
    "统一社会信用代码,企业名称,行政区划代码,所有制,规上企业,行业代码,用地面积（亩）,成立年份\n";

fn opts() -> ImportOptions {
    ImportOptions::default()
}

fn rows_report(r: Result<liantu_ingest::ImportSummary, ImportError>) -> liantu_ingest::Report {
    match r {
        Err(ImportError::Rows(report)) => *report,
        other => panic!("expected bad rows, got {other:?}"),
    }
}

fn file_error(r: Result<liantu_ingest::ImportSummary, ImportError>) -> FileError {
    match r {
        Err(ImportError::File(e)) => e,
        other => panic!("expected a file error, got {other:?}"),
    }
}

#[tokio::test]
async fn good_csv_with_bom_separators_full_width_digits_and_english_headers() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let mut text = String::from("\u{FEFF}");
    text.push_str(HEAD);
    writeln!(
        text,
        "{},柳州甲公司,450204,民营企业,是,3670,\"1,234.5\",2005年",
        uscc(1)
    )
    .unwrap();
    writeln!(
        text,
        "{},柳州乙公司,４５０２０５,国有,否,3612,１２０,2010-05-01",
        uscc(2)
    )
    .unwrap();
    // Wrong check character: imported with a warning.
    let mut bad_check = uscc(3);
    bad_check.pop();
    bad_check.push(if uscc(3).ends_with('0') { '1' } else { '0' });
    writeln!(text, "{bad_check},柳州丙公司,450206,外资,,,,").unwrap();
    let path = write(dir.path(), "e.csv", text);
    let s = import_file(&store, Kind::Enterprises, &path, &opts())
        .await
        .unwrap();
    assert_eq!((s.rows, s.added, s.updated), (3, 3, 0));
    assert_eq!(s.info.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(s.warning_count, 1, "{:?}", s.warnings);
    assert!(
        s.warnings[0].reason_zh.contains("校验码"),
        "{:?}",
        s.warnings
    );
    let d = store
        .enterprise(&uscc(1))
        .await
        .unwrap()
        .unwrap()
        .enterprise;
    assert_eq!(d.land_mu, Some(1234.5));
    assert_eq!(d.founded, Some(2005));
    assert!(d.above_scale);
    assert_eq!(d.source, liantu_ingest::DEFAULT_SOURCE);
    let d = store
        .enterprise(&uscc(2))
        .await
        .unwrap()
        .unwrap()
        .enterprise;
    assert_eq!(d.region.as_str(), "450205");
    assert_eq!(d.land_mu, Some(120.0));
    assert_eq!(d.founded, Some(2010));

    // English headers, other column order.
    let text = format!(
        "name,ownership,uscc,region\n柳州丁公司,private,{},450204\n",
        uscc(4)
    );
    let path = write(dir.path(), "en.csv", text);
    let s = import_file(&store, Kind::Enterprises, &path, &opts())
        .await
        .unwrap();
    assert_eq!(s.added, 1);
}

#[tokio::test]
async fn every_bad_row_is_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let before = store.revision().await.unwrap();
    let mut text = String::from(HEAD);
    writeln!(text, "{},好公司,450204,民营,是,3670,1,2005", uscc(1)).unwrap();
    writeln!(text, "9145020412345,短代码公司,450204,民营,是,3670,1,2005").unwrap();
    writeln!(text, "{},,999999,民营,也许,36701,\"1,2345\",2005", uscc(2)).unwrap();
    writeln!(text, "{},重复公司,450204,公私合营,是,3670,1,2005", uscc(1)).unwrap();
    let path = write(dir.path(), "bad.csv", text);
    let report = rows_report(import_file(&store, Kind::Enterprises, &path, &opts()).await);
    assert_eq!(report.rows, 4);
    assert_eq!(report.bad_rows, 3);
    let at = |row: u64, col: &str| {
        report
            .errors
            .iter()
            .find(|p| p.row == row && p.column_letter() == col)
            .unwrap_or_else(|| panic!("no error at row {row} column {col}: {:#?}", report.errors))
    };
    assert!(at(3, "A").reason_zh.contains("18 位"));
    assert_eq!(at(3, "A").value, "9145020412345");
    assert!(at(4, "B").reason_en.contains("required"));
    assert!(at(4, "C").reason_en.contains("not in the database"));
    assert!(at(4, "E").reason_en.contains("yes/no"));
    assert!(at(4, "F").reason_en.contains("industry code"));
    assert!(at(4, "G").reason_en.contains("thousands"));
    assert!(at(5, "A").reason_zh.contains("第 2 行"));
    assert!(at(5, "D").reason_en.contains("ownership"));
    assert_eq!(count(&store).await, 0);
    assert_eq!(store.revision().await.unwrap(), before);
    assert!(!store.source_ids().await.unwrap().contains("import"));

    // The errors workbook lists every problem and highlights the bad rows.
    let out = dir.path().join("errors.xlsx");
    errors_workbook(&report, &out).unwrap();
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(&out).unwrap();
    let errors = book.worksheet_range("错误 errors").unwrap();
    assert_eq!(errors.height(), 1 + report.errors.len());
    let rows = book.worksheet_range("有误的行 bad rows").unwrap();
    assert_eq!(rows.height(), 4);
    assert_eq!(rows.get_value((1, 0)).unwrap().to_string(), "3");
}

#[tokio::test]
async fn duplicates_against_the_database_insert_and_upsert() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let text = format!("{HEAD}{},甲,450204,民营,是,3670,1,2005\n", uscc(1));
    let path = write(dir.path(), "a.csv", &text);
    import_file(&store, Kind::Enterprises, &path, &opts())
        .await
        .unwrap();
    let report = rows_report(import_file(&store, Kind::Enterprises, &path, &opts()).await);
    assert!(report.errors[0].reason_en.contains("--mode upsert"));
    // Upsert: the name changes; the park, absent from the file, is kept.
    let text = format!(
        "统一社会信用代码,企业名称,行政区划代码,所有制\n{},甲（新名）,450204,民营\n{},乙,450204,民营\n",
        uscc(1),
        uscc(2)
    );
    let path = write(dir.path(), "b.csv", &text);
    let upsert = ImportOptions {
        mode: Mode::Upsert,
        ..opts()
    };
    let s = import_file(&store, Kind::Enterprises, &path, &upsert)
        .await
        .unwrap();
    assert_eq!((s.added, s.updated), (1, 1));
    let e = store
        .enterprise(&uscc(1))
        .await
        .unwrap()
        .unwrap()
        .enterprise;
    assert_eq!(e.name, "甲（新名）");
    assert_eq!(
        e.industry_code.unwrap().as_str(),
        "3670",
        "columns not in the file are kept"
    );
}

#[tokio::test]
async fn empty_header_only_wrong_and_missing_headers() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let empty = write(dir.path(), "empty.csv", "");
    assert_eq!(
        file_error(import_file(&store, Kind::Enterprises, &empty, &opts()).await),
        FileError::Empty
    );
    let blank = write(dir.path(), "blank.csv", "\n\n,,\n");
    assert_eq!(
        file_error(import_file(&store, Kind::Enterprises, &blank, &opts()).await),
        FileError::Empty
    );
    let header = write(dir.path(), "header.csv", HEAD);
    assert_eq!(
        file_error(import_file(&store, Kind::Enterprises, &header, &opts()).await),
        FileError::NoData
    );
    let wrong = write(dir.path(), "wrong.csv", "foo,bar,baz\n1,2,3\n");
    let e = file_error(import_file(&store, Kind::Enterprises, &wrong, &opts()).await);
    assert!(
        matches!(&e, FileError::NoHeader { found, .. } if found == &["foo", "bar", "baz"]),
        "{e}"
    );
    assert!(e.to_string().contains("统一社会信用代码"));
    let missing = write(dir.path(), "missing.csv", "企业名称,行业代码\n甲,3670\n");
    let e = file_error(import_file(&store, Kind::Enterprises, &missing, &opts()).await);
    assert!(e.to_string().contains("统一社会信用代码 / uscc"), "{e}");
    assert!(e.to_string().contains("所有制"), "{e}");
    let twice = write(
        dir.path(),
        "twice.csv",
        "企业名称,name,uscc,region,ownership\n",
    );
    let e = file_error(import_file(&store, Kind::Enterprises, &twice, &opts()).await);
    assert!(matches!(e, FileError::DuplicateColumn { .. }), "{e}");
    // A title row above the header is skipped.
    let titled = write(
        dir.path(),
        "titled.csv",
        format!(
            "柳州市规上企业名录（2024）,,,\n{HEAD}{},甲,450204,民营,是,3670,1,2005\n",
            uscc(1)
        ),
    );
    let s = import_file(&store, Kind::Enterprises, &titled, &opts())
        .await
        .unwrap();
    assert_eq!(s.info.header_row, 2);
    assert_eq!(count(&store).await, 1);
}

#[tokio::test]
async fn truncated_and_corrupt_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let good = dir.path().join("good.xlsx");
    liantu_ingest::template(Kind::Enterprises, liantu_ingest::FileFormat::Xlsx, &good).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let truncated = write(dir.path(), "truncated.xlsx", &bytes[..bytes.len() / 2]);
    let e = file_error(import_file(&store, Kind::Enterprises, &truncated, &opts()).await);
    assert!(matches!(e, FileError::Workbook { .. }), "{e}");
    assert!(e.to_string().contains("损坏"));
    let garbage = write(
        dir.path(),
        "garbage.xlsx",
        b"PK\x03\x04 this is not a zip file at all",
    );
    let e = file_error(import_file(&store, Kind::Enterprises, &garbage, &opts()).await);
    assert!(matches!(e, FileError::Workbook { .. }), "{e}");
    let xls = write(dir.path(), "fake.xls", b"\xD0\xCF\x11\xE0 broken OLE");
    let e = file_error(import_file(&store, Kind::Enterprises, &xls, &opts()).await);
    assert!(matches!(e, FileError::Workbook { .. }), "{e}");
    // The template itself: header only.
    let e = file_error(import_file(&store, Kind::Enterprises, &good, &opts()).await);
    assert_eq!(e, FileError::NoData);
    assert_eq!(count(&store).await, 0);
}

#[tokio::test]
async fn formulas_merged_cells_numeric_codes_and_serial_dates_in_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let path = dir.path().join("e.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in (0u16..).zip([
        "统一社会信用代码",
        "企业名称",
        "行政区划代码",
        "所有制",
        "用地面积（亩）",
        "行业代码",
        "成立年份",
    ]) {
        ws.write(0, c, h).unwrap();
    }
    for r in 1u32..=3 {
        ws.write(r, 0, uscc(r as u64)).unwrap();
        ws.write(r, 1, format!("公司{r}")).unwrap();
        ws.write(r, 3, "民营").unwrap();
    }
    // 区划 merged over the three rows, typed as a number.
    ws.merge_range(1, 2, 3, 2, "", &Format::new()).unwrap();
    ws.write_number(1, 2, 450204.0).unwrap();
    ws.write_formula(1, 4, Formula::new("=60*2").set_result("120"))
        .unwrap();
    ws.write_number(2, 4, 7.5).unwrap();
    // A numeric industry code that lost its leading zero (0111 → 111).
    ws.write_number(1, 5, 111.0).unwrap();
    ws.write_number(2, 5, 3670.0).unwrap();
    // 成立日期 as a real date cell and as a serial number.
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(1, 6, ExcelDateTime::from_ymd(2003, 4, 5).unwrap(), &date)
        .unwrap();
    ws.write_number(2, 6, 45382.0).unwrap();
    book.save(&path).unwrap();

    let s = import_file(&store, Kind::Enterprises, &path, &opts())
        .await
        .unwrap();
    assert_eq!(s.added, 3);
    assert_eq!(s.info.format, "xlsx");
    assert!(
        s.warnings.iter().any(|w| w.reason_en.contains("merged")),
        "{:?}",
        s.warnings
    );
    assert!(
        s.warnings
            .iter()
            .any(|w| w.reason_en.contains("leading zero")),
        "{:?}",
        s.warnings
    );
    for i in 1..=3 {
        let e = store
            .enterprise(&uscc(i))
            .await
            .unwrap()
            .unwrap()
            .enterprise;
        assert_eq!(
            e.region.as_str(),
            "450204",
            "merged cell filled for row {i}"
        );
    }
    let e1 = store
        .enterprise(&uscc(1))
        .await
        .unwrap()
        .unwrap()
        .enterprise;
    assert_eq!(e1.land_mu, Some(120.0), "formula read as its cached result");
    assert_eq!(e1.industry_code.unwrap().as_str(), "0111");
    assert_eq!(e1.founded, Some(2003));
    let e2 = store
        .enterprise(&uscc(2))
        .await
        .unwrap()
        .unwrap()
        .enterprise;
    assert_eq!(e2.founded, Some(2024), "serial 45382 = 2024-03-31");
}

#[tokio::test]
async fn years_with_serial_text_and_cell_dates() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let e = write(
        dir.path(),
        "e.csv",
        format!("{HEAD}{},甲,450204,民营,是,3670,1,2005\n", uscc(1)),
    );
    import_file(&store, Kind::Enterprises, &e, &opts())
        .await
        .unwrap();
    let path = dir.path().join("y.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in (0u16..).zip([
        "uscc",
        "year",
        "工业总产值(万元)",
        "从业人员（人）",
        "截至日期",
    ]) {
        ws.write(0, c, h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    for (r, y) in (1u32..).zip(2021..=2024) {
        ws.write(r, 0, uscc(1)).unwrap();
        ws.write(r, 1, y).unwrap();
        ws.write(r, 2, "12,345.5").unwrap();
        ws.write(r, 3, "１，２００").unwrap();
    }
    ws.write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(2022, 3, 31).unwrap(), &date)
        .unwrap();
    ws.write_number(2, 4, 45016.0).unwrap(); // 2023-03-31
    ws.write(3, 4, "2024年3月31日").unwrap();
    book.save(&path).unwrap();
    let s = import_file(&store, Kind::Years, &path, &opts())
        .await
        .unwrap();
    assert_eq!(s.added, 4);
    let years = store.enterprise(&uscc(1)).await.unwrap().unwrap().years;
    let as_of: Vec<&str> = years.iter().map(|y| y.as_of.as_str()).collect();
    assert_eq!(
        as_of,
        ["2022-03-31", "2023-03-31", "2024-03-31", "2024-12-31"]
    );
    assert!(
        years
            .iter()
            .all(|y| y.output == Some(12345.5) && y.employees == Some(1200))
    );

    // A year for an enterprise that is not there.
    let bad = write(
        dir.path(),
        "y.csv",
        format!("uscc,year\n{},2024\n", uscc(9)),
    );
    let report = rows_report(import_file(&store, Kind::Years, &bad, &opts()).await);
    assert!(
        report.errors[0]
            .reason_en
            .contains("import the enterprise list first")
    );
}

#[tokio::test]
async fn gbk_gb18030_and_forced_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let text = format!(
        "{HEAD}{},柳州螺蛳粉食品有限公司,450204,民营,是,1495,1,2005\n",
        uscc(1)
    );
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let path = write(dir.path(), "gbk.csv", &gbk);
    let s = import_file(&store, Kind::Enterprises, &path, &opts())
        .await
        .unwrap();
    assert_eq!(s.info.encoding.as_deref(), Some("gb18030"));
    let e = store
        .enterprise(&uscc(1))
        .await
        .unwrap()
        .unwrap()
        .enterprise;
    assert_eq!(e.name, "柳州螺蛳粉食品有限公司");

    // GBK read as UTF-8 by force: every undecodable cell is reported, nothing written.
    let text = format!("{HEAD}{},柳州某公司,450204,民营,是,1495,1,2005\n", uscc(2));
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let path = write(dir.path(), "gbk2.csv", &gbk);
    let forced = ImportOptions {
        encoding: Some("utf-8".into()),
        ..opts()
    };
    let e = file_error(import_file(&store, Kind::Enterprises, &path, &forced).await);
    assert!(matches!(e, FileError::NoHeader { .. }), "{e}");
    let forced = ImportOptions {
        encoding: Some("gbk".into()),
        ..opts()
    };
    let s = import_file(&store, Kind::Enterprises, &path, &forced)
        .await
        .unwrap();
    assert_eq!(s.added, 1);
    let unknown = ImportOptions {
        encoding: Some("klingon".into()),
        ..opts()
    };
    let e = file_error(import_file(&store, Kind::Enterprises, &path, &unknown).await);
    assert!(matches!(e, FileError::UnknownEncoding(_)));
}

#[tokio::test]
async fn mixed_line_endings_and_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let text = format!(
        "uscc,name,region,ownership\r\n{},甲,450204,民营\n{},\"乙\r\n分厂\",450204,民营\r{},丙,450204,民营\r\n\r\n",
        uscc(1),
        uscc(2),
        uscc(3)
    );
    let path = write(dir.path(), "mixed.csv", text);
    let s = import_file(&store, Kind::Enterprises, &path, &opts())
        .await
        .unwrap();
    assert_eq!(s.added, 3);
    let e = store
        .enterprise(&uscc(2))
        .await
        .unwrap()
        .unwrap()
        .enterprise;
    assert_eq!(e.name, "乙\r\n分厂");
    let tsv = format!(
        "uscc\tname\tregion\townership\n{}\t丁\t450204\t民营\n",
        uscc(4)
    );
    let path = write(dir.path(), "tabs.csv", tsv);
    assert_eq!(
        import_file(&store, Kind::Enterprises, &path, &opts())
            .await
            .unwrap()
            .added,
        1
    );
}

/// Rows of the big-file test: 1,000,000 with `LIANTU_BIG_TEST=1` (use a release build), else
/// 50,000 so a debug `cargo test` stays quick.
fn big_rows() -> u64 {
    if std::env::var_os("LIANTU_BIG_TEST").is_some() {
        1_000_000
    } else {
        50_000
    }
}

#[tokio::test]
async fn big_csv_with_one_bad_row_at_the_end_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let n = big_rows();
    let mut text = String::with_capacity(n as usize * 80);
    text.push_str("统一社会信用代码,企业名称,行政区划代码,所有制,规上企业,行业代码\n");
    for i in 1..n {
        writeln!(text, "{},企业{i},450204,民营,是,3670", uscc(i)).unwrap();
    }
    writeln!(text, "{},最后一家,450204,民营,是,99999", uscc(n)).unwrap();
    let path = write(dir.path(), "big.csv", text);
    let report = rows_report(import_file(&store, Kind::Enterprises, &path, &opts()).await);
    assert_eq!(report.rows, n);
    assert_eq!(report.error_count, 1);
    let p = &report.errors[0];
    assert_eq!(
        (p.row, p.column_letter().as_str(), p.value.as_str()),
        (n + 1, "F", "99999")
    );
    assert_eq!(count(&store).await, 0);
}

#[tokio::test]
async fn memberships_and_links_resolve_names_and_check_references() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let e = write(
        dir.path(),
        "e.csv",
        format!(
            "{HEAD}{},甲,450204,民营,是,3670,1,2005\n{},乙,450204,民营,是,3841,1,2005\n",
            uscc(1),
            uscc(2)
        ),
    );
    import_file(&store, Kind::Enterprises, &e, &opts())
        .await
        .unwrap();
    let chain = liantu_app::App::new(store.clone())
        .chain("nev-battery")
        .await
        .unwrap();
    let node = &chain.nodes[0];
    let m = write(
        dir.path(),
        "m.csv",
        format!(
            "统一社会信用代码,产业链,环节,产值占比\n{},{},{},30%\n{},nev-battery,{},0.5\n{},nev-battery,no-such-node,2\n",
            uscc(1),
            chain.name_zh,
            node.name_zh,
            uscc(2),
            node.id,
            uscc(2)
        ),
    );
    let report = rows_report(import_file(&store, Kind::Memberships, &m, &opts()).await);
    assert_eq!(report.bad_rows, 1);
    assert_eq!(report.error_count, 2, "{:#?}", report.errors);
    let m = write(
        dir.path(),
        "m2.csv",
        format!(
            "uscc,chain,node,share\n{},{},{},30%\n",
            uscc(1),
            chain.name_zh,
            node.name_zh
        ),
    );
    assert_eq!(
        import_file(&store, Kind::Memberships, &m, &opts())
            .await
            .unwrap()
            .added,
        1
    );
    let memberships = store.all_memberships().await.unwrap();
    assert_eq!(memberships[0].node, node.id);
    assert_eq!(memberships[0].share, Some(0.3));

    let l = write(
        dir.path(),
        "l.csv",
        format!(
            "采购方信用代码,供应方信用代码,供应方名称,供应方区划代码,产业链,环节,采购产品,年份,采购金额（万元）\n\
             {b},{s},乙,450204,nev-battery,{n},电芯,2024,\"1,200\"\n\
             {b},,宁德某公司,350900,nev-battery,{n},电芯,2024,800\n\
             {b},,境外某公司,000000,nev-battery,{n},电芯,2024,10\n",
            b = uscc(1),
            s = uscc(2),
            n = node.id
        ),
    );
    let s = import_file(&store, Kind::Links, &l, &opts()).await.unwrap();
    assert_eq!(s.added, 3);
    // The same links again: duplicates in insert mode, updates in upsert mode.
    let report = rows_report(import_file(&store, Kind::Links, &l, &opts()).await);
    assert_eq!(report.bad_rows, 3);
    let upsert = ImportOptions {
        mode: Mode::Upsert,
        ..opts()
    };
    let s = import_file(&store, Kind::Links, &l, &upsert).await.unwrap();
    assert_eq!((s.added, s.updated), (0, 3));
    assert_eq!(store.links_after(0, 100).await.unwrap().len(), 3);
}

#[tokio::test]
async fn business_scope_is_optional_imported_kept_by_upsert_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let text = format!(
        "统一社会信用代码,企业名称,行政区划代码,所有制,主营产品,经营范围\n\
         {},甲,450204,民营,电池包,\"锂离子电池制造；电池销售（不含危险化学品）\"\n\
         {},乙,450204,民营,座椅,\n",
        uscc(1),
        uscc(2)
    );
    let path = write(dir.path(), "a.csv", &text);
    import_file(&store, Kind::Enterprises, &path, &opts())
        .await
        .unwrap();
    let scope = |e: liantu_store::EnterpriseDetail| e.enterprise.business_scope;
    let first = store.enterprise(&uscc(1)).await.unwrap().unwrap();
    assert_eq!(
        scope(first).as_deref(),
        Some("锂离子电池制造；电池销售（不含危险化学品）")
    );
    assert_eq!(
        scope(store.enterprise(&uscc(2)).await.unwrap().unwrap()),
        None,
        "an empty cell is no business scope"
    );
    // A file without the column (every file written before it existed) upserts and keeps it.
    let text = format!(
        "统一社会信用代码,企业名称,行政区划代码,所有制\n{},甲（新名）,450204,民营\n",
        uscc(1)
    );
    let path = write(dir.path(), "b.csv", &text);
    let upsert = ImportOptions {
        mode: Mode::Upsert,
        ..opts()
    };
    import_file(&store, Kind::Enterprises, &path, &upsert)
        .await
        .unwrap();
    let e = store.enterprise(&uscc(1)).await.unwrap().unwrap();
    assert_eq!(e.enterprise.name, "甲（新名）");
    assert_eq!(
        scope(e).as_deref(),
        Some("锂离子电池制造；电池销售（不含危险化学品）")
    );
    // The export has the column under its Chinese header.
    let out = dir.path().join("e.csv");
    liantu_ingest::export(
        &store,
        Kind::Enterprises,
        liantu_ingest::FileFormat::Csv,
        &out,
    )
    .await
    .unwrap();
    let exported = std::fs::read_to_string(&out).unwrap();
    let header = exported.lines().next().unwrap();
    assert!(header.contains("主要产品,经营范围,"), "{header}");
    assert!(exported.contains("锂离子电池制造；电池销售（不含危险化学品）"));
}

/// The built-in classification is the shared reference file unchanged, and passes the checks a
/// user's copy would.
#[test]
fn the_builtin_occupation_classification_is_the_published_file() {
    let built_in = liantu_ingest::occupations::builtin_occupations().unwrap();
    let mut per_level = [0; 4];
    for c in &built_in.classes {
        per_level[usize::from(c.level - 1)] += 1;
    }
    assert_eq!(per_level, [8, 72, 336, 1632]);
    assert_eq!(built_in.merged_duplicates, 3);
    let Some(shared) = shared("occupations/csco2022.csv") else {
        return;
    };
    assert_eq!(
        std::fs::read(&shared).unwrap(),
        liantu_ingest::occupations::BUILTIN_OCCUPATIONS
    );
    let read = liantu_ingest::occupations::read_occupations(&shared, None).unwrap();
    assert_eq!(read.classes, built_in.classes);
}
