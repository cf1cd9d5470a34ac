//! Writes. Each public method is one transaction: it commits everything or nothing.

use crate::exchange::{
    ENTERPRISE_COLUMNS, LINK_COLUMNS, MEMBERSHIP_COLUMNS, YEAR_COLUMNS, bind_enterprise, bind_link,
    bind_membership, bind_year, insert_sql,
};
use crate::{Result, Store};
use liantu_model::chain::Chain;
use liantu_model::records::{
    Dataset, Enterprise, EnterpriseYear, Fact, Membership, Park, Region, Source, SupplyLink,
};
use sqlx::{Any, Transaction};

/// What a load added, table by table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadSummary {
    pub sources: usize,
    pub regions: usize,
    pub parks: usize,
    pub enterprises: usize,
    pub years: usize,
    pub memberships: usize,
    pub links: usize,
    pub facts: usize,
}

impl Store {
    /// A number that changes whenever any write commits: cache derived results under it.
    pub async fn revision(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT value FROM store_meta WHERE key = 'revision'")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Installs (or replaces) chain definitions; `definition` is the TOML text each was parsed
    /// from, kept as the source of truth.
    pub async fn install_chains(&self, chains: &[(&Chain, &str)], builtin: bool) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for (chain, _) in chains {
            self.audit(
                &mut tx,
                "install",
                "chain",
                &chain.id,
                &serde_json::json!({"builtin": builtin, "nodes": chain.nodes.len()}),
            )
            .await?;
        }
        for (chain, definition) in chains {
            write_chain(&mut tx, chain, definition, builtin).await?;
        }
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// True when no enterprise has been loaded yet.
    pub async fn has_enterprises(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM enterprises")
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    /// Adds the regions of `regions` the database does not know yet (parents first), in one
    /// transaction; returns how many were added. Known codes keep their names.
    pub async fn add_regions(&self, regions: &[Region]) -> Result<usize> {
        let mut tx = self.pool.begin().await?;
        let known: std::collections::HashSet<String> =
            sqlx::query_scalar("SELECT code FROM regions")
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let new: Vec<Region> = regions
            .iter()
            .filter(|r| !known.contains(r.code.as_str()))
            .cloned()
            .collect();
        insert_regions(&mut tx, &new).await?;
        self.audit(
            &mut tx,
            "add",
            "regions",
            "",
            &serde_json::json!({ "regions": new.len() }),
        )
        .await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(new.len())
    }

    /// Inserts a whole validated data set in one transaction. Chains it refers to must be
    /// installed; any constraint failure rolls the whole load back.
    pub async fn load_dataset(&self, data: &Dataset) -> Result<LoadSummary> {
        let mut tx = self.pool.begin().await?;
        insert_sources(&mut tx, &data.sources).await?;
        insert_regions(&mut tx, &data.regions).await?;
        insert_parks(&mut tx, &data.parks).await?;
        insert_enterprises(&mut tx, &data.enterprises).await?;
        insert_years(&mut tx, &data.years).await?;
        insert_memberships(&mut tx, &data.memberships).await?;
        insert_links(&mut tx, &data.links).await?;
        insert_facts(&mut tx, &data.facts).await?;
        self.audit(
            &mut tx,
            "load",
            "dataset",
            "demo",
            &serde_json::json!({
                "enterprises": data.enterprises.len(),
                "years": data.years.len(),
                "memberships": data.memberships.len(),
                "links": data.links.len(),
            }),
        )
        .await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(LoadSummary {
            sources: data.sources.len(),
            regions: data.regions.len(),
            parks: data.parks.len(),
            enterprises: data.enterprises.len(),
            years: data.years.len(),
            memberships: data.memberships.len(),
            links: data.links.len(),
            facts: data.facts.len(),
        })
    }
}

async fn insert_sources(tx: &mut Transaction<'_, Any>, rows: &[Source]) -> Result<()> {
    for s in rows {
        write_source(tx, s, "").await?;
    }
    Ok(())
}

/// `INSERT` of a source with `conflict` (`ON CONFLICT …`, or empty to refuse a stored id).
pub(crate) async fn write_source(
    tx: &mut Transaction<'_, Any>,
    s: &Source,
    conflict: &str,
) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO sources (id, kind, title_zh, title_en, publisher, published, url)
         VALUES ($1, $2, $3, $4, $5, $6, $7) {conflict}"
    ))
    .bind(&s.id)
    .bind(s.kind.key())
    .bind(&s.title_zh)
    .bind(&s.title_en)
    .bind(&s.publisher)
    .bind(&s.published)
    .bind(&s.url)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds a source or replaces the stored one's description.
pub(crate) async fn upsert_source(tx: &mut Transaction<'_, Any>, s: &Source) -> Result<()> {
    write_source(
        tx,
        s,
        "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title_zh = excluded.title_zh,
             title_en = excluded.title_en, publisher = excluded.publisher,
             published = excluded.published, url = excluded.url",
    )
    .await
}

async fn insert_regions(tx: &mut Transaction<'_, Any>, rows: &[Region]) -> Result<()> {
    // Parents first: a region may name a parent that appears later in the list.
    let mut regions: Vec<_> = rows.iter().collect();
    regions.sort_by_key(|r| (r.code.level(), r.code));
    for r in regions {
        sqlx::query(
            "INSERT INTO regions (code, name_zh, name_en, level, parent) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(r.code.as_str())
        .bind(&r.name_zh)
        .bind(&r.name_en)
        .bind(&r.level)
        .bind(r.parent.map(|p| p.to_string()))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_parks(tx: &mut Transaction<'_, Any>, rows: &[Park]) -> Result<()> {
    for p in rows {
        sqlx::query(
            "INSERT INTO parks (id, name_zh, name_en, region, kind, grade, area_mu, source, lon, lat)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&p.id)
        .bind(&p.name_zh)
        .bind(&p.name_en)
        .bind(p.region.as_str())
        .bind(&p.kind)
        .bind(&p.grade)
        .bind(crate::Double(p.area_mu))
        .bind(&p.source)
        .bind(crate::Double(p.location.map(|l| l.0)))
        .bind(crate::Double(p.location.map(|l| l.1)))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_enterprises(tx: &mut Transaction<'_, Any>, rows: &[Enterprise]) -> Result<()> {
    // As in `insert_years`, through the columns and binder the imports use.
    let sql = insert_sql(
        crate::Backend::Postgres,
        "enterprises",
        &ENTERPRISE_COLUMNS,
        1,
        "",
    );
    for e in rows {
        bind_enterprise(sqlx::query(&sql), e.clone())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn insert_years(tx: &mut Transaction<'_, Any>, rows: &[EnterpriseYear]) -> Result<()> {
    // One row a statement: numbered placeholders, which both backends take, cost nothing here.
    let sql = insert_sql(
        crate::Backend::Postgres,
        "enterprise_years",
        &YEAR_COLUMNS,
        1,
        "",
    );
    for y in rows {
        bind_year(sqlx::query(&sql), y).execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_memberships(tx: &mut Transaction<'_, Any>, rows: &[Membership]) -> Result<()> {
    // As in `insert_years`.
    let sql = insert_sql(
        crate::Backend::Postgres,
        "memberships",
        &MEMBERSHIP_COLUMNS,
        1,
        "",
    );
    for m in rows {
        bind_membership(sqlx::query(&sql), m)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn insert_links(tx: &mut Transaction<'_, Any>, rows: &[SupplyLink]) -> Result<()> {
    let first_id = take_ids(tx, LINK_IDS, rows.len()).await?;
    // As in `insert_years`.
    let sql = insert_sql(
        crate::Backend::Postgres,
        "supply_links",
        &LINK_COLUMNS,
        1,
        "",
    );
    for (offset, l) in (0i64..).zip(rows) {
        bind_link(sqlx::query(&sql), first_id + offset, l)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn insert_facts(tx: &mut Transaction<'_, Any>, rows: &[Fact]) -> Result<()> {
    for f in rows {
        sqlx::query(
            "INSERT INTO facts (id, indicator_zh, indicator_en, scope, year, value, unit, source, as_of)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&f.id)
        .bind(&f.indicator_zh)
        .bind(&f.indicator_en)
        .bind(&f.scope)
        .bind(i64::from(f.year))
        .bind(f.value)
        .bind(&f.unit)
        .bind(&f.source)
        .bind(&f.as_of)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The counter in `store_meta` that supply-link ids come from.
pub(crate) const LINK_IDS: &str = "supply_link_next_id";

/// Takes `n` consecutive ids from the counter `key` in `store_meta` and returns the first. The
/// counter is bumped inside the caller's transaction, so the row stays locked until it ends: two
/// writers never get the same ids, and a rolled-back write gives its ids back.
/// Takes `$1` ids from counter `$2`; returns the counter after them (the first is that − `$1`).
pub(crate) const TAKE_IDS: &str =
    "UPDATE store_meta SET value = value + $1 WHERE key = $2 RETURNING value";
/// Moves counter `$2` to `$1` unless it is past it already.
pub(crate) const SKIP_IDS_TO: &str =
    "UPDATE store_meta SET value = $1 WHERE key = $2 AND value <= $1";
pub(crate) const BUMP_REVISION: &str =
    "UPDATE store_meta SET value = value + 1 WHERE key = 'revision'";

pub(crate) async fn take_ids(tx: &mut Transaction<'_, Any>, key: &str, n: usize) -> Result<i64> {
    let n = i64::try_from(n).map_err(crate::corrupt)?;
    let next: i64 = sqlx::query_scalar(TAKE_IDS)
        .bind(n)
        .bind(key)
        .fetch_one(&mut **tx)
        .await?;
    Ok(next - n)
}

/// Every write transaction calls this before committing; see `Store::revision`.
pub(crate) async fn bump_revision(tx: &mut Transaction<'_, Any>) -> Result<()> {
    sqlx::query(BUMP_REVISION).execute(&mut **tx).await?;
    Ok(())
}

async fn write_chain(
    tx: &mut Transaction<'_, Any>,
    chain: &Chain,
    definition: &str,
    builtin: bool,
) -> Result<()> {
    sqlx::query("DELETE FROM chain_edges WHERE chain_id = $1")
        .bind(&chain.id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM chain_nodes WHERE chain_id = $1")
        .bind(&chain.id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO chains (id, name_zh, name_en, version, definition, builtin)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
             version = excluded.version, definition = excluded.definition, builtin = excluded.builtin",
    )
    .bind(&chain.id)
    .bind(&chain.name_zh)
    .bind(&chain.name_en)
    .bind(chain.version)
    .bind(definition)
    .bind(i64::from(builtin))
    .execute(&mut **tx)
    .await?;
    for (position, node) in (0i64..).zip(&chain.nodes) {
        let codes: Vec<&str> = node.industry_codes.iter().map(|c| c.as_str()).collect();
        sqlx::query(
            "INSERT INTO chain_nodes (chain_id, node_id, position, name_zh, name_en, stage,
                 industry_codes, keywords)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&chain.id)
        .bind(&node.id)
        .bind(position)
        .bind(&node.name_zh)
        .bind(&node.name_en)
        .bind(node.stage.key())
        .bind(codes.join(" "))
        .bind(node.keywords.join("|"))
        .execute(&mut **tx)
        .await?;
    }
    for edge in &chain.edges {
        sqlx::query(
            "INSERT INTO chain_edges (chain_id, from_node, to_node, kind, coefficient)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&chain.id)
        .bind(&edge.from)
        .bind(&edge.to)
        .bind(edge.kind.key())
        .bind(crate::Double(edge.coefficient))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
