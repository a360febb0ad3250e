//! Whole-list exports: `format=csv|ndjson` (or `Accept: text/csv` /
//! `application/x-ndjson`) on a list streams every row its filters match, not a
//! page, as an attachment.
//!
//! The rows are read as a walk over the list's own keyset pages (`PAGE` rows
//! each), so the export is exactly the concatenation of the pages a client would
//! get with `next_cursor`, memory stays at one page, and each statement is as
//! short as a page's: the read deadline (`store::deadline`), which cuts long
//! statements outside transactions, never cuts a healthy export. A page is read
//! only when the previous one has gone to the client (a channel of two chunks),
//! so a slow client slows the walk, and one that hangs up stops it at once.
//!
//! Errors found before the first row (a bad parameter or cursor) are problems as
//! on any list. Once the answer has begun, a failing page aborts the body: the
//! client sees a broken transfer, never a clean-looking partial file.
//!
//! The pages are read one after another, not in one snapshot: a row written
//! during an export may or may not be in it, but keyset order never gives a row
//! twice.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body::Body as HttpBody;
use tokio::sync::mpsc;

use super::error::ApiResult;
use super::values::ListFormat;

mod rows;
pub mod walk;

pub use rows::Format;
pub use walk::{Chunk, List, Walk, PAGE};

/// The export asked for, if any: `format` (`json` is a page, as without it),
/// else an `Accept` preferring CSV or NDJSON to JSON.
pub fn requested(format: Option<ListFormat>, headers: &HeaderMap) -> Option<Format> {
    match format {
        Some(ListFormat::Csv) => Some(Format::Csv),
        Some(ListFormat::Ndjson) => Some(Format::Ndjson),
        Some(ListFormat::Json) => None,
        None => from_accept(headers),
    }
}

/// The format an `Accept` header prefers: CSV or NDJSON when one of them has a
/// higher quality than any range that takes JSON (`application/json`,
/// `application/*`, `*/*`), or is named without those.
fn from_accept(headers: &HeaderMap) -> Option<Format> {
    let (mut json, mut csv, mut ndjson) = (0.0f32, 0.0f32, 0.0f32);
    for range in headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or("").to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.split_once('='))
            .find(|(n, _)| n.trim().eq_ignore_ascii_case("q"))
            .and_then(|(_, v)| v.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let slot = match media.as_str() {
            "text/csv" => &mut csv,
            "application/x-ndjson" | "application/ndjson" => &mut ndjson,
            "application/json" | "application/*" | "*/*" => &mut json,
            _ => continue,
        };
        *slot = slot.max(q);
    }
    if csv > json && csv >= ndjson {
        Some(Format::Csv)
    } else if ndjson > json {
        Some(Format::Ndjson)
    } else {
        None
    }
}

/// The answer of an export: the walk's first page read now (so that a bad cursor
/// or filter is a problem, not a broken body), the rest streamed as an attachment
/// named after the list.
pub async fn respond(mut walk: Walk) -> ApiResult<Response> {
    let first = walk.next().await?.map_or_else(Bytes::new, |c| c.bytes);
    let disposition = format!(
        "attachment; filename=\"{}.{}\"",
        walk.name(),
        walk.format().extension()
    );
    let media_type = walk.format().media_type();
    let body = Chunks {
        first: Some(first),
        rest: walk.ahead(),
    };
    let mut response = (StatusCode::OK, Body::new(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// A page failed after the answer began: the body ends in an error.
#[derive(Debug)]
pub struct Cut;

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the export stopped: a page could not be read")
    }
}

impl std::error::Error for Cut {}

/// The response body: the first page, then the pages as the walk reads them.
struct Chunks {
    first: Option<Bytes>,
    rest: mpsc::Receiver<ApiResult<Chunk>>,
}

impl HttpBody for Chunks {
    type Data = Bytes;
    type Error = Cut;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(http_body::Frame::data(first))));
        }
        self.rest.poll_recv(cx).map(|page| {
            page.map(|page| match page {
                Ok(chunk) => Ok(http_body::Frame::data(chunk.bytes)),
                Err(e) => {
                    tracing::warn!(error = %e.0.detail, "export stopped by a failing page");
                    Err(Cut)
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &'static str) -> Option<Format> {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_static(v));
        from_accept(&h)
    }

    #[test]
    fn accept_chooses_an_export_only_when_preferred() {
        assert_eq!(accept("text/csv"), Some(Format::Csv));
        assert_eq!(accept("application/x-ndjson"), Some(Format::Ndjson));
        assert_eq!(accept("text/csv;q=0.5, application/json"), None);
        assert_eq!(
            accept("application/json;q=0.5, text/csv"),
            Some(Format::Csv)
        );
        assert_eq!(accept("text/html,application/xhtml+xml,*/*;q=0.8"), None);
        assert_eq!(accept("*/*"), None);
        assert_eq!(accept("text/csv;q=0"), None);
        assert_eq!(from_accept(&HeaderMap::new()), None);
    }
}
