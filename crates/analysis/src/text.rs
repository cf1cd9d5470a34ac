//! Number formatting for the reason sentences.

/// A number with up to 4 decimals, trailing zeros removed: `0.5`, `1`, `12.25`.
pub(crate) fn num(x: f64) -> String {
    trim(format!("{x:.4}"))
}

fn trim(s: String) -> String {
    if s.contains('.') {
        let t = s.trim_end_matches('0').trim_end_matches('.');
        t.to_string()
    } else {
        s
    }
}

/// A threshold fraction as a percentage with no needless decimals: `0.05` → `5%`.
pub(crate) fn pct_threshold(t: f64) -> String {
    format!("{}%", num(t * 100.0))
}

/// A fraction as a percentage with one decimal: `0.234` → `23.4%`.
pub(crate) fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A fraction compared against a threshold: one decimal, or more (up to 6) when one decimal would
/// make a different value look equal to the threshold (`4.96%` rather than `5.0%` against `5%`).
pub(crate) fn pct_vs(x: f64, threshold: f64) -> String {
    let v = x * 100.0;
    let t = threshold * 100.0;
    let mut digits = 1;
    while digits < 6 && x != threshold && format!("{v:.digits$}") == format!("{t:.digits$}") {
        digits += 1;
    }
    format!("{v:.digits$}%")
}

/// An amount in 万元 as a reader writes it: whole 万元 with thousands separators from 100 up
/// (`6,500,000`), one decimal below (`12.5`).
pub(crate) fn wan(x: f64) -> String {
    if !x.is_finite() || x.abs() < 100.0 {
        return format!("{x:.1}");
    }
    liantu_model::numbers::group_thousands(&format!("{:.0}", x.abs()), x < 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_wan_have_separators() {
        assert_eq!(wan(6_500_000.0), "6,500,000");
        assert_eq!(wan(1000.0), "1,000");
        assert_eq!(wan(500.0), "500");
        assert_eq!(wan(-12_345.6), "-12,346");
        assert_eq!(wan(12.34), "12.3");
    }

    #[test]
    fn thresholds_print_without_noise() {
        assert_eq!(pct_threshold(0.05), "5%");
        assert_eq!(pct_threshold(0.07), "7%");
        assert_eq!(pct_threshold(0.125), "12.5%");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(10.0), "10");
    }

    #[test]
    fn values_near_a_threshold_get_more_digits() {
        assert_eq!(pct_vs(0.234, 0.05), "23.4%");
        assert_eq!(pct_vs(0.0496, 0.05), "4.96%");
        assert_eq!(pct_vs(0.05, 0.05), "5.0%");
        assert_eq!(pct(0.0496), "5.0%");
    }
}
