//! The scale data set's projects: one for every two candidates (5,000 at a million firms), each
//! taken up from a candidate, with its stage dates and a monthly report for every month since
//! construction began — the 重点项目调度 of a province, every figure illustrative.
//!
//! Deterministic for the same candidates, ladder and day. Shaped like a real board:
//! - projects began from 2021 to three months past `today`, so some have not started and some
//!   run at full production;
//! - each stage takes 20 to 180 days as planned, and is reached 0 to 60 days later than planned,
//!   the delays adding up (so a board has green, yellow and red rows);
//! - from the month construction began (the ladder's third stage from the top, `started` in the
//!   built-in one) to last month, a report a month: the month's investment around a 24-month
//!   schedule, never past the planned total, progress in percent, output once in operation.

use liantu_model::candidate::Candidate;
use liantu_model::project::{ProgressReport, Project, StageDates};
use liantu_model::{Day, RegionCode};

// Drawn as the firms' attributes are: a pure function of the project's index and a purpose.
use crate::scale::{pick, unit};

const SOURCE: &str = "illustrative";

/// The stage ladder and departments projects are recorded against (the city's settings).
pub struct Ladder<'a> {
    /// Stage ids, first to last.
    pub stages: &'a [String],
    pub departments: &'a [String],
    /// Where projects are built.
    pub counties: &'a [RegionCode],
}

/// Projects for every second candidate (by id), with their monthly reports up to the month
/// before `today`.
pub fn projects(
    candidates: &[Candidate],
    ladder: &Ladder,
    today: Day,
) -> (Vec<Project>, Vec<ProgressReport>) {
    let mut sorted: Vec<&Candidate> = candidates.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut projects = Vec::new();
    let mut reports = Vec::new();
    if ladder.stages.is_empty() || ladder.departments.is_empty() || ladder.counties.is_empty() {
        return (projects, reports);
    }
    // Construction begins at the ladder's third stage from the top (`started` of the built-in
    // planning … started, building, operating, full), production at the second from the top.
    let n = ladder.stages.len();
    let building = n.saturating_sub(4);
    let operating = n.saturating_sub(2);
    let first = Day::parse("2021-01-01").unwrap_or(today);
    let span = today.days_since(first) + 90;
    for (k, c) in sorted.iter().step_by(2).enumerate() {
        let k = k as u64;
        let start = first.plus_days((unit(k, 1) * span as f64) as i64);
        let mut planned = start;
        let mut actual = start;
        let mut stages = Vec::with_capacity(n);
        for (s, id) in ladder.stages.iter().enumerate() {
            if s > 0 {
                let gap = 20 + (unit(k, 10 + s as u64) * 160.0) as i64;
                planned = planned.plus_days(gap);
                actual = actual.plus_days(gap + (unit(k, 30 + s as u64) * 60.0) as i64);
            }
            let reached = actual <= today
                && stages
                    .last()
                    .is_none_or(|p: &StageDates| p.actual.is_some());
            stages.push(StageDates {
                stage: id.clone(),
                planned: Some(planned),
                actual: reached.then_some(actual),
            });
        }
        let project = Project {
            id: format!("sp-{}", c.id),
            name: c.name.clone(),
            candidate: Some(c.id.clone()),
            uscc: None,
            nodes: c.nodes.clone(),
            park: c.park.clone(),
            region: ladder.counties[pick(k, 2, ladder.counties.len())],
            investment: c.investment,
            land_mu: c.land_mu,
            annual_plan: Some((c.investment * 0.3).round()),
            department: ladder.departments[pick(k, 3, ladder.departments.len())].clone(),
            leader: "（示例）分管副市长".into(),
            contact: "（示例）项目专班联络员".into(),
            stages,
            source: SOURCE.into(),
            note: String::new(),
        };
        monthly_reports(&project, k, building, operating, today, &mut reports);
        projects.push(project);
    }
    (projects, reports)
}

/// A report a month from the month `building` was reached to the month before `today`.
fn monthly_reports(
    p: &Project,
    k: u64,
    building: usize,
    operating: usize,
    today: Day,
    out: &mut Vec<ProgressReport>,
) {
    let Some(began) = p.stages.get(building).and_then(|s| s.actual) else {
        return;
    };
    let producing = p.stages.get(operating).and_then(|s| s.actual);
    let last = today.month().previous();
    let mut month = began.month();
    let mut total = 0.0f64;
    let pace = p.investment / 24.0;
    let mut n = 0u64;
    while month <= last {
        let invested = (pace * (0.5 + unit(k, 100 + n)))
            .min(p.investment - total)
            .max(0.0)
            .round();
        total += invested;
        let pct = (100.0 * total / p.investment).min(100.0).round();
        let output = producing
            .filter(|d| d.month() <= month)
            .map(|_| (p.investment * 0.12 * (0.5 + unit(k, 500 + n))).round());
        out.push(ProgressReport {
            project: p.id.clone(),
            month,
            invested_month: invested,
            invested_total: total,
            progress_pct: Some(pct),
            progress_text: format!("（示例）建设第 {} 个月", n + 1),
            output,
            issues: String::new(),
            source: SOURCE.into(),
        });
        month = month.next();
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ladder_strings() -> (Vec<String>, Vec<String>, Vec<RegionCode>) {
        let stages = [
            "planning",
            "negotiating",
            "signed",
            "land",
            "started",
            "building",
            "operating",
            "full",
        ];
        (
            stages.iter().map(|s| (*s).to_string()).collect(),
            vec!["甲局".into(), "乙局".into()],
            vec![
                RegionCode::parse("450202").unwrap(),
                RegionCode::parse("450223").unwrap(),
            ],
        )
    }

    #[test]
    fn projects_spread_over_the_ladder_with_months_in_order() {
        let (stages, departments, counties) = ladder_strings();
        let ladder = Ladder {
            stages: &stages,
            departments: &departments,
            counties: &counties,
        };
        let candidates: Vec<Candidate> = (0..400)
            .map(|i| Candidate::new(&format!("c{i:03}"), "示例项目", 10_000.0 + f64::from(i)))
            .collect();
        let today = Day::parse("2026-12-07").unwrap();
        let (projects, reports) = projects(&candidates, &ladder, today);
        assert_eq!(projects.len(), 200);
        assert_eq!(projects, super::projects(&candidates, &ladder, today).0);
        // Every stage has a project that reached exactly it, and some have not begun.
        for reached in 0..=stages.len() {
            let at = projects
                .iter()
                .filter(|p| p.stages.iter().filter(|s| s.actual.is_some()).count() == reached)
                .count();
            assert!(at > 0, "no project has reached {reached} stages");
        }
        // Reports: none in the future, cumulative never falling nor past the plan.
        assert!(reports.len() > 1000, "{}", reports.len());
        for p in &projects {
            let mine: Vec<&ProgressReport> = reports.iter().filter(|r| r.project == p.id).collect();
            for pair in mine.windows(2) {
                assert_eq!(pair[1].month, pair[0].month.next());
                assert!(pair[1].invested_total >= pair[0].invested_total);
            }
            for r in &mine {
                assert!(r.month < today.month());
                assert!(r.invested_total <= p.investment);
            }
        }
    }
}
