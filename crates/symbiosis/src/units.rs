//! Units of quantity and their explicit conversions. Every quantity is converted once, at
//! validation, to its resource class's base unit; an unknown unit or a conversion across
//! dimensions without the class's declared physical constant is an error.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A unit a quantity per year may be given in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// tonne
    #[serde(rename = "t")]
    T,
    #[serde(rename = "kg")]
    Kg,
    /// normal cubic metre of gas (0 °C, 101.325 kPa)
    #[serde(rename = "Nm3")]
    Nm3,
    #[serde(rename = "GJ")]
    Gj,
    #[serde(rename = "MJ")]
    Mj,
    #[serde(rename = "MWh")]
    Mwh,
    #[serde(rename = "kWh")]
    Kwh,
    /// cubic metre of liquid
    #[serde(rename = "m3")]
    M3,
}

/// What a unit measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    Mass,
    GasVolume,
    Energy,
    LiquidVolume,
}

impl Dimension {
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Mass => "质量 mass",
            Dimension::GasVolume => "气体标准体积 gas volume",
            Dimension::Energy => "能量 energy",
            Dimension::LiquidVolume => "体积 volume",
        }
    }
}

impl Unit {
    pub const ALL: [Unit; 8] = [
        Unit::T,
        Unit::Kg,
        Unit::Nm3,
        Unit::Gj,
        Unit::Mj,
        Unit::Mwh,
        Unit::Kwh,
        Unit::M3,
    ];

    /// Parses a unit symbol. Accepts the symbols above plus `Nm³`, `m³` and `吨`.
    pub fn parse(s: &str) -> Option<Unit> {
        Some(match s.trim() {
            "t" | "吨" => Unit::T,
            "kg" => Unit::Kg,
            "Nm3" | "Nm³" => Unit::Nm3,
            "GJ" => Unit::Gj,
            "MJ" => Unit::Mj,
            "MWh" => Unit::Mwh,
            "kWh" => Unit::Kwh,
            "m3" | "m³" => Unit::M3,
            _ => return None,
        })
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Unit::T => "t",
            Unit::Kg => "kg",
            Unit::Nm3 => "Nm3",
            Unit::Gj => "GJ",
            Unit::Mj => "MJ",
            Unit::Mwh => "MWh",
            Unit::Kwh => "kWh",
            Unit::M3 => "m3",
        }
    }

    pub fn dimension(self) -> Dimension {
        match self {
            Unit::T | Unit::Kg => Dimension::Mass,
            Unit::Nm3 => Dimension::GasVolume,
            Unit::Gj | Unit::Mj | Unit::Mwh | Unit::Kwh => Dimension::Energy,
            Unit::M3 => Dimension::LiquidVolume,
        }
    }

    /// Factor to the canonical unit of the dimension (t, Nm3, GJ, m3): 1 kg = 0.001 t,
    /// 1 MWh = 3.6 GJ, 1 kWh = 0.0036 GJ, 1 MJ = 0.001 GJ.
    pub fn to_canonical(self) -> f64 {
        match self {
            Unit::T | Unit::Nm3 | Unit::Gj | Unit::M3 => 1.0,
            Unit::Kg | Unit::Mj => 1e-3,
            Unit::Mwh => 3.6,
            Unit::Kwh => 3.6e-3,
        }
    }

    /// The canonical unit of a dimension.
    pub fn canonical(dimension: Dimension) -> Unit {
        match dimension {
            Dimension::Mass => Unit::T,
            Dimension::GasVolume => Unit::Nm3,
            Dimension::Energy => Unit::Gj,
            Dimension::LiquidVolume => Unit::M3,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// The physical constants a resource class declares to convert between dimensions.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Constants {
    /// gas density, kg per Nm3 (Nm3 ↔ t)
    pub density_kg_per_nm3: Option<f64>,
    /// specific enthalpy, GJ per t (t ↔ GJ, e.g. steam)
    pub gj_per_t: Option<f64>,
    /// liquid density, t per m3 (m3 ↔ t)
    pub density_t_per_m3: Option<f64>,
}

impl Constants {
    /// Tonnes per one canonical unit of `dimension`, when declared.
    fn tonnes_per(&self, dimension: Dimension) -> Option<f64> {
        match dimension {
            Dimension::Mass => Some(1.0),
            Dimension::GasVolume => self.density_kg_per_nm3.map(|d| d / 1000.0),
            Dimension::Energy => self.gj_per_t.map(|e| 1.0 / e),
            Dimension::LiquidVolume => self.density_t_per_m3,
        }
    }
}

/// Factor such that `quantity_in(unit) × factor = quantity in base`; `None` when the two
/// dimensions differ and the class declares no constant linking them.
pub fn factor(unit: Unit, base: Unit, constants: &Constants) -> Option<f64> {
    let from = unit.dimension();
    let to = base.dimension();
    let canonical = unit.to_canonical() / base.to_canonical();
    if from == to {
        return Some(canonical);
    }
    // Go through mass: canonical(from) → t → canonical(to).
    let t_per_from = constants.tonnes_per(from)?;
    let t_per_to = constants.tonnes_per(to)?;
    let f = canonical * t_per_from / t_per_to;
    (f.is_finite() && f > 0.0).then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_are_explicit() {
        let none = Constants::default();
        assert_eq!(factor(Unit::Kg, Unit::T, &none), Some(1e-3));
        assert_eq!(factor(Unit::Mwh, Unit::Gj, &none), Some(3.6));
        assert!((factor(Unit::Kwh, Unit::Gj, &none).unwrap() - 0.0036).abs() < 1e-15);
        assert_eq!(factor(Unit::Nm3, Unit::T, &none), None);
        assert_eq!(factor(Unit::M3, Unit::Gj, &none), None);
        let h2 = Constants {
            density_kg_per_nm3: Some(0.08988),
            ..Constants::default()
        };
        // 1,000,000 Nm3 of hydrogen = 89.88 t
        let f = factor(Unit::Nm3, Unit::T, &h2).unwrap();
        assert!((1e6 * f - 89.88).abs() < 1e-9);
        let steam = Constants {
            gj_per_t: Some(2.8),
            ..Constants::default()
        };
        assert!((factor(Unit::T, Unit::Gj, &steam).unwrap() - 2.8).abs() < 1e-12);
        assert!((factor(Unit::Kg, Unit::Gj, &steam).unwrap() - 2.8e-3).abs() < 1e-15);
        assert_eq!(Unit::parse("Nm³"), Some(Unit::Nm3));
        assert_eq!(Unit::parse("barrel"), None);
    }
}
