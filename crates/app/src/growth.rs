//! Growth opportunities: which industries a region lacks but is close to (density), and which of
//! those are worth most (PCI, COG), from a region × industry panel through the complexity engine.

use crate::{App, AppError, Result, SourceRef, blocking};
use liantu_complexity::{Options, Panel};
use liantu_model::bounds::{PANEL_VALUE, YEAR, check_name, check_text, year_text};
use liantu_model::records::SourceKind;
use liantu_store::PanelRow;
pub use liantu_store::{PanelData, PanelSummary};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod import;
mod tables;

pub use import::{PanelMeta, read_panel_file};
pub use tables::{growth_table, panels_table};

/// The demo panel's id.
pub const DEMO_PANEL: &str = "demo-city-industry";

#[derive(Debug, Clone)]
pub struct GrowthRequest {
    pub panel: String,
    /// Region code as used in the panel.
    pub region: String,
    /// Period; `None` = the latest.
    pub time: Option<String>,
    /// Compare only with these regions (peer-group RCA); `None` = every region in the panel.
    pub peers: Option<Vec<String>>,
    pub threshold: f64,
    /// How missing industries are ranked.
    pub sort: GrowthSort,
}

/// Ranking of missing industries: by feasibility (density) or by value (PCI, COG); highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum GrowthSort {
    #[default]
    Density,
    Pci,
    Cog,
}

impl std::str::FromStr for GrowthSort {
    type Err = AppError;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "density" | "" => Ok(GrowthSort::Density),
            "pci" => Ok(GrowthSort::Pci),
            "cog" => Ok(GrowthSort::Cog),
            other => Err(AppError::invalid(format!(
                "排序方式 '{other}' 无效（可选 density、pci、cog）/ unknown sort '{other}' (density, pci or cog)"
            ))),
        }
    }
}

impl GrowthRequest {
    pub fn new(panel: &str, region: &str) -> Self {
        GrowthRequest {
            panel: panel.to_string(),
            region: region.to_string(),
            time: None,
            peers: None,
            threshold: 1.0,
            sort: GrowthSort::Density,
        }
    }
}

/// A chain node whose GB/T 4754 codes include (or are included in) the industry's code.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainNodeRef {
    pub chain: String,
    pub chain_name_zh: String,
    pub chain_name_en: String,
    pub node: String,
    pub node_name_zh: String,
    pub node_name_en: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndustryView {
    pub industry: String,
    pub name: String,
    /// The region's value (e.g. employment) in this industry.
    pub value: f64,
    pub rca: f64,
    pub present: bool,
    /// Feasibility: share of related industries the region already has (0–1).
    pub density: Option<f64>,
    /// Product complexity index.
    pub pci: Option<f64>,
    /// Complexity outlook gain: how much new, nearby complexity it would open up.
    pub cog: f64,
    pub chain_nodes: Vec<ChainNodeRef>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrowthReport {
    pub panel: String,
    pub panel_name_zh: String,
    pub panel_name_en: String,
    pub measure: String,
    pub region: String,
    pub region_name: String,
    pub time: String,
    pub times: Vec<String>,
    pub peers: Option<Vec<String>>,
    pub threshold: f64,
    pub sort: GrowthSort,
    pub locations: usize,
    pub products: usize,
    pub eci: Option<f64>,
    pub coi: Option<f64>,
    pub diversity: Option<u32>,
    /// Industries the region lacks (RCA below threshold), ranked by `sort`, highest first.
    pub opportunities: Vec<IndustryView>,
    /// Industries it has, by RCA.
    pub strengths: Vec<IndustryView>,
    /// Medians over `opportunities`, where the quadrant chart splits.
    pub median_density: Option<f64>,
    pub median_pci: Option<f64>,
    /// Stored rows of the period with a value outside the data contract, left out.
    pub set_aside_rows: usize,
    pub source: Option<SourceRef>,
    pub illustrative: bool,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// A panel against the data contract (`liantu_model::bounds`): periods are years, values
/// panel values, regions, industries and the panel's names visible names. Every problem, each
/// naming its data row (1 = the first row after the header).
fn check_panel(panel: &PanelData) -> Result<()> {
    let mut problems = Vec::new();
    for (field, name) in [("name_zh", &panel.name_zh), ("name_en", &panel.name_en)] {
        if let Err(e) = check_name(name) {
            problems.push(format!(
                "{field}：{} / {field}: {}",
                e.reason_zh(),
                e.reason_en()
            ));
        }
    }
    for (i, row) in panel.rows.iter().enumerate() {
        let at = i + 1;
        if year_text(&row.time).is_none() {
            problems.push(format!(
                "第 {at} 条数据行：时期 '{0}' 应为 {1} 的四位年份 / data row {at}: period '{0}' must be a four-digit year in {2}",
                row.time.escape_debug(),
                YEAR.describe_zh(),
                YEAR.describe_en()
            ));
        }
        if let Err(e) = PANEL_VALUE.check(row.value) {
            problems.push(format!(
                "第 {at} 条数据行：数值 {0} {1} / data row {at}: value {0}: {2}",
                row.value,
                e.reason_zh(),
                e.reason_en()
            ));
        }
        for (field, code) in [("region", &row.region), ("industry", &row.industry)] {
            if let Err(e) = check_name(code) {
                problems.push(format!(
                    "第 {at} 条数据行 {field}：{} / data row {at}, {field}: {}",
                    e.reason_zh(),
                    e.reason_en()
                ));
            }
        }
    }
    for (code, name) in panel.region_names.iter().chain(&panel.industry_names) {
        if let Err(e) = check_text(name) {
            problems.push(format!(
                "{code} 的名称：{} / name of {code}: {}",
                e.reason_zh(),
                e.reason_en()
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let n = problems.len();
    problems.truncate(50);
    Err(AppError::invalid(format!(
        "面板 {0}：{n} 处错误，未导入 / panel {0}: {n} problem(s), nothing imported\n{1}",
        panel.id,
        problems.join("\n")
    )))
}

/// One industry of the region: its figures and the chain nodes its code matches.
fn industry_view(
    product: &liantu_complexity::ProductResult,
    cell: &liantu_complexity::Cell,
    name: &str,
    chains: &[(String, ChainNodeRef)],
) -> IndustryView {
    IndustryView {
        industry: product.code.clone(),
        name: name.to_string(),
        value: cell.value,
        rca: cell.rca,
        present: cell.mcp,
        density: cell.density,
        pci: product.pci,
        cog: cell.cog,
        chain_nodes: chains
            .iter()
            .filter(|(code, _)| {
                code.starts_with(product.code.as_str()) || product.code.starts_with(code.as_str())
            })
            .map(|(_, node)| node.clone())
            .fold(Vec::<ChainNodeRef>::new(), |mut nodes, n| {
                // A node with several matching codes is listed once.
                if !nodes.iter().any(|m| m.chain == n.chain && m.node == n.node) {
                    nodes.push(n);
                }
                nodes
            }),
    }
}

/// The period asked for, or by default the latest that is a year (a period stored before the
/// data contract, such as `abc`, is never chosen by default: it sorts after every year).
fn period(summary: &PanelSummary, asked: Option<&str>) -> Result<String> {
    match asked {
        Some(t) if summary.times.iter().any(|x| x == t) => Ok(t.to_string()),
        Some(t) => Err(AppError::not_found(format!(
            "面板 {} 没有时期 {t}（可选：{}）/ panel {} has no period {t} (available: {})",
            summary.id,
            summary.times.join(", "),
            summary.id,
            summary.times.join(", ")
        ))),
        None => summary
            .times
            .iter()
            .rev()
            .find(|t| year_text(t).is_some())
            .or(summary.times.last())
            .cloned()
            .ok_or_else(|| {
                AppError::invalid(format!("面板 {0} 为空 / panel {0} is empty", summary.id))
            }),
    }
}

impl App {
    /// Loads the illustrative demo panel (`data/demo/industry_panel.csv`).
    pub(crate) async fn install_demo_panel(&self) -> Result<usize> {
        let store = &self.store;
        let records = liantu_demo::panel::industry_panel()?;
        let mut regions = BTreeMap::new();
        let mut industries = BTreeMap::new();
        let rows = records
            .iter()
            .map(|r| {
                regions.insert(r.region.clone(), r.region_name.clone());
                industries.insert(r.industry.clone(), r.industry_name.clone());
                PanelRow {
                    time: r.year.clone(),
                    region: r.region.clone(),
                    industry: r.industry.clone(),
                    value: r.employment,
                }
            })
            .collect::<Vec<_>>();
        let n = rows.len();
        store
            .save_panel(&PanelData {
                id: DEMO_PANEL.into(),
                name_zh: "城市×行业从业人员（示例）".into(),
                name_en: "City × industry employment (illustrative)".into(),
                measure: "employment".into(),
                source: "illustrative".into(),
                source_record: None,
                rows,
                region_names: regions.into_iter().collect(),
                industry_names: industries.into_iter().collect(),
            })
            .await?;
        Ok(n)
    }

    /// The stored region × industry panels.
    pub async fn panels(&self) -> Result<Vec<PanelSummary>> {
        Ok(self.store.panels().await?)
    }

    /// Stores a panel, replacing one with the same id (all or nothing). Every row is held to
    /// the data contract first; a bad one is an error naming it, and nothing is stored.
    pub async fn save_panel(&self, panel: &PanelData) -> Result<()> {
        self.require_write(crate::WriteTarget::City).await?;
        check_panel(panel)?;
        Ok(self.store.save_panel(panel).await?)
    }

    /// One period of a panel, with its region and industry names.
    pub async fn panel_period(&self, panel: &str, time: &str) -> Result<PanelData> {
        Ok(self.store.panel_period(panel, time).await?)
    }

    /// Industries the region lacks, ranked by feasibility or value, and its strengths.
    pub async fn growth_opportunities(&self, request: &GrowthRequest) -> Result<GrowthReport> {
        let store = &self.store;
        let summary = store
            .panels()
            .await?
            .into_iter()
            .find(|p| p.id == request.panel)
            .ok_or_else(|| {
                AppError::not_found(format!(
                    "未知的数据面板 '{0}' / unknown panel '{0}'",
                    request.panel
                ))
            })?;
        let time = period(&summary, request.time.as_deref())?;
        let data = store.panel_period(&request.panel, &time).await?;
        let keep: Option<BTreeSet<&str>> = request.peers.as_ref().map(|peers| {
            peers
                .iter()
                .map(String::as_str)
                .chain([request.region.as_str()])
                .collect()
        });
        if let Some(keep) = &keep
            && let Some(unknown) = keep
                .iter()
                .find(|r| !data.rows.iter().any(|row| row.region == **r))
        {
            return Err(AppError::not_found(format!(
                "面板中没有区域 {unknown} / region {unknown} is not in the panel"
            )));
        }
        let mut panel = Panel::with_capacity(data.rows.len());
        let mut set_aside_rows = 0;
        for row in &data.rows {
            if !PANEL_VALUE.contains(row.value) {
                // Stored before the data contract: left out, counted in the report.
                set_aside_rows += 1;
                continue;
            }
            if keep
                .as_ref()
                .is_none_or(|k| k.contains(row.region.as_str()))
            {
                panel.push(&row.time, &row.region, &row.industry, row.value);
            }
        }
        let options = Options {
            threshold: request.threshold,
            ..Options::default()
        };
        let period = blocking(move || Ok(liantu_complexity::compute(&panel, &options)?))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::invalid("面板为空 / empty panel"))?;
        let loc = period.location_index(&request.region).ok_or_else(|| {
            AppError::not_found(format!(
                "面板中没有区域 {0} / region {0} is not in the panel",
                request.region
            ))
        })?;

        let names: BTreeMap<&str, &str> = data
            .industry_names
            .iter()
            .map(|(c, n)| (c.as_str(), n.as_str()))
            .collect();
        let chains = self.chain_index().await?;
        let (opportunities, strengths) =
            industry_views(&period, loc, &names, &chains, request.sort);
        let median_density = median(opportunities.iter().filter_map(|o| o.density).collect());
        let median_pci = median(opportunities.iter().filter_map(|o| o.pci).collect());
        let source = store
            .sources()
            .await?
            .into_iter()
            .find(|s| s.id == summary.source)
            .map(SourceRef::from);
        let location = &period.locations[loc];
        Ok(GrowthReport {
            panel: summary.id,
            panel_name_zh: summary.name_zh,
            panel_name_en: summary.name_en,
            measure: summary.measure,
            region_name: data
                .region_names
                .iter()
                .find(|(c, _)| *c == request.region)
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
            region: request.region.clone(),
            time,
            times: summary.times,
            peers: request.peers.clone(),
            threshold: request.threshold,
            sort: request.sort,
            locations: period.locations.len(),
            products: period.products.len(),
            eci: location.eci,
            coi: location.coi,
            diversity: location.diversity,
            opportunities,
            strengths,
            median_density,
            median_pci,
            set_aside_rows,
            illustrative: source
                .as_ref()
                .is_none_or(|s| s.kind == SourceKind::Illustrative),
            source,
        })
    }

    /// (industry code, node) for every node of every installed chain.
    async fn chain_index(&self) -> Result<Vec<(String, ChainNodeRef)>> {
        let mut out = Vec::new();
        for chain in self.all_chains().await? {
            for node in &chain.nodes {
                for code in &node.industry_codes {
                    out.push((
                        code.to_string(),
                        ChainNodeRef {
                            chain: chain.id.clone(),
                            chain_name_zh: chain.name_zh.clone(),
                            chain_name_en: chain.name_en.clone(),
                            node: node.id.clone(),
                            node_name_zh: node.name_zh.clone(),
                            node_name_en: node.name_en.clone(),
                        },
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// The region's industries as views: those it lacks (ranked by `sort`, highest first) and those
/// it has (by RCA), each tied to the chain nodes whose codes match its code.
fn industry_views(
    period: &liantu_complexity::PeriodResult,
    loc: usize,
    names: &BTreeMap<&str, &str>,
    chains: &[(String, ChainNodeRef)],
    sort: GrowthSort,
) -> (Vec<IndustryView>, Vec<IndustryView>) {
    let mut opportunities = Vec::new();
    let mut strengths = Vec::new();
    for (q, product) in period.products.iter().enumerate() {
        let Some(cell) = period.cell(loc, q) else {
            continue;
        };
        let name = names.get(product.code.as_str()).copied().unwrap_or("");
        let view = industry_view(product, &cell, name, chains);
        if view.present {
            strengths.push(view);
        } else {
            opportunities.push(view);
        }
    }
    let key = |v: &IndustryView| match sort {
        GrowthSort::Density => v.density.unwrap_or(f64::NEG_INFINITY),
        GrowthSort::Pci => v.pci.unwrap_or(f64::NEG_INFINITY),
        GrowthSort::Cog => v.cog,
    };
    opportunities.sort_by(|a, b| key(b).total_cmp(&key(a)).then(a.industry.cmp(&b.industry)));
    strengths.sort_by(|a, b| b.rca.total_cmp(&a.rca).then(a.industry.cmp(&b.industry)));
    (opportunities, strengths)
}
