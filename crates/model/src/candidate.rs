//! Investment candidates (招商对象) as plain records: companies or projects the city might
//! attract. Parsing and scoring live in the `invest` crate.

use serde::{Deserialize, Serialize};

/// A chain node a candidate would serve: `chain:node`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeKey {
    pub chain: String,
    pub node: String,
}

impl NodeKey {
    pub fn new(chain: &str, node: &str) -> Self {
        NodeKey {
            chain: chain.to_string(),
            node: node.to_string(),
        }
    }

    /// Parses `chain:node`.
    pub fn parse(s: &str) -> Option<NodeKey> {
        let (chain, node) = s.trim().split_once(':')?;
        let ok = |t: &str| {
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        (ok(chain) && ok(node)).then(|| NodeKey::new(chain, node))
    }
}

impl std::fmt::Display for NodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.chain, self.node)
    }
}

/// A company or project the city might attract. Money in 万元, land in 亩; intensities per 万元
/// of expected output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Candidate {
    /// Stable id, unique in the list.
    pub id: String,
    pub name: String,
    /// Unified social credit code when known.
    pub uscc: Option<String>,
    /// GB/T 2260 code of where the investor comes from (`000000` abroad).
    pub origin_region: Option<String>,
    /// Park the project would go to (id as in the parks data); `None` = not decided.
    pub park: Option<String>,
    /// Chain nodes it would serve.
    pub nodes: Vec<NodeKey>,
    /// GB/T 4754-2017 code (4 digits) of the project's main activity.
    pub industry_code: Option<String>,
    /// Planned fixed investment, 万元.
    pub investment: f64,
    /// Land, 亩.
    pub land_mu: Option<f64>,
    /// Expected output (产值) per year at full production, 万元.
    pub expected_output: Option<f64>,
    /// Expected tax per year, 万元.
    pub expected_tax: Option<f64>,
    pub jobs: Option<u32>,
    /// R&D expense ÷ revenue (0.05 = 5 %).
    pub rd_intensity: Option<f64>,
    /// 高新技术企业.
    pub high_tech: bool,
    /// 专精特新.
    pub specialized: bool,
    pub patents: Option<u32>,
    /// Energy intensity, tonnes of standard coal per 万元 of output.
    pub energy_tce_per_wan: Option<f64>,
    /// CO2 emissions, tonnes per 万元 of output.
    pub emissions_tco2_per_wan: Option<f64>,
    /// Flagged as a chemical project whatever its industry code (e.g. makes hazardous chemicals).
    pub chemical: bool,
    /// Source id of the figures (`illustrative` for the demo).
    pub source: String,
    pub note: String,
}

impl Candidate {
    /// A candidate with only an id, name and investment; every other field empty.
    pub fn new(id: &str, name: &str, investment: f64) -> Candidate {
        Candidate {
            id: id.to_string(),
            name: name.to_string(),
            uscc: None,
            origin_region: None,
            park: None,
            nodes: Vec::new(),
            industry_code: None,
            investment,
            land_mu: None,
            expected_output: None,
            expected_tax: None,
            jobs: None,
            rd_intensity: None,
            high_tech: false,
            specialized: false,
            patents: None,
            energy_tce_per_wan: None,
            emissions_tco2_per_wan: None,
            chemical: false,
            source: "illustrative".to_string(),
            note: String::new(),
        }
    }

    /// 万元 of investment per 亩; `None` without land.
    pub fn investment_intensity(&self) -> Option<f64> {
        self.land_mu
            .filter(|l| *l > 0.0)
            .map(|l| self.investment / l)
    }

    /// Expected tax 万元 per 亩 per year.
    pub fn tax_per_mu(&self) -> Option<f64> {
        match (self.expected_tax, self.land_mu) {
            (Some(t), Some(l)) if l > 0.0 => Some(t / l),
            _ => None,
        }
    }
}
