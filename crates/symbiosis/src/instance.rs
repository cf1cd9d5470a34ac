//! The standalone instance (JSON, `docs/symbiosis-instance.md`) and its validation into a
//! [`Model`]: every quantity in its class's base unit, every reference resolved. Validation
//! reports every problem it finds, and nothing is solved when there is one.

use crate::catalog::{Catalog, ClassDef};
use crate::units::{self, Unit};
use liantu_model::bounds::{Bound, DISPOSAL_COST, PRICE, QUANTITY};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

pub const FORMAT: &str = "liantu-symbiosis/1";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// `liantu-symbiosis/1`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default)]
    pub name: String,
    /// Some figures are made up (demo data).
    #[serde(default)]
    pub illustrative: bool,
    #[serde(default)]
    pub parks: Vec<Park>,
    #[serde(default)]
    pub enterprises: Vec<Enterprise>,
    #[serde(default)]
    pub offers: Vec<Offer>,
    #[serde(default)]
    pub needs: Vec<Need>,
    #[serde(default)]
    pub distances: Vec<Distance>,
    #[serde(default)]
    pub options: Options,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Park {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Distance between two sites of the park when they have no coordinates, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_distance_km: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enterprise {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Hazardous-waste licence categories held (危险废物经营许可证), e.g. `["HW34"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licences: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    pub id: String,
    pub enterprise: String,
    pub class: String,
    /// per year, in `unit`
    #[serde(default)]
    pub quantity: Option<f64>,
    #[serde(default)]
    pub unit: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, f64>,
    /// 元 per `unit` the offerer pays to dispose of it (negative when it can sell it elsewhere).
    #[serde(default)]
    pub disposal_cost: f64,
    /// HW category when the stream is a hazardous waste (overrides the class).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hw: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ewc: Option<String>,
    /// 元 per year for setting up one exchange (mixed-integer model only; default options.fixed_cost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_fixed_cost: Option<f64>,
    /// Smallest worthwhile exchange, in `unit` (mixed-integer model only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_exchange: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub id: String,
    pub enterprise: String,
    pub class: String,
    #[serde(default)]
    pub quantity: Option<f64>,
    #[serde(default)]
    pub unit: String,
    /// Thresholds by property name: a minimum where higher is better, a maximum where lower is.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub requires: BTreeMap<String, f64>,
    /// 元 per `unit` of the virgin input the need would otherwise buy.
    #[serde(default)]
    pub virgin_price: f64,
    /// At least this much must come from exchanges (contract), in `unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_intake: Option<f64>,
    /// Emission factor of what the need displaces (default: the class's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avoided_factor: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distance {
    pub from: String,
    pub to: String,
    pub km: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    /// Solve the mixed-integer model (fixed cost and minimum size per exchange).
    pub mip: bool,
    /// 元 per year per exchange in the mixed-integer model.
    pub fixed_cost: f64,
    /// Road distance ÷ straight-line distance when computed from coordinates.
    pub road_factor: f64,
    /// Distance inside a park when sites have no coordinates, km.
    pub internal_distance_km: f64,
    /// Solver time limit, seconds.
    pub time_limit_s: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mip: false,
            fixed_cost: 0.0,
            road_factor: 1.3,
            internal_distance_km: 2.0,
            time_limit_s: 60.0,
        }
    }
}

/// A validated site (enterprise location).
#[derive(Clone, Debug)]
pub struct Site {
    pub park: Option<u32>,
    pub coord: Option<(f64, f64)>,
    pub licences: Vec<String>,
}

/// A validated offer or need, quantities in the class's base unit.
#[derive(Clone, Debug)]
pub struct Stream {
    pub enterprise: u32,
    pub class: u32,
    /// base units per year
    pub quantity: f64,
    /// base units per unit given
    pub unit_factor: f64,
    /// 元 per base unit: disposal cost (offer) or virgin price (need)
    pub price: f64,
    /// property values (offer) or thresholds (need) in the class's property order; NaN = not stated
    pub props: Vec<f64>,
    /// HW category when hazardous
    pub hw: Option<String>,
    /// base units; needs only
    pub min_intake: f64,
    /// emission factor index; needs only
    pub factor: usize,
    /// mixed-integer model: fixed cost (元/yr) and minimum size (base units); offers only
    pub fixed_cost: f64,
    pub min_exchange: f64,
}

/// A validated instance ready for matching and optimisation.
#[derive(Clone, Debug)]
pub struct Model<'c> {
    pub catalog: &'c Catalog,
    pub instance: Instance,
    pub parks: Vec<String>,
    pub park_internal_km: Vec<f64>,
    pub sites: Vec<Site>,
    pub offers: Vec<Stream>,
    pub needs: Vec<Stream>,
    pub distances: HashMap<(u32, u32), f64>,
}

/// Every problem found in an instance, one line each, 中文 / English.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", .0.join("\n"))]
pub struct InvalidInstance(pub Vec<String>);

fn hw_ok(code: &str) -> bool {
    code.len() == 4 && code.starts_with("HW") && code[2..].bytes().all(|b| b.is_ascii_digit())
}

fn ewc_ok(code: &str) -> bool {
    let digits = code.strip_suffix('*').unwrap_or(code);
    digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())
}

fn known_units() -> String {
    Unit::ALL.map(|u| u.symbol()).join(", ")
}

impl Instance {
    /// Parses an instance from JSON; a syntax or shape error names line and column.
    pub fn from_json(text: &str) -> Result<Instance, InvalidInstance> {
        serde_json::from_str(text).map_err(|e| {
            InvalidInstance(vec![format!(
                "实例文件格式错误 / instance is not valid: {e} (第 {} 行第 {} 列 / line {}, column {})",
                e.line(),
                e.column(),
                e.line(),
                e.column()
            )])
        })
    }

    /// Validates against `catalog`. Returns every problem found.
    pub fn validate(self, catalog: &Catalog) -> Result<Model<'_>, InvalidInstance> {
        let mut v = Validator {
            catalog,
            options: &self.options,
            errors: Vec::new(),
            parks: Vec::new(),
            park_internal_km: Vec::new(),
            park_index: HashMap::new(),
            site_index: HashMap::new(),
        };
        v.header(self.format.as_deref());
        v.parks(&self.parks);
        let sites = v.sites(&self.enterprises);
        let offers = v.offers(&self.offers);
        let needs = v.needs(&self.needs);
        let distances = v.distances(&self.distances);
        let Validator {
            errors,
            parks,
            park_internal_km,
            ..
        } = v;
        if !errors.is_empty() {
            return Err(InvalidInstance(errors));
        }
        Ok(Model {
            catalog,
            instance: self,
            parks,
            park_internal_km,
            sites,
            offers,
            needs,
            distances,
        })
    }
}

/// Validation in progress: the problems found so far and the indexes later sections resolve
/// references with.
struct Validator<'a> {
    catalog: &'a Catalog,
    options: &'a Options,
    errors: Vec<String>,
    /// Declared parks first, then any named by an enterprise.
    parks: Vec<String>,
    park_internal_km: Vec<f64>,
    park_index: HashMap<String, u32>,
    /// Enterprise id → site.
    site_index: HashMap<&'a str, u32>,
}

impl<'a> Validator<'a> {
    fn err(&mut self, s: String) {
        self.errors.push(s);
    }

    /// The format tag and the options.
    fn header(&mut self, format: Option<&str>) {
        if let Some(f) = format
            && f != FORMAT
        {
            self.err(format!(
                "不支持的格式 {f}（应为 {FORMAT}）/ unsupported format {f} (expected {FORMAT})"
            ));
        }
        let o = self.options;
        if !(o.fixed_cost.is_finite() && o.fixed_cost >= 0.0) {
            self.err("options.fixed_cost 必须为非负数 / must be a non-negative number".into());
        }
        if !(o.road_factor.is_finite() && o.road_factor >= 1.0) {
            self.err("options.road_factor 必须 ≥ 1 / must be at least 1".into());
        }
        if !(o.internal_distance_km.is_finite() && o.internal_distance_km >= 0.0) {
            self.err(
                "options.internal_distance_km 必须为非负数 / must be a non-negative number".into(),
            );
        }
        if !(o.time_limit_s.is_finite() && o.time_limit_s > 0.0) {
            self.err("options.time_limit_s 必须为正数 / must be positive".into());
        }
    }

    /// The declared parks.
    fn parks(&mut self, parks: &[Park]) {
        for p in parks {
            if self.park_index.contains_key(&p.id) {
                self.err(format!("园区 id 重复 / duplicate park id: {}", p.id));
                continue;
            }
            let km = p
                .internal_distance_km
                .unwrap_or(self.options.internal_distance_km);
            if !(km.is_finite() && km >= 0.0) {
                self.err(format!(
                    "园区 {}：internal_distance_km 必须为非负数 / must be a non-negative number",
                    p.id
                ));
            }
            self.park_index
                .insert(p.id.clone(), self.parks.len() as u32);
            self.parks.push(p.id.clone());
            self.park_internal_km.push(km);
        }
    }

    /// One site per enterprise, in order; parks named here and not declared are added.
    fn sites(&mut self, enterprises: &'a [Enterprise]) -> Vec<Site> {
        let mut sites = Vec::with_capacity(enterprises.len());
        for e in enterprises {
            if e.id.trim().is_empty() {
                self.err("企业 id 为空 / enterprise with an empty id".into());
            }
            if self.site_index.insert(&e.id, sites.len() as u32).is_some() {
                self.err(format!("企业 id 重复 / duplicate enterprise id: {}", e.id));
            }
            let park = e.park.as_ref().map(|p| self.park(p));
            let coord = self.coord(e);
            let mut licences = Vec::new();
            for l in &e.licences {
                let l = l.trim().to_ascii_uppercase();
                if !hw_ok(&l) {
                    self.err(format!(
                        "企业 {}：许可类别 {l} 应为 HW01…HW50 / licence category {l} must look like HW34",
                        e.id
                    ));
                }
                licences.push(l);
            }
            sites.push(Site {
                park,
                coord,
                licences,
            });
        }
        sites
    }

    /// The index of park `id`, added with the default internal distance when undeclared.
    fn park(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.park_index.get(id) {
            return i;
        }
        self.parks.push(id.to_string());
        self.park_internal_km
            .push(self.options.internal_distance_km);
        let i = (self.parks.len() - 1) as u32;
        self.park_index.insert(id.to_string(), i);
        i
    }

    fn coord(&mut self, e: &Enterprise) -> Option<(f64, f64)> {
        match (e.lat, e.lon) {
            (Some(lat), Some(lon)) => {
                if !(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0)
                {
                    self.err(format!("企业 {}：坐标无效 / invalid coordinates", e.id));
                }
                Some((lat, lon))
            }
            (None, None) => None,
            _ => {
                self.err(format!(
                    "企业 {}：lat 与 lon 须同时给出 / give both lat and lon or neither",
                    e.id
                ));
                None
            }
        }
    }

    fn offers(&mut self, offers: &[Offer]) -> Vec<Stream> {
        let mut out = Vec::with_capacity(offers.len());
        let mut seen = HashSet::new();
        for x in offers {
            let what = format!("供给 offer {}", x.id);
            if !seen.insert(x.id.as_str()) {
                self.err(format!("{what}：id 重复 / duplicate id"));
            }
            let Some((enterprise, class, quantity, unit_factor)) =
                self.stream(&what, &x.enterprise, &x.class, x.quantity, &x.unit)
            else {
                continue;
            };
            let cdef = &self.catalog.classes[class as usize];
            let props = self.props(cdef, &x.properties, &what, "properties");
            self.bounded(&what, "disposal_cost", x.disposal_cost, &DISPOSAL_COST);
            let mut hw = cdef.hw.clone();
            if let Some(code) = &x.hw {
                let code = code.trim().to_ascii_uppercase();
                if hw_ok(&code) {
                    hw = Some(code);
                } else {
                    self.err(format!(
                        "{what}：危废类别 {code} 应为 HW01…HW50 / hw must look like HW34"
                    ));
                }
            }
            if let Some(code) = &x.ewc
                && !ewc_ok(code)
            {
                self.err(format!(
                    "{what}：EWC 代码 {code} 应为六位数字 / ewc must be six digits"
                ));
            }
            let fixed_cost = x.exchange_fixed_cost.unwrap_or(self.options.fixed_cost);
            if !(fixed_cost.is_finite() && fixed_cost >= 0.0) {
                self.err(format!(
                    "{what}：exchange_fixed_cost 必须为非负数 / must be non-negative"
                ));
            }
            let min_exchange = x.min_exchange.unwrap_or(0.0);
            if !(min_exchange.is_finite() && min_exchange >= 0.0) {
                self.err(format!(
                    "{what}：min_exchange 必须为非负数 / must be non-negative"
                ));
            }
            out.push(Stream {
                enterprise,
                class,
                quantity,
                unit_factor,
                price: x.disposal_cost / unit_factor,
                props,
                hw,
                min_intake: 0.0,
                factor: 0,
                fixed_cost,
                min_exchange: min_exchange * unit_factor,
            });
        }
        out
    }

    fn needs(&mut self, needs: &[Need]) -> Vec<Stream> {
        let mut out = Vec::with_capacity(needs.len());
        let mut seen = HashSet::new();
        for x in needs {
            let what = format!("需求 need {}", x.id);
            if !seen.insert(x.id.as_str()) {
                self.err(format!("{what}：id 重复 / duplicate id"));
            }
            let Some((enterprise, class, quantity, unit_factor)) =
                self.stream(&what, &x.enterprise, &x.class, x.quantity, &x.unit)
            else {
                continue;
            };
            let cdef = &self.catalog.classes[class as usize];
            let props = self.props(cdef, &x.requires, &what, "requires");
            self.bounded(&what, "virgin_price", x.virgin_price, &PRICE);
            let min_intake = x.min_intake.unwrap_or(0.0) * unit_factor;
            if !(min_intake.is_finite() && min_intake >= 0.0) {
                self.err(format!(
                    "{what}：min_intake 必须为非负数 / must be non-negative"
                ));
            } else if min_intake > quantity * (1.0 + 1e-12) {
                self.err(format!(
                    "{what}：min_intake 超过需求量 / min_intake exceeds the quantity needed"
                ));
            }
            let factor_id = x.avoided_factor.as_deref().unwrap_or(&cdef.avoided_factor);
            let factor = self.factor(cdef, factor_id, &what);
            out.push(Stream {
                enterprise,
                class,
                quantity,
                unit_factor,
                price: x.virgin_price / unit_factor,
                props,
                hw: None,
                min_intake,
                factor,
                fixed_cost: 0.0,
                min_exchange: 0.0,
            });
        }
        out
    }

    /// The emission factor a need displaces (0 after an error).
    fn factor(&mut self, cdef: &ClassDef, factor_id: &str, what: &str) -> usize {
        let catalog = self.catalog;
        match catalog.factor(factor_id) {
            Some(f) if catalog.factors[f].applies_to(cdef) => f,
            Some(f) => {
                self.err(format!(
                    "{what}：排放因子 {factor_id} 按 {} 计，与类别 {} 的单位 {} 不符 / emission factor {factor_id} is per {}, class {} is measured in {}",
                    catalog.factors[f].per,
                    cdef.id,
                    cdef.base_unit,
                    catalog.factors[f].per,
                    cdef.id,
                    cdef.base_unit
                ));
                0
            }
            None => {
                self.err(format!(
                    "{what}：未知排放因子 / unknown emission factor {factor_id}"
                ));
                0
            }
        }
    }

    fn distances(&mut self, distances: &[Distance]) -> HashMap<(u32, u32), f64> {
        let mut out = HashMap::new();
        for d in distances {
            match (
                self.site_index.get(d.from.as_str()),
                self.site_index.get(d.to.as_str()),
            ) {
                (Some(&a), Some(&b)) if d.km.is_finite() && d.km >= 0.0 => {
                    out.insert((a.min(b), a.max(b)), d.km);
                }
                (Some(_), Some(_)) => self.err(format!(
                    "距离 {} → {}：km 必须为非负数 / distance must be non-negative",
                    d.from, d.to
                )),
                _ => self.err(format!(
                    "距离 {} → {}：未知企业 / unknown enterprise",
                    d.from, d.to
                )),
            }
        }
        out
    }

    /// The enterprise, class, quantity (base units) and unit factor of an offer or need, or
    /// `None` after reporting what is wrong.
    fn stream(
        &mut self,
        what: &str,
        enterprise: &str,
        class: &str,
        quantity: Option<f64>,
        unit: &str,
    ) -> Option<(u32, u32, f64, f64)> {
        let catalog = self.catalog;
        let e = self.site_index.get(enterprise).copied();
        if e.is_none() {
            self.err(format!(
                "{what}：未知企业 / unknown enterprise {enterprise:?}"
            ));
        }
        let c = catalog.class(class);
        if c.is_none() {
            let known: Vec<&str> = catalog.classes.iter().map(|c| c.id.as_str()).collect();
            self.err(format!(
                "{what}：未知资源类别 / unknown class {class:?}（可用 / known: {}）",
                known.join(", ")
            ));
        }
        let q = match quantity {
            None => {
                self.err(format!("{what}：缺少数量 / quantity missing"));
                None
            }
            Some(q) if !QUANTITY.contains(q) => {
                self.err(format!(
                    "{what}：数量必须为非负数，实为 {q}（应为 {}）/ quantity must be non-negative, got {q} (expected {})",
                    QUANTITY.describe_zh(),
                    QUANTITY.describe_en()
                ));
                None
            }
            Some(q) => Some(q),
        };
        let u = Unit::parse(unit);
        if u.is_none() {
            self.err(format!(
                "{what}：未知单位 / unknown unit {unit:?}（可用 / known: {}）",
                known_units()
            ));
        }
        let (c, u) = (c?, u?);
        let cdef = &catalog.classes[c];
        let Some(f) = units::factor(u, cdef.base_unit, &cdef.constants()) else {
            self.err(format!(
                "{what}：单位不符：类别 {} 以 {} 计，{u}（{}）无法换算 / unit mismatch: class {} is measured in {} and {u} ({}) cannot be converted to it",
                cdef.id,
                cdef.base_unit,
                u.dimension().name(),
                cdef.id,
                cdef.base_unit,
                u.dimension().name()
            ));
            return None;
        };
        Some((e?, c as u32, q? * f, f))
    }

    /// Whether `value` of `field` lies in `bound`; reports it otherwise.
    fn bounded(&mut self, what: &str, field: &str, value: f64, bound: &Bound) -> bool {
        if bound.contains(value) {
            return true;
        }
        self.err(format!(
            "{what}：{field} = {value} 不在 {} 内 / {field} = {value} is outside {}",
            bound.describe_zh(),
            bound.describe_en()
        ));
        false
    }

    /// Property values (offer) or thresholds (need) in the class's property order; NaN where
    /// not given.
    fn props(
        &mut self,
        cdef: &ClassDef,
        given: &BTreeMap<String, f64>,
        what: &str,
        field: &str,
    ) -> Vec<f64> {
        let mut v = vec![f64::NAN; cdef.property.len()];
        for (name, &value) in given {
            match cdef.property_index(name) {
                Some(i) => {
                    let bound = cdef.property[i].bound();
                    if self.bounded(what, &format!("{field}.{name}"), value, &bound) {
                        v[i] = value;
                    }
                }
                None => {
                    let known: Vec<&str> = cdef.property.iter().map(|p| p.name.as_str()).collect();
                    self.err(format!(
                        "{what}：类别 {} 没有属性 {name}（可用 / known: {}）/ class {} has no property {name}",
                        cdef.id,
                        known.join(", "),
                        cdef.id
                    ));
                }
            }
        }
        v
    }
}

/// Great-circle distance in km.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}
