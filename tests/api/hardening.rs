//! Regression tests of defects found by attacking the running server: each
//! failed on the code before its fix.

use std::time::Duration;

use crate::common::{article, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use quotewire::config::ServeArgs;
use serde_json::json;

fn get(uri: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .body(Body::empty())
        .expect("req")
}

#[tokio::test]
async fn a_date_cut_inside_a_character_is_a_client_error_everywhere() {
    let app = TestApp::new().await;
    for date in ["abcéxy", "20é6-01", "2026-0é", "ééé", "2026-01-0\u{1F600}"] {
        let q = format!("/api/articles?from={}", urlencode(date));
        app.get(&q).await.problem(400);
        let q = format!("/api/quotes?to={}", urlencode(date));
        app.get(&q).await.problem(400);
        let mut body = article(1, "2026-01-01", "Wire");
        body["published_at"] = json!(date);
        let p = app.post("/api/articles", body).await;
        assert_eq!(p.problem(422)["parameter"], "published_at");
    }
    // In a batch, the bad line alone is refused; its neighbours are stored.
    let mut bad = article(2, "2026-01-01", "Wire");
    bad["published_at"] = json!("abcéxy");
    let lines = [
        article(1, "2026-01-01", "Wire"),
        bad,
        article(3, "2026-01-03", "Wire"),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/articles:batch")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::from(lines))
        .expect("req");
    let r = app.raw(req).await;
    assert_eq!(r.status, StatusCode::OK);
    let statuses: Vec<u64> = r
        .json
        .as_str()
        .expect("ndjson text")
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("line")["status"]
                .as_u64()
                .expect("status")
        })
        .collect();
    assert_eq!(statuses, [201, 422, 201]);
    assert_eq!(app.get("/api/articles?count=true").await.json["total"], 2);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn a_cursor_of_another_order_or_list_is_refused() {
    let app = TestApp::new().await;
    for n in 0..3 {
        app.create(article(n, &format!("2026-01-0{}", n + 1), "Wire"))
            .await;
    }
    let page = app.get("/api/articles?limit=1").await;
    let cursor = page.json["next_cursor"]
        .as_str()
        .expect("cursor")
        .to_string();
    // The same list and order goes on.
    let next = app
        .get(&format!("/api/articles?limit=1&cursor={cursor}"))
        .await;
    assert_eq!(next.status, StatusCode::OK);
    // Another order, another list: 400 naming `cursor`.
    for uri in [
        format!("/api/articles?q=harbour&limit=1&cursor={cursor}"),
        format!("/api/quotes?cursor={cursor}"),
        format!("/api/entities?cursor={cursor}"),
        format!("/api/entities?sort=name&cursor={cursor}"),
    ] {
        let r = app.get(&uri).await;
        assert_eq!(r.problem(400)["parameter"], "cursor", "{uri}");
    }
}

#[tokio::test]
async fn ids_are_digits_only_and_empty_spans_are_refused() {
    let app = TestApp::new().await;
    let id = app.create(article(1, "2026-01-01", "Wire")).await["id"]
        .as_i64()
        .expect("id");
    assert_eq!(
        app.get(&format!("/api/articles/{id}")).await.status,
        StatusCode::OK
    );
    for raw in [
        format!("+{id}"),
        format!("%2B{id}"),
        format!("0x{id}"),
        format!(" {id}"),
    ] {
        let r = app
            .get(&format!("/api/articles/{}", raw.replace(' ', "%20")))
            .await;
        r.problem(404);
    }
    let empty = json!({"article_id": id, "kind": "direct", "start": 3, "end": 3, "text": ""});
    for _ in 0..2 {
        app.post("/api/quotes", empty.clone()).await.problem(422);
    }
    let quotes = app.get(&format!("/api/quotes?article={id}")).await;
    assert_eq!(quotes.json["data"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let app = TestApp::with_config(ServeArgs {
        api_token: Some("s3cret".into()),
        ..ServeArgs::default()
    })
    .await;
    for (n, scheme) in ["bearer", "BEARER", "Bearer"].iter().enumerate() {
        let req = Request::builder()
            .method(Method::POST)
            .uri("/api/articles")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("{scheme} s3cret"))
            .body(Body::from(article(n, "2026-01-01", "Wire").to_string()))
            .expect("req");
        assert_eq!(app.raw(req).await.status, StatusCode::CREATED, "{scheme}");
    }
    let req = Request::builder()
        .method(Method::DELETE)
        .uri("/api/articles/1")
        .header(header::AUTHORIZATION, "Basic s3cret")
        .body(Body::empty())
        .expect("req");
    app.raw(req).await.problem(401);
}

#[tokio::test]
async fn search_text_is_bounded_in_words_and_bytes() {
    let app = TestApp::new().await;
    let words = |n: usize| {
        (0..n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join("+")
    };
    assert_eq!(
        app.get(&format!("/api/articles?q={}", words(32)))
            .await
            .status,
        StatusCode::OK
    );
    let prefixes = app.get("/api/articles?q=har*+rep*").await;
    assert_eq!(prefixes.status, StatusCode::OK);
    for uri in [
        format!("/api/articles?q={}", words(33)),
        format!("/api/quotes?q={}", words(1000)),
        format!("/api/articles?q={}", "x".repeat(501)),
        "/api/articles?q=abc*+bcd*+cde*+def*+efg*".to_string(),
        "/api/articles?q=harbour+s*".to_string(),
    ] {
        assert_eq!(app.get(&uri).await.problem(400)["parameter"], "q");
    }
}

#[tokio::test]
async fn a_read_past_its_deadline_is_stopped_and_writes_are_not() {
    let app = TestApp::new().await;
    let lines: Vec<String> = (0..600)
        .map(|n| article(n, "2026-01-01", "Wire").to_string())
        .collect();
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/articles:batch")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::from(lines.join("\n")))
        .expect("req");
    assert_eq!(app.raw(req).await.status, StatusCode::OK);
    app.store.limit_reads(Duration::from_micros(1));
    let r = app.get("/api/articles?q=harbour&count=true").await;
    assert_eq!(r.problem(503)["type"], "/problems/timeout");
    assert!(r.header("retry-after").is_some());
    // Writes run in transactions and finish.
    app.create(article(999, "2026-01-02", "Wire")).await;
    app.store.limit_reads(Duration::from_secs(30));
    let r = app.get("/api/articles?q=harbour&count=true").await;
    assert_eq!(r.json["total"], 601);
}

#[tokio::test]
async fn limits_answer_with_problems() {
    let app = TestApp::with_config(ServeArgs {
        body_limit: 4096,
        annotate_limit: 1024,
        batch_limit: 8192,
        ..ServeArgs::default()
    })
    .await;
    let big = json!({"body": "word ".repeat(2000), "title": "t"});
    app.post("/api/articles", big).await.problem(413);
    let text = json!({"text": "a ".repeat(600)});
    app.post("/api/annotate", text).await.problem(413);
    app.post("/api/annotate", json!({"text": "He said so."}))
        .await;
    let long = format!("/api/articles?source={}", "s".repeat(9000));
    app.get(&long).await.problem(414);
    let mut req = get("/api/articles");
    for i in 0..40 {
        req.headers_mut().insert(
            header::HeaderName::from_bytes(format!("x-pad-{i}").as_bytes()).expect("name"),
            header::HeaderValue::from_str(&"p".repeat(500)).expect("value"),
        );
    }
    app.raw(req).await.problem(431);
    // A raw 413 from the body-limit layer (Content-Length over the limit).
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/articles:batch")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .header(header::CONTENT_LENGTH, "100000")
        .body(Body::from(vec![b' '; 100_000]))
        .expect("req");
    app.raw(req).await.problem(413);
}

#[tokio::test]
async fn no_write_a_web_page_could_send_unasked() {
    let app = TestApp::new().await;
    let line = article(1, "2026-01-01", "Wire").to_string();
    for ty in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri("/api/articles:batch");
        if let Some(ty) = ty {
            req = req.header(header::CONTENT_TYPE, ty);
        }
        let r = app
            .raw(req.body(Body::from(line.clone())).expect("req"))
            .await;
        r.problem(415);
    }
    assert_eq!(app.get("/api/articles?count=true").await.json["total"], 0);
    // Without a token, no other origin is offered a write method.
    let preflight = |method: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/articles/1")
            .header("origin", "http://evil.example")
            .header("access-control-request-method", method)
            .body(Body::empty())
            .expect("req")
    };
    let r = app.raw(preflight("DELETE")).await;
    let methods = r.header("access-control-allow-methods").unwrap_or_default();
    assert!(
        methods.contains("GET") && !methods.contains("DELETE") && !methods.contains("POST"),
        "{methods}"
    );
    // With a token, writes can be offered: the browser never adds the token itself.
    let guarded = TestApp::with_config(ServeArgs {
        api_token: Some("t".into()),
        ..ServeArgs::default()
    })
    .await;
    let r = guarded.raw(preflight("DELETE")).await;
    assert!(r
        .header("access-control-allow-methods")
        .unwrap_or_default()
        .contains("DELETE"));
}

#[tokio::test]
async fn a_loopback_server_answers_only_to_its_own_names() {
    let app = TestApp::with_config(ServeArgs {
        allowed_hosts: "newsroom.internal".into(),
        ..ServeArgs::default()
    })
    .await;
    let with_host = |host: &str| {
        Request::builder()
            .uri("/api/articles")
            .header(header::HOST, host)
            .body(Body::empty())
            .expect("req")
    };
    for ok in [
        "127.0.0.1:3000",
        "localhost:3000",
        "[::1]:3000",
        "newsroom.internal",
    ] {
        assert_eq!(app.raw(with_host(ok)).await.status, StatusCode::OK, "{ok}");
    }
    for bad in ["rebind.evil.example:3000", "localhost.evil.example"] {
        app.raw(with_host(bad)).await.problem(400);
    }
    // A public bind does not check (a proxy in front names it).
    let public = TestApp::with_config(ServeArgs {
        bind: "0.0.0.0:3000".parse().expect("addr"),
        api_token: Some("t".into()),
        ..ServeArgs::default()
    })
    .await;
    assert_eq!(
        public.raw(with_host("news.example.org")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn pages_carry_security_headers_and_request_ids_are_capped() {
    let app = TestApp::new().await;
    for uri in ["/", "/docs"] {
        let r = app.raw(get(uri)).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{uri}: {csp}"
        );
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert!(r.header("referrer-policy").is_some());
    }
    let r = app.get("/api/articles").await;
    assert_eq!(
        r.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );

    let mut req = get("/healthz");
    req.headers_mut()
        .insert("x-request-id", "a".repeat(5000).parse().expect("value"));
    let r = app.raw(req).await;
    let id = r.header("x-request-id").expect("an id");
    assert!(!id.is_empty() && id.len() <= 64, "{id}");
    let mut req = get("/healthz");
    req.headers_mut()
        .insert("x-request-id", "trace-42.a:b".parse().expect("value"));
    assert_eq!(
        app.raw(req).await.header("x-request-id").as_deref(),
        Some("trace-42.a:b")
    );
}

#[test]
fn boolean_settings_take_the_usual_spellings() {
    use clap::Parser;
    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }
    for (args, expected) in [
        (vec!["q"], false),
        (vec!["q", "--allow-open-writes"], true),
        (vec!["q", "--allow-open-writes=0"], false),
        (vec!["q", "--allow-open-writes=1"], true),
        (vec!["q", "--allow-open-writes=false"], false),
        (vec!["q", "--allow-open-writes=yes"], true),
    ] {
        let cli = Cli::try_parse_from(&args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(cli.serve.allow_open_writes, expected, "{args:?}");
    }
}

/// Sixteen writers (new articles, body edits of one article, quote edits) and
/// readers at once: every write queues and succeeds, nothing answers 5xx, and
/// what was written reads back consistent.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_and_readers_all_succeed() {
    use std::sync::Arc;
    let app = Arc::new(TestApp::new().await);
    let edited = app
        .create(json!({"body": "“We will stay,” Ana Ruiz said on Monday. The port reopened.", "title": "t"}))
        .await["id"]
        .as_i64()
        .expect("id");
    let quoted = app.create_seed().await;
    let quote_ids: Vec<i64> = app
        .get(&format!("/api/quotes?article={}&limit=50", quoted["id"]))
        .await
        .json["data"]
        .as_array()
        .expect("quotes")
        .iter()
        .filter_map(|q| q["id"].as_i64())
        .collect();
    assert!(quote_ids.len() >= 5);

    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    let mut tasks = Vec::new();
    for w in 0..16usize {
        let app = app.clone();
        let quote = quote_ids[w % quote_ids.len()];
        tasks.push(tokio::spawn(async move {
            let mut created = Vec::new();
            let mut last_body = None;
            let mut n = 0usize;
            while tokio::time::Instant::now() < deadline {
                n += 1;
                let r = match w % 3 {
                    0 => {
                        app.post(
                            "/api/articles",
                            article(w * 100_000 + n, "2026-02-01", "Load"),
                        )
                        .await
                    }
                    1 => {
                        let body = format!(
                            "“Round {w}-{n},” Ana Ruiz said. The port reopened on day {n}."
                        );
                        let r = app
                            .patch(&format!("/api/articles/{edited}"), json!({"body": body}))
                            .await;
                        if r.status.is_success() {
                            last_body = Some(body);
                        }
                        r
                    }
                    _ => {
                        app.patch(
                            &format!("/api/quotes/{quote}"),
                            json!({"role": format!("role {w}-{n}")}),
                        )
                        .await
                    }
                };
                assert!(r.status.is_success(), "writer {w}: {} {}", r.status, r.json);
                if w % 3 == 0 {
                    created.push(r.json["id"].as_i64().expect("id"));
                }
            }
            (created, last_body)
        }));
    }
    for _ in 0..4 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            while tokio::time::Instant::now() < deadline {
                for uri in [
                    "/api/articles?limit=5",
                    "/api/quotes?q=port",
                    "/api/entities?limit=5",
                ] {
                    let r = app.get(uri).await;
                    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.json);
                }
            }
            (Vec::new(), None)
        }));
    }
    let mut created = Vec::new();
    let mut bodies = Vec::new();
    for t in tasks {
        let (ids, body) = t.await.expect("task");
        created.extend(ids);
        bodies.extend(body);
    }
    assert!(!created.is_empty() && !bodies.is_empty());
    for id in &created {
        assert_eq!(
            app.get(&format!("/api/articles/{id}")).await.status,
            StatusCode::OK
        );
    }
    // The edited article holds one of the bodies written, and its annotations
    // point into that body.
    let final_article = app.get(&format!("/api/articles/{edited}")).await.json;
    let body = final_article["body"].as_str().expect("body").to_string();
    assert!(bodies.contains(&body), "{body}");
    let quotes = app.get(&format!("/api/quotes?article={edited}")).await.json;
    let quotes = quotes["data"].as_array().expect("quotes");
    assert!(!quotes.is_empty());
    for q in quotes {
        let (s, e) = (
            q["start"].as_u64().expect("start") as usize,
            q["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(
            crate::common::slice(&body, s, e, "codepoint"),
            q["text"].as_str().expect("text")
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Arbitrary Unicode in dates, numbers, ids and offsets: never a panic,
    /// never a server error, always a problem document when refused.
    #[test]
    fn any_parameter_value_is_answered_without_a_server_error(value in "\\PC{0,12}") {
        runtime().block_on(async {
            let app = shared_app().await;
            let v = urlencode(&value);
            for uri in [
                format!("/api/articles?from={v}"),
                format!("/api/articles?to={v}&limit={v}"),
                format!("/api/quotes?offsets={v}&article={v}"),
                format!("/api/entities?min_mentions={v}&kind={v}"),
                format!("/api/articles/{v}"),
                format!("/api/quotes?cursor={v}"),
            ] {
                let r = app.get(&uri).await;
                assert!(r.status.as_u16() < 500, "{uri}: {}", r.status);
                if !r.status.is_success() {
                    r.problem(r.status.as_u16());
                }
            }
            let mut body = article(1, "2026-01-01", "Wire");
            body["published_at"] = json!(value);
            let r = app.post("/api/articles", body).await;
            assert!(r.status.as_u16() < 500, "published_at {value:?}: {}", r.status);
        });
        assert!(quotewire::ingest::normalize_date(&value).is_none_or(|d| d.is_ascii()));
    }
}

/// One runtime and one app for every property case (a fresh database per case
/// costs more than the cases).
fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

async fn shared_app() -> &'static TestApp {
    static APP: tokio::sync::OnceCell<TestApp> = tokio::sync::OnceCell::const_new();
    APP.get_or_init(TestApp::new).await
}

#[tokio::test]
async fn a_request_past_the_timeout_is_a_timeout_problem() {
    let app = TestApp::with_config(ServeArgs {
        request_timeout: 1,
        ..ServeArgs::default()
    })
    .await;
    // A body that never ends keeps the handler waiting past the deadline.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/articles:batch")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::new(Endless))
        .expect("req");
    let r = app.raw(req).await;
    assert_eq!(r.problem(503)["type"], "/problems/timeout");
    assert_eq!(r.header("retry-after").as_deref(), Some("1"));
}

/// A request body that never yields a byte.
struct Endless;

impl axum::body::HttpBody for Endless {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Pending
    }
}

#[tokio::test]
async fn bodies_are_objects_and_blank_values_are_values() {
    let app = TestApp::new().await;
    let id = app.create(article(1, "2026-01-01", "Wire")).await["id"]
        .as_i64()
        .expect("id");
    // serde fills a struct from an array of its fields: `[null, null]` once
    // cleared the title.
    for body in ["[null, null]", "null", "\"x\"", "  [\"t\"]"] {
        let req = Request::builder()
            .method(Method::PATCH)
            .uri(format!("/api/articles/{id}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .expect("req");
        app.raw(req).await.problem(400);
    }
    assert_eq!(
        app.get(&format!("/api/articles/{id}")).await.json["title"],
        "Report 1"
    );
    // An empty value is no value; blanks are a value, refused where they mean nothing.
    assert_eq!(app.get("/api/quotes?kind=").await.status, StatusCode::OK);
    for uri in [
        "/api/quotes?kind=%20",
        "/api/articles?offsets=%0A",
        "/api/articles?limit=%20",
    ] {
        app.get(uri).await.problem(400);
    }
}
