//! Keeping liantu: `liantu status` and `liantu backup` as an IT department runs them.

mod common;

use common::{demo, json, liantu, stderr as err};

#[test]
fn status_names_the_schema_counts_and_the_latest_backup() {
    let dir = demo();
    let d = dir.path();
    let before = json(d, &["status", "--format", "json"]);
    assert_eq!(before["schema"], before["expected_schema"]);
    assert!(before["counts"]["projects"].as_i64().unwrap() >= 30);
    assert!(before["last_backup"].is_null());
    let out = d.join("nightly.db");
    let o = liantu(d, &["backup", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let after = json(d, &["status", "--format", "json"]);
    assert!(
        after["last_backup"][1]
            .as_str()
            .unwrap()
            .contains("nightly.db"),
        "{after}"
    );
}

/// A setting comes from the flag, else the `LIANTU_*` variable, else the config file, else the
/// default; a relative database path is in `data_dir`; a wrong file is refused with its key or
/// line before anything runs.
#[test]
fn settings_come_from_flag_then_environment_then_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("state")).unwrap();
    let config = d.join("liantu.toml");
    std::fs::write(&config, "db = \"from-file.db\"\ndata_dir = \"state\"\n").unwrap();
    let config = config.to_str().unwrap();
    let init = |env: &[(&str, &str)], args: &[&str]| {
        let mut all = vec!["--config", config];
        all.extend_from_slice(args);
        all.push("init");
        let o = common::command(d)
            .envs(env.iter().copied())
            .args(&all)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", err(&o));
    };
    init(&[], &[]);
    assert!(d.join("state/from-file.db").exists());
    init(&[("LIANTU_DB", "from-env.db")], &[]);
    assert!(d.join("state/from-env.db").exists());
    init(&[("LIANTU_DB", "from-env.db")], &["--db", "from-flag.db"]);
    assert!(d.join("state/from-flag.db").exists());
    assert!(!d.join("from-file.db").exists() && !d.join("liantu.db").exists());

    std::fs::write(d.join("bad.toml"), "db = \"x.db\"\nport = 8080\n").unwrap();
    let o = liantu(d, &["--config", "bad.toml", "status"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("未知的设置 `port`"), "{}", err(&o));
    std::fs::write(d.join("broken.toml"), "db = \"x.db\nbind = 1\n").unwrap();
    let o = liantu(d, &["--config", "broken.toml", "status"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("line 1"), "{}", err(&o));
    assert!(!d.join("x.db").exists());
}

/// The server logs a line per request and per write, counts requests per route on a
/// `/metrics` listener of its own (not on the site's port), and stops cleanly on SIGTERM.
#[test]
fn the_server_logs_requests_serves_metrics_apart_and_stops_on_sigterm() {
    let dir = demo();
    let d = dir.path();
    // Every write is logged with its account and entity (at `info`, the server's level).
    let add = common::command(d)
        .env("LIANTU_LOG_LEVEL", "info")
        .args(["user", "add", "ops", "--role", "admin", "--password-stdin"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"a long password\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(add.status.success(), "{}", err(&add));
    assert!(
        err(&add).contains(
            r#"liantu::write: write user="-" origin=cli action="add" entity="user" entity_id="ops""#
        ),
        "{}",
        err(&add)
    );
    let mut server = common::Server::start(d, &[]);
    assert_eq!(common::Server::get(&server.addr, "/healthz").status, 200);
    assert_eq!(
        common::Server::get(&server.addr, "/chains/nev-battery").status,
        303
    );
    // The site's port has no /metrics for anyone (a signed-out visitor is sent to sign in).
    assert_ne!(common::Server::get(&server.addr, "/metrics").status, 200);
    let metrics = server.metrics.clone().expect("a metrics address");
    let text = common::Server::get(&metrics, "/metrics").body;
    assert!(
        text.contains(
            r#"liantu_http_requests_total{method="GET",route="/healthz",status="200"} 1"#
        ),
        "{text}"
    );
    // A route's pattern, not its ids.
    assert!(text.contains(r#"route="/chains/{id}""#), "{text}");
    assert!(
        text.contains("liantu_http_request_duration_seconds_bucket"),
        "{text}"
    );

    // A backup while it serves; a restore waits for it to stop.
    let copy = d.join("copy.db");
    let o = liantu(d, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let o = liantu(d, &["restore", copy.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("正在使用"), "{}", err(&o));

    let pid = server.child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let rest: Vec<String> = server.lines.by_ref().map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l.contains("shutting down")), "{rest:?}");
    let o = liantu(d, &["restore", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(
        log.lines().any(|l| l.contains("liantu::request")
            && l.contains(r#"route="/healthz""#)
            && l.contains("status=200")),
        "{log}"
    );
}
