//! The reading page at `/`: plain HTML, CSS and an ES module embedded in the binary.
//! It talks to the service only through the public JSON API, like any other client.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use super::AppState;

const INDEX: &str = include_str!("../../assets/web/index.html");
const APP_JS: &str = include_str!("../../assets/web/app.js");
const STYLE: &str = include_str!("../../assets/web/style.css");

/// The files above, for the build's validator (`caching`).
pub(crate) const EMBEDDED: [&[u8]; 3] = [INDEX.as_bytes(), APP_JS.as_bytes(), STYLE.as_bytes()];

/// The assets change only with the binary, so a short cache with revalidation is
/// enough; the page itself is never cached so a new release is picked up at once.
const ASSET_CACHE: &str = "public, max-age=300, must-revalidate";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/app.js", get(app_js))
        .route("/style.css", get(style))
}

async fn index() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        INDEX,
    )
}

async fn app_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, ASSET_CACHE),
        ],
        APP_JS,
    )
}

async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, ASSET_CACHE),
        ],
        STYLE,
    )
}
