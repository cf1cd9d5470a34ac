//! A plan evaluated, as the table every renderer shows (page, Excel, CLI).

use super::{PlanEvaluation, TargetResult};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};

/// A target's figure in its unit: a ratio as a percentage, 万元 and counts as numbers.
fn figure(t: &TargetResult, v: Option<f64>) -> Cell {
    Cell::optional(v, |v| {
        if t.indicator.ratio() {
            Cell::Percent(v)
        } else if t.indicator.unit_zh() == "万元" {
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
