//! Importing a spreadsheet from the browser: the same importer as `liantu import` (XLSX, XLS,
//! CSV in UTF-8/GBK/GB18030, Chinese or English headers, all rows or nothing). A bad file shows
//! every bad cell (row, column, value, reason in Chinese and English) and offers the errors
//! workbook with the bad cells highlighted; blank templates are one click away.

use crate::auth::Acting;
use crate::error::{Failure, PageError};
use crate::lang::Lang;
use askama::Template;
use axum::extract::{Multipart, OriginalUri, Path};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use liantu_app::AppError;
use liantu_app::data::{
    DataFormat, DataKind as Kind, ImportError, ImportMode as Mode, ImportOptions, ImportReport,
    Problem,
};

/// Largest file accepted (a million-row CSV is ≈130 MB).
pub const MAX_UPLOAD: usize = 512 * 1024 * 1024;

struct ProblemRow {
    row: u64,
    column: String,
    header: String,
    value: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    lang: Lang,
    back: String,
    kinds: Vec<(&'static str, &'static str)>,
    kind: String,
    file_name: String,
    /// Outcome lines for a good import.
    done: Vec<String>,
    warnings: Vec<ProblemRow>,
    /// A bad file: its problems, and how many there were in all.
    failed: String,
    errors: Vec<ProblemRow>,
    error_count: u64,
    errors_workbook: String,
    /// Problems given as sentences (candidate files).
    messages: Vec<String>,
}

fn kinds(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut kinds: Vec<(&'static str, &'static str)> = Kind::ALL
        .iter()
        .map(|k| {
            (
                k.key(),
                match k {
                    Kind::Enterprises => lang.t("企业名录", "Enterprises"),
                    Kind::Years => lang.t("企业年度数据", "Yearly figures"),
                    Kind::Memberships => lang.t("企业链上环节", "Chain memberships"),
                    Kind::Links => lang.t("供应关系", "Supply links"),
                    Kind::Workforce => lang.t("企业用工（按职业）", "Workforce by occupation"),
                    Kind::Programmes => lang.t("院校专业", "College programmes"),
                    Kind::Certifications => lang.t("技能等级认定", "Skill certifications"),
                    Kind::Platforms => lang.t("创新平台", "Innovation platforms"),
                    Kind::TechNeeds => lang.t("企业技术需求", "Technology needs"),
                    Kind::Achievements => lang.t("科技成果", "Technology achievements"),
                },
            )
        })
        .collect();
    kinds.push((
        "candidates",
        lang.t("招商候选项目", "Investment candidates"),
    ));
    kinds.push((
        "progress",
        lang.t("重点项目月度调度表", "Monthly project schedule (调度表)"),
    ));
    kinds.push(("problems", lang.t("问题清单", "Problem list (问题清单)")));
    kinds
}

fn problem_row(p: &Problem, lang: Lang) -> ProblemRow {
    ProblemRow {
        row: p.row,
        column: p
            .column
            .map(liantu_app::data::column_letter)
            .unwrap_or_default(),
        header: p.header.clone(),
        value: p.value.clone(),
        reason: lang.t(&p.reason_zh, &p.reason_en).to_string(),
    }
}

fn empty_page(lang: Lang, back: String) -> ImportPage {
    ImportPage {
        lang,
        back,
        kinds: kinds(lang),
        kind: Kind::Enterprises.key().into(),
        file_name: String::new(),
        done: Vec::new(),
        warnings: Vec::new(),
        failed: String::new(),
        errors: Vec::new(),
        error_count: 0,
        errors_workbook: String::new(),
        messages: Vec::new(),
    }
}

/// A 调度表 upload: the monthly reports of the projects under service.
async fn progress_upload(
    state: &crate::state::AppState,
    mut page: ImportPage,
    path: &std::path::Path,
    encoding: Option<&str>,
    month: Option<liantu_app::model::YearMonth>,
    lang: Lang,
) -> Result<Response, PageError> {
    page.kind = "progress".into();
    let result = state
        .app
        .import_progress_file(path, encoding, month)
        .await
        .map(|n| {
            format!(
                "{} {n} {}",
                lang.t("已导入月度调度", "Monthly reports imported:"),
                lang.t("条（同月份的已更新）", "(the same months replaced)")
            )
        });
    file_outcome(page, result, lang)
}

/// The page after a candidates, 调度表 or 问题清单 upload: what was done, or every bad cell (in
/// the reader's language) and nothing written.
fn file_outcome(
    mut page: ImportPage,
    result: liantu_app::Result<String>,
    lang: Lang,
) -> Result<Response, PageError> {
    match result {
        Ok(done) => {
            page.done = vec![done];
            crate::render::page(&page)
        }
        Err(e) if e.kind() == liantu_app::ErrorKind::Invalid => {
            page.failed = lang
                .t(
                    "文件中有错误，未写入任何数据：",
                    "The file has errors; nothing was written:",
                )
                .to_string();
            page.messages = crate::render::lines_in_language(lang, &e.to_string());
            crate::render::page_with_status(&page, StatusCode::BAD_REQUEST)
        }
        Err(e) => Err(PageError::from(e)),
    }
}

pub async fn form(lang: Lang, uri: OriginalUri) -> Result<Response, PageError> {
    crate::render::page(&empty_page(lang, crate::render::back_link(&uri)))
}

/// What an upload form sends.
struct UploadForm {
    csrf: Option<String>,
    /// `None` inside: investment candidates or a 调度表, which have their own readers.
    kind: Option<Option<Kind>>,
    /// `candidates`, `progress` or empty.
    special: &'static str,
    month: Option<liantu_app::model::YearMonth>,
    mode: Mode,
    encoding: Option<String>,
    file: Option<(String, tempfile::NamedTempFile)>,
}

/// Reads the form's fields, the file streamed to a temporary file.
async fn read_form(mut multipart: Multipart) -> Result<UploadForm, PageError> {
    let mut csrf = None;
    let bad = |m: String| PageError::from(Failure::BadRequest(m));
    let mut kind: Option<Option<Kind>> = None;
    let mut special = "";
    let mut month = None;
    let mut mode = Mode::Insert;
    let mut encoding = None;
    let mut file: Option<(String, tempfile::NamedTempFile)> = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(format!("上传中断 / upload failed: {e}")))?
    {
        match field.name().unwrap_or("") {
            "csrf" => csrf = Some(field.text().await.map_err(|e| bad(e.to_string()))?),
            "kind" => {
                let text = field.text().await.map_err(|e| bad(e.to_string()))?;
                kind = Some(match text.trim() {
                    "candidates" => {
                        special = "candidates";
                        None
                    }
                    "progress" => {
                        special = "progress";
                        None
                    }
                    "problems" => {
                        special = "problems";
                        None
                    }
                    other => Some(other.parse::<Kind>().map_err(bad)?),
                });
            }
            "mode" => {
                mode = match field.text().await.map_err(|e| bad(e.to_string()))?.as_str() {
                    "upsert" => Mode::Upsert,
                    _ => Mode::Insert,
                }
            }
            "month" => {
                let text = field.text().await.map_err(|e| bad(e.to_string()))?;
                let text = text.trim();
                if !text.is_empty() {
                    month = Some(
                        liantu_app::model::YearMonth::parse(text)
                            .map_err(|e| bad(format!("调度月份：{e} / month: {e}")))?,
                    );
                }
            }
            "encoding" => {
                let text = field.text().await.map_err(|e| bad(e.to_string()))?;
                encoding = Some(text.trim().to_string()).filter(|s| !s.is_empty());
            }
            "file" => {
                let name = field.file_name().unwrap_or("upload").to_string();
                // Keep the extension: the importer tells XLSX, XLS and CSV apart by it first.
                let suffix = std::path::Path::new(&name)
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(|e| format!(".{e}"))
                    .unwrap_or_default();
                let mut tmp = tempfile::Builder::new()
                    .prefix("liantu-upload-")
                    .suffix(&suffix)
                    .tempfile()
                    .map_err(|_| PageError::from(Failure::Internal))?;
                // Streamed to disk chunk by chunk: a large file is never held in memory whole.
                while let Some(chunk) = field.chunk().await.map_err(|e| {
                    bad(format!(
                        "上传中断或文件过大 / upload failed or file too large: {e}"
                    ))
                })? {
                    std::io::Write::write_all(&mut tmp, &chunk)
                        .map_err(|_| PageError::from(Failure::Internal))?;
                }
                file = Some((name, tmp));
            }
            _ => {}
        }
    }
    Ok(UploadForm {
        csrf,
        kind,
        special,
        month,
        mode,
        encoding,
        file,
    })
}

/// The upload: `kind`, `mode` (`insert` | `upsert`), optional `month`, `encoding`, and `file`.
pub async fn upload(
    Acting(state): Acting,
    axum::Extension(signed): axum::Extension<crate::auth::Signed>,
    lang: Lang,
    uri: OriginalUri,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let bad = |m: String| PageError::from(Failure::BadRequest(m));
    let UploadForm {
        csrf,
        kind,
        special,
        month,
        mode,
        encoding,
        file,
    } = read_form(multipart).await?;
    // The session's CSRF token, checked here because the sign-in layer does not buffer
    // multipart bodies (see `auth`).
    if let Some(expected) = &signed.csrf
        && !csrf.is_some_and(|sent| crate::auth::constant_time_eq(&sent, expected))
    {
        return Err(PageError(crate::auth::csrf_failure()));
    }
    let kind = kind.ok_or_else(|| bad("请选择数据类型 / choose what the file holds".into()))?;
    let (file_name, tmp) = file.ok_or_else(|| bad("请选择文件 / choose a file".into()))?;
    let mut page = empty_page(lang, crate::render::back_link(&uri));
    page.file_name = file_name;
    if special == "progress" {
        return progress_upload(&state, page, tmp.path(), encoding.as_deref(), month, lang).await;
    }
    if special == "problems" {
        page.kind = "problems".into();
        let result = state
            .app
            .import_problems_file(tmp.path(), encoding.as_deref())
            .await
            .map(|ids| {
                format!(
                    "{} {} {}",
                    lang.t("已导入并交办问题", "Problems imported and assigned:"),
                    ids.len(),
                    lang.t("个", "")
                )
            });
        return file_outcome(page, result, lang);
    }
    let Some(kind) = kind else {
        page.kind = "candidates".into();
        let result = state
            .app
            .import_candidates_file(tmp.path(), encoding.as_deref(), false)
            .await
            .map(|n| {
                format!(
                    "{} {n} {}",
                    lang.t("已导入候选项目", "Candidates imported:"),
                    lang.t("个（同编号的已更新）", "(same ids updated)")
                )
            });
        return file_outcome(page, result, lang);
    };
    page.kind = kind.key().into();
    // The app sets the scope from the signed-in account.
    let options = ImportOptions {
        encoding,
        mode,
        ..ImportOptions::default()
    };
    match state.app.import_file(kind, tmp.path(), &options).await {
        Ok(s) => {
            page.done = vec![
                format!(
                    "{}：{} {} · {} {} · {} {}",
                    lang.t("已导入", "Imported"),
                    lang.t("读取", "rows read"),
                    s.rows,
                    lang.t("新增", "added"),
                    s.added,
                    lang.t("更新", "updated"),
                    s.updated
                ),
                format!(
                    "{} {}{}",
                    lang.t("文件格式", "File format"),
                    s.info.format,
                    s.info
                        .encoding
                        .as_ref()
                        .map(|e| format!(" · {e}"))
                        .unwrap_or_default()
                ),
            ];
            page.warnings = s.warnings.iter().map(|p| problem_row(p, lang)).collect();
            crate::render::page(&page)
        }
        Err(AppError::Import(ImportError::Rows(report))) => {
            page.failed = lang
                .t(
                    "文件中有错误，未写入任何数据。改正下列单元格后重新上传。",
                    "The file has errors; nothing was written. Correct the cells below and upload it again.",
                )
                .to_string();
            page.errors = report.errors.iter().map(|p| problem_row(p, lang)).collect();
            page.error_count = report.error_count;
            page.errors_workbook = errors_workbook_data_uri(&report).unwrap_or_default();
            crate::render::page_with_status(&page, StatusCode::BAD_REQUEST)
        }
        Err(e) if e.kind() == liantu_app::ErrorKind::Invalid => {
            page.failed = e.to_string();
            crate::render::page_with_status(&page, StatusCode::BAD_REQUEST)
        }
        Err(e) => Err(PageError::from(e)),
    }
}

/// The errors workbook (bad cells highlighted) as a `data:` link, so the page needs no second
/// request and nothing is kept on the server.
fn errors_workbook_data_uri(report: &ImportReport) -> Option<String> {
    let bytes = liantu_app::data::errors_workbook_bytes(report).ok()?;
    Some(format!(
        "data:{};base64,{}",
        crate::render::XLSX,
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// A blank template with the expected headers and a notes sheet: `/import/templates/{kind}.xlsx`.
pub async fn template(Path(file): Path<String>) -> Result<Response, PageError> {
    let kind = file
        .strip_suffix(".xlsx")
        .and_then(|k| k.parse::<Kind>().ok())
        .ok_or_else(|| {
            PageError::from(Failure::NotFound(format!(
                "没有模板 {file} / no template {file}"
            )))
        })?;
    let bytes = liantu_app::data::template_bytes(kind, DataFormat::Xlsx)?;
    Ok(crate::render::attachment(
        bytes,
        crate::render::XLSX,
        &format!("liantu-{}.xlsx", kind.key()),
    ))
}
