//! liantu on PostgreSQL, as a user runs it: `--db postgres://…` for every command, the same demo
//! results as on SQLite, and two servers on one database behaving as one.
//!
//! The PostgreSQL server is the tests' throwaway one (`liantu_store::testing`); without one the
//! tests say so and skip, unless `LIANTU_REQUIRE_POSTGRES=1`.

mod common;

use common::{Server, liantu, stdout, text};
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

/// A new empty database on the test server, or `None` (the test then skips).
fn database() -> Option<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(liantu_store::testing::new_database())
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = liantu(dir, args);
    assert!(out.status.success(), "liantu {args:?}: {}", text(&out));
    stdout(&out)
}

/// What the demo gives out, command by command: diagnosis and ranking JSON, and the exports.
fn demo_outputs(dir: &Path, db: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for chain in ["nev-battery", "forestry", "chemical", "luosifen"] {
        let json = ok(
            dir,
            &["--db", db, "diagnose", "--chain", chain, "--format", "json"],
        );
        out.push((format!("diagnose {chain}"), json.into_bytes()));
    }
    let ranking = ok(dir, &["--db", db, "score", "--format", "json"]);
    out.push(("score".into(), ranking.into_bytes()));
    for kind in ["enterprises", "years", "memberships", "links", "diagnosis"] {
        let file = dir.join(format!("{kind}.csv"));
        let _ = std::fs::remove_file(&file);
        let file_arg = file.to_str().unwrap();
        let mut args = vec![
            "--db", db, "export", kind, "--format", "csv", "--out", file_arg,
        ];
        if kind == "diagnosis" {
            args.extend(["--chain", "chemical"]);
        }
        ok(dir, &args);
        out.push((format!("export {kind}"), std::fs::read(&file).unwrap()));
    }
    out
}

#[test]
fn the_demo_gives_the_same_results_on_sqlite_and_postgres() {
    let Some(url) = database() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sqlite = d.join("demo.db");
    ok(d, &["--db", sqlite.to_str().unwrap(), "init", "--demo"]);
    ok(d, &["--db", &url, "init", "--demo"]);
    // A second init would overwrite a city's data: refused, and --force does not drop it either.
    for again in [&["init", "--demo"][..], &["init", "--demo", "--force"]] {
        let args: Vec<&str> = ["--db", url.as_str()]
            .into_iter()
            .chain(again.iter().copied())
            .collect();
        let refused = liantu(d, &args);
        assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
        assert!(text(&refused).contains("dropdb"), "{}", text(&refused));
    }
    let on_sqlite = demo_outputs(d, sqlite.to_str().unwrap());
    let on_postgres = demo_outputs(d, &url);
    assert!(on_sqlite.iter().all(|(_, bytes)| bytes.len() > 100));
    for ((what, a), (_, b)) in on_sqlite.iter().zip(&on_postgres) {
        assert!(
            a == b,
            "{what} differs between SQLite and PostgreSQL:\n{}\n---\n{}",
            String::from_utf8_lossy(&a[..a.len().min(600)]),
            String::from_utf8_lossy(&b[..b.len().min(600)])
        );
    }
}

#[test]
fn two_servers_on_one_database_behave_as_one() {
    let Some(url) = database() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", &url, "init", "--demo"]);
    let mut add = common::command(d)
        .args([
            "--db",
            &url,
            "user",
            "add",
            "ana",
            "--role",
            "analyst",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"two servers, one city\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
    let (a, b) = (
        Server::start(d, &["--db", &url]),
        Server::start(d, &["--db", &url]),
    );

    // Signed in through A, the session is good on B: sessions live in the database.
    let origin = format!("http://{}", a.addr);
    let login = a.request(
        "POST",
        "/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &origin),
        ],
        "username=ana&password=two+servers%2C+one+city",
    );
    assert_eq!(login.status, 303, "{}", login.body);
    let cookie = login
        .head
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or(l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let home = b.request("GET", "/", &[("Cookie", &cookie)], "");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("ana"), "B knows the session A made");

    // B computes (and caches) the ranking; a delete through A shows on B at once.
    let ranking = |s: &Server| s.request("GET", "/api/v1/ranking", &[("Cookie", &cookie)], "");
    let before = ranking(&b);
    assert_eq!(before.status, 200);
    assert!(before.body.contains("cathode-twin"));
    let page = a.request("GET", "/candidates", &[("Cookie", &cookie)], "");
    let csrf = page
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSRF token in the page's forms")
        .to_string();
    let deleted = a.request(
        "POST",
        "/candidates/cathode-twin/delete",
        &[
            ("Cookie", &cookie),
            ("Origin", &origin),
            ("X-CSRF-Token", &csrf),
        ],
        "",
    );
    assert_eq!(deleted.status, 303, "{}", deleted.body);
    let after = ranking(&b);
    assert_eq!(after.status, 200);
    assert!(
        !after.body.contains("cathode-twin"),
        "B still shows the deleted candidate"
    );

    // Failed sign-ins count on every server: four through A and one through B lock the account
    // on A, even with the right password.
    let sign_in = |s: &Server, password: &str| {
        s.request(
            "POST",
            "/login",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Origin", &format!("http://{}", s.addr)),
            ],
            &format!("username=ana&password={password}"),
        )
    };
    for server in [&a, &a, &a, &a, &b] {
        assert_eq!(sign_in(server, "wrong+password").status, 401);
    }
    let locked = sign_in(&a, "two+servers%2C+one+city");
    assert_eq!(locked.status, 429, "{}", locked.body);

    // Signed out through B, the session is gone on A too.
    let out = b.request(
        "POST",
        "/logout",
        &[
            ("Cookie", &cookie),
            ("Origin", &format!("http://{}", b.addr)),
            ("X-CSRF-Token", &csrf),
        ],
        "",
    );
    assert_eq!(out.status, 303);
    let refused = a.request("GET", "/api/v1/ranking", &[("Cookie", &cookie)], "");
    assert_eq!(refused.status, 401);
}

/// `liantu backup` on PostgreSQL is a `pg_dump` of one snapshot with its manifest; `restore`
/// brings the database back to it in one transaction, and refuses a damaged dump or a SQLite
/// backup.
#[test]
fn a_postgres_backup_is_a_pg_dump_that_restores_what_it_holds() {
    let Some(url) = database() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", &url, "init", "--demo"]);
    let dump = d.join("nightly.dump");
    let said = ok(
        d,
        &["--db", &url, "backup", "--out", dump.to_str().unwrap()],
    );
    assert!(said.contains("nightly.dump"), "{said}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("nightly.dump.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["format"], "pg_dump");
    assert!(std::fs::read(&dump).unwrap().starts_with(b"PGDMP"));
    let candidates = manifest["counts"]["candidates"].as_i64().unwrap();
    assert!(candidates > 0);

    // A change after the backup, undone by the restore.
    ok(d, &["--db", &url, "candidate", "delete", "li2co3-twin"]);
    let status = |d: &Path| -> serde_json::Value {
        serde_json::from_str(&ok(d, &["--db", &url, "status", "--format", "json"])).unwrap()
    };
    assert_eq!(status(d)["counts"]["candidates"], candidates - 1);
    let restored = ok(d, &["--db", &url, "restore", dump.to_str().unwrap()]);
    assert!(restored.contains("已恢复"), "{restored}");
    assert_eq!(status(d)["counts"], manifest["counts"]);

    // A dump changed after it was taken, or a SQLite backup: refused, nothing touched.
    let sqlite = d.join("demo.db");
    ok(d, &["--db", sqlite.to_str().unwrap(), "init", "--demo"]);
    let copy = d.join("copy.db");
    ok(
        d,
        &[
            "--db",
            sqlite.to_str().unwrap(),
            "backup",
            "--out",
            copy.to_str().unwrap(),
        ],
    );
    let wrong_kind = liantu(d, &["--db", &url, "restore", copy.to_str().unwrap()]);
    assert_eq!(wrong_kind.status.code(), Some(2), "{}", text(&wrong_kind));
    assert!(
        text(&wrong_kind).contains("SQLite"),
        "{}",
        text(&wrong_kind)
    );
    let mut bytes = std::fs::read(&dump).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&dump, bytes).unwrap();
    let damaged = liantu(d, &["--db", &url, "restore", dump.to_str().unwrap()]);
    assert_eq!(damaged.status.code(), Some(2), "{}", text(&damaged));
    assert!(text(&damaged).contains("不符"), "{}", text(&damaged));
    assert_eq!(status(d)["counts"], manifest["counts"]);
}
