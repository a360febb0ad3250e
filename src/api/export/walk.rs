//! The walk of a list's keyset pages, each encoded as it is read: what an HTTP
//! export streams and `quotewire export` writes to a file, from the same list
//! queries (`queries`) and the same filters, so the two cannot differ.

use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use axum::body::Bytes;
use axum::http::HeaderMap;
use tokio::sync::mpsc;

use super::rows::{encode, Format, Row};
use crate::api::error::{ApiError, ApiResult};
use crate::api::params::{Params, QueryParams};
use crate::api::queries::{ArticleList, EntityArticles, EntityList, EntityQuotes, QuoteList};
use crate::offsets::OffsetUnit;
use crate::paging::{Cursor, Page, PageRequest};
use crate::store::{ArticleFilter, ArticleSort, EntityFilter, QuoteFilter, Store, RANK_WINDOW};

/// Rows per page of the walk.
pub const PAGE: usize = 1_000;

type Boxed<T> = Pin<Box<dyn Future<Output = ApiResult<T>> + Send>>;

/// A page of a list: the one after a cursor (from the start when `None`), and
/// whether to count every match too.
type Fetch<T> = Box<dyn FnMut(PageRequest) -> Boxed<Page<T>> + Send>;

/// One page, encoded, and where the next one starts.
struct Encoded {
    chunk: Chunk,
    next: Option<Cursor>,
    total: Option<i64>,
}

/// Some rows of an export as bytes: a page, after the header row on the first.
pub struct Chunk {
    pub bytes: Bytes,
    pub rows: usize,
}

/// A list's export: its pages, one at a time, in `format`.
pub struct Walk {
    format: Format,
    name: String,
    /// Where the next page starts; `None` once the last page was read.
    next: Option<Option<Cursor>>,
    first: bool,
    /// Whether the first page counts the rows, and what it counted.
    count: bool,
    total: Option<i64>,
    /// The most rows the export holds whatever the count: a ranked window.
    window: Option<usize>,
    read: Box<dyn FnMut(PageRequest, bool) -> Boxed<Encoded> + Send>,
}

impl Walk {
    fn new<T: Row>(
        format: Format,
        name: String,
        start: Option<Cursor>,
        window: Option<usize>,
        mut fetch: Fetch<T>,
    ) -> Walk {
        Walk {
            format,
            name,
            next: Some(start),
            first: true,
            count: false,
            total: None,
            window,
            read: Box::new(move |request, head| {
                let page = fetch(request);
                Box::pin(async move {
                    let page = page.await?;
                    let bytes = encode(format, &page.items, head)?;
                    Ok(Encoded {
                        chunk: Chunk {
                            bytes,
                            rows: page.items.len(),
                        },
                        next: page.next,
                        total: page.total,
                    })
                })
            }),
        }
    }

    /// Counts the rows with the first page (one more statement), for `total`.
    pub fn counting(mut self) -> Walk {
        self.count = true;
        self
    }

    /// How many rows the export holds, once the first page of a `counting` walk
    /// is read (a cursor given to start from is not taken off).
    pub fn total(&self) -> Option<u64> {
        let total = u64::try_from(self.total?).ok()?;
        Some(self.window.map_or(total, |w| total.min(w as u64)))
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The file name the export suggests, without its extension.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The next page, encoded; `None` after the last. The first is there even
    /// when nothing matches: the CSV header row alone.
    pub async fn next(&mut self) -> ApiResult<Option<Chunk>> {
        let Some(after) = self.next.take() else {
            return Ok(None);
        };
        let first = std::mem::take(&mut self.first);
        let request = PageRequest {
            limit: PAGE,
            after,
            count: first && self.count,
        };
        let page = (self.read)(request, first && self.format == Format::Csv).await?;
        self.next = page.next.map(Some);
        if page.total.is_some() {
            self.total = page.total;
        }
        Ok(Some(page.chunk))
    }

    /// The rest of the walk, read ahead by a task while the receiver takes the
    /// pages: at most two wait encoded, so a slow reader slows the walk, and
    /// dropping the receiver stops it before the next page is read.
    pub fn ahead(mut self) -> mpsc::Receiver<ApiResult<Chunk>> {
        let (tx, rx) = mpsc::channel(2);
        tokio::spawn(async move {
            loop {
                let page = tokio::select! {
                    page = self.next() => page,
                    () = tx.closed() => return,
                };
                let done = !matches!(page, Ok(Some(_)));
                let sent = match page {
                    Ok(Some(chunk)) => tx.send(Ok(chunk)).await,
                    Ok(None) => return,
                    Err(e) => tx.send(Err(e)).await,
                };
                if sent.is_err() || done {
                    return;
                }
            }
        });
        rx
    }
}

fn articles(
    store: &Store,
    filter: ArticleFilter,
    format: Format,
    start: Option<Cursor>,
    name: String,
) -> Walk {
    let store = store.clone();
    let window = (filter.sort == ArticleSort::Relevance).then_some(RANK_WINDOW);
    Walk::new(
        format,
        name,
        start,
        window,
        Box::new(move |page| {
            let (store, filter) = (store.clone(), filter.clone());
            Box::pin(async move { Ok(store.articles(&filter, &page).await?) })
        }),
    )
}

/// Quotes, offsets in `unit`.
fn quotes(
    store: &Store,
    filter: QuoteFilter,
    unit: OffsetUnit,
    format: Format,
    start: Option<Cursor>,
    name: String,
) -> Walk {
    let store = store.clone();
    let window = (filter.q.is_some() && !filter.newest_first).then_some(RANK_WINDOW);
    Walk::new(
        format,
        name,
        start,
        window,
        Box::new(move |page| {
            let (store, filter) = (store.clone(), filter.clone());
            Box::pin(async move {
                let mut page = store.quotes(&filter, &page).await?;
                crate::api::quotes::convert_quotes(&store, &mut page, unit).await?;
                Ok(page)
            })
        }),
    )
}

fn entities(store: &Store, filter: EntityFilter, format: Format, start: Option<Cursor>) -> Walk {
    let store = store.clone();
    Walk::new(
        format,
        "entities".into(),
        start,
        None,
        Box::new(move |page| {
            let (store, filter) = (store.clone(), filter.clone());
            Box::pin(async move { Ok(store.entities(&filter, &page).await?) })
        }),
    )
}

// The export of each list endpoint's query: the handlers and the command line
// both come through these.

pub fn article_list(store: &Store, q: &ArticleList, format: Format) -> ApiResult<Walk> {
    let start = q.paging.page().after;
    Ok(articles(
        store,
        q.filter()?,
        format,
        start,
        "articles".into(),
    ))
}

pub fn quote_list(store: &Store, q: &QuoteList, format: Format) -> ApiResult<Walk> {
    let (unit, start) = (q.offsets.unit(), q.paging.page().after);
    Ok(quotes(
        store,
        q.filter()?,
        unit,
        format,
        start,
        "quotes".into(),
    ))
}

pub fn entity_list(store: &Store, q: &EntityList, format: Format) -> Walk {
    entities(store, q.filter(), format, q.paging.page().after)
}

/// The articles naming `entity`, an entity known to exist.
pub fn entity_articles(
    store: &Store,
    entity: i64,
    q: &EntityArticles,
    format: Format,
) -> ApiResult<Walk> {
    let name = format!("entity-{entity}-articles");
    Ok(articles(
        store,
        q.filter(entity)?,
        format,
        q.paging.page().after,
        name,
    ))
}

/// The quotes `entity` said, an entity known to exist.
pub fn entity_quotes(
    store: &Store,
    entity: i64,
    q: &EntityQuotes,
    format: Format,
) -> ApiResult<Walk> {
    let (unit, start) = (q.offsets.unit(), q.paging.page().after);
    let name = format!("entity-{entity}-quotes");
    Ok(quotes(store, q.filter(entity)?, unit, format, start, name))
}

/// A list that exports: a list endpoint's path below `/api/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Articles,
    Quotes,
    Entities,
    EntityArticles(i64),
    EntityQuotes(i64),
}

impl FromStr for List {
    type Err = String;

    /// `articles`, `quotes`, `entities`, `entities/ID/articles` or
    /// `entities/ID/quotes`, with or without a leading `/api/`.
    fn from_str(s: &str) -> Result<List, String> {
        let path = s.trim_matches('/');
        let path = path.strip_prefix("api/").unwrap_or(path);
        let parts: Vec<&str> = path.split('/').collect();
        let not_a_list = || {
            format!(
                "`{s}` is not a list; one of: articles, quotes, entities, \
                 entities/ID/articles, entities/ID/quotes"
            )
        };
        let entity = |raw: &str| {
            raw.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| raw.parse::<i64>().ok())
                .flatten()
                .filter(|&id| id > 0)
                .ok_or_else(not_a_list)
        };
        match parts[..] {
            ["articles"] => Ok(List::Articles),
            ["quotes"] => Ok(List::Quotes),
            ["entities"] => Ok(List::Entities),
            ["entities", raw, "articles"] => Ok(List::EntityArticles(entity(raw)?)),
            ["entities", raw, "quotes"] => Ok(List::EntityQuotes(entity(raw)?)),
            _ => Err(not_a_list()),
        }
    }
}

/// The export of `list` with the query `params`, checked as its endpoint checks
/// it; `format` must ask for CSV or NDJSON.
pub async fn of(store: &Store, list: List, params: &Params) -> ApiResult<Walk> {
    let no_accept = HeaderMap::new();
    let format = |asked| {
        super::requested(asked, &no_accept)
            .ok_or_else(|| ApiError::parameter("format", "an export is csv or ndjson, not json"))
    };
    let exists = |id: i64| async move {
        match store.entity(id).await? {
            Some(_) => Ok(()),
            None => Err(ApiError::not_found("entity", id)),
        }
    };
    match list {
        List::Articles => {
            let q = ArticleList::checked(params)?;
            article_list(store, &q, format(q.export.format)?)
        }
        List::Quotes => {
            let q = QuoteList::checked(params)?;
            quote_list(store, &q, format(q.export.format)?)
        }
        List::Entities => {
            let q = EntityList::checked(params)?;
            Ok(entity_list(store, &q, format(q.export.format)?))
        }
        List::EntityArticles(id) => {
            let q = EntityArticles::checked(params)?;
            let format = format(q.export.format)?;
            exists(id).await?;
            entity_articles(store, id, &q, format)
        }
        List::EntityQuotes(id) => {
            let q = EntityQuotes::checked(params)?;
            let format = format(q.export.format)?;
            exists(id).await?;
            entity_quotes(store, id, &q, format)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::List;

    #[test]
    fn lists_are_named_by_their_paths() {
        assert_eq!("quotes".parse(), Ok(List::Quotes));
        assert_eq!("/api/articles".parse(), Ok(List::Articles));
        assert_eq!("entities".parse(), Ok(List::Entities));
        assert_eq!("entities/12/quotes".parse(), Ok(List::EntityQuotes(12)));
        assert_eq!(
            "api/entities/3/articles/".parse(),
            Ok(List::EntityArticles(3))
        );
        for bad in [
            "",
            "quote",
            "entities/0/quotes",
            "entities/+1/quotes",
            "entities/x/articles",
            "articles/timeline",
        ] {
            assert!(bad.parse::<List>().is_err(), "{bad}");
        }
    }
}
