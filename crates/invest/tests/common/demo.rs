//! The Liuzhou demo region's node contexts, built from the compiled-in demo data set and the
//! built-in chains the way the app builds them (without a database). Shared by the demo-ranking
//! test and the scoring benchmark.

use liantu_analysis::{
    DiagnosisInput, DiagnosisRule, EnterpriseRef, Membership, NodeRef, SupplyLink, diagnose,
};
use liantu_invest::{NodeContext, node_contexts};
use liantu_model::RegionCode;
use std::collections::HashMap;

pub fn demo_nodes() -> Vec<NodeContext> {
    let data = liantu_demo::dataset().expect("demo");
    let region = RegionCode::parse("450200").unwrap();
    let year = 2024;
    let firm_index: HashMap<&str, u32> = data
        .enterprises
        .iter()
        .zip(0u32..)
        .map(|(e, i)| (e.uscc.as_str(), i))
        .collect();
    let output: HashMap<&str, f64> = data
        .years
        .iter()
        .filter(|y| y.year == year)
        .filter_map(|y| y.output.map(|o| (y.uscc.as_str(), o)))
        .collect();
    let mut nodes: Vec<NodeContext> = Vec::new();
    for chain in liantu_chain::builtin() {
        let node_index: HashMap<&str, u32> = chain
            .nodes
            .iter()
            .zip(0u32..)
            .map(|(n, i)| (n.id.as_str(), i))
            .collect();
        let input = DiagnosisInput {
            nodes: chain
                .nodes
                .iter()
                .map(|n| NodeRef {
                    id: n.id.clone(),
                    stage: n.stage,
                })
                .collect(),
            enterprises: data
                .enterprises
                .iter()
                .map(|e| EnterpriseRef {
                    region: e.region,
                    output: output.get(e.uscc.as_str()).copied(),
                })
                .collect(),
            memberships: data
                .memberships
                .iter()
                .filter(|m| m.chain == chain.id)
                .filter_map(|m| {
                    Some(Membership {
                        enterprise: *firm_index.get(m.uscc.as_str())?,
                        node: *node_index.get(m.node.as_str())?,
                        share: m.share,
                    })
                })
                .collect(),
            links: data
                .links
                .iter()
                .filter(|l| l.chain == chain.id && l.year == year)
                .filter_map(|l| {
                    Some(SupplyLink {
                        buyer: *firm_index.get(l.buyer.as_str())?,
                        supplier: l
                            .supplier
                            .as_ref()
                            .and_then(|s| firm_index.get(s.as_str()).copied()),
                        supplier_region: l.supplier_region,
                        node: *node_index.get(l.node.as_str())?,
                        value: l.value,
                    })
                })
                .collect(),
        };
        let d = diagnose(&input, &region, &DiagnosisRule::default()).expect("diagnosis");
        nodes.extend(node_contexts(&chain, &d, None));
    }
    nodes
}
