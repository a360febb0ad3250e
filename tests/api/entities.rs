use crate::common::{seed_with_gold, TestApp};
use axum::http::StatusCode;
use serde_json::json;

fn names(r: &crate::common::Reply) -> Vec<String> {
    r.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|e| e["name"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn entities_filter_by_kind_prefix_and_mentions_and_sort() {
    let app = TestApp::new().await;
    app.create_seed().await;
    let top = app.get("/api/entities?limit=3").await;
    assert_eq!(top.status, StatusCode::OK);
    assert_eq!(
        names(&top)[0],
        "Francisco Torrealba",
        "most mentioned first"
    );
    let counts: Vec<i64> = app.get("/api/entities?limit=200").await.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|e| e["mention_count"].as_i64())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(counts.len(), 21);

    assert_eq!(
        app.get("/api/entities?kind=person&count=true").await.json["total"],
        8
    );
    assert_eq!(
        names(&app.get("/api/entities?q=torre").await),
        ["Francisco Torrealba"],
        "alias prefix"
    );
    assert_eq!(
        names(&app.get("/api/entities?q=nicolas").await),
        ["Nicolás Maduro"],
        "accent-insensitive"
    );
    assert_eq!(
        app.get("/api/entities?min_mentions=3&count=true")
            .await
            .json["total"],
        5
    );
    let by_name = names(
        &app.get("/api/entities?sort=name&kind=location&limit=200")
            .await,
    );
    let mut sorted = by_name.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(by_name, sorted);

    app.get("/api/entities?kind=planet").await.problem(400);
    app.get("/api/entities?min_mentions=-2").await.problem(400);
    app.get("/api/entities?sort=size").await.problem(400);
}

#[tokio::test]
async fn one_person_across_articles_with_aliases_articles_and_quotes() {
    let app = TestApp::new().await;
    app.create_seed().await;
    // A second article names him by surname only; he is the same entity.
    let body = "Torrealba spoke again on Friday. \u{201c}We stand firm,\u{201d} he said.";
    app.create(json!({
        "body": body,
        "published_at": "2026-01-12",
        "annotations": {
            "entities": [{"kind": "person", "name": "Torrealba", "mentions": [{"start": 0, "end": 9, "text": "Torrealba"}]}],
            "quotes": [{"kind": "direct", "start": 34, "end": 47, "text": "We stand firm", "speaker": "Torrealba",
                        "speaker_mention": {"start": 50, "end": 52, "text": "he"}, "cue": {"start": 53, "end": 57, "text": "said"}}]
        }
    }))
    .await;
    let found = app.get("/api/entities?q=Torrealba").await;
    assert_eq!(
        names(&found),
        ["Francisco Torrealba"],
        "one entity however many articles name him"
    );
    let id = found.json["data"][0]["id"].as_i64().expect("id");

    let e = app.get(&format!("/api/entities/{id}")).await;
    assert_eq!(e.status, StatusCode::OK);
    assert_eq!(e.json["kind"], "person");
    assert_eq!(e.json["mention_count"], 8);
    assert_eq!(e.json["article_count"], 2);
    assert_eq!(e.json["quote_count"], 8);
    assert!(e.json["aliases"]
        .as_array()
        .expect("aliases")
        .iter()
        .any(|a| a == "Torrealba"));

    let articles = app.get(&format!("/api/entities/{id}/articles")).await;
    let dates: Vec<&str> = articles.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|a| a["published_at"].as_str())
        .collect();
    assert_eq!(dates, ["2026-01-12", "2026-01-09"]);
    let filtered = app
        .get(&format!("/api/entities/{id}/articles?to=2026-01-10"))
        .await;
    assert_eq!(filtered.json["data"].as_array().map(Vec::len), Some(1));

    let quotes = app
        .get(&format!("/api/entities/{id}/quotes?limit=200"))
        .await;
    assert_eq!(quotes.json["data"].as_array().map(Vec::len), Some(8));
    assert_eq!(
        quotes.json["data"][0]["text"], "We stand firm",
        "newest first"
    );
    let indirect = app
        .get(&format!("/api/entities/{id}/quotes?kind=indirect"))
        .await;
    assert_eq!(indirect.json["data"].as_array().map(Vec::len), Some(1));

    app.get("/api/entities/424242").await.problem(404);
    app.get("/api/entities/424242/quotes").await.problem(404);
    app.get("/api/entities/424242/articles").await.problem(404);
    app.get(&format!("/api/entities/{id}/quotes?speaker=x"))
        .await
        .problem(400);
}

#[tokio::test]
async fn organizations_merge_by_normalized_name() {
    let app = TestApp::new().await;
    app.create(seed_with_gold()).await;
    let body = "The White House declined to comment.";
    app.create(json!({"body": body, "annotations": {"quotes": [], "entities": [
        {"kind": "organization", "name": "the White House", "mentions": [{"start": 0, "end": 15, "text": "The White House"}]}]}}))
        .await;
    let r = app.get("/api/entities?q=white%20house").await;
    assert_eq!(r.json["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(r.json["data"][0]["mention_count"], 2);
}

#[tokio::test]
async fn a_resolved_pronoun_is_a_mention_of_its_person_and_never_an_alias() {
    let app = TestApp::new().await;
    let body = "Maria Lopez, a union steward, spoke on Sunday. \
                \u{201c}We have waited long enough,\u{201d} she said.";
    let created = app
        .create(json!({"body": body, "published_at": "2026-02-01"}))
        .await;
    let id = created["id"].as_i64().expect("id");
    let article = app.get(&format!("/api/articles/{id}")).await;
    let lopez = article.json["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["name"] == "Maria Lopez")
        .expect("Maria Lopez is an entity");
    let texts: Vec<&str> = lopez["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert!(texts.contains(&"she"), "mentions: {texts:?}");

    let entity = app.get(&format!("/api/entities/{}", lopez["id"])).await;
    let aliases = entity.json["aliases"].as_array().expect("aliases");
    assert!(
        aliases
            .iter()
            .all(|a| a.as_str().map(str::to_lowercase) != Some("she".into())),
        "aliases: {aliases:?}"
    );
    let by_pronoun = app.get("/api/quotes?speaker=she").await;
    assert_eq!(by_pronoun.json["data"].as_array().map(Vec::len), Some(0));
    let by_name = app.get("/api/quotes?speaker=Lopez").await;
    assert_eq!(by_name.json["data"].as_array().map(Vec::len), Some(1));
}
