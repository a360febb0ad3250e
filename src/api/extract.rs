//! Extractors whose rejections are problem+json like every other error.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
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
        if !is_json(req.headers()) {
            return Err(ApiError::unsupported_media_type(
                "send JSON with `Content-Type: application/json`",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::body_too_large()
            } else {
                ApiError::body(r.body_text())
            }
        })?;
        // Every body this API takes is an object; serde would also fill a struct
        // from an array of its fields in order (`[null, null]`).
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first != Some(&b'{') {
            return Err(ApiError::body("the body must be a JSON object"));
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(ApiError::body(rejection.body_text())),
        }
    }
}

/// The media type of the body, lower-case, without parameters.
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(value.split(';').next()?.trim().to_ascii_lowercase())
}

/// `application/json` or a `+json` type, as axum's own `Json` takes.
fn is_json(headers: &HeaderMap) -> bool {
    media_type(headers).is_some_and(|ty| {
        ty == "application/json" || (ty.starts_with("application/") && ty.ends_with("+json"))
    })
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
