//! Suggestions for the programme ↔ occupation crosswalk (专业—职业对照): for each stored
//! programme, the occupations the job-title classifier finds in its name that the crosswalk does
//! not list yet. The crosswalk stays the programmes file's column, edited by people: these are
//! suggestions to copy into it and import again (`liantu import programmes FILE --mode upsert`).

use crate::occupations::OccupationFilter;
use crate::{App, Result};
use liantu_model::occupation::OccupationCode;
use liantu_table::{Cell, Column, ColumnKind, Table, Text};

/// Suggestions per programme at most.
pub const SUGGESTIONS_PER_PROGRAMME: usize = 3;

/// One suggested occupation.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SuggestedOccupation {
    pub code: OccupationCode,
    pub name: String,
    /// The classifier's score (comparable within a programme only).
    pub score: f64,
}

/// A programme, its crosswalk and the suggestions.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CrosswalkRow {
    pub institution: String,
    pub programme: String,
    pub year: i32,
    pub listed: Vec<OccupationCode>,
    pub suggested: Vec<SuggestedOccupation>,
}

impl App {
    /// Every stored programme (of `year` when given) with up to
    /// [`SUGGESTIONS_PER_PROGRAMME`] occupations its name suggests beyond its crosswalk.
    pub async fn crosswalk_suggestions(&self, year: Option<i32>) -> Result<Vec<CrosswalkRow>> {
        let classes = self.occupations(&OccupationFilter::default()).await?;
        let programmes: Vec<_> = self
            .store
            .all_programmes()
            .await?
            .into_iter()
            .filter(|p| year.is_none_or(|y| p.year == y))
            .collect();
        crate::blocking(move || {
            let classifier = liantu_occupation::Classifier::new(&classes);
            Ok(programmes
                .into_iter()
                .map(|p| {
                    let wanted = SUGGESTIONS_PER_PROGRAMME + p.occupations.len();
                    let suggested = classifier
                        .classify(&p.name, wanted)
                        .candidates
                        .into_iter()
                        .filter(|c| !p.occupations.contains(&c.code))
                        .take(SUGGESTIONS_PER_PROGRAMME)
                        .map(|c| SuggestedOccupation {
                            code: c.code,
                            name: c.name,
                            score: c.score,
                        })
                        .collect();
                    CrosswalkRow {
                        institution: p.institution,
                        programme: p.name,
                        year: p.year,
                        listed: p.occupations,
                        suggested,
                    }
                })
                .collect())
        })
        .await
    }
}

/// One row per programme: its crosswalk and the suggested codes, ready to copy.
pub fn crosswalk_table(rows: &[CrosswalkRow]) -> Table {
    let mut table = Table::new(
        Text::new(
            "专业—职业对照建议",
            "Programme–occupation crosswalk suggestions",
        ),
        vec![
            Column::new("institution", "院校名称", "Institution", ColumnKind::Text),
            Column::new("programme", "专业名称", "Programme", ColumnKind::Text),
            Column::new("year", "年份", "Year", ColumnKind::Text),
            Column::new(
                "listed",
                "对应职业编码",
                "Listed occupations",
                ColumnKind::Text,
            ),
            Column::new(
                "suggested",
                "建议职业编码",
                "Suggested codes",
                ColumnKind::Text,
            ),
            Column::new(
                "names",
                "建议职业名称",
                "Suggested occupations",
                ColumnKind::Text,
            ),
        ],
    );
    for r in rows {
        let listed: Vec<&str> = r.listed.iter().map(OccupationCode::as_str).collect();
        let codes: Vec<&str> = r.suggested.iter().map(|s| s.code.as_str()).collect();
        let names: Vec<&str> = r.suggested.iter().map(|s| s.name.as_str()).collect();
        table.push(vec![
            Cell::text(&r.institution),
            Cell::text(&r.programme),
            Cell::text(r.year.to_string()),
            Cell::text(listed.join("；")),
            Cell::text(codes.join("；")),
            Cell::text(names.join("、")),
        ]);
    }
    table
}
