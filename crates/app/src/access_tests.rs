//! Accounts and access rules at the one door: sessions expire and are revoked, a project cannot be
//! moved out of or into another's scope, and the command line's operator keeps every right.

use crate::{Actor, App, ErrorKind, FixedClock};
use liantu_model::RegionCode;
use liantu_model::account::{Role, Scope, User};
use std::sync::Arc;

const PASSWORD: &str = "a long test password";

async fn demo_app() -> (tempfile::TempDir, App) {
    let (dir, app) = crate::tests::empty_app().await;
    app.install_builtin_chains().await.unwrap();
    app.load_demo().await.unwrap();
    (dir, app)
}

async fn account(app: &App, name: &str, role: Role, scope: Scope) -> User {
    app.add_user(name, role, scope, PASSWORD).await.unwrap()
}

#[tokio::test]
async fn a_session_ends_when_it_expires_or_the_password_changes() {
    let (_dir, app) = demo_app().await;
    let t0 = time::macros::datetime!(2026-12-03 08:00 UTC);
    let at = |t| app.clone().with_clock(Arc::new(FixedClock(t)));
    account(&app, "ana", Role::Analyst, Scope::default()).await;
    let session = at(t0).login("ana", PASSWORD, "test").await.unwrap();
    let later = |hours| at(t0 + time::Duration::hours(hours));
    assert!(later(11).session(&session.token).await.unwrap().is_some());
    assert!(later(13).session(&session.token).await.unwrap().is_none());
    // A sign-out ends a session that was just looked up (and is remembered at this revision).
    let out = at(t0).login("ana", PASSWORD, "test").await.unwrap();
    assert!(at(t0).session(&out.token).await.unwrap().is_some());
    assert!(app.logout(&out.token).await.unwrap());
    assert!(at(t0).session(&out.token).await.unwrap().is_none());
    // A new password ends every session at once.
    let again = at(t0).login("ana", PASSWORD, "test").await.unwrap();
    app.set_password("ana", "another long password")
        .await
        .unwrap();
    assert!(at(t0).session(&again.token).await.unwrap().is_none());
    // So does disabling the account; and a disabled account cannot sign in.
    let third = at(t0)
        .login("ana", "another long password", "test")
        .await
        .unwrap();
    app.set_disabled("ana", true).await.unwrap();
    assert!(at(t0).session(&third.token).await.unwrap().is_none());
    let refused = at(t0).login("ana", "another long password", "test").await;
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::Unauthenticated);
}

#[tokio::test]
async fn a_park_account_cannot_move_a_project_into_or_out_of_its_park() {
    let (_dir, app) = demo_app().await;
    let park = account(
        &app,
        "lz",
        Role::Park,
        Scope {
            park: Some("luzhai-chem".into()),
            ..Scope::default()
        },
    )
    .await;
    let as_park = app.acting(Actor::User(park), "test");
    let stored = app.candidates().await.unwrap();
    let theirs = stored.iter().find(|c| c.id == "cathode-twin").unwrap();
    let mine = stored.iter().find(|c| c.id == "li2co3-twin").unwrap();
    // Taking another park's project over by naming its own park: refused.
    let mut taken = theirs.clone();
    taken.park = Some("luzhai-chem".into());
    let err = as_park.save_candidate(&taken, false).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    // Pushing its own project to another park: refused too.
    let mut pushed = mine.clone();
    pushed.park = Some("liujiang-xinxing".into());
    let err = as_park.save_candidate(&pushed, false).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    // Editing its own project in place: allowed, and recorded under its name.
    let mut edited = mine.clone();
    edited.note = "园区复核 / checked by the park".into();
    as_park.save_candidate(&edited, false).await.unwrap();
    let trail = app
        .audit(&crate::accounts::AuditFilter {
            actor: Some("lz".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(trail.len(), 1);
    assert!(trail[0].change.contains("before") && trail[0].change.contains("园区复核"));
    // Nothing else changed.
    let after = app.candidates().await.unwrap();
    assert_eq!(
        after.iter().find(|c| c.id == "cathode-twin").unwrap().park,
        theirs.park
    );
}

#[tokio::test]
async fn only_admins_manage_accounts_and_the_operator_may_do_everything() {
    let (_dir, app) = demo_app().await;
    let analyst = account(&app, "ana", Role::Analyst, Scope::default()).await;
    let as_analyst = app.acting(Actor::User(analyst), "test");
    let err = as_analyst
        .add_user("x", Role::Viewer, Scope::default(), PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    assert_eq!(
        as_analyst.users().await.unwrap_err().kind(),
        ErrorKind::Forbidden
    );
    // An analyst changes data; an anonymous handle changes nothing.
    as_analyst.delete_candidate("cathode-twin").await.unwrap();
    let anonymous = app.acting(Actor::Anonymous, "203.0.113.9");
    assert_eq!(
        anonymous
            .delete_candidate("li2co3-twin")
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Unauthenticated
    );
    // A county account's scope must name a division that exists.
    let err = app
        .add_user(
            "c",
            Role::County,
            Scope {
                region: Some(RegionCode::parse("990101").unwrap()),
                ..Scope::default()
            },
            PASSWORD,
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

/// A valid USCC for a made-up firm numbered `n` in `county`.
fn made_up_uscc(county: &str, n: u32) -> String {
    let body = format!("91{county}MA{n:07}");
    let check = liantu_model::uscc::check_char(&body).unwrap();
    format!("{body}{check}")
}

#[tokio::test]
async fn county_and_enterprise_accounts_import_rows_of_their_own_firms_only() {
    let (dir, app) = demo_app().await;
    let county = account(
        &app,
        "lzx",
        Role::County,
        Scope {
            region: Some(RegionCode::parse("450223").unwrap()),
            ..Scope::default()
        },
    )
    .await;
    let as_county = app.acting(Actor::User(county), "test");
    let (ours, theirs) = (made_up_uscc("450223", 1), made_up_uscc("450224", 2));
    let file = dir.path().join("firms.csv");
    let header = "统一社会信用代码,企业名称,行政区划代码,所有制,规上企业\n";
    std::fs::write(
        &file,
        format!("{header}{ours},鹿寨示例新材料有限公司,450223,民营,是\n{theirs},融安示例板业有限公司,450224,民营,否\n"),
    )
    .unwrap();
    let before = app
        .enterprises(&Default::default(), 0, 1)
        .await
        .unwrap()
        .total;
    let options = crate::data::ImportOptions::default();
    let err = as_county
        .import_file(crate::data::DataKind::Enterprises, &file, &options)
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("不在本账号的数据范围内"), "{message}");
    assert!(message.contains("450223"), "{message}");
    assert_eq!(
        app.enterprises(&Default::default(), 0, 1)
            .await
            .unwrap()
            .total,
        before,
        "nothing of a refused file is kept"
    );
    // Its own county's firm alone goes in.
    std::fs::write(
        &file,
        format!("{header}{ours},鹿寨示例新材料有限公司,450223,民营,是\n"),
    )
    .unwrap();
    let done = as_county
        .import_file(crate::data::DataKind::Enterprises, &file, &options)
        .await
        .unwrap();
    assert_eq!(done.added, 1);

    // An enterprise account: its own yearly figures, never another firm's.
    let firm = account(
        &app,
        "firm",
        Role::Enterprise,
        Scope {
            uscc: Some(ours.clone()),
            ..Scope::default()
        },
    )
    .await;
    let as_firm = app.acting(Actor::User(firm), "test");
    let years = dir.path().join("years.csv");
    let header = "统一社会信用代码,年份,工业总产值（万元）\n";
    let other = app
        .enterprises(&Default::default(), 0, 1)
        .await
        .unwrap()
        .items[0]
        .uscc
        .clone();
    std::fs::write(
        &years,
        format!("{header}{ours},2024,1200\n{other},2024,99\n"),
    )
    .unwrap();
    let err = as_firm
        .import_file(crate::data::DataKind::Years, &years, &options)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("不在本账号的数据范围内"), "{err}");
    std::fs::write(&years, format!("{header}{ours},2024,1200\n")).unwrap();
    as_firm
        .import_file(crate::data::DataKind::Years, &years, &options)
        .await
        .unwrap();

    // A read-only account imports nothing.
    let viewer = account(&app, "view", Role::Viewer, Scope::default()).await;
    let err = app
        .acting(Actor::User(viewer), "test")
        .import_file(crate::data::DataKind::Years, &years, &options)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
}

#[tokio::test]
async fn the_enterprise_list_download_is_refused_to_an_enterprise_account() {
    let (_dir, app) = demo_app().await;
    let filter = crate::EnterpriseFilter::default();
    let total = app.enterprises(&filter, 0, 1).await.unwrap().total;
    let viewer = account(&app, "viewer", Role::Viewer, Scope::default()).await;
    let table = app
        .acting(Actor::User(viewer), "test")
        .enterprise_list_table(&filter)
        .await
        .unwrap();
    // Every match, not one page.
    assert_eq!(table.rows.len() as i64, total);
    assert!(total > 20);
    let firm = account(
        &app,
        "firm",
        Role::Enterprise,
        Scope {
            uscc: Some("91450202328604713G".into()),
            ..Scope::default()
        },
    )
    .await;
    let refused = app
        .acting(Actor::User(firm), "test")
        .enterprise_list_table(&filter)
        .await;
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::Forbidden);
}
