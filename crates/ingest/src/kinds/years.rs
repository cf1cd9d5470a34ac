//! Yearly figures of enterprises (企业年度数据), keyed by USCC and year.

use super::{Change, ImportKind, as_of_or_year_end, columns_in_file};
use crate::import::{Fields, not_imported};
use crate::schema::{AS_OF, Column, MEMBER_USCC, SOURCE, Type, YEAR, col};
use crate::text::parse_date;
use liantu_model::bounds::{AMOUNT, Contract, EMISSIONS_TCO2, EMPLOYEES, ENERGY_TCE};
use liantu_model::records::EnterpriseYear;
use liantu_store::{ImportTx, Store, StoreError};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    MEMBER_USCC,
    YEAR,
    col!(
        "output",
        "工业总产值（万元）",
        ["工业总产值", "总产值", "产值"],
        Decimal,
        false,
        true,
        "12,345.6",
        "万元",
        "10k yuan"
    ),
    col!(
        "value_added",
        "工业增加值（万元）",
        ["工业增加值", "增加值"],
        Decimal,
        false,
        true,
        "",
        "万元",
        "10k yuan"
    ),
    col!(
        "revenue",
        "营业收入（万元）",
        ["营业收入", "主营业务收入", "营收"],
        Decimal,
        false,
        true,
        "",
        "万元",
        "10k yuan"
    ),
    col!(
        "tax",
        "税收（万元）",
        ["税收", "纳税额", "纳税", "税金"],
        Decimal,
        false,
        true,
        "",
        "万元",
        "10k yuan"
    ),
    col!(
        "employees",
        "从业人员（人）",
        ["从业人员", "从业人员数", "职工人数", "用工人数"],
        Integer,
        false,
        false,
        "",
        "人",
        "persons"
    ),
    col!(
        "rd_expense",
        "研发费用（万元）",
        ["研发费用", "研发投入", "r&d经费"],
        Decimal,
        false,
        true,
        "",
        "万元",
        "10k yuan"
    ),
    col!(
        "exports",
        "出口额（万元）",
        ["出口额", "出口交货值", "出口"],
        Decimal,
        false,
        true,
        "",
        "万元",
        "10k yuan"
    ),
    col!(
        "imports",
        "进口额（万元）",
        ["进口额", "进口"],
        Decimal,
        false,
        true,
        "",
        "万元",
        "10k yuan"
    ),
    col!(
        "hightech_exports",
        "高新技术产品出口额（万元）",
        ["高新技术产品出口额", "高新技术产品出口", "高技术产品出口额"],
        Decimal,
        false,
        true,
        "",
        "万元，出口额的一部分",
        "10k yuan, part of exports"
    ),
    col!(
        "digital_investment",
        "数字化投入（万元）",
        ["数字化投入", "数字化转型投入", "数字化投资"],
        Decimal,
        false,
        true,
        "",
        "万元：软件、数字化设备与服务",
        "10k yuan: software, digital equipment and services"
    ),
    col!(
        "energy_tce",
        "综合能耗（吨标准煤）",
        ["综合能耗", "能耗"],
        Decimal,
        false,
        false,
        "",
        "吨标准煤",
        "t of coal equivalent"
    ),
    col!(
        "emissions_tco2",
        "碳排放（吨二氧化碳）",
        ["碳排放", "二氧化碳排放"],
        Decimal,
        false,
        false,
        "",
        "吨 CO₂",
        "t CO2"
    ),
    SOURCE,
    AS_OF,
];

pub(crate) struct Years {
    stored: HashSet<(String, i32)>,
    seen: HashMap<(String, i32), u64>,
}

impl ImportKind for Years {
    const KEY: &'static str = "years";
    const LABEL_ZH: &'static str = "企业年度数据";
    const LABEL_EN: &'static str = "Yearly figures";
    const NAMES: &'static [&'static str] =
        &["years", "enterprise-years", "enterprise_years", "年度数据"];
    const COLUMNS: &'static [Column] = COLUMNS;
    type Record = EnterpriseYear;

    async fn load(store: &Store, _tx: &mut ImportTx) -> Result<Years, StoreError> {
        Ok(Years {
            stored: store.year_keys().await?,
            seen: HashMap::new(),
        })
    }

    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<(EnterpriseYear, Change)> {
        let uscc = f.uscc("uscc", true);
        if let Some(code) = &uscc {
            f.require_enterprise("uscc", code, not_imported());
            f.check_scope("uscc", code, None);
        }
        let year = f.year("year");
        let output = f.bounded("output", false, false, &AMOUNT);
        let value_added = f.bounded("value_added", false, false, &AMOUNT);
        let revenue = f.bounded("revenue", false, false, &AMOUNT);
        let tax = f.bounded("tax", false, false, &AMOUNT);
        let employees = f.bounded_integer("employees", &EMPLOYEES);
        let rd_expense = f.bounded("rd_expense", false, false, &AMOUNT);
        let exports = f.bounded("exports", false, false, &AMOUNT);
        let imports = f.bounded("imports", false, false, &AMOUNT);
        let hightech_exports = f.bounded("hightech_exports", false, false, &AMOUNT);
        let digital_investment = f.bounded("digital_investment", false, false, &AMOUNT);
        if let (Some(part), Some(all)) = (hightech_exports, exports)
            && part > all * (1.0 + 1e-9)
        {
            f.fail(
                "hightech_exports",
                crate::text::Invalid::new(
                    format!("高新技术产品出口额 {part} 大于出口额 {all}"),
                    format!("high-tech exports {part} exceed exports {all}"),
                ),
            );
        }
        let energy_tce = f.bounded("energy_tce", false, false, &ENERGY_TCE);
        let emissions_tco2 = f.bounded("emissions_tco2", false, false, &EMISSIONS_TCO2);
        let source = f.source();
        let as_of = f.parsed("as_of", false, parse_date);
        let (uscc, year) = (uscc?, year?);
        let key = (uscc.as_str().to_string(), year);
        let stored = self.stored.contains(&key);
        let updates = f.check_key("year", &mut self.seen, key, stored, upsert);
        let record = EnterpriseYear {
            uscc,
            year,
            output,
            value_added,
            revenue,
            tax,
            employees,
            rd_expense,
            exports,
            imports,
            hightech_exports,
            digital_investment,
            energy_tce,
            emissions_tco2,
            source,
            as_of: as_of_or_year_end(as_of, year),
        };
        f.enforce(record.violations());
        Some((record, Change::from_update(updates)))
    }

    async fn write(tx: &mut ImportTx, rows: Vec<EnterpriseYear>) -> Result<(), StoreError> {
        tx.put_years(&rows).await
    }

    /// The date is always written: an absent one means 31 December of the year.
    fn update_columns(present: &HashSet<&'static str>) -> Vec<&'static str> {
        columns_in_file(COLUMNS, present, &["source", "as_of"])
    }
}
