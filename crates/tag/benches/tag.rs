//! Tagging 1,000,000 synthetic enterprises against the four built-in chains: main products made of
//! 1–3 node keywords (or none) with filler, a business scope for every firm (filler phrases, a
//! keyword now and then, a negated clause), an industry code from a node or random. One
//! automaton pass per text. Also: building the tagger.
//!
//! `cargo bench -p liantu-tag`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use liantu_tag::{DEFAULT_MIN_CONFIDENCE, EnterpriseText, Exclusions, Tagger};
use std::hint::black_box;
use std::time::{Duration, Instant};

const FIRMS: usize = 1_000_000;

const FILLER: [&str; 12] = [
    "生产销售",
    "技术开发",
    "加工",
    "批发零售",
    "研发",
    "进出口",
    "配套服务",
    "系列产品",
    "及相关配件",
    "设备",
    "技术咨询",
    "制造",
];

const SCOPE: [&str; 10] = [
    "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    "货物进出口",
    "普通机械设备安装服务",
    "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
    "化工产品销售（不含许可类化工产品）",
    "五金产品批发",
    "信息咨询服务（不含许可类信息咨询服务）",
    "道路货物运输（不含危险货物）",
    "企业管理咨询",
    "办公用品销售",
];

/// Small deterministic generator (no rand dependency).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

struct Firm {
    uscc: String,
    code: Option<String>,
    main: String,
    scope: String,
}

fn firms(tagger: &Tagger, n: usize) -> Vec<Firm> {
    let nodes = tagger.nodes();
    let mut rng = Lcg(42);
    (0..n)
        .map(|i| {
            let mut main = String::new();
            for k in 0..rng.next() % 4 {
                let node = &nodes[rng.next() % nodes.len()];
                if node.keywords.is_empty() {
                    continue;
                }
                if k > 0 {
                    main.push('、');
                }
                main.push_str(&node.keywords[rng.next() % node.keywords.len()]);
                main.push_str(FILLER[rng.next() % FILLER.len()]);
            }
            if main.is_empty() {
                main.push_str("日用百货");
                main.push_str(FILLER[rng.next() % FILLER.len()]);
            }
            let mut scope = String::new();
            for _ in 0..2 + rng.next() % 3 {
                scope.push_str(SCOPE[rng.next() % SCOPE.len()]);
                scope.push('；');
            }
            if rng.next().is_multiple_of(3) {
                let node = &nodes[rng.next() % nodes.len()];
                if let Some(k) = node.keywords.first() {
                    scope.push_str(k);
                    scope.push_str("销售；");
                }
            }
            let code = match rng.next() % 4 {
                0 => None,
                1 => Some(format!("{:04}", 1300 + rng.next() % 3000)),
                _ => {
                    let node = &nodes[rng.next() % nodes.len()];
                    node.industry_codes.first().cloned()
                }
            };
            Firm {
                uscc: format!("91450200{i:010}"),
                code,
                main,
                scope,
            }
        })
        .collect()
}

fn texts(firms: &[Firm]) -> impl Iterator<Item = EnterpriseText<'_>> {
    firms.iter().map(|f| EnterpriseText {
        uscc: &f.uscc,
        industry_code: f.code.as_deref(),
        main_products: &f.main,
        business_scope: Some(&f.scope),
    })
}

fn bench(c: &mut Criterion) {
    let chains = liantu_chain::builtin();
    let tagger = Tagger::from_chains(&chains).expect("built-in chains build");
    let firms = firms(&tagger, FIRMS);
    let bytes: usize = firms.iter().map(|f| f.main.len() + f.scope.len()).sum();
    let exclude = Exclusions::default();

    // One timed run for the summary line (criterion's own figures follow).
    let start = Instant::now();
    let out = tagger.suggest(texts(&firms), &exclude, DEFAULT_MIN_CONFIDENCE);
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "tag: {} nodes, {} patterns; {FIRMS} firms, {:.0} MB of text: {:.2} s, {:.0} firms/s, {:.0} MB/s, {} suggestions ≥ {DEFAULT_MIN_CONFIDENCE}",
        tagger.nodes().len(),
        tagger.pattern_count(),
        bytes as f64 / 1e6,
        secs,
        FIRMS as f64 / secs,
        bytes as f64 / 1e6 / secs,
        out.len()
    );
    drop(out);
    // The same scan and scoring with nothing kept: the cost of building the suggestions apart.
    let start = Instant::now();
    let kept = tagger.suggest(texts(&firms), &exclude, 2.0).len();
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "tag: scan and score only ({kept} kept): {secs:.2} s, {:.0} firms/s, {:.0} MB/s",
        FIRMS as f64 / secs,
        bytes as f64 / 1e6 / secs
    );

    c.bench_function("build tagger (4 built-in chains)", |b| {
        b.iter(|| Tagger::from_chains(black_box(&chains)).expect("builds"))
    });
    let mut group = c.benchmark_group("tag");
    group.sample_size(10);
    group.throughput(Throughput::Elements(FIRMS as u64));
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("1,000,000 enterprises, 4 built-in chains", |b| {
        b.iter(|| {
            tagger
                .suggest(black_box(texts(&firms)), &exclude, DEFAULT_MIN_CONFIDENCE)
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
