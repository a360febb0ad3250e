//! Article lists: lean items (an excerpt, no body), `fields=` for more, and
//! search snippets whose marks are offsets into plain text.

use crate::common::{seed_with_gold, slice, TestApp};
use serde_json::{json, Value};

const EXCERPT_CHARS: usize = 300;

fn items(json: &Value) -> &Vec<Value> {
    json["data"].as_array().expect("data")
}

/// A body of about 2,000 code points, with accented words and emoji throughout,
/// ending with a sentence about the harbour café.
fn long_body() -> String {
    let mut body = String::new();
    for n in 0..40 {
        body.push_str(&format!("Paragraph {n}: the señora said 😀 nothing. "));
    }
    body.push_str("At last the café at the harbour reopened, and Zoë 👩‍🔧 cheered the café.");
    body
}

#[tokio::test]
async fn list_items_carry_an_excerpt_cut_on_a_word_and_no_body() {
    let app = TestApp::new().await;
    let long = app
        .create(
            json!({"title": "Long", "published_at": "2026-01-02", "body": long_body(),
            "annotations": {"quotes": [], "entities": []}}),
        )
        .await;
    app.create(json!({"title": "Short", "published_at": "2026-01-01",
        "body": "A short note.\n\n", "annotations": {"quotes": [], "entities": []}}))
        .await;
    let seed = app.create_seed().await;
    for path in [
        "/api/articles".to_string(),
        "/api/articles?q=the".to_string(),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status, 200, "{}", r.json);
        for item in items(&r.json) {
            for absent in ["body", "quotes", "entities"] {
                assert!(item.get(absent).is_none(), "{path}: {absent} in {item}");
            }
            assert!(item["quote_count"].is_i64() && item["entity_count"].is_i64());
        }
    }
    let listed = app.get("/api/articles").await;
    let by_title = |t: &str| {
        items(&listed.json)
            .iter()
            .find(|i| i["title"] == t)
            .cloned()
            .expect("listed")
    };
    let short = by_title("Short");
    assert_eq!(short["excerpt"], "A short note.");
    assert_eq!(short["excerpt_truncated"], false);

    for (item, body) in [
        (by_title("Long"), long["body"].as_str().expect("body")),
        (
            by_title(seed["title"].as_str().expect("title")),
            seed["body"].as_str().expect("body"),
        ),
    ] {
        let excerpt = item["excerpt"].as_str().expect("excerpt");
        let n = excerpt.chars().count();
        assert!(
            n <= EXCERPT_CHARS && n > EXCERPT_CHARS - 40,
            "{n}: {excerpt}"
        );
        assert!(body.starts_with(excerpt), "a prefix of the body: {excerpt}");
        assert_eq!(item["excerpt_truncated"], true);
        // Cut at a word's end: whitespace follows in the body, none ends the excerpt.
        let next = body[excerpt.len()..].chars().next().expect("more body");
        assert!(
            next.is_whitespace(),
            "cut inside a word: {excerpt:?} + {next:?}"
        );
        assert!(!excerpt.ends_with(char::is_whitespace));
    }
}

#[tokio::test]
async fn fields_adds_the_body_and_annotations_in_the_unit_asked() {
    let app = TestApp::new().await;
    let seed = app.create(seed_with_gold()).await;
    let id = seed["id"].as_i64().expect("id");
    for unit in ["codepoint", "utf16", "utf8"] {
        let full = app
            .get(&format!("/api/articles/{id}?offsets={unit}"))
            .await
            .json;
        let r = app
            .get(&format!(
                "/api/articles?fields=body,quotes,entities&offsets={unit}"
            ))
            .await;
        assert_eq!(r.status, 200, "{}", r.json);
        let item = &items(&r.json)[0];
        for field in ["body", "quotes", "entities"] {
            assert_eq!(item[field], full[field], "{field} in {unit}");
        }
        assert!(item["excerpt"].is_string());
    }
    // One part alone, on the entity's list too.
    let entity = seed["entities"][0]["id"].as_i64().expect("entity");
    for path in [
        "/api/articles?fields=quotes".to_string(),
        format!("/api/entities/{entity}/articles?fields=quotes"),
    ] {
        let r = app.get(&path).await;
        let item = &items(&r.json)[0];
        assert_eq!(item["quotes"], seed["quotes"], "{path}");
        assert!(item.get("body").is_none() && item.get("entities").is_none());
    }
    // An article without annotations asked for them gets empty lists.
    app.create(
        json!({"body": "Nothing said here.", "published_at": "2027-01-01",
        "annotations": {"quotes": [], "entities": []}}),
    )
    .await;
    let r = app
        .get("/api/articles?fields=quotes,entities&limit=1")
        .await;
    assert_eq!(items(&r.json)[0]["quotes"], json!([]));
    assert_eq!(items(&r.json)[0]["entities"], json!([]));
}

#[tokio::test]
async fn an_unknown_field_is_a_problem_naming_it() {
    let app = TestApp::new().await;
    for path in [
        "/api/articles?fields=body,colour",
        "/api/entities/1/articles?fields=colour",
    ] {
        let r = app.get(path).await;
        let p = r.problem(400);
        assert_eq!(p["parameter"], "fields");
        assert!(
            p["detail"].as_str().unwrap_or("").contains("`colour`"),
            "{path}: {p}"
        );
    }
    app.get("/api/articles?fields=body&fields=quotes")
        .await
        .problem(400);
}

#[tokio::test]
async fn snippet_marks_land_on_the_matched_words_in_every_unit() {
    let app = TestApp::new().await;
    app.create(
        json!({"title": "Long", "published_at": "2026-01-02", "body": long_body(),
        "annotations": {"quotes": [], "entities": []}}),
    )
    .await;
    app.create(json!({"title": "Café", "published_at": "2026-01-01",
        "body": "😀 Zoë’s café: the CAFÉ, cafés and a cafe.",
        "annotations": {"quotes": [], "entities": []}}))
        .await;
    for unit in ["codepoint", "utf16", "utf8"] {
        for sort in ["relevance", "newest"] {
            let r = app
                .get(&format!("/api/articles?q=café&offsets={unit}&sort={sort}"))
                .await;
            assert_eq!(r.status, 200, "{}", r.json);
            assert_eq!(items(&r.json).len(), 2);
            for item in items(&r.json) {
                let snippet = &item["snippet"];
                let text = snippet["text"].as_str().expect("text");
                assert!(!text.contains(['\u{E000}', '\u{E001}', '\u{E002}']));
                let marked: Vec<String> = snippet["marks"]
                    .as_array()
                    .expect("marks")
                    .iter()
                    .map(|m| {
                        let at = |k: &str| m[k].as_u64().expect("offset") as usize;
                        slice(text, at("start"), at("end"), unit)
                    })
                    .collect();
                if item["title"] == "Café" {
                    // Accents folded, case ignored; `cafés` is another word.
                    assert_eq!(marked, ["café", "CAFÉ", "cafe"], "{unit}");
                    assert_eq!(text, "😀 Zoë’s café: the CAFÉ, cafés and a cafe.");
                    assert_eq!(snippet["truncated_start"], false);
                    assert_eq!(snippet["truncated_end"], false);
                } else {
                    assert_eq!(marked, ["café", "café"], "{unit}: {text}");
                    assert_eq!(snippet["truncated_start"], true, "{text}");
                    assert!(text.ends_with("cheered the café."), "{text}");
                    assert_eq!(snippet["truncated_end"], false);
                    assert!(long_body().contains(text), "the body's own text");
                }
            }
        }
    }
    // A phrase is marked whole; a prefix marks the word it begins.
    let r = app.get("/api/articles?q=%22the%20harbour%22%20reop*").await;
    let item = &items(&r.json)[0];
    let text = item["snippet"]["text"].as_str().expect("text");
    let marked: Vec<String> = item["snippet"]["marks"]
        .as_array()
        .expect("marks")
        .iter()
        .map(|m| {
            let at = |k: &str| m[k].as_u64().expect("offset") as usize;
            slice(text, at("start"), at("end"), "codepoint")
        })
        .collect();
    assert_eq!(marked, ["the harbour", "reopened"], "{text}");
}

#[tokio::test]
async fn no_snippet_without_q() {
    let app = TestApp::new().await;
    let seed = app.create_seed().await;
    let entity = seed["entities"][0]["id"].as_i64().expect("entity");
    for path in [
        "/api/articles".to_string(),
        "/api/articles?fields=body".to_string(),
        format!("/api/entities/{entity}/articles"),
    ] {
        let r = app.get(&path).await;
        assert_eq!(items(&r.json).len(), 1, "{path}");
        assert!(items(&r.json)[0].get("snippet").is_none(), "{path}");
    }
    let r = app
        .get(&format!("/api/entities/{entity}/articles?q=Venezuela"))
        .await;
    assert!(items(&r.json)[0]["snippet"]["marks"]
        .as_array()
        .is_some_and(|m| !m.is_empty()));
}
