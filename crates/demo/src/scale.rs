//! A province-size data set for benchmarks and scale tests: `firms` made-up enterprises spread
//! over Guangxi's 111 counties, written as the import files a city would send (enterprises,
//! yearly figures, chain memberships, supply links, investment candidates), every figure
//! illustrative; [`crate::scale_projects`] adds the projects taken up from the candidates.
//!
//! Deterministic: the same `firms` and chains give byte-identical files. Shaped like real data
//! where it matters to the cost of reading it:
//! - **USCCs in random order** — a register lists firms in no key order, and a B-tree fed sorted
//!   keys only appends. Each USCC is valid: `91` + the county's code + a 9-digit number that is
//!   a bijective scramble of the firm's index + the GB 32100 check character.
//! - **Per firm**: five years of figures (2020–2024; output spread log-uniformly from 500 to
//!   500,000 万元, a growth rate of its own), one chain node (matching its industry code) and a
//!   second in three firms of ten (≈ 1.3 memberships a firm), five suppliers among the other
//!   firms, each link on the supplier's node.
//! - **Candidates**: one for every hundred firms (10,000 at a million), in random id order, each
//!   on one chain node with figures of a plausible project (investment log-uniform from 5,000 to
//!   500,000 万元, 亩均 from 200 to 800 万元).
//! - Names read like names (`柳江示例恒达新材汽车零部件有限公司`): county, 示例, two made-up
//!   words, the node's name; with 示例 in every one, no one takes them for real firms.

use crate::DemoError;
use liantu_model::RegionCode;
use liantu_model::records::Region;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const DIVISIONS: &str = include_str!("../../../data/divisions/guangxi.csv");
const YEARS: std::ops::RangeInclusive<i32> = 2020..=2024;
const SUPPLIERS: u64 = 5;
const WORDS: [&str; 40] = [
    "恒达",
    "瑞丰",
    "华盛",
    "宏远",
    "金桥",
    "鑫源",
    "博创",
    "永安",
    "长泰",
    "联众",
    "星辰",
    "正和",
    "天成",
    "中科",
    "融通",
    "广汇",
    "嘉禾",
    "明德",
    "信诚",
    "东升",
    "顺通",
    "安吉",
    "卓越",
    "立新",
    "和泰",
    "万隆",
    "兴业",
    "汇丰",
    "大成",
    "龙腾",
    "桂冠",
    "壮美",
    "南方",
    "西江",
    "华南",
    "新时代",
    "锦程",
    "百川",
    "聚力",
    "同创",
];
const SECOND: [&str; 30] = [
    "新材", "科技", "精工", "智造", "实业", "机电", "能源", "化学", "装备", "环保", "电子", "材料",
    "木业", "纸业", "工贸", "动力", "汽配", "生物", "制造", "工业", "集团", "模具", "塑胶", "金属",
    "轻工", "建材", "涂料", "物流", "电气", "光电",
];
const OWNERSHIP: [&str; 5] = ["private", "private", "private", "state", "foreign"];

/// A chain node firms can belong to: its chain and id, its name and the industry codes it names.
#[derive(Debug, Clone)]
pub struct ScaleNode {
    pub chain: String,
    pub node: String,
    pub name: String,
    pub industry_code: Option<String>,
}

/// The import files written, in the order they are imported.
#[derive(Debug, Clone)]
pub struct ScaleFiles {
    pub enterprises: PathBuf,
    pub years: PathBuf,
    pub memberships: PathBuf,
    pub links: PathBuf,
    pub candidates: PathBuf,
}

/// What every scale candidate's id starts with (`sc-000042`).
pub const CANDIDATE_ID_PREFIX: &str = "sc-";

/// How many investment candidates the data set of `firms` firms holds.
pub fn candidate_count(firms: u64) -> u64 {
    (firms / 100).max(1)
}

/// Guangxi's province, cities and counties (`data/divisions/guangxi.csv`), parents first.
pub fn guangxi_regions() -> Result<Vec<Region>, DemoError> {
    let mut reader = csv::Reader::from_reader(DIVISIONS.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let at = |column: &'static str, reason: String| DemoError {
            file: "guangxi.csv",
            row: i + 2,
            column,
            reason,
        };
        let record = record.map_err(|e| at("*", e.to_string()))?;
        let field = |k: usize| record.get(k).unwrap_or_default().trim().to_string();
        let code = RegionCode::parse(&field(0)).map_err(|e| at("code", e.to_string()))?;
        let parent = match field(3).as_str() {
            "" => None,
            p => Some(RegionCode::parse(p).map_err(|e| at("parent", e.to_string()))?),
        };
        out.push(Region {
            code,
            name_zh: field(1),
            // The published list has no English names; the Chinese one serves.
            name_en: field(1),
            level: field(2),
            parent,
        });
    }
    Ok(out)
}

/// SplitMix64: a well-mixed 64-bit value of `x` (no state: every attribute of a firm is a pure
/// function of its index and a salt, so a supplier's name and county can be told from its index).
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A value in `0..n` for firm `i` and purpose `salt`.
pub(crate) fn pick(i: u64, salt: u64, n: usize) -> usize {
    (mix(i ^ salt.wrapping_mul(0x2545_f491_4f6c_dd1d)) % n as u64) as usize
}

/// A value in [0, 1) for firm `i` and purpose `salt`.
pub(crate) fn unit(i: u64, salt: u64) -> f64 {
    (mix(i ^ salt.wrapping_mul(0x2545_f491_4f6c_dd1d)) >> 11) as f64 / (1u64 << 53) as f64
}

struct Generator<'a> {
    counties: Vec<&'a Region>,
    nodes: &'a [ScaleNode],
}

impl Generator<'_> {
    fn county(&self, i: u64) -> &Region {
        self.counties[pick(i, 1, self.counties.len())]
    }

    fn node(&self, i: u64) -> &ScaleNode {
        &self.nodes[pick(i, 2, self.nodes.len())]
    }

    fn uscc(&self, i: u64) -> String {
        // 3^18 is prime to 10^9, so i ↦ i·3^18 mod 10^9 never repeats below 10^9.
        let number = (i.wrapping_mul(387_420_489) + 104_729) % 1_000_000_000;
        let body = format!("91{}{number:09}", self.county(i).code.as_str());
        let check = liantu_model::uscc::check_char(&body).unwrap_or('0');
        format!("{body}{check}")
    }

    fn name(&self, i: u64) -> String {
        let county: String = self.county(i).name_zh.chars().take(2).collect();
        let node = self.node(i).name.split('（').next().unwrap_or_default();
        format!(
            "{county}示例{}{}{node}有限公司",
            WORDS[pick(i, 3, WORDS.len())],
            SECOND[pick(i, 4, SECOND.len())]
        )
    }

    /// 2020's output, 万元: log-uniform between 500 and 500,000.
    fn output(&self, i: u64, year: i32) -> f64 {
        let base = 500.0 * 10f64.powf(3.0 * unit(i, 5));
        let growth = 0.95 + 0.2 * unit(i, 6);
        (base * growth.powi(year - YEARS.start())).round()
    }
}

/// The index of the item `k`-th in file order: a Fisher–Yates shuffle of `0..n` seeded by `salt`.
fn file_order(n: u64, salt: u64) -> Vec<u64> {
    let mut order: Vec<u64> = (0..n).collect();
    for k in (1..order.len()).rev() {
        let j = (mix(k as u64 ^ 0x6c69_616e_7475 ^ salt) % (k as u64 + 1)) as usize;
        order.swap(k, j);
    }
    order
}

/// Writes the four files for `firms` firms into `dir`; `nodes` are the chain nodes they join.
pub fn write_files(dir: &Path, firms: u64, nodes: &[ScaleNode]) -> Result<ScaleFiles, DemoError> {
    let regions = guangxi_regions()?;
    let generator = Generator {
        counties: regions
            .iter()
            .filter(|r| r.code.level() == liantu_model::RegionLevel::County)
            .collect(),
        nodes,
    };
    if generator.counties.is_empty() || nodes.is_empty() {
        return Err(DemoError {
            file: "scale",
            row: 0,
            column: "*",
            reason: "no counties or no chain nodes to spread firms over".into(),
        });
    }
    let files = ScaleFiles {
        enterprises: dir.join("scale_enterprises.csv"),
        years: dir.join("scale_enterprise_years.csv"),
        memberships: dir.join("scale_memberships.csv"),
        links: dir.join("scale_supply_links.csv"),
        candidates: dir.join("scale_candidates.csv"),
    };
    let io = |e: std::io::Error| DemoError {
        file: "scale",
        row: 0,
        column: "*",
        reason: e.to_string(),
    };
    let create =
        |path: &Path| std::fs::File::create(path).map(|f| BufWriter::with_capacity(1 << 20, f));
    let mut enterprises = create(&files.enterprises).map_err(io)?;
    let mut years = create(&files.years).map_err(io)?;
    let mut memberships = create(&files.memberships).map_err(io)?;
    let mut links = create(&files.links).map_err(io)?;
    let mut candidates = create(&files.candidates).map_err(io)?;
    let g = &generator;
    let mut write = || -> std::io::Result<()> {
        writeln!(
            enterprises,
            "uscc,name,region,ownership,above_scale,industry_code,main_products,high_tech,specialized,land_mu,founded,source,uscc_illustrative"
        )?;
        writeln!(
            years,
            "uscc,year,output,value_added,revenue,tax,employees,rd_expense,exports,energy_tce,emissions_tco2,source,as_of"
        )?;
        writeln!(memberships, "uscc,chain,node,share,source")?;
        writeln!(
            links,
            "buyer_uscc,supplier_uscc,supplier_name,supplier_region,chain,node,product,year,value,source"
        )?;
        for i in file_order(firms, 0) {
            let uscc = g.uscc(i);
            let node = g.node(i);
            let output = g.output(i, *YEARS.end());
            writeln!(
                enterprises,
                "{uscc},{},{},{},{},{},{},{},{},{:.1},{},illustrative,1",
                g.name(i),
                g.county(i).code.as_str(),
                OWNERSHIP[pick(i, 7, OWNERSHIP.len())],
                u8::from(output >= 2000.0),
                node.industry_code.as_deref().unwrap_or_default(),
                node.name.replace(',', "、"),
                u8::from(unit(i, 8) < 0.1),
                u8::from(unit(i, 9) < 0.03),
                5.0 + 200.0 * unit(i, 10),
                1985 + pick(i, 11, 38),
            )?;
            for year in YEARS {
                let out = g.output(i, year);
                writeln!(
                    years,
                    "{uscc},{year},{out:.1},{:.1},{:.1},{:.1},{},{:.1},{:.1},{:.1},{:.1},illustrative,{}-03-31",
                    out * 0.25,
                    out * 1.05,
                    out * 0.04,
                    (out / 80.0).ceil(),
                    out * 0.03 * unit(i, 12),
                    out * 0.2 * unit(i, 13),
                    out * 0.05,
                    out * 0.12,
                    year + 1
                )?;
            }
            writeln!(
                memberships,
                "{uscc},{},{},,illustrative",
                node.chain, node.node
            )?;
            if unit(i, 14) < 0.3 {
                // A second node of the same chain.
                let same: Vec<&ScaleNode> = g
                    .nodes
                    .iter()
                    .filter(|n| n.chain == node.chain && n.node != node.node)
                    .collect();
                if !same.is_empty() {
                    let other = same[pick(i, 15, same.len())];
                    writeln!(
                        memberships,
                        "{uscc},{},{},,illustrative",
                        other.chain, other.node
                    )?;
                }
            }
            // Five distinct other firms: offsets spread evenly from a random start.
            let others = firms.saturating_sub(1);
            let stride = (others / SUPPLIERS).max(1);
            let start = mix(i ^ 0x5eed) % others.max(1);
            for s in 0..SUPPLIERS.min(others) {
                let j = (i + 1 + (start + s * stride) % others) % firms;
                let supplier = g.node(j);
                writeln!(
                    links,
                    "{uscc},{},{},{},{},{},{},{},{:.1},illustrative",
                    g.uscc(j),
                    g.name(j),
                    g.county(j).code.as_str(),
                    supplier.chain,
                    supplier.node,
                    supplier.name.replace(',', "、"),
                    YEARS.end(),
                    output * 0.02 * (0.2 + unit(i, 16 + s)),
                )?;
            }
        }
        write_candidates(&mut candidates, g, candidate_count(firms))?;
        enterprises.flush()?;
        years.flush()?;
        candidates.flush()?;
        memberships.flush()?;
        links.flush()
    };
    write().map_err(io)?;
    Ok(files)
}

/// Candidates `0..count` in random order (their ids in no key order, as in a city's list).
fn write_candidates(out: &mut impl Write, g: &Generator, count: u64) -> std::io::Result<()> {
    writeln!(out, "{}", CANDIDATE_HEADER)?;
    // Their attributes are drawn like a firm's, from an index space of their own.
    const BASE: u64 = 1 << 48;
    for k in file_order(count, 0xca4d) {
        let i = BASE + k;
        let node = g.node(i);
        let investment = (5000.0 * 10f64.powf(2.0 * unit(i, 20))).round();
        let per_mu = 200.0 + 600.0 * unit(i, 21);
        let output = investment * (0.8 + 1.7 * unit(i, 22));
        let energy = 0.05 + 0.55 * unit(i, 23);
        let county: String = g.county(i).name_zh.chars().take(2).collect();
        let node_name = node.name.split('（').next().unwrap_or_default();
        writeln!(
            out,
            "{CANDIDATE_ID_PREFIX}{k:06},{county}示例{}{node_name}项目,,{},,{}:{},{},{investment:.0},{:.1},{:.0},{:.0},{},{:.3},{},{},{},{energy:.2},{:.2},0,illustrative,",
            WORDS[pick(i, 3, WORDS.len())],
            g.county(i).code.as_str(),
            node.chain,
            node.node,
            node.industry_code.as_deref().unwrap_or_default(),
            investment / per_mu,
            output,
            output * 0.04,
            (output / 120.0).ceil(),
            0.005 + 0.055 * unit(i, 24),
            u8::from(unit(i, 25) < 0.3),
            u8::from(unit(i, 26) < 0.1),
            pick(i, 27, 40),
            energy * 2.5,
        )?;
    }
    Ok(())
}

/// The columns of the candidates file (`liantu_invest::CANDIDATE_COLUMNS`).
const CANDIDATE_HEADER: &str = "id,name,uscc,origin_region,park,nodes,industry_code,investment,land_mu,expected_output,expected_tax,jobs,rd_intensity,high_tech,specialized,patents,energy_tce_per_wan,emissions_tco2_per_wan,chemical,source,note";

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes() -> Vec<ScaleNode> {
        ["lithium-carbonate", "cathode", "battery-cell"]
            .iter()
            .map(|n| ScaleNode {
                chain: "nev-battery".into(),
                node: (*n).into(),
                name: format!("{n}节点"),
                industry_code: Some("3841".into()),
            })
            .collect()
    }

    #[test]
    fn the_files_are_the_same_every_time_and_shaped_as_said() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = write_files(a.path(), 1000, &nodes()).unwrap();
        let second = write_files(b.path(), 1000, &nodes()).unwrap();
        let read = |p: &Path| std::fs::read_to_string(p).unwrap();
        assert_eq!(read(&first.links), read(&second.links));
        let firms: Vec<String> = read(&first.enterprises)
            .lines()
            .skip(1)
            .map(String::from)
            .collect();
        assert_eq!(firms.len(), 1000);
        let usccs: Vec<&str> = firms.iter().map(|l| &l[..18]).collect();
        // Every USCC valid and distinct, in no key order.
        for u in &usccs {
            liantu_model::Uscc::parse_strict(u).unwrap();
        }
        let mut sorted = usccs.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 1000);
        assert_ne!(sorted, usccs);
        // Spread over many counties, all of Guangxi.
        let counties: std::collections::BTreeSet<&str> =
            firms.iter().map(|l| l.split(',').nth(2).unwrap()).collect();
        assert!(
            counties.len() > 100 && counties.iter().all(|c| c.starts_with("45")),
            "{}",
            counties.len()
        );
        assert_eq!(read(&first.years).lines().count() - 1, 5000);
        let memberships = read(&first.memberships).lines().count() - 1;
        assert!((1250..=1350).contains(&memberships), "{memberships}");
        // Five distinct suppliers each.
        let text = read(&first.links);
        let pairs: std::collections::BTreeSet<&str> =
            text.lines().skip(1).map(|l| &l[..37]).collect();
        assert_eq!(pairs.len(), 5000);
        // Every supplier is one of the firms.
        let known: std::collections::BTreeSet<&str> = usccs.iter().copied().collect();
        assert!(text.lines().skip(1).all(|l| known.contains(&l[19..37])));
        // One candidate for every hundred firms, distinct ids in no key order.
        let ids: Vec<String> = read(&first.candidates)
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 10);
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 10);
        assert_ne!(sorted, ids);
    }

    #[test]
    fn guangxi_has_its_cities_and_counties() {
        let regions = guangxi_regions().unwrap();
        assert_eq!(
            regions
                .iter()
                .filter(|r| r.code.level() == liantu_model::RegionLevel::Prefecture)
                .count(),
            14
        );
        assert_eq!(
            regions
                .iter()
                .filter(|r| r.code.level() == liantu_model::RegionLevel::County)
                .count(),
            111
        );
        let liuzhou = regions
            .iter()
            .find(|r| r.code.as_str() == "450200")
            .unwrap();
        assert_eq!(liuzhou.name_zh, "柳州市");
    }
}
