//! Hard gates: a candidate that fails one ranks after every eligible candidate, with the reason.

use super::{Gate, GateFailure, ParkInfo, ScoringContext};
use crate::candidate::Candidate;
use crate::profile::{ParkThresholds, Profile};
use crate::text::num;

/// The gates `c` fails, in gate order. `intensity` is its investment intensity when known.
pub(super) fn failures(
    c: &Candidate,
    ctx: &ScoringContext,
    profile: &Profile,
    thresholds: &ParkThresholds,
    intensity: Option<f64>,
) -> Vec<GateFailure> {
    let park = CandidatePark {
        id: c.park.as_deref(),
        info: c
            .park
            .as_deref()
            .and_then(|id| ctx.parks.iter().find(|p| p.id == id)),
    };
    let mut failures = Vec::new();
    failures.extend(chemical_park(c, &park, profile));
    if profile.gates.investment_intensity_floor {
        failures.extend(intensity_floor(&park, thresholds, intensity));
    }
    failures
}

/// The candidate's park as the sentences name it.
struct CandidatePark<'a> {
    id: Option<&'a str>,
    info: Option<&'a ParkInfo>,
}

impl CandidatePark<'_> {
    fn name_zh(&self) -> String {
        self.info.map_or_else(
            || self.id.unwrap_or_default().to_string(),
            |p| p.name_zh.clone(),
        )
    }

    fn name_en(&self) -> String {
        self.info.map_or_else(
            || self.id.unwrap_or_default().to_string(),
            |p| p.name_en.clone(),
        )
    }
}

/// Chemical projects (flagged, or by industry code) only in a recognised chemical park, when the
/// profile says so. A profile's `chemical_park` for the park overrides the park data.
fn chemical_park(c: &Candidate, park: &CandidatePark, profile: &Profile) -> Option<GateFailure> {
    let gates = &profile.gates;
    let chemical = c.chemical
        || c.industry_code.as_deref().is_some_and(|code| {
            gates
                .chemical_industry_prefixes
                .iter()
                .any(|p| code.starts_with(p.as_str()))
        });
    if !gates.chemical_park_only || !chemical {
        return None;
    }
    let explicit = park
        .id
        .and_then(|id| profile.parks.iter().find(|p| p.id == id))
        .and_then(|p| p.chemical_park);
    let recognised = park.id.is_some()
        && explicit
            .or(park.info.map(|p| p.recognised_chemical))
            .unwrap_or(profile.default_park.chemical_park);
    if recognised {
        return None;
    }
    let (reason_zh, reason_en) = match park.id {
        None => (
            "化工项目须落地认定化工园区，尚未确定园区".to_string(),
            "a chemical project must go to a recognised chemical park; no park chosen".to_string(),
        ),
        Some(_) => (
            format!(
                "化工项目须落地认定化工园区，“{}”不是认定化工园区",
                park.name_zh()
            ),
            format!(
                "a chemical project must go to a recognised chemical park; '{}' is not one",
                park.name_en()
            ),
        ),
    };
    Some(GateFailure {
        gate: Gate::ChemicalPark,
        reason_zh,
        reason_en,
    })
}

/// Investment intensity at least the park's floor (an unknown intensity passes).
fn intensity_floor(
    park: &CandidatePark,
    th: &ParkThresholds,
    intensity: Option<f64>,
) -> Option<GateFailure> {
    let i = intensity.filter(|&i| i < th.min_investment_intensity)?;
    let (where_zh, where_en) = match park.id {
        Some(_) => (
            format!("“{}”", park.name_zh()),
            format!("'{}'", park.name_en()),
        ),
        None => ("默认".to_string(), "the default".to_string()),
    };
    Some(GateFailure {
        gate: Gate::InvestmentIntensityFloor,
        reason_zh: format!(
            "投资强度 {} 万元/亩低于{where_zh}园区门槛 {} 万元/亩",
            num(i, 1),
            num(th.min_investment_intensity, 1)
        ),
        reason_en: format!(
            "investment intensity {} 万元/亩 is below {where_en} park floor of {} 万元/亩",
            num(i, 1),
            num(th.min_investment_intensity, 1)
        ),
    })
}
