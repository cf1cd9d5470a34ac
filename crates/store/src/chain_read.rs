//! A chain's data read in bulk from SQLite, for a province-size database.
//!
//! Read row by row, a diagnosis of a chain among a million firms took a minute and 5 GB: sqlx
//! hands every row over from SQLite's worker thread on its own (≈15 µs a row through `Any`, and
//! an `AnyRow` is large), and the firms were picked by one statement whose `IN (…) OR IN (…)`
//! over the links built a temporary index of 3.4 million keys. Here each table is scanned once
//! in bulk (`bulk`: chunks of rows as JSON values); the chain's firms are those its memberships and
//! links name, found in Rust; their figures of the year are joined in Rust too. The rows are
//! sorted as the portable path sorts them (firms by USCC, memberships by firm and node, links
//! by id), so both paths give the same `ChainData`.
//!
//! Filters are written `+column = $n`: the unary plus keeps SQLite from an index, whose random
//! visits to a third of a table cost more than reading it in order.

use crate::bulk::Bind;
use crate::read::{ChainData, EnterpriseRow, LinkRow, MembershipRow};
use crate::{Result, Store, corrupt};
use liantu_model::RegionCode;
use std::collections::{HashMap, HashSet};

fn region(code: &str) -> Result<RegionCode> {
    RegionCode::parse(code).map_err(corrupt)
}

/// A firm's output in the year, with its source and as-of date.
type YearFigure = (Option<f64>, Option<String>, Option<String>);

impl Store {
    /// [`Store::chain_data`] on SQLite (see the module doc).
    pub(crate) async fn chain_data_sqlite(
        &self,
        chain_id: &str,
        year: Option<i64>,
        link_year: Option<i64>,
    ) -> Result<ChainData> {
        type Membership = (String, String, Option<f64>, String, i64);
        let mut memberships: Vec<MembershipRow> = self
            .sqlite_scan::<Membership>(
                "memberships",
                "uscc, node_id, share, source",
                "+chain_id = $2",
                &[Bind::Text(chain_id)],
                |m| m.4,
            )
            .await?
            .into_iter()
            .map(|(uscc, node, share, source, _)| MembershipRow {
                uscc,
                node,
                share,
                source,
            })
            .collect();
        memberships.sort_by(|a, b| (&a.uscc, &a.node).cmp(&(&b.uscc, &b.node)));

        type Link = (
            i64,
            String,
            Option<String>,
            String,
            String,
            String,
            String,
            f64,
            String,
            i64,
        );
        let mut links: Vec<(i64, LinkRow)> = match link_year {
            None => Vec::new(),
            Some(link_year) => self
                .sqlite_scan::<Link>(
                    "supply_links",
                    "id, buyer_uscc, supplier_uscc, supplier_name, supplier_region, node_id, product, value, source",
                    "+chain_id = $2 AND +year = $3",
                    &[Bind::Text(chain_id), Bind::Int(link_year)],
                    |l| l.9,
                )
                .await?
                .into_iter()
                .map(|(id, buyer, supplier, supplier_name, supplier_region, node, product, value, source, _)| {
                    Ok((
                        id,
                        LinkRow {
                            buyer,
                            supplier,
                            supplier_name,
                            supplier_region: region(&supplier_region)?,
                            node,
                            product,
                            year: link_year as i32,
                            value,
                            source,
                        },
                    ))
                })
                .collect::<Result<_>>()?,
        };
        links.sort_by_key(|(id, _)| *id);
        let links: Vec<LinkRow> = links.into_iter().map(|(_, l)| l).collect();

        // The chain's firms: on a node, buying on the chain or supplying it.
        let firms: HashSet<&str> = memberships
            .iter()
            .map(|m| m.uscc.as_str())
            .chain(links.iter().map(|l| l.buyer.as_str()))
            .chain(links.iter().filter_map(|l| l.supplier.as_deref()))
            .collect();
        type Figure = (String, Option<f64>, Option<String>, Option<String>, i64);
        let mut figures: HashMap<String, YearFigure> = match year {
            None => HashMap::new(),
            Some(year) => self
                .sqlite_scan::<Figure>(
                    "enterprise_years",
                    "uscc, output, source, as_of",
                    "+year = $2",
                    &[Bind::Int(year)],
                    |f| f.4,
                )
                .await?
                .into_iter()
                .filter(|f| firms.contains(f.0.as_str()))
                .map(|(uscc, output, source, as_of, _)| (uscc, (output, source, as_of)))
                .collect(),
        };
        type Firm = (String, String, String, i64, i64);
        let mut enterprises: Vec<EnterpriseRow> = Vec::with_capacity(firms.len());
        for (uscc, name, code, above_scale, _) in self
            .sqlite_scan::<Firm>(
                "enterprises",
                "uscc, name, region, above_scale",
                "1 = 1",
                &[],
                |f| f.4,
            )
            .await?
        {
            if !firms.contains(uscc.as_str()) {
                continue;
            }
            let (output, output_source, output_as_of) =
                figures.remove(&uscc).unwrap_or((None, None, None));
            enterprises.push(EnterpriseRow {
                region: region(&code)?,
                above_scale: above_scale != 0,
                uscc,
                name,
                output,
                output_source,
                output_as_of,
            });
        }
        enterprises.sort_by(|a, b| a.uscc.cmp(&b.uscc));
        Ok(ChainData {
            year: year.map(|y| y as i32),
            link_year: link_year.map(|y| y as i32),
            enterprises,
            memberships,
            links,
        })
    }
}
