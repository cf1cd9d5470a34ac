//! Chain pages: the map, its SVG download, the diagnosis table with its downloads, and a
//! node's page.

use crate::auth::Acting;
use crate::error::{Failure, PageError};
use crate::facts::{FactRow, fact_rows};
use crate::format::{money, percent, rate_with_links};
use crate::lang::Lang;
use crate::params::DiagnosisQuery;
use crate::render::{PageResult, attachment, back_link, csv_download, page, xlsx_download};
use crate::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query};
use liantu_app::{DiagnosisReport, NodeView};
use liantu_model::{EdgeKind, NodeStatus, RegionCode};

fn status_label(lang: Lang, status: NodeStatus) -> &'static str {
    lang.t(status.label_zh(), status.label_en())
}

// ---------------------------------------------------------------- chain map and diagnosis

/// The chain, region and year every chain page shows in its heading and links.
pub(crate) struct ChainHeader {
    pub(crate) chain_id: String,
    pub(crate) chain_name: String,
    pub(crate) region_code: String,
    pub(crate) region_name: String,
    pub(crate) year: String,
}

pub(crate) fn chain_header(
    lang: Lang,
    chain: &liantu_app::ChainRef,
    region: &liantu_app::RegionRef,
    year: Option<i32>,
) -> ChainHeader {
    ChainHeader {
        chain_id: chain.id.clone(),
        chain_name: lang.t(&chain.name_zh, &chain.name_en).to_string(),
        region_code: region.code.to_string(),
        region_name: lang.t(&region.name_zh, &region.name_en).to_string(),
        year: year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
    }
}

/// Region, year and diagnosis named by a chain page's path and query.
async fn page_diagnosis(
    state: &AppState,
    id: &str,
    query: &DiagnosisQuery,
) -> Result<(RegionCode, Option<i32>, std::sync::Arc<DiagnosisReport>), PageError> {
    let region = query.region(state.home_region)?;
    let year = query.year()?;
    let report = state.diagnosis(id, region, year).await?;
    Ok((region, year, report))
}

/// The chain page's node table: the diagnosis table's main columns.
fn node_table(report: &DiagnosisReport, lang: Lang) -> String {
    crate::render::html_table(
        &liantu_app::diagnosis_table(report),
        lang,
        "diagnosis",
        Some(&[
            "name",
            "stage",
            "status",
            "enterprises",
            "output",
            "output_share",
            "local_supply_rate",
            "reason",
        ]),
    )
}

pub(crate) struct RegionOption {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) selected: bool,
}

pub(crate) async fn region_options(
    state: &AppState,
    lang: Lang,
    selected: RegionCode,
) -> Result<Vec<RegionOption>, Failure> {
    let home = state.home_region;
    Ok(state
        .app
        .regions()
        .await?
        .into_iter()
        .filter(|r| home.contains(&r.code))
        .map(|r| RegionOption {
            code: r.code.to_string(),
            name: format!("{} {}", lang.t(&r.name_zh, &r.name_en), r.code),
            selected: r.code == selected,
        })
        .collect())
}

#[derive(Template)]
#[template(path = "chain.html")]
struct ChainPage {
    lang: Lang,
    back: String,
    head: ChainHeader,
    regions: Vec<RegionOption>,
    completeness: String,
    covered: u32,
    nodes: u32,
    local_supply: String,
    output: String,
    source: String,
    svg: String,
    /// The node table (HTML of the diagnosis table's main columns).
    table: String,
    /// Published figures about this chain (facts scoped to its id).
    facts: Vec<FactRow>,
}

pub async fn chain_page(
    Acting(state): Acting,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let (region, year, report) = page_diagnosis(&state, &id, &query).await?;
    let svg = state.chain_map(&id, region, year, lang, false).await?;
    page(&ChainPage {
        lang,
        back: back_link(&uri),
        head: chain_header(lang, &report.chain, &report.region, report.year),
        regions: region_options(&state, lang, region).await?,
        completeness: percent(report.completeness.weighted_ratio),
        covered: report.completeness.covered_nodes,
        nodes: report.completeness.total_nodes,
        local_supply: rate_with_links(lang, &report.local_supply),
        output: money(report.total_output),
        source: report.source_line(lang.model()),
        svg: svg.to_string(),
        table: node_table(&report, lang),
        // A chain's published figures are the city's: shown on the city's view only.
        facts: if region == state.home_region {
            fact_rows(&state, lang, Some(&id)).await?
        } else {
            Vec::new()
        },
    })
}

/// The chain's Word 专报 (`liantu report`), for this region and year.
pub async fn chain_brief(
    Acting(state): Acting,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
) -> PageResult {
    let region = query.region(state.home_region)?;
    let request = crate::state::request(&id, region, query.year()?);
    let bytes = state.app.chain_brief_docx(&request).await?;
    Ok(attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &format!("{id}-{region}-brief.docx"),
    ))
}

pub async fn chain_svg(
    Acting(state): Acting,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
) -> PageResult {
    let (region, year, _) = page_diagnosis(&state, &id, &query).await?;
    let svg = state.chain_map(&id, region, year, lang, true).await?;
    Ok(attachment(
        svg.to_string(),
        "image/svg+xml; charset=utf-8",
        &format!("{id}-{region}.svg"),
    ))
}

struct LeaderRow {
    uscc: String,
    name: String,
    score: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "diagnosis.html")]
struct DiagnosisPage {
    lang: Lang,
    back: String,
    head: ChainHeader,
    completeness: String,
    covered: u32,
    nodes: u32,
    local_supply: String,
    source: String,
    /// The whole diagnosis table as HTML.
    table: String,
    leaders: Vec<LeaderRow>,
    risks: Vec<String>,
    rule: String,
}

pub async fn diagnosis_page(
    Acting(state): Acting,
    Path(id): Path<String>,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let (_, _, r) = page_diagnosis(&state, &id, &query).await?;
    page(&DiagnosisPage {
        lang,
        back: back_link(&uri),
        head: chain_header(lang, &r.chain, &r.region, r.year),
        completeness: percent(r.completeness.weighted_ratio),
        covered: r.completeness.covered_nodes,
        nodes: r.completeness.total_nodes,
        local_supply: rate_with_links(lang, &r.local_supply),
        source: r.source_line(lang.model()),
        table: crate::render::html_table(&liantu_app::diagnosis_table(&r), lang, "diagnosis", None),
        leaders: r
            .leaders
            .iter()
            .map(|l| LeaderRow {
                uscc: l.uscc.clone(),
                name: l.name.clone(),
                score: format!("{:.2}", l.score),
                reason: lang.t(&l.reason_zh, &l.reason_en).to_string(),
            })
            .collect(),
        risks: r
            .nodes
            .iter()
            .filter_map(|n| {
                n.single_supplier_risk.as_ref().map(|c| {
                    format!(
                        "{}：{} {}",
                        lang.t(&n.name_zh, &n.name_en),
                        c.name,
                        percent(Some(c.share))
                    )
                })
            })
            .collect(),
        rule: lang.t(&r.rule_zh, &r.rule_en).to_string(),
    })
}

pub async fn diagnosis_csv(
    state: Acting,
    Path(id): Path<String>,
    query: Query<DiagnosisQuery>,
    lang: Lang,
) -> PageResult {
    diagnosis_download(state, id, false, query, lang).await
}

pub async fn diagnosis_xlsx(
    state: Acting,
    Path(id): Path<String>,
    query: Query<DiagnosisQuery>,
    lang: Lang,
) -> PageResult {
    diagnosis_download(state, id, true, query, lang).await
}

async fn diagnosis_download(
    Acting(state): Acting,
    id: String,
    xlsx: bool,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
) -> PageResult {
    let (region, _, report) = page_diagnosis(&state, &id, &query).await?;
    let table = liantu_app::diagnosis_table(&report);
    if xlsx {
        xlsx_download(&table, lang, &format!("{id}-{region}-diagnosis.xlsx"))
    } else {
        Ok(csv_download(
            &table,
            lang,
            &format!("{id}-{region}-diagnosis.csv"),
        ))
    }
}

// ---------------------------------------------------------------- node

struct EnterpriseFigureRow {
    uscc: String,
    name: String,
    output: String,
    share: String,
}

struct PartyRow {
    uscc: String,
    name: String,
    region: String,
    local: bool,
    value: String,
    links: u32,
}

struct NeighbourRow {
    id: String,
    name: String,
    status: &'static str,
    status_key: &'static str,
    by_product: bool,
}

#[derive(Template)]
#[template(path = "node.html")]
struct NodePage {
    lang: Lang,
    back: String,
    head: ChainHeader,
    node_id: String,
    node_name: String,
    stage: &'static str,
    status: &'static str,
    status_key: &'static str,
    reason: String,
    codes: String,
    firms: u32,
    output: String,
    share: String,
    local_supply: String,
    risk: String,
    source: String,
    enterprises: Vec<EnterpriseFigureRow>,
    suppliers: Vec<PartyRow>,
    buyers: Vec<PartyRow>,
    inputs: Vec<NeighbourRow>,
    outputs: Vec<NeighbourRow>,
    rule: String,
    occupations: Vec<OccupationRow>,
    has_suggestions: bool,
}

struct OccupationRow {
    code: String,
    name: String,
    suggested: bool,
    confirmed: bool,
    /// A suggestion's word, a confirmation's person and day.
    found_in: String,
    digital: bool,
    green: bool,
}

pub async fn node_page(
    Acting(state): Acting,
    Path((id, node_id)): Path<(String, String)>,
    Query(query): Query<DiagnosisQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let (region, year, report) = page_diagnosis(&state, &id, &query).await?;
    let detail = state.node_detail(&id, region, year, &node_id).await?;
    let n: &NodeView = &detail.node;
    // Counterparties' regions by name (GB/T 2260 divisions in the database); the code when unknown.
    let region_names: std::collections::HashMap<String, String> = state
        .app
        .regions()
        .await?
        .into_iter()
        .map(|r| {
            (
                r.code.to_string(),
                lang.t(&r.name_zh, &r.name_en).to_string(),
            )
        })
        .collect();
    let party = |p: &liantu_app::Counterparty| PartyRow {
        uscc: p.uscc.clone().unwrap_or_default(),
        name: p.name.clone(),
        region: region_names
            .get(&p.region.to_string())
            .cloned()
            .unwrap_or_else(|| p.region.to_string()),
        local: p.local,
        value: money(p.value),
        links: p.links,
    };
    let neighbour = |x: &liantu_app::Neighbour| NeighbourRow {
        id: x.id.clone(),
        name: lang.t(&x.name_zh, &x.name_en).to_string(),
        status: status_label(lang, x.status),
        status_key: x.status.key(),
        by_product: x.kind == EdgeKind::ByProduct,
    };
    // Suggestions to confirm or reject for the accounts that do the city's work.
    let suggest = crate::auth::sees_city_work();
    let occupations: Vec<OccupationRow> = state
        .app
        .chain_occupations(&id, suggest)
        .await?
        .iter()
        .find(|o| o.node == node_id)
        .map(|o| o.occupations.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|o| OccupationRow {
            code: o.code.to_string(),
            name: o.name.clone(),
            digital: o.digital,
            green: o.green,
            suggested: o.origin == liantu_app::chain_occupations::LinkOrigin::Suggested,
            confirmed: o.origin == liantu_app::chain_occupations::LinkOrigin::Confirmed,
            found_in: o.found_in.clone().unwrap_or_default(),
        })
        .collect();
    page(&NodePage {
        lang,
        back: back_link(&uri),
        head: chain_header(lang, &detail.chain, &detail.region, detail.year),
        node_id: node_id.clone(),
        node_name: lang.t(&n.name_zh, &n.name_en).to_string(),
        stage: lang.t(n.stage.label_zh(), n.stage.label_en()),
        status: status_label(lang, n.status),
        status_key: n.status.key(),
        reason: lang.t(&n.reason_zh, &n.reason_en).to_string(),
        codes: n
            .industry_codes
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        firms: n.enterprise_count,
        output: money(n.output),
        share: percent(n.output_share),
        local_supply: rate_with_links(lang, &n.local_supply),
        risk: n
            .single_supplier_risk
            .as_ref()
            .map(|r| format!("{} {}", r.name, percent(Some(r.share))))
            .unwrap_or_default(),
        source: report.source_line(lang.model()),
        enterprises: n
            .enterprises
            .iter()
            .map(|e| EnterpriseFigureRow {
                uscc: e.uscc.clone(),
                name: e.name.clone(),
                output: e.output.map(money).unwrap_or_else(|| "—".into()),
                share: percent(e.share_of_node),
            })
            .collect(),
        suppliers: detail.suppliers.iter().map(party).collect(),
        buyers: detail.buyers.iter().map(party).collect(),
        inputs: detail.inputs.iter().map(neighbour).collect(),
        outputs: detail.outputs.iter().map(neighbour).collect(),
        rule: lang.t(&report.rule_zh, &report.rule_en).to_string(),
        has_suggestions: occupations.iter().any(|o| o.suggested),
        occupations,
    })
}

/// Confirms, rejects or takes back (`action` = `confirm` | `reject` | `undo`) the ticked
/// occupations (`code`) of a node, in the signed-in person's name; back to the node page.
pub async fn decide_occupations(
    Acting(state): Acting,
    Path((id, node_id)): Path<(String, String)>,
    axum::Form(raw): axum::Form<Vec<(String, String)>>,
) -> Result<axum::response::Response, crate::error::PageError> {
    use axum::response::IntoResponse;
    use liantu_app::chain_occupations::Review;
    let codes: Vec<String> = raw
        .iter()
        .filter(|(k, _)| k == "code")
        .map(|(_, v)| v.clone())
        .collect();
    if codes.is_empty() {
        return Err(crate::error::Failure::BadRequest(
            "没有勾选任何职业 / no occupation ticked".into(),
        )
        .into());
    }
    let review = match raw
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.as_str())
    {
        Some("confirm") => Review::Confirm,
        Some("reject") => Review::Reject,
        Some("undo") => Review::Undo,
        other => {
            let other = other.unwrap_or("");
            return Err(crate::error::Failure::BadRequest(format!(
                "未知操作 '{other}' / unknown action '{other}'"
            ))
            .into());
        }
    };
    let by = crate::auth::current().map_or_else(|| "web".to_string(), |s| s.user.name);
    state
        .app
        .review_node_occupations(&id, &node_id, &codes, review, &by)
        .await?;
    let back = format!(
        "/chains/{}/nodes/{}#node-occupations",
        percent_encoding::utf8_percent_encode(&id, percent_encoding::NON_ALPHANUMERIC),
        percent_encoding::utf8_percent_encode(&node_id, percent_encoding::NON_ALPHANUMERIC)
    );
    Ok(axum::response::Redirect::to(&back).into_response())
}
