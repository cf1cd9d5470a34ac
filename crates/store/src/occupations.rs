//! The occupation classification reference table (`ref_occupations`).

use crate::exchange::insert_sql;
use crate::{Result, Store, StoreError};
use liantu_model::occupation::{Occupation, OccupationCode};
use sqlx::Row;

/// Rows per multi-row INSERT (9 columns).
const BATCH: usize = 500;

impl Store {
    /// Replaces the occupation classification in one transaction; returns the classes stored.
    pub async fn replace_occupations(&self, classes: &[Occupation]) -> Result<usize> {
        let mut tx = self.pool.begin().await?;
        self.audit(
            &mut tx,
            "import",
            "reference",
            "occupations",
            &serde_json::json!({"classes": classes.len()}),
        )
        .await?;
        sqlx::query("DELETE FROM ref_occupations")
            .execute(&mut *tx)
            .await?;
        let cols = [
            "level",
            "code",
            "name",
            "digital",
            "green",
            "definition",
            "tasks",
            "aliases",
            "parent",
        ];
        for chunk in classes.chunks(BATCH) {
            let sql = insert_sql(self.backend, "ref_occupations", &cols, chunk.len(), "");
            let mut q = sqlx::query(&sql);
            for c in chunk {
                q = q
                    .bind(i64::from(c.level))
                    .bind(c.code.as_str())
                    .bind(&c.name)
                    .bind(i64::from(c.digital))
                    .bind(i64::from(c.green))
                    .bind(&c.definition)
                    .bind(&c.tasks)
                    .bind(serde_json::to_string(&c.aliases).unwrap_or_else(|_| "[]".into()))
                    .bind(c.parent.as_ref().map(OccupationCode::as_str));
            }
            q.execute(&mut *tx).await?;
        }
        crate::write::bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(classes.len())
    }

    /// The codes of the occupations (细类, level 4): what a job, a programme's crosswalk or a
    /// certification may name. Empty without a classification.
    pub async fn occupation_codes(&self) -> Result<std::collections::HashSet<OccupationCode>> {
        let codes: Vec<String> =
            sqlx::query_scalar("SELECT code FROM ref_occupations WHERE level = 4")
                .fetch_all(&self.pool)
                .await?;
        codes
            .iter()
            .map(|c| OccupationCode::parse(c).map_err(StoreError::Corrupt))
            .collect()
    }

    /// Every class of the classification, by code then level.
    pub async fn occupations(&self) -> Result<Vec<Occupation>> {
        let rows = sqlx::query("SELECT * FROM ref_occupations ORDER BY code, level")
            .fetch_all(&self.pool)
            .await?;
        let corrupt = |e: String| StoreError::Corrupt(e);
        rows.iter()
            .map(|r| {
                let code: String = r.try_get("code")?;
                let parent: Option<String> = r.try_get("parent")?;
                let aliases: String = r.try_get("aliases")?;
                Ok(Occupation {
                    code: OccupationCode::parse(&code).map_err(corrupt)?,
                    level: u8::try_from(r.try_get::<i64, _>("level")?)
                        .map_err(|e| corrupt(e.to_string()))?,
                    name: r.try_get("name")?,
                    digital: r.try_get::<i64, _>("digital")? != 0,
                    green: r.try_get::<i64, _>("green")? != 0,
                    definition: r.try_get("definition")?,
                    tasks: r.try_get("tasks")?,
                    aliases: serde_json::from_str(&aliases).map_err(|e| corrupt(e.to_string()))?,
                    parent: parent
                        .map(|p| OccupationCode::parse(&p))
                        .transpose()
                        .map_err(corrupt)?,
                })
            })
            .collect()
    }
}
