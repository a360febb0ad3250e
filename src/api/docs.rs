//! `GET /openapi.json` (OpenAPI 3.1) and the interactive API page at `/docs`,
//! served from files embedded in the binary.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "quotewire",
        version = "0.2.0",
        description = "Annotated news: articles, who said what (quotes with speakers), and the entities they name. \
            Every span is [start, end) in Unicode code points of the article body unless `offsets=utf16|utf8` asks otherwise. \
            Lists are keyset-paginated: pass `next_cursor` back as `cursor`. Errors are RFC 9457 problem+json."
    ),
    paths(
        super::articles::create, super::articles::list, super::articles::get, super::articles::update, super::articles::delete, super::batch::batch,
        super::annotations::get,
        super::quotes::list, super::quotes::get, super::quotes::create, super::quotes::update, super::quotes::delete,
        super::timeline::articles, super::timeline::quotes,
        super::entities::list, super::entities::get, super::entities::articles, super::entities::quotes, super::entities::related,
        super::annotate::annotate, super::health::healthz, super::health::readyz,
    ),
    components(schemas(super::error::Problem)),
    modifiers(&BearerAuth, &CommonErrors, &EmptyMeansAbsent, &ImportAlias, &Exports, &Validators),
    tags(
        (name = "articles", description = "Articles with their annotations"),
        (name = "quotes", description = "Who said what"),
        (name = "entities", description = "People, organizations, places, dates and numbers"),
        (name = "annotate", description = "Annotate text without storing it"),
        (name = "health", description = "Probes"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
        }
    }
}

/// The answers that layers and extractors give on any route, declared once for
/// all: every `/api` route refuses unknown or malformed query parameters (400);
/// writes need the token (401); a body can be too large (413) or of another type
/// (415); and any request can pass the server's time limit (503).
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            for op in operations(item) {
                let responses = &mut op.responses.responses;
                let mut add = |status: &str, description: &str| {
                    responses
                        .entry(status.to_string())
                        .or_insert_with(|| problem(description));
                };
                if path.starts_with("/api/") {
                    add("400", "Unknown, repeated or malformed query parameter, or a body that is not the JSON this route takes");
                }
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    add("401", "Missing or wrong API token");
                }
                if op.request_body.is_some() {
                    add(
                        "413",
                        "The body is over the server's limit (QUOTEWIRE_BODY_LIMIT)",
                    );
                    add(
                        "415",
                        "The body is not of the content type this route takes",
                    );
                }
                add(
                    "503",
                    "The request took longer than the server's limit (QUOTEWIRE_REQUEST_TIMEOUT), or the database is busy",
                );
            }
        }
    }
}

/// `?name=` counts as leaving `name` out (`Params::value`, as HTML forms send
/// fields left blank): `allowEmptyValue` says so, for every query parameter.
struct EmptyMeansAbsent;

impl Modify for EmptyMeansAbsent {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for op in operations(item) {
                for p in op.parameters.iter_mut().flatten() {
                    if p.parameter_in == ParameterIn::Query {
                        p.extensions
                            .get_or_insert_with(Default::default)
                            .insert("allowEmptyValue".to_string(), true.into());
                    }
                }
            }
        }
    }
}

/// `POST /api/import` is the batch route under a second name: the same operation.
struct ImportAlias;

impl Modify for ImportAlias {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let paths = &mut openapi.paths.paths;
        let Some(mut item) = paths.get("/api/articles:batch").cloned() else {
            return;
        };
        if let Some(op) = item.post.as_mut() {
            op.operation_id = Some("import_articles".to_string());
            op.summary = Some(
                "Store many articles at once, from NDJSON (alias of `POST /api/articles:batch`)"
                    .to_string(),
            );
        }
        paths.insert("/api/import".to_string(), item);
    }
}

/// The lists that export (`format=csv|ndjson`, `api::export`): their 200 has
/// the two streamed media types besides the JSON page.
struct Exports;

const EXPORTING: [&str; 5] = [
    "list_articles",
    "list_quotes",
    "list_entities",
    "list_entity_articles",
    "list_entity_quotes",
];

impl Modify for Exports {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::{Object, Type};
        for item in openapi.paths.paths.values_mut() {
            let Some(op) = item.get.as_mut() else {
                continue;
            };
            if !op
                .operation_id
                .as_deref()
                .is_some_and(|id| EXPORTING.contains(&id))
            {
                continue;
            }
            if let Some(RefOr::T(ok)) = op.responses.responses.get_mut("200") {
                for (media, what) in [
                    (
                        "text/csv",
                        "CSV (RFC 4180) with a header row: every matching row",
                    ),
                    (
                        "application/x-ndjson",
                        "one list item per line: every matching row",
                    ),
                ] {
                    let schema = Object::builder()
                        .schema_type(Type::String)
                        .description(Some(what))
                        .build();
                    ok.content
                        .insert(media.to_string(), Content::new(Some(schema)));
                }
            }
        }
    }
}

/// Every GET of `/api` answers 304 to an `If-None-Match` naming its current
/// ETag (`api::caching`).
struct Validators;

impl Modify for Validators {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let Some(op) = item.get.as_mut() else {
                continue;
            };
            if path.starts_with("/api/") {
                op.responses.responses.entry("304".to_string()).or_insert_with(|| {
                    RefOr::T(
                        ResponseBuilder::new()
                            .description(
                                "Not modified: `If-None-Match` names the current `ETag` (every 200 carries one; it changes with any write)",
                            )
                            .build(),
                    )
                });
            }
        }
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.delete.as_mut(),
        item.options.as_mut(),
        item.head.as_mut(),
        item.patch.as_mut(),
        item.trace.as_mut(),
    ]
    .into_iter()
    .flatten()
}

fn problem(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                super::error::PROBLEM_JSON,
                Content::new(Some(Ref::from_schema_name("Problem"))),
            )
            .build(),
    )
}

/// The embedded files of the API page, for the build's validator (`caching`).
pub(crate) const EMBEDDED: [&[u8]; 4] = [
    include_bytes!("../../assets/swagger-ui/index.html"),
    include_bytes!("../../assets/swagger-ui/init.js"),
    include_bytes!("../../assets/swagger-ui/swagger-ui-bundle.js"),
    include_bytes!("../../assets/swagger-ui/swagger-ui.css"),
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route(
            "/docs",
            get(|| async { html(include_str!("../../assets/swagger-ui/index.html")) }),
        )
        .route(
            "/docs/init.js",
            get(|| async {
                asset(
                    "text/javascript",
                    include_bytes!("../../assets/swagger-ui/init.js"),
                )
            }),
        )
        .route(
            "/docs/swagger-ui-bundle.js",
            get(|| async {
                asset(
                    "text/javascript",
                    include_bytes!("../../assets/swagger-ui/swagger-ui-bundle.js"),
                )
            }),
        )
        .route(
            "/docs/swagger-ui.css",
            get(|| async {
                asset(
                    "text/css",
                    include_bytes!("../../assets/swagger-ui/swagger-ui.css"),
                )
            }),
        )
}

fn html(body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body)
}

fn asset(kind: &'static str, body: &'static [u8]) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
}
