//! The data contract: the accepted range of every figure and text liantu stores or reads as a
//! rule. Each range is stated here once. Importers, forms and parsers refuse a value outside it
//! (naming the row and column); engines accept every value inside it, so anything stored can be
//! analysed — and a value outside it found in an older database is set aside and reported beside
//! its node or enterprise, never a failure of the whole result. docs/import-format.md shows the
//! same table to users.
//!
//! | Field | Range | Unit |
//! |---|---|---|
//! | output, value added, revenue, tax, R&D expense, exports, imports, high-tech exports, digital investment, supply-link value; candidate investment, expected output and tax | [`AMOUNT`] 0 ≤ x ≤ 1e15 | 万元 |
//! | membership share, candidate R&D intensity, profile fractions | [`SHARE`] 0 ≤ x ≤ 1 | |
//! | land of an enterprise, park or candidate | [`LAND_MU`] 0 < x ≤ 1e8 | 亩 |
//! | year of figures, links, panel periods (four digits, [`year_text`]) | [`YEAR`] 1900 ≤ y ≤ 2200 | |
//! | year founded | [`FOUNDED`] 1800 ≤ y ≤ 2200 | |
//! | employees, candidate jobs | [`EMPLOYEES`] 0 ≤ n ≤ 1e7 | 人 |
//! | patents | [`PATENTS`] 0 ≤ n ≤ 1e7 | 件 |
//! | production bases abroad | [`OVERSEAS_BASES`] 0 ≤ n ≤ 1e4 | 个 |
//! | park longitude, latitude (WGS 84) | [`LONGITUDE`] −180 ≤ x ≤ 180, [`LATITUDE`] −90 ≤ y ≤ 90 | ° |
//! | energy use | [`ENERGY_TCE`] 0 ≤ x ≤ 1e12 | 吨标准煤 |
//! | CO₂ emissions | [`EMISSIONS_TCO2`] 0 ≤ x ≤ 1e12 | 吨 |
//! | energy and emission intensities (candidates, profile benchmarks) | [`INTENSITY`] 0 ≤ x ≤ 1e4 | per 万元 |
//! | region × industry panel value | [`PANEL_VALUE`] 0 ≤ x ≤ 1e15 | |
//! | input-output flows and total output | [`AMOUNT`] | 万元 |
//! | input-output final demand and value added (may be negative) | [`SIGNED_AMOUNT`] −1e15 ≤ x ≤ 1e15 | 万元 |
//! | symbiosis stream quantity per year, in its unit | [`QUANTITY`] 0 ≤ x ≤ 1e15 | t, GJ, m³ … |
//! | symbiosis properties in % (purity, moisture …) | [`PERCENT`] 0 ≤ x ≤ 100 | % |
//! | symbiosis temperatures | [`TEMPERATURE_C`] −273.15 ≤ x ≤ 1e4 | °C |
//! | symbiosis pressures | [`PRESSURE_MPA`] 0 ≤ x ≤ 1e4 | MPa |
//! | symbiosis water quality class (GB 3838, 劣Ⅴ = 6) | [`WATER_CLASS`] 1 ≤ x ≤ 6 | |
//! | other symbiosis properties | [`PROPERTY`] 0 ≤ x ≤ 1e12 | |
//! | virgin-input price | [`PRICE`] 0 ≤ x ≤ 1e12 | 元 per unit |
//! | disposal cost (negative: the offerer could sell it) | [`DISPOSAL_COST`] −1e12 ≤ x ≤ 1e12 | 元 per unit |
//! | profile weights and points | [`POINTS`] 0 ≤ x ≤ 1e4 | |
//! | profile 万元/亩 thresholds | [`PER_MU`] 0 ≤ x ≤ 1e7 | 万元/亩 |
//! | profile ratios, multipliers and caps | [`RATIO`] 0 ≤ x ≤ 1e3 | |
//! | profile counts (patents target, partners) | [`EMPLOYEES`] | |
//! | 亩均 indicator benchmarks | [`INDICATOR`] 0 ≤ x ≤ 1e12 | per 亩, 人, tce … |
//! | names (enterprises, suppliers, candidates, chains, nodes, panels) | [`check_name`]: something visible, no control characters but tab and line breaks, no bidi overrides, ≤ 200 characters | |
//! | other text | [`check_text`]: no NUL or other control characters but tab and line breaks, no bidi overrides, ≤ 20,000 characters | |
//!
//! Every range is closed and finite: NaN and ±∞ are always outside. Amounts stop at 1e15 万元
//! (far above any real figure) so that sums over millions of items stay finite.

use crate::Uscc;
use crate::candidate::Candidate;
use crate::records::{Enterprise, EnterpriseYear, Membership, Park, SupplyLink};
use std::fmt;

/// The accepted range of one kind of figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub min: f64,
    pub max: f64,
    /// `min` itself is refused (land must be more than 0).
    pub min_exclusive: bool,
    pub unit_zh: &'static str,
    pub unit_en: &'static str,
}

const fn bound(min: f64, max: f64, unit_zh: &'static str, unit_en: &'static str) -> Bound {
    Bound {
        min,
        max,
        min_exclusive: false,
        unit_zh,
        unit_en,
    }
}

/// Money, 万元: 0 ≤ x ≤ 1e15.
pub const AMOUNT: Bound = bound(0.0, 1e15, "万元", "10k yuan");
/// Money that may be negative (IO final demand, value added), 万元.
pub const SIGNED_AMOUNT: Bound = bound(-1e15, 1e15, "万元", "10k yuan");
/// A fraction: 0 ≤ x ≤ 1.
pub const SHARE: Bound = bound(0.0, 1.0, "", "");
/// Land, 亩: 0 < x ≤ 1e8 (1e8 亩 ≈ 66,700 km²).
pub const LAND_MU: Bound = bound(0.0, 1e8, "亩", "mu").positive();
/// Year of figures, links and panel periods.
pub const YEAR: Bound = bound(1900.0, 2200.0, "", "");
/// Year founded (a few firms are older than 1900).
pub const FOUNDED: Bound = bound(1800.0, 2200.0, "", "");
/// Persons employed (also a candidate's jobs and other counts of people or partners).
pub const EMPLOYEES: Bound = bound(0.0, 1e7, "人", "persons");
/// A monthly wage, 元: 0 < x ≤ 1e7.
pub const MONTHLY_WAGE: Bound = bound(0.0, 1e7, "元/月", "yuan/month").positive();
/// Patents held.
pub const PATENTS: Bound = bound(0.0, 1e7, "件", "patents");
/// Production bases abroad (境外生产基地) of one firm.
pub const OVERSEAS_BASES: Bound = bound(0.0, 1e4, "个", "bases");
/// Longitude, WGS 84 degrees.
pub const LONGITUDE: Bound = bound(-180.0, 180.0, "度", "degrees");
/// Latitude, WGS 84 degrees.
pub const LATITUDE: Bound = bound(-90.0, 90.0, "度", "degrees");
/// Energy use per year, tonnes of standard coal.
pub const ENERGY_TCE: Bound = bound(0.0, 1e12, "吨标准煤", "tce");
/// CO₂ emissions per year, tonnes.
pub const EMISSIONS_TCO2: Bound = bound(0.0, 1e12, "吨", "t CO2");
/// Energy (tce) or emissions (t CO₂) per 万元 of output.
pub const INTENSITY: Bound = bound(0.0, 1e4, "每万元", "per 10k yuan");
/// A value of a region × industry panel (employment, output …).
pub const PANEL_VALUE: Bound = bound(0.0, 1e15, "", "");
/// A stream's quantity per year, in its own unit (t, GJ, Nm³ …).
pub const QUANTITY: Bound = bound(0.0, 1e15, "", "");
/// A symbiosis property measured in %.
pub const PERCENT: Bound = bound(0.0, 100.0, "%", "%");
/// A temperature, °C (not below absolute zero).
pub const TEMPERATURE_C: Bound = bound(-273.15, 1e4, "°C", "°C");
/// A pressure, MPa.
pub const PRESSURE_MPA: Bound = bound(0.0, 1e4, "MPa", "MPa");
/// A surface-water quality class of GB 3838 (Ⅰ–Ⅴ, 劣Ⅴ = 6).
pub const WATER_CLASS: Bound = bound(1.0, 6.0, "类", "class");
/// Any other physical property of a stream.
pub const PROPERTY: Bound = bound(0.0, 1e12, "", "");
/// Price of a virgin input, 元 per unit.
pub const PRICE: Bound = bound(0.0, 1e12, "元/单位", "yuan per unit");
/// Disposal cost of a stream, 元 per unit; negative when the offerer could sell it instead.
pub const DISPOSAL_COST: Bound = bound(-1e12, 1e12, "元/单位", "yuan per unit");
/// Weights and points of a scoring or grading rule.
pub const POINTS: Bound = bound(0.0, 1e4, "分", "points");
/// A 万元-per-亩 threshold.
pub const PER_MU: Bound = bound(0.0, 1e7, "万元/亩", "10k yuan per mu");
/// A dimensionless ratio, multiplier or cap.
pub const RATIO: Bound = bound(0.0, 1e3, "", "");
/// A benchmark of a 亩均 indicator (per 亩, per person, per tce …).
pub const INDICATOR: Bound = bound(0.0, 1e12, "", "");

/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest free text (business scope, notes), in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

impl Bound {
    /// The same range without its lower end: a threshold that must be more than `min`.
    pub const fn positive(self) -> Bound {
        Bound {
            min_exclusive: true,
            ..self
        }
    }

    /// Whether `x` lies in the range (never for NaN or ±∞).
    pub fn contains(&self, x: f64) -> bool {
        let above = if self.min_exclusive {
            x > self.min
        } else {
            x >= self.min
        };
        above && x <= self.max
    }

    /// `x`, or why it is refused.
    pub fn check(&self, x: f64) -> Result<f64, OutOfRange> {
        if self.contains(x) {
            Ok(x)
        } else {
            Err(OutOfRange {
                value: x,
                bound: *self,
            })
        }
    }

    /// `0 至 1e15 万元`, `大于 0、至多 1e8 亩`.
    pub fn describe_zh(&self) -> String {
        let unit = if self.unit_zh.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit_zh)
        };
        if self.min_exclusive {
            format!("大于 {}、至多 {}{unit}", num(self.min), num(self.max))
        } else {
            format!("{} 至 {}{unit}", num(self.min), num(self.max))
        }
    }

    /// `0..=1e15 (10k yuan)`, `> 0 and ≤ 1e8 (mu)`.
    pub fn describe_en(&self) -> String {
        let unit = if self.unit_en.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.unit_en)
        };
        if self.min_exclusive {
            format!("> {} and ≤ {}{unit}", num(self.min), num(self.max))
        } else {
            format!("{}..={}{unit}", num(self.min), num(self.max))
        }
    }
}

/// Bounds as people read them: `1e15` rather than `1000000000000000`.
fn num(x: f64) -> String {
    if x != 0.0 && x.abs() >= 1e5 {
        let exp = x.abs().log10().round();
        if 10f64.powf(exp) == x.abs() {
            let sign = if x < 0.0 { "-" } else { "" };
            return format!("{sign}1e{exp}");
        }
    }
    format!("{x}")
}

/// A value outside its [`Bound`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutOfRange {
    pub value: f64,
    pub bound: Bound,
}

impl OutOfRange {
    pub fn reason_zh(&self) -> String {
        format!("应为 {} 的有限数", self.bound.describe_zh())
    }

    pub fn reason_en(&self) -> String {
        format!("expected a finite number in {}", self.bound.describe_en())
    }
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} 超出范围，{} / {} is out of range: {}",
            self.value,
            self.reason_zh(),
            self.value,
            self.reason_en()
        )
    }
}

impl std::error::Error for OutOfRange {}

/// Why a text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    /// Nothing visible: empty, blank or only invisible characters (zero-width, bidi marks …).
    Invisible,
    /// A control character (NUL, escape …), given as its code point.
    Control(char),
    /// A bidirectional override or isolate, which can make a text display as another.
    Bidi(char),
    /// Longer than allowed: (characters, limit).
    TooLong(usize, usize),
}

impl TextError {
    pub fn reason_zh(&self) -> String {
        match self {
            TextError::Invisible => "不能为空，也不能只有空白或不可见字符".into(),
            TextError::Control(c) => format!("含有控制字符 U+{:04X}", u32::from(*c)),
            TextError::Bidi(c) => format!("含有双向文本控制字符 U+{:04X}", u32::from(*c)),
            TextError::TooLong(n, max) => format!("过长：{n} 个字符，上限 {max}"),
        }
    }

    pub fn reason_en(&self) -> String {
        match self {
            TextError::Invisible => {
                "must have visible characters, not only blanks or invisible ones".into()
            }
            TextError::Control(c) => {
                format!("contains the control character U+{:04X}", u32::from(*c))
            }
            TextError::Bidi(c) => {
                format!("contains the bidirectional control U+{:04X}", u32::from(*c))
            }
            TextError::TooLong(n, max) => format!("too long: {n} characters, at most {max}"),
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.reason_zh(), self.reason_en())
    }
}

impl std::error::Error for TextError {}

/// Bidirectional embeddings, overrides and isolates (the "Trojan Source" characters).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Unicode's default-ignorable code points: characters that display as nothing.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// A text that is not a name: at most [`MAX_TEXT_CHARS`] characters, no control characters but
/// tab and line breaks, no bidi overrides. Empty is fine.
pub fn check_text(s: &str) -> Result<(), TextError> {
    check_chars(s, MAX_TEXT_CHARS, |c| matches!(c, '\t' | '\n' | '\r'))
}

/// A name (of an enterprise, supplier, candidate, chain, node, panel …): something visible, at
/// most [`MAX_NAME_CHARS`] characters, no control characters but tab and line breaks (a long
/// name wrapped in its spreadsheet cell keeps its break), no bidi overrides.
pub fn check_name(s: &str) -> Result<(), TextError> {
    check_chars(s, MAX_NAME_CHARS, |c| matches!(c, '\t' | '\n' | '\r'))?;
    if s.chars().all(is_invisible) {
        return Err(TextError::Invisible);
    }
    Ok(())
}

/// A year written as text (a panel period): exactly four ASCII digits within [`YEAR`].
pub fn year_text(s: &str) -> Option<i32> {
    let t = s.trim();
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = t.parse().ok()?;
    YEAR.contains(f64::from(y)).then_some(y)
}

/// A stored text made displayable, for data written before the contract: control characters
/// but tab and line breaks, and bidi overrides, become U+FFFD, and a name with nothing visible
/// becomes U+FFFD, so the record can still be shown and analysed.
pub fn repair(s: &str, name: bool) -> String {
    let bad = |c: char| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_bidi_control(c);
    let mut out: String = s
        .chars()
        .map(|c| if bad(c) { '\u{FFFD}' } else { c })
        .collect();
    if name && out.chars().all(is_invisible) {
        out = "\u{FFFD}".into();
    }
    out
}

fn check_chars(
    s: &str,
    max: usize,
    allowed_control: impl Fn(char) -> bool,
) -> Result<(), TextError> {
    let mut n = 0;
    for c in s.chars() {
        n += 1;
        if c.is_control() && !allowed_control(c) {
            return Err(TextError::Control(c));
        }
        if is_bidi_control(c) {
            return Err(TextError::Bidi(c));
        }
    }
    if n > max {
        return Err(TextError::TooLong(n, max));
    }
    Ok(())
}

/// One field of a record outside the contract.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The field's key (as the import column and the struct field are named).
    pub field: &'static str,
    pub reason_zh: String,
    pub reason_en: String,
}

impl Violation {
    fn range(field: &'static str, e: OutOfRange) -> Violation {
        Violation {
            field,
            reason_zh: format!("{} 超出范围，{}", e.value, e.reason_zh()),
            reason_en: format!("{} is out of range: {}", e.value, e.reason_en()),
        }
    }

    fn text(field: &'static str, e: TextError) -> Violation {
        Violation {
            field,
            reason_zh: e.reason_zh(),
            reason_en: e.reason_en(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}：{} / {}: {}",
            self.field, self.reason_zh, self.field, self.reason_en
        )
    }
}

/// Collects the violations of one record, field by field.
#[derive(Debug, Default)]
pub struct Checker {
    pub violations: Vec<Violation>,
}

impl Checker {
    pub fn number(&mut self, field: &'static str, x: f64, bound: &Bound) -> &mut Self {
        if let Err(e) = bound.check(x) {
            self.violations.push(Violation::range(field, e));
        }
        self
    }

    pub fn optional(&mut self, field: &'static str, x: Option<f64>, bound: &Bound) -> &mut Self {
        if let Some(x) = x {
            self.number(field, x, bound);
        }
        self
    }

    pub fn name(&mut self, field: &'static str, s: &str) -> &mut Self {
        if let Err(e) = check_name(s) {
            self.violations.push(Violation::text(field, e));
        }
        self
    }

    pub fn text(&mut self, field: &'static str, s: &str) -> &mut Self {
        if let Err(e) = check_text(s) {
            self.violations.push(Violation::text(field, e));
        }
        self
    }

    /// A USCC given as text: its form must be valid (a wrong check character alone is accepted,
    /// as real pilot-region codes fail it).
    pub fn uscc(&mut self, field: &'static str, code: Option<&str>) -> &mut Self {
        if let Some(code) = code
            && let Err(e) = Uscc::parse(code)
        {
            let s = e.to_string();
            let (zh, en) = s.split_once(" / ").unwrap_or((&s, &s));
            self.violations.push(Violation {
                field,
                reason_zh: zh.to_string(),
                reason_en: en.to_string(),
            });
        }
        self
    }

    pub fn finish(&mut self) -> Vec<Violation> {
        std::mem::take(&mut self.violations)
    }
}

/// A record that states which of its fields break the contract.
pub trait Contract {
    /// Every field outside its range; empty when the record can be stored.
    fn violations(&self) -> Vec<Violation>;
}

// Which field of each stored record has which range: the table above, as code.

impl Contract for Enterprise {
    fn violations(&self) -> Vec<Violation> {
        Checker::default()
            .name("name", &self.name)
            .text("main_products", &self.main_products)
            .text(
                "business_scope",
                self.business_scope.as_deref().unwrap_or(""),
            )
            .optional("land_mu", self.land_mu, &LAND_MU)
            .optional("founded", self.founded.map(f64::from), &FOUNDED)
            .optional(
                "overseas_bases",
                self.overseas_bases.map(|n| n as f64),
                &OVERSEAS_BASES,
            )
            .finish()
    }
}

impl Contract for EnterpriseYear {
    fn violations(&self) -> Vec<Violation> {
        Checker::default()
            .number("year", f64::from(self.year), &YEAR)
            .optional("output", self.output, &AMOUNT)
            .optional("value_added", self.value_added, &AMOUNT)
            .optional("revenue", self.revenue, &AMOUNT)
            .optional("tax", self.tax, &AMOUNT)
            .optional("employees", self.employees.map(|n| n as f64), &EMPLOYEES)
            .optional("rd_expense", self.rd_expense, &AMOUNT)
            .optional("exports", self.exports, &AMOUNT)
            .optional("imports", self.imports, &AMOUNT)
            .optional("hightech_exports", self.hightech_exports, &AMOUNT)
            .optional("digital_investment", self.digital_investment, &AMOUNT)
            .optional("energy_tce", self.energy_tce, &ENERGY_TCE)
            .optional("emissions_tco2", self.emissions_tco2, &EMISSIONS_TCO2)
            .finish()
    }
}

impl Contract for Membership {
    fn violations(&self) -> Vec<Violation> {
        Checker::default()
            .optional("share", self.share, &SHARE)
            .finish()
    }
}

impl Contract for SupplyLink {
    fn violations(&self) -> Vec<Violation> {
        Checker::default()
            .name("supplier_name", &self.supplier_name)
            .text("product", &self.product)
            .number("year", f64::from(self.year), &YEAR)
            .number("value", self.value, &AMOUNT)
            .finish()
    }
}

impl Contract for Park {
    fn violations(&self) -> Vec<Violation> {
        Checker::default()
            .name("name_zh", &self.name_zh)
            .name("name_en", &self.name_en)
            .optional("area_mu", self.area_mu, &LAND_MU)
            .optional("lon", self.location.map(|l| l.0), &LONGITUDE)
            .optional("lat", self.location.map(|l| l.1), &LATITUDE)
            .finish()
    }
}

impl Contract for Candidate {
    fn violations(&self) -> Vec<Violation> {
        Checker::default()
            .name("name", &self.name)
            .uscc("uscc", self.uscc.as_deref())
            .text("note", &self.note)
            .number("investment", self.investment, &AMOUNT)
            .optional("land_mu", self.land_mu, &LAND_MU)
            .optional("expected_output", self.expected_output, &AMOUNT)
            .optional("expected_tax", self.expected_tax, &AMOUNT)
            .optional("jobs", self.jobs.map(f64::from), &EMPLOYEES)
            .optional("rd_intensity", self.rd_intensity, &SHARE)
            .optional("patents", self.patents.map(f64::from), &PATENTS)
            .optional("energy_tce_per_wan", self.energy_tce_per_wan, &INTENSITY)
            .optional(
                "emissions_tco2_per_wan",
                self.emissions_tco2_per_wan,
                &INTENSITY,
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_closed_finite_and_described() {
        assert!(AMOUNT.contains(0.0) && AMOUNT.contains(1e15));
        for bad in [-1.0, 1e308, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(!AMOUNT.contains(bad), "{bad}");
        }
        assert!(!LAND_MU.contains(0.0) && LAND_MU.contains(0.5) && !LAND_MU.contains(-2024.0));
        assert!(DISPOSAL_COST.contains(-5.0) && !PRICE.contains(-5.0));
        assert_eq!(AMOUNT.describe_zh(), "0 至 1e15 万元");
        assert_eq!(AMOUNT.describe_en(), "0..=1e15 (10k yuan)");
        assert_eq!(LAND_MU.describe_en(), "> 0 and ≤ 1e8 (mu)");
        assert_eq!(SIGNED_AMOUNT.describe_zh(), "-1e15 至 1e15 万元");
        let e = AMOUNT.check(-1.0).unwrap_err();
        assert!(e.to_string().contains("0..=1e15"), "{e}");
    }

    #[test]
    fn names_need_something_visible_and_no_controls() {
        assert_eq!(check_name("上汽通用五菱"), Ok(()));
        assert_eq!(check_name("A\u{200D}B"), Ok(()));
        assert_eq!(check_name(""), Err(TextError::Invisible));
        assert_eq!(check_name(" \u{3000}"), Err(TextError::Invisible));
        assert_eq!(check_name("\u{200B}\u{FEFF}"), Err(TextError::Invisible));
        assert_eq!(
            check_name("\u{202E}\u{200B}"),
            Err(TextError::Bidi('\u{202E}'))
        );
        assert_eq!(
            check_name("柳州\u{202E}gpj"),
            Err(TextError::Bidi('\u{202E}'))
        );
        assert_eq!(check_name("a\0b"), Err(TextError::Control('\0')));
        assert_eq!(check_name("乙\r\n分厂"), Ok(()));
        assert_eq!(check_name("\r\n"), Err(TextError::Invisible));
        assert_eq!(check_name("a\u{7}b"), Err(TextError::Control('\u{7}')));
        assert!(matches!(
            check_name(&"长".repeat(201)),
            Err(TextError::TooLong(201, 200))
        ));
    }

    #[test]
    fn years_as_text() {
        assert_eq!(year_text(" 2023 "), Some(2023));
        for junk in ["abc", "NaN", "20231", "1e3", "１９９９", "1899", "-202"] {
            assert_eq!(year_text(junk), None, "{junk}");
        }
    }

    #[test]
    fn stored_texts_are_repaired_for_display() {
        assert_eq!(repair("示例\0链", true), "示例\u{FFFD}链");
        assert_eq!(repair("\u{200B}", true), "\u{FFFD}");
        assert_eq!(repair("a\nb\0", false), "a\nb\u{FFFD}");
        assert_eq!(check_name(&repair("\u{202E}\u{200B}", true)), Ok(()));
    }

    #[test]
    fn free_text_keeps_line_breaks_but_not_nul() {
        assert_eq!(check_text(""), Ok(()));
        assert_eq!(check_text("第一行\r\n第二行\t制表"), Ok(()));
        assert_eq!(check_text("a\0"), Err(TextError::Control('\0')));
        assert_eq!(check_text("\u{1b}[31m"), Err(TextError::Control('\u{1b}')));
        assert_eq!(check_text("x\u{2066}"), Err(TextError::Bidi('\u{2066}')));
    }
}
