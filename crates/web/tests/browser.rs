//! A real browser against a real server: headless Chromium driven through WebDriver opens the
//! NEV chain map, clicks the lithium-carbonate node, reads its status and rule, switches to
//! English and back, types a candidate project into the form, runs a what-if, uploads a bad
//! spreadsheet, confirms an auto-tagging suggestion, and saves screenshots.
//!
//! Skips with a message when Chromium or ChromeDriver is missing, unless `LIANTU_REQUIRE_BROWSER`
//! is set (CI sets it, so there the test must run).

use fantoccini::{ClientBuilder, Locator};
use liantu_model::RegionCode;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Kills chromedriver even when an assertion fails.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

async fn wait_for_port(port: u16) {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_page_in_a_real_browser() {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        let msg = format!(
            "skipping: {CHROMIUM} or {CHROMEDRIVER} not found (Debian packages chromium and chromium-driver; .ci/run installs them)"
        );
        if std::env::var_os("LIANTU_REQUIRE_BROWSER").is_some() {
            panic!("{msg}, but LIANTU_REQUIRE_BROWSER is set");
        }
        eprintln!("{msg}");
        return;
    }

    // liantu on a free loopback port, with the demo.
    let dir = tempfile::tempdir().unwrap();
    let app = liantu_app::App::open(&dir.path().join("browser.db"), true)
        .await
        .unwrap();
    app.install_builtin_chains().await.unwrap();
    app.load_demo().await.unwrap();
    let password = "browser test password";
    app.add_user(
        "analyst",
        liantu_model::account::Role::Analyst,
        liantu_model::account::Scope::default(),
        password,
    )
    .await
    .unwrap();
    let listener = liantu_web::bind("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(liantu_web::serve(
        app,
        RegionCode::parse("450200").unwrap(),
        listener,
        async {
            let _ = stopped.await;
        },
    ));

    let port = free_port();
    let _driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    wait_for_port(port).await;

    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1600,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("WebDriver session");

    let shots = screenshot_dir();
    let result = async {
        // A page asked for before signing in leads to the login page and, once signed in, back
        // to the page.
        client.goto(&format!("{base}/chains/nev-battery")).await?;
        client.wait().for_element(Locator::Id("login-form")).await?;
        std::fs::write(shots.join("login.png"), client.screenshot().await?).ok();
        client
            .find(Locator::Css("input[name=username]"))
            .await?
            .send_keys("analyst")
            .await?;
        client
            .find(Locator::Css("input[name=password]"))
            .await?
            .send_keys(password)
            .await?;
        client
            .find(Locator::Css("#login-form button[type=submit]"))
            .await?
            .click()
            .await?;
        let node = client
            .wait()
            .for_element(Locator::Css(r#"[data-node="lithium-carbonate"]"#))
            .await?;
        std::fs::write(shots.join("nev-chain-map.png"), client.screenshot().await?).ok();
        node.click().await?;
        client
            .wait()
            .for_element(Locator::Id("node-status"))
            .await?;
        let url = client.current_url().await?;
        assert!(
            url.path().ends_with("/nodes/lithium-carbonate"),
            "clicking the node opened {url}"
        );
        let status = client
            .find(Locator::Id("node-status"))
            .await?
            .text()
            .await?;
        assert_eq!(status.trim(), "空白");
        let reason = client
            .find(Locator::Id("node-reason"))
            .await?
            .text()
            .await?;
        assert!(
            reason.contains("空白"),
            "rule shown beside the status: {reason}"
        );
        let page = client.source().await?;
        assert!(page.contains("判定规则"));

        // Switch to English: the same page, in English, and remembered.
        client.find(Locator::Id("lang-en")).await?.click().await?;
        client.wait().for_element(Locator::Id("lang-zh")).await?;
        let status = client
            .find(Locator::Id("node-status"))
            .await?
            .text()
            .await?;
        assert_eq!(status.trim(), "missing");
        assert!(
            client
                .current_url()
                .await?
                .path()
                .ends_with("/nodes/lithium-carbonate")
        );
        std::fs::write(
            shots.join("lithium-carbonate-en.png"),
            client.screenshot().await?,
        )
        .ok();
        client.goto(&format!("{base}/")).await?;
        assert!(
            client.source().await?.contains("Local supply rate"),
            "English is remembered"
        );

        // And back to Chinese.
        client
            .goto(&format!(
                "{base}/chains/nev-battery/nodes/lithium-carbonate"
            ))
            .await?;
        client.find(Locator::Id("lang-zh")).await?.click().await?;
        client.wait().for_element(Locator::Id("lang-en")).await?;
        let status = client
            .find(Locator::Id("node-status"))
            .await?
            .text()
            .await?;
        assert_eq!(status.trim(), "空白");
        let png = client.screenshot().await?;
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::write(shots.join("lithium-carbonate-zh.png"), png).ok();

        // A candidate typed into the form, with two nodes picked in the multi-select.
        client.goto(&format!("{base}/candidates/new")).await?;
        let form = client
            .wait()
            .for_element(Locator::Id("candidate-form"))
            .await?;
        for (name, value) in [
            ("id", "membrane-2"),
            ("name", "某功能膜二期项目"),
            ("investment", "80,000"),
            ("land_mu", "200"),
        ] {
            form.find(Locator::Css(&format!("input[name={name}]")))
                .await?
                .send_keys(value)
                .await?;
        }
        form.find(Locator::Css("select[name=park]"))
            .await?
            .select_by_value("liujiang-xinxing")
            .await?;
        for node in ["chemical:functional-membranes", "nev-battery:separator"] {
            form.find(Locator::Css(&format!("option[value='{node}']")))
                .await?
                .click()
                .await?;
        }
        form.find(Locator::Id("save")).await?.click().await?;
        let saved = client.wait().for_element(Locator::Id("saved")).await?;
        assert!(saved.text().await?.contains("membrane-2"));
        let row = client
            .find(Locator::Id("candidate-membrane-2"))
            .await?
            .text()
            .await?;
        assert!(
            row.contains("功能膜") && row.contains("隔膜") && row.contains("80,000"),
            "{row}"
        );

        // The what-if page: tick the lithium project, analyse, see the park's new exchanges.
        client.goto(&format!("{base}/whatif")).await?;
        client
            .wait()
            .for_element(Locator::Id("pick-li2co3-luzhai"))
            .await?
            .click()
            .await?;
        client.find(Locator::Id("run")).await?.click().await?;
        let park = client
            .wait()
            .for_element(Locator::Id("park-luzhai-chem"))
            .await?
            .text()
            .await?;
        assert!(park.contains("slag"), "{park}");
        std::fs::write(shots.join("whatif.png"), client.screenshot().await?).ok();

        // An Excel-style CSV uploaded through the file input; a bad one lists its bad cell.
        let csv = dir.path().join("上传.csv");
        std::fs::write(
            &csv,
            "统一社会信用代码,企业名称,行政区划代码,经济类型\n91450204MA5KXXXX0X,浏览器上传测试厂,999999,民营\n",
        )
        .unwrap();
        client.goto(&format!("{base}/import")).await?;
        let form = client.wait().for_element(Locator::Id("import-form")).await?;
        form.find(Locator::Css("input[type=file]"))
            .await?
            .send_keys(&csv.display().to_string())
            .await?;
        form.find(Locator::Id("upload")).await?.click().await?;
        let failed = client
            .wait()
            .for_element(Locator::Id("import-failed"))
            .await?
            .text()
            .await?;
        assert!(failed.contains("未写入任何数据"), "{failed}");
        let errors = client.find(Locator::Id("import-errors")).await?.text().await?;
        assert!(errors.contains("999999"), "{errors}");
        std::fs::write(shots.join("import-errors.png"), client.screenshot().await?).ok();

        // Auto-tagging review: run the tagger, tick the best suggestion, confirm it by name.
        client.goto(&format!("{base}/tags")).await?;
        client
            .wait()
            .for_element(Locator::Id("run-tagging"))
            .await?
            .click()
            .await?;
        client.wait().for_element(Locator::Id("done")).await?;
        client
            .find(Locator::Css("#tags input[name=id]"))
            .await?
            .click()
            .await?;
        client
            .find(Locator::Css("#decide input[name=by]"))
            .await?
            .send_keys("测试员")
            .await?;
        std::fs::write(shots.join("tags.png"), client.screenshot().await?).ok();
        client.find(Locator::Id("confirm")).await?.click().await?;
        let done = client
            .wait()
            .for_element(Locator::Id("done"))
            .await?
            .text()
            .await?;
        assert!(done.contains("confirm:1"), "{done}");
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = client.close().await;
    let _ = stop.send(());
    let _ = server.await;
    result.expect("browser session");
    eprintln!("screenshots in {}", shots.display());
}
