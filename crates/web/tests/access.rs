//! Who may do what, route by route: anonymous requests sign in first, a viewer writes nothing, a
//! park or county account writes only inside its scope, an enterprise account never sees another
//! firm's figures, and every write leaves an audit row.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use liantu_model::RegionCode;
use liantu_model::account::{Role, Scope};
use tower::ServiceExt;

const HOST: &str = "liantu.test";
/// A firm of the demo with yearly figures, and another one.
const OWN_FIRM: &str = "91450202328604713G";
const OTHER_FIRM: &str = "9145020248330477X8";
const PASSWORD: &str = "a long test password";

struct Site {
    _dir: tempfile::TempDir,
    app: liantu_app::App,
    router: Router,
}

/// A signed-in browser.
struct Browser {
    cookie: String,
    csrf: String,
}

async fn demo_site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let app = liantu_app::App::open(&dir.path().join("access.db"), true)
        .await
        .unwrap();
    app.install_builtin_chains().await.unwrap();
    app.load_demo().await.unwrap();
    let mut config = liantu_web::WebConfig::new(RegionCode::parse("450200").unwrap());
    config.allowed_hosts = liantu_web::AllowedHosts::new([HOST.to_string()]);
    let router = liantu_web::router_with(app.clone(), config);
    Site {
        _dir: dir,
        app,
        router,
    }
}

/// Adds an account with `role` and `scope` and signs it in.
async fn browser(site: &Site, name: &str, role: Role, scope: Scope) -> Browser {
    site.app
        .add_user(name, role, scope, PASSWORD)
        .await
        .unwrap();
    let s = site.app.login(name, PASSWORD, "test").await.unwrap();
    Browser {
        cookie: format!("liantu_session={}", s.token),
        csrf: s.csrf,
    }
}

struct Reply {
    status: StatusCode,
    location: Option<String>,
    body: String,
}

async fn send(site: &Site, request: Request<Body>) -> Reply {
    let response = site.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        location,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(site: &Site, uri: &str, who: Option<&Browser>) -> Reply {
    let mut r = Request::get(uri).header(header::HOST, HOST);
    if let Some(b) = who {
        r = r.header(header::COOKIE, &b.cookie);
    }
    send(site, r.body(Body::empty()).unwrap()).await
}

async fn bearer(site: &Site, uri: &str, token: &str) -> Reply {
    let r = Request::get(uri)
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    send(site, r.body(Body::empty()).unwrap()).await
}

/// A form post from this site, with the browser's CSRF token when signed in.
async fn post(site: &Site, uri: &str, who: Option<&Browser>, fields: &str) -> Reply {
    let mut body = fields.to_string();
    let mut r = Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(b) = who {
        r = r.header(header::COOKIE, &b.cookie);
        if !body.is_empty() {
            body.push('&');
        }
        body.push_str(&format!("csrf={}", b.csrf));
    }
    send(site, r.body(Body::from(body)).unwrap()).await
}

/// Every page a signed-in analyst can open (with parameters that exist in the demo).
const PAGES: &[&str] = &[
    "/",
    "/glossary",
    "/chains/nev-battery",
    "/chains/nev-battery/map.svg",
    "/chains/nev-battery/diagnosis",
    "/chains/nev-battery/diagnosis.csv",
    "/chains/nev-battery/diagnosis.xlsx",
    "/chains/nev-battery/nodes/lithium-carbonate",
    "/enterprises",
    "/enterprises.xlsx",
    "/enterprises/91450202328604713G",
    "/parks/luzhai-chem/symbiosis",
    "/invest",
    "/invest.xlsx",
    "/candidates",
    "/candidates.csv",
    "/candidates.xlsx",
    "/candidates/new",
    "/candidates/cathode-twin/edit",
    "/whatif",
    "/scenarios",
    "/import",
    "/import/templates/enterprises.xlsx",
    "/kg",
    "/tags",
    "/grading",
    "/grading.xlsx",
    "/growth",
    "/growth.csv",
    "/growth.xlsx",
    "/economy",
    "/economy?chain=nev-battery&ownership=state",
    "/coupling",
    "/coupling/map.svg",
    "/projects/brief.docx",
];

/// Every state-changing route, with a form it would accept from an account allowed to write.
const WRITES: &[(&str, &str)] = &[
    ("/candidates", "ids=1&action=confirm"),
    ("/candidates/cathode-twin/delete", ""),
    ("/scenarios", "ids=1&action=confirm"),
    ("/scenarios/x/delete", ""),
    ("/import", ""),
    ("/tags/decide", "ids=1&action=confirm"),
    ("/tags/run", ""),
    (
        "/chains/chemical/nodes/raw-salt/occupations",
        "code=6-11-02-09&action=confirm",
    ),
    ("/innovation/needs", "need=XQ-2025-001&status=matching"),
    (
        "/projects/from-candidate",
        "candidate=cathode-twin&department=%E5%B8%82%E6%8A%95%E4%BF%83%E5%B1%80",
    ),
    (
        "/projects/cathode-xinxing/stage",
        "stage=land&kind=actual&date=2026-12-01",
    ),
    (
        "/projects/cathode-xinxing/reports",
        "month=2026-11&invested_month=1&invested_total=99999",
    ),
    (
        "/projects/cathode-xinxing/problems",
        "title=x&category=other&department=%E5%B8%82%E6%8A%95%E4%BF%83%E5%B1%80&due=2099-01-01",
    ),
    (
        "/projects/polymer-luzhai/enterprise",
        "uscc=91450223MA5L0PP0X0&name=x",
    ),
    ("/problems/1/step", "step=start&text=x"),
    ("/plans", "definition=id%20%3D%20%22x%22"),
    (
        "/plans/forestry-2025/revise",
        "definition=id%20%3D%20%22forestry-2025%22&reason=x",
    ),
    ("/logout", ""),
];

/// `/api/v1/chains/{id}` → a path the demo has.
fn api_example(path: &str) -> String {
    path.replace(
        "{id}",
        match path {
            p if p.starts_with("/api/v1/parks") => "luzhai-chem",
            _ => "nev-battery",
        },
    )
    .replace("{uscc}", OWN_FIRM)
}

#[tokio::test]
async fn anonymous_requests_sign_in_first() {
    let site = demo_site().await;
    let analyst = browser(&site, "analyst", Role::Analyst, Scope::default()).await;
    for page in PAGES {
        // The route exists and works once signed in …
        let signed = get(&site, page, Some(&analyst)).await;
        assert_eq!(signed.status, StatusCode::OK, "{page}: {}", signed.body);
        // … and sends an anonymous reader to the login page, coming back afterwards.
        let anon = get(&site, page, None).await;
        assert_eq!(anon.status, StatusCode::SEE_OTHER, "{page}");
        let to = anon.location.unwrap();
        assert!(to.starts_with("/login?next=%2F"), "{page} → {to}");
    }
    for path in liantu_web::API_PATHS {
        let uri = api_example(path);
        let anon = get(&site, &uri, None).await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED, "{uri}");
        let json: serde_json::Value = serde_json::from_str(&anon.body).unwrap();
        assert_eq!(json["code"], "unauthenticated", "{uri}");
    }
    for (uri, _) in WRITES {
        let anon = post(&site, uri, None, "").await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED, "{uri}");
    }
    // The candidate the anonymous delete aimed at is still there.
    let list = get(&site, "/api/v1/candidates", Some(&analyst)).await;
    assert!(list.body.contains("cathode-twin"));
    // The probes answer without an account and show no data.
    let live = get(&site, "/healthz", None).await;
    assert_eq!((live.status, live.body.as_str()), (StatusCode::OK, "ok\n"));
    let ready = get(&site, "/readyz", None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    let r: serde_json::Value = serde_json::from_str(&ready.body).unwrap();
    assert_eq!(r["ready"], true);
    assert_eq!(r["schema"], r["expected"]);
    // What anyone may open: the login page, static files, the API document.
    for open in ["/login", "/static/style.css", "/api/openapi.json"] {
        assert_eq!(
            get(&site, open, None).await.status,
            StatusCode::OK,
            "{open}"
        );
    }
}

#[tokio::test]
async fn a_viewer_reads_but_cannot_write() {
    let site = demo_site().await;
    let viewer = browser(&site, "viewer", Role::Viewer, Scope::default()).await;
    assert_eq!(
        get(&site, "/grading", Some(&viewer)).await.status,
        StatusCode::OK
    );
    for (uri, fields) in WRITES
        .iter()
        .filter(|(u, _)| *u != "/logout" && *u != "/import")
    {
        let r = post(&site, uri, Some(&viewer), fields).await;
        assert!(
            [
                StatusCode::FORBIDDEN,
                StatusCode::BAD_REQUEST,
                StatusCode::NOT_FOUND
            ]
            .contains(&r.status),
            "{uri}: {}",
            r.status
        );
    }
    let r = post(&site, "/candidates/cathode-twin/delete", Some(&viewer), "").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("只读"), "{}", r.body);
    let r = post(&site, "/tags/run", Some(&viewer), "").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let candidates = site.app.candidates().await.unwrap();
    assert!(candidates.iter().any(|c| c.id == "cathode-twin"));
}

#[tokio::test]
async fn park_and_county_accounts_write_only_inside_their_scope() {
    let site = demo_site().await;
    let park = browser(
        &site,
        "luzhai-park",
        Role::Park,
        Scope {
            park: Some("luzhai-chem".into()),
            ..Scope::default()
        },
    )
    .await;
    // Another park's project: refused. Its own park's: done.
    let other = post(&site, "/candidates/cathode-twin/delete", Some(&park), "").await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "{}", other.body);
    let own = post(&site, "/candidates/li2co3-twin/delete", Some(&park), "").await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);

    let county = browser(
        &site,
        "luzhai-county",
        Role::County,
        Scope {
            region: Some(RegionCode::parse("450223").unwrap()),
            ..Scope::default()
        },
    )
    .await;
    // 鹿寨县 holds luzhai-chem, not hexi-industrial (柳北区).
    let outside = post(&site, "/candidates/rubber-hexi/delete", Some(&county), "").await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    let inside = post(
        &site,
        "/candidates/polymer-luzhai/delete",
        Some(&county),
        "",
    )
    .await;
    assert_eq!(inside.status, StatusCode::SEE_OTHER);
    // Neither may change city-wide data.
    for who in [&park, &county] {
        assert_eq!(
            post(&site, "/tags/run", Some(who), "").await.status,
            StatusCode::FORBIDDEN
        );
    }
    let left: Vec<String> = site
        .app
        .candidates()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert!(left.contains(&"cathode-twin".to_string()) && left.contains(&"rubber-hexi".into()));
    assert!(!left.contains(&"li2co3-twin".to_string()) && !left.contains(&"polymer-luzhai".into()));
}

#[tokio::test]
async fn an_enterprise_account_never_sees_another_firms_figures() {
    let site = demo_site().await;
    let firm = browser(
        &site,
        "firm",
        Role::Enterprise,
        Scope {
            uscc: Some(OWN_FIRM.into()),
            ..Scope::default()
        },
    )
    .await;
    let own = get(&site, &format!("/enterprises/{OWN_FIRM}"), Some(&firm)).await;
    assert_eq!(own.status, StatusCode::OK);
    // Its own trading partners are named, but not linked to pages it may not open.
    let partners = &own.body[own.body.find("主要供应商").unwrap()..];
    let partners = &partners[..partners.find("产业链环节").unwrap()];
    assert!(partners.contains("<td>"), "its partners are listed");
    assert!(
        !partners.contains("href=\"/enterprises/"),
        "a partner links to a page the account may not open"
    );
    let own_api = get(
        &site,
        &format!("/api/v1/enterprises/{OWN_FIRM}"),
        Some(&firm),
    )
    .await;
    let own_json: serde_json::Value = serde_json::from_str(&own_api.body).unwrap();
    assert!(!own_json["years"].as_array().unwrap().is_empty());
    // Another firm, any way it is asked for, and every list of firms' figures: refused, and
    // the refusal does not name the firm.
    let other_name = site
        .app
        .enterprise(OTHER_FIRM)
        .await
        .unwrap()
        .enterprise
        .name;
    for uri in [
        format!("/enterprises/{OTHER_FIRM}"),
        format!("/api/v1/enterprises/{OTHER_FIRM}"),
        "/grading".into(),
        "/grading.xlsx".into(),
        "/api/v1/grading".into(),
        "/enterprises.xlsx".into(),
        "/enterprises.xlsx?q=%E4%BA%94%E8%8F%B1&above_scale=1".into(),
        "/parks/luzhai-chem/symbiosis".into(),
        "/api/v1/parks/luzhai-chem/symbiosis".into(),
        "/tags".into(),
        "/invest".into(),
        "/invest.xlsx".into(),
        "/candidates".into(),
        "/api/v1/ranking".into(),
        "/whatif".into(),
        "/projects/brief.docx".into(),
    ] {
        let r = get(&site, &uri, Some(&firm)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}: {}", r.status);
        assert!(!r.body.contains(&other_name), "{uri}");
    }
    // The private-economy page shows the city's indicators but not the rankings of firms.
    let economy = get(&site, "/economy", Some(&firm)).await;
    assert_eq!(economy.status, StatusCode::OK);
    assert!(economy.body.contains("id=\"rankings-hidden\""));
    let api = serde_json::from_str::<serde_json::Value>(
        &get(&site, "/api/v1/economy", Some(&firm)).await.body,
    )
    .unwrap();
    assert!(api["specialized"].as_array().unwrap().is_empty() && api["rankings_hidden"] == true);
    // The header offers only what the account may open, and names the account on every page,
    // the refusals included.
    let home = get(&site, "/", Some(&firm)).await;
    assert!(
        !home.body.contains("href=\"/grading\"") && home.body.contains("href=\"/enterprises\"")
    );
    let menu = &home.body[home.body.find("<nav class=\"menu\"").unwrap()..];
    let menu = &menu[..menu.find("</nav>").unwrap()];
    for hidden in [
        "/invest",
        "/candidates",
        "/scenarios",
        "/whatif",
        "/tags",
        "/parks/",
    ] {
        assert!(
            !menu.contains(&format!("href=\"{hidden}")),
            "{hidden} offered"
        );
    }
    // Its own rows it may import (the app refuses rows about other firms).
    assert!(menu.contains("href=\"/import\""));
    let list_page = get(&site, "/enterprises", Some(&firm)).await;
    assert!(
        !list_page.body.contains("/enterprises.xlsx"),
        "download offered"
    );
    let refusal = get(&site, "/grading", Some(&firm)).await;
    assert!(
        refusal.body.contains("firm（企业用户）"),
        "{}",
        refusal.body
    );
    // The register lists firms without their output; the chain keeps its aggregates and shows
    // only this firm among its leaders and node members.
    let list = get(&site, "/api/v1/enterprises?page_size=200", Some(&firm)).await;
    let list: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    for item in list["items"].as_array().unwrap() {
        if item["uscc"] != OWN_FIRM {
            assert!(item["latest_output"].is_null(), "{item}");
        }
    }
    let diagnosis = get(&site, "/api/v1/chains/nev-battery/diagnosis", Some(&firm)).await;
    let d: serde_json::Value = serde_json::from_str(&diagnosis.body).unwrap();
    assert!(d["total_output"].as_f64().unwrap() > 0.0);
    for leader in d["leaders"].as_array().unwrap() {
        assert_eq!(leader["uscc"], OWN_FIRM);
    }
    for node in d["nodes"].as_array().unwrap() {
        for e in node["enterprises"].as_array().unwrap() {
            assert_eq!(e["uscc"], OWN_FIRM, "{}", node["id"]);
        }
    }
    let csv = get(&site, "/chains/nev-battery/diagnosis.csv", Some(&firm)).await;
    assert_eq!(csv.status, StatusCode::OK);
    // An analyst sees the other firms in the same views.
    let analyst = browser(&site, "analyst", Role::Analyst, Scope::default()).await;
    let full = get(
        &site,
        "/api/v1/chains/nev-battery/diagnosis",
        Some(&analyst),
    )
    .await;
    let full: serde_json::Value = serde_json::from_str(&full.body).unwrap();
    assert!(
        full["leaders"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["uscc"] != OWN_FIRM)
    );
}

#[tokio::test]
async fn every_write_and_sign_in_leaves_an_audit_row() {
    let site = demo_site().await;
    let analyst = browser(&site, "analyst", Role::Analyst, Scope::default()).await;
    let r = post(&site, "/candidates/cathode-twin/delete", Some(&analyst), "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let rows = site
        .app
        .audit(&liantu_app::accounts::AuditFilter::default())
        .await
        .unwrap();
    let delete = rows
        .iter()
        .find(|r| r.action == "delete" && r.entity == "candidate")
        .expect("an audit row for the delete");
    assert_eq!(delete.actor.as_deref(), Some("analyst"));
    assert_eq!(delete.entity_id, "cathode-twin");
    assert!(
        delete.change.contains("liujiang-xinxing"),
        "{}",
        delete.change
    );
    let login = rows.iter().find(|r| r.action == "login").unwrap();
    assert_eq!(login.actor.as_deref(), Some("analyst"));
    // The account add and the demo load are there too, by the server's command line.
    assert!(rows.iter().any(|r| r.action == "add" && r.entity == "user"));
    assert!(rows.iter().any(|r| r.action == "load" && r.actor.is_none()));
    // Only admins read the trail.
    let denied = site
        .app
        .acting(
            liantu_app::Actor::User(
                site.app
                    .users()
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|u| u.name == "analyst")
                    .unwrap(),
            ),
            "test",
        )
        .audit(&liantu_app::accounts::AuditFilter::default())
        .await;
    assert_eq!(denied.unwrap_err().kind(), liantu_app::ErrorKind::Forbidden);
}

#[tokio::test]
async fn api_tokens_sign_programs_in_until_revoked() {
    let site = demo_site().await;
    site.app
        .add_user("robot", Role::Viewer, Scope::default(), PASSWORD)
        .await
        .unwrap();
    let (id, token) = site.app.create_token("robot", Some(30)).await.unwrap();
    assert_eq!(
        bearer(&site, "/api/v1/chains", &token).await.status,
        StatusCode::OK
    );
    let wrong = bearer(&site, "/api/v1/chains", "0123").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    site.app.revoke_token(id).await.unwrap();
    assert_eq!(
        bearer(&site, "/api/v1/chains", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn sign_in_failures_say_nothing_about_names_and_are_limited() {
    let site = demo_site().await;
    site.app
        .add_user("someone", Role::Viewer, Scope::default(), PASSWORD)
        .await
        .unwrap();
    let login = |name: &str, password: &str| format!("username={name}&password={password}");
    let unknown = post(&site, "/login", None, &login("nobody", "whatever123")).await;
    let wrong = post(&site, "/login", None, &login("someone", "whatever123")).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let message = |r: &Reply| {
        let start = r.body.find("id=\"login-error\"").unwrap();
        r.body[start..start + 120].to_string()
    };
    assert_eq!(message(&unknown), message(&wrong));
    // Five failures for one account lock it for a while, even with the right password.
    for _ in 0..4 {
        post(&site, "/login", None, &login("someone", "whatever123")).await;
    }
    let locked = post(&site, "/login", None, &login("someone", PASSWORD)).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        locked.body
    );
    // Another account is not locked; signing in sets an HttpOnly, SameSite=Strict cookie.
    site.app
        .add_user("other", Role::Viewer, Scope::default(), PASSWORD)
        .await
        .unwrap();
    let request = Request::post("/login")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(login("other", "a+long+test+password")))
        .unwrap();
    let response = site.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/"),
        "{cookie}"
    );
}
