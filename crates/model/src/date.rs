//! Calendar days and months as offices write them: `2026-03-01`, `2026/3/1`, `2026年3月1日`,
//! `2026.3.1`; months as `2026-03`, `2026/3`, `2026年3月`. Stored and serialised as ISO 8601
//! (`2026-03-01`, `2026-03`), so text order is time order.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::{Date, Month};

/// One calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(Date);

/// One calendar month (monthly progress reports, plan paths).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

/// Text that is not a date of the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "不是日期（应为 2026-03-01 或 2026年3月1日）：'{0}' / not a date (expected 2026-03-01): '{0}'"
)]
pub struct BadDate(pub String);

/// Text that is not a month of the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("不是月份（应为 2026-03 或 2026年3月）：'{0}' / not a month (expected 2026-03): '{0}'")]
pub struct BadMonth(pub String);

/// The numbers of a date or month written with `-`, `/`, `.` or 年月日 between them.
fn numbers(text: &str) -> Vec<&str> {
    text.trim()
        .trim_end_matches('日')
        .trim_end_matches('号')
        .split(['-', '/', '.', '年', '月'])
        .filter(|s| !s.is_empty())
        .collect()
}

impl Day {
    pub fn parse(text: &str) -> Result<Day, BadDate> {
        let bad = || BadDate(text.trim().to_string());
        let parts = numbers(text);
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let all_digits = [y, m, d]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !all_digits || y.len() != 4 {
            return Err(bad());
        }
        let (y, m, d): (i32, u8, u8) = (
            y.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        );
        let month = Month::try_from(m).map_err(|_| bad())?;
        Date::from_calendar_date(y, month, d)
            .map(Day)
            .map_err(|_| bad())
    }

    pub fn from_date(date: Date) -> Day {
        Day(date)
    }

    pub fn date(self) -> Date {
        self.0
    }

    /// The day `days` after this one (before it when negative); the calendar's end stays put.
    pub fn plus_days(self, days: i64) -> Day {
        self.0
            .checked_add(time::Duration::days(days))
            .map_or(self, Day)
    }

    /// Days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Day) -> i64 {
        (self.0 - earlier.0).whole_days()
    }

    pub fn month(self) -> YearMonth {
        YearMonth {
            year: self.0.year(),
            month: u8::from(self.0.month()),
        }
    }

    /// `2026年3月1日`.
    pub fn zh(self) -> String {
        format!(
            "{}年{}月{}日",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

impl YearMonth {
    pub fn new(year: i32, month: u8) -> Option<YearMonth> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year))
            .then_some(YearMonth { year, month })
    }

    pub fn parse(text: &str) -> Result<YearMonth, BadMonth> {
        let bad = || BadMonth(text.trim().to_string());
        let parts = numbers(text);
        let [y, m] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        YearMonth::new(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).ok_or_else(bad)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(self) -> Day {
        // `new` keeps month in 1..=12 and the year in four digits: always a date.
        Day(Date::from_calendar_date(
            self.year,
            Month::try_from(self.month).unwrap_or(Month::January),
            1,
        )
        .unwrap_or(Date::MIN))
    }

    /// The last day of the month.
    pub fn last_day(self) -> Day {
        let first = self.first_day().0;
        Day(first
            .replace_day(first.month().length(first.year()))
            .unwrap_or(first))
    }

    /// The month after this one.
    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before this one.
    pub fn previous(self) -> YearMonth {
        if self.month == 1 {
            YearMonth {
                year: self.year - 1,
                month: 12,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// `2026年3月`.
    pub fn zh(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = String::deserialize(d)?;
        Day::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<YearMonth, D::Error> {
        let text = String::deserialize(d)?;
        YearMonth::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Day {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Date,
            )))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Day {}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for YearMonth {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(r"^\d{4}-\d{2}$"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for YearMonth {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_spellings_of_one_day_are_one_day() {
        let want = Day::parse("2026-03-01").unwrap();
        for text in [
            "2026/3/1",
            "2026年3月1日",
            "2026.03.01",
            " 2026-3-1 ",
            "2026年3月1号",
        ] {
            assert_eq!(Day::parse(text), Ok(want), "{text}");
        }
        assert_eq!(want.to_string(), "2026-03-01");
        assert_eq!(want.zh(), "2026年3月1日");
    }

    #[test]
    fn days_step_over_month_and_year_ends() {
        let day = Day::parse("2024-12-31").unwrap();
        assert_eq!(day.plus_days(60).to_string(), "2025-03-01");
        assert_eq!(day.plus_days(-366).to_string(), "2023-12-31");
        assert_eq!(day.plus_days(60).days_since(day), 60);
    }

    #[test]
    fn impossible_days_and_months_are_refused() {
        for text in [
            "2026-02-30",
            "2026-13-01",
            "26-3-1",
            "2026-03",
            "三月一日",
            "",
            "2026-3-1-2",
        ] {
            assert!(Day::parse(text).is_err(), "{text}");
        }
        for text in ["2026-13", "2026", "2026-03-01", "x-03"] {
            assert!(YearMonth::parse(text).is_err(), "{text}");
        }
        assert_eq!(
            YearMonth::parse("2026年3月").unwrap().to_string(),
            "2026-03"
        );
    }

    #[test]
    fn months_step_over_year_ends_and_know_their_length() {
        let dec = YearMonth::parse("2025-12").unwrap();
        assert_eq!(dec.next().to_string(), "2026-01");
        assert_eq!(dec.next().previous(), dec);
        assert_eq!(
            YearMonth::parse("2024-02").unwrap().last_day().to_string(),
            "2024-02-29"
        );
        let a = Day::parse("2026-03-01").unwrap();
        assert_eq!(a.days_since(Day::parse("2026-02-01").unwrap()), 28);
    }
}
