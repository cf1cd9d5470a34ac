//! Enterprise search and detail.

use crate::{App, AppError, Result};
use liantu_model::Uscc;
pub use liantu_store::{
    EnterpriseDetail, EnterpriseFilter, EnterprisePage, EnterpriseSummary, MembershipDetail,
    TradingPartner,
};

impl App {
    /// One page of enterprises matching `filter`, with the total count.
    pub async fn enterprises(
        &self,
        filter: &EnterpriseFilter,
        offset: i64,
        limit: i64,
    ) -> Result<EnterprisePage> {
        let mut page = self.store.enterprises(filter, offset, limit).await?;
        // An enterprise account sees the register (names, places, industries), not other
        // firms' output.
        for item in &mut page.items {
            if !self.may_see_firm(&item.uscc) {
                item.latest_output = None;
                item.latest_year = None;
            }
        }
        Ok(page)
    }

    /// An enterprise with its yearly figures and memberships; the code is checked first.
    pub async fn enterprise(&self, uscc: &str) -> Result<EnterpriseDetail> {
        let (code, _) = Uscc::parse(uscc).map_err(|e| AppError::invalid(e.to_string()))?;
        if !self.may_see_firm(code.as_str()) {
            self.require_read(crate::ReadArea::FirmFigures)?;
        }
        self.store.enterprise(code.as_str()).await?.ok_or_else(|| {
            AppError::not_found(format!(
                "没有统一社会信用代码为 {code} 的企业 / no enterprise with USCC {code}"
            ))
        })
    }

    /// The firms `uscc` buys from and sells to (latest year with links), largest first. The
    /// same firms an enterprise page may show: its own for an enterprise account.
    pub async fn trading_partners(
        &self,
        uscc: &str,
    ) -> Result<(Vec<crate::TradingPartner>, Vec<crate::TradingPartner>)> {
        let (code, _) = Uscc::parse(uscc).map_err(|e| AppError::invalid(e.to_string()))?;
        if !self.may_see_firm(code.as_str()) {
            self.require_read(crate::ReadArea::FirmFigures)?;
        }
        Ok((
            self.store.trading_partners(code.as_str(), true).await?,
            self.store.trading_partners(code.as_str(), false).await?,
        ))
    }
}
