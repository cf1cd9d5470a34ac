//! Auto-tagging (自动标注): suggests which chain nodes an enterprise belongs to, from its
//! GB/T 4754-2017 industry code and from node keywords found in its main products (主营产品)
//! and business scope (经营范围). Every suggestion carries the evidence it rests on and a
//! confidence in [0, 1]; suggestions stay suggestions until a person confirms them (the store
//! and the `liantu tag` commands do that part). Pure: plain structs in, plain structs out.
//!
//! # Matching
//!
//! All keywords of all nodes (and each node's Chinese name without its parenthesised gloss) go
//! into one Aho-Corasick automaton, built once. Each text is scanned once, with leftmost-longest
//! semantics: in “磷酸铁锂正极材料” the scan reports “磷酸铁锂” and “正极材料”, never the
//! shorter “磷酸” or “磷酸铁” inside them. ASCII letters match case-insensitively, and an ASCII
//! keyword only counts as a whole word (“EC” does not fire inside “PVEC”). A keyword inside a
//! negated clause — “不含危险化学品”, “危险化学品除外”, “除危险化学品外” — is ignored; a
//! clause runs between punctuation (，；。、 does not end one) and parentheses.
//!
//! # Confidence
//!
//! Deliberately additive, so a user can recompute it from the evidence list:
//!
//! ```text
//! confidence = min(1, code + min(0.6, Σ main-products keywords) + min(0.3, Σ business-scope keywords))
//! code     = 0.6 exact (the node's code is the firm's code, or a coarser code covering it)
//!          | 0.2 same 3-digit group (中类) | 0.05 same 2-digit division (大类)  — the best one only
//! keyword  = 0.3 in main products, 0.15 in business scope, per distinct keyword
//! every piece of evidence is divided by the number of nodes *of the same chain* it points to,
//! and a one-character keyword (e.g. “纸”) counts half.
//! ```
//!
//! Why these numbers: the industry code is the firm's own declared class, so an exact code is the
//! strongest single signal (0.6), but one code often spans several nodes, hence the division by
//! the nodes sharing it. A neighbouring class in the same group or division says little on its
//! own (on the demo, group-only matches were mostly wrong: 道路货物运输 5431 vs 冷链 5432), so it
//! stays below the default threshold of 0.3 and only adds to keyword evidence. A product word in 主营产品 is specific but can be a modifier
//! (“磷酸铁锂动力电池” names a cell, not a cathode maker), so one keyword alone gives 0.3 and two
//! reach the 0.6 cap. 经营范围 is boilerplate-heavy (firms list trades they never carry out), so
//! it weighs half as much and is capped at 0.3. Code plus one product keyword (0.9) is about as
//! sure as this gets without a person looking. Evidence shared within a chain is ambiguous about
//! the node, not about the chain, so it is divided per chain: a keyword on a node of each of two
//! chains counts fully for both.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Points for an exact industry-code match.
pub const CODE_EXACT: f64 = 0.6;
/// Points for sharing the 3-digit group (中类).
pub const CODE_GROUP: f64 = 0.2;
/// Points for sharing only the 2-digit division (大类).
pub const CODE_DIVISION: f64 = 0.05;
/// Points per distinct keyword in the main products, and their cap.
pub const KEYWORD_MAIN: f64 = 0.3;
pub const KEYWORD_MAIN_CAP: f64 = 0.6;
/// Points per distinct keyword in the business scope, and their cap.
pub const KEYWORD_SCOPE: f64 = 0.15;
pub const KEYWORD_SCOPE_CAP: f64 = 0.3;
/// Factor for one-character keywords.
pub const SINGLE_CHAR_FACTOR: f64 = 0.5;
/// The default `--min-confidence` of `liantu tag suggest`: one product keyword, or an exact code
/// shared by at most two nodes of the chain, is enough; a group match alone (0.2) is not.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.3;

/// Markers that negate the clause they stand in.
const NEGATIONS: [&str; 11] = [
    "不含",
    "不包括",
    "不包含",
    "除外",
    "不得",
    "禁止",
    "不从事",
    "不涉及",
    "不经营",
    "不生产",
    "不销售",
];

/// One chain node as the tagger sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeSpec {
    pub chain: String,
    pub node: String,
    pub name_zh: String,
    /// GB/T 4754-2017 codes, 2–4 digits.
    pub industry_codes: Vec<String>,
    pub keywords: Vec<String>,
}

impl NodeSpec {
    /// The nodes of a parsed chain.
    pub fn from_chain(chain: &liantu_chain::Chain) -> Vec<NodeSpec> {
        chain
            .nodes
            .iter()
            .map(|n| NodeSpec {
                chain: chain.id.clone(),
                node: n.id.clone(),
                name_zh: n.name_zh.clone(),
                industry_codes: n
                    .industry_codes
                    .iter()
                    .map(|c| c.as_str().to_string())
                    .collect(),
                keywords: n.keywords.clone(),
            })
            .collect()
    }
}

/// What the tagger reads of one enterprise.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EnterpriseText<'a> {
    pub uscc: &'a str,
    pub industry_code: Option<&'a str>,
    pub main_products: &'a str,
    pub business_scope: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    IndustryCodeExact,
    IndustryCodePrefix,
    KeywordMainProducts,
    KeywordBusinessScope,
}

/// One reason for a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// Code evidence: the enterprise's code. Keyword evidence: the keyword as written in the chain.
    pub text: String,
    /// Code evidence: the node's code it matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_code: Option<String>,
    /// Prefix evidence: digits shared (3 = group, 2 = division).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digits: Option<u8>,
    /// Keyword evidence: character offset of the first occurrence in the field (0-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// Nodes of the same chain this evidence points to; its points were divided by this.
    pub shared_by: u32,
    /// Points this evidence adds (before the per-field caps).
    pub points: f64,
}

impl Evidence {
    /// In Chinese, e.g. `行业代码 2613 完全匹配`, `主营产品含“碳酸锂”`.
    pub fn describe_zh(&self) -> String {
        let mut s = match self.kind {
            EvidenceKind::IndustryCodeExact => match &self.node_code {
                Some(c) if *c != self.text => format!("行业代码 {} 属于 {c}", self.text),
                _ => format!("行业代码 {} 完全匹配", self.text),
            },
            EvidenceKind::IndustryCodePrefix => {
                let digits = usize::from(self.digits.unwrap_or(2));
                let level = if digits >= 3 { "中类" } else { "大类" };
                let shared: String = self.text.chars().take(digits).collect();
                format!(
                    "行业代码 {} 与 {} 同属{level} {shared}",
                    self.text,
                    self.node_code.as_deref().unwrap_or("")
                )
            }
            EvidenceKind::KeywordMainProducts => format!("主营产品含“{}”", self.text),
            EvidenceKind::KeywordBusinessScope => format!("经营范围含“{}”", self.text),
        };
        if self.shared_by > 1 {
            s.push_str(&format!("（本链 {} 个环节共有）", self.shared_by));
        }
        s
    }

    /// In English.
    pub fn describe_en(&self) -> String {
        let mut s = match self.kind {
            EvidenceKind::IndustryCodeExact => match &self.node_code {
                Some(c) if *c != self.text => {
                    format!("industry code {} falls under {c}", self.text)
                }
                _ => format!("industry code {} matches exactly", self.text),
            },
            EvidenceKind::IndustryCodePrefix => {
                let digits = usize::from(self.digits.unwrap_or(2));
                let level = if digits >= 3 { "group" } else { "division" };
                let shared: String = self.text.chars().take(digits).collect();
                format!(
                    "industry code {} shares {level} {shared} with {}",
                    self.text,
                    self.node_code.as_deref().unwrap_or("")
                )
            }
            EvidenceKind::KeywordMainProducts => format!("main products mention “{}”", self.text),
            EvidenceKind::KeywordBusinessScope => {
                format!("business scope mentions “{}”", self.text)
            }
        };
        if self.shared_by > 1 {
            s.push_str(&format!(
                " (shared by {} nodes of the chain)",
                self.shared_by
            ));
        }
        s
    }
}

/// All evidence in one line, Chinese: `行业代码 2613 完全匹配；主营产品含“碳酸锂”`.
pub fn describe_zh(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(Evidence::describe_zh)
        .collect::<Vec<_>>()
        .join("；")
}

/// All evidence in one line, English.
pub fn describe_en(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(Evidence::describe_en)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A suggested membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub uscc: String,
    pub chain: String,
    pub node: String,
    /// In [0, 1], rounded to 4 decimals; see the crate docs for the formula.
    pub confidence: f64,
    /// Code evidence first, then main-products keywords, then business-scope keywords, each in
    /// text order.
    pub evidence: Vec<Evidence>,
}

/// (USCC, chain, node) pairs never to suggest: confirmed memberships and rejected suggestions.
#[derive(Debug, Clone, Default)]
pub struct Exclusions {
    by_uscc: HashMap<String, Vec<u32>>,
}

impl Exclusions {
    fn contains(&self, uscc: &str, node: u32) -> bool {
        self.by_uscc
            .get(uscc)
            .is_some_and(|nodes| nodes.contains(&node))
    }

    pub fn len(&self) -> usize {
        self.by_uscc.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_uscc.is_empty()
    }
}

#[derive(Debug, Clone, Copy)]
struct Target {
    node: u32,
    /// Points multiplier: 1 / nodes of the chain sharing the keyword, × the single-char factor.
    factor: f64,
    shared_by: u32,
}

#[derive(Debug, Clone, Copy)]
struct CodeEntry {
    node: u32,
    /// Index into the node's `industry_codes`.
    code: u32,
    /// Digits of that code.
    len: u8,
}

/// Slot of a 2-, 3- or 4-digit code prefix in the code index: 0–99, 100–1099, 1100–11099.
fn code_slot(digits: &[u8]) -> usize {
    let value = digits
        .iter()
        .fold(0usize, |v, d| v * 10 + usize::from(d - b'0'));
    match digits.len() {
        2 => value,
        3 => 100 + value,
        _ => 1_100 + value,
    }
}

fn is_code(code: &str) -> bool {
    (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// Field a keyword was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Main,
    Scope,
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    pattern: u32,
    factor: f64,
    shared_by: u32,
    position: usize,
}

#[derive(Debug, Clone, Copy)]
struct CodeHit {
    code: u32,
    /// 4 = exact (or covered), else digits shared.
    level: u8,
}

#[derive(Debug, Default, Clone)]
struct Acc {
    code: Option<CodeHit>,
    code_shared: u32,
    main: Vec<Hit>,
    scope: Vec<Hit>,
}

/// Per-call working memory, reused across enterprises (no allocation per firm in the hot loop
/// beyond the suggestions themselves).
#[derive(Debug, Default)]
pub struct Scratch {
    acc: Vec<Acc>,
    touched: Vec<u32>,
    seen_pattern: Vec<u32>,
}

/// The tagger: one automaton over every keyword of every node, and the code index.
#[derive(Debug, Clone)]
pub struct Tagger {
    nodes: Vec<NodeSpec>,
    /// Chain number of each node (equal numbers = same chain).
    chain_of: Vec<u32>,
    /// Pattern text as first written in a chain, per automaton pattern id.
    patterns: Vec<String>,
    pattern_chars: Vec<(bool, bool)>,
    targets: Vec<Vec<Target>>,
    automaton: AhoCorasick,
    /// Code prefix (2, 3 or 4 digits, by [`code_slot`]) → node codes starting with it.
    codes: Vec<Vec<CodeEntry>>,
}

/// The automaton could not be built (far beyond any real chain set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "无法建立关键词自动机 / cannot build the keyword automaton: {}",
            self.0
        )
    }
}

impl std::error::Error for BuildError {}

/// A node's Chinese name without its parenthesised gloss: “锂资源（锂矿、盐湖卤水）” → “锂资源”.
fn short_name(name: &str) -> &str {
    let cut = name.find(['（', '(']).unwrap_or(name.len());
    name[..cut].trim()
}

fn ascii_word_char(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '；'
            | ';'
            | '。'
            | '！'
            | '!'
            | '？'
            | '?'
            | '：'
            | ':'
            | '\n'
            | '\r'
            | '（'
            | '('
            | '）'
            | ')'
            | '【'
            | '】'
            | '['
            | ']'
    )
}

/// True when the match `[start, end)` of `text` stands in a negated clause.
fn negated(text: &str, start: usize, end: usize) -> bool {
    let clause_start = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| is_clause_break(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let clause_end = text[end..]
        .char_indices()
        .find(|(_, c)| is_clause_break(*c))
        .map_or(text.len(), |(i, _)| end + i);
    let clause = &text[clause_start..clause_end];
    // Every marker has one of these characters; most clauses have none.
    if !clause.contains(['不', '除', '禁']) {
        return false;
    }
    if NEGATIONS.iter().any(|n| clause.contains(n)) {
        return true;
    }
    // 除……外: “除” before the keyword and “外” after it, in the same clause.
    text[clause_start..start].contains('除') && text[end..clause_end].contains('外')
}

impl Tagger {
    /// Builds the automaton and the code index over `nodes` (any number of chains).
    pub fn new(nodes: Vec<NodeSpec>) -> Result<Tagger, BuildError> {
        Tagger::with_shields(nodes, &[])
    }

    /// As [`Tagger::new`], with `shields`: words matched like keywords that name no node. A chain's
    /// own name is one: “螺蛳粉” in “螺蛳粉电商” is then matched whole, and the snail-farming
    /// keyword “螺蛳” inside it does not fire.
    pub fn with_shields(nodes: Vec<NodeSpec>, shields: &[&str]) -> Result<Tagger, BuildError> {
        // Distinct patterns (ASCII case folded, as the automaton matches them), with the nodes
        // each one names.
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut raw_targets: Vec<Vec<u32>> = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            let i = i as u32;
            let name = short_name(&node.name_zh);
            let words = node
                .keywords
                .iter()
                .map(|k| k.trim())
                .chain((name.chars().count() >= 2).then_some(name));
            for word in words {
                if word.is_empty() {
                    continue;
                }
                let key = word.to_ascii_lowercase();
                let id = *index.entry(key).or_insert_with(|| {
                    patterns.push(word.to_string());
                    raw_targets.push(Vec::new());
                    (patterns.len() - 1) as u32
                });
                let t = &mut raw_targets[id as usize];
                if !t.contains(&i) {
                    t.push(i);
                }
            }
        }
        for shield in shields.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            index.entry(shield.to_ascii_lowercase()).or_insert_with(|| {
                patterns.push(shield.to_string());
                raw_targets.push(Vec::new());
                (patterns.len() - 1) as u32
            });
        }
        let targets = raw_targets
            .iter()
            .zip(&patterns)
            .map(|(node_ids, text)| {
                let single = if text.chars().count() == 1 {
                    SINGLE_CHAR_FACTOR
                } else {
                    1.0
                };
                node_ids
                    .iter()
                    .map(|&n| {
                        let chain = &nodes[n as usize].chain;
                        let shared_by = node_ids
                            .iter()
                            .filter(|&&m| nodes[m as usize].chain == *chain)
                            .count() as u32;
                        Target {
                            node: n,
                            factor: single / f64::from(shared_by),
                            shared_by,
                        }
                    })
                    .collect()
            })
            .collect();
        let pattern_chars = patterns
            .iter()
            .map(|p| {
                let b = p.as_bytes();
                (
                    b.first().copied().is_some_and(ascii_word_char),
                    b.last().copied().is_some_and(ascii_word_char),
                )
            })
            .collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            // A few hundred patterns make a DFA of a few MB at most: the fastest scan.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| BuildError(e.to_string()))?;

        // Codes trimmed once; anything but 2–4 digits can never match and is dropped.
        let mut nodes = nodes;
        for node in &mut nodes {
            node.industry_codes = node
                .industry_codes
                .iter()
                .map(|c| c.trim().to_string())
                .filter(|c| is_code(c))
                .collect();
        }
        let mut codes: Vec<Vec<CodeEntry>> = vec![Vec::new(); 11_100];
        for (i, node) in nodes.iter().enumerate() {
            for (j, code) in node.industry_codes.iter().enumerate() {
                for len in 2..=code.len() {
                    codes[code_slot(&code.as_bytes()[..len])].push(CodeEntry {
                        node: i as u32,
                        code: j as u32,
                        len: code.len() as u8,
                    });
                }
            }
        }
        let mut chain_ids: HashMap<&str, u32> = HashMap::new();
        let chain_of = nodes
            .iter()
            .map(|n| {
                let next = chain_ids.len() as u32;
                *chain_ids.entry(n.chain.as_str()).or_insert(next)
            })
            .collect();
        Ok(Tagger {
            chain_of,
            nodes,
            patterns,
            pattern_chars,
            targets,
            automaton,
            codes,
        })
    }

    /// The nodes of every chain given, with the chains' names as shields.
    pub fn from_chains(chains: &[liantu_chain::Chain]) -> Result<Tagger, BuildError> {
        let names: Vec<&str> = chains.iter().map(|c| c.name_zh.as_str()).collect();
        Tagger::with_shields(
            chains.iter().flat_map(NodeSpec::from_chain).collect(),
            &names,
        )
    }

    pub fn nodes(&self) -> &[NodeSpec] {
        &self.nodes
    }

    /// Number of distinct patterns in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Exclusions from (USCC, chain, node) triples; pairs on nodes the tagger does not know are
    /// dropped (they cannot be suggested anyway).
    pub fn exclusions<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Exclusions {
        let mut out = Exclusions::default();
        self.exclude(&mut out, pairs);
        out
    }

    /// Adds triples to `exclusions` (see [`Tagger::exclusions`]): for pairs read a chunk at a
    /// time, a pair possibly in more than one.
    pub fn exclude<'a>(
        &self,
        exclusions: &mut Exclusions,
        pairs: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) {
        let by_node: HashMap<(&str, &str), u32> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| ((n.chain.as_str(), n.node.as_str()), i as u32))
            .collect();
        for (uscc, chain, node) in pairs {
            if let Some(&i) = by_node.get(&(chain, node)) {
                let v = exclusions.by_uscc.entry(uscc.to_string()).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
    }

    /// Suggestions for one enterprise, every node with any evidence, best first.
    pub fn tag(&self, e: &EnterpriseText<'_>) -> Vec<Suggestion> {
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        self.tag_into(e, &Exclusions::default(), 0.0, &mut scratch, &mut out);
        out
    }

    /// Suggestions for many enterprises: those at or above `min_confidence`, leaving out the
    /// excluded pairs; in input order, within an enterprise best first.
    pub fn suggest<'a>(
        &self,
        enterprises: impl IntoIterator<Item = EnterpriseText<'a>>,
        exclude: &Exclusions,
        min_confidence: f64,
    ) -> Vec<Suggestion> {
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        for e in enterprises {
            self.tag_into(&e, exclude, min_confidence, &mut scratch, &mut out);
        }
        out
    }

    /// The core: appends `e`'s suggestions to `out`. One automaton pass per text.
    pub fn tag_into(
        &self,
        e: &EnterpriseText<'_>,
        exclude: &Exclusions,
        min_confidence: f64,
        scratch: &mut Scratch,
        out: &mut Vec<Suggestion>,
    ) {
        if scratch.acc.len() != self.nodes.len() {
            scratch.acc = vec![Acc::default(); self.nodes.len()];
        }
        if let Some(code) = e
            .industry_code
            .map(str::trim)
            .filter(|c| (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()))
        {
            self.code_hits(code, scratch);
        }
        self.keyword_hits(e.main_products, Field::Main, scratch);
        if let Some(scope) = e.business_scope {
            self.keyword_hits(scope, Field::Scope, scratch);
        }
        let start = out.len();
        for &n in &scratch.touched {
            let acc = &mut scratch.acc[n as usize];
            // Score first, build the evidence only for what is kept.
            let confidence = Self::confidence(acc);
            if confidence > 0.0
                && confidence + 1e-9 >= min_confidence
                && !exclude.contains(e.uscc, n)
            {
                out.push(self.suggestion(e, n, acc, confidence));
            }
            acc.code = None;
            acc.code_shared = 0;
            acc.main.clear();
            acc.scope.clear();
        }
        scratch.touched.clear();
        out[start..].sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then_with(|| a.chain.cmp(&b.chain))
                .then_with(|| a.node.cmp(&b.node))
        });
    }

    fn touch(scratch: &mut Scratch, n: u32) {
        let acc = &scratch.acc[n as usize];
        if acc.code.is_none() && acc.main.is_empty() && acc.scope.is_empty() {
            scratch.touched.push(n);
        }
    }

    fn code_hits(&self, code: &str, scratch: &mut Scratch) {
        let first_touched = scratch.touched.len();
        // Longest shared prefix first, so each node keeps its best level.
        let digits = code.as_bytes();
        for len in (2..=digits.len()).rev() {
            for entry in &self.codes[code_slot(&digits[..len])] {
                // The node's code shares `len` digits with the firm's; when that is all of it,
                // it is the firm's code or a coarser one covering it.
                let level = if usize::from(entry.len) == len {
                    4
                } else {
                    len as u8
                };
                let acc = &scratch.acc[entry.node as usize];
                if acc.code.is_some_and(|h| h.level >= level) {
                    continue;
                }
                Self::touch(scratch, entry.node);
                scratch.acc[entry.node as usize].code = Some(CodeHit {
                    code: entry.code,
                    level,
                });
            }
        }
        // Shared: nodes of the same chain hit at the same level by this code.
        let hit: Vec<u32> = scratch.touched[first_touched..].to_vec();
        for &n in &hit {
            let (chain, level) = (
                self.chain_of[n as usize],
                scratch.acc[n as usize].code.map(|h| h.level),
            );
            let shared = hit
                .iter()
                .filter(|&&m| {
                    self.chain_of[m as usize] == chain
                        && scratch.acc[m as usize].code.map(|h| h.level) == level
                })
                .count() as u32;
            scratch.acc[n as usize].code_shared = shared;
        }
    }

    fn keyword_hits(&self, text: &str, field: Field, scratch: &mut Scratch) {
        if text.is_empty() {
            return;
        }
        scratch.seen_pattern.clear();
        // Full-width Latin (ＰＶＣ) as typed with a Chinese input method: the same letters. The
        // mapping is one char to one char, so character positions stay those of the original.
        let normalized = liantu_model::numbers::half_width(text);
        let text: &str = &normalized;
        let bytes = text.as_bytes();
        // Char offset of `byte_at`, advanced as matches come in text order.
        let (mut byte_at, mut char_at) = (0usize, 0usize);
        for m in self.automaton.find_iter(text) {
            let p = m.pattern().as_u32();
            let (ascii_start, ascii_end) = self.pattern_chars[p as usize];
            if (ascii_start && m.start() > 0 && ascii_word_char(bytes[m.start() - 1]))
                || (ascii_end && m.end() < bytes.len() && ascii_word_char(bytes[m.end()]))
            {
                continue;
            }
            if scratch.seen_pattern.contains(&p) || negated(text, m.start(), m.end()) {
                continue;
            }
            scratch.seen_pattern.push(p);
            char_at += text[byte_at..m.start()].chars().count();
            byte_at = m.start();
            for t in &self.targets[p as usize] {
                Self::touch(scratch, t.node);
                let hit = Hit {
                    pattern: p,
                    factor: t.factor,
                    shared_by: t.shared_by,
                    position: char_at,
                };
                let acc = &mut scratch.acc[t.node as usize];
                match field {
                    Field::Main => acc.main.push(hit),
                    Field::Scope => acc.scope.push(hit),
                }
            }
        }
    }

    fn code_points(acc: &Acc) -> f64 {
        acc.code.map_or(0.0, |h| {
            let base = match h.level {
                4 => CODE_EXACT,
                3 => CODE_GROUP,
                _ => CODE_DIVISION,
            };
            base / f64::from(acc.code_shared.max(1))
        })
    }

    /// The confidence of one node's evidence (the formula in the crate docs).
    fn confidence(acc: &Acc) -> f64 {
        let sum = |hits: &[Hit], per: f64, cap: f64| {
            hits.iter().map(|h| per * h.factor).sum::<f64>().min(cap)
        };
        round4(
            (Self::code_points(acc)
                + sum(&acc.main, KEYWORD_MAIN, KEYWORD_MAIN_CAP)
                + sum(&acc.scope, KEYWORD_SCOPE, KEYWORD_SCOPE_CAP))
            .min(1.0),
        )
    }

    fn suggestion(&self, e: &EnterpriseText<'_>, n: u32, acc: &Acc, confidence: f64) -> Suggestion {
        let node = &self.nodes[n as usize];
        let mut evidence = Vec::with_capacity(1 + acc.main.len() + acc.scope.len());
        if let Some(h) = acc.code {
            evidence.push(Evidence {
                kind: if h.level == 4 {
                    EvidenceKind::IndustryCodeExact
                } else {
                    EvidenceKind::IndustryCodePrefix
                },
                text: e.industry_code.unwrap_or_default().trim().to_string(),
                node_code: Some(node.industry_codes[h.code as usize].clone()),
                digits: (h.level < 4).then_some(h.level),
                position: None,
                shared_by: acc.code_shared.max(1),
                points: round4(Self::code_points(acc)),
            });
        }
        for (hits, kind, per) in [
            (&acc.main, EvidenceKind::KeywordMainProducts, KEYWORD_MAIN),
            (
                &acc.scope,
                EvidenceKind::KeywordBusinessScope,
                KEYWORD_SCOPE,
            ),
        ] {
            for h in hits {
                evidence.push(Evidence {
                    kind,
                    text: self.patterns[h.pattern as usize].clone(),
                    node_code: None,
                    digits: None,
                    position: Some(h.position),
                    shared_by: h.shared_by,
                    points: round4(per * h.factor),
                });
            }
        }
        Suggestion {
            uscc: e.uscc.to_string(),
            chain: node.chain.clone(),
            node: node.node.clone(),
            confidence,
            evidence,
        }
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests;
