//! Data exchange: the lookups an importer validates against, the row shapes bulk imports write
//! (`crate::import`), keyset-paged reads for exports, and the user-supplied reference tables
//! (GB/T 4754-2017 industry codes, division codes).

use crate::{Backend, Result, Store, corrupt};
use liantu_model::records::{Enterprise, EnterpriseYear, Membership, SupplyLink};
use liantu_model::{RegionCode, Uscc};
use sqlx::any::AnyRow;
use sqlx::{Any, Row};
use std::collections::{HashMap, HashSet};

/// Rows per multi-row INSERT of a reference table.
const BATCH: usize = 256;

/// One row of the GB/T 4754-2017 reference table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefIndustryCode {
    pub code: String,
    pub level: i64,
    pub name: String,
    pub parent: Option<String>,
    pub section: String,
}

/// One row of the division-code reference table (2, 4, 6, 9 or 12 digits as published).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefDivision {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
}

impl RefDivision {
    /// 1 province, 2 city, 3 county, 4 township, 5 village; 0 for any other length.
    pub fn level(&self) -> i64 {
        match self.code.len() {
            2 => 1,
            4 => 2,
            6 => 3,
            9 => 4,
            12 => 5,
            _ => 0,
        }
    }

    /// The six-digit GB/T 2260 form of a province, city or county code.
    pub fn region_code(&self) -> Option<String> {
        match self.code.len() {
            2 => Some(format!("{}0000", self.code)),
            4 => Some(format!("{}00", self.code)),
            6 => Some(self.code.clone()),
            _ => None,
        }
    }
}

/// What a division import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DivisionSummary {
    pub divisions: usize,
    /// Province/city/county rows that were not in `regions` yet and were added.
    pub regions_added: usize,
}

/// Key of a supply link for duplicate detection and upsert: buyer, supplier (USCC, else name),
/// chain, node, product, year.
pub type LinkKey = (String, String, String, String, String, i32);

pub fn link_key(l: &SupplyLink) -> LinkKey {
    (
        l.buyer.as_str().to_string(),
        l.supplier
            .as_ref()
            .map(|s| s.as_str().to_string())
            .unwrap_or_else(|| l.supplier_name.clone()),
        l.chain.clone(),
        l.node.clone(),
        l.product.clone(),
        l.year,
    )
}

fn uscc(s: &str) -> Result<Uscc> {
    Uscc::parse(s).map(|(u, _)| u).map_err(corrupt)
}

pub(crate) fn year_from_row(r: &AnyRow) -> Result<EnterpriseYear> {
    let code: String = r.try_get("uscc")?;
    Ok(EnterpriseYear {
        uscc: uscc(&code)?,
        year: r.try_get::<i64, _>("year")? as i32,
        output: r.try_get("output")?,
        value_added: r.try_get("value_added")?,
        revenue: r.try_get("revenue")?,
        tax: r.try_get("tax")?,
        employees: r.try_get("employees")?,
        rd_expense: r.try_get("rd_expense")?,
        exports: r.try_get("exports")?,
        imports: r.try_get("imports")?,
        hightech_exports: r.try_get("hightech_exports")?,
        digital_investment: r.try_get("digital_investment")?,
        energy_tce: r.try_get("energy_tce")?,
        emissions_tco2: r.try_get("emissions_tco2")?,
        source: r.try_get("source")?,
        as_of: r.try_get("as_of")?,
    })
}

/// A stored supply link and its id, from a row of either backend (imports read them on a native
/// PostgreSQL connection).
pub(crate) fn link_from_row<R>(r: &R) -> Result<(i64, SupplyLink)>
where
    R: Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    f64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let buyer: String = r.try_get("buyer_uscc")?;
    let supplier: Option<String> = r.try_get("supplier_uscc")?;
    let region: String = r.try_get("supplier_region")?;
    Ok((
        r.try_get("id")?,
        SupplyLink {
            buyer: uscc(&buyer)?,
            supplier: supplier.as_deref().map(uscc).transpose()?,
            supplier_name: r.try_get("supplier_name")?,
            supplier_region: RegionCode::parse(&region).map_err(corrupt)?,
            chain: r.try_get("chain_id")?,
            node: r.try_get("node_id")?,
            product: r.try_get("product")?,
            year: r.try_get::<i64, _>("year")? as i32,
            value: r.try_get("value")?,
            source: r.try_get("source")?,
        },
    ))
}

fn membership_from_row(r: &AnyRow) -> Result<Membership> {
    let code: String = r.try_get("uscc")?;
    Ok(Membership {
        uscc: uscc(&code)?,
        chain: r.try_get("chain_id")?,
        node: r.try_get("node_id")?,
        share: r.try_get("share")?,
        source: r.try_get("source")?,
    })
}

/// `$1, $2, …, $n`: one numbered placeholder for each of `n` values, for `IN (…)`.
pub(crate) fn numbered_marks(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `INSERT INTO table (cols) VALUES (…), (…) [suffix]` for `rows` rows, in the backend's
/// placeholders.
///
/// On SQLite anonymous `?`, not `$n`: SQLite keeps named and numbered parameters in a list it
/// searches linearly for every bind, which makes a statement with thousands of `$n` quadratic
/// (10× slower at 256 rows × 15 columns; a million-row import 6× slower). PostgreSQL has only
/// numbered ones.
pub(crate) fn insert_sql(
    backend: Backend,
    table: &str,
    columns: &[&str],
    rows: usize,
    suffix: &str,
) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    let tuples: Vec<String> = (0..rows)
        .map(|_| {
            let params: Vec<String> = columns
                .iter()
                .map(|_| match backend {
                    Backend::Sqlite => "?".to_string(),
                    Backend::Postgres => {
                        n += 1;
                        format!("${n}")
                    }
                })
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    sql.push_str(&tuples.join(", "));
    sql.push(' ');
    sql.push_str(suffix);
    sql
}

/// `ON CONFLICT (key) DO UPDATE SET c = excluded.c, …` for every non-key column, or
/// `ON CONFLICT (key) DO NOTHING` when no column remains.
pub(crate) fn upsert_suffix(key: &[&str], columns: &[&str]) -> String {
    let sets: Vec<String> = columns
        .iter()
        .filter(|c| !key.contains(*c))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    if sets.is_empty() {
        format!("ON CONFLICT ({}) DO NOTHING", key.join(", "))
    } else {
        format!(
            "ON CONFLICT ({}) DO UPDATE SET {}",
            key.join(", "),
            sets.join(", ")
        )
    }
}

pub(crate) const ENTERPRISE_COLUMNS: [&str; 20] = [
    "uscc",
    "name",
    "name_grams",
    "name_sort",
    "region",
    "park",
    "ownership",
    "above_scale",
    "industry_code",
    "main_products",
    "high_tech",
    "specialized",
    "listed",
    "land_mu",
    "founded",
    "source",
    "uscc_illustrative",
    "business_scope",
    "strategic_emerging",
    "overseas_bases",
];
pub(crate) const YEAR_COLUMNS: [&str; 16] = [
    "uscc",
    "year",
    "output",
    "value_added",
    "revenue",
    "tax",
    "employees",
    "rd_expense",
    "exports",
    "energy_tce",
    "emissions_tco2",
    "source",
    "as_of",
    "imports",
    "hightech_exports",
    "digital_investment",
];
pub(crate) const MEMBERSHIP_COLUMNS: [&str; 5] = ["uscc", "chain_id", "node_id", "share", "source"];
pub(crate) const LINK_COLUMNS: [&str; 11] = [
    "id",
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
];

/// A statement being given its parameters.
pub(crate) type Bound<'q> = sqlx::query::Query<'q, Any, <Any as sqlx::Database>::Arguments<'q>>;

/// Binds a yearly figure's values in [`YEAR_COLUMNS`] order (imports and the dataset load).
pub(crate) fn bind_year<'q>(q: Bound<'q>, y: &'q EnterpriseYear) -> Bound<'q> {
    q.bind(y.uscc.as_str())
        .bind(i64::from(y.year))
        .bind(crate::Double(y.output))
        .bind(crate::Double(y.value_added))
        .bind(crate::Double(y.revenue))
        .bind(crate::Double(y.tax))
        .bind(y.employees)
        .bind(crate::Double(y.rd_expense))
        .bind(crate::Double(y.exports))
        .bind(crate::Double(y.energy_tce))
        .bind(crate::Double(y.emissions_tco2))
        .bind(&y.source)
        .bind(&y.as_of)
        .bind(crate::Double(y.imports))
        .bind(crate::Double(y.hightech_exports))
        .bind(crate::Double(y.digital_investment))
}

/// Binds an enterprise's values in [`ENTERPRISE_COLUMNS`] order. Takes it by value: sqlx keeps
/// owned strings as they are but copies borrowed ones (twice) before they reach SQLite.
pub(crate) fn bind_enterprise(q: Bound<'_>, e: Enterprise) -> Bound<'_> {
    let grams = crate::search::name_grams(&e.name);
    let sort = crate::name_order::name_sort(&e.name);
    q.bind(e.uscc.into_string())
        .bind(e.name)
        .bind(grams)
        .bind(sort)
        .bind(e.region.as_str().to_string())
        .bind(e.park)
        .bind(e.ownership.key())
        .bind(i64::from(e.above_scale))
        .bind(e.industry_code.map(|c| c.as_str().to_string()))
        .bind(e.main_products)
        .bind(i64::from(e.high_tech))
        .bind(i64::from(e.specialized))
        .bind(i64::from(e.listed))
        .bind(crate::Double(e.land_mu))
        .bind(e.founded.map(i64::from))
        .bind(e.source)
        .bind(i64::from(e.uscc_illustrative))
        .bind(e.business_scope)
        .bind(i64::from(e.strategic_emerging))
        .bind(e.overseas_bases)
}

/// Binds a membership's values in [`MEMBERSHIP_COLUMNS`] order.
pub(crate) fn bind_membership<'q>(q: Bound<'q>, m: &'q Membership) -> Bound<'q> {
    q.bind(m.uscc.as_str())
        .bind(&m.chain)
        .bind(&m.node)
        .bind(crate::Double(m.share))
        .bind(&m.source)
}

/// Binds a supply link's values, under `id`, in [`LINK_COLUMNS`] order.
pub(crate) fn bind_link<'q>(q: Bound<'q>, id: i64, l: &'q SupplyLink) -> Bound<'q> {
    q.bind(id)
        .bind(l.buyer.as_str())
        .bind(l.supplier.as_ref().map(|s| s.as_str()))
        .bind(&l.supplier_name)
        .bind(l.supplier_region.as_str())
        .bind(&l.chain)
        .bind(&l.node)
        .bind(&l.product)
        .bind(i64::from(l.year))
        .bind(l.value)
        .bind(&l.source)
}

impl Store {
    /// Every enterprise USCC in the database.
    pub async fn enterprise_usccs(&self) -> Result<HashSet<String>> {
        let rows: Vec<String> = sqlx::query_scalar("SELECT uscc FROM enterprises")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Where every stored enterprise is: USCC → (division code, park id). Scoped imports check
    /// a row's firm against it.
    pub async fn enterprise_places(&self) -> Result<HashMap<String, (String, Option<String>)>> {
        let rows = sqlx::query("SELECT uscc, region, park FROM enterprises")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("uscc")?,
                    (r.try_get("region")?, r.try_get("park")?),
                ))
            })
            .collect()
    }

    /// Every division code in `regions`.
    pub async fn region_codes(&self) -> Result<HashSet<String>> {
        let rows: Vec<String> = sqlx::query_scalar("SELECT code FROM regions")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Every source id.
    pub async fn source_ids(&self) -> Result<HashSet<String>> {
        let rows: Vec<String> = sqlx::query_scalar("SELECT id FROM sources")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// (chain id, node id) of every installed chain node.
    pub async fn chain_node_ids(&self) -> Result<Vec<(String, String)>> {
        let rows =
            sqlx::query("SELECT chain_id, node_id FROM chain_nodes ORDER BY chain_id, position")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("chain_id")?, r.try_get("node_id")?)))
            .collect()
    }

    /// (USCC, year) of every stored yearly row.
    pub async fn year_keys(&self) -> Result<HashSet<(String, i32)>> {
        let rows = sqlx::query("SELECT uscc, year FROM enterprise_years")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("uscc")?, r.try_get::<i64, _>("year")? as i32)))
            .collect()
    }

    /// (USCC, chain, node) of every stored membership.
    pub async fn membership_keys(&self) -> Result<HashSet<(String, String, String)>> {
        let rows = sqlx::query("SELECT uscc, chain_id, node_id FROM memberships")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("uscc")?,
                    r.try_get("chain_id")?,
                    r.try_get("node_id")?,
                ))
            })
            .collect()
    }

    /// The id the next new supply link gets, unless another write takes it first (writers take
    /// their ids inside their transaction: [`ImportTx::put_new_links`]).
    pub async fn next_link_id(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT value FROM store_meta WHERE key = $1")
                .bind(crate::write::LINK_IDS)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Up to `limit` enterprises with USCC after `after`, in USCC order (for exports).
    pub async fn enterprises_after(
        &self,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Enterprise>> {
        let rows = sqlx::query(
            "SELECT * FROM enterprises WHERE ($1 IS NULL OR uscc > $1) ORDER BY uscc LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(crate::enterprises::enterprise_from_row)
            .collect()
    }

    /// Up to `limit` yearly rows after (USCC, year), in that order (for exports).
    pub async fn years_after(
        &self,
        after: Option<(&str, i32)>,
        limit: i64,
    ) -> Result<Vec<EnterpriseYear>> {
        let (u, y) = after.map_or((None, 0), |(u, y)| (Some(u), i64::from(y)));
        let rows = sqlx::query(
            "SELECT * FROM enterprise_years
             WHERE ($1 IS NULL OR uscc > $1 OR (uscc = $1 AND year > $2))
             ORDER BY uscc, year LIMIT $3",
        )
        .bind(u)
        .bind(y)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(year_from_row).collect()
    }

    /// Up to `limit` supply links with id above `after`, by id (for exports).
    pub async fn links_after(&self, after: i64, limit: i64) -> Result<Vec<(i64, SupplyLink)>> {
        let rows = sqlx::query("SELECT * FROM supply_links WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(link_from_row).collect()
    }

    /// Every membership, by USCC, chain and node (for exports).
    pub async fn all_memberships(&self) -> Result<Vec<Membership>> {
        let rows = sqlx::query("SELECT * FROM memberships ORDER BY uscc, chain_id, node_id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(membership_from_row).collect()
    }

    /// Replaces the GB/T 4754-2017 reference table in one transaction.
    pub async fn replace_industry_codes(&self, codes: &[RefIndustryCode]) -> Result<usize> {
        let mut tx = self.pool.begin().await?;
        self.audit(
            &mut tx,
            "import",
            "reference",
            "gbt4754",
            &serde_json::json!({"codes": codes.len()}),
        )
        .await?;
        sqlx::query("DELETE FROM ref_industry_codes")
            .execute(&mut *tx)
            .await?;
        let cols = ["code", "level", "name", "parent", "section"];
        for chunk in codes.chunks(BATCH) {
            let sql = insert_sql(self.backend, "ref_industry_codes", &cols, chunk.len(), "");
            let mut q = sqlx::query(&sql);
            for c in chunk {
                q = q
                    .bind(&c.code)
                    .bind(c.level)
                    .bind(&c.name)
                    .bind(&c.parent)
                    .bind(&c.section);
            }
            q.execute(&mut *tx).await?;
        }
        crate::write::bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(codes.len())
    }

    /// Number of rows in the GB/T 4754-2017 reference table (0 = not loaded).
    pub async fn industry_code_count(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM ref_industry_codes")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Every code of the GB/T 4754-2017 reference table (empty when it is not loaded).
    pub async fn industry_codes(&self) -> Result<HashSet<String>> {
        let rows: Vec<String> = sqlx::query_scalar("SELECT code FROM ref_industry_codes")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// The 4-digit classes (小类) of the GB/T 4754-2017 reference table with their names, by code
    /// (empty when it is not loaded): what a form offers to pick an industry from.
    pub async fn industry_classes(&self) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT code, name FROM ref_industry_codes WHERE level = 4 ORDER BY code",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Codes of `codes` missing from the GB/T 4754-2017 reference table, in the given order;
    /// `None` when the table is not loaded (nothing can be said).
    pub async fn unknown_industry_codes(&self, codes: &[&str]) -> Result<Option<Vec<String>>> {
        if self.industry_code_count().await? == 0 {
            return Ok(None);
        }
        let mut unknown = Vec::new();
        for code in codes {
            let found: Option<String> =
                sqlx::query_scalar("SELECT code FROM ref_industry_codes WHERE code = $1")
                    .bind(code)
                    .fetch_optional(&self.pool)
                    .await?;
            if found.is_none() && !unknown.iter().any(|u: &String| u == code) {
                unknown.push(code.to_string());
            }
        }
        Ok(Some(unknown))
    }

    /// Name of a GB/T 4754-2017 code from the reference table.
    pub async fn industry_code_name(&self, code: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT name FROM ref_industry_codes WHERE code = $1")
                .bind(code)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Adds or renames division codes in one transaction; province, city and county codes not yet
    /// in `regions` are added there (name_en = the Chinese name, parent when known), so
    /// enterprises in them can be imported.
    pub async fn import_divisions(&self, divisions: &[RefDivision]) -> Result<DivisionSummary> {
        let mut tx = self.pool.begin().await?;
        self.audit(
            &mut tx,
            "import",
            "reference",
            "divisions",
            &serde_json::json!({"divisions": divisions.len()}),
        )
        .await?;
        let cols = ["code", "name", "level", "parent"];
        let suffix = upsert_suffix(&["code"], &cols);
        for chunk in divisions.chunks(BATCH) {
            let sql = insert_sql(self.backend, "ref_divisions", &cols, chunk.len(), &suffix);
            let mut q = sqlx::query(&sql);
            for d in chunk {
                q = q
                    .bind(&d.code)
                    .bind(&d.name)
                    .bind(d.level())
                    .bind(&d.parent);
            }
            q.execute(&mut *tx).await?;
        }
        let mut known: HashSet<String> = sqlx::query_scalar("SELECT code FROM regions")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
        // Parents before children.
        let mut regional: Vec<(&RefDivision, String)> = divisions
            .iter()
            .filter_map(|d| d.region_code().map(|c| (d, c)))
            .collect();
        regional.sort_by_key(|(d, c)| (d.level(), c.clone()));
        let mut added = 0;
        for (d, code) in regional {
            if known.contains(&code) {
                continue;
            }
            let (level, parent) = match d.level() {
                1 => ("province", None),
                2 => ("prefecture", Some(format!("{}0000", &code[..2]))),
                _ => ("county", Some(format!("{}00", &code[..4]))),
            };
            // A county of a 直辖市 may hang under the province directly.
            let parent = parent.filter(|p| known.contains(p)).or_else(|| {
                let province = format!("{}0000", &code[..2]);
                (d.level() == 3 && known.contains(&province)).then_some(province)
            });
            sqlx::query(
                "INSERT INTO regions (code, name_zh, name_en, level, parent) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&code)
            .bind(&d.name)
            .bind(&d.name)
            .bind(level)
            .bind(parent)
            .execute(&mut *tx)
            .await?;
            known.insert(code);
            added += 1;
        }
        crate::write::bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(DivisionSummary {
            divisions: divisions.len(),
            regions_added: added,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_shapes() {
        assert_eq!(
            insert_sql(Backend::Postgres, "t", &["a", "b"], 2, ""),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) "
        );
        assert_eq!(
            insert_sql(Backend::Sqlite, "t", &["a", "b"], 2, ""),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?) "
        );
        assert_eq!(
            upsert_suffix(&["a"], &["a", "b"]),
            "ON CONFLICT (a) DO UPDATE SET b = excluded.b"
        );
    }
}
