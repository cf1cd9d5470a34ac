//! The configurable rule behind node statuses, completeness weights, single-supplier risk and
//! chain-leader scores. Every field has a default, so a TOML file may set only what it changes.

use crate::error::DiagnosisError;
use crate::text::{num, pct_threshold};
use liantu_model::Stage;
use serde::{Deserialize, Serialize};

/// Weight of each stage in the weighted completeness ratio.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct StageWeights {
    /// 上游. Default 1.
    pub upstream: f64,
    /// 中游. Default 1.
    pub midstream: f64,
    /// 下游. Default 1.
    pub downstream: f64,
    /// 配套 (services and auxiliary trades). Default 0.5.
    pub supporting: f64,
}

impl Default for StageWeights {
    fn default() -> Self {
        StageWeights {
            upstream: 1.0,
            midstream: 1.0,
            downstream: 1.0,
            supporting: 0.5,
        }
    }
}

impl StageWeights {
    pub fn get(&self, stage: Stage) -> f64 {
        match stage {
            Stage::Upstream => self.upstream,
            Stage::Midstream => self.midstream,
            Stage::Downstream => self.downstream,
            Stage::Supporting => self.supporting,
        }
    }
}

/// How a node's status is decided, and the other knobs of the diagnosis.
///
/// A node is, checking in this order:
/// - **空白 missing** when it has no local firm;
/// - **薄弱 weak** when *any* of: local firms < `weak_max_firms_exclusive`; its share of the
///   chain's local output < `weak_below_share`; it has ≥ `min_links_for_rate` supply links with a
///   local buyer and its local supporting rate < `weak_below_local_supply`;
/// - **优势 strong** when local firms ≥ `strong_min_firms` and share ≥ `strong_min_share`;
/// - **潜力 potential** otherwise.
///
/// The share conditions are skipped when the chain's local output is 0 (share unknown), so such a
/// node is at best potential.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct DiagnosisRule {
    /// A node with fewer local firms than this is weak. Default 2 (a single firm is weak).
    pub weak_max_firms_exclusive: u32,
    /// A node whose share of the chain's local output is below this is weak. Default 0.01.
    pub weak_below_share: f64,
    /// The local-supply condition applies only to nodes with at least this many supply links
    /// (local buyer). Default 3.
    pub min_links_for_rate: u64,
    /// A node whose local supporting rate is below this (given enough links) is weak.
    /// Default 0.2.
    pub weak_below_local_supply: f64,
    /// A strong node has at least this many local firms. Default 3.
    pub strong_min_firms: u32,
    /// A strong node has at least this share of the chain's local output. Default 0.05.
    pub strong_min_share: f64,
    /// Weights of the weighted completeness ratio.
    pub stage_weights: StageWeights,
    /// A node is flagged for single-supplier risk when one firm makes at least this fraction of
    /// its local output (and that output is > 0). Default 0.8.
    pub single_supplier_threshold: f64,
    /// Weight of (firm chain output ÷ largest firm chain output) in the leader score. Default 0.6.
    pub leader_output_weight: f64,
    /// Weight of (firm local links ÷ largest firm local links) in the leader score. Default 0.4.
    pub leader_links_weight: f64,
    /// How many leader candidates to report. Default 10.
    pub leader_count: u32,
}

impl Default for DiagnosisRule {
    fn default() -> Self {
        DiagnosisRule {
            weak_max_firms_exclusive: 2,
            weak_below_share: 0.01,
            min_links_for_rate: 3,
            weak_below_local_supply: 0.2,
            strong_min_firms: 3,
            strong_min_share: 0.05,
            stage_weights: StageWeights::default(),
            single_supplier_threshold: 0.8,
            leader_output_weight: 0.6,
            leader_links_weight: 0.4,
            leader_count: 10,
        }
    }
}

impl DiagnosisRule {
    /// Checks that fractions lie in [0, 1] and weights are finite and ≥ 0.
    pub fn validate(&self) -> Result<(), DiagnosisError> {
        let fractions = [
            ("weak_below_share", self.weak_below_share),
            ("weak_below_local_supply", self.weak_below_local_supply),
            ("strong_min_share", self.strong_min_share),
            ("single_supplier_threshold", self.single_supplier_threshold),
        ];
        for (field, value) in fractions {
            if !(0.0..=1.0).contains(&value) {
                return Err(DiagnosisError::InvalidRule {
                    field,
                    value,
                    expected: "0..=1",
                });
            }
        }
        let w = &self.stage_weights;
        let weights = [
            ("stage_weights.upstream", w.upstream),
            ("stage_weights.midstream", w.midstream),
            ("stage_weights.downstream", w.downstream),
            ("stage_weights.supporting", w.supporting),
            ("leader_output_weight", self.leader_output_weight),
            ("leader_links_weight", self.leader_links_weight),
        ];
        for (field, value) in weights {
            if !(value.is_finite() && value >= 0.0) {
                return Err(DiagnosisError::InvalidRule {
                    field,
                    value,
                    expected: "a finite number ≥ 0",
                });
            }
        }
        Ok(())
    }

    /// The rule in Chinese, one line per item, for the README and the UI.
    pub fn describe_zh(&self) -> String {
        let w = &self.stage_weights;
        format!(
            "节点状态判定（依次检查）：\n\
             - 空白：本地无企业；\n\
             - 薄弱：满足任一条——本地企业少于 {wf} 家；产值占全链本地产值低于 {ws}；\
             本地买方的供应联系不少于 {ml} 条且本地配套率低于 {wl}；\n\
             - 优势：本地企业不少于 {sf} 家，且产值占全链本地产值不低于 {ss}，且不属薄弱；\n\
             - 潜力：其余有本地企业的节点。\n\
             全链本地产值为 0 时不按占比判定，节点至多为潜力。\n\
             企业在节点上的产值 = 企业产值 × 该节点份额；未给份额的节点平分剩余份额（1 − 已给份额之和，不低于 0）；\
             产值未知的企业计入家数、产值按 0 计。\n\
             完整度 = 有本地企业的节点数 ÷ 节点总数；加权完整度按环节权重：上游 {wu}、中游 {wm}、下游 {wd}、配套 {wsp}。\n\
             单一企业依赖风险：节点本地产值中单家企业占比不低于 {sst}。\n\
             本地配套率 = 向本地区内供应商的采购额 ÷ 全部采购额，只计买方在本地区的供应联系；\
             供应商为已知企业时按其注册地判断。\n\
             链主候选：链上有本地企业身份的企业，得分 = {lo} × 链上产值 ÷ 最大链上产值 + {ll} × 本地供需联系数 ÷ 最大联系数\
             （本地供需联系 = 本企业向本地供应商采购的联系 + 本企业向本地买方供货的联系），取前 {lc} 名；\
             同分按产值、再按序号。",
            wf = self.weak_max_firms_exclusive,
            ws = pct_threshold(self.weak_below_share),
            ml = self.min_links_for_rate,
            wl = pct_threshold(self.weak_below_local_supply),
            sf = self.strong_min_firms,
            ss = pct_threshold(self.strong_min_share),
            wu = num(w.upstream),
            wm = num(w.midstream),
            wd = num(w.downstream),
            wsp = num(w.supporting),
            sst = pct_threshold(self.single_supplier_threshold),
            lo = num(self.leader_output_weight),
            ll = num(self.leader_links_weight),
            lc = self.leader_count,
        )
    }

    /// The rule in English, one line per item, for the README and the UI.
    pub fn describe_en(&self) -> String {
        let w = &self.stage_weights;
        format!(
            "Node status (checked in this order):\n\
             - missing: no local firm;\n\
             - weak: any of — fewer than {wf} local firms; share of the chain's local output below {ws}; \
             at least {ml} supply links with a local buyer and a local supporting rate below {wl};\n\
             - strong: at least {sf} local firms and at least {ss} of the chain's local output, and not weak;\n\
             - potential: any other node with local firms.\n\
             When the chain's local output is 0 the share conditions are skipped and a node is at best potential.\n\
             A firm's output on a node = firm output × its share there; nodes without a share split the rest \
             (1 − sum of given shares, at least 0) evenly; firms with unknown output are counted but add 0.\n\
             Completeness = nodes with a local firm ÷ all nodes; weighted by stage: upstream {wu}, midstream {wm}, \
             downstream {wd}, supporting {wsp}.\n\
             Single-supplier risk: one firm makes at least {sst} of a node's local output.\n\
             Local supporting rate = value bought from suppliers inside the region ÷ all value bought, over links \
             whose buyer is inside the region; a known supplier firm is placed by its registered region.\n\
             Chain-leader candidates: local firms on the chain, score = {lo} × chain output ÷ largest chain output \
             + {ll} × local links ÷ most local links (local links = purchases from local suppliers + sales to local \
             buyers); top {lc}, ties broken by output, then index.",
            wf = self.weak_max_firms_exclusive,
            ws = pct_threshold(self.weak_below_share),
            ml = self.min_links_for_rate,
            wl = pct_threshold(self.weak_below_local_supply),
            sf = self.strong_min_firms,
            ss = pct_threshold(self.strong_min_share),
            wu = num(w.upstream),
            wm = num(w.midstream),
            wd = num(w.downstream),
            wsp = num(w.supporting),
            sst = pct_threshold(self.single_supplier_threshold),
            lo = num(self.leader_output_weight),
            ll = num(self.leader_links_weight),
            lc = self.leader_count,
        )
    }
}
