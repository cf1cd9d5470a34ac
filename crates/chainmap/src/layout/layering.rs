//! Columns: which edges are back edges (cycles broken inside a stage), the column of every node,
//! and the items each column holds once long edges have a point in every column they cross.

use super::{Item, Resolved, Route, stage_rank};
use liantu_chain::Chain;

/// The column structure of the chain.
#[derive(Debug)]
pub(super) struct Layering {
    /// Stage rank of each node (0 upstream, 1 midstream, 2 downstream); `None` for supporting
    /// nodes, which sit in the bottom band instead of a column.
    pub rank: Vec<Option<usize>>,
    /// Per resolved edge: an intra-stage edge reversed to break a cycle.
    pub reversed: Vec<bool>,
    /// Column of each node; supporting nodes have `layer_count`.
    pub layer: Vec<usize>,
    /// Columns of the upstream, midstream and downstream stages.
    pub stage_layers: [usize; 3],
    /// First column of each stage.
    pub stage_offset: [usize; 3],
    pub layer_count: usize,
    /// Stage rank of each column.
    pub layer_stage: Vec<usize>,
}

impl Layering {
    pub fn new(chain: &Chain, resolved: &[Resolved]) -> Layering {
        let n = chain.nodes.len();
        let rank: Vec<Option<usize>> = chain.nodes.iter().map(|nd| stage_rank(nd.stage)).collect();
        let intra_out = intra_stage_edges(&rank, resolved);
        let reversed = break_cycles(&rank, &intra_out, resolved.len());
        let sub = sub_layers(&rank, &intra_out, &reversed);
        let mut stage_layers = [0usize; 3];
        for i in 0..n {
            if let Some(r) = rank[i] {
                stage_layers[r] = stage_layers[r].max(sub[i] + 1);
            }
        }
        let stage_offset = [0, stage_layers[0], stage_layers[0] + stage_layers[1]];
        let layer_count = stage_layers.iter().sum::<usize>();
        let mut layer_stage = Vec::with_capacity(layer_count);
        for (r, &count) in stage_layers.iter().enumerate() {
            layer_stage.extend(std::iter::repeat_n(r, count));
        }
        let layer: Vec<usize> = (0..n)
            .map(|i| match rank[i] {
                Some(r) => stage_offset[r] + sub[i],
                None => layer_count,
            })
            .collect();
        Layering {
            rank,
            reversed,
            layer,
            stage_layers,
            stage_offset,
            layer_count,
            layer_stage,
        }
    }

    /// In a column (not a supporting node).
    pub fn in_column(&self, node: usize) -> bool {
        self.rank[node].is_some()
    }

    /// The supporting nodes, in `chain.nodes` order.
    pub fn supporting_nodes(&self) -> Vec<usize> {
        (0..self.rank.len())
            .filter(|&i| self.rank[i].is_none())
            .collect()
    }
}

/// Per node, its edges (index in `resolved`, target) to other nodes of the same main stage.
fn intra_stage_edges(rank: &[Option<usize>], resolved: &[Resolved]) -> Vec<Vec<(usize, usize)>> {
    let mut intra_out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); rank.len()];
    for (k, r) in resolved.iter().enumerate() {
        if r.from != r.to && rank[r.from].is_some() && rank[r.from] == rank[r.to] {
            intra_out[r.from].push((k, r.to));
        }
    }
    intra_out
}

/// Breaks the cycles inside each stage: a depth-first search from the stage's sources, then the
/// other nodes; an edge to a node on the DFS stack is reversed. Returns, per resolved edge,
/// whether it is reversed.
fn break_cycles(
    rank: &[Option<usize>],
    intra_out: &[Vec<(usize, usize)>],
    edge_count: usize,
) -> Vec<bool> {
    let n = rank.len();
    let mut intra_in_deg = vec![0usize; n];
    for list in intra_out {
        for &(_, v) in list {
            intra_in_deg[v] += 1;
        }
    }
    let mut reversed = vec![false; edge_count];
    let starts = (0..n)
        .filter(|&i| intra_in_deg[i] == 0)
        .chain((0..n).filter(|&i| intra_in_deg[i] != 0));
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for s in starts {
        if state[s] != 0 || rank[s].is_none() {
            continue;
        }
        state[s] = 1;
        stack.push((s, 0));
        while let Some(top) = stack.last_mut() {
            let (u, i) = *top;
            if let Some(&(k, v)) = intra_out[u].get(i) {
                top.1 += 1;
                match state[v] {
                    0 => {
                        state[v] = 1;
                        stack.push((v, 0));
                    }
                    1 => reversed[k] = true,
                    _ => {}
                }
            } else {
                state[u] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Sub-column of each node within its stage: longest path over the intra-stage edges that are
/// not reversed.
fn sub_layers(
    rank: &[Option<usize>],
    intra_out: &[Vec<(usize, usize)>],
    reversed: &[bool],
) -> Vec<usize> {
    let n = rank.len();
    let mut sub = vec![0usize; n];
    let mut indeg = vec![0usize; n];
    for list in intra_out {
        for &(k, v) in list {
            if !reversed[k] {
                indeg[v] += 1;
            }
        }
    }
    let mut queue: Vec<usize> = (0..n)
        .filter(|&i| rank[i].is_some() && indeg[i] == 0)
        .collect();
    let mut head = 0;
    while let Some(&u) = queue.get(head) {
        head += 1;
        for &(k, v) in &intra_out[u] {
            if reversed[k] {
                continue;
            }
            sub[v] = sub[v].max(sub[u] + 1);
            indeg[v] -= 1;
            if indeg[v] == 0 {
                queue.push(v);
            }
        }
    }
    sub
}

/// The items of the columns (column nodes, then one point per column a long forward edge
/// crosses) and how each edge is routed.
#[derive(Debug)]
pub(super) struct ItemGraph {
    pub items: Vec<Item>,
    /// Item of each column node (`usize::MAX` for supporting nodes).
    pub node_item: Vec<usize>,
    /// Per resolved edge.
    pub routes: Vec<Route>,
    /// Per resolved edge: for a forward edge, its items from source to target; else empty.
    pub paths: Vec<Vec<usize>>,
    /// Per item, the items it is linked with in the column before and after.
    pub up: Vec<Vec<usize>>,
    pub down: Vec<Vec<usize>>,
}

impl ItemGraph {
    pub fn new(layering: &Layering, resolved: &[Resolved], box_h: &[f64]) -> ItemGraph {
        let (rank, layer) = (&layering.rank, &layering.layer);
        let n = rank.len();
        let mut items: Vec<Item> = Vec::with_capacity(n);
        let mut node_item = vec![usize::MAX; n];
        for i in 0..n {
            if rank[i].is_some() {
                node_item[i] = items.len();
                items.push(Item {
                    layer: layer[i],
                    node: Some(i),
                    h: box_h[i],
                });
            }
        }
        let mut routes = Vec::with_capacity(resolved.len());
        let mut paths: Vec<Vec<usize>> = Vec::with_capacity(resolved.len());
        for (k, r) in resolved.iter().enumerate() {
            let (a, b) = (r.from, r.to);
            let route = if rank[a].is_none() || rank[b].is_none() {
                Route::Support
            } else if !layering.reversed[k] && layer[b] > layer[a] {
                Route::Forward
            } else {
                Route::Back
            };
            let mut path_items = Vec::new();
            if route == Route::Forward {
                path_items.push(node_item[a]);
                for l in layer[a] + 1..layer[b] {
                    path_items.push(items.len());
                    items.push(Item {
                        layer: l,
                        node: None,
                        h: 0.0,
                    });
                }
                path_items.push(node_item[b]);
            }
            routes.push(route);
            paths.push(path_items);
        }
        let mut up: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
        let mut down: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
        for path in &paths {
            for pair in path.windows(2) {
                down[pair[0]].push(pair[1]);
                up[pair[1]].push(pair[0]);
            }
        }
        ItemGraph {
            items,
            node_item,
            routes,
            paths,
            up,
            down,
        }
    }
}
