//! The occupations of a chain's nodes: those the chain file names (curated: the jobs a firm on
//! the node chiefly employs), those a person confirmed (`liantu occupation confirm`), and
//! suggestions the job-title classifier finds in the node's name and keywords — to confirm or
//! reject; a rejected one is not suggested again. The node's occupations for the skills and
//! 四链 views are the file's and the confirmed ones ([`App::node_occupation_codes`]).

use crate::occupations::OccupationFilter;
use crate::{App, Result};
use liantu_model::occupation::{Occupation, OccupationCode};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Suggestions per node at most.
pub const SUGGESTIONS_PER_NODE: usize = 3;

/// How an occupation came to a node.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkOrigin {
    /// Named in the chain file.
    Curated,
    /// Found by the classifier in the node's name or a keyword; not in the file.
    Suggested,
    /// A suggestion (or any occupation) a person confirmed for the node.
    Confirmed,
}

/// A decision on a node's occupation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    Confirm,
    Reject,
    /// Takes the decision back.
    Undo,
}

/// One occupation of a node.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NodeOccupation {
    pub code: OccupationCode,
    /// Empty when the code is not in the imported classification (`known` false).
    pub name: String,
    pub known: bool,
    pub digital: bool,
    pub green: bool,
    pub origin: LinkOrigin,
    /// Suggestions: the node's name or keyword the occupation was found in, and the
    /// classifier's score for it (BM25 plus phrase and trade-word bonuses; comparable within a
    /// node only).
    pub found_in: Option<String>,
    pub score: Option<f64>,
}

/// A node and its occupations, curated first (in the file's order), then suggestions by score.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NodeOccupations {
    pub node: String,
    pub name_zh: String,
    pub name_en: String,
    pub occupations: Vec<NodeOccupation>,
}

impl App {
    /// Every node of `chain_id` with its curated occupations and up to
    /// [`SUGGESTIONS_PER_NODE`] suggestions (`suggest` false: curated only, and then no
    /// classification is needed: codes it would name are shown unnamed, `known` false).
    /// Computed once per store revision (the suggestions build a classifier).
    pub async fn chain_occupations(
        &self,
        chain_id: &str,
        suggest: bool,
    ) -> Result<Arc<Vec<NodeOccupations>>> {
        self.cached(
            &self.caches.chain_occupations,
            (chain_id.to_string(), suggest),
            async || self.node_occupations(chain_id, suggest).await,
        )
        .await
    }

    async fn node_occupations(
        &self,
        chain_id: &str,
        suggest: bool,
    ) -> Result<Vec<NodeOccupations>> {
        let chain = self.chain(chain_id).await?;
        let reviews = self.store.occupation_reviews(chain_id).await?;
        // Suggestions need the classification; the file's codes are shown without it (unnamed).
        let classes = if suggest {
            self.occupations(&OccupationFilter::default()).await?
        } else {
            self.store.occupations().await?
        };
        crate::blocking(move || {
            let classifier = suggest.then(|| liantu_occupation::Classifier::new(&classes));
            let by_code: HashMap<&OccupationCode, &Occupation> = classes
                .iter()
                .filter(|o| o.level == 4)
                .map(|o| (&o.code, o))
                .collect();
            let link = |code: &OccupationCode, origin: LinkOrigin| {
                let class = by_code.get(code);
                NodeOccupation {
                    code: code.clone(),
                    name: class.map(|o| o.name.clone()).unwrap_or_default(),
                    known: class.is_some(),
                    digital: class.is_some_and(|o| o.digital),
                    green: class.is_some_and(|o| o.green),
                    origin,
                    found_in: None,
                    score: None,
                }
            };
            Ok(chain
                .nodes
                .iter()
                .map(|node| {
                    let mut occupations: Vec<NodeOccupation> = node
                        .occupations
                        .iter()
                        .map(|c| link(c, LinkOrigin::Curated))
                        .collect();
                    let mut decided: HashSet<OccupationCode> = HashSet::new();
                    for r in reviews.iter().filter(|r| r.node == node.id) {
                        let Ok(code) = OccupationCode::parse(&r.occupation) else {
                            continue;
                        };
                        if r.decision == CONFIRMED && !node.occupations.contains(&code) {
                            let mut confirmed = link(&code, LinkOrigin::Confirmed);
                            confirmed.found_in =
                                Some(format!("{} {}", r.by, r.at.get(..10).unwrap_or(&r.at)));
                            occupations.push(confirmed);
                        }
                        decided.insert(code);
                    }
                    if let Some(classifier) = &classifier {
                        for (code, text, score) in suggestions(classifier, node, &decided) {
                            let mut found = link(&code, LinkOrigin::Suggested);
                            found.found_in = Some(text);
                            found.score = Some(score);
                            occupations.push(found);
                        }
                    }
                    NodeOccupations {
                        node: node.id.clone(),
                        name_zh: node.name_zh.clone(),
                        name_en: node.name_en.clone(),
                        occupations,
                    }
                })
                .collect())
        })
        .await
    }
}

/// The classifier's best occupations for the node's Chinese name and each keyword (each read
/// as a job title would be), the best score per occupation kept, those the file already names
/// left out: (code, the text it was found in, score), best first.
fn suggestions(
    classifier: &liantu_occupation::Classifier,
    node: &liantu_model::chain::Node,
    decided: &HashSet<OccupationCode>,
) -> Vec<(OccupationCode, String, f64)> {
    let mut best: HashMap<OccupationCode, (String, f64)> = HashMap::new();
    for text in std::iter::once(&node.name_zh).chain(&node.keywords) {
        // As many more as the file names or were decided, so that leaving those out still
        // leaves enough.
        let wanted = SUGGESTIONS_PER_NODE + node.occupations.len() + decided.len();
        for c in classifier.classify(text, wanted).candidates {
            if node.occupations.contains(&c.code) || decided.contains(&c.code) {
                continue;
            }
            let entry = best.entry(c.code).or_insert((text.clone(), c.score));
            if c.score > entry.1 {
                *entry = (text.clone(), c.score);
            }
        }
    }
    let mut found: Vec<(OccupationCode, String, f64)> = best
        .into_iter()
        .map(|(code, (text, score))| (code, text, score))
        .collect();
    // Ties by code: the same list every run.
    found.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    found.truncate(SUGGESTIONS_PER_NODE);
    found
}

const CONFIRMED: &str = "confirmed";
const REJECTED: &str = "rejected";

impl App {
    /// Confirms, rejects or takes back the decision on `codes` for a node of `chain_id`; all
    /// or nothing: every code must be an occupation (细类) of the classification, and a
    /// confirmed one must not be in the chain file already. Returns how many changed.
    pub async fn review_node_occupations(
        &self,
        chain_id: &str,
        node_id: &str,
        codes: &[String],
        review: Review,
        by: &str,
    ) -> Result<u64> {
        self.require_write(crate::WriteTarget::City).await?;
        let by = by.trim();
        if by.is_empty() {
            return Err(crate::AppError::invalid(
                "确认人不能为空 / who decides must not be empty",
            ));
        }
        let chain = self.chain(chain_id).await?;
        let node = chain
            .nodes
            .iter()
            .find(|n| n.id == node_id)
            .ok_or_else(|| {
                crate::AppError::not_found(format!(
                    "产业链 {chain_id} 没有环节 {node_id} / chain {chain_id} has no node {node_id}"
                ))
            })?;
        let known = self.store.occupation_codes().await?;
        let mut parsed = Vec::new();
        let mut bad = Vec::new();
        for code in codes {
            match OccupationCode::parse(code.trim()) {
                Ok(c) if known.contains(&c) => parsed.push(c),
                _ => bad.push(code.trim().to_string()),
            }
        }
        if codes.is_empty() || !bad.is_empty() {
            let list = bad.join("、");
            return Err(crate::AppError::invalid(format!(
                "不是职业分类中的职业（细类）：{list}（未做任何更改）/ not occupations (细类) of the classification: {list} (nothing was changed)"
            )));
        }
        if review == Review::Confirm {
            let listed: Vec<&str> = parsed
                .iter()
                .filter(|c| node.occupations.contains(c))
                .map(OccupationCode::as_str)
                .collect();
            if !listed.is_empty() {
                let list = listed.join("、");
                return Err(crate::AppError::invalid(format!(
                    "产业链定义已列出 {list}，无需确认（未做任何更改）/ the chain file already names {list} (nothing was changed)"
                )));
            }
        }
        let decision = match review {
            Review::Confirm => Some(CONFIRMED),
            Review::Reject => Some(REJECTED),
            Review::Undo => None,
        };
        let codes: Vec<String> = parsed.iter().map(|c| c.as_str().to_string()).collect();
        self.writing(async {
            Ok(self
                .store
                .review_occupations(chain_id, node_id, &codes, decision, by, &self.now())
                .await?)
        })
        .await
    }

    /// Each node's occupations for the analyses: the chain file's, then the confirmed ones.
    pub(crate) async fn node_occupation_codes(
        &self,
        chain: &liantu_model::chain::Chain,
    ) -> Result<HashMap<String, Vec<OccupationCode>>> {
        let mut codes: HashMap<String, Vec<OccupationCode>> = chain
            .nodes
            .iter()
            .map(|n| (n.id.clone(), n.occupations.clone()))
            .collect();
        for r in self.store.occupation_reviews(&chain.id).await? {
            if r.decision != CONFIRMED {
                continue;
            }
            if let (Some(list), Ok(code)) =
                (codes.get_mut(&r.node), OccupationCode::parse(&r.occupation))
                && !list.contains(&code)
            {
                list.push(code);
            }
        }
        Ok(codes)
    }
}

/// One row per (node, occupation).
pub fn chain_occupation_table(nodes: &[NodeOccupations]) -> Table {
    let mut table = Table::new(
        Text::new("产业链环节的职业", "Occupations of the chain's nodes"),
        vec![
            Column::new("node", "环节", "Node", ColumnKind::Text),
            Column::new("code", "职业编码", "Code", ColumnKind::Text),
            Column::new("name", "职业名称", "Occupation", ColumnKind::Text),
            Column::new("marks", "数字/绿色", "Digital/green", ColumnKind::Local),
            Column::new("origin", "来源", "Origin", ColumnKind::Local),
            Column::new("found_in", "匹配词", "Found in", ColumnKind::Text),
        ],
    );
    for node in nodes {
        if node.occupations.is_empty() {
            table.push(vec![
                Cell::local(&node.name_zh, &node.name_en),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::local("未列职业", "no occupation named"),
                Cell::Empty,
            ]);
        }
        for o in &node.occupations {
            let marks = crate::occupations::marks_cell(o.digital, o.green);
            let origin = match (o.origin, o.known) {
                (LinkOrigin::Curated, true) => Cell::local("产业链定义", "chain file"),
                (LinkOrigin::Curated, false) => Cell::local(
                    "产业链定义（不在已导入的职业分类中）",
                    "chain file (not in the imported classification)",
                ),
                (LinkOrigin::Suggested, _) => {
                    Cell::local("建议（待确认）", "suggested (to confirm)")
                }
                (LinkOrigin::Confirmed, _) => Cell::local("人工确认", "confirmed"),
            };
            table.push(vec![
                Cell::local(&node.name_zh, &node.name_en),
                Cell::text(o.code.as_str()),
                Cell::text(&o.name),
                marks,
                origin,
                Cell::text(o.found_in.clone().unwrap_or_default()),
            ]);
        }
    }
    table
}
