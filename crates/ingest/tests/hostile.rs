//! Hostile and careless files (issue 12, items 1–3): each is read correctly or refused with a
//! clear error in Chinese and English; none panics or exhausts memory.

mod common;

use common::*;
use liantu_ingest::candidates::read_candidate_rows;
use liantu_ingest::{FileError, ImportError, ImportOptions, Kind, Report, import_file};

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
