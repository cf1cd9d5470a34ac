//! The resource catalogue: classes with physical properties, legal codes and transport modes,
//! declared conversions (cascade use), and the emission-factor table — our own data in
//! `data/symbiosis/`, compiled in.

use crate::units::{Constants, Unit};
use liantu_model::bounds::{self, Bound};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

const CLASSES_TOML: &str = include_str!("../../../data/symbiosis/classes.toml");
const FACTORS_CSV: &str = include_str!("../../../data/symbiosis/emission_factors.csv");

/// What kind of stream a class is; drives the circularity indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Gas,
    Heat,
    Solid,
    Liquid,
    Water,
}

/// Whether a larger or a smaller property value is better: a need states a minimum (higher) or a
/// maximum (lower).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyDef {
    /// The id instance files use (`temperature_c`).
    pub name: String,
    /// What people read (温度 / temperature).
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    /// The unit as Chinese writes it, when that differs (`类（GB 3838）`).
    #[serde(default)]
    pub unit_zh: Option<String>,
    pub better: Better,
    /// The offer must beat the need's threshold by this much (approach temperature for heat).
    #[serde(default)]
    pub margin: f64,
}

impl PropertyDef {
    /// The unit in Chinese text.
    pub fn unit_zh(&self) -> &str {
        self.unit_zh.as_deref().unwrap_or(&self.unit)
    }

    /// The values the property can take, by its unit (data contract, `liantu_model::bounds`).
    pub fn bound(&self) -> Bound {
        match self.unit.as_str() {
            "%" => bounds::PERCENT,
            "°C" => bounds::TEMPERATURE_C,
            "MPa" => bounds::PRESSURE_MPA,
            "GB 3838 class" => bounds::WATER_CLASS,
            _ => bounds::PROPERTY,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModeDef {
    pub mode: String,
    /// 元 per base unit per km
    pub cost_per_unit_km: f64,
}

impl ModeDef {
    pub fn is_pipeline(&self) -> bool {
        self.mode == "pipeline"
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassDef {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: Kind,
    pub base_unit: Unit,
    #[serde(default)]
    pub density_kg_per_nm3: Option<f64>,
    #[serde(default)]
    pub gj_per_t: Option<f64>,
    #[serde(default)]
    pub density_t_per_m3: Option<f64>,
    /// Hazardous waste: a transfer needs the receiver's licence for the HW category.
    pub hazardous: bool,
    /// A dangerous good (危险化学品) even when not a waste, e.g. hydrogen; shown, not checked.
    #[serde(default)]
    pub dangerous_goods: bool,
    #[serde(default)]
    pub hw: Option<String>,
    #[serde(default)]
    pub s_code: Option<String>,
    #[serde(default)]
    pub ewc: Option<String>,
    pub avoided_factor: String,
    #[serde(default)]
    pub property: Vec<PropertyDef>,
    pub modes: Vec<ModeDef>,
}

impl ClassDef {
    pub fn constants(&self) -> Constants {
        Constants {
            density_kg_per_nm3: self.density_kg_per_nm3,
            gj_per_t: self.gj_per_t,
            density_t_per_m3: self.density_t_per_m3,
        }
    }

    pub fn property_index(&self, name: &str) -> Option<usize> {
        self.property.iter().position(|p| p.name == name)
    }

    /// Tonnes per base unit when the class can be weighed (for avoided-tonnage accounting).
    pub fn tonnes_per_base_unit(&self) -> Option<f64> {
        crate::units::factor(self.base_unit, Unit::T, &self.constants())
    }
}

/// A transport mode's name (`tube_trailer` = 长管拖车 / tube trailer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModeName {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversionDef {
    pub from: String,
    pub to: String,
    /// units of `to` per unit of `from` (base units)
    #[serde(rename = "yield")]
    pub yield_: f64,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmissionFactor {
    pub id: String,
    /// tCO2 per `per`
    pub value: f64,
    pub unit: String,
    pub per: String,
    pub description_zh: String,
    pub description_en: String,
    pub source: String,
    pub url: String,
    pub derivation: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    class: Vec<ClassDef>,
    mode: Vec<ModeName>,
    #[serde(default)]
    conversion: Vec<ConversionDef>,
}

/// Classes, conversions and emission factors, with lookups.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub classes: Vec<ClassDef>,
    pub modes: Vec<ModeName>,
    pub conversions: Vec<ConversionDef>,
    pub factors: Vec<EmissionFactor>,
    class_index: HashMap<String, usize>,
    factor_index: HashMap<String, usize>,
    /// `link[from][to]`: `Some(None)` same class, `Some(Some(c))` through conversion `c`.
    link: Vec<Vec<Option<Option<usize>>>>,
}

#[derive(Debug, thiserror::Error)]
#[error("资源目录有误 / resource catalogue invalid: {0}")]
pub struct CatalogError(pub String);

impl Catalog {
    /// The built-in catalogue (`data/symbiosis/`), parsed once. Its validity is a test.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::parse(CLASSES_TOML, FACTORS_CSV)
                .unwrap_or_else(|e| panic!("built-in catalogue is checked by tests: {e}"))
        })
    }

    /// Parses and checks a catalogue: unique ids, positive constants and costs, conversions and
    /// avoided-factor references that resolve, a source for every emission factor.
    pub fn parse(classes_toml: &str, factors_csv: &str) -> Result<Catalog, CatalogError> {
        let file: CatalogFile =
            toml::from_str(classes_toml).map_err(|e| CatalogError(e.to_string()))?;
        let factors = parse_factors(factors_csv)?;
        let mut factor_index = HashMap::new();
        for (i, f) in factors.iter().enumerate() {
            if factor_index.insert(f.id.clone(), i).is_some() {
                return Err(CatalogError(format!("duplicate emission factor {}", f.id)));
            }
        }
        let mut class_index = HashMap::new();
        for (i, c) in file.class.iter().enumerate() {
            if class_index.insert(c.id.clone(), i).is_some() {
                return Err(CatalogError(format!("duplicate class {}", c.id)));
            }
            if !factor_index.contains_key(&c.avoided_factor) {
                return Err(CatalogError(format!(
                    "class {}: unknown avoided_factor {}",
                    c.id, c.avoided_factor
                )));
            }
            if c.modes.is_empty() {
                return Err(CatalogError(format!("class {}: no transport mode", c.id)));
            }
            if let Some(m) = c
                .modes
                .iter()
                .find(|m| !file.mode.iter().any(|n| n.id == m.mode))
            {
                return Err(CatalogError(format!(
                    "class {}: transport mode {} has no [[mode]] name",
                    c.id, m.mode
                )));
            }
            let constants = [c.density_kg_per_nm3, c.gj_per_t, c.density_t_per_m3];
            let costs = c.modes.iter().map(|m| Some(m.cost_per_unit_km));
            if constants
                .into_iter()
                .chain(costs)
                .flatten()
                .any(|v| !v.is_finite() || v < 0.0)
            {
                return Err(CatalogError(format!(
                    "class {}: negative or non-finite constant",
                    c.id
                )));
            }
            if c.hazardous && c.hw.is_none() {
                return Err(CatalogError(format!(
                    "class {}: hazardous without HW category",
                    c.id
                )));
            }
        }
        let n = file.class.len();
        let mut link = vec![vec![None; n]; n];
        for (i, row) in link.iter_mut().enumerate() {
            row[i] = Some(None);
        }
        for (k, conv) in file.conversion.iter().enumerate() {
            let (Some(&from), Some(&to)) = (class_index.get(&conv.from), class_index.get(&conv.to))
            else {
                return Err(CatalogError(format!(
                    "conversion {} → {}: unknown class",
                    conv.from, conv.to
                )));
            };
            if !(conv.yield_ > 0.0 && conv.yield_.is_finite()) || from == to {
                return Err(CatalogError(format!(
                    "conversion {} → {}: yield must be positive, classes different",
                    conv.from, conv.to
                )));
            }
            link[from][to] = Some(Some(k));
        }
        Ok(Catalog {
            classes: file.class,
            modes: file.mode,
            conversions: file.conversion,
            factors,
            class_index,
            factor_index,
            link,
        })
    }

    pub fn class(&self, id: &str) -> Option<usize> {
        self.class_index.get(id).copied()
    }

    /// The class with this id.
    pub fn class_def(&self, id: &str) -> Option<&ClassDef> {
        self.class(id).map(|i| &self.classes[i])
    }

    /// The transport mode with this id.
    pub fn mode(&self, id: &str) -> Option<&ModeName> {
        self.modes.iter().find(|m| m.id == id)
    }

    /// The declared conversion from one class to another.
    pub fn conversion(&self, from: &str, to: &str) -> Option<&ConversionDef> {
        self.conversions
            .iter()
            .find(|c| c.from == from && c.to == to)
    }

    pub fn factor(&self, id: &str) -> Option<usize> {
        self.factor_index.get(id).copied()
    }

    /// How an offer of class `from` can serve a need of class `to`: `Some(None)` directly,
    /// `Some(Some(conversion))` through a declared conversion, `None` not at all.
    pub fn link(&self, from: usize, to: usize) -> Option<Option<usize>> {
        self.link[from][to]
    }
}

fn parse_factors(text: &str) -> Result<Vec<EmissionFactor>, CatalogError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let r = record.map_err(|e| CatalogError(e.to_string()))?;
        let get = |i: usize| r.get(i).unwrap_or("").trim().to_string();
        let value: f64 = get(1).parse().map_err(|_| {
            CatalogError(format!(
                "emission_factors.csv row {}: value not a number",
                line + 2
            ))
        })?;
        let f = EmissionFactor {
            id: get(0),
            value,
            unit: get(2),
            per: get(3),
            description_zh: get(4),
            description_en: get(5),
            source: get(6),
            url: get(7),
            derivation: get(8),
        };
        if f.id.is_empty() || f.source.is_empty() || !value.is_finite() || value < 0.0 {
            return Err(CatalogError(format!(
                "emission_factors.csv row {}: id, source and a non-negative value are required",
                line + 2
            )));
        }
        out.push(f);
    }
    Ok(out)
}

impl EmissionFactor {
    /// Whether the factor is per the base unit of `class` (or the unit-free "not counted").
    pub fn applies_to(&self, class: &ClassDef) -> bool {
        self.per == "base unit"
            || self.per.split_whitespace().next() == Some(class.base_unit.symbol())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_is_valid() {
        let c = Catalog::parse(CLASSES_TOML, FACTORS_CSV).unwrap();
        assert!(c.classes.len() >= 15);
        for class in &c.classes {
            let f = &c.factors[c.factor(&class.avoided_factor).unwrap()];
            assert!(
                f.applies_to(class),
                "{} factor {} per {}",
                class.id,
                f.id,
                f.per
            );
        }
        let steam = c.class("steam").unwrap();
        let hot = c.class("hot_water").unwrap();
        assert!(matches!(c.link(steam, hot), Some(Some(_))));
        assert_eq!(c.link(hot, steam), None);
        assert_eq!(c.link(steam, steam), Some(None));
        for f in &c.factors {
            assert!(!f.source.is_empty());
        }
    }
}
