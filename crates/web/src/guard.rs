//! The layers that keep other sites out (there are no accounts yet, so these are the guard):
//! - the `Host` a request names must be this server — an IP address, `localhost`, or a name the
//!   operator allowed — so a hostile domain that resolves to it (DNS rebinding) reads nothing;
//! - a state-changing request must show it comes from this site: an `Origin` naming this host,
//!   else a `Referer` on this host, else `Sec-Fetch-Site: same-origin`; a request with none of
//!   them is refused;
//! - every response forbids framing, sniffing and loading anything from another host.

use crate::error::{Failure, PageError};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;
use std::sync::Arc;

/// Host names the server answers to besides IP addresses and `localhost`.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts(pub Arc<Vec<String>>);

impl AllowedHosts {
    pub fn new(names: impl IntoIterator<Item = String>) -> AllowedHosts {
        AllowedHosts(Arc::new(
            names
                .into_iter()
                .map(|n| n.trim().to_ascii_lowercase())
                .filter(|n| !n.is_empty())
                .collect(),
        ))
    }

    /// True for `host[:port]` naming an IP address, `localhost` or an allowed name.
    pub fn allows(&self, authority: &str) -> bool {
        let host = host_part(authority).to_ascii_lowercase();
        host == "localhost"
            || host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok()
            || self.0.contains(&host)
    }
}

/// `example.org:8080` → `example.org`; `[::1]:80` → `[::1]`.
fn host_part(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority
            .find(']')
            .map_or(authority, |end| &authority[..=end]);
    }
    authority.rsplit_once(':').map_or(authority, |(h, _)| h)
}

/// Layer: refuses a request whose `Host` is not this server (no `Host`: only non-browser
/// clients send none, and they cannot be rebound).
pub(crate) async fn known_host(
    State(hosts): State<AllowedHosts>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    match host {
        Some(h) if !hosts.allows(h) => PageError(Failure::BadRequest(format!(
            "未知的主机名 '{h}'：请用服务器的地址访问，或让管理员用 --allowed-host 允许它 / unknown host '{h}': use the server's address, or ask the administrator to allow it with --allowed-host"
        )))
        .into_response(),
        _ => next.run(request).await,
    }
}

/// Layer: a state-changing request (anything but GET, HEAD, OPTIONS) must come from this site.
pub(crate) async fn same_origin_writes(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || from_this_site(request.headers())
    {
        return next.run(request).await;
    }
    PageError(Failure::BadRequest(
        "拒绝来自其他网站或来源不明的提交 / a submission from another site, or of unknown origin, was refused".into(),
    ))
    .into_response()
}

/// `Origin` (or, without one, `Referer`) is http(s) on the request's own `Host`; or the browser
/// says `Sec-Fetch-Site: same-origin`.
fn from_this_site(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let Some(host) = text(header::HOST) else {
        return false;
    };
    let same_host = |url: &str| {
        let rest = url
            .strip_prefix("http://")
            .or_else(|| url.strip_prefix("https://"));
        rest.is_some_and(|r| {
            let authority = r.split(['/', '?', '#']).next().unwrap_or("");
            authority.eq_ignore_ascii_case(host)
        })
    };
    if let Some(origin) = text(header::ORIGIN) {
        return same_host(origin);
    }
    if let Some(referer) = text(header::REFERER) {
        return same_host(referer);
    }
    text(axum::http::HeaderName::from_static("sec-fetch-site")) == Some("same-origin")
}

/// Layer: headers that keep pages from being framed, sniffed or made to load other hosts.
pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// The language switch's return address: a path on this site, or `/`. Anything that a browser
/// could resolve to another host (`//x`, `/\x`, control characters or spaces that it strips) or
/// that is no valid header value is refused.
pub(crate) fn same_site_path(back: Option<&str>) -> String {
    back.filter(|b| {
        b.starts_with('/')
            && !b.starts_with("//")
            && !b.starts_with("/\\")
            && b.bytes().all(|c| c.is_ascii_graphic())
            && !b.contains('\\')
            && HeaderValue::from_str(b).is_ok()
    })
    .unwrap_or("/")
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_addresses_localhost_or_allowed_names() {
        let hosts = AllowedHosts::new(["liantu.gov.cn".to_string()]);
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "[::1]:8080",
            "10.1.2.3",
            "LIANTU.gov.cn:443",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "localhost.evil.example",
            "liantu.gov.cn.evil",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
    }

    #[test]
    fn writes_need_a_same_site_origin_referer_or_fetch_site() {
        let h = |pairs: &[(&str, &str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(
                    axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                    HeaderValue::from_str(v).unwrap(),
                );
            }
            m
        };
        let host = ("host", "127.0.0.1:8080");
        assert!(from_this_site(&h(&[
            host,
            ("origin", "http://127.0.0.1:8080")
        ])));
        assert!(from_this_site(&h(&[
            host,
            ("referer", "http://127.0.0.1:8080/x?y")
        ])));
        assert!(from_this_site(&h(&[
            host,
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!from_this_site(&h(&[host])), "no origin at all");
        assert!(!from_this_site(&h(&[host, ("origin", "null")])));
        assert!(!from_this_site(&h(&[
            host,
            ("origin", "evil://127.0.0.1:8080")
        ])));
        assert!(!from_this_site(&h(&[
            host,
            ("origin", "http://evil.example")
        ])));
        assert!(!from_this_site(&h(&[
            host,
            ("referer", "http://127.0.0.1:8080.evil.example/")
        ])));
        assert!(!from_this_site(&h(&[
            host,
            ("sec-fetch-site", "cross-site")
        ])));
    }

    #[test]
    fn the_language_switch_returns_only_to_this_site() {
        assert_eq!(
            same_site_path(Some("/chains/x?region=450200")),
            "/chains/x?region=450200"
        );
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n",
            "/\0",
            "/\r\n",
            "https://evil.example",
            "/ x",
        ] {
            assert_eq!(same_site_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(same_site_path(None), "/");
    }
}
