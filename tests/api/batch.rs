use crate::common::{article, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use quotewire::config::ServeArgs;
use serde_json::{json, Value};

fn ndjson(lines: &[String]) -> String {
    lines.join("\n") + "\n"
}

async fn post_batch(
    app: &TestApp,
    uri: &str,
    body: String,
    token: Option<&str>,
) -> (StatusCode, Vec<Value>) {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/x-ndjson");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let r = app.raw(req.body(Body::from(body)).expect("request")).await;
    let lines = match &r.json {
        Value::String(s) => s
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect(),
        Value::Null => Vec::new(),
        // A single line parses as one JSON value.
        v => vec![v.clone()],
    };
    (r.status, lines)
}

#[tokio::test]
async fn each_line_gets_its_own_answer() {
    let app = TestApp::new().await;
    let first = article(1, "2026-01-01", "A").to_string();
    let mut bad_date = article(2, "2026-01-01", "A");
    bad_date["published_at"] = json!("yesterday");
    let body = ndjson(&[
        first.clone(),
        String::new(),
        first.clone(),
        "{not json".to_string(),
        bad_date.to_string(),
        json!({"body": "An article without annotations, annotated by the server."}).to_string(),
    ]);
    let (status, lines) = post_batch(&app, "/api/articles:batch", body, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["status"], 201);
    let id = lines[0]["id"].as_i64().expect("id");
    assert_eq!(lines[1]["line"], 3);
    assert_eq!(lines[1]["status"], 409);
    assert_eq!(lines[1]["existing_id"], id);
    assert_eq!(lines[2]["line"], 4);
    assert_eq!(lines[2]["status"], 400);
    assert!(lines[2]["error"].is_string());
    assert_eq!(lines[3]["status"], 422);
    assert_eq!(lines[3]["field"], "published_at");
    assert_eq!(lines[4]["status"], 201);

    let stored = app.get(&format!("/api/articles/{id}")).await;
    assert_eq!(stored.status, StatusCode::OK);
    assert_eq!(stored.json["title"], "Report 1");
    let auto = app.get(&format!("/api/articles/{}", lines[4]["id"])).await;
    assert_eq!(auto.json["annotator_version"], quotewire::annotate::VERSION);
    assert_eq!(app.get("/api/articles?count=true").await.json["total"], 2);
}

#[tokio::test]
async fn supplied_annotations_are_stored_and_a_resend_is_all_duplicates() {
    let app = TestApp::new().await;
    let lines: Vec<String> = (0..300)
        .map(|n| article(n, "2026-02-01", "B").to_string())
        .collect();
    // More lines than one batch, the last one without a final newline.
    let body = lines.join("\n");
    let (status, answers) = post_batch(&app, "/api/import", body.clone(), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answers.len(), 300);
    assert!(
        answers.iter().all(|a| a["status"] == 201),
        "{:?}",
        answers.iter().find(|a| a["status"] != 201)
    );
    let numbers: Vec<i64> = answers.iter().filter_map(|a| a["line"].as_i64()).collect();
    assert_eq!(numbers, (1..=300).collect::<Vec<_>>());
    // Every batch is in the full-text index when its transaction commits.
    let found = app.get("/api/articles?q=harbour&count=true").await;
    assert_eq!(found.json["total"], 300);
    let one = app.get("/api/articles?q=item%20299").await;
    assert_eq!(one.json["data"][0]["title"], "Report 299");

    let (_, again) = post_batch(&app, "/api/import", body, None).await;
    assert!(again
        .iter()
        .all(|a| a["status"] == 409 && a["existing_id"].is_i64()));
    assert_eq!(app.get("/api/articles?count=true").await.json["total"], 300);
}

#[tokio::test]
async fn quotes_of_a_batch_are_searchable() {
    let app = TestApp::new().await;
    let line = json!({
        "body": "\"We will rebuild the harbour,\" the mayor said on Monday.",
        "title": "Harbour",
    });
    let (status, answers) =
        post_batch(&app, "/api/import", ndjson(&[line.to_string()]), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answers[0]["status"], 201, "{answers:?}");
    let found = app.get("/api/quotes?q=rebuild").await;
    let items = found.json["data"].as_array().expect("data");
    assert_eq!(items.len(), 1, "{:?}", found.json);
    assert_eq!(items[0]["text"], "We will rebuild the harbour,");
    assert!(app.get("/api/quotes?q=monday").await.json["data"]
        .as_array()
        .is_some_and(|a| a.is_empty()));
}

#[tokio::test]
async fn a_line_over_the_limit_is_answered_and_the_next_still_stored() {
    let app = TestApp::new().await;
    let huge = format!(
        "{{\"body\": \"{}\"}}",
        "x".repeat(quotewire::api::lines::MAX_LINE + 10)
    );
    let ok = article(7, "2026-03-01", "C").to_string();
    let (status, lines) = post_batch(&app, "/api/articles:batch", ndjson(&[huge, ok]), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["status"], 400);
    assert!(lines[0]["error"]
        .as_str()
        .is_some_and(|e| e.contains("longer")));
    assert_eq!(lines[1]["status"], 201);
    assert_eq!(lines[1]["line"], 2);
}

#[tokio::test]
async fn batch_writes_need_the_token() {
    let app = TestApp::with_config(ServeArgs {
        api_token: Some("s3cret".to_string()),
        ..ServeArgs::default()
    })
    .await;
    let body = ndjson(&[article(1, "2026-01-01", "A").to_string()]);
    for uri in ["/api/articles:batch", "/api/import"] {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/x-ndjson");
        req = req.header(header::AUTHORIZATION, "Bearer wrong");
        let r = app
            .raw(req.body(Body::from(body.clone())).expect("request"))
            .await;
        r.problem(401);
    }
    let (status, lines) = post_batch(&app, "/api/articles:batch", body, Some("s3cret")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lines[0]["status"], 201);
}

#[tokio::test]
async fn the_batch_endpoint_is_documented() {
    let app = TestApp::new().await;
    let spec = app.get("/openapi.json").await.json;
    assert!(spec["paths"]["/api/articles:batch"]["post"].is_object());
}

/// An article whose one supplied annotation is a person named `name`.
fn naming(n: usize, name: &str) -> String {
    let body = format!("{name} played on day {n}.");
    json!({
        "body": body,
        "published_at": "2026-03-01",
        "annotations": {"quotes": [], "entities": [
            {"kind": "person", "name": name, "mentions": [{"start": 0, "end": name.len(), "text": name}]}]}
    })
    .to_string()
}

#[tokio::test]
async fn a_surname_in_a_batch_meets_a_full_name_later_in_it_unless_two_share_it() {
    let app = TestApp::new().await;
    // The surname comes first; the full name, later in the same batch, still claims it.
    let (_, answers) = post_batch(
        &app,
        "/api/articles:batch",
        ndjson(&[naming(1, "Dent"), naming(2, "Taylor Dent")]),
        None,
    )
    .await;
    assert!(answers.iter().all(|a| a["status"] == 201), "{answers:?}");
    let dent = app.get("/api/entities?q=Dent").await;
    assert_eq!(
        dent.json["data"].as_array().map(Vec::len),
        Some(1),
        "{}",
        dent.json
    );
    assert_eq!(dent.json["data"][0]["name"], "Taylor Dent");
    assert_eq!(dent.json["data"][0]["mention_count"], 2);

    // Two people with the surname in one batch: the bare surname is neither of them.
    let (_, answers) = post_batch(
        &app,
        "/api/articles:batch",
        ndjson(&[
            naming(3, "Ortiz"),
            naming(4, "Ana Ortiz"),
            naming(5, "Luis Ortiz"),
        ]),
        None,
    )
    .await;
    assert!(answers.iter().all(|a| a["status"] == 201), "{answers:?}");
    let ortiz = app.get("/api/entities?q=Ortiz").await;
    let mut names: Vec<String> = ortiz.json["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str().map(String::from))
        .collect();
    names.sort();
    assert_eq!(names, ["Ana Ortiz", "Luis Ortiz", "Ortiz"]);
}
