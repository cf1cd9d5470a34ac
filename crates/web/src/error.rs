//! Errors turned into responses in one place: JSON `{ "code", "message" }` for the API, an HTML
//! page for the UI. Internal details go to the server log, never to the client.

use crate::lang::Lang;
use crate::pages::ErrorPage;
use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use liantu_app::{AppError, ErrorKind};

/// What went wrong, independent of how it is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    BadRequest(String),
    NotFound(String),
    Conflict(String),
    /// The database is busy or unreachable; the client should retry shortly.
    Unavailable(String),
    Internal,
}

impl Failure {
    fn status(&self) -> StatusCode {
        match self {
            Failure::BadRequest(_) => StatusCode::BAD_REQUEST,
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::Conflict(_) => StatusCode::CONFLICT,
            Failure::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Failure::BadRequest(_) => "bad_request",
            Failure::NotFound(_) => "not_found",
            Failure::Conflict(_) => "conflict",
            Failure::Unavailable(_) => "unavailable",
            Failure::Internal => "internal",
        }
    }

    fn message(&self) -> String {
        match self {
            Failure::BadRequest(m)
            | Failure::NotFound(m)
            | Failure::Conflict(m)
            | Failure::Unavailable(m) => m.clone(),
            Failure::Internal => {
                "服务器内部错误，详情见服务器日志 / internal error, see the server log".into()
            }
        }
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        match e.kind() {
            ErrorKind::Invalid => Failure::BadRequest(e.to_string()),
            ErrorKind::NotFound => Failure::NotFound(e.to_string()),
            ErrorKind::Conflict => Failure::Conflict(e.to_string()),
            ErrorKind::Unavailable => Failure::Unavailable(e.to_string()),
            ErrorKind::Internal => {
                eprintln!("liantu: internal error: {e}");
                Failure::Internal
            }
        }
    }
}

/// An API error: JSON body.
#[derive(Debug)]
pub struct ApiError(pub Failure);

impl<E: Into<Failure>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// `bad_request`, `not_found`, `conflict`, `unavailable` or `internal`.
    pub code: &'static str,
    /// Chinese and English, separated by " / ".
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.0.code(),
            message: self.0.message(),
        };
        (self.0.status(), Json(body)).into_response()
    }
}

/// A page error: HTML in the user's language.
#[derive(Debug)]
pub struct PageError(pub Failure, pub Lang);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            lang: self.1,
            back: "/".into(),
            status: self.0.status().as_u16(),
            message: self.0.message(),
        };
        match page.render() {
            Ok(html) => (self.0.status(), Html(html)).into_response(),
            Err(_) => (self.0.status(), self.0.message()).into_response(),
        }
    }
}
