//! The innovation chain (创新链): platforms that serve a chain's nodes (创新平台), enterprises'
//! technology needs (技术需求) and the achievements that might meet them (科技成果).

use crate::types::{UnknownVariant, vocabulary};
use crate::{RegionCode, Uscc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

vocabulary! {
    /// Kinds of innovation platforms the city counts.
    PlatformKind ("平台类型", "platform kind") {
        KeyLab => "key-lab", "重点实验室", "Key laboratory", ["实验室"];
        EngineeringCentre => "engineering-centre", "工程技术研究中心", "Engineering research centre", ["工程中心", "工程研究中心"];
        EnterpriseCentre => "enterprise-centre", "企业技术中心", "Enterprise technology centre", ["技术中心"];
        NewRnd => "new-rnd", "新型研发机构", "New-type R&D institute", ["研发机构"];
        Alliance => "alliance", "产业技术创新联盟", "Industrial innovation alliance", ["技术创新联盟", "创新联盟"];
        ModelWorkerStudio => "model-worker-studio", "劳模和工匠人才创新工作室", "Model-worker and craftsman studio", ["劳模创新工作室", "工匠创新工作室"];
        MasterStudio => "master-studio", "技能大师工作室", "Skills master studio", ["大师工作室"];
    }
}

vocabulary! {
    /// Who recognised a platform.
    PlatformLevel ("平台级别", "platform level") {
        National => "national", "国家级", "National", ["国家"];
        Regional => "regional", "自治区级", "Autonomous region", ["省级", "自治区", "省部级"];
        City => "city", "市级", "City", ["市"];
    }
}

vocabulary! {
    /// Where a technology need stands (发布 → 对接 → 签约 → 转化).
    NeedStatus ("需求状态", "need status") {
        Published => "published", "发布", "Published", ["已发布", "待对接"];
        Matching => "matching", "对接", "In talks", ["对接中", "洽谈"];
        Signed => "signed", "签约", "Signed", ["已签约"];
        Transferred => "transferred", "转化", "Transferred", ["已转化", "转化完成"];
    }
}

impl NeedStatus {
    /// Needs still looking for a partner: the ones matched against achievements.
    pub fn is_open(self) -> bool {
        matches!(self, NeedStatus::Published | NeedStatus::Matching)
    }
}

vocabulary! {
    /// How far an achievement is from production (成熟度).
    Maturity ("成熟度", "maturity") {
        Lab => "lab", "实验室", "Laboratory", ["实验室阶段", "研发"];
        Bench => "bench", "小试", "Bench scale", ["小试阶段"];
        Pilot => "pilot", "中试", "Pilot scale", ["中试阶段"];
        Industrial => "industrial", "产业化", "In production", ["量产", "产业化阶段"];
    }
}

impl Maturity {
    /// Readiness on a 0–1 scale for matching: laboratory ¼, bench ½, pilot ¾, production 1.
    pub fn readiness(self) -> f64 {
        match self {
            Maturity::Lab => 0.25,
            Maturity::Bench => 0.5,
            Maturity::Pilot => 0.75,
            Maturity::Industrial => 1.0,
        }
    }
}

/// A node of an installed chain, as `chain:node` ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct NodeRef {
    pub chain: String,
    pub node: String,
}

impl NodeRef {
    /// `chain:node`, as stored and exported.
    pub fn id(&self) -> String {
        format!("{}:{}", self.chain, self.node)
    }

    /// Reads `chain:node` (ids, as stored).
    pub fn parse(text: &str) -> Option<NodeRef> {
        let (chain, node) = text.split_once(':')?;
        (!chain.is_empty() && !node.is_empty()).then(|| NodeRef {
            chain: chain.to_string(),
            node: node.to_string(),
        })
    }
}

/// Node lists as stored: `chain:node` ids separated by spaces.
pub fn node_list(nodes: &[NodeRef]) -> String {
    nodes.iter().map(NodeRef::id).collect::<Vec<_>>().join(" ")
}

/// An innovation platform (创新平台), keyed by its name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Platform {
    pub name: String,
    pub kind: PlatformKind,
    pub level: PlatformLevel,
    /// The enterprise, college or institute that runs it (依托单位).
    pub host: String,
    /// The host's USCC when it is a stored enterprise.
    pub host_uscc: Option<Uscc>,
    pub region: RegionCode,
    /// The chain nodes it serves.
    pub nodes: Vec<NodeRef>,
    /// Research fields, as written.
    pub fields: Option<String>,
    /// Year recognised.
    pub year: Option<i32>,
    pub source: String,
    pub as_of: String,
}

/// An enterprise's technology need (技术需求), keyed by its number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechNeed {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The enterprise that needs it (stored).
    pub uscc: Uscc,
    pub nodes: Vec<NodeRef>,
    /// 万元.
    pub budget: Option<f64>,
    /// `YYYY-MM-DD`.
    pub deadline: Option<String>,
    pub status: NeedStatus,
    /// The achievement it was signed or transferred with, when known.
    pub partner: Option<String>,
    pub source: String,
    pub as_of: String,
}

/// A technology achievement or capability (科技成果), keyed by its number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Achievement {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The college, institute, platform or firm that owns it.
    pub owner: String,
    pub region: RegionCode,
    pub maturity: Maturity,
    /// Patents granted that protect it (件).
    pub patents: i64,
    pub nodes: Vec<NodeRef>,
    pub source: String,
    pub as_of: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_and_key_reads_back() {
        for k in PlatformKind::ALL {
            assert_eq!(k.key().parse::<PlatformKind>(), Ok(*k));
            assert_eq!(k.label_zh().parse::<PlatformKind>(), Ok(*k));
        }
        for s in NeedStatus::ALL {
            assert_eq!(s.label_zh().parse::<NeedStatus>(), Ok(*s));
        }
        assert_eq!("省级".parse::<PlatformLevel>(), Ok(PlatformLevel::Regional));
        assert_eq!("中试阶段".parse::<Maturity>(), Ok(Maturity::Pilot));
        assert!("试产".parse::<Maturity>().is_err());
    }

    #[test]
    fn node_refs_round_trip() {
        let r = NodeRef::parse("nev-battery:cathode").unwrap();
        assert_eq!(r.id(), "nev-battery:cathode");
        assert_eq!(NodeRef::parse("cathode"), None);
        assert_eq!(NodeRef::parse(":cathode"), None);
    }
}
