//! `liantu user`, `token` and `audit`, and `serve` refusing to start with no account.

mod common;

use common::{liantu, stderr, stdout};
use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

/// Runs liantu with `input` on stdin.
fn liantu_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = common::command(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run liantu");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn accounts_tokens_and_the_audit_trail_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(liantu(d, &["init", "--demo"]).status.success());

    // No account yet: serve refuses, and says how to make the first admin.
    let refused = liantu(d, &["serve", "--bind", "127.0.0.1:0"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("user add admin --role admin --password-stdin"),
        "{}",
        stderr(&refused)
    );

    let add = |args: &[&str], password: &str| {
        let mut all = vec!["user", "add"];
        all.extend_from_slice(args);
        all.push("--password-stdin");
        liantu_stdin(d, &all, &format!("{password}\n"))
    };
    assert!(
        add(&["boss", "--role", "admin"], "a long password")
            .status
            .success()
    );
    // A short password, a role without its scope, a taken name: clear errors, exit 2.
    let short = add(&["shorty", "--role", "viewer"], "short");
    assert_eq!(short.status.code(), Some(2));
    assert!(stderr(&short).contains("至少 10"), "{}", stderr(&short));
    let no_park = add(&["p", "--role", "park"], "a long password");
    assert!(stderr(&no_park).contains("--park"), "{}", stderr(&no_park));
    let unknown_park = add(
        &["p", "--role", "park", "--park", "nowhere"],
        "a long password",
    );
    assert_eq!(unknown_park.status.code(), Some(2));
    let taken = add(&["boss", "--role", "viewer"], "a long password");
    assert!(stderr(&taken).contains("已存在"), "{}", stderr(&taken));
    assert!(
        add(
            &["lz", "--role", "park", "--park", "luzhai-chem"],
            "a long password"
        )
        .status
        .success()
    );

    let list = liantu(d, &["user", "list", "--format", "json"]);
    let users: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["boss", "lz"]);
    assert!(!String::from_utf8_lossy(&list.stdout).contains("argon2"));

    let token = liantu(d, &["token", "create", "--user", "lz", "--expires", "7"]);
    assert!(token.status.success(), "{}", stderr(&token));
    assert_eq!(stdout(&token).trim().len(), 64);
    assert!(liantu(d, &["user", "disable", "lz"]).status.success());
    let tokens = stdout(&liantu(d, &["token", "list", "--format", "json"]));
    assert!(
        tokens.contains("\"revoked\": true"),
        "disabling revokes: {tokens}"
    );

    let audit = liantu(d, &["audit", "--entity", "user", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    let actions: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["add", "add", "disable"]);
    // `--as` runs a command with an account's rights and records it under that name.
    assert!(
        add(&["watcher", "--role", "viewer"], "a long password")
            .status
            .success()
    );
    let refused = liantu(
        d,
        &["--as", "watcher", "candidate", "delete", "cathode-twin"],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("只读"), "{}", stderr(&refused));
    assert!(
        add(&["ana", "--role", "analyst"], "a long password")
            .status
            .success()
    );
    let done = liantu(d, &["--as", "ana", "candidate", "delete", "cathode-twin"]);
    assert!(done.status.success(), "{}", stderr(&done));
    let trail = stdout(&liantu(d, &["audit", "--user", "ana", "--format", "json"]));
    assert!(
        trail.contains("cathode-twin") && trail.contains("\"origin\": \"cli\""),
        "{trail}"
    );
    let disabled = liantu(d, &["--as", "lz", "chain", "list"]);
    assert_eq!(
        disabled.status.code(),
        Some(2),
        "a disabled account cannot act"
    );

    let csv = stdout(&liantu(d, &["audit", "--format", "csv"]));
    assert!(csv.contains("import") || csv.contains("load"), "{csv}");
}
