//! Enterprise lists (企业名录), keyed by USCC.

use super::{Change, ImportKind};
use crate::import::Fields;
use crate::schema::{Column, SOURCE, Type, col};
use crate::text::Invalid;
use crate::text::parse_year;
use liantu_model::bounds::{Contract, LAND_MU, OVERSEAS_BASES};
use liantu_model::records::Enterprise;
use liantu_store::{ImportTx, Store, StoreError};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    col!(
        "uscc",
        "统一社会信用代码",
        ["信用代码", "社会信用代码", "统一代码", "credit_code"],
        Uscc,
        true,
        false,
        "914502046941651240",
        "18 位，校验码不符只警告",
        "18 characters; a wrong check character is only a warning"
    ),
    col!(
        "name",
        "企业名称",
        [
            "单位名称",
            "企业",
            "名称",
            "公司名称",
            "company",
            "enterprise"
        ],
        Text,
        true,
        false,
        "柳州示例汽车零部件有限公司",
        "",
        ""
    ),
    col!(
        "region",
        "行政区划代码",
        [
            "区划代码",
            "所在地区代码",
            "区县代码",
            "region_code",
            "division_code"
        ],
        Region,
        true,
        false,
        "450204",
        "6 位 GB/T 2260 代码，须已在数据库中",
        "6-digit GB/T 2260 code known to the database"
    ),
    col!(
        "park",
        "所属园区",
        ["园区", "产业园区", "park_id"],
        Text,
        false,
        false,
        "",
        "园区编号或名称",
        "park id or Chinese name"
    ),
    col!(
        "ownership",
        "所有制",
        ["企业性质", "经济类型", "所有制类型"],
        Ownership,
        true,
        false,
        "民营",
        "国有 / 民营 / 外资 / 港澳台",
        "state / private / foreign / hmt"
    ),
    col!(
        "above_scale",
        "规上企业",
        ["规模以上", "是否规上", "规上"],
        Bool,
        false,
        false,
        "是",
        "是/否，空 = 否",
        "yes/no, empty = no"
    ),
    col!(
        "industry_code",
        "行业代码",
        [
            "国民经济行业代码",
            "行业分类代码",
            "行业小类代码",
            "industry"
        ],
        Industry,
        false,
        false,
        "3670",
        "GB/T 4754-2017，2–4 位",
        "GB/T 4754-2017, 2–4 digits"
    ),
    col!(
        "main_products",
        "主要产品",
        ["主营产品", "产品", "products"],
        Text,
        false,
        false,
        "汽车零部件",
        "",
        ""
    ),
    col!(
        "business_scope",
        "经营范围",
        ["营业范围", "经营项目", "scope"],
        Text,
        false,
        false,
        "汽车零部件制造；汽车零配件批发",
        "营业执照上的经营范围，可空；自动标注会读取",
        "business scope as registered, optional; read by auto-tagging"
    ),
    col!(
        "high_tech",
        "高新技术企业",
        ["高新企业", "是否高新"],
        Bool,
        false,
        false,
        "否",
        "是/否，空 = 否",
        "yes/no, empty = no"
    ),
    col!(
        "specialized",
        "专精特新",
        ["专精特新企业", "是否专精特新"],
        Bool,
        false,
        false,
        "否",
        "是/否，空 = 否",
        "yes/no, empty = no"
    ),
    col!(
        "strategic_emerging",
        "战略性新兴产业企业",
        ["战新企业", "战略性新兴产业", "是否战新"],
        Bool,
        false,
        false,
        "否",
        "是/否，空 = 否；按统计部门的战略性新兴产业分类认定",
        "yes/no, empty = no; as the statistics bureau classifies strategic emerging industries"
    ),
    col!(
        "overseas_bases",
        "境外生产基地（个）",
        ["境外生产基地", "境外基地数", "海外生产基地"],
        Integer,
        false,
        false,
        "",
        "在境外设立的生产基地数，可空",
        "production bases abroad, optional"
    ),
    col!(
        "listed",
        "上市企业",
        ["是否上市", "上市"],
        Bool,
        false,
        false,
        "否",
        "是/否，空 = 否",
        "yes/no, empty = no"
    ),
    col!(
        "land_mu",
        "用地面积（亩）",
        ["占地面积", "用地面积", "land"],
        Decimal,
        false,
        false,
        "120",
        "亩",
        "mu"
    ),
    col!(
        "founded",
        "成立年份",
        ["成立日期", "成立时间", "注册日期", "founded_year"],
        Year,
        false,
        false,
        "2005",
        "年份或日期",
        "a year or a date"
    ),
    SOURCE,
    col!(
        "uscc_illustrative",
        "示例代码",
        ["代码为示例"],
        Bool,
        false,
        false,
        "否",
        "是 = 信用代码为虚构的示例代码",
        "yes = the USCC is made up (demo data)"
    ),
];

pub(crate) struct Enterprises {
    regions: HashSet<String>,
    /// Park id or Chinese name → id.
    parks: HashMap<String, String>,
    /// GB/T 4754-2017 reference codes; empty when the table is not loaded.
    industry: HashSet<String>,
    /// USCC → row number, for duplicates within the file.
    seen: HashMap<String, u64>,
}

impl ImportKind for Enterprises {
    const KEY: &'static str = "enterprises";
    const LABEL_ZH: &'static str = "企业名录";
    const LABEL_EN: &'static str = "Enterprises";
    const NAMES: &'static [&'static str] = &["enterprises", "enterprise", "企业", "企业名录"];
    const COLUMNS: &'static [Column] = COLUMNS;
    type Record = Enterprise;

    async fn load(store: &Store, _tx: &mut ImportTx) -> Result<Enterprises, StoreError> {
        let regions = store.region_codes().await?;
        let mut parks = HashMap::new();
        for p in store.parks().await? {
            parks.insert(p.name_zh.clone(), p.id.clone());
            parks.insert(p.id.clone(), p.id);
        }
        Ok(Enterprises {
            regions,
            parks,
            industry: store.industry_codes().await?,
            seen: HashMap::new(),
        })
    }

    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<(Enterprise, Change)> {
        let uscc = f.uscc("uscc", true);
        let name = f.name("name", true);
        let region = f.region("region", &self.regions, true);
        let park = match f.text("park", false) {
            None => None,
            Some(p) => match self.parks.get(&p) {
                Some(id) => Some(id.clone()),
                None => {
                    f.fail(
                        "park",
                        Invalid::new("数据库中没有这个园区", "park not in the database"),
                    );
                    None
                }
            },
        };
        let ownership = f.ownership("ownership");
        let above_scale = f.flag("above_scale");
        let industry_code = f.industry("industry_code", &self.industry);
        let main_products = f.text("main_products", false).unwrap_or_default();
        let business_scope = f.text("business_scope", false);
        let high_tech = f.flag("high_tech");
        let specialized = f.flag("specialized");
        let strategic_emerging = f.flag("strategic_emerging");
        let overseas_bases = f.bounded_integer("overseas_bases", &OVERSEAS_BASES);
        let listed = f.flag("listed");
        let land_mu = f.bounded("land_mu", false, false, &LAND_MU);
        let founded = f.parsed("founded", false, parse_year);
        let source = f.source();
        let uscc_illustrative = f.flag("uscc_illustrative");
        let mut updates = false;
        if let Some(code) = &uscc {
            f.check_scope("uscc", code, region.as_ref().map(|r| (r, park.as_deref())));
            let stored = f.is_stored(code);
            updates = f.check_key(
                "uscc",
                &mut self.seen,
                code.as_str().to_string(),
                stored,
                upsert,
            );
        }
        let enterprise = Enterprise {
            uscc: uscc?,
            name: name?,
            region: region?,
            park,
            ownership: ownership?,
            above_scale,
            industry_code,
            main_products,
            business_scope,
            high_tech,
            specialized,
            strategic_emerging,
            overseas_bases,
            listed,
            land_mu,
            founded,
            source,
            uscc_illustrative,
        };
        f.enforce(enterprise.violations());
        Some((enterprise, Change::from_update(updates)))
    }

    async fn write(tx: &mut ImportTx, rows: Vec<Enterprise>) -> Result<(), StoreError> {
        tx.put_enterprises(rows).await
    }
}
