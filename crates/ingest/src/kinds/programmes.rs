//! Programmes of colleges and training bodies (院校专业), keyed by institution, programme name
//! and year: graduates, enrolment, the share who stay in the area, and the occupations each
//! trains for (专业—职业对照, codes of the database's classification).

use super::{Change, ImportKind, as_of_or_year_end, columns_in_file};
use crate::import::Fields;
use crate::schema::{AS_OF, Column, SOURCE, Type, col};
use crate::text::{Cell, Invalid, parse_date};
use liantu_model::bounds::{EMPLOYEES, SHARE};
use liantu_model::occupation::OccupationCode;
use liantu_model::workforce::{InstitutionKind, Programme};
use liantu_store::{ImportTx, ProgrammeKey, Store, StoreError};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    col!(
        "institution",
        "院校名称",
        ["学校名称", "院校", "学校", "培训机构", "institution_name"],
        Text,
        true,
        false,
        "柳州职业技术大学",
        "",
        ""
    ),
    col!(
        "kind",
        "院校类型",
        ["办学层次", "类型", "institution_kind"],
        Text,
        true,
        false,
        "高职",
        "本科、高职、中职、技工院校、培训机构",
        "本科, 高职, 中职, 技工院校 or 培训机构"
    ),
    col!(
        "region",
        "所在地区划代码",
        ["区划代码", "所在地", "region_code"],
        Region,
        true,
        false,
        "450202",
        "6 位，须在数据库中",
        "6 digits, in the database"
    ),
    col!(
        "code",
        "专业代码",
        ["专业编码", "programme_code"],
        Text,
        false,
        false,
        "460702",
        "教育部专业目录代码",
        "the Ministry of Education catalogue code"
    ),
    col!(
        "name",
        "专业名称",
        ["专业", "培训项目", "programme"],
        Text,
        true,
        false,
        "新能源汽车技术",
        "",
        ""
    ),
    col!(
        "year",
        "年份",
        ["毕业年份", "年度", "届别"],
        Integer,
        true,
        false,
        "2024",
        "毕业生的年份",
        "the graduates' year"
    ),
    col!(
        "enrolment",
        "招生人数",
        ["招生数", "enrolment"],
        Integer,
        false,
        false,
        "300",
        "人",
        "persons"
    ),
    col!(
        "graduates",
        "毕业生人数",
        ["毕业生数", "结业人数", "graduates"],
        Integer,
        true,
        false,
        "280",
        "人（培训机构：结业人数）",
        "persons (training: completions)"
    ),
    col!(
        "retention",
        "本地留用率",
        ["本地就业率", "留柳率", "retention"],
        Share,
        false,
        false,
        "45%",
        "0–1 或百分数；空 = 未知（不计入供给）",
        "0–1 or a percentage; empty = unknown (not counted as supply)"
    ),
    col!(
        "occupations",
        "对应职业编码",
        ["职业编码", "对应职业", "occupation_codes"],
        Text,
        false,
        false,
        "6-22-02-01；6-31-07-01",
        "2022 年版职业分类大典细类编码，用 ；、, 或空格分隔",
        "occupation codes of the 2022 classification, separated by ；、, or spaces"
    ),
    SOURCE,
    AS_OF,
];

pub(crate) struct Programmes {
    regions: HashSet<String>,
    /// The classification's occupations (细类); empty when it has none.
    occupations: HashSet<OccupationCode>,
    stored: HashSet<ProgrammeKey>,
    seen: HashMap<ProgrammeKey, u64>,
}

fn parse_kind(cell: &Cell) -> Result<Option<InstitutionKind>, Invalid> {
    let text = cell.display();
    if text.trim().is_empty() {
        return Ok(None);
    }
    InstitutionKind::parse(&text).map(Some).ok_or_else(|| {
        Invalid::new(
            "院校类型应为 本科、高职、中职、技工院校、培训机构",
            "an institution kind is 本科, 高职, 中职, 技工院校 or 培训机构",
        )
    })
}

impl Programmes {
    fn occupations(&self, f: &mut Fields) -> Option<Vec<OccupationCode>> {
        let text = f.text("occupations", false).unwrap_or_default();
        let mut codes: Vec<OccupationCode> = Vec::new();
        let mut bad: Vec<String> = Vec::new();
        for part in crate::import::split_list(&text) {
            match OccupationCode::parse(part) {
                Ok(code) if self.occupations.contains(&code) => {
                    if !codes.contains(&code) {
                        codes.push(code);
                    }
                }
                _ => bad.push(part.to_string()),
            }
        }
        if !bad.is_empty() {
            let list = bad.join("、");
            let why = if self.occupations.is_empty() {
                super::workforce::no_classification()
            } else {
                Invalid::new(
                    format!("不是职业分类中的职业（细类）：{list}"),
                    format!("not occupations (细类) of the classification: {list}"),
                )
            };
            f.fail("occupations", why);
            return None;
        }
        Some(codes)
    }
}

impl ImportKind for Programmes {
    const KEY: &'static str = "programmes";
    const LABEL_ZH: &'static str = "院校专业";
    const LABEL_EN: &'static str = "Programmes";
    const NAMES: &'static [&'static str] = &["programmes", "programs", "院校专业", "专业"];
    const COLUMNS: &'static [Column] = COLUMNS;
    type Record = Programme;

    async fn load(store: &Store, _tx: &mut ImportTx) -> Result<Programmes, StoreError> {
        Ok(Programmes {
            regions: store.region_codes().await?,
            occupations: store.occupation_codes().await?,
            stored: store.programme_keys().await?,
            seen: HashMap::new(),
        })
    }

    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<(Programme, Change)> {
        let institution = f.name("institution", true);
        let kind = f.parsed("kind", true, parse_kind);
        let region = f.region("region", &self.regions, true);
        let code = f.text("code", false);
        let name = f.name("name", true);
        let year = f.year("year");
        let enrolment = f.bounded_integer("enrolment", &EMPLOYEES);
        let mut graduates = f.parsed("graduates", true, crate::text::parse_integer);
        if let Some(g) = graduates
            && let Err(e) = EMPLOYEES.check(g as f64)
        {
            f.fail("graduates", Invalid::new(e.reason_zh(), e.reason_en()));
            graduates = None;
        }
        let retention = f.bounded("retention", false, true, &SHARE);
        let occupations = self.occupations(f);
        let source = f.source();
        let as_of = f.parsed("as_of", false, parse_date);
        let (institution, kind, region, name, year, graduates, occupations) = (
            institution?,
            kind?,
            region?,
            name?,
            year?,
            graduates?,
            occupations?,
        );
        let key = (institution.clone(), name.clone(), year);
        let stored = self.stored.contains(&key);
        let updates = f.check_key("name", &mut self.seen, key, stored, upsert);
        let record = Programme {
            institution,
            kind,
            region,
            code,
            name,
            year,
            enrolment,
            graduates,
            retention,
            occupations,
            source,
            as_of: as_of_or_year_end(as_of, year),
        };
        Some((record, Change::from_update(updates)))
    }

    async fn write(tx: &mut ImportTx, rows: Vec<Programme>) -> Result<(), StoreError> {
        tx.put_programmes(&rows).await
    }

    /// The date is always written: an absent one means 31 December of the year.
    fn update_columns(present: &HashSet<&'static str>) -> Vec<&'static str> {
        columns_in_file(COLUMNS, present, &["source", "as_of"])
    }
}
