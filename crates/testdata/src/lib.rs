//! Where tests and benchmarks find the public reference data (`../shared/data` beside the
//! repository; it is never copied into it). A test that needs a file asks [`shared`]: when the
//! data is absent it gets `None` and skips with a message — unless `LIANTU_REQUIRE_SHARED` is set
//! (CI sets it), in which case the missing data is a failure, so nothing passes by skipping.

use std::path::PathBuf;

pub mod fuzz;

/// `../shared/data/<rel>` if it exists; otherwise `None` after saying why the caller skips.
///
/// # Panics
/// When the path is missing and `LIANTU_REQUIRE_SHARED` is set.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = data_dir().join(rel);
    if path.exists() {
        return Some(path);
    }
    if required() {
        panic!(
            "LIANTU_REQUIRE_SHARED is set but {} is missing: put the public reference data in ../shared/data",
            path.display()
        );
    }
    eprintln!(
        "跳过 / skipping: {} not found (the public reference data in ../shared/data is absent)",
        path.display()
    );
    None
}

/// The `../shared/data` directory beside the repository (it may not exist).
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// True when missing reference data must fail rather than skip.
pub fn required() -> bool {
    std::env::var_os("LIANTU_REQUIRE_SHARED").is_some_and(|v| !v.is_empty() && v != "0")
}

/// A Python interpreter that can `import module` (`LIANTU_PYTHON`, else `python3`), for tests
/// that check our files with the outside world's readers (openpyxl, python-docx). `None` after
/// saying why the caller skips — unless `LIANTU_REQUIRE_PYTHON` is set (CI), which makes it a
/// failure.
///
/// # Panics
/// When the module cannot be imported and `LIANTU_REQUIRE_PYTHON` is set.
pub fn python_with(module: &str) -> Option<String> {
    let python = std::env::var("LIANTU_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = std::process::Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    assert!(
        std::env::var_os("LIANTU_REQUIRE_PYTHON").is_none(),
        "LIANTU_REQUIRE_PYTHON is set but `{python} -c 'import {module}'` fails"
    );
    eprintln!(
        "skipping: `{python} -c 'import {module}'` fails (set LIANTU_PYTHON to a venv's python)"
    );
    None
}
