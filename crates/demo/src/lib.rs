//! The Liuzhou demo data set (`data/demo/*.csv`), compiled into the binary so `liantu demo` works
//! on a fresh machine with nothing else. Every row is validated into [`Dataset`] records; a broken
//! demo file is a bug caught by this crate's tests, and reported with file, row and column.

pub mod symbiosis;

pub mod panel;
pub mod scale;
pub mod scale_projects;

use liantu_model::bounds::Contract;
use liantu_model::records::*;
use liantu_model::{IndustryCode, Ownership, RegionCode, Uscc};
use serde::Deserialize;
use serde::de::DeserializeOwned;

const FILES: &[(&str, &str)] = &[
    (
        "sources.csv",
        include_str!("../../../data/demo/sources.csv"),
    ),
    (
        "regions.csv",
        include_str!("../../../data/demo/regions.csv"),
    ),
    ("parks.csv", include_str!("../../../data/demo/parks.csv")),
    (
        "enterprises.csv",
        include_str!("../../../data/demo/enterprises.csv"),
    ),
    (
        "enterprise_years.csv",
        include_str!("../../../data/demo/enterprise_years.csv"),
    ),
    (
        "memberships.csv",
        include_str!("../../../data/demo/memberships.csv"),
    ),
    (
        "supply_links.csv",
        include_str!("../../../data/demo/supply_links.csv"),
    ),
    ("facts.csv", include_str!("../../../data/demo/facts.csv")),
];

/// A bad value in a demo file: file, 1-based row (header = row 1), column and reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} 第 {row} 行 `{column}` 列：{reason}")]
pub struct DemoError {
    pub file: &'static str,
    pub row: usize,
    pub column: &'static str,
    pub reason: String,
}

/// The Liuzhou demo, validated.
pub fn dataset() -> Result<Dataset, DemoError> {
    Ok(Dataset {
        sources: rows("sources.csv", |r: SourceRow, at| {
            Ok(Source {
                kind: match r.kind.as_str() {
                    "public" => SourceKind::Public,
                    "illustrative" => SourceKind::Illustrative,
                    other => return Err(at("kind", format!("unknown source kind '{other}'"))),
                },
                id: r.id,
                title_zh: r.title_zh,
                title_en: r.title_en,
                publisher: r.publisher,
                published: r.published,
                url: non_empty(r.url),
            })
        })?,
        regions: rows("regions.csv", |r: RegionRow, at| {
            Ok(Region {
                code: region(&r.code, "code", &at)?,
                parent: non_empty(r.parent)
                    .map(|p| region(&p, "parent", &at))
                    .transpose()?,
                name_zh: r.name_zh,
                name_en: r.name_en,
                level: r.level,
            })
        })?,
        parks: rows("parks.csv", |r: ParkRow, at| {
            contract(
                Park {
                    region: region(&r.region, "region", &at)?,
                    area_mu: number(&r.area_mu, "area_mu", &at)?,
                    id: r.id,
                    name_zh: r.name_zh,
                    name_en: r.name_en,
                    kind: r.kind,
                    grade: r.grade,
                    source: r.source,
                    location: number(&r.lon, "lon", &at)?.zip(number(&r.lat, "lat", &at)?),
                },
                at,
            )
        })?,
        enterprises: rows("enterprises.csv", |r: EnterpriseRow, at| {
            contract(
                Enterprise {
                    uscc: uscc(&r.uscc, "uscc", &at)?,
                    region: region(&r.region, "region", &at)?,
                    ownership: r
                        .ownership
                        .parse::<Ownership>()
                        .map_err(|e| at("ownership", e.to_string()))?,
                    above_scale: flag(&r.above_scale, "above_scale", &at)?,
                    industry_code: non_empty(r.industry_code)
                        .map(|c| {
                            IndustryCode::parse(&c).map_err(|e| at("industry_code", e.to_string()))
                        })
                        .transpose()?,
                    high_tech: flag(&r.high_tech, "high_tech", &at)?,
                    specialized: flag(&r.specialized, "specialized", &at)?,
                    strategic_emerging: flag(&r.strategic_emerging, "strategic_emerging", &at)?,
                    overseas_bases: integer(&r.overseas_bases, "overseas_bases", &at)?,
                    listed: flag(&r.listed, "listed", &at)?,
                    land_mu: number(&r.land_mu, "land_mu", &at)?,
                    founded: integer(&r.founded, "founded", &at)?,
                    uscc_illustrative: flag(&r.uscc_illustrative, "uscc_illustrative", &at)?,
                    park: non_empty(r.park),
                    name: r.name,
                    main_products: r.main_products,
                    business_scope: None,
                    source: r.source,
                },
                at,
            )
        })?,
        years: rows("enterprise_years.csv", |r: YearRow, at| {
            contract(
                EnterpriseYear {
                    uscc: uscc(&r.uscc, "uscc", &at)?,
                    year: integer(&r.year, "year", &at)?
                        .ok_or_else(|| at("year", "empty".into()))?,
                    output: number(&r.output, "output", &at)?,
                    value_added: number(&r.value_added, "value_added", &at)?,
                    revenue: number(&r.revenue, "revenue", &at)?,
                    tax: number(&r.tax, "tax", &at)?,
                    employees: integer(&r.employees, "employees", &at)?,
                    rd_expense: number(&r.rd_expense, "rd_expense", &at)?,
                    exports: number(&r.exports, "exports", &at)?,
                    imports: number(&r.imports, "imports", &at)?,
                    hightech_exports: number(&r.hightech_exports, "hightech_exports", &at)?,
                    digital_investment: number(&r.digital_investment, "digital_investment", &at)?,
                    energy_tce: number(&r.energy_tce, "energy_tce", &at)?,
                    emissions_tco2: number(&r.emissions_tco2, "emissions_tco2", &at)?,
                    source: r.source,
                    as_of: r.as_of,
                },
                at,
            )
        })?,
        memberships: rows("memberships.csv", |r: MembershipRow, at| {
            contract(
                Membership {
                    uscc: uscc(&r.uscc, "uscc", &at)?,
                    share: number(&r.share, "share", &at)?,
                    chain: r.chain,
                    node: r.node,
                    source: r.source,
                },
                at,
            )
        })?,
        links: rows("supply_links.csv", |r: LinkRow, at| {
            contract(
                SupplyLink {
                    buyer: uscc(&r.buyer_uscc, "buyer_uscc", &at)?,
                    supplier: non_empty(r.supplier_uscc)
                        .map(|s| uscc(&s, "supplier_uscc", &at))
                        .transpose()?,
                    supplier_region: region(&r.supplier_region, "supplier_region", &at)?,
                    year: integer(&r.year, "year", &at)?
                        .ok_or_else(|| at("year", "empty".into()))?,
                    value: number(&r.value, "value", &at)?
                        .ok_or_else(|| at("value", "empty".into()))?,
                    supplier_name: r.supplier_name,
                    chain: r.chain,
                    node: r.node,
                    product: r.product,
                    source: r.source,
                },
                at,
            )
        })?,
        facts: rows("facts.csv", |r: FactRow, at| {
            Ok(Fact {
                year: integer(&r.year, "year", &at)?.ok_or_else(|| at("year", "empty".into()))?,
                value: number(&r.value, "value", &at)?
                    .ok_or_else(|| at("value", "empty".into()))?,
                id: r.id,
                indicator_zh: r.indicator_zh,
                indicator_en: r.indicator_en,
                scope: r.scope,
                unit: r.unit,
                source: r.source,
                as_of: r.as_of,
            })
        })?,
    })
}

/// The raw CSV text of each demo file, for exporting or inspecting.
pub fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}

type At<'a> = dyn Fn(&'static str, String) -> DemoError + 'a;

fn rows<R: DeserializeOwned, T>(
    file: &'static str,
    convert: impl Fn(R, &At) -> Result<T, DemoError>,
) -> Result<Vec<T>, DemoError> {
    let text = FILES
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| *text)
        .unwrap_or_default();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.deserialize::<R>().enumerate() {
        let row = i + 2;
        let at = move |column: &'static str, reason: String| DemoError {
            file,
            row,
            column,
            reason,
        };
        let record = record.map_err(|e| at("*", e.to_string()))?;
        out.push(convert(record, &at)?);
    }
    Ok(out)
}

/// The record, or its first field outside the data contract (`liantu_model::bounds`).
fn contract<T: Contract>(record: T, at: &At) -> Result<T, DemoError> {
    match record.violations().into_iter().next() {
        None => Ok(record),
        Some(v) => Err(at(v.field, format!("{} / {}", v.reason_zh, v.reason_en))),
    }
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn region(s: &str, column: &'static str, at: &At) -> Result<RegionCode, DemoError> {
    RegionCode::parse(s).map_err(|e| at(column, e.to_string()))
}

/// Demo codes are generated by us, so a wrong check character is an error here, not a warning.
fn uscc(s: &str, column: &'static str, at: &At) -> Result<Uscc, DemoError> {
    Uscc::parse_strict(s).map_err(|e| at(column, e.to_string()))
}

fn number(s: &str, column: &'static str, at: &At) -> Result<Option<f64>, DemoError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(at(column, format!("not a number: '{t}'"))),
    }
}

fn integer<T: std::str::FromStr>(
    s: &str,
    column: &'static str,
    at: &At,
) -> Result<Option<T>, DemoError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<T>()
        .map(Some)
        .map_err(|_| at(column, format!("not an integer: '{t}'")))
}

fn flag(s: &str, column: &'static str, at: &At) -> Result<bool, DemoError> {
    match s.trim() {
        "1" => Ok(true),
        "0" | "" => Ok(false),
        other => Err(at(column, format!("expected 1 or 0, got '{other}'"))),
    }
}

#[derive(Deserialize)]
struct SourceRow {
    id: String,
    kind: String,
    title_zh: String,
    title_en: String,
    publisher: String,
    published: String,
    url: String,
}

#[derive(Deserialize)]
struct RegionRow {
    code: String,
    name_zh: String,
    name_en: String,
    level: String,
    parent: String,
}

#[derive(Deserialize)]
struct ParkRow {
    id: String,
    name_zh: String,
    name_en: String,
    region: String,
    kind: String,
    grade: String,
    area_mu: String,
    source: String,
    lon: String,
    lat: String,
}

#[derive(Deserialize)]
struct EnterpriseRow {
    uscc: String,
    name: String,
    region: String,
    park: String,
    ownership: String,
    above_scale: String,
    industry_code: String,
    main_products: String,
    high_tech: String,
    specialized: String,
    listed: String,
    land_mu: String,
    founded: String,
    source: String,
    uscc_illustrative: String,
    strategic_emerging: String,
    overseas_bases: String,
}

#[derive(Deserialize)]
struct YearRow {
    uscc: String,
    year: String,
    output: String,
    value_added: String,
    revenue: String,
    tax: String,
    employees: String,
    rd_expense: String,
    exports: String,
    energy_tce: String,
    emissions_tco2: String,
    source: String,
    as_of: String,
    imports: String,
    hightech_exports: String,
    digital_investment: String,
}

#[derive(Deserialize)]
struct MembershipRow {
    uscc: String,
    chain: String,
    node: String,
    share: String,
    source: String,
}

#[derive(Deserialize)]
struct LinkRow {
    buyer_uscc: String,
    supplier_uscc: String,
    supplier_name: String,
    supplier_region: String,
    chain: String,
    node: String,
    product: String,
    year: String,
    value: String,
    source: String,
}

#[derive(Deserialize)]
struct FactRow {
    id: String,
    indicator_zh: String,
    indicator_en: String,
    scope: String,
    year: String,
    value: String,
    unit: String,
    source: String,
    as_of: String,
}

#[cfg(test)]
mod tests;
