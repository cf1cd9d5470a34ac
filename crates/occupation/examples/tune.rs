//! Chooses the classifier's weights on the tuning half of the labelled titles (even rows) and
//! reports them on the held-out half (odd rows), so the figure the evaluation prints for the
//! held-out half was not tuned on:
//!
//! ```sh
//! cargo run --release -p liantu-occupation --example tune
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use liantu_occupation::{Classifier, Weights};

fn main() {
    let Some(classes) = common::classification() else {
        return;
    };
    let rows = common::labelled();
    let accuracy = |c: &Classifier, half: usize| {
        let set: Vec<_> = rows.iter().skip(half).step_by(2).collect();
        let hits = set
            .iter()
            .filter(|(title, label, level)| {
                c.classify(title, 1).candidates.first().is_some_and(|p| {
                    let code = p.code.as_str();
                    if level == "3" {
                        format!("{}-00", &code[..7]) == *label
                    } else {
                        code == label
                    }
                })
            })
            .count();
        hits as f64 / set.len() as f64
    };
    let mut best = (0.0, Weights::DEFAULT);
    for unigram in [0.1, 0.2, 0.3, 0.5] {
        for name in [2.0, 3.0, 4.0] {
            for alias in [1.0, 2.0, 3.0] {
                for definition in [0.5, 1.0, 1.5] {
                    for tasks in [0.2, 0.4, 0.8] {
                        for group in [0.5, 1.0] {
                            for contain in [0.25, 0.5, 1.0] {
                                for head in [0.1, 0.25, 0.5] {
                                    let w = Weights {
                                        unigram,
                                        fields: [name, alias, definition, tasks, group],
                                        contain,
                                        head,
                                    };
                                    let c = Classifier::with_weights(&classes, w);
                                    let a = accuracy(&c, 0);
                                    if a > best.0 {
                                        best = (a, w);
                                        println!("tuning {:.1} % {w:?}", a * 100.0);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let defaults = Classifier::new(&classes);
    let tuned = Classifier::with_weights(&classes, best.1);
    println!(
        "defaults: tuning half {:.1} %, held-out half {:.1} %",
        accuracy(&defaults, 0) * 100.0,
        accuracy(&defaults, 1) * 100.0
    );
    println!(
        "best on the tuning half: {:.1} %, held-out half {:.1} %: {:?}",
        best.0 * 100.0,
        accuracy(&tuned, 1) * 100.0,
        best.1
    );
}
