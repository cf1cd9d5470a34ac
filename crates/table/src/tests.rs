use super::*;
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

fn sample() -> Table {
    let mut t = Table::new(
        Text::new("诊断", "Diagnosis"),
        vec![
            Column::new("node", "环节代码", "Node id", ColumnKind::Text),
            Column::new("name", "环节", "Node", ColumnKind::Local),
            Column::new(
                "status",
                "状态",
                "Status",
                ColumnKind::Label { badge: true },
            ),
            Column::new(
                "output",
                "产值（万元）",
                "Output (10k yuan)",
                ColumnKind::Money,
            ),
            Column::new("share", "占比", "Share", ColumnKind::Percent),
            Column::new("firms", "企业数", "Firms", ColumnKind::Count),
        ],
    );
    t.push(vec![
        Cell::text("lithium-carbonate"),
        Cell::local("电池级碳酸锂", "Battery-grade Li2CO3").link("/chains/x/nodes/y"),
        Cell::label("missing", "空白", "missing"),
        Cell::Money(1234567.5),
        Cell::Percent(0.4234),
        Cell::Count(12),
    ]);
    t.push(vec![
        Cell::text("=HYPERLINK(\"http://evil\")"),
        Cell::local("电芯", "Cells"),
        Cell::label("strong", "优势", "strong"),
        Cell::Empty,
        Cell::Percent(f64::NAN),
        Cell::Count(-3),
    ]);
    t.with_footer(Text::new("来源：示例", "Source: illustrative"))
}

#[test]
fn numbers_read_like_numbers() {
    assert_eq!(money(1234567.4), "1,234,567");
    assert_eq!(money(0.0), "0");
    assert_eq!(money(-1000.0), "-1,000");
    assert_eq!(money(-0.2), "-0.2");
    assert_eq!(money(12.34), "12.3");
    assert_eq!(money(f64::NAN), "—");
    assert_eq!(percent(0.4234), "42.3%");
    assert_eq!(fixed(13909.0, 0), "13,909");
    assert_eq!(fixed(-1234.567, 2), "-1,234.57");
    assert_eq!(fixed(-0.001, 2), "0.00");
    assert_eq!(plain_number(3.0), "3");
    assert_eq!(plain_number(0.1 + 0.2), "0.30000000000000004");
    assert_eq!(Cell::Count(-1234).display(Lang::Zh), "-1,234");
}

#[test]
fn csv_for_people_has_bom_localised_headers_and_no_formulas() {
    let bytes = csv::to_bytes(&sample(), csv::Headers::People(Lang::Zh));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "环节代码,环节,状态,产值（万元）,占比,企业数");
    assert_eq!(
        lines[1],
        "lithium-carbonate,电池级碳酸锂,空白,1234567.5,0.4234,12"
    );
    // The formula is neutralised; a share that is not finite is left empty.
    assert_eq!(
        lines[2],
        "\"'=HYPERLINK(\"\"http://evil\"\")\",电芯,优势,,,-3"
    );
    assert_eq!(lines[3], "来源：示例");
    let en = String::from_utf8(csv::to_bytes(&sample(), csv::Headers::People(Lang::En))).unwrap();
    assert!(en.contains("Node id,Node,Status"), "{en}");
    assert!(en.contains("Battery-grade Li2CO3,missing"), "{en}");
}

#[test]
fn every_formula_prefix_is_neutralised() {
    for bad in ["=1+1", "+SUM(A1)", "-2+3", "@SUM(1)", "\tx", "\rx"] {
        assert!(
            csv::neutralise(bad.to_string()).starts_with('\''),
            "{bad:?}"
        );
    }
    assert_eq!(csv::neutralise("柳州".into()), "柳州");
    assert_eq!(csv::neutralise("".into()), "");
}

#[test]
fn csv_for_programs_uses_keys_and_both_languages() {
    let text = String::from_utf8(csv::to_bytes(&sample(), csv::Headers::Keys)).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "node,name_zh,name_en,status,output,share,firms");
    assert_eq!(
        lines[1],
        "lithium-carbonate,电池级碳酸锂,Battery-grade Li2CO3,missing,1234567.5,0.4234,12"
    );
}

#[test]
fn xlsx_is_typed_and_reads_back() {
    let bytes = xlsx::to_bytes(&sample(), Lang::Zh).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let range = book.worksheet_range("诊断").unwrap();
    assert_eq!(range.get((0, 1)), Some(&Data::String("环节".into())));
    assert_eq!(range.get((1, 3)), Some(&Data::Float(1234567.5)));
    assert_eq!(range.get((1, 4)), Some(&Data::Float(0.4234)));
    assert_eq!(range.get((1, 5)), Some(&Data::Float(12.0)));
    // Text stays text, even when it looks like a formula.
    assert_eq!(
        range.get((2, 0)),
        Some(&Data::String("=HYPERLINK(\"http://evil\")".into()))
    );
    assert_eq!(range.get((4, 0)), Some(&Data::String("来源：示例".into())));
    // Deterministic: the same table gives the same bytes.
    assert_eq!(bytes, xlsx::to_bytes(&sample(), Lang::Zh).unwrap());
}

#[test]
fn text_lines_up_chinese_and_right_aligns_numbers() {
    let out = text::render(&sample(), Lang::Zh);
    let lines: Vec<&str> = out.lines().collect();
    use unicode_width::UnicodeWidthStr;
    // Header, rule and rows end at the same terminal column where the last column is numeric.
    let widths: Vec<usize> = lines[..4].iter().map(|l| l.width()).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "{out}\n{widths:?}");
    assert!(lines[2].contains("1,234,568"), "{out}");
    assert!(lines[2].contains("42.3%"), "{out}");
    assert_eq!(lines.last(), Some(&"来源：示例"));
}

#[test]
fn json_rows_keep_numbers_and_keys() {
    let v = json::rows(&sample());
    assert_eq!(v[0]["node"], "lithium-carbonate");
    assert_eq!(v[0]["name_zh"], "电池级碳酸锂");
    assert_eq!(v[0]["name_en"], "Battery-grade Li2CO3");
    assert_eq!(v[0]["status"], "missing");
    assert_eq!(v[0]["output"], 1234567.5);
    assert_eq!(v[1]["output"], serde_json::Value::Null);
    assert_eq!(v[1]["share"], serde_json::Value::Null);
    assert_eq!(v[1]["firms"], -3);
}

#[test]
fn streamed_files_appear_only_when_complete() {
    let dir = tempfile::tempdir().unwrap();
    let table = sample();
    for format in [Format::Csv, Format::Xlsx] {
        let path = dir.path().join(match format {
            Format::Csv => "t.csv",
            Format::Xlsx => "t.xlsx",
        });
        let mut w = Writer::create(&path, format, "诊断", table.columns.clone(), Lang::Zh).unwrap();
        w.row(&table.rows[0]).unwrap();
        assert!(!path.exists(), "nothing at the destination before finish");
        drop(w);
        assert!(!path.exists());
        let partial = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().ends_with(".partial")
            })
            .count();
        assert_eq!(partial, 0, "no partial file left");

        let mut w = Writer::create(&path, format, "诊断", table.columns.clone(), Lang::Zh).unwrap();
        for row in &table.rows {
            w.row(row).unwrap();
        }
        assert_eq!(w.finish(Some("来源：示例")).unwrap(), 2);
        assert!(path.exists());
    }
    // The streamed CSV equals the in-memory one.
    assert_eq!(
        std::fs::read(dir.path().join("t.csv")).unwrap(),
        csv::to_bytes(&table, csv::Headers::People(Lang::Zh))
    );
}
