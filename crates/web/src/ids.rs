//! Ids made for records people name in Chinese: a form asks for a name, and the record gets
//! `PREFIX-YYYYMMDD-N`, the day's first number not yet taken (ids stay ASCII for URLs and files).

use std::collections::HashSet;

/// `prefix-YYYYMMDD-N` for the day of `now` (an RFC 3339 time), N the smallest not in `taken`.
pub fn free_id(prefix: &str, now: &str, taken: &HashSet<String>) -> String {
    let day: String = now.chars().take(10).filter(char::is_ascii_digit).collect();
    (1..)
        .map(|n| format!("{prefix}-{day}-{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_days_first_free_number() {
        let taken: HashSet<String> = ["xm-20261205-1".to_string(), "xm-20261205-3".to_string()]
            .into_iter()
            .collect();
        assert_eq!(
            free_id("xm", "2026-12-05T08:00:00Z", &taken),
            "xm-20261205-2"
        );
        assert_eq!(
            free_id("fa", "2026-12-05T08:00:00Z", &taken),
            "fa-20261205-1"
        );
    }
}
