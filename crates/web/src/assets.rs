//! The language switch and the compiled-in static files.

use axum::extract::{Path, Query};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

// ---------------------------------------------------------------- language, static files

#[derive(serde::Deserialize)]
pub struct BackQuery {
    back: Option<String>,
}

/// Sets the language cookie (one year) and returns to the page the user was on.
pub async fn set_lang(Path(code): Path<String>, Query(q): Query<BackQuery>) -> Response {
    let value = match code.as_str() {
        "en" => "en",
        _ => "zh",
    };
    // Only same-site paths: never redirect to another host.
    let back = crate::guard::same_site_path(q.back.as_deref());
    let mut response = Redirect::to(&back).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "lang={value}; Path=/; Max-Age=31536000; SameSite=Lax"
    )) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// Our stylesheet followed by the chain map's, so inline maps are styled by classes.
static STYLESHEET: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{}\n/* chain map */\n{}",
        include_str!("../static/style.css"),
        liantu_app::MAP_STYLE
    )
});

pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLESHEET.as_str(),
    )
        .into_response()
}

/// The page script and the table-to-Excel writer, one file (one request).
const SCRIPT: &str = concat!(
    include_str!("../static/app.js"),
    "\n",
    include_str!("../static/xlsx.js")
);

pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}
