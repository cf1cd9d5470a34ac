//! The rows liantu stores, as plain structs. Importers (the demo loader, later Excel/CSV imports)
//! produce them after validation; the store writes them. Money in 万元, land in 亩.

use crate::{IndustryCode, Ownership, RegionCode, Uscc};
use serde::{Deserialize, Serialize};

/// Where a figure comes from. `illustrative` sources mark made-up demo figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub kind: SourceKind,
    pub title_zh: String,
    pub title_en: String,
    pub publisher: String,
    pub published: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Public,
    Illustrative,
}

impl SourceKind {
    pub fn key(self) -> &'static str {
        match self {
            SourceKind::Public => "public",
            SourceKind::Illustrative => "illustrative",
        }
    }

    /// The kind whose [`key`](Self::key) this is.
    pub fn from_key(key: &str) -> Option<SourceKind> {
        [SourceKind::Public, SourceKind::Illustrative]
            .into_iter()
            .find(|k| k.key() == key)
    }

    /// What people call it: (中文, English).
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            SourceKind::Public => ("公开数据", "published data"),
            SourceKind::Illustrative => ("示例数据", "illustrative"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub code: RegionCode,
    pub name_zh: String,
    pub name_en: String,
    pub level: String,
    pub parent: Option<RegionCode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Park {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub region: RegionCode,
    pub kind: String,
    pub grade: String,
    pub area_mu: Option<f64>,
    pub source: String,
    /// Where the park lies, WGS 84 degrees (longitude, latitude), when known.
    #[serde(default)]
    pub location: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enterprise {
    pub uscc: Uscc,
    pub name: String,
    pub region: RegionCode,
    pub park: Option<String>,
    pub ownership: Ownership,
    pub above_scale: bool,
    pub industry_code: Option<IndustryCode>,
    pub main_products: String,
    /// 经营范围 as registered (free text), when known.
    #[serde(default)]
    pub business_scope: Option<String>,
    pub high_tech: bool,
    pub specialized: bool,
    /// 战略性新兴产业企业, as the user's statistics bureau classifies it.
    #[serde(default)]
    pub strategic_emerging: bool,
    /// Production bases abroad (境外生产基地), when known.
    #[serde(default)]
    pub overseas_bases: Option<i64>,
    pub listed: bool,
    pub land_mu: Option<f64>,
    pub founded: Option<i32>,
    pub source: String,
    /// The USCC was generated (with a correct check digit), not the firm's real code.
    pub uscc_illustrative: bool,
}

/// One enterprise's figures for one year; `None` = not known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseYear {
    pub uscc: Uscc,
    pub year: i32,
    pub output: Option<f64>,
    pub value_added: Option<f64>,
    pub revenue: Option<f64>,
    pub tax: Option<f64>,
    pub employees: Option<i64>,
    pub rd_expense: Option<f64>,
    pub exports: Option<f64>,
    /// 进口额, 万元.
    #[serde(default)]
    pub imports: Option<f64>,
    /// 高新技术产品出口额, 万元 (part of `exports`).
    #[serde(default)]
    pub hightech_exports: Option<f64>,
    /// 数字化投入 (digital investment: software, equipment, services), 万元.
    #[serde(default)]
    pub digital_investment: Option<f64>,
    pub energy_tce: Option<f64>,
    pub emissions_tco2: Option<f64>,
    pub source: String,
    pub as_of: String,
}

/// An enterprise works on a chain node; `share` is the fraction of its output there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub uscc: Uscc,
    pub chain: String,
    pub node: String,
    pub share: Option<f64>,
    pub source: String,
}

/// A local buyer buys a product of a chain node from a supplier, local or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplyLink {
    pub buyer: Uscc,
    pub supplier: Option<Uscc>,
    pub supplier_name: String,
    pub supplier_region: RegionCode,
    pub chain: String,
    pub node: String,
    pub product: String,
    pub year: i32,
    /// 万元 per year.
    pub value: f64,
    pub source: String,
}

/// A published headline figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fact {
    pub id: String,
    pub indicator_zh: String,
    pub indicator_en: String,
    pub scope: String,
    pub year: i32,
    pub value: f64,
    pub unit: String,
    pub source: String,
    pub as_of: String,
}

/// A complete, validated data set, written by the store in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub sources: Vec<Source>,
    pub regions: Vec<Region>,
    pub parks: Vec<Park>,
    pub enterprises: Vec<Enterprise>,
    pub years: Vec<EnterpriseYear>,
    pub memberships: Vec<Membership>,
    pub links: Vec<SupplyLink>,
    pub facts: Vec<Fact>,
}
