//! Shared by the benchmark and the `import_big` example: synthetic enterprise files and a
//! database ready to receive them.
#![allow(dead_code)]

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// Rows of the benchmarks' enterprise file: 1,000,000, or `LIANTU_BENCH_ROWS`.
pub fn bench_rows() -> u64 {
    std::env::var("LIANTU_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

/// One enterprise import of `file` into `store` (then closed), timed without the set-up; the
/// time and the rows added.
pub fn timed_import(
    rt: &tokio::runtime::Runtime,
    store: liantu_store::Store,
    file: &Path,
) -> (Duration, u64) {
    let options = liantu_ingest::ImportOptions::default();
    let start = Instant::now();
    let summary = rt
        .block_on(liantu_ingest::import_file(
            &store,
            liantu_ingest::Kind::Enterprises,
            file,
            &options,
        ))
        .expect("import");
    let took = start.elapsed();
    rt.block_on(store.close());
    (took, summary.added)
}

pub const CSV_HEADER: &str = "统一社会信用代码,企业名称,行政区划代码,所有制,规上企业,行业代码,主要产品,用地面积（亩）,成立年份";

const REGIONS: [&str; 10] = [
    "450202", "450203", "450204", "450205", "450206", "450222", "450223", "450224", "450225",
    "450226",
];
const OWNERSHIP: [&str; 4] = ["国有", "民营", "外资", "港澳台"];
const CODES: [&str; 6] = ["3670", "3612", "3841", "2021", "2613", "3311"];

/// A valid USCC numbered `i`.
pub fn uscc(i: u64) -> String {
    let body = format!("91450204{:09}", i);
    let check = liantu_model::uscc::check_char(&body).unwrap_or('0');
    format!("{body}{check}")
}

pub fn row(i: u64) -> [String; 9] {
    [
        uscc(i),
        format!("柳州示例{i}号汽车零部件有限公司"),
        REGIONS[(i % 10) as usize].to_string(),
        OWNERSHIP[(i % 4) as usize].to_string(),
        if i.is_multiple_of(3) { "是" } else { "否" }.to_string(),
        CODES[(i % 6) as usize].to_string(),
        "汽车零部件、模具".to_string(),
        format!("{}.5", i % 500),
        (1990 + i % 35).to_string(),
    ]
}

/// The order in which the files list enterprises `1..=rows`: a seeded Fisher–Yates shuffle
/// (SplitMix64), because real enterprise lists arrive in no particular USCC order, and a B-tree
/// fed sorted keys only ever appends, which hides the cost of random ones.
pub fn shuffled(rows: u64) -> Vec<u64> {
    let mut order: Vec<u64> = (1..=rows).collect();
    let mut state: u64 = 0x6c69_616e_7475; // "liantu": the same file every run
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for i in (1..order.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// Writes `rows` enterprise rows as UTF-8 CSV, valid USCCs in random order.
pub fn write_csv(path: &Path, rows: u64) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(w, "{CSV_HEADER}")?;
    for i in shuffled(rows) {
        writeln!(w, "{}", row(i).join(","))?;
    }
    w.flush()
}

/// Writes `rows` enterprise rows as XLSX, valid USCCs in random order.
pub fn write_xlsx(path: &Path, rows: u64) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet_with_constant_memory()?;
    for (c, h) in (0u16..).zip(CSV_HEADER.split(',')) {
        ws.write(0, c, h)?;
    }
    for (r, i) in (1u32..).zip(shuffled(rows)) {
        for (c, v) in (0u16..).zip(row(i)) {
            ws.write(r, c, v)?;
        }
    }
    book.save(path)
}

/// A fresh database with the built-in chains and the demo's regions, parks and sources.
pub async fn fresh_store(path: &Path) -> liantu_store::Store {
    let _ = std::fs::remove_file(path);
    let store = liantu_store::Store::open(path, true).await.expect("open");
    prepare(store).await
}

/// [`fresh_store`] on an empty PostgreSQL database.
pub async fn fresh_postgres_store(url: &str) -> liantu_store::Store {
    let store = liantu_store::Store::open_url(url).await.expect("open");
    prepare(store).await
}

/// What `psql`'s `\copy` loads the CSV into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PsqlTable {
    /// The keys of liantu's `enterprises`: USCC primary key, region and name indexes (its park
    /// index stays empty: the file has no park).
    SameKeys,
    /// The same, and the region a foreign key into a table of the division codes, as in
    /// liantu's schema (which also checks the source and park): what integrity costs.
    SameKeysAndForeignKey,
}

impl PsqlTable {
    pub fn label(self) -> &'static str {
        match self {
            PsqlTable::SameKeys => "psql \\copy, same keys (no validation)",
            PsqlTable::SameKeysAndForeignKey => "psql \\copy, same keys + region FK",
        }
    }
}

/// The same CSV loaded by `psql`'s `\copy` (one `COPY … FROM STDIN`, no validation) into `table`,
/// dropped first. Returns `None` when `psql` is not installed.
pub fn psql_copy(csv: &Path, url: &str, table: PsqlTable) -> Option<std::time::Duration> {
    // psql refuses sqlx's own URL parameters (statement-cache-capacity …).
    let url = url.split('?').next().unwrap_or(url);
    let run = |args: &[&str]| {
        std::process::Command::new("psql")
            .arg(url)
            .args(["-q", "-v", "ON_ERROR_STOP=1"])
            .args(args.iter().flat_map(|a| ["-c", a]))
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let regions: Vec<String> = REGIONS.iter().map(|r| format!("('{r}')")).collect();
    let regions = format!(
        "CREATE TABLE r (code TEXT PRIMARY KEY); INSERT INTO r VALUES {}",
        regions.join(", ")
    );
    let region = match table {
        PsqlTable::SameKeys => "region TEXT",
        PsqlTable::SameKeysAndForeignKey => "region TEXT REFERENCES r (code)",
    };
    let schema = format!(
        "CREATE TABLE e (uscc TEXT PRIMARY KEY, name TEXT, {region}, ownership TEXT, above_scale TEXT, industry_code TEXT, main_products TEXT, land_mu TEXT, founded TEXT); CREATE INDEX e_region ON e (region); CREATE INDEX e_name ON e (name, uscc)"
    );
    if !run(&[
        "DROP TABLE IF EXISTS e",
        "DROP TABLE IF EXISTS r",
        &regions,
        &schema,
    ]) {
        return None;
    }
    let copy = format!(
        "\\copy e FROM '{}' WITH (FORMAT csv, HEADER true)",
        csv.display()
    );
    let start = std::time::Instant::now();
    run(&[&copy]).then(|| start.elapsed())
}

async fn prepare(store: liantu_store::Store) -> liantu_store::Store {
    liantu_app::App::new(store.clone())
        .install_builtin_chains()
        .await
        .expect("chains");
    let mut d = liantu_demo::dataset().expect("demo");
    d.enterprises.clear();
    d.years.clear();
    d.memberships.clear();
    d.links.clear();
    d.facts.clear();
    store.load_dataset(&d).await.expect("load");
    store
}

/// The table the sqlite3 shell imports the CSV into, for comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sqlite3Table {
    /// The keys of liantu's `enterprises` table: USCC primary key, region and name indexes.
    SameKeys,
    /// No key and no index: the floor of what writing the rows costs.
    Bare,
}

impl Sqlite3Table {
    pub fn label(self) -> &'static str {
        match self {
            Sqlite3Table::SameKeys => "sqlite3 .import, same keys",
            Sqlite3Table::Bare => "sqlite3 .import, bare table",
        }
    }

    fn schema(self) -> &'static str {
        match self {
            Sqlite3Table::SameKeys => {
                "CREATE TABLE e (uscc TEXT PRIMARY KEY, name TEXT, region TEXT, ownership TEXT, above_scale TEXT, industry_code TEXT, main_products TEXT, land_mu TEXT, founded TEXT);\nCREATE INDEX e_region ON e (region);\nCREATE INDEX e_name ON e (name, uscc);"
            }
            Sqlite3Table::Bare => {
                "CREATE TABLE e (uscc TEXT, name TEXT, region TEXT, ownership TEXT, above_scale TEXT, industry_code TEXT, main_products TEXT, land_mu TEXT, founded TEXT);"
            }
        }
    }
}

/// The same CSV loaded by the sqlite3 command-line shell (its default settings, one
/// transaction), no validation. Returns `None` when `sqlite3` is not installed.
pub fn sqlite3_import(csv: &Path, db: &Path, table: Sqlite3Table) -> Option<std::time::Duration> {
    let _ = std::fs::remove_file(db);
    let script = format!(
        "{}\n.import --csv --skip 1 {} e\n",
        table.schema(),
        csv.display()
    );
    let start = std::time::Instant::now();
    let out = std::process::Command::new("sqlite3")
        .arg(db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .and_then(|mut child| {
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(script.as_bytes())?;
            }
            child.wait()
        });
    match out {
        Ok(status) if status.success() => Some(start.elapsed()),
        _ => None,
    }
}
