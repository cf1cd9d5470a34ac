use super::*;
use crate::fixture;
use crate::{Graph, Relation};

fn names(g: &Graph, ids: &[u32]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|&i| g.name(i).to_string()).collect();
    v.sort();
    v
}

#[test]
fn both_supply_labels_become_supplier_to_buyer() {
    let g = fixture::graph();
    let tyre = g.find("轮胎").unwrap();
    // 上游材料 (to is upstream of from) and 下游产品 (to is downstream of from) agree.
    assert_eq!(
        names(&g, g.suppliers(tyre)),
        ["丁苯橡胶(SBR)", "天然橡胶", "橡胶"]
    );
    // The reversed relation 天然橡胶 上游材料 轮胎 is kept as a candidate: a cycle.
    assert_eq!(names(&g, g.buyers(tyre)), ["天然橡胶", "汽车"]);
    assert_eq!(names(&g, g.subtypes(tyre)), ["实心轮胎", "工程轮胎"]);
    let engineering = g.find("工程轮胎").unwrap();
    assert_eq!(names(&g, g.supertypes(engineering)), ["轮胎"]);
    assert_eq!(names(&g, g.suppliers(engineering)), ["炭黑"]);
    let car = g.find("汽车").unwrap();
    assert_eq!(names(&g, g.buyers(car)), ["汽车租赁"]);
}

#[test]
fn everything_changed_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write(dir.path());
    let data = read_dir(dir.path()).unwrap();
    let s = &data.meta.stats;
    assert_eq!(s.product_rows, 11);
    assert_eq!(s.relation_rows, 13);
    assert_eq!(s.duplicate_products, 1, "' 轮胎' is 轮胎 once trimmed");
    assert_eq!(s.names_cleaned, 2, "' 轮胎' and '工程\\n轮胎'");
    assert_eq!(s.self_loops_dropped, 1);
    assert_eq!(s.duplicate_relations, 1);
    assert_eq!(s.unlisted_products, 2, "汽车租赁 and 气囊\"A\\B");
    assert_eq!(
        (s.stated_upstream, s.stated_downstream, s.stated_subtype),
        (7, 2, 2)
    );
    assert_eq!(data.edge_counts(), (9, 2));
    assert_eq!((s.weights_clamped_low, s.weights_clamped_high), (1, 1));
    assert_eq!(s.duplicate_offerings, 1);
    assert_eq!(s.duplicate_companies, 1);
    assert_eq!(
        s.companies_added, 1,
        "平安银行 only in company_industry.json"
    );
    assert_eq!(s.industries_added, 1, "480301 not in industry.json");
    assert_eq!(data.products.len(), 12);
    assert!(data.products.iter().filter(|p| !p.listed).count() == 2);
    assert_eq!(data.meta.as_of, "2016-07-06");
}

#[test]
fn weights_are_clamped_and_the_stated_value_kept() {
    let g = fixture::graph();
    let data = g.data();
    let stated: Vec<(f64, f64)> = data
        .offerings
        .iter()
        .map(|o| (o.weight, o.stated_weight))
        .collect();
    assert!(stated.contains(&(1.0, 1.7)));
    assert!(stated.contains(&(0.0, -0.2)));
    assert!(
        data.offerings
            .iter()
            .all(|o| (0.0..=1.0).contains(&o.weight))
    );
    // The product name with a line break is the listed 工程轮胎.
    let engineering = g.find("工程轮胎").unwrap();
    assert_eq!(g.company_count(engineering), 1);
    assert!(g.find("工程\n轮胎").is_some());
}

#[test]
fn companies_are_matched_by_their_six_digits() {
    let g = fixture::graph();
    let companies = &g.data().companies;
    let sailun = companies.iter().find(|c| c.name == "赛轮轮胎").unwrap();
    // Bare code in company.json, suffixed elsewhere: the suffixed form is kept.
    assert_eq!(sailun.code, "601058.SH");
    assert_eq!(sailun.industry.as_deref(), Some("220501"));
    let linglong: Vec<_> = companies.iter().filter(|c| c.name == "玲珑轮胎").collect();
    assert_eq!(linglong.len(), 1);
    assert_eq!(linglong[0].fullname, "山东玲珑轮胎股份有限公司");
    let tyre = g.find("轮胎").unwrap();
    assert_eq!(g.company_count(tyre), 2);
    assert_eq!(
        g.industries_of(tyre),
        [("220501".to_string(), "轮胎轮毂".to_string(), 2)]
    );
}

fn error_lines(err: KgError) -> Vec<String> {
    match err {
        KgError::Lines { errors, total } => {
            assert_eq!(errors.len(), total);
            errors.iter().map(|e| e.to_string()).collect()
        }
        other => panic!("expected line errors, got {other}"),
    }
}

#[test]
fn every_bad_line_is_reported_with_file_and_line_and_nothing_is_returned() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_with(dir.path(), |file, text| match file {
        // line 3 truncated JSON, line 8 an unknown relation (line 5 is empty and still counts)
        "product_product.json" => {
            let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
            lines[2] = "{\"from_entity\": \"橡胶\", \"rel\": ".into();
            lines[7] = lines[7].replace("上游材料", "原料");
            lines.join("\n")
        }
        // line 2 without its name, line 4 an empty name
        "product.json" => text
            .replacen("{\"name\": \"天然橡胶\"}", "{\"nom\": \"天然橡胶\"}", 1)
            .replacen("{\"name\": \"丁苯橡胶(SBR)\"}", "{\"name\": \" \\n\"}", 1),
        "company_product.json" => {
            text.replacen("\"rel_weight\": 0.8", "\"rel_weight\": \"0.8\"", 1)
        }
        "company.json" => text.replacen("600104.SH", "60010X", 1),
        _ => text,
    });
    let lines = error_lines(read_dir(dir.path()).unwrap_err());
    assert_eq!(lines.len(), 6, "{lines:#?}");
    let expect = [
        ("product.json:2:", "missing field `name`"),
        ("product.json:4:", "empty product name"),
        ("company.json:4:", "malformed stock code '60010X'"),
        ("product_product.json:3:", "not a valid JSON record"),
        ("product_product.json:8:", "unknown rel '原料'"),
        ("company_product.json:6:", "not a valid JSON record"),
    ];
    for (line, (at, what)) in lines.iter().zip(expect) {
        assert!(line.starts_with(at) && line.contains(what), "{line}");
    }
    // Chinese first.
    assert!(lines[4].contains("未知的关系"));
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write(dir.path());
    std::fs::remove_file(dir.path().join("company_product.json")).unwrap();
    let err = read_dir(dir.path()).unwrap_err();
    assert!(matches!(&err, KgError::MissingFile { file, .. } if file == "company_product.json"));
    assert!(err.to_string().contains("缺少 company_product.json"));
}

#[test]
fn source_comes_from_the_provenance_heading() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write(dir.path());
    let data = read_dir(dir.path()).unwrap();
    assert!(data.meta.source.contains(&dir.path().display().to_string()));
    std::fs::write(
        dir.path().join("PROVENANCE.md"),
        "Notes\n\n# 测试图谱 test graph\n\nmore",
    )
    .unwrap();
    assert_eq!(
        read_dir(dir.path()).unwrap().meta.source,
        "测试图谱 test graph"
    );
}

#[test]
fn relations_are_unique_and_never_self_loops() {
    let g = fixture::graph();
    let mut seen = std::collections::HashSet::new();
    for e in &g.data().edges {
        assert_ne!(e.from, e.to);
        assert!(seen.insert((e.from, e.to, e.relation)));
    }
    assert!(
        g.data()
            .edges
            .iter()
            .any(|e| e.relation == Relation::Subtype)
    );
}
