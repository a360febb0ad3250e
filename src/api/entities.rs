//! `/api/entities`: the people, organizations, places and things articles name.

use axum::extract::{OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;

use super::articles::article_filter;
use super::error::{ApiError, ApiResult};
use super::extract::path_id;
use super::list::{count_facets, faceted_list_response, list_response};
use super::params::{Params, FACETING, PAGING};
use super::quotes::{quote_filter, respond};
use super::AppState;
use crate::annotate::EntityKind;
use crate::model::{Article, Entity, Quote, RelatedEntity};
use crate::store::{EntityFacet, EntityFilter, EntityRef, EntitySort};

const KINDS: [&str; 8] = [
    "person",
    "organization",
    "location",
    "misc",
    "date",
    "money",
    "percent",
    "quantity",
];

#[utoipa::path(
    get, path = "/api/entities", tag = "entities", operation_id = "list_entities",
    params(
        ("kind" = inline(Option<super::docs::EntityKind>), Query, description = "person, organization, location, misc, date, money, percent or quantity"),
        ("q" = Option<String>, Query, description = "Prefix of the name or of any alias, case- and accent-insensitive"),
        ("min_mentions" = Option<i64>, Query, minimum = 0, description = "At least this many mentions (default 1)"),
        ("sort" = inline(Option<super::docs::EntitySort>), Query, description = "mentions (default, most first) or name"),
        ("facet" = Option<String>, Query, description = "Facets to add: kind. Counts entities per kind over every entity the filters match"),
        ("facet_size" = Option<usize>, Query, minimum = 1, maximum = 100, description = "Values per facet, 1 to 100, default 10"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 200, description = "Page size, 1 to 200, default 20"),
        ("cursor" = Option<String>, Query, description = "next_cursor of the previous page of the same query"),
        ("count" = Option<bool>, Query, description = "Add the total number of matches"),
        ("offsets" = inline(Option<super::docs::Offsets>), Query, description = "Accepted for symmetry; entities carry no offsets"),
        ("format" = inline(Option<super::docs::ExportFormat>), Query, description = "json (default: a page), or csv or ndjson: every matching row, streamed as an attachment (as `Accept: text/csv` or `application/x-ndjson` also asks); `limit`, `count` and facets do not apply, `cursor` starts after its row. Columns in the README"),
    ),
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
    params: Params,
) -> ApiResult<Response> {
    let allowed = [
        &["kind", "q", "min_mentions", "sort"][..],
        &FACETING[..],
        &PAGING[..],
        &super::export::PARAMS[..],
    ]
    .concat();
    let p = params.allow(&allowed)?;
    p.offsets()?;
    let page = p.page()?;
    let min_mentions = match p.parse::<i64>("min_mentions", "a non-negative integer")? {
        Some(n) if n < 0 => {
            return Err(ApiError::parameter(
                "min_mentions",
                "`min_mentions` must not be negative",
            ))
        }
        Some(n) => n,
        None => 1,
    };
    let filter = EntityFilter {
        kind: p.choice("kind", &KINDS)?.and_then(EntityKind::parse),
        prefix: p.str("q"),
        min_mentions,
        sort: match p.choice("sort", &["mentions", "name"])? {
            Some("name") => EntitySort::Name,
            _ => EntitySort::Mentions,
        },
    };
    let (asked, size) = p.facets(&[("kind", EntityFacet::Kind)])?;
    if let Some(format) =
        super::export::requested(p.choice("format", &super::export::FORMATS)?, &headers)
    {
        return super::export::lists::entities(&state, filter, format, page.after).await;
    }
    let facets = count_facets(asked, |facet| {
        state.store.entity_facet(&filter, facet, size)
    })
    .await?;
    let result = state.store.entities(&filter, &page).await?;
    Ok(faceted_list_response(result, facets, &p, uri.path()))
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
        ("offsets" = inline(Option<super::docs::Offsets>), Query, description = "Accepted for symmetry; entities carry no offsets"),
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
    params: Params,
) -> ApiResult<Json<Entity>> {
    params.allow(&["offsets"])?.offsets()?;
    Ok(Json(existing(&state, &id).await?))
}

#[utoipa::path(
    get, path = "/api/entities/{id}/articles", tag = "entities", operation_id = "list_entity_articles",
    params(
        ("id" = i64, Path, minimum = 1, description = "Entity id"),
        ("q" = Option<String>, Query, description = "Full text over title and body"),
        ("source" = Option<String>, Query, description = "Exact source"),
        ("byline" = Option<String>, Query, description = "Exact byline"),
        ("from" = Option<String>, Query, description = "Published on or after (ISO 8601)"),
        ("to" = Option<String>, Query, description = "Published on or before (ISO 8601; a date covers the whole day)"),
        ("has_quotes" = Option<bool>, Query, description = "Only articles with (true) or without (false) quotes"),
        ("sort" = inline(Option<super::docs::TextSort>), Query, description = "newest (default) or relevance (only with q, its default)"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 200, description = "Page size, 1 to 200, default 20"),
        ("cursor" = Option<String>, Query, description = "next_cursor of the previous page of the same query"),
        ("count" = Option<bool>, Query, description = "Add the total number of matches"),
        ("offsets" = inline(Option<super::docs::Offsets>), Query, description = "Unit of offsets in the response: codepoint (default), utf16 or utf8"),
        ("format" = inline(Option<super::docs::ExportFormat>), Query, description = "json (default: a page), or csv or ndjson: every matching row, streamed as an attachment (as `Accept: text/csv` or `application/x-ndjson` also asks); `limit`, `count` and facets do not apply, `cursor` starts after its row. Columns in the README"),
    ),
    responses(
        (status = 200, description = "Articles naming the entity, newest first", body = super::list::ListResponse<Article>),
        (status = 404, description = "No such entity (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// The articles that name an entity.
pub async fn articles(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Response> {
    let allowed = [
        &["q", "source", "byline", "from", "to", "has_quotes", "sort"][..],
        &PAGING[..],
        &super::export::PARAMS[..],
    ]
    .concat();
    let p = params.allow(&allowed)?;
    p.offsets()?;
    let entity = existing(&state, &id).await?;
    let page = p.page()?;
    let mut filter = article_filter(&p)?;
    filter.entity.insert(0, EntityRef::Id(entity.id));
    if let Some(format) =
        super::export::requested(p.choice("format", &super::export::FORMATS)?, &headers)
    {
        let name = format!("entity-{}-articles", entity.id);
        return super::export::lists::articles(&state, filter, format, page.after, name).await;
    }
    let result = state.store.articles(&filter, &page).await?;
    Ok(list_response(result, &p, uri.path()))
}

#[utoipa::path(
    get, path = "/api/entities/{id}/quotes", tag = "entities", operation_id = "list_entity_quotes",
    params(
        ("id" = i64, Path, minimum = 1, description = "Entity id"),
        ("kind" = inline(Option<super::docs::QuoteKind>), Query, description = "direct, indirect or mixed"),
        ("cue" = Option<String>, Query, description = "Speech verb as written, case-insensitive"),
        ("q" = Option<String>, Query, description = "Full text over quote text"),
        ("sort" = inline(Option<super::docs::TextSort>), Query, description = "newest (default without q), or relevance (only with q, its default)"),
        ("origin" = inline(Option<super::docs::Origin>), Query, description = "auto or manual"),
        ("from" = Option<String>, Query, description = "Article published on or after (ISO 8601)"),
        ("to" = Option<String>, Query, description = "Article published on or before (ISO 8601)"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 200, description = "Page size, 1 to 200, default 20"),
        ("cursor" = Option<String>, Query, description = "next_cursor of the previous page of the same query"),
        ("count" = Option<bool>, Query, description = "Add the total number of matches"),
        ("offsets" = inline(Option<super::docs::Offsets>), Query, description = "Unit of offsets in the response: codepoint (default), utf16 or utf8"),
        ("format" = inline(Option<super::docs::ExportFormat>), Query, description = "json (default: a page), or csv or ndjson: every matching row, streamed as an attachment (as `Accept: text/csv` or `application/x-ndjson` also asks); `limit`, `count` and facets do not apply, `cursor` starts after its row. Columns in the README"),
    ),
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
    params: Params,
) -> ApiResult<Response> {
    let allowed = [
        &["kind", "cue", "q", "sort", "origin", "from", "to"][..],
        &PAGING[..],
        &super::export::PARAMS[..],
    ]
    .concat();
    let p = params.allow(&allowed)?;
    let entity = existing(&state, &id).await?;
    let mut filter = quote_filter(&p)?;
    filter.speaker = Some(EntityRef::Id(entity.id));
    if let Some(format) =
        super::export::requested(p.choice("format", &super::export::FORMATS)?, &headers)
    {
        let name = format!("entity-{}-quotes", entity.id);
        let (unit, start) = (p.offsets()?, p.page()?.after);
        return super::export::lists::quotes(&state, filter, unit, format, start, name).await;
    }
    respond(&state, filter, &p, uri.path(), None).await
}

/// Entities named in the same articles as another.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RelatedList {
    /// Most shared articles first.
    pub data: Vec<RelatedEntity>,
}

#[utoipa::path(
    get, path = "/api/entities/{id}/related", tag = "entities", operation_id = "list_related_entities",
    params(
        ("id" = i64, Path, minimum = 1, description = "Entity id"),
        ("kind" = inline(Option<super::docs::EntityKind>), Query, description = "Only related entities of this kind"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 200, description = "How many, 1 to 200, default 20"),
    ),
    responses(
        (status = 200, description = "The entities sharing the most articles with this one, with the number shared and a link to those articles", body = RelatedList),
        (status = 404, description = "No such entity (or an id that is not a positive integer)", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
/// Who and what appears in the same articles as an entity.
pub async fn related(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> ApiResult<Json<RelatedList>> {
    let p = params.allow(&["kind", "limit"])?;
    let kind = p.choice("kind", &KINDS)?.and_then(EntityKind::parse);
    let limit = p.page()?.limit;
    let entity = existing(&state, &id).await?;
    let rows = state.store.related_entities(entity.id, kind, limit).await?;
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
