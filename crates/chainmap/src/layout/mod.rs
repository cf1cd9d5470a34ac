//! Layered (Sugiyama-style) layout of a chain: cycle breaking, layering by stage, crossing
//! reduction, coordinates, edge routing. [`layout_with`] runs the phases in order; each phase is
//! a function of what the earlier ones produced:
//!
//! | phase | module | produces |
//! |---|---|---|
//! | labels, edge ends | here | `Labels`, the `Resolved` edges |
//! | cycles, columns | `layering` | `Layering`: back edges, the column of each node |
//! | long-edge points | `layering` | `ItemGraph`: the items of each column, each edge's route |
//! | crossing reduction | `order` | the order of the items in each column |
//! | coordinates | `coords` | `Rows`, `Columns`, the boxes, the stage bands |
//! | edge routing | `route` | lanes, ports, channels, then the [`EdgePath`]s |

mod coords;
mod layering;
mod order;
mod route;

use crate::Lang;
use crate::text::{LABEL_FONT, text_px, wrap};
use coords::{Columns, Rows};
use layering::{ItemGraph, Layering};
use liantu_chain::{Chain, Node};
use liantu_model::{EdgeKind, Stage};
use serde::Serialize;
use std::collections::HashMap;

/// Barycenter sweeps (alternately down and up) used by [`layout`].
pub const DEFAULT_SWEEPS: usize = 8;

/// Height of one label line, px.
pub(crate) const LINE_H: f64 = 17.0;
/// Inner padding of a node box, px.
pub(crate) const PAD_X: f64 = 10.0;
pub(crate) const PAD_Y: f64 = 7.0;
/// Row at the bottom of every box for the status word and the enterprise-count badge, px.
pub(crate) const BADGE_H: f64 = 18.0;

const MIN_W_ZH: f64 = 112.0;
const MIN_W_EN: f64 = 140.0;
const WRAP_ZH: usize = 14;
const WRAP_EN: usize = 22;
const MARGIN_X: f64 = 40.0;
const COL_GAP: f64 = 56.0;
const STAGE_GAP: f64 = 80.0;
/// Stage backgrounds reach this far beyond their columns.
const BAND_PAD: f64 = 14.0;
const NODE_GAP: f64 = 18.0;
const DUMMY_GAP: f64 = 8.0;
const TOP: f64 = 8.0;
const HEADING_H: f64 = 36.0;
const LANE_GAP: f64 = 9.0;
const LANE_PAD: f64 = 10.0;
const SUPPORT_GAP: f64 = 28.0;
const SUPPORT_HEADING_H: f64 = 32.0;
const CHANNEL_PAD: f64 = 12.0;
const CHANNEL_STEP: f64 = 5.0;
const PORT_INSET: f64 = 10.0;
const MIN_PORT_GAP: f64 = 6.0;

/// Options of [`layout_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutOptions {
    pub lang: Lang,
    /// Barycenter sweeps for crossing reduction; 0 keeps the input order of `chain.nodes`.
    pub sweeps: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            lang: Lang::Zh,
            sweeps: DEFAULT_SWEEPS,
        }
    }
}

/// A laid-out chain. All coordinates are px in the SVG user space, origin top left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Number of columns (layers) of the upstream, midstream and downstream stages.
    pub layer_count: usize,
    /// One box per chain node, in the order of `chain.nodes`.
    pub nodes: Vec<NodeBox>,
    /// One path per chain edge whose two ends exist, in the order of `chain.edges`.
    pub edges: Vec<EdgePath>,
    /// Stage backgrounds (columns of a stage, or the supporting band), left to right then the band.
    pub bands: Vec<StageBand>,
}

/// A node's box. Boxes never overlap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeBox {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Column, counted from 0 at the left; supporting nodes (in the bottom band) have
    /// `layer == Layout::layer_count`.
    pub layer: usize,
    pub stage: Stage,
    /// The wrapped label.
    pub lines: Vec<String>,
}

impl NodeBox {
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    /// Left to right between columns, through the gaps between boxes.
    Forward,
    /// A back edge (a cycle broken here, an edge to an earlier stage or column, a self-loop):
    /// out of the source's right side, along a lane above or below the columns, into the
    /// target's left side.
    Back,
    /// To or from a supporting node in the bottom band: enters/leaves that node at its top.
    Support,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgePath {
    /// Index in `chain.edges`.
    pub edge: usize,
    /// Index in `chain.nodes` of the supplier.
    pub from: usize,
    /// Index in `chain.nodes` of the buyer.
    pub to: usize,
    pub kind: EdgeKind,
    /// Drawn against the left-to-right flow (`route == Route::Back`).
    pub reversed: bool,
    pub route: Route,
    /// Waypoints: the start port, the corners or pass-through points, the end port.
    pub points: Vec<(f64, f64)>,
    /// SVG path data (`d`), ending at the target's border (the arrowhead's tip).
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageBand {
    pub stage: Stage,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// Lays out `chain` with the default options for `lang`.
pub fn layout(chain: &Chain, lang: Lang) -> Layout {
    layout_with(
        chain,
        &LayoutOptions {
            lang,
            sweeps: DEFAULT_SWEEPS,
        },
    )
}

/// The label shown for a node: its name in `lang`, else the other name, else its id.
pub(crate) fn node_label(node: &Node, lang: Lang) -> &str {
    let (first, second) = match lang {
        Lang::Zh => (&node.name_zh, &node.name_en),
        Lang::En => (&node.name_en, &node.name_zh),
    };
    [first, second, &node.id]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .map(|s| s.as_str())
        .unwrap_or("")
}

fn stage_rank(stage: Stage) -> Option<usize> {
    match stage {
        Stage::Upstream => Some(0),
        Stage::Midstream => Some(1),
        Stage::Downstream => Some(2),
        Stage::Supporting => None,
    }
}

const MAIN_STAGES: [Stage; 3] = [Stage::Upstream, Stage::Midstream, Stage::Downstream];

/// An edge whose ends exist.
#[derive(Debug)]
struct Resolved {
    edge: usize,
    from: usize,
    to: usize,
    kind: EdgeKind,
}

/// A slot in a layer: a node's box, or a point a long edge passes through.
#[derive(Debug)]
struct Item {
    layer: usize,
    node: Option<usize>,
    h: f64,
}

/// Lays out `chain` (see the module documentation for the phases).
pub fn layout_with(chain: &Chain, options: &LayoutOptions) -> Layout {
    let (wrap_cells, min_w) = match options.lang {
        Lang::Zh => (WRAP_ZH, MIN_W_ZH),
        Lang::En => (WRAP_EN, MIN_W_EN),
    };
    let resolved = resolve_edges(chain);
    let Labels {
        lines,
        text_w,
        box_h,
    } = Labels::measure(chain, options.lang, wrap_cells, &resolved);
    let layering = Layering::new(chain, &resolved);
    let graph = ItemGraph::new(&layering, &resolved, &box_h);
    let order = order::order_layers(&graph, layering.layer_count, options.sweeps);
    let rows = Rows::place(&graph, &order);
    let columns = Columns::place(&layering, &text_w, min_w);
    let mut boxes = coords::column_boxes(chain, lines, &box_h, &layering, &columns);

    let support = layering.supporting_nodes();
    let mut width = columns.right + MARGIN_X;
    if let Some(right) =
        coords::place_support_band(&mut boxes, &support, &layering, &resolved, &text_w, min_w)
    {
        width = width.max(right + MARGIN_X);
    }

    let frame = route::Frame {
        resolved: &resolved,
        layering: &layering,
        graph: &graph,
        rows: &rows,
        columns: &columns,
    };
    // The columns start below the lanes above them, so boxes get their y only now.
    let lanes = frame.lanes(&boxes);
    coords::set_column_rows(&mut boxes, &layering, &graph, &rows, lanes.main_top);
    let mut bands = coords::stage_bands(&layering, &columns, lanes.bands_bottom);
    let mut height = lanes.bands_bottom + 8.0;
    if let Some(band) = coords::support_band(&mut boxes, &support, lanes.bands_bottom, width) {
        height = band.y + band.h + 8.0;
        bands.push(band);
    }
    let ports = frame.ports(&boxes, &lanes);
    let channels = frame.channels(&lanes, &ports);
    let edges = frame.paths(&lanes, &ports, &channels);

    Layout {
        width: width.ceil(),
        height: height.ceil(),
        layer_count: layering.layer_count,
        nodes: boxes,
        edges,
        bands,
    }
}

/// The edges of `chain` whose two ends exist (the first node of an id wins), in `chain.edges`
/// order.
fn resolve_edges(chain: &Chain) -> Vec<Resolved> {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(chain.nodes.len());
    for (i, node) in chain.nodes.iter().enumerate() {
        index.entry(node.id.as_str()).or_insert(i);
    }
    chain
        .edges
        .iter()
        .enumerate()
        .filter_map(|(edge, e)| {
            Some(Resolved {
                edge,
                from: *index.get(e.from.as_str())?,
                to: *index.get(e.to.as_str())?,
                kind: e.kind,
            })
        })
        .collect()
}

/// Each node's wrapped label and the size it needs.
struct Labels {
    lines: Vec<Vec<String>>,
    /// Width of the longest line, px.
    text_w: Vec<f64>,
    /// Box height: the label, the badge row, and room for the ports on its busier side.
    box_h: Vec<f64>,
}

impl Labels {
    fn measure(chain: &Chain, lang: Lang, wrap_cells: usize, resolved: &[Resolved]) -> Labels {
        let lines: Vec<Vec<String>> = chain
            .nodes
            .iter()
            .map(|node| wrap(node_label(node, lang), wrap_cells))
            .collect();
        let text_w: Vec<f64> = lines
            .iter()
            .map(|ls| {
                ls.iter()
                    .map(|l| text_px(l, LABEL_FONT))
                    .fold(0.0, f64::max)
            })
            .collect();
        let mut box_h: Vec<f64> = lines
            .iter()
            .map(|ls| 2.0 * PAD_Y + ls.len().max(1) as f64 * LINE_H + BADGE_H)
            .collect();
        // Boxes with many edges on a side grow so that their ports stay apart.
        let mut side_deg = vec![(0usize, 0usize); chain.nodes.len()];
        for r in resolved {
            side_deg[r.from].1 += 1;
            side_deg[r.to].0 += 1;
        }
        for (h, &(left, right)) in box_h.iter_mut().zip(&side_deg) {
            let need = 2.0 * PORT_INSET + (left.max(right) + 1) as f64 * MIN_PORT_GAP;
            *h = h.max(need.ceil());
        }
        Labels {
            lines,
            text_w,
            box_h,
        }
    }
}

/// Number of crossings between the forward edges of `layout`, counted between each pair of
/// adjacent columns from the edges' waypoints (two edges cross when their order at the left
/// column differs from their order at the right one). Back edges and edges to or from the
/// supporting band are not counted.
pub fn crossings(layout: &Layout) -> usize {
    let mut segs: HashMap<(i64, i64), Vec<(f64, f64)>> = HashMap::new();
    for edge in layout.edges.iter().filter(|e| e.route == Route::Forward) {
        for (j, pair) in edge.points.windows(2).enumerate() {
            if j % 2 == 0 {
                let key = (
                    (pair[0].0 * 10.0).round() as i64,
                    (pair[1].0 * 10.0).round() as i64,
                );
                segs.entry(key).or_default().push((pair[0].1, pair[1].1));
            }
        }
    }
    let mut total = 0;
    for list in segs.values() {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                if (a.0 - b.0) * (a.1 - b.1) < 0.0 {
                    total += 1;
                }
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::coords::place_1d;

    #[test]
    fn place_1d_keeps_separation_and_order() {
        let offsets = [0.0, 10.0, 20.0];
        let p = place_1d(&[5.0, 5.0, 5.0], &[1.0; 3], &offsets);
        assert_eq!(p, vec![-5.0, 5.0, 15.0]);
        let p = place_1d(&[0.0, 100.0, 50.0], &[1.0; 3], &offsets);
        assert_eq!(p[0], 0.0);
        assert!(p[2] - p[1] >= 10.0 - 1e-9);
        assert!(place_1d(&[], &[], &[]).is_empty());
    }
}
