//! Enterprises' workforce by occupation (`workforce`): written by the import, read back for the
//! export and for the skills analysis of a chain.

use crate::exchange::Bound;
use crate::{Result, Store, corrupt};
use liantu_model::occupation::OccupationCode;
use liantu_model::workforce::{SkillLevel, Staffing};
use liantu_model::{RegionCode, Uscc};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashSet;

/// The stored key of a row: USCC, year, job as written, skill level key (`""` when none).
pub type StaffingKey = (String, i32, String, String);

pub(crate) const WORKFORCE_COLUMNS: [&str; 12] = [
    "uscc",
    "year",
    "job",
    "skill",
    "occupation",
    "confidence",
    "review",
    "employed",
    "vacancies",
    "wage",
    "source",
    "as_of",
];

/// Binds a row's values in [`WORKFORCE_COLUMNS`] order.
pub(crate) fn bind_staffing<'q>(q: Bound<'q>, w: &'q Staffing) -> Bound<'q> {
    q.bind(w.uscc.as_str())
        .bind(i64::from(w.year))
        .bind(&w.job)
        .bind(w.skill.map_or("", |s| s.key()))
        .bind(w.occupation.as_str())
        .bind(crate::Double(w.confidence))
        .bind(i64::from(w.review))
        .bind(w.employed)
        .bind(w.vacancies)
        .bind(crate::Double(w.wage))
        .bind(&w.source)
        .bind(&w.as_of)
}

fn staffing_from_row(r: &AnyRow) -> Result<Staffing> {
    let uscc: String = r.try_get("uscc")?;
    let skill: String = r.try_get("skill")?;
    let occupation: String = r.try_get("occupation")?;
    Ok(Staffing {
        uscc: Uscc::parse(&uscc).map(|(u, _)| u).map_err(corrupt)?,
        year: i32::try_from(r.try_get::<i64, _>("year")?).map_err(corrupt)?,
        job: r.try_get("job")?,
        skill: match skill.as_str() {
            "" => None,
            key => Some(
                SkillLevel::parse(key)
                    .ok_or_else(|| corrupt(format!("unknown skill level {key}")))?,
            ),
        },
        occupation: OccupationCode::parse(&occupation).map_err(corrupt)?,
        confidence: r.try_get("confidence")?,
        review: r.try_get::<i64, _>("review")? != 0,
        employed: r.try_get("employed")?,
        vacancies: r.try_get("vacancies")?,
        wage: r.try_get("wage")?,
        source: r.try_get("source")?,
        as_of: r.try_get("as_of")?,
    })
}

impl Store {
    /// The key of every stored workforce row.
    pub async fn workforce_keys(&self) -> Result<HashSet<StaffingKey>> {
        let rows = sqlx::query("SELECT uscc, year, job, skill FROM workforce")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("uscc")?,
                    i32::try_from(r.try_get::<i64, _>("year")?).map_err(corrupt)?,
                    r.try_get("job")?,
                    r.try_get("skill")?,
                ))
            })
            .collect()
    }

    /// Every stored workforce row, by key.
    pub async fn all_workforce(&self) -> Result<Vec<Staffing>> {
        let rows = sqlx::query("SELECT * FROM workforce ORDER BY uscc, year, job, skill")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(staffing_from_row).collect()
    }

    /// The latest year with workforce rows of `chain_id`'s member firms in `area`.
    pub async fn latest_workforce_year(
        &self,
        chain_id: &str,
        area: &RegionCode,
    ) -> Result<Option<i32>> {
        let (lo, hi) = area.text_range();
        let year: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(w.year) FROM workforce w JOIN enterprises e ON e.uscc = w.uscc
             WHERE e.region >= $1 AND e.region < $2
               AND w.uscc IN (SELECT uscc FROM memberships WHERE chain_id = $3)",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(chain_id)
        .fetch_one(&self.pool)
        .await?;
        year.map(|y| i32::try_from(y).map_err(corrupt)).transpose()
    }

    /// The workforce rows of `year` of `chain_id`'s member firms in `area`, by key.
    pub async fn chain_workforce(
        &self,
        chain_id: &str,
        area: &RegionCode,
        year: i32,
    ) -> Result<Vec<Staffing>> {
        let (lo, hi) = area.text_range();
        let rows = sqlx::query(
            "SELECT w.* FROM workforce w JOIN enterprises e ON e.uscc = w.uscc
             WHERE w.year = $1 AND e.region >= $2 AND e.region < $3
               AND w.uscc IN (SELECT uscc FROM memberships WHERE chain_id = $4)
             ORDER BY w.uscc, w.year, w.job, w.skill",
        )
        .bind(i64::from(year))
        .bind(&lo)
        .bind(&hi)
        .bind(chain_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(staffing_from_row).collect()
    }
}
