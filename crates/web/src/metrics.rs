//! Request lines and Prometheus series: every request is logged once (method, path, route,
//! status, milliseconds) and counted per route; `/metrics` is served on a listener of its own
//! ([`serve_metrics`]), on loopback unless the operator says otherwise, so the public port
//! never exposes it.

use axum::extract::{MatchedPath, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::future::Future;
use std::sync::LazyLock;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Answered {
    method: String,
    /// The route's pattern (`/chains/{id}`), so ids do not multiply the series; `-` when no
    /// route matched.
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Route {
    method: String,
    route: String,
}

type Latency = Family<Route, Histogram, fn() -> Histogram>;

struct Series {
    registry: Registry,
    requests: Family<Answered, Counter>,
    seconds: Latency,
}

static SERIES: LazyLock<Series> = LazyLock::new(|| {
    let requests = Family::<Answered, Counter>::default();
    // 0.25 ms … ≈8 s: cached pages answer in well under a millisecond, whole-city exports in
    // seconds.
    let seconds: Latency =
        Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.000_25, 2.0, 16)));
    let mut registry = Registry::default();
    registry.register(
        "liantu_http_requests",
        "HTTP requests answered, per method, route and status",
        requests.clone(),
    );
    registry.register(
        "liantu_http_request_duration_seconds",
        "Time to answer (until the response starts), per method and route",
        seconds.clone(),
    );
    liantu_app::metrics::register(&mut registry);
    Series {
        registry,
        requests,
        seconds,
    }
});

/// Logs and counts each request (a layer added with `Router::layer`, so after routing: the
/// matched route is known).
pub async fn observe(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "-".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let seconds = start.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    tracing::info!(
        target: "liantu::request",
        method,
        path,
        route,
        status,
        ms = (seconds * 1e4).round() / 10.0,
        "request"
    );
    SERIES
        .seconds
        .get_or_create(&Route {
            method: method.clone(),
            route: route.clone(),
        })
        .observe(seconds);
    SERIES
        .requests
        .get_or_create(&Answered {
            method,
            route,
            status,
        })
        .inc();
    response
}

/// The series in Prometheus' text format.
pub fn exposition() -> String {
    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = prometheus_client::encoding::text::encode(&mut text, &SERIES.registry);
    text
}

async fn metrics() -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        exposition(),
    )
}

/// Serves `GET /metrics` on `listener` until `shutdown`.
pub async fn serve_metrics(
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = axum::Router::new().route("/metrics", get(metrics));
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}
