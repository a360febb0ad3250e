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

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body::Body as HttpBody;
use serde::Serialize;
use tokio::sync::mpsc;

use super::error::ApiResult;
use super::values::ListFormat;
use crate::model::{Article, Entity, Quote, SpanOut};
use crate::paging::{Cursor, Page};

/// Rows per page of the walk.
pub const PAGE: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Ndjson,
}

impl Format {
    fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8; header=present",
            Format::Ndjson => "application/x-ndjson",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    }
}

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

/// A row of an export: its JSON line is its list item; its CSV record has the
/// columns of `HEADER`, spans flattened to start, end and text.
pub trait Row: Serialize + Send + 'static {
    const HEADER: &'static [&'static str];
    fn record(&self, w: &mut csv::Writer<Vec<u8>>) -> csv::Result<()>;
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

fn span(s: &Option<SpanOut>) -> [String; 3] {
    match s {
        Some(s) => [s.start.to_string(), s.end.to_string(), s.text.clone()],
        None => Default::default(),
    }
}

impl Row for Article {
    const HEADER: &'static [&'static str] = &[
        "id",
        "title",
        "url",
        "byline",
        "source",
        "dateline",
        "published_at",
        "language",
        "annotator_version",
        "created_at",
        "updated_at",
        "quote_count",
        "entity_count",
        "body",
    ];
    fn record(&self, w: &mut csv::Writer<Vec<u8>>) -> csv::Result<()> {
        w.write_record([
            self.id.to_string().as_str(),
            opt(&self.title),
            opt(&self.url),
            opt(&self.byline),
            opt(&self.source),
            opt(&self.dateline),
            opt(&self.published_at),
            opt(&self.language),
            opt(&self.annotator_version),
            &self.created_at,
            &self.updated_at,
            &self.quote_count.to_string(),
            &self.entity_count.to_string(),
            &self.body,
        ])
    }
}

impl Row for Quote {
    const HEADER: &'static [&'static str] = &[
        "id",
        "article_id",
        "kind",
        "start",
        "end",
        "text",
        "speaker",
        "speaker_id",
        "speaker_start",
        "speaker_end",
        "speaker_text",
        "cue_start",
        "cue_end",
        "cue_text",
        "role",
        "origin",
        "published_at",
    ];
    fn record(&self, w: &mut csv::Writer<Vec<u8>>) -> csv::Result<()> {
        let [ss, se, st] = span(&self.speaker_mention);
        let [cs, ce, ct] = span(&self.cue);
        w.write_record([
            self.id.to_string().as_str(),
            &self.article_id.to_string(),
            self.kind.as_str(),
            &self.start.to_string(),
            &self.end.to_string(),
            &self.text,
            opt(&self.speaker),
            &num(self.speaker_id),
            &ss,
            &se,
            &st,
            &cs,
            &ce,
            &ct,
            opt(&self.role),
            self.origin.as_str(),
            opt(&self.published_at),
        ])
    }
}

impl Row for Entity {
    const HEADER: &'static [&'static str] = &["id", "kind", "name", "mention_count"];
    fn record(&self, w: &mut csv::Writer<Vec<u8>>) -> csv::Result<()> {
        w.write_record([
            self.id.to_string().as_str(),
            self.kind.as_str(),
            &self.name,
            &self.mention_count.to_string(),
        ])
    }
}

/// A page of a list, read after `cursor` (from the start when `None`).
pub type Fetch<T> = Box<
    dyn FnMut(Option<Cursor>) -> Pin<Box<dyn Future<Output = ApiResult<Page<T>>> + Send>> + Send,
>;

/// The export of the list `fetch` reads, from `start` on, as an attachment
/// named `name`.`csv|ndjson`.
pub async fn respond<T: Row>(
    format: Format,
    name: &str,
    start: Option<Cursor>,
    mut fetch: Fetch<T>,
) -> ApiResult<Response> {
    let first = fetch(start).await?;
    let mut head = true;
    let chunk = encode(format, &first.items, &mut head)?;
    let (tx, rx) = mpsc::channel::<Result<Bytes, Cut>>(2);
    tokio::spawn(async move {
        if tx.send(Ok(chunk)).await.is_err() {
            return;
        }
        let mut next = first.next;
        while let Some(cursor) = next.take() {
            let page = tokio::select! {
                page = fetch(Some(cursor)) => page,
                // The client hung up: no further page is read.
                () = tx.closed() => return,
            };
            let sent = match page.and_then(|p| {
                next = p.next;
                encode(format, &p.items, &mut head)
            }) {
                Ok(bytes) => tx.send(Ok(bytes)).await,
                Err(e) => {
                    tracing::warn!(error = %e.0.detail, "export stopped by a failing page");
                    tx.send(Err(Cut)).await
                }
            };
            if sent.is_err() {
                return;
            }
        }
    });
    let disposition = format!("attachment; filename=\"{name}.{}\"", format.extension());
    let mut response = (StatusCode::OK, Body::new(Chunks(rx))).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// One page as bytes: NDJSON lines, or CSV records (after the header row on
/// the first page, `head`).
fn encode<T: Row>(format: Format, items: &[T], head: &mut bool) -> ApiResult<Bytes> {
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "cannot encode an export");
        super::error::ApiError::internal()
    };
    match format {
        Format::Ndjson => {
            let mut out = Vec::with_capacity(items.len() * 256);
            for item in items {
                serde_json::to_writer(&mut out, item).map_err(|e| failed(&e))?;
                out.push(b'\n');
            }
            Ok(Bytes::from(out))
        }
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::with_capacity(items.len() * 256));
            if std::mem::take(head) {
                w.write_record(T::HEADER).map_err(|e| failed(&e))?;
            }
            for item in items {
                item.record(&mut w).map_err(|e| failed(&e))?;
            }
            let out = w.into_inner().map_err(|e| failed(&e))?;
            Ok(Bytes::from(out))
        }
    }
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

/// The response body: the chunks as the walking task sends them.
struct Chunks(mpsc::Receiver<Result<Bytes, Cut>>);

impl HttpBody for Chunks {
    type Data = Bytes;
    type Error = Cut;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| c.map(http_body::Frame::data)))
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

/// The walks of each list: its store query with `PAGE` rows a page.
pub mod lists {
    use super::*;
    use crate::api::AppState;
    use crate::offsets::OffsetUnit;
    use crate::paging::PageRequest;
    use crate::store::{ArticleFilter, EntityFilter, QuoteFilter};

    fn page(after: Option<Cursor>) -> PageRequest {
        PageRequest {
            limit: PAGE,
            after,
            count: false,
        }
    }

    pub async fn articles(
        state: &AppState,
        filter: ArticleFilter,
        format: Format,
        start: Option<Cursor>,
        name: String,
    ) -> ApiResult<Response> {
        let state = state.clone();
        respond(
            format,
            &name,
            start,
            Box::new(move |after| {
                let (state, filter) = (state.clone(), filter.clone());
                Box::pin(async move { Ok(state.store.articles(&filter, &page(after)).await?) })
            }),
        )
        .await
    }

    /// Quotes, offsets in `unit`; `name` names the file.
    pub async fn quotes(
        state: &AppState,
        filter: QuoteFilter,
        unit: OffsetUnit,
        format: Format,
        start: Option<Cursor>,
        name: String,
    ) -> ApiResult<Response> {
        let state = state.clone();
        respond(
            format,
            &name,
            start,
            Box::new(move |after| {
                let (state, filter) = (state.clone(), filter.clone());
                Box::pin(async move {
                    let mut page = state.store.quotes(&filter, &page(after)).await?;
                    crate::api::quotes::convert_quotes(&state, &mut page, unit).await?;
                    Ok(page)
                })
            }),
        )
        .await
    }

    pub async fn entities(
        state: &AppState,
        filter: EntityFilter,
        format: Format,
        start: Option<Cursor>,
    ) -> ApiResult<Response> {
        let state = state.clone();
        respond(
            format,
            "entities",
            start,
            Box::new(move |after| {
                let (state, filter) = (state.clone(), filter.clone());
                Box::pin(async move { Ok(state.store.entities(&filter, &page(after)).await?) })
            }),
        )
        .await
    }
}
