//! Supply links between chains (耦合): links bought by an area's firms on one chain from firms
//! that belong to another.

use crate::{Result, Store};
use liantu_model::RegionCode;
use sqlx::Row;

/// Links on `buyer_chain`'s node `node`, bought by the area's firms from members of
/// `supplier_chain` (another chain), in one year; `local_*` are those whose supplier is in the
/// area.
#[derive(Debug, Clone, PartialEq)]
pub struct CouplingFlow {
    pub supplier_chain: String,
    pub buyer_chain: String,
    pub node: String,
    pub links: i64,
    pub value: f64,
    pub local_links: i64,
    pub local_value: f64,
}

impl Store {
    /// The cross-chain flows of the area's buyers on `buyer_chain` in `year` (see
    /// [`CouplingFlow`]): the links read by their (chain, year) index, the area's buyers as a
    /// set, the suppliers' chains through the memberships' key (1.6 M links of a chain-year at
    /// 1,000,000 firms: 2.6 s joined buyer by buyer, 0.8 s so). A supplier in several other
    /// chains counts once for each; one also on `buyer_chain` itself counts too.
    pub async fn coupling_flows(
        &self,
        area: &RegionCode,
        buyer_chain: &str,
        year: i32,
    ) -> Result<Vec<CouplingFlow>> {
        let (lo, hi) = area.text_range();
        let rows = sqlx::query(
            "SELECT m.chain_id AS supplier_chain, l.chain_id AS buyer_chain, l.node_id AS node,
                    COUNT(*) AS links,
                    CAST(SUM(l.value) AS DOUBLE PRECISION) AS value,
                    SUM(CASE WHEN l.supplier_region >= $2 AND l.supplier_region < $3 THEN 1 ELSE 0 END)
                        AS local_links,
                    CAST(SUM(CASE WHEN l.supplier_region >= $2 AND l.supplier_region < $3
                                  THEN l.value ELSE 0 END) AS DOUBLE PRECISION) AS local_value
             FROM supply_links l
             JOIN memberships m ON m.uscc = l.supplier_uscc
             WHERE l.chain_id = $4 AND l.year = $1
               AND l.buyer_uscc IN (SELECT uscc FROM enterprises WHERE region >= $2 AND region < $3)
               AND m.chain_id <> l.chain_id
               -- one membership row per (supplier, chain): the first of its nodes
               AND m.node_id = (SELECT MIN(o.node_id) FROM memberships o
                                WHERE o.uscc = m.uscc AND o.chain_id = m.chain_id)
             GROUP BY m.chain_id, l.chain_id, l.node_id
             ORDER BY m.chain_id, l.chain_id, l.node_id",
        )
        .bind(i64::from(year))
        .bind(&lo)
        .bind(&hi)
        .bind(buyer_chain)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CouplingFlow {
                    supplier_chain: r.try_get("supplier_chain")?,
                    buyer_chain: r.try_get("buyer_chain")?,
                    node: r.try_get("node")?,
                    links: r.try_get("links")?,
                    value: r.try_get("value")?,
                    local_links: r.try_get("local_links")?,
                    local_value: r.try_get("local_value")?,
                })
            })
            .collect()
    }
}
