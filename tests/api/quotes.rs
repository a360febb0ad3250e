use crate::common::TestApp;
use axum::http::StatusCode;
use serde_json::json;

fn speakers(r: &crate::common::Reply) -> Vec<String> {
    r.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|q| q["speaker"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn quotes_filter_by_speaker_surname_article_kind_cue_text_and_date() {
    let app = TestApp::new().await;
    let seed = app.create_seed().await;
    let id = seed["id"].as_i64().expect("id");

    let by_surname = app.get("/api/quotes?speaker=Torrealba&limit=200").await;
    assert_eq!(by_surname.status, StatusCode::OK);
    assert_eq!(speakers(&by_surname), vec!["Francisco Torrealba"; 7]);
    let speaker_id = by_surname.json["data"][0]["speaker_id"]
        .as_i64()
        .expect("speaker id");
    let by_id = app
        .get(&format!("/api/quotes?speaker={speaker_id}&limit=200"))
        .await;
    assert_eq!(by_id.json["data"], by_surname.json["data"]);
    assert_eq!(
        speakers(&app.get("/api/quotes?speaker=Corredor").await).len(),
        2
    );
    assert_eq!(
        speakers(&app.get("/api/quotes?speaker=alexis%20corredor").await).len(),
        2
    );
    assert!(speakers(&app.get("/api/quotes?speaker=Maduro").await).is_empty());

    let in_article = app
        .get(&format!("/api/quotes?article={id}&limit=200"))
        .await;
    let starts: Vec<u64> = in_article.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|q| q["start"].as_u64())
        .collect();
    assert_eq!(starts.len(), 10);
    assert!(
        starts.windows(2).all(|w| w[0] < w[1]),
        "one article's quotes in text order"
    );
    assert!(in_article.json["data"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|q| q["article_id"] == id));

    assert_eq!(
        speakers(&app.get("/api/quotes?kind=indirect").await).len(),
        2
    );
    assert_eq!(
        speakers(&app.get("/api/quotes?kind=direct&limit=200").await).len(),
        8
    );
    assert_eq!(
        speakers(&app.get("/api/quotes?cue=Continued").await).len(),
        2
    );
    assert_eq!(
        speakers(&app.get("/api/quotes?q=fascism").await),
        ["Wills Rangel"]
    );
    assert_eq!(
        speakers(&app.get("/api/quotes?q=triumph&speaker=Torrealba").await).len(),
        0
    );
    assert_eq!(
        speakers(
            &app.get("/api/quotes?from=2026-01-09&to=2026-01-09&limit=200")
                .await
        )
        .len(),
        10
    );
    assert_eq!(
        speakers(&app.get("/api/quotes?to=2025-12-31").await).len(),
        0
    );
    assert_eq!(
        speakers(&app.get("/api/quotes?origin=manual&limit=200").await).len(),
        10
    );

    // With sort=newest, full text lists every match by date (one article here: by id).
    let ids = |r: &crate::common::Reply| -> Vec<i64> {
        r.json["data"]
            .as_array()
            .expect("data")
            .iter()
            .filter_map(|q| q["id"].as_i64())
            .collect()
    };
    let mut ranked = ids(&app.get("/api/quotes?q=the&limit=200").await);
    let newest = ids(&app.get("/api/quotes?q=the&sort=newest&limit=200").await);
    assert!(newest.len() > 1, "{newest:?}");
    assert!(newest.windows(2).all(|w| w[0] > w[1]), "{newest:?}");
    ranked.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ranked, newest, "the same matches");
    let counted = app.get("/api/quotes?q=the&count=true&limit=1").await;
    assert_eq!(counted.json["total"], newest.len());
    let counted = app
        .get("/api/quotes?q=the&kind=direct&count=true&limit=1")
        .await;
    let direct = ids(&app.get("/api/quotes?q=the&kind=direct&limit=200").await);
    assert_eq!(counted.json["total"], direct.len());
    app.get("/api/quotes?sort=relevance").await.problem(400);

    app.get("/api/quotes?kind=shouted").await.problem(400);
    app.get("/api/quotes?article=abc").await.problem(400);
    app.get("/api/quotes?from=01/09/2026").await.problem(400);
    app.get("/api/quotes?q=%22%22").await.problem(400);
    app.get("/api/quotes?speeker=x").await.problem(400);
}

#[tokio::test]
async fn one_quote_by_id_with_its_speaker_role_and_cue() {
    let app = TestApp::new().await;
    app.create_seed().await;
    let list = app.get("/api/quotes?speaker=Rangel").await;
    let qid = list.json["data"][0]["id"].as_i64().expect("id");
    let q = app.get(&format!("/api/quotes/{qid}")).await;
    assert_eq!(q.status, StatusCode::OK);
    assert_eq!(q.json["speaker"], "Wills Rangel");
    assert_eq!(q.json["role"], "president of the CBST-CPP");
    assert_eq!(q.json["cue"]["text"], "shared");
    assert_eq!(q.json["speaker_mention"]["text"], "Wills Rangel");
    assert_eq!(q.json["kind"], "direct");
    app.get("/api/quotes/999999").await.problem(404);
}

#[tokio::test]
async fn manual_corrections_create_patch_and_delete() {
    let app = TestApp::new().await;
    let body =
        "The mayor said the bridge would reopen. \u{201c}We are ready,\u{201d} Ana Ruiz said.";
    let created = app
        .create(json!({"body": body, "annotations": {"quotes": [], "entities": []}}))
        .await;
    let aid = created["id"].as_i64().expect("id");
    let chars: Vec<char> = body.chars().collect();
    let at = |needle: &str| -> usize {
        let n: Vec<char> = needle.chars().collect();
        chars
            .windows(n.len())
            .position(|w| w == n.as_slice())
            .expect("needle")
    };
    let s = at("We are ready");
    let r = app
        .post(
            "/api/quotes",
            json!({"article_id": aid, "start": s, "end": s + 12, "speaker": "Ana Ruiz",
                   "speaker_mention": {"start": at("Ana Ruiz"), "end": at("Ana Ruiz") + 8},
                   "cue": {"start": at("said."), "end": at("said.") + 4, "text": "said"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let qid = r.json["id"].as_i64().expect("id");
    assert_eq!(r.header("location"), Some(format!("/api/quotes/{qid}")));
    assert_eq!(r.json["text"], "We are ready");
    assert_eq!(r.json["origin"], "manual");
    assert_eq!(r.json["speaker_mention"]["text"], "Ana Ruiz");
    let speaker_id = r.json["speaker_id"]
        .as_i64()
        .expect("speaker linked to an entity");
    let said = app.get(&format!("/api/entities/{speaker_id}/quotes")).await;
    assert_eq!(said.json["data"][0]["id"], qid);

    // Spans are checked against the body.
    let bad = app
        .post(
            "/api/quotes",
            json!({"article_id": aid, "start": 0, "end": 4, "text": "Nope"}),
        )
        .await;
    assert_eq!(bad.problem(422)["parameter"], "text");
    let bad = app
        .post(
            "/api/quotes",
            json!({"article_id": aid, "start": 5, "end": 500}),
        )
        .await;
    bad.problem(422);
    let bad = app
        .post(
            "/api/quotes",
            json!({"article_id": 4242, "start": 0, "end": 1}),
        )
        .await;
    assert_eq!(bad.problem(422)["parameter"], "article_id");

    let r = app
        .patch(
            &format!("/api/quotes/{qid}"),
            json!({"kind": "mixed", "role": "mayor", "cue": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(
        (r.json["kind"].as_str(), r.json["role"].as_str()),
        (Some("mixed"), Some("mayor"))
    );
    assert!(r.json["cue"].is_null());
    assert_eq!(r.json["speaker"], "Ana Ruiz", "untouched fields stay");
    let r = app
        .patch(&format!("/api/quotes/{qid}"), json!({"start": 0, "end": 9}))
        .await;
    assert_eq!(r.json["text"], "The mayor");
    app.patch(&format!("/api/quotes/{qid}"), json!({"start": 3}))
        .await
        .problem(422);
    app.patch(
        &format!("/api/quotes/{qid}"),
        json!({"speaker_mention": {"start": 0, "end": 3, "text": "Bad"}}),
    )
    .await
    .problem(422);
    app.patch("/api/quotes/999", json!({"role": "x"}))
        .await
        .problem(404);

    assert_eq!(
        app.delete(&format!("/api/quotes/{qid}")).await.status,
        StatusCode::NO_CONTENT
    );
    app.get(&format!("/api/quotes/{qid}")).await.problem(404);
    app.delete(&format!("/api/quotes/{qid}")).await.problem(404);
}

#[tokio::test]
async fn corrected_quotes_survive_a_body_edit_that_reannotates() {
    let app = TestApp::new().await;
    let body = "\u{201c}Prices will fall,\u{201d} Maria Lopez said on Monday.";
    let created = app.create(json!({"body": body})).await;
    let aid = created["id"].as_i64().expect("id");
    let manual = app
        .post(
            "/api/quotes",
            json!({"article_id": aid, "start": 1, "end": 17, "speaker": "Maria Lopez"}),
        )
        .await;
    assert_eq!(manual.status, StatusCode::CREATED, "{}", manual.json);
    let edited = format!("Breaking. {body}");
    let r = app
        .patch(&format!("/api/articles/{aid}"), json!({"body": edited}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let kept: Vec<_> = r.json["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .filter(|q| q["origin"] == "manual")
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0]["start"], 11, "moved with the text");
    assert_eq!(kept[0]["text"], "Prices will fall");
}

/// An article's stored counts, checked against the quotes and entities it lists.
async fn counts(app: &TestApp, aid: i64) -> (i64, i64) {
    let a = app.get(&format!("/api/articles/{aid}")).await;
    let listed = |key: &str| a.json[key].as_array().map_or(0, |v| v.len()) as i64;
    let stored = (
        a.json["quote_count"].as_i64().expect("quote_count"),
        a.json["entity_count"].as_i64().expect("entity_count"),
    );
    assert_eq!(stored, (listed("quotes"), listed("entities")), "{}", a.json);
    let page = app.get("/api/articles?limit=100").await;
    let row = page.json["data"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == aid))
        .expect("listed");
    assert_eq!(
        (row["quote_count"].as_i64(), row["entity_count"].as_i64()),
        (Some(stored.0), Some(stored.1)),
        "the list shows the same counts"
    );
    stored
}

#[tokio::test]
async fn article_counts_follow_every_change_to_its_quotes_and_entities() {
    let app = TestApp::new().await;
    let body = "\u{201c}Prices will fall,\u{201d} Maria Lopez said in Madrid on Monday. \
                Officials at Banco Central declined to comment.";
    let aid = app.create(json!({"body": body})).await["id"]
        .as_i64()
        .expect("id");
    let (quotes, entities) = counts(&app, aid).await;
    assert!(
        quotes >= 1 && entities >= 2,
        "annotated: {quotes} quotes, {entities} entities"
    );

    let sentence = "Officials at Banco Central declined to comment";
    let start = body[..body.find(sentence).expect("sentence")]
        .chars()
        .count();
    let end = start + sentence.chars().count();
    let manual = app
        .post(
            "/api/quotes",
            json!({"article_id": aid, "start": start, "end": end}),
        )
        .await;
    assert_eq!(manual.status, StatusCode::CREATED, "{}", manual.json);
    assert_eq!(counts(&app, aid).await.0, quotes + 1);

    let qid = manual.json["id"].as_i64().expect("id");
    app.delete(&format!("/api/quotes/{qid}")).await;
    assert_eq!(counts(&app, aid).await.0, quotes);

    // A new body re-annotates: both counts follow the new text.
    let r = app
        .patch(
            &format!("/api/articles/{aid}"),
            json!({"body": "Nothing was said in Lisbon."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let (quotes, entities) = counts(&app, aid).await;
    assert_eq!(quotes, 0);
    assert!(entities >= 1, "Lisbon");
}
