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
    /// 战略性新兴产业 firms.
    pub strategic_emerging: bool,
    pub firms: i64,
    pub va_firms: i64,
    pub value_added: f64,
    /// Firms reporting both R&D expense and revenue, and those two sums over them.
    pub rd_firms: i64,
    pub rd_expense: f64,
    pub rd_revenue: f64,
    pub export_firms: i64,
    pub exports: f64,
    /// Firms reporting both exports and high-tech exports, and those two sums over them.
    pub hightech_firms: i64,
    pub hightech_exports: f64,
    pub hightech_of_exports: f64,
    /// Firms reporting exports or imports, and exports + imports over them.
    pub trade_firms: i64,
    pub trade: f64,
    pub digital_firms: i64,
    pub digital_investment: f64,
    /// Firms with production bases abroad.
    pub overseas_firms: i64,
}

/// A firm of the economy view's rankings, with its figures of one year.
#[derive(Debug, Clone, PartialEq)]
pub struct EconomyFirm {
    pub uscc: String,
    pub name: String,
    /// The division's Chinese name (its code when the division is not stored).
    pub region: String,
    pub ownership: String,
    pub specialized: bool,
    pub high_tech: bool,
    pub strategic_emerging: bool,
    pub overseas_bases: Option<i64>,
    pub output: Option<f64>,
    pub revenue: Option<f64>,
    pub rd_expense: Option<f64>,
    pub exports: Option<f64>,
}

/// Which firms an economy query covers: an area, and optionally the members of one chain.
#[derive(Debug, Clone, Copy)]
pub struct EconomyScope<'a> {
    pub area: &'a RegionCode,
    pub chain: Option<&'a str>,
}

impl EconomyScope<'_> {
    /// The WHERE clause over `e` (enterprises), binding `$1`, `$2` (area) and `$3` (the chain, or
    /// an empty text that the clause compares to itself when there is none).
    fn filter(&self) -> &'static str {
        if self.chain.is_some() {
            "e.region >= $1 AND e.region < $2
             AND e.uscc IN (SELECT uscc FROM memberships WHERE chain_id = $3)"
        } else {
            "e.region >= $1 AND e.region < $2 AND CAST($3 AS TEXT) = ''"
        }
    }

    /// `sql` with the scope's three values bound.
    fn bind<'q>(&self, sql: &'q str) -> crate::exchange::Bound<'q> {
        let (lo, hi) = self.area.text_range();
        sqlx::query(sql)
            .bind(lo)
            .bind(hi)
            .bind(self.chain.unwrap_or("").to_string())
    }
}

/// The query of [`Store::economy_firms`]: `$4` the year, `$5` the ownership, `$6` the limit.
/// The firms are found by the area (`+y.year`: not by the year's index, which SQLite preferred,
/// reading every firm's figures of the year — 1.1 s at 1,000,000 firms, 0.09 s by the area).
fn economy_firms_sql(scope: EconomyScope<'_>, specialized: bool) -> String {
    format!(
        "SELECT e.uscc, e.name, COALESCE(r.name_zh, e.region) AS region, e.ownership,
                e.specialized, e.high_tech, e.strategic_emerging, e.overseas_bases,
                y.output, y.revenue, y.rd_expense, y.exports
         FROM enterprises e JOIN enterprise_years y ON y.uscc = e.uscc AND +y.year = $4
         LEFT JOIN regions r ON r.code = e.region
         WHERE {} AND e.ownership = $5 {}
         ORDER BY COALESCE(y.output, 0) DESC, e.uscc
         LIMIT $6",
        scope.filter(),
        if specialized {
            "AND e.specialized = 1"
        } else {
            ""
        }
    )
}

impl Store {
    /// [`EconomyGroup`]s of the firms in `scope`, every year.
    pub async fn economy_groups(&self, scope: EconomyScope<'_>) -> Result<Vec<EconomyGroup>> {
        let sql = format!(
            "SELECT e.ownership, y.year, e.above_scale, e.high_tech, e.specialized,
                    e.strategic_emerging,
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
                    CAST(COALESCE(SUM(y.exports), 0) AS DOUBLE PRECISION) AS exports,
                    SUM(CASE WHEN y.hightech_exports IS NOT NULL AND y.exports IS NOT NULL
                        THEN 1 ELSE 0 END) AS hightech_firms,
                    CAST(COALESCE(SUM(CASE WHEN y.exports IS NOT NULL THEN y.hightech_exports END), 0)
                         AS DOUBLE PRECISION) AS hightech_exports,
                    CAST(COALESCE(SUM(CASE WHEN y.hightech_exports IS NOT NULL THEN y.exports END), 0)
                         AS DOUBLE PRECISION) AS hightech_of_exports,
                    SUM(CASE WHEN y.exports IS NOT NULL OR y.imports IS NOT NULL THEN 1 ELSE 0 END)
                        AS trade_firms,
                    CAST(COALESCE(SUM(COALESCE(y.exports, 0) + COALESCE(y.imports, 0)), 0)
                         AS DOUBLE PRECISION) AS trade,
                    COUNT(y.digital_investment) AS digital_firms,
                    CAST(COALESCE(SUM(y.digital_investment), 0) AS DOUBLE PRECISION)
                        AS digital_investment,
                    SUM(CASE WHEN e.overseas_bases > 0 THEN 1 ELSE 0 END) AS overseas_firms
             FROM enterprises e JOIN enterprise_years y ON y.uscc = e.uscc
             WHERE {}
             GROUP BY e.ownership, y.year, e.above_scale, e.high_tech, e.specialized,
                      e.strategic_emerging
             ORDER BY y.year, e.ownership",
            scope.filter()
        );
        let rows = scope.bind(&sql).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let year: i64 = r.try_get("year")?;
                Ok(EconomyGroup {
                    ownership: r.try_get("ownership")?,
                    year: i32::try_from(year).unwrap_or_default(),
                    above_scale: r.try_get::<i64, _>("above_scale")? != 0,
                    high_tech: r.try_get::<i64, _>("high_tech")? != 0,
                    specialized: r.try_get::<i64, _>("specialized")? != 0,
                    strategic_emerging: r.try_get::<i64, _>("strategic_emerging")? != 0,
                    firms: r.try_get("firms")?,
                    va_firms: r.try_get("va_firms")?,
                    value_added: r.try_get("value_added")?,
                    rd_firms: r.try_get("rd_firms")?,
                    rd_expense: r.try_get("rd_expense")?,
                    rd_revenue: r.try_get("rd_revenue")?,
                    export_firms: r.try_get("export_firms")?,
                    exports: r.try_get("exports")?,
                    hightech_firms: r.try_get("hightech_firms")?,
                    hightech_exports: r.try_get("hightech_exports")?,
                    hightech_of_exports: r.try_get("hightech_of_exports")?,
                    trade_firms: r.try_get("trade_firms")?,
                    trade: r.try_get("trade")?,
                    digital_firms: r.try_get("digital_firms")?,
                    digital_investment: r.try_get("digital_investment")?,
                    overseas_firms: r.try_get("overseas_firms")?,
                })
            })
            .collect()
    }

    /// The largest firms of `ownership` in `scope` by output in `year` — only 专精特新 ones when
    /// `specialized` — at most `limit`, then by USCC.
    pub async fn economy_firms(
        &self,
        scope: EconomyScope<'_>,
        ownership: &str,
        year: i32,
        specialized: bool,
        limit: i64,
    ) -> Result<Vec<EconomyFirm>> {
        let sql = economy_firms_sql(scope, specialized);
        let rows = scope
            .bind(&sql)
            .bind(i64::from(year))
            .bind(ownership)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(economy_firm).collect()
    }

    /// Each of `usccs`' ownership and 专精特新 flag (those stored).
    pub async fn firm_owners(&self, usccs: &[String]) -> Result<Vec<(String, String, bool)>> {
        if usccs.is_empty() {
            return Ok(Vec::new());
        }
        // A short list (a ranking's firms): one placeholder each.
        let sql = format!(
            "SELECT uscc, ownership, specialized FROM enterprises WHERE uscc IN ({})",
            crate::exchange::numbered_marks(usccs.len())
        );
        usccs
            .iter()
            .fold(sqlx::query(&sql), |q, u| q.bind(u.as_str()))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("uscc")?,
                    r.try_get("ownership")?,
                    r.try_get::<i64, _>("specialized")? != 0,
                ))
            })
            .collect()
    }

    /// Local firms (inside `scope`'s area) that supplied, in `year`, the firms of `ownership` in
    /// `scope` with production bases abroad: the suppliers that go abroad with them.
    pub async fn overseas_suppliers(
        &self,
        scope: EconomyScope<'_>,
        ownership: &str,
        year: i32,
    ) -> Result<i64> {
        let sql = format!(
            "SELECT COUNT(DISTINCT l.supplier_uscc) AS n
             FROM enterprises e
             JOIN supply_links l ON l.buyer_uscc = e.uscc
             JOIN enterprises s ON s.uscc = l.supplier_uscc
             WHERE {} AND e.overseas_bases > 0 AND e.ownership = $5 AND l.year = $4
               AND s.region >= $1 AND s.region < $2",
            scope.filter()
        );
        Ok(scope
            .bind(&sql)
            .bind(i64::from(year))
            .bind(ownership)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }
}

fn economy_firm(r: &sqlx::any::AnyRow) -> Result<EconomyFirm> {
    Ok(EconomyFirm {
        uscc: r.try_get("uscc")?,
        name: r.try_get("name")?,
        region: r.try_get("region")?,
        ownership: r.try_get("ownership")?,
        specialized: r.try_get::<i64, _>("specialized")? != 0,
        high_tech: r.try_get::<i64, _>("high_tech")? != 0,
        strategic_emerging: r.try_get::<i64, _>("strategic_emerging")? != 0,
        overseas_bases: r.try_get("overseas_bases")?,
        output: r.try_get("output")?,
        revenue: r.try_get("revenue")?,
        rd_expense: r.try_get("rd_expense")?,
        exports: r.try_get("exports")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The economy page's firm ranking finds the firms by the area (the region index) or the
    /// chain, not by reading every firm's figures of the year.
    #[tokio::test]
    async fn the_economy_ranking_reads_the_area_not_the_year() {
        let stores = crate::testdb::stores().await;
        let t = &stores[0];
        let area = RegionCode::parse("450200").unwrap();
        for chain in [None, Some("nev-battery")] {
            let scope = EconomyScope { area: &area, chain };
            let sql = format!("EXPLAIN QUERY PLAN {}", economy_firms_sql(scope, true));
            let query = scope.bind(&sql).bind(2024i64).bind("private").bind(20i64);
            let plan = crate::testdb::sqlite_plan(&t.store, query).await;
            // By the area's index, or by the chain's members (then each firm by its key).
            let by = if chain.is_some() {
                "SEARCH memberships USING INDEX memberships_chain"
            } else {
                "SEARCH e USING INDEX enterprises_region"
            };
            assert!(plan.iter().any(|s| s.starts_with(by)), "{plan:?}");
            assert!(!plan.iter().any(|s| s.starts_with("SCAN ")), "{plan:?}");
            assert!(
                !plan.iter().any(|s| s.contains("enterprise_years_year")),
                "{plan:?}"
            );
        }
    }
}
