//! What a file's columns are: the Chinese header liantu writes, the English header, the other
//! names accepted when reading, and notes for the template. Each import kind declares its own
//! columns in its module under `src/kinds/`; these tables are the documented mapping
//! (docs/import-format.md is written from the same words).

pub use crate::kinds::Kind;
use crate::text::header_key;

/// The type of a column's values, for parsing and for the template notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Text,
    Uscc,
    Region,
    Industry,
    Ownership,
    Bool,
    /// 万元, or any other decimal quantity.
    Decimal,
    Integer,
    Year,
    Date,
    /// A fraction 0–1, or a percentage `30%`.
    Share,
}

/// One column of a kind of file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Stable key (the English header).
    pub key: &'static str,
    /// The header liantu writes (Chinese, with unit).
    pub zh: &'static str,
    /// Other accepted headers (Chinese or English).
    pub aliases: &'static [&'static str],
    pub ty: Type,
    pub required: bool,
    /// For templates and docs.
    pub note_zh: &'static str,
    pub note_en: &'static str,
    pub example: &'static str,
    /// Money column written with the 万元 number format.
    pub wan: bool,
}

impl Column {
    /// A column without notes or example (the files liantu reads but has no template for: the
    /// reference tables, job titles, the 调度表); a decimal one is 万元.
    pub(crate) const fn plain(
        key: &'static str,
        zh: &'static str,
        aliases: &'static [&'static str],
        ty: Type,
        required: bool,
    ) -> Column {
        Column {
            key,
            zh,
            aliases,
            ty,
            required,
            note_zh: "",
            note_en: "",
            example: "",
            wan: matches!(ty, Type::Decimal),
        }
    }

    /// A [`Column::plain`] text column.
    pub(crate) const fn text(
        key: &'static str,
        zh: &'static str,
        aliases: &'static [&'static str],
        required: bool,
    ) -> Column {
        Column::plain(key, zh, aliases, Type::Text, required)
    }
}

/// One [`Column`] in a line: key, Chinese header, aliases, type, required, 万元, example, notes.
macro_rules! col {
    ($key:literal, $zh:literal, [$($alias:literal),*], $ty:ident, $req:literal, $wan:literal, $ex:literal, $nzh:literal, $nen:literal) => {
        Column { key: $key, zh: $zh, aliases: &[$($alias),*], ty: Type::$ty, required: $req,
                 note_zh: $nzh, note_en: $nen, example: $ex, wan: $wan }
    };
}
pub(crate) use col;

/// The source column every kind has.
pub(crate) const SOURCE: Column = col!(
    "source",
    "数据来源",
    ["来源", "source_id"],
    Text,
    false,
    false,
    "import",
    "来源编号；空 = 命令行 --source（默认 import）",
    "source id; empty = --source (default: import)"
);

/// The USCC of a firm a row is about, which must already be in the database.
pub(crate) const MEMBER_USCC: Column = col!(
    "uscc",
    "统一社会信用代码",
    ["信用代码", "社会信用代码", "统一代码", "credit_code"],
    Uscc,
    true,
    false,
    "914502046941651240",
    "企业须已导入",
    "the enterprise must be in the database"
);

/// The year a firm's figures are for.
pub(crate) const YEAR: Column = col!(
    "year",
    "年份",
    ["年度", "统计年度", "数据年份"],
    Integer,
    true,
    false,
    "2024",
    "",
    ""
);

/// The date figures were stated as of; empty means the end of their year (see
/// [`crate::kinds::as_of_or_year_end`]).
pub(crate) const AS_OF: Column = col!(
    "as_of",
    "截至日期",
    ["统计截止日期", "数据日期", "截止日期", "as_of_date"],
    Date,
    false,
    false,
    "2025-03-31",
    "日期；空 = 当年 12 月 31 日",
    "a date; empty = 31 December of the year"
);

/// Maps a header cell to the index of the column it names, if any.
pub fn match_header(columns: &[Column], header: &str) -> Option<usize> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    columns.iter().position(|c| {
        header_key(c.key) == key
            || header_key(c.zh) == key
            || c.aliases.iter().any(|a| header_key(a) == key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_in_both_languages_and_never_collide() {
        assert_eq!(
            match_header(Kind::Years.columns(), "工业总产值(万元)"),
            Some(2)
        );
        assert_eq!(match_header(Kind::Years.columns(), "Output"), Some(2));
        assert_eq!(
            match_header(Kind::Enterprises.columns(), "统一社会信用代码*"),
            Some(0)
        );
        assert_eq!(match_header(Kind::Enterprises.columns(), "nonsense"), None);
        for kind in Kind::ALL {
            let mut seen = std::collections::HashMap::new();
            for c in kind.columns() {
                for name in [c.key, c.zh].iter().chain(c.aliases) {
                    let owner = seen.entry(header_key(name)).or_insert(c.key);
                    assert_eq!(*owner, c.key, "{kind}: {name} names two columns");
                }
            }
        }
    }
}
