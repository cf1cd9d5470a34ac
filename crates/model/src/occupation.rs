//! The China Standard Classification of Occupations (中华人民共和国职业分类大典, 2022 edition):
//! codes `G-GG-GG-GG`, four levels (大类, 中类, 小类, 细类 = the occupation), and the edition's
//! flags for digital (数字职业, `S`) and green (绿色职业, `L`) occupations.

use serde::{Deserialize, Serialize};

/// An occupation class code as the classification prints it: `2-02-06-03`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "6-11-01-03"))]
#[serde(try_from = "String", into = "String")]
pub struct OccupationCode(String);

impl TryFrom<String> for OccupationCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        OccupationCode::parse(&s)
    }
}

impl From<OccupationCode> for String {
    fn from(c: OccupationCode) -> String {
        c.0
    }
}

impl OccupationCode {
    /// Accepts `D-DD-DD-DD` (ASCII digits), the only form the classification uses.
    pub fn parse(text: &str) -> Result<OccupationCode, String> {
        let b = text.as_bytes();
        let shaped = b.len() == 10
            && [1, 4, 7].iter().all(|&i| b[i] == b'-')
            && b.iter()
                .enumerate()
                .all(|(i, c)| [1, 4, 7].contains(&i) || c.is_ascii_digit());
        if shaped {
            Ok(OccupationCode(text.to_string()))
        } else {
            Err(format!(
                "职业编码应为 D-DD-DD-DD 形式，如 2-02-06-03，而不是 “{text}” / an occupation code \
                 is D-DD-DD-DD, e.g. 2-02-06-03, not `{text}`"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The four parts: 大类, 中类, 小类, 细类 (`"00"` where the code stops at a higher level).
    fn parts(&self) -> [&str; 4] {
        [&self.0[0..1], &self.0[2..4], &self.0[5..7], &self.0[8..10]]
    }

    /// Whether a class of `level` (1–4) may carry this code: a 大类 is `G-00-00-00`, a 中类
    /// `G-GG-00-00`, a 小类 `G-GG-GG-00`; an occupation (细类) any code (the 2022 edition files a
    /// few occupations directly under a 中类, `G-GG-00-GG`, and one shares its 小类's code).
    pub fn fits_level(&self, level: u8) -> bool {
        let [_, middle, small, detail] = self.parts();
        match level {
            1 => middle == "00" && small == "00" && detail == "00",
            2 => middle != "00" && small == "00" && detail == "00",
            3 => middle != "00" && small != "00" && detail == "00",
            4 => middle != "00",
            _ => false,
        }
    }

    /// The codes a class of `level` may be filed under, nearest first: an occupation under its
    /// 小类, else its 中类; a 小类 under its 中类; a 中类 under its 大类.
    pub fn parent_candidates(&self, level: u8) -> Vec<(u8, OccupationCode)> {
        let [major, middle, small, _] = self.parts();
        let code = |s: String| OccupationCode(s);
        match level {
            4 => vec![
                (3, code(format!("{major}-{middle}-{small}-00"))),
                (2, code(format!("{major}-{middle}-00-00"))),
            ],
            3 => vec![(2, code(format!("{major}-{middle}-00-00")))],
            2 => vec![(1, code(format!("{major}-00-00-00")))],
            _ => Vec::new(),
        }
    }
}

impl std::fmt::Display for OccupationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A class of the classification at any level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occupation {
    pub code: OccupationCode,
    /// 1 大类, 2 中类, 3 小类, 4 细类 (the occupation).
    pub level: u8,
    /// The official name, without the edition's `S`/`L` marks.
    pub name: String,
    /// 数字职业 (marked `S`).
    pub digital: bool,
    /// 绿色职业 (marked `L`).
    pub green: bool,
    /// Official definition (occupations; empty above).
    pub definition: String,
    /// Official main tasks (occupations; may be empty).
    pub tasks: String,
    /// Other titles for it, as the file supplies them (not part of the standard).
    pub aliases: Vec<String>,
    /// The class it is filed under (`None` for a 大类).
    pub parent: Option<OccupationCode>,
}

/// Splits the edition's marks off a printed name: `名称S` digital, `名称L` green, `名称L/S` both.
pub fn split_marks(printed: &str) -> (&str, bool, bool) {
    for (mark, digital, green) in [
        ("L/S", true, true),
        ("S/L", true, true),
        ("S", true, false),
        ("L", false, true),
    ] {
        if let Some(name) = printed.strip_suffix(mark) {
            return (name.trim_end(), digital, green);
        }
    }
    (printed, false, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_for_shape_and_level() {
        let c = OccupationCode::parse("2-02-06-03").unwrap();
        assert!(c.fits_level(4) && !c.fits_level(3));
        assert!(OccupationCode::parse("2-00-00-00").unwrap().fits_level(1));
        assert!(OccupationCode::parse("2-02-00-00").unwrap().fits_level(2));
        assert!(OccupationCode::parse("2-02-06-00").unwrap().fits_level(3));
        for bad in [
            "2020603",
            "2-02-06",
            "2-02-06-0３",
            "a-02-06-03",
            "2-02-06-03 ",
        ] {
            let err = OccupationCode::parse(bad).unwrap_err();
            assert!(err.contains("D-DD-DD-DD"), "{bad}: {err}");
        }
        assert_eq!(
            c.parent_candidates(4)
                .iter()
                .map(|(l, c)| (*l, c.as_str()))
                .collect::<Vec<_>>(),
            [(3, "2-02-06-00"), (2, "2-02-00-00")]
        );
    }

    #[test]
    fn marks_are_split_off_names() {
        assert_eq!(
            split_marks("大地测量工程技术人员L/S"),
            ("大地测量工程技术人员", true, true)
        );
        assert_eq!(
            split_marks("地图制图工程技术人员S"),
            ("地图制图工程技术人员", true, false)
        );
        assert_eq!(
            split_marks("林业工程技术人员L"),
            ("林业工程技术人员", false, true)
        );
        assert_eq!(split_marks("修鞋工"), ("修鞋工", false, false));
    }
}
