//! Errors, each with a Chinese and an English message.

/// A profile file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("配置文件格式有误 / invalid profile file: {0}")]
    Parse(String),
    #[error(
        "不支持的配置格式版本 {0}（本版本读取 format = 1）/ unsupported profile format {0} (this version reads format = 1)"
    )]
    Format(u32),
    #[error("配置项 `{0}` 有误：{1} / invalid profile field `{0}`: {1}")]
    Invalid(String, String),
}

/// A bad row in a candidates file: 1-based line (header = line 1), column and reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第 {line} 行 `{column}` 列 / line {line}, column `{column}`: {reason}")]
pub struct CandidateError {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

/// An input-output table or node mapping that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IoError {
    #[error("投入产出表格式有误 / invalid input-output table: {0}")]
    Format(String),
    #[error("投入产出表第 {line} 行有误 / input-output table line {line}: {reason}")]
    Row { line: u64, reason: String },
    #[error(
        "里昂惕夫矩阵 I − A 奇异或病态，无法求逆 / the Leontief matrix I − A is singular or ill-conditioned: {0}"
    )]
    Singular(String),
    #[error("环节—部门对照文件有误 / invalid node-to-sector mapping: {0}")]
    Mapping(String),
}
