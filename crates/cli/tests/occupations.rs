//! The occupation classification (职业分类大典 2022) imported from the published file and
//! looked up, and a bad file refused whole.

mod common;

use common::{liantu, stderr, stdout, testdata};

#[test]
fn the_2022_classification_imports_with_its_marks_and_is_looked_up() {
    let Some(file) = testdata::shared("occupations/csco2022.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(liantu(d, &["init"]).status.success());
    let o = liantu(
        d,
        &["reference", "import", "occupations", file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    // The file's rows per level less its three exact repeats (one 中类, two 细类); the green
    // and both counts are the 2022 edition's published 134 and 23. (The edition publishes 97
    // digital occupations; the file marks 95.)
    assert!(
        said.contains("8 大类 major, 72 中类 middle, 336 小类 small groups, 1632 细类 occupations"),
        "{said}"
    );
    assert!(
        said.contains("数字职业 digital 95，绿色职业 green 134，两者 both 23"),
        "{said}"
    );
    assert!(said.contains("合并了 3 行"), "{said}");

    let shown: serde_json::Value = serde_json::from_str(&stdout(&liantu(
        d,
        &["occupation", "show", "2-02-06-03", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(shown["classes"][0]["name"], "化工生产工程技术人员");
    assert_eq!(shown["classes"][0]["parent"], "2-02-06-00");
    // A 中类 lists what is filed under it: its 小类 and the occupations filed directly under it.
    let middle: serde_json::Value = serde_json::from_str(&stdout(&liantu(
        d,
        &["occupation", "show", "1-01-00-00", "--format", "json"],
    )))
    .unwrap();
    let children: Vec<&str> = middle["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert!(children.contains(&"1-01-00-01"), "{children:?}");

    let digital: serde_json::Value = serde_json::from_str(&stdout(&liantu(
        d,
        &[
            "occupation",
            "list",
            "--digital",
            "--green",
            "--format",
            "json",
        ],
    )))
    .unwrap();
    assert_eq!(digital.as_array().unwrap().len(), 23);
    let batteries = stdout(&liantu(
        d,
        &["occupation", "list", "--level", "4", "--q", "电池"],
    ));
    assert!(
        batteries.contains("电池及电池系统维修保养师"),
        "{batteries}"
    );
    // The name with its mark is not repeated as an alias.
    assert!(!batteries.contains("保养师L"), "{batteries}");
}

/// The classification `init` builds in: the chains' occupations and job titles need no file.
#[test]
fn chain_nodes_and_job_titles_use_the_builtin_classification() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(liantu(d, &["init"]).status.success());

    // Every node of the built-in chains names occupations the classification has; the
    // classifier adds suggestions the file does not already name.
    for chain in ["chemical", "forestry", "luosifen", "nev-battery"] {
        let o = liantu(d, &["occupation", "chain", chain, "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let nodes: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        for node in nodes.as_array().unwrap() {
            let links = node["occupations"].as_array().unwrap();
            let curated: Vec<&serde_json::Value> =
                links.iter().filter(|l| l["origin"] == "curated").collect();
            assert!(curated.len() >= 2, "{chain} {node}");
            assert!(
                curated
                    .iter()
                    .all(|l| l["known"] == true && l["name"] != ""),
                "{chain} {node}"
            );
            for s in links.iter().filter(|l| l["origin"] == "suggested") {
                assert!(s["found_in"].is_string() && s["score"].is_number(), "{s}");
                assert!(!curated.iter().any(|c| c["code"] == s["code"]), "{node}");
            }
        }
    }
    let table = stdout(&liantu(d, &["occupation", "chain", "chemical"]));
    assert!(table.contains("氯碱（烧碱、液氯）"), "{table}");
    assert!(table.contains("6-11-02-06  烧碱生产工"), "{table}");
    // A code of the right shape that the classification lacks is shown as such, not dropped.
    std::fs::write(
        d.join("mini.toml"),
        "id = \"mini\"\nname_zh = \"小链\"\nname_en = \"Mini\"\nversion = 1\n\n\
         [[nodes]]\nid = \"salt\"\nname_zh = \"原盐\"\nname_en = \"Salt\"\nstage = \"upstream\"\n\
         occupations = [\"6-16-03-03\", \"6-99-99-99\", \"6-11-00-00\"]\n",
    )
    .unwrap();
    // `chain check` names it with its line, and a class code (中类) that is not an occupation;
    // the file still installs (as with industry codes).
    let o = liantu(d, &["chain", "check", "mini.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    for expected in [
        "2 个职业编码不是已导入的职业分类中的职业",
        "mini.toml:11: 职业编码 6-99-99-99（环节 salt）不在职业分类的细类中",
        "mini.toml:11: 职业编码 6-11-00-00（环节 salt）不在职业分类的细类中",
    ] {
        assert!(stderr(&o).contains(expected), "{expected}: {}", stderr(&o));
    }
    let o = liantu(d, &["chain", "install", "mini.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = liantu(
        d,
        &[
            "occupation",
            "chain",
            "mini",
            "--no-suggestions",
            "--format",
            "json",
        ],
    );
    let nodes: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let links = nodes[0]["occupations"].as_array().unwrap();
    assert_eq!(links.len(), 3, "{nodes}");
    assert_eq!(links[0]["name"], "井矿盐制盐工");
    assert_eq!(
        (links[1]["known"].clone(), links[1]["name"].clone()),
        (false.into(), "".into())
    );
    let table = stdout(&liantu(
        d,
        &["occupation", "chain", "mini", "--no-suggestions"],
    ));
    assert!(table.contains("不在已导入的职业分类中"), "{table}");
    // A database made before the classification was built in gets it by one command.
    let o = liantu(d, &["reference", "import", "occupations", "--builtin"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1632 细类 occupations"),
        "{}",
        stdout(&o)
    );
    let o = liantu(d, &["reference", "import", "gbt4754", "--builtin"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("没有内置"), "{}", stderr(&o));

    // Job titles from a GBK CSV as Chinese Excel saves it: every row kept, codes added.
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "序号,岗位名称,月薪\n1,焊工（包吃住）,6000\n2,柳州急招电工,7000\n3,,\n4,锂电池涂布操作工,5500\n",
    );
    std::fs::write(d.join("postings.csv"), &gbk).unwrap();
    let o = liantu(
        d,
        &[
            "occupation",
            "classify",
            "postings.csv",
            "--out",
            "coded.csv",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // Row 3 has no title: kept, unmatched, marked for review.
    assert!(
        stdout(&o).contains("classified 4 行 rows"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("未匹配 unmatched 1"), "{}", stdout(&o));
    let coded = std::fs::read_to_string(d.join("coded.csv")).unwrap();
    let lines: Vec<&str> = coded.lines().collect();
    assert!(
        lines[0].contains("岗位名称,月薪,职业编码,职业名称,置信度,候选2,候选3,复核"),
        "{coded}"
    );
    assert!(
        lines[1].starts_with("1,焊工（包吃住）,6000,6-18-02-04,焊工,"),
        "{coded}"
    );
    assert!(
        lines[2].starts_with("2,柳州急招电工,7000,6-31-01-03,电工,"),
        "{coded}"
    );
    assert!(
        lines[3].starts_with("3,,,,,") && lines[3].ends_with("请复核"),
        "{coded}"
    );
    assert_eq!(lines.len(), 5, "{coded}");
    // A file without a title column says which headers it looks for.
    std::fs::write(d.join("none.csv"), "姓名,工资\n张三,5000\n").unwrap();
    let o = liantu(d, &["occupation", "classify", "none.csv", "--out", "x.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("职位名称"), "{}", stderr(&o));
    // A file with titles' header but no rows fails, and the earlier output is left as it was
    // (rows are written as they are read, under a temporary name).
    std::fs::write(d.join("empty.csv"), "岗位名称,月薪\n,\n").unwrap();
    let o = liantu(
        d,
        &["occupation", "classify", "empty.csv", "--out", "coded.csv"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(d.join("coded.csv")).unwrap(), coded);
    let left: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_bad_classification_file_is_refused_whole_with_every_bad_cell() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(liantu(d, &["init"]).status.success());
    std::fs::write(
        d.join("bad.csv"),
        "level,code,name,definition,tasks,alias\n\
         1,6-00-00-00,生产制造及有关人员,,,\n\
         2,6-20-00-00,汽车制造人员,,,\n\
         4,6-20-01-01,汽车生产线操作调整工,操作汽车生产线的人员。,,\n\
         4,620-01-02,汽车饰件制造工,,,\n\
         3,6-20-01-01,汽车整车制造人员,,,\n\
         4,6-31-01-01,电池制造工,,,\n\
         4,6-20-01-01,汽车装调工,,,\n",
    )
    .unwrap();
    let o = liantu(d, &["reference", "import", "occupations", "bad.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    for expected in [
        "620-01-02",              // not D-DD-DD-DD
        "编码与层级 3 不符",      // a 小类 code ends in -00
        "文件中没有它的上级类别", // 6-31-01-01 has no class above it in the file
        "与第 4 行编码和层级相同而内容不同",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    // Nothing was written: the built-in classification `init` installed is whole.
    let o = liantu(
        d,
        &["occupation", "list", "--level", "1", "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let majors: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(majors.as_array().unwrap().len(), 8, "{majors}");
    let o = liantu(
        d,
        &["occupation", "list", "--level", "4", "--format", "json"],
    );
    let jobs: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(jobs.as_array().unwrap().len(), 1632);
}
