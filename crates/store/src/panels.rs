//! Region × industry panels for economic complexity.

use crate::write::bump_revision;
use crate::{Result, Store};
use sqlx::Row;

/// A panel as imported: one row per (time, region, industry).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PanelData {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub measure: String,
    /// A `sources` id.
    pub source: String,
    /// When set, this source row is written (or replaced) with the panel: for imported panels.
    pub source_record: Option<liantu_model::records::Source>,
    pub rows: Vec<PanelRow>,
    /// Optional display names: (code, name).
    pub region_names: Vec<(String, String)>,
    pub industry_names: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PanelRow {
    pub time: String,
    pub region: String,
    pub industry: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelSummary {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub measure: String,
    pub source: String,
    pub rows: i64,
    /// Periods, in order.
    pub times: Vec<String>,
}

impl Store {
    /// Stores a panel, replacing one with the same id, in one transaction.
    pub async fn save_panel(&self, panel: &PanelData) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        self.audit(
            &mut tx,
            "import",
            "panel",
            &panel.id,
            &serde_json::json!({"rows": panel.rows.len()}),
        )
        .await?;
        if let Some(src) = &panel.source_record {
            crate::write::upsert_source(&mut tx, src).await?;
        }
        sqlx::query("DELETE FROM panels WHERE id = $1")
            .bind(&panel.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO panels (id, name_zh, name_en, measure, source) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&panel.id)
        .bind(&panel.name_zh)
        .bind(&panel.name_en)
        .bind(&panel.measure)
        .bind(&panel.source)
        .execute(&mut *tx)
        .await?;
        for r in &panel.rows {
            sqlx::query(
                "INSERT INTO panel_values (panel_id, time, region, industry, value)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&panel.id)
            .bind(&r.time)
            .bind(&r.region)
            .bind(&r.industry)
            .bind(r.value)
            .execute(&mut *tx)
            .await?;
        }
        for (kind, names) in [
            ("region", &panel.region_names),
            ("industry", &panel.industry_names),
        ] {
            for (code, name) in names {
                sqlx::query(
                    "INSERT INTO panel_names (panel_id, kind, code, name) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (panel_id, kind, code) DO UPDATE SET name = excluded.name",
                )
                .bind(&panel.id)
                .bind(kind)
                .bind(code)
                .bind(name)
                .execute(&mut *tx)
                .await?;
            }
        }
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn panels(&self) -> Result<Vec<PanelSummary>> {
        let rows = sqlx::query(
            "SELECT p.id, p.name_zh, p.name_en, p.measure, p.source,
                    (SELECT COUNT(*) FROM panel_values v WHERE v.panel_id = p.id) AS n
             FROM panels p ORDER BY p.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let id: String = r.try_get("id")?;
            let times: Vec<String> = sqlx::query_scalar(
                "SELECT DISTINCT time FROM panel_values WHERE panel_id = $1 ORDER BY time",
            )
            .bind(&id)
            .fetch_all(&self.pool)
            .await?;
            out.push(PanelSummary {
                id,
                name_zh: r.try_get("name_zh")?,
                name_en: r.try_get("name_en")?,
                measure: r.try_get("measure")?,
                source: r.try_get("source")?,
                rows: r.try_get("n")?,
                times,
            });
        }
        Ok(out)
    }

    /// All rows of one period of a panel, with the display names.
    pub async fn panel_period(&self, id: &str, time: &str) -> Result<PanelData> {
        let head =
            sqlx::query("SELECT name_zh, name_en, measure, source FROM panels WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some(head) = head else {
            return Ok(PanelData::default());
        };
        let rows = sqlx::query(
            "SELECT time, region, industry, value FROM panel_values
             WHERE panel_id = $1 AND time = $2",
        )
        .bind(id)
        .bind(time)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(PanelRow {
                time: r.try_get("time")?,
                region: r.try_get("region")?,
                industry: r.try_get("industry")?,
                value: r.try_get("value")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let names = sqlx::query("SELECT kind, code, name FROM panel_names WHERE panel_id = $1")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        let mut region_names = Vec::new();
        let mut industry_names = Vec::new();
        for r in &names {
            let kind: String = r.try_get("kind")?;
            let pair = (r.try_get("code")?, r.try_get("name")?);
            if kind == "region" {
                region_names.push(pair);
            } else {
                industry_names.push(pair);
            }
        }
        Ok(PanelData {
            id: id.to_string(),
            source_record: None,
            name_zh: head.try_get("name_zh")?,
            name_en: head.try_get("name_en")?,
            measure: head.try_get("measure")?,
            source: head.try_get("source")?,
            rows,
            region_names,
            industry_names,
        })
    }
}
