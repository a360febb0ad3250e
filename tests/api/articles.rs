use crate::common::{article, seed_with_gold, TestApp};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn create_returns_201_location_and_the_stored_annotations() {
    let app = TestApp::new().await;
    let r = app.post("/api/articles", seed_with_gold()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let id = r.json["id"].as_i64().expect("id");
    assert_eq!(r.header("location"), Some(format!("/api/articles/{id}")));
    assert_eq!(r.json["published_at"], "2026-01-09");
    assert_eq!(r.json["quotes"].as_array().map(Vec::len), Some(10));
    assert_eq!(r.json["entities"].as_array().map(Vec::len), Some(21));
    assert!(r.json["quotes"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|q| q["origin"] == "manual"));
    // Everything supplied: no engine ran.
    assert_eq!(r.json["annotator_version"], serde_json::Value::Null);

    let got = app.get(&format!("/api/articles/{id}")).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json["body"], r.json["body"]);
    assert_eq!(got.json["quotes"], r.json["quotes"]);
    let torrealba = got.json["entities"]
        .as_array()
        .and_then(|es| es.iter().find(|e| e["name"] == "Francisco Torrealba"))
        .expect("Torrealba entity");
    assert_eq!(torrealba["kind"], "person");
    assert_eq!(torrealba["mentions"].as_array().map(Vec::len), Some(7));
}

#[tokio::test]
async fn without_annotations_the_server_annotates_and_records_the_engine() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/articles",
            json!({"body": "Plain text with nothing to say.", "title": "T"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["annotator_version"], quotewire::annotate::VERSION);
}

#[tokio::test]
async fn the_same_body_twice_is_a_409_naming_the_first() {
    let app = TestApp::new().await;
    let first = app.create(article(1, "2026-01-01", "A")).await;
    let mut again = article(1, "2026-02-01", "B");
    again["title"] = json!("Other title");
    let r = app.post("/api/articles", again).await;
    let p = r.problem(409);
    assert_eq!(p["existing_id"], first["id"]);
    assert!(p["detail"]
        .as_str()
        .unwrap_or("")
        .contains(&format!("/api/articles/{}", first["id"])));

    let mut same_url = article(2, "2026-01-01", "A");
    same_url["url"] = json!("https://example.org/a");
    app.create(same_url.clone()).await;
    same_url["body"] = json!("A different body entirely.");
    app.post("/api/articles", same_url).await.problem(409);
}

#[tokio::test]
async fn bad_articles_are_rejected_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let cases = [
        (json!({"title": "no body"}), 400, None),
        (json!({"body": "   "}), 422, Some("body")),
        (
            json!({"body": "x", "published_at": "last tuesday"}),
            422,
            Some("published_at"),
        ),
        (json!({"body": "x", "url": "not a url"}), 422, Some("url")),
        (json!({"body": "x", "colour": "red"}), 400, None),
        (
            json!({"body": "x", "annotations": {"quotes": [{"kind": "direct", "start": 0, "end": 5, "text": "wrong"}]}}),
            422,
            Some("annotations.quotes[0]"),
        ),
        (
            json!({"body": "x", "annotations": {"quotes": [{"kind": "direct", "start": 0, "end": 99, "text": "x"}]}}),
            422,
            Some("annotations.quotes[0]"),
        ),
        (
            json!({"body": "x", "annotations": {"quotes": [{"kind": "shouted", "start": 0, "end": 1, "text": "x"}]}}),
            400,
            None,
        ),
        (
            json!({"body": "Hello there", "annotations": {"entities": [{"kind": "person", "name": "H", "mentions": [{"start": 0, "end": 5, "text": "Hellx"}]}]}}),
            422,
            Some("annotations.entities[0].mentions[0]"),
        ),
        (
            json!({"body": "Hello there", "annotations": {"quotes": [{"kind": "direct", "start": 0, "end": 5, "text": "Hello", "cue": {"start": 6, "end": 11, "text": "thorn"}}]}}),
            422,
            Some("annotations.quotes[0].cue"),
        ),
    ];
    for (body, status, field) in cases {
        let r = app.post("/api/articles", body.clone()).await;
        let p = r.problem(status);
        if let Some(field) = field {
            assert_eq!(p["parameter"], field, "for {body}");
        }
    }
    let list = app.get("/api/articles?count=true").await;
    assert_eq!(list.json["total"], 0);
}

#[tokio::test]
async fn malformed_json_and_wrong_content_type_are_problems() {
    let app = TestApp::new().await;
    let req = axum::http::Request::post("/api/articles")
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{\"body\": "))
        .expect("request");
    app.raw(req).await.problem(400);
    let req = axum::http::Request::post("/api/articles")
        .header("content-type", "text/plain")
        .body(axum::body::Body::from("hello"))
        .expect("request");
    app.raw(req).await.problem(415);
}

#[tokio::test]
async fn list_filters_by_source_byline_dates_text_and_quotes() {
    let app = TestApp::new().await;
    app.create_seed().await;
    for (n, date, source) in [
        (1, "2025-03-01", "Herald"),
        (2, "2025-06-15T12:00:00Z", "Herald"),
        (3, "2025-09-30", "Courier"),
    ] {
        app.create(article(n, date, source)).await;
    }
    let ids = |uri: &'static str| {
        let app = &app;
        async move {
            let r = app.get(uri).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.json);
            r.json["data"]
                .as_array()
                .expect("data")
                .iter()
                .map(|a| a["title"].as_str().unwrap_or("").to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        ids("/api/articles?source=Herald").await,
        ["Report 2", "Report 1"]
    );
    assert_eq!(ids("/api/articles?byline=staff").await.len(), 1);
    assert_eq!(
        ids("/api/articles?from=2025-06-01&to=2025-06-15").await,
        ["Report 2"]
    );
    assert_eq!(
        ids("/api/articles?from=2025-06-16").await,
        ["Venezuelan unions hold videoconference", "Report 3"]
    );
    assert_eq!(ids("/api/articles?q=harbour%20mayor").await.len(), 3);
    assert_eq!(
        ids("/api/articles?q=%22primera%20combatiente%22")
            .await
            .len(),
        1
    );
    assert_eq!(
        ids("/api/articles?q=harb*&source=Courier").await,
        ["Report 3"]
    );
    assert_eq!(ids("/api/articles?has_quotes=true").await.len(), 1);
    assert_eq!(ids("/api/articles?has_quotes=false").await.len(), 3);
    assert_eq!(ids("/api/articles?entity=Torrealba").await.len(), 1);
    assert_eq!(
        ids("/api/articles?entity=Nicolas%20Maduro").await.len(),
        1,
        "accents fold"
    );
    assert_eq!(ids("/api/articles?speaker=Wills%20Rangel").await.len(), 1);
    assert_eq!(ids("/api/articles?speaker=Nobody").await.len(), 0);
    // Full text with the filters that read other tables (relevance order).
    assert_eq!(
        ids("/api/articles?q=unions&entity=Torrealba").await.len(),
        1
    );
    assert_eq!(
        ids("/api/articles?q=harbour&entity=Torrealba").await.len(),
        0
    );
    assert_eq!(
        ids("/api/articles?q=unions&speaker=Wills%20Rangel")
            .await
            .len(),
        1
    );
    assert_eq!(
        ids("/api/articles?q=harbour&speaker=Wills%20Rangel")
            .await
            .len(),
        0
    );
    assert_eq!(
        ids("/api/articles?q=harbour&has_quotes=false").await.len(),
        3
    );
    assert_eq!(
        ids("/api/articles?q=harbour&has_quotes=true").await.len(),
        0
    );
    assert_eq!(ids("/api/articles?q=unions&has_quotes=true").await.len(), 1);
    // Newest first, undated last.
    assert_eq!(
        ids("/api/articles").await[0],
        "Venezuelan unions hold videoconference"
    );
}

#[tokio::test]
async fn relevance_ranks_title_matches_first() {
    let app = TestApp::new().await;
    let mut a = article(1, "2025-01-01", "X");
    a["body"] = json!("The budget was discussed at length. Budget, budget, budget.");
    a["title"] = json!("Weather");
    app.create(a).await;
    let mut b = article(2, "2024-01-01", "X");
    b["body"] = json!("A short note on the budget.");
    b["title"] = json!("Budget vote");
    app.create(b).await;
    let r = app.get("/api/articles?q=budget").await;
    let titles: Vec<&str> = r.json["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert_eq!(titles, ["Budget vote", "Weather"]);
    let r = app.get("/api/articles?q=budget&sort=newest").await;
    assert_eq!(r.json["data"][0]["title"], "Weather");
    app.get("/api/articles?sort=relevance").await.problem(400);
}

#[tokio::test]
async fn patch_changes_metadata_and_a_new_body_keeps_manual_quotes_that_still_fit() {
    let app = TestApp::new().await;
    let created = app.create_seed().await;
    let id = created["id"].as_i64().expect("id");
    let r = app
        .patch(
            &format!("/api/articles/{id}"),
            json!({"title": "New title", "byline": null, "published_at": "2026-01-10"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["title"], "New title");
    assert_eq!(r.json["byline"], serde_json::Value::Null);
    assert_eq!(r.json["source"], "Labor News", "untouched fields stay");
    let q = app.get(&format!("/api/quotes?article={id}&limit=1")).await;
    assert_eq!(
        q.json["data"][0]["published_at"], "2026-01-10",
        "quotes follow the article's date"
    );

    // Cut the first paragraph: every quote's text is still there, further left.
    let body = created["body"].as_str().expect("body");
    let cut = body.find("National Assembly deputy").expect("paragraph");
    let new_body = body[cut..].to_string();
    let r = app
        .patch(&format!("/api/articles/{id}"), json!({"body": new_body}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let quotes = r.json["quotes"].as_array().expect("quotes");
    let manual: Vec<_> = quotes.iter().filter(|q| q["origin"] == "manual").collect();
    assert_eq!(manual.len(), 10);
    for q in manual {
        let (s, e) = (
            q["start"].as_u64().unwrap_or(0) as usize,
            q["end"].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(
            crate::common::slice(&new_body, s, e, "codepoint"),
            q["text"].as_str().unwrap_or("")
        );
    }
    // Mentions in the removed paragraph are gone; the rest moved.
    let entities = r.json["entities"].as_array().expect("entities");
    // Where the engine agrees with a kept manual mention, the entity holds one
    // mention there, not two.
    let flores: Vec<_> = entities
        .iter()
        .filter(|e| e["name"] == "Cilia Flores")
        .collect();
    assert!(
        flores
            .iter()
            .all(|e| e["mentions"].as_array().map_or(0, Vec::len) == 1),
        "{flores:?}"
    );
    // Whether two of these annotations sit at one place.
    let repeated = |items: &[serde_json::Value]| {
        let mut spans: Vec<(u64, u64)> = items
            .iter()
            .map(|m| {
                (
                    m["start"].as_u64().unwrap_or(0),
                    m["end"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        let n = spans.len();
        spans.sort_unstable();
        spans.dedup();
        spans.len() != n
    };
    for e in entities {
        let mentions = e["mentions"].as_array().map_or(&[][..], Vec::as_slice);
        assert!(!repeated(mentions), "a mention repeated at one place: {e}");
    }
    assert!(!repeated(quotes), "a quote repeated at one place");

    app.patch(&format!("/api/articles/{id}"), json!({"body": ""}))
        .await
        .problem(422);
    app.patch(
        &format!("/api/articles/{id}"),
        json!({"published_at": "soon"}),
    )
    .await
    .problem(422);
    app.patch(&format!("/api/articles/{id}"), json!({"nope": 1}))
        .await
        .problem(400);
    app.patch("/api/articles/9999", json!({"title": "x"}))
        .await
        .problem(404);
}

#[tokio::test]
async fn delete_removes_the_article_and_its_annotations() {
    let app = TestApp::new().await;
    let id = app.create_seed().await["id"].as_i64().expect("id");
    let r = app.delete(&format!("/api/articles/{id}")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    app.get(&format!("/api/articles/{id}")).await.problem(404);
    app.delete(&format!("/api/articles/{id}"))
        .await
        .problem(404);
    let quotes = app.get("/api/quotes?count=true").await;
    assert_eq!(quotes.json["total"], 0);
    let entities = app.get("/api/entities?count=true").await;
    assert_eq!(
        entities.json["total"], 0,
        "no entity is left without mentions in the list"
    );
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_404_problems() {
    let app = TestApp::new().await;
    app.get("/api/articles/12345").await.problem(404);
    app.get("/api/articles/abc").await.problem(404);
    app.get("/api/articles/-1").await.problem(404);
}
