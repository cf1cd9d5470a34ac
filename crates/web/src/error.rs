//! Errors turned into responses in one place: JSON `{ "code", "message" }` for the API, an HTML
//! page for the UI. Internal details go to the server log, never to the client.

use crate::lang::Lang;
use crate::pages::ErrorPage;
use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use liantu_app::AppError;

/// What went wrong, independent of how it is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    BadRequest(String),
    NotFound(String),
    Internal,
}

impl Failure {
    fn status(&self) -> StatusCode {
        match self {
            Failure::BadRequest(_) => StatusCode::BAD_REQUEST,
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Failure::BadRequest(_) => "bad_request",
            Failure::NotFound(_) => "not_found",
            Failure::Internal => "internal",
        }
    }

    fn message(&self) -> String {
        match self {
            Failure::BadRequest(m) | Failure::NotFound(m) => m.clone(),
            Failure::Internal => {
                "服务器内部错误，详情见服务器日志 / internal error, see the server log".into()
            }
        }
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        match e {
            AppError::UnknownChain(_) => Failure::NotFound(e.to_string()),
            AppError::UnknownRegion(_) => Failure::BadRequest(e.to_string()),
            AppError::UnknownPanel(_) | AppError::UnknownPark(_) => {
                Failure::NotFound(e.to_string())
            }
            AppError::BadInput(m) => Failure::BadRequest(m),
            other => {
                eprintln!("liantu: internal error: {other}");
                Failure::Internal
            }
        }
    }
}

impl From<liantu_store::StoreError> for Failure {
    fn from(e: liantu_store::StoreError) -> Failure {
        Failure::from(AppError::from(e))
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
    /// `bad_request`, `not_found` or `internal`.
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
