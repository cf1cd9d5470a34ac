//! The classifier against hand-labelled job titles (`tests/data/job_titles.csv`: 408 realistic
//! postings from the four chains and services, each labelled with a 细类 code, or a 小类 code
//! where the title cannot say more), using the published 2022 classification.
//!
//! The weights were chosen on the even rows (`examples/tune.rs`); the odd rows are held out and
//! their accuracy is the honest figure. The target is 55 % top-1 at the label's level on real
//! held-out postings; this test prints where the classifier stands and fails if the held-out
//! accuracy falls under [`FLOOR`] — a guard against regressions, not the target.

mod common;

use liantu_occupation::Classifier;

/// Held-out top-1 accuracy under which the test fails (measured 50.5 % when set).
const FLOOR: f64 = 47.0;

/// The 小类 a code is filed under (`6-31-01-03` → `6-31-01-00`).
fn small_group(code: &str) -> String {
    format!("{}-00", &code[..7])
}

#[test]
fn titles_are_classified_and_the_held_out_accuracy_does_not_fall() {
    let Some(classes) = common::classification() else {
        return;
    };
    let classifier = Classifier::new(&classes);
    // [tuning half, held-out half]: titles, top-1, top-3, top-1 at the 小类.
    let mut tally = [[0usize; 4]; 2];
    let mut misses = Vec::new();
    for (i, (title, label, level)) in common::labelled().iter().enumerate() {
        let (label, level) = (label.as_str(), level.as_str());
        let result = classifier.classify(title, 3);
        let fits = |code: &str| match level {
            "3" => small_group(code) == label,
            _ => code == label,
        };
        let t = &mut tally[i % 2];
        t[0] += 1;
        let codes: Vec<&str> = result.candidates.iter().map(|c| c.code.as_str()).collect();
        if codes.first().is_some_and(|c| fits(c)) {
            t[1] += 1;
        } else if i % 2 == 1 {
            misses.push(format!(
                "{title} → {:?} (label {label})",
                result.candidates.first().map(|c| &c.name)
            ));
        }
        t[2] += usize::from(codes.iter().any(|c| fits(c)));
        t[3] += usize::from(
            codes
                .first()
                .is_some_and(|c| small_group(c) == small_group(label)),
        );
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b as f64;
    for (half, t) in ["tuning half", "held-out half"].iter().zip(&tally) {
        println!(
            "{half}: {} titles, top-1 at the label's level {:.1} %, top-3 {:.1} %, top-1 at the 小类 {:.1} %",
            t[0],
            pct(t[1], t[0]),
            pct(t[2], t[0]),
            pct(t[3], t[0])
        );
    }
    for miss in misses.iter().take(30) {
        println!("  held-out miss: {miss}");
    }
    assert!(
        tally[0][0] + tally[1][0] >= 300,
        "the labelled set is too small"
    );
    let held_out = pct(tally[1][1], tally[1][0]);
    assert!(
        held_out >= FLOOR,
        "held-out top-1 {held_out:.1} % fell under {FLOOR} % (the target is 55 %)"
    );
}
