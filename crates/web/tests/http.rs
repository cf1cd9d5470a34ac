//! Every route over HTTP semantics (in-process, no socket), including bad parameters.

/// The public reference data, or a skip (a failure under LIANTU_REQUIRE_SHARED); included rather
/// than depended on, so the web crate depends on app and model alone.
#[path = "../../testdata/src/lib.rs"]
#[allow(dead_code)] // the fuzz harness in it is for other crates' tests
mod testdata;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use liantu_model::RegionCode;
use tower::ServiceExt;

struct App {
    _dir: tempfile::TempDir,
    router: Router,
    /// The account every request is signed in as (`None`: anonymous).
    session: Option<Session>,
}

/// A signed-in browser: its session cookie and the CSRF token its forms carry.
#[derive(Clone)]
struct Session {
    cookie: String,
    csrf: String,
}

/// Adds an analyst (all data, all writes) and signs in as it, as the login page would.
async fn sign_in(app: &liantu_app::App) -> Session {
    use liantu_model::account::{Role, Scope};
    let password = "correct horse battery";
    app.add_user("analyst", Role::Analyst, Scope::default(), password)
        .await
        .unwrap();
    let s = app.login("analyst", password, "test").await.unwrap();
    Session {
        cookie: format!("liantu_session={}", s.token),
        csrf: s.csrf,
    }
}

/// Liuzhou, answering to the test host name the requests use.
fn config() -> liantu_web::WebConfig {
    let mut config = liantu_web::WebConfig::new(RegionCode::parse("450200").unwrap());
    config.allowed_hosts = liantu_web::AllowedHosts::new(["liantu.test".to_string()]);
    config
}

async fn demo_app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let app = liantu_app::App::open(&dir.path().join("web.db"), true)
        .await
        .unwrap();
    app.install_builtin_chains().await.unwrap();
    app.load_demo().await.unwrap();
    // As `liantu init --demo` does.
    app.install_builtin_occupations(false).await.unwrap();
    let session = sign_in(&app).await;
    let router = liantu_web::router_with(app, config());
    App {
        _dir: dir,
        router,
        session: Some(session),
    }
}

struct Reply {
    status: StatusCode,
    content_type: String,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

async fn get(app: &App, uri: &str) -> Reply {
    get_with(app, uri, None).await
}

async fn get_with(app: &App, uri: &str, cookie: Option<&str>) -> Reply {
    let mut request = Request::get(uri);
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

/// Posts a form as a browser on this site would (`Origin` = the host).
async fn post_form(app: &App, uri: &str, fields: &[(&str, &str)]) -> Reply {
    post_form_from(app, uri, fields, "http://liantu.test").await
}

async fn post_form_from(app: &App, uri: &str, fields: &[(&str, &str)], origin: &str) -> Reply {
    let csrf = app.session.as_ref().map(|s| ("csrf", s.csrf.as_str()));
    let body: String = fields
        .iter()
        .chain(csrf.as_ref())
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "liantu.test")
        .header(header::ORIGIN, origin)
        .body(Body::from(body))
        .unwrap();
    send(app, request).await
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn send(app: &App, mut request: Request<Body>) -> Reply {
    if let Some(s) = &app.session {
        let cookie = match request.headers().get(header::COOKIE) {
            Some(c) => format!("{}; {}", c.to_str().unwrap(), s.cookie),
            None => s.cookie.clone(),
        };
        request
            .headers_mut()
            .insert(header::COOKIE, cookie.parse().unwrap());
    }
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

const SGMW_NAME: &str = "上汽通用五菱";

#[tokio::test]
async fn home_lists_chains_with_sources() {
    let app = demo_app().await;
    let r = get(&app, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/html"));
    let html = r.text();
    assert!(html.contains("<html lang=\"zh-CN\">"));
    for id in ["nev-battery", "chemical", "forestry", "luosifen"] {
        assert!(html.contains(&format!("/chains/{id}")), "{id}");
    }
    assert!(html.contains("本地配套率") && html.contains("截至"));
    // The published chemical output, 57.5 亿元 = 575,000 万元, as rendered.
    assert!(html.contains("575,000"), "published chemical output fact");
    // Nothing from another host.
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[tokio::test]
async fn english_is_remembered_by_cookie() {
    let app = demo_app().await;
    let r = get(&app, "/lang/en?back=/chains/forestry").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/chains/forestry");
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("lang=en"));
    let en = get_with(&app, "/chains/forestry", Some("lang=en")).await;
    assert!(en.text().contains("<html lang=\"en\">"));
    assert!(en.text().contains("Local supply rate"));
    // Redirects stay on this site.
    let r = get(&app, "/lang/zh?back=//evil.example/").await;
    assert_eq!(r.headers[header::LOCATION], "/");
}

#[tokio::test]
async fn chain_map_page_and_svg_download() {
    let app = demo_app().await;
    let r = get(&app, "/chains/nev-battery").await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains("<svg"));
    assert!(html.contains("data-node=\"lithium-carbonate\""));
    assert!(html.contains("/chains/nev-battery/nodes/lithium-carbonate"));
    // 本地配套率 says it is by value, the link count beside it says what it rests on.
    assert!(
        html.contains("（按金额；"),
        "本地配套率 not said to be by value"
    );
    let county = get(&app, "/chains/forestry?region=450224").await;
    assert_eq!(county.status, StatusCode::OK);
    assert!(county.text().contains("融安县"));
    let svg = get(&app, "/chains/nev-battery/map.svg").await;
    assert_eq!(svg.status, StatusCode::OK);
    assert!(svg.content_type.starts_with("image/svg+xml"));
    assert!(
        svg.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    assert!(svg.text().starts_with("<?xml"));
    // The county layout and the Word brief, as the chain page links them.
    let counties = get(&app, "/chains/forestry/counties").await;
    assert_eq!(counties.status, StatusCode::OK);
    assert!(counties.text().contains("融安县") && counties.text().contains("<svg"));
    let brief = get(&app, "/chains/forestry/brief.docx").await;
    assert_eq!(brief.status, StatusCode::OK);
    assert!(brief.content_type.contains("wordprocessingml"));
    assert!(brief.body.starts_with(b"PK"));
}

#[tokio::test]
async fn node_page_shows_status_rule_and_suppliers() {
    let app = demo_app().await;
    let r = get(&app, "/chains/nev-battery/nodes/lithium-carbonate").await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains("id=\"node-status\""));
    assert!(html.contains("空白"));
    assert!(html.contains("id=\"node-reason\""));
    assert!(html.contains("判定规则"));
    // The node's occupations from the chain file, named as the classification prints them.
    assert!(html.contains("id=\"node-occupations\""), "{html}");
    assert!(html.contains("6-11-02-07</span> 无机盐生产工"), "{html}");
    let parts = get(&app, "/chains/nev-battery/nodes/auto-parts").await;
    assert!(parts.text().contains(SGMW_NAME));
    // Suppliers' regions by name (GB/T 2260), not by code.
    let packs = get(&app, "/chains/nev-battery/nodes/battery-pack")
        .await
        .text();
    assert!(
        packs.contains("<td>宁德市</td>") && !packs.contains("<td>350900</td>"),
        "{packs}"
    );
    assert_eq!(
        get(&app, "/chains/nev-battery/nodes/nope").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn diagnosis_table_and_downloads() {
    let app = demo_app().await;
    let r = get(&app, "/chains/chemical/diagnosis").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("链主"));
    let csv = get(&app, "/chains/chemical/diagnosis.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let text = csv.text();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(&reader.headers().unwrap()[1], "环节");
    let xlsx = get(&app, "/chains/chemical/diagnosis.xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with(b"PK"), "xlsx is a zip");
    assert!(xlsx.body.len() > 3000);
}

#[tokio::test]
async fn enterprises_search_filter_and_page() {
    let app = demo_app().await;
    let r = get(&app, "/enterprises").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("id=\"enterprise-table\""));
    let r = get(&app, "/enterprises?q=%E4%BA%94%E8%8F%B1").await; // 五菱
    assert!(r.text().contains(SGMW_NAME));
    let r = get(
        &app,
        "/enterprises?region=450224&chain=forestry&above_scale=1&page=1&page_size=5",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    for bad in [
        "/enterprises?page=-1",
        "/enterprises?page=abc",
        "/enterprises?page_size=100000",
        "/enterprises?region=12",
        "/enterprises?ownership=martian",
        "/enterprises?above_scale=yes",
    ] {
        let r = get(&app, bad).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(r.content_type.starts_with("text/html"), "{bad}");
    }
}

#[tokio::test]
async fn the_menu_is_grouped_by_task() {
    let app = demo_app().await;
    let home = get(&app, "/").await.text();
    let menu = section(&home, "<nav class=\"menu\"", "</nav>");
    let groups: Vec<&str> = menu
        .split("class=\"group-name\"")
        .skip(1)
        .filter_map(|g| g.split_once('>')?.1.split_once("</a>").map(|n| n.0))
        .collect();
    assert_eq!(groups, ["产业链", "企业", "招商", "园区", "评价", "数据"]);
    for page in [
        "/chains/nev-battery",
        "/parks/luzhai-chem/symbiosis",
        "/scenarios",
        "/glossary",
    ] {
        assert!(menu.contains(&format!("href=\"{page}\"")), "{page}");
    }
    // The API document is in the footer, the audit trail for administrators only.
    assert!(!menu.contains("/api/") && !menu.contains("/admin/audit"));
    assert!(home.contains("href=\"/api/openapi.json\""));
}

/// The rows under the header of a workbook's first sheet.
fn workbook_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    sheet
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect()
}

#[tokio::test]
async fn enterprise_list_downloads_as_a_workbook_with_every_page() {
    let app = demo_app().await;
    // The list links the download with its filters, without the paging.
    let page = get(&app, "/enterprises?chain=nev-battery&page=2")
        .await
        .text();
    assert!(
        page.contains("href=\"/enterprises.xlsx?chain=nev-battery\""),
        "{page}"
    );
    // Its pager keeps the filter and the chosen page size; past the end it says so.
    let page = get(&app, "/enterprises?chain=nev-battery&page=2&page_size=5")
        .await
        .text();
    assert!(page.contains("href=\"/enterprises?chain=nev-battery&#38;page=1&#38;page_size=5\""));
    assert!(page.contains("href=\"/enterprises?chain=nev-battery&#38;page=3&#38;page_size=5\""));
    let page = get(&app, "/enterprises?page=999").await.text();
    assert!(page.contains("没有第 999 页"), "{page}");
    assert!(!page.contains("第 999/"), "{page}");
    for query in [
        "",
        "?chain=nev-battery",
        "?q=%E4%BA%94%E8%8F%B1&above_scale=1",
    ] {
        let total = get(&app, &format!("/api/v1/enterprises{query}"))
            .await
            .json()["total"]
            .as_u64()
            .unwrap();
        let xlsx = get(&app, &format!("/enterprises.xlsx{query}")).await;
        assert_eq!(xlsx.status, StatusCode::OK, "{query}");
        assert!(xlsx.body.starts_with(b"PK"), "{query}: a zip");
        let rows = workbook_rows(&xlsx.body);
        assert_eq!(rows[0][0], "企业名称", "{query}");
        assert_eq!(
            rows.len() as u64 - 1,
            total,
            "{query}: one row per enterprise"
        );
    }
    // More than one page of the list, all of it.
    let all = get(&app, "/api/v1/enterprises").await.json()["total"]
        .as_u64()
        .unwrap();
    assert!(all > 20, "{all}");
    assert_eq!(
        get(&app, "/enterprises.xlsx?region=12").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn enterprise_page() {
    let app = demo_app().await;
    // 上汽通用五菱 (the vehicle maker), found by part of its name.
    let list = get(
        &app,
        "/api/v1/enterprises?q=%E9%80%9A%E7%94%A8%E4%BA%94%E8%8F%B1&page_size=1",
    )
    .await
    .json();
    let uscc = list["items"][0]["uscc"].as_str().unwrap().to_string();
    let r = get(&app, &format!("/enterprises/{uscc}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains("id=\"years\"") && html.contains("2024"));
    assert!(html.contains("/chains/nev-battery/nodes/vehicle"));
    // Its 亩均 grade as /grading gives it: same class and rank.
    let grade = section(&html, "id=\"grade\">", "<a ");
    let grading = get(&app, "/api/v1/grading?page_size=500").await.json();
    let row = grading["enterprises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["uscc"] == uscc.as_str())
        .unwrap_or_else(|| panic!("{uscc} not in the grading"));
    let rank = row["rank"].as_u64().unwrap();
    assert!(
        grade.contains(row["grade_zh"].as_str().unwrap())
            && grade.contains(&format!("第 {rank} 名")),
        "{grade} vs {row}"
    );
    // Its suppliers, largest first, with the values the links sum to.
    let suppliers = section(&html, "id=\"suppliers\"", "</table>");
    let values: Vec<f64> = suppliers
        .split("<td class=\"num\">")
        .skip(1)
        .step_by(2)
        .map(|cell| {
            cell[..cell.find('<').unwrap()]
                .replace(',', "")
                .parse()
                .unwrap()
        })
        .collect();
    assert!(values.len() > 3, "{suppliers}");
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    assert!(html.contains("id=\"buyers\"") || html.contains("没有记录的销售关系"));
    assert_eq!(
        get(&app, "/enterprises/123").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/enterprises/91450200MA5K00001X").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn unknown_pages_are_html_404() {
    let app = demo_app().await;
    for uri in [
        "/nope",
        "/chains/steel",
        "/chains/steel/diagnosis.csv",
        "/chains/nev-battery?year=abc",
    ] {
        let r = get(&app, uri).await;
        assert!(r.status.is_client_error(), "{uri}: {}", r.status);
        assert!(r.content_type.starts_with("text/html"), "{uri}");
        // The error page in the reader's language, with the reason.
        assert!(r.text().contains("class=\"error-message\""), "{uri}");
    }
    assert_eq!(
        get(&app, "/chains/steel").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn api_chains_and_diagnosis() {
    let app = demo_app().await;
    let chains = get(&app, "/api/v1/chains").await;
    assert_eq!(chains.status, StatusCode::OK);
    assert_eq!(chains.json().as_array().unwrap().len(), 4);
    let chain = get(&app, "/api/v1/chains/nev-battery").await.json();
    assert!(chain["nodes"].as_array().unwrap().len() >= 24);
    let d = get(&app, "/api/v1/chains/nev-battery/diagnosis").await;
    assert_eq!(d.status, StatusCode::OK);
    let d = d.json();
    let li = d["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "lithium-carbonate")
        .unwrap();
    assert_eq!(li["status"], "missing");
    let county = get(
        &app,
        "/api/v1/chains/forestry/diagnosis?region=450224&year=2023",
    )
    .await;
    assert_eq!(county.status, StatusCode::OK);
    assert_eq!(county.json()["year"], 2023);
}

#[tokio::test]
async fn api_errors_are_json_with_code_and_message() {
    let app = demo_app().await;
    let cases = [
        ("/api/v1/chains/steel", StatusCode::NOT_FOUND, "not_found"),
        (
            "/api/v1/chains/steel/diagnosis",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/v1/chains/nev-battery/diagnosis?region=abc",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/chains/nev-battery/diagnosis?region=659999",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/v1/chains/nev-battery/diagnosis?year=",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/chains/Nev_Battery",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/enterprises?ownership=%E5%9B%BD%E6%9C%89",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/enterprises/0",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        ("/api/v1/tags?min=", StatusCode::BAD_REQUEST, "bad_request"),
        (
            "/api/v1/tags?status=pending",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/whatif?candidates=",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/whatif?candidates=a,,b",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/parks/luzhai-chem/symbiosis?mip=true",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/growth?sort=",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/enterprises?page=1&page=2",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/chains/nev-battery/diagnosis?year=20x4",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/enterprises?page=-1",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/enterprises?page_size=1000000000000",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/enterprises/not-a-uscc",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/enterprises/91450200MA5K00001X",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/api/v1/nothing-here", StatusCode::NOT_FOUND, "not_found"),
    ];
    for (uri, status, code) in cases {
        let r = get(&app, uri).await;
        assert_eq!(r.status, status, "{uri}");
        let json = r.json();
        assert_eq!(json["code"], code, "{uri}");
        assert!(
            json["message"].as_str().unwrap().contains(" / "),
            "{uri}: zh / en message"
        );
    }
}

#[tokio::test]
async fn api_enterprises_page_and_detail() {
    let app = demo_app().await;
    let page = get(
        &app,
        "/api/v1/enterprises?chain=nev-battery&page=2&page_size=10",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.json();
    assert_eq!(page["page"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 10);
    assert!(page["total"].as_i64().unwrap() > 20);
    let uscc = page["items"][0]["uscc"].as_str().unwrap();
    let one = get(&app, &format!("/api/v1/enterprises/{uscc}"))
        .await
        .json();
    assert_eq!(one["enterprise"]["uscc"], uscc);
    assert!(one["years"].as_array().unwrap().len() >= 3);
    assert!(one["years"][0]["source"].is_string() && one["years"][0]["as_of"].is_string());
}

#[tokio::test]
async fn openapi_documents_every_api_route() {
    let app = demo_app().await;
    let r = get(&app, "/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in liantu_web::API_PATHS {
        assert!(
            paths.contains_key(*path),
            "{path} is served but missing from the OpenAPI document"
        );
    }
    assert_eq!(
        paths.len(),
        liantu_web::API_PATHS.len(),
        "documented paths that are not served"
    );
}

#[tokio::test]
async fn api_chain_occupations_curated_and_suggested() {
    let dir = tempfile::tempdir().unwrap();
    let inner = liantu_app::App::open(&dir.path().join("web.db"), true)
        .await
        .unwrap();
    inner.install_builtin_chains().await.unwrap();
    let session = sign_in(&inner).await;
    let app = App {
        _dir: dir,
        router: liantu_web::router_with(inner.clone(), config()),
        session: Some(session),
    };
    let none = get(&app, "/api/v1/chains/chemical/occupations").await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.text());
    assert!(none.text().contains("职业分类"), "{}", none.text());

    assert!(
        inner
            .install_builtin_occupations(false)
            .await
            .unwrap()
            .is_some()
    );
    let r = get(&app, "/api/v1/chains/chemical/occupations").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let nodes = r.json();
    let chlor = nodes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["node"] == "chlor-alkali")
        .unwrap();
    let links = chlor["occupations"].as_array().unwrap();
    assert_eq!(links[0]["origin"], "curated");
    assert_eq!(links[0]["name"], "烧碱生产工");
    assert!(links.iter().any(|l| l["origin"] == "suggested"), "{chlor}");
    let curated_only = get(&app, "/api/v1/chains/chemical/occupations?suggest=0")
        .await
        .json();
    assert!(
        curated_only
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|n| n["occupations"].as_array().unwrap())
            .all(|l| l["origin"] == "curated")
    );
    let bad = get(&app, "/api/v1/chains/chemical/occupations?suggest=yes").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let unknown = get(&app, "/api/v1/chains/steel/occupations").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn skills_page_and_api_sum_the_demo_workforce() {
    let app = demo_app().await;
    let api = get(&app, "/api/v1/chains/forestry/skills").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text());
    let v = api.json();
    assert_eq!(v["year"], 2024);
    assert_eq!(v["illustrative"], true);
    let occupations = v["occupations"].as_array().unwrap();
    let employed: i64 = occupations
        .iter()
        .map(|o| o["employed"].as_i64().unwrap())
        .sum();
    assert!(employed > 0);
    assert_eq!(v["totals"]["employed"], employed);
    // Most vacancies first.
    let vacancies: Vec<i64> = occupations
        .iter()
        .map(|o| o["vacancies"].as_i64().unwrap())
        .collect();
    assert!(vacancies.windows(2).all(|w| w[0] >= w[1]), "{vacancies:?}");

    let page = get(&app, "/chains/forestry/skills").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("id=\"skills-summary\""), "{html}");
    assert!(
        html.contains("id=\"skills-chart\"") && html.contains("class=\"paired-bars\""),
        "{html}"
    );
    assert!(html.contains("id=\"skills-target\"") && html.contains("1/3"));
    assert!(
        html.contains("胶合板工") && html.contains("示例数据"),
        "{html}"
    );
    let chain = get(&app, "/chains/forestry").await.text();
    assert!(
        chain.contains("/chains/forestry/skills?region=450200"),
        "{chain}"
    );
    // A year without rows says so.
    let empty = get(&app, "/chains/forestry/skills?year=2030").await.text();
    assert!(empty.contains("id=\"skills-empty\""), "{empty}");
    for query in ["region=12", "region=", "year=", "year=20x4"] {
        let bad = get(&app, &format!("/api/v1/chains/forestry/skills?{query}")).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{query}");
    }
}

#[tokio::test]
async fn economy_page_and_api_show_indicators_trends_and_firms() {
    let app = demo_app().await;
    let api = get(&app, "/api/v1/economy").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text());
    let v = api.json();
    let indicator = |v: &serde_json::Value, key: &str| {
        v["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == key)
            .cloned()
            .unwrap()
    };
    let digital = indicator(&v, "digital_growth");
    assert!(digital["value"].as_f64().unwrap() > 0.0, "{digital}");
    assert_eq!(digital["published"][0], 67.0);
    assert_eq!(digital["series"].as_array().unwrap().len(), 3, "{digital}");
    assert!(!v["specialized"].as_array().unwrap().is_empty());
    // The battery chain's state-owned firms: fewer firms, no published figure beside them.
    let chain = get(
        &app,
        "/api/v1/economy?ownership=state&chain=nev-battery&year=2024",
    )
    .await
    .json();
    assert_eq!(chain["chain"]["id"], "nev-battery");
    assert!(indicator(&chain, "rd_intensity")["published"].is_null());
    for bad in [
        "ownership=",
        "chain=",
        "ownership=collective",
        "chain=Nev!",
        "year=20x4",
        "region=12",
        "region=",
        "year=",
    ] {
        let r = get(&app, &format!("/api/v1/economy?{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        get(&app, "/api/v1/economy?chain=steel").await.status,
        StatusCode::NOT_FOUND
    );

    // The page: the form's "all firms" choice (chain=) is the whole city.
    let page = get(&app, "/economy?ownership=private&chain=").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for part in [
        "数字化投入增速",
        "class=\"trend\"",
        "class=\"data economy-leaders\"",
        "class=\"data economy-specialized\"",
        "广西晶联光电材料有限责任公司",
    ] {
        assert!(html.contains(part), "{part}");
    }
    let forestry = get(&app, "/economy?chain=forestry").await.text();
    assert!(forestry.contains("林木加工") && !forestry.contains("广西晶联光电材料有限责任公司"));
}

#[tokio::test]
async fn the_coupling_page_map_and_api_agree() {
    let app = demo_app().await;
    let v = get(&app, "/api/v1/coupling").await.json();
    let edges = v["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    let gap = &v["gaps"][0];
    // The largest coupling gap is one of the edges, with the same outside purchases.
    assert!(
        edges
            .iter()
            .any(|e| e["supplier"]["node"] == gap["supplier_node"]
                && e["buyer"]["node"] == gap["buyer_node"]
                && e["outside_value"] == gap["outside_value"])
    );
    let page = get(&app, "/coupling").await.text();
    assert!(
        page.contains("class=\"lt-coupling-map\"")
            && page.contains("class=\"data coupling-matrix\"")
    );
    assert!(
        !page.contains("<?xml"),
        "the map sits inside the page without its declaration"
    );
    let svg = get(&app, "/coupling/map.svg").await;
    assert_eq!(svg.status, StatusCode::OK);
    assert!(svg.text().starts_with("<?xml"));
    for bad in ["region=12", "year=20x4", "region="] {
        assert_eq!(
            get(&app, &format!("/api/v1/coupling?{bad}")).await.status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn innovation_page_and_api_match_needs_with_achievements() {
    let app = demo_app().await;
    let api = get(&app, "/api/v1/innovation?chain=nev-battery").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text());
    let v = api.json();
    assert_eq!(v["illustrative"], true);
    let needs = v["needs"].as_array().unwrap();
    // Every need shown serves a node of the chain, and only open ones have matches.
    for n in needs {
        assert!(
            n["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["chain"] == "nev-battery"),
            "{n}"
        );
        let open = ["published", "matching"].contains(&n["status"].as_str().unwrap());
        assert!(open || n["matches"].as_array().unwrap().is_empty(), "{n}");
    }
    // The battery-grade lithium carbonate need finds the lithium carbonate achievement first,
    // with the shared node among its reasons.
    let lithium = needs.iter().find(|n| n["id"] == "XQ-2025-001").unwrap();
    let best = &lithium["matches"][0];
    assert_eq!(best["achievement"], "CG-2025-001", "{lithium}");
    assert!(
        best["reasons_zh"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("共同环节：电池级碳酸锂")),
        "{best}"
    );
    let pipeline: i64 = v["pipeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["needs"].as_i64().unwrap())
        .sum();
    assert_eq!(pipeline, needs.len() as i64);

    let page = get(&app, "/innovation").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("id=\"innovation-pipeline\""), "{html}");
    assert!(html.contains("广西汽车零部件与整车技术重点实验室") && html.contains("示例数据"));
    for bad in ["chain=Nev!", "chain="] {
        let r = get(&app, &format!("/api/v1/innovation?{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let unknown = get(&app, "/api/v1/innovation?chain=steel").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // Signing the lithium need with its best match: out of the matching, into the pipeline.
    assert!(html.contains("id=\"need-status\""));
    let done = post_form(
        &app,
        "/innovation/needs",
        &[
            ("need", "XQ-2025-001"),
            ("status", "signed"),
            ("partner", "CG-2025-001"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    let after = get(&app, "/api/v1/innovation?chain=nev-battery")
        .await
        .json();
    let lithium = after["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "XQ-2025-001")
        .unwrap();
    assert_eq!(lithium["status"], "signed");
    assert_eq!(lithium["partner"], "CG-2025-001");
    assert!(lithium["matches"].as_array().unwrap().is_empty());
    for (fields, status) in [
        (
            [
                ("need", "XQ-2025-001"),
                ("status", "signed"),
                ("partner", "CG-9"),
            ],
            StatusCode::NOT_FOUND,
        ),
        (
            [("need", "XQ-9"), ("status", "signed"), ("partner", "")],
            StatusCode::NOT_FOUND,
        ),
        (
            [("need", "XQ-2025-001"), ("status", "done"), ("partner", "")],
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let r = post_form(&app, "/innovation/needs", &fields).await;
        assert_eq!(r.status, status, "{fields:?}");
    }
}

#[tokio::test]
async fn fusion_view_joins_the_four_chains_per_node() {
    let app = demo_app().await;
    let api = get(&app, "/api/v1/chains/nev-battery/fusion").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text());
    let v = api.json();
    let nodes = v["nodes"].as_array().unwrap();
    let node = |id: &str| nodes.iter().find(|n| n["id"] == id).unwrap();
    // A missing node has no local firms, so none of their people.
    let lithium = node("lithium-carbonate");
    assert_eq!(lithium["status"], "missing");
    assert_eq!(lithium["firms"], 0);
    assert_eq!(lithium["employed"], 0);
    assert_eq!(lithium["needs"], 1);
    assert!(!lithium["platforms"].as_array().unwrap().is_empty());
    // The vehicle node's firms employ people, programmes feed it, and the gap is
    // vacancies − supply.
    let vehicle = node("vehicle");
    assert!(vehicle["employed"].as_i64().unwrap() > 0);
    assert!(!vehicle["programmes"].as_array().unwrap().is_empty());
    let gap = vehicle["vacancies"].as_f64().unwrap() - vehicle["supply"].as_f64().unwrap();
    assert!((vehicle["gap"].as_f64().unwrap() - gap).abs() < 1e-9);

    let page = get(&app, "/chains/nev-battery/fusion").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("四链融合"));
    let chain = get(&app, "/chains/nev-battery").await.text();
    assert!(chain.contains("/chains/nev-battery/fusion?region=450200"));
    for query in ["region=12", "year=20x4"] {
        let bad = get(&app, &format!("/api/v1/chains/nev-battery/fusion?{query}")).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{query}");
    }
}

#[tokio::test]
async fn a_suggested_occupation_is_confirmed_and_rejected_on_the_node_page() {
    let app = demo_app().await;
    let page = get(&app, "/chains/chemical/nodes/raw-salt").await.text();
    assert!(page.contains("id=\"occupation-suggestions\""), "{page}");
    assert!(
        page.contains("6-11-02-09"),
        "卤水综合利用工 is suggested: {page}"
    );
    let before = get(&app, "/api/v1/chains/chemical/fusion").await.json()["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "raw-salt")
        .unwrap()["occupations"]
        .as_i64()
        .unwrap();
    let done = post_form(
        &app,
        "/chains/chemical/nodes/raw-salt/occupations",
        &[("code", "6-11-02-09"), ("action", "confirm")],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    let api = get(&app, "/api/v1/chains/chemical/occupations")
        .await
        .json();
    let salt = api
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["node"] == "raw-salt")
        .unwrap();
    let brine = salt["occupations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "6-11-02-09")
        .unwrap();
    assert_eq!(brine["origin"], "confirmed", "{salt}");
    // A confirmed occupation counts among the node's in the four-chain view.
    let fusion = get(&app, "/api/v1/chains/chemical/fusion").await.json();
    let salt_fusion = fusion["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "raw-salt")
        .unwrap();
    assert_eq!(salt_fusion["occupations"], before + 1, "{salt_fusion}");
    // Rejecting a suggestion removes it from the list; a code outside the classification
    // changes nothing.
    let suggested: Vec<String> = salt["occupations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["origin"] == "suggested")
        .map(|o| o["code"].as_str().unwrap().to_string())
        .collect();
    let gone = &suggested[0];
    post_form(
        &app,
        "/chains/chemical/nodes/raw-salt/occupations",
        &[("code", gone), ("action", "reject")],
    )
    .await;
    let after = get(&app, "/api/v1/chains/chemical/occupations")
        .await
        .text();
    let salt_after: serde_json::Value = serde_json::from_str(&after).unwrap();
    let codes = salt_after
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["node"] == "raw-salt")
        .unwrap()["occupations"]
        .to_string();
    assert!(!codes.contains(gone.as_str()), "{codes}");
    let bad = post_form(
        &app,
        "/chains/chemical/nodes/raw-salt/occupations",
        &[("code", "6-99-99-99"), ("action", "confirm")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn static_files_are_local() {
    let app = demo_app().await;
    let css = get(&app, "/static/style.css").await;
    assert!(css.content_type.starts_with("text/css"));
    assert!(css.text().contains("@media print") && css.text().contains("A4 landscape"));
    assert!(!css.text().contains("url(http"));
    assert!(
        get(&app, "/static/app.js")
            .await
            .content_type
            .starts_with("text/javascript")
    );
}

#[tokio::test]
async fn growth_page_chart_downloads_and_api() {
    let app = demo_app().await;
    let r = get(&app, "/growth").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = r.text();
    assert!(html.contains("class=\"quadrant\"") && html.contains("data-industry=\"2613\""));
    assert!(html.contains("/chains/nev-battery/nodes/lithium-carbonate"));
    assert!(html.contains("示例面板"));
    let peers = get(&app, "/growth?region=450200&peers=450100,440300,360500").await;
    assert_eq!(peers.status, StatusCode::OK);
    assert!(peers.text().contains("4 个区域"));
    let csv = get(&app, "/growth.csv?region=450300").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.text().contains("行业代码"));
    let xlsx = get(&app, "/growth.xlsx").await;
    assert!(xlsx.body.starts_with(b"PK"));
    let by_cog = get(&app, "/api/v1/growth?sort=cog").await.json();
    let cogs: Vec<f64> = by_cog["opportunities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["cog"].as_f64().unwrap())
        .collect();
    assert!(cogs.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(
        get(&app, "/api/v1/growth?sort=size").await.status,
        StatusCode::BAD_REQUEST
    );
    let api = get(&app, "/api/v1/growth?region=450200&time=2022").await;
    assert_eq!(api.status, StatusCode::OK);
    let json = api.json();
    assert_eq!(json["time"], "2022");
    assert!(json["opportunities"].as_array().unwrap().len() > 3);
    let panels = get(&app, "/api/v1/panels").await.json();
    assert_eq!(panels[0]["id"], "demo-city-industry");
    for (uri, status) in [
        ("/api/v1/growth?region=999999", StatusCode::NOT_FOUND),
        ("/api/v1/growth?time=1900", StatusCode::NOT_FOUND),
        ("/api/v1/growth?panel=nope", StatusCode::NOT_FOUND),
        ("/api/v1/growth?peers=123", StatusCode::NOT_FOUND),
        ("/api/v1/growth?peers=450200", StatusCode::BAD_REQUEST),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, status, "{uri}");
        assert!(r.json()["message"].is_string());
    }
    assert_eq!(
        get(&app, "/growth?region=999999").await.status,
        StatusCode::NOT_FOUND
    );
    // A list naming no code is no peer group, like a blank one.
    assert_eq!(
        get(&app, "/api/v1/growth?peers=,").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn park_symbiosis_page_what_if_and_api() {
    let app = demo_app().await;
    let home = get(&app, "/").await.text();
    assert!(home.contains("/parks/luzhai-chem/symbiosis"));
    let r = get(&app, "/parks/luzhai-chem/symbiosis").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = r.text();
    assert!(html.contains("id=\"exchanges\"") && html.contains("class=\"network flows\""));
    let api = get(&app, "/api/v1/parks/luzhai-chem/symbiosis").await;
    assert_eq!(api.status, StatusCode::OK);
    let base = api.json();
    // One band a solved exchange in the flow diagram.
    let exchanges = base["exchanges"].as_array().unwrap();
    assert!(!exchanges.is_empty());
    assert_eq!(html.matches("data-exchange=").count(), exchanges.len());
    let net = base["totals"]["net_benefit"].as_f64().unwrap();
    assert!(net > 0.0 && base["illustrative"] == true);
    // Taking out the offer of the most valuable exchange cannot make the park better off.
    let best = base["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .max_by(|a, b| {
            a["net_value"]
                .as_f64()
                .unwrap()
                .total_cmp(&b["net_value"].as_f64().unwrap())
        })
        .unwrap()["offer"]
        .as_str()
        .unwrap()
        .to_string();
    let without = get(
        &app,
        &format!("/api/v1/parks/luzhai-chem/symbiosis?without={best}"),
    )
    .await
    .json();
    assert!(without["totals"]["net_benefit"].as_f64().unwrap() < net);
    assert!(
        without["exchanges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["offer"] != best.as_str())
    );
    let page = get(
        &app,
        &format!("/parks/luzhai-chem/symbiosis?without={best}"),
    )
    .await;
    assert!(page.text().contains("假设情景"));
    for (uri, status) in [
        ("/api/v1/parks/nowhere/symbiosis", StatusCode::NOT_FOUND),
        (
            "/api/v1/parks/luzhai-chem/symbiosis?without=no-such-stream",
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v1/parks/luzhai-chem/symbiosis?price.x=abc",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, status, "{uri}: {}", r.text());
        assert!(r.json()["message"].is_string());
    }
    assert_eq!(
        get(&app, "/parks/nowhere/symbiosis").await.status,
        StatusCode::NOT_FOUND
    );
}

/// The ids of an API page of the ranking.
fn ranked_ids(json: &serde_json::Value) -> Vec<String> {
    listed_ids(&json["results"])
}

/// The `id` of each item of a JSON array.
fn listed_ids(json: &serde_json::Value) -> Vec<String> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_ranking_candidates_and_projects_lists_come_a_page_at_a_time() {
    let app = demo_app().await;
    // The ranking: pages of three are the whole list's slices, with the whole list's counts.
    let whole = get(&app, "/api/v1/ranking").await.json();
    let total = whole["total"].as_u64().unwrap() as usize;
    assert!(total > 6, "{total}");
    assert_eq!(ranked_ids(&whole).len(), total);
    let second = get(&app, "/api/v1/ranking?page=2&page_size=3").await.json();
    assert_eq!(second["total"], whole["total"]);
    assert_eq!(second["eligible"], whole["eligible"]);
    assert_eq!(ranked_ids(&second), ranked_ids(&whole)[3..6]);
    for bad in ["page=0", "page_size=1001", "page=x"] {
        let r = get(&app, &format!("/api/v1/ranking?{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // The page links to its neighbours, keeping the size the reader chose.
    let html = get(&app, "/invest?page=2&page_size=3").await.text();
    assert!(
        html.contains("href=\"/invest?page=1&#38;page_size=3\""),
        "{html}"
    );
    assert!(html.contains("href=\"/invest?page=3&#38;page_size=3\""));
    let first_name = whole["results"][3]["name"].as_str().unwrap();
    assert!(html.contains(first_name));
    assert!(!html.contains(whole["results"][0]["name"].as_str().unwrap()));
    // Past the end (a link kept from a longer list): said so, with the way back.
    let html = get(&app, "/invest?page=99&page_size=3").await.text();
    assert!(html.contains("没有第 99 页，共"), "{html}");
    let last = total.div_ceil(3);
    assert!(html.contains(&format!("href=\"/invest?page={last}&#38;page_size=3\"")));

    // Candidates: the API's pages by id, the count of all in a header.
    let all = get(&app, "/api/v1/candidates").await;
    let count: usize = all.headers["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let ids = listed_ids(&all.json());
    assert_eq!(ids.len(), count);
    let page = get(&app, "/api/v1/candidates?page=3&page_size=2").await;
    assert_eq!(page.headers["x-total-count"], count.to_string().as_str());
    assert_eq!(listed_ids(&page.json()), ids[4..6]);
    let html = get(&app, "/candidates?page=3&page_size=2").await.text();
    assert!(html.contains(&format!("id=\"candidate-{}\"", ids[4])));
    assert!(!html.contains(&format!("id=\"candidate-{}\"", ids[0])));
    assert!(
        html.contains("href=\"/candidates?page=2&#38;page_size=2\""),
        "{html}"
    );
    assert_eq!(
        get(&app, "/candidates?page=0").await.status,
        StatusCode::BAD_REQUEST
    );

    // The board: a page keeps the filter in its links and numbers its rows on.
    let board = get(&app, "/api/v1/projects?level=red").await.json();
    let kept = board["rows_total"].as_u64().unwrap();
    assert!(kept > 2, "{kept}");
    let page = get(&app, "/api/v1/projects?level=red&page=2&page_size=2")
        .await
        .json();
    assert_eq!(page["rows_total"], kept);
    assert_eq!(page["offset"], 2);
    assert_eq!(
        page["rows"][0]["project"]["id"],
        board["rows"][2]["project"]["id"]
    );
    let html = get(&app, "/projects?level=red&page=2&page_size=2")
        .await
        .text();
    assert!(
        html.contains("href=\"/projects?level=red&#38;page=1&#38;page_size=2\""),
        "{html}"
    );
    assert_eq!(
        get(&app, "/api/v1/projects?page_size=0").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn investment_ranking_and_grading_pages_xlsx_and_api() {
    let app = demo_app().await;
    let r = get(&app, "/invest").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = r.text();
    assert!(html.contains("id=\"ranking\"") && html.contains("class=\"points-bar\""));
    let api = get(&app, "/api/v1/ranking").await;
    assert_eq!(api.status, StatusCode::OK);
    let json = api.json();
    let results = json["results"].as_array().unwrap();
    assert!(!results.is_empty());
    // Each candidate's criterion points add up to its total.
    for c in results {
        let sum: f64 = c["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["points"].as_f64().unwrap())
            .sum();
        assert!((sum - c["total"].as_f64().unwrap()).abs() < 1e-6, "{c}");
    }
    let xlsx = get(&app, "/invest.xlsx").await;
    assert!(xlsx.body.starts_with(b"PK"));
    let g = get(&app, "/grading").await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.text());
    assert!(g.text().contains("class=\"distribution\""));
    // The score says what it is out of.
    let max = get(&app, "/api/v1/grading").await.json()["max_score"]
        .as_f64()
        .unwrap();
    assert!(
        g.text().contains(&format!("得分（满分 {max:.0}）")),
        "no maximum beside the score"
    );
    let grading = get(&app, "/api/v1/grading").await.json();
    assert!(grading["graded"].as_u64().unwrap() > 0);
    assert!(get(&app, "/grading.xlsx").await.body.starts_with(b"PK"));

    // Filters: a park or a chain shows those firms of the city's grading (ranks kept); a county
    // is graded on its own.
    let city: Vec<serde_json::Value> = grading["enterprises"].as_array().unwrap().clone();
    let rows_of = |html: &str| -> Vec<String> {
        let table = section(html, "id=\"grading\"", "</table>");
        table
            .split("<a href=\"/enterprises/")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_string())
            .collect()
    };
    let in_park: Vec<String> = city
        .iter()
        .filter(|e| e["park"] == "luzhai-chem")
        .map(|e| e["uscc"].as_str().unwrap().to_string())
        .collect();
    assert!(!in_park.is_empty() && in_park.len() < city.len());
    let page = get(&app, "/grading?park=luzhai-chem").await.text();
    assert_eq!(
        rows_of(&page),
        in_park,
        "the park's firms, in the city's order"
    );
    assert!(page.contains("href=\"/grading.xlsx?park=luzhai-chem\""));
    let members = get(&app, "/api/v1/enterprises?chain=forestry&page_size=200")
        .await
        .json();
    let forestry: std::collections::HashSet<&str> = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uscc"].as_str().unwrap())
        .collect();
    let on_chain: Vec<String> = city
        .iter()
        .map(|e| e["uscc"].as_str().unwrap())
        .filter(|u| forestry.contains(u))
        .map(String::from)
        .collect();
    assert!(!on_chain.is_empty());
    assert_eq!(
        rows_of(&get(&app, "/grading?chain=forestry").await.text()),
        on_chain
    );
    let county: Vec<&serde_json::Value> = city.iter().filter(|e| e["region"] == "450224").collect();
    let page = get(&app, "/grading?region=450224").await.text();
    assert_eq!(rows_of(&page).len(), county.len());
    assert!(page.contains("融安县"));
    // Another city's region: nothing of it here (as for a region the city lacks); a malformed
    // code is a bad request.
    assert_eq!(
        get(&app, "/grading?region=350900").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/api/v1/grading?region=811723").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/grading?region=4502x").await.status,
        StatusCode::BAD_REQUEST
    );

    // Pages: the city's rows a page at a time, in the API's order, with the whole view's counts.
    let all: Vec<String> = city
        .iter()
        .map(|e| e["uscc"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(grading["rows_total"].as_u64(), Some(all.len() as u64));
    assert!(all.len() > 100, "the demo fills more than one page");
    let first = get(&app, "/grading").await.text();
    let second = get(&app, "/grading?page=2").await.text();
    assert_eq!(rows_of(&first), all[..100]);
    assert_eq!(rows_of(&second), all[100..]);
    assert!(
        first.contains("href=\"/grading?page=2\""),
        "a link to the next page"
    );
    assert!(second.contains("href=\"/grading?page=1\""));
    // Past the end: said so, with the way back to the last page.
    let past = get(&app, "/grading?page=9").await.text();
    assert!(past.contains("没有第 9 页，共 2 页"), "{past}");
    assert!(past.contains("href=\"/grading?page=2\""));
    assert!(first.contains(&format!("共 {} 家企业", all.len())));
    let tail = get(&app, "/api/v1/grading?page=4&page_size=50")
        .await
        .json();
    let tail_rows: Vec<&str> = tail["enterprises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uscc"].as_str().unwrap())
        .collect();
    assert_eq!(tail_rows, all[150..]);
    assert_eq!(
        (tail["offset"].as_u64(), tail["graded"].clone()),
        (Some(150), grading["graded"].clone()),
        "counts are of the whole view"
    );
    assert_eq!(
        get(&app, "/api/v1/grading?page_size=5000").await.status,
        StatusCode::BAD_REQUEST
    );
    // The download is every row, whatever page is shown.
    let book = workbook_rows(&get(&app, "/grading.xlsx?page=2").await.body);
    assert!(book.len() > all.len(), "{} rows", book.len());
}

#[tokio::test]
async fn a_candidate_is_entered_by_names_alone() {
    let app = demo_app().await;
    let form = get(&app, "/candidates/new").await.text();
    // Places and industries are offered by name; the field keeps the code.
    assert!(
        form.contains("list=\"region-choices\"")
            && form.contains("<option value=\"350900\">宁德市</option>")
    );
    assert!(form.contains("list=\"industry-choices\""));
    assert!(
        form.contains("<option value=\"3841\">电芯、电池包（PACK）、储能及梯次利用</option>"),
        "{form}"
    );
    let saved = post_form(
        &app,
        "/candidates",
        &[
            ("_mode", "new"),
            ("id", ""),
            ("name", "宁德某电芯项目"),
            ("origin_region", "宁德市"),
            ("industry_code", "电芯"),
            ("investment", "50000"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let location = saved.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let id = location.trim_start_matches("/candidates?saved=");
    assert!(id.starts_with("xm-") && id.ends_with("-1"), "{location}");
    let stored = get(&app, "/api/v1/candidates").await.json();
    let c = stored
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} not stored: {stored}"));
    assert_eq!(c["origin_region"], "350900");
    assert_eq!(c["industry_code"], "3841");
    // A name that names no place stays as typed and is refused beside its field.
    let bad = post_form(
        &app,
        "/candidates",
        &[
            ("_mode", "new"),
            ("name", "某项目"),
            ("origin_region", "不存在市"),
            ("investment", "1"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text().contains("value=\"不存在市\""));
    assert_eq!(bad.text().matches("class=\"field-error\"").count(), 1);
}

#[tokio::test]
async fn candidates_are_created_edited_and_deleted_in_the_browser() {
    let app = demo_app().await;
    let list = get(&app, "/candidates").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    assert!(list.text().contains("id=\"candidate-li2co3-luzhai\""));
    let form = get(&app, "/candidates/new").await;
    assert_eq!(form.status, StatusCode::OK);
    // Nodes as tick boxes, folded by chain under the chain's name.
    assert!(
        form.text()
            .contains("<summary>新能源汽车及锂电池</summary>")
            && form
                .text()
                .contains("type=\"checkbox\" name=\"nodes\" value=\"nev-battery:cathode\"")
    );

    // Every bad field is reported next to it, the values typed are kept, nothing is saved.
    let bad = post_form(
        &app,
        "/candidates",
        &[
            ("_mode", "new"),
            ("id", "pps-2"),
            ("name", ""),
            ("investment", "lots"),
            ("land_mu", "-3"),
            ("note", "保留的备注"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let html = bad.text();
    assert_eq!(html.matches("class=\"field-error\"").count(), 3, "{html}");
    assert!(html.contains("value=\"保留的备注\"") && html.contains("value=\"lots\""));
    // An unknown node is an error of the whole form.
    let unknown = post_form(
        &app,
        "/candidates",
        &[
            ("_mode", "new"),
            ("id", "pps-2"),
            ("name", "x"),
            ("investment", "1"),
            ("nodes", "chemical:nope"),
        ],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.text().contains("id=\"form-errors\"") && unknown.text().contains("chemical:nope")
    );
    assert_eq!(
        get(&app, "/api/v1/candidates")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        14
    );

    let fields = [
        ("_mode", "new"),
        ("id", "pps-2"),
        ("name", "某聚苯硫醚二期项目"),
        ("park", "luzhai-chem"),
        ("nodes", "chemical:high-performance-polymers"),
        ("nodes", "nev-battery:separator"),
        ("industry_code", "2651"),
        ("investment", "１２,０００"),
        ("land_mu", "100"),
        ("expected_output", "30000"),
        ("chemical", "1"),
        ("rd_intensity", "4.5"),
        ("source", "洽谈记录 2026-11"),
    ];
    let ok = post_form(&app, "/candidates", &fields).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    assert_eq!(ok.headers[header::LOCATION], "/candidates?saved=pps-2");
    let stored = get(&app, "/api/v1/candidates").await.json();
    let c = stored
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "pps-2")
        .unwrap()
        .clone();
    assert_eq!(c["investment"], 12000.0);
    assert_eq!(c["nodes"].as_array().unwrap().len(), 2);
    assert_eq!(c["chemical"], true);
    // R&D intensity is typed as a percentage and stored as the fraction files use.
    assert_eq!(c["rd_intensity"], 0.045);
    // It is scored with the others straight away (writes invalidate the caches).
    let ranking = get(&app, "/api/v1/ranking").await.json();
    let ranked = |json: &serde_json::Value| -> serde_json::Value {
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["candidate"]["id"] == "pps-2")
            .cloned()
            .unwrap_or_else(|| panic!("pps-2 not ranked: {json}"))
    };
    let before = ranked(&ranking);
    // The same id cannot be created twice.
    let again = post_form(&app, "/candidates", &fields).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.text().contains("已有 id"));

    // Editing: the id is fixed, the nodes come back selected; less land = higher 万元/亩.
    let edit = get(&app, "/candidates/pps-2/edit").await;
    assert!(edit.text().contains("name=\"id\" value=\"pps-2\" readonly"));
    assert!(
        edit.text()
            .contains("value=\"nev-battery:separator\" checked")
    );
    assert!(edit.text().contains("name=\"rd_intensity\" value=\"4.5\""));
    let mut edited: Vec<(&str, &str)> = fields.to_vec();
    edited[0] = ("_mode", "edit");
    edited[8] = ("land_mu", "40");
    let saved = post_form(&app, "/candidates", &edited).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let after = ranked(&get(&app, "/api/v1/ranking").await.json());
    // 12,000 万元 on 100 亩 is below the park's 250 万元/亩 floor (gated); on 40 亩 it passes.
    assert_eq!(before["investment_intensity"], 120.0);
    assert_eq!(before["eligible"], false);
    assert_eq!(after["investment_intensity"], 300.0);
    assert_eq!(after["eligible"], true);

    // A form posted from another site is refused and changes nothing.
    let forged = post_form_from(&app, "/candidates/pps-2/delete", &[], "http://evil.example").await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    let csv = get(&app, "/candidates.csv").await;
    assert!(csv.body.starts_with("\u{feff}id,name".as_bytes()) && csv.text().contains("pps-2"));
    let gone = post_form(&app, "/candidates/pps-2/delete", &[]).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert!(!get(&app, "/candidates").await.text().contains("pps-2"));
    assert_eq!(
        post_form(&app, "/candidates/pps-2/delete", &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/candidates/pps-2/edit").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn what_if_page_symbiosis_and_scenarios() {
    let app = demo_app().await;
    let empty = get(&app, "/whatif").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(
        empty.text().contains("id=\"pick-li2co3-luzhai\"")
            && !empty.text().contains("id=\"save-scenario\"")
    );

    let r = get(
        &app,
        "/whatif?c=li2co3-luzhai&c=cathode-xinxing&substitution=0.5",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = r.text();
    assert!(html.contains("id=\"chain-nev-battery\""));
    assert!(
        html.contains("data-node=\"lithium-carbonate\"") && html.contains("data-node=\"cathode\"")
    );
    assert!(html.contains("空白 → "));
    // The lithium project joins the 鹿寨 chemical park's symbiosis network.
    assert!(
        html.contains("id=\"park-luzhai-chem\"") && html.contains("class=\"data new-exchanges\"")
    );
    assert!(!html.contains("id=\"park-liujiang-xinxing\""));
    // The picker pages through the candidates by id, the chosen ones on every page, and its
    // links keep the choice.
    let paged = get(&app, "/whatif?c=li2co3-luzhai&page=2&page_size=2")
        .await
        .text();
    let ids = listed_ids(&get(&app, "/api/v1/candidates").await.json());
    for (i, id) in ids.iter().enumerate() {
        let shown = paged.contains(&format!("id=\"pick-{id}\""));
        assert_eq!(shown, (2..4).contains(&i) || id == "li2co3-luzhai", "{id}");
    }
    assert!(
        paged.contains("href=\"/whatif?c=li2co3-luzhai&#38;page=3&#38;page_size=2\""),
        "{paged}"
    );

    let api = get(
        &app,
        "/api/v1/whatif?candidates=li2co3-luzhai,cathode-xinxing&substitution=0.5",
    )
    .await
    .json();
    assert_eq!(api["substitution"], 0.5);
    assert_eq!(api["symbiosis"][0]["park"], "luzhai-chem");
    assert!(
        !api["symbiosis"][0]["new_exchanges"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    for (uri, status) in [
        ("/whatif?c=nope", StatusCode::NOT_FOUND),
        (
            "/whatif?c=li2co3-luzhai&substitution=2",
            StatusCode::BAD_REQUEST,
        ),
        ("/api/v1/whatif", StatusCode::BAD_REQUEST),
        (
            "/api/v1/whatif?candidates=li2co3-luzhai&substitution=2",
            StatusCode::BAD_REQUEST,
        ),
        ("/api/v1/whatif?candidates=nope", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(get(&app, uri).await.status, status, "{uri}");
    }

    let saved = post_form(
        &app,
        "/scenarios",
        &[
            ("id", "materials"),
            ("name", "电池材料"),
            ("c", "li2co3-luzhai"),
            ("c", "electrolyte-liutang"),
            ("c", "cathode-xinxing"),
            ("substitution", "1"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let twin = post_form(
        &app,
        "/scenarios",
        &[
            ("id", "twins"),
            ("c", "li2co3-twin"),
            ("c", "electrolyte-twin"),
            ("c", "cathode-twin"),
        ],
    )
    .await;
    assert_eq!(twin.status, StatusCode::SEE_OTHER);
    assert_eq!(
        post_form(
            &app,
            "/scenarios",
            &[("id", "bad id"), ("c", "li2co3-luzhai")]
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post_form(&app, "/scenarios", &[("id", "none")])
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    // Named in Chinese only: the id is made from the day.
    let named = post_form(
        &app,
        "/scenarios",
        &[("name", "补齐电池材料"), ("c", "li2co3-luzhai")],
    )
    .await;
    assert_eq!(named.status, StatusCode::SEE_OTHER, "{}", named.text());
    let location = named.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let made = location
        .strip_prefix("/scenarios?saved=")
        .unwrap()
        .to_string();
    let day = made.strip_prefix("fa-").unwrap();
    assert!(day.len() == 10 && day.ends_with("-1"), "{made}");
    let list = get(&app, "/api/v1/scenarios").await.json();
    let named = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == made.as_str())
        .expect("the named scenario is stored");
    assert_eq!(named["name"], "补齐电池材料");
    assert_eq!(
        post_form(&app, &format!("/scenarios/{made}/delete"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let list = get(&app, "/api/v1/scenarios").await.json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let opened = get(&app, "/whatif?scenario=materials").await.text();
    assert!(
        opened.contains("value=\"electrolyte-liutang\" id=\"pick-electrolyte-liutang\" checked")
    );

    // Filling the three missing battery-material links beats the same projects on strong links.
    let cmp = get(&app, "/scenarios?s=materials&s=twins").await;
    assert_eq!(cmp.status, StatusCode::OK, "{}", cmp.text());
    let html = cmp.text();
    assert!(html.contains("id=\"comparison\""));
    let nev = html
        .split("<h3>")
        .find(|b| b.starts_with("新能源汽车"))
        .expect("NEV comparison");
    let covered = |id: &str| -> u32 {
        let row = nev
            .split("<tr")
            .find(|r| r.contains(&format!("data-scenario=\"{id}\"")))
            .unwrap();
        row.split("class=\"num\">")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(covered("materials"), covered("twins") + 3);
    assert_eq!(
        get(&app, "/scenarios?s=nope").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        post_form(&app, "/scenarios/twins/delete", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        get(&app, "/api/v1/scenarios")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn tagging_suggestions_are_reviewed_in_the_browser() {
    let app = demo_app().await;
    let empty = get(&app, "/tags").await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text());
    assert!(!empty.text().contains("name=\"id\""));
    let run = post_form(&app, "/tags/run", &[]).await;
    assert_eq!(run.status, StatusCode::SEE_OTHER, "{}", run.text());
    let location = run.headers[header::LOCATION].to_str().unwrap().to_string();
    let made: usize = location.rsplit(':').next().unwrap().parse().unwrap();
    assert!(made > 0, "{location}");
    let list = get(&app, "/api/v1/tags").await.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), made);
    assert!(
        list.iter()
            .all(|t| t["status"] == "suggested" && !t["evidence_zh"].as_str().unwrap().is_empty())
    );
    let page = get(&app, "/tags").await.text();
    assert_eq!(page.matches("name=\"id\"").count(), made);

    // A page at a time, best first: the page says how many in all and links the next; the API
    // gives the same order a window at a time and the total in a header.
    assert!(
        made > 4,
        "the demo makes enough suggestions to page through: {made}"
    );
    let first = get(&app, "/tags?page_size=2").await;
    let first_text = first.text();
    assert_eq!(first_text.matches("name=\"id\"").count(), 2);
    assert!(
        first_text.contains(&format!("共 {made} 条建议")),
        "{first_text}"
    );
    assert!(
        first_text.contains("href=\"/tags?status=suggested&#38;page=2&#38;page_size=2\""),
        "{first_text}"
    );
    let second = get(&app, "/tags?status=suggested&page=2&page_size=2")
        .await
        .text();
    for t in &list[2..4] {
        assert!(
            second.contains(&format!("id=\"tag-{}\"", t["id"])),
            "{}",
            t["id"]
        );
    }
    assert!(!second.contains(&format!("id=\"tag-{}\"", list[0]["id"])));
    let window = get(&app, "/api/v1/tags?page=2&page_size=2").await;
    assert_eq!(window.headers["x-total-count"], made.to_string().as_str());
    assert_eq!(window.json().as_array().unwrap()[..], list[2..4]);
    assert_eq!(
        get(&app, "/api/v1/tags?page_size=1001").await.status,
        StatusCode::BAD_REQUEST
    );

    let (a, b) = (list[0]["id"].to_string(), list[1]["id"].to_string());
    let uscc = list[0]["uscc"].as_str().unwrap().to_string();
    let node = list[0]["node"].as_str().unwrap().to_string();
    // Nothing ticked, nobody named, an unknown action: refused.
    for fields in [
        vec![("action", "confirm"), ("by", "张三")],
        vec![("action", "confirm"), ("id", a.as_str()), ("by", " ")],
        vec![("action", "merge"), ("id", a.as_str()), ("by", "张三")],
    ] {
        assert_eq!(
            post_form(&app, "/tags/decide", &fields).await.status,
            StatusCode::BAD_REQUEST,
            "{fields:?}"
        );
    }
    let forged = post_form_from(
        &app,
        "/tags/decide",
        &[("action", "confirm"), ("id", &a), ("by", "x")],
        "http://evil.example",
    )
    .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);

    let ok = post_form(
        &app,
        "/tags/decide",
        &[("action", "confirm"), ("id", &a), ("by", "张三")],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    assert_eq!(ok.headers[header::LOCATION], "/tags?done=confirm:1");
    // The confirmed suggestion is a membership now, cited to the person who confirmed it.
    let firm = get(&app, &format!("/api/v1/enterprises/{uscc}"))
        .await
        .json();
    assert!(firm.to_string().contains(&format!("\"{node}\"")), "{firm}");
    let confirmed = get(&app, "/api/v1/tags?status=confirmed").await.json();
    assert_eq!(confirmed.as_array().unwrap().len(), 1);
    assert_eq!(confirmed[0]["decided_by"], "张三");

    let rejected = post_form(
        &app,
        "/tags/decide",
        &[("action", "reject"), ("id", &b), ("by", "李四")],
    )
    .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    // A confirmed suggestion cannot be rejected afterwards; nothing changes.
    let late = post_form(
        &app,
        "/tags/decide",
        &[("action", "reject"), ("id", &a), ("by", "李四")],
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(
        get(&app, "/api/v1/tags?status=rejected")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        get(&app, "/api/v1/tags")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        made - 2
    );
    for uri in [
        "/api/v1/tags?status=maybe",
        "/api/v1/tags?min=2",
        "/tags?status=maybe",
    ] {
        assert_eq!(
            get(&app, uri).await.status,
            StatusCode::BAD_REQUEST,
            "{uri}"
        );
    }
    assert_eq!(
        get(&app, "/api/v1/tags?chain=nope").await.status,
        StatusCode::NOT_FOUND
    );
    // A wrong confirmation is taken back: the membership it wrote goes, the suggestion is
    // pending again; a suggestion that is not confirmed has nothing to take back.
    let undo = post_form(&app, "/tags/decide", &[("action", "undo"), ("id", &a)]).await;
    assert_eq!(undo.status, StatusCode::SEE_OTHER, "{}", undo.text());
    let firm_after = get(&app, &format!("/api/v1/enterprises/{uscc}"))
        .await
        .json();
    assert_eq!(
        firm_after["memberships"].as_array().unwrap().len(),
        firm["memberships"].as_array().unwrap().len() - 1
    );
    assert_eq!(
        get(&app, "/api/v1/tags")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        made - 1
    );
    let nothing = post_form(&app, "/tags/decide", &[("action", "undo"), ("id", &b)]).await;
    assert_eq!(nothing.status, StatusCode::CONFLICT);
    // The enterprise page shows the business scope field.
    assert!(
        get(&app, &format!("/enterprises/{uscc}"))
            .await
            .text()
            .contains("经营范围")
    );
}

#[tokio::test]
async fn knowledge_graph_search_product_and_draft() {
    let app = demo_app().await;
    // Before an import the page says what to run; the API and the draft refuse clearly.
    let none = get(&app, "/kg?q=轮胎").await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(none.text().contains("id=\"kg-missing\""));
    assert_eq!(
        get(&app, "/api/v1/kg/search?q=x").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/kg/draft.toml?root=x").await.status,
        StatusCode::BAD_REQUEST
    );

    let Some(dir) = testdata::shared("industry-chain-kg") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let liantu = liantu_app::App::open(&tmp.path().join("kg.db"), true)
        .await
        .unwrap();
    liantu.install_builtin_chains().await.unwrap();
    liantu.import_kg(&dir, None, None).await.unwrap();
    let session = sign_in(&liantu).await;
    let app = App {
        _dir: tmp,
        router: liantu_web::router_with(liantu, config()),
        session: Some(session),
    };
    let hits = get(&app, "/api/v1/kg/search?q=轮胎&limit=5").await.json();
    assert_eq!(hits[0]["name"], "轮胎");
    assert_eq!(hits[0]["match"], "exact");
    assert_eq!(hits.as_array().unwrap().len(), 5);
    let search = get(&app, "/kg?q=轮胎").await.text();
    assert!(
        search.contains("id=\"hits\"") && search.contains("2021-10"),
        "source and as-of shown"
    );
    // Tyres are made of natural rubber (上游材料 in the source data).
    let tyre = get(&app, "/kg?product=轮胎").await;
    assert_eq!(tyre.status, StatusCode::OK);
    assert!(tyre.text().contains("id=\"product\"") && tyre.text().contains(">天然橡胶</a>"));
    assert_eq!(
        get(&app, "/kg?product=没有这种产品xyz").await.status,
        StatusCode::NOT_FOUND
    );
    let draft = get(&app, "/kg/draft.toml?root=轮胎&depth=2&max=20").await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.text());
    assert!(draft.content_type.starts_with("application/toml"));
    let chain = liantu_app::parse_chain_source(&liantu_app::ChainSource {
        name: "draft.toml".into(),
        text: draft.text(),
    })
    .expect("the draft is a valid chain");
    assert!(chain.nodes.len() <= 20 && chain.nodes.iter().any(|n| n.name_zh == "天然橡胶"));
    for uri in [
        "/kg/draft.toml?root=轮胎&depth=0",
        "/kg/draft.toml?root=没有这种产品xyz",
        "/kg/draft.toml?root=轮胎&max=lots",
        "/api/v1/kg/search?q=轮胎&limit=0",
    ] {
        assert_eq!(
            get(&app, uri).await.status,
            StatusCode::BAD_REQUEST,
            "{uri}"
        );
    }
}

/// A multipart/form-data body as a browser sends it.
fn multipart(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "----liantuTestBoundary7MA4YWxk";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(app: &App, fields: &[(&str, &str)], file: (&str, &[u8])) -> Reply {
    let csrf = app.session.as_ref().map(|s| ("csrf", s.csrf.as_str()));
    let fields: Vec<(&str, &str)> = fields.iter().copied().chain(csrf).collect();
    let (content_type, body) = multipart(&fields, file);
    let request = Request::post("/import")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::HOST, "liantu.test")
        .header(header::ORIGIN, "http://liantu.test")
        .body(Body::from(body))
        .unwrap();
    send(app, request).await
}

async fn enterprise_total(app: &App) -> u64 {
    get(app, "/api/v1/enterprises?page_size=1").await.json()["total"]
        .as_u64()
        .unwrap()
}

fn uscc(i: u64) -> String {
    let body = format!("91450204{i:09}");
    let check = liantu_model::uscc::check_char(&body).unwrap();
    format!("{body}{check}")
}

#[tokio::test]
async fn spreadsheets_are_imported_from_the_browser_all_or_nothing() {
    let app = demo_app().await;
    let form = get(&app, "/import").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("enctype=\"multipart/form-data\""));
    let template = get(&app, "/import/templates/enterprises.xlsx").await;
    assert!(template.body.starts_with(b"PK"));
    assert_eq!(
        get(&app, "/import/templates/nope.xlsx").await.status,
        StatusCode::NOT_FOUND
    );
    let before = enterprise_total(&app).await;

    // A GBK CSV with Chinese headers, as Chinese Excel saves it.
    let csv = format!(
        "统一社会信用代码,企业名称,行政区划代码,经济类型\r\n{},上传测试一厂,450204,民营\r\n{},上传测试二厂,450204,民营\r\n",
        uscc(1),
        uscc(2)
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    let ok = upload(
        &app,
        &[("kind", "enterprises"), ("mode", "insert")],
        ("企业.csv", &gbk),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert!(ok.text().contains("id=\"import-done\""));
    assert_eq!(enterprise_total(&app).await, before + 2);

    // One bad row: nothing written, the bad cell listed by row and column, errors workbook offered.
    let bad = format!(
        "统一社会信用代码,企业名称,行政区划代码,经济类型\n{},上传测试三厂,450204,民营\n{},上传测试四厂,999999,民营\n",
        uscc(3),
        uscc(4)
    );
    let r = upload(
        &app,
        &[("kind", "enterprises")],
        ("bad.csv", bad.as_bytes()),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let html = r.text();
    assert!(html.contains("id=\"import-errors\""), "{html}");
    assert!(
        html.contains("<td class=\"num\">3</td><td class=\"code\">C</td>"),
        "{html}"
    );
    assert!(html.contains(
        "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,UEsD"
    ));
    assert_eq!(
        enterprise_total(&app).await,
        before + 2,
        "nothing of the bad file was written"
    );
    // Already stored with insert; fine with upsert.
    let again = upload(&app, &[("kind", "enterprises")], ("企业.csv", &gbk)).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    let upsert = upload(
        &app,
        &[("kind", "enterprises"), ("mode", "upsert")],
        ("企业.csv", &gbk),
    )
    .await;
    assert_eq!(upsert.status, StatusCode::OK, "{}", upsert.text());
    // Not a spreadsheet, no kind, an unknown kind.
    let junk = upload(
        &app,
        &[("kind", "enterprises")],
        ("x.xlsx", b"PK\x03\x04 not really"),
    )
    .await;
    assert_eq!(junk.status, StatusCode::BAD_REQUEST);
    assert!(junk.text().contains("id=\"import-failed\""));
    assert_eq!(
        upload(&app, &[], ("a.csv", csv.as_bytes())).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        upload(&app, &[("kind", "nope")], ("a.csv", csv.as_bytes()))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );

    // Investment candidates go through their own parser: the downloaded workbook reads back.
    let xlsx = get(&app, "/candidates.xlsx").await;
    assert!(xlsx.body.starts_with(b"PK"));
    let back = upload(&app, &[("kind", "candidates")], ("候选.xlsx", &xlsx.body)).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text());
    assert!(back.text().contains("id=\"import-done\""));
    let bad = "项目编号,项目名称,计划投资（万元）\nx-1,甲,很多\n";
    let r = upload(&app, &[("kind", "candidates")], ("c.csv", bad.as_bytes())).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("第 2 行 C 列"), "{}", r.text());
    // The reason in Chinese beside its cell, and no English in Chinese mode.
    assert!(r.text().contains("很多"), "{}", r.text());
    assert!(!r.text().contains("row 2"), "{}", r.text());
}

/// One odd row in an older database (written straight through the store, as the importers now
/// refuse it): no page of the city fails; the figure is named beside its node.
#[tokio::test]
async fn an_odd_stored_row_breaks_no_page() {
    const FIRM: &str = "91450204537718063L";
    for (output, land, link_value) in [(-1.0, -2024.0, 1e308), (1e308, 1e308, -5.0)] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("web.db");
        let app = liantu_app::App::open(&path, true).await.unwrap();
        app.install_builtin_chains().await.unwrap();
        app.load_demo().await.unwrap();
        let store = liantu_store::Store::open(&path, false).await.unwrap();
        let detail = store.enterprise(FIRM).await.unwrap().unwrap();
        let mut firm = detail.enterprise.clone();
        firm.land_mu = Some(land);
        let mut year = detail
            .years
            .iter()
            .find(|y| y.year == 2024)
            .unwrap()
            .clone();
        year.output = Some(output);
        let link = liantu_model::records::SupplyLink {
            buyer: firm.uscc.clone(),
            supplier: None,
            supplier_name: "某物流装备公司".into(),
            supplier_region: RegionCode::parse("450204").unwrap(),
            chain: "nev-battery".into(),
            node: "auto-logistics".into(),
            product: "叉车".into(),
            year: 2024,
            value: link_value,
            source: "illustrative".into(),
        };
        let id = store.next_link_id().await.unwrap();
        let mut tx = store
            .begin_import(Some(&["land_mu", "output", "source"]))
            .await
            .unwrap();
        tx.put_enterprises(vec![firm]).await.unwrap();
        tx.put_years(&[year]).await.unwrap();
        tx.put_links(&[(id, link)]).await.unwrap();
        tx.commit().await.unwrap();
        store.close().await;
        let session = sign_in(&app).await;
        let app = App {
            _dir: dir,
            router: liantu_web::router_with(app, config()),
            session: Some(session),
        };
        for uri in [
            "/",
            "/chains/nev-battery",
            "/chains/nev-battery/map.svg",
            "/chains/nev-battery/counties",
            "/chains/nev-battery/counties.svg",
            "/chains/nev-battery/brief.docx",
            "/chains/nev-battery/diagnosis",
            "/chains/nev-battery/diagnosis.csv",
            "/chains/nev-battery/diagnosis.xlsx",
            "/chains/nev-battery/nodes/auto-logistics",
            "/enterprises/91450204537718063L",
            "/invest",
            "/invest.xlsx",
            "/grading",
            "/whatif?c=li2co3-luzhai&c=cathode-xinxing",
            "/api/v1/chains/nev-battery/diagnosis",
            "/api/v1/ranking",
            "/api/v1/grading",
            "/api/v1/whatif?candidates=li2co3-luzhai",
        ] {
            let r = get(&app, uri).await;
            assert_eq!(
                r.status,
                StatusCode::OK,
                "{uri} with output {output}: {}",
                r.text()
            );
        }
        let page = get(&app, "/chains/nev-battery/diagnosis").await.text();
        assert!(page.contains("超出有效范围"), "the note is beside the node");
        let api = get(&app, "/api/v1/chains/nev-battery/diagnosis")
            .await
            .json();
        let node = api["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == "auto-logistics")
            .unwrap();
        assert_eq!(node["set_aside"].as_array().unwrap().len(), 2, "{node}");
    }
}

/// Sends `request` with the given headers.
async fn send_with(app: &App, method: &str, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    if method == "POST" {
        request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    send(app, request.body(Body::from("")).unwrap()).await
}

#[tokio::test]
async fn the_language_switch_never_leaves_the_site() {
    let app = demo_app().await;
    for back in [
        "/%09/evil.example",
        "/%0a",
        "/%00",
        "/%0d%0a",
        "//evil.example",
        "/%5Cevil",
    ] {
        let r = get(&app, &format!("/lang/en?back={back}")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{back}");
        assert_eq!(r.headers[header::LOCATION], "/", "{back}");
    }
    let r = get(&app, "/lang/en?back=/chains/forestry%3Fregion%3D450224").await;
    assert_eq!(
        r.headers[header::LOCATION],
        "/chains/forestry?region=450224"
    );
}

#[tokio::test]
async fn other_sites_cannot_write_or_rebind() {
    let app = demo_app().await;
    let delete = "/candidates/cathode-twin/delete";
    // A post with no Origin, Referer or Sec-Fetch-Site is refused; so are forged ones.
    for headers in [
        vec![("host", "liantu.test")],
        vec![("host", "liantu.test"), ("origin", "null")],
        vec![("host", "liantu.test"), ("origin", "evil://liantu.test")],
        vec![("host", "liantu.test"), ("referer", "http://evil.example/")],
        vec![("host", "liantu.test"), ("sec-fetch-site", "cross-site")],
    ] {
        // Refused by the same-site check (400) or, first, for lacking the CSRF token (403).
        let r = send_with(&app, "POST", delete, &headers).await;
        assert!(
            [StatusCode::BAD_REQUEST, StatusCode::FORBIDDEN].contains(&r.status),
            "{headers:?}: {}",
            r.status
        );
    }
    // DNS rebinding: a foreign host name is refused for reads and writes alike.
    let rebound = [
        ("host", "evil.example:8080"),
        ("origin", "http://evil.example:8080"),
    ];
    assert_eq!(
        send_with(&app, "POST", delete, &rebound).await.status,
        StatusCode::BAD_REQUEST
    );
    let read = send_with(&app, "GET", "/api/v1/candidates", &rebound[..1]).await;
    assert_eq!(read.status, StatusCode::BAD_REQUEST);
    assert!(!read.text().contains("cathode-twin"));
    // The candidate is still there; the same post from this site (a Referer suffices) works.
    assert!(
        get(&app, "/api/v1/candidates")
            .await
            .text()
            .contains("cathode-twin")
    );
    // From this site but without the session's CSRF token: refused too.
    let same_site = [
        ("host", "liantu.test"),
        ("referer", "http://liantu.test/candidates"),
    ];
    let no_token = send_with(&app, "POST", delete, &same_site).await;
    assert_eq!(
        no_token.status,
        StatusCode::FORBIDDEN,
        "{}",
        no_token.text()
    );
    assert!(no_token.text().contains("CSRF"));
    let csrf = app.session.as_ref().unwrap().csrf.clone();
    let wrong = [same_site[0], same_site[1], ("x-csrf-token", "0000")];
    assert_eq!(
        send_with(&app, "POST", delete, &wrong).await.status,
        StatusCode::FORBIDDEN
    );
    let ok = send_with(
        &app,
        "POST",
        delete,
        &[same_site[0], same_site[1], ("x-csrf-token", csrf.as_str())],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    // Every answer forbids framing and sniffing and loads nothing from elsewhere.
    let page = get(&app, "/").await;
    assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(
        !page.text().contains("onchange="),
        "inline handlers break under the CSP"
    );
}

#[tokio::test]
async fn technical_terms_are_explained_where_they_appear() {
    let app = demo_app().await;
    let glossary = get(&app, "/glossary").await;
    assert_eq!(glossary.status, StatusCode::OK);
    let text = glossary.text();
    for term in [
        "本地配套率",
        "关联密度",
        "影子价格",
        "置信度",
        "链主",
        "COG",
    ] {
        assert!(text.contains(term), "{term} missing from the glossary");
    }
    assert!(text.contains("按金额计算"), "本地配套率 is by value");
    // A table header naming a term carries its meaning and a link to its entry.
    let diagnosis = get(&app, "/chains/nev-battery/diagnosis").await.text();
    assert!(
        diagnosis.contains("<abbr class=\"term\" title=\"本地企业采购的产品中")
            && diagnosis.contains("href=\"/glossary#local-supply\""),
        "no explained 本地配套率 header"
    );
    let tags = get(&app, "/tags").await.text();
    assert!(tags.contains("href=\"/glossary#confidence\""));
}

/// The text of `html` from `start` to the next `end`.
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in the page"));
    let len = html[from..].find(end).unwrap_or(html.len() - from);
    &html[from..from + len]
}

#[tokio::test]
async fn the_project_board_a_project_and_the_problem_list_serve_and_take_their_forms() {
    let app = demo_app().await;
    let board = get(&app, "/projects").await;
    assert_eq!(board.status, StatusCode::OK);
    let html = board.text();
    assert!(html.contains("重点项目调度") && html.contains("id=\"stage-strip\""));
    assert!(html.contains("status-red") && html.contains("某锂业电池级碳酸锂项目（示例）"));
    // The API's filter keeps red rows only; a bad level is a 400 naming it.
    let red = get(&app, "/api/v1/projects?level=red").await.json();
    let rows = red["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["assessment"]["level"] == "red"));
    let bad = get(&app, "/api/v1/projects?level=purple").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.json()["message"].as_str().unwrap().contains("level"));
    assert_eq!(
        get(&app, "/api/v1/projects/nope").await.status,
        StatusCode::NOT_FOUND
    );
    let xlsx = get(&app, "/projects.xlsx?level=red").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(
        xlsx.content_type.contains("spreadsheetml"),
        "{}",
        xlsx.content_type
    );

    let page = get(&app, "/projects/slag-luzhai").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("class=\"timeline\"") && html.contains("class=\"s-curve\""));
    assert!(
        html.contains("落后") && html.contains("调度未报"),
        "the warnings are in Chinese"
    );

    // 开工 before 供地 is refused on the page, in Chinese, and nothing changes.
    let skip = post_form(
        &app,
        "/projects/cathode-xinxing/stage",
        &[
            ("stage", "started"),
            ("kind", "actual"),
            ("date", "2026-12-01"),
        ],
    )
    .await;
    assert_eq!(skip.status, StatusCode::BAD_REQUEST);
    assert!(skip.text().contains("阶段不能跳过"), "{}", skip.text());
    assert!(!skip.text().contains("cannot be skipped"));
    let ok = post_form(
        &app,
        "/projects/cathode-xinxing/stage",
        &[
            ("stage", "land"),
            ("kind", "actual"),
            ("date", "2026-12-01"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    let detail = get(&app, "/api/v1/projects/cathode-xinxing").await.json();
    assert_eq!(detail["row"]["stage"]["id"], "land");

    // A problem raised on the page reaches the department's to-do list and is closed there.
    let raised = post_form(
        &app,
        "/projects/cathode-xinxing/problems",
        &[
            ("title", "供电线路迁改"),
            ("category", "utilities"),
            ("department", "供电局"),
            ("due", "2099-03-31"),
        ],
    )
    .await;
    assert_eq!(raised.status, StatusCode::SEE_OTHER, "{}", raised.text());
    let todo = get(
        &app,
        "/api/v1/problems?department=%E4%BE%9B%E7%94%B5%E5%B1%80&open=1",
    )
    .await
    .json();
    let mine = todo["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["problem"]["title"] == "供电线路迁改")
        .unwrap()
        .clone();
    let id = mine["problem"]["id"].as_i64().unwrap();
    let closed = post_form(
        &app,
        &format!("/problems/{id}/step"),
        &[("step", "close"), ("text", "线路已迁改")],
    )
    .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text());
    let page = get(&app, &format!("/problems/{id}")).await.text();
    assert!(page.contains("已销号") && page.contains("线路已迁改"));
    // A candidate taken up from the candidate list (立项) shows its prediction beside now.
    let taken = post_form(
        &app,
        "/projects/from-candidate",
        &[
            ("candidate", "membrane-xinxing"),
            ("department", "市投促局"),
        ],
    )
    .await;
    // The demo already serves a project with that id: a conflict, nothing written.
    assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.text());
    let taken = post_form(
        &app,
        "/projects/from-candidate",
        &[("candidate", "cathode-twin"), ("department", "市投促局")],
    )
    .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.text());
    assert_eq!(taken.headers[header::LOCATION], "/projects/cathode-twin");
    let page = get(&app, "/projects/cathode-twin").await.text();
    assert!(page.contains("引进预测与现状") && page.contains("id=\"prediction-table\""));
    // One form for the page: the department picked once, a row's button names its candidate.
    let list = get(&app, "/candidates").await.text();
    assert_eq!(
        list.matches("action=\"/projects/from-candidate\"").count(),
        1
    );
    assert_eq!(list.matches("<select name=\"department\"").count(), 1);
    assert!(list.contains("form=\"take-up\" name=\"candidate\" value=\"cathode-twin\""));
    // 投产登记: offered once the project is in production; a new firm needs its name (the
    // refusal in Chinese); registered, the firm is linked and the form goes.
    let page = get(&app, "/projects/polymer-luzhai").await.text();
    assert!(page.contains("id=\"commission-form\""));
    assert!(
        !get(&app, "/projects/pulp-luzhai")
            .await
            .text()
            .contains("id=\"commission-form\"")
    );
    let url = "/projects/polymer-luzhai/enterprise";
    let nameless = post_form(&app, url, &[("uscc", "91450223MA5L0PP0X0")]).await;
    assert_eq!(nameless.status, StatusCode::BAD_REQUEST);
    assert!(nameless.text().contains("企业名称"), "{}", nameless.text());
    assert!(!nameless.text().contains("give the firm's name"));
    let done = post_form(
        &app,
        url,
        &[
            ("uscc", "91450223MA5L0PP0X0"),
            ("name", "柳州某高性能材料有限公司（示例）"),
            ("output", "52,000"),
            ("year", "2026"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    let page = get(&app, "/projects/polymer-luzhai").await.text();
    assert!(page.contains("href=\"/enterprises/91450223MA5L0PP0X0\""));
    assert!(!page.contains("id=\"commission-form\""));
    let firm = get(&app, "/api/v1/enterprises/91450223MA5L0PP0X0").await;
    assert_eq!(firm.status, StatusCode::OK);
    // Plans: the list, one evaluated with its versions and year-on-year change, in Chinese.
    let plans = get(&app, "/plans").await;
    assert_eq!(plans.status, StatusCode::OK);
    let title = plans.text();
    let title = &title[title.find("<title>").unwrap()..title.find("</title>").unwrap()];
    assert!(!title[1..].contains('<'), "{title}");
    assert!(plans.text().contains("href=\"/plans/forestry-2025\""));
    let plan = get(&app, "/plans/forestry-2025").await.text();
    assert!(
        plan.contains("高端绿色家居产值占比") && plan.contains("修订理由"),
        "{plan}"
    );
    assert!(plan.contains("id=\"plan-versions\"") && plan.contains("id=\"year-change\""));
    let chemical = get(&app, "/plans/chemical-2025").await.text();
    assert!(chemical.contains("id=\"plan-predictions\"") && chemical.contains("已兑现"));
    // The indicator's key appears only in the revision form's text, not in the table.
    assert_eq!(plan.matches("chain_output").count(), 1, "{plan}");
    let first = get(&app, "/api/v1/plans/forestry-2025?version=1")
        .await
        .json();
    assert_eq!(first["version"], 1);
    assert_eq!(
        get(&app, "/api/v1/plans/forestry-2025?version=0")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/api/v1/plans/nope").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/plans/forestry-2025?version=9").await.status,
        StatusCode::NOT_FOUND
    );
    let list = get(&app, "/problems?overdue=1").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.text().contains("逾期"));
    assert_eq!(get(&app, "/problems.xlsx").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_monthly_schedule_is_uploaded_from_the_browser_all_or_nothing() {
    let app = demo_app().await;
    let before = get(&app, "/api/v1/projects/slag-luzhai").await.json();
    let reports = before["reports"].as_array().unwrap().len();
    let total = before["reports"].as_array().unwrap().last().unwrap()["invested_total"]
        .as_f64()
        .unwrap();
    let csv = |cumulative: f64| {
        format!(
            "项目名称,本月完成投资（万元）,累计完成投资（万元）,形象进度\n某工业固废制新型建材项目（示例）,500,{cumulative},主体施工 30%\n"
        )
    };
    let bad = upload(
        &app,
        &[("kind", "progress"), ("month", "2026-11")],
        ("调度表.csv", csv(total - 1.0).as_bytes()),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text());
    let text = bad.text();
    assert!(text.contains("第 2 行「累计完成投资（万元）」列"), "{text}");
    assert!(!text.contains("column '"), "Chinese only in Chinese mode");
    let same = get(&app, "/api/v1/projects/slag-luzhai").await.json();
    assert_eq!(same["reports"].as_array().unwrap().len(), reports);
    let ok = upload(
        &app,
        &[("kind", "progress"), ("month", "2026-11")],
        ("调度表.csv", csv(total + 500.0).as_bytes()),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert!(ok.text().contains("已导入月度调度 1"));
    let after = get(&app, "/api/v1/projects/slag-luzhai").await.json();
    assert_eq!(after["reports"].as_array().unwrap().len(), reports + 1);
}

#[tokio::test]
async fn a_problem_list_is_uploaded_from_the_browser_all_or_nothing() {
    let app = demo_app().await;
    let open = |v: serde_json::Value| v["problems"].as_array().map_or(0, Vec::len);
    let before = open(get(&app, "/api/v1/projects/slag-luzhai").await.json());
    let csv = |department: &str| {
        format!(
            "项目名称,问题描述,问题类别,责任单位,办结时限\n某工业固废制新型建材项目（示例）,粉煤灰运输道路未硬化,水电气配套,{department},2099-06-30\n"
        )
    };
    let bad = upload(
        &app,
        &[("kind", "problems")],
        ("问题清单.csv", csv("某局").as_bytes()),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text());
    let text = bad.text();
    assert!(text.contains("第 2 行「责任单位」列"), "{text}");
    assert!(!text.contains("column '"), "Chinese only in Chinese mode");
    assert_eq!(
        open(get(&app, "/api/v1/projects/slag-luzhai").await.json()),
        before
    );
    let ok = upload(
        &app,
        &[("kind", "problems")],
        (
            "问题清单.csv",
            csv("市交通运输局")
                .replace("市交通运输局", "市住房城乡建设局")
                .as_bytes(),
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert!(ok.text().contains("已导入并交办问题 1"), "{}", ok.text());
    assert_eq!(
        open(get(&app, "/api/v1/projects/slag-luzhai").await.json()),
        before + 1
    );
}
