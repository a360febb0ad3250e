//! `POST /api/annotate`: annotations of a text, nothing stored.

use serde::Deserialize;
use utoipa::ToSchema;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, ApiResult};
use super::extract::ApiJson;
use super::params::Query;
use super::queries::Offsets;
use super::{blocking, invalid, AppState};
use crate::annotate;
use crate::ingest::Invalid;
use crate::offsets::Converter;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnotateInput {
    pub text: String,
}

#[utoipa::path(
    post, path = "/api/annotate", tag = "annotate", operation_id = "annotate",
    request_body = AnnotateInput,
    params(Offsets),
    responses(
        (status = 200, description = "Quotes and entities in the gold-format shape", body = Object),
        (status = 400, description = "Malformed JSON, or an unknown or malformed query parameter", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`text` holds a NUL character", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// Annotate a text without storing it.
pub async fn annotate(
    State(state): State<AppState>,
    Query(query, _): Query<Offsets>,
    ApiJson(input): ApiJson<AnnotateInput>,
) -> ApiResult<Response> {
    let unit = query.unit();
    if input.text.contains('\0') {
        return Err(invalid(Invalid::new(
            "text",
            "`text` must not contain NUL characters",
        )));
    }
    // Annotation is CPU-bound and needs no token: one text per core at a time,
    // and a client beyond that is told to come back rather than queued.
    let Ok(slot) = state.annotate_slots.clone().try_acquire_owned() else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "Busy",
            "every annotation slot is taken; retry shortly",
        ));
    };
    let out = blocking(move || {
        let _slot = slot;
        let mut ann = annotate::annotate(&input.text);
        Converter::new(&input.text, unit).annotations(&mut ann);
        let json = serde_json::to_vec(&ann);
        drop((ann, input));
        // The engine's working memory for a large text is many times the text;
        // give it back to the system now rather than keep it cached per thread.
        release_memory();
        json
    })
    .await?
    .map_err(|e| {
        tracing::error!(error = %e, "cannot serialize annotations");
        ApiError::internal()
    })?;
    Ok(([(header::CONTENT_TYPE, "application/json")], out).into_response())
}

fn release_memory() {
    // SAFETY: mi_collect only returns this thread's free pages to the system.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
