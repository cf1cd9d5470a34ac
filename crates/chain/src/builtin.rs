//! The chain templates shipped with liantu, compiled into the binary from `data/chains/`.

use crate::{Chain, parse_chain};

/// (file name, TOML text) of every built-in template.
const SOURCES: &[(&str, &str)] = &[
    (
        "nev-battery.toml",
        include_str!("../../../data/chains/nev-battery.toml"),
    ),
    (
        "chemical.toml",
        include_str!("../../../data/chains/chemical.toml"),
    ),
    (
        "forestry.toml",
        include_str!("../../../data/chains/forestry.toml"),
    ),
    (
        "luosifen.toml",
        include_str!("../../../data/chains/luosifen.toml"),
    ),
];

pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
    SOURCES
}

/// All built-in chains, parsed. The test `builtin_chains_are_valid` guarantees they parse, so a
/// broken template fails the build's tests rather than a user's command.
pub fn builtin() -> Vec<Chain> {
    SOURCES
        .iter()
        .filter_map(|(_, text)| parse_chain(text).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use liantu_model::Stage;

    #[test]
    fn builtin_chains_are_valid() {
        for (file, text) in SOURCES {
            if let Err(problems) = parse_chain(text) {
                let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                panic!("{file}:\n{}", list.join("\n"));
            }
        }
        assert_eq!(builtin().len(), SOURCES.len());
    }

    #[test]
    fn builtin_chains_meet_the_content_brief() {
        let chains = builtin();
        let ids: Vec<&str> = chains.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["nev-battery", "chemical", "forestry", "luosifen"]);
        for chain in &chains {
            assert!(chain.nodes.len() >= 15, "{} has too few nodes", chain.id);
            assert!(chain.nodes.iter().all(|n| !n.industry_codes.is_empty()));
        }
        let nev = &chains[0];
        for id in [
            "lithium-carbonate",
            "electrolyte",
            "lithium-hexafluorophosphate",
            "cathode",
            "battery-cell",
            "vehicle",
            "battery-recycling",
        ] {
            assert!(nev.node(id).is_some(), "nev-battery lacks {id}");
        }
        let forestry = chains.iter().find(|c| c.id == "forestry").unwrap();
        assert!(forestry.nodes.iter().any(|n| n.stage == Stage::Supporting));
        let chemical = chains.iter().find(|c| c.id == "chemical").unwrap();
        assert!(
            chemical
                .edges
                .iter()
                .any(|e| e.kind == liantu_model::EdgeKind::ByProduct),
            "the chemical chain needs by-product edges"
        );
    }
}
