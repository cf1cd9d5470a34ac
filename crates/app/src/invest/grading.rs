//! 亩均论英雄 grading of a region's enterprises.

use super::*;
use liantu_invest::{Grading, IndicatorScore};
use std::sync::Arc;

/// The firms of an area with figures for a year, and their grading (by row index).
pub(crate) type Graded = (Vec<liantu_store::GradingRow>, Grading);

// ------------------------------------------------------------------------------ grading

#[derive(Debug, Clone)]
pub struct GradingRequest {
    /// Firms are graded and ranked among the firms of this division.
    pub region: RegionCode,
    /// `None` = the latest year with figures.
    pub year: Option<i32>,
    pub profile: Profile,
    /// Shows only the firms of this park, keeping their ranks in the region.
    pub park: Option<String>,
    /// Shows only the firms on this chain, keeping their ranks in the region.
    pub chain: Option<String>,
    /// Rows `offset..offset + limit` of the view (graded by rank, then the rest); `None` = all.
    /// Counts and the distribution are always of the whole view.
    pub window: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorView {
    pub key: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub unit: &'static str,
    #[serde(flatten)]
    pub score: IndicatorScore,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradedEnterprise {
    pub uscc: String,
    pub name: String,
    pub region: RegionCode,
    pub park: Option<String>,
    pub industry_code: Option<String>,
    pub grade: Option<Grade>,
    pub grade_zh: Option<&'static str>,
    pub rank: Option<u32>,
    pub score: Option<f64>,
    pub indicators: Vec<IndicatorView>,
    pub not_graded_zh: Option<String>,
    pub not_graded_en: Option<String>,
    /// Stored figures outside the data contract, counted as not reported.
    pub set_aside: Vec<FigureNote>,
}

/// A stored figure outside the data contract and what grading did with it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FigureNote {
    pub field: String,
    /// `None` when not a number (NaN).
    pub value: Option<f64>,
    pub note_zh: String,
    pub note_en: String,
}

/// One firm's place in the city's grading, as `/grading` grades it: the latest year with
/// figures, among every firm of the city that has them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FirmGrade {
    pub year: i32,
    pub grade: Option<Grade>,
    pub rank: Option<u32>,
    pub score: Option<f64>,
    /// Firms graded that year (the rank is among them).
    pub graded: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradeCount {
    pub grade: Grade,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradingReport {
    pub profile: ProfileRef,
    pub region: RegionRef,
    pub year: i32,
    /// Graded firms by rank, then the firms not graded: the requested window of them.
    pub enterprises: Vec<GradedEnterprise>,
    /// Rows in the whole view (graded + not graded), of which `enterprises` starts at `offset`.
    pub rows_total: u32,
    pub offset: u32,
    /// Firms of the view with no figures at all for the year: not graded and not listed (the
    /// enterprise list has them). Grading them would rank firms nobody reported for, all on a
    /// score of 0, apart only by the order of their codes.
    pub without_figures: u32,
    pub distribution: Vec<GradeCount>,
    pub graded: u32,
    pub not_graded: u32,
    pub max_score: f64,
    pub benchmarks: Vec<liantu_invest::BenchmarkUsed>,
    pub rule: liantu_invest::GradingRule,
    pub sources: Vec<SourceRef>,
    pub illustrative: bool,
    pub as_of: Option<String>,
}

impl App {
    /// `uscc`'s grade among the firms of `region` ([`FirmGrade`]); `None` when it has no
    /// figures for the year. The city's grades are worked out once per revision and kept as one
    /// small entry a firm, so an enterprise page looks its firm up instead of grading the city.
    pub async fn firm_grade(&self, region: RegionCode, uscc: &str) -> Result<Option<FirmGrade>> {
        self.require_read(crate::ReadArea::FirmFigures)?;
        let grades = self
            .cached(&self.caches.firm_grades, region, async || {
                let Some(year) = self.store.latest_year().await? else {
                    return Ok(std::collections::HashMap::new());
                };
                let profile = crate::invest::default_profile()?;
                let graded = self.graded(year, &region, &profile).await?;
                let (rows, grading) = (&graded.0, &graded.1);
                let graded = grading.graded;
                Ok(grading
                    .results
                    .iter()
                    .map(|g| {
                        let grade = FirmGrade {
                            year,
                            grade: g.grade,
                            rank: g.rank,
                            score: g.score,
                            graded,
                        };
                        (rows[g.index].uscc.clone(), grade)
                    })
                    .collect())
            })
            .await?;
        Ok(grades.get(uscc).copied())
    }

    /// The firms of `region` with figures for `year` and their grading under `profile`: what
    /// the grading page and an enterprise's grade both rank. Under the built-in rule (the
    /// pages') cached per revision, and built by the server's warm-up for the home region's
    /// latest year: at 1,000,000 firms the city's 90,000 graded firms take seconds to read.
    async fn graded(
        &self,
        year: i32,
        region: &RegionCode,
        profile: &liantu_invest::Profile,
    ) -> Result<Arc<Graded>> {
        let compute = async || {
            let rows: Vec<liantu_store::GradingRow> = self
                .store
                .grading_rows(year, region)
                .await?
                .into_iter()
                .filter(|r| region.contains(&r.region))
                .collect();
            let inputs: Vec<liantu_invest::GradeInput> = rows.iter().map(grade_input).collect();
            let grading = liantu_invest::grade(&inputs, year, &profile.grading);
            Ok((rows, grading))
        };
        if profile.grading == crate::invest::default_profile()?.grading {
            self.cached_view(&self.caches.graded, (year, *region), compute)
                .await
        } else {
            Ok(Arc::new(compute().await?))
        }
    }

    /// 亩均论英雄 grading of the region's enterprises (`liantu grade`, the 亩均 page and API).
    pub async fn enterprise_grading(&self, request: &GradingRequest) -> Result<GradingReport> {
        self.require_read(crate::ReadArea::FirmFigures)?;
        let store = &self.store;
        let region = self.region_ref(&request.region).await?;
        let year = match request.year {
            Some(y) => y,
            // Nothing to grade yet: missing data, like an unknown region (HTTP 404).
            None => store.latest_year().await?.ok_or_else(|| {
                AppError::not_found(
                    "数据库中没有企业年度数据 / no yearly enterprise figures in the database",
                )
            })?,
        };
        // Firms with figures for the year; the rest of the view is counted below, not graded.
        let graded = self.graded(year, &request.region, &request.profile).await?;
        let (rows, grading) = (&graded.0, &graded.1);
        // The view's rows in order (graded by rank, then the rest, by USCC), as indices: only
        // the window asked for becomes a row to show, so a million firms stay a million
        // small numbers.
        let mut order: Vec<usize> = (0..grading.results.len()).collect();
        let key = |i: &usize| {
            let g = &grading.results[*i];
            (g.rank.is_none(), g.rank, &rows[g.index].uscc)
        };
        order.sort_by(|a, b| key(a).cmp(&key(b)));
        // A park or chain view: the same grading, fewer rows; counts are of the rows shown.
        let mut counts = grading.counts;
        let (mut graded, mut not_graded) = (grading.graded, grading.not_graded);
        if request.park.is_some() || request.chain.is_some() {
            let members = match &request.chain {
                Some(chain) => Some(store.chain_member_usccs(chain).await?),
                None => None,
            };
            order.retain(|i| {
                let r = &rows[grading.results[*i].index];
                request
                    .park
                    .as_ref()
                    .is_none_or(|p| r.park.as_ref() == Some(p))
                    && members.as_ref().is_none_or(|m| m.contains(&r.uscc))
            });
            counts = [0; 4];
            for g in order.iter().filter_map(|i| grading.results[*i].grade) {
                counts[g as usize] += 1;
            }
            graded = order
                .iter()
                .filter(|i| grading.results[**i].rank.is_some())
                .count() as u32;
            not_graded = order.len() as u32 - graded;
        }
        let rows_total = order.len() as u32;
        // The view's firms with no figures for the year: all of its firms less those graded
        // or listed (a count, so a million unreported firms cost one index read).
        let in_view = store
            .enterprises(
                &liantu_store::EnterpriseFilter {
                    region: Some(request.region),
                    park: request.park.clone(),
                    chain: request.chain.clone(),
                    ..Default::default()
                },
                0,
                0,
            )
            .await?
            .total;
        let without_figures = u32::try_from(in_view)
            .unwrap_or(u32::MAX)
            .saturating_sub(rows_total);
        let (offset, limit) = request.window.unwrap_or((0, order.len()));
        let enterprises: Vec<GradedEnterprise> = order
            .iter()
            .skip(offset)
            .take(limit)
            .map(|i| graded_view(&grading.results[*i], &rows[grading.results[*i].index]))
            .collect();
        let source_ids: BTreeSet<String> = rows.iter().map(|r| r.source.clone()).collect();
        let as_of = rows
            .iter()
            .map(|r| r.as_of.clone())
            .filter(|d| !d.is_empty())
            .max();
        let sources = self.source_refs(&source_ids).await?;
        Ok(GradingReport {
            profile: ProfileRef::from(&request.profile),
            region,
            year,
            enterprises,
            rows_total,
            offset: offset.min(order.len()) as u32,
            without_figures,
            distribution: Grade::ALL
                .iter()
                .map(|g| GradeCount {
                    grade: *g,
                    label_zh: g.label_zh(),
                    label_en: g.label_en(),
                    count: counts[*g as usize],
                })
                .collect(),
            graded,
            not_graded,
            max_score: grading.max_score,
            benchmarks: grading.benchmarks.clone(),
            rule: request.profile.grading.clone(),
            illustrative: sources.iter().any(|s| s.kind == SourceKind::Illustrative),
            sources,
            as_of,
        })
    }
}

fn grade_input(r: &liantu_store::GradingRow) -> liantu_invest::GradeInput {
    liantu_invest::GradeInput {
        industry_code: r.industry_code.clone(),
        founded: r.founded,
        above_scale: r.above_scale,
        land_mu: r.land_mu,
        tax: r.tax,
        value_added: r.value_added,
        revenue: r.revenue,
        employees: r.employees,
        energy_tce: r.energy_tce,
        emissions_tco2: r.emissions_tco2,
        rd_expense: r.rd_expense,
    }
}

/// One row of the page: a firm's grade with every indicator and every figure set aside.
fn graded_view(
    g: &liantu_invest::EnterpriseGrade,
    r: &liantu_store::GradingRow,
) -> GradedEnterprise {
    GradedEnterprise {
        uscc: r.uscc.clone(),
        name: r.name.clone(),
        region: r.region,
        park: r.park.clone(),
        industry_code: r.industry_code.clone(),
        grade: g.grade,
        grade_zh: g.grade.map(|g| g.label_zh()),
        rank: g.rank,
        score: g.score,
        indicators: g
            .indicators
            .iter()
            .map(|i| IndicatorView {
                key: i.indicator.key(),
                label_zh: i.indicator.label_zh(),
                label_en: i.indicator.label_en(),
                unit: i.indicator.unit(),
                score: *i,
            })
            .collect(),
        not_graded_zh: g.not_graded.as_ref().map(|n| n.reason_zh()),
        not_graded_en: g.not_graded.as_ref().map(|n| n.reason_en()),
        set_aside: g
            .set_aside
            .iter()
            .map(|f| FigureNote {
                field: f.field.clone(),
                value: (!f.value.is_nan()).then_some(f.value),
                note_zh: f.note_zh(),
                note_en: f.note_en(),
            })
            .collect(),
    }
}
