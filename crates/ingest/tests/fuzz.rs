//! A bounded mutation fuzz of the file readers of every import kind and of candidate files: valid
//! CSV and XLSX fixtures are mutated (bytes flipped, inserted, deleted; files cut; lines
//! doubled; NUL, CR, quotes and huge numbers injected; XML cell references, string indices and
//! merges rewritten inside a valid zip) and each result must be rows or a clean error, never a
//! panic. Each test runs for `LIANTU_FUZZ_SECONDS` (default 10, the two together about 20 s);
//! `LIANTU_FUZZ_SEED` picks another seed. A longer run:
//!
//! ```sh
//! LIANTU_FUZZ_SECONDS=600 cargo test -p liantu-ingest --release --test fuzz -- --nocapture
//! ```
//!
//! Inputs that panic are written to the temp directory named in the failure message.

mod common;

use common::hostile::{parts, zip_of};
use common::*;
use liantu_ingest::candidates::read_candidate_rows;
use liantu_ingest::{ImportOptions, Kind, import_file};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// xorshift64*: small, seeded, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn budget() -> Duration {
    let seconds = std::env::var("LIANTU_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10.0);
    Duration::from_secs_f64(seconds)
}

fn seed(salt: u64) -> u64 {
    let seed = std::env::var("LIANTU_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_F011);
    (seed ^ salt) | 1
}

const BYTES: &[u8] = b"\0\r\n\",;\t \xEF\xBB\xBF\xD6\xFF\xFE\x81\x30<>&=+-@%";
const NUMBERS: &[&str] = &[
    "1e308",
    "-1e308",
    "99999999999999999999999",
    "NaN",
    "inf",
    "-0",
    "1,2345",
    "１２３",
    "0.0000000001",
    "4294967295",
    "",
];

/// One to four byte-level mutations of `input`.
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(9) {
            0 if at < out.len() => out[at] ^= 1 << rng.below(8),
            1 => out.insert(at, *rng.pick(BYTES)),
            2 => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 => out.truncate(at),
            4 if !out.is_empty() => {
                // A line again, somewhere else.
                let text = out.clone();
                let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
                let line = rng.pick(&lines).to_vec();
                out.splice(at..at, line);
            }
            5 => {
                // A number replaced by an extreme one.
                if let Some(start) = (at..out.len()).find(|&i| out[i].is_ascii_digit()) {
                    let end = (start..out.len())
                        .find(|&i| !out[i].is_ascii_digit())
                        .unwrap_or(out.len());
                    out.splice(start..end, rng.pick(NUMBERS).bytes());
                }
            }
            6 => {
                let b = *rng.pick(BYTES);
                out.splice(at..at, std::iter::repeat_n(b, 1 + rng.below(64)));
            }
            7 if at < out.len() => out[at] = rng.next() as u8,
            _ => out.splice(at..at, rng.pick(NUMBERS).bytes()).for_each(drop),
        }
    }
    out
}

/// Workbook-level mutations: the XML inside a valid zip, or the zip itself.
fn mutate_workbook(rng: &mut Rng, book: &[u8]) -> Vec<u8> {
    if rng.below(8) == 0 {
        return mutate(rng, book);
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
            let value = *rng.pick(NUMBERS);
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
        _ => String::from_utf8_lossy(&mutate(rng, xml.as_bytes())).into_owned(),
    };
    parts[i].1 = edited.into_bytes();
    zip_of(&parts)
}

/// The value after one occurrence of `prefix`, up to the next quote or `<`, replaced.
fn replace_attr(rng: &mut Rng, xml: &str, prefix: &str, value: &str) -> String {
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

/// Cases run, inputs that panicked, and the slowest case.
#[derive(Default)]
struct Tally {
    cases: u64,
    imports: u64,
    accepted: u64,
    crashes: Vec<PathBuf>,
    contained_panics: u64,
    slowest: Duration,
}

/// One mutated file: read as `kind` (the reader, and the whole import when `full`), or as a
/// candidate file.
struct Case<'a> {
    kind: Option<Kind>,
    path: &'a Path,
    encoding: Option<&'a str>,
    full: bool,
}

/// What a case is run against, and the tally.
struct Harness {
    rt: tokio::runtime::Runtime,
    store: liantu_store::Store,
    crash_dir: PathBuf,
    tally: Tally,
}

impl Harness {
    /// Runs a case; a panic is counted and its input kept.
    fn run(&mut self, case: Case) {
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.read(&case)));
        let tally = &mut self.tally;
        tally.slowest = tally.slowest.max(started.elapsed());
        tally.cases += 1;
        tally.imports += u64::from(case.full && case.kind.is_some());
        match outcome {
            Ok(Ok(())) => tally.accepted += 1,
            Ok(Err(message)) => {
                assert!(!message.trim().is_empty(), "an empty error message");
                tally.contained_panics += u64::from(message.contains("the reader panicked"));
            }
            Err(_) => {
                let name = case.path.file_name().unwrap_or_default().to_string_lossy();
                let kept = self.crash_dir.join(format!("crash-{}-{name}", tally.cases));
                std::fs::copy(case.path, &kept).unwrap();
                tally.crashes.push(kept);
            }
        }
    }

    fn read(&self, case: &Case) -> Result<(), String> {
        let Some(kind) = case.kind else {
            return read_candidate_rows(case.path, case.encoding)
                .map(drop)
                .map_err(|e| e.to_string());
        };
        let mut opened = liantu_ingest::source::open(case.path, kind.columns(), case.encoding)
            .map_err(|e| e.to_string())?;
        while opened.rows.next_row().map_err(|e| e.to_string())?.is_some() {}
        if !case.full {
            return Ok(());
        }
        let opts = ImportOptions {
            encoding: case.encoding.map(str::to_string),
            mode: liantu_ingest::Mode::Upsert,
            ..ImportOptions::default()
        };
        self.rt
            .block_on(import_file(&self.store, kind, case.path, &opts))
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

/// Panics print one line, the first 20 of them (the fuzz loop catches them and keeps the
/// input; the tally says how many there were).
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    static PRINTED: AtomicU32 = AtomicU32::new(0);
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if PRINTED.fetch_add(1, Ordering::Relaxed) < 20 {
                eprintln!("panic: {info}");
            }
        }));
    });
}

fn fuzz(name: &str, salt: u64, workbook: bool) {
    quiet_panics();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let crash_dir = tempfile::Builder::new()
        .prefix("liantu-fuzz-")
        .tempdir()
        .unwrap()
        .keep();
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
    let chain = rt
        .block_on(liantu_app::App::new(store.clone()).chain("nev-battery"))
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
    let encodings = [None, None, None, Some("gbk"), Some("utf-16"), Some("big5")];
    let mut harness = Harness {
        rt,
        store,
        crash_dir,
        tally: Tally::default(),
    };
    let mut rng = Rng(seed(salt));
    let deadline = Instant::now() + budget();
    while Instant::now() < deadline {
        let (kind, input) = rng.pick(&fixtures);
        let bytes = if workbook {
            mutate_workbook(&mut rng, input)
        } else {
            mutate(&mut rng, input)
        };
        let path = write(
            dir.path(),
            if workbook { "case.xlsx" } else { "case.csv" },
            &bytes,
        );
        let encoding = if workbook {
            None
        } else {
            *rng.pick(&encodings)
        };
        let full = rng.below(4) == 0;
        harness.run(Case {
            kind: *kind,
            path: &path,
            encoding,
            full,
        });
    }
    let Harness {
        tally, crash_dir, ..
    } = harness;
    eprintln!(
        "fuzz {name}: {} cases ({} full imports, {} read without error), {} panics, {} contained reader panics, slowest case {:.0} ms, seed {}",
        tally.cases,
        tally.imports,
        tally.accepted,
        tally.crashes.len(),
        tally.contained_panics,
        tally.slowest.as_secs_f64() * 1e3,
        seed(salt)
    );
    if !tally.crashes.is_empty() {
        eprintln!(
            "inputs that panicked, kept in {}: {:?}",
            crash_dir.display(),
            tally.crashes
        );
    }
    assert!(tally.cases > 0);
    assert!(
        tally.crashes.is_empty(),
        "{} inputs panicked, kept in {}: {:?}",
        tally.crashes.len(),
        crash_dir.display(),
        tally.crashes
    );
    let _ = std::fs::remove_dir(&crash_dir);
}

#[test]
fn csv_readers_of_every_kind_survive_mutated_files() {
    fuzz("csv", 0xC5, false);
}

#[test]
fn xlsx_readers_of_every_kind_survive_mutated_files() {
    fuzz("xlsx", 0x715, true);
}
