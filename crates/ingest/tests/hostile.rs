//! Hostile and careless files (issue 12, items 1–3): each is read correctly or refused with a
//! clear error in Chinese and English; none panics or exhausts memory.

mod common;

use common::hostile;
use common::*;
use liantu_ingest::candidates::read_candidate_rows;
use liantu_ingest::{FileError, ImportError, ImportOptions, Kind, Report, import_file};
use std::fmt::Write as _;
use std::path::Path;

fn forced(encoding: &str) -> ImportOptions {
    ImportOptions {
        encoding: Some(encoding.into()),
        ..ImportOptions::default()
    }
}

fn bad_rows(r: Result<liantu_ingest::ImportSummary, ImportError>) -> Report {
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

fn bilingual(e: &impl std::fmt::Display) -> String {
    let text = e.to_string();
    assert!(text.contains(" / "), "not in Chinese and English: {text}");
    text
}

/// An enterprise list whose last row is `last`, in UTF-8.
fn enterprises_then(last: &str) -> String {
    format!(
        "统一社会信用代码,企业名称,行政区划代码,所有制\n{},甲,450204,民营\n{last}",
        uscc(1)
    )
}

#[tokio::test]
async fn files_that_end_inside_a_character_are_read_not_panicked_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let one = write(dir.path(), "one.csv", b"\xef");
    for kind in Kind::ALL {
        let e = file_error(import_file(&store, kind, &one, &ImportOptions::default()).await);
        bilingual(&e);
        // UTF-8 read as UTF-16: an odd number of bytes.
        let utf8 = write(dir.path(), "utf8.csv", enterprises_then("x"));
        let r = import_file(&store, kind, &utf8, &forced("utf-16")).await;
        assert!(matches!(r, Err(ImportError::File(_))), "{kind}: {r:?}");
    }
    assert!(read_candidate_rows(&one, None).is_err());
    // GBK ending on the lead byte of a character: the cut character is reported in its row.
    let text = enterprises_then("");
    let mut cut = encoding_rs::GBK.encode(&text).0.into_owned();
    cut.push(0xD6);
    let path = write(dir.path(), "gbk.csv", &cut);
    let report = bad_rows(import_file(&store, Kind::Enterprises, &path, &forced("gbk")).await);
    assert_eq!(
        (report.errors[0].row, report.errors[0].column),
        (3, Some(0))
    );
    // Odd-length UTF-16 with a byte-order mark.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in enterprises_then("").encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    utf16.push(b'x');
    let path = write(dir.path(), "utf16.csv", &utf16);
    let report =
        bad_rows(import_file(&store, Kind::Enterprises, &path, &ImportOptions::default()).await);
    assert_eq!(report.errors[0].row, 3);
    assert_eq!(count(&store).await, 0);
}

#[tokio::test]
async fn overlong_and_endless_lines_are_refused_naming_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let long = enterprises_then(&format!(
        "{},\"{}\",450204,民营\n",
        uscc(2),
        "长".repeat(4_000_000)
    ));
    let path = write(dir.path(), "long.csv", long);
    for kind in Kind::ALL {
        let e = file_error(import_file(&store, kind, &path, &ImportOptions::default()).await);
        let text = bilingual(&e);
        assert!(
            text.contains("第 3 行") && text.contains("row 3"),
            "{kind}: {text}"
        );
    }
    let candidates = format!(
        "项目编号,项目名称,计划投资（万元）\nP1,甲,100\nP2,\"{}\",100\n",
        "长".repeat(4_000_000)
    );
    let path = write(dir.path(), "candidates.csv", candidates);
    match read_candidate_rows(&path, None) {
        Err(e) => assert!(e.to_string().contains("row 3"), "{e}"),
        Ok(_) => panic!("a 12 MB line was read"),
    }
    if Path::new("/dev/zero").exists() {
        let e = file_error(
            import_file(
                &store,
                Kind::Enterprises,
                Path::new("/dev/zero"),
                &ImportOptions::default(),
            )
            .await,
        );
        assert!(bilingual(&e).contains("row 1"), "{e}");
    }
}

#[tokio::test]
async fn rows_are_the_lines_an_editor_shows_for_every_line_ending_encoding_and_bom() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    for end in ["\n", "\r\n", "\r"] {
        // Line 3 holds a record over two lines, line 6 is empty, line 7 a record over three;
        // the bad cells are on lines 5 (C), 7 (C) and 10 (D).
        let mut text = String::new();
        for line in [
            "统一社会信用代码,企业名称,行政区划代码,所有制".to_string(),
            format!("{},甲,450204,民营", uscc(1)),
            format!("{},\"乙{end}分厂\",450204,民营", uscc(2)),
            format!("{},丙,999999,民营", uscc(3)),
            String::new(),
            format!("{},\"丁{end}{end}二厂\",12,民营", uscc(4)),
            format!("{},戊,450204,公私合营", uscc(5)),
        ] {
            write!(text, "{line}{end}").unwrap();
        }
        let utf16 = |bom: &[u8]| {
            let mut bytes = bom.to_vec();
            for unit in text.encode_utf16() {
                bytes.extend(unit.to_le_bytes());
            }
            bytes
        };
        let files: [(&str, Vec<u8>); 4] = [
            ("utf-8", text.clone().into_bytes()),
            (
                "utf-8 with BOM",
                [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            ),
            ("GBK", encoding_rs::GBK.encode(&text).0.into_owned()),
            ("UTF-16 with BOM", utf16(&[0xFF, 0xFE])),
        ];
        for (name, bytes) in files {
            let path = write(dir.path(), "rows.csv", &bytes);
            let report = bad_rows(
                import_file(&store, Kind::Enterprises, &path, &ImportOptions::default()).await,
            );
            let at: Vec<(u64, String)> = report
                .errors
                .iter()
                .map(|p| (p.row, p.column_letter()))
                .collect();
            assert_eq!(
                at,
                [(5, "C".to_string()), (7, "C".into()), (10, "D".into())],
                "{name}, lines ending {end:?}"
            );
            assert_eq!(report.header_row, 1);
        }
    }
}

async fn import_workbook(bytes: &[u8]) -> Result<liantu_ingest::ImportSummary, ImportError> {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    let path = write(dir.path(), "hostile.xlsx", bytes);
    import_file(&store, Kind::Enterprises, &path, &ImportOptions::default()).await
}

#[tokio::test]
async fn a_cell_moved_to_xfd1048576_costs_no_grid() {
    let book = hostile::far_cell(&hostile::enterprise_workbook(2, uscc));
    let s = import_workbook(&book).await.unwrap();
    assert_eq!(
        s.added, 2,
        "the stray cell, right of the table, is no part of it"
    );
}

#[tokio::test]
async fn a_shared_string_table_declaring_four_billion_strings_is_refused() {
    let book = hostile::huge_string_count(&hostile::enterprise_workbook(2, uscc));
    let e = file_error(import_workbook(&book).await);
    assert!(bilingual(&e).contains("4294967295"), "{e}");
}

#[tokio::test]
async fn a_merge_over_the_whole_sheet_is_filled_only_where_there_are_rows() {
    let book = hostile::huge_merge(&hostile::enterprise_workbook(2, uscc));
    let s = import_workbook(&book).await.unwrap();
    assert_eq!(s.added, 2);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.reason_zh.contains("A2:XFD1048576"))
    );
    // With a cell in the last row every row is in the merge: refused once a million cells have
    // been looked at to fill it.
    let book = hostile::huge_merge_to_the_last_row(&hostile::enterprise_workbook(2, uscc));
    let e = file_error(import_workbook(&book).await);
    assert!(bilingual(&e).contains("merged"), "{e}");
}

#[tokio::test]
async fn a_zip_bomb_is_refused_before_it_inflates() {
    // 24 MiB of spaces in a worksheet: about 24 KiB in the file.
    let book = hostile::inflating(&hostile::enterprise_workbook(2, uscc), 24 << 20);
    assert!(book.len() < 1 << 20, "{}", book.len());
    let e = file_error(import_workbook(&book).await);
    assert!(bilingual(&e).contains("zip bomb"), "{e}");
}

#[tokio::test]
async fn a_report_of_long_bad_rows_is_kept_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let store = base_store(dir.path()).await;
    // The long cell is in a column liantu does not read (a name that long is an error itself).
    let mut text = String::from("统一社会信用代码,企业名称,行政区划代码,所有制,备注\n");
    let note = "长".repeat(300_000);
    for i in 0..100 {
        writeln!(text, "{},甲,450204,公私合营,{note}", uscc(i + 1)).unwrap();
    }
    let path = write(dir.path(), "long-bad.csv", text);
    let report =
        bad_rows(import_file(&store, Kind::Enterprises, &path, &ImportOptions::default()).await);
    assert_eq!((report.bad_rows, report.error_count), (100, 100));
    let kept: usize = report
        .bad_row_cells
        .iter()
        .flat_map(|(_, cells)| cells)
        .map(String::len)
        .sum();
    assert!(kept <= 32 << 20, "{kept} bytes of bad rows kept");
    assert!(report.bad_row_cells.len() < 100);
    assert_eq!(
        report.errors.len(),
        100,
        "the errors themselves are small and all kept"
    );
}

#[tokio::test]
async fn a_string_count_a_little_off_is_harmless_but_a_hundred_thousand_merges_are_not() {
    let book = hostile::enterprise_workbook(2, uscc);
    // Some writers miscount: room for a few more strings costs nothing.
    let off = hostile::rewrite(&book, "xl/sharedStrings.xml", |xml| {
        xml.replacen("uniqueCount=\"", "uniqueCount=\"1", 1)
    });
    assert_eq!(import_workbook(&off).await.unwrap().added, 2);
    let merges = hostile::rewrite(&book, "xl/worksheets/sheet1.xml", |xml| {
        let many: String = (0..100_001)
            .map(|i| format!("<mergeCell ref=\"E{0}:F{0}\"/>", i + 10))
            .collect();
        xml.replace(
            "</sheetData>",
            &format!("</sheetData><mergeCells>{many}</mergeCells>"),
        )
    });
    let e = file_error(import_workbook(&merges).await);
    assert!(bilingual(&e).contains("100001 merged regions"), "{e}");
}
