//! The top menu's changing entries: the installed chains and the chemical parks (whose symbiosis
//! pages exist). Loaded once per page request by a layer, read by `base.html` while rendering.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// A menu entry: where it goes, and its Chinese and English names.
#[derive(Debug, Clone)]
pub struct Entry {
    pub href: String,
    zh: String,
    en: String,
}

impl Entry {
    pub fn name(&self, lang: &crate::lang::Lang) -> &str {
        lang.t(&self.zh, &self.en)
    }
}

#[derive(Debug, Clone, Default)]
struct Menu {
    chains: Vec<Entry>,
    parks: Vec<Entry>,
}

tokio::task_local! {
    static MENU: Menu;
}

/// The chains of the menu (empty outside a page request).
pub fn chains() -> Vec<Entry> {
    MENU.try_with(|m| m.chains.clone()).unwrap_or_default()
}

/// The parks of the menu; empty for an account that may not open the symbiosis pages.
pub fn parks() -> Vec<Entry> {
    if !crate::auth::sees_city_work() {
        return Vec::new();
    }
    MENU.try_with(|m| m.parks.clone()).unwrap_or_default()
}

/// Layer (inside the sign-in layer): a signed-in request for a page gets the menu's entries. A failure
/// to read them leaves the menu without them rather than failing the page.
pub(crate) async fn with_menu(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    // Pages only (a form post may answer with its page again); not downloads or the API.
    let path = request.uri().path();
    let page = !path.starts_with("/api/")
        && !path.starts_with("/static/")
        && !path.starts_with("/lang/")
        && !path.contains('.');
    if !page || crate::auth::current().is_none() {
        return next.run(request).await;
    }
    let mut menu = Menu::default();
    if let Ok(chains) = state.app.chains().await {
        menu.chains = chains
            .into_iter()
            .map(|c| Entry {
                href: format!("/chains/{}", c.id),
                zh: c.name_zh,
                en: c.name_en,
            })
            .collect();
    }
    if let Ok(parks) = state.app.parks().await {
        menu.parks = parks
            .into_iter()
            .filter(|p| p.kind == "chemical")
            .map(|p| Entry {
                href: format!("/parks/{}/symbiosis", p.id),
                zh: p.name_zh,
                en: p.name_en,
            })
            .collect();
    }
    MENU.scope(menu, next.run(request)).await
}
