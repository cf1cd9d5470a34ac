//! Reads. Rows come back as plain structs; codes were validated when they were written.

use crate::{Result, Store};
use liantu_model::RegionCode;
use liantu_model::records::{Fact, Region, Source, SourceKind};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainSummary {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub version: i64,
    pub nodes: i64,
    pub edges: i64,
    pub builtin: bool,
}

/// An enterprise as diagnosis sees it: where it is and its output in the year analysed.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseRow {
    pub uscc: String,
    pub name: String,
    pub region: RegionCode,
    pub above_scale: bool,
    /// Output of the year: read only for a firm inside the area (a supplier from outside
    /// carries its name and region alone — no figure of the area rests on its output).
    pub output: Option<f64>,
    /// Source id and as-of date of `output`.
    pub output_source: Option<String>,
    pub output_as_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MembershipRow {
    pub uscc: String,
    pub node: String,
    pub share: Option<f64>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LinkRow {
    pub buyer: String,
    pub supplier: Option<String>,
    pub supplier_name: String,
    pub supplier_region: RegionCode,
    pub node: String,
    pub product: String,
    pub year: i32,
    pub value: f64,
    pub source: String,
}

/// Everything stored about one chain for one year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChainData {
    /// Year of the enterprise figures (latest with data unless asked), `None` when there are none.
    pub year: Option<i32>,
    /// Year of the supply links used (the same year when it has links, else the latest before).
    pub link_year: Option<i32>,
    pub enterprises: Vec<EnterpriseRow>,
    pub memberships: Vec<MembershipRow>,
    pub links: Vec<LinkRow>,
}

fn region(row: &AnyRow, column: &str) -> Result<RegionCode> {
    let code: String = row.try_get(column)?;
    RegionCode::parse(&code).map_err(crate::corrupt)
}

impl Store {
    pub async fn chains(&self) -> Result<Vec<ChainSummary>> {
        let rows = sqlx::query(
            "SELECT c.id, c.name_zh, c.name_en, c.version, c.builtin,
                    (SELECT COUNT(*) FROM chain_nodes n WHERE n.chain_id = c.id) AS nodes,
                    (SELECT COUNT(*) FROM chain_edges e WHERE e.chain_id = c.id) AS edges
             FROM chains c ORDER BY c.builtin DESC, c.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ChainSummary {
                    id: r.try_get("id")?,
                    name_zh: r.try_get("name_zh")?,
                    name_en: r.try_get("name_en")?,
                    version: r.try_get("version")?,
                    nodes: r.try_get("nodes")?,
                    edges: r.try_get("edges")?,
                    builtin: r.try_get::<i64, _>("builtin")? != 0,
                })
            })
            .collect()
    }

    /// The chain's definition as installed (TOML text, the source of truth); the `chain`
    /// crate parses it.
    pub async fn chain_definition(&self, id: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT definition FROM chains WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Every node of every installed chain with its Chinese name:
    /// (chain id, chain name, node id, node name), in chain and node order.
    pub async fn chain_node_names(&self) -> Result<Vec<(String, String, String, String)>> {
        let rows = sqlx::query(
            "SELECT c.id, c.name_zh, n.node_id, n.name_zh AS node_name
             FROM chains c JOIN chain_nodes n ON n.chain_id = c.id
             ORDER BY c.id, n.position",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    r.try_get("name_zh")?,
                    r.try_get("node_id")?,
                    r.try_get("node_name")?,
                ))
            })
            .collect()
    }

    pub async fn regions(&self) -> Result<Vec<Region>> {
        let rows =
            sqlx::query("SELECT code, name_zh, name_en, level, parent FROM regions ORDER BY code")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                let parent: Option<String> = r.try_get("parent")?;
                Ok(Region {
                    code: region(r, "code")?,
                    name_zh: r.try_get("name_zh")?,
                    name_en: r.try_get("name_en")?,
                    level: r.try_get("level")?,
                    parent: parent
                        .map(|p: String| RegionCode::parse(&p))
                        .transpose()
                        .map_err(crate::corrupt)?,
                })
            })
            .collect()
    }

    pub async fn sources(&self) -> Result<Vec<Source>> {
        let rows = sqlx::query(
            "SELECT id, kind, title_zh, title_en, publisher, published, url FROM sources ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(Source {
                    id: r.try_get("id")?,
                    kind: if kind == "public" {
                        SourceKind::Public
                    } else {
                        SourceKind::Illustrative
                    },
                    title_zh: r.try_get("title_zh")?,
                    title_en: r.try_get("title_en")?,
                    publisher: r.try_get("publisher")?,
                    published: r.try_get("published")?,
                    url: r.try_get("url")?,
                })
            })
            .collect()
    }

    pub async fn facts(&self) -> Result<Vec<Fact>> {
        let rows = sqlx::query(
            "SELECT id, indicator_zh, indicator_en, scope, year, value, unit, source, as_of
             FROM facts ORDER BY scope, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Fact {
                    id: r.try_get("id")?,
                    indicator_zh: r.try_get("indicator_zh")?,
                    indicator_en: r.try_get("indicator_en")?,
                    scope: r.try_get("scope")?,
                    year: r.try_get::<i64, _>("year")? as i32,
                    value: r.try_get("value")?,
                    unit: r.try_get("unit")?,
                    source: r.try_get("source")?,
                    as_of: r.try_get("as_of")?,
                })
            })
            .collect()
    }

    /// What one chain's figures for `area` rest on, for `year` (default: the latest year with
    /// enterprise figures for the chain's members): the memberships of firms in the area, the
    /// chain's links they bought in the link year, and every firm those name (a supplier
    /// anywhere), those of the area with their figures of the year. Firms and links elsewhere
    /// are not read: no figure of the area depends on them.
    pub async fn chain_data(
        &self,
        chain_id: &str,
        area: &RegionCode,
        year: Option<i32>,
    ) -> Result<ChainData> {
        self.chains_data(&[chain_id], area, year)
            .await?
            .pop()
            .ok_or_else(|| crate::corrupt("no data read for the chain"))
    }

    /// [`Store::chain_data`] of each of `chain_ids`, in their order; on SQLite each table is
    /// read once for all of them.
    pub async fn chains_data(
        &self,
        chain_ids: &[&str],
        area: &RegionCode,
        year: Option<i32>,
    ) -> Result<Vec<ChainData>> {
        let mut chains = Vec::with_capacity(chain_ids.len());
        for &chain in chain_ids {
            let year: Option<i64> = match year {
                Some(y) => Some(i64::from(y)),
                None => self.latest_output_year(chain).await?,
            };
            let link_year: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(year) FROM supply_links WHERE chain_id = $1 AND ($2 IS NULL OR year <= $2)",
            )
            .bind(chain)
            .bind(year)
            .fetch_one(&self.pool)
            .await?;
            chains.push(crate::chain_read::ChainYears {
                chain,
                year,
                link_year,
            });
        }
        if self.backend == crate::Backend::Sqlite {
            return self.chains_data_sqlite(&chains, area).await;
        }
        let mut data = Vec::with_capacity(chains.len());
        for c in &chains {
            data.push(
                self.chain_data_rows(c.chain, area, c.year, c.link_year)
                    .await?,
            );
        }
        Ok(data)
    }

    /// [`Store::chain_data`] read row by row, portable SQL (PostgreSQL; SQLite reads in bulk,
    /// `chain_read`).
    pub(crate) async fn chain_data_rows(
        &self,
        chain_id: &str,
        area: &RegionCode,
        year: Option<i64>,
        link_year: Option<i64>,
    ) -> Result<ChainData> {
        let (lo, hi) = area.text_range();
        // $1 chain, $2 year, $3 link year, $4..$5 the area's codes.
        let rows = sqlx::query(
            "SELECT e.uscc, e.name, e.region, e.above_scale, y.output, y.source, y.as_of
             FROM enterprises e
             LEFT JOIN enterprise_years y ON y.uscc = e.uscc AND y.year = $2
                                         AND e.region >= $4 AND e.region < $5
             WHERE (e.region >= $4 AND e.region < $5
                    AND (e.uscc IN (SELECT uscc FROM memberships WHERE chain_id = $1)
                         OR e.uscc IN (SELECT buyer_uscc FROM supply_links
                                       WHERE chain_id = $1 AND year = $3)))
                OR e.uscc IN (SELECT s.supplier_uscc FROM supply_links s
                              JOIN enterprises b ON b.uscc = s.buyer_uscc
                              WHERE s.chain_id = $1 AND s.year = $3
                                AND b.region >= $4 AND b.region < $5)
             ORDER BY e.uscc",
        )
        .bind(chain_id)
        .bind(year)
        .bind(link_year)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(&self.pool)
        .await?;
        let enterprises = rows
            .iter()
            .map(|r| {
                Ok(EnterpriseRow {
                    uscc: r.try_get("uscc")?,
                    name: r.try_get("name")?,
                    region: region(r, "region")?,
                    above_scale: r.try_get::<i64, _>("above_scale")? != 0,
                    output: r.try_get("output")?,
                    output_source: r.try_get("source")?,
                    output_as_of: r.try_get("as_of")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;

        let rows = sqlx::query(
            "SELECT m.uscc, m.node_id, m.share, m.source FROM memberships m
             JOIN enterprises e ON e.uscc = m.uscc
             WHERE m.chain_id = $1 AND e.region >= $2 AND e.region < $3
             ORDER BY m.uscc, m.node_id",
        )
        .bind(chain_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(&self.pool)
        .await?;
        let memberships = rows
            .iter()
            .map(|r| {
                Ok(MembershipRow {
                    uscc: r.try_get("uscc")?,
                    node: r.try_get("node_id")?,
                    share: r.try_get("share")?,
                    source: r.try_get("source")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;

        let rows = sqlx::query(
            "SELECT s.buyer_uscc, s.supplier_uscc, s.supplier_name, s.supplier_region, s.node_id,
                    s.product, s.year, s.value, s.source
             FROM supply_links s JOIN enterprises b ON b.uscc = s.buyer_uscc
             WHERE s.chain_id = $1 AND s.year = $2 AND b.region >= $3 AND b.region < $4
             ORDER BY s.id",
        )
        .bind(chain_id)
        .bind(link_year)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(&self.pool)
        .await?;
        let links = rows
            .iter()
            .map(|r| {
                Ok(LinkRow {
                    buyer: r.try_get("buyer_uscc")?,
                    supplier: r.try_get("supplier_uscc")?,
                    supplier_name: r.try_get("supplier_name")?,
                    supplier_region: region(r, "supplier_region")?,
                    node: r.try_get("node_id")?,
                    product: r.try_get("product")?,
                    year: r.try_get::<i64, _>("year")? as i32,
                    value: r.try_get("value")?,
                    source: r.try_get("source")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;

        Ok(ChainData {
            year: year.map(|y| y as i32),
            link_year: link_year.map(|y| y as i32),
            enterprises,
            memberships,
            links,
        })
    }
}

impl Store {
    /// The latest year in which a firm of chain `chain` has an output: the years from the
    /// newest down, each asked whether one firm has it (a join of every membership with every
    /// year took seconds among a million firms).
    async fn latest_output_year(&self, chain_id: &str) -> Result<Option<i64>> {
        let mut year: Option<i64> = sqlx::query_scalar("SELECT MAX(year) FROM enterprise_years")
            .fetch_one(&self.pool)
            .await?;
        while let Some(y) = year {
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM memberships m
                 JOIN enterprise_years y ON y.uscc = m.uscc AND y.year = $2
                 WHERE m.chain_id = $1 AND y.output IS NOT NULL LIMIT 1",
            )
            .bind(chain_id)
            .bind(y)
            .fetch_optional(&self.pool)
            .await?;
            if found.is_some() {
                return Ok(Some(y));
            }
            year = sqlx::query_scalar("SELECT MAX(year) FROM enterprise_years WHERE year < $1")
                .bind(y)
                .fetch_one(&self.pool)
                .await?;
        }
        Ok(None)
    }

    /// The USCCs of the firms on chain `chain` (any node).
    pub async fn chain_member_usccs(
        &self,
        chain: &str,
    ) -> Result<std::collections::HashSet<String>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT uscc FROM memberships WHERE chain_id = $1")
                .bind(chain)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().collect())
    }
}
