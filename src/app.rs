//! The whole service: routes plus the tower-http layers every request passes.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::Router;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::api::{self, error::problem_for_bare_errors, guard, AppState};
use crate::config::ServeArgs;
use crate::store::Store;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn build(store: Store, config: &ServeArgs) -> Router {
    let api_token: Option<Arc<str>> = config
        .api_token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(Arc::from);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let state = AppState {
        store,
        api_token: api_token.clone(),
        annotate_limit: config.annotate_limit,
        annotate_slots: Arc::new(Semaphore::new(cores)),
        body_limit: config.body_limit,
        batch_limit: config.batch_limit,
        request_timeout: config.timeout(),
    };
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request| {
            // The matched route, not the raw path, keeps spans groupable.
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .map(|m| m.as_str().to_string())
                .unwrap_or_else(|| "unmatched".to_string());
            let id = request
                .headers()
                .get(&REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            tracing::info_span!("request", method = %request.method(), route, request_id = id)
        })
        .on_response(
            DefaultOnResponse::new()
                .level(Level::INFO)
                .latency_unit(tower_http::LatencyUnit::Micros),
        );

    let hosts = config
        .bind
        .ip()
        .is_loopback()
        .then(|| Arc::new(guard::AllowedHosts::new(config.bind, &config.allowed_hosts)));
    let store = state.store.clone();
    api::routes(state)
        .layer(axum::middleware::from_fn_with_state(
            store,
            api::caching::validate,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.timeout(),
        ))
        // Outside the limits and the timeout, so that their answers are problems too.
        .layer(axum::middleware::map_response(problem_for_bare_errors))
        .layer(axum::middleware::from_fn(guard::limit_head))
        .layer(axum::middleware::from_fn_with_state(
            hosts,
            guard::check_host,
        ))
        .layer(axum::middleware::map_response(guard::security_headers))
        .layer(CompressionLayer::new())
        .layer(cors(&config.cors_origins, api_token.is_some()))
        .layer(trace)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(axum::middleware::map_request(guard::cap_request_id))
}

/// Without a token, a write is guarded only by being on loopback: no other
/// origin's page may send one (a preflight gets no write method back). With a
/// token, a cross-origin write must carry it, which a browser never adds unasked.
fn cors(origins: &str, token: bool) -> CorsLayer {
    let methods: &[Method] = if token {
        &[
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ]
    } else {
        &[Method::GET, Method::HEAD, Method::OPTIONS]
    };
    let layer = CorsLayer::new()
        .allow_methods(methods.to_vec())
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, REQUEST_ID])
        .expose_headers([header::LINK, header::LOCATION, REQUEST_ID]);
    let origins = origins.trim();
    if origins == "*" {
        layer.allow_origin(AllowOrigin::any())
    } else {
        let list: Vec<HeaderValue> = origins
            .split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        layer.allow_origin(AllowOrigin::list(list))
    }
}
