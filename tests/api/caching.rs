//! ETags, If-None-Match and Cache-Control on GET answers.

use crate::common::{article, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

fn conditional(uri: &str, tag: &str) -> Request<Body> {
    Request::builder()
        .method(Method::GET)
        .uri(uri)
        .header(header::IF_NONE_MATCH, tag)
        .body(Body::empty())
        .expect("request")
}

/// The ETag of a 200 answer to `uri`.
async fn tag_of(app: &TestApp, uri: &str) -> String {
    let r = app.get(uri).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.json);
    assert_eq!(r.header("cache-control").as_deref(), Some("no-cache"));
    let tag = r.header("etag").expect("an etag");
    assert!(
        tag.starts_with('"') && tag.ends_with('"'),
        "strong tag: {tag}"
    );
    tag
}

#[tokio::test]
async fn an_unchanged_answer_is_304_without_a_body() {
    let app = TestApp::new().await;
    let id = app.create(article(1, "2025-01-02", "Wire")).await["id"]
        .as_i64()
        .expect("id");
    for uri in [
        "/api/articles".to_string(),
        format!("/api/articles/{id}"),
        "/api/quotes".to_string(),
        "/api/entities".to_string(),
    ] {
        let tag = tag_of(&app, &uri).await;
        assert_eq!(tag_of(&app, &uri).await, tag, "same answer, same tag");
        let r = app.raw(conditional(&uri, &tag)).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert_eq!(r.json, serde_json::Value::Null, "no body");
        assert_eq!(r.header("etag").as_deref(), Some(tag.as_str()));
        assert_eq!(r.header("cache-control").as_deref(), Some("no-cache"));
        // A list of tags, a weak form and `*` match too; another tag does not.
        let listed = app
            .raw(conditional(&uri, &format!("\"other\", W/{tag}")))
            .await;
        assert_eq!(listed.status, StatusCode::NOT_MODIFIED);
        assert_eq!(
            app.raw(conditional(&uri, "*")).await.status,
            StatusCode::NOT_MODIFIED
        );
        assert_eq!(
            app.raw(conditional(&uri, "\"other\"")).await.status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn tags_differ_by_query_and_accept() {
    let app = TestApp::new().await;
    app.create(article(1, "2025-01-02", "Wire")).await;
    let a = tag_of(&app, "/api/articles").await;
    let b = tag_of(&app, "/api/articles?limit=5").await;
    assert_ne!(a, b);
    let r = app
        .raw(
            Request::builder()
                .uri("/api/articles")
                .header(header::ACCEPT, "application/json")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_ne!(r.header("etag"), Some(a));
}

#[tokio::test]
async fn every_write_gives_a_200_with_a_new_tag() {
    let app = TestApp::new().await;
    let id = app.create(article(1, "2025-01-02", "Wire")).await["id"]
        .as_i64()
        .expect("id");
    let other = app.create(article(2, "2025-01-03", "Wire")).await["id"]
        .as_i64()
        .expect("id");
    let uri = format!("/api/articles/{id}");
    let mut tag = tag_of(&app, &uri).await;

    let check = |tag: &mut String, new: String| {
        assert_ne!(*tag, new, "a write changes the tag");
        *tag = new;
    };
    // POST
    app.create(article(3, "2025-01-04", "Wire")).await;
    let r = app.raw(conditional(&uri, &tag)).await;
    assert_eq!(r.status, StatusCode::OK);
    check(&mut tag, r.header("etag").expect("etag"));
    // PATCH
    let r = app.patch(&uri, json!({"title": "Changed"})).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.raw(conditional(&uri, &tag)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["title"], "Changed");
    check(&mut tag, r.header("etag").expect("etag"));
    // DELETE of another article
    assert_eq!(
        app.delete(&format!("/api/articles/{other}")).await.status,
        StatusCode::NO_CONTENT
    );
    let r = app.raw(conditional(&uri, &tag)).await;
    assert_eq!(r.status, StatusCode::OK);
    check(&mut tag, r.header("etag").expect("etag"));
    // A write that fails changes nothing.
    app.patch("/api/articles/999999", json!({"title": "x"}))
        .await
        .problem(404);
    assert_eq!(
        app.raw(conditional(&uri, &tag)).await.status,
        StatusCode::NOT_MODIFIED
    );
}

#[tokio::test]
async fn errors_and_probes_carry_no_tag_and_files_have_theirs() {
    let app = TestApp::new().await;
    let r = app.get("/api/articles/999").await;
    r.problem(404);
    assert_eq!(r.header("etag"), None);
    assert_eq!(app.get("/healthz").await.header("etag"), None);
    for uri in ["/app.js", "/openapi.json"] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::OK);
        let tag = r.header("etag").expect("etag");
        // Files do not change with the corpus.
        app.create(article(1, "2025-01-02", "Wire")).await;
        assert_eq!(
            app.raw(conditional(uri, &tag)).await.status,
            StatusCode::NOT_MODIFIED,
            "{uri}"
        );
        app.delete("/api/articles/1").await;
    }
}

#[tokio::test]
async fn head_exports_and_annotations_revalidate_too() {
    let app = TestApp::new().await;
    let id = app.create(article(1, "2025-01-02", "Wire")).await["id"]
        .as_i64()
        .expect("id");
    let annotations = format!("/api/articles/{id}/annotations?format=jsonld");
    for uri in ["/api/quotes?format=csv", annotations.as_str()] {
        let tag = tag_of(&app, uri).await;
        let head = app
            .raw(
                Request::builder()
                    .method(Method::HEAD)
                    .uri(uri)
                    .header(header::IF_NONE_MATCH, &tag)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(head.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert_eq!(
            app.raw(conditional(uri, &tag)).await.status,
            StatusCode::NOT_MODIFIED
        );
    }
    // The JSON-LD and the plain answer of one URL are two representations.
    let uri = format!("/api/articles/{id}/annotations");
    let plain = tag_of(&app, &uri).await;
    let r = app
        .raw(
            Request::builder()
                .uri(&uri)
                .header(header::ACCEPT, "application/ld+json")
                .header(header::IF_NONE_MATCH, &plain)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["type"], "AnnotationCollection");
    assert!(r.header("vary").is_some_and(|v| v.contains("accept")));
}

#[tokio::test]
async fn writes_of_another_store_and_another_process_change_the_tag() {
    let app = TestApp::new().await;
    let id = app.create(article(1, "2025-01-02", "Wire")).await["id"]
        .as_i64()
        .expect("id");
    app.create(article(2, "2025-01-03", "Wire")).await;
    let uri = "/api/articles";
    let tag = tag_of(&app, uri).await;
    assert_eq!(
        app.raw(conditional(uri, &tag)).await.status,
        StatusCode::NOT_MODIFIED,
        "nothing changed"
    );

    // Another Store on the same file: its own pool, as another process would have.
    let other = quotewire::store::Store::open(&app.url)
        .await
        .expect("a second store");
    other.delete_article(id).await.expect("delete");
    let r = app.raw(conditional(uri, &tag)).await;
    assert_eq!(r.status, StatusCode::OK, "a write by another store");
    assert_eq!(r.json["data"].as_array().map(Vec::len), Some(1));
    let tag = r.header("etag").expect("etag");
    assert_eq!(
        app.raw(conditional(uri, &tag)).await.status,
        StatusCode::NOT_MODIFIED,
        "and then no change again"
    );
    // A failed write of the other store changes nothing.
    assert!(other.delete_article(999_999).await.is_err());
    assert_eq!(
        app.raw(conditional(uri, &tag)).await.status,
        StatusCode::NOT_MODIFIED
    );
    other.close().await;

    // Another process: `quotewire import` into the file the router serves.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("one.txt");
    std::fs::write(&file, "Dock workers walked out on Sunday at the port.\n").expect("write");
    let out = std::process::Command::new(crate::common::bin())
        .args(["import", "--database-url", &app.url])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = app.raw(conditional(uri, &tag)).await;
    assert_eq!(r.status, StatusCode::OK, "a write by another process");
    assert_eq!(r.json["data"].as_array().map(Vec::len), Some(2));
    assert_ne!(r.header("etag").as_deref(), Some(tag.as_str()));
}
