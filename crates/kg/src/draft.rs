//! A chain template drafted from the neighbourhood of one product: its suppliers (and theirs) and
//! its buyers (and theirs) up to a depth, capped to the best-supported products, written as chain
//! TOML (`docs/chain-format.md`) with a header saying it is an uncurated machine draft.
//!
//! Selection goes level by level outwards from the root: every product one relation further out
//! than the products already kept is a candidate; candidates are ranked by the number of
//! companies making them, then by their number of supply relations, then by name, and taken while
//! the cap allows. So every kept product is linked to the root through kept products, closer
//! products always win over farther ones, and the draft is the same on every run.
//!
//! Stages come from the side and distance: suppliers are `upstream`, the root is `midstream`,
//! buyers are `downstream`. A product reachable on both sides keeps the side it was reached on
//! first (upstream when both at the same level); cycles in the graph simply become edges in both
//! directions, which the chain format allows.

use crate::Graph;
use liantu_chain::is_valid_id;
use liantu_model::Stage;
use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write;

/// Sub-type names added to a node's keywords at most.
const SUBTYPE_KEYWORDS: usize = 8;
/// Companies named in a node's comment at most.
const NAMED_COMPANIES: usize = 3;

#[derive(Debug, Clone)]
pub struct DraftOptions {
    /// The root product's name, exactly as in the graph.
    pub root: String,
    /// Relations followed outwards on each side (≥ 1).
    pub depth: usize,
    /// Nodes in the draft at most, root included (≥ 2).
    pub max_nodes: usize,
    /// Treat the suppliers and buyers of a product's direct sub-types (产品小类) as its own.
    pub fold_subtypes: bool,
    /// Leave out products fewer listed companies make (0 keeps all): extraction noise such as
    /// 字母 or 若干数字 has none.
    pub min_companies: usize,
    /// Chain id; default `kg-` and a hash of the root's name.
    pub chain_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DraftError {
    #[error("{}", unknown_root(.root, .suggestions))]
    UnknownRoot {
        root: String,
        suggestions: Vec<String>,
    },
    #[error("--depth 应在 1 到 10 之间（实际 {0}）/ --depth must be between 1 and 10 (got {0})")]
    Depth(usize),
    #[error(
        "--max-nodes 应在 2 到 1000 之间（实际 {0}）/ --max-nodes must be between 2 and 1000 (got {0})"
    )]
    MaxNodes(usize),
    #[error(
        "产业链 id '{0}' 格式错误：只能用小写字母、数字和 '-'，以字母开头 / malformed chain id '{0}': use lowercase letters, digits and '-', starting with a letter"
    )]
    ChainId(String),
}

fn unknown_root(root: &str, suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        format!(
            "知识图谱中没有产品“{root}”（可用 liantu kg search 查找）/ no product '{root}' in the knowledge graph (try liantu kg search)"
        )
    } else {
        format!(
            "知识图谱中没有产品“{root}”，是否要找：{0} / no product '{root}' in the knowledge graph; did you mean: {0}",
            suggestions.join("、")
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftNode {
    pub product: u32,
    pub name: String,
    pub id: String,
    /// Relations from the root: negative upstream, 0 the root, positive downstream.
    pub distance: i32,
    pub stage: Stage,
    pub keywords: Vec<String>,
    pub companies: usize,
    pub supply_degree: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub chain_id: String,
    pub options_depth: usize,
    pub fold_subtypes: bool,
    /// Root first, then by distance from the most upstream to the most downstream.
    pub nodes: Vec<DraftNode>,
    /// (supplier, buyer) as indices into `nodes`.
    pub edges: Vec<(usize, usize)>,
    /// Candidates considered (kept or not), root included.
    pub considered: usize,
}

impl Draft {
    pub fn root(&self) -> &DraftNode {
        &self.nodes[0]
    }

    /// Candidates left out by the node cap.
    pub fn left_out(&self) -> usize {
        self.considered - self.nodes.len()
    }
}

/// The id a drafted node gets: `kg-` and eight hex digits of the FNV-1a hash of the product name,
/// so the same product keeps its id across drafts and imports.
pub fn slug(name: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in name.as_bytes() {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("kg-{h:08x}")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Up,
    Down,
}

/// Supply neighbours of `id` on one side, with those of its direct sub-types when folding.
fn neighbours(graph: &Graph, id: u32, side: Side, fold: bool) -> BTreeSet<u32> {
    let of = |p| match side {
        Side::Up => graph.suppliers(p),
        Side::Down => graph.buyers(p),
    };
    let mut out: BTreeSet<u32> = of(id).iter().copied().collect();
    if fold {
        for &child in graph.subtypes(id) {
            out.extend(of(child).iter().copied());
        }
    }
    out.remove(&id);
    out
}

/// Drafts a chain around `options.root`. Unknown root: the error carries up to five suggestions.
pub fn draft(graph: &Graph, options: &DraftOptions) -> Result<Draft, DraftError> {
    if !(1..=10).contains(&options.depth) {
        return Err(DraftError::Depth(options.depth));
    }
    if !(2..=1000).contains(&options.max_nodes) {
        return Err(DraftError::MaxNodes(options.max_nodes));
    }
    let Some(root) = graph.find(&options.root) else {
        return Err(DraftError::UnknownRoot {
            root: options.root.clone(),
            suggestions: graph
                .suggest(&options.root, 5)
                .into_iter()
                .map(|h| h.product.name)
                .collect(),
        });
    };
    let chain_id = match &options.chain_id {
        Some(id) if !is_valid_id(id) => return Err(DraftError::ChainId(id.clone())),
        Some(id) => id.clone(),
        None => slug(graph.name(root)),
    };
    let fold = options.fold_subtypes;

    // (product, signed distance) in selection order.
    let mut kept: Vec<(u32, i32)> = vec![(root, 0)];
    let mut placed: HashMap<u32, i32> = HashMap::from([(root, 0)]);
    let mut considered = 1;
    let mut frontier: Vec<(u32, i32)> = vec![(root, 0)];
    for level in 1..=options.depth as i32 {
        let mut candidates: Vec<(u32, i32)> = Vec::new();
        let mut seen: HashSet<u32> = HashSet::new();
        // Upstream first: a product reached on both sides at this level stays upstream.
        for side in [Side::Up, Side::Down] {
            let signed = if side == Side::Up { -level } else { level };
            for &(p, d) in &frontier {
                if (side == Side::Up && d > 0) || (side == Side::Down && d < 0) {
                    continue;
                }
                for n in neighbours(graph, p, side, fold) {
                    if !placed.contains_key(&n) && seen.insert(n) {
                        candidates.push((n, signed));
                    }
                }
            }
        }
        considered += candidates.len();
        candidates.retain(|&(p, _)| graph.company_count(p) >= options.min_companies);
        candidates.sort_by_cached_key(|&(p, d)| {
            (
                Reverse(graph.company_count(p)),
                Reverse(graph.supply_degree(p)),
                graph.name(p).to_string(),
                d,
            )
        });
        let room = options.max_nodes - kept.len();
        candidates.truncate(room);
        for &(p, d) in &candidates {
            placed.insert(p, d);
            kept.push((p, d));
        }
        frontier = candidates;
        if kept.len() >= options.max_nodes || frontier.is_empty() {
            break;
        }
    }

    // Root first, then upstream (farthest first), then downstream (nearest first); selection
    // order within a level.
    let mut order: Vec<usize> = (0..kept.len()).collect();
    order.sort_by_key(|&i| {
        let d = kept[i].1;
        (d != 0, d, i)
    });
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut nodes = Vec::with_capacity(kept.len());
    for &i in &order {
        let (product, distance) = kept[i];
        let name = graph.name(product).to_string();
        let mut id = slug(&name);
        let n = ids.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            id = format!("{id}-{n}");
        }
        nodes.push(DraftNode {
            product,
            keywords: keywords(graph, product),
            id,
            name,
            distance,
            stage: match distance {
                d if d < 0 => Stage::Upstream,
                0 => Stage::Midstream,
                _ => Stage::Downstream,
            },
            companies: graph.company_count(product),
            supply_degree: graph.supply_degree(product),
        });
    }

    let position: HashMap<u32, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.product, i))
        .collect();
    let mut edges = BTreeSet::new();
    for (i, node) in nodes.iter().enumerate() {
        for s in neighbours(graph, node.product, Side::Up, fold) {
            if let Some(&j) = position.get(&s) {
                edges.insert((j, i));
            }
        }
        for b in neighbours(graph, node.product, Side::Down, fold) {
            if let Some(&j) = position.get(&b) {
                edges.insert((i, j));
            }
        }
    }
    Ok(Draft {
        chain_id,
        options_depth: options.depth,
        fold_subtypes: fold,
        nodes,
        edges: edges.into_iter().filter(|(a, b)| a != b).collect(),
        considered,
    })
}

/// The product's name and its best-supported direct sub-types.
fn keywords(graph: &Graph, id: u32) -> Vec<String> {
    let mut subtypes: Vec<u32> = graph.subtypes(id).to_vec();
    subtypes.sort_by_cached_key(|&s| {
        (
            Reverse(graph.company_count(s)),
            graph.name(s).chars().count(),
            graph.name(s).to_string(),
        )
    });
    let mut out = vec![graph.name(id).to_string()];
    for s in subtypes {
        if out.len() > SUBTYPE_KEYWORDS {
            break;
        }
        let name = graph.name(s);
        // The store joins keywords with '|'.
        if !name.contains('|') && !out.iter().any(|k| k == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text safe inside a `#` comment (one line).
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

impl Draft {
    /// The draft as chain TOML, with a header saying what it is and comments per node that help
    /// curating it (distance, companies, their 申万 industries). `command` is echoed in the header.
    pub fn to_toml(&self, graph: &Graph, command: &str) -> String {
        let meta = &graph.data().meta;
        let root = &self.root().name;
        let mut t = String::new();
        let as_of = if meta.as_of.is_empty() {
            "unknown".to_string()
        } else {
            meta.as_of.clone()
        };
        let _ = writeln!(
            t,
            "# 机器起草的产业链草稿，未经人工核对，使用前必须整理。\n\
             # MACHINE-DRAFTED CHAIN TEMPLATE, NOT CURATED: review every node and edge before use.\n\
             #\n\
             # 来源 source: {}（数据截至 as of {as_of}）\n\
             # 第三方从上市公司公告抽取的关系，含噪声、反向关系和环；仅作候选。\n\
             # Third-party relations extracted from listed-company announcements: noisy, some reversed,\n\
             # cyclic. Candidates only.\n\
             # 命令 command: {}\n\
             # 以“{}”为核心，上下游各 {} 层{}；共 {} 个候选，保留 {} 个（按距离、企业数、关系数）。\n\
             # Around '{}', {} level(s) each way{}; {} candidates, {} kept (by distance, companies, relations).\n\
             # industry_codes 未填：知识图谱只有申万行业，没有 GB/T 4754 代码；各环节注释中的申万行业可作参考。\n\
             # industry_codes left empty: the graph has Shenwan industries, not GB/T 4754 codes; the\n\
             # Shenwan industries in each node's comment help choosing them.\n",
            comment(&meta.source),
            comment(command),
            comment(root),
            self.options_depth,
            if self.fold_subtypes {
                "（含产品小类的上下游）"
            } else {
                ""
            },
            self.considered,
            self.nodes.len(),
            comment(root),
            self.options_depth,
            if self.fold_subtypes {
                ", sub-types folded in"
            } else {
                ""
            },
            self.considered,
            self.nodes.len(),
        );
        let _ = writeln!(t, "id = {}", quote(&self.chain_id));
        let _ = writeln!(
            t,
            "name_zh = {}",
            quote(&format!("{root}产业链（知识图谱草稿）"))
        );
        let _ = writeln!(
            t,
            "name_en = {}",
            quote(&format!(
                "{root} chain (draft from the product knowledge graph, untranslated)"
            ))
        );
        let _ = writeln!(t, "version = 1");
        let _ = writeln!(
            t,
            "description_zh = {}",
            quote(&format!(
                "由产业链知识图谱自动起草：以“{root}”为核心，上下游各 {} 层，{} 个环节。关系为公告文本抽取，须人工核对。",
                self.options_depth,
                self.nodes.len()
            ))
        );
        let _ = writeln!(
            t,
            "description_en = {}",
            quote(&format!(
                "Drafted automatically from the product knowledge graph around '{root}', {} level(s) each way, {} nodes. Relations were extracted from announcement text and need checking.",
                self.options_depth,
                self.nodes.len()
            ))
        );
        let _ = writeln!(
            t,
            "sources = [{}]",
            quote(&format!("{}（as of {as_of}）", meta.source))
        );
        for node in &self.nodes {
            t.push_str("\n[[nodes]]\n");
            let place = match node.distance {
                0 => "核心产品 root".to_string(),
                d if d < 0 => format!("上游第 {} 层 upstream level {}", -d, -d),
                d => format!("下游第 {d} 层 downstream level {d}"),
            };
            let mut makers: Vec<(u32, f64)> = graph.makers(node.product).collect();
            makers.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let names: Vec<&str> = makers
                .iter()
                .take(NAMED_COMPANIES)
                .map(|(c, _)| graph.data().companies[*c as usize].name.as_str())
                .collect();
            let _ = write!(t, "# {place} · 企业 companies: {}", node.companies);
            if !names.is_empty() {
                let _ = write!(t, "（{}）", comment(&names.join("、")));
            }
            let industries = graph.industries_of(node.product);
            if !industries.is_empty() {
                let list: Vec<String> = industries
                    .iter()
                    .take(3)
                    .map(|(code, name, n)| format!("{name} {code} ×{n}"))
                    .collect();
                let _ = write!(t, " · 申万行业 Shenwan: {}", comment(&list.join("、")));
            }
            t.push('\n');
            let _ = writeln!(t, "id = {}", quote(&node.id));
            let _ = writeln!(t, "name_zh = {}", quote(&node.name));
            let _ = writeln!(
                t,
                "name_en = {}",
                quote(&format!("{} (untranslated)", node.name))
            );
            let _ = writeln!(t, "stage = {}", quote(node.stage.key()));
            let _ = writeln!(t, "industry_codes = []");
            let keywords: Vec<String> = node.keywords.iter().map(|k| quote(k)).collect();
            let _ = writeln!(t, "keywords = [{}]", keywords.join(", "));
        }
        for &(from, to) in &self.edges {
            let _ = write!(
                t,
                "\n[[edges]]\n# {} → {}\nfrom = {}\nto = {}\nkind = \"supplies\"\n",
                comment(&self.nodes[from].name),
                comment(&self.nodes[to].name),
                quote(&self.nodes[from].id),
                quote(&self.nodes[to].id)
            );
        }
        t
    }
}

#[cfg(test)]
mod tests;
