//! Render once per revision: a signed-in GET's answer (a page, an SVG, a JSON answer, a small
//! download) is kept as bytes, with its gzip form, under everything it was made from — the store
//! revision, the account and session (pages carry the session's CSRF token and the account's
//! menu), the language, the host and the full URI. The next identical request is answered from
//! memory without touching the engines or the templates; any committed write changes the
//! revision, and every entry made before it is dropped at the next lookup.
//!
//! Each answer carries a strong `ETag` (a digest of its bytes) and `Cache-Control: private,
//! no-cache`: a browser keeps its copy but asks again each time, and gets `304 Not Modified`
//! when nothing changed. The cache holds at most [`BUDGET`] bytes, least recently used out
//! first; answers larger than [`MAX_ENTRY`], streamed ones (exports of unknown length), errors
//! and answers that set a cookie pass through untouched.

use crate::auth::Signed;
use crate::lang::Lang;
use crate::state::AppState;
use axum::body::{Body, Bytes, HttpBody as _};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lru::LruCache;
use sha2::{Digest, Sha256};
use std::io::Write as _;
use std::sync::{Arc, Mutex, MutexGuard};

/// Bytes of answers kept (both forms of each): the pages of a few hundred users' sessions.
pub const BUDGET: usize = 64 << 20;
/// Largest answer kept; larger ones (a full-city workbook) are rendered each time.
pub const MAX_ENTRY: usize = 4 << 20;
/// Smallest answer worth compressing.
const MIN_GZIP: usize = 1024;

/// One kept answer.
struct Entry {
    headers: HeaderMap,
    body: Bytes,
    /// The body gzip-compressed, when that is smaller.
    gzip: Option<Bytes>,
    etag: HeaderValue,
}

impl Entry {
    fn size(&self, key: &str) -> usize {
        key.len() + self.body.len() + self.gzip.as_ref().map_or(0, Bytes::len) + 256
    }

    fn respond(&self, request: &HeaderMap) -> Response {
        let mut headers = self.headers.clone();
        headers.insert(header::ETAG, self.etag.clone());
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        );
        headers.insert(
            header::VARY,
            HeaderValue::from_static("Cookie, Authorization, Accept-Encoding"),
        );
        headers.remove(header::CONTENT_LENGTH);
        if not_modified(request, &self.etag) {
            let mut response = StatusCode::NOT_MODIFIED.into_response();
            for name in [
                header::ETAG,
                header::CACHE_CONTROL,
                header::VARY,
                header::CONTENT_TYPE,
            ] {
                if let Some(v) = headers.get(&name) {
                    response.headers_mut().insert(name, v.clone());
                }
            }
            return response;
        }
        let body = match &self.gzip {
            Some(gzip) if accepts_gzip(request) => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                gzip.clone()
            }
            _ => self.body.clone(),
        };
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = headers;
        response
    }
}

/// The kept answers of one revision.
pub struct RenderCache {
    inner: Mutex<Kept>,
}

struct Kept {
    revision: Option<i64>,
    entries: LruCache<String, Arc<Entry>>,
    bytes: usize,
}

impl Default for RenderCache {
    fn default() -> Self {
        RenderCache {
            inner: Mutex::new(Kept {
                revision: None,
                entries: LruCache::unbounded(),
                bytes: 0,
            }),
        }
    }
}

impl RenderCache {
    fn lock(&self) -> MutexGuard<'_, Kept> {
        // A poisoned lock only means a request panicked mid-update: start afresh.
        self.inner.lock().unwrap_or_else(|poisoned| {
            let mut kept = poisoned.into_inner();
            kept.revision = None;
            kept.entries.clear();
            kept.bytes = 0;
            kept
        })
    }

    /// The answer kept for `key` at `revision`; a lookup at a newer revision drops the rest.
    fn get(&self, revision: i64, key: &str) -> Option<Arc<Entry>> {
        let mut kept = self.lock();
        if kept.revision != Some(revision) {
            kept.revision = Some(revision);
            kept.entries.clear();
            kept.bytes = 0;
            return None;
        }
        kept.entries.get(key).cloned()
    }

    /// Keeps an answer made from data read at `revision`, unless the cache has moved on.
    fn insert(&self, revision: i64, key: String, entry: Arc<Entry>) {
        let mut kept = self.lock();
        if kept.revision != Some(revision) {
            return;
        }
        kept.bytes += entry.size(&key);
        if let Some((old_key, old)) = kept.entries.push(key, entry) {
            kept.bytes -= old.size(&old_key);
        }
        while kept.bytes > BUDGET {
            let Some((k, e)) = kept.entries.pop_lru() else {
                break;
            };
            kept.bytes -= e.size(&k);
        }
    }

    /// Answers kept and their bytes (for tests and the benchmark).
    pub fn usage(&self) -> (usize, usize) {
        let kept = self.lock();
        (kept.entries.len(), kept.bytes)
    }
}

/// What a request's answer is made from, besides the revision.
fn key_of(request: &Request, signed: &Signed) -> String {
    let u = &signed.user;
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    format!(
        "{}\u{1f}{:?}\u{1f}{:?}\u{1f}{}\u{1f}{:?}\u{1f}{host}\u{1f}{}",
        u.name,
        u.role,
        u.scope,
        signed.csrf.as_deref().unwrap_or(""),
        Lang::from_headers(request.headers()),
        request.uri()
    )
}

/// The middleware (inside `auth::signed_in`, which puts [`Signed`] on the request).
pub(crate) async fn render_once(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(signed) = request.extensions().get::<Signed>() else {
        return next.run(request).await;
    };
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    // Read when the session was checked, or now; none (the database is away): render as
    // usual, which reports the error.
    let revision = match request.extensions().get::<crate::auth::ReadAt>() {
        Some(read) => read.0,
        None => match state.app.revision().await {
            Ok(revision) => revision,
            Err(_) => return next.run(request).await,
        },
    };
    let key = key_of(&request, signed);
    if let Some(entry) = state.rendered.get(revision, &key) {
        return entry.respond(request.headers());
    }
    let asked = request.headers().clone();
    let response = next.run(request).await;
    let size = response.body().size_hint().exact();
    let keep = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response.headers().contains_key(header::CONTENT_ENCODING)
        && size.is_some_and(|n| n as usize <= MAX_ENTRY);
    if !keep {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_ENTRY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let entry = Arc::new(Entry {
        etag: etag(&body),
        gzip: gzip(&parts.headers, &body),
        headers: parts.headers,
        body,
    });
    state.rendered.insert(revision, key, Arc::clone(&entry));
    entry.respond(&asked)
}

/// A strong validator: the first 16 bytes of the body's SHA-256, in hex and quotes.
fn etag(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    // Hex digits in quotes are always a valid header value.
    HeaderValue::from_str(&format!("\"{hex}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}

/// The body compressed, for text worth compressing that gets smaller.
fn gzip(headers: &HeaderMap, body: &[u8]) -> Option<Bytes> {
    let kind = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let text = kind.starts_with("text/")
        || kind.starts_with("application/json")
        || kind.starts_with("image/svg+xml");
    if !text || body.len() < MIN_GZIP {
        return None;
    }
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 4),
        flate2::Compression::default(),
    );
    encoder.write_all(body).ok()?;
    let packed = encoder.finish().ok()?;
    (packed.len() < body.len()).then(|| Bytes::from(packed))
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| p.replace(' ', "") == "q=0");
            (name == "gzip" || name == "*") && !refused
        })
}

/// `If-None-Match` names this answer's validator (or `*`).
fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    /// A signed-in page is rendered once per revision: the second request is answered from the
    /// cache (one entry, the same bytes and validator), `If-None-Match` gets a 304, gzip is
    /// offered, and a write through another handle makes the next request render afresh.
    #[tokio::test]
    async fn a_page_is_rendered_once_per_revision() {
        use liantu_model::account::{Role, Scope};
        let dir = tempfile::tempdir().unwrap();
        let app = liantu_app::App::open(&dir.path().join("r.db"), true)
            .await
            .unwrap();
        app.install_builtin_chains().await.unwrap();
        app.load_demo().await.unwrap();
        app.add_user(
            "a",
            Role::Analyst,
            Scope::default(),
            "correct horse battery",
        )
        .await
        .unwrap();
        let session = app
            .login("a", "correct horse battery", "test")
            .await
            .unwrap();
        let home = liantu_model::RegionCode::parse("450200").unwrap();
        let state = AppState::new(app.clone(), home, crate::auth::Deployment::default());
        let router = crate::router_for(state.clone(), crate::AllowedHosts::default());
        let cookie = format!("liantu_session={}", session.token);
        let get = |extra: Option<(header::HeaderName, HeaderValue)>| {
            let mut request = axum::http::Request::get("/candidates")
                .header(header::HOST, "localhost")
                .header(header::COOKIE, &cookie);
            if let Some((k, v)) = extra {
                request = request.header(k, v);
            }
            let router = router.clone();
            async move {
                let response = router
                    .oneshot(request.body(Body::empty()).unwrap())
                    .await
                    .unwrap();
                let (parts, body) = response.into_parts();
                (parts, body.collect().await.unwrap().to_bytes())
            }
        };
        let (first, body) = get(None).await;
        assert_eq!(first.status, StatusCode::OK);
        assert_eq!(state.rendered.usage().0, 1);
        let tag = first.headers[header::ETAG].clone();
        assert_eq!(first.headers[header::CACHE_CONTROL], "private, no-cache");
        let (second, again) = get(None).await;
        assert_eq!(
            (second.headers[header::ETAG].clone(), again.clone()),
            (tag.clone(), body.clone())
        );
        assert_eq!(state.rendered.usage().0, 1, "answered from the cache");

        let (not_modified, empty) = get(Some((header::IF_NONE_MATCH, tag.clone()))).await;
        assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
        assert!(empty.is_empty());

        let (zipped, packed) = get(Some((
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br"),
        )))
        .await;
        assert_eq!(zipped.headers[header::CONTENT_ENCODING], "gzip");
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&packed[..]), &mut plain)
            .unwrap();
        assert_eq!(plain, body);
        assert!(
            packed.len() * 3 < body.len(),
            "{} of {}",
            packed.len(),
            body.len()
        );

        // A write (a candidate deleted through the app, as another server would) changes the
        // revision: the cache starts afresh and the page is rendered again.
        let before = state.app.revision().await.unwrap();
        app.acting(liantu_app::Actor::Operator, "test")
            .delete_candidate("cathode-twin")
            .await
            .unwrap();
        assert_ne!(state.app.revision().await.unwrap(), before);
        let (third, changed) = get(Some((header::IF_NONE_MATCH, tag.clone()))).await;
        assert_eq!(
            third.status,
            StatusCode::OK,
            "a stale validator is not confirmed"
        );
        assert_ne!(third.headers[header::ETAG], tag);
        assert_ne!(changed, body);
        assert_eq!(
            state.rendered.usage().0,
            1,
            "the old revision's answers are gone"
        );
    }

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn gzip_is_offered_unless_refused() {
        assert!(accepts_gzip(&headers(&[(
            header::ACCEPT_ENCODING,
            "gzip, deflate, br"
        )])));
        assert!(accepts_gzip(&headers(&[(header::ACCEPT_ENCODING, "*")])));
        assert!(!accepts_gzip(&headers(&[(
            header::ACCEPT_ENCODING,
            "gzip;q=0, br"
        )])));
        assert!(!accepts_gzip(&headers(&[(header::ACCEPT_ENCODING, "br")])));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn if_none_match_lists_and_weak_forms() {
        let tag = HeaderValue::from_static("\"abc\"");
        assert!(not_modified(
            &headers(&[(header::IF_NONE_MATCH, "\"x\", W/\"abc\"")]),
            &tag
        ));
        assert!(not_modified(
            &headers(&[(header::IF_NONE_MATCH, "*")]),
            &tag
        ));
        assert!(!not_modified(
            &headers(&[(header::IF_NONE_MATCH, "\"abcd\"")]),
            &tag
        ));
    }

    /// The budget holds: the least recently used answers go first, and a new revision drops
    /// everything.
    #[test]
    fn the_budget_evicts_least_recently_used_and_a_write_drops_all() {
        let cache = RenderCache::default();
        let entry = |n: usize| {
            Arc::new(Entry {
                headers: HeaderMap::new(),
                body: Bytes::from(vec![b'x'; n]),
                gzip: None,
                etag: etag(b"x"),
            })
        };
        assert!(cache.get(1, "a").is_none());
        let big = BUDGET / 3;
        cache.insert(1, "a".into(), entry(big));
        cache.insert(1, "b".into(), entry(big));
        assert!(cache.get(1, "a").is_some(), "a is now the most recent");
        cache.insert(1, "c".into(), entry(big));
        assert_eq!(cache.usage().0, 2);
        assert!(cache.get(1, "b").is_none(), "b was least recently used");
        assert!(cache.get(1, "a").is_some() && cache.get(1, "c").is_some());
        assert!(cache.usage().1 <= BUDGET);
        // Made from revision 1 after revision 2 was seen: not kept.
        assert!(cache.get(2, "a").is_none());
        cache.insert(1, "d".into(), entry(10));
        assert_eq!(cache.usage(), (0, 0));
    }
}
