//! The project service's tables in the layouts offices use: the 重点项目调度表 (one row per
//! project, the month's and cumulative investment beside 序时进度 and the warning), the
//! 问题清单, and one project's monthly reports.

use super::{ProblemList, ProjectBoard, ProjectRow};
use liantu_model::project::ProgressReport;
use liantu_table::{Cell, Column, ColumnKind, Table, Text};

fn level_cell(r: &ProjectRow) -> Cell {
    let l = r.assessment.level;
    Cell::label(l.key(), l.label_zh(), l.label_en())
}

fn reasons(r: &ProjectRow) -> Cell {
    let zh: Vec<&str> = r
        .assessment
        .warnings
        .iter()
        .map(|w| w.zh.as_str())
        .collect();
    let en: Vec<&str> = r
        .assessment
        .warnings
        .iter()
        .map(|w| w.en.as_str())
        .collect();
    Cell::local(zh.join("；"), en.join("; "))
}

fn money(v: Option<f64>) -> Cell {
    Cell::optional(v, Cell::Money)
}

/// 重点项目调度表: every project on the board with its latest report and warning.
pub fn board_table(b: &ProjectBoard) -> Table {
    let label = ColumnKind::Label { badge: false };
    let columns = vec![
        Column::new("no", "序号", "No.", ColumnKind::Count),
        Column::new("id", "项目编号", "Id", ColumnKind::Text).files_only(),
        Column::new("name", "项目名称", "Project", ColumnKind::Text).width(34.0),
        Column::new(
            "level",
            "预警",
            "Warning",
            ColumnKind::Label { badge: true },
        ),
        Column::new("region", "所在县区", "County/district", label),
        Column::new("park", "园区", "Park", label).width(20.0),
        Column::new(
            "investment",
            "总投资（万元）",
            "Total investment (10k yuan)",
            ColumnKind::Money,
        ),
        Column::new(
            "annual_plan",
            "年度计划投资（万元）",
            "Planned this year (10k yuan)",
            ColumnKind::Money,
        ),
        Column::new("month", "调度月份", "Month reported", ColumnKind::Text),
        Column::new(
            "invested_month",
            "本月完成投资（万元）",
            "Invested in the month (10k yuan)",
            ColumnKind::Money,
        ),
        Column::new(
            "invested_total",
            "累计完成投资（万元）",
            "Invested to date (10k yuan)",
            ColumnKind::Money,
        ),
        Column::new(
            "expected",
            "序时进度（万元）",
            "Planned path (10k yuan)",
            ColumnKind::Money,
        ),
        Column::new(
            "behind_pct",
            "落后序时（%）",
            "Behind the path (%)",
            ColumnKind::Number,
        ),
        Column::new(
            "progress",
            "形象进度",
            "Physical progress",
            ColumnKind::Text,
        )
        .width(24.0),
        Column::new("stage", "当前阶段", "Stage", label),
        Column::new("next_stage", "下一阶段", "Next stage", label),
        Column::new("next_planned", "计划时间", "Planned for", ColumnKind::Text),
        Column::new("warnings", "预警原因", "Why", ColumnKind::Local).width(50.0),
        Column::new(
            "open_problems",
            "未销号问题",
            "Open problems",
            ColumnKind::Count,
        ),
        Column::new(
            "department",
            "责任单位",
            "Responsible department",
            ColumnKind::Text,
        ),
        Column::new("leader", "包联领导", "Leader in charge", ColumnKind::Text),
    ];
    let mut t = Table::new(Text::new("重点项目调度表", "Key project schedule"), columns);
    for (i, r) in b.rows.iter().enumerate() {
        let p = &r.project;
        let latest = r.latest_report.as_ref();
        let schedule = r.assessment.schedule.as_ref();
        let stage = |s: &Option<super::StageRef>| {
            s.as_ref()
                .map_or(Cell::Empty, |s| Cell::label(&s.id, &s.name_zh, &s.name_en))
        };
        let progress = latest.map(|r| match r.progress_pct {
            Some(pct) if r.progress_text.is_empty() => format!("{pct:.0}%"),
            Some(pct) => format!("{pct:.0}%，{}", r.progress_text),
            None => r.progress_text.clone(),
        });
        t.push(vec![
            Cell::Count((b.offset + i) as i64 + 1),
            Cell::text(&p.id),
            Cell::text(&p.name).link(format!("/projects/{}", p.id)),
            level_cell(r),
            Cell::label(p.region.as_str(), &r.region_zh, &r.region_en),
            match (&p.park, &r.park_zh, &r.park_en) {
                (Some(id), Some(zh), Some(en)) => Cell::label(id, zh, en),
                _ => Cell::Empty,
            },
            Cell::Money(p.investment),
            money(p.annual_plan),
            Cell::optional(latest, |r| Cell::text(r.month.zh())),
            money(latest.map(|r| r.invested_month)),
            money(latest.map(|r| r.invested_total)),
            money(schedule.map(|s| s.expected)),
            Cell::optional(schedule, |s| Cell::Number {
                value: s.behind_pct,
                decimals: 1,
            }),
            Cell::optional(progress, Cell::text),
            stage(&r.stage),
            stage(&r.next_stage),
            Cell::optional(r.assessment.next_planned, |d| Cell::text(d.zh())),
            reasons(r),
            Cell::Count(r.open_problems as i64),
            Cell::text(&p.department),
            Cell::text(&p.leader),
        ]);
    }
    let sources = b.sources.join("、");
    t.with_footer(Text::new(
        format!(
            "截至 {}（北京时间）判定预警；项目设置第 {} 版；来源：{}",
            b.as_of.zh(),
            b.settings_version,
            source_names_zh(&sources)
        ),
        format!(
            "Warnings as of {}; project settings version {}; sources: {sources}",
            b.as_of, b.settings_version
        ),
    ))
}

fn source_names_zh(ids: &str) -> String {
    ids.replace("illustrative", "示例数据")
}

/// 问题清单: overdue first, with the department and the days overdue.
pub fn problems_table(list: &ProblemList) -> Table {
    let label = ColumnKind::Label { badge: false };
    let columns = vec![
        Column::new("id", "编号", "No.", ColumnKind::Count),
        Column::new("project", "项目名称", "Project", ColumnKind::Text).width(30.0),
        Column::new("title", "问题", "Problem", ColumnKind::Text).width(40.0),
        Column::new("category", "类别", "Category", label),
        Column::new("department", "责任单位", "Department", ColumnKind::Text),
        Column::new("raised", "提出日期", "Raised", ColumnKind::Text),
        Column::new("due", "办结时限", "Due", ColumnKind::Text),
        Column::new(
            "status",
            "状态",
            "Status",
            ColumnKind::Label { badge: true },
        ),
        Column::new(
            "overdue_days",
            "逾期天数",
            "Days overdue",
            ColumnKind::Count,
        ),
        Column::new("resolution", "办理情况", "Resolution", ColumnKind::Text).width(36.0),
    ];
    let mut t = Table::new(Text::new("问题清单", "Problem list"), columns);
    for r in &list.rows {
        let p = &r.problem;
        let status = if r.overdue_days.is_some() {
            Cell::label(
                "overdue",
                format!("{}（逾期）", p.status.label_zh()),
                format!("{} (overdue)", p.status.label_en()),
            )
        } else {
            Cell::label(p.status.key(), p.status.label_zh(), p.status.label_en())
        };
        t.push(vec![
            Cell::Count(p.id),
            Cell::text(&r.project_name).link(format!("/projects/{}", p.project)),
            Cell::text(&p.title).link(format!("/problems/{}", p.id)),
            Cell::label(
                p.category.key(),
                p.category.label_zh(),
                p.category.label_en(),
            ),
            Cell::text(&p.department),
            Cell::text(p.raised.zh()),
            Cell::text(p.due.zh()),
            status,
            Cell::optional(r.overdue_days, Cell::Count),
            Cell::text(&p.resolution),
        ]);
    }
    t.with_footer(Text::new(
        format!(
            "截至 {}：未销号 {} 项，其中逾期 {} 项",
            list.as_of.zh(),
            list.open,
            list.overdue
        ),
        format!(
            "As of {}: {} open, {} overdue",
            list.as_of, list.open, list.overdue
        ),
    ))
}

/// One project's monthly reports, oldest first.
pub fn reports_table(reports: &[ProgressReport]) -> Table {
    let columns = vec![
        Column::new("month", "月份", "Month", ColumnKind::Text),
        Column::new(
            "invested_month",
            "本月完成投资（万元）",
            "Invested in the month (10k yuan)",
            ColumnKind::Money,
        ),
        Column::new(
            "invested_total",
            "累计完成投资（万元）",
            "Invested to date (10k yuan)",
            ColumnKind::Money,
        ),
        Column::new(
            "progress_pct",
            "形象进度（%）",
            "Physical progress (%)",
            ColumnKind::Number,
        ),
        Column::new(
            "progress_text",
            "形象进度说明",
            "Progress",
            ColumnKind::Text,
        )
        .width(30.0),
        Column::new(
            "output",
            "产值（万元）",
            "Output (10k yuan)",
            ColumnKind::Money,
        ),
        Column::new("issues", "存在问题", "Issues", ColumnKind::Text).width(30.0),
    ];
    let mut t = Table::new(Text::new("月度调度", "Monthly reports"), columns);
    for r in reports {
        t.push(vec![
            Cell::text(r.month.zh()),
            Cell::Money(r.invested_month),
            Cell::Money(r.invested_total),
            Cell::optional(r.progress_pct, |v| Cell::Number {
                value: v,
                decimals: 0,
            }),
            Cell::text(&r.progress_text),
            money(r.output),
            Cell::text(&r.issues),
        ]);
    }
    t
}
