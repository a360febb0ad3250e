//! Extractors whose rejections are problem+json like every other error.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::error::{ApiError, ApiResult};

/// `axum::Json` with problem+json rejections that say what is wrong with the body.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => {
                let status = rejection.status();
                let detail = rejection.body_text();
                Err(match status {
                    StatusCode::PAYLOAD_TOO_LARGE => ApiError::body_too_large(),
                    StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::unsupported_media_type(
                        "send JSON with `Content-Type: application/json`",
                    ),
                    _ => ApiError::body(detail),
                })
            }
        }
    }
}

/// A path id: a positive integer, or a 404 naming what was asked for.
pub fn path_id(raw: &str, what: &str) -> ApiResult<i64> {
    // Digits only: `parse` also takes a sign, and `/+1` must not be `/1`.
    let digits = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    match raw.parse::<i64>() {
        Ok(id) if digits && id > 0 => Ok(id),
        _ => Err(ApiError::not_found(what, raw)),
    }
}

/// Nullable fields in PATCH bodies: absent is `None`, `null` is `Some(None)`.
pub fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(d).map(Some)
}
