//! The tagging tables: suggestions with their evidence, and a run's count per chain.

use super::{SuggestSummary, TagView};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};

/// Suggestions with confidence, status, evidence and the decision.
pub fn tags_table(views: &[TagView]) -> Table {
    let text = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Text);
    let mut t = Table::new(
        Text::new("标注建议", "Tag suggestions"),
        vec![
            Column::new("id", "编号 id", "Id", ColumnKind::Count),
            text("uscc", "统一社会信用代码", "USCC"),
            text("enterprise", "企业", "Enterprise").width(30.0),
            Column::new(
                "chain",
                "产业链 chain",
                "Chain",
                ColumnKind::Label { badge: false },
            ),
            text("node", "环节代码", "Node id"),
            text("node_name", "环节 node", "Node"),
            Column::new("confidence", "置信度", "Confidence", ColumnKind::Number),
            Column::new(
                "status",
                "状态",
                "Status",
                ColumnKind::Label { badge: true },
            ),
            Column::new("evidence", "依据 evidence", "Evidence", ColumnKind::Local).width(50.0),
            text("decided", "决定时间", "Decided"),
            text("decided_by", "决定人", "Decided by"),
        ],
    );
    for v in views {
        t.push(vec![
            Cell::optional(v.id, Cell::Count),
            Cell::text(&v.uscc).link(format!("/enterprises/{}", v.uscc)),
            Cell::text(&v.enterprise_name),
            Cell::label(&v.chain, &v.chain_name_zh, &v.chain),
            Cell::text(&v.node),
            Cell::text(&v.node_name_zh).link(format!("/chains/{}/nodes/{}", v.chain, v.node)),
            Cell::Number {
                value: v.confidence,
                decimals: 2,
            },
            Cell::label(v.status, v.status_zh, v.status),
            Cell::local(&v.evidence_zh, &v.evidence_en),
            Cell::optional(v.decided.as_deref(), Cell::text),
            Cell::optional(v.decided_by.as_deref(), Cell::text),
        ]);
    }
    t
}

/// Suggestions of a run per chain.
pub fn suggest_table(s: &SuggestSummary) -> Table {
    let mut t = Table::new(
        Text::new("标注建议", "Tag suggestions"),
        vec![
            Column::new(
                "chain",
                "产业链 chain",
                "Chain",
                ColumnKind::Label { badge: false },
            ),
            Column::new(
                "suggestions",
                "建议 suggestions",
                "Suggestions",
                ColumnKind::Count,
            ),
        ],
    );
    for c in &s.chains {
        t.push(vec![
            Cell::label(&c.chain, format!("{} {}", c.name_zh, c.chain), &c.chain)
                .link(format!("/tags?chain={}", c.chain)),
            Cell::Count(c.suggestions as i64),
        ]);
    }
    t
}
