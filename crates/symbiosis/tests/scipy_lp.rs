//! Random instances, each written as an LP file and solved again by scipy.optimize.linprog
//! (HiGHS) / scipy.optimize.milp: liantu's optimum must equal scipy's to 1e-6 relative and
//! liantu's solution must satisfy the constraints scipy parsed from the file.
//!
//! Python: env LIANTU_PYTHON, else ~/.cache/liantu/py/bin/python, else python3 — whichever has
//! scipy. Without one the test skips with a message, unless LIANTU_REQUIRE_PYTHON is set.
//! Create the venv with: python3 -m venv ~/.cache/liantu/py && ~/.cache/liantu/py/bin/pip install scipy

use liantu_symbiosis::synthetic::{self, Rng};
use liantu_symbiosis::{Catalog, LpError, SolveError};
use std::path::PathBuf;
use std::process::Command;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/lp_scipy.py");

pub fn python_with_scipy() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(p) = std::env::var_os("LIANTU_PYTHON") {
        candidates.push(PathBuf::from(p));
    }
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(PathBuf::from(home).join(".cache/liantu/py/bin/python"));
    }
    candidates.push(PathBuf::from("python3"));
    for p in candidates {
        let ok = Command::new(&p)
            .args(["-c", "import scipy, numpy"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(p);
        }
    }
    let msg = "no Python with scipy (set LIANTU_PYTHON, or: python3 -m venv ~/.cache/liantu/py && ~/.cache/liantu/py/bin/pip install scipy)";
    if std::env::var_os("LIANTU_REQUIRE_PYTHON").is_some() {
        panic!("LIANTU_REQUIRE_PYTHON is set but {msg}");
    }
    eprintln!("skipped: {msg}");
    None
}

#[test]
fn random_instances_match_scipy() {
    let Some(python) = python_with_scipy() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng::new(20250601);
    let (mut compared, mut infeasible, mut mips) = (0, 0, 0);
    for case in 0..40u64 {
        let n_off = 2 + rng.below(40);
        let n_need = 2 + rng.below(40);
        let sites = 2 + rng.below(25);
        let mut inst = synthetic::instance(1000 + case, n_off, n_need, sites);
        // Some contracted minimum intakes (may make the model infeasible) and MIP cases.
        if case % 4 == 1 {
            for n in inst.needs.iter_mut().step_by(5) {
                n.min_intake = Some(n.quantity.unwrap() * rng.range(0.0, 0.6));
            }
        }
        let mip = case % 5 == 2;
        if mip {
            inst.options.fixed_cost = rng.range(1000.0, 20000.0);
            for o in inst.offers.iter_mut().step_by(2) {
                o.min_exchange = Some(rng.range(5.0, 200.0));
            }
        }
        let model = inst
            .validate(Catalog::builtin())
            .expect("synthetic instance is valid");
        let built = model.build(mip);
        let lp_path = dir.path().join(format!("case{case}.lp"));
        std::fs::write(&lp_path, built.write_lp(&model)).unwrap();
        let names = built.column_names(&model);
        let ours = built.lp.solve(60.0);
        let sol_path = dir.path().join(format!("case{case}.json"));
        if let Ok(s) = &ours {
            let x: serde_json::Map<String, serde_json::Value> = names
                .iter()
                .zip(&s.columns)
                .map(|(n, v)| (n.clone(), serde_json::json!(v)))
                .collect();
            std::fs::write(&sol_path, serde_json::json!({ "x": x }).to_string()).unwrap();
        }
        let mut cmd = Command::new(&python);
        cmd.arg(SCRIPT).arg(&lp_path);
        if ours.is_ok() {
            cmd.arg("--solution").arg(&sol_path);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "case {case}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        match ours {
            Ok(s) => {
                assert_eq!(theirs["status"], "optimal", "case {case}: {theirs}");
                let obj = theirs["objective"].as_f64().unwrap();
                let rel = (s.objective - obj).abs() / obj.abs().max(1.0);
                assert!(
                    rel <= 1e-6,
                    "case {case}: liantu {} scipy {obj}",
                    s.objective
                );
                let sol_obj = theirs["solution_objective"].as_f64().unwrap();
                assert!(
                    (sol_obj - s.objective).abs() / obj.abs().max(1.0) <= 1e-6,
                    "case {case}"
                );
                let viol = theirs["max_violation"].as_f64().unwrap();
                assert!(
                    viol <= 1e-6 * (1.0 + obj.abs()),
                    "case {case}: violation {viol}"
                );
                // The full solve agrees with the raw LP.
                let report = model.solve(Some(mip)).unwrap();
                assert!((report.objective - s.objective).abs() <= 1e-6 * obj.abs().max(1.0));
                compared += 1;
                mips += usize::from(mip);
            }
            Err(LpError::Infeasible) => {
                assert_eq!(theirs["status"], "infeasible", "case {case}");
                assert!(matches!(
                    model.solve(Some(mip)),
                    Err(SolveError::Infeasible(_))
                ));
                infeasible += 1;
            }
            Err(e) => panic!("case {case}: {e}"),
        }
    }
    eprintln!(
        "compared {compared} optima ({mips} MIP) and {infeasible} infeasible models with scipy"
    );
    assert!(compared >= 30);
}
