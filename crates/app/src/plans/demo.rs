//! The demo's annual plans for 2025 (illustrative targets): one per built-in chain and one per
//! county or district, and a mid-year revision of the forestry plan with its reason — so the
//! plan pages show targets against the demo data, 序时 and a version history.

use crate::{App, Result};

const PLANS: &[&str] = &[
    include_str!("../../../../data/demo/plans/chemical-2025.toml"),
    include_str!("../../../../data/demo/plans/county-450202-2025.toml"),
    include_str!("../../../../data/demo/plans/county-450203-2025.toml"),
    include_str!("../../../../data/demo/plans/county-450204-2025.toml"),
    include_str!("../../../../data/demo/plans/county-450205-2025.toml"),
    include_str!("../../../../data/demo/plans/county-450206-2025.toml"),
    include_str!("../../../../data/demo/plans/county-450222-2025.toml"),
    include_str!("../../../../data/demo/plans/county-450223-2025.toml"),
    include_str!("../../../../data/demo/plans/county-450224-2025.toml"),
    include_str!("../../../../data/demo/plans/county-450225-2025.toml"),
    include_str!("../../../../data/demo/plans/county-450226-2025.toml"),
    include_str!("../../../../data/demo/plans/forestry-2025.toml"),
    include_str!("../../../../data/demo/plans/luosifen-2025.toml"),
    include_str!("../../../../data/demo/plans/nev-battery-2025.toml"),
];

const FORESTRY_REVISION: &str = include_str!("../../../../data/demo/plans/forestry-2025.v2.toml");

impl App {
    /// Loads the demo plans unless plans are already recorded (returns how many were loaded).
    pub async fn load_demo_plans(&self) -> Result<usize> {
        if !self.store.latest_plans().await?.is_empty() {
            return Ok(0);
        }
        for text in PLANS {
            self.save_plan(text, None).await?;
        }
        self.save_plan(
            FORESTRY_REVISION,
            Some("（示例）年中评估：两个项目供地推迟，开工与完成投资目标下调"),
        )
        .await?;
        Ok(PLANS.len())
    }
}
