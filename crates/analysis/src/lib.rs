//! 链图 chain diagnosis: for one industrial chain in one region, the local enterprises and output
//! of each node, each node's status (优势 strong / 潜力 potential / 薄弱 weak / 空白 missing) with
//! the rule that fired, chain completeness, 链主 (chain-leader) candidates, single-supplier risk
//! and the 本地配套率 (local supporting rate).
//!
//! Pure: plain structs in ([`DiagnosisInput`], [`DiagnosisRule`]), plain structs out
//! ([`Diagnosis`]), no I/O. Input is index-based so that a 500-node chain over a million
//! enterprises and five million supply links is diagnosed in well under a second.
//!
//! Figures:
//! - an enterprise is **local** when `region.contains(&enterprise.region)`; only memberships of
//!   local enterprises count for node figures;
//! - a firm's **output on a node** = firm output × its share there; memberships without a share
//!   split what the given shares leave (1 − Σ given shares, floored at 0) evenly; a firm with
//!   unknown output is counted but contributes 0;
//! - **本地配套率** = value bought from suppliers inside the region ÷ all value bought, over the
//!   links whose buyer is local; a link's supplier is placed by the supplier enterprise's region
//!   when known, else by `supplier_region`; reported per node (node of the product supplied),
//!   per stage and for the chain, with the number of links behind it;
//! - statuses, completeness weights, single-supplier risk and leader scores follow
//!   [`DiagnosisRule`] (see [`DiagnosisRule::describe_en`]);
//! - a figure outside the data contract (`liantu_model::bounds`) is [`SetAside`]: left out,
//!   listed beside its nodes and counted in their reasons, never an error for the chain.

mod engine;
mod error;
mod rule;
pub mod synthetic;
mod text;
mod types;

pub use engine::diagnose;
pub use error::{DiagnosisError, MAX_AMOUNT};
pub use rule::{DiagnosisRule, StageWeights};
pub use types::{
    Completeness, Concentration, Diagnosis, DiagnosisInput, EnterpriseRef, LeaderCandidate,
    Membership, NodeDiagnosis, NodeMember, NodeRef, SetAside, StageSummary, SupplyLink, SupplyRate,
};

#[cfg(test)]
mod tests;
