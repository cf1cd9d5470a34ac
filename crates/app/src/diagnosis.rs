//! Chain diagnosis as a report: the engine's result joined with names, codes, sources and dates.
//! Its JSON form is the documented output of `liantu diagnose --format json` (see README).

use crate::{App, AppError, Result, blocking};
use liantu_analysis::{
    Completeness, DiagnosisInput, EnterpriseRef, Membership, NodeRef, SetAside, SupplyLink,
    diagnose,
};
pub use liantu_analysis::{DiagnosisRule, StageSummary, SupplyRate};
pub use liantu_model::Stage;
use liantu_model::bounds::{AMOUNT, SHARE};
use liantu_model::chain::Chain;
use liantu_model::records::SourceKind;
use liantu_model::{IndustryCode, Lang, NodeStatus, RegionCode};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// What to diagnose.
#[derive(Debug, Clone)]
pub struct DiagnosisRequest {
    pub chain: String,
    pub region: RegionCode,
    /// Year of enterprise figures; `None` = the latest year with data.
    pub year: Option<i32>,
    pub rule: DiagnosisRule,
}

impl DiagnosisRequest {
    pub fn new(chain: &str, region: RegionCode) -> Self {
        DiagnosisRequest {
            chain: chain.to_string(),
            region,
            year: None,
            rule: DiagnosisRule::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainRef {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionRef {
    pub code: RegionCode,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceRef {
    pub id: String,
    pub kind: SourceKind,
    pub title_zh: String,
    pub title_en: String,
    pub publisher: String,
    pub published: String,
}

impl From<liantu_model::records::Source> for SourceRef {
    fn from(s: liantu_model::records::Source) -> Self {
        SourceRef {
            id: s.id,
            kind: s.kind,
            title_zh: s.title_zh,
            title_en: s.title_en,
            publisher: s.publisher,
            published: s.published,
        }
    }
}

/// An enterprise's figure on a node.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseFigure {
    pub uscc: String,
    pub name: String,
    /// Output attributed to this node, 万元; `None` when the firm's output is unknown.
    pub output: Option<f64>,
    pub share_of_node: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskView {
    pub uscc: String,
    pub name: String,
    pub share: f64,
}

/// A stored figure outside the data contract (`liantu_model::bounds`), set aside by the engine:
/// named, with its value and what was done instead, beside the node it concerns.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetAsideView {
    /// `output`, `share` or `link_value`.
    pub field: &'static str,
    pub uscc: String,
    pub name: String,
    /// `None` when not a number (NaN).
    pub value: Option<f64>,
    pub note_zh: String,
    pub note_en: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeView {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub stage: Stage,
    pub industry_codes: Vec<IndustryCode>,
    pub status: NodeStatus,
    pub status_zh: &'static str,
    pub reason_zh: String,
    pub reason_en: String,
    pub enterprise_count: u32,
    pub unknown_output_count: u32,
    /// 万元.
    pub output: f64,
    pub output_share: Option<f64>,
    pub local_supply: SupplyRate,
    pub single_supplier_risk: Option<RiskView>,
    pub enterprises: Vec<EnterpriseFigure>,
    /// Stored figures of the node outside the data contract, left out (the reason counts them).
    pub set_aside: Vec<SetAsideView>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderView {
    pub uscc: String,
    pub name: String,
    pub output: f64,
    pub output_share: Option<f64>,
    pub node_count: u32,
    pub links_as_buyer: u32,
    pub links_as_supplier: u32,
    pub score: f64,
    pub reason_zh: String,
    pub reason_en: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosisReport {
    pub chain: ChainRef,
    pub region: RegionRef,
    /// Year of the enterprise figures.
    pub year: Option<i32>,
    /// Year of the supply links.
    pub link_year: Option<i32>,
    pub rule: DiagnosisRule,
    pub rule_zh: String,
    pub rule_en: String,
    /// Local output of the chain, 万元.
    pub total_output: f64,
    pub local_enterprises: u32,
    pub completeness: Completeness,
    pub local_supply: SupplyRate,
    pub by_stage: Vec<StageSummary>,
    pub nodes: Vec<NodeView>,
    pub leaders: Vec<LeaderView>,
    /// Memberships or links naming a node the chain no longer has (left out, counted here).
    pub ignored_rows: usize,
    /// Stored figures outside the data contract, left out, each once (also under their nodes).
    pub set_aside: Vec<SetAsideView>,
    /// Every source behind the figures, and the latest as-of date among them.
    pub sources: Vec<SourceRef>,
    pub as_of: Option<String>,
    /// True when any figure comes from an illustrative (made-up) source.
    pub illustrative: bool,
    /// One line naming the sources, for tables and footers.
    pub sources_note: String,
}

/// Sources' titles, then the as-of date when there is one: "示例数据 · 截至 2025-03-31".
pub fn source_line(sources: &[SourceRef], as_of: Option<&str>, lang: Lang) -> String {
    let titles: Vec<&str> = sources
        .iter()
        .map(|s| lang.t(&s.title_zh, &s.title_en))
        .collect();
    let mut line = titles.join("；");
    if let Some(d) = as_of {
        line.push_str(&format!(" · {} {d}", lang.t("截至", "as of")));
    }
    line
}

impl DiagnosisReport {
    /// The sources' titles and the as-of date as one line ("示例数据 · 截至 2025-03-31").
    pub fn source_line(&self, lang: Lang) -> String {
        source_line(&self.sources, self.as_of.as_deref(), lang)
    }
}

impl App {
    /// The diagnosis of a chain in a region; with the default rule, cached per revision.
    pub async fn chain_diagnosis(
        &self,
        request: &DiagnosisRequest,
    ) -> Result<Arc<DiagnosisReport>> {
        if request.rule != DiagnosisRule::default() {
            let report = Arc::new(self.build_diagnosis(request).await?.0);
            return Ok(self.redact_diagnosis(report));
        }
        let key = (request.chain.clone(), request.region, request.year);
        let revision = self.revision().await?;
        if let Some(report) = self.caches.diagnoses.get(revision, &key) {
            return Ok(self.redact_diagnosis(report));
        }
        let _gate = self.caches.diagnosis_gate.lock().await;
        let report = self
            .cached(&self.caches.diagnoses, key, async || {
                Ok(self.build_diagnosis(request).await?.0)
            })
            .await?;
        Ok(self.redact_diagnosis(report))
    }

    /// The diagnoses (default rule) of `chains` in `region`, in their order: those not cached
    /// at this revision are built from one read of all their data (each table scanned once, as
    /// for the ranking) and cached.
    pub async fn chain_diagnoses(
        &self,
        chains: &[&str],
        region: RegionCode,
        year: Option<i32>,
    ) -> Result<Vec<Arc<DiagnosisReport>>> {
        let revision = self.revision().await?;
        let key = |chain: &str| (chain.to_string(), region, year);
        let cached = |revision| -> Vec<Option<Arc<DiagnosisReport>>> {
            chains
                .iter()
                .map(|c| self.caches.diagnoses.get(revision, &key(c)))
                .collect()
        };
        let mut reports = cached(revision);
        // Built once: a caller arriving while they are built waits and then finds them cached.
        let _gate = if reports.iter().any(Option::is_none) {
            let gate = self.caches.diagnosis_gate.lock().await;
            reports = cached(revision);
            Some(gate)
        } else {
            None
        };
        let mut missing = Vec::new();
        for (c, report) in chains.iter().zip(&reports) {
            if report.is_none() {
                missing.push(self.chain(c).await?);
            }
        }
        if !missing.is_empty() {
            let ids: Vec<&str> = missing.iter().map(|c| c.id.as_str()).collect();
            let data = self.store.chains_data(&ids, &region, year).await?;
            let mut built = Vec::with_capacity(missing.len());
            for (chain, data) in missing.into_iter().zip(data) {
                let mut request = DiagnosisRequest::new(&chain.id, region);
                request.year = year;
                let report = Arc::new(self.diagnosis_from(&request, chain, data).await?.0);
                built.push(report);
            }
            let mut built = built.into_iter();
            for (c, slot) in chains.iter().zip(&mut reports) {
                if slot.is_none()
                    && let Some(report) = built.next()
                {
                    self.caches
                        .diagnoses
                        .insert(revision, key(c), Arc::clone(&report));
                    *slot = Some(report);
                }
            }
        }
        Ok(reports
            .into_iter()
            .flatten()
            .map(|r| self.redact_diagnosis(r))
            .collect())
    }

    /// Builds and caches what the first pages read: the diagnoses of every chain in `region`
    /// for the latest year (the home page, the chain pages, the coupling and the economy views),
    /// the region's 亩均 grades (the grade line of every enterprise page), its coupling view,
    /// what the ranking of candidates reads, and its economy group sums. Run by the server after
    /// each write, so the next reader finds them ready.
    pub async fn warm_caches(&self, region: RegionCode) -> Result<()> {
        self.warm_chains(region).await?;
        let ids: Vec<String> = self.chains().await?.into_iter().map(|c| c.id).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.chain_diagnoses(&ids, region, None).await?;
        // Any firm: grading one grades them all, cached by region.
        self.firm_grade(region, "").await?;
        // Their flows and group sums read the area's links and firm-years.
        self.coupling(region, None).await?;
        self.scoring_context(&region, None).await?;
        self.economy_groups(liantu_store::EconomyScope {
            area: &region,
            chain: None,
        })
        .await?;
        Ok(())
    }

    /// Every chain's diagnosis in `region` (the latest year, the default rule) and what the
    /// ranking reads, built from one read of the chains' data and cached — each built on its
    /// own reads it again (6 s at 1,000,000 firms). Nothing is built when either is cached.
    async fn warm_chains(&self, region: RegionCode) -> Result<()> {
        // In the order the views take them (a view's build may ask for diagnoses).
        let _views = self.caches.view_gate.lock().await;
        let _diagnoses = self.caches.diagnosis_gate.lock().await;
        // Read before the data: a write meanwhile leaves what is built under the old revision.
        let revision = self.revision().await?;
        let chains = self.all_chains().await?;
        let key = |chain: &str| (chain.to_string(), region, None);
        if chains
            .iter()
            .any(|c| self.caches.diagnoses.get(revision, &key(&c.id)).is_some())
            || self.caches.scoring.get(revision, &(region, None)).is_some()
        {
            return Ok(());
        }
        let ids: Vec<&str> = chains.iter().map(|c| c.id.as_str()).collect();
        let data = self.store.chains_data(&ids, &region, None).await?;
        let mut states = Vec::with_capacity(chains.len());
        for (chain, data) in chains.into_iter().zip(data) {
            let request = DiagnosisRequest::new(&chain.id, region);
            let (report, _, state) = self.diagnosis_state(&request, chain, data).await?;
            self.caches
                .diagnoses
                .insert(revision, key(&request.chain), Arc::new(report));
            states.push(state);
        }
        let scoring = self.scoring_from(&region, &states).await?;
        self.caches
            .scoring
            .insert(revision, (region, None), Arc::new(scoring));
        self.caches
            .chain_states
            .insert(revision, (region, None), Arc::new(states));
        Ok(())
    }

    /// The node page's data, cached per revision; `NotFound` when the chain has no such node.
    pub async fn node_detail(
        &self,
        request: &DiagnosisRequest,
        node_id: &str,
    ) -> Result<Arc<NodeDetail>> {
        let key = (
            (request.chain.clone(), request.region, request.year),
            node_id.to_string(),
        );
        let detail = self
            .cached(&self.caches.nodes, key, async || {
                let (report, data, chain) = self.build_diagnosis(request).await?;
                node_detail(report, &data, &chain, request, node_id).ok_or_else(|| {
                    AppError::not_found(format!(
                        "产业链 {0} 中没有环节 '{node_id}' / chain {0} has no node '{node_id}'",
                        request.chain
                    ))
                })
            })
            .await?;
        Ok(self.redact_node(detail))
    }

    /// The region's name, or `NotFound`.
    pub async fn region_ref(&self, code: &RegionCode) -> Result<RegionRef> {
        let r = self
            .store
            .regions()
            .await?
            .into_iter()
            .find(|r| r.code == *code)
            .ok_or_else(|| AppError::unknown_region(code))?;
        Ok(RegionRef {
            code: r.code,
            name_zh: r.name_zh,
            name_en: r.name_en,
        })
    }

    /// The sources with these ids, as shown beside figures.
    pub(crate) async fn source_refs(&self, ids: &BTreeSet<String>) -> Result<Vec<SourceRef>> {
        Ok(self
            .store
            .sources()
            .await?
            .into_iter()
            .filter(|s| ids.contains(&s.id))
            .map(SourceRef::from)
            .collect())
    }
}

/// A firm on one side of a node's supply links, with the value it accounts for.
#[derive(Debug, Clone, Serialize)]
pub struct Counterparty {
    /// `None` for a supplier outside the data set.
    pub uscc: Option<String>,
    pub name: String,
    pub region: RegionCode,
    pub local: bool,
    /// 万元 per year.
    pub value: f64,
    pub links: u32,
}

/// A neighbouring node along a chain edge.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: liantu_model::EdgeKind,
    pub status: NodeStatus,
}

/// Everything the node page shows.
#[derive(Debug, Clone, Serialize)]
pub struct NodeDetail {
    pub chain: ChainRef,
    pub region: RegionRef,
    pub year: Option<i32>,
    pub link_year: Option<i32>,
    pub node: NodeView,
    /// Who supplies this node's product to local buyers (local first, then by value).
    pub suppliers: Vec<Counterparty>,
    /// Local buyers of this node's product.
    pub buyers: Vec<Counterparty>,
    /// Nodes feeding this one, and nodes it feeds.
    pub inputs: Vec<Neighbour>,
    pub outputs: Vec<Neighbour>,
    pub sources: Vec<SourceRef>,
    pub as_of: Option<String>,
    pub illustrative: bool,
}

/// The node page: `None` when the chain has no such node.
fn node_detail(
    report: DiagnosisReport,
    data: &liantu_store::ChainData,
    chain: &Chain,
    request: &DiagnosisRequest,
    node_id: &str,
) -> Option<NodeDetail> {
    let node = report.nodes.iter().find(|n| n.id == node_id).cloned()?;
    let names: HashMap<&str, &liantu_store::EnterpriseRow> = data
        .enterprises
        .iter()
        .map(|e| (e.uscc.as_str(), e))
        .collect();
    let mut suppliers: Vec<Counterparty> = Vec::new();
    let mut buyers: Vec<Counterparty> = Vec::new();
    let add = |list: &mut Vec<Counterparty>,
               uscc: Option<&str>,
               name: &str,
               region: RegionCode,
               value: f64| {
        let local = request.region.contains(&region);
        match list
            .iter_mut()
            .find(|c| c.uscc.as_deref() == uscc && c.name == name)
        {
            Some(c) => {
                c.value += value;
                c.links += 1;
            }
            None => list.push(Counterparty {
                uscc: uscc.map(str::to_string),
                name: name.to_string(),
                region,
                local,
                value,
                links: 1,
            }),
        }
    };
    for link in data.links.iter().filter(|l| l.node == node_id) {
        let Some(buyer) = names.get(link.buyer.as_str()) else {
            continue;
        };
        if !request.region.contains(&buyer.region) {
            continue;
        }
        let supplier = link.supplier.as_deref().and_then(|s| names.get(s));
        let (supplier_name, supplier_region) = match supplier {
            Some(s) => (s.name.as_str(), s.region),
            None => (link.supplier_name.as_str(), link.supplier_region),
        };
        add(
            &mut suppliers,
            link.supplier.as_deref(),
            supplier_name,
            supplier_region,
            link.value,
        );
        add(
            &mut buyers,
            Some(&buyer.uscc),
            &buyer.name,
            buyer.region,
            link.value,
        );
    }
    let by_value = |a: &Counterparty, b: &Counterparty| {
        b.local
            .cmp(&a.local)
            .then(b.value.total_cmp(&a.value))
            .then(a.name.cmp(&b.name))
    };
    suppliers.sort_by(by_value);
    buyers.sort_by(by_value);
    let status_of = |id: &str| {
        report
            .nodes
            .iter()
            .find(|n| n.id == id)
            .map_or(NodeStatus::Missing, |n| n.status)
    };
    let neighbour = |id: &str, kind| {
        chain.node(id).map(|n| Neighbour {
            id: n.id.clone(),
            name_zh: n.name_zh.clone(),
            name_en: n.name_en.clone(),
            kind,
            status: status_of(id),
        })
    };
    let inputs = chain
        .edges_to(node_id)
        .filter_map(|e| neighbour(&e.from, e.kind))
        .collect();
    let outputs = chain
        .edges_from(node_id)
        .filter_map(|e| neighbour(&e.to, e.kind))
        .collect();
    Some(NodeDetail {
        chain: report.chain,
        region: report.region,
        year: report.year,
        link_year: report.link_year,
        node,
        suppliers,
        buyers,
        inputs,
        outputs,
        sources: report.sources,
        as_of: report.as_of,
        illustrative: report.illustrative,
    })
}

impl App {
    /// The report with the stored data and chain it was computed from (the node page needs them).
    pub(crate) async fn build_diagnosis(
        &self,
        request: &DiagnosisRequest,
    ) -> Result<(DiagnosisReport, liantu_store::ChainData, Arc<Chain>)> {
        let chain = self.chain(&request.chain).await?;
        let data = self
            .store
            .chain_data(&chain.id, &request.region, request.year)
            .await?;
        self.diagnosis_from(request, chain, data).await
    }

    /// The diagnosis of `chain` from its data read for the request's region and year.
    async fn diagnosis_from(
        &self,
        request: &DiagnosisRequest,
        chain: Arc<Chain>,
        data: liantu_store::ChainData,
    ) -> Result<(DiagnosisReport, liantu_store::ChainData, Arc<Chain>)> {
        let (report, data, state) = self.diagnosis_state(request, chain, data).await?;
        Ok((report, data, state.chain))
    }

    /// [`App::diagnosis_from`], with the engine's input and result (what the ranking reads).
    async fn diagnosis_state(
        &self,
        request: &DiagnosisRequest,
        chain: Arc<Chain>,
        data: liantu_store::ChainData,
    ) -> Result<(
        DiagnosisReport,
        liantu_store::ChainData,
        crate::invest::ChainState,
    )> {
        let region = self.region_ref(&request.region).await?;
        let sources = self.store.sources().await?;
        let (chain_arg, region_code, rule) = (chain.clone(), request.region, request.rule);
        let (input, diagnosis, data) = blocking(move || {
            let input = diagnosis_input(&chain_arg, &data);
            let diagnosis = diagnose(&input, &region_code, &rule)?;
            Ok((input, diagnosis, data))
        })
        .await?;
        let counts = (input.memberships.len(), input.links.len());
        let report = report(&chain, region, request, &data, &diagnosis, counts, sources);
        let state = crate::invest::ChainState {
            chain,
            input,
            diagnosis,
        };
        Ok((report, data, state))
    }
}

/// The engine's result joined with names, sources and dates.
fn report(
    chain: &Chain,
    region: RegionRef,
    request: &DiagnosisRequest,
    data: &liantu_store::ChainData,
    result: &liantu_analysis::Diagnosis,
    (memberships_used, links_used): (usize, usize),
    all_sources: Vec<liantu_model::records::Source>,
) -> DiagnosisReport {
    // Rows naming a node the chain no longer has (or an unknown firm) are left out and counted.
    let ignored_rows =
        (data.memberships.len() - memberships_used) + (data.links.len() - links_used);
    let mut used_sources: BTreeSet<String> = data
        .memberships
        .iter()
        .map(|m| m.source.clone())
        .chain(data.links.iter().map(|l| l.source.clone()))
        .collect();

    let firm = |i: u32| &data.enterprises[i as usize];
    let set_aside_view = |s: &SetAside| set_aside_view(s, |i| firm(i));
    let mut as_of: Option<String> = None;
    for e in &data.enterprises {
        if let Some(source) = &e.output_source {
            used_sources.insert(source.clone());
        }
        if let Some(date) = &e.output_as_of
            && as_of.as_ref().is_none_or(|d| d < date)
        {
            as_of = Some(date.clone());
        }
    }
    let sources: Vec<SourceRef> = all_sources
        .into_iter()
        .filter(|s| used_sources.contains(&s.id))
        .map(SourceRef::from)
        .collect();
    let illustrative = sources.iter().any(|s| s.kind == SourceKind::Illustrative);
    let sources_note = sources
        .iter()
        .map(|s| match s.publisher.trim() {
            "" => s.title_zh.clone(),
            publisher => format!("{}（{publisher}）", s.title_zh),
        })
        .collect::<Vec<_>>()
        .join("；")
        + &as_of
            .as_ref()
            .map(|d| format!("；截至 as of {d}"))
            .unwrap_or_default();

    let nodes = result
        .nodes
        .iter()
        .zip(&chain.nodes)
        .map(|(d, n)| NodeView {
            id: n.id.clone(),
            name_zh: n.name_zh.clone(),
            name_en: n.name_en.clone(),
            stage: n.stage,
            industry_codes: n.industry_codes.clone(),
            status: d.status,
            status_zh: d.status.label_zh(),
            reason_zh: d.reason_zh.clone(),
            reason_en: d.reason_en.clone(),
            enterprise_count: d.enterprise_count,
            unknown_output_count: d.unknown_output_count,
            output: d.output,
            output_share: d.output_share,
            local_supply: d.local_supply,
            single_supplier_risk: d.single_supplier_risk.as_ref().map(|c| RiskView {
                uscc: firm(c.enterprise).uscc.clone(),
                name: firm(c.enterprise).name.clone(),
                share: c.share,
            }),
            enterprises: d
                .members
                .iter()
                .map(|m| EnterpriseFigure {
                    uscc: firm(m.enterprise).uscc.clone(),
                    name: firm(m.enterprise).name.clone(),
                    output: m.output,
                    share_of_node: m.share_of_node,
                })
                .collect(),
            set_aside: d.set_aside.iter().map(set_aside_view).collect(),
        })
        .collect();
    let leaders = result
        .leaders
        .iter()
        .map(|l| LeaderView {
            uscc: firm(l.enterprise).uscc.clone(),
            name: firm(l.enterprise).name.clone(),
            output: l.output,
            output_share: l.output_share,
            node_count: l.node_count,
            links_as_buyer: l.links_as_buyer,
            links_as_supplier: l.links_as_supplier,
            score: l.score,
            reason_zh: l.reason_zh.clone(),
            reason_en: l.reason_en.clone(),
        })
        .collect();

    DiagnosisReport {
        chain: ChainRef {
            id: chain.id.clone(),
            name_zh: chain.name_zh.clone(),
            name_en: chain.name_en.clone(),
            version: chain.version,
        },
        region,
        year: data.year,
        link_year: data.link_year,
        rule_zh: request.rule.describe_zh(),
        rule_en: request.rule.describe_en(),
        rule: request.rule,
        total_output: result.total_output,
        local_enterprises: result.local_enterprises,
        completeness: result.completeness,
        local_supply: result.local_supply,
        by_stage: result.by_stage.clone(),
        nodes,
        leaders,
        ignored_rows,
        set_aside: result.set_aside.iter().map(set_aside_view).collect(),
        sources,
        as_of,
        illustrative,
        sources_note,
    }
}

/// What a set-aside figure was, whose, and what was done instead, in both languages.
fn set_aside_view<'a>(
    s: &SetAside,
    firm: impl Fn(u32) -> &'a liantu_store::EnterpriseRow,
) -> SetAsideView {
    let (field, enterprise, value) = match *s {
        SetAside::Output { enterprise, value } => ("output", enterprise, value),
        SetAside::Share {
            enterprise, value, ..
        } => ("share", enterprise, value),
        SetAside::LinkValue { buyer, value, .. } => ("link_value", buyer, value),
    };
    let e = firm(enterprise);
    // 1e308 as `1e308`, not 309 digits.
    let value_text = if value.is_finite() && value.abs() >= 1e15 {
        format!("{value:e}")
    } else {
        format!("{value}")
    };
    let who = format!("{}（{}）", e.name, e.uscc);
    let who_en = format!("{} ({})", e.name, e.uscc);
    let (note_zh, note_en) = match field {
        "output" => (
            format!(
                "{who}的产值 {value_text} 不在 {} 内，按产值未知计",
                AMOUNT.describe_zh()
            ),
            format!(
                "the output {value_text} of {who_en} is outside {}: counted as unknown",
                AMOUNT.describe_en()
            ),
        ),
        "share" => (
            format!(
                "{who}在本环节的产值占比 {value_text} 不在 {} 内，其在本环节的产值按未知计",
                SHARE.describe_zh()
            ),
            format!(
                "the share {value_text} of {who_en} on this node is outside {}: its output here counts as unknown",
                SHARE.describe_en()
            ),
        ),
        _ => (
            format!(
                "{who}的一条供应联系金额 {value_text} 不在 {} 内，未计入本地配套率",
                AMOUNT.describe_zh()
            ),
            format!(
                "a supply link bought by {who_en} has the value {value_text}, outside {}: left out of the local supply rate",
                AMOUNT.describe_en()
            ),
        ),
    };
    SetAsideView {
        field,
        uscc: e.uscc.clone(),
        name: e.name.clone(),
        value: (!value.is_nan()).then_some(value),
        note_zh,
        note_en,
    }
}

/// The engine input of one chain: its stored enterprises, memberships and links.
pub(crate) fn diagnosis_input(chain: &Chain, data: &liantu_store::ChainData) -> DiagnosisInput {
    let node_index: HashMap<&str, u32> = chain
        .nodes
        .iter()
        .zip(0u32..)
        .map(|(n, i)| (n.id.as_str(), i))
        .collect();
    let firm_index: HashMap<&str, u32> = data
        .enterprises
        .iter()
        .zip(0u32..)
        .map(|(e, i)| (e.uscc.as_str(), i))
        .collect();
    DiagnosisInput {
        nodes: chain
            .nodes
            .iter()
            .map(|n| NodeRef {
                id: n.id.clone(),
                stage: n.stage,
            })
            .collect(),
        enterprises: data
            .enterprises
            .iter()
            .map(|e| EnterpriseRef {
                region: e.region,
                output: e.output,
            })
            .collect(),
        memberships: data
            .memberships
            .iter()
            .filter_map(|m| {
                Some(Membership {
                    enterprise: *firm_index.get(m.uscc.as_str())?,
                    node: *node_index.get(m.node.as_str())?,
                    share: m.share,
                })
            })
            .collect(),
        links: data
            .links
            .iter()
            .filter_map(|l| {
                Some(SupplyLink {
                    buyer: *firm_index.get(l.buyer.as_str())?,
                    supplier: l
                        .supplier
                        .as_deref()
                        .and_then(|s| firm_index.get(s).copied()),
                    supplier_region: l.supplier_region,
                    node: *node_index.get(l.node.as_str())?,
                    value: l.value,
                })
            })
            .collect(),
    }
}

/// Where the web app shows a node (links in tables).
pub(crate) fn node_href(chain: &str, node: &str, region: &RegionCode) -> String {
    format!("/chains/{chain}/nodes/{node}?region={region}")
}

/// The diagnosis table — one definition for the page, the downloads, `liantu diagnose` and
/// `liantu export diagnosis`. A new column is one more entry here.
pub fn diagnosis_table(r: &DiagnosisReport) -> Table {
    let columns = vec![
        Column::new("node", "环节代码", "Node id", ColumnKind::Text)
            .width(18.0)
            .files_only(),
        Column::new("name", "环节", "Node", ColumnKind::Local).width(24.0),
        Column::new("stage", "阶段", "Stage", ColumnKind::Label { badge: false }).width(8.0),
        Column::new(
            "status",
            "状态",
            "Status",
            ColumnKind::Label { badge: true },
        )
        .width(8.0),
        Column::new(
            "enterprises",
            "本地企业数",
            "Local firms",
            ColumnKind::Count,
        )
        .width(10.0),
        Column::new(
            "output",
            "产值（万元）",
            "Output (10k yuan)",
            ColumnKind::Money,
        )
        .width(16.0),
        Column::new(
            "output_share",
            "占全链产值",
            "Share of chain",
            ColumnKind::Percent,
        )
        .width(12.0),
        Column::new(
            "local_supply_rate",
            "本地配套率",
            "Local supply rate",
            ColumnKind::Percent,
        )
        .width(12.0),
        Column::new(
            "local_supply_links",
            "本地供应联系",
            "Local links",
            ColumnKind::Count,
        )
        .width(12.0),
        Column::new(
            "supply_links",
            "全部供应联系",
            "All links",
            ColumnKind::Count,
        )
        .width(12.0),
        Column::new(
            "single_supplier_risk",
            "单一企业依赖",
            "Single-firm dependence",
            ColumnKind::Text,
        )
        .width(24.0),
        Column::new("reason", "判定依据", "Why", ColumnKind::Local).width(60.0),
    ];
    let mut table = Table::new(Text::new("诊断", "Diagnosis"), columns);
    for n in &r.nodes {
        table.push(vec![
            Cell::text(&n.id),
            Cell::local(&n.name_zh, &n.name_en).link(node_href(&r.chain.id, &n.id, &r.region.code)),
            Cell::label(n.stage.key(), n.stage.label_zh(), n.stage.label_en()),
            Cell::label(n.status.key(), n.status.label_zh(), n.status.label_en()),
            Cell::Count(i64::from(n.enterprise_count)),
            Cell::Money(n.output),
            Cell::optional(n.output_share, Cell::Percent),
            Cell::optional(n.local_supply.rate, Cell::Percent),
            Cell::Count(n.local_supply.local_link_count as i64),
            Cell::Count(n.local_supply.link_count as i64),
            Cell::optional(n.single_supplier_risk.as_ref(), |c| {
                Cell::text(format!("{} {:.0}%", c.name, c.share * 100.0))
            }),
            Cell::local(&n.reason_zh, &n.reason_en),
        ]);
    }
    table.with_footer(Text::new(
        format!("来源：{}", r.sources_note),
        format!("Sources: {}", r.sources_note),
    ))
}

/// The chain-leader candidates (链主) of a diagnosis.
pub fn leaders_table(r: &DiagnosisReport) -> Table {
    let mut table = Table::new(
        Text::new("链主候选", "Chain-leader candidates"),
        vec![
            Column::new("rank", "#", "#", ColumnKind::Count),
            Column::new("enterprise", "企业", "Enterprise", ColumnKind::Text),
            Column::new("score", "得分", "Score", ColumnKind::Number),
            Column::new("reason", "理由", "Why", ColumnKind::Local),
        ],
    );
    for (rank, l) in (1i64..).zip(&r.leaders) {
        table.push(vec![
            Cell::Count(rank),
            Cell::text(&l.name).link(format!("/enterprises/{}", l.uscc)),
            Cell::Number {
                value: l.score,
                decimals: 2,
            },
            Cell::local(&l.reason_zh, &l.reason_en),
        ]);
    }
    table
}
