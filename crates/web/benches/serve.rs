//! Requests per second over HTTP, as a browser or an API client meets the server: `liantu
//! serve` (in-process, on a socket) with the Liuzhou demo, signed in, beside nginx serving the
//! very same bytes from disk — `wrk` against each in one run on this machine.
//!
//! For each of a chain page and the diagnosis API:
//! - **cached**: the same URL again and again (answered from the render-once cache);
//! - **rendered**: a new URL each time (an ignored `?n=` counter), so every answer is rendered
//!   anew — what every request cost before the cache (the engines' own per-revision caches
//!   still hold);
//! - **nginx**: the bytes of that answer as a file.
//!
//! The stylesheet (compiled in, public, no database read) shows what the server's layers cost
//! without the store.
//!
//! Needs `wrk` and `nginx` (`apt-get install wrk nginx-light`); without them it says so and
//! measures nothing. `LIANTU_BENCH_SECONDS` sets each run's length (default 5). A criterion
//! group measures one in-process request of each kind as well.

use criterion::{Criterion, criterion_group, criterion_main};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

// As the `liantu` binary serves.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PAGES: [(&str, &str); 3] = [
    ("chain page", "/chains/nev-battery"),
    ("diagnosis API", "/api/v1/chains/nev-battery/diagnosis"),
    // Compiled-in bytes behind the same layers, no database: the server's own ceiling.
    ("stylesheet", "/static/style.css"),
];

/// A running demo server: its address and a signed-in session cookie.
struct Server {
    addr: SocketAddr,
    cookie: String,
    _dir: tempfile::TempDir,
}

fn start_server(rt: &tokio::runtime::Runtime) -> Server {
    use liantu_model::account::{Role, Scope};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.db");
    let (listener, cookie, app) = rt.block_on(async {
        let app = liantu_app::App::open(&path, true).await.expect("open");
        app.install_builtin_chains().await.expect("chains");
        app.load_demo().await.expect("demo");
        let password = "correct horse battery";
        app.add_user("bench", Role::Analyst, Scope::default(), password)
            .await
            .expect("user");
        let session = app.login("bench", password, "bench").await.expect("login");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        (listener, format!("liantu_session={}", session.token), app)
    });
    let addr = listener.local_addr().expect("addr");
    let home = liantu_model::RegionCode::parse("450200").expect("region");
    rt.spawn(liantu_web::serve(
        app,
        home,
        listener,
        std::future::pending::<()>(),
    ));
    Server {
        addr,
        cookie,
        _dir: dir,
    }
}

/// One GET over a fresh connection; the body.
fn fetch(addr: SocketAddr, path: &str, cookie: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read");
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers");
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{path}: {}",
        String::from_utf8_lossy(&answer[..split])
    );
    answer[split + 4..].to_vec()
}

/// nginx serving `root` on a free port, stopped when dropped.
struct Nginx {
    port: u16,
    prefix: tempfile::TempDir,
}

impl Nginx {
    fn start(root: &Path) -> Option<Nginx> {
        let prefix = tempfile::tempdir().ok()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        // What a stock static-file setup does: sendfile, keep-alive, one worker per core.
        let conf = format!(
            "worker_processes auto; daemon on; pid {p}/nginx.pid; error_log {p}/error.log;
             events {{ worker_connections 1024; }}
             http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
               default_type text/html;
               client_body_temp_path {p}; proxy_temp_path {p}; fastcgi_temp_path {p};
               uwsgi_temp_path {p}; scgi_temp_path {p};
               server {{ listen 127.0.0.1:{port}; root {root}; }} }}",
            p = prefix.path().display(),
            root = root.display(),
        );
        let conf_path = prefix.path().join("nginx.conf");
        std::fs::write(&conf_path, conf).ok()?;
        let started = Command::new("nginx")
            .args(["-p", &prefix.path().display().to_string(), "-c"])
            .arg(&conf_path)
            .status()
            .is_ok_and(|s| s.success());
        if !started {
            return None;
        }
        std::thread::sleep(Duration::from_millis(300));
        Some(Nginx { port, prefix })
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = Command::new("nginx")
            .args(["-p", &self.prefix.path().display().to_string(), "-c"])
            .arg(self.prefix.path().join("nginx.conf"))
            .args(["-s", "stop"])
            .status();
    }
}

/// `wrk`'s requests per second for `url` (2 threads, 32 connections).
fn wrk(url: &str, cookie: Option<&str>, script: Option<&Path>, seconds: u64) -> Option<f64> {
    let mut command = Command::new("wrk");
    command.args(["-t2", "-c32", &format!("-d{seconds}s")]);
    if let Some(c) = cookie {
        command.args(["-H", &format!("Cookie: {c}")]);
    }
    if let Some(s) = script {
        command.arg("-s").arg(s);
    }
    let out = command.arg(url).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    if text.contains("Non-2xx") {
        eprintln!("wrk saw errors on {url}:\n{text}");
        return None;
    }
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
}

/// The tool runs at all (`wrk -v` prints its version and exits with 1).
fn installed(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

fn side_by_side(server: &Server) {
    if !installed("wrk") || !installed("nginx") {
        eprintln!(
            "wrk or nginx not installed (apt-get install wrk nginx-light): no HTTP comparison"
        );
        return;
    }
    let seconds = std::env::var("LIANTU_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let root = tempfile::tempdir().expect("tempdir");
    let counter = root.path().join("fresh.lua");
    // A new query string per request: every answer rendered anew.
    std::fs::write(
        &counter,
        "n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(nil, wrk.path .. \"?n=\" .. n)\nend\n",
    )
    .expect("script");
    let mut rows = Vec::new();
    for (what, path) in PAGES {
        let body = fetch(server.addr, path, &server.cookie);
        let file = root.path().join(path.trim_start_matches('/'));
        std::fs::create_dir_all(file.parent().expect("parent")).expect("dirs");
        std::fs::write(&file, &body).expect("file");
        rows.push((what, path, body.len()));
    }
    let Some(nginx) = Nginx::start(root.path()) else {
        eprintln!("nginx would not start: no HTTP comparison");
        return;
    };
    println!("\nrequests/s over HTTP, wrk -t2 -c32 -d{seconds}s, one run each, same machine:");
    println!(
        "{:<16} {:>9} {:>12} {:>12} {:>12} {:>16}",
        "answer", "bytes", "rendered", "cached", "nginx", "cached / nginx"
    );
    for (what, path, bytes) in rows {
        let liantu = format!("http://{}{path}", server.addr);
        let rendered = wrk(&liantu, Some(&server.cookie), Some(&counter), seconds);
        let cached = wrk(&liantu, Some(&server.cookie), None, seconds);
        let from_disk = wrk(
            &format!("http://127.0.0.1:{}{path}", nginx.port),
            None,
            None,
            seconds,
        );
        let show = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.0}"));
        let share = match (cached, from_disk) {
            (Some(c), Some(n)) => format!("{:.0} %", 100.0 * c / n),
            _ => "-".to_string(),
        };
        println!(
            "{what:<16} {bytes:>9} {:>12} {:>12} {:>12} {share:>16}",
            show(rendered),
            show(cached),
            show(from_disk)
        );
        if path.starts_with("/static/") {
            // Signed out: no session, no revision read — the layers alone.
            let bare = wrk(&liantu, None, None, seconds);
            println!(
                "{:<16} {:>9} {:>12} {:>12} {:>12}",
                "  signed out",
                "",
                "",
                show(bare),
                ""
            );
        }
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = start_server(&rt);
    let mut group = c.benchmark_group("serve");
    for (what, path) in PAGES {
        group.bench_function(format!("{what} cached"), |b| {
            b.iter(|| fetch(server.addr, path, &server.cookie))
        });
        let mut n = 0u64;
        group.bench_function(format!("{what} rendered"), |b| {
            b.iter(|| {
                n += 1;
                fetch(server.addr, &format!("{path}?n={n}"), &server.cookie)
            })
        });
    }
    group.finish();
    side_by_side(&server);
}

criterion_group!(benches, bench);
criterion_main!(benches);
