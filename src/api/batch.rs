//! `POST /api/articles:batch` (also `/api/import`): many articles as NDJSON, one
//! per line, answered per line. The body is read as a stream, a line at a time, and
//! processed in batches (annotation in parallel, one transaction per batch), so
//! memory stays bounded by the batch size, not the request size.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use rayon::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult};
use super::params::Params;
use super::{blocking, AppState};
use crate::ingest::{self, ArticleInput, Invalid};
use crate::offsets::OffsetUnit;
use crate::store::{content_hash, NewArticle, StoreError, Supplied};

/// Content types the batch body may be sent as.
const NDJSON_TYPES: [&str; 3] = [
    "application/x-ndjson",
    "application/jsonl",
    "application/json",
];

/// Lines per transaction.
const BATCH: usize = 128;
/// The longest line accepted; a longer one is answered with a 400 and skipped.
pub const MAX_LINE: usize = 4 * 1024 * 1024;

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

#[utoipa::path(
    post, path = "/api/articles:batch", tag = "articles", operation_id = "batch_articles",
    request_body(content = serde_json::Value, content_type = "application/x-ndjson",
        description = "NDJSON: one article per line, each the JSON body `POST /api/articles` takes; blank lines are ignored. Any text is read: each line is answered on its own, so the body has no schema of its own."),
    params(("offsets" = inline(Option<super::docs::Offsets>), Query, description = "Unit of offsets in supplied annotations: codepoint (default), utf16 or utf8")),
    responses(
        (status = 200, description = "NDJSON (`application/x-ndjson`), one object per non-blank input line, in input order: \
            `{\"line\": n, \"status\": 201, \"id\": ...}` when stored, `409` with `existing_id` for a duplicate body or url, \
            `422` with `field` and `error` for an invalid article, `400` with `error` for a line that is not JSON or is longer than 4 MiB, \
            `413` for lines past the server's body limit (QUOTEWIRE_BODY_LIMIT). \
            Lines are stored in batches of 128, each one transaction: an interrupted request keeps the batches answered before. \
            The whole request must finish within the server's request timeout (QUOTEWIRE_REQUEST_TIMEOUT, 30 s by default): \
            at roughly 500 to 2,000 articles per second, send at most a few thousand articles per request, or use `quotewire import` for bulk loads.",
            body = String, content_type = "application/x-ndjson"),
        (status = 400, description = "Unknown or malformed query parameter, or a body that holds no article (empty or blank lines only)", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or wrong API token", body = super::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
/// Store many articles at once, from NDJSON; answers per line.
pub async fn batch(
    State(state): State<AppState>,
    params: Params,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let unit = params.allow(&["offsets"])?.offsets()?;
    // Only types a browser must ask before sending cross-site: with `text/plain`
    // or a form type, any web page could post articles here unasked.
    let ndjson = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .is_some_and(|v| NDJSON_TYPES.contains(&v.as_str()));
    if !ndjson {
        return Err(ApiError::unsupported_media_type(
            "send NDJSON with `Content-Type: application/x-ndjson`",
        ));
    }
    let mut body = body;
    let mut out: Vec<u8> = Vec::new();
    let mut pending: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH);
    let mut buf: Vec<u8> = Vec::new();
    let mut line = 0usize;
    // Set while skipping the rest of a line that grew over MAX_LINE.
    let mut overlong = false;
    let mut cut_off: Option<String> = None;
    loop {
        let chunk = match body.frame().await {
            None => break,
            Some(Err(e)) => {
                cut_off = Some(e.to_string());
                break;
            }
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue,
            },
        };
        let mut rest: &[u8] = &chunk;
        while !rest.is_empty() {
            let (part, ended) = match rest.iter().position(|b| *b == b'\n') {
                Some(at) => (&rest[..at], true),
                None => (rest, false),
            };
            rest = if ended { &rest[part.len() + 1..] } else { &[] };
            if !overlong {
                if buf.len() + part.len() > MAX_LINE {
                    overlong = true;
                    buf.clear();
                } else {
                    buf.extend_from_slice(part);
                }
            }
            if ended {
                line += 1;
                if overlong {
                    push(
                        &mut out,
                        &LineResult::error(
                            line,
                            400,
                            None,
                            format!("line longer than {MAX_LINE} bytes"),
                        ),
                    );
                    overlong = false;
                } else if !buf.iter().all(u8::is_ascii_whitespace) {
                    pending.push((line, std::mem::take(&mut buf)));
                }
                buf.clear();
                if pending.len() >= BATCH {
                    process(&state, std::mem::take(&mut pending), unit, &mut out).await?;
                }
            }
        }
    }
    // A last line without a newline.
    if overlong || !buf.iter().all(u8::is_ascii_whitespace) {
        line += 1;
        if overlong {
            push(
                &mut out,
                &LineResult::error(
                    line,
                    400,
                    None,
                    format!("line longer than {MAX_LINE} bytes"),
                ),
            );
        } else if cut_off.is_none() {
            pending.push((line, std::mem::take(&mut buf)));
        }
    }
    process(&state, pending, unit, &mut out).await?;
    if let Some(why) = cut_off {
        push(
            &mut out,
            &LineResult::error(
                line + 1,
                413,
                None,
                format!("the rest of the body was not read: {why}"),
            ),
        );
    }
    // Nothing to answer line by line: an empty 200 would read as success.
    if out.is_empty() {
        return Err(ApiError::body(
            "the body holds no article: send one JSON article per line (NDJSON)",
        ));
    }
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        out,
    )
        .into_response())
}

fn push(out: &mut Vec<u8>, r: &LineResult) {
    if serde_json::to_writer(&mut *out, r).is_ok() {
        out.push(b'\n');
    }
}

enum Parsed {
    Ready(usize, Box<(NewArticle, Supplied)>),
    Done(LineResult),
}

/// Parses, validates, annotates and stores one batch of lines, answering each.
async fn process(
    state: &AppState,
    lines: Vec<(usize, Vec<u8>)>,
    unit: OffsetUnit,
    out: &mut Vec<u8>,
) -> ApiResult<()> {
    if lines.is_empty() {
        return Ok(());
    }
    // Parse first, so stored duplicates are answered before paying for annotation.
    let mut parsed: Vec<(usize, Result<ArticleInput, String>)> = lines
        .into_iter()
        .map(|(n, bytes)| {
            let article = serde_json::from_slice::<ArticleInput>(&bytes)
                .map_err(|e| format!("not an article: {e}"));
            (n, article)
        })
        .collect();
    let hashes: Vec<String> = parsed
        .iter()
        .filter_map(|(_, a)| a.as_ref().ok().map(|a| content_hash(&a.body)))
        .collect();
    let stored: HashMap<String, i64> = state.store.existing_hashes(&hashes).await?;
    let mut results: Vec<Option<LineResult>> = Vec::with_capacity(parsed.len());
    let mut work = Vec::new();
    for (n, article) in parsed.drain(..) {
        match article {
            Err(e) => results.push(Some(LineResult::error(n, 400, None, e))),
            Ok(a) => match stored.get(&content_hash(&a.body)) {
                Some(&existing) => results.push(Some(LineResult {
                    line: n,
                    status: 409,
                    id: None,
                    existing_id: Some(existing),
                    field: None,
                    error: Some("an article with the same body already exists".to_string()),
                })),
                None => {
                    results.push(None);
                    work.push((results.len() - 1, n, a));
                }
            },
        }
    }
    let prepared: Vec<(usize, Parsed)> = blocking(move || {
        work.into_par_iter()
            .map(|(slot, n, a)| {
                let p = match ingest::prepare(a, unit) {
                    Ok(ready) => Parsed::Ready(n, Box::new(ready)),
                    Err(Invalid { field, detail }) => {
                        Parsed::Done(LineResult::error(n, 422, Some(field), detail))
                    }
                };
                (slot, p)
            })
            .collect()
    })
    .await?;
    let mut ready = Vec::new();
    let mut ready_slots = Vec::new();
    for (slot, p) in prepared {
        match p {
            Parsed::Done(r) => results[slot] = Some(r),
            Parsed::Ready(n, b) => {
                ready.push(*b);
                ready_slots.push((slot, n));
            }
        }
    }
    if !ready.is_empty() {
        let written = state.store.insert_articles(&ready).await?;
        for ((slot, line), r) in ready_slots.into_iter().zip(written) {
            results[slot] = Some(match r {
                Ok(id) => LineResult {
                    line,
                    status: 201,
                    id: Some(id),
                    existing_id: None,
                    field: None,
                    error: None,
                },
                Err(StoreError::DuplicateBody(existing)) => LineResult {
                    line,
                    status: 409,
                    id: None,
                    existing_id: Some(existing),
                    field: None,
                    error: Some("an article with the same body already exists".to_string()),
                },
                Err(StoreError::DuplicateUrl(existing)) => LineResult {
                    line,
                    status: 409,
                    id: None,
                    existing_id: Some(existing),
                    field: Some("url".to_string()),
                    error: Some("an article with the same url already exists".to_string()),
                },
                Err(e) => return Err(e.into()),
            });
        }
    }
    for r in results.into_iter().flatten() {
        push(out, &r);
    }
    Ok(())
}
