//! GB/T 4754-2017 industry codes: a 2-digit 大类 (division, 01–97), 3-digit 中类 (group) or
//! 4-digit 小类 (class). The 门类 letters (A–T) are sections, not codes an enterprise carries.
//!
//! Only the form is checked here; whether a code exists is a lookup against the reference table
//! the user imports (liantu does not ship the standard).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct IndustryCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", self.message_zh(), self.message_en())]
pub enum IndustryCodeError {
    Malformed(String),
    UnknownDivision(String, String),
}

impl IndustryCodeError {
    /// The Chinese half of the message.
    pub fn message_zh(&self) -> String {
        match self {
            IndustryCodeError::Malformed(c) => {
                format!("行业代码 '{c}' 格式错误：应为 2–4 位数字（GB/T 4754-2017 大类/中类/小类）")
            }
            IndustryCodeError::UnknownDivision(c, d) => {
                format!("行业代码 '{c}' 的大类 {d} 不存在（GB/T 4754-2017 大类为 01–97）")
            }
        }
    }

    /// The English half of the message.
    pub fn message_en(&self) -> String {
        match self {
            IndustryCodeError::Malformed(c) => format!(
                "malformed industry code '{c}': expected 2–4 digits (GB/T 4754-2017 division/group/class)"
            ),
            IndustryCodeError::UnknownDivision(c, d) => format!(
                "industry code '{c}': division {d} does not exist (GB/T 4754-2017 divisions are 01–97)"
            ),
        }
    }
}

impl IndustryCode {
    pub fn parse(s: &str) -> Result<IndustryCode, IndustryCodeError> {
        let t = s.trim();
        if !(2..=4).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IndustryCodeError::Malformed(t.to_string()));
        }
        let division = &t[..2];
        // Invariant: two ASCII digits parse.
        let d: u8 = division.parse().expect("two digits");
        if !(1..=97).contains(&d) {
            return Err(IndustryCodeError::UnknownDivision(
                t.to_string(),
                division.to_string(),
            ));
        }
        Ok(IndustryCode(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 2-digit 大类.
    pub fn division(&self) -> &str {
        &self.0[..2]
    }

    /// A 4-digit 小类 (class), the level a firm or a project is coded at; 2 and 3 digits are
    /// groups of classes.
    pub fn is_class(&self) -> bool {
        self.0.len() == 4
    }

    /// True when `other` equals this code or is a finer code under it (e.g. 26 covers 2613).
    pub fn covers(&self, other: &IndustryCode) -> bool {
        other.0.starts_with(&self.0)
    }
}

impl fmt::Display for IndustryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for IndustryCode {
    type Error = IndustryCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        IndustryCode::parse(&s)
    }
}

impl From<IndustryCode> for String {
    fn from(c: IndustryCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_codes() {
        for ok in ["26", "261", "2613", "01", "97"] {
            assert!(IndustryCode::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn malformed_codes() {
        for bad in ["2", "26131", "C26", "26a", "", " "] {
            assert!(
                matches!(
                    IndustryCode::parse(bad),
                    Err(IndustryCodeError::Malformed(_))
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            IndustryCode::parse("9901"),
            Err(IndustryCodeError::UnknownDivision(..))
        ));
        assert!(matches!(
            IndustryCode::parse("00"),
            Err(IndustryCodeError::UnknownDivision(..))
        ));
    }

    #[test]
    fn coverage_by_prefix() {
        let c26 = IndustryCode::parse("26").unwrap();
        let c2613 = IndustryCode::parse("2613").unwrap();
        assert!(c26.covers(&c2613));
        assert!(!c2613.covers(&c26));
    }
}
