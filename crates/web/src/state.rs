//! Shared state: the store, and caches of derived results keyed by the store's revision, so
//! repeated page views cost a lookup while any write (an import, a CLI load) is seen at once.

use crate::error::Failure;
use crate::lang::Lang;
use liantu_app::{DiagnosisReport, DiagnosisRequest};
use liantu_chain::Chain;
use liantu_model::RegionCode;
use liantu_store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// The city the app is about; the default region of every view.
    pub home_region: RegionCode,
    cache: Arc<Mutex<Cache>>,
}

type ReportKey = (String, RegionCode, Option<i32>);

#[derive(Default)]
struct Cache {
    revision: i64,
    chains: HashMap<String, Arc<Chain>>,
    reports: HashMap<ReportKey, Arc<DiagnosisReport>>,
    maps: HashMap<(ReportKey, Lang, bool), Arc<String>>,
    nodes: HashMap<(ReportKey, String), Arc<liantu_app::NodeDetail>>,
    kg: Option<Arc<liantu_kg::Graph>>,
}

impl AppState {
    pub fn new(store: Store, home_region: RegionCode) -> AppState {
        AppState {
            store,
            home_region,
            cache: Arc::new(Mutex::new(Cache::default())),
        }
    }

    /// Runs `f` on the cache after dropping it if the store has changed since.
    async fn with_cache<T>(&self, f: impl FnOnce(&mut Cache) -> T) -> Result<T, Failure> {
        let revision = self.store.revision().await?;
        // A poisoned lock only means another request panicked mid-update: start afresh.
        let mut cache = self.cache.lock().unwrap_or_else(|p| {
            let mut guard = p.into_inner();
            *guard = Cache::default();
            guard
        });
        if cache.revision != revision {
            *cache = Cache {
                revision,
                ..Cache::default()
            };
        }
        Ok(f(&mut cache))
    }

    /// The stored product knowledge graph, loaded once per revision (≈0.5 s for the shared
    /// graph); `None` before `liantu kg import`.
    pub async fn kg(&self) -> Result<Option<Arc<liantu_kg::Graph>>, Failure> {
        if let Some(g) = self.with_cache(|c| c.kg.clone()).await? {
            return Ok(Some(g));
        }
        let Some(data) = self.store.kg().await? else {
            return Ok(None);
        };
        let graph = Arc::new(liantu_kg::Graph::new(data));
        self.with_cache(|c| c.kg = Some(graph.clone())).await?;
        Ok(Some(graph))
    }

    pub async fn chain(&self, id: &str) -> Result<Arc<Chain>, Failure> {
        if let Some(c) = self.with_cache(|c| c.chains.get(id).cloned()).await? {
            return Ok(c);
        }
        let chain = self.store.chain(id).await?.ok_or_else(|| {
            Failure::NotFound(format!("未知的产业链 '{id}' / unknown chain '{id}'"))
        })?;
        let chain = Arc::new(chain);
        self.with_cache(|c| c.chains.insert(id.to_string(), chain.clone()))
            .await?;
        Ok(chain)
    }

    pub async fn diagnosis(
        &self,
        chain: &str,
        region: RegionCode,
        year: Option<i32>,
    ) -> Result<Arc<DiagnosisReport>, Failure> {
        let key = (chain.to_string(), region, year);
        if let Some(r) = self.with_cache(|c| c.reports.get(&key).cloned()).await? {
            return Ok(r);
        }
        let mut request = DiagnosisRequest::new(chain, region);
        request.year = year;
        let report = Arc::new(liantu_app::chain_diagnosis(&self.store, &request).await?);
        self.with_cache(|c| c.reports.insert(key, report.clone()))
            .await?;
        Ok(report)
    }

    /// The node page's data; `NotFound` when the chain has no such node.
    pub async fn node_detail(
        &self,
        chain: &str,
        region: RegionCode,
        year: Option<i32>,
        node: &str,
    ) -> Result<Arc<liantu_app::NodeDetail>, Failure> {
        let key = ((chain.to_string(), region, year), node.to_string());
        if let Some(d) = self.with_cache(|c| c.nodes.get(&key).cloned()).await? {
            return Ok(d);
        }
        let mut request = DiagnosisRequest::new(chain, region);
        request.year = year;
        let detail = liantu_app::node_detail(&self.store, &request, node)
            .await?
            .ok_or_else(|| {
                Failure::NotFound(format!(
                    "产业链 {chain} 中没有环节 '{node}' / chain {chain} has no node '{node}'"
                ))
            })?;
        let detail = Arc::new(detail);
        self.with_cache(|c| c.nodes.insert(key, detail.clone()))
            .await?;
        Ok(detail)
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
        let key = ((chain.to_string(), region, year), lang, standalone);
        if let Some(svg) = self.with_cache(|c| c.maps.get(&key).cloned()).await? {
            return Ok(svg);
        }
        let definition = self.chain(chain).await?;
        let report = self.diagnosis(chain, region, year).await?;
        let svg = Arc::new(crate::pages::render_map(
            &definition,
            &report,
            lang,
            standalone,
        ));
        self.with_cache(|c| c.maps.insert(key, svg.clone())).await?;
        Ok(svg)
    }
}
