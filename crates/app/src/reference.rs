//! Regions, parks, sources and published facts, as stored; and the reference tables a city
//! loads from its own files (GB/T 4754-2017 industry codes, GB/T 2260 division codes).

use crate::{App, Result};
pub use liantu_model::records::{Fact, Park, Region, Source};

impl App {
    /// Every division in the database, by code.
    pub async fn regions(&self) -> Result<Vec<Region>> {
        Ok(self.store.regions().await?)
    }

    /// The divisions inside `area` (itself included), by code.
    pub async fn regions_within(&self, area: &liantu_model::RegionCode) -> Result<Vec<Region>> {
        Ok(self
            .regions()
            .await?
            .into_iter()
            .filter(|r| area.contains(&r.code))
            .collect())
    }

    /// Industries a form offers by code and name: the 4-digit classes of the GB/T 4754-2017
    /// table when it is loaded; otherwise the codes the chains' nodes name, each labelled with
    /// those nodes (a demo without the standard still offers the chains' industries).
    pub async fn industry_choices(
        &self,
        lang: liantu_model::Lang,
    ) -> Result<Vec<(String, String)>> {
        let classes = self.store.industry_classes().await?;
        if !classes.is_empty() {
            return Ok(classes);
        }
        let mut by_code: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for chain in self.all_chains().await? {
            for node in &chain.nodes {
                // A candidate names a class (4 digits), not a group.
                for code in node.industry_codes.iter().filter(|c| c.is_class()) {
                    let names = by_code.entry(code.to_string()).or_default();
                    let name = lang.t(&node.name_zh, &node.name_en).to_string();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
        Ok(by_code
            .into_iter()
            .map(|(code, names)| (code, names.join(lang.t("、", ", "))))
            .collect())
    }

    pub async fn parks(&self) -> Result<Vec<Park>> {
        Ok(self.store.parks().await?)
    }

    pub async fn sources(&self) -> Result<Vec<Source>> {
        Ok(self.store.sources().await?)
    }

    /// Published indicators with their sources and as-of dates.
    pub async fn facts(&self) -> Result<Vec<Fact>> {
        Ok(self.store.facts().await?)
    }
}
