//! Crossing reduction: barycenter sweeps over the columns, keeping the order with the fewest
//! crossings seen (never worse than the input order).

use super::layering::ItemGraph;

/// The items of each column, top to bottom, after `sweeps` barycenter sweeps (alternately down
/// and up).
pub(super) fn order_layers(
    graph: &ItemGraph,
    layer_count: usize,
    sweeps: usize,
) -> Vec<Vec<usize>> {
    let (up, down) = (&graph.up, &graph.down);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (it, item) in graph.items.iter().enumerate() {
        if let Some(slot) = order.get_mut(item.layer) {
            slot.push(it);
        }
    }
    let mut pos = vec![0usize; graph.items.len()];
    set_positions(&order, &mut pos);
    let mut best_order = order.clone();
    let mut best_cross = total_crossings(&order, down, &pos);
    for sweep in 0..sweeps {
        if best_cross == 0 {
            break;
        }
        if sweep % 2 == 0 {
            for l in 1..layer_count {
                reorder(&mut order, l, up, &mut pos);
            }
        } else {
            for l in (0..layer_count.saturating_sub(1)).rev() {
                reorder(&mut order, l, down, &mut pos);
            }
        }
        let cross = total_crossings(&order, down, &pos);
        if cross < best_cross {
            best_cross = cross;
            best_order.clone_from(&order);
        }
    }
    best_order
}

fn set_positions(order: &[Vec<usize>], pos: &mut [usize]) {
    for layer_items in order {
        for (k, &it) in layer_items.iter().enumerate() {
            pos[it] = k;
        }
    }
}

/// Sorts layer `l` by the mean position of each item's neighbours in `adj` (items without
/// neighbours keep their relative place).
fn reorder(order: &mut [Vec<usize>], l: usize, adj: &[Vec<usize>], pos: &mut [usize]) {
    let Some(layer_items) = order.get(l) else {
        return;
    };
    let mut keyed: Vec<(f64, usize, usize)> = layer_items
        .iter()
        .map(|&it| {
            let list = &adj[it];
            let key = if list.is_empty() {
                pos[it] as f64
            } else {
                list.iter().map(|&nb| pos[nb] as f64).sum::<f64>() / list.len() as f64
            };
            (key, pos[it], it)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    if let Some(slot) = order.get_mut(l) {
        slot.clear();
        slot.extend(keyed.iter().map(|&(_, _, it)| it));
        for (k, &it) in slot.iter().enumerate() {
            pos[it] = k;
        }
    }
}

/// Crossings between consecutive layers for the given order.
fn total_crossings(order: &[Vec<usize>], down: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut total = 0;
    let mut segs: Vec<(usize, usize)> = Vec::new();
    let mut tree: Vec<usize> = Vec::new();
    for l in 0..order.len().saturating_sub(1) {
        segs.clear();
        for &it in &order[l] {
            for &nb in &down[it] {
                segs.push((pos[it], pos[nb]));
            }
        }
        segs.sort_unstable();
        let size = order[l + 1].len() + 1;
        tree.clear();
        tree.resize(size + 1, 0);
        for (seen, &(_, b)) in segs.iter().enumerate() {
            // Number already seen with a target position <= b.
            let mut i = b + 1;
            let mut not_greater = 0;
            while i > 0 {
                not_greater += tree[i];
                i -= i & i.wrapping_neg();
            }
            total += seen - not_greater;
            let mut i = b + 1;
            while i <= size {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}
