//! What every CLI test file needs: run the `liantu` binary as a user would (no environment
//! leaking in from the machine running the tests) and read what it printed.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};

/// `shared(rel)`: the public reference data, or a skip (a failure under LIANTU_REQUIRE_SHARED);
/// the test-support source is included rather than depended on, so the CLI depends on app, model
/// and web alone.
#[path = "../../../testdata/src/lib.rs"]
pub mod testdata;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};

/// `liantu` to run in `dir` with none of the machine's settings: no `LIANTU_*` variable, and an
/// empty config file instead of the system's `/etc/liantu/liantu.toml`.
pub fn command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_liantu"));
    command.current_dir(dir);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("LIANTU_") {
            command.env_remove(name);
        }
    }
    command.env("LIANTU_CONFIG", "/dev/null");
    command
}

/// Runs `liantu ARGS` in `dir`.
pub fn liantu(dir: &Path, args: &[&str]) -> Output {
    command(dir).args(args).output().expect("run liantu")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output and standard error together, for messages that may go to either.
pub fn text(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// A temporary directory with `x.db` holding the Liuzhou demo.
pub fn demo_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let out = liantu(
        dir.path(),
        &["init", "--demo", "--db", db.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    (dir, db)
}

/// A temporary directory whose `liantu.db` holds the Liuzhou demo.
pub fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = liantu(dir.path(), &["init", "--demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

/// `liantu ARGS` in `dir`, which must succeed, its output read as JSON.
pub fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let o = liantu(dir, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// A `liantu serve` on its own port, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub addr: String,
    /// Where `/metrics` is served, when it is.
    pub metrics: Option<String>,
    /// The server's standard output after the line saying where it listens.
    pub lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
    /// Its standard error: the log.
    pub log: tempfile::TempPath,
}

impl Server {
    /// `liantu ARGS serve --bind 127.0.0.1:0 --metrics-bind 127.0.0.1:0` in `dir`.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let log = tempfile::NamedTempFile::new_in(dir)
            .unwrap()
            .into_temp_path();
        let mut child = command(dir)
            .args(args)
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--metrics-bind",
                "127.0.0.1:0",
            ])
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let address = |line: &str| {
            line.split("http://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .map(str::to_string)
        };
        let mut metrics = None;
        loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the server stopped before saying where it listens");
            };
            if line.contains("/metrics") {
                metrics = address(&line);
            } else if let Some(addr) = address(&line) {
                return Server {
                    child,
                    addr,
                    metrics,
                    lines,
                    log,
                };
            }
        }
    }

    /// `GET path` on `addr`: the status, the headers and the body.
    pub fn get(addr: &str, path: &str) -> Reply {
        request(addr, "GET", path, &[], "")
    }

    /// One HTTP/1.1 request; the status, the headers and the body.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        request(&self.addr, method, path, headers, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request to `addr`; the status, the headers and the body.
fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        head: head.to_string(),
        // Chunked bodies keep their chunk sizes: the tests only look for words in them.
        body: body.to_string(),
    }
}

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}
