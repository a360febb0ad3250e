//! The reading page is served by the binary itself, from embedded assets.

use crate::common::TestApp;
use axum::http::StatusCode;

#[tokio::test]
async fn root_serves_the_page_referencing_its_assets() {
    let app = TestApp::new().await;
    let r = app.get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(r.header("cache-control").is_some());
    let html = r.json.as_str().expect("html text");
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(html.contains(r#"<script type="module" src="/app.js">"#));
    assert!(html.contains(r#"<link rel="stylesheet" href="/style.css">"#));
    assert!(html.contains(r#"<main id="main""#));
    assert!(html.contains(r#"<html lang="en">"#));
}

#[tokio::test]
async fn assets_have_their_content_types_and_a_cache_header() {
    let app = TestApp::new().await;
    for (path, kind, needle) in [
        (
            "/app.js",
            "text/javascript; charset=utf-8",
            "offsets: 'utf16'",
        ),
        (
            "/style.css",
            "text/css; charset=utf-8",
            "prefers-reduced-motion",
        ),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("content-type").as_deref(), Some(kind), "{path}");
        let cache = r.header("cache-control").unwrap_or_default();
        assert!(cache.contains("max-age="), "{path}: {cache}");
        let text = r.json.as_str().expect("text");
        assert!(text.contains(needle), "{path} lacks {needle}");
    }
}

#[tokio::test]
async fn the_page_reads_only_the_public_api() {
    // The page is the worked example of consuming the API: every request it
    // makes goes to /api/ and spans are asked for in UTF-16 units.
    let app = TestApp::new().await;
    let js = app.get("/app.js").await.json;
    let js = js.as_str().expect("text");
    assert!(js.contains("new URL(`/api${path}`"));
    assert!(!js.contains("innerHTML"), "text must go in as text nodes");
}
