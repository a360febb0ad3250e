//! `/api/quotes`: who said what, filtered; manual corrections.

use std::collections::BTreeSet;

use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult};
use super::export;
use super::extract::{double_option, path_id, ApiJson};
use super::list::{count_facets, faceted_list_response, Facets};
use super::params::{Params, Query};
use super::queries::{GivenOffsets, NoParams, Offsets, QuoteList};
use super::{invalid, AppState};
use crate::annotate::{self, QuoteKind};
use crate::ingest::{validate_annotations, AnnotationsInput, Invalid};
use crate::model::Quote;
use crate::offsets::{Converter, OffsetUnit};
use crate::paging::{Page, PageRequest};
use crate::store::{NewQuote, QuoteFilter, QuotePatch, Store};

#[utoipa::path(
    get, path = "/api/quotes", tag = "quotes", operation_id = "list_quotes",
    params(QuoteList),
    responses(
        (status = 200, description = "A page of quotes: newest article first, one article's in text order, best match first with q", body = super::list::ListResponse<Quote>),
        (status = 400, description = "Unknown or malformed parameter", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// Filter quotes.
pub async fn list(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Query(query, params): Query<QuoteList>,
) -> ApiResult<Response> {
    if let Some(format) = export::requested(query.export.format, &headers) {
        return export::respond(export::walk::quote_list(&state.store, &query, format)?).await;
    }
    let filter = query.filter()?;
    let (asked, size) = query.facets.asked();
    let facets = count_facets(asked, |facet| state.store.quote_facet(&filter, facet, size)).await?;
    let page = query.paging.page();
    respond(
        &state,
        filter,
        &page,
        query.offsets.unit(),
        &params,
        uri.path(),
        facets,
    )
    .await
}

/// Runs a quote query and shapes the page, converting offsets when asked.
pub async fn respond(
    state: &AppState,
    filter: QuoteFilter,
    page: &PageRequest,
    unit: OffsetUnit,
    params: &Params,
    path: &str,
    facets: Option<Facets>,
) -> ApiResult<Response> {
    let mut result = state.store.quotes(&filter, page).await?;
    convert_quotes(&state.store, &mut result, unit).await?;
    Ok(faceted_list_response(result, facets, params, path))
}

pub(super) async fn convert_quotes(
    store: &Store,
    page: &mut Page<Quote>,
    unit: OffsetUnit,
) -> ApiResult<()> {
    if unit == OffsetUnit::Codepoint {
        return Ok(());
    }
    let ids: Vec<i64> = page
        .items
        .iter()
        .map(|q| q.article_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let bodies = store.bodies(&ids).await?;
    for (id, body) in bodies {
        let conv = Converter::new(&body, unit);
        for q in page.items.iter_mut().filter(|q| q.article_id == id) {
            conv.quote(q);
        }
    }
    Ok(())
}

async fn read(state: &AppState, id: i64, unit: OffsetUnit) -> ApiResult<Quote> {
    let quote = state
        .store
        .quote(id)
        .await?
        .ok_or_else(|| ApiError::not_found("quote", id))?;
    let mut page = Page {
        items: vec![quote],
        next: None,
        total: None,
    };
    convert_quotes(&state.store, &mut page, unit).await?;
    page.items.pop().ok_or_else(ApiError::internal)
}

#[utoipa::path(
    get, path = "/api/quotes/{id}", tag = "quotes", operation_id = "get_quote",
    params(("id" = i64, Path, minimum = 1, description = "Quote id"), Offsets),
    responses(
        (status = 200, description = "The quote", body = Quote),
        (status = 404, description = "No such quote (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// One quote.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query, _): Query<Offsets>,
) -> ApiResult<Json<Quote>> {
    let unit = query.unit();
    let id = path_id(&id, "quote")?;
    Ok(Json(read(&state, id, unit).await?))
}

/// A span of the article body; `text`, when given, must equal the body there.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpanInput {
    pub start: usize,
    pub end: usize,
    pub text: Option<String>,
}

/// A quote added by hand.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteInput {
    pub article_id: i64,
    /// direct (default), indirect or mixed.
    #[schema(value_type = Option<String>)]
    pub kind: Option<QuoteKind>,
    pub start: usize,
    pub end: usize,
    pub text: Option<String>,
    /// The speaker's name; linked to an entity of that name.
    pub speaker: Option<String>,
    pub speaker_mention: Option<SpanInput>,
    pub cue: Option<SpanInput>,
    pub role: Option<String>,
}

/// Fills a span's text from the body when the client left it out, so that the
/// shared validation checks offsets and text alike.
fn fill(chars: &[char], conv: &Converter, s: &SpanInput) -> annotate::Span {
    let text = s.text.clone().unwrap_or_else(|| {
        match (conv.inward(s.start), conv.inward(s.end)) {
            (Some(a), Some(b)) if a <= b && b <= chars.len() => chars[a..b].iter().collect(),
            // Left unequal to any slice, so validation reports the bad offsets.
            _ => "\u{0}".to_string(),
        }
    });
    annotate::Span {
        start: s.start,
        end: s.end,
        text,
    }
}

fn checked_quote(
    body: &str,
    quote: annotate::Quote,
    unit: OffsetUnit,
) -> Result<annotate::Quote, Invalid> {
    let ann = validate_annotations(
        body,
        AnnotationsInput {
            quotes: Some(vec![quote]),
            entities: None,
        },
        unit,
    )
    .map_err(|e| {
        Invalid::new(
            e.field
                .replace("annotations.quotes[0].", "")
                .replace("annotations.quotes[0]", "text"),
            e.detail,
        )
    })?;
    ann.quotes
        .and_then(|mut q| q.pop())
        .ok_or_else(|| Invalid::new("text", "no quote"))
}

#[utoipa::path(
    post, path = "/api/quotes", tag = "quotes", operation_id = "create_quote",
    request_body = QuoteInput,
    params(GivenOffsets),
    responses(
        (status = 201, description = "Stored as a manual quote", body = Quote, headers(("Location" = String))),
        (status = 400, description = "Malformed JSON, or an unknown or malformed query parameter", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or wrong API token", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "No article has `article_id`, or a span does not match the article body", body = super::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
/// Add a quote by hand. Manual quotes survive re-annotation.
pub async fn create(
    State(state): State<AppState>,
    Query(query, _): Query<GivenOffsets>,
    ApiJson(input): ApiJson<QuoteInput>,
) -> ApiResult<Response> {
    let unit = query.unit();
    let article = state
        .store
        .article(input.article_id)
        .await?
        .ok_or_else(|| {
            ApiError::invalid(
                "article_id",
                format!("there is no article with id {}", input.article_id),
            )
        })?;
    let chars: Vec<char> = article.body.chars().collect();
    let conv = Converter::new(&article.body, unit);
    let content = fill(
        &chars,
        &conv,
        &SpanInput {
            start: input.start,
            end: input.end,
            text: input.text,
        },
    );
    let quote = annotate::Quote {
        kind: input.kind.unwrap_or(QuoteKind::Direct),
        start: content.start,
        end: content.end,
        text: content.text,
        fragments: None,
        speaker: input
            .speaker
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        speaker_mention: input
            .speaker_mention
            .as_ref()
            .map(|s| fill(&chars, &conv, s)),
        cue: input.cue.as_ref().map(|s| fill(&chars, &conv, s)),
        role: input
            .role
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty()),
    };
    let quote = checked_quote(&article.body, quote, unit).map_err(invalid)?;
    let id = state
        .store
        .insert_quote(&NewQuote {
            article_id: article.id,
            quote,
        })
        .await?;
    let quote = read(&state, id, unit).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/quotes/{id}"))],
        Json(quote),
    )
        .into_response())
}

/// A correction. Fields left out stay; `null` clears a nullable one. A corrected
/// quote becomes manual, so re-annotation keeps it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotePatchInput {
    #[schema(value_type = Option<String>)]
    pub kind: Option<QuoteKind>,
    /// New content span: give `start` and `end` together.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub text: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    pub speaker: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub speaker_mention: Option<Option<SpanInput>>,
    #[serde(default, deserialize_with = "double_option")]
    pub cue: Option<Option<SpanInput>>,
    #[serde(default, deserialize_with = "double_option")]
    pub role: Option<Option<String>>,
}

#[utoipa::path(
    patch, path = "/api/quotes/{id}", tag = "quotes", operation_id = "update_quote",
    request_body = QuotePatchInput,
    params(("id" = i64, Path, minimum = 1, description = "Quote id"), Offsets),
    responses(
        (status = 200, description = "The corrected quote", body = Quote),
        (status = 400, description = "Malformed JSON, or an unknown or malformed query parameter", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or wrong API token", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such quote (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A span does not match the article body", body = super::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
/// Correct a quote.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query, _): Query<Offsets>,
    ApiJson(input): ApiJson<QuotePatchInput>,
) -> ApiResult<Json<Quote>> {
    let unit = query.unit();
    let id = path_id(&id, "quote")?;
    let current = state
        .store
        .quote(id)
        .await?
        .ok_or_else(|| ApiError::not_found("quote", id))?;
    let body = state
        .store
        .bodies(&[current.article_id])
        .await?
        .remove(&current.article_id)
        .ok_or_else(|| ApiError::not_found("quote", id))?;
    let chars: Vec<char> = body.chars().collect();
    let conv = Converter::new(&body, unit);
    let span = match (input.start, input.end) {
        (None, None) if input.text.is_none() => None,
        (Some(start), Some(end)) => Some(fill(
            &chars,
            &conv,
            &SpanInput {
                start,
                end,
                text: input.text.clone(),
            },
        )),
        _ => {
            return Err(ApiError::invalid(
                "start",
                "give `start` and `end` together (and `text` only with them)",
            ))
        }
    };
    // Validate the spans the patch sets, each against the article body.
    let probe = annotate::Quote {
        kind: input.kind.unwrap_or(current.kind),
        start: span.as_ref().map_or(conv.out(current.start), |s| s.start),
        end: span.as_ref().map_or(conv.out(current.end), |s| s.end),
        text: span
            .as_ref()
            .map_or(current.text.clone(), |s| s.text.clone()),
        fragments: None,
        speaker: None,
        speaker_mention: input
            .speaker_mention
            .clone()
            .flatten()
            .map(|s| fill(&chars, &conv, &s)),
        cue: input.cue.clone().flatten().map(|s| fill(&chars, &conv, &s)),
        role: None,
    };
    let checked = checked_quote(&body, probe, unit).map_err(invalid)?;
    let patch = QuotePatch {
        kind: input.kind,
        span: span.map(|_| (checked.start, checked.end, checked.text.clone())),
        speaker: input
            .speaker
            .map(|s| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())),
        speaker_mention: input
            .speaker_mention
            .map(|s| s.and(checked.speaker_mention.clone())),
        cue: input.cue.map(|s| s.and(checked.cue.clone())),
        role: input
            .role
            .map(|r| r.map(|r| r.trim().to_string()).filter(|r| !r.is_empty())),
    };
    state
        .store
        .update_quote(id, &patch)
        .await
        .map_err(ApiError::from_store("quote", id))?;
    Ok(Json(read(&state, id, unit).await?))
}

#[utoipa::path(
    delete, path = "/api/quotes/{id}", tag = "quotes", operation_id = "delete_quote",
    params(("id" = i64, Path, minimum = 1, description = "Quote id"), NoParams),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Missing or wrong API token", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such quote (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
/// Delete a quote.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: Query<NoParams>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id, "quote")?;
    state
        .store
        .delete_quote(id)
        .await
        .map_err(ApiError::from_store("quote", id))?;
    Ok(StatusCode::NO_CONTENT)
}
