use crate::common::{slice, TestApp};

/// The sample has "Nicolás", curly quotes and en dashes before most spans: a wrong
/// unit shows at once as a slice that does not match.
#[tokio::test]
async fn every_span_slices_the_body_in_all_three_units() {
    let app = TestApp::new().await;
    let id = app.create_seed().await["id"].as_i64().expect("id");
    let mut starts = Vec::new();
    for unit in ["codepoint", "utf16", "utf8"] {
        let a = app.get(&format!("/api/articles/{id}?offsets={unit}")).await;
        let body = a.json["body"].as_str().expect("body");
        let quotes = a.json["quotes"].as_array().expect("quotes");
        assert_eq!(quotes.len(), 10);
        for q in quotes {
            let s = |v: &serde_json::Value| v.as_u64().expect("offset") as usize;
            assert_eq!(
                slice(body, s(&q["start"]), s(&q["end"]), unit),
                q["text"],
                "{unit}"
            );
            for span in [&q["speaker_mention"], &q["cue"]] {
                assert_eq!(
                    slice(body, s(&span["start"]), s(&span["end"]), unit),
                    span["text"],
                    "{unit}"
                );
            }
        }
        for e in a.json["entities"].as_array().expect("entities") {
            for m in e["mentions"].as_array().expect("mentions") {
                let (st, en) = (
                    m["start"].as_u64().unwrap_or(0) as usize,
                    m["end"].as_u64().unwrap_or(0) as usize,
                );
                assert_eq!(slice(body, st, en, unit), m["text"], "{unit}");
            }
        }
        starts.push(quotes[0]["start"].as_u64());
        // Lists of quotes convert too, and agree with the article.
        let list = app
            .get(&format!(
                "/api/quotes?article={id}&offsets={unit}&limit=200"
            ))
            .await;
        assert_eq!(
            &list.json["data"].as_array().expect("data")[..],
            &quotes[..]
        );
        let one = app
            .get(&format!("/api/quotes/{}?offsets={unit}", quotes[0]["id"]))
            .await;
        assert_eq!(one.json, quotes[0]);
    }
    // The sample is all in the Basic Multilingual Plane: UTF-16 agrees with code
    // points there (the emoji test below tells them apart), UTF-8 does not.
    assert_eq!(starts[0], starts[1]);
    assert_ne!(
        starts[0], starts[2],
        "bytes differ from code points on this text"
    );
}

#[tokio::test]
async fn supplied_annotations_may_use_utf16_offsets() {
    let app = TestApp::new().await;
    let body = "😀 Ana said: \u{201c}Olá\u{201d}";
    // UTF-16: the emoji is two units, so "Olá" starts at 14, not 13.
    let r = app
        .post(
            "/api/articles?offsets=utf16",
            serde_json::json!({"body": body, "annotations": {"quotes": [{"kind": "direct", "start": 14, "end": 17, "text": "Olá", "speaker": "Ana"}], "entities": []}}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.json);
    assert_eq!(
        r.json["quotes"][0]["start"], 14,
        "answered in the unit asked"
    );
    let cp = app.get(&format!("/api/articles/{}", r.json["id"])).await;
    assert_eq!(cp.json["quotes"][0]["start"], 13);
    // An offset inside the emoji's surrogate pair is refused.
    let bad = app
        .post(
            "/api/articles?offsets=utf16",
            serde_json::json!({"body": "😀x", "annotations": {"quotes": [{"kind": "direct", "start": 1, "end": 3, "text": "x"}]}}),
        )
        .await;
    bad.problem(422);
}
