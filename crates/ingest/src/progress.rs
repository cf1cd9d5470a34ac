//! The project service's files as offices keep them in Excel — the monthly 重点项目调度表 (项目名称,
//! 总投资, 年度计划投资, 本月完成投资, 累计完成投资, 形象进度, 存在问题, 责任单位 …) and the 问题清单
//! (项目名称, 问题描述, 问题类别, 责任单位, 办结时限 …) — XLSX, XLS or CSV in UTF-8/GBK/GB18030, a
//! title row above the header allowed. The rows come back as text with their row numbers; `app`
//! matches them to projects and checks them by the project service's rules.

use crate::FileError;
use crate::schema::{Column, Type};
use crate::source::FileInfo;
use std::path::Path;

/// The columns liantu reads from a 调度表 (others, such as 序号 or 总投资, are ignored).
pub fn progress_columns() -> Vec<Column> {
    use Type::*;
    vec![
        Column::plain("id", "项目编号", &["编号", "项目代码"], Text, false),
        Column::plain("name", "项目名称", &["项目", "名称"], Text, true),
        Column::plain("month", "调度月份", &["月份", "填报月份"], Text, false),
        Column::plain(
            "invested_month",
            "本月完成投资（万元）",
            &["本月完成投资", "当月完成投资", "本月投资"],
            Decimal,
            true,
        ),
        Column::plain(
            "invested_total",
            "累计完成投资（万元）",
            &["累计完成投资", "累计投资", "开工累计完成投资"],
            Decimal,
            true,
        ),
        // One column: 形象进度 as people write it (`80%`, `主体结构完工，约60%`, `设备安装`).
        Column::plain(
            "progress",
            "形象进度",
            &["形象进度说明", "项目进展", "进展情况", "完成比例"],
            Text,
            false,
        ),
        Column::plain(
            "output",
            "本月产值（万元）",
            &["产值", "本月产值"],
            Decimal,
            false,
        ),
        Column::plain(
            "issues",
            "存在问题",
            &["存在的问题", "问题及建议"],
            Text,
            false,
        ),
    ]
}

/// A 调度表 or 问题清单 read as text: each data row's cells in its columns' order.
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

/// The columns liantu reads from a 问题清单 (others, such as 序号 or 办理情况, are ignored).
pub fn problem_columns() -> Vec<Column> {
    use Type::*;
    vec![
        Column::plain("id", "项目编号", &["编号", "项目代码"], Text, false),
        Column::plain("name", "项目名称", &["项目", "名称"], Text, true),
        Column::plain(
            "title",
            "问题描述",
            &["存在问题", "问题", "问题内容", "问题名称"],
            Text,
            true,
        ),
        Column::plain(
            "category",
            "问题类别",
            &["类别", "问题类型", "类型"],
            Text,
            true,
        ),
        Column::plain(
            "department",
            "责任单位",
            &["牵头单位", "承办单位", "责任部门"],
            Text,
            true,
        ),
        Column::plain(
            "due",
            "办结时限",
            &["时限", "完成时限", "办结期限", "计划完成时间"],
            Text,
            true,
        ),
        Column::plain(
            "raised",
            "提出日期",
            &["交办日期", "提出时间", "交办时间"],
            Text,
            false,
        ),
    ]
}

/// Reads a 问题清单: each data row's cells in [`problem_columns`] order.
pub fn read_problem_rows(path: &Path, encoding: Option<&str>) -> Result<ProgressRows, FileError> {
    let (info, rows) = crate::source::read_text_rows(path, &problem_columns(), encoding, |c| {
        c.display().trim().to_string()
    })?;
    Ok(ProgressRows { info, rows })
}
