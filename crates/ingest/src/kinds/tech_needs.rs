//! Enterprises' technology needs (技术需求), keyed by number: what a stored firm seeks, for
//! which chain nodes, its budget and deadline, and where it stands (发布 → 对接 → 签约 → 转化).

use super::innovation::{DATED, labelled, nodes_column};
use super::{Change, ImportKind};
use crate::import::{Chains, Fields, load_chains, not_imported};
use crate::schema::{Column, MEMBER_USCC, SOURCE, Type, col};
use crate::text::parse_date;
use liantu_model::bounds::AMOUNT;
use liantu_model::innovation::{NeedStatus, TechNeed};
use liantu_store::{ImportTx, Store, StoreError};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    col!(
        "id",
        "需求编号",
        ["编号", "need_id"],
        Text,
        true,
        false,
        "XQ-2025-001",
        "本地唯一的编号",
        "a number unique among the needs"
    ),
    col!(
        "title",
        "需求名称",
        ["技术需求", "名称", "title"],
        Text,
        true,
        false,
        "磷酸铁锂正极材料低温性能提升",
        "",
        ""
    ),
    col!(
        "description",
        "需求描述",
        ["描述", "内容", "description"],
        Text,
        false,
        false,
        "-20℃ 容量保持率提升到 85% 以上",
        "",
        ""
    ),
    MEMBER_USCC,
    nodes_column("产业链环节", true),
    col!(
        "budget",
        "拟投入经费（万元）",
        ["拟投入", "拟投入（万元）", "经费", "预算", "budget"],
        Decimal,
        false,
        true,
        "300",
        "万元",
        "10k yuan"
    ),
    col!(
        "deadline",
        "截止日期",
        ["需求截止日期", "deadline"],
        Date,
        false,
        false,
        "2026-06-30",
        "",
        ""
    ),
    col!(
        "status",
        "状态",
        ["对接状态", "status"],
        Text,
        true,
        false,
        "发布",
        "发布、对接、签约、转化",
        "发布 (published), 对接 (in talks), 签约 (signed) or 转化 (transferred)"
    ),
    col!(
        "partner",
        "对接成果编号",
        ["签约成果编号", "partner"],
        Text,
        false,
        false,
        "",
        "签约或转化的科技成果编号",
        "the achievement it was signed or transferred with"
    ),
    SOURCE,
    DATED,
];

pub(crate) struct TechNeeds {
    chains: Chains,
    stored: HashSet<String>,
    seen: HashMap<String, u64>,
}

impl ImportKind for TechNeeds {
    const KEY: &'static str = "tech-needs";
    const LABEL_ZH: &'static str = "技术需求";
    const LABEL_EN: &'static str = "Technology needs";
    const NAMES: &'static [&'static str] = &["tech-needs", "needs", "技术需求", "需求"];
    const COLUMNS: &'static [Column] = COLUMNS;
    type Record = TechNeed;

    async fn load(store: &Store, _tx: &mut ImportTx) -> Result<TechNeeds, StoreError> {
        Ok(TechNeeds {
            chains: load_chains(store).await?,
            stored: store.tech_need_ids().await?,
            seen: HashMap::new(),
        })
    }

    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<(TechNeed, Change)> {
        let id = f.name("id", true);
        let title = f.name("title", true);
        let description = f.text("description", false);
        let uscc = f.uscc("uscc", true);
        if let Some(code) = &uscc {
            f.require_enterprise("uscc", code, not_imported());
            f.check_scope("uscc", code, None);
        }
        let nodes = f.node_refs("nodes", true, &self.chains);
        let budget = f.bounded("budget", false, false, &AMOUNT);
        let deadline = f.parsed("deadline", false, parse_date);
        let status = f.parsed("status", true, |c| {
            labelled::<NeedStatus>(c, &NeedStatus::labels_zh())
        });
        let partner = f.text("partner", false);
        let source = f.source();
        let as_of = f.parsed("as_of", true, parse_date);
        let (id, title, uscc, nodes, status, as_of) = (id?, title?, uscc?, nodes?, status?, as_of?);
        let stored = self.stored.contains(&id);
        let updates = f.check_key("id", &mut self.seen, id.clone(), stored, upsert);
        let record = TechNeed {
            id,
            title,
            description,
            uscc,
            nodes,
            budget,
            deadline: deadline.map(|d| d.to_string()),
            status,
            partner,
            source,
            as_of: as_of.to_string(),
        };
        Some((record, Change::from_update(updates)))
    }

    async fn write(tx: &mut ImportTx, rows: Vec<TechNeed>) -> Result<(), StoreError> {
        tx.put_tech_needs(&rows).await
    }
}
