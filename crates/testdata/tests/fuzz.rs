//! The fuzz harness itself: mutations are seeded and varied, and a panic, a hang and a silent
//! rejection are each caught, reported and kept.

use liantu_testdata::fuzz::{Fuzz, Mutator};
use std::panic::catch_unwind;
use std::time::Duration;

fn message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
        .unwrap_or_default()
}

#[test]
fn mutations_are_seeded_and_vary() {
    let input = b"id = \"demo\"\nname = \"x\"\nvalue = 12.5\n".to_vec();
    let run = |seed| {
        let mut m = Mutator::new(seed).learn(std::slice::from_ref(&input));
        (0..50).map(|_| m.mutate(&input)).collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
    let outputs = run(7);
    let distinct: std::collections::HashSet<_> = outputs.iter().filter(|o| **o != input).collect();
    assert!(distinct.len() > 40, "{}", distinct.len());
}

#[test]
fn lines_swap_and_drop() {
    let mut m = Mutator::new(3);
    let mut text = b"a\nbb\nccc".to_vec();
    m.drop_line(&mut text, 3);
    assert_eq!(text, b"a\nccc");
    let sorted_lines = |text: &[u8]| {
        let mut lines: Vec<Vec<u8>> = text
            .split_inclusive(|&b| b == b'\n')
            .map(<[u8]>::to_vec)
            .collect();
        lines.sort();
        lines
    };
    let original = b"a\nbb\nccc\n".to_vec();
    let mut text = original.clone();
    let mut changed = false;
    for _ in 0..20 {
        m.swap_lines(&mut text);
        assert_eq!(sorted_lines(&text), sorted_lines(&original));
        changed |= text != original;
    }
    assert!(changed);
}

#[test]
fn a_panic_a_hang_and_a_silent_rejection_are_caught_and_kept() {
    let fuzz = Fuzz::new("self-test", 1)
        .seconds_exactly(0.5)
        .case_limit(Duration::from_millis(200));
    let kept = std::env::temp_dir().join(format!("liantu-fuzz-self-test-{}", std::process::id()));
    let outcome = catch_unwind(|| {
        fuzz.run_fixtures(vec![b"x".to_vec()], |bytes| match bytes.len() % 3 {
            0 => panic!("boom"),
            1 => Ok(()),
            _ => Err(String::new()),
        })
    });
    let m = message(outcome.unwrap_err());
    assert!(m.contains("Panic") && m.contains("boom"), "{m}");
    assert!(m.contains("SilentRejection"), "{m}");
    assert!(m.contains(&kept.display().to_string()), "{m}");

    let hang = catch_unwind(|| {
        fuzz.run_fixtures(vec![b"x".to_vec()], |_| {
            std::thread::sleep(Duration::from_secs(2));
            Ok(())
        })
    });
    let m = message(hang.unwrap_err());
    assert!(m.contains("Hang") && m.contains("per-case limit"), "{m}");
    assert!(std::fs::read_dir(&kept).unwrap().count() >= 3);
    std::fs::remove_dir_all(kept).unwrap();
}

#[test]
fn a_clean_target_passes_and_counts_its_cases() {
    let tally = Fuzz::new("clean", 2).seconds_exactly(0.2).run_fixtures(
        vec![b"1.5".to_vec(), b"2".to_vec()],
        |bytes| {
            std::str::from_utf8(bytes)
                .map_err(|e| e.to_string())?
                .trim()
                .parse::<f64>()
                .map(drop)
                .map_err(|e| e.to_string())
        },
    );
    assert!(tally.cases > 100, "{}", tally.cases);
    assert_eq!(tally.cases, tally.accepted + tally.rejected);
    assert!(tally.accepted > 0 && tally.rejected > 0);
}
