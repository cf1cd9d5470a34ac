//! Enterprises' workforce by occupation: imported all or nothing (titles classified on import),
//! exported back, and summed into a chain's skills demand.

mod common;

use common::{liantu, stderr, stdout};

const HEADER: &str =
    "统一社会信用代码,年份,职位名称,职业编码,技能等级,在岗人数,空缺人数,月均工资（元）\n";
/// 柳州五菱汽车工业有限公司 and 广西汽车集团有限公司 of the demo, both on the NEV chain.
const WULING: &str = "914502040040759073";
const GAC: &str = "91450204287146233E";

/// The NEV chain's skills view of 2030 (the test's own year), as JSON.
fn skills_2030(d: &std::path::Path) -> serde_json::Value {
    let o = liantu(
        d,
        &[
            "skills",
            "--chain",
            "nev-battery",
            "--year",
            "2030",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn workforce_imports_whole_and_sums_into_the_chains_skills_demand() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(liantu(d, &["init", "--demo"]).status.success());

    // Every bad cell reported with its row and column; nothing written.
    let bad = format!(
        "{HEADER}\
         {WULING},2030,汽车装调工,,大师,10,1,7000\n\
         {WULING},2030,,6-99-99-99,,10,1,\n\
         {WULING},2030,,6-22-00-00,,10,1,\n\
         {WULING},2030,,,,10,1,\n\
         {GAC},2030,电工,,技师,-3,1,0\n\
         {GAC},2030,电工,,技师,3,1,8000\n\
         {GAC},2030,电工,,技师,4,1,8000\n\
         {GAC},2030,,62201,,1,0,\n"
    );
    std::fs::write(d.join("bad.csv"), bad).unwrap();
    let o = liantu(d, &["import", "workforce", "bad.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    for expected in [
        "第 2 行",
        "技能等级应为",
        "a skill level is",
        "值 value '6-99-99-99'：不是职业分类中的职业（细类）",
        "值 value '6-22-00-00'：不是职业分类中的职业（细类）", // a 中类
        "值 value '62201'：职业编码应为 D-DD-DD-DD",
        "第 5 行",
        "职业编码和职位名称至少填一项",
        "值 value '-3'",
        "值 value '0'", // a wage is more than 0
        "第 8 行 row 8，C 列 column C（职位名称），值 value '电工'：与第 6 行重复",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    // The demo has its own (illustrative) rows for 2024; the test's are for 2030.
    let none = stdout(&liantu(
        d,
        &["skills", "--chain", "nev-battery", "--year", "2030"],
    ));
    assert!(none.contains("还没有企业用工数据"), "{none}");

    // A good file: titles classified, a code taken as given.
    let good = format!(
        "{HEADER}\
         {WULING},2030,汽车装调工,,高级工,120,10,7200\n\
         {WULING},2030,,2-02-07-08,专业技术人员,30,5,12500\n\
         {GAC},2030,电工,,二级,12,2,8000\n\
         {GAC},2030,汽车装调工,,初级工,40,12,5200\n"
    );
    std::fs::write(d.join("good.csv"), good).unwrap();
    let o = liantu(d, &["import", "workforce", "good.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("新增 added 4"), "{}", stdout(&o));
    // The year before, for the growth.
    std::fs::write(
        d.join("before.csv"),
        format!("{HEADER}{WULING},2029,汽车装调工,,高级工,100,5,7000\n"),
    )
    .unwrap();
    assert!(
        liantu(d, &["import", "workforce", "before.csv"])
            .status
            .success()
    );

    let v = skills_2030(d);
    assert_eq!(v["year"], 2030);
    assert_eq!(v["totals"]["employed"], 202);
    assert_eq!(v["totals"]["vacancies"], 29);
    assert_eq!(v["totals"]["rows"], 4);
    let close = |a: &serde_json::Value, b: f64| (a.as_f64().unwrap() - b).abs() < 1e-9;
    // 29 ÷ (202 + 29); high skill: 高级工 120 + 技师 12 of 120 + 12 + 40 leveled workers.
    assert!(close(&v["totals"]["vacancy_rate"], 29.0 / 231.0), "{v}");
    assert!(
        close(&v["totals"]["high_skill_share"], 132.0 / 172.0),
        "{v}"
    );
    let first = &v["occupations"][0];
    assert_eq!(first["name"], "汽车装调工");
    assert_eq!(first["firms"], 2);
    assert_eq!(
        (first["employed"].clone(), first["vacancies"].clone()),
        (160.into(), 22.into())
    );
    // Wage weighted by the employed: (120 × 7200 + 40 × 5200) ÷ 160.
    assert!(close(&first["wage"], 6700.0), "{first}");
    assert!(close(&first["high_skill_share"], 0.75), "{first}");
    // 160 employed against 100 the year before.
    assert_eq!(first["employed_before"], 100);
    assert!(close(&first["growth"], 0.6), "{first}");
    // Its vacancy rate against the chain's; it pays less than the chain's average, so no
    // premium factor.
    assert!(
        close(&first["shortage_index"], (22.0 / 182.0) / (29.0 / 231.0)),
        "{first}"
    );
    // Against the chain's wage over all rows: (120 × 7200 + 30 × 12500 + 12 × 8000 + 40 × 5200) ÷ 202.
    let chain_wage = (120.0 * 7200.0 + 30.0 * 12500.0 + 12.0 * 8000.0 + 40.0 * 5200.0) / 202.0;
    assert!(close(&v["totals"]["wage"], chain_wage), "{v}");
    assert!(
        close(&first["wage_premium"], 6700.0 / chain_wage - 1.0),
        "{first}"
    );
    assert!(
        first["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "整车"),
        "{first}"
    );
    let electrician = v["occupations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "6-31-01-03")
        .unwrap();
    assert!(
        close(&electrician["high_skill_share"], 1.0),
        "{electrician}"
    );

    // Supply: programmes, all or nothing; graduates who stay spread over each crosswalk.
    let programmes_header =
        "院校名称,院校类型,所在地区划代码,专业名称,年份,毕业生人数,本地留用率,对应职业编码\n";
    let bad = format!(
        "{programmes_header}\
         甲学院,大学堂,450200,汽车装调,2030,100,50%,6-22-02-01\n\
         甲学院,高职,999999,电工,2030,100,50%,6-31-01-03\n\
         甲学院,高职,450200,装调,2030,,50%,6-22-02-01；6-11-00-00\n"
    );
    std::fs::write(d.join("bad-programmes.csv"), bad).unwrap();
    let o = liantu(d, &["import", "programmes", "bad-programmes.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    for expected in [
        "值 value '大学堂'：院校类型应为",
        "值 value '999999'",
        "第 4 行 row 4，F 列 column F（毕业生人数）",
        "不是职业分类中的职业（细类）：6-11-00-00",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    let good = format!(
        "{programmes_header}\
         甲学院,高职,450200,汽车制造与试验技术,2030,100,50%,6-22-02-01；6-31-01-03\n\
         乙技工学校,技工院校,450200,电工,2030,40,0.75,6-31-01-03\n\
         丙学院,本科,450200,车辆工程,2030,80,,6-22-02-01\n"
    );
    std::fs::write(d.join("programmes.csv"), good).unwrap();
    let o = liantu(d, &["import", "programmes", "programmes.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = skills_2030(d);
    let of = |code: &str| {
        v["occupations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["code"] == code)
            .unwrap()
            .clone()
    };
    // 汽车装调工: half of 甲's 100 × 50 % (丙 has no retention rate, so it is not counted).
    let fitter = of("6-22-02-01");
    assert!(close(&fitter["supply"], 25.0), "{fitter}");
    assert!(close(&fitter["gap"], 22.0 - 25.0), "{fitter}");
    assert!(
        close(&fitter["demand_supply_ratio"], 22.0 / 25.0),
        "{fitter}"
    );
    // 电工: 25 from 甲, 40 × 0.75 = 30 from 乙.
    let electrician = of("6-31-01-03");
    assert!(close(&electrician["supply"], 55.0), "{electrician}");
    assert_eq!(electrician["programmes"].as_array().unwrap().len(), 2);
    assert!(close(&v["totals"]["supply"], 80.0), "{v}");
    // 2-02-07-08 has vacancies and no programme: the one suggestion, to open one.
    let suggestions = v["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 1, "{suggestions:?}");
    assert_eq!(suggestions[0]["kind"], "open");
    assert_eq!(suggestions[0]["code"], "2-02-07-08");
    assert_eq!(suggestions[0]["people"], 5);

    // Certified workers add to the supply of their area and year; a 专业技术人员 level, an
    // unknown occupation and a missing count are refused.
    let certifications_header = "所在地区划代码,年份,职业编码,技能等级,认定人数\n";
    let bad = format!(
        "{certifications_header}\
         450204,2030,6-31-01-03,专业技术人员,3\n\
         450204,2030,6-99-99-99,技师,3\n\
         450204,2030,6-31-01-03,技师,\n"
    );
    std::fs::write(d.join("bad-certifications.csv"), bad).unwrap();
    let o = liantu(d, &["import", "certifications", "bad-certifications.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    for expected in [
        "第 2 行 row 2，D 列 column D（技能等级）",
        "第 3 行 row 3，C 列 column C（职业编码），值 value '6-99-99-99'",
        "第 4 行 row 4，E 列 column E（认定人数）：必填项为空",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    std::fs::write(
        d.join("certifications.csv"),
        format!(
            "{certifications_header}\
             450204,2030,6-31-01-03,技师,10\n\
             450204,2030,6-31-01-03,高级工,4\n\
             450100,2030,6-31-01-03,技师,100\n"
        ),
    )
    .unwrap();
    let o = liantu(d, &["import", "certifications", "certifications.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let with_certified: serde_json::Value = skills_2030(d);
    let electrician = with_certified["occupations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "6-31-01-03")
        .unwrap();
    // 55 from the programmes + 14 certified in 柳南区; 南宁's 100 are outside 柳州.
    assert_eq!(electrician["certified"], 14);
    assert!(close(&electrician["supply"], 69.0), "{electrician}");

    // The export imports again as an update of the same rows.
    let o = liantu(d, &["export", "workforce", "--out", "workforce.xlsx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = liantu(
        d,
        &["import", "workforce", "workforce.xlsx", "--mode", "upsert"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("新增 added 0，"), "{}", stdout(&o));
    let again: serde_json::Value = skills_2030(d);
    assert_eq!(again["occupations"], with_certified["occupations"]);
}

#[test]
fn crosswalk_suggestions_come_from_the_programme_name_and_skip_listed_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(liantu(d, &["init", "--demo"]).status.success());
    let o = liantu(d, &["occupation", "crosswalk", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let welding = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["programme"] == "焊接技术应用")
        .unwrap();
    let suggested: Vec<&str> = welding["suggested"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    // 焊工 is listed already; 焊接工程技术人员 is what the name adds.
    assert!(suggested.contains(&"2-02-07-09"), "{welding}");
    assert!(!suggested.contains(&"6-18-02-04"), "{welding}");
    assert!(suggested.len() <= 3);
}

#[test]
fn the_counties_add_up_to_the_city() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(liantu(d, &["init", "--demo"]).status.success());
    let json = |args: &[&str]| -> serde_json::Value {
        let o = liantu(d, args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).unwrap()
    };
    let city = json(&["skills", "--chain", "nev-battery", "--format", "json"]);
    let counties = json(&[
        "skills",
        "--chain",
        "nev-battery",
        "--by-county",
        "--format",
        "json",
    ]);
    let counties = counties.as_array().unwrap();
    assert!(counties.len() > 1);
    for figure in ["employed", "vacancies", "firms", "rows"] {
        let sum: i64 = counties
            .iter()
            .map(|c| c["totals"][figure].as_i64().unwrap())
            .sum();
        assert_eq!(sum, city["totals"][figure].as_i64().unwrap(), "{figure}");
    }
}
