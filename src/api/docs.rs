//! `GET /openapi.json` (OpenAPI 3.1) and the interactive API page at `/docs`,
//! served from files embedded in the binary.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "quotewire",
        description = "Annotated news: articles, who said what (quotes with speakers), and the entities they name. \
            Every span is [start, end) in Unicode code points of the article body unless `offsets=utf16|utf8` asks otherwise. \
            Lists are keyset-paginated: pass `next_cursor` back as `cursor`. Errors are RFC 9457 problem+json."
    ),
    paths(
        super::articles::create, super::articles::list, super::articles::get, super::articles::update, super::articles::delete, super::batch::batch,
        super::quotes::list, super::quotes::get, super::quotes::create, super::quotes::update, super::quotes::delete,
        super::entities::list, super::entities::get, super::entities::articles, super::entities::quotes,
        super::annotate::annotate, super::health::healthz, super::health::readyz,
    ),
    components(schemas(super::error::Problem)),
    modifiers(&BearerAuth),
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
