//! Skill certifications (技能等级认定结果), keyed by division, year, occupation and level: how
//! many workers were certified — supply to the occupation beside the graduates who stay.

use super::workforce::{known_occupation, parse_skill};
use super::{Change, ImportKind, as_of_or_year_end};
use crate::import::Fields;
use crate::schema::{AS_OF, Column, SOURCE, Type, YEAR, col};
use crate::text::{Invalid, parse_date};
use liantu_model::bounds::EMPLOYEES;
use liantu_model::occupation::OccupationCode;
use liantu_model::workforce::{Certification, SkillLevel};
use liantu_store::{CertificationKey, ImportTx, Store, StoreError};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    col!(
        "region",
        "所在地区划代码",
        ["区划代码", "所在地", "region_code"],
        Region,
        true,
        false,
        "450202",
        "认定所在的区县或市，6 位，须在数据库中",
        "the county or city, 6 digits, in the database"
    ),
    YEAR,
    col!(
        "occupation",
        "职业编码",
        ["职业代码", "occupation_code"],
        Text,
        true,
        false,
        "6-22-02-01",
        "2022 年版职业分类大典的细类编码",
        "an occupation code of the 2022 classification"
    ),
    col!(
        "level",
        "技能等级",
        ["职业技能等级", "等级", "skill_level"],
        Text,
        true,
        false,
        "高级工",
        "初级工、中级工、高级工、技师、高级技师（或五级…一级）",
        "初级工 … 高级技师 (or 五级 … 一级)"
    ),
    col!(
        "certified",
        "认定人数",
        ["取证人数", "获证人数", "certified"],
        Integer,
        true,
        false,
        "85",
        "人",
        "persons"
    ),
    SOURCE,
    AS_OF,
];

pub(crate) struct Certifications {
    regions: HashSet<String>,
    occupations: HashSet<OccupationCode>,
    stored: HashSet<CertificationKey>,
    seen: HashMap<CertificationKey, u64>,
}

impl Certifications {
    fn occupation(&self, f: &mut Fields) -> Option<OccupationCode> {
        let text = f.text("occupation", true)?;
        known_occupation(&text, &self.occupations)
            .map_err(|why| f.fail("occupation", why))
            .ok()
    }
}

impl ImportKind for Certifications {
    const KEY: &'static str = "certifications";
    const LABEL_ZH: &'static str = "技能等级认定";
    const LABEL_EN: &'static str = "Skill certifications";
    const NAMES: &'static [&'static str] = &[
        "certifications",
        "certification",
        "技能等级认定",
        "技能认定",
    ];
    const COLUMNS: &'static [Column] = COLUMNS;
    type Record = Certification;

    async fn load(store: &Store, _tx: &mut ImportTx) -> Result<Certifications, StoreError> {
        Ok(Certifications {
            regions: store.region_codes().await?,
            occupations: store.occupation_codes().await?,
            stored: store.certification_keys().await?,
            seen: HashMap::new(),
        })
    }

    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<(Certification, Change)> {
        let region = f.region("region", &self.regions, true);
        let year = f.year("year");
        let occupation = self.occupation(f);
        let mut level = f.parsed("level", true, parse_skill);
        if level == Some(SkillLevel::Professional) {
            f.fail(
                "level",
                Invalid::new(
                    "技能等级认定只有 初级工 … 高级技师 五个等级",
                    "certification levels are 初级工 … 高级技师",
                ),
            );
            level = None;
        }
        let mut certified = f.parsed("certified", true, crate::text::parse_integer);
        if let Some(n) = certified
            && let Err(e) = EMPLOYEES.check(n as f64)
        {
            f.fail("certified", Invalid::new(e.reason_zh(), e.reason_en()));
            certified = None;
        }
        let source = f.source();
        let as_of = f.parsed("as_of", false, parse_date);
        let (region, year, occupation, level, certified) =
            (region?, year?, occupation?, level?, certified?);
        let key = (
            region.to_string(),
            year,
            occupation.as_str().to_string(),
            level.key().to_string(),
        );
        let stored = self.stored.contains(&key);
        let updates = f.check_key("level", &mut self.seen, key, stored, upsert);
        let record = Certification {
            region,
            year,
            occupation,
            level,
            certified,
            source,
            as_of: as_of_or_year_end(as_of, year),
        };
        Some((record, Change::from_update(updates)))
    }

    async fn write(tx: &mut ImportTx, rows: Vec<Certification>) -> Result<(), StoreError> {
        tx.put_certifications(&rows).await
    }
}
