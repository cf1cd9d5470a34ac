//! Enterprises' workforce by occupation (用工): how many people of an occupation and skill level
//! a firm employs in a year, its open vacancies and the wage — the demand side of the skills
//! analysis. A row names the job as the firm wrote it (a code of the 2022 classification, or a
//! free title classified on import, with the classifier's confidence kept).

use crate::occupation::OccupationCode;
use crate::uscc::Uscc;
use serde::Serialize;

/// The national skill levels (国家职业资格/职业技能等级 五级 … 一级) and professional titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkillLevel {
    /// 初级工 (五级)
    Junior,
    /// 中级工 (四级)
    Intermediate,
    /// 高级工 (三级)
    Senior,
    /// 技师 (二级)
    Technician,
    /// 高级技师 (一级)
    SeniorTechnician,
    /// 专业技术人员 (engineers and other professionals, by title rather than skill level)
    Professional,
}

impl SkillLevel {
    pub const ALL: [SkillLevel; 6] = [
        SkillLevel::Junior,
        SkillLevel::Intermediate,
        SkillLevel::Senior,
        SkillLevel::Technician,
        SkillLevel::SeniorTechnician,
        SkillLevel::Professional,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SkillLevel::Junior => "junior",
            SkillLevel::Intermediate => "intermediate",
            SkillLevel::Senior => "senior",
            SkillLevel::Technician => "technician",
            SkillLevel::SeniorTechnician => "senior-technician",
            SkillLevel::Professional => "professional",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            SkillLevel::Junior => "初级工",
            SkillLevel::Intermediate => "中级工",
            SkillLevel::Senior => "高级工",
            SkillLevel::Technician => "技师",
            SkillLevel::SeniorTechnician => "高级技师",
            SkillLevel::Professional => "专业技术人员",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            SkillLevel::Junior => "junior worker",
            SkillLevel::Intermediate => "intermediate worker",
            SkillLevel::Senior => "senior worker",
            SkillLevel::Technician => "technician",
            SkillLevel::SeniorTechnician => "senior technician",
            SkillLevel::Professional => "professional",
        }
    }

    /// 高技能人才: 高级工 and above (the national definition); professionals are counted apart.
    pub fn is_high_skill(self) -> bool {
        matches!(
            self,
            SkillLevel::Senior | SkillLevel::Technician | SkillLevel::SeniorTechnician
        )
    }

    /// The level as HR reports write it: the name (初级工, 初级), the 国家职业资格 grade (五级 …
    /// 一级), or the key.
    pub fn parse(text: &str) -> Option<SkillLevel> {
        let t = text.trim();
        SkillLevel::ALL.into_iter().find(|l| {
            let aliases: &[&str] = match l {
                SkillLevel::Junior => &["初级工", "初级", "五级", "5级"],
                SkillLevel::Intermediate => &["中级工", "中级", "四级", "4级"],
                SkillLevel::Senior => &["高级工", "高级", "三级", "3级"],
                SkillLevel::Technician => &["技师", "二级", "2级"],
                SkillLevel::SeniorTechnician => &["高级技师", "一级", "1级"],
                SkillLevel::Professional => &["专业技术人员", "专技人员", "专业技术"],
            };
            t == l.key() || aliases.contains(&t)
        })
    }
}

/// One firm's people of one job in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Staffing {
    pub uscc: Uscc,
    pub year: i32,
    /// The job as the file wrote it: the title, else the code (with the level, the row's key
    /// within the firm and year).
    pub job: String,
    pub occupation: OccupationCode,
    /// The classifier's confidence when the occupation was found from a title; `None` when the
    /// file gave the code.
    pub confidence: Option<f64>,
    /// Classified with a confidence too low to trust without a look.
    pub review: bool,
    pub skill: Option<SkillLevel>,
    /// People employed at the end of the year (在岗人数).
    pub employed: i64,
    /// Open positions (空缺/招聘人数).
    pub vacancies: i64,
    /// Average monthly wage, 元.
    pub wage: Option<f64>,
    pub source: String,
    pub as_of: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_read_as_hr_reports_write_them() {
        assert_eq!(SkillLevel::parse("五级"), Some(SkillLevel::Junior));
        assert_eq!(
            SkillLevel::parse(" 高级技师 "),
            Some(SkillLevel::SeniorTechnician)
        );
        assert_eq!(SkillLevel::parse("高级"), Some(SkillLevel::Senior));
        assert_eq!(
            SkillLevel::parse("senior-technician"),
            Some(SkillLevel::SeniorTechnician)
        );
        assert_eq!(SkillLevel::parse("大师"), None);
        for l in SkillLevel::ALL {
            assert_eq!(SkillLevel::parse(l.key()), Some(l));
            assert_eq!(SkillLevel::parse(l.label_zh()), Some(l));
        }
    }
}

/// Kinds of institutions that train for occupations (院校与培训机构).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstitutionKind {
    /// 本科院校
    University,
    /// 高职（专科）院校
    HigherVocational,
    /// 中职学校
    SecondaryVocational,
    /// 技工院校
    TechnicalSchool,
    /// 培训机构
    Training,
}

impl InstitutionKind {
    pub const ALL: [InstitutionKind; 5] = [
        InstitutionKind::University,
        InstitutionKind::HigherVocational,
        InstitutionKind::SecondaryVocational,
        InstitutionKind::TechnicalSchool,
        InstitutionKind::Training,
    ];

    pub fn key(self) -> &'static str {
        match self {
            InstitutionKind::University => "university",
            InstitutionKind::HigherVocational => "higher-vocational",
            InstitutionKind::SecondaryVocational => "secondary-vocational",
            InstitutionKind::TechnicalSchool => "technical-school",
            InstitutionKind::Training => "training",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            InstitutionKind::University => "本科",
            InstitutionKind::HigherVocational => "高职",
            InstitutionKind::SecondaryVocational => "中职",
            InstitutionKind::TechnicalSchool => "技工院校",
            InstitutionKind::Training => "培训机构",
        }
    }

    /// The kind as written: its Chinese label (本科, 高职/高职专科/专科, 中职/中专, 技工院校/技校,
    /// 培训机构) or its key.
    pub fn parse(text: &str) -> Option<InstitutionKind> {
        let t = text.trim();
        InstitutionKind::ALL.into_iter().find(|k| {
            let aliases: &[&str] = match k {
                InstitutionKind::University => &["本科", "本科院校", "大学"],
                InstitutionKind::HigherVocational => &["高职", "高职专科", "专科", "高职院校"],
                InstitutionKind::SecondaryVocational => &["中职", "中专", "中职学校"],
                InstitutionKind::TechnicalSchool => &["技工院校", "技校", "技师学院", "技工学校"],
                InstitutionKind::Training => &["培训机构", "培训"],
            };
            t == k.key() || aliases.contains(&t)
        })
    }
}

/// One programme of one institution in one year (院校专业): the supply side of the skills
/// analysis. Its graduates who stay (× the local retention rate) are spread evenly over the
/// occupations of its crosswalk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Programme {
    pub institution: String,
    pub kind: InstitutionKind,
    pub region: crate::RegionCode,
    /// The programme's code in the Ministry of Education's catalogue, when given.
    pub code: Option<String>,
    pub name: String,
    pub year: i32,
    pub enrolment: Option<i64>,
    pub graduates: i64,
    /// Share of graduates who take jobs in the area (本地留用率), 0–1.
    pub retention: Option<f64>,
    /// The occupations the programme trains for (专业—职业对照).
    pub occupations: Vec<OccupationCode>,
    pub source: String,
    pub as_of: String,
}

/// Workers certified at a skill level in an occupation in one year and area (技能等级认定结果):
/// counted in the local supply of the occupation beside the graduates who stay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certification {
    pub region: crate::RegionCode,
    pub year: i32,
    pub occupation: OccupationCode,
    /// A worker level (初级工 … 高级技师), never 专业技术人员.
    pub level: SkillLevel,
    pub certified: i64,
    pub source: String,
    pub as_of: String,
}
