//! Enterprises' workforce by occupation (企业用工), keyed by USCC, year, job and skill level. A
//! row names the occupation by its code or by the job title as the firm wrote it; a title is
//! classified on import (the classifier of `liantu-occupation`, over the database's
//! classification) and its confidence kept, low ones marked for review.

use super::{Change, ImportKind, as_of_or_year_end, columns_in_file};
use crate::import::{Fields, not_imported};
use crate::schema::{AS_OF, Column, MEMBER_USCC, SOURCE, Type, YEAR, col};
use crate::text::{Cell, Invalid, parse_date};
use liantu_model::bounds::{EMPLOYEES, MONTHLY_WAGE};
use liantu_model::occupation::OccupationCode;
use liantu_model::workforce::{SkillLevel, Staffing};
use liantu_occupation::{Classifier, REVIEW_BELOW, rounded_confidence};
use liantu_store::{ImportTx, StaffingKey, Store, StoreError};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    MEMBER_USCC,
    YEAR,
    col!(
        "title",
        "职位名称",
        ["岗位名称", "职位", "岗位", "工种", "job_title"],
        Text,
        false,
        false,
        "电芯涂布操作工",
        "与职业编码至少填一项；只填名称时导入时自动判断职业",
        "this or the occupation code; a title alone is classified on import"
    ),
    col!(
        "occupation",
        "职业编码",
        ["职业代码", "occupation_code"],
        Text,
        false,
        false,
        "6-24-04-00",
        "2022 年版职业分类大典的细类编码",
        "an occupation code of the 2022 classification"
    ),
    col!(
        "skill",
        "技能等级",
        ["职业技能等级", "等级", "skill_level"],
        Text,
        false,
        false,
        "高级工",
        "初级工、中级工、高级工、技师、高级技师（或五级…一级）、专业技术人员；可空",
        "初级工 … 高级技师 (or 五级 … 一级), 专业技术人员; may be empty"
    ),
    col!(
        "employed",
        "在岗人数",
        ["在职人数", "人数", "employed"],
        Integer,
        false,
        false,
        "120",
        "人；空 = 0",
        "persons; empty = 0"
    ),
    col!(
        "vacancies",
        "空缺人数",
        ["招聘人数", "缺口人数", "vacancies"],
        Integer,
        false,
        false,
        "15",
        "人；空 = 0",
        "persons; empty = 0"
    ),
    col!(
        "wage",
        "月均工资（元）",
        ["月均工资", "平均工资", "月薪", "wage"],
        Decimal,
        false,
        false,
        "6,500",
        "元/月",
        "yuan per month"
    ),
    SOURCE,
    AS_OF,
];

pub(crate) struct Workforce {
    /// The database's occupations (细类); `None` when it has no classification.
    classification: Option<(HashSet<OccupationCode>, Classifier)>,
    stored: HashSet<StaffingKey>,
    seen: HashMap<StaffingKey, u64>,
}

/// An occupation code as written, checked against the classification's occupations (细类):
/// its form first, then that there is a classification, then that it names an occupation.
pub(crate) fn known_occupation(
    text: &str,
    known: &HashSet<OccupationCode>,
) -> Result<OccupationCode, Invalid> {
    match OccupationCode::parse(text) {
        Err(_) => Err(Invalid::new(
            "职业编码应为 D-DD-DD-DD 形式，如 6-24-04-00",
            "an occupation code is D-DD-DD-DD, e.g. 6-24-04-00",
        )),
        Ok(_) if known.is_empty() => Err(no_classification()),
        Ok(code) if known.contains(&code) => Ok(code),
        Ok(_) => Err(Invalid::new(
            "不是职业分类中的职业（细类）",
            "not an occupation (细类) of the classification",
        )),
    }
}

pub(crate) fn no_classification() -> Invalid {
    Invalid::new(
        "数据库中还没有职业分类：liantu reference import occupations --builtin",
        "the database has no occupation classification: liantu reference import occupations --builtin",
    )
}

pub(crate) fn parse_skill(cell: &Cell) -> Result<Option<SkillLevel>, Invalid> {
    let text = cell.display();
    if text.trim().is_empty() {
        return Ok(None);
    }
    SkillLevel::parse(&text).map(Some).ok_or_else(|| {
        Invalid::new(
            "技能等级应为 初级工、中级工、高级工、技师、高级技师（或五级…一级）、专业技术人员",
            "a skill level is 初级工, 中级工, 高级工, 技师, 高级技师 (or 五级 … 一级) or 专业技术人员",
        )
    })
}

impl Workforce {
    /// The row's occupation, its confidence (`None`: given as a code) and the review mark.
    fn occupation(&self, f: &mut Fields) -> Option<(String, OccupationCode, Option<f64>, bool)> {
        let title = f.text("title", false);
        let code = f.text("occupation", false);
        let Some((known, classifier)) = &self.classification else {
            if title.is_some() || code.is_some() {
                f.fail("occupation", no_classification());
            }
            return None;
        };
        match (code, title) {
            (Some(code), title) => match known_occupation(&code, known) {
                Ok(parsed) => Some((title.unwrap_or(code), parsed, None, false)),
                Err(why) => {
                    f.fail("occupation", why);
                    None
                }
            },
            (None, Some(title)) => {
                let found = classifier.classify(&title, 2);
                let Some(first) = found.candidates.into_iter().next() else {
                    f.fail(
                        "title",
                        Invalid::new(
                            "无法从职位名称判断职业，请填写职业编码",
                            "no occupation found in the title: give the occupation code",
                        ),
                    );
                    return None;
                };
                let confidence = rounded_confidence(found.confidence);
                Some((
                    title,
                    first.code,
                    Some(confidence),
                    confidence < REVIEW_BELOW,
                ))
            }
            (None, None) => {
                f.fail(
                    "occupation",
                    Invalid::new(
                        "职业编码和职位名称至少填一项",
                        "give the occupation code or the job title",
                    ),
                );
                None
            }
        }
    }
}

impl ImportKind for Workforce {
    const KEY: &'static str = "workforce";
    const LABEL_ZH: &'static str = "企业用工";
    const LABEL_EN: &'static str = "Workforce";
    const NAMES: &'static [&'static str] = &["workforce", "staffing", "企业用工", "用工"];
    const COLUMNS: &'static [Column] = COLUMNS;
    type Record = Staffing;

    async fn load(store: &Store, _tx: &mut ImportTx) -> Result<Workforce, StoreError> {
        let classes = store.occupations().await?;
        let classification = (!classes.is_empty()).then(|| {
            let known = classes
                .iter()
                .filter(|o| o.level == 4)
                .map(|o| o.code.clone())
                .collect();
            (known, Classifier::new(&classes))
        });
        Ok(Workforce {
            classification,
            stored: store.workforce_keys().await?,
            seen: HashMap::new(),
        })
    }

    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<(Staffing, Change)> {
        let uscc = f.uscc("uscc", true);
        if let Some(code) = &uscc {
            f.require_enterprise("uscc", code, not_imported());
            f.check_scope("uscc", code, None);
        }
        let year = f.year("year");
        let occupation = self.occupation(f);
        let skill = f.parsed("skill", false, parse_skill);
        let employed = f.bounded_integer("employed", &EMPLOYEES);
        let vacancies = f.bounded_integer("vacancies", &EMPLOYEES);
        let wage = f.bounded("wage", false, false, &MONTHLY_WAGE);
        let source = f.source();
        let as_of = f.parsed("as_of", false, parse_date);
        let (uscc, year, (job, occupation, confidence, review)) = (uscc?, year?, occupation?);
        let key = (
            uscc.as_str().to_string(),
            year,
            job.clone(),
            skill.map_or("", |s| s.key()).to_string(),
        );
        let stored = self.stored.contains(&key);
        let updates = f.check_key("title", &mut self.seen, key, stored, upsert);
        let record = Staffing {
            uscc,
            year,
            job,
            occupation,
            confidence,
            review,
            skill,
            employed: employed.unwrap_or(0),
            vacancies: vacancies.unwrap_or(0),
            wage,
            source,
            as_of: as_of_or_year_end(as_of, year),
        };
        Some((record, Change::from_update(updates)))
    }

    async fn write(tx: &mut ImportTx, rows: Vec<Staffing>) -> Result<(), StoreError> {
        tx.put_workforce(&rows).await
    }

    /// The occupation, its confidence and the review mark are always written (they follow
    /// from the title or code, part of the key); so is the date.
    fn update_columns(present: &HashSet<&'static str>) -> Vec<&'static str> {
        let mut columns = columns_in_file(COLUMNS, present, &["source", "as_of"]);
        // The key (the title is stored as `job`) is what the row is matched on.
        columns.retain(|c| !matches!(*c, "uscc" | "year" | "title" | "skill"));
        columns.extend(["occupation", "confidence", "review"]);
        columns.sort_unstable();
        columns.dedup();
        columns
    }
}
