//! The overview of every installed chain in a region: coverage, completeness, 本地配套率 and
//! the missing nodes (`liantu demo`).

use crate::{App, DiagnosisReport, DiagnosisRequest, Result};
use liantu_model::{NodeStatus, RegionCode};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use std::sync::Arc;

/// Missing nodes named in full; more are summarised with their count.
const MISSING_NAMED: usize = 5;

impl App {
    /// The diagnosis of every installed chain in `region`, in store order.
    pub async fn chain_overview(&self, region: RegionCode) -> Result<Vec<Arc<DiagnosisReport>>> {
        let mut out = Vec::new();
        for chain in self.chains().await? {
            out.push(
                self.chain_diagnosis(&DiagnosisRequest::new(&chain.id, region))
                    .await?,
            );
        }
        Ok(out)
    }
}

/// One row per chain.
pub fn overview_table(reports: &[Arc<DiagnosisReport>]) -> Table {
    let count = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Count);
    let percent = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Percent);
    let mut t = Table::new(
        Text::new("产业链概览", "Chain overview"),
        vec![
            Column::new(
                "chain",
                "产业链 chain",
                "Chain",
                ColumnKind::Label { badge: false },
            ),
            count("nodes", "环节 nodes", "Nodes"),
            count("covered", "已覆盖 covered", "Covered"),
            percent("completeness", "完整度 completeness", "Completeness"),
            percent(
                "local_supply_rate",
                "本地配套率 local supply",
                "Local supply rate",
            ),
            count("supply_links", "供应关系 links", "Supply links"),
            Column::new(
                "missing",
                "空白环节 missing",
                "Missing nodes",
                ColumnKind::Local,
            ),
        ],
    );
    for r in reports {
        let missing: Vec<(&str, &str)> = r
            .nodes
            .iter()
            .filter(|n| n.status == NodeStatus::Missing)
            .map(|n| (n.name_zh.as_str(), n.name_en.as_str()))
            .collect();
        t.push(vec![
            Cell::label(
                &r.chain.id,
                format!("{} {}", r.chain.name_zh, r.chain.id),
                &r.chain.name_en,
            )
            .link(format!("/chains/{}", r.chain.id)),
            Cell::Count(i64::from(r.completeness.total_nodes)),
            Cell::Count(i64::from(r.completeness.covered_nodes)),
            Cell::optional(r.completeness.weighted_ratio, Cell::Percent),
            Cell::optional(r.local_supply.rate, Cell::Percent),
            Cell::Count(r.local_supply.link_count as i64),
            missing_cell(&missing),
        ]);
    }
    t
}

/// `甲、乙、丙` — or the first few `等 n 个` when there are many; `—` when none.
fn missing_cell(missing: &[(&str, &str)]) -> Cell {
    if missing.is_empty() {
        return Cell::text("—");
    }
    let zh: Vec<&str> = missing.iter().map(|m| m.0).collect();
    let en: Vec<&str> = missing.iter().map(|m| m.1).collect();
    if missing.len() > MISSING_NAMED {
        let n = missing.len();
        Cell::local(
            format!("{} 等 {n} 个", zh[..MISSING_NAMED].join("、")),
            format!(
                "{} and {} more",
                en[..MISSING_NAMED].join(", "),
                n - MISSING_NAMED
            ),
        )
    } else {
        Cell::local(zh.join("、"), en.join(", "))
    }
}
