//! A bounded mutation fuzz of the file readers of every import kind and of candidate files: valid
//! CSV and XLSX fixtures are mutated (bytes flipped, inserted, deleted; files cut; lines
//! doubled; NUL, CR, quotes and huge numbers injected; XML cell references, string indices and
//! merges rewritten inside a valid zip) and each result must be rows or a clean error, never a
//! panic or a hang. The harness is `liantu_testdata::fuzz`: each test runs for
//! `LIANTU_FUZZ_SECONDS` (default 10, the two together about 20 s); `LIANTU_FUZZ_SEED` picks
//! another seed. A longer run:
//!
//! ```sh
//! LIANTU_FUZZ_SECONDS=600 cargo test -p liantu-ingest --release --test fuzz -- --nocapture
//! ```
//!
//! Inputs that fail are written to the temp directory named in the failure message.

mod common;

use common::hostile::{parts, zip_of};
use common::*;
use liantu_ingest::candidates::read_candidate_rows;
use liantu_ingest::{ImportOptions, Kind, import_file};
use liantu_testdata::fuzz::{Case, Fuzz, Mutator};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Workbook-level mutations: the XML inside a valid zip, or the zip itself.
fn mutate_workbook(rng: &mut Mutator, book: &[u8]) -> Vec<u8> {
    if rng.below(8) == 0 {
        return rng.mutate(book);
    }
    let mut parts = parts(book);
    let i = rng.below(parts.len());
    let xml = String::from_utf8_lossy(&parts[i].1).into_owned();
    let edited = match rng.below(4) {
        0 => {
            let refs = ["XFD1048576", "A1048577", "A0", "ZZZZ1", "B2", "A1", "AAA99"];
            let value = *rng.pick(&refs);
            replace_attr(rng, &xml, "r=\"", value)
        }
        1 => {
            let numbers = [
                "1e308",
                "-1e308",
                "NaN",
                "inf",
                "4294967295",
                "-1",
                "1,2345",
                "",
            ];
            let value = *rng.pick(&numbers);
            replace_attr(rng, &xml, "<v>", value)
        }
        2 => {
            let merges = ["A1:XFD1048576", "B2:A1", "A2:D1000000", "C3:C3", "A1:B"];
            let merge = rng.pick(&merges);
            xml.replace(
                "</sheetData>",
                &format!(
                    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"{merge}\"/></mergeCells>"
                ),
            )
        }
        _ => String::from_utf8_lossy(&rng.mutate(xml.as_bytes())).into_owned(),
    };
    parts[i].1 = edited.into_bytes();
    zip_of(&parts)
}

/// The value after one occurrence of `prefix`, up to the next quote or `<`, replaced.
fn replace_attr(rng: &mut Mutator, xml: &str, prefix: &str, value: &str) -> String {
    let found: Vec<usize> = xml.match_indices(prefix).map(|(i, _)| i).collect();
    if found.is_empty() {
        return xml.to_string();
    }
    let start = *rng.pick(&found) + prefix.len();
    let end = start + xml[start..].find(['"', '<']).unwrap_or(xml.len() - start);
    format!("{}{value}{}", &xml[..start], &xml[end..])
}

/// Valid CSV files of every kind (the enterprises they refer to are in the store) and a
/// candidate file.
fn csv_fixtures(chain: &str, node: &str) -> Vec<(Option<Kind>, String)> {
    let (a, b) = (uscc(1), uscc(2));
    vec![
        (
            Some(Kind::Enterprises),
            format!(
                "\u{FEFF}统一社会信用代码,企业名称,行政区划代码,所有制,规上企业,行业代码,用地面积（亩）,成立年份\n\
                 {},柳州甲公司,450204,民营企业,是,3670,\"1,234.5\",2005年\n\
                 {},\"乙\r\n分厂\",４５０２０５,国有,否,3612,１２０,2010-05-01\r\n",
                uscc(10),
                uscc(11)
            ),
        ),
        (
            Some(Kind::Years),
            format!(
                "uscc,year,工业总产值（万元）,从业人员（人）,截至日期\n{a},2023,\"12,345.5\",1200,2024/3/31\n{b},2024,1,2,45382\n"
            ),
        ),
        (
            Some(Kind::Memberships),
            format!("统一社会信用代码,产业链,环节,产值占比\n{a},{chain},{node},30%\n{b},{chain},{node},0.5\n"),
        ),
        (
            Some(Kind::Links),
            format!(
                "采购方信用代码,供应方信用代码,供应方名称,供应方区划代码,产业链,环节,采购产品,年份,采购金额（万元）\n\
                 {a},{b},乙,450204,{chain},{node},电芯,2024,\"1,200\"\n\
                 {a},,宁德某公司,350900,{chain},{node},电芯,2024,800\n"
            ),
        ),
        (
            None,
            "项目编号,项目名称,计划投资（万元）,达产年产值（万元）,达产年税收（万元）,服务环节\nP1,甲项目,1000,5000,300,电芯\nP2,乙项目,200,800,50,\n"
                .to_string(),
        ),
    ]
}

/// The same table as an XLSX workbook: numbers as numbers, a merged cell and a formula.
fn workbook_of(csv: &str) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
    for (r, record) in (0u32..).zip(reader.records()) {
        let record = record.unwrap();
        for (c, field) in (0u16..).zip(record.iter()) {
            match field.parse::<f64>() {
                Ok(n) if r > 0 => ws.write_number(r, c, n).map(drop).unwrap(),
                _ => ws.write(r, c, field).map(drop).unwrap(),
            }
        }
    }
    ws.write_formula(5, 0, rust_xlsxwriter::Formula::new("=1+1"))
        .unwrap();
    ws.merge_range(6, 1, 7, 2, "merged", &rust_xlsxwriter::Format::new())
        .unwrap();
    book.save_to_buffer().unwrap()
}

/// One mutated file: read as `kind` (the reader, and the whole import when `full`), or as a
/// candidate file when `kind` is `None`.
struct ImportCase {
    kind: Option<Kind>,
    bytes: Vec<u8>,
    workbook: bool,
    encoding: Option<&'static str>,
    full: bool,
}

impl Case for ImportCase {
    fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    fn file_name(&self) -> String {
        let kind = self.kind.map_or("candidates", |k| k.key());
        let encoding = self.encoding.unwrap_or("auto");
        let full = if self.full { ".import" } else { "" };
        let extension = if self.workbook { "xlsx" } else { "csv" };
        format!("{kind}.{encoding}{full}.{extension}")
    }
}

/// What cases run against: a store with two enterprises, and a directory for the files.
struct Harness {
    rt: tokio::runtime::Runtime,
    store: liantu_store::Store,
    dir: tempfile::TempDir,
    imports: Arc<AtomicU64>,
    contained_panics: Arc<AtomicU64>,
}

impl Harness {
    fn new() -> Harness {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = rt.block_on(async {
            let store = base_store(dir.path()).await;
            let e = write(
                dir.path(),
                "e.csv",
                format!(
                    "uscc,name,region,ownership\n{},甲,450204,民营\n{},乙,450204,民营\n",
                    uscc(1),
                    uscc(2)
                ),
            );
            import_file(&store, Kind::Enterprises, &e, &ImportOptions::default())
                .await
                .unwrap();
            store
        });
        Harness {
            rt,
            store,
            dir,
            imports: Arc::default(),
            contained_panics: Arc::default(),
        }
    }

    /// Reads the case's file; rows or a clean error.
    fn run(&self, case: &ImportCase) -> Result<(), String> {
        let path = write(
            self.dir.path(),
            if case.workbook {
                "case.xlsx"
            } else {
                "case.csv"
            },
            &case.bytes,
        );
        let outcome = self.read(case, &path);
        if let Err(message) = &outcome
            && message.contains("the reader panicked")
        {
            self.contained_panics.fetch_add(1, Ordering::Relaxed);
        }
        outcome
    }

    fn read(&self, case: &ImportCase, path: &Path) -> Result<(), String> {
        let Some(kind) = case.kind else {
            return read_candidate_rows(path, case.encoding)
                .map(drop)
                .map_err(|e| e.to_string());
        };
        let mut opened = liantu_ingest::source::open(path, kind.columns(), case.encoding)
            .map_err(|e| e.to_string())?;
        while opened.rows.next_row().map_err(|e| e.to_string())?.is_some() {}
        if !case.full {
            return Ok(());
        }
        self.imports.fetch_add(1, Ordering::Relaxed);
        let opts = ImportOptions {
            encoding: case.encoding.map(str::to_string),
            mode: liantu_ingest::Mode::Upsert,
            ..ImportOptions::default()
        };
        self.rt
            .block_on(import_file(&self.store, kind, path, &opts))
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

fn fuzz(name: &str, salt: u64, workbook: bool) {
    let harness = Harness::new();
    let (imports, contained_panics) = (harness.imports.clone(), harness.contained_panics.clone());
    let chain = harness
        .rt
        .block_on(liantu_app::App::new(harness.store.clone()).chain("nev-battery"))
        .unwrap();
    let fixtures: Vec<(Option<Kind>, Vec<u8>)> = csv_fixtures(&chain.id, &chain.nodes[0].id)
        .into_iter()
        .map(|(kind, text)| {
            let bytes = if workbook {
                workbook_of(&text)
            } else {
                text.into_bytes()
            };
            (kind, bytes)
        })
        .collect();
    for (kind, bytes) in &fixtures {
        let case = ImportCase {
            kind: *kind,
            bytes: bytes.clone(),
            workbook,
            encoding: None,
            full: false,
        };
        harness.run(&case).unwrap();
    }
    let encodings = [None, None, None, Some("gbk"), Some("utf-16"), Some("big5")];
    let fuzz = Fuzz::new(name, salt).seconds(10.0);
    let tally = fuzz.run(
        Mutator::new(fuzz.seed()),
        |m| {
            let (kind, input) = m.pick(&fixtures);
            let bytes = if workbook {
                mutate_workbook(m, input)
            } else {
                m.mutate(input)
            };
            ImportCase {
                kind: *kind,
                bytes,
                workbook,
                encoding: if workbook { None } else { *m.pick(&encodings) },
                full: m.below(4) == 0,
            }
        },
        move |case| harness.run(case),
    );
    eprintln!(
        "fuzz {name}: {} full imports, {} contained reader panics",
        imports.load(Ordering::Relaxed),
        contained_panics.load(Ordering::Relaxed)
    );
    assert!(tally.accepted > 0 && tally.rejected > 0);
}

#[test]
fn csv_readers_of_every_kind_survive_mutated_files() {
    fuzz("ingest csv", 0xC5, false);
}

#[test]
fn xlsx_readers_of_every_kind_survive_mutated_files() {
    fuzz("ingest xlsx", 0x715, true);
}
