//! `/api/articles`: post, filter, read, edit and delete articles.

use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult};
use super::extract::{double_option, path_id, ApiJson};
use super::list::{count_facets, faceted_list_response};
use super::params::{Params, FACETING, PAGING};
use super::{blocking, invalid, AppState};
use crate::ingest::{self, ArticleInput};
use crate::model::{Article, ArticleMeta};
use crate::offsets::{Converter, OffsetUnit};
use crate::store::{ArticleFacet, ArticleFilter, ArticlePatch, ArticleSort, EntityRef, Supplied};

#[utoipa::path(
    post, path = "/api/articles", tag = "articles", operation_id = "create_article",
    request_body = ArticleInput,
    params(("offsets" = inline(Option<super::docs::Offsets>), Query, description = "Unit of offsets in supplied annotations and in the response: codepoint (default), utf16 or utf8")),
    responses(
        (status = 201, description = "Stored, with its annotations", body = Article, headers(("Location" = String))),
        (status = 400, description = "Malformed JSON, or an unknown or malformed query parameter", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or wrong API token", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The same body (or url) is stored already", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field or annotation span", body = super::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
/// Store an article. Without `annotations` the server annotates the body itself.
pub async fn create(
    State(state): State<AppState>,
    params: Params,
    ApiJson(input): ApiJson<ArticleInput>,
) -> ApiResult<Response> {
    let unit = params.allow(&["offsets"])?.offsets()?;
    if let Some(existing) = state
        .store
        .content_hash_exists(&crate::store::content_hash(&input.body))
        .await?
    {
        return Err(crate::store::StoreError::DuplicateBody(existing).into());
    }
    let (new, ann) = blocking(move || ingest::prepare(input, unit))
        .await?
        .map_err(invalid)?;
    let id = state.store.insert_article(&new, &ann).await?;
    let article = read(&state, id, unit).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/articles/{id}"))],
        Json(article),
    )
        .into_response())
}

async fn read(state: &AppState, id: i64, unit: OffsetUnit) -> ApiResult<Article> {
    let mut article = state
        .store
        .article(id)
        .await?
        .ok_or_else(|| ApiError::not_found("article", id))?;
    Converter::new(&article.body, unit).article(&mut article);
    Ok(article)
}

#[utoipa::path(
    get, path = "/api/articles", tag = "articles", operation_id = "list_articles",
    params(
        ("q" = Option<String>, Query, description = "Full text over title and body: words and \"quoted phrases\" all required, `word*` for a prefix"),
        ("entity" = Option<String>, Query, description = "Articles naming this entity (an id, or a name or alias), or every one of a comma-separated list of them (`12,Lisbon`; at most 10)"),
        ("speaker" = Option<String>, Query, description = "Articles quoting this speaker: an entity id, or a name (a surname finds the full name)"),
        ("source" = Option<String>, Query, description = "Exact source"),
        ("byline" = Option<String>, Query, description = "Exact byline"),
        ("from" = Option<String>, Query, description = "Published on or after (ISO 8601)"),
        ("to" = Option<String>, Query, description = "Published on or before (ISO 8601; a date covers the whole day)"),
        ("has_quotes" = Option<bool>, Query, description = "Only articles with (true) or without (false) quotes"),
        ("sort" = inline(Option<super::docs::TextSort>), Query, description = "newest (default) or relevance (default when q is given, and only with q; ranks the 1,000 most recently stored matches that pass the other filters; newest sees every match)"),
        ("facet" = Option<String>, Query, description = "Facets to add, comma-separated: source, byline, entity, speaker, month. Each counts its values over every article the filters match (entity: articles naming each person, organization, location or misc entity, dates and numbers left out; speaker: articles quoting each); one that runs past its time budget answers `truncated: true`"),
        ("facet_size" = Option<usize>, Query, minimum = 1, maximum = 100, description = "Values per facet, 1 to 100, default 10"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 200, description = "Page size, 1 to 200, default 20"),
        ("cursor" = Option<String>, Query, description = "next_cursor of the previous page of the same query"),
        ("count" = Option<bool>, Query, description = "Add the total number of matches"),
        ("offsets" = inline(Option<super::docs::Offsets>), Query, description = "Unit of offsets in the response: codepoint (default), utf16 or utf8"),
        ("format" = inline(Option<super::docs::ExportFormat>), Query, description = "json (default: a page), or csv or ndjson: every matching row, streamed as an attachment (as `Accept: text/csv` or `application/x-ndjson` also asks); `limit`, `count` and facets do not apply, `cursor` starts after its row. Columns in the README"),
    ),
    responses(
        (status = 200, description = "A page of articles, newest first", body = super::list::ListResponse<Article>),
        (status = 400, description = "Unknown or malformed parameter", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// Filter articles.
pub async fn list(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Response> {
    let allowed = [
        &ARTICLE_FILTERS[..],
        &["sort"][..],
        &FACETING[..],
        &PAGING[..],
        &super::export::PARAMS[..],
    ]
    .concat();
    let p = params.allow(&allowed)?;
    let page = p.page()?;
    p.offsets()?;
    let filter = article_filter(&p)?;
    let (asked, size) = p.facets(&ARTICLE_FACETS)?;
    if let Some(format) =
        super::export::requested(p.choice("format", &super::export::FORMATS)?, &headers)
    {
        return super::export::lists::articles(
            &state,
            filter,
            format,
            page.after,
            "articles".into(),
        )
        .await;
    }
    let facets = count_facets(asked, |facet| {
        state.store.article_facet(&filter, facet, size)
    })
    .await?;
    let result = state.store.articles(&filter, &page).await?;
    Ok(faceted_list_response(result, facets, &p, uri.path()))
}

/// The facets of the article list.
const ARTICLE_FACETS: [(&str, ArticleFacet); 5] = [
    ("source", ArticleFacet::Source),
    ("byline", ArticleFacet::Byline),
    ("entity", ArticleFacet::Entity),
    ("speaker", ArticleFacet::Speaker),
    ("month", ArticleFacet::Month),
];

/// The filters of the article list, shared with its timeline.
pub const ARTICLE_FILTERS: [&str; 8] = [
    "q",
    "entity",
    "speaker",
    "source",
    "byline",
    "from",
    "to",
    "has_quotes",
];

/// The article filters shared by `/api/articles` and `/api/entities/{id}/articles`.
pub fn article_filter(p: &Params) -> ApiResult<ArticleFilter> {
    let (q, relevance) = p.full_text()?;
    let sort = if relevance {
        ArticleSort::Relevance
    } else {
        ArticleSort::Newest
    };
    Ok(ArticleFilter {
        q,
        entity: p.entities("entity")?,
        speaker: p.str("speaker").map(|e| EntityRef::parse(&e)),
        source: p.str("source"),
        byline: p.str("byline"),
        from: p.date("from")?,
        to: p.date("to")?,
        has_quotes: p.bool("has_quotes")?,
        sort,
    })
}

#[utoipa::path(
    get, path = "/api/articles/{id}", tag = "articles", operation_id = "get_article",
    params(("id" = i64, Path, minimum = 1, description = "Article id"), ("offsets" = inline(Option<super::docs::Offsets>), Query, description = "Unit of offsets in the response: codepoint (default), utf16 or utf8")),
    responses(
        (status = 200, description = "The article with its body, quotes, entities and mentions", body = Article),
        (status = 404, description = "No such article (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// One article with all its annotations.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> ApiResult<Json<Article>> {
    let unit = params.allow(&["offsets"])?.offsets()?;
    let id = path_id(&id, "article")?;
    Ok(Json(read(&state, id, unit).await?))
}

/// A change to an article. Fields left out stay as they are; `null` clears one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticlePatchInput {
    /// A new body: the automatic annotations are made again from it; manual ones
    /// move to where their text is in the new body, or are dropped when it is gone.
    pub body: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub url: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub byline: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub source: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub dateline: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option", alias = "published")]
    pub published_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub language: Option<Option<String>>,
}

#[utoipa::path(
    patch, path = "/api/articles/{id}", tag = "articles", operation_id = "update_article",
    request_body = ArticlePatchInput,
    params(("id" = i64, Path, minimum = 1, description = "Article id"), ("offsets" = inline(Option<super::docs::Offsets>), Query, description = "Unit of offsets in the response: codepoint (default), utf16 or utf8")),
    responses(
        (status = 200, description = "The article as changed", body = Article),
        (status = 400, description = "Malformed JSON, or an unknown or malformed query parameter", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or wrong API token", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The new body or url belongs to another article", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = super::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
/// Edit an article's metadata or body.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Params,
    ApiJson(input): ApiJson<ArticlePatchInput>,
) -> ApiResult<Json<Article>> {
    let unit = params.allow(&["offsets"])?.offsets()?;
    let id = path_id(&id, "article")?;
    // Validate the metadata fields the patch sets with the rules of a new article.
    let given = |f: &Option<Option<String>>| f.clone().flatten();
    let checked = ingest::validate_meta(ArticleMeta {
        title: given(&input.title),
        url: given(&input.url),
        byline: given(&input.byline),
        source: given(&input.source),
        dateline: given(&input.dateline),
        published_at: given(&input.published_at),
        language: given(&input.language),
    })
    .map_err(invalid)?;
    let keep = |f: &Option<Option<String>>, v: Option<String>| f.as_ref().map(|_| v);
    let body = match input.body {
        None => None,
        Some(body) => {
            ingest::validate_body(&body).map_err(invalid)?;
            let ann: Supplied = blocking({
                let body = body.clone();
                move || ingest::annotate_missing(&body, None)
            })
            .await?;
            Some((body, ann))
        }
    };
    let patch = ArticlePatch {
        title: keep(&input.title, checked.title),
        url: keep(&input.url, checked.url),
        byline: keep(&input.byline, checked.byline),
        source: keep(&input.source, checked.source),
        dateline: keep(&input.dateline, checked.dateline),
        published_at: keep(&input.published_at, checked.published_at),
        language: keep(&input.language, checked.language),
        body,
    };
    state
        .store
        .update_article(id, &patch)
        .await
        .map_err(ApiError::from_store("article", id))?;
    Ok(Json(read(&state, id, unit).await?))
}

#[utoipa::path(
    delete, path = "/api/articles/{id}", tag = "articles", operation_id = "delete_article",
    params(("id" = i64, Path, minimum = 1, description = "Article id")),
    responses(
        (status = 204, description = "Deleted with all its annotations"),
        (status = 401, description = "Missing or wrong API token", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
/// Delete an article with its quotes and mentions.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> ApiResult<StatusCode> {
    params.allow(&[])?;
    let id = path_id(&id, "article")?;
    state
        .store
        .delete_article(id)
        .await
        .map_err(ApiError::from_store("article", id))?;
    Ok(StatusCode::NO_CONTENT)
}
