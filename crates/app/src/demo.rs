//! Creating a database: the built-in chains, and the Liuzhou demo data set.

use crate::{App, Result};
use liantu_store::LoadSummary;

impl App {
    /// Loads the Liuzhou demo data set in one transaction, then its panel and candidates. The
    /// built-in chains must be installed.
    pub async fn load_demo(&self) -> Result<LoadSummary> {
        self.require_write(crate::WriteTarget::City).await?;
        let data = liantu_demo::dataset()?;
        let summary = self.store.load_dataset(&data).await?;
        self.install_demo_panel().await?;
        self.load_demo_candidates().await?;
        self.load_demo_projects().await?;
        self.load_demo_plans().await?;
        Ok(summary)
    }
}

pub use liantu_store::LoadSummary as DemoSummary;
