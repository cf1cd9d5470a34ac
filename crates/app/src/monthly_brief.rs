//! The monthly 招商 brief (`liantu report --monthly`): the project board of one month told in a
//! government brief's five sections, every sentence written from the numbers by a template.
//!
//! 一、总体情况 (projects and planned investment by stage, green / yellow / red on the day the
//! brief is written) · 二、本月进展 (the month's reports: investment in the month and
//! cumulative, milestones reached) · 三、问题协调 (problems raised and closed in the month, open
//! and overdue by department) · 四、预警项目 (red, then yellow projects with their warnings) ·
//! 五、下月工作建议 (missing reports, overdue problems, next month's planned milestones).
//!
//! The board and its levels are those of the day the brief is written (the board has no history);
//! the month's figures are its reports, milestones and problems.

use crate::projects::{BoardFilter, ProblemQuery, ProjectBoard, ProjectRow};
use crate::{App, Result};
use liantu_brief::{Block, Brief, BriefTable, Section};
use liantu_model::YearMonth;
use liantu_projects::{Level, Rule};
use liantu_table::money;

/// Warned projects named in section 四 (the rest are counted).
const WARNED_LISTED: usize = 15;

impl App {
    /// The 招商 brief of `month` (default: the month whose reports are due today).
    pub async fn monthly_brief(&self, month: Option<YearMonth>) -> Result<Brief> {
        let board = self.project_board(&BoardFilter::default()).await?;
        let config = self.project_config().await?;
        let month =
            month.unwrap_or_else(|| crate::projects::report_month_due(board.as_of, &config));
        let reports: Vec<liantu_model::project::ProgressReport> = self
            .store
            .reports_for_board(month)
            .await?
            .into_iter()
            .filter(|r| r.month == month)
            .collect();
        let problems = self.problem_list(&ProblemQuery::default()).await?.rows;
        let sources = self.sources().await?;
        let source = |id: &str| sources.iter().find(|s| s.id == id);
        let illustrative = board.sources.iter().any(|id| {
            source(id).is_some_and(|s| s.kind == liantu_model::records::SourceKind::Illustrative)
        });
        // The sources by title, as people know them (the id when a source is not stored).
        let titles: Vec<&str> = board
            .sources
            .iter()
            .map(|id| source(id).map_or(id.as_str(), |s| s.title_zh.as_str()))
            .collect();
        let today = board.as_of;
        let mut brief = Brief {
            title: format!("{}招商引资项目推进月报", month.zh()),
            byline: format!("链图 liantu 生成 · {}", today.zh()),
            header: illustrative.then(|| "示例数据（数值为虚构，仅用于演示）".to_string()),
            sections: Vec::new(),
        };
        let note = format!(
            "数据来源：项目库与月报（{}）；进度评价截至 {}",
            titles.join("；"),
            today.zh()
        );
        brief.sections.push(overview(&board, &note));
        brief
            .sections
            .push(progress(&board, &reports, month, &note));
        brief
            .sections
            .push(problem_section(&problems, month, &note));
        brief.sections.push(warned(&board, &note));
        brief.sections.push(advice(&board, &problems, month));
        Ok(brief)
    }

    /// The brief as a .docx file's bytes.
    pub async fn monthly_brief_docx(&self, month: Option<YearMonth>) -> Result<Vec<u8>> {
        let brief = self.monthly_brief(month).await?;
        crate::blocking(move || {
            let mut out = std::io::Cursor::new(Vec::new());
            liantu_brief::write_docx(&brief, &mut out)
                .map_err(|e| crate::AppError::internal(e.to_string()))?;
            Ok(out.into_inner())
        })
        .await
    }
}

fn wan(v: f64) -> String {
    format!("{} 万元", money(v))
}

fn stage_name(row: &ProjectRow) -> String {
    row.stage
        .as_ref()
        .map_or_else(|| "未启动".to_string(), |s| s.name_zh.clone())
}

fn overview(board: &ProjectBoard, note: &str) -> Section {
    let investment: f64 = board.stages.iter().map(|s| s.investment).sum();
    let by_stage: Vec<String> = board
        .stages
        .iter()
        .filter(|s| s.projects > 0)
        .map(|s| {
            format!(
                "{} {} 个",
                s.stage.as_ref().map_or("未启动", |st| st.name_zh.as_str()),
                s.projects
            )
        })
        .collect();
    let mut blocks = vec![Block::Text(format!(
        "截至{}，项目库共有招商项目 {} 个，计划总投资 {}；按所处阶段，{}。按进度评价，正常 {} 个、预警 {} 个、滞后 {} 个。",
        board.as_of.zh(),
        board.total,
        wan(investment),
        if by_stage.is_empty() {
            "尚无项目".to_string()
        } else {
            by_stage.join("、")
        },
        board.green,
        board.yellow,
        board.red
    ))];
    blocks.push(Block::Table(BriefTable {
        caption: "表1 项目分阶段情况".into(),
        headers: vec![
            "阶段".into(),
            "项目（个）".into(),
            "计划投资（万元）".into(),
        ],
        numeric: vec![false, true, true],
        rows: board
            .stages
            .iter()
            .filter(|s| s.stage.is_some() || s.projects > 0)
            .map(|s| {
                vec![
                    s.stage
                        .as_ref()
                        .map_or_else(|| "未启动".to_string(), |st| st.name_zh.clone()),
                    s.projects.to_string(),
                    money(s.investment),
                ]
            })
            .collect(),
    }));
    blocks.push(Block::Note(note.to_string()));
    Section {
        heading: "总体情况".into(),
        blocks,
    }
}

/// Milestones whose actual date falls in `month`: (project, stage name, planned, actual).
fn milestones(board: &ProjectBoard, month: YearMonth) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for row in &board.rows {
        for s in &row.project.stages {
            let Some(actual) = s.actual.filter(|d| d.month() == month) else {
                continue;
            };
            let name = board
                .ladder
                .iter()
                .find(|l| l.id == s.stage)
                .map_or_else(|| s.stage.clone(), |l| l.name_zh.clone());
            rows.push(vec![
                row.project.name.clone(),
                name,
                s.planned.map_or_else(|| "—".into(), |d| d.to_string()),
                actual.to_string(),
            ]);
        }
    }
    rows
}

fn progress(
    board: &ProjectBoard,
    reports: &[liantu_model::project::ProgressReport],
    month: YearMonth,
    note: &str,
) -> Section {
    let invested: f64 = reports.iter().map(|r| r.invested_month).sum();
    let cumulative: f64 = reports.iter().map(|r| r.invested_total).sum();
    let reached = milestones(board, month);
    let mut blocks = vec![Block::Text(format!(
        "{}，共有 {} 个项目报送月报，当月完成投资 {}，报送项目累计完成投资 {}。本月达成项目节点 {} 个{}。",
        month.zh(),
        reports.len(),
        wan(invested),
        wan(cumulative),
        reached.len(),
        if reached.is_empty() {
            String::new()
        } else {
            format!(
                "：{}",
                reached
                    .iter()
                    .take(5)
                    .map(|r| format!("{}{}", r[0], r[1]))
                    .collect::<Vec<_>>()
                    .join("，")
            )
        }
    ))];
    if !reached.is_empty() {
        blocks.push(Block::Table(BriefTable {
            caption: "表2 本月达成的项目节点".into(),
            headers: vec![
                "项目".into(),
                "节点".into(),
                "计划日期".into(),
                "实际日期".into(),
            ],
            numeric: vec![false, false, false, false],
            rows: reached,
        }));
        blocks.push(Block::Note(note.to_string()));
    }
    Section {
        heading: "本月进展".into(),
        blocks,
    }
}

fn problem_section(
    problems: &[crate::projects::ProblemRow],
    month: YearMonth,
    note: &str,
) -> Section {
    let raised = problems
        .iter()
        .filter(|p| p.problem.raised.month() == month)
        .count();
    let closed = problems
        .iter()
        .filter(|p| p.problem.closed.is_some_and(|d| d.month() == month))
        .count();
    let open: Vec<_> = problems
        .iter()
        .filter(|p| p.problem.closed.is_none())
        .collect();
    let overdue = open.iter().filter(|p| p.overdue_days.is_some()).count();
    let mut by_department: Vec<(String, usize, usize)> = Vec::new();
    for p in &open {
        let d = &p.problem.department;
        match by_department.iter_mut().find(|(x, ..)| x == d) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 += usize::from(p.overdue_days.is_some());
            }
            None => by_department.push((d.clone(), 1, usize::from(p.overdue_days.is_some()))),
        }
    }
    by_department.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    let mut blocks = vec![Block::Text(format!(
        "{}新增项目问题 {} 个、办结 {} 个；目前未办结 {} 个，其中超过办理时限 {} 个{}。",
        month.zh(),
        raised,
        closed,
        open.len(),
        overdue,
        match by_department.iter().find(|d| d.2 > 0) {
            Some((d, _, n)) => format!("，超期最多的是{d}（{n} 个）"),
            None => String::new(),
        }
    ))];
    if !by_department.is_empty() {
        blocks.push(Block::Table(BriefTable {
            caption: "表3 未办结问题（按责任部门）".into(),
            headers: vec![
                "责任部门".into(),
                "未办结（个）".into(),
                "其中超期（个）".into(),
            ],
            numeric: vec![false, true, true],
            rows: by_department
                .iter()
                .map(|(d, n, o)| vec![d.clone(), n.to_string(), o.to_string()])
                .collect(),
        }));
        blocks.push(Block::Note(note.to_string()));
    }
    Section {
        heading: "问题协调".into(),
        blocks,
    }
}

fn warned(board: &ProjectBoard, note: &str) -> Section {
    let mut rows: Vec<&std::sync::Arc<ProjectRow>> = board
        .rows
        .iter()
        .filter(|r| r.assessment.level != Level::Green)
        .collect();
    rows.sort_by(|a, b| {
        b.assessment
            .level
            .cmp(&a.assessment.level)
            .then(a.project.id.cmp(&b.project.id))
    });
    let mut blocks = vec![Block::Text(if rows.is_empty() {
        "本月无预警或滞后项目。".to_string()
    } else {
        format!(
            "滞后项目 {} 个、预警项目 {} 个{}，原因见下表。",
            board.red,
            board.yellow,
            if rows.len() > WARNED_LISTED {
                format!("（列出前 {WARNED_LISTED} 个）")
            } else {
                String::new()
            }
        )
    })];
    if !rows.is_empty() {
        blocks.push(Block::Table(BriefTable {
            caption: "表4 预警与滞后项目".into(),
            headers: vec![
                "项目".into(),
                "所在地".into(),
                "当前阶段".into(),
                "评价".into(),
                "原因".into(),
            ],
            numeric: vec![false; 5],
            rows: rows
                .iter()
                .take(WARNED_LISTED)
                .map(|r| {
                    vec![
                        r.project.name.clone(),
                        r.region_zh.clone(),
                        stage_name(r),
                        r.assessment.level.label_zh().to_string(),
                        r.assessment
                            .warnings
                            .iter()
                            .map(|w| w.zh.as_str())
                            .collect::<Vec<_>>()
                            .join("；"),
                    ]
                })
                .collect(),
        }));
        blocks.push(Block::Note(note.to_string()));
    }
    Section {
        heading: "预警项目".into(),
        blocks,
    }
}

fn advice(
    board: &ProjectBoard,
    problems: &[crate::projects::ProblemRow],
    month: YearMonth,
) -> Section {
    let mut blocks = Vec::new();
    let missing: Vec<&str> = board
        .rows
        .iter()
        .filter(|r| {
            r.assessment
                .warnings
                .iter()
                .any(|w| w.rule == Rule::ReportMissing)
        })
        .map(|r| r.project.name.as_str())
        .collect();
    if !missing.is_empty() {
        blocks.push(Block::Text(format!(
            "督促报送月报：{} 个项目未按时报送（{}{}），请责任部门督促补报。",
            missing.len(),
            missing
                .iter()
                .take(5)
                .copied()
                .collect::<Vec<_>>()
                .join("、"),
            if missing.len() > 5 { "等" } else { "" }
        )));
    }
    let overdue: Vec<_> = problems
        .iter()
        .filter(|p| p.problem.closed.is_none() && p.overdue_days.is_some())
        .collect();
    if let Some(worst) = overdue
        .iter()
        .max_by_key(|p| (p.overdue_days, std::cmp::Reverse(p.problem.id)))
    {
        blocks.push(Block::Text(format!(
            "加快办结超期问题：{} 个问题超过办理时限，超期最久的是“{}”（{}，{}，已超期 {} 天），建议列入下月调度会重点协调。",
            overdue.len(),
            worst.problem.title,
            worst.project_name,
            worst.problem.department,
            worst.overdue_days.unwrap_or_default()
        )));
    }
    let next = month.next();
    let upcoming: Vec<String> = board
        .rows
        .iter()
        .flat_map(|r| {
            r.project
                .stages
                .iter()
                .filter(move |s| s.actual.is_none() && s.planned.is_some_and(|d| d.month() == next))
                .map(move |s| {
                    let name = board
                        .ladder
                        .iter()
                        .find(|l| l.id == s.stage)
                        .map_or_else(|| s.stage.clone(), |l| l.name_zh.clone());
                    format!("{}{}", r.project.name, name)
                })
        })
        .collect();
    if !upcoming.is_empty() {
        blocks.push(Block::Text(format!(
            "盯紧下月节点：{}计划达成 {} 个项目节点（{}{}），请提前协调要素保障。",
            next.zh(),
            upcoming.len(),
            upcoming
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("、"),
            if upcoming.len() > 5 { "等" } else { "" }
        )));
    }
    if board.red > 0 {
        blocks.push(Block::Text(format!(
            "推动滞后项目：{} 个项目进度滞后，建议逐一明确责任领导和时间表。",
            board.red
        )));
    }
    if blocks.is_empty() {
        blocks.push(Block::Text(
            "各项目按计划推进，无需特别调度的事项。".to_string(),
        ));
    }
    Section {
        heading: "下月工作建议".into(),
        blocks,
    }
}
