//! Enterprise search with filters and paging, and an enterprise's page.

use crate::auth::Acting;
use crate::error::Failure;
use crate::format::{money, percent};
use crate::lang::Lang;
use crate::params::EnterpriseQuery;
use crate::render::{PageResult, back_link, page, xlsx_download};
use crate::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query};
use liantu_model::Ownership;

// ---------------------------------------------------------------- enterprises

/// The parks as filter choices, `current` selected (the enterprise list and the grading page).
pub(crate) async fn park_options(
    state: &AppState,
    lang: Lang,
    current: &Option<String>,
) -> Result<Vec<SelectOption>, Failure> {
    Ok(state
        .app
        .parks()
        .await?
        .into_iter()
        .map(|p| SelectOption {
            selected: current.as_deref() == Some(p.id.as_str()),
            label: lang.t(&p.name_zh, &p.name_en).to_string(),
            value: p.id,
        })
        .collect())
}

/// The chains as filter choices, `current` selected.
pub(crate) async fn chain_options(
    state: &AppState,
    lang: Lang,
    current: &Option<String>,
) -> Result<Vec<SelectOption>, Failure> {
    Ok(state
        .app
        .chains()
        .await?
        .iter()
        .map(|c| SelectOption {
            value: c.id.clone(),
            label: lang.t(&c.name_zh, &c.name_en).to_string(),
            selected: current.as_deref() == Some(c.id.as_str()),
        })
        .collect())
}

pub(crate) struct SelectOption {
    pub(crate) value: String,
    pub(crate) label: String,
    pub(crate) selected: bool,
}

struct EnterpriseRow {
    uscc: String,
    name: String,
    region: String,
    ownership: String,
    above_scale: bool,
    industry: String,
    output: String,
}

#[derive(Template)]
#[template(path = "enterprises.html")]
struct EnterprisesPage {
    lang: Lang,
    back: String,
    q: String,
    regions: Vec<SelectOption>,
    parks: Vec<SelectOption>,
    chains: Vec<SelectOption>,
    nodes: Vec<SelectOption>,
    ownerships: Vec<SelectOption>,
    scales: Vec<SelectOption>,
    items: Vec<EnterpriseRow>,
    /// The workbook of the whole result (offered to accounts that may read firm figures).
    download: String,
    pager: crate::params::Pager,
}

fn ownership_label(lang: Lang, key: &str) -> String {
    key.parse::<Ownership>()
        .map(|o| lang.t(o.label_zh(), o.label_en()).to_string())
        .unwrap_or_else(|_| key.to_string())
}

/// `path` with the list's filters as its query (the pager adds the page).
fn list_url(path: &str, query: &EnterpriseQuery) -> String {
    let mut parts = Vec::new();
    let mut push = |k: &str, v: &Option<String>| {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            let encoded: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            parts.push(format!("{k}={encoded}"));
        }
    };
    push("q", &query.q);
    push("region", &query.region);
    push("park", &query.park);
    push("chain", &query.chain);
    push("node", &query.node);
    push("ownership", &query.ownership);
    push("above_scale", &query.above_scale);
    if parts.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

pub async fn enterprises_page(
    Acting(state): Acting,
    Query(query): Query<EnterpriseQuery>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let paging = query.paging()?;
    let filter = query.filter()?;
    let result = state
        .app
        .enterprises(&filter, paging.offset(), i64::from(paging.page_size))
        .await?;
    let regions = state.app.regions().await?;
    let selected = |v: &str, current: &Option<String>| current.as_deref() == Some(v);
    let region_options = regions
        .iter()
        .filter(|r| state.home_region.contains(&r.code))
        .map(|r| SelectOption {
            value: r.code.to_string(),
            label: lang.t(&r.name_zh, &r.name_en).to_string(),
            selected: selected(r.code.as_str(), &query.region),
        })
        .collect();
    let parks = park_options(&state, lang, &query.park).await?;
    let chains = chain_options(&state, lang, &query.chain).await?;
    let nodes = match filter.chain.as_deref() {
        Some(chain) => match state.chain(chain).await {
            Ok(c) => c
                .nodes
                .iter()
                .map(|n| SelectOption {
                    value: n.id.clone(),
                    label: lang.t(&n.name_zh, &n.name_en).to_string(),
                    selected: selected(&n.id, &query.node),
                })
                .collect(),
            Err(_) => Vec::new(),
        },
        None => Vec::new(),
    };
    let ownerships = Ownership::ALL
        .iter()
        .map(|o| SelectOption {
            value: o.key().to_string(),
            label: lang.t(o.label_zh(), o.label_en()).to_string(),
            selected: selected(o.key(), &query.ownership),
        })
        .collect();
    let scales = [("1", "规上", "Above scale"), ("0", "规下", "Below scale")]
        .iter()
        .map(|(v, zh, en)| SelectOption {
            value: v.to_string(),
            label: lang.t(zh, en).to_string(),
            selected: selected(v, &query.above_scale),
        })
        .collect();
    let items = result
        .items
        .into_iter()
        .map(|e| EnterpriseRow {
            region: e.region_name.unwrap_or(e.region),
            ownership: ownership_label(lang, &e.ownership),
            above_scale: e.above_scale,
            industry: e.industry_code.unwrap_or_default(),
            output: match (e.latest_output, e.latest_year) {
                (Some(v), Some(y)) => format!("{}（{y}）", money(v)),
                _ => "—".into(),
            },
            uscc: e.uscc,
            name: e.name,
        })
        .collect();
    page(&EnterprisesPage {
        lang,
        back: back_link(&uri),
        q: query.q.clone().unwrap_or_default(),
        regions: region_options,
        parks,
        chains,
        nodes,
        ownerships,
        scales,
        items,
        download: list_url("/enterprises.xlsx", &query),
        pager: crate::params::Pager::new(
            &paging,
            usize::try_from(result.total).unwrap_or(0),
            &list_url("/enterprises", &query),
        ),
    })
}

/// The list with its search and filters, every page, as a workbook. `app` refuses accounts that
/// may not read other firms' figures.
pub async fn enterprises_download(
    Acting(state): Acting,
    Query(query): Query<EnterpriseQuery>,
    lang: Lang,
) -> PageResult {
    let table = state.app.enterprise_list_table(&query.filter()?).await?;
    xlsx_download(&table, lang, "enterprises.xlsx")
}

struct YearRow {
    year: i32,
    output: String,
    value_added: String,
    revenue: String,
    tax: String,
    employees: String,
    rd: String,
    exports: String,
    imports: String,
    hightech_exports: String,
    digital: String,
    source: String,
}

struct MembershipRow {
    chain: String,
    chain_name: String,
    node: String,
    node_name: String,
    share: String,
}

#[derive(Template)]
#[template(path = "enterprise.html")]
struct EnterprisePage {
    lang: Lang,
    back: String,
    name: String,
    uscc: String,
    uscc_illustrative: bool,
    region: String,
    park: String,
    ownership: String,
    industry: String,
    products: String,
    business_scope: String,
    flags: String,
    land: String,
    founded: String,
    /// Its 亩均 grade among the city's firms, for accounts that see the grading ("" otherwise).
    grade: String,
    years: Vec<YearRow>,
    /// Output over the years as a small line chart (empty with fewer than two years).
    trend: String,
    memberships: Vec<MembershipRow>,
    suppliers: Vec<PartnerRow>,
    buyers: Vec<PartnerRow>,
}

/// "B 类 · 第 12 名（共 140 家）· 得分 96.5 · 2024 年", or why there is no grade.
fn grade_text(lang: Lang, grade: Option<liantu_app::invest::FirmGrade>) -> String {
    let Some(g) = grade else {
        return lang
            .t(
                "未评价（评价年度无本企业数据）",
                "not graded (no figures for the graded year)",
            )
            .to_string();
    };
    let (Some(letter), Some(rank)) = (g.grade, g.rank) else {
        return format!(
            "{} · {}",
            lang.t("未评价（数据不全）", "not graded (figures incomplete)"),
            g.year
        );
    };
    let score = g.score.map(|s| format!("{s:.1}")).unwrap_or_default();
    match lang {
        Lang::Zh => format!(
            "{} · 第 {rank} 名（共 {} 家）· 得分 {score} · {} 年",
            letter.label_zh(),
            g.graded,
            g.year
        ),
        Lang::En => format!(
            "{} · rank {rank} of {} · score {score} · {}",
            letter.label_en(),
            g.graded,
            g.year
        ),
    }
}

/// A supplier or buyer line of the enterprise page.
struct PartnerRow {
    href: Option<String>,
    name: String,
    region: String,
    value: String,
    links: i64,
    year: i64,
}

/// Partner lines; a partner links to its page only when the account may open it.
fn partner_rows(
    list: &[liantu_app::TradingPartner],
    may_open: impl Fn(&str) -> bool,
) -> Vec<PartnerRow> {
    list.iter()
        .map(|p| PartnerRow {
            href: p
                .uscc
                .as_ref()
                .filter(|u| may_open(u))
                .map(|u| format!("/enterprises/{u}")),
            name: p.name.clone(),
            region: p.region_name.clone().unwrap_or_else(|| p.region.clone()),
            value: money(p.value),
            links: p.links,
            year: p.year,
        })
        .collect()
}

pub async fn enterprise_page(
    Acting(state): Acting,
    Path(uscc): Path<String>,
    lang: Lang,
    uri: OriginalUri,
) -> PageResult {
    let detail = state.app.enterprise(&uscc).await?;
    let (suppliers, buyers) = state.app.trading_partners(&uscc).await?;
    let sources = state.app.sources().await?;
    let source_title = |id: &str| {
        sources
            .iter()
            .find(|s| s.id == id)
            .map(|s| lang.t(&s.title_zh, &s.title_en).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let e = &detail.enterprise;
    let opt = |v: Option<f64>| v.map(money).unwrap_or_else(|| "—".into());
    let mut flags: Vec<std::borrow::Cow<str>> = Vec::new();
    if e.above_scale {
        flags.push(lang.t("规上", "above scale").into());
    }
    if e.high_tech {
        flags.push(lang.t("高新技术企业", "high-tech").into());
    }
    if e.specialized {
        flags.push(lang.t("专精特新", "specialised & innovative").into());
    }
    if e.listed {
        flags.push(lang.t("上市", "listed").into());
    }
    if e.strategic_emerging {
        flags.push(lang.t("战略性新兴产业", "strategic emerging").into());
    }
    if let Some(n) = e.overseas_bases.filter(|&n| n > 0) {
        flags.push(match lang {
            Lang::Zh => format!("境外生产基地 {n} 个").into(),
            Lang::En => format!("{n} production bases abroad").into(),
        });
    }
    // An account that may not see the city's grading (an enterprise's own) is shown none.
    let grade = match state
        .app
        .firm_grade(state.home_region, e.uscc.as_str())
        .await
    {
        Ok(grade) => grade_text(lang, grade),
        Err(err) if err.kind() == liantu_app::ErrorKind::Forbidden => String::new(),
        Err(err) => return Err(err.into()),
    };
    page(&EnterprisePage {
        lang,
        back: back_link(&uri),
        name: e.name.clone(),
        grade,
        uscc: e.uscc.to_string(),
        uscc_illustrative: e.uscc_illustrative,
        region: format!(
            "{} {}",
            detail.region_name.clone().unwrap_or_default(),
            e.region
        ),
        park: detail.park_name.clone().unwrap_or_else(|| "—".into()),
        ownership: lang
            .t(e.ownership.label_zh(), e.ownership.label_en())
            .to_string(),
        industry: e
            .industry_code
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_else(|| "—".into()),
        products: e.main_products.clone(),
        business_scope: e.business_scope.clone().unwrap_or_else(|| "—".into()),
        flags: if flags.is_empty() {
            "—".into()
        } else {
            flags.join("、")
        },
        land: opt(e.land_mu),
        founded: e
            .founded
            .map(|y| y.to_string())
            .unwrap_or_else(|| "—".into()),
        years: detail
            .years
            .iter()
            .map(|y| YearRow {
                year: y.year,
                output: opt(y.output),
                value_added: opt(y.value_added),
                revenue: opt(y.revenue),
                tax: opt(y.tax),
                employees: y
                    .employees
                    .map(crate::format::count)
                    .unwrap_or_else(|| "—".into()),
                rd: opt(y.rd_expense),
                exports: opt(y.exports),
                imports: opt(y.imports),
                hightech_exports: opt(y.hightech_exports),
                digital: opt(y.digital_investment),
                source: format!("{} · {}", source_title(&y.source), y.as_of),
            })
            .collect(),
        memberships: detail
            .memberships
            .iter()
            .map(|m| MembershipRow {
                chain: m.chain.clone(),
                chain_name: lang.t(&m.chain_name_zh, &m.chain_name_en).to_string(),
                node: m.node.clone(),
                node_name: match lang {
                    Lang::Zh => m.node_name_zh.clone(),
                    Lang::En => m.node_name_en.clone(),
                }
                .unwrap_or_else(|| m.node.clone()),
                share: m.share.map(|s| percent(Some(s))).unwrap_or_default(),
            })
            .collect(),
        trend: crate::charts::sparkline(
            &detail
                .years
                .iter()
                .filter_map(|y| y.output.map(|o| (y.year, o)))
                .collect::<Vec<_>>(),
            lang.t("产值（万元）", "Output (万元)"),
        ),
        suppliers: partner_rows(&suppliers, |u| state.app.may_see_firm(u)),
        buyers: partner_rows(&buyers, |u| state.app.may_see_firm(u)),
    })
}
