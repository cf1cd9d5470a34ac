//! What the app counts for Prometheus (`/metrics`, served by `web`): rows imported per kind
//! and the symbiosis solver's time. Process-wide, as Prometheus counts per process: every
//! `App` handle of the process adds to the same series.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::LazyLock;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabel {
    kind: &'static str,
}

struct Metrics {
    import_rows: Family<KindLabel, Counter>,
    solver_seconds: Histogram,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics {
    import_rows: Family::default(),
    // 1 ms … ≈33 s: a park's LP takes milliseconds, a large MIP seconds.
    solver_seconds: Histogram::new(exponential_buckets(0.001, 2.0, 16)),
});

/// Adds the app's series to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(
        "liantu_import_rows",
        "Rows written by file imports, per kind",
        METRICS.import_rows.clone(),
    );
    registry.register(
        "liantu_solver_seconds",
        "Time the symbiosis LP/MIP solver took per solve",
        METRICS.solver_seconds.clone(),
    );
}

pub(crate) fn imported(kind: &'static str, rows: u64) {
    METRICS
        .import_rows
        .get_or_create(&KindLabel { kind })
        .inc_by(rows);
}

/// Runs `solve`, recording its time.
pub(crate) fn timed_solve<T>(solve: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = solve();
    METRICS
        .solver_seconds
        .observe(start.elapsed().as_secs_f64());
    result
}
