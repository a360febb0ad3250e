//! The one error type at the HTTP edge, rendered as RFC 9457 problem+json.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::store::StoreError;

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// Identifies the problem class, e.g. `/problems/invalid-parameter`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The query parameter or body field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// The article an attempted duplicate would repeat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct ApiError(pub Box<Problem>);

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, slug: &str, title: &str, detail: impl Into<String>) -> ApiError {
        ApiError(Box::new(Problem {
            kind: format!("/problems/{slug}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            parameter: None,
            existing_id: None,
        }))
    }

    /// A malformed or unknown query parameter.
    pub fn parameter(name: &str, detail: impl Into<String>) -> ApiError {
        let mut e = ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid-parameter",
            "Invalid query parameter",
            detail,
        );
        e.0.parameter = Some(name.to_string());
        e
    }

    /// A request body that is not the JSON this endpoint takes.
    pub fn body(detail: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid-body",
            "Invalid request body",
            detail,
        )
    }

    /// Well-formed input that cannot be accepted, e.g. a span that does not match the body.
    pub fn invalid(field: &str, detail: impl Into<String>) -> ApiError {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation-failed",
            "Validation failed",
            detail,
        );
        e.0.parameter = Some(field.to_string());
        e
    }

    pub fn not_found(what: &str, id: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            format!("there is no {what} with id {id}"),
        )
    }

    /// Maps a store error, naming the missing resource when it is a "not found".
    pub fn from_store(what: &'static str, id: i64) -> impl FnOnce(StoreError) -> ApiError {
        move |e| match e {
            StoreError::NotFound => ApiError::not_found(what, id),
            other => other.into(),
        }
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "this request changes data and needs the header `Authorization: Bearer <token>` with the server's API token",
        )
    }

    pub fn unsupported_media_type(detail: &str) -> ApiError {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            detail,
        )
    }

    pub fn body_too_large() -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            "Request body too large",
            "the request body is over the server's limit (QUOTEWIRE_BODY_LIMIT; QUOTEWIRE_ANNOTATE_LIMIT for /api/annotate)",
        )
    }

    pub fn timeout() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "Request timed out",
            "the request took longer than the server's limit (QUOTEWIRE_REQUEST_TIMEOUT)",
        )
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
            "the server failed to answer; the error is logged",
        )
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::DuplicateBody(id) => {
                let mut e = ApiError::new(
                    StatusCode::CONFLICT,
                    "duplicate-article",
                    "Duplicate article",
                    format!("an article with the same body already exists: /api/articles/{id}"),
                );
                e.0.existing_id = Some(id);
                e
            }
            StoreError::DuplicateUrl(id) => {
                let mut e = ApiError::new(
                    StatusCode::CONFLICT,
                    "duplicate-url",
                    "Duplicate URL",
                    format!("an article with the same url already exists: /api/articles/{id}"),
                );
                e.0.existing_id = Some(id);
                e.0.parameter = Some("url".to_string());
                e
            }
            StoreError::NotFound => ApiError::new(
                StatusCode::NOT_FOUND,
                "not-found",
                "Not found",
                "the resource does not exist",
            ),
            StoreError::Interrupted => ApiError::timeout(),
            StoreError::WrongCursor(e) => ApiError::parameter("cursor", e.to_string()),
            StoreError::Database(sqlx::Error::PoolTimedOut) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
                "the database is busy; retry shortly",
            ),
            other => {
                tracing::error!(error = %other, "store error");
                ApiError::internal()
            }
        }
    }
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&*self.0).unwrap_or_default();
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Gives every error response that did not come from a handler (unknown route, wrong
/// method, body too large, timeout) the same problem+json shape.
pub async fn problem_for_bare_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem {
        return response;
    }
    let problem = match status {
        StatusCode::NOT_FOUND => {
            ApiError::new(status, "not-found", "Not found", "no such resource")
        }
        StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
            status,
            "method-not-allowed",
            "Method not allowed",
            "this resource does not take that method",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::body_too_large(),
        StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => ApiError::timeout(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ApiError::unsupported_media_type("send JSON with `Content-Type: application/json`")
        }
        other => ApiError::new(
            other,
            "error",
            other.canonical_reason().unwrap_or("Error"),
            other.to_string(),
        ),
    };
    let mut problem = problem.into_response();
    // Keep headers such as Allow and x-request-id.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            problem.headers_mut().insert(name.clone(), value.clone());
        }
    }
    problem
}
