//! The page toolkit every feature module uses: rendering a template, the HTML form of a neutral
//! table, file downloads, the language switch's return link, and the two layers that wrap every
//! page — error pages in the reader's language, and the same-origin guard on writes.

use crate::error::{Failure, PageError};
use crate::lang::Lang;
use askama::Template;
use axum::extract::{OriginalUri, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use liantu_app::table::{Cell, ColumnKind, Table};
use std::fmt::Write;

pub(crate) type PageResult = Result<Response, PageError>;

/// Renders a template into a response, or a 500 page.
pub(crate) fn page(template: &impl Template) -> PageResult {
    page_with_status(template, StatusCode::OK)
}

/// [`page`] with another status (e.g. 400 for a form shown again with its errors).
pub(crate) fn page_with_status(template: &impl Template, status: StatusCode) -> PageResult {
    template
        .render()
        .map(|html| (status, Html(html)).into_response())
        .map_err(|e| {
            eprintln!("liantu: template error: {e}");
            PageError(Failure::Internal)
        })
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub(crate) const CSV: &str = "text/csv; charset=utf-8";

/// A file download.
pub(crate) fn attachment(
    body: impl IntoResponse,
    content_type: &'static str,
    filename: &str,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

/// A table as an Excel download (typed cells, Chinese or English headers).
pub(crate) fn xlsx_download(table: &Table, lang: Lang, filename: &str) -> PageResult {
    let bytes = liantu_app::table::xlsx::to_bytes(table, lang.model()).map_err(|e| {
        eprintln!("liantu: workbook failed: {e}");
        PageError(Failure::Internal)
    })?;
    Ok(attachment(bytes, XLSX, filename))
}

/// A table as a CSV download (UTF-8 with BOM, headers in the reader's language).
pub(crate) fn csv_download(table: &Table, lang: Lang, filename: &str) -> Response {
    let headers = liantu_app::table::csv::Headers::People(lang.model());
    attachment(
        liantu_app::table::csv::to_bytes(table, headers),
        CSV,
        filename,
    )
}

/// Percent-encodes the current path and query for the language switch's `back` link.
pub(crate) fn back_link(uri: &OriginalUri) -> String {
    back_of(uri.0.path_and_query().map(|p| p.as_str()).unwrap_or("/"))
}

fn back_of(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// HTML-escapes text for element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A neutral table as an HTML table. `only` picks and orders columns by key (`None` = every
/// column shown on pages, see `Column::files_only`);
/// numbers are right-aligned, badge columns drawn as status badges, links kept.
/// `text`, escaped; when it names a technical term, with the term's meaning on hover and a link
/// to its entry in the glossary (术语说明).
/// A standalone SVG document made fit to sit inside a page: without its XML declaration.
pub(crate) fn inline_svg(svg: String) -> String {
    match svg.split_once("?>\n") {
        Some((_, rest)) => rest.to_string(),
        None => svg,
    }
}

pub fn term(lang: Lang, text: &str) -> String {
    match liantu_app::glossary::find(text) {
        Some(t) => format!(
            "<abbr class=\"term\" title=\"{}\">{}</abbr><a class=\"term-help no-print\" href=\"/glossary#{}\" aria-label=\"{}\">?</a>",
            esc(lang.t(t.meaning_zh, t.meaning_en)),
            esc(text),
            t.id,
            esc(lang.t("术语说明", "Glossary"))
        ),
        None => esc(text),
    }
}

pub(crate) fn html_table(table: &Table, lang: Lang, class: &str, only: Option<&[&str]>) -> String {
    let picked: Vec<usize> = match only {
        Some(keys) => keys.iter().filter_map(|k| table.column(k)).collect(),
        None => (0..table.columns.len())
            .filter(|&i| table.columns[i].on_page)
            .collect(),
    };
    let mut out = format!("<table class=\"data {}\">\n<thead><tr>", esc(class));
    for &i in &picked {
        let c = &table.columns[i];
        let num = if c.kind.is_numeric() { " num" } else { "" };
        let _ = write!(
            out,
            "<th class=\"col-{}{num}\">{}</th>",
            esc(&c.key),
            term(lang, c.header.get(lang.model()))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for &i in &picked {
            let c = &table.columns[i];
            let num = if c.kind.is_numeric() { " num" } else { "" };
            let _ = write!(out, "<td class=\"col-{}{num}\">", esc(&c.key));
            if let Some(cell) = row.get(i) {
                cell_html(&mut out, cell, c.kind, lang);
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>");
    out
}

fn cell_html(out: &mut String, cell: &Cell, kind: ColumnKind, lang: Lang) {
    match cell {
        Cell::Link { cell, href } => {
            let _ = write!(out, "<a href=\"{}\">", esc(href));
            cell_html(out, cell, kind, lang);
            out.push_str("</a>");
        }
        Cell::Label { key, text } if kind == (ColumnKind::Label { badge: true }) => {
            let _ = write!(
                out,
                "<span class=\"status status-{}\">{}</span>",
                esc(key),
                esc(text.get(lang.model()))
            );
        }
        Cell::Empty if kind.is_numeric() => out.push('—'),
        other => out.push_str(&esc(&other.display(lang.model()))),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub lang: Lang,
    /// Where the language switch returns to.
    pub back: String,
    pub status: u16,
    /// The message in the reader's language.
    pub message: String,
    /// Both languages, as a tooltip (what the log and the API say).
    pub full_message: String,
}

/// The reader's half of a "中文 / English" message; the whole message when it has no halves.
fn in_language(lang: Lang, message: &str) -> &str {
    match message.split_once(" / ") {
        Some((zh, en)) => lang.t(zh, en).trim(),
        None => message,
    }
}

/// Each line of a message of "中文 / English" lines in the reader's language (a form's list of
/// field errors).
pub(crate) fn lines_in_language(lang: Lang, message: &str) -> Vec<String> {
    message
        .lines()
        .map(|l| in_language(lang, l).to_string())
        .collect()
}

/// Layer: a page handler's failure becomes an error page in the reader's language, with a
/// language switch that returns to the same address.
pub(crate) async fn error_pages(lang: Lang, request: Request, next: Next) -> Response {
    let back = back_of(
        request
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/"),
    );
    let mut response = next.run(request).await;
    let Some(failure) = response.extensions_mut().remove::<Failure>() else {
        return response;
    };
    let message = failure.message();
    let page = ErrorPage {
        lang,
        back,
        status: failure.status().as_u16(),
        message: in_language(lang, &message).to_string(),
        full_message: message,
    };
    // Rendered for the account the sign-in layer found (its name in the header).
    let signed = response.extensions().get::<crate::auth::Signed>().cloned();
    let mut response = match crate::auth::rendering_for(signed, || page.render()) {
        Ok(html) => (failure.status(), Html(html)).into_response(),
        Err(_) => (failure.status(), failure.message()).into_response(),
    };
    if matches!(failure, Failure::Unavailable(_)) {
        // The database is busy with an import: the browser may try again shortly.
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    response
}

/// Layer (outermost): a handler that panics answers 500 with the JSON error body instead of
/// dropping the connection; the panic message goes to the log only.
pub(crate) fn catch_panics() -> tower_http::catch_panic::CatchPanicLayer<PanicResponse> {
    tower_http::catch_panic::CatchPanicLayer::custom(PanicResponse)
}

#[derive(Clone, Copy)]
pub(crate) struct PanicResponse;

impl tower_http::catch_panic::ResponseForPanic for PanicResponse {
    type ResponseBody = axum::body::Body;

    fn response_for_panic(
        &mut self,
        panic: Box<dyn std::any::Any + Send + 'static>,
    ) -> axum::http::Response<axum::body::Body> {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("liantu: a request handler panicked: {message}");
        crate::error::ApiError(Failure::Internal).into_response()
    }
}

/// Every page's fallback: 404.
pub async fn not_found() -> PageError {
    PageError(Failure::NotFound("页面不存在 / page not found".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use liantu_app::table::{Column, Text};

    #[tokio::test]
    async fn a_panicking_handler_answers_500_without_details() {
        use axum::body::Body;
        use axum::http::Request;
        use tower::ServiceExt;
        async fn boom() -> &'static str {
            panic!("secret detail")
        }
        let app = axum::Router::new()
            .route("/boom", axum::routing::get(boom))
            .route("/fine", axum::routing::get(|| async { "ok" }))
            .layer(catch_panics());
        let response = app
            .clone()
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(
            text.contains("\"internal\"") && !text.contains("secret"),
            "{text}"
        );
        let fine = app
            .oneshot(Request::get("/fine").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(fine.status(), StatusCode::OK);
    }

    #[test]
    fn error_messages_in_the_readers_language() {
        let m = "未知的候选项目 / unknown candidates: x";
        assert_eq!(in_language(Lang::Zh, m), "未知的候选项目");
        assert_eq!(in_language(Lang::En, m), "unknown candidates: x");
        assert_eq!(in_language(Lang::Zh, "只有中文"), "只有中文");
    }

    #[test]
    fn tables_escape_text_align_numbers_and_draw_badges() {
        let mut t = Table::new(
            Text::same("t"),
            vec![
                Column::new("name", "名称", "Name", ColumnKind::Local),
                Column::new(
                    "status",
                    "状态",
                    "Status",
                    ColumnKind::Label { badge: true },
                ),
                Column::new("output", "产值", "Output", ColumnKind::Money),
                Column::new("node", "环节代码", "Node id", ColumnKind::Text).files_only(),
            ],
        );
        t.push(vec![
            Cell::local("<b>甲</b>", "A").link("/x?a=1&b=2"),
            Cell::label("missing", "空白", "missing"),
            Cell::Money(1234567.0),
            Cell::text("a-node"),
        ]);
        let html = html_table(&t, Lang::Zh, "diagnosis", None);
        assert!(
            !html.contains("环节代码") && !html.contains("a-node"),
            "an internal id on a page: {html}"
        );
        assert!(
            html.contains("<a href=\"/x?a=1&amp;b=2\">&lt;b&gt;甲&lt;/b&gt;</a>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"status status-missing\">空白</span>"));
        assert!(html.contains("<td class=\"col-output num\">1,234,567</td>"));
        let only = html_table(&t, Lang::En, "x", Some(&["output", "name"]));
        assert!(only.find("Output").unwrap() < only.find("Name").unwrap());
        assert!(!only.contains("Status"));
    }
}
