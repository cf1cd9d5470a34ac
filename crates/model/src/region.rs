//! GB/T 2260 administrative division codes: six digits, province (2) + prefecture (2) + county (2).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct RegionCode([u8; 6]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionCodeError {
    #[error("行政区划代码应为 6 位数字：'{0}' / a GB/T 2260 division code has 6 digits: '{0}'")]
    Malformed(String),
}

/// Level of a division, read off its code; ordered from the top down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionLevel {
    Country,
    Province,
    Prefecture,
    County,
}

impl RegionCode {
    /// `000000` stands for "abroad / outside China" in supply-link data.
    pub const ABROAD: RegionCode = RegionCode(*b"000000");

    pub fn parse(s: &str) -> Result<RegionCode, RegionCodeError> {
        let t = s.trim();
        let bytes: [u8; 6] = t
            .as_bytes()
            .try_into()
            .map_err(|_| RegionCodeError::Malformed(t.to_string()))?;
        if !bytes.iter().all(u8::is_ascii_digit) {
            return Err(RegionCodeError::Malformed(t.to_string()));
        }
        Ok(RegionCode(bytes))
    }

    pub fn as_str(&self) -> &str {
        // Invariant: only ASCII digits are stored.
        std::str::from_utf8(&self.0).expect("ASCII digits")
    }

    pub fn level(&self) -> RegionLevel {
        match (&self.0[..2], &self.0[2..4], &self.0[4..]) {
            (b"00", _, _) => RegionLevel::Country,
            (_, b"00", b"00") => RegionLevel::Province,
            (_, _, b"00") => RegionLevel::Prefecture,
            _ => RegionLevel::County,
        }
    }

    /// The significant prefix: "45" for a province, "4502" for a prefecture, all six otherwise.
    fn prefix(&self) -> &[u8] {
        match self.level() {
            RegionLevel::Country => &[],
            RegionLevel::Province => &self.0[..2],
            RegionLevel::Prefecture => &self.0[..4],
            RegionLevel::County => &self.0,
        }
    }

    /// True when `other` lies inside `self` (or is `self`). `000000` ("abroad") lies inside nothing
    /// but itself, and contains nothing else.
    pub fn contains(&self, other: &RegionCode) -> bool {
        if self == other {
            return true;
        }
        if self.level() == RegionLevel::Country || other.level() == RegionLevel::Country {
            return false;
        }
        other.0.starts_with(self.prefix())
    }

    /// The codes `self` contains as a half-open range of text, `lo <= code < hi`, for a query
    /// on an index of codes: `["4502", "4503")` for Liuzhou. A code that contains only itself
    /// (a county, abroad) gives `[code, code + "0")`, which no other six-digit code falls in.
    pub fn text_range(&self) -> (String, String) {
        let code = self.as_str();
        match self.level() {
            RegionLevel::Country | RegionLevel::County => (code.to_string(), format!("{code}0")),
            _ => {
                let prefix = self.prefix();
                let mut hi = prefix.to_vec();
                // Invariant: a province or prefecture prefix is non-empty ASCII digits, and the
                // byte after a digit is still ASCII (':' after '9').
                *hi.last_mut().expect("non-empty prefix") += 1;
                (
                    String::from_utf8_lossy(prefix).into_owned(),
                    String::from_utf8_lossy(&hi).into_owned(),
                )
            }
        }
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for RegionCode {
    type Error = RegionCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        RegionCode::parse(&s)
    }
}

impl From<RegionCode> for String {
    fn from(r: RegionCode) -> String {
        r.as_str().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn containment_follows_the_code_hierarchy() {
        assert!(r("450200").contains(&r("450224")));
        assert!(r("450000").contains(&r("450224")));
        assert!(r("450000").contains(&r("450200")));
        assert!(r("450224").contains(&r("450224")));
        assert!(!r("450224").contains(&r("450200")));
        assert!(!r("450200").contains(&r("450100")));
        assert!(!r("450200").contains(&r("360500")));
        assert!(!r("450200").contains(&RegionCode::ABROAD));
        assert!(!RegionCode::ABROAD.contains(&r("450200")));
    }

    #[test]
    fn the_text_range_holds_exactly_the_codes_contained() {
        let codes = [
            "000000", "001000", "450000", "450100", "450200", "450202", "450203", "450299",
            "450300", "459900", "460000", "450290", "452200",
        ];
        for outer in codes {
            let (lo, hi) = r(outer).text_range();
            for inner in codes {
                let in_range = lo.as_str() <= inner && inner < hi.as_str();
                assert_eq!(in_range, r(outer).contains(&r(inner)), "{outer} ⊇ {inner}");
            }
        }
    }

    #[test]
    fn levels() {
        assert_eq!(r("450000").level(), RegionLevel::Province);
        assert_eq!(r("450200").level(), RegionLevel::Prefecture);
        assert_eq!(r("450226").level(), RegionLevel::County);
    }

    #[test]
    fn malformed_codes_rejected() {
        for bad in ["45020", "4502000", "45O200", "", "４５０２００"] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }
}
