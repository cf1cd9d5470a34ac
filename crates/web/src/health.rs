//! Probes for the service manager and load balancer: `/healthz` (the process answers) and
//! `/readyz` (the database answers at the schema this build expects). No account needed; they
//! show no data.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};

pub async fn live() -> &'static str {
    "ok\n"
}

pub async fn ready(State(state): State<AppState>) -> Response {
    let r = state.app.readiness().await;
    let status = if r.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(r)).into_response()
}
