//! `GET /api/articles/{id}/annotations`: plain JSON by default, W3C Web Annotation
//! JSON-LD when asked, checked against the model's required fields.

use crate::common::{slice, TestApp};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};

const BODY: &str = "Em Lisboa, \u{201c}a greve \u{e9} justa \u{1f4aa},\u{201d} disse Jos\u{e9} Ant\u{f3}nio Silva \
    aos jornalistas, segundo a Confedera\u{e7}\u{e3}o.";

/// The article above, its annotations supplied with code-point offsets.
async fn seeded(app: &TestApp) -> (i64, Value) {
    let chars: Vec<char> = BODY.chars().collect();
    let find = |needle: &str| {
        let n: Vec<char> = needle.chars().collect();
        let start = (0..chars.len())
            .find(|&i| chars[i..].starts_with(&n))
            .expect("in body");
        (start, start + n.len())
    };
    let (qs, qe) = find("a greve \u{e9} justa \u{1f4aa}");
    let (ss, se) = find("Jos\u{e9} Ant\u{f3}nio Silva");
    let (ls, le) = find("Lisboa");
    let (cs, ce) = find("disse");
    let article = app
        .create(json!({
            "body": BODY,
            "title": "Greve",
            "url": "https://news.example/greve",
            "annotations": {
                "quotes": [{"kind": "direct", "start": qs, "end": qe, "text": slice(BODY, qs, qe, "codepoint"),
                            "speaker": "Jos\u{e9} Ant\u{f3}nio Silva",
                            "speaker_mention": {"start": ss, "end": se, "text": slice(BODY, ss, se, "codepoint")},
                            "cue": {"start": cs, "end": ce, "text": "disse"}}],
                "entities": [
                    {"kind": "person", "name": "Jos\u{e9} Ant\u{f3}nio Silva", "mentions": [{"start": ss, "end": se, "text": slice(BODY, ss, se, "codepoint")}]},
                    {"kind": "location", "name": "Lisboa", "mentions": [{"start": ls, "end": le, "text": "Lisboa"}]}
                ]
            }
        }))
        .await;
    (article["id"].as_i64().expect("id"), article)
}

fn get_with_accept(uri: &str, accept: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .header(header::ACCEPT, accept)
        .header(header::HOST, "localhost:8080")
        .body(Body::empty())
        .expect("request")
}

/// The checks of the Web Annotation Data Model that apply to what we emit.
fn check_collection(c: &Value, body: &str, source: &str) {
    assert_eq!(c["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(c["type"], "AnnotationCollection");
    let id = c["id"].as_str().expect("collection id");
    let page = &c["first"];
    assert_eq!(page["type"], "AnnotationPage");
    assert_eq!(page["partOf"], id);
    assert!(page["id"].is_string());
    assert_eq!(page["startIndex"], 0);
    let items = page["items"].as_array().expect("items");
    assert_eq!(c["total"], items.len());
    let mut ids = std::collections::HashSet::new();
    for a in items {
        assert_eq!(a["type"], "Annotation", "{a}");
        let aid = a["id"].as_str().expect("annotation id");
        assert!(aid.starts_with(id), "{aid}");
        assert!(ids.insert(aid.to_string()), "ids are unique: {aid}");
        assert!(
            a.get("@context").is_none(),
            "the collection's context applies"
        );
        assert!(
            ["describing", "identifying"].contains(&a["motivation"].as_str().expect("motivation"))
        );
        for b in a["body"].as_array().expect("bodies") {
            let purpose = b["purpose"].as_str().expect("purpose");
            assert!(
                ["describing", "tagging", "identifying"].contains(&purpose),
                "{b}"
            );
            match b["type"].as_str() {
                Some("TextualBody") => assert!(b["value"].is_string(), "{b}"),
                Some("SpecificResource") => assert!(b["source"].is_string(), "{b}"),
                other => panic!("body type {other:?}"),
            }
        }
        let target = &a["target"];
        assert_eq!(target["source"], source);
        let selectors = target["selector"].as_array().expect("selectors");
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .expect("a position selector");
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("a quote selector");
        let start = position["start"].as_u64().expect("start") as usize;
        let end = position["end"].as_u64().expect("end") as usize;
        assert!(start <= end);
        // The model counts code points: the exact text is that slice of the body.
        assert_eq!(quote["exact"], slice(body, start, end, "codepoint"));
        let from = start.saturating_sub(32);
        assert_eq!(quote["prefix"], slice(body, from, start, "codepoint"));
        let n = body.chars().count();
        assert_eq!(
            quote["suffix"],
            slice(body, end, (end + 32).min(n), "codepoint")
        );
    }
}

#[tokio::test]
async fn jsonld_is_a_web_annotation_collection() {
    let app = TestApp::new().await;
    let (id, _) = seeded(&app).await;
    let uri = format!("/api/articles/{id}/annotations");
    let r = app
        .raw(get_with_accept(
            &uri,
            "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"",
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"")
    );
    check_collection(&r.json, BODY, "https://news.example/greve");
    assert_eq!(
        r.json["id"],
        format!("http://localhost:8080/api/articles/{id}/annotations")
    );
    let items = r.json["first"]["items"].as_array().expect("items");
    // One quote, two mentions.
    assert_eq!(items.len(), 3);
    let quote = &items[0];
    assert_eq!(quote["motivation"], "describing");
    let values: Vec<&str> = quote["body"]
        .as_array()
        .expect("bodies")
        .iter()
        .filter_map(|b| b["value"].as_str())
        .collect();
    assert!(values.contains(&"direct"), "{values:?}");
    assert!(values.contains(&"Jos\u{e9} Ant\u{f3}nio Silva"));
    assert!(
        values.iter().any(|v| v.contains("disse")),
        "the cue: {values:?}"
    );
    assert_eq!(
        quote["target"]["selector"][1]["exact"],
        "a greve \u{e9} justa \u{1f4aa}"
    );
    let place = items
        .iter()
        .find(|a| a["target"]["selector"][1]["exact"] == "Lisboa")
        .expect("the Lisboa mention");
    assert_eq!(place["motivation"], "identifying");
    assert_eq!(place["body"][0]["value"], "location");
    assert_eq!(place["body"][0]["purpose"], "tagging");

    // `format=jsonld` is the same answer; `format` wins over Accept.
    let by_param = app
        .raw(get_with_accept(
            &format!("{uri}?format=jsonld"),
            "application/json",
        ))
        .await;
    assert_eq!(by_param.json, r.json);
    let plain = app
        .raw(get_with_accept(
            &format!("{uri}?format=json"),
            "application/ld+json",
        ))
        .await;
    assert!(plain.json.get("@context").is_none());
}

#[tokio::test]
async fn an_article_without_url_is_its_own_source_and_ids_are_relative_without_host() {
    let app = TestApp::new().await;
    let id = app
        .create(json!({"body": "Caf\u{e9} owners met. \u{201c}We stay open,\u{201d} said Mar\u{ed}a L\u{f3}pez."}))
        .await["id"]
        .as_i64()
        .expect("id");
    let r = app
        .get(&format!("/api/articles/{id}/annotations?format=jsonld"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let body: String = app.get(&format!("/api/articles/{id}")).await.json["body"]
        .as_str()
        .expect("body")
        .to_string();
    check_collection(&r.json, &body, &format!("/api/articles/{id}"));
    assert!(
        r.json["total"].as_u64().expect("total") > 0,
        "the engine found some"
    );
}

#[tokio::test]
async fn plain_json_is_the_default_and_takes_offsets() {
    let app = TestApp::new().await;
    let (id, article) = seeded(&app).await;
    let uri = format!("/api/articles/{id}/annotations");
    let r = app.get(&uri).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(r.json["article_id"], id);
    assert_eq!(r.json["quotes"], article["quotes"]);
    assert_eq!(r.json["entities"], article["entities"]);
    let utf16 = app.get(&format!("{uri}?offsets=utf16")).await;
    let q = &utf16.json["quotes"][0];
    let (s, e) = (
        q["start"].as_u64().expect("s") as usize,
        q["end"].as_u64().expect("e") as usize,
    );
    assert_eq!(slice(BODY, s, e, "utf16"), "a greve \u{e9} justa \u{1f4aa}");
}

#[tokio::test]
async fn mistakes_are_problems() {
    let app = TestApp::new().await;
    let (id, _) = seeded(&app).await;
    let uri = format!("/api/articles/{id}/annotations");
    app.get(&format!("{uri}?format=jsonld&offsets=utf16"))
        .await
        .problem(400);
    app.get(&format!("{uri}?format=xml")).await.problem(400);
    app.get(&format!("{uri}?limit=3")).await.problem(400);
    app.get("/api/articles/999/annotations").await.problem(404);
    app.get("/api/articles/x/annotations").await.problem(404);
}

#[tokio::test]
async fn openapi_documents_both_shapes() {
    let app = TestApp::new().await;
    let spec = app.get("/openapi.json").await.json;
    let op = &spec["paths"]["/api/articles/{id}/annotations"]["get"];
    let content = &op["responses"]["200"]["content"];
    assert!(content["application/json"].is_object(), "{op}");
    let ld = &content["application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\""];
    assert!(ld["schema"].is_object(), "{content}");
    assert!(op["responses"]["304"].is_object());
    let format = op["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == "format")
        .expect("format");
    assert_eq!(format["schema"]["enum"], json!(["json", "jsonld"]));
}
