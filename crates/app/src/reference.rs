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
