//! `GET /api/articles/{id}/annotations`: an article's quotes and entities without
//! its metadata, as plain JSON (the default) or, asked for with
//! `Accept: application/ld+json` or `format=jsonld`, as a W3C Web Annotation
//! collection (`webanno`).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult};
use super::extract::path_id;
use super::params::Query;
use super::queries::AnnotationsQuery;
use super::values::AnnotationFormat;
use super::{webanno, AppState};
use crate::model::{ArticleEntity, Quote};
use crate::offsets::{Converter, OffsetUnit};

/// An article's annotations.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleAnnotations {
    pub article_id: i64,
    pub quotes: Vec<Quote>,
    pub entities: Vec<ArticleEntity>,
}

#[utoipa::path(
    get, path = "/api/articles/{id}/annotations", tag = "articles", operation_id = "get_article_annotations",
    params(("id" = i64, Path, minimum = 1, description = "Article id"), AnnotationsQuery),
    responses(
        (status = 200, description = "The article's quotes and entities with their mentions; as JSON-LD, one `Annotation` per quote and per mention, each targeting the article (its url, else its API address) with a `TextPositionSelector` (code points) and a `TextQuoteSelector` (exact text and up to 32 code points of prefix and suffix)", content(
            (ArticleAnnotations = "application/json"),
            (webanno::AnnotationCollection = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\""),
        )),
        (status = 400, description = "Unknown or malformed parameter, or offsets other than codepoint with jsonld", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// One article's annotations, plain or as W3C Web Annotations.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(query, _): Query<AnnotationsQuery>,
) -> ApiResult<Response> {
    let unit = query.offsets.unwrap_or_default();
    let jsonld = match query.format {
        Some(f) => f == AnnotationFormat::Jsonld,
        None => accepts_jsonld(&headers),
    };
    if jsonld && unit != OffsetUnit::Codepoint {
        return Err(ApiError::parameter(
            "offsets",
            "Web Annotation selectors count code points: `offsets` must be codepoint with jsonld",
        ));
    }
    let id = path_id(&id, "article")?;
    let mut article = state
        .store
        .article(id)
        .await?
        .ok_or_else(|| ApiError::not_found("article", id))?;
    if jsonld {
        let collection = webanno::collection(&article, &base(&headers));
        let mut response = Json(collection).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(webanno::MEDIA_TYPE),
        );
        return Ok(response);
    }
    Converter::new(&article.body, unit).article(&mut article);
    Ok(Json(ArticleAnnotations {
        article_id: article.id,
        quotes: article.quotes.unwrap_or_default(),
        entities: article.entities.unwrap_or_default(),
    })
    .into_response())
}

/// Whether `Accept` names JSON-LD (with the Web Annotation profile or none).
fn accepts_jsonld(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|range| {
            let mut parts = range.split(';').map(str::trim);
            let media = parts.next().unwrap_or("");
            media.eq_ignore_ascii_case("application/ld+json")
                && parts.all(|p| {
                    let (name, value) = p.split_once('=').unwrap_or((p, ""));
                    let name = name.trim();
                    let value = value.trim().trim_matches('"');
                    match name.to_ascii_lowercase().as_str() {
                        "profile" => value.split_whitespace().any(|v| v == webanno::CONTEXT_IRI),
                        "q" => value.parse::<f32>().map_or(true, |q| q > 0.0),
                        _ => true,
                    }
                })
        })
}

/// The scheme and host of the request, for absolute ids; empty (relative ids)
/// when the request names no valid host.
fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse::<axum::http::uri::Authority>().ok());
    let Some(host) = host else {
        return String::new();
    };
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    format!("{}://{host}", if https { "https" } else { "http" })
}
