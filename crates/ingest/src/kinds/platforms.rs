//! Innovation platforms (创新平台), keyed by name: kind, level, host, division and the chain
//! nodes each serves.

use super::innovation::{DATED, labelled, nodes_column};
use super::{Change, ImportKind};
use crate::import::{Chains, Fields, load_chains, not_imported};
use crate::schema::{Column, SOURCE, Type, col};
use crate::text::parse_date;
use liantu_model::bounds::FOUNDED;
use liantu_model::innovation::{Platform, PlatformKind, PlatformLevel};
use liantu_store::{ImportTx, Store, StoreError};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    col!(
        "name",
        "平台名称",
        ["名称", "platform_name"],
        Text,
        true,
        false,
        "广西汽车零部件与整车技术重点实验室",
        "",
        ""
    ),
    col!(
        "kind",
        "平台类型",
        ["类型", "platform_kind"],
        Text,
        true,
        false,
        "重点实验室",
        "重点实验室、工程技术研究中心、企业技术中心、新型研发机构、产业技术创新联盟、劳模和工匠人才创新工作室、技能大师工作室",
        "one of the seven kinds, in Chinese"
    ),
    col!(
        "level",
        "级别",
        ["认定级别", "platform_level"],
        Text,
        true,
        false,
        "自治区级",
        "国家级、自治区级（省级）、市级",
        "国家级, 自治区级 (省级) or 市级"
    ),
    col!(
        "host",
        "依托单位",
        ["建设单位", "承建单位", "host"],
        Text,
        true,
        false,
        "广西科技大学",
        "企业、院校或科研院所",
        "enterprise, college or institute"
    ),
    col!(
        "host_uscc",
        "依托单位统一社会信用代码",
        ["依托单位信用代码", "host_credit_code"],
        Uscc,
        false,
        false,
        "",
        "依托单位为已导入企业时填写",
        "when the host is a stored enterprise"
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
    nodes_column("服务产业链环节", true),
    col!(
        "fields",
        "研究方向",
        ["技术领域", "领域", "fields"],
        Text,
        false,
        false,
        "汽车轻量化；动力电池系统",
        "",
        ""
    ),
    col!(
        "year",
        "认定年份",
        ["批准年份", "成立年份"],
        Integer,
        false,
        false,
        "2014",
        "",
        ""
    ),
    SOURCE,
    DATED,
];

pub(crate) struct Platforms {
    chains: Chains,
    regions: HashSet<String>,
    stored: HashSet<String>,
    seen: HashMap<String, u64>,
}

impl ImportKind for Platforms {
    const KEY: &'static str = "platforms";
    const LABEL_ZH: &'static str = "创新平台";
    const LABEL_EN: &'static str = "Innovation platforms";
    const NAMES: &'static [&'static str] = &["platforms", "platform", "创新平台", "平台"];
    const COLUMNS: &'static [Column] = COLUMNS;
    type Record = Platform;

    async fn load(store: &Store, _tx: &mut ImportTx) -> Result<Platforms, StoreError> {
        Ok(Platforms {
            chains: load_chains(store).await?,
            regions: store.region_codes().await?,
            stored: store.platform_names().await?,
            seen: HashMap::new(),
        })
    }

    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<(Platform, Change)> {
        let name = f.name("name", true);
        let kind = f.parsed("kind", true, |c| {
            labelled::<PlatformKind>(c, &PlatformKind::labels_zh())
        });
        let level = f.parsed("level", true, |c| {
            labelled::<PlatformLevel>(c, &PlatformLevel::labels_zh())
        });
        let host = f.name("host", true);
        let host_uscc = f.uscc("host_uscc", false);
        if let Some(code) = &host_uscc {
            f.require_enterprise("host_uscc", code, not_imported());
        }
        let region = f.region("region", &self.regions, true);
        let nodes = f.node_refs("nodes", true, &self.chains);
        let fields = f.text("fields", false);
        let year = f.bounded_integer("year", &FOUNDED);
        let source = f.source();
        let as_of = f.parsed("as_of", true, parse_date);
        let (name, kind, level, host, region, nodes, as_of) =
            (name?, kind?, level?, host?, region?, nodes?, as_of?);
        let stored = self.stored.contains(&name);
        let updates = f.check_key("name", &mut self.seen, name.clone(), stored, upsert);
        let record = Platform {
            name,
            kind,
            level,
            host,
            host_uscc,
            region,
            nodes,
            fields,
            year: year.map(|y| y as i32),
            source,
            as_of: as_of.to_string(),
        };
        Some((record, Change::from_update(updates)))
    }

    async fn write(tx: &mut ImportTx, rows: Vec<Platform>) -> Result<(), StoreError> {
        tx.put_platforms(&rows).await
    }
}
