//! Chooses the classifier's weights on the tuning half of the labelled titles (even rows) by
//! coordinate ascent from the defaults, and reports them on the odd rows (not tuned on, though
//! read when the trade words were written; the honest figure is the evaluation's fresh set):
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
    // Coordinate ascent from the defaults: each weight in turn takes the value of its grid that
    // scores best on the tuning half (ties keep the current value), twice round.
    type Knob = (&'static str, fn(&mut Weights) -> &mut f64, &'static [f64]);
    let knobs: [Knob; 10] = [
        ("unigram", |w| &mut w.unigram, &[0.05, 0.1, 0.2, 0.3, 0.5]),
        ("name", |w| &mut w.fields[0], &[1.0, 2.0, 3.0, 4.0]),
        ("aliases", |w| &mut w.fields[1], &[1.0, 2.0, 3.0, 4.0]),
        ("definition", |w| &mut w.fields[2], &[0.5, 1.0, 1.5]),
        ("tasks", |w| &mut w.fields[3], &[0.2, 0.4, 0.8, 1.2]),
        ("group", |w| &mut w.fields[4], &[0.25, 0.5, 1.0]),
        ("contain", |w| &mut w.contain, &[0.25, 0.5, 1.0]),
        ("head", |w| &mut w.head, &[0.1, 0.25, 0.5]),
        ("term", |w| &mut w.term, &[0.25, 0.5, 1.0, 1.5, 2.0, 3.0]),
        ("context", |w| &mut w.context, &[0.1, 0.25, 0.5, 0.75, 1.0]),
    ];
    let mut best = (accuracy(&Classifier::new(&classes), 0), Weights::DEFAULT);
    for _round in 0..2 {
        for (name, knob, grid) in &knobs {
            for value in *grid {
                let mut w = best.1;
                *knob(&mut w) = *value;
                let a = accuracy(&Classifier::with_weights(&classes, w), 0);
                if a > best.0 {
                    best = (a, w);
                    println!("tuning {:.1} % with {name} = {value}", a * 100.0);
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
