use crate::common::TestApp;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use quotewire::config::ServeArgs;
use serde_json::json;

fn with_token() -> ServeArgs {
    ServeArgs {
        api_token: Some("s3cret".to_string()),
        ..ServeArgs::default()
    }
}

#[tokio::test]
async fn writes_need_the_token_when_one_is_set_and_reads_do_not() {
    let app = TestApp::with_config(with_token()).await;
    let body = json!({"body": "A short article."});
    let r = app
        .send(Method::POST, "/api/articles", Some(body.clone()), None)
        .await;
    r.problem(401);
    assert_eq!(r.header("www-authenticate").as_deref(), Some("Bearer"));
    app.send(
        Method::POST,
        "/api/articles",
        Some(body.clone()),
        Some("wrong"),
    )
    .await
    .problem(401);
    let ok = app
        .send(Method::POST, "/api/articles", Some(body), Some("s3cret"))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    let id = ok.json["id"].as_i64().expect("id");
    assert_eq!(
        app.get(&format!("/api/articles/{id}")).await.status,
        StatusCode::OK
    );
    app.send(Method::DELETE, &format!("/api/articles/{id}"), None, None)
        .await
        .problem(401);
    app.send(
        Method::PATCH,
        &format!("/api/articles/{id}"),
        Some(json!({"title": "x"})),
        None,
    )
    .await
    .problem(401);
    app.send(
        Method::POST,
        "/api/quotes",
        Some(json!({"article_id": id, "start": 0, "end": 1})),
        None,
    )
    .await
    .problem(401);
    // Annotating stores nothing and stays open.
    let r = app
        .send(
            Method::POST,
            "/api/annotate",
            Some(json!({"text": "Hi."})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[test]
fn a_public_bind_without_a_token_is_refused_unless_opened_explicitly() {
    let public = ServeArgs {
        bind: "0.0.0.0:3000".parse().expect("addr"),
        ..ServeArgs::default()
    };
    assert!(public.check().is_err());
    assert!(ServeArgs {
        api_token: Some("t".into()),
        ..public.clone()
    }
    .check()
    .is_ok());
    assert!(ServeArgs {
        allow_open_writes: true,
        ..public.clone()
    }
    .check()
    .is_ok());
    assert!(ServeArgs {
        api_token: Some("  ".into()),
        ..public
    }
    .check()
    .is_err());
    assert!(
        ServeArgs::default().check().is_ok(),
        "loopback needs no token"
    );
}

#[tokio::test]
async fn every_error_class_is_problem_json() {
    let app = TestApp::with_config(ServeArgs {
        body_limit: 1024,
        ..ServeArgs::default()
    })
    .await;
    app.get("/no/such/route").await.problem(404);
    let r = app.send(Method::PUT, "/api/articles", None, None).await;
    r.problem(405);
    let big = json!({"body": "x".repeat(4096)});
    app.post("/api/articles", big).await.problem(413);
    app.get("/api/articles?unknown=1").await.problem(400);
    app.get("/api/articles?from=2026-02-31").await.problem(400);
    let r = app
        .raw(
            Request::get("/api/articles?%zz=1")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert!(r.status.is_client_error());
}

#[tokio::test]
async fn request_ids_are_generated_or_echoed() {
    let app = TestApp::new().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("x-request-id").is_some_and(|id| id.len() >= 16));
    let req = Request::get("/healthz")
        .header("x-request-id", "abc-123")
        .body(Body::empty())
        .expect("req");
    assert_eq!(
        app.raw(req).await.header("x-request-id").as_deref(),
        Some("abc-123")
    );
}

#[tokio::test]
async fn cors_answers_preflight_with_authorization_allowed() {
    let app = TestApp::new().await;
    let req = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/articles")
        .header("origin", "http://example.org")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .body(Body::empty())
        .expect("req");
    let r = app.raw(req).await;
    assert!(r.status.is_success());
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert!(r
        .header("access-control-allow-headers")
        .is_some_and(|h| h.contains("authorization")));
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let app = TestApp::new().await;
    let req = Request::get("/openapi.json")
        .header("accept-encoding", "gzip")
        .body(Body::empty())
        .expect("req");
    let response = tower::ServiceExt::oneshot(app.router.clone(), req)
        .await
        .expect("response");
    assert_eq!(
        response
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
}

#[tokio::test]
async fn health_readiness_openapi_and_docs() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/healthz").await.json["status"], "ok");
    assert_eq!(app.get("/readyz").await.json["status"], "ready");
    let spec = app.get("/openapi.json").await;
    assert!(spec.json["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    let paths = spec.json["paths"].as_object().expect("paths");
    for p in [
        "/api/articles",
        "/api/articles/{id}",
        "/api/quotes",
        "/api/quotes/{id}",
        "/api/entities",
        "/api/entities/{id}",
        "/api/entities/{id}/articles",
        "/api/entities/{id}/quotes",
        "/api/annotate",
        "/healthz",
        "/readyz",
    ] {
        assert!(paths.contains_key(p), "{p} documented");
    }
    let quote_params: Vec<&str> = spec.json["paths"]["/api/quotes"]["get"]["parameters"]
        .as_array()
        .expect("params")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for name in [
        "speaker", "article", "kind", "cue", "q", "from", "to", "limit", "cursor", "offsets",
    ] {
        assert!(quote_params.contains(&name), "{name}");
    }
    let docs = app.get("/docs").await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs
        .json
        .as_str()
        .is_some_and(|h| h.contains("swagger-ui-bundle.js")));
    assert_eq!(
        app.get("/docs/swagger-ui-bundle.js").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn annotate_returns_the_gold_shape_and_stores_nothing() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/annotate?offsets=utf16",
            json!({"text": "😀 \u{201c}We will win,\u{201d} Maria Lopez said."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert!(r.json["quotes"].is_array() && r.json["entities"].is_array());
    assert_eq!(app.get("/api/articles?count=true").await.json["total"], 0);
    app.post("/api/annotate", json!({"txt": "x"}))
        .await
        .problem(400);
    app.post("/api/annotate?offsets=miles", json!({"text": "x"}))
        .await
        .problem(400);
}
