//! A chain's data read in bulk from SQLite, for a province-size database.
//!
//! Read row by row, a diagnosis of a chain among a million firms took a minute and 5 GB: sqlx
//! hands every row over from SQLite's worker thread on its own (≈15 µs a row through `Any`, and
//! an `AnyRow` is large). Here each query's rows come over in bulk (`bulk`: chunks of rows as
//! JSON values), and only the rows the region's figures rest on are read: memberships of firms
//! in the region, links they bought, and the firms those name (a supplier anywhere). The firms
//! of the region are found through the index on `enterprises.region`; the firms named are
//! then read by USCC with their figures of the year. The rows are sorted as the portable path
//! sorts them (firms by USCC, memberships by firm and node, links by id), so both paths give
//! the same `ChainData`. Several chains are read together (the ranking reads every chain):
//! each table is scanned once for all of them and its rows dealt out to their chain.
//!
//! Filters on the chain and year of a scan are written `+column = $n`: the unary plus keeps
//! SQLite from an index, whose random visits to a third of a table cost more than reading it in
//! order. A small area's links are the exception: they are read by their buyers through the
//! index on the buyer, which holds every column read, so the table is not visited (at 1,000,000
//! firms, Liuzhou's 453,000 links: 0.5-0.6 s, against 2.2-2.6 s for the scan; through the
//! narrow index it had been 2.2 s).

use crate::bulk::{Bind, JSON_ROWS};
use crate::read::{ChainData, EnterpriseRow, LinkRow, MembershipRow};
use crate::{Result, Store, corrupt};
use liantu_model::RegionCode;
use std::collections::HashSet;

fn region(code: &str) -> Result<RegionCode> {
    RegionCode::parse(code).map_err(corrupt)
}

/// Firms named looked up by a list of USCCs at most; more are read by one pass over
/// `enterprises` and the year's figures. At 1,000,000 firms a lookup costs ≈3 µs a firm and the
/// pass ≈1 µs a row of both tables: the four chains' 421,000 firms of Liuzhou are quicker by
/// list, one chain's 902,000 firms of the province by the pass (`benches/scale.sh`).
#[cfg(not(test))]
const LOOKUP_MAX: usize = 600_000;
#[cfg(test)]
const LOOKUP_MAX: usize = 10;
/// USCCs looked up by one statement: each is looked up once (a scan in rowid order with the
/// list as a filter looked every one up again for each chunk of rows, and sorted them).
#[cfg(not(test))]
const LIST_CHUNK: usize = 100_000;
#[cfg(test)]
const LIST_CHUNK: usize = 3;
/// Buyers whose links are read by one statement, when they are read by buyer (a small area): a
/// chunk of about 100,000 links.
#[cfg(not(test))]
const BUYER_CHUNK: usize = 20_000;
#[cfg(test)]
const BUYER_CHUNK: usize = 3;
/// Firms of an area looked up as a set at most; more are kept in Rust ([`Area`]): the set is
/// built again for each chunk of a scan, so a province's firms would be built a dozen times.
#[cfg(not(test))]
const AREA_SET_MAX: i64 = 200_000;
#[cfg(test)]
const AREA_SET_MAX: i64 = 10;

/// The condition keeping rows of `t` whose firm (`t.{column}`) lies in the area `[$3, $4)`
/// (`RegionCode::text_range`), for an area of at most [`AREA_SET_MAX`] firms; a larger area's
/// rows are all read (`$3 < $4` holds) and kept in Rust by [`Area::holds`].
fn in_area(column: &str, small: bool) -> String {
    if small {
        let set = "SELECT uscc FROM enterprises WHERE region >= $3 AND region < $4";
        // `+`: the area's firms are read from the scan, never through the links-by-firm index
        // (probing it for each of up to 200,000 firms is slower than the scan).
        format!("+t.{column} IN ({set})")
    } else {
        "$3 < $4".to_string()
    }
}

/// The condition `+t.{column}` is `${n}`, or — for more than one value — among the JSON list
/// `${n}`: a scan of millions of rows pays for a list lookup on every row. Without the `+` when
/// the column is `indexed`: the rows are then found through an index on it.
fn one_of(column: &str, n: u8, values: usize, indexed: bool) -> String {
    let plus = if indexed { "" } else { "+" };
    if values == 1 {
        format!("{plus}t.{column} = ${n}")
    } else {
        format!("{plus}t.{column} IN (SELECT value FROM json_each(${n}))")
    }
}

/// The firms of a large area, read once; `None` for a small one (filtered in SQL).
struct Area(Option<std::collections::HashSet<String>>);

impl Area {
    fn holds(&self, uscc: &str) -> bool {
        self.0.as_ref().is_none_or(|set| set.contains(uscc))
    }
}

/// A chain to read, with the year of its firms' figures and of its links.
pub(crate) struct ChainYears<'a> {
    pub chain: &'a str,
    pub year: Option<i64>,
    pub link_year: Option<i64>,
}

/// The chains read together and the area: its code range, whether its firms are few enough to
/// filter in SQL, else the set of them.
struct Scope<'a> {
    lo: String,
    hi: String,
    small: bool,
    firms: Area,
    ids: Vec<&'a str>,
    /// The one chain id, or the ids as a JSON list (see [`one_of`]).
    ids_bind: String,
}

impl Scope<'_> {
    /// The position of `chain` among the chains read.
    fn slot(&self, chain: &str) -> Option<usize> {
        self.ids.iter().position(|id| *id == chain)
    }
}

/// A firm with its output of the year (source, as-of).
type Firm = (
    String,
    String,
    String,
    i64,
    Option<f64>,
    Option<String>,
    Option<String>,
);

impl Store {
    /// The firms `named` with their figures of `year`, from one pass over each table (for
    /// more firms than a list of USCCs serves well).
    async fn firms_by_scan(&self, named: HashSet<&str>, year: Option<i64>) -> Result<Vec<Firm>> {
        type Figure = (String, Option<f64>, Option<String>, Option<String>);
        let mut figures: std::collections::HashMap<String, Figure> = match year {
            None => Default::default(),
            Some(year) => self
                .sqlite_scan::<Figure>(
                    "enterprise_years t",
                    "uscc, output, source, as_of",
                    "+t.year = $2",
                    &[Bind::Int(year)],
                )
                .await?
                .into_iter()
                .filter(|f| named.contains(f.0.as_str()))
                .map(|f| (f.0.clone(), f))
                .collect(),
        };
        type Row = (String, String, String, i64);
        Ok(self
            .sqlite_scan::<Row>(
                "enterprises t",
                "uscc, name, region, above_scale",
                "1 = 1",
                &[],
            )
            .await?
            .into_iter()
            .filter(|f| named.contains(f.0.as_str()))
            .map(|(uscc, name, code, above_scale)| {
                let (_, output, source, as_of) = figures.remove(&uscc).unwrap_or_default();
                (uscc, name, code, above_scale, output, source, as_of)
            })
            .collect())
    }

    /// The firms `named`, looked up by USCC: those `inside` the area (on a node or buying there)
    /// with their figures of `year`; the others — suppliers only — by name and region first,
    /// and with their figures only when that region is in `area`. A supplier's figures cost two
    /// more lookups (the year's index and row) and nothing of the area rests on them: at
    /// 1,000,000 firms the 330,000 suppliers outside Liuzhou took 2.3 s with them, 0.6 s without.
    async fn firms_by_list(
        &self,
        named: &[&str],
        inside: &HashSet<&str>,
        year: Option<i64>,
        area: &RegionCode,
    ) -> Result<Vec<Firm>> {
        let (known, suppliers): (Vec<&str>, Vec<&str>) =
            named.iter().partition(|uscc| inside.contains(*uscc));
        // On two connections: SQLite's reading, not ours, is most of the time.
        let (mut firms, others) = tokio::try_join!(
            self.firm_list(&known, Some(year)),
            self.firm_list(&suppliers, None)
        )?;
        let mut local = Vec::new();
        for firm in others {
            if area.contains(&region(&firm.2)?) {
                local.push(firm.0);
            } else {
                firms.push(firm);
            }
        }
        let local: Vec<&str> = local.iter().map(String::as_str).collect();
        firms.extend(self.firm_list(&local, Some(year)).await?);
        Ok(firms)
    }

    /// The firms of `list` (a chunk of the list at a time, [`Store::sqlite_by_list`]), with
    /// their figures of the year when `figures` is `Some(year)`; a USCC not stored is left out.
    async fn firm_list(&self, list: &[&str], figures: Option<Option<i64>>) -> Result<Vec<Firm>> {
        match figures {
            Some(year) => {
                let sql = format!(
                    "SELECT {JSON_ROWS} FROM
                      (SELECT json_array(t.uscc, t.name, t.region, t.above_scale, y.output,
                                         y.source, y.as_of) AS row
                       FROM json_each($1) j
                       JOIN enterprises t ON t.uscc = j.value
                       LEFT JOIN enterprise_years y ON y.uscc = t.uscc AND y.year = $2)"
                );
                self.sqlite_by_list(&sql, list, LIST_CHUNK, &[Bind::MaybeInt(year)])
                    .await
            }
            None => {
                let sql = format!(
                    "SELECT {JSON_ROWS} FROM
                      (SELECT json_array(t.uscc, t.name, t.region, t.above_scale, NULL, NULL,
                                         NULL) AS row
                       FROM json_each($1) j
                       JOIN enterprises t ON t.uscc = j.value)"
                );
                self.sqlite_by_list(&sql, list, LIST_CHUNK, &[]).await
            }
        }
    }

    /// [`Store::chains_data`] on SQLite (see the module doc): each table read once for all
    /// the chains, the rows then dealt out to their chain.
    pub(crate) async fn chains_data_sqlite(
        &self,
        chains: &[ChainYears<'_>],
        area: &RegionCode,
    ) -> Result<Vec<ChainData>> {
        let scope = self.scope(chains, area).await?;
        // Two scans on two connections at once.
        let (memberships, links) =
            tokio::try_join!(self.memberships_in(&scope), self.links_in(&scope, chains))?;
        let enterprises = self.firms_named(chains, &memberships, &links, area).await?;
        Ok(chains
            .iter()
            .zip(enterprises)
            .zip(memberships)
            .zip(links)
            .map(|(((c, mut enterprises), memberships), links)| {
                enterprises.sort_by(|a, b| a.uscc.cmp(&b.uscc));
                ChainData {
                    year: c.year.map(|y| y as i32),
                    link_year: c.link_year.map(|y| y as i32),
                    enterprises,
                    memberships,
                    links,
                }
            })
            .collect())
    }

    /// The chains and the area as the scans filter them.
    async fn scope<'a>(&self, chains: &[ChainYears<'a>], area: &RegionCode) -> Result<Scope<'a>> {
        let (lo, hi) = area.text_range();
        let local: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM enterprises WHERE region >= $1 AND region < $2",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_one(&self.pool)
        .await?;
        let small = local <= AREA_SET_MAX;
        let firms = Area(if small {
            None
        } else {
            let rows = self
                .sqlite_scan::<(String,)>(
                    "enterprises t",
                    "uscc",
                    "t.region >= $2 AND t.region < $3",
                    &[Bind::Text(&lo), Bind::Text(&hi)],
                )
                .await?;
            Some(rows.into_iter().map(|(uscc,)| uscc).collect())
        });
        let ids: Vec<&str> = chains.iter().map(|c| c.chain).collect();
        let ids_bind = match ids.as_slice() {
            [one] => one.to_string(),
            many => serde_json::to_string(many).map_err(corrupt)?,
        };
        Ok(Scope {
            lo,
            hi,
            small,
            firms,
            ids,
            ids_bind,
        })
    }

    /// Each chain's memberships of firms in the area, by firm and node.
    async fn memberships_in(&self, scope: &Scope<'_>) -> Result<Vec<Vec<MembershipRow>>> {
        type Membership = (String, String, String, Option<f64>, String);
        let mut memberships: Vec<Vec<MembershipRow>> = vec![Vec::new(); scope.ids.len()];
        for (chain, uscc, node, share, source) in self
            .sqlite_scan::<Membership>(
                "memberships t",
                "t.chain_id, t.uscc, t.node_id, t.share, t.source",
                &format!(
                    "{} AND {}",
                    one_of("chain_id", 2, scope.ids.len(), false),
                    in_area("uscc", scope.small)
                ),
                &[
                    Bind::Text(&scope.ids_bind),
                    Bind::Text(&scope.lo),
                    Bind::Text(&scope.hi),
                ],
            )
            .await?
        {
            if let Some(i) = scope.slot(&chain)
                && scope.firms.holds(&uscc)
            {
                memberships[i].push(MembershipRow {
                    uscc,
                    node,
                    share,
                    source,
                });
            }
        }
        for rows in &mut memberships {
            rows.sort_by(|a, b| (&a.uscc, &a.node).cmp(&(&b.uscc, &b.node)));
        }
        Ok(memberships)
    }

    /// The USCCs of the area's firms, in order (for a small area, [`AREA_SET_MAX`]).
    async fn area_firms(&self, scope: &Scope<'_>) -> Result<Vec<String>> {
        let json: String = sqlx::query_scalar(
            "SELECT COALESCE(json_group_array(uscc), '[]') FROM
              (SELECT uscc FROM enterprises WHERE region >= $1 AND region < $2 ORDER BY uscc)",
        )
        .bind(&scope.lo)
        .bind(&scope.hi)
        .fetch_one(&self.pool)
        .await?;
        serde_json::from_str(&json).map_err(corrupt)
    }

    /// Each chain's links of its link year bought by firms in the area, by id.
    async fn links_in(
        &self,
        scope: &Scope<'_>,
        chains: &[ChainYears<'_>],
    ) -> Result<Vec<Vec<LinkRow>>> {
        let mut links: Vec<Vec<(i64, LinkRow)>> = vec![Vec::new(); chains.len()];
        let mut link_years: Vec<i64> = chains.iter().filter_map(|c| c.link_year).collect();
        link_years.sort_unstable();
        link_years.dedup();
        type Link = (
            i64,
            String,
            i64,
            String,
            Option<String>,
            String,
            String,
            String,
            String,
            f64,
            String,
        );
        if link_years.is_empty() {
            return Ok(vec![Vec::new(); chains.len()]);
        }
        let years_json = serde_json::to_string(&link_years).map_err(corrupt)?;
        let years_bind = || match link_years.as_slice() {
            [one] => Bind::Int(*one),
            _ => Bind::Text(&years_json),
        };
        const COLUMNS: &str = "t.id, t.chain_id, t.year, t.buyer_uscc, t.supplier_uscc, \
            t.supplier_name, t.supplier_region, t.node_id, t.product, t.value, t.source";
        let rows: Vec<Link> = if scope.small {
            // By the area's firms, through the index on the buyer that holds every column read:
            // the area's links are read from it alone (at 1,000,000 firms, Liuzhou's 453,000
            // links of 5,000,000: 0.5-0.6 s, against 2.2-2.6 s for the scan).
            let buyers = self.area_firms(scope).await?;
            let buyers: Vec<&str> = buyers.iter().map(String::as_str).collect();
            let sql = format!(
                "SELECT {JSON_ROWS} FROM
                  (SELECT json_array({COLUMNS}) AS row
                   FROM json_each($1) j
                   JOIN supply_links t INDEXED BY supply_links_buyer ON t.buyer_uscc = j.value
                   WHERE {} AND {})",
                one_of("year", 2, link_years.len(), true),
                one_of("chain_id", 3, scope.ids.len(), true),
            );
            let binds = [years_bind(), Bind::Text(&scope.ids_bind)];
            self.sqlite_by_list(&sql, &buyers, BUYER_CHUNK, &binds)
                .await?
        } else {
            self.sqlite_scan::<Link>(
                "supply_links t",
                COLUMNS,
                &format!(
                    "{} AND {} AND {}",
                    one_of("chain_id", 2, scope.ids.len(), false),
                    one_of("year", 5, link_years.len(), false),
                    // A large area (a small one is read by its buyers above).
                    in_area("buyer_uscc", false)
                ),
                &[
                    Bind::Text(&scope.ids_bind),
                    Bind::Text(&scope.lo),
                    Bind::Text(&scope.hi),
                    years_bind(),
                ],
            )
            .await?
        };
        for (
            id,
            chain,
            year,
            buyer,
            supplier,
            supplier_name,
            supplier_region,
            node,
            product,
            value,
            source,
        ) in rows
        {
            let Some(i) = scope.slot(&chain) else {
                continue;
            };
            if chains[i].link_year != Some(year) || !scope.firms.holds(&buyer) {
                continue;
            }
            links[i].push((
                id,
                LinkRow {
                    buyer,
                    supplier,
                    supplier_name,
                    supplier_region: region(&supplier_region)?,
                    node,
                    product,
                    year: year as i32,
                    value,
                    source,
                },
            ));
        }
        Ok(links
            .into_iter()
            .map(|mut rows| {
                rows.sort_by_key(|(id, _)| *id);
                rows.into_iter().map(|(_, l)| l).collect()
            })
            .collect())
    }

    /// The firms each chain names — on a node, buying on the chain or supplying a buyer of the
    /// area — those of the area with their figures of the chain's year; looked up once for all
    /// the chains whose figures are of the same year.
    async fn firms_named(
        &self,
        chains: &[ChainYears<'_>],
        memberships: &[Vec<MembershipRow>],
        links: &[Vec<LinkRow>],
        area: &RegionCode,
    ) -> Result<Vec<Vec<EnterpriseRow>>> {
        let named: Vec<Vec<&str>> = memberships
            .iter()
            .zip(links)
            .map(|(memberships, links)| {
                let mut firms: Vec<&str> = memberships
                    .iter()
                    .map(|m| m.uscc.as_str())
                    .chain(links.iter().map(|l| l.buyer.as_str()))
                    .chain(links.iter().filter_map(|l| l.supplier.as_deref()))
                    .collect();
                firms.sort_unstable();
                firms.dedup();
                firms
            })
            .collect();
        let mut enterprises: Vec<Vec<EnterpriseRow>> = vec![Vec::new(); chains.len()];
        let mut years: Vec<Option<i64>> = chains.iter().map(|c| c.year).collect();
        years.sort_unstable();
        years.dedup();
        for year in years {
            let group: Vec<usize> = (0..chains.len())
                .filter(|&i| chains[i].year == year)
                .collect();
            let mut firms: Vec<&str> = group
                .iter()
                .flat_map(|&i| named[i].iter().copied())
                .collect();
            firms.sort_unstable();
            firms.dedup();
            // A list of USCCs when it is short, else one pass over the tables.
            let rows: Vec<Firm> = if firms.len() <= LOOKUP_MAX {
                // Firms on a node or buying are of the area (`memberships_in`, `links_in`).
                let inside: HashSet<&str> = group
                    .iter()
                    .flat_map(|&i| {
                        let members = memberships[i].iter().map(|m| m.uscc.as_str());
                        members.chain(links[i].iter().map(|l| l.buyer.as_str()))
                    })
                    .collect();
                self.firms_by_list(&firms, &inside, year, area).await?
            } else {
                self.firms_by_scan(firms.into_iter().collect(), year)
                    .await?
            };
            for (uscc, name, code, above_scale, output, output_source, output_as_of) in rows {
                let region = region(&code)?;
                // A supplier from outside the area carries no figures (as `chain_data_rows`).
                let (output, output_source, output_as_of) = if area.contains(&region) {
                    (output, output_source, output_as_of)
                } else {
                    (None, None, None)
                };
                let row = EnterpriseRow {
                    region,
                    above_scale: above_scale != 0,
                    uscc,
                    name,
                    output,
                    output_source,
                    output_as_of,
                };
                // One chain of the year names every row read for it.
                if let [only] = group[..] {
                    enterprises[only].push(row);
                    continue;
                }
                for &i in &group {
                    if named[i].binary_search(&row.uscc.as_str()).is_ok() {
                        enterprises[i].push(row.clone());
                    }
                }
            }
        }
        Ok(enterprises)
    }
}
