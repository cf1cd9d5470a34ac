//! Supply links (供应关系): who buys what from whom, keyed by buyer, supplier, chain, node,
//! product and year.

use super::{Change, ImportKind};
use crate::import::{Chains, Fields, load_chains, not_imported};
use crate::schema::{Column, SOURCE, Type, col};
use crate::text::Invalid;
use liantu_model::bounds::{AMOUNT, Contract};
use liantu_model::records::SupplyLink;
use liantu_store::{ImportTx, LinkKey, Store, StoreError, link_key};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    col!(
        "buyer_uscc",
        "采购方信用代码",
        ["采购方统一社会信用代码", "采购企业信用代码", "buyer"],
        Uscc,
        true,
        false,
        "914502046941651240",
        "采购方须已导入",
        "the buyer must be in the database"
    ),
    col!(
        "supplier_uscc",
        "供应方信用代码",
        ["供应方统一社会信用代码", "供应商信用代码", "supplier"],
        Uscc,
        false,
        false,
        "",
        "已导入的企业才填；外地供应商留空",
        "only for enterprises in the database; empty for others"
    ),
    col!(
        "supplier_name",
        "供应方名称",
        ["供应商名称", "供应商", "供应方"],
        Text,
        true,
        false,
        "宁德某电池公司",
        "",
        ""
    ),
    col!(
        "supplier_region",
        "供应方区划代码",
        ["供应商所在地代码", "供应方所在地"],
        Region,
        true,
        false,
        "350900",
        "6 位；000000 = 境外",
        "6 digits; 000000 = abroad"
    ),
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
        "battery-pack",
        "环节编号或名称",
        "node id or Chinese name"
    ),
    col!(
        "product",
        "采购产品",
        ["产品", "产品名称"],
        Text,
        false,
        false,
        "电池包",
        "",
        ""
    ),
    col!(
        "year",
        "年份",
        ["年度", "采购年份"],
        Integer,
        true,
        false,
        "2024",
        "",
        ""
    ),
    col!(
        "value",
        "采购金额（万元）",
        ["采购金额", "采购额", "金额"],
        Decimal,
        true,
        true,
        "1,200",
        "万元",
        "10k yuan"
    ),
    SOURCE,
];

pub(crate) struct Links {
    regions: HashSet<String>,
    chains: Chains,
    /// Stored links and their ids.
    stored: HashMap<LinkKey, i64>,
    seen: HashMap<LinkKey, u64>,
}

impl ImportKind for Links {
    const KEY: &'static str = "links";
    const LABEL_ZH: &'static str = "供应关系";
    const LABEL_EN: &'static str = "Supply links";
    const NAMES: &'static [&'static str] = &["links", "supply-links", "supply_links", "供应关系"];
    const COLUMNS: &'static [Column] = COLUMNS;
    /// The link and the id of the stored link it replaces; `None` for a new link, whose id the
    /// database hands out when it is written.
    type Record = (Option<i64>, SupplyLink);

    async fn load(store: &Store, tx: &mut ImportTx) -> Result<Links, StoreError> {
        Ok(Links {
            regions: store.region_codes().await?,
            chains: load_chains(store).await?,
            stored: tx.link_keys().await?,
            seen: HashMap::new(),
        })
    }

    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<((Option<i64>, SupplyLink), Change)> {
        let buyer = f.uscc("buyer_uscc", true);
        if let Some(code) = &buyer {
            f.require_enterprise("buyer_uscc", code, not_imported());
            f.check_scope("buyer_uscc", code, None);
        }
        let supplier = f.uscc("supplier_uscc", false);
        if let Some(code) = &supplier {
            f.require_enterprise(
                "supplier_uscc",
                code,
                Invalid::new(
                    "供应方不在企业名录中；名录外的供应方请把信用代码留空",
                    "supplier not in the enterprise list; leave the USCC empty for suppliers outside it",
                ),
            );
        }
        let supplier_name = f.name("supplier_name", true);
        let supplier_region = f.region("supplier_region", &self.regions, false);
        let chain_node = f.chain_node(&self.chains);
        let product = f.text("product", false).unwrap_or_default();
        let year = f.year("year");
        let value = f.bounded("value", true, false, &AMOUNT);
        let source = f.source();
        let (chain, node) = chain_node?;
        let link = SupplyLink {
            buyer: buyer?,
            supplier,
            supplier_name: supplier_name?,
            supplier_region: supplier_region?,
            chain,
            node,
            product,
            year: year?,
            value: value?,
            source,
        };
        f.enforce(link.violations());
        let key = link_key(&link);
        let existing = self.stored.get(&key).copied();
        let updates = f.check_key("value", &mut self.seen, key, existing.is_some(), upsert);
        if !f.errors.is_empty() {
            return None;
        }
        let id = existing.filter(|_| updates);
        Some(((id, link), Change::from_update(updates)))
    }

    async fn write(
        tx: &mut ImportTx,
        rows: Vec<(Option<i64>, SupplyLink)>,
    ) -> Result<(), StoreError> {
        let (replaced, new): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(id, _)| id.is_some());
        let replaced: Vec<(i64, SupplyLink)> = replaced
            .into_iter()
            .filter_map(|(id, l)| id.map(|id| (id, l)))
            .collect();
        let new: Vec<SupplyLink> = new.into_iter().map(|(_, l)| l).collect();
        tx.put_links(&replaced).await?;
        tx.put_new_links(&new).await
    }

    /// A link is replaced whole.
    fn update_columns(_present: &HashSet<&'static str>) -> Vec<&'static str> {
        vec![
            "buyer_uscc",
            "supplier_uscc",
            "supplier_name",
            "supplier_region",
            "chain_id",
            "node_id",
            "product",
            "year",
            "value",
            "source",
        ]
    }
}
