//! Yearly figures of an area's firms summed by ownership and kind (民营经济 indicators).

use crate::{Result, Store};
use liantu_model::RegionCode;
use sqlx::Row;

/// Sums over the area's firms of one ownership, kind and year; `*_firms` count the firms that
/// reported the figure (a sum over fewer firms than `firms` is partial).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EconomyGroup {
    pub ownership: String,
    pub year: i32,
    pub above_scale: bool,
    pub high_tech: bool,
    pub specialized: bool,
    pub firms: i64,
    pub va_firms: i64,
    pub value_added: f64,
    /// Firms reporting both R&D expense and revenue, and those two sums over them.
    pub rd_firms: i64,
    pub rd_expense: f64,
    pub rd_revenue: f64,
    pub export_firms: i64,
    pub exports: f64,
}

impl Store {
    /// [`EconomyGroup`]s of the firms inside `area`, every year.
    pub async fn economy_groups(&self, area: &RegionCode) -> Result<Vec<EconomyGroup>> {
        let (lo, hi) = area.text_range();
        let rows = sqlx::query(
            "SELECT e.ownership, y.year, e.above_scale, e.high_tech, e.specialized,
                    COUNT(*) AS firms,
                    COUNT(y.value_added) AS va_firms,
                    CAST(COALESCE(SUM(y.value_added), 0) AS DOUBLE PRECISION) AS value_added,
                    SUM(CASE WHEN y.rd_expense IS NOT NULL AND y.revenue IS NOT NULL THEN 1 ELSE 0 END)
                        AS rd_firms,
                    CAST(COALESCE(SUM(CASE WHEN y.revenue IS NOT NULL THEN y.rd_expense END), 0)
                         AS DOUBLE PRECISION) AS rd_expense,
                    CAST(COALESCE(SUM(CASE WHEN y.rd_expense IS NOT NULL THEN y.revenue END), 0)
                         AS DOUBLE PRECISION) AS rd_revenue,
                    COUNT(y.exports) AS export_firms,
                    CAST(COALESCE(SUM(y.exports), 0) AS DOUBLE PRECISION) AS exports
             FROM enterprises e JOIN enterprise_years y ON y.uscc = e.uscc
             WHERE e.region >= $1 AND e.region < $2
             GROUP BY e.ownership, y.year, e.above_scale, e.high_tech, e.specialized
             ORDER BY y.year, e.ownership",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let year: i64 = r.try_get("year")?;
                Ok(EconomyGroup {
                    ownership: r.try_get("ownership")?,
                    year: i32::try_from(year).unwrap_or_default(),
                    above_scale: r.try_get::<i64, _>("above_scale")? != 0,
                    high_tech: r.try_get::<i64, _>("high_tech")? != 0,
                    specialized: r.try_get::<i64, _>("specialized")? != 0,
                    firms: r.try_get("firms")?,
                    va_firms: r.try_get("va_firms")?,
                    value_added: r.try_get("value_added")?,
                    rd_firms: r.try_get("rd_firms")?,
                    rd_expense: r.try_get("rd_expense")?,
                    rd_revenue: r.try_get("rd_revenue")?,
                    export_firms: r.try_get("export_firms")?,
                    exports: r.try_get("exports")?,
                })
            })
            .collect()
    }
}
