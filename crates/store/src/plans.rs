//! Annual plans and their versions: each revision a new row with its reason; none is changed
//! or removed.

use crate::write::bump_revision;
use crate::{Result, Store};
use serde::Serialize;
use sqlx::Row;

/// One stored version of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanVersion {
    pub id: String,
    pub version: i64,
    pub year: i32,
    pub region: String,
    pub title: String,
    /// The plan as its TOML text.
    pub definition: String,
    /// Why this version was made (empty for the first).
    pub reason: String,
    /// When (UTC, RFC 3339) and by whom.
    pub made: String,
    pub made_by: String,
}

/// A version to add; when and by whom come from the store's actor and clock.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlanVersion {
    pub id: String,
    pub version: i64,
    pub year: i32,
    pub region: String,
    pub title: String,
    pub definition: String,
    pub reason: String,
}

fn version_from_row(r: &sqlx::any::AnyRow) -> Result<PlanVersion> {
    let year: i64 = r.try_get("year")?;
    Ok(PlanVersion {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        year: i32::try_from(year).map_err(crate::corrupt)?,
        region: r.try_get("region")?,
        title: r.try_get("title")?,
        definition: r.try_get("definition")?,
        reason: r.try_get("reason")?,
        made: r.try_get("made")?,
        made_by: r.try_get("made_by")?,
    })
}

impl Store {
    /// Every version of a plan, oldest first.
    pub async fn plan_versions(&self, id: &str) -> Result<Vec<PlanVersion>> {
        sqlx::query("SELECT * FROM plans WHERE id = $1 ORDER BY version")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(version_from_row)
            .collect()
    }

    /// The latest version of every plan, by year (latest first) and id.
    pub async fn latest_plans(&self) -> Result<Vec<PlanVersion>> {
        sqlx::query(
            "SELECT p.* FROM plans p
             WHERE p.version = (SELECT MAX(version) FROM plans q WHERE q.id = p.id)
             ORDER BY p.year DESC, p.id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(version_from_row)
        .collect()
    }

    /// Adds version `v.version` of a plan, made now by the store's actor, when the latest stored is `v.version - 1` (none for
    /// version 1); otherwise nothing is written and the latest stored version is returned as
    /// the error's value (`Err(latest)` — someone revised it meanwhile, or it exists already).
    pub async fn add_plan_version(
        &self,
        v: &NewPlanVersion,
    ) -> Result<std::result::Result<(), i64>> {
        let mut tx = self.pool.begin().await?;
        let latest: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM plans WHERE id = $1")
                .bind(&v.id)
                .fetch_one(&mut *tx)
                .await?;
        let latest = latest.unwrap_or(0);
        if latest != v.version - 1 {
            return Ok(Err(latest));
        }
        self.audit(
            &mut tx,
            if v.version == 1 { "add" } else { "revise" },
            "plan",
            &v.id,
            &serde_json::json!({"version": v.version, "reason": v.reason, "definition": v.definition}),
        )
        .await?;
        sqlx::query(
            "INSERT INTO plans (id, version, year, region, title, definition, reason, made, made_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&v.id)
        .bind(v.version)
        .bind(i64::from(v.year))
        .bind(&v.region)
        .bind(&v.title)
        .bind(&v.definition)
        .bind(&v.reason)
        .bind((self.actor.now)())
        .bind(self.actor.user.clone().unwrap_or_default())
        .execute(&mut *tx)
        .await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }
}
