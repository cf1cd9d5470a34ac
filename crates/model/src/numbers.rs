//! Numbers as people type them into spreadsheets and forms: full-width digits, thousands
//! separators, the Chinese comma and full stop, a trailing percent sign.

use std::borrow::Cow;

/// Why a text is not a number, in Chinese and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberError {
    pub reason_zh: &'static str,
    pub reason_en: &'static str,
}

/// Full-width ASCII (U+FF01–U+FF5E) to half-width and the ideographic space to a space; also the
/// Chinese comma and full stop used as separators in numbers are left for the caller.
pub fn half_width(s: &str) -> Cow<'_, str> {
    // Nearly every cell is plain ASCII, and most Chinese text has no full-width forms: no copy
    // then (imports call this once per cell, the tagger once per text).
    let full_width = |c: char| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}');
    if s.is_ascii() || !s.contains(full_width) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                other => other,
            })
            .collect(),
    )
}

/// A number from text: `1,234.5`, `１２３４`, `12%` (÷ 100 when `percent`); empty → `None`.
pub fn parse_number_text(s: &str, percent: bool) -> Result<Option<f64>, NumberError> {
    let mut t: String = half_width(s)
        .chars()
        .map(|c| match c {
            '，' => ',',
            '。' | '．' => '.',
            '−' | '－' => '-',
            other => other,
        })
        .filter(|c| !c.is_whitespace() && *c != '\'')
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    let mut scale = 1.0;
    if percent && t.ends_with('%') {
        t.pop();
        scale = 0.01;
    }
    let bad = || NumberError {
        reason_zh: "不是有效的数字",
        reason_en: "not a valid number",
    };
    if t.contains(',') {
        let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
        let digits = int.trim_start_matches(['-', '+']);
        let groups: Vec<&str> = digits.split(',').collect();
        let ok = !groups.is_empty()
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && !frac.contains(',');
        if !ok {
            return Err(NumberError {
                reason_zh: "千分位逗号位置不对（小数点请用“.”）",
                reason_en: "thousands separators in the wrong place (use '.' as the decimal point)",
            });
        }
        t.retain(|c| c != ',');
    }
    if !t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        || !t.bytes().any(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let v: f64 = t.parse().map_err(|_| bad())?;
    if !v.is_finite() {
        return Err(bad());
    }
    Ok(Some(v * scale))
}

/// Decimal digits grouped by thousands as Chinese reports write them: `6500000` → `6,500,000`
/// (`negative` puts a minus in front).
pub fn group_thousands(digits: &str, negative: bool) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if negative {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_numbers() {
        assert_eq!(parse_number_text("1,234.5", false), Ok(Some(1234.5)));
        assert_eq!(parse_number_text("１２３４", false), Ok(Some(1234.0)));
        assert_eq!(parse_number_text("12%", true), Ok(Some(0.12)));
        assert_eq!(parse_number_text("  ", false), Ok(None));
        assert!(parse_number_text("12,34", false).is_err());
        assert!(parse_number_text("abc", false).is_err());
    }
}
