//! County boundaries for maps (`region_shapes`).

use crate::exchange::{insert_sql, upsert_suffix};
use crate::{Result, Store};
use liantu_model::RegionCode;
use sqlx::Row;

/// One division's boundary as stored: a GeoJSON MultiPolygon in degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionShape {
    pub code: RegionCode,
    pub name: String,
    pub geometry: String,
    pub label_point: Option<[f64; 2]>,
    /// Where the boundary came from, as the importer said (file, publisher, licence).
    pub source: String,
    pub imported_at: String,
}

impl Store {
    /// Adds or replaces the shapes of the given codes in one transaction; every code must be a
    /// region already (the caller checks, the foreign key holds it).
    pub async fn replace_region_shapes(&self, shapes: &[RegionShape]) -> Result<usize> {
        let mut tx = self.pool.begin().await?;
        self.audit(
            &mut tx,
            "import",
            "region_shapes",
            "",
            &serde_json::json!({
                "shapes": shapes.len(),
                "source": shapes.first().map(|s| s.source.as_str()),
            }),
        )
        .await?;
        let cols = [
            "code",
            "name",
            "geometry",
            "label_point",
            "source",
            "imported_at",
        ];
        let suffix = upsert_suffix(&["code"], &cols);
        for shape in shapes {
            sqlx::query(&insert_sql(
                self.backend,
                "region_shapes",
                &cols,
                1,
                &suffix,
            ))
            .bind(shape.code.as_str())
            .bind(&shape.name)
            .bind(&shape.geometry)
            .bind(shape.label_point.map(|p| format!("[{}, {}]", p[0], p[1])))
            .bind(&shape.source)
            .bind(&shape.imported_at)
            .execute(&mut *tx)
            .await?;
        }
        crate::write::bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(shapes.len())
    }

    /// The shapes of the divisions inside `area` (itself included), by code.
    pub async fn region_shapes(&self, area: &RegionCode) -> Result<Vec<RegionShape>> {
        let (lo, hi) = area.text_range();
        let rows = sqlx::query(
            "SELECT code, name, geometry, label_point, source, imported_at FROM region_shapes
             WHERE code >= $1 AND code < $2 ORDER BY code",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let code: String = r.try_get("code")?;
                let label: Option<String> = r.try_get("label_point")?;
                Ok(RegionShape {
                    code: RegionCode::parse(&code)
                        .map_err(|e| crate::StoreError::Corrupt(e.to_string()))?,
                    name: r.try_get("name")?,
                    geometry: r.try_get("geometry")?,
                    label_point: label.and_then(|l| serde_json::from_str::<[f64; 2]>(&l).ok()),
                    source: r.try_get("source")?,
                    imported_at: r.try_get("imported_at")?,
                })
            })
            .collect()
    }
}
