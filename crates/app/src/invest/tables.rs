//! The 精准招商 tables: the candidate ranking, 亩均 grading and input-output multipliers.

use super::{GradedEnterprise, GradingReport, Indicator, IoReport, RankingReport};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};

fn fixed(value: f64, decimals: u8) -> Cell {
    Cell::Number { value, decimals }
}

fn number(key: &str, zh: &str, en: &str) -> Column {
    Column::new(key, zh, en, ColumnKind::Number)
}

/// Candidates by rank: points per criterion, the gates and the sentence that explains the rank.
pub fn ranking_table(r: &RankingReport) -> Table {
    let label = ColumnKind::Label { badge: false };
    let mut columns = vec![
        Column::new("rank", "#", "#", ColumnKind::Count),
        Column::new("id", "id", "Id", ColumnKind::Text),
        Column::new("name", "项目 candidate", "Candidate", ColumnKind::Text).width(30.0),
        Column::new("park", "园区 park", "Park", label),
        Column::new(
            "eligible",
            "门槛 gates",
            "Gates",
            ColumnKind::Label { badge: true },
        ),
        number("total", "总分", "Total"),
        number("max_total", "满分", "Maximum"),
    ];
    columns.extend(
        r.criteria
            .iter()
            .map(|c| number(&format!("{}_points", c.key), c.label_zh, c.label_en)),
    );
    columns.push(Column::new(
        "gate_failures",
        "未通过的门槛",
        "Gates failed",
        ColumnKind::Text,
    ));
    columns.push(Column::new("why", "说明 why", "Why", ColumnKind::Local).width(80.0));
    let mut t = Table::new(Text::new("招商排序", "Candidate ranking"), columns);
    for x in &r.results {
        let s = &x.score;
        let park = x.candidate.park.as_ref().map(|id| {
            Cell::label(
                id,
                x.park_name_zh.as_deref().unwrap_or(id),
                x.park_name_en.as_deref().unwrap_or(id),
            )
        });
        let mut row = vec![
            Cell::Count(i64::from(s.rank)),
            Cell::text(&s.id),
            Cell::text(&s.name).link(format!("/candidates/{}/edit", s.id)),
            park.unwrap_or(Cell::Empty),
            if s.eligible {
                Cell::label("true", "通过", "passed")
            } else {
                Cell::label("false", "未通过", "failed")
            },
            fixed(s.total, 2),
            fixed(s.max_total, 2),
        ];
        row.extend(r.criteria.iter().map(|c| {
            let points = s.criteria.iter().find(|p| p.criterion.key() == c.key);
            Cell::optional(points, |p| fixed(p.points, 2))
        }));
        let failures: Vec<&str> = s
            .gate_failures
            .iter()
            .map(|g| g.reason_zh.as_str())
            .collect();
        row.push(Cell::text(failures.join("；")));
        row.push(Cell::local(&s.why_zh, &s.why_en));
        t.push(row);
    }
    let sources: Vec<&str> = r.sources.iter().map(|s| s.title_zh.as_str()).collect();
    t.with_footer(Text::new(
        format!(
            "来源：{}；评分方案 {} v{}",
            sources.join("；"),
            r.profile.id,
            r.profile.version
        ),
        format!(
            "Sources: {}; profile {} v{}",
            r.sources
                .iter()
                .map(|s| s.title_en.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            r.profile.id,
            r.profile.version
        ),
    ))
}

/// Enterprises by grade and rank, each indicator's value and points, then those not graded
/// with the reason.
pub fn grading_table(r: &GradingReport) -> Table {
    let mut columns = vec![
        Column::new("rank", "#", "#", ColumnKind::Count),
        Column::new("uscc", "统一社会信用代码", "USCC", ColumnKind::Text),
        Column::new("name", "企业", "Enterprise", ColumnKind::Text).width(30.0),
        Column::new(
            "industry_code",
            "行业代码",
            "Industry code",
            ColumnKind::Text,
        ),
        Column::new("grade", "等级", "Grade", ColumnKind::Label { badge: true }),
        number("score", "得分", "Score"),
    ];
    for b in &r.benchmarks {
        let i = b.indicator;
        columns.push(if i == Indicator::RdIntensity {
            Column::new(
                &format!("{}_value", i.key()),
                i.label_zh(),
                i.label_en(),
                ColumnKind::Percent,
            )
        } else {
            number(
                &format!("{}_value", i.key()),
                &format!("{}（{}）", i.label_zh(), i.unit()),
                &format!("{} ({})", i.label_en(), i.unit()),
            )
        });
        columns.push(number(
            &format!("{}_points", i.key()),
            &format!("{}得分", i.label_zh()),
            &format!("{} points", i.label_en()),
        ));
    }
    columns.push(Column::new(
        "not_graded",
        "不参评原因",
        "Why not graded",
        ColumnKind::Local,
    ));
    let mut t = Table::new(Text::new("亩均评价", "Per-mu grading"), columns);
    for e in &r.enterprises {
        t.push(graded_row(r, e));
    }
    let sources: Vec<&str> = r.sources.iter().map(|s| s.title_zh.as_str()).collect();
    t.with_footer(Text::new(
        format!("来源：{}；{} 年；金额单位万元", sources.join("；"), r.year),
        format!(
            "Sources: {}; year {}; money in 10k yuan",
            r.sources
                .iter()
                .map(|s| s.title_en.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            r.year
        ),
    ))
}

fn graded_row(r: &GradingReport, e: &GradedEnterprise) -> Vec<Cell> {
    let mut row = vec![
        Cell::optional(e.rank, |n| Cell::Count(i64::from(n))),
        Cell::text(&e.uscc).link(format!("/enterprises/{}", e.uscc)),
        Cell::text(&e.name),
        Cell::optional(e.industry_code.as_deref(), Cell::text),
        Cell::optional(e.grade, |g| Cell::label(g.key(), g.key(), g.key())),
        Cell::optional(e.score, |s| fixed(s, 2)),
    ];
    for b in &r.benchmarks {
        let indicator = e.indicators.iter().find(|i| i.key == b.indicator.key());
        row.push(Cell::optional(indicator.and_then(|i| i.score.value), |v| {
            if b.indicator == Indicator::RdIntensity {
                Cell::Percent(v)
            } else {
                fixed(v, 2)
            }
        }));
        row.push(Cell::optional(indicator, |i| fixed(i.score.points, 2)));
    }
    row.push(match (&e.not_graded_zh, &e.not_graded_en) {
        (Some(zh), en) => Cell::local(zh, en.as_deref().unwrap_or(zh)),
        (None, _) => Cell::Empty,
    });
    row
}

/// Sectors of an input-output table with their multipliers and linkages.
pub fn io_table(r: &IoReport) -> Table {
    let mut t = Table::new(
        Text::new("投入产出乘数", "Input-output multipliers"),
        vec![
            Column::new("code", "部门", "Sector", ColumnKind::Text),
            Column::new("name", "名称", "Name", ColumnKind::Local).width(30.0),
            Column::new("total_output", "总产出", "Total output", ColumnKind::Money),
            number("output_multiplier", "产出乘数", "Output multiplier"),
            number("backward_linkage", "影响力系数", "Backward linkage"),
            number("forward_linkage", "感应度系数", "Forward linkage"),
            Column::new("chain_nodes", "环节 nodes", "Chain nodes", ColumnKind::Text),
        ],
    );
    for s in &r.sectors {
        t.push(vec![
            Cell::text(&s.code),
            Cell::local(&s.name_zh, &s.name_en),
            Cell::Money(s.total_output),
            fixed(s.output_multiplier, 3),
            fixed(s.backward_linkage, 3),
            fixed(s.forward_linkage, 3),
            Cell::text(s.nodes.join("|")),
        ]);
    }
    t
}
