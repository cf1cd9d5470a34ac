//! The product knowledge graph: replaced as a whole in one transaction, read back whole.

use crate::exchange::insert_sql;
use crate::write::bump_revision;
use crate::{Result, Store, StoreError};
use liantu_model::kg::{
    Company, ImportStats, Industry, KgData, KgEdge, KgMeta, Offering, Product, Relation, Stated,
};
use sqlx::{Any, Row, Transaction};

/// Rows per multi-row INSERT: ≤ 7 columns × 1,000 rows stays far below SQLite's 32,766
/// parameters, and fewer, larger statements insert ≈110,000 relations faster.
const KG_BATCH: usize = 1000;

/// The stored import: where it came from, when, and how big it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KgImport {
    pub meta: KgMeta,
    /// UTC, `YYYY-MM-DD HH:MM:SS`.
    pub imported_at: String,
    pub products: i64,
    pub supplies: i64,
    pub subtypes: i64,
    pub companies: i64,
    pub offerings: i64,
}

/// The import summary is stored as JSON so new counters need no migration.
fn stats_to_json(stats: &ImportStats) -> String {
    serde_json::to_string(stats).unwrap_or_else(|_| "{}".into())
}

/// Lenient: a summary stored by another version still reads (missing counts are 0).
fn stats_from_json(text: &str) -> ImportStats {
    serde_json::from_str(text).unwrap_or_default()
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("knowledge graph: {what}"))
}

/// Inserts `rows` in batches of `KG_BATCH`, binding each row with `bind`.
async fn insert_all<T>(
    tx: &mut Transaction<'_, Any>,
    backend: crate::Backend,
    table: &str,
    columns: &[&str],
    rows: &[T],
    bind: impl for<'q> Fn(
        sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
        usize,
        &'q T,
    ) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
) -> Result<()> {
    let full = insert_sql(backend, table, columns, KG_BATCH, "");
    for (c, chunk) in rows.chunks(KG_BATCH).enumerate() {
        let sql = if chunk.len() == KG_BATCH {
            full.clone()
        } else {
            insert_sql(backend, table, columns, chunk.len(), "")
        };
        let mut q = sqlx::query(&sql);
        for (i, row) in chunk.iter().enumerate() {
            q = bind(q, c * KG_BATCH + i, row);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    /// Replaces the stored knowledge graph with `data`, all or nothing.
    pub async fn replace_kg(&self, data: &KgData) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for table in [
            "kg_company_products",
            "kg_edges",
            "kg_companies",
            "kg_products",
            "kg_industries",
            "kg_imports",
        ] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO kg_imports (id, source, as_of, imported_from, stats)
             VALUES (1, $1, $2, $3, $4)",
        )
        .bind(&data.meta.source)
        .bind(&data.meta.as_of)
        .bind(&data.meta.imported_from)
        .bind(stats_to_json(&data.meta.stats))
        .execute(&mut *tx)
        .await?;
        insert_all(
            &mut tx,
            self.backend,
            "kg_products",
            &["id", "name", "listed"],
            &data.products,
            |q, i, p: &Product| q.bind(i as i64).bind(&p.name).bind(i64::from(p.listed)),
        )
        .await?;
        insert_all(
            &mut tx,
            self.backend,
            "kg_industries",
            &["code", "name"],
            &data.industries,
            |q, _, ind: &Industry| q.bind(&ind.code).bind(&ind.name),
        )
        .await?;
        insert_all(
            &mut tx,
            self.backend,
            "kg_companies",
            &[
                "id",
                "code",
                "name",
                "fullname",
                "exchange",
                "listed_on",
                "industry_code",
            ],
            &data.companies,
            |q, i, c: &Company| {
                q.bind(i as i64)
                    .bind(&c.code)
                    .bind(&c.name)
                    .bind(&c.fullname)
                    .bind(&c.exchange)
                    .bind(&c.listed_on)
                    .bind(&c.industry)
            },
        )
        .await?;
        insert_all(
            &mut tx,
            self.backend,
            "kg_edges",
            &["from_id", "to_id", "relation", "stated"],
            &data.edges,
            |q, _, e: &KgEdge| {
                q.bind(i64::from(e.from))
                    .bind(i64::from(e.to))
                    .bind(e.relation.key())
                    .bind(e.stated.key())
            },
        )
        .await?;
        insert_all(
            &mut tx,
            self.backend,
            "kg_company_products",
            &["company_id", "product_id", "weight", "stated_weight"],
            &data.offerings,
            |q, _, o: &Offering| {
                q.bind(i64::from(o.company))
                    .bind(i64::from(o.product))
                    .bind(o.weight)
                    .bind(o.stated_weight)
            },
        )
        .await?;
        self.audit(
            &mut tx,
            "import",
            "kg",
            "graph",
            &serde_json::json!({"products": data.products.len(), "edges": data.edges.len()}),
        )
        .await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// What is stored, without reading the graph; None before the first import.
    pub async fn kg_import(&self) -> Result<Option<KgImport>> {
        let Some(row) = sqlx::query(
            "SELECT source, as_of, imported_from, imported_at, stats FROM kg_imports WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let count = |sql: &'static str| async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&self.pool)
                .await
        };
        Ok(Some(KgImport {
            meta: meta_from(&row)?,
            imported_at: row.try_get("imported_at")?,
            products: count("SELECT COUNT(*) FROM kg_products").await?,
            supplies: count("SELECT COUNT(*) FROM kg_edges WHERE relation = 'supplies'").await?,
            subtypes: count("SELECT COUNT(*) FROM kg_edges WHERE relation = 'subtype'").await?,
            companies: count("SELECT COUNT(*) FROM kg_companies").await?,
            offerings: count("SELECT COUNT(*) FROM kg_company_products").await?,
        }))
    }

    /// The whole stored graph; None before the first import.
    pub async fn kg(&self) -> Result<Option<KgData>> {
        let Some(row) =
            sqlx::query("SELECT source, as_of, imported_from, stats FROM kg_imports WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?
        else {
            return Ok(None);
        };
        let meta = meta_from(&row)?;

        let rows: Vec<(i64, String, i64)> =
            sqlx::query_as("SELECT id, name, listed FROM kg_products ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        let mut products = Vec::with_capacity(rows.len());
        for (i, (id, name, listed)) in rows.into_iter().enumerate() {
            if id != i as i64 {
                return Err(corrupt("product ids are not dense"));
            }
            products.push(Product {
                name,
                listed: listed != 0,
            });
        }
        let n = products.len() as i64;
        let product = |id: i64| {
            (0..n)
                .contains(&id)
                .then_some(id as u32)
                .ok_or_else(|| corrupt("edge or company product names an unknown product"))
        };

        let rows: Vec<(i64, i64, String, String)> =
            sqlx::query_as("SELECT from_id, to_id, relation, stated FROM kg_edges")
                .fetch_all(&self.pool)
                .await?;
        let mut edges = Vec::with_capacity(rows.len());
        for (from, to, relation, stated) in rows {
            edges.push(KgEdge {
                from: product(from)?,
                to: product(to)?,
                relation: Relation::from_key(&relation).ok_or_else(|| corrupt("relation"))?,
                stated: Stated::from_key(&stated).ok_or_else(|| corrupt("stated relation"))?,
            });
        }

        let industries: Vec<Industry> = sqlx::query_as::<_, (String, String)>(
            "SELECT code, name FROM kg_industries ORDER BY code",
        )
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|(code, name)| Industry { code, name })
        .collect();

        let rows = sqlx::query(
            "SELECT id, code, name, fullname, exchange, listed_on, industry_code
             FROM kg_companies ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut companies = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            if r.try_get::<i64, _>("id")? != i as i64 {
                return Err(corrupt("company ids are not dense"));
            }
            companies.push(Company {
                code: r.try_get("code")?,
                name: r.try_get("name")?,
                fullname: r.try_get("fullname")?,
                exchange: r.try_get("exchange")?,
                listed_on: r.try_get("listed_on")?,
                industry: r.try_get("industry_code")?,
            });
        }
        let m = companies.len() as i64;

        let rows: Vec<(i64, i64, f64, f64)> = sqlx::query_as(
            "SELECT company_id, product_id, weight, stated_weight FROM kg_company_products",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut offerings = Vec::with_capacity(rows.len());
        for (company, p, weight, stated_weight) in rows {
            if !(0..m).contains(&company) {
                return Err(corrupt("company product names an unknown company"));
            }
            offerings.push(Offering {
                company: company as u32,
                product: product(p)?,
                weight,
                stated_weight,
            });
        }
        Ok(Some(KgData {
            meta,
            products,
            edges,
            industries,
            companies,
            offerings,
        }))
    }
}

fn meta_from(row: &sqlx::any::AnyRow) -> Result<KgMeta> {
    Ok(KgMeta {
        source: row.try_get("source")?,
        as_of: row.try_get("as_of")?,
        imported_from: row.try_get("imported_from")?,
        stats: stats_from_json(&row.try_get::<String, _>("stats")?),
    })
}

#[cfg(test)]
mod tests;
