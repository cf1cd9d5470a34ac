//! Candidate projects (招商对象) edited in the browser: list, new, edit, delete and a CSV
//! download. A form is checked by exactly the rules of a CSV import row (the same parser), so a
//! project typed in and one imported cannot differ.

use crate::auth::Acting;
use crate::error::{Failure, PageError};
use crate::format::money;
use crate::lang::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{OriginalUri, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use liantu_app::invest::{CANDIDATE_COLUMNS, Candidate, candidate_fields, candidate_from_fields};
use std::collections::BTreeMap;

struct CandidateRow {
    id: String,
    name: String,
    park: String,
    nodes: Vec<String>,
    investment: String,
    land_mu: String,
    intensity: String,
    output: String,
    source: String,
}

#[derive(Template)]
#[template(path = "candidates.html")]
struct CandidatesPage {
    lang: Lang,
    back: String,
    /// 责任单位 a candidate taken up as a project may be handed to.
    departments: Vec<String>,
    rows: Vec<CandidateRow>,
    saved: String,
    illustrative: bool,
    pager: crate::params::Pager,
}

pub async fn list(
    Acting(state): Acting,
    Query(q): Query<BTreeMap<String, String>>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let paging = crate::params::paging(
        &q.get("page").cloned(),
        &q.get("page_size").cloned(),
        crate::params::LIST_PAGE_ROWS,
        crate::params::LIST_MAX_ROWS,
    )?;
    let (total, list) = state.app.candidate_page(paging.window()).await?;
    let pager = crate::params::Pager::new(&paging, total, "/candidates");
    let labels = node_labels(&state, lang).await?;
    let parks = park_names(&state, lang).await?;
    let rows = list
        .iter()
        .map(|c| CandidateRow {
            id: c.id.clone(),
            name: c.name.clone(),
            park: c
                .park
                .as_ref()
                .map(|p| parks.get(p).cloned().unwrap_or_else(|| p.clone()))
                .unwrap_or_default(),
            nodes: c
                .nodes
                .iter()
                .map(|k| {
                    labels
                        .get(&k.to_string())
                        .cloned()
                        .unwrap_or_else(|| k.to_string())
                })
                .collect(),
            investment: money(c.investment),
            land_mu: c.land_mu.map(money).unwrap_or_default(),
            intensity: c.investment_intensity().map(money).unwrap_or_default(),
            output: c.expected_output.map(money).unwrap_or_default(),
            source: crate::format::source_text(lang, &c.source),
        })
        .collect();
    let page = CandidatesPage {
        lang,
        back: crate::render::back_link(&uri),
        departments: state.app.project_config().await?.departments,
        illustrative: list.iter().any(|c| c.source == "illustrative"),
        rows,
        // The saved candidate by name (its id when it is gone again).
        saved: match q.get("saved") {
            Some(id) => state
                .app
                .candidate(id)
                .await?
                .map_or(id.clone(), |c| c.name),
            None => String::new(),
        },
        pager,
    };
    crate::render::page(&page)
}

/// `chain:node` → "链 · 环节" in the user's language, for every installed chain.
async fn node_labels(state: &AppState, lang: Lang) -> Result<BTreeMap<String, String>, Failure> {
    let mut out = BTreeMap::new();
    for summary in state.app.chains().await? {
        let chain = state.chain(&summary.id).await?;
        for n in &chain.nodes {
            out.insert(
                format!("{}:{}", chain.id, n.id),
                format!(
                    "{} · {}",
                    lang.t(&chain.name_zh, &chain.name_en),
                    lang.t(&n.name_zh, &n.name_en)
                ),
            );
        }
    }
    Ok(out)
}

pub(crate) async fn park_names(
    state: &AppState,
    lang: Lang,
) -> Result<BTreeMap<String, String>, Failure> {
    Ok(state
        .app
        .parks()
        .await?
        .into_iter()
        .map(|p| {
            let name = lang.t(&p.name_zh, &p.name_en).to_string();
            (p.id, name)
        })
        .collect())
}

/// One input of the form.
struct Field {
    name: &'static str,
    label: &'static str,
    /// `text`, `number`, `checkbox`, `park` or `nodes`
    kind: &'static str,
    value: String,
    error: String,
    hint: &'static str,
    required: bool,
}

struct NodeOption {
    value: String,
    label: String,
    selected: bool,
}

struct NodeGroup {
    label: String,
    options: Vec<NodeOption>,
}

impl NodeGroup {
    /// Whether a node of this chain is ticked: its list opens.
    fn any_selected(&self) -> bool {
        self.options.iter().any(|o| o.selected)
    }
}

#[derive(Template)]
#[template(path = "candidate_form.html")]
struct FormPage {
    lang: Lang,
    back: String,
    is_new: bool,
    id: String,
    fields: Vec<Field>,
    parks: Vec<(String, String)>,
    /// Offered by name for the origin region and the industry code (`<datalist>`: the field
    /// still takes a typed code).
    regions: Vec<(String, String)>,
    industries: Vec<(String, String)>,
    groups: Vec<NodeGroup>,
    errors: Vec<String>,
}

/// Label (zh, en), input kind, hint (zh, en) of each candidate column.
fn spec(column: &str, lang: Lang) -> (&'static str, &'static str, &'static str) {
    let (zh, en, kind, hint_zh, hint_en) = match column {
        "id" => (
            "编号",
            "Id",
            "text",
            "可留空，保存时自动生成；自填限字母、数字、- 和 _",
            "leave blank to have one made; else letters, digits, - and _",
        ),
        "name" => ("项目名称", "Name", "text", "", ""),
        "uscc" => (
            "统一社会信用代码",
            "USCC",
            "text",
            "已知时填写",
            "when known",
        ),
        "origin_region" => (
            "来源地",
            "Origin",
            "region",
            "输入地名或区划代码后从列表选择；境外填 000000",
            "type a place or its division code and pick it; 000000 abroad",
        ),
        "park" => ("拟落户园区", "Park", "park", "", ""),
        "nodes" => (
            "服务环节",
            "Chain nodes served",
            "nodes",
            "按产业链展开，可勾选多个",
            "open a chain and tick one or more",
        ),
        "industry_code" => (
            "行业",
            "Industry",
            "industry",
            "输入行业名称或四位代码（GB/T 4754-2017 小类）后从列表选择",
            "type an industry's name or its 4-digit GB/T 4754-2017 code and pick it",
        ),
        "investment" => (
            "计划投资（万元）",
            "Investment (10k yuan)",
            "number",
            "",
            "",
        ),
        "land_mu" => ("用地（亩）", "Land (mu)", "number", "", ""),
        "expected_output" => (
            "达产年产值（万元）",
            "Expected output (10k yuan/yr)",
            "number",
            "",
            "",
        ),
        "expected_tax" => (
            "达产年税收（万元）",
            "Expected tax (10k yuan/yr)",
            "number",
            "",
            "",
        ),
        "jobs" => ("就业人数", "Jobs", "number", "", ""),
        "rd_intensity" => (
            "研发投入强度（%）",
            "R&D intensity (%)",
            "number",
            "研发费用占营收的百分比，如 5",
            "R&D as a percentage of revenue, e.g. 5",
        ),
        "high_tech" => ("高新技术企业", "High-tech enterprise", "checkbox", "", ""),
        "specialized" => ("专精特新", "Specialised SME", "checkbox", "", ""),
        "patents" => ("发明专利数", "Patents", "number", "", ""),
        "energy_tce_per_wan" => (
            "单位产值能耗（吨标煤/万元）",
            "Energy (tce per 10k yuan)",
            "number",
            "",
            "",
        ),
        "emissions_tco2_per_wan" => (
            "单位产值排放（吨 CO₂/万元）",
            "Emissions (t CO₂ per 10k yuan)",
            "number",
            "",
            "",
        ),
        "chemical" => (
            "化工项目",
            "Chemical project",
            "checkbox",
            "只能落户认定的化工园区",
            "only in a recognised chemical park",
        ),
        "source" => (
            "数据来源",
            "Source",
            "text",
            "如洽谈记录、公开报道",
            "e.g. meeting notes; illustrative for made-up data",
        ),
        "note" => ("备注", "Note", "text", "", ""),
        _ => ("", "", "text", "", ""),
    };
    (lang.t(zh, en), kind, lang.t(hint_zh, hint_en))
}

async fn form_page(
    state: &AppState,
    lang: Lang,
    back: String,
    is_new: bool,
    values: &BTreeMap<String, String>,
    errors: Vec<(String, String)>,
) -> Result<FormPage, Failure> {
    let selected: Vec<&str> = values
        .get("nodes")
        .map(|v| v.split('|').collect())
        .unwrap_or_default();
    let mut groups = Vec::new();
    for summary in state.app.chains().await? {
        let chain = state.chain(&summary.id).await?;
        groups.push(NodeGroup {
            label: lang.t(&chain.name_zh, &chain.name_en).to_string(),
            options: chain
                .nodes
                .iter()
                .map(|n| {
                    let value = format!("{}:{}", chain.id, n.id);
                    NodeOption {
                        selected: selected.contains(&value.as_str()),
                        label: lang.t(&n.name_zh, &n.name_en).to_string(),
                        value,
                    }
                })
                .collect(),
        });
    }
    let fields = CANDIDATE_COLUMNS
        .iter()
        .map(|&name| {
            let (label, kind, hint) = spec(name, lang);
            Field {
                name,
                label,
                kind,
                value: values.get(name).cloned().unwrap_or_default(),
                error: errors
                    .iter()
                    .filter(|(c, _)| c == name)
                    .map(|(_, r)| r.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
                hint,
                required: matches!(name, "name" | "investment") || (name == "id" && !is_new),
            }
        })
        .collect();
    Ok(FormPage {
        lang,
        back,
        is_new,
        id: values.get("id").cloned().unwrap_or_default(),
        fields,
        parks: park_names(state, lang).await?.into_iter().collect(),
        // The choices offered while typing: provinces and cities of China, the home city's
        // counties (any other county is typed by its code: ~3,000 would weigh down the form).
        regions: state
            .app
            .regions()
            .await?
            .into_iter()
            .filter(|r| {
                r.code.level() != liantu_model::RegionLevel::County
                    || state.home_region.contains(&r.code)
            })
            .map(|r| {
                let name = lang.t(&r.name_zh, &r.name_en).to_string();
                (r.code.to_string(), name)
            })
            .collect(),
        industries: state.app.industry_choices(lang.model()).await?,
        groups,
        // Errors not tied to one field (e.g. unknown node, duplicate id) go on top.
        errors: errors
            .into_iter()
            .filter(|(c, _)| !CANDIDATE_COLUMNS.contains(&c.as_str()))
            .map(|(_, r)| r)
            .collect(),
    })
}

fn values_of(c: &Candidate) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, String> = CANDIDATE_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .zip(candidate_fields(c))
        .collect();
    // The form asks for a percentage; files and the record keep the fraction.
    if let Some(v) = values.get_mut(RD_INTENSITY) {
        *v = scaled(v, 100.0).unwrap_or_else(|| v.clone());
    }
    values
}

/// The candidate column the form shows as a percentage.
const RD_INTENSITY: &str = "rd_intensity";

/// `text` as a number times `factor`, written back without float noise (5 → "0.05", "0.05" →
/// "5"); `None` for an empty or non-numeric text, which the parser then reports.
fn scaled(text: &str, factor: f64) -> Option<String> {
    let t = text.trim().trim_end_matches(['%', '％']).trim();
    let v: f64 = t.parse().ok()?;
    let out = v * factor;
    // Twelve significant digits drop the binary noise of the multiplication.
    Some(format!("{}", format!("{out:.12e}").parse::<f64>().ok()?))
}

pub async fn new_form(
    Acting(state): Acting,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let mut values = BTreeMap::new();
    values.insert("source".to_string(), String::new());
    let page = form_page(
        &state,
        lang,
        crate::render::back_link(&uri),
        true,
        &values,
        vec![],
    )
    .await?;
    crate::render::page(&page)
}

pub async fn edit_form(
    Acting(state): Acting,
    Path(id): Path<String>,
    lang: Lang,
    uri: OriginalUri,
) -> Result<Response, PageError> {
    let c = state.app.candidate(&id).await?;
    let c = c.as_ref().ok_or_else(|| {
        PageError::from(Failure::NotFound(format!(
            "没有候选项目 '{id}' / no candidate '{id}'"
        )))
    })?;
    let page = form_page(
        &state,
        lang,
        crate::render::back_link(&uri),
        false,
        &values_of(c),
        vec![],
    )
    .await?;
    crate::render::page(&page)
}

/// `typed` as it is when it is a code (or blank); else the code of the one choice named so
/// (otherwise as typed, and the check reports it).
fn code_by_name<'a>(typed: &str, choices: impl Iterator<Item = (String, &'a str)>) -> String {
    let t = typed.trim();
    if t.is_empty() || t.bytes().all(|b| b.is_ascii_digit()) {
        return typed.to_string();
    }
    // A choice labelled by several names (an industry by the chain nodes that name it) answers
    // to each of them.
    let mut codes: Vec<String> = choices
        .filter(|(_, name)| *name == t || name.split(['、', ',']).any(|part| part.trim() == t))
        .map(|c| c.0)
        .collect();
    codes.dedup();
    match codes.as_slice() {
        [one] => one.clone(),
        _ => typed.to_string(),
    }
}

/// Saves a new or edited candidate; on bad input shows the form again with every error next
/// to its field and the values as typed (400).
pub async fn save(
    Acting(state): Acting,
    lang: Lang,
    uri: OriginalUri,
    Form(raw): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let is_new = raw.iter().any(|(k, v)| k == "_mode" && v == "new");
    let mut fields: Vec<(String, String)> = raw.into_iter().filter(|(k, _)| k != "_mode").collect();
    if is_new
        && !fields
            .iter()
            .any(|(k, v)| k == "id" && !v.trim().is_empty())
    {
        // 项目 = xm: a new candidate named in Chinese alone gets an id made for it.
        let taken = state
            .app
            .candidates()
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let id = crate::ids::free_id("xm", &state.app.now(), &taken);
        fields.retain(|(k, _)| k != "id");
        fields.push(("id".into(), id));
    }
    let regions = state.app.regions().await?;
    let industries = state.app.industry_choices(lang.model()).await?;
    let parsed: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| match k.as_str() {
            // The percentage typed into the form, as the fraction the record holds.
            RD_INTENSITY => (k.clone(), scaled(v, 0.01).unwrap_or_else(|| v.clone())),
            // A place or an industry typed by its name (not picked from the list): its code,
            // when exactly one has that name.
            "origin_region" => (
                k.clone(),
                code_by_name(
                    v,
                    regions.iter().flat_map(|r| {
                        let code = r.code.to_string();
                        [
                            (code.clone(), r.name_zh.as_str()),
                            (code, r.name_en.as_str()),
                        ]
                    }),
                ),
            ),
            "industry_code" => (
                k.clone(),
                code_by_name(v, industries.iter().map(|(c, n)| (c.clone(), n.as_str()))),
            ),
            _ => (k.clone(), v.clone()),
        })
        .collect();
    let result = match candidate_from_fields(&parsed) {
        Err(errors) => Err(errors
            .into_iter()
            .map(|e| (e.column, e.reason))
            .collect::<Vec<_>>()),
        Ok(c) => match state.app.save_candidate(&c, is_new).await {
            Ok(()) => Ok(c.id),
            Err(e) if e.kind() != liantu_app::ErrorKind::Internal => {
                Err(vec![(String::new(), e.to_string())])
            }
            Err(e) => return Err(PageError::from(e)),
        },
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/candidates?saved={id}")).into_response()),
        Err(errors) => {
            // Values as typed; repeated `nodes` joined the way the form reads them back.
            let mut values: BTreeMap<String, String> = BTreeMap::new();
            for (k, v) in &fields {
                values
                    .entry(k.clone())
                    .and_modify(|old| {
                        old.push('|');
                        old.push_str(v);
                    })
                    .or_insert_with(|| v.clone());
            }
            let page = form_page(
                &state,
                lang,
                crate::render::back_link(&uri),
                is_new,
                &values,
                errors,
            )
            .await?;
            crate::render::page_with_status(&page, StatusCode::BAD_REQUEST)
        }
    }
}

pub async fn delete(
    Acting(state): Acting,
    Path(id): Path<String>,
    _lang: Lang,
) -> Result<Response, PageError> {
    state.app.delete_candidate(&id).await?;
    Ok(Redirect::to("/candidates").into_response())
}

/// All candidates as CSV (UTF-8 with BOM for Excel), readable back by `liantu candidate import`.
pub async fn csv_download(Acting(state): Acting, _lang: Lang) -> Result<Response, PageError> {
    let body = format!("\u{feff}{}", state.app.candidates_csv().await?);
    Ok(crate::render::attachment(
        body,
        "text/csv; charset=utf-8",
        "candidates.csv",
    ))
}

/// All candidates as XLSX: Chinese headers, typed numbers, 是/否 flags (readable back by the
/// import page and `liantu candidate import`).
pub async fn xlsx_download(Acting(state): Acting, _lang: Lang) -> Result<Response, PageError> {
    let table = state.app.candidates_table().await?;
    // The importer reads Chinese headers back, whatever the reader's language.
    crate::render::xlsx_download(&table, Lang::Zh, "candidates.xlsx")
}
