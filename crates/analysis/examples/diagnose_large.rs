//! Builds the synthetic scale-target input (500 nodes, 1,000,000 enterprises, ≈1.3M memberships,
//! 5,000,000 links), diagnoses it once for 450200 and prints the timings. Measure peak memory
//! with `/usr/bin/time -v target/release/examples/diagnose_large`.

use liantu_analysis::synthetic::{SyntheticSpec, generate};
use liantu_analysis::{DiagnosisRule, diagnose};
use liantu_model::{NodeStatus, RegionCode};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let started = Instant::now();
    let input = generate(&SyntheticSpec::large());
    let built = started.elapsed();
    println!(
        "input: {} nodes, {} enterprises, {} memberships, {} links; built in {built:.2?}",
        input.nodes.len(),
        input.enterprises.len(),
        input.memberships.len(),
        input.links.len()
    );
    let Ok(region) = RegionCode::parse("450200") else {
        eprintln!("bad region code");
        return ExitCode::FAILURE;
    };
    let started = Instant::now();
    let result = diagnose(&input, &region, &DiagnosisRule::default());
    let elapsed = started.elapsed();
    match result {
        Ok(d) => {
            println!("diagnose: {elapsed:.2?}");
            let count = |s: NodeStatus| d.nodes.iter().filter(|n| n.status == s).count();
            println!(
                "local firms {}, chain output {:.0} 万元, local supply rate {:.1}% over {} links",
                d.local_enterprises,
                d.total_output,
                d.local_supply.rate.unwrap_or(0.0) * 100.0,
                d.local_supply.link_count
            );
            println!(
                "nodes: {} strong, {} potential, {} weak, {} missing; completeness {:.1}% (weighted {:.1}%)",
                count(NodeStatus::Strong),
                count(NodeStatus::Potential),
                count(NodeStatus::Weak),
                count(NodeStatus::Missing),
                d.completeness.ratio * 100.0,
                d.completeness.weighted_ratio.unwrap_or(0.0) * 100.0
            );
            if let Some(l) = d.leaders.first() {
                println!("top leader: #{} — {}", l.enterprise, l.reason_en);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
