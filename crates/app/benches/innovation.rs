//! Matching technology needs with achievements at the size of a province's register: 2,000
//! needs and 10,000 achievements (numbers in random order, texts written from the words of the
//! four chains, one or two nodes each, owners across Guangxi and beyond), imported into the demo
//! database. Measured as the user runs `liantu innovation match --format json > FILE`: the whole
//! view built (register read, texts indexed, every open need matched, reasons written) and its
//! JSON written to a file. The peer, in the same run: the plain all-pairs way (every open need's
//! vector against every achievement's, the same formula), which the first version of liantu
//! used; its best matches are checked to be the same (the demo's own needs and achievements
//! included).
//! `cargo bench -p liantu-app --bench innovation` (`LIANTU_BENCH_ACHIEVEMENTS=N` for fewer).

use criterion::{Criterion, criterion_group, criterion_main};
use liantu_app::App;
use liantu_app::data::{DataKind, ImportOptions};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::time::Duration;

const NEEDS: usize = 2_000;

fn achievements_wanted() -> usize {
    std::env::var("LIANTU_BENCH_ACHIEVEMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// The shared seeded generator: the same data every run.
type Random = liantu_testdata::fuzz::Rng;

const WORDS: &[&str] = &[
    "电池级",
    "碳酸锂",
    "氢氧化锂",
    "提纯",
    "沉锂",
    "除杂",
    "正极材料",
    "磷酸铁锂",
    "三元",
    "前驱体",
    "磷酸铁",
    "负极",
    "石墨",
    "硅碳",
    "电解液",
    "六氟磷酸锂",
    "添加剂",
    "隔膜",
    "涂覆",
    "电芯",
    "模组",
    "电池包",
    "热失控",
    "预警",
    "电池管理系统",
    "算法",
    "梯次利用",
    "回收",
    "拆解",
    "分选",
    "储能",
    "驱动电机",
    "电控",
    "功率器件",
    "热管理",
    "车身",
    "底盘",
    "轻量化",
    "铝合金",
    "高强钢",
    "焊装",
    "连接",
    "涂装",
    "检测",
    "智能座舱",
    "氯碱",
    "副产氢",
    "燃料电池",
    "双氧水",
    "硫酸",
    "磷化工",
    "氟化工",
    "特种橡胶",
    "氢化丁腈",
    "密封件",
    "工程塑料",
    "聚酰胺",
    "改性",
    "功能膜",
    "反渗透",
    "余热",
    "蒸汽",
    "危化品",
    "胶合板",
    "单板",
    "旋切",
    "干燥",
    "无醛",
    "胶黏剂",
    "大豆蛋白",
    "木质素",
    "饰面",
    "浸渍纸",
    "刨花板",
    "纤维板",
    "家具",
    "五金",
    "环保油漆",
    "制浆",
    "桉木",
    "杉木",
    "漂白",
    "废水",
    "松脂",
    "松香",
    "米粉",
    "酸笋",
    "发酵",
    "菌种",
    "亚硝酸盐",
    "保质期",
    "杀菌",
    "高阻隔",
    "包装",
    "冷链",
    "工艺",
    "配方",
    "中试",
    "国产化",
    "降本",
    "节能",
];

const NODES: &[&str] = &[
    "nev-battery:lithium-carbonate",
    "nev-battery:cathode",
    "nev-battery:precursor",
    "nev-battery:electrolyte",
    "nev-battery:separator",
    "nev-battery:battery-cell",
    "nev-battery:battery-pack",
    "nev-battery:bms",
    "nev-battery:thermal-management",
    "nev-battery:body-chassis",
    "nev-battery:auto-parts",
    "nev-battery:battery-recycling",
    "nev-battery:energy-storage",
    "chemical:chlor-alkali-hydrogen",
    "chemical:hydrogen-users",
    "chemical:special-rubber",
    "chemical:high-performance-polymers",
    "chemical:functional-membranes",
    "chemical:fluorochemicals",
    "chemical:phosphorus-chemicals",
    "forestry:plywood",
    "forestry:veneer",
    "forestry:eco-adhesives",
    "forestry:decorative-surfaces",
    "forestry:pulp",
    "forestry:forest-chemicals",
    "luosifen:packaged-luosifen",
    "luosifen:sour-bamboo-shoots",
    "luosifen:packaging",
];

const REGIONS: &[&str] = &[
    "450202", "450203", "450204", "450205", "450206", "450222", "450223", "450224", "450225",
    "450226", "450200", "450100", "450300", "310000",
];

const MATURITY: &[&str] = &["实验室", "小试", "中试", "产业化"];

fn text(rng: &mut Random, words: usize) -> String {
    (0..words).map(|_| *rng.pick(WORDS)).collect()
}

fn nodes(rng: &mut Random) -> String {
    let first = *rng.pick(NODES);
    let second = *rng.pick(NODES);
    if rng.below(2) == 0 || first == second {
        first.to_string()
    } else {
        format!("{first}；{second}")
    }
}

fn shuffled(n: usize, rng: &mut Random) -> Vec<usize> {
    let mut ids: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        ids.swap(i, rng.below(i + 1));
    }
    ids
}

/// The two register files, written into `dir`.
fn write_files(dir: &std::path::Path, firms: &[String], achievements: usize) {
    let mut rng = Random::new(0x696e_6e6f);
    let mut needs = String::from(
        "需求编号,需求名称,需求描述,统一社会信用代码,产业链环节,拟投入经费（万元）,截止日期,状态,对接成果编号,数据来源,登记日期\n",
    );
    for k in shuffled(NEEDS, &mut rng) {
        let status = ["发布", "发布", "对接", "签约"][rng.below(4)];
        let (title, body) = (text(&mut rng, 3), text(&mut rng, 10));
        let firm = &firms[rng.below(firms.len())];
        let node = nodes(&mut rng);
        needs.push_str(&format!(
            "XQ-{k:05},{title},{body},{firm},{node},{},,{status},,illustrative,2025-11-30\n",
            10 + rng.below(900)
        ));
    }
    std::fs::write(dir.join("needs.csv"), needs).expect("needs file");
    let mut file = String::from(
        "成果编号,成果名称,成果简介,成果所有方,所在地区划代码,成熟度,授权专利（件）,适用产业链环节,数据来源,登记日期\n",
    );
    for k in shuffled(achievements, &mut rng) {
        let (title, body) = (text(&mut rng, 4), text(&mut rng, 12));
        let region = *rng.pick(REGIONS);
        let maturity = *rng.pick(MATURITY);
        let node = nodes(&mut rng);
        file.push_str(&format!(
            "CG-{k:06},{title},{body},示例研究院,{region},{maturity},{},{node},illustrative,2025-11-30\n",
            rng.below(10)
        ));
    }
    std::fs::write(dir.join("achievements.csv"), file).expect("achievements file");
}

/// The all-pairs peer: the same score for every (open need, achievement) pair, texts as
/// string-keyed vectors; the best three numbers per need.
fn all_pairs(view: &liantu_app::innovation::InnovationView, texts: &Texts) -> Vec<Vec<String>> {
    let vectors: HashMap<&str, HashMap<String, f64>> = texts
        .all
        .iter()
        .map(|(id, t)| (id.as_str(), texts.vector(t)))
        .collect();
    view.needs
        .iter()
        .filter(|n| n.status.is_open())
        .map(|n| {
            let nv = &vectors[n.id.as_str()];
            let need_nodes: HashSet<(&str, &str)> = n
                .nodes
                .iter()
                .map(|x| (x.chain.as_str(), x.node.as_str()))
                .collect();
            let need_chains: HashSet<&str> = n.nodes.iter().map(|x| x.chain.as_str()).collect();
            let mut scored: Vec<(f64, &str)> = Vec::new();
            for a in &texts.achievements {
                let av = &vectors[a.id.as_str()];
                let text: f64 = nv
                    .iter()
                    .filter_map(|(t, w)| av.get(t).map(|x| x * w))
                    .sum::<f64>()
                    .clamp(0.0, 1.0);
                let shared = a
                    .nodes
                    .iter()
                    .any(|x| need_nodes.contains(&(x.0.as_str(), x.1.as_str())));
                if !shared && text < liantu_app::innovation::MIN_TEXT {
                    continue;
                }
                let nodes = if shared {
                    1.0
                } else if a.nodes.iter().any(|x| need_chains.contains(x.0.as_str())) {
                    0.3
                } else {
                    0.0
                };
                let region = &texts.firm_regions[n.uscc.as_str()];
                let distance = if *region == a.region {
                    1.0
                } else if region[..4] == a.region[..4] {
                    0.7
                } else if region[..2] == a.region[..2] {
                    0.4
                } else {
                    0.1
                };
                let score = 0.40 * text + 0.35 * nodes + 0.15 * distance + 0.10 * a.readiness;
                if score >= liantu_app::innovation::MIN_SCORE {
                    scored.push((score, a.id.as_str()));
                }
            }
            scored.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)));
            scored.iter().take(3).map(|s| s.1.to_string()).collect()
        })
        .collect()
}

struct PeerAchievement {
    id: String,
    nodes: Vec<(String, String)>,
    region: String,
    readiness: f64,
}

/// What the peer reads: every text by number, the IDF, the achievements, the firms' divisions.
struct Texts {
    all: Vec<(String, String)>,
    idf: HashMap<String, f64>,
    achievements: Vec<PeerAchievement>,
    firm_regions: HashMap<String, String>,
}

/// The same terms as liantu's: the peer differs in how it pairs, not in what it compares.
fn bigrams(text: &str) -> Vec<String> {
    liantu_app::innovation::terms(text)
}

impl Texts {
    fn vector(&self, text: &str) -> HashMap<String, f64> {
        let mut v: HashMap<String, f64> = HashMap::new();
        for t in bigrams(text) {
            *v.entry(t.clone()).or_default() += self.idf.get(&t).copied().unwrap_or(1.0);
        }
        let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
        v.values_mut().for_each(|x| *x /= norm);
        v
    }
}

fn read_texts(dir: &std::path::Path, firm_regions: HashMap<String, String>) -> Texts {
    let mut all = Vec::new();
    let mut achievements = Vec::new();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    for (path, is_need) in [
        (demo.join("tech_needs.csv"), true),
        (demo.join("achievements.csv"), false),
        (dir.join("needs.csv"), true),
        (dir.join("achievements.csv"), false),
    ] {
        let text = std::fs::read_to_string(path).expect("file");
        for line in text.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            all.push((cells[0].to_string(), format!("{} {}", cells[1], cells[2])));
            if !is_need {
                achievements.push(PeerAchievement {
                    id: cells[0].to_string(),
                    nodes: cells[7]
                        .split('；')
                        .map(|n| {
                            let (c, n) = n.split_once(':').expect("chain:node");
                            (c.to_string(), n.to_string())
                        })
                        .collect(),
                    region: cells[4].to_string(),
                    readiness: match cells[5] {
                        "实验室" => 0.25,
                        "小试" => 0.5,
                        "中试" => 0.75,
                        _ => 1.0,
                    },
                });
            }
        }
    }
    let n = all.len() as f64;
    let mut df: HashMap<String, f64> = HashMap::new();
    for (_, t) in &all {
        for b in bigrams(t).into_iter().collect::<HashSet<_>>() {
            *df.entry(b).or_default() += 1.0;
        }
    }
    let idf = df
        .into_iter()
        .map(|(t, d)| (t, ((1.0 + n) / (1.0 + d)).ln() + 1.0))
        .collect();
    Texts {
        all,
        idf,
        achievements,
        firm_regions,
    }
}

fn bench(c: &mut Criterion) {
    let achievements = achievements_wanted();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("innovation.db");
    let app = rt.block_on(App::open(&path, true)).expect("open");
    rt.block_on(async {
        app.install_builtin_chains().await.expect("chains");
        app.load_demo().await.expect("demo");
    });
    let places = rt
        .block_on(async {
            let store = liantu_store::Store::open(&path, false).await?;
            store.enterprise_places().await
        })
        .expect("firms");
    let mut firms: Vec<String> = places.keys().cloned().collect();
    firms.sort();
    write_files(tmp.path(), &firms, achievements);
    for (kind, file) in [
        (DataKind::TechNeeds, "needs.csv"),
        (DataKind::Achievements, "achievements.csv"),
    ] {
        rt.block_on(app.import_file(kind, &tmp.path().join(file), &ImportOptions::default()))
            .expect("import");
    }
    let firm_regions = places.into_iter().map(|(u, (r, _))| (u, r)).collect();
    let texts = read_texts(tmp.path(), firm_regions);

    // Same best matches as the all-pairs peer.
    let view = rt.block_on(app.innovation(None)).expect("view");
    let ours: Vec<Vec<String>> = view
        .needs
        .iter()
        .filter(|n| n.status.is_open())
        .map(|n| n.matches.iter().map(|m| m.achievement.clone()).collect())
        .collect();
    let peer = all_pairs(&view, &texts);
    let same = ours.iter().zip(&peer).filter(|(a, b)| a == b).count();
    eprintln!(
        "{} open needs × {achievements} achievements: {} matches; best three the same as the all-pairs peer for {same} of {} needs",
        ours.len(),
        ours.iter().map(Vec::len).sum::<usize>(),
        ours.len()
    );
    assert_eq!(same, ours.len(), "the index must find what all pairs find");

    let mut group = c.benchmark_group("innovation");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    let out = tmp.path().join("matches.json");
    group.bench_function(
        format!("match, JSON written ({NEEDS} needs × {achievements} achievements)"),
        |b| {
            b.iter(|| {
                let view = rt.block_on(app.innovation(None)).expect("view");
                let mut file = std::io::BufWriter::new(std::fs::File::create(&out).expect("out"));
                serde_json::to_writer(&mut file, &view).expect("json");
                file.flush().expect("flush");
            })
        },
    );
    group.bench_function(
        format!("peer: all pairs ({NEEDS} needs × {achievements} achievements)"),
        |b| b.iter(|| all_pairs(&view, &texts)),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
