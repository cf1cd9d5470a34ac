//! A plan evaluated, as the table every renderer shows (page, Excel, CLI).

use super::{PlanEvaluation, TargetResult};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};

/// A target's figure in its unit: a ratio as a percentage, 万元 and counts as numbers.
fn figure(t: &TargetResult, v: Option<f64>) -> Cell {
    Cell::optional(v, |v| {
        if t.indicator.ratio() {
            Cell::Percent(v)
        } else if t.indicator.money() {
            Cell::Money(v)
        } else {
            Cell::Number {
                value: v,
                decimals: 0,
            }
        }
    })
}

/// 计划执行评估: each target against 序时 and the data.
pub fn plan_table(e: &PlanEvaluation) -> Table {
    let label = ColumnKind::Label { badge: false };
    let columns = vec![
        Column::new("indicator", "指标", "Indicator", ColumnKind::Local).width(24.0),
        Column::new("chain", "产业链", "Chain", label).width(20.0),
        Column::new("unit", "单位", "Unit", ColumnKind::Local),
        Column::new("target", "年度目标", "Target", ColumnKind::Number),
        Column::new(
            "previous_target",
            "上一版目标",
            "Previous version's target",
            ColumnKind::Number,
        ),
        Column::new("expected", "序时目标", "Due by now", ColumnKind::Number),
        Column::new("actual", "实际", "Actual", ColumnKind::Number),
        Column::new("behind_pct", "落后（%）", "Behind (%)", ColumnKind::Number),
        Column::new("level", "预警", "Level", ColumnKind::Label { badge: true }),
        Column::new("note", "口径", "How it is read", ColumnKind::Local).width(40.0),
    ];
    let title = Text::new(
        format!("{}（第 {} 版）", e.plan.title_zh, e.version),
        format!(
            "{} (version {})",
            if e.plan.title_en.is_empty() {
                &e.plan.title_zh
            } else {
                &e.plan.title_en
            },
            e.version
        ),
    );
    let mut t = Table::new(title, columns);
    for r in &e.targets {
        t.push(vec![
            Cell::local(&r.name_zh, &r.name_en),
            match (&r.chain, &r.chain_zh, &r.chain_en) {
                (Some(id), Some(zh), Some(en)) => Cell::label(id, zh, en),
                _ => Cell::Empty,
            },
            Cell::local(r.indicator.unit_zh(), r.indicator.unit_en()),
            figure(r, Some(r.target)),
            figure(r, r.previous_target),
            figure(r, r.expected),
            figure(r, r.actual),
            Cell::optional(r.behind_pct, |v| Cell::Number {
                value: v,
                decimals: 1,
            }),
            Cell::optional(r.level, |l| {
                Cell::label(l.key(), l.label_zh(), l.label_en())
            }),
            Cell::local(&r.note_zh, &r.note_en),
        ]);
    }
    let source = if e.illustrative {
        (
            "目标为示例数据（虚构），实际值来自示例数据",
            "targets illustrative (made up); actuals from the demo data",
        )
    } else {
        ("实际值来自本系统数据", "actuals from liantu's data")
    };
    t.with_footer(Text::new(
        format!("截至 {}（北京时间）评估；{}", e.as_of.zh(), source.0),
        format!("Evaluated as of {}; {}", e.as_of, source.1),
    ))
}

/// The list of plans (each one's latest version).
pub fn plans_table(plans: &[super::PlanSummary]) -> Table {
    let columns = vec![
        Column::new("id", "计划编号", "Id", ColumnKind::Text).files_only(),
        Column::new("title", "计划", "Plan", ColumnKind::Text).width(40.0),
        Column::new("year", "年度", "Year", ColumnKind::Text),
        Column::new(
            "region",
            "地区",
            "Region",
            ColumnKind::Label { badge: false },
        ),
        Column::new("version", "版本", "Version", ColumnKind::Count),
        Column::new(
            "reason",
            "最近修订理由",
            "Latest revision",
            ColumnKind::Text,
        )
        .width(40.0),
    ];
    let mut t = Table::new(Text::new("年度计划", "Annual plans"), columns);
    for p in plans {
        t.push(vec![
            Cell::text(&p.id),
            Cell::text(&p.title).link(format!("/plans/{}", p.id)),
            Cell::text(p.year.to_string()),
            Cell::label(&p.region, &p.region_zh, &p.region_en),
            Cell::Count(p.version),
            Cell::text(&p.reason),
        ]);
    }
    t
}

/// A chain's nodes that changed status between two years, with the projects behind them.
pub fn change_table(c: &super::ChainChange) -> Table {
    let label = ColumnKind::Label { badge: false };
    let columns = vec![
        Column::new("node", "环节", "Node", ColumnKind::Local).width(24.0),
        Column::new(
            "from",
            &format!("{} 年", c.from_year),
            &c.from_year.to_string(),
            label,
        ),
        Column::new(
            "to",
            &format!("{} 年", c.to_year),
            &c.to_year.to_string(),
            label,
        ),
        Column::new(
            "output_from",
            &format!("{} 年产值（万元）", c.from_year),
            &format!("Output {} (10k yuan)", c.from_year),
            ColumnKind::Money,
        ),
        Column::new(
            "output_to",
            &format!("{} 年产值（万元）", c.to_year),
            &format!("Output {} (10k yuan)", c.to_year),
            ColumnKind::Money,
        ),
        Column::new(
            "projects",
            "期间投产的项目",
            "Projects that reached production in between",
            ColumnKind::Text,
        )
        .width(40.0),
    ];
    let status = |s: liantu_model::NodeStatus| Cell::label(s.key(), s.label_zh(), s.label_en());
    let mut t = Table::new(
        Text::new(
            format!(
                "{}：{} → {} 年环节状态变化",
                c.name_zh, c.from_year, c.to_year
            ),
            format!("{}: node status {} → {}", c.name_en, c.from_year, c.to_year),
        ),
        columns,
    );
    for n in &c.nodes {
        let projects: Vec<&str> = n.projects.iter().map(|p| p.name.as_str()).collect();
        t.push(vec![
            Cell::local(&n.name_zh, &n.name_en),
            status(n.from),
            status(n.to),
            Cell::Money(n.output_from),
            Cell::Money(n.output_to),
            Cell::text(projects.join("、")),
        ]);
    }
    t.with_footer(Text::new(
        format!("来源：{}", c.sources_note),
        format!("Sources: {}", c.sources_note),
    ))
}
