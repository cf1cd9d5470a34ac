//! Errors turned into responses in one place: an [`AppError`]'s kind becomes the HTTP status
//! ([`Failure`]), shown as JSON `{ "code", "message" }` for the API or as an HTML page for the UI.
//! Internal details go to the server log, never to the client.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use liantu_app::{AppError, ErrorKind};

/// What went wrong, independent of how it is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    BadRequest(String),
    NotFound(String),
    Conflict(String),
    /// The database is busy or unreachable; the client should retry shortly.
    Unavailable(String),
    /// Nobody signed in, or the sign-in failed.
    Unauthenticated(String),
    /// The account may not do this.
    Forbidden(String),
    /// Too many failed sign-ins.
    TooManyRequests(String),
    Internal,
}

impl Failure {
    pub fn status(&self) -> StatusCode {
        match self {
            Failure::BadRequest(_) => StatusCode::BAD_REQUEST,
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::Conflict(_) => StatusCode::CONFLICT,
            Failure::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Failure::Forbidden(_) => StatusCode::FORBIDDEN,
            Failure::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Failure::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Failure::BadRequest(_) => "bad_request",
            Failure::NotFound(_) => "not_found",
            Failure::Conflict(_) => "conflict",
            Failure::Unavailable(_) => "unavailable",
            Failure::Unauthenticated(_) => "unauthenticated",
            Failure::Forbidden(_) => "forbidden",
            Failure::TooManyRequests(_) => "too_many_requests",
            Failure::Internal => "internal",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Failure::BadRequest(m)
            | Failure::NotFound(m)
            | Failure::Conflict(m)
            | Failure::Unavailable(m)
            | Failure::Unauthenticated(m)
            | Failure::Forbidden(m)
            | Failure::TooManyRequests(m) => m.clone(),
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
            ErrorKind::Unauthenticated => Failure::Unauthenticated(e.to_string()),
            ErrorKind::Forbidden => Failure::Forbidden(e.to_string()),
            ErrorKind::RateLimited => Failure::TooManyRequests(e.to_string()),
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
    /// `bad_request`, `unauthenticated`, `forbidden`, `not_found`, `conflict`,
    /// `too_many_requests`, `unavailable` or `internal`.
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
        let mut response = (self.0.status(), Json(body)).into_response();
        if matches!(self.0, Failure::Unavailable(_)) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        if matches!(self.0, Failure::Unauthenticated(_)) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"liantu\""),
            );
        }
        response
    }
}

/// A page error. It carries only what went wrong: the [`error_pages`](crate::render::error_pages)
/// layer, which knows the request's language and path, renders the HTML page — so handlers
/// simply use `?` on any use-case result.
#[derive(Debug)]
pub struct PageError(pub Failure);

impl<E: Into<Failure>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = (self.0.status(), self.0.message()).into_response();
        response.extensions_mut().insert(self.0);
        response
    }
}
