//! A small hand-written knowledge graph in the shared format, for unit tests.

use std::path::Path;

pub const PRODUCTS: &str = r#"{"name": "轮胎"}
{"name": "天然橡胶"}
{"name": "橡胶"}
{"name": "丁苯橡胶(SBR)"}
{"name": "汽车"}
{"name": "工程轮胎"}
{"name": "实心轮胎"}
{"name": "轮胎帘子布"}
{"name": "炭黑"}
{"name": "合成橡胶"}
{"name": " 轮胎"}
"#;

/// Relations as the source states them; comments give the normalised supplier → buyer.
pub const RELATIONS: &str = concat!(
    // 天然橡胶 → 轮胎
    r#"{"from_entity": "轮胎", "rel": "上游材料", "to_entity": "天然橡胶"}"#,
    "\n",
    // 丁苯橡胶(SBR) → 轮胎
    r#"{"from_entity": "轮胎", "rel": "上游材料", "to_entity": "丁苯橡胶(SBR)"}"#,
    "\n",
    // 橡胶 → 轮胎 (stated the other way round)
    r#"{"from_entity": "橡胶", "rel": "下游产品", "to_entity": "轮胎"}"#,
    "\r\n",
    // 轮胎 → 汽车
    r#"{"from_entity": "汽车", "rel": "上游材料", "to_entity": "轮胎"}"#,
    "\n\n",
    r#"{"from_entity": "轮胎", "rel": "产品小类", "to_entity": "工程轮胎"}"#,
    "\n",
    r#"{"from_entity": "轮胎", "rel": "产品小类", "to_entity": "实心轮胎"}"#,
    "\n",
    // 炭黑 → 工程轮胎 (a sub-type's supplier)
    r#"{"from_entity": "工程轮胎", "rel": "上游材料", "to_entity": "炭黑"}"#,
    "\n",
    // 轮胎 → 天然橡胶: a reversed, noisy relation, making a cycle
    r#"{"from_entity": "天然橡胶", "rel": "上游材料", "to_entity": "轮胎"}"#,
    "\n",
    // duplicate of the first relation, stated from the other end
    r#"{"from_entity": "天然橡胶", "rel": "下游产品", "to_entity": "轮胎"}"#,
    "\n",
    // self-loop
    r#"{"from_entity": "轮胎", "rel": "上游材料", "to_entity": "轮胎"}"#,
    "\n",
    // 合成橡胶 → 丁苯橡胶(SBR)
    r#"{"from_entity": "丁苯橡胶(SBR)", "rel": "上游材料", "to_entity": "合成橡胶"}"#,
    "\n",
    // 汽车 → 汽车租赁, an endpoint missing from product.json
    r#"{"from_entity": "汽车", "rel": "下游产品", "to_entity": "汽车租赁"}"#,
    "\n",
    // a name with a quote and a backslash → 汽车
    r#"{"from_entity": "汽车", "rel": "上游材料", "to_entity": "气囊\"A\\B"}"#,
);

pub const COMPANIES: &str = "\u{feff}{\"name\": \"玲珑轮胎\", \"fullname\": \"山东玲珑轮胎股份有限公司\", \"code\": \"601966.SH\", \"location\": \"上海证券交易所\", \"time\": \"2016-07-06\"}
{\"name\": \"赛轮轮胎\", \"fullname\": \"赛轮集团股份有限公司\", \"code\": \"601058\", \"location\": \"上海证券交易所\", \"time\": \"2011-06-30\"}
{\"name\": \"海南橡胶\", \"fullname\": \"海南天然橡胶产业集团股份有限公司\", \"code\": \"601118.SH\", \"location\": \"上海证券交易所\", \"time\": \"2011-01-07\"}
{\"name\": \"上汽集团\", \"fullname\": \"上海汽车集团股份有限公司\", \"code\": \"600104.SH\", \"location\": \"上海证券交易所\", \"time\": \"1997-11-25\"}
{\"name\": \"玲珑轮胎\", \"fullname\": \"另一家公司\", \"code\": \"601966.SH\", \"location\": \"上海证券交易所\", \"time\": \"2016-07-06\"}
";

pub const INDUSTRIES: &str = r#"{"code": "220000", "name": "基础化工"}
{"code": "220501", "name": "轮胎轮毂"}
{"code": "110000", "name": "农林牧渔"}
{"code": "280000", "name": "汽车"}
"#;

pub const COMPANY_INDUSTRIES: &str = r#"{"company_code": "601966.SH", "industry_code": "220501", "industry_name": "轮胎轮毂", "company_name": "玲珑轮胎", "rel": "所属行业"}
{"company_code": "601058.SH", "industry_code": "220501", "industry_name": "轮胎轮毂", "company_name": "赛轮轮胎", "rel": "所属行业"}
{"company_code": "601118.SH", "industry_code": "110000", "industry_name": "农林牧渔", "company_name": "海南橡胶", "rel": "所属行业"}
{"company_code": "000001.SZ", "industry_code": "480301", "industry_name": "股份制银行", "company_name": "平安银行", "rel": "所属行业"}
"#;

pub const OFFERINGS: &str = r#"{"company_code": "601966.SH", "company_name": "玲珑轮胎", "product_name": "轮胎", "rel": "主营产品", "rel_weight": 0.9}
{"company_code": "601966.SH", "company_name": "玲珑轮胎", "product_name": "工程\n轮胎", "rel": "主营产品", "rel_weight": 1.7}
{"company_code": "601058.SH", "company_name": "赛轮轮胎", "product_name": "轮胎", "rel": "主营产品", "rel_weight": -0.2}
{"company_code": "601118.SH", "company_name": "海南橡胶", "product_name": "天然橡胶", "rel": "主营产品", "rel_weight": 0.6}
{"company_code": "601118.SH", "company_name": "海南橡胶", "product_name": "天然橡胶", "rel": "主营产品", "rel_weight": 0.6}
{"company_code": "600104.SH", "company_name": "上汽集团", "product_name": "汽车", "rel": "主营产品", "rel_weight": 0.8}
"#;

/// Writes the fixture into `dir`, with `replace` applied to (file, text) first.
pub fn write_with(dir: &Path, replace: impl Fn(&str, String) -> String) {
    for (file, text) in [
        ("product.json", PRODUCTS),
        ("product_product.json", RELATIONS),
        ("company.json", COMPANIES),
        ("industry.json", INDUSTRIES),
        ("company_industry.json", COMPANY_INDUSTRIES),
        ("company_product.json", OFFERINGS),
    ] {
        std::fs::write(dir.join(file), replace(file, text.to_string())).unwrap();
    }
}

pub fn write(dir: &Path) {
    write_with(dir, |_, t| t);
}

pub fn graph() -> crate::Graph {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path());
    crate::Graph::new(crate::read_dir(dir.path()).unwrap())
}
