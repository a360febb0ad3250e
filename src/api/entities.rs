//! `/api/entities`: the people, organizations, places and things articles name.

use axum::extract::{OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;

use super::error::{ApiError, ApiResult};
use super::export;
use super::extract::path_id;
use super::list::{article_item, count_facets, faceted_list_response, list_response};
use super::params::Query;
use super::queries::{EntityArticles, EntityList, EntityOffsets, EntityQuotes, RelatedEntities};
use super::quotes::respond;
use super::AppState;
use crate::model::{ArticleItem, Entity, Quote, RelatedEntity};
use crate::paging::DEFAULT_LIMIT;

#[utoipa::path(
    get, path = "/api/entities", tag = "entities", operation_id = "list_entities",
    params(EntityList),
    responses(
        (status = 200, description = "A page of entities", body = super::list::ListResponse<Entity>),
        (status = 400, description = "Unknown or malformed parameter", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// Filter entities.
pub async fn list(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Query(query, params): Query<EntityList>,
) -> ApiResult<Response> {
    if let Some(format) = export::requested(query.export.format, &headers) {
        return export::respond(export::walk::entity_list(&state.store, &query, format)).await;
    }
    let filter = query.filter();
    let (asked, size) = query.facets.asked();
    let facets = count_facets(asked, |facet| {
        state.store.entity_facet(&filter, facet, size)
    })
    .await?;
    let result = state.store.entities(&filter, &query.paging.page()).await?;
    Ok(faceted_list_response(result, facets, &params, uri.path()))
}

async fn existing(state: &AppState, raw: &str) -> ApiResult<Entity> {
    let id = path_id(raw, "entity")?;
    state
        .store
        .entity(id)
        .await?
        .ok_or_else(|| ApiError::not_found("entity", id))
}

#[utoipa::path(
    get, path = "/api/entities/{id}", tag = "entities", operation_id = "get_entity",
    params(
        ("id" = i64, Path, minimum = 1, description = "Entity id"),
        EntityOffsets,
    ),
    responses(
        (status = 200, description = "The entity with its aliases and counts", body = Entity),
        (status = 404, description = "No such entity (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// One entity: name, kind, aliases, and how often it is mentioned, in how many
/// articles, how many quotes it said (`quote_count`) and how many quotes are about it.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: Query<EntityOffsets>,
) -> ApiResult<Json<Entity>> {
    Ok(Json(existing(&state, &id).await?))
}

#[utoipa::path(
    get, path = "/api/entities/{id}/articles", tag = "entities", operation_id = "list_entity_articles",
    params(("id" = i64, Path, minimum = 1, description = "Entity id"), EntityArticles),
    responses(
        (status = 200, description = "Articles naming the entity, newest first: each with its excerpt, with `q` its snippet, and the parts `fields` asks for", body = super::list::ListResponse<ArticleItem>),
        (status = 404, description = "No such entity (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// The articles that name an entity.
pub async fn articles(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Query(query, params): Query<EntityArticles>,
) -> ApiResult<Response> {
    let entity = existing(&state, &id).await?;
    if let Some(format) = export::requested(query.export.format, &headers) {
        let walk = export::walk::entity_articles(&state.store, entity.id, &query, format)?;
        return export::respond(walk).await;
    }
    let filter = query.filter(entity.id)?;
    let page = query.paging.page();
    let parts = query.fields.parts();
    let unit = query.offsets.unit();
    let result = state
        .store
        .article_list(&filter, &page, parts)
        .await?
        .map(|item| article_item(item, unit, parts));
    Ok(list_response(result, &params, uri.path()))
}

#[utoipa::path(
    get, path = "/api/entities/{id}/quotes", tag = "entities", operation_id = "list_entity_quotes",
    params(("id" = i64, Path, minimum = 1, description = "Entity id"), EntityQuotes),
    responses(
        (status = 200, description = "Everything the entity is quoted as saying, newest first", body = super::list::ListResponse<Quote>),
        (status = 404, description = "No such entity (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// What a person (or organization) is quoted as saying.
pub async fn quotes(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Query(query, params): Query<EntityQuotes>,
) -> ApiResult<Response> {
    let entity = existing(&state, &id).await?;
    if let Some(format) = export::requested(query.export.format, &headers) {
        let walk = export::walk::entity_quotes(&state.store, entity.id, &query, format)?;
        return export::respond(walk).await;
    }
    let filter = query.filter(entity.id)?;
    let page = query.paging.page();
    let unit = query.offsets.unit();
    respond(&state, filter, &page, unit, &params, uri.path(), None).await
}

/// Entities named in the same articles as another.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RelatedList {
    /// Most shared articles first.
    pub data: Vec<RelatedEntity>,
}

#[utoipa::path(
    get, path = "/api/entities/{id}/related", tag = "entities", operation_id = "list_related_entities",
    params(("id" = i64, Path, minimum = 1, description = "Entity id"), RelatedEntities),
    responses(
        (status = 200, description = "The entities sharing the most articles with this one, with the number shared and a link to those articles", body = RelatedList),
        (status = 404, description = "No such entity (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// Who and what appears in the same articles as an entity.
pub async fn related(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query, _): Query<RelatedEntities>,
) -> ApiResult<Json<RelatedList>> {
    let limit = query.limit.map_or(DEFAULT_LIMIT, |l| l.0);
    let entity = existing(&state, &id).await?;
    let rows = state
        .store
        .related_entities(entity.id, query.kind, limit)
        .await?;
    Ok(Json(RelatedList {
        data: rows
            .into_iter()
            .map(|(e, shared)| RelatedEntity {
                articles: format!("/api/articles?entity={},{}", entity.id, e.id),
                id: e.id,
                kind: e.kind,
                name: e.name,
                shared_articles: shared,
            })
            .collect(),
    }))
}
