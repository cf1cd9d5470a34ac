//! Shared state: the [`App`] every handler goes through, and the city the pages are about.
//! Derived results are cached per store revision inside `App`.

use crate::error::Failure;
use crate::lang::Lang;
use liantu_app::{App, Chain, DiagnosisReport, DiagnosisRequest, NodeDetail};
use liantu_model::RegionCode;
use std::sync::Arc;

/// Cloned by every layer and handler of every request, so one pointer: cloning the fields
/// (a dozen reference counts, shared by both cores) was a fifth of a cached page's cost.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    /// Outside a handler, an app acting for nobody (it may write nothing); handlers get one
    /// acting for the signed-in account through [`crate::auth::Acting`].
    pub app: App,
    /// The city the app is about; the default region of every view.
    pub home_region: RegionCode,
    pub deployment: crate::auth::Deployment,
    /// Answers rendered at the current revision ([`crate::render_once`]).
    pub rendered: Arc<crate::render_once::RenderCache>,
}

/// A diagnosis request for a chain, region and year (`None`: the latest).
pub(crate) fn request(chain: &str, region: RegionCode, year: Option<i32>) -> DiagnosisRequest {
    let mut request = DiagnosisRequest::new(chain, region);
    request.year = year;
    request
}

impl AppState {
    pub fn new(app: App, home_region: RegionCode, deployment: crate::auth::Deployment) -> AppState {
        AppState(Arc::new(Shared {
            app: app.acting(liantu_app::Actor::Anonymous, "web"),
            home_region,
            deployment,
            rendered: Arc::default(),
        }))
    }

    /// The same state with another app (one acting for the signed-in account).
    pub fn with_app(&self, app: App) -> AppState {
        AppState(Arc::new(Shared {
            app,
            home_region: self.home_region,
            deployment: self.deployment.clone(),
            rendered: Arc::clone(&self.rendered),
        }))
    }

    /// The stored product knowledge graph, loaded once per revision; `None` before
    /// `liantu kg import`.
    pub async fn kg(&self) -> Result<Option<Arc<liantu_app::kg::Graph>>, Failure> {
        Ok(self.app.kg_graph().await?)
    }

    pub async fn chain(&self, id: &str) -> Result<Arc<Chain>, Failure> {
        Ok(self.app.chain(id).await?)
    }

    pub async fn diagnosis(
        &self,
        chain: &str,
        region: RegionCode,
        year: Option<i32>,
    ) -> Result<Arc<DiagnosisReport>, Failure> {
        Ok(self
            .app
            .chain_diagnosis(&request(chain, region, year))
            .await?)
    }

    /// The node page's data; `NotFound` when the chain has no such node.
    pub async fn node_detail(
        &self,
        chain: &str,
        region: RegionCode,
        year: Option<i32>,
        node: &str,
    ) -> Result<Arc<NodeDetail>, Failure> {
        Ok(self
            .app
            .node_detail(&request(chain, region, year), node)
            .await?)
    }

    /// The chain map SVG for a diagnosis, rendered once per revision.
    pub async fn chain_map(
        &self,
        chain: &str,
        region: RegionCode,
        year: Option<i32>,
        lang: Lang,
        standalone: bool,
    ) -> Result<Arc<String>, Failure> {
        Ok(self
            .app
            .chain_map(&request(chain, region, year), lang.model(), standalone)
            .await?)
    }
}
