//! 统一社会信用代码 (unified social credit code), GB 32100-2015.
//!
//! Layout: 1 registration-authority code, 1 entity-type code, 6 division code (GB/T 2260),
//! 9 organisation code (GB 11714, its own check character included), 1 check character.
//! The check character is computed over the first 17 characters, mod 31.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The 31 characters a USCC may use: digits and capital letters except I, O, S, V and Z.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weight of position i (1-based) is 3^(i-1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A syntactically valid USCC. Its check character may still be wrong: early pilot regions issued
/// codes whose check character does not verify, so that case is a [`UsccWarning`], not an error.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct Uscc(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("统一社会信用代码应为 18 位，实际 {0} 位 / a USCC has 18 characters, got {0}")]
    Length(usize),
    #[error(
        "第 {position} 位字符 '{ch}' 不在允许的字符集中 / character '{ch}' at position {position} is not allowed in a USCC"
    )]
    Character { position: usize, ch: char },
    #[error(
        "第 {position} 位（{part}）格式错误：'{ch}' / malformed {part_en} at position {position}: '{ch}'"
    )]
    Format {
        position: usize,
        ch: char,
        part: &'static str,
        part_en: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccWarning {
    /// The 18th character does not match the GB 32100 checksum.
    CheckDigit { expected: char, found: char },
}

impl fmt::Display for UsccWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsccWarning::CheckDigit { expected, found } => write!(
                f,
                "校验码应为 '{expected}'，实际为 '{found}'（早期试点地区代码可能如此）/ check character should be '{expected}', found '{found}' (early pilot-region codes can be like this)"
            ),
        }
    }
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character for the first 17 characters of a code. `None` when a character is outside
/// the alphabet.
pub fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (b, w) in bytes.iter().zip(WEIGHTS) {
        sum += value_of(*b)? * w;
    }
    Some(ALPHABET[((31 - sum % 31) % 31) as usize] as char)
}

impl Uscc {
    /// Parses a code (surrounding whitespace ignored, lower case accepted). Returns the code and a
    /// warning when only the check character is wrong.
    pub fn parse(input: &str) -> Result<(Uscc, Option<UsccWarning>), UsccError> {
        let code = input.trim().to_ascii_uppercase();
        let n = code.chars().count();
        if n != 18 {
            return Err(UsccError::Length(n));
        }
        for (i, ch) in code.chars().enumerate() {
            // A letter such as Z in the check position can never be right, but it is a wrong
            // check character (GB 32100's own example), judged below, not a malformed code.
            let allowed = if i == 17 {
                ch.is_ascii_alphanumeric()
            } else {
                ch.is_ascii() && value_of(ch as u8).is_some()
            };
            if !allowed {
                return Err(UsccError::Character {
                    position: i + 1,
                    ch,
                });
            }
        }
        let bytes = code.as_bytes();
        // Registration authorities (GB 32100 with amendment 1): 1–9, A, N, Y.
        if !matches!(bytes[0], b'1'..=b'9' | b'A' | b'N' | b'Y') {
            return Err(UsccError::Format {
                position: 1,
                ch: bytes[0] as char,
                part: "登记管理部门码",
                part_en: "registration authority code",
            });
        }
        for (i, &b) in bytes[2..8].iter().enumerate() {
            if !b.is_ascii_digit() {
                return Err(UsccError::Format {
                    position: i + 3,
                    ch: b as char,
                    part: "登记管理机关行政区划码",
                    part_en: "division code",
                });
            }
        }
        let expected = check_char(&code[..17]).unwrap_or('?');
        let found = bytes[17] as char;
        let warning = (expected != found).then_some(UsccWarning::CheckDigit { expected, found });
        Ok((Uscc(code), warning))
    }

    /// Parses and rejects a wrong check character too: for codes we generate ourselves.
    pub fn parse_strict(input: &str) -> Result<Uscc, UsccError> {
        match Uscc::parse(input)? {
            (code, None) => Ok(code),
            (_, Some(UsccWarning::CheckDigit { found, .. })) => Err(UsccError::Character {
                position: 18,
                ch: found,
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as an owned string (no copy).
    pub fn into_string(self) -> String {
        self.0
    }

    /// The GB/T 2260 division code embedded at positions 3–8.
    pub fn division(&self) -> &str {
        &self.0[2..8]
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Uscc {
    type Error = UsccError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Uscc::parse(&s).map(|(u, _)| u)
    }
}

impl From<Uscc> for String {
    fn from(u: Uscc) -> String {
        u.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_code() {
        let (code, warning) = Uscc::parse("91110000600037341L").unwrap();
        assert_eq!(warning, None);
        assert_eq!(code.division(), "110000");
    }

    #[test]
    fn wrong_check_char_is_a_warning() {
        let (_, warning) = Uscc::parse("91110000600037341A").unwrap();
        assert_eq!(
            warning,
            Some(UsccWarning::CheckDigit {
                expected: 'L',
                found: 'A'
            })
        );
        assert!(Uscc::parse_strict("91110000600037341A").is_err());
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(Uscc::parse("9111").unwrap_err(), UsccError::Length(4));
        assert!(matches!(
            Uscc::parse("9111000060003734IL").unwrap_err(),
            UsccError::Character { position: 17, .. }
        ));
        assert!(matches!(
            Uscc::parse("911A0000600037341L").unwrap_err(),
            UsccError::Format { position: 4, .. }
        ));
        assert!(matches!(
            Uscc::parse("91110000600037341中").unwrap_err(),
            UsccError::Character { position: 18, .. }
        ));
    }

    #[test]
    fn lower_case_and_whitespace_accepted() {
        let (code, w) = Uscc::parse(" 91110000600037341l ").unwrap();
        assert_eq!(code.as_str(), "91110000600037341L");
        assert_eq!(w, None);
    }
}
