//! Enterprise search and detail reads.

use crate::{Backend, Result, Store, corrupt};
use liantu_model::records::{Enterprise, EnterpriseYear, Park};
use liantu_model::{IndustryCode, Ownership, RegionCode, Uscc};
use sqlx::Row;
use sqlx::any::AnyRow;

/// Filters of the enterprise list; `None` = no filter on that field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnterpriseFilter {
    /// Part of the name, or the start of the USCC.
    pub query: Option<String>,
    /// Enterprises inside this division (a prefecture matches its counties).
    pub region: Option<RegionCode>,
    pub park: Option<String>,
    /// Member of this chain (and node, when given).
    pub chain: Option<String>,
    pub node: Option<String>,
    pub ownership: Option<Ownership>,
    pub above_scale: Option<bool>,
}

/// One page of results and the total count matching the filter.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterprisePage {
    pub total: i64,
    pub items: Vec<EnterpriseSummary>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseSummary {
    pub uscc: String,
    pub name: String,
    pub region: String,
    pub region_name: Option<String>,
    pub park: Option<String>,
    pub ownership: String,
    pub above_scale: bool,
    pub industry_code: Option<String>,
    /// Output in the latest year with data, 万元, and that year.
    pub latest_output: Option<f64>,
    pub latest_year: Option<i32>,
}

/// A firm an enterprise buys from or sells to, with the value of its links in the latest year
/// either side reported.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TradingPartner {
    /// The partner's USCC when it is in the register.
    pub uscc: Option<String>,
    pub name: String,
    /// GB/T 2260 code of where it is.
    pub region: String,
    pub region_name: Option<String>,
    /// 万元, summed over the links of `year`.
    pub value: f64,
    pub links: i64,
    pub year: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MembershipDetail {
    pub chain: String,
    pub chain_name_zh: String,
    pub chain_name_en: String,
    pub node: String,
    pub node_name_zh: Option<String>,
    pub node_name_en: Option<String>,
    pub share: Option<f64>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseDetail {
    pub enterprise: Enterprise,
    pub region_name: Option<String>,
    pub park_name: Option<String>,
    pub years: Vec<EnterpriseYear>,
    pub memberships: Vec<MembershipDetail>,
}

/// Escapes LIKE wildcards in user text (portable: explicit ESCAPE '\').
fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The `WHERE …` (over `enterprises e`) of an enterprise list and its parameters, with only the conditions the
/// filter sets: a condition the planner cannot see through (`$1 IS NULL OR …`) keeps it from the
/// indexes, and a million-firm list would be sorted whole for its first page.
struct ListQuery {
    sql: String,
    params: Vec<Param>,
    backend: Backend,
}

enum Param {
    Text(String),
    Int(i64),
}

impl ListQuery {
    fn new(filter: &EnterpriseFilter, backend: Backend) -> ListQuery {
        let mut q = ListQuery {
            sql: "WHERE 1 = 1".into(),
            params: Vec::new(),
            backend,
        };
        let query = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());
        if let Some(text) = query {
            let condition = q.name_or_uscc(text);
            q.sql += &condition;
        }
        if let Some(region) = &filter.region {
            let (lo, hi) = region.text_range();
            let a = q.param(Param::Text(lo));
            let b = q.param(Param::Text(hi));
            q.sql += &format!(" AND e.region >= {a} AND e.region < {b}");
        }
        if let Some(park) = &filter.park {
            let a = q.param(Param::Text(park.clone()));
            q.sql += &format!(" AND e.park = {a}");
        }
        if let Some(chain) = &filter.chain {
            let a = q.param(Param::Text(chain.clone()));
            let node = match &filter.node {
                Some(node) => format!(" AND m.node_id = {}", q.param(Param::Text(node.clone()))),
                None => String::new(),
            };
            q.sql += &format!(
                " AND e.uscc IN (SELECT m.uscc FROM memberships m WHERE m.chain_id = {a}{node})"
            );
        }
        if let Some(ownership) = filter.ownership {
            let a = q.param(Param::Text(ownership.key().to_string()));
            q.sql += &format!(" AND e.ownership = {a}");
        }
        if let Some(above) = filter.above_scale {
            let a = q.param(Param::Int(i64::from(above)));
            q.sql += &format!(" AND e.above_scale = {a}");
        }
        q
    }

    /// The condition for a search box's `text`: part of the name, found through the name
    /// bigrams' index (`search`) and confirmed by `LIKE`; or, for text a USCC could start with
    /// (ASCII letters and digits), the start of the USCC, through its index.
    fn name_or_uscc(&mut self, text: &str) -> String {
        let like = self.param(Param::Text(like_pattern(text)));
        let name = match crate::search::query_grams(text) {
            Some(grams) => match self.backend {
                Backend::Sqlite => {
                    let m = self.param(Param::Text(crate::search::fts5_query(&grams)));
                    format!(
                        "(e.rowid IN (SELECT rowid FROM enterprise_names WHERE enterprise_names MATCH {m}) \
                         AND e.name LIKE {like} ESCAPE '\\')"
                    )
                }
                Backend::Postgres => {
                    let g = self.param(Param::Text(grams));
                    format!(
                        "(string_to_array(e.name_grams, ' ') @> string_to_array({g}, ' ') \
                         AND e.name LIKE {like} ESCAPE '\\')"
                    )
                }
            },
            // One character: no bigram holds it alone, so LIKE reads every name.
            None => format!("e.name LIKE {like} ESCAPE '\\'"),
        };
        if !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return format!(" AND {name}");
        }
        let mut prefix = like_pattern(&text.to_ascii_uppercase());
        prefix.remove(0);
        let uscc = match self.backend {
            // SQLite's LIKE ignores ASCII case, so no index serves it: a range on the key does.
            Backend::Sqlite => {
                let (a, b) = (
                    self.param(Param::Text(text.to_ascii_uppercase())),
                    self.param(Param::Text(format!("{}\u{7f}", text.to_ascii_uppercase()))),
                );
                format!("(e.uscc >= {a} AND e.uscc < {b})")
            }
            Backend::Postgres => {
                let p = self.param(Param::Text(prefix));
                format!("e.uscc LIKE {p} ESCAPE '\\'")
            }
        };
        format!(" AND ({name} OR {uscc})")
    }

    /// Adds a parameter; its placeholder.
    fn param(&mut self, value: Param) -> String {
        self.params.push(value);
        format!("${}", self.params.len())
    }

    /// The next placeholder number (for LIMIT and OFFSET after the filter's).
    fn next(&self) -> usize {
        self.params.len() + 1
    }

    fn bind<'q>(&'q self, sql: &'q str) -> crate::exchange::Bound<'q> {
        self.params.iter().fold(sqlx::query(sql), |q, p| match p {
            Param::Text(t) => q.bind(t.as_str()),
            Param::Int(i) => q.bind(*i),
        })
    }
}

pub(crate) fn enterprise_from_row(r: &AnyRow) -> Result<Enterprise> {
    let uscc: String = r.try_get("uscc")?;
    let region: String = r.try_get("region")?;
    let ownership: String = r.try_get("ownership")?;
    let code: Option<String> = r.try_get("industry_code")?;
    Ok(Enterprise {
        uscc: Uscc::parse(&uscc).map(|(u, _)| u).map_err(corrupt)?,
        name: r.try_get("name")?,
        region: RegionCode::parse(&region).map_err(corrupt)?,
        park: r.try_get("park")?,
        ownership: ownership.parse().map_err(corrupt)?,
        above_scale: r.try_get::<i64, _>("above_scale")? != 0,
        industry_code: code
            .map(|c| IndustryCode::parse(&c))
            .transpose()
            .map_err(corrupt)?,
        main_products: r.try_get("main_products")?,
        business_scope: r.try_get("business_scope")?,
        high_tech: r.try_get::<i64, _>("high_tech")? != 0,
        specialized: r.try_get::<i64, _>("specialized")? != 0,
        strategic_emerging: r.try_get::<i64, _>("strategic_emerging")? != 0,
        overseas_bases: r.try_get("overseas_bases")?,
        listed: r.try_get::<i64, _>("listed")? != 0,
        land_mu: r.try_get("land_mu")?,
        founded: r.try_get::<Option<i64>, _>("founded")?.map(|y| y as i32),
        source: r.try_get("source")?,
        uscc_illustrative: r.try_get::<i64, _>("uscc_illustrative")? != 0,
    })
}

/// How many firms the list has.
fn count_sql(list: &ListQuery) -> String {
    format!("SELECT COUNT(*) AS n FROM enterprises e {}", list.sql)
}

/// One page of the list, in name order by pinyin (`name_order`; then USCC, so pages never
/// overlap), read in the order of its index.
fn list_sql(list: &ListQuery) -> String {
    let n = list.next();
    format!(
        "SELECT e.uscc, e.name, e.region, r.name_zh AS region_name, e.park, e.ownership,
                e.above_scale, e.industry_code,
                (SELECT y.output FROM enterprise_years y WHERE y.uscc = e.uscc
                   AND y.output IS NOT NULL ORDER BY y.year DESC LIMIT 1) AS latest_output,
                (SELECT y.year FROM enterprise_years y WHERE y.uscc = e.uscc
                   AND y.output IS NOT NULL ORDER BY y.year DESC LIMIT 1) AS latest_year
         FROM enterprises e LEFT JOIN regions r ON r.code = e.region {}
         ORDER BY e.name_sort, e.uscc LIMIT ${n} OFFSET ${}",
        list.sql,
        n + 1
    )
}

impl Store {
    /// Enterprises matching `filter`, ordered by name, `limit` rows from `offset`.
    pub async fn enterprises(
        &self,
        filter: &EnterpriseFilter,
        offset: i64,
        limit: i64,
    ) -> Result<EnterprisePage> {
        let list = ListQuery::new(filter, self.backend);
        let count_sql = count_sql(&list);
        let total: i64 = list
            .bind(&count_sql)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let sql = list_sql(&list);
        let rows = list
            .bind(&sql)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(EnterpriseSummary {
                    uscc: r.try_get("uscc")?,
                    name: r.try_get("name")?,
                    region: r.try_get("region")?,
                    region_name: r.try_get("region_name")?,
                    park: r.try_get("park")?,
                    ownership: r.try_get("ownership")?,
                    above_scale: r.try_get::<i64, _>("above_scale")? != 0,
                    industry_code: r.try_get("industry_code")?,
                    latest_output: r.try_get("latest_output")?,
                    latest_year: r
                        .try_get::<Option<i64>, _>("latest_year")?
                        .map(|y| y as i32),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(EnterprisePage { total, items })
    }

    pub async fn enterprise(&self, uscc: &str) -> Result<Option<EnterpriseDetail>> {
        let Some(row) = sqlx::query(
            "SELECT e.*, r.name_zh AS region_name, p.name_zh AS park_name
             FROM enterprises e
             LEFT JOIN regions r ON r.code = e.region
             LEFT JOIN parks p ON p.id = e.park
             WHERE e.uscc = $1",
        )
        .bind(uscc)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let enterprise = enterprise_from_row(&row)?;
        let years = sqlx::query("SELECT * FROM enterprise_years WHERE uscc = $1 ORDER BY year")
            .bind(uscc)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(crate::exchange::year_from_row)
            .collect::<Result<Vec<_>>>()?;
        let memberships = sqlx::query(
            "SELECT m.chain_id, c.name_zh AS chain_name_zh, c.name_en AS chain_name_en, m.node_id,
                    n.name_zh AS node_name_zh, n.name_en AS node_name_en, m.share, m.source
             FROM memberships m
             JOIN chains c ON c.id = m.chain_id
             LEFT JOIN chain_nodes n ON n.chain_id = m.chain_id AND n.node_id = m.node_id
             WHERE m.uscc = $1 ORDER BY m.chain_id, n.position",
        )
        .bind(uscc)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(MembershipDetail {
                chain: r.try_get("chain_id")?,
                chain_name_zh: r.try_get("chain_name_zh")?,
                chain_name_en: r.try_get("chain_name_en")?,
                node: r.try_get("node_id")?,
                node_name_zh: r.try_get("node_name_zh")?,
                node_name_en: r.try_get("node_name_en")?,
                share: r.try_get("share")?,
                source: r.try_get("source")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(EnterpriseDetail {
            enterprise,
            region_name: row.try_get("region_name")?,
            park_name: row.try_get("park_name")?,
            years,
            memberships,
        }))
    }

    pub async fn parks(&self) -> Result<Vec<Park>> {
        let rows = sqlx::query("SELECT * FROM parks ORDER BY region, id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let region: String = r.try_get("region")?;
                Ok(Park {
                    id: r.try_get("id")?,
                    name_zh: r.try_get("name_zh")?,
                    name_en: r.try_get("name_en")?,
                    region: RegionCode::parse(&region).map_err(corrupt)?,
                    kind: r.try_get("kind")?,
                    grade: r.try_get("grade")?,
                    area_mu: r.try_get("area_mu")?,
                    source: r.try_get("source")?,
                    location: r
                        .try_get::<Option<f64>, _>("lon")?
                        .zip(r.try_get::<Option<f64>, _>("lat")?),
                })
            })
            .collect()
    }
}

impl Store {
    /// Whom `uscc` buys from (`as_buyer`) or sells to, largest first: per partner the value of
    /// the links in the latest year with links.
    pub async fn trading_partners(
        &self,
        uscc: &str,
        as_buyer: bool,
    ) -> Result<Vec<TradingPartner>> {
        let sql = if as_buyer {
            "SELECT l.supplier_uscc AS uscc, l.supplier_name AS name, l.supplier_region AS region,
                    COALESCE(r.name_zh, d.name) AS region_name,
                    CAST(SUM(l.value) AS DOUBLE PRECISION) AS value, COUNT(*) AS links, l.year AS year
             FROM supply_links l
             LEFT JOIN regions r ON r.code = l.supplier_region
             LEFT JOIN ref_divisions d ON d.code = l.supplier_region
             WHERE l.buyer_uscc = $1
               AND l.year = (SELECT MAX(year) FROM supply_links WHERE buyer_uscc = $1)
             GROUP BY l.supplier_uscc, l.supplier_name, l.supplier_region, r.name_zh, d.name, l.year
             ORDER BY value DESC, name"
        } else {
            "SELECT l.buyer_uscc AS uscc, e.name AS name, e.region AS region,
                    COALESCE(r.name_zh, d.name) AS region_name,
                    CAST(SUM(l.value) AS DOUBLE PRECISION) AS value, COUNT(*) AS links, l.year AS year
             FROM supply_links l JOIN enterprises e ON e.uscc = l.buyer_uscc
             LEFT JOIN regions r ON r.code = e.region
             LEFT JOIN ref_divisions d ON d.code = e.region
             WHERE l.supplier_uscc = $1
               AND l.year = (SELECT MAX(year) FROM supply_links WHERE supplier_uscc = $1)
             GROUP BY l.buyer_uscc, e.name, e.region, r.name_zh, d.name, l.year
             ORDER BY value DESC, name"
        };
        let rows = sqlx::query(sql).bind(uscc).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(TradingPartner {
                    uscc: r.try_get("uscc")?,
                    name: r.try_get("name")?,
                    region: r.try_get("region")?,
                    region_name: r.try_get("region_name")?,
                    value: r.try_get("value")?,
                    links: r.try_get("links")?,
                    year: r.try_get("year")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// Per park inside `area`: how many of its firms are on `chain` (parks without any left
    /// out).
    pub async fn park_chain_firms(
        &self,
        chain: &str,
        area: &RegionCode,
    ) -> Result<Vec<(String, i64)>> {
        let (lo, hi) = area.text_range();
        sqlx::query(
            "SELECT e.park, COUNT(DISTINCT e.uscc) AS firms
             FROM enterprises e JOIN memberships m ON m.uscc = e.uscc
             WHERE m.chain_id = $1 AND e.park IS NOT NULL AND e.region >= $2 AND e.region < $3
             GROUP BY e.park ORDER BY e.park",
        )
        .bind(chain)
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("park")?, r.try_get("firms")?)))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan of `sql` with the list's parameters, one line per step: SQLite's `EXPLAIN QUERY
    /// PLAN` details, or PostgreSQL's `EXPLAIN` with sequential scans priced out (so a `Seq
    /// Scan` left in the plan means no index could serve the query, however small the table).
    async fn plan(store: &Store, list: &ListQuery, sql: &str, paged: bool) -> Vec<String> {
        let explain = match store.backend {
            Backend::Sqlite => format!("EXPLAIN QUERY PLAN {sql}"),
            Backend::Postgres => format!("EXPLAIN {sql}"),
        };
        let mut conn = store.pool.acquire().await.unwrap();
        if store.backend == Backend::Postgres {
            sqlx::query("SET enable_seqscan = off")
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        let mut q = list.bind(&explain);
        if paged {
            q = q.bind(50i64).bind(0i64);
        }
        let rows = q.fetch_all(&mut *conn).await.unwrap();
        if store.backend == Backend::Postgres {
            sqlx::query("RESET enable_seqscan")
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        let column = match store.backend {
            Backend::Sqlite => "detail",
            Backend::Postgres => "QUERY PLAN",
        };
        rows.iter()
            .map(|r| r.try_get::<String, _>(column).unwrap())
            .collect()
    }

    /// A plan step that reads every firm: a scan of the table or of a whole index of it
    /// (SQLite `SCAN e …`, not `SCAN enterprise_names` — the name index's lookup), or
    /// PostgreSQL's `Seq Scan`.
    fn reads_every_firm(step: &str) -> bool {
        step == "SCAN e" || step.starts_with("SCAN e ") || step.contains("Seq Scan on enterprises")
    }

    /// Every filter of the enterprise list is served by an index, on both backends: no full
    /// scan of `enterprises`, and the page in name order is read from the name index rather
    /// than sorted. A name search reads only the firms its bigram index (`search`) finds; a
    /// one-character name search is the one full scan left.
    #[tokio::test]
    async fn every_list_filter_is_served_by_an_index() {
        let region = RegionCode::parse("450224").unwrap();
        let city = RegionCode::parse("450200").unwrap();
        let filters = [
            ("none", EnterpriseFilter::default()),
            (
                "county",
                EnterpriseFilter {
                    region: Some(region),
                    ..Default::default()
                },
            ),
            (
                "city",
                EnterpriseFilter {
                    region: Some(city),
                    ..Default::default()
                },
            ),
            (
                "park",
                EnterpriseFilter {
                    park: Some("luzhai-chem".into()),
                    ..Default::default()
                },
            ),
            (
                "chain node",
                EnterpriseFilter {
                    chain: Some("mini".into()),
                    node: Some("a".into()),
                    ..Default::default()
                },
            ),
            (
                "name",
                EnterpriseFilter {
                    query: Some("五菱".into()),
                    ..Default::default()
                },
            ),
            (
                "name or uscc",
                EnterpriseFilter {
                    query: Some("9145".into()),
                    ..Default::default()
                },
            ),
            (
                "one character",
                EnterpriseFilter {
                    query: Some("柳".into()),
                    ..Default::default()
                },
            ),
            (
                "ownership",
                EnterpriseFilter {
                    ownership: Some(liantu_model::Ownership::Private),
                    above_scale: Some(true),
                    ..Default::default()
                },
            ),
        ];
        for t in crate::testdb::stores().await {
            for (what, filter) in &filters {
                let list = ListQuery::new(filter, t.store.backend);
                let count = count_sql(&list);
                for (sql, paged) in [(count, false), (list_sql(&list), true)] {
                    let steps = plan(&t.store, &list, &sql, paged).await;
                    let text = steps.join("\n");
                    // A step that reads every firm: a table scan, or a scan of a whole index
                    // (SQLite `SCAN e …`, PostgreSQL `Seq Scan`). A page may walk the name-order
                    // index in order (it stops when the page is full). Counts that read every firm:
                    // all firms and the broad kinds (ownership, size — most firms match, and an
                    // index each would slow every import), and a one-character name search
                    // (no bigram holds a character alone: `search`).
                    let linear: Vec<&String> = steps
                        .iter()
                        .filter(|s| {
                            let s = s.trim();
                            reads_every_firm(s) && !(paged && s.contains("enterprises_name_sort"))
                        })
                        .collect();
                    match (*what, paged) {
                        ("none" | "ownership" | "one character", false) => {}
                        // A name search reads the firms its index finds, never the name
                        // index in order (which would test every firm against it).
                        ("name" | "name or uscc", _) => assert!(
                            !steps.iter().any(|s| reads_every_firm(s.trim())),
                            "{:?} {what}: reads every firm\n{text}",
                            t.store.backend
                        ),
                        _ => assert!(
                            linear.is_empty(),
                            "{:?} {what}: reads every firm\n{text}",
                            t.store.backend
                        ),
                    }
                    // A selective filter (a county, a park, a chain node) sorts its own firms;
                    // the others could match every firm and must not sort them.
                    let broad = matches!(*what, "none" | "one character" | "ownership");
                    if paged && broad && t.store.backend == Backend::Sqlite {
                        assert!(
                            !text.contains("TEMP B-TREE FOR ORDER BY"),
                            "{what}: the page is sorted, not read in order\n{text}"
                        );
                    }
                }
            }
        }
    }
}
