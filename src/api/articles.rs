//! `/api/articles`: post, filter, read, edit and delete articles.

use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult};
use super::export;
use super::extract::{double_option, path_id, ApiJson};
use super::list::{article_item, count_facets, faceted_list_response};
use super::params::Query;
use super::queries::{ArticleList, GivenOffsets, NoParams, Offsets};
use super::{blocking, invalid, AppState};
use crate::ingest::{self, ArticleInput};
use crate::model::{Article, ArticleItem, ArticleMeta};
use crate::offsets::{Converter, OffsetUnit};
use crate::store::{ArticlePatch, Supplied};

#[utoipa::path(
    post, path = "/api/articles", tag = "articles", operation_id = "create_article",
    request_body = ArticleInput,
    params(GivenOffsets),
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
    Query(query, _): Query<GivenOffsets>,
    ApiJson(input): ApiJson<ArticleInput>,
) -> ApiResult<Response> {
    let unit = query.unit();
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
    params(ArticleList),
    responses(
        (status = 200, description = "A page of articles, newest first (by relevance with `q`): each with its excerpt, with `q` its snippet, and the parts `fields` asks for", body = super::list::ListResponse<ArticleItem>),
        (status = 400, description = "Unknown or malformed parameter", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// Filter articles.
pub async fn list(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Query(query, params): Query<ArticleList>,
) -> ApiResult<Response> {
    if let Some(format) = export::requested(query.export.format, &headers) {
        return export::respond(export::walk::article_list(&state.store, &query, format)?).await;
    }
    let filter = query.filter()?;
    let (asked, size) = query.facets.asked();
    let facets = count_facets(asked, |facet| {
        state.store.article_facet(&filter, facet, size)
    })
    .await?;
    let parts = query.fields.parts();
    let unit = query.offsets.unit();
    let result = state
        .store
        .article_list(&filter, &query.paging.page(), parts)
        .await?
        .map(|item| article_item(item, unit, parts));
    Ok(faceted_list_response(result, facets, &params, uri.path()))
}

#[utoipa::path(
    get, path = "/api/articles/{id}", tag = "articles", operation_id = "get_article",
    params(("id" = i64, Path, minimum = 1, description = "Article id"), Offsets),
    responses(
        (status = 200, description = "The article with its body, quotes, entities and mentions", body = Article),
        (status = 404, description = "No such article (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// One article with all its annotations.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query, _): Query<Offsets>,
) -> ApiResult<Json<Article>> {
    let unit = query.unit();
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
    params(("id" = i64, Path, minimum = 1, description = "Article id"), Offsets),
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
    Query(query, _): Query<Offsets>,
    ApiJson(input): ApiJson<ArticlePatchInput>,
) -> ApiResult<Json<Article>> {
    let unit = query.unit();
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
    params(("id" = i64, Path, minimum = 1, description = "Article id"), NoParams),
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
    _: Query<NoParams>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id, "article")?;
    state
        .store
        .delete_article(id)
        .await
        .map_err(ApiError::from_store("article", id))?;
    Ok(StatusCode::NO_CONTENT)
}
