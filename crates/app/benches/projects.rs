//! The project service at the size of a province's 重点项目 list: 10,000 projects (ids in random
//! order, stages spread over the ladder), 120 monthly reports each (1.2 million) and 50,000
//! problems, in a SQLite file. Measured as the user runs them: the board with every project's
//! warnings (target ≤ 200 ms), the problem list overdue first, one project's page, and the
//! monthly 调度表 as an Excel file written to disk (target ≤ 2 s).
//! `cargo bench -p liantu-app --bench projects` (`LIANTU_BENCH_PROJECTS=N` for fewer projects).

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_app::model::candidate::NodeKey;
use liantu_app::model::project::{ProblemCategory, ProgressReport, Project, StageDates};
use liantu_app::model::{Day, Lang, RegionCode, YearMonth};
use liantu_app::projects::{BoardFilter, NewProblem, ProblemQuery, board_table};
use liantu_app::{App, FixedClock};
use std::sync::Arc;
use std::time::{Duration, Instant};

const MONTHS: usize = 120;
const PROBLEMS: usize = 50_000;

fn projects_wanted() -> usize {
    std::env::var("LIANTU_BENCH_PROJECTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// SplitMix64: the same data every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn day(text: &str) -> Day {
    Day::parse(text).expect("a bench date")
}

const STAGES: [&str; 8] = [
    "planning",
    "negotiating",
    "signed",
    "land",
    "started",
    "building",
    "operating",
    "full",
];
const COUNTIES: [&str; 9] = [
    "450202", "450203", "450204", "450205", "450206", "450222", "450223", "450224", "450225",
];
const DEPARTMENTS: [&str; 4] = ["市工信局", "市投促局", "市发展改革委", "市自然资源局"];

/// Projects whose ten years of monthly reports end in 2026-11; the ladder puts 开工 at the
/// first report and 投产 four years on, the stage reached spread over the ladder.
fn records(n: usize) -> (Vec<Project>, Vec<ProgressReport>, Vec<NewProblem>) {
    let mut rng = Random(0x6c69_616e_7475);
    let mut ids: Vec<usize> = (0..n).collect();
    for i in (1..ids.len()).rev() {
        ids.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let first = YearMonth::parse("2016-12").expect("month");
    let mut projects = Vec::with_capacity(n);
    let mut reports = Vec::with_capacity(n * MONTHS);
    for &k in &ids {
        let id = format!("p{:05}-{:x}", k, rng.next() % 0xffff);
        let reached = 4 + rng.below(4) as usize; // 开工 … 达产
        let planned = [
            "2016-01-10",
            "2016-04-10",
            "2016-07-10",
            "2016-10-10",
            "2016-12-10",
            "2017-01-10",
            "2020-12-10",
            "2021-12-10",
        ];
        let stages = STAGES
            .iter()
            .zip(planned)
            .enumerate()
            .map(|(i, (s, p))| StageDates {
                stage: (*s).to_string(),
                planned: Some(day(p)),
                actual: (i <= reached).then(|| day(p)),
            })
            .collect();
        let investment = 10_000.0 + rng.below(500_000) as f64;
        projects.push(Project {
            id: id.clone(),
            name: format!("基准测试项目 {k}"),
            candidate: None,
            uscc: None,
            nodes: vec![NodeKey::new("chemical", "special-rubber")],
            park: None,
            region: RegionCode::parse(COUNTIES[k % COUNTIES.len()]).expect("region"),
            investment,
            land_mu: Some(100.0),
            annual_plan: Some(investment / 4.0),
            department: DEPARTMENTS[k % DEPARTMENTS.len()].to_string(),
            leader: "分管副市长".into(),
            contact: "项目专班".into(),
            stages,
            source: "bench".into(),
            note: String::new(),
        });
        let pace = 0.6 + rng.below(50) as f64 / 100.0;
        let mut month = first;
        let mut total = 0.0;
        for m in 0..MONTHS {
            let target = (investment * pace * (m + 1) as f64 / 48.0).min(investment);
            let this = (target - total).max(0.0).round();
            total += this;
            reports.push(ProgressReport {
                project: id.clone(),
                month,
                invested_month: this,
                invested_total: total,
                progress_pct: Some((100.0 * total / investment).min(100.0).round()),
                progress_text: "主体施工".into(),
                output: None,
                issues: String::new(),
                source: "bench".into(),
            });
            month = month.next();
        }
    }
    let problems = (0..PROBLEMS)
        .map(|i| {
            let p = &projects[rng.below(n as u64) as usize];
            NewProblem {
                project: p.id.clone(),
                title: format!("基准测试问题 {i}"),
                category: ProblemCategory::ALL[i % ProblemCategory::ALL.len()],
                department: DEPARTMENTS[i % DEPARTMENTS.len()].to_string(),
                due: day(if i % 3 == 0 {
                    "2026-10-31"
                } else {
                    "2027-06-30"
                }),
                raised: Some(day("2026-06-01")),
            }
        })
        .collect();
    (projects, reports, problems)
}

fn bench(c: &mut Criterion) {
    let n = projects_wanted();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let tmp = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(FixedClock(time::macros::datetime!(2026-12-10 02:00 UTC)));
    let app = rt
        .block_on(App::open(&tmp.path().join("projects.db"), true))
        .expect("open")
        .with_clock(clock);
    rt.block_on(app.install_builtin_chains()).expect("chains");
    let (projects, reports, problems) = records(n);
    let start = Instant::now();
    rt.block_on(async {
        app.save_projects_batch(&projects).await.expect("projects");
        for chunk in reports.chunks(120_000) {
            app.save_reports_batch(chunk).await.expect("reports");
        }
        app.add_problems_batch(&problems).await.expect("problems");
    });
    eprintln!(
        "loaded {} projects, {} reports, {} problems in {:.1} s",
        projects.len(),
        reports.len(),
        problems.len(),
        start.elapsed().as_secs_f64()
    );
    drop((projects, reports, problems));
    // What the board reads, one query at a time (a line each in the log).
    rt.block_on(async {
        let store = liantu_store::Store::open(&tmp.path().join("projects.db"), false)
            .await
            .expect("store");
        let t = Instant::now();
        let n = store.projects().await.expect("projects").len();
        eprintln!("  projects with stages ({n}): {:?}", t.elapsed());
        let t = Instant::now();
        let n = store
            .reports_for_board(YearMonth::parse("2026-11").expect("month"))
            .await
            .expect("reports")
            .len();
        eprintln!("  reports for the board ({n}): {:?}", t.elapsed());
        let t = Instant::now();
        let n = store
            .open_problem_summaries(day("2026-12-10"))
            .await
            .expect("problems")
            .len();
        eprintln!("  open-problem summaries ({n}): {:?}", t.elapsed());
    });

    let mut group = c.benchmark_group("projects");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    // After a write the board is assessed afresh (the write itself is not timed); then it is
    // served from the per-revision cache until the next write.
    let some = rt
        .block_on(app.project_board(&BoardFilter::default()))
        .expect("board")
        .rows[0]
        .project
        .id
        .clone();
    let mut plan_day = 0;
    group.bench_function(
        format!("board with warnings, after a write ({n} projects)"),
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    plan_day = (plan_day + 1) % 28;
                    let change = liantu_app::projects::StageChange {
                        stage: "full".into(),
                        planned: Some(day(&format!("2030-01-{:02}", plan_day + 1))),
                        actual: None,
                    };
                    rt.block_on(app.change_stage(&some, &change))
                        .expect("write");
                    let start = Instant::now();
                    let board = rt
                        .block_on(app.project_board(&BoardFilter::default()))
                        .expect("board");
                    total += start.elapsed();
                    assert_eq!(board.rows.len(), n);
                }
                total
            })
        },
    );
    group.bench_function(
        format!("board, same revision, red only ({n} projects)"),
        |b| {
            let red = BoardFilter {
                level: Some(liantu_app::projects::Level::Red),
                ..BoardFilter::default()
            };
            b.iter(|| rt.block_on(app.project_board(&red)).expect("board"))
        },
    );
    group.bench_function(
        "problem list, first page of 100 (of 50,000), overdue first",
        |b| {
            let page = ProblemQuery {
                window: Some((0, 100)),
                ..ProblemQuery::default()
            };
            b.iter(|| rt.block_on(app.problem_list(&page)).expect("problems"))
        },
    );
    group.bench_function("problem list, all 50,000 (the Excel download)", |b| {
        b.iter(|| {
            rt.block_on(app.problem_list(&ProblemQuery::default()))
                .expect("problems")
        })
    });
    let one = rt
        .block_on(app.project_board(&BoardFilter::default()))
        .expect("board")
        .rows[n / 2]
        .project
        .id
        .clone();
    group.bench_function("one project's page (120 reports)", |b| {
        b.iter(|| rt.block_on(app.project_detail(&one)).expect("detail"))
    });
    let out = tmp.path().join("调度表.xlsx");
    group.bench_function(format!("调度表 XLSX written ({n} rows)"), |b| {
        b.iter(|| {
            let board = rt
                .block_on(app.project_board(&BoardFilter::default()))
                .expect("board");
            let file = std::fs::File::create(&out).expect("create");
            liantu_app::table::xlsx::write(&board_table(&board), Lang::Zh, file).expect("xlsx");
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
