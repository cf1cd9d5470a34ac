//! The city's project settings (`data/projects.toml` is the built-in one): the stage ladder, the
//! departments, the 序时进度 path and the warning thresholds.

use serde::{Deserialize, Serialize};

/// One rung of the stage ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Counted on the board and in reports (签约, 开工, 投产 …).
    #[serde(default)]
    pub milestone: bool,
}

/// The planned investment path: linear from the planned date of `from` to that of `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub from: String,
    pub to: String,
}

/// Warning thresholds (see the crate docs for each rule).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WarningRules {
    pub stage_yellow_days: i64,
    pub stage_red_days: i64,
    pub behind_yellow_pct: f64,
    pub behind_red_pct: f64,
    pub report_due_day: u8,
}

/// The whole settings file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    pub version: u32,
    #[serde(rename = "stage")]
    pub stages: Vec<StageDef>,
    pub departments: Vec<String>,
    pub schedule: Schedule,
    pub warnings: WarningRules,
}

/// A settings file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.messages.join("\n"))]
pub struct ConfigError {
    pub messages: Vec<String>,
}

/// The built-in settings text.
pub const BUILTIN: &str = include_str!("../data/projects.toml");

impl ProjectConfig {
    /// The built-in settings (checked by a test, so they always parse).
    pub fn builtin() -> ProjectConfig {
        ProjectConfig::parse(BUILTIN).unwrap_or_else(|e| panic!("built-in projects.toml: {e}"))
    }

    /// Parses and checks a settings file: every problem, each with its line where there is one.
    pub fn parse(text: &str) -> Result<ProjectConfig, ConfigError> {
        let config: ProjectConfig = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let messages = config.problems();
        if messages.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError { messages })
        }
    }

    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.stages.len() < 2 {
            out.push("阶段至少两个 / the ladder needs at least two stages".to_string());
        }
        for (i, s) in self.stages.iter().enumerate() {
            let ok_id = !s.id.is_empty()
                && s.id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !ok_id {
                out.push(format!(
                    "阶段 id 只能含字母、数字、- 和 _：'{0}' / a stage id may hold letters, digits, - and _ only: '{0}'",
                    s.id
                ));
            }
            if s.name_zh.trim().is_empty() || s.name_en.trim().is_empty() {
                out.push(format!(
                    "阶段 '{0}' 缺少名称 / stage '{0}' needs both names",
                    s.id
                ));
            }
            for t in &self.stages[..i] {
                if t.id == s.id || t.name_zh == s.name_zh {
                    out.push(format!(
                        "阶段重复：'{}' / stage named twice: '{}'",
                        s.name_zh, s.id
                    ));
                }
            }
        }
        for (label, id) in [("from", &self.schedule.from), ("to", &self.schedule.to)] {
            if self.stage_index(id).is_none() {
                out.push(format!(
                    "[schedule] {label} 不是已定义的阶段：'{id}' / [schedule] {label} is not a stage: '{id}'"
                ));
            }
        }
        if let (Some(a), Some(b)) = (
            self.stage_index(&self.schedule.from),
            self.stage_index(&self.schedule.to),
        ) && a >= b
        {
            out.push("[schedule] from 须在 to 之前 / [schedule] from must come before to".into());
        }
        let w = &self.warnings;
        if w.stage_yellow_days < 0 || w.stage_red_days < w.stage_yellow_days {
            out.push("[warnings] 须 0 ≤ stage_yellow_days ≤ stage_red_days / [warnings] needs 0 ≤ stage_yellow_days ≤ stage_red_days".into());
        }
        let pct_ok = |p: f64| p.is_finite() && (0.0..=100.0).contains(&p);
        if !pct_ok(w.behind_yellow_pct)
            || !pct_ok(w.behind_red_pct)
            || w.behind_red_pct < w.behind_yellow_pct
        {
            out.push("[warnings] 须 0 ≤ behind_yellow_pct ≤ behind_red_pct ≤ 100 / [warnings] needs 0 ≤ behind_yellow_pct ≤ behind_red_pct ≤ 100".into());
        }
        if !(1..=28).contains(&w.report_due_day) {
            out.push(
                "[warnings] report_due_day 须在 1–28 之间 / [warnings] report_due_day must be 1–28"
                    .into(),
            );
        }
        if self.departments.iter().any(|d| d.trim().is_empty()) {
            out.push("departments 中有空名称 / departments holds an empty name".into());
        }
        out
    }

    /// The position of a stage given by id or by either name.
    pub fn stage_index(&self, text: &str) -> Option<usize> {
        let t = text.trim();
        self.stages
            .iter()
            .position(|s| s.id == t || s.name_zh == t || s.name_en.eq_ignore_ascii_case(t))
    }

    /// The stage given by id or by either name.
    pub fn stage(&self, text: &str) -> Option<&StageDef> {
        self.stage_index(text).map(|i| &self.stages[i])
    }

    pub fn knows_department(&self, name: &str) -> bool {
        self.departments.iter().any(|d| d == name.trim())
    }
}

/// A TOML syntax or shape error, with its line and column where it has one.
pub(crate) fn toml_error(text: &str, e: &toml::de::Error) -> ConfigError {
    let at = e.span().map(|s| line_column(text, s.start));
    ConfigError {
        messages: vec![match at {
            Some((line, col)) => format!(
                "第 {line} 行第 {col} 列 / line {line}, column {col}: {}",
                e.message()
            ),
            None => e.message().to_string(),
        }],
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_ladder_is_the_liuzhou_default() {
        let c = ProjectConfig::builtin();
        let names: Vec<&str> = c.stages.iter().map(|s| s.name_zh.as_str()).collect();
        assert_eq!(
            names,
            [
                "谋划", "洽谈", "签约", "供地", "开工", "建设", "投产", "达产"
            ]
        );
        assert_eq!(c.stage_index("签约"), c.stage_index("signed"));
        assert!(c.knows_department("市投促局"));
    }

    #[test]
    fn a_broken_file_says_where_and_every_problem() {
        let typo = BUILTIN.replace("stage_red_days = 30", "stage_red_dayz = 30");
        let e = ProjectConfig::parse(&typo).unwrap_err().to_string();
        assert!(e.contains("line") && e.contains("stage_red_dayz"), "{e}");
        let bad = BUILTIN
            .replace("from = \"started\"", "from = \"operating\"")
            .replace("behind_red_pct = 20.0", "behind_red_pct = 5.0")
            .replace("id = \"land\"", "id = \"signed\"");
        let e = ProjectConfig::parse(&bad).unwrap_err();
        assert_eq!(e.messages.len(), 3, "{e}");
    }
}
