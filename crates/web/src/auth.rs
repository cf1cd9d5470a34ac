//! Sign-in for the web app and the API.
//!
//! - A browser signs in on `/login` and gets a session cookie (`HttpOnly; SameSite=Strict`,
//!   `Secure` behind TLS); the session lives in the database, so it survives restarts, works
//!   across several servers and is revoked there.
//! - A program sends `Authorization: Bearer TOKEN` (tokens from `liantu token create`).
//! - Everything but the sign-in page, static files and the API document needs one of them:
//!   pages redirect to `/login`, the API answers 401 JSON.
//! - A state-changing request signed in by cookie must carry the session's CSRF token (form
//!   field `csrf` or header `X-CSRF-Token`), besides the same-site checks in [`crate::guard`].
//!   The one multipart form (`/import`) is checked by its handler, which reads the field.
//!
//! The signed-in account reaches handlers as [`Acting`] (an [`AppState`] whose `App` acts for
//! the account, so `app` checks its role) and templates through [`current`].

use crate::AppState;
use crate::error::{ApiError, Failure, PageError};
use crate::lang::Lang;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use liantu_app::Actor;
use liantu_app::model::account::User;
use std::net::{IpAddr, SocketAddr};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "liantu_session";
/// Largest form body the CSRF check reads (forms here are a few hundred bytes).
const MAX_FORM_BYTES: usize = 256 * 1024;

/// How the server is reached, for cookies and client addresses.
#[derive(Debug, Clone, Default)]
pub struct Deployment {
    /// Mark cookies `Secure` (served over TLS, or behind a TLS proxy).
    pub secure_cookies: bool,
    /// A reverse proxy whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed.
    pub trusted_proxy: Option<IpAddr>,
}

/// Who is signed in on this request.
#[derive(Debug, Clone)]
pub struct Signed {
    pub user: User,
    /// The session's CSRF token (`None` for an API token, which no browser sends by itself).
    pub csrf: Option<String>,
    /// The client's address.
    pub origin: String,
}

tokio::task_local! {
    static CURRENT: Option<Signed>;
}

/// The account signed in on the request being rendered (templates call this).
pub fn current() -> Option<Signed> {
    CURRENT.try_with(Clone::clone).ok().flatten()
}

/// Runs `render` as if inside the request of `signed` (for pages rendered by an outer layer).
pub(crate) fn rendering_for<T>(signed: Option<Signed>, render: impl FnOnce() -> T) -> T {
    CURRENT.sync_scope(signed, render)
}

/// The hidden form field every POST form carries.
pub fn csrf_field() -> String {
    current()
        .and_then(|s| s.csrf)
        .map(|t| format!(r#"<input type="hidden" name="csrf" value="{t}">"#))
        .unwrap_or_default()
}

/// The signed-in account's name and role for the page header.
pub fn account_label(lang: liantu_app::Lang) -> String {
    current()
        .map(|s| match lang {
            liantu_app::Lang::En => format!("{} ({})", s.user.name, s.user.role.name_en()),
            _ => format!("{}（{}）", s.user.name, s.user.role.name_zh()),
        })
        .unwrap_or_default()
}

/// True when an administrator is signed in (the page header links the admin pages).
pub fn is_admin() -> bool {
    current().is_some_and(|s| s.user.role == liantu_app::model::account::Role::Admin)
}

/// False for an enterprise account, which sees neither other firms' figures nor the city's
/// investment work (the header leaves those links out; `app` refuses the pages anyway).
pub fn sees_city_work() -> bool {
    current().is_none_or(|s| s.user.role != liantu_app::model::account::Role::Enterprise)
}

/// Whether the menu offers the import page: every account but a read-only one (county, park
/// and enterprise accounts import rows of their own firms; the app checks each row).
pub fn may_import() -> bool {
    current().is_none_or(|s| s.user.role != liantu_app::model::account::Role::Viewer)
}

/// A handler's state, its `App` acting for the signed-in account.
pub struct Acting(pub AppState);

impl FromRequestParts<AppState> for Acting {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Acting, PageError> {
        let signed = parts.extensions.get::<Signed>().ok_or_else(|| {
            PageError(Failure::Unauthenticated(
                "请先登录 / please sign in first".into(),
            ))
        })?;
        let app = state
            .app
            .acting(Actor::User(signed.user.clone()), &signed.origin);
        Ok(Acting(state.with_app(app)))
    }
}

/// Paths anyone may open.
fn is_public(path: &str) -> bool {
    path == "/login"
        || path == "/healthz"
        || path == "/readyz"
        || path == "/api/openapi.json"
        || path.starts_with("/static/")
        || path.starts_with("/lang/")
}

/// The client's address: the peer, or — when the peer is the trusted proxy — the address the
/// proxy saw (the last `X-Forwarded-For` entry).
fn client_address(request: &Request, deployment: &Deployment) -> String {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if let (Some(peer), Some(proxy)) = (peer, deployment.trusted_proxy)
        && peer == proxy
        && let Some(forwarded) = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    {
        return forwarded.to_string();
    }
    peer.map_or_else(|| "unknown".to_string(), |p| p.to_string())
}

/// The value of cookie `name`.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Layer: finds who is signed in, refuses anonymous requests to anything but public paths, and
/// checks the CSRF token of state-changing requests signed in by cookie.
pub(crate) async fn signed_in(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let origin = client_address(&request, &state.deployment);
    let path = request.uri().path().to_string();
    let api = path.starts_with("/api/");
    let refuse = |f: Failure| {
        if api {
            ApiError(f).into_response()
        } else {
            PageError(f).into_response()
        }
    };
    let (found, read_at) = match resolve(&state, request.headers(), &origin).await {
        Ok(found) => found,
        Err(f) => return refuse(f),
    };
    let Some(signed) = found else {
        if is_public(&path) {
            return CURRENT.scope(None, next.run(request)).await;
        }
        if api || request.method() != Method::GET {
            return refuse(Failure::Unauthenticated(
                "请先登录（网页登录或 Authorization: Bearer 令牌）/ sign in first (the login page, or an Authorization: Bearer token)".into(),
            ));
        }
        let back = request
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        let target = format!(
            "/login?next={}",
            percent_encoding::utf8_percent_encode(&back, percent_encoding::NON_ALPHANUMERIC)
        );
        return Redirect::to(&target).into_response();
    };
    let mut request = request;
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if writes && let Some(expected) = signed.csrf.clone() {
        // The upload form's handler reads its own `csrf` field (a multipart body is not
        // buffered here); every other write is checked now.
        let checked_by_handler = path == "/import" && is_multipart(request.headers());
        if !checked_by_handler {
            let (checked, rebuilt) = csrf_ok(request, &expected).await;
            let Some(rebuilt) = rebuilt else {
                return refuse(Failure::BadRequest(
                    "提交的表单过大 / the submitted form is too large".into(),
                ));
            };
            if !checked {
                return refuse(csrf_failure());
            }
            request = rebuilt;
        }
    }
    request.extensions_mut().insert(signed.clone());
    if let Some(read_at) = read_at {
        request.extensions_mut().insert(read_at);
    }
    let mut response = CURRENT.scope(Some(signed.clone()), next.run(request)).await;
    // For the error-page layer outside, which renders failures after this scope has ended.
    response.extensions_mut().insert(signed);
    response
}

pub(crate) fn csrf_failure() -> Failure {
    Failure::Forbidden(
        "表单已过期或来源不明（缺少有效的 CSRF 令牌），请刷新页面后重试 / the form has expired or is of unknown origin (no valid CSRF token): reload the page and try again".into(),
    )
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// Checks the `X-CSRF-Token` header, else the `csrf` field of a url-encoded body (read and put
/// back). Returns whether it matched and the request to pass on (`None`: body too large).
async fn csrf_ok(request: Request, expected: &str) -> (bool, Option<Request>) {
    if let Some(sent) = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        let ok = constant_time_eq(sent, expected);
        return (ok, Some(request));
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return (false, None);
    };
    let sent = form_urlencoded_field(&bytes, "csrf");
    let ok = sent.is_some_and(|s| constant_time_eq(&s, expected));
    (ok, Some(Request::from_parts(parts, Body::from(bytes))))
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded_pairs(body)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// `a=1&b=2` → pairs, `+` and `%XX` decoded.
fn serde_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        percent_encoding::percent_decode_str(&s)
            .decode_utf8_lossy()
            .into_owned()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

/// Equal strings, compared in time that does not depend on where they differ.
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The store revision a signed-in request was checked at (its session is looked up at it, and
/// [`crate::render_once`] files the answer under it): one read per request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadAt(pub i64);

/// The account of a bearer token or a session cookie; an unknown or expired token is an error
/// (the client meant to sign in), no credentials at all is `None`.
async fn resolve(
    state: &AppState,
    headers: &HeaderMap,
    origin: &str,
) -> Result<(Option<Signed>, Option<ReadAt>), Failure> {
    if let Some(token) = bearer(headers) {
        return match state.app.token_user(token).await? {
            Some(user) => Ok((
                Some(Signed {
                    user,
                    csrf: None,
                    origin: origin.to_string(),
                }),
                None,
            )),
            None => Err(Failure::Unauthenticated(
                "令牌无效、已过期或已吊销 / the token is invalid, expired or revoked".into(),
            )),
        };
    }
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok((None, None));
    };
    let revision = state.app.revision().await?;
    let signed = state
        .app
        .session_at(revision, token)
        .await?
        .map(|(user, csrf)| Signed {
            user,
            csrf: Some(csrf),
            origin: origin.to_string(),
        });
    Ok((signed, Some(ReadAt(revision))))
}

#[derive(askama::Template)]
#[template(path = "login.html")]
struct LoginPage {
    lang: Lang,
    back: String,
    next: String,
    message: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(lang: Lang, Query(q): Query<NextQuery>) -> Result<Response, PageError> {
    let next = crate::guard::same_site_path(q.next.as_deref());
    crate::render::page(&LoginPage {
        lang,
        back: "/login".into(),
        next,
        message: None,
    })
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

/// `POST /login`: a session cookie and a redirect on success; the form again, with one message
/// for any failure, on failure.
pub async fn login(
    State(state): State<AppState>,
    lang: Lang,
    request: Request,
) -> Result<Response, PageError> {
    let origin = client_address(&request, &state.deployment);
    let https = state.deployment.secure_cookies
        || request
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes() == b"https")
            && state.deployment.trusted_proxy.is_some();
    let axum::Form(form) = axum::Form::<LoginForm>::from_request(request, &state)
        .await
        .map_err(|e| Failure::BadRequest(e.body_text()))?;
    let next = crate::guard::same_site_path(form.next.as_deref());
    match state
        .app
        .acting(Actor::Anonymous, &origin)
        .login(form.username.trim(), &form.password, &origin)
        .await
    {
        Ok(session) => {
            let mut response = Redirect::to(&next).into_response();
            let secure = if https { "; Secure" } else { "" };
            let cookie = format!(
                "{SESSION_COOKIE}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}",
                session.token,
                liantu_app::accounts::SESSION_HOURS * 3600
            );
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, v);
            }
            Ok(response)
        }
        Err(e) => {
            let failure = Failure::from(e);
            let status = failure.status();
            let mut response = crate::render::page(&LoginPage {
                lang,
                back: "/login".into(),
                next,
                message: Some(failure.message()),
            })?;
            *response.status_mut() = status;
            Ok(response)
        }
    }
}

/// `POST /logout`: ends the session, clears the cookie.
pub async fn logout(Acting(state): Acting, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let _ = state.app.logout(token).await;
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("liantu_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_from(peer: &str, forwarded: Option<&str>) -> Request {
        let mut r = Request::get("/").body(Body::empty()).unwrap();
        r.extensions_mut()
            .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        if let Some(f) = forwarded {
            r.headers_mut()
                .insert("x-forwarded-for", HeaderValue::from_str(f).unwrap());
        }
        r
    }

    #[test]
    fn forwarded_addresses_are_believed_from_the_trusted_proxy_only() {
        let behind = Deployment {
            secure_cookies: false,
            trusted_proxy: Some("10.0.0.2".parse().unwrap()),
        };
        let forwarded = "198.51.100.1, 203.0.113.7";
        // Through the proxy: the address the proxy saw (the last hop it appended).
        let r = request_from("10.0.0.2:5000", Some(forwarded));
        assert_eq!(client_address(&r, &behind), "203.0.113.7");
        // From anyone else the header is a claim, not an address.
        let r = request_from("192.0.2.9:5000", Some(forwarded));
        assert_eq!(client_address(&r, &behind), "192.0.2.9");
        let r = request_from("10.0.0.2:5000", Some(forwarded));
        assert_eq!(client_address(&r, &Deployment::default()), "10.0.0.2");
    }

    #[test]
    fn cookies_and_form_fields_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("lang=en; liantu_session=abc"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "liantu"), None);
        assert_eq!(
            form_urlencoded_field(b"a=1&csrf=x%2By&b=2", "csrf").as_deref(),
            Some("x+y")
        );
        assert!(constant_time_eq("abc", "abc") && !constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
