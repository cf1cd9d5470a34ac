//! Hostile workbooks made from a valid one: the XML parts rewritten as an attacker would, the zip
//! rebuilt with correct checksums (so it is the XML that is hostile, not the container).

#![allow(dead_code)]

use std::io::{Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// An enterprise list with a header and `rows` valid rows (shared strings, as Excel writes them);
/// `uscc(i)` gives row i's code.
pub fn enterprise_workbook(rows: u32, uscc: impl Fn(u64) -> String) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in (0u16..).zip(["统一社会信用代码", "企业名称", "行政区划代码", "所有制"])
    {
        ws.write(0, c, h).unwrap();
    }
    for r in 1..=rows {
        ws.write(r, 0, uscc(u64::from(r))).unwrap();
        ws.write(r, 1, format!("企业{r}")).unwrap();
        ws.write(r, 2, "450204").unwrap();
        ws.write(r, 3, "民营").unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// The parts of a zip: (name, bytes).
pub fn parts(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut part = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).unwrap();
            (part.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// A zip of `parts`, deflated.
pub fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in parts {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// `zip` with the text of part `name` passed through `edit`, which must change it.
pub fn rewrite(zip: &[u8], name: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut parts = parts(zip);
    let part = parts
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    let edited = edit(std::str::from_utf8(&part.1).unwrap()).into_bytes();
    assert_ne!(edited, part.1, "{name} unchanged");
    part.1 = edited;
    zip_of(&parts)
}

const SHEET: &str = "xl/worksheets/sheet1.xml";

/// One cell moved to the last cell of a sheet, XFD1048576: calamine's grid for it would take
/// 512 GiB.
pub fn far_cell(zip: &[u8]) -> Vec<u8> {
    rewrite(zip, SHEET, |xml| {
        xml.replace(
            "</sheetData>",
            r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row></sheetData>"#,
        )
    })
}

/// A shared-string table that declares 4,294,967,295 strings (calamine reserves room for them
/// all: 103 GB).
pub fn huge_string_count(zip: &[u8]) -> Vec<u8> {
    rewrite(zip, "xl/sharedStrings.xml", |xml| {
        let at = xml.find("uniqueCount=\"").expect("uniqueCount") + "uniqueCount=\"".len();
        let end = at + xml[at..].find('"').unwrap();
        format!("{}4294967295{}", &xml[..at], &xml[end..])
    })
}

/// A merged region from A2 to the end of the sheet, XFD1048576.
pub fn huge_merge(zip: &[u8]) -> Vec<u8> {
    rewrite(zip, SHEET, |xml| {
        xml.replace(
            "</sheetData>",
            r#"</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>"#,
        )
    })
}

/// The merged region and a cell at the bottom of the sheet, so every row is in the merge.
pub fn huge_merge_to_the_last_row(zip: &[u8]) -> Vec<u8> {
    rewrite(&huge_merge(zip), SHEET, |xml| {
        xml.replace(
            "</sheetData>",
            r#"<row r="1048576"><c r="B1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#,
        )
    })
}

/// The worksheet padded with `bytes` of spaces: a small file that inflates to `bytes`.
pub fn inflating(zip: &[u8], bytes: usize) -> Vec<u8> {
    rewrite(zip, SHEET, |xml| {
        xml.replacen(
            "<sheetData>",
            &format!("{}<sheetData>", " ".repeat(bytes)),
            1,
        )
    })
}
