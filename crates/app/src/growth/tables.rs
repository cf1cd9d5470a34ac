//! The growth tables: stored panels, and industries with their density, PCI and COG.

use super::{GrowthReport, IndustryView, PanelSummary};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};

/// The stored panels (`liantu panel list`).
pub fn panels_table(panels: &[PanelSummary]) -> Table {
    let mut t = Table::new(
        Text::new("数据面板", "Panels"),
        vec![
            Column::new("id", "id", "Id", ColumnKind::Text),
            Column::new("name", "名称 name", "Name", ColumnKind::Local),
            Column::new("measure", "指标 measure", "Measure", ColumnKind::Text),
            Column::new("rows", "行数 rows", "Rows", ColumnKind::Count),
            Column::new("times", "时期 periods", "Periods", ColumnKind::Text),
        ],
    );
    for p in panels {
        t.push(vec![
            Cell::text(&p.id).link(format!("/growth?panel={}", p.id)),
            Cell::local(&p.name_zh, &p.name_en),
            Cell::text(&p.measure),
            Cell::Count(p.rows),
            Cell::text(p.times.join(" ")),
        ]);
    }
    t
}

/// Industries of a growth report (`rows`: its opportunities, its strengths or both), each with
/// the chain nodes it maps to — `chain/node` ids for programs, names for people.
pub fn growth_table<'a>(
    report: &GrowthReport,
    rows: impl IntoIterator<Item = &'a IndustryView>,
) -> Table {
    let number = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Number);
    let mut t = Table::new(
        Text::new("增长机会", "Growth opportunities"),
        vec![
            Column::new("industry", "行业代码", "Industry code", ColumnKind::Text),
            Column::new("name", "行业", "Industry", ColumnKind::Text).width(30.0),
            Column::new(
                "present",
                "已有优势",
                "Present",
                ColumnKind::Label { badge: false },
            ),
            number("rca", "RCA", "RCA"),
            number("density", "关联密度", "Density"),
            number("pci", "PCI", "PCI"),
            number("cog", "COG", "COG"),
            Column::new(
                "chain_nodes",
                "对应产业链环节",
                "Chain nodes",
                ColumnKind::Label { badge: false },
            )
            .width(50.0),
        ],
    );
    let fixed = |value: f64, decimals: u8| Cell::Number { value, decimals };
    for o in rows {
        t.push(vec![
            Cell::text(&o.industry),
            Cell::text(&o.name),
            if o.present {
                Cell::label("1", "是", "yes")
            } else {
                Cell::label("0", "否", "no")
            },
            fixed(o.rca, 2),
            Cell::optional(o.density, |d| fixed(d, 3)),
            Cell::optional(o.pci, |p| fixed(p, 2)),
            fixed(o.cog, 2),
            chain_nodes(o),
        ]);
    }
    let source = report
        .source
        .as_ref()
        .map(|s| (s.title_zh.as_str(), s.title_en.as_str()))
        .unwrap_or_default();
    t.with_footer(Text::new(
        format!(
            "来源：{}；面板 {}，时期 {}，区域 {}",
            source.0, report.panel, report.time, report.region
        ),
        format!(
            "Source: {}; panel {}, period {}, region {}",
            source.1, report.panel, report.time, report.region
        ),
    ))
}

/// `chain/node` ids as the key, `chain name/node name` as the text.
fn chain_nodes(o: &IndustryView) -> Cell {
    let join = |f: &dyn Fn(&super::ChainNodeRef) -> String, sep: &str| {
        o.chain_nodes.iter().map(f).collect::<Vec<_>>().join(sep)
    };
    if o.chain_nodes.is_empty() {
        return Cell::Empty;
    }
    Cell::label(
        join(&|n| format!("{}/{}", n.chain, n.node), " "),
        join(&|n| format!("{}/{}", n.chain_name_zh, n.node_name_zh), "；"),
        join(&|n| format!("{}/{}", n.chain_name_en, n.node_name_en), "; "),
    )
}
