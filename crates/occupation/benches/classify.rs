//! Classifying job titles on one core: 1,000,000 titles shaped like postings (the labelled
//! titles with the noise real postings carry — places, employers, perks, pay — in random
//! combinations), timed once whole, then 100,000 at a time under criterion.
//! Needs `../shared/data/occupations/csco2022.csv`.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_occupation::Classifier;
use std::time::{Duration, Instant};

/// `n` titles: the labelled ones with a place or employer before and perks or pay after,
/// chosen by SplitMix64 (the same titles every run).
fn titles(n: usize) -> Vec<String> {
    let base: Vec<String> = common::labelled().into_iter().map(|(t, _, _)| t).collect();
    let before = ["", "", "柳州", "急招", "鹿寨", "柳工", "广西某公司"];
    let after = [
        "",
        "",
        "（包吃住）",
        " 五险一金",
        " 月薪6000-8000元",
        "（两班倒）",
        "/长白班",
    ];
    let mut state: u64 = 0x6c69_616e_7475;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as usize
    };
    (0..n)
        .map(|_| {
            format!(
                "{}{}{}",
                before[next() % before.len()],
                base[next() % base.len()],
                after[next() % after.len()]
            )
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let Some(classes) = common::classification() else {
        return;
    };
    let start = Instant::now();
    let classifier = Classifier::new(&classes);
    println!(
        "index of {} occupations built in {:.2?}",
        classifier.len(),
        start.elapsed()
    );
    let million = titles(1_000_000);
    let start = Instant::now();
    let found: usize = million
        .iter()
        .map(|t| classifier.classify(t, 3).candidates.len())
        .sum();
    println!(
        "1,000,000 titles classified (top 3) in {:.2?} on one core ({found} candidates)",
        start.elapsed()
    );
    let batch = &million[..100_000];
    let mut group = c.benchmark_group("classify");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("100000 titles", |b| {
        b.iter(|| {
            batch
                .iter()
                .map(|t| classifier.classify(t, 3).candidates.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
