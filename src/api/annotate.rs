//! `POST /api/annotate`: annotations of a text, nothing stored.

use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use super::error::ApiResult;
use super::extract::ApiJson;
use super::params::Params;
use super::{blocking, invalid};
use crate::annotate::{self, Annotations};
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
    params(("offsets" = inline(Option<super::docs::Offsets>), Query, description = "Unit of offsets in the response: codepoint (default), utf16 or utf8")),
    responses(
        (status = 200, description = "Quotes and entities in the gold-format shape", body = Object),
        (status = 400, description = "Malformed JSON, or an unknown or malformed query parameter", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`text` holds a NUL character", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// Annotate a text without storing it.
pub async fn annotate(
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
    let out = blocking(move || {
        let mut ann = annotate::annotate(&input.text);
        Converter::new(&input.text, unit).annotations(&mut ann);
        ann
    })
    .await?;
    Ok(Json(out))
}
