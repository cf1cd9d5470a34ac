//! What each kind of file contains: its columns with the Chinese header liantu writes, the English
//! header, the other names accepted when reading, and notes for the template. This table is the
//! documented mapping (docs/import-format.md is generated from the same words).

use crate::text::header_key;
use std::fmt;
use std::str::FromStr;

/// A kind of data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Enterprises,
    Years,
    Memberships,
    Links,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Enterprises,
        Kind::Years,
        Kind::Memberships,
        Kind::Links,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Enterprises => "enterprises",
            Kind::Years => "years",
            Kind::Memberships => "memberships",
            Kind::Links => "links",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Kind::Enterprises => "企业名录",
            Kind::Years => "企业年度数据",
            Kind::Memberships => "企业链上环节",
            Kind::Links => "供应关系",
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Kind::Enterprises => ENTERPRISES,
            Kind::Years => YEARS,
            Kind::Memberships => MEMBERSHIPS,
            Kind::Links => LINKS,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        match s.trim() {
            "enterprises" | "enterprise" | "企业" | "企业名录" => Ok(Kind::Enterprises),
            "years" | "enterprise-years" | "enterprise_years" | "年度数据" => Ok(Kind::Years),
            "memberships" | "membership" | "链上环节" => Ok(Kind::Memberships),
            "links" | "supply-links" | "supply_links" | "供应关系" => Ok(Kind::Links),
            other => Err(format!(
                "未知的数据类型 '{other}'，可选 enterprises years memberships links / unknown kind '{other}', expected one of: enterprises years memberships links"
            )),
        }
    }
}

/// The type of a column's values, for parsing and for the template notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Text,
    Uscc,
    Region,
    Industry,
    Ownership,
    Bool,
    /// 万元, or any other decimal quantity.
    Decimal,
    Integer,
    Year,
    Date,
    /// A fraction 0–1, or a percentage `30%`.
    Share,
}

/// One column of a kind of file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Stable key (the English header).
    pub key: &'static str,
    /// The header liantu writes (Chinese, with unit).
    pub zh: &'static str,
    /// Other accepted headers (Chinese or English).
    pub aliases: &'static [&'static str],
    pub ty: Type,
    pub required: bool,
    /// For templates and docs.
    pub note_zh: &'static str,
    pub note_en: &'static str,
    pub example: &'static str,
    /// Money column written with the 万元 number format.
    pub wan: bool,
}

macro_rules! col {
    ($key:literal, $zh:literal, [$($alias:literal),*], $ty:ident, $req:literal, $wan:literal, $ex:literal, $nzh:literal, $nen:literal) => {
        Column { key: $key, zh: $zh, aliases: &[$($alias),*], ty: Type::$ty, required: $req,
                 note_zh: $nzh, note_en: $nen, example: $ex, wan: $wan }
    };
}

const SOURCE: Column = col!(
    "source",
    "数据来源",
    ["来源", "source_id"],
    Text,
    false,
    false,
    "import",
    "来源编号；空 = 命令行 --source（默认 import）",
    "source id; empty = --source (default: import)"
);

pub const ENTERPRISES: &[Column] = &[
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

pub const YEARS: &[Column] = &[
    col!(
        "uscc",
        "统一社会信用代码",
        ["信用代码", "社会信用代码", "统一代码", "credit_code"],
        Uscc,
        true,
        false,
        "914502046941651240",
        "企业须已导入",
        "the enterprise must be in the database"
    ),
    col!(
        "year",
        "年份",
        ["年度", "统计年度", "数据年份"],
        Integer,
        true,
        false,
        "2024",
        "",
        ""
    ),
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
    col!(
        "as_of",
        "截至日期",
        ["统计截止日期", "数据日期", "截止日期", "as_of_date"],
        Date,
        false,
        false,
        "2025-03-31",
        "日期；空 = 当年 12 月 31 日",
        "a date; empty = 31 December of the year"
    ),
];

pub const MEMBERSHIPS: &[Column] = &[
    col!(
        "uscc",
        "统一社会信用代码",
        ["信用代码", "社会信用代码", "统一代码", "credit_code"],
        Uscc,
        true,
        false,
        "914502046941651240",
        "企业须已导入",
        "the enterprise must be in the database"
    ),
    col!(
        "chain",
        "产业链",
        ["产业链编号", "产业链代码", "chain_id"],
        Text,
        true,
        false,
        "nev-battery",
        "产业链编号或名称",
        "chain id or Chinese name"
    ),
    col!(
        "node",
        "环节",
        ["环节编号", "环节代码", "产业链环节", "node_id"],
        Text,
        true,
        false,
        "vehicle",
        "环节编号或名称",
        "node id or Chinese name"
    ),
    col!(
        "share",
        "产值占比",
        ["占比", "比例"],
        Share,
        false,
        false,
        "0.3",
        "0–1 或百分数；空 = 平均分摊",
        "0–1 or a percentage; empty = even split"
    ),
    SOURCE,
];

pub const LINKS: &[Column] = &[
    col!(
        "buyer_uscc",
        "采购方信用代码",
        ["采购方统一社会信用代码", "采购企业信用代码", "buyer"],
        Uscc,
        true,
        false,
        "914502046941651240",
        "采购方须已导入",
        "the buyer must be in the database"
    ),
    col!(
        "supplier_uscc",
        "供应方信用代码",
        ["供应方统一社会信用代码", "供应商信用代码", "supplier"],
        Uscc,
        false,
        false,
        "",
        "已导入的企业才填；外地供应商留空",
        "only for enterprises in the database; empty for others"
    ),
    col!(
        "supplier_name",
        "供应方名称",
        ["供应商名称", "供应商", "供应方"],
        Text,
        true,
        false,
        "宁德某电池公司",
        "",
        ""
    ),
    col!(
        "supplier_region",
        "供应方区划代码",
        ["供应商所在地代码", "供应方所在地"],
        Region,
        true,
        false,
        "350900",
        "6 位；000000 = 境外",
        "6 digits; 000000 = abroad"
    ),
    col!(
        "chain",
        "产业链",
        ["产业链编号", "产业链代码", "chain_id"],
        Text,
        true,
        false,
        "nev-battery",
        "产业链编号或名称",
        "chain id or Chinese name"
    ),
    col!(
        "node",
        "环节",
        ["环节编号", "环节代码", "产业链环节", "node_id"],
        Text,
        true,
        false,
        "battery-pack",
        "环节编号或名称",
        "node id or Chinese name"
    ),
    col!(
        "product",
        "采购产品",
        ["产品", "产品名称"],
        Text,
        false,
        false,
        "电池包",
        "",
        ""
    ),
    col!(
        "year",
        "年份",
        ["年度", "采购年份"],
        Integer,
        true,
        false,
        "2024",
        "",
        ""
    ),
    col!(
        "value",
        "采购金额（万元）",
        ["采购金额", "采购额", "金额"],
        Decimal,
        true,
        true,
        "1,200",
        "万元",
        "10k yuan"
    ),
    SOURCE,
];

/// Maps a header cell to the index of the column it names, if any.
pub fn match_header(columns: &[Column], header: &str) -> Option<usize> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    columns.iter().position(|c| {
        header_key(c.key) == key
            || header_key(c.zh) == key
            || c.aliases.iter().any(|a| header_key(a) == key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_in_both_languages_and_never_collide() {
        assert_eq!(match_header(YEARS, "工业总产值(万元)"), Some(2));
        assert_eq!(match_header(YEARS, "Output"), Some(2));
        assert_eq!(match_header(ENTERPRISES, "统一社会信用代码*"), Some(0));
        assert_eq!(match_header(ENTERPRISES, "nonsense"), None);
        for kind in Kind::ALL {
            let mut seen = std::collections::HashMap::new();
            for c in kind.columns() {
                for name in [c.key, c.zh].iter().chain(c.aliases) {
                    let owner = seen.entry(header_key(name)).or_insert(c.key);
                    assert_eq!(*owner, c.key, "{kind}: {name} names two columns");
                }
            }
        }
    }
}
