//! Fresh stores on both backends for the tests: a SQLite file in a temporary directory, and a new
//! database on PostgreSQL.
//!
//! PostgreSQL is the server at `LIANTU_TEST_POSTGRES_URL` when that is set (each test creates a
//! database `liantu_test_…` there: use a throwaway server). Otherwise the tests start their own
//! throwaway cluster once per test process, when PostgreSQL's binaries are installed
//! (`/usr/lib/postgresql/<version>/bin`, Debian's `postgresql`): `initdb` in a temporary directory
//! (as the user `postgres` when the tests run as root: `initdb` refuses root), a free port on
//! 127.0.0.1 and the socket in that directory. A watchdog shell stops it and removes the directory
//! when the test process ends, however it ends: it waits on a pipe only the test process holds.
//! Without either, the tests run on SQLite only and say so, unless `LIANTU_REQUIRE_POSTGRES=1`.

use crate::Store;
use sqlx::{ConnectOptions, Connection, Executor};
use std::str::FromStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A store for one test; the directory holds the SQLite file.
pub(crate) struct TestStore {
    pub store: Store,
    pub _dir: tempfile::TempDir,
}

/// A fresh store on each available backend: SQLite first, then PostgreSQL.
pub(crate) async fn stores() -> Vec<TestStore> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open(&dir.path().join("t.db"), true).await.unwrap();
    let mut out = vec![TestStore {
        store: sqlite,
        _dir: dir,
    }];
    if let Some(url) = postgres_url() {
        out.push(TestStore {
            store: fresh_postgres(url).await,
            _dir: tempfile::tempdir().unwrap(),
        });
    }
    out
}

/// A new, empty database on the test server, migrated.
pub(crate) async fn fresh_postgres(server: &str) -> Store {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "liantu_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut conn = sqlx::postgres::PgConnection::connect(server)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {server}: {e}"));
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    conn.close().await.unwrap();
    let options = sqlx::postgres::PgConnectOptions::from_str(server)
        .unwrap()
        .database(&name);
    Store::open_url(options.to_url_lossy().as_str())
        .await
        .unwrap()
}

/// The server the tests use, started on first use; `None` (said once) when there is none.
pub(crate) fn postgres_url() -> Option<&'static str> {
    static URL: OnceLock<Option<String>> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("LIANTU_TEST_POSTGRES_URL") {
            return Some(url);
        }
        match start_cluster() {
            Ok(url) => Some(url),
            Err(why) if std::env::var("LIANTU_REQUIRE_POSTGRES").as_deref() == Ok("1") => {
                panic!("LIANTU_REQUIRE_POSTGRES=1 but no PostgreSQL for the tests: {why}")
            }
            Err(why) => {
                eprintln!("store tests: SQLite only, PostgreSQL skipped: {why}");
                None
            }
        }
    })
    .as_deref()
}

/// The newest installed PostgreSQL's binary directory.
fn postgres_bin() -> Result<PathBuf, String> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| "/usr/lib/postgresql not found (apt-get install postgresql)".to_string())?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, bin)| bin)
        .ok_or_else(|| "no initdb under /usr/lib/postgresql/*/bin".to_string())
}

/// Runs `program` as the user `postgres` when we are root (PostgreSQL refuses to run as root).
fn as_server_user(root: bool, program: &Path) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn start_cluster() -> Result<String, String> {
    let bin = postgres_bin()?;
    let uid = Command::new("id").arg("-u").output().map_err(|e| e.to_string())?;
    let root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
    let dir = tempfile::Builder::new()
        .prefix("liantu-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    if root {
        let chown = Command::new("chown")
            .arg("postgres")
            .arg(&dir)
            .status()
            .map_err(|e| e.to_string())?;
        if !chown.success() {
            return Err("cannot give the cluster directory to the user postgres".into());
        }
    }
    let data = dir.join("data");
    let init = as_server_user(root, &bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args(["-U", "liantu", "-A", "trust", "--no-locale", "-E", "UTF8", "--no-sync"])
        .output()
        .map_err(|e| format!("initdb: {e}"))?;
    if !init.status.success() {
        return Err(format!("initdb: {}", String::from_utf8_lossy(&init.stderr)));
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    // The watchdog: runs the server until its stdin (held by this process alone) closes, then
    // stops it fast and removes the directory.
    let script = r#"
        "$0" -D "$1/data" -k "$1" -p "$2" -c listen_addresses=127.0.0.1 -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
            >"$1/log" 2>&1 &
        pid=$!
        cat >/dev/null
        kill -INT "$pid"; wait "$pid"; rm -rf "$1"
    "#;
    let mut watchdog = as_server_user(root, Path::new("sh"))
        .arg("-c")
        .arg(script)
        .arg(bin.join("postgres"))
        .arg(&dir)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("postgres: {e}"))?;
    // Kept open until the process exits.
    std::mem::forget(watchdog.stdin.take());
    let started = Instant::now();
    let ready = || {
        Command::new(bin.join("pg_isready"))
            .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
            .status()
            .is_ok_and(|s| s.success())
    };
    while !ready() {
        if started.elapsed() > Duration::from_secs(30) {
            let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
            return Err(format!("postgres did not start: {log}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(format!("postgres://liantu@127.0.0.1:{port}/postgres"))
}
