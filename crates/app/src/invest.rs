//! Precision investment (精准招商) use cases: candidate ranking, 亩均 grading, input-output
//! import and report, what-if scenarios. Each reads the store, runs `liantu-invest` (and the
//! diagnosis engine) and returns a serialisable report for the CLI, the web pages and the API.

use crate::{AppError, ChainRef, GrowthRequest, RegionRef, Result, SourceRef};
use liantu_analysis::{
    Completeness, Diagnosis, DiagnosisInput, DiagnosisRule, SupplyRate, diagnose,
};
use liantu_chain::Chain;
use liantu_invest::io::{IoAnalysis, IoTable, NodeSectorMap, leontief, parse_io_csv};
use liantu_invest::whatif::{VirtualFirm, WhatIfOptions};
use liantu_invest::{
    Candidate, CandidateScore, Grade, Grading, IndicatorScore, IoLink, NodeContext, ParkInfo,
    Profile, Ranking, ScoreOptions, ScoringContext, node_contexts, parse_candidates_csv,
    score_with,
};
use liantu_model::records::SourceKind;
use liantu_model::{NodeStatus, RegionCode};
use liantu_store::{ScenarioRow, Store};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The demo candidates (`data/demo/candidates.csv`, illustrative).
pub const DEMO_CANDIDATES: &str = include_str!("../../../data/demo/candidates.csv");
/// The shipped Liuzhou profiles (`data/profiles/`), by file name.
pub const BUILTIN_PROFILES: &[(&str, &str)] = &[
    (
        "liuzhou.toml",
        include_str!("../../../data/profiles/liuzhou.toml"),
    ),
    (
        "liuzhou-chain-first.toml",
        include_str!("../../../data/profiles/liuzhou-chain-first.toml"),
    ),
];
/// Chain node → NBS 42-sector mapping (`data/io/nodes-nbs42.toml`).
pub const NODE_SECTORS_NBS42: &str = include_str!("../../../data/io/nodes-nbs42.toml");
/// The shipped chain node → NBS 153-sector map (2018/2020 tables).
pub const NODE_SECTORS_NBS153: &str = include_str!("../../../data/io/nodes-nbs153.toml");

/// The shipped node → sector maps.
fn node_maps() -> Result<Vec<NodeSectorMap>> {
    [NODE_SECTORS_NBS42, NODE_SECTORS_NBS153]
        .into_iter()
        .map(|text| NodeSectorMap::from_toml(text).map_err(|e| bad(e.to_string())))
        .collect()
}

/// The shipped node → sector map that fits `table` (same sector count, every code present).
fn node_map_for(table: &IoTable) -> Result<Option<NodeSectorMap>> {
    Ok(node_maps()?
        .into_iter()
        .find(|map| map.sectors == table.len() && map.missing_in(table).is_empty()))
}

fn bad(msg: String) -> AppError {
    AppError::BadInput(msg)
}

/// The default profile (Liuzhou).
pub fn default_profile() -> Result<Profile> {
    Profile::from_toml(BUILTIN_PROFILES[0].1).map_err(|e| bad(e.to_string()))
}

/// A profile from TOML text (a user's file), validated.
pub fn parse_profile(text: &str) -> Result<Profile> {
    Profile::from_toml(text).map_err(|e| bad(e.to_string()))
}

/// Replaces the stored candidates with the demo list.
pub async fn load_demo_candidates(store: &Store) -> Result<usize> {
    let list = parse_candidates_csv(DEMO_CANDIDATES).map_err(|errors| {
        bad(format!(
            "内置示例候选项目有误（liantu 缺陷）/ the built-in demo candidates are invalid (a liantu bug): {}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    Ok(store.save_candidates(&list, true).await?)
}

/// Every node a candidate serves must be in an installed chain.
async fn check_nodes(store: &Store, list: &[Candidate]) -> Result<()> {
    let mut known = BTreeSet::new();
    for c in store.chains().await? {
        if let Some(chain) = store.chain(&c.id).await? {
            for n in &chain.nodes {
                known.insert(format!("{}:{}", chain.id, n.id));
            }
        }
    }
    let unknown: Vec<String> = list
        .iter()
        .flat_map(|c| c.nodes.iter().map(move |k| (c, k.to_string())))
        .filter(|(_, k)| !known.contains(k))
        .map(|(c, k)| format!("{}: {k}", c.id))
        .collect();
    if !unknown.is_empty() {
        return Err(bad(format!(
            "以下环节不在已安装的产业链中 / these nodes are not in an installed chain: {}",
            unknown.join(", ")
        )));
    }
    Ok(())
}

/// Saves one candidate edited in the web app. A new one must not reuse an existing id (so a
/// typo cannot overwrite another project); an edit replaces the stored one.
pub async fn save_candidate(store: &Store, candidate: &Candidate, is_new: bool) -> Result<()> {
    if !candidate
        .id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(bad(format!(
            "候选项目 id 只能含字母、数字、- 和 _：'{0}' / a candidate id may contain letters, digits, - and _ only: '{0}'",
            candidate.id
        )));
    }
    let exists = store
        .candidates()
        .await?
        .iter()
        .any(|c| c.id == candidate.id);
    if is_new && exists {
        return Err(bad(format!(
            "已有 id 为 '{0}' 的候选项目 / a candidate with id '{0}' exists",
            candidate.id
        )));
    }
    if !is_new && !exists {
        return Err(bad(format!(
            "没有候选项目 '{0}' / no candidate '{0}'",
            candidate.id
        )));
    }
    if let Some(park) = &candidate.park
        && !store.parks().await?.iter().any(|p| &p.id == park)
    {
        return Err(bad(format!("未知园区 '{park}' / unknown park '{park}'")));
    }
    check_nodes(store, std::slice::from_ref(candidate)).await?;
    store
        .save_candidates(std::slice::from_ref(candidate), false)
        .await?;
    Ok(())
}

/// Imports candidates from a file the way enterprises are imported: XLSX, XLS or CSV (UTF-8,
/// GBK, GB18030 detected; `encoding` forces one), Chinese or English headers. Every bad cell is
/// reported with its row, column and header; nothing is written unless all rows are good.
pub async fn import_candidates_file(
    store: &Store,
    path: &std::path::Path,
    encoding: Option<&str>,
    replace_all: bool,
) -> Result<usize> {
    use liantu_ingest::candidates::{candidate_columns, read_candidate_rows};
    let table = read_candidate_rows(path, encoding).map_err(|e| bad(e.to_string()))?;
    let columns = candidate_columns();
    // The rows as text under the parser's keys; writing CSV into memory cannot fail.
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(liantu_invest::CANDIDATE_COLUMNS);
    for (_, cells) in &table.rows {
        let _ = w.write_record(cells);
    }
    let text = String::from_utf8_lossy(&w.into_inner().unwrap_or_default()).into_owned();
    // Where a schema column sits in the file, for messages in the user's terms.
    let file_column = |key: &str| -> Option<(usize, String)> {
        let c = columns.iter().position(|c| c.key == key)?;
        let at = table.info.mapping.iter().position(|m| *m == Some(c))?;
        Some((at, table.info.headers.get(at).cloned().unwrap_or_default()))
    };
    let list = liantu_invest::parse_candidates_csv(&text).map_err(|errors| {
        bad(errors
            .iter()
            .map(|e| {
                // Line 1 of the text is the header, line k the (k − 2)th row read.
                let row = (e.line as usize)
                    .checked_sub(2)
                    .and_then(|i| table.rows.get(i))
                    .map_or(e.line, |r| r.0);
                match file_column(&e.column) {
                    Some((at, header)) => format!(
                        "第 {row} 行 {} 列（{header}）/ row {row}, column {} ({header}): {}",
                        liantu_ingest::text::column_letter(at),
                        liantu_ingest::text::column_letter(at),
                        e.reason
                    ),
                    None => format!("第 {row} 行 / row {row}: {} {}", e.column, e.reason),
                }
            })
            .collect::<Vec<_>>()
            .join("\n"))
    })?;
    check_nodes(store, &list).await?;
    Ok(store.save_candidates(&list, replace_all).await?)
}

/// Writes every stored candidate as XLSX or CSV with Chinese headers (readable back by
/// [`import_candidates_file`]).
pub async fn export_candidates_file(
    store: &Store,
    path: &std::path::Path,
    format: liantu_ingest::export::FileFormat,
) -> Result<u32> {
    let rows: Vec<Vec<String>> = store
        .candidates()
        .await?
        .iter()
        .map(|c| liantu_invest::candidate_fields(c).to_vec())
        .collect();
    liantu_ingest::candidates::write_candidates(path, format, &rows)
        .map_err(|e| AppError::BadInput(e.to_string()))
}

// ------------------------------------------------------------------------------ context

/// The Leontief model of the latest imported IO table that the shipped node mapping fits.
struct IoModel {
    id: String,
    title: String,
    table: IoTable,
    analysis: IoAnalysis,
    map: NodeSectorMap,
}

async fn io_model(store: &Store) -> Result<Option<IoModel>> {
    let sizes: Vec<usize> = node_maps()?.iter().map(|m| m.sectors).collect();
    for summary in store.io_tables().await? {
        // Only tables a shipped map could fit are worth loading.
        if !sizes.contains(&(summary.sectors as usize)) {
            continue;
        }
        let Some(table) = store.io_table(&summary.id).await? else {
            continue;
        };
        let Some(map) = node_map_for(&table)? else {
            continue;
        };
        let Ok(analysis) = leontief(&table) else {
            continue;
        };
        return Ok(Some(IoModel {
            id: summary.id,
            title: summary.title,
            table,
            analysis,
            map,
        }));
    }
    Ok(None)
}

struct ChainState {
    chain: Chain,
    input: DiagnosisInput,
    diagnosis: Diagnosis,
}

async fn chain_states(
    store: &Store,
    region: &RegionCode,
    year: Option<i32>,
    rule: &DiagnosisRule,
) -> Result<Vec<ChainState>> {
    let mut out = Vec::new();
    for summary in store.chains().await? {
        let Some(chain) = store.chain(&summary.id).await? else {
            continue;
        };
        let data = store.chain_data(&chain.id, year).await?;
        let input = crate::diagnosis::diagnosis_input(&chain, &data);
        let diagnosis = diagnose(&input, region, rule)?;
        out.push(ChainState {
            chain,
            input,
            diagnosis,
        });
    }
    Ok(out)
}

async fn region_ref(store: &Store, code: &RegionCode) -> Result<RegionRef> {
    let r = store
        .regions()
        .await?
        .into_iter()
        .find(|r| r.code == *code)
        .ok_or_else(|| AppError::UnknownRegion(code.to_string()))?;
    Ok(RegionRef {
        code: r.code,
        name_zh: r.name_zh,
        name_en: r.name_en,
    })
}

async fn source_refs(store: &Store, ids: &BTreeSet<String>) -> Result<Vec<SourceRef>> {
    Ok(store
        .sources()
        .await?
        .into_iter()
        .filter(|s| ids.contains(&s.id))
        .map(|s| SourceRef {
            id: s.id,
            kind: s.kind,
            title_zh: s.title_zh,
            title_en: s.title_en,
            publisher: s.publisher,
            published: s.published,
        })
        .collect())
}

/// Relatedness densities of the region's industries from the first stored panel that has the
/// region (the complexity engine); `None` when there is none.
async fn densities(store: &Store, region: &RegionCode) -> Option<(String, HashMap<String, f64>)> {
    let panels = store.panels().await.ok()?;
    for p in panels {
        let Ok(report) =
            crate::growth_opportunities(store, &GrowthRequest::new(&p.id, region.as_str())).await
        else {
            continue;
        };
        let map: HashMap<String, f64> = report
            .opportunities
            .iter()
            .chain(&report.strengths)
            .filter_map(|i| i.density.map(|d| (i.industry.clone(), d)))
            .collect();
        if !map.is_empty() {
            return Some((p.id, map));
        }
    }
    None
}

/// Everything the scoring of a region reads, from the store.
pub async fn scoring_context(
    store: &Store,
    region: &RegionCode,
    year: Option<i32>,
) -> Result<(ScoringContext, Option<String>, Option<String>)> {
    let states = chain_states(store, region, year, &DiagnosisRule::default()).await?;
    let io = io_model(store).await?;
    let link = io.as_ref().map(|m| IoLink {
        table: &m.table,
        analysis: &m.analysis,
        map: &m.map,
    });
    let mut nodes: Vec<NodeContext> = Vec::new();
    for s in &states {
        nodes.extend(node_contexts(&s.chain, &s.diagnosis, link));
    }
    let parks = store
        .parks()
        .await?
        .into_iter()
        .map(|p| ParkInfo {
            recognised_chemical: p.kind == "chemical" && p.grade.contains("认定"),
            id: p.id,
            name_zh: p.name_zh,
            name_en: p.name_en,
        })
        .collect();
    let density = densities(store, region).await;
    let panel = density.as_ref().map(|(id, _)| id.clone());
    Ok((
        ScoringContext {
            nodes,
            parks,
            densities: density.map(|(_, m)| m),
        },
        io.map(|m| format!("{} {}", m.id, m.title)),
        panel,
    ))
}

// ------------------------------------------------------------------------------ ranking

#[derive(Debug, Clone)]
pub struct RankingRequest {
    pub region: RegionCode,
    pub profile: Profile,
    /// Year of the enterprise figures behind node statuses; `None` = latest.
    pub year: Option<i32>,
    /// Sentences for the first `n` ranks only; `None` = all.
    pub explain_top: Option<usize>,
}

/// The profile a result was computed with.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileRef {
    pub id: String,
    pub version: u32,
    pub name_zh: String,
    pub name_en: String,
    pub region: String,
    pub valid_from: String,
    pub basis: String,
}

impl From<&Profile> for ProfileRef {
    fn from(p: &Profile) -> Self {
        ProfileRef {
            id: p.id.clone(),
            version: p.version,
            name_zh: p.name_zh.clone(),
            name_en: p.name_en.clone(),
            region: p.region.clone(),
            valid_from: p.valid_from.clone(),
            basis: p.basis.clone(),
        }
    }
}

/// A chain node a candidate serves, with its status in the region.
#[derive(Debug, Clone, Serialize)]
pub struct ServedNode {
    pub chain: String,
    pub node: String,
    pub name_zh: String,
    pub name_en: String,
    /// `None` when the node is not in an installed chain.
    pub status: Option<NodeStatus>,
    pub local_demand: Option<f64>,
    pub demand_estimated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankedCandidate {
    #[serde(flatten)]
    pub score: CandidateScore,
    pub candidate: Candidate,
    pub park_name_zh: Option<String>,
    pub park_name_en: Option<String>,
    pub nodes: Vec<ServedNode>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankingReport {
    pub profile: ProfileRef,
    pub region: RegionRef,
    /// Criterion keys and labels in column order, with the profile's default weights.
    pub criteria: Vec<CriterionColumn>,
    pub results: Vec<RankedCandidate>,
    pub eligible: usize,
    /// IO table used for output multipliers (`None`: none imported).
    pub io_table: Option<String>,
    /// Panel whose densities gave 产业契合 (`None`: chain neighbours were used).
    pub density_panel: Option<String>,
    pub sources: Vec<SourceRef>,
    pub illustrative: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionColumn {
    pub key: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub weight: f64,
}

/// The ranked candidate list for a region (`liantu score`, the ranking page and API).
pub async fn candidate_ranking(store: &Store, request: &RankingRequest) -> Result<RankingReport> {
    let region = region_ref(store, &request.region).await?;
    let candidates = store.candidates().await?;
    let (context, io_table, density_panel) =
        scoring_context(store, &request.region, request.year).await?;
    let ranking: Ranking = score_with(
        &candidates,
        &context,
        &request.profile,
        &ScoreOptions {
            explain_top: request.explain_top,
        },
    );
    let node_ctx: HashMap<(&str, &str), &NodeContext> = context
        .nodes
        .iter()
        .map(|n| ((n.key.chain.as_str(), n.key.node.as_str()), n))
        .collect();
    let parks: HashMap<&str, &ParkInfo> =
        context.parks.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut source_ids: BTreeSet<String> = candidates.iter().map(|c| c.source.clone()).collect();
    if !context.nodes.is_empty() {
        source_ids.insert("illustrative".into());
    }
    let results: Vec<RankedCandidate> = ranking
        .results
        .into_iter()
        .map(|score| {
            let candidate = candidates[score.candidate].clone();
            let park = candidate.park.as_deref().and_then(|p| parks.get(p));
            let nodes = candidate
                .nodes
                .iter()
                .map(|k| {
                    let n = node_ctx.get(&(k.chain.as_str(), k.node.as_str()));
                    ServedNode {
                        chain: k.chain.clone(),
                        node: k.node.clone(),
                        name_zh: n.map_or(k.node.clone(), |n| n.name_zh.clone()),
                        name_en: n.map_or(k.node.clone(), |n| n.name_en.clone()),
                        status: n.map(|n| n.status),
                        local_demand: n.map(|n| n.local_demand),
                        demand_estimated: n.is_some_and(|n| n.demand_estimated),
                    }
                })
                .collect();
            RankedCandidate {
                park_name_zh: park.map(|p| p.name_zh.clone()),
                park_name_en: park.map(|p| p.name_en.clone()),
                score,
                candidate,
                nodes,
            }
        })
        .collect();
    let sources = source_refs(store, &source_ids).await?;
    let w = request.profile.scoring.weights;
    Ok(RankingReport {
        profile: ProfileRef::from(&request.profile),
        region,
        criteria: liantu_invest::Criterion::ALL
            .iter()
            .map(|c| CriterionColumn {
                key: c.key(),
                label_zh: c.label_zh(),
                label_en: c.label_en(),
                weight: w.get(*c),
            })
            .collect(),
        eligible: ranking.eligible,
        results,
        io_table,
        density_panel,
        illustrative: sources.iter().any(|s| s.kind == SourceKind::Illustrative),
        sources,
    })
}

// ------------------------------------------------------------------------------ grading

#[derive(Debug, Clone)]
pub struct GradingRequest {
    pub region: RegionCode,
    /// `None` = the latest year with figures.
    pub year: Option<i32>,
    pub profile: Profile,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub key: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub unit: &'static str,
    #[serde(flatten)]
    pub score: IndicatorScore,
}

#[derive(Debug, Clone, Serialize)]
pub struct GradedEnterprise {
    pub uscc: String,
    pub name: String,
    pub region: RegionCode,
    pub park: Option<String>,
    pub industry_code: Option<String>,
    pub grade: Option<Grade>,
    pub grade_zh: Option<&'static str>,
    pub rank: Option<u32>,
    pub score: Option<f64>,
    pub indicators: Vec<IndicatorView>,
    pub not_graded_zh: Option<String>,
    pub not_graded_en: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GradeCount {
    pub grade: Grade,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct GradingReport {
    pub profile: ProfileRef,
    pub region: RegionRef,
    pub year: i32,
    /// Graded firms by rank, then the firms not graded.
    pub enterprises: Vec<GradedEnterprise>,
    pub distribution: Vec<GradeCount>,
    pub graded: u32,
    pub not_graded: u32,
    pub max_score: f64,
    pub benchmarks: Vec<liantu_invest::BenchmarkUsed>,
    pub rule: liantu_invest::GradingRule,
    pub sources: Vec<SourceRef>,
    pub illustrative: bool,
    pub as_of: Option<String>,
}

/// 亩均论英雄 grading of the region's enterprises (`liantu grade`, the 亩均 page and API).
pub async fn enterprise_grading(store: &Store, request: &GradingRequest) -> Result<GradingReport> {
    let region = region_ref(store, &request.region).await?;
    let year = match request.year {
        Some(y) => y,
        None => store.latest_year().await?.ok_or_else(|| {
            bad("数据库中没有企业年度数据 / no yearly enterprise figures in the database".into())
        })?,
    };
    let rows: Vec<liantu_store::GradingRow> = store
        .grading_rows(year)
        .await?
        .into_iter()
        .filter(|r| request.region.contains(&r.region))
        .collect();
    let inputs: Vec<liantu_invest::GradeInput> = rows
        .iter()
        .map(|r| liantu_invest::GradeInput {
            industry_code: r.industry_code.clone(),
            founded: r.founded,
            above_scale: r.above_scale,
            land_mu: r.land_mu,
            tax: r.tax,
            value_added: r.value_added,
            revenue: r.revenue,
            employees: r.employees,
            energy_tce: r.energy_tce,
            emissions_tco2: r.emissions_tco2,
            rd_expense: r.rd_expense,
        })
        .collect();
    let grading: Grading = liantu_invest::grade(&inputs, year, &request.profile.grading);
    let mut enterprises: Vec<GradedEnterprise> = grading
        .results
        .iter()
        .map(|g| {
            let r = &rows[g.index];
            GradedEnterprise {
                uscc: r.uscc.clone(),
                name: r.name.clone(),
                region: r.region,
                park: r.park.clone(),
                industry_code: r.industry_code.clone(),
                grade: g.grade,
                grade_zh: g.grade.map(|g| g.label_zh()),
                rank: g.rank,
                score: g.score,
                indicators: g
                    .indicators
                    .iter()
                    .map(|i| IndicatorView {
                        key: i.indicator.key(),
                        label_zh: i.indicator.label_zh(),
                        label_en: i.indicator.label_en(),
                        unit: i.indicator.unit(),
                        score: *i,
                    })
                    .collect(),
                not_graded_zh: g.not_graded.as_ref().map(|n| n.reason_zh()),
                not_graded_en: g.not_graded.as_ref().map(|n| n.reason_en()),
            }
        })
        .collect();
    enterprises.sort_by(|a, b| {
        a.rank
            .is_none()
            .cmp(&b.rank.is_none())
            .then(a.rank.cmp(&b.rank))
            .then(a.uscc.cmp(&b.uscc))
    });
    let source_ids: BTreeSet<String> = rows.iter().map(|r| r.source.clone()).collect();
    let as_of = rows
        .iter()
        .map(|r| r.as_of.clone())
        .filter(|d| !d.is_empty())
        .max();
    let sources = source_refs(store, &source_ids).await?;
    Ok(GradingReport {
        profile: ProfileRef::from(&request.profile),
        region,
        year,
        enterprises,
        distribution: Grade::ALL
            .iter()
            .map(|g| GradeCount {
                grade: *g,
                label_zh: g.label_zh(),
                label_en: g.label_en(),
                count: grading.counts[*g as usize],
            })
            .collect(),
        graded: grading.graded,
        not_graded: grading.not_graded,
        max_score: grading.max_score,
        benchmarks: grading.benchmarks,
        rule: request.profile.grading.clone(),
        illustrative: sources.iter().any(|s| s.kind == SourceKind::Illustrative),
        sources,
        as_of,
    })
}

// ------------------------------------------------------------------------------ input-output

#[derive(Debug, Clone, Serialize)]
pub struct IoImportSummary {
    pub id: String,
    pub title: String,
    pub sectors: usize,
    pub non_competitive: bool,
    /// max |Σ z + f − x| ÷ x as read.
    pub balance_residual: f64,
    /// max |L(I − A) − I|.
    pub identity_residual: f64,
    /// The shipped chain-node mapping fits this table (multipliers will be used in scoring).
    pub node_mapping_fits: bool,
}

/// Parses, checks (Leontief inverse computable) and stores an input-output table.
pub async fn import_io_table(
    store: &Store,
    id: &str,
    title: &str,
    imported_from: &str,
    text: &str,
) -> Result<IoImportSummary> {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(bad(format!(
            "表 id 只能含字母、数字、- 和 _：'{id}' / a table id may contain letters, digits, - and _ only: '{id}'"
        )));
    }
    let table = parse_io_csv(text).map_err(|e| bad(format!("{imported_from}: {e}")))?;
    let analysis = leontief(&table).map_err(|e| bad(format!("{imported_from}: {e}")))?;
    let node_mapping_fits = node_map_for(&table)?.is_some();
    store
        .save_io_table(id, title, imported_from, &table)
        .await?;
    Ok(IoImportSummary {
        id: id.to_string(),
        title: title.to_string(),
        sectors: table.len(),
        non_competitive: table.non_competitive,
        balance_residual: table.balance_residual(),
        identity_residual: analysis.identity_residual,
        node_mapping_fits,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct IoSectorView {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// 万元.
    pub total_output: f64,
    pub final_demand: f64,
    pub output_multiplier: f64,
    /// 影响力系数.
    pub backward_linkage: f64,
    /// 感应度系数.
    pub forward_linkage: f64,
    /// Chain nodes mapped to this sector (`chain:node`).
    pub nodes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IoReport {
    pub id: String,
    pub title: String,
    pub imported_from: String,
    pub non_competitive: bool,
    pub identity_residual: f64,
    pub sectors: Vec<IoSectorView>,
}

/// Multipliers and linkages of a stored table (`None` id: the latest).
pub async fn io_report(store: &Store, id: Option<&str>) -> Result<IoReport> {
    let tables = store.io_tables().await?;
    let summary = match id {
        Some(id) => tables.into_iter().find(|t| t.id == id),
        None => tables.into_iter().next(),
    }
    .ok_or_else(|| {
        bad(match id {
            Some(id) => format!("没有投入产出表 '{id}' / no input-output table '{id}'"),
            None => "尚未导入投入产出表（liantu io import FILE）/ no input-output table imported (liantu io import FILE)".into(),
        })
    })?;
    let table = store
        .io_table(&summary.id)
        .await?
        .ok_or_else(|| bad(format!("no input-output table '{}'", summary.id)))?;
    let analysis = leontief(&table).map_err(|e| bad(e.to_string()))?;
    let map = node_map_for(&table)?;
    let sectors = table
        .sectors
        .iter()
        .enumerate()
        .map(|(i, s)| IoSectorView {
            code: s.code.clone(),
            name_zh: s.name_zh.clone(),
            name_en: s.name_en.clone(),
            total_output: table.total_output[i],
            final_demand: table.final_demand[i],
            output_multiplier: analysis.output_multipliers[i],
            backward_linkage: analysis.backward_linkage[i],
            forward_linkage: analysis.forward_linkage[i],
            nodes: if let Some(map) = &map {
                map.chains
                    .iter()
                    .flat_map(|(chain, nodes)| {
                        nodes
                            .iter()
                            .filter(|(_, code)| **code == s.code)
                            .map(move |(node, _)| format!("{chain}:{node}"))
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    Ok(IoReport {
        id: summary.id,
        title: summary.title,
        imported_from: summary.imported_from,
        non_competitive: table.non_competitive,
        identity_residual: analysis.identity_residual,
        sectors,
    })
}

// ------------------------------------------------------------------------------ what-if

#[derive(Debug, Clone)]
pub struct WhatIfRequest {
    pub region: RegionCode,
    pub candidates: Vec<String>,
    /// Share of a candidate's output that may replace purchases from outside (0..=1).
    pub substitution: f64,
    pub year: Option<i32>,
    pub rule: DiagnosisRule,
}

impl WhatIfRequest {
    pub fn new(region: RegionCode, candidates: Vec<String>) -> Self {
        WhatIfRequest {
            region,
            candidates,
            substitution: 1.0,
            year: None,
            rule: DiagnosisRule::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeChangeView {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub status_before: NodeStatus,
    pub status_after: NodeStatus,
    pub status_before_zh: &'static str,
    pub status_after_zh: &'static str,
    pub firms_before: u32,
    pub firms_after: u32,
    pub local_supply_before: Option<f64>,
    pub local_supply_after: Option<f64>,
    pub reason_after_zh: String,
    pub reason_after_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChainWhatIf {
    pub chain: ChainRef,
    pub completeness_before: Completeness,
    pub completeness_after: Completeness,
    pub local_supply_before: SupplyRate,
    /// Estimated: outside purchases re-pointed to the candidates.
    pub local_supply_after: SupplyRate,
    pub substituted_value: f64,
    /// Nodes whose status, firm count or local supply changed.
    pub changes: Vec<NodeChangeView>,
}

/// One exchange of a candidate's stream, with the site names.
#[derive(Debug, Clone, Serialize)]
pub struct NewExchange {
    pub offer: String,
    pub need: String,
    pub from: String,
    pub from_name: String,
    pub to: String,
    pub to_name: String,
    pub class: String,
    pub quantity: f64,
    pub unit: String,
    /// 元 per year
    pub net_value: f64,
    pub co2_avoided_t: f64,
    pub reason_zh: String,
    pub reason_en: String,
}

/// An existing exchange that shrinks or goes when the candidates arrive.
#[derive(Debug, Clone, Serialize)]
pub struct DisplacedExchange {
    pub offer: String,
    pub need: String,
    pub from_name: String,
    pub to_name: String,
    pub class: String,
    pub quantity_before: f64,
    pub quantity_after: f64,
    pub unit: String,
}

/// What the candidates' by-products and input needs change in one park's symbiosis network.
#[derive(Debug, Clone, Serialize)]
pub struct SymbiosisWhatIf {
    pub park: String,
    pub park_name: String,
    /// Candidates that bring streams to this park.
    pub candidates: Vec<String>,
    pub illustrative: bool,
    pub exchanges_before: usize,
    pub exchanges_after: usize,
    /// Net benefit of the optimal exchanges, 元 per year.
    pub net_benefit_before: f64,
    pub net_benefit_after: f64,
    pub co2_avoided_before_t: f64,
    pub co2_avoided_after_t: f64,
    /// Exchanges of the new optimum that take or feed a candidate's stream.
    pub new_exchanges: Vec<NewExchange>,
    /// Existing exchanges the candidates crowd out (their quantity falls), with the quantity
    /// before and after.
    pub displaced: Vec<DisplacedExchange>,
    /// Candidate needs (id, unmet quantity, unit) the park cannot supply.
    pub unmet_needs: Vec<(String, f64, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WhatIfReport {
    pub region: RegionRef,
    pub candidates: Vec<Candidate>,
    pub substitution: f64,
    /// Chains a candidate touches, in store order.
    pub chains: Vec<ChainWhatIf>,
    /// Parks where a candidate brings resource streams.
    pub symbiosis: Vec<SymbiosisWhatIf>,
    pub note_zh: String,
    pub note_en: String,
}

/// Adds the candidates to the region virtually and reports what changes
/// (`liantu scenario run`, the what-if page and API).
pub async fn what_if(store: &Store, request: &WhatIfRequest) -> Result<WhatIfReport> {
    let region = region_ref(store, &request.region).await?;
    if !(0.0..=1.0).contains(&request.substitution) {
        return Err(bad(format!(
            "替代比例应在 0 到 1 之间：{0} / substitution must lie in 0..=1: {0}",
            request.substitution
        )));
    }
    let all = store.candidates().await?;
    let mut chosen = Vec::new();
    let mut unknown = Vec::new();
    for id in &request.candidates {
        match all.iter().find(|c| &c.id == id) {
            Some(c) => chosen.push(c.clone()),
            None => unknown.push(id.clone()),
        }
    }
    if !unknown.is_empty() {
        return Err(bad(format!(
            "未知的候选项目 / unknown candidates: {}",
            unknown.join(", ")
        )));
    }
    let parks: HashMap<String, RegionCode> = store
        .parks()
        .await?
        .into_iter()
        .map(|p| (p.id, p.region))
        .collect();
    let states = chain_states(store, &request.region, request.year, &request.rule).await?;
    let mut chains = Vec::new();
    for s in states {
        let firms: Vec<VirtualFirm> = chosen
            .iter()
            .filter_map(|c| {
                let nodes: Vec<u32> = c
                    .nodes
                    .iter()
                    .filter(|k| k.chain == s.chain.id)
                    .filter_map(|k| s.chain.node_index(&k.node).map(|i| i as u32))
                    .collect();
                (!nodes.is_empty()).then(|| VirtualFirm {
                    region: c
                        .park
                        .as_ref()
                        .and_then(|p| parks.get(p).copied())
                        .unwrap_or(request.region),
                    output: c.expected_output,
                    nodes,
                })
            })
            .collect();
        if firms.is_empty() {
            continue;
        }
        let (w, _, _) = liantu_invest::whatif::what_if(
            &s.input,
            &request.region,
            &request.rule,
            &firms,
            &WhatIfOptions {
                substitution: request.substitution,
            },
        )?;
        let changes = w
            .nodes
            .iter()
            .filter(|n| n.changed)
            .map(|n| {
                let node = &s.chain.nodes[n.node as usize];
                NodeChangeView {
                    id: n.id.clone(),
                    name_zh: node.name_zh.clone(),
                    name_en: node.name_en.clone(),
                    status_before: n.status_before,
                    status_after: n.status_after,
                    status_before_zh: n.status_before.label_zh(),
                    status_after_zh: n.status_after.label_zh(),
                    firms_before: n.firms_before,
                    firms_after: n.firms_after,
                    local_supply_before: n.local_supply_before,
                    local_supply_after: n.local_supply_after,
                    reason_after_zh: n.reason_after_zh.clone(),
                    reason_after_en: n.reason_after_en.clone(),
                }
            })
            .collect();
        chains.push(ChainWhatIf {
            chain: ChainRef {
                id: s.chain.id.clone(),
                name_zh: s.chain.name_zh.clone(),
                name_en: s.chain.name_en.clone(),
                version: s.chain.version,
            },
            completeness_before: w.completeness_before,
            completeness_after: w.completeness_after,
            local_supply_before: w.local_supply_before,
            local_supply_after: w.local_supply_after,
            substituted_value: w.substituted_value,
            changes,
        });
    }
    let symbiosis = symbiosis_what_if(&chosen)?;
    Ok(WhatIfReport {
        region,
        candidates: chosen,
        substitution: request.substitution,
        chains,
        symbiosis,
        note_zh: format!(
            "候选项目按预期产值作为虚拟本地企业加入；其在各环节产值的 {}% 可替代本地企业从区外的采购，替代后的本地配套率为估算值。",
            request.substitution * 100.0
        ),
        note_en: format!(
            "Candidates join as virtual local firms with their expected output; up to {}% of their output on a node replaces local buyers' purchases from outside the region, so the local supporting rate after is an estimate.",
            request.substitution * 100.0
        ),
    })
}

/// Solves each park's symbiosis network without and with the candidates placed in it. Parks
/// without resource-stream data and candidates without streams are left out.
fn symbiosis_what_if(chosen: &[Candidate]) -> Result<Vec<SymbiosisWhatIf>> {
    let mut by_park: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for c in chosen {
        if let Some(p) = &c.park {
            by_park
                .entry(p)
                .or_default()
                .push((c.id.clone(), c.name.clone()));
        }
    }
    let mut out = Vec::new();
    for (park, list) in by_park {
        let Ok(before) = crate::symbiosis::park_instance(park) else {
            continue; // no stream data for this park
        };
        let after = crate::symbiosis::park_instance_with(park, &list)?;
        let sites: BTreeSet<String> = list
            .iter()
            .map(|(id, _)| crate::symbiosis::candidate_site(id))
            .filter(|s| after.enterprises.iter().any(|e| &e.id == s))
            .collect();
        if sites.is_empty() {
            continue;
        }
        let rb = crate::symbiosis::solve(&before, false)?;
        let ra = crate::symbiosis::solve(&after, false)?;
        let name = |id: &str| {
            after
                .enterprises
                .iter()
                .find(|e| e.id == id)
                .map_or_else(|| id.to_string(), |e| e.name.clone())
        };
        let displaced = rb
            .exchanges
            .iter()
            .filter_map(|x| {
                let now: f64 = ra
                    .exchanges
                    .iter()
                    .filter(|y| y.offer == x.offer && y.need == x.need)
                    .map(|y| y.quantity)
                    .sum();
                (now < x.quantity * (1.0 - 1e-9)).then(|| DisplacedExchange {
                    offer: x.offer.clone(),
                    need: x.need.clone(),
                    from_name: name(&x.from),
                    to_name: name(&x.to),
                    class: x.class.clone(),
                    quantity_before: x.quantity,
                    quantity_after: if now.abs() < 1e-9 { 0.0 } else { now },
                    unit: x.unit.clone(),
                })
            })
            .collect();
        out.push(SymbiosisWhatIf {
            park: park.to_string(),
            park_name: after.name.clone(),
            candidates: list
                .iter()
                .filter(|(id, _)| sites.contains(&crate::symbiosis::candidate_site(id)))
                .map(|(id, _)| id.clone())
                .collect(),
            illustrative: after.illustrative,
            exchanges_before: rb.totals.exchanges,
            exchanges_after: ra.totals.exchanges,
            net_benefit_before: rb.totals.net_benefit,
            net_benefit_after: ra.totals.net_benefit,
            co2_avoided_before_t: rb.totals.co2_avoided_t,
            co2_avoided_after_t: ra.totals.co2_avoided_t,
            new_exchanges: ra
                .exchanges
                .iter()
                .filter(|x| sites.contains(&x.from) || sites.contains(&x.to))
                .map(|x| NewExchange {
                    offer: x.offer.clone(),
                    need: x.need.clone(),
                    from_name: name(&x.from),
                    to_name: name(&x.to),
                    from: x.from.clone(),
                    to: x.to.clone(),
                    class: x.class.clone(),
                    quantity: x.quantity,
                    unit: x.unit.clone(),
                    net_value: x.net_value,
                    co2_avoided_t: x.co2_avoided_t,
                    reason_zh: x.reason_zh.clone(),
                    reason_en: x.reason_en.clone(),
                })
                .collect(),
            displaced,
            unmet_needs: ra
                .needs
                .iter()
                .filter(|n| sites.contains(&n.enterprise) && n.unmet > 1e-9)
                .map(|n| (n.id.clone(), n.unmet, n.unit.clone()))
                .collect(),
        });
    }
    Ok(out)
}

/// Saves a scenario (candidates checked to exist); replaces one with the same id.
pub async fn save_scenario(store: &Store, scenario: &ScenarioRow) -> Result<()> {
    if scenario.id.is_empty()
        || !scenario
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(bad(format!(
            "方案 id 只能含字母、数字、- 和 _：'{0}' / a scenario id may contain letters, digits, - and _ only: '{0}'",
            scenario.id
        )));
    }
    if scenario.candidates.is_empty() {
        return Err(bad(
            "方案至少需要一个候选项目 / a scenario needs at least one candidate".into(),
        ));
    }
    let known: BTreeSet<String> = store
        .candidates()
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let unknown: Vec<&str> = scenario
        .candidates
        .iter()
        .filter(|c| !known.contains(*c))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(bad(format!(
            "未知的候选项目 / unknown candidates: {}",
            unknown.join(", ")
        )));
    }
    region_ref(store, &scenario.region).await?;
    Ok(store.save_scenario(scenario).await?)
}

/// Runs a saved scenario.
pub async fn run_scenario(store: &Store, id: &str) -> Result<(ScenarioRow, WhatIfReport)> {
    let s = store
        .scenarios()
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| bad(format!("没有方案 '{id}' / no scenario '{id}'")))?;
    let mut request = WhatIfRequest::new(s.region, s.candidates.clone());
    request.substitution = s.substitution;
    let report = what_if(store, &request).await?;
    Ok((s, report))
}

/// One scenario's outcome on one chain, for side-by-side comparison.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioOutcome {
    pub scenario: String,
    pub covered_after: u32,
    pub weighted_completeness_after: Option<f64>,
    pub local_supply_after: Option<f64>,
    /// Nodes whose status changed, `node: before → after`.
    pub status_changes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChainComparison {
    pub chain: ChainRef,
    pub covered_before: u32,
    pub total_nodes: u32,
    pub weighted_completeness_before: Option<f64>,
    pub local_supply_before: Option<f64>,
    pub outcomes: Vec<ScenarioOutcome>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioComparison {
    pub scenarios: Vec<String>,
    pub chains: Vec<ChainComparison>,
}

/// Runs several saved scenarios and lines their outcomes up per chain.
pub async fn compare_scenarios(store: &Store, ids: &[String]) -> Result<ScenarioComparison> {
    let mut chains: Vec<ChainComparison> = Vec::new();
    for id in ids {
        let (_, report) = run_scenario(store, id).await?;
        for c in report.chains {
            let idx = match chains.iter().position(|x| x.chain.id == c.chain.id) {
                Some(i) => i,
                None => {
                    chains.push(ChainComparison {
                        chain: c.chain.clone(),
                        covered_before: c.completeness_before.covered_nodes,
                        total_nodes: c.completeness_before.total_nodes,
                        weighted_completeness_before: c.completeness_before.weighted_ratio,
                        local_supply_before: c.local_supply_before.rate,
                        outcomes: Vec::new(),
                    });
                    chains.len() - 1
                }
            };
            chains[idx].outcomes.push(ScenarioOutcome {
                scenario: id.clone(),
                covered_after: c.completeness_after.covered_nodes,
                weighted_completeness_after: c.completeness_after.weighted_ratio,
                local_supply_after: c.local_supply_after.rate,
                status_changes: c
                    .changes
                    .iter()
                    .filter(|n| n.status_before != n.status_after)
                    .map(|n| {
                        format!(
                            "{}: {} → {}",
                            n.name_zh, n.status_before_zh, n.status_after_zh
                        )
                    })
                    .collect(),
            });
        }
    }
    Ok(ScenarioComparison {
        scenarios: ids.to_vec(),
        chains,
    })
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ` (UTC), for scenario timestamps.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use liantu_invest::Criterion;

    async fn demo_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("demo.db"), true)
            .await
            .unwrap();
        crate::install_builtin_chains(&store).await.unwrap();
        crate::load_demo(&store).await.unwrap();
        (dir, store)
    }

    fn liuzhou() -> RegionCode {
        RegionCode::parse("450200").unwrap()
    }

    fn ranking_request() -> RankingRequest {
        RankingRequest {
            region: liuzhou(),
            profile: default_profile().unwrap(),
            year: None,
            explain_top: None,
        }
    }

    #[tokio::test]
    async fn demo_ranking_puts_battery_material_gaps_above_their_twins() {
        let (_dir, store) = demo_store().await;
        let r = candidate_ranking(&store, &ranking_request()).await.unwrap();
        assert_eq!(r.results.len(), 14);
        assert!(r.illustrative);
        // The demo panel gives densities for 产业契合.
        assert_eq!(r.density_panel.as_deref(), Some(crate::DEMO_PANEL));
        let rank = |id: &str| {
            r.results
                .iter()
                .find(|x| x.score.id == id)
                .map(|x| x.score.rank)
                .unwrap()
        };
        for (gap, twin) in [
            ("li2co3-luzhai", "li2co3-twin"),
            ("electrolyte-liutang", "electrolyte-twin"),
            ("cathode-xinxing", "cathode-twin"),
        ] {
            assert!(
                rank(gap) < rank(twin),
                "{gap} {} vs {twin} {}",
                rank(gap),
                rank(twin)
            );
        }
        let cathode = r
            .results
            .iter()
            .find(|x| x.score.id == "cathode-xinxing")
            .unwrap();
        assert_eq!(cathode.nodes[0].status, Some(NodeStatus::Missing));
        assert!(
            cathode.score.criteria[Criterion::ChainGap.index()]
                .reason_zh
                .contains("填补空白环节“正极材料”")
        );
        for x in &r.results {
            let sum: f64 = x.score.criteria.iter().map(|c| c.points).sum();
            assert!((sum - x.score.total).abs() < 1e-9);
        }
        assert_eq!(r.eligible, 12);
        // A heavier weight on technology changes the ranking.
        let mut request = ranking_request();
        request.profile.scoring.weights.chain_gap = 0.0;
        let flat = candidate_ranking(&store, &request).await.unwrap();
        let flat_rank = |id: &str| {
            flat.results
                .iter()
                .find(|x| x.score.id == id)
                .unwrap()
                .score
                .rank
        };
        assert!(flat_rank("cathode-twin") < flat_rank("cathode-xinxing"));
    }

    #[tokio::test]
    async fn demo_grading() {
        let (_dir, store) = demo_store().await;
        let request = GradingRequest {
            region: liuzhou(),
            year: None,
            profile: default_profile().unwrap(),
        };
        let g = enterprise_grading(&store, &request).await.unwrap();
        assert_eq!(g.year, 2024);
        let counts: u32 = g.distribution.iter().map(|d| d.count).sum();
        assert_eq!(counts, g.graded);
        assert!(g.graded > 100);
        // Utilities (44, 46) are not graded.
        for e in &g.enterprises {
            if e.industry_code
                .as_deref()
                .is_some_and(|c| c.starts_with("44") || c.starts_with("46"))
            {
                assert!(e.grade.is_none());
                assert!(e.not_graded_zh.as_deref().unwrap().contains("不参评行业"));
            }
            if let Some(score) = e.score {
                let sum: f64 = e.indicators.iter().map(|i| i.score.points).sum();
                assert!((sum - score).abs() < 1e-9);
            }
        }
        // Ranked first, A first.
        assert_eq!(g.enterprises[0].rank, Some(1));
        assert_eq!(g.enterprises[0].grade, Some(Grade::A));
        let a = g.distribution[0].count as f64;
        assert!(a <= 0.2 * g.graded as f64 + 1.0);
    }

    #[test]
    fn candidate_file_columns_match_the_parser() {
        let keys: Vec<&str> = liantu_ingest::candidates::candidate_columns()
            .iter()
            .map(|c| c.key)
            .collect();
        assert_eq!(keys, liantu_invest::CANDIDATE_COLUMNS);
    }

    #[tokio::test]
    async fn what_if_and_scenarios() {
        let (_dir, store) = demo_store().await;
        let ids: Vec<String> = ["li2co3-luzhai", "electrolyte-liutang", "cathode-xinxing"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let w = what_if(&store, &WhatIfRequest::new(liuzhou(), ids.clone()))
            .await
            .unwrap();
        let nev = w
            .chains
            .iter()
            .find(|c| c.chain.id == "nev-battery")
            .unwrap();
        assert_eq!(
            nev.completeness_after.covered_nodes,
            nev.completeness_before.covered_nodes + 3
        );
        for node in ["lithium-carbonate", "electrolyte", "cathode"] {
            let n = nev.changes.iter().find(|n| n.id == node).unwrap();
            assert_eq!(n.status_before, NodeStatus::Missing);
            assert_ne!(n.status_after, NodeStatus::Missing);
            assert_eq!(n.firms_after, 1);
        }
        assert!(nev.substituted_value > 0.0);
        assert!(nev.local_supply_after.rate.unwrap() > nev.local_supply_before.rate.unwrap());

        // Symbiosis: the lithium-carbonate and electrolyte projects bring streams to the two
        // chemical parks; the cathode project's park has no stream data and is left out.
        let parks: Vec<&str> = w.symbiosis.iter().map(|s| s.park.as_str()).collect();
        assert_eq!(parks, ["liucheng-liutang-chem", "luzhai-chem"]);
        for s in &w.symbiosis {
            assert!(s.illustrative);
            assert!(!s.new_exchanges.is_empty(), "{}", s.park);
            // More options never lower the LP optimum (no candidate need has a minimum intake).
            assert!(s.net_benefit_after >= s.net_benefit_before - 1e-6);
            for x in &s.new_exchanges {
                assert!(x.from.starts_with("candidate:") || x.to.starts_with("candidate:"));
            }
        }
        let luzhai = &w.symbiosis[1];
        assert_eq!(luzhai.candidates, ["li2co3-luzhai"]);
        // The leach residue goes to the building-materials firm that takes slag.
        assert!(
            luzhai
                .new_exchanges
                .iter()
                .any(|x| x.offer == "c-li2co3-slag" && x.class == "slag")
        );

        let save = |id: &str, c: &[&str]| ScenarioRow {
            id: id.into(),
            name: id.into(),
            region: liuzhou(),
            candidates: c.iter().map(|s| s.to_string()).collect(),
            substitution: 1.0,
            note: String::new(),
            created: now_utc(),
        };
        save_scenario(
            &store,
            &save(
                "materials",
                &["li2co3-luzhai", "electrolyte-liutang", "cathode-xinxing"],
            ),
        )
        .await
        .unwrap();
        save_scenario(&store, &save("cathode-only", &["cathode-xinxing"]))
            .await
            .unwrap();
        assert!(
            save_scenario(&store, &save("bad", &["nope"]))
                .await
                .is_err()
        );
        assert!(
            save_scenario(&store, &save("bad id", &["cathode-xinxing"]))
                .await
                .is_err()
        );
        assert_eq!(store.scenarios().await.unwrap().len(), 2);
        let (_, again) = run_scenario(&store, "materials").await.unwrap();
        let nev2 = again
            .chains
            .iter()
            .find(|c| c.chain.id == "nev-battery")
            .unwrap();
        assert_eq!(nev2.completeness_after, nev.completeness_after);
        let cmp = compare_scenarios(&store, &["materials".into(), "cathode-only".into()])
            .await
            .unwrap();
        let chain = cmp
            .chains
            .iter()
            .find(|c| c.chain.id == "nev-battery")
            .unwrap();
        assert_eq!(chain.outcomes.len(), 2);
        assert_eq!(
            chain.outcomes[0].covered_after,
            chain.outcomes[1].covered_after + 2
        );
        assert!(run_scenario(&store, "nope").await.is_err());
        assert!(now_utc().ends_with('Z') && now_utc().len() == 20);
    }

    #[tokio::test]
    async fn io_import_feeds_the_linkage_criterion() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/input-output/china_io_2020_42.csv"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("跳过 / skipping: {path} absent (shared IO tables)");
            return;
        };
        let (_dir, store) = demo_store().await;
        let s = import_io_table(
            &store,
            "cn2020-42",
            "中国 2020 年 42 部门投入产出表",
            path,
            &text,
        )
        .await
        .unwrap();
        assert!(s.node_mapping_fits && s.sectors == 42 && s.identity_residual < 1e-9);
        let report = io_report(&store, None).await.unwrap();
        assert_eq!(report.sectors.len(), 42);
        assert!(
            report.sectors[17]
                .nodes
                .contains(&"nev-battery:vehicle".to_string())
        );
        let r = candidate_ranking(&store, &ranking_request()).await.unwrap();
        assert!(
            r.io_table
                .as_deref()
                .is_some_and(|t| t.starts_with("cn2020-42"))
        );
        let cathode = r
            .results
            .iter()
            .find(|x| x.score.id == "cathode-xinxing")
            .unwrap();
        assert!(
            cathode.score.criteria[Criterion::Linkage.index()]
                .reason_zh
                .contains("产出乘数")
        );
        assert!(
            import_io_table(&store, "bad", "t", "x.csv", "a,b\n1,2\n")
                .await
                .is_err()
        );
        assert!(
            import_io_table(&store, "bad id", "t", "x.csv", &text)
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn a_153_sector_table_gets_the_finer_node_map() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/input-output/china_io_2020_153.csv"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("跳过 / skipping: {path} absent (shared IO tables)");
            return;
        };
        let (_dir, store) = demo_store().await;
        let s = import_io_table(&store, "cn2020-153", "2020 年 153 部门表", path, &text)
            .await
            .unwrap();
        assert!(s.node_mapping_fits && s.sectors == 153, "{s:?}");
        let report = io_report(&store, None).await.unwrap();
        let nodes_of = |code: &str| {
            report
                .sectors
                .iter()
                .find(|x| x.code == code)
                .map(|x| x.nodes.clone())
                .unwrap()
        };
        // Batteries and synthetic materials are sectors of their own in the 153 table.
        assert!(nodes_of("087").contains(&"nev-battery:battery-cell".to_string()));
        assert!(nodes_of("047").contains(&"chemical:special-rubber".to_string()));
        assert!(!nodes_of("043").contains(&"chemical:special-rubber".to_string()));
        let r = candidate_ranking(&store, &ranking_request()).await.unwrap();
        assert!(
            r.io_table
                .as_deref()
                .is_some_and(|t| t.starts_with("cn2020-153"))
        );
        let linkage = |id: &str| {
            r.results
                .iter()
                .find(|x| x.score.id == id)
                .unwrap()
                .score
                .criteria[Criterion::Linkage.index()]
            .reason_zh
            .clone()
        };
        assert!(linkage("rubber-hexi").contains("产出乘数"));
        // Rubber (047) and lithium carbonate (043) now get different multipliers.
        assert_ne!(linkage("rubber-hexi"), linkage("li2co3-luzhai"));
    }
}
