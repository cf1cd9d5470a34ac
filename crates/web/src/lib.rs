//! The liantu web app: server-rendered pages (askama, zh-CN first with an English switch), SVG
//! chain maps, CSV/XLSX downloads, and the JSON API under `/api/v1` with its OpenAPI document.
//! Nothing is loaded from another host; the few static files are compiled in.

mod admin;
mod api;
mod api_params;
mod assets;
pub mod auth;
mod candidates;
mod chains;
mod charts;
mod county_map;
mod coupling;
mod economy;
mod enterprises;
mod error;
mod facts;
mod format;
mod growth;
mod guard;
mod health;
mod home;
mod ids;
mod innovation;
mod invest;
mod kg;
mod lang;
pub mod metrics;
mod nav;
mod params;
mod park;
mod park_flow;
mod plans;
mod project_charts;
mod projects;
mod quadrant;
mod render;
pub mod render_once;
mod skills;
mod state;
mod tags;
mod upload;
mod whatif;

pub use api::ApiDoc;
pub use state::AppState;

use axum::routing::{get, post};
use axum::{Router, middleware};
use liantu_app::App;
use liantu_model::RegionCode;
use std::future::Future;
use std::net::SocketAddr;

/// Registers the API routes and records their paths, so a test can check each one is in the
/// OpenAPI document.
macro_rules! api_routes {
    ($($path:literal => $handler:path),* $(,)?) => {
        /// Every path served under `/api/v1` (axum and OpenAPI share the `{param}` syntax).
        pub const API_PATHS: &[&str] = &[$($path),*];

        fn api_router() -> Router<AppState> {
            Router::new()$(.route($path, get($handler)))*
        }
    };
}

api_routes! {
    "/api/v1/chains" => api::list_chains,
    "/api/v1/chains/{id}" => api::get_chain,
    "/api/v1/chains/{id}/diagnosis" => api::get_diagnosis,
    "/api/v1/chains/{id}/occupations" => api::get_chain_occupations,
    "/api/v1/chains/{id}/skills" => skills::skills_api,
    "/api/v1/chains/{id}/fusion" => innovation::fusion_api,
    "/api/v1/innovation" => innovation::innovation_api,
    "/api/v1/economy" => economy::economy_api,
    "/api/v1/coupling" => coupling::coupling_api,
    "/api/v1/enterprises" => api::list_enterprises,
    "/api/v1/enterprises/{uscc}" => api::get_enterprise,
    "/api/v1/panels" => growth::panels,
    "/api/v1/growth" => growth::api,
    "/api/v1/parks/{id}/symbiosis" => park::api,
    "/api/v1/ranking" => invest::ranking_api,
    "/api/v1/grading" => invest::grading_api,
    "/api/v1/candidates" => whatif::candidates_api,
    "/api/v1/whatif" => whatif::api,
    "/api/v1/scenarios" => whatif::scenarios_api,
    "/api/v1/tags" => tags::api,
    "/api/v1/kg/search" => kg::search_api,
    "/api/v1/projects" => projects::board_api,
    "/api/v1/projects/{id}" => projects::project_api,
    "/api/v1/problems" => projects::problems_api,
    "/api/v1/plans" => plans::plans_api,
    "/api/v1/plans/{id}" => plans::plan_api,
}

pub use guard::AllowedHosts;

/// How the web app is set up.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The city the app is about; the default region of every view.
    pub home_region: RegionCode,
    /// Host names it answers to besides IP addresses and `localhost`.
    pub allowed_hosts: AllowedHosts,
    /// Cookies and client addresses behind TLS or a proxy.
    pub deployment: auth::Deployment,
}

impl WebConfig {
    pub fn new(home_region: RegionCode) -> WebConfig {
        WebConfig {
            home_region,
            allowed_hosts: AllowedHosts::default(),
            deployment: auth::Deployment::default(),
        }
    }
}

/// The whole application, answering to IP addresses and `localhost` only.
pub fn router(app: App, home_region: RegionCode) -> Router {
    router_with(app, WebConfig::new(home_region))
}

/// The whole application.
pub fn router_with(app: App, config: WebConfig) -> Router {
    let state = AppState::new(app, config.home_region, config.deployment);
    router_for(state, config.allowed_hosts)
}

/// The whole application on `state` (tests keep the state to look inside its caches).
fn router_for(state: AppState, allowed_hosts: AllowedHosts) -> Router {
    let pages = Router::new()
        .route("/", get(home::home))
        .route("/glossary", get(home::glossary))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/admin/audit", get(admin::audit_page))
        .route("/admin/audit.xlsx", get(admin::audit_download))
        .route("/chains/{id}", get(chains::chain_page))
        .route("/chains/{id}/map.svg", get(chains::chain_svg))
        .route("/chains/{id}/brief.docx", get(chains::chain_brief))
        .route("/coupling", get(coupling::coupling_page))
        .route("/coupling/map.svg", get(coupling::coupling_svg))
        .route("/economy", get(economy::economy_page))
        .route("/chains/{id}/counties", get(county_map::county_page))
        .route("/chains/{id}/counties.svg", get(county_map::county_svg))
        .route("/chains/{id}/diagnosis", get(chains::diagnosis_page))
        .route("/chains/{id}/skills", get(skills::skills_page))
        .route("/chains/{id}/fusion", get(innovation::fusion_page))
        .route("/innovation", get(innovation::innovation_page))
        .route("/chains/{id}/diagnosis.csv", get(chains::diagnosis_csv))
        .route("/chains/{id}/diagnosis.xlsx", get(chains::diagnosis_xlsx))
        .route("/chains/{id}/nodes/{node}", get(chains::node_page))
        .route("/enterprises", get(enterprises::enterprises_page))
        .route("/enterprises.xlsx", get(enterprises::enterprises_download))
        .route("/enterprises/{uscc}", get(enterprises::enterprise_page))
        .route("/parks/{id}/symbiosis", get(park::page))
        .route("/invest", get(invest::ranking_page))
        .route("/invest.xlsx", get(invest::ranking_download))
        .route("/candidates", get(candidates::list).post(candidates::save))
        .route("/candidates.csv", get(candidates::csv_download))
        .route("/candidates.xlsx", get(candidates::xlsx_download))
        .route("/candidates/new", get(candidates::new_form))
        .route("/candidates/{id}/edit", get(candidates::edit_form))
        .route("/candidates/{id}/delete", post(candidates::delete))
        .route("/projects", get(projects::board_page))
        .route("/projects.xlsx", get(projects::board_download))
        .route("/projects/brief.docx", get(projects::monthly_brief))
        .route(
            "/projects/from-candidate",
            post(projects::from_candidate_post),
        )
        .route("/projects/{id}", get(projects::project_page))
        .route("/projects/{id}/stage", post(projects::stage_post))
        .route("/projects/{id}/enterprise", post(projects::commission_post))
        .route("/projects/{id}/reports", post(projects::report_post))
        .route("/projects/{id}/problems", post(projects::problem_post))
        .route("/problems", get(projects::problems_page))
        .route("/plans", get(plans::plans_page).post(plans::plans_post))
        .route("/plans/{id}", get(plans::plan_page))
        .route("/plans/{id}/revise", post(plans::plan_revise_post))
        .route("/problems.xlsx", get(projects::problems_download))
        .route("/problems/{id}", get(projects::problem_page))
        .route("/problems/{id}/step", post(projects::problem_step_post))
        .route("/whatif", get(whatif::page))
        .route("/scenarios", get(whatif::list).post(whatif::save))
        .route("/scenarios/{id}/delete", post(whatif::delete))
        .route(
            "/import",
            get(upload::form)
                .post(upload::upload)
                .layer(axum::extract::DefaultBodyLimit::max(upload::MAX_UPLOAD)),
        )
        .route("/import/templates/{file}", get(upload::template))
        .route("/kg", get(kg::page))
        .route("/kg/draft.toml", get(kg::draft))
        .route("/tags", get(tags::page))
        .route("/tags/decide", post(tags::decide))
        .route("/innovation/needs", post(innovation::need_status))
        .route(
            "/chains/{id}/nodes/{node}/occupations",
            post(chains::decide_occupations),
        )
        .route("/tags/run", post(tags::run))
        .route("/grading", get(invest::grading_page))
        .route("/grading.xlsx", get(invest::grading_download))
        .route("/growth", get(growth::page))
        .route("/growth.csv", get(growth::csv_download))
        .route("/growth.xlsx", get(growth::xlsx_download))
        .route("/lang/{code}", get(assets::set_lang))
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .route("/static/style.css", get(assets::stylesheet))
        .route("/static/app.js", get(assets::script))
        // Every write (a form post) must come from this site.
        .route_layer(middleware::from_fn(guard::same_origin_writes))
        // The menu's chains and parks, for the page header.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            nav::with_menu,
        ));
    let api = api_router()
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/{*rest}", get(api::not_found));
    pages
        .merge(api)
        .fallback(render::not_found)
        // A signed-in GET answered before at this revision is answered from memory.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            render_once::render_once,
        ))
        // Who is signed in; anonymous requests stop here, cookie-signed writes need the CSRF
        // token.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::signed_in,
        ))
        // A page's failure becomes an HTML page in the reader's language (API errors are JSON
        // already and pass through).
        .layer(middleware::from_fn(render::error_pages))
        .layer(middleware::from_fn_with_state(
            allowed_hosts,
            guard::known_host,
        ))
        .layer(middleware::from_fn(guard::security_headers))
        .layer(render::catch_panics())
        // Outermost: one log line and the counts per request, whatever answered it.
        .layer(middleware::from_fn(metrics::observe))
        .with_state(state)
}

/// Serves until `shutdown` completes, then finishes the requests in flight.
pub async fn serve(
    app: App,
    home_region: RegionCode,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(app, WebConfig::new(home_region), listener, shutdown).await
}

/// [`serve`] with a full configuration.
pub async fn serve_with(
    app: App,
    config: WebConfig,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    tokio::spawn(warm_up(
        app.acting(liantu_app::Actor::Operator, "warm-up"),
        config.home_region,
    ));
    let service = router_with(app, config).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

/// After the server starts and after every write, builds the home region's diagnoses, grades,
/// coupling, economy sums and ranking context in the background (`App::warm_caches`), so the
/// first reader of the home, chain, enterprise, coupling, economy, 亩均 or ranking page finds
/// them ready instead of waiting for them (seconds at a province's size). Checks the revision
/// every [`WARM_EVERY`]; a failure is logged and tried again at the next change.
async fn warm_up(app: App, region: RegionCode) {
    let mut warmed: Option<i64> = None;
    loop {
        if let Ok(revision) = app.revision().await
            && warmed != Some(revision)
        {
            let started = std::time::Instant::now();
            match app.warm_caches(region).await {
                Ok(()) => {
                    warmed = Some(revision);
                    tracing::info!(
                        revision,
                        seconds = started.elapsed().as_secs_f64(),
                        "warm-up done: the home region's views are ready"
                    );
                }
                Err(e) => tracing::warn!("warm-up: {e}"),
            }
        }
        tokio::time::sleep(WARM_EVERY).await;
    }
}

/// How often the warm-up looks for a write.
const WARM_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Binds `addr`, with a clear message when the port is taken.
pub async fn bind(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("无法监听 {addr} / cannot listen on {addr}: {e}"),
        )
    })
}
