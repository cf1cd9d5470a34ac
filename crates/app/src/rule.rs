//! Diagnosis rules from a user's file: TOML that sets only the thresholds it changes
//! (`liantu diagnose --rule`); everything else keeps its default.

use crate::{AppError, Result, files};
use liantu_analysis::DiagnosisRule;
use std::path::Path;

/// Reads and validates a rule file.
pub fn read_rule_file(path: &Path) -> Result<DiagnosisRule> {
    parse_rule(&files::read_text(path)?, &path.display().to_string())
}

/// A rule from TOML text, validated; `name` (the file's path) starts every message.
pub fn parse_rule(text: &str, name: &str) -> Result<DiagnosisRule> {
    let rule: DiagnosisRule = toml::from_str(text).map_err(|e| {
        AppError::invalid(format!("判定规则文件有误 / invalid rule file {name}: {e}"))
    })?;
    rule.validate()
        .map_err(|e| AppError::invalid(format!("{name}: {e}")))?;
    Ok(rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_rule_keeps_the_defaults_and_a_misspelt_key_is_named() {
        let rule = parse_rule("strong_min_firms = 1000\n", "r.toml").unwrap();
        assert_eq!(rule.strong_min_firms, 1000);
        assert_eq!(
            rule.weak_below_share,
            DiagnosisRule::default().weak_below_share
        );
        let e = parse_rule("strong_min_firm = 3\n", "r.toml").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Invalid);
        assert!(e.to_string().contains("r.toml"), "{e}");
        let e = parse_rule("strong_min_share = 2.0\n", "r.toml").unwrap_err();
        assert!(e.to_string().contains("strong_min_share"), "{e}");
    }
}
