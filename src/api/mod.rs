//! Thin HTTP handlers, one file per resource: parse, call the store or the engine, shape.

pub mod annotate;
pub mod annotations;
pub mod articles;
pub mod batch;
pub mod caching;
pub mod docs;
pub mod entities;
pub mod error;
pub mod export;
pub mod extract;
pub mod guard;
pub mod health;
pub mod lines;
pub mod list;
pub mod params;
pub mod queries;
pub mod quotes;
pub mod timeline;
pub mod values;
pub mod web;
pub mod webanno;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

use crate::ingest::Invalid;
use crate::store::Store;
use error::ApiError;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Writes need `Authorization: Bearer <token>` when set.
    pub api_token: Option<Arc<str>>,
    /// Largest body `POST /api/annotate` takes, bytes.
    pub annotate_limit: usize,
    /// Annotations computed for `POST /api/annotate` at once: one per core.
    pub annotate_slots: Arc<tokio::sync::Semaphore>,
    /// Largest request body, bytes; the batch routes have their own.
    pub body_limit: usize,
    pub batch_limit: usize,
    /// How long a streamed batch answer may read its body.
    pub request_timeout: std::time::Duration,
}

pub fn routes(state: AppState) -> Router {
    // Read a line at a time and answered as they go, batches may be far larger
    // than any other body.
    let batches = Router::new()
        .route("/api/articles:batch", post(batch::batch))
        .route("/api/import", post(batch::batch))
        .layer(RequestBodyLimitLayer::new(state.batch_limit));
    Router::new()
        .route("/api/articles", get(articles::list).post(articles::create))
        .route("/api/articles/timeline", get(timeline::articles))
        .route("/api/quotes/timeline", get(timeline::quotes))
        .route(
            "/api/articles/{id}",
            get(articles::get)
                .patch(articles::update)
                .delete(articles::delete),
        )
        .route("/api/articles/{id}/annotations", get(annotations::get))
        .route("/api/quotes", get(quotes::list).post(quotes::create))
        .route(
            "/api/quotes/{id}",
            get(quotes::get)
                .patch(quotes::update)
                .delete(quotes::delete),
        )
        .route("/api/entities", get(entities::list))
        .route("/api/entities/{id}", get(entities::get))
        .route("/api/entities/{id}/articles", get(entities::articles))
        .route("/api/entities/{id}/quotes", get(entities::quotes))
        .route("/api/entities/{id}/related", get(entities::related))
        .route(
            "/api/annotate",
            post(annotate::annotate).layer(DefaultBodyLimit::max(state.annotate_limit)),
        )
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(docs::routes())
        .merge(web::routes())
        .layer(DefaultBodyLimit::max(state.body_limit))
        .layer(RequestBodyLimitLayer::new(state.body_limit))
        .merge(batches)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_token,
        ))
        .with_state(state)
}

/// Requests that change stored data need the API token when one is configured.
/// `POST /api/annotate` stores nothing and stays open like the reads.
async fn require_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let writes = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) && request.uri().path() != "/api/annotate";
    if let (true, Some(token)) = (writes, &state.api_token) {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_token)
            .unwrap_or("");
        if !constant_time_eq(given.trim().as_bytes(), token.as_bytes()) {
            return axum::response::IntoResponse::into_response(ApiError::unauthorized());
        }
    }
    next.run(request).await
}

/// The token of a `Bearer` credential; the scheme is case-insensitive (RFC 9110).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// Compares without an early exit, so the time taken does not tell how much matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}

/// Runs CPU-bound work (annotation) off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        tracing::error!(error = %e, "annotation task failed");
        ApiError::internal()
    })
}

pub fn invalid(e: Invalid) -> ApiError {
    ApiError::invalid(&e.field, e.detail)
}
