//! Number formatting for reason sentences.

use std::fmt;

/// `x` rounded to `digits` decimals, trailing zeros removed unless `fixed`, written straight into
/// the formatter with integer arithmetic: float formatting with a precision (and the temporary
/// strings) would dominate the cost of scoring.
#[derive(Clone, Copy)]
pub(crate) struct Fixed {
    x: f64,
    digits: usize,
    fixed: bool,
    percent: bool,
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SCALE: [u64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
        let digits = self.digits.min(6);
        let x = if self.percent { self.x * 100.0 } else { self.x };
        let suffix = if self.percent { "%" } else { "" };
        let scaled = (x.abs() * SCALE[digits] as f64).round();
        if !x.is_finite() || scaled >= 9.0e15 {
            return write!(f, "{x:.digits$}{suffix}");
        }
        let m = scaled as u64;
        let (int, mut frac) = (m / SCALE[digits], m % SCALE[digits]);
        if x < 0.0 && m != 0 {
            f.write_str("-")?;
        }
        write!(f, "{int}")?;
        let mut width = digits;
        if !self.fixed {
            while width > 0 && frac % 10 == 0 {
                frac /= 10;
                width -= 1;
            }
        }
        if width > 0 {
            write!(f, ".{frac:0width$}")?;
        }
        f.write_str(suffix)
    }
}

/// Up to `digits` decimals, trailing zeros removed: `0.5`, `1`, `12.25`.
pub(crate) fn num(x: f64, digits: usize) -> Fixed {
    Fixed {
        x,
        digits,
        fixed: false,
        percent: false,
    }
}

/// Points with two decimals.
pub(crate) fn pts(x: f64) -> Fixed {
    Fixed {
        x,
        digits: 2,
        fixed: true,
        percent: false,
    }
}

/// A fraction as a percentage with up to one decimal: `0.045` → `4.5%`.
pub(crate) fn pct(x: f64) -> Fixed {
    Fixed {
        x,
        digits: 1,
        fixed: false,
        percent: true,
    }
}

/// An amount with thousands separators and no decimals: `1234567.8` → `1,234,568`.
pub(crate) fn grouped(x: f64) -> String {
    let negative = x < 0.0;
    let digits = num(x.abs(), 0).to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if negative && out != "0" {
        out.insert(0, '-');
    }
    out
}

/// Rounds to two decimals (points are reported and summed at this precision).
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num_s(x: f64, d: usize) -> String {
        num(x, d).to_string()
    }
    fn pts_s(x: f64) -> String {
        pts(x).to_string()
    }
    fn pct_s(x: f64) -> String {
        pct(x).to_string()
    }

    #[test]
    fn formats() {
        assert_eq!(num_s(0.5, 2), "0.5");
        assert_eq!(num_s(2.0, 2), "2");
        assert_eq!(num_s(-0.0001, 2), "0");
        assert_eq!(num_s(-1.25, 1), "-1.3");
        assert_eq!(num_s(0.075, 3), "0.075");
        assert_eq!(num_s(12.3456, 6), "12.3456");
        assert_eq!(pts_s(3.0), "3.00");
        assert_eq!(pts_s(15.3125), "15.31");
        assert_eq!(pts_s(0.05), "0.05");
        assert_eq!(pct_s(0.045), "4.5%");
        assert_eq!(grouped(1234567.8), "1,234,568");
        assert_eq!(grouped(999.0), "999");
        assert_eq!(round2(0.125 * 10.0), 1.25);
    }
}
