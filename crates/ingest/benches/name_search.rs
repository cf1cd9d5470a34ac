//! Finding a firm by part of its name among 1,000,000 (`LIANTU_BENCH_ROWS`): the enterprise
//! list's first page and its count, as the page and the API ask for them, through the name
//! bigram index (`store::search`), beside the same page and count by `LIKE '%…%'` alone — what
//! the list did before the index — on the same database in the same run. Names are built from a
//! place, a two-character brand, an industry and a legal form (`广西五菱汽车零部件有限公司`),
//! so a brand is shared by ≈70 firms, an industry by one in twenty; USCCs in random order. The
//! import's time with the index is printed too (the import bench compares imports).

#[path = "common/mod.rs"]
mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_store::EnterpriseFilter;
use std::time::{Duration, Instant};

const PLACES: [&str; 12] = [
    "广西", "柳州", "南宁", "桂林", "鹿寨", "柳城", "融安", "三江", "柳江", "融水", "梧州", "玉林",
];
const INDUSTRIES: [&str; 20] = [
    "汽车零部件",
    "机械",
    "化工",
    "新材料",
    "电池",
    "电子",
    "木业",
    "家居",
    "纸业",
    "食品",
    "冶金",
    "建材",
    "物流",
    "医药",
    "塑料",
    "橡胶",
    "涂料",
    "钢构",
    "模具",
    "能源",
];
const FORMS: [&str; 4] = ["有限公司", "股份有限公司", "有限责任公司", "厂"];
/// 120 characters common in firm names; a brand is two of them (14,400 brands).
const BRAND: &str = "五菱柳工钢宝通达华信源丰泰安盛隆兴鑫恒瑞祥和富利德顺昌嘉宏博新金银凯益乐天海峰林森桂海远航创盈汇力捷锐众成恒大中美佳运龙虎凤鹏飞腾云星辰光明阳春秋冬夏江河湖山石田禾木竹松梅兰菊荣耀永久长青方圆正道合力同心聚贤诚信立本精工巧匠智能";

fn name(i: u64) -> String {
    // SplitMix64 of the row number: the same names every run.
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    let brand: Vec<char> = BRAND.chars().collect();
    let pick = |shift: u32, n: usize| ((z >> shift) as usize) % n;
    format!(
        "{}{}{}{}{}",
        PLACES[pick(0, PLACES.len())],
        brand[pick(8, brand.len())],
        brand[pick(20, brand.len())],
        INDUSTRIES[pick(32, INDUSTRIES.len())],
        FORMS[pick(44, FORMS.len())],
    )
}

fn write_csv(path: &std::path::Path, rows: u64) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(w, "{}", common::CSV_HEADER)?;
    for i in common::shuffled(rows) {
        let mut row = common::row(i);
        row[1] = name(i);
        writeln!(w, "{}", row.join(","))?;
    }
    w.flush()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let n = common::bench_rows();
    let csv = dir.path().join("enterprises.csv");
    write_csv(&csv, n).expect("csv");
    let db = dir.path().join("bench.db");
    let (took, added) = common::timed_import(&rt, rt.block_on(common::fresh_store(&db)), &csv);
    assert_eq!(added, n);
    println!("import of {n} firms with the name index: {took:.2?}");
    let store = rt
        .block_on(liantu_store::Store::open(&db, false))
        .expect("open");
    let peer = rt
        .block_on(sqlx::SqlitePool::connect(&format!(
            "sqlite://{}",
            db.display()
        )))
        .expect("peer pool");

    let searches = ["五菱", "柳州五菱", "汽车零部件", "柳"];
    let mut group = c.benchmark_group("name search");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(5));
    let mut figures = Vec::new();
    for q in searches {
        let filter = EnterpriseFilter {
            query: Some(q.into()),
            ..Default::default()
        };
        let page = rt
            .block_on(store.enterprises(&filter, 0, 50))
            .expect("page");
        let pattern = format!("%{q}%");
        let like = || async {
            let count: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM enterprises WHERE name LIKE ?")
                    .bind(&pattern)
                    .fetch_one(&peer)
                    .await
                    .expect("count");
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM enterprises WHERE name LIKE ? ORDER BY name, uscc LIMIT 50",
            )
            .bind(&pattern)
            .fetch_all(&peer)
            .await
            .expect("page");
            (count, names)
        };
        // The index and LIKE find the same firms.
        let (count, names) = rt.block_on(like());
        assert_eq!(page.total as i64, count, "{q}");
        let ours: Vec<&str> = page.items.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            ours,
            names.iter().map(String::as_str).collect::<Vec<_>>(),
            "{q}"
        );
        let time = |f: &mut dyn FnMut()| {
            let start = Instant::now();
            for _ in 0..5 {
                f();
            }
            start.elapsed() / 5
        };
        let indexed = time(&mut || {
            rt.block_on(store.enterprises(&filter, 0, 50))
                .expect("page");
        });
        let scanned = time(&mut || {
            rt.block_on(like());
        });
        figures.push((q, count, indexed, scanned));
        group.bench_function(format!("liantu {q}"), |b| {
            b.iter(|| {
                rt.block_on(store.enterprises(&filter, 0, 50))
                    .expect("page")
            })
        });
        group.bench_function(format!("LIKE scan {q}"), |b| b.iter(|| rt.block_on(like())));
    }
    group.finish();
    println!("\n{n} firms; first page of 50 + count, mean of 5, one run:");
    for (q, count, indexed, scanned) in figures {
        println!(
            "  {q:<8} {count:>7} firms   liantu {indexed:>10.2?}   LIKE scan {scanned:>10.2?}"
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
