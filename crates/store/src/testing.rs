//! Throwaway PostgreSQL databases for tests, in this crate and in the crates above it (feature
//! `testing`).
//!
//! The server is the one at `LIANTU_TEST_POSTGRES_URL` when that is set (`scripts/test.sh` starts
//! one for the whole run); each test creates its own database `liantu_test_…` there, so use a
//! throwaway server. Otherwise the first test of a process starts a throwaway cluster when
//! PostgreSQL's binaries are installed (`/usr/lib/postgresql/<version>/bin`, Debian's
//! `postgresql`): `initdb` in a temporary directory (as the user `postgres` when the tests run as
//! root: `initdb` refuses root), a free port on 127.0.0.1 and the socket in that directory. A
//! watchdog shell stops it and removes the directory when the test process ends, however it
//! ends: it waits on a pipe only the test process holds. Without either, tests that would use
//! PostgreSQL say so and skip it, unless `LIANTU_REQUIRE_POSTGRES=1` (CI) makes that a failure.

use sqlx::{ConnectOptions, Connection, Executor};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The URL of a new, empty database on the test server, or `None` (said once on stderr) when
/// there is no server.
///
/// # Panics
/// When the server refuses to create the database, or when there is no server and
/// `LIANTU_REQUIRE_POSTGRES=1`: these are tests' helpers.
pub async fn new_database() -> Option<String> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let server = server()?;
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
        .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
    let _ = conn.close().await;
    let options = sqlx::postgres::PgConnectOptions::from_str(server)
        .unwrap_or_else(|e| panic!("LIANTU_TEST_POSTGRES_URL {server}: {e}"))
        .database(&name);
    Some(options.to_url_lossy().to_string())
}

/// The server the tests use, started on first use; `None` (said once) when there is none.
pub fn server() -> Option<&'static str> {
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
                eprintln!("PostgreSQL tests skipped (set LIANTU_REQUIRE_POSTGRES=1 to require them): {why}");
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
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .map_err(|e| e.to_string())?;
    let root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
    let dir = std::env::temp_dir().join(format!("liantu-pg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
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
        .args([
            "-U",
            "liantu",
            "-A",
            "trust",
            "--no-locale",
            "-E",
            "UTF8",
            "--no-sync",
        ])
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
