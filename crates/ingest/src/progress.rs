//! The monthly 重点项目调度表 as offices keep it in Excel: 项目名称, 总投资, 年度计划投资, 本月完成投资,
//! 累计完成投资, 形象进度, 存在问题, 责任单位 … — XLSX, XLS or CSV in UTF-8/GBK/GB18030, a title row
//! above the header allowed. The rows come back as text with their row numbers; `app` matches
//! them to projects and checks them by the project service's rules.

use crate::FileError;
use crate::schema::{Column, Type};
use crate::source::FileInfo;
use std::path::Path;

fn column(
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

/// The columns liantu reads from a 调度表 (others, such as 序号 or 总投资, are ignored).
pub fn progress_columns() -> Vec<Column> {
    use Type::*;
    vec![
        column("id", "项目编号", &["编号", "项目代码"], Text, false),
        column("name", "项目名称", &["项目", "名称"], Text, true),
        column("month", "调度月份", &["月份", "填报月份"], Text, false),
        column(
            "invested_month",
            "本月完成投资（万元）",
            &["本月完成投资", "当月完成投资", "本月投资"],
            Decimal,
            true,
        ),
        column(
            "invested_total",
            "累计完成投资（万元）",
            &["累计完成投资", "累计投资", "开工累计完成投资"],
            Decimal,
            true,
        ),
        // One column: 形象进度 as people write it (`80%`, `主体结构完工，约60%`, `设备安装`).
        column(
            "progress",
            "形象进度",
            &["形象进度说明", "项目进展", "进展情况", "完成比例"],
            Text,
            false,
        ),
        column(
            "output",
            "本月产值（万元）",
            &["产值", "本月产值"],
            Decimal,
            false,
        ),
        column(
            "issues",
            "存在问题",
            &["存在的问题", "问题及建议"],
            Text,
            false,
        ),
    ]
}

/// A 调度表 read as text: each data row's cells in [`progress_columns`] order.
pub struct ProgressRows {
    pub info: FileInfo,
    /// (row number in the file, cells)
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Reads a 调度表. Columns it lacks come back empty; unknown columns are ignored.
pub fn read_progress_rows(path: &Path, encoding: Option<&str>) -> Result<ProgressRows, FileError> {
    let (info, rows) = crate::source::read_text_rows(path, &progress_columns(), encoding, |c| {
        c.display().trim().to_string()
    })?;
    Ok(ProgressRows { info, rows })
}
