//! The what-if tables: node changes per chain, the candidates' new symbiosis exchanges, saved
//! scenarios and scenarios compared.

use super::{ChainComparison, ChainWhatIf, ScenarioRow, SymbiosisWhatIf, WhatIfReport};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};

fn label() -> ColumnKind {
    ColumnKind::Label { badge: false }
}

fn chain_cell(id: &str, name_zh: &str, name_en: &str) -> Cell {
    Cell::label(id, name_zh, name_en).link(format!("/chains/{id}"))
}

/// Nodes of one chain whose status, firm count or local supply the candidates change. The
/// `status_after` cell reads `before → after` for people; its key is the new status.
pub fn whatif_chain_table(c: &ChainWhatIf) -> Table {
    let mut t = Table::new(Text::new("环节变化", "Node changes"), change_columns());
    push_changes(&mut t, c);
    t
}

/// [`whatif_chain_table`] of every chain, one after the other.
pub fn whatif_table(r: &WhatIfReport) -> Table {
    let mut t = Table::new(Text::new("环节变化", "Node changes"), change_columns());
    for c in &r.chains {
        push_changes(&mut t, c);
    }
    t.with_footer(Text::new(&r.note_zh, &r.note_en))
}

fn change_columns() -> Vec<Column> {
    let count = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Count);
    let percent = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Percent);
    vec![
        Column::new("chain", "产业链", "Chain", label()),
        Column::new("node", "环节", "Node", label()),
        Column::new("status_before", "原状态", "Status before", label()),
        Column::new(
            "status_after",
            "状态",
            "Status",
            ColumnKind::Label { badge: true },
        ),
        count("firms_before", "原企业数", "Firms before"),
        count("firms_after", "企业数", "Firms"),
        percent("local_supply_before", "原本地配套率", "Local supply before"),
        percent("local_supply_after", "本地配套率", "Local supply"),
        Column::new("reason_after", "依据 rule", "Why", ColumnKind::Local),
    ]
}

fn push_changes(t: &mut Table, c: &ChainWhatIf) {
    for n in &c.changes {
        t.push(vec![
            chain_cell(&c.chain.id, &c.chain.name_zh, &c.chain.name_en),
            Cell::label(&n.id, &n.name_zh, &n.name_en),
            Cell::label(
                n.status_before.key(),
                n.status_before_zh,
                n.status_before.label_en(),
            ),
            Cell::label(
                n.status_after.key(),
                format!("{} → {}", n.status_before_zh, n.status_after_zh),
                format!(
                    "{} → {}",
                    n.status_before.label_en(),
                    n.status_after.label_en()
                ),
            ),
            Cell::Count(i64::from(n.firms_before)),
            Cell::Count(i64::from(n.firms_after)),
            Cell::optional(n.local_supply_before, Cell::Percent),
            Cell::optional(n.local_supply_after, Cell::Percent),
            Cell::local(&n.reason_after_zh, &n.reason_after_en),
        ]);
    }
}

/// Exchanges of a park's new optimum that take or feed a candidate's stream.
pub fn whatif_exchanges_table(s: &SymbiosisWhatIf) -> Table {
    let text = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Text);
    let mut t = Table::new(
        Text::new("新增共生交换", "New symbiosis exchanges"),
        vec![
            text("from", "供给方 from", "From"),
            text("to", "需求方 to", "To"),
            text("class", "资源 class", "Class"),
            Column::new("quantity", "数量 quantity", "Quantity", ColumnKind::Number),
            text("unit", "单位", "Unit"),
            Column::new(
                "net_value",
                "净收益 万元/年",
                "Net value (10k yuan/yr)",
                ColumnKind::Number,
            ),
        ],
    );
    for x in &s.new_exchanges {
        t.push(vec![
            Cell::text(&x.from_name),
            Cell::text(&x.to_name),
            Cell::text(&x.class),
            Cell::Number {
                value: x.quantity,
                decimals: 0,
            },
            Cell::text(&x.unit),
            Cell::Number {
                value: x.net_value / 1e4,
                decimals: 1,
            },
        ]);
    }
    t
}

/// The saved scenarios.
pub fn scenarios_table(scenarios: &[ScenarioRow]) -> Table {
    let text = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Text);
    let mut t = Table::new(
        Text::new("方案", "Scenarios"),
        vec![
            text("id", "id", "Id"),
            text("name", "名称 name", "Name"),
            text("region", "区域", "Region"),
            text("candidates", "候选项目 candidates", "Candidates"),
            Column::new(
                "substitution",
                "替代比例",
                "Substitution",
                ColumnKind::Percent,
            ),
            text("note", "备注", "Note"),
            text("created", "创建 created", "Created"),
        ],
    );
    for s in scenarios {
        t.push(vec![
            Cell::text(&s.id).link(format!("/whatif?scenario={}", s.id)),
            Cell::text(&s.name),
            Cell::text(s.region.as_str()),
            Cell::text(s.candidates.join(",")),
            Cell::Percent(s.substitution),
            Cell::text(&s.note),
            Cell::text(&s.created),
        ]);
    }
    t
}

/// Each scenario's outcome on one chain, side by side.
pub fn comparison_table(c: &ChainComparison) -> Table {
    let mut t = Table::new(
        Text::new("方案比较", "Scenarios compared"),
        vec![
            Column::new("chain", "产业链", "Chain", label()),
            Column::new("scenario", "方案 scenario", "Scenario", ColumnKind::Text),
            Column::new("covered", "覆盖环节", "Nodes covered", ColumnKind::Count),
            Column::new("total_nodes", "环节数", "Nodes", ColumnKind::Count),
            Column::new(
                "weighted_completeness",
                "加权完整度",
                "Weighted completeness",
                ColumnKind::Percent,
            ),
            Column::new(
                "local_supply",
                "本地配套率(估)",
                "Local supply (est.)",
                ColumnKind::Percent,
            ),
            Column::new(
                "status_changes",
                "状态变化 status changes",
                "Status changes",
                ColumnKind::Text,
            ),
        ],
    );
    for o in &c.outcomes {
        t.push(vec![
            chain_cell(&c.chain.id, &c.chain.name_zh, &c.chain.name_en),
            Cell::text(&o.scenario).link(format!("/whatif?scenario={}", o.scenario)),
            Cell::Count(i64::from(o.covered_after)),
            Cell::Count(i64::from(c.total_nodes)),
            Cell::optional(o.weighted_completeness_after, Cell::Percent),
            Cell::optional(o.local_supply_after, Cell::Percent),
            Cell::text(o.status_changes.join("；")),
        ]);
    }
    t
}
