//! `POST /api/articles:batch` (also `/api/import`): many articles as NDJSON, one
//! per line, answered per line as the batches are written. The body is read a
//! line at a time (`lines`) and handed to the bulk-write pipeline in batches, so
//! memory stays bounded by the batch size, not the request size.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tokio::sync::mpsc;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult};
use super::extract::media_type;
use super::lines::{Line, Lines};
use super::params::Query;
use super::queries::BatchQuery;
use super::AppState;
use crate::ingest::pipeline::{self, Annotators, Outcome};
use crate::ingest::{ArticleInput, Invalid};
use crate::offsets::OffsetUnit;

/// Content types the batch body may be sent as.
const NDJSON_TYPES: [&str; 3] = [
    "application/x-ndjson",
    "application/jsonl",
    "application/json",
];

/// Lines per transaction.
const BATCH: usize = 128;

/// The answer for one input line.
#[derive(Debug, Serialize, ToSchema)]
pub struct LineResult {
    /// 1-based line number in the request body (blank lines get no answer).
    pub line: usize,
    /// 201 stored, 409 duplicate (same body or url), 422 invalid field, 400 not an
    /// article (malformed JSON, line too long), 413 not read (body over the limit).
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl LineResult {
    fn error(line: usize, status: u16, field: Option<String>, error: String) -> LineResult {
        LineResult {
            line,
            status,
            id: None,
            existing_id: None,
            field,
            error: Some(error),
        }
    }
}

impl LineResult {
    fn of(line: usize, outcome: Outcome) -> LineResult {
        match outcome {
            Outcome::Stored(id) => LineResult {
                line,
                status: 201,
                id: Some(id),
                existing_id: None,
                field: None,
                error: None,
            },
            Outcome::Duplicate { existing, url } => LineResult {
                line,
                status: 409,
                id: None,
                existing_id: Some(existing),
                field: url.then(|| "url".to_string()),
                error: Some(if url {
                    "an article with the same url already exists".to_string()
                } else {
                    "an article with the same body already exists".to_string()
                }),
            },
            Outcome::Invalid(Invalid { field, detail }) => {
                LineResult::error(line, 422, Some(field), detail)
            }
            Outcome::Unreadable(why) => LineResult::error(line, 400, None, why),
        }
    }
}

#[utoipa::path(
    post, path = "/api/articles:batch", tag = "articles", operation_id = "batch_articles",
    request_body(content = serde_json::Value, content_type = "application/x-ndjson",
        description = "NDJSON: one article per line, each the JSON body `POST /api/articles` takes; blank lines are ignored. Any text is read: each line is answered on its own, so the body has no schema of its own."),
    params(BatchQuery),
    responses(
        (status = 200, description = "NDJSON (`application/x-ndjson`), one object per non-blank input line, in input order: \
            `{\"line\": n, \"status\": 201, \"id\": ...}` when stored, `409` with `existing_id` for a duplicate body or url, \
            `422` with `field` and `error` for an invalid article, `400` with `error` for a line that is not JSON or is longer than 4 MiB, \
            `413` for lines past the batch body limit (QUOTEWIRE_BATCH_LIMIT). \
            The answer is streamed: lines are stored in batches of 128, each one transaction, and each batch is answered once written, \
            so an interrupted request keeps the batches answered before. \
            Reading stops at the server's request timeout (QUOTEWIRE_REQUEST_TIMEOUT, 30 s by default), answered by a last line with status `503`; \
            a store failure ends the answer with a line of status `500`. \
            At roughly 500 to 2,000 articles per second, send at most a few thousand articles per request, or use `quotewire import` for bulk loads.",
            body = String, content_type = "application/x-ndjson"),
        (status = 400, description = "Unknown or malformed query parameter, or a body that holds no article (empty or blank lines only)", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or wrong API token", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "A content type other than NDJSON", body = super::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
/// Store many articles at once, from NDJSON; answers per line.
pub async fn batch(
    State(state): State<AppState>,
    Query(query, _): Query<BatchQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let unit = query.offsets.unwrap_or_default();
    // Only types a browser must ask before sending cross-site: with `text/plain`
    // or a form type, any web page could post articles here unasked.
    let ndjson = media_type(&headers).is_some_and(|ty| NDJSON_TYPES.contains(&ty.as_str()));
    if !ndjson {
        return Err(ApiError::unsupported_media_type(
            "send NDJSON with `Content-Type: application/x-ndjson`",
        ));
    }
    let deadline = tokio::time::Instant::now() + state.request_timeout;
    let mut lines = Lines::new(body);
    // Read up to the first line before answering: an empty body is the client's
    // mistake, and once the answer has begun its status is 200.
    let Some(first) = lines.next().await else {
        return Err(ApiError::body(
            "the body holds no article: send one JSON article per line (NDJSON)",
        ));
    };
    let (tx, rx) = mpsc::channel(2);
    tokio::spawn(answer(state, lines, first, unit, deadline, tx));
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::new(Answers(rx)),
    )
        .into_response())
}

/// Reads, stores and answers the lines batch by batch until the body ends, the
/// deadline passes, the store fails or the client hangs up.
async fn answer(
    state: AppState,
    mut lines: Lines,
    first: Line,
    unit: OffsetUnit,
    deadline: tokio::time::Instant,
    tx: mpsc::Sender<Bytes>,
) {
    let mut next = Some(first);
    let annotators = Annotators::default();
    loop {
        let mut out = Vec::new();
        let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH);
        let mut ended = false;
        while batch.len() < BATCH {
            let line = match next.take() {
                Some(line) => Some(line),
                None => match tokio::time::timeout_at(deadline, lines.next()).await {
                    Ok(line) => line,
                    Err(_) => {
                        // Lines read so far are stored and answered first.
                        let end = LineResult::error(
                            lines.read() + 1,
                            503,
                            None,
                            "the request timed out (QUOTEWIRE_REQUEST_TIMEOUT): the lines from here on were not read".into(),
                        );
                        finish(&state, batch, unit, &annotators, &mut out).await;
                        push(&mut out, &end);
                        let _ = tx.send(Bytes::from(out)).await;
                        return;
                    }
                },
            };
            match line {
                None => {
                    ended = true;
                    break;
                }
                Some(Line::Text(n, bytes)) => batch.push((n, bytes)),
                Some(Line::TooLong(n, max)) => {
                    // Answered in order: store what came before it first.
                    if !finish(
                        &state,
                        std::mem::take(&mut batch),
                        unit,
                        &annotators,
                        &mut out,
                    )
                    .await
                    {
                        let _ = tx.send(Bytes::from(out)).await;
                        return;
                    }
                    push(
                        &mut out,
                        &LineResult::error(n, 400, None, format!("line longer than {max} bytes")),
                    );
                }
                Some(Line::CutOff(n, why)) => {
                    finish(
                        &state,
                        std::mem::take(&mut batch),
                        unit,
                        &annotators,
                        &mut out,
                    )
                    .await;
                    push(
                        &mut out,
                        &LineResult::error(
                            n,
                            413,
                            None,
                            format!("the rest of the body was not read: {why}"),
                        ),
                    );
                    let _ = tx.send(Bytes::from(out)).await;
                    return;
                }
            }
        }
        let ok = finish(&state, batch, unit, &annotators, &mut out).await;
        if !out.is_empty() && tx.send(Bytes::from(out)).await.is_err() {
            // The client hung up: read no more.
            return;
        }
        if ended || !ok {
            return;
        }
    }
}

/// Stores one batch and appends its answers; on a store failure appends a last
/// line saying so and gives false.
async fn finish(
    state: &AppState,
    batch: Vec<(usize, Vec<u8>)>,
    unit: OffsetUnit,
    annotators: &Annotators,
    out: &mut Vec<u8>,
) -> bool {
    let Some(&(first, _)) = batch.first() else {
        return true;
    };
    let numbers: Vec<usize> = batch.iter().map(|(n, _)| *n).collect();
    let inputs = batch
        .into_iter()
        .map(|(_, bytes)| {
            serde_json::from_slice::<ArticleInput>(&bytes)
                .map_err(|e| format!("not an article: {e}"))
        })
        .collect();
    match pipeline::ingest_batch(&state.store, inputs, unit, annotators).await {
        Ok(outcomes) => {
            for (line, outcome) in numbers.into_iter().zip(outcomes) {
                push(out, &LineResult::of(line, outcome));
            }
            true
        }
        Err(e) => {
            tracing::error!(error = %e, "batch write failed");
            push(
                out,
                &LineResult::error(
                    first,
                    500,
                    None,
                    "the server failed to store this batch; it and the lines after it were not stored".into(),
                ),
            );
            false
        }
    }
}

fn push(out: &mut Vec<u8>, r: &LineResult) {
    if serde_json::to_writer(&mut *out, r).is_ok() {
        out.push(b'\n');
    }
}

/// The response body: the answers as the writing task sends them.
struct Answers(mpsc::Receiver<Bytes>);

impl HttpBody for Answers {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| Ok(http_body::Frame::data(c))))
    }
}
