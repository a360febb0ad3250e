//! The service with its own engine: the sample article posted as plain text is
//! annotated by the server, and the annotations serve the queries users make.

use crate::common::{seed_gold, slice, TestApp};
use axum::http::StatusCode;
use quotewire::annotate::{self, eval, GoldArticle};
use serde_json::json;

const SAMPLE: &str = include_str!("../../data/samples/venezuela-labor-videoconference.txt");

/// Trimmed quote content, for comparing spans that may or may not include marks.
fn core(text: &str) -> String {
    text.trim_matches(|c: char| c.is_whitespace() || "\"“”‘’«».,:;".contains(c))
        .to_string()
}

#[tokio::test]
async fn quotes_by_torrealba_from_the_posted_plain_text_slice_the_body() {
    let app = TestApp::new().await;
    let parsed = quotewire::ingest::text::parse(SAMPLE);
    assert_eq!(parsed.meta.published_at.as_deref(), Some("2026-01-09"));
    assert_eq!(parsed.meta.dateline.as_deref(), Some("Carcass, Venezuela"));
    let created = app
        .create(json!({"body": parsed.body, "published_at": parsed.meta.published_at, "byline": parsed.meta.byline}))
        .await;
    let body = created["body"].as_str().expect("body").to_string();

    let r = app.get("/api/quotes?speaker=Torrealba&limit=200").await;
    assert_eq!(r.status, StatusCode::OK);
    let quotes = r.json["data"].as_array().expect("data");
    for q in quotes {
        assert_eq!(q["speaker"], "Francisco Torrealba");
        let (s, e) = (
            q["start"].as_u64().unwrap_or(0) as usize,
            q["end"].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(
            slice(&body, s, e, "codepoint"),
            q["text"].as_str().unwrap_or("")
        );
    }
    // Every quote the gold attributes to him is among them.
    let gold = seed_gold();
    let wanted: Vec<String> = gold["quotes"]
        .as_array()
        .expect("gold quotes")
        .iter()
        .filter(|q| q["speaker"] == "Francisco Torrealba")
        .map(|q| core(q["text"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(wanted.len(), 7);
    let found: Vec<String> = quotes
        .iter()
        .map(|q| core(q["text"].as_str().unwrap_or("")))
        .collect();
    for w in &wanted {
        assert!(found.contains(w), "missing quote: {w}\nfound: {found:#?}");
    }
    assert_eq!(found.len(), wanted.len(), "and nothing else");

    // The speaker is an entity with his quotes, and the surname search finds him once.
    let people = app.get("/api/entities?q=Torrealba").await;
    assert_eq!(people.json["data"].as_array().map(Vec::len), Some(1));
    let id = people.json["data"][0]["id"].as_i64().expect("id");
    let said = app
        .get(&format!("/api/entities/{id}/quotes?limit=200"))
        .await;
    assert_eq!(said.json["data"].as_array().map(Vec::len), Some(7));
}

#[test]
fn the_engine_finds_all_ten_sample_quotes_with_their_speakers() {
    let gold: GoldArticle = serde_json::from_value(seed_gold()).expect("gold");
    let predicted = annotate::annotate(&gold.text);
    let report = eval::evaluate(
        std::slice::from_ref(&gold),
        std::slice::from_ref(&predicted),
    );
    let scores = report.to_json("seed");
    let table = report.to_table("seed");
    assert_eq!(predicted.quotes.len(), 10, "{table}");
    for q in &predicted.quotes {
        let text: String = gold
            .text
            .chars()
            .skip(q.start)
            .take(q.end - q.start)
            .collect();
        assert_eq!(text, q.text);
    }
    let json = scores.to_string();
    assert!(json.contains("\"speaker\""), "{json}");
    // Each gold quote is matched at the strict threshold, with the right speaker.
    for g in &gold.quotes {
        let hit = predicted
            .quotes
            .iter()
            .find(|p| eval::overlap_ratio((p.start, p.end), (g.start, g.end)) >= 0.8);
        let hit = hit.unwrap_or_else(|| panic!("missed: {}\n{table}", g.text));
        assert_eq!(hit.speaker, g.speaker, "speaker of: {}", g.text);
        assert_eq!(hit.kind, g.kind, "kind of: {}", g.text);
    }
}
