//! Which chain nodes an enterprise works in (企业链上环节), keyed by USCC, chain and node.

use super::{Change, ImportKind, columns_in_file};
use crate::import::{Chains, Fields, load_chains, not_imported};
use crate::schema::{Column, MEMBER_USCC, SOURCE, Type, col};
use liantu_model::bounds::{Contract, SHARE};
use liantu_model::records::Membership;
use liantu_store::{ImportTx, Store, StoreError};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    MEMBER_USCC,
    col!(
        "chain",
        "产业链",
        ["产业链编号", "产业链代码", "chain_id"],
        Text,
        true,
        false,
        "nev-battery",
        "产业链编号或名称",
        "chain id or Chinese name"
    ),
    col!(
        "node",
        "环节",
        ["环节编号", "环节代码", "产业链环节", "node_id"],
        Text,
        true,
        false,
        "vehicle",
        "环节编号或名称",
        "node id or Chinese name"
    ),
    col!(
        "share",
        "产值占比",
        ["占比", "比例"],
        Share,
        false,
        false,
        "0.3",
        "0–1 或百分数；空 = 平均分摊",
        "0–1 or a percentage; empty = even split"
    ),
    SOURCE,
];

type Key = (String, String, String);

pub(crate) struct Memberships {
    chains: Chains,
    stored: HashSet<Key>,
    seen: HashMap<Key, u64>,
}

impl ImportKind for Memberships {
    const KEY: &'static str = "memberships";
    const LABEL_ZH: &'static str = "企业链上环节";
    const LABEL_EN: &'static str = "Chain memberships";
    const NAMES: &'static [&'static str] = &["memberships", "membership", "链上环节"];
    const COLUMNS: &'static [Column] = COLUMNS;
    type Record = Membership;

    async fn load(store: &Store, _tx: &mut ImportTx) -> Result<Memberships, StoreError> {
        Ok(Memberships {
            chains: load_chains(store).await?,
            stored: store.membership_keys().await?,
            seen: HashMap::new(),
        })
    }

    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<(Membership, Change)> {
        let uscc = f.uscc("uscc", true);
        if let Some(code) = &uscc {
            f.require_enterprise("uscc", code, not_imported());
            f.check_scope("uscc", code, None);
        }
        let chain_node = f.chain_node(&self.chains);
        let share = f.bounded("share", false, true, &SHARE);
        let source = f.source();
        let (uscc, (chain, node)) = (uscc?, chain_node?);
        let key = (uscc.as_str().to_string(), chain.clone(), node.clone());
        let stored = self.stored.contains(&key);
        let updates = f.check_key("node", &mut self.seen, key, stored, upsert);
        let record = Membership {
            uscc,
            chain,
            node,
            share,
            source,
        };
        f.enforce(record.violations());
        Some((record, Change::from_update(updates)))
    }

    async fn write(tx: &mut ImportTx, rows: Vec<Membership>) -> Result<(), StoreError> {
        tx.put_memberships(&rows).await
    }

    /// The chain and node columns are stored as ids.
    fn update_columns(present: &HashSet<&'static str>) -> Vec<&'static str> {
        columns_in_file(COLUMNS, present, &["source"])
            .into_iter()
            .map(|c| match c {
                "chain" => "chain_id",
                "node" => "node_id",
                other => other,
            })
            .collect()
    }
}
