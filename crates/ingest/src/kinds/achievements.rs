//! Technology achievements and capabilities (科技成果), keyed by number: who owns it, where,
//! how mature it is, the patents that protect it and the chain nodes it serves.

use super::innovation::{DATED, labelled, nodes_column};
use super::{Change, ImportKind};
use crate::import::{Chains, Fields, load_chains};
use crate::schema::{Column, SOURCE, Type, col};
use crate::text::parse_date;
use liantu_model::bounds::PATENTS;
use liantu_model::innovation::{Achievement, Maturity};
use liantu_store::{ImportTx, Store, StoreError};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    col!(
        "id",
        "成果编号",
        ["编号", "achievement_id"],
        Text,
        true,
        false,
        "CG-2025-001",
        "本地唯一的编号",
        "a number unique among the achievements"
    ),
    col!(
        "title",
        "成果名称",
        ["科技成果", "名称", "title"],
        Text,
        true,
        false,
        "高压实磷酸铁锂正极材料制备技术",
        "",
        ""
    ),
    col!(
        "description",
        "成果简介",
        ["简介", "描述", "description"],
        Text,
        false,
        false,
        "",
        "",
        ""
    ),
    col!(
        "owner",
        "成果所有方",
        ["所有方", "完成单位", "owner"],
        Text,
        true,
        false,
        "广西科技大学",
        "院校、科研院所、平台或企业",
        "college, institute, platform or enterprise"
    ),
    col!(
        "region",
        "所在地区划代码",
        ["区划代码", "所在地", "region_code"],
        Region,
        true,
        false,
        "450204",
        "6 位，须在数据库中",
        "6 digits, in the database"
    ),
    col!(
        "maturity",
        "成熟度",
        ["技术成熟度", "阶段", "maturity"],
        Text,
        true,
        false,
        "中试",
        "实验室、小试、中试、产业化",
        "实验室 (lab), 小试 (bench), 中试 (pilot) or 产业化 (production)"
    ),
    col!(
        "patents",
        "授权专利（件）",
        ["专利数", "授权专利", "patents"],
        Integer,
        false,
        false,
        "3",
        "件；空 = 0",
        "count; empty = 0"
    ),
    nodes_column("适用产业链环节", true),
    SOURCE,
    DATED,
];

pub(crate) struct Achievements {
    chains: Chains,
    regions: HashSet<String>,
    stored: HashSet<String>,
    seen: HashMap<String, u64>,
}

impl ImportKind for Achievements {
    const KEY: &'static str = "achievements";
    const LABEL_ZH: &'static str = "科技成果";
    const LABEL_EN: &'static str = "Technology achievements";
    const NAMES: &'static [&'static str] = &["achievements", "achievement", "科技成果", "成果"];
    const COLUMNS: &'static [Column] = COLUMNS;
    type Record = Achievement;

    async fn load(store: &Store, _tx: &mut ImportTx) -> Result<Achievements, StoreError> {
        Ok(Achievements {
            chains: load_chains(store).await?,
            regions: store.region_codes().await?,
            stored: store.achievement_ids().await?,
            seen: HashMap::new(),
        })
    }

    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<(Achievement, Change)> {
        let id = f.name("id", true);
        let title = f.name("title", true);
        let description = f.text("description", false);
        let owner = f.name("owner", true);
        let region = f.region("region", &self.regions, true);
        let maturity = f.parsed("maturity", true, |c| {
            labelled::<Maturity>(c, &Maturity::labels_zh())
        });
        let patents = f.bounded_integer("patents", &PATENTS);
        let nodes = f.node_refs("nodes", true, &self.chains);
        let source = f.source();
        let as_of = f.parsed("as_of", true, parse_date);
        let (id, title, owner, region, maturity, nodes, as_of) =
            (id?, title?, owner?, region?, maturity?, nodes?, as_of?);
        let stored = self.stored.contains(&id);
        let updates = f.check_key("id", &mut self.seen, id.clone(), stored, upsert);
        let record = Achievement {
            id,
            title,
            description,
            owner,
            region,
            maturity,
            patents: patents.unwrap_or(0),
            nodes,
            source,
            as_of: as_of.to_string(),
        };
        Some((record, Change::from_update(updates)))
    }

    async fn write(tx: &mut ImportTx, rows: Vec<Achievement>) -> Result<(), StoreError> {
        tx.put_achievements(&rows).await
    }
}
