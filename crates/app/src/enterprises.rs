//! Enterprise search and detail.

use crate::{App, AppError, Result};
use liantu_model::{Ownership, Uscc};
pub use liantu_store::{
    EnterpriseDetail, EnterpriseFilter, EnterprisePage, EnterpriseSummary, MembershipDetail,
    TradingPartner,
};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};

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

    /// Every enterprise matching `filter` (all pages) as a table, for the list's download. It
    /// carries every firm's output, so only accounts that may read firm figures get it.
    pub async fn enterprise_list_table(&self, filter: &EnterpriseFilter) -> Result<Table> {
        self.require_read(crate::ReadArea::FirmFigures)?;
        let page = self.store.enterprises(filter, 0, i64::MAX).await?;
        let parks = self.parks().await?;
        Ok(enterprise_list_table(&page.items, &parks))
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

/// Enterprises as a table (the enterprise list's download).
pub fn enterprise_list_table(items: &[EnterpriseSummary], parks: &[crate::Park]) -> Table {
    let mut t = Table::new(
        Text::new("企业", "Enterprises"),
        vec![
            Column::new("name", "企业名称", "Name", ColumnKind::Text).width(30.0),
            Column::new("uscc", "统一社会信用代码", "USCC", ColumnKind::Text).width(20.0),
            Column::new("region", "区域代码", "Region code", ColumnKind::Text),
            Column::new("region_name", "区域", "Region", ColumnKind::Text),
            Column::new("park", "园区", "Park", ColumnKind::Local),
            Column::new(
                "ownership",
                "所有制",
                "Ownership",
                ColumnKind::Label { badge: false },
            ),
            Column::new(
                "above_scale",
                "规上",
                "Above scale",
                ColumnKind::Label { badge: false },
            ),
            Column::new("industry", "行业代码", "Industry code", ColumnKind::Text),
            Column::new(
                "latest_output",
                "最新产值（万元）",
                "Latest output (万元)",
                ColumnKind::Money,
            ),
            Column::new("latest_year", "产值年份", "Output year", ColumnKind::Count),
        ],
    );
    for e in items {
        let ownership = match e.ownership.parse::<Ownership>() {
            Ok(o) => Cell::label(o.key(), o.label_zh(), o.label_en()),
            Err(_) => Cell::text(&e.ownership),
        };
        let scale = if e.above_scale {
            Cell::label("1", "是", "yes")
        } else {
            Cell::label("0", "否", "no")
        };
        t.push(vec![
            Cell::text(&e.name),
            Cell::text(&e.uscc),
            Cell::text(&e.region),
            Cell::optional(e.region_name.as_ref(), Cell::text),
            Cell::optional(e.park.as_ref(), |id| {
                match parks.iter().find(|p| &p.id == id) {
                    Some(p) => Cell::local(&p.name_zh, &p.name_en),
                    None => Cell::text(id),
                }
            }),
            ownership,
            scale,
            Cell::optional(e.industry_code.as_ref(), Cell::text),
            Cell::optional(e.latest_output, Cell::Money),
            Cell::optional(e.latest_year, |y| Cell::Count(i64::from(y))),
        ]);
    }
    t
}
