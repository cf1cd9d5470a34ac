//! The innovation chain: platforms, technology needs and achievements imported all or nothing,
//! and needs matched with achievements for reasons that come from the data.

mod common;

use common::{liantu, stderr, stdout};

/// 柳城示例华远橡胶有限公司 of the demo (特种橡胶).
const RUBBER: &str = "91450222552632751X";

const PLATFORMS: &str = "平台名称,平台类型,级别,依托单位,依托单位统一社会信用代码,所在地区划代码,服务产业链环节,研究方向,认定年份,数据来源,登记日期\n";
const NEEDS: &str = "需求编号,需求名称,需求描述,统一社会信用代码,产业链环节,拟投入经费（万元）,截止日期,状态,对接成果编号,数据来源,登记日期\n";
const ACHIEVEMENTS: &str = "成果编号,成果名称,成果简介,成果所有方,所在地区划代码,成熟度,授权专利（件）,适用产业链环节,数据来源,登记日期\n";

#[test]
fn bad_innovation_rows_are_each_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(liantu(d, &["init", "--demo"]).status.success());
    let bad = format!(
        "{PLATFORMS}\
         甲平台,研究所,国家级,甲,,450222,chemical:special-rubber,,,,2025-11-30\n\
         乙平台,重点实验室,县级,乙,,450222,chemical:rubber,,,,2025-11-30\n\
         丙平台,重点实验室,市级,丙,914502040040759074,450222,化工:特种橡胶,,,,2025-11-30\n\
         丙平台,重点实验室,市级,丙,,450222,\"化工:特种橡胶、nev-battery:锂资源（锂矿、盐湖卤水）\",,,,2025-11-30\n\
         丁平台,重点实验室,市级,丁,,450222,化工:特种橡胶,,,,\n"
    );
    std::fs::write(d.join("platforms.csv"), bad).unwrap();
    let o = liantu(d, &["import", "platforms", "platforms.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    for expected in [
        "第 2 行 row 2，B 列 column B（平台类型），值 value '研究所'：应为 重点实验室、工程技术研究中心",
        "第 3 行 row 3，C 列 column C（级别）",
        "第 3 行 row 3，G 列 column G（服务产业链环节），值 value 'chemical:rubber'：不是已安装产业链的环节",
        "第 4 行 row 4，E 列 column E",
        "第 6 行 row 6，K 列 column K（登记日期）",
        "第 5 行 row 5，A 列 column A（平台名称），值 value '丙平台'：与第 4 行重复",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    // A node name with 、 inside its brackets is one node, not two.
    assert!(!err.contains("盐湖卤水）'"), "{err}");
    let listed = stdout(&liantu(d, &["innovation", "platforms", "--format", "json"]));
    assert!(!listed.contains("丙平台"), "{listed}");

    let bad = format!(
        "{NEEDS}\
         N-1,需求,,{RUBBER},chemical:special-rubber,-5,2026-13-01,待定,,,2025-11-30\n\
         N-2,需求,,914502040040759074,chemical:special-rubber,,,发布,,,2025-11-30\n"
    );
    std::fs::write(d.join("needs.csv"), bad).unwrap();
    let o = liantu(d, &["import", "tech-needs", "needs.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for expected in [
        "F 列 column F（拟投入经费（万元））",
        "G 列 column G（截止日期）",
        "值 value '待定'：应为 发布、对接、签约、转化 之一",
        "第 3 行 row 3，D 列 column D",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
}

#[test]
fn needs_are_matched_with_achievements_by_text_node_distance_and_maturity() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(liantu(d, &["init"]).status.success());
    // A firm for the need, in 柳城县.
    std::fs::write(
        d.join("firms.csv"),
        format!(
            "统一社会信用代码,企业名称,行政区划代码,所有制\n{RUBBER},柳城华远橡胶,450222,民营\n"
        ),
    )
    .unwrap();
    assert!(
        liantu(d, &["import", "enterprises", "firms.csv"])
            .status
            .success()
    );
    std::fs::write(
        d.join("needs.csv"),
        format!(
            "{NEEDS}\
             N-1,氢化丁腈橡胶密封件配方,耐油耐高温的氢化丁腈橡胶密封件,{RUBBER},chemical:special-rubber,180,2026-06-30,发布,,,2025-11-30\n"
        ),
    )
    .unwrap();
    std::fs::write(
        d.join("achievements.csv"),
        format!(
            "{ACHIEVEMENTS}\
             A-near,氢化丁腈橡胶密封件配方与硫化,耐油耐高温氢化丁腈橡胶配方,柳州某研究院,450222,中试,2,chemical:special-rubber,,2025-11-30\n\
             A-far,氢化丁腈橡胶密封件配方与硫化,耐油耐高温氢化丁腈橡胶配方,上海某研究院,310000,中试,2,chemical:special-rubber,,2025-11-30\n\
             A-other-node,橡胶配方,,柳州某研究院,450222,产业化,0,chemical:high-performance-polymers,,2025-11-30\n\
             A-unrelated,松脂深加工,歧化松香,南宁某研究院,450100,产业化,9,forestry:forest-chemicals,,2025-11-30\n"
        ),
    )
    .unwrap();
    for (kind, file) in [
        ("tech-needs", "needs.csv"),
        ("achievements", "achievements.csv"),
    ] {
        let o = liantu(d, &["import", kind, file]);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
    }
    let o = liantu(d, &["innovation", "match", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let matches = v["needs"][0]["matches"].as_array().unwrap();
    let order: Vec<&str> = matches
        .iter()
        .map(|m| m["achievement"].as_str().unwrap())
        .collect();
    // Same text and node: the one in the same county first; another node of the chain after;
    // an unrelated achievement in another chain never, however mature and patented.
    assert_eq!(order, ["A-near", "A-far", "A-other-node"], "{matches:?}");
    for m in matches {
        let parts = 0.40 * m["text"].as_f64().unwrap()
            + 0.35 * m["nodes"].as_f64().unwrap()
            + 0.15 * m["distance"].as_f64().unwrap()
            + 0.10 * m["readiness"].as_f64().unwrap();
        assert!((m["score"].as_f64().unwrap() - parts).abs() < 1e-9, "{m}");
    }
    assert_eq!(matches[0]["distance"], 1.0);
    assert_eq!(matches[1]["distance"], 0.1);
    assert_eq!(matches[2]["nodes"], 0.3);
    let reasons = matches[0]["reasons_zh"].to_string();
    assert!(
        reasons.contains("共同环节：特种橡胶") && reasons.contains("同在柳城县"),
        "{reasons}"
    );

    // Signed: no longer matched, and counted in the pipeline.
    std::fs::write(
        d.join("signed.csv"),
        format!(
            "{NEEDS}N-1,氢化丁腈橡胶密封件配方,,{RUBBER},chemical:special-rubber,180,,签约,A-near,,2025-12-01\n"
        ),
    )
    .unwrap();
    let o = liantu(
        d,
        &["import", "tech-needs", "signed.csv", "--mode", "upsert"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&liantu(d, &["innovation", "needs", "--chain", "chemical"]));
    assert!(
        table.contains("发布 0 → 对接 0 → 签约 1 → 转化 0") && table.contains("A-near"),
        "{table}"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&liantu(
        d,
        &["innovation", "match", "--format", "json"],
    )))
    .unwrap();
    assert!(v["needs"][0]["matches"].as_array().unwrap().is_empty());

    // Talks fail: back to 发布, matched again; an unknown status is refused.
    let o = liantu(d, &["innovation", "status", "N-1", "--to", "发布"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&liantu(
        d,
        &["innovation", "match", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(v["needs"][0]["status"], "published");
    assert_eq!(v["needs"][0]["matches"][0]["achievement"], "A-near");
    let o = liantu(d, &["innovation", "status", "N-1", "--to", "完成"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
