//! Investment-candidate files (招商候选项目): the same file handling as the other imports — XLSX,
//! XLS, CSV in UTF-8/GBK/GB18030, Chinese or English headers — handing the rows as text to the
//! candidate parser of `liantu-invest`, which holds the rules; and a typed XLSX/CSV export.

use crate::FileError;
use crate::export::{ExportError, FileFormat};
use crate::schema::{Column, Type};
use crate::source::FileInfo;
use crate::text::Cell;
use liantu_table::{ColumnKind, Table, Text};
use std::path::Path;

fn column(
    key: &'static str,
    zh: &'static str,
    aliases: &'static [&'static str],
    ty: Type,
    wan: bool,
) -> Column {
    let required = matches!(key, "id" | "name" | "investment");
    Column {
        wan,
        ..Column::plain(key, zh, aliases, ty, required)
    }
}

/// The candidate columns, keyed as `liantu_invest::CANDIDATE_COLUMNS` (a test checks both lists
/// agree), with the Chinese headers liantu writes and the ones it also accepts.
pub fn candidate_columns() -> Vec<Column> {
    use Type::*;
    vec![
        column("id", "项目编号", &["编号", "项目id"], Text, false),
        column(
            "name",
            "项目名称",
            &["名称", "企业名称", "候选项目"],
            Text,
            false,
        ),
        column(
            "uscc",
            "统一社会信用代码",
            &["信用代码", "社会信用代码"],
            Text,
            false,
        ),
        column(
            "origin_region",
            "来源地区划代码",
            &["来源地", "来源地区"],
            Text,
            false,
        ),
        column("park", "拟落户园区", &["园区", "落户园区"], Text, false),
        column("nodes", "服务环节", &["产业链环节", "环节"], Text, false),
        column(
            "industry_code",
            "行业代码",
            &["国民经济行业代码", "行业分类代码"],
            Text,
            false,
        ),
        column(
            "investment",
            "计划投资（万元）",
            &["投资额", "计划投资", "总投资"],
            Decimal,
            true,
        ),
        column(
            "land_mu",
            "用地（亩）",
            &["用地", "用地面积", "占地"],
            Decimal,
            false,
        ),
        column(
            "expected_output",
            "达产年产值（万元）",
            &["预期产值", "达产产值", "年产值"],
            Decimal,
            true,
        ),
        column(
            "expected_tax",
            "达产年税收（万元）",
            &["预期税收", "年税收"],
            Decimal,
            true,
        ),
        column("jobs", "就业人数", &["用工", "新增就业"], Integer, false),
        column(
            "rd_intensity",
            "研发投入强度",
            &["研发强度"],
            Decimal,
            false,
        ),
        column("high_tech", "高新技术企业", &["高新"], Bool, false),
        column("specialized", "专精特新", &["专精特新企业"], Bool, false),
        column("patents", "发明专利数", &["专利数", "专利"], Integer, false),
        column(
            "energy_tce_per_wan",
            "单位产值能耗（吨标煤/万元）",
            &["单位产值能耗", "能耗强度"],
            Decimal,
            false,
        ),
        column(
            "emissions_tco2_per_wan",
            "单位产值碳排放（吨CO2/万元）",
            &["单位产值碳排放", "排放强度"],
            Decimal,
            false,
        ),
        column("chemical", "化工项目", &["是否化工"], Bool, false),
        column("source", "数据来源", &["来源"], Text, false),
        column("note", "备注", &["说明"], Text, false),
    ]
}

/// A candidate file read as text: each data row's cells in [`candidate_columns`] order.
pub struct CandidateRows {
    pub info: FileInfo,
    /// (row number in the file, cells)
    pub rows: Vec<(u64, Vec<String>)>,
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Bool(true) => "1".into(),
        Cell::Bool(false) => "0".into(),
        other => other.display().trim().to_string(),
    }
}

/// Reads a candidate file. Columns it lacks come back empty; unknown columns are ignored
/// (reported as warnings by the file reader).
pub fn read_candidate_rows(
    path: &Path,
    encoding: Option<&str>,
) -> Result<CandidateRows, FileError> {
    let (info, rows) =
        crate::source::read_text_rows(path, &candidate_columns(), encoding, cell_text)?;
    Ok(CandidateRows { info, rows })
}

/// Candidates given as text in [`candidate_columns`] order, typed for Excel: numbers as numbers
/// (万元 columns formatted), flags as 是/否, Chinese headers.
pub fn candidates_table(rows: &[Vec<String>]) -> Table {
    let columns = candidate_columns();
    let mut table = Table::new(
        Text::new("候选项目", "Candidates"),
        columns
            .iter()
            .map(|c| {
                let kind = match c.ty {
                    _ if c.wan => ColumnKind::Money,
                    Type::Decimal | Type::Integer => ColumnKind::Number,
                    _ => ColumnKind::Text,
                };
                let width = if c.key == "name" || c.key == "note" {
                    36.0
                } else {
                    16.0
                };
                liantu_table::Column::new(c.key, c.zh, c.key, kind).width(width)
            })
            .collect(),
    );
    for row in rows {
        table.push(
            columns
                .iter()
                .zip(row)
                .map(|(c, v)| match (c.ty, v.as_str()) {
                    (_, "") => liantu_table::Cell::Empty,
                    (Type::Bool, "1") => liantu_table::Cell::text("是"),
                    (Type::Bool, "0") => liantu_table::Cell::text("否"),
                    (Type::Decimal | Type::Integer, s) => s
                        .parse::<f64>()
                        .map_or_else(|_| liantu_table::Cell::text(s), liantu_table::Cell::Money),
                    (_, s) => liantu_table::Cell::text(s),
                })
                .collect(),
        );
    }
    table
}

/// Writes [`candidates_table`] to `path` (complete or not at all).
pub fn write_candidates(
    path: &Path,
    format: FileFormat,
    rows: &[Vec<String>],
) -> Result<u32, ExportError> {
    let table = candidates_table(rows);
    let mut w = crate::export::writer(path, format, "候选项目", table.columns.clone())?;
    for row in &table.rows {
        w.row(row)?;
    }
    Ok(w.finish(None)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::match_header;
    use crate::text::header_key;

    #[test]
    fn headers_map_in_both_languages_and_never_collide() {
        let columns = candidate_columns();
        assert_eq!(match_header(&columns, "计划投资(万元)"), Some(7));
        assert_eq!(match_header(&columns, "investment"), Some(7));
        assert_eq!(match_header(&columns, "项目名称*"), Some(1));
        let mut seen = std::collections::HashMap::new();
        for c in &columns {
            for name in [c.key, c.zh].iter().chain(c.aliases) {
                let owner = seen.entry(header_key(name)).or_insert(c.key);
                assert_eq!(*owner, c.key, "{name} names two columns");
            }
        }
    }
}
