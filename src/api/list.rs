//! The shape of every list response: `{"data": [...], "next_cursor": ...}` and a
//! `Link: <...>; rel="next"` header.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::ApiResult;
use super::params::Params;
use crate::model::{ArticleItem, Facet};
use crate::offsets::{Converter, OffsetUnit};
use crate::paging::Page;
use crate::store::ArticleParts;
use std::collections::BTreeMap;

#[derive(Debug, Serialize, ToSchema)]
pub struct ListResponse<T> {
    pub data: Vec<T>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// Number of matching items, when asked with `count=true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// The facets asked for with `facet=`, by name: counted over every match of
    /// the filters, not only this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<BTreeMap<String, Facet>>,
}

/// Facets by name.
pub type Facets = BTreeMap<String, Facet>;

/// Counts the facets asked for, one after another, so that one request never
/// holds more than one connection; `None` when none was asked for.
pub async fn count_facets<K, F, Fut>(
    asked: Vec<(&'static str, K)>,
    mut count: F,
) -> ApiResult<Option<Facets>>
where
    F: FnMut(K) -> Fut,
    Fut: std::future::Future<Output = crate::store::Result<Facet>>,
{
    if asked.is_empty() {
        return Ok(None);
    }
    let mut all = Facets::new();
    for (name, facet) in asked {
        all.insert(name.to_string(), count(facet).await?);
    }
    Ok(Some(all))
}

pub fn list_response<T: Serialize>(page: Page<T>, params: &Params, path: &str) -> Response {
    faceted_list_response(page, None, params, path)
}

/// A list response with the facets asked for (`None`: no `facet=` given).
pub fn faceted_list_response<T: Serialize>(
    page: Page<T>,
    facets: Option<Facets>,
    params: &Params,
    path: &str,
) -> Response {
    let next = page.next.as_ref().map(|c| c.encode());
    let link = next
        .as_ref()
        .map(|n| format!("<{path}?{}>; rel=\"next\"", params.with_cursor(n)));
    let mut response = Json(ListResponse {
        data: page.items,
        next_cursor: next,
        total: page.total,
        facets,
    })
    .into_response();
    if let Some(value) = link.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LINK, value);
    }
    response
}

/// A list's article in the client's unit of offsets, holding the parts asked for
/// (the store reads the whole body with annotations, to convert their offsets).
pub fn article_item(mut item: ArticleItem, unit: OffsetUnit, parts: ArticleParts) -> ArticleItem {
    if unit != OffsetUnit::Codepoint {
        if let Some(body) = &item.body {
            Converter::new(body, unit).article_item(&mut item);
        }
        if let Some(snippet) = &mut item.snippet {
            Converter::new(&snippet.text, unit).marks(&mut snippet.marks);
        }
    }
    if !parts.body {
        item.body = None;
    }
    item
}
