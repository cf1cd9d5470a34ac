//! liantu's use cases — the one door every front end goes through. The CLI and the web app hold
//! an [`App`] and call its methods; nothing else of ours is visible to them but `model`. Each
//! method reads the store, runs the pure engines (off the async workers when the work is heavy)
//! and returns a view that carries names, sources and as-of dates next to every figure, and —
//! for everything shown as a table — a neutral [`Table`] the front ends render.
//!
//! Errors are one [`AppError`] whose [`ErrorKind`] the front ends map to status or exit codes.
//! Derived results are cached per store revision ([`cache`]), and the one [`Clock`] stamps
//! every time written.

pub mod access;
pub mod accounts;
pub mod backup;
pub mod brief;
mod busy;
mod cache;
pub mod chain_occupations;
mod chains;
pub mod clock;
pub mod complexity;
pub mod county_map;
pub mod coupling;
pub mod coupling_map;
pub mod crosswalk;
pub mod data;
mod demo;
mod diagnosis;
pub mod economy;
mod enterprises;
mod error;
mod files;
pub mod glossary;
mod growth;
pub mod innovation;
pub mod invest;
pub mod kg;
mod map;
pub mod metrics;
pub mod monthly_brief;
pub mod occupations;
mod overview;
pub mod plans;
pub mod projects;
mod reference;
mod revision;
mod rule;
pub mod skills;
pub mod symbiosis;
pub mod tag;
pub mod whatif;

pub use access::{Actor, ReadArea, WriteTarget};
pub use chains::{
    ChainCheck, ChainListItem, ChainSource, chain_list_table, chain_tables, check_form,
    parse_chain_source,
};
pub use clock::{Clock, FixedClock, SystemClock};
pub use demo::{DemoSummary, ScaleSummary};
pub use diagnosis::{
    ChainRef, Counterparty, DiagnosisReport, DiagnosisRequest, DiagnosisRule, EnterpriseFigure,
    LeaderView, Neighbour, NodeDetail, NodeView, RegionRef, RiskView, SetAsideView, SourceRef,
    Stage, StageSummary, SupplyRate, diagnosis_table, leaders_table, source_line,
};
pub use enterprises::{
    EnterpriseDetail, EnterpriseFilter, EnterprisePage, EnterpriseSummary, MembershipDetail,
    TradingPartner, enterprise_list_table,
};
pub use error::{AppError, ErrorKind, Result};
pub use files::write_whole;
pub use growth::{
    ChainNodeRef, DEMO_PANEL, GrowthReport, GrowthRequest, GrowthSort, IndustryView, PanelSummary,
};
pub use growth::{PanelMeta, growth_table, panels_table, read_panel_file};
pub use liantu_model as model;
pub use liantu_model::Lang;
pub use liantu_model::chain::Chain;
pub use liantu_table as table;
pub use liantu_table::{Cell, Column, ColumnKind, Table, Text};
pub use map::MAP_STYLE;
pub use overview::overview_table;
pub use reference::{Fact, Park, Region, Source};
pub use rule::{parse_rule, read_rule_file};
pub use symbiosis::WhatIf;
pub use whatif::{ScenarioComparison, ScenarioRow, WhatIfReport, WhatIfRequest};

use cache::RevisionCache;
use liantu_model::RegionCode;
use liantu_store::Store;
use std::path::Path;
use std::sync::Arc;

/// A handle on one liantu database and everything derived from it. Cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Store,
    clock: Arc<dyn Clock>,
    caches: Arc<Caches>,
    /// Who this handle acts for ([`access`]).
    actor: Arc<access::Actor>,
    /// The PostgreSQL URL it was opened with (`pg_dump` connects with it for backups).
    postgres_url: Option<Arc<str>>,
}

type DiagnosisKey = (String, RegionCode, Option<i32>);

/// Derived results, each cached per store revision.
#[derive(Default)]
struct Caches {
    chains: RevisionCache<String, liantu_chain::Chain>,
    diagnoses: RevisionCache<DiagnosisKey, DiagnosisReport>,
    nodes: RevisionCache<(DiagnosisKey, String), NodeDetail>,
    maps: RevisionCache<(DiagnosisKey, liantu_model::Lang, bool), String>,
    /// The firms graded under the built-in rule and their grading, per year and region (the
    /// 亩均 page's rows; `firm_grade` below is drawn from it).
    graded: RevisionCache<(i32, RegionCode), invest::Graded>,
    /// Every chain's engine input and diagnosis under the default rule, per area and year: what
    /// the what-if adds candidates to and the scoring context is built from.
    chain_states: RevisionCache<(RegionCode, Option<i32>), Vec<invest::ChainState>>,
    /// What the ranking of candidates reads, per area and year (the same for every profile).
    scoring: RevisionCache<(RegionCode, Option<i32>), invest::Scoring>,
    /// The city's grades by firm (`firm_grade`), per region graded.
    firm_grades: RevisionCache<RegionCode, std::collections::HashMap<String, invest::FirmGrade>>,
    kg: RevisionCache<(), Option<Arc<liantu_kg::Graph>>>,
    /// A chain's node occupations, with or without suggestions (the classifier is built for it).
    chain_occupations: RevisionCache<(String, bool), Vec<chain_occupations::NodeOccupations>>,
    /// The whole project board per day it is judged on (filters apply to a copy).
    project_boards: RevisionCache<String, projects::ProjectBoard>,
    /// An area's coupling view per year asked for: sums only, no firm named, so the same for
    /// every reader.
    couplings: RevisionCache<(RegionCode, Option<i32>), coupling::CouplingView>,
    /// The economy view's group sums per area and chain (sums only, like the coupling).
    economy_groups: RevisionCache<(RegionCode, Option<String>), Vec<liantu_store::EconomyGroup>>,
    /// Live sessions by token digest: (account, CSRF token, expiry). Every change that ends a
    /// session (sign-out, a disabled account, a new role or password) is a write.
    sessions: RevisionCache<String, (liantu_model::account::User, String, String)>,
    /// The revision itself, one query for every caller waiting on it.
    revision: revision::SharedReads,
    /// Held while diagnoses are built: callers asking for the same ones at the same moment (a
    /// page and the warm-up after a write) build them once, the later ones finding them cached.
    diagnosis_gate: tokio::sync::Mutex<()>,
    /// The same for the coupling view and the economy's group sums (their flows and sums read
    /// the area's links and firm-years: seconds at a province's size).
    view_gate: tokio::sync::Mutex<()>,
}

/// What a readiness probe reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Readiness {
    /// The database answered.
    pub database: bool,
    /// Its schema version (the last migration applied).
    pub schema: Option<i64>,
    /// The version this build expects.
    pub expected: i64,
    pub ready: bool,
}

impl App {
    /// Opens the SQLite database at `path` (creating it when `create` is set) and brings its
    /// schema up to date.
    pub async fn open(path: &Path, create: bool) -> Result<App> {
        Ok(App::new(Store::open(path, create).await?))
    }

    /// Opens the database at `url`: `postgres://user:password@host/db`, or `sqlite://path`
    /// (`?mode=rwc` creates the file); see `liantu_store::Store::open_url`.
    pub async fn open_url(url: &str) -> Result<App> {
        let mut app = App::new(Store::open_url(url).await?);
        if app.store.backend() == liantu_store::Backend::Postgres {
            app.postgres_url = Some(url.into());
        }
        Ok(app)
    }

    /// [`App::open`] with another wait for the write lock before a write is refused as
    /// unavailable (tests use a short one).
    pub async fn open_with(
        path: &Path,
        create: bool,
        busy_timeout: std::time::Duration,
    ) -> Result<App> {
        Ok(App::new(
            Store::open_with(path, create, busy_timeout).await?,
        ))
    }

    pub fn new(store: Store) -> App {
        App {
            store,
            clock: clock::system(),
            caches: Arc::default(),
            actor: Arc::new(access::Actor::Operator),
            postgres_url: None,
        }
    }

    /// The same app with another clock (tests, reproducible runs).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> App {
        self.clock = clock;
        self
    }

    /// Now, UTC, as stored: `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn now(&self) -> String {
        clock::stored(self.clock.now())
    }

    /// Today (UTC), `YYYY-MM-DD`.
    pub fn today(&self) -> String {
        clock::date(self.clock.now())
    }

    /// A number that changes with every committed write. It is read after the call begins
    /// (so it counts every write committed before, by any server), by one query shared with
    /// the callers waiting at the same time.
    pub async fn revision(&self) -> Result<i64> {
        Ok(self
            .caches
            .revision
            .revision(|| self.store.revision())
            .await?)
    }

    pub async fn close(self) {
        self.store.close().await;
    }

    /// Whether the database answers and its schema is the one this build expects (for a
    /// readiness probe: no account needed, no data shown).
    pub async fn readiness(&self) -> Readiness {
        let expected = self.store.expected_schema_version();
        match self.store.schema_version().await {
            Ok(schema) => Readiness {
                database: true,
                schema: Some(schema),
                expected,
                ready: schema == expected,
            },
            Err(_) => Readiness {
                database: false,
                schema: None,
                expected,
                ready: false,
            },
        }
    }

    /// Runs `compute` unless its result for `key` is cached at the current revision. The
    /// revision is read before computing, so a write during the computation is never hidden.
    async fn cached<K, V, F>(
        &self,
        cache: &RevisionCache<K, V>,
        key: K,
        compute: F,
    ) -> Result<Arc<V>>
    where
        K: Eq + std::hash::Hash,
        F: AsyncFnOnce() -> Result<V>,
    {
        let revision = self.revision().await?;
        if let Some(value) = cache.get(revision, &key) {
            return Ok(value);
        }
        let value = Arc::new(compute().await?);
        cache.insert(revision, key, value.clone());
        Ok(value)
    }

    /// [`App::cached`] for a view that takes seconds at a province's size: built by one
    /// caller at a time (behind `view_gate`), so a page opened while the warm-up builds the
    /// same view waits for it and finds it cached instead of building it again.
    async fn cached_view<K, V, F>(
        &self,
        cache: &RevisionCache<K, V>,
        key: K,
        compute: F,
    ) -> Result<Arc<V>>
    where
        K: Eq + std::hash::Hash,
        F: AsyncFnOnce() -> Result<V>,
    {
        if let Some(value) = cache.get(self.revision().await?, &key) {
            return Ok(value);
        }
        let _gate = self.caches.view_gate.lock().await;
        self.cached(cache, key, compute).await
    }
}

/// Runs CPU-heavy work (an engine over a whole region, an LP, a graph build) on tokio's
/// blocking pool so a slow request never holds an async worker.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::internal(format!("后台任务失败 / background task failed: {e}")))?
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod access_tests;

#[cfg(test)]
mod table_tests;
