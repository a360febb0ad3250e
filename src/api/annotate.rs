//! `POST /api/annotate`: annotations of a text, nothing stored.

use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use axum::extract::State;
use axum::http::StatusCode;

use super::error::{ApiError, ApiResult};
use super::extract::ApiJson;
use super::params::Params;
use super::{blocking, invalid, AppState};
use crate::annotate::{self, Annotations};
use crate::ingest::Invalid;
use crate::offsets::Converter;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnotateInput {
    pub text: String,
}

#[utoipa::path(
    post, path = "/api/annotate", tag = "annotate",
    request_body = AnnotateInput,
    params(("offsets" = Option<String>, Query, description = "codepoint (default), utf16 or utf8")),
    responses(
        (status = 200, description = "Quotes and entities in the gold-format shape", body = Object),
        (status = 400, description = "Malformed JSON", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// Annotate a text without storing it.
pub async fn annotate(
    State(state): State<AppState>,
    params: Params,
    ApiJson(input): ApiJson<AnnotateInput>,
) -> ApiResult<Json<Annotations>> {
    let unit = params.allow(&["offsets"])?.offsets()?;
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
        ann
    })
    .await?;
    Ok(Json(out))
}
