//! The innovation chain (创新链): the platforms serving a chain's nodes, enterprises' technology
//! needs and the achievements that might meet them, and the 四链融合 view of a chain.
//!
//! **Matching** (技术需求—科技成果对接). Every open need (发布 or 对接) is scored against every
//! achievement; the three best with a score of at least [`MIN_SCORE`] are kept, each with its
//! reasons. The score is a weighted sum of four parts, each on 0–1:
//! - **文本相似度 text** ([`TEXT_WEIGHT`] 0.40): cosine similarity of the TF-IDF vectors of the
//!   need's and the achievement's title and description, over Chinese character bigrams and
//!   Latin words (IDF from all needs and achievements, `ln((1+N)/(1+df)) + 1`). Bigrams need no
//!   dictionary and catch 碳酸锂/磷酸铁 as well as a word segmenter would on such short texts;
//! - **环节 nodes** ([`NODE_WEIGHT`] 0.35): 1 when they share a chain node, 0.3 when they only
//!   share a chain, else 0 — the chain files are the city's own statement of what belongs
//!   together, so a shared node is strong evidence;
//! - **距离 distance** ([`DISTANCE_WEIGHT`] 0.15): 1 in the same county, 0.7 in the same city,
//!   0.4 in the same province, 0.1 elsewhere — nearby partners are easier to work with, but a
//!   good achievement from afar still counts;
//! - **成熟度 readiness** ([`READINESS_WEIGHT`] 0.10): 实验室 ¼, 小试 ½, 中试 ¾, 产业化 1.
//!
//! A pair that shares no node and has text similarity below [`MIN_TEXT`] is never a match,
//! however close or mature: distance and readiness only rank the candidates.
//!
//! **四链融合** per node of a chain in an area: the 产业链 (diagnosis status, local firms), the
//! 人才链 (employed and vacancies of the node's local firms in the occupations the node's chain
//! file names; local supply of those occupations and the gap = vacancies − supply — supply is
//! not tied to a node, so an occupation several nodes name counts its supply in each), the 教育链
//! (the programmes training for those occupations), and the 创新链 (platforms serving the node,
//! its needs and how many are open, achievements, their patents, and the open needs' matches).

use crate::diagnosis::{DiagnosisRequest, SourceRef};
use crate::{App, Result};
use liantu_model::innovation::{
    Achievement, NeedStatus, NodeRef, Platform, PlatformKind, PlatformLevel, TechNeed,
};
use liantu_model::records::SourceKind;
use liantu_model::{NodeStatus, RegionCode};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Weights of the match score's parts (see the module docs).
pub const TEXT_WEIGHT: f64 = 0.40;
pub const NODE_WEIGHT: f64 = 0.35;
pub const DISTANCE_WEIGHT: f64 = 0.15;
pub const READINESS_WEIGHT: f64 = 0.10;
/// A match is shown from this score.
pub const MIN_SCORE: f64 = 0.35;
/// Below this text similarity, a pair without a shared node is not a match.
pub const MIN_TEXT: f64 = 0.10;
/// Matches kept per need.
pub const MATCHES_PER_NEED: usize = 3;

/// A node as shown: its chain and names.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NodeName {
    pub chain: String,
    pub node: String,
    pub name_zh: String,
    pub name_en: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlatformView {
    pub name: String,
    pub kind: PlatformKind,
    pub kind_zh: &'static str,
    pub kind_en: &'static str,
    pub level: PlatformLevel,
    pub level_zh: &'static str,
    pub level_en: &'static str,
    pub host: String,
    pub region: String,
    pub region_zh: String,
    pub nodes: Vec<NodeName>,
    pub fields: Option<String>,
    pub year: Option<i32>,
}

/// One achievement proposed for a need, with the parts of its score.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MatchView {
    pub achievement: String,
    pub title: String,
    pub owner: String,
    pub score: f64,
    pub text: f64,
    pub nodes: f64,
    pub distance: f64,
    pub readiness: f64,
    pub reasons_zh: Vec<String>,
    pub reasons_en: Vec<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, serde::Serialize)]
pub struct NeedView {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub uscc: String,
    pub firm: String,
    pub region_zh: String,
    pub nodes: Vec<NodeName>,
    /// 万元; hidden from an enterprise account for other firms' needs.
    pub budget: Option<f64>,
    pub deadline: Option<String>,
    pub status: NeedStatus,
    pub status_zh: &'static str,
    pub status_en: &'static str,
    pub partner: Option<String>,
    /// Best first; only for open needs.
    pub matches: Vec<MatchView>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, serde::Serialize)]
pub struct AchievementView {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub region_zh: String,
    pub maturity_zh: &'static str,
    pub maturity_en: &'static str,
    pub patents: i64,
    pub nodes: Vec<NodeName>,
}

/// Needs per status, in the pipeline's order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, serde::Serialize)]
pub struct StatusCount {
    pub status_zh: &'static str,
    pub status_en: &'static str,
    pub needs: usize,
}

/// The innovation register, for all chains or one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, serde::Serialize)]
pub struct InnovationView {
    /// `None`: every chain.
    pub chain: Option<String>,
    pub platforms: Vec<PlatformView>,
    pub needs: Vec<NeedView>,
    pub achievements: Vec<AchievementView>,
    pub pipeline: Vec<StatusCount>,
    pub sources: Vec<SourceRef>,
    pub as_of: Option<String>,
    pub illustrative: bool,
}

impl InnovationView {
    pub fn source_line(&self, lang: liantu_model::Lang) -> String {
        crate::diagnosis::source_line(&self.sources, self.as_of.as_deref(), lang)
    }
}

mod matching;

/// The terms texts are compared by: Chinese character bigrams and Latin words.
pub use matching::terms;

fn full_text(title: &str, description: Option<&str>) -> String {
    format!("{title} {}", description.unwrap_or(""))
}

/// Where two divisions lie relative to each other, in words: the smallest area they share.
fn near_reason(
    a: &RegionCode,
    b: &RegionCode,
    names: &HashMap<RegionCode, (String, String)>,
) -> (String, String) {
    let (sa, sb) = (a.as_str(), b.as_str());
    let shared = if sa == sb {
        Some(sa.to_string())
    } else if sa[..4] == sb[..4] {
        Some(format!("{}00", &sa[..4]))
    } else if sa[..2] == sb[..2] {
        Some(format!("{}0000", &sa[..2]))
    } else {
        None
    };
    match shared {
        Some(code) => {
            let (zh, en) = RegionCode::parse(&code)
                .ok()
                .and_then(|c| names.get(&c).cloned())
                .unwrap_or((code.clone(), code));
            (format!("同在{zh}"), format!("both in {en}"))
        }
        None => ("跨省".into(), "in another province".into()),
    }
}

/// A kept match with its reasons.
fn match_view(
    need: &TechNeed,
    need_region: Option<&RegionCode>,
    scored: &matching::Scored,
    a: &Achievement,
    node_names: &HashMap<NodeRef, (String, String)>,
    regions: &HashMap<RegionCode, (String, String)>,
) -> MatchView {
    let text = scored.text;
    let mut reasons_zh = vec![format!("文本相似度 {text:.2}")];
    let mut reasons_en = vec![format!("text similarity {text:.2}")];
    let shared: Vec<&NodeRef> = a.nodes.iter().filter(|n| need.nodes.contains(n)).collect();
    if !shared.is_empty() {
        let (zh, en): (Vec<&str>, Vec<&str>) = shared
            .iter()
            .filter_map(|n| node_names.get(*n))
            .map(|(zh, en)| (zh.as_str(), en.as_str()))
            .unzip();
        reasons_zh.push(format!("共同环节：{}", zh.join("、")));
        reasons_en.push(format!("shared nodes: {}", en.join(", ")));
    } else if scored.nodes > 0.0 {
        reasons_zh.push("同一产业链".into());
        reasons_en.push("same chain".into());
    }
    if let Some(r) = need_region {
        let (zh, en) = near_reason(r, &a.region, regions);
        reasons_zh.push(zh);
        reasons_en.push(en);
    }
    reasons_zh.push(format!("成果{}", a.maturity.label_zh()));
    reasons_en.push(format!("achievement at {}", a.maturity.label_en()));
    if a.patents > 0 {
        reasons_zh.push(format!("授权专利 {} 件", a.patents));
        reasons_en.push(format!("{} patents", a.patents));
    }
    MatchView {
        achievement: a.id.clone(),
        title: a.title.clone(),
        owner: a.owner.clone(),
        score: scored.score,
        text,
        nodes: scored.nodes,
        distance: scored.distance,
        readiness: scored.readiness,
        reasons_zh,
        reasons_en,
    }
}

/// Nodes with their names (a node the chains no longer have keeps its id as its name).
fn named_nodes(nodes: &[NodeRef], names: &HashMap<NodeRef, (String, String)>) -> Vec<NodeName> {
    nodes
        .iter()
        .map(|n| {
            let (zh, en) = names.get(n).cloned().unwrap_or_else(|| (n.id(), n.id()));
            NodeName {
                chain: n.chain.clone(),
                node: n.node.clone(),
                name_zh: zh,
                name_en: en,
            }
        })
        .collect()
}

fn platform_view(p: &Platform, region_zh: String, nodes: Vec<NodeName>) -> PlatformView {
    PlatformView {
        name: p.name.clone(),
        kind: p.kind,
        kind_zh: p.kind.label_zh(),
        kind_en: p.kind.label_en(),
        level: p.level,
        level_zh: p.level.label_zh(),
        level_en: p.level.label_en(),
        host: p.host.clone(),
        region: p.region.to_string(),
        region_zh,
        nodes,
        fields: p.fields.clone(),
        year: p.year,
    }
}

fn touches(nodes: &[NodeRef], chain: Option<&str>) -> bool {
    chain.is_none_or(|c| nodes.iter().any(|n| n.chain == c))
}

impl App {
    /// Every chain node's names, by `chain:node`.
    async fn node_names(&self) -> Result<HashMap<NodeRef, (String, String)>> {
        let mut names = HashMap::new();
        for chain in self.all_chains().await? {
            for node in &chain.nodes {
                names.insert(
                    NodeRef {
                        chain: chain.id.clone(),
                        node: node.id.clone(),
                    },
                    (node.name_zh.clone(), node.name_en.clone()),
                );
            }
        }
        Ok(names)
    }

    /// The platforms, needs (with their matches) and achievements touching `chain` (all when
    /// `None`).
    pub async fn innovation(&self, chain: Option<&str>) -> Result<InnovationView> {
        if let Some(id) = chain {
            self.chain(id).await?;
        }
        let node_names = self.node_names().await?;
        let named = |nodes: &[NodeRef]| named_nodes(nodes, &node_names);
        let regions: HashMap<RegionCode, (String, String)> = self
            .store
            .regions()
            .await?
            .into_iter()
            .map(|r| (r.code, (r.name_zh, r.name_en)))
            .collect();
        let region_zh = |code: &RegionCode| {
            regions
                .get(code)
                .map_or_else(|| code.to_string(), |(zh, _)| zh.clone())
        };
        let platforms: Vec<Platform> = self.store.all_platforms().await?;
        let needs: Vec<TechNeed> = self.store.all_tech_needs().await?;
        let achievements: Vec<Achievement> = self.store.all_achievements().await?;
        let firms = self.store.tech_need_firms().await?;

        let texts: Vec<String> = needs
            .iter()
            .map(|n| full_text(&n.title, n.description.as_deref()))
            .chain(
                achievements
                    .iter()
                    .map(|a| full_text(&a.title, a.description.as_deref())),
            )
            .collect();
        let index = matching::TextIndex::new(texts.iter().map(String::as_str));
        let vectors: Vec<matching::Vector> = texts.iter().map(|t| index.vector(t)).collect();
        let (need_vectors, achievement_vectors) = vectors.split_at(needs.len());
        let mut matcher = matching::Matcher::new(&achievements, achievement_vectors, index.terms());

        let mut source_ids: BTreeSet<String> = BTreeSet::new();
        let mut as_of: Option<String> = None;
        let mut note = |source: &str, date: &str| {
            source_ids.insert(source.to_string());
            if as_of.as_deref().is_none_or(|d| d < date) {
                as_of = Some(date.to_string());
            }
        };
        let platform_views: Vec<PlatformView> = platforms
            .iter()
            .filter(|p| touches(&p.nodes, chain))
            .map(|p| {
                note(&p.source, &p.as_of);
                platform_view(p, region_zh(&p.region), named(&p.nodes))
            })
            .collect();
        let mut need_views: Vec<NeedView> = Vec::new();
        for (i, n) in needs
            .iter()
            .enumerate()
            .filter(|(_, n)| touches(&n.nodes, chain))
        {
            note(&n.source, &n.as_of);
            let firm = firms.get(n.uscc.as_str());
            let matches = if n.status.is_open() {
                let region = firm.map(|f| &f.1);
                matcher
                    .best(n, &need_vectors[i], region)
                    .iter()
                    .map(|m| {
                        let a = &achievements[m.achievement];
                        match_view(n, region, m, a, &node_names, &regions)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let visible = self.may_see_firm(n.uscc.as_str());
            need_views.push(NeedView {
                id: n.id.clone(),
                title: n.title.clone(),
                description: n.description.clone(),
                uscc: n.uscc.to_string(),
                firm: firm.map(|f| f.0.clone()).unwrap_or_default(),
                region_zh: firm.map(|f| region_zh(&f.1)).unwrap_or_default(),
                nodes: named(&n.nodes),
                budget: n.budget.filter(|_| visible),
                deadline: n.deadline.clone(),
                status: n.status,
                status_zh: n.status.label_zh(),
                status_en: n.status.label_en(),
                partner: n.partner.clone(),
                matches,
            });
        }
        let achievement_views: Vec<AchievementView> = achievements
            .iter()
            .filter(|a| touches(&a.nodes, chain))
            .map(|a| {
                note(&a.source, &a.as_of);
                AchievementView {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    owner: a.owner.clone(),
                    region_zh: region_zh(&a.region),
                    maturity_zh: a.maturity.label_zh(),
                    maturity_en: a.maturity.label_en(),
                    patents: a.patents,
                    nodes: named(&a.nodes),
                }
            })
            .collect();
        let pipeline = NeedStatus::ALL
            .iter()
            .map(|s| StatusCount {
                status_zh: s.label_zh(),
                status_en: s.label_en(),
                needs: need_views.iter().filter(|n| n.status == *s).count(),
            })
            .collect();
        let sources = self.source_refs(&source_ids).await?;
        Ok(InnovationView {
            chain: chain.map(str::to_string),
            platforms: platform_views,
            needs: need_views,
            achievements: achievement_views,
            pipeline,
            illustrative: sources.iter().any(|s| s.kind == SourceKind::Illustrative),
            sources,
            as_of,
        })
    }
}

impl App {
    /// Moves a technology need along 发布 → 对接 → 签约 → 转化 (any step, also back: talks can
    /// fail), naming the achievement it was signed or transferred with; dated today. A partner
    /// must be a stored achievement.
    pub async fn set_need_status(
        &self,
        id: &str,
        status: NeedStatus,
        partner: Option<&str>,
    ) -> Result<()> {
        self.require_write(crate::WriteTarget::City).await?;
        let partner = partner.map(str::trim).filter(|p| !p.is_empty());
        if let Some(p) = partner
            && !self.store.achievement_exists(p).await?
        {
            return Err(crate::AppError::not_found(format!(
                "没有编号为 {p} 的科技成果（未做任何更改）/ no achievement {p} (nothing was changed)"
            )));
        }
        let today = self.now().get(..10).unwrap_or_default().to_string();
        self.writing(async {
            if self
                .store
                .set_need_status(id, status.key(), partner, &today)
                .await?
            {
                Ok(())
            } else {
                Err(crate::AppError::not_found(format!(
                    "没有编号为 {id} 的技术需求 / no technology need {id}"
                )))
            }
        })
        .await
    }
}

/// One node of the 四链融合 view.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, serde::Serialize)]
pub struct FusionNode {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// 产业链: the diagnosis of the node in the area.
    pub status: NodeStatus,
    pub status_zh: &'static str,
    pub firms: u32,
    /// 人才链: over the occupations the node's chain file names.
    pub occupations: usize,
    pub employed: i64,
    pub vacancies: i64,
    pub supply: f64,
    pub gap: f64,
    /// 教育链: programmes (院校·专业) training for those occupations.
    pub programmes: Vec<String>,
    /// 创新链.
    pub platforms: Vec<String>,
    pub open_needs: usize,
    pub needs: usize,
    pub achievements: usize,
    pub patents: i64,
    pub matches: usize,
}

/// A chain's 四链融合 view in an area.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, serde::Serialize)]
pub struct FusionView {
    pub chain_id: String,
    pub chain_name_zh: String,
    pub chain_name_en: String,
    pub region: crate::diagnosis::RegionRef,
    /// The year of the workforce and programme figures.
    pub year: Option<i32>,
    pub nodes: Vec<FusionNode>,
    pub sources: Vec<SourceRef>,
    pub as_of: Option<String>,
    pub illustrative: bool,
}

impl FusionView {
    pub fn source_line(&self, lang: liantu_model::Lang) -> String {
        crate::diagnosis::source_line(&self.sources, self.as_of.as_deref(), lang)
    }
}

impl App {
    /// The 四链融合 view of `chain_id` in `region` (see the module docs).
    pub async fn fusion(
        &self,
        chain_id: &str,
        region: RegionCode,
        year: Option<i32>,
    ) -> Result<FusionView> {
        let chain = self.chain(chain_id).await?;
        let mut request = DiagnosisRequest::new(chain_id, region);
        request.year = year;
        let diagnosis = self.chain_diagnosis(&request).await?;
        let (skills, rows) = self.skills_and_rows(chain_id, region, year).await?;
        let innovation = self.innovation(Some(chain_id)).await?;
        let node_codes = self.node_occupation_codes(&chain).await?;
        let by_code: HashMap<&str, &crate::skills::OccupationDemand> = skills
            .occupations
            .iter()
            .map(|o| (o.code.as_str(), o))
            .collect();
        let serves = |nodes: &[NodeName], id: &str| {
            nodes.iter().any(|n| n.chain == chain.id && n.node == id)
        };
        let mut nodes = Vec::new();
        for node in &chain.nodes {
            let view = diagnosis.nodes.iter().find(|v| v.id == node.id);
            let occupations: &[liantu_model::occupation::OccupationCode] =
                node_codes.get(&node.id).map_or(&[], Vec::as_slice);
            let demand: Vec<&crate::skills::OccupationDemand> = occupations
                .iter()
                .filter_map(|c| by_code.get(c.as_str()).copied())
                .collect();
            let programmes: BTreeSet<String> = demand
                .iter()
                .flat_map(|o| o.programmes.iter().cloned())
                .collect();
            let needs: Vec<&NeedView> = innovation
                .needs
                .iter()
                .filter(|n| serves(&n.nodes, &node.id))
                .collect();
            let achievements: Vec<&AchievementView> = innovation
                .achievements
                .iter()
                .filter(|a| serves(&a.nodes, &node.id))
                .collect();
            let supply: f64 = demand.iter().map(|o| o.supply).sum();
            let firms: HashSet<&str> = view
                .map(|v| v.enterprises.iter().map(|e| e.uscc.as_str()).collect())
                .unwrap_or_default();
            let (employed, vacancies) = rows
                .iter()
                .filter(|r| firms.contains(r.uscc.as_str()) && occupations.contains(&r.occupation))
                .fold((0i64, 0i64), |(e, v), r| (e + r.employed, v + r.vacancies));
            nodes.push(FusionNode {
                id: node.id.clone(),
                name_zh: node.name_zh.clone(),
                name_en: node.name_en.clone(),
                status: view.map_or(NodeStatus::Missing, |v| v.status),
                status_zh: view.map_or(NodeStatus::Missing.label_zh(), |v| v.status_zh),
                firms: view.map_or(0, |v| v.enterprise_count),
                occupations: occupations.len(),
                employed,
                vacancies,
                supply,
                gap: vacancies as f64 - supply,
                programmes: programmes.into_iter().collect(),
                platforms: innovation
                    .platforms
                    .iter()
                    .filter(|p| serves(&p.nodes, &node.id))
                    .map(|p| p.name.clone())
                    .collect(),
                open_needs: needs.iter().filter(|n| n.status.is_open()).count(),
                needs: needs.len(),
                achievements: achievements.len(),
                patents: achievements.iter().map(|a| a.patents).sum(),
                matches: needs.iter().map(|n| n.matches.len()).sum(),
            });
        }
        let mut sources = diagnosis.sources.clone();
        for s in skills.sources.iter().chain(&innovation.sources) {
            if !sources.iter().any(|k| k.id == s.id) {
                sources.push(s.clone());
            }
        }
        let as_of = [
            diagnosis.as_of.clone(),
            skills.as_of.clone(),
            innovation.as_of.clone(),
        ]
        .into_iter()
        .flatten()
        .max();
        Ok(FusionView {
            chain_id: chain.id.clone(),
            chain_name_zh: chain.name_zh.clone(),
            chain_name_en: chain.name_en.clone(),
            region: skills.region.clone(),
            year: skills.year,
            nodes,
            illustrative: sources.iter().any(|s| s.kind == SourceKind::Illustrative),
            sources,
            as_of,
        })
    }
}

fn node_list(nodes: &[NodeName]) -> Cell {
    let zh: Vec<&str> = nodes.iter().map(|n| n.name_zh.as_str()).collect();
    let en: Vec<&str> = nodes.iter().map(|n| n.name_en.as_str()).collect();
    Cell::local(zh.join("、"), en.join(", "))
}

/// One row per platform.
pub fn platforms_table(view: &InnovationView) -> Table {
    let mut table = Table::new(
        Text::new("创新平台", "Innovation platforms"),
        vec![
            Column::new("name", "平台名称", "Platform", ColumnKind::Text),
            Column::new("kind", "类型", "Kind", ColumnKind::Local),
            Column::new("level", "级别", "Level", ColumnKind::Local),
            Column::new("host", "依托单位", "Host", ColumnKind::Text),
            Column::new("region", "所在地", "Location", ColumnKind::Text),
            Column::new("nodes", "服务环节", "Nodes served", ColumnKind::Local),
            Column::new("fields", "研究方向", "Fields", ColumnKind::Text),
        ],
    );
    for p in &view.platforms {
        table.push(vec![
            Cell::text(&p.name),
            Cell::local(p.kind_zh, p.kind_en),
            Cell::local(p.level_zh, p.level_en),
            Cell::text(&p.host),
            Cell::text(&p.region_zh),
            node_list(&p.nodes),
            Cell::text(p.fields.as_deref().unwrap_or("")),
        ]);
    }
    table
}

/// One row per need.
pub fn needs_table(view: &InnovationView) -> Table {
    let mut table = Table::new(
        Text::new("企业技术需求", "Technology needs"),
        vec![
            Column::new("id", "需求编号", "Need", ColumnKind::Text),
            Column::new("title", "需求名称", "Title", ColumnKind::Text),
            Column::new("firm", "需求企业", "Firm", ColumnKind::Text),
            Column::new("region", "所在地", "Location", ColumnKind::Text),
            Column::new("nodes", "环节", "Nodes", ColumnKind::Local),
            Column::new(
                "budget",
                "拟投入（万元）",
                "Budget (10k yuan)",
                ColumnKind::Number,
            ),
            Column::new("deadline", "截止日期", "Deadline", ColumnKind::Text),
            Column::new("status", "状态", "Status", ColumnKind::Local),
            Column::new(
                "partner",
                "对接成果",
                "Partner achievement",
                ColumnKind::Text,
            ),
            Column::new("matches", "推荐成果数", "Matches", ColumnKind::Count),
        ],
    );
    for n in &view.needs {
        table.push(vec![
            Cell::text(&n.id),
            Cell::text(&n.title),
            Cell::text(&n.firm),
            Cell::text(&n.region_zh),
            node_list(&n.nodes),
            Cell::optional(n.budget, |b| Cell::Number {
                value: b,
                decimals: 0,
            }),
            Cell::text(n.deadline.as_deref().unwrap_or("")),
            Cell::local(n.status_zh, n.status_en),
            Cell::text(n.partner.as_deref().unwrap_or("")),
            Cell::Count(n.matches.len() as i64),
        ]);
    }
    table
}

/// One row per open need and proposed achievement, best first within each need.
pub fn matches_table(view: &InnovationView) -> Table {
    let mut table = Table::new(
        Text::new("需求—成果推荐对接", "Needs matched with achievements"),
        vec![
            Column::new("need", "需求编号", "Need", ColumnKind::Text),
            Column::new("need_title", "需求名称", "Need title", ColumnKind::Text),
            Column::new("achievement", "成果编号", "Achievement", ColumnKind::Text),
            Column::new("title", "成果名称", "Achievement title", ColumnKind::Text),
            Column::new("owner", "所有方", "Owner", ColumnKind::Text),
            Column::new("score", "匹配度", "Score", ColumnKind::Number),
            Column::new("text", "文本相似度", "Text", ColumnKind::Number),
            Column::new("reasons", "匹配理由", "Why", ColumnKind::Local),
        ],
    );
    let two = |value: f64| Cell::Number { value, decimals: 2 };
    for n in &view.needs {
        for m in &n.matches {
            table.push(vec![
                Cell::text(&n.id),
                Cell::text(&n.title),
                Cell::text(&m.achievement),
                Cell::text(&m.title),
                Cell::text(&m.owner),
                two(m.score),
                two(m.text),
                Cell::local(m.reasons_zh.join("；"), m.reasons_en.join("; ")),
            ]);
        }
    }
    table
}

/// One row per achievement.
pub fn achievements_table(view: &InnovationView) -> Table {
    let mut table = Table::new(
        Text::new("科技成果", "Technology achievements"),
        vec![
            Column::new("id", "成果编号", "Achievement", ColumnKind::Text),
            Column::new("title", "成果名称", "Title", ColumnKind::Text),
            Column::new("owner", "所有方", "Owner", ColumnKind::Text),
            Column::new("region", "所在地", "Location", ColumnKind::Text),
            Column::new("maturity", "成熟度", "Maturity", ColumnKind::Local),
            Column::new("patents", "授权专利", "Patents", ColumnKind::Count),
            Column::new("nodes", "适用环节", "Nodes", ColumnKind::Local),
        ],
    );
    for a in &view.achievements {
        table.push(vec![
            Cell::text(&a.id),
            Cell::text(&a.title),
            Cell::text(&a.owner),
            Cell::text(&a.region_zh),
            Cell::local(a.maturity_zh, a.maturity_en),
            Cell::Count(a.patents),
            node_list(&a.nodes),
        ]);
    }
    table
}

/// One row per node of the 四链融合 view.
pub fn fusion_table(view: &FusionView) -> Table {
    let mut table = Table::new(
        Text::new("四链融合（按环节）", "Four chains by node"),
        vec![
            Column::new("node", "环节", "Node", ColumnKind::Local),
            Column::new("status", "产业链状态", "Status", ColumnKind::Local),
            Column::new("firms", "本地企业", "Local firms", ColumnKind::Count),
            Column::new("employed", "在岗人数", "Employed", ColumnKind::Count),
            Column::new("vacancies", "空缺人数", "Vacancies", ColumnKind::Count),
            Column::new("supply", "本地新增供给", "Local supply", ColumnKind::Number),
            Column::new("gap", "缺口", "Gap", ColumnKind::Number),
            Column::new("programmes", "院校专业", "Programmes", ColumnKind::Text),
            Column::new("platforms", "创新平台", "Platforms", ColumnKind::Text),
            Column::new("needs", "技术需求", "Needs", ColumnKind::Count),
            Column::new("open_needs", "在谈需求", "Open needs", ColumnKind::Count),
            Column::new(
                "achievements",
                "科技成果",
                "Achievements",
                ColumnKind::Count,
            ),
            Column::new("patents", "专利", "Patents", ColumnKind::Count),
            Column::new("matches", "推荐对接", "Matches", ColumnKind::Count),
        ],
    );
    for n in &view.nodes {
        table.push(vec![
            Cell::local(&n.name_zh, &n.name_en),
            Cell::local(n.status_zh, n.status.label_en()),
            Cell::Count(i64::from(n.firms)),
            Cell::Count(n.employed),
            Cell::Count(n.vacancies),
            Cell::Number {
                value: n.supply,
                decimals: 0,
            },
            Cell::Number {
                value: n.gap,
                decimals: 0,
            },
            Cell::text(n.programmes.join("、")),
            Cell::text(n.platforms.join("、")),
            Cell::Count(n.needs as i64),
            Cell::Count(n.open_needs as i64),
            Cell::Count(n.achievements as i64),
            Cell::Count(n.patents),
            Cell::Count(n.matches as i64),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_bigrams_and_words() {
        assert_eq!(
            matching::terms("电池级碳酸锂 LiPF6"),
            ["电池", "池级", "级碳", "碳酸", "酸锂", "lipf6"]
        );
        assert_eq!(matching::terms("氢"), ["氢"]);
    }

    #[test]
    fn cosine_of_a_text_with_itself_is_one_and_of_unrelated_texts_zero() {
        let index = matching::TextIndex::new(["碳酸锂提纯", "胶合板胶黏剂"].into_iter());
        let a = index.vector("碳酸锂提纯");
        let b = index.vector("胶合板胶黏剂");
        assert!((matching::cosine(&a, &a) - 1.0).abs() < 1e-9);
        assert_eq!(matching::cosine(&a, &b), 0.0);
    }
}
