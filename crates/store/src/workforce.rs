//! Enterprises' workforce by occupation (`workforce`): written by the import, read back for the
//! export and for the skills analysis of a chain.

use crate::exchange::Bound;
use crate::{Result, Store, corrupt};
use liantu_model::occupation::OccupationCode;
use liantu_model::workforce::{Certification, InstitutionKind, Programme, SkillLevel, Staffing};
use liantu_model::{RegionCode, Uscc};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashSet;

/// The stored key of a row: USCC, year, job as written, skill level key (`""` when none).
pub type StaffingKey = (String, i32, String, String);
/// The stored key of a programme: institution, programme name, year.
pub type ProgrammeKey = (String, String, i32);
/// The stored key of a certification count: division, year, occupation, level key.
pub type CertificationKey = (String, i32, String, String);

pub(crate) const CERTIFICATION_COLUMNS: [&str; 7] = [
    "region",
    "year",
    "occupation",
    "level",
    "certified",
    "source",
    "as_of",
];

/// Binds a certification count's values in [`CERTIFICATION_COLUMNS`] order.
pub(crate) fn bind_certification<'q>(q: Bound<'q>, c: &'q Certification) -> Bound<'q> {
    q.bind(c.region.as_str())
        .bind(i64::from(c.year))
        .bind(c.occupation.as_str())
        .bind(c.level.key())
        .bind(c.certified)
        .bind(&c.source)
        .bind(&c.as_of)
}

impl crate::copy_text::CopyRows {
    pub(crate) fn certification(&mut self, c: &Certification) {
        self.text(c.region.as_str())
            .int(i64::from(c.year))
            .text(c.occupation.as_str())
            .text(c.level.key())
            .int(c.certified)
            .text(&c.source)
            .text(&c.as_of)
            .end_row();
    }
}

fn certification_from_row(r: &AnyRow) -> Result<Certification> {
    let region: String = r.try_get("region")?;
    let occupation: String = r.try_get("occupation")?;
    let level: String = r.try_get("level")?;
    Ok(Certification {
        region: RegionCode::parse(&region).map_err(corrupt)?,
        year: i32::try_from(r.try_get::<i64, _>("year")?).map_err(corrupt)?,
        occupation: OccupationCode::parse(&occupation).map_err(corrupt)?,
        level: SkillLevel::parse(&level)
            .ok_or_else(|| corrupt(format!("unknown skill level {level}")))?,
        certified: r.try_get("certified")?,
        source: r.try_get("source")?,
        as_of: r.try_get("as_of")?,
    })
}

pub(crate) const PROGRAMME_COLUMNS: [&str; 12] = [
    "institution",
    "kind",
    "region",
    "code",
    "name",
    "year",
    "enrolment",
    "graduates",
    "retention",
    "occupations",
    "source",
    "as_of",
];

/// The crosswalk as stored: codes separated by spaces.
pub(crate) fn occupation_list(p: &Programme) -> String {
    p.occupations
        .iter()
        .map(OccupationCode::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Binds a programme's values in [`PROGRAMME_COLUMNS`] order.
pub(crate) fn bind_programme<'q>(q: Bound<'q>, p: &'q Programme) -> Bound<'q> {
    q.bind(&p.institution)
        .bind(p.kind.key())
        .bind(p.region.as_str())
        .bind(p.code.as_deref())
        .bind(&p.name)
        .bind(i64::from(p.year))
        .bind(p.enrolment)
        .bind(p.graduates)
        .bind(crate::Double(p.retention))
        .bind(occupation_list(p))
        .bind(&p.source)
        .bind(&p.as_of)
}

fn programme_from_row(r: &AnyRow) -> Result<Programme> {
    let kind: String = r.try_get("kind")?;
    let region: String = r.try_get("region")?;
    let occupations: String = r.try_get("occupations")?;
    Ok(Programme {
        institution: r.try_get("institution")?,
        kind: InstitutionKind::parse(&kind)
            .ok_or_else(|| corrupt(format!("unknown institution kind {kind}")))?,
        region: RegionCode::parse(&region).map_err(corrupt)?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        year: i32::try_from(r.try_get::<i64, _>("year")?).map_err(corrupt)?,
        enrolment: r.try_get("enrolment")?,
        graduates: r.try_get("graduates")?,
        retention: r.try_get("retention")?,
        occupations: occupations
            .split_whitespace()
            .map(|c| OccupationCode::parse(c).map_err(corrupt))
            .collect::<Result<_>>()?,
        source: r.try_get("source")?,
        as_of: r.try_get("as_of")?,
    })
}

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

    /// The key of every stored programme.
    pub async fn programme_keys(&self) -> Result<HashSet<ProgrammeKey>> {
        let rows = sqlx::query("SELECT institution, name, year FROM programmes")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("institution")?,
                    r.try_get("name")?,
                    i32::try_from(r.try_get::<i64, _>("year")?).map_err(corrupt)?,
                ))
            })
            .collect()
    }

    /// Every stored programme, by key.
    pub async fn all_programmes(&self) -> Result<Vec<Programme>> {
        let rows = sqlx::query("SELECT * FROM programmes ORDER BY institution, name, year")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(programme_from_row).collect()
    }

    /// The programmes of institutions in `area` for `year`, by key.
    pub async fn area_programmes(&self, area: &RegionCode, year: i32) -> Result<Vec<Programme>> {
        let (lo, hi) = area.text_range();
        let rows = sqlx::query(
            "SELECT * FROM programmes WHERE year = $1 AND region >= $2 AND region < $3
             ORDER BY institution, name, year",
        )
        .bind(i64::from(year))
        .bind(&lo)
        .bind(&hi)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(programme_from_row).collect()
    }

    /// The key of every stored certification count.
    pub async fn certification_keys(&self) -> Result<HashSet<CertificationKey>> {
        Ok(self
            .all_certifications()
            .await?
            .into_iter()
            .map(|c| {
                (
                    c.region.to_string(),
                    c.year,
                    c.occupation.as_str().to_string(),
                    c.level.key().to_string(),
                )
            })
            .collect())
    }

    /// Every stored certification count, by key.
    pub async fn all_certifications(&self) -> Result<Vec<Certification>> {
        let rows =
            sqlx::query("SELECT * FROM certifications ORDER BY region, year, occupation, level")
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(certification_from_row).collect()
    }

    /// The certification counts of divisions in `area` for `year`.
    pub async fn area_certifications(
        &self,
        area: &RegionCode,
        year: i32,
    ) -> Result<Vec<Certification>> {
        let (lo, hi) = area.text_range();
        let rows = sqlx::query(
            "SELECT * FROM certifications WHERE year = $1 AND region >= $2 AND region < $3
             ORDER BY region, year, occupation, level",
        )
        .bind(i64::from(year))
        .bind(&lo)
        .bind(&hi)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(certification_from_row).collect()
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
