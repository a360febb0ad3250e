//! `/openapi.json` against the real router: every documented query parameter is
//! accepted with every value the schema allows, values outside it and undocumented
//! parameters are refused, and the errors layers can give are declared everywhere.

use std::collections::{BTreeSet, HashSet};

use crate::common::{Reply, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};

/// Three articles quoting and naming Ana Silva, so that every list has a second page.
async fn seeded() -> TestApp {
    let app = TestApp::new().await;
    for n in 1..=3 {
        let body = format!(
            "Item {n}. \u{201c}All is well,\u{201d} said Ana Silva at the harbour. Lisbon agreed."
        );
        app.create(json!({
            "body": body,
            "title": format!("Harbour {n}"),
            "source": "Wire",
            "byline": "staff",
            "published_at": format!("2026-01-0{n}"),
            "annotations": {
                "quotes": [{"kind": "direct", "start": 9, "end": 20, "text": "All is well", "speaker": "Ana Silva"}],
                "entities": [
                    {"kind": "person", "name": "Ana Silva", "mentions": [{"start": 28, "end": 37, "text": "Ana Silva"}]},
                    {"kind": "location", "name": "Lisbon", "mentions": [{"start": 54, "end": 60, "text": "Lisbon"}]}
                ]
            }
        }))
        .await;
    }
    app
}

fn first_id(r: &Reply) -> i64 {
    r.json["data"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("an id in {}", r.json))
}

/// A value a string parameter is expected to accept, over the seeded data.
fn sample(path: &str, name: &str) -> &'static str {
    match name {
        "q" if path == "/api/entities" => "ana",
        "q" => "harbour",
        "cue" => "said",
        "speaker" => "Silva",
        "entity" => "Ana Silva",
        "about" => "Lisbon",
        "facet" if path == "/api/quotes" => "speaker,kind,cue,source,month",
        "facet" if path == "/api/articles" => "source,byline,entity,speaker,month",
        "facet" => "kind",
        "fields" => "body,quotes,entities",
        "source" => "Wire",
        "byline" => "staff",
        "from" => "2026-01-01",
        "to" => "2026-12-31",
        other => panic!("no sample value for `{other}` of {path}: add one to this test"),
    }
}

fn query_params(op: &Value) -> Vec<(String, Value)> {
    op["parameters"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter(|p| p["in"] == "query")
                .map(|p| {
                    let name = p["name"].as_str().expect("name").to_string();
                    (name, p["schema"].clone())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The parameters the handler takes, as its 400 for an unknown one lists them.
fn taken(r: &Reply) -> BTreeSet<String> {
    let detail = r.json["detail"].as_str().expect("detail");
    let list = detail
        .split_once("this endpoint takes: ")
        .unwrap_or_else(|| panic!("a list of parameters in: {detail}"))
        .1;
    list.split(", ")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

async fn spec(app: &TestApp) -> Value {
    let r = app.get("/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    r.json
}

#[tokio::test]
async fn every_documented_query_parameter_is_accepted_and_nothing_else() {
    let app = seeded().await;
    let spec = spec(&app).await;
    let article = first_id(&app.get("/api/articles").await);
    let quote = first_id(&app.get("/api/quotes").await);
    let entity = first_id(&app.get("/api/entities?q=ana").await);
    let paths = spec["paths"].as_object().expect("paths");
    let mut lists = 0;
    for (template, item) in paths {
        let Some(op) = item.get("get") else { continue };
        if !template.starts_with("/api/") {
            continue;
        }
        let id = if template.starts_with("/api/articles/") {
            article
        } else if template.starts_with("/api/quotes/") {
            quote
        } else {
            entity
        };
        let path = template.replace("{id}", &id.to_string());
        let params = query_params(op);
        let documented: BTreeSet<String> = params.iter().map(|(n, _)| n.clone()).collect();

        let unknown = app.get(&format!("{path}?undocumented=1")).await;
        assert_eq!(unknown.problem(400)["parameter"], "undocumented", "{path}");
        assert_eq!(
            taken(&unknown),
            documented,
            "GET {template}: the parameters the handler takes are the documented ones"
        );

        let lists_items = documented.contains("cursor");
        let cursor = if lists_items {
            lists += 1;
            let first = app.get(&format!("{path}?limit=1")).await;
            assert_eq!(first.status, StatusCode::OK, "{path}: {}", first.json);
            first.json["next_cursor"]
                .as_str()
                .unwrap_or_else(|| panic!("{path} has a second page: {}", first.json))
                .to_string()
        } else {
            String::new()
        };

        for (name, schema) in &params {
            // `?name=` is the parameter left out, and documented so.
            let mut good: Vec<String> = vec![String::new()];
            let mut bad: Vec<String> = Vec::new();
            if let Some(values) = schema["enum"].as_array() {
                good.extend(values.iter().map(|v| v.as_str().expect("word").to_string()));
                bad.push("not-one-of-them".to_string());
            } else {
                match schema["type"].as_str() {
                    Some("integer") => {
                        let min = schema["minimum"]
                            .as_i64()
                            .unwrap_or_else(|| panic!("{template} `{name}` has a minimum"));
                        good.push(min.to_string());
                        bad.push((min - 1).to_string());
                        if let Some(max) = schema["maximum"].as_i64() {
                            good.push(max.to_string());
                            bad.push((max + 1).to_string());
                        }
                        bad.push("x".to_string());
                    }
                    Some("boolean") => {
                        good.extend(["true".to_string(), "false".to_string()]);
                        bad.push("maybe".to_string());
                    }
                    Some("string") if name == "cursor" => good.push(cursor.clone()),
                    Some("string") => good.push(sample(template, name).to_string()),
                    other => panic!("{template} `{name}`: unexpected schema type {other:?}"),
                }
            }
            for value in &good {
                let mut query = vec![(name.as_str(), value.as_str())];
                // Relevance order needs words to rank by.
                if value == "relevance" {
                    query.push(("q", sample(template, "q")));
                }
                let qs = serde_urlencoded::to_string(&query).expect("query");
                let r = app.get(&format!("{path}?{qs}")).await;
                assert_eq!(
                    r.status,
                    StatusCode::OK,
                    "GET {path}?{qs} is documented: {}",
                    r.json
                );
            }
            for value in &bad {
                let qs =
                    serde_urlencoded::to_string([(name.as_str(), value.as_str())]).expect("query");
                let r = app.get(&format!("{path}?{qs}")).await;
                assert_eq!(
                    r.problem(400)["parameter"],
                    name.as_str(),
                    "GET {path}?{qs}"
                );
            }
        }
    }
    assert_eq!(lists, 5, "five list routes");
}

/// A minimal request to a write route with the query `query`: the handler judges
/// the query before it looks at the body.
fn write_request(method: &str, path: &str, query: &str) -> Request<Body> {
    let (uri, content_type, body) = match (method, path) {
        ("post", "/api/articles") => (path.to_string(), "application/json", r#"{"body":"x"}"#),
        ("post", "/api/quotes") => (
            path.to_string(),
            "application/json",
            r#"{"article_id":1,"start":0,"end":1}"#,
        ),
        ("post", "/api/annotate") => (path.to_string(), "application/json", r#"{"text":"x"}"#),
        ("post", "/api/articles:batch" | "/api/import") => (
            path.to_string(),
            "application/x-ndjson",
            "{\"body\":\"x\"}\n",
        ),
        ("patch", _) => (path.replace("{id}", "1"), "application/json", "{}"),
        ("delete", _) => (path.replace("{id}", "1"), "application/json", ""),
        other => panic!("no sample request for {other:?}: add one to this test"),
    };
    Request::builder()
        .method(Method::from_bytes(method.to_uppercase().as_bytes()).expect("method"))
        .uri(format!("{uri}?{query}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("request")
}

#[tokio::test]
async fn write_routes_take_exactly_their_documented_parameters() {
    let app = seeded().await;
    let spec = spec(&app).await;
    let mut writes = 0;
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in ["post", "patch", "delete"] {
            let Some(op) = item.get(method) else { continue };
            writes += 1;
            let documented: BTreeSet<String> =
                query_params(op).into_iter().map(|(n, _)| n).collect();
            let r = app.raw(write_request(method, path, "undocumented=1")).await;
            assert_eq!(
                r.problem(400)["parameter"],
                "undocumented",
                "{method} {path}"
            );
            assert_eq!(taken(&r), documented, "{method} {path}");
        }
    }
    assert_eq!(writes, 9);
}

/// No parameter is a list by repetition (lists are comma-separated): on every
/// route, each documented query parameter given twice is a 400 naming it.
#[tokio::test]
async fn every_route_refuses_a_repeated_query_parameter() {
    let app = TestApp::new().await;
    let spec = spec(&app).await;
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().expect("paths") {
        if !path.starts_with("/api/") {
            continue;
        }
        for (method, op) in item.as_object().expect("item") {
            for (name, _) in query_params(op) {
                let query = format!("{name}=x&{name}=x");
                let r = if method == "get" {
                    app.get(&format!("{}?{query}", path.replace("{id}", "1")))
                        .await
                } else {
                    app.raw(write_request(method, path, &query)).await
                };
                let what = format!("{method} {path}?{query}");
                let problem = r.problem(400);
                assert_eq!(problem["parameter"], name.as_str(), "{what}");
                assert!(
                    problem["detail"]
                        .as_str()
                        .is_some_and(|d| d.contains("more than once")),
                    "{what}: {problem}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 80, "{checked} parameters checked");
}

#[tokio::test]
async fn every_operation_declares_the_errors_it_can_give() {
    let app = TestApp::new().await;
    let spec = spec(&app).await;
    let mut ids = HashSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let what = format!("{method} {path}");
            let id = op["operationId"].as_str().expect("operationId");
            assert!(
                ids.insert(id.to_string()),
                "{what}: operationId {id} repeated"
            );
            let responses = op["responses"].as_object().expect("responses");
            let has = |status: &str| responses.contains_key(status);
            assert!(has("503"), "{what} declares the timeout");
            let write = matches!(method.as_str(), "post" | "patch" | "delete");
            if path.starts_with("/api/") {
                assert!(has("400"), "{what} declares 400");
            }
            if write && path != "/api/annotate" {
                assert!(
                    op["security"].as_array().is_some_and(|s| !s.is_empty()),
                    "{what} needs the token"
                );
                assert!(has("401"), "{what} declares 401");
            }
            if op.get("requestBody").is_some() {
                for status in ["413", "415"] {
                    assert!(has(status), "{what} declares {status}");
                }
            }
            if path.contains("{id}") {
                assert!(has("404"), "{what} declares 404");
            }
            for (status, r) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        r["content"]["application/problem+json"].is_object(),
                        "{what} {status} is problem+json"
                    );
                }
            }
            let mut names = HashSet::new();
            for p in op["parameters"].as_array().into_iter().flatten() {
                assert!(
                    names.insert((p["in"].to_string(), p["name"].to_string())),
                    "{what}: parameter {} declared twice",
                    p["name"]
                );
                if p["in"] == "query" {
                    assert_eq!(p["allowEmptyValue"], true, "{what} {}", p["name"]);
                }
            }
            for (name, schema) in query_params(op) {
                if name == "limit" {
                    assert_eq!(
                        (&schema["minimum"], &schema["maximum"]),
                        (&json!(1), &json!(200))
                    );
                }
            }
        }
    }
    assert_eq!(
        spec["paths"]["/api/import"]["post"]["requestBody"],
        spec["paths"]["/api/articles:batch"]["post"]["requestBody"],
        "/api/import is documented as the batch route"
    );
}

#[tokio::test]
async fn a_batch_without_articles_is_a_400() {
    let app = TestApp::new().await;
    for path in ["/api/articles:batch", "/api/import"] {
        for body in ["", "\n  \n\n"] {
            let req = Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-ndjson")
                .body(Body::from(body))
                .expect("request");
            let r = app.raw(req).await;
            let problem = r.problem(400);
            assert!(
                problem["detail"]
                    .as_str()
                    .is_some_and(|d| d.contains("no article")),
                "{path} {body:?}: {problem}"
            );
        }
    }
    assert_eq!(app.store.article_count().await.expect("count"), 0);
}
