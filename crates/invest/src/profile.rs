//! The versioned per-region profile (TOML): criterion weights, thresholds and gates for candidate
//! scoring, per park, and the 亩均论英雄 grading rule. Every field but the header has a default,
//! so a city file states only what it sets; `data/profiles/liuzhou.toml` is the shipped example.

use crate::criterion::Criterion;
use crate::error::ProfileError;
use liantu_model::bounds::{
    AMOUNT, Bound, EMPLOYEES, INDICATOR, INTENSITY, PATENTS, PER_MU, POINTS, RATIO, SHARE,
};
use serde::{Deserialize, Serialize};

/// The only `format` this version of liantu reads.
pub const PROFILE_FORMAT: u32 = 1;

/// A city's (or park's) investment-promotion and 亩均 profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// File format; must be [`PROFILE_FORMAT`].
    pub format: u32,
    /// Stable id, e.g. `liuzhou`.
    pub id: String,
    /// Revision set by the city; reported with every result so a ranking names the rules used.
    pub version: u32,
    /// GB/T 2260 code of the region the profile is for.
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    /// Date from which the city applies this revision (free text, e.g. `2025-01-01`).
    #[serde(default)]
    pub valid_from: String,
    /// Where the weights and thresholds come from (policy document, meeting), free text.
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub scoring: ScoringRule,
    #[serde(default)]
    pub gates: Gates,
    /// Thresholds for a candidate whose park is not listed in `parks` (or has none).
    #[serde(default)]
    pub default_park: ParkThresholds,
    #[serde(default)]
    pub parks: Vec<ParkRule>,
    #[serde(default)]
    pub grading: GradingRule,
}

/// Points available per criterion. They need not sum to 100, but the shipped profiles do.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    pub chain_gap: f64,
    pub relatedness: f64,
    pub technology: f64,
    pub investment_intensity: f64,
    pub tax_per_mu: f64,
    pub environment: f64,
    pub linkage: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            chain_gap: 25.0,
            relatedness: 10.0,
            technology: 15.0,
            investment_intensity: 15.0,
            tax_per_mu: 15.0,
            environment: 10.0,
            linkage: 10.0,
        }
    }
}

impl Weights {
    pub fn get(&self, c: Criterion) -> f64 {
        match c {
            Criterion::ChainGap => self.chain_gap,
            Criterion::Relatedness => self.relatedness,
            Criterion::Technology => self.technology,
            Criterion::InvestmentIntensity => self.investment_intensity,
            Criterion::TaxPerMu => self.tax_per_mu,
            Criterion::Environment => self.environment,
            Criterion::Linkage => self.linkage,
        }
    }

    pub fn total(&self) -> f64 {
        Criterion::ALL.iter().map(|c| self.get(*c)).sum()
    }

    /// These weights with a park's overrides applied.
    pub fn with(&self, o: &WeightsOverride) -> Weights {
        Weights {
            chain_gap: o.chain_gap.unwrap_or(self.chain_gap),
            relatedness: o.relatedness.unwrap_or(self.relatedness),
            technology: o.technology.unwrap_or(self.technology),
            investment_intensity: o.investment_intensity.unwrap_or(self.investment_intensity),
            tax_per_mu: o.tax_per_mu.unwrap_or(self.tax_per_mu),
            environment: o.environment.unwrap_or(self.environment),
            linkage: o.linkage.unwrap_or(self.linkage),
        }
    }
}

/// A park's changes to the profile weights; unset criteria keep the profile weight.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeightsOverride {
    pub chain_gap: Option<f64>,
    pub relatedness: Option<f64>,
    pub technology: Option<f64>,
    pub investment_intensity: Option<f64>,
    pub tax_per_mu: Option<f64>,
    pub environment: Option<f64>,
    pub linkage: Option<f64>,
}

/// How each criterion turns its inputs into a score between 0 and 1 (points = weight × score).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoringRule {
    pub weights: Weights,
    pub chain_gap: GapRule,
    pub relatedness: RelatednessRule,
    pub technology: TechnologyRule,
    pub environment: EnvironmentRule,
    pub linkage: LinkageRule,
}

/// 补链价值: score = status factor × demand factor, for the best node the candidate serves.
/// Demand factor = `demand_floor + (1 − demand_floor) × d ÷ (d + demand_half)`, with `d` the
/// local demand (万元) for the node's product. A node of another chain that a served node
/// supplies counts too, with its own status and `d` = what its local firms buy from outside the
/// area (a coupling gap).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GapRule {
    pub missing: f64,
    pub weak: f64,
    pub potential: f64,
    pub strong: f64,
    pub demand_floor: f64,
    /// 万元 of local demand at which the demand factor is half-way between floor and 1.
    pub demand_half: f64,
}

impl Default for GapRule {
    fn default() -> Self {
        GapRule {
            missing: 1.0,
            weak: 0.7,
            potential: 0.3,
            strong: 0.0,
            demand_floor: 0.5,
            demand_half: 50_000.0,
        }
    }
}

/// 产业契合: score = (density − low) ÷ (high − low), clamped to 0..1, from the relatedness
/// density of the candidate's industry for the region. Without densities: the share of the
/// served nodes' chain neighbours that have a local firm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelatednessRule {
    pub density_low: f64,
    pub density_high: f64,
}

impl Default for RelatednessRule {
    fn default() -> Self {
        RelatednessRule {
            density_low: 0.0,
            density_high: 0.5,
        }
    }
}

/// 科技含量: `rd × min(1, R&D intensity ÷ rd_target) + high_tech × [高新] + specialized ×
/// [专精特新] + patents × min(1, patents ÷ patents_target)`; the four shares should sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TechnologyRule {
    /// R&D expense ÷ revenue that earns the full R&D share.
    pub rd_target: f64,
    pub patents_target: f64,
    pub rd: f64,
    pub high_tech: f64,
    pub specialized: f64,
    pub patents: f64,
}

impl Default for TechnologyRule {
    fn default() -> Self {
        TechnologyRule {
            rd_target: 0.05,
            patents_target: 20.0,
            rd: 0.5,
            high_tech: 0.2,
            specialized: 0.15,
            patents: 0.15,
        }
    }
}

/// 环保: per indicator, ratio r = candidate intensity ÷ industry benchmark; score 1 at
/// r ≤ `best_ratio`, 0 at r ≥ `worst_ratio`, linear between; the criterion is the mean over
/// energy and emissions. An unreported indicator scores `missing_score`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnvironmentRule {
    pub best_ratio: f64,
    pub worst_ratio: f64,
    pub missing_score: f64,
    /// Benchmark when no `benchmarks` prefix matches the industry code.
    pub default_energy_tce_per_wan: f64,
    pub default_emissions_tco2_per_wan: f64,
    /// Longest matching GB/T 4754 prefix wins.
    pub benchmarks: Vec<EnvBenchmark>,
}

impl Default for EnvironmentRule {
    fn default() -> Self {
        EnvironmentRule {
            best_ratio: 0.5,
            worst_ratio: 1.5,
            missing_score: 0.0,
            default_energy_tce_per_wan: 0.2,
            default_emissions_tco2_per_wan: 0.5,
            benchmarks: Vec::new(),
        }
    }
}

/// Energy (tce per 万元 output) and emission (tCO2 per 万元 output) benchmarks of an industry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvBenchmark {
    /// GB/T 4754 code prefix: `26`, `261`, `2613`.
    pub industry: String,
    pub energy_tce_per_wan: f64,
    pub emissions_tco2_per_wan: f64,
    #[serde(default)]
    pub name: String,
}

impl EnvironmentRule {
    /// The benchmark for an industry code: longest matching prefix, else the default. Returns
    /// (energy, emissions, matched prefix or "").
    pub fn benchmark_for(&self, industry: Option<&str>) -> (f64, f64, &str) {
        let mut best: Option<&EnvBenchmark> = None;
        if let Some(code) = industry {
            for b in &self.benchmarks {
                if code.starts_with(b.industry.as_str())
                    && best.is_none_or(|x| b.industry.len() > x.industry.len())
                {
                    best = Some(b);
                }
            }
        }
        match best {
            Some(b) => (
                b.energy_tce_per_wan,
                b.emissions_tco2_per_wan,
                b.industry.as_str(),
            ),
            None => (
                self.default_energy_tce_per_wan,
                self.default_emissions_tco2_per_wan,
                "",
            ),
        }
    }
}

/// 带动作用: `partners × p ÷ (p + partners_half) + multiplier × clamp((m − multiplier_low) ÷
/// (multiplier_high − multiplier_low))`, with p the local firms on the chain nodes feeding and
/// fed by the candidate's nodes and m the input-output output multiplier of the node's sector.
/// Without a multiplier the partner term takes the whole criterion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkageRule {
    pub partners_half: f64,
    pub partners: f64,
    pub multiplier: f64,
    pub multiplier_low: f64,
    pub multiplier_high: f64,
}

impl Default for LinkageRule {
    fn default() -> Self {
        LinkageRule {
            partners_half: 10.0,
            partners: 0.6,
            multiplier: 0.4,
            multiplier_low: 2.0,
            multiplier_high: 3.5,
        }
    }
}

/// Hard gates: a candidate that fails one is listed after every eligible candidate, with the
/// reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Gates {
    /// A candidate whose industry code starts with one of these (or that is flagged chemical)
    /// is a chemical project.
    pub chemical_industry_prefixes: Vec<String>,
    /// Chemical projects only in a recognised chemical park (认定化工园区).
    pub chemical_park_only: bool,
    /// Investment intensity (万元/亩) must reach the park's floor.
    pub investment_intensity_floor: bool,
}

impl Default for Gates {
    fn default() -> Self {
        Gates {
            chemical_industry_prefixes: vec!["25".into(), "26".into()],
            chemical_park_only: true,
            investment_intensity_floor: true,
        }
    }
}

/// Thresholds of a park.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ParkThresholds {
    /// Gate: 万元 of fixed investment per 亩 below which a project is refused.
    pub min_investment_intensity: f64,
    /// 万元/亩 that earns the full investment-intensity points (floor earns 0).
    pub target_investment_intensity: f64,
    /// Expected tax 万元 per 亩 per year that earns the full tax points.
    pub target_tax_per_mu: f64,
    /// A recognised chemical park (认定化工园区).
    pub chemical_park: bool,
}

impl Default for ParkThresholds {
    fn default() -> Self {
        ParkThresholds {
            min_investment_intensity: 250.0,
            target_investment_intensity: 500.0,
            target_tax_per_mu: 25.0,
            chemical_park: false,
        }
    }
}

/// A park's own rule; unset fields take `default_park`'s values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParkRule {
    /// Park id as in the parks data (`parks.csv`).
    pub id: String,
    #[serde(default)]
    pub name_zh: String,
    pub min_investment_intensity: Option<f64>,
    pub target_investment_intensity: Option<f64>,
    pub target_tax_per_mu: Option<f64>,
    pub chemical_park: Option<bool>,
    #[serde(default)]
    pub weights: WeightsOverride,
}

/// The rule applying to one candidate's park, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ResolvedPark<'a> {
    /// The park id, or `None` when the default thresholds apply.
    pub park: Option<&'a str>,
    pub thresholds: ParkThresholds,
    pub weights: Weights,
}

impl Profile {
    /// Parses and validates a profile file.
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        let profile: Profile =
            toml::from_str(text).map_err(|e| ProfileError::Parse(e.to_string()))?;
        profile.validate()?;
        Ok(profile)
    }

    /// Checks the format, the region code, that every number lies in its range of the data
    /// contract (`liantu_model::bounds`: finite, and e.g. fractions in 0..=1), and that ranges
    /// are ordered.
    pub fn validate(&self) -> Result<(), ProfileError> {
        if self.format != PROFILE_FORMAT {
            return Err(ProfileError::Format(self.format));
        }
        liantu_model::RegionCode::parse(&self.region)
            .map_err(|e| ProfileError::Invalid("region".into(), e.to_string()))?;
        for (field, value, bound) in self.numbers() {
            check(&field, value, &bound)?;
        }
        let s = &self.scoring;
        let bad = |field: &str, why: &str| Err(ProfileError::Invalid(field.into(), why.into()));
        if s.relatedness.density_high <= s.relatedness.density_low {
            return bad(
                "scoring.relatedness",
                "density_high 应大于 density_low / density_high must exceed density_low",
            );
        }
        if s.environment.worst_ratio <= s.environment.best_ratio {
            return bad(
                "scoring.environment",
                "应有 0 ≤ best_ratio < worst_ratio / need 0 ≤ best_ratio < worst_ratio",
            );
        }
        if s.linkage.multiplier_high <= s.linkage.multiplier_low {
            return bad(
                "scoring.linkage",
                "multiplier_high 应大于 multiplier_low / multiplier_high must exceed multiplier_low",
            );
        }
        let ordered = |prefix: &str, p: &ParkThresholds| {
            if p.target_investment_intensity <= p.min_investment_intensity {
                return bad(
                    &format!("{prefix}.target_investment_intensity"),
                    "应大于 min_investment_intensity / must exceed min_investment_intensity",
                );
            }
            Ok(())
        };
        ordered("default_park", &self.default_park)?;
        let mut seen = std::collections::BTreeSet::new();
        for p in &self.parks {
            if !seen.insert(p.id.as_str()) {
                return bad(&format!("parks[{}]", p.id), "园区重复 / duplicate park id");
            }
            ordered(
                &format!("parks[{}]", p.id),
                &self.park(Some(&p.id)).thresholds,
            )?;
        }
        self.grading.validate()?;
        Ok(())
    }

    /// Every number of the scoring rule and parks, with its field and its range.
    fn numbers(&self) -> Vec<(String, f64, Bound)> {
        let s = &self.scoring;
        let (g, t, e, l) = (&s.chain_gap, &s.technology, &s.environment, &s.linkage);
        let mut out: Vec<(String, f64, Bound)> = Vec::new();
        let mut add = |field: &str, value: f64, bound: Bound| {
            out.push((field.to_string(), value, bound));
        };
        for c in Criterion::ALL {
            add(
                &format!("scoring.weights.{}", c.key()),
                s.weights.get(c),
                POINTS,
            );
        }
        for (f, v) in [
            ("missing", g.missing),
            ("weak", g.weak),
            ("potential", g.potential),
            ("strong", g.strong),
            ("demand_floor", g.demand_floor),
        ] {
            add(&format!("scoring.chain_gap.{f}"), v, SHARE);
        }
        add(
            "scoring.chain_gap.demand_half",
            g.demand_half,
            AMOUNT.positive(),
        );
        add(
            "scoring.relatedness.density_low",
            s.relatedness.density_low,
            SHARE,
        );
        add(
            "scoring.relatedness.density_high",
            s.relatedness.density_high,
            SHARE,
        );
        add(
            "scoring.technology.rd_target",
            t.rd_target,
            SHARE.positive(),
        );
        add(
            "scoring.technology.patents_target",
            t.patents_target,
            PATENTS.positive(),
        );
        for (f, v) in [
            ("rd", t.rd),
            ("high_tech", t.high_tech),
            ("specialized", t.specialized),
            ("patents", t.patents),
        ] {
            add(&format!("scoring.technology.{f}"), v, SHARE);
        }
        add("scoring.environment.best_ratio", e.best_ratio, RATIO);
        add("scoring.environment.worst_ratio", e.worst_ratio, RATIO);
        add("scoring.environment.missing_score", e.missing_score, SHARE);
        let intensity = INTENSITY.positive();
        add(
            "scoring.environment.default_energy_tce_per_wan",
            e.default_energy_tce_per_wan,
            intensity,
        );
        add(
            "scoring.environment.default_emissions_tco2_per_wan",
            e.default_emissions_tco2_per_wan,
            intensity,
        );
        for b in &e.benchmarks {
            let at = format!("scoring.environment.benchmarks[{}]", b.industry);
            add(
                &format!("{at}.energy_tce_per_wan"),
                b.energy_tce_per_wan,
                intensity,
            );
            add(
                &format!("{at}.emissions_tco2_per_wan"),
                b.emissions_tco2_per_wan,
                intensity,
            );
        }
        add(
            "scoring.linkage.partners_half",
            l.partners_half,
            EMPLOYEES.positive(),
        );
        add("scoring.linkage.partners", l.partners, SHARE);
        add("scoring.linkage.multiplier", l.multiplier, SHARE);
        add("scoring.linkage.multiplier_low", l.multiplier_low, RATIO);
        add("scoring.linkage.multiplier_high", l.multiplier_high, RATIO);
        let parks = std::iter::once(("default_park".to_string(), self.default_park, None)).chain(
            self.parks.iter().map(|p| {
                let r = self.park(Some(&p.id));
                (format!("parks[{}]", p.id), r.thresholds, Some(r.weights))
            }),
        );
        for (prefix, p, weights) in parks {
            add(
                &format!("{prefix}.min_investment_intensity"),
                p.min_investment_intensity,
                PER_MU,
            );
            add(
                &format!("{prefix}.target_investment_intensity"),
                p.target_investment_intensity,
                PER_MU,
            );
            add(
                &format!("{prefix}.target_tax_per_mu"),
                p.target_tax_per_mu,
                PER_MU.positive(),
            );
            if let Some(w) = weights {
                for c in Criterion::ALL {
                    add(&format!("{prefix}.weights.{}", c.key()), w.get(c), POINTS);
                }
            }
        }
        out
    }

    /// The thresholds and weights for a park id (`None` or unknown → `default_park`).
    pub fn park<'a>(&'a self, id: Option<&'a str>) -> ResolvedPark<'a> {
        let rule = id.and_then(|id| self.parks.iter().find(|p| p.id == id));
        match rule {
            None => ResolvedPark {
                park: None,
                thresholds: self.default_park,
                weights: self.scoring.weights,
            },
            Some(p) => {
                let d = self.default_park;
                ResolvedPark {
                    park: Some(p.id.as_str()),
                    thresholds: ParkThresholds {
                        min_investment_intensity: p
                            .min_investment_intensity
                            .unwrap_or(d.min_investment_intensity),
                        target_investment_intensity: p
                            .target_investment_intensity
                            .unwrap_or(d.target_investment_intensity),
                        target_tax_per_mu: p.target_tax_per_mu.unwrap_or(d.target_tax_per_mu),
                        chemical_park: p.chemical_park.unwrap_or(d.chemical_park),
                    },
                    weights: self.scoring.weights.with(&p.weights),
                }
            }
        }
    }
}

/// `value` of `field`, or an error naming the field and the range it must lie in.
fn check(field: &str, value: f64, bound: &Bound) -> Result<(), ProfileError> {
    if bound.contains(value) {
        return Ok(());
    }
    Err(ProfileError::Invalid(
        field.into(),
        format!(
            "{value} 不在 {} 内 / {value} is outside {}",
            bound.describe_zh(),
            bound.describe_en()
        ),
    ))
}

/// One 亩均 indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// 亩均税收: tax ÷ land, 万元/亩.
    TaxPerMu,
    /// 亩均增加值: value added ÷ land, 万元/亩.
    ValueAddedPerMu,
    /// 全员劳动生产率: value added ÷ employees, 万元/人.
    LabourProductivity,
    /// 单位能耗增加值: value added ÷ energy, 万元/吨标准煤.
    ValueAddedPerEnergy,
    /// 单位排放增加值: value added ÷ CO2 emissions, 万元/吨.
    ValueAddedPerEmission,
    /// 研发投入强度: R&D expense ÷ revenue.
    RdIntensity,
}

impl Indicator {
    pub const ALL: [Indicator; 6] = [
        Indicator::TaxPerMu,
        Indicator::ValueAddedPerMu,
        Indicator::LabourProductivity,
        Indicator::ValueAddedPerEnergy,
        Indicator::ValueAddedPerEmission,
        Indicator::RdIntensity,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Indicator::TaxPerMu => "tax_per_mu",
            Indicator::ValueAddedPerMu => "value_added_per_mu",
            Indicator::LabourProductivity => "labour_productivity",
            Indicator::ValueAddedPerEnergy => "value_added_per_energy",
            Indicator::ValueAddedPerEmission => "value_added_per_emission",
            Indicator::RdIntensity => "rd_intensity",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Indicator::TaxPerMu => "亩均税收",
            Indicator::ValueAddedPerMu => "亩均增加值",
            Indicator::LabourProductivity => "全员劳动生产率",
            Indicator::ValueAddedPerEnergy => "单位能耗增加值",
            Indicator::ValueAddedPerEmission => "单位排放增加值",
            Indicator::RdIntensity => "研发投入强度",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Indicator::TaxPerMu => "tax per mu",
            Indicator::ValueAddedPerMu => "value added per mu",
            Indicator::LabourProductivity => "labour productivity",
            Indicator::ValueAddedPerEnergy => "value added per unit of energy",
            Indicator::ValueAddedPerEmission => "value added per unit of emissions",
            Indicator::RdIntensity => "R&D intensity",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Indicator::TaxPerMu | Indicator::ValueAddedPerMu => "万元/亩",
            Indicator::LabourProductivity => "万元/人",
            Indicator::ValueAddedPerEnergy => "万元/tce",
            Indicator::ValueAddedPerEmission => "万元/tCO2",
            Indicator::RdIntensity => "",
        }
    }
}

/// An indicator's weight (points) and benchmark. Points earned = weight × min(value ÷
/// benchmark, cap), at least 0. Without a benchmark the median over the graded firms is used.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorRule {
    pub indicator: Indicator,
    pub weight: f64,
    #[serde(default)]
    pub benchmark: Option<f64>,
}

/// 亩均论英雄 grading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct GradingRule {
    pub indicators: Vec<IndicatorRule>,
    /// Highest multiple of the benchmark an indicator is credited with.
    pub cap: f64,
    /// Cumulative rank shares: A for ranks ≤ a × n, B ≤ b × n, C ≤ c × n, D the rest.
    pub cutoffs: Cutoffs,
    /// Firms founded fewer than this many years before the graded year are not graded.
    pub min_age_years: i32,
    /// Industries not graded (GB/T 4754 prefixes), e.g. utilities 44, 45, 46.
    pub excluded_industry_prefixes: Vec<String>,
    /// Only above-scale (规上) firms are graded when set.
    pub above_scale_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Cutoffs {
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

impl Default for Cutoffs {
    fn default() -> Self {
        Cutoffs {
            a: 0.20,
            b: 0.60,
            c: 0.95,
        }
    }
}

impl Default for GradingRule {
    fn default() -> Self {
        let rule = |indicator, weight, benchmark| IndicatorRule {
            indicator,
            weight,
            benchmark,
        };
        GradingRule {
            indicators: vec![
                rule(Indicator::TaxPerMu, 30.0, Some(20.0)),
                rule(Indicator::ValueAddedPerMu, 20.0, Some(80.0)),
                rule(Indicator::LabourProductivity, 15.0, Some(30.0)),
                rule(Indicator::ValueAddedPerEnergy, 15.0, Some(2.0)),
                rule(Indicator::ValueAddedPerEmission, 10.0, Some(0.8)),
                rule(Indicator::RdIntensity, 10.0, Some(0.03)),
            ],
            cap: 2.0,
            cutoffs: Cutoffs::default(),
            min_age_years: 2,
            excluded_industry_prefixes: vec!["44".into(), "45".into(), "46".into()],
            above_scale_only: false,
        }
    }
}

impl GradingRule {
    pub fn validate(&self) -> Result<(), ProfileError> {
        let bad = |field: &str, why: &str| Err(ProfileError::Invalid(field.into(), why.into()));
        if self.indicators.is_empty() {
            return bad(
                "grading.indicators",
                "至少需要一个指标 / at least one indicator",
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for i in &self.indicators {
            if !seen.insert(i.indicator) {
                return bad(
                    &format!("grading.indicators[{}]", i.indicator.key()),
                    "指标重复 / duplicate indicator",
                );
            }
            let at = format!("grading.indicators[{}]", i.indicator.key());
            check(&format!("{at}.weight"), i.weight, &POINTS)?;
            if let Some(b) = i.benchmark {
                check(&format!("{at}.benchmark"), b, &INDICATOR.positive())?;
            }
        }
        check("grading.cap", self.cap, &RATIO.positive())?;
        let c = &self.cutoffs;
        for (f, v) in [("a", c.a), ("b", c.b), ("c", c.c)] {
            check(&format!("grading.cutoffs.{f}"), v, &SHARE)?;
        }
        if !(c.a <= c.b && c.b <= c.c) {
            return bad(
                "grading.cutoffs",
                "应有 0 ≤ a ≤ b ≤ c ≤ 1 / need 0 ≤ a ≤ b ≤ c ≤ 1",
            );
        }
        if self.min_age_years < 0 {
            return bad("grading.min_age_years", "应不小于 0 / must be ≥ 0");
        }
        Ok(())
    }

    pub fn total_weight(&self) -> f64 {
        self.indicators.iter().map(|i| i.weight).sum()
    }
}
