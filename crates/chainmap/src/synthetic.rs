//! Synthetic chains for tests and benchmarks: deterministic (a tiny xorshift PRNG), with cycles,
//! by-products, supporting nodes and CJK names.

use liantu_chain::{Chain, Edge, Node};
use liantu_model::{EdgeKind, Stage};
use std::collections::HashSet;

/// xorshift64*: tiny, deterministic, good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (0 when `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

const SYLLABLES: &[&str] = &[
    "锂", "电", "池", "材", "料", "正", "极", "负", "隔", "膜", "铜", "箔", "整", "车", "回", "收",
    "化", "工", "纸", "浆", "板", "家", "具", "米", "粉", "螺", "汤", "物", "流", "检", "测",
];
const WORDS: &[&str] = &[
    "cell",
    "pack",
    "anode",
    "cathode",
    "foil",
    "resin",
    "pulp",
    "board",
    "noodle",
    "broth",
    "logistics",
    "testing",
    "precursor",
    "solvent",
    "recycling",
];

/// A node with a generated name.
pub fn node(id: impl Into<String>, stage: Stage, rng: &mut Rng) -> Node {
    let zh_len = 2 + rng.below(14);
    let name_zh: String = (0..zh_len)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect();
    let en_len = 1 + rng.below(5);
    let name_en = (0..en_len)
        .map(|_| WORDS[rng.below(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ");
    Node {
        id: id.into(),
        name_zh,
        name_en,
        stage,
        industry_codes: Vec::new(),
        keywords: Vec::new(),
        occupations: Vec::new(),
    }
}

pub fn edge(from: &str, to: &str, kind: EdgeKind) -> Edge {
    Edge {
        from: from.to_string(),
        to: to.to_string(),
        kind,
        coefficient: None,
    }
}

/// An empty chain to push nodes and edges into.
pub fn empty(id: &str) -> Chain {
    Chain {
        id: id.to_string(),
        name_zh: "合成产业链".to_string(),
        name_en: "Synthetic chain".to_string(),
        version: 1,
        description_zh: None,
        description_en: None,
        sources: Vec::new(),
        nodes: Vec::new(),
        edges: Vec::new(),
        cross_edges: Vec::new(),
    }
}

/// `nodes` nodes (about 25% upstream, 35% midstream, 30% downstream, 10% supporting) and about
/// two edges per node, mostly to nodes a little later in the list, some back (cycles), a few
/// by-products; valid by the `Chain` invariants (distinct ends, no duplicate edge).
pub fn random_chain(nodes: usize, seed: u64) -> Chain {
    let mut rng = Rng::new(seed);
    let mut chain = empty(&format!("synthetic-{nodes}"));
    for i in 0..nodes {
        let stage = match (i * 100) / nodes.max(1) {
            p if p < 25 => Stage::Upstream,
            p if p < 60 => Stage::Midstream,
            p if p < 90 => Stage::Downstream,
            _ => Stage::Supporting,
        };
        let stage = if rng.below(12) == 0 {
            Stage::Supporting
        } else {
            stage
        };
        chain.nodes.push(node(format!("n{i}"), stage, &mut rng));
    }
    let mut seen = HashSet::new();
    for i in 0..nodes {
        let out = 1 + rng.below(3);
        for _ in 0..out {
            let j = if rng.below(10) == 0 {
                rng.below(nodes) // anywhere: often a back edge
            } else {
                (i + 1 + rng.below(25)) % nodes.max(1)
            };
            let kind = if rng.below(8) == 0 {
                EdgeKind::ByProduct
            } else {
                EdgeKind::Supplies
            };
            if i != j && seen.insert((i, j, kind)) {
                let (a, b) = (format!("n{i}"), format!("n{j}"));
                chain.edges.push(edge(&a, &b, kind));
            }
        }
    }
    chain
}
