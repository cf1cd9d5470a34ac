//! Number and source formatting shared by pages and exports.

use crate::lang::Lang;
use liantu_app::SupplyRate;

/// 万元 with thousands separators, no decimals (one decimal under 100).
pub fn money(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if v.abs() < 100.0 && v.fract() != 0.0 {
        return format!("{v:.1}");
    }
    let rounded = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in rounded.chars().enumerate() {
        if i > 0 && (rounded.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 && rounded != "0" {
        out.insert(0, '-');
    }
    out
}

/// A published figure in its own unit: thousands separators and the decimals it has, up to two
/// (`264.2`, `600,000`, `16`).
pub fn figure(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let fixed = format!("{:.2}", v.abs());
    let fixed = fixed.trim_end_matches('0').trim_end_matches('.');
    let sign = if v < 0.0 && fixed != "0" { "-" } else { "" };
    let (whole, decimals) = fixed.split_once('.').unwrap_or((fixed, ""));
    let whole = money(whole.parse().unwrap_or(0.0));
    if decimals.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{decimals}")
    }
}

/// A count with thousands separators: 13909 → `13,909`.
pub fn count(n: impl Into<i64>) -> String {
    money(n.into() as f64)
}

pub fn percent(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{:.1}%", v * 100.0),
        _ => "—".into(),
    }
}

/// "42.0%（按金额；12/30 条采购在本地）": the rate, said to be by value (it is the local share of
/// the purchases' value, not of their number), with the links it rests on.
pub fn rate_with_links(lang: Lang, r: &SupplyRate) -> String {
    match lang {
        Lang::Zh => format!(
            "{}（按金额；{}/{} 条采购在本地）",
            percent(r.rate),
            r.local_link_count,
            r.link_count
        ),
        Lang::En => format!(
            "{} (by value; {} of {} purchases local)",
            percent(r.rate),
            r.local_link_count,
            r.link_count
        ),
    }
}

/// A source as people read it: a source kind's key (`illustrative`) by its name (示例数据),
/// anything else (a title, meeting notes) as written.
pub fn source_text(lang: Lang, source: &str) -> String {
    match liantu_model::records::SourceKind::from_key(source.trim()) {
        Some(kind) => {
            let (zh, en) = kind.name();
            lang.t(zh, en).to_string()
        }
        None => source.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_separators() {
        assert_eq!(money(1234567.4), "1,234,567");
        assert_eq!(money(0.0), "0");
        assert_eq!(money(999.0), "999");
        assert_eq!(money(-1000.0), "-1,000");
        assert_eq!(money(12.34), "12.3");
        assert_eq!(money(f64::NAN), "—");
        assert_eq!(count(13909u32), "13,909");
    }

    #[test]
    fn figure_keeps_its_decimals() {
        assert_eq!(figure(264.2), "264.2");
        assert_eq!(figure(16.0), "16");
        assert_eq!(figure(600_000.0), "600,000");
        assert_eq!(figure(1234.56), "1,234.56");
        assert_eq!(figure(-0.5), "-0.5");
        assert_eq!(figure(f64::NAN), "—");
    }

    #[test]
    fn percent_of_fraction() {
        assert_eq!(percent(Some(0.4234)), "42.3%");
        assert_eq!(percent(None), "—");
    }
}
