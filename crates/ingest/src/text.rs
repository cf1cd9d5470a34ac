//! Cell values and the lenient-but-exact parsing of what people type into spreadsheets: full-width
//! digits, thousands separators, 是/否, Excel serial dates and text dates.

pub use liantu_model::numbers::half_width;
use std::fmt;

/// One cell as read from a file: CSV cells are always text; spreadsheets keep their types.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell formatted as a date in the spreadsheet.
    Date(Date),
    /// A spreadsheet error value (`#N/A`, `#REF!` …) or undecodable text.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as the user would see it, for reports.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// An Excel serial date (1900 date system, days since 1899-12-30 for serials from 61, with
    /// Excel's phantom 1900-02-29 = 60). The time of day is ignored.
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
            return None;
        }
        let days = serial.floor() as i64;
        if days == 60 {
            return None; // 1900-02-29 does not exist.
        }
        // 25,569 = serial of 1970-01-01; before the phantom leap day serials are one day later.
        let since_epoch = if days < 60 {
            days - 25_568
        } else {
            days - 25_569
        };
        Some(civil_from_days(since_epoch))
    }
}

/// Days since 1970-01-01 → date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    Date {
        year: (if m <= 2 { y + 1 } else { y }) as i32,
        month: m,
        day: d,
    }
}

/// Shortest text that reads back as the same f64; whole numbers without ".0".
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Header text reduced for matching: half-width, no whitespace, lower case, no trailing unit in
/// parentheses (`工业总产值（万元）` → `工业总产值`), no BOM, no trailing `*` (required marker).
pub fn header_key(s: &str) -> String {
    let mut t: String = half_width(s.trim_start_matches('\u{FEFF}'))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    while t.ends_with('*') {
        t.pop();
    }
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
        && open > 0
    {
        t.truncate(open);
    }
    t
}

/// Why a value could not be read; rendered in Chinese and English.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub zh: String,
    pub en: String,
}

impl Invalid {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Invalid {
        Invalid {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// A number typed by a person: `1,234.5`, `１２３４．５`, ` 12 `, `-3`, `30%` (when `percent`).
/// Commas must group thousands (`1,2345` is refused: it may be a decimal comma).
pub fn parse_number(cell: &Cell, percent: bool) -> Result<Option<f64>, Invalid> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => Ok(Some(*n)),
        Cell::Bool(_) | Cell::Date(_) | Cell::Error(_) => {
            Err(Invalid::new("应为数字", "expected a number"))
        }
        Cell::Text(s) => parse_number_text(s, percent),
    }
}

fn parse_number_text(s: &str, percent: bool) -> Result<Option<f64>, Invalid> {
    liantu_model::numbers::parse_number_text(s, percent)
        .map_err(|e| Invalid::new(e.reason_zh, e.reason_en))
}

/// A whole number (number cells must have no fraction).
pub fn parse_integer(cell: &Cell) -> Result<Option<i64>, Invalid> {
    match parse_number(cell, false)? {
        None => Ok(None),
        Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => Ok(Some(v as i64)),
        Some(_) => Err(Invalid::new("应为整数", "expected a whole number")),
    }
}

/// 是/否 and friends; empty = `None`.
pub fn parse_bool(cell: &Cell) -> Result<Option<bool>, Invalid> {
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Bool(b) => return Ok(Some(*b)),
        Cell::Number(n) if *n == 1.0 => return Ok(Some(true)),
        Cell::Number(n) if *n == 0.0 => return Ok(Some(false)),
        Cell::Text(s) => half_width(s).trim().to_lowercase(),
        _ => String::from("?"),
    };
    match text.as_str() {
        "" => Ok(None),
        "是" | "1" | "y" | "yes" | "true" | "√" | "✓" | "✔" | "有" | "t" => Ok(Some(true)),
        "否" | "0" | "n" | "no" | "false" | "×" | "✗" | "无" | "f" | "-" => Ok(Some(false)),
        _ => Err(Invalid::new(
            "应为“是”或“否”",
            "expected yes/no (是/否, 1/0, Y/N, true/false)",
        )),
    }
}

/// A date: a date cell, an Excel serial number (a 5-digit number in a text cell too), or text as
/// `2024-03-31`, `2024/3/31`, `2024.3.31`, `2024年3月31日`, `20240331`, optionally followed by a
/// time, which is ignored.
pub fn parse_date(cell: &Cell) -> Result<Option<Date>, Invalid> {
    let bad = || {
        Invalid::new(
            "不是有效的日期（例如 2024-03-31、2024/3/31、2024年3月31日）",
            "not a valid date (e.g. 2024-03-31, 2024/3/31, 2024年3月31日)",
        )
    };
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => Date::from_excel_serial(*n).map(Some).ok_or_else(bad),
        Cell::Bool(_) | Cell::Error(_) => Err(bad()),
        Cell::Text(s) => {
            let t = half_width(s).trim().to_string();
            if t.is_empty() {
                return Ok(None);
            }
            let date_part = t.split([' ', 'T']).next().unwrap_or("");
            if date_part.len() == 5 && date_part.bytes().all(|b| b.is_ascii_digit()) {
                let serial: f64 = date_part.parse().map_err(|_| bad())?;
                return Date::from_excel_serial(serial).map(Some).ok_or_else(bad);
            }
            if date_part.len() == 8 && date_part.bytes().all(|b| b.is_ascii_digit()) {
                let y = date_part[..4].parse().map_err(|_| bad())?;
                let m = date_part[4..6].parse().map_err(|_| bad())?;
                let d = date_part[6..].parse().map_err(|_| bad())?;
                return Date::new(y, m, d).map(Some).ok_or_else(bad);
            }
            let parts: Vec<&str> = date_part
                .trim_end_matches('日')
                .trim_end_matches('号')
                .split(['-', '/', '.', '年', '月'])
                .collect();
            if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
                return Err(bad());
            }
            let y: i32 = parts[0].parse().map_err(|_| bad())?;
            let m: u32 = parts[1].parse().map_err(|_| bad())?;
            let d: u32 = parts[2].parse().map_err(|_| bad())?;
            if parts[0].len() != 4 {
                return Err(bad());
            }
            Date::new(y, m, d).map(Some).ok_or_else(bad)
        }
    }
}

/// A year founded: `2002`, `2002年`, or any date (its year), within `bounds::FOUNDED`.
pub fn parse_year(cell: &Cell) -> Result<Option<i32>, Invalid> {
    let bad = || {
        Invalid::new(
            "不是有效的年份（例如 2002 或 2002-05-01）",
            "not a valid year (e.g. 2002 or 2002-05-01)",
        )
    };
    let plausible = |y: i64| liantu_model::bounds::FOUNDED.contains(y as f64);
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) if n.fract() == 0.0 && plausible(*n as i64) => Ok(Some(*n as i32)),
        Cell::Text(s) => {
            let t = half_width(s);
            let t = t.trim().trim_end_matches('年');
            if t.is_empty() {
                return Ok(None);
            }
            if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                let y: i64 = t.parse().map_err(|_| bad())?;
                return if plausible(y) {
                    Ok(Some(y as i32))
                } else {
                    Err(bad())
                };
            }
            match parse_date(cell) {
                Ok(Some(d)) if plausible(i64::from(d.year)) => Ok(Some(d.year)),
                Ok(None) => Ok(None),
                _ => Err(bad()),
            }
        }
        other => match parse_date(other) {
            Ok(Some(d)) if plausible(i64::from(d.year)) => Ok(Some(d.year)),
            _ => Err(bad()),
        },
    }
}

/// Trimmed text of a cell; numbers as they read (whole numbers without ".0").
pub fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Text(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        other => Some(other.display()),
    }
}

/// Column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn numbers() {
        assert_eq!(
            parse_number(&t("1,234,567.5"), false),
            Ok(Some(1_234_567.5))
        );
        assert_eq!(
            parse_number(&t("１２，３４５．５"), false),
            Ok(Some(12_345.5))
        );
        assert_eq!(parse_number(&t(" -12 "), false), Ok(Some(-12.0)));
        assert_eq!(parse_number(&t("30%"), true), Ok(Some(0.3)));
        assert_eq!(parse_number(&t(""), false), Ok(None));
        assert!(parse_number(&t("1,2345"), false).is_err());
        assert!(parse_number(&t("1,5"), false).is_err());
        assert!(parse_number(&t("12万"), false).is_err());
        assert!(parse_number(&t("-"), false).is_err());
        assert!(parse_number(&t("inf"), false).is_err());
        assert!(parse_number(&t("30%"), false).is_err());
        assert_eq!(parse_integer(&t("1,000")), Ok(Some(1000)));
        assert!(parse_integer(&t("1.5")).is_err());
    }

    #[test]
    fn excel_serials() {
        assert_eq!(Date::from_excel_serial(1.0), Date::new(1900, 1, 1));
        assert_eq!(Date::from_excel_serial(59.0), Date::new(1900, 2, 28));
        assert_eq!(Date::from_excel_serial(60.0), None);
        assert_eq!(Date::from_excel_serial(61.0), Date::new(1900, 3, 1));
        assert_eq!(Date::from_excel_serial(45382.0), Date::new(2024, 3, 31));
        assert_eq!(Date::from_excel_serial(45382.75), Date::new(2024, 3, 31));
        assert_eq!(Date::from_excel_serial(0.0), None);
    }

    #[test]
    fn dates_and_years() {
        let d = Date::new(2024, 3, 31);
        for s in [
            "2024-03-31",
            "2024/3/31",
            "2024.3.31",
            "2024年3月31日",
            "20240331",
            "45382",
            "2024-03-31 00:00:00",
            "２０２４－０３－３１",
        ] {
            assert_eq!(parse_date(&t(s)).ok().flatten(), d, "{s}");
        }
        assert_eq!(parse_date(&Cell::Number(45382.0)).ok().flatten(), d);
        assert!(parse_date(&t("2024-02-30")).is_err());
        assert!(parse_date(&t("31/03/2024")).is_err());
        assert_eq!(parse_year(&t("2002年")), Ok(Some(2002)));
        assert_eq!(parse_year(&t("2002-05-01")), Ok(Some(2002)));
        assert_eq!(parse_year(&Cell::Number(2002.0)), Ok(Some(2002)));
        assert!(parse_year(&t("202")).is_err());
    }

    #[test]
    fn booleans_and_headers() {
        assert_eq!(parse_bool(&t("是")), Ok(Some(true)));
        assert_eq!(parse_bool(&t("Ｎ")), Ok(Some(false)));
        assert!(parse_bool(&t("maybe")).is_err());
        assert_eq!(header_key("工业总产值（万元）"), "工业总产值");
        assert_eq!(header_key("\u{FEFF} USCC *"), "uscc");
        assert_eq!(header_key("Output (10k yuan)"), "output");
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(format_number(3612.0), "3612");
        assert_eq!(format_number(0.1), "0.1");
    }
}
