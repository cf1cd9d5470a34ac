//! Renders a built-in chain with made-up decorations, as a standalone SVG file:
//! `cargo run -p liantu-chainmap --example render -- nev-battery zh /tmp/nev.svg`

use liantu_chainmap::{Lang, MapOptions, NodeDecoration, render_svg};
use liantu_model::NodeStatus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let id = args.first().map_or("nev-battery", String::as_str);
    let lang = match args.get(1).map(String::as_str) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    };
    let path = args.get(2).map_or("/tmp/chainmap.svg", String::as_str);
    let Some(chain) = liantu_chain::builtin().into_iter().find(|c| c.id == id) else {
        eprintln!("no built-in chain {id}");
        std::process::exit(2);
    };
    let decorations: Vec<NodeDecoration> = chain
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let h = (i * 2654435761) % 97;
            NodeDecoration {
                status: (h % 5 != 4).then(|| NodeStatus::ALL[h % 4]),
                enterprise_count: (h % 4 != 3).then_some((h % 37) as u32),
                href: Some(format!("/chains/{id}/nodes/{}", node.id)),
                tooltip: None,
                output: None,
            }
        })
        .collect();
    let svg = render_svg(
        &chain,
        &decorations,
        &MapOptions {
            lang,
            legend: true,
            standalone: true,
            frame: None,
        },
    );
    if let Err(e) = std::fs::write(path, svg) {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    }
}
