//! The chain map: the chain drawn with each node's status, local firm count and output, linking
//! to the node pages, under a title naming the region and year and over its sources; rendered
//! once per revision and language.

use crate::{App, DiagnosisRequest, Result};
use liantu_model::Lang;
use std::sync::Arc;

impl App {
    /// The chain map SVG of a diagnosis; `standalone` adds what a downloaded file needs (XML
    /// declaration, embedded style).
    pub async fn chain_map(
        &self,
        request: &DiagnosisRequest,
        lang: Lang,
        standalone: bool,
    ) -> Result<Arc<String>> {
        let key = (
            (request.chain.clone(), request.region, request.year),
            lang,
            standalone,
        );
        self.cached(&self.caches.maps, key, async || {
            let chain = self.chain(&request.chain).await?;
            let report = self.chain_diagnosis(request).await?;
            let region = report.region.code;
            let decorations: Vec<liantu_chainmap::NodeDecoration> = chain
                .nodes
                .iter()
                .map(|n| {
                    let view = report.nodes.iter().find(|v| v.id == n.id);
                    liantu_chainmap::NodeDecoration {
                        status: view.map(|v| v.status),
                        enterprise_count: view.map(|v| v.enterprise_count),
                        href: Some(crate::diagnosis::node_href(&chain.id, &n.id, &region)),
                        tooltip: view.map(|v| lang.t(&v.reason_zh, &v.reason_en).to_string()),
                        output: view.map(|v| v.output),
                    }
                })
                .collect();
            let frame = liantu_chainmap::MapFrame {
                region: lang
                    .t(&report.region.name_zh, &report.region.name_en)
                    .to_string(),
                year: report.year,
                source: report.source_line(lang),
                illustrative: report.illustrative,
            };
            Ok(liantu_chainmap::render_svg(
                &chain,
                &decorations,
                &liantu_chainmap::MapOptions {
                    lang,
                    legend: true,
                    standalone,
                    frame: Some(frame),
                },
            ))
        })
        .await
    }
}

/// The chain map's stylesheet, for pages that show maps inline.
pub const MAP_STYLE: &str = liantu_chainmap::STYLE;
