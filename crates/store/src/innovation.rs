//! The innovation chain's tables (`platforms`, `tech_needs`, `achievements`): written by the
//! import, read back for the export, the matching and the 四链 view.

use crate::copy_text::CopyRows;
use crate::exchange::Bound;
use crate::write::bump_revision;
use crate::{Result, Store, corrupt};
use liantu_model::innovation::{Achievement, NodeRef, Platform, TechNeed, node_list};
use liantu_model::{RegionCode, Uscc};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashSet;

pub(crate) const PLATFORM_COLUMNS: [&str; 11] = [
    "name",
    "kind",
    "level",
    "host",
    "host_uscc",
    "region",
    "nodes",
    "fields",
    "year",
    "source",
    "as_of",
];

pub(crate) const NEED_COLUMNS: [&str; 11] = [
    "id",
    "title",
    "description",
    "uscc",
    "nodes",
    "budget",
    "deadline",
    "status",
    "partner",
    "source",
    "as_of",
];

pub(crate) const ACHIEVEMENT_COLUMNS: [&str; 10] = [
    "id",
    "title",
    "description",
    "owner",
    "region",
    "maturity",
    "patents",
    "nodes",
    "source",
    "as_of",
];

/// Binds a platform's values in [`PLATFORM_COLUMNS`] order.
pub(crate) fn bind_platform<'q>(q: Bound<'q>, p: &'q Platform) -> Bound<'q> {
    q.bind(&p.name)
        .bind(p.kind.key())
        .bind(p.level.key())
        .bind(&p.host)
        .bind(p.host_uscc.as_ref().map(Uscc::as_str))
        .bind(p.region.as_str())
        .bind(node_list(&p.nodes))
        .bind(p.fields.as_deref())
        .bind(p.year.map(i64::from))
        .bind(&p.source)
        .bind(&p.as_of)
}

/// Binds a need's values in [`NEED_COLUMNS`] order.
pub(crate) fn bind_need<'q>(q: Bound<'q>, n: &'q TechNeed) -> Bound<'q> {
    q.bind(&n.id)
        .bind(&n.title)
        .bind(n.description.as_deref())
        .bind(n.uscc.as_str())
        .bind(node_list(&n.nodes))
        .bind(crate::Double(n.budget))
        .bind(n.deadline.as_deref())
        .bind(n.status.key())
        .bind(n.partner.as_deref())
        .bind(&n.source)
        .bind(&n.as_of)
}

/// Binds an achievement's values in [`ACHIEVEMENT_COLUMNS`] order.
pub(crate) fn bind_achievement<'q>(q: Bound<'q>, a: &'q Achievement) -> Bound<'q> {
    q.bind(&a.id)
        .bind(&a.title)
        .bind(a.description.as_deref())
        .bind(&a.owner)
        .bind(a.region.as_str())
        .bind(a.maturity.key())
        .bind(a.patents)
        .bind(node_list(&a.nodes))
        .bind(&a.source)
        .bind(&a.as_of)
}

impl CopyRows {
    pub(crate) fn platform(&mut self, p: &Platform) {
        self.text(&p.name)
            .text(p.kind.key())
            .text(p.level.key())
            .text(&p.host)
            .opt_text(p.host_uscc.as_ref().map(Uscc::as_str))
            .text(p.region.as_str())
            .text(&node_list(&p.nodes))
            .opt_text(p.fields.as_deref())
            .opt_int(p.year.map(i64::from))
            .text(&p.source)
            .text(&p.as_of)
            .end_row();
    }

    pub(crate) fn need(&mut self, n: &TechNeed) {
        self.text(&n.id)
            .text(&n.title)
            .opt_text(n.description.as_deref())
            .text(n.uscc.as_str())
            .text(&node_list(&n.nodes))
            .opt_float(n.budget)
            .opt_text(n.deadline.as_deref())
            .text(n.status.key())
            .opt_text(n.partner.as_deref())
            .text(&n.source)
            .text(&n.as_of)
            .end_row();
    }

    pub(crate) fn achievement(&mut self, a: &Achievement) {
        self.text(&a.id)
            .text(&a.title)
            .opt_text(a.description.as_deref())
            .text(&a.owner)
            .text(a.region.as_str())
            .text(a.maturity.key())
            .int(a.patents)
            .text(&node_list(&a.nodes))
            .text(&a.source)
            .text(&a.as_of)
            .end_row();
    }
}

/// A stored node list; an entry without `chain:` is corrupt.
fn nodes_from(text: &str) -> Result<Vec<NodeRef>> {
    text.split_whitespace()
        .map(|t| NodeRef::parse(t).ok_or_else(|| corrupt(format!("bad node reference {t}"))))
        .collect()
}

fn region_from(r: &AnyRow) -> Result<RegionCode> {
    let region: String = r.try_get("region")?;
    RegionCode::parse(&region).map_err(corrupt)
}

fn labelled<T: std::str::FromStr>(text: &str) -> Result<T> {
    text.parse()
        .map_err(|_| corrupt(format!("unknown value {text}")))
}

fn platform_from_row(r: &AnyRow) -> Result<Platform> {
    let host_uscc: Option<String> = r.try_get("host_uscc")?;
    let year: Option<i64> = r.try_get("year")?;
    Ok(Platform {
        name: r.try_get("name")?,
        kind: labelled(&r.try_get::<String, _>("kind")?)?,
        level: labelled(&r.try_get::<String, _>("level")?)?,
        host: r.try_get("host")?,
        host_uscc: host_uscc
            .map(|u| Uscc::parse(&u).map(|(u, _)| u).map_err(corrupt))
            .transpose()?,
        region: region_from(r)?,
        nodes: nodes_from(&r.try_get::<String, _>("nodes")?)?,
        fields: r.try_get("fields")?,
        year: year
            .map(|y| i32::try_from(y).map_err(corrupt))
            .transpose()?,
        source: r.try_get("source")?,
        as_of: r.try_get("as_of")?,
    })
}

fn need_from_row(r: &AnyRow) -> Result<TechNeed> {
    let uscc: String = r.try_get("uscc")?;
    Ok(TechNeed {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        uscc: Uscc::parse(&uscc).map(|(u, _)| u).map_err(corrupt)?,
        nodes: nodes_from(&r.try_get::<String, _>("nodes")?)?,
        budget: r.try_get("budget")?,
        deadline: r.try_get("deadline")?,
        status: labelled(&r.try_get::<String, _>("status")?)?,
        partner: r.try_get("partner")?,
        source: r.try_get("source")?,
        as_of: r.try_get("as_of")?,
    })
}

fn achievement_from_row(r: &AnyRow) -> Result<Achievement> {
    Ok(Achievement {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        owner: r.try_get("owner")?,
        region: region_from(r)?,
        maturity: labelled(&r.try_get::<String, _>("maturity")?)?,
        patents: r.try_get("patents")?,
        nodes: nodes_from(&r.try_get::<String, _>("nodes")?)?,
        source: r.try_get("source")?,
        as_of: r.try_get("as_of")?,
    })
}

impl Store {
    async fn text_keys(&self, sql: &str) -> Result<HashSet<String>> {
        let keys: Vec<String> = sqlx::query_scalar(sql).fetch_all(&self.pool).await?;
        Ok(keys.into_iter().collect())
    }

    /// The name of every stored platform.
    pub async fn platform_names(&self) -> Result<HashSet<String>> {
        self.text_keys("SELECT name FROM platforms").await
    }

    /// The number of every stored technology need.
    pub async fn tech_need_ids(&self) -> Result<HashSet<String>> {
        self.text_keys("SELECT id FROM tech_needs").await
    }

    /// The number of every stored achievement.
    pub async fn achievement_ids(&self) -> Result<HashSet<String>> {
        self.text_keys("SELECT id FROM achievements").await
    }

    /// Whether an achievement has this number.
    pub async fn achievement_exists(&self, id: &str) -> Result<bool> {
        let n: i64 =
            sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM achievements WHERE id = $1")
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
        Ok(n > 0)
    }

    /// Every stored platform, by name.
    pub async fn all_platforms(&self) -> Result<Vec<Platform>> {
        let rows = sqlx::query("SELECT * FROM platforms ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(platform_from_row).collect()
    }

    /// Every stored technology need, by number.
    pub async fn all_tech_needs(&self) -> Result<Vec<TechNeed>> {
        let rows = sqlx::query("SELECT * FROM tech_needs ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(need_from_row).collect()
    }

    /// Every stored achievement, by number.
    pub async fn all_achievements(&self) -> Result<Vec<Achievement>> {
        let rows = sqlx::query("SELECT * FROM achievements ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(achievement_from_row).collect()
    }

    /// The name and division of the firms with technology needs.
    pub async fn tech_need_firms(
        &self,
    ) -> Result<std::collections::HashMap<String, (String, RegionCode)>> {
        let rows = sqlx::query(
            "SELECT e.uscc, e.name, e.region FROM enterprises e
             WHERE e.uscc IN (SELECT uscc FROM tech_needs)",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("uscc")?, (r.try_get("name")?, region_from(r)?))))
            .collect()
    }

    /// Moves a technology need to `status` (with the achievement it was signed or transferred
    /// with, when given) as of `as_of`, with its audit row. Returns false when no need has the
    /// number.
    pub async fn set_need_status(
        &self,
        id: &str,
        status: &str,
        partner: Option<&str>,
        as_of: &str,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE tech_needs SET status = $1, partner = COALESCE($2, partner), as_of = $3
             WHERE id = $4",
        )
        .bind(status)
        .bind(partner)
        .bind(as_of)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        self.audit(
            &mut tx,
            "status",
            "tech_need",
            id,
            &serde_json::json!({ "status": status, "partner": partner }),
        )
        .await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(true)
    }
}
